"""The window guards the user's work: edits during a job survive, a new job replaces the old,
unsaved changes and dropped order lines are asked about, typing is never lost."""

from __future__ import annotations

import json
import threading
from decimal import Decimal as D

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from outsole_studio.core.i18n import translator
from outsole_studio.core.production import project as project_module
from outsole_studio.core.production.cost import cost_sheet
from outsole_studio.gui.worker import JobSlot

from .test_window import MODEL, PROJECT, open_and_wait, wait_job

EN = translator("en")


def answer(name: str, button: QMessageBox.StandardButton, seen: list[str]) -> QTimer:
    """Answer the question box ``name`` with ``button`` when it shows (it is modal)."""
    timer = QTimer()

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == name:
            timer.stop()
            seen.append(box.text())
            box.button(button).click()

    timer.timeout.connect(poll)
    timer.start(20)
    return timer


def type_into(qtbot, window, field, text: str) -> None:
    """Give ``field`` the keyboard focus, as a click would, and type ``text`` over its text."""
    window.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=5_000)
    field.selectAll()
    QTest.keyClicks(field, text)


def totals_for(design) -> str:
    sheet = cost_sheet(design.sizing.graded, design.project.order, design.project.cost_inputs)
    return f"Order total: {EN.money(sheet.total_idr)}"


def set_price(window, text: str) -> None:
    window.cost_panel.bodies.item(0, 2).setText(text)


def test_an_edit_made_while_the_sizes_regrade_survives(qtbot, window, monkeypatch):
    open_and_wait(qtbot, window, PROJECT)
    release = threading.Event()
    sized = project_module.Project.sized

    def held(self, analysis):
        release.wait(30)
        return sized(self, analysis)

    monkeypatch.setattr(project_module.Project, "sized", held)
    run = window.sizes_panel.run_edit
    run.setText("EU40-44")
    run.editingFinished.emit()
    assert window.job is not None  # the regrade runs, held
    set_price(window, "40000")  # typed meanwhile: applied at once to the design shown
    assert window.design.project.materials[0].material.price_idr_per_kg == D(40000)
    release.set()
    wait_job(qtbot, window)
    d = window.design
    # Both survive: the new run from the job, the price typed while it ran.
    assert d.project.size_run.text == "EU40-44" and len(d.sizing.graded) == 5
    assert d.project.materials[0].material.price_idr_per_kg == D(40000)
    assert totals_for(d) in window.cost_panel.totals.text()
    assert window.dirty


def test_a_new_job_cancels_the_old_and_its_late_result_is_ignored(qtbot):
    slot = JobSlot()
    release = threading.Event()
    results, ended = [], []
    slot.ended.connect(lambda: ended.append(slot.job))

    def slow(progress):
        release.wait(30)
        return "first"

    def fail(exc, details):
        raise AssertionError(exc)

    first = slot.start(slow, results.append, fail, "first")
    first_job = slot.job
    second = slot.start(lambda progress: "second", results.append, fail, "second")
    assert second == first + 2  # the cancel moved the generation on too
    assert first_job.cancelled.is_set()
    qtbot.waitUntil(lambda: results == ["second"], timeout=10_000)
    release.set()
    assert first_job.wait(10_000)
    qtbot.wait(100)
    assert results == ["second"] and slot.job is None and ended == [None]


def test_the_progress_bar_stays_while_another_job_runs(qtbot, window):
    open_and_wait(qtbot, window, PROJECT)
    release = threading.Event()
    window.controller.start(lambda progress: release.wait(30), lambda result: None, "held")
    window.show_overlay("contact")  # a job of its own: colouring never cancels an edit
    qtbot.waitUntil(lambda: window.overlays.jobs.job is None, timeout=30_000)
    assert window.progress.isVisible() and window.controller.jobs.job is not None
    release.set()
    wait_job(qtbot, window)
    assert not window.progress.isVisible()


def test_opening_another_file_asks_about_unsaved_changes(qtbot, window):
    open_and_wait(qtbot, window, PROJECT)
    set_price(window, "40000")
    assert window.dirty
    window.ask_user = True
    seen: list[str] = []
    timer = answer("unsaved-dialog", QMessageBox.StandardButton.Cancel, seen)
    window.open_path(MODEL)
    timer.stop()
    assert seen == ["The project has unsaved changes. Save them?"]
    assert window.job is None and window.design.project_file == PROJECT  # kept, not replaced
    timer = answer("unsaved-dialog", QMessageBox.StandardButton.Discard, seen)
    window.open_path(MODEL)
    wait_job(qtbot, window)
    timer.stop()
    assert len(seen) == 2 and window.design.project_file is None
    assert window.design.model_file == MODEL and not window.dirty


