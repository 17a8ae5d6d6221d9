"""The Material and cost panel: compound per body, pressing, tooling, the order and its totals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
)

from ...core.errors import OutsoleError
from ...core.production.costsheet import CostSheet
from ...core.production.inputs import (
    TOOLING_POLICIES,
    BodyMaterial,
    OrderLine,
    Pricing,
    Process,
    ToolingLine,
)
from ...core.production.materials import Material
from ...render.rows import COST_COLUMNS, PROCESS_NAMES, cost_rows
from ...workflow.design import Design
from ..controller import error_text
from ..texts import lang, tr
from .base import Panel, cells_then_columns, fit_rows, make_table, parse_amount
from .figure_image import FigureImage

AMOUNT_HINT = "type an amount such as 35000"


#: The chart is made this long after the panel is filled: after the 3D view's full picture of a
#: model just opened (built up over about half a second on a software renderer), so that its
#: thread does not slow those frames down.
CHART_DELAY_MS = 900


class CostPanel(Panel):
    """Compounds, pressing and finishing, tooling, order; the order's totals as they change."""

    def __init__(self) -> None:
        super().__init__()
        self.library_materials: list[Material] = []
        layout = QVBoxLayout(self)
        self.bodies_title = QLabel()
        layout.addWidget(self.bodies_title)
        self.bodies = make_table(4)
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
        self.process_combo.activated.connect(self._process_switched)
        self.press_edit, self.cycle_edit, self.rate_edit = QLineEdit(), QLineEdit(), QLineEdit()
        self.per_cycle_edit, self.finish_edit, self.mould_edit = (
            QLineEdit(),
            QLineEdit(),
            QLineEdit(),
        )
        self.cost_edits = (self.press_edit, self.cycle_edit, self.rate_edit, self.per_cycle_edit,
                           self.finish_edit, self.mould_edit)  # fmt: skip
        self.process_label = QLabel()
        form.addRow(self.process_label, self.process_combo)
        self.cost_labels = [QLabel() for _ in self.cost_edits]
        for label, edit in zip(self.cost_labels, self.cost_edits, strict=True):
            self.watch_typing(edit, self._inputs_edited)
            form.addRow(label, edit)
        self.cost_form = form
        layout.addLayout(form)
        self.tooling_title = QLabel()
        layout.addWidget(self.tooling_title)
        # How moulds and tooling reach the price: billed once, over the moulds' life, this order.
        self.tool_form = QFormLayout()
        self.policy_combo, self.policy_label = QComboBox(), QLabel()
        self.policy_combo.addItems([""] * len(TOOLING_POLICIES))
        self.lifetime_edit, self.lifetime_label = QLineEdit(), QLabel()
        self.tool_form.addRow(self.policy_label, self.policy_combo)
        self.tool_form.addRow(self.lifetime_label, self.lifetime_edit)
        layout.addLayout(self.tool_form)
        self.policy_combo.activated.connect(lambda _index: self._policy_edited(False))
        self.watch_typing(self.lifetime_edit, self._policy_edited)
        self.tooling = make_table(2)
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
        self.order = make_table(2)
        self.order.itemChanged.connect(self._order_edited)
        self.order.setMinimumHeight(160)
        layout.addWidget(self.order, 1)
        self.pricing_title = QLabel()
        layout.addWidget(self.pricing_title)
        self.pricing_form = QFormLayout()
        self.overhead_edit, self.margin_edit, self.usd_edit = QLineEdit(), QLineEdit(), QLineEdit()
        self.pricing_labels = [QLabel() for _ in range(3)]
        for label, edit in zip(self.pricing_labels,
                               (self.overhead_edit, self.margin_edit, self.usd_edit),
                               strict=True):  # fmt: skip
            self.pricing_form.addRow(label, edit)
            self.watch_typing(edit, self._pricing_edited)
        layout.addLayout(self.pricing_form)
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        layout.addWidget(self.totals)
        self.per_size_title = QLabel()
        layout.addWidget(self.per_size_title)
        self.per_size = make_table(len(COST_COLUMNS))
        layout.addWidget(self.per_size)
        self.chart: FigureImage | None = None  # the cost chart, made when a design is shown
        #: The cost sheet the chart is to show next (drawn in an event of its own).
        self._chart_sheet: CostSheet | None = None
        self.chart_layout = QVBoxLayout()
        layout.addLayout(self.chart_layout)

    def retranslate(self) -> None:
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
            [tr("Body"), tr("Compound"), tr("Price (Rp/kg)"), tr("Flash (%)")]
        )
        self.tooling.setHorizontalHeaderLabels([tr("Tooling line"), tr("Cost (Rp)")])
        self.policy_label.setText(tr("Moulds and tooling"))
        for i, text in enumerate((tr("billed once, apart from the pairs"),
                                  tr("spread over the moulds' life"),
                                  tr("spread over this order"))):  # fmt: skip
            self.policy_combo.setItemText(i, text)
        self.lifetime_label.setText(tr("Pairs planned over the moulds' life"))
        self.order.setHorizontalHeaderLabels([tr("Size"), tr("Pairs")])
        self.pricing_title.setText("<b>" + tr("Pricing") + "</b>")
        for label, text in zip(self.pricing_labels, (tr("Overhead on cost (%)"),
                               tr("Margin (% of the price)"), tr("Rupiah per USD (empty: none)")),
                               strict=True):  # fmt: skip
            label.setText(text)
        self.per_size_title.setText("<b>" + tr("Cost per pair and per order by size (Rp)")
                                    + "</b>")  # fmt: skip
        self.per_size.setHorizontalHeaderLabels([tr(head) for _, head in COST_COLUMNS])

    # -- showing ---------------------------------------------------------------------------------

    def fill(self, d: Design) -> None:
        self._fill_bodies(d)
        p, t = d.project, lang()
        machine = p.process.kind == "machine"
        self.process_combo.setCurrentIndex(1 if machine else 0)
        values = (p.process.subcontract_idr_per_pair, p.process.cycle_time_s,
                  p.process.machine_rate_idr_per_hour, Decimal(p.process.pairs_per_cycle),
                  p.process.finishing_idr_per_pair, p.tooling.mould_idr_per_size)  # fmt: skip
        for i, (edit, value) in enumerate(zip(self.cost_edits, values, strict=True)):
            if not edit.hasFocus():  # never overwrite what is being typed
                edit.setText(t.number(value, 1 if i == 1 else 0))
            # The subcontract price, or the press's cycle, rate and pairs; always the rest.
            self.cost_form.setRowVisible(edit, i >= 4 or (i == 0) != machine)
        self.policy_combo.setCurrentIndex(TOOLING_POLICIES.index(p.tooling.policy))
        if not self.lifetime_edit.hasFocus():
            self.lifetime_edit.setText(t.number(p.tooling.lifetime_pairs, 0)
                                       if p.tooling.lifetime_pairs else "")  # fmt: skip
        self.tool_form.setRowVisible(self.lifetime_edit, p.tooling.policy == "lifetime")
        self.tooling.setRowCount(len(p.tooling.extras))
        for row, line in enumerate(p.tooling.extras):
            self.tooling.setItem(row, 0, QTableWidgetItem(line.name))
            self.tooling.setItem(row, 1, QTableWidgetItem(t.number(line.cost_idr, 0)))
        fit_rows(self.tooling)
        pairs = {line.size: line.pairs for line in p.order}
        sizes = d.sizing.run.sizes
        self.order.setRowCount(len(sizes))
        for i, size in enumerate(sizes):
            label = QTableWidgetItem(size.label)
            label.setFlags(label.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.order.setItem(i, 0, label)
            self.order.setItem(i, 1, QTableWidgetItem(str(pairs.get(size, 0))))
        self._fill_totals(d)

    def _fill_bodies(self, d: Design) -> None:
        t, p = lang(), d.project
        self.bodies.setRowCount(len(p.materials))
        ground = d.analysis.ground_body
        for row, bm in enumerate(p.materials):
            name = QTableWidgetItem(tr("outsole") if bm.body == ground else
                                    tr("body {n}", n=bm.body + 1))  # fmt: skip
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
            plan = next(m for m in d.moulds if m.body == bm.body)
            flash = QTableWidgetItem(t.number(plan.flash_pct, 1))
            flash.setToolTip(tr("flash, runner or overflow, % of the net mass; compound bought: "
                                "net + {scrap} % ({process})", scrap=t.number(plan.scrap_pct, 1),
                                process=t(PROCESS_NAMES[plan.process])))  # fmt: skip
            self.bodies.setItem(row, 3, flash)
        fit_rows(self.bodies)

    def _fill_pricing(self, d: Design) -> None:
        t, pr = lang(), d.project.pricing
        usd = "" if pr.idr_per_usd is None else t.number(pr.idr_per_usd, 0)
        values = ((self.overhead_edit, t.number(pr.overhead_pct, 1)),
                  (self.margin_edit, t.number(pr.margin_pct, 1)), (self.usd_edit, usd))  # fmt: skip
        for edit, text in values:
            if not edit.hasFocus():  # never overwrite what is being typed
                edit.setText(text)

    def _fill_per_size(self, d: Design, sheet: CostSheet) -> None:
        rows = cost_rows(sheet, lang())
        self.per_size.setRowCount(len(rows))
        with cells_then_columns(self.per_size):
            for r, row in enumerate(rows):
                for k, (key, _) in enumerate(COST_COLUMNS):
                    item = QTableWidgetItem(row[key])
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    if k:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                              | Qt.AlignmentFlag.AlignVCenter)  # fmt: skip
                    self.per_size.setItem(r, k, item)
        fit_rows(self.per_size)
        # The chart (50 ms to build, as long again to draw, on the figures' thread) waits for
        # the panel to be seen and for the 3D view's first pictures of a model just opened.
        if self._chart_sheet is None:
            QTimer.singleShot(CHART_DELAY_MS, self._show_chart)
        self._chart_sheet = sheet

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Shown (its tab chosen): draw the chart it is waiting with."""
        super().showEvent(event)
        if self._chart_sheet is not None:
            QTimer.singleShot(CHART_DELAY_MS, self._show_chart)

    def _show_chart(self) -> None:
        from ...render.plots import cost_chart

        if not self.isVisible():
            return  # drawn when the panel is shown
        sheet, self._chart_sheet = self._chart_sheet, None
        if sheet is None:
            return
        if self.chart is None:
            # Room for the axis labels, the title and the legend beside the bars, inches.
            self.chart = FigureImage(220, margins_in=(0.55, 1.15, 0.45, 0.3))
            self.chart.setObjectName("cost-chart")
            self.chart_layout.addWidget(self.chart)
        t = lang()
        self.chart.set_figure(lambda: cost_chart(sheet, t))

    def _fill_totals(self, d: Design) -> None:
        t = lang()
        self._fill_pricing(d)
        try:
            sheet = d.cost
        except OutsoleError as exc:
            self.totals.setText(error_text(exc))
            return
        self._fill_per_size(d, sheet)
        lines = [
            tr("Pairs: {n}", n=t.number(sheet.pairs, 0)),
            tr("Average cost per pair: {price}", price=t.money(sheet.average_idr_per_pair)),
            tr("Quoted price per pair: {price}", price=t.money(sheet.price_idr_per_pair)),
            tr("Order total: {price}", price=t.money(sheet.total_idr)),
        ]
        if sheet.tooling_billed_idr:
            lines.append(tr("Moulds and tooling, billed once: {price}",
                            price=t.money(sheet.tooling_billed_idr)))  # fmt: skip
        pr = d.project.pricing
        oh, mg = t.number(pr.overhead_pct, 1), t.number(pr.margin_pct, 1)
        lines.append(tr("Quoted price = cost x (1 + {oh} % overhead) / (1 - {mg} % margin)",
                        oh=oh, mg=mg))  # fmt: skip
        # The compound of each body, named by its role (a rubber outsole, an EVA midsole).
        nominal = sheet.size_cost(d.sizing.nominal)
        names = {bm.body: t(bm.material.name) for bm in d.project.materials}
        ground = d.analysis.ground_body
        for k, body in enumerate(nominal.bodies):
            part = tr("outsole") if body.body == ground else tr("midsole")
            role = tr("body {n}", n=body.body + 1) + f" ({part})"
            lines.insert(k, tr("{role}: {name}, {price} a pair at {size}", role=role,
                               name=names[body.body], price=t.money(body.cost_idr_per_pair),
                               size=nominal.size.label))  # fmt: skip
        self.totals.setText("\n".join(lines))

    def _pricing_edited(self, final: bool) -> None:
        d = self.design
        if self.quiet or d is None:
            return
        oh, mg = parse_amount(self.overhead_edit.text()), parse_amount(self.margin_edit.text())
        usd_text = self.usd_edit.text().strip()
        usd = parse_amount(usd_text) if usd_text else None
        if oh is None or mg is None or (usd_text and usd is None):
            if final:
                self._refuse(tr("overhead and margin are percentages such as 15; the rate a "
                                "number of Rupiah such as 16000"))  # fmt: skip
            return
        self._edit_field(
            d, "pricing", lambda: Pricing(overhead_pct=oh, margin_pct=mg, idr_per_usd=usd), final
        )

    # -- editing ---------------------------------------------------------------------------------

    def _refuse(self, message: str) -> None:
        self.refused.emit(message)
        self.show_design(self.design)  # the inputs as they were

    def _process_switched(self, index: int) -> None:
        """Show the chosen process's fields; apply it once its figures are valid (an own press
        needs a cycle time the user has yet to type)."""
        for i, edit in enumerate(self.cost_edits[:4]):
            self.cost_form.setRowVisible(edit, (i == 0) != (index == 1))
        self._inputs_edited(False)

    def _inputs_edited(self, final: bool) -> None:
        d = self.design
        if self.quiet or d is None:
            return
        values = [parse_amount(e.text()) for e in self.cost_edits]
        if any(v is None for v in values):
            if final:
                self._refuse(tr(AMOUNT_HINT))
            return
        press, cycle, rate, per_cycle, finish, mould = (v or Decimal(0) for v in values)
        if per_cycle != int(per_cycle) or per_cycle < 1:
            if final:
                self._refuse(tr("pairs per cycle must be a whole number of at least 1"))
            return
        p = d.project
        try:
            process = Process(
                kind="machine" if self.process_combo.currentIndex() == 1 else "subcontract",
                subcontract_idr_per_pair=press,
                cycle_time_s=cycle,
                machine_rate_idr_per_hour=rate,
                pairs_per_cycle=int(per_cycle),
                finishing_idr_per_pair=finish,
            )
        except OutsoleError as exc:
            if final:
                self._refuse(error_text(exc))
            return
        tooling = replace(p.tooling, mould_idr_per_size=mould)
        changes = {k: v for k, v in (("process", process), ("tooling", tooling))
                   if getattr(p, k) != v}  # fmt: skip
        if changes:
            self.edited.emit(changes)

    def _policy_edited(self, final: bool) -> None:
        """Apply the tooling policy; spreading over the moulds' life waits for the pairs."""
        d = self.design
        if self.quiet or d is None:
            return
        policy = TOOLING_POLICIES[self.policy_combo.currentIndex()]
        self.tool_form.setRowVisible(self.lifetime_edit, policy == "lifetime")
        text = self.lifetime_edit.text().strip()
        pairs = parse_amount(text) if text else Decimal(0)
        if pairs is None or pairs != int(pairs) or (policy == "lifetime" and pairs < 1):
            if final and (text or policy != "lifetime"):
                self._refuse(tr("the pairs planned over the moulds' life: a whole number, "
                                "1 or more"))  # fmt: skip
            return
        self._edit_field(
            d,
            "tooling",
            lambda: replace(d.project.tooling, policy=policy, lifetime_pairs=int(pairs)),
            final,
        )

    def _edit_field(self, d: Design, field: str, make: Callable[[], Any], final: bool) -> None:
        """Emit the project field ``make`` builds, when it differs; a value the model refuses
        is said when the typing is ``final`` (else the user is still typing)."""
        try:
            value = make()
        except OutsoleError as exc:
            if final:
                self._refuse(error_text(exc))
            return
        if value != getattr(d.project, field):
            self.edited.emit({field: value})

    def _bodies_edited(self, item: QTableWidgetItem) -> None:
        d = self.design
        if self.quiet or d is None or item.column() not in (2, 3):
            return
        materials = list(d.project.materials)
        row = item.row()
        if row >= len(materials):
            return
        value = parse_amount(item.text())
        if value is None:
            self._refuse(tr(AMOUNT_HINT))
            return
        bm = materials[row]
        if item.column() == 2:
            if value == bm.material.price_idr_per_kg:
                return
            material = bm.material.with_changes(price_idr_per_kg=value, price_is_placeholder=False)
            materials[row] = BodyMaterial(bm.body, material, bm.waste_pct)
        else:
            # One figure: the body's waste is its mould plan's flash.
            plan = d.project.techpack.plan_for(bm.body)
            if value == bm.waste_pct and (plan is None or plan.flash_pct == float(value)):
                return
            materials[row] = BodyMaterial(bm.body, bm.material, value)
            if plan is not None:
                try:
                    flashed = replace(plan, flash_pct=float(value))
                except OutsoleError as exc:
                    self._refuse(error_text(exc))
                    return
                self.edited.emit({"materials": tuple(materials),
                                  "techpack": d.project.techpack.with_plan(flashed)})  # fmt: skip
                return
        self.edited.emit({"materials": tuple(materials)})

    def _compound_chosen(self, row: int, key: str) -> None:
        d = self.design
        if self.quiet or d is None:
            return
        bm = d.project.materials[row]
        if bm.material.key == key:
            return
        material = next(m for m in self.library_materials if m.key == key)
        materials = list(d.project.materials)
        materials[row] = BodyMaterial(bm.body, material, material.waste_pct)
        self.edited.emit({"materials": tuple(materials)})

    def _tooling_edited(self, item: QTableWidgetItem) -> None:
        d = self.design
        if self.quiet or d is None:
            return
        lines = []
        for row in range(self.tooling.rowCount()):
            name_item, cost_item = self.tooling.item(row, 0), self.tooling.item(row, 1)
            cost = parse_amount(cost_item.text() if cost_item else "0")
            if cost is None:
                self._refuse(tr(AMOUNT_HINT))
                return
            name = name_item.text().strip() if name_item else ""
            lines.append(ToolingLine(name or tr("tooling"), cost))
        if tuple(lines) != d.project.tooling.extras:
            self.edited.emit({"tooling": replace(d.project.tooling, extras=tuple(lines))})

    def _add_tooling_line(self) -> None:
        if self.design is None:
            return
        tooling = self.design.project.tooling
        extras = (*tooling.extras, ToolingLine(tr("new tooling line"), Decimal(0)))
        self.edited.emit({"tooling": replace(tooling, extras=extras)})

    def _remove_tooling_line(self) -> None:
        row = self.tooling.currentRow()
        if self.design is None or not 0 <= row < len(self.design.project.tooling.extras):
            return
        tooling = self.design.project.tooling
        extras = tuple(x for i, x in enumerate(tooling.extras) if i != row)
        self.edited.emit({"tooling": replace(tooling, extras=extras)})

    def _order_edited(self, item: QTableWidgetItem) -> None:
        d = self.design
        if self.quiet or d is None or item.column() != 1:
            return
        lines = []
        for row, size in enumerate(d.sizing.run.sizes):
            cell = self.order.item(row, 1)
            text = cell.text().strip() if cell else ""
            try:
                pairs = int(text or 0)
            except ValueError:
                self._refuse(tr("pairs must be a whole number, not {text}", text=text))
                return
            if pairs:
                lines.append(OrderLine(size, pairs))
        if tuple(lines) != d.project.order:
            self.edited.emit({"order": tuple(lines)})
