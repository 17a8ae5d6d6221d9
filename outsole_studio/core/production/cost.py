"""The cost model: compound, pressing, finishing and tooling, size by size, for an order.

Money is :class:`decimal.Decimal` Rupiah throughout and is rounded only for display. Masses come
from measured volumes (floats) and are fixed to 0.01 g before they meet a price, so every Rupiah
figure below follows exactly from the numbers a user can read on the sheet.

Per size and pair::

    compound per sole (g) = volume (cm3) x density (g/cm3) x (1 + waste %)   (per body)
    material   = sum over bodies of 2 x compound (kg) x price (IDR/kg)
    process    = subcontract price per pair, or cycle time x machine rate / pairs per cycle
    finishing  = trimming and finishing per pair
    mould      = mould cost of the size (one L+R mould) / pairs ordered in that size
    tooling    = one-off lines (logo plate, inserts) / all pairs ordered
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from ..errors import OutsoleError
from ..messages import Message, Money
from .grading import GradedSize
from .materials import Material, money_text
from .sizes import Size, SizeRun

ZERO = Decimal(0)
HUNDRED = Decimal(100)
_GRAM = Decimal("0.01")


def _check_pct(value: Decimal, what: str | Message, upper: int = 100) -> None:
    if not value.is_finite() or value < 0 or value >= upper:
        raise OutsoleError(
            "{what} must be at least 0 % and under {upper} %, not {value} %",
            what=what,
            upper=upper,
            value=value,
        )


def _check_money(value: Decimal, what: str | Message) -> None:
    if not value.is_finite() or value < 0:
        raise OutsoleError(
            "{what} must be zero or more Rupiah, not {value}", what=what, value=value
        )


@dataclass(frozen=True)
class BodyMaterial:
    """The compound of one body of the model (0-based ``body``) and its waste allowance."""

    body: int
    material: Material
    waste_pct: Decimal

    def __post_init__(self) -> None:
        if self.body < 0:
            raise OutsoleError("body number {value} must be 1 or more", value=self.body + 1)
        _check_pct(self.waste_pct, Message("waste of body {value}", {"value": self.body + 1}))


@dataclass(frozen=True)
class Process:
    """How the soles are pressed.

    ``kind`` ``subcontract``: a sole factory's price per pair. ``machine``: the workshop's own
    press, ``cycle_time_s x machine_rate_idr_per_hour / 3600 / pairs_per_cycle``.
    """

    kind: Literal["subcontract", "machine"] = "subcontract"
    subcontract_idr_per_pair: Decimal = ZERO
    cycle_time_s: Decimal = ZERO
    machine_rate_idr_per_hour: Decimal = ZERO
    pairs_per_cycle: int = 1
    finishing_idr_per_pair: Decimal = ZERO

    def __post_init__(self) -> None:
        if self.kind not in ("subcontract", "machine"):
            raise OutsoleError(
                "process {kind} is not 'subcontract' or 'machine'", kind=repr(self.kind)
            )
        _check_money(self.subcontract_idr_per_pair, "the pressing price per pair")
        _check_money(self.machine_rate_idr_per_hour, "the machine rate per hour")
        _check_money(self.finishing_idr_per_pair, "the finishing cost per pair")
        if not self.cycle_time_s.is_finite() or self.cycle_time_s < 0:
            raise OutsoleError(
                "cycle time must be zero or more seconds, not {cycle_time_s}",
                cycle_time_s=self.cycle_time_s,
            )
        if self.pairs_per_cycle < 1:
            raise OutsoleError(
                "pairs per cycle must be 1 or more, not {pairs_per_cycle}",
                pairs_per_cycle=self.pairs_per_cycle,
            )

    @property
    def pressing_idr_per_pair(self) -> Decimal:
        """Pressing cost of one pair, exact."""
        if self.kind == "subcontract":
            return self.subcontract_idr_per_pair
        return (
            self.cycle_time_s
            * self.machine_rate_idr_per_hour
            / Decimal(3600 * self.pairs_per_cycle)
        )


@dataclass(frozen=True)
class ToolingLine:
    """A one-off tooling cost (logo plate, size inserts), spread over the whole order."""

    name: str
    cost_idr: Decimal

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise OutsoleError("a tooling line needs a name")
        _check_money(self.cost_idr, Message("tooling line {name}", {"name": repr(self.name)}))


@dataclass(frozen=True)
class Tooling:
    """Moulds (one L+R mould per size ordered) and one-off lines."""

    mould_idr_per_size: Decimal = ZERO
    extras: tuple[ToolingLine, ...] = ()

    def __post_init__(self) -> None:
        _check_money(self.mould_idr_per_size, "the mould cost per size")


@dataclass(frozen=True)
class Pricing:
    """From cost to a quoted price: overhead on cost, then margin as a share of the price."""

    overhead_pct: Decimal = ZERO
    margin_pct: Decimal = ZERO
    idr_per_usd: Decimal | None = None

    def __post_init__(self) -> None:
        _check_pct(self.overhead_pct, "overhead", upper=1000)
        _check_pct(self.margin_pct, "margin")
        if self.idr_per_usd is not None and (
            not self.idr_per_usd.is_finite() or self.idr_per_usd <= 0
        ):
            raise OutsoleError(
                "the exchange rate must be more than 0 IDR/USD: {idr_per_usd}",
                idr_per_usd=self.idr_per_usd,
            )

    def quote(self, cost: Decimal) -> Decimal:
        """Price for a cost: ``cost x (1 + overhead) / (1 - margin)``."""
        return cost * (1 + self.overhead_pct / HUNDRED) / (1 - self.margin_pct / HUNDRED)


@dataclass(frozen=True)
class OrderLine:
    """Pairs ordered in one size."""

    size: Size
    pairs: int

    def __post_init__(self) -> None:
        if self.pairs < 0:
            raise OutsoleError("pairs ordered in {label} must be 0 or more", label=self.size.label)


@dataclass(frozen=True)
class CostInputs:
    """Everything the cost model needs besides the geometry."""

    materials: tuple[BodyMaterial, ...]
    process: Process = field(default_factory=Process)
    tooling: Tooling = field(default_factory=Tooling)
    pricing: Pricing = field(default_factory=Pricing)


@dataclass(frozen=True)
class BodyCompound:
    """Compound of one body at one size."""

    body: int
    material_key: str
    net_g_per_sole: Decimal
    compound_g_per_sole: Decimal
    cost_idr_per_pair: Decimal


@dataclass(frozen=True)
class SizeCost:
    """Cost of one size, per pair and for the pairs ordered."""

    size: Size
    pairs: int
    bodies: tuple[BodyCompound, ...]
    material_idr_per_pair: Decimal
    pressing_idr_per_pair: Decimal
    finishing_idr_per_pair: Decimal
    mould_idr_per_pair: Decimal
    tooling_idr_per_pair: Decimal
    total_idr: Decimal

    @property
    def net_g_per_sole(self) -> Decimal:
        """Mass of one finished sole (all bodies), g."""
        return sum((b.net_g_per_sole for b in self.bodies), ZERO)

    @property
    def net_g_per_pair(self) -> Decimal:
        """Mass of a finished pair, g."""
        return 2 * self.net_g_per_sole

    @property
    def variable_idr_per_pair(self) -> Decimal:
        """Cost of a pair without tooling."""
        return self.material_idr_per_pair + self.pressing_idr_per_pair + self.finishing_idr_per_pair

    @property
    def cost_idr_per_pair(self) -> Decimal:
        """Cost of a pair including its share of the tooling."""
        return self.variable_idr_per_pair + self.mould_idr_per_pair + self.tooling_idr_per_pair


@dataclass(frozen=True)
class MaterialNeed:
    """Compound to buy for the order, per material."""

    material: Material
    kg: Decimal
    cost_idr: Decimal


@dataclass(frozen=True)
class Sensitivity:
    """Average cost per pair when one input moves."""

    label: str
    cost_idr_per_pair: Decimal
    change_idr_per_pair: Decimal


@dataclass(frozen=True)
class CostSheet:
    """The costed order.

    Attributes
    ----------
    sizes : tuple of SizeCost
        Every size of the run, ordered or not (pairs 0: no mould, no tooling share).
    total_idr : Decimal
        Cost of the whole order, tooling included.
    average_idr_per_pair : Decimal
        ``total_idr / pairs`` (0 when nothing is ordered).
    price_idr_per_pair : Decimal
        Quoted price per pair after overhead and margin.
    """

    inputs: CostInputs
    sizes: tuple[SizeCost, ...]
    pairs: int
    needs: tuple[MaterialNeed, ...]
    mould_total_idr: Decimal
    tooling_total_idr: Decimal
    total_idr: Decimal
    average_idr_per_pair: Decimal
    overhead_idr_per_pair: Decimal
    price_idr_per_pair: Decimal
    sensitivity: tuple[Sensitivity, ...]

    def size_cost(self, size: Size) -> SizeCost:
        """The cost line of ``size`` (the first size's when ``size`` is not in the run)."""
        return next((c for c in self.sizes if c.size == size), self.sizes[0])

    def usd(self, idr: Decimal) -> Decimal | None:
        """``idr`` in US dollars at the user's rate, or None without one."""
        rate = self.inputs.pricing.idr_per_usd
        return None if rate is None else idr / rate

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: money as Rupiah strings (exact), masses in g."""
        p = self.inputs.process
        rate = self.inputs.pricing.idr_per_usd
        return {
            "currency": "IDR",
            "pairs": self.pairs,
            "total_idr": _m(self.total_idr),
            "average_idr_per_pair": _m(self.average_idr_per_pair),
            "overhead_idr_per_pair": _m(self.overhead_idr_per_pair),
            "price_idr_per_pair": _m(self.price_idr_per_pair),
            "mould_total_idr": _m(self.mould_total_idr),
            "tooling_total_idr": _m(self.tooling_total_idr),
            "usd": None
            if rate is None
            else {
                "idr_per_usd": money_text(rate),
                "average_per_pair": _m(self.average_idr_per_pair / rate, "0.01"),
                "price_per_pair": _m(self.price_idr_per_pair / rate, "0.01"),
                "total": _m(self.total_idr / rate, "0.01"),
            },
            "inputs": {
                "materials": [
                    {
                        "body": bm.body + 1,
                        "material": bm.material.key,
                        "density_g_cm3": bm.material.density_g_cm3,
                        "price_idr_per_kg": money_text(bm.material.price_idr_per_kg),
                        "price_is_placeholder": bm.material.price_is_placeholder,
                        "waste_pct": money_text(bm.waste_pct),
                    }
                    for bm in self.inputs.materials
                ],
                "process": {
                    "kind": p.kind,
                    "subcontract_idr_per_pair": money_text(p.subcontract_idr_per_pair),
                    "cycle_time_s": money_text(p.cycle_time_s),
                    "machine_rate_idr_per_hour": money_text(p.machine_rate_idr_per_hour),
                    "pairs_per_cycle": p.pairs_per_cycle,
                    "finishing_idr_per_pair": money_text(p.finishing_idr_per_pair),
                },
                "tooling": {
                    "mould_idr_per_size": money_text(self.inputs.tooling.mould_idr_per_size),
                    "extras": [
                        {"name": t.name, "cost_idr": money_text(t.cost_idr)}
                        for t in self.inputs.tooling.extras
                    ],
                },
                "overhead_pct": money_text(self.inputs.pricing.overhead_pct),
                "margin_pct": money_text(self.inputs.pricing.margin_pct),
            },
            "sizes": [
                {
                    "size": s.size.label,
                    "pairs": s.pairs,
                    "net_g_per_sole": money_text(s.net_g_per_sole),
                    "net_g_per_pair": money_text(s.net_g_per_pair),
                    "bodies": [
                        {
                            "body": b.body + 1,
                            "material": b.material_key,
                            "net_g_per_sole": money_text(b.net_g_per_sole),
                            "compound_g_per_sole": money_text(b.compound_g_per_sole),
                            "material_idr_per_pair": _m(b.cost_idr_per_pair),
                        }
                        for b in s.bodies
                    ],
                    "material_idr_per_pair": _m(s.material_idr_per_pair),
                    "pressing_idr_per_pair": _m(s.pressing_idr_per_pair),
                    "finishing_idr_per_pair": _m(s.finishing_idr_per_pair),
                    "mould_idr_per_pair": _m(s.mould_idr_per_pair),
                    "tooling_idr_per_pair": _m(s.tooling_idr_per_pair),
                    "cost_idr_per_pair": _m(s.cost_idr_per_pair),
                    "total_idr": _m(s.total_idr),
                }
                for s in self.sizes
            ],
            "materials_to_buy": [
                {
                    "material": n.material.key,
                    "name": n.material.name,
                    "kg": money_text(n.kg.quantize(Decimal("0.001"))),
                    "cost_idr": _m(n.cost_idr),
                }
                for n in self.needs
            ],
            "sensitivity": [
                {
                    "case": s.label,
                    "average_idr_per_pair": _m(s.cost_idr_per_pair),
                    "change_idr_per_pair": _m(s.change_idr_per_pair),
                }
                for s in self.sensitivity
            ],
        }


def rupiah(value: Decimal) -> Decimal:
    """Round to whole Rupiah, halves up (for display and exports only)."""
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _m(value: Decimal, quantum: str = "1") -> str:
    """Money rounded half up to ``quantum`` and written with exactly its decimals."""
    return format(value.quantize(Decimal(quantum), rounding=ROUND_HALF_UP), "f")


def sole_mass_g(volume_cm3: float, density_g_cm3: float) -> Decimal:
    """Net mass of a body, g, fixed to 0.01 g (the precision money is computed from)."""
    return Decimal(repr(volume_cm3 * density_g_cm3)).quantize(_GRAM, rounding=ROUND_HALF_UP)


def sole_masses_g(
    graded: Sequence[GradedSize], materials: Sequence[BodyMaterial]
) -> dict[Size, Decimal | None]:
    """Net mass of one sole per graded size, g (each body fixed to 0.01 g, as costed).

    None for a size where a body has no material or no volume (an open body).
    """
    density = {bm.body: bm.material.density_g_cm3 for bm in materials}
    out: dict[Size, Decimal | None] = {}
    for g in graded:
        vols = g.body_volumes_cm3
        if not set(density) >= set(range(len(vols))) or any(v is None for v in vols):
            out[g.size] = None
            continue
        out[g.size] = sum(
            (sole_mass_g(v or 0.0, density[b]) for b, v in enumerate(vols)), Decimal(0)
        )
    return out


def _body_volumes(graded: GradedSize, n_materials: Sequence[BodyMaterial]) -> list[float]:
    vols = []
    for bm in n_materials:
        if bm.body >= len(graded.body_volumes_cm3):
            n = len(graded.body_volumes_cm3)
            raise OutsoleError(
                "a material is given for body {value}, but the model has no such body (its "
                "bodies: {n})",
                value=bm.body + 1,
                n=n,
            )
        v = graded.body_volumes_cm3[bm.body]
        if v is None:
            raise OutsoleError(
                "body {value} is open (not watertight): its volume, and so its mass and cost, are "
                "undefined; close the model in the modelling tool",
                value=bm.body + 1,
            )
        vols.append(v)
    return vols


def cost_sheet(
    graded: Sequence[GradedSize], order: Sequence[OrderLine], inputs: CostInputs
) -> CostSheet:
    """Cost an order of the graded sizes.

    Parameters
    ----------
    graded : GradedSize per size of the run
    order : pairs per size; sizes not listed are ordered 0 pairs. Every ordered size must be a
        graded one.
    """
    sheet = _cost(graded, order, inputs)
    base = sheet.average_idr_per_pair
    cases = []
    for label, factor, waste in (
        ("compound price +10 %", Decimal("1.1"), ZERO),
        ("compound price -10 %", Decimal("0.9"), ZERO),
        ("waste +5 points", Decimal(1), Decimal(5)),
        ("waste -5 points", Decimal(1), Decimal(-5)),
    ):
        mats = tuple(
            replace(
                bm,
                material=replace(
                    bm.material, price_idr_per_kg=bm.material.price_idr_per_kg * factor
                ),
                waste_pct=min(max(bm.waste_pct + waste, ZERO), Decimal("99.99")),
            )
            for bm in inputs.materials
        )
        moved = _cost(graded, order, replace(inputs, materials=mats)).average_idr_per_pair
        cases.append(Sensitivity(label, moved, moved - base))
    return replace(sheet, sensitivity=tuple(cases))


def _cost(
    graded: Sequence[GradedSize], order: Sequence[OrderLine], inputs: CostInputs
) -> CostSheet:
    if not inputs.materials:
        raise OutsoleError("no material is chosen for the sole")
    bodies_given = [bm.body for bm in inputs.materials]
    if len(set(bodies_given)) != len(bodies_given):
        raise OutsoleError("a body has two materials; give one material per body")
    pairs_of: dict[Size, int] = {}
    known = {g.size for g in graded}
    for line in order:
        if line.size not in known:
            raise OutsoleError(
                "{label} is ordered but is not in the size run", label=line.size.label
            )
        if line.size in pairs_of:
            raise OutsoleError("{label} is ordered twice", label=line.size.label)
        pairs_of[line.size] = line.pairs
    total_pairs = sum(pairs_of.values())
    if graded and len(graded[0].body_volumes_cm3) > len(inputs.materials):
        missing = sorted(set(range(len(graded[0].body_volumes_cm3))) - set(bodies_given))
        raise OutsoleError(
            "no material is chosen for body {bodies}",
            bodies=", ".join(str(b + 1) for b in missing),
        )

    tooling = inputs.tooling
    extras_total = sum((t.cost_idr for t in tooling.extras), ZERO)
    pressing = inputs.process.pressing_idr_per_pair
    finishing = inputs.process.finishing_idr_per_pair
    sizes = []
    need_kg: dict[str, Decimal] = {}
    total = ZERO
    moulds = 0
    for g in graded:
        pairs = pairs_of.get(g.size, 0)
        comps = []
        for bm, vol in zip(inputs.materials, _body_volumes(g, inputs.materials), strict=True):
            net = sole_mass_g(vol, bm.material.density_g_cm3)
            gross = net * (1 + bm.waste_pct / HUNDRED)
            cost = 2 * gross / 1000 * bm.material.price_idr_per_kg
            comps.append(BodyCompound(bm.body, bm.material.key, net, gross, cost))
            need_kg[bm.material.key] = need_kg.get(bm.material.key, ZERO) + 2 * gross * pairs / 1000
        material = sum((c.cost_idr_per_pair for c in comps), ZERO)
        mould = tooling.mould_idr_per_size if pairs else ZERO
        moulds += 1 if pairs else 0
        size_total = (material + pressing + finishing) * pairs + mould
        total += size_total
        share = extras_total * pairs / total_pairs if total_pairs else ZERO
        sizes.append(
            SizeCost(
                size=g.size,
                pairs=pairs,
                bodies=tuple(comps),
                material_idr_per_pair=material,
                pressing_idr_per_pair=pressing,
                finishing_idr_per_pair=finishing,
                mould_idr_per_pair=mould / pairs if pairs else ZERO,
                tooling_idr_per_pair=extras_total / total_pairs if pairs else ZERO,
                total_idr=size_total + share,
            )
        )
    if total_pairs:
        total += extras_total
    average = total / total_pairs if total_pairs else ZERO
    by_key = {bm.material.key: bm.material for bm in inputs.materials}
    needs = tuple(
        MaterialNeed(by_key[k], kg, kg * by_key[k].price_idr_per_kg) for k, kg in need_kg.items()
    )
    overhead = average * inputs.pricing.overhead_pct / HUNDRED
    return CostSheet(
        inputs=inputs,
        sizes=tuple(sizes),
        pairs=total_pairs,
        needs=needs,
        mould_total_idr=tooling.mould_idr_per_size * moulds,
        tooling_total_idr=extras_total if total_pairs else ZERO,
        total_idr=total,
        average_idr_per_pair=average,
        overhead_idr_per_pair=overhead,
        price_idr_per_pair=inputs.pricing.quote(average),
        sensitivity=(),
    )


def parse_order(text: str, run: SizeRun) -> tuple[OrderLine, ...]:
    """Read ``"39:50,40:120,41:150"`` (size:pairs, sizes on the run's system) into order lines."""
    lines = []
    for item in text.split(","):
        item = item.strip()
        if not item:
            continue
        size_text, sep, pairs_text = item.partition(":")
        if not sep:
            raise OutsoleError(
                "order entry {item} must be size:pairs, e.g. 40:120", item=repr(item)
            )
        try:
            pairs = int(pairs_text.strip())
        except ValueError:
            raise OutsoleError(
                "order entry {item}: pairs must be a whole number, not {strip}",
                item=repr(item),
                strip=repr(pairs_text.strip()),
            ) from None
        if pairs < 0:
            raise OutsoleError("order entry {item}: pairs must be 0 or more", item=repr(item))
        lines.append(OrderLine(run.find(size_text), pairs))
    if not lines:
        raise OutsoleError("the order is empty; write it as size:pairs, e.g. 39:50,40:120")
    return tuple(lines)


def cost_notes(sheet: CostSheet) -> list[Message]:
    """What a reader of the cost sheet must know: placeholder prices, missing inputs."""
    notes: list[Message] = []
    for bm in sheet.inputs.materials:
        if bm.material.price_is_placeholder:
            notes.append(
                Message(
                    "the price of {key} ({price}/kg) is a placeholder: set your supplier's price",
                    {"key": bm.material.key, "price": Money(bm.material.price_idr_per_kg)},
                )
            )
    if sheet.inputs.process.pressing_idr_per_pair == 0:
        notes.append(Message("pressing is not costed (no subcontract price or machine rate)"))
    if not sheet.pairs:
        notes.append(Message("no order: costs per pair without tooling"))
    elif sheet.inputs.tooling.mould_idr_per_size == 0:
        notes.append(Message("no mould cost given"))
    return notes
