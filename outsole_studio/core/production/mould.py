"""The mould plan: process, cavities, size groups, shrinkage, and what the mould maker cuts.

A mould maker cuts each cavity larger than the part by the compound's shrinkage (the part shrinks
as it cools after curing), except for injected EVA, whose part expands on opening: its cavity is
the part divided by the expansion ratio. Compression moulding weighs a blank (charge) per sole:
the net mass plus the flash that is trimmed off.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from ..errors import OutsoleError
from ..messages import Message
from .graded import GradedSize
from .materials import Material
from .sizes import Size

MouldProcess = Literal[
    "rubber-compression", "tpr-injection", "pvc-injection", "pu-pouring", "eva-injection"
]
MOULD_PROCESSES: tuple[MouldProcess, ...] = (
    "rubber-compression", "tpr-injection", "pvc-injection", "pu-pouring", "eva-injection"
)  # fmt: skip
MouldMaterial = Literal["aluminium", "steel"]
MOULD_MATERIALS: tuple[MouldMaterial, ...] = ("aluminium", "steel")


@dataclass(frozen=True)
class ProcessDefaults:
    """A process's starting figures, each to be confirmed with the sole factory.

    Attributes
    ----------
    shrinkage_pct : float
        Linear shrinkage of the compound from cavity to part, %.
    flash_pct : float
        Flash, sprue/runner or overflow, % of the net mass.
    expansion_ratio : float or None
        Injected EVA: linear growth of the part on opening (cavity = part / ratio).
    mould_material : MouldMaterial
    source : str
    """

    shrinkage_pct: float
    flash_pct: float
    expansion_ratio: float | None
    mould_material: MouldMaterial
    source: str
    cycle_s: float
    cycle_source: str


#: Placeholders from trade practice, not a standard: rubber shrinks 1.5-3 % after cure (flat
#: rubber moulds are often CNC-cut steel); thermoplastics 1-2 %; cast PU about 1 %; an injected EVA
#: part grows on opening (trade guides: its mould is about half the finished size), 1.5x linear
#: here. Flash: the library's waste figures (rubber 10 %, TPR 4-7 %). Cycles: rubber cures 3-10
#: minutes at 150-200 C (REFERENCE), 6 minutes here; the others are placeholders to confirm with
#: the sole factory. Every value is editable.
_CONFIRM = "placeholder: confirm with the sole factory"
PROCESS_DEFAULTS: Mapping[MouldProcess, ProcessDefaults] = {
    "rubber-compression": ProcessDefaults(
        2.0, 10.0, None, "steel", "placeholder: rubber shrinks 1.5-3 % after cure; confirm",
        360.0, "cure 3-10 min at 150-200 C (REFERENCE): 6 min, to confirm",
    ),
    "tpr-injection": ProcessDefaults(
        1.5, 5.0, None, "aluminium", "placeholder: TPR shrinks 1-2 %; runner 4-7 %; confirm",
        90.0, _CONFIRM,
    ),
    "pvc-injection": ProcessDefaults(
        1.5, 5.0, None, "aluminium", "placeholder: PVC shrinks 1-2 %; confirm", 90.0, _CONFIRM
    ),
    "pu-pouring": ProcessDefaults(
        1.0, 5.0, None, "aluminium", "placeholder: cast PU shrinks about 1 %; confirm",
        300.0, _CONFIRM,
    ),
    "eva-injection": ProcessDefaults(
        0.0, 3.0, 1.5, "aluminium",
        "placeholder: injected EVA grows about 1.5x on opening; confirm the compound's ratio",
        420.0, _CONFIRM,
    ),
}  # fmt: skip
#: Processes whose runner and flash can be reground and shot again (thermoplastics); cured rubber
#: and PU cannot be re-melted, and EVA foam scrap is not reused in the same compound (REFERENCE).
REGRIND_PROCESSES: tuple[MouldProcess, ...] = ("tpr-injection", "pvc-injection")

#: Declared ranges: shrinkage 0-10 %, flash 0-100 % of the net mass, EVA expansion 1-3x, draft
#: 0-30 degrees, up to 24 pairs per mould (multi-cavity injection moulds).
SHRINKAGE_RANGE_PCT = (0.0, 10.0)
FLASH_RANGE_PCT = (0.0, 100.0)
EXPANSION_RANGE = (1.0, 3.0)
DRAFT_RANGE_DEG = (0.0, 30.0)
MAX_PAIRS_PER_MOULD = 24
#: Mill-down allowance of an EVA part, % of the net mass; a mould's life, pairs; a mould's price.
MILLDOWN_RANGE_PCT = (0.0, 50.0)
MAX_MOULD_LIFE_PAIRS = 10_000_000
MAX_MOULD_IDR = Decimal(10) ** 12


def _check(name: Message, value: float, lo: float, hi: float, unit: str) -> None:
    if not (math.isfinite(value) and lo <= value <= hi):
        raise OutsoleError(
            "{name} must be {lo} to {hi} {unit}, not {value}",
            name=name,
            lo=f"{lo:g}",
            hi=f"{hi:g}",
            unit=unit,
            value=f"{value:g}",
        )


@dataclass(frozen=True)
class MouldPlan:
    """How the sole is moulded, as the mould maker and the sole factory need it.

    Attributes
    ----------
    body : int
        The body the mould makes (0-based; a sole of an outsole and a midsole has a mould for
        each).
    process : MouldProcess
    mould_material : MouldMaterial
    pairs_per_mould : int
        Cavities, in pairs (a left and a right cavity each).
    size_groups : tuple of tuple of str
        Sizes sharing one mould (with inserts), by their labels in the run (``("EU 39", "EU 40")``);
        a size in no group has its own mould.
    shrinkage_pct : float
        The compound's linear shrinkage, %.
    flash_pct : float
        Flash (or runner, overflow) as % of the net mass: the blank weighs net x (1 + flash).
    expansion_ratio : float or None
        Injected EVA only: the part's linear growth on opening.
    parting_line_mm : float or None
        Height of the parting line above the ground, mm; None: not set.
    min_draft_deg : float
        Draft the mould needs on every wall, degrees.
    texture : str
        Surface texture or finish of the cavity.
    notes : str
        Vents, flash channels, gate position, inserts.
    regrind_pct : float
        Injected thermoplastics only: share of the runner and flash reground and shot again, %
        (the compound bought for a sole is net x (1 + flash x (1 - regrind))).
    milldown_pct : float
        Injected EVA only: the skin milled or buffed off the expanded part, % of the net mass.
    mould_price_idr : Decimal or None
        Price of one mould of this body (L+R, all its cavities); None: the tooling's price of a
        mould.
    mould_life_pairs : int
        Pairs one mould presses before it is replaced; 0: not limited (one mould per group).
    """

    body: int = 0
    process: MouldProcess = "rubber-compression"
    mould_material: MouldMaterial = "steel"
    pairs_per_mould: int = 1
    size_groups: tuple[tuple[str, ...], ...] = ()
    shrinkage_pct: float = 2.0
    flash_pct: float = 10.0
    expansion_ratio: float | None = None
    parting_line_mm: float | None = None
    min_draft_deg: float = 1.0
    texture: str = ""
    notes: str = ""
    regrind_pct: float = 0.0
    milldown_pct: float = 0.0
    mould_price_idr: Decimal | None = None
    mould_life_pairs: int = 0

    def __post_init__(self) -> None:
        if self.body < 0:
            raise OutsoleError("body number {value} must be 1 or more", value=self.body + 1)
        if self.process not in MOULD_PROCESSES:
            raise OutsoleError(
                "mould process {value} is not one of {known}",
                value=repr(self.process),
                known=", ".join(MOULD_PROCESSES),
            )
        if self.mould_material not in MOULD_MATERIALS:
            raise OutsoleError(
                "mould material {value} is not aluminium or steel", value=repr(self.mould_material)
            )
        if not 1 <= self.pairs_per_mould <= MAX_PAIRS_PER_MOULD:
            raise OutsoleError(
                "pairs per mould must be 1 to {most}, not {value}",
                most=MAX_PAIRS_PER_MOULD,
                value=self.pairs_per_mould,
            )
        _check(Message("shrinkage"), self.shrinkage_pct, *SHRINKAGE_RANGE_PCT, "%")
        _check(Message("flash"), self.flash_pct, *FLASH_RANGE_PCT, "%")
        _check(Message("minimum draft"), self.min_draft_deg, *DRAFT_RANGE_DEG, "deg")
        if self.process == "eva-injection":
            if self.expansion_ratio is None:
                raise OutsoleError("injected EVA needs its expansion ratio")
            _check(Message("expansion ratio"), self.expansion_ratio, *EXPANSION_RANGE, "x")
        elif self.expansion_ratio is not None:
            raise OutsoleError("an expansion ratio belongs to injected EVA only")
        _check(Message("regrind"), self.regrind_pct, 0.0, 100.0, "%")
        if self.regrind_pct and self.process not in REGRIND_PROCESSES:
            raise OutsoleError("only injected thermoplastics (TPR, PVC) regrind their runner")
        _check(Message("mill-down allowance"), self.milldown_pct, *MILLDOWN_RANGE_PCT, "%")
        if self.milldown_pct and self.process != "eva-injection":
            raise OutsoleError("a mill-down allowance belongs to injected EVA only")
        price = self.mould_price_idr
        if price is not None and not (price.is_finite() and 0 <= price <= MAX_MOULD_IDR):
            raise OutsoleError("a mould's price must be 0 to Rp 1,000,000,000,000, not {value}",
                               value=price)  # fmt: skip
        if not 0 <= self.mould_life_pairs <= MAX_MOULD_LIFE_PAIRS:
            raise OutsoleError("a mould's life must be 0 (not limited) to 10,000,000 pairs, "
                               "not {value}", value=self.mould_life_pairs)  # fmt: skip
        if self.parting_line_mm is not None:
            _check(Message("parting line height"), self.parting_line_mm, 0.0, 500.0, "mm")
        seen: set[str] = set()
        for group in self.size_groups:
            if len(group) < 2:
                raise OutsoleError("a size group shares one mould between two sizes or more")
            for label in group:
                if label in seen:
                    raise OutsoleError("size {label} is in two size groups", label=label)
                seen.add(label)

    @classmethod
    def for_process(cls, process: MouldProcess, **changes: object) -> MouldPlan:
        """A plan with the process's default shrinkage, flash, expansion and mould material."""
        d = PROCESS_DEFAULTS[process]
        values: dict[str, object] = {
            "process": process,
            "mould_material": d.mould_material,
            "shrinkage_pct": d.shrinkage_pct,
            "flash_pct": d.flash_pct,
            "expansion_ratio": d.expansion_ratio,
        }
        values.update(changes)
        return cls(**values)  # type: ignore[arg-type]

    @property
    def scrap_pct(self) -> Decimal:
        """Compound bought beyond the net part, % of the net mass: the flash (runner, overflow)
        less what is reground, plus the mill-down allowance."""
        flash = Decimal(repr(self.flash_pct)) * (1 - Decimal(repr(self.regrind_pct)) / 100)
        return flash + Decimal(repr(self.milldown_pct))

    @property
    def default_cycle_s(self) -> Decimal:
        """The process's default cycle, s (for capacity when no cycle time is given)."""
        return Decimal(repr(PROCESS_DEFAULTS[self.process].cycle_s))

    def within(self, run: Sequence[Size]) -> MouldPlan:
        """The plan for a new size run: each group keeps the sizes still in it, and a group left
        with fewer than two goes (those sizes get moulds of their own)."""
        labels = {s.label for s in run}
        groups = tuple(
            kept
            for kept in (tuple(label for label in g if label in labels) for g in self.size_groups)
            if len(kept) >= 2
        )
        return self if groups == self.size_groups else replace(self, size_groups=groups)

    def moulds(self, run: Sequence[Size]) -> tuple[tuple[Size, ...], ...]:
        """The moulds the run needs: each a tuple of the sizes it makes, in run order.

        Raises
        ------
        OutsoleError
            A size group names a size that is not in the run.
        """
        by_label = {s.label: s for s in run}
        grouped: dict[str, tuple[Size, ...]] = {}
        for group in self.size_groups:
            missing = [label for label in group if label not in by_label]
            if missing:
                raise OutsoleError(
                    "size group {group} names {missing}, not in the size run",
                    group="+".join(group),
                    missing=", ".join(missing),
                )
            sizes = tuple(sorted(by_label[label] for label in group))
            for s in sizes:
                grouped[s.label] = sizes
        out: list[tuple[Size, ...]] = []
        for s in run:
            mould = grouped.get(s.label, (s,))
            if mould not in out:
                out.append(mould)
        return tuple(out)


