"""The outline: the sole's silhouette seen from below, its area, perimeter and width profile.

The silhouette is the union of the triangles' projections onto the ground plane. It is rasterised
column by column: for each column of cell centres the exact interval each triangle covers is
computed, so widths are exact along every column and only the area is sampled (cell-centre
sampling, unbiased). The outline runs through the exact extent of every column, so it follows the
silhouette to within the chord error of the 0.25 mm column spacing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .chunked import map_chunks
from .lean_scipy import ndimage
from .mesh import BoolArray, FloatArray, IntArray
from .tolerances import DEFAULT_TOLERANCES, Tolerances


@dataclass(frozen=True)
class Footprint:
    """Silhouette of the sole seen from below, in the canonical frame.

    Attributes
    ----------
    area_mm2 : float
        Area inside the outer outline (through-holes are filled, as the outline is).
    perimeter_mm : float
        Length of the outer outline.
    outline_mm : (k, 2) float64
        Outer outline polygon (x, y), closed (first point repeated). A column that crosses the
        silhouette twice (a split heel) contributes its outer extent.
    column_x_mm : (c,) float64
        x of every raster column.
    column_width_mm : (c,) float64
        Extent across Y of the silhouette in each column (0 where empty).
    mask : (c, r) bool
        Raster of the silhouette, columns along X; cell ``(i, j)`` is centred at
        ``(x0 + (i + 0.5) * cell_mm, y0 + (j + 0.5) * cell_mm)``.
    origin_mm : (2,) float64
        ``(x0, y0)``.
    cell_mm : float
    """

    area_mm2: float
    perimeter_mm: float
    outline_mm: FloatArray
    column_x_mm: FloatArray
    column_width_mm: FloatArray
    mask: BoolArray
    origin_mm: FloatArray
    cell_mm: float

    def max_width_between(self, x_from_mm: float, x_to_mm: float) -> float:
        """Widest column whose x lies in ``[x_from_mm, x_to_mm]``, mm."""
        sel = (self.column_x_mm >= x_from_mm) & (self.column_x_mm <= x_to_mm)
        return float(self.column_width_mm[sel].max()) if sel.any() else 0.0


def column_range(
    xs: list[FloatArray], x0: float, cell: float, nx: int
) -> tuple[IntArray, IntArray]:
    """First and last column line (centres at ``x0 + (i + 0.5) * cell``, ``0 <= i < nx``) each
    triangle crosses, inclusive; ``first > last`` where it crosses none.

    Parameters
    ----------
    xs : three (m,) float64
        Corner coordinates across the columns, corner by corner.

    Returns
    -------
    first, last : (m,) int64
    """
    x_min = np.minimum(np.minimum(xs[0], xs[1]), xs[2])
    x_max = np.maximum(np.maximum(xs[0], xs[1]), xs[2])
    first = np.ceil((x_min - x0) / cell - 0.5).astype(np.int64)
    last = np.floor((x_max - x0) / cell - 0.5).astype(np.int64)
    np.maximum(first, 0, out=first)
    np.minimum(last, nx - 1, out=last)
    return first, last


def column_spans(
    xs: list[FloatArray], ys: list[FloatArray], x0: float, cell: float, nx: int
) -> tuple[IntArray, FloatArray, FloatArray]:
    """Exact y-interval each projected triangle covers on each column line it crosses.

    Parameters
    ----------
    xs, ys : three (m,) float64 each
        Corner coordinates of the projected triangles, corner by corner.

    Returns
    -------
    column : (k,) int64
    y_low, y_high : (k,) float64
    """
    imin, imax = column_range(xs, x0, cell, nx)
    count = np.maximum(imax - imin + 1, 0)
    owner = np.repeat(np.arange(count.size), count)  # triangles crossing no column drop out
    total = owner.size
    offset = np.repeat(np.cumsum(count) - count, count)
    column = imin[owner] + (np.arange(total) - offset)
    xc = x0 + (column + 0.5) * cell
    y_low = np.full(total, np.inf)
    y_high = np.full(total, -np.inf)
    cx = [x[owner] for x in xs]
    cy = [y[owner] for y in ys]
    for a, b in ((0, 1), (1, 2), (2, 0)):
        ax, bx, ay, by = cx[a], cx[b], cy[a], cy[b]
        hit = (xc >= np.minimum(ax, bx)) & (xc <= np.maximum(ax, bx))
        dx = bx - ax
        vertical = dx == 0
        frac = (xc - ax) / np.where(vertical, 1.0, dx)
        y = ay + frac * (by - ay)
        y_lo_edge = np.where(vertical, np.minimum(ay, by), y)
        y_hi_edge = np.where(vertical, np.maximum(ay, by), y)
        np.minimum(y_low, np.where(hit, y_lo_edge, np.inf), out=y_low)
        np.maximum(y_high, np.where(hit, y_hi_edge, -np.inf), out=y_high)
    ok = y_low <= y_high
    return column[ok], y_low[ok], y_high[ok]


def _column_outline(x: FloatArray, y_lo: FloatArray, y_hi: FloatArray) -> FloatArray:
    """Closed outline through the exact silhouette extent of every column.

    The upper chain runs heel to toe along the columns' highest y, the lower chain back along the
    lowest; the end columns close it. Every point lies exactly on the silhouette boundary, so the
    perimeter is exact to the chord error of the column spacing.
    """
    filled = np.flatnonzero(y_hi >= y_lo)
    if filled.size == 0:
        return np.zeros((0, 2))
    xs = x[filled]
    upper = np.stack([xs, y_hi[filled]], axis=1)
    lower = np.stack([xs[::-1], y_lo[filled][::-1]], axis=1)
    ring = np.vstack([lower[-1:], upper, lower])
    return np.asarray(ring, dtype=np.float64)


def footprint(
    vertices_mm: FloatArray,
    faces: IntArray,
    down: BoolArray | None = None,
    tolerances: Tolerances = DEFAULT_TOLERANCES,
) -> Footprint:
    """Rasterise and measure the silhouette of a canonical-frame mesh seen from below.

    Parameters
    ----------
    vertices_mm : (n, 3) float64
        Canonical frame, mm.
    faces : (m, 3) int64
    down : (m,) bool, optional
        Faces facing down. When every body is closed these alone cover the silhouette, and half
        the work is saved; without it every face is used.
    """
    rows = None if down is None or not down.any() else np.flatnonzero(down)
    vx = np.ascontiguousarray(vertices_mm[:, 0])
    vy = np.ascontiguousarray(vertices_mm[:, 1])
    lo = np.array([vx.min(), vy.min()])
    hi = np.array([vx.max(), vy.max()])
    size = hi - lo
    cell = max(
        tolerances.outline_cell_mm, math.sqrt(size[0] * size[1] / tolerances.outline_max_cells)
    )
    x0, y0 = lo[0] - 2 * cell, lo[1] - 2 * cell
    nx = math.ceil(size[0] / cell) + 4
    ny = math.ceil(size[1] / cell) + 4

    def spans_of(s: slice) -> tuple[FloatArray, FloatArray, IntArray, IntArray]:
        # Chunk by chunk on the cores: the corners' gathers, the columns' extents (a minimum
        # and a maximum, whatever the order) and the spans' first and last cells in the raster.
        f = faces[s] if rows is None else faces[rows[s]]
        xs = [vx[f[:, k]] for k in range(3)]
        ys = [vy[f[:, k]] for k in range(3)]
        column, y_low, y_high = column_spans(xs, ys, x0, cell, nx)
        col_lo = np.full(nx, np.inf)
        col_hi = np.full(nx, -np.inf)
        np.minimum.at(col_lo, column, y_low)
        np.maximum.at(col_hi, column, y_high)
        jlo = np.maximum(np.ceil((y_low - y0) / cell - 0.5).astype(np.int64), 0)
        jhi = np.minimum(np.floor((y_high - y0) / cell - 0.5).astype(np.int64), ny - 1)
        ok = jlo <= jhi
        start = column[ok] * (ny + 1) + jlo[ok]
        return col_lo, col_hi, start, start + (jhi[ok] - jlo[ok] + 1)

    spans = map_chunks(spans_of, faces.shape[0] if rows is None else rows.size)
    # Column extents are exact; the area raster fills each span's cell centres.
    col_lo = np.min([p[0] for p in spans], axis=0) if spans else np.full(nx, np.inf)
    col_hi = np.max([p[1] for p in spans], axis=0) if spans else np.full(nx, -np.inf)
    width = np.where(col_hi >= col_lo, col_hi - col_lo, 0.0)
    start = np.concatenate([p[2] for p in spans]) if spans else np.zeros(0, np.int64)
    stop = np.concatenate([p[3] for p in spans]) if spans else np.zeros(0, np.int64)
    size_flat = nx * (ny + 1)
    diff = np.bincount(start, minlength=size_flat) - np.bincount(stop, minlength=size_flat)
    mask = np.cumsum(diff.reshape(nx, ny + 1)[:, :ny], axis=1) > 0
    mask = ndimage.binary_fill_holes(mask)

    area = float(mask.sum()) * cell * cell
    outline = _column_outline(column_x := x0 + (np.arange(nx) + 0.5) * cell, col_lo, col_hi)
    perimeter = float(np.linalg.norm(np.diff(outline, axis=0), axis=1).sum())
    return Footprint(
        area_mm2=area,
        perimeter_mm=perimeter,
        outline_mm=outline,
        column_x_mm=column_x,
        column_width_mm=width,
        mask=mask,
        origin_mm=np.array([x0, y0]),
        cell_mm=cell,
    )
