"""``outsole-studio materials list|show|add|edit|remove|export|import``: the material library."""

from __future__ import annotations

import argparse
from decimal import Decimal
from typing import Any, TextIO

from ..core.errors import OutsoleError
from ..core.production.materials import HARDNESS_SCALES, PROCESSES, Material, parse_decimal
from ..io import jsonout
from ..io.library import Library, read_materials_file, write_materials_file
from .commands import summary
from .common import EXIT_OK, add_library_option, idr, lang, num, short, tr


def _range(text: str) -> tuple[float, float]:
    """``55-75`` or ``60`` as a (min, max) pair."""
    lo, sep, hi = text.partition("-")
    try:
        a = float(lo)
        b = float(hi) if sep else a
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr("{text} is not a range such as 55-75", text=repr(text))
        ) from None
    return a, b


def add_parsers(sub: Any) -> None:
    """Add the ``materials`` command and its actions."""
    p = sub.add_parser(
        "materials",
        help=summary("materials"),
        description=tr(
            "The material library (SQLite in the user data folder), seeded with the "
            "shipped presets. Prices of the presets are placeholders until you set your own."
        ),
    )
    acts = p.add_subparsers(dest="action", required=True, metavar="ACTION")

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        a: argparse.ArgumentParser = acts.add_parser(name, help=help_text, description=help_text)
        add_library_option(a)
        return a

    a = action("list", tr("list the materials"))
    a.add_argument("--json", action="store_true", help=tr("print JSON"))
    a = action("show", tr("show one material"))
    a.add_argument("key")
    a.add_argument("--json", action="store_true", help=tr("print JSON"))

    for name, text in (("add", tr("add a material")), ("edit", tr("change a material's values"))):
        a = action(name, text)
        a.add_argument("key", help=tr("short identifier, e.g. my-rubber"))
        a.add_argument("--name")
        a.add_argument("--family", choices=("rubber", "thermoplastic", "polyurethane", "foam"))
        a.add_argument("--density", type=float, metavar="G_CM3", help=tr("typical density, g/cm3"))
        a.add_argument("--density-range", type=_range, metavar="MIN-MAX", help=tr("g/cm3"))
        a.add_argument("--hardness-scale", choices=HARDNESS_SCALES)
        a.add_argument("--hardness", type=_range, metavar="MIN-MAX")
        a.add_argument("--process", action="append", choices=PROCESSES, help=tr("repeatable"))
        a.add_argument(
            "--recyclable", action=argparse.BooleanOptionalAction, help=tr("scrap re-melts")
        )
        a.add_argument("--price", metavar="IDR_PER_KG", help=tr("your price, Rupiah per kg"))
        a.add_argument("--waste", metavar="PCT", help=tr("usual waste and flash, percent"))
        a.add_argument("--source")
        a.add_argument("--notes")
        a.add_argument("--colour")
        a.add_argument("--supplier")
    a = action("remove", tr("remove a material"))
    a.add_argument("key")
    a = action("export", tr("write materials to a .toml or .csv file"))
    a.add_argument("file")
    a.add_argument("--key", action="append", help=tr("only these materials (repeatable)"))
    a = action("import", tr("add or replace materials from a .toml or .csv file"))
    a.add_argument("file")


def _changes(args: argparse.Namespace) -> dict[str, Any]:
    c: dict[str, Any] = {}
    for opt, field in (
        ("name", "name"),
        ("family", "family"),
        ("density", "density_g_cm3"),
        ("hardness_scale", "hardness_scale"),
        ("recyclable", "recyclable_scrap"),
        ("source", "source"),
        ("notes", "notes"),
        ("colour", "colour"),
        ("supplier", "supplier"),
    ):
        value = getattr(args, opt)
        if value is not None:
            c[field] = value
    if args.density_range is not None:
        c["density_min_g_cm3"], c["density_max_g_cm3"] = args.density_range
    if args.hardness is not None:
        c["hardness_min"], c["hardness_max"] = args.hardness
    if args.process:
        c["processes"] = tuple(args.process)
    if args.price is not None:
        c["price_idr_per_kg"] = parse_decimal(args.price, "--price")
        c["price_is_placeholder"] = False
    if args.waste is not None:
        c["waste_pct"] = parse_decimal(args.waste, "--waste")
    return c


def _new_material(args: argparse.Namespace) -> Material:
    c = _changes(args)
    missing = [
        opt
        for opt, field in (
            ("--name", "name"),
            ("--family", "family"),
            ("--density", "density_g_cm3"),
            ("--hardness-scale", "hardness_scale"),
            ("--hardness", "hardness_min"),
            ("--price", "price_idr_per_kg"),
        )
        if field not in c
    ]
    if missing:
        raise OutsoleError("a new material needs {join}", join=", ".join(missing))
    density = c["density_g_cm3"]
    return Material(
        key=args.key,
        name=c["name"],
        family=c["family"],
        density_g_cm3=density,
        density_min_g_cm3=c.get("density_min_g_cm3", density),
        density_max_g_cm3=c.get("density_max_g_cm3", density),
        hardness_scale=c["hardness_scale"],
        hardness_min=c["hardness_min"],
        hardness_max=c["hardness_max"],
        processes=c.get("processes", ()),
        recyclable_scrap=c.get("recyclable_scrap", False),
        price_idr_per_kg=c["price_idr_per_kg"],
        price_is_placeholder=False,
        waste_pct=c.get("waste_pct", Decimal(0)),
        source=c.get("source", "user"),
        notes=c.get("notes", ""),
        colour=c.get("colour", ""),
        supplier=c.get("supplier", ""),
    )


