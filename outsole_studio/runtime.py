"""Process-wide set-up shared by the command line and the desktop faces."""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

# mallopt parameters (glibc malloc.h)
_M_TRIM_THRESHOLD = -1
_M_TOP_PAD = -2
_M_MMAP_THRESHOLD = -3

_tuned = False


def tune_memory() -> bool:
    """Let glibc keep and reuse the large blocks numpy frees, instead of unmapping them.

    The analysis of a million-triangle sole makes many short-lived arrays of 10-30 MB. By
    default glibc maps each one fresh and unmaps it when freed, so every new array pays page
    faults on all its pages; keeping them on the heap makes the next array reuse warm memory.
    Measured on a 1.2 M-triangle STL: ``analyze`` 10-15 % faster. A no-op off glibc.

    Returns
    -------
    bool
        True when the allocator was tuned (now or earlier).
    """
    global _tuned
    if _tuned:
        return True
    if not sys.platform.startswith("linux"):
        return False
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False  # not glibc (musl has no mallopt)
    ok = all(
        mallopt(param, value) == 1
        for param, value in (
            (_M_MMAP_THRESHOLD, 32 << 20),  # glibc's maximum: arrays up to 32 MB on the heap
            (_M_TRIM_THRESHOLD, 512 << 20),  # give memory back only past 512 MB free
            (_M_TOP_PAD, 64 << 20),
        )
    )
    _tuned = ok
    return ok


def prefault_heap(megabytes: int) -> None:
    """Touch ``megabytes`` of heap once and give it back to the allocator, which keeps it.

    A fresh process pays a page fault for every page its first big analysis touches (0.3-0.5 s
    for a 1.3 M-triangle model on the development machine); the window's worker process does
    this while it waits for the first file, so that the opening itself reuses warm memory.
    Only worth it after :func:`tune_memory` (otherwise glibc returns the memory at once).
    """
    import numpy as np

    block = 16 << 20  # under the 32 MB mmap threshold: heap memory, kept when freed
    blocks = [np.ones(block // 8) for _ in range(max(0, megabytes) * (1 << 20) // block)]
    del blocks
