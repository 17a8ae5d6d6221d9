"""The whole-process benchmarks run their commands as a user's Python does: with bytecode caches.

A sandbox or a CI runner may set ``PYTHONDONTWRITEBYTECODE``; every process then compiles the
package's modules again (0.1-0.15 s of each command here), which no user pays after the first
run. :func:`as_user` drops the variable for the commands this process starts and compiles the
package once, before anything is timed.
"""

from __future__ import annotations

import compileall
import os
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "outsole_studio"


def as_user() -> None:
    """Let this process's commands write and reuse bytecode; compile the package now."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False
    compileall.compile_dir(PACKAGE, quiet=1)
