"""The whole analysis on exact reference soles, in every pose and unit a file may use."""

from __future__ import annotations

import json

import numpy as np
import pytest
import trimesh

from outsole_studio.core.errors import GeometryError
from outsole_studio.core.geometry.analysis import AnalysisOptions
from outsole_studio.core.geometry.analyzer import analyze_model
from outsole_studio.core.geometry.model import UNIT_TO_MM
from tests.conftest import as_model
from tests.shapes import rotation

Rx, Ry, Rz = (lambda d, a=a: rotation(a, d) for a in "xyz")

# name -> (rotation file <- canonical, up_axis_in_file, flipped, reversed, yaw_deg)
POSES = {
    "canonical": (np.eye(3), "Z", False, False, 0.0),
    "y-up": (Rx(-90), "Y", False, False, 0.0),
    "upside-down": (Rx(180), "Z", True, False, 0.0),
    "reversed": (Rz(180), "Z", False, True, 0.0),
    "yawed": (Rz(37), "Z", False, False, 37.0),
    "upside-down-yawed": (Rz(-65) @ Rx(180), "Z", True, False, 65.0),
    "y-up-turned": (Ry(120) @ Rx(-90), "Y", False, True, -60.0),
    "oblique": (Rx(23) @ Ry(-41) @ Rz(77), "oblique", None, None, None),
}
UNITS = {"mm": 1.0, "cm": 0.1, "m": 0.001, "in": 1 / 25.4}


def posed(vertices, R, unit):
    """Canonical mm vertices as a file would hold them: turned, moved and in another unit."""
    return (vertices @ R.T + np.array([31.0, -17.0, 5.0])) * UNITS[unit]


def sorted_rows(v, decimals=6):
    r = np.round(v, decimals) + 0.0
    return r[np.lexsort(r.T[::-1])]


@pytest.mark.parametrize("unit", list(UNITS))
@pytest.mark.parametrize("pose_name", list(POSES))
def test_every_pose_and_unit_recovers_the_canonical_sole(sole, pose_name, unit):
    v, f, truth = sole
    R, up_axis, flipped, reversed_, yaw = POSES[pose_name]
    a = analyze_model(as_model(posed(v, R, unit), f))

    assert a.units.detected == unit and a.units.used == unit
    assert a.units.scale_to_mm == pytest.approx(UNIT_TO_MM[unit])
    assert a.units.source == "plausibility"
    assert a.pose.up_axis_in_file == up_axis
    if flipped is not None:
        assert a.pose.flipped is flipped
        assert a.pose.reversed is reversed_
        assert a.pose.yaw_deg == pytest.approx(yaw, abs=1e-6)
    assert a.pose.confidence >= 0.9

    d = a.dimensions
    assert d.length_mm == pytest.approx(truth.length_mm, rel=5e-3)
    assert d.width_mm == pytest.approx(truth.width_mm, rel=5e-3)
    assert d.height_mm == pytest.approx(truth.height_mm, rel=5e-3)
    assert d.ball_width_mm == pytest.approx(truth.ball_width_mm, rel=5e-3)
    assert d.heel_width_mm == pytest.approx(truth.heel_width_mm, rel=5e-3)
    assert a.volume_cm3 == pytest.approx(truth.volume_mm3 / 1000, rel=1e-3)
    assert a.surface_area_cm2 == pytest.approx(truth.area_mm2 / 100, rel=1e-3)
    assert a.footprint.area_mm2 == pytest.approx(truth.outline_area_mm2, rel=1e-3)
    assert a.footprint.perimeter_mm == pytest.approx(truth.outline_perimeter_mm, rel=5e-3)
    # The exact frame: every vertex lands where the generator put it.
    np.testing.assert_allclose(sorted_rows(a.vertices_mm), sorted_rows(v), atol=2e-6)


