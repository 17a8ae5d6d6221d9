"""``outsole-studio check`` and ``profiles``: quality requirements.

``check`` exits 0 when no rule fails (warnings allowed), 1 when a rule fails, 2 on an error.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, TextIO

from ..core.errors import OutsoleError
from ..core.production.requirements import (
    DEFAULT_PROFILE,
    Profile,
    QualityReport,
    Rule,
    format_limit,
    format_value,
    with_limit,
)
from ..io import jsonout
from ..io.library import Library, read_profile_file, write_profile_file
from .commands import summary
from .common import EXIT_FAILED, EXIT_OK, add_library_option, lang, tr
from .options import input_options, open_design, sizing_line

if TYPE_CHECKING:  # imported where used: a command loads only what it runs
    from ..workflow.design import Design


def _marks() -> dict[str, str]:
    return {
        "pass": tr("PASS"),
        "warn": tr("WARN"),
        "fail": tr("FAIL"),
        "not tested": tr("TO TEST"),
        "no limit": tr("NO LIMIT"),
        "not applicable": tr("N/A"),
    }


def _bases() -> dict[str, str]:
    return {
        "standard": tr("standard"),
        "unverified*": tr("unverified") + "*",
        "practice": tr("practice"),
        "user": tr("user"),
        "to fill": tr("to be filled"),
    }


def limit_text(rule: Rule) -> str:
    """A rule's limit in the language in use: ``>= 2,5 mm``, ``55-75 Shore A``."""
    return format_limit(rule, lang())


def add_parsers(sub: Any) -> None:
    """Add ``check`` and ``profiles``."""
    p = sub.add_parser(
        "check",
        help=summary("check"),
        description=tr(
            "Judge the geometry rules at every size of the run, the material rules on "
            "the compounds, and list the lab tests with their methods and limits (judged once a "
            "measured value is entered). Exit code 0: no rule fails; 1: a rule fails; 2: error."
        ),
    )
    input_options(p, costing=False)
    p.add_argument(
        "--profile",
        metavar="KEY",
        help=tr("quality profile (default: the project's, else {key})", key=DEFAULT_PROFILE),
    )
    p.add_argument(
        "--lab",
        action="append",
        metavar="RULE=VALUE",
        help=tr("a value from the lab report, e.g. abrasion=95 (repeatable)"),
    )
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.add_argument(
        "--accept-changed-model",
        action="store_true",
        help=tr("use the project's model file even if it changed"),
    )

    p = sub.add_parser(
        "profiles",
        help=summary("profiles"),
        description=tr(
            "Quality profiles live in the library with the materials. To edit one, "
            "copy it, export it as TOML, change it and import it back, or set a limit directly."
        ),
    )
    acts = p.add_subparsers(dest="action", required=True, metavar="ACTION")

    def action(name: str, text: str) -> argparse.ArgumentParser:
        a: argparse.ArgumentParser = acts.add_parser(name, help=text, description=text)
        add_library_option(a)
        return a

    action("list", tr("list the profiles"))
    a = action("show", tr("show a profile's rules"))
    a.add_argument("key")
    a.add_argument("--json", action="store_true", help=tr("print JSON"))
    a = action("copy", tr("copy a profile under a new key, to edit it"))
    a.add_argument("key")
    a.add_argument("new_key")
    a.add_argument("--name", help=tr("name of the copy"))
    a = action("set-limit", tr("set one rule's limit (its basis becomes 'user')"))
    a.add_argument("key")
    a.add_argument("rule")
    a.add_argument("limit", type=float)
    a.add_argument("limit_max", type=float, nargs="?", help=tr("upper limit of a range"))
    a = action("export", tr("write a profile as TOML"))
    a.add_argument("key")
    a.add_argument("file")
    a = action("import", tr("add or replace a profile from TOML"))
    a.add_argument("file")
    a = action("remove", tr("remove a profile"))
    a.add_argument("key")


def lab_values(items: list[str] | None) -> dict[str, float]:
    out = {}
    for item in items or ():
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise OutsoleError("--lab {item} must be RULE=VALUE, e.g. abrasion=95", item=repr(item))
        try:
            out[key.strip()] = float(value)
        except ValueError:
            raise OutsoleError(
                "--lab {item}: {value} is not a number", item=repr(item), value=repr(value)
            ) from None
    return out


