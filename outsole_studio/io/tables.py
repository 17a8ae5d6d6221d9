"""Small CSV inputs and outputs: an order (size, pairs), a grading table, the graded sizes."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path

from ..core.errors import OutsoleError
from ..core.production.graded import GradedSize, SizeFactors
from ..core.production.inputs import OrderLine
from ..core.production.materials import money_text
from ..core.production.sizes import Size, SizeRun, parse_size
from .textfile import read_text


def _rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    text = read_text(path)
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in columns if c not in header]
    if missing:
        raise OutsoleError(
            "needs the columns {join} in its first line (missing {missing})",
            str(path),
            join=", ".join(columns),
            missing=missing[0],
        )
    reader.fieldnames = header
    rows = []
    for row in reader:
        if None in row:
            raise OutsoleError(
                "line {line_num} has more cells than the header",
                str(path),
                line_num=reader.line_num,
            )
        if any((v or "").strip() for v in row.values()):
            rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items()}))
    if not rows:
        raise OutsoleError("has no rows", str(path))
    return rows


def read_order_csv(path: str | Path, run: SizeRun) -> tuple[OrderLine, ...]:
    """An order as CSV with columns ``size`` and ``pairs`` (sizes on the run's system)."""
    path = Path(path)
    lines = []
    for line_no, row in _rows(path, ("size", "pairs")):
        try:
            try:
                pairs = int(row["pairs"])
            except ValueError:
                raise OutsoleError(
                    "pairs must be a whole number, not {row}", row=repr(row["pairs"])
                ) from None
            if pairs < 0:
                raise OutsoleError("pairs must be 0 or more")
            lines.append(OrderLine(run.find(row["size"]), pairs))
        except OutsoleError as exc:
            raise OutsoleError(
                "line {line_no}: {message}", str(path), line_no=line_no, message=exc.msg
            ) from None
    sizes = [ln.size for ln in lines]
    for s in sizes:
        if sizes.count(s) > 1:
            raise OutsoleError("{label} is listed twice", str(path), label=s.label)
    return tuple(lines)


def read_grading_csv(path: str | Path, system: str) -> tuple[SizeFactors, ...]:
    """A grading table as CSV: ``size,length_factor,width_factor`` (factors from nominal)."""
    path = Path(path)
    out = []
    for line_no, row in _rows(path, ("size", "length_factor", "width_factor")):
        try:
            size = parse_size(row["size"], system)
            try:
                fl, fw = float(row["length_factor"]), float(row["width_factor"])
            except ValueError:
                raise OutsoleError("factors must be numbers such as 1.024") from None
            out.append(SizeFactors(size, fl, fw))
        except OutsoleError as exc:
            raise OutsoleError(
                "line {line_no}: {message}", str(path), line_no=line_no, message=exc.msg
            ) from None
    return tuple(out)


GRADED_COLUMNS = (
    "size",
    "length_factor",
    "width_factor",
    "length_mm",
    "width_mm",
    "ball_width_mm",
    "heel_width_mm",
    "height_mm",
    "outline_area_cm2",
    "volume_cm3",
    "surface_area_cm2",
    "mass_g_per_sole",
    "mass_g_per_pair",
)


def graded_csv(graded: Sequence[GradedSize], masses_g: Mapping[Size, Decimal | None]) -> str:
    """The per-size table as CSV (a sole's mass where it is known, :func:`sole_masses_g`)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(GRADED_COLUMNS)
    for g in graded:
        mass = masses_g.get(g.size)
        w.writerow(
            [
                g.size.label,
                f"{g.length_factor:.6f}",
                f"{g.width_factor:.6f}",
                f"{g.length_mm:.2f}",
                f"{g.width_mm:.2f}",
                f"{g.ball_width_mm:.2f}",
                f"{g.heel_width_mm:.2f}",
                f"{g.height_mm:.2f}",
                f"{g.outline_area_mm2 / 100:.2f}",
                "" if g.volume_cm3 is None else f"{g.volume_cm3:.3f}",
                f"{g.surface_area_cm2:.2f}",
                "" if mass is None else money_text(mass),
                "" if mass is None else money_text(2 * mass),
            ]
        )
    return buf.getvalue()
