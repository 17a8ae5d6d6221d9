"""A cost sheet: the cost per pair and per order of every size, totals, compound to buy and the
sensitivity, all money as exact Decimal Rupiah; and the notes a reader of it must know.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..messages import Message, Money
from .inputs import (
    ZERO,
    CostInputs,
    Terms,
)
from .materials import Material, money_text
from .quote import KODI_PAIRS, Capacity, MouldSet, PriceBreak
from .sizes import Size


@dataclass(frozen=True)
class BodyCompound:
    """Compound of one body at one size."""

    body: int
    material_key: str
    net_g_per_sole: Decimal
    compound_g_per_sole: Decimal
    cost_idr_per_pair: Decimal
    scrap_pct: Decimal = ZERO


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
    labour_idr_per_pair: Decimal = ZERO
    price_idr_per_pair: Decimal = ZERO
    price_with_tooling_idr_per_pair: Decimal = ZERO

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
        return (self.material_idr_per_pair + self.pressing_idr_per_pair
                + self.finishing_idr_per_pair + self.labour_idr_per_pair)  # fmt: skip

    @property
    def price_idr_per_kodi(self) -> Decimal:
        """Price of a kodi (20 pairs) without tooling."""
        return KODI_PAIRS * self.price_idr_per_pair

    @property
    def price_with_tooling_idr_per_kodi(self) -> Decimal:
        """Price of a kodi with its tooling share."""
        return KODI_PAIRS * self.price_with_tooling_idr_per_pair

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
    mould_total_idr : Decimal
        The moulds the order needs (a mould shared by sizes once, a mould of limited life as
        often as the order wears it out).
    total_idr : Decimal
        Cost of the whole order with the tooling its policy puts on the pairs (all of it for
        ``order``, the order's share for ``lifetime``, none for ``separate``).
    tooling_billed_idr : Decimal
        Moulds and tooling lines billed once, apart from the pairs (policy ``separate``).
    average_idr_per_pair : Decimal
        ``total_idr / pairs`` (0 when nothing is ordered).
    price_idr_per_pair : Decimal
        Quoted price per pair after overhead and margin.
    moulds : tuple of MouldSet
        Every mould of every body's plan, with what the order needs of it.
    capacity : Capacity or None
        Days to press the order (None without an order).
    breaks : tuple of PriceBreak
        The order's size mix quoted at the terms' order sizes.
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
    tooling_billed_idr: Decimal = ZERO
    moulds: tuple[MouldSet, ...] = ()
    capacity: Capacity | None = None
    breaks: tuple[PriceBreak, ...] = ()

    @property
    def price_without_tooling_idr_per_pair(self) -> Decimal:
        """The order's average price per pair before any tooling."""
        if not self.pairs:
            return ZERO
        variable = sum((s.variable_idr_per_pair * s.pairs for s in self.sizes), ZERO)
        return self.inputs.pricing.quote(variable / self.pairs)

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
            "tooling_policy": self.inputs.tooling.policy,
            "tooling_billed_idr": _m(self.tooling_billed_idr),
            "price_without_tooling_idr_per_pair": _m(self.price_without_tooling_idr_per_pair),
            "moulds": [
                {
                    "body": m.body + 1,
                    "mould": m.number,
                    "sizes": [s.label for s in m.sizes],
                    "pairs": money_text(Decimal(m.pairs)),
                    "price_idr": _m(m.price_idr),
                    "count": m.count,
                    "cost_idr": _m(m.cost_idr),
                }
                for m in self.moulds
            ],
            "capacity": None if self.capacity is None else _capacity(self.capacity),
            "price_breaks": [
                {
                    "pairs": b.pairs,
                    "cost_idr_per_pair": _m(b.cost_idr_per_pair),
                    "price_idr_per_pair": _m(b.price_idr_per_pair),
                    "price_idr_per_kodi": _m(b.price_idr_per_kodi),
                    "total_idr": _m(b.total_idr),
                    "tooling_idr": _m(b.tooling_idr),
                }
                for b in self.breaks
            ],
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
                    "stations": p.stations,
                    "finishing_idr_per_pair": money_text(p.finishing_idr_per_pair),
                },
                "terms": terms_dict(self.inputs.terms),
                "tooling": {
                    "policy": self.inputs.tooling.policy,
                    "lifetime_pairs": self.inputs.tooling.lifetime_pairs,
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
                            "scrap_pct": money_text(b.scrap_pct),
                            "material_idr_per_pair": _m(b.cost_idr_per_pair),
                        }
                        for b in s.bodies
                    ],
                    "material_idr_per_pair": _m(s.material_idr_per_pair),
                    "pressing_idr_per_pair": _m(s.pressing_idr_per_pair),
                    "finishing_idr_per_pair": _m(s.finishing_idr_per_pair),
                    "labour_idr_per_pair": _m(s.labour_idr_per_pair),
                    "mould_idr_per_pair": _m(s.mould_idr_per_pair),
                    "tooling_idr_per_pair": _m(s.tooling_idr_per_pair),
                    "cost_idr_per_pair": _m(s.cost_idr_per_pair),
                    "price_idr_per_pair": _m(s.price_idr_per_pair),
                    "price_with_tooling_idr_per_pair": _m(s.price_with_tooling_idr_per_pair),
                    "price_idr_per_kodi": _m(s.price_idr_per_kodi),
                    "price_with_tooling_idr_per_kodi": _m(s.price_with_tooling_idr_per_kodi),
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


def terms_dict(t: Terms) -> dict[str, Any]:
    """The workshop's terms as plain data (the project file's form too)."""
    return {
        "labour_min_per_pair": money_text(t.labour_min_per_pair),
        "wage_idr_per_hour": money_text(t.wage_idr_per_hour),
        "wage_is_placeholder": t.wage_is_placeholder,
        "presses": t.presses,
        "shifts": t.shifts,
        "hours_per_shift": money_text(t.hours_per_shift),
        "mould_lead_weeks": money_text(t.mould_lead_weeks),
        "breaks": list(t.breaks),
    }


def _capacity(c: Capacity) -> dict[str, Any]:
    return {
        "cycle_s": money_text(c.cycle_s),
        "cycle_is_default": c.cycle_is_default,
        "pairs_per_day": _m(c.pairs_per_day, "0.1"),
        "days": _m(c.days, "0.01"),
        "whole_days": c.whole_days,
        "bottleneck": c.bottleneck,
        "mould_lead_weeks": money_text(c.mould_lead_weeks),
    }


def rupiah(value: Decimal) -> Decimal:
    """Round to whole Rupiah, halves up (for display and exports only)."""
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _m(value: Decimal, quantum: str = "1") -> str:
    """Money rounded half up to ``quantum`` and written with exactly its decimals."""
    return format(value.quantize(Decimal(quantum), rounding=ROUND_HALF_UP), "f")


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
    elif sheet.mould_total_idr == 0:
        notes.append(Message("no mould cost given"))
    terms = sheet.inputs.terms
    if terms.labour_min_per_pair and terms.wage_is_placeholder:
        notes.append(Message("the wage ({wage} an hour) is a placeholder: set the region's",
                             {"wage": Money(terms.wage_idr_per_hour)}))  # fmt: skip
    cap = sheet.capacity
    if cap is not None and cap.cycle_is_default:
        cycle = {"s": money_text(cap.cycle_s)}
        notes.append(Message("capacity from the process's default cycle of {s} s: give the "
                             "sole factory's cycle time", cycle))  # fmt: skip
    return notes
