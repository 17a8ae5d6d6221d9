"""Reading a project from plain data (a parsed ``.outsole`` file): every problem found at once,
each with its place in the file (``sizes.run: ...``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from ..errors import OutsoleError
from ..geometry.drawing import Station, parse_stations
from ..geometry.model import UNIT_TO_MM
from ..geometry.pose import UP_AXES
from ..messages import Message, joined
from .graded import DEFAULT_GRADING, Foot, GradingRule, SizeFactors
from .inputs import (
    TOOLING_POLICIES,
    BodyMaterial,
    OrderLine,
    Pricing,
    Process,
    Terms,
    Tooling,
    ToolingLine,
)
from .materials import Material, material_from_mapping, parse_decimal
from .project import SCHEMA_PREFIX, SCHEMA_VERSION, Project, SheetInfo, check_sheet_text
from .sizes import DEFAULT_SIZE_SETTINGS, Size, SizeRun, SizeSettings, parse_size, parse_size_run
from .techpack import TechPack
from .techpack_file import techpack_from_dict

T = TypeVar("T")
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")


class _Problems:
    """Collects every problem of a document so the user sees them all at once."""

    def __init__(self) -> None:
        self.items: list[Message] = []

    def run(self, where: str, fn: Callable[..., T], default: T, *args: Any) -> T:
        """``fn(*args)``, or ``default`` with the problem noted under ``where``."""
        try:
            return fn(*args)
        except OutsoleError as exc:
            self.items.append(Message("{where}: {message}", {"where": where, "message": exc.msg}))
            return default


def _section(data: Mapping[str, Any], name: str, problems: _Problems) -> Mapping[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, Mapping):
        problems.items.append(Message("{name}: must be an object", {"name": name}))
        return {}
    return value


def _text(section: Mapping[str, Any], name: str, default: str = "") -> str:
    value = section.get(name, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise OutsoleError("must be text, not {value}", value=repr(value))
    return value


def _sheet_text(section: Mapping[str, Any], name: str, default: str) -> str:
    """A text of the sheet read from a project file (see :func:`check_sheet_text`)."""
    value = _text(section, name, default)
    check_sheet_text(name, value)
    return value


def _number(section: Mapping[str, Any], name: str, default: float | None) -> float | None:
    value = section.get(name, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise OutsoleError("must be a number, not {value}", value=repr(value))
    return float(value)


def _flag(section: Mapping[str, Any], name: str) -> bool:
    value = section.get(name, False)
    if not isinstance(value, bool):
        raise OutsoleError("must be true or false, not {value}", value=repr(value))
    return value


def _whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise OutsoleError("must be a whole number, not {value}", value=repr(value))
    return value


def project_from_dict(data: Any) -> Project:
    """Validate plain data (a parsed ``.outsole`` file) and build the :class:`Project`.

    Raises
    ------
    OutsoleError
        Listing every problem, each with its place in the file.
    """
    if not isinstance(data, Mapping):
        raise OutsoleError("is not an Outsole Studio project (the file is not a JSON object)")
    schema = data.get("schema")
    if not isinstance(schema, str) or not schema.startswith(SCHEMA_PREFIX):
        raise OutsoleError("is not an Outsole Studio project (no 'outsole-studio.project' schema)")
    version = schema[len(SCHEMA_PREFIX) :]
    if not version.isdigit() or int(version) > SCHEMA_VERSION:
        raise OutsoleError(
            "was saved by a newer Outsole Studio (schema {schema}); update to open it",
            schema=schema,
        )
    p = _Problems()
    model = _section(data, "model", p)
    model_path = p.run("model.path", lambda: _text(model, "path"), "")
    if not model_path:
        p.items.append(Message("model.path: is missing"))
    sha = p.run("model.sha256", lambda: _text(model, "sha256"), "")
    if not _SHA_RE.match(sha):
        p.items.append(Message("model.sha256: must be 64 lower-case hex digits"))

    reading = _section(data, "reading", p)
    units = p.run("reading.units", lambda: _text(reading, "units") or None, None)
    if units is not None and units not in UNIT_TO_MM:
        p.items.append(
            Message(
                "reading.units: {units} is not one of {join}",
                {"units": repr(units), "join": ", ".join(sorted(UNIT_TO_MM))},
            )
        )
        units = None
    flip = p.run("reading.flip", lambda: _flag(reading, "flip"), False)
    reverse = p.run("reading.reverse", lambda: _flag(reading, "reverse"), False)
    tol = p.run("reading.contact_tolerance_mm", _number, None, reading, "contact_tolerance_mm", 0.5)
    if tol is None or not 0 < tol <= 5:
        p.items.append(
            Message("reading.contact_tolerance_mm: must be more than 0 and at most 5 mm")
        )
        tol = 0.5

    yaw = p.run("reading.yaw_deg", _number, None, reading, "yaw_deg", None)
    if yaw is not None and not -180.0 <= yaw <= 180.0:
        p.items.append(Message("reading.yaw_deg: must be from -180 to 180 degrees"))
        yaw = None
    up_axis = reading.get("up_axis")
    if up_axis is not None and up_axis not in UP_AXES:
        p.items.append(Message("reading.up_axis: must be one of {known} or null",
                               {"known": ", ".join(UP_AXES)}))  # fmt: skip
        up_axis = None
    drawing = _section(data, "drawing", p)
    no_stations: tuple[Station, ...] = ()
    stations = p.run("drawing.sections", _stations, no_stations, drawing.get("sections", []))

    sizes = _section(data, "sizes", p)
    run = p.run("sizes.run", lambda: parse_size_run(_text(sizes, "run")), None)
    nominal = p.run(
        "sizes.nominal",
        lambda: (lambda t: parse_size(t) if t else None)(_text(sizes, "nominal")),
        None,
    )
    foot_text = p.run("sizes.foot", lambda: _text(sizes, "foot") or None, None)
    foot: Foot | None = None
    if foot_text in ("right", "left"):
        foot = "right" if foot_text == "right" else "left"
    elif foot_text is not None:
        p.items.append(
            Message("sizes.foot: {foot} is not 'right' or 'left'", {"foot": repr(foot_text)})
        )
    settings = p.run(
        "sizes",
        lambda: SizeSettings(
            toe_allowance_mm=_number(sizes, "toe_allowance_mm", 15.0) or 0.0,
            sole_extra_mm=_number(sizes, "sole_extra_mm", 0.0) or 0.0,
        ),
        DEFAULT_SIZE_SETTINGS,
    )
    grading = p.run("sizes.grading", lambda: _grading(sizes.get("grading", {})), DEFAULT_GRADING)

    order_data = data.get("order", [])
    order: list[OrderLine] = []
    if not isinstance(order_data, list):
        p.items.append(Message("order: must be a list of {size, pairs}"))
    elif run is not None:
        for i, item in enumerate(order_data, start=1):
            line: OrderLine | None = p.run(f"order[{i}]", _order_line, None, item, run)
            if line is not None:
                order.append(line)
        seen: set[Size] = set()
        for line in order:
            if line.size in seen:
                p.items.append(
                    Message("order: {label} is listed twice", {"label": line.size.label})
                )
            seen.add(line.size)

    mats_data = data.get("materials", [])
    mats: list[BodyMaterial] = []
    if not isinstance(mats_data, list) or not mats_data:
        p.items.append(Message("materials: must list at least one body's material"))
    else:
        for i, item in enumerate(mats_data, start=1):
            bm: BodyMaterial | None = p.run(f"materials[{i}]", _body_material, None, item)
            if bm is not None:
                mats.append(bm)
        bodies = [bm.body for bm in mats]
        if len(set(bodies)) != len(bodies):
            p.items.append(Message("materials: a body is listed twice"))

    proc = _section(data, "process", p)
    process = p.run("process", lambda: _process(proc), Process())
    tool = _section(data, "tooling", p)
    tooling = p.run("tooling", lambda: _tooling(tool), Tooling())
    price = _section(data, "pricing", p)
    pricing = p.run("pricing", lambda: _pricing(price), Pricing())
    terms_data = _section(data, "terms", p)
    terms = p.run("terms", lambda: terms_from_dict(terms_data), Terms())
    profile = p.run("quality_profile", lambda: _text(data, "quality_profile"), "")
    lab: dict[str, float] = p.run("lab_results", _lab_results, {}, data.get("lab_results", {}))
    sheet_data = _section(data, "sheet", p)
    sheet = SheetInfo(
        **{
            name: p.run(f"sheet.{name}", _sheet_text, default, sheet_data, name, default)
            for name, default in (
                ("design_name", ""),
                ("designer", ""),
                ("partner", ""),
                ("revision", "A"),
                ("notes", ""),
            )
        }
    )
    techpack = p.run("techpack", techpack_from_dict, TechPack(), data.get("techpack"))
    if p.items:
        raise OutsoleError(joined(p.items))
    assert run is not None  # a missing run is a problem above
    return Project(
        model_path=model_path,
        model_sha256=sha,
        size_run=run,
        materials=tuple(sorted(mats, key=lambda bm: bm.body)),
        units=units,
        flip=flip,
        reverse=reverse,
        contact_tolerance_mm=tol,
        nominal=nominal,
        foot=foot,
        size_settings=settings,
        grading=grading,
        order=tuple(order),
        process=process,
        tooling=tooling,
        pricing=pricing,
        terms=terms,
        quality_profile=profile,
        lab_results=lab,
        sheet=sheet,
        techpack=techpack,
        yaw_deg=yaw,
        up_axis=up_axis,
        stations=stations,
    )


def _stations(data: Any) -> tuple[Station, ...]:
    if not isinstance(data, list) or not all(isinstance(x, str) for x in data):
        raise OutsoleError('must be a list of stations such as "35%" or "120mm"')
    return parse_stations(", ".join(data))


def _lab_results(data: Any) -> dict[str, float]:
    if not isinstance(data, Mapping):
        raise OutsoleError("must be an object of rule key: measured value")
    out = {}
    for key, value in data.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise OutsoleError(
                "{key}: the measured value must be a number, not {value}",
                key=key,
                value=repr(value),
            )
        out[str(key)] = float(value)
    return out


def _grading(data: Any) -> GradingRule:
    if not isinstance(data, Mapping):
        raise OutsoleError("must be an object")
    factors = []
    raw = data.get("factors", [])
    if not isinstance(raw, list):
        raise OutsoleError("factors must be a list")
    for i, item in enumerate(raw, start=1):
        if not isinstance(item, Mapping):
            raise OutsoleError("factors[{i}] must be an object", i=i)
        size = parse_size(_text(item, "size"))
        length, width = _number(item, "length", None), _number(item, "width", None)
        if length is None or width is None:
            raise OutsoleError("factors[{i}] needs length and width", i=i)
        factors.append(SizeFactors(size, length, width))
    return GradingRule(
        length_step_mm=_number(data, "length_step_mm", None),
        width_step_mm=_number(data, "width_step_mm", None),
        factors=tuple(factors),
    )


def _order_line(item: Any, run: SizeRun) -> OrderLine:
    if not isinstance(item, Mapping):
        raise OutsoleError("must be an object {size, pairs}")
    size = item.get("size")
    if isinstance(size, int | float) and not isinstance(size, bool):
        size = f"{size:g}"
    if not isinstance(size, str):
        raise OutsoleError("size must be text such as '40', not {size}", size=repr(size))
    return OrderLine(run.find(size), _whole(item.get("pairs")))


def _body_material(item: Any) -> BodyMaterial:
    if not isinstance(item, Mapping):
        raise OutsoleError("must be an object {body, material, waste_pct}")
    body = _whole(item.get("body"))
    material = item.get("material")
    if not isinstance(material, Mapping):
        raise OutsoleError("material must be the material's fields")
    m: Material = material_from_mapping(material)
    waste = parse_decimal(item.get("waste_pct", m.waste_pct), "waste_pct")
    return BodyMaterial(body - 1, m, waste)


def _money(section: Mapping[str, Any], name: str) -> Decimal:
    return parse_decimal(section.get(name, 0), name)


def _process(data: Mapping[str, Any]) -> Process:
    kind = _text(data, "kind", "subcontract")
    if kind not in ("subcontract", "machine"):
        raise OutsoleError("kind {kind} is not 'subcontract' or 'machine'", kind=repr(kind))
    return Process(
        kind="machine" if kind == "machine" else "subcontract",
        subcontract_idr_per_pair=_money(data, "subcontract_idr_per_pair"),
        cycle_time_s=_money(data, "cycle_time_s"),
        machine_rate_idr_per_hour=_money(data, "machine_rate_idr_per_hour"),
        pairs_per_cycle=_whole(data.get("pairs_per_cycle", 1)),
        finishing_idr_per_pair=_money(data, "finishing_idr_per_pair"),
        stations=_whole(data.get("stations", 1)),
    )


def terms_from_dict(data: Mapping[str, Any]) -> Terms:
    """The workshop's terms from plain data (a field left out keeps its default)."""
    d = Terms()
    breaks = data.get("breaks", list(d.breaks))
    if not isinstance(breaks, list) or not all(
        isinstance(b, int) and not isinstance(b, bool) for b in breaks
    ):
        raise OutsoleError("breaks must be a list of whole numbers of pairs")
    placeholder = data.get("wage_is_placeholder", "wage_idr_per_hour" not in data)
    if not isinstance(placeholder, bool):
        raise OutsoleError("wage_is_placeholder must be true or false")

    def dec(name: str, default: Decimal) -> Decimal:
        return parse_decimal(data[name], name) if name in data else default

    return Terms(
        labour_min_per_pair=dec("labour_min_per_pair", d.labour_min_per_pair),
        wage_idr_per_hour=dec("wage_idr_per_hour", d.wage_idr_per_hour),
        presses=_whole(data.get("presses", d.presses)),
        shifts=_whole(data.get("shifts", d.shifts)),
        hours_per_shift=dec("hours_per_shift", d.hours_per_shift),
        mould_lead_weeks=dec("mould_lead_weeks", d.mould_lead_weeks),
        breaks=tuple(breaks),
        wage_is_placeholder=placeholder,
    )


