"""Per-face geometry and mass properties (volume, area, centroid) of indexed meshes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..arrays import BoolArray, FloatArray, IntArray
from ..chunked import chunk_slices, map_chunks, map_slices
from .welding import bounds


@dataclass(frozen=True)
class FaceGeometry:
    """Per-face quantities of a mesh, computed once in structure-of-arrays form.

    Attributes
    ----------
    cross : (m, 3) float64
        ``(v1 - v0) x (v2 - v0)``: the normal scaled by twice the area.
    double_area : (m,) float64
        ``|cross|``.
    six_volume : (m,) float64
        Six times the signed volume of the tetrahedron (origin, v0, v1, v2).
    corner_sum : (m, 3) float64
        ``v0 + v1 + v2`` relative to ``origin``.
    origin : (3,) float64
        Apex of the tetrahedra: the bounding-box centre, which keeps round-off small.
    """

    cross: FloatArray
    double_area: FloatArray
    six_volume: FloatArray
    corner_sum: FloatArray
    origin: FloatArray

    def flipped(self, mask: BoolArray) -> FaceGeometry:
        """The same quantities after reversing the winding of the faces in ``mask``."""
        sign = np.where(mask, -1.0, 1.0)
        return FaceGeometry(
            self.cross * sign[:, None],
            self.double_area,
            self.six_volume * sign,
            self.corner_sum,
            self.origin,
        )

    def select(self, idx: IntArray | BoolArray) -> FaceGeometry:
        """The quantities of a subset of faces."""
        return FaceGeometry(
            self.cross[idx],
            self.double_area[idx],
            self.six_volume[idx],
            self.corner_sum[idx],
            self.origin,
        )


def _centre(vertices: FloatArray) -> FloatArray:
    """The bounding-box centre of ``(n, 3)`` points (zeros for none), ``(3,)``."""
    if not vertices.shape[0]:
        return np.zeros(3)
    lo, hi = bounds(vertices)
    return np.asarray(0.5 * (lo + hi), dtype=np.float64)


def _centred_columns(vertices: FloatArray) -> tuple[list[FloatArray], FloatArray]:
    """The coordinates as three contiguous columns about the bounding-box centre, and it."""
    origin = _centre(vertices)
    return _columns_about(vertices, origin), origin


def _columns_about(vertices: FloatArray, origin: FloatArray) -> list[FloatArray]:
    return [np.ascontiguousarray(vertices[:, k] - origin[k]) for k in range(3)]


Corners = tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, FloatArray,
                FloatArray, FloatArray, FloatArray]  # fmt: skip


def _gathered(cols: list[FloatArray], f: IntArray) -> Corners:
    """The corners of faces ``f`` from centred columns: ``x0, y0, z0, x1, ..., z2``."""
    x0, y0, z0 = (c[f[:, 0]] for c in cols)
    x1, y1, z1 = (c[f[:, 1]] for c in cols)
    x2, y2, z2 = (c[f[:, 2]] for c in cols)
    return x0, y0, z0, x1, y1, z1, x2, y2, z2


def _cross_into(c: Corners, cross_rows: FloatArray, double_area: FloatArray, s: slice) -> None:
    """``(v1 - v0) x (v2 - v0)`` and its length for the corners ``c`` of faces ``s``, written
    into ``cross_rows[:, s]`` and ``double_area[s]``."""
    x0, y0, z0, x1, y1, z1, x2, y2, z2 = c
    ax, ay, az = x1 - x0, y1 - y0, z1 - z0
    bx, by, bz = x2 - x0, y2 - y0, z2 - z0
    cx = np.subtract(ay * bz, az * by, out=cross_rows[0, s])
    cy = np.subtract(az * bx, ax * bz, out=cross_rows[1, s])
    cz = np.subtract(ax * by, ay * bx, out=cross_rows[2, s])
    np.sqrt(cx * cx + cy * cy + cz * cz, out=double_area[s])


def _unfilled(m: int, origin: FloatArray) -> FaceGeometry:
    """A :class:`FaceGeometry` of ``m`` faces whose arrays are yet to be written."""
    # Rows of (3, m) arrays are written contiguously; callers see (m, 3) transposed views.
    return FaceGeometry(np.empty((3, m)).T, np.empty(m), np.empty(m), np.empty((3, m)).T, origin)


def _fill(g: FaceGeometry, s: slice, c: Corners) -> None:
    """Write the geometry of faces ``s``, whose corners are ``c``, into ``g``'s arrays."""
    _cross_into(c, g.cross.T, g.double_area, s)
    x0, y0, z0, x1, y1, z1, x2, y2, z2 = c
    # v0 . (v1 x v2) for the volume.
    g.six_volume[s] = x0 * (y1 * z2 - z1 * y2) + y0 * (z1 * x2 - x1 * z2) + z0 * (x1 * y2 - y1 * x2)
    sums = g.corner_sum.T
    np.add(x0 + x1, x2, out=sums[0, s])
    np.add(y0 + y1, y2, out=sums[1, s])
    np.add(z0 + z1, z2, out=sums[2, s])


