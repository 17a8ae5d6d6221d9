"""Where a two-part mould parts: the height of the sole's widest outline.

A mould opening along Z releases the sole cleanly when the parting line runs where the outline
is widest: below it every wall leans in going down, above it every wall leans in going up. A
flat unit with straight walls is as wide at every height: its line goes at the top edge, where
the flat lid of the mould closes on the footbed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .arrays import FloatArray, IntArray
from .chunked import map_chunks

#: Two heights whose outlines differ by less than this are as wide (mm, on the girth measure).
SAME_WIDTH_MM = 0.05


@dataclass(frozen=True)
class PartingLine:
    """The suggested parting line.

    Attributes
    ----------
    height_mm : float
        Above the ground (z = 0).
    girth_mm : float
        Length plus width of the outline there (the measure compared between heights).
    levels_mm : (k,) float64
        Heights examined.
    girths_mm : (k,) float64
        Length plus width of the outline at each height (NaN where nothing is cut).
    """

    height_mm: float
    girth_mm: float
    levels_mm: FloatArray
    girths_mm: FloatArray


def _unique_edges(faces: IntArray, n_vertices: int) -> IntArray:
    """Every undirected edge once, ``(2, e)``: lower vertex, higher vertex.

    One key per edge (``lo * n + hi``) sorted as plain integers: ``np.unique`` over rows sorts
    records, ten times slower on a million-face mesh.
    """
    tail = faces.reshape(-1)
    head = faces[:, [1, 2, 0]].reshape(-1)
    n = np.int64(max(n_vertices, 1))
    keys = np.minimum(tail, head) * n + np.maximum(tail, head)
    keys.sort()
    keep = np.empty(keys.size, dtype=bool)
    keep[:1] = True
    np.not_equal(keys[1:], keys[:-1], out=keep[1:])
    keys = keys[keep]
    return np.stack([keys // n, keys % n])


def suggest_parting_line(
    vertices_mm: FloatArray, faces: IntArray, step_mm: float = 0.25, max_cuts: int = 4_000_000
) -> PartingLine:
    """The height of the widest horizontal outline, from the edges the levels cut.

    Parameters
    ----------
    vertices_mm : (n, 3) float64
        Canonical frame (ground at z = 0).
    faces : (m, 3) int64
    step_mm : float
        Spacing of the levels; made coarser when the edges would be cut more than ``max_cuts``
        times.

    Returns
    -------
    PartingLine
        The highest of the widest levels (within :data:`SAME_WIDTH_MM`).
    """
    ea, eb = _unique_edges(faces, vertices_mm.shape[0])
    vx, vy, vz = (np.ascontiguousarray(vertices_mm[:, k]) for k in range(3))
    top = float(vz.max())
    span = max(top - float(vz.min()), 1e-9)
    cuts = float(np.abs(vz[ea] - vz[eb]).sum()) / step_mm + ea.size
    if cuts > max_cuts:
        step_mm *= cuts / max_cuts
    # Every step from the ground, and the top itself (where a flat lid closes).
    below = np.arange(0.0, top, step_mm)
    levels = np.append(below[below < top - 1e-9 * span], top)
    n = levels.size

    def extents(sl: slice) -> FloatArray:
        """x min, x max, y min, y max of the points where edges ``sl`` cut each level, (4, n)."""
        ia, ib = ea[sl], eb[sl]
        za, zb = vz[ia], vz[ib]
        lo_z, hi_z = np.minimum(za, zb), np.maximum(za, zb)
        # Levels each edge crosses: a contiguous run of indices.
        first = np.searchsorted(levels, lo_z, side="left")
        last = np.searchsorted(levels, hi_z, side="right") - 1
        count = np.maximum(last - first + 1, 0)
        owner = np.repeat(np.arange(ia.size), count)
        k = np.arange(owner.size) - np.repeat(np.cumsum(count) - count, count)
        level = first[owner] + k
        z = levels[level]
        ia, ib, za, zb = ia[owner], ib[owner], za[owner], zb[owner]
        flat = np.abs(zb - za) <= 1e-12 * span
        t = np.where(flat, 0.0, (z - za) / np.where(flat, 1.0, zb - za))
        x = vx[ia] + t * (vx[ib] - vx[ia])
        y = vy[ia] + t * (vy[ib] - vy[ia])
        out = np.empty((4, n))
        out[0::2], out[1::2] = np.inf, -np.inf
        np.minimum.at(out[0], level, x)
        np.maximum.at(out[1], level, x)
        np.minimum.at(out[2], level, y)
        np.maximum.at(out[3], level, y)
        return out

    # In chunks on the cores: each chunk's temporaries stay in cache, the levels are few.
    parts = np.stack(map_chunks(extents, ea.size)) if ea.size else np.full((1, 4, n), np.nan)
    xmin, ymin = parts[:, 0].min(axis=0), parts[:, 2].min(axis=0)
    xmax, ymax = parts[:, 1].max(axis=0), parts[:, 3].max(axis=0)
    with np.errstate(invalid="ignore"):
        girth = (xmax - xmin) + (ymax - ymin)
    girth[~np.isfinite(girth)] = np.nan
    if np.all(np.isnan(girth)):
        return PartingLine(top, math.nan, levels, girth)
    best = float(np.nanmax(girth))
    widest = np.flatnonzero(girth >= best - SAME_WIDTH_MM)
    at = int(widest.max())
    return PartingLine(float(levels[at]), float(girth[at]), levels, girth)
