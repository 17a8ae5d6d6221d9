"""A design's figures as labelled rows of text, in one language: what every face lays out.

The command line's tables, the window's panels and the PDF show the same rows from here; each
only chooses which columns to lay out and how. Nothing is computed here: every value is read
from the results computed once in core (the analysis, the graded sizes, the cost sheet, the
quality report) and formatted for ``t``'s language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from ..core.geometry.analysis import Analysis
from ..core.i18n import Translator
from ..core.production.costsheet import CostSheet
from ..core.production.graded import Sizing
from ..core.production.mould import MouldPlan
from ..core.production.quote import KODI_PAIRS
from ..core.production.requirements import RuleResult, format_limit, format_value
from ..core.production.sizes import Size
from ..core.production.spec import SpecSheet
from ..core.production.techpack import Tolerances


def status_text(status: str, t: Translator) -> str:
    """A rule's status in ``t``'s language."""
    return {
        "pass": t("pass"),
        "warn": t("warn"),
        "fail": t("fail"),
        "not tested": t("not tested"),
        "no limit": t("no limit"),
        "not applicable": t("not applicable"),
    }[status]


def dimension_rows(
    a: Analysis, t: Translator, tol: Tolerances | None = None
) -> list[tuple[str, str]]:
    """The outsole's measures, ``(label, value with unit)``: the window's and the PDF's table.

    With ``tol``, every length, width and thickness carries its +/- tolerance.
    """
    d, r, fp = a.dimensions, a.relief, a.footprint

    q = t.quantity

    def pm(value: float, digits: int, plus: float | None) -> str:
        return q(value, "mm", digits) + ("" if plus is None else f" ± {q(plus, 'mm', 1)}")

    along = tol.length_mm if tol else None
    across = tol.width_mm if tol else None
    thick = tol.thickness_mm if tol else None

    rows = [
        (t("Length"), pm(d.length_mm, 1, along)),
        (t("Width (overall)"), pm(d.width_mm, 1, across)),
        (t("Ball width"), pm(d.ball_width_mm, 1, across)),
        (t("Heel width"), pm(d.heel_width_mm, 1, across)),
        (t("Height"), pm(d.height_mm, 2, thick)),
        (t("Volume"), q(a.volume_cm3, "cm³", 2)),
        (t("Surface area"), q(a.surface_area_cm2, "cm²", 1)),
        (t("Outline area"), q(fp.area_mm2 / 100, "cm²", 1)),
        (t("Outline perimeter"), q(fp.perimeter_mm, "mm")),
    ]
    if r is None:
        return rows
    th = r.thickness
    ratio = q(100 * (a.contact_ratio or 0.0), "%", 0)
    return rows + [
        (
            t("Contact area"),
            f"{q(r.contact.area_mm2 / 100, 'cm²')} ({ratio} {t('of the outline')})",
        ),
        (t("Contact in the heel"), q(r.contact.heel_mm2 / 100, "cm²")),
        (t("Contact in the forefoot"), q(r.contact.forefoot_mm2 / 100, "cm²")),
        (t("Tread depth"), q(r.tread_depth_mm, "mm", 2)),
        (t("Floor thickness"), pm(th.floor_mm, 2, thick)),
        (t("Thickness at the heel"), pm(th.heel_mm, 2, thick)),
        (t("Thickness at the forefoot"), pm(th.forefoot_mm, 2, thick)),
        (t("Thickness, maximum"), pm(th.max_mm, 2, thick)),
        (t("Heel-to-toe drop"), q(th.heel_to_toe_drop_mm, "mm")),
        (t("Toe spring"), q(r.toe_spring_mm, "mm")),
        (
            t.text("Walls under {deg} of draft", deg=q(r.draft.threshold_deg, "°", 0)),
            q(r.draft.low_draft_area_mm2 / 100, "cm²"),
        ),
        (t("Undercut area"), q(r.draft.undercut_area_mm2 / 100, "cm²", 2)),
    ]


@dataclass(frozen=True)
class GradedRow:
    """One size of the run, every cell formatted (``-`` where a value is undefined)."""

    size: str
    nominal: bool
    length: str
    width: str
    ball: str
    heel: str
    volume: str
    mass_sole: str
    mass_pair: str
    contact: str


def graded_rows(
    sizing: Sizing, masses_g: Mapping[Size, Decimal | None], t: Translator
) -> list[GradedRow]:
    """The graded sizes: lengths and widths in mm, volume cm³, masses g, contact cm²."""

    def n(value: float | Decimal | None, digits: int) -> str:
        return "-" if value is None else t.number(value, digits)

    rows = []
    for g in sizing.graded:
        mass = masses_g.get(g.size)
        contact = None if g.contact_area_mm2 is None else g.contact_area_mm2 / 100
        rows.append(
            GradedRow(
                size=g.size.label + (" *" if g.nominal else ""),
                nominal=g.nominal,
                length=n(g.length_mm, 1),
                width=n(g.width_mm, 1),
                ball=n(g.ball_width_mm, 1),
                heel=n(g.heel_width_mm, 1),
                volume=n(g.volume_cm3, 2),
                mass_sole=n(mass, 1),
                mass_pair=n(None if mass is None else 2 * mass, 1),
                contact=n(contact, 1),
            )
        )
    return rows


#: The per-size cost table's columns: (key, heading msgid). Amounts in whole Rupiah.
COST_COLUMNS = (
    ("size", "Size"),
    ("pairs", "Pairs"),
    ("material", "Compound"),
    ("pressing", "Pressing"),
    ("finishing", "Finishing"),
    ("labour", "Labour"),
    ("mould", "Mould"),
    ("tooling", "Tooling"),
    ("per_pair", "Per pair"),
    ("total", "Total"),
)


def cost_rows(sheet: CostSheet, t: Translator) -> list[dict[str, str]]:
    """The cost per pair and per order, size by size, then the order's line (key ``order``)."""
    n = t.number
    rows = [
        {
            "size": c.size.label,
            "pairs": n(c.pairs, 0),
            "net_g": n(c.net_g_per_sole, 1),
            "material": n(c.material_idr_per_pair, 0),
            "pressing": n(c.pressing_idr_per_pair, 0),
            "finishing": n(c.finishing_idr_per_pair, 0),
            "labour": n(c.labour_idr_per_pair, 0),
            "mould": n(c.mould_idr_per_pair, 0),
            "tooling": n(c.tooling_idr_per_pair, 0),
            "per_pair": n(c.cost_idr_per_pair, 0),
            "total": n(c.total_idr, 0),
        }
        for c in sheet.sizes
    ]
    order = dict.fromkeys(rows[0] if rows else (key for key, _ in COST_COLUMNS), "")
    order.update(size=t("Order"), pairs=n(sheet.pairs, 0), total=n(sheet.total_idr, 0))
    return [*rows, order]


