"""The spec sheet: PDF text and pages, Indonesian throughout, live XLSX formulas, DXF, JSON."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path

import ezdxf
import numpy as np
import pytest
from openpyxl import load_workbook

from outsole_studio.core.geometry.analyzer import analyze_model
from outsole_studio.core.geometry.model import LoadedModel, MeshPart
from outsole_studio.core.i18n import catalogue_path, parse_po, translator
from outsole_studio.core.production.grading import size_design
from outsole_studio.core.production.inputs import OrderLine, Pricing, Process, Tooling, ToolingLine
from outsole_studio.core.production.project import SheetInfo, starting_project
from outsole_studio.core.production.sizes import parse_size_run
from outsole_studio.io.library import preset_materials, preset_profiles
from outsole_studio.io.stl import read_stl
from outsole_studio.render.spec import write_spec
from outsole_studio.samples.generator import OutsoleParams, generate
from outsole_studio.workflow.design import Design
from tests.xlsx_eval import Workbook

ISSUED = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def spec():
    """A two-body design (rubber outsole, EVA midsole) with an order, costs and a lab result."""
    g = generate(OutsoleParams(size_eu=42, midsole_mm=6.0, tread="lugs", tread_depth_mm=3.0))
    parts = tuple(MeshPart(p.name, p.vertices, p.faces) for p in g.parts)
    analysis = analyze_model(LoadedModel("kawung.stl", "stl", parts))
    mats = {m.key: m for m in preset_materials()}
    project = starting_project(
        analysis, "kawung.stl", "ab" * 32, mats["nr-sbr"], mats["eva"], parse_size_run("EU40-44")
    )
    run = project.size_run
    project = replace(
        project,
        order=tuple(OrderLine(run.sizes[i], n) for i, n in ((1, 120), (2, 200), (3, 80))),
        process=Process(subcontract_idr_per_pair=D(6500), finishing_idr_per_pair=D(1500)),
        tooling=Tooling(D(12_000_000), (ToolingLine("pelat logo", D(1_500_000)),)),
        pricing=Pricing(D(15), D(20), D(15800)),
        quality_profile="ikm-rubber",
        lab_results={"abrasion": 95.0},
        sheet=SheetInfo("Sepatu Kawung", "Sari Dewi", "PT Sol Karet Jaya", "B", "Sampel pertama."),
    )
    profile = next(p for p in preset_profiles() if p.key == "ikm-rubber")
    design = Design(project, None, Path("kawung.stl"), analysis, profile)
    assert design.sizing == size_design(analysis, run)
    return design.spec(ISSUED)


@pytest.fixture(scope="module")
def written(spec, tmp_path_factory):
    out = {}
    for lang in ("en", "id"):
        folder = tmp_path_factory.mktemp(f"spec-{lang}")
        out[lang] = write_spec(spec, folder, lang, meshes=(lang == "en"))
    return out


def pdf_text(path: Path, layout: bool = False) -> str:
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def test_files_are_named_after_the_design(written, spec):
    files = written["en"]
    assert files.pdf.name == "sepatu-kawung-spec.pdf"
    assert files.xlsx.name == "sepatu-kawung-costing.xlsx"
    assert files.json.name == "sepatu-kawung.json"
    assert [p.name for p in files.dxf] == [
        f"sepatu-kawung-outline-EU{n}.dxf" for n in range(40, 45)
    ]
    assert len(files.meshes) == 10 and files.renderer.startswith("OpenGL")
    assert sorted(p.name for p in files.pdf.parent.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("lang", ["en", "id"])
def test_pdf_shows_the_numbers_of_the_json(written, spec, lang):
    t = translator(lang)
    doc = json.loads(written[lang].json.read_text())
    text = pdf_text(written[lang].pdf, layout=True)
    a = doc["analysis"]
    cost = doc["cost"]
    expected = [
        t.quantity(a["dimensions"]["length_mm"], "mm"),
        t.quantity(a["dimensions"]["width_mm"], "mm"),
        t.quantity(a["volume_cm3"], "cm³", 2),
        t.money(D(cost["average_idr_per_pair"])),
        t.money(D(cost["price_idr_per_pair"])),
        t.money(D(cost["total_idr"])),
        t.date(ISSUED),
        doc["design"]["project_id"],
        f"USD {t.number(D(cost['usd']['price_per_pair']), 2)}",
    ]
    for size in doc["sizes"]["graded"]:
        expected.append(t.number(size["length_mm"], 1))
        expected.append(t.number(size["mass_g_per_sole"], 1))
    for size in cost["sizes"]:
        expected.append(t.number(D(size["total_idr"]), 0))
    for rule in doc["quality"]["rules"]:
        expected.append(t(rule["label"]).split()[0])
    missing = [e for e in expected if e not in text]
    assert missing == []
    assert ("Page 1 of" if lang == "en" else "Halaman 1 dari") in text
    assert f"Sepatu Kawung · Rev. B · {t.date(ISSUED)}" in text


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_page_renders(written, lang, tmp_path):
    pdf = written[lang].pdf
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))
    assert 5 <= pages <= 11  # the quote has a page of its own
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True)
    assert "DejaVuSans" in fonts.stdout and " yes " in fonts.stdout  # embedded
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "p")], check=True)
    from PIL import Image

    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == pages
    for image in images:
        pixels = np.asarray(Image.open(image).convert("L"))
        assert pixels.min() < 100 and pixels.mean() > 150  # ink on a white page


def test_the_indonesian_sheet_has_no_english_left(written):
    text = pdf_text(written["id"].pdf)
    catalogue = parse_po(catalogue_path("id").read_text())
    # English words of the source strings that Indonesian does not use anywhere (loanwords such
    # as "outsole", "model" or "finishing" are Indonesian too).
    indonesian = {w.lower() for s in catalogue.values() for w in re.findall(r"[A-Za-z]+", s)}
    english_words = {
        w.lower()
        for msgid in catalogue
        for w in re.findall(r"[A-Za-z]{5,}", re.sub(r"\{[^}]*\}", "", msgid))
    } - indonesian
    assert len(english_words) > 150
    found = sorted(w for w in english_words if re.search(rf"\b{w}\b", text, re.IGNORECASE))
    assert found == []
    for word in ("the", "and", "of", "with", "from", "Page", "Size", "Cost"):
        assert not re.search(rf"\b{word}\b", text), word
    assert "Lembar spesifikasi outsole" in text and "Rp 12.000.000" in text


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_pdf_carries_the_quote(written, spec, lang):
    """Prices with and without tooling, per kodi, the moulds, capacity and lead time and the
    price breaks, read back from the PDF as the cost sheet computed them."""
    t = translator(lang)
    text = " ".join(pdf_text(written[lang].pdf, layout=True).split())
    c = spec.cost
    assert t("Quote") in text
    nominal = c.size_cost(spec.sizing.nominal)
    for s in (nominal, *[s for s in c.sizes if s.pairs]):
        assert t.money(s.price_idr_per_kodi) in text
        assert t.money(s.price_with_tooling_idr_per_kodi) in text
    assert t.money(20 * c.price_idr_per_pair) in text
    assert t.money(c.price_without_tooling_idr_per_pair) in text
    cap = c.capacity
    assert t.text("{days} working days; held back by {what}", days=cap.whole_days,
                  what=t("the presses")) in text  # fmt: skip
    assert t.text("{weeks} weeks for the moulds, then {days} working days", weeks="4",
                  days=cap.whole_days) in text  # fmt: skip
    assert [b.pairs for b in c.breaks] == [500, 1000, 2500, 5000]
    for b in c.breaks:
        row = f"{t.number(b.pairs, 0)} {t.money(b.price_idr_per_pair)} "
        assert row + f"{t.money(b.price_idr_per_kodi)} {t.money(b.total_idr)}" in text
    # Both bodies' moulds: an outsole mould and a midsole mould for each size ordered.
    assert t.text("body {b}, mould {m}", b=2, m=3) in text


def test_the_workbook_formulas_give_the_cost_model_totals(written, spec):
    wb = load_workbook(written["en"].xlsx)
    ws = wb.active
    book = Workbook(ws)
    labels = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}

    def value(label):
        return book.value(f"B{labels[label]}")

    c = spec.cost
    assert value("Pairs ordered") == c.pairs
    assert value("Order total (Rp)") == pytest.approx(float(c.total_idr), abs=0.01)
    assert value("Average cost per pair (Rp)") == pytest.approx(
        float(c.average_idr_per_pair), abs=1e-4
    )
    assert value("Quoted price per pair (Rp)") == pytest.approx(
        float(c.price_idr_per_pair), abs=1e-4
    )
    need = {n.material.key: float(n.kg) for n in c.needs}
    eva_row = next(r for label, r in labels.items() if str(label).startswith("EVA foam"))
    assert book.value(f"B{eva_row}") == pytest.approx(need["eva"], abs=1e-9)
    assert isinstance(ws[f"B{labels['Order total (Rp)']}"].value, str)  # a formula, not a number

    # Change the rubber price and an order quantity in the sheet: the totals follow, and agree
    # with the cost model given the same inputs.
    price_cell = next(
        f"D{r}"
        for r in range(1, ws.max_row + 1)
        if ws[f"B{r}"].value == "NR/SBR blend sole compound"
    )
    ws[price_cell] = 40000
    size_row = next(r for r in range(1, ws.max_row + 1) if ws[f"A{r}"].value == "EU 44")
    ws[f"B{size_row}"] = 50
    from outsole_studio.core.production.cost import cost_sheet

    inputs = spec.cost.inputs
    mats = tuple(
        replace(bm, material=replace(bm.material, price_idr_per_kg=D(40000)))
        if bm.material.key == "nr-sbr"
        else bm
        for bm in inputs.materials
    )
    eu44 = spec.sizing.run.sizes[-1]
    assert eu44.label == "EU 44" and eu44 not in {o.size for o in spec.project.order}
    order = (*spec.project.order, OrderLine(eu44, 50))  # a size not ordered before
    changed = cost_sheet(spec.sizing.graded, order, replace(inputs, materials=mats))
    book = Workbook(ws)
    assert value("Order total (Rp)") == pytest.approx(float(changed.total_idr), abs=0.01)
    assert value("Average cost per pair (Rp)") == pytest.approx(
        float(changed.average_idr_per_pair), abs=1e-4
    )


def _outline(msp, layer):
    (outline,) = msp.query(f"LWPOLYLINE[layer=='{layer}']")
    return np.array([p[:2] for p in outline.get_points()])


def _area(pts):
    x, y = pts[:, 0], pts[:, 1]
    return 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def test_each_dxf_passes_audit_and_carries_the_exact_outline_of_both_feet(written, spec):
    """Length and width equal the analysis within 0.01 mm, the area its outline area within
    0.05 %; the left foot is the right's mirror image; each foot is labelled."""
    a = spec.analysis
    assert spec.sizing.foot == "right"
    for path, g in zip(written["en"].dxf, spec.sizing.graded, strict=True):
        doc = ezdxf.readfile(path)
        auditor = doc.audit()
        assert not auditor.has_errors, [str(e) for e in auditor.errors]
        assert not auditor.fixes
        assert doc.header["$INSUNITS"] == 4
        msp = doc.modelspace()
        right, left = _outline(msp, "OUTLINE-RIGHT"), _outline(msp, "OUTLINE-LEFT")
        for pts in (right, left):
            assert np.ptp(pts[:, 0]) == pytest.approx(a.dimensions.length_mm * g.length_factor,
                                                      abs=0.01)  # fmt: skip
            assert np.ptp(pts[:, 1]) == pytest.approx(a.dimensions.width_mm * g.width_factor,
                                                      abs=0.01)  # fmt: skip
            area = a.footprint.area_mm2 * g.length_factor * g.width_factor
            assert _area(pts) == pytest.approx(area, rel=5e-4)
        # Mirror images: the left, reflected across a line along the length, is the right.
        mirrored = np.array([1.0, -1.0]) * left
        mirrored[:, 1] += right[:, 1].max() - mirrored[:, 1].max()
        assert len(mirrored) == len(right)
        assert np.allclose(np.sort(mirrored, axis=0), np.sort(right, axis=0), atol=1e-6)
        texts = [e.dxf.text for e in msp.query("TEXT")]
        assert any(g.size.label in x and "right" in x and "below" in x for x in texts)
        assert any(g.size.label in x and "left" in x and "below" in x for x in texts)
        assert len(msp.query("LWPOLYLINE[layer=='SECTIONS']")) >= 5
        assert len(msp.query("DIMENSION[layer=='DIMENSIONS']")) == 4
        # No slivers: every section piece is a real part of the cut.
        for e in msp.query("LWPOLYLINE[layer=='SECTIONS']"):
            pts = np.array([p[:2] for p in e.get_points()])
            assert len(pts) >= 4 and _area(pts) > 1.0


