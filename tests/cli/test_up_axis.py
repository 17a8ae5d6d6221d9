"""`--up` sets the vertical for a model the geometry cannot read; kept in the project."""

from __future__ import annotations

import json

import manifold3d
import numpy as np
import pytest

from outsole_studio.io.stl import write_stl

from .test_costing import run


def _slab_on_its_side(tmp_path):
    mesh = manifold3d.Manifold.cube([270.0, 100.0, 10.0]).to_mesh64()
    turn = np.array([[1.0, 0, 0], [0, 0, 1.0], [0, -1.0, 0]])  # the slab's up is the file's +Y
    v = np.asarray(mesh.vert_properties)[:, :3] @ turn.T
    path = tmp_path / "slab.stl"
    write_stl(path, v[np.asarray(mesh.tri_verts)])
    return path


def test_the_up_axis_is_set_on_the_command_line_and_kept_in_the_project(tmp_path):
    path = _slab_on_its_side(tmp_path)
    code, out, err = run("analyze", str(path), "--up", "+Y", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["pose"]["up_axis_in_file"] == "Y" and doc["dimensions"]["height_mm"] == 10.0
    code, out, err = run("analyze", str(path), "--up", "+Y")
    assert code == 0 and "vertical set by the user (+Y)" in out
    project = tmp_path / "slab.outsole"
    code, _, err = run("project", "new", str(path), "--up", "+Y", "-o", str(project))
    assert code == 0, err
    assert json.loads(project.read_text())["reading"]["up_axis"] == "+Y"
    code, out, err = run("cost", str(project), "--json")
    assert code == 0, err
    with pytest.raises(SystemExit) as stop:  # argparse: usage and the choices, exit 2
        run("analyze", str(path), "--up", "+W")
    assert stop.value.code == 2
    data = json.loads(project.read_text())
    data["reading"]["up_axis"] = "up"
    project.write_text(json.dumps(data))
    code, _, err = run("cost", str(project))
    assert code == 2 and "reading.up_axis: must be one of +X, -X, +Y, -Y, +Z, -Z or null" in err
