"""The exact silhouette: the union of the down-facing triangles, checked against the polygon
the reference sole was extruded from."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from outsole_studio.core.geometry.footprint import footprint
from outsole_studio.core.geometry.silhouette import SIMPLIFY_MM, silhouette
from tests.shapes import foot_outline, lugged_sole, rotation


def _rings(v: np.ndarray, f: np.ndarray) -> tuple[np.ndarray, ...]:
    return silhouette(v, f, footprint(v, f))


def test_silhouette_is_the_defining_outline():
    v, f, truth = lugged_sole()
    rings = _rings(v, f)
    assert len(rings) == 1
    ring = rings[0]
    assert np.ptp(ring[:, 0]) == pytest.approx(truth.length_mm, abs=1e-6)
    assert np.ptp(ring[:, 1]) == pytest.approx(truth.width_mm, abs=1e-6)
    exact = shapely.Polygon(foot_outline())
    got = shapely.Polygon(ring)
    assert got.is_valid
    assert got.area == pytest.approx(exact.area, rel=1e-6)
    # Every point of the drawn outline is on the true one, and the true one within tolerance.
    assert exact.boundary.hausdorff_distance(got.boundary) <= SIMPLIFY_MM + 1e-9
    assert shapely.is_ccw(shapely.LinearRing(ring))


def test_turned_sole_keeps_its_exact_extremes():
    """A sole turned in the plane: the extremes are vertices, not raster columns."""
    v, f, _ = lugged_sole()
    turned = v @ rotation("z", 17.0).T
    ring = _rings(turned, f)[0]
    assert ring[:, 0].min() == pytest.approx(turned[:, 0].min(), abs=1e-6)
    assert ring[:, 0].max() == pytest.approx(turned[:, 0].max(), abs=1e-6)
    assert ring[:, 1].min() == pytest.approx(turned[:, 1].min(), abs=1e-6)
    assert ring[:, 1].max() == pytest.approx(turned[:, 1].max(), abs=1e-6)
    exact = shapely.Polygon(foot_outline()).area
    assert shapely.Polygon(ring).area == pytest.approx(exact, rel=1e-6)


def test_two_pieces_are_two_rings():
    v, f, _ = lugged_sole(lug_mm=0.0)
    moved = v + np.array([0.0, 150.0, 0.0])
    both_v = np.vstack([v, moved])
    both_f = np.vstack([f, f + len(v)])
    rings = _rings(both_v, both_f)
    assert len(rings) == 2
    exact = shapely.Polygon(foot_outline()).area
    for r in rings:
        assert shapely.Polygon(r).area == pytest.approx(exact, rel=1e-6)


def test_an_open_sheet_wound_upward_is_outlined_by_all_its_faces():
    # No face turns down: every face takes part (a 100 x 40 mm sheet, 2 x 50 x 20 quads).
    xs, ys = np.meshgrid(np.linspace(0, 100, 51), np.linspace(-20, 20, 21), indexing="ij")
    v = np.stack([xs.ravel(), ys.ravel(), np.zeros(xs.size)], axis=1)
    idx = np.arange(xs.size).reshape(xs.shape)
    a, b, c, d = idx[:-1, :-1], idx[1:, :-1], idx[1:, 1:], idx[:-1, 1:]
    f = np.concatenate([np.stack([a, b, c], -1).reshape(-1, 3),
                        np.stack([a, c, d], -1).reshape(-1, 3)])  # fmt: skip
    (ring,) = _rings(v, f)
    outline = shapely.Polygon(ring)
    assert outline.area == pytest.approx(4000.0)
    assert outline.bounds == pytest.approx((0.0, -20.0, 100.0, 20.0))
