"""Plane sections: exact areas on the reference sole, in every direction."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from outsole_studio.core.geometry.sections import TRANSVERSE_PCT, cut, sections
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