@dataclass(frozen=True)
class CavityRow:
    """One size's part and the cavity the mould maker cuts for it, mm.

    Attributes
    ----------
    size : Size
    mould : int
        1-based number of the mould that makes the size.
    part_length_mm, part_width_mm : float
        The moulded sole, as graded.
    cavity_length_mm, cavity_width_mm : float
        ``part x (1 + shrinkage)``; for injected EVA ``part / expansion ratio``.
    """

    size: Size
    mould: int
    part_length_mm: float
    part_width_mm: float
    cavity_length_mm: float
    cavity_width_mm: float


def cavity_factor(plan: MouldPlan) -> float:
    """Cavity dimension over part dimension (linear)."""
    if plan.process == "eva-injection":
        assert plan.expansion_ratio is not None  # checked by the plan
        return 1.0 / plan.expansion_ratio
    return 1.0 + plan.shrinkage_pct / 100.0


def cavity_table(plan: MouldPlan, graded: Sequence[GradedSize]) -> tuple[CavityRow, ...]:
    """The cavity of every graded size, with the mould that makes it."""
    moulds = plan.moulds([g.size for g in graded])
    number = {s: i + 1 for i, mould in enumerate(moulds) for s in mould}
    k = cavity_factor(plan)
    return tuple(
        CavityRow(g.size, number[g.size], g.length_mm, g.width_mm, g.length_mm * k, g.width_mm * k)
        for g in graded
    )