@dataclass(frozen=True)
class QualityRow:
    """One rule's verdict as text."""

    status: str
    status_text: str
    rule: str
    value: str
    limit: str
    detail: str
    about: str = ""
    where: str = ""


def where_text(where: str, t: Translator) -> str:
    """Where a verdict's value was found, in ``t``'s language: a size as it is, ``body 1
    (nr-sbr)`` and ``lab`` translated."""
    m = re.fullmatch(r"body (\d+) \((.*)\)", where)
    if m:
        return t.text("body {n}", n=m.group(1)) + f" ({m.group(2)})"
    return t("lab") if where == "lab" else where


def _about(r: RuleResult, t: Translator) -> str:
    """A rule in a few lines: why it has its verdict, its method, its source and basis."""
    lines = [t(r.rule.label) + (f": {t.message(r.detail)}" if t.message(r.detail) else "")]
    if r.rule.method:
        lines.append(t.text("Method: {method}", method=t(r.rule.method)))
    names = {"standard": t("standard"), "unverified": t("unverified"), "practice": t("practice"),
             "user": t("user"), "to fill": t("to be filled")}  # fmt: skip
    basis = names.get(r.rule.basis, r.rule.basis)
    lines.append(t.text("Source: {source} ({basis})", source=t(r.rule.source) or "-", basis=basis))
    return "\n".join(lines)


