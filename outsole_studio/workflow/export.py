"""Every output of a design: the spec sheet's files, graded meshes and the grading table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..core.i18n import translator
from ..io.atomic import atomic_write_text, make_folder
from ..io.stl import write_graded_meshes
from ..io.tables import graded_csv
from ..render.helper_process import SheetProcesses
from ..render.spec import SpecFiles, sheet_views, write_spec
from ..render.spec_pdf import map_figures
from .design import Design


def export(
    design: Design,
    folder: Path,
    lang: str = "en",
    meshes: bool = False,
    use_gl: bool = True,
    issued: dt.date | None = None,
    processes: SheetProcesses | None = None,
) -> SpecFiles:
    """Write the spec sheet (PDF, XLSX, JSON, DXF per size; graded STLs with ``meshes``).

    The sheet is assembled from the design's cached cost and quality: nothing is computed again.
    ``processes``: the sheet's helpers, best started before the design is opened (their imports
    then run beside the analysis); else they are started here and ended after.
    """
    with SheetProcesses.given_or_started(processes) as helpers:
        # The views are drawn in one helper, and the figures in the other, while the sheet's
        # other parts are made: the views start now, before the grading, the drawing and the
        # mould plan.
        a = design.analysis
        views = sheet_views(a, design.project.materials, design.foot, use_gl, helpers.views)
        # The maps come from the analysis alone: their figures are drawn meanwhile too.
        maps = map_figures(a, translator(lang), helpers.figures)
        spec = design.spec(issued or dt.date.today())
        return write_spec(spec, Path(folder), lang, meshes, use_gl, views, helpers, maps)


@dataclass(frozen=True)
class GradedFiles:
    """What :func:`export_grading` wrote."""

    meshes: tuple[Path, ...]
    table: Path


def export_grading(design: Design, folder: Path, both_feet: bool) -> GradedFiles:
    """Write one STL per size (and foot) and ``<model>-grading.csv`` with the masses."""
    folder = make_folder(folder, "is a file; give a folder to write the graded meshes into")
    stem = design.model_file.stem
    meshes = write_graded_meshes(
        design.analysis, design.sizing, folder, stem, both_feet, title="graded"
    )
    table = folder / f"{stem}-grading.csv"
    atomic_write_text(table, graded_csv(design.sizing.graded, design.masses_g))
    return GradedFiles(tuple(meshes), table)