def blank_weights_g(
    plan: MouldPlan, net_masses_g: Mapping[Size, Decimal | None]
) -> dict[Size, Decimal | None]:
    """The blank (charge) per sole: net mass x (1 + flash), g to 0.1 g; None where the net is."""
    factor = 1 + Decimal(str(plan.flash_pct)) / 100
    return {
        size: None if net is None else (net * factor).quantize(Decimal("0.1"), ROUND_HALF_UP)
        for size, net in net_masses_g.items()
    }


def effective_plans(
    materials: Sequence[tuple[int, Material, Decimal]], plans: Sequence[MouldPlan]
) -> tuple[MouldPlan, ...]:
    """A plan per body with a compound, in body order: the designer's, else the defaults of its
    compound's process with the body's waste as its flash.

    Parameters
    ----------
    materials : (body, compound, waste %) per body
    plans : the designer's plans
    """
    given = {p.body: p for p in plans}
    return tuple(
        given.get(body)
        or MouldPlan.for_process(default_process(material), body=body, flash_pct=float(waste))
        for body, material, waste in sorted(materials, key=lambda m: m[0])
    )


def default_process(material: Material | None) -> MouldProcess:
    """The usual process for a compound's family (rubber pressed, foams injected...)."""
    family = material.family if material is not None else "rubber"
    return {
        "thermoplastic": "tpr-injection",
        "polyurethane": "pu-pouring",
        "foam": "eva-injection",
    }.get(family, "rubber-compression")  # type: ignore[return-value]
