"""``outsole-studio grade``, ``cost`` and ``project new|relink``: sizes, money and the project.

All take a model file or a ``.outsole`` project, plus options that override the project's
inputs (:mod:`.options`); the numbers come from the workflow's design, never from here.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..core.errors import OutsoleError
from ..core.production.costsheet import CostSheet, cost_notes
from ..core.production.requirements import DEFAULT_PROFILE
from ..core.production.techpack import REVISION_STAGES
from ..io import jsonout
from ..io.library import Library
from .commands import summary
from .common import EXIT_OK, date_option, idr, lang, num, short, tr
from .options import input_options, open_design, sizing_line

if TYPE_CHECKING:  # imported where used: a command loads only what it runs
    from ..workflow.design import Design


def add_parsers(sub: Any) -> None:
    """Add ``grade``, ``cost`` and ``project``."""
    p = sub.add_parser(
        "grade",
        help=summary("grade"),
        description=tr(
            "Grade an outsole over a size run (length by the size step, width by the width "
            "step or a grading table; thickness and tread unchanged), write one mesh per "
            "size and a table of per-size measurements."
        ),
    )
    input_options(p, costing=False)
    p.add_argument("--out", required=True, metavar="DIR", help=tr("folder to write into"))
    p.add_argument("--both-feet", action="store_true", help=tr("write left and right meshes"))

    p = sub.add_parser(
        "cost",
        help=summary("cost"),
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

    p = sub.add_parser("project", help=summary("project"), description=tr("Project files."))
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
    a.add_argument(
        "--profile", metavar="KEY", help=tr("quality profile (default {key})", key=DEFAULT_PROFILE)
    )
    a.add_argument("--force", action="store_true", help=tr("replace an existing project file"))
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
    a = acts.add_parser(
        "techpack",
        help=tr("set the tech pack of a project from a TOML file"),
        description=tr(
            "Replace the sections the TOML file gives (tolerances, material_specs, mould, "
            "markings, tests) in the project and save it; the others are kept."
        ),
    )
    a.add_argument("input", metavar="PROJECT", help=tr("the .outsole project"))
    a.add_argument("file", metavar="TOML", help=tr("the tech-pack file"))
    a = acts.add_parser(
        "revise",
        help=tr("add a revision to the project's log"),
        description=tr(
            "Add the next revision (A, B, ...) with its date, stage, author and change, and "
            "save the project. Exports never add one."
        ),
    )
    a.add_argument("input", metavar="PROJECT", help=tr("the .outsole project"))
    a.add_argument("--stage", required=True, choices=REVISION_STAGES)
    a.add_argument("--author", required=True)
    a.add_argument("--change", required=True, help=tr("what changed, in a sentence"))
    a.add_argument("--date", metavar="YYYY-MM-DD", help=tr("date of the revision (default today)"))


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``grade``, ``cost`` or ``project new|relink``."""
    from ..workflow.design import set_techpack

    if args.command == "project" and args.action == "relink":
        return _relink(args, out)
    if args.command == "project" and args.action == "techpack":
        set_techpack(Path(args.input), Path(args.file))
        out.write(tr("{path}: tech pack set from {file}", path=args.input, file=args.file) + "\n")
        return EXIT_OK
    if args.command == "project" and args.action == "revise":
        return _revise(args, out)
    with Library(args.library) as lib:
        design = open_design(args, lib, err)
        if args.command == "grade":
            return _grade(design, args, out)
        if args.command == "cost":
            return _cost(design, args, out)
        return _project_new(design, args, lib, out)


def _table_line(cells: list[str], widths: list[int], indent: str = "") -> str:
    """Cells padded to their widths: the first left-aligned, the others right-aligned."""
    return indent + "".join(
        f"{c:<{w}}" if i == 0 else f"{c:>{w}}"
        for i, (c, w) in enumerate(zip(cells, widths, strict=True))
    )


