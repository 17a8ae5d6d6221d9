"""The Model panel: what was read from the file, and how to read it (unit, turn, heel/toe)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from ...core.errors import OutsoleError
from ...core.geometry.drawing import parse_stations
from ...core.geometry.pose import LOW_POSE_CONFIDENCE, UP_AXES
from ...workflow.design import Design
from ..controller import error_text
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
        # The length axis: found from the footprint, or set (degrees about the vertical).
        self.yaw_check = QCheckBox()
        self.yaw_spin = QDoubleSpinBox()
        self.yaw_spin.setRange(-180.0, 180.0)
        self.yaw_spin.setDecimals(1)
        self.yaw_spin.setSingleStep(0.5)
        self.yaw_spin.setSuffix(" °")
        self.yaw_spin.setKeyboardTracking(False)  # a value when typed, not at every digit
        self.sections_edit = QLineEdit()
        self.sections_label = QLabel()
        # The vertical: found from the geometry, or one of the file's axes.
        self.up_combo, self.up_label = QComboBox(), QLabel()
        self.up_combo.addItem("", None)
        for axis in UP_AXES:
            self.up_combo.addItem(axis, axis)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setObjectName("model-warning")
        self.warning.setStyleSheet("background: #fdebc8; color: #6b3d00; padding: 4px;")
        self.warning.hide()
        layout.addWidget(self.warning)
        form.addRow(self.units_label, self.units_combo)
        form.addRow(self.up_label, self.up_combo)
        form.addRow(self.flip_check)
        form.addRow(self.reverse_check)
        form.addRow(self.yaw_check, self.yaw_spin)
        form.addRow(self.sections_label, self.sections_edit)
        layout.addLayout(form)
        layout.addStretch(1)
        self.units_combo.activated.connect(self._reading_edited)
        self.up_combo.activated.connect(self._reading_edited)
        self.flip_check.clicked.connect(self._reading_edited)
        self.reverse_check.clicked.connect(self._reading_edited)
        self.yaw_check.clicked.connect(self._reading_edited)
        self.yaw_spin.valueChanged.connect(self._reading_edited)
        self.watch_typing(self.sections_edit, self._sections_edited)

    def retranslate(self) -> None:
        self.units_label.setText(tr("File unit"))
        self.units_combo.setItemText(0, tr("automatic"))
        self.flip_check.setText(tr("Turn over (tread side up in the file)"))
        self.reverse_check.setText(tr("Swap heel and toe"))
        self.yaw_check.setText(tr("Set the length axis"))
        self.yaw_check.setToolTip(
            tr("Degrees about the vertical from the file's X axis; unchecked, the axis is "
               "found from the footprint")
        )  # fmt: skip
        self.up_label.setText(tr("Up axis"))
        self.up_combo.setItemText(0, tr("automatic"))
        self.up_combo.setToolTip(
            tr("The file axis pointing from the ground up into the sole; with the length axis "
               "below, a free rotation about it")
        )  # fmt: skip
        self.sections_label.setText(tr("Drawing sections"))
        self.sections_edit.setPlaceholderText(tr("default"))
        self.sections_edit.setToolTip(tr("Stations of the drawing's sections, as % of the "
                                         "length or mm from the heel: 35%, 120mm (default: "
                                         "near 15, 35, 50, 68 and 85 %)"))  # fmt: skip
        if self.design is None:
            self.model_label.setText(tr("Open an outsole model or a project (File > Open, or "
                                        "drop a file on the window)."))  # fmt: skip

    def fill(self, d: Design) -> None:
        a, h, t = d.analysis, d.analysis.health, lang()
        yes = {True: tr("yes"), False: tr("no")}
        s = d.sizing
        foot = {"right": tr("right"), "left": tr("left")}.get(s.foot or "", tr("not known"))
        foot += " (" + {"given": tr("given"), "outline": tr("read from the arch"),
                        "unknown": tr("the outline cannot tell")}[s.foot_source] + ")"  # fmt: skip
        pose = a.pose
        lines = [
            f"<b>{d.model_file.name}</b> ({a.format.upper()})",
            tr("Units: {unit} ({note})", unit=a.units.used, note=t.message(a.units.note)),
            tr("Pose confidence: {value}", value=t.number(pose.confidence, 2)),
            tr("Up axis in the file: {axis}; turned over: {flipped}; heel and toe swapped: "
               "{reversed}; length axis {yaw}°", axis=pose.up_axis_in_file,
               flipped=yes[pose.flipped], reversed=yes[pose.reversed],
               yaw=t.number(pose.yaw_deg, 1)),
            tr("Triangles: {n}; bodies: {b}; watertight: {w}", n=t.number(h.faces, 0),
               b=h.bodies, w=yes[h.watertight]),
            tr("Repairs: {r}", r="; ".join(t.message(r) for r in h.repairs) or tr("none needed")),
            tr("Nominal size {size}; foot: {foot}", size=d.sizing.nominal.label, foot=foot),
        ]  # fmt: skip
        self.model_label.setText("<br>".join(lines))
        warnings = []
        if pose.confidence < LOW_POSE_CONFIDENCE and d.project.up_axis is None:
            warnings.append(tr("The pose is uncertain (confidence {value}): look at the sole "
                               "from the side and, if it is tilted or upside down, set the up "
                               "axis and the length axis below.",
                               value=t.number(pose.confidence, 2)))  # fmt: skip
        if s.nominal not in s.run.sizes:
            warnings.append(tr("The nominal size {size} is outside the size run {run}: the "
                               "run is graded from a size it does not contain.",
                               size=s.nominal.label, run=s.run.text))  # fmt: skip
        self.warning.setText("\n".join(warnings))
        self.warning.setVisible(bool(warnings))
        p = d.project
        self.up_combo.setCurrentIndex(max(0, self.up_combo.findData(p.up_axis)))
        self.units_combo.setCurrentIndex(max(0, self.units_combo.findData(p.units or "")))
        self.flip_check.setChecked(p.flip)
        self.reverse_check.setChecked(p.reverse)
        self.yaw_check.setChecked(p.yaw_deg is not None)
        self.yaw_spin.setEnabled(p.yaw_deg is not None)
        self.yaw_spin.setValue(a.pose.yaw_deg if p.yaw_deg is None else p.yaw_deg)
        self.sections_edit.setText(", ".join(str(st) for st in p.stations))

    def _sections_edited(self, final: bool) -> None:
        d = self.design
        if self.quiet or d is None:
            return
        try:
            stations = parse_stations(self.sections_edit.text())
        except OutsoleError as exc:
            if final:  # the text stays, to be corrected
                self.refused.emit(error_text(exc))
            return
        if stations != d.project.stations:
            self.edited.emit({"stations": stations})

    def _reading_edited(self) -> None:
        if self.quiet or self.design is None:
            return
        p = self.design.project
        reading = {
            "units": self.units_combo.currentData() or None,
            "flip": self.flip_check.isChecked(),
            "reverse": self.reverse_check.isChecked(),
            "yaw_deg": round(self.yaw_spin.value(), 1) if self.yaw_check.isChecked() else None,
            "up_axis": self.up_combo.currentData(),
        }
        self.yaw_spin.setEnabled(self.yaw_check.isChecked())
        changes = {k: v for k, v in reading.items() if getattr(p, k) != v}
        if changes:
            self.edited.emit(changes)
