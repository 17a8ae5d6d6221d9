"""`outsole-studio materials ...`: the library from the command line."""

from __future__ import annotations

import io
import json

from outsole_studio.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_list_and_show(tmp_path):
    lib = str(tmp_path / "lib.sqlite3")
    code, out, _ = run("materials", "list", "--library", lib)
    assert code == 0
    assert "nr-sbr    NR/SBR blend sole compound" in out and "35,000*" in out
    assert "* placeholder price" in out
    code, out, _ = run("materials", "show", "eva", "--library", lib)
    assert "hardness    45-65 Asker C" in out and "family      foam, cellular" in out
    code, out, _ = run("materials", "list", "--json", "--library", lib)
    assert len(json.loads(out)) == 11


def test_add_edit_remove(tmp_path):
    lib = str(tmp_path / "lib.sqlite3")
    code, out, err = run(
        "materials", "add", "ikm-karet", "--name", "Karet IKM", "--family", "rubber",
        "--density", "1.22", "--density-range", "1.18-1.25", "--hardness-scale", "Shore A",
        "--hardness", "62-68", "--process", "compression", "--price", "33500", "--waste", "9",
        "--supplier", "CV Sumber Karet", "--library", lib,
    )  # fmt: skip
    assert code == 0, err
    code, out, _ = run("materials", "edit", "ikm-karet", "--price", "34000", "--library", lib)
    assert code == 0 and "Rp 34,000 per kg; usual waste 9 %" in out and "[user]" in out
    code, out, _ = run("materials", "edit", "eva", "--price", "41000", "--library", lib)
    assert "Rp 41,000 per kg;" in out and "(placeholder)" not in out and "[edited]" in out
    assert run("materials", "remove", "ikm-karet", "--library", lib)[0] == 0
    code, _, err = run("materials", "show", "ikm-karet", "--library", lib)
    assert code == 2 and err.startswith("error: no material 'ikm-karet' in the library")


def test_export_import_round_trip(tmp_path):
    lib, other = str(tmp_path / "a.sqlite3"), str(tmp_path / "b.sqlite3")
    run("materials", "edit", "tpr", "--price", "31000", "--library", lib)
    for name in ("mats.toml", "mats.csv"):
        path = str(tmp_path / name)
        code, out, _ = run("materials", "export", path, "--library", lib)
        assert code == 0 and out == f"wrote 11 materials to {path}\n"
        code, out, _ = run("materials", "import", path, "--library", other)
        assert code == 0 and out == f"imported {path}: 0 added, 11 replaced\n"
        _, shown, _ = run("materials", "show", "tpr", "--json", "--library", other)
        assert json.loads(shown)["price_idr_per_kg"] == "31000"


def test_bad_input_is_one_line(tmp_path):
    lib = str(tmp_path / "lib.sqlite3")
    cases = [
        (["materials", "add", "x", "--name", "X"], "a new material needs --family, --density"),
        (["materials", "add", "Bad Key", "--name", "X", "--family", "foam", "--density", "0.2",
          "--hardness-scale", "Asker C", "--hardness", "50-60", "--price", "1"],
         "key must be 1-40 lower-case letters"),
        (["materials", "edit", "eva", "--waste", "100"], "waste must be at least 0 %"),
        (["materials", "edit", "eva", "--price", "abc"], "--price must be a number"),
        (["materials", "edit", "eva"], "nothing to change"),
        (["materials", "import", str(tmp_path / "none.toml")], "cannot be read"),
        (["materials", "export", str(tmp_path / "x.xlsx")], "to a .toml or .csv file"),
    ]  # fmt: skip
    for argv, message in cases:
        code, out, err = run(*argv, "--library", lib)
        assert code == 2 and out == "" and err.count("\n") == 1 and message in err, (argv, err)
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_text("not a database")
    code, _, err = run("materials", "list", "--library", str(garbage))
    assert code == 2 and err.startswith(f"error: {garbage}: is not an Outsole Studio library")
    assert garbage.read_text() == "not a database"
