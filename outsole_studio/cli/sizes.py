"""``outsole-studio sizes RUN``: a size conversion chart."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ..core.production.sizes import SYSTEMS, SizeSettings, parse_size_run
from ..io import jsonout
from .commands import summary
from .common import EXIT_OK, num, tr


def add_parsers(sub: Any) -> None:
    """Add the ``sizes`` command."""
    p = sub.add_parser(
        "sizes",
        help=summary("sizes"),
        description=tr(
            "A conversion chart through the last length: EU (Paris point), UK, US men, "
            "US women and Mondopoint (foot length). Converted sizes are rounded to half sizes "
            "(Mondopoint to 1 mm); the last and outsole lengths are exact."
        ),
    )
    p.add_argument("run", metavar="RUN", help=tr("e.g. EU36-45, UK6-11/0.5, MP240-280"))
    p.add_argument("--toe-allowance", type=float, default=15.0, metavar="MM",
                   help=tr("last length minus foot length (default 15)"))  # fmt: skip
    p.add_argument("--sole-extra", type=float, default=0.0, metavar="MM",
                   help=tr("outsole length minus last length (default 0)"))  # fmt: skip
    p.add_argument("--json", action="store_true", help=tr("print JSON"))


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Print the chart."""
    settings = SizeSettings(args.toe_allowance, args.sole_extra)
    size_run = parse_size_run(args.run)
    rows = []
    for size in size_run.sizes:
        row: dict[str, Any] = {
            system: size.to(system, settings).rounded().number for system in SYSTEMS
        }
        row[size.system] = size.number
        row["last_length_mm"] = round(size.last_length_mm(settings), 2)
        row["outsole_length_mm"] = round(size.outsole_length_mm(settings), 2)
        rows.append(row)
    if args.json:
        out.write(jsonout.dumps(rows, indent=2) + "\n")
        return EXIT_OK
    out.write("".join(f"{s:>7}" for s in SYSTEMS) + f"{tr('last mm'):>10}{tr('sole mm'):>10}\n")
    for row in rows:
        out.write(
            "".join(f"{row[s]:>7}" for s in SYSTEMS)
            + f"{num(row['last_length_mm'], 1):>10}{num(row['outsole_length_mm'], 1):>10}\n"
        )
    out.write(
        tr(
            "toe allowance {toe} mm (Mondopoint = last - allowance); outsole {extra} mm longer "
            "than the last",
            toe=f"{settings.toe_allowance_mm:g}",
            extra=f"{settings.sole_extra_mm:g}",
        )
        + "\n"
    )
    return EXIT_OK
