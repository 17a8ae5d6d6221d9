"""Mould draft: the angle of every face to the pull direction Z, the faces with too little of
it and the undercuts (canonical frame, mm)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .mesh import BoolArray, FaceGeometry, FloatArray, IntArray, map_face_normals

if TYPE_CHECKING:
    from .relief import HeightMaps


@dataclass(frozen=True)
class Draft:
    """Mould draft against the pull direction Z.

    Attributes
    ----------
    threshold_deg : float
    draft_deg : (m,) float64
        Per face: the angle between the face and the pull direction, 0 for a vertical wall,
        90 for a flat face.
    low_draft : (m,) bool
        Faces with less draft than the threshold.
    undercut : (m,) bool
        Faces hidden in the direction they look (see :class:`HeightMaps`).
    low_draft_area_mm2 : float
    undercut_area_mm2 : float
        Sampled on the grid of the height maps (faces partly hidden count in part).
    """

    threshold_deg: float
    draft_deg: FloatArray
    low_draft: BoolArray
    undercut: BoolArray
    low_draft_area_mm2: float
    undercut_area_mm2: float


def draft_angles_deg(geom: FaceGeometry) -> FloatArray:
    """Per face, the angle between the face and the pull direction Z, degrees.

    0 for a vertical wall, 90 for a flat face; 0 for a face of no area.
    """
    return _pull_angles_deg(geom.cross, geom.double_area)


def _pull_angles_deg(cross: FloatArray, double_area: FloatArray) -> FloatArray:
    """:func:`draft_angles_deg` from the faces' ``cross`` ``(m, 3)`` and ``double_area``."""
    nz = np.divide(cross[:, 2], double_area, out=np.zeros_like(double_area), where=double_area > 0)
    angle: FloatArray = np.degrees(np.arcsin(np.clip(np.abs(nz), 0.0, 1.0)))
    return angle


def draft(
    vertices_mm: FloatArray, faces: IntArray, maps: HeightMaps, threshold_deg: float = 1.0
) -> Draft:
    """Draft angle of every face and the areas a mould maker checks.

    Face by face in chunks, on the cores: the faces' normals are never held for the whole mesh
    (1.3 M faces, in a warm process: 91 -> 68 ms on one core, 68 -> 51 ms on two; the same
    values to the last bit).

    Parameters
    ----------
    maps : HeightMaps
        Of the same mesh (its hidden faces are the undercuts).
    """
    m = faces.shape[0]
    angle = np.empty(m)
    low = np.empty(m, dtype=bool)

    def chunk(s: slice, cross_rows: FloatArray, length: FloatArray) -> FloatArray:
        angle[s] = _pull_angles_deg(cross_rows.T, length)
        np.less(angle[s], threshold_deg, out=low[s])
        low[s] &= length > 0
        return 0.5 * length[low[s]]

    # One sum over the low faces' areas in face order, as numpy sums one array.
    low_area = np.concatenate(map_face_normals(vertices_mm, faces, chunk)) if m else np.zeros(0)
    under = maps.hidden_faces & ~low
    return Draft(
        threshold_deg=threshold_deg,
        draft_deg=angle,
        low_draft=low,
        undercut=under,
        low_draft_area_mm2=float(low_area.sum()),
        undercut_area_mm2=maps.hidden_area_mm2,
    )
