"""Quoting as sole factories and workshops do: tooling by policy, price per pair and per kodi,
capacity and lead time, and a price-break table (exact Decimal Rupiah, Qt-free).

The cost of a pair without tooling (compound, pressing, finishing, labour) comes from the cost
sheet; this module decides what the moulds add to it::

    separate  tooling billed once: the unit price carries none, the quote shows the total
    lifetime  (moulds + tooling lines) / the pairs planned over the moulds' use, every size alike
    order     each mould / the pairs ordered in its sizes, tooling lines / all pairs (a one-off)

A mould set serves the sizes of one group of the mould plan (a mould shared by two sizes is
paid once). Capacity: one press runs one mould at a time, so an order needs at least the hours of
its busiest mould and, over all its presses, the hours of all its pairs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from ..errors import OutsoleError
from .costsheet import CostSheet
from .inputs import ZERO, Pricing, ToolingPolicy, check_policy
from .sizes import Size

#: Pairs in a kodi, the unit Indonesian footwear markets and IKM price in (REFERENCE: costing).
KODI_PAIRS = 20
#: A working day's hours per shift: 8 h in a five-day week (UU 13/2003, art. 77).
HOURS_PER_SHIFT = Decimal(8)
#: Weeks to make a mould: 3-4 (REFERENCE: tooling); the upper figure, for the user to confirm.
MOULD_LEAD_WEEKS = Decimal(4)
#: Wage per hour: a placeholder near a Java regional minimum wage (Rp 5,000,000 a month over
#: 173 hours); minimum wages differ 2-3 fold across Java: set the region's.
WAGE_IDR_PER_HOUR_PLACEHOLDER = Decimal(28_900)
#: Order sizes of the price-break table, pairs.
PRICE_BREAKS = (500, 1000, 2500, 5000)
_MAX_BREAK = 10_000_000


@dataclass(frozen=True)
class MouldSet:
    """One mould (L+R) and the sizes it presses."""

    sizes: tuple[Size, ...]
    price_idr: Decimal


@dataclass(frozen=True)
class Terms:
    """How a quote is made: tooling policy, labour, capacity and the price breaks.

    Attributes
    ----------
    lifetime_pairs : int
        Pairs planned over the moulds' use, across orders (policy ``lifetime``).
    labour_min_per_pair : Decimal
        Trimming, finishing and packing time per pair, minutes.
    presses, shifts : int
        Presses working the order, shifts a day.
    """

    policy: ToolingPolicy = "order"
    lifetime_pairs: int = 0
    labour_min_per_pair: Decimal = ZERO
    wage_idr_per_hour: Decimal = WAGE_IDR_PER_HOUR_PLACEHOLDER
    presses: int = 1
    shifts: int = 1
    hours_per_shift: Decimal = HOURS_PER_SHIFT
    mould_lead_weeks: Decimal = MOULD_LEAD_WEEKS
    breaks: tuple[int, ...] = PRICE_BREAKS

    def __post_init__(self) -> None:
        check_policy(self.policy, self.lifetime_pairs)
        if not (self.labour_min_per_pair.is_finite() and 0 <= self.labour_min_per_pair <= 600):
            raise OutsoleError("labour must be 0 to 600 minutes a pair")
        if not (self.wage_idr_per_hour.is_finite() and 0 <= self.wage_idr_per_hour <= 10**7):
            raise OutsoleError("the wage must be 0 to Rp 10,000,000 an hour")
        if not (1 <= self.presses <= 100 and 1 <= self.shifts <= 3):
            raise OutsoleError("presses must be 1 to 100 and shifts 1 to 3")
        if not (self.hours_per_shift.is_finite() and 1 <= self.hours_per_shift <= 12):
            raise OutsoleError("a shift must be 1 to 12 hours")
        if not (self.mould_lead_weeks.is_finite() and 0 <= self.mould_lead_weeks <= 52):
            raise OutsoleError("the mould lead time must be 0 to 52 weeks")
        if not self.breaks or any(not 1 <= b <= _MAX_BREAK for b in self.breaks):
            raise OutsoleError("price breaks must be 1 to 10,000,000 pairs")

    @property
    def labour_idr_per_pair(self) -> Decimal:
        """Labour of a pair, exact."""
        return self.labour_min_per_pair * self.wage_idr_per_hour / 60


@dataclass(frozen=True)
class SizeQuote:
    """One size: cost and price per pair without and with its tooling share, and per kodi."""

    size: Size
    pairs: int
    cost_idr_per_pair: Decimal
    tooling_idr_per_pair: Decimal
    price_idr_per_pair: Decimal
    price_with_tooling_idr_per_pair: Decimal

    @property
    def price_idr_per_kodi(self) -> Decimal:
        """Price of a kodi (20 pairs) without tooling."""
        return KODI_PAIRS * self.price_idr_per_pair

    @property
    def price_with_tooling_idr_per_kodi(self) -> Decimal:
        """Price of a kodi with its tooling share."""
        return KODI_PAIRS * self.price_with_tooling_idr_per_pair


@dataclass(frozen=True)
class Capacity:
    """How fast the order is pressed.

    Attributes
    ----------
    pairs_per_day : Decimal
        All presses, all shifts, when no mould holds them back.
    days : Decimal
        Working days to press the order (exact); ``whole_days`` rounds up.
    bottleneck : "presses" or "moulds"
        ``moulds``: one mould's sizes keep a press busy longer than the presses share the rest
        (a second mould of that group would shorten the order).
    """

    pairs_per_day: Decimal
    days: Decimal
    bottleneck: Literal["presses", "moulds"]
    mould_lead_weeks: Decimal

    @property
    def whole_days(self) -> int:
        """Working days, rounded up."""
        return math.ceil(self.days)


@dataclass(frozen=True)
class PriceBreak:
    """The price of an order of ``pairs`` in the order's size mix."""

    pairs: int
    price_idr_per_pair: Decimal
    total_idr: Decimal

    @property
    def price_idr_per_kodi(self) -> Decimal:
        """Price of a kodi at this order size."""
        return KODI_PAIRS * self.price_idr_per_pair


