"""The spec sheet as an A4 PDF (reportlab): views, dimensions, sizes, BOM, cost, quality, maps.

Every string goes through the translator and every number through its formatting, so the
Indonesian sheet is Indonesian throughout. DejaVu Sans (shipped with matplotlib) is embedded,
so Ø ± ° and Rp render on any reader. Plots stay vector (SVG through svglib).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ..core.geometry.analysis import Analysis
from ..core.i18n import Translator
from ..core.production.requirements import RuleResult, format_limit, format_value
from ..core.production.spec import SpecSheet
from .glview import ViewImage, ViewsDrawn
from .pdf_costing import CostingSections
from .pdf_parts import (
    BOLD,
    FRAME_W,
    INK,
    MARGIN,
    SHADE,
    STATUS_COLOURS,
    Footer,
    ViewFlowable,
    figure_drawing,
    register_fonts,
    sheet_styles,
    sheet_table,
)
from .pdf_techpack import TechPackSections
from .rows import (
    PROCESS_NAMES,
    dimension_rows,
    graded_rows,
    status_text,
)

#: Pixel sizes of the rendered views (about 200 dpi across the page).
VIEW_SIZES = {
    "bottom": (1600, 640),
    "side": (1600, 260),
    "top": (1600, 640),
    "three-quarter": (1200, 640),
}


class SheetWriter(TechPackSections, CostingSections):
    """Lays out one :class:`SpecSheet` in one language."""

    def __init__(
        self,
        spec: SpecSheet,
        t: Translator,
        views: Callable[[], ViewsDrawn],
        helper: Executor | None = None,
        maps: list[Flowable] | None = None,
    ) -> None:
        """``views`` gives the views and their renderer, waited for when first needed: the
        sheet's other pages are laid out while they are drawn. ``helper``: a process the
        figures are drawn in while the sheet goes on (see
        :class:`~.helper_process.SheetProcesses`). ``maps``: the maps' figures, already given
        to it (:func:`map_figures`), else made with the sheet."""
        register_fonts()
        self.s = spec
        self.t = t
        self._views = views
        self.helper = helper
        self._maps = maps
        self.st = sheet_styles()

    @functools.cached_property
    def views(self) -> dict[str, ViewImage]:
        """The rendered views by name."""
        return {v.name: v for v in self._views()[0]}

    @property
    def renderer(self) -> str:
        """Who drew the views."""
        return self._views()[1]

    def p(self, text: str, style: str = "cell") -> Paragraph:
        """A paragraph (text escaped for reportlab's mini-markup)."""
        safe = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return Paragraph(safe, self.st[style])

    def h2(self, text: str) -> Paragraph:
        return Paragraph(text, self.st["h2"])

    # -- sections ------------------------------------------------------------------------------

    def title_block(self) -> list[Flowable]:
        t, s, p = self.t, self.s, self.s.project
        sizing = s.sizing
        source = t("given") if sizing.nominal_source == "given" else t("inferred from the length")
        foot = {"right": t("right"), "left": t("left"), None: t("not known")}[sizing.foot]
        rows = [
            [t("Design"), s.design_name, t("Date"), t.date(s.issued)],
            [t("Designer"), p.sheet.designer or "-", t("Revision"), p.sheet.revision or "-"],
            [t("Partner (sole factory)"), p.sheet.partner or "-", t("Project id"), s.project_id],
            [t("Model file"), s.model_name, t("Size run"), sizing.run.text],
            [
                t("SHA-256"),
                self.p(p.model_sha256, "small"),
                t("Nominal size"),
                f"{sizing.nominal.label} ({source}); {t('foot')}: {foot}",
            ],
            [
                t("Quality profile"),
                t(s.quality.profile.name),
                t("Process"),
                t(PROCESS_NAMES[s.mould.process]),
            ],
        ]
        table = sheet_table(
            [[self.p(c) if isinstance(c, str) else c for c in r] for r in rows],
            [30 * mm, 62 * mm, 28 * mm, 60 * mm],
            header=False,
            extra=[
                ("FONT", (0, 0), (0, -1), BOLD, 7),
                ("FONT", (2, 0), (2, -1), BOLD, 7),
                ("BACKGROUND", (0, 0), (0, -1), SHADE),
                ("BACKGROUND", (2, 0), (2, -1), SHADE),
                ("BOX", (0, 0), (-1, -1), 0.6, INK),
            ],
        )
        return [
            Paragraph(t("Outsole specification sheet"), self.st["h1"]),
            Spacer(1, 4),
            table,
        ]

    def view_section(self) -> list[Flowable]:
        t = self.t
        out: list[Flowable] = [self.h2(t("Views"))]
        captions = {
            "bottom": t("Bottom (tread)"),
            # The camera is on the lateral side of the design's foot (unknown: of a right foot).
            "side": t("Side profile (lateral)")
            if self.s.sizing.foot is not None
            else t("Side profile (lateral if a right sole)"),
            "top": t("Top"),
            "three-quarter": t("Three-quarter view (not to scale)"),
        }

        def view(name: str, width: float) -> ViewFlowable:
            # Laid out from the view's size; its pixels are waited for only when it is drawn.
            return ViewFlowable(
                lambda: self.views[name], VIEW_SIZES[name], width, captions[name], t
            )

        for name in ("bottom", "side"):
            out.append(view(name, FRAME_W))
            out.append(Spacer(1, 4))
        half = FRAME_W / 2 - 3 * mm
        pair = Table([[view(n, half) for n in ("top", "three-quarter")]],
                     colWidths=[FRAME_W / 2] * 2)  # fmt: skip
        pair.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip
        out.append(pair)
        return out

    def dimensions(self) -> list[Flowable]:
        t, s, a = self.t, self.s, self.s.analysis
        r = a.relief
        q = t.quantity
        rows = [list(row) for row in dimension_rows(a, t, s.project.techpack.effective_tolerances)]
        half = (len(rows) + 1) // 2
        left, right = rows[:half], rows[half:] + [["", ""]] * (2 * half - len(rows))
        merged = [a + b for a, b in zip(left, right, strict=True)]
        table = sheet_table(
            merged,
            [48 * mm, 42 * mm, 48 * mm, 42 * mm],
            header=False,
            align_right=(1, 3),
            extra=[("BACKGROUND", (0, 0), (0, -1), SHADE), ("BACKGROUND", (2, 0), (2, -1), SHADE)],
        )
        note = self.p(
            t.text(
                "Canonical frame: X heel to toe, Z up, ground at z = 0; millimetres. Contact: "
                "bottom within {tol} of the ground.",
                tol=q(r.contact.tolerance_mm if r else 0.5, "mm"),
            ),
            "small",
        )
        return [self.h2(t("Dimensions")), table, Spacer(1, 2), note]

    def sizes(self) -> list[Flowable]:
        t, s = self.t, self.s
        head = [
            t("Size"),
            t("Length (mm)"),
            t("Width (mm)"),
            t("Ball (mm)"),
            t("Heel (mm)"),
            t("Volume (cm³)"),
            t("Mass per sole (g)"),
            t("Mass per pair (g)"),
        ]
        rows: list[list[Any]] = [head]
        nominal_row = 0
        for i, g in enumerate(graded_rows(s.sizing, s.masses_g, t), start=1):
            if g.nominal:
                nominal_row = i
            rows.append(
                [g.size, g.length, g.width, g.ball, g.heel, g.volume, g.mass_sole, g.mass_pair]
            )
        extra = [("BACKGROUND", (0, nominal_row), (-1, nominal_row), SHADE)] if nominal_row else []
        table = sheet_table(rows, [24 * mm] + [22.3 * mm] * 7, align_right=tuple(range(1, 8)),
                       extra=extra)  # fmt: skip
        rule = s.project.grading
        if rule.kind == "factors":
            how = t("grading table of factors per size")
        else:
            how = t("length by the size step, width by the width step per size")
        note = self.p(
            t.text(
                "* nominal size. Grading: {how}; thickness, tread depth and heel height do not "
                "grade. Masses without waste.",
                how=how,
            ),
            "small",
        )
        return [self.h2(t("Graded sizes")), table, Spacer(1, 2), note]

    def materials(self) -> list[Flowable]:
        t, s = self.t, self.s
        nominal = s.nominal_cost
        head = [
            t("Body"),
            t("Compound"),
            t("Typical hardness"),
            t("Density"),
            t("Colour"),
            t("Supplier"),
            t("Scrap"),
            t("Per pair"),
            t("Price per kg"),
        ]
        rows: list[list[Any]] = [head]
        placeholder = False
        for bm in s.project.materials:
            m = bm.material
            comp = next(b for b in nominal.bodies if b.body == bm.body)
            role = t("outsole") if bm.body == s.ground else t("midsole")
            price = t.money(m.price_idr_per_kg)
            if m.price_is_placeholder:
                price += " †"
                placeholder = True
            rows.append(
                [
                    self.p(f"{bm.body + 1} ({role})"),
                    self.p(t(m.name)),
                    self.p(
                        f"{t.number(m.hardness_min, 0)}-{t.number(m.hardness_max, 0)} "
                        f"{m.hardness_scale}"
                    ),
                    t.quantity(m.density_g_cm3, "g/cm³", 2),
                    self.p(m.colour or "-"),
                    self.p(m.supplier or "-"),
                    t.quantity(comp.scrap_pct, "%", 1),
                    t.quantity(2 * comp.compound_g_per_sole, "g", 1),
                    price,
                ]
            )
        widths = [19 * mm, 36 * mm, 22 * mm, 18 * mm, 16 * mm, 22 * mm, 12 * mm, 16 * mm, 19 * mm]
        out: list[Flowable] = [
            self.h2(t("Materials (bill of materials)")),
            sheet_table(rows, widths, align_right=(3, 6, 7, 8)),
            Spacer(1, 2),
            self.p(
                t.text(
                    "Consumption per pair at the nominal size {size}, scrap included (flash, "
                    "runner or overflow less what is reground, plus mill-down).",
                    size=s.sizing.nominal.label,
                ),
                "small",
            ),
        ]
        if placeholder:
            out.append(
                self.p(
                    t("† placeholder price from the presets: confirm with the supplier."), "small"
                )
            )
        return out

    def quality(self) -> list[Flowable]:
        t, rep = self.t, self.s.quality
        basis = {
            "standard": t("standard"),
            "unverified": t("unverified") + " *",
            "practice": t("practice"),
            "user": t("user"),
            "to fill": t("to be filled"),
        }
        head = [t("Status"), t("Rule"), t("Value"), t("Limit"), t("Basis"), t("Source")]
        rows: list[list[Any]] = [head]
        extra: list[tuple[Any, ...]] = []
        computed = [r for r in rep.results if r.rule.kind != "lab"]
        for i, r in enumerate(computed, start=1):
            rows.append(
                [
                    status_text(r.status, t),
                    self.p(t(r.rule.label)),
                    self.p(self._value(r)),
                    self.p(self._limit(r)),
                    basis[r.rule.basis_text.rstrip("*")],
                    self.p(t(r.rule.source)),
                ]
            )
            if r.status in STATUS_COLOURS:
                extra.append(("BACKGROUND", (0, i), (0, i), STATUS_COLOURS[r.status]))
        rules = sheet_table(
            rows, [17 * mm, 40 * mm, 26 * mm, 24 * mm, 19 * mm, 54 * mm], extra=extra
        )
        lab_head = [t("Test"), t("Method"), t("Limit"), t("Measured"), t("Status"), t("Basis")]
        lab_rows: list[list[Any]] = [lab_head]
        lab_extra: list[tuple[Any, ...]] = []
        labs = [r for r in rep.results if r.rule.kind == "lab"]
        for i, r in enumerate(labs, start=1):
            measured = self._value(r) if r.value is not None else "______"
            lab_rows.append(
                [
                    self.p(t(r.rule.label)),
                    self.p(t(r.rule.method) or "-"),
                    self.p(self._limit(r)),
                    measured,
                    status_text(r.status, t),
                    basis[r.rule.basis_text.rstrip("*")],
                ]
            )
            if r.status in STATUS_COLOURS:
                lab_extra.append(("BACKGROUND", (4, i), (4, i), STATUS_COLOURS[r.status]))
        lab = sheet_table(lab_rows, [42 * mm, 50 * mm, 24 * mm, 20 * mm, 20 * mm, 24 * mm],
                     extra=lab_extra)  # fmt: skip
        counts = ", ".join(f"{n} {status_text(k, t)}" for k, n in rep.counts().items())
        verdict = {"pass": t("PASS"), "warn": t("PASS WITH WARNINGS"), "fail": t("FAIL")}
        return [
            PageBreak(),
            self.h2(t.text("Quality: {profile}", profile=t(rep.profile.name))),
            self.p(
                t.text("Result: {verdict} ({counts})", verdict=verdict[rep.status], counts=counts),
                "base",
            ),
            Spacer(1, 4),
            rules,
            Spacer(1, 6),
            self.p(t("Lab tests to be performed by the partner"), "base"),
            lab,
            Spacer(1, 3),
            self.p(
                t(
                    "* Limit quoted by secondary sources and not checked against the standard's "
                    "text: confirm with the current edition. 'To be filled': the standard's "
                    "number was not available; agree it with the partner."
                ),
                "small",
            ),
        ]

    def _value(self, r: RuleResult) -> str:
        where = f" ({r.where})" if len(r.readings) > 1 and r.where else ""
        return format_value(r, self.t, _UNITS) + where

    def _limit(self, r: RuleResult) -> str:
        return format_limit(r.rule, self.t, symbols=True, units=_UNITS)

    def maps(self) -> list[Flowable]:
        t, a = self.t, self.s.analysis
        if a.relief is None:
            return []
        thickness, contact, draft, sections = (
            map_figures(a, t, self.helper) if self._maps is None else self._maps
        )
        return [
            PageBreak(),
            self.h2(t("Maps and sections")),
            thickness,
            contact,
            draft,
            CondPageBreak(90 * mm),
            self.h2(t("Sections")),
            self.p(
                t(
                    "Transverse cuts at 15, 35, 50, 68 and 85 % of the length from the heel "
                    "(width x height, area), and the centre line."
                ),
                "small",
            ),
            sections,
        ]

    def write(self, path: Path) -> None:
        """Lay the sheet out and write the PDF to ``path``."""
        self.build(self.story(), path)

    def story(self) -> list[Flowable]:
        """The sheet's content; its figures are being drawn by the helper, if there is one."""
        # The pages after the views first: their figures are made while the views are drawn.
        rest: list[Flowable] = [
            *self.drawing_pages(),
            PageBreak(),
            *self.dimensions(),
            *self.sizes(),
            *self.material_spec(),
            *self.materials(),
            *self.markings(),
            *self.mould_plan(),
            *self.costing(),
            *self.quality(),
            *self.test_plan(),
            *self.maps(),
            *self.closing(),
            *self.appendix(),
        ]
        return [*self.title_block(), *self.view_section(), *rest]

    def build(self, story: list[Flowable], path: Path) -> None:
        """Lay ``story`` out on A4 pages and write the PDF to ``path``."""
        t, s = self.t, self.s
        left = (
            f"{s.design_name} · {t('Rev.')} {s.project.sheet.revision or '-'} · "
            f"{t.date(s.issued)} · {s.project_id}"
        )
        # Who drew the views matters to whoever debugs a sheet, not to the factory.
        footer = Footer(left, t("Page {n} of {total}"), lambda: f"views drawn with {self.renderer}")
        doc = SimpleDocTemplate(
            str(path),
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=16 * mm,
            title=f"{s.design_name} - {t('Outsole specification sheet')}",
            author=s.project.sheet.designer or "Outsole Studio",
            subject=s.project_id,
            creator="Outsole Studio",
        )
        doc.build(story, canvasmaker=footer.canvas_class())


def map_figures(analysis: Analysis, t: Translator, helper: Executor | None) -> list[Flowable]:
    """The thickness, contact and draft maps and the sections, for the sheet's maps page: from
    the analysis alone, so they can be given to the figures' helper as soon as the model is
    analysed, while the drawing and the mould plan are made ([] without the relief)."""
    from .plots import contact_map, draft_map, sections_figure, thickness_map

    if analysis.relief is None:
        return []
    return [figure_drawing(plot(analysis, t), FRAME_W, helper=helper)
            for plot in (thickness_map, contact_map, draft_map, sections_figure)]  # fmt: skip


#: Units as printed.
_UNITS = {"cm2": "cm²", "mm3": "mm³", "g/cm3": "g/cm³"}
