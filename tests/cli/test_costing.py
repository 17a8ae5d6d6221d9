"""`outsole-studio grade`, `cost` and `project new` on a generated sole, and their bad input."""

from __future__ import annotations

import io
import json
from decimal import Decimal as D

import numpy as np
import pytest

from outsole_studio.cli import main
from outsole_studio.io.stl import read_stl, write_stl
from outsole_studio.samples.generator import OutsoleParams, generate


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    """A right EU 42 sole with square lugs, and its exact volume."""
    g = generate(OutsoleParams(size_eu=42, foot="right"))
    (part,) = g.parts
    path = tmp_path_factory.mktemp("model") / "casual.stl"
    write_stl(path, part.vertices[part.faces])
    return path, g.truth


def test_cost_json_follows_the_cost_model(model):
    path, truth = model
    code, out, err = run(
        "cost", str(path), "--sizes", "EU41-43", "--order", "41:100,42:200",
        "--material", "nr-sbr", "--price", "nr-sbr=36000", "--waste", "8",
        "--subcontract", "6000", "--finishing", "1500", "--mould", "12000000",
        "--tooling", "logo plate=1500000", "--overhead", "10", "--margin", "20",
        "--usd-rate", "16000", "--json",
    )  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    assert (doc["nominal"], doc["nominal_source"], doc["foot"]) == ("EU 42", "inferred", "right")
    s41, s42, s43 = doc["sizes"]
    # The nominal size's mass is its volume x 1.21 g/cm3 (float32 STL: within 0.01 g).
    net42 = D(s42["net_g_per_sole"])
    assert float(net42) == pytest.approx(truth.volume_mm3 / 1000 * 1.21, abs=0.011)
    # Material per pair = 2 x net x 1.08 / 1000 x 36,000, to the Rupiah.
    material = 2 * net42 * D("1.08") / 1000 * 36000
    assert D(s42["material_idr_per_pair"]) == material.quantize(D(1))
    assert s42["mould_idr_per_pair"] == "60000" and s41["mould_idr_per_pair"] == "120000"
    assert s43["pairs"] == 0 and s43["total_idr"] == "0"
    total = D(doc["total_idr"])
    assert total == D(s41["total_idr"]) + D(s42["total_idr"])
    assert D(doc["average_idr_per_pair"]) == (total / 300).quantize(D(1))
    assert doc["inputs"]["materials"][0]["price_is_placeholder"] is False
    # Every input given but the cycle: capacity comes from rubber's default cure, said so.
    assert doc["notes"] == ["capacity from the process's default cycle of 360 s: give the sole "
                            "factory's cycle time"]  # fmt: skip
    assert doc["sensitivity"][0]["case"] == "compound price +10 %"


def test_cost_table_reads_like_a_cost_sheet(model):
    path, _ = model
    code, out, err = run("cost", str(path), "--sizes", "EU40-44", "--order", "42:10")
    assert code == 0, err
    assert "nominal EU 42 (inferred from the 280.2 mm length); right foot (from the arch)" in out
    assert "NR/SBR blend sole compound (nr-sbr), 1.21 g/cm3, Rp 35,000/kg (placeholder)" in out
    assert "compound to buy:" in out and "sensitivity (average cost per pair):" in out
    assert "placeholder: set your supplier's price" in out
    assert "pressing is not costed" in out


def test_grade_writes_both_feet_and_the_table(model, tmp_path):
    path, truth = model
    out_dir = tmp_path / "graded"
    code, out, err = run(
        "grade", str(path), "--sizes", "EU40-44", "--out", str(out_dir), "--both-feet"
    )
    assert code == 0, err
    names = sorted(p.name for p in out_dir.iterdir())
    assert len(names) == 11 and "casual-grading.csv" in names
    assert "casual-EU44-L.stl" in names and "casual-EU40-R.stl" in names
    rows = (out_dir / "casual-grading.csv").read_text().splitlines()
    assert rows[0].startswith("size,length_factor,width_factor,length_mm")
    cells = dict(zip(rows[0].split(","), rows[5].split(","), strict=True))
    assert cells["size"] == "EU 44"
    length44 = truth.length_mm + 2 * 20 / 3
    assert float(cells["length_mm"]) == pytest.approx(length44, abs=0.01)
    # The meshes reload with the graded length, the same height and mirrored widths.
    for foot in ("R", "L"):
        tri = read_stl(out_dir / f"casual-EU44-{foot}.stl").parts[0].vertices
        assert np.ptp(tri[:, 0]) == pytest.approx(length44, abs=1e-3)
        assert np.ptp(tri[:, 2]) == pytest.approx(truth.height_mm, abs=1e-4)
        assert np.ptp(tri[:, 1]) == pytest.approx(float(cells["width_mm"]), abs=0.01)
    r = read_stl(out_dir / "casual-EU44-R.stl").parts[0].vertices
    left = read_stl(out_dir / "casual-EU44-L.stl").parts[0].vertices
    assert left[:, 1].max() == pytest.approx(-r[:, 1].min(), abs=1e-4)
    assert "EU 42 *" in out and "wrote 10 meshes and casual-grading.csv" in out


