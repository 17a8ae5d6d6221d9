"""One command over many files: worker processes, each file's result printed in the files' order.

``analyze`` and ``spec`` share it. ``--jobs N`` is the cores the command uses. Each worker
takes its share of the cores, since threads inside a worker would only compete with the other
workers.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any, TextIO, TypeVar

from .common import EXIT_ERROR, tr

J = TypeVar("J")
R = TypeVar("R")

MAX_JOBS = 64
"""Most worker processes ``--jobs`` may ask for."""


def add_jobs_option(p: Any, what: str) -> None:
    """Add ``--jobs N``; ``what`` says what the workers do (translated help)."""
    p.add_argument("--jobs", type=int, metavar="N", help=what)


def jobs_refused(args: argparse.Namespace, err: TextIO) -> int | None:
    """EXIT_ERROR with one line when ``--jobs`` is out of range, else None."""
    if args.jobs is not None and not 1 <= args.jobs <= MAX_JOBS:
        err.write(tr("error: --jobs must be 1 to {most}", most=MAX_JOBS) + "\n")
        return EXIT_ERROR
    return None


def workers(args: argparse.Namespace) -> int:
    """Cores the command may use: ``--jobs``, else the number of cores."""
    return int(args.jobs or os.cpu_count() or 1)


def in_order(fn: Callable[[J], R], jobs: list[J], count: int) -> Iterator[R]:
    """``fn(job)`` for every job, in the jobs' order, on at most ``count`` cores: here (one core,
    or one job on all ``count``), or over ``count`` processes sharing them.

    ``--jobs N`` counts cores, as make's and cargo's do: ``--jobs 1`` leaves the other cores
    free (a designer working in the window meanwhile), so one file never spreads its work over
    them. ``fn`` and the jobs must be picklable (a module-level function, frozen dataclasses).
    """
    if count <= 1 or len(jobs) <= 1:
        with on_cores(count):
            yield from (fn(job) for job in jobs)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context(_start_method())
    processes = min(count, len(jobs))
    threads = max(1, min(count, os.cpu_count() or 1) // processes)
    with ProcessPoolExecutor(max_workers=processes, mp_context=context,
                             initializer=_worker_start, initargs=(threads,)) as pool:  # fmt: skip
        yield from pool.map(fn, jobs)


def _start_method() -> str:
    """``fork`` on Linux while this process runs one thread: a worker starts as a copy of this
    process, without a new interpreter reading the program again (20 example files, two jobs:
    1.745 -> 1.690 s, medians of 8 interleaved runs). Elsewhere, or with threads (a fork copies
    only the calling one), ``spawn``."""
    import threading

    if sys.platform.startswith("linux") and threading.active_count() == 1:
        sys.stdout.flush()  # a copy of what is still buffered would be written again
        sys.stderr.flush()
        return "fork"
    return "spawn"


@contextlib.contextmanager
def on_cores(count: int) -> Iterator[None]:
    """Work done here within uses at most ``count`` cores (its chunked work's threads)."""
    if count >= (os.cpu_count() or 1):
        yield  # all of them: nothing to import or change
        return
    from ..core.geometry.chunked import cores_shared

    with cores_shared(count):
        yield


def _worker_start(threads: int) -> None:
    """A batch worker: its share of the cores, the allocator and the collector tuned as in the
    parent (and no last collection as it ends), and the geometry imported before the first
    file."""
    from ..core.geometry.chunked import share_cores
    from ..io import pipeline  # noqa: F401 - imported once, while the parent reads its files
    from ..runtime import freeze_at_exit, tune_collector, tune_memory

    tune_memory()
    tune_collector()
    freeze_at_exit()
    share_cores(threads)


class Progress:
    """``done of n`` on one line of a terminal, giving way to what is printed."""

    def __init__(
        self, err: TextIO, total: int, shown: bool, label: Callable[[int, int], str]
    ) -> None:
        self.err, self.total, self.shown, self.label = err, total, shown and total > 1, label

    def clear(self) -> None:
        """Take the line away before printing."""
        if self.shown:
            self.err.write("\r\033[K")

    def show(self, done: int) -> None:
        """Show how many are done."""
        if self.shown:
            self.err.write(self.label(done, self.total))
            self.err.flush()

    def end(self) -> None:
        """Leave the last count on its line."""
        if self.shown:
            self.err.write("\n")
