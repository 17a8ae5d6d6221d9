"""The Quality panel: the requirement profile, each rule's verdict, lab values typed in."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
)

from ...core.errors import OutsoleError
from ...core.production.requirements import Profile
from ...render.rows import quality_rows, status_text
from ...workflow.design import Design
from ..controller import error_text
from ..texts import lang, tr
from .base import Panel, cells_then_columns, make_table

STATUS_COLOURS = {"pass": "#d5f0dc", "warn": "#fdebc8", "fail": "#f7d4d0"}


class QualityPanel(Panel):
    """The design against its requirement profile; the lab column takes measured values."""

    def __init__(self) -> None:
        super().__init__()
        self.library_profiles: list[Profile] = []
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.profile_combo = QComboBox()
        self.profile_combo.activated.connect(self._profile_chosen)
        self.profile_label = QLabel()
        form.addRow(self.profile_label, self.profile_combo)
        layout.addLayout(form)
        self.result = QLabel()
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        self.table = make_table(5)
        self.table.setWordWrap(True)  # long rule names wrap: Value and Limit stay in sight
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in (1, 2):  # rule and value share the room left, wrapped
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.table.itemChanged.connect(self._lab_edited)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_details(row))
        layout.addWidget(self.table, 1)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setObjectName("rule-details")
        layout.addWidget(self.details)

    def retranslate(self) -> None:
        self.profile_label.setText(tr("Requirement profile"))
        self.table.setHorizontalHeaderLabels(
            [tr("Status"), tr("Rule"), tr("Value"), tr("Limit"), tr("Lab value")]
        )

    def fill(self, d: Design) -> None:
        t = lang()
        self.profile_combo.clear()
        profiles = list(self.library_profiles)
        if d.profile.key not in {p.key for p in profiles}:
            profiles.insert(0, d.profile)
        for p in profiles:
            self.profile_combo.addItem(t(p.name), p.key)
        self.profile_combo.setCurrentIndex(self.profile_combo.findData(d.profile.key))
        try:
            report = d.quality
        except OutsoleError as exc:
            self.result.setText(error_text(exc))
            self.table.setRowCount(0)
            return
        counts = report.counts()
        shown = ", ".join(f"{n} {status_text(s, t)}" for s, n in counts.items())
        verdict = status_text(report.status, t)
        self.result.setText("<b>" + tr("Result: {verdict}", verdict=verdict) + f"</b> ({shown})")
        self.rows = quality_rows(report.results, t)
        self.table.setRowCount(len(report.results))
        with cells_then_columns(self.table):
            for i, (r, row) in enumerate(zip(report.results, self.rows, strict=True)):
                measured = d.project.lab_results.get(r.rule.key)
                lab = "" if measured is None else t.number(measured, 2).rstrip("0")
                # The deciding value with where it was found (the failing size, the body).
                value = f"{row.value}\n{row.where}" if row.where else row.value
                cells = [row.status_text, row.rule, value, row.limit, lab.rstrip(t.decimal_sep)]
                for j, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    if j == 4 and r.rule.kind == "lab":
                        item.setBackground(QColor("#fffbe6"))
                        item.setToolTip(tr("type the value the laboratory measured"))
                    else:
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                        item.setToolTip(row.about)
                    if j == 0 and r.status in STATUS_COLOURS:
                        item.setBackground(QColor(STATUS_COLOURS[r.status]))
                    self.table.setItem(i, j, item)
        self.table.resizeRowsToContents()
        QTimer.singleShot(0, self.table.resizeRowsToContents)  # once the columns have settled
        self._show_details(self.table.currentRow())

    def _show_details(self, row: int) -> None:
        """The selected rule: why, its method and its source."""
        rows = getattr(self, "rows", [])
        self.details.setText(rows[row].about if 0 <= row < len(rows) else
                             tr("Select a rule to see its method and source."))  # fmt: skip

    def _profile_chosen(self) -> None:
        d, key = self.design, self.profile_combo.currentData()
        if self.quiet or d is None or key is None or key == d.profile.key:
            return
        profile = next(p for p in self.library_profiles if p.key == key)
        self.edited.emit({"profile": profile})

    def _lab_edited(self, item: QTableWidgetItem) -> None:
        d = self.design
        if self.quiet or d is None or item.column() != 4:
            return
        rule = d.quality.results[item.row()].rule
        text = item.text().strip()
        lab = dict(d.project.lab_results)
        if not text:
            lab.pop(rule.key, None)
        else:
            number = lang().read_number(text)
            if number is None:
                self.refused.emit(tr("type a number for {rule}", rule=lang()(rule.label)))
                self.show_design(d)
                return
            lab[rule.key] = float(number)
        if lab != dict(d.project.lab_results):
            self.edited.emit({"lab_results": lab})
