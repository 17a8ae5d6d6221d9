"""Exporting the spec sheet from the window: where (beside the project, a new folder typed by
name is made), in which language and with which issue date; then what was written, with Open
PDF and Open folder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QDate, QIODevice, QUrl
from PySide6.QtGui import QDesktopServices, QImage
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from ..core.production.spec import design_slug
from ..workflow.design import Design
from .texts import lang, tr

LANGUAGES = (("en", "English"), ("id", "Bahasa Indonesia"))


@dataclass(frozen=True)
class ExportChoice:
    """Where the sheet goes, in which language, issued on which date."""

    folder: Path
    lang: str
    issued: dt.date


def default_folder(design: Design) -> Path:
    """``<design>-spec`` beside the project (or beside the model when there is none)."""
    base = design.project_file.parent if design.project_file else design.model_file.parent
    name = design_slug(design.project.sheet.design_name or design.model_file.stem)
    return base / f"{name}-spec"


class ExportDialog(QDialog):
    """The folder (typed or browsed; made if new), the sheet's language and its date."""

    def __init__(self, parent: QWidget | None, design: Design) -> None:
        super().__init__(parent)
        self.setObjectName("export-dialog")
        self.setWindowTitle(tr("Export spec sheet"))
        form = QFormLayout(self)
        self.folder_edit = QLineEdit(str(default_folder(design)))
        self.folder_edit.setMinimumWidth(420)
        browse = QPushButton(tr("Browse..."))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(browse)
        form.addRow(tr("Folder (a new one is made)"), row)
        self.lang_combo = QComboBox()
        for code, name in LANGUAGES:
            self.lang_combo.addItem(name, code)
        self.lang_combo.setCurrentIndex(self.lang_combo.findData(lang().lang))
        form.addRow(tr("Language of the sheet"), self.lang_combo)
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        form.addRow(tr("Issue date"), self.date_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Export"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        # Qt's own dialog: it can make a new folder, and starts where the field points.
        start = Path(self.folder_edit.text()).expanduser()
        while not start.exists() and start != start.parent:
            start = start.parent
        folder = QFileDialog.getExistingDirectory(
            self, tr("Export spec sheet"), str(start),
            QFileDialog.Option.ShowDirsOnly | QFileDialog.Option.DontUseNativeDialog,
        )  # fmt: skip
        if folder:
            self.folder_edit.setText(folder)

    def choice(self) -> ExportChoice:
        """What the dialog says now."""
        d = self.date_edit.date()
        return ExportChoice(
            Path(self.folder_edit.text().strip()).expanduser(),
            str(self.lang_combo.currentData()),
            dt.date(d.year(), d.month(), d.day()),
        )


def written_box(parent: QWidget | None, files: Any) -> QMessageBox:
    """What was written, with Open PDF and Open folder (the status line alone is missed)."""
    text = tr("Wrote {n} files into {folder}", n=len(files.all), folder=files.pdf.parent)
    box = QMessageBox(QMessageBox.Icon.Information, tr("Spec sheet written"), text,
                      QMessageBox.StandardButton.Close, parent)  # fmt: skip
    box.setObjectName("export-done")
    open_pdf = box.addButton(tr("Open PDF"), QMessageBox.ButtonRole.ActionRole)
    open_folder = box.addButton(tr("Open folder"), QMessageBox.ButtonRole.ActionRole)
    open_pdf.setObjectName("open-pdf")
    open_folder.setObjectName("open-folder")
    open_pdf.clicked.connect(lambda: open_path(files.pdf))
    open_folder.clicked.connect(lambda: open_path(files.pdf.parent))
    return box


def open_path(path: Path) -> bool:
    """Open a file or folder with the desktop's own program."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def png_bytes(image: QImage) -> bytes:
    """An image as PNG file contents."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # PySide6 takes a str here
    buffer.close()
    return bytes(data.data())
