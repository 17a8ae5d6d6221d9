"""Plane sections: exact areas on the reference sole, in every direction."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from outsole_studio.core.geometry.sections import (
    TRANSVERSE_PCT,
    _closed_rings,
    _crossing,
    _span,
    _station,
    cut,
    material,
    sections,
    tread_variation_mm,
)
from tests.shapes import chord_width, foot_outline, lugged_sole


def test_transverse_section_is_slab_plus_cut_lugs():
    v, f, truth = lugged_sole()
    poly = foot_outline()
    inner = shapely.Polygon(poly).buffer(-4.0)
    for pct in TRANSVERSE_PCT:
        x = pct / 100 * truth.length_mm
        expected = chord_width(poly, x) * 6.0
        # Lugs are 8 x 8 on a 12 mm grid, 3 mm tall below the slab; those the plane crosses.
        for cx in np.arange(6.0, 270.0, 12.0):
            for cy in np.arange(-50.0, 50.0, 12.0) + 6.0:
                if abs(x - cx) < 4.0 and inner.contains(
                    shapely.box(cx - 4, cy - 4, cx + 4, cy + 4)
                ):
                    expected += 8.0 * 3.0
        area, _ = cut(v, f, 0, x)
        assert area == pytest.approx(expected, rel=1e-6)


def test_longitudinal_section_and_polygons():
    v, f, truth = lugged_sole()
    result = sections(v, f)
    assert [s.name for s in result][-1] == "longitudinal"
    assert [s.position_pct for s in result] == [15, 35, 50, 68, 85, 50]
    longitudinal = result[-1]
    # Along the centre line: the slab (6 mm over the whole length) plus the lugs it crosses.
    assert longitudinal.area_mm2 > truth.length_mm * 6.0
    for s in result:
        total = sum(shapely.Polygon(r).area for r in s.polygons)
        assert total == pytest.approx(s.area_mm2, rel=1e-6)
        assert s.area_mm2 > 0


def test_tread_variation_of_a_slab_with_a_lug_and_a_hole():
    # A 6 mm slab 60 mm wide, a lug 3 mm below it (u 10-18) and a 2 mm void in it (u 30-40):
    # read away from the 3 mm rim, the thickness runs 6, 9 (the lug), 4 (the void): 5 mm apart.
    slab = shapely.Polygon(
        [(0, 0), (10, 0), (10, -3), (18, -3), (18, 0), (60, 0), (60, 6), (0, 6)],
        [[(30, 2), (40, 2), (40, 4), (30, 4)]],
    )
    polys = [shapely.geometry.polygon.orient(slab)]
    assert tread_variation_mm(polys) == pytest.approx(5.0, abs=1e-12)
    # A plain slab: one thickness all across.
    assert tread_variation_mm([shapely.geometry.polygon.orient(shapely.box(0, 0, 60, 6))]) == 0
    assert tread_variation_mm([]) == 0.0
    # Narrower than the two rims: nothing to read.
    assert tread_variation_mm([shapely.geometry.polygon.orient(shapely.box(0, 0, 5, 6))]) == 0


def test_tread_variation_agrees_with_clipping_lines_on_a_cut():
    v, f, truth = lugged_sole()
    polys = material(cut(v, f, 0, 0.5 * truth.length_mm)[1])
    lo, _, hi, _ = shapely.total_bounds(polys)
    u = np.arange(lo + 3.0, hi - 3.0, 0.5)
    lines = shapely.linestrings(np.stack([np.stack([u, np.full_like(u, z)], 1)
                                          for z in (-10.0, 20.0)], axis=1))  # fmt: skip
    thick = shapely.length(shapely.intersection(lines, shapely.union_all(polys)))
    assert tread_variation_mm(polys) == pytest.approx(thick.max() - thick.min(), abs=1e-9)
    assert tread_variation_mm(polys) == pytest.approx(3.0, abs=1e-6)  # the lugs' height


def test_crossing_faces_match_their_span_with_corners_on_the_plane():
    v = np.array([[0.0, 0, 0], [1, 0, 0], [0, 1, 0], [2, 1, 0], [-1, 0, 0]])
    f = np.array([[0, 1, 2], [1, 3, 2], [4, 1, 2]])
    for plane in (-0.5, 0.0, 0.5, 1.0, 1.5, 2.0):
        lo, hi = _span(v, f, 0)
        assert (_crossing(v[:, 0], f, plane) == ((lo < plane) & (hi > plane))).all()
    # Corners on the plane are on neither side: at x = 0 only the face from -1 to 1 crosses.
    assert _crossing(v[:, 0], f, 0.0).tolist() == [False, False, True]


def test_a_station_on_a_groove_line_moves_to_the_nearest_lugs():
    v, f, _ = lugged_sole()
    # Lugs span x 2-10, 14-22, ... (8 mm on a 12 mm grid): x = 12 runs along a groove, where
    # the cut is the plain slab. Stepping 0.5 mm either way, x = 10 just misses the lug's end
    # and x = 14 enters the next lugs: the station moves there.
    x, area, polys = _station(v, f, _span(v, f, 0), 12.0, threshold_mm=1.5)
    assert x == 14.0
    assert area == pytest.approx(cut(v, f, 0, 14.0)[0], rel=1e-12)
    assert tread_variation_mm(polys) >= 1.5
    # No tread asked for: the station stays, its material made once.
    x, area, polys = _station(v, f, _span(v, f, 0), 12.0, threshold_mm=0.0)
    assert x == 12.0 and tread_variation_mm(polys) == 0.0
    assert sum(p.area for p in polys) == pytest.approx(area, rel=1e-9)


def _square(x0, y0, side, clockwise=False):
    corners = np.array([[x0, y0], [x0 + side, y0], [x0 + side, y0 + side], [x0, y0 + side]])
    if clockwise:
        corners = corners[::-1]
    return np.stack([corners, np.roll(corners, -1, axis=0)], axis=1)  # (4, 2, 2) pieces


def test_pieces_chain_into_closed_rings_or_not_at_all():
    # A 10 mm square with a 4 mm square hole, and a separate 2 mm square, pieces shuffled.
    pieces = np.concatenate([_square(0, 0, 10), _square(3, 3, 4, clockwise=True),
                             _square(20, 0, 2)])  # fmt: skip
    shuffled = pieces[np.random.default_rng(1).permutation(len(pieces))]
    rings = _closed_rings(shuffled)
    assert rings is not None and sorted(len(r) for r in rings) == [5, 5, 5]
    assert all(np.array_equal(r[0], r[-1]) for r in rings)
    areas = sorted(float(shapely.Polygon(r).area) for r in rings)
    assert areas == [4.0, 16.0, 100.0]
    # The material is the same whether the pieces chain or not: 100 - 16 + 4 mm2.
    polys = material(shuffled)
    assert sum(p.area for p in polys) == pytest.approx(88.0, abs=1e-12)
    # An open piece (a cut of a damaged mesh) does not chain: GEOS takes the pieces as they are.
    assert _closed_rings(shuffled[1:]) is None
    doubled = np.concatenate([shuffled, shuffled[:1]])  # two pieces start at one point
    assert _closed_rings(doubled) is None


def test_the_centre_line_chains_into_one_ring():
    v, f, _ = lugged_sole()
    area, pieces = cut(v, f, 1, 0.0)
    rings = _closed_rings(pieces)
    assert rings is not None and len(rings) == 1
    assert abs(shapely.Polygon(rings[0]).area) == pytest.approx(area, rel=1e-12)
