"""A design's figures as labelled rows of text, in one language: what every face lays out.

The command line's tables, the window's panels and the PDF show the same rows from here; each
only chooses which columns to lay out and how. Nothing is computed here: every value is read
from the results computed once in core (the analysis, the graded sizes, the cost sheet, the
quality report) and formatted for ``t``'s language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from ..core.geometry.analysis import Analysis
from ..core.i18n import Translator
from ..core.production.costsheet import CostSheet
from ..core.production.graded import Sizing
from ..core.production.requirements import RuleResult, format_limit, format_value
from ..core.production.sizes import Size


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


def dimension_rows(a: Analysis, t: Translator) -> list[tuple[str, str]]:
    """The outsole's measures, ``(label, value with unit)``: the window's and the PDF's table."""
    d, r, fp = a.dimensions, a.relief, a.footprint
    q = t.quantity
    rows = [
        (t("Length"), q(d.length_mm, "mm")),
        (t("Width (overall)"), q(d.width_mm, "mm")),
        (t("Ball width"), q(d.ball_width_mm, "mm")),
        (t("Heel width"), q(d.heel_width_mm, "mm")),
        (t("Height"), q(d.height_mm, "mm", 2)),
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
        (t("Floor thickness"), q(th.floor_mm, "mm", 2)),
        (t("Thickness at the heel"), q(th.heel_mm, "mm", 2)),
        (t("Thickness at the forefoot"), q(th.forefoot_mm, "mm", 2)),
        (t("Thickness, maximum"), q(th.max_mm, "mm", 2)),
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
        )
        for r in results
    ]
