"""The machine-readable files of a spec sheet: JSON and DXF outlines (the workbook is
:mod:`outsole_studio.render.workbook`).

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


# -- DXF --------------------------------------------------------------------------------------

#: Layers of a size's DXF besides the two outlines (OUTLINE-RIGHT and OUTLINE-LEFT, or
#: OUTLINE-MODEL and OUTLINE-MIRROR when the foot is not known): (name, ACI colour).
LAYERS = (("CUT-LINES", 1), ("DIMENSIONS", 5), ("SECTIONS", 4), ("LABELS", 3))
#: Gap between the drawings on one sheet, mm.
_GAP_MM = 40.0


def _new_doc() -> Any:
    import ezdxf
    from ezdxf.filemanagement import new as new_drawing

    doc = new_drawing("R2010", setup=True)  # setup: the EZDXF dimension style and its fonts
    doc.units = ezdxf.units.MM
    doc.header["$INSUNITS"] = 4
    doc.header["$MEASUREMENT"] = 1
    return doc


def _bytes(doc: Any) -> bytes:
    buf = io.StringIO()
    doc.write(buf)
    return buf.getvalue().encode("utf-8")


def _from_below(points: np.ndarray, fx: float, fy: float, mirror: bool) -> np.ndarray:
    """Canonical (x, y) scaled to a size, seen from below (y reversed); ``mirror``: the other
    foot (a mirror image, which seen from below is the canonical y again)."""
    return np.asarray(points[:, :2] * np.array([fx, fy if mirror else -fy]), dtype=np.float64)


def _feet(spec: SpecSheet, t: Translator) -> tuple[tuple[str, bool, str], ...]:
    """(label, mirrored, layer) of the design's foot and of the other one."""
    foot = spec.sizing.foot
    if foot is None:
        return ((t("as modelled"), False, "OUTLINE-MODEL"),
                (t("mirror image"), True, "OUTLINE-MIRROR"))  # fmt: skip
    other = "left" if foot == "right" else "right"
    return ((t(foot), False, f"OUTLINE-{foot.upper()}"),
            (t(other), True, f"OUTLINE-{other.upper()}"))  # fmt: skip


def _dim(msp: Any, p1: tuple[float, float], p2: tuple[float, float], base: tuple[float, float],
         angle: float, text: str) -> None:  # fmt: skip
    """A linear dimension (a real DIMENSION entity a CAD program measures again)."""
    dim = msp.add_linear_dim(base=base, p1=p1, p2=p2, angle=angle, text=text, dimstyle="EZDXF",
                             override={"dimtxt": 2.5, "dimasz": 2.0, "dimdec": 1},
                             dxfattribs={"layer": "DIMENSIONS"})  # fmt: skip
    dim.render()


