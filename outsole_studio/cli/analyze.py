"""``outsole-studio analyze``: load, pose and measure outsole models."""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from ..core.analysis import Analysis, AnalysisOptions
from ..core.errors import OutsoleError
from ..core.model import UNIT_TO_MM
from ..core.relief import Relief
from .common import EXIT_ERROR, EXIT_OK, fmt, report_error


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def format_table(a: Analysis) -> str:
    """A readable report of one analysis."""
    d, h, u, p = a.dimensions, a.health, a.units, a.pose
    lines = [
        f"{a.file}  ({a.format.upper()})",
        f"  units        {u.used} (scale to mm {u.scale_to_mm:g}; source: {u.source}; {u.note})",
        f"  pose         up axis in file {p.up_axis_in_file}, flipped {_yes(p.flipped)}, "
        f"reversed {_yes(p.reversed)}, yaw {p.yaw_deg:.1f} deg, confidence {p.confidence:.2f}",
        *(f"               {note}" for note in p.notes),
        f"  mesh         {h.vertices:,} vertices, {h.faces:,} faces, {h.bodies} "
        f"bod{'y' if h.bodies == 1 else 'ies'}; watertight {_yes(h.watertight)}, "
        f"winding consistent {_yes(h.winding_consistent)}",
        f"               degenerate faces {h.degenerate_faces}, "
        f"duplicate faces {h.duplicate_faces}, "
        f"boundary edges {h.boundary_edges}, non-manifold edges {h.non_manifold_edges}",
        f"  repairs      {'; '.join(h.repairs) if h.repairs else 'none needed'}",
        f"  length       {fmt(d.length_mm, 'mm')}",
        f"  width        {fmt(d.width_mm, 'mm')}  (ball {fmt(d.ball_width_mm, 'mm')}, "
        f"heel {fmt(d.heel_width_mm, 'mm')})",
        f"  height       {fmt(d.height_mm, 'mm', 2)}",
        f"  outline      {fmt(a.footprint.area_mm2 / 100, 'cm2', 2)}, perimeter "
        f"{fmt(a.footprint.perimeter_mm, 'mm')}",
        f"  volume       {fmt(a.volume_cm3, 'cm3', 2)}"
        + (f"  ({a.volume_note})" if a.volume_note else ""),
        f"  surface area {fmt(a.surface_area_cm2, 'cm2', 2)}",
    ]
    r = a.relief
    if r is not None:
        lines += _relief_lines(a, r)
    if a.center_of_mass_mm is not None:
        x, y, z = a.center_of_mass_mm
        x, y, z = (round(c, 1) + 0.0 for c in (x, y, z))
        lines.append(f"  centre of mass x {x:.1f}, y {y:.1f}, z {z:.1f} mm")
    if len(a.bodies) > 1:
        for i, b in enumerate(a.bodies, start=1):
            lines.append(
                f"  body {i:<7} {fmt(b.volume_cm3, 'cm3', 2)}, "
                f"{fmt(b.surface_area_cm2, 'cm2', 2)}, "
                f"{'watertight' if b.watertight else 'open'}, {b.faces:,} faces"
            )
    return "\n".join(lines)


