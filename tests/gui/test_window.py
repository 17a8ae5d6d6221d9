"""The window over the pipeline: open, read the panels, edit the cost, switch language, export,
survive a bad file, turn the view."""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from outsole_studio.core.i18n import translator
from outsole_studio.core.production.cost import cost_sheet
from outsole_studio.io.pipeline import analyze_file

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PROJECT = EXAMPLES / "casual-kawung-eu42.outsole"
MODEL = EXAMPLES / "casual-kawung-eu42.stl"


def open_and_wait(qtbot, w, path):
    w.open_path(path)
    job = w.job
    qtbot.waitUntil(lambda: w.job is None, timeout=120_000)
    if job is not None:
        job.wait()


def wait_job(qtbot, w):
    """Wait for the window's running job, and its thread, to end."""
    job = w.job
    qtbot.waitUntil(lambda: w.job is None, timeout=120_000)
    if job is not None:
        job.wait()


def drop(window, path):
    """Drop a file on the window, as from a file manager."""
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(100, 100), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    window.dropEvent(event)


def table_values(table):
    return {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}


def test_opening_a_project_shows_what_analyze_measures(qtbot, window):
    open_and_wait(qtbot, window, PROJECT)
    assert window.design is not None and window.last_error is None
    a = analyze_file(MODEL)
    t = translator("en")
    values = table_values(window.dimensions_panel.table)
    assert values["Length"] == t.quantity(a.dimensions.length_mm, "mm")
    assert values["Width (overall)"] == t.quantity(a.dimensions.width_mm, "mm")
    assert values["Volume"] == t.quantity(a.volume_cm3, "cm³", 2)
    assert values["Tread depth"] == t.quantity(a.relief.tread_depth_mm, "mm", 2)
    assert "casual-kawung-eu42.stl" in window.model_panel.model_label.text()
    # Six moulds: EU 44 and EU 45 share one (the example's tech pack).
    assert "Order total: Rp 86,492,324" in window.cost_panel.totals.text()
    assert window.windowTitle().startswith("casual-kawung-eu42.outsole")
    assert window.quality_panel.table.rowCount() == 17
    # The sections panel draws the sheet's figure when shown: five transverse cuts and the
    # centre line.
    window.docks["sections"].show()
    qtbot.waitUntil(lambda: len(window.sections_panel.canvas.figure.axes) == 6)
    assert len(window.sections_panel.canvas.figure.axes) == 6
    assert window.sections_panel.canvas.figure.axes[0].get_title(loc="left").startswith("15 %")


def test_changing_the_compound_price_updates_the_cost(qtbot, window):
    open_and_wait(qtbot, window, PROJECT)
    before = window.cost_panel.totals.text()
    window.cost_panel.bodies.item(0, 2).setText(
        "40000"
    )  # the price column of the outsole's compound
    s = window.design
    bm = s.project.materials[0]
    assert bm.material.price_idr_per_kg == D(40000) and not bm.material.price_is_placeholder
    expected = cost_sheet(s.sizing.graded, s.project.order, s.project.cost_inputs)
    assert window.cost_panel.totals.text() != before
    assert (
        f"Order total: {translator('en').money(expected.total_idr)}"
        in window.cost_panel.totals.text()
    )
    assert window.dirty and window.windowTitle().startswith("casual-kawung-eu42.outsole *")
    # An order quantity typed in the table re-costs too.
    window.cost_panel.order.item(6, 1).setText("300")
    assert next(o.pairs for o in window.design.project.order if o.size.label == "EU 45") == 300
    # A price that is not a number is refused with a message; the inputs stay.
    window.cost_panel.bodies.item(0, 2).setText("lots")
    assert window.last_error == "type an amount such as 35000"
    assert window.design.project.materials[0].material.price_idr_per_kg == D(40000)