def test_measurements_are_exact_on_the_canonical_sole(sole):
    v, f, truth = sole
    a = analyze_model(as_model(v, f))
    d = a.dimensions
    assert d.length_mm == pytest.approx(truth.length_mm, rel=1e-9)
    assert d.width_mm == pytest.approx(truth.width_mm, rel=1e-9)
    assert d.height_mm == pytest.approx(truth.height_mm, rel=1e-9)
    assert a.volume_cm3 == pytest.approx(truth.volume_mm3 / 1000, rel=1e-9)
    assert a.surface_area_cm2 == pytest.approx(truth.area_mm2 / 100, rel=1e-9)
    assert a.footprint.perimeter_mm == pytest.approx(truth.outline_perimeter_mm, rel=1e-4)
    ref = trimesh.Trimesh(v, f, process=False)
    np.testing.assert_allclose(a.center_of_mass_mm, ref.center_mass, atol=1e-6)
    assert a.center_of_mass_mm[1] == pytest.approx(0.0, abs=1e-9)  # symmetric about y = 0
    assert a.pose.confidence == pytest.approx(1.0, abs=0.05)
    assert a.health.watertight and a.health.bodies == 1


def test_agrees_with_double_precision_reference_within_a_hundredth_percent(sole):
    v, f, _ = sole
    R = Rx(23) @ Ry(-41) @ Rz(77)
    a = analyze_model(as_model(posed(v, R, "mm"), f))
    ref = trimesh.Trimesh(posed(v, R, "mm"), f, process=False)
    assert a.volume_cm3 * 1000 == pytest.approx(ref.volume, rel=1e-4)
    assert a.surface_area_cm2 * 100 == pytest.approx(ref.area, rel=1e-4)


def test_smooth_slab_has_no_tread_relief_and_says_so(smooth_sole):
    v, f, truth = smooth_sole
    a = analyze_model(as_model(v, f))
    assert a.pose.tread_confidence == 0.5
    assert a.pose.confidence == 0.5
    assert a.pose.flipped is False  # kept the file's own up
    assert a.dimensions.height_mm == pytest.approx(truth.height_mm)
    assert a.volume_cm3 == pytest.approx(truth.volume_mm3 / 1000, rel=1e-9)


def test_flip_and_reverse_override_the_automatic_decisions(sole):
    v, f, truth = sole
    auto = analyze_model(as_model(v, f))
    flipped = analyze_model(as_model(v, f), AnalysisOptions(flip=True))
    assert flipped.pose.flipped is True and flipped.pose.tread_confidence == 1.0
    h = truth.height_mm
    np.testing.assert_allclose(
        sorted_rows(flipped.vertices_mm),
        sorted_rows(auto.vertices_mm * [1, -1, -1] + [0, 0, h]),
        atol=1e-6,
    )
    rev = analyze_model(as_model(v, f), AnalysisOptions(reverse=True))
    assert rev.pose.reversed is True and rev.pose.heel_toe_confidence == 1.0
    np.testing.assert_allclose(
        sorted_rows(rev.vertices_mm),
        sorted_rows(auto.vertices_mm * [-1, -1, 1] + [truth.length_mm, 0, 0]),
        atol=1e-6,
    )
    # Volume and size do not depend on the pose.
    assert rev.volume_cm3 == pytest.approx(auto.volume_cm3)
    assert flipped.dimensions.length_mm == pytest.approx(auto.dimensions.length_mm)


def test_units_override_and_file_hint(sole):
    v, f, truth = sole
    forced = analyze_model(as_model(v, f), AnalysisOptions(units="cm"))
    assert (forced.units.detected, forced.units.used, forced.units.source) == ("mm", "cm", "user")
    assert forced.dimensions.length_mm == pytest.approx(10 * truth.length_mm)
    hinted = analyze_model(as_model(v / 1000, f, hint="m", hint_source="test"))
    assert (hinted.units.used, hinted.units.source) == ("m", "file")
    # A hint that gives an implausible length loses to plausibility.
    wrong = analyze_model(as_model(v, f, hint="m", hint_source="test"))
    assert (wrong.units.used, wrong.units.source) == ("mm", "plausibility")


