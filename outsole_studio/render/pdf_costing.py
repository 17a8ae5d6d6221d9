"""The costing pages of the PDF: the assumptions, the cost per size, the totals, the quote (price
per pair and per kodi with and without tooling, moulds, capacity and lead time, price breaks),
the cost chart and the sensitivity. A mixin of :class:`~.spec_pdf.SheetWriter` (it uses its
``p``, ``h2``, ``t``, ``s``); every figure comes from the cost sheet through :mod:`.rows`.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

from ..core.production.costsheet import CostSheet, cost_notes
from .pdf_parts import BOLD, FRAME_W, INK, SHADE, Sections, figure_drawing, sheet_table, usd_text
from .rows import (
    COST_COLUMNS,
    PRICE_COLUMNS,
    PROCESS_NAMES,
    cost_rows,
    mould_set_rows,
    price_break_rows,
    price_rows,
    quote_lines,
)


class CostingSections(Sections):
    """What a workshop quotes from: the cost of every size and the quote built on it."""

    def _assumptions(self, c: CostSheet) -> list[str]:
        t, m = self.t, self.t.money
        inputs = c.inputs
        pr = inputs.process
        if pr.kind == "subcontract":
            press = t.text("subcontract, {price} per pair", price=m(pr.subcontract_idr_per_pair))
        else:
            press = t.text(
                "own machine: {cycle} s x {rate}/h / ({pairs} pair(s) x {stations} station(s)) = "
                "{price} per pair",
                cycle=t.number(pr.cycle_time_s, 0),
                rate=m(pr.machine_rate_idr_per_hour),
                pairs=pr.pairs_per_cycle,
                stations=pr.stations,
                price=m(pr.pressing_idr_per_pair),
            )
        out = [
            t.text("Pressing: {how}", how=press),
            t.text("Trimming and finishing: {price} per pair", price=m(pr.finishing_idr_per_pair)),
        ]
        for plan in inputs.plans:
            out.append(
                t.text(
                    "Body {b} ({process}): compound bought = net x (1 + {scrap}); flash, runner "
                    "or overflow {flash}, reground {regrind}, milled off {mill}",
                    b=plan.body + 1,
                    process=t(PROCESS_NAMES[plan.process]),
                    scrap=t.quantity(plan.scrap_pct, "%", 1),
                    flash=t.quantity(plan.flash_pct, "%", 1),
                    regrind=t.quantity(plan.regrind_pct, "%", 0),
                    mill=t.quantity(plan.milldown_pct, "%", 1),
                )
            )
        bought = [x for x in c.moulds if x.count]
        policy = {
            "order": t("spread over the pairs each mould presses in this order"),
            "lifetime": t.text("spread over {n} pairs planned over the moulds' life",
                               n=t.number(inputs.tooling.lifetime_pairs, 0)),
            "separate": t("billed once, apart from the price per pair"),
        }[inputs.tooling.policy]  # fmt: skip
        out.append(
            t.text(
                "Moulds: {n} for the sizes ordered, {total} (sizes sharing a mould pay it once; "
                "a mould without a price of its own at {price}); moulds and tooling {policy}",
                n=len(bought),
                total=m(c.mould_total_idr),
                price=m(inputs.tooling.mould_idr_per_size),
                policy=policy,
            )
        )
        out += [
            t.text("One-off tooling: {name}, {price}", name=x.name, price=m(x.cost_idr))
            for x in inputs.tooling.extras
        ]
        out.append(
            t.text(
                "Overhead {oh} on cost; margin {mg} of the quoted price",
                oh=t.quantity(inputs.pricing.overhead_pct, "%", 0),
                mg=t.quantity(inputs.pricing.margin_pct, "%", 0),
            )
        )
        if inputs.pricing.idr_per_usd is not None:
            out.append(t.text("Exchange rate: {rate} per USD", rate=m(inputs.pricing.idr_per_usd)))
        return out + [n.render(t) for n in cost_notes(c)]

    def costing(self) -> list[Flowable]:
        """The costing page and the quote page."""
        t, c = self.t, self.s.cost
        m = t.money
        head = [t(heading) for _, heading in COST_COLUMNS]
        rows: list[list[Any]] = [head]
        rows += [[row[key] for key, _ in COST_COLUMNS] for row in cost_rows(c, t)]
        per_size = sheet_table(
            rows,
            [15 * mm, 13 * mm] + [18.4 * mm] * 7 + [19 * mm],
            align_right=tuple(range(1, 10)),
            extra=[
                ("FONT", (0, -1), (-1, -1), BOLD, 7),
                ("LINEABOVE", (0, -1), (-1, -1), 0.6, INK),
            ],
        )
        usd = c.usd
        avg, price = c.average_idr_per_pair, c.price_idr_per_pair
        totals = [
            [t("Average cost per pair"), m(avg), usd_text(usd(avg), t)],
            [t("Overhead per pair"), m(c.overhead_idr_per_pair), ""],
            [t("Quoted price per pair"), m(price), usd_text(usd(price), t)],
            [t("Order total (cost)"), m(c.total_idr), usd_text(usd(c.total_idr), t)],
            [t("Moulds"), m(c.mould_total_idr), ""],
        ]  # fmt: skip
        if c.tooling_billed_idr:
            totals.append([t("Moulds and tooling, billed once"), m(c.tooling_billed_idr),
                           usd_text(usd(c.tooling_billed_idr), t)])  # fmt: skip
        totals += [
            [
                t.text("Compound to buy: {name}", name=t(n.material.name)),
                t.quantity(n.kg, "kg", 2),
                m(n.cost_idr),
            ]
            for n in c.needs
            if c.pairs
        ]
        totals_table = sheet_table(
            totals,
            [80 * mm, 45 * mm, 45 * mm],
            header=False,
            align_right=(1, 2),
            extra=[("FONT", (0, 2), (-1, 2), BOLD, 7), ("BACKGROUND", (0, 0), (0, -1), SHADE)],
        )
        sens = [[t("If"), t("Average cost per pair"), t("Change")]]
        for x in c.sensitivity:
            sign = "+" if x.change_idr_per_pair >= 0 else "-"
            sens.append([t(x.label), m(x.cost_idr_per_pair), sign + m(abs(x.change_idr_per_pair))])
        from .plots import cost_chart

        return [
            PageBreak(),
            self.h2(t("Costing")),
            *[self.p("• " + a) for a in self._assumptions(c)],
            Spacer(1, 4),
            self.p(t("Cost per pair and per order by size (Rp)"), "base"),
            per_size,
            Spacer(1, 6),
            totals_table,
            Spacer(1, 6),
            figure_drawing(cost_chart(c, t), FRAME_W, helper=self.helper),
            *self.quote(),
            Spacer(1, 6),
            CondPageBreak(40 * mm),
            self.p(t("Sensitivity"), "base"),
            sheet_table(sens, [60 * mm, 50 * mm, 40 * mm], align_right=(1, 2)),
        ]

    def quote(self) -> list[Flowable]:
        """The quote: prices with and without tooling, per kodi, moulds, capacity and lead time,
        and the price breaks."""
        t, c = self.t, self.s.cost
        summary = sheet_table(
            [[label, self.p(value)] for label, value in quote_lines(c, t)],
            [62 * mm, 114 * mm],
            header=False,
            extra=[("BACKGROUND", (0, 0), (0, -1), SHADE)],
        )
        prices: list[list[Any]] = [[t(head) for _, head in PRICE_COLUMNS]]
        prices += [[row[key] for key, _ in PRICE_COLUMNS] for row in price_rows(c, t)]
        out: list[Flowable] = [
            CondPageBreak(90 * mm),
            self.h2(t("Quote")),
            summary,
            Spacer(1, 6),
            KeepTogether([
                self.p(t("Price per size, without and with the tooling share"), "base"),
                sheet_table(prices, [18 * mm, 16 * mm] + [35.5 * mm] * 4,
                            align_right=(1, 2, 3, 4, 5)),
            ]),
        ]  # fmt: skip
        moulds = mould_set_rows(c, t)
        if moulds:
            head = [t("Mould"), t("Sizes"), t("Pairs"), t("Moulds bought"), t("Price"), t("Cost")]
            out += [Spacer(1, 6), KeepTogether([
                self.p(t("Moulds (from the mould plan)"), "base"),
                sheet_table([head, *[list(r) for r in moulds]],
                            [34 * mm, 40 * mm, 18 * mm, 22 * mm, 31 * mm, 31 * mm],
                            align_right=(2, 3, 4, 5)),
            ])]  # fmt: skip
        breaks = price_break_rows(c, t)
        if breaks and c.pairs:
            keys = ("pairs", "pair", "kodi", "total", "tooling")
            head = [t("Pairs"), t("Price per pair"), t("Per kodi (20 pairs)"), t("Order total"),
                    t("Moulds and tooling")]  # fmt: skip
            out += [Spacer(1, 6), KeepTogether([
                self.p(t("Price breaks (this order's size mix)"), "base"),
                sheet_table([head, *[[r[k] for k in keys] for r in breaks]],
                            [22 * mm, 36 * mm, 36 * mm, 42 * mm, 40 * mm],
                            align_right=(0, 1, 2, 3, 4)),
            ])]  # fmt: skip
        return out
