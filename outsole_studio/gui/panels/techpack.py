"""The Tech pack panel: tolerances, the material specification, the mould plan, markings, the
revision log; a tech-pack file imported as on the command line."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
)

from ...core.errors import OutsoleError
from ...core.production.mould import (
    MOULD_MATERIALS,
    MOULD_PROCESSES,
    REGRIND_PROCESSES,
    MouldPlan,
)
from ...core.production.techpack import (
    MARK_KINDS,
    REVISION_STAGES,
    STAGES,
    Marking,
    MaterialSpec,
    RevisionStage,
    TechPack,
    Tolerances,
    revised,
)
from ...core.production.techpack_file import with_sections
from ...io import tomlfile
from ...render.rows import PROCESS_NAMES
from ...workflow.design import Design
from ..controller import error_text
from ..texts import lang, tr
from .base import Panel, fit_rows, make_table, parse_amount

TOLERANCE_FIELDS = ("length_mm", "width_mm", "thickness_mm", "mass_pct", "hardness_points")
MOULD_NUMBERS = ("pairs_per_mould", "shrinkage_pct", "flash_pct", "expansion_ratio",
                 "parting_line_mm", "min_draft_deg", "regrind_pct", "milldown_pct",
                 "mould_price_idr", "mould_life_pairs")  # fmt: skip
SPEC_COLUMNS = ("hardness", "hardness_scale", "hardness_tolerance", "compound_code", "colour",
                "colour_standard", "non_marking", "density_g_cm3")  # fmt: skip


def _shown(value: float | Decimal | None, digits: int) -> str:
    """A value in the language's format, or empty for none."""
    return "" if value is None else lang().number(value, digits)


def _number(text: str) -> float | None:
    value = parse_amount(text)
    return None if value is None else float(value)


