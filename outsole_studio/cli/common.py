"""What every command shares: exit codes, the language, the one-line error report, formatting.

The command line speaks the language chosen with ``--lang`` (or ``$OUTSOLE_STUDIO_LANG``):
its help, its reports and its error messages, through the same catalogue as the spec sheet.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import traceback
from collections.abc import Sequence
from decimal import Decimal
from typing import Literal, TextIO

from ..core.errors import OutsoleError
from ..core.i18n import LANGUAGES, Translator, translator
from ..core.messages import Message

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_ERROR = 2
ENV_LANG = "OUTSOLE_STUDIO_LANG"

_current: list[Translator] = [translator("en")]


def language_of(argv: Sequence[str]) -> str:
    """The language asked for: ``--lang X`` anywhere on the line, else the environment."""
    lang = os.environ.get(ENV_LANG, "en")
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    return lang if lang in LANGUAGES else "en"


def use_language(lang: str) -> Translator:
    """Speak ``lang`` from now on, argparse's own words included."""
    t = translator(lang)
    _current[0] = t
    # argparse looks its words ("usage:", "error:") up through its module-level gettext names.
    argparse._ = t  # type: ignore[attr-defined]
    argparse.ngettext = lambda one, many, n: t(one if n == 1 else many)  # type: ignore[attr-defined]
    return t


def lang() -> Translator:
    """The translator in use."""
    return _current[0]


def tr(msgid: str, **values: object) -> str:
    """``msgid`` in the language in use, its ``{fields}`` filled with ``values``."""
    text = _current[0](msgid)
    return text.format(**values) if values else text


def report_error(path: str | None, exc: BaseException, debug: bool, err: TextIO) -> None:
    """Print an error as one line, ``error: <file>: <message>``; with ``--debug`` the traceback
    first, with the original cause of the error."""
    if debug:
        traceback.print_exception(exc, file=err)
    if isinstance(exc, OutsoleError):
        where = exc.path or path
        message = lang().message(exc.msg)
        text = (
            tr("error: {where}: {message}", where=where, message=message)
            if where
            else (tr("error: {message}", message=message))
        )
        err.write(text + "\n")
    else:
        detail = tr(
            "internal error ({kind}: {detail}); run again with --debug and report it",
            kind=type(exc).__name__,
            detail=exc,
        )
        text = (
            tr("error: {where}: {message}", where=path, message=detail)
            if path
            else tr("error: {message}", message=detail)
        )
        err.write(text + "\n")


def warn(where: object, message: Message, err: TextIO) -> None:
    """Print a warning as one line."""
    err.write(
        tr("warning: {where}: {message}", where=where, message=lang().message(message)) + "\n"
    )


def idr(value: Decimal) -> str:
    """Whole Rupiah in the language in use: ``Rp 1,250,000`` / ``Rp 1.250.000``."""
    return lang().money(value)


def num(value: float | Decimal, digits: int = 1) -> str:
    """A number in the language in use, with thousands separators."""
    return lang().number(value, digits)


def short(value: float | Decimal) -> str:
    """A number with no more decimals than it needs (at most 3): ``9``, ``12,5``."""
    text = lang().number(value, 3)
    sep = lang().decimal_sep
    return text.rstrip("0").rstrip(sep) if sep in text else text


def fmt(value: float | Decimal | None, unit: str, digits: int = 1) -> str:
    """A measured value with its unit, ``n/a`` when undefined."""
    return tr("n/a") if value is None else f"{num(value, digits)} {unit}"


def yes(flag: bool) -> str:
    """``yes`` or ``no`` in the language in use."""
    return tr("yes") if flag else tr("no")


def date_option(text: str | None) -> dt.date:
    """A ``--date YYYY-MM-DD`` given on the command line; today when not given."""
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise OutsoleError(
            "--date {date} is not a date such as 2026-11-28", date=repr(text)
        ) from None


def yaw_option(text: str | None) -> float | Literal["auto"] | None:
    """``--yaw``: degrees (-180 to 180), ``auto``, or None when not given."""
    if text is None or text.strip().lower() == "auto":
        return None if text is None else "auto"
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not -180.0 <= value <= 180.0:
        raise OutsoleError("--yaw: {value} is not an angle from -180 to 180 degrees or auto",
                           value=repr(text))  # fmt: skip
    return value


def add_pose_options(p: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """``--yaw`` and ``--up``: the length axis and the vertical, set by the user."""
    from ..core.geometry.names import UP_AXES

    p.add_argument(
        "--yaw",
        metavar="DEG|auto",
        help=tr("set the length axis: degrees about the vertical from the file's X axis "
                "(-180 to 180; auto: found from the footprint)"),
    )  # fmt: skip
    p.add_argument(
        "--up",
        choices=(*UP_AXES, "auto"),
        help=tr("set the vertical: the file axis from the ground up into the sole (auto: "
                "found from the geometry)"),
    )  # fmt: skip


def add_library_option(parser: argparse.ArgumentParser) -> None:
    """``--library PATH``: use another library file than the user's."""
    parser.add_argument(
        "--library",
        metavar="PATH",
        help=tr("the library file (default: the user data folder, or $OUTSOLE_STUDIO_DATA)"),
    )
