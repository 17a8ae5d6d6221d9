"""The Sizes panel: the size run, the nominal size and foot, and the graded sizes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTableWidgetItem,
    QVBoxLayout,
)

from ...core.errors import OutsoleError
from ...core.production.sizes import parse_size_run
from ...render.rows import graded_rows
from ...workflow.design import Design
from ..controller import error_text
from ..texts import lang, tr
from .base import Panel, cells_then_columns, make_table


class SizesPanel(Panel):
    """Run, nominal size, foot; length, widths, volume, mass and contact per size."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.run_edit = QLineEdit()
        self._run_typed = False  # typed into since the run was last taken
        self.run_edit.textEdited.connect(lambda _text: setattr(self, "_run_typed", True))
        self.run_edit.editingFinished.connect(self._sizes_edited)
        self.nominal_combo = QComboBox()
        self.nominal_combo.activated.connect(self._sizes_edited)
        self.foot_combo = QComboBox()
        self.foot_combo.addItems(["", "", ""])
        for i, foot in enumerate((None, "right", "left")):
            self.foot_combo.setItemData(i, foot)
        self.foot_combo.activated.connect(self._sizes_edited)
        self.labels = [QLabel() for _ in range(3)]
        for label, widget in zip(self.labels, (self.run_edit, self.nominal_combo,
                                               self.foot_combo), strict=True):  # fmt: skip
            form.addRow(label, widget)
        layout.addLayout(form)
        self.grading_table = make_table(7)
        layout.addWidget(self.grading_table)

    def retranslate(self) -> None:
        for label, text in zip(self.labels, (tr("Size run"), tr("Nominal size"), tr("Foot")),
                               strict=True):  # fmt: skip
            label.setText(text)
        for i, text in enumerate((tr("from the arch"), tr("right"), tr("left"))):
            self.foot_combo.setItemText(i, text)
        self.grading_table.setHorizontalHeaderLabels(
            [tr("Size"), tr("Length (mm)"), tr("Ball width (mm)"), tr("Heel width (mm)"),
             tr("Volume (cm³)"), tr("Mass per sole (g)"), tr("Contact (cm²)")]
        )  # fmt: skip

    def fill(self, d: Design) -> None:
        p = d.project
        if not self._run_typed:  # never overwrite a run still being typed
            self.run_edit.setText(p.size_run.text)
        self.nominal_combo.clear()
        self.nominal_combo.addItem(tr("from the length ({size})", size=d.sizing.nominal.label))
        for size in d.sizing.run.sizes:
            self.nominal_combo.addItem(size.label, size)
        if p.nominal is not None:
            self.nominal_combo.setCurrentIndex(max(0, self.nominal_combo.findText(p.nominal.label)))
        self.foot_combo.setCurrentIndex({"right": 1, "left": 2}.get(p.foot or "", 0))
        rows = graded_rows(d.sizing, d.masses_g, lang())
        self.grading_table.setRowCount(len(rows))
        with cells_then_columns(self.grading_table):
            for row, g in enumerate(rows):
                cells = [g.size, g.length, g.ball, g.heel, g.volume, g.mass_sole, g.contact]
                for col, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    if col:
                        item.setTextAlignment(
                            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                        )
                    self.grading_table.setItem(row, col, item)

    def _sizes_edited(self) -> None:
        self._run_typed = False  # taken now: refused or asked about, the field shows the run
        d = self.design
        if self.quiet or d is None:
            return
        try:  # "36-41" is read on the design's own system
            run = parse_size_run(self.run_edit.text(), d.project.size_run.system)
        except OutsoleError as exc:
            self._run_typed = True  # the text stays to be corrected
            self.refused.emit(error_text(exc))
            return
        nominal = self.nominal_combo.currentData()
        if nominal is not None and nominal not in run.sizes:
            nominal = None
        wanted = {"size_run": run, "nominal": nominal, "foot": self.foot_combo.currentData()}
        changes = {k: v for k, v in wanted.items() if getattr(d.project, k) != v}
        if changes:
            self.edited.emit(changes)
