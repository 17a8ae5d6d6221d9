"""``outsole-studio check`` and ``profiles``: quality requirements.

``check`` exits 0 when no rule fails (warnings allowed), 1 when a rule fails, 2 on an error.
"""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from ..core.analysis import ground_body
from ..core.errors import OutsoleError
from ..core.quality import Profile, QualityReport, check_quality, with_limit
from ..io.library import Library, read_profile_file, write_profile_file
from .common import EXIT_ERROR, EXIT_FAILED, EXIT_OK, report_error
from .costing import DEFAULT_PROFILE, input_options, open_design, sizing_line
from .materials import add_library_option

_MARK = {
    "pass": "PASS",
    "warn": "WARN",
    "fail": "FAIL",
    "not tested": "TO TEST",
    "no limit": "NO LIMIT",
    "not applicable": "N/A",
}


def add_parsers(sub: Any) -> None:
    """Add ``check`` and ``profiles``."""
    p = sub.add_parser(
        "check",
        help="check a design against a quality profile (exit 1 when a rule fails)",
        description="Judge the geometry rules at every size of the run, the material rules on "
        "the compounds, and list the lab tests with their methods and limits (judged once a "
        "measured value is entered). Exit code 0: no rule fails; 1: a rule fails; 2: error.",
    )
    input_options(p, costing=False)
    p.add_argument("--profile", metavar="KEY", help=f"quality profile (default: the project's, "
                   f"else {DEFAULT_PROFILE})")  # fmt: skip
    p.add_argument("--lab", action="append", metavar="RULE=VALUE",
                   help="a value from the lab report, e.g. abrasion=95 (repeatable)")  # fmt: skip
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--accept-changed-model", action="store_true",
                   help="use the project's model file even if it changed")  # fmt: skip
    p.add_argument("--debug", action="store_true", help="show tracebacks of errors")

    p = sub.add_parser(
        "profiles",
        help="list, show, copy, export, import or remove quality profiles",
        description="Quality profiles live in the library with the materials. To edit one, "
        "copy it, export it as TOML, change it and import it back, or set a limit directly.",
    )
    acts = p.add_subparsers(dest="action", required=True, metavar="ACTION")

    def action(name: str, text: str) -> argparse.ArgumentParser:
        a: argparse.ArgumentParser = acts.add_parser(name, help=text, description=text)
        add_library_option(a)
        a.add_argument("--debug", action="store_true", help="show tracebacks of errors")
        return a

    action("list", "list the profiles")
    a = action("show", "show a profile's rules")
    a.add_argument("key")
    a.add_argument("--json", action="store_true", help="print JSON")
    a = action("copy", "copy a profile under a new key, to edit it")
    a.add_argument("key")
    a.add_argument("new_key")
    a.add_argument("--name", help="name of the copy")
    a = action("set-limit", "set one rule's limit (its basis becomes 'user')")
    a.add_argument("key")
    a.add_argument("rule")
    a.add_argument("limit", type=float)
    a.add_argument("limit_max", type=float, nargs="?", help="upper limit of a range")
    a = action("export", "write a profile as TOML")
    a.add_argument("key")
    a.add_argument("file")
    a = action("import", "add or replace a profile from TOML")
    a.add_argument("file")
    a = action("remove", "remove a profile")
    a.add_argument("key")


def lab_values(items: list[str] | None) -> dict[str, float]:
    out = {}
    for item in items or ():
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise OutsoleError(f"--lab {item!r} must be RULE=VALUE, e.g. abrasion=95")
        try:
            out[key.strip()] = float(value)
        except ValueError:
            raise OutsoleError(f"--lab {item!r}: {value!r} is not a number") from None
    return out


