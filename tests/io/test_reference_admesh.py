"""Volumes agree with ADMesh, an independent STL tool, within 0.01 %."""

from __future__ import annotations

import re
import shutil
import subprocess

import numpy as np
import pytest

from outsole_studio.io.pipeline import analyze_file
from outsole_studio.io.stl import write_stl
from tests.shapes import lugged_sole, rotation

pytestmark = pytest.mark.skipif(shutil.which("admesh") is None, reason="admesh not installed")


def admesh_volume(path) -> float:
    proc = subprocess.run(["admesh", str(path)], capture_output=True, check=True)
    out = proc.stdout.decode("utf-8", "replace")  # it echoes the binary header
    return float(re.search(r"Volume\s*:\s*([-\d.eE+]+)", out).group(1))


@pytest.mark.parametrize(
    ("params", "R"),
    [
        ({}, np.eye(3)),
        ({"lug_mm": 4.0, "pitch": 9.0, "lug_size": 5.0}, rotation("x", -90)),
        ({"lug_mm": 0.0, "length": 200.0}, rotation("z", 31) @ rotation("x", 180)),
        ({"lug_mm": 2.5, "slab_mm": 4.0, "length": 320.0}, rotation("y", 17)),
    ],
)
def test_volume_matches_admesh(tmp_path, params, R):
    v, f, truth = lugged_sole(**params)
    path = tmp_path / "sole.stl"
    write_stl(path, (v @ R.T)[f])
    a = analyze_file(path)
    assert a.volume_cm3 * 1000 == pytest.approx(admesh_volume(path), rel=1e-4)
    assert a.volume_cm3 * 1000 == pytest.approx(truth.volume_mm3, rel=1e-5)