def _tooling(data: Mapping[str, Any]) -> Tooling:
    extras = data.get("extras", [])
    if not isinstance(extras, list):
        raise OutsoleError("extras must be a list of {name, cost_idr}")
    lines = []
    for item in extras:
        if not isinstance(item, Mapping):
            raise OutsoleError("extras must be a list of {name, cost_idr}")
        lines.append(ToolingLine(_text(item, "name"), _money(item, "cost_idr")))
    policy = _text(data, "policy", "order")
    if policy not in TOOLING_POLICIES:
        raise OutsoleError("policy {value} is not one of separate, lifetime, order",
                           value=repr(policy))  # fmt: skip
    lifetime = data.get("lifetime_pairs", 0)
    if isinstance(lifetime, bool) or not isinstance(lifetime, int):
        raise OutsoleError("lifetime_pairs must be a whole number of pairs")
    return Tooling(_money(data, "mould_idr_per_size"), tuple(lines),
                   "separate" if policy == "separate" else
                   "lifetime" if policy == "lifetime" else "order", lifetime)  # fmt: skip


def _pricing(data: Mapping[str, Any]) -> Pricing:
    rate = data.get("idr_per_usd")
    return Pricing(
        overhead_pct=_money(data, "overhead_pct"),
        margin_pct=_money(data, "margin_pct"),
        idr_per_usd=None if rate is None else parse_decimal(rate, "idr_per_usd"),
    )


