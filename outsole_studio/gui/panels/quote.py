"""The Quote panel: the workshop's terms (labour, wage, machines, stations, shifts, mould lead
time, price breaks) and the quote they give: price per pair and per kodi with and without
tooling, capacity and lead time, the price-break table. Figures follow as you type."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QTableWidgetItem, QVBoxLayout

from ...core.errors import OutsoleError
from ...core.production.inputs import Terms
from ...core.production.quote import parse_breaks
from ...render.rows import PRICE_COLUMNS, price_break_rows, price_rows, quote_lines
from ...workflow.design import Design
from ..controller import error_text
from ..texts import lang, tr
from .base import Panel, cells_then_columns, fit_rows, make_table, parse_amount

#: The terms' fields, in the form's order: (name, whole number).
FIELDS = (("labour", False), ("wage", False), ("presses", True), ("stations", True),
          ("shifts", True), ("lead", False))  # fmt: skip
BREAK_KEYS = ("pairs", "pair", "kodi", "total", "tooling")


def _readable(value: Decimal | None, whole: bool) -> bool:
    """A value typed that can be read (a whole number where one is asked for)."""
    return value is not None and (not whole or value == int(value))


class QuotePanel(Panel):
    """The workshop's terms and the quote they give."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.terms_title = QLabel()
        layout.addWidget(self.terms_title)
        form = QFormLayout()
        self.edits = {name: QLineEdit() for name, _ in FIELDS}
        self.labels = {name: QLabel() for name, _ in FIELDS}
        for name, _ in FIELDS:
            form.addRow(self.labels[name], self.edits[name])
            self.watch_typing(self.edits[name], self._terms_edited)
        self.breaks_edit, self.breaks_label = QLineEdit(), QLabel()
        form.addRow(self.breaks_label, self.breaks_edit)
        self.watch_typing(self.breaks_edit, self._terms_edited)
        layout.addLayout(form)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("quote-summary")
        layout.addWidget(self.summary)
        self.prices_title = QLabel()
        layout.addWidget(self.prices_title)
        self.prices = make_table(len(PRICE_COLUMNS))
        layout.addWidget(self.prices)
        self.breaks_title = QLabel()
        layout.addWidget(self.breaks_title)
        self.breaks = make_table(len(BREAK_KEYS))
        layout.addWidget(self.breaks)
        layout.addStretch(1)

    def retranslate(self) -> None:
        texts = {"labour": tr("Labour per pair (min)"), "wage": tr("Wage per hour (Rp)"),
                 "presses": tr("Machines working the order"),
                 "stations": tr("Stations on a machine"), "shifts": tr("Shifts a day"),
                 "lead": tr("Weeks to make the moulds")}  # fmt: skip
        for name, text in texts.items():
            self.labels[name].setText(text)
        self.edits["wage"].setToolTip(tr("the region's minimum wage differs 2-3 fold across Java"))
        self.edits["stations"].setToolTip(tr("1 for a press; injection machines 4-12; PU "
                                             "carousels 12-24"))  # fmt: skip
        self.breaks_label.setText(tr("Price breaks (pairs)"))
        self.breaks_edit.setPlaceholderText("500, 1000, 2500, 5000")
        self.terms_title.setText("<b>" + tr("Workshop terms") + "</b>")
        self.prices_title.setText("<b>" + tr("Price per size") + "</b>")
        self.breaks_title.setText("<b>" + tr("Price breaks (this order's size mix)") + "</b>")
        self.prices.setHorizontalHeaderLabels([tr(head) for _, head in PRICE_COLUMNS])
        self.breaks.setHorizontalHeaderLabels([tr("Pairs"), tr("Price per pair"),
                                               tr("Per kodi (20 pairs)"), tr("Order total"),
                                               tr("Moulds and tooling")])  # fmt: skip

    def fill(self, d: Design) -> None:
        t, p = lang(), d.project
        terms = p.terms
        values: dict[str, tuple[Decimal | int, int]] = {
                  "labour": (terms.labour_min_per_pair, 1), "wage": (terms.wage_idr_per_hour, 0),
                  "presses": (terms.presses, 0), "stations": (p.process.stations, 0),
                  "shifts": (terms.shifts, 0), "lead": (terms.mould_lead_weeks, 1)}  # fmt: skip
        for name, (value, digits) in values.items():
            if not self.edits[name].hasFocus():  # never overwrite what is being typed
                self.edits[name].setText(t.number(value, digits))
        if not self.breaks_edit.hasFocus():
            self.breaks_edit.setText(", ".join(str(b) for b in terms.breaks))
        try:
            sheet = d.cost
        except OutsoleError as exc:
            self.summary.setText(error_text(exc))
            self.prices.setRowCount(0)
            self.breaks.setRowCount(0)
            return
        self.summary.setText("<br>".join(f"<b>{label}</b>: {value}"
                                         for label, value in quote_lines(sheet, t)))  # fmt: skip
        rows = price_rows(sheet, t)
        self.prices.setRowCount(len(rows))
        with cells_then_columns(self.prices):
            for r, row in enumerate(rows):
                for k, (key, _) in enumerate(PRICE_COLUMNS):
                    self.prices.setItem(r, k, QTableWidgetItem(row[key]))
        fit_rows(self.prices)
        breaks = price_break_rows(sheet, t) if sheet.pairs else []
        self.breaks.setRowCount(len(breaks))
        with cells_then_columns(self.breaks):
            for r, row in enumerate(breaks):
                for k, key in enumerate(BREAK_KEYS):
                    self.breaks.setItem(r, k, QTableWidgetItem(row[key]))
        fit_rows(self.breaks)

    def _terms_edited(self, final: bool) -> None:
        d = self.design
        if self.quiet or d is None:
            return
        values = {name: parse_amount(self.edits[name].text()) for name, _ in FIELDS}
        bad = [name for name, whole in FIELDS if not _readable(values[name], whole)]
        if bad:
            if final:
                self._refuse(
                    tr("{field}: type a number such as 8", field=self.labels[bad[0]].text())
                )
            return
        v = {name: value or Decimal(0) for name, value in values.items()}
        p = d.project
        try:
            breaks = parse_breaks(self.breaks_edit.text())
            terms = Terms(
                labour_min_per_pair=v["labour"],
                wage_idr_per_hour=v["wage"],
                presses=int(v["presses"]),
                shifts=int(v["shifts"]),
                hours_per_shift=p.terms.hours_per_shift,
                mould_lead_weeks=v["lead"],
                breaks=breaks,
                wage_is_placeholder=p.terms.wage_is_placeholder
                and v["wage"] == p.terms.wage_idr_per_hour,
            )
            process = replace(p.process, stations=int(v["stations"]))
        except OutsoleError as exc:
            if final:
                self._refuse(error_text(exc))
            return
        changes = {k: new for k, new in (("terms", terms), ("process", process))
                   if getattr(p, k) != new}  # fmt: skip
        if changes:
            self.edited.emit(changes)

    def _refuse(self, message: str) -> None:
        self.refused.emit(message)
        self.show_design(self.design)  # the inputs as they were
