"""Plane sections of a sole: transverse cuts at fractions of the length and the centre line.

Each cut intersects the triangles with the plane. On a closed, outward-wound mesh the pieces,
oriented by their faces' normals, form closed loops (outer ones counter-clockwise, holes
clockwise), so the section area is the exact shoelace sum of the pieces; no polygon building is
needed for it. The polygons themselves (for plots) come from shapely.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from .mesh import FloatArray, IntArray

TRANSVERSE_PCT: tuple[float, ...] = (15.0, 35.0, 50.0, 68.0, 85.0)
"""Where the transverse sections are cut, % of the length from the heel."""

_JITTER = 1.2345e-7  # keeps the plane off vertices that sit on round coordinates


@dataclass(frozen=True)
class Section:
    """One planar cut through the sole.

    Attributes
    ----------
    name : str
        ``"transverse 35 %"`` or ``"longitudinal"``.
    position_pct : float
        Of the length (transverse), or 50 for the centre line.
    area_mm2 : float
    polygons : tuple of (k, 2) float64
        Rings in the plane's coordinates: (y, z) for transverse cuts, (x, z) for the
        longitudinal one.
    """

    name: str
    position_pct: float
    area_mm2: float
    polygons: tuple[FloatArray, ...]


def cut(
    vertices: FloatArray,
    faces: IntArray,
    axis: int,
    value: float,
    span: tuple[FloatArray, FloatArray] | None = None,
) -> tuple[float, FloatArray]:
    """Intersect a closed mesh with the plane ``coordinate[axis] = value``.

    ``span``, the per-face minimum and maximum of the coordinate, lets several cuts share one
    pass over the faces.

    Returns
    -------
    area : float
        Area of the section, mm2 (exact for a closed, consistently wound mesh).
    segments : (k, 2, 2) float64
        Oriented pieces in the plane's (u, z) coordinates, u being the other horizontal axis.
    """
    other = 1 - axis if axis in (0, 1) else 0
    plane = value + _JITTER * max(1.0, abs(value))
    if span is None:
        span = _span(vertices, faces, axis)
    crossing = (span[0] < plane) & (span[1] > plane)
    f = faces[crossing]
    s = vertices[:, axis] - plane
    if f.shape[0] == 0:
        return 0.0, np.zeros((0, 2, 2))
    points = []
    for a, b in ((0, 1), (1, 2), (2, 0)):
        # Computed from the edge's lower-indexed end, so both faces of an edge get the same point.
        lo = np.minimum(f[:, a], f[:, b])
        hi = np.maximum(f[:, a], f[:, b])
        sl, sh = s[lo], s[hi]
        cross = (sl < 0) != (sh < 0)
        t = np.divide(sl, sl - sh, out=np.zeros_like(sl), where=cross)
        p = vertices[lo] + t[:, None] * (vertices[hi] - vertices[lo])
        points.append((cross, p[:, [other, 2]]))
    # Each crossing face has exactly two crossing edges: its segment's two ends.
    mask = np.stack([c for c, _ in points], axis=1)
    pts = np.stack([p for _, p in points], axis=1)  # (k, 3, 2)
    first = np.argmax(mask, axis=1)
    second = 2 - np.argmax(mask[:, ::-1], axis=1)
    rows = np.arange(f.shape[0])
    p0, p1 = pts[rows, first], pts[rows, second]
    # Orient each piece so the material lies on its left: along plane-normal x face-normal.
    tri = vertices[f]
    n = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    plane_n = np.eye(3)[axis]
    d3 = np.cross(plane_n, n)
    d = d3[:, [other, 2]]
    if axis == 1:
        d = -d  # (x, z) is a left-handed view of the plane y = c seen from +y
    flip = np.einsum("ij,ij->i", p1 - p0, d) < 0
    p0, p1 = np.where(flip[:, None], p1, p0), np.where(flip[:, None], p0, p1)
    area = 0.5 * float((p0[:, 0] * p1[:, 1] - p1[:, 0] * p0[:, 1]).sum())
    return abs(area), np.stack([p0, p1], axis=1)


def _span(vertices: FloatArray, faces: IntArray, axis: int) -> tuple[FloatArray, FloatArray]:
    """Per-face minimum and maximum of one coordinate, ``(m,)`` each."""
    c = np.ascontiguousarray(vertices[:, axis])
    a, b, d = c[faces[:, 0]], c[faces[:, 1]], c[faces[:, 2]]
    return np.minimum(np.minimum(a, b), d), np.maximum(np.maximum(a, b), d)


def _rings(segments: FloatArray) -> tuple[FloatArray, ...]:
    if segments.shape[0] == 0:
        return ()
    polys = shapely.polygonize(shapely.linestrings(segments))  # vectorised: no Python loop
    rings = [
        np.asarray(g.exterior.coords) for g in getattr(polys, "geoms", [polys]) if not g.is_empty
    ]
    return tuple(rings)


def sections(vertices_mm: FloatArray, faces: IntArray) -> list[Section]:
    """The standard cuts: transverse at 15, 35, 50, 68, 85 % of the length, and the centre line.

    Parameters
    ----------
    vertices_mm : (n, 3) float64
        Canonical frame (heel at x = 0, centre line y = 0).
    faces : (m, 3) int64
        Closed, outward-wound.
    """
    length = float(vertices_mm[:, 0].max() - vertices_mm[:, 0].min())
    x0 = float(vertices_mm[:, 0].min())
    out = []
    span = _span(vertices_mm, faces, 0)
    for pct in TRANSVERSE_PCT:
        area, seg = cut(vertices_mm, faces, 0, x0 + pct / 100.0 * length, span)
        out.append(Section(f"transverse {pct:g} %", pct, area, _rings(seg)))
    area, seg = cut(vertices_mm, faces, 1, 0.0)
    out.append(Section("longitudinal", 50.0, area, _rings(seg)))
    return out
