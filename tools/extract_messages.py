"""List the catalogue's source strings: every literal passed to the translator in the code, the
message ids of the messages made where they arise (errors, notes, repairs, rule details: each a
literal ``{name}`` template with its values beside it), and the shipped data written in English
(material names, profile names, rule labels, sources and methods, sensitivity cases).

    python tools/extract_messages.py            # print the msgids, one per line (repr)
    python tools/extract_messages.py --missing  # those without an Indonesian translation
    python tools/extract_messages.py --update   # add new msgids (untranslated) to the catalogue
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Modules whose user-visible strings go through the translator ``t`` / ``self.t`` / ``tr``.
TRANSLATED = [
    "outsole_studio/render/spec_pdf.py",
    "outsole_studio/render/pdf_parts.py",
    "outsole_studio/render/pdf_techpack.py",
    "outsole_studio/render/drawing_plots.py",
    "outsole_studio/render/rows.py",
    "outsole_studio/render/plots.py",
    "outsole_studio/render/overlays.py",
    "outsole_studio/io/spec_files.py",
    "outsole_studio/render/workbook.py",
    "outsole_studio/render/workbook_mould.py",
    "outsole_studio/render/pdf_costing.py",
    "outsole_studio/workflow/house.py",
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "outsole_studio" / "cli").glob("*.py")),
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "outsole_studio" / "gui").rglob("*.py")),
]
# Calls whose first argument is a message id: the errors, the messages made where they arise.
MESSAGE_CALLS = {
    "OutsoleError", "MeshFormatError", "GeometryError", "UnsupportedFormatError", "_fail",
    "Message", "message", "ArgumentTypeError",
}  # fmt: skip


def message_calls(tree: ast.AST) -> list[tuple[ast.Call, ast.expr]]:
    """Every call of :data:`MESSAGE_CALLS` with its first argument."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            f = node.func
            name = f.id if isinstance(f, ast.Name) else getattr(f, "attr", "")
            if name in MESSAGE_CALLS:
                found.append((node, node.args[0]))
    return found


def message_templates() -> list[str]:
    """The message ids written as literals where messages arise (errors, notes, details)."""
    found: list[str] = []
    for path in sorted((ROOT / "outsole_studio").rglob("*.py")):
        for _call, arg in message_calls(ast.parse(path.read_text())):
            literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            if literal and re.search(r"[A-Za-z]{3,}", re.sub(r"\{\w+\}", "", arg.value)):
                found.append(arg.value)
    return found


def formatted_message_ids() -> list[str]:
    """``path:line`` of every message id built with an f-string (a msgid must be a literal)."""
    bad = []
    for path in sorted((ROOT / "outsole_studio").rglob("*.py")):
        for call, arg in message_calls(ast.parse(path.read_text())):
            if isinstance(arg, ast.JoinedStr) or (
                isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.Add | ast.Mod)
            ):
                bad.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    return bad


def code_messages() -> list[str]:
    found: list[str] = []
    for rel in TRANSLATED:
        tree = ast.parse((ROOT / rel).read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            f = node.func
            name = (
                f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            )
            is_t = name in ("t", "tr") or (isinstance(f, ast.Attribute) and f.attr == "t")
            is_text = isinstance(f, ast.Attribute) and f.attr == "text"
            arg = node.args[0]
            if (is_t or is_text) and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.append(arg.value)
    return found


def data_messages() -> list[str]:
    from outsole_studio.io.library import preset_materials, preset_profiles

    found = []
    for m in preset_materials():
        found += [m.name, m.source] + ([m.notes] if m.notes else [])
    for p in preset_profiles():
        found += [p.name, p.description]
        for r in p.rules:
            found += [r.label, r.source] + [x for x in (r.method, r.note) if x]
    from outsole_studio.core.production import mould, techpack
    from outsole_studio.render.rows import CAVITY_COLUMNS, PROCESS_NAMES

    found += [*PROCESS_NAMES.values(), *CAVITY_COLUMNS, *mould.MOULD_MATERIALS]
    found += [*techpack.MARK_KINDS, *techpack.STAGES, *techpack.REVISION_STAGES]
    found += sorted({tol.source for tol in techpack.DEFAULT_TOLERANCES.values()})
    found += [d.source for d in mould.PROCESS_DEFAULTS.values()]
    found += [x for test in techpack.DEFAULT_TESTS for x in (test.label, test.method, test.limit)]
    found += [
        "compound price +10 %",
        "compound price -10 %",
        "waste +5 points",
        "waste -5 points",
    ]
    return found


def argparse_messages() -> list[str]:
    """The words argparse itself prints (usage, errors), looked up through our catalogue."""
    import argparse

    tree = ast.parse(Path(argparse.__file__).read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("_", "ngettext"):
            for arg in node.args[:2]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.append(arg.value)
    return found


def messages() -> list[str]:
    seen: dict[str, None] = {}
    for m in code_messages() + data_messages() + message_templates() + argparse_messages():
        seen.setdefault(m, None)
    return list(seen)


def po_text(msgids: list[str], translations: dict[str, str]) -> str:
    """A ``.po`` file of ``msgids`` in order, with their translations (empty when missing)."""

    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    lines = [
        "# Outsole Studio: Bahasa Indonesia.",
        "# Source strings are English; update with tools/extract_messages.py --update.",
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Language: id\\n"',
        "",
    ]
    for m in msgids:
        lines += [f"msgid {quote(m)}", f"msgstr {quote(translations.get(m, ''))}", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    from outsole_studio.core.i18n import catalogue_path, parse_po

    path = catalogue_path("id")
    known = parse_po(path.read_text()) if path.exists() else {}
    if "--update" in sys.argv:
        ids = messages()
        ids += [m for m in known if m not in ids]
        path.write_text(po_text(ids, known), encoding="utf-8")
    else:
        for m in messages():
            if "--missing" not in sys.argv or m not in known:
                print(repr(m))