def format_report(report: QualityReport, header: list[str]) -> str:
    """The report as a readable table."""
    lines = [*header, ""]
    lines.append(f"  {'status':<9} {'rule':<42} {'value':<26} {'limit':<16} basis")
    lines.append("  " + "-" * 104)
    for r in report.results:
        several = len(r.readings) > 1
        value = r.value_text + (f" ({r.where})" if several and r.where else "")
        if r.status in ("not tested", "no limit") and r.rule.kind == "lab":
            value = "to be tested"
        basis = r.rule.basis_text
        lines.append(
            f"  {_MARK[r.status]:<9} {r.rule.label[:42]:<42} {value[:26]:<26} "
            f"{r.rule.limit_text[:16]:<16} {basis}"
        )
        extra = [x for x in (r.detail, r.rule.method and f"method: {r.rule.method}") if x]
        if r.rule.kind == "lab" and r.detail.startswith("to be tested"):
            extra = [r.detail]
        if extra and r.status != "pass":
            lines.append(f"  {'':<9} {'; '.join(extra)}")
        if r.status in ("fail", "warn"):
            lines.append(f"  {'':<9} source: {r.rule.source}")
    counts = ", ".join(f"{n} {s}" for s, n in report.counts().items())
    lines += ["", f"  result: {report.status.upper()} ({counts})"]
    if any(r.rule.basis == "unverified" for r in report.results):
        lines.append("  * limit quoted by secondary sources, not checked against the standard")
    return "\n".join(lines)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``check`` or a ``profiles`` action."""
    try:
        with Library(args.library) as lib:
            if args.command == "profiles":
                return _profiles(lib, args, out)
            return _check(lib, args, out, err)
    except OutsoleError as exc:
        where = getattr(args, "input", None) or getattr(args, "file", None)
        report_error(where, exc, args.debug, err)
        return EXIT_ERROR


def _check(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    d = open_design(args, lib, err)
    profile = lib.profile(args.profile or d.project.quality_profile or DEFAULT_PROFILE)
    lab = {**d.project.lab_results, **lab_values(args.lab)}
    report = check_quality(
        profile, d.analysis, d.sizing.graded, d.project.materials, ground_body(d.analysis), lab
    )
    if args.json:
        doc = {
            "schema": "outsole-studio.quality/1",
            "model": str(d.model_file),
            "size_run": d.sizing.run.text,
            **report.to_dict(),
        }
        out.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    else:
        mats = ", ".join(f"body {bm.body + 1} {bm.material.key}" for bm in d.project.materials)
        header = [
            f"Quality: {d.model_file.name} against {profile.name} ({profile.key})",
            f"  {sizing_line(d.sizing, d.analysis)}; {mats}",
        ]
        out.write(format_report(report, header) + "\n")
    return EXIT_FAILED if report.status == "fail" else EXIT_OK


def _profile_lines(p: Profile, origin: str) -> list[str]:
    lines = [f"{p.key}: {p.name}  [{origin}]", f"  {p.description}", ""]
    for r in p.rules:
        basis = r.basis_text
        lines.append(
            f"  {r.key:<24} {r.kind:<9} {r.limit_text:<18} {r.severity:<5} {basis:<11} {r.label}"
        )
    if any(r.basis == "unverified" for r in p.rules):
        lines += ["", "  * quoted by secondary sources, not checked against the standard"]
    return lines


def _profiles(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    act = args.action
    if act == "list":
        for p in lib.profiles():
            out.write(f"{p.key:<20} {len(p.rules):>3} rules  {p.name}\n")
    elif act == "show":
        p = lib.profile(args.key)
        if args.json:
            out.write(json.dumps(p.to_dict(), indent=2, ensure_ascii=False) + "\n")
        else:
            out.write("\n".join(_profile_lines(p, lib.profile_origin(p.key))) + "\n")
    elif act == "copy":
        src = lib.profile(args.key)
        copy = Profile(args.new_key, args.name or f"{src.name} (copy)", src.description, src.rules)
        lib.save_profile(copy)
        out.write(f"copied {src.key} to {copy.key}\n")
    elif act == "set-limit":
        p = with_limit(lib.profile(args.key), args.rule, args.limit, args.limit_max)
        lib.save_profile(p, replace=True)
        out.write(f"{p.key}: {args.rule} is now {p.rule(args.rule).limit_text}\n")
    elif act == "export":
        write_profile_file(lib.profile(args.key), args.file)
        out.write(f"wrote {args.key} to {args.file}\n")
    elif act == "import":
        p = read_profile_file(args.file)
        existed = p.key in {x.key for x in lib.profiles()}
        lib.save_profile(p, replace=True)
        out.write(f"{'replaced' if existed else 'added'} {p.key} from {args.file}\n")
    elif act == "remove":
        lib.remove_profile(args.key)
        out.write(f"removed {args.key}\n")
    return EXIT_OK