def quality_rows(results: tuple[RuleResult, ...], t: Translator) -> list[QualityRow]:
    """The quality report's rules: status, rule, deciding value, limit and detail."""
    return [
        QualityRow(
            status=r.status,
            status_text=status_text(r.status, t),
            rule=t(r.rule.label),
            value=format_value(r, t),
            limit=format_limit(r.rule, t),
            detail=t.message(r.detail),
            about=_about(r, t),
            where=where_text(r.where, t),
        )
        for r in results
    ]


# -- the tech pack ------------------------------------------------------------------------------

PROCESS_NAMES = {
    "rubber-compression": "compression-moulded rubber",
    "tpr-injection": "injection-moulded TPR",
    "pvc-injection": "injection-moulded PVC",
    "pu-pouring": "poured PU",
    "eva-injection": "injection-moulded EVA",
}


def tolerance_rows(tol: Tolerances, t: Translator) -> list[tuple[str, str]]:
    """The sole's tolerances, ``(what, +/- value)``."""
    q = t.quantity
    return [
        (t("Length"), f"± {q(tol.length_mm, 'mm', 1)}"),
        (t("Width"), f"± {q(tol.width_mm, 'mm', 1)}"),
        (t("Thickness"), f"± {q(tol.thickness_mm, 'mm', 1)}"),
        (t("Mass per sole"), f"± {q(tol.mass_pct, '%', 1)}"),
        (t("Hardness"), f"± {t.number(tol.hardness_points, 0)} {t('points')}"),
    ]


def material_spec_rows(spec: SpecSheet, t: Translator) -> list[tuple[str, ...]]:
    """Per body: body, compound, code, hardness +/-, density +/-, colour, colour standard,
    non-marking. A body without a specification says so (the library's range is no spec)."""
    specs = {s.body: s for s in spec.project.techpack.specs}
    rows: list[tuple[str, ...]] = []
    for bm in spec.project.materials:
        s = specs.get(bm.body)
        role = t("outsole") if bm.body == spec.ground else t("midsole")
        body = f"{bm.body + 1} ({role})"
        if s is None:
            rows.append((body, t(bm.material.name), "-", t("not specified"), "-", "-", "-", "-"))
            continue
        density = "-" if s.density_g_cm3 is None else (
            f"{t.number(s.density_g_cm3, 2)} ± {t.number(s.density_tolerance_g_cm3, 2)} g/cm³"
        )  # fmt: skip
        rows.append((
            body, t(bm.material.name), s.compound_code or "-",
            f"{t.number(s.hardness, 0)} ± {t.number(s.hardness_tolerance, 0)} {s.hardness_scale}",
            density, s.colour or "-", s.colour_standard or "-",
            t("yes") if s.non_marking else t("no"),
        ))  # fmt: skip
    return rows


def mould_rows(spec: SpecSheet, m: MouldPlan, t: Translator) -> list[tuple[str, str]]:
    """A body's mould plan, ``(label, value)``."""
    q = t.quantity
    moulds = m.moulds(spec.sizing.run.sizes)
    groups = "; ".join("+".join(s.label for s in mould) for mould in moulds if len(mould) > 1)
    rows = [
        (t("Process"), t(PROCESS_NAMES[m.process])),
        (t("Mould material"), t(m.mould_material)),
        (t("Pairs per mould (cavities)"), str(m.pairs_per_mould)),
        (t("Moulds for the run"), f"{len(moulds)}" + (f" ({groups})" if groups else "")),
    ]
    if m.process == "eva-injection":
        assert m.expansion_ratio is not None
        rows.append((t("Expansion ratio (cavity = part / ratio)"), t.number(m.expansion_ratio, 2)))
    else:
        rows.append((t("Shrinkage (cavity = part x (1 + shrinkage))"), q(m.shrinkage_pct, "%", 2)))
    rows += [
        (t("Flash (blank = net x (1 + flash))"), q(m.flash_pct, "%", 1)),
        (t("Parting line above the ground"), _parting_text(spec, m, t)),
        (t("Minimum draft"), q(m.min_draft_deg, "°", 1)),
        (t("Surface texture"), m.texture or "-"),
        (t("Vents, flash channels, gate"), m.notes or "-"),
    ]  # fmt: skip
    return rows


