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
from scipy import ndimage

from .footprint import Footprint
from .mesh import FloatArray, IntArray
from .sections import union

#: Largest distance a point of the outline is dropped from the exact silhouette, mm. Half the
#: 0.01 mm a drawing is held to, so a tip or an extreme never moves by more than that.
SIMPLIFY_MM = 0.005

_BAND_CELLS = 2
#: The smallest separate piece of outline drawn, mm2 (a stud of 0.3 x 0.3 mm).
MIN_PIECE_MM2 = 0.1


def _edge_triangles(tri: FloatArray, fp: Footprint) -> FloatArray:
    """The projected triangles ``(k, 3, 2)`` whose bounding box touches a non-interior cell."""
    inner = ndimage.binary_erosion(fp.mask, iterations=_BAND_CELLS, border_value=0)
    outside = np.zeros((inner.shape[0] + 1, inner.shape[1] + 1), dtype=np.int64)
    outside[1:, 1:] = (~inner).cumsum(axis=0).cumsum(axis=1)  # summed-area table
    lo, hi = tri.min(axis=1), tri.max(axis=1)
    nx, ny = inner.shape

    def index(value: FloatArray, origin: float, n: int) -> IntArray:
        cells = np.floor((value - origin) / fp.cell_mm)
        return np.clip(cells, 0, n - 1).astype(np.int64)

    i0, i1 = index(lo[:, 0], fp.origin_mm[0], nx), index(hi[:, 0], fp.origin_mm[0], nx)
    j0, j1 = index(lo[:, 1], fp.origin_mm[1], ny), index(hi[:, 1], fp.origin_mm[1], ny)
    count = outside[i1 + 1, j1 + 1] - outside[i0, j1 + 1] - outside[i1 + 1, j0] + outside[i0, j0]
    return np.asarray(tri[count > 0], dtype=np.float64)


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
    tri = vertices_mm[faces][:, :, :2]
    e1, e2 = tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]
    down = e1[:, 0] * e2[:, 1] - e1[:, 1] * e2[:, 0] < 0  # clockwise seen from above
    if not down.any():
        down = np.ones(len(tri), dtype=bool)  # an open sheet wound upward: every face counts
    edge = _edge_triangles(tri[down], fp)
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