def test_dxf_dimensions_are_the_analysis(written, spec):
    doc = ezdxf.readfile(written["en"].dxf[2])  # EU42, the nominal size
    values = sorted(e.dxf.text for e in doc.modelspace().query("DIMENSION"))
    d = spec.analysis.dimensions
    assert f"{d.length_mm:.1f}" in values
    assert f"ball {d.ball_width_mm:.1f}" in values
    assert f"heel {d.heel_width_mm:.1f}" in values


def test_nested_dxf_has_every_size_on_its_layer(written, spec):
    doc = ezdxf.readfile(written["en"].nested_dxf)
    assert not doc.audit().has_errors
    msp = doc.modelspace()
    for g in spec.sizing.graded:
        pts = _outline(msp, "SIZE-" + g.size.label.replace(" ", ""))
        assert pts[:, 0].min() == pytest.approx(0.0, abs=1e-9)  # all aligned at the heel
        assert np.ptp(pts[:, 0]) == pytest.approx(g.length_mm, abs=0.01)


def test_json_has_everything_with_a_schema(written, spec):
    doc = json.loads(written["en"].json.read_text())
    assert doc["schema"] == "outsole-studio.spec/2"
    assert doc["design"]["designer"] == "Sari Dewi" and doc["design"]["revision"] == "B"
    assert doc["cost"]["total_idr"] == str(spec.cost.total_idr.quantize(D(1)))
    assert [m["role"] for m in doc["materials"]] == ["midsole", "outsole"] or [
        m["role"] for m in doc["materials"]
    ] == ["outsole", "midsole"]
    assert doc["quality"]["status"] in ("pass", "warn", "fail")
    abrasion = next(r for r in doc["quality"]["rules"] if r["key"] == "abrasion")
    assert abrasion["status"] == "pass" and abrasion["value"] == 95.0
    assert len(doc["sizes"]["graded"]) == 5


