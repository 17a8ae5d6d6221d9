"""Hostile and broken models: a clear result or one clear line, never a crash, never NaN."""

from __future__ import annotations

import json

import numpy as np
import pytest

from outsole_studio.io.jsonout import dumps, finite
from outsole_studio.io.stl import write_stl

from .test_bad_input import run


def strict(text: str):
    """Parse JSON as RFC 8259 has it: NaN and Infinity are refused."""

    def refuse(token):
        raise ValueError(f"non-standard JSON token {token}")

    return json.loads(text, parse_constant=refuse)


def _with(sole, extra: np.ndarray, tmp_path, name: str):
    v, f, _ = sole
    path = tmp_path / name
    write_stl(path, np.concatenate([v[f], extra]))
    return path


STRAY = np.array([[[50, 20, 30], [60, 20, 30], [55, 30, 30]]], dtype=float)
SHEET_ABOVE = np.array(
    [[[0, -40, 20], [200, -40, 20], [200, 40, 20]], [[0, -40, 20], [200, 40, 20], [0, 40, 20]]],
    dtype=float,
)
SHEET_BESIDE = SHEET_ABOVE + np.array([0.0, 200.0, -15.0])
STACKED = np.concatenate([SHEET_ABOVE, SHEET_ABOVE + np.array([0.0, 0.0, 5.0])])


@pytest.mark.parametrize(
    ("name", "extra"),
    [("stray", STRAY), ("sheet-above", SHEET_ABOVE), ("sheet-beside", SHEET_BESIDE),
     ("stacked-sheets", STACKED)],
)  # fmt: skip
def test_a_body_with_no_thickness_is_measured_as_none_and_the_sole_as_before(
    sole, tmp_path, name, extra
):
    path = _with(sole, extra, tmp_path, f"{name}.stl")
    code, out, err = run("analyze", str(path), "--json")
    assert (code, err) == (0, "")  # no warning leaks either
    doc = strict(out)
    thick = [b.get("thickness") for b in doc["body_list"]]
    solid = next(t for t in thick if t and t["max_mm"] > 0)
    assert solid["floor_mm"] == pytest.approx(6.0, abs=0.01)  # the lugged sole's floor
    assert any(t is not None and t["max_mm"] == 0.0 for t in thick)  # the sheet has none


def test_the_same_model_costs_with_a_clear_reason_and_checks_with_a_verdict(sole, tmp_path):
    path = _with(sole, SHEET_ABOVE, tmp_path, "sheet.stl")
    code, _, err = run("cost", str(path))
    assert code == 2 and err.count("\n") == 1 and "internal error" not in err
    assert "body 2 is open" in err
    code, out, err = run("check", str(path))
    assert code == 1 and err == ""  # a rule failed (the model is not closed): a verdict
    assert "Closed (watertight) model" in out
    code, out, err = run("spec", str(path), "--out", str(tmp_path / "sheet"), "--no-gl")
    assert code == 2 and err.count("\n") == 1 and "body 2 is open" in err
    assert "internal error" not in err


def test_an_open_model_prints_strict_json_with_null_and_the_reason(sole, tmp_path):
    v, f, _ = sole
    tri = v[f]
    top = tri[:, :, 2].min(axis=1) > 8.5  # a box without its lid
    path = tmp_path / "no-lid.stl"
    write_stl(path, tri[~top])
    code, out, err = run("analyze", str(path), "--json")
    assert code == 0 and err == ""
    doc = strict(out)
    assert doc["volume_cm3"] is None and doc["volume_note"]
    assert doc["heel_to_toe_drop_mm"] is None
    assert any(
        n.startswith("heel_to_toe_drop_mm: the top surface is missing") for n in doc["notes"]
    )
    code, out, _ = run("analyze", str(path))
    assert code == 0 and "drop         n/a" in out


def test_a_non_finite_number_is_written_as_null_and_named():
    text = dumps({"a": 1.5, "b": [float("nan"), {"c": float("inf")}], "notes": ["kept"]})
    doc = strict(text)
    assert doc["b"] == [None, {"c": None}]
    assert doc["notes"][0] == "kept"
    assert [n.split(":")[0] for n in doc["notes"][1:]] == ["b[0]", "b[1].c"]
    assert finite([1.0, -float("inf")]) == ([1.0, None], ["[1]"])


def _threemf(sole) -> tuple[bytes, int, int]:
    """A 3MF of the sole, and where its model part's compressed data starts and how long it is."""
    import io
    import zipfile

    from outsole_studio.core.geometry.model import MeshPart
    from outsole_studio.io.threemf import threemf_bytes

    v, f, _ = sole
    data = threemf_bytes([MeshPart("sole", v, f)], "millimeter")
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("3D/3dmodel.model")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    return data, start, info.compress_size


