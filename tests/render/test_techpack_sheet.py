"""The tech pack on the sheet: the same tolerances, hardness specification, cavity table, blank
weights and revision rows read back from the PDF text, the workbook's evaluated formulas and
the JSON, in both languages."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import load_workbook

from outsole_studio.core.production.cost import sole_mass_g
from outsole_studio.core.production.mould import MouldPlan
from outsole_studio.core.production.sizes import Size
from outsole_studio.core.production.techpack import (
    Marking,
    MaterialSpec,
    TechPack,
    Tolerances,
    add_revision,
)
from outsole_studio.io.library import preset_profiles
from outsole_studio.render.spec import write_spec
from outsole_studio.workflow.design import Design
from tests.xlsx_eval import Workbook

from .test_spec import ISSUED, pdf_text
from .test_spec import spec as base_spec  # noqa: F401 - the fixture

TECHPACK = TechPack(
    design_id="00112233445566778899aabbccddeeff",
    tolerances=Tolerances(0.8, 1.2, 0.4, 4.0, 3.0, "agreed with PT Sol Karet Jaya"),
    specs=(
        MaterialSpec(0, 65.0, "Shore A", "NR-65-BK", "black", "19-4005 TCX", True, 1.21, 0.02),
        MaterialSpec(1, 55.0, "Asker C", "EVA-55", "white", "11-0601 TCX", False, 0.22, 0.03),
    ),
    moulds=(
        MouldPlan.for_process(
            "rubber-compression",
            shrinkage_pct=2.5,
            flash_pct=12.0,
            pairs_per_mould=2,
            size_groups=(("EU 43", "EU 44"),),
            parting_line_mm=9.0,
        ),
    ),  # the EVA midsole (body 2) keeps its process's defaults
    markings=(Marking("origin", "MADE IN INDONESIA", "waist", 3.0),),
    revisions=add_revision(
        add_revision((), dt.date(2026, 10, 5), "proto", "Sari Dewi", "first prototype", "0" * 64),
        dt.date(2026, 11, 20),
        "sample",
        "Sari Dewi",
        "heel lugs 1 mm deeper",
        "0" * 64,
    ),
)


@pytest.fixture(scope="module")
def spec(base_spec):  # noqa: F811 - wraps the shared fixture
    project = replace(base_spec.project, techpack=TECHPACK)
    profile = next(p for p in preset_profiles() if p.key == "ikm-rubber")
    design = Design(project, None, Path("kawung.stl"), base_spec.analysis, profile)
    return design.spec(ISSUED)


@pytest.fixture(scope="module")
def written(spec, tmp_path_factory):
    return {
        lang: write_spec(spec, tmp_path_factory.mktemp(f"tp-{lang}"), lang, use_gl=False)
        for lang in ("en", "id")
    }


def test_the_cavity_is_the_part_grown_by_the_shrinkage_and_the_blank_the_net_plus_flash(spec):
    assert spec.ground == 0
    assert [r.mould for r in spec.cavities[0]] == [1, 2, 3, 4, 4]  # EU 43 and 44 share one
    for r, g in zip(spec.cavities[0], spec.sizing.graded, strict=True):
        assert r.cavity_length_mm == pytest.approx(g.length_mm * 1.025, rel=1e-12)
        assert r.cavity_width_mm == pytest.approx(g.width_mm * 1.025, rel=1e-12)
        # The plan moulds the outsole (the body on the ground), not the EVA midsole above it.
        net = spec.body_net_g[0][g.size]
        outsole = next(bm for bm in spec.project.materials if bm.body == spec.ground)
        volume = g.body_volumes_cm3[spec.ground]
        assert net == sole_mass_g(volume, outsole.material.density_g_cm3) < spec.masses_g[g.size]
        assert spec.blanks_g[0][g.size] == (net * D("1.12")).quantize(D("0.1"))
    # The EVA midsole has a mould of its own, on injected EVA's defaults: the cavity is the part
    # over the expansion ratio, the blank its own net mass plus its waste (one figure: a body's
    # waste is its flash when no plan of the designer's says otherwise).
    eva = spec.moulds[1]
    assert (eva.body, eva.process, eva.expansion_ratio, spec.is_default(eva)) == (
        1,
        "eva-injection",
        1.5,
        True,
    )
    first = spec.cavities[1][0]
    assert first.cavity_length_mm == pytest.approx(first.part_length_mm / 1.5, rel=1e-12)
    net_eva = spec.body_net_g[1][first.size]
    waste = next(bm.waste_pct for bm in spec.project.materials if bm.body == 1)
    assert eva.flash_pct == float(waste) == 8.0
    assert spec.blanks_g[1][first.size] == (net_eva * D("1.08")).quantize(D("0.1"))


def test_the_json_carries_the_tech_pack(written, spec):
    doc = json.loads(written["en"].json.read_text())
    assert doc["schema"] == "outsole-studio.spec/2"
    tp = doc["techpack"]
    assert tp["tolerances_used"]["width_mm"] == 1.2
    assert (
        tp["material_specs"][0] | {"hardness": 65.0, "hardness_scale": "Shore A"}
        == (tp["material_specs"][0])
    )
    rubber, eva = tp["mould_plans"]
    assert (rubber["body"], rubber["is_default"], eva["body"], eva["is_default"]) == (
        1,
        False,
        2,
        True,
    )
    assert rubber["moulds"] == [["EU 40"], ["EU 41"], ["EU 42"], ["EU 43", "EU 44"]]
    first = rubber["cavity_table"][0]
    assert first["cavity_length_mm"] == pytest.approx(first["part_length_mm"] * 1.025, abs=0.01)
    blank = rubber["blank_g_per_sole"][2]
    assert blank["blank_g"] == pytest.approx(round(blank["net_g"] * 1.12, 1))
    assert [r["letter"] for r in tp["revisions"]] == ["A", "B"]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["Mould plan, body 1 (outsole)", "Mould plan, body 2 (midsole) (defaults",
                "injection-moulded EVA",
                "± 0.8 mm", "65 ± 3 Shore A", "1.21 ± 0.02 g/cm³", "55 ± 3 Asker C", "2.50%",
                "12.0%", "9.0 mm", "heel lugs 1 mm deeper", "20 November 2026", "MADE IN INDONESIA",
                "EU 43+EU 44", "agreed with PT Sol Karet Jaya"]),
        ("id", ["± 0,8 mm", "65 ± 3 Shore A", "1,21 ± 0,02 g/cm³", "Susut", "2,50%", "12,0%",
                "Garis pisah cetakan", "20 November 2026", "Bakalan g", "Rongga cetakan"]),
    ],
)  # fmt: skip
def test_the_pdf_says_the_same_in_each_language(written, spec, lang, expected):
    text = pdf_text(written[lang].pdf)
    flat = " ".join(text.split())
    missing = [e for e in expected if e not in flat]
    assert missing == []
    # The cavity and blank of EU 42, formatted as the language writes numbers.
    row = next(r for r in spec.cavities[0] if r.size == Size("EU", 42))
    sep = "," if lang == "id" else "."
    assert f"{row.cavity_length_mm:.2f}".replace(".", sep) in flat
    assert f"{spec.blanks_g[0][Size('EU', 42)]:.1f}".replace(".", sep) in flat
    # Every dimension that has a tolerance carries it: length and the four thicknesses.
    assert flat.count(f"± 0{sep}4 mm") >= 5


def test_the_workbook_computes_cavities_and_blanks_from_its_inputs(written, spec):
    wb = load_workbook(written["en"].xlsx)
    ws = wb["Mould plan, body 1"]
    book = Workbook(ws)
    # The flash is the costing sheet's (one figure for the blank and the compound bought).
    assert ws["B3"].value == 2.5 and book.value("B4") == 12.0
    assert ws["B4"].value.startswith("='Costing'!")
    for k, r in enumerate(spec.cavities[0]):
        row = 7 + k
        assert ws[f"A{row}"].value == r.size.label
        assert book.value(f"E{row}") == pytest.approx(round(r.cavity_length_mm, 2), abs=0.006)
        assert book.value(f"F{row}") == pytest.approx(round(r.cavity_width_mm, 2), abs=0.006)
        assert book.value(f"H{row}") == pytest.approx(float(spec.blanks_g[0][r.size]), abs=0.051)
    # A workshop changes the shrinkage: the cavities follow.
    ws["B3"].value = 3.0
    again = Workbook(ws)
    assert again.value("E7") == pytest.approx(round(spec.cavities[0][0].part_length_mm * 1.03, 2))
    eva = load_workbook(written["en"].xlsx)["Mould plan, body 2"]
    assert eva["B3"].value == 1.5 and eva["E7"].value == "=ROUND(C7/$B$3,2)"
    assert "Rencana cetakan, bodi 2" in load_workbook(written["id"].xlsx).sheetnames


def test_the_workbook_is_ready_for_a_workshop(written):
    wb = load_workbook(written["en"].xlsx)
    ws = wb["Costing"]
    assert ws.freeze_panes == "B4"  # the header row alone (and the size column)
    assert ws["A3"].value == "Size" and ws["A3"].alignment.wrap_text
    assert ws["A4"].value == "EU 40"  # the size table first
    labels = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    assert ws[f"B{labels['Order total (Rp)']}"].number_format == '"Rp" #,##0'
    assert ws["B4"].number_format == "General" and ws["C4"].number_format == "0.00"
    checked: dict[str, list[str]] = {}
    for dv in ws.data_validations.dataValidation:
        if dv.formula2 != "99.99":
            checked.setdefault(dv.type, []).extend(str(dv.sqref).split())
    assert "B4" in checked["whole"]  # whole pairs
    price_row = labels["Body"] + 1
    assert f"D{price_row}" in checked["decimal"]  # no negative compound price
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$3:$3"
    assert wb["Mould plan, body 2"].page_setup.orientation == "landscape"