def test_the_window_speaks_indonesian(qtbot, window):
    open_and_wait(qtbot, window, PROJECT)
    window.set_language("id")
    assert window.docks["cost"].windowTitle() == "Bahan dan biaya"
    assert window.menus.menu_file.title() == "&Berkas"
    values = table_values(window.dimensions_panel.table)
    assert values["Panjang"] == "280,2 mm"
    assert "Total pesanan: Rp 86.492.324" in window.cost_panel.totals.text()
    assert window.cost_panel.bodies.item(0, 2).text() == "35.000"
    window.set_language("en")
    assert window.docks["cost"].windowTitle() == "Material and cost"


def test_exporting_the_spec_sheet_from_the_window(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, PROJECT)
    window.export_to(tmp_path / "sheet")
    job = window.job
    qtbot.waitUntil(lambda: window.job is None, timeout=120_000)
    job.wait()
    names = sorted(p.name for p in (tmp_path / "sheet").iterdir())
    assert "kawung-casual-spec.pdf" in names and "kawung-casual-costing.xlsx" in names
    assert len([n for n in names if n.endswith(".dxf")]) == 8
    assert window.last_error is None


def test_saving_the_project_round_trips(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, PROJECT)
    window.cost_panel.order.item(0, 1).setText("75")
    path = tmp_path / "edited.outsole"
    assert window.save_to(path)
    data = json.loads(path.read_text())
    assert {"size": "39", "pairs": 75} in data["order"]
    assert not window.dirty and window.design.project_file == path


def test_a_bad_file_shows_an_error_and_keeps_the_project(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, PROJECT)
    kept = window.design
    bad = tmp_path / "broken.stl"
    bad.write_bytes(b"\x00" * 100)
    drop(window, bad)
    wait_job(qtbot, window)
    assert window.last_error is not None
    assert window.last_error.startswith(f"{bad}: ") and "STL" in window.last_error
    assert window.design is kept
    assert "\n" not in window.last_error


def test_turning_the_view_changes_the_picture(qtbot, window):
    if QApplication.platformName() == "offscreen":
        pytest.skip("no OpenGL on the offscreen platform")
    open_and_wait(qtbot, window, PROJECT)
    viewer = window.viewer
    qtbot.waitUntil(
        lambda: viewer.scene is not None and viewer.scene.full is not None, timeout=20_000
    )
    before = viewer.grabFramebuffer()
    viewer.camera = viewer.camera.orbit(90, 20)
    viewer.update()
    after = viewer.grabFramebuffer()

    def pixels(image):
        ptr = image.constBits()
        return np.frombuffer(ptr, dtype=np.uint8).copy()

    a, b = pixels(before), pixels(after)
    assert a.size == b.size and (a != b).mean() > 0.01
    # Something is drawn: not a blank background.
    assert (a.reshape(-1, 4)[:, :3].min(axis=1) < 100).any()


def test_without_a_display_the_program_writes_the_sheet(monkeypatch, tmp_path):
    from outsole_studio.app import main

    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["gui", str(PROJECT)]) == 0
    assert (tmp_path / "spec-sheet" / "kawung-casual-spec.pdf").is_file()
    assert main(["gui"]) == 2


def test_example_project_is_reused_unchanged():
    # The window's edits never touch the committed example.
    data = json.loads(PROJECT.read_text())
    assert data["order"][0] == {"size": "39", "pairs": 60}


def test_overlays_colour_the_model_with_a_legend(qtbot, window):
    from outsole_studio.render.overlays import face_thickness_mm, overlay

    open_and_wait(qtbot, window, PROJECT)
    wait_job(qtbot, window)  # the body colours
    window.show_overlay("thickness")
    wait_job(qtbot, window)
    legend = window.viewer.legend_box.legend
    assert legend.title == "Thickness (mm)"
    faces_mm = face_thickness_mm(window.design.analysis)
    # A flat sole: its whole range, nothing clipped (tests/render/test_overlays.py: a cupsole).
    assert not legend.high_text.startswith("≥") and np.nanmax(faces_mm) < 7.0
    assert legend == overlay(window.design.analysis, "thickness", translator("en")).legend
    assert window.viewer.legend_box.isVisible()
    ((shown, _textures),) = window.overlays.cache.values()
    expected = overlay(window.design.analysis, "thickness", translator("en"))
    np.testing.assert_array_equal(shown.face_rgb, expected.face_rgb)
    window.show_overlay("bodies")
    # The bodies' own legend: each body's role and compound.
    bodies = window.viewer.legend_box.legend
    assert bodies.title == "Bodies (compounds)" and window.viewer.legend_box.isVisible()
    assert bodies.swatches[0][0] == "body 1 (outsole): NR/SBR blend sole compound"
    assert window.menus.act_overlays["bodies"].isChecked()