def test_project_new_then_cost_the_project(model, tmp_path):
    path, _ = model
    project = tmp_path / "casual.outsole"
    code, out, err = run(
        "project", "new", str(path), "-o", str(project), "--sizes", "EU40-44",
        "--order", "40:20,42:30", "--subcontract", "7000", "--designer", "Sari",
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(project.read_text())
    # Inferred, so saved as not given: a later sheet says "inferred", never "(given)".
    assert data["sizes"]["nominal"] is None and data["sizes"]["foot"] is None
    assert data["sheet"]["designer"] == "Sari"
    assert data["materials"][0]["material"]["key"] == "nr-sbr"
    code, out, err = run("cost", str(project), "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["pairs"] == 50 and doc["inputs"]["process"]["subcontract_idr_per_pair"] == "7000"
    assert doc["nominal_source"] == "inferred" and doc["nominal"] == "EU 42"
    assert doc["foot"] == "right"  # read from the arch again
    # Options override the saved inputs for one run.
    code, out, _ = run("cost", str(project), "--order", "44:5", "--json")
    assert json.loads(out)["pairs"] == 5
    # Refuses to overwrite without --force.
    code, _, err = run("project", "new", str(path), "-o", str(project))
    assert code == 2 and "already exists; give --force" in err


def test_a_changed_model_is_reported_not_used(model, tmp_path):
    path, _ = model
    copy = tmp_path / "copy.stl"
    copy.write_bytes(path.read_bytes())
    project = tmp_path / "p.outsole"
    assert run("project", "new", str(copy), "-o", str(project))[0] == 0
    data = bytearray(copy.read_bytes())
    data[:12] = b"edited again"  # the STL header: same geometry, another file
    copy.write_bytes(bytes(data))
    code, out, err = run("cost", str(project))
    assert code == 2 and out == ""
    assert err.strip() == (
        f"error: {copy.resolve()}: the model file changed since the project was saved "
        "(its SHA-256 differs); if it is the right file, accept it with "
        "`outsole-studio project relink PROJECT`"
    )
    code, out, err = run("cost", str(project), "--accept-changed-model")
    assert code == 0, err
    assert err.startswith("warning: ")
    code, out, err = run("project", "relink", str(project))
    assert code == 0 and "now linked to copy.stl" in out
    assert run("cost", str(project))[0] == 0
    moved = tmp_path / "sub" / "moved.stl"
    moved.parent.mkdir()
    copy.rename(moved)
    code, _, err = run("cost", str(project))
    assert code == 2 and "the project's model file is missing" in err
    code, out, err = run("project", "relink", str(project), str(moved))
    assert code == 0 and json.loads(project.read_text())["model"]["path"] == "sub/moved.stl"
    assert run("cost", str(project))[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--order", "39-50"], "order entry '39-50' must be size:pairs"),
        (["--order", "48:10"], "size 48 is not in the size run EU39-45"),
        (["--sizes", "EU45-36"], "goes down"),
        (["--sizes", "ZZ36-45"], "unknown size system"),
        (["--waste", "120"], "waste of body 1 must be at least 0 % and under 100 %"),
        (["--price", "nr-sbr=-5"], "price must be zero or more"),
        (["--price", "tpu=30000"], "no body of this design is made of 'tpu'"),
        (["--material", "unobtainium"], "no material 'unobtainium' in the library"),
        (["--material", "3=eva"], "the model has no body 3 (its bodies: 1)"),
        (["--subcontract", "lots"], "--subcontract must be a number"),
        (["--margin", "100"], "margin must be 0 to 95 % of the price, not 100 %"),
        (["--order", "40:1", "--order-csv", "x.csv"], "either with --order or with --order-csv"),
    ],
)
def test_bad_values_are_one_line_errors(model, args, message):
    path, _ = model
    code, out, err = run("cost", str(path), *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"error: {path}: ")
    assert message in err


def test_order_and_grading_tables_from_csv(model, tmp_path):
    path, _ = model
    order = tmp_path / "order.csv"
    order.write_text("size,pairs\n41,30\n42,70\n")
    table = tmp_path / "grading.csv"
    table.write_text("size,length_factor,width_factor\n41,0.97,0.98\n42,1,1\n43,1.03,1.02\n")
    code, out, err = run(
        "cost", str(path), "--sizes", "EU41-43", "--order-csv", str(order),
        "--grading-table", str(table), "--json",
    )  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    assert doc["pairs"] == 100
    net = [D(s["net_g_per_sole"]) for s in doc["sizes"]]
    assert float(net[0] / net[1]) == pytest.approx(0.97 * 0.98, abs=2e-4)
    order.write_text("size,pairs\n41,thirty\n")
    code, _, err = run("cost", str(path), "--sizes", "EU41-43", "--order-csv", str(order))
    assert code == 2 and f"error: {order}: line 2: pairs must be a whole number" in err


def test_the_example_project_still_matches_its_model():
    from pathlib import Path

    project = Path(__file__).resolve().parents[2] / "examples" / "casual-kawung-eu42.outsole"
    code, out, err = run("cost", str(project), "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["pairs"] == 750 and doc["size_run"] == "EU39-45"
    assert doc["sizes"][3]["size"] == "EU 42" and doc["sizes"][3]["mould_idr_per_pair"] == "66667"


def test_sizes_prints_a_conversion_chart():
    code, out, err = run("sizes", "EU41-42")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["EU", "UK", "US-M", "US-W", "MP", "last", "mm", "sole", "mm"]
    assert lines[2].split() == ["42", "8", "9", "10.5", "265", "280.0", "280.0"]
    code, out, _ = run("sizes", "UK8", "--toe-allowance", "20", "--json")
    (row,) = json.loads(out)
    assert row["UK"] == "8" and row["EU"] == "42" and row["last_length_mm"] == 279.4
    assert row["MP"] == "259"
    code, out, err = run("sizes", "EU42", "--toe-allowance", "-3")
    assert code == 2 and err == (
        "error: toe allowance -3 mm is outside 0-40 mm; sources give 15 or 20 mm\n"
    )


def test_cost_quote_prints_price_breaks_consistent_with_the_sheet(model):
    """At the order's own size the break is the sheet's quoted price; kodi = 20 pairs."""
    path, _ = model
    opts = ("--sizes", "EU41-43", "--order", "41:100,42:200,43:100", "--price", "nr-sbr=35000",
            "--mould", "6000000", "--tooling", "logo=1500000", "--subcontract", "8000",
            "--margin", "20", "--overhead", "10")  # fmt: skip
    code, out, err = run("cost", str(path), *opts, "--quote", "400,1000,2000", "--json")
    assert code == 0, err
    doc = json.loads(out)
    breaks = {b["pairs"]: b for b in doc["price_breaks"]}
    assert breaks[400]["price_idr_per_pair"] == doc["price_idr_per_pair"]
    for b in breaks.values():
        assert D(b["price_idr_per_kodi"]) == pytest.approx(20 * D(b["price_idr_per_pair"]), abs=10)
    # More pairs carry less of the 19.5 M of moulds and tooling: the price falls.
    assert D(breaks[2000]["price_idr_per_pair"]) < D(breaks[1000]["price_idr_per_pair"])
    # Hand-computed: the tooling share at 1,000 pairs is 19,500,000 / 1,000 a pair more than
    # at 2,000 (19,500,000 / 2,000), times 1.1 / 0.8.
    step = D(breaks[1000]["price_idr_per_pair"]) - D(breaks[2000]["price_idr_per_pair"])
    assert step == pytest.approx(D(9_750) * D("1.375"), abs=1)
    code, text, _ = run("cost", str(path), *opts, "--quote", "400,1000")
    assert "price breaks" in text and "per kodi (20 pairs)" in text
    code, _, err = run("cost", str(path), *opts, "--quote", "0,5")
    assert code == 2 and err.count("\n") == 1 and "--quote" in err


def test_on_the_example_order_tooling_billed_once_penalises_no_size():
    """Policy separate on the example: EU39 and EU45 differ only by compound and process, and
    the moulds and the logo plate are billed once; the policy is kept in a saved project."""
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "examples" / "casual-kawung-eu42.outsole"
    code, out, err = run("cost", str(example), "--tooling-policy", "separate", "--json")
    assert code == 0, err
    doc = json.loads(out)
    sizes = {s["size"]: s for s in doc["sizes"]}
    for label in ("EU 39", "EU 45"):
        s = sizes[label]
        assert s["mould_idr_per_pair"] == s["tooling_idr_per_pair"] == "0"
    assert doc["tooling_policy"] == "separate" and D(doc["tooling_billed_idr"]) > 0
    # Under this order's policy the small EU45 quantity carried its whole mould.
    code, out, _ = run("cost", str(example), "--json")
    again = {s["size"]: s for s in json.loads(out)["sizes"]}
    assert D(again["EU 45"]["mould_idr_per_pair"]) > 100_000
    code, _, err = run("cost", str(example), "--tooling-policy", "lifetime")
    assert code == 2 and "pairs planned" in err and err.count("\n") == 1