#: Sections a costing file (TOML) may set, each with the project file's field names.
COSTING_SECTIONS = ("process", "tooling", "pricing", "terms")


def costing_changes(project: Project, data: Mapping[str, Any]) -> dict[str, Any]:
    """The project changes a costing file asks for: each section given updates the fields it
    names (``[process]``, ``[tooling]``, ``[pricing]``, ``[terms]``), the others are kept.

    Raises
    ------
    OutsoleError
        For an unknown section, or a value the project file would refuse, naming the field.
    """
    unknown = sorted(set(data) - set(COSTING_SECTIONS))
    if unknown:
        known = ", ".join(COSTING_SECTIONS)
        raise OutsoleError("a costing file sets {known}, not {unknown}", known=known,
                           unknown=", ".join(unknown))  # fmt: skip
    readers = {"process": _process, "tooling": _tooling, "pricing": _pricing,
               "terms": terms_from_dict}  # fmt: skip
    current = project.to_dict()
    changes: dict[str, Any] = {}
    for name, section in data.items():
        if not isinstance(section, Mapping):
            raise OutsoleError("{name}: must be a table of fields", name=f"[{name}]")
        merged = {**current[name], **section}
        if name == "terms" and "wage_idr_per_hour" in section:  # a wage given is the user's
            merged["wage_is_placeholder"] = section.get("wage_is_placeholder", False)
        try:
            changes[name] = readers[name](merged)
        except OutsoleError as exc:
            raise OutsoleError("{name}: {problem}", name=f"[{name}]", problem=exc.msg) from exc
    return changes