def _grade(d: Design, args: argparse.Namespace, out: TextIO) -> int:
    from ..render.rows import graded_rows
    from ..workflow.export import export_grading

    s = d.sizing
    if args.both_feet and s.foot is None:
        raise OutsoleError(
            "cannot tell left from right on this outline; give --foot right or --foot left"
        )
    files = export_grading(d, Path(args.out), args.both_feet)
    out.write(sizing_line(s, d.analysis) + "\n")
    heads = [tr("size"), tr("length"), tr("width"), tr("ball"), tr("heel"), tr("volume"),
             tr("sole"), tr("pair")]  # fmt: skip
    units = ["", "mm", "mm", "mm", "mm", "cm3", "g", "g"]
    widths = [9, 9, 9, 9, 9, 10, 9, 9]
    for row in (heads, units):
        out.write(_table_line(row, widths) + "\n")
    for g in graded_rows(s, d.masses_g, lang()):
        cells = [g.size, g.length, g.width, g.ball, g.heel, g.volume, g.mass_sole, g.mass_pair]
        out.write(_table_line(cells, widths) + "\n")
    mats = ", ".join(
        tr("body {n} {key}", n=bm.body + 1, key=bm.material.key) for bm in d.project.materials
    )
    out.write(tr("* nominal size; mass with {materials}", materials=mats) + "\n")
    out.write(
        tr("wrote {n} meshes and {table} into {folder}", n=len(files.meshes),
           table=files.table.name, folder=args.out) + "\n"
    )  # fmt: skip
    return EXIT_OK


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
    # A nominal size and foot that were inferred stay so (the sheet says "inferred", not "given").
    d = d.edit(sheet=sheet, profile=profile)
    saved = d.saved(path).project
    mats = ", ".join(
        tr("body {n} {key}", n=bm.body + 1, key=bm.material.key) for bm in saved.materials
    )
    out.write(
        tr("wrote {path}: model {model}, {sizing}, {materials}", path=path,
           model=saved.model_path, sizing=sizing_line(d.sizing, d.analysis), materials=mats)
        + "\n"
    )  # fmt: skip
    return EXIT_OK


def _revise(args: argparse.Namespace, out: TextIO) -> int:
    from ..workflow.design import revise

    date = date_option(args.date)
    r = revise(Path(args.input), date, args.stage, args.author, args.change)
    out.write(
        tr("{path}: revision {letter} ({stage}, {date}) added", path=args.input,
           letter=r.letter, stage=tr(r.stage), date=lang().date(r.date)) + "\n"
    )  # fmt: skip
    return EXIT_OK


def _relink(args: argparse.Namespace, out: TextIO) -> int:
    from ..workflow.design import relink

    path = Path(args.input)
    saved = relink(path, Path(args.model) if args.model else None)
    out.write(
        tr("{path}: now linked to {model} (SHA-256 {sha}...)", path=path,
           model=saved.model_path, sha=saved.model_sha256[:12]) + "\n"
    )  # fmt: skip
    return EXIT_OK


