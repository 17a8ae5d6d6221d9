"""The design a face works on: opened once, edited through one ``edit``, results cached.

A :class:`Design` is immutable: an edit returns a new one. It knows what each change
invalidates (:func:`work_for`): the file's reading re-analyses the model, the sizes re-grade it,
everything else only re-costs and re-checks. Cost, quality and masses are computed at most once
per design (cached properties), so the command line, the window and the exporters read the same
figures without computing them again.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from ..core.errors import OutsoleError
from ..core.geometry.analysis import Analysis, AnalysisOptions
from ..core.geometry.drawing import ShoeDrawing, shoe_drawing
from ..core.geometry.parting import PartingLine, suggest_parting_line
from ..core.messages import Message
from ..core.production.cost import body_masses_g, cost_sheet, sole_masses_g
from ..core.production.costsheet import CostSheet
from ..core.production.graded import Foot, Sizing
from ..core.production.grading import model_foot
from ..core.production.mould import (
    CavityRow,
    MouldPlan,
    blank_weights_g,
    cavity_table,
)
from ..core.production.project import Project, starting_project, with_model
from ..core.production.quality import check_quality
from ..core.production.requirements import DEFAULT_PROFILE as PRESET_DEFAULT_PROFILE
from ..core.production.requirements import Profile, QualityReport
from ..core.production.sizes import Size
from ..core.production.spec import SpecSheet, assemble_spec
from ..core.production.techpack import Revision, RevisionStage, revised
from ..core.production.techpack_file import with_sections
from ..io import tomlfile
from ..io.library import Library
from ..io.pipeline import analyze_file
from ..io.project import (
    PROJECT_SUFFIX,
    check_model,
    file_sha256,
    load_project,
    resolve_model_path,
    save_project,
)

#: The compounds and requirement profile a bare model starts with (presets of the library).
DEFAULT_OUTSOLE = "nr-sbr"
DEFAULT_MIDSOLE = "eva"
DEFAULT_PROFILE = PRESET_DEFAULT_PROFILE

#: Project fields that decide how the model file is read: a change re-analyses the model.
READING_FIELDS = frozenset(
    {"units", "flip", "reverse", "contact_tolerance_mm", "yaw_deg", "up_axis"}
)
#: Project fields the grading depends on: a change re-grades.
SIZING_FIELDS = frozenset({"size_run", "nominal", "foot", "grading", "size_settings"})
_PROJECT_FIELDS = frozenset(f.name for f in fields(Project))
#: The cached results of a design (see :meth:`Design._share`).
_RESULTS = ("sizing", "cost", "masses_g", "quality", "parting", "drawing")

Work = Literal["analysis", "grading", "cost"]
Progress = Callable[[int, str], None]


def _quiet(pct: int, what: str) -> None:
    """Progress nobody listens to."""


def work_for(changes: Mapping[str, object]) -> Work:
    """The heaviest step a set of project changes needs: re-analyse, re-grade or re-cost."""
    if READING_FIELDS & changes.keys():
        return "analysis"
    if SIZING_FIELDS & changes.keys():
        return "grading"
    return "cost"


@dataclass(frozen=True, eq=False)
class Design:
    """An open design: the user's inputs and what the pipeline made of them.

    Attributes
    ----------
    project : Project
        The inputs (what is saved).
    project_file : Path or None
        Where the project was opened from or last saved; None for a bare model.
    model_file : Path
        The model the analysis was made from.
    analysis : Analysis
        The model in the canonical frame (mm).
    profile : Profile
        The requirement profile the design is checked against.
    """

    project: Project
    project_file: Path | None
    model_file: Path
    analysis: Analysis
    profile: Profile

    # -- opening --------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path,
        library: Library,
        reading: Mapping[str, Any] | None = None,
        accept_changed_model: bool = False,
        warn: Callable[[Path, Message], None] | None = None,
        progress: Progress = _quiet,
    ) -> Design:
        """Open a model file or a ``.outsole`` project, analyse the model and size it.

        Parameters
        ----------
        reading : mapping, optional
            Overrides of how the file is read (``units``, ``flip``, ``reverse``), applied before
            the analysis.
        accept_changed_model : bool
            Use a project's model file even if it changed since the project was saved (``warn``
            is told); a missing model is always an error.

        Raises
        ------
        OutsoleError
            For a bad file, a project whose model is missing or changed, an unknown material or
            profile.
        """
        path = Path(path)
        project: Project | None = None
        project_file: Path | None = None
        model_file = path
        if path.suffix == PROJECT_SUFFIX:
            progress(5, "reading the project")
            project = load_project(path)
            check = check_model(project, path)
            if check.status == "missing" or (check.status != "ok" and not accept_changed_model):
                raise OutsoleError(check.message, str(check.path))
            if check.status != "ok" and warn is not None:
                warn(check.path, check.message)
            model_file, project_file = check.path, path
        changes = {k: v for k, v in (reading or {}).items() if v is not None}
        unknown = set(changes) - READING_FIELDS
        if unknown:
            raise ValueError(f"not a reading of the model: {sorted(unknown)}")
        options = replace(project.analysis_options if project else AnalysisOptions(), **changes)
        progress(15, "analysing the model")
        with ThreadPoolExecutor(max_workers=1) as pool:
            # A new model's fingerprint is read beside the analysis (hashlib lets go of the
            # GIL): 0.07 s of a 64 MB STL off the opening's path.
            digest = pool.submit(file_sha256, model_file) if project is None else None
            analysis = analyze_file(model_file, options)
            sha256 = digest.result() if digest is not None else ""
        progress(80, "grading the sizes")
        if project is None:
            project = starting_project(
                analysis,
                str(model_file),
                sha256,
                library.material(DEFAULT_OUTSOLE),
                library.material(DEFAULT_MIDSOLE),
            )
            project = replace(project, quality_profile=DEFAULT_PROFILE)
        project = replace(project, **changes)
        profile = library.profile(project.quality_profile or DEFAULT_PROFILE)
        design = cls(project, project_file, model_file, analysis, profile)
        progress(100, "done")
        return design

    # -- editing --------------------------------------------------------------------------------

    def edit(self, profile: Profile | None = None, **changes: Any) -> Design:
        """The design with some project fields changed (and/or another requirement profile).

        Decides in one place what the change needs: a new reading of the file re-analyses the
        model, new sizes re-grade it, anything else keeps both. A new size run keeps the order
        lines still in it unless ``order`` is given too (:meth:`dropped_by`).

        Nothing is computed here beyond a new analysis when the reading changed: the grading,
        cost and quality of the new design are computed when first read (a face that refuses
        inputs the cost model cannot take reads :attr:`cost` at once).
        """
        unknown = set(changes) - _PROJECT_FIELDS
        if unknown:
            raise ValueError(f"not a project field: {sorted(unknown)}")
        # A change to the value a field has already is none: it recomputes nothing.
        changes = {k: v for k, v in changes.items() if getattr(self.project, k) != v}
        if profile is not None and profile == self.profile:
            profile = None
        if not changes and profile is None:
            return self
        if "size_run" in changes and "order" not in changes:
            kept, _ = self.project.order_in(changes["size_run"])
            changes["order"] = kept
        tp = changes.get("techpack", self.project.techpack)
        if "size_run" in changes and tp.moulds:
            # Size groups keep the sizes still in the run, as the order keeps its lines.
            plans = tuple(m.within(changes["size_run"].sizes) for m in tp.moulds)
            if plans != tp.moulds:
                changes["techpack"] = replace(tp, moulds=plans)
        if profile is not None:
            changes["quality_profile"] = profile.key
        project = replace(self.project, **changes)
        work = work_for(changes)
        analysis = self.analysis
        if work == "analysis":
            analysis = analyze_file(self.model_file, project.analysis_options)
        design = replace(self, project=project, analysis=analysis, profile=profile or self.profile)
        if work != "analysis":
            self._share(design, ("parting",))  # it depends on the analysis alone
            if "stations" not in changes:
                self._share(design, ("drawing",))
        if work == "cost":
            self._share(design, ("sizing",))  # the grading depends on none of the changes
        return design

    def dropped_by(self, **changes: Any) -> tuple[Size, ...]:
        """The ordered sizes an edit would drop from the order (a new run without them)."""
        run = changes.get("size_run")
        if run is None or "order" in changes:
            return ()
        _, dropped = self.project.order_in(run)
        return tuple(line.size for line in dropped)

    def saved(self, path: Path) -> Design:
        """Save the project to ``path`` (atomically); the design now belongs to that file."""
        project = save_project(self.project, path, model_file=self.model_file)
        saved = replace(self, project=project, project_file=path)
        # Only where the model is stored changed: every result still holds.
        self._share(saved, _RESULTS)
        return saved

    def _share(self, other: Design, names: tuple[str, ...]) -> None:
        """Give ``other`` the results of this design it has in common (already computed)."""
        for name in names:
            if name in self.__dict__:
                other.__dict__[name] = self.__dict__[name]

    # -- results, each computed once ----------------------------------------------------------

    @functools.cached_property
    def foot(self) -> Foot | None:
        """The foot the model is for (the project's, else read from the outline): the same as
        the sizing's, known without grading the run."""
        return model_foot(self.analysis, self.project.foot)[0]

    @functools.cached_property
    def sizing(self) -> Sizing:
        """The model graded over the project's size run (computed when first read)."""
        return self.project.sized(self.analysis)

    @functools.cached_property
    def cost(self) -> CostSheet:
        """The order costed over the graded sizes."""
        return cost_sheet(self.sizing.graded, self.project.order, self.project.cost_inputs)

    @functools.cached_property
    def masses_g(self) -> dict[Size, Decimal | None]:
        """Net mass of one sole per size, g (None where a body has no material or volume)."""
        return sole_masses_g(self.sizing.graded, self.project.materials)

    @functools.cached_property
    def quality(self) -> QualityReport:
        """The design checked against its profile with its compounds and lab values."""
        return check_quality(
            self.profile,
            self.analysis,
            self.sizing.graded,
            self.project.materials,
            self.project.lab_results,
            masses_g=self.masses_g,
            specs=self.project.techpack.specs,
        )

    @functools.cached_property
    def moulds(self) -> tuple[MouldPlan, ...]:
        """A mould plan per body with a compound, in body order: the designer's, else the
        defaults of its compound's process with the body's waste as its flash (the plans the
        cost sheet is computed with)."""
        return self.project.cost_inputs.plans

    @property
    def mould(self) -> MouldPlan:
        """The outsole's plan (the body on the ground)."""
        ground = self.analysis.ground_body
        return next((m for m in self.moulds if m.body == ground), self.moulds[0])

    @functools.cached_property
    def cavities(self) -> dict[int, tuple[CavityRow, ...]]:
        """Part and cavity per graded size, by body (cavity = part x (1 + shrinkage))."""
        return {m.body: cavity_table(m, self.sizing.graded) for m in self.moulds}

    @functools.cached_property
    def body_net_g(self) -> dict[int, dict[Size, Decimal | None]]:
        """Net mass of each moulded body per size, g."""
        graded, materials = self.sizing.graded, self.project.materials
        return {m.body: body_masses_g(graded, materials, m.body) for m in self.moulds}

    @functools.cached_property
    def blanks_g(self) -> dict[int, dict[Size, Decimal | None]]:
        """Blank (charge) of each moulded body per size, g: net x (1 + flash)."""
        return {m.body: blank_weights_g(m, self.body_net_g[m.body]) for m in self.moulds}

    @functools.cached_property
    def parting(self) -> PartingLine:
        """The parting line the geometry suggests for the outsole's mould: the height of the
        outsole body's widest outline (a midsole above it has a mould of its own)."""
        a = self.analysis
        faces = a.faces[a.body_of_face == a.ground_body] if len(a.bodies) > 1 else a.faces
        return suggest_parting_line(a.vertices_mm, faces)

    @functools.cached_property
    def drawing(self) -> ShoeDrawing:
        """The dimensioned drawing: the project's stations, else the default sections."""
        return shoe_drawing(self.analysis, self.project.stations)

    def spec(self, issued: dt.date) -> SpecSheet:
        """The spec sheet of this state, dated ``issued`` (from the cached results)."""
        with ThreadPoolExecutor(max_workers=1) as pool:
            # The parting line (sorts, numpy) beside the drawing (shapely, chunked numpy).
            parting = pool.submit(lambda: self.parting)
            self.drawing  # noqa: B018
            parting.result()
        return assemble_spec(
            self.project,
            self.analysis,
            self.sizing,
            self.cost,
            self.quality,
            self.masses_g,
            self.model_file.name,
            issued,
            self.moulds,
            self.cavities,
            self.body_net_g,
            self.blanks_g,
            self.parting,
            self.drawing,
        )

    @property
    def name(self) -> str:
        """The file the design is known by: its project file, else its model file."""
        return (self.project_file or self.model_file).name


def relink(project_file: Path, model_file: Path | None = None) -> Project:
    """Point a project at its model again (moved, or changed on purpose) and save it.

    The model (the one the project names when not given) must be readable and have a body for
    every material the project gives.

    Raises
    ------
    OutsoleError
        For a model that cannot be read or has fewer bodies than the project's materials.
    """
    project = load_project(project_file)
    model = model_file or resolve_model_path(project, project_file)
    analysis = analyze_file(model, AnalysisOptions(units=project.units, relief=False))
    if len(analysis.bodies) < len(project.materials):
        raise OutsoleError(
            "has {len} bodies but the project gives materials for {len2}: is it the right model?",
            str(model),
            len=len(analysis.bodies),
            len2=len(project.materials),
        )
    relinked = with_model(project, "", file_sha256(model))
    return save_project(relinked, project_file, model_file=model)


def set_techpack(project_file: Path, techpack_file: Path) -> Project:
    """Replace the tech-pack sections a TOML file gives in a saved project, and save it."""
    project = load_project(project_file)
    try:
        techpack = with_sections(project.techpack, tomlfile.load(techpack_file))
        changed = replace(project, techpack=techpack)
    except OutsoleError as exc:
        raise exc.at(str(techpack_file)) from exc
    return save_project(changed, project_file)


def revise(
    project_file: Path, date: dt.date, stage: RevisionStage, author: str, change: str
) -> Revision:
    """Add a revision to a saved project's log (an explicit action: exports never do) and save."""
    project = load_project(project_file)
    techpack = revised(project.techpack, project.to_dict(), date, stage, author, change)
    saved = save_project(replace(project, techpack=techpack), project_file)
    return saved.techpack.revisions[-1]