def _parting_text(spec: SpecSheet, m: MouldPlan, t: Translator) -> str:
    """The plan's parting line; for the outsole, what the geometry suggests beside it."""
    set_mm = m.parting_line_mm
    if m.body != spec.ground:  # the suggestion is the whole sole's widest outline
        return "-" if set_mm is None else t.quantity(set_mm, "mm", 1)
    suggested = t.text(
        "{height} suggested: the line of widest outline",
        height=t.quantity(spec.parting.height_mm, "mm", 1),
    )
    if set_mm is None:
        return suggested
    return f"{t.quantity(set_mm, 'mm', 1)} ({suggested})"


CAVITY_COLUMNS = ("Size", "Mould", "Part length", "Part width", "Cavity length", "Cavity width",
                  "Net g", "Blank g")  # fmt: skip


def cavity_rows(spec: SpecSheet, body: int, t: Translator) -> list[tuple[str, ...]]:
    """Per size, for a body's mould: mould, part and cavity (mm), net and blank per sole (g)."""
    q = t.number
    rows: list[tuple[str, ...]] = []
    for r in spec.cavities[body]:
        net, blank = spec.body_net_g[body].get(r.size), spec.blanks_g[body].get(r.size)
        rows.append((
            r.size.label, str(r.mould), q(r.part_length_mm, 1), q(r.part_width_mm, 1),
            q(r.cavity_length_mm, 2), q(r.cavity_width_mm, 2),
            "-" if net is None else q(net, 1), "-" if blank is None else q(blank, 1),
        ))  # fmt: skip
    return rows


def marking_rows(spec: SpecSheet, t: Translator) -> list[tuple[str, ...]]:
    """Per mark: kind, text, position, height, reads correctly on both feet."""
    return [
        (t(m.kind), m.text, m.position, t.quantity(m.height_mm, "mm", 1),
         t("yes") if m.reads_correctly else t("no"))
        for m in spec.project.techpack.markings
    ]  # fmt: skip


def test_plan_rows(spec: SpecSheet, t: Translator) -> list[tuple[str, ...]]:
    """Per test: name, method, limit with unit, stages (the shipped texts translated)."""
    return [
        (
            t(p.label),
            t(p.method),
            f"{t(p.limit)} {p.unit}".strip(),
            ", ".join(t(s) for s in p.stages),
        )
        for p in spec.project.techpack.tests
    ]


def revision_rows(spec: SpecSheet, t: Translator) -> list[tuple[str, ...]]:
    """The revision log: letter, date, stage, author, change."""
    return [
        (r.letter, t.date(r.date), t(r.stage), r.author, r.change)
        for r in spec.project.techpack.revisions
    ]


def price_break_rows(sheet: CostSheet, t: Translator) -> list[dict[str, str]]:
    """The price-break table: pairs, price per pair and per kodi, the order's total, and the
    moulds and tooling (in the price, or billed once)."""
    return [
        {
            "pairs": t.number(b.pairs, 0),
            "pair": t.money(b.price_idr_per_pair),
            "kodi": t.money(b.price_idr_per_kodi),
            "total": t.money(b.total_idr),
            "tooling": t.money(b.tooling_idr),
        }
        for b in sheet.breaks
    ]


#: The price table's columns: per pair and per kodi, without and with the tooling share.
PRICE_COLUMNS = (
    ("size", "Size"),
    ("pairs", "Pairs"),
    ("pair", "Price per pair"),
    ("kodi", "Per kodi (20 pairs)"),
    ("pair_tooling", "Per pair with tooling"),
    ("kodi_tooling", "Per kodi with tooling"),
)


