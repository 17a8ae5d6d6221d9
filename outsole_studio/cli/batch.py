"""One command over many files: worker processes, each file's result printed in the files' order.

``analyze`` and ``spec`` share it. Workers are spawned (the same on every platform, and no copy
of a parent's threads); each takes its share of the cores, since threads inside a worker would
only compete with the other workers.
"""

from __future__ import annotations

import argparse
import os
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
    """Worker processes asked for: ``--jobs``, else the number of cores."""
    return int(args.jobs or os.cpu_count() or 1)


def in_order(fn: Callable[[J], R], jobs: list[J], count: int) -> Iterator[R]:
    """``fn(job)`` for every job, in the jobs' order: here, or over ``count`` processes.

    ``fn`` and the jobs must be picklable (a module-level function, frozen dataclasses).
    """
    if count <= 1 or len(jobs) <= 1:
        yield from (fn(job) for job in jobs)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    count = min(count, len(jobs))
    threads = max(1, (os.cpu_count() or 1) // count)
    with ProcessPoolExecutor(max_workers=count, mp_context=context,
                             initializer=_worker_start, initargs=(threads,)) as pool:  # fmt: skip
        yield from pool.map(fn, jobs)


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
