"""The cost model against a cost worked out by hand, to the Rupiah."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest

from outsole_studio.core.errors import OutsoleError
from outsole_studio.core.production.cost import cost_sheet, sole_mass_g
from outsole_studio.core.production.costsheet import rupiah
from outsole_studio.core.production.graded import GradedSize
from outsole_studio.core.production.inputs import (
    BodyMaterial,
    CostInputs,
    OrderLine,
    Pricing,
    Process,
    Tooling,
    ToolingLine,
    parse_order,
)
from outsole_studio.core.production.materials import Material
from outsole_studio.core.production.sizes import Size, parse_size_run

RUBBER = Material(
    key="rubber",
    name="Test rubber",
    family="rubber",
    density_g_cm3=1.2,
    density_min_g_cm3=1.1,
    density_max_g_cm3=1.3,
    hardness_scale="Shore A",
    hardness_min=60,
    hardness_max=70,
    processes=("compression",),
    recyclable_scrap=False,
    price_idr_per_kg=D(35000),
    price_is_placeholder=False,
    waste_pct=D(10),
    source="test",
)
EVA = replace(
    RUBBER,
    key="eva",
    family="foam",
    density_g_cm3=0.25,
    density_min_g_cm3=0.2,
    density_max_g_cm3=0.3,
    hardness_scale="Asker C",
    price_idr_per_kg=D(40000),
    waste_pct=D(5),
)


def graded(size: float, *volumes_cm3: float) -> GradedSize:
    return GradedSize(
        size=Size("EU", size),
        nominal=False,
        length_factor=1.0,
        width_factor=1.0,
        length_mm=280.0,
        width_mm=100.0,
        ball_width_mm=100.0,
        heel_width_mm=70.0,
        height_mm=10.0,
        outline_area_mm2=20000.0,
        contact_area_mm2=None,
        contact_heel_mm2=None,
        contact_forefoot_mm2=None,
        low_draft_area_mm2=None,
        undercut_area_mm2=None,
        volume_cm3=sum(volumes_cm3),
        body_volumes_cm3=tuple(volumes_cm3),
        surface_area_cm2=500.0,
    )


RUN = (graded(40, 100.0), graded(41, 110.0), graded(42, 120.0))
INPUTS = CostInputs(
    materials=(BodyMaterial(0, RUBBER, D(10)),),
    process=Process(subcontract_idr_per_pair=D(6000), finishing_idr_per_pair=D(1500)),
    tooling=Tooling(D(12_000_000), (ToolingLine("logo plate", D(1_500_000)),)),
    pricing=Pricing(overhead_pct=D(10), margin_pct=D(20), idr_per_usd=D(16000)),
)
ORDER = (OrderLine(Size("EU", 40), 100), OrderLine(Size("EU", 41), 200))


def test_a_small_order_costs_what_the_hand_calculation_says():
    sheet = cost_sheet(RUN, ORDER, INPUTS)
    s40, s41, s42 = sheet.sizes
    # EU 40: 100 cm3 x 1.2 = 120 g; +10 % = 132 g a sole; 264 g a pair x Rp 35/g = Rp 9,240.
    assert s40.bodies[0].net_g_per_sole == D("120.00")
    assert s40.bodies[0].compound_g_per_sole == D("132.0000")
    assert s40.material_idr_per_pair == D(9240)
    # EU 41: 132 g net, 145.2 g with waste, 290.4 g a pair: Rp 10,164.
    assert s41.material_idr_per_pair == D(10164)
    # Mould Rp 12,000,000 over 100 and 200 pairs; the logo plate over all 300 pairs.
    assert s40.mould_idr_per_pair == D(120000)
    assert s41.mould_idr_per_pair == D(60000)
    assert s40.tooling_idr_per_pair == D(5000)
    assert s40.cost_idr_per_pair == D(9240 + 6000 + 1500 + 120000 + 5000)
    assert s40.total_idr == D(100 * (9240 + 7500) + 12_000_000 + 500_000)
    assert s41.total_idr == D(200 * (10164 + 7500) + 12_000_000 + 1_000_000)
    # Not ordered: per-pair variable costs only, nothing in the total.
    assert (s42.pairs, s42.total_idr, s42.mould_idr_per_pair) == (0, 0, 0)
    assert s42.material_idr_per_pair == D("11088.0000")
    # Order: 1,674,000 + 12,000,000 + 3,532,800 + 12,000,000 + 1,500,000.
    assert sheet.total_idr == D(30_706_800)
    assert sheet.total_idr == s40.total_idr + s41.total_idr
    assert sheet.pairs == 300
    assert sheet.average_idr_per_pair == D(102_356)
    assert sheet.mould_total_idr == D(24_000_000)
    # Price: 102,356 x 1.10 / (1 - 0.20) = 140,739.5, shown as Rp 140,740.
    assert sheet.overhead_idr_per_pair == D("10235.6")
    assert sheet.price_idr_per_pair == D("140739.5")
    assert rupiah(sheet.price_idr_per_pair) == D(140740)
    assert sheet.usd(sheet.average_idr_per_pair) == D("6.39725")
    # Compound to buy: 100 x 0.264 + 200 x 0.2904 = 84.48 kg = Rp 2,956,800.
    (need,) = sheet.needs
    assert need.kg == D("84.48")
    assert need.cost_idr == D(2_956_800)


def test_sensitivity_moves_the_average_by_the_compound_share():
    sheet = cost_sheet(RUN, ORDER, INPUTS)
    cases = {c.label: c.change_idr_per_pair for c in sheet.sensitivity}
    # 10 % of Rp 2,956,800 of compound over 300 pairs.
    assert cases["compound price +10 %"] == D("985.6")
    assert cases["compound price -10 %"] == D("-985.6")
    # 5 points of flash: 5 % of the net compound (76.8 kg) x Rp 35,000 / 300 pairs.
    assert cases["flash +5 points"] == D(448)
    assert cases["flash -5 points"] == D(-448)
    # The other policies: moulds and plate billed once take all 25,500,000 / 300 off a pair.
    assert cases["tooling billed once"] == D(-85_000)
    assert "tooling over the moulds' life" not in cases  # no lifetime volume planned
    assert "cycle time +20 %" not in cases  # a sole factory's price per pair


def test_own_press_costs_cycle_time_times_rate_per_pair():
    process = Process(
        kind="machine",
        cycle_time_s=D(360),
        machine_rate_idr_per_hour=D(90000),
        pairs_per_cycle=2,
        finishing_idr_per_pair=D(1000),
    )
    assert process.pressing_idr_per_pair == D(4500)
    sheet = cost_sheet(RUN, ORDER, replace(INPUTS, process=process))
    assert sheet.sizes[0].variable_idr_per_pair == D(9240 + 4500 + 1000)


def test_each_body_has_its_own_compound():
    run = (graded(40, 80.0, 150.0),)
    inputs = replace(INPUTS, materials=(BodyMaterial(0, RUBBER, D(10)), BodyMaterial(1, EVA, D(5))))
    sheet = cost_sheet(run, (OrderLine(Size("EU", 40), 10),), inputs)
    s = sheet.sizes[0]
    # Rubber 96 g net, 105.6 g: Rp 7,392 a pair; EVA 37.5 g, 39.375 g: Rp 3,150 a pair.
    assert [b.net_g_per_sole for b in s.bodies] == [D("96.00"), D("37.50")]
    assert s.material_idr_per_pair == D(7392) + D(3150)
    assert s.net_g_per_pair == D("267.00")
    assert {n.material.key: n.kg for n in sheet.needs} == {
        "rubber": D("2.112"),
        "eva": D("0.7875"),
    }


def test_masses_are_fixed_to_a_hundredth_of_a_gram():
    assert sole_mass_g(100.0 / 3.0, 1.2) == D("40.00")
    assert sole_mass_g(12.3456, 1.0) == D("12.35")


def test_order_text():
    run = parse_size_run("EU39-42")
    order = parse_order("39:50, 40:120,41:150", run)
    assert [(o.size.label, o.pairs) for o in order] == [
        ("EU 39", 50),
        ("EU 40", 120),
        ("EU 41", 150),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("39-50", "must be size:pairs"),
        ("39:fifty", "whole number"),
        ("39:-5", "0 or more"),
        ("46:10", "not in the size run"),
        ("", "the order is empty"),
        ("xx:10", "not a size number"),
    ],
)
def test_malformed_orders_are_clear_errors(text, message):
    with pytest.raises(OutsoleError, match=message):
        parse_order(text, parse_size_run("EU39-42"))


def test_bad_values_are_clear_errors():
    with pytest.raises(OutsoleError, match="price must be zero or more"):
        RUBBER.with_changes(price_idr_per_kg=D(-1))
    with pytest.raises(OutsoleError, match="waste of body 1 must be at least 0 % and under 100"):
        BodyMaterial(0, RUBBER, D(100))
    with pytest.raises(OutsoleError, match="margin must be"):
        Pricing(margin_pct=D(100))
    with pytest.raises(OutsoleError, match="pressing price per pair must be zero or more"):
        Process(subcontract_idr_per_pair=D(-5))
    with pytest.raises(OutsoleError, match="pairs per cycle must be 1 to 100, not 0"):
        Process(kind="machine", cycle_time_s=D(240), pairs_per_cycle=0)
    with pytest.raises(OutsoleError, match="pairs per cycle must be 1 to 100, not 101"):
        Process(kind="machine", cycle_time_s=D(240), pairs_per_cycle=101)
    # An own press's cycle takes time; a sole factory's price needs none.
    with pytest.raises(OutsoleError, match="cycle time must be 1 to 3600 seconds, not 0"):
        Process(kind="machine", machine_rate_idr_per_hour=D(90000))
    with pytest.raises(OutsoleError, match="cycle time must be 1 to 3600 seconds, not 3601"):
        Process(kind="machine", cycle_time_s=D(3601))
    assert Process(subcontract_idr_per_pair=D(500)).cycle_time_s == 0
    with pytest.raises(OutsoleError, match=r"margin must be 0 to 95 % of the price, not 95.01 %"):
        Pricing(margin_pct=D("95.01"))
    assert Pricing(margin_pct=D(95)).quote(D(100)) == D(2000)
    with pytest.raises(OutsoleError, match="exchange rate"):
        Pricing(idr_per_usd=D(0))
    with pytest.raises(OutsoleError, match="EU 43 is ordered but is not in the size run"):
        cost_sheet(RUN, (OrderLine(Size("EU", 43), 5),), INPUTS)
    with pytest.raises(OutsoleError, match="no material is chosen for body 2"):
        cost_sheet((graded(40, 80.0, 150.0),), (), INPUTS)
    with pytest.raises(OutsoleError, match=r"the model has no such body \(its bodies: 1\)"):
        cost_sheet(RUN, (), replace(INPUTS, materials=(BodyMaterial(1, RUBBER, D(5)),)))


def test_an_open_body_has_no_mass():
    open_body = replace(graded(40, 1.0), volume_cm3=None, body_volumes_cm3=(None,))
    with pytest.raises(OutsoleError, match="body 1 is open"):
        cost_sheet((open_body,), (), INPUTS)


def test_no_order_costs_pairs_without_tooling():
    sheet = cost_sheet(RUN, (), INPUTS)
    assert sheet.pairs == 0 and sheet.total_idr == 0 and sheet.average_idr_per_pair == 0
    assert sheet.sizes[0].cost_idr_per_pair == D(9240 + 7500)


def test_json_keeps_money_exact_as_text():
    doc = cost_sheet(RUN, ORDER, INPUTS).to_dict()
    assert doc["total_idr"] == "30706800"
    assert doc["price_idr_per_pair"] == "140740"
    assert doc["usd"]["price_per_pair"] == "8.80"
    assert doc["sizes"][0]["net_g_per_sole"] == "120"
    assert doc["materials_to_buy"][0]["kg"] == "84.48"
