"""`outsole-studio examples --out DIR` writes the whole example set."""

from __future__ import annotations

import io

from outsole_studio.cli import main
from outsole_studio.samples.designs import DESIGNS


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_examples_command_writes_meshes_pictures_and_catalogue(tmp_path):
    code, out, err = run("examples", "--out", str(tmp_path / "set"))
    assert code == 0 and err == ""
    folder = tmp_path / "set"
    for d in DESIGNS:
        ext = ".glb" if d.style == "glb-yup-metres" else ".stl"
        assert (folder / f"{d.name}{ext}").stat().st_size > 100_000
        assert (folder / f"{d.name}-bottom.png").read_bytes().startswith(b"\x89PNG")
        assert d.name in out
    assert (folder / "casual-kawung-eu42-left.stl").exists()
    readme = (folder / "README.md").read_text()
    assert "Synthetic demonstration designs" in readme
    assert all(d.title in readme for d in DESIGNS)
    assert out.strip().splitlines()[-1].startswith(f"wrote {len(DESIGNS)} designs")


def test_examples_into_a_file_is_a_clear_error(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x")
    code, out, err = run("examples", "--out", str(target))
    assert code == 2 and out == ""
    assert err.startswith(f"error: {target}: ") and len(err.strip().splitlines()) == 1