@dataclass(frozen=True)
class BegunGeometry:
    """The :class:`FaceGeometry` of a mesh's first ``rows`` faces (see
    :func:`soup_face_geometry`); :func:`face_geometry` writes the rest into the same arrays."""

    geometry: FaceGeometry
    rows: int


def face_geometry(
    vertices: FloatArray, faces: IntArray, begun: BegunGeometry | None = None
) -> FaceGeometry:
    """Compute :class:`FaceGeometry` in cache-sized chunks on all cores (see :mod:`.chunked`).

    ``begun``: the geometry of the first faces, computed already from the same corners about
    the same origin; only the faces after them are computed here (else all of them).
    """
    origin = _centre(vertices)
    m = faces.shape[0]
    start = 0
    if begun is not None and np.array_equal(begun.geometry.origin, origin):
        g, start = begun.geometry, begun.rows
    else:
        g = _unfilled(m, origin)
    if start < m:  # all begun already: no columns to make
        cols = _columns_about(vertices, origin)
        map_slices(lambda s: _fill(g, s, _gathered(cols, faces[s])), chunk_slices(start, m))
    return g


def soup_face_geometry(
    m: int,
    triangles: Callable[[slice], FloatArray],
    origin: FloatArray | None = None,
    until: Callable[[], bool] | None = None,
) -> BegunGeometry:
    """:func:`face_geometry` of ``weld(soup)`` to the last bit, from the soup's triangles alone.

    The welded mesh's vertices are the corners as float64 with ``-0.0`` written ``0.0``, and its
    faces list them triangle by triangle; so the same arithmetic on the corners themselves gives
    the same numbers, without waiting for the weld (:mod:`~outsole_studio.io.read_ahead`
    computes it while another process welds). Two passes: the bounds (the origin), then the
    geometry.

    Parameters
    ----------
    m : int
        Triangles in the soup.
    triangles : callable
        ``triangles(s)``: the corners of the soup's triangles ``s`` (a slice), ``(len, 3, 3)``
        float32 or float64, any strides (an STL's records read a chunk at a time).
    origin : (3,) float64, optional
        The origin to measure from, where it is known: then the triangles may be some of a
        mesh's, and their geometry is its geometry's rows (one pass).
    until : callable, optional
        Asked between chunks of the geometry, one after the other on this thread: once it is
        true, the faces left are left to :func:`face_geometry`. Without it, every face is
        computed, on all cores.

    Returns
    -------
    BegunGeometry
        The geometry, written for its first ``rows`` faces (all ``m`` without ``until``).
    """
    if origin is None:
        lows, highs = (
            zip(*map_chunks(lambda s: bounds(_flat(triangles(s))), m), strict=True)
            if m
            else ([np.zeros(3)], [np.zeros(3)])
        )
        origin = 0.5 * (np.min(lows, axis=0) + np.max(highs, axis=0))
    at = origin

    def corners(s: slice) -> Corners:
        t = triangles(s)
        out = []
        for j in range(3):  # corner
            for k in range(3):  # axis
                column = t[:, j, k].astype(np.float64)
                column += 0.0  # -0.0 -> +0.0, as the weld writes its vertices
                column -= at[k]
                out.append(column)
        x0, y0, z0, x1, y1, z1, x2, y2, z2 = out
        return x0, y0, z0, x1, y1, z1, x2, y2, z2

    g = _unfilled(m, origin)
    if until is None:
        map_slices(lambda s: _fill(g, s, corners(s)), chunk_slices(0, m))
        return BegunGeometry(g, m)
    rows = 0
    for s in chunk_slices(0, m):
        if until():
            break
        _fill(g, s, corners(s))
        rows = s.stop
    return BegunGeometry(g, rows)