@dataclass(frozen=True)
class Quote:
    """A quote: per size, the tooling billed once (policy ``separate``), capacity, breaks."""

    terms: Terms
    sizes: tuple[SizeQuote, ...]
    moulds: tuple[MouldSet, ...]
    tooling_total_idr: Decimal
    tooling_billed_idr: Decimal
    capacity: Capacity | None
    breaks: tuple[PriceBreak, ...]


def _sets_for(order: Mapping[Size, int], moulds: Sequence[MouldSet]) -> list[MouldSet]:
    """The mould sets an order needs (those with a size ordered)."""
    return [m for m in moulds if any(order.get(s, 0) for s in m.sizes)]


def _tooling_share(
    size: Size,
    order: Mapping[Size, int],
    moulds: Sequence[MouldSet],
    extras_idr: Decimal,
    terms: Terms,
) -> Decimal:
    """Tooling added to a pair of ``size`` under the terms' policy."""
    if terms.policy == "separate":
        return ZERO
    needed = _sets_for(order, moulds)
    if terms.policy == "lifetime":
        total = sum((m.price_idr for m in needed), ZERO) + extras_idr
        return total / terms.lifetime_pairs
    total_pairs = sum(order.values())
    if not order.get(size, 0) or not total_pairs:
        return ZERO
    share = extras_idr / total_pairs
    for m in needed:
        if size in m.sizes:
            share += m.price_idr / sum(order.get(s, 0) for s in m.sizes)
    return share


def capacity(
    order: Mapping[Size, int],
    moulds: Sequence[MouldSet],
    cycle_s: Decimal,
    pairs_per_cycle: int,
    terms: Terms,
) -> Capacity | None:
    """Days to press ``order``; None without a cycle time (a sole factory's price per pair)."""
    if cycle_s <= 0:
        return None
    per_press_hour = Decimal(3600) / cycle_s * pairs_per_cycle
    day_hours = terms.shifts * terms.hours_per_shift
    total_hours = Decimal(sum(order.values())) / per_press_hour
    busiest = max(
        (Decimal(sum(order.get(s, 0) for s in m.sizes)) / per_press_hour
         for m in _sets_for(order, moulds)),
        default=ZERO,
    )  # fmt: skip
    shared = total_hours / terms.presses
    hours = max(shared, busiest)
    return Capacity(
        pairs_per_day=per_press_hour * day_hours * terms.presses,
        days=hours / day_hours,
        bottleneck="moulds" if busiest > shared else "presses",
        mould_lead_weeks=terms.mould_lead_weeks,
    )


