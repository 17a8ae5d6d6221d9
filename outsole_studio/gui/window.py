"""The main window: the 3D view and the panels, wired to the controller that owns the design.

Nothing is computed here. The panels show the design and say what the user changed; the
:class:`~.controller.Controller` applies it (at once, on a thread or in the worker process) and
says when the design changed; the window asks the user's questions (unsaved changes, sizes
dropped from the order), shows errors and lays the status bar out.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTabWidget,
)

from ..core.errors import OutsoleError
from ..core.production.spec import design_slug
from ..io.atomic import atomic_write_bytes, make_folder
from ..io.library import Library, data_dir, default_library_path
from ..io.meshfile import SUPPORTED_EXTENSIONS
from ..io.project import PROJECT_SUFFIX
from ..workflow.design import Design
from ..workflow.house import HOUSE_FIELDS, house_defaults, with_house_defaults
from .controller import Controller, error_text
from .export_dialog import (
    ExportChoice,
    ExportDialog,
    default_folder,
    open_path,
    png_bytes,
    written_box,
)
from .library_dialog import LibraryDialog
from .menus import Menus
from .overlay_control import OverlayControl
from .panels.base import Panel, scrolled
from .panels.cost import CostPanel
from .panels.dimensions import DimensionsPanel, SectionsPanel
from .panels.model import ModelPanel
from .panels.quality import QualityPanel
from .panels.quote import QuotePanel
from .panels.sheet import SheetPanel
from .panels.sizes import SizesPanel
from .panels.techpack import TechPackPanel
from .tasks import RUNNER
from .texts import lang, tr, use_language
from .viewer import Viewer
from .worker import Job, JobSlot

Button = QMessageBox.StandardButton


class MainWindow(QMainWindow):
    """Outsole Studio's window."""

    def __init__(self, library_path: Path | None = None) -> None:
        super().__init__()
        self.controller = Controller(library_path)
        #: Ask the user's questions (unsaved changes, sizes leaving the order); tests that do
        #: not answer them turn it off.
        self.ask_user = True
        self.last_error: str | None = None
        self.exported: Any = None
        self.printing = False
        self.settings = QSettings(str(data_dir() / "window.ini"), QSettings.Format.IniFormat)
        self.viewer = Viewer(self)
        self.setCentralWidget(self.viewer)
        self.setAcceptDrops(True)
        self.overlays = OverlayControl(self.viewer, self._job_failed)
        self.exports = JobSlot()
        self.menus = Menus(self, self.settings)
        self._build_panels()
        self._build_status()
        c = self.controller
        c.changed.connect(self.refresh)
        c.scene_changed.connect(self._scene_changed)
        c.failed.connect(self.show_error)
        c.opened.connect(self.menus.remember)
        c.opened.connect(lambda _path: self.apply_house_defaults())
        use_language(str(self.settings.value("language", "en")))
        self.load_library()
        self.retranslate()
        threading.Thread(target=RUNNER.warm, daemon=True).start()
        self._restore_layout()

    # -- building ----------------------------------------------------------------------------

    def _build_panels(self) -> None:
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        self.model_panel, self.dimensions_panel = ModelPanel(), DimensionsPanel()
        self.sections_panel, self.cost_panel = SectionsPanel(), CostPanel()
        self.sizes_panel, self.quality_panel = SizesPanel(), QualityPanel()
        self.sheet_panel, self.techpack_panel = SheetPanel(), TechPackPanel()
        self.quote_panel = QuotePanel()
        self.sheet_panel.export_requested.connect(self.choose_export)
        self.techpack_panel.import_requested.connect(self.choose_techpack)
        places: list[tuple[str, Panel, Qt.DockWidgetArea, bool]] = [
            ("model", self.model_panel, left, True),
            ("dimensions", self.dimensions_panel, left, False),
            ("sections", self.sections_panel, right, True),
            ("cost", self.cost_panel, right, True),
            ("quote", self.quote_panel, right, True),
            ("sizes", self.sizes_panel, right, False),
            ("quality", self.quality_panel, right, False),
            ("sheet", self.sheet_panel, right, False),
            ("techpack", self.techpack_panel, right, True),
        ]
        self.panels = [panel for _, panel, _, _ in places]
        for panel in self.panels:  # a long title or label wraps: no panel is wider than its dock
            for label in panel.findChildren(QLabel):
                label.setWordWrap(True)
        self.docks: dict[str, QDockWidget] = {}
        for name, panel, area, scroll in places:
            dock = QDockWidget(self)
            dock.setObjectName(name)
            dock.setWidget(scrolled(panel) if scroll else panel)
            self.addDockWidget(area, dock)
            self.docks[name] = dock
            panel.edited.connect(self.edit)
            panel.refused.connect(self.show_error)
        self.docks["sections"].hide()  # shown from the View menu: the 3D view keeps the room
        # The right-hand panels' tabs stand on the side: every name reads in a narrow dock.
        self.setTabPosition(Qt.DockWidgetArea.RightDockWidgetArea, QTabWidget.TabPosition.East)
        pairs = (("cost", "quote"), ("quote", "sizes"), ("sizes", "quality"),
                 ("quality", "sheet"), ("sheet", "techpack"), ("techpack", "sections"))  # fmt: skip
        for first, second in pairs:
            self.tabifyDockWidget(self.docks[first], self.docks[second])
        self.docks["cost"].raise_()
        self.menus.add_docks(list(self.docks.values()))

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
        for slot in self._slots:
            slot.started.connect(self._job_started)
            slot.progress.connect(self.progress.setValue)
            slot.ended.connect(self._job_ended)

    def _restore_layout(self) -> None:
        geometry, state = self.settings.value("geometry"), self.settings.value("state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        else:
            self.resize(1280, 820)
            self.default_layout()

    def default_layout(self) -> None:
        """Panels on both sides sized to the window, the 3D view keeping half of it or more;
        the Sections panel a tab with the others on the right."""
        width = self.width()
        left = min(max(int(0.21 * width), 270), 340)
        right = min(max(int(0.32 * width), 410), 620)
        self.resizeDocks([self.docks["model"], self.docks["cost"]], [left, right],
                         Qt.Orientation.Horizontal)  # fmt: skip

    # -- the design and its jobs -----------------------------------------------------------------

    @property
    def design(self) -> Design | None:
        """The open design."""
        return self.controller.design

    @property
    def dirty(self) -> bool:
        """Whether the open design has changes not saved."""
        return self.controller.dirty

    @property
    def _slots(self) -> tuple[JobSlot, ...]:
        return (self.controller.jobs, self.overlays.jobs, self.exports)

    @property
    def job(self) -> Job | None:
        """A job still running (the design's first), or None."""
        return next((s.job for s in self._slots if s.job is not None), None)

    def _job_started(self, what: str) -> None:
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.statusBar().showMessage(what)

    def _job_ended(self) -> None:
        if self.job is None:  # the bar stays while another job runs
            self.statusBar().clearMessage()
            self.progress.hide()
            self.cancel_button.hide()

    def cancel_job(self) -> None:
        """Stop every running job (what they still deliver is dropped); the design stays."""
        if any([s.cancel() for s in self._slots]):
            self.statusBar().showMessage(tr("Cancelled"), 3000)

    def _job_failed(self, exc: BaseException, details: str) -> None:
        self.show_error(error_text(exc), details)

    def edit(self, changes: dict[str, Any]) -> None:
        """Apply what a panel changed; ask first when ordered sizes would leave the order."""
        design = self.design
        if design is None:
            return
        dropped = design.dropped_by(**changes)
        if dropped and self.ask_user:
            pairs = {line.size: line.pairs for line in design.project.order}
            lines = ", ".join(tr("{size} ({n} pairs)", size=s.label, n=pairs[s]) for s in dropped)
            answer = self._ask("order-drop-dialog", tr("The new size run leaves out {sizes} "
                               "from the order. Change the size run?", sizes=lines),
                               Button.Yes | Button.Cancel)  # fmt: skip
            if answer != Button.Yes:
                self.refresh()
                return
        if self.controller.edit(changes) and HOUSE_FIELDS & set(changes) and self.design:
            # The last costing inputs become the defaults of the next new design.
            self.settings.setValue(
                "house-defaults", json.dumps(house_defaults(self.design.project))
            )

    def apply_house_defaults(self) -> None:
        """A new model (not a project) starts with the last costing inputs used."""
        d, stored = self.design, self.settings.value("house-defaults", "")
        if d is None or d.project_file is not None or not stored:
            return
        try:
            changes = with_house_defaults(d.project, json.loads(str(stored)))
            edited = d.edit(**changes)
            edited.cost  # noqa: B018 - defaults the cost model cannot take are not applied
        except (OutsoleError, ValueError):
            return  # damaged defaults: the design keeps the library's
        if changes:
            self.controller.design = edited  # not an edit of the user's: nothing to save yet
            self.refresh()
            self.statusBar().showMessage(tr("Your last costing inputs were applied (house "
                                            "defaults)"), 8000)  # fmt: skip

    def commit_typing(self) -> None:
        """Take what is still being typed: a cell's editor or a field with the focus."""
        focused = QApplication.focusWidget()
        if focused is not None and self.isAncestorOf(focused):
            focused.clearFocus()  # an open table cell or a field commits when it is left
        for panel in self.panels:
            panel.commit()

    # -- opening -------------------------------------------------------------------------------

    def load_library(self) -> None:
        """Read the compounds and requirement profiles offered in the panels."""
        try:
            with Library(self.controller.library_path) as lib:
                self.cost_panel.library_materials = lib.materials()
                self.quality_panel.library_profiles = lib.profiles()
        except OutsoleError as exc:
            self.show_error(error_text(exc))

    def open_library(self) -> LibraryDialog:
        """The library editor; when it closes, the panels offer what it holds, and the open
        design takes its profile's new limits."""
        path = Path(self.controller.library_path or default_library_path())
        dialog = LibraryDialog(self, path, self.show_error)
        dialog.finished.connect(lambda _code: self.library_closed())
        if self.ask_user:
            dialog.exec()
        return dialog

    def library_closed(self) -> None:
        """Offer the library as it is now; the open design follows its profile's edits."""
        self.load_library()
        d = self.design
        if d is not None:
            edited = next((p for p in self.quality_panel.library_profiles
                           if p.key == d.profile.key), None)  # fmt: skip
            if edited is not None and edited != d.profile:
                self.edit({"profile": edited})
        self.refresh()

    def choose_file(self) -> None:
        """Ask for a model or a project and open it."""
        suffixes = " *".join((*SUPPORTED_EXTENSIONS, PROJECT_SUFFIX))
        filters = tr("Models and projects") + f" (*{suffixes})"
        path, _ = QFileDialog.getOpenFileName(self, tr("Open"), "", filters)
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path) -> None:
        """Open a model or project (the open one stays until it succeeds; unsaved changes are
        asked about first)."""
        if self.may_discard():
            self.controller.open(path)

    def _scene_changed(self, scene: Any) -> None:
        """A model was opened or analysed again: the view shows it, in its bodies' colours."""
        self.viewer.set_scene(scene)
        self.overlays.new_scene(self.design)
        # The scene comes in its bodies' colours; the overlay shown, or the bodies' legend.
        QTimer.singleShot(0, lambda: self.show_overlay(self.overlays.kind))

    def show_overlay(self, kind: str) -> None:
        """Colour the model by ``bodies``, ``thickness``, ``contact`` or ``draft``."""
        self.menus.act_overlays[kind].setChecked(True)
        self.overlays.show(kind, self.design, self.controller.scene)

    # -- showing ---------------------------------------------------------------------------------

    def set_language(self, code: str) -> None:
        """Switch every label of the window to ``en`` or ``id``."""
        use_language(code)
        self.settings.setValue("language", code)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every fixed text in the language in use, and show the design again."""
        self.menus.retranslate()
        titles = {"model": tr("Model"), "dimensions": tr("Dimensions and tread"),
                  "sections": tr("Sections"), "cost": tr("Material and cost"),
                  "quote": tr("Quote"),
                  "sizes": tr("Sizes"), "quality": tr("Quality"),
                  "sheet": tr("Spec sheet"), "techpack": tr("Tech pack")}  # fmt: skip
        for name, dock in self.docks.items():
            dock.setWindowTitle(titles[name])
        for panel in self.panels:
            panel.retranslate()
        self.cancel_button.setText(tr("Cancel"))
        self.refresh()
        # The legend's words in the new language (an overlay is computed again for it).
        self.overlays.show(self.overlays.kind, self.design, self.controller.scene)

    def refresh(self) -> None:
        """Show the design in every panel and the title, in the language in use."""
        d = self.design
        title = tr("Outsole Studio")
        if d is not None:
            title = f"{d.name}{' *' if self.dirty else ''} - {title}"
            if self.controller.scene is not None:
                self.overlays.recolour(d, self.controller.scene)  # if a compound changed
        self.setWindowTitle(title)
        for panel in self.panels:
            panel.show_design(d)

    def show_error(self, message: str, details: str = "") -> None:
        """A dialog with the one-line reason (details on request); the project stays open."""
        self.last_error = message
        box = QMessageBox(QMessageBox.Icon.Warning, tr("Outsole Studio"), message, Button.Ok, self)
        if details:
            box.setDetailedText(details)
        box.setObjectName("error-dialog")
        box.open()

    def _ask(self, name: str, question: str, buttons: Any) -> Any:
        """A modal question; returns the button chosen."""
        box = QMessageBox(QMessageBox.Icon.Question, tr("Outsole Studio"), question, buttons, self)
        box.setObjectName(name)
        return box.exec()

    # -- saving and exporting --------------------------------------------------------------------

    def may_discard(self) -> bool:
        """Whether the open design may be replaced or closed: saved, or the user says so."""
        self.commit_typing()
        if not (self.dirty and self.ask_user):
            return True
        answer = self._ask("unsaved-dialog", tr("The project has unsaved changes. Save them?"),
                           Button.Save | Button.Discard | Button.Cancel)  # fmt: skip
        return answer == Button.Discard or (answer == Button.Save and self.save())

    def save(self) -> bool:
        """Save the project where it was opened from (or ask where)."""
        d = self.design
        if d is None:
            return False
        if d.project_file is None:
            return self.save_as()
        return self.save_to(d.project_file)

    def save_as(self) -> bool:
        """Ask for a project file name and save."""
        if self.design is None:
            return False
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Save project"), str(self.suggested_project_path()),
            tr("Outsole Studio projects") + f" (*{PROJECT_SUFFIX})",
        )  # fmt: skip
        if not path:
            return False
        return self.save_to(Path(path if path.endswith(PROJECT_SUFFIX) else path + PROJECT_SUFFIX))

    def suggested_project_path(self) -> Path:
        """Where Save as starts: the project's own file, else ``<design>.outsole`` beside the
        model."""
        d = self.design
        assert d is not None
        if d.project_file is not None:
            return d.project_file
        name = design_slug(d.project.sheet.design_name or d.model_file.stem)
        return d.model_file.parent / f"{name}{PROJECT_SUFFIX}"

    def save_to(self, path: Path) -> bool:
        """Save the project to ``path`` (atomically), with what is still being typed."""
        self.commit_typing()
        if not self.controller.save_to(path):
            return False
        self.statusBar().showMessage(tr("Saved {name}", name=path.name), 5000)
        return True

    def choose_export(self) -> None:
        """Ask where, in which language and with which date, and export the spec sheet."""
        if self.design is None:
            return
        dialog = ExportDialog(self, self.design)
        if dialog.exec() == ExportDialog.DialogCode.Accepted:
            self.export_choice(dialog.choice())

    def export_choice(self, choice: ExportChoice) -> None:
        """Export as the dialog chose: a new folder is made (a file there is refused)."""
        try:
            folder = make_folder(choice.folder, "is a file; give a folder to write the sheet into")
        except OutsoleError as exc:
            self.show_error(error_text(exc))
            return
        self.export_to(folder, choice.lang, choice.issued)

    def choose_view_image(self) -> None:
        """Ask for a PNG file name and save the 3D view as it is shown."""
        if self.design is None:
            return
        d = self.design
        start = (d.project_file or d.model_file).with_name(f"{d.model_file.stem}-view.png")
        path, _ = QFileDialog.getSaveFileName(self, tr("Save the view as an image"), str(start),
                                              tr("PNG image (*.png)"))  # fmt: skip
        if path:
            self.save_view_image(Path(path if path.lower().endswith(".png") else path + ".png"))

    def save_view_image(self, path: Path) -> bool:
        """The 3D view as a PNG (written whole or not at all)."""
        image = self.viewer.grabFramebuffer()
        try:
            atomic_write_bytes(path, png_bytes(image))
        except OutsoleError as exc:
            self.show_error(error_text(exc))
            return False
        self.statusBar().showMessage(tr("Saved {name}", name=path.name), 5000)
        return True

    def choose_techpack(self) -> None:
        """Ask for a tech-pack TOML file and set the sections it gives."""
        if self.design is None:
            return
        start = str(self.design.project_file.parent) if self.design.project_file else ""
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Import tech pack (TOML)..."), start, tr("Tech pack (*.toml)")
        )
        if path:
            self.techpack_panel.import_file(Path(path))

    def export_to(
        self, folder: Path, language: str | None = None, issued: dt.date | None = None
    ) -> None:
        """Write the spec sheet files on a thread, with what is still being typed."""
        self.commit_typing()
        self.controller.export(self.exports, folder, self._exported, language, issued)

    def _exported(self, files: Any) -> None:
        self.exported = files
        self.statusBar().showMessage(
            tr("Wrote {n} files into {folder}", n=len(files.all), folder=files.pdf.parent), 8000
        )
        if self.printing:
            # Printed from the PDF viewer: the sheet prints as written, page for page.
            self.printing = False
            open_path(files.pdf)
            said = tr("The spec sheet opens in your PDF viewer: print it from there ({name})",
                      name=files.pdf.name)  # fmt: skip
            self.statusBar().showMessage(said, 10000)
            return
        self.written = written_box(self, files)
        if self.ask_user:
            self.written.exec()

    def print_sheet(self) -> None:
        """Write the sheet beside the project (as Export would) and open it to print."""
        if self.design is None:
            return
        self.printing = True
        self.export_choice(ExportChoice(default_folder(self.design), lang().lang,
                                        dt.date.today()))  # fmt: skip

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
        if not self.may_discard():
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