def test_graded_meshes_reload_with_their_dimensions(written, spec):
    for g in spec.sizing.graded:
        tag = g.size.label.replace(" ", "")
        for foot in ("R", "L"):
            model = read_stl(written["en"].pdf.parent / f"sepatu-kawung-{tag}-{foot}.stl")
            v = np.vstack([p.vertices for p in model.parts])
            assert np.ptp(v[:, 0]) == pytest.approx(g.length_mm, abs=1e-3)
            assert np.ptp(v[:, 1]) == pytest.approx(g.width_mm, abs=0.05)
            assert np.ptp(v[:, 2]) == pytest.approx(g.height_mm, abs=1e-4)


def test_without_gl_the_sheet_is_still_made(spec, tmp_path):
    files = write_spec(spec, tmp_path, "en", use_gl=False)
    assert files.renderer == "matplotlib"
    # Said in the file's properties; the title block is for the factory.
    info = subprocess.run(["pdfinfo", str(files.pdf)], capture_output=True, text=True).stdout
    assert "views drawn with matplotlib" in info
    assert "matplotlib" not in pdf_text(files.pdf)


def test_names_that_look_like_formulas_stay_text_in_the_workbook(spec, tmp_path):
    from dataclasses import replace as dc_replace

    from outsole_studio.core.production.inputs import BodyMaterial, ToolingLine
    from outsole_studio.render.workbook import write_xlsx

    p = spec.project
    bm = p.materials[0]
    hostile_material = BodyMaterial(bm.body, dc_replace(bm.material, name="=5+5"), bm.waste_pct)
    project = dc_replace(
        p,
        materials=(hostile_material, *p.materials[1:]),
        tooling=dc_replace(p.tooling, extras=(ToolingLine("=HYPERLINK(1)", D(1000)),)),
        sheet=dc_replace(p.sheet, design_name="=1+1"),
    )
    hostile = dc_replace(
        spec, project=project, cost=dc_replace(spec.cost, inputs=project.cost_inputs)
    )
    path = tmp_path / "hostile.xlsx"
    write_xlsx(hostile, path, translator("en"))
    ws = load_workbook(path).active
    texts = {
        c.value: c.data_type for row in ws.iter_rows() for c in row if isinstance(c.value, str)
    }
    for name in ("=5+5", "=HYPERLINK(1)", "=5+5, body 1 (kg)"):
        assert texts[name] == "s", name  # a string, never a live formula
    assert texts["Costing: =1+1"] == "s"
    # The workbook's own formulas are still formulas.
    assert any(t == "f" for t in texts.values())


