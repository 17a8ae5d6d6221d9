"""Height and thickness maps of a sole on a grid, seen along Z (canonical frame, mm).

For every grid point the vertical line through it is intersected with every triangle it
crosses. A closed surface is entered through a down-facing triangle and left through an
up-facing one, so the material along the line is exactly ``sum(z up) - sum(z down)``: the
vertical thickness through the material, with no ray casting. The lowest down-facing crossing is
the bottom surface, the highest up-facing one the top.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .chunked import begun, beside, map_chunks, map_slices, work_slices
from .contact import ContactAreas, contact_areas
from .draft import Draft, Pull, draft
from .lean_scipy import ndimage
from .mesh import BoolArray, FloatArray, IntArray, bounds
from .sections import Section, sections

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
    hidden_faces : (m,) bool
        Faces that, at most of the grid points they cover, look onto more of the solid: seen
        neither from below (down-facing) nor from above (up-facing). Undercuts, for a mould
        opening along Z; for the map.
    hidden_area_mm2 : float
        Surface area so hidden, sampled at the grid points (each stands for ``cell**2 / |n_z|``
        of its face).
    """

    origin_mm: FloatArray
    cell_mm: float
    bottom_mm: FloatArray
    top_mm: FloatArray
    thickness_mm: FloatArray
    hidden_faces: BoolArray
    hidden_area_mm2: float

    @property
    def inside(self) -> BoolArray:
        """Grid points on the sole."""
        return np.asarray(~np.isnan(self.bottom_mm), dtype=bool)

    def x_mm(self) -> FloatArray:
        """x of every grid column."""
        nx = self.bottom_mm.shape[0]
        return np.asarray(self.origin_mm[0] + np.arange(nx) * self.cell_mm, dtype=np.float64)

    def length_fraction(self) -> FloatArray:
        """``(nx, ny)``: how far along the sole each grid point is, 0 at the heel, 1 at the toe."""
        x = self.x_mm()
        cols = self.inside.any(axis=1)
        if not cols.any():
            return np.zeros(self.bottom_mm.shape)
        x0, x1 = x[cols].min(), x[cols].max()
        frac = (x - x0) / max(x1 - x0, 1e-12)
        return np.asarray(np.broadcast_to(frac[:, None], self.bottom_mm.shape), dtype=np.float64)


MAX_GRID_POINTS = 1_000_000
"""A grid never has more points (a 0.3 mm grid over a 300 x 120 mm sole): a huge model (or a
wrong unit) gets a coarser grid instead, reported with the thickness."""

_POINTS_PER_CHUNK = 1 << 18
"""Grid points (over the triangles' bounding boxes) one chunk of faces may visit: bounds the
temporaries of a chunk to some 40 MB however large the triangles are against the grid."""

_FACES_PER_CHUNK = 1 << 13
"""Faces one chunk rasterises at most: the 78 k faces of a 1.3 M-triangle sole that hold a
grid point make ten chunks, enough to keep every core busy (a chunk is some 30 k points)."""

MAX_GRID_VISITS = 8_000_000
"""Grid points over all the faces' bounding boxes: about three times the grid for a sole (top,
bottom, walls). Triangles stacked deeper than memory allows coarsen the grid instead."""


def _grid_origin(lo: FloatArray, cell_mm: float) -> tuple[float, float]:
    return (
        math.floor(lo[0] / cell_mm) * cell_mm + _GRID_JITTER,
        math.floor(lo[1] / cell_mm) * cell_mm + _GRID_JITTER,
    )


def _visits(
    box: tuple[FloatArray, FloatArray, FloatArray, FloatArray], lo: FloatArray, cell_mm: float
) -> IntArray:
    """Grid points inside each face's bounding box (x min, x max, y min, y max), ``(m,)``."""
    x0, y0 = _grid_origin(lo, cell_mm)
    ni = np.floor((box[1] - x0) / cell_mm) - np.ceil((box[0] - x0) / cell_mm) + 1
    nj = np.floor((box[3] - y0) / cell_mm) - np.ceil((box[2] - y0) / cell_mm) + 1
    return np.asarray(np.maximum(ni, 0) * np.maximum(nj, 0), dtype=np.int64)