def _mix(order: Mapping[Size, int], run: Sequence[Size], pairs: int) -> dict[Size, Decimal]:
    """``pairs`` spread over the sizes as the order spreads its pairs (evenly without one)."""
    total = sum(order.get(s, 0) for s in run)
    if total:
        return {s: Decimal(pairs) * order.get(s, 0) / total for s in run if order.get(s, 0)}
    return {s: Decimal(pairs) / len(run) for s in run}


def quote(
    cost_idr_per_pair: Mapping[Size, Decimal],
    order: Mapping[Size, int],
    moulds: Sequence[MouldSet],
    extras_idr: Decimal,
    pricing: Pricing,
    terms: Terms,
    cycle_s: Decimal = ZERO,
    pairs_per_cycle: int = 1,
) -> Quote:
    """Quote an order.

    Parameters
    ----------
    cost_idr_per_pair : Size -> Decimal
        Cost of a pair without tooling and labour (compound, pressing, finishing), every size
        of the run, in run order.
    order : Size -> int
        Pairs ordered per size.
    moulds : MouldSet per size group of the mould plan
    extras_idr : Decimal
        One-off tooling lines (logo plate, inserts).
    """
    run = list(cost_idr_per_pair)
    labour = terms.labour_idr_per_pair
    rows = []
    for size in run:
        cost = cost_idr_per_pair[size] + labour
        share = _tooling_share(size, order, moulds, extras_idr, terms)
        rows.append(SizeQuote(size, order.get(size, 0), cost, share, pricing.quote(cost),
                              pricing.quote(cost + share)))  # fmt: skip
    needed = _sets_for(order, moulds)
    tooling_total = sum((m.price_idr for m in needed), ZERO) + extras_idr
    breaks = []
    for pairs in terms.breaks:
        mix = _mix(order, run, pairs)
        cost = sum((cost_idr_per_pair[s] * n for s, n in mix.items()), ZERO) / pairs + labour
        whole = {s: 1 for s in mix}  # the moulds this mix needs
        tools = sum((m.price_idr for m in _sets_for(whole, moulds)), ZERO) + extras_idr
        if terms.policy == "order":
            cost += tools / pairs
        elif terms.policy == "lifetime":
            cost += tools / terms.lifetime_pairs
        price = pricing.quote(cost)
        breaks.append(PriceBreak(pairs, price, price * pairs))
    return Quote(
        terms=terms,
        sizes=tuple(rows),
        moulds=tuple(needed),
        tooling_total_idr=tooling_total,
        tooling_billed_idr=tooling_total if terms.policy == "separate" else ZERO,
        capacity=capacity(order, moulds, cycle_s, pairs_per_cycle, terms),
        breaks=tuple(breaks),
    )


def parse_breaks(text: str) -> tuple[int, ...]:
    """``"500,1000,2500"`` as order sizes in pairs (1 to 10,000,000 each, at most 12)."""
    out = []
    for item in (p.strip().replace("_", "") for p in text.split(",")):
        if not item:
            continue
        if not item.isdigit() or not 1 <= int(item) <= _MAX_BREAK:
            raise OutsoleError("--quote: {value} is not a whole number of pairs from 1 to "
                               "10,000,000 (give order sizes as 500,1000,2500)",
                               value=repr(item))  # fmt: skip
        out.append(int(item))
    if not out or len(out) > 12:
        raise OutsoleError("--quote: give 1 to 12 order sizes, as 500,1000,2500")
    return tuple(out)


def order_quote(sheet: CostSheet, terms: Terms) -> Quote:
    """The cost sheet's order quoted under ``terms``.

    The moulds and the tooling policy are the cost sheet's (one set per size ordered, at its
    mould price), so a break at the order's own size is the sheet's quoted price.
    """
    p = sheet.inputs.process
    tooling = sheet.inputs.tooling
    return quote(
        {s.size: s.variable_idr_per_pair for s in sheet.sizes},
        {s.size: s.pairs for s in sheet.sizes if s.pairs},
        tuple(MouldSet((s.size,), tooling.mould_idr_per_size) for s in sheet.sizes),
        tooling.total_idr,
        sheet.inputs.pricing,
        replace(terms, policy=tooling.policy, lifetime_pairs=tooling.lifetime_pairs),
        p.cycle_time_s if p.kind == "machine" else ZERO,
        p.pairs_per_cycle,
    )
