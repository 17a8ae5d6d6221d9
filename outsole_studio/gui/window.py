"""The main window: the 3D view, dockable panels over the same pipeline as the command line.

The window keeps one :class:`~outsole_studio.io.session.Session`. Opening and exporting run on a
worker thread with a progress bar and Cancel; editing a price, a waste allowance or an order
quantity re-costs and re-checks at once (pure functions, milliseconds). Nothing is computed here
that the pipeline does not compute for the command line too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.cost import BodyMaterial, OrderLine
from ..core.errors import OutsoleError
from ..core.project import SheetInfo
from ..core.quality import format_limit, format_value
from ..io.library import Library, data_dir
from ..io.project import PROJECT_SUFFIX, save_project
from ..io.session import Session, open_session, with_project
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
        self.retranslate()
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.value("state")
        if state is not None:
            self.restoreState(state)
        else:
            self.resize(1280, 820)

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

    def _build_docks(self) -> None:
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        self.model_label = QLabel()
        self.model_label.setWordWrap(True)
        self.model_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.dock_model = self._dock("model", self.model_label, left)
        self.dims = self._table(2)
        self.dock_dims = self._dock("dimensions", self.dims, left)
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self.sections_canvas = FigureCanvasQTAgg(Figure(figsize=(5, 4)))
        self.dock_sections = self._dock(
            "sections", self.sections_canvas, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.dock_sections.hide()  # shown from the View menu: the 3D view keeps the room

        cost = QWidget()
        layout = QVBoxLayout(cost)
        self.cost_form = QFormLayout()
        self.price_edit = QLineEdit()
        self.waste_edit = QLineEdit()
        self.press_edit = QLineEdit()
        self.finish_edit = QLineEdit()
        self.mould_edit = QLineEdit()
        for edit in (self.price_edit, self.waste_edit, self.press_edit, self.finish_edit,
                     self.mould_edit):  # fmt: skip
            edit.editingFinished.connect(self._inputs_edited)
        self.cost_labels = [QLabel() for _ in range(5)]
        for label, edit in zip(
            self.cost_labels,
            (self.price_edit, self.waste_edit, self.press_edit, self.finish_edit, self.mould_edit),
            strict=True,
        ):
            self.cost_form.addRow(label, edit)
        layout.addLayout(self.cost_form)
        self.order = self._table(2)
        self.order.itemChanged.connect(self._order_edited)
        layout.addWidget(self.order)
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        layout.addWidget(self.totals)
        self.dock_cost = self._dock("cost", cost, right)

        self.quality_table = self._table(4)
        quality = QWidget()
        q_layout = QVBoxLayout(quality)
        self.quality_result = QLabel()
        q_layout.addWidget(self.quality_result)
        q_layout.addWidget(self.quality_table)
        self.dock_quality = self._dock("quality", quality, right)

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
        self.dock_sheet = self._dock("sheet", sheet, right)
        for dock in (self.dock_model, self.dock_dims, self.dock_sections, self.dock_cost,
                     self.dock_quality, self.dock_sheet):  # fmt: skip
            self.menu_view_docks.addAction(dock.toggleViewAction())
        self.tabifyDockWidget(self.dock_cost, self.dock_quality)
        self.tabifyDockWidget(self.dock_quality, self.dock_sheet)
        self.dock_cost.raise_()

    def _build_status(self) -> None:
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel_job)
        self.cancel_button.hide()
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)

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
        labels = (tr("Compound price (Rp/kg)"), tr("Waste (%)"), tr("Pressing per pair (Rp)"),
                  tr("Finishing per pair (Rp)"), tr("Mould per size (Rp)"))  # fmt: skip
        for label, text in zip(self.cost_labels, labels, strict=True):
            label.setText(text)
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
            [tr("Status"), tr("Rule"), tr("Value"), tr("Limit")]
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
        library_path = self.library_path

        def work(progress: Any) -> Session:
            with Library(library_path) as lib:
                return open_session(path, lib, progress)

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
        self.progress.hide()
        self.cancel_button.hide()
        self.job = None

    def cancel_job(self) -> None:
        """Stop waiting for the running job (its result is ignored)."""
        if self.job is not None:
            self.job.cancel()
            self._finish_job()
            self.statusBar().showMessage(tr("Cancelled"), 3000)

    def _opened(self, session: Session) -> None:
        self._finish_job()
        self.session = session
        self.dirty = False
        self._remember(session.project_file or session.model_file)
        self.viewer.set_parts(self._parts())
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

    def _parts(self) -> list[Any]:
        from ..render.spec import body_parts

        s = self.session
        assert s is not None
        return body_parts(s.analysis, s.project.materials)

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

    def _inputs_edited(self) -> None:
        s = self.session
        if s is None:
            return
        price = _money(self.price_edit.text())
        waste = _money(self.waste_edit.text())
        press = _money(self.press_edit.text())
        finish = _money(self.finish_edit.text())
        mould = _money(self.mould_edit.text())
        if None in (price, waste, press, finish, mould):
            self.show_error(tr("type an amount such as 35000"))
            self.refresh()
            return
        assert price is not None and waste is not None and press is not None
        assert finish is not None and mould is not None
        ground = self._ground_material(s)
        materials = tuple(
            BodyMaterial(
                bm.body,
                bm.material.with_changes(price_idr_per_kg=price, price_is_placeholder=False)
                if bm is ground and price != bm.material.price_idr_per_kg
                else bm.material,
                waste if bm is ground else bm.waste_pct,
            )
            for bm in s.project.materials
        )
        process = replace(s.project.process, kind="subcontract", subcontract_idr_per_pair=press,
                          finishing_idr_per_pair=finish)  # fmt: skip
        if (
            process == s.project.process
            and materials == s.project.materials
            and (mould == s.project.tooling.mould_idr_per_size)
        ):
            return
        self._edit(materials=materials, process=process,
                   tooling=replace(s.project.tooling, mould_idr_per_size=mould))  # fmt: skip

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
        from ..core.analysis import ground_body

        body = ground_body(s.analysis)
        return next((bm for bm in s.project.materials if bm.body == body), None)

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
        ground = self._ground_material(s)
        if ground is not None:
            self.price_edit.setText(t.number(ground.material.price_idr_per_kg, 0))
            self.waste_edit.setText(t.number(ground.waste_pct, 1))
        self.press_edit.setText(t.number(p.process.pressing_idr_per_pair, 0))
        self.finish_edit.setText(t.number(p.process.finishing_idr_per_pair, 0))
        self.mould_edit.setText(t.number(p.tooling.mould_idr_per_size, 0))
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
        if ground is not None:
            nominal = next((c for c in sheet.sizes if c.size == s.sizing.nominal), sheet.sizes[0])
            lines.insert(0, tr("Compound: {name}; per pair at {size}: {price}",
                               name=t(ground.material.name), size=nominal.size.label,
                               price=t.money(nominal.material_idr_per_pair)))  # fmt: skip
        self.totals.setText("\n".join(lines))
        self.cost_total_text = t.money(sheet.total_idr)

    def _show_sections(self, s: Session) -> None:
        """The transverse sections and the centre line, drawn by the sheet's own figure."""
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        from ..render.plots import sections_figure

        key = (id(s.analysis), lang().lang)
        if s.analysis.relief is None or key == getattr(self, "_sections_key", None):
            return  # drawn already: an edit of prices does not move the sections
        self._sections_key = key
        figure = sections_figure(s.analysis, lang())
        canvas = FigureCanvasQTAgg(figure)
        old = self.sections_canvas
        self.dock_sections.setWidget(canvas)
        old.deleteLater()
        self.sections_canvas = canvas

    def _show_quality(self, s: Session) -> None:
        report = s.quality
        names = {"pass": tr("pass"), "warn": tr("warn"), "fail": tr("fail"),
                 "not tested": tr("not tested"), "no limit": tr("no limit"),
                 "not applicable": tr("not applicable")}  # fmt: skip
        self.quality_result.setText(
            tr("Result: {verdict}", verdict=names[report.status])
            + f" ({lang()(report.profile.name)})"
        )
        self.quality_table.setRowCount(len(report.results))
        for i, r in enumerate(report.results):
            value = format_value(r, lang())
            limit = format_limit(r.rule, lang())
            cells = [names[r.status], lang()(r.rule.label), value, limit]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j == 0 and r.status in _STATUS_COLOURS:
                    from PySide6.QtGui import QColor

                    item.setBackground(QColor(_STATUS_COLOURS[r.status]))
                self.quality_table.setItem(i, j, item)

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
        from ..core.spec import assemble_spec
        from ..render.spec import write_spec

        s = self.session
        assert s is not None
        language = lang().lang

        def work(progress: Any) -> Any:
            progress(10, "assembling")
            spec = assemble_spec(s.project, s.analysis, s.sizing, s.profile, s.model_file.name,
                                 dt.date.today())  # fmt: skip
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
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("state", self.saveState())
        self.settings.sync()
        event.accept()


def open_later(window: MainWindow, path: Path) -> None:
    """Open ``path`` once the event loop runs (the window shows first)."""
    QTimer.singleShot(0, lambda: window.open_path(path))
