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
from ..geometry.parting import PartingLine
from .costsheet import CostSheet, SizeCost
from .graded import Sizing
from .mould import CavityRow, MouldPlan
from .project import Project
from .requirements import QualityReport
from .sizes import Size

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
    mould : MouldPlan
        The project's plan, or the defaults of the outsole compound's process when it has none
        (:attr:`mould_is_default`).
    cavities : tuple of CavityRow
        Part and cavity per size.
    moulded_net_g : mapping of Size to Decimal or None
        Net mass of the moulded body (the outsole, on the ground) per size, g.
    blanks_g : mapping of Size to Decimal or None
        Blank (charge) of that body per sole, g.
    parting : PartingLine
        The parting line the geometry suggests (the plan's own height, when set, rules).
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
    mould: MouldPlan
    cavities: tuple[CavityRow, ...]
    moulded_net_g: Mapping[Size, Decimal | None]
    blanks_g: Mapping[Size, Decimal | None]
    parting: PartingLine

    @property
    def ground(self) -> int:
        """Index of the body on the ground (the outsole proper)."""
        return self.analysis.ground_body

    @property
    def nominal_cost(self) -> SizeCost:
        """The cost line of the nominal size."""
        return self.cost.size_cost(self.sizing.nominal)

    @property
    def mould_is_default(self) -> bool:
        """The project has no mould plan of its own: the sheet shows the process's defaults."""
        return self.project.techpack.mould is None

    @property
    def design_name(self) -> str:
        """The design's name, or the model's file name without extension."""
        return self.project.sheet.design_name or self.model_name.rsplit(".", 1)[0]

    @property
    def slug(self) -> str:
        """A file-name-safe form of the design name (``kawung-casual``)."""
        slug = re.sub(r"[^a-z0-9]+", "-", self.design_name.lower()).strip("-")
        return slug or "design"

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
        }

    def _techpack_dict(self) -> dict[str, Any]:
        tp = self.project.techpack
        mould = self.mould.__dict__ | {"size_groups": [list(g) for g in self.mould.size_groups]}
        return {
            **tp.to_dict(),
            "tolerances_used": tp.effective_tolerances.__dict__,
            "mould": mould,
            "mould_is_default": self.mould_is_default,
            "parting_line_suggested_mm": round(self.parting.height_mm, 2),
            "moulds": [[s.label for s in m] for m in self.mould.moulds(self.sizing.run.sizes)],
            "cavity_table": [
                {
                    "size": r.size.label,
                    "mould": r.mould,
                    "part_length_mm": round(r.part_length_mm, 2),
                    "part_width_mm": round(r.part_width_mm, 2),
                    "cavity_length_mm": round(r.cavity_length_mm, 2),
                    "cavity_width_mm": round(r.cavity_width_mm, 2),
                }
                for r in self.cavities
            ],
            "blank_g_per_sole": [
                {
                    "size": size.label,
                    "net_g": None if net is None else float(net),
                    "blank_g": None if blank is None else float(blank),
                }
                for size, blank in self.blanks_g.items()
                for net in (self.moulded_net_g.get(size),)
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
    mould: MouldPlan,
    cavities: tuple[CavityRow, ...],
    moulded_net_g: Mapping[Size, Decimal | None],
    blanks_g: Mapping[Size, Decimal | None],
    parting: PartingLine,
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
        mould=mould,
        cavities=cavities,
        moulded_net_g=moulded_net_g,
        blanks_g=blanks_g,
        parting=parting,
    )
