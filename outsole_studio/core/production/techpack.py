"""What a sole factory quotes from besides the shape: tolerances, the material specification per
body, markings moulded in, the tests by stage and the revision log.

The library keeps a compound's typical ranges; the project keeps the values specified for this
design (a nominal hardness with its tolerance, not a range), which the quality check compares
with a profile's limit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

from ..errors import OutsoleError
from .materials import HARDNESS_SCALES, Material, money_text
from .mould import MouldPlan, MouldProcess
from .sizes import Size

# -- tolerances -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tolerances:
    """Plus/minus tolerances of the moulded sole.

    Attributes
    ----------
    length_mm, width_mm, thickness_mm : float
        +/- mm on every length, width and thickness dimension.
    mass_pct : float
        +/- % on the mass per sole.
    hardness_points : float
        +/- points on the specified hardness's scale.
    source : str
        Where the figures come from (``placeholder: ...`` until the factory confirms them).
    """

    length_mm: float
    width_mm: float
    thickness_mm: float
    mass_pct: float
    hardness_points: float
    source: str = ""

    def __post_init__(self) -> None:
        for name, hi in (("length_mm", 10.0), ("width_mm", 10.0), ("thickness_mm", 5.0),
                         ("mass_pct", 50.0), ("hardness_points", 20.0)):  # fmt: skip
            value = getattr(self, name)
            if not (math.isfinite(value) and 0.0 < value <= hi):
                raise OutsoleError(
                    "tolerance {name} must be more than 0 and at most {hi}, not {value}",
                    name=name,
                    hi=f"{hi:g}",
                    value=f"{value:g}",
                )


#: Hardness +/- 3 points is the usual tech-pack figure (e.g. 65 +/- 3 Shore A). The dimensional
#: and mass figures are placeholders for the factory to confirm: moulded rubber shrinks less
#: predictably than injected thermoplastics, and foams the least predictably.
_SOURCE = "placeholder: confirm with the sole factory (hardness +/- 3: the usual tech-pack figure)"
DEFAULT_TOLERANCES: Mapping[MouldProcess, Tolerances] = {
    "rubber-compression": Tolerances(1.0, 1.0, 0.5, 5.0, 3.0, _SOURCE),
    "tpr-injection": Tolerances(0.8, 0.8, 0.3, 4.0, 3.0, _SOURCE),
    "pvc-injection": Tolerances(0.8, 0.8, 0.3, 4.0, 3.0, _SOURCE),
    "pu-pouring": Tolerances(1.0, 1.0, 0.5, 5.0, 3.0, _SOURCE),
    "eva-injection": Tolerances(1.5, 1.5, 0.8, 6.0, 3.0, _SOURCE),
}

# -- material specification -------------------------------------------------------------------


@dataclass(frozen=True)
class MaterialSpec:
    """The compound specified for one body (0-based ``body``).

    Attributes
    ----------
    hardness : float
        Nominal hardness on ``hardness_scale``.
    hardness_scale : str
        Shore A for rubber, TPR, PU; Asker C for EVA and other foams (Shore A on a foam is
        refused: the reading is unreliable).
    compound_code : str
        The supplier's compound code.
    colour : str
        Colour name, or the colour zones of a multi-colour body (``"heel: black; toe: red"``).
    colour_standard : str
        Pantone (e.g. ``19-4052 TCX``) or the factory's colour standard.
    non_marking : bool
    density_g_cm3, density_tolerance_g_cm3 : float
    hardness_tolerance : float
        +/- points on the scale (3 is the usual figure: 65 +/- 3 Shore A).
    """

    body: int
    hardness: float
    hardness_scale: str
    compound_code: str = ""
    colour: str = ""
    colour_standard: str = ""
    non_marking: bool = False
    density_g_cm3: float | None = None
    density_tolerance_g_cm3: float = 0.03
    hardness_tolerance: float = 3.0

    def __post_init__(self) -> None:
        if self.body < 0:
            raise OutsoleError("body number {value} must be 1 or more", value=self.body + 1)
        if self.hardness_scale not in HARDNESS_SCALES:
            raise OutsoleError(
                "hardness scale {value} is not one of {known}",
                value=repr(self.hardness_scale),
                known=", ".join(HARDNESS_SCALES),
            )
        if not (math.isfinite(self.hardness) and 0.0 < self.hardness <= 100.0):
            raise OutsoleError(
                "hardness must be more than 0 and at most 100, not {value}",
                value=f"{self.hardness:g}",
            )
        if not (math.isfinite(self.hardness_tolerance) and 0.0 < self.hardness_tolerance <= 20.0):
            raise OutsoleError(
                "hardness tolerance must be more than 0 and at most 20 points, not {value}",
                value=f"{self.hardness_tolerance:g}",
            )
        d, t = self.density_g_cm3, self.density_tolerance_g_cm3
        if d is not None and not (math.isfinite(d) and 0.02 <= d <= 3.0):
            raise OutsoleError("density must be 0.02 to 3 g/cm3, not {value}", value=f"{d:g}")
        if not (math.isfinite(t) and 0.0 < t <= 0.5):
            raise OutsoleError(
                "density tolerance must be more than 0 and at most 0.5 g/cm3, not {value}",
                value=f"{t:g}",
            )

    def check_against(self, material: Material) -> None:
        """Refuse a scale that does not fit the compound's family (Shore A on a foam)."""
        if material.family == "foam" and self.hardness_scale != "Asker C":
            raise OutsoleError(
                "body {body} is {name}, a foam: specify its hardness in Asker C, not {scale}",
                body=self.body + 1,
                name=material.name,
                scale=self.hardness_scale,
            )
        if material.family != "foam" and self.hardness_scale == "Asker C":
            raise OutsoleError(
                "body {body} is {name}, not a foam: specify its hardness in Shore A (or D), "
                "not Asker C",
                body=self.body + 1,
                name=material.name,
            )

    @classmethod
    def from_material(cls, body: int, material: Material) -> MaterialSpec:
        """A starting specification: the middle of the library's typical hardness range."""
        return cls(
            body=body,
            hardness=round((material.hardness_min + material.hardness_max) / 2.0),
            hardness_scale=material.hardness_scale,
            colour=material.colour,
            density_g_cm3=material.density_g_cm3,
        )


