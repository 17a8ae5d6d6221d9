"""The main window: the 3D view, dockable panels over the same pipeline as the command line.

The window keeps one :class:`~outsole_studio.io.session.Session`. Opening and exporting run on a
worker thread with a progress bar and Cancel; editing a price, a waste allowance or an order
quantity re-costs and re-checks at once (pure functions, milliseconds). Nothing is computed here
that the pipeline does not compute for the command line too.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QColor,
    QDragEnterEvent,
    QDropEvent,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import OutsoleError
from ..core.production.cost import BodyMaterial, OrderLine, ToolingLine
from ..core.production.project import SheetInfo
from ..core.production.quality import format_limit, format_value
from ..io.library import Library, data_dir, default_library_path
from ..io.project import PROJECT_SUFFIX, save_project
from ..io.session import Session, with_project
from ..render.overlays import OVERLAYS, overlay
from ..render.scene import SceneMesh, scene_textures
from .tasks import RUNNER, open_task, reopen_task
from .texts import lang, qty, tr, use_language
from .viewer import Viewer
from .worker import Job

MODEL_SUFFIXES = (".stl", ".obj", ".ply", ".off", ".glb", ".gltf", ".3mf")
_STATUS_COLOURS = {"pass": "#d5f0dc", "warn": "#fdebc8", "fail": "#f7d4d0"}


def _money(text: str) -> Decimal | None:
    """A Rupiah amount typed by the user (``35000``, ``35.000`` or ``35,000``), or None."""
    cleaned = text.strip().replace("Rp", "").replace(" ", "")
    if lang().lang == "id":
        cleaned = cleaned.replace(".", "").replace(",", ".")
    else:
        cleaned = cleaned.replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() and value >= 0 else None


class MainWindow(QMainWindow):
    """Outsole Studio's window."""

    def __init__(self, library_path: Path | None = None) -> None:
        super().__init__()
        self.library_path = library_path
        self.library_materials: list[Any] = []
        self.library_profiles: list[Any] = []
        self._overlay_cache: dict[Any, Any] = {}
        self.scene_mesh: SceneMesh | None = None
        self.session: Session | None = None
        self.job: Job | None = None
        self.dirty = False
        #: Ask about unsaved changes on closing (tests turn it off: the question is modal).
        self.ask_before_closing = True
        self.last_error: str | None = None
        self.settings = QSettings(str(data_dir() / "window.ini"), QSettings.Format.IniFormat)
        self.viewer = Viewer(self)
        self.setCentralWidget(self.viewer)
        self.setAcceptDrops(True)
        self._build_actions()
        self._build_docks()
        self._build_status()
        use_language(str(self.settings.value("language", "en")))
        self.load_library()
        self.retranslate()
        threading.Thread(target=RUNNER.warm, daemon=True).start()
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.value("state")
        if state is not None:
            self.restoreState(state)
        else:
            self.resize(1280, 820)
            self.resizeDocks([self.dock_model, self.dock_cost], [270, 500],
                             Qt.Orientation.Horizontal)  # fmt: skip

    # -- building ----------------------------------------------------------------------------

    def _action(self, slot: Any, shortcut: str | None = None) -> QAction:
        action = QAction(self)
        action.triggered.connect(slot)
        if shortcut:
            action.setShortcut(shortcut)
        return action

    def _build_actions(self) -> None:
        self.act_open = self._action(self.choose_file, "Ctrl+O")
        self.act_save = self._action(self.save, "Ctrl+S")
        self.act_save_as = self._action(self.save_as, "Ctrl+Shift+S")
        self.act_export = self._action(self.choose_export, "Ctrl+E")
        self.act_quit = self._action(self.close, "Ctrl+Q")
        self.act_fit = self._action(self.viewer.fit, "F")
        self.act_about = self._action(self.about)
        self.act_presets = {
            name: self._action(lambda _=False, n=name: self.viewer.show_preset(n))
            for name in ("bottom", "top", "side", "front", "three-quarter")
        }
        group = QActionGroup(self)
        self.act_lang = {}
        for code in ("en", "id"):
            action = self._action(lambda _=False, c=code: self.set_language(c))
            action.setCheckable(True)
            group.addAction(action)
            self.act_lang[code] = action
        bar = self.menuBar()
        self.menu_file = bar.addMenu("")
        self.menu_recent = self.menu_file.addMenu("")
        for a in (self.act_open, self.act_save, self.act_save_as, self.act_export, self.act_quit):
            self.menu_file.addAction(a)
        self.menu_file.insertMenu(self.act_save, self.menu_recent)
        self.menu_view = bar.addMenu("")
        self.menu_view.addAction(self.act_fit)
        self.menu_view_docks = self.menu_view.addMenu("")
        for a in self.act_presets.values():
            self.menu_view.addAction(a)
        self.menu_overlay = self.menu_view.addMenu("")
        overlays = QActionGroup(self)
        self.act_overlays: dict[str, QAction] = {}
        for i, key in enumerate(("bodies", *OVERLAYS)):
            action = self._action(lambda _=False, k=key: self.show_overlay(k), f"Ctrl+{i + 1}")
            action.setCheckable(True)
            overlays.addAction(action)
            self.menu_overlay.addAction(action)
            self.act_overlays[key] = action
        self.act_overlays["bodies"].setChecked(True)
        self.overlay = "bodies"
        self.menu_lang = bar.addMenu("")
        for a in self.act_lang.values():
            self.menu_lang.addAction(a)
        self.menu_help = bar.addMenu("")
        self.menu_help.addAction(self.act_about)
        self.toolbar = self.addToolBar("main")
        self.toolbar.setObjectName("main-toolbar")
        for a in (self.act_open, self.act_save, self.act_export, self.act_fit):
            self.toolbar.addAction(a)
        self.toolbar.addSeparator()
        for a in self.act_presets.values():
            self.toolbar.addAction(a)
        self.toolbar.addSeparator()
        for a in self.act_overlays.values():
            self.toolbar.addAction(a)

    def _dock(self, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _table(self, columns: int) -> QTableWidget:
        table = QTableWidget(0, columns)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    @staticmethod
    def _fit_rows(table: QTableWidget, min_rows: int = 1) -> None:
        """Make a short table exactly as tall as its rows (no empty space under them)."""
        rows = max(table.rowCount(), min_rows)
        row_height = table.verticalHeader().defaultSectionSize()
        height = table.horizontalHeader().height() + rows * row_height + 2 * table.frameWidth()
        if table.horizontalScrollBar().isVisible():
            height += table.horizontalScrollBar().height()
        table.setFixedHeight(height + 2)

    def _build_docks(self) -> None:
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        self._build_model_dock(left)
        self.dims = self._table(2)
        self.dock_dims = self._dock("dimensions", self.dims, left)
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self.sections_canvas = FigureCanvasQTAgg(Figure(figsize=(5, 4)))
        self.dock_sections = self._dock(
            "sections", self.sections_canvas, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.dock_sections.hide()  # shown from the View menu: the 3D view keeps the room
        self.dock_sections.visibilityChanged.connect(self._sections_shown)
        self._build_cost_dock(right)
        self._build_sizes_dock(right)
        self._build_quality_dock(right)
        self._build_sheet_dock(right)
        for dock in (self.dock_model, self.dock_dims, self.dock_sections, self.dock_cost,
                     self.dock_sizes, self.dock_quality, self.dock_sheet):  # fmt: skip
            self.menu_view_docks.addAction(dock.toggleViewAction())
        self.tabifyDockWidget(self.dock_cost, self.dock_sizes)
        self.tabifyDockWidget(self.dock_sizes, self.dock_quality)
        self.tabifyDockWidget(self.dock_quality, self.dock_sheet)
        self.dock_cost.raise_()

    def _scrolled(self, widget: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setWidget(widget)
        return area

    def _build_model_dock(self, area: Qt.DockWidgetArea) -> None:
        model = QWidget()
        layout = QVBoxLayout(model)
        self.model_label = QLabel()
        self.model_label.setWordWrap(True)
        self.model_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.model_label)
        form = QFormLayout()
        self.units_combo = QComboBox()
        for unit in ("", "mm", "cm", "m", "in"):
            self.units_combo.addItem(unit, unit)
        self.flip_check = QCheckBox()
        self.reverse_check = QCheckBox()
        self.units_label = QLabel()
        form.addRow(self.units_label, self.units_combo)
        form.addRow(self.flip_check)
        form.addRow(self.reverse_check)
        layout.addLayout(form)
        layout.addStretch(1)
        self.units_combo.activated.connect(self._reading_edited)
        self.flip_check.clicked.connect(self._reading_edited)
        self.reverse_check.clicked.connect(self._reading_edited)
        self.dock_model = self._dock("model", self._scrolled(model), area)

    def _build_cost_dock(self, area: Qt.DockWidgetArea) -> None:
        cost = QWidget()
        layout = QVBoxLayout(cost)
        self.bodies_title = QLabel()
        layout.addWidget(self.bodies_title)
        self.bodies = self._table(4)
        self.bodies.horizontalHeader().setStretchLastSection(False)
        self.bodies.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.bodies.verticalHeader().setDefaultSectionSize(QComboBox().sizeHint().height() + 6)
        self.bodies.itemChanged.connect(self._bodies_edited)
        layout.addWidget(self.bodies)
        self.process_title = QLabel()
        layout.addWidget(self.process_title)
        form = QFormLayout()
        self.process_combo = QComboBox()
        self.process_combo.addItems(["", ""])
        self.process_combo.activated.connect(self._inputs_edited)
        self.press_edit = QLineEdit()
        self.cycle_edit = QLineEdit()
        self.rate_edit = QLineEdit()
        self.per_cycle_edit = QLineEdit()
        self.finish_edit = QLineEdit()
        self.mould_edit = QLineEdit()
        self.cost_edits = (self.press_edit, self.cycle_edit, self.rate_edit, self.per_cycle_edit,
                           self.finish_edit, self.mould_edit)  # fmt: skip
        self.process_label = QLabel()
        form.addRow(self.process_label, self.process_combo)
        self.cost_labels = [QLabel() for _ in self.cost_edits]
        for label, edit in zip(self.cost_labels, self.cost_edits, strict=True):
            edit.editingFinished.connect(self._inputs_edited)
            form.addRow(label, edit)
        self.cost_form = form
        layout.addLayout(form)
        self.tooling_title = QLabel()
        layout.addWidget(self.tooling_title)
        self.tooling = self._table(2)
        self.tooling.itemChanged.connect(self._tooling_edited)
        layout.addWidget(self.tooling)
        buttons = QHBoxLayout()
        self.add_tool_button = QPushButton()
        self.add_tool_button.clicked.connect(self._add_tooling_line)
        self.remove_tool_button = QPushButton()
        self.remove_tool_button.clicked.connect(self._remove_tooling_line)
        buttons.addWidget(self.add_tool_button)
        buttons.addWidget(self.remove_tool_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.order_title = QLabel()
        layout.addWidget(self.order_title)
        self.order = self._table(2)
        self.order.itemChanged.connect(self._order_edited)
        self.order.setMinimumHeight(160)
        layout.addWidget(self.order, 1)
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        layout.addWidget(self.totals)
        self.dock_cost = self._dock("cost", self._scrolled(cost), area)

    def _build_sizes_dock(self, area: Qt.DockWidgetArea) -> None:
        sizes = QWidget()
        layout = QVBoxLayout(sizes)
        form = QFormLayout()
        self.run_edit = QLineEdit()
        self.run_edit.editingFinished.connect(self._sizes_edited)
        self.nominal_combo = QComboBox()
        self.nominal_combo.activated.connect(self._sizes_edited)
        self.foot_combo = QComboBox()
        self.foot_combo.addItems(["", "", ""])
        self.foot_combo.activated.connect(self._sizes_edited)
        self.sizes_labels = [QLabel() for _ in range(3)]
        for label, widget in zip(self.sizes_labels, (self.run_edit, self.nominal_combo,
                                                      self.foot_combo), strict=True):  # fmt: skip
            form.addRow(label, widget)
        layout.addLayout(form)
        self.grading_table = self._table(7)
        layout.addWidget(self.grading_table)
        self.dock_sizes = self._dock("sizes", sizes, area)

    def _build_quality_dock(self, area: Qt.DockWidgetArea) -> None:
        quality = QWidget()
        q_layout = QVBoxLayout(quality)
        form = QFormLayout()
        self.profile_combo = QComboBox()
        self.profile_combo.activated.connect(self._profile_chosen)
        self.profile_label = QLabel()
        form.addRow(self.profile_label, self.profile_combo)
        q_layout.addLayout(form)
        self.quality_result = QLabel()
        self.quality_result.setWordWrap(True)
        q_layout.addWidget(self.quality_result)
        self.quality_table = self._table(5)
        self.quality_table.itemChanged.connect(self._lab_edited)
        q_layout.addWidget(self.quality_table)
        self.dock_quality = self._dock("quality", quality, area)

    def _build_sheet_dock(self, area: Qt.DockWidgetArea) -> None:
        sheet = QWidget()
        s_layout = QFormLayout(sheet)
        self.sheet_edits = {k: QLineEdit() for k in ("design_name", "designer", "partner",
                                                     "revision", "notes")}  # fmt: skip
        self.sheet_labels = {k: QLabel() for k in self.sheet_edits}
        for key, edit in self.sheet_edits.items():
            edit.editingFinished.connect(self._sheet_edited)
            s_layout.addRow(self.sheet_labels[key], edit)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.choose_export)
        s_layout.addRow(self.export_button)
        self.dock_sheet = self._dock("sheet", sheet, area)

    def _build_status(self) -> None:
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel_job)
        self.cancel_button.hide()
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)
        # Room for the progress bar and Cancel kept: showing them must not resize the 3D view
        # (a resize redraws the whole model).
        self.statusBar().setFixedHeight(self.cancel_button.sizeHint().height() + 6)

    # -- language ------------------------------------------------------------------------------

    def set_language(self, code: str) -> None:
        """Switch every label of the window to ``en`` or ``id``."""
        use_language(code)
        self.settings.setValue("language", code)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every fixed text in the language in use, and redraw the panels."""
        self.act_lang[lang().lang].setChecked(True)
        self.act_open.setText(tr("&Open..."))
        self.act_save.setText(tr("&Save project"))
        self.act_save_as.setText(tr("Save project &as..."))
        self.act_export.setText(tr("&Export spec sheet..."))
        self.act_quit.setText(tr("&Quit"))
        self.act_fit.setText(tr("&Fit"))
        self.act_about.setText(tr("&About Outsole Studio"))
        names = {"bottom": tr("Bottom"), "top": tr("Top"), "side": tr("Side"),
                 "front": tr("Front"), "three-quarter": tr("Three-quarter")}  # fmt: skip
        for key, action in self.act_presets.items():
            action.setText(names[key])
        self.act_lang["en"].setText("English")
        self.act_lang["id"].setText("Bahasa Indonesia")
        self.menu_file.setTitle(tr("&File"))
        self.menu_recent.setTitle(tr("Open &recent"))
        self.menu_view.setTitle(tr("&View"))
        self.menu_lang.setTitle(tr("&Language"))
        self.menu_help.setTitle(tr("&Help"))
        self.dock_model.setWindowTitle(tr("Model"))
        self.dock_dims.setWindowTitle(tr("Dimensions and tread"))
        self.dock_cost.setWindowTitle(tr("Material and cost"))
        self.dock_quality.setWindowTitle(tr("Quality"))
        self.dock_sheet.setWindowTitle(tr("Spec sheet"))
        self.dock_sections.setWindowTitle(tr("Sections"))
        self.menu_view_docks.setTitle(tr("&Panels"))
        labels = (tr("Pressing per pair (Rp)"), tr("Cycle time (s)"), tr("Press rate (Rp/hour)"),
                  tr("Pairs per cycle"), tr("Finishing per pair (Rp)"),
                  tr("Mould per size (Rp)"))  # fmt: skip
        for label, text in zip(self.cost_labels, labels, strict=True):
            label.setText(text)
        self.bodies_title.setText("<b>" + tr("Bodies and compounds") + "</b>")
        self.process_title.setText("<b>" + tr("Pressing and finishing") + "</b>")
        self.tooling_title.setText("<b>" + tr("Tooling") + "</b>")
        self.order_title.setText("<b>" + tr("Order (pairs per size)") + "</b>")
        self.process_label.setText(tr("Pressing"))
        self.process_combo.setItemText(0, tr("sole factory's price"))
        self.process_combo.setItemText(1, tr("own press"))
        self.add_tool_button.setText(tr("Add line"))
        self.remove_tool_button.setText(tr("Remove line"))
        self.bodies.setHorizontalHeaderLabels(
            [tr("Body"), tr("Compound"), tr("Price (Rp/kg)"), tr("Waste (%)")]
        )
        self.tooling.setHorizontalHeaderLabels([tr("Tooling line"), tr("Cost (Rp)")])
        self.units_label.setText(tr("File unit"))
        self.units_combo.setItemText(0, tr("automatic"))
        self.flip_check.setText(tr("Turn over (tread side up in the file)"))
        self.reverse_check.setText(tr("Swap heel and toe"))
        for label, text in zip(self.sizes_labels, (tr("Size run"), tr("Nominal size"),
                                                   tr("Foot")), strict=True):  # fmt: skip
            label.setText(text)
        for i, text in enumerate((tr("from the arch"), tr("right"), tr("left"))):
            self.foot_combo.setItemText(i, text)
        self.grading_table.setHorizontalHeaderLabels(
            [tr("Size"), tr("Length (mm)"), tr("Ball width (mm)"), tr("Heel width (mm)"),
             tr("Volume (cm³)"), tr("Mass per sole (g)"), tr("Contact (cm²)")]
        )  # fmt: skip
        self.profile_label.setText(tr("Requirement profile"))
        self.dock_sizes.setWindowTitle(tr("Sizes"))
        self.menu_overlay.setTitle(tr("&Overlay"))
        overlay_names = {"bodies": tr("Bodies (compounds)"), "thickness": tr("Thickness"),
                         "contact": tr("Ground contact"), "draft": tr("Mould draft")}  # fmt: skip
        for key, action in self.act_overlays.items():
            action.setText(overlay_names[key])
        sheet = {"design_name": tr("Design"), "designer": tr("Designer"),
                 "partner": tr("Partner (sole factory)"), "revision": tr("Revision"),
                 "notes": tr("Notes")}  # fmt: skip
        for key, label in self.sheet_labels.items():
            label.setText(sheet[key])
        self.export_button.setText(tr("Export spec sheet..."))
        self.cancel_button.setText(tr("Cancel"))
        self.dims.setHorizontalHeaderLabels([tr("Measure"), tr("Value")])
        self.order.setHorizontalHeaderLabels([tr("Size"), tr("Pairs")])
        self.quality_table.setHorizontalHeaderLabels(
            [tr("Status"), tr("Rule"), tr("Value"), tr("Limit"), tr("Measured (lab)")]
        )
        self._update_recent_menu()
        self.refresh()

    # -- opening ---------------------------------------------------------------------------

    def choose_file(self) -> None:
        """Ask for a model or a project and open it."""
        filters = (
            tr("Models and projects") + " (*" + " *".join((*MODEL_SUFFIXES, PROJECT_SUFFIX)) + ")"
        )
        path, _ = QFileDialog.getOpenFileName(self, tr("Open"), "", filters)
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path) -> None:
        """Open a model or project on a worker thread; the current one stays until it succeeds."""
        self.cancel_job()
        # Resolved here: the worker process may have been started under other settings.
        library_path = Path(self.library_path or default_library_path())

        def work(progress: Any) -> tuple[Session, SceneMesh]:
            # In the worker process: the analysis's long numpy calls must not hold this
            # process's interpreter lock (the GUI thread would wait for it).
            return RUNNER.run(open_task, (path, library_path), progress)

        self._start(work, self._opened, tr("Opening {name}", name=path.name))

    def _start(self, work: Any, done: Any, what: str) -> None:
        job = Job(work)
        job.progress.connect(self._progressed)
        job.finished.connect(done)
        job.failed.connect(self._failed)
        self.job = job
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.statusBar().showMessage(what)
        job.start()

    def _progressed(self, pct: int, what: str) -> None:
        self.progress.setValue(pct)

    def _finish_job(self) -> None:
        self.statusBar().clearMessage()
        self.progress.hide()
        self.cancel_button.hide()
        self.job = None

    def cancel_job(self) -> None:
        """Stop waiting for the running job (its result is ignored)."""
        if self.job is not None:
            self.job.cancel()
            self._finish_job()
            self.statusBar().showMessage(tr("Cancelled"), 3000)

    def load_library(self) -> None:
        """Read the compounds and requirement profiles offered in the panels."""
        try:
            with Library(self.library_path) as lib:
                self.library_materials = lib.materials()
                self.library_profiles = lib.profiles()
        except OutsoleError as exc:
            where = f"{exc.path}: " if exc.path else ""
            self.show_error(where + lang().message(exc.message))

    def _opened(self, result: tuple[Session, SceneMesh]) -> None:
        self._finish_job()
        session, scene = result
        self.session = session
        self.dirty = False
        self._remember(session.project_file or session.model_file)
        self.viewer.set_scene(scene)
        self.scene_mesh = scene
        self._overlay_cache.clear()
        if self.overlay != "bodies":  # the scene comes in its bodies' colours
            QTimer.singleShot(0, lambda: self.show_overlay(self.overlay))
        self.statusBar().showMessage(tr("Opened {name}", name=session.model_file.name), 5000)
        self.refresh()

    def _failed(self, exc: BaseException, details: str) -> None:
        self._finish_job()
        if isinstance(exc, OutsoleError):
            where = f"{exc.path}: " if exc.path else ""
            message = where + lang().message(exc.message)
        else:
            message = tr("internal error ({kind}: {detail})", kind=type(exc).__name__, detail=exc)
        self.show_error(message, details)

    def show_error(self, message: str, details: str = "") -> None:
        """A dialog with the one-line reason (details on request); the project stays open."""
        self.last_error = message
        box = QMessageBox(QMessageBox.Icon.Warning, tr("Outsole Studio"), message,
                          QMessageBox.StandardButton.Ok, self)  # fmt: skip
        if details:
            box.setDetailedText(details)
        box.setObjectName("error-dialog")
        box.open()

    # -- recent files and settings -------------------------------------------------------------

    def _recent(self) -> list[str]:
        value = self.settings.value("recent", [])
        if isinstance(value, str):
            return [value]
        return [str(v) for v in (value or [])]

    def _remember(self, path: Path) -> None:
        recent = [str(path)] + [p for p in self._recent() if p != str(path)]
        self.settings.setValue("recent", recent[:8])
        self._update_recent_menu()

    def _update_recent_menu(self) -> None:
        self.menu_recent.clear()
        for p in self._recent():
            action = self.menu_recent.addAction(p)
            action.triggered.connect(lambda _=False, q=p: self.open_path(Path(q)))
        self.menu_recent.setEnabled(bool(self._recent()))

    # -- editing -------------------------------------------------------------------------------

    def _edit(self, **changes: Any) -> None:
        if self.session is None:
            return
        try:
            project = replace(self.session.project, **changes)
            session = with_project(self.session, project)
            session.cost  # noqa: B018 - check the inputs cost before accepting them
        except OutsoleError as exc:
            self.show_error(lang().message(exc.message))
            self.refresh()
            return
        self.session = session
        self.dirty = True
        self.refresh()

    def _edit_in_background(self, what: str, **changes: Any) -> None:
        """Edits that re-grade (sizes) or re-analyse (file unit, pose): on the worker thread."""
        s = self.session
        if s is None:
            return
        # Resolved here: the worker process may have been started under other settings.
        library_path = Path(self.library_path or default_library_path())
        try:
            project = replace(s.project, **changes)
        except OutsoleError as exc:
            self.show_error(lang().message(exc.message))
            self.refresh()
            return
        reanalyse = (project.units, project.flip, project.reverse) != (
            s.project.units, s.project.flip, s.project.reverse)  # fmt: skip

        def work(progress: Any) -> tuple[Session, SceneMesh | None]:
            if reanalyse:
                return RUNNER.run(reopen_task, (s, project, library_path), progress)
            session = with_project(s, project)
            session.cost  # noqa: B018 - computed here, off the GUI thread
            return session, None

        self._start(work, self._edited, what)

    def _edited(self, result: tuple[Session, SceneMesh | None]) -> None:
        self._finish_job()
        session, scene = result
        self.session = session
        self.dirty = True
        if scene is not None:
            self.viewer.set_scene(scene)
            self.scene_mesh = scene
            self._overlay_cache.clear()
            if self.overlay != "bodies":
                self.show_overlay(self.overlay)
        self.refresh()

    def _reading_edited(self) -> None:
        s = self.session
        if s is None:
            return
        units = self.units_combo.currentData() or None
        flip, reverse = self.flip_check.isChecked(), self.reverse_check.isChecked()
        if (units, flip, reverse) != (s.project.units, s.project.flip, s.project.reverse):
            self._edit_in_background(tr("Analysing the model again"), units=units, flip=flip,
                                     reverse=reverse)  # fmt: skip

    def _sizes_edited(self) -> None:
        s = self.session
        if s is None or self._refreshing:
            return
        from ..core.production.sizes import parse_size_run

        try:
            run = parse_size_run(self.run_edit.text())
        except OutsoleError as exc:
            self.show_error(lang().message(exc.message))
            self.refresh()
            return
        nominal = self.nominal_combo.currentData()
        if nominal is not None and nominal not in run.sizes:
            nominal = None
        foot = self.foot_combo.currentData() or None
        order = tuple(line for line in s.project.order if line.size in run.sizes)
        p = s.project
        if (run, nominal, foot) != (p.size_run, p.nominal, p.foot):
            self._edit_in_background(tr("Grading the sizes"), size_run=run, nominal=nominal,
                                     foot=foot, order=order)  # fmt: skip

    def _numbers(self, *edits: QLineEdit) -> list[Decimal] | None:
        values = [_money(e.text()) for e in edits]
        if any(v is None for v in values):
            self.show_error(tr("type an amount such as 35000"))
            self.refresh()
            return None
        return [v for v in values if v is not None]

    def _inputs_edited(self) -> None:
        s = self.session
        if s is None or self._refreshing:
            return
        values = self._numbers(*self.cost_edits)
        if values is None:
            return
        press, cycle, rate, per_cycle, finish, mould = values
        if per_cycle != int(per_cycle) or per_cycle < 1:
            self.show_error(tr("pairs per cycle must be a whole number of at least 1"))
            self.refresh()
            return
        kind = "machine" if self.process_combo.currentIndex() == 1 else "subcontract"
        try:
            process = replace(s.project.process, kind=kind, subcontract_idr_per_pair=press,
                              cycle_time_s=cycle, machine_rate_idr_per_hour=rate,
                              pairs_per_cycle=int(per_cycle),
                              finishing_idr_per_pair=finish)  # fmt: skip
        except OutsoleError as exc:
            self.show_error(lang().message(exc.message))
            self.refresh()
            return
        tooling = replace(s.project.tooling, mould_idr_per_size=mould)
        if process != s.project.process or tooling != s.project.tooling:
            self._edit(process=process, tooling=tooling)

    def _bodies_edited(self, item: QTableWidgetItem) -> None:
        s = self.session
        if s is None or self._refreshing or item.column() not in (2, 3):
            return
        materials = list(s.project.materials)
        row = item.row()
        if row >= len(materials):
            return
        value = _money(item.text())
        if value is None:
            self.show_error(tr("type an amount such as 35000"))
            self.refresh()
            return
        bm = materials[row]
        if item.column() == 2:
            if value == bm.material.price_idr_per_kg:
                return
            material = bm.material.with_changes(price_idr_per_kg=value, price_is_placeholder=False)
            materials[row] = BodyMaterial(bm.body, material, bm.waste_pct)
        else:
            if value == bm.waste_pct:
                return
            materials[row] = BodyMaterial(bm.body, bm.material, value)
        self._edit(materials=tuple(materials))

    def _compound_chosen(self, row: int, key: str) -> None:
        s = self.session
        if s is None or self._refreshing:
            return
        bm = s.project.materials[row]
        if bm.material.key == key:
            return
        material = next(m for m in self.library_materials if m.key == key)
        materials = list(s.project.materials)
        materials[row] = BodyMaterial(bm.body, material, material.waste_pct)
        self._edit(materials=tuple(materials))
        self._recolour_bodies()

    def _tooling_lines(self) -> tuple[ToolingLine, ...] | None:
        lines = []
        for row in range(self.tooling.rowCount()):
            name_item, cost_item = self.tooling.item(row, 0), self.tooling.item(row, 1)
            name = name_item.text().strip() if name_item else ""
            cost = _money(cost_item.text() if cost_item else "0")
            if cost is None:
                self.show_error(tr("type an amount such as 35000"))
                self.refresh()
                return None
            lines.append(ToolingLine(name or tr("tooling"), cost))
        return tuple(lines)

    def _tooling_edited(self, item: QTableWidgetItem) -> None:
        s = self.session
        if s is None or self._refreshing:
            return
        lines = self._tooling_lines()
        if lines is not None and lines != s.project.tooling.extras:
            self._edit(tooling=replace(s.project.tooling, extras=lines))

    def _add_tooling_line(self) -> None:
        s = self.session
        if s is None:
            return
        extras = (*s.project.tooling.extras, ToolingLine(tr("new tooling line"), Decimal(0)))
        self._edit(tooling=replace(s.project.tooling, extras=extras))

    def _remove_tooling_line(self) -> None:
        s = self.session
        row = self.tooling.currentRow()
        if s is None or not 0 <= row < len(s.project.tooling.extras):
            return
        extras = tuple(x for i, x in enumerate(s.project.tooling.extras) if i != row)
        self._edit(tooling=replace(s.project.tooling, extras=extras))

    def _order_edited(self, item: QTableWidgetItem) -> None:
        s = self.session
        if s is None or self._refreshing or item.column() != 1:
            return
        lines = []
        for row, size in enumerate(s.sizing.run.sizes):
            cell = self.order.item(row, 1)
            text = cell.text().strip() if cell else ""
            try:
                pairs = int(text or 0)
            except ValueError:
                self.show_error(tr("pairs must be a whole number, not {text}", text=text))
                self.refresh()
                return
            if pairs:
                lines.append(OrderLine(size, pairs))
        self._edit(order=tuple(lines))

    def _profile_chosen(self) -> None:
        s = self.session
        key = self.profile_combo.currentData()
        if s is None or self._refreshing or key is None or key == s.profile.key:
            return
        profile = next(p for p in self.library_profiles if p.key == key)
        project = replace(s.project, quality_profile=key)
        self.session = replace(s, project=project, profile=profile)
        self.dirty = True
        self.refresh()

    def _lab_edited(self, item: QTableWidgetItem) -> None:
        s = self.session
        if s is None or self._refreshing or item.column() != 4:
            return
        rule = s.quality.results[item.row()].rule
        text = item.text().strip()
        lab = dict(s.project.lab_results)
        if not text:
            lab.pop(rule.key, None)
        else:
            try:
                value = float(text.replace(",", ".") if lang().lang == "id" else text)
            except ValueError:
                self.show_error(tr("type a number for {rule}", rule=lang()(rule.label)))
                self.refresh()
                return
            lab[rule.key] = value
        if lab != dict(s.project.lab_results):
            self._edit(lab_results=lab)

    def _sheet_edited(self) -> None:
        s = self.session
        if s is None:
            return
        values = {k: e.text().strip() for k, e in self.sheet_edits.items()}
        sheet = SheetInfo(**values)
        if sheet != s.project.sheet:
            self._edit(sheet=sheet)

    @staticmethod
    def _ground_material(s: Session) -> BodyMaterial | None:
        """The compound of the body on the ground: the one the price and waste fields edit."""
        return next((bm for bm in s.project.materials if bm.body == s.ground_body), None)

    # -- showing -------------------------------------------------------------------------------

    _refreshing = False

    def refresh(self) -> None:
        """Show the session's figures in every panel, in the language in use."""
        s = self.session
        title = tr("Outsole Studio")
        if s is not None:
            name = (s.project_file or s.model_file).name
            title = f"{name}{' *' if self.dirty else ''} - {title}"
        self.setWindowTitle(title)
        if s is None:
            self.model_label.setText(tr("Open an outsole model or a project (File > Open, or "
                                        "drop a file on the window)."))  # fmt: skip
            return
        self._refreshing = True
        try:
            self._show_model(s)
            self._show_dimensions(s)
            self._show_cost(s)
            self._show_sizes(s)
            self._show_quality(s)
            self._show_sections(s)
            for key, edit in self.sheet_edits.items():
                edit.setText(getattr(s.project.sheet, key))
        finally:
            self._refreshing = False

    def _show_model(self, s: Session) -> None:
        a, h = s.analysis, s.analysis.health
        yes = {True: tr("yes"), False: tr("no")}
        lines = [
            f"<b>{s.model_file.name}</b> ({a.format.upper()})",
            tr("Units: {unit} ({note})", unit=a.units.used, note=lang().message(a.units.note)),
            tr("Pose confidence: {value}", value=lang().number(a.pose.confidence, 2)),
            tr("Triangles: {n}; bodies: {b}; watertight: {w}", n=lang().number(h.faces, 0),
               b=h.bodies, w=yes[h.watertight]),
            tr("Repairs: {r}", r="; ".join(lang().message(r) for r in h.repairs)
               or tr("none needed")),
            tr("Nominal size {size}; foot: {foot}", size=s.sizing.nominal.label,
               foot={"right": tr("right"), "left": tr("left")}.get(s.sizing.foot or "",
                                                                   tr("not known"))),
        ]  # fmt: skip
        self.model_label.setText("<br>".join(lines))
        self.units_combo.setCurrentIndex(max(0, self.units_combo.findData(s.project.units or "")))
        self.flip_check.setChecked(s.project.flip)
        self.reverse_check.setChecked(s.project.reverse)

    def _show_dimensions(self, s: Session) -> None:
        a = s.analysis
        d, r = a.dimensions, a.relief
        rows = [
            (tr("Length"), qty(d.length_mm, "mm")),
            (tr("Width (overall)"), qty(d.width_mm, "mm")),
            (tr("Ball width"), qty(d.ball_width_mm, "mm")),
            (tr("Heel width"), qty(d.heel_width_mm, "mm")),
            (tr("Height"), qty(d.height_mm, "mm", 2)),
            (tr("Volume"), qty(a.volume_cm3, "cm³", 2)),
            (tr("Surface area"), qty(a.surface_area_cm2, "cm²", 1)),
            (tr("Outline area"), qty(a.footprint.area_mm2 / 100, "cm²", 1)),
        ]
        if r is not None:
            rows += [
                (tr("Contact area"), qty(r.contact.area_mm2 / 100, "cm²", 1)),
                (tr("Tread depth"), qty(r.tread_depth_mm, "mm", 2)),
                (tr("Floor thickness"), qty(r.thickness.floor_mm, "mm", 2)),
                (tr("Heel-to-toe drop"), qty(r.thickness.heel_to_toe_drop_mm, "mm")),
                (tr("Toe spring"), qty(r.toe_spring_mm, "mm")),
                (tr("Undercut area"), qty(r.draft.undercut_area_mm2 / 100, "cm²", 2)),
            ]
        self.dims.setRowCount(len(rows))
        for i, (label, value) in enumerate(rows):
            self.dims.setItem(i, 0, QTableWidgetItem(label))
            item = QTableWidgetItem(value)
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.dims.setItem(i, 1, item)

    def _show_cost(self, s: Session) -> None:
        t = lang()
        p = s.project
        self.bodies.setRowCount(len(p.materials))
        body_names = {b: tr("outsole") if b == s.ground_body else tr("body {n}", n=b + 1)
                      for b in range(len(s.analysis.bodies))}  # fmt: skip
        for row, bm in enumerate(p.materials):
            name = QTableWidgetItem(body_names.get(bm.body, str(bm.body + 1)))
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.bodies.setItem(row, 0, name)
            combo = QComboBox()
            keys = [m.key for m in self.library_materials]
            if bm.material.key not in keys:  # a project's own compound, not in this library
                combo.addItem(t(bm.material.name), bm.material.key)
            for m in self.library_materials:
                combo.addItem(t(m.name), m.key)
            combo.setCurrentIndex(combo.findData(bm.material.key))
            combo.activated.connect(
                lambda _=0, r=row, c=combo: self._compound_chosen(r, c.currentData())
            )
            self.bodies.setCellWidget(row, 1, combo)
            price = QTableWidgetItem(t.number(bm.material.price_idr_per_kg, 0))
            if bm.material.price_is_placeholder:
                price.setToolTip(tr("placeholder price: type the supplier's"))
                price.setForeground(QColor("#a35a00"))
            self.bodies.setItem(row, 2, price)
            self.bodies.setItem(row, 3, QTableWidgetItem(t.number(bm.waste_pct, 1)))
        self._fit_rows(self.bodies)
        machine = p.process.kind == "machine"
        self.process_combo.setCurrentIndex(1 if machine else 0)
        values = (p.process.subcontract_idr_per_pair, p.process.cycle_time_s,
                  p.process.machine_rate_idr_per_hour, Decimal(p.process.pairs_per_cycle),
                  p.process.finishing_idr_per_pair, p.tooling.mould_idr_per_size)  # fmt: skip
        for i, (edit, value) in enumerate(zip(self.cost_edits, values, strict=True)):
            edit.setText(t.number(value, 1 if i == 1 else 0))
            # The subcontract price, or the press's cycle, rate and pairs; always the rest.
            self.cost_form.setRowVisible(edit, i >= 4 or (i == 0) != machine)
        self.tooling.setRowCount(len(p.tooling.extras))
        for row, line in enumerate(p.tooling.extras):
            self.tooling.setItem(row, 0, QTableWidgetItem(line.name))
            self.tooling.setItem(row, 1, QTableWidgetItem(t.number(line.cost_idr, 0)))
        self._fit_rows(self.tooling)
        pairs = {line.size: line.pairs for line in p.order}
        sizes = s.sizing.run.sizes
        self.order.setRowCount(len(sizes))
        for i, size in enumerate(sizes):
            label = QTableWidgetItem(size.label)
            label.setFlags(label.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.order.setItem(i, 0, label)
            self.order.setItem(i, 1, QTableWidgetItem(str(pairs.get(size, 0))))
        sheet = s.cost
        lines = [
            tr("Pairs: {n}", n=t.number(sheet.pairs, 0)),
            tr("Average cost per pair: {price}", price=t.money(sheet.average_idr_per_pair)),
            tr("Quoted price per pair: {price}", price=t.money(sheet.price_idr_per_pair)),
            tr("Order total: {price}", price=t.money(sheet.total_idr)),
        ]
        ground = self._ground_material(s)
        if ground is not None:
            nominal = next((c for c in sheet.sizes if c.size == s.sizing.nominal), sheet.sizes[0])
            lines.insert(0, tr("Compound: {name}; per pair at {size}: {price}",
                               name=t(ground.material.name), size=nominal.size.label,
                               price=t.money(nominal.material_idr_per_pair)))  # fmt: skip
        self.totals.setText("\n".join(lines))
        self.cost_total_text = t.money(sheet.total_idr)

    def _show_sizes(self, s: Session) -> None:
        t = lang()
        p = s.project
        self.run_edit.setText(p.size_run.text)
        self.nominal_combo.clear()
        self.nominal_combo.addItem(
            tr("from the length ({size})", size=s.sizing.nominal.label), None
        )
        for size in s.sizing.run.sizes:
            self.nominal_combo.addItem(size.label, size)
        if p.nominal is not None:
            self.nominal_combo.setCurrentIndex(max(0, self.nominal_combo.findText(p.nominal.label)))
        self.foot_combo.setItemData(0, None)
        self.foot_combo.setItemData(1, "right")
        self.foot_combo.setItemData(2, "left")
        self.foot_combo.setCurrentIndex({"right": 1, "left": 2}.get(p.foot or "", 0))
        masses = {c.size: sum(b.net_g_per_sole for b in c.bodies) for c in s.cost.sizes}
        graded = s.sizing.graded
        self.grading_table.setRowCount(len(graded))
        for row, g in enumerate(graded):
            contact = None if g.contact_area_mm2 is None else g.contact_area_mm2 / 100
            cells = [
                g.size.label + (" *" if g.nominal else ""),
                t.number(g.length_mm, 1),
                t.number(g.ball_width_mm, 1),
                t.number(g.heel_width_mm, 1),
                t.number(g.volume_cm3, 2) if g.volume_cm3 is not None else "-",
                t.number(masses[g.size], 1) if g.size in masses else "-",
                t.number(contact, 1) if contact is not None else "-",
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if col:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.grading_table.setItem(row, col, item)

    def _show_sections(self, s: Session) -> None:
        """The transverse sections and the centre line, drawn by the sheet's own figure."""
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        from ..render.plots import sections_figure

        key = (id(s.analysis), lang().lang)
        if s.analysis.relief is None or key == getattr(self, "_sections_key", None):
            return  # drawn already: an edit of prices does not move the sections
        if not self.dock_sections.isVisible():
            return  # drawn when the panel is shown
        self._sections_key = key
        figure = sections_figure(s.analysis, lang())
        canvas = FigureCanvasQTAgg(figure)
        old = self.sections_canvas
        self.dock_sections.setWidget(canvas)
        old.deleteLater()
        self.sections_canvas = canvas

    def _sections_shown(self, visible: bool) -> None:
        if visible and self.session is not None:
            self._show_sections(self.session)

    def _show_quality(self, s: Session) -> None:
        report = s.quality
        self.profile_combo.clear()
        profiles = list(self.library_profiles)
        if s.profile.key not in {p.key for p in profiles}:
            profiles.insert(0, s.profile)
        for p in profiles:
            self.profile_combo.addItem(lang()(p.name), p.key)
        self.profile_combo.setCurrentIndex(self.profile_combo.findData(s.profile.key))
        names = {"pass": tr("pass"), "warn": tr("warn"), "fail": tr("fail"),
                 "not tested": tr("not tested"), "no limit": tr("no limit"),
                 "not applicable": tr("not applicable")}  # fmt: skip
        self.quality_result.setText(tr("Result: {verdict}", verdict=names[report.status]))
        self.quality_table.setRowCount(len(report.results))
        for i, r in enumerate(report.results):
            value = format_value(r, lang())
            limit = format_limit(r.rule, lang())
            measured = s.project.lab_results.get(r.rule.key)
            lab_text = "" if measured is None else lang().number(measured, 2).rstrip("0")
            lab_text = lab_text.rstrip(lang().decimal_sep)
            cells = [names[r.status], lang()(r.rule.label), value, limit, lab_text]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                editable = j == 4 and r.rule.kind == "lab"
                if not editable:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if editable:
                    item.setBackground(QColor("#fffbe6"))
                    item.setToolTip(tr("type the value the laboratory measured"))
                if j == 0 and r.status in _STATUS_COLOURS:
                    item.setBackground(QColor(_STATUS_COLOURS[r.status]))
                self.quality_table.setItem(i, j, item)

    # -- overlays ---------------------------------------------------------------------------

    def show_overlay(self, kind: str) -> None:
        """Colour the model by ``bodies``, ``thickness``, ``contact`` or ``draft``."""
        self.overlay = kind
        self.act_overlays[kind].setChecked(True)
        s, mesh = self.session, self.scene_mesh
        if s is None or mesh is None:
            return
        if kind == "bodies":
            self._recolour_bodies()
            return
        key = (id(s.analysis), kind, lang().lang)
        cached = self._overlay_cache.get(key)
        if cached is not None:
            self.viewer.set_colours(cached[1], cached[0].legend)
            return
        analysis, t = s.analysis, lang()

        def work(progress: Any) -> tuple[Any, Any, Any]:
            shown = overlay(analysis, kind, t)
            return key, shown, scene_textures(mesh, shown.face_rgb)

        self._start(work, self._overlay_ready, tr("Colouring the model"))

    def _overlay_ready(self, result: tuple[Any, Any, Any]) -> None:
        self._finish_job()
        key, shown, textures = result
        self._overlay_cache[key] = (shown, textures)
        if self.overlay == key[1]:
            self.viewer.set_colours(textures, shown.legend)

    def _recolour_bodies(self) -> None:
        """The bodies in their compounds' colours (after a compound or an overlay changed)."""
        from ..render.spec import body_colours

        s, mesh = self.session, self.scene_mesh
        if s is None or mesh is None or self.overlay != "bodies":
            return
        colours = np.round(np.asarray(body_colours(s.analysis, s.project.materials)) * 255)
        rgb = colours.astype(np.uint8)[s.analysis.body_of_face]
        same = np.array_equal(rgb, mesh.body_rgb)
        self.viewer.set_colours(mesh.textures if same else scene_textures(mesh, rgb), None)

    # -- saving and exporting --------------------------------------------------------------------

    def save(self) -> bool:
        """Save the project where it was opened from (or ask where)."""
        s = self.session
        if s is None:
            return False
        if s.project_file is None:
            return self.save_as()
        return self.save_to(s.project_file)

    def save_as(self) -> bool:
        """Ask for a project file name and save."""
        if self.session is None:
            return False
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Save project"), "", tr("Outsole Studio projects") + f" (*{PROJECT_SUFFIX})"
        )
        if not path:
            return False
        if not path.endswith(PROJECT_SUFFIX):
            path += PROJECT_SUFFIX
        return self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        """Save the project to ``path`` (atomically)."""
        s = self.session
        assert s is not None
        try:
            project = save_project(s.project, path, model_file=s.model_file)
        except OutsoleError as exc:
            where = f"{exc.path}: " if exc.path else ""
            self.show_error(where + lang().message(exc.message))
            return False
        self.session = replace(s, project=project, project_file=path)
        self.dirty = False
        self._remember(path)
        self.refresh()
        self.statusBar().showMessage(tr("Saved {name}", name=path.name), 5000)
        return True

    def choose_export(self) -> None:
        """Ask for a folder and export the spec sheet into it."""
        if self.session is None:
            return
        folder = QFileDialog.getExistingDirectory(self, tr("Export spec sheet"))
        if folder:
            self.export_to(Path(folder))

    def export_to(self, folder: Path) -> None:
        """Write the spec sheet files on a worker thread."""
        from ..core.production.spec import assemble_spec
        from ..render.spec import write_spec

        s = self.session
        assert s is not None
        language = lang().lang

        def work(progress: Any) -> Any:
            progress(10, "assembling")
            spec = assemble_spec(s.project, s.analysis, s.sizing, s.profile, s.model_file.name,
                                 dt.date.today())  # fmt: skip
            progress(20, "writing")
            return write_spec(spec, folder, language)

        self._start(work, self._exported, tr("Exporting the spec sheet"))

    def _exported(self, files: Any) -> None:
        self._finish_job()
        self.exported = files
        self.statusBar().showMessage(
            tr("Wrote {n} files into {folder}", n=len(files.all), folder=files.pdf.parent), 8000
        )

    def about(self) -> None:
        """About the application."""
        from .. import __version__

        QMessageBox.about(
            self,
            tr("About Outsole Studio"),
            tr("Outsole Studio {version}: outsole design specification - geometry, material "
               "and cost, quality and spec sheets for footwear soles.", version=__version__),
        )  # fmt: skip

    # -- drag and drop, closing -------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        urls = event.mimeData().urls()
        if urls:
            self.open_path(Path(urls[0].toLocalFile()))
            event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.dirty and self.ask_before_closing:
            answer = QMessageBox.question(
                self,
                tr("Outsole Studio"),
                tr("The project has unsaved changes. Save them?"),
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
            )
            if answer == QMessageBox.StandardButton.Cancel or (
                answer == QMessageBox.StandardButton.Save and not self.save()
            ):
                event.ignore()
                return
        self.cancel_job()
        Job.wait_all()  # a cancelled job ends at its next step
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("state", self.saveState())
        self.settings.sync()
        event.accept()


def open_later(window: MainWindow, path: Path) -> None:
    """Open ``path`` once the event loop runs (the window shows first)."""
    QTimer.singleShot(0, lambda: window.open_path(path))
