"""``outsole-studio spec``: the spec sheet for the sole factory and the mould maker."""

from __future__ import annotations

import argparse
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from ..core.i18n import LANGUAGES
from ..io.library import Library
from .batch import Progress, add_jobs_option, in_order, jobs_refused, on_cores, workers
from .commands import summary
from .common import EXIT_ERROR, EXIT_OK, date_option, lang, num, report_error, tr, use_language
from .options import input_options
from .quality import checked_design


def add_parsers(sub: Any) -> None:
    """Add the ``spec`` command."""
    p = sub.add_parser(
        "spec",
        help=summary("spec"),
        description=tr(
            "Write the spec sheet of a design into a folder: <design>-spec.pdf (A4), "
            "<design>-costing.xlsx (live formulas), <design>.json, <design>-outline-<size>.dxf per "
            "size (both feet, dimensioned, with the sections), <design>-graded.dxf (every size "
            "nested) and, with --meshes, graded STLs per size, left and right. Several inputs "
            "are written side by side, each into a folder of its own name inside DIR, in worker "
            "processes."
        ),
    )
    input_options(p, costing=True, several=True)
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
    add_jobs_option(
        p, tr("cores to use: sheets written at once, one per core (default: all cores)")
    )


@dataclass(frozen=True)
class SheetJob:
    """One input's sheet (picklable: it may be written in another process)."""

    args: argparse.Namespace
    folder: str
    issued: dt.date | None
    lang: str


def write_sheet(job: SheetJob, out: TextIO, err: TextIO) -> None:
    """Open the input with the command's options and write its sheet; list the files."""
    from ..render.helper_process import SheetProcesses

    args = job.args
    # The sheet's helpers start first: their imports run beside this process's and the analysis.
    with SheetProcesses.start() as helpers:
        from ..workflow.export import export

        with Library(args.library) as lib:
            d = checked_design(args, lib, err)
        sheet_lang = args.lang or lang().lang
        files = export(
            d, Path(job.folder), sheet_lang, args.meshes, not args.no_gl, job.issued, helpers
        )
    for path in files.all:
        out.write(f"{path}\n")
    names = {"views": tr("views"), "pdf": "PDF", "xlsx+json": "XLSX+JSON", "dxf": "DXF",
             "meshes": tr("meshes")}  # fmt: skip
    timing = ", ".join(f"{names[k]} {num(v, 1)} s" for k, v in files.seconds.items())
    out.write(
        tr("wrote {n} files into {folder} (views: {renderer}; {timing})", n=len(files.all),
           folder=job.folder, renderer=files.renderer, timing=timing) + "\n"
    )  # fmt: skip


def sheet_one(job: SheetJob) -> tuple[str, str, bool]:
    """One input of several: ``(what to print, errors to print, ok)``; never raises, so one
    bad input never stops the others."""
    use_language(job.lang)
    out, err = io.StringIO(), io.StringIO()
    try:
        write_sheet(job, out, err)
    except Exception as exc:  # noqa: BLE001 - one line, and the batch goes on
        report_error(job.args.input, exc, job.args.debug, err)
        return out.getvalue(), err.getvalue(), False
    return out.getvalue(), err.getvalue(), True


def _folders(inputs: list[str]) -> list[str]:
    """A folder name per input: its file's stem, numbered where two inputs share one."""
    stems = [Path(p).stem for p in inputs]
    return [s if stems.count(s) == 1 else f"{s}-{stems[:i].count(s) + 1}"
            for i, s in enumerate(stems)]  # fmt: skip


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Write the sheet of each input and list the files."""
    refused = jobs_refused(args, err)
    if refused is not None:
        return refused
    issued = date_option(args.date)
    inputs: list[str] = args.input
    if len(inputs) == 1:  # errors go to the command's own handler, as for every command
        args.input = inputs[0]
        with on_cores(workers(args)):
            write_sheet(SheetJob(args, args.out, issued, lang().lang), out, err)
        return EXIT_OK
    jobs = [
        SheetJob(argparse.Namespace(**{**vars(args), "input": path}),
                 str(Path(args.out) / folder), issued, lang().lang)
        for path, folder in zip(inputs, _folders(inputs), strict=True)
    ]  # fmt: skip

    def label(done: int, n: int) -> str:
        return tr("wrote {done} of {n} sheets", done=done, n=n)

    progress = Progress(err, len(jobs), err.isatty(), label)
    status = EXIT_OK
    for done, (text, problems, ok) in enumerate(in_order(sheet_one, jobs, workers(args)), 1):
        progress.clear()
        err.write(problems)
        out.write(text)
        out.flush()
        status = status if ok else EXIT_ERROR
        progress.show(done)
    progress.end()
    return status
