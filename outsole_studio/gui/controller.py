"""The window's controller: owns the open design, runs its jobs, guards the user's work.

Every change the user makes arrives here as project changes (``edit``). A change that only
re-costs is applied at once (milliseconds); one that re-grades runs on a thread, one that
re-analyses in the worker process. The design's jobs follow Orange3's rule
(:class:`.worker.JobSlot`): a new job cancels the running one, and a late result of a cancelled
job is dropped. An edit made while a job runs is kept: when the job's result lands, the edits
made since it started are applied on top of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from ..core.errors import OutsoleError
from ..core.production.project import Project
from ..io.library import default_library_path
from ..render.scene import SceneMesh
from ..workflow.design import Design, work_for
from .tasks import RUNNER, open_task, reopen_task
from .texts import lang, tr
from .worker import JobSlot

Work = Callable[[Callable[[int, str], None]], Any]


def _changed_fields(before: Project, after: Project) -> dict[str, Any]:
    """The project fields that differ from ``before`` to ``after``, with their new values."""
    return {
        f.name: getattr(after, f.name)
        for f in fields(Project)
        if getattr(after, f.name) != getattr(before, f.name)
    }


def error_text(exc: BaseException) -> str:
    """One line for the user: where, and what is wrong, in the window's language."""
    if isinstance(exc, OutsoleError):
        where = f"{exc.path}: " if exc.path else ""
        return where + lang().message(exc.msg)
    return tr("internal error ({kind}: {detail})", kind=type(exc).__name__, detail=exc)


class Controller(QObject):
    """The open design and the jobs that compute it; signals tell the window what changed."""

    #: The design shown changed (new results, or another design).
    changed = Signal()
    #: A new model is shown (the 3D view takes the scene).
    scene_changed = Signal(object)
    #: A file was opened (its path).
    opened = Signal(object)
    #: Something could not be done: one line for a dialog, and details (a traceback) if any.
    failed = Signal(str, str)

    def __init__(self, library_path: Path | None = None) -> None:
        super().__init__()
        self.library_path = library_path
        self.design: Design | None = None
        self.scene: SceneMesh | None = None
        self.dirty = False
        #: The design's jobs: opening, re-grading, re-analysing (one at a time).
        self.jobs = JobSlot()

    def start(self, work: Work, done: Callable[[Any], None], what: str) -> int:
        """Run one of the design's jobs (cancelling the running one)."""
        return self.jobs.start(work, done, self._job_failed, what)

    def _job_failed(self, exc: BaseException, details: str) -> None:
        self.failed.emit(error_text(exc), details)

    # -- opening --------------------------------------------------------------------------------

    def _library(self) -> Path:
        # Resolved here: the worker process may have been started under other settings.
        return Path(self.library_path or default_library_path())

    def open(self, path: Path) -> None:
        """Open a model or project in the worker process; the open design stays until then."""
        library = self._library()

        def work(progress: Callable[[int, str], None]) -> tuple[Design, SceneMesh]:
            result: tuple[Design, SceneMesh] = RUNNER.run(open_task, (path, library), progress)
            return result

        self.start(work, self._opened, tr("Opening {name}", name=path.name))

    def _opened(self, result: tuple[Design, SceneMesh]) -> None:
        self.design, self.scene = result
        self.dirty = False
        self.opened.emit(self.design.project_file or self.design.model_file)
        self.scene_changed.emit(self.scene)
        self.changed.emit()

    # -- editing --------------------------------------------------------------------------------

    def edit(self, changes: Mapping[str, Any]) -> bool:
        """Apply project changes (and ``profile``): at once when they only re-cost, else in a
        job. Returns False when the inputs were refused (the reason goes to ``failed``)."""
        design = self.design
        if design is None or not changes:
            return False
        changes = dict(changes)
        work = work_for(changes)
        if work == "cost":
            try:
                edited = design.edit(**changes)
                edited.cost  # noqa: B018 - inputs the cost model cannot take are refused here
            except OutsoleError as exc:
                self.failed.emit(error_text(exc), "")
                self.changed.emit()  # the panels show the inputs as they were
                return False
            self.design, self.dirty = edited, True
            self.changed.emit()
            return True
        self._edit_in_background(design, changes, work)
        return True

    def _edit_in_background(self, design: Design, changes: dict[str, Any], work: str) -> None:
        """Re-grade on a thread, or re-analyse in the worker process, from ``design``."""

        def job(progress: Callable[[int, str], None]) -> tuple[Design, SceneMesh | None]:
            if work == "analysis":
                result: tuple[Design, SceneMesh] = RUNNER.run(
                    reopen_task, (design, changes), progress
                )
                return result
            edited = design.edit(**changes)
            edited.cost  # noqa: B018 - computed here, off the GUI thread
            return edited, None

        what = tr("Analysing the model again") if work == "analysis" else tr("Grading the sizes")
        self.start(job, lambda result: self._edited(design, result), what)

    def _edited(self, started_from: Design, result: tuple[Design, SceneMesh | None]) -> None:
        edited, scene = result
        current = self.design
        if current is not None and current is not started_from:
            # Edits made while the job ran (a price, a margin) are not lost: applied on top.
            since = _changed_fields(started_from.project, current.project)
            profile = current.profile if current.profile is not started_from.profile else None
            if since or profile is not None:
                try:
                    edited = edited.edit(profile=profile, **since)
                    edited.cost  # noqa: B018
                except OutsoleError as exc:
                    self.failed.emit(error_text(exc), "")
        self.design, self.dirty = edited, True
        if scene is not None:
            self.scene = scene
            self.scene_changed.emit(scene)
        self.changed.emit()

    # -- saving and exporting ---------------------------------------------------------------------

    def save_to(self, path: Path) -> bool:
        """Save the project to ``path`` (atomically); False with the reason sent on failure."""
        if self.design is None:
            return False
        try:
            self.design = self.design.saved(path)
        except OutsoleError as exc:
            self.failed.emit(error_text(exc), "")
            return False
        self.dirty = False
        self.opened.emit(path)
        self.changed.emit()
        return True

    def export(
        self,
        slot: JobSlot,
        folder: Path,
        done: Callable[[Any], None],
        language: str | None = None,
        issued: dt.date | None = None,
    ) -> None:
        """Write the spec sheet of the design as it is now into ``folder`` (in ``language``,
        by default the window's, issued on ``issued``, by default today), as a job of ``slot``
        (an export never cancels an edit's job), from the design's cached results."""
        from ..workflow.export import export

        design, language = self.design, language or lang().lang
        if design is None:
            return

        def work(progress: Callable[[int, str], None]) -> Any:
            progress(10, "writing")
            return export(design, folder, language, issued=issued)

        slot.start(work, done, self._job_failed, tr("Exporting the spec sheet"))
