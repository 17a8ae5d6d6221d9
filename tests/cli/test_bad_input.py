"""Bad input never crashes: one line naming the file and the problem, exit code 2."""

from __future__ import annotations

import io
import struct
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from outsole_studio.cli import main
from outsole_studio.io.stl import stl_bytes


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _truncated(tmp: Path, sole) -> Path:
    v, f, _ = sole
    data = stl_bytes(v[f])
    p = tmp / "truncated.stl"
    p.write_bytes(data[: len(data) // 2])
    return p


def _huge_header(tmp: Path, sole) -> Path:
    p = tmp / "huge-count.stl"
    p.write_bytes(b"x" * 80 + struct.pack("<I", 2_000_000_000) + b"\0" * 500)
    return p


def _nan(tmp: Path, sole) -> Path:
    v, f, _ = sole
    tri = v[f].copy()
    tri[10, 1, 2] = np.nan
    tri[11, 0, 0] = np.inf
    p = tmp / "nan.stl"
    p.write_bytes(stl_bytes(tri))
    return p


def _flat_triangle(tmp: Path, sole) -> Path:
    p = tmp / "triangle.stl"
    p.write_bytes(stl_bytes(np.array([[[0, 0, 0], [100, 0, 0], [0, 50, 0]]], float)))
    return p


def _bytes(name: str, data: bytes):
    def make(tmp: Path, sole) -> Path:
        p = tmp / name
        p.write_bytes(data)
        return p

    return make


RANDOM = np.random.default_rng(7).integers(0, 256, 4000, dtype=np.uint8).tobytes()

CASES = {
    "empty": (_bytes("empty.stl", b""), "empty"),
    "empty-obj": (_bytes("empty.obj", b""), "empty"),
    "truncated": (_truncated, "truncated binary STL"),
    "random-stl": (_bytes("noise.stl", RANDOM), "STL"),
    "random-ply": (_bytes("noise.ply", RANDOM), "PLY"),
    "random-glb": (_bytes("noise.glb", RANDOM), "GLB"),
    "random-3mf": (_bytes("noise.3mf", RANDOM), "3MF"),
    "huge-count": (_huge_header, "header announces 2000000000 triangles"),
    "nan": (_nan, "NaN or infinite"),
    "malformed-obj": (_bytes("bad.obj", b"v 0 0 0\nv 1 0 zero\nv 0 1 0\nf 1 2 3\n"), "OBJ"),
    "obj-bad-index": (_bytes("index.obj", b"v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 9\n"), "OBJ"),
    "ascii-stl-garbage": (
        _bytes("bad-ascii.stl", b"solid x\nfacet normal 0 0 1\nouter loop\nvertex 1 2\nendsolid\n"),
        "STL",
    ),
    "ply-huge-header": (
        _bytes(
            "huge.ply",
            b"ply\nformat binary_little_endian 1.0\nelement vertex 900000000\n"
            b"property float x\nproperty float y\nproperty float z\nend_header\n" + b"\0" * 64,
        ),
        "900000000",
    ),
    "off-huge-header": (_bytes("huge.off", b"OFF\n500000000 900000000 0\n0 0 0\n"), "500000000"),
    "flat-triangle": (_flat_triangle, "not a solid"),
    "unknown-extension": (_bytes("model.dwg", b"whatever"), "unknown file type"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_file_gives_one_clear_line_and_exit_2(tmp_path, sole, case):
    make, expected = CASES[case]
    path = make(tmp_path, sole)
    code, out, err = run("analyze", str(path))
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"error: {path}: ")
    assert expected.lower() in lines[0].lower()
    assert "Traceback" not in err


def test_missing_path_and_folder(tmp_path):
    code, _, err = run("analyze", str(tmp_path / "nope.stl"))
    assert code == 2 and err == f"error: {tmp_path / 'nope.stl'}: no such file; check the path\n"
    code, _, err = run("analyze", str(tmp_path))
    assert code == 2 and err.startswith(f"error: {tmp_path}: is a folder")


def test_debug_shows_the_traceback(tmp_path):
    p = tmp_path / "empty.stl"
    p.write_bytes(b"")
    code, _, err = run("analyze", "--debug", str(p))
    assert code == 2
    assert "Traceback" in err and err.strip().splitlines()[-1].startswith("error: ")


def test_claimed_size_is_never_allocated(tmp_path, sole):
    path = _huge_header(tmp_path, sole)
    tracemalloc.start()
    try:
        code, _, _ = run("analyze", str(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code == 2
    assert peak < 20_000_000  # 2e9 triangles would be 100 GB


def test_good_files_are_still_analysed_among_bad_ones(tmp_path, sole):
    v, f, _ = sole
    good = tmp_path / "good.stl"
    good.write_bytes(stl_bytes(v[f]))
    bad = tmp_path / "bad.stl"
    bad.write_bytes(b"")
    code, out, err = run("analyze", "--json", str(bad), str(good), str(tmp_path / "missing.obj"))
    assert code == 2
    assert len(err.strip().splitlines()) == 2
    lines = out.strip().splitlines()
    assert len(lines) == 1 and '"length_mm": 270.0' in lines[0]


def test_debug_is_a_top_level_flag_that_shows_the_original_cause(tmp_path):
    folder = tmp_path / "sheet"
    folder.write_text("a file where the folder should be")
    project = Path(__file__).resolve().parents[2] / "examples" / "casual-kawung-eu42.outsole"
    code, _, err = run("grade", str(project), "--out", str(folder / "graded"))
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"error: {folder / 'graded'}: cannot be created: Not a directory")
    code, _, err = run("--debug", "grade", str(project), "--out", str(folder / "graded"))
    assert code == 2 and "Traceback" in err
    # The OS error behind the message is shown, not hidden.
    assert "NotADirectoryError" in err and "direct cause" in err
    assert err.strip().splitlines()[-1].startswith("error: ")


def test_an_internal_error_is_said_as_such_in_one_line_never_as_a_verdict(tmp_path, monkeypatch):
    from outsole_studio.core.production import quality

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(quality, "_judge", broken)
    project = Path(__file__).resolve().parents[2] / "examples" / "casual-kawung-eu42.outsole"
    code, out, err = run("check", str(project))
    assert code == 2 and out == ""  # 1 would mean "a rule failed"
    assert err == (
        f"error: {project}: internal error (RuntimeError: a bug); run again with --debug and "
        "report it\n"
    )
