"""Quality requirements: profiles of rules, and their judgement on a graded, costed design.

A rule compares one metric with a limit. Geometry rules read the analysis at every size of the
run (so a rule can fail at the smallest size only); material rules read the compound of the body
on the ground (or of every body); lab rules are tests the sole factory performs: they are listed
with method and limit as "not tested" until the measured value from a lab report is entered.

Each limit says what it rests on (``basis``): ``standard`` (checked against the standard's
text), ``unverified`` (quoted by secondary sources, not checked against the standard's text),
``practice`` (trade practice, a starting value to edit) or ``user``. A rule without a limit
(standards whose numbers were not available) is reported as "no limit" for the user to fill.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal

from ..errors import OutsoleError
from ..geometry.analysis import Analysis
from ..messages import Message
from .cost import sole_masses_g
from .graded import GradedSize
from .inputs import BodyMaterial
from .requirements import (
    METRICS,
    STATUSES,
    Profile,
    QualityReport,
    Reading,
    Rule,
    RuleResult,
    Status,
    Value,
)
from .sizes import Size
from .techpack import MaterialSpec

# -- judgement --------------------------------------------------------------------------------


#: Measurement noise allowed at a limit, in the rule's unit (float32 files, sampled maps).
TOLERANCE = 1e-4


def _judge(rule: Rule, value: Value) -> Status:
    if rule.comparison == "true":
        return "pass" if value else rule.severity
    if rule.limit is None:
        return "no limit"
    if value is None or isinstance(value, bool):
        return "not tested"
    lo, t = rule.limit, TOLERANCE
    ok = {
        ">=": value >= lo - t,
        "<=": value <= lo + t,
        ">": value > lo,
        "<": value < lo,
        "range": lo - t <= value <= (rule.limit_max or lo) + t,
    }[rule.comparison]
    return "pass" if ok else rule.severity


def _margin(rule: Rule, value: Value) -> float:
    """How far a value is inside its limit (negative: outside); smaller is more critical."""
    if not isinstance(value, float | int) or isinstance(value, bool) or rule.limit is None:
        return math.inf
    if rule.comparison in (">=", ">"):
        return value - rule.limit
    if rule.comparison in ("<=", "<"):
        return rule.limit - value
    if rule.comparison == "range":
        return min(value - rule.limit, (rule.limit_max or rule.limit) - value)
    return math.inf


def _worst(readings: Sequence[Reading], rule: Rule) -> Reading:
    """The reading with the worst status, and of those the one nearest its limit."""
    return min(readings, key=lambda x: (STATUSES.index(x.status), _margin(rule, x.value)))


def _geometry_value(
    metric: str, a: Analysis, g: GradedSize, masses_g: Mapping[Size, Decimal | None]
) -> Value:
    r = a.relief
    if metric == "watertight":
        return a.health.watertight
    if metric == "mass_g_per_sole":
        mass = masses_g.get(g.size)
        return None if mass is None else float(mass)
    if r is None:
        return None
    cm2 = {
        "contact_heel_cm2": g.contact_heel_mm2,
        "contact_forefoot_cm2": g.contact_forefoot_mm2,
        "low_draft_area_cm2": g.low_draft_area_mm2,
        "undercut_area_cm2": g.undercut_area_mm2,
    }
    if metric in cm2:
        v = cm2[metric]
        return None if v is None else v / 100.0
    return {
        "tread_depth_mm": r.tread_depth_mm,
        "floor_thickness_mm": r.thickness.floor_mm,
        "contact_ratio_pct": 100.0 * (a.contact_ratio or 0.0),
        "heel_to_toe_drop_mm": r.thickness.heel_to_toe_drop_mm,
    }[metric]


def _geometry(
    rule: Rule,
    a: Analysis,
    graded: Sequence[GradedSize],
    masses_g: Mapping[Size, Decimal | None],
) -> RuleResult:
    per_size = METRICS[rule.metric].per_size
    sizes = graded if per_size else [g for g in graded if g.nominal] or list(graded[:1])
    readings = []
    for g in sizes:
        value = _geometry_value(rule.metric, a, g, masses_g)
        status: Status | None = (
            "not tested" if value is None and rule.comparison != "true" else None
        )
        readings.append(Reading(g.size.label, value, status or _judge(rule, value)))
    worst = _worst(readings, rule)
    detail = Message("")
    if per_size and len(readings) > 1:
        bad = [x.where for x in readings if x.status in ("fail", "warn")]
        where_bad = ", ".join(bad)
        if bad and len(bad) < len(readings):
            if worst.status == "fail":
                detail = Message("fails at {where_bad} only", {"where_bad": where_bad})
            else:
                detail = Message("warns at {where_bad} only", {"where_bad": where_bad})
        elif bad:
            detail = (
                Message("fails at every size")
                if worst.status == "fail"
                else Message("warns at every size")
            )
        elif worst.status == "pass":
            detail = Message("passes at all {len} sizes", {"len": len(readings)})
    if worst.value is None and rule.metric == "mass_g_per_sole":
        detail = Message("needs a material for every body")
    where = worst.where if per_size else ""
    return RuleResult(rule, worst.status, worst.value, where, tuple(readings), detail)


def _material(
    rule: Rule,
    materials: Sequence[BodyMaterial],
    ground: int,
    specs: Mapping[int, MaterialSpec],
) -> RuleResult:
    """A material rule judged on the values the project specifies for each body.

    The library's typical ranges are not a specification: a body without one is "not tested",
    its detail saying what the library expects. Density falls back to the library's typical
    value (the figure the masses are computed from).
    """
    chosen = [bm for bm in materials if rule.applies_to == "all" or bm.body == ground]
    if rule.applies_to == "midsole":
        # The bodies above the one on the ground; a model of one body is the midsole itself.
        chosen = [bm for bm in materials if bm.body != ground] or list(materials)
    if not chosen:
        return RuleResult(rule, "not applicable", None, "", (), Message("no material chosen"))
    readings, details = [], {}
    for bm in chosen:
        m, spec = bm.material, specs.get(bm.body)
        where = f"body {bm.body + 1} ({m.key})"
        status: Status
        if rule.metric == "density_g_cm3":
            value: float | None = m.density_g_cm3
            if spec is not None and spec.density_g_cm3 is not None:
                value = spec.density_g_cm3
                detail = Message(
                    "{value} +/- {tolerance} g/cm3 specified",
                    {"value": format(value, "g"),
                     "tolerance": format(spec.density_tolerance_g_cm3, "g")},
                )  # fmt: skip
            else:
                detail = Message("{value} g/cm3", {"value": format(value, "g")})
            status = _judge(rule, value)
        elif spec is None:
            value = None
            status = "no limit" if rule.limit is None else "not tested"
            detail = Message(
                "no hardness specified (the library's typical range: {hardness_min}-"
                "{hardness_max} {hardness_scale})",
                {
                    "hardness_min": format(m.hardness_min, "g"),
                    "hardness_max": format(m.hardness_max, "g"),
                    "hardness_scale": m.hardness_scale,
                },
            )
        else:
            value = spec.hardness
            detail = Message(
                "{value} +/- {tolerance} {scale} specified",
                {"value": format(spec.hardness, "g"),
                 "tolerance": format(spec.hardness_tolerance, "g"),
                 "scale": spec.hardness_scale},
            )  # fmt: skip
            if rule.limit is None:
                status = "no limit"
            elif spec.hardness_scale != rule.scale:
                status = rule.severity
                reason = Message(
                    "specified in {hardness_scale}, the rule needs {scale}",
                    {"hardness_scale": spec.hardness_scale, "scale": rule.scale},
                )
                detail = Message("{detail}; {reason}", {"detail": detail, "reason": reason})
            else:
                status = _judge(rule, spec.hardness)
                if status != "pass":
                    reason = Message("not within {limit_text}", {"limit_text": rule.limit_text})
                    detail = Message("{detail}; {reason}", {"detail": detail, "reason": reason})
        readings.append(Reading(where, value, status))
        details[where] = detail
    worst = _worst(readings, rule)
    return RuleResult(
        rule, worst.status, worst.value, worst.where, tuple(readings), details[worst.where]
    )


def _lab(rule: Rule, measured: float | None) -> RuleResult:
    if measured is None:
        status: Status = "no limit" if rule.limit is None else "not tested"
        if rule.method:
            detail = Message("to be tested by the partner ({method})", {"method": rule.method})
        else:
            detail = Message("to be tested by the partner")
        if rule.limit is None:
            detail = Message("{detail}; limit to be filled from the standard", {"detail": detail})
        return RuleResult(rule, status, None, "", (), detail)
    status = _judge(rule, measured)
    detail = Message("measured value entered from the lab report")
    return RuleResult(rule, status, measured, "lab", (Reading("lab", measured, status),), detail)


def _applies(rule: Rule, materials: Sequence[BodyMaterial], ground: int) -> bool:
    if rule.condition == "always":
        return True
    outsole = next((bm.material for bm in materials if bm.body == ground), None)
    if outsole is None:
        return True
    return outsole.cellular == (rule.condition == "cellular")


def check_quality(
    profile: Profile,
    analysis: Analysis,
    graded: Sequence[GradedSize],
    materials: Sequence[BodyMaterial],
    lab_results: Mapping[str, float] | None = None,
    *,
    masses_g: Mapping[Size, Decimal | None] | None = None,
    specs: Sequence[MaterialSpec] = (),
) -> QualityReport:
    """Judge every rule of ``profile``.

    Parameters
    ----------
    graded : the run's sizes (geometry rules marked per size are judged at each)
    materials : each body's compound (masses, material rules); the compound of the body on the
        ground (:attr:`~..geometry.analysis.Analysis.ground_body`) is "the outsole"
    lab_results : measured values from a lab report, by rule key
    masses_g : net mass of a sole per size, g (:func:`~.cost.sole_masses_g`, computed if not
        given)
    specs : the project's material specifications (hardness and density rules judge them)
    """
    lab_results = dict(lab_results or {})
    for key, measured in lab_results.items():
        # Lab tests measure losses, growths and strengths: never below 0, never infinite.
        if not (math.isfinite(measured) and measured >= 0):
            raise OutsoleError(
                "the lab value of {key} must be a finite number of 0 or more, not {value}",
                key=key,
                value=measured,
            )
    unknown = sorted(set(lab_results) - {r.key for r in profile.rules if r.kind == "lab"})
    if unknown:
        keys = ", ".join(r.key for r in profile.rules if r.kind == "lab")
        raise OutsoleError(
            "profile {key} has no lab test {unknown} (its lab tests: {keys})",
            key=repr(profile.key),
            unknown=repr(unknown[0]),
            keys=keys,
        )
    if not graded:
        raise OutsoleError("no sizes to check")
    if masses_g is None:
        masses_g = sole_masses_g(graded, materials)
    ground = analysis.ground_body
    results = []
    for rule in profile.rules:
        if not _applies(rule, materials, ground):
            detail = Message("only for {condition} outsoles", {"condition": rule.condition})
            results.append(RuleResult(rule, "not applicable", None, "", (), detail))
        elif rule.kind == "geometry":
            results.append(_geometry(rule, analysis, graded, masses_g))
        elif rule.kind == "material":
            results.append(_material(rule, materials, ground, {sp.body: sp for sp in specs}))
        else:
            results.append(_lab(rule, lab_results.get(rule.key)))
    return QualityReport(profile, tuple(results))
