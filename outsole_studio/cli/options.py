"""Options every design command shares: the input, how to read it, sizes, materials, costing.

They are parsed here into project changes and applied through the workflow's one ``edit``; the
numbers come from the core pipeline, never from here.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..core.errors import OutsoleError
from ..core.geometry.names import UNIT_TO_MM
from ..core.messages import Message
from ..core.production.graded import GradingRule, Sizing
from ..core.production.inputs import (
    TOOLING_POLICIES,
    BodyMaterial,
    Pricing,
    Process,
    Terms,
    Tooling,
    ToolingLine,
    parse_order,
)
from ..core.production.materials import parse_decimal
from ..core.production.quote import parse_breaks
from ..core.production.sizes import SizeSettings, parse_size, parse_size_run
from ..core.production.techpack_file import with_sections
from ..io import tomlfile
from ..io.library import Library
from ..io.tables import read_grading_csv, read_order_csv
from .common import add_library_option, add_pose_options, num, tr, warn, yaw_option

if TYPE_CHECKING:  # the geometry (numpy, scipy, shapely) is imported when a model is read
    from ..core.geometry.analysis import Analysis
    from ..core.production.project import Project
    from ..workflow.design import Design


def input_options(p: argparse.ArgumentParser, costing: bool, several: bool = False) -> None:
    if several:
        p.add_argument("input", nargs="+", metavar="FILE|PROJECT",
                       help=tr("mesh files or .outsole projects"))  # fmt: skip
    else:
        p.add_argument(
            "input", metavar="FILE|PROJECT", help=tr("a mesh file or a .outsole project")
        )
    add_library_option(p)
    g = p.add_argument_group(tr("reading the model"))
    g.add_argument("--units", choices=sorted(UNIT_TO_MM), help=tr("the file's unit"))
    g.add_argument("--flip", action="store_true", default=None, help=tr("turn the sole over"))
    g.add_argument("--reverse", action="store_true", default=None, help=tr("swap heel and toe"))
    add_pose_options(g)
    g.add_argument(
        "--section",
        metavar="STATIONS",
        help=tr("the drawing's sections, e.g. 35%%,120mm (%% of the length or mm from the heel)"),
    )
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
    g.add_argument(
        "--stations", type=int, metavar="N",
        help=tr("own machine: stations it works at once (1 press; injection 4-12; PU 12-24)"),
    )  # fmt: skip
    g.add_argument("--finishing", metavar="IDR", help=tr("trimming and finishing per pair"))
    g.add_argument("--mould", metavar="IDR",
                   help=tr("price of a mould (L+R) whose mould plan gives none"))  # fmt: skip
    g.add_argument(
        "--tooling",
        action="append",
        metavar="NAME=IDR",
        help=tr("one-off tooling line, e.g. 'logo plate=1500000' (repeatable)"),
    )
    g.add_argument(
        "--tooling-policy",
        choices=TOOLING_POLICIES,
        help=tr("moulds and tooling: billed once apart (separate), spread over the pairs "
                "planned over the moulds' life (lifetime), or over this order (order)"),
    )  # fmt: skip
    g.add_argument(
        "--lifetime-pairs",
        type=int,
        metavar="N",
        help=tr("pairs planned over the moulds' use, across orders (with --tooling-policy "
                "lifetime)"),
    )  # fmt: skip
    g.add_argument("--labour", metavar="MIN", help=tr("labour per pair, minutes"))
    g.add_argument("--wage", metavar="IDR", help=tr("wage per hour (the region's)"))
    g.add_argument("--presses", type=int, metavar="N", help=tr("machines working the order"))
    g.add_argument("--shifts", type=int, metavar="N", help=tr("shifts a day (1 to 3)"))
    g.add_argument("--lead-weeks", metavar="WEEKS", help=tr("weeks to make the moulds"))
    g.add_argument(
        "--quote",
        metavar="PAIRS",
        help=tr("price breaks: the price at these order sizes in this order's size mix, "
                "e.g. 500,1000,2500"),
    )  # fmt: skip
    g.add_argument("--order", metavar="SIZE:PAIRS,...", help='e.g. "39:50,40:120,41:150"')
    g.add_argument("--order-csv", metavar="CSV", help=tr("order as CSV with columns size,pairs"))
    g.add_argument("--overhead", metavar="PCT", help=tr("overhead on cost, percent"))
    g.add_argument("--margin", metavar="PCT", help=tr("margin, percent of the quoted price"))
    g.add_argument("--usd-rate", metavar="IDR", help=tr("Rupiah per US dollar, to show USD too"))
    g.add_argument(
        "--costing",
        metavar="TOML",
        help=tr("process, tooling, pricing and workshop terms from a file (README); options "
                "given as well win"),
    )  # fmt: skip
    g.add_argument(
        "--techpack",
        metavar="TOML",
        help=tr("tolerances, material specification, mould plan, markings, tests (README)"),
    )


def _split(text: str, what: str) -> tuple[str | None, str]:
    """``BODY=VALUE`` or ``VALUE``."""
    left, sep, right = text.partition("=")
    if not sep:
        return None, text.strip()
    if not left.strip() or not right.strip():
        raise OutsoleError("{what} {text} must be VALUE or BODY=VALUE", what=what, text=repr(text))
    return left.strip(), right.strip()


def _body_index(text: str, n_bodies: int, what: str) -> int:
    try:
        body = int(text)
    except ValueError:
        raise OutsoleError(
            "{what}: body {text} must be a body number (1, 2...)", what=what, text=repr(text)
        ) from None
    if not 1 <= body <= n_bodies:
        raise OutsoleError(
            "{what}: the model has no body {body} (its bodies: {n_bodies})",
            what=what,
            body=body,
            n_bodies=n_bodies,
        )
    return body - 1


def _material_changes(
    project: Project, args: argparse.Namespace, lib: Library, n_bodies: int
) -> tuple[BodyMaterial, ...]:
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
        compound, price_text = _split(item, "--price")
        if compound is None:
            raise OutsoleError("--price {item} must be KEY=IDR, e.g. nr-sbr=36000", item=repr(item))
        price = parse_decimal(price_text, "--price")
        hit = False
        for b, bm in list(mats.items()):
            if bm.material.key == compound:
                m = bm.material.with_changes(price_idr_per_kg=price, price_is_placeholder=False)
                mats[b] = BodyMaterial(b, m, bm.waste_pct)
                hit = True
        if not hit:
            raise OutsoleError(
                "--price {item}: no body of this design is made of {key}",
                item=repr(item),
                key=repr(compound),
            )
    return tuple(mats[b] for b in sorted(mats))


def _tooling_line(text: str) -> ToolingLine:
    """``NAME=IDR`` (or an unnamed ``IDR``) as a one-off tooling line."""
    name, value = _split(text, "--tooling")
    return ToolingLine(name or "", parse_decimal(value, "--tooling"))


def _dec(value: str | None, what: str, default: Decimal) -> Decimal:
    return default if value is None else parse_decimal(value, what)


def _terms(t: Terms, args: argparse.Namespace) -> Terms:
    """The workshop's terms with the options given."""
    return Terms(
        labour_min_per_pair=_dec(args.labour, "--labour", t.labour_min_per_pair),
        wage_idr_per_hour=_dec(args.wage, "--wage", t.wage_idr_per_hour),
        presses=t.presses if args.presses is None else args.presses,
        shifts=t.shifts if args.shifts is None else args.shifts,
        hours_per_shift=t.hours_per_shift,
        mould_lead_weeks=_dec(args.lead_weeks, "--lead-weeks", t.mould_lead_weeks),
        breaks=parse_breaks(args.quote, "--quote") if args.quote else t.breaks,
        wage_is_placeholder=t.wage_is_placeholder and args.wage is None,
    )


