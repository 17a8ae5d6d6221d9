"""``outsole-studio analyze``: load, pose and measure outsole models."""

from __future__ import annotations

import argparse
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from ..core.errors import OutsoleError
from ..core.geometry.names import UNIT_TO_MM
from ..io import jsonout
from .batch import Progress, add_jobs_option, in_order, jobs_refused, workers
from .commands import summary
from .common import (
    EXIT_ERROR,
    EXIT_OK,
    add_pose_options,
    fmt,
    lang,
    num,
    report_error,
    tr,
    use_language,
    yaw_option,
    yes,
)

#: Most worker processes a batch may ask for.

if TYPE_CHECKING:  # the geometry (numpy, scipy) is imported when a model is analysed
    from ..core.geometry.analysis import Analysis
    from ..core.geometry.options import AnalysisOptions
    from ..core.geometry.relief import Relief
    from ..io.read_ahead import Ahead, Meanwhile


def _sources() -> dict[str, str]:
    return {
        "plausibility": tr("plausibility"),
        "file": tr("file"),
        "user": tr("user"),
        "default": tr("default"),
    }


def format_table(a: Analysis) -> str:
    """A readable report of one analysis, in the language in use."""
    d, h, u, p = a.dimensions, a.health, a.units, a.pose
    m = lang().message
    lines = [
        f"{a.file}  ({a.format.upper()})",
        tr("  units        {unit} (scale to mm {scale}; source: {source}; {note})",
           unit=u.used, scale=f"{u.scale_to_mm:g}", source=_sources().get(u.source, u.source),
           note=m(u.note)),
        tr("  pose         up axis in file {axis}, flipped {flipped}, reversed {reversed}, "
           "yaw {yaw} deg, confidence {confidence}",
           axis=p.up_axis_in_file, flipped=yes(p.flipped), reversed=yes(p.reversed),
           yaw=num(p.yaw_deg, 1), confidence=num(p.confidence, 2)),
        *(f"               {m(note)}" for note in p.notes),
        tr("  mesh         {vertices} vertices, {faces} faces, bodies {bodies}; watertight "
           "{watertight}, winding consistent {winding}",
           vertices=num(h.vertices, 0), faces=num(h.faces, 0), bodies=h.bodies,
           watertight=yes(h.watertight), winding=yes(h.winding_consistent)),
        tr("               degenerate faces {degenerate}, duplicate faces {duplicate}, "
           "boundary edges {boundary}, non-manifold edges {non_manifold}",
           degenerate=h.degenerate_faces, duplicate=h.duplicate_faces,
           boundary=h.boundary_edges, non_manifold=h.non_manifold_edges),
        tr("  repairs      {repairs}",
           repairs="; ".join(m(r) for r in h.repairs) if h.repairs else tr("none needed")),
        tr("  length       {length}", length=fmt(d.length_mm, "mm")),
        tr("  width        {width}  (ball {ball}, heel {heel})", width=fmt(d.width_mm, "mm"),
           ball=fmt(d.ball_width_mm, "mm"), heel=fmt(d.heel_width_mm, "mm")),
        tr("  height       {height}", height=fmt(d.height_mm, "mm", 2)),
        tr("  outline      {area}, perimeter {perimeter}",
           area=fmt(a.footprint.area_mm2 / 100, "cm2", 2),
           perimeter=fmt(a.footprint.perimeter_mm, "mm")),
        tr("  volume       {volume}", volume=fmt(a.volume_cm3, "cm3", 2))
        + (f"  ({m(a.volume_note)})" if a.volume_note else ""),
        tr("  surface area {area}", area=fmt(a.surface_area_cm2, "cm2", 2)),
    ]  # fmt: skip
    r = a.relief
    if r is not None:
        lines += _relief_lines(a, r)
    if a.center_of_mass_mm is not None:
        x, y, z = (round(c, 1) + 0.0 for c in a.center_of_mass_mm)
        lines.append(tr("  centre of mass x {x}, y {y}, z {z} mm",
                        x=num(x, 1), y=num(y, 1), z=num(z, 1)))  # fmt: skip
    if len(a.bodies) > 1:
        for i, b in enumerate(a.bodies, start=1):
            lines.append(
                tr(
                    "  body {i:<7} {volume}, {area}, {state}, {faces} faces",
                    i=i,
                    volume=fmt(b.volume_cm3, "cm3", 2),
                    area=fmt(b.surface_area_cm2, "cm2", 2),
                    state=tr("watertight") if b.watertight else tr("open"),
                    faces=num(b.faces, 0),
                )
            )
    return "\n".join(lines)


