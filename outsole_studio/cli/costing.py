"""``outsole-studio grade``, ``cost`` and ``project new``: sizes, money and the project file.

All three take a model file or a ``.outsole`` project, plus options that override the project's
inputs; the numbers come from the core pipeline (grading, cost model), never from here.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from ..core.errors import OutsoleError
from ..core.geometry.analysis import Analysis, AnalysisOptions
from ..core.geometry.model import UNIT_TO_MM
from ..core.production.cost import (
    BodyMaterial,
    CostSheet,
    Pricing,
    Process,
    Tooling,
    ToolingLine,
    cost_notes,
    parse_order,
    sole_mass_g,
)
from ..core.production.grading import GradingRule, Sizing, graded_vertices, mirrored
from ..core.production.materials import parse_decimal
from ..core.production.project import Project, starting_project, with_model
from ..core.production.sizes import SizeSettings, parse_size, parse_size_run
from ..io.library import Library
from ..io.pipeline import analyze_file
from ..io.project import (
    PROJECT_SUFFIX,
    check_model,
    file_sha256,
    load_project,
    resolve_model_path,
    save_project,
)
from ..io.session import DEFAULT_MIDSOLE, DEFAULT_OUTSOLE, DEFAULT_PROFILE
from ..io.stl import write_stl
from ..io.tables import graded_csv, read_grading_csv, read_order_csv, write_text_file
from .common import EXIT_ERROR, EXIT_OK, idr, lang, num, report_error, short, tr, warn
from .materials import add_library_option


def input_options(p: argparse.ArgumentParser, costing: bool) -> None:
    p.add_argument("input", metavar="FILE|PROJECT", help=tr("a mesh file or a .outsole project"))
    add_library_option(p)
    g = p.add_argument_group(tr("reading the model"))
    g.add_argument("--units", choices=sorted(UNIT_TO_MM), help=tr("the file's unit"))
    g.add_argument("--flip", action="store_true", default=None, help=tr("turn the sole over"))
    g.add_argument("--reverse", action="store_true", default=None, help=tr("swap heel and toe"))
    g = p.add_argument_group(tr("sizes"))
    g.add_argument(
        "--sizes", metavar="RUN", help=tr("size run, e.g. EU36-45, UK6-11/0.5, EU38,40,42")
    )
    g.add_argument(
        "--nominal",
        metavar="SIZE",
        help=tr("the model's size, e.g. EU42 (default: inferred from its length)"),
    )
    g.add_argument("--foot", choices=("right", "left"), help=tr("the foot the model is for"))
    g.add_argument("--toe-allowance", type=float, metavar="MM", help=tr("last minus foot length"))
    g.add_argument("--sole-extra", type=float, metavar="MM", help=tr("outsole minus last length"))
    g.add_argument("--length-step", type=float, metavar="MM", help=tr("length added per size"))
    g.add_argument("--width-step", type=float, metavar="MM", help=tr("width added per size"))
    g.add_argument(
        "--grading-table",
        metavar="CSV",
        help=tr("size,length_factor,width_factor per size (replaces the steps)"),
    )
    g = p.add_argument_group(tr("materials"))
    g.add_argument(
        "--material",
        action="append",
        metavar="[BODY=]KEY",
        help=tr("library material of the sole, or of one body (repeatable)"),
    )
    g.add_argument(
        "--price",
        action="append",
        metavar="KEY=IDR",
        help=tr("compound price per kg for this run (repeatable)"),
    )
    g.add_argument(
        "--waste",
        action="append",
        metavar="[BODY=]PCT",
        help=tr("waste and flash, percent of the net mass"),
    )
    if not costing:
        return
    g = p.add_argument_group(tr("process, tooling and order"))
    g.add_argument(
        "--subcontract", metavar="IDR", help=tr("pressing price per pair (sole factory)")
    )
    g.add_argument("--cycle-time", metavar="S", help=tr("own press: seconds per cycle"))
    g.add_argument("--machine-rate", metavar="IDR", help=tr("own press: Rupiah per hour"))
    g.add_argument(
        "--pairs-per-cycle", type=int, metavar="N", help=tr("own press: pairs per cycle")
    )
    g.add_argument("--finishing", metavar="IDR", help=tr("trimming and finishing per pair"))
    g.add_argument("--mould", metavar="IDR", help=tr("mould cost per size (one L+R mould)"))
    g.add_argument(
        "--tooling",
        action="append",
        metavar="NAME=IDR",
        help=tr("one-off tooling line, e.g. 'logo plate=1500000' (repeatable)"),
    )
    g.add_argument("--order", metavar="SIZE:PAIRS,...", help='e.g. "39:50,40:120,41:150"')
    g.add_argument("--order-csv", metavar="CSV", help=tr("order as CSV with columns size,pairs"))
    g.add_argument("--overhead", metavar="PCT", help=tr("overhead on cost, percent"))
    g.add_argument("--margin", metavar="PCT", help=tr("margin, percent of the quoted price"))
    g.add_argument("--usd-rate", metavar="IDR", help=tr("Rupiah per US dollar, to show USD too"))


def add_parsers(sub: Any) -> None:
    """Add ``grade``, ``cost`` and ``project``."""
    p = sub.add_parser(
        "grade",
        help=tr("make the outsole in every size of a run and measure each"),
        description=tr(
            "Grade an outsole over a size run (length by the size step, width by the width "
            "step or a grading table; thickness and tread unchanged), write one mesh per "
            "size and a table of per-size measurements."
        ),
    )
    input_options(p, costing=False)
    p.add_argument("--out", required=True, metavar="DIR", help=tr("folder to write into"))
    p.add_argument("--both-feet", action="store_true", help=tr("write left and right meshes"))
    p.add_argument("--debug", action="store_true", help=tr("show tracebacks of errors"))

    p = sub.add_parser(
        "cost",
        help=tr("cost an order size by size, in Rupiah"),
        description=tr(
            "Compound mass per size, material, pressing, finishing and tooling per "
            "pair, totals for the order, compound to buy, quoted price and sensitivity."
        ),
    )
    input_options(p, costing=True)
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.add_argument(
        "--accept-changed-model",
        action="store_true",
        help=tr("use the project's model file even if it changed since the project was saved"),
    )
    p.add_argument("--debug", action="store_true", help=tr("show tracebacks of errors"))

    p = sub.add_parser("project", help=tr("make a project file"), description=tr("Project files."))
    acts = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    a = acts.add_parser(
        "new",
        help=tr("write a starting project for a model"),
        description=tr(
            "Analyse a model and write a .outsole project with the sizes, materials "
            "and costing inputs given (defaults otherwise)."
        ),
    )
    input_options(a, costing=True)
    a.add_argument("-o", "--output", required=True, metavar="X.outsole", help=tr("project file"))
    a.add_argument("--design-name")
    a.add_argument("--designer")
    a.add_argument("--partner")
    a.add_argument("--revision")
    a.add_argument("--profile", metavar="KEY", help=f"quality profile (default {DEFAULT_PROFILE})")
    a.add_argument("--force", action="store_true", help=tr("replace an existing project file"))
    a.add_argument("--debug", action="store_true", help=tr("show tracebacks of errors"))
    a = acts.add_parser(
        "relink",
        help=tr("point a project at its model again (moved or changed)"),
        description=tr(
            "Record the model file's current location and SHA-256 in the project, "
            "after checking that the model can be read."
        ),
    )
    a.add_argument("input", metavar="PROJECT", help=tr("the .outsole project"))
    a.add_argument("model", nargs="?", help=tr("the model file (default: the one it names)"))
    a.add_argument("--debug", action="store_true", help=tr("show tracebacks of errors"))


@dataclass(frozen=True)
class Design:
    project: Project
    model_file: Path
    analysis: Analysis
    sizing: Sizing


def _split(text: str, what: str) -> tuple[str | None, str]:
    """``BODY=VALUE`` or ``VALUE``."""
    left, sep, right = text.partition("=")
    if not sep:
        return None, text.strip()
    if not left.strip() or not right.strip():
        raise OutsoleError(f"{what} {text!r} must be VALUE or BODY=VALUE")
    return left.strip(), right.strip()


def _body_index(text: str, n_bodies: int, what: str) -> int:
    try:
        body = int(text)
    except ValueError:
        raise OutsoleError(f"{what}: body {text!r} must be a body number (1, 2...)") from None
    if not 1 <= body <= n_bodies:
        raise OutsoleError(f"{what}: the model has no body {body} (its bodies: {n_bodies})")
    return body - 1


def _apply_materials(
    project: Project, args: argparse.Namespace, lib: Library, n_bodies: int
) -> Project:
    mats = {bm.body: bm for bm in project.materials}
    for item in args.material or ():
        body, key = _split(item, "--material")
        m = lib.material(key)
        targets = range(n_bodies) if body is None else [_body_index(body, n_bodies, "--material")]
        for b in targets:
            mats[b] = BodyMaterial(b, m, m.waste_pct)
    for item in args.waste or ():
        body, pct = _split(item, "--waste")
        waste = parse_decimal(pct, "--waste")
        targets = range(n_bodies) if body is None else [_body_index(body, n_bodies, "--waste")]
        for b in targets:
            if b in mats:
                mats[b] = BodyMaterial(b, mats[b].material, waste)
    for item in args.price or ():
        key, price_text = _split(item, "--price")
        if key is None:
            raise OutsoleError(f"--price {item!r} must be KEY=IDR, e.g. nr-sbr=36000")
        price = parse_decimal(price_text, "--price")
        hit = False
        for b, bm in list(mats.items()):
            if bm.material.key == key:
                m = bm.material.with_changes(price_idr_per_kg=price, price_is_placeholder=False)
                mats[b] = BodyMaterial(b, m, bm.waste_pct)
                hit = True
        if not hit:
            raise OutsoleError(f"--price {item!r}: no body of this design is made of {key!r}")
    return replace(project, materials=tuple(mats[b] for b in sorted(mats)))


def _dec(value: str | None, what: str, default: Decimal) -> Decimal:
    return default if value is None else parse_decimal(value, what)


def _apply_options(
    project: Project, args: argparse.Namespace, lib: Library, n_bodies: int
) -> Project:
    """The project with every option given on the command line applied."""
    changes: dict[str, Any] = {}
    if args.units is not None:
        changes["units"] = args.units
    if args.flip is not None:
        changes["flip"] = args.flip
    if args.reverse is not None:
        changes["reverse"] = args.reverse
    run = parse_size_run(args.sizes) if args.sizes else project.size_run
    changes["size_run"] = run
    if args.nominal:
        changes["nominal"] = parse_size(args.nominal, run.system)
    if args.foot:
        changes["foot"] = args.foot
    s = project.size_settings
    changes["size_settings"] = SizeSettings(
        s.toe_allowance_mm if args.toe_allowance is None else args.toe_allowance,
        s.sole_extra_mm if args.sole_extra is None else args.sole_extra,
    )
    g = project.grading
    if args.grading_table:
        g = GradingRule(factors=read_grading_csv(args.grading_table, run.system))
    elif args.length_step is not None or args.width_step is not None:
        g = GradingRule(
            length_step_mm=g.length_step_mm if args.length_step is None else args.length_step,
            width_step_mm=g.width_step_mm if args.width_step is None else args.width_step,
        )
    changes["grading"] = g
    if hasattr(args, "order"):
        if args.order and args.order_csv:
            raise OutsoleError("give the order either with --order or with --order-csv")
        if args.order:
            changes["order"] = parse_order(args.order, run)
        elif args.order_csv:
            changes["order"] = read_order_csv(args.order_csv, run)
        elif args.sizes:
            # Keep the saved order where its sizes are still in the run.
            keep = {sz.value for sz in run.sizes}
            changes["order"] = tuple(ln for ln in project.order if ln.size.value in keep)
        p = project.process
        kind = p.kind
        if args.subcontract is not None:
            kind = "subcontract"
        elif args.cycle_time is not None or args.machine_rate is not None:
            kind = "machine"
        changes["process"] = Process(
            kind=kind,
            subcontract_idr_per_pair=_dec(
                args.subcontract, "--subcontract", p.subcontract_idr_per_pair
            ),
            cycle_time_s=_dec(args.cycle_time, "--cycle-time", p.cycle_time_s),
            machine_rate_idr_per_hour=_dec(
                args.machine_rate, "--machine-rate", p.machine_rate_idr_per_hour
            ),
            pairs_per_cycle=p.pairs_per_cycle
            if args.pairs_per_cycle is None
            else args.pairs_per_cycle,
            finishing_idr_per_pair=_dec(args.finishing, "--finishing", p.finishing_idr_per_pair),
        )
        t = project.tooling
        extras = t.extras
        if args.tooling:
            extras = tuple(
                ToolingLine(
                    *(lambda n, v: (n or "", parse_decimal(v, "--tooling")))(
                        *_split(x, "--tooling")
                    )
                )
                for x in args.tooling
            )
        changes["tooling"] = Tooling(_dec(args.mould, "--mould", t.mould_idr_per_size), extras)
        pr = project.pricing
        changes["pricing"] = Pricing(
            overhead_pct=_dec(args.overhead, "--overhead", pr.overhead_pct),
            margin_pct=_dec(args.margin, "--margin", pr.margin_pct),
            idr_per_usd=pr.idr_per_usd
            if args.usd_rate is None
            else parse_decimal(args.usd_rate, "--usd-rate"),
        )
    project = replace(project, **changes)
    return _apply_materials(project, args, lib, n_bodies)


def open_design(args: argparse.Namespace, lib: Library, err: TextIO) -> Design:
    """Load the project (or make one for a bare model), analyse the model, apply the options."""
    src = Path(args.input)
    if src.suffix == PROJECT_SUFFIX:
        project = load_project(src)
        check = check_model(project, src)
        if check.status != "ok":
            if check.status == "missing" or not getattr(args, "accept_changed_model", False):
                raise OutsoleError(check.message, str(check.path))
            warn(check.path, check.message, err)
        model_file = check.path
    else:
        model_file = src
        project = None
    reading = project or Project("", "", parse_size_run("EU42"), ())
    options = AnalysisOptions(
        units=args.units if args.units is not None else reading.units,
        flip=args.flip if args.flip is not None else reading.flip,
        reverse=args.reverse if args.reverse is not None else reading.reverse,
        contact_tolerance_mm=reading.contact_tolerance_mm,
    )
    analysis = analyze_file(model_file, options)
    if project is None:
        project = starting_project(
            analysis,
            str(model_file),
            file_sha256(model_file),
            lib.material(DEFAULT_OUTSOLE),
            lib.material(DEFAULT_MIDSOLE),
        )
    project = _apply_options(project, args, lib, len(analysis.bodies))
    return Design(project, model_file, analysis, project.sized(analysis))


def sizing_line(s: Sizing, a: Analysis) -> str:
    """Nominal size, foot and run, and where each came from."""
    if s.nominal_source == "given":
        nominal = tr("nominal {size} (given)", size=s.nominal.label)
    else:
        nominal = tr(
            "nominal {size} (inferred from the {length} mm length)",
            size=s.nominal.label,
            length=num(a.dimensions.length_mm, 1),
        )
    side = {"right": tr("right"), "left": tr("left")}.get(s.foot or "", "")
    foot = {
        "given": tr("{side} foot (given)", side=side),
        "outline": tr("{side} foot (from the arch)", side=side),
        "unknown": tr("foot not told by the outline (give --foot)"),
    }[s.foot_source]
    return tr("{nominal}; {foot}; run {run}", nominal=nominal, foot=foot, run=s.run.text)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``grade``, ``cost`` or ``project new|relink``."""
    try:
        if args.command == "project" and args.action == "relink":
            return _relink(args, out)
        with Library(args.library) as lib:
            design = open_design(args, lib, err)
            if args.command == "grade":
                return _grade(design, args, out)
            if args.command == "cost":
                return _cost(design, args, out)
            return _project_new(design, args, lib, out)
    except OutsoleError as exc:
        report_error(args.input, exc, args.debug, err)
        return EXIT_ERROR
    except MemoryError as exc:
        report_error(args.input, exc, args.debug, err)
        return EXIT_ERROR


