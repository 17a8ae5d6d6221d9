"""The tread catalogue: 2-D patterns of tread elements, generated on a plane and clipped later.

Every pattern is a function ``(bounds, pitch_mm, element_mm) -> shapely geometry`` that fills the
rectangle ``bounds = (x0, y0, x1, y1)`` (mm) with elements; the generator clips the result to the
outline less a plain margin. Batik-inspired motifs (kawung, parang, truntum) are simplified,
synthetic renderings made for demonstration, not reproductions of any particular cloth.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import shapely
from shapely import affinity
from shapely.geometry.base import BaseGeometry

Bounds = tuple[float, float, float, float]
Pattern = Callable[[Bounds, float, float], BaseGeometry]


def _grid(bounds: Bounds, pitch: float, stagger: bool = False) -> list[tuple[float, float]]:
    x0, y0, x1, y1 = bounds
    pts = []
    for j, y in enumerate(np.arange(y0 - pitch, y1 + pitch, pitch)):
        shift = pitch / 2 if stagger and j % 2 else 0.0
        pts += [(float(x + shift), float(y)) for x in np.arange(x0 - pitch, x1 + pitch, pitch)]
    return pts


def square_lugs(bounds: Bounds, pitch: float, element: float) -> BaseGeometry:
    """Square lugs of side ``element`` on a square grid."""
    h = element / 2
    return shapely.union_all(
        [shapely.box(x - h, y - h, x + h, y + h) for x, y in _grid(bounds, pitch)]
    )


def ribs(bounds: Bounds, pitch: float, element: float) -> BaseGeometry:
    """Transverse ribs (across the width) of width ``element``."""
    x0, y0, x1, y1 = bounds
    return shapely.union_all(
        [
            shapely.box(x - element / 2, y0 - 1, x + element / 2, y1 + 1)
            for x in np.arange(x0 + pitch / 2, x1, pitch)
        ]
    )


def herringbone(bounds: Bounds, pitch: float, element: float) -> BaseGeometry:
    """Chevrons: zig-zag bars across the width, ``element`` wide, one every ``pitch``."""
    x0, y0, x1, y1 = bounds
    amp = pitch * 0.9
    bars = []
    for x in np.arange(x0 - amp, x1 + amp, pitch):
        ys = np.arange(y0 - pitch, y1 + 2 * pitch, pitch)
        xs = x + np.where(np.arange(ys.size) % 2, amp, 0.0)
        bars.append(
            shapely.LineString(np.stack([xs, ys], axis=1)).buffer(
                element / 2, cap_style="flat", join_style="mitre"
            )
        )
    return shapely.union_all(bars)


def hexagons(bounds: Bounds, pitch: float, element: float) -> BaseGeometry:
    """Honeycomb of hexagons ``element`` across flats, centres ``pitch`` apart."""
    r = element / math.sqrt(3)
    angles = np.radians(np.arange(0, 360, 60) + 30)
    unit = np.stack([np.cos(angles), np.sin(angles)], axis=1) * r
    x0, y0, x1, y1 = bounds
    cells = []
    row_h = pitch * math.sqrt(3) / 2
    for j, y in enumerate(np.arange(y0 - pitch, y1 + pitch, row_h)):
        shift = pitch / 2 if j % 2 else 0.0
        for x in np.arange(x0 - pitch, x1 + pitch, pitch):
            cells.append(shapely.Polygon(unit + (x + shift, y)))
    return shapely.union_all(cells)


def kawung(bounds: Bounds, pitch: float, element: float) -> BaseGeometry:
    """Kawung: four elliptical petals around each node, like a cross-cut palm fruit."""
    petal = affinity.scale(shapely.Point(0, 0).buffer(1.0, quad_segs=12), element / 2, element / 4)
    d = element / 2 + 0.06 * pitch  # petal centres: a small gap at the node
    shapes = []
    for x, y in _grid(bounds, pitch):
        for k in range(4):
            a = 45 + 90 * k
            p = affinity.rotate(petal, a, origin=(0, 0))
            c, s = math.cos(math.radians(a)), math.sin(math.radians(a))
            shapes.append(affinity.translate(p, x + d * c, y + d * s))
    return shapely.union_all(shapes)


def parang(bounds: Bounds, pitch: float, element: float) -> BaseGeometry:
    """Parang: diagonal S-shaped bands running at 45 degrees, ``pitch`` apart."""
    x0, y0, x1, y1 = bounds
    span = math.hypot(x1 - x0, y1 - y0)
    u = np.array([1.0, 1.0]) / math.sqrt(2)
    n = np.array([-1.0, 1.0]) / math.sqrt(2)
    s = np.linspace(-span, span, 600)
    wave = 0.22 * pitch * np.sin(2 * math.pi * s / (1.6 * pitch))
    centre = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
    bands = []
    for off in np.arange(-span, span, pitch):
        pts = centre + np.outer(s, u) + np.outer(off + wave, n)
        bands.append(shapely.LineString(pts).buffer(element / 2, cap_style="flat"))
    return shapely.union_all(bands)


def truntum(bounds: Bounds, pitch: float, element: float) -> BaseGeometry:
    """Truntum: small eight-pointed stars on a staggered grid."""
    k = np.arange(16)
    radius = np.where(k % 2 == 0, element / 2, element / 4.5)
    ang = np.pi * k / 8
    star = np.stack([radius * np.cos(ang), radius * np.sin(ang)], axis=1)
    return shapely.union_all(
        [shapely.Polygon(star + (x, y)) for x, y in _grid(bounds, pitch, stagger=True)]
    )


CATALOGUE: dict[str, Pattern] = {
    "lugs": square_lugs,
    "ribs": ribs,
    "herringbone": herringbone,
    "hexagons": hexagons,
    "kawung": kawung,
    "parang": parang,
    "truntum": truntum,
}
"""Tread patterns by name."""