def outline_dxf(spec: SpecSheet, g: GradedSize, t: Translator) -> bytes:
    """One size: both feet seen from below (layers OUTLINE-RIGHT / OUTLINE-LEFT), the design's
    foot dimensioned with its cut lines, and the sections laid out below, millimetres.

    The outline is the exact silhouette (:attr:`Analysis.silhouette_mm`) graded to the size:
    length scaled by the size's length factor, width by its width factor.
    """
    doc = _new_doc()
    for name, colour in LAYERS:
        doc.layers.add(name, color=colour)
    msp = doc.modelspace()
    d = spec.drawing
    fx, fy = g.length_factor, g.width_factor
    width = g.width_mm
    feet = _feet(spec, t)
    offsets = (0.0, -(width + _GAP_MM + 30.0))
    for (label, mirror, layer), dy in zip(feet, offsets, strict=True):
        doc.layers.add(layer, color=7)
        for ring in d.outline_mm:
            pts = _from_below(ring[:-1], fx, fy, mirror) + np.array([0.0, dy])
            msp.add_lwpolyline([tuple(p) for p in pts], close=True, dxfattribs={"layer": layer})
        text = t.text("{design} {size}, {foot}, seen from below", design=spec.design_name,
                      size=g.size.label, foot=label)  # fmt: skip
        msp.add_text(text, height=4, dxfattribs={"layer": "LABELS"}).set_placement(
            (0.0, dy + width / 2 + 8)
        )
    # Dimensions and cut lines on the design's foot.
    plan = {p.kind: p for p in d.plan}
    x_len = plan["length"]
    _dim(msp, (x_len.lo_mm * fx, 0.0), (x_len.hi_mm * fx, 0.0), (0.0, -width / 2 - 12), 0.0,
         t.number(g.length_mm, 1))  # fmt: skip
    for kind in ("heel", "waist", "ball"):
        p = plan[kind]
        x = p.x_mm * fx
        _dim(msp, (x, -p.hi_mm * fy), (x, -p.lo_mm * fy), (x, 0.0), 90.0,
             f"{t(kind)} {t.number(p.value_mm * fy, 1)}")  # fmt: skip
    for s in d.sections:
        lo, hi = s.y_range_mm
        x = s.x_mm * fx
        a, b = -hi * fy - 6, -lo * fy + 6
        msp.add_line((x, a), (x, b), dxfattribs={"layer": "CUT-LINES"})
        for y in (a - 4, b + 1):
            msp.add_text(s.letter, height=3, dxfattribs={"layer": "CUT-LINES"}).set_placement(
                (x - 1, y)
            )
        across = t.number(s.width_mm * fy, 1)  # the station's width, under its letter
        msp.add_text(across, height=2, dxfattribs={"layer": "CUT-LINES"}).set_placement(
            (x - 3, a - 7)
        )
    # Sections below both feet, the design's at the size's width.
    y = offsets[1] - width / 2 - _GAP_MM
    x = 0.0
    for s in d.sections:
        rings = [_section_ring(r, fy) for r in s.section.polygons]
        holes = [_section_ring(r, fy) for r in s.section.holes]
        if not rings:
            continue
        lo = min(float(r[:, 0].min()) for r in rings)
        hi = max(float(r[:, 0].max()) for r in rings)
        for r in rings + holes:
            msp.add_lwpolyline([(x + px - lo, y + pz) for px, pz in r], close=True,
                               dxfattribs={"layer": "SECTIONS"})  # fmt: skip
        m = s.measures
        label = t.text("{letter}-{letter}: floor {floor}, tread {tread}, total {total}",
                       letter=s.letter, floor=t.number(m.floor_mm, 1),
                       tread=t.number(m.tread_mm, 1), total=t.number(m.total_mm, 1))  # fmt: skip
        msp.add_text(label, height=2.5, dxfattribs={"layer": "LABELS"}).set_placement((x, y - 6))
        x += hi - lo + 20.0
    msp.add_text(t.text("{design} {size}: millimetres; seen from below", design=spec.design_name,
                        size=g.size.label), height=4,
                 dxfattribs={"layer": "LABELS"}).set_placement((0.0, y - 20))  # fmt: skip
    return _bytes(doc)


def _section_ring(ring: np.ndarray, fy: float) -> np.ndarray:
    """A section's ring graded across (the height is not graded), simplified, open."""
    import shapely

    line = shapely.simplify(shapely.LinearRing(ring * np.array([fy, 1.0])), DXF_TOLERANCE_MM)
    return np.asarray(line.coords)[:-1]


#: Largest distance a section's vertex may be dropped from the cut, mm.
DXF_TOLERANCE_MM = 0.01


def nested_dxf(spec: SpecSheet, t: Translator) -> bytes:
    """Every size's outline of the design's foot, seen from below, nested on one sheet as a
    pattern maker grades: aligned at the heel point and the centre line, one layer per size."""
    doc = _new_doc()
    msp = doc.modelspace()
    d = spec.drawing
    doc.layers.add("LABELS", color=3)
    for i, g in enumerate(spec.sizing.graded):
        name = "SIZE-" + g.size.label.replace(" ", "")
        doc.layers.add(name, color=1 + i % 6)
        for ring in d.outline_mm:
            pts = _from_below(ring[:-1], g.length_factor, g.width_factor, False)
            msp.add_lwpolyline([tuple(p) for p in pts], close=True, dxfattribs={"layer": name})
        msp.add_text(g.size.label, height=2.5, dxfattribs={"layer": name}).set_placement(
            (g.length_mm + 2, -3.0 * i)
        )
    foot = _feet(spec, t)[0][0]
    msp.add_text(t.text("{design}: sizes {run} nested, {foot}, seen from below; millimetres",
                        design=spec.design_name, run=spec.sizing.run.text, foot=foot),
                 height=4, dxfattribs={"layer": "LABELS"}).set_placement(
        (0.0, -spec.analysis.dimensions.width_mm))  # fmt: skip
    return _bytes(doc)


def write_dxf(spec: SpecSheet, g: GradedSize, path: Path, t: Translator) -> None:
    """Write one size's :func:`outline_dxf` atomically."""
    atomic_write_bytes(path, outline_dxf(spec, g, t))


def write_nested_dxf(spec: SpecSheet, path: Path, t: Translator) -> None:
    """Write :func:`nested_dxf` atomically."""
    atomic_write_bytes(path, nested_dxf(spec, t))