def test_the_sizes_panel_regrades_and_recosts(qtbot, window):
    open_and_wait(qtbot, window, PROJECT)
    window.sizes_panel.run_edit.setText("EU40-44")
    window.sizes_panel.run_edit.editingFinished.emit()
    wait_job(qtbot, window)
    s = window.design
    assert s.project.size_run.text == "EU40-44" and window.sizes_panel.grading_table.rowCount() == 5
    t = translator("en")
    for row, g in enumerate(s.sizing.graded):
        assert window.sizes_panel.grading_table.item(row, 1).text() == t.number(g.length_mm, 1)
    assert window.sizes_panel.grading_table.item(2, 0).text() == "EU 42 *"  # the nominal size
    # The order keeps the sizes still in the run (EU 39 and EU 45 are gone).
    assert sorted(o.size.label for o in s.project.order) == [f"EU {n}" for n in range(40, 45)]
    expected = cost_sheet(s.sizing.graded, s.project.order, s.project.cost_inputs)
    assert f"Order total: {t.money(expected.total_idr)}" in window.cost_panel.totals.text()
    # The nominal size and the foot are chosen in their lists.
    window.sizes_panel.nominal_combo.setCurrentIndex(
        window.sizes_panel.nominal_combo.findText("EU 41")
    )
    window.sizes_panel.nominal_combo.activated.emit(window.sizes_panel.nominal_combo.currentIndex())
    wait_job(qtbot, window)
    assert window.design.project.nominal.label == "EU 41"
    assert window.sizes_panel.grading_table.item(1, 0).text() == "EU 41 *"
    window.sizes_panel.foot_combo.setCurrentIndex(2)
    window.sizes_panel.foot_combo.activated.emit(2)
    wait_job(qtbot, window)
    assert window.design.project.foot == "left" and window.design.sizing.foot == "left"
    # A run that cannot be read is refused with the reason; the sizes stay.
    window.sizes_panel.run_edit.setText("forty")
    window.sizes_panel.run_edit.editingFinished.emit()
    assert "must start with its system" in window.last_error
    assert window.design.project.size_run.text == "EU40-44"


