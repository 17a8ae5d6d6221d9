"""Quoting as sole factories and workshops do: the moulds an order needs, what the tooling adds
to a pair under each policy, capacity and lead time, and a price-break table (exact Decimal
Rupiah, Qt-free). The cost sheet (:mod:`.cost`) puts these together.

Tooling policies::

    separate  tooling billed once: the unit price carries none, the quote shows the total
    lifetime  (moulds + tooling lines) / the pairs planned over the moulds' use, every size alike
    order     each mould / the pairs ordered in its sizes, tooling lines / all pairs (a one-off)

A mould set serves the sizes of one group of a body's mould plan (a mould shared by two sizes is
paid once); a mould of limited life is bought again for every ``life`` pairs through it.
Capacity: one station runs one mould at a time, so an order needs at least the hours of its
busiest mould and, over all its stations, the hours of all its pairs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ..errors import OutsoleError
from ..messages import Message
from .inputs import MAX_BREAK_PAIRS, ZERO, Pricing, Terms, ToolingPolicy
from .mould import MouldPlan
from .sizes import Size

#: Pairs in a kodi, the unit Indonesian footwear markets and IKM price in (REFERENCE: costing).
KODI_PAIRS = 20


@dataclass(frozen=True)
class MouldSet:
    """One mould (L+R) of a body and the sizes it presses.

    Attributes
    ----------
    body : int
        0-based body the mould makes.
    number : int
        1-based number of the mould in its body's plan.
    price_idr : Decimal
        One mould.
    count : int
        Moulds bought for the order: 0 when none of its sizes is ordered, else one per
        ``life`` pairs through it (one when its life is not limited).
    pairs : int or Decimal
        Pairs ordered in its sizes.
    """

    body: int
    number: int
    sizes: tuple[Size, ...]
    price_idr: Decimal
    count: int = 1
    pairs: int | Decimal = 0

    @property
    def cost_idr(self) -> Decimal:
        """The moulds bought: price x count."""
        return self.price_idr * self.count


def _count(pairs: int | Decimal, life_pairs: int) -> int:
    """Moulds needed to press ``pairs``: one per ``life`` pairs (one when life is 0)."""
    if not pairs:
        return 0
    return max(1, math.ceil(pairs / life_pairs)) if life_pairs else 1


def mould_sets(
    plans: Sequence[MouldPlan],
    run: Sequence[Size],
    order: Mapping[Size, int | Decimal],
    price_idr: Decimal,
) -> tuple[MouldSet, ...]:
    """Every mould of every body's plan over the run, with what the order needs of it.

    ``price_idr``: the price of a mould whose plan gives none.
    """
    out = []
    for plan in plans:
        price = price_idr if plan.mould_price_idr is None else plan.mould_price_idr
        for i, sizes in enumerate(plan.moulds(run)):
            pairs = sum((order.get(s, 0) for s in sizes), 0)
            out.append(MouldSet(plan.body, i + 1, sizes, price,
                                _count(pairs, plan.mould_life_pairs), pairs))  # fmt: skip
    return tuple(out)


def tooling_idr_per_pair(
    size: Size,
    sets: Sequence[MouldSet],
    extras_idr: Decimal,
    total_pairs: int | Decimal,
    policy: ToolingPolicy,
    lifetime_pairs: int,
) -> tuple[Decimal, Decimal]:
    """(mould, tooling lines) added to a pair of ``size`` under ``policy``.

    Under ``order`` a pair carries each mould of its size / the pairs through that mould, and
    the lines / all pairs (a size not ordered carries nothing: the caller asks only for those).
    """
    if policy == "separate" or not total_pairs:
        return ZERO, ZERO
    if policy == "lifetime":
        moulds = sum((m.cost_idr for m in sets), ZERO)
        return moulds / lifetime_pairs, extras_idr / lifetime_pairs
    mould = sum((m.cost_idr / m.pairs for m in sets if m.pairs and size in m.sizes), ZERO)
    return mould, extras_idr / total_pairs


@dataclass(frozen=True)
class Capacity:
    """How fast the order is pressed.

    Attributes
    ----------
    cycle_s : Decimal
        The cycle used; ``cycle_is_default``: the process's default (a subcontract price was
        given without a cycle).
    pairs_per_day : Decimal
        All machines, all shifts, when no mould holds them back.
    days : Decimal
        Working days to press the order (exact); ``whole_days`` rounds up.
    bottleneck : "presses" or "moulds"
        ``moulds``: one mould's sizes keep a station busy longer than the stations share the
        rest (a second mould of that group would shorten the order).
    """

    cycle_s: Decimal
    cycle_is_default: bool
    pairs_per_day: Decimal
    days: Decimal
    bottleneck: Literal["presses", "moulds"]
    mould_lead_weeks: Decimal

    @property
    def whole_days(self) -> int:
        """Working days, rounded up."""
        return math.ceil(self.days)


def capacity(
    order_pairs: int,
    sets: Sequence[MouldSet],
    cycle_s: Decimal,
    pairs_per_cycle: int,
    stations: int,
    terms: Terms,
    cycle_is_default: bool = False,
) -> Capacity:
    """Days to press ``order_pairs`` pairs through the ``sets`` (each mould on one station)."""
    per_station_hour = Decimal(3600) / cycle_s * pairs_per_cycle
    day_hours = terms.shifts * terms.hours_per_shift
    shared = Decimal(order_pairs) / (per_station_hour * stations * terms.presses)
    busiest = max(
        (Decimal(m.pairs) / m.count / per_station_hour for m in sets if m.count), default=ZERO
    )
    hours = max(shared, busiest)
    return Capacity(
        cycle_s=cycle_s,
        cycle_is_default=cycle_is_default,
        pairs_per_day=per_station_hour * stations * terms.presses * day_hours,
        days=hours / day_hours,
        bottleneck="moulds" if busiest > shared else "presses",
        mould_lead_weeks=terms.mould_lead_weeks,
    )


@dataclass(frozen=True)
class PriceBreak:
    """The price of an order of ``pairs`` in the order's size mix, with its tooling share
    (none under ``separate``: the moulds are billed once, ``tooling_idr``)."""

    pairs: int
    cost_idr_per_pair: Decimal
    price_idr_per_pair: Decimal
    total_idr: Decimal
    tooling_idr: Decimal

    @property
    def price_idr_per_kodi(self) -> Decimal:
        """Price of a kodi at this order size."""
        return KODI_PAIRS * self.price_idr_per_pair


def price_breaks(
    variable_idr_per_pair: Mapping[Size, Decimal],
    order: Mapping[Size, int],
    plans: Sequence[MouldPlan],
    mould_price_idr: Decimal,
    extras_idr: Decimal,
    pricing: Pricing,
    policy: ToolingPolicy,
    lifetime_pairs: int,
    breaks: Sequence[int],
) -> tuple[PriceBreak, ...]:
    """The order's size mix quoted at each order size of ``breaks``.

    Parameters
    ----------
    variable_idr_per_pair : Size -> Decimal
        Cost of a pair without tooling, every size of the run, in run order.
    order : Size -> int
        The order whose size mix is kept (an even mix over the run without one).
    """
    run = list(variable_idr_per_pair)
    total = sum(order.get(s, 0) for s in run)
    out = []
    for pairs in breaks:
        if total:
            mix = {s: Decimal(pairs) * order.get(s, 0) / total for s in run if order.get(s, 0)}
        else:
            mix = {s: Decimal(pairs) / len(run) for s in run}
        cost = sum((variable_idr_per_pair[s] * n for s, n in mix.items()), ZERO) / pairs
        sets = mould_sets(plans, run, mix, mould_price_idr)
        tools = sum((m.cost_idr for m in sets), ZERO) + extras_idr
        if policy == "order":
            cost += tools / pairs
        elif policy == "lifetime":
            cost += tools / lifetime_pairs
        price = pricing.quote(cost)
        out.append(PriceBreak(pairs, cost, price, price * pairs, tools))
    return tuple(out)


def parse_breaks(text: str, what: str | None = None) -> tuple[int, ...]:
    """``"500,1000,2500"`` as order sizes in pairs (1 to 10,000,000 each, at most 12);
    ``what`` names the field in a refusal (an option's name; by default "price breaks")."""
    field = Message("price breaks") if what is None else what
    out = []
    for item in (p.strip().replace("_", "").replace(".", "") for p in text.split(",")):
        if not item:
            continue
        if not item.isdigit() or not 1 <= int(item) <= MAX_BREAK_PAIRS:
            raise OutsoleError("{what}: {value} is not a whole number of pairs from 1 to "
                               "10,000,000 (give order sizes as 500,1000,2500)",
                               what=field, value=repr(item))  # fmt: skip
        out.append(int(item))
    if not out or len(out) > 12:
        raise OutsoleError("{what}: give 1 to 12 order sizes, as 500,1000,2500", what=field)
    return tuple(out)
