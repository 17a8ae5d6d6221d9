"""The dimensioned drawing's figures: stations off groove lines, section call-outs, plan
dimensions equal to the analysis."""

from __future__ import annotations

import manifold3d
import numpy as np
import pytest
import shapely

from outsole_studio.core.errors import OutsoleError
from outsole_studio.core.geometry.analyzer import analyze_model
from outsole_studio.core.geometry.drawing import (
    Station,
    measure_section,
    parse_stations,
    shoe_drawing,
)
from outsole_studio.core.geometry.sections import (
    Section,
    cut,
    material,
    sections,
    tread_variation_mm,
)
from tests.conftest import as_model
from tests.shapes import chord_width, foot_outline, lugged_sole


def _mesh(solid: manifold3d.Manifold) -> tuple[np.ndarray, np.ndarray]:
    m = solid.to_mesh64()
    return np.asarray(m.vert_properties)[:, :3].astype(np.float64), np.asarray(
        m.tri_verts, dtype=np.int64
    )


def _grooved_slab() -> tuple[np.ndarray, np.ndarray]:
    """A 100 x 40 x 4 mm slab with 2 mm lug rows 4 mm long and 1 mm groove lines between them,
    groove centres at x = 5, 10, 15 ... (15, 35, 50 and 85 % of the length on a groove)."""
    slab = manifold3d.Manifold.cube((100.0, 40.0, 4.0)).translate((0.0, -20.0, 2.0))
    lugs = []
    for k in range(20):
        for y0 in (-15.0, 5.0):
            lugs.append(manifold3d.Manifold.cube((4.0, 10.0, 2.5)).translate((5 * k + 0.5, y0, 0)))
    return _mesh(manifold3d.Manifold.batch_boolean([slab, *lugs], manifold3d.OpType.Add))


def test_default_station_on_a_groove_line_moves_to_the_lugs():
    v, f = _grooved_slab()
    out = sections(v, f, tread_mm=2.0)
    by_pct = {s.requested_pct: s for s in out if s.requested_pct is not None}
    for pct in (15.0, 35.0, 50.0, 85.0):
        _, seg = cut(v, f, 0, pct)  # on the groove line: a plain 4 mm slab
        assert tread_variation_mm(material(seg)) == pytest.approx(0.0, abs=1e-6)
        s = by_pct[pct]
        assert s.moved
        assert 0.0 < abs(s.position_pct - pct) <= 1.0  # the nearest lug row, 0.5 mm on
        assert tread_variation_mm([shapely.Polygon(p) for p in s.polygons]) == pytest.approx(2.0)
        # Slab plus the two 10 mm lugs crossed, each 2 mm below it.
        assert s.area_mm2 == pytest.approx(40 * 4 + 2 * 10 * 2, rel=1e-6)
    assert not by_pct[68.0].moved  # already across a lug row
    # Without tread nothing moves.
    assert not any(s.moved for s in sections(v, f, tread_mm=0.0))


def test_a_void_is_a_hole_not_a_piece_of_material():
    outer = manifold3d.Manifold.cube((50.0, 30.0, 10.0))
    pocket = manifold3d.Manifold.cube((20.0, 10.0, 4.0)).translate((15.0, 10.0, 3.0))
    v, f = _mesh(outer - pocket)
    area, seg = cut(v, f, 0, 25.0)
    polys = material(seg)
    assert len(polys) == 1 and len(polys[0].interiors) == 1
    assert polys[0].area == pytest.approx(30 * 10 - 10 * 4)
    assert area == pytest.approx(30 * 10 - 10 * 4)


def _u_section() -> Section:
    """A cupsole cut: 3 mm floor 40 mm wide, 3 mm walls up to 15 mm, two 2 mm lugs below."""
    shape = shapely.union_all([
        shapely.box(-20, 0, 20, 3), shapely.box(-20, 3, -17, 15), shapely.box(17, 3, 20, 15),
        shapely.box(-10, -2, -5, 0), shapely.box(5, -2, 10, 0),
    ])  # fmt: skip
    ring = np.asarray(shape.exterior.coords)
    return Section("transverse 50 %", 50.0, shape.area, (ring,))