def price_rows(sheet: CostSheet, t: Translator) -> list[dict[str, str]]:
    """The quoted price of every size, per pair and per kodi, without and with tooling."""
    return [
        {
            "size": s.size.label,
            "pairs": t.number(s.pairs, 0),
            "pair": t.money(s.price_idr_per_pair),
            "kodi": t.money(s.price_idr_per_kodi),
            "pair_tooling": t.money(s.price_with_tooling_idr_per_pair),
            "kodi_tooling": t.money(s.price_with_tooling_idr_per_kodi),
        }
        for s in sheet.sizes
    ]


def mould_set_rows(sheet: CostSheet, t: Translator) -> list[tuple[str, ...]]:
    """The moulds the order needs: body and mould, sizes, pairs, moulds bought, price, cost."""
    return [
        (
            t.text("body {b}, mould {m}", b=m.body + 1, m=m.number),
            " + ".join(s.label for s in m.sizes),
            t.number(Decimal(m.pairs), 0),
            t.number(m.count, 0),
            t.money(m.price_idr),
            t.money(m.cost_idr),
        )
        for m in sheet.moulds
    ]


def quote_lines(sheet: CostSheet, t: Translator) -> list[tuple[str, str]]:
    """The quote in a few lines: price without and with tooling, per kodi, tooling billed once,
    labour, capacity and lead time."""
    policy = {
        "separate": t("billed once, apart from the pairs"),
        "lifetime": t.text("spread over {n} pairs planned over the moulds' life",
                           n=t.number(sheet.inputs.tooling.lifetime_pairs, 0)),
        "order": t("spread over this order"),
    }[sheet.inputs.tooling.policy]  # fmt: skip
    kodi = KODI_PAIRS
    lines = [
        (t("Moulds and tooling"), policy),
        (t("Price per pair without tooling"), t.money(sheet.price_without_tooling_idr_per_pair)),
        (t("Price per pair with tooling"), t.money(sheet.price_idr_per_pair)),
        (t("Price per kodi (20 pairs) with tooling"), t.money(kodi * sheet.price_idr_per_pair)),
    ]
    if sheet.tooling_billed_idr:
        lines.append((t("Moulds and tooling, billed once"), t.money(sheet.tooling_billed_idr)))
    terms = sheet.inputs.terms
    if terms.labour_min_per_pair:
        lines.append(
            (
                t("Labour per pair"),
                t.text(
                    "{min} min x {wage} an hour = {idr}",
                    min=t.number(terms.labour_min_per_pair, 1),
                    wage=t.money(terms.wage_idr_per_hour),
                    idr=t.money(terms.labour_idr_per_pair),
                ),
            )
        )
    cap = sheet.capacity
    if cap is not None:
        bottleneck = t("the presses") if cap.bottleneck == "presses" else t("one mould")
        lines.append(
            (
                t("Capacity"),
                t.text(
                    "{pairs} pairs a day: {presses} machine(s) x {stations} station(s), "
                    "{shifts} shift(s) of {hours} h, cycle {cycle} s",
                    pairs=t.number(cap.pairs_per_day, 0),
                    presses=terms.presses,
                    stations=sheet.inputs.process.stations,
                    shifts=terms.shifts,
                    hours=t.number(terms.hours_per_shift, 0),
                    cycle=t.number(cap.cycle_s, 0),
                ),
            )
        )
        lines.append(
            (
                t("Pressing the order"),
                t.text(
                    "{days} working days; held back by {what}", days=cap.whole_days, what=bottleneck
                ),
            )
        )
        lines.append(
            (
                t("Lead time"),
                t.text(
                    "{weeks} weeks for the moulds, then {days} working days",
                    weeks=t.number(cap.mould_lead_weeks, 0),
                    days=cap.whole_days,
                ),
            )
        )
    return lines
