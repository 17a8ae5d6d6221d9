"""Edge topology of an indexed mesh: shared edges, connected bodies, consistent winding."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..arrays import BoolArray, IntArray, UIntArray
from ..chunked import map_chunks


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


def _half_edge_keys(faces: IntArray, n_vertices: int, s: slice) -> IntArray:
    """Keys of the half-edges of faces ``s``: (lo * n + hi) * 2 + (tail < head), ``(3 k,)``."""
    f = faces[s]
    tail = f.reshape(-1)
    head = np.empty_like(f)  # the corners rotated by one (np.roll is several times slower)
    head[:, :2] = f[:, 1:]
    head[:, 2] = f[:, 0]
    head = head.reshape(-1)
    forward = tail < head
    key = np.minimum(tail, head).astype(np.int64, copy=False)
    key *= np.int64(n_vertices)
    key += np.maximum(tail, head)
    key *= 2
    key += forward
    return np.asarray(key, dtype=np.int64)


def _sorted_half_edges(faces: IntArray, n_vertices: int) -> tuple[IntArray, BoolArray, UIntArray]:
    """Half-edges sorted by undirected edge, then direction.

    Returns
    -------
    order : (3 m,) int64
        Half-edge numbers in sorted order.
    forward : (3 m,) bool
        Does each (sorted) half-edge run from its lower to its higher vertex?
    edge_key : (3 m,) uint64
        Its undirected edge ``lo * n + hi``.
    """
    n_half = faces.shape[0] * 3
    key_bits = int(max(1, n_vertices) ** 2).bit_length() + 1
    idx_bits = max(1, int(n_half - 1).bit_length())
    if key_bits + idx_bits > 63:
        key = _half_edge_keys(faces, n_vertices, slice(0, faces.shape[0]))
        order = np.argsort(key, kind="stable").astype(np.int64)
        ks = key[order].astype(np.uint64)
        return order, (ks & np.uint64(1)).astype(bool), ks >> np.uint64(1)
    packed = np.empty(n_half, dtype=np.uint64)

    def pack(s: slice) -> None:
        k = _half_edge_keys(faces, n_vertices, s).astype(np.uint64)
        k <<= np.uint64(idx_bits)
        k |= np.arange(3 * s.start, 3 * s.stop, dtype=np.uint64)
        packed[3 * s.start : 3 * s.stop] = k

    map_chunks(pack, faces.shape[0])
    packed.sort()
    order = np.empty(n_half, dtype=np.int64)
    forward = np.empty(n_half, dtype=bool)

    def unpack(s: slice) -> None:
        order[s] = packed[s] & np.uint64((1 << idx_bits) - 1)
        packed[s] >>= np.uint64(idx_bits)  # in place: the buffer becomes the sorted keys
        forward[s] = packed[s] & np.uint64(1)
        packed[s] >>= np.uint64(1)  # and then the undirected edges

    map_chunks(unpack, n_half)
    return order, forward, packed


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
    order, direction, edge_key = _sorted_half_edges(faces, n_vertices)
    start = np.empty(n_half, dtype=bool)
    if n_half:
        start[0] = True
        np.not_equal(edge_key[1:], edge_key[:-1], out=start[1:])
    starts = np.flatnonzero(start)
    del start
    counts = np.diff(starts, append=n_half).astype(np.int64)
    manifold = starts[counts == 2]
    consistent = direction[manifold] != direction[manifold + 1]
    del direction, manifold
    unique = edge_key[starts].astype(np.int64)
    del edge_key
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
    # scipy is imported where it is used, so that welding (this package) needs numpy alone: a
    # process that only reads and welds a model (io.read_ahead) never loads it.
    from ..lean_scipy import csgraph, sparse

    # The sorted edge list is already the CSR layout of the upper-triangular adjacency. Given
    # in the types the graph routines work in (float64 weights, int32 indices where they fit),
    # scipy makes no converted copies of it first (1.3 M triangles: 46 -> 38 ms).
    index = np.int32 if edges.shape[0] < 2**31 and n_vertices < 2**31 else np.int64
    indptr = np.zeros(n_vertices + 1, dtype=index)
    np.cumsum(np.bincount(edges[:, 0], minlength=n_vertices), out=indptr[1:])
    graph = sparse.csr_matrix(
        (np.ones(edges.shape[0]), edges[:, 1].astype(index), indptr),
        shape=(n_vertices, n_vertices),
    )
    n_labels, vlabel = csgraph.connected_components(graph, directed=False)
    m = faces.shape[0]
    if n_labels == 1:  # one shell, every vertex in it (the usual sole): nothing to number
        return 1, np.zeros(m, dtype=np.int64)
    flabel = np.asarray(vlabel, dtype=np.int64)[faces[:, 0]]
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
    from ..lean_scipy import csgraph, sparse  # see face_components

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
