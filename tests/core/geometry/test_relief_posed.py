"""Tread, contact and thickness of every example design, in poses and units files come in."""

from __future__ import annotations

import numpy as np
import pytest

from outsole_studio.core.geometry.analyzer import analyze_model
from outsole_studio.core.geometry.model import LoadedModel, MeshPart
from outsole_studio.core.geometry.relief import relief
from outsole_studio.samples.designs import DESIGNS, SampleDesign
from outsole_studio.samples.generator import OutsoleParams, generate
from tests.shapes import rotation

# (name, rotation file <- canonical, scale to file units)
POSES = [
    ("y-up metres", rotation("x", -90), 0.001),
    ("upside-down inches turned", rotation("z", 140) @ rotation("x", 180), 1 / 25.4),
    ("oblique cm", rotation("x", 23) @ rotation("y", -41) @ rotation("z", 77), 0.1),
]


# The examples, and square lugs (the one tread of the catalogue they do not use).
CASES = (
    *DESIGNS,
    SampleDesign(
        name="square-lugs-eu40",
        title="Square lugs",
        intent="test",
        params=OutsoleParams(size_eu=40, tread="lugs", tread_depth_mm=3.0, pitch_mm=11.0),
        compound="",
    ),
)


@pytest.fixture(scope="module")
def designs():
    out = {}
    for d in CASES:
        g = generate(d.params)
        part = g.parts[0]  # the outsole (the running design's midsole is analysed apart)
        out[d.name] = (d, g, part, relief(part.vertices, part.faces))
    return out


@pytest.mark.parametrize(("pose", "R", "scale"), POSES, ids=[p[0] for p in POSES])
@pytest.mark.parametrize("name", [d.name for d in CASES])
def test_relief_in_any_pose_and_unit(designs, name, pose, R, scale):
    design, g, part, canonical = designs[name]
    model = LoadedModel(
        path=name,
        format="test",
        parts=(MeshPart("outsole", (part.vertices @ R.T) * scale, part.faces),),
    )
    a = analyze_model(model)
    r = a.relief
    p = design.params
    assert r.contact.area_mm2 == pytest.approx(g.truth.contact_area_mm2, rel=0.02)
    assert r.contact.heel_mm2 > 0 and r.contact.forefoot_mm2 > 0
    assert r.tread_depth_mm == pytest.approx(p.tread_depth_mm, abs=0.2)
    assert r.thickness.floor_mm == pytest.approx(p.floor_mm, abs=0.2)
    assert r.thickness.heel_mm == pytest.approx(g.truth.heel_thickness_mm, abs=0.3)
    assert r.thickness.forefoot_mm == pytest.approx(g.truth.forefoot_thickness_mm, abs=0.3)
    assert r.toe_spring_mm == pytest.approx(p.toe_spring_mm, abs=0.5)
    assert r.thickness.heel_to_toe_drop_mm == pytest.approx(p.heel_height_mm, abs=0.3)
    if p.heel_height_mm:
        stack = p.heel_height_mm + p.tread_depth_mm + p.floor_mm
        assert r.thickness.heel_mm == pytest.approx(stack, abs=0.3)
    for s, c in zip(r.sections, canonical.sections, strict=True):
        assert s.area_mm2 == pytest.approx(c.area_mm2, rel=0.02)
    assert r.draft.undercut_area_mm2 == pytest.approx(0.0, abs=1.0)


def test_smooth_sole_has_zero_tread_depth_in_any_pose():
    from outsole_studio.samples.generator import OutsoleParams

    g = generate(OutsoleParams(tread="none", toe_spring_mm=6.0))
    part = g.parts[0]
    for _, R, scale in POSES:
        model = LoadedModel(
            "smooth", "test", (MeshPart("", (part.vertices @ R.T) * scale, part.faces),)
        )
        a = analyze_model(model)
        assert a.relief.tread_depth_mm == 0.0
        assert a.relief.toe_spring_mm == pytest.approx(6.0, abs=0.5)
        assert np.isfinite(a.relief.thickness.floor_mm)
