"""The designer's axes: a vertical or length axis within a few degrees of a file axis is that
axis exactly; anything further off keeps today's rules."""

from __future__ import annotations

import manifold3d
import numpy as np
import pytest
import shapely

from outsole_studio.core.geometry.analyzer import analyze_model
from tests.conftest import as_model
from tests.shapes import foot_outline, rotation


def _asymmetric_slab() -> tuple[np.ndarray, np.ndarray, float]:
    """A foot-outline slab with a wide medial bump: its footprint's principal axis is 2.8
    degrees off the file's X although the designer drew it square to X."""
    outline = shapely.Polygon(foot_outline(270.0, 50.0, 32.0)).union(shapely.box(150, 30, 230, 70))
    ring = np.asarray(shapely.geometry.polygon.orient(outline, 1.0).exterior.coords)[:-1]
    mesh = manifold3d.CrossSection([ring]).extrude(8.0).to_mesh64()
    v = np.asarray(mesh.vert_properties)[:, :3]
    return v, np.asarray(mesh.tri_verts, dtype=np.int64), float(np.ptp(ring[:, 0]))


def _own(notes) -> list[str]:
    return [str(n) for n in notes if "file's own" in str(n)]


def test_a_sole_square_to_its_file_axes_keeps_yaw_0():
    v, f, length = _asymmetric_slab()
    a = analyze_model(as_model(v, f))
    assert a.pose.yaw_deg == 0.0
    assert a.pose.rotation[0].tolist() == [1.0, 0.0, 0.0]  # exactly the file's X
    assert _own(a.pose.notes) == ["length axis: the file's own (2.79 degrees off the footprint's)"]
    assert a.dimensions.length_mm == pytest.approx(length, abs=1e-9)


def test_a_sole_turned_30_degrees_keeps_todays_axes():
    v, f, _ = _asymmetric_slab()
    a = analyze_model(as_model(v @ rotation("z", 30.0).T, f))
    assert _own(a.pose.notes) == []
    assert a.pose.yaw_deg == pytest.approx(30.0 + 2.787, abs=0.01)  # the footprint's axis


@pytest.mark.parametrize(("curve", "off"), [(0.00005, "0.69"), (0.0001, "1.49"), (0.0002, "2.98")])
def test_a_rocker_bottom_keeps_the_files_vertical(curve, off):
    v, f, _ = _asymmetric_slab()
    v = v.copy()
    v[:, 2] += curve * (v[:, 0] - 60.0) ** 2  # a rocker: no flat ground, a tilted mean slope
    a = analyze_model(as_model(v, f))
    assert np.abs(a.pose.rotation[2]).tolist() == [0.0, 0.0, 1.0]  # the file's Z, either sense
    assert f"vertical: the file's own axis ({off} degrees off the surfaces')" in _own(a.pose.notes)
    assert a.dimensions.height_mm == pytest.approx(float(np.ptp(v[:, 2])), abs=1e-9)


def test_a_sole_tilted_past_the_snap_keeps_todays_vertical():
    v, f, _ = _asymmetric_slab()
    a = analyze_model(as_model(v @ rotation("y", 8.0).T, f))
    assert not any("vertical: the file's own" in n for n in _own(a.pose.notes))
    assert a.pose.up_axis_in_file == "Z"  # within 10 degrees, still named Z, not snapped
    assert abs(a.pose.rotation[2] @ np.array([0.0, 0.0, 1.0])) < np.cos(np.radians(7.0))


@pytest.mark.parametrize("axis, matrix", [
    ("+Z", np.eye(3)),
    ("-Z", np.diag([1.0, -1.0, -1.0])),
    ("+Y", np.array([[1.0, 0, 0], [0, 0, 1.0], [0, -1.0, 0]])),
    ("-X", np.array([[0, 0, -1.0], [0, 1.0, 0], [1.0, 0, 0]])),
])  # fmt: skip
def test_the_vertical_set_by_the_user_is_that_file_axis(axis, matrix):
    """The slab stood in the file with its vertical along ``axis``: set as the up axis, the
    analysis measures it as drawn (length, width, height exact), the notes say so."""
    from outsole_studio.core.geometry.analysis import AnalysisOptions

    v, f, length = _asymmetric_slab()
    turned = v @ matrix.T
    a = analyze_model(as_model(turned, f), AnalysisOptions(up_axis=axis))
    assert a.pose.rotation[2].tolist() == list(matrix @ [0.0, 0.0, 1.0])
    assert a.dimensions.length_mm == pytest.approx(length, abs=1e-9)
    assert a.dimensions.height_mm == pytest.approx(8.0, abs=1e-9)
    assert f"vertical set by the user ({axis})" in [str(n) for n in a.pose.notes]
    # Set upside down, the sole is turned over: the same measures, its top on the ground.
    upside = {"+": "-", "-": "+"}[axis[0]] + axis[1]
    b = analyze_model(as_model(turned, f), AnalysisOptions(up_axis=upside))
    assert b.pose.rotation[2].tolist() == list(-(matrix @ [0.0, 0.0, 1.0]))
    assert b.dimensions.height_mm == pytest.approx(8.0, abs=1e-9)