def test_section_callouts_of_a_cupsole_cut():
    m = measure_section(_u_section())
    assert m.total_mm == pytest.approx(17.0)
    assert m.floor_mm == pytest.approx(3.0)
    assert m.tread_mm == pytest.approx(2.0)
    assert not (-10 <= m.tread_u_mm <= -5 or 5 <= m.tread_u_mm <= 10)  # a groove, not a lug
    assert m.wall_mm == pytest.approx(3.0)
    assert m.wall_z_mm is not None and 3.0 < m.wall_z_mm < 15.0


def test_plain_slab_cut_has_no_wall():
    ring = np.asarray(shapely.box(-30, 0, 30, 6).exterior.coords)
    m = measure_section(Section("transverse 50 %", 50.0, 360.0, (ring,)))
    assert (m.total_mm, m.floor_mm, m.tread_mm, m.wall_mm) == (6.0, 6.0, 0.0, None)


def test_parse_stations():
    assert parse_stations("35%, 120mm") == (Station(35.0, "%"), Station(120.0, "mm"))
    assert parse_stations(" 12.5 % ;") == (Station(12.5, "%"),)
    assert parse_stations("") == ()
    assert Station(120.0, "mm").pct(240.0) == pytest.approx(50.0)
    for bad in ("35", "abc", "0%", "100%", "600mm", ",".join(["10%"] * 9)):
        with pytest.raises(OutsoleError):
            parse_stations(bad)


@pytest.fixture(scope="module")
def lugged_analysis():
    v, f, truth = lugged_sole()
    return analyze_model(as_model(v, f)), truth


def test_plan_dimensions_are_the_analysis(lugged_analysis):
    a, truth = lugged_analysis
    d = shoe_drawing(a)
    plan = {p.kind: p for p in d.plan}
    assert plan["length"].value_mm == a.dimensions.length_mm == pytest.approx(truth.length_mm)
    assert plan["ball"].value_mm == a.dimensions.ball_width_mm
    assert plan["heel"].value_mm == a.dimensions.heel_width_mm
    # The dimension lines end on the outline: their span is the value they carry.
    for kind in ("ball", "heel", "waist"):
        p = plan[kind]
        assert p.hi_mm - p.lo_mm == pytest.approx(p.value_mm, abs=0.01)
    # The reference outline widens monotonically: the narrowest of 25-60 % is at 25 %.
    waist = plan["waist"]
    assert waist.x_mm == pytest.approx(0.25 * truth.length_mm, abs=0.25)
    assert waist.value_mm == pytest.approx(chord_width(foot_outline(), waist.x_mm), abs=1e-6)
    assert [s.letter for s in d.sections] == ["A", "B", "C", "D", "E"]
    assert d.total_height_mm == a.dimensions.height_mm
    assert d.heel_height_mm == pytest.approx(9.0)  # slab top: 3 mm lugs + 6 mm slab
    assert d.tread_mm == a.relief.tread_depth_mm
    # The side profile spans the length and the height.
    side = d.side
    assert np.nanmin(side.low_mm) == pytest.approx(0.0, abs=1e-6)
    assert np.nanmax(side.high_mm) == pytest.approx(a.dimensions.height_mm)
    assert side.u_mm[0] == pytest.approx(0.0) and side.u_mm[-1] == pytest.approx(truth.length_mm)


def test_designer_stations(lugged_analysis):
    a, _ = lugged_analysis
    d = shoe_drawing(a, parse_stations("40%, 100mm"))
    assert [s.letter for s in d.sections] == ["A", "B"]
    assert d.sections[0].section.position_pct == pytest.approx(40.0)
    assert d.sections[1].x_mm == pytest.approx(100.0)
    with pytest.raises(OutsoleError, match="beyond the sole"):
        shoe_drawing(a, parse_stations("300mm"))


@pytest.mark.parametrize("name", ["casual-kawung-eu42.stl", "court-herringbone-eu41.stl",
                                  "trail-parang-eu43.stl", "kids-truntum-eu30.stl",
                                  "sample-outsole.stl"])  # fmt: skip