def test_json_has_exactly_the_documented_keys(sole):
    v, f, _ = sole
    doc = analyze_model(as_model(v, f)).to_dict()
    json.dumps(doc)  # serialisable
    assert list(doc) == [
        "schema",
        "file",
        "format",
        "units",
        "pose",
        "mesh",
        "dimensions",
        "volume_cm3",
        "volume_note",
        "surface_area_cm2",
        "center_of_mass_mm",
        "body_list",
        "outline",
        "contact",
        "tread",
        "thickness",
        "heel_to_toe_drop_mm",
        "toe_spring_mm",
        "sections",
        "draft",
    ]
    assert set(doc["contact"]) == {
        "area_cm2",
        "ratio",
        "tolerance_mm",
        "heel_area_cm2",
        "forefoot_area_cm2",
    }
    assert set(doc["tread"]) == {"depth_mm"}
    assert set(doc["thickness"]) == {
        "floor_mm",
        "max_mm",
        "mean_mm",
        "heel_mm",
        "forefoot_mm",
        "grid_mm",
    }
    assert [s["name"] for s in doc["sections"]] == [
        "transverse 15 %",
        "transverse 35 %",
        "transverse 50 %",
        "transverse 68 %",
        "transverse 85 %",
        "longitudinal",
    ]
    assert set(doc["sections"][0]) == {"name", "position_pct", "requested_pct", "area_cm2"}
    assert set(doc["draft"]) == {"threshold_deg", "low_draft_area_cm2", "undercut_area_cm2"}
    assert doc["schema"] == "outsole-studio.analysis/1"
    assert set(doc["units"]) == {"detected", "used", "scale_to_mm", "source"}
    assert set(doc["pose"]) == {"up_axis_in_file", "flipped", "reversed", "yaw_deg", "confidence"}
    assert set(doc["mesh"]) == {
        "vertices",
        "faces",
        "bodies",
        "watertight",
        "winding_consistent",
        "degenerate_faces",
        "duplicate_faces",
        "boundary_edges",
        "non_manifold_edges",
        "repairs",
    }
    assert set(doc["dimensions"]) == {
        "length_mm",
        "width_mm",
        "height_mm",
        "ball_width_mm",
        "heel_width_mm",
    }
    assert set(doc["body_list"][0]) == {
        "volume_cm3",
        "surface_area_cm2",
        "watertight",
        "faces",
        "contact",
        "tread",
        "thickness",
    }
    assert set(doc["outline"]) == {"area_cm2", "perimeter_mm"}


def test_open_body_has_no_volume_and_a_reason(sole):
    v, f, truth = sole
    a = analyze_model(as_model(v, f[:-3]))
    assert a.volume_cm3 is None and a.center_of_mass_mm is None
    assert "open" in str(a.volume_note) and "boundary" in str(a.volume_note)
    assert a.bodies[0].volume_cm3 is None
    assert not a.health.watertight and a.health.boundary_edges > 0
    doc = a.to_dict()
    assert doc["volume_cm3"] is None and doc["body_list"][0]["volume_cm3"] is None
    assert a.dimensions.length_mm == pytest.approx(truth.length_mm, rel=5e-3)


def test_two_bodies_are_measured_separately(sole):
    v, f, truth = sole
    lifted = v + [0, 0, truth.height_mm]  # a second sole stacked on top ("midsole")
    model = as_model(np.vstack([v, lifted]), np.vstack([f, f + len(v)]))
    a = analyze_model(model)
    assert a.health.bodies == 2
    assert [b.volume_cm3 for b in a.bodies] == pytest.approx([truth.volume_mm3 / 1000] * 2)
    assert a.volume_cm3 == pytest.approx(2 * truth.volume_mm3 / 1000)
    assert a.dimensions.height_mm == pytest.approx(2 * truth.height_mm)


@pytest.mark.parametrize(
    ("vertices", "faces", "message"),
    [
        ([[0, 0, 0], [1, 0, 0], [0, 1, 0]], [[0, 1, 2]], "surface, not a solid"),
        (
            [[0, 0, 0], [9, 0, 0], [0, 9, 0], [9, 9, 0], [5, 5, 0]],
            [[0, 1, 2], [1, 3, 2], [0, 1, 4], [1, 3, 4], [3, 2, 4]],
            "flat",
        ),
        ([[0, 0, 0], [1, 0, np.nan], [0, 1, 0], [1, 1, 1]], [[0, 1, 2], [0, 1, 3]], "NaN"),
    ],
)
def test_geometry_that_is_not_a_sole_is_a_clear_error(vertices, faces, message):
    with pytest.raises(GeometryError, match=message):
        analyze_model(as_model(np.array(vertices, float), np.array(faces)))


