"""The costing workbook (XLSX): totals as formulas over the inputs, and the mould plan's sheet
with every cavity and blank as a formula over the shrinkage and the flash."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ..core.i18n import Translator
from ..core.production.graded import GradedSize
from ..core.production.mould import MouldPlan
from ..core.production.spec import SpecSheet
from ..io.atomic import atomic_write_bytes
from .rows import CAVITY_COLUMNS, PROCESS_NAMES, material_spec_rows, tolerance_rows


def _as_text(cell: Any) -> Any:
    """Keep a cell's text as text: a user's name such as ``=5+5`` must never become a formula."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


RP = '"Rp" #,##0'
"""Rupiah, whole: the format of every money cell."""


def costing_workbook(spec: SpecSheet, t: Translator) -> bytes:
    """The cost sheet as an XLSX workbook whose totals are formulas over its inputs.

    A workshop can change a price, a waste allowance or a quantity and the totals follow.
    Masses are ``ROUND(volume x density, 2)``, as the cost model fixes them to 0.01 g. The size
    table comes first, under a header frozen on its own; the summary, the compound to buy and
    the inputs (yellow, validated: no negative price, whole pairs) follow. Printed landscape,
    fitted to the page width, the size table kept on one page.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter as col
    from openpyxl.worksheet.datavalidation import DataValidation

    c = spec.cost
    inputs = c.inputs
    mats = list(inputs.materials)
    n = len(mats)
    wb = Workbook()
    ws = wb.active
    ws.title = t("Costing")[:31]
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF4CC")  # input cells
    money_ok = DataValidation(type="decimal", operator="between", formula1="0",
                              formula2="1000000000000", allow_blank=False)  # fmt: skip
    money_ok.error = t("a price or a cost is zero or more Rupiah")
    pct_ok = DataValidation(type="decimal", operator="between", formula1="0", formula2="99.99")
    pct_ok.error = t("a percentage from 0 to under 100")
    pairs_ok = DataValidation(type="whole", operator="between", formula1="0", formula2="10000000")
    pairs_ok.error = t("whole pairs, 0 or more")
    policy_ok = DataValidation(type="list", formula1='"separate,lifetime,order"')
    policy_ok.error = t("separate (billed once), lifetime (over the moulds' life) or order")
    for dv in (money_ok, pct_ok, pairs_ok, policy_ok):
        dv.showErrorMessage = True
        ws.add_data_validation(dv)
    ws["A1"] = t.text("Costing: {design}", design=spec.design_name)
    _as_text(ws["A1"]).font = Font(bold=True, size=13)
    ws["A2"] = t("Yellow cells are inputs; everything else is calculated.")

    # Where each block goes: the size table first, then the summary, the compound to buy, the
    # materials and the process (rows are known before anything is written).
    head_row, first = 3, 4
    last = first + len(c.sizes) - 1
    summary_row = last + 2
    n_summary = 6 + (inputs.pricing.idr_per_usd is not None)
    buy_row = summary_row + n_summary + 1
    mat_head = buy_row + n + 2
    row = mat_head + n + 2  # the process block, written by put()

    ws.cell(mat_head - 1, 1, t("Materials")).font = bold
    for i, head in enumerate(
        [t("Body"), t("Compound"), t("Density (g/cm³)"), t("Price (Rp/kg)"), t("Waste (%)")],
        start=1,
    ):
        ws.cell(mat_head, i, head).font = bold
    mat_rows = {}
    for k, bm in enumerate(mats):
        r = mat_head + 1 + k
        mat_rows[bm.body] = r
        ws.cell(r, 1, bm.body + 1)
        _as_text(ws.cell(r, 2, t(bm.material.name)))
        ws.cell(r, 3, bm.material.density_g_cm3).number_format = "0.000"
        ws.cell(r, 4, float(bm.material.price_idr_per_kg)).number_format = RP
        ws.cell(r, 5, float(bm.waste_pct)).number_format = "0.0"
        for column in (3, 4, 5):
            ws.cell(r, column).fill = fill
        money_ok.add(ws.cell(r, 4))
        pct_ok.add(ws.cell(r, 5))

    ws.cell(row, 1, t("Process, tooling and pricing")).font = bold
    p = inputs.process
    refs: dict[str, str] = {}

    def put(key: str, label: str, value: Any, fmt: str = RP, is_input: bool = True) -> None:
        nonlocal row
        row += 1
        _as_text(ws.cell(row, 1, label))
        cell = ws.cell(row, 2, value)
        cell.number_format = fmt
        if is_input:
            cell.fill = fill
            (pct_ok if fmt == "0.0" else money_ok).add(cell)
        refs[key] = f"$B${row}"

    if p.kind == "machine":
        put("cycle", t("Cycle time (s)"), float(p.cycle_time_s), "0")
        put("rate", t("Machine rate (Rp/h)"), float(p.machine_rate_idr_per_hour))
        put("per_cycle", t("Pairs per cycle"), p.pairs_per_cycle, "0")
        pressing = f"={refs['cycle']}*{refs['rate']}/3600/{refs['per_cycle']}"
        put("press", t("Pressing per pair (Rp)"), pressing, is_input=False)
    else:
        put("press", t("Pressing per pair (Rp)"), float(p.subcontract_idr_per_pair))
    put("finish", t("Finishing per pair (Rp)"), float(p.finishing_idr_per_pair))
    put("mould", t("Mould per size ordered (Rp)"), float(inputs.tooling.mould_idr_per_size))
    tool_rows: list[str] = []
    for line in inputs.tooling.extras:
        put(f"tool-{len(tool_rows)}", line.name, float(line.cost_idr))
        tool_rows.append(refs[f"tool-{len(tool_rows)}"])
    put("tool", t("One-off tooling, total (Rp)"),
        "=" + "+".join(tool_rows) if tool_rows else 0, is_input=False)  # fmt: skip
    put("policy", t("Tooling policy (separate, lifetime, order)"), inputs.tooling.policy, "@",
        is_input=False)  # fmt: skip
    ws[refs["policy"].replace("$", "")].fill = fill
    policy_ok.add(ws[refs["policy"].replace("$", "")])
    put("life", t("Pairs planned over the moulds' life"), inputs.tooling.lifetime_pairs, "0",
        is_input=False)  # fmt: skip
    ws[refs["life"].replace("$", "")].fill = fill
    pairs_ok.add(ws[refs["life"].replace("$", "")])
    put("oh", t("Overhead (%)"), float(inputs.pricing.overhead_pct), "0.0")
    put("mg", t("Margin (% of price)"), float(inputs.pricing.margin_pct), "0.0")
    if inputs.pricing.idr_per_usd is not None:
        put("usd", t("Rupiah per USD"), float(inputs.pricing.idr_per_usd))

    heads = [t("Size"), t("Pairs")]
    heads += [t.text("Volume body {b} (cm³)", b=bm.body + 1) for bm in mats]
    heads += [t.text("Net mass body {b} (g)", b=bm.body + 1) for bm in mats]
    heads += [
        t("Compound per pair (Rp)"),
        t("Pressing (Rp)"),
        t("Finishing (Rp)"),
        t("Mould per pair (Rp)"),
        t("Tooling per pair (Rp)"),
        t("Cost per pair (Rp)"),
        t("Size total (Rp)"),
    ]
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, head in enumerate(heads, start=1):
        cell = ws.cell(head_row, i, head)
        cell.font, cell.alignment = bold, wrap
    ws.row_dimensions[head_row].height = 30
    total_pairs_ref = f"$B${summary_row}"
    vol_col = [col(3 + k) for k in range(n)]
    net_col = [col(3 + n + k) for k in range(n)]
    comp, press, fin, mould, tool, per_pair, total = (col(3 + 2 * n + k) for k in range(7))
    graded = {g.size: g for g in spec.sizing.graded}
    for k, sc in enumerate(c.sizes):
        row = first + k
        g: GradedSize = graded[sc.size]
        ws.cell(row, 1, sc.size.label)
        pairs = ws.cell(row, 2, sc.pairs)
        pairs.fill = fill
        pairs_ok.add(pairs)
        for j, bm in enumerate(mats):
            ws[f"{vol_col[j]}{row}"] = g.body_volumes_cm3[bm.body]
            ws[f"{vol_col[j]}{row}"].number_format = "0.00"
            ws[f"{net_col[j]}{row}"] = f"=ROUND({vol_col[j]}{row}*$C${mat_rows[bm.body]},2)"
            ws[f"{net_col[j]}{row}"].number_format = "0.00"
        ws[f"{comp}{row}"] = "=" + "+".join(
            f"2*{net_col[j]}{row}*(1+$E${mat_rows[bm.body]}/100)/1000*$D${mat_rows[bm.body]}"
            for j, bm in enumerate(mats)
        )
        ws[f"{press}{row}"] = f"={refs['press']}"
        ws[f"{fin}{row}"] = f"={refs['finish']}"
        pol, life = refs["policy"], refs["life"]
        ordered = f'COUNTIF($B${first}:$B${last},">0")'  # a mould per size ordered
        ws[f"{mould}{row}"] = (
            f'=IF({pol}="separate",0,IF({pol}="lifetime",{refs["mould"]}*{ordered}/{life},'
            f"IF(B{row}>0,{refs['mould']}/B{row},0)))"
        )
        ws[f"{tool}{row}"] = (
            f'=IF({pol}="separate",0,IF({pol}="lifetime",{refs["tool"]}/{life},'
            f"IF(B{row}>0,{refs['tool']}/{total_pairs_ref},0)))"
        )
        ws[f"{per_pair}{row}"] = f"={comp}{row}+{press}{row}+{fin}{row}+{mould}{row}+{tool}{row}"
        ws[f"{total}{row}"] = (
            f'=IF({pol}="order",IF(B{row}>0,({comp}{row}+{press}{row}+{fin}{row})*B{row}'
            f"+{refs['mould']}+{refs['tool']}*B{row}/{total_pairs_ref},0),{per_pair}{row}*B{row})"
        )
        for letter in (comp, press, fin, mould, tool, per_pair, total):
            ws[f"{letter}{row}"].number_format = RP

    summary = [
        ("pairs", t("Pairs ordered"), f"=SUM(B{first}:B{last})", "0"),
        ("total", t("Order total (Rp)"), f"=SUM({total}{first}:{total}{last})", RP),
        ("avg", t("Average cost per pair (Rp)"), None, RP),
        ("ohpp", t("Overhead per pair (Rp)"), None, RP),
        ("price", t("Quoted price per pair (Rp)"), None, RP),
        ("billed", t("Moulds and tooling, billed once (Rp)"), None, RP),
    ]
    row = summary_row
    for key, label, formula, fmt in summary:
        ws.cell(row, 1, label).font = bold
        refs[key] = f"$B${row}"
        if key == "avg":
            formula = f"=IF({refs['pairs']}>0,{refs['total']}/{refs['pairs']},0)"
        elif key == "ohpp":
            formula = f"={refs['avg']}*{refs['oh']}/100"
        elif key == "price":
            formula = f"={refs['avg']}*(1+{refs['oh']}/100)/(1-{refs['mg']}/100)"
        elif key == "billed":
            formula = (
                f'=IF({refs["pairs"]}>0,IF({refs["policy"]}="separate",{refs["mould"]}'
                f'*COUNTIF($B${first}:$B${last},">0")+{refs["tool"]},0),0)'
            )
        ws.cell(row, 2, formula).number_format = fmt
        row += 1
    if "usd" in refs:
        ws.cell(row, 1, t("Quoted price per pair (USD)")).font = bold
        ws.cell(row, 2, f"={refs['price']}/{refs['usd']}").number_format = '"USD" #,##0.00'
        refs["price_usd"] = f"$B${row}"
    ws.cell(buy_row, 1, t("Compound to buy")).font = bold
    for k, bm in enumerate(mats):
        r = buy_row + 1 + k
        name = t.text("{name}, body {b} (kg)", name=t(bm.material.name), b=bm.body + 1)
        _as_text(ws.cell(r, 1, name))
        ws.cell(
            r,
            2,
            f"=SUMPRODUCT(B{first}:B{last},{net_col[k]}{first}:{net_col[k]}{last})*2"
            f"*(1+$E${mat_rows[bm.body]}/100)/1000",
        ).number_format = "0.00"
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 18
    for k in range(3, 3 + 2 * n + 7):
        ws.column_dimensions[col(k)].width = 14
    ws.freeze_panes = ws.cell(head_row + 1, 2)  # the header row (and the size column) alone
    _print_setup(ws, f"A1:{total}{ws.max_row}", head_row)
    for plan in spec.moulds:
        _mould_sheet(wb, spec, plan, t)
    wb.properties.title = t.text("Costing: {design}", design=spec.design_name)
    wb.properties.creator = "Outsole Studio"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _print_setup(ws: Any, area: str, head_row: int) -> None:
    """Landscape A4, fitted to the page width, the header row repeated on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_area = area
    ws.print_title_rows = f"{head_row}:{head_row}"