def test_a_value_being_typed_is_saved_by_ctrl_s(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, PROJECT)
    path = tmp_path / "typed.outsole"
    assert window.save_to(path)
    field = window.cost_panel.finish_edit
    type_into(qtbot, window, field, "2750")
    assert field.hasFocus() and field.text() == "2750"
    window.menus.act_save.trigger()  # Ctrl+S at once, the field never left
    data = json.loads(path.read_text())
    assert data["process"]["finishing_idr_per_pair"] == "2750"
    assert not window.dirty


def test_totals_follow_typing_after_a_pause(qtbot, window):
    open_and_wait(qtbot, window, PROJECT)
    before = window.cost_panel.totals.text()
    total_before = window.design.cost.total_idr
    field = window.cost_panel.finish_edit
    type_into(qtbot, window, field, "2500")
    assert window.cost_panel.totals.text() == before  # not on every key
    qtbot.waitUntil(lambda: window.cost_panel.totals.text() != before, timeout=3_000)
    assert field.hasFocus()  # still typing: nothing had to be left or confirmed
    d = window.design
    assert d.project.process.finishing_idr_per_pair == D(2500)
    assert totals_for(d) in window.cost_panel.totals.text()
    # 1,000 Rp more finishing per pair on 750 pairs: 750,000 Rp more on the order's cost.
    assert d.cost.total_idr - total_before == D(750_000)


def test_a_size_run_that_drops_ordered_sizes_asks_first(qtbot, window):
    open_and_wait(qtbot, window, PROJECT)
    window.ask_user = True
    run = window.sizes_panel.run_edit
    seen: list[str] = []
    timer = answer("order-drop-dialog", QMessageBox.StandardButton.Cancel, seen)
    run.setText("EU40-44")
    run.editingFinished.emit()
    timer.stop()
    assert seen and "EU 39 (60 pairs), EU 45 (30 pairs)" in seen[0]
    d = window.design
    assert d.project.size_run.text == "EU39-45" and sum(o.pairs for o in d.project.order) == 750
    assert run.text() == "EU39-45"  # the field shows the run kept
    timer = answer("order-drop-dialog", QMessageBox.StandardButton.Yes, seen)
    run.setText("EU40-44")
    run.editingFinished.emit()
    wait_job(qtbot, window)
    timer.stop()
    d = window.design
    assert len(seen) == 2 and d.project.size_run.text == "EU40-44"
    assert sum(o.pairs for o in d.project.order) == 660
    # A run that keeps every ordered size asks nothing.
    timer = answer("order-drop-dialog", QMessageBox.StandardButton.Cancel, seen)
    run.setText("EU39-46")
    run.editingFinished.emit()
    wait_job(qtbot, window)
    timer.stop()
    assert len(seen) == 2 and window.design.project.size_run.text == "EU39-46"


def test_quitting_commits_typing_and_asks_about_it(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, PROJECT)
    window.save_to(tmp_path / "q.outsole")
    window.ask_user = True
    field = window.sheet_panel.edits["designer"]
    type_into(qtbot, window, field, "Sari Dewi")
    seen: list[str] = []
    timer = answer("unsaved-dialog", QMessageBox.StandardButton.Save, seen)
    window.menus.act_quit.trigger()
    timer.stop()
    assert seen  # the typed name made the project unsaved, and Save kept it
    assert json.loads((tmp_path / "q.outsole").read_text())["sheet"]["designer"] == "Sari Dewi"


def test_a_refresh_never_overwrites_what_is_being_typed(qtbot, window):
    open_and_wait(qtbot, window, PROJECT)
    run = window.sizes_panel.run_edit
    type_into(qtbot, window, run, "EU40-4")
    set_price(window, "41000")  # the design changes and every panel is shown again
    assert window.design.project.materials[0].material.price_idr_per_kg == D(41000)
    assert run.text() == "EU40-4"  # still being typed
    QTest.keyClick(run, "4")
    run.editingFinished.emit()  # Return: taken now
    wait_job(qtbot, window)
    assert window.design.project.size_run.text == "EU40-44" and run.text() == "EU40-44"


def test_the_bodies_are_recoloured_only_when_a_compound_changes(qtbot, window, monkeypatch):
    open_and_wait(qtbot, window, PROJECT)
    calls = []
    bodies = window.overlays.bodies
    monkeypatch.setattr(window.overlays, "bodies", lambda d, s: (calls.append(1), bodies(d, s)))
    set_price(window, "41000")  # every panel shown again; the compounds' colours are the same
    assert calls == []
    combo = window.cost_panel.bodies.cellWidget(0, 1)
    combo.setCurrentIndex(combo.findData("tpr"))
    combo.activated.emit(combo.currentIndex())
    assert window.design.project.materials[0].material.key == "tpr" and calls == [1]
