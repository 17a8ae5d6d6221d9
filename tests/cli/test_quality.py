"""`outsole-studio check` (exit codes 0 / 1 / 2) and `outsole-studio profiles`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from outsole_studio.cli import main
from outsole_studio.io.stl import write_stl
from outsole_studio.samples.generator import OutsoleParams, generate

EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "examples"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _write(folder, name, **params):
    g = generate(OutsoleParams(**params))
    (part,) = g.parts
    path = folder / name
    write_stl(path, part.vertices[part.faces])
    return path


@pytest.fixture(scope="module")
def soles(tmp_path_factory):
    folder = tmp_path_factory.mktemp("soles")
    return {
        "trail": _write(folder, "trail.stl", floor_mm=4.0, tread_depth_mm=4.0),
        "thin": _write(folder, "thin.stl", floor_mm=2.0, tread_depth_mm=0.6),
    }


def test_exit_code_is_0_when_nothing_fails(soles):
    code, out, err = run(
        "check", str(soles["trail"]), "--profile", "outdoor-trail", "--sizes", "EU40-44"
    )
    assert code == 0, err
    assert "Quality: trail.stl against Outdoor / trail outsole (outdoor-trail)" in out
    assert "PASS      Lug depth" in out and "4.00 mm" in out
    assert "TO TEST   Abrasion loss" in out and "ISO 4649, method A" in out
    assert "result: PASS (7 pass, 4 not tested)" in out


def test_exit_code_is_1_when_a_rule_fails(soles):
    code, out, err = run("check", str(soles["thin"]), "--json")
    assert code == 1, err
    doc = json.loads(out)
    assert doc["status"] == "fail" and doc["profile"]["key"] == "ikm-rubber"
    status = {r["key"]: r["status"] for r in doc["rules"]}
    assert status["floor-thickness"] == "fail"
    assert status["tread-depth"] == "warn"
    assert status["abrasion"] == "not tested" and status["bond"] == "no limit"
    flex = next(r for r in doc["rules"] if r["key"] == "flex")
    assert flex["basis"] == "unverified" and flex["limit"] == "<= 4 mm"


def test_lab_values_are_judged(soles):
    args = ["check", str(soles["trail"]), "--profile", "outdoor-trail", "--json"]
    code, out, _ = run(*args, "--lab", "abrasion=95", "--lab", "slip-heel=0.28")
    doc = json.loads(out)
    rules = {r["key"]: r for r in doc["rules"]}
    assert rules["abrasion"]["status"] == "pass" and rules["abrasion"]["value"] == 95.0
    assert rules["slip-heel"]["status"] == "warn"
    assert code == 0  # a warning does not fail the check
    code, out, _ = run(*args, "--lab", "abrasion=130")
    assert code == 1


def test_a_project_keeps_its_profile_and_lab_results(soles, tmp_path):
    project = tmp_path / "trail.outsole"
    code, _, err = run(
        "project", "new", str(soles["trail"]), "-o", str(project), "--profile", "outdoor-trail"
    )
    assert code == 0, err
    data = json.loads(project.read_text())
    assert data["quality_profile"] == "outdoor-trail"
    data["lab_results"] = {"abrasion": 200.0}
    project.write_text(json.dumps(data))
    code, out, _ = run("check", str(project))
    assert code == 1 and "FAIL      Abrasion loss" in out and "200 mm3" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--profile", "nope"], "no quality profile 'nope' in the library"),
        (["--lab", "abrasion"], "--lab 'abrasion' must be RULE=VALUE"),
        (["--lab", "abrasion=lots"], "'lots' is not a number"),
        (["--lab", "abrasian=50"], "has no lab test 'abrasian'"),
    ],
)
def test_errors_exit_2(soles, args, message):
    code, out, err = run("check", str(soles["trail"]), *args)
    assert code == 2 and out == "" and err.count("\n") == 1 and message in err


def test_bad_model_exits_2(tmp_path):
    bad = tmp_path / "bad.stl"
    bad.write_bytes(b"\x00" * 90)
    code, _, err = run("check", str(bad))
    assert code == 2 and err.startswith(f"error: {bad}: ")


def test_profiles_commands(tmp_path):
    lib = ["--library", str(tmp_path / "lib.sqlite3")]
    code, out, _ = run("profiles", "list", *lib)
    keys = [line.split()[0] for line in out.splitlines()]
    assert code == 0 and keys == [
        "eva-midsole",
        "ikm-rubber",
        "outdoor-trail",
        "safety-iso-20345",
        "sni-778-2017",
        "unit-sole-tpr-pu",
        "womens-heeled-unit",
    ]
    code, out, _ = run("profiles", "show", "safety-iso-20345", *lib)
    assert "cleat-height" in out and ">= 2.5 mm" in out and "unverified*" in out
    assert "thickness-under-cleats" in out and "to be filled" in out
    assert run("profiles", "copy", "sni-778-2017", "my-sni", "--name", "Our SNI", *lib)[0] == 0
    code, out, _ = run("profiles", "set-limit", "my-sni", "hardness", "60", "70", *lib)
    assert out == "my-sni: hardness is now 60-70 Shore A\n"
    path = tmp_path / "my-sni.toml"
    assert run("profiles", "export", "my-sni", str(path), *lib)[0] == 0
    assert 'name = "Our SNI"' in path.read_text()
    path.write_text(path.read_text().replace('name = "Our SNI"', 'name = "Our SNI 2"'))
    code, out, _ = run("profiles", "import", str(path), *lib)
    assert out == f"replaced my-sni from {path}\n"
    _, shown, _ = run("profiles", "show", "my-sni", "--json", *lib)
    assert json.loads(shown)["name"] == "Our SNI 2"
    assert run("profiles", "remove", "my-sni", *lib)[0] == 0
    path.write_text(path.read_text().replace('metric = "hardness"', 'metric = "hardnes"'))
    code, _, err = run("profiles", "import", str(path), *lib)
    assert code == 2 and err.count("\n") == 1
    assert f"error: {path}: rule 4 'hardness': metric 'hardnes' is not a material metric" in err


def test_spec_writes_the_sheet_and_refuses_bad_input(soles, tmp_path):
    out = tmp_path / "sheet"
    code, _, err = run(
        "spec", str(soles["trail"]), "--out", str(out), "--lang", "id", "--sizes", "EU41-43",
        "--order", "42:100", "--date", "2026-11-28", "--lab", "abrasion=90",
    )  # fmt: skip
    assert code == 0, err
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "trail-costing.xlsx", "trail-graded.dxf", "trail-outline-EU41.dxf",
        "trail-outline-EU42.dxf", "trail-outline-EU43.dxf", "trail-spec.pdf", "trail.json",
    ]  # fmt: skip
    doc = json.loads((out / "trail.json").read_text())
    assert doc["design"]["issued"] == "2026-11-28" and doc["cost"]["pairs"] == 100
    code, _, err = run("spec", str(soles["trail"]), "--out", str(out), "--date", "28/11/2026")
    assert code == 2 and "--date '28/11/2026' is not a date" in err
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run("spec", str(soles["trail"]), "--out", str(blocker))
    assert code == 2 and err.count("\n") == 1 and str(blocker) in err


def test_the_command_line_speaks_indonesian(soles, tmp_path):
    import re

    from outsole_studio.core.i18n import catalogue_path, parse_po

    catalogue = parse_po(catalogue_path("id").read_text(encoding="utf-8"))
    indonesian = {w.lower() for s in catalogue.values() for w in re.findall(r"[A-Za-z]+", s)}
    english = {
        w.lower()
        for msgid in catalogue
        for w in re.findall(r"[A-Za-z]{5,}", re.sub(r"\{[^}]*\}|%\(\w+\)\w", "", msgid))
    } - indonesian

    def english_in(text):
        text = text.replace("outdoor-trail", "")  # a profile's key, not a word
        return sorted(w for w in english if re.search(rf"\b{w}\b", text, re.IGNORECASE))

    trail = str(soles["trail"])
    code, out, err = run("--lang", "id", "check", trail, "--profile", "outdoor-trail")
    assert code == 0 and "Kedalaman lug" in out and "hasil: LULUS" in out
    assert english_in(out) == []
    code, out, _ = run("--lang", "id", "cost", trail, "--order", "42:100", "--subcontract", "6500")
    assert "Lembar biaya" in out and "Rp 6.500" in out and english_in(out) == []
    code, out, _ = run("--lang", "id", "analyze", trail)
    assert "panjang" in out and english_in(out) == []
    # Errors, from the core and from argparse, are Indonesian too.
    code, _, err = run("--lang", "id", "cost", trail, "--order", "42-100")
    assert code == 2 and err.startswith(f"galat: {trail}: entri pesanan '42-100' harus berupa")
    code, _, err = run("--lang", "id", "cost", trail, "--sizes", "EU45-36")
    assert "rentang ukuran '45-36' menurun" in err and english_in(err) == []
    with pytest.raises(SystemExit):
        run("--lang", "id", "check")


def test_the_heeled_unit_is_judged_by_a_profile_for_heeled_units():
    heeled = str(EXAMPLES_DIR / "heeled-unit-eu38.stl")
    code, out, _ = run("check", heeled, "--profile", "womens-heeled-unit", "--sizes", "EU36-40")
    assert code == 0
    assert "PASS      Heel height (heel-to-toe drop)             50.0 mm" in out
    assert "20-100 mm" in out
    code, out, _ = run("check", heeled, "--profile", "ikm-rubber", "--sizes", "EU36-40")
    assert "WARN      Heel-to-toe drop                           50.0 mm" in out


def test_the_eva_midsole_profile_reads_the_body_above_the_outsole():
    running = str(EXAMPLES_DIR / "running-eva-eu42.glb")
    code, out, _ = run("check", running, "--profile", "eva-midsole", "--json")
    assert code == 0
    doc = json.loads(out)
    density = next(r for r in doc["rules"] if r["key"] == "density")
    assert density["status"] == "pass" and density["value"] == 0.22  # the EVA, not the rubber
    assert "(eva)" in density["where"]