class TechPackPanel(Panel):
    """What the sole factory quotes from and the mould maker cuts from."""

    import_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.titles = {
            k: QLabel() for k in ("tolerances", "specs", "mould", "marks", "tests", "log")
        }
        for label in self.titles.values():
            label.setStyleSheet("font-weight: bold")
        layout.addWidget(self.titles["tolerances"])
        form = QFormLayout()
        self.tol_edits = {k: QLineEdit() for k in TOLERANCE_FIELDS}
        self.tol_labels = {k: QLabel() for k in TOLERANCE_FIELDS}
        for key, edit in self.tol_edits.items():
            self.watch_typing(edit, self._tolerances_edited)
            form.addRow(self.tol_labels[key], edit)
        self.tol_source = QLabel()
        self.tol_source.setWordWrap(True)
        form.addRow(self.tol_source)
        layout.addLayout(form)

        layout.addWidget(self.titles["specs"])
        self.specs = make_table(1 + len(SPEC_COLUMNS))
        self.specs.itemChanged.connect(self._specs_edited)
        layout.addWidget(self.specs)

        layout.addWidget(self.titles["mould"])
        mform = QFormLayout()
        self.process_combo, self.material_combo = QComboBox(), QComboBox()
        self.process_combo.activated.connect(self._process_chosen)
        self.material_combo.activated.connect(lambda _i: self._mould_edited(True))
        self.process_label, self.material_label = QLabel(), QLabel()
        self.body_combo, self.body_label = QComboBox(), QLabel()
        self.body_combo.activated.connect(lambda _i: self.show_design(self.design))
        mform.addRow(self.body_label, self.body_combo)
        mform.addRow(self.process_label, self.process_combo)
        mform.addRow(self.material_label, self.material_combo)
        self.mould_edits = {k: QLineEdit() for k in (*MOULD_NUMBERS, "size_groups", "texture",
                                                     "notes")}  # fmt: skip
        self.mould_labels = {k: QLabel() for k in self.mould_edits}
        for key, edit in self.mould_edits.items():
            self.watch_typing(edit, self._mould_edited)
            mform.addRow(self.mould_labels[key], edit)
        layout.addLayout(mform)

        layout.addWidget(self.titles["marks"])
        self.marks = make_table(5)
        self.marks.itemChanged.connect(lambda _item: self._marks_edited())
        layout.addWidget(self.marks)
        row = QHBoxLayout()
        self.add_mark_button, self.remove_mark_button = QPushButton(), QPushButton()
        self.add_mark_button.clicked.connect(self._add_mark)
        self.remove_mark_button.clicked.connect(self._remove_mark)
        row.addWidget(self.add_mark_button)
        row.addWidget(self.remove_mark_button)
        layout.addLayout(row)

        layout.addWidget(self.titles["tests"])
        self.tests = make_table(5)
        self.tests.itemChanged.connect(lambda _item: self._tests_edited())
        layout.addWidget(self.tests)

        layout.addWidget(self.titles["log"])
        self.log = make_table(5)
        self.log.setEditTriggers(self.log.EditTrigger.NoEditTriggers)
        layout.addWidget(self.log)
        row = QHBoxLayout()
        self.revise_button, self.import_button = QPushButton(), QPushButton()
        self.revise_button.clicked.connect(self._ask_revision)
        self.import_button.clicked.connect(self.import_requested)
        row.addWidget(self.revise_button)
        row.addWidget(self.import_button)
        layout.addLayout(row)
        layout.addStretch(1)

    # -- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        heads = {"tolerances": tr("Tolerances"), "specs": tr("Material specification"),
                 "mould": tr("Mould plan"), "marks": tr("Markings moulded in"),
                 "tests": tr("Tests by stage"), "log": tr("Revision history")}  # fmt: skip
        for key, label in self.titles.items():
            label.setText(heads[key])
        names = {"length_mm": tr("Length (± mm)"), "width_mm": tr("Width (± mm)"),
                 "thickness_mm": tr("Thickness (± mm)"), "mass_pct": tr("Mass per sole (± %)"),
                 "hardness_points": tr("Hardness (± points)")}  # fmt: skip
        for key, label in self.tol_labels.items():
            label.setText(names[key])
        self.specs.setHorizontalHeaderLabels(
            [tr("Body"), tr("Hardness"), tr("Scale"), "±", tr("Compound code"), tr("Colour"),
             tr("Colour standard"), tr("Non-marking"), tr("Density")]
        )  # fmt: skip
        self.body_label.setText(tr("Body"))
        self.process_label.setText(tr("Process"))
        self.material_label.setText(tr("Mould material"))
        self.process_combo.clear()
        for key in MOULD_PROCESSES:
            self.process_combo.addItem(tr(PROCESS_NAMES[key]), key)
        self.material_combo.clear()
        for key in MOULD_MATERIALS:
            self.material_combo.addItem(tr(key), key)
        mould_names = {
            "pairs_per_mould": tr("Pairs per mould (cavities)"),
            "shrinkage_pct": tr("Shrinkage (%)"), "flash_pct": tr("Flash (%)"),
            "expansion_ratio": tr("Expansion ratio (EVA)"),
            "parting_line_mm": tr("Parting line (mm; empty: suggested)"),
            "min_draft_deg": tr("Minimum draft (°)"),
            "regrind_pct": tr("Runner reground (%; TPR, PVC)"),
            "milldown_pct": tr("Milled off (%; EVA)"),
            "mould_price_idr": tr("Price of a mould (Rp; empty: the cost panel's)"),
            "mould_life_pairs": tr("Mould life (pairs; 0: not limited)"),
            "size_groups": tr("Sizes sharing a mould (EU 44+EU 45; ...)"),
            "texture": tr("Surface texture"), "notes": tr("Vents, flash channels, gate"),
        }  # fmt: skip
        for key, label in self.mould_labels.items():
            label.setText(mould_names[key])
        self.marks.setHorizontalHeaderLabels(
            [tr("Mark"), tr("Text"), tr("Position"), tr("Height (mm)"), tr("Reads correctly")]
        )
        self.add_mark_button.setText(tr("Add mark"))
        self.remove_mark_button.setText(tr("Remove mark"))
        self.tests.setHorizontalHeaderLabels(
            [tr("Test"), tr("Method"), tr("Limit"), tr("Unit"), tr("Stages")]
        )
        self.tests.setToolTip(tr("stages, separated by commas: {stages}",
                                 stages=", ".join(tr(s) for s in STAGES)))  # fmt: skip
        self.log.setHorizontalHeaderLabels(
            [tr("Revision"), tr("Date"), tr("Stage"), tr("Author"), tr("Change")]
        )
        self.revise_button.setText(tr("Add revision..."))
        self.import_button.setText(tr("Import tech pack (TOML)..."))

    # -- showing ----------------------------------------------------------------------------------

    def fill(self, d: Design) -> None:
        t, tp = lang(), d.project.techpack
        tol = tp.effective_tolerances
        for key, edit in self.tol_edits.items():
            if not edit.hasFocus():
                edit.setText(t.number(getattr(tol, key), 1))
        source = tol.source if tp.tolerances is not None else tr(tol.source)
        self.tol_source.setText(tr("Source: {source}.", source=source or "-"))
        self._fill_specs(d)
        plan = self._fill_bodies(d)
        self.process_combo.setCurrentIndex(self.process_combo.findData(plan.process))
        self.material_combo.setCurrentIndex(self.material_combo.findData(plan.mould_material))
        texts = {
            "pairs_per_mould": str(plan.pairs_per_mould),
            "shrinkage_pct": t.number(plan.shrinkage_pct, 2),
            "flash_pct": t.number(plan.flash_pct, 1),
            "expansion_ratio": _shown(plan.expansion_ratio, 2),
            "parting_line_mm": _shown(plan.parting_line_mm, 1),
            "min_draft_deg": t.number(plan.min_draft_deg, 1),
            "regrind_pct": t.number(plan.regrind_pct, 1),
            "milldown_pct": t.number(plan.milldown_pct, 1),
            "mould_price_idr": _shown(plan.mould_price_idr, 0),
            "mould_life_pairs": t.number(plan.mould_life_pairs, 0),
            "size_groups": "; ".join("+".join(g) for g in plan.size_groups),
            "texture": plan.texture, "notes": plan.notes,
        }  # fmt: skip
        for key, edit in self.mould_edits.items():
            if not edit.hasFocus():
                edit.setText(texts[key])
        suggested = tr("{height} suggested", height=t.quantity(d.parting.height_mm, "mm", 1))
        outsole = plan.body == d.analysis.ground_body  # the suggestion is the whole sole's
        self.mould_edits["parting_line_mm"].setPlaceholderText(suggested if outsole else "")
        self.mould_edits["expansion_ratio"].setEnabled(plan.process == "eva-injection")
        self.mould_edits["shrinkage_pct"].setEnabled(plan.process != "eva-injection")
        self.mould_edits["regrind_pct"].setEnabled(plan.process in REGRIND_PROCESSES)
        self.mould_edits["milldown_pct"].setEnabled(plan.process == "eva-injection")
        self._fill_marks(tp)
        self.tests.setRowCount(len(tp.tests))
        for row, test in enumerate(tp.tests):
            cells = (tr(test.label), tr(test.method), tr(test.limit), test.unit,
                     ", ".join(tr(stage) for stage in test.stages))  # fmt: skip
            for col, text in enumerate(cells):
                self.tests.setItem(row, col, QTableWidgetItem(text))
        fit_rows(self.tests)
        self.log.setRowCount(len(tp.revisions))
        for row, r in enumerate(tp.revisions):
            for col, text in enumerate((r.letter, t.date(r.date), tr(r.stage), r.author, r.change)):
                self.log.setItem(row, col, QTableWidgetItem(text))
        fit_rows(self.log)

    def plan(self, d: Design) -> MouldPlan:
        """The plan of the body chosen in the mould section (the outsole's at first)."""
        body = self.body_combo.currentData()
        return next((m for m in d.moulds if m.body == body), d.mould)

    def _fill_bodies(self, d: Design) -> MouldPlan:
        """List the moulded bodies, keep the chosen one, and return its plan."""
        chosen = self.body_combo.currentData()
        self.body_combo.clear()
        ground = d.analysis.ground_body
        for m in d.moulds:
            role = tr("outsole") if m.body == ground else tr("midsole")
            self.body_combo.addItem(tr("body {n}", n=m.body + 1) + f" ({role})", m.body)
        index = self.body_combo.findData(chosen if chosen is not None else ground)
        self.body_combo.setCurrentIndex(max(index, 0))
        return self.plan(d)

    def _fill_specs(self, d: Design) -> None:
        t = lang()
        specs = {s.body: s for s in d.project.techpack.specs}
        self.specs.setRowCount(len(d.project.materials))
        for row, bm in enumerate(d.project.materials):
            body = QTableWidgetItem(tr("body {n}", n=bm.body + 1))
            body.setFlags(body.flags() & ~Qt.ItemFlag.ItemIsEditable)
            body.setData(Qt.ItemDataRole.UserRole, bm.body)
            self.specs.setItem(row, 0, body)
            s = specs.get(bm.body)
            values: list[Any] = ["", bm.material.hardness_scale, "", "", "", "", False, ""]
            if s is not None:
                values = [t.number(s.hardness, 0), s.hardness_scale,
                          t.number(s.hardness_tolerance, 0), s.compound_code, s.colour,
                          s.colour_standard, s.non_marking, _shown(s.density_g_cm3, 2)]  # fmt: skip
            for col, value in enumerate(values, start=1):
                item = QTableWidgetItem()
                if isinstance(value, bool):
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
                else:
                    item.setText(value)
                self.specs.setItem(row, col, item)
            hardness_item = self.specs.item(row, 1)
            if s is None and hardness_item is not None:
                hardness_item.setToolTip(tr("type the specified hardness"))
        fit_rows(self.specs)

    def _fill_marks(self, tp: TechPack) -> None:
        t = lang()
        self.marks.setRowCount(len(tp.markings))
        for row, m in enumerate(tp.markings):
            kind = QComboBox()
            for key in MARK_KINDS:
                kind.addItem(tr(key), key)
            kind.setCurrentIndex(kind.findData(m.kind))
            kind.activated.connect(lambda _i: self._marks_edited())
            self.marks.setCellWidget(row, 0, kind)
            for col, text in enumerate((m.text, m.position, t.number(m.height_mm, 1)), start=1):
                self.marks.setItem(row, col, QTableWidgetItem(text))
            check = QTableWidgetItem()
            check.setFlags(check.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            check.setCheckState(Qt.CheckState.Checked if m.reads_correctly
                                else Qt.CheckState.Unchecked)  # fmt: skip
            self.marks.setItem(row, 4, check)
        fit_rows(self.marks)

    # -- editing ----------------------------------------------------------------------------------

    def _emit_plan(self, plan: MouldPlan) -> None:
        """The plan into the tech pack, and its flash into its body's waste (one figure)."""
        d = self.design
        assert d is not None
        techpack = d.project.techpack.with_plan(plan)
        materials = tuple(
            replace(bm, waste_pct=Decimal(repr(plan.flash_pct))) if bm.body == plan.body else bm
            for bm in d.project.materials
        )
        if materials != d.project.materials:
            self.edited.emit({"techpack": techpack, "materials": materials})
        else:
            self._emit(techpack)

    def _emit(self, techpack: TechPack) -> None:
        assert self.design is not None
        if techpack != self.design.project.techpack:
            self.edited.emit({"techpack": techpack})

    def _refuse(self, message: str) -> None:
        self.refused.emit(message)
        self.show_design(self.design)  # the values as they were

    def _tolerances_edited(self, final: bool) -> None:
        d = self.design
        if self.quiet or d is None:
            return
        values = {k: _number(e.text()) for k, e in self.tol_edits.items()}
        if any(v is None for v in values.values()):
            if final:
                self._refuse(tr("a tolerance is a number such as 0.5"))
            return
        tp = d.project.techpack
        source = tp.tolerances.source if tp.tolerances is not None else tr("set in the window")
        try:
            tol = Tolerances(**values, source=source)  # type: ignore[arg-type]
        except OutsoleError as exc:
            if final:
                self._refuse(error_text(exc))
            return
        if tol != tp.effective_tolerances:
            self._emit(replace(tp, tolerances=tol))

    def _specs_edited(self, _item: QTableWidgetItem) -> None:
        d = self.design
        if self.quiet or d is None:
            return
        specs = []
        for row in range(self.specs.rowCount()):
            items = [self.specs.item(row, col) for col in range(1 + len(SPEC_COLUMNS))]
            cell = [item for item in items if item is not None]
            if len(cell) < len(items):
                return  # a row being filled
            body = int(cell[0].data(Qt.ItemDataRole.UserRole))
            text = [c.text().strip() for c in cell]
            if not text[1]:
                continue  # no hardness: no specification for this body
            hardness, tolerance = _number(text[1]), _number(text[3] or "3")
            density = _number(text[8]) if text[8] else None
            if hardness is None or tolerance is None or (text[8] and density is None):
                self._refuse(tr("hardness, tolerance and density are numbers"))
                return
            non_marking = cell[7].checkState() == Qt.CheckState.Checked
            try:
                spec = MaterialSpec(body, hardness, text[2], text[4], text[5], text[6],
                                    non_marking, density, hardness_tolerance=tolerance)  # fmt: skip
                specs.append(spec)
            except OutsoleError as exc:
                self._refuse(error_text(exc))
                return
        self._emit(replace(d.project.techpack, specs=tuple(specs)))

    def _process_chosen(self, _index: int) -> None:
        d = self.design
        if self.quiet or d is None:
            return
        old = self.plan(d)
        plan = MouldPlan.for_process(
            self.process_combo.currentData(), body=old.body, pairs_per_mould=old.pairs_per_mould,
            size_groups=old.size_groups, parting_line_mm=old.parting_line_mm,
            min_draft_deg=old.min_draft_deg, texture=old.texture, notes=old.notes,
        )  # fmt: skip
        self._emit_plan(plan)

    def _mould_edited(self, final: bool) -> None:
        d = self.design
        if self.quiet or d is None:
            return
        e = {k: edit.text().strip() for k, edit in self.mould_edits.items()}
        numbers = {k: (_number(e[k]) if e[k] else None) for k in MOULD_NUMBERS}
        required = ("pairs_per_mould", "shrinkage_pct", "flash_pct", "min_draft_deg",
                    "regrind_pct", "milldown_pct", "mould_life_pairs")  # fmt: skip
        if any(numbers[k] is None for k in required) or (
            any(e[k] and numbers[k] is None for k in MOULD_NUMBERS)
        ):
            if final:
                self._refuse(tr("the mould plan's figures are numbers such as 1.5"))
            return
        groups = tuple(
            tuple(label.strip() for label in group.split("+"))
            for group in e["size_groups"].split(";")
            if group.strip()
        )
        try:
            plan = MouldPlan(
                body=self.plan(d).body,
                process=self.process_combo.currentData(),
                mould_material=self.material_combo.currentData(),
                pairs_per_mould=int(numbers["pairs_per_mould"] or 1),
                size_groups=groups, shrinkage_pct=numbers["shrinkage_pct"] or 0.0,
                flash_pct=numbers["flash_pct"] or 0.0,
                expansion_ratio=numbers["expansion_ratio"]
                if self.process_combo.currentData() == "eva-injection" else None,
                parting_line_mm=numbers["parting_line_mm"],
                min_draft_deg=numbers["min_draft_deg"] or 0.0,
                texture=e["texture"], notes=e["notes"],
                regrind_pct=numbers["regrind_pct"] or 0.0,
                milldown_pct=numbers["milldown_pct"] or 0.0,
                mould_price_idr=parse_amount(e["mould_price_idr"]) if e["mould_price_idr"]
                else None,
                mould_life_pairs=int(numbers["mould_life_pairs"] or 0),
            )  # fmt: skip
            plan.moulds(d.sizing.run.sizes)
        except OutsoleError as exc:
            if final:
                self._refuse(error_text(exc))
            return
        if plan != self.plan(d) or d.project.techpack.plan_for(plan.body) is None:
            self._emit_plan(plan)

    def _marks_edited(self) -> None:
        d = self.design
        if self.quiet or d is None:
            return
        marks = []
        for row in range(self.marks.rowCount()):
            kind = self.marks.cellWidget(row, 0)
            text, position, height = (self.marks.item(row, c) for c in (1, 2, 3))
            check = self.marks.item(row, 4)
            if not isinstance(kind, QComboBox) or None in (text, position, height, check):
                return  # a row being made
            assert text is not None and position is not None
            assert height is not None and check is not None
            h = _number(height.text())
            if h is None:
                self._refuse(tr("a mark's height is a number of mm"))
                return
            try:
                marks.append(Marking(kind.currentData(), text.text(), position.text(), h,
                                     check.checkState() == Qt.CheckState.Checked))  # fmt: skip
            except OutsoleError as exc:
                self._refuse(error_text(exc))
                return
        self._emit(replace(d.project.techpack, markings=tuple(marks)))

    def _tests_edited(self) -> None:
        d = self.design
        if self.quiet or d is None:
            return
        tp = d.project.techpack
        by_name = {tr(stage).lower(): stage for stage in STAGES} | {s: s for s in STAGES}
        tests = []
        for row, old in enumerate(tp.tests):
            items = [self.tests.item(row, col) for col in range(5)]
            cells = [item.text().strip() for item in items if item is not None]
            if len(cells) < 5:
                return  # a row being filled
            # A text left as shown (translated) keeps the shipped English, translated on print.
            label, method, limit = (
                shipped if cell == tr(shipped) else cell
                for cell, shipped in zip(cells[:3], (old.label, old.method, old.limit), strict=True)
            )
            names = [n.strip().lower() for n in cells[4].split(",") if n.strip()]
            unknown = [n for n in names if n not in by_name]
            if unknown:
                self._refuse(tr("stage {name} is not one of {stages}", name=unknown[0],
                                stages=", ".join(tr(s) for s in STAGES)))  # fmt: skip
                return
            stages = tuple(by_name[n] for n in names)
            tests.append(replace(old, label=label, method=method, limit=limit, unit=cells[3],
                                 stages=stages))  # fmt: skip
        self._emit(replace(tp, tests=tuple(tests)))

    def _add_mark(self) -> None:
        d = self.design
        if d is None:
            return
        mark = Marking("logo", tr("logo"), tr("waist, centre"), 10.0)
        tp = d.project.techpack
        self._emit(replace(tp, markings=(*tp.markings, mark)))

    def _remove_mark(self) -> None:
        d = self.design
        row = self.marks.currentRow()
        if d is None or row < 0:
            return
        tp = d.project.techpack
        self._emit(replace(tp, markings=tp.markings[:row] + tp.markings[row + 1 :]))

    def add_revision(self, stage: RevisionStage, author: str, change: str,
                     date: dt.date | None = None) -> None:  # fmt: skip
        """Add the next revision for the design as it is now (an explicit action)."""
        d = self.design
        if d is None:
            return
        try:
            tp = revised(d.project.techpack, d.project.to_dict(), date or dt.date.today(),
                         stage, author, change)  # fmt: skip
        except OutsoleError as exc:
            self.refused.emit(error_text(exc))
            return
        self._emit(tp)

    def _ask_revision(self) -> None:
        if self.design is None:
            return
        dialog = QDialog(self)
        dialog.setWindowTitle(tr("Add revision"))
        form = QFormLayout(dialog)
        stage = QComboBox()
        for key in REVISION_STAGES:
            stage.addItem(tr(key), key)
        author, change = QLineEdit(self.design.project.sheet.designer), QLineEdit()
        form.addRow(tr("Stage"), stage)
        form.addRow(tr("Author"), author)
        form.addRow(tr("Change"), change)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)  # fmt: skip
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add_revision(stage.currentData(), author.text().strip(), change.text().strip())

    def import_file(self, path: Path) -> None:
        """Set the sections a tech-pack TOML file gives (as ``project techpack`` does)."""
        d = self.design
        if d is None:
            return
        try:
            tp = with_sections(d.project.techpack, tomlfile.load(path))
            tp.check_against({bm.body: bm.material for bm in d.project.materials},
                             d.sizing.run.sizes)  # fmt: skip
        except OutsoleError as exc:
            self.refused.emit(error_text(exc.at(str(path))))
            return
        self._emit(tp)
