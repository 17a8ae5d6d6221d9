"""A loaded model checked, each of its meshes welded, and the meshes merged into one.

The first step of the analysis, and the one that needs numpy alone (no scipy, no shapely): a
process of its own can do it while the analysing process imports the rest
(:mod:`~outsole_studio.io.read_ahead`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..errors import GeometryError
from .chunked import map_chunks
from .mesh import FloatArray, MergedMesh, bounds, merge_parts, weld
from .model import LoadedModel
from .tolerances import Tolerances

#: The largest and smallest extent (in the file's own units) a file may have to be an outsole in
#: some unit: 400 mm is 4e5 micrometres; 150 mm is 1.5e-4 km. Beyond, no unit makes it a sole.
MAX_EXTENT = 1e6
"""Largest model extent in file units (a 400 mm sole exported in micrometres is 4e5)."""
MIN_EXTENT = 1e-6
"""Smallest model extent in file units: below it no unit makes a sole."""
MAX_COORDINATE = 1e9
"""Farthest a coordinate may lie from the file's origin, in file units."""


def merged_mesh(model: LoadedModel, tolerances: Tolerances) -> MergedMesh:
    """Check a loaded model, weld each of its meshes and merge them.

    Raises
    ------
    GeometryError
        No triangles, non-finite coordinates, or a flat model (a surface, not a solid).
    """
    if model.face_count == 0:
        raise GeometryError("the file holds no triangles", model.path)
    merged = merge_parts([weld(p.triangles()) for p in model.parts])
    return _checked(
        merged,
        model.path,
        tolerances,
        lambda: sum(int((~np.isfinite(p.vertices)).any(axis=1).sum()) for p in model.parts),
    )


def merged_soup(path: str, triangles: FloatArray, tolerances: Tolerances) -> MergedMesh:
    """:func:`merged_mesh` of a model of one triangle soup (a binary STL), given as its
    triangles ``(m, 3, 3)`` with any strides along them: the records of a memory-mapped file
    are welded where they lie."""
    if triangles.shape[0] == 0:
        raise GeometryError("the file holds no triangles", path)
    merged = merge_parts([weld(triangles)])
    return _checked(
        merged, path, tolerances, lambda: int((~np.isfinite(triangles)).any(axis=2).sum())
    )


def _spread(points: FloatArray) -> FloatArray:
    """The second moments of ``(n, 3)`` points about their mean, ``(3, 3)``.

    A chunk at a time, each coordinate centred into a contiguous column and the six products
    summed by dot products: no centred copy of every point, and no ``(3, n) @ (n, 3)`` product,
    which is slow in that shape (644 k points: 11 -> 6 ms; cold, in the read-ahead child, 13 ->
    5 ms).
    """
    # Column by column: numpy's mean along the rows of an (n, 3) array is 4x slower (8 ms).
    mean = [float(points[:, k].mean()) for k in range(3)]

    def moments(s: slice) -> FloatArray:
        c = [points[s, k] - mean[k] for k in range(3)]
        out = np.empty((3, 3))
        for a in range(3):
            for b in range(a, 3):
                out[a, b] = out[b, a] = c[a] @ c[b]
        return out

    return np.asarray(np.sum(map_chunks(moments, points.shape[0]), axis=0) / points.shape[0])


def _checked(
    merged: MergedMesh, path: str, tolerances: Tolerances, non_finite: Callable[[], int]
) -> MergedMesh:
    """``merged``, refused where it is no outsole; ``non_finite()`` counts the file's vertices
    with a NaN or infinite coordinate, for the message."""
    # Checked once welded (the weld compares bits, NaN or not): every coordinate of the file is
    # one of the merged vertices', a sixth as many as an STL's corners.
    if not np.isfinite(merged.vertices).all():
        raise GeometryError(
            "{bad} vertices have NaN or infinite coordinates; repair or re-export the model",
            path,
            bad=non_finite(),
        )
    n_faces = merged.faces.shape[0]
    if n_faces < 4:
        raise GeometryError(
            "only {n_faces} usable triangle(s): a surface, not a solid outsole",
            path,
            n_faces=n_faces,
        )
    lo, hi = bounds(merged.vertices)
    size = float((hi - lo).max())
    if not MIN_EXTENT <= size <= MAX_EXTENT:
        # No unit makes this an outsole (150-400 mm is 0.15-0.4 m, 6-16 in), and numbers this
        # far out overflow the geometry's sums: say so instead of measuring.
        raise GeometryError(
            "the model is {size} units across: far outside any outsole's size in any unit; "
            "check the scale of the export",
            path,
            size=format(size, ".3g"),
        )
    far = float(max(-lo.min(), hi.max()))  # the largest |coordinate|
    if far > MAX_COORDINATE:
        # Squares of such numbers overflow, and a float64 there resolves nothing finer than
        # metres: a sole exported this far from the origin is an export mistake.
        raise GeometryError(
            "the model lies {far} units from the origin; move it near the origin in the "
            "modelling program and export it again",
            path,
            far=format(far, ".3g"),
        )
    extent = np.sqrt(np.maximum(np.linalg.eigvalsh(_spread(merged.vertices)), 0.0))
    if extent[0] <= tolerances.flat_rel * extent[-1]:
        raise GeometryError(
            "the model is flat (a surface with no thickness), not a solid outsole", path
        )
    return merged
