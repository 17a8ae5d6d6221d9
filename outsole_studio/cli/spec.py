"""``outsole-studio spec``: the spec sheet for the sole factory and the mould maker."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..core.i18n import LANGUAGES
from ..io.library import Library
from .common import EXIT_OK, date_option, lang, num, tr
from .options import input_options
from .quality import checked_design

if TYPE_CHECKING:  # imported where used: a command loads only what it runs
    pass


def add_parser(sub: Any) -> None:
    """Add the ``spec`` command."""
    p = sub.add_parser(
        "spec",
        help=tr("write the spec sheet: PDF, XLSX costing, JSON, DXF outlines (and graded STLs)"),
        description=tr(
            "Write the spec sheet of a design into a folder: <design>-spec.pdf (A4), "
            "<design>-costing.xlsx (live formulas), <design>.json, <design>-outline-<size>.dxf per "
            "size (both feet, dimensioned, with the sections), <design>-graded.dxf (every size "
            "nested) and, with --meshes, graded STLs per size, left and right."
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


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Write the sheet and list the files."""
    from ..workflow.export import export

    issued = date_option(args.date)
    with Library(args.library) as lib:
        d = checked_design(args, lib, err)
    sheet_lang = args.lang or lang().lang
    files = export(d, Path(args.out), sheet_lang, args.meshes, not args.no_gl, issued)
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
