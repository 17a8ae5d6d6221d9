"""The machine-readable files of a spec sheet: JSON and DXF outlines (the workbook is
:mod:`outsole_studio.render.workbook`).

Each is written to a temporary name in the target folder and renamed into place, so a partner
never opens half a file.
"""

from __future__ import annotations

import io
from pathlib import Path

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
