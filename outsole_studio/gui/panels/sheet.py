"""The Spec sheet panel: who and what the sheet names, and the export button."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton

from ...core.errors import OutsoleError
from ...core.production.project import SHEET_LINE_MAX, SHEET_TEXT_MAX, SheetInfo
from ...workflow.design import Design
from ..controller import error_text
from ..texts import tr
from .base import Panel

FIELDS = ("design_name", "designer", "partner", "revision", "notes")


class SheetPanel(Panel):
    """Design name, designer, partner, revision and notes; Export."""

    export_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        layout = QFormLayout(self)
        self.edits = {k: QLineEdit() for k in FIELDS}
        self.labels = {k: QLabel() for k in FIELDS}
        for key, edit in self.edits.items():
            edit.setMaxLength(SHEET_TEXT_MAX.get(key, SHEET_LINE_MAX))
            self.watch_typing(edit, lambda _final: self._sheet_edited())
            layout.addRow(self.labels[key], edit)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export_requested)
        layout.addRow(self.export_button)

    def retranslate(self) -> None:
        names = {"design_name": tr("Design"), "designer": tr("Designer"),
                 "partner": tr("Partner (sole factory)"), "revision": tr("Revision"),
                 "notes": tr("Notes")}  # fmt: skip
        for key, label in self.labels.items():
            label.setText(names[key])
        self.export_button.setText(tr("Export spec sheet..."))

    def fill(self, d: Design) -> None:
        for key, edit in self.edits.items():
            if not edit.hasFocus():  # never overwrite what is being typed
                edit.setText(getattr(d.project.sheet, key))

    def _sheet_edited(self) -> None:
        if self.quiet or self.design is None:
            return
        try:
            sheet = SheetInfo(**{k: e.text().strip() for k, e in self.edits.items()})
        except OutsoleError as exc:
            self.refused.emit(error_text(exc))
            return
        if sheet != self.design.project.sheet:
            self.edited.emit({"sheet": sheet})
