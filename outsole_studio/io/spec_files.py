"""The machine-readable files of a spec sheet: XLSX costing with live formulas, JSON, DXF outlines.

Each is written to a temporary name in the target folder and renamed into place, so a partner
never opens half a file.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np

from ..core.i18n import Translator
from ..core.production.graded import GradedSize
from ..core.production.spec import SpecSheet
from . import jsonout
from .atomic import atomic_write_bytes, atomic_write_text


def write_json(spec: SpecSheet, path: Path) -> None:
    """Everything on the sheet as JSON (schema ``outsole-studio.spec/2``)."""
    atomic_write_text(path, jsonout.dumps(spec.to_dict(), indent=2, ensure_ascii=False) + "\n")


# -- XLSX -------------------------------------------------------------------------------------


def _as_text(cell: Any) -> Any:
    """Keep a cell's text as text: a user's name such as ``=5+5`` must never become a formula."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def costing_workbook(spec: SpecSheet, t: Translator) -> bytes:
    """The cost sheet as an XLSX workbook whose totals are formulas over its inputs.

    A workshop can change a price, a waste allowance or a quantity and the totals follow.
    Masses are ``ROUND(volume x density, 2)``, as the cost model fixes them to 0.01 g.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter as col

    c = spec.cost
    inputs = c.inputs
    mats = list(inputs.materials)
    wb = Workbook()
    ws = wb.active
    ws.title = t("Costing")[:31]
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF4CC")  # input cells
    ws["A1"] = t.text("Costing: {design}", design=spec.design_name)
    _as_text(ws["A1"]).font = Font(bold=True, size=13)
    ws["A2"] = t("Yellow cells are inputs; everything else is calculated.")

    row = 4
    ws.cell(row, 1, t("Materials")).font = bold
    row += 1
    for i, head in enumerate(
        [t("Body"), t("Compound"), t("Density (g/cm³)"), t("Price (Rp/kg)"), t("Waste (%)")],
        start=1,
    ):
        ws.cell(row, i, head).font = bold
    mat_rows = {}
    for bm in mats:
        row += 1
        mat_rows[bm.body] = row
        ws.cell(row, 1, bm.body + 1)
        _as_text(ws.cell(row, 2, t(bm.material.name)))
        for column, value in (
            (3, bm.material.density_g_cm3),
            (4, float(bm.material.price_idr_per_kg)),
            (5, float(bm.waste_pct)),
        ):
            cell = ws.cell(row, column, value)
            cell.fill = fill

    row += 2
    ws.cell(row, 1, t("Process, tooling and pricing")).font = bold
    p = inputs.process
    refs: dict[str, str] = {}

    def put(key: str, label: str, value: Any, is_input: bool = True) -> None:
        nonlocal row
        row += 1
        _as_text(ws.cell(row, 1, label))
        cell = ws.cell(row, 2, value)
        if is_input:
            cell.fill = fill
        refs[key] = f"$B${row}"

    if p.kind == "machine":
        put("cycle", t("Cycle time (s)"), float(p.cycle_time_s))
        put("rate", t("Machine rate (Rp/h)"), float(p.machine_rate_idr_per_hour))
        put("per_cycle", t("Pairs per cycle"), p.pairs_per_cycle)
        put(
            "press",
            t("Pressing per pair (Rp)"),
            f"={refs['cycle']}*{refs['rate']}/3600/{refs['per_cycle']}",
            is_input=False,
        )
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
    put("oh", t("Overhead (%)"), float(inputs.pricing.overhead_pct))
    put("mg", t("Margin (% of price)"), float(inputs.pricing.margin_pct))
    if inputs.pricing.idr_per_usd is not None:
        put("usd", t("Rupiah per USD"), float(inputs.pricing.idr_per_usd))

    row += 2
    ws.cell(row, 1, t("Sizes")).font = bold
    row += 1
    head_row = row
    n = len(mats)
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
    for i, head in enumerate(heads, start=1):
        ws.cell(row, i, head).font = bold
    first = row + 1
    last = row + len(c.sizes)
    total_pairs_ref = f"$B${last + 2}"
    vol_col = [col(3 + k) for k in range(n)]
    net_col = [col(3 + n + k) for k in range(n)]
    comp, press, fin, mould, tool, per_pair, total = (col(3 + 2 * n + k) for k in range(7))
    graded = {g.size: g for g in spec.sizing.graded}
    for sc in c.sizes:
        row += 1
        g: GradedSize = graded[sc.size]
        ws.cell(row, 1, sc.size.label)
        ws.cell(row, 2, sc.pairs).fill = fill
        for k, bm in enumerate(mats):
            ws[f"{vol_col[k]}{row}"] = g.body_volumes_cm3[bm.body]
            ws[f"{net_col[k]}{row}"] = f"=ROUND({vol_col[k]}{row}*$C${mat_rows[bm.body]},2)"
        ws[f"{comp}{row}"] = "=" + "+".join(
            f"2*{net_col[k]}{row}*(1+$E${mat_rows[bm.body]}/100)/1000*$D${mat_rows[bm.body]}"
            for k, bm in enumerate(mats)
        )
        ws[f"{press}{row}"] = f"={refs['press']}"
        ws[f"{fin}{row}"] = f"={refs['finish']}"
        ws[f"{mould}{row}"] = f"=IF(B{row}>0,{refs['mould']}/B{row},0)"
        ws[f"{tool}{row}"] = f"=IF(B{row}>0,{refs['tool']}/{total_pairs_ref},0)"
        ws[f"{per_pair}{row}"] = f"={comp}{row}+{press}{row}+{fin}{row}+{mould}{row}+{tool}{row}"
        ws[f"{total}{row}"] = (
            f"=IF(B{row}>0,({comp}{row}+{press}{row}+{fin}{row})*B{row}+{refs['mould']}"
            f"+{refs['tool']}*B{row}/{total_pairs_ref},0)"
        )
    row += 2
    summary = [
        ("pairs", t("Pairs ordered"), f"=SUM(B{first}:B{last})"),
        ("total", t("Order total (Rp)"), f"=SUM({total}{first}:{total}{last})"),
        ("avg", t("Average cost per pair (Rp)"), None),
        ("ohpp", t("Overhead per pair (Rp)"), None),
        ("price", t("Quoted price per pair (Rp)"), None),
    ]
    for key, label, formula in summary:
        ws.cell(row, 1, label).font = bold
        refs[key] = f"$B${row}"
        if key == "avg":
            formula = f"=IF({refs['pairs']}>0,{refs['total']}/{refs['pairs']},0)"
        elif key == "ohpp":
            formula = f"={refs['avg']}*{refs['oh']}/100"
        elif key == "price":
            formula = f"={refs['avg']}*(1+{refs['oh']}/100)/(1-{refs['mg']}/100)"
        ws.cell(row, 2, formula)
        row += 1
    if "usd" in refs:
        ws.cell(row, 1, t("Quoted price per pair (USD)")).font = bold
        ws.cell(row, 2, f"={refs['price']}/{refs['usd']}")
        refs["price_usd"] = f"$B${row}"
        row += 1
    row += 1
    ws.cell(row, 1, t("Compound to buy")).font = bold
    for k, bm in enumerate(mats):
        row += 1
        name = t.text("{name}, body {b} (kg)", name=t(bm.material.name), b=bm.body + 1)
        _as_text(ws.cell(row, 1, name))
        ws.cell(
            row,
            2,
            f"=SUMPRODUCT(B{first}:B{last},{net_col[k]}{first}:{net_col[k]}{last})*2"
            f"*(1+$E${mat_rows[bm.body]}/100)/1000",
        )
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 30
    for k in range(3, 3 + 2 * n + 7):
        ws.column_dimensions[col(k)].width = 16
    ws.freeze_panes = ws.cell(head_row + 1, 2)
    wb.properties.title = t.text("Costing: {design}", design=spec.design_name)
    wb.properties.creator = "Outsole Studio"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_xlsx(spec: SpecSheet, path: Path, t: Translator) -> None:
    """Write :func:`costing_workbook` atomically."""
    atomic_write_bytes(path, costing_workbook(spec, t))


# -- DXF --------------------------------------------------------------------------------------


#: Largest distance a DXF vertex may be dropped from the measured outline or section, mm.
#: The outline is traced on 0.25 mm columns; runs of collinear points carry nothing a mould
#: maker can cut, and thousands of them slow every CAD program down.
DXF_TOLERANCE_MM = 0.01


def _simplified(ring: np.ndarray) -> np.ndarray:
    """A closed ring without the points that lie within the tolerance of their neighbours."""
    import shapely

    line = shapely.simplify(shapely.LinearRing(ring), DXF_TOLERANCE_MM, preserve_topology=True)
    return np.asarray(line.coords)[:-1]


def outline_dxf(spec: SpecSheet, g: GradedSize, t: Translator) -> bytes:
    """One size's outline (layer OUTLINE) and sections (layer SECTIONS), millimetres.

    The outline is the sole seen from above in the canonical frame (X heel to toe); the
    transverse sections are laid out below it, the centre line below them, each labelled.
    """
    import ezdxf
    from ezdxf.filemanagement import new as new_drawing

    a = spec.analysis
    fx, fy = g.length_factor, g.width_factor
    doc = new_drawing("R2010")
    doc.units = ezdxf.units.MM
    doc.header["$INSUNITS"] = 4
    for name, colour in (("OUTLINE", 7), ("SECTIONS", 5), ("TEXT", 3)):
        doc.layers.add(name, color=colour)
    msp = doc.modelspace()
    outline = _simplified(a.footprint.outline_mm[:-1] * np.array([fx, fy]))
    msp.add_lwpolyline([tuple(p) for p in outline], close=True, dxfattribs={"layer": "OUTLINE"})
    y_min = float(outline[:, 1].min())
    label = t.text(
        "{design} {size}: outline and sections, mm", design=spec.design_name, size=g.size.label
    )
    msp.add_text(label, height=4, dxfattribs={"layer": "TEXT"}).set_placement((0, y_min - 12))
    r = a.relief
    if r is not None:
        y = y_min - 40
        x = 0.0
        for s in r.sections:
            if s.name == "longitudinal":
                continue
            width = 0.0
            for ring in s.polygons:
                pts = _simplified(ring * np.array([fy, 1.0]))
                width = max(width, float(np.ptp(pts[:, 0])))
                lo = pts[:, 0].min()
                msp.add_lwpolyline(
                    [(x + px - lo, y + pz) for px, pz in pts],
                    close=True,
                    dxfattribs={"layer": "SECTIONS"},
                )
            msp.add_text(f"{t.number(s.position_pct, 0)} %", height=3,
                         dxfattribs={"layer": "TEXT"}).set_placement((x, y - 6))  # fmt: skip
            x += width + 15
        y -= 40
        for s in r.sections:
            if s.name != "longitudinal":
                continue
            for ring in s.polygons:
                pts = _simplified(ring * np.array([fx, 1.0]))
                msp.add_lwpolyline(
                    [(px, y + pz) for px, pz in pts], close=True, dxfattribs={"layer": "SECTIONS"}
                )
            msp.add_text(t("centre line"), height=3,
                         dxfattribs={"layer": "TEXT"}).set_placement((0, y - 6))  # fmt: skip
    buf = io.StringIO()
    doc.write(buf)
    return buf.getvalue().encode("utf-8")


def write_dxf(spec: SpecSheet, g: GradedSize, path: Path, t: Translator) -> None:
    """Write one size's :func:`outline_dxf` atomically."""
    atomic_write_bytes(path, outline_dxf(spec, g, t))
