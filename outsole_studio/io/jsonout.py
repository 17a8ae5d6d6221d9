"""JSON as RFC 8259 has it: no NaN or Infinity, ever.

A number that is not finite (an undefined measure of a broken model, an overflow of absurd
coordinates) is written as ``null``, and the document says which (``notes``), so a reader never
meets a token its parser refuses.
"""

from __future__ import annotations

import json
import math
from typing import Any


def finite(data: Any, where: str = "") -> tuple[Any, list[str]]:
    """``data`` with every non-finite float replaced by None, and the paths replaced."""
    if isinstance(data, float) and not math.isfinite(data):
        return None, [where or "(value)"]
    if isinstance(data, dict):
        out, paths = {}, []
        for key, value in data.items():
            out[key], found = finite(value, f"{where}.{key}" if where else str(key))
            paths += found
        return out, paths
    if isinstance(data, list | tuple):
        items, paths = [], []
        for i, value in enumerate(data):
            item, found = finite(value, f"{where}[{i}]")
            items.append(item)
            paths += found
        return items, paths
    return data, []


def dumps(data: Any, indent: int | None = None, ensure_ascii: bool = True) -> str:
    """Strict JSON of ``data``; a non-finite number is null and named in a ``notes`` list."""
    clean, paths = finite(data)
    if paths and isinstance(clean, dict):
        notes = list(clean.get("notes") or [])
        notes += [f"{p}: not a finite number for this model, written as null" for p in paths]
        clean["notes"] = notes
    return json.dumps(clean, indent=indent, ensure_ascii=ensure_ascii, allow_nan=False)
