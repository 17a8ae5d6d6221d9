"""Reading a text file the user gave: the project's error for a file that cannot be read."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import OutsoleError


def read_text(path: Path, encoding: str = "utf-8-sig") -> str:
    """The file's text (a byte-order mark dropped).

    Raises
    ------
    OutsoleError
        Naming the file: not UTF-8 text, or why it cannot be read (the OS error is the cause).
    """
    try:
        return Path(path).read_text(encoding=encoding)
    except UnicodeDecodeError as exc:
        raise OutsoleError("is not UTF-8 text", str(path)) from exc
    except OSError as exc:
        raise OutsoleError(
            "cannot be read: {reason}", str(path), reason=exc.strerror or str(exc)
        ) from exc