def _grade(d: Design, args: argparse.Namespace, out: TextIO) -> int:
    folder = Path(args.out)
    if folder.exists() and not folder.is_dir():
        raise OutsoleError("is a file; give a folder to write the graded meshes into", str(folder))
    s = d.sizing
    if args.both_feet and s.foot is None:
        raise OutsoleError(
            "cannot tell left from right on this outline; give --foot right or --foot left"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutsoleError(f"cannot be created: {exc.strerror or exc}", str(folder)) from None
    stem = Path(d.model_file).stem
    a = d.analysis
    other = {"right": "left", "left": "right"}
    written = 0
    for g in s.graded:
        v = graded_vertices(a.vertices_mm, g.length_factor, g.width_factor)
        tag = g.size.label.replace(" ", "")
        feet = [(s.foot, v, a.faces)]
        if args.both_feet and s.foot is not None:
            mv, mf = mirrored(v, a.faces)
            feet.append((other[s.foot], mv, mf))
        for foot, verts, faces in feet:
            suffix = f"-{foot[0].upper()}" if foot else ""
            path = folder / f"{stem}-{tag}{suffix}.stl"
            try:
                write_stl(
                    path, verts[faces], header=f"Outsole Studio graded {g.size.label} {foot or ''}"
                )
            except OSError as exc:
                raise OutsoleError(f"cannot be written: {exc.strerror or exc}", str(path)) from None
            written += 1
    densities = _densities(d.project, len(a.bodies))
    table = folder / f"{stem}-grading.csv"
    write_text_file(table, graded_csv(s.graded, densities))
    out.write(sizing_line(s, a) + "\n")
    heads = [tr("size"), tr("length"), tr("width"), tr("ball"), tr("heel"), tr("volume"),
             tr("sole"), tr("pair")]  # fmt: skip
    units = ["", "mm", "mm", "mm", "mm", "cm3", "g", "g"]
    widths = [9, 9, 9, 9, 9, 10, 9, 9]
    for row in (heads, units):
        out.write(
            "".join(
                f"{c:<{w}}" if i == 0 else f"{c:>{w}}"
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
            + "\n"
        )
    for g in s.graded:
        mass = _sole_mass(g.body_volumes_cm3, densities)
        cells = [
            g.size.label + (" *" if g.nominal else ""),
            num(g.length_mm, 1),
            num(g.width_mm, 1),
            num(g.ball_width_mm, 1),
            num(g.heel_width_mm, 1),
            "" if g.volume_cm3 is None else num(g.volume_cm3, 2),
            "" if mass is None else num(mass, 1),
            "" if mass is None else num(2 * mass, 1),
        ]
        out.write(
            "".join(
                f"{c:<{w}}" if i == 0 else f"{c:>{w}}"
                for i, (c, w) in enumerate(zip(cells, widths, strict=True))
            )
            + "\n"
        )
    mats = ", ".join(
        tr("body {n} {key}", n=bm.body + 1, key=bm.material.key) for bm in d.project.materials
    )
    out.write(tr("* nominal size; mass with {materials}", materials=mats) + "\n")
    out.write(
        tr("wrote {n} meshes and {table} into {folder}", n=written, table=table.name,
           folder=folder) + "\n"
    )  # fmt: skip
    return EXIT_OK


def _sole_mass(
    volumes_cm3: tuple[float | None, ...], densities: list[float] | None
) -> Decimal | None:
    if densities is None or any(v is None for v in volumes_cm3):
        return None
    return sum(
        (sole_mass_g(v or 0.0, dn) for v, dn in zip(volumes_cm3, densities, strict=True)),
        Decimal(0),
    )


def _densities(project: Project, n_bodies: int) -> list[float] | None:
    by_body = {bm.body: bm.material.density_g_cm3 for bm in project.materials}
    if set(by_body) != set(range(n_bodies)):
        return None
    return [by_body[b] for b in range(n_bodies)]


def _project_new(d: Design, args: argparse.Namespace, lib: Library, out: TextIO) -> int:
    path = Path(args.output)
    if path.exists() and not args.force:
        raise OutsoleError("already exists; give --force to replace it", str(path))
    profile = lib.profile(args.profile or d.project.quality_profile or DEFAULT_PROFILE)
    sheet = d.project.sheet
    sheet = replace(
        sheet,
        design_name=args.design_name if args.design_name is not None else sheet.design_name,
        designer=args.designer if args.designer is not None else sheet.designer,
        partner=args.partner if args.partner is not None else sheet.partner,
        revision=args.revision if args.revision is not None else sheet.revision,
    )
    project = replace(
        d.project,
        sheet=sheet,
        nominal=d.sizing.nominal,
        foot=d.sizing.foot,
        quality_profile=profile.key,
    )
    saved = save_project(project, path, model_file=d.model_file)
    mats = ", ".join(
        tr("body {n} {key}", n=bm.body + 1, key=bm.material.key) for bm in saved.materials
    )
    out.write(
        tr("wrote {path}: model {model}, {sizing}, {materials}", path=path,
           model=saved.model_path, sizing=sizing_line(d.sizing, d.analysis), materials=mats)
        + "\n"
    )  # fmt: skip
    return EXIT_OK


def _relink(args: argparse.Namespace, out: TextIO) -> int:
    path = Path(args.input)
    project = load_project(path)
    model = Path(args.model) if args.model else resolve_model_path(project, path)
    analysis = analyze_file(model, AnalysisOptions(units=project.units, relief=False))
    if len(analysis.bodies) < len(project.materials):
        raise OutsoleError(
            f"has {len(analysis.bodies)} bodies but the project gives materials for "
            f"{len(project.materials)}: is it the right model?",
            str(model),
        )
    saved = save_project(with_model(project, "", file_sha256(model)), path, model_file=model)
    out.write(
        tr("{path}: now linked to {model} (SHA-256 {sha}...)", path=path,
           model=saved.model_path, sha=saved.model_sha256[:12]) + "\n"
    )  # fmt: skip
    return EXIT_OK


def _cost(d: Design, args: argparse.Namespace, out: TextIO) -> int:
    sheet = d.project.costed(d.sizing)
    if args.json:
        doc = {
            "schema": "outsole-studio.cost/1",
            "model": str(d.model_file),
            "nominal": d.sizing.nominal.label,
            "nominal_source": d.sizing.nominal_source,
            "foot": d.sizing.foot,
            "size_run": d.sizing.run.text,
            **sheet.to_dict(),
            "notes": cost_note_lines(sheet),
        }
        out.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    out.write(format_cost(d, sheet) + "\n")
    return EXIT_OK


def cost_note_lines(sheet: CostSheet) -> list[str]:
    """The cost sheet's notes in the language in use, money as Rupiah."""
    return [n.render(lang()) for n in cost_notes(sheet)]


def format_cost(d: Design, sheet: CostSheet) -> str:
    """The cost sheet as a readable table, in the language in use."""
    inputs = sheet.inputs
    p = inputs.process
    lines = [
        tr("Cost sheet: {model}", model=d.model_file.name),
        f"  {sizing_line(d.sizing, d.analysis)}",
    ]
    for bm in inputs.materials:
        m = bm.material
        lines.append(
            tr(
                "  body {n}: {name} ({key}), {density} g/cm3, {price}/kg{placeholder}, "
                "waste {waste} %",
                n=bm.body + 1,
                name=lang()(m.name),
                key=m.key,
                density=short(m.density_g_cm3),
                price=idr(m.price_idr_per_kg),
                placeholder=tr(" (placeholder)") if m.price_is_placeholder else "",
                waste=short(bm.waste_pct),
            )
        )
    if p.kind == "subcontract":
        press = tr("subcontract {price} per pair", price=idr(p.subcontract_idr_per_pair))
    else:
        press = tr(
            "own press {cycle} s x {rate}/h / {pairs} pair(s) = {price} per pair",
            cycle=num(p.cycle_time_s, 0),
            rate=idr(p.machine_rate_idr_per_hour),
            pairs=p.pairs_per_cycle,
            price=idr(p.pressing_idr_per_pair),
        )
    lines.append(
        tr(
            "  pressing: {how}; finishing {price} per pair",
            how=press,
            price=idr(p.finishing_idr_per_pair),
        )
    )
    extras = "".join(f"; {t.name} {idr(t.cost_idr)}" for t in inputs.tooling.extras)
    lines.append(
        tr(
            "  tooling: mould {price} per size ordered",
            price=idr(inputs.tooling.mould_idr_per_size),
        )
        + extras
    )
    lines.append("")
    heads = [
        tr("size"),
        tr("pairs"),
        tr("sole g"),
        tr("material"),
        tr("pressing"),
        tr("finish"),
        tr("mould"),
        tr("tooling"),
        tr("per pair"),
        tr("total"),
    ]
    widths = [
        max(w, len(h) + 1) for w, h in zip((8, 6, 9, 11, 10, 9, 9, 9, 11, 15), heads, strict=True)
    ]

    def row(cells: list[str]) -> str:
        return "  " + "".join(
            f"{c:<{w}}" if i == 0 else f"{c:>{w}}"
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    head = row(heads)
    rule = "  " + "-" * (len(head) - 2)
    lines += [head, rule]
    for s in sheet.sizes:
        lines.append(
            row(
                [
                    s.size.label,
                    num(s.pairs, 0),
                    num(s.net_g_per_sole, 1),
                    num(s.material_idr_per_pair, 0),
                    num(s.pressing_idr_per_pair, 0),
                    num(s.finishing_idr_per_pair, 0),
                    num(s.mould_idr_per_pair, 0),
                    num(s.tooling_idr_per_pair, 0),
                    num(s.cost_idr_per_pair, 0),
                    num(s.total_idr, 0),
                ]
            )
        )
    lines.append(rule)
    lines.append(row([tr("order"), num(sheet.pairs, 0), *[""] * 7, num(sheet.total_idr, 0)]))
    lines.append("")
    pricing = inputs.pricing

    def usd(value: Decimal) -> str:
        converted = sheet.usd(value)
        return "" if converted is None else f"  (USD {num(converted, 2)})"

    labels = (tr("average cost per pair"), tr("quoted price per pair"), tr("order total"))
    label_width = max(24, *(len(x) + 1 for x in labels))
    lines += [
        f"  {tr('average cost per pair'):<{label_width}} {idr(sheet.average_idr_per_pair)}"
        + usd(sheet.average_idr_per_pair),
        f"  {tr('overhead {pct} %', pct=short(pricing.overhead_pct)):<{label_width}} "
        f"{idr(sheet.overhead_idr_per_pair)}",
        f"  {tr('quoted price per pair'):<{label_width}} {idr(sheet.price_idr_per_pair)} "
        + tr("(margin {pct} % of the price)", pct=short(pricing.margin_pct))
        + usd(sheet.price_idr_per_pair),
        f"  {tr('order total'):<{label_width}} {idr(sheet.total_idr)}" + usd(sheet.total_idr),
    ]
    if sheet.pairs:
        lines.append(tr("  compound to buy:"))
        for n in sheet.needs:
            lines.append(f"    {lang()(n.material.name)}: {num(n.kg, 2)} kg ({idr(n.cost_idr)})")
        lines.append(tr("  sensitivity (average cost per pair):"))
        for c in sheet.sensitivity:
            sign = "+" if c.change_idr_per_pair >= 0 else "-"
            change = idr(abs(c.change_idr_per_pair))
            lines.append(f"    {lang()(c.label):<22} {idr(c.cost_idr_per_pair)} ({sign}{change})")
    notes = cost_note_lines(sheet)
    if notes:
        lines.append(tr("  notes:"))
        lines += [f"    - {n}" for n in notes]
    return "\n".join(lines)