def test_compound_pressing_tooling_profile_and_lab_values_are_editable(qtbot, window):
    open_and_wait(qtbot, window, PROJECT)
    combo = window.cost_panel.bodies.cellWidget(0, 1)
    combo.setCurrentIndex(combo.findData("tpr"))
    combo.activated.emit(combo.currentIndex())
    s = window.design
    assert s.project.materials[0].material.key == "tpr"
    assert s.project.materials[0].waste_pct == s.project.materials[0].material.waste_pct
    # Own press: 240 s a cycle at Rp 90,000 an hour for 2 pairs = Rp 3,000 a pair.
    window.cost_panel.process_combo.setCurrentIndex(1)
    window.cost_panel.cycle_edit.setText("240")
    window.cost_panel.rate_edit.setText("90000")
    window.cost_panel.per_cycle_edit.setText("2")
    window.cost_panel.process_combo.activated.emit(1)
    process = window.design.project.process
    assert process.kind == "machine" and process.pressing_idr_per_pair == D(3000)
    assert window.design.cost.sizes[0].pressing_idr_per_pair == D(3000)
    # A tooling line added and priced counts in the order's cost.
    before = window.design.cost.total_idr
    window.cost_panel.add_tool_button.click()
    assert window.cost_panel.tooling.rowCount() == 2
    window.cost_panel.tooling.item(1, 1).setText("750000")
    extras = window.design.project.tooling.extras
    assert extras[1].cost_idr == D(750000)
    assert window.design.cost.total_idr == before + D(750000)
    window.cost_panel.tooling.setCurrentCell(1, 0)
    window.cost_panel.remove_tool_button.click()
    assert len(window.design.project.tooling.extras) == 1
    # Another requirement profile, and a lab value typed against a lab test.
    window.quality_panel.profile_combo.setCurrentIndex(
        window.quality_panel.profile_combo.findData("outdoor-trail")
    )
    window.quality_panel.profile_combo.activated.emit(
        window.quality_panel.profile_combo.currentIndex()
    )
    assert window.design.project.quality_profile == "outdoor-trail"
    assert window.quality_panel.table.rowCount() == len(window.design.profile.rules)
    window.quality_panel.profile_combo.setCurrentIndex(
        window.quality_panel.profile_combo.findData("ikm-rubber")
    )
    window.quality_panel.profile_combo.activated.emit(
        window.quality_panel.profile_combo.currentIndex()
    )
    keys = [r.rule.key for r in window.design.quality.results]
    row = keys.index("abrasion")
    assert window.quality_panel.table.item(row, 0).text() == "not tested"
    # Why, on the rule: the lab test, its method and its source.
    tip = window.quality_panel.table.item(row, 1).toolTip()
    assert "to be tested by the partner (ISO 4649 (ex DIN 53516), method A)" in tip
    assert "\nMethod: ISO 4649" in tip and "\nSource: " in tip
    window.quality_panel.table.item(row, 4).setText("120")
    assert window.design.project.lab_results["abrasion"] == 120.0
    assert window.quality_panel.table.item(row, 0).text() == "pass"
    window.quality_panel.table.item(row, 4).setText("180")
    assert window.quality_panel.table.item(row, 0).text() == "fail"
    assert window.dirty


def test_the_reading_of_the_model_can_be_overridden(qtbot, window):
    open_and_wait(qtbot, window, PROJECT)
    length = window.design.analysis.dimensions.length_mm
    assert not window.design.analysis.pose.reversed
    window.model_panel.reverse_check.click()
    wait_job(qtbot, window)
    s = window.design
    assert s.project.reverse and s.analysis.pose.reversed
    assert s.analysis.dimensions.length_mm == pytest.approx(length, abs=0.05)
    assert window.model_panel.reverse_check.isChecked()


def test_the_length_axis_and_the_drawing_sections_are_set_in_the_window(qtbot, window):
    open_and_wait(qtbot, window, PROJECT)
    panel = window.model_panel
    assert not panel.yaw_check.isChecked() and not panel.yaw_spin.isEnabled()
    assert panel.yaw_spin.value() == pytest.approx(window.design.analysis.pose.yaw_deg, abs=0.05)
    width = window.design.analysis.dimensions.width_mm
    panel.yaw_check.click()  # the axis found, now kept
    wait_job(qtbot, window)
    assert window.design.project.yaw_deg == pytest.approx(window.design.analysis.pose.yaw_deg)
    assert panel.yaw_spin.isEnabled()
    panel.yaw_spin.setValue(90.0)
    wait_job(qtbot, window)
    d = window.design
    assert d.project.yaw_deg == 90.0 and d.analysis.pose.yaw_deg == pytest.approx(90.0)
    # Turned a quarter: the sole's length now runs across its former width.
    assert d.analysis.dimensions.length_mm == pytest.approx(width, abs=0.05)
    panel.yaw_check.click()
    wait_job(qtbot, window)
    assert window.design.project.yaw_deg is None

    errors = []
    panel.refused.connect(errors.append)
    panel.sections_edit.setText("35%, abc")
    panel.sections_edit.editingFinished.emit()
    assert errors and "abc" in errors[0]
    assert panel.sections_edit.text() == "35%, abc"  # kept, to be corrected
    panel.sections_edit.setText("35%, 120mm")
    panel.sections_edit.editingFinished.emit()
    wait_job(qtbot, window)
    d = window.design
    assert [str(s) for s in d.project.stations] == ["35%", "120mm"]
    assert [s.letter for s in d.drawing.sections] == ["A", "B"]
    assert d.drawing.sections[1].x_mm == pytest.approx(120.0, abs=1e-6)