def _flat(triangles: FloatArray) -> FloatArray:
    """``(m, 3, 3)`` triangles as ``(3 m, 3)`` corners, contiguous (for :func:`bounds`)."""
    return np.ascontiguousarray(triangles).reshape(-1, 3)


def face_normals(vertices: FloatArray, faces: IntArray) -> tuple[FloatArray, FloatArray]:
    """The ``cross`` and ``double_area`` of :func:`face_geometry` alone (the same values to the
    last bit), for a caller that needs no volume or centroid: ``(m, 3)`` and ``(m,)``."""
    cols, _ = _centred_columns(vertices)
    m = faces.shape[0]
    cross_rows = np.empty((3, m))
    double_area = np.empty(m)
    map_chunks(lambda s: _cross_into(_gathered(cols, faces[s]), cross_rows, double_area, s), m)
    return cross_rows.T, double_area


@dataclass(frozen=True)
class MassProperties:
    """Volume, surface area and centre of mass of a closed, outward-wound triangle mesh.

    Attributes
    ----------
    volume : float
        Signed volume in model units cubed (positive when wound outward).
    area : float
        Surface area in model units squared.
    center_of_mass : (3,) float64
        Centroid of the enclosed solid (uniform density).
    """

    volume: float
    area: float
    center_of_mass: FloatArray


def body_mass_properties(geom: FaceGeometry, body: IntArray, n_bodies: int) -> list[MassProperties]:
    """Exact volume, area and centroid of every body by summing signed tetrahedra.

    Parameters
    ----------
    geom : FaceGeometry
    body : (m,) int64
        Body of every face.
    n_bodies : int
    """
    if n_bodies == 1:  # plain sums and one matrix-vector product: several times faster
        area = np.array([0.5 * geom.double_area.sum()])
        six_vol = np.array([geom.six_volume.sum()])
        moment = (geom.six_volume @ geom.corner_sum)[None, :]
    else:
        area = 0.5 * np.bincount(body, weights=geom.double_area, minlength=n_bodies)
        six_vol = np.bincount(body, weights=geom.six_volume, minlength=n_bodies)
        moment = np.stack(
            [
                np.bincount(
                    body, weights=geom.six_volume * geom.corner_sum[:, k], minlength=n_bodies
                )
                for k in range(3)
            ],
            axis=1,
        )
    out = []
    for i in range(n_bodies):
        vol = float(six_vol[i]) / 6.0
        com = moment[i] / (24.0 * vol) + geom.origin if vol != 0 else geom.origin.copy()
        out.append(MassProperties(vol, float(area[i]), com))
    return out


def mass_properties(vertices: FloatArray, faces: IntArray) -> MassProperties:
    """Exact volume, area and centroid of a closed mesh (double precision).

    Parameters
    ----------
    vertices : (n, 3) float64
    faces : (m, 3) int64
    """
    if faces.shape[0] == 0:
        return MassProperties(0.0, 0.0, np.zeros(3))
    geom = face_geometry(vertices, faces)
    return body_mass_properties(geom, np.zeros(faces.shape[0], dtype=np.int64), 1)[0]
