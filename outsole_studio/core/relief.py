"""Height and thickness maps of a sole on a grid, seen along Z (canonical frame, mm).

For every grid point the vertical line through it is intersected with every triangle it
crosses. A closed surface is entered through a down-facing triangle and left through an
up-facing one, so the material along the line is exactly ``sum(z up) - sum(z down)``: the
vertical thickness through the material, with no ray casting. The lowest down-facing crossing is
the bottom surface, the highest up-facing one the top.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .chunked import map_chunks
from .mesh import BoolArray, FloatArray, IntArray

# Grid points sit a hair off the round grid, so that they never fall exactly on a mesh edge
# (generated meshes put edges on round coordinates): an edge point would count twice.
_GRID_JITTER = 1.2345e-5


@dataclass(frozen=True)
class HeightMaps:
    """Sampled surfaces of a sole; point ``(i, j)`` is at ``x0 + i * cell``, ``y0 + j * cell``.

    Attributes
    ----------
    origin_mm : (2,) float64
        ``(x0, y0)``.
    cell_mm : float
    bottom_mm : (nx, ny) float64
        Lowest down-facing surface; NaN off the sole.
    top_mm : (nx, ny) float64
        Highest up-facing surface; NaN off the sole.
    thickness_mm : (nx, ny) float64
        Material crossed by the vertical line; 0 off the sole.
    """

    origin_mm: FloatArray
    cell_mm: float
    bottom_mm: FloatArray
    top_mm: FloatArray
    thickness_mm: FloatArray

    @property
    def inside(self) -> BoolArray:
        """Grid points on the sole."""
        return np.asarray(~np.isnan(self.bottom_mm), dtype=bool)

    def x_mm(self) -> FloatArray:
        """x of every grid column."""
        nx = self.bottom_mm.shape[0]
        return np.asarray(self.origin_mm[0] + np.arange(nx) * self.cell_mm, dtype=np.float64)


def height_maps(vertices_mm: FloatArray, faces: IntArray, cell_mm: float = 1.0) -> HeightMaps:
    """Rasterise bottom, top and thickness on a grid of ``cell_mm`` (chunked, all cores).

    Parameters
    ----------
    vertices_mm : (n, 3) float64
        Canonical frame.
    faces : (m, 3) int64
        Outward-wound, closed bodies (thickness needs a closed surface).
    cell_mm : float
    """
    lo = vertices_mm[:, :2].min(axis=0)
    hi = vertices_mm[:, :2].max(axis=0)
    x0 = math.floor(lo[0] / cell_mm) * cell_mm + _GRID_JITTER
    y0 = math.floor(lo[1] / cell_mm) * cell_mm + _GRID_JITTER
    nx = math.ceil((hi[0] - x0) / cell_mm) + 2
    ny = math.ceil((hi[1] - y0) / cell_mm) + 2
    size = nx * ny
    vx, vy, vz = (np.ascontiguousarray(vertices_mm[:, k]) for k in range(3))

    def chunk(s: slice) -> tuple[IntArray, FloatArray, BoolArray]:
        f = faces[s]
        ax, bx, cx = vx[f[:, 0]], vx[f[:, 1]], vx[f[:, 2]]
        ay, by, cy = vy[f[:, 0]], vy[f[:, 1]], vy[f[:, 2]]
        az, bz, cz = vz[f[:, 0]], vz[f[:, 1]], vz[f[:, 2]]
        det = (bx - ax) * (cy - ay) - (cx - ax) * (by - ay)  # twice the signed projected area
        keep = det != 0
        i0 = np.ceil((np.minimum(np.minimum(ax, bx), cx) - x0) / cell_mm).astype(np.int64)
        i1 = np.floor((np.maximum(np.maximum(ax, bx), cx) - x0) / cell_mm).astype(np.int64)
        j0 = np.ceil((np.minimum(np.minimum(ay, by), cy) - y0) / cell_mm).astype(np.int64)
        j1 = np.floor((np.maximum(np.maximum(ay, by), cy) - y0) / cell_mm).astype(np.int64)
        ni = np.where(keep, np.maximum(i1 - i0 + 1, 0), 0)
        nj = np.where(keep, np.maximum(j1 - j0 + 1, 0), 0)
        count = ni * nj
        owner = np.repeat(np.arange(count.size), count)
        k = np.arange(owner.size) - np.repeat(np.cumsum(count) - count, count)
        gi = i0[owner] + k // nj[owner]
        gj = j0[owner] + k % nj[owner]
        px = x0 + gi * cell_mm
        py = y0 + gj * cell_mm
        d = det[owner]
        # Barycentric coordinates of the grid point in the projected triangle.
        w1 = (
            (px - ax[owner]) * (cy[owner] - ay[owner]) - (cx[owner] - ax[owner]) * (py - ay[owner])
        ) / d
        w2 = (
            (bx[owner] - ax[owner]) * (py - ay[owner]) - (px - ax[owner]) * (by[owner] - ay[owner])
        ) / d
        w0 = 1.0 - w1 - w2
        inside = (w0 >= 0) & (w1 >= 0) & (w2 >= 0)
        z = w0 * az[owner] + w1 * bz[owner] + w2 * cz[owner]
        cell = gi * ny + gj
        return cell[inside], z[inside], (d < 0)[inside]  # d < 0: the face looks down

    pieces = map_chunks(chunk, faces.shape[0])
    cell = np.concatenate([p[0] for p in pieces]) if pieces else np.zeros(0, np.int64)
    z = np.concatenate([p[1] for p in pieces]) if pieces else np.zeros(0)
    down = np.concatenate([p[2] for p in pieces]) if pieces else np.zeros(0, bool)
    thickness = np.bincount(cell, weights=np.where(down, -z, z), minlength=size)
    bottom = np.full(size, np.inf)
    np.minimum.at(bottom, cell[down], z[down])
    top = np.full(size, -np.inf)
    np.maximum.at(top, cell[~down], z[~down])
    bottom[np.isinf(bottom)] = np.nan
    top[np.isinf(top)] = np.nan
    return HeightMaps(
        origin_mm=np.array([x0, y0]),
        cell_mm=cell_mm,
        bottom_mm=bottom.reshape(nx, ny),
        top_mm=top.reshape(nx, ny),
        thickness_mm=np.maximum(thickness, 0.0).reshape(nx, ny),
    )
