"""TOML in and out for the library's exchange files (materials, quality profiles).

Reading is the standard library's ``tomllib``. Writing covers what the exchange files hold (a
header of scalars and arrays of tables whose values are text, numbers, booleans or lists of
text), so no third-party writer is needed; every file written reads back through ``tomllib``.
"""

from __future__ import annotations

import json
import math
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..core.errors import OutsoleError
from .textfile import read_text

_BARE_KEY = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def _key(name: str) -> str:
    return name if name and set(name) <= _BARE_KEY else _string(name)


def _string(text: str) -> str:
    # JSON string escapes are a subset of TOML basic-string escapes, except that TOML has no
    # "\/" (json.dumps never writes it) and needs DEL escaped.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"TOML cannot hold {value!r} here")
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, Sequence):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as a TOML value")


def dumps(header: Mapping[str, Any], tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> str:
    """TOML text: ``header`` scalars, then ``[[name]]`` arrays of tables (None values left out).

    ``tables`` values may also hold one level of sub-tables (``rules.lab``) as mappings.
    """
    lines = [f"{_key(k)} = {_value(v)}" for k, v in header.items() if v is not None]
    for name, items in tables.items():
        for item in items:
            lines += ["", f"[[{_key(name)}]]"]
            subtables = []
            for k, v in item.items():
                if v is None:
                    continue
                if isinstance(v, Mapping):
                    subtables.append((k, v))
                else:
                    lines.append(f"{_key(k)} = {_value(v)}")
            for k, sub in subtables:
                lines.append(f"[{_key(name)}.{_key(k)}]")
                lines += [f"{_key(sk)} = {_value(sv)}" for sk, sv in sub.items() if sv is not None]
    return "\n".join(lines) + "\n"


def load(path: Path) -> dict[str, Any]:
    """Parse a TOML file; a syntax error names the file and the line."""
    text = read_text(path, encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise OutsoleError("is not valid TOML ({exc})", str(path), exc=exc) from None
    except (RecursionError, ValueError) as exc:
        raise OutsoleError(
            "is not valid TOML for Outsole Studio (nested too deep or a number too long)",
            str(path),
        ) from exc
