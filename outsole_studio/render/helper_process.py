"""Processes of their own beside the sheet's work: spawned (the same on every platform), with
their first job already given, or None where no process can be started (a daemon process, such
as the window's worker).

This module imports nothing heavy: the command line starts the sheet's helpers with it before it
reads the model, so that their imports run beside that work instead of after it.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import logging
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from types import TracebackType
from typing import Any

log = logging.getLogger(__name__)

#: What the views' jobs need (moderngl on llvmpipe), imported when the helper starts.
VIEWS_MODULES = ("outsole_studio.render.glview", "moderngl")
#: What the figures' jobs need (matplotlib's SVG through svglib into reportlab), and a first
#: small figure drawn (fonts loaded and registered: 0.06 s less on the sheet's first figure).
FIGURES_MODULES = (
    "outsole_studio.render.pdf_parts:warm_up",
    "matplotlib.backends.backend_svg",
    "svglib.svglib",
)


def started(fn: Callable[..., Any], *args: Any) -> tuple[ProcessPoolExecutor, Future[Any]] | None:
    """One spawned worker process running ``fn(*args)`` first; None (said in the log) where no
    process can be started."""
    try:
        import multiprocessing

        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        return pool, pool.submit(fn, *args)
    except Exception as exc:  # noqa: BLE001 - no process here: the caller works in this one
        log.info("no helper process here (%s)", exc)
        return None


def preload(*modules: str) -> None:
    """In a helper: import what its jobs will need before the first one comes (``module:name``:
    the module's function ``name`` is then called, a first job that loads what it uses).

    What the imports made lives as long as the helper: it is kept out of the collector's
    searches for reference cycles (each full search would go through it all again), and the
    collector is tuned as in the program (:func:`~outsole_studio.runtime.tune_collector`)."""
    from ..runtime import tune_collector

    for target in modules:
        name, _, call = target.partition(":")
        module = importlib.import_module(name)
        if call:
            getattr(module, call)()
    tune_collector()
    gc.freeze()


@dataclass(frozen=True)
class SheetProcesses:
    """The spec sheet's two helpers: one draws the views (llvmpipe holds the interpreter lock,
    so on a thread it would stop the sheet's other work), one the figures (1.4-1.9 s of
    matplotlib and svglib for a sheet). Each is None where it cannot or should not start; that
    work is then done in this process. A context manager: the helpers end on leaving."""

    views: ProcessPoolExecutor | None
    figures: ProcessPoolExecutor | None

    @classmethod
    def start(cls) -> SheetProcesses:
        """Start both now, each importing what it needs. No figures' helper where this process
        has one core's share (a batch's worker: the cores are busy with the other sheets)."""
        from ..core.geometry.chunked import workers

        views = started(preload, *VIEWS_MODULES)
        figures = started(preload, *FIGURES_MODULES) if workers() >= 2 else None
        return cls(views and views[0], figures and figures[0])

    @classmethod
    @contextlib.contextmanager
    def given_or_started(cls, given: SheetProcesses | None) -> Iterator[SheetProcesses]:
        """``given`` (its owner ends it), else helpers started now and ended on leaving."""
        if given is not None:
            yield given
            return
        with cls.start() as started_here:
            yield started_here

    def shutdown(self, wait: bool = True) -> None:
        """End the helpers (work not yet begun is dropped); ``wait`` for the work begun."""
        for pool in (self.views, self.figures):
            if pool is not None:
                pool.shutdown(wait=wait, cancel_futures=True)

    def __enter__(self) -> SheetProcesses:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.shutdown(wait=value is None)  # on an error, the one line is not kept waiting