def _relief_lines(a: Analysis, r: Relief) -> list[str]:
    c, t = r.contact, r.thickness
    return [
        f"  contact      {fmt(c.area_mm2 / 100, 'cm2', 2)} within {c.tolerance_mm:g} mm "
        f"({c.area_mm2 / max(a.footprint.area_mm2, 1e-12):.0%} of the outline; heel "
        f"{fmt(c.heel_mm2 / 100, 'cm2', 1)}, forefoot {fmt(c.forefoot_mm2 / 100, 'cm2', 1)})",
        f"  tread depth  {fmt(r.tread_depth_mm, 'mm', 2)}",
        f"  thickness    floor {fmt(t.floor_mm, 'mm', 2)}, heel {fmt(t.heel_mm, 'mm', 2)}, "
        f"forefoot {fmt(t.forefoot_mm, 'mm', 2)}, max {fmt(t.max_mm, 'mm', 2)} "
        f"(grid {t.grid_mm:g} mm)",
        f"  drop         {fmt(t.heel_to_toe_drop_mm, 'mm', 1)}; toe spring "
        f"{fmt(r.toe_spring_mm, 'mm', 1)}",
        f"  draft        {fmt(r.draft.low_draft_area_mm2 / 100, 'cm2', 2)} under "
        f"{r.draft.threshold_deg:g} deg, undercut "
        f"{fmt(r.draft.undercut_area_mm2 / 100, 'cm2', 2)}",
        "  sections     "
        + ", ".join(f"{s.position_pct:g} % {s.area_mm2 / 100:.2f} cm2" for s in r.sections[:-1])
        + f"; centre line {r.sections[-1].area_mm2 / 100:.2f} cm2",
    ]


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..io.pipeline import analyze_file, export_normalized

    if args.export_normalized and len(args.files) != 1:
        err.write("error: --export-normalized takes exactly one input file\n")
        return EXIT_ERROR
    if not args.contact_tolerance > 0:
        err.write("error: --contact-tolerance must be a positive number of millimetres\n")
        return EXIT_ERROR
    options = AnalysisOptions(
        units=args.units,
        flip=args.flip,
        reverse=args.reverse,
        contact_tolerance_mm=args.contact_tolerance,
    )
    status = EXIT_OK
    several = len(args.files) > 1
    for i, path in enumerate(args.files):
        try:
            analysis = analyze_file(path, options)
            if args.export_normalized:
                export_normalized(analysis, args.export_normalized)
            if args.maps:
                from pathlib import Path

                from ..io.maps import write_maps

                folder = Path(args.maps)
                write_maps(analysis, folder / Path(path).stem if several else folder)
        except (OutsoleError, MemoryError) as exc:
            report_error(path, exc, args.debug, err)
            status = EXIT_ERROR
            continue
        except Exception as exc:  # noqa: BLE001 - one bad file never stops the others
            report_error(path, exc, args.debug, err)
            status = EXIT_ERROR
            continue
        if args.json:
            doc = analysis.to_dict()
            out.write(json.dumps(doc) if several else json.dumps(doc, indent=2))
            out.write("\n")
        else:
            if i:
                out.write("\n")
            out.write(format_table(analysis) + "\n")
        out.flush()
    return status


def add_parser(sub: Any) -> None:
    """Add the ``analyze`` command."""
    analyze = sub.add_parser(
        "analyze",
        help="load outsole models, put them in the canonical pose and measure them",
        description="Load outsole models (STL, OBJ, PLY, OFF, GLB/glTF, 3MF), bring each into "
        "the canonical frame (X heel to toe, Z up, ground at z = 0, mm) and measure it.",
    )
    analyze.add_argument("files", nargs="+", metavar="FILE", help="mesh files")
    analyze.add_argument(
        "--json", action="store_true", help="print JSON (one line per file when several)"
    )
    analyze.add_argument(
        "--units", choices=sorted(UNIT_TO_MM), help="the file's unit (overrides detection)"
    )
    analyze.add_argument("--flip", action="store_true", help="turn the sole over (tread side)")
    analyze.add_argument("--reverse", action="store_true", help="swap heel and toe")
    analyze.add_argument(
        "--export-normalized", metavar="OUT.stl", help="write the mesh in the canonical frame, mm"
    )
    analyze.add_argument(
        "--contact-tolerance",
        type=float,
        default=0.5,
        metavar="MM",
        help="bottom within this height of the ground is contact (default 0.5)",
    )
    analyze.add_argument(
        "--maps",
        metavar="DIR",
        help="write the thickness grid and per-face draft as .npy files into DIR",
    )
    analyze.add_argument("--debug", action="store_true", help="show tracebacks of errors")