def _mould_sheet(wb: Any, spec: SpecSheet, m: MouldPlan, t: Translator) -> None:
    """A body's mould sheet: shrinkage (or EVA expansion) and flash as inputs, the cavity of
    every size and its blank as formulas over them, beside the specification and tolerances."""
    from openpyxl.styles import Font, PatternFill

    bold, fill = Font(bold=True), PatternFill("solid", fgColor="FFF4CC")
    title = t("Mould plan")
    if len(spec.moulds) > 1:
        title = t.text("Mould plan, body {n}", n=m.body + 1)
    ws = wb.create_sheet(title[:31])
    eva = m.process == "eva-injection"
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = t(PROCESS_NAMES[m.process])
    if eva:
        assert m.expansion_ratio is not None
        ws["A3"], ws["B3"] = t("Expansion ratio (cavity = part / ratio)"), m.expansion_ratio
    else:
        ws["A3"], ws["B3"] = t("Shrinkage (cavity = part x (1 + shrinkage))"), m.shrinkage_pct
    ws["A4"], ws["B4"] = t("Flash (blank = net x (1 + flash))"), m.flash_pct
    ws["B3"].fill = ws["B4"].fill = fill
    head_row = 6
    for i, head in enumerate(CAVITY_COLUMNS, start=1):
        ws.cell(head_row, i, t(head)).font = bold
    factor = "/$B$3" if eva else "*(1+$B$3/100)"
    for k, r in enumerate(spec.cavities[m.body]):
        row = head_row + 1 + k
        net = spec.body_net_g[m.body].get(r.size)
        ws.cell(row, 1, r.size.label)
        ws.cell(row, 2, r.mould)
        ws.cell(row, 3, r.part_length_mm).number_format = "0.0"
        ws.cell(row, 4, r.part_width_mm).number_format = "0.0"
        ws.cell(row, 5, f"=ROUND(C{row}{factor},2)").number_format = "0.00"
        ws.cell(row, 6, f"=ROUND(D{row}{factor},2)").number_format = "0.00"
        ws.cell(row, 7, None if net is None else float(net)).number_format = "0.00"
        blank = None if net is None else f"=ROUND(G{row}*(1+$B$4/100),1)"
        ws.cell(row, 8, blank).number_format = "0.0"
    row = head_row + len(spec.cavities[m.body]) + 2
    ws.cell(row, 1, t("Tolerances")).font = bold
    for label, value in tolerance_rows(spec.project.techpack.effective_tolerances, t):
        row += 1
        ws.cell(row, 1, label)
        ws.cell(row, 2, value)
    row += 2
    ws.cell(row, 1, t("Material specification")).font = bold
    for specified in material_spec_rows(spec, t):
        row += 1
        for i, value in enumerate(specified, start=1):
            _as_text(ws.cell(row, i, value))
    ws.column_dimensions["A"].width = 44
    for letter in "BCDEFGH":
        ws.column_dimensions[letter].width = 15
    ws.freeze_panes = ws.cell(head_row + 1, 1)
    _print_setup(ws, f"A1:H{ws.max_row}", head_row)


def write_xlsx(spec: SpecSheet, path: Path, t: Translator) -> None:
    """Write :func:`costing_workbook` atomically."""
    atomic_write_bytes(path, costing_workbook(spec, t))
