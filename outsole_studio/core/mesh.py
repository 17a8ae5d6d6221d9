"""Indexed triangle meshes: welding a triangle soup, topology, health and safe repairs.

Everything here is vectorised numpy/scipy: a 1.3 M-triangle sole is welded, checked and repaired
in well under a second. Arrays follow trimesh's conventions: ``vertices`` is ``(n, 3) float64``,
``faces`` is ``(m, 3) int64`` indexing into ``vertices``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.sparse import csgraph

from .chunked import map_chunks
from .tolerances import DEFAULT_TOLERANCES, Tolerances

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
UIntArray = npt.NDArray[np.unsignedinteger[Any]]

_P1 = np.uint64(0x9E3779B97F4A7C15)
_P2 = np.uint64(0xC2B2AE3D27D4EB4F)
_P3 = np.uint64(0x165667B19E3779F9)


def _hash_words(
    words: list[UIntArray],
) -> npt.NDArray[np.uint64]:
    """Mix 1-D integer word arrays into one ``(n,) uint64`` hash per row (in place, no copies)."""
    h = words[0].astype(np.uint64)
    with np.errstate(over="ignore"):
        h *= _P1
        for i, w in enumerate(words[1:]):
            term = w.astype(np.uint64)
            term *= _P2 if i % 2 == 0 else _P1
            h ^= term
            h ^= h >> np.uint64(29)
            h *= _P3
    return h


def bounds(points: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Per-axis minimum and maximum of ``(n, k)`` points.

    Column by column: numpy reduces an ``(n, 3)`` array along axis 0 several times slower.
    """
    if points.shape[0] == 0:
        z = np.zeros(points.shape[1])
        return z, z.copy()
    lo = np.array([points[:, k].min() for k in range(points.shape[1])], dtype=np.float64)
    hi = np.array([points[:, k].max() for k in range(points.shape[1])], dtype=np.float64)
    return lo, hi


def _packed_sort(
    keys: npt.NDArray[np.uint64] | IntArray, key_bits: int
) -> tuple[IntArray, npt.NDArray[np.uint64]] | None:
    """Sort keys with their index packed into the low bits; None when they do not fit.

    Returns
    -------
    order : (n,) int64
    sorted_keys : (n,) uint64
    """
    n = keys.shape[0]
    idx_bits = max(1, int(n - 1).bit_length())
    if key_bits + idx_bits > 63:
        return None
    packed = keys.astype(np.uint64)  # a copy: the caller's keys stay as they are
    packed <<= np.uint64(idx_bits)
    packed |= np.arange(n, dtype=np.uint64)
    packed.sort()
    order = (packed & np.uint64((1 << idx_bits) - 1)).astype(np.int64)
    return order, packed >> np.uint64(idx_bits)


def fast_argsort(keys: npt.NDArray[np.uint64] | IntArray, key_bits: int = 64) -> IntArray:
    """Argsort non-negative integer keys, with ties in index order where the keys fit.

    numpy's plain ``sort`` of 64-bit integers is several times faster than ``argsort``; when the
    keys fit in ``63 - log2(n)`` bits the index is packed into the low bits and one ``sort``
    gives the order.

    Parameters
    ----------
    keys : (n,) uint64 or int64, non-negative
    key_bits : int
        Bits the keys actually use.
    """
    done = _packed_sort(keys, key_bits)
    if done is None:
        return np.argsort(keys, kind="stable").astype(np.int64)
    return done[0]


def _row_words(rows: npt.NDArray[np.generic]) -> list[UIntArray]:
    """The bits of each row of an ``(n, k)`` array as a few contiguous 1-D integer arrays.

    Rows of three 4-byte items (float32 corners) become one 8-byte and one 4-byte word; rows of
    8-byte items one word per column. One-dimensional words make the gathers below fast: numpy
    gathers rows of a 2-D array many times slower, and fewer words mean less memory traffic.
    """
    rows = np.ascontiguousarray(rows)
    n, k = rows.shape
    if rows.dtype.itemsize == 4 and k == 3:
        raw = rows.view(np.uint32)
        pair = np.empty((n, 2), dtype=np.uint32)
        last = np.empty(n, dtype=np.uint32)

        def split(s: slice) -> None:
            pair[s] = raw[s, :2]
            last[s] = raw[s, 2]

        map_chunks(split, n)
        return [pair.view(np.uint64).reshape(n), last]
    view = np.uint32 if rows.dtype.itemsize == 4 else np.uint64
    words: list[UIntArray] = [np.ascontiguousarray(rows[:, j]).view(view) for j in range(k)]
    return words


