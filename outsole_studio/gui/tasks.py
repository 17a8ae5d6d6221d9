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
import contextlib
import multiprocessing
import os
import queue as queue_module
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.shared_memory import SharedMemory
from pathlib import Path
from typing import Any

from ..core.errors import OutsoleError
from ..io.library import Library
from ..render.overlays import analysis_scene
from ..render.scene import SceneMesh
from ..runtime import prefault_heap, tune_collector, tune_memory
from ..workflow.design import Design
from .transfer import Shared, share, take

_out: Any = None  # the worker's queue of messages to the window: (token, kind, payload)
_token: int = 0


def _progress(pct: int, what: str) -> None:
    if _out is not None:
        _out.put((_token, "progress", (pct, what)))


def _serve(tasks: Any, out: Any) -> None:
    """The worker process: run each task sent, answer with its result or its exception.

    A result with big arrays goes through shared memory (:mod:`.transfer`). On POSIX the block
    is closed here at once (its name keeps it until the window has taken it); elsewhere a block
    lives only while open, so it is kept until the next task comes.
    """
    global _out, _token
    _out = out
    below_the_window()
    tune_memory()  # as the command line: the analysis's big temporaries reuse warm memory
    tune_collector()
    sent: SharedMemory | None = None
    while True:
        token, task, args = tasks.get()
        _token = token
        if sent is not None:
            sent.close()
            sent = None
        try:
            result, sent = share(task(*args))
            out.put((token, "done", result))
            if sent is not None and os.name == "posix":
                sent.close()  # 100 MB not held by an idle worker
                sent = None
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the window
            out.put((token, "error", exc))


#: How much lower the worker's scheduling priority is than the window's (``nice``, POSIX).
WORKER_NICENESS = 5


def below_the_window() -> None:
    """Run this process (the window's worker) at a lower priority than the window.

    The analysis keeps both cores busy; the window's thread, drawing a progress step or the
    view (and with a software OpenGL its rasteriser's threads), then waited its turn: the
    heartbeat stalled 55-100 ms at the analysis's progress steps. Niced, the worker still has
    every core the window does not use. Where the platform has no ``nice`` (Windows) it runs as
    it is.
    """
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(WORKER_NICENESS)


def _scaled(pct: int, what: str) -> None:
    """Opening's own progress, 0-100, as 0-85 of a task that then prepares the view."""
    _progress(pct * 85 // 100, what)


#: Heap the worker touches while it waits for the first file (a 1.3 M-triangle model's analysis
#: peaks at about 450 MB; what it reuses is what it need not fault in).
WARM_HEAP_MB = 384


def _warm() -> None:
    """Make the worker ready: the pipeline imported (with this module), the heap faulted in."""
    prefault_heap(WARM_HEAP_MB)


def prepared(design: Design) -> Design:
    """``design`` with its results computed here, so that the window only shows them (the
    tech pack's parting line took 0.5 s of the GUI thread on a 1.3 M-triangle model)."""
    design.sizing  # noqa: B018
    try:
        design.cost  # noqa: B018
        design.quality  # noqa: B018
    except OutsoleError:
        pass  # the panels say why (an open body has no volume, so no mass and no cost)
    design.parting  # noqa: B018
    return design


def open_task(path: Path, library_path: Path) -> tuple[Design, SceneMesh]:
    """Open a model or project and prepare it for the view (in the worker process)."""
    with Library(library_path) as lib:
        design = Design.open(path, lib, progress=_scaled)
    return _with_scene(design)


def _with_scene(design: Design) -> tuple[Design, SceneMesh]:
    """The design's results and its scene for the view, side by side: the scene (clustering
    the stand-in, colour textures) and the parting line are numpy work that overlaps the
    grading's and the costing's Python (0.43 s one after the other on a 1.26 M-triangle model)."""
    _progress(90, "preparing the view")
    with ThreadPoolExecutor(max_workers=2) as pool:
        scene = pool.submit(analysis_scene, design.analysis, design.project.materials)
        parting = pool.submit(lambda: design.parting)
        prepared(design)  # its parting line is the thread's (one cached value)
        done = design, scene.result()
        parting.result()
    _progress(100, "done")
    return done


def reopen_task(design: Design, changes: dict[str, Any]) -> tuple[Design, SceneMesh]:
    """The design edited with a new reading of its file: analysed again (in the worker process)."""
    _scaled(15, "analysing the model")
    return _with_scene(design.edit(**changes))


class ProcessRunner:
    """One spawned worker process for heavy tasks, shared by the application.

    Tasks go to the worker on one queue; progress, results and errors come back on another,
    each tagged with its task's token. Cancelling kills the worker (a new one starts for the
    next task); a task another job's cancel took down with it is sent again to the new worker.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: Any = None
        self._tasks: Any = None
        self._out: Any = None
        self._next = 0
        # Messages read by one task's wait that belong to another task still running.
        self._inbox: dict[int, list[tuple[str, Any]]] = {}

    def _ensure(self) -> tuple[Any, Any, Any]:
        if self._proc is None:
            ctx = multiprocessing.get_context("spawn")  # no fork of a threaded Qt process
            self._tasks, self._out = ctx.Queue(), ctx.Queue()
            self._proc = ctx.Process(target=_serve, args=(self._tasks, self._out), daemon=True)
            self._proc.start()
        return self._proc, self._tasks, self._out

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
            self._next += 1
            token = self._next
            self._inbox[token] = []
            proc, tasks, out = self._ensure()
            tasks.put((token, task, args))
        try:
            while True:
                if self._proc is not proc:
                    # Another job was cancelled and ended the worker with this task in it.
                    with self._lock:
                        proc, tasks, out = self._ensure()
                        tasks.put((token, task, args))
                got = self._receive(token, out)
                if got is None:
                    if self._proc is proc and not proc.is_alive():
                        raise OutsoleError(
                            "the worker process ended unexpectedly (exit code {code}; out of "
                            "memory?)",
                            code=proc.exitcode,
                        )
                    report(-1, "")
                    continue
                kind, payload = got
                if kind == "progress":
                    report(*payload)
                elif kind == "error":
                    raise payload
                else:
                    return take(payload) if isinstance(payload, Shared) else payload
        except BaseException:
            if self._proc is proc:
                self.close()  # cancelled (or failed): stop the work where it is
            raise
        finally:
            with self._lock:
                self._inbox.pop(token, None)

    def _receive(self, token: int, out: Any) -> tuple[str, Any] | None:
        """This task's next message, or None after 50 ms without one. A message for another
        running task is kept for it; one for a task that has ended is dropped."""
        with self._lock:
            box = self._inbox.get(token)
            if box:
                return box.pop(0)
        try:
            got, kind, payload = out.get(timeout=0.05)
        except (queue_module.Empty, ValueError, OSError):  # closed by a cancel: see run
            return None
        if got == token:
            return kind, payload
        with self._lock:
            if got in self._inbox:
                self._inbox[got].append((kind, payload))
        return None

    def warm(self) -> None:
        """Start the worker process now, so that the first task need not wait for it to import
        the pipeline (about 2 s here); call it from a thread of its own."""
        self.run(_warm, (), lambda pct, what: None)

    def close(self) -> None:
        """End the worker process (a new one starts with the next task)."""
        with self._lock:
            if self._proc is not None:
                self._proc.kill()
                self._proc.join(5)
                for q in (self._tasks, self._out):
                    q.cancel_join_thread()  # what is left in a pipe nobody reads is dropped
                    q.close()
            self._proc = self._tasks = self._out = None


RUNNER = ProcessRunner()
atexit.register(RUNNER.close)
