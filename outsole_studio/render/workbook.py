"""The costing workbook (XLSX): every figure of the cost sheet and the quote as a formula over
its inputs (compound, flash, regrind, pressing, labour, moulds, policy, presses, shifts, price
breaks), and the mould plan's sheets with every cavity and blank as a formula."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ..core.i18n import Translator
from ..core.production.mould import REGRIND_PROCESSES
from ..core.production.quote import KODI_PAIRS
from ..core.production.spec import SpecSheet
from ..io.atomic import atomic_write_bytes
from .rows import PROCESS_NAMES
from .workbook_mould import as_text, mould_sheet, print_setup

RP = '"Rp" #,##0'
"""Rupiah, whole: the format of every money cell."""


class _Sheet:
    """The costing sheet being written: cells by name, inputs filled and validated."""

    def __init__(self, ws: Any, t: Translator) -> None:
        from openpyxl.styles import Font, PatternFill
        from openpyxl.worksheet.datavalidation import DataValidation

        self.ws, self.t = ws, t
        self.bold = Font(bold=True)
        self.fill = PatternFill("solid", fgColor="FFF4CC")  # input cells
        self.refs: dict[str, str] = {}

        def rule(kind: str, lo: str, hi: str | None, error: str) -> Any:
            dv = DataValidation(type=kind, operator="between", formula1=lo, formula2=hi,
                                allow_blank=False)  # fmt: skip
            if kind == "list":
                dv = DataValidation(type="list", formula1=lo)
            dv.error, dv.showErrorMessage = error, True
            ws.add_data_validation(dv)
            return dv

        self.ok = {
            "money": rule("decimal", "0", "1000000000000",
                          t("a price or a cost is zero or more Rupiah")),
            "pct": rule("decimal", "0", "99.99", t("a percentage from 0 to under 100")),
            "pairs": rule("whole", "0", "10000000", t("whole pairs, 0 or more")),
            "policy": rule("list", '"separate,lifetime,order"', None,
                           t("separate (billed once), lifetime (over the moulds' life) or order")),
            "count": rule("whole", "1", "100", t("a whole number from 1 to 100")),
            "shifts": rule("whole", "1", "3", t("1 to 3 shifts a day")),
            "seconds": rule("decimal", "1", "3600", t("1 to 3,600 seconds")),
            "hours": rule("decimal", "1", "12", t("1 to 12 hours")),
            "minutes": rule("decimal", "0", "600", t("0 to 600 minutes")),
            "weeks": rule("decimal", "0", "52", t("0 to 52 weeks")),
            "breaks": rule("whole", "1", "10000000", t("1 to 10,000,000 pairs")),
        }  # fmt: skip

    def cell(self, row: int, col: int, value: Any, fmt: str | None = None,
             check: str | None = None) -> Any:  # fmt: skip
        """Write a cell; ``check`` makes it a validated input."""
        c = self.ws.cell(row, col, value)
        if fmt:
            c.number_format = fmt
        if check:
            c.fill = self.fill
            self.ok[check].add(c)
        return c

    def put(self, row: int, key: str, label: str, value: Any, fmt: str = RP,
            check: str | None = None) -> None:  # fmt: skip
        """A labelled value in columns A and B, known afterwards by ``key``."""
        as_text(self.ws.cell(row, 1, label))
        self.cell(row, 2, value, fmt, check)
        self.refs[key] = f"$B${row}"


def costing_workbook(spec: SpecSheet, t: Translator) -> bytes:
    """The cost sheet and its quote as an XLSX workbook whose figures are formulas.

    A workshop can change a price, the flash, a cycle time, the tooling policy, presses, shifts
    or a quantity and every figure follows. Masses are ``ROUND(volume x density, 2)``, as the
    cost model fixes them to 0.01 g. The size table comes first, under a header frozen on its
    own; the summary, the quote (capacity, lead time, price breaks), the compound to buy and the
    inputs (yellow, validated) follow. Printed landscape, fitted to the page width.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter as col

    c = spec.cost
    inputs = c.inputs
    mats = list(inputs.materials)
    plans = {p.body: p for p in inputs.plans}
    n = len(mats)
    wb = Workbook()
    ws = wb.active
    ws.title = t("Costing")[:31]
    sh = _Sheet(ws, t)
    refs, bold = sh.refs, sh.bold
    ws["A1"] = t.text("Costing: {design}", design=spec.design_name)
    as_text(ws["A1"]).font = Font(bold=True, size=13)
    ws["A2"] = t("Yellow cells are inputs; everything else is calculated.")

    head_row, first = 3, 4
    last = first + len(c.sizes) - 1
    size_row = {s.size: first + k for k, s in enumerate(c.sizes)}
    pairs_range = f"$B${first}:$B${last}"
    vol_col = [col(3 + k) for k in range(n)]
    net_col = [col(3 + n + k) for k in range(n)]
    (comp, press, fin, lab, mould, tool, per_pair, total, price, price_t, kodi,
     kodi_t) = (col(3 + 2 * n + k) for k in range(12))  # fmt: skip

    # -- inputs and blocks below the size table (their places are known before the table) ---
    summary_row = last + 2
    capacity_row = summary_row + 11  # after the summary's 9 rows at most and a title
    breaks_row = capacity_row + 8  # the breaks' title, after 6 capacity rows
    row = breaks_row + len(inputs.terms.breaks) + 4
    sh.ws.cell(row, 1, t("Materials")).font = bold
    row += 1
    for i, head in enumerate([t("Body"), t("Compound"), t("Density (g/cm³)"), t("Price (Rp/kg)"),
                              t("Process"), t("Flash, runner or overflow (%)"), t("Regrind (%)"),
                              t("Mill-down (%)"), t("Compound bought beyond the net (%)")],
                             start=1):  # fmt: skip
        sh.cell(row, i, head).font = bold
    mat_row = {}
    for bm in mats:
        row += 1
        plan = plans[bm.body]
        mat_row[bm.body] = row
        sh.cell(row, 1, bm.body + 1)
        as_text(sh.cell(row, 2, t(bm.material.name)))
        sh.cell(row, 3, bm.material.density_g_cm3, "0.000", "money")
        sh.cell(row, 4, float(bm.material.price_idr_per_kg), RP, "money")
        as_text(sh.cell(row, 5, t(PROCESS_NAMES[plan.process])))
        sh.cell(row, 6, plan.flash_pct, "0.0", "pct")
        regrind = plan.process in REGRIND_PROCESSES
        sh.cell(row, 7, plan.regrind_pct, "0.0", "pct" if regrind else None)
        eva = plan.process == "eva-injection"
        sh.cell(row, 8, plan.milldown_pct, "0.0", "pct" if eva else None)
        sh.cell(row, 9, f"=F{row}*(1-G{row}/100)+H{row}", "0.00")

    row += 2
    sh.ws.cell(row, 1, t("Process, labour, tooling and pricing")).font = bold
    p = inputs.process
    cap = c.capacity
    machine = p.kind == "machine"
    cycle = float(p.cycle_time_s) if machine or cap is None else float(cap.cycle_s)
    cycle_label = t("Cycle time (s)") if machine else t("Cycle time for capacity (s)")

    def put(key: str, label: str, value: Any, fmt: str = RP, check: str | None = None) -> None:
        nonlocal row
        row += 1
        sh.put(row, key, label, value, fmt, check)

    put("cycle", cycle_label, cycle, "0", "seconds")
    put("per_cycle", t("Pairs per cycle (a station)"), p.pairs_per_cycle, "0", "count")
    put("stations", t("Stations on a machine"), p.stations, "0", "count")
    if machine:
        put("rate", t("Machine rate (Rp/h)"), float(p.machine_rate_idr_per_hour), RP, "money")
        put("press", t("Pressing per pair (Rp)"),
            f"={refs['cycle']}*{refs['rate']}/3600/"
            f"({refs['per_cycle']}*{refs['stations']})")  # fmt: skip
    else:
        put("press", t("Pressing per pair (Rp)"), float(p.subcontract_idr_per_pair), RP, "money")
    put("finish", t("Finishing per pair (Rp)"), float(p.finishing_idr_per_pair), RP, "money")
    terms = inputs.terms
    put("lab_min", t("Labour per pair (min)"), float(terms.labour_min_per_pair), "0.0", "minutes")
    put("wage", t("Wage per hour (Rp)"), float(terms.wage_idr_per_hour), RP, "money")
    put("labour", t("Labour per pair (Rp)"), f"={refs['lab_min']}*{refs['wage']}/60")
    tool_rows: list[str] = []
    for line in inputs.tooling.extras:
        put(f"tool-{len(tool_rows)}", line.name, float(line.cost_idr), RP, "money")
        tool_rows.append(refs[f"tool-{len(tool_rows)}"])
    put("tool", t("One-off tooling, total (Rp)"), "=" + "+".join(tool_rows) if tool_rows else 0)
    put("policy", t("Tooling policy (separate, lifetime, order)"), inputs.tooling.policy, "@",
        "policy")  # fmt: skip
    put("life", t("Pairs planned over the moulds' life"), inputs.tooling.lifetime_pairs, "0",
        "pairs")  # fmt: skip
    put("oh", t("Overhead (%)"), float(inputs.pricing.overhead_pct), "0.0", "pct")
    put("mg", t("Margin (% of price)"), float(inputs.pricing.margin_pct), "0.0", "pct")
    if inputs.pricing.idr_per_usd is not None:
        put("usd", t("Rupiah per USD"), float(inputs.pricing.idr_per_usd), RP, "money")
    put("presses", t("Machines working the order"), terms.presses, "0", "count")
    put("shifts", t("Shifts a day"), terms.shifts, "0", "shifts")
    put("hours", t("Hours a shift"), float(terms.hours_per_shift), "0.0", "hours")
    put("lead", t("Weeks to make the moulds"), float(terms.mould_lead_weeks), "0.0", "weeks")

    # The moulds: one row each, price and life as inputs, pairs and moulds bought as formulas.
    row += 2
    sh.ws.cell(row, 1, t("Moulds")).font = bold
    row += 1
    for i, head in enumerate([t("Mould"), t("Sizes"), t("Price (Rp)"),
                              t("Life (pairs, 0: not limited)"), t("Pairs"), t("Moulds bought"),
                              t("Cost (Rp)")], start=1):  # fmt: skip
        sh.cell(row, i, head).font = bold
    set_rows = []
    for m in c.moulds:
        row += 1
        set_rows.append((row, m))
        as_text(sh.cell(row, 1, t.text("body {b}, mould {m}", b=m.body + 1, m=m.number)))
        as_text(sh.cell(row, 2, " + ".join(s.label for s in m.sizes)))
        sh.cell(row, 3, float(m.price_idr), RP, "money")
        sh.cell(row, 4, plans[m.body].mould_life_pairs, "0", "pairs")
        sh.cell(row, 5, "=" + "+".join(f"$B${size_row[s]}" for s in m.sizes), "0")
        sh.cell(row, 6, f"=IF(E{row}=0,0,IF(D{row}=0,1,MAX(1,ROUNDUP(E{row}/D{row},0))))", "0")
        sh.cell(row, 7, f"=C{row}*F{row}", RP)
    moulds_cost = "+".join(f"$G${r}" for r, _ in set_rows) or "0"
    bottom = row  # the compound to buy goes below the moulds

    # -- the size table ---------------------------------------------------------------------
    heads = [t("Size"), t("Pairs")]
    heads += [t.text("Volume body {b} (cm³)", b=bm.body + 1) for bm in mats]
    heads += [t.text("Net mass body {b} (g)", b=bm.body + 1) for bm in mats]
    heads += [t("Compound per pair (Rp)"), t("Pressing (Rp)"), t("Finishing (Rp)"),
              t("Labour (Rp)"), t("Mould per pair (Rp)"), t("Tooling per pair (Rp)"),
              t("Cost per pair (Rp)"), t("Size total (Rp)"), t("Price per pair (Rp)"),
              t("Price with tooling (Rp)"), t("Per kodi (Rp)"),
              t("Per kodi with tooling (Rp)")]  # fmt: skip
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, head in enumerate(heads, start=1):
        cell = ws.cell(head_row, i, head)
        cell.font, cell.alignment = bold, wrap
    ws.row_dimensions[head_row].height = 30
    total_pairs = f"$B${summary_row}"
    pol, life, oh, mg = refs["policy"], refs["life"], refs["oh"], refs["mg"]
    quote = f"*(1+{oh}/100)/(1-{mg}/100)"
    graded = {g.size: g for g in spec.sizing.graded}
    for sc in c.sizes:
        r = size_row[sc.size]
        g = graded[sc.size]
        ws.cell(r, 1, sc.size.label)
        sh.cell(r, 2, sc.pairs, None, "pairs")
        for j, bm in enumerate(mats):
            sh.cell(r, 3 + j, g.body_volumes_cm3[bm.body], "0.00")
            sh.cell(r, 3 + n + j, f"=ROUND({vol_col[j]}{r}*$C${mat_row[bm.body]},2)", "0.00")
        ws[f"{comp}{r}"] = "=" + "+".join(
            f"2*{net_col[j]}{r}*(1+$I${mat_row[bm.body]}/100)/1000*$D${mat_row[bm.body]}"
            for j, bm in enumerate(mats)
        )
        ws[f"{press}{r}"] = f"={refs['press']}"
        ws[f"{fin}{r}"] = f"={refs['finish']}"
        ws[f"{lab}{r}"] = f"={refs['labour']}"
        own = "+".join(f"IF($E${k}>0,$G${k}/$E${k},0)" for k, m in set_rows if sc.size in m.sizes)
        ws[f"{mould}{r}"] = (
            f'=IF({pol}="separate",0,IF({total_pairs}=0,0,IF({pol}="lifetime",'
            f"({moulds_cost})/{life},IF(B{r}>0,{own or 0},0))))"
        )
        ws[f"{tool}{r}"] = (
            f'=IF({pol}="separate",0,IF({total_pairs}=0,0,IF({pol}="lifetime",{refs["tool"]}'
            f"/{life},IF(B{r}>0,{refs['tool']}/{total_pairs},0))))"
        )
        variable = f"({comp}{r}+{press}{r}+{fin}{r}+{lab}{r})"
        ws[f"{per_pair}{r}"] = f"={variable}+{mould}{r}+{tool}{r}"
        ws[f"{total}{r}"] = f"={per_pair}{r}*B{r}"
        ws[f"{price}{r}"] = f"={variable}{quote}"
        ws[f"{price_t}{r}"] = f"={per_pair}{r}{quote}"
        ws[f"{kodi}{r}"] = f"={KODI_PAIRS}*{price}{r}"
        ws[f"{kodi_t}{r}"] = f"={KODI_PAIRS}*{price_t}{r}"
        for letter in (comp, press, fin, lab, mould, tool, per_pair, total, price, price_t, kodi,
                       kodi_t):  # fmt: skip
            ws[f"{letter}{r}"].number_format = RP

    # -- summary ----------------------------------------------------------------------------
    row = summary_row
    mean_variable = (f"(SUMPRODUCT({pairs_range},${comp}${first}:${comp}${last})/{total_pairs}"
                     f"+{refs['press']}+{refs['finish']}+{refs['labour']})")  # fmt: skip
    summary = [
        ("pairs", t("Pairs ordered"), f"=SUM({pairs_range})", "0"),
        ("total", t("Order total (Rp)"), f"=SUM({total}{first}:{total}{last})", RP),
        ("avg", t("Average cost per pair (Rp)"),
         f"=IF({total_pairs}>0,$B${row + 1}/{total_pairs},0)", RP),
        ("ohpp", t("Overhead per pair (Rp)"), f"=$B${row + 2}*{oh}/100", RP),
        ("price", t("Quoted price per pair (Rp)"), f"=$B${row + 2}{quote}", RP),
        ("price_bare", t("Price per pair without tooling (Rp)"),
         f"=IF({total_pairs}>0,{mean_variable}{quote},0)", RP),
        ("kodi", t("Price per kodi with tooling (Rp)"), f"={KODI_PAIRS}*$B${row + 4}", RP),
        ("billed", t("Moulds and tooling, billed once (Rp)"),
         f'=IF({total_pairs}>0,IF({pol}="separate",{moulds_cost}+{refs["tool"]},0),0)', RP),
    ]  # fmt: skip
    for key, label, formula, fmt in summary:
        ws.cell(row, 1, label).font = bold
        sh.cell(row, 2, formula, fmt)
        refs[key] = f"$B${row}"
        row += 1
    if "usd" in refs:
        ws.cell(row, 1, t("Quoted price per pair (USD)")).font = bold
        ws.cell(row, 2, f"={refs['price']}/{refs['usd']}").number_format = '"USD" #,##0.00'

    # -- quote: capacity, lead time, price breaks ---------------------------------------------
    r = capacity_row
    psh = f"(3600/{refs['cycle']}*{refs['per_cycle']})"  # pairs an hour from one station
    day = f"({refs['shifts']}*{refs['hours']})"
    shared = f"{total_pairs}/({psh}*{refs['stations']}*{refs['presses']})"
    each = ",".join(f"IF($F${k}>0,$E${k}/$F${k},0)" for k, _ in set_rows) or "0"
    busiest = f"MAX({each})/{psh}"
    figures = [
        ("per_day", t("Pairs a day"), f"={psh}*{refs['stations']}*{refs['presses']}*{day}",
         "#,##0"),
        ("hours_shared", t("Hours on all stations"), f"={shared}", "0.0"),
        ("hours_mould", t("Hours on the busiest mould"), f"={busiest}", "0.0"),
        ("days", t("Working days to press the order"), f"=MAX($B${r + 1},$B${r + 2})/{day}",
         "0.00"),
        ("whole_days", t("Working days, whole"), f"=ROUNDUP($B${r + 3},0)", "0"),
        ("lead_weeks", t("Lead time: weeks for the moulds"), f"={refs['lead']}", "0.0"),
    ]  # fmt: skip
    ws.cell(r - 1, 1, t("Capacity and lead time")).font = bold
    for key, label, formula, fmt in figures:
        as_text(ws.cell(r, 1, label)).font = bold
        sh.cell(r, 2, formula, fmt)
        refs[key] = f"$B${r}"
        r += 1
    r = breaks_row
    ws.cell(r, 1, t("Price breaks (this order's size mix)")).font = bold
    r += 1
    for i, head in enumerate([t("Pairs"), t("Cost per pair (Rp)"), t("Price per pair (Rp)"),
                              t("Per kodi (Rp)"), t("Order total (Rp)"),
                              t("Moulds and tooling (Rp)")], start=1):  # fmt: skip
        cell = ws.cell(r, i, head)
        cell.font, cell.alignment = bold, wrap
    n_run = len(c.sizes)
    mean_all = (f"(SUM(${comp}${first}:${comp}${last})/{n_run}+{refs['press']}+{refs['finish']}"
                f"+{refs['labour']})")  # fmt: skip
    for pairs in terms.breaks:
        r += 1
        big_n = f"$A${r}"
        sh.cell(r, 1, pairs, "#,##0", "breaks")
        counts = []
        for k, m in set_rows:
            share = (
                f"IF({total_pairs}>0,$E${k}*{big_n}/{total_pairs},{big_n}*{len(m.sizes)}/{n_run})"
            )
            counts.append(f"$C${k}*IF({share}=0,0,IF($D${k}=0,1,MAX(1,ROUNDUP({share}/$D${k},0))))")
        sh.cell(r, 6, "=" + "+".join([*counts, refs["tool"]]), RP)
        base = f"IF({total_pairs}>0,{mean_variable},{mean_all})"
        spread = f'IF({pol}="order",$F${r}/{big_n},IF({pol}="lifetime",$F${r}/{life},0))'
        sh.cell(r, 2, f"={base}+{spread}", RP)
        sh.cell(r, 3, f"=B{r}{quote}", RP)
        sh.cell(r, 4, f"={KODI_PAIRS}*C{r}", RP)
        sh.cell(r, 5, f"=C{r}*{big_n}", RP)

    row = bottom + 2
    ws.cell(row, 1, t("Compound to buy")).font = bold
    for k, bm in enumerate(mats):
        row += 1
        name = t.text("{name}, body {b} (kg)", name=t(bm.material.name), b=bm.body + 1)
        as_text(ws.cell(row, 1, name))
        ws.cell(
            row,
            2,
            f"=SUMPRODUCT({pairs_range},{net_col[k]}{first}:{net_col[k]}{last})*2"
            f"*(1+$I${mat_row[bm.body]}/100)/1000",
        ).number_format = "0.00"
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 18
    for k in range(3, 3 + 2 * n + 12):
        ws.column_dimensions[col(k)].width = 15
    ws.freeze_panes = ws.cell(head_row + 1, 2)  # the header row (and the size column) alone
    print_setup(ws, f"A1:{kodi_t}{ws.max_row}", head_row)
    title = ws.title.replace("'", "''")
    for plan in spec.moulds:
        mould_sheet(wb, spec, plan, t, f"'{title}'!$F${mat_row[plan.body]}")
    wb.properties.title = t.text("Costing: {design}", design=spec.design_name)
    wb.properties.creator = "Outsole Studio"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_xlsx(spec: SpecSheet, path: Path, t: Translator) -> None:
    """Write :func:`costing_workbook` atomically."""
    atomic_write_bytes(path, costing_workbook(spec, t))
