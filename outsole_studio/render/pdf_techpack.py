"""The tech-pack sections of the PDF: material specification, tolerances, mould plan with the
cavity table and blank weights, markings, tests by stage, revision log, approvals, and the mesh
health appendix. A mixin of :class:`~.spec_pdf.SheetWriter` (it uses its ``p``, ``h2``, ``t``,
``s``); every figure comes from :mod:`.rows`.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from ..core.production.mould import MouldPlan
from .pdf_parts import FRAME_W, INK, SHADE, Sections, figure_drawing, sheet_table
from .plots import parting_figure
from .rows import (
    CAVITY_COLUMNS,
    cavity_rows,
    marking_rows,
    material_spec_rows,
    mould_rows,
    revision_rows,
    test_plan_rows,
    tolerance_rows,
)


class TechPackSections(Sections):
    """Sections a sole factory quotes from and a mould maker cuts from."""

    def drawing_pages(self) -> list[Flowable]:
        """The dimensioned drawing: plan, side, front and back views, then the sections at one
        enlarged scale (exact when the page is printed at 100 %)."""
        from reportlab.lib.units import inch
        from reportlab.platypus import PageBreak

        from .drawing_plots import PAGE_W_IN, drawing_figure, section_figure, section_scale

        t, d = self.t, self.s.drawing
        foot = self.s.sizing.foot
        side = {"right": t("Side, lateral (right sole)"), "left": t("Side, lateral (left sole)")}
        out: list[Flowable] = [
            PageBreak(),
            self.h2(t("Dimensioned drawing")),
            self.p(
                t.text(
                    "Nominal size {size}, millimetres. Plan seen from below; cut lines "
                    "A-A ... mark the sections that follow.",
                    size=self.s.sizing.nominal.label,
                ),
                "small",
            ),
            figure_drawing(
                drawing_figure(d, t, side.get(foot or "", t("Side (lateral if a right sole)"))),
                FRAME_W,
                helper=self.helper,
            ),
        ]
        if not d.sections:
            return out
        scale = section_scale(d)
        out += [
            CondPageBreak(70 * mm),
            self.h2(t.text("Sections, scale {scale}:1", scale=t.number(scale, 2))),
        ]
        for sec in d.sections:
            out.append(figure_drawing(section_figure(d, sec, t), PAGE_W_IN * inch, tight=False,
                                      helper=self.helper))  # fmt: skip
            out.append(Spacer(1, 2 * mm))
        return out

    def _pairs_table(self, rows: list[tuple[str, str]], label_mm: float) -> Table:
        return sheet_table(
            [[self.p(a), self.p(b)] for a, b in rows],
            [label_mm * mm, FRAME_W - label_mm * mm],
            header=False,
            extra=[("BACKGROUND", (0, 0), (0, -1), SHADE)],
        )

    def material_spec(self) -> list[Flowable]:
        t = self.t
        head = [t("Body"), t("Compound"), t("Compound code"), t("Hardness"), t("Density"),
                t("Colour"), t("Colour standard"), t("Non-marking")]  # fmt: skip
        rows: list[list[Any]] = [head]
        rows += [[self.p(c) for c in row] for row in material_spec_rows(self.s, t)]
        widths = [19, 27, 22, 25, 26, 15, 24, 22]
        out: list[Flowable] = [
            self.h2(t("Material specification")),
            sheet_table(rows, [w * mm for w in widths]),
        ]
        if not self.s.project.techpack.specs:
            out.append(self.p(t("No compound is specified yet: the factory needs a hardness "
                                "with its tolerance for every body."), "small"))  # fmt: skip
        tol = self.s.project.techpack.effective_tolerances
        out += [
            self.h2(t("Tolerances")),
            self._pairs_table(tolerance_rows(tol, t), 45),
            Spacer(1, 2),
            self.p(
                t.text("Source: {source}.", source=t(tol.source) if tol.source else "-"), "small"
            ),
        ]
        return out

    def mould_plan(self) -> list[Flowable]:
        out: list[Flowable] = []
        for plan in self.s.moulds:
            out += self._one_plan(plan)
        return out

    def _one_plan(self, plan: MouldPlan) -> list[Flowable]:
        t, s = self.t, self.s
        title = t("Mould plan")
        if len(s.moulds) > 1:
            role = t("outsole") if plan.body == s.ground else t("midsole")
            title = t.text("Mould plan, body {n} ({role})", n=plan.body + 1, role=role)
        if s.is_default(plan):
            title += " " + t("(defaults of the process: confirm with the mould maker)")
        out: list[Flowable] = [CondPageBreak(90 * mm), self.h2(title)]
        out.append(self._pairs_table(mould_rows(s, plan, t), 62))
        if plan.body == s.ground:
            side = parting_figure(s.analysis, s.parting.height_mm, plan.parting_line_mm, t)
            out.append(figure_drawing(side, FRAME_W, helper=self.helper))
        head = [t(c) for c in CAVITY_COLUMNS]
        rows: list[list[Any]] = [head, *[list(r) for r in cavity_rows(s, plan.body, t)]]
        widths = [20, 14, 24, 24, 26, 26, 23, 23]
        out += [
            self.h2(t("Cavity per size (mm) and blank per sole (g)")),
            sheet_table(rows, [w * mm for w in widths], align_right=tuple(range(1, 8))),
            Spacer(1, 2),
            self.p(t("Part: the moulded sole as graded. Cavity: what the mould maker cuts. "
                     "Blank: the compound weighed per sole before pressing."), "small"),
        ]  # fmt: skip
        return out

    def markings(self) -> list[Flowable]:
        t, s = self.t, self.s
        out: list[Flowable] = []
        marks = marking_rows(s, t)
        out.append(self.h2(t("Markings moulded in")))
        if marks:
            head = [t("Mark"), t("Text"), t("Position"), t("Height"), t("Reads correctly")]
            body: list[list[Any]] = [head, *[[self.p(c) for c in r] for r in marks]]
            out.append(sheet_table(body, [w * mm for w in (22, 52, 56, 20, 30)]))
            out.append(
                self.p(
                    t(
                        "Text must read correctly on the moulded part of both feet: "
                        "the other foot's mould is not a mirror copy for it."
                    ),
                    "small",
                )
            )
        else:
            out.append(self.p(t("No markings listed yet (logo, size, L/R, origin)."), "small"))
        return [KeepTogether(out)]  # never a heading alone at a page's foot

    def test_plan(self) -> list[Flowable]:
        t = self.t
        head = [t("Test"), t("Method"), t("Limit"), t("Stages")]
        rows: list[list[Any]] = [head]
        rows += [[self.p(c) for c in r] for r in test_plan_rows(self.s, t)]
        return [
            CondPageBreak(60 * mm),
            self.h2(t("Tests by stage")),
            sheet_table(rows, [w * mm for w in (44, 56, 22, 58)]),
        ]

    def closing(self) -> list[Flowable]:
        t, s = self.t, self.s
        revisions = revision_rows(s, t)
        head = [t("Revision"), t("Date"), t("Stage"), t("Author"), t("Change")]
        if revisions:
            log: Flowable = sheet_table(
                [head, *[[self.p(c) for c in r] for r in revisions]],
                [w * mm for w in (18, 28, 26, 30, 78)],
            )
        else:
            log = self.p(t("No revision recorded yet: add one when the design is issued."))
        boxes = []
        for role in (t("Designer"), t("Workshop"), t("Sole factory")):
            boxes.append(
                [
                    self.p(role, "base"),
                    Spacer(1, 10),
                    self.p(f"{t('Name')}: ______________________", "cell"),
                    Spacer(1, 8),
                    self.p(f"{t('Date')}: ______________________", "cell"),
                    Spacer(1, 14),
                    self.p(f"{t('Signature')}: __________________", "cell"),
                ]
            )
        approvals = Table([boxes], colWidths=[FRAME_W / 3] * 3)
        approvals.setStyle(
            TableStyle(
                [("BOX", (i, 0), (i, 0), 0.6, INK) for i in range(3)]
                + [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
                ]
            )
        )
        return [
            CondPageBreak(90 * mm),
            self.h2(t("Notes")),
            self.p(s.project.sheet.notes or "-", "base"),
            self.h2(t("Revision history")),
            log,
            KeepTogether([self.h2(t("Approval")), approvals]),
        ]

    def appendix(self) -> list[Flowable]:
        """Mesh health: for whoever rebuilds the model, not for the factory's quote."""
        t, h = self.t, self.s.analysis.health
        yes = {True: t("yes"), False: t("no")}
        health = [
            [t("Vertices"), t.number(h.vertices, 0), t("Watertight"), yes[h.watertight]],
            [t("Triangles"), t.number(h.faces, 0), t("Winding consistent"),
             yes[h.winding_consistent]],
            [t("Bodies"), t.number(h.bodies, 0), t("Boundary edges"),
             t.number(h.boundary_edges, 0)],
            [t("Degenerate faces"), t.number(h.degenerate_faces, 0), t("Non-manifold edges"),
             t.number(h.non_manifold_edges, 0)],
            [t("Duplicate faces"), t.number(h.duplicate_faces, 0), t("Repairs"),
             self.p("; ".join(t.message(r) for r in h.repairs) or t("none needed"))],
        ]  # fmt: skip
        table = sheet_table(
            health,
            [40 * mm, 30 * mm, 40 * mm, 70 * mm],
            header=False,
            align_right=(1,),
            extra=[("BACKGROUND", (0, 0), (0, -1), SHADE), ("BACKGROUND", (2, 0), (2, -1), SHADE)],
        )
        return [KeepTogether([self.h2(t("Appendix: mesh health")), table])]