def _group_equal_rows(rows: npt.NDArray[np.generic]) -> tuple[IntArray, IntArray]:
    """Group exactly equal rows of a 2-D array.

    Rows are hashed, sorted by a truncated hash with the row index packed into the low bits (one
    plain sort, see :func:`fast_argsort`) and checked: the rare groups that mix different rows
    are split exactly, so the result never merges rows that differ. The elementwise passes run
    in chunks (see :mod:`.chunked`).

    Parameters
    ----------
    rows : (n, k) array of 4- or 8-byte items
        Rows to group; equality is bitwise.

    Returns
    -------
    first : (u,) int64
        Index of the first row (lowest index) of each group, ascending: groups are numbered in
        order of first appearance.
    inverse : (n,) int64
        Group of every row.
    """
    n = rows.shape[0]
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    cols = _row_words(rows)
    idx_bits = max(1, int(n - 1).bit_length())
    hash_bits = 63 - idx_bits  # hash and index share one non-negative 64-bit key
    packed = np.empty(n, dtype=np.uint64)

    def pack(s: slice) -> None:
        h = _hash_words([c[s] for c in cols])
        h >>= np.uint64(64 - hash_bits)
        h <<= np.uint64(idx_bits)
        h |= np.arange(s.start, s.stop, dtype=np.uint64)
        packed[s] = h

    map_chunks(pack, n)
    packed.sort()  # ties in index order: each group starts at its first row
    order = np.empty(n, dtype=np.int64)
    start = np.empty(n, dtype=bool)
    start[0] = True
    mask = np.uint64((1 << idx_bits) - 1)
    shift = np.uint64(idx_bits)

    def unpack(s: slice) -> None:
        order[s] = packed[s] & mask
        lo = max(s.start, 1)
        np.not_equal(
            packed[lo : s.stop] >> shift,
            packed[lo - 1 : s.stop - 1] >> shift,
            out=start[lo : s.stop],
        )

    map_chunks(unpack, n)
    group_sorted = np.cumsum(start, dtype=np.int64)
    group_sorted -= 1
    # Number groups by first appearance (better locality for everything downstream). The
    # gathers run in sorted order (monotone indices); one scatter takes them back.
    first = order[start]  # the lowest row of each hash group
    by_first = fast_argsort(first, max(1, int(n).bit_length()))
    rank = np.empty(first.size, dtype=np.int64)
    rank[by_first] = np.arange(first.size)
    inverse = np.empty(n, dtype=np.int64)

    def scatter(s: slice) -> None:
        inverse[order[s]] = rank[group_sorted[s]]

    map_chunks(scatter, n)
    first = first[by_first]
    # Truncated hashes collide now and then: rows unlike their group's first row get groups of
    # their own (exactly, by value). Rows near each other share groups near each other, so
    # these gathers stay local.
    wrong = np.empty(n, dtype=bool)

    def verify(s: slice) -> None:
        rep = first[inverse[s]]
        bad = cols[0][rep] != cols[0][s]
        for c in cols[1:]:
            bad |= c[rep] != c[s]
        wrong[s] = bad

    map_chunks(verify, n)
    if wrong.any():
        members = np.flatnonzero(wrong)
        stacked = np.stack([c[members] for c in cols], axis=1)
        _, sub_first, sub_inv = np.unique(stacked, axis=0, return_index=True, return_inverse=True)
        inverse[members] = first.size + sub_inv.reshape(-1)
        first = np.concatenate([first, members[sub_first]])
        by_first = np.argsort(first, kind="stable")
        rank = np.empty(first.size, dtype=np.int64)
        rank[by_first] = np.arange(first.size)
        inverse = rank[inverse]
        first = first[by_first]
    return first, inverse


