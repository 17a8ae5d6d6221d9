"""The workbook's mould-plan sheets (one per moulded body) and the print set-up every sheet
shares: cavities and blanks as formulas over the shrinkage and the flash."""

from __future__ import annotations

from typing import Any

from ..core.i18n import Translator
from ..core.production.mould import MouldPlan
from ..core.production.spec import SpecSheet
from .rows import CAVITY_COLUMNS, PROCESS_NAMES, material_spec_rows, tolerance_rows


def as_text(cell: Any) -> Any:
    """Keep a cell's text as text: a user's name such as ``=5+5`` must never become a formula."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def print_setup(ws: Any, area: str, head_row: int) -> None:
    """Landscape A4, fitted to the page width, the header row repeated on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_area = area
    ws.print_title_rows = f"{head_row}:{head_row}"


def mould_sheet(wb: Any, spec: SpecSheet, m: MouldPlan, t: Translator, flash_ref: str) -> None:
    """A body's mould sheet: shrinkage (or EVA expansion) as an input, the flash read from the
    costing sheet (``flash_ref``: one figure for the blank and the compound bought), the cavity
    of every size and its blank as formulas over them, beside the specification and
    tolerances."""
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
    ws["A4"], ws["B4"] = t("Flash (blank = net x (1 + flash))"), f"={flash_ref}"
    ws["B3"].fill = fill
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
            as_text(ws.cell(row, i, value))
    ws.column_dimensions["A"].width = 44
    for letter in "BCDEFGH":
        ws.column_dimensions[letter].width = 15
    ws.freeze_panes = ws.cell(head_row + 1, 1)
    print_setup(ws, f"A1:H{ws.max_row}", head_row)
