"""The heavy steps of the window, run in a process of their own (no Qt here).

Loading and analysing a 1.3 M-triangle model spends seconds in numpy and scipy calls, some of
which hold Python's global interpreter lock for 50-80 ms at a time; on a thread of the window's
own process those calls stall the GUI thread (the heartbeat benchmark saw 136 ms). In a spawned
worker process they cannot, and Cancel can stop the work at once by ending the process.

:class:`ProcessRunner` keeps one worker process (started at the first task, reused after) and a
queue on which the task reports its progress.
"""

from __future__ import annotations

import atexit
import multiprocessing
import queue as queue_module
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core.errors import OutsoleError
from ..io.library import Library
from ..render.overlays import analysis_scene
from ..render.scene import SceneMesh
from ..workflow.design import Design

_progress_queue: Any = None
_token: int = 0


def _init(queue: Any) -> None:
    global _progress_queue
    _progress_queue = queue


def _progress(pct: int, what: str) -> None:
    if _progress_queue is not None:
        _progress_queue.put((_token, pct, what))


def _scaled(pct: int, what: str) -> None:
    """Opening's own progress, 0-100, as 0-85 of a task that then prepares the view."""
    _progress(pct * 85 // 100, what)


def _run(token: int, task: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    global _token
    _token = token
    return task(*args)


def _nothing() -> None:
    return None


def prepared(design: Design) -> Design:
    """``design`` with its results computed here, so that the window only shows them."""
    design.sizing  # noqa: B018
    try:
        design.cost  # noqa: B018
        design.quality  # noqa: B018
    except OutsoleError:
        pass  # the panels say why (an open body has no volume, so no mass and no cost)
    return design


def open_task(path: Path, library_path: Path) -> tuple[Design, SceneMesh]:
    """Open a model or project and prepare it for the view (in the worker process)."""
    with Library(library_path) as lib:
        design = prepared(Design.open(path, lib, progress=_scaled))
    _progress(90, "preparing the view")
    scene = analysis_scene(design.analysis, design.project.materials)
    _progress(100, "done")
    return design, scene


def reopen_task(design: Design, changes: dict[str, Any]) -> tuple[Design, SceneMesh]:
    """The design edited with a new reading of its file: analysed again (in the worker process)."""
    _scaled(15, "analysing the model")
    again = prepared(design.edit(**changes))
    _progress(90, "preparing the view")
    scene = analysis_scene(again.analysis, again.project.materials)
    _progress(100, "done")
    return again, scene


class ProcessRunner:
    """One spawned worker process for heavy tasks, shared by the application."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: Any = None
        self._queue: Any = None
        self._next = 0

    def _ensure(self) -> tuple[Any, Any]:
        if self._pool is None:
            ctx = multiprocessing.get_context("spawn")  # no fork of a threaded Qt process
            self._queue = ctx.Queue()
            self._pool = ctx.Pool(1, initializer=_init, initargs=(self._queue,))
        return self._pool, self._queue

    def run(
        self, task: Callable[..., Any], args: tuple[Any, ...], report: Callable[[int, str], None]
    ) -> Any:
        """Run ``task(*args)`` in the worker process, passing its progress to ``report``.

        ``report`` is also called with ``(-1, "")`` every 50 ms: a job that has been cancelled
        raises there, and the worker process is then ended at once.

        Raises
        ------
        Exception
            Whatever ``report`` or the task raised (an
            :class:`~outsole_studio.core.errors.OutsoleError` for bad input).
        """
        with self._lock:
            pool, queue = self._ensure()
            self._next += 1
            token = self._next
            result = pool.apply_async(_run, (token, task, args))
        try:
            while not result.ready():
                try:
                    got, pct, what = queue.get(timeout=0.05)
                except queue_module.Empty:
                    report(-1, "")
                    continue
                report(pct if got == token else -1, what)
        except BaseException:
            self.close()  # cancelled: stop the work where it is
            raise
        return result.get()

    def warm(self) -> None:
        """Start the worker process now, so that the first task need not wait for it to import
        the pipeline (about 2 s here); call it from a thread of its own."""
        with self._lock:
            pool, _ = self._ensure()
            result = pool.apply_async(_run, (0, _nothing, ()))
        result.wait(60)

    def close(self) -> None:
        """End the worker process (a new one starts with the next task)."""
        with self._lock:
            if self._pool is not None:
                self._pool.terminate()
                self._pool.join()
                self._queue.close()
            self._pool = self._queue = None


RUNNER = ProcessRunner()
atexit.register(RUNNER.close)
