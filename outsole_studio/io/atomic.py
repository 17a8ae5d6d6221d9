"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Every file Outsole Studio writes goes through here, so every one gets the same treatment: a
temporary file in the target folder, flushed and fsynced, given the mode the file has (or that a
new file gets under the user's umask), renamed into place, and no temporary file left behind on
failure. A failure is reported as the project's own error, naming the file.
"""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # not on Windows: stale temporaries are then told by their age
    fcntl = None  # type: ignore[assignment]

from ..core.errors import OutsoleError


def _umask() -> int:
    """The process umask, read without changing it where the system allows (threads)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def _mode_for(path: Path) -> int:
    """The mode ``path`` has, or the one a newly created file would get (0666 less the umask)."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _unwritable(path: Path, exc: OSError) -> OutsoleError:
    return OutsoleError("cannot be written: {reason}", str(path), reason=exc.strerror or str(exc))


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` for writers that write by name; renamed into place.

    On leaving the block without an error the temporary file gets the target's mode, is fsynced
    and replaces ``path``; on any error it is removed and ``path`` is untouched.

    Raises
    ------
    OutsoleError
        When the folder or the file cannot be written (the OS error is the cause).
    """
    path = Path(path)
    _remove_stale(path)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _unwritable(path, exc) from exc
    _hold(fd)  # kept open (and locked) until the file is in place
    tmp = Path(name)
    try:
        yield tmp
        # mkstemp makes the file private (0600): give it the mode the file has, or would get.
        tmp.chmod(_mode_for(path))
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        tmp.replace(path)
    except OSError as exc:
        raise _unwritable(path, exc) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
        os.close(fd)
    _sync_folder(path.parent)


#: A temporary nobody holds is left by a killed write, once it is this old (s): younger, it may
#: be a write that has just made it and not yet taken its lock.
STALE_AFTER_S = 1.0


def _hold(fd: int) -> None:
    """Mark a temporary as being written (a lock the system drops when the writer dies)."""
    if fcntl is not None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _abandoned(tmp: Path) -> bool:
    """Whether no running write holds ``tmp`` (where locks exist; else: an hour old)."""
    age = time.time() - tmp.stat().st_mtime
    if fcntl is None:
        return age > 3600.0
    if age < STALE_AFTER_S:
        return False
    fd = os.open(tmp, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False  # a live write holds it
    finally:
        os.close(fd)
    return True


def _remove_stale(path: Path) -> None:
    """Remove what killed writes of ``path`` left behind (``.<name>.<random>.tmp``)."""
    try:
        candidates = list(path.parent.glob(f".{glob.escape(path.name)}.*.tmp"))
    except OSError:
        return
    for tmp in candidates:
        with contextlib.suppress(OSError):
            if _abandoned(tmp):
                tmp.unlink()


def _sync_folder(folder: Path) -> None:
    """Persist a rename (the directory entry) where the platform allows it."""
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`replacing`)."""
    with replacing(Path(path)) as tmp:
        tmp.write_bytes(data)


def atomic_write_text(path: Path, text: str) -> None:
    """Write UTF-8 text atomically (see :func:`replacing`)."""
    atomic_write_bytes(path, text.encode("utf-8"))


def make_folder(folder: Path, if_file: str) -> Path:
    """Create ``folder`` (and its parents) to write outputs into.

    ``if_file`` is the message when a file stands in the way (``is a file; give a folder...``).

    Raises
    ------
    OutsoleError
        When it cannot be created, or is a file.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutsoleError(if_file, str(folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutsoleError(
            "cannot be created: {reason}", str(folder), reason=exc.strerror or str(exc)
        ) from exc
    return folder
