"""List the catalogue's source strings: every literal passed to the translator in the code, and
the shipped data written in English (material names, profile names, rule labels, sources and
methods, sensitivity cases, cost notes).

    python tools/extract_messages.py            # print the msgids, one per line (repr)
    python tools/extract_messages.py --missing  # those without an Indonesian translation
    python tools/extract_messages.py --update   # add new msgids (untranslated) to the catalogue
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Modules whose user-visible strings go through the translator ``t`` (or ``self.t``).
TRANSLATED = [
    "outsole_studio/render/spec_pdf.py",
    "outsole_studio/render/plots.py",
    "outsole_studio/io/spec_files.py",
]


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
            is_t = name == "t" or (isinstance(f, ast.Attribute) and f.attr == "t")
            is_text = isinstance(f, ast.Attribute) and f.attr == "text"
            arg = node.args[0]
            if (is_t or is_text) and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.append(arg.value)
    return found


def data_messages() -> list[str]:
    from outsole_studio.core import cost
    from outsole_studio.io.library import preset_materials, preset_profiles

    found = []
    for m in preset_materials():
        found.append(m.name)
    for p in preset_profiles():
        found.append(p.name)
        for r in p.rules:
            found += [r.label, r.source] + ([r.method] if r.method else [])
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


def messages() -> list[str]:
    seen: dict[str, None] = {}
    for m in code_messages() + data_messages():
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
