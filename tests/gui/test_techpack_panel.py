"""The Tech pack panel: tolerances, specification, mould plan, markings and revisions are edited
in the window as on the command line, and the sheet follows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from .test_window import PROJECT, open_and_wait

TOML = Path(__file__).resolve().parents[2] / "examples" / "casual-kawung-eu42-techpack.toml"


@pytest.fixture
def panel(qtbot, window):
    open_and_wait(qtbot, window, PROJECT)
    return window.techpack_panel


def _type(qtbot, edit, text):
    edit.setText(text)
    edit.editingFinished.emit()


def test_the_panel_shows_the_projects_tech_pack(window, panel):
    tp = window.design.project.techpack
    assert panel.tol_edits["length_mm"].text() == "1.0"
    assert panel.specs.item(0, 1).text() == "65" and panel.specs.item(0, 2).text() == "Shore A"
    assert panel.process_combo.currentData() == "rubber-compression"
    assert panel.mould_edits["size_groups"].text() == "EU 44+EU 45"
    assert panel.mould_edits["parting_line_mm"].placeholderText() == "6.0 mm suggested"
    assert panel.marks.rowCount() == len(tp.markings) == 4
    assert panel.log.rowCount() == 2 and panel.log.item(1, 0).text() == "B"


def test_tolerances_specs_and_the_mould_are_edited(qtbot, window, panel):
    _type(qtbot, panel.tol_edits["thickness_mm"], "0.3")
    assert window.design.project.techpack.tolerances.thickness_mm == 0.3
    # A specified hardness outside the profile's limit fails the quality check.
    panel.specs.item(0, 1).setText("50")
    spec = window.design.project.techpack.specs[0]
    assert spec.hardness == 50.0
    hardness = next(r for r in window.design.quality.results if r.rule.key == "hardness")
    assert hardness.status == "fail" and hardness.value == 50.0
    _type(qtbot, panel.mould_edits["shrinkage_pct"], "3")
    rows = window.design.cavities[0]
    assert rows[0].cavity_length_mm == pytest.approx(rows[0].part_length_mm * 1.03)
    # Injected EVA: the process's defaults, the expansion ratio editable.
    panel.process_combo.setCurrentIndex(panel.process_combo.findData("eva-injection"))
    panel.process_combo.activated.emit(panel.process_combo.currentIndex())
    plan = window.design.project.techpack.plan_for(0)
    assert (plan.process, plan.expansion_ratio, plan.size_groups) == (
        "eva-injection",
        1.5,
        (("EU 44", "EU 45"),),
    )
    assert panel.mould_edits["expansion_ratio"].isEnabled()


def test_a_bad_value_is_refused_with_the_project_kept(qtbot, window, panel):
    before = window.design.project.techpack
    _type(qtbot, panel.mould_edits["size_groups"], "EU 50+EU 51")
    assert "size group EU 50+EU 51 names EU 50, EU 51, not in the size run" in window.last_error
    assert window.design.project.techpack == before
    panel.specs.item(0, 2).setText("Asker C")  # a rubber outsole specified on a foam's scale
    assert "not a foam: specify its hardness in Shore A" in window.last_error
    assert window.design.project.techpack == before


def test_markings_and_revisions_are_added_explicitly(qtbot, window, panel):
    panel.add_mark_button.click()
    assert len(window.design.project.techpack.markings) == 5
    panel.marks.item(4, 1).setText("KAWUNG")
    assert window.design.project.techpack.markings[4].text == "KAWUNG"
    panel.add_revision("pre-production", "Sari", "tolerances agreed", dt.date(2026, 11, 29))
    log = window.design.project.techpack.revisions
    assert [r.letter for r in log] == ["A", "B", "C"] and log[-1].stage == "pre-production"
    assert window.dirty


def test_a_tech_pack_file_is_imported(qtbot, window, panel):
    panel.import_file(TOML)
    tp = window.design.project.techpack
    assert tp.specs[0].compound_code == "NR-SBR 65 BK"
    assert tp.markings[0].text == "MADE IN INDONESIA"
    assert len(tp.revisions) == 2  # importing data adds no revision


def test_the_tests_by_stage_are_edited(qtbot, window, panel):
    row = next(i for i in range(panel.tests.rowCount())
               if panel.tests.item(i, 0).text() == "Bond to the upper")  # fmt: skip
    panel.tests.item(row, 2).setText(">= 3.0")
    panel.tests.item(row, 4).setText("first production, each order, each compound batch")
    bond = next(t for t in window.design.project.techpack.tests if t.key == "bond")
    assert bond.limit == ">= 3.0" and bond.label == "Bond to the upper"  # the shipped text kept
    assert bond.stages == ("first production", "each order", "each compound batch")
    panel.tests.item(row, 4).setText("someday")
    assert "stage someday is not one of development, fit" in window.last_error
    assert next(t for t in window.design.project.techpack.tests if t.key == "bond") == bond


def test_each_body_has_its_own_mould_plan(qtbot, window):
    running = Path(__file__).resolve().parents[2] / "examples" / "running-eva-eu42.glb"
    open_and_wait(qtbot, window, running)
    panel = window.techpack_panel
    ground = window.design.analysis.ground_body
    assert panel.body_combo.count() == 2
    assert panel.body_combo.currentData() == ground
    assert panel.process_combo.currentData() == "rubber-compression"  # the outsole's default
    midsole = 1 - ground
    panel.body_combo.setCurrentIndex(panel.body_combo.findData(midsole))
    panel.body_combo.activated.emit(panel.body_combo.currentIndex())
    assert panel.process_combo.currentData() == "eva-injection"  # the EVA midsole's default
    _type(qtbot, panel.mould_edits["flash_pct"], "4")
    tp = window.design.project.techpack
    assert tp.plan_for(midsole).flash_pct == 4.0 and tp.plan_for(ground) is None
    assert panel.body_combo.currentData() == midsole  # the choice survives the refresh


def test_the_mould_plans_costing_fields_are_edited(qtbot, window, panel):
    """Injected TPR with half its runner reground, a mould's own price and life: the cost
    follows; the flash is the body's one figure, in the cost panel too."""
    from decimal import Decimal as D

    panel.process_combo.setCurrentIndex(panel.process_combo.findData("tpr-injection"))
    panel.process_combo.activated.emit(panel.process_combo.currentIndex())
    assert panel.mould_edits["regrind_pct"].isEnabled()
    assert not panel.mould_edits["milldown_pct"].isEnabled()
    for key, text in (("flash_pct", "6"), ("regrind_pct", "50"), ("mould_price_idr", "8000000"),
                      ("mould_life_pairs", "100")):  # fmt: skip
        _type(qtbot, panel.mould_edits[key], text)
    assert window.last_error is None
    d = window.design
    plan = d.project.techpack.plan_for(0)
    assert (plan.flash_pct, plan.regrind_pct, plan.mould_price_idr, plan.mould_life_pairs) == (
        6.0, 50.0, D(8_000_000), 100)  # fmt: skip
    assert d.project.materials[0].waste_pct == 6  # one figure
    body = d.cost.sizes[0].bodies[0]
    assert body.scrap_pct == 3 and body.compound_g_per_sole == body.net_g_per_sole * D("1.03")
    # Moulds that last 100 pairs: EU 39 (60 pairs) one, EU 40 to EU 43 (120-180) two each,
    # EU 44 + EU 45 (90 pairs in one mould) one: ten moulds.
    counts = {m.sizes[0].label: m.count for m in d.cost.moulds}
    assert counts == {"EU 39": 1, "EU 40": 2, "EU 41": 2, "EU 42": 2, "EU 43": 2, "EU 44": 1}
    assert d.cost.mould_total_idr == D(8_000_000) * 10
    assert window.cost_panel.bodies.item(0, 3).text() == "6.0"
    # Regrind on pressed rubber is refused, the plan kept.
    panel.process_combo.setCurrentIndex(panel.process_combo.findData("rubber-compression"))
    panel.process_combo.activated.emit(panel.process_combo.currentIndex())
    _type(qtbot, panel.mould_edits["regrind_pct"], "20")
    assert "regrind their runner" in window.last_error
    assert window.design.project.techpack.plan_for(0).regrind_pct == 0
