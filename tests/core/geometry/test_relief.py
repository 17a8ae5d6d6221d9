"""Height and thickness maps: exact vertical thickness without ray casting."""

from __future__ import annotations

import numpy as np
import pytest

from outsole_studio.core.geometry.relief import height_maps
from outsole_studio.samples.designs import DESIGNS
from outsole_studio.samples.generator import generate
from tests.shapes import lugged_sole


def test_lugged_sole_has_exactly_two_thicknesses():
    v, f, truth = lugged_sole()
    m = height_maps(v, f, cell_mm=1.0)
    th = m.thickness_mm[m.inside]
    values = np.unique(np.round(th, 6))
    assert values.tolist() == [6.0, 9.0]  # slab, slab + lug
    assert np.nanmin(m.bottom_mm) == pytest.approx(0.0, abs=1e-12)
    assert np.nanmax(m.top_mm) == pytest.approx(truth.height_mm)
    assert m.inside.sum() == pytest.approx(truth.outline_area_mm2, rel=0.01)  # 1 mm cells
    # Lug area: (volume - slab volume) / lug height, sampled on the grid.
    lug_area = (truth.volume_mm3 - truth.outline_area_mm2 * 6.0) / 3.0
    assert (np.round(th, 6) == 9.0).sum() == pytest.approx(lug_area, rel=0.03)
    # The thickness integrates to the volume.
    assert th.sum() == pytest.approx(truth.volume_mm3, rel=0.01)


def test_heel_block_thickness_is_the_stack_height():
    design = next(d for d in DESIGNS if d.params.heel_height_mm > 0)
    g = generate(design.params)
    m = height_maps(g.parts[0].vertices, g.parts[0].faces, cell_mm=1.0)
    heel = m.thickness_mm[: int(0.15 * g.truth.length_mm)][
        m.inside[: int(0.15 * g.truth.length_mm)]
    ]
    p = design.params
    assert np.median(heel) == pytest.approx(
        p.heel_height_mm + p.tread_depth_mm + p.floor_mm, abs=1e-6
    )
    # Under the grooves the floor is what is left: the thinnest material away from the rim.
    # (the bent shank is piecewise flat: its two faces are triangulated apart, hence 0.05 mm)
    assert np.percentile(m.thickness_mm[m.inside], 0.5) == pytest.approx(p.floor_mm, abs=0.05)


def test_draft_in_chunks_is_the_whole_mesh_formula_bit_for_bit():
    from outsole_studio.core.geometry.draft import _angles_deg, draft
    from outsole_studio.core.geometry.mesh import face_normals

    # Random faces (a fifth of them flat, some of no area) in more chunks than the cores.
    rng = np.random.default_rng(7)
    v = rng.normal(scale=40.0, size=(20_000, 3))
    f = rng.integers(0, v.shape[0], size=(170_000, 3))
    f[::5, 2] = f[::5, 1]  # no area
    v[:2_000, 2] = 5.0
    m = height_maps(v, f)
    d = draft(v, f, m, threshold_deg=3.0)
    cross, length = face_normals(v, f)
    angle = _angles_deg(cross[:, 2], length)
    low = (angle < 3.0) & (length > 0)
    assert np.array_equal(d.draft_deg, angle) and np.array_equal(d.low_draft, low)
    assert d.low_draft_area_mm2 == float((0.5 * length)[low].sum())
    assert 0 < low.sum() < f.shape[0] - f[::5].shape[0]
    assert np.array_equal(d.undercut, m.hidden_faces & ~low)


def test_draft_from_the_file_frames_geometry_agrees_with_the_canonical_frames():
    from outsole_studio.core.geometry.draft import Pull, draft
    from outsole_studio.core.geometry.mesh import face_geometry
    from tests.shapes import rotation

    v, f, _ = lugged_sole()
    r = rotation("x", 37.0) @ rotation("z", -12.0)
    in_file = (v @ r.T) / 25.4  # as a file in inches, turned
    geom = face_geometry(in_file, f)
    pull = Pull(geom.cross @ r[:, 2], geom.double_area, 25.4)  # canonical Z in the file
    m = height_maps(v, f)
    here, there = draft(v, f, m, 1.0), draft(v, f, m, 1.0, pull)
    # arcsin is steep at 90 degrees (flat faces): rounding shows there, not near the walls.
    np.testing.assert_allclose(there.draft_deg, here.draft_deg, rtol=0, atol=1e-5)
    walls = here.draft_deg < 80
    assert walls.sum() > 1000
    np.testing.assert_allclose(there.draft_deg[walls], here.draft_deg[walls], rtol=0, atol=1e-10)
    assert np.array_equal(there.low_draft, here.low_draft)
    assert there.low_draft_area_mm2 == pytest.approx(here.low_draft_area_mm2, rel=1e-12)
    assert np.array_equal(there.undercut, here.undercut)
    # A subset of the faces (one body of several): the same as measuring it alone.
    idx = np.arange(0, f.shape[0], 3)
    part = draft(v, f[idx], height_maps(v, f[idx]), 1.0, pull.select(idx))
    np.testing.assert_allclose(part.draft_deg, here.draft_deg[idx], rtol=0, atol=1e-5)