def weld(triangles: npt.NDArray[np.floating]) -> tuple[FloatArray, IntArray]:
    """Turn a triangle soup into an indexed mesh by merging exactly equal vertices.

    Only bit-identical coordinates merge (``-0.0`` equals ``0.0``): no tolerance can glue parts
    that the file keeps apart. Vertices are numbered in order of first appearance.

    Parameters
    ----------
    triangles : (m, 3, 3) float32 or float64
        Corner coordinates of every triangle.

    Returns
    -------
    vertices : (n, 3) float64
    faces : (m, 3) int64
    """
    corners = np.ascontiguousarray(triangles.reshape(-1, 3))
    corners = corners + corners.dtype.type(0.0)  # -0.0 -> +0.0 so both hash alike
    first, inverse = _group_equal_rows(corners)
    vertices = corners[first].astype(np.float64)
    return vertices, inverse.reshape(-1, 3)


@dataclass(frozen=True)
class EdgeTopology:
    """Undirected edges of a mesh and how faces use them.

    Half-edge ``3 f + k`` runs from corner ``k`` to corner ``k + 1`` of face ``f``.

    Attributes
    ----------
    edges : (e, 2) int64
        Unique undirected edges ``(lo, hi)``, sorted.
    face_count : (e,) int64
        Faces using each edge: 1 boundary, 2 manifold, > 2 non-manifold.
    pair_consistent : (p,) bool
        For every manifold edge: do its two faces traverse it in opposite directions?
    order : (3 m,) int64
        Half-edges sorted by undirected edge (then direction).
    starts : (e,) int64
        Position in ``order`` of each edge's first half-edge.
    """

    edges: IntArray
    face_count: IntArray
    pair_consistent: BoolArray
    order: IntArray
    starts: IntArray

    def pair_faces(self) -> IntArray:
        """The two faces of every manifold edge, ``(p, 2)``, in ``pair_consistent``'s order."""
        manifold = self.starts[self.face_count == 2]
        return np.stack([self.order[manifold] // 3, self.order[manifold + 1] // 3], axis=1)

    def edge_faces(self, mask: BoolArray) -> IntArray:
        """One face using each edge selected by ``mask`` (over edges), ``(k,)``."""
        return np.asarray(self.order[self.starts[mask]] // 3, dtype=np.int64)


def edge_topology(faces: IntArray, n_vertices: int) -> EdgeTopology:
    """Compute undirected edge use counts and winding consistency.

    The direction of each half-edge rides in the lowest bit of its sort key, so after one sort
    the two half-edges of a manifold edge sit side by side and their directions are compared
    without any gather.

    Parameters
    ----------
    faces : (m, 3) int64
    n_vertices : int
    """
    n_half = faces.shape[0] * 3
    nv = np.int64(n_vertices)
    key_bits = int(max(1, n_vertices) ** 2).bit_length() + 1
    idx_bits = max(1, int(n_half - 1).bit_length())
    packable = key_bits + idx_bits <= 63

    def keys(s: slice) -> IntArray:
        """Keys of the half-edges of faces ``s``: (lo * n + hi) * 2 + (tail < head)."""
        f = faces[s]
        tail = f.reshape(-1)
        head = np.roll(f, -1, axis=1).reshape(-1)
        forward = tail < head
        lo = np.minimum(tail, head)
        hi = np.maximum(tail, head)
        return np.asarray((lo * nv + hi) * 2 + forward, dtype=np.int64)

    if packable:
        packed = np.empty(n_half, dtype=np.uint64)

        def pack(s: slice) -> None:
            k = keys(s).astype(np.uint64)
            k <<= np.uint64(idx_bits)
            k |= np.arange(3 * s.start, 3 * s.stop, dtype=np.uint64)
            packed[3 * s.start : 3 * s.stop] = k

        map_chunks(pack, faces.shape[0])
        packed.sort()
        order = np.empty(n_half, dtype=np.int64)
        ks = np.empty(n_half, dtype=np.uint64)

        def unpack(s: slice) -> None:
            order[s] = packed[s] & np.uint64((1 << idx_bits) - 1)
            ks[s] = packed[s] >> np.uint64(idx_bits)

        map_chunks(unpack, n_half)
    else:
        key = keys(slice(0, faces.shape[0]))
        order = np.argsort(key, kind="stable").astype(np.int64)
        ks = key[order].astype(np.uint64)
    edge_key = ks >> np.uint64(1)
    start = np.empty(ks.size, dtype=bool)
    if ks.size:
        start[0] = True
        np.not_equal(edge_key[1:], edge_key[:-1], out=start[1:])
    starts = np.flatnonzero(start)
    counts = np.diff(np.append(starts, ks.size)).astype(np.int64)
    manifold = starts[counts == 2]
    direction = (ks & np.uint64(1)).astype(bool)
    consistent = direction[manifold] != direction[manifold + 1]
    unique = edge_key[starts].astype(np.int64)
    rows = np.empty((2, starts.size), dtype=np.int64)  # (e, 2) view below: columns contiguous
    np.floor_divide(unique, n_vertices, out=rows[0])
    np.remainder(unique, n_vertices, out=rows[1])
    return EdgeTopology(
        edges=rows.T,
        face_count=counts,
        pair_consistent=consistent,
        order=order,
        starts=starts,
    )


def face_components(faces: IntArray, n_vertices: int, edges: IntArray) -> tuple[int, IntArray]:
    """Label the connected pieces (shells) of a mesh, connected through shared edges.

    Parameters
    ----------
    faces : (m, 3) int64
    n_vertices : int
    edges : (e, 2) int64
        Unique undirected edges sorted by ``(lo, hi)``, as in :class:`EdgeTopology`.

    Returns
    -------
    count : int
    labels : (m,) int64
        Shell of every face, numbered in order of first appearance.
    """
    if faces.shape[0] == 0:
        return 0, np.zeros(0, np.int64)
    # The sorted edge list is already the CSR layout of the upper-triangular adjacency.
    indptr = np.zeros(n_vertices + 1, dtype=np.int64)
    np.cumsum(np.bincount(edges[:, 0], minlength=n_vertices), out=indptr[1:])
    graph = sparse.csr_matrix(
        (np.ones(edges.shape[0], dtype=np.int8), np.ascontiguousarray(edges[:, 1]), indptr),
        shape=(n_vertices, n_vertices),
    )
    n_labels, vlabel = csgraph.connected_components(graph, directed=False)
    flabel = np.asarray(vlabel, dtype=np.int64)[faces[:, 0]]
    m = faces.shape[0]
    first_face = np.full(n_labels, m, dtype=np.int64)
    np.minimum.at(first_face, flabel, np.arange(m))
    present = np.flatnonzero(first_face < m)  # labels of isolated vertices have no face
    present = present[np.argsort(first_face[present], kind="stable")]
    remap = np.empty(n_labels, dtype=np.int64)
    remap[present] = np.arange(present.size)
    return int(present.size), remap[flabel]


def orientation_flips(n_faces: int, topo: EdgeTopology) -> BoolArray:
    """Which faces to flip so that every orientable shell is consistently wound.

    Builds a graph on two copies of each face (as is, flipped): a consistent manifold pair links
    same copies, an inconsistent pair links opposite copies. Each shell then splits into two
    components, one per global orientation; the orientation most of the shell's faces already
    have is kept. A non-orientable shell (both copies connected) is left as it is.

    Returns
    -------
    flip : (m,) bool
    """
    if n_faces == 0 or not (~topo.pair_consistent).any():
        return np.zeros(n_faces, dtype=bool)
    pairs = topo.pair_faces()
    a, b = pairs[:, 0], pairs[:, 1]
    same = topo.pair_consistent
    rows = np.concatenate([a, a + n_faces])
    cols = np.concatenate([np.where(same, b, b + n_faces), np.where(same, b + n_faces, b)])
    graph = sparse.coo_matrix(
        (np.ones(rows.size, dtype=np.int8), (rows, cols)), shape=(2 * n_faces, 2 * n_faces)
    ).tocsr()
    _, label = csgraph.connected_components(graph, directed=False)
    keep = np.asarray(label[:n_faces], dtype=np.int64)
    flipped = np.asarray(label[n_faces:], dtype=np.int64)
    orientable = keep != flipped
    # Each shell is a pair of components (one per orientation), named by the smaller label. The
    # orientation most faces already have wins: the fewest faces are re-wound.
    pair = np.minimum(keep, flipped)
    as_is_in_low = keep == pair
    n_low = np.bincount(pair[orientable], weights=as_is_in_low[orientable], minlength=2 * n_faces)
    n_all = np.bincount(pair[orientable], minlength=2 * n_faces)
    choose_low = n_low >= n_all - n_low
    flip: BoolArray = orientable & (as_is_in_low != choose_low[pair])
    return flip


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


def face_geometry(vertices: FloatArray, faces: IntArray) -> FaceGeometry:
    """Compute :class:`FaceGeometry` in cache-sized chunks on all cores (see :mod:`.chunked`)."""
    if vertices.shape[0]:
        lo, hi = bounds(vertices)
        origin = 0.5 * (lo + hi)
    else:
        origin = np.zeros(3)
    cols = [np.ascontiguousarray(vertices[:, k] - origin[k]) for k in range(3)]
    m = faces.shape[0]
    # Rows of (3, m) arrays are written contiguously; callers see (m, 3) transposed views.
    cross_rows = np.empty((3, m))
    sum_rows = np.empty((3, m))
    six_volume = np.empty(m)
    double_area = np.empty(m)

    def chunk(s: slice) -> None:
        f = faces[s]
        x0, y0, z0 = (c[f[:, 0]] for c in cols)
        x1, y1, z1 = (c[f[:, 1]] for c in cols)
        x2, y2, z2 = (c[f[:, 2]] for c in cols)
        # v0 . (v1 x v2) for the volume; (v1 - v0) x (v2 - v0) for the area and normal.
        six_volume[s] = (
            x0 * (y1 * z2 - z1 * y2) + y0 * (z1 * x2 - x1 * z2) + z0 * (x1 * y2 - y1 * x2)
        )
        ax, ay, az = x1 - x0, y1 - y0, z1 - z0
        bx, by, bz = x2 - x0, y2 - y0, z2 - z0
        cx = np.subtract(ay * bz, az * by, out=cross_rows[0, s])
        cy = np.subtract(az * bx, ax * bz, out=cross_rows[1, s])
        cz = np.subtract(ax * by, ay * bx, out=cross_rows[2, s])
        np.sqrt(cx * cx + cy * cy + cz * cz, out=double_area[s])
        np.add(x0 + x1, x2, out=sum_rows[0, s])
        np.add(y0 + y1, y2, out=sum_rows[1, s])
        np.add(z0 + z1, z2, out=sum_rows[2, s])

    map_chunks(chunk, m)
    return FaceGeometry(cross_rows.T, double_area, six_volume, sum_rows.T, origin)


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


@dataclass(frozen=True)
class Health:
    """What was wrong with a mesh as loaded, and what it is after the safe repairs.

    Counts of degenerate and duplicate faces and the winding flag describe the file; boundary and
    non-manifold edges and ``watertight`` describe the repaired mesh (repairs never close holes).
    """

    vertices: int
    faces: int
    bodies: int
    watertight: bool
    winding_consistent: bool
    degenerate_faces: int
    duplicate_faces: int
    boundary_edges: int
    non_manifold_edges: int
    repairs: tuple[str, ...]


@dataclass(frozen=True)
class Body:
    """One separate solid (or open shell) of the model.

    Attributes
    ----------
    faces : (k,) int64
        Indices of this body's faces in the repaired mesh.
    watertight : bool
        Every edge of the body is shared by exactly two of its faces.
    part : int
        Index of the mesh in the file this body comes from.
    mass : MassProperties
        In the units and frame of the repaired mesh's vertices; for an open body the volume and
        centre are not meaningful.
    """

    faces: IntArray
    watertight: bool
    part: int
    mass: MassProperties


@dataclass(frozen=True)
class RepairedMesh:
    """An indexed mesh after the safe repairs, split into bodies.

    Attributes
    ----------
    vertices : (n, 3) float64
    faces : (m, 3) int64
        Consistently wound, outward where the body is closed.
    body_of_face : (m,) int64
    bodies : tuple of Body
    geometry : FaceGeometry
        Per-face quantities matching ``faces`` (after re-winding).
    health : Health
    faces_changed : bool
        Faces were dropped or re-wound after merging: results computed on the merged mesh
        are stale.
    """

    vertices: FloatArray
    faces: IntArray
    body_of_face: IntArray
    bodies: tuple[Body, ...]
    geometry: FaceGeometry
    health: Health
    faces_changed: bool = False


def _duplicates_among(faces: IntArray, candidates: IntArray) -> IntArray:
    """Faces among ``candidates`` that repeat the vertex set of an earlier candidate."""
    if candidates.size < 2:
        return np.zeros(0, dtype=np.int64)
    srt = np.sort(faces[candidates], axis=1)
    first, _ = _group_equal_rows(srt)
    is_first = np.zeros(candidates.size, dtype=bool)
    is_first[first] = True
    return np.asarray(candidates[~is_first], dtype=np.int64)


@dataclass(frozen=True)
class MergedMesh:
    """The welded parts of a file in one indexed mesh, collapsed faces dropped.

    Attributes
    ----------
    vertices : (n, 3) float64
    faces : (m, 3) int64
    part_of_face : (m,) int64
        Index of the file mesh each face comes from.
    collapsed : int
        Faces dropped because repeated vertices collapsed them to a line or a point.
    """

    vertices: FloatArray
    faces: IntArray
    part_of_face: IntArray
    collapsed: int


def merge_parts(parts: list[tuple[FloatArray, IntArray]]) -> MergedMesh:
    """Concatenate welded parts (which never share vertices) and drop collapsed faces.

    Parameters
    ----------
    parts : list of (vertices (n, 3) float64, faces (m, 3) int64)
        The meshes of the file, each already welded. Parts never share vertices, so two meshes that
        touch stay two bodies.
    """
    if len(parts) == 1:  # the usual case: nothing to concatenate
        vertices, faces = parts[0]
    elif parts:
        offsets = np.cumsum([0] + [v.shape[0] for v, _ in parts])
        vertices = np.concatenate([v for v, _ in parts])
        faces = np.concatenate([f + offsets[i] for i, (_, f) in enumerate(parts)])
    else:
        vertices, faces = np.zeros((0, 3), dtype=np.float64), np.zeros((0, 3), dtype=np.int64)
    part_of_face = np.repeat(np.arange(len(parts)), [f.shape[0] for _, f in parts])
    collapsed = np.empty(faces.shape[0], dtype=bool)

    def find_collapsed(s: slice) -> None:
        f = faces[s]
        collapsed[s] = (f[:, 0] == f[:, 1]) | (f[:, 1] == f[:, 2]) | (f[:, 2] == f[:, 0])

    map_chunks(find_collapsed, faces.shape[0])
    n_collapsed = int(collapsed.sum())
    if n_collapsed:
        faces, part_of_face = faces[~collapsed], part_of_face[~collapsed]
    return MergedMesh(vertices, faces, part_of_face, n_collapsed)


def repair(
    parts: list[tuple[FloatArray, IntArray]] | MergedMesh,
    tolerances: Tolerances = DEFAULT_TOLERANCES,
    geometry: FaceGeometry | None = None,
) -> RepairedMesh:
    """Apply the safe repairs and split into bodies.

    Safe repairs: merge exactly duplicate vertices (done by :func:`weld`), drop faces collapsed to
    a line or point by repeated vertices, drop duplicate faces, make winding consistent and
    outward. Zero-area faces with three distinct vertices are counted but kept (they close the
    surface); holes are never closed.

    Parameters
    ----------
    parts : list of (vertices, faces), or MergedMesh
        The welded meshes of the file (see :func:`merge_parts`).
    geometry : FaceGeometry, optional
        :func:`face_geometry` of the merged mesh, if already computed.
    """
    merged = parts if isinstance(parts, MergedMesh) else merge_parts(parts)
    vertices, faces, part_of_face = merged.vertices, merged.faces, merged.part_of_face
    repairs: list[str] = []
    if merged.collapsed:
        repairs.append(f"dropped {merged.collapsed} collapsed faces (repeated vertices)")

    n = vertices.shape[0]
    topo = edge_topology(faces, n)
    # Duplicate faces make their edges non-manifold, or form a closed two-face shell of their
    # own: only faces on non-manifold edges and faces of tiny shells need the full check.
    n_shells, shell = face_components(faces, n, topo.edges)
    first_components = (n_shells, shell)
    small = np.bincount(shell, minlength=n_shells) <= 2
    suspects = np.flatnonzero(small[shell])
    non_manifold = topo.face_count > 2
    if non_manifold.any():
        # Every face using a non-manifold edge: half-edges in sorted order, edge by edge.
        on_nm = np.repeat(non_manifold, topo.face_count)
        suspects = np.union1d(suspects, topo.order[on_nm] // 3)
    dup = _duplicates_among(faces, suspects)
    n_duplicate = int(dup.size)
    if n_duplicate:
        repairs.append(f"dropped {n_duplicate} duplicate faces")
        keep = np.ones(faces.shape[0], dtype=bool)
        keep[dup] = False
        faces, part_of_face = faces[keep], part_of_face[keep]

    # Drop vertices no face uses, keeping the order of the rest.
    used = np.zeros(n, dtype=bool)
    used[faces.reshape(-1)] = True
    if not used.all():
        remap = np.cumsum(used) - 1
        vertices = vertices[used]
        faces = remap[faces]
        n = vertices.shape[0]
    changed = bool(n_duplicate or not used.all())
    if changed:
        topo = edge_topology(faces, n)

    winding_consistent = bool(topo.pair_consistent.all())
    flip = orientation_flips(faces.shape[0], topo)
    if flip.any():
        faces = faces.copy()
        faces[flip] = faces[flip][:, ::-1]
        repairs.append(f"re-wound {int(flip.sum())} faces to a consistent winding")
        topo = edge_topology(faces, n)  # re-winding keeps the shells

    faces_changed = changed or bool(flip.any())
    geom = (
        geometry if geometry is not None and not faces_changed else face_geometry(vertices, faces)
    )
    lo, hi = bounds(vertices)
    diag = float(np.linalg.norm(hi - lo))
    zero_area = geom.double_area <= 2.0 * tolerances.zero_area_rel * diag * diag
    n_degenerate = int(merged.collapsed + zero_area.sum())
    if zero_area.any():
        repairs.append(f"kept {int(zero_area.sum())} zero-area faces that close the surface")

    n_bodies, shell = face_components(faces, n, topo.edges) if changed else first_components
    # A shell never spans two file meshes (parts share no vertices), so shells are the bodies.
    boundary = topo.face_count == 1
    non_manifold = topo.face_count > 2
    open_shell = np.zeros(n_bodies, dtype=bool)
    open_shell[shell[topo.edge_faces(boundary | non_manifold)]] = True

    masses = body_mass_properties(geom, shell, n_bodies)
    inside_out = np.array([m.volume < 0 for m in masses]) & ~open_shell
    if inside_out.any():
        flip_faces = inside_out[shell]
        faces = faces.copy()
        faces[flip_faces] = faces[flip_faces][:, ::-1]
        geom = geom.flipped(flip_faces)
        masses = body_mass_properties(geom, shell, n_bodies)
        repairs.append(f"turned {int(inside_out.sum())} inside-out bodies outward")
        faces_changed = True

    if n_bodies == 1:
        order = np.arange(faces.shape[0], dtype=np.int64)
    else:
        order = fast_argsort(shell, max(1, n_bodies).bit_length())
    splits = np.cumsum(np.bincount(shell, minlength=n_bodies))[:-1]
    bodies = tuple(
        Body(
            faces=idx,
            watertight=not open_shell[i],
            part=int(part_of_face[idx[0]]),
            mass=masses[i],
        )
        for i, idx in enumerate(np.split(order, splits))
    )
    health = Health(
        vertices=n,
        faces=int(faces.shape[0]),
        bodies=n_bodies,
        watertight=bool(n_bodies > 0 and not open_shell.any()),
        winding_consistent=winding_consistent,
        degenerate_faces=n_degenerate,
        duplicate_faces=n_duplicate,
        boundary_edges=int(boundary.sum()),
        non_manifold_edges=int(non_manifold.sum()),
        repairs=tuple(repairs),
    )
    return RepairedMesh(
        vertices=vertices,
        faces=faces,
        body_of_face=shell,
        bodies=bodies,
        geometry=geom,
        health=health,
        faces_changed=faces_changed,
    )