def test_a_3mf_with_corrupt_compressed_data_is_a_clear_error(sole, tmp_path):
    data, start, _ = _threemf(sole)
    bad = bytearray(data)
    for i in range(start + 100, start + 140):
        bad[i] ^= 0x5A
    path = tmp_path / "corrupt.3mf"
    path.write_bytes(bytes(bad))
    code, _, err = run("analyze", str(path))
    assert code == 2 and err == (
        f"error: {path}: the 3MF archive is damaged (its compressed data is corrupt); export "
        "the model again\n"
    )


def test_a_3mf_with_a_cut_entry_is_a_clear_error(sole, tmp_path):
    data, start, size = _threemf(sole)
    path = tmp_path / "cut.3mf"
    path.write_bytes(data[: start + size // 2] + data[start + size :])
    code, _, err = run("analyze", str(path))
    assert code == 2 and err.count("\n") == 1
    assert err.startswith(f"error: {path}: the 3MF archive is damaged (")
    assert "internal error" not in err


def test_a_model_far_beyond_any_outsoles_size_is_refused_in_one_line(sole, tmp_path):
    v, f, _ = sole
    path = tmp_path / "huge.obj"
    lines = [f"v {x * 1e300} {y * 1e300} {z * 1e300}" for x, y, z in v]
    lines += [f"f {a + 1} {b + 1} {c + 1}" for a, b, c in f]
    path.write_text("\n".join(lines) + "\n")
    code, out, err = run("analyze", str(path), "--json")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "units across: far outside any outsole's size in any unit" in err


def test_a_library_path_in_a_folder_that_does_not_exist_is_not_made(tmp_path):
    path = tmp_path / "no" / "such" / "folder" / "lib.sqlite3"
    code, _, err = run("materials", "list", "--library", str(path))
    assert code == 2 and err == (
        f"error: {path}: the folder of this library does not exist; check the path\n"
    )
    assert not (tmp_path / "no").exists()


def test_warnings_stay_off_stderr_unless_debugging(sole, tmp_path, monkeypatch):
    import warnings

    from outsole_studio.cli import analyze as analyze_command
    from outsole_studio.io import pipeline

    real = pipeline.analyze_file

    def noisy(*args, **kwargs):
        warnings.warn("All-NaN slice encountered", RuntimeWarning, stacklevel=1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "analyze_file", noisy)
    assert analyze_command  # the command imports analyze_file when it runs
    v, f, _ = sole
    path = tmp_path / "sole.stl"
    write_stl(path, v[f])
    code, _, err = run("analyze", str(path))
    assert code == 0 and err == ""
    code, _, err = run("--debug", "analyze", str(path))
    assert code == 0 and "RuntimeWarning: All-NaN slice encountered" in err


EXAMPLE = __import__("pathlib").Path(__file__).resolve().parents[2] / "examples"


def test_a_new_size_system_carries_the_order_over_and_says_what_it_leaves_out():
    project = EXAMPLE / "casual-kawung-eu42.outsole"
    code, out, err = run("cost", str(project), "--sizes", "UK5-11/0.5", "--json")
    assert code == 0 and err == ""
    doc = strict(out)
    assert doc["pairs"] == 750  # every EU line found its UK size
    ordered = {s["size"]: s["pairs"] for s in doc["sizes"] if s["pairs"]}
    assert ordered["UK 8"] == 180 and len(ordered) == 7
    code, out, err = run("cost", str(project), "--sizes", "EU40-44", "--json")
    assert code == 0 and strict(out)["pairs"] == 660
    assert err == (
        f"warning: {project}: the size run leaves out EU 39 (60), EU 45 (30) from the order\n"
    )


def test_project_new_keeps_an_inferred_size_and_foot_inferred(tmp_path):
    out_file = tmp_path / "new.outsole"
    code, _, _ = run("project", "new", str(EXAMPLE / "casual-kawung-eu42.stl"), "-o", str(out_file))
    assert code == 0
    sizes = json.loads(out_file.read_text())["sizes"]
    assert sizes["nominal"] is None and sizes["foot"] is None
    code, out, _ = run("cost", str(out_file))
    assert code == 0 and "(inferred from the 280.2 mm length)" in out and "(given)" not in out


@pytest.mark.parametrize(
    ("options", "says"),
    [
        (["--order", "39:1000000000000"], "pairs ordered in EU 39 must be at most 10,000,000"),
        (["--price", "nr-sbr=1e30"], "price must be at most Rp 1,000,000,000 per kg"),
        (["--price", "nr-sbr=1e999999"], "price must be at most Rp 1,000,000,000 per kg"),
        (["--usd-rate", "1e-30"], "the exchange rate must be 1 to 1,000,000 IDR per USD"),
        (["--mould", "1e13"], "must be at most Rp 1,000,000,000,000"),
        (["--length-step", "0"], "the grading length step must be more than 0 and at most 20"),
        (["--margin", "99.9999999999"], "margin must be 0 to 95 % of the price, not 99.9999999999"),
        (
            ["--cycle-time", "0", "--machine-rate", "90000"],
            "cycle time must be 1 to 3600 seconds, not 0",
        ),
        (
            ["--pairs-per-cycle", "1000", "--cycle-time", "240"],
            "pairs per cycle must be 1 to 100, not 1000",
        ),
        (
            ["--sizes", "UK-3"],
            "'UK-3': a dash after the size system reads as a range with no "
            "start; write UK3 for one size or UK3-8 for a range",
        ),
        (
            ["--nominal", "EU-42"],
            "'EU-42': write the size system and the number together, e.g. EU42",
        ),
    ],
)
def test_numbers_outside_their_declared_range_are_refused_naming_the_field(options, says):
    code, out, err = run("cost", str(EXAMPLE / "casual-kawung-eu42.outsole"), *options)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert says in err and "internal error" not in err


@pytest.mark.parametrize("value", ["inf", "nan", "-5"])
def test_a_lab_value_must_be_finite_and_not_negative(value):
    code, out, err = run("check", str(EXAMPLE / "casual-kawung-eu42.outsole"), "--lab",
                         f"abrasion={value}")  # fmt: skip
    assert code == 2 and out == ""  # an error, never a verdict
    assert "the lab value of abrasion must be a finite number of 0 or more" in err


@pytest.mark.parametrize("value", ["inf", "nan", "0", "6"])
def test_the_contact_tolerance_has_its_range(value):
    model = EXAMPLE / "sample-outsole.stl"
    code, _, err = run("analyze", str(model), "--contact-tolerance", value)
    assert code == 2 and err == "error: --contact-tolerance must be more than 0 and at most 5 mm\n"


def test_a_project_nested_thousands_deep_or_with_a_huge_number_is_one_line(tmp_path):
    import shutil

    text = (EXAMPLE / "casual-kawung-eu42.outsole").read_text()
    shutil.copy(EXAMPLE / "casual-kawung-eu42.stl", tmp_path)
    deep = tmp_path / "deep.outsole"
    deep.write_text(text.replace('"notes": "', '"nested": ' + "[" * 10_000 + "]" * 10_000
                                 + ', "notes": "', 1))  # fmt: skip
    digits = tmp_path / "digits.outsole"
    digits.write_text(text.replace('"outsole-studio.project/1"', "9" * 5_000, 1))
    for path in (deep, digits):
        code, _, err = run("cost", str(path))
        assert code == 2 and err == (
            f"error: {path}: is not an Outsole Studio project (nested too deep or a number too "
            "long)\n"
        )


def test_a_deep_toml_import_is_one_line(tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 5_000 + "]" * 5_000 + "\n")
    code, _, err = run("materials", "import", str(path), "--library", str(tmp_path / "l.sqlite3"))
    assert code == 2 and err.count("\n") == 1 and "nested too deep" in err


def test_an_order_of_no_pairs_is_refused():
    code, _, err = run("cost", str(EXAMPLE / "casual-kawung-eu42.outsole"), "--order", "39:0,40:0")
    assert code == 2 and "the order has no pairs" in err


def test_the_sheets_texts_have_a_length_and_no_control_characters(tmp_path):
    import shutil

    data = json.loads((EXAMPLE / "casual-kawung-eu42.outsole").read_text())
    shutil.copy(EXAMPLE / "casual-kawung-eu42.stl", tmp_path)
    data["sheet"]["notes"] = "x" * 10_000_000
    data["sheet"]["designer"] = "Sari\x00Dewi"
    path = tmp_path / "texts.outsole"
    path.write_text(json.dumps(data))
    code, _, err = run("cost", str(path))
    assert code == 2 and err == (
        f"error: {path}: sheet.designer: must not hold control characters (such as a NUL "
        "byte); sheet.notes: must be at most 4000 characters, not 10000000\n"
    )
    # Nothing can write such a project either.
    code, _, err = run("project", "new", str(EXAMPLE / "casual-kawung-eu42.stl"), "-o",
                       str(tmp_path / "long.outsole"), "--designer", "a" * 201)  # fmt: skip
    assert code == 2 and "designer: must be at most 200 characters, not 201" in err
    assert not (tmp_path / "long.outsole").exists()