def test_thickness_figures_of_flat_and_heeled_designs():
    from outsole_studio.core.geometry.relief import thickness_stats

    flat = next(d for d in DESIGNS if d.name.startswith("court"))
    g = generate(flat.params)
    s = thickness_stats(height_maps(g.parts[0].vertices, g.parts[0].faces))
    p = flat.params
    assert s.floor_mm == pytest.approx(p.floor_mm, abs=0.2)
    assert s.max_mm == pytest.approx(p.floor_mm + p.tread_depth_mm, abs=1e-6)
    assert s.heel_to_toe_drop_mm == pytest.approx(0.0, abs=1e-6)
    assert p.floor_mm <= s.mean_mm <= p.floor_mm + p.tread_depth_mm
    heeled = next(d for d in DESIGNS if d.params.heel_height_mm > 0)
    g = generate(heeled.params)
    s = thickness_stats(height_maps(g.parts[0].vertices, g.parts[0].faces))
    q = heeled.params
    assert s.heel_mm == pytest.approx(q.heel_height_mm + q.tread_depth_mm + q.floor_mm, abs=0.3)
    assert s.heel_to_toe_drop_mm == pytest.approx(q.heel_height_mm, abs=0.3)
    assert s.floor_mm == pytest.approx(q.floor_mm, abs=0.2)


def test_draft_of_lugs_and_an_undercut():
    import manifold3d

    from outsole_studio.core.geometry.draft import draft

    v, f, truth = lugged_sole()
    m = height_maps(v, f)
    d = draft(v, f, m, threshold_deg=1.0)
    # Straight lug walls and the slab's rim wall are vertical: no draft at all.
    lug_walls = (truth.area_mm2 - 2 * truth.outline_area_mm2) - truth.outline_perimeter_mm * 6.0
    assert d.low_draft_area_mm2 == pytest.approx(
        truth.outline_perimeter_mm * 6.0 + lug_walls, rel=1e-6
    )
    assert d.undercut_area_mm2 == pytest.approx(0.0)
    assert d.draft_deg.max() == pytest.approx(90.0)
    # A slab with a T-shaped cleat: the cleat's crossbar hangs over the slab's bottom, whose
    # strip under it cannot leave a mould opening along Z.
    slab = manifold3d.Manifold.cube((100.0, 40.0, 5.0)).translate((0, 0, 10))
    stem = manifold3d.Manifold.cube((4.0, 20.0, 9.0)).translate((48, 10, 1.5))
    bar = manifold3d.Manifold.cube((20.0, 20.0, 2.0)).translate((40, 10, 0))
    solid = manifold3d.Manifold.batch_boolean([slab, stem, bar], manifold3d.OpType.Add).to_mesh64()
    tv = np.asarray(solid.vert_properties)[:, :3]
    tf = np.asarray(solid.tri_verts, np.int64)
    d = draft(tv, tf, height_maps(tv, tf, cell_mm=0.5))
    # Hidden: the top of the crossbar (it looks up onto the slab) and the slab's underside over
    # it (it looks down onto the bar): each 20 x 20 less the stem's 4 x 20.
    assert d.undercut_area_mm2 == pytest.approx(2 * (20 * 20 - 4 * 20), rel=0.02)
    assert d.undercut.any()


@pytest.mark.parametrize("design", DESIGNS, ids=[d.name for d in DESIGNS])
def test_tread_depth_is_measured_locally(design):
    from outsole_studio.core.geometry.relief import tread_depth

    g = generate(design.params)
    m = height_maps(g.parts[0].vertices, g.parts[0].faces)
    assert tread_depth(m) == pytest.approx(design.params.tread_depth_mm, abs=0.2)


def test_smooth_bottom_has_no_tread_even_with_toe_spring():
    from outsole_studio.core.geometry.relief import tread_depth
    from outsole_studio.samples.generator import OutsoleParams

    for params in (
        OutsoleParams(tread="none"),
        OutsoleParams(tread="none", toe_spring_mm=10.0),
        OutsoleParams(tread="none", heel_height_mm=40.0),
    ):
        g = generate(params)
        assert tread_depth(height_maps(g.parts[0].vertices, g.parts[0].faces)) == 0.0


@pytest.mark.parametrize("design", DESIGNS, ids=[d.name for d in DESIGNS])
def test_toe_spring_and_the_whole_relief(design):
    from outsole_studio.core.geometry.relief import relief

    g = generate(design.params)
    r = relief(g.parts[0].vertices, g.parts[0].faces)
    # Measured over the front 2 % of the length, just behind the very tip: within 0.5 mm.
    assert r.toe_spring_mm == pytest.approx(design.params.toe_spring_mm, abs=0.5)
    assert r.tread_depth_mm == pytest.approx(design.params.tread_depth_mm, abs=0.2)
    assert r.contact.area_mm2 == pytest.approx(g.truth.contact_area_mm2, rel=0.02)
    assert len(r.sections) == 6 and all(s.area_mm2 > 0 for s in r.sections)
    assert r.draft.undercut_area_mm2 == pytest.approx(0.0, abs=1.0)  # generated soles mould
    assert r.thickness.floor_mm == pytest.approx(design.params.floor_mm, abs=0.2)


def test_a_huge_model_gets_a_coarser_grid_not_a_huge_one():
    from outsole_studio.core.geometry.relief import MAX_GRID_POINTS

    v, f, _ = lugged_sole()
    m = height_maps(v * 1000.0, f, cell_mm=1.0)  # 270 m long: a wrong unit
    assert m.thickness_mm.size <= MAX_GRID_POINTS
    assert m.cell_mm > 1.0
