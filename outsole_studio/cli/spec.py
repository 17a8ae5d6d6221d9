"""``outsole-studio spec``: the spec sheet for the sole factory and the mould maker."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any, TextIO

from ..core.errors import OutsoleError
from ..core.i18n import LANGUAGES
from ..core.production.spec import assemble_spec
from ..io.library import Library
from ..render.spec import write_spec
from .common import EXIT_ERROR, EXIT_OK, lang, num, report_error, tr
from .costing import DEFAULT_PROFILE, input_options, open_design
from .quality import lab_values


def add_parser(sub: Any) -> None:
    """Add the ``spec`` command."""
    p = sub.add_parser(
        "spec",
        help=tr("write the spec sheet: PDF, XLSX costing, JSON, DXF outlines (and graded STLs)"),
        description=tr(
            "Write the spec sheet of a design into a folder: <design>-spec.pdf (A4), "
            "<design>-costing.xlsx (live formulas), <design>.json, <design>-outline-<size>.dxf per "
            "size and, with --meshes, graded STLs per size, left and right."
        ),
    )
    input_options(p, costing=True)
    p.add_argument("--out", required=True, metavar="DIR", help=tr("folder to write into"))
    p.add_argument(
        "--lang", choices=LANGUAGES, help=tr("language of the sheet (default: the language in use)")
    )
    p.add_argument("--meshes", action="store_true", help=tr("also write graded STLs per size"))
    p.add_argument("--profile", metavar="KEY", help=tr("quality profile"))
    p.add_argument("--lab", action="append", metavar="RULE=VALUE",
                   help=tr("a value from the lab report (repeatable)"))  # fmt: skip
    p.add_argument("--date", metavar="YYYY-MM-DD", help=tr("date on the sheet (default today)"))
    p.add_argument("--no-gl", action="store_true",
                   help=tr("draw the views with matplotlib instead of OpenGL"))  # fmt: skip
    p.add_argument("--accept-changed-model", action="store_true",
                   help=tr("use the project's model file even if it changed"))  # fmt: skip
    p.add_argument("--debug", action="store_true", help=tr("show tracebacks of errors"))


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Write the sheet and list the files."""
    try:
        issued = dt.date.today()
        if args.date:
            try:
                issued = dt.date.fromisoformat(args.date)
            except ValueError:
                raise OutsoleError(
                    f"--date {args.date!r} is not a date such as 2026-11-28"
                ) from None
        with Library(args.library) as lib:
            d = open_design(args, lib, err)
            profile = lib.profile(args.profile or d.project.quality_profile or DEFAULT_PROFILE)
        project = d.project
        lab = {**project.lab_results, **lab_values(args.lab)}
        from dataclasses import replace

        project = replace(project, lab_results=lab, quality_profile=profile.key)
        spec = assemble_spec(project, d.analysis, d.sizing, profile, d.model_file.name, issued)
        sheet_lang = args.lang or lang().lang
        files = write_spec(spec, Path(args.out), sheet_lang, args.meshes, use_gl=not args.no_gl)
    except OutsoleError as exc:
        report_error(args.input, exc, args.debug, err)
        return EXIT_ERROR
    for path in files.all:
        out.write(f"{path}\n")
    names = {"views": tr("views"), "pdf": "PDF", "xlsx+json": "XLSX+JSON", "dxf": "DXF",
             "meshes": tr("meshes")}  # fmt: skip
    timing = ", ".join(f"{names[k]} {num(v, 1)} s" for k, v in files.seconds.items())
    out.write(
        tr("wrote {n} files into {folder} (views: {renderer}; {timing})", n=len(files.all),
           folder=args.out, renderer=files.renderer, timing=timing) + "\n"
    )  # fmt: skip
    return EXIT_OK
