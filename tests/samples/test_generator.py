"""The outsole generator and the example designs: watertight parts, exact truth, real files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely

from outsole_studio.core.errors import OutsoleError
from outsole_studio.core.geometry.analyzer import analyze_model
from outsole_studio.core.geometry.mesh import repair, weld
from outsole_studio.core.geometry.model import LoadedModel, MeshPart
from outsole_studio.io.pipeline import analyze_file
from outsole_studio.samples import tread
from outsole_studio.samples.designs import DESIGNS
from outsole_studio.samples.generator import (
    OutsoleParams,
    anatomical_outline,
    generate,
    mirrored,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def generated():
    return {d.name: generate(d.params) for d in DESIGNS}


def as_loaded(outsole) -> LoadedModel:
    parts = tuple(MeshPart(p.name, p.vertices, p.faces) for p in outsole.parts)
    return LoadedModel(path=outsole.params.tread, format="generated", parts=parts)


def test_at_least_six_designs_cover_what_the_analysis_must_handle():
    names = {d.name for d in DESIGNS}
    assert len(DESIGNS) >= 6
    treads = {d.params.tread for d in DESIGNS}
    assert {"kawung", "parang", "herringbone"} <= treads
    assert any(d.params.heel_height_mm >= 50 and d.params.size_eu == 38 for d in DESIGNS)
    assert any(d.params.midsole_mm > 0 for d in DESIGNS)
    assert any(d.params.size_eu == 30 for d in DESIGNS)
    assert {d.style for d in DESIGNS} == {"stl-mm", "stl-inch", "glb-yup-metres"}
    assert len(names) == len(DESIGNS)


@pytest.mark.parametrize("design", DESIGNS, ids=[d.name for d in DESIGNS])
def test_every_part_is_one_watertight_outward_body_with_the_true_volume(generated, design):
    g = generated[design.name]
    assert len(g.parts) == (2 if design.params.midsole_mm else 1)
    for part, volume in zip(g.parts, g.truth.part_volumes_mm3, strict=True):
        assert 50_000 <= part.faces.shape[0] <= 400_000
        mesh = repair([weld(part.vertices[part.faces])])
        h = mesh.health
        assert h.watertight and h.winding_consistent and h.bodies == 1
        assert h.repairs == () or all("zero-area" in str(r) for r in h.repairs)
        assert mesh.bodies[0].mass.volume == pytest.approx(volume, rel=1e-6)


@pytest.mark.parametrize("design", DESIGNS, ids=[d.name for d in DESIGNS])
def test_analysis_agrees_with_the_generators_truth(generated, design):
    g = generated[design.name]
    t = g.truth
    a = analyze_model(as_loaded(g))
    d = a.dimensions
    assert d.length_mm == pytest.approx(t.length_mm, rel=5e-3)
    assert d.width_mm == pytest.approx(t.width_mm, rel=5e-3)
    assert d.height_mm == pytest.approx(t.height_mm, rel=5e-3)
    assert a.footprint.area_mm2 == pytest.approx(t.outline_area_mm2, rel=5e-3)
    assert a.footprint.perimeter_mm == pytest.approx(t.outline_perimeter_mm, rel=5e-3)
    assert a.volume_cm3 * 1000 == pytest.approx(t.volume_mm3, rel=1e-6)
    assert a.health.bodies == len(g.parts)
    assert a.pose.flipped is False and a.pose.reversed is False
    assert a.pose.confidence >= 0.75


def test_contact_truth_matches_the_mesh_on_a_flat_design(generated):
    g = generated["court-herringbone-eu41"]
    v, f = g.parts[0].vertices, g.parts[0].faces
    tri = v[f]
    n = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    on_ground = (n[:, 2] < 0) & (np.abs(tri[:, :, 2]).max(axis=1) < 1e-9)
    area = 0.5 * np.linalg.norm(n[on_ground], axis=1).sum()
    assert g.truth.contact_area_mm2 == pytest.approx(area, rel=1e-6)
    assert g.truth.volume_exact


@pytest.mark.parametrize("design", DESIGNS, ids=[d.name for d in DESIGNS])
def test_committed_example_files_load_and_measure_like_the_truth(generated, design):
    t = generated[design.name].truth
    ext = ".glb" if design.style == "glb-yup-metres" else ".stl"
    path = EXAMPLES / f"{design.name}{ext}"
    assert path.stat().st_size < 8_000_000
    assert (EXAMPLES / f"{design.name}-bottom.png").stat().st_size > 10_000
    assert (EXAMPLES / f"{design.name}-side.png").stat().st_size > 5_000
    a = analyze_file(path)
    expected_unit = {"stl-mm": "mm", "stl-inch": "in", "glb-yup-metres": "m"}[design.style]
    assert a.units.used == expected_unit
    assert a.pose.up_axis_in_file == ("Y" if design.style == "glb-yup-metres" else "Z")
    assert a.pose.reversed is (design.style == "stl-inch")
    assert a.dimensions.length_mm == pytest.approx(t.length_mm, rel=5e-3)
    assert a.dimensions.width_mm == pytest.approx(t.width_mm, rel=5e-3)
    assert a.dimensions.height_mm == pytest.approx(t.height_mm, rel=5e-3)
    assert a.footprint.area_mm2 == pytest.approx(t.outline_area_mm2, rel=5e-3)
    assert a.volume_cm3 * 1000 == pytest.approx(t.volume_mm3, rel=1e-4)  # float32 files


def test_left_sole_is_the_mirror_of_the_right(generated):
    right = generated["casual-kawung-eu42"]
    left = generate(mirrored(right.params))
    assert left.params.foot == "left"
    np.testing.assert_allclose(left.outline, (right.outline * [1, -1])[::-1], atol=1e-9)
    assert left.truth.volume_mm3 == pytest.approx(right.truth.volume_mm3, rel=1e-9)
    np.testing.assert_allclose(
        np.sort(left.parts[0].vertices[:, 1]), np.sort(-right.parts[0].vertices[:, 1]), atol=1e-9
    )
    a = analyze_file(EXAMPLES / "casual-kawung-eu42-left.stl")
    assert a.dimensions.length_mm == pytest.approx(right.truth.length_mm, rel=5e-3)


def test_generation_is_deterministic():
    p = OutsoleParams(size_eu=36, tread="truntum", pitch_mm=9, element_mm=6)
    a, b = generate(p), generate(p)
    np.testing.assert_array_equal(a.parts[0].vertices, b.parts[0].vertices)
    np.testing.assert_array_equal(a.parts[0].faces, b.parts[0].faces)


def test_resolution_refines_the_mesh():
    p = OutsoleParams(size_eu=36, tread="ribs", pitch_mm=9, element_mm=4)
    coarse = generate(p)
    fine = generate(OutsoleParams(**{**p.__dict__, "resolution": 2.0}))
    assert fine.parts[0].faces.shape[0] == 4 * coarse.parts[0].faces.shape[0]
    assert fine.truth.volume_mm3 == pytest.approx(coarse.truth.volume_mm3, rel=1e-9)


@pytest.mark.parametrize("toe", ["round", "pointed", "square"])
def test_outline_is_anatomical(toe):
    L = 280.0
    ring = anatomical_outline(L, toe=toe)
    poly = shapely.Polygon(ring)
    assert poly.is_valid and ring[:, 0].min() == pytest.approx(0.0, abs=1e-9)
    assert np.ptp(ring[:, 0]) == pytest.approx(L, rel=0.01)

    def width_at(frac):
        cut = poly.intersection(shapely.LineString([(frac * L, -L), (frac * L, L)]))
        return cut.bounds[3] - cut.bounds[1]

    ball = max(width_at(f) for f in np.linspace(0.6, 0.75, 16))
    heel = max(width_at(f) for f in np.linspace(0.05, 0.2, 16))
    waist = min(width_at(f) for f in np.linspace(0.35, 0.5, 16))
    assert ball > 1.25 * heel  # the forefoot is wider than the heel
    assert waist < heel  # the medial arch narrows the waist
    assert 0.33 * L < ball < 0.40 * L


@pytest.mark.parametrize("name", list(tread.CATALOGUE))
def test_every_tread_pattern_fills_its_box(name):
    box = (0.0, 0.0, 80.0, 60.0)
    g = tread.CATALOGUE[name](box, 12.0, 6.0).intersection(shapely.box(*box))
    frac = g.area / (80 * 60)
    assert 0.05 < frac < 0.8, frac
    assert g.is_valid


def test_bad_parameters_are_clear_errors():
    with pytest.raises(OutsoleError, match="unknown tread 'batik'"):
        generate(OutsoleParams(tread="batik"))
    with pytest.raises(OutsoleError, match="floor thickness"):
        generate(OutsoleParams(floor_mm=0))
    with pytest.raises(OutsoleError, match="toe shape"):
        anatomical_outline(250.0, toe="oval")  # type: ignore[arg-type]
