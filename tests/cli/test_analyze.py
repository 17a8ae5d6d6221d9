"""`outsole-studio analyze`: the readable table, JSON, overrides and the normalised export."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import numpy as np
import pytest

from outsole_studio.cli import main
from outsole_studio.io.stl import read_stl, stl_bytes
from tests.shapes import rotation


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture()
def posed_file(tmp_path, sole):
    """The reference sole in inches, Y-up, toe towards -X: as a careless export might be."""
    v, f, _ = sole
    R = rotation("y", 180) @ rotation("x", -90)
    path = tmp_path / "posed.stl"
    path.write_bytes(stl_bytes(((v @ R.T) / 25.4)[f]))
    return path


def test_table_reports_what_was_done(posed_file, sole):
    _, _, truth = sole
    code, out, err = run("analyze", str(posed_file))
    assert code == 0 and err == ""
    assert out.startswith(f"{posed_file}  (STL)")
    assert "units        in (scale to mm 25.4; source: plausibility" in out
    assert "up axis in file Y, flipped no, reversed yes" in out
    assert "watertight yes" in out
    assert f"length       {truth.length_mm:,.1f} mm" in out
    assert f"volume       {truth.volume_mm3 / 1000:,.2f} cm3" in out


def test_json_for_one_file_is_one_indented_object(posed_file, sole):
    _, _, truth = sole
    code, out, _ = run("analyze", "--json", str(posed_file))
    assert code == 0
    doc = json.loads(out)
    assert doc["schema"] == "outsole-studio.analysis/1"
    assert doc["file"] == str(posed_file) and doc["format"] == "stl"
    assert doc["units"] == {
        "detected": "in",
        "used": "in",
        "scale_to_mm": 25.4,
        "source": "plausibility",
    }
    assert doc["pose"]["up_axis_in_file"] == "Y"
    assert doc["pose"]["reversed"] is True and doc["pose"]["flipped"] is False
    assert doc["dimensions"]["length_mm"] == pytest.approx(truth.length_mm, rel=1e-6)
    assert doc["volume_cm3"] == pytest.approx(truth.volume_mm3 / 1000, rel=1e-5)
    assert doc["mesh"]["watertight"] is True and doc["mesh"]["repairs"] == []
    assert out.count("\n") > 10  # indented


def test_json_for_several_files_is_one_line_each(posed_file):
    code, out, _ = run("analyze", "--json", str(posed_file), str(posed_file))
    lines = out.strip().split("\n")
    assert code == 0 and len(lines) == 2
    assert [json.loads(line)["file"] for line in lines] == [str(posed_file)] * 2


def test_overrides_reach_the_analysis(posed_file, sole):
    _, _, truth = sole
    code, out, _ = run("analyze", "--json", "--units", "mm", "--flip", "--reverse", str(posed_file))
    doc = json.loads(out)
    assert code == 0
    assert doc["units"]["used"] == "mm" and doc["units"]["source"] == "user"
    assert doc["dimensions"]["length_mm"] == pytest.approx(truth.length_mm / 25.4, abs=1e-4)
    assert doc["pose"]["flipped"] is True and doc["pose"]["reversed"] is False


def test_export_normalized_writes_the_canonical_mesh(tmp_path, posed_file, sole):
    _, f, truth = sole
    out_path = tmp_path / "canonical.stl"
    code, _, err = run("analyze", str(posed_file), "--export-normalized", str(out_path))
    assert code == 0 and err == ""
    tri = read_stl(out_path).parts[0].triangles().astype(np.float64)
    assert tri.shape[0] == f.shape[0]
    lo, hi = tri.reshape(-1, 3).min(axis=0), tri.reshape(-1, 3).max(axis=0)
    np.testing.assert_allclose(lo, [0, -truth.width_mm / 2, 0], atol=1e-3)
    np.testing.assert_allclose(
        hi, [truth.length_mm, truth.width_mm / 2, truth.height_mm], atol=1e-3
    )
    # Analysing the export finds it already canonical.
    code, out, _ = run("analyze", "--json", str(out_path))
    doc = json.loads(out)
    assert doc["pose"] == {
        "up_axis_in_file": "Z",
        "flipped": False,
        "reversed": False,
        "yaw_deg": 0.0,
        "confidence": doc["pose"]["confidence"],
    }
    assert doc["units"]["used"] == "mm"


def test_export_normalized_needs_one_input_and_an_stl_name(tmp_path, posed_file):
    code, _, err = run("analyze", str(posed_file), str(posed_file), "--export-normalized", "x.stl")
    assert code == 2 and "exactly one input" in err
    code, _, err = run("analyze", str(posed_file), "--export-normalized", str(tmp_path / "x.obj"))
    assert code == 2 and err.startswith(f"error: {tmp_path / 'x.obj'}: ")


def test_console_script_runs_as_a_module(posed_file):
    proc = subprocess.run(
        [sys.executable, "-m", "outsole_studio", "analyze", "--json", str(posed_file)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["mesh"]["faces"] > 0


def test_export_that_cannot_be_written_is_a_clear_error(tmp_path, posed_file):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    target = blocker / "x.stl"
    code, _, err = run("analyze", str(posed_file), "--export-normalized", str(target))
    assert code == 2
    assert err.startswith(f"error: {target}: ") and "internal error" not in err
    assert len(err.strip().splitlines()) == 1


def test_relief_figures_maps_and_contact_tolerance(tmp_path, posed_file):
    import numpy as np

    maps = tmp_path / "maps"
    code, out, err = run("analyze", "--json", str(posed_file), "--maps", str(maps))
    assert code == 0, err
    doc = json.loads(out)
    assert doc["tread"]["depth_mm"] == pytest.approx(3.0, abs=0.2)
    assert doc["thickness"]["floor_mm"] == pytest.approx(6.0, abs=0.2)
    assert doc["thickness"]["max_mm"] == pytest.approx(9.0, abs=1e-3)
    assert doc["toe_spring_mm"] == 0.0 and doc["heel_to_toe_drop_mm"] == 0.0
    assert doc["draft"]["undercut_area_cm2"] == 0.0
    th = np.load(maps / "thickness_mm.npy")
    assert set(np.unique(np.round(th[th > 0], 3))) == {6.0, 9.0}
    assert np.load(maps / "draft_deg.npy").shape == (doc["mesh"]["faces"],)
    meta = json.loads((maps / "maps.json").read_text())
    assert meta["grid"]["cell_mm"] == 1.0 and meta["grid"]["shape"] == list(th.shape)
    # A looser tolerance never finds less contact.
    code, out2, _ = run("analyze", "--json", str(posed_file), "--contact-tolerance", "3.5")
    assert json.loads(out2)["contact"]["area_cm2"] > doc["contact"]["area_cm2"]
    code, _, err = run("analyze", str(posed_file), "--contact-tolerance", "-1")
    assert code == 2 and "contact-tolerance" in err
