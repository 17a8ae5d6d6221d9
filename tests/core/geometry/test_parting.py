"""The suggested parting line: the height of the widest outline, the top edge of straight walls."""

from __future__ import annotations

import numpy as np
import pytest
import trimesh

from outsole_studio.core.geometry.parting import suggest_parting_line
from tests.conftest import box
from tests.shapes import lugged_sole


def _rings(radii_at_z: list[tuple[float, float]], sections: int = 96):
    """A closed convex body through horizontal circles (radius, height)."""
    angle = np.linspace(0.0, 2 * np.pi, sections, endpoint=False)
    points = np.concatenate(
        [np.column_stack([r * np.cos(angle), r * np.sin(angle), np.full(sections, z)])
         for r, z in radii_at_z]
    )  # fmt: skip
    hull = trimesh.convex.convex_hull(points)
    return np.asarray(hull.vertices, float), np.asarray(hull.faces, np.int64)


def test_a_cupsole_parts_at_its_widest_outline():
    v, f = _rings([(40.0, 0.0), (50.0, 4.0), (35.0, 12.0)])
    p = suggest_parting_line(v, f)
    assert p.height_mm == pytest.approx(4.0)
    # Length plus width there: two diameters of the 96-gon (its widths across flats and corners).
    assert p.girth_mm == pytest.approx(200.0, abs=0.2)


def test_straight_walls_part_at_the_top_edge():
    v, f = box(size=(100.0, 40.0, 10.0))
    p = suggest_parting_line(v, f)
    assert (p.height_mm, p.girth_mm) == (10.0, 140.0)
    v, f, truth = lugged_sole()
    assert suggest_parting_line(v, f).height_mm == pytest.approx(truth.height_mm)


def test_the_work_is_bounded_by_coarser_levels():
    v, f = box(size=(100.0, 40.0, 10.0))
    p = suggest_parting_line(v, f, step_mm=0.001, max_cuts=1000)
    assert p.levels_mm.size < 200 and p.height_mm == pytest.approx(10.0)
