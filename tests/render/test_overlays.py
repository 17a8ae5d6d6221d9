"""The thickness overlay on a cupsole: the scale follows the floor, the rim is clipped and the
legend says so and says what grey means."""

from __future__ import annotations

import numpy as np

from outsole_studio.core.geometry.analyzer import analyze_model
from outsole_studio.core.geometry.model import LoadedModel, MeshPart
from outsole_studio.core.i18n import translator
from outsole_studio.render.overlays import face_thickness_mm, overlay
from outsole_studio.samples.generator import OutsoleParams, generate


def _analysed(**params):
    g = generate(OutsoleParams(**params))
    parts = tuple(MeshPart(p.name, p.vertices, p.faces) for p in g.parts)
    return analyze_model(LoadedModel("gen", "stl", parts))


def test_a_cupsoles_thickness_scale_follows_its_floor():
    cup = _analysed(floor_mm=4.0, tread_depth_mm=2.0, rim_height_mm=20.0, rim_width_mm=3.0)
    t = translator("en")
    shown = overlay(cup, "thickness", t)
    values = face_thickness_mm(cup)
    assert np.nanmax(values) > 20  # the rim: about 26 mm
    lg = shown.legend
    # The floor runs 4 to 6 mm (floor and tread): the scale is 4-6 mm, not 4-26 mm.
    assert (lg.low_text, lg.high_text) == ("4 mm", "≥ 6 mm")
    labels = [label for label, _ in lg.swatches]
    assert labels == ["thicker than 6 mm (the rim): drawn as 6 mm",
                      "no thickness below (walls, off the map)"]  # fmt: skip
    # Grooves (4 mm) and lugs (6 mm) take the two ends of the scale: the floor reads (on a
    # 4-26 mm scale they were one colour); the rim takes the top colour.
    ok = np.isfinite(values)
    groove = shown.face_rgb[ok & (np.abs(values - 4.0) < 0.1)].astype(int)
    lug = shown.face_rgb[ok & (np.abs(values - 6.0) < 0.1)].astype(int)
    assert len(groove) and len(lug)
    assert np.abs(groove.mean(axis=0) - lug.mean(axis=0)).max() > 150
    top = tuple(lg.swatches[0][1])
    assert all(tuple(c) == top for c in shown.face_rgb[ok & (values > 6.5)])
    # A flat sole keeps its whole range, nothing clipped.
    flat = overlay(_analysed(floor_mm=4.0, tread_depth_mm=2.0), "thickness", t).legend
    assert not flat.high_text.startswith("≥") and len(flat.swatches) == 1


def test_the_scene_keeps_the_body_colours_its_faces_were_made_from():
    from outsole_studio.core.production.project import starting_project
    from outsole_studio.core.production.sizes import parse_size_run
    from outsole_studio.io.library import preset_materials
    from outsole_studio.render.overlays import analysis_scene

    unit = _analysed(midsole_mm=8.0)  # an outsole and a midsole: two bodies, two compounds
    mats = {m.key: m for m in preset_materials()}
    materials = starting_project(unit, "unit.stl", "ab" * 32, mats["nr-sbr"], mats["eva"],
                                 parse_size_run("EU40-44")).materials  # fmt: skip
    scene = analysis_scene(unit, materials)
    assert scene.body_colours is not None and scene.body_colours.shape == (len(unit.bodies), 3)
    assert np.array_equal(scene.body_colours[unit.body_of_face], scene.body_rgb)
    assert len({tuple(c) for c in scene.body_colours}) == 2  # rubber and foam differ
