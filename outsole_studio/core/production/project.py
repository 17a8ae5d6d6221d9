"""The project: every input a user gives, as one frozen value read from and written to JSON data.

The file itself (``.outsole``, JSON) is read and written by :mod:`outsole_studio.io.project`; this
module only turns plain data into a :class:`Project` and back, and explains every problem it finds
at once, each with its place in the file (``sizes.run: ...``).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import PurePath
from typing import Any

from ..errors import OutsoleError
from ..geometry.analysis import Analysis, AnalysisOptions
from ..geometry.drawing import Station
from .costsheet import terms_dict
from .graded import DEFAULT_GRADING, Foot, GradingRule, Sizing
from .grading import size_design
from .inputs import BodyMaterial, CostInputs, OrderLine, Pricing, Process, Terms, Tooling
from .materials import Material, money_text
from .sizes import (
    DEFAULT_SIZE_SETTINGS,
    Size,
    SizeRun,
    SizeSettings,
    nominal_size,
)
from .techpack import TechPack

SCHEMA = "outsole-studio.project/1"
SCHEMA_PREFIX = "outsole-studio.project/"
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class SheetInfo:
    """What the spec sheet says about the design and the people on it."""

    design_name: str = ""
    designer: str = ""
    partner: str = ""
    revision: str = "A"
    notes: str = ""

    def __post_init__(self) -> None:
        for f in fields(self):
            try:
                check_sheet_text(f.name, getattr(self, f.name))
            except OutsoleError as exc:
                raise OutsoleError("{field}: {problem}", field=f.name, problem=exc.msg) from exc


@dataclass(frozen=True)
class Project:
    """A design's inputs: the model, how to read it, sizes, order, materials, process, tooling.

    Attributes
    ----------
    model_path : str
        As stored: relative to the project file when it was saved next to or under it.
    model_sha256 : str
        Hex digest of the model file when the project was saved.
    nominal : Size or None
        The size the model was made in; None: inferred from its length.
    foot : Foot or None
        ``right`` or ``left``: the foot the model is for; None: read from the outline.
    yaw_deg : float or None
        The length axis set by the designer (degrees, -180 to 180, about the vertical from the
        file's reference axis); None: found from the footprint.
    up_axis : str or None
        The vertical set by the designer (``+Z``...); None: found from the geometry.
    stations : tuple of Station
        Where the drawing's sections are cut; empty: the default stations.
    """

    model_path: str
    model_sha256: str
    size_run: SizeRun
    materials: tuple[BodyMaterial, ...]
    units: str | None = None
    flip: bool = False
    reverse: bool = False
    contact_tolerance_mm: float = 0.5
    nominal: Size | None = None
    foot: Foot | None = None
    size_settings: SizeSettings = DEFAULT_SIZE_SETTINGS
    grading: GradingRule = DEFAULT_GRADING
    order: tuple[OrderLine, ...] = ()
    process: Process = field(default_factory=Process)
    tooling: Tooling = field(default_factory=Tooling)
    pricing: Pricing = field(default_factory=Pricing)
    terms: Terms = field(default_factory=Terms)
    quality_profile: str = ""
    lab_results: Mapping[str, float] = field(default_factory=dict)
    sheet: SheetInfo = field(default_factory=SheetInfo)
    techpack: TechPack = field(default_factory=TechPack)
    yaw_deg: float | None = None
    up_axis: str | None = None
    stations: tuple[Station, ...] = ()

    def __post_init__(self) -> None:
        mats = {bm.body: bm.material for bm in self.materials}
        self.techpack.check_against(mats, self.size_run.sizes)

    @property
    def cost_inputs(self) -> CostInputs:
        """The cost model's inputs."""
        return CostInputs(self.materials, self.process, self.tooling, self.pricing, self.terms,
                          self.techpack.moulds)  # fmt: skip

    @property
    def sizing_inputs(self) -> tuple[object, ...]:
        """What the grading depends on: a change of any of these re-grades."""
        return (self.size_run, self.nominal, self.foot, self.grading, self.size_settings)

    def sized(self, analysis: Analysis) -> Sizing:
        """The analysed model graded over this project's size run."""
        return size_design(analysis, self.size_run, self.nominal, self.foot, self.grading,
                           self.size_settings)  # fmt: skip

    @property
    def analysis_options(self) -> AnalysisOptions:
        """How the model file is read (unit, turn, heel and toe, contact tolerance)."""
        return AnalysisOptions(
            units=self.units,
            flip=self.flip,
            reverse=self.reverse,
            contact_tolerance_mm=self.contact_tolerance_mm,
            yaw_deg=self.yaw_deg,
            up_axis=self.up_axis,
        )

    def order_in(self, run: SizeRun) -> tuple[tuple[OrderLine, ...], tuple[OrderLine, ...]]:
        """The order carried over to ``run`` (kept), and the lines it would drop.

        A line on another system's scale is converted (same last length, rounded to the new
        scale's steps); lines that land on one size are added together.
        """
        pairs: dict[Size, int] = {}
        dropped = []
        for line in self.order:
            size = line.size
            if size.system != run.system:
                size = size.to(run.system, self.size_settings).rounded()
            if size in run.sizes:
                pairs[size] = pairs.get(size, 0) + line.pairs
            else:
                dropped.append(line)
        kept = tuple(OrderLine(s, pairs[s]) for s in run.sizes if s in pairs)
        return kept, tuple(dropped)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data; money and percentages as exact strings."""
        g = self.grading
        return {
            "schema": SCHEMA,
            "model": {"path": self.model_path, "sha256": self.model_sha256},
            "reading": {
                "units": self.units,
                "flip": self.flip,
                "reverse": self.reverse,
                "contact_tolerance_mm": self.contact_tolerance_mm,
                "yaw_deg": self.yaw_deg,
                "up_axis": self.up_axis,
            },
            "drawing": {"sections": [str(st) for st in self.stations]},
            "sizes": {
                "run": self.size_run.text,
                "nominal": None if self.nominal is None else _compact(self.nominal),
                "foot": self.foot,
                "toe_allowance_mm": self.size_settings.toe_allowance_mm,
                "sole_extra_mm": self.size_settings.sole_extra_mm,
                "grading": {
                    "length_step_mm": g.length_step_mm,
                    "width_step_mm": g.width_step_mm,
                    "factors": [
                        {
                            "size": _compact(f.size),
                            "length": f.length_factor,
                            "width": f.width_factor,
                        }
                        for f in g.factors
                    ],
                },
            },
            "order": [{"size": line.size.number, "pairs": line.pairs} for line in self.order],
            "materials": [
                {
                    "body": bm.body + 1,
                    "waste_pct": money_text(bm.waste_pct),
                    "material": bm.material.to_dict(),
                }
                for bm in self.materials
            ],
            "process": {
                "kind": self.process.kind,
                "subcontract_idr_per_pair": money_text(self.process.subcontract_idr_per_pair),
                "cycle_time_s": money_text(self.process.cycle_time_s),
                "machine_rate_idr_per_hour": money_text(self.process.machine_rate_idr_per_hour),
                "pairs_per_cycle": self.process.pairs_per_cycle,
                "finishing_idr_per_pair": money_text(self.process.finishing_idr_per_pair),
                "stations": self.process.stations,
            },
            "terms": terms_dict(self.terms),
            "tooling": {
                "policy": self.tooling.policy,
                "lifetime_pairs": self.tooling.lifetime_pairs,
                "mould_idr_per_size": money_text(self.tooling.mould_idr_per_size),
                "extras": [
                    {"name": t.name, "cost_idr": money_text(t.cost_idr)}
                    for t in self.tooling.extras
                ],
            },
            "pricing": {
                "overhead_pct": money_text(self.pricing.overhead_pct),
                "margin_pct": money_text(self.pricing.margin_pct),
                "idr_per_usd": None
                if self.pricing.idr_per_usd is None
                else money_text(self.pricing.idr_per_usd),
            },
            "quality_profile": self.quality_profile,
            "lab_results": dict(sorted(self.lab_results.items())),
            "sheet": {
                "design_name": self.sheet.design_name,
                "designer": self.sheet.designer,
                "partner": self.sheet.partner,
                "revision": self.sheet.revision,
                "notes": self.sheet.notes,
            },
            "techpack": self.techpack.to_dict(),
        }


def _compact(size: Size) -> str:
    return size.label.replace(" ", "")


#: The sheet's texts: at most this many characters (notes are a paragraph, the rest a line).
SHEET_TEXT_MAX = {"notes": 4000}
SHEET_LINE_MAX = 200


def check_sheet_text(name: str, value: str) -> None:
    """A text of the sheet is of its declared length, with no control characters (a line
    break and a tab are allowed in the notes).

    Raises
    ------
    OutsoleError
        Saying which rule the text breaks.
    """
    limit = SHEET_TEXT_MAX.get(name, SHEET_LINE_MAX)
    if len(value) > limit:
        raise OutsoleError("must be at most {limit} characters, not {n}", limit=limit, n=len(value))
    allowed = "\n\t" if name == "notes" else ""
    if any((ord(c) < 32 and c not in allowed) or ord(c) == 127 for c in value):
        raise OutsoleError("must not hold control characters (such as a NUL byte)")


def with_model(project: Project, path: str, sha256: str) -> Project:
    """The same project pointing at another model file (re-linked or moved)."""
    return replace(project, model_path=path, model_sha256=sha256)


def starting_project(
    analysis: Analysis,
    model_path: str,
    model_sha256: str,
    outsole: Material,
    upper_bodies: Material,
    run: SizeRun | None = None,
    settings: SizeSettings = DEFAULT_SIZE_SETTINGS,
) -> Project:
    """A first project for a model: what a user would set up before entering their own numbers.

    The body lowest in the sole (the one on the ground) gets ``outsole``, every body above it
    ``upper_bodies`` (a midsole). Without ``run``: three EU sizes either side of the nominal size
    inferred from the length. Prices, process and tooling start at zero until the user sets them.
    """
    bodies = analysis.bodies
    lowest = analysis.ground_body
    materials = tuple(
        BodyMaterial(i, m, m.waste_pct)
        for i, m in ((i, outsole if i == lowest else upper_bodies) for i in range(len(bodies)))
    )
    nominal = nominal_size(analysis.dimensions.length_mm, "EU", settings)
    if run is None:
        run = SizeRun("EU", tuple(Size("EU", nominal.value + k) for k in range(-3, 4)))
    name = re.sub(r"[-_]+", " ", PurePath(model_path).stem).strip()
    return Project(
        model_path=model_path,
        model_sha256=model_sha256,
        size_run=run,
        materials=materials,
        size_settings=settings,
        sheet=SheetInfo(design_name=name[:1].upper() + name[1:]),
        techpack=TechPack(design_id=uuid.uuid4().hex),
    )
