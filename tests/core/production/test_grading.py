"""Grading: exact scale factors, unchanged thickness, grading tables, the other foot."""

from __future__ import annotations

import numpy as np
import pytest

from outsole_studio.core.errors import OutsoleError
from outsole_studio.core.geometry.analysis import AnalysisOptions
from outsole_studio.core.geometry.analyzer import analyze_model
from outsole_studio.core.geometry.draft import draft_angles_deg
from outsole_studio.core.geometry.mesh import face_geometry, mass_properties
from outsole_studio.core.geometry.model import LoadedModel, MeshPart
from outsole_studio.core.production.graded import WIDTH_PER_LENGTH, GradingRule, SizeFactors
from outsole_studio.core.production.grading import (
    foot_side,
    grade,
    graded_vertices,
    mirrored,
    size_design,
)
from outsole_studio.core.production.sizes import PARIS_POINT_MM, Size, parse_size_run
from outsole_studio.samples.generator import OutsoleParams, generate
from tests.conftest import as_model


@pytest.fixture(scope="module")
def analysed(sole):
    v, f, truth = sole
    return analyze_model(as_model(v, f)), truth


def _generated(foot: str, size: float = 42):
    g = generate(OutsoleParams(size_eu=size, foot=foot))
    parts = tuple(MeshPart(p.name, p.vertices, p.faces) for p in g.parts)
    return analyze_model(LoadedModel("gen", "stl", parts), AnalysisOptions(relief=False)), g


def test_increments_follow_the_size_step_and_scale_volume_exactly(analysed):
    a, truth = analysed
    run = parse_size_run("EU38-44")
    graded = grade(a, run, Size("EU", 41))
    L0, W0 = a.dimensions.length_mm, a.dimensions.width_mm
    for g in graded:
        steps = g.size.value - 41
        assert g.length_mm == pytest.approx(L0 + steps * PARIS_POINT_MM, abs=1e-9)
        assert g.width_mm == pytest.approx(W0 + steps * WIDTH_PER_LENGTH * PARIS_POINT_MM)
        assert g.length_factor * L0 == pytest.approx(g.length_mm)
        # Volume and outline scale by the two factors exactly; thickness does not grade.
        fxy = g.length_factor * g.width_factor
        assert g.volume_cm3 == pytest.approx(a.volume_cm3 * fxy, rel=1e-12)
        assert g.volume_cm3 == pytest.approx(truth.volume_mm3 / 1000 * fxy, rel=1e-9)
        assert g.outline_area_mm2 == pytest.approx(a.footprint.area_mm2 * fxy, rel=1e-12)
        assert g.height_mm == a.dimensions.height_mm
        assert g.nominal == (g.size.value == 41)
    # The measured surface area of each scaled mesh.
    v = graded_vertices(a.vertices_mm, graded[0].length_factor, graded[0].width_factor)
    mp = mass_properties(v, a.faces)
    assert graded[0].surface_area_cm2 == pytest.approx(mp.area / 100, rel=1e-12)
    assert mp.volume / 1000 == pytest.approx(graded[0].volume_cm3, rel=1e-9)
    assert np.ptp(v[:, 2]) == pytest.approx(a.dimensions.height_mm)
    assert np.ptp(v[:, 0]) == pytest.approx(graded[0].length_mm)


def test_uk_half_sizes_and_custom_steps(analysed):
    a, _ = analysed
    run = parse_size_run("UK6-8/0.5")
    rule = GradingRule(length_step_mm=8.0, width_step_mm=2.5)
    graded = grade(a, run, Size("UK", 7), rule)
    lengths = [g.length_mm - a.dimensions.length_mm for g in graded]
    widths = [g.width_mm - a.dimensions.width_mm for g in graded]
    assert lengths == pytest.approx([-8, -4, 0, 4, 8])
    assert widths == pytest.approx([-2.5, -1.25, 0, 1.25, 2.5])
    # The nominal may be given in another system: EU 41 is UK 6.9, between sizes.
    eu = grade(a, run, Size("EU", 41))
    assert not any(g.nominal for g in eu)