# -- markings ----------------------------------------------------------------------------------

MarkKind = Literal["logo", "size", "left-right", "origin", "brand", "other"]
MARK_KINDS: tuple[MarkKind, ...] = ("logo", "size", "left-right", "origin", "brand", "other")


@dataclass(frozen=True)
class Marking:
    """A mark moulded into the sole.

    Attributes
    ----------
    kind : MarkKind
    text : str
        What it reads (``MADE IN INDONESIA``), or the logo's name.
    position : str
        Where (``waist, centre``; ``heel, 15 mm from the edge``).
    height_mm : float
        Letter or logo height, mm.
    reads_correctly : bool
        Text reads right on the moulded part of both feet: the other foot's mould is not a mirror
        copy for it.
    """

    kind: MarkKind
    text: str
    position: str
    height_mm: float
    reads_correctly: bool = True

    def __post_init__(self) -> None:
        if self.kind not in MARK_KINDS:
            raise OutsoleError(
                "marking kind {value} is not one of {known}",
                value=repr(self.kind),
                known=", ".join(MARK_KINDS),
            )
        if not self.text.strip():
            raise OutsoleError("a marking needs its text or the logo's name")
        if not (math.isfinite(self.height_mm) and 0.5 <= self.height_mm <= 100.0):
            raise OutsoleError(
                "a marking's height must be 0.5 to 100 mm, not {value}",
                value=f"{self.height_mm:g}",
            )


# -- tests by stage ----------------------------------------------------------------------------

Stage = Literal["development", "fit", "first production", "each compound batch", "each order"]
STAGES: tuple[Stage, ...] = (
    "development", "fit", "first production", "each compound batch", "each order"
)  # fmt: skip


@dataclass(frozen=True)
class PlannedTest:
    """A test, its method and limit, and the stages it is run at.

    ``unit`` belongs to the method: abrasion by ISO 4649 is a volume loss in mm3, Grasselli
    abrasion is mm3/kgm: the two are never compared.
    """

    key: str
    label: str
    method: str
    limit: str
    unit: str
    stages: tuple[Stage, ...]

    def __post_init__(self) -> None:
        unknown = [s for s in self.stages if s not in STAGES]
        if unknown:
            raise OutsoleError(
                "test {key}: stage {value} is not one of {known}",
                key=self.key,
                value=repr(unknown[0]),
                known=", ".join(STAGES),
            )