def test_every_default_section_of_the_examples_crosses_tread(name):
    """Along each default cut the material's thickness changes (lugs, not a groove line)."""
    from pathlib import Path

    from outsole_studio.io.meshfile import load_model

    a = analyze_model(load_model(Path(__file__).parents[3] / "examples" / name))
    for s in a.relief.sections[:-1]:
        variation = tread_variation_mm([shapely.Polygon(p) for p in s.polygons])
        assert variation >= 0.5 * a.relief.tread_depth_mm, (s.name, s.position_pct)


def _wedge() -> tuple[np.ndarray, np.ndarray]:
    """100 x 40 mm, its top rising from 5 mm at the heel (x = 0) to 15 mm at the toe, finely
    meshed (most triangles are inside both profiles)."""
    block = manifold3d.Manifold.cube((100.0, 40.0, 1.0)).translate((0.0, -20.0, 0.0)).refine(40)
    v, f = _mesh(block)
    v[:, 2] *= 5.0 + 0.1 * v[:, 0]
    return v, f


def test_side_and_front_profiles_of_a_wedge():
    v, f = _wedge()
    d = shoe_drawing(analyze_model(as_model(v, f)))
    side, front = d.side, d.front
    # Seen from the side: bottom 0, top 5 + x / 10 at every column, exactly.
    # The end columns are cut a hair (1e-6 mm) inside the ends, and cut the end faces whole.
    assert np.allclose(side.low_mm, 0.0, atol=1e-9)
    assert np.allclose(side.high_mm, 5.0 + 0.1 * side.u_mm, atol=1e-6)
    assert side.u_mm[0] == 0.0 and side.u_mm[-1] == pytest.approx(100.0)
    # Seen from the toe: the toe's 15 mm all across, the end columns included.
    assert np.allclose(front.low_mm, 0.0, atol=1e-9)
    assert np.allclose(front.high_mm, 15.0, atol=1e-9)
    assert front.u_mm[0] == pytest.approx(-20.0) and front.u_mm[-1] == pytest.approx(20.0)


def test_profiles_equal_cutting_every_triangle(lugged_analysis):
    # Only the triangles that can reach beyond the sure top and bottom are cut: the profiles
    # are those of cutting them all, to the last bit.
    from outsole_studio.core.geometry.drawing import PROFILE_STEP_MM, _profile
    from outsole_studio.core.geometry.footprint import column_spans

    a, _ = lugged_analysis
    v, f = a.vertices_mm, a.faces
    for across in (0, 1):
        us = [v[f[:, k], across] for k in range(3)]
        zs = [v[f[:, k], 2] for k in range(3)]
        lo, hi = v[:, across].min() + 1e-6, v[:, across].max() - 1e-6
        n = max(2, int(np.ceil((hi - lo) / PROFILE_STEP_MM)) + 1)
        step = (hi - lo) / (n - 1)
        col, z_lo, z_hi = column_spans(us, zs, lo - 0.5 * step, step, n)
        low, high = np.full(n, np.inf), np.full(n, -np.inf)
        np.minimum.at(low, col, z_lo)
        np.maximum.at(high, col, z_hi)
        low[high < low], high[high < low] = np.nan, np.nan
        p = _profile(a, across)
        assert np.array_equal(p.low_mm, low, equal_nan=True)
        assert np.array_equal(p.high_mm, high, equal_nan=True)


def test_range_extremes_by_sparse_table():
    from outsole_studio.core.geometry.drawing import _range_pick, _sparse_table

    rng = np.random.default_rng(7)
    values = rng.normal(size=37)
    values[5] = -np.inf
    first = rng.integers(0, 37, 500)
    last = np.minimum(first + rng.integers(0, 40, 500), 36)
    got_min = _range_pick(_sparse_table(values, np.minimum), first, last, np.minimum)
    got_max = _range_pick(_sparse_table(values, np.maximum), first, last, np.maximum)
    for i in range(500):
        run = values[first[i] : last[i] + 1]
        assert got_min[i] == run.min() and got_max[i] == run.max()
