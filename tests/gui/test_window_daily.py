"""The window as a daily tool (issue 18): input that forgives, pricing and the per-size cost in
the window, each body's compound named by its role."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from outsole_studio.core.i18n import translator
from outsole_studio.render.rows import COST_COLUMNS, cost_rows

from .test_window import EXAMPLES, PROJECT, open_and_wait, wait_job


def _type(edit, text):
    edit.setText(text)
    edit.editingFinished.emit()


def test_a_size_run_without_its_system_is_read_on_the_designs(qtbot, window):
    open_and_wait(qtbot, window, PROJECT)
    panel = window.sizes_panel
    _type(panel.run_edit, "40-44")
    wait_job(qtbot, window)
    assert window.last_error is None
    assert window.design.project.size_run.text == "EU40-44"
    # A run that cannot be read is refused with the reason, and the text stays to be corrected.
    _type(panel.run_edit, "40-4x")
    assert window.last_error is not None
    assert panel.run_edit.text() == "40-4x"
    assert window.design.project.size_run.text == "EU40-44"


def test_numbers_are_read_in_either_decimal_mark_where_unambiguous(qtbot, window):
    open_and_wait(qtbot, window, PROJECT)
    quote = window.quote_panel
    _type(quote.edits["labour"], "7,5")  # English, typed with a comma: 7.5 minutes, not 75
    wait_job(qtbot, window)
    assert window.design.project.terms.labour_min_per_pair == D("7.5")
    _type(quote.edits["wage"], "30,000")  # a thousands group
    wait_job(qtbot, window)
    assert window.design.project.terms.wage_idr_per_hour == 30_000
    t = translator("en")
    assert t.read_number("1,2,3") is None and t.read_number("1.250,5") is None
    i = translator("id")
    assert i.read_number("7.5") == D("7.5") and i.read_number("1.250.000") == 1_250_000
    assert i.read_number("1.250,5") == D("1250.5") and i.read_number("12,25") == D("12.25")


def test_overhead_margin_and_rate_are_set_and_the_cost_shown_per_size(qtbot, window):
    open_and_wait(qtbot, window, PROJECT)
    panel = window.cost_panel
    assert panel.overhead_edit.text() == "15.0" and panel.margin_edit.text() == "20.0"
    assert panel.usd_edit.text() == "15,800"
    _type(panel.overhead_edit, "10")
    wait_job(qtbot, window)
    _type(panel.margin_edit, "25")
    wait_job(qtbot, window)
    _type(panel.usd_edit, "")
    wait_job(qtbot, window)
    pr = window.design.project.pricing
    assert (pr.overhead_pct, pr.margin_pct, pr.idr_per_usd) == (10, 25, None)
    c = window.design.cost
    assert c.price_idr_per_pair == c.average_idr_per_pair * D("1.1") / D("0.75")
    assert "(1 + 10.0 % overhead) / (1 - 25.0 % margin)" in panel.totals.text()
    # The per-size table is the cost sheet's rows; the chart is drawn beside it.
    rows = cost_rows(c, translator("en"))
    assert panel.per_size.rowCount() == len(rows) == 8
    mould = [k for k, _ in COST_COLUMNS].index("mould")
    assert panel.per_size.item(6, mould).text() == rows[6]["mould"]  # EU 45, its shared mould
    # The chart follows in an event of its own, with the last figures, once the panel is seen.
    window.docks["cost"].raise_()
    qtbot.waitUntil(lambda: panel.chart is not None and panel.chart.drawn_size is not None)
    assert not panel.chart.pixmap().isNull()  # drawn as a picture, at the panel's width
    assert panel.chart.drawn_on.startswith("outsole-figure")  # off the window's thread
    assert panel.chart.pixmap().width() >= panel.chart.width()
    assert panel.chart.figure.axes
    totals = panel.chart.figure.axes[0].patches
    assert sum(p.get_height() for p in totals) == pytest.approx(
        sum(float(s.cost_idr_per_pair) for s in c.sizes) / 1000, rel=1e-6
    )
    # Margin over 95 % is refused, the pricing kept.
    _type(panel.margin_edit, "99")
    assert "margin must be 0 to 95" in window.last_error
    assert window.design.project.pricing.margin_pct == 25


def test_each_bodys_compound_is_named_by_its_role(qtbot, window):
    open_and_wait(qtbot, window, EXAMPLES / "running-eva-eu42.glb")
    text = window.cost_panel.totals.text()
    d = window.design
    nominal = d.cost.size_cost(d.sizing.nominal)
    lines = text.splitlines()
    # Body 1 the EVA midsole, body 2 the rubber outsole on the ground: each line says which.
    assert lines[0].startswith("body 1 (midsole): EVA foam")
    assert lines[1].startswith("body 2 (outsole): ")
    for line, body in zip(lines, nominal.bodies, strict=False):
        assert translator("en").money(body.cost_idr_per_pair) in line


def test_the_quality_panel_counts_and_keeps_its_columns_in_sight(qtbot, window):
    open_and_wait(qtbot, window, PROJECT)
    window.resize(1280, 800)
    window.docks["quality"].raise_()
    qtbot.wait(50)
    panel = window.quality_panel
    report = window.design.quality
    counts = report.counts()
    text = panel.result.text()
    for status, n in counts.items():
        assert f"{n} {status}" in text
    # Value, limit and where are inside the visible width at 1280 x 800, in both languages.
    for language in ("en", "id"):
        window.set_language(language)
        qtbot.wait(50)
        view = panel.table.viewport().width()
        header = panel.table.horizontalHeader()
        for column in (2, 3, 4):
            end = header.sectionViewportPosition(column) + header.sectionSize(column)
            assert end <= view + 1, (language, column)
    window.set_language("en")
    # The failing or warning size is shown, and the selected rule's method and source.
    worst = next(r for r in report.results if r.where)
    row = report.results.index(worst)
    assert panel.table.item(row, 2).text().endswith("\n" + worst.where)  # a size, in English
    panel.table.setCurrentCell(row, 1)
    assert "Source: " in panel.details.text()
    # Limits state both sides where both matter: the drop is 0-30 mm, not "<= 30 mm".
    drop = [r.rule.key for r in report.results].index("drop")
    assert panel.table.item(drop, 3).text() == "0-30 mm"


def test_legends_and_texts_follow_the_language(qtbot, window):
    open_and_wait(qtbot, window, EXAMPLES / "running-eva-eu42.glb")
    box = window.viewer.legend_box
    # The bodies have a legend: each body's role and compound (set in the turn of the event loop
    # after the scene's).
    qtbot.waitUntil(lambda: box.legend is not None)
    assert box.legend.title == "Bodies (compounds)"
    labels = [label for label, _ in box.legend.swatches]
    assert labels[0].startswith("body 1 (midsole): EVA") and "body 2 (outsole)" in labels[1]
    window.show_overlay("thickness")
    qtbot.waitUntil(lambda: box.legend is not None and box.legend.title != "Bodies (compounds)",
                    timeout=60_000)  # fmt: skip
    english = box.legend.title
    window.set_language("id")
    qtbot.waitUntil(lambda: box.legend is not None and box.legend.title != english,
                    timeout=60_000)  # fmt: skip
    assert box.legend.title == translator("id")(english)
    # No clipped value in the Dimensions table in Indonesian: every value's column fits.
    table = window.dimensions_panel.table
    view = table.viewport().width()
    header = table.horizontalHeader()
    assert header.sectionViewportPosition(1) + header.sectionSize(1) <= view + 1
    assert not table.horizontalScrollBar().isVisible()
    window.show_overlay("bodies")
    qtbot.waitUntil(lambda: box.legend is not None and box.legend.title == "Bodi (kompon)",
                    timeout=60_000)  # fmt: skip
    window.set_language("en")


def test_a_low_confidence_pose_is_warned_and_the_up_axis_offered(qtbot, window, tmp_path):
    """A smooth slab stood on its side in the file (Y up): the geometry cannot tell its tread
    side, so the panel warns; choosing +Y as the up axis reads it as drawn."""
    import manifold3d
    import numpy as np

    from outsole_studio.io.stl import write_stl

    mesh = manifold3d.Manifold.cube([270.0, 100.0, 10.0]).to_mesh64()
    v = np.asarray(mesh.vert_properties)[:, :3] @ np.array([[1.0, 0, 0], [0, 0, 1.0],
                                                            [0, -1.0, 0]]).T  # fmt: skip
    path = tmp_path / "slab.stl"
    write_stl(path, v[np.asarray(mesh.tri_verts)])
    open_and_wait(qtbot, window, path)
    panel = window.model_panel
    assert window.design.analysis.pose.confidence < 0.75
    assert panel.warning.isVisible() and "The pose is uncertain" in panel.warning.text()
    assert "Up axis in the file: Y" in panel.model_label.text()
    panel.up_combo.setCurrentIndex(panel.up_combo.findData("+Y"))
    panel.up_combo.activated.emit(panel.up_combo.currentIndex())
    wait_job(qtbot, window)
    d = window.design
    assert d.project.up_axis == "+Y"
    assert d.analysis.pose.rotation[2].tolist() == [0.0, 1.0, 0.0]
    assert d.analysis.dimensions.height_mm == 10.0
    assert not panel.warning.isVisible()
    # Automatic again: the geometry decides.
    panel.up_combo.setCurrentIndex(0)
    panel.up_combo.activated.emit(0)
    wait_job(qtbot, window)
    assert window.design.project.up_axis is None


def test_a_nominal_size_outside_the_run_is_warned(qtbot, window):
    open_and_wait(qtbot, window, PROJECT)
    panel = window.model_panel
    assert not panel.warning.isVisible()
    assert "foot: right (given)" in panel.model_label.text()
    window.ask_user = False
    _type(window.sizes_panel.run_edit, "36-40")
    wait_job(qtbot, window)
    assert window.design.project.size_run.text == "EU36-40"
    assert panel.warning.isVisible()
    assert "The nominal size EU 42 is outside the size run EU36-40" in panel.warning.text()


def test_the_export_dialog_starts_beside_the_project_and_makes_a_new_folder(
    qtbot, window, tmp_path, monkeypatch
):
    import datetime as dt
    import shutil
    import subprocess

    from PySide6.QtCore import QDate
    from PySide6.QtGui import QDesktopServices

    from outsole_studio.gui.export_dialog import ExportDialog

    # The example copied to a folder of its own: the sheet is written beside the project.
    for name in (PROJECT.name, "casual-kawung-eu42.stl"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    open_and_wait(qtbot, window, tmp_path / PROJECT.name)
    dialog = ExportDialog(window, window.design)
    assert dialog.folder_edit.text() == str(tmp_path / "kawung-casual-spec")
    assert dialog.lang_combo.currentData() == "en"
    assert dialog.date_edit.date() == QDate.currentDate()
    dialog.folder_edit.setText(str(tmp_path / "for the factory" / "rev B"))  # new, two deep
    dialog.lang_combo.setCurrentIndex(dialog.lang_combo.findData("id"))
    dialog.date_edit.setDate(QDate(2026, 12, 1))
    choice = dialog.choice()
    assert (choice.lang, choice.issued) == ("id", dt.date(2026, 12, 1))
    window.exported = None
    window.export_choice(choice)
    qtbot.waitUntil(lambda: window.exported is not None, timeout=120_000)
    files = window.exported
    assert files.pdf.parent == tmp_path / "for the factory" / "rev B"
    text = subprocess.run(["pdftotext", str(files.pdf), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    assert "Lembar spesifikasi outsole" in text and "1 Desember 2026" in text
    # What was written, with Open PDF and Open folder.
    box = window.written
    assert box.objectName() == "export-done" and str(files.pdf.parent) in box.text()
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    box.findChild(type(box.buttons()[0]), "open-pdf").click()
    box.findChild(type(box.buttons()[0]), "open-folder").click()
    assert opened == [str(files.pdf), str(files.pdf.parent)]
    # A file standing where the folder should be: refused in a dialog, nothing written.
    (tmp_path / "taken").write_text("x")
    window.export_choice(replace_folder(choice, tmp_path / "taken"))
    assert "is a file" in window.last_error


def replace_folder(choice, folder):
    from dataclasses import replace

    return replace(choice, folder=folder)


def test_save_as_suggests_the_designs_name_and_the_view_is_saved_as_an_image(
    qtbot, window, tmp_path
):
    open_and_wait(qtbot, window, EXAMPLES / "casual-kawung-eu42.stl")
    assert window.suggested_project_path() == EXAMPLES / "casual-kawung-eu42.outsole"
    from dataclasses import replace

    # The sheet's design name decides when there is one.
    window.edit({"sheet": replace(window.design.project.sheet, design_name="Kawung Rev B")})
    wait_job(qtbot, window)
    assert window.suggested_project_path() == EXAMPLES / "kawung-rev-b.outsole"
    qtbot.wait(200)
    path = tmp_path / "view.png"
    assert window.save_view_image(path)
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    assert image.width() == window.viewer.width() * window.viewer.devicePixelRatio()
    assert image.height() > 100
    assert sorted(p.name for p in tmp_path.iterdir()) == ["view.png"]  # no temporary left


def test_a_new_model_starts_with_the_last_costing_inputs(qtbot, window):
    """House defaults: the pressing, tooling, pricing, terms and compound price typed for one
    design are the starting inputs of the next new model (a project keeps its own)."""
    open_and_wait(qtbot, window, EXAMPLES / "casual-kawung-eu42.stl")
    fresh = window.design.project
    assert fresh.process.subcontract_idr_per_pair == 0
    assert fresh.materials[0].material.price_is_placeholder
    cost = window.cost_panel
    _type(cost.press_edit, "7000")
    wait_job(qtbot, window)
    _type(cost.mould_edit, "9000000")
    wait_job(qtbot, window)
    cost.bodies.item(0, 2).setText("38000")
    wait_job(qtbot, window)
    _type(window.quote_panel.edits["labour"], "5")
    wait_job(qtbot, window)
    # The next new model starts from these; it has nothing to save yet.
    open_and_wait(qtbot, window, EXAMPLES / "trail-parang-eu43.stl")
    p = window.design.project
    assert p.process.subcontract_idr_per_pair == 7000
    assert p.tooling.mould_idr_per_size == 9_000_000
    assert p.terms.labour_min_per_pair == 5
    rubber = next(bm for bm in p.materials if bm.material.key == "nr-sbr")
    assert rubber.material.price_idr_per_kg == 38_000
    assert not rubber.material.price_is_placeholder
    assert not window.dirty
    assert "house defaults" in window.statusBar().currentMessage()
    # A project keeps its own inputs.
    open_and_wait(qtbot, window, PROJECT)
    assert window.design.project.process.subcontract_idr_per_pair == 6500


def test_the_library_and_profile_editors_round_trip(qtbot, window, tmp_path):
    """A compound's price set, a copy made, exported and imported back; an SNI 778 limit
    'to be filled' filled in the window, the open design judged on it."""
    from outsole_studio.io.library import Library, read_materials_file, read_profile_file

    open_and_wait(qtbot, window, PROJECT)
    quality = window.quality_panel
    quality.profile_combo.setCurrentIndex(quality.profile_combo.findData("sni-778-2017"))
    quality.profile_combo.activated.emit(quality.profile_combo.currentIndex())
    wait_job(qtbot, window)
    assert window.design.profile.key == "sni-778-2017"
    window.ask_user = False
    dialog = window.open_library()
    errors = []
    dialog.refused = errors.append
    keys = [m.key for m in dialog.material_list]
    row = keys.index("nr-sbr")
    price = [f for f, _, _ in window_columns()].index("price_idr_per_kg")
    dialog.materials.item(row, price).setText("37,500")
    with Library(dialog.path) as lib:
        m = lib.material("nr-sbr")
        assert (m.price_idr_per_kg, m.price_is_placeholder, lib.origin("nr-sbr")) == (
            37_500, False, "edited")  # fmt: skip
    density = [f for f, _, _ in window_columns()].index("density_g_cm3")
    dialog.materials.item(row, density).setText("9")  # outside its own range: refused
    assert errors and dialog.material_list[row].density_g_cm3 == 1.21
    assert dialog.copy_material("nr-sbr", "my-rubber")
    out = tmp_path / "mine.toml"
    assert dialog.export_materials(out)
    assert {m.key for m in read_materials_file(out)} >= {"nr-sbr", "my-rubber"}
    dialog.materials.setCurrentCell([m.key for m in dialog.material_list].index("my-rubber"), 0)
    dialog.remove_material()
    assert "my-rubber" not in [m.key for m in dialog.material_list]
    assert dialog.import_materials(out)
    assert "my-rubber" in [m.key for m in dialog.material_list]
    # Profiles: fill SNI 778's tensile limit, export and import it under another key.
    dialog.profile_combo.setCurrentIndex(dialog.profile_combo.findData("sni-778-2017"))
    dialog._fill_rules()
    rules = dialog.profile().rules
    r = [x.key for x in rules].index("tensile")
    assert rules[r].limit is None
    dialog.rules.item(r, 2).setText("8")
    tensile = dialog.profile().rules[r]
    assert (tensile.limit, tensile.basis) == (8.0, "user")
    assert dialog.copy_profile("sni-778-2017", "sni-778-mine")
    path = tmp_path / "profile.toml"
    assert dialog.export_profile(path) and read_profile_file(path).key == "sni-778-mine"
    # Closing: the panels offer the library as it is; the open design follows its profile.
    dialog.accept()
    wait_job(qtbot, window)
    assert "sni-778-mine" in [p.key for p in window.quality_panel.library_profiles]
    assert "my-rubber" in [m.key for m in window.cost_panel.library_materials]
    judged = next(x for x in window.design.quality.results if x.rule.key == "tensile")
    assert judged.rule.limit == 8.0 and judged.status == "not tested"  # no lab value yet


def window_columns():
    from outsole_studio.gui.library_dialog import MATERIAL_COLUMNS

    return MATERIAL_COLUMNS


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_the_view_keeps_the_room_and_marks_scale_axes_heel_and_toe(qtbot, window, size):
    window.resize(*size)
    window.default_layout()
    open_and_wait(qtbot, window, PROJECT)
    qtbot.wait(100)
    viewer = window.viewer
    assert viewer.width() >= 0.45 * window.width()
    # The Sections panel is a tab with the right-hand panels: showing it leaves the view as it
    # was, and its sections stand one under the other, each title over its own section.
    before = viewer.size()
    window.docks["sections"].show()
    window.docks["sections"].raise_()
    qtbot.waitUntil(lambda: window.sections_panel._drawn is not None, timeout=10_000)
    assert window.docks["sections"] in window.tabifiedDockWidgets(window.docks["cost"])
    assert viewer.size() == before
    axes = window.sections_panel.canvas.figure.axes
    assert len({round(ax.get_position().x0, 3) for ax in axes}) == 1  # one column
    window.docks["sections"].hide()
    # The scale bar shows a round length about an inch long; heel and toe sit at the sole's
    # ends seen from below (toe to the right at the bottom preset).
    viewer.show_preset("bottom")
    qtbot.waitUntil(lambda: viewer.marks.camera == viewer.camera, timeout=5_000)
    marks = viewer.marks
    mm = marks.scale_mm()
    assert mm in (10, 20, 25, 50, 100)
    assert 0 < mm * viewer.height() / (2 * viewer.camera.half_height_mm) <= 120
    lo, hi = marks.bounds
    heel = to_screen(viewer.camera, (lo[0], 0, lo[2]), viewer.width(), viewer.height())
    toe = to_screen(viewer.camera, (hi[0], 0, lo[2]), viewer.width(), viewer.height())
    assert abs(toe[0] - heel[0]) > 0.4 * viewer.width()
    image = viewer.grabFramebuffer()  # the marks are drawn over the picture, not into it
    assert not image.isNull()


def to_screen(*args):
    from outsole_studio.gui.view_marks import to_screen as project

    return project(*args)


def test_printing_writes_the_sheet_beside_the_project_and_opens_it(
    qtbot, window, tmp_path, monkeypatch
):
    import shutil

    from PySide6.QtGui import QDesktopServices

    for name in (PROJECT.name, "casual-kawung-eu42.stl"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    open_and_wait(qtbot, window, tmp_path / PROJECT.name)
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    window.exported = None
    window.menus.act_print.trigger()
    qtbot.waitUntil(lambda: bool(opened), timeout=120_000)
    pdf = tmp_path / "kawung-casual-spec" / "kawung-casual-spec.pdf"
    assert opened == [str(pdf)] and pdf.stat().st_size > 10_000
    assert "print it from there" in window.statusBar().currentMessage()


def test_going_back_to_the_bodies_while_an_overlay_is_coloured_clears_the_progress(qtbot, window):
    open_and_wait(qtbot, window, PROJECT)
    window.overlays.cache.clear()
    window.show_overlay("draft")  # a colouring job starts
    window.show_overlay("bodies")  # and is dropped at once: nothing else runs
    qtbot.waitUntil(lambda: window.job is None, timeout=30_000)
    assert not window.progress.isVisible() and not window.cancel_button.isVisible()


def test_a_new_models_upload_and_colours_wait_for_a_turn_of_their_own(qtbot, window, monkeypatch):
    """Opening fills the panels, then uploads the model: the colours set with it do not paint at
    once (the upload would fall into the panels' turn of the event loop), the refine timer does."""
    open_and_wait(qtbot, window, EXAMPLES / "sample-outsole.stl")
    viewer, scene = window.viewer, window.controller.scene
    painted = []
    monkeypatch.setattr(viewer, "update", lambda: painted.append(1))
    viewer.set_scene(scene)
    viewer.set_colours(scene.textures, None)
    assert painted == [] and viewer._refine.isActive()
    monkeypatch.undo()
    qtbot.waitUntil(lambda: viewer._pending is None)  # uploaded at the timer's paint
    painted.clear()
    monkeypatch.setattr(viewer, "update", lambda: painted.append(1))
    viewer.set_colours(scene.textures, None)  # nothing to upload: painted at once
    assert painted == [1]