#: The tests a sole is accepted on, with where their limits come from (REFERENCE: standards'
#: summaries; limits marked "unverified" there stay editable).
DEFAULT_TESTS: tuple[PlannedTest, ...] = (
    PlannedTest("hardness", "Hardness", "ISO 868 / ASTM D2240, 15 s", "nominal +/- tolerance",
                "", ("development", "first production", "each compound batch")),
    PlannedTest("density", "Density", "ISO 2781", "nominal +/- tolerance", "g/cm3",
                ("development", "each compound batch")),
    PlannedTest("abrasion", "Abrasion (volume loss)", "ISO 4649 method A", "<= 150", "mm3",
                ("development", "first production", "each compound batch")),
    PlannedTest("flex", "Flex, cut growth after 30,000 cycles", "ISO 17707 (outsole)",
                "<= 4", "mm", ("development", "first production")),
    PlannedTest("slip-heel", "Slip, heel forward (ceramic, NaLS)",
                "ISO 13287:2019 / SATRA TM144; EN ISO 20345:2022 SR (not the 2011 edition's "
                "SRA/SRB/SRC)", ">= 0.31", "",
                ("development", "first production")),
    PlannedTest("slip-forepart", "Slip, forepart backward (ceramic, NaLS)",
                "ISO 13287:2019 / SATRA TM144; EN ISO 20345:2022 SR (not the 2011 edition's "
                "SRA/SRB/SRC)", ">= 0.36", "",
                ("development", "first production")),
    PlannedTest("tear", "Tear strength", "ISO 34-1", ">= 8", "kN/m", ("development",)),
    PlannedTest("tensile", "Tensile strength", "ISO 37", ">= 8", "MPa", ("development",)),
    PlannedTest("bond", "Bond to the upper", "SNI 0566:2009 / brand protocol", ">= 2.5",
                "kg/cm", ("first production", "each order")),
)  # fmt: skip

# -- revisions ---------------------------------------------------------------------------------

RevisionStage = Literal["proto", "sample", "pre-production", "bulk"]
REVISION_STAGES: tuple[RevisionStage, ...] = ("proto", "sample", "pre-production", "bulk")
_LETTER = re.compile(r"^[A-Z]{1,2}\d{0,2}$")


@dataclass(frozen=True)
class Revision:
    """One entry of the revision log.

    ``content_sha256`` is the hash of the design's inputs when the revision was added (see
    :func:`content_hash`): a sheet whose design has changed since says so.
    """

    letter: str
    date: dt.date
    stage: RevisionStage
    author: str
    change: str
    content_sha256: str = ""

    def __post_init__(self) -> None:
        if not _LETTER.match(self.letter):
            raise OutsoleError(
                "revision {value} must be a letter or two, optionally with a number (A, B, AA, B2)",
                value=repr(self.letter),
            )
        if self.stage not in REVISION_STAGES:
            raise OutsoleError(
                "revision stage {value} is not one of {known}",
                value=repr(self.stage),
                known=", ".join(REVISION_STAGES),
            )
        if not self.change.strip():
            raise OutsoleError("revision {letter} needs a description of the change",
                               letter=self.letter)  # fmt: skip


def next_letter(log: tuple[Revision, ...]) -> str:
    """The letter after the log's last (A, B, ... Z, AA, AB ...); A for an empty log."""
    if not log:
        return "A"
    last = re.match(r"[A-Z]+", log[-1].letter)
    letters = last.group(0) if last else "A"
    value = 0
    for ch in letters:
        value = value * 26 + (ord(ch) - 64)
    value += 1
    out = ""
    while value:
        value, rest = divmod(value - 1, 26)
        out = chr(65 + rest) + out
    return out


