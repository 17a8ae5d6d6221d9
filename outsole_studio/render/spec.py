"""Write a whole spec sheet: PDF, XLSX costing, JSON, DXF per size and, on request, graded STLs.

Shared by the command line (``outsole-studio spec``) and the desktop application.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import Flowable

from ..core.geometry.analysis import Analysis
from ..core.geometry.mesh import FloatArray, IntArray
from ..core.i18n import Translator, translator
from ..core.production.inputs import BodyMaterial
from ..core.production.spec import SpecSheet
from ..io.atomic import make_folder, replacing
from ..io.spec_files import write_dxf, write_json, write_nested_dxf
from ..io.stl import write_graded_meshes
from .glview import ViewsDrawn, views_later
from .helper_process import SheetProcesses
from .spec_pdf import VIEW_SIZES, SheetWriter
from .workbook import write_xlsx

_BODY_COLOURS = {
    "rubber": (0.22, 0.23, 0.25),
    "thermoplastic": (0.30, 0.31, 0.33),
    "polyurethane": (0.55, 0.50, 0.44),
    "foam": (0.86, 0.83, 0.77),
}


@dataclass(frozen=True)
class SpecFiles:
    """What was written, and how long each part took (s)."""

    pdf: Path
    xlsx: Path
    json: Path
    dxf: tuple[Path, ...]
    meshes: tuple[Path, ...]
    renderer: str
    seconds: dict[str, float]
    nested_dxf: Path | None = None

    @property
    def all(self) -> tuple[Path, ...]:
        """Every file."""
        nested = () if self.nested_dxf is None else (self.nested_dxf,)
        return (self.pdf, self.xlsx, self.json, *self.dxf, *nested, *self.meshes)


def body_colours(
    analysis: Analysis, materials: tuple[BodyMaterial, ...]
) -> list[tuple[float, float, float]]:
    """Each body's colour (RGB 0-1) by its compound's family; grey when it has none."""
    families = {bm.body: bm.material.family for bm in materials}
    grey = (0.3, 0.3, 0.3)
    return [_BODY_COLOURS.get(families.get(b, ""), grey) for b in range(len(analysis.bodies))]


def body_parts(
    analysis: Analysis, materials: tuple[BodyMaterial, ...]
) -> list[tuple[FloatArray, IntArray, tuple[float, float, float]]]:
    """The model's bodies, each coloured by its compound's family, for the renderers."""
    a = analysis
    return [
        (a.vertices_mm, a.faces[a.body_of_face == b], colour)
        for b, colour in enumerate(body_colours(a, materials))
    ]


def sheet_views(
    analysis: Analysis,
    materials: tuple[BodyMaterial, ...],
    foot: str | None,
    use_gl: bool = True,
    process: Executor | None = None,
) -> Callable[[], ViewsDrawn]:
    """Start drawing the sheet's views of the model in a process of their own (``process``, the
    sheet's views helper, or one started here; see :func:`~.glview.views_later`); the function
    returned waits for them."""
    return views_later(
        body_parts(analysis, materials),
        VIEW_SIZES,
        use_gl=use_gl,
        foot=foot,
        closed=analysis.health.watertight,
        process=process,
    )


def write_spec(
    spec: SpecSheet,
    folder: Path,
    lang: str = "en",
    meshes: bool = False,
    use_gl: bool = True,
    views: Callable[[], ViewsDrawn] | None = None,
    processes: SheetProcesses | None = None,
    maps: list[Flowable] | None = None,
) -> SpecFiles:
    """Write every file of the sheet into ``folder`` (created if missing).

    ``processes``: the sheet's helpers (:class:`~.helper_process.SheetProcesses`), else they are
    started here; each ends once its work is given (the figures' when every figure is queued).
    ``views``: the views already being drawn (:func:`sheet_views`), else they are started here.
    The timing's ``views`` is the time spent waiting for them. ``maps``: the maps' figures
    already given to the figures' helper (:func:`~.spec_pdf.map_figures`), else made here. The
    PDF's content is made first (its figures going to the figures' helper), the workbook, JSON
    and DXF are written while they are drawn, and the PDF is laid out last.
    """
    t = translator(lang)
    make_folder(folder, "is a file; give a folder to write the spec sheet into")
    with SheetProcesses.given_or_started(processes) as helpers:
        if views is None:
            foot = spec.sizing.foot
            views = sheet_views(spec.analysis, spec.project.materials, foot, use_gl, helpers.views)
        return _write(spec, folder, t, meshes, views, helpers.figures, maps)


def _write(
    spec: SpecSheet,
    folder: Path,
    t: Translator,
    meshes: bool,
    views: Callable[[], ViewsDrawn],
    helper: Executor | None,
    maps: list[Flowable] | None,
) -> SpecFiles:
    seconds: dict[str, float] = {"views": 0.0}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = seconds.get(name, 0.0) + now - clock
        clock = now

    def waited() -> ViewsDrawn:
        start = time.perf_counter()
        drawn = views()
        seconds["views"] += time.perf_counter() - start
        return drawn

    slug = spec.slug
    writer = SheetWriter(spec, t, waited, helper, maps)
    story = writer.story()
    if helper is not None:  # every figure is in its queue: it ends when they are drawn
        helper.shutdown(wait=False)
    lap("pdf")
    xlsx = folder / f"{slug}-costing.xlsx"
    write_xlsx(spec, xlsx, t)
    js = folder / f"{slug}.json"
    write_json(spec, js)
    lap("xlsx+json")
    dxf = []
    for g in spec.sizing.graded:
        path = folder / f"{slug}-outline-{g.size.label.replace(' ', '')}.dxf"
        write_dxf(spec, g, path, t)
        dxf.append(path)
    nested = folder / f"{slug}-graded.dxf"
    write_nested_dxf(spec, nested, t)
    lap("dxf")
    pdf = folder / f"{slug}-spec.pdf"
    with replacing(pdf) as tmp:  # reportlab writes by name
        writer.build(story, tmp)
    lap("pdf")
    seconds["pdf"] -= seconds["views"]
    stl: list[Path] = []
    if meshes:
        stl = write_graded_meshes(
            spec.analysis, spec.sizing, folder, slug, both_feet=True, title=spec.design_name
        )
        lap("meshes")
    return SpecFiles(pdf, xlsx, js, tuple(dxf), tuple(stl), views()[1], seconds, nested)