def _relief_lines(a: Analysis, r: Relief) -> list[str]:
    c, t = r.contact, r.thickness
    ratio = a.contact_ratio or 0.0
    return [
        tr("  contact      {area} within {tol} mm ({ratio} of the outline; heel {heel}, "
           "forefoot {fore})",
           area=fmt(c.area_mm2 / 100, "cm2", 2), tol=f"{c.tolerance_mm:g}",
           ratio=f"{num(100 * ratio, 0)}%", heel=fmt(c.heel_mm2 / 100, "cm2", 1),
           fore=fmt(c.forefoot_mm2 / 100, "cm2", 1)),
        tr("  tread depth  {depth}", depth=fmt(r.tread_depth_mm, "mm", 2)),
        tr("  thickness    floor {floor}, heel {heel}, forefoot {fore}, max {max} (grid {grid} mm)",
           floor=fmt(t.floor_mm, "mm", 2), heel=fmt(t.heel_mm, "mm", 2),
           fore=fmt(t.forefoot_mm, "mm", 2), max=fmt(t.max_mm, "mm", 2),
           grid=f"{t.grid_mm:g}"),
        tr("  drop         {drop}; toe spring {spring}",
           drop=fmt(t.heel_to_toe_drop_mm, "mm", 1), spring=fmt(r.toe_spring_mm, "mm", 1)),
        tr("  draft        {low} under {deg} deg, undercut {under}",
           low=fmt(r.draft.low_draft_area_mm2 / 100, "cm2", 2), deg=f"{r.draft.threshold_deg:g}",
           under=fmt(r.draft.undercut_area_mm2 / 100, "cm2", 2)),
        tr("  sections     {cuts}; centre line {centre}",
           cuts=", ".join(f"{num(s.position_pct, 1)} % {num(s.area_mm2 / 100, 2)} cm2"
                          for s in r.sections[:-1]),
           centre=f"{num(r.sections[-1].area_mm2 / 100, 2)} cm2"),
    ]  # fmt: skip


@dataclass(frozen=True)
class FileJob:
    """One file to analyse, and how (picklable: it may run in another process)."""

    path: str
    options: AnalysisOptions
    lang: str
    json: bool
    one_line: bool
    debug: bool
    export_normalized: str | None = None
    maps: str | None = None


def analyse_one(job: FileJob, ahead: Ahead | None = None) -> tuple[str, str, bool]:
    """Analyse one file: ``(what to print, errors to print, ok)``. Never raises: one bad file
    never stops the others. ``ahead``: the file being read already (see :func:`run`)."""
    from pathlib import Path

    from ..io.pipeline import analyze_file, export_normalized

    use_language(job.lang)
    err = io.StringIO()
    try:
        analysis = analyze_file(job.path, job.options, ahead)
        if job.export_normalized:
            export_normalized(analysis, job.export_normalized)
        if job.maps:
            from ..io.maps import write_maps

            write_maps(analysis, Path(job.maps))
    except Exception as exc:  # noqa: BLE001 - reported as one line, the batch goes on
        report_error(job.path, exc, job.debug, err)
        return "", err.getvalue(), False
    if job.json:
        doc = analysis.to_dict()
        return (jsonout.dumps(doc) if job.one_line else jsonout.dumps(doc, indent=2)), "", True
    return format_table(analysis), "", True