def test_a_grading_table_gives_each_size_its_factors(analysed):
    a, truth = analysed
    run = parse_size_run("EU40-42")
    table = (
        SizeFactors(Size("EU", 40), 0.97, 0.98),
        SizeFactors(Size("EU", 41), 1.0, 1.0),
        SizeFactors(Size("EU", 42), 1.025, 1.02),
    )
    graded = grade(a, run, Size("EU", 41), GradingRule(factors=table))
    assert [g.length_factor for g in graded] == [0.97, 1.0, 1.025]
    assert graded[2].volume_cm3 == pytest.approx(truth.volume_mm3 / 1000 * 1.025 * 1.02)
    with pytest.raises(OutsoleError, match="no factors for EU 43"):
        grade(a, parse_size_run("EU40-43"), Size("EU", 41), GradingRule(factors=table))
    with pytest.raises(OutsoleError, match=r"outside 0\.5-2"):
        GradingRule(factors=(SizeFactors(Size("EU", 40), 3.0, 1.0),))


def test_sizes_too_far_from_the_nominal_are_refused(analysed):
    a, _ = analysed
    with pytest.raises(OutsoleError, match="too far from the nominal"):
        grade(a, parse_size_run("EU30-31"), Size("EU", 41), GradingRule(width_step_mm=15))


def test_the_other_foot_is_a_mirror_with_outward_faces(analysed):
    a, truth = analysed
    v, f = mirrored(a.vertices_mm, a.faces)
    mp = mass_properties(v, f)
    assert mp.volume == pytest.approx(truth.volume_mm3, rel=1e-9)  # positive: faces outward
    assert np.allclose(v[:, 1], -a.vertices_mm[:, 1])


def test_right_and_left_soles_are_told_apart_by_the_arch(analysed):
    right, _ = _generated("right")
    left, _ = _generated("left")
    assert foot_side(right.footprint).side == "right"
    assert foot_side(left.footprint).side == "left"
    assert foot_side(right.footprint).arch_depth_mm > 5
    # The symmetric reference sole has no arch: no side.
    a, _ = analysed
    assert foot_side(a.footprint).side is None


def test_size_design_infers_the_nominal_and_the_foot():
    a, g = _generated("left", size=38)
    s = size_design(a, parse_size_run("EU36-40"))
    assert (s.nominal.label, s.nominal_source, s.foot, s.foot_source) == (
        "EU 38",
        "inferred",
        "left",
        "outline",
    )
    mid = s.graded[2]
    assert mid.nominal and mid.volume_cm3 == pytest.approx(g.truth.volume_mm3 / 1000, rel=1e-6)
    given = size_design(a, parse_size_run("EU36-40"), Size("EU", 39), "right")
    assert (given.nominal_source, given.foot_source, given.foot) == ("given", "given", "right")
    assert given.graded[3].nominal


def test_contact_and_draft_per_size(analysed):
    a, _ = analysed
    r = a.relief
    graded = grade(a, parse_size_run("EU39-43"), Size("EU", 41))
    for g in graded:
        fxy = g.length_factor * g.width_factor
        assert g.contact_heel_mm2 == pytest.approx(r.contact.heel_mm2 * fxy, rel=1e-12)
        assert g.contact_forefoot_mm2 == pytest.approx(r.contact.forefoot_mm2 * fxy, rel=1e-12)
    nominal = graded[2]
    assert nominal.low_draft_area_mm2 == pytest.approx(r.draft.low_draft_area_mm2, rel=1e-12)
    assert nominal.undercut_area_mm2 == pytest.approx(r.draft.undercut_area_mm2, rel=1e-12)
    # The reference sole's lug walls are vertical: they stay vertical and grow with the outline
    # perimeter, between the two factors.
    small, big = graded[0], graded[-1]
    assert small.low_draft_area_mm2 < nominal.low_draft_area_mm2 < big.low_draft_area_mm2
    ratio = big.low_draft_area_mm2 / nominal.low_draft_area_mm2
    # Graded from the faces' cross products (no mesh built): as measured on the scaled mesh.
    geom = face_geometry(
        graded_vertices(a.vertices_mm, big.length_factor, big.width_factor), a.faces
    )
    angle = draft_angles_deg(geom)
    walls = (angle < r.draft.threshold_deg) & (geom.double_area > 0)
    assert big.low_draft_area_mm2 == pytest.approx(geom.double_area[walls].sum() / 2, rel=1e-9)
    assert (
        min(big.length_factor, big.width_factor)
        <= ratio
        <= max(big.length_factor, big.width_factor)
    )
