"""Requirement profiles and their verdicts: rules with a metric, a limit and its source; a rule's
result and a profile's report, and how a limit and a value read in each language.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any, Literal

from ..errors import OutsoleError
from ..i18n import Translator, translator
from ..messages import Message
from .materials import HARDNESS_SCALES

KINDS = ("geometry", "material", "lab")


COMPARISONS = (">=", "<=", ">", "<", "range", "true")


SEVERITIES = ("fail", "warn")


BASES = ("standard", "unverified", "practice", "user")


APPLIES_TO = ("outsole", "midsole", "all")


CONDITIONS = ("always", "cellular", "non-cellular")


#: Statuses, worst first.

Kind = Literal["geometry", "material", "lab"]
Comparison = Literal[">=", "<=", ">", "<", "range", "true"]
Severity = Literal["fail", "warn"]
Basis = Literal["standard", "unverified", "practice", "user"]
AppliesTo = Literal["outsole", "midsole", "all"]
Condition = Literal["always", "cellular", "non-cellular"]
#: A rule's verdict, worst first in :data:`STATUSES`.
Status = Literal["fail", "warn", "pass", "not tested", "no limit", "not applicable"]
STATUSES: tuple[Status, ...] = ("fail", "warn", "pass", "not tested", "no limit", "not applicable")


PROFILE_SCHEMA = "outsole-studio.profile/1"


@dataclass(frozen=True)
class Metric:
    """What a rule can measure: its label, unit, kind and the range a limit on it may take.

    ``limits`` is the declared range of the measure itself (a depth is not negative, a share
    is at most 100 %), wide enough for any sole: a limit outside it is a typo.
    """

    label: str
    unit: str
    kind: Kind
    per_size: bool = False
    limits: tuple[float, float] = (0.0, 1e9)


#: Metrics computed by Outsole Studio. Lab rules may name any metric of their own.
METRICS: dict[str, Metric] = {
    "watertight": Metric("closed (watertight) model", "", "geometry"),
    "tread_depth_mm": Metric("tread depth", "mm", "geometry", limits=(0.0, 50.0)),
    "floor_thickness_mm": Metric(
        "floor thickness under the grooves", "mm", "geometry", limits=(0.0, 100.0)
    ),
    "contact_ratio_pct": Metric(
        "contact area, share of the outline", "%", "geometry", limits=(0.0, 100.0)
    ),
    "contact_heel_cm2": Metric(
        "contact area in the heel", "cm2", "geometry", per_size=True, limits=(0.0, 1000.0)
    ),
    "contact_forefoot_cm2": Metric(
        "contact area in the forefoot", "cm2", "geometry", per_size=True, limits=(0.0, 1000.0)
    ),
    # A negative drop is a heel lower than the forefoot: zero-drop and negative-heel soles.
    "heel_to_toe_drop_mm": Metric("heel-to-toe drop", "mm", "geometry", limits=(-100.0, 150.0)),
    "low_draft_area_cm2": Metric(
        "area with too little draft", "cm2", "geometry", per_size=True, limits=(0.0, 10_000.0)
    ),
    "undercut_area_cm2": Metric(
        "undercut area", "cm2", "geometry", per_size=True, limits=(0.0, 10_000.0)
    ),
    "mass_g_per_sole": Metric(
        "mass per sole", "g", "geometry", per_size=True, limits=(0.0, 5000.0)
    ),
    "hardness": Metric("hardness", "", "material", limits=(0.0, 100.0)),
    "density_g_cm3": Metric("density", "g/cm3", "material", limits=(0.0, 3.0)),
}
#: A lab rule's limit: lab results are finite and not negative (cycles, mm3, N/mm, MPa).
LAB_LIMITS = (0.0, 1e9)


#: The requirement profile a bare model is checked against (a preset of the library).
DEFAULT_PROFILE = "ikm-rubber"

_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")


@dataclass(frozen=True)
class Rule:
    """One requirement.

    Attributes
    ----------
    key : str
        Identifier within its profile (``tread-depth``); lab values are entered by it.
    metric : str
        A key of :data:`METRICS` for geometry and material rules; any name for lab rules.
    comparison : str
        ``>=``, ``<=``, ``>``, ``<``, ``range`` (``limit`` to ``limit_max``) or ``true``.
    limit, limit_max : float or None
        None: the limit is not known yet (to be filled by the user).
    scale : str
        Hardness scale the limits are on (hardness rules).
    method : str
        The test method (lab rules), e.g. ``ISO 4649 method A``.
    applies_to : str
        Material rules: ``outsole`` (the body on the ground), ``midsole`` (the bodies above it;
        the only body of a one-body model) or ``all`` bodies.
    condition : str
        ``always``, or only when the outsole compound is ``cellular`` / ``non-cellular``.
    """

    key: str
    label: str
    kind: Kind
    metric: str
    comparison: Comparison
    limit: float | None
    unit: str
    severity: Severity
    source: str
    basis: Basis
    limit_max: float | None = None
    note: str = ""
    method: str = ""
    scale: str = ""
    applies_to: AppliesTo = "outsole"
    condition: Condition = "always"

    def __post_init__(self) -> None:
        metric = METRICS.get(self.metric)
        if (self.comparison in ("<=", "<") and self.kind != "lab" and metric is not None
                and metric.limits[0] < 0
                and self.limit is not None and self.limit >= 0):  # fmt: skip
            # An upper limit on a measure that can be negative (the drop of a tilted scan,
            # -66 mm) states its lower side too: from 0.
            object.__setattr__(self, "comparison", "range")
            object.__setattr__(self, "limit_max", self.limit)
            object.__setattr__(self, "limit", 0.0)
        problems = rule_problems(self)
        if problems:
            raise OutsoleError("rule {key}: {problems}", key=repr(self.key), problems=problems[0])

    @property
    def limit_text(self) -> str:
        """``>= 2.5 mm``, ``55-75 Shore A``, ``must be yes``, ``to be filled`` (English)."""
        return format_limit(self, translator("en"))

    @property
    def basis_text(self) -> str:
        """What the limit rests on, as a sheet shows it (``unverified*``, ``to fill``)."""
        if self.limit is None and self.comparison != "true":
            return "to fill"
        return self.basis + ("*" if self.basis == "unverified" else "")

    def to_dict(self) -> dict[str, Any]:
        """Plain data (None values kept; the TOML writer leaves them out)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def rule_problems(r: Rule) -> list[Message]:
    """Everything wrong with a rule, one phrase each (empty when valid)."""
    p: list[Message] = []
    if not _KEY_RE.match(r.key):
        p.append(Message("key must be 1-60 lower-case letters, digits or dashes"))
    if not r.label.strip():
        p.append(Message("label is empty"))
    if r.kind not in KINDS:
        p.append(
            Message(
                "kind {kind} is not one of {join}", {"kind": repr(r.kind), "join": ", ".join(KINDS)}
            )
        )
    elif r.kind != "lab":
        metric = METRICS.get(r.metric)
        if metric is None or metric.kind != r.kind:
            names = ", ".join(k for k, m in METRICS.items() if m.kind == r.kind)
            p.append(
                Message(
                    "metric {metric} is not a {kind} metric ({names})",
                    {"metric": repr(r.metric), "kind": r.kind, "names": names},
                )
            )
    elif not re.match(r"^[a-z][a-z0-9_]*$", r.metric):
        p.append(Message("metric of a lab rule must be a name such as abrasion_loss_mm3"))
    if r.comparison not in COMPARISONS:
        p.append(
            Message(
                "comparison {comparison} is not one of {join}",
                {"comparison": repr(r.comparison), "join": ", ".join(COMPARISONS)},
            )
        )
    if r.severity not in SEVERITIES:
        p.append(
            Message("severity {severity} is not 'fail' or 'warn'", {"severity": repr(r.severity)})
        )
    if r.basis not in BASES:
        p.append(
            Message(
                "basis {basis} is not one of {join}",
                {"basis": repr(r.basis), "join": ", ".join(BASES)},
            )
        )
    lo, hi = METRICS[r.metric].limits if r.metric in METRICS else LAB_LIMITS
    for name in ("limit", "limit_max"):
        v = getattr(r, name)
        if v is not None and not math.isfinite(v):
            p.append(Message("{name} must be a finite number", {"name": name}))
        elif v is not None and not lo <= v <= hi:
            p.append(
                Message(
                    "{name} {value} is outside {lo} to {hi} {unit}",
                    {"name": name, "value": f"{v:g}", "lo": f"{lo:g}", "hi": f"{hi:g}",
                     "unit": r.scale or r.unit},
                )
            )  # fmt: skip
    if r.comparison == "range" and r.limit is not None:
        if r.limit_max is None:
            p.append(Message("a range needs limit_max"))
        elif r.limit_max < r.limit:
            p.append(Message("limit_max is below limit"))
    if r.comparison == "true" and r.metric != "watertight":
        p.append(Message("comparison 'true' is for yes/no metrics (watertight)"))
    if r.metric == "watertight" and r.comparison != "true":
        p.append(Message("watertight takes comparison 'true'"))
    if r.metric == "hardness" and r.scale not in HARDNESS_SCALES:
        p.append(
            Message(
                "hardness rules need scale, one of {join}", {"join": ", ".join(HARDNESS_SCALES)}
            )
        )
    if r.applies_to not in APPLIES_TO:
        p.append(
            Message(
                "applies_to {applies_to} is not 'outsole', 'midsole' or 'all'",
                {"applies_to": repr(r.applies_to)},
            )
        )
    if r.condition not in CONDITIONS:
        p.append(
            Message(
                "condition {condition} is not one of {join}",
                {"condition": repr(r.condition), "join": ", ".join(CONDITIONS)},
            )
        )
    return p


