"""The tech pack from the command line: a TOML file, an explicit revision, clear refusals."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from outsole_studio.io.project import load_project

from .test_bad_input import run

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TOML = EXAMPLES / "casual-kawung-eu42-techpack.toml"


@pytest.fixture
def project(tmp_path):
    shutil.copy(EXAMPLES / "casual-kawung-eu42.stl", tmp_path)
    path = tmp_path / "p.outsole"
    code, _, err = run("project", "new", str(tmp_path / "casual-kawung-eu42.stl"), "-o",
                       str(path), "--sizes", "EU39-45")  # fmt: skip
    assert code == 0, err
    return path


def test_a_toml_sets_the_tech_pack_and_revisions_are_added_explicitly(project):
    code, out, err = run("project", "techpack", str(project), str(TOML))
    assert (code, err) == (0, "") and out == f"{project}: tech pack set from {TOML}\n"
    tp = load_project(project).techpack
    assert tp.specs[0].hardness == 65.0 and tp.specs[0].compound_code == "NR-SBR 65 BK"
    (plan,) = tp.moulds
    assert plan.body == 0 and plan.size_groups == (("EU 44", "EU 45"),)
    assert tp.revisions == ()  # setting data never adds a revision
    code, out, _ = run("project", "revise", str(project), "--stage", "sample", "--author",
                       "Sari", "--change", "first sample", "--date", "2026-11-02")  # fmt: skip
    assert code == 0 and out == f"{project}: revision A (sample, 2 November 2026) added\n"
    code, out, _ = run("project", "revise", str(project), "--stage", "bulk", "--author",
                       "Sari", "--change", "approved", "--date", "2026-11-20")  # fmt: skip
    log = load_project(project).techpack.revisions
    assert [(r.letter, r.stage) for r in log] == [("A", "sample"), ("B", "bulk")]
    assert len(log[0].content_sha256) == 64
    # The id of the design is its own and survives edits.
    assert load_project(project).techpack.design_id


def test_cost_and_spec_take_the_file_for_one_run(project, tmp_path):
    code, _, err = run("spec", str(project), "--techpack", str(TOML), "--out",
                         str(tmp_path / "sheet"), "--no-gl", "--date", "2026-11-29")  # fmt: skip
    assert code == 0, err
    doc = json.loads(next((tmp_path / "sheet").glob("*.json")).read_text())
    rows = doc["techpack"]["mould_plans"][0]["cavity_table"]
    assert [r["mould"] for r in rows] == [1, 2, 3, 4, 5, 6, 6]
    assert rows[3]["cavity_length_mm"] == pytest.approx(rows[3]["part_length_mm"] * 1.02, abs=0.01)
    assert load_project(project).techpack.specs == ()  # a run option does not save


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (('hardness = 65.0', 'hardness = "hard"'),
         "material_specs[1].hardness has the wrong type (str)"),
        (('hardness_scale = "Shore A"', 'hardness_scale = "Asker C"'),
         "is NR/SBR blend sole compound, not a foam: specify its hardness in Shore A"),
        (("shrinkage_pct = 2.0", "shrinkage_pct = 25.0"), "moulds[1]: shrinkage must be 0 to 10 %"),
        (("[[moulds]]", "[[revisions]]\ndate = 2026-01-01\n[[moulds]]"),
         "sets tolerances, material_specs, moulds, markings, tests, not revisions"),
        (('"EU 44", "EU 45"', '"EU 46", "EU 47"'),
         "size group EU 46+EU 47 names EU 46, EU 47, not in the size run"),
    ],
)  # fmt: skip
def test_a_bad_tech_pack_file_is_one_line_naming_it(project, tmp_path, change, says):
    bad = tmp_path / "bad.toml"
    bad.write_text(TOML.read_text().replace(*change))
    before = project.read_bytes()
    code, _, err = run("project", "techpack", str(project), str(bad))
    assert code == 2 and err.count("\n") == 1 and says in err
    assert project.read_bytes() == before
