"""Size grading: one outsole made at every size of a run.

The grading rule is a table as commercial sole-grading tools keep it: the length grows by a step
per size (the size system's own step by default: 6.667 mm a Paris point), the width by its own
step per size, or each size has explicit length and width factors from the nominal size.
Thickness, tread depth and heel height do not grade: the mesh is scaled along X (about the heel,
x = 0) and Y only, so volumes and contact areas scale exactly by ``length_factor x width_factor``.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np

from ..errors import OutsoleError
from ..geometry.analysis import Analysis
from ..geometry.chunked import map_chunks
from ..geometry.footprint import Footprint
from ..geometry.mesh import BoolArray, FloatArray, IntArray, face_geometry
from .graded import (
    DEFAULT_GRADING,
    WIDTH_PER_LENGTH,
    Foot,
    FootSide,
    GradedSize,
    GradingRule,
    Sizing,
)
from .sizes import (
    DEFAULT_SIZE_SETTINGS,
    Size,
    SizeRun,
    SizeSettings,
    nominal_size,
)


def size_factors(
    run: SizeRun,
    nominal: Size,
    length_mm: float,
    width_mm: float,
    rule: GradingRule = DEFAULT_GRADING,
    settings: SizeSettings = DEFAULT_SIZE_SETTINGS,
) -> list[tuple[Size, float, float]]:
    """Length and width factors of every size of ``run`` against the nominal size.

    Parameters
    ----------
    length_mm, width_mm : float
        The nominal outsole's length and width.
    """
    if nominal.system != run.system:
        nominal = nominal.to(run.system, settings)
    if rule.factors:
        table = {round(f.size.to(run.system, settings).value, 6): f for f in rule.factors}
        missing = [s.label for s in run.sizes if round(s.value, 6) not in table]
        if missing:
            raise OutsoleError(
                "the grading table has no factors for {sizes}; give every size",
                sizes=", ".join(missing),
            )
        return [
            (s, table[round(s.value, 6)].length_factor, table[round(s.value, 6)].width_factor)
            for s in run.sizes
        ]
    one_up = Size(run.system, nominal.value + 1.0)
    system_step = one_up.last_length_mm(settings) - nominal.last_length_mm(settings)
    length_step = system_step if rule.length_step_mm is None else rule.length_step_mm
    width_step = (
        WIDTH_PER_LENGTH * system_step if rule.width_step_mm is None else rule.width_step_mm
    )
    out = []
    for s in run.sizes:
        steps = s.value - nominal.value
        length = length_mm + steps * length_step
        width = width_mm + steps * width_step
        if length <= 0.2 * length_mm or width <= 0.2 * width_mm:
            raise OutsoleError(
                "{label} is too far from the nominal {label2} to grade this outsole",
                label=s.label,
                label2=nominal.label,
            )
        out.append((s, length / length_mm, width / width_mm))
    return out


def graded_vertices(
    vertices_mm: FloatArray, length_factor: float, width_factor: float
) -> FloatArray:
    """Scale canonical-frame vertices: X about the heel (x = 0), Y about y = 0, Z unchanged.

    Parameters
    ----------
    vertices_mm : (n, 3) float64
    """
    out: FloatArray = vertices_mm * np.array([length_factor, width_factor, 1.0])
    return out


def mirrored(vertices_mm: FloatArray, faces: IntArray) -> tuple[FloatArray, IntArray]:
    """The other foot: Y negated, winding reversed so the surface still faces outwards."""
    return vertices_mm * np.array([1.0, -1.0, 1.0]), faces[:, ::-1].copy()


def _scaled_areas(
    cross: tuple[FloatArray, FloatArray, FloatArray],
    undercut: BoolArray,
    fx: float,
    fy: float,
    threshold_deg: float,
) -> tuple[float, float, float]:
    """Twice the areas of the faces scaled by ``(fx, fy, 1)``: all, those drafted under
    ``threshold_deg``, those in ``undercut``, mm2.

    The scale's cofactor turns each face's cross product ``(cx, cy, cz)`` into
    ``(fy cx, fx cy, fx fy cz)``: no graded mesh is built. A face's draft (its angle to Z) is
    under the threshold where ``|n_z| < sin(threshold)``.
    """
    cx, cy, cz = cross
    sin_t = math.sin(math.radians(threshold_deg))

    def chunk(s: slice) -> tuple[float, float, float]:
        a, b, c = fy * cx[s], fx * cy[s], (fx * fy) * cz[s]
        length = np.sqrt(a * a + b * b + c * c)
        low = (np.abs(c) < sin_t * length) & (length > 0)
        return float(length.sum()), float(length[low].sum()), float(length[undercut[s]].sum())

    sums = map_chunks(chunk, len(cx))
    return sum(p[0] for p in sums), sum(p[1] for p in sums), sum(p[2] for p in sums)


def grade(
    analysis: Analysis,
    run: SizeRun,
    nominal: Size,
    rule: GradingRule = DEFAULT_GRADING,
    settings: SizeSettings = DEFAULT_SIZE_SETTINGS,
) -> tuple[GradedSize, ...]:
    """Measurements of the outsole at every size of ``run``.

    Lengths, widths, outline and contact areas and volumes follow exactly from the factors; the
    surface area (not a simple multiple) is measured on each scaled mesh.
    """
    d = analysis.dimensions
    r = analysis.relief
    nominal_run = nominal.to(run.system, settings) if nominal.system != run.system else nominal
    cross = face_geometry(analysis.vertices_mm, analysis.faces).cross
    columns = (
        np.ascontiguousarray(cross[:, 0]),
        np.ascontiguousarray(cross[:, 1]),
        np.ascontiguousarray(cross[:, 2]),
    )
    threshold = r.draft.threshold_deg if r is not None else 0.0
    undercut = r.draft.undercut if r is not None else np.zeros(len(cross), dtype=bool)
    _, _, hidden_area0 = _scaled_areas(columns, undercut, 1.0, 1.0, threshold)
    out = []
    for size, fx, fy in size_factors(run, nominal, d.length_mm, d.width_mm, rule, settings):
        double_area, low_double, hidden_double = _scaled_areas(columns, undercut, fx, fy, threshold)
        vf = fx * fy

        low = under = None
        if r is not None:
            low = low_double / 2.0
            grown = hidden_double / hidden_area0 if hidden_area0 else 0.0
            under = r.draft.undercut_area_mm2 * grown
        out.append(
            GradedSize(
                size=size,
                nominal=abs(size.value - nominal_run.value) < 1e-6,
                length_factor=fx,
                width_factor=fy,
                length_mm=d.length_mm * fx,
                width_mm=d.width_mm * fy,
                ball_width_mm=d.ball_width_mm * fy,
                heel_width_mm=d.heel_width_mm * fy,
                height_mm=d.height_mm,
                outline_area_mm2=analysis.footprint.area_mm2 * vf,
                contact_area_mm2=None if r is None else r.contact.area_mm2 * vf,
                contact_heel_mm2=None if r is None else r.contact.heel_mm2 * vf,
                contact_forefoot_mm2=None if r is None else r.contact.forefoot_mm2 * vf,
                low_draft_area_mm2=low,
                undercut_area_mm2=under,
                volume_cm3=None if analysis.volume_cm3 is None else analysis.volume_cm3 * vf,
                body_volumes_cm3=tuple(
                    None if b.volume_cm3 is None else b.volume_cm3 * vf for b in analysis.bodies
                ),
                surface_area_cm2=double_area / 200.0,
            )
        )
    return tuple(out)


def foot_side(fp: Footprint, min_depth_mm: float = 1.0) -> FootSide:
    """Tell a right sole from a left one by its medial arch.

    In the canonical frame (X heel to toe, Z up, so +Y is to the wearer's left) the medial side
    of a right sole is +Y. The arch is the side whose waist edge (30-60 % of the length) cuts
    furthest inside the straight line joining its edge at 20 % and 70 %.
    """
    mask = fp.mask
    cols = np.flatnonzero(mask.any(axis=1))
    if cols.size < 10:
        return FootSide(None, 0.0)
    j = np.arange(mask.shape[1])
    hi = np.where(mask, j, -1).max(axis=1)
    lo = np.where(mask, j, mask.shape[1]).min(axis=1)
    y_hi = fp.origin_mm[1] + (hi + 1) * fp.cell_mm
    y_lo = fp.origin_mm[1] + lo * fp.cell_mm
    first, last = int(cols[0]), int(cols[-1])

    def at(frac: float) -> int:
        return round(first + frac * (last - first))

    waist = np.arange(at(0.30), at(0.60) + 1)
    a, b = at(0.20), at(0.70)
    t = (waist - a) / (b - a)
    # Depth of each edge inside its own chord (positive = cut in towards the centre line).
    depth_hi = float(((1 - t) * y_hi[a] + t * y_hi[b] - y_hi[waist]).max())
    depth_lo = float((y_lo[waist] - ((1 - t) * y_lo[a] + t * y_lo[b])).max())
    diff = depth_hi - depth_lo
    if abs(diff) < min_depth_mm:
        return FootSide(None, abs(diff))
    return FootSide("right" if diff > 0 else "left", abs(diff))


def model_foot(
    analysis: Analysis, foot: Foot | None = None
) -> tuple[Foot | None, Literal["given", "outline", "unknown"]]:
    """The foot the model is for and where that came from: ``foot`` when given, else read
    from the outline (:func:`foot_side`), else unknown."""
    if foot is not None:
        return foot, "given"
    side = foot_side(analysis.footprint).side
    return side, "unknown" if side is None else "outline"


def size_design(
    analysis: Analysis,
    run: SizeRun,
    nominal: Size | None = None,
    foot: Foot | None = None,
    rule: GradingRule = DEFAULT_GRADING,
    settings: SizeSettings = DEFAULT_SIZE_SETTINGS,
) -> Sizing:
    """Decide the nominal size and the foot (unless given) and grade the run."""
    source: Literal["given", "inferred"] = "given"
    if nominal is None:
        nominal = nominal_size(analysis.dimensions.length_mm, run.system, settings)
        source = "inferred"
    foot, foot_source = model_foot(analysis, foot)
    graded = grade(analysis, run, nominal, rule, settings)
    return Sizing(nominal, source, foot, foot_source, run, graded)