def _words() -> dict[str, str]:
    """Words of the library shown translated (families, processes, origins)."""
    return {
        "rubber": tr("rubber"),
        "thermoplastic": tr("thermoplastic"),
        "polyurethane": tr("polyurethane"),
        "foam": tr("foam"),
        "compression": tr("compression"),
        "injection": tr("injection"),
        "vulcanised": tr("vulcanised"),
        "cast": tr("cast"),
        "foamed": tr("foamed"),
        "sheet": tr("sheet"),
        "handmade": tr("handmade"),
        "preset": tr("preset"),
        "edited": tr("edited"),
        "user": tr("user"),
    }


def material_lines(m: Material, origin: str | None = None) -> list[str]:
    """A readable description of one material, in the language in use."""
    t, w = lang(), _words()
    price = tr("{price} per kg", price=idr(m.price_idr_per_kg)) + (
        tr(" (placeholder)") if m.price_is_placeholder else ""
    )
    family = w[m.family] + (tr(", cellular") if m.cellular else "")
    processes = ", ".join(w.get(x, x) for x in m.processes) or "-"
    scrap = tr("re-melts") if m.recyclable_scrap else tr("is waste")
    return [
        f"{m.key}: {t(m.name)}" + (f"  [{w.get(origin, origin)}]" if origin else ""),
        tr("  family      {family}", family=family),
        tr("  density     {density} g/cm3 (range {low}-{high})", density=short(m.density_g_cm3),
           low=short(m.density_min_g_cm3), high=short(m.density_max_g_cm3)),
        tr("  hardness    {low}-{high} {scale}", low=num(m.hardness_min, 0),
           high=num(m.hardness_max, 0), scale=m.hardness_scale),
        tr("  processes   {processes}; scrap {scrap}", processes=processes, scrap=scrap),
        tr("  price       {price}; usual waste {waste} %", price=price, waste=short(m.waste_pct)),
        tr("  source      {source}", source=t(m.source)),
        *([tr("  notes       {notes}", notes=t(m.notes))] if m.notes else []),
        *([tr("  colour      {colour}", colour=m.colour)] if m.colour else []),
        *([tr("  supplier    {supplier}", supplier=m.supplier)] if m.supplier else []),
    ]  # fmt: skip


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Carry out one ``materials`` action."""
    with Library(args.library) as lib:
        return _act(lib, args, out)


def _act(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    act = args.action
    if act == "list":
        mats = lib.materials()
        if args.json:
            out.write(
                jsonout.dumps([m.to_dict() for m in mats], indent=2, ensure_ascii=False) + "\n"
            )
            return EXIT_OK
        out.write(
            f"{tr('key'):<9} {tr('name'):<46} {'g/cm3':>6}  {tr('hardness'):<16} "
            f"{tr('Rp/kg'):>12}\n"
        )
        for m in mats:
            hard = f"{num(m.hardness_min, 0)}-{num(m.hardness_max, 0)} {m.hardness_scale}"
            price = num(m.price_idr_per_kg, 0) + ("*" if m.price_is_placeholder else " ")
            name = lang()(m.name)[:46]
            out.write(
                f"{m.key:<9} {name:<46} {num(m.density_g_cm3, 2):>6}  {hard:<16} {price:>12}\n"
            )
        if any(m.price_is_placeholder for m in mats):
            out.write(
                tr("* placeholder price: set yours with `outsole-studio materials edit KEY "
                   "--price IDR`") + "\n"
            )  # fmt: skip
        out.write(tr("library: {path}", path=lib.path) + "\n")
    elif act == "show":
        m = lib.material(args.key)
        if args.json:
            out.write(jsonout.dumps(m.to_dict(), indent=2, ensure_ascii=False) + "\n")
        else:
            out.write("\n".join(material_lines(m, lib.origin(m.key))) + "\n")
    elif act == "add":
        m = _new_material(args)
        lib.add(m)
        out.write(tr("added {key} to {path}", key=m.key, path=lib.path) + "\n")
    elif act == "edit":
        changes = _changes(args)
        if not changes:
            raise OutsoleError("nothing to change: give at least one option, e.g. --price 36000")
        m = lib.edit(args.key, **changes)
        out.write("\n".join(material_lines(m, lib.origin(m.key))) + "\n")
    elif act == "remove":
        lib.remove(args.key)
        out.write(tr("removed {key}", key=args.key) + "\n")
    elif act == "export":
        mats = [lib.material(k) for k in args.key] if args.key else lib.materials()
        write_materials_file(mats, args.file)
        out.write(tr("wrote {n} materials to {file}", n=len(mats), file=args.file) + "\n")
    elif act == "import":
        added, replaced = lib.import_materials(read_materials_file(args.file))
        out.write(
            tr("imported {file}: {added} added, {replaced} replaced", file=args.file,
               added=added, replaced=replaced) + "\n"
        )  # fmt: skip
    return EXIT_OK
