"""Generated outsole-like solids with exactly known measurements, for the tests.

A foot-like outline (symmetric about X, wider at the ball than at the heel) is extruded into a
slab, and square lugs hang below it. Everything is a polygon or a box, so the truth is exact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import manifold3d
import numpy as np
import shapely


@dataclass(frozen=True)
class Truth:
    length_mm: float
    width_mm: float
    height_mm: float
    ball_width_mm: float
    heel_width_mm: float
    volume_mm3: float
    area_mm2: float
    outline_area_mm2: float
    outline_perimeter_mm: float


def foot_outline(length=270.0, ball_half=50.0, heel_half=32.0, n=160):
    """Closed polygon (k, 2) counter-clockwise, heel at x = 0, symmetric about y = 0."""
    t = 0.5 - 0.5 * np.cos(np.linspace(0.0, math.pi, n))
    s = np.clip((t - 0.2) / (0.66 - 0.2), 0, 1)
    grade = s * s * (3 - 2 * s)
    base = heel_half + (ball_half - heel_half) * grade
    envelope = np.sqrt(np.clip(1 - (2 * t - 1) ** 2, 0, 1)) ** 0.45
    hw = base * envelope
    hw[0] = hw[-1] = 0.0
    upper = np.stack([t * length, hw], axis=1)
    lower = np.stack([t[-2:0:-1] * length, -hw[-2:0:-1]], axis=1)
    return (
        np.vstack([lower[::-1] * [1, 1], upper[::-1]])[::-1]
        if False
        else np.vstack(
            [
                np.stack([t * length, -hw], axis=1),
                np.stack([t[-2:0:-1] * length, hw[-2:0:-1]], axis=1),
            ]
        )
    )


def lugged_sole(
    length=270.0,
    ball_half=50.0,
    heel_half=32.0,
    slab_mm=6.0,
    lug_mm=3.0,
    lug_size=8.0,
    pitch=12.0,
    margin=4.0,
):
    """A slab with square lugs below. Returns (vertices (n,3), faces (m,3), Truth).

    The lug bottoms are at z = 0 and the slab top at ``slab_mm + lug_mm``.
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
    hw_ball = np.abs(poly[poly[:, 0] >= 0.5 * length, 1]).max()
    hw_heel = np.abs(poly[poly[:, 0] <= 0.2 * length, 1]).max()
    truth = Truth(
        length_mm=length,
        width_mm=2 * np.abs(poly[:, 1]).max(),
        height_mm=slab_mm + lug_mm,
        ball_width_mm=2 * hw_ball,
        heel_width_mm=2 * hw_heel,
        volume_mm3=area * slab_mm + n * lug_size**2 * lug_mm,
        area_mm2=2 * area + perim * slab_mm + n * 4 * lug_size * lug_mm,
        outline_area_mm2=area,
        outline_perimeter_mm=perim,
    )
    return vertices, faces, truth


def rotation(axis: str, degrees: float) -> np.ndarray:
    """Right-handed rotation matrix about a coordinate axis."""
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    if axis == "x":
        return np.array([[1, 0, 0], [0, c, -s], [0, s, c]])
    if axis == "y":
        return np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])
