"""Opening a design for the desktop application: a model or a project, analysed and sized.

The command line builds the same thing from its options; the window keeps a :class:`Session`
and re-costs and re-checks it (fast, pure functions) as the user edits the project.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ..core.errors import OutsoleError
from ..core.geometry.analysis import Analysis, AnalysisOptions, ground_body
from ..core.production.cost import CostSheet
from ..core.production.grading import Sizing
from ..core.production.project import Project, starting_project
from ..core.production.quality import Profile, QualityReport
from .library import Library
from .pipeline import analyze_file
from .project import PROJECT_SUFFIX, check_model, file_sha256, load_project

DEFAULT_OUTSOLE = "nr-sbr"
DEFAULT_MIDSOLE = "eva"
DEFAULT_PROFILE = "ikm-rubber"


@dataclass(frozen=True)
class Session:
    """An open design: the user's inputs and what the pipeline made of them."""

    project: Project
    project_file: Path | None
    model_file: Path
    analysis: Analysis
    sizing: Sizing
    profile: Profile
    #: The body the sole stands on (its compound is the one priced and checked first).
    ground_body: int

    @functools.cached_property
    def cost(self) -> CostSheet:
        """The cost sheet of the current inputs."""
        return self.project.costed(self.sizing)

    @functools.cached_property
    def quality(self) -> QualityReport:
        """The quality report of the current inputs."""
        return self.project.checked(self.profile, self.analysis, self.sizing, self.ground_body)


def open_session(
    path: str | Path,
    library: Library,
    progress: Callable[[int, str], None] = lambda pct, what: None,
) -> Session:
    """Load a model or a ``.outsole`` project, analyse and size it.

    Raises
    ------
    OutsoleError
        For a bad file, a project whose model is missing or changed, an unknown material.
    """
    path = Path(path)
    project: Project | None = None
    project_file: Path | None = None
    if path.suffix == PROJECT_SUFFIX:
        progress(5, "reading the project")
        project = load_project(path)
        check = check_model(project, path)
        if check.status != "ok":
            raise OutsoleError(check.message, str(check.path))
        model_file, project_file = check.path, path
    else:
        model_file = path
    progress(15, "analysing the model")
    analysis = analyze_file(model_file, _options(project))
    progress(80, "grading the sizes")
    if project is None:
        project = starting_project(
            analysis,
            str(model_file),
            file_sha256(model_file),
            library.material(DEFAULT_OUTSOLE),
            library.material(DEFAULT_MIDSOLE),
        )
        project = replace(project, quality_profile=DEFAULT_PROFILE)
    profile = library.profile(project.quality_profile or DEFAULT_PROFILE)
    sizing = project.sized(analysis)
    progress(100, "done")
    return Session(
        project, project_file, model_file, analysis, sizing, profile, ground_body(analysis)
    )


def _options(project: Project | None) -> AnalysisOptions:
    if project is None:
        return AnalysisOptions()
    return AnalysisOptions(
        units=project.units,
        flip=project.flip,
        reverse=project.reverse,
        contact_tolerance_mm=project.contact_tolerance_mm,
    )


def reopen_session(
    session: Session,
    project: Project,
    library: Library,
    progress: Callable[[int, str], None] = lambda pct, what: None,
) -> Session:
    """The session's model analysed again with the project's reading (unit, turn, heel/toe)."""
    progress(15, "analysing the model")
    analysis = analyze_file(session.model_file, _options(project))
    progress(80, "grading the sizes")
    sizing = project.sized(analysis)
    progress(100, "done")
    return replace(session, project=project, analysis=analysis, sizing=sizing,
                   ground_body=ground_body(analysis))  # fmt: skip


def with_project(session: Session, project: Project) -> Session:
    """The session with edited inputs; re-grades only when the sizes changed."""
    sizing = session.sizing
    if project.sizing_inputs != session.project.sizing_inputs:
        sizing = project.sized(session.analysis)
    return replace(session, project=project, sizing=sizing)