@pytest.mark.parametrize("lang", ["en", "id"])
def test_drawing_page_prints_the_analysis(written, spec, lang):
    """The dimension values on the drawing page are the analysis's, in the sheet's language,
    read back from the PDF (the figures' text is text there, not outlines)."""
    t = translator(lang)
    text = pdf_text(written[lang].pdf)
    assert t("Dimensioned drawing") in text
    d = spec.analysis.dimensions
    plan = {p.kind: p for p in spec.drawing.plan}
    for value in (d.length_mm, d.ball_width_mm, d.heel_width_mm, plan["waist"].value_mm,
                  d.height_mm, spec.analysis.relief.tread_depth_mm):  # fmt: skip
        assert t.quantity(value, "mm", 1) in text
    assert len(spec.drawing.sections) == 5
    for s in spec.drawing.sections:
        assert t.quantity(s.width_mm, "mm", 1) in text  # at the cut line on the plan
        assert f"{s.letter}-{s.letter}" in text
        assert t.text("floor {v}", v=t.quantity(s.measures.floor_mm, "mm", 1)) in text
        assert t.quantity(s.measures.total_mm, "mm", 1) in text


@pytest.mark.parametrize("policy", ["order", "lifetime", "separate"])
def test_the_workbook_follows_each_tooling_policy_to_the_rupiah(spec, tmp_path, policy):
    """The cost model under each tooling policy, and the workbook recalculated, agree; then the
    policy is changed in the sheet and it agrees with the model again."""
    from outsole_studio.core.production.cost import cost_sheet
    from outsole_studio.render.workbook import write_xlsx

    tooling = replace(spec.project.tooling, policy=policy, lifetime_pairs=20_000)
    project = replace(spec.project, tooling=tooling)
    sheet = cost_sheet(spec.sizing.graded, project.order, project.cost_inputs)
    path = tmp_path / f"{policy}.xlsx"
    write_xlsx(replace(spec, project=project, cost=sheet), path, translator("en"))
    ws = load_workbook(path).active
    labels = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}

    def check(c):
        book = Workbook(ws)
        figures = {
            "Order total (Rp)": c.total_idr,
            "Average cost per pair (Rp)": c.average_idr_per_pair,
            "Quoted price per pair (Rp)": c.price_idr_per_pair,
            "Moulds and tooling, billed once (Rp)": c.tooling_billed_idr,
        }
        for label, figure in figures.items():
            assert book.value(f"B{labels[label]}") == pytest.approx(float(figure), abs=0.5), label

    check(sheet)
    if policy == "separate":
        # 3 sizes ordered, each with an outsole mould and a midsole mould, and the logo plate.
        assert sheet.tooling_billed_idr == D(12_000_000) * 6 + D(1_500_000)
        # No size carries tooling: two sizes differ by their compound and process alone.
        a, b = [s for s in sheet.sizes if s.pairs][:2]
        assert a.cost_idr_per_pair == a.variable_idr_per_pair
        assert b.cost_idr_per_pair - a.cost_idr_per_pair == (b.variable_idr_per_pair
                                                             - a.variable_idr_per_pair)  # fmt: skip
    if policy == "lifetime":
        # Every pair carries (6 moulds + logo plate) / 20,000 pairs.
        share = (D(12_000_000) * 6 + D(1_500_000)) / 20_000
        assert {s.mould_idr_per_pair + s.tooling_idr_per_pair for s in sheet.sizes} == {share}
    # Switch the policy in the sheet: it agrees with the model under the new policy.
    other = {"order": "separate", "lifetime": "order", "separate": "lifetime"}[policy]
    ws[f"B{labels['Tooling policy (separate, lifetime, order)']}"] = other
    inputs = replace(project.cost_inputs, tooling=replace(tooling, policy=other))
    check(cost_sheet(spec.sizing.graded, project.order, inputs))