def _boxes(
    vx: FloatArray, vy: FloatArray, f: IntArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """The faces' bounding boxes seen from above: x min, x max, y min, y max, ``(k,)`` each.

    Corner by corner: numpy reduces an (m, 3) array along its rows several times slower.
    """
    out = []
    for c in (vx, vy):
        a, b, d = c[f[:, 0]], c[f[:, 1]], c[f[:, 2]]
        out += [np.minimum(np.minimum(a, b), d), np.maximum(np.maximum(a, b), d)]
    return out[0], out[1], out[2], out[3]


def height_maps(
    vertices_mm: FloatArray,
    faces: IntArray,
    cell_mm: float = 1.0,
    max_points: int = MAX_GRID_POINTS,
) -> HeightMaps:
    """Rasterise bottom, top and thickness on a grid of ``cell_mm`` (chunked, all cores).

    Parameters
    ----------
    vertices_mm : (n, 3) float64
        Canonical frame.
    faces : (m, 3) int64
        Outward-wound, closed bodies (thickness needs a closed surface).
    cell_mm : float
        Grid spacing; made coarser when the grid would pass ``max_points``.
    max_points : int
        Most grid points (default :data:`MAX_GRID_POINTS`; less when several bodies share it).
    """
    lo, hi = bounds(vertices_mm[:, :2])
    span = hi - lo
    if (span[0] / cell_mm + 3) * (span[1] / cell_mm + 3) > max_points:
        cell_mm = float(np.sqrt((span[0] + 3) * (span[1] + 3) / max_points)) * 1.01
    vx, vy, vz = (np.ascontiguousarray(vertices_mm[:, k]) for k in range(3))
    m = faces.shape[0]
    visits = np.empty(m, dtype=np.int64)

    def count(s: slice) -> None:
        # Only the count is kept: the boxes of the few faces that hold a grid point are made
        # again below (writing every face's box cost more than that).
        visits[s] = _visits(_boxes(vx, vy, faces[s]), lo, cell_mm)

    map_chunks(count, m)
    total = int(visits.sum())
    if total > MAX_GRID_VISITS:
        # Triangles stacked many deep (a soup, layers of sheets) would make more samples than
        # memory holds: a coarser grid, reported with the thickness like any other.
        cell_mm *= math.sqrt(total / MAX_GRID_VISITS) * 1.01
        map_chunks(count, m)
    x0, y0 = _grid_origin(lo, cell_mm)
    nx = math.ceil((hi[0] - x0) / cell_mm) + 2
    ny = math.ceil((hi[1] - y0) / cell_mm) + 2
    size = nx * ny
    # Only the faces whose box holds a grid point are rasterised: on a fine mesh most are
    # smaller than a cell (78 k of a 1.3 M-triangle sole's faces hold one at 1 mm).
    hit = np.flatnonzero(visits)
    slices = work_slices(visits[hit], _POINTS_PER_CHUNK, _FACES_PER_CHUNK)

    def chunk(s: slice) -> tuple[IntArray, FloatArray, BoolArray, IntArray, FloatArray]:
        rows = hit[s]
        f = faces[rows]
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
        face = rows[owner]
        # d < 0: the face looks down. |n_z| turns a grid point's cell into surface area.
        length = np.sqrt(
            ((by - ay) * (cz - az) - (bz - az) * (cy - ay)) ** 2
            + ((bz - az) * (cx - ax) - (bx - ax) * (cz - az)) ** 2
            + det**2
        )
        nz = np.abs(det) / np.maximum(length, 1e-300)
        return cell[inside], z[inside], (d < 0)[inside], face[inside], nz[owner][inside]

    pieces = map_slices(chunk, slices)
    cell = np.concatenate([p[0] for p in pieces]) if pieces else np.zeros(0, np.int64)
    z = np.concatenate([p[1] for p in pieces]) if pieces else np.zeros(0)
    down = np.concatenate([p[2] for p in pieces]) if pieces else np.zeros(0, bool)
    face = np.concatenate([p[3] for p in pieces]) if pieces else np.zeros(0, np.int64)
    nz = np.concatenate([p[4] for p in pieces]) if pieces else np.zeros(0)
    thickness = np.bincount(cell, weights=np.where(down, -z, z), minlength=size)
    bottom = np.full(size, np.inf)
    np.minimum.at(bottom, cell[down], z[down])
    top = np.full(size, -np.inf)
    np.maximum.at(top, cell[~down], z[~down])
    # A face is hidden in the direction it looks when, at every grid point it covers, another
    # surface lies beyond it: material over an up-facing face, under a down-facing one.
    eps = 1e-6 * max(1.0, float(np.abs(z).max()) if z.size else 1.0)
    hidden = np.where(down, z > bottom[cell] + eps, z < top[cell] - eps)
    seen = np.bincount(face, minlength=faces.shape[0])
    n_hidden = np.bincount(face, weights=hidden, minlength=faces.shape[0])
    hidden_area = float((cell_mm * cell_mm / np.maximum(nz[hidden], 1e-6)).sum())
    bottom[np.isinf(bottom)] = np.nan
    top[np.isinf(top)] = np.nan
    return HeightMaps(
        origin_mm=np.array([x0, y0]),
        cell_mm=cell_mm,
        bottom_mm=bottom.reshape(nx, ny),
        top_mm=top.reshape(nx, ny),
        thickness_mm=np.maximum(thickness, 0.0).reshape(nx, ny),
        hidden_faces=np.asarray((seen > 0) & (2 * n_hidden > seen), dtype=bool),
        hidden_area_mm2=hidden_area,
    )


@dataclass(frozen=True)
class ThicknessStats:
    """Vertical material thickness over the sole, mm.

    Attributes
    ----------
    floor_mm : float
        Thinnest material away from a 3 mm band along the rim (what is left under the grooves);
        the 0.5th percentile, so a stray grid point cannot decide it.
    max_mm, mean_mm : float
    heel_mm, forefoot_mm : float
        Mean thickness in the heel zone (rear 20 % of the length) and forefoot (60-80 %): with
        tread the material is two-valued, and a median would jump between floor and floor +
        tread as the tread covers a little more or less than half.
    heel_to_toe_drop_mm : float or None
        Median top-surface height in the heel zone less that in the forefoot zone; None when
        the top surface is missing in either zone (an open model).
    grid_mm : float
    """

    floor_mm: float
    max_mm: float
    mean_mm: float
    heel_mm: float
    forefoot_mm: float
    heel_to_toe_drop_mm: float | None
    grid_mm: float


def thickness_stats(maps: HeightMaps, rim_band_mm: float = 3.0) -> ThicknessStats:
    """Summarise a :class:`HeightMaps` into the figures a sole factory asks for.

    A body with no material anywhere (a sheet, a stray triangle: no cell has a top above its
    bottom) has no thickness: every figure is 0.
    """
    inside = maps.inside
    if not inside.any():
        return ThicknessStats(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, maps.cell_mm)
    band = max(1, round(rim_band_mm / maps.cell_mm))
    interior = ndimage.binary_erosion(inside, iterations=band)
    if not interior.any():
        interior = inside
    th = maps.thickness_mm
    t = maps.length_fraction()
    heel = inside & (t <= 0.2)
    fore = inside & (t >= 0.6) & (t <= 0.8)
    return ThicknessStats(
        floor_mm=float(np.percentile(th[interior], 0.5)),
        max_mm=float(th[inside].max()),
        mean_mm=float(th[inside].mean()),
        heel_mm=float(np.mean(th[heel])) if heel.any() else 0.0,
        forefoot_mm=float(np.mean(th[fore])) if fore.any() else 0.0,
        heel_to_toe_drop_mm=_drop_mm(maps.top_mm, heel, fore),
        grid_mm=maps.cell_mm,
    )


def _drop_mm(top_mm: FloatArray, heel: BoolArray, fore: BoolArray) -> float | None:
    """Median top height in the heel zone less that in the forefoot; None without a top there."""
    if not (heel.any() and fore.any()):
        return 0.0
    heel_top, fore_top = top_mm[heel], top_mm[fore]
    if np.isnan(heel_top).any() or np.isnan(fore_top).any():
        return None  # the top surface is missing there: no drop to measure
    return float(np.median(heel_top) - np.median(fore_top))


def _envelope(maps: HeightMaps, window_mm: float, lower: bool) -> FloatArray:
    """Morphological opening (``lower``: grooves filled) or closing (tread elements filled) of
    the bottom with a flat square window; both follow any slope exactly. NaN off the sole."""
    b = maps.bottom_mm
    inside = ~np.isnan(b)
    size = max(3, round(window_mm / maps.cell_mm) | 1)
    first, second = (
        (ndimage.minimum_filter, ndimage.maximum_filter)
        if lower
        else (ndimage.maximum_filter, ndimage.minimum_filter)
    )
    pad = np.inf if lower else -np.inf  # off the sole: never chosen by the first filter
    once = first(np.where(inside, b, pad), size=size, mode="nearest")
    twice = second(np.where(np.isfinite(once), once, -pad), size=size, mode="nearest")
    return np.asarray(np.where(inside, twice, np.nan), dtype=np.float64)


def lower_envelope(maps: HeightMaps, window_mm: float = 15.0) -> FloatArray:
    """The bottom with its grooves filled (an opening): it follows the tread tops."""
    return _envelope(maps, window_mm, lower=True)


def tread_depth(
    maps: HeightMaps,
    window_mm: float = 15.0,
    rim_band_mm: float = 3.0,
    near_ground_mm: float = 6.0,
    step_mm: float = 6.0,
) -> float:
    """Height of the tread relief above the groove floor, measured locally, mm.

    The lower envelope of the bottom surface (a morphological opening with a flat
    ``window_mm`` square: it follows the tread tops, and follows any slope exactly) is
    subtracted from the bottom; what rises above it is groove. Only the part of the sole near
    the ground counts (envelope within ``near_ground_mm``: the toe spring's tip and a heeled
    sole's shank are not where tread works), and a window's reach around a step taller than any
    tread (``step_mm``, a heel breast) is left out. The depth is the median rise where the rise
    is at least a quarter of its 99th percentile; a bottom whose rises stay under 0.2 mm has no
    tread (that much is curvature).
    """
    b = maps.bottom_mm
    inside = ~np.isnan(b)
    if not inside.any():
        return 0.0  # no bottom: no tread
    size = max(3, round(window_mm / maps.cell_mm) | 1)
    band = max(1, round(rim_band_mm / maps.cell_mm))
    envelope = lower_envelope(maps, window_mm)
    interior = ndimage.binary_erosion(inside, iterations=band + size // 2)
    filled = np.where(inside, b, np.nan)
    steps = np.zeros_like(inside)
    for axis in (0, 1):
        jump = np.abs(np.diff(filled, axis=axis)) > step_mm
        if axis == 0:
            steps[1:] |= jump
            steps[:-1] |= jump
        else:
            steps[:, 1:] |= jump
            steps[:, :-1] |= jump
    if steps.any():
        interior &= ~ndimage.binary_dilation(steps, iterations=size)
    interior &= envelope <= np.nanmin(b) + near_ground_mm
    if not interior.any():
        return 0.0
    rise = (b - envelope)[interior]
    top = float(np.percentile(rise, 99))
    if top < 0.2:
        return 0.0
    return float(np.median(rise[rise >= 0.25 * top]))


def toe_spring(maps: HeightMaps, end_fraction: float = 0.02, window_mm: float = 15.0) -> float:
    """How far the bottom rises towards the toe end, mm.

    The bottom with its tread elements filled in (a morphological closing: the groove-floor and
    plain-rim level, which runs on where the tread stops) is compared between the toe end (the
    lowest point in the front ``end_fraction`` of the length) and the ball (the median at 60-75 %
    of the length). A flat sole gives 0, whatever its tread; the spring of a bent toe, its rise.
    """
    inside = maps.inside
    if not inside.any():
        return 0.0
    upper = _envelope(maps, window_mm, lower=False)
    frac = maps.length_fraction()
    front = inside & (frac >= 1.0 - end_fraction)
    ball = inside & (frac >= 0.60) & (frac <= 0.75)
    if not front.any() or not ball.any():
        return 0.0
    return float(max(0.0, np.min(upper[front]) - np.median(upper[ball])))


@dataclass(frozen=True)
class Relief:
    """What a designer, a workshop and a mould maker check under and through a sole.

    Attributes
    ----------
    contact : ContactAreas
    tread_depth_mm : float
    thickness : ThicknessStats
    toe_spring_mm : float
    sections : tuple of Section
    draft : Draft
    maps : HeightMaps
    """

    contact: ContactAreas
    tread_depth_mm: float
    thickness: ThicknessStats
    toe_spring_mm: float
    sections: tuple[Section, ...]
    draft: Draft
    maps: HeightMaps


@dataclass(frozen=True)
class ReliefParts:
    """The parts of a :class:`Relief` that need neither the contact nor the draft: made ahead,
    on another thread, while the faces' pull is not known yet (see :func:`relief_parts`)."""

    maps: HeightMaps
    sections: tuple[Section, ...]


def relief_parts(
    vertices_mm: FloatArray,
    faces: IntArray,
    grid_mm: float = 1.0,
    max_grid_points: int = MAX_GRID_POINTS,
    go_on: Callable[[], bool] = lambda: True,
) -> ReliefParts | None:
    """The height maps and the sections of :func:`relief`, one after the other on this thread;
    None where ``go_on()`` is false before either (no longer wanted)."""
    if not go_on():
        return None
    maps = height_maps(vertices_mm, faces, grid_mm, max_grid_points)
    if not go_on():
        return None
    return ReliefParts(maps, tuple(sections(vertices_mm, faces, tread_depth(maps))))


def relief(
    vertices_mm: FloatArray,
    faces: IntArray,
    contact_tolerance_mm: float = 0.5,
    grid_mm: float = 1.0,
    draft_threshold_deg: float = 1.0,
    max_grid_points: int = MAX_GRID_POINTS,
    pull: Pull | None = None,
    parts: Callable[[], ReliefParts | None] | None = None,
) -> Relief:
    """All of :mod:`relief`'s figures for one mesh in the canonical frame.

    ``pull``: the faces' geometry along Z known from the file's frame, for the draft (see
    :func:`~.draft.draft`). ``parts``: gives its :func:`relief_parts` on this grid, being made
    elsewhere: the contact is measured here first, then the draft (None from it: they are
    made here after all).
    """
    made = None
    if parts is not None:
        contact = contact_areas(vertices_mm, faces, contact_tolerance_mm)
        made = parts()
    if made is None:
        maps = height_maps(vertices_mm, faces, grid_mm, max_grid_points)
        depth = tread_depth(maps)
        # The sections (GEOS, which lets go of the interpreter) are cut on a thread of their
        # own while the contact and the draft are measured here: 0.1 s of a 1.3 M-triangle
        # analysis. Not where this process has one core's share (a batch's worker).
        with beside() as thread:
            cut = begun(thread, sections, vertices_mm, faces, depth)
            if parts is None:
                contact = contact_areas(vertices_mm, faces, contact_tolerance_mm)
            drafted = draft(vertices_mm, faces, maps, draft_threshold_deg, pull)
            cuts = tuple(cut())
    else:
        maps, cuts = made.maps, made.sections
        depth = tread_depth(maps)
        drafted = draft(vertices_mm, faces, maps, draft_threshold_deg, pull)
    return Relief(
        contact=contact,
        tread_depth_mm=depth,
        thickness=thickness_stats(maps),
        toe_spring_mm=toe_spring(maps),
        sections=cuts,
        draft=drafted,
        maps=maps,
    )
