"""Quotes with hand-computed figures: each tooling policy, a mould shared by two sizes, kodi,
price breaks, capacity with two presses and two shifts."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from outsole_studio.core.errors import OutsoleError
from outsole_studio.core.production.inputs import Pricing
from outsole_studio.core.production.quote import KODI_PAIRS, MouldSet, Terms, capacity, quote
from outsole_studio.core.production.sizes import Size

EU39, EU40, EU41 = (Size("EU", v) for v in (39, 40, 41))
COST = {EU39: D(50_000), EU40: D(52_000), EU41: D(54_000)}
ORDER = {EU39: 100, EU40: 200, EU41: 100}
# EU39 and EU40 share one mould; EU41 has its own.
MOULDS = (MouldSet((EU39, EU40), D(10_000_000)), MouldSet((EU41,), D(8_000_000)))
EXTRAS = D(2_000_000)
PRICING = Pricing(overhead_pct=D(10), margin_pct=D(20))  # price = cost x 1.1 / 0.8 = x 1.375
LABOUR = {"labour_min_per_pair": D(6), "wage_idr_per_hour": D(30_000)}  # Rp 3,000 a pair


def _quote(**terms):
    return quote(COST, ORDER, MOULDS, EXTRAS, PRICING, Terms(**LABOUR, **terms))


def test_tooling_spread_over_this_order_shares_a_mould_between_two_sizes():
    q = _quote(policy="order")
    by = {r.size: r for r in q.sizes}
    # EU39: lines 2,000,000 / 400 pairs + the shared mould 10,000,000 / (100 + 200) pairs.
    assert by[EU39].tooling_idr_per_pair == D(5_000) + D(10_000_000) / 300
    assert by[EU40].tooling_idr_per_pair == by[EU39].tooling_idr_per_pair
    assert by[EU41].tooling_idr_per_pair == D(5_000) + D(80_000)
    assert by[EU39].cost_idr_per_pair == D(53_000)
    assert by[EU39].price_idr_per_pair == D(72_875)
    # (53,000 + 5,000 + 33,333.33) x 1.375
    assert by[EU39].price_with_tooling_idr_per_pair == pytest.approx(D("125583.3333"),
                                                                     abs=D("0.0001"))  # fmt: skip
    assert q.tooling_total_idr == D(20_000_000) and q.tooling_billed_idr == 0
    # Every Rupiah of tooling is recovered by the order.
    recovered = sum(r.tooling_idr_per_pair * r.pairs for r in q.sizes)
    assert recovered == pytest.approx(D(20_000_000), abs=D("0.0001"))


def test_tooling_billed_once_leaves_every_size_at_its_own_cost():
    q = _quote(policy="separate")
    by = {r.size: r for r in q.sizes}
    assert all(r.tooling_idr_per_pair == 0 for r in q.sizes)
    assert q.tooling_billed_idr == D(20_000_000)
    # Sizes differ by their compound and process cost alone, whatever their quantities.
    assert by[EU41].price_idr_per_pair - by[EU39].price_idr_per_pair == D(4_000) * D("1.375")


def test_tooling_spread_over_the_moulds_life_is_the_same_for_every_size():
    q = _quote(policy="lifetime", lifetime_pairs=40_000)
    assert {r.tooling_idr_per_pair for r in q.sizes} == {D(500)}
    assert q.sizes[0].price_with_tooling_idr_per_pair == D(53_500) * D("1.375")


def test_kodi_is_twenty_pairs():
    r = _quote(policy="order").sizes[0]
    assert KODI_PAIRS == 20
    assert r.price_idr_per_kodi == 20 * r.price_idr_per_pair == D(1_457_500)
    assert r.price_with_tooling_idr_per_kodi == 20 * r.price_with_tooling_idr_per_pair


def test_price_breaks_in_the_orders_size_mix():
    q = _quote(policy="order", breaks=(1000, 5000))
    first, second = q.breaks
    # 1,000 pairs as 250 / 500 / 250: compound and process 52,000 + labour 3,000, tooling
    # 20,000,000 / 1,000 = 20,000: cost 75,000, price x 1.375.
    assert first.price_idr_per_pair == D(103_125)
    assert first.total_idr == D(103_125_000)
    assert first.price_idr_per_kodi == D(2_062_500)
    assert second.price_idr_per_pair == (D(55_000) + D(4_000)) * D("1.375")
    separate = _quote(policy="separate", breaks=(1000,)).breaks[0]
    assert separate.price_idr_per_pair == D(55_000) * D("1.375")


def test_capacity_with_two_presses_and_two_shifts():
    terms = Terms(presses=2, shifts=2)
    # 300 s cycles, 2 pairs a cycle: 24 pairs an hour a press; 2 x 2 x 8 h = 768 pairs a day.
    each = {EU39: 1000, EU40: 1000, EU41: 1000}
    own = tuple(MouldSet((s,), D(1)) for s in each)
    c = capacity(each, own, D(300), 2, terms)
    assert c.pairs_per_day == D(768)
    assert c.days == D("62.5") / 16 and c.whole_days == 4
    assert c.bottleneck == "presses"
    # Two sizes in one mould: that mould keeps one press busy 2,000 / 24 h, longer than the
    # presses need for all 3,000 pairs shared: the mould is the bottleneck.
    c = capacity(each, MOULDS, D(300), 2, terms)
    assert c.bottleneck == "moulds"
    assert c.days == D(2000) / 24 / 16
    assert capacity(each, own, D(0), 2, terms) is None  # a sole factory's price per pair


@pytest.mark.parametrize("bad", [
    {"policy": "free"}, {"policy": "lifetime"}, {"presses": 0}, {"shifts": 4},
    {"labour_min_per_pair": D(-1)}, {"breaks": ()}, {"breaks": (0,)},
    {"mould_lead_weeks": D(60)}, {"hours_per_shift": D("NaN")},
])  # fmt: skip
def test_terms_out_of_range_are_refused(bad):
    with pytest.raises(OutsoleError):
        Terms(**bad)
