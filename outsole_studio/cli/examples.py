"""``outsole-studio examples``: write the example designs."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from .commands import summary
from .common import EXIT_OK, num, tr


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pathlib import Path

    from ..render.examples import write_examples

    folder = Path(args.out)
    written = write_examples(folder)
    for w in written:
        faces = sum(p.faces.shape[0] for p in w.outsole.parts)
        names = ", ".join(f.name for f in w.files)
        out.write(
            tr("{name:26s} {faces:>8} triangles  {files}", name=w.design.name,
               faces=num(faces, 0), files=names) + "\n"
        )  # fmt: skip
    out.write(
        tr("wrote {n} designs, their pictures and README.md into {folder}", n=len(written),
           folder=folder) + "\n"
    )  # fmt: skip
    return EXIT_OK


def add_parsers(sub: Any) -> None:
    """Add the ``examples`` command."""
    examples = sub.add_parser(
        "examples",
        help=summary("examples"),
        description=tr(
            "Generate the example designs and write their meshes, bottom and side "
            "pictures and a catalogue README into a folder."
        ),
    )
    examples.add_argument("--out", required=True, metavar="DIR", help=tr("folder to write into"))
