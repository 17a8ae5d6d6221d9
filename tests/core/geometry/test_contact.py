"""Ground contact from the faces themselves: the generated designs' exact contact areas."""

from __future__ import annotations

import numpy as np
import pytest

from outsole_studio.core.geometry.contact import contact_areas, contact_faces
from outsole_studio.samples.designs import DESIGNS
from outsole_studio.samples.generator import generate


@pytest.mark.parametrize("design", DESIGNS, ids=[d.name for d in DESIGNS])
def test_contact_area_matches_the_generators_truth(design):
    g = generate(design.params)
    v, f = g.parts[0].vertices, g.parts[0].faces
    c = contact_areas(v, f, tolerance_mm=g.truth.contact_tolerance_mm)
    assert c.area_mm2 == pytest.approx(g.truth.contact_area_mm2, rel=0.02)
    assert c.heel_mm2 > 0 and c.forefoot_mm2 > 0  # slip tests need both
    assert c.heel_mm2 + c.forefoot_mm2 <= c.area_mm2 + 1e-6


def test_contact_faces_are_the_faces_looking_down_within_the_tolerance():
    """A unit cube from z = 0: its two bottom faces touch; lifted by more than the tolerance,
    none does; its top faces never do (they look up)."""
    v = np.array([[x, y, z] for z in (0.0, 1.0) for y in (0.0, 1.0) for x in (0.0, 1.0)])
    f = np.array([[0, 2, 1], [1, 2, 3], [4, 5, 6], [5, 7, 6], [0, 1, 5], [0, 5, 4],
                  [2, 6, 7], [2, 7, 3], [0, 4, 6], [0, 6, 2], [1, 3, 7], [1, 7, 5]])  # fmt: skip
    on = contact_faces(v, f, 0.5)
    assert on.tolist() == [True, True] + [False] * 10
    assert not contact_faces(v + [0.0, 0.0, 0.6], f, 0.5).any()
    c = contact_areas(v, f, 0.5)
    assert (c.area_mm2, c.tolerance_mm) == (1.0, 0.5)
