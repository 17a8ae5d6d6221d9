"""Reference solids with exactly known measurements: the test bench of the geometry code.

A foot-like outline (symmetric about X, wider at the ball than at the heel) is extruded into a
slab, and square lugs hang below it. Everything is a polygon or a box, so every measurement has
an exact value to compare with. Used by the tests, the benchmarks and the sample outsole.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import manifold3d
import numpy as np
import shapely

from outsole_studio.core.geometry.mesh import FloatArray, IntArray


@dataclass(frozen=True)
class Truth:
    """Exact measurements of a reference solid in its canonical frame (mm, mm2, mm3)."""

    length_mm: float
    width_mm: float
    height_mm: float
    ball_width_mm: float
    heel_width_mm: float
    volume_mm3: float
    area_mm2: float
    outline_area_mm2: float
    outline_perimeter_mm: float


def foot_outline(
    length: float = 270.0, ball_half: float = 50.0, heel_half: float = 32.0, n: int = 160
) -> FloatArray:
    """A foot-like outline, heel at x = 0, symmetric about y = 0.

    The half-width grows smoothly from ``heel_half`` (rear fifth) to ``ball_half`` (about 66 %
    of the length), with rounded heel and toe ends.

    Returns
    -------
    (k, 2) float64
        Counter-clockwise polygon, not closed (first point not repeated).
    """
    t = 0.5 - 0.5 * np.cos(np.linspace(0.0, math.pi, n))
    s = np.clip((t - 0.2) / (0.66 - 0.2), 0, 1)
    grade = s * s * (3 - 2 * s)
    base = heel_half + (ball_half - heel_half) * grade
    envelope = np.sqrt(np.clip(1 - (2 * t - 1) ** 2, 0, 1)) ** 0.45
    hw = base * envelope
    hw[0] = hw[-1] = 0.0
    lower = np.stack([t * length, -hw], axis=1)
    upper = np.stack([t[-2:0:-1] * length, hw[-2:0:-1]], axis=1)
    return np.asarray(np.vstack([lower, upper]), dtype=np.float64)


def chord_width(poly: FloatArray, x: float) -> float:
    """Width across Y of a simple polygon along the line at ``x`` (outer extent), mm."""
    line = shapely.LineString([(x, -1e6), (x, 1e6)])
    cut = shapely.Polygon(poly).intersection(line)
    if cut.is_empty:
        return 0.0
    _, ymin, _, ymax = cut.bounds
    return float(ymax - ymin)


def lugged_sole(
    length: float = 270.0,
    ball_half: float = 50.0,
    heel_half: float = 32.0,
    slab_mm: float = 6.0,
    lug_mm: float = 3.0,
    lug_size: float = 8.0,
    pitch: float = 12.0,
    margin: float = 4.0,
) -> tuple[FloatArray, IntArray, Truth]:
    """A slab on the foot outline with square lugs below, in the canonical frame (mm).

    The lug bottoms are at z = 0 and the slab top at ``slab_mm + lug_mm``; ``lug_mm = 0`` gives
    a smooth slab. Lugs lie on a ``pitch`` grid, wholly inside the outline less ``margin``.

    Returns
    -------
    vertices : (n, 3) float64
    faces : (m, 3) int64
        Watertight, outward wound (a manifold3d union).
    truth : Truth
    """
    poly = foot_outline(length, ball_half, heel_half)
    outline = shapely.Polygon(poly)
    inner = outline.buffer(-margin)
    slab = manifold3d.CrossSection([poly]).extrude(slab_mm).translate((0, 0, lug_mm))
    lugs = []
    if lug_mm > 0:
        for cx in np.arange(pitch / 2, length, pitch):
            for cy in np.arange(-ball_half, ball_half, pitch) + pitch / 2:
                box = shapely.box(
                    cx - lug_size / 2, cy - lug_size / 2, cx + lug_size / 2, cy + lug_size / 2
                )
                if inner.contains(box):
                    lugs.append(
                        manifold3d.Manifold.cube(
                            (lug_size, lug_size, lug_mm + slab_mm / 2)
                        ).translate((cx - lug_size / 2, cy - lug_size / 2, 0.0))
                    )
    solid = manifold3d.Manifold.batch_boolean([slab, *lugs], manifold3d.OpType.Add)
    mesh = solid.to_mesh64()
    vertices = np.asarray(mesh.vert_properties, dtype=np.float64)[:, :3]
    faces = np.asarray(mesh.tri_verts, dtype=np.int64)
    area = outline.area
    perim = outline.length
    n = len(lugs)
    # The half-width rises monotonically to the ball: the heel's widest chord is at 20 %.
    hw_ball = np.abs(poly[poly[:, 0] >= 0.5 * length, 1]).max()
    heel_width = max(
        np.abs(poly[poly[:, 0] <= 0.2 * length, 1]).max() * 2, chord_width(poly, 0.2 * length)
    )
    truth = Truth(
        length_mm=length,
        width_mm=float(2 * np.abs(poly[:, 1]).max()),
        height_mm=slab_mm + lug_mm,
        ball_width_mm=float(2 * hw_ball),
        heel_width_mm=float(heel_width),
        volume_mm3=float(area * slab_mm + n * lug_size**2 * lug_mm),
        area_mm2=float(2 * area + perim * slab_mm + n * 4 * lug_size * lug_mm),
        outline_area_mm2=float(area),
        outline_perimeter_mm=float(perim),
    )
    return vertices, faces, truth


def rotation(axis: str, degrees: float) -> FloatArray:
    """Right-handed rotation matrix about a coordinate axis."""
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    if axis == "x":
        return np.array([[1, 0, 0], [0, c, -s], [0, s, c]])
    if axis == "y":
        return np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])