def test_figures_drawn_in_the_helper_make_the_same_sheet(spec, tmp_path):
    # The figures drawn in the helper process and drawn here lay out the same pages and text.
    from outsole_studio.core.i18n import translator
    from outsole_studio.render.glview import render_views
    from outsole_studio.render.helper_process import SheetProcesses
    from outsole_studio.render.pdf_parts import Later
    from outsole_studio.render.spec import VIEW_SIZES, body_parts
    from outsole_studio.render.spec_pdf import SheetWriter

    drawn = render_views(body_parts(spec.analysis, spec.project.materials), VIEW_SIZES,
                         use_gl=False)  # fmt: skip
    with SheetProcesses.start() as helpers:
        assert helpers.figures is not None and helpers.views is not None
        texts = []
        for name, pool in (("here", None), ("helper", helpers.figures)):
            writer = SheetWriter(spec, translator("en"), lambda: drawn, pool)
            story = writer.story()
            later = [f for f in story if isinstance(f, Later)]
            assert len(later) == (0 if pool is None else 12)  # every figure went to the helper
            writer.build(story, tmp_path / f"{name}.pdf")
            texts.append(pdf_text(tmp_path / f"{name}.pdf"))
    assert texts[0] == texts[1]
    assert texts[0].count("\f") >= 10