def _cost(d: Design, args: argparse.Namespace, out: TextIO) -> int:
    sheet = d.cost
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
        out.write(jsonout.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    out.write(format_cost(d, sheet) + "\n" + format_quote(sheet) + "\n")
    return EXIT_OK


def format_quote(sheet: CostSheet) -> str:
    """The quote: prices per pair and per kodi, moulds, capacity, lead time, price breaks."""
    from ..render.rows import (
        PRICE_COLUMNS,
        mould_set_rows,
        price_break_rows,
        price_rows,
        quote_lines,
    )

    t = lang()
    lines = [tr("  quote:")]
    width = max(len(label) for label, _ in quote_lines(sheet, t)) + 2
    lines += [f"    {label:<{width}}{value}" for label, value in quote_lines(sheet, t)]
    rows = price_rows(sheet, t)
    columns = [key for key, _ in PRICE_COLUMNS]
    heads = [t(head) for _, head in PRICE_COLUMNS]
    widths = [max(len(h), *(len(r[c]) for r in rows)) + 2 for h, c in zip(heads, columns,
                                                                          strict=True)]  # fmt: skip
    lines += ["", _table_line(heads, widths, "    ")]
    lines += [_table_line([r[c] for c in columns], widths, "    ") for r in rows if r]
    moulds = mould_set_rows(sheet, t)
    if moulds:
        heads = [tr("mould"), tr("sizes"), tr("pairs"), tr("bought"), tr("price"), tr("cost")]
        widths = [max(len(h), *(len(r[i]) for r in moulds)) + 2 for i, h in enumerate(heads)]
        lines += ["", _table_line(heads, widths, "    ")]
        lines += [_table_line(list(r), widths, "    ") for r in moulds]
    rows = price_break_rows(sheet, t)
    if rows and sheet.pairs:
        head = {"pairs": tr("pairs"), "pair": tr("price per pair"),
                "kodi": tr("per kodi (20 pairs)"), "total": tr("order total"),
                "tooling": tr("moulds and tooling")}  # fmt: skip
        columns = list(head)
        widths = [max(len(head[c]), *(len(r[c]) for r in rows)) + 3 for c in columns]
        lines += ["", tr("  price breaks (this order's size mix; moulds and tooling as the "
                         "policy says):"),
                  _table_line([head[c] for c in columns], widths, "    ")]  # fmt: skip
        lines += [_table_line([r[c] for c in columns], widths, "    ") for r in rows]
    return "\n".join(lines)


def cost_note_lines(sheet: CostSheet) -> list[str]:
    """The cost sheet's notes in the language in use, money as Rupiah."""
    return [n.render(lang()) for n in cost_notes(sheet)]


def format_cost(d: Design, sheet: CostSheet) -> str:
    """The cost sheet as a readable table, in the language in use."""
    from ..render.rows import PROCESS_NAMES, cost_rows

    inputs = sheet.inputs
    p = inputs.process
    lines = [
        tr("Cost sheet: {model}", model=d.model_file.name),
        f"  {sizing_line(d.sizing, d.analysis)}",
    ]
    plans = {plan.body: plan for plan in inputs.plans}
    for bm in inputs.materials:
        m = bm.material
        lines.append(
            tr(
                "  body {n}: {name} ({key}), {density} g/cm3, {price}/kg{placeholder}, "
                "{process}, compound bought: net + {scrap} %",
                n=bm.body + 1,
                name=lang()(m.name),
                key=m.key,
                density=short(m.density_g_cm3),
                price=idr(m.price_idr_per_kg),
                placeholder=tr(" (placeholder)") if m.price_is_placeholder else "",
                process=lang()(PROCESS_NAMES[plans[bm.body].process]),
                scrap=short(plans[bm.body].scrap_pct),
            )
        )
    if p.kind == "subcontract":
        press = tr("subcontract {price} per pair", price=idr(p.subcontract_idr_per_pair))
    else:
        press = tr(
            "own press {cycle} s x {rate}/h / ({pairs} pair(s) x {stations} station(s)) = "
            "{price} per pair",
            cycle=num(p.cycle_time_s, 0),
            rate=idr(p.machine_rate_idr_per_hour),
            pairs=p.pairs_per_cycle,
            stations=p.stations,
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
            "  tooling: {price} a mould unless its plan prices it",
            price=idr(inputs.tooling.mould_idr_per_size),
        )
        + extras
    )
    lines.append("")
    columns = ["size", "pairs", "net_g", "material", "pressing", "finishing", "labour", "mould",
               "tooling", "per_pair", "total"]  # fmt: skip
    heads = [tr("size"), tr("pairs"), tr("sole g"), tr("material"), tr("pressing"), tr("finish"),
             tr("labour"), tr("mould"), tr("tooling"), tr("per pair"), tr("total")]  # fmt: skip
    widths = [
        max(w, len(h) + 1)
        for w, h in zip((8, 6, 9, 11, 10, 9, 9, 9, 9, 11, 15), heads, strict=True)
    ]
    head = _table_line(heads, widths, "  ")
    rule = "  " + "-" * (len(head) - 2)
    *sizes, order = cost_rows(sheet, lang())
    lines += [head, rule]
    lines += [_table_line([row[c] for c in columns], widths, "  ") for row in sizes]
    lines.append(rule)
    order["size"] = tr("order")
    lines.append(_table_line([order.get(c, "") for c in columns], widths, "  "))
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
    if sheet.tooling_billed_idr:
        billed = sheet.tooling_billed_idr
        label = tr("moulds and tooling, billed once")
        lines.append(f"  {label:<{label_width}} {idr(billed)}" + usd(billed))
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
