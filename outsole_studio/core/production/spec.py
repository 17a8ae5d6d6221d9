"""The spec sheet as data: everything the PDF, the workbook and the JSON say, assembled once.

The writers (PDF, XLSX, JSON, DXF) only lay this out; none computes a figure of its own, so the
numbers agree across every file of a sheet.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..geometry.analysis import Analysis
from ..geometry.drawing import ShoeDrawing
from ..geometry.parting import PartingLine
from .costsheet import CostSheet, SizeCost
from .graded import Sizing
from .mould import CavityRow, MouldPlan
from .project import Project
from .requirements import QualityReport
from .sizes import Size
from .techpack import plan_dict

SCHEMA = "outsole-studio.spec/2"


@dataclass(frozen=True)
class SpecSheet:
    """A design's specification.

    Attributes
    ----------
    project_id : str
        ``OS-`` and 10 hex digits of the project's SHA-256: the same inputs, the same id.
    issued : date
        The sheet's date.
    moulds : tuple of MouldPlan
        A plan per body, in body order: the project's, or the defaults of the body compound's
        process (:meth:`is_default`).
    cavities : mapping of body to tuple of CavityRow
        Part and cavity per size, by body.
    body_net_g : mapping of body to (mapping of Size to Decimal or None)
        Net mass of each moulded body per size, g.
    blanks_g : mapping of body to (mapping of Size to Decimal or None)
        Blank (charge) of each body per sole, g.
    parting : PartingLine
        The parting line the geometry suggests (the plan's own height, when set, rules).
    drawing : ShoeDrawing
        The dimensioned drawing at the nominal size (the project's stations, else the defaults).
    """

    project: Project
    analysis: Analysis
    sizing: Sizing
    cost: CostSheet
    quality: QualityReport
    masses_g: Mapping[Size, Decimal | None]
    model_name: str
    project_id: str
    issued: dt.date
    moulds: tuple[MouldPlan, ...]
    cavities: Mapping[int, tuple[CavityRow, ...]]
    body_net_g: Mapping[int, Mapping[Size, Decimal | None]]
    blanks_g: Mapping[int, Mapping[Size, Decimal | None]]
    parting: PartingLine
    drawing: ShoeDrawing

    @property
    def ground(self) -> int:
        """Index of the body on the ground (the outsole proper)."""
        return self.analysis.ground_body

    @property
    def nominal_cost(self) -> SizeCost:
        """The cost line of the nominal size."""
        return self.cost.size_cost(self.sizing.nominal)

    def is_default(self, plan: MouldPlan) -> bool:
        """The project has no plan of its own for the body: the sheet shows the defaults."""
        return self.project.techpack.plan_for(plan.body) is None

    @property
    def mould(self) -> MouldPlan:
        """The outsole's plan (the body on the ground)."""
        return next((m for m in self.moulds if m.body == self.ground), self.moulds[0])

    @property
    def design_name(self) -> str:
        """The design's name, or the model's file name without extension."""
        return self.project.sheet.design_name or self.model_name.rsplit(".", 1)[0]

    @property
    def slug(self) -> str:
        """A file-name-safe form of the design name (``kawung-casual``)."""
        return design_slug(self.design_name)

    def to_dict(self) -> dict[str, Any]:
        """Everything on the sheet as data."""
        p, s = self.project, self.sizing
        graded = []
        for g in s.graded:
            row = g.to_dict()
            mass = self.masses_g.get(g.size)
            row["mass_g_per_sole"] = None if mass is None else float(mass)
            row["mass_g_per_pair"] = None if mass is None else float(2 * mass)
            graded.append(row)
        nominal = self.nominal_cost
        return {
            "schema": SCHEMA,
            "design": {
                "name": self.design_name,
                "designer": p.sheet.designer,
                "partner": p.sheet.partner,
                "revision": p.sheet.revision,
                "notes": p.sheet.notes,
                "issued": self.issued.isoformat(),
                "project_id": self.project_id,
                "model_file": self.model_name,
                "model_sha256": p.model_sha256,
            },
            "analysis": self.analysis.to_dict(),
            "sizes": {
                "system": s.run.system,
                "run": s.run.text,
                "nominal": s.nominal.label,
                "nominal_source": s.nominal_source,
                "foot": s.foot,
                "graded": graded,
            },
            "materials": [
                {
                    "body": bm.body + 1,
                    "role": "outsole" if bm.body == self.ground else "midsole",
                    **bm.material.to_dict(),
                    "waste_pct_used": str(bm.waste_pct),
                    "consumption_g_per_pair_nominal": float(
                        2 * next(b for b in nominal.bodies if b.body == bm.body).compound_g_per_sole
                    ),
                }
                for bm in p.materials
            ],
            "cost": self.cost.to_dict(),
            "quality": self.quality.to_dict(),
            "techpack": self._techpack_dict(),
            "drawing": self._drawing_dict(),
        }

    def _drawing_dict(self) -> dict[str, Any]:
        d = self.drawing

        def mm(v: float | None) -> float | None:
            return None if v is None else round(v, 2)

        return {
            "plan": {p.kind: {"value_mm": mm(p.value_mm), "x_mm": mm(p.x_mm)} for p in d.plan},
            "heel_height_mm": mm(d.heel_height_mm),
            "toe_spring_mm": mm(d.toe_spring_mm),
            "total_height_mm": mm(d.total_height_mm),
            "sections": [
                {
                    "letter": s.letter,
                    "position_pct": mm(s.section.position_pct),
                    "requested_pct": mm(s.section.requested_pct),
                    "x_mm": mm(s.x_mm),
                    "width_mm": mm(s.width_mm),
                    "total_mm": mm(s.measures.total_mm),
                    "floor_mm": mm(s.measures.floor_mm),
                    "tread_mm": mm(s.measures.tread_mm),
                    "wall_mm": mm(s.measures.wall_mm),
                }
                for s in d.sections
            ],
        }

    def _techpack_dict(self) -> dict[str, Any]:
        tp = self.project.techpack
        return {
            **tp.to_dict(),
            "tolerances_used": tp.effective_tolerances.__dict__,
            "parting_line_suggested_mm": round(self.parting.height_mm, 2),
            "mould_plans": [self._plan_dict(m) for m in self.moulds],
        }

    def _plan_dict(self, m: MouldPlan) -> dict[str, Any]:
        net, blanks = self.body_net_g[m.body], self.blanks_g[m.body]
        return {
            **plan_dict(m),
            "is_default": self.is_default(m),
            "moulds": [[s.label for s in mould] for mould in m.moulds(self.sizing.run.sizes)],
            "cavity_table": [
                {
                    "size": r.size.label,
                    "mould": r.mould,
                    "part_length_mm": round(r.part_length_mm, 2),
                    "part_width_mm": round(r.part_width_mm, 2),
                    "cavity_length_mm": round(r.cavity_length_mm, 2),
                    "cavity_width_mm": round(r.cavity_width_mm, 2),
                }
                for r in self.cavities[m.body]
            ],
            "blank_g_per_sole": [
                {
                    "size": size.label,
                    "net_g": None if (weight := net.get(size)) is None else float(weight),
                    "blank_g": None if blank is None else float(blank),
                }
                for size, blank in blanks.items()
            ],
        }


def project_id(project: Project) -> str:
    """A short stable id of a project's inputs."""
    text = json.dumps(project.to_dict(), sort_keys=True, ensure_ascii=False)
    return "OS-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10].upper()


def assemble_spec(
    project: Project,
    analysis: Analysis,
    sizing: Sizing,
    cost: CostSheet,
    quality: QualityReport,
    masses_g: Mapping[Size, Decimal | None],
    model_name: str,
    issued: dt.date,
    moulds: tuple[MouldPlan, ...],
    cavities: Mapping[int, tuple[CavityRow, ...]],
    body_net_g: Mapping[int, Mapping[Size, Decimal | None]],
    blanks_g: Mapping[int, Mapping[Size, Decimal | None]],
    parting: PartingLine,
    drawing: ShoeDrawing,
) -> SpecSheet:
    """Gather the sheet from results computed once (nothing is computed again here)."""
    return SpecSheet(
        project=project,
        analysis=analysis,
        sizing=sizing,
        cost=cost,
        quality=quality,
        masses_g=masses_g,
        model_name=model_name,
        project_id=project_id(project),
        issued=issued,
        moulds=moulds,
        cavities=cavities,
        body_net_g=body_net_g,
        blanks_g=blanks_g,
        parting=parting,
        drawing=drawing,
    )


def design_slug(name: str) -> str:
    """A file-name-safe form of a design's name (``Kawung casual`` -> ``kawung-casual``)."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "design"
