"""Mould draft: the angle of every face to the pull direction Z, the faces with too little of
it and the undercuts (canonical frame, mm)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .chunked import map_chunks
from .mesh import BoolArray, FaceGeometry, FloatArray, IntArray, face_normals

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


@dataclass(frozen=True)
class Pull:
    """The faces seen along the pull direction, from their geometry in another frame: the
    file's, where the analysis has it already (a rotation keeps both, a unit scales both).

    Attributes
    ----------
    along : (m,) float64
        Each face's ``cross`` (see :class:`~.mesh.FaceGeometry`) along the pull direction.
    double_area : (m,) float64
        Its length.
    scale_to_mm : float
        From that frame's unit to mm.
    """

    along: FloatArray
    double_area: FloatArray
    scale_to_mm: float

    def select(self, idx: IntArray) -> Pull:
        """The same for a subset of the faces."""
        return Pull(self.along[idx], self.double_area[idx], self.scale_to_mm)


def draft_angles_deg(geom: FaceGeometry) -> FloatArray:
    """Per face, the angle between the face and the pull direction Z, degrees.

    0 for a vertical wall, 90 for a flat face; 0 for a face of no area.
    """
    return _angles_deg(geom.cross[:, 2], geom.double_area)


def _angles_deg(along: FloatArray, double_area: FloatArray) -> FloatArray:
    """:func:`draft_angles_deg` from the faces' ``cross`` along the pull and ``double_area``."""
    nz = np.divide(along, double_area, out=np.zeros_like(double_area), where=double_area > 0)
    angle: FloatArray = np.degrees(np.arcsin(np.clip(np.abs(nz), 0.0, 1.0)))
    return angle


def draft(
    vertices_mm: FloatArray,
    faces: IntArray,
    maps: HeightMaps,
    threshold_deg: float = 1.0,
    pull: Pull | None = None,
) -> Draft:
    """Draft angle of every face and the areas a mould maker checks.

    Chunk by chunk, on the cores. Given ``pull`` (the faces' geometry in the file's frame),
    the faces' normals are not worked out again: a 1.3 M-triangle sole 77 -> 15 ms on one
    core (and 4-9 ms for the caller's product along the pull); the angles agree with the
    canonical frame's to rounding (1e-10 degrees on walls, 1e-6 on flat faces, where the
    arcsine is steep). Without it, the faces' normals are worked out from the canonical
    vertices (:func:`~.mesh.face_normals`).

    Parameters
    ----------
    maps : HeightMaps
        Of the same mesh (its hidden faces are the undercuts).
    pull : Pull, optional
    """
    if pull is None:
        cross, length = face_normals(vertices_mm, faces)
        pull = Pull(cross[:, 2], length, 1.0)
    along, double_area, scale = pull.along, pull.double_area, pull.scale_to_mm
    m = faces.shape[0]
    angle = np.empty(m)
    low = np.empty(m, dtype=bool)

    def measure(s: slice) -> FloatArray:
        angle[s] = _angles_deg(along[s], double_area[s])
        np.less(angle[s], threshold_deg, out=low[s])
        low[s] &= double_area[s] > 0
        return 0.5 * double_area[s][low[s]]

    # One sum over the low faces' areas in face order, as numpy sums one array.
    pieces = map_chunks(measure, m)
    low_area = np.concatenate(pieces) if pieces else np.zeros(0)
    under = maps.hidden_faces & ~low
    return Draft(
        threshold_deg=threshold_deg,
        draft_deg=angle,
        low_draft=low,
        undercut=under,
        low_draft_area_mm2=float(low_area.sum()) * scale * scale,
        undercut_area_mm2=maps.hidden_area_mm2,
    )
