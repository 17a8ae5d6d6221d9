"""The commands: which module holds each, and the line ``--help`` lists it with.

Only the module of the command given is imported and builds its full parser; the others are
listed by their line alone, so a command loads only what it runs (``analyze`` never loads the
costing's, the quality's or the sheet's modules, nor ``--help`` any of them).
"""

from __future__ import annotations

from collections.abc import Sequence

from .common import tr

#: Each command and the module (of this package) that adds its parser and runs it, in the order
#: ``--help`` lists them.
MODULES: dict[str, str] = {
    "analyze": "analyze",
    "grade": "costing",
    "cost": "costing",
    "project": "costing",
    "check": "quality",
    "profiles": "quality",
    "spec": "spec",
    "materials": "materials",
    "sizes": "sizes",
    "examples": "examples",
}

#: Top-level options that take a value (the command is never that value).
_VALUED = ("--lang",)


def summary(command: str) -> str:
    """The line ``--help`` lists ``command`` with, in the language in use."""
    lines = {
        "analyze": tr("load outsole models, put them in the canonical pose and measure them"),
        "grade": tr("make the outsole in every size of a run and measure each"),
        "cost": tr("cost an order size by size, in Rupiah"),
        "project": tr("make a project file"),
        "check": tr("check a design against a quality profile (exit 1 when a rule fails)"),
        "profiles": tr("list, show, copy, export, import or remove quality profiles"),
        "spec": tr("write the spec sheet: PDF, XLSX costing, JSON, DXF outlines (and graded STLs)"),
        "materials": tr("list, show, add, edit, remove, export or import sole materials"),
        "sizes": tr("convert a size run between EU, UK, US and Mondopoint"),
        "examples": tr("write the example outsoles (synthetic demonstration designs)"),
    }
    return lines[command]


def given(argv: Sequence[str]) -> str | None:
    """The command ``argv`` asks for: its first word that names one (None: no command, as for
    ``--help`` or ``--version`` alone)."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word in _VALUED:
            skip = True
        elif word in MODULES:
            return word
    return None