def test_cancel_stops_the_job_and_keeps_the_open_project(qtbot, window):
    open_and_wait(qtbot, window, PROJECT)
    before = window.design
    window.open_path(MODEL)
    job = window.job
    window.cancel_job()
    assert window.job is None and not window.progress.isVisible()
    assert job.wait(120_000)
    assert job.stopped_early  # it ended at its next step, not after the whole analysis
    qtbot.wait(50)
    assert window.design is before and window.last_error is None


def test_a_dropped_file_opens_and_is_remembered_in_open_recent(qtbot, window):
    drop(window, PROJECT)
    wait_job(qtbot, window)
    assert window.design is not None and window.design.project_file == PROJECT
    recent = [a.text() for a in window.menus.menu_recent.actions()]
    assert recent[0] == str(PROJECT)
    # Open recent opens it again (the model this time, then the project from the menu).
    open_and_wait(qtbot, window, MODEL)
    assert window.design.project_file is None
    assert [a.text() for a in window.menus.menu_recent.actions()][:2] == [str(MODEL), str(PROJECT)]
    window.menus.menu_recent.actions()[1].trigger()
    wait_job(qtbot, window)
    assert window.design.project_file == PROJECT


def test_choosing_an_own_press_waits_for_its_cycle_time(qtbot, window):
    open_and_wait(qtbot, window, PROJECT)
    panel = window.cost_panel
    assert window.design.project.process.kind == "subcontract"
    panel.cycle_edit.setText("0")
    panel.process_combo.setCurrentIndex(1)
    panel.process_combo.activated.emit(1)
    # Not refused: the press's fields show for the user to fill; the project is unchanged.
    assert window.last_error is None
    assert window.design.project.process.kind == "subcontract"
    assert panel.process_combo.currentIndex() == 1
    assert panel.cost_form.isRowVisible(panel.cycle_edit)
    assert not panel.cost_form.isRowVisible(panel.press_edit)
    panel.cycle_edit.setText("300")
    panel.rate_edit.setText("72000")
    panel.cycle_edit.editingFinished.emit()
    process = window.design.project.process
    assert process.kind == "machine" and process.pressing_idr_per_pair == D(6000)


def test_the_tooling_policy_is_chosen_in_the_cost_panel(qtbot, window):
    open_and_wait(qtbot, window, PROJECT)
    panel = window.cost_panel
    assert panel.policy_combo.currentIndex() == 2  # this order, as saved
    assert not panel.tool_form.isRowVisible(panel.lifetime_edit)
    panel.policy_combo.setCurrentIndex(0)
    panel.policy_combo.activated.emit(0)
    wait_job(qtbot, window)
    d = window.design
    assert d.project.tooling.policy == "separate" and d.cost.tooling_billed_idr > 0
    assert "billed once" in panel.totals.text()
    # Over the moulds' life: nothing changes until the planned pairs are typed.
    panel.policy_combo.setCurrentIndex(1)
    panel.policy_combo.activated.emit(1)
    assert panel.tool_form.isRowVisible(panel.lifetime_edit)
    assert window.design.project.tooling.policy == "separate"
    panel.lifetime_edit.setText("20000")
    panel.lifetime_edit.editingFinished.emit()
    wait_job(qtbot, window)
    tooling = window.design.project.tooling
    assert tooling.policy == "lifetime" and tooling.lifetime_pairs == 20_000
    sizes = window.design.cost.sizes
    assert len({s.mould_idr_per_pair + s.tooling_idr_per_pair for s in sizes}) == 1
