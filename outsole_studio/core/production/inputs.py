"""The cost model's inputs: compound per body, pressing, tooling, pricing and the order.

Each is checked where it is made (a percentage in range, money not negative), so a cost sheet is
never computed from inputs that cannot be.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from ..errors import OutsoleError
from ..messages import Message
from .materials import Material
from .mould import MouldPlan, effective_plans
from .sizes import Size, SizeRun

ZERO = Decimal(0)
HUNDRED = Decimal(100)


def _check_pct(value: Decimal, what: str | Message, upper: int = 100) -> None:
    if not value.is_finite() or value < 0 or value >= upper:
        raise OutsoleError(
            "{what} must be at least 0 % and under {upper} %, not {value} %",
            what=what,
            upper=upper,
            value=value,
        )


#: Declared ranges of the inputs, far beyond any real order so that only nonsense is refused
#: (a typo of ten zeros, 1e30 pasted in): any amount of money, Rp; pairs in one size.
MAX_IDR = Decimal(10) ** 12
MAX_PAIRS = 10_000_000
#: A press cycle, s: rubber cures in 3-10 minutes, injection cycles take under 2; an hour is
#: beyond any. Pairs pressed in one cycle: multi-station machines carry 6-24 moulds.
MAX_CYCLE_S = Decimal(3600)
MAX_PAIRS_PER_CYCLE = 100
#: Stations on one machine: PU carousels carry up to 24 (REFERENCE); 60 leaves room.
MAX_STATIONS = 60
#: Margin as a share of the price: 95 % already quotes twenty times the cost.
MAX_MARGIN_PCT = Decimal(95)
#: The exchange rate's range, IDR per USD (about 16,000 in 2026).
USD_RATE_RANGE = (Decimal(1), Decimal(1_000_000))


def _check_money(value: Decimal, what: str | Message) -> None:
    if not value.is_finite() or value < 0:
        raise OutsoleError(
            "{what} must be zero or more Rupiah, not {value}", what=what, value=value
        )
    if value > MAX_IDR:
        raise OutsoleError(
            "{what} must be at most Rp 1,000,000,000,000, not {value}", what=what, value=value
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
    press, ``cycle_time_s x machine_rate_idr_per_hour / 3600 / (pairs_per_cycle x stations)``.

    ``pairs_per_cycle`` is what one station (a press, or a station of an injection machine or a
    PU carousel) makes per cycle; ``stations``, the stations one machine works at once for its
    hourly rate: 1 for a press, 4-12 on an injection machine, 12-24 on a PU carousel
    (REFERENCE). A cycle time of 0 with a subcontract price: the mould process's default cycle
    is used for capacity only.
    """

    kind: Literal["subcontract", "machine"] = "subcontract"
    subcontract_idr_per_pair: Decimal = ZERO
    cycle_time_s: Decimal = ZERO
    machine_rate_idr_per_hour: Decimal = ZERO
    pairs_per_cycle: int = 1
    finishing_idr_per_pair: Decimal = ZERO
    stations: int = 1

    def __post_init__(self) -> None:
        if self.kind not in ("subcontract", "machine"):
            raise OutsoleError(
                "process {kind} is not 'subcontract' or 'machine'", kind=repr(self.kind)
            )
        _check_money(self.subcontract_idr_per_pair, "the pressing price per pair")
        _check_money(self.machine_rate_idr_per_hour, "the machine rate per hour")
        _check_money(self.finishing_idr_per_pair, "the finishing cost per pair")
        least = 0 if self.kind == "subcontract" else 1  # a press cycle takes time
        if not (self.cycle_time_s.is_finite() and least <= self.cycle_time_s <= MAX_CYCLE_S):
            raise OutsoleError(
                "cycle time must be {least} to {most} seconds, not {cycle_time_s}",
                least=least,
                most=MAX_CYCLE_S,
                cycle_time_s=self.cycle_time_s,
            )
        if not 1 <= self.pairs_per_cycle <= MAX_PAIRS_PER_CYCLE:
            raise OutsoleError(
                "pairs per cycle must be 1 to {most}, not {pairs_per_cycle}",
                most=MAX_PAIRS_PER_CYCLE,
                pairs_per_cycle=self.pairs_per_cycle,
            )
        if not 1 <= self.stations <= MAX_STATIONS:
            raise OutsoleError("stations on a machine must be 1 to {most}, not {value}",
                               most=MAX_STATIONS, value=self.stations)  # fmt: skip

    @property
    def pressing_idr_per_pair(self) -> Decimal:
        """Pressing cost of one pair, exact."""
        if self.kind == "subcontract":
            return self.subcontract_idr_per_pair
        return (
            self.cycle_time_s
            * self.machine_rate_idr_per_hour
            / Decimal(3600 * self.pairs_per_cycle * self.stations)
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


ToolingPolicy = Literal["separate", "lifetime", "order"]
#: How moulds and tooling lines reach the price of a pair: billed once apart from it, spread over
#: the pairs planned over the moulds' life, or spread over this order (a one-off run).
TOOLING_POLICIES: tuple[ToolingPolicy, ...] = ("separate", "lifetime", "order")
#: Pairs planned over the moulds' use: up to 100 million.
MAX_LIFETIME_PAIRS = 100_000_000


def check_policy(policy: str, lifetime_pairs: int) -> None:
    """A known tooling policy; ``lifetime`` with the pairs planned (1 to 100,000,000)."""
    if policy not in TOOLING_POLICIES:
        raise OutsoleError("tooling policy {value} is not one of separate, lifetime, order",
                           value=repr(policy))  # fmt: skip
    if policy == "lifetime" and not 1 <= lifetime_pairs <= MAX_LIFETIME_PAIRS:
        raise OutsoleError("a tooling spread over the moulds' life needs the pairs planned "
                           "(1 to 100,000,000)")  # fmt: skip


@dataclass(frozen=True)
class Tooling:
    """Moulds (one L+R mould per size ordered), one-off lines, and how their cost is charged.

    ``lifetime_pairs``: the pairs planned over the moulds' use, across orders (policy
    ``lifetime``).
    """

    mould_idr_per_size: Decimal = ZERO
    extras: tuple[ToolingLine, ...] = ()
    policy: ToolingPolicy = "order"
    lifetime_pairs: int = 0

    def __post_init__(self) -> None:
        _check_money(self.mould_idr_per_size, "the mould cost per size")
        check_policy(self.policy, self.lifetime_pairs)

    @property
    def total_idr(self) -> Decimal:
        """The one-off lines together."""
        return sum((t.cost_idr for t in self.extras), ZERO)


@dataclass(frozen=True)
class Pricing:
    """From cost to a quoted price: overhead on cost, then margin as a share of the price."""

    overhead_pct: Decimal = ZERO
    margin_pct: Decimal = ZERO
    idr_per_usd: Decimal | None = None

    def __post_init__(self) -> None:
        _check_pct(self.overhead_pct, "overhead", upper=1000)
        if not (self.margin_pct.is_finite() and 0 <= self.margin_pct <= MAX_MARGIN_PCT):
            raise OutsoleError(
                "margin must be 0 to {most} % of the price, not {value} %",
                most=MAX_MARGIN_PCT,
                value=self.margin_pct,
            )
        lo, hi = USD_RATE_RANGE
        if self.idr_per_usd is not None and not (
            self.idr_per_usd.is_finite() and lo <= self.idr_per_usd <= hi
        ):
            raise OutsoleError(
                "the exchange rate must be 1 to 1,000,000 IDR per USD, not {idr_per_usd}",
                idr_per_usd=self.idr_per_usd,
            )

    def quote(self, cost: Decimal) -> Decimal:
        """Price for a cost: ``cost x (1 + overhead) / (1 - margin)``."""
        return cost * (1 + self.overhead_pct / HUNDRED) / (1 - self.margin_pct / HUNDRED)


#: A working day's hours per shift: 8 h in a five-day week (UU 13/2003, art. 77).
HOURS_PER_SHIFT = Decimal(8)
#: Weeks to make a mould: 3-4 (REFERENCE: tooling); the upper figure, for the user to confirm.
MOULD_LEAD_WEEKS = Decimal(4)
#: Wage per hour: a placeholder near a Java regional minimum wage (Rp 5,000,000 a month over
#: 173 hours); minimum wages differ 2-3 fold across Java: set the region's.
WAGE_IDR_PER_HOUR_PLACEHOLDER = Decimal(28_900)
#: Order sizes of the price-break table, pairs.
PRICE_BREAKS = (500, 1000, 2500, 5000)
MAX_BREAK_PAIRS = 10_000_000
#: Labour per pair, minutes (a day's work on one pair is beyond any sole); wage, Rp an hour.
MAX_LABOUR_MIN = Decimal(600)
MAX_WAGE_IDR_PER_HOUR = Decimal(10_000_000)


@dataclass(frozen=True)
class Terms:
    """The workshop's terms: labour, presses and shifts, mould lead time, the price breaks.

    Attributes
    ----------
    labour_min_per_pair : Decimal
        Trimming, finishing and packing time per pair, minutes.
    wage_idr_per_hour : Decimal
        The region's wage (minimum wages differ 2-3 fold across Java).
    presses : int
        Machines working the order.
    shifts : int
        Shifts a day, of ``hours_per_shift`` hours.
    mould_lead_weeks : Decimal
        Weeks to make the moulds before pressing starts.
    breaks : tuple of int
        Order sizes of the price-break table, pairs.
    """

    labour_min_per_pair: Decimal = ZERO
    wage_idr_per_hour: Decimal = WAGE_IDR_PER_HOUR_PLACEHOLDER
    presses: int = 1
    shifts: int = 1
    hours_per_shift: Decimal = HOURS_PER_SHIFT
    mould_lead_weeks: Decimal = MOULD_LEAD_WEEKS
    breaks: tuple[int, ...] = PRICE_BREAKS
    wage_is_placeholder: bool = True

    def __post_init__(self) -> None:
        lab, wage = self.labour_min_per_pair, self.wage_idr_per_hour
        if not (lab.is_finite() and 0 <= lab <= MAX_LABOUR_MIN):
            raise OutsoleError("labour must be 0 to 600 minutes a pair, not {value}", value=lab)
        if not (wage.is_finite() and 0 <= wage <= MAX_WAGE_IDR_PER_HOUR):
            raise OutsoleError("the wage must be 0 to Rp 10,000,000 an hour, not {value}",
                               value=wage)  # fmt: skip
        if not 1 <= self.presses <= 100:
            raise OutsoleError("presses must be 1 to 100, not {value}", value=self.presses)
        if not 1 <= self.shifts <= 3:
            raise OutsoleError("shifts must be 1 to 3 a day, not {value}", value=self.shifts)
        if not (self.hours_per_shift.is_finite() and 1 <= self.hours_per_shift <= 12):
            raise OutsoleError("a shift must be 1 to 12 hours, not {value}",
                               value=self.hours_per_shift)  # fmt: skip
        if not (self.mould_lead_weeks.is_finite() and 0 <= self.mould_lead_weeks <= 52):
            raise OutsoleError("the mould lead time must be 0 to 52 weeks, not {value}",
                               value=self.mould_lead_weeks)  # fmt: skip
        if not 1 <= len(self.breaks) <= 12 or any(
            not 1 <= b <= MAX_BREAK_PAIRS for b in self.breaks
        ):
            raise OutsoleError("price breaks: 1 to 12 order sizes of 1 to 10,000,000 pairs")

    @property
    def labour_idr_per_pair(self) -> Decimal:
        """Labour of a pair, exact: minutes x wage / 60."""
        return self.labour_min_per_pair * self.wage_idr_per_hour / 60


@dataclass(frozen=True)
class OrderLine:
    """Pairs ordered in one size."""

    size: Size
    pairs: int

    def __post_init__(self) -> None:
        if self.pairs < 0:
            raise OutsoleError("pairs ordered in {label} must be 0 or more", label=self.size.label)
        if self.pairs > MAX_PAIRS:
            raise OutsoleError(
                "pairs ordered in {label} must be at most 10,000,000, not {pairs}",
                label=self.size.label,
                pairs=self.pairs,
            )


@dataclass(frozen=True)
class CostInputs:
    """Everything the cost model needs besides the geometry.

    ``moulds``: the designer's mould plans (flash, regrind, mill-down, size groups, mould price
    and life per body); a body without one is costed with its compound's process defaults and
    its waste as the flash.
    """

    materials: tuple[BodyMaterial, ...]
    process: Process = field(default_factory=Process)
    tooling: Tooling = field(default_factory=Tooling)
    pricing: Pricing = field(default_factory=Pricing)
    terms: Terms = field(default_factory=Terms)
    moulds: tuple[MouldPlan, ...] = ()

    @property
    def plans(self) -> tuple[MouldPlan, ...]:
        """A mould plan per body: the ones given, else each compound's process defaults."""
        return effective_plans([(bm.body, bm.material, bm.waste_pct) for bm in self.materials],
                               self.moulds)  # fmt: skip


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
    if not any(line.pairs for line in lines):
        raise OutsoleError("the order has no pairs; give at least one size a number above 0")
    return tuple(lines)
