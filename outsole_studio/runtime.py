"""Process-wide set-up shared by the command line and the desktop faces."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from typing import Any

# mallopt parameters (glibc malloc.h)
_M_TRIM_THRESHOLD = -1
_M_TOP_PAD = -2
_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8

_HUGEPAGE_ENV = "NUMPY_MADVISE_HUGEPAGE"

_tuned = False


def tune_memory(one_arena: bool = False) -> bool:
    """Let glibc keep and reuse the large blocks numpy frees, instead of unmapping them.

    The analysis of a million-triangle sole makes many short-lived arrays of 10-30 MB. By
    default glibc maps each one fresh and unmaps it when freed, so every new array pays page
    faults on all its pages; keeping them on the heap makes the next array reuse warm memory.
    Measured on a 1.2 M-triangle STL: ``analyze`` 10-15 % faster. A no-op off glibc.

    Also stops numpy advising transparent huge pages for every array of 4 MB or more (unless
    ``NUMPY_MADVISE_HUGEPAGE`` is set): under the common kernel setting (THP on "madvise", defrag
    on "madvise") each advised first touch tries to compact memory, and no huge page came of it
    (``AnonHugePages`` stayed 0 kB) while the first analysis of a 1.3 M-triangle sole took 0.3 s
    longer (2.2 s against 1.9 s; later analyses, on memory already touched, the same). Measured
    again with memory to spare, huge pages did come (``analyze --json``: page faults 170,000 ->
    45,000), but its time swung from run to run (1.31-1.69 s against 1.38-1.55 s, worse at the
    median), so the advice stays off.

    ``one_arena``: every thread allocates from the one heap (glibc's ``M_ARENA_MAX`` 1), so what
    a thread frees is reused by the others instead of kept in its own arena: for ``analyze``,
    whose peak memory is a target (a 1.3 M-triangle analysis 448 -> 420 MB; with its sections
    cut on a thread, 533 -> 443 MB). Not for the sheet: GEOS allocates many small blocks on
    several threads there, and one arena made it 0.3 s slower.

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
    _no_hugepage_advice()
    import ctypes  # here: the other commands' set-up does not need it

    try:
        # The program's own symbols: the interpreter is linked against the C library, so
        # there is no library to look for (ctypes.util.find_library runs ldconfig for it).
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False  # not glibc (musl has no mallopt)
    settings = [
        (_M_MMAP_THRESHOLD, 32 << 20),  # glibc's maximum: arrays up to 32 MB on the heap
        (_M_TRIM_THRESHOLD, 512 << 20),  # give memory back only past 512 MB free
        (_M_TOP_PAD, 64 << 20),
    ]
    if one_arena:
        settings.append((_M_ARENA_MAX, 1))
    ok = all(mallopt(param, value) == 1 for param, value in settings)
    _tuned = ok
    return ok


#: The collector's thresholds: a search of the youngest objects every 50,000 new ones, not
#: 700. The sheet of a 1.3 M-triangle sole spent 0.35-0.41 s in 650 searches, four of them
#: through every object (matplotlib's and reportlab's included), and 0.10-0.13 s in nine with
#: these. The program's memory is in numpy arrays, which hold no cycles.
GC_THRESHOLD = (50_000, 10, 10)


def one_blas_thread() -> None:
    """Let numpy's OpenBLAS use one thread, unless the user chose (``OPENBLAS_NUM_THREADS``);
    before numpy is imported, and inherited by the processes started after.

    The program's matrix products are small or skinny (``(n, 3) @ (3, 3)``) and gain nothing
    from BLAS threads, while those threads keep spinning after each product and take the
    cores from the program's own threads and helper processes: a batch worker analysing
    example files used 3.1 s of processor for 2.2 s of work (2.2 s with one thread), and two
    workers side by side took 2.7-3.1 s each instead of 2.1 s; a 1.3 M-triangle sheet 6.20 ->
    5.98 s.
    """
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def tune_collector() -> None:
    """Set the cycle collector's thresholds to :data:`GC_THRESHOLD` in this process."""
    gc.set_threshold(*GC_THRESHOLD)


def freeze_at_exit() -> None:
    """Spare this process the cycle collector's last pass as the interpreter ends (what is left
    is freed with the process): for a process that ends without returning to our code, such as
    a batch worker, which ``sys.exit`` ends once the pool is done with it.

    A spawned worker with the geometry loaded took 55-70 ms to end; the parent of a batch waits
    for that after its last file: 20 example files on two workers 2.16 -> 2.11 s (medians of
    10, interleaved), 0.13 s less processor.
    """
    import atexit

    atexit.register(gc.freeze)


#: Heap an analysis touches afresh for every byte of a binary STL once the model is read and
#: welded: a 1.3 M-triangle file (64 MB) made the command touch 290 MB more (74,000 page faults).
HEAP_PER_FILE_BYTE = 4.5

#: At most this much heap is touched ahead (MB): the peak of ``analyze`` stays under its target.
MAX_PREFAULT_MB = 384


def analysis_heap_mb(file_bytes: int) -> int:
    """The heap (MB) worth touching ahead for the analysis of a model file of ``file_bytes``:
    :data:`HEAP_PER_FILE_BYTE` of it, at most :data:`MAX_PREFAULT_MB`."""
    return int(min(MAX_PREFAULT_MB, HEAP_PER_FILE_BYTE * max(0, file_bytes) / (1 << 20)))


_PREFAULT_BLOCK = 8 << 20  # under the 32 MB mmap threshold: heap memory, kept when freed


def prefault_heap(megabytes: int, until: Callable[[], bool] | None = None) -> int:
    """Touch up to ``megabytes`` of heap once and give it back to the allocator, which keeps it;
    stop early, between blocks of 8 MB, once ``until()`` is true. Returns the megabytes touched.

    A fresh process pays a page fault for every page its first big analysis touches (0.3-0.5 s
    of processor for a 1.3 M-triangle model); done while the process has nothing else to do
    (the window's worker waiting for the first file, ``analyze`` waiting for the model read
    ahead) the analysis reuses warm memory instead. Only after :func:`tune_memory` (otherwise
    glibc returns the memory at once): does nothing before it.
    """
    if not _tuned:
        return 0
    import mmap

    import numpy as np

    blocks: list[np.ndarray[Any, Any]] = []
    while len(blocks) * _PREFAULT_BLOCK < megabytes * (1 << 20) and not (until and until()):
        block = np.empty(_PREFAULT_BLOCK, dtype=np.uint8)
        block[:: mmap.PAGESIZE] = 0  # a byte a page: the kernel clears each page it maps
        blocks.append(block)
    touched = len(blocks) * _PREFAULT_BLOCK >> 20
    del blocks
    return touched


def _no_hugepage_advice() -> None:
    """numpy's huge-page advice off, in this process and the processes it starts."""
    if _HUGEPAGE_ENV in os.environ:
        return  # the user's choice (or ours, already made)
    os.environ[_HUGEPAGE_ENV] = "0"  # read when numpy is imported
    numpy = sys.modules.get("numpy")
    if numpy is not None:  # imported already: numpy's own switch, where this numpy has it
        setter = getattr(getattr(numpy, "_core", None), "multiarray", None)
        setter = getattr(setter, "_set_madvise_hugepage", None)
        if callable(setter):
            setter(False)
