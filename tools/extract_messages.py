"""List the catalogue's source strings: every literal passed to the translator in the code, the
templates of the messages the program writes where they arise (errors, pose and unit notes,
repairs: their f-strings become ``{name}`` templates, matched when shown), and the shipped data
written in English (material names, profile names, rule labels, sources and methods,
sensitivity cases, cost notes).

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
    "outsole_studio/render/plots.py",
    "outsole_studio/render/overlays.py",
    "outsole_studio/io/spec_files.py",
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "outsole_studio" / "cli").glob("*.py")),
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "outsole_studio" / "gui").glob("*.py")),
]
# Calls whose first argument is a message shown to the user as it was written.
MESSAGE_CALLS = {
    "OutsoleError", "MeshFormatError", "GeometryError", "UnsupportedFormatError", "_fail",
    "ArgumentTypeError", "Note",
}  # fmt: skip
# Lists whose appended strings are shown: problem lists, pose notes, repairs.
MESSAGE_LISTS = {"p", "problems", "items", "notes", "repairs"}
# Variables whose assigned strings are shown: unit notes, volume notes.
MESSAGE_VARIABLES = {
    "note", "volume_note", "detail", "reason", "declared", "hint_source", "unit_hint_source",
}  # fmt: skip


def template(node: ast.AST) -> str | None:
    """The ``{name}`` template of a string literal, an f-string or a sum of them."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts, seen = [], set()
        for v in node.values:
            if isinstance(v, ast.Constant):
                parts.append(str(v.value).replace("{", "{{").replace("}", "}}"))
                continue
            e = v.value
            while isinstance(e, ast.Call | ast.Subscript):
                e = e.func if isinstance(e, ast.Call) else e.value
            base = getattr(e, "id", None) or getattr(e, "attr", None) or ""
            base = base.strip("_") or "value"
            name, i = base, 2
            while name in seen:
                name, i = f"{base}{i}", i + 1
            seen.add(name)
            parts.append("{" + name + "}")
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        a, b = template(node.left), template(node.right)
        return a + b if a is not None and b is not None else None
    if isinstance(node, ast.IfExp):
        return template(node.body)
    return None


def message_templates() -> list[str]:
    """Templates of the messages written where they arise (see the module docstring)."""
    found: list[str] = []
    for path in sorted((ROOT / "outsole_studio").rglob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            args: list[ast.AST] = []
            if isinstance(node, ast.Call):
                args += [k.value for k in node.keywords if k.arg in MESSAGE_VARIABLES]
            if isinstance(node, ast.Call) and node.args:
                f = node.func
                name = f.id if isinstance(f, ast.Name) else getattr(f, "attr", "")
                owner = getattr(f, "value", None)
                owner_name = getattr(owner, "id", None) or getattr(owner, "attr", None)
                if name in MESSAGE_CALLS or (name == "append" and owner_name in MESSAGE_LISTS):
                    args = [node.args[0]]
                elif name in ("_check_pct", "_check_money") and len(node.args) > 1:
                    args = [node.args[1]]  # what is checked: "waste of body 2"

            elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(getattr(t, "id", "") in MESSAGE_VARIABLES for t in targets) and node.value:
                    args = [node.value]
            for arg in args:
                for candidate in [arg.body, arg.orelse] if isinstance(arg, ast.IfExp) else [arg]:
                    text = template(candidate)
                    if text and re.search(r"[A-Za-z]{3,}", re.sub(r"\{\w+\}", "", text)):
                        found.append(text)
    return found


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
    from outsole_studio.core.production import cost
    from outsole_studio.io.library import preset_materials, preset_profiles

    found = []
    for m in preset_materials():
        found += [m.name, m.source] + ([m.notes] if m.notes else [])
    for p in preset_profiles():
        found += [p.name, p.description]
        for r in p.rules:
            found += [r.label, r.source] + [x for x in (r.method, r.note) if x]
    found += [
        "compound price +10 %",
        "compound price -10 %",
        "waste +5 points",
        "waste -5 points",
    ]
    tree = ast.parse(Path(cost.__file__).read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Note":
            arg = node.args[0]
            if isinstance(arg, ast.Constant):
                found.append(arg.value)
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