def format_report(report: QualityReport, header: list[str]) -> str:
    """The report as a readable table, in the language in use."""
    from ..render.rows import status_text

    t, marks, bases = lang(), _marks(), _bases()
    sw = max(9, *(len(m) for m in marks.values()))
    lines = [*header, ""]
    lines.append(
        f"  {tr('status'):<{sw}} {tr('rule'):<42} {tr('value'):<26} {tr('limit'):<16} {tr('basis')}"
    )
    lines.append("  " + "-" * 104)
    for r in report.results:
        several = len(r.readings) > 1
        value = format_value(r, lang()) + (f" ({r.where})" if several and r.where else "")
        lab_waiting = r.rule.kind == "lab" and r.status in ("not tested", "no limit")
        if lab_waiting:
            value = tr("to be tested")
        label = t(r.rule.label)
        lines.append(
            f"  {marks[r.status]:<{sw}} {label[:42]:<42} {value[:26]:<26} "
            f"{limit_text(r.rule)[:16]:<16} {bases[r.rule.basis_text]}"
        )
        detail = t.message(r.detail)
        extra = [x for x in (detail, r.rule.method and tr("method: {method}",
                 method=t(r.rule.method))) if x]  # fmt: skip
        if lab_waiting:
            extra = [detail]
        if extra and r.status != "pass":
            lines.append(f"  {'':<{sw}} {'; '.join(extra)}")
        if r.status in ("fail", "warn"):
            lines.append(f"  {'':<{sw}} " + tr("source: {source}", source=t(r.rule.source)))
    counts = ", ".join(f"{n} {status_text(s, lang())}" for s, n in report.counts().items())
    result = {"pass": tr("PASS"), "warn": tr("WARN"), "fail": tr("FAIL")}[report.status]
    lines += ["", tr("  result: {result} ({counts})", result=result, counts=counts)]
    if any(r.rule.basis == "unverified" for r in report.results):
        lines.append(tr("  * limit quoted by secondary sources, not checked against the standard"))
    return "\n".join(lines)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``check`` or a ``profiles`` action."""
    with Library(args.library) as lib:
        if args.command == "profiles":
            return _profiles(lib, args, out)
        return _check(lib, args, out, err)


def checked_design(args: argparse.Namespace, lib: Library, err: TextIO) -> Design:
    """The input opened with its options, ``--profile`` and the ``--lab`` values applied."""
    d = open_design(args, lib, err)
    profile = lib.profile(args.profile) if args.profile else d.profile
    lab = {**d.project.lab_results, **lab_values(args.lab)}
    return d.edit(profile=profile, lab_results=lab)


def _check(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    d = checked_design(args, lib, err)
    profile, report = d.profile, d.quality
    if args.json:
        doc = {
            "schema": "outsole-studio.quality/1",
            "model": str(d.model_file),
            "size_run": d.sizing.run.text,
            **report.to_dict(),
        }
        out.write(jsonout.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    else:
        mats = ", ".join(
            tr("body {n} {key}", n=bm.body + 1, key=bm.material.key) for bm in d.project.materials
        )
        header = [
            tr("Quality: {model} against {profile} ({key})", model=d.model_file.name,
               profile=lang()(profile.name), key=profile.key),
            f"  {sizing_line(d.sizing, d.analysis)}; {mats}",
        ]  # fmt: skip
        out.write(format_report(report, header) + "\n")
    return EXIT_FAILED if report.status == "fail" else EXIT_OK


def _profile_lines(p: Profile, origin: str) -> list[str]:
    t, bases = lang(), _bases()
    kinds = {"geometry": tr("geometry"), "material": tr("material"), "lab": tr("lab")}
    severities = {"fail": tr("fail"), "warn": tr("warn")}
    origins = {"preset": tr("preset"), "edited": tr("edited"), "user": tr("user")}
    lines = [f"{p.key}: {t(p.name)}  [{origins.get(origin, origin)}]", f"  {t(p.description)}", ""]
    for r in p.rules:
        lines.append(
            f"  {r.key:<24} {kinds[r.kind]:<9} {limit_text(r):<18} {severities[r.severity]:<5} "
            f"{bases[r.basis_text]:<11} {t(r.label)}"
        )
    if any(r.basis == "unverified" for r in p.rules):
        lines += ["", tr("  * quoted by secondary sources, not checked against the standard")]
    return lines


def _profiles(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    act = args.action
    if act == "list":
        for p in lib.profiles():
            out.write(
                tr("{key:<20} {n:>3} rules  {name}", key=p.key, n=len(p.rules),
                   name=lang()(p.name)) + "\n"
            )  # fmt: skip
    elif act == "show":
        p = lib.profile(args.key)
        if args.json:
            out.write(jsonout.dumps(p.to_dict(), indent=2, ensure_ascii=False) + "\n")
        else:
            out.write("\n".join(_profile_lines(p, lib.profile_origin(p.key))) + "\n")
    elif act == "copy":
        src = lib.profile(args.key)
        name = args.name or tr("{name} (copy)", name=lang()(src.name))
        copy = Profile(args.new_key, name, src.description, src.rules)
        lib.save_profile(copy)
        out.write(tr("copied {key} to {new}", key=src.key, new=copy.key) + "\n")
    elif act == "set-limit":
        p = with_limit(lib.profile(args.key), args.rule, args.limit, args.limit_max)
        lib.save_profile(p, replace=True)
        out.write(
            tr("{key}: {rule} is now {limit}", key=p.key, rule=args.rule,
               limit=limit_text(p.rule(args.rule))) + "\n"
        )  # fmt: skip
    elif act == "export":
        write_profile_file(lib.profile(args.key), args.file)
        out.write(tr("wrote {key} to {file}", key=args.key, file=args.file) + "\n")
    elif act == "import":
        p = read_profile_file(args.file)
        existed = p.key in {x.key for x in lib.profiles()}
        lib.save_profile(p, replace=True)
        if existed:
            out.write(tr("replaced {key} from {file}", key=p.key, file=args.file) + "\n")
        else:
            out.write(tr("added {key} from {file}", key=p.key, file=args.file) + "\n")
    elif act == "remove":
        lib.remove_profile(args.key)
        out.write(tr("removed {key}", key=args.key) + "\n")
    return EXIT_OK
