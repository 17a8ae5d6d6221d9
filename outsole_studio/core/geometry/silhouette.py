"""The exact silhouette of a sole seen from below: the union of its down-facing triangles.

The raster footprint (:mod:`footprint`) measures widths exactly along its columns but traces the
outline through them, 0.25 mm apart. A mould maker overlays the outline on his CAD, so the
drawing's outline is the exact boundary of the union of the projected triangles. A union of a
million triangles is slow, so only the triangles near the edge take part: the raster, eroded by
two cells, vouches for the interior (every triangle lying wholly on interior cells is inside the
outline and cannot shape it). On a 1.3 M-triangle sole 2 % of the down-facing triangles remain.
"""

from __future__ import annotations

import itertools

import numpy as np
import shapely

from .chunked import map_chunks
from .footprint import Footprint
from .lean_scipy import ndimage
from .mesh import FloatArray, IntArray
from .sections import union

#: Largest distance a point of the outline is dropped from the exact silhouette, mm. Half the
#: 0.01 mm a drawing is held to, so a tip or an extreme never moves by more than that.
SIMPLIFY_MM = 0.005

_BAND_CELLS = 2
#: The smallest separate piece of outline drawn, mm2 (a stud of 0.3 x 0.3 mm).
MIN_PIECE_MM2 = 0.1


def _edge_triangles(
    vertices_mm: FloatArray, faces: IntArray, fp: Footprint, every: bool = False
) -> tuple[FloatArray, bool]:
    """The projected down-facing triangles ``(k, 3, 2)`` whose bounding box touches a
    non-interior cell (``every``: all triangles, facing up or down), chunk by chunk on the pool;
    and whether any triangle faces down."""
    inner = ndimage.binary_erosion(fp.mask, iterations=_BAND_CELLS, border_value=0)
    outside = np.zeros((inner.shape[0] + 1, inner.shape[1] + 1), dtype=np.int64)
    outside[1:, 1:] = (~inner).cumsum(axis=0).cumsum(axis=1)  # summed-area table
    nx, ny = inner.shape
    x, y = np.ascontiguousarray(vertices_mm[:, 0]), np.ascontiguousarray(vertices_mm[:, 1])

    def index(value: FloatArray, origin: float, n: int) -> IntArray:
        cells = np.floor((value - origin) / fp.cell_mm)
        return np.clip(cells, 0, n - 1).astype(np.int64)

    def chunk(s: slice) -> tuple[FloatArray, bool]:
        f = faces[s]
        tx, ty = [x[f[:, k]] for k in range(3)], [y[f[:, k]] for k in range(3)]
        down = (tx[1] - tx[0]) * (ty[2] - ty[0]) - (ty[1] - ty[0]) * (tx[2] - tx[0]) < 0
        use = np.ones_like(down) if every else down  # clockwise seen from above: facing down
        i0 = index(np.minimum(np.minimum(tx[0], tx[1]), tx[2]), fp.origin_mm[0], nx)
        i1 = index(np.maximum(np.maximum(tx[0], tx[1]), tx[2]), fp.origin_mm[0], nx)
        j0 = index(np.minimum(np.minimum(ty[0], ty[1]), ty[2]), fp.origin_mm[1], ny)
        j1 = index(np.maximum(np.maximum(ty[0], ty[1]), ty[2]), fp.origin_mm[1], ny)
        count = (
            outside[i1 + 1, j1 + 1] - outside[i0, j1 + 1] - outside[i1 + 1, j0] + outside[i0, j0]
        )
        keep = use & (count > 0)
        corners = np.stack([np.stack([tx[k][keep], ty[k][keep]], axis=1) for k in range(3)], 1)
        return corners, bool(down.any())

    parts = map_chunks(chunk, faces.shape[0])
    tri = np.concatenate([t for t, _ in parts]) if parts else np.zeros((0, 3, 2))
    return np.asarray(tri, dtype=np.float64), any(d for _, d in parts)


def silhouette(vertices_mm: FloatArray, faces: IntArray, fp: Footprint) -> tuple[FloatArray, ...]:
    """Outer rings of the sole seen from below, exact to :data:`SIMPLIFY_MM`.

    Parameters
    ----------
    vertices_mm : (n, 3) float64
        Canonical frame.
    faces : (m, 3) int64
        Closed bodies: their down-facing triangles cover the silhouette.
    fp : Footprint
        The raster footprint of the same mesh, whose interior is trusted.

    Returns
    -------
    tuple of (k, 2) float64
        Closed rings (first point repeated), counter-clockwise, largest first. A sole in one
        piece has one; holes through the sole are not drawn (the outline is filled).
    """
    if faces.shape[0] == 0:
        return ()
    edge, any_down = _edge_triangles(vertices_mm, faces, fp)
    if not any_down:  # an open sheet wound upward: every face counts
        edge, _ = _edge_triangles(vertices_mm, faces, fp, every=True)
    if edge.shape[0] == 0:
        return ()
    polys = shapely.polygons(np.concatenate([edge, edge[:, :1]], axis=1))
    merged = union(polys[shapely.area(polys) > 0])
    # Slivers the union leaves where edge triangles meet at a point (zero-area rings) are no
    # part of a sole: a piece is kept from MIN_PIECE_MM2 on.
    shells = [shapely.Polygon(g.exterior) for g in shapely.get_parts(merged)
              if not g.is_empty and g.area >= MIN_PIECE_MM2]  # fmt: skip
    # Rings of the edge band lie inside one another: keep those no other shell contains.
    shells.sort(key=lambda g: -g.area)
    kept: list[shapely.Polygon] = []
    for g in shells:
        if not any(k.contains(g) for k in kept):
            kept.append(g)
    return tuple(_simplified(np.asarray(shapely.geometry.polygon.orient(g).exterior.coords))
                 for g in kept)  # fmt: skip


def _simplified(ring: FloatArray) -> FloatArray:
    """A closed ring within :data:`SIMPLIFY_MM` of the given one, its four extremes kept.

    Douglas-Peucker keeps the ends of a chain, so the ring is cut at its extreme points (heel,
    toe, both sides) and each chain simplified alone: length and width stay exact.
    """
    points = ring[:-1]
    cuts = sorted({int(np.argmin(points[:, 0])), int(np.argmax(points[:, 0])),
                   int(np.argmin(points[:, 1])), int(np.argmax(points[:, 1]))})  # fmt: skip
    rolled = np.roll(points, -cuts[0], axis=0)
    marks = [c - cuts[0] for c in cuts] + [len(points)]
    closed = np.vstack([rolled, rolled[:1]])
    out = []
    for a, b in itertools.pairwise(marks):
        chain = shapely.simplify(shapely.LineString(closed[a : b + 1]), SIMPLIFY_MM)
        out.append(np.asarray(chain.coords)[:-1])
    kept = np.vstack(out)
    return np.vstack([kept, kept[:1]])
