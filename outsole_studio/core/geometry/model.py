"""What a reader hands to the pipeline: the meshes of a file and what the file says of its unit."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..errors import MeshFormatError
from ..messages import Message
from .names import UNIT_TO_MM as UNIT_TO_MM  # the readers find it here

MAX_TRIANGLES = 4_000_000
"""Most triangles a model may have (a 200 MB binary STL): an outsole needs at most about 1.5 M;
the analysis of 4 M stays within a laptop's memory."""


@dataclass(frozen=True)
class MeshPart:
    """One mesh as stored in a file (an STL solid, an OBJ object, a glTF node...).

    Attributes
    ----------
    name : str
        Name in the file, or ``""``.
    vertices : (n, 3) float32 or float64
        Coordinates in the file's unit and axes (transforms already applied).
    faces : (m, 3) int64 or None
        Triangles indexing ``vertices``; vertices need not be shared yet. None for a triangle
        soup, as in STL: every three vertices are one triangle's corners (no index array is
        made for it: 31 MB for 1.3 M triangles).
    """

    name: str
    vertices: npt.NDArray[np.floating]
    faces: npt.NDArray[np.int64] | None = None

    @property
    def soup(self) -> bool:
        """Whether every triangle has its own three vertices (no ``faces``)."""
        return self.faces is None

    @property
    def face_count(self) -> int:
        """Triangles in this mesh."""
        return self.vertices.shape[0] // 3 if self.faces is None else int(self.faces.shape[0])

    def face_indices(self) -> npt.NDArray[np.int64]:
        """``faces``, made for a soup: ``arange(3 m).reshape(m, 3)``."""
        if self.faces is None:
            return np.arange(3 * self.face_count, dtype=np.int64).reshape(-1, 3)
        return self.faces

    def triangles(self) -> npt.NDArray[np.floating]:
        """Corner coordinates ``(m, 3, 3)``."""
        if self.faces is None:  # the vertices already are the corners
            return self.vertices.reshape(-1, 3, 3)
        return self.vertices[self.faces]


@dataclass(frozen=True)
class LoadedModel:
    """A mesh file as read: its parts and any unit the file declares.

    Attributes
    ----------
    path : str
    format : str
        ``"stl"``, ``"stl-ascii"``, ``"obj"``, ``"ply"``, ``"off"``, ``"glb"``, ``"gltf"`` or
        ``"3mf"``.
    parts : tuple of MeshPart
    unit_hint : str or None
        A key of :data:`UNIT_TO_MM` the file declares (3MF ``unit``, glTF's metres), else None.
    unit_hint_source : Message or None
        Where the hint comes from, for the report.
    """

    path: str
    format: str
    parts: tuple[MeshPart, ...]
    unit_hint: str | None = None
    unit_hint_source: Message | None = None

    @property
    def face_count(self) -> int:
        """Triangles over all parts."""
        return sum(p.face_count for p in self.parts)


def too_many_triangles(count: int, path: str | None = None) -> MeshFormatError:
    """The error for a model (or what a file would instance) above :data:`MAX_TRIANGLES`."""
    if count > 10 * MAX_TRIANGLES:  # counting stopped early: the exact figure is not known
        return MeshFormatError(
            "the model would have more than {limit} triangles, the most Outsole Studio analyses; "
            "reduce it (decimate) in the modelling program and export it again",
            path,
            limit=format(MAX_TRIANGLES, ","),
        )
    return MeshFormatError(
        "the model has {count} triangles, more than the {limit} Outsole Studio analyses; "
        "reduce it (decimate) in the modelling program and export it again",
        path,
        count=format(count, ","),
        limit=format(MAX_TRIANGLES, ","),
    )
