"""Welding, topology, health and safe repairs on meshes with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from outsole_studio.core.geometry import mesh as M
from outsole_studio.core.geometry.mesh import welding
from tests.conftest import box


def soup(v, f):
    return np.asarray(v)[np.asarray(f)]


def test_weld_merges_only_bit_identical_vertices():
    tri = np.array(
        [
            [[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]],
            [[-0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0 + 1e-12, 0.0, 0.0]],
        ]
    )
    vertices, faces = M.weld(tri)
    assert vertices.shape == (4, 3)  # -0.0 merges with 0.0; 1 + 1e-12 stays apart
    assert faces.tolist() == [[0, 1, 2], [0, 2, 3]]
    np.testing.assert_array_equal(vertices[faces], tri + 0.0)


def test_weld_float32_soup_of_a_box():
    v, f = box()
    vertices, faces = M.weld(soup(v, f).astype(np.float32))
    assert vertices.shape == (8, 3)
    assert vertices.dtype == np.float64
    np.testing.assert_array_equal(vertices[faces], soup(v, f))


def test_weld_reads_strided_triangles_in_place_to_the_same_mesh():
    """Triangles with any strides (an STL's 50-byte records in a memory map) weld to the mesh
    their contiguous copy gives, bit for bit, in float32 and float64, -0.0 merged with 0.0,
    across more than one chunk; and under hash collisions too."""
    rng = np.random.default_rng(5)
    v, f = box()
    base = np.concatenate([soup(v, f) + rng.normal(0, 1e-3, (12, 3, 3))] * 3000)  # 36 k faces
    base = np.concatenate([base, soup(v, f)])  # shared corners, and -0.0 beside 0.0 below
    base[-1, 0] = [-0.0, 0.0, -0.0]
    for dtype in (np.float32, np.float64):
        tri = base.astype(dtype)
        records = np.zeros(tri.shape[0], [("n", "<f4", (3,)), ("c", dtype, (3, 3)), ("a", "<u2")])
        records["c"] = tri
        strided = records["c"]
        assert not strided.flags.c_contiguous
        want_v, want_f = M.weld(np.ascontiguousarray(tri))
        got_v, got_f = M.weld(strided)
        assert got_v.tobytes() == want_v.tobytes() and got_f.tobytes() == want_f.tobytes()
        np.testing.assert_array_equal(got_v[got_f], tri.astype(np.float64) + 0.0)
        assert not np.signbit(got_v[got_v == 0]).any()  # -0.0 came as 0.0
    assert M.weld(np.zeros((0, 3, 3), np.float32))[0].shape == (0, 3)


def test_welding_in_place_survives_hash_collisions(monkeypatch):
    v, f = box()
    tri = soup(v, f).astype(np.float32)
    want = M.weld(tri)
    monkeypatch.setattr(welding, "_hash_words", lambda words: np.zeros(words[0].size, np.uint64))
    records = np.zeros(12, [("n", "<f4", (3,)), ("c", "<f4", (3, 3))])
    records["c"] = tri
    got = M.weld(records["c"])
    assert got[0].tobytes() == want[0].tobytes() and got[1].tobytes() == want[1].tobytes()


def test_grouping_survives_hash_collisions(monkeypatch):
    rng = np.random.default_rng(3)
    rows = rng.integers(0, 5, size=(400, 3)).astype(np.float64)
    expected_groups = len({tuple(r) for r in rows})
    rows32 = rows.astype(np.float32)
    # Every row hashes alike: the exact fallback must still separate them.
    monkeypatch.setattr(welding, "_hash_words", lambda words: np.zeros(words[0].size, np.uint64))
    first, inverse = welding._group_equal_rows(rows)
    assert first.size == expected_groups
    np.testing.assert_array_equal(rows[first][inverse], rows)
    assert np.all(np.diff(first) > 0)  # numbered by first appearance
    first32, inverse32 = welding._group_equal_rows(rows32)  # the 8 + 4 byte word layout
    np.testing.assert_array_equal(first32, first)
    np.testing.assert_array_equal(inverse32, inverse)


def test_fast_argsort_matches_stable_argsort():
    keys = np.random.default_rng(0).integers(0, 1000, 5000).astype(np.uint64)
    np.testing.assert_array_equal(M.fast_argsort(keys, 10), np.argsort(keys, kind="stable"))
    big = np.random.default_rng(1).integers(0, 2**62, 50).astype(np.uint64)
    np.testing.assert_array_equal(M.fast_argsort(big, 62), np.argsort(big, kind="stable"))


@pytest.mark.parametrize("n", [0, 1, 1023, 1024, 5000, 100_000])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_bounds_are_the_columns_extremes(n, dtype):
    rng = np.random.default_rng(n)
    points = rng.normal(size=(n, 3)).astype(dtype)
    if n > 2:  # the extremes in the remainder rows, past the last wide row
        points[-1] = [50.0, -60.0, 70.0]
        points[n // 2] = [-80.0, 90.0, -100.0]
    lo, hi = welding.bounds(points)
    assert lo.dtype == hi.dtype == np.float64
    if n == 0:
        assert lo.tolist() == hi.tolist() == [0.0, 0.0, 0.0]
        return
    np.testing.assert_array_equal(lo, points.min(axis=0))
    np.testing.assert_array_equal(hi, points.max(axis=0))
    view = points[:, :2]  # not contiguous: column by column
    np.testing.assert_array_equal(welding.bounds(view)[0], points[:, :2].min(axis=0))
    if n > 2:
        assert lo.tolist() == [-80.0, -60.0, -100.0] and hi.tolist() == [50.0, 90.0, 70.0]


def test_closed_box_is_healthy_and_exact():
    v, f = box(size=(2.0, 3.0, 4.0))
    mesh = M.repair([M.weld(soup(v, f))])
    h = mesh.health
    assert (h.vertices, h.faces, h.bodies) == (8, 12, 1)
    assert h.watertight and h.winding_consistent
    assert (h.boundary_edges, h.non_manifold_edges, h.degenerate_faces, h.duplicate_faces) == (
        0,
        0,
        0,
        0,
    )
    assert h.repairs == ()
    mp = mesh.bodies[0].mass
    assert mp.volume == pytest.approx(24.0, rel=1e-12)
    assert mp.area == pytest.approx(2 * (6 + 8 + 12), rel=1e-12)
    np.testing.assert_allclose(mp.center_of_mass, [1.0, 1.5, 2.0], atol=1e-12)


def test_the_repair_says_early_when_the_mesh_is_closed_and_consistent():
    """``on_closed`` is called for a closed, consistently wound mesh only: not for an open one,
    one wound inconsistently, or one whose merge dropped collapsed faces."""
    v, f = box()
    calls: list[str] = []

    def repaired(faces: np.ndarray, name: str) -> M.RepairedMesh:
        return M.repair([M.weld(soup(v, faces))], on_closed=lambda: calls.append(name))

    repaired(f, "closed")
    repaired(f[1:], "open")
    bad = f.copy()
    bad[3] = bad[3][::-1]
    repaired(bad, "inconsistent")
    collapsed = np.concatenate([f, [[0, 0, 1]]])
    assert repaired(collapsed, "collapsed").health.watertight  # closed, once dropped
    assert calls == ["closed"]


def test_open_box_reports_boundary_edges_and_is_never_closed():
    v, f = box()
    mesh = M.repair([M.weld(soup(v, f[2:]))])  # bottom removed: a 2 x 3 hole
    assert not mesh.health.watertight
    assert mesh.health.boundary_edges == 4  # the rim of the missing bottom
    assert mesh.health.faces == 10
    assert mesh.health.repairs == ()


def test_open_box_boundary_count():
    v, f = box()
    mesh = M.repair([M.weld(soup(v, f[1:]))])  # one bottom triangle removed
    assert mesh.health.boundary_edges == 3
    assert not mesh.bodies[0].watertight


def test_inconsistent_winding_is_fixed_and_reported():
    v, f = box()
    bad = f.copy()
    bad[3] = bad[3][::-1]
    mesh = M.repair([M.weld(soup(v, bad))])
    assert not mesh.health.winding_consistent
    assert any("re-wound 1 faces" in str(r) for r in mesh.health.repairs)
    assert mesh.health.watertight
    assert mesh.bodies[0].mass.volume == pytest.approx(24.0)
    topo = M.edge_topology(mesh.faces, mesh.vertices.shape[0])
    assert topo.pair_consistent.all()


def test_inside_out_body_is_turned_outward():
    v, f = box()
    mesh = M.repair([M.weld(soup(v, f[:, ::-1]))])
    assert mesh.health.winding_consistent  # consistent, just inward
    assert any("inside-out" in str(r) for r in mesh.health.repairs)
    assert mesh.bodies[0].mass.volume == pytest.approx(24.0)


def test_duplicate_and_collapsed_faces_are_dropped():
    v, f = box()
    extra = np.vstack([f, f[5], f[7][::-1], [[0, 0, 1]]])
    tri = soup(v, extra)
    mesh = M.repair([M.weld(tri)])
    h = mesh.health
    assert h.duplicate_faces == 2
    assert h.degenerate_faces == 1
    assert h.faces == 12 and h.watertight and h.non_manifold_edges == 0
    assert mesh.bodies[0].mass.volume == pytest.approx(24.0)
    assert any("duplicate" in str(r) for r in h.repairs)
    assert any("collapsed" in str(r) for r in h.repairs)


def test_zero_area_faces_are_counted_but_kept():
    v, f = box()
    # A T-junction on edge 4-5 closed by a zero-area sliver (5, 4, m): dropping it would open
    # the surface, so it is counted as degenerate and kept.
    v2 = np.vstack([v, [[1.0, 0.0, 4.0]]])
    keep = [t for i, t in enumerate(f.tolist()) if i != 5]  # drop (0, 5, 4)
    faces = np.array([*keep, [0, 5, 8], [0, 8, 4], [5, 4, 8]])
    mesh = M.repair([M.weld(soup(v2, faces))])
    h = mesh.health
    assert h.degenerate_faces == 1
    assert h.faces == 14 and h.watertight and h.winding_consistent
    assert any("zero-area" in str(r) for r in h.repairs)
    assert mesh.bodies[0].mass.volume == pytest.approx(24.0)


def test_two_separate_boxes_are_two_bodies():
    v1, f1 = box()
    v2, f2 = box(lo=(10.0, 0.0, 0.0), size=(1.0, 1.0, 1.0))
    tri = np.vstack([soup(v1, f1), soup(v2, f2)])
    mesh = M.repair([M.weld(tri)])
    assert mesh.health.bodies == 2
    assert [b.mass.volume for b in mesh.bodies] == pytest.approx([24.0, 1.0])
    assert [b.faces.size for b in mesh.bodies] == [12, 12]


def test_touching_file_meshes_stay_separate_bodies():
    v1, f1 = box()
    v2, f2 = box(lo=(2.0, 0.0, 0.0))  # shares the face x = 2 with the first
    parts = [M.weld(soup(v1, f1)), M.weld(soup(v2, f2))]
    mesh = M.repair(parts)
    assert mesh.health.bodies == 2
    assert [b.part for b in mesh.bodies] == [0, 1]
    assert mesh.health.watertight


def test_edge_shared_by_three_faces_is_non_manifold():
    v, f = box()
    fin = np.array([[1, 5, 8]])
    v2 = np.vstack([v, [[3.0, 0.0, 2.0]]])
    mesh = M.repair([M.weld(soup(v2, np.vstack([f, fin])))])
    assert mesh.health.non_manifold_edges == 1
    assert not mesh.health.watertight


def test_rewinding_keeps_the_majority_orientation_of_an_open_shell():
    v, f = box()
    open_box = f[2:].copy()  # no bottom: orientation cannot come from the volume sign
    open_box[[0, 1, 2]] = open_box[[0, 1, 2]][:, ::-1]  # 3 of 10 faces wound the other way
    mesh = M.repair([M.weld(soup(v, open_box))])
    assert any("re-wound 3 faces" in str(r) for r in mesh.health.repairs)
    # The 7 untouched faces keep their (outward) winding.
    normals = M.face_geometry(mesh.vertices, mesh.faces).cross
    centroid = mesh.vertices[mesh.faces].mean(axis=1) - [1.0, 1.5, 2.0]
    assert (np.einsum("ij,ij->i", normals, centroid) > 0).all()


def _same_geometry(a: M.FaceGeometry, b: M.FaceGeometry) -> bool:
    """Every array equal, and every zero of the same sign."""
    return all(
        np.array_equal(getattr(a, k), getattr(b, k))
        and np.array_equal(np.signbit(getattr(a, k)), np.signbit(getattr(b, k)))
        for k in ("cross", "double_area", "six_volume", "corner_sum", "origin")
    )


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_soup_geometry_is_the_welded_meshs_to_the_last_bit(dtype):
    """The geometry of a soup's triangles is that of the welded mesh, bit for bit and zero's
    sign included, however the corners are laid out; given an origin, some of the triangles
    give those faces' rows."""
    rng = np.random.default_rng(7)
    v, f = box(size=(3.0, 5.0, 2.0))
    tri = (v[f] + rng.normal(0.0, 0.2, (f.shape[0], 3, 3))).astype(dtype)
    tri = np.concatenate([tri] * 30000)  # over one chunk: 360,000 triangles
    tri[0] = [[-9.0, -9.0, -9.0], [9.0, 9.0, 9.0], [9.0, -9.0, 0.0]]  # the origin at 0, 0, 0
    tri[5, 1] = [-0.0, 0.0, -0.0]  # -0.0 corners, welded as 0.0
    tri[6, 2] = [0.0, -0.0, 0.0]
    tri[8, :, 0] = -0.0  # a triangle in the plane x = -0.0: its corners' sum is 0.0 welded
    tri[7] = -tri[7]
    vertices, faces = M.weld(tri)
    truth = M.face_geometry(vertices, faces)
    assert not truth.origin.any()  # where the sign of a zero corner shows
    whole = M.soup_face_geometry(tri.shape[0], lambda s: tri[s])
    assert whole.rows == tri.shape[0] and _same_geometry(truth, whole.geometry)
    # Strided corners, as an STL's 50-byte records give them.
    records = np.zeros(tri.shape[0], [("n", "<f4", (3,)), ("c", dtype, (3, 3)), ("a", "<u2")])
    records["c"] = tri
    strided = records["c"]
    got = M.soup_face_geometry(tri.shape[0], lambda s: strided[s]).geometry
    assert _same_geometry(truth, got)
    rows = np.arange(3, tri.shape[0], 977)
    some = tri[rows]
    part = M.soup_face_geometry(rows.shape[0], lambda s: some[s], truth.origin).geometry
    assert _same_geometry(truth.select(rows), part)


def test_geometry_begun_from_the_soup_is_finished_from_the_mesh():
    """Stopped after a few chunks, the soup's geometry is finished from the welded mesh into
    the same arrays: the whole geometry, to the last bit. Begun about another origin, it is
    computed again."""
    rng = np.random.default_rng(3)
    tri = rng.normal(0.0, 50.0, (200_000, 3, 3)).astype(np.float32)
    vertices, faces = M.weld(tri)
    truth = M.face_geometry(vertices, faces)
    asked = iter([False, False, False, True])
    begun = M.soup_face_geometry(tri.shape[0], lambda s: tri[s], until=lambda: next(asked))
    assert begun.rows == 3 * (1 << 15)  # three chunks, then it was told to stop
    assert _same_geometry(truth, M.face_geometry(vertices, faces, begun))
    other = M.BegunGeometry(M.face_geometry(vertices + 1.0, faces), faces.shape[0])
    assert _same_geometry(truth, M.face_geometry(vertices, faces, other))


def test_the_spread_checked_for_flatness_is_the_points_second_moments():
    """A 20 x 50 x 40 grid of points about (1e6, -4, 7): each coordinate's second moment about
    its mean is (k^2 - 1) / 12 * step^2 for k evenly spaced values, and there are no cross
    terms. In more chunks than one, and far from the origin (centred, not squared and
    subtracted)."""
    from outsole_studio.core.geometry.chunked import CHUNK_ROWS
    from outsole_studio.core.geometry.merged import _spread

    axes = [np.arange(20) * 10.0 + 1e6, np.arange(50) * 2.0 - 4, np.arange(40) * 0.5 + 7]
    points = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, 3)
    assert points.shape[0] > CHUNK_ROWS
    expected = np.diag([(20**2 - 1) / 12 * 100.0, (50**2 - 1) / 12 * 4.0, (40**2 - 1) / 12 / 4])
    np.testing.assert_allclose(_spread(points), expected, rtol=1e-12, atol=1e-9)
