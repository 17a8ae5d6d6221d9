"""Ground contact: the bottom surface within a tolerance of the ground plane (canonical frame,
mm), from the faces themselves, exact for flat tread tops (no grid)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .chunked import map_chunks
from .mesh import BoolArray, FloatArray, IntArray


@dataclass(frozen=True)
class ContactAreas:
    """Bottom surface within the contact tolerance of the ground, mm2.

    Attributes
    ----------
    area_mm2 : float
        All of it.
    heel_mm2, forefoot_mm2 : float
        In the heel zone (rear 30 % of the length) and the forefoot zone (front 40 %).
    tolerance_mm : float
    """

    area_mm2: float
    heel_mm2: float
    forefoot_mm2: float
    tolerance_mm: float


def _ground_faces(
    vertices_mm: FloatArray, faces: IntArray, tolerance_mm: float
) -> tuple[IntArray, FloatArray, FloatArray]:
    """The faces that look down with every corner within ``tolerance_mm`` of z = 0.

    Chunk by chunk on the cores; the projected area and the centroid are worked out only for
    the faces low enough (the tread's tops, a few of a sole's faces).

    Returns
    -------
    rows : (k,) int64
        The faces, ascending.
    cz : (k,) float64
        Twice their projected areas, signed (up positive, so negative here).
    xc : (k,) float64
        Their centroids' x.
    """
    vx, vy, vz = (np.ascontiguousarray(vertices_mm[:, k]) for k in range(3))

    def chunk(s: slice) -> tuple[IntArray, FloatArray, FloatArray]:
        f = faces[s]
        zmax = np.maximum(np.maximum(vz[f[:, 0]], vz[f[:, 1]]), vz[f[:, 2]])
        low = np.flatnonzero(zmax <= tolerance_mm)
        f = f[low]
        ax, bx, cx = vx[f[:, 0]], vx[f[:, 1]], vx[f[:, 2]]
        ay, by, cy = vy[f[:, 0]], vy[f[:, 1]], vy[f[:, 2]]
        cz = (bx - ax) * (cy - ay) - (cx - ax) * (by - ay)
        down = cz < 0
        return low[down] + s.start, cz[down], ((ax + bx + cx) / 3.0)[down]

    pieces = map_chunks(chunk, faces.shape[0])
    if not pieces:
        return np.zeros(0, np.int64), np.zeros(0), np.zeros(0)
    return (
        np.concatenate([p[0] for p in pieces]),
        np.concatenate([p[1] for p in pieces]),
        np.concatenate([p[2] for p in pieces]),
    )


def contact_faces(vertices_mm: FloatArray, faces: IntArray, tolerance_mm: float = 0.5) -> BoolArray:
    """(m,) bool: the faces that look down with every corner within ``tolerance_mm`` of z = 0."""
    on = np.zeros(faces.shape[0], dtype=bool)
    on[_ground_faces(vertices_mm, faces, tolerance_mm)[0]] = True
    return on


def contact_areas(
    vertices_mm: FloatArray, faces: IntArray, tolerance_mm: float = 0.5
) -> ContactAreas:
    """Ground contact from the faces themselves: exact for flat tread tops, no grid.

    A face counts when it looks down and all its corners lie within ``tolerance_mm`` of the
    ground plane z = 0 (:func:`contact_faces`); its area seen from below is added to the zone
    of its centroid.
    """
    _, cz, x = _ground_faces(vertices_mm, faces, tolerance_mm)
    area = 0.5 * np.abs(cz)
    x_min, x_max = float(vertices_mm[:, 0].min()), float(vertices_mm[:, 0].max())
    length = x_max - x_min
    return ContactAreas(
        area_mm2=float(area.sum()),
        heel_mm2=float(area[x <= x_min + 0.3 * length].sum()),
        forefoot_mm2=float(area[x >= x_min + 0.6 * length].sum()),
        tolerance_mm=tolerance_mm,
    )