def option_changes(
    project: Project, args: argparse.Namespace, lib: Library, n_bodies: int
) -> dict[str, Any]:
    """The project changes the options given on the command line ask for (the reading of the
    file is applied when it is opened)."""
    from ..core.geometry.drawing import parse_stations
    from ..core.production.project_file import costing_changes

    original = project
    changes: dict[str, Any] = {}
    if args.section is not None:
        changes["stations"] = parse_stations(args.section)
    run = parse_size_run(args.sizes) if args.sizes else project.size_run
    if args.sizes:
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
        if args.costing:
            path = Path(args.costing)
            try:
                filed = costing_changes(project, tomlfile.load(path))
            except OutsoleError as exc:
                raise exc.at(str(path)) from exc
            changes.update(filed)
            project = replace(project, **filed)  # the options below apply over the file
        if args.order and args.order_csv:
            raise OutsoleError("give the order either with --order or with --order-csv")
        if args.order:
            changes["order"] = parse_order(args.order, run)
        elif args.order_csv:
            changes["order"] = read_order_csv(args.order_csv, run)
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
            stations=p.stations if args.stations is None else args.stations,
        )
        changes["terms"] = _terms(project.terms, args)
        t = project.tooling
        extras = t.extras
        if args.tooling:
            extras = tuple(_tooling_line(x) for x in args.tooling)
        changes["tooling"] = Tooling(
            _dec(args.mould, "--mould", t.mould_idr_per_size),
            extras,
            args.tooling_policy or t.policy,
            t.lifetime_pairs if args.lifetime_pairs is None else args.lifetime_pairs,
        )
        pr = project.pricing
        changes["pricing"] = Pricing(
            overhead_pct=_dec(args.overhead, "--overhead", pr.overhead_pct),
            margin_pct=_dec(args.margin, "--margin", pr.margin_pct),
            idr_per_usd=pr.idr_per_usd
            if args.usd_rate is None
            else parse_decimal(args.usd_rate, "--usd-rate"),
        )
    changes["materials"] = _material_changes(project, args, lib, n_bodies)
    if getattr(args, "techpack", None):
        path = Path(args.techpack)
        try:
            changes["techpack"] = with_sections(project.techpack, tomlfile.load(path))
        except OutsoleError as exc:
            raise exc.at(str(path)) from exc
    if args.waste:  # one figure: a body's waste is its mould plan's flash
        tp = changes.get("techpack", project.techpack)
        for bm in changes["materials"]:
            plan = tp.plan_for(bm.body)
            if plan is not None and plan.flash_pct != float(bm.waste_pct):
                tp = tp.with_plan(replace(plan, flash_pct=float(bm.waste_pct)))
        changes["techpack"] = tp
    # Only what differs: an unchanged grading or reading needs no new grading or analysis.
    return {k: v for k, v in changes.items() if getattr(original, k) != v}