def test_a_figure_the_helper_cannot_draw_is_drawn_here():
    from concurrent.futures import Future

    from reportlab.graphics.shapes import Drawing

    from outsole_studio.render.pdf_parts import Later

    failed: Future[Drawing] = Future()
    failed.set_exception(RuntimeError("the helper process ended"))
    later = Later(failed, lambda: Drawing(120, 80))
    assert later.wrap(500, 500) == (120, 80)


def test_a_process_with_one_cores_share_draws_its_own_figures(monkeypatch):
    # A batch's worker (one core's share) starts no helper: the cores are busy with the others.
    from outsole_studio.render.helper_process import SheetProcesses

    monkeypatch.setattr("outsole_studio.core.geometry.chunked.workers", lambda: 1)
    with SheetProcesses.start() as helpers:
        assert helpers.figures is None
        assert helpers.views is not None  # the views still draw beside the sheet


def test_reportlab_runs_with_its_c_accelerators():
    # rl_accel is a declared dependency: without it reportlab formats every number of the PDF
    # in Python (0.1 s of a 1.3 M-triangle sheet).
    from reportlab.lib import rl_accel

    assert type(rl_accel.fp_str).__name__ == "builtin_function_or_method"
    assert rl_accel.fp_str(1.23456789, 2.0) == "1.234568 2"
