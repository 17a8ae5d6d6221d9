"""The workflow's design: opened once, edited through one edit that knows what each change
needs, results computed once per state, exported from the cached results."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path

import pytest

from outsole_studio.core.errors import OutsoleError
from outsole_studio.core.production import cost as cost_module
from outsole_studio.core.production import quality as quality_module
from outsole_studio.core.production.cost import cost_sheet
from outsole_studio.core.production.sizes import parse_size_run
from outsole_studio.io.library import Library
from outsole_studio.io.pipeline import analyze_file
from outsole_studio.workflow import design as design_module
from outsole_studio.workflow.design import Design, work_for
from outsole_studio.workflow.export import export, export_grading

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PROJECT = EXAMPLES / "casual-kawung-eu42.outsole"
MODEL = EXAMPLES / "casual-kawung-eu42.stl"


@pytest.fixture()
def library():
    with Library() as lib:
        yield lib


@pytest.fixture()
def kawung(library):
    return Design.open(PROJECT, library)


def test_each_change_needs_its_own_step():
    assert work_for({"units": "cm"}) == "analysis"
    assert work_for({"flip": True, "order": ()}) == "analysis"
    assert work_for({"size_run": None}) == "grading"
    assert work_for({"foot": "left"}) == "grading"
    assert work_for({"materials": (), "order": ()}) == "cost"
    assert work_for({"sheet": None}) == "cost"


def test_a_project_opens_with_its_inputs_and_the_model_it_names(kawung):
    assert kawung.project_file == PROJECT and kawung.model_file == MODEL
    assert kawung.project.size_run.text == "EU39-45"
    assert kawung.analysis.dimensions.length_mm == pytest.approx(280.18, abs=0.01)
    assert kawung.sizing.graded[0].size.label == "EU 39"
    assert kawung.profile.key == "ikm-rubber"  # the project names none: the default
    assert kawung.name == "casual-kawung-eu42.outsole"
    # The order's cost, equal to the cost model's over the graded sizes.
    expected = cost_sheet(kawung.sizing.graded, kawung.project.order, kawung.project.cost_inputs)
    # EU 44 and EU 45 share one mould (the tech pack's size group): six moulds, not seven.
    assert kawung.cost.total_idr == expected.total_idr == D("86492323.8")


def test_a_bare_model_starts_with_the_default_compounds_and_profile(library):
    d = Design.open(MODEL, library, reading={"units": "mm"})
    assert d.project_file is None and d.project.units == "mm"
    assert d.project.materials[0].material.key == "nr-sbr"
    assert d.profile.key == "ikm-rubber"
    with pytest.raises(ValueError, match="not a reading"):
        Design.open(MODEL, library, reading={"size_run": "EU40"})


def test_a_price_edit_recosts_and_keeps_the_grading(kawung):
    sizing = kawung.sizing
    bm = kawung.project.materials[0]
    dearer = bm.material.with_changes(price_idr_per_kg=D(40000), price_is_placeholder=False)
    edited = kawung.edit(materials=(replace(bm, material=dearer),))
    assert edited.sizing is sizing  # not graded again
    assert edited.analysis is kawung.analysis
    # Every sole's compound costs 5,000 Rp/kg more: the order total rises by exactly that
    # price difference times the compound to buy.
    kg = sum(n.kg for n in kawung.cost.needs)
    rise = edited.cost.total_idr - kawung.cost.total_idr
    assert float(rise) == pytest.approx(float(kg * D(5000)), abs=edited.cost.pairs)
    assert kawung.project.materials[0].material.price_idr_per_kg == D(35000)  # unchanged


def test_a_new_size_run_regrades_and_keeps_the_order_lines_in_it(kawung):
    run = parse_size_run("EU40-44")
    assert [s.label for s in kawung.dropped_by(size_run=run)] == ["EU 39", "EU 45"]
    assert kawung.dropped_by(size_run=run, order=()) == ()
    edited = kawung.edit(size_run=run)
    assert [g.size.label for g in edited.sizing.graded] == [f"EU {n}" for n in range(40, 45)]
    assert [(o.size.label, o.pairs) for o in edited.project.order] == [
        ("EU 40", 120), ("EU 41", 180), ("EU 42", 180), ("EU 43", 120), ("EU 44", 60)
    ]  # fmt: skip
    assert edited.cost.pairs == 660


def test_a_new_reading_analyses_the_model_again(kawung):
    edited = kawung.edit(reverse=True)
    assert edited.analysis is not kawung.analysis and edited.analysis.pose.reversed
    assert edited.analysis.dimensions.length_mm == pytest.approx(280.18, abs=0.05)
    with pytest.raises(ValueError, match="not a project field"):
        kawung.edit(colour="red")


def test_results_are_computed_once_per_state(kawung, monkeypatch):
    calls = {"cost": 0, "quality": 0, "masses": 0}

    def counted(name, fn):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return fn(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(design_module, "cost_sheet", counted("cost", cost_module.cost_sheet))
    monkeypatch.setattr(
        design_module, "check_quality", counted("quality", quality_module.check_quality)
    )
    monkeypatch.setattr(
        design_module, "sole_masses_g", counted("masses", cost_module.sole_masses_g)
    )
    import datetime as dt

    for _ in range(3):
        kawung.cost  # noqa: B018
        kawung.quality  # noqa: B018
        sheet = kawung.spec(dt.date(2026, 11, 29))
    assert calls == {"cost": 1, "quality": 1, "masses": 1}
    assert sheet.cost is kawung.cost and sheet.quality is kawung.quality
    assert sheet.nominal_cost.size.label == "EU 42"


def test_saving_keeps_the_results_and_names_the_file(kawung, tmp_path):
    kawung.cost  # noqa: B018
    saved = kawung.saved(tmp_path / "copy.outsole")
    assert saved.project_file == tmp_path / "copy.outsole"
    assert saved.cost is kawung.cost and saved.sizing is kawung.sizing
    assert (tmp_path / "copy.outsole").is_file()


def test_a_changed_model_is_refused_or_accepted_with_a_warning(library, tmp_path):
    shutil.copy(PROJECT, tmp_path / "p.outsole")
    data = bytearray(MODEL.read_bytes())
    data[:12] = b"edited again"  # the STL header: same geometry, another file
    (tmp_path / MODEL.name).write_bytes(bytes(data))
    with pytest.raises(OutsoleError, match="changed since the project was saved") as caught:
        Design.open(tmp_path / "p.outsole", library)
    assert caught.value.path == str(tmp_path / MODEL.name)
    warnings = []
    d = Design.open(tmp_path / "p.outsole", library, accept_changed_model=True,
                    warn=lambda path, message: warnings.append((path, str(message))))  # fmt: skip
    assert d.model_file == tmp_path / MODEL.name
    assert warnings and "SHA-256 differs" in warnings[0][1]


def test_export_writes_every_file_with_the_users_file_mode(kawung, tmp_path):
    old = os.umask(0o022)
    try:
        files = export(kawung, tmp_path / "sheet", "en", use_gl=False)
    finally:
        os.umask(old)
    modes = {p.suffix: p.stat().st_mode & 0o777 for p in files.all}
    # The PDF, written by name through a temporary file, gets the same mode as the rest.
    assert modes[".pdf"] == modes[".xlsx"] == modes[".json"] == modes[".dxf"] == 0o644
    assert not [p for p in (tmp_path / "sheet").iterdir() if p.name.startswith(".")]


def test_grading_export_writes_meshes_and_the_table(kawung, tmp_path):
    files = export_grading(kawung, tmp_path / "graded", both_feet=True)
    assert len(files.meshes) == 14
    names = {p.name for p in files.meshes}
    assert {"casual-kawung-eu42-EU39-R.stl", "casual-kawung-eu42-EU39-L.stl"} <= names
    rows = files.table.read_text().splitlines()
    assert len(rows) == 1 + 7
    nominal = next(r for r in rows if r.startswith("EU 42"))
    mass = kawung.masses_g[kawung.sizing.nominal]
    assert str(mass) in nominal.split(",")
    analysis = analyze_file(tmp_path / "graded" / "casual-kawung-eu42-EU42-R.stl")
    assert analysis.volume_cm3 == pytest.approx(kawung.analysis.volume_cm3, rel=1e-5)
    with pytest.raises(OutsoleError, match="is a file"):
        export_grading(kawung, files.table, both_feet=False)


def test_an_edit_that_changes_nothing_is_no_edit(kawung):
    same = kawung.edit(size_run=kawung.project.size_run, foot=kawung.project.foot)
    assert same is kawung
    assert kawung.edit(profile=kawung.profile) is kawung


def test_a_new_size_run_trims_the_mould_plans_size_groups():
    from outsole_studio.core.production.sizes import parse_size_run
    from outsole_studio.io.library import Library

    example = Path(__file__).resolve().parents[2] / "examples" / "casual-kawung-eu42.outsole"
    with Library(None) as lib:
        d = Design.open(example, lib)
    assert d.project.techpack.moulds[0].size_groups == (("EU 44", "EU 45"),)
    shorter = d.edit(size_run=parse_size_run("EU39-44"))
    assert shorter.project.techpack.moulds[0].size_groups == ()
    assert [r.mould for r in shorter.cavities[0]] == [1, 2, 3, 4, 5, 6]


def test_the_outsoles_parting_line_is_its_own_bodys_widest_outline():
    from outsole_studio.core.geometry.parting import suggest_parting_line
    from outsole_studio.io.library import Library

    running = Path(__file__).resolve().parents[2] / "examples" / "running-eva-eu42.glb"
    with Library(None) as lib:
        d = Design.open(running, lib)
    a = d.analysis
    whole = suggest_parting_line(a.vertices_mm, a.faces).height_mm
    outsole_top = a.vertices_mm[a.faces[a.body_of_face == a.ground_body]][:, :, 2].max()
    assert d.parting.height_mm <= outsole_top + 1e-9 < whole  # under the midsole, not at it


def test_the_parting_line_is_computed_once_while_the_analysis_holds(monkeypatch):
    from dataclasses import replace as dc_replace

    from outsole_studio.io.library import Library

    calls = []
    real = design_module.suggest_parting_line
    monkeypatch.setattr(design_module, "suggest_parting_line",
                        lambda *a: calls.append(1) or real(*a))  # fmt: skip
    example = Path(__file__).resolve().parents[2] / "examples" / "casual-kawung-eu42.outsole"
    with Library(None) as lib:
        d = Design.open(example, lib)
    first = d.parting
    tp = d.project.techpack
    d = d.edit(techpack=dc_replace(tp, markings=()))  # a tech-pack edit: re-costs only
    d = d.edit(sheet=dc_replace(d.project.sheet, designer="Sari"))
    assert d.parting is first and calls == [1]
    d = d.edit(flip=not d.project.flip)  # a new reading: analysed again, so computed again
    assert d.parting is not first and calls == [1, 1]


def test_the_foot_is_known_before_the_run_is_graded(library):
    # The sheet's side view needs the foot before the grading: the same foot as the sizing's.
    right = Design.open(MODEL, library)
    left = Design.open(EXAMPLES / "casual-kawung-eu42-left.stl", library)
    assert right.foot == "right" and left.foot == "left"  # read from the outline
    assert "sizing" not in vars(right)  # not graded for it
    assert right.foot == right.sizing.foot and left.foot == left.sizing.foot
    told = right.edit(foot="left")
    assert told.foot == told.sizing.foot == "left"  # the project's, when given