@dataclass(frozen=True)
class Profile:
    """A named set of rules."""

    key: str
    name: str
    description: str
    rules: tuple[Rule, ...]

    def __post_init__(self) -> None:
        if not _KEY_RE.match(self.key):
            raise OutsoleError(
                "profile key {key}: 1-60 lower-case letters, digits, dashes", key=repr(self.key)
            )
        if not self.name.strip():
            raise OutsoleError("profile {key}: name is empty", key=repr(self.key))
        keys = [r.key for r in self.rules]
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        if dupes:
            raise OutsoleError(
                "profile {key}: rule {dupes} appears twice",
                key=repr(self.key),
                dupes=repr(dupes[0]),
            )

    def rule(self, key: str) -> Rule:
        """A rule by key; the error lists the keys there are."""
        for r in self.rules:
            if r.key == key:
                return r
        keys = ", ".join(r.key for r in self.rules)
        raise OutsoleError(
            "profile {key} has no rule {key2} (it has: {keys})",
            key=repr(self.key),
            key2=repr(key),
            keys=keys,
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain data, as the TOML exchange file holds it."""
        return {
            "schema": PROFILE_SCHEMA,
            "key": self.key,
            "name": self.name,
            "description": self.description,
            "rule": [r.to_dict() for r in self.rules],
        }


_RULE_TEXT = ("key", "label", "kind", "metric", "comparison", "unit", "severity", "source", "basis")


_RULE_OPTIONAL_TEXT = {
    "note": "",
    "method": "",
    "scale": "",
    "applies_to": "outsole",
    "condition": "always",
}


_RULE_FIELDS = {f.name for f in fields(Rule)}


def rule_from_mapping(data: Mapping[str, Any], context: str) -> Rule:
    """A :class:`Rule` from plain data; errors name the rule and the field."""
    key = data.get("key")
    label = f"{context} {key!r}" if isinstance(key, str) and key else context
    unknown = sorted(set(data) - _RULE_FIELDS)
    if unknown:
        raise OutsoleError(
            "{label}: unknown field {unknown}", label=label, unknown=repr(unknown[0])
        )
    values: dict[str, Any] = {}
    for name in _RULE_TEXT:
        if name not in data:
            raise OutsoleError("{label}: missing field {name}", label=label, name=repr(name))
        if not isinstance(data[name], str):
            raise OutsoleError(
                "{label}: {name} must be text, not {data}",
                label=label,
                name=name,
                data=repr(data[name]),
            )
        values[name] = data[name].strip()
    for name, default in _RULE_OPTIONAL_TEXT.items():
        value = data.get(name, default)
        if not isinstance(value, str):
            raise OutsoleError(
                "{label}: {name} must be text, not {value}",
                label=label,
                name=name,
                value=repr(value),
            )
        values[name] = value.strip()
    for name in ("limit", "limit_max"):
        value = data.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise OutsoleError(
                "{label}: {name} must be a number, not {value}",
                label=label,
                name=name,
                value=repr(value),
            )
        values[name] = None if value is None else float(value)
    try:
        return Rule(**values)
    except OutsoleError as exc:
        # Say where the rule came from instead of its key.
        detail = exc.msg.values.get("problems", exc.msg)
        raise OutsoleError("{label}: {detail}", label=label, detail=detail) from exc


def profile_from_mapping(data: Mapping[str, Any]) -> Profile:
    """A :class:`Profile` from plain data (a TOML exchange file, the library's JSON)."""
    schema = data.get("schema", PROFILE_SCHEMA)
    if schema != PROFILE_SCHEMA:
        raise OutsoleError("is not a quality profile (schema {schema})", schema=repr(schema))
    for name in ("key", "name"):
        if not isinstance(data.get(name), str):
            raise OutsoleError("profile: missing or non-text field {name}", name=repr(name))
    description = data.get("description", "")
    if not isinstance(description, str):
        raise OutsoleError("profile: description must be text")
    raw = data.get("rule", [])
    if not isinstance(raw, list) or not all(isinstance(r, Mapping) for r in raw):
        raise OutsoleError("profile: rules must be [[rule]] tables")
    rules = tuple(rule_from_mapping(r, f"rule {i}") for i, r in enumerate(raw, start=1))
    return Profile(data["key"], data["name"], description, rules)


Value = float | bool | None


@dataclass(frozen=True)
class Reading:
    """One value a rule was judged on: at a size, of a body, or from the lab."""

    where: str
    value: Value
    status: Status


@dataclass(frozen=True)
class RuleResult:
    """A rule's verdict.

    Attributes
    ----------
    status : Status
        One of :data:`STATUSES`.
    value : float, bool or None
        The deciding value: the worst size's or body's, or the lab's.
    where : str
        Where that value was found (``EU 36``, ``body 1 (nr-sbr)``), or empty.
    readings : tuple of Reading
        Every size or body judged.
    detail : Message
        Why, in a few words (``fails at EU 36 only``, ``to be tested by the partner``).
    """

    rule: Rule
    status: Status
    value: Value
    where: str
    readings: tuple[Reading, ...]
    detail: Message


_SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}


def _trimmed(value: float, t: Translator) -> str:
    text = t.number(value, 3)
    return text.rstrip("0").rstrip(t.decimal_sep) if t.decimal_sep in text else text


def format_limit(
    rule: Rule, t: Translator, symbols: bool = False, units: Mapping[str, str] | None = None
) -> str:
    """A rule's limit in ``t``'s language: ``>= 2,5 mm`` (``≥`` with ``symbols``).

    ``units`` maps unit spellings for print (``cm2`` -> ``cm²``).
    """
    unit = rule.scale or rule.unit
    unit = (units or {}).get(unit, unit)
    sep = "" if unit in ("", "%", "°") else " "
    if rule.comparison == "true":
        return t("must be yes")
    if rule.limit is None:
        return t("to be filled")
    if rule.comparison == "range":
        return f"{_trimmed(rule.limit, t)}-{_trimmed(rule.limit_max or 0.0, t)}{sep}{unit}"
    op = _SYMBOLS[rule.comparison] if symbols else rule.comparison
    return f"{op} {_trimmed(rule.limit, t)}{sep}{unit}"


def format_value(result: RuleResult, t: Translator, units: Mapping[str, str] | None = None) -> str:
    """A verdict's deciding value in ``t``'s language (``-`` when there is none)."""
    v = result.value
    if v is None:
        return "-"
    if isinstance(v, bool):
        return t("yes") if v else t("no")
    if result.rule.metric == "hardness" and result.rule.kind == "material":
        # The compound's range on its scale, without the reason it fails.
        d = result.detail
        head = d.values.get("detail", d) if d.msgid == "{detail}; {reason}" else d
        return head.render(t) if isinstance(head, Message) else str(head)
    unit = result.rule.scale or result.rule.unit
    unit = (units or {}).get(unit, unit)
    digits = 0 if abs(v) >= 100 else 1 if abs(v) >= 10 else 2
    return t.quantity(v, unit, digits)


@dataclass(frozen=True)
class QualityReport:
    """Every rule of a profile judged."""

    profile: Profile
    results: tuple[RuleResult, ...]

    @property
    def status(self) -> Literal["fail", "warn", "pass"]:
        """``fail`` if a rule fails, else ``warn`` if one warns, else ``pass``."""
        found = {r.status for r in self.results}
        return "fail" if "fail" in found else "warn" if "warn" in found else "pass"

    def counts(self) -> dict[Status, int]:
        """How many results have each status (statuses with none left out)."""
        out: dict[Status, int] = {}
        for s in STATUSES:
            n = sum(r.status == s for r in self.results)
            if n:
                out[s] = n
        return out

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "profile": {"key": self.profile.key, "name": self.profile.name},
            "status": self.status,
            "counts": self.counts(),
            "rules": [
                {
                    "key": r.rule.key,
                    "label": r.rule.label,
                    "kind": r.rule.kind,
                    "metric": r.rule.metric,
                    "status": r.status,
                    "value": _plain(r.value),
                    "where": r.where,
                    "limit": r.rule.limit_text,
                    "severity": r.rule.severity,
                    "source": r.rule.source,
                    "basis": r.rule.basis,
                    "method": r.rule.method,
                    "detail": str(r.detail),
                    "readings": [
                        {"where": x.where, "value": _plain(x.value), "status": x.status}
                        for x in r.readings
                    ],
                }
                for r in self.results
            ],
        }


def _plain(v: Value) -> Value:
    return round(v, 6) if isinstance(v, float) else v


def with_limit(
    profile: Profile, rule_key: str, limit: float, limit_max: float | None = None
) -> Profile:
    """The profile with one rule's limit set by the user (its basis becomes ``user``)."""
    rule = profile.rule(rule_key)
    changed = replace(
        rule,
        limit=limit,
        limit_max=limit_max if limit_max is not None else rule.limit_max,
        basis="user",
    )
    return replace(profile, rules=tuple(changed if r.key == rule_key else r for r in profile.rules))
