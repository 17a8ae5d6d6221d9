"""Quotes through the cost sheet, with hand-computed figures: each process's compound, each
tooling policy, a mould shared by two sizes, a mould worn out, regrind, kodi, price breaks, and
capacity with two presses and two shifts."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from outsole_studio.core.errors import OutsoleError
from outsole_studio.core.production.cost import cost_sheet
from outsole_studio.core.production.inputs import (
    BodyMaterial,
    CostInputs,
    OrderLine,
    Pricing,
    Process,
    Terms,
    Tooling,
    ToolingLine,
)
from outsole_studio.core.production.mould import MouldPlan
from outsole_studio.core.production.quote import KODI_PAIRS, parse_breaks
from outsole_studio.core.production.sizes import Size

from .test_cost import EVA, RUBBER, graded

EU39, EU40, EU41 = (Size("EU", v) for v in (39, 40, 41))
# Net 120, 132 and 144 g a sole (1.2 g/cm3).
RUN = (graded(39, 100.0), graded(40, 110.0), graded(41, 120.0))
ORDER = (OrderLine(EU39, 100), OrderLine(EU40, 200), OrderLine(EU41, 100))
# EU39 and EU40 share one mould; EU41 has its own; Rp 10,000,000 a mould.
PLAN = MouldPlan(size_groups=(("EU 39", "EU 40"),), mould_price_idr=D(10_000_000))
PRICING = Pricing(overhead_pct=D(10), margin_pct=D(20))  # price = cost x 1.1 / 0.8 = x 1.375
TERMS = Terms(labour_min_per_pair=D(6), wage_idr_per_hour=D(30_000))  # Rp 3,000 a pair
# Compound 9,240 / 10,164 / 11,088 a pair (flash 10 %); pressing 6,500, finishing 1,500,
# labour 3,000: 20,240 / 21,164 / 22,088 a pair before tooling.
VARIABLE = {EU39: D(20_240), EU40: D(21_164), EU41: D(22_088)}


def _inputs(policy="order", lifetime=0, plan=PLAN, terms=TERMS, process=None, mats=None):
    return CostInputs(
        materials=mats or (BodyMaterial(0, RUBBER, D(10)),),
        process=process or Process(subcontract_idr_per_pair=D(6500),
                                   finishing_idr_per_pair=D(1500)),
        tooling=Tooling(D(0), (ToolingLine("logo plate", D(2_000_000)),), policy, lifetime),
        pricing=PRICING,
        terms=terms,
        moulds=(plan,),
    )  # fmt: skip


def _sheet(order=ORDER, **kw):
    return cost_sheet(RUN, order, _inputs(**kw))


def test_tooling_spread_over_this_order_pays_a_shared_mould_once():
    sheet = _sheet(policy="order")
    by = {s.size: s for s in sheet.sizes}
    assert {s: by[s].variable_idr_per_pair for s in by} == VARIABLE
    assert by[EU39].labour_idr_per_pair == D(3000)
    # EU39: the shared mould 10,000,000 / (100 + 200) pairs; the plate 2,000,000 / 400 pairs.
    assert by[EU39].mould_idr_per_pair == D(10_000_000) / 300
    assert by[EU40].mould_idr_per_pair == by[EU39].mould_idr_per_pair
    assert by[EU41].mould_idr_per_pair == D(100_000)
    assert by[EU39].tooling_idr_per_pair == D(5_000)
    assert by[EU39].price_idr_per_pair == D(20_240) * D("1.375") == D(27_830)
    assert by[EU41].price_with_tooling_idr_per_pair == D(127_088) * D("1.375")
    # Two moulds bought (not three), and every Rupiah of tooling recovered by the order.
    assert sheet.mould_total_idr == D(20_000_000)
    assert [(m.sizes, m.count, m.pairs) for m in sheet.moulds] == [
        ((EU39, EU40), 1, 300), ((EU41,), 1, 100)]  # fmt: skip
    assert sheet.total_idr == sum(
        VARIABLE[s] * n for s, n in ((EU39, 100), (EU40, 200), (EU41, 100))
    ) + D(22_000_000)
    assert sheet.tooling_billed_idr == 0  # fmt: skip


def test_tooling_billed_once_leaves_every_size_at_its_own_cost():
    sheet = _sheet(policy="separate")
    by = {s.size: s for s in sheet.sizes}
    assert all(s.mould_idr_per_pair == s.tooling_idr_per_pair == 0 for s in sheet.sizes)
    assert sheet.tooling_billed_idr == D(22_000_000)
    # Sizes differ by their compound alone, whatever their quantities.
    assert by[EU41].price_idr_per_pair - by[EU39].price_idr_per_pair == D(1_848) * D("1.375")
    assert by[EU41].price_with_tooling_idr_per_pair == by[EU41].price_idr_per_pair


def test_tooling_spread_over_the_moulds_life_is_the_same_for_every_size():
    sheet = _sheet(policy="lifetime", lifetime=40_000)
    # (20,000,000 of moulds + 2,000,000 of plate) / 40,000 pairs = 550 a pair, every size.
    assert {s.mould_idr_per_pair + s.tooling_idr_per_pair for s in sheet.sizes} == {D(550)}
    assert sheet.sizes[0].price_with_tooling_idr_per_pair == D(20_790) * D("1.375")


def test_a_worn_out_mould_is_bought_again():
    plan = MouldPlan(size_groups=(("EU 39", "EU 40"),), mould_price_idr=D(10_000_000),
                     mould_life_pairs=250)  # fmt: skip
    sheet = _sheet(plan=plan)
    # 300 pairs through the shared mould: two moulds; 100 through EU41's: one.
    assert [m.count for m in sheet.moulds] == [2, 1]
    assert sheet.mould_total_idr == D(30_000_000)
    assert sheet.sizes[0].mould_idr_per_pair == D(20_000_000) / 300


def test_kodi_is_twenty_pairs():
    s = _sheet().sizes[0]
    assert KODI_PAIRS == 20
    assert s.price_idr_per_kodi == 20 * s.price_idr_per_pair == D(556_600)
    assert s.price_with_tooling_idr_per_kodi == 20 * s.price_with_tooling_idr_per_pair


def test_price_breaks_in_the_orders_size_mix():
    terms = Terms(labour_min_per_pair=D(6), wage_idr_per_hour=D(30_000), breaks=(400, 1000))
    own, thousand = _sheet(terms=terms).breaks
    # At the order's own size the break is the sheet's quoted price.
    assert own.price_idr_per_pair == _sheet(terms=terms).price_idr_per_pair
    # 1,000 pairs as 250 / 500 / 250: 21,164 a pair before tooling; moulds and plate
    # 22,000,000 / 1,000 = 22,000: cost 43,164, price x 1.375 = 59,350.5.
    assert thousand.cost_idr_per_pair == D(43_164)
    assert thousand.price_idr_per_pair == D("59350.5")
    assert thousand.total_idr == D(59_350_500)
    assert thousand.price_idr_per_kodi == D(1_187_010)
    separate = _sheet(terms=terms, policy="separate").breaks[1]
    assert separate.price_idr_per_pair == D(21_164) * D("1.375")
    assert separate.tooling_idr == D(22_000_000)


def test_capacity_with_two_presses_and_two_shifts():
    terms = Terms(presses=2, shifts=2)
    process = Process(kind="machine", cycle_time_s=D(300), machine_rate_idr_per_hour=D(0),
                      pairs_per_cycle=2)  # fmt: skip
    each = (OrderLine(EU39, 1000), OrderLine(EU40, 1000), OrderLine(EU41, 1000))
    own = MouldPlan()
    # 300 s cycles, 2 pairs a cycle: 24 pairs an hour a press; 2 x 2 x 8 h = 768 pairs a day.
    c = _sheet(order=each, plan=own, terms=terms, process=process).capacity
    assert c.pairs_per_day == D(768)
    assert c.days == D("62.5") / 16 and c.whole_days == 4
    assert (c.bottleneck, c.cycle_is_default, c.mould_lead_weeks) == ("presses", False, 4)
    # Two sizes in one mould keep one press busy 2,000 / 24 h, longer than both presses need
    # for all 3,000 pairs: the mould is the bottleneck.
    c = _sheet(order=each, terms=terms, process=process).capacity
    assert c.bottleneck == "moulds"
    assert c.days == D(2000) / 24 / 16
    # A sole factory's price: capacity from rubber's default cure of 6 minutes, said so.
    c = _sheet(order=each, plan=own, terms=terms).capacity
    assert (c.cycle_s, c.cycle_is_default, c.pairs_per_day) == (360, True, D(320))


def test_each_process_buys_its_own_scrap():
    def material(plan, mats=None):
        return _sheet(plan=plan, mats=mats).sizes[0].bodies[0]

    # Compression-moulded rubber: flash 10 % of the 120 g net is bought and lost.
    assert material(PLAN).compound_g_per_sole == D(132)
    # Injected TPR: a 5 % runner, 60 % of it reground: 2 % bought beyond the net.
    tpr = MouldPlan.for_process("tpr-injection", flash_pct=5.0, regrind_pct=60.0)
    assert tpr.scrap_pct == D(2)
    assert material(tpr).compound_g_per_sole == D("122.4")
    # Poured PU: 5 % overflow.
    assert material(MouldPlan.for_process("pu-pouring")).compound_g_per_sole == D(126)
    # Injected EVA: 3 % flash and 5 % milled off: 8 % (the expansion changes the cavity only).
    eva = MouldPlan.for_process("eva-injection", milldown_pct=5.0)
    foam = (BodyMaterial(0, EVA, D(5)),)
    body = material(eva, foam)
    assert body.net_g_per_sole == D(25) and body.compound_g_per_sole == D(27)
    # A multi-station machine: 90 s x Rp 120,000 an hour / 3,600 / (1 pair x 6 stations).
    process = Process(kind="machine", cycle_time_s=D(90), machine_rate_idr_per_hour=D(120_000),
                      stations=6)  # fmt: skip
    assert process.pressing_idr_per_pair == D(500)


def test_sensitivity_to_cycle_time_flash_and_policy():
    process = Process(kind="machine", cycle_time_s=D(300), machine_rate_idr_per_hour=D(36_000))
    sheet = _sheet(process=process, policy="separate", lifetime=40_000)
    cases = {c.label: c.change_idr_per_pair for c in sheet.sensitivity}
    # Pressing 300 x 36,000 / 3,600 = 3,000 a pair: +20 % of the cycle is +600.
    assert cases["cycle time +20 %"] == D(600)
    assert cases["cycle time -20 %"] == D(-600)
    # 5 more points of flash: 5 % of the net (120, 132, 144 g x 100, 200, 100 pairs x 2)
    # x Rp 35 a gram / 400 pairs.
    assert cases["flash +5 points"] == D("0.05") * 2 * (12_000 + 26_400 + 14_400) * 35 / 400
    assert cases["tooling over this order"] == D(22_000_000) / 400
    assert cases["tooling over the moulds' life"] == D(550)


@pytest.mark.parametrize("bad", [
    {"presses": 0}, {"shifts": 4}, {"labour_min_per_pair": D(-1)}, {"breaks": ()},
    {"breaks": (0,)}, {"mould_lead_weeks": D(60)}, {"hours_per_shift": D("NaN")},
    {"wage_idr_per_hour": D("1e9")},
])  # fmt: skip
def test_terms_out_of_range_are_refused(bad):
    with pytest.raises(OutsoleError):
        Terms(**bad)


@pytest.mark.parametrize("bad", [
    {"regrind_pct": 50.0},  # cured rubber cannot be re-melted
    {"milldown_pct": 5.0},  # mill-down belongs to EVA
    {"mould_price_idr": D(-1)}, {"mould_life_pairs": -1},
])  # fmt: skip
def test_drivers_that_do_not_fit_the_process_are_refused(bad):
    with pytest.raises(OutsoleError):
        MouldPlan(**bad)


def test_breaks_are_read_from_text():
    assert parse_breaks("500, 1_000,2500") == (500, 1000, 2500)
    with pytest.raises(OutsoleError):
        parse_breaks("500,lots")