def open_design(args: argparse.Namespace, lib: Library, err: TextIO) -> Design:
    """Open the input (a model or a project) with the options given on the command line."""
    from ..workflow.design import Design

    yaw = yaw_option(args.yaw)
    reading = {"units": args.units, "flip": args.flip, "reverse": args.reverse,
               "yaw_deg": None if yaw == "auto" else yaw,
               "up_axis": None if args.up in (None, "auto") else args.up}  # fmt: skip
    design = Design.open(
        args.input,
        lib,
        reading,
        accept_changed_model=getattr(args, "accept_changed_model", False),
        warn=lambda path, message: warn(path, message, err),
    )
    changes = option_changes(design.project, args, lib, len(design.analysis.bodies))
    if yaw == "auto" and design.project.yaw_deg is not None:
        changes["yaw_deg"] = None  # back to the footprint's axis
    if args.up == "auto" and design.project.up_axis is not None:
        changes["up_axis"] = None  # back to the geometry's vertical
    dropped = design.dropped_by(**changes)
    if dropped:
        pairs = {line.size: line.pairs for line in design.project.order}
        sizes = ", ".join(f"{s.label} ({pairs[s]})" for s in dropped)
        left_out = Message("the size run leaves out {sizes} from the order", {"sizes": sizes})
        warn(args.input, left_out, err)
    return design.edit(**changes) if changes else design


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