def content_hash(data: Mapping[str, Any]) -> str:
    """A stable hash of a design's inputs (a project's dict less its revision log)."""
    kept = {k: v for k, v in data.items() if k not in ("revisions", "design_id")}
    text = json.dumps(kept, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def add_revision(
    log: tuple[Revision, ...],
    date: dt.date,
    stage: RevisionStage,
    author: str,
    change: str,
    content_sha256: str,
) -> tuple[Revision, ...]:
    """The log with a new revision at the end (the next letter): an explicit action only."""
    if log and date < log[-1].date:
        raise OutsoleError(
            "revision date {date} is before the last revision's ({last})",
            date=date.isoformat(),
            last=log[-1].date.isoformat(),
        )
    return (*log, Revision(next_letter(log), date, stage, author, change, content_sha256))


def revision_to_dict(r: Revision) -> dict[str, Any]:
    """Plain data for the project file."""
    out = asdict(r)
    out["date"] = r.date.isoformat()
    return out


# -- the whole, and its file form -------------------------------------------------------------


@dataclass(frozen=True)
class TechPack:
    """Everything of the tech pack a project keeps besides sizes, order and cost inputs.

    Attributes
    ----------
    design_id : str
        The design's own stable id (kept through renames and revisions).
    tolerances : Tolerances or None
        None: the mould process's defaults (:data:`DEFAULT_TOLERANCES`).
    specs : tuple of MaterialSpec
        One per specified body.
    moulds : tuple of MouldPlan
        The plans the designer set, one per body at most; a body without one is shown with
        its compound's process defaults.
    markings : tuple of Marking
    tests : tuple of PlannedTest
    revisions : tuple of Revision
    """

    design_id: str = ""
    tolerances: Tolerances | None = None
    specs: tuple[MaterialSpec, ...] = ()
    moulds: tuple[MouldPlan, ...] = ()
    markings: tuple[Marking, ...] = ()
    tests: tuple[PlannedTest, ...] = DEFAULT_TESTS
    revisions: tuple[Revision, ...] = ()

    def __post_init__(self) -> None:
        bodies = [m.body for m in self.moulds]
        if len(set(bodies)) != len(bodies):
            raise OutsoleError("a body has two mould plans")

    def plan_for(self, body: int) -> MouldPlan | None:
        """The plan the designer set for ``body`` (0-based), if any."""
        return next((m for m in self.moulds if m.body == body), None)

    def with_plan(self, plan: MouldPlan) -> TechPack:
        """The tech pack with ``plan`` replacing its body's plan (or added), in body order."""
        others = [m for m in self.moulds if m.body != plan.body]
        return replace(self, moulds=tuple(sorted([*others, plan], key=lambda m: m.body)))

    @property
    def effective_tolerances(self) -> Tolerances:
        """The tolerances set, else the defaults of the first mould's process."""
        if self.tolerances is not None:
            return self.tolerances
        return DEFAULT_TOLERANCES[(self.moulds[0] if self.moulds else MouldPlan()).process]

    def check_against(self, materials: Mapping[int, Material], run: Sequence[Size] = ()) -> None:
        """Every spec names a body that has a compound, on a scale that fits its family; the
        mould's size groups name sizes of the ``run``."""
        for plan in self.moulds:
            if plan.body not in materials:
                raise OutsoleError(
                    "a mould plan names body {body}, which has no compound", body=plan.body + 1
                )
            if run:
                plan.moulds(run)
        for spec in self.specs:
            material = materials.get(spec.body)
            if material is None:
                raise OutsoleError(
                    "a material specification names body {body}, which has no compound",
                    body=spec.body + 1,
                )
            spec.check_against(material)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the project file and the sheet's JSON."""
        return {
            "design_id": self.design_id,
            "tolerances": None if self.tolerances is None else asdict(self.tolerances),
            "material_specs": [{**asdict(s), "body": s.body + 1} for s in self.specs],
            "moulds": [plan_dict(m) for m in self.moulds],
            "markings": [asdict(m) for m in self.markings],
            "tests": [{**asdict(t), "stages": list(t.stages)} for t in self.tests],
            "revisions": [revision_to_dict(r) for r in self.revisions],
        }


def revised(
    techpack: TechPack,
    project_data: Mapping[str, Any],
    date: dt.date,
    stage: RevisionStage,
    author: str,
    change: str,
) -> TechPack:
    """The tech pack with a revision added for the project's current inputs."""
    log = add_revision(techpack.revisions, date, stage, author, change, content_hash(project_data))
    return replace(techpack, revisions=log)


def plan_dict(plan: MouldPlan) -> dict[str, Any]:
    """A mould plan as plain data (its body 1-based, as the user counts)."""
    price = plan.mould_price_idr
    return {**asdict(plan), "body": plan.body + 1,
            "size_groups": [list(g) for g in plan.size_groups],
            "mould_price_idr": None if price is None else money_text(price)}  # fmt: skip
