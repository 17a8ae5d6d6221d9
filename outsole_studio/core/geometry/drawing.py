"""The dimensioned drawing a mould maker works from: what it measures and where it is drawn.

Every figure printed on the drawing page and in its DXF comes from here (plan widths from the
analysis, heights from its relief); the renderers only place them. Sections are the designer's
stations when given, else the analysis's default ones (moved off groove lines).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

import numpy as np
import shapely

from ..errors import OutsoleError
from .analysis import Analysis
from .chunked import CHUNK_ROWS, map_items, map_slices
from .footprint import column_range, column_spans
from .mesh import FloatArray, IntArray
from .sections import Section, transverse, union

#: The most stations a drawing takes (A-A to H-H).
MAX_STATIONS = 8
#: Where the waist is looked for (the narrowest part between heel and ball), % of the length.
WAIST_PCT = (25.0, 60.0)
#: Column spacing of the side, front and back profiles, mm.
PROFILE_STEP_MM = 0.25
#: How far inside the model's ends the profiles' end columns stand, mm: far above the rounding
#: of a column's position (1e-13 mm at 400 mm), far below anything drawn.
END_INSET_MM = 1e-6


@dataclass(frozen=True)
class Station:
    """Where the designer wants a transverse section: % of the length or mm from the heel."""

    value: float
    unit: Literal["%", "mm"]

    def pct(self, length_mm: float) -> float:
        """The station as % of ``length_mm``."""
        return self.value if self.unit == "%" else 100.0 * self.value / length_mm

    def __str__(self) -> str:
        return f"{self.value:g}%" if self.unit == "%" else f"{self.value:g}mm"


def parse_stations(text: str) -> tuple[Station, ...]:
    """``"35%, 120mm"`` as stations; empty text is none (the default sections).

    Raises
    ------
    OutsoleError
        On an item that is not a number with ``%`` or ``mm``, a value out of range (a %
        within 1-99, mm within 1-500 from the heel) or more than :data:`MAX_STATIONS`.
    """
    out = []
    for item in (p.strip() for p in text.replace(";", ",").split(",")):
        if not item:
            continue
        m = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)\s*(%|mm)", item.lower())
        if m is None:
            raise OutsoleError(
                "section station {value}: write a share of the length or a distance from "
                "the heel, as 35% or 120mm",
                value=repr(item),
            )
        value, unit = float(m.group(1)), m.group(2)
        hi = 99.0 if unit == "%" else 500.0
        if not 1.0 <= value <= hi:
            raise OutsoleError(
                "section station {value} is out of range (1-{hi} {unit})",
                value=repr(item), hi=f"{hi:g}", unit=unit,
            )  # fmt: skip
        out.append(Station(value, "%" if unit == "%" else "mm"))
    if len(out) > MAX_STATIONS:
        raise OutsoleError("at most {n} section stations", n=MAX_STATIONS)
    return tuple(out)


@dataclass(frozen=True)
class SectionMeasures:
    """What the enlarged section calls out, mm, with where (in the section's (u, z) plane).

    Attributes
    ----------
    total_mm : float
        Height of the section.
    floor_mm : float
        Thinnest material across the cut away from the rim (under the grooves).
    floor_u_mm : float
    tread_mm : float
        Depth of the tread along the cut: the highest bottom less the lowest, away from the rim.
    tread_u_mm : float
        Where the highest bottom (a groove) lies.
    wall_mm : float or None
        Side-wall thickness of a cupsole, at half the rim's height; None when the cut is one
        solid across (no rim rising above the floor).
    wall_z_mm : float or None
    """

    total_mm: float
    floor_mm: float
    floor_u_mm: float
    tread_mm: float
    tread_u_mm: float
    wall_mm: float | None
    wall_z_mm: float | None


def _verticals(shape: shapely.Geometry, u: FloatArray, z0: float, z1: float) -> FloatArray:
    """Lines ``u = const`` across the section, ``(k,)`` geometries."""
    a = np.stack([u, np.full_like(u, z0 - 1.0)], axis=1)
    b = np.stack([u, np.full_like(u, z1 + 1.0)], axis=1)
    return np.asarray(shapely.intersection(shapely.linestrings(np.stack([a, b], 1)), shape))


def measure_section(s: Section, rim_mm: float = 3.0) -> SectionMeasures:
    """Floor, tread and wall of one section (see :class:`SectionMeasures`)."""
    polys = [shapely.Polygon(p, [h for h in s.holes if shapely.Polygon(p).contains(
        shapely.Point(h[0]))]) for p in s.polygons]  # fmt: skip
    if not polys:
        return SectionMeasures(0.0, 0.0, 0.0, 0.0, 0.0, None, None)
    shape = union(polys)
    u0, z0, u1, z1 = shape.bounds
    inner = (u0 + rim_mm, u1 - rim_mm) if u1 - u0 > 4 * rim_mm else (u0, u1)
    u = np.linspace(inner[0], inner[1], max(2, math.ceil((inner[1] - inner[0]) / 0.25)))
    cuts = _verticals(shape, u, z0, z1)
    thick = shapely.length(cuts)
    lows = np.array([shapely.bounds(c)[1] if not c.is_empty else np.nan for c in cuts])
    seen = np.isfinite(lows)
    # Of the places as thin (or as high) as the extreme, the one nearest the middle: the
    # call-out then stands clear of the rim's.
    middle = np.abs(u - 0.5 * (u0 + u1))
    t_in = np.where(seen, thick, np.inf)
    i_floor = int(np.argmin(np.where(t_in <= t_in.min() + 0.01, middle, np.inf)))
    i_groove = 0
    if seen.any():
        high = np.where(seen, lows, -np.inf)
        i_groove = int(np.argmin(np.where(high >= high.max() - 0.01, middle, np.inf)))
    tread = float(np.nanmax(lows) - np.nanmin(lows)) if seen.any() else 0.0
    wall, wall_z = None, None
    floor_top = float(np.nanmedian([shapely.bounds(c)[3] for c in cuts if not c.is_empty]))
    if z1 - floor_top > 2.0:  # a rim rises above the floor: a cupsole's wall
        wall_z = 0.5 * (floor_top + z1)
        across = shapely.intersection(shapely.LineString([(u0 - 1, wall_z), (u1 + 1, wall_z)]),
                                      shape)  # fmt: skip
        pieces = [g for g in shapely.get_parts(across) if g.length > 0]
        if len(pieces) >= 2:
            ends = sorted(pieces, key=lambda g: g.bounds[0])
            wall = float(min(ends[0].length, ends[-1].length))
        else:
            wall_z = None
    return SectionMeasures(
        total_mm=float(z1 - z0),
        floor_mm=float(thick[i_floor]),
        floor_u_mm=float(u[i_floor]),
        tread_mm=tread,
        tread_u_mm=float(u[i_groove]),
        wall_mm=wall,
        wall_z_mm=wall_z,
    )


@dataclass(frozen=True)
class DrawnSection:
    """One section on the drawing: its letter (A for A-A), the cut, and its call-outs.

    ``y_range_mm`` is the sole's extent across at the cut, where the cut line is drawn.
    """

    letter: str
    section: Section
    measures: SectionMeasures
    x_mm: float
    y_range_mm: tuple[float, float]

    @property
    def width_mm(self) -> float:
        """Width of the sole at the station (the plan's station dimension)."""
        return self.y_range_mm[1] - self.y_range_mm[0]


PlanKind = Literal["length", "ball", "waist", "heel"]


@dataclass(frozen=True)
class PlanDimension:
    """A dimension line of the plan view: across at ``x_mm`` from ``lo`` to ``hi`` (y), or,
    for the length, along from ``lo`` to ``hi`` (x) at ``x_mm`` = the widest side."""

    kind: PlanKind
    value_mm: float
    x_mm: float
    lo_mm: float
    hi_mm: float


@dataclass(frozen=True)
class Profile:
    """A silhouette seen from one side: at each ``u`` the material spans ``low``-``high`` (z).

    Columns with no material hold NaN. ``u`` is x for the side view, y for front and back.
    """

    u_mm: FloatArray
    low_mm: FloatArray
    high_mm: FloatArray


@dataclass(frozen=True)
class ShoeDrawing:
    """The dimensioned drawing of one design at its nominal size (canonical frame, mm).

    Attributes
    ----------
    outline_mm : tuple of (k, 2) float64
        The exact silhouette from below (:attr:`Analysis.silhouette_mm`).
    plan : tuple of PlanDimension
        Length, ball, waist and heel widths.
    sections : tuple of DrawnSection
    side, front : Profile
        Seen from the side (x across) and from the toe (y across; the back view is its mirror).
    heel_height_mm : float or None
        Median height of the top surface over the heel zone (rear 20 %), as the drop's.
    toe_spring_mm, total_height_mm, floor_mm, tread_mm : float
        From the analysis (floor and tread: its thickness and tread depth).
    """

    outline_mm: tuple[FloatArray, ...]
    plan: tuple[PlanDimension, ...]
    sections: tuple[DrawnSection, ...]
    side: Profile
    front: Profile
    heel_height_mm: float | None
    toe_spring_mm: float
    total_height_mm: float
    floor_mm: float
    tread_mm: float
    length_mm: float


def _profile(a: Analysis, across: int) -> Profile:
    """The silhouette seen along the other horizontal axis, column by column (exact spans).

    Two passes over the triangles, chunk by chunk on the pool: the first finds what each column
    is sure of (:func:`_sure`), the second cuts only the triangles that can go beyond it.
    """
    v, f = a.vertices_mm, a.faces
    u_of, z_of = np.ascontiguousarray(v[:, across]), np.ascontiguousarray(v[:, 2])
    # Both ends included, a hair inside: a column exactly on the end face missed it or cut it
    # partly by a rounding of its position (a wedge's toe column read 0.375-14.625 mm for 0-15).
    lo, hi = float(u_of.min()) + END_INSET_MM, float(u_of.max()) - END_INSET_MM
    n = max(2, math.ceil((hi - lo) / PROFILE_STEP_MM) + 1)
    step = (hi - lo) / (n - 1) if n > 1 else 1.0
    origin = lo - 0.5 * step  # column k's centre at lo + k * step

    def corners(faces: IntArray) -> tuple[list[FloatArray], list[FloatArray]]:
        return [u_of[faces[:, k]] for k in range(3)], [z_of[faces[:, k]] for k in range(3)]

    chunks = [slice(i, min(len(f), i + CHUNK_ROWS)) for i in range(0, len(f), CHUNK_ROWS)]
    sure = map_slices(lambda s: _sure(*corners(f[s]), origin, step, n), chunks)
    top = np.max([c.top for c in sure], axis=0, initial=-np.inf)
    bottom = np.min([c.bottom for c in sure], axis=0, initial=np.inf)
    lowest_top, highest_bottom = _sparse_table(top, np.minimum), _sparse_table(bottom, np.maximum)

    def cut(k: int) -> tuple[IntArray, FloatArray, FloatArray]:
        c = sure[k]
        # Below every crossed column's sure top and above its sure bottom: shapes neither.
        reach = (c.z_max > _range_pick(lowest_top, c.first, c.last, np.minimum)) | (
            c.z_min < _range_pick(highest_bottom, c.first, c.last, np.maximum)
        )
        us, zs = corners(f[chunks[k]][c.crossing[reach]])
        return column_spans(us, zs, origin, step, n)

    low, high = bottom, top
    for col, zl, zh in map_items(cut, range(len(chunks))):
        np.minimum.at(low, col, zl)
        np.maximum.at(high, col, zh)
    empty = ~(high >= low)
    low[empty], high[empty] = np.nan, np.nan
    # Drawn at the ends themselves (the spans stand END_INSET_MM inside them).
    u = np.linspace(lo - END_INSET_MM, hi + END_INSET_MM, n)
    return Profile(np.asarray(u, dtype=np.float64), low, high)


@dataclass(frozen=True)
class _Sure:
    """A chunk of triangles' part of what the profile's columns are sure of.

    A triangle crossing a column line crosses it between its lowest and highest corner, so at
    its first and last column the top is at least its lowest corner and the bottom at most its
    highest. A triangle lying below that sure top and above that sure bottom on every column it
    crosses shapes neither: only the others are cut (on the examples 4-18 % of the triangles
    seen from the side, 0.2-15 % from the front; cutting them all took 0.7 s of a 1.3 M-triangle
    sole's drawing).

    Attributes
    ----------
    top, bottom : (n,) float64
        Lowest the top and highest the bottom of each column can be, by this chunk (-inf, +inf:
        unknown).
    crossing : (k,) int64
        The chunk's triangles that cross a column line, by their row in the chunk.
    first, last, z_min, z_max : (k,)
        Their first and last column, lowest and highest corner.
    """

    top: FloatArray
    bottom: FloatArray
    crossing: IntArray
    first: IntArray
    last: IntArray
    z_min: FloatArray
    z_max: FloatArray


def _sure(us: list[FloatArray], zs: list[FloatArray], origin: float, step: float, n: int) -> _Sure:
    first, last = column_range(us, origin, step, n)
    crossing = np.flatnonzero(first <= last)
    first, last = first[crossing], last[crossing]
    z_min = np.minimum(np.minimum(zs[0], zs[1]), zs[2])[crossing]
    z_max = np.maximum(np.maximum(zs[0], zs[1]), zs[2])[crossing]
    top, bottom = np.full(n, -np.inf), np.full(n, np.inf)
    for ends in (first, last):
        np.maximum.at(top, ends, z_min)
        np.minimum.at(bottom, ends, z_max)
    return _Sure(top, bottom, crossing, first, last, z_min, z_max)


def _sparse_table(values: FloatArray, pick: np.ufunc) -> FloatArray:
    """Row k: ``pick`` (np.minimum or np.maximum) of every run of 2**k values, ``(levels, n)``;
    any range is two overlapping runs (:func:`_range_pick`)."""
    levels = [values]
    while 2 ** len(levels) <= values.size:
        prev, width = levels[-1], 2 ** (len(levels) - 1)
        levels.append(pick(prev[:-width], prev[width:]))
    table = np.zeros((len(levels), values.size))
    for row, level in enumerate(levels):
        table[row, : level.size] = level
    return table


def _range_pick(table: FloatArray, first: IntArray, last: IntArray, pick: np.ufunc) -> FloatArray:
    """``pick`` over ``values[first:last + 1]``, range by range, from ``_sparse_table(values)``;
    ``first <= last`` everywhere."""
    k = np.frexp((last - first + 1).astype(np.float64))[1] - 1  # floor(log2(length))
    return np.asarray(pick(table[k, first], table[k, last - (1 << k) + 1]), dtype=np.float64)


def _across(sole: shapely.Geometry, x_mm: float) -> tuple[float, float]:
    """The sole's extent across (y) at ``x_mm``, from the exact outline (``sole``, its union)."""
    if sole.is_empty:
        return (0.0, 0.0)
    _, y0, _, y1 = sole.bounds
    hit = shapely.intersection(shapely.LineString([(x_mm, y0 - 1.0), (x_mm, y1 + 1.0)]), sole)
    if hit.is_empty:
        return (0.0, 0.0)
    b = hit.bounds
    return (float(b[1]), float(b[3]))


def _widest(a: Analysis, lo_pct: float, hi_pct: float, narrowest: bool = False) -> float:
    """x of the widest (or narrowest) footprint column within a band of the length."""
    fp = a.footprint
    x0 = float(a.vertices_mm[:, 0].min())
    length = a.dimensions.length_mm
    sel = (fp.column_x_mm >= x0 + lo_pct / 100 * length) & (
        fp.column_x_mm <= x0 + hi_pct / 100 * length) & (fp.column_width_mm > 0)  # fmt: skip
    if not sel.any():
        return x0 + 0.5 * (lo_pct + hi_pct) / 100 * length
    w = np.where(sel, fp.column_width_mm, np.inf if narrowest else -np.inf)
    return float(fp.column_x_mm[np.argmin(w) if narrowest else np.argmax(w)])


def shoe_drawing(a: Analysis, stations: tuple[Station, ...] = ()) -> ShoeDrawing:
    """Everything the dimensioned drawing shows, for the analysis's sole."""
    outline = a.silhouette_mm
    sole = union([shapely.Polygon(r) for r in outline])  # once, for every width across
    d = a.dimensions
    v = a.vertices_mm
    x0 = float(v[:, 0].min())
    length = d.length_mm
    plan = []
    plan.append(PlanDimension("length", length, x0, x0, x0 + length))
    widths: tuple[tuple[PlanKind, float | None, tuple[float, float], bool], ...] = (
        ("heel", d.heel_width_mm, (0.0, 20.0), False),  # the analysis's bands
        ("waist", None, WAIST_PCT, True),
        ("ball", d.ball_width_mm, (50.0, 100.0), False),
    )
    for kind, value, band, narrow in widths:
        x = _widest(a, band[0], band[1], narrow)
        lo, hi = _across(sole, x)
        plan.append(PlanDimension(kind, hi - lo if value is None else value, x, lo, hi))
    r = a.relief
    drawn: list[DrawnSection] = []
    if stations:
        for st in stations:
            pct = st.pct(length)
            if not 0.0 < pct < 100.0:
                raise OutsoleError(
                    "section station {value} lies beyond the sole ({length} mm long)",
                    value=str(st), length=f"{length:.1f}",
                )  # fmt: skip
            drawn_s = transverse(v, a.faces, pct, name=f"station {st}")
            drawn.append(_drawn(len(drawn), drawn_s, x0, length, sole))
    elif r is not None:
        for s in r.sections:
            if s.name != "longitudinal":
                drawn.append(_drawn(len(drawn), s, x0, length, sole))
    maps_heel = None
    if r is not None:
        t = r.maps.length_fraction()
        heel = r.maps.inside & (t <= 0.2)
        tops = r.maps.top_mm[heel]
        if tops.size and not np.isnan(tops).any():
            maps_heel = float(np.median(tops))
    return ShoeDrawing(
        outline_mm=outline,
        plan=tuple(plan),
        sections=tuple(drawn),
        side=_profile(a, 0),
        front=_profile(a, 1),
        heel_height_mm=maps_heel,
        toe_spring_mm=0.0 if r is None else r.toe_spring_mm,
        total_height_mm=d.height_mm,
        floor_mm=0.0 if r is None else r.thickness.floor_mm,
        tread_mm=0.0 if r is None else r.tread_depth_mm,
        length_mm=length,
    )


def _drawn(i: int, s: Section, x0: float, length: float, sole: shapely.Geometry) -> DrawnSection:
    x = x0 + s.position_pct / 100.0 * length
    return DrawnSection(chr(ord("A") + i), s, measure_section(s), x, _across(sole, x))