def _heap_warmer(path: str) -> Meanwhile:
    """The wait for a model read ahead, spent touching the heap its analysis will use (moves
    about 74,000 page faults of a 1.3 M-triangle analysis into time the process would idle)."""
    from pathlib import Path

    from ..runtime import analysis_heap_mb, prefault_heap

    try:
        megabytes = analysis_heap_mb(Path(path).stat().st_size)
    except OSError:
        megabytes = 0
    return lambda ready: prefault_heap(megabytes, ready)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pathlib import Path

    from ..core.geometry.options import AnalysisOptions  # no numpy: the workers load it

    if args.export_normalized and len(args.files) != 1:
        err.write(tr("error: --export-normalized takes exactly one input file") + "\n")
        return EXIT_ERROR
    if not 0 < args.contact_tolerance <= 5:  # also refuses nan and inf
        err.write(tr("error: --contact-tolerance must be more than 0 and at most 5 mm") + "\n")
        return EXIT_ERROR
    refused = jobs_refused(args, err)
    if refused is not None:
        return refused
    try:
        yaw = yaw_option(args.yaw)
    except OutsoleError as exc:
        report_error(None, exc, args.debug, err)
        return EXIT_ERROR
    options = AnalysisOptions(
        units=args.units,
        flip=args.flip,
        reverse=args.reverse,
        contact_tolerance_mm=args.contact_tolerance,
        yaw_deg=None if yaw == "auto" else yaw,
        up_axis=None if args.up in (None, "auto") else args.up,
    )
    several = len(args.files) > 1
    jobs = [
        FileJob(path, options, lang().lang, args.json, several, args.debug,
                args.export_normalized,
                None if not args.maps else str(Path(args.maps) / Path(path).stem if several
                                               else Path(args.maps)))
        for path in args.files
    ]  # fmt: skip

    def label(done: int, n: int) -> str:
        return tr("analysed {done} of {n} files", done=done, n=n)

    progress = Progress(err, len(jobs), err.isatty(), label)
    status, printed = EXIT_OK, 0
    if len(jobs) == 1 and not args.debug and workers(args) > 1:
        # One file: it is read and welded in a process of its own while this one imports the
        # analysis (with --debug it is read here, where its warnings are shown; with --jobs 1
        # here too, on one core).
        from ..io.read_ahead import read_ahead

        ahead = read_ahead(jobs[0].path, options.tolerances, _heap_warmer(jobs[0].path))
        results: Iterable[tuple[str, str, bool]] = [analyse_one(jobs[0], ahead)]
    else:
        results = in_order(analyse_one, jobs, workers(args))
    for done, (text, problems, ok) in enumerate(results, 1):
        progress.clear()
        if problems:
            err.write(problems)
        if not ok:
            status = EXIT_ERROR
        else:
            if printed and not args.json:
                out.write("\n")
            out.write(text + "\n")
            printed += 1
        out.flush()
        progress.show(done)
    progress.end()
    return status


def add_parsers(sub: Any) -> None:
    """Add the ``analyze`` command."""
    analyze = sub.add_parser(
        "analyze",
        help=summary("analyze"),
        description=tr(
            "Load outsole models (STL, OBJ, PLY, OFF, GLB/glTF, 3MF), bring each into "
            "the canonical frame (X heel to toe, Z up, ground at z = 0, mm) and measure it."
        ),
    )
    analyze.add_argument("files", nargs="+", metavar="FILE", help=tr("mesh files"))
    analyze.add_argument(
        "--json", action="store_true", help=tr("print JSON (one line per file when several)")
    )
    analyze.add_argument(
        "--units", choices=sorted(UNIT_TO_MM), help=tr("the file's unit (overrides detection)")
    )
    analyze.add_argument("--flip", action="store_true", help=tr("turn the sole over (tread side)"))
    analyze.add_argument("--reverse", action="store_true", help=tr("swap heel and toe"))
    add_pose_options(analyze)
    analyze.add_argument(
        "--export-normalized",
        metavar="OUT.stl",
        help=tr("write the mesh in the canonical frame, mm"),
    )
    analyze.add_argument(
        "--contact-tolerance",
        type=float,
        default=0.5,
        metavar="MM",
        help=tr("bottom within this height of the ground is contact (default 0.5)"),
    )
    add_jobs_option(
        analyze, tr("cores to use: files analysed at once, one per core (default: all cores)")
    )
    analyze.add_argument(
        "--maps",
        metavar="DIR",
        help=tr("write the thickness grid and per-face draft as .npy files into DIR"),
    )
