"""Indexed triangle meshes: welding a triangle soup, topology, health and safe repairs.

Everything here is vectorised numpy/scipy: a 1.3 M-triangle sole is welded, checked and repaired
in well under a second. Arrays follow trimesh's conventions: ``vertices`` is ``(n, 3) float64``,
``faces`` is ``(m, 3) int64`` indexing into ``vertices``.
"""

from ..arrays import BoolArray, FloatArray, IntArray, UIntArray
from .measure import (
    BegunGeometry,
    FaceGeometry,
    MassProperties,
    body_mass_properties,
    face_geometry,
    face_normals,
    mass_properties,
    soup_face_geometry,
)
from .repair import Body, Health, MergedMesh, RepairedMesh, merge_parts, repair
from .topology import EdgeTopology, edge_topology, face_components, orientation_flips
from .welding import bounds, fast_argsort, weld

__all__ = [
    "BegunGeometry", "Body", "BoolArray", "EdgeTopology", "FaceGeometry", "FloatArray", "Health",
    "IntArray", "MassProperties", "MergedMesh", "RepairedMesh", "UIntArray",
    "body_mass_properties", "bounds", "edge_topology", "face_components", "face_geometry",
    "face_normals", "fast_argsort", "mass_properties", "merge_parts", "orientation_flips",
    "repair", "soup_face_geometry", "weld",
]  # fmt: skip
