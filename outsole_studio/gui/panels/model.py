"""The Model panel: what was read from the file, and how to read it (unit, turn, heel/toe)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QVBoxLayout

from ...workflow.design import Design
from ..texts import lang, tr
from .base import Panel


class ModelPanel(Panel):
    """The model's file, units, pose, mesh health; the overrides of its reading."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
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

    def retranslate(self) -> None:
        self.units_label.setText(tr("File unit"))
        self.units_combo.setItemText(0, tr("automatic"))
        self.flip_check.setText(tr("Turn over (tread side up in the file)"))
        self.reverse_check.setText(tr("Swap heel and toe"))
        if self.design is None:
            self.model_label.setText(tr("Open an outsole model or a project (File > Open, or "
                                        "drop a file on the window)."))  # fmt: skip

    def fill(self, d: Design) -> None:
        a, h, t = d.analysis, d.analysis.health, lang()
        yes = {True: tr("yes"), False: tr("no")}
        foot = {"right": tr("right"), "left": tr("left")}.get(d.sizing.foot or "", tr("not known"))
        lines = [
            f"<b>{d.model_file.name}</b> ({a.format.upper()})",
            tr("Units: {unit} ({note})", unit=a.units.used, note=t.message(a.units.note)),
            tr("Pose confidence: {value}", value=t.number(a.pose.confidence, 2)),
            tr("Triangles: {n}; bodies: {b}; watertight: {w}", n=t.number(h.faces, 0),
               b=h.bodies, w=yes[h.watertight]),
            tr("Repairs: {r}", r="; ".join(t.message(r) for r in h.repairs) or tr("none needed")),
            tr("Nominal size {size}; foot: {foot}", size=d.sizing.nominal.label, foot=foot),
        ]  # fmt: skip
        self.model_label.setText("<br>".join(lines))
        p = d.project
        self.units_combo.setCurrentIndex(max(0, self.units_combo.findData(p.units or "")))
        self.flip_check.setChecked(p.flip)
        self.reverse_check.setChecked(p.reverse)

    def _reading_edited(self) -> None:
        if self.quiet or self.design is None:
            return
        p = self.design.project
        reading = {
            "units": self.units_combo.currentData() or None,
            "flip": self.flip_check.isChecked(),
            "reverse": self.reverse_check.isChecked(),
        }
        changes = {k: v for k, v in reading.items() if getattr(p, k) != v}
        if changes:
            self.edited.emit(changes)
