"""What every command shares: exit codes, the one-line error report, number formatting."""

from __future__ import annotations

import traceback
from decimal import Decimal
from typing import TextIO

from ..core.cost import rupiah
from ..core.errors import OutsoleError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_ERROR = 2


def report_error(path: str | None, exc: BaseException, debug: bool, err: TextIO) -> None:
    """Print an error as one line, ``error: <file>: <message>``; a traceback only with --debug."""
    if debug:
        traceback.print_exception(exc, file=err)
    if isinstance(exc, OutsoleError):
        where = exc.path or path
        err.write(f"error: {where}: {exc.message}\n" if where else f"error: {exc.message}\n")
    else:
        err.write(
            f"error: {path}: internal error ({type(exc).__name__}: {exc}); "
            "run again with --debug and report it\n"
        )


def idr(value: Decimal) -> str:
    """Whole Rupiah with thousands separators: ``Rp 1,250,000``."""
    return f"Rp {rupiah(value):,}"


def fmt(value: float | None, unit: str, digits: int = 1) -> str:
    """A measured value with its unit, ``n/a`` when undefined."""
    return "n/a" if value is None else f"{value:,.{digits}f} {unit}"
