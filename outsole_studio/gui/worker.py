"""Long work off the GUI thread: opening (loading, analysing, grading) and exporting.

A job runs in a QThread; it reports progress and its result or its error through signals, which
Qt delivers on the GUI thread. Cancel marks the job: the window ignores whatever it still
delivers, and the job stops at its next progress report (the pipeline's steps themselves are not
interruptible: the thread finishes the step it is in, then ends).
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from ..core.errors import OutsoleError


class JobCancelledError(Exception):
    """Raised inside a cancelled job at its next progress report, to end it there."""


class Job(QObject):
    """Runs ``work(progress)`` on a thread of its own."""

    progress = Signal(int, str)
    finished = Signal(object)
    failed = Signal(object, str)

    #: Jobs whose thread still runs: the window may forget a job (done, cancelled) while its
    #: thread is winding down, and a QThread destroyed while running aborts the process.
    _running: ClassVar[set[Job]] = set()

    def __init__(self, work: Callable[[Callable[[int, str], None]], Any]) -> None:
        super().__init__()
        self._work = work
        self.cancelled = threading.Event()
        #: Whether a cancelled job ended at a progress report, before its work was done.
        self.stopped_early = False
        self._thread = QThread()
        self.moveToThread(self._thread)
        self._thread.started.connect(self._run)
        self._thread.finished.connect(lambda: Job._running.discard(self))

    def start(self) -> None:
        """Start the thread."""
        Job._running.add(self)
        self._thread.start()

    def cancel(self) -> None:
        """Forget the job: nothing it delivers from now on reaches the window."""
        self.cancelled.set()

    def wait(self, ms: int = 60_000) -> bool:
        """Wait for the thread to end (tests, closing)."""
        return bool(self._thread.wait(ms))

    def _report(self, pct: int, what: str) -> None:
        """The work's progress callback; ``pct`` -1 only checks for cancellation."""
        if self.cancelled.is_set():
            raise JobCancelledError
        if pct >= 0:
            self.progress.emit(pct, what)

    @classmethod
    def wait_all(cls, ms: int = 60_000) -> bool:
        """Wait for every job's thread to end (closing the window: a QThread must not be
        destroyed while it runs)."""
        return all(job.wait(ms) for job in list(cls._running))

    def _run(self) -> None:
        try:
            result = self._work(self._report)
        except JobCancelledError:
            self.stopped_early = True
        except OutsoleError as exc:
            if not self.cancelled.is_set():
                self.failed.emit(exc, "")
        except Exception as exc:  # noqa: BLE001 - any failure becomes a dialog, not a crash
            if not self.cancelled.is_set():
                self.failed.emit(exc, traceback.format_exc())
        else:
            if not self.cancelled.is_set():
                self.finished.emit(result)
        finally:
            self._thread.quit()


class JobSlot(QObject):
    """One kind of job at a time (Orange3's rule): a new job cancels the running one, and
    every result carries the generation it was started in, so a late result is dropped.

    The job's signals come from its thread; they are received here, on the GUI thread (queued
    to this object's slots), so ``done`` and ``failed`` always run where widgets may be touched.
    """

    started = Signal(str)
    progress = Signal(int)
    ended = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.job: Job | None = None
        self.generation = 0
        #: What each job started here does when it ends: its generation, ``done``, ``failed``.
        self._ends: dict[
            Job, tuple[int, Callable[[Any], None], Callable[[BaseException, str], None]]
        ] = {}

    def start(
        self,
        work: Callable[[Callable[[int, str], None]], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException, str], None],
        what: str,
    ) -> int:
        """Run ``work`` as this slot's job, cancelling the running one; ``done`` or ``failed``
        is called on the GUI thread unless a newer job was started meanwhile."""
        self.cancel(quiet=True)
        self.generation += 1
        job = Job(work)
        self._ends[job] = (self.generation, done, failed)
        queued = Qt.ConnectionType.QueuedConnection
        job.progress.connect(self._progressed, queued)
        job.finished.connect(self._finished, queued)
        job.failed.connect(self._failed, queued)
        self.job = job
        self.started.emit(what)
        job.start()
        return self.generation

    def cancel(self, quiet: bool = False) -> bool:
        """Cancel the running job (anything it still delivers is dropped)."""
        job, self.job = self.job, None
        if job is None:
            return False
        job.cancel()
        self._ends.pop(job, None)
        self.generation += 1
        if not quiet:
            self.ended.emit()
        return True

    @Slot(int, str)
    def _progressed(self, pct: int, _what: str) -> None:
        if self.job is not None and self.sender() is self.job:
            self.progress.emit(pct)

    @Slot(object)
    def _finished(self, result: Any) -> None:
        end = self._end()
        if end is not None:
            end[1](result)

    @Slot(object, str)
    def _failed(self, exc: BaseException, details: str) -> None:
        end = self._end()
        if end is not None:
            end[2](exc, details)

    def _end(
        self,
    ) -> tuple[int, Callable[[Any], None], Callable[[BaseException, str], None]] | None:
        """What the ending job (the sender) does next; None when it is a late one to drop."""
        job = self.sender()
        end = self._ends.pop(job, None) if isinstance(job, Job) else None
        if end is None or end[0] != self.generation:
            return None  # a late result of a cancelled or replaced job
        self.job = None
        self.ended.emit()
        return end
