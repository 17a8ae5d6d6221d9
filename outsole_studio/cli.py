"""The command line face: ``outsole-studio analyze|...``.

Errors the user can act on are printed as one line, ``error: <file>: <what to do>``, and the exit
code is 2; ``--debug`` adds the traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Sequence
from typing import TextIO

from . import __version__
from .core.analysis import Analysis, AnalysisOptions
from .core.errors import OutsoleError
from .core.model import UNIT_TO_MM
from .core.relief import Relief
from .runtime import tune_memory

EXIT_OK = 0
EXIT_ERROR = 2


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="outsole-studio",
        description="Outsole design specification: measure outsole models in a canonical frame.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

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

    examples = sub.add_parser(
        "examples",
        help="write the example outsoles (synthetic demonstration designs)",
        description="Generate the example designs and write their meshes, bottom and side "
        "pictures and a catalogue README into a folder.",
    )
    examples.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    examples.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    return parser


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _fmt(value: float | None, unit: str, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f} {unit}"


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
        f"  length       {_fmt(d.length_mm, 'mm')}",
        f"  width        {_fmt(d.width_mm, 'mm')}  (ball {_fmt(d.ball_width_mm, 'mm')}, "
        f"heel {_fmt(d.heel_width_mm, 'mm')})",
        f"  height       {_fmt(d.height_mm, 'mm', 2)}",
        f"  outline      {_fmt(a.footprint.area_mm2 / 100, 'cm2', 2)}, perimeter "
        f"{_fmt(a.footprint.perimeter_mm, 'mm')}",
        f"  volume       {_fmt(a.volume_cm3, 'cm3', 2)}"
        + (f"  ({a.volume_note})" if a.volume_note else ""),
        f"  surface area {_fmt(a.surface_area_cm2, 'cm2', 2)}",
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
                f"  body {i:<7} {_fmt(b.volume_cm3, 'cm3', 2)}, "
                f"{_fmt(b.surface_area_cm2, 'cm2', 2)}, "
                f"{'watertight' if b.watertight else 'open'}, {b.faces:,} faces"
            )
    return "\n".join(lines)


def _relief_lines(a: Analysis, r: Relief) -> list[str]:
    c, t = r.contact, r.thickness
    return [
        f"  contact      {_fmt(c.area_mm2 / 100, 'cm2', 2)} within {c.tolerance_mm:g} mm "
        f"({c.area_mm2 / max(a.footprint.area_mm2, 1e-12):.0%} of the outline; heel "
        f"{_fmt(c.heel_mm2 / 100, 'cm2', 1)}, forefoot {_fmt(c.forefoot_mm2 / 100, 'cm2', 1)})",
        f"  tread depth  {_fmt(r.tread_depth_mm, 'mm', 2)}",
        f"  thickness    floor {_fmt(t.floor_mm, 'mm', 2)}, heel {_fmt(t.heel_mm, 'mm', 2)}, "
        f"forefoot {_fmt(t.forefoot_mm, 'mm', 2)}, max {_fmt(t.max_mm, 'mm', 2)} "
        f"(grid {t.grid_mm:g} mm)",
        f"  drop         {_fmt(t.heel_to_toe_drop_mm, 'mm', 1)}; toe spring "
        f"{_fmt(r.toe_spring_mm, 'mm', 1)}",
        f"  draft        {_fmt(r.draft.low_draft_area_mm2 / 100, 'cm2', 2)} under "
        f"{r.draft.threshold_deg:g} deg, undercut "
        f"{_fmt(r.draft.undercut_area_mm2 / 100, 'cm2', 2)}",
        "  sections     "
        + ", ".join(f"{s.position_pct:g} % {s.area_mm2 / 100:.2f} cm2" for s in r.sections[:-1])
        + f"; centre line {r.sections[-1].area_mm2 / 100:.2f} cm2",
    ]


def _report_error(path: str | None, exc: BaseException, debug: bool, err: TextIO) -> None:
    if debug:
        traceback.print_exception(exc, file=err)
    if isinstance(exc, OutsoleError):
        where = exc.path or path
        err.write(f"error: {where}: {exc.message}\n" if where else f"error: {exc.message}\n")
    else:
        err.write(
            f"error: {path}: internal error ({type(exc).__name__}: {exc}); "
            "run again with --debug and report it\n"
        )


def _cmd_analyze(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .io.pipeline import analyze_file, export_normalized

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

                from .io.maps import write_maps

                folder = Path(args.maps)
                write_maps(analysis, folder / Path(path).stem if several else folder)
        except (OutsoleError, MemoryError) as exc:
            _report_error(path, exc, args.debug, err)
            status = EXIT_ERROR
            continue
        except Exception as exc:  # noqa: BLE001 - one bad file never stops the others
            _report_error(path, exc, args.debug, err)
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


def _cmd_examples(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pathlib import Path

    from .render.examples import write_examples

    folder = Path(args.out)
    if folder.exists() and not folder.is_dir():
        err.write(f"error: {folder}: is a file; give a folder to write the examples into\n")
        return EXIT_ERROR
    try:
        written = write_examples(folder)
    except OSError as exc:
        failure = OutsoleError(f"cannot be written: {exc.strerror or exc}", str(folder))
        _report_error(str(folder), failure, args.debug, err)
        return EXIT_ERROR
    except OutsoleError as exc:
        _report_error(str(folder), exc, args.debug, err)
        return EXIT_ERROR
    for w in written:
        faces = sum(p.faces.shape[0] for p in w.outsole.parts)
        names = ", ".join(f.name for f in w.files)
        out.write(f"{w.design.name:26s} {faces:>8,} triangles  {names}\n")
    out.write(f"wrote {len(written)} designs, their pictures and README.md into {folder}\n")
    return EXIT_OK


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the command line; returns the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    args = _build_parser().parse_args(argv)
    tune_memory()
    if args.command == "analyze":
        return _cmd_analyze(args, out, err)
    if args.command == "examples":
        return _cmd_examples(args, out, err)
    return EXIT_ERROR  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