def test_a_box_keeps_the_files_own_directions_with_low_confidence():
    from tests.conftest import box

    v, f = box(size=(250.0, 80.0, 10.0))
    for R in (np.eye(3), Rz(180)):
        a = analyze_model(as_model(v @ R.T, f))
        assert a.pose.confidence == 0.5
        assert a.pose.heel_toe_confidence == 0.5 and a.pose.tread_confidence == 0.5
        assert a.pose.reversed is False  # the file's +X stays the toe direction
        assert any("file's axes" in str(n) for n in a.pose.notes)
        assert a.dimensions.length_mm == pytest.approx(250.0)
        assert a.volume_cm3 == pytest.approx(200.0)


def test_analysis_without_relief_stops_at_the_outline(sole):
    v, f, truth = sole
    a = analyze_model(as_model(v, f), AnalysisOptions(relief=False))
    assert a.relief is None and a.body_reliefs == ()
    doc = a.to_dict()
    assert "contact" not in doc and "thickness" not in doc
    assert "contact" not in doc["body_list"][0]
    assert doc["volume_cm3"] == pytest.approx(truth.volume_mm3 / 1000, rel=1e-5)  # 6 digits


def _threads_of(monkeypatch, module, names):
    """Record the thread each call of ``module``'s functions ``names`` is made on."""
    import threading

    where: dict[str, list[str]] = {name: [] for name in names}
    for name in names:
        made = getattr(module, name)

        def recorded(*args, _made=made, _name=name, **kwargs):
            where[_name].append(threading.current_thread().name)
            return _made(*args, **kwargs)

        monkeypatch.setattr(module, name, recorded)
    return where


def test_relief_parts_made_beside_the_repair_are_the_reliefs_own(sole, monkeypatch):
    """A closed sole's height maps and sections are made on the pose's thread while the repair
    ends and the outline is drawn here, and the analysis is the one made without that, to the
    last digit."""
    import threading

    from outsole_studio.core.geometry import analyzer, relief
    from outsole_studio.core.geometry.chunked import workers

    v, f, _ = sole
    where = _threads_of(monkeypatch, relief, ("height_maps", "sections", "contact_areas"))
    outline = _threads_of(monkeypatch, analyzer, ("footprint",))
    beside = analyze_model(as_model(v, f))
    assert [len(w) for w in where.values()] == [1, 1, 1]
    me = threading.current_thread().name
    assert where["contact_areas"] == [me] and outline["footprint"] == [me]
    if workers() > 1:  # else the pose is made when asked, on this thread
        assert where["height_maps"][0].startswith("outsole-beside")
        assert where["sections"] == where["height_maps"]
    repair = analyzer.repair
    monkeypatch.setattr(analyzer, "repair", lambda *a, **k: repair(*a[:3]))  # never says closed
    here = analyze_model(as_model(v, f))
    assert [len(w) for w in where.values()] == [2, 2, 2]  # the relief made its own
    assert where["height_maps"][1] == me
    assert json.dumps(beside.to_dict()) == json.dumps(here.to_dict())
    assert beside.relief is not None and here.relief is not None
    for name in ("bottom_mm", "top_mm", "thickness_mm"):
        np.testing.assert_array_equal(
            getattr(beside.relief.maps, name), getattr(here.relief.maps, name)
        )


def test_relief_parts_of_faces_the_repair_changed_are_not_used(sole, monkeypatch):
    """An inside-out sole is closed and consistently wound, so its parts are begun ahead; the
    repair then turns it outward, the parts begun are given up between steps, and the analysis
    is that of the sole as wound outward."""
    from outsole_studio.core.geometry import relief

    v, f, _ = sole
    outward = analyze_model(as_model(v, f))
    where = _threads_of(monkeypatch, relief, ("height_maps", "sections"))
    turned = analyze_model(as_model(v, f[:, ::-1].copy()))
    # The relief's own are made once more; those ahead are given up where the thread had
    # not gone so far yet.
    assert len(where["sections"]) in (1, 2) and len(where["height_maps"]) in (1, 2)
    assert [r.msgid for r in turned.health.repairs] == ["turned {int} inside-out bodies outward"]
    a, b = outward.to_dict(), turned.to_dict()
    for doc in (a, b):
        doc["mesh"].pop("repairs")
    assert json.dumps(a) == json.dumps(b)
