"""The project: every input a user gives, as one frozen value read from and written to JSON data.

The file itself (``.outsole``, JSON) is read and written by :mod:`outsole_studio.io.project`; this
module only turns plain data into a :class:`Project` and back, and explains every problem it finds
at once, each with its place in the file (``sizes.run: ...``).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from pathlib import PurePath
from typing import Any, TypeVar

from ..errors import OutsoleError
from ..geometry.analysis import Analysis, AnalysisOptions
from ..geometry.model import UNIT_TO_MM
from ..messages import Message, joined
from .graded import DEFAULT_GRADING, Foot, GradingRule, SizeFactors, Sizing
from .grading import size_design
from .inputs import BodyMaterial, CostInputs, OrderLine, Pricing, Process, Tooling, ToolingLine
from .materials import Material, material_from_mapping, money_text, parse_decimal
from .sizes import (
    DEFAULT_SIZE_SETTINGS,
    Size,
    SizeRun,
    SizeSettings,
    nominal_size,
    parse_size,
    parse_size_run,
)
from .techpack import TechPack
from .techpack_file import techpack_from_dict

SCHEMA = "outsole-studio.project/1"
SCHEMA_PREFIX = "outsole-studio.project/"
SCHEMA_VERSION = 1
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")

T = TypeVar("T")


@dataclass(frozen=True)
class SheetInfo:
    """What the spec sheet says about the design and the people on it."""

    design_name: str = ""
    designer: str = ""
    partner: str = ""
    revision: str = "A"
    notes: str = ""

    def __post_init__(self) -> None:
        for f in fields(self):
            try:
                check_sheet_text(f.name, getattr(self, f.name))
            except OutsoleError as exc:
                raise OutsoleError("{field}: {problem}", field=f.name, problem=exc.msg) from exc


@dataclass(frozen=True)
class Project:
    """A design's inputs: the model, how to read it, sizes, order, materials, process, tooling.

    Attributes
    ----------
    model_path : str
        As stored: relative to the project file when it was saved next to or under it.
    model_sha256 : str
        Hex digest of the model file when the project was saved.
    nominal : Size or None
        The size the model was made in; None: inferred from its length.
    foot : Foot or None
        ``right`` or ``left``: the foot the model is for; None: read from the outline.
    """

    model_path: str
    model_sha256: str
    size_run: SizeRun
    materials: tuple[BodyMaterial, ...]
    units: str | None = None
    flip: bool = False
    reverse: bool = False
    contact_tolerance_mm: float = 0.5
    nominal: Size | None = None
    foot: Foot | None = None
    size_settings: SizeSettings = DEFAULT_SIZE_SETTINGS
    grading: GradingRule = DEFAULT_GRADING
    order: tuple[OrderLine, ...] = ()
    process: Process = field(default_factory=Process)
    tooling: Tooling = field(default_factory=Tooling)
    pricing: Pricing = field(default_factory=Pricing)
    quality_profile: str = ""
    lab_results: Mapping[str, float] = field(default_factory=dict)
    sheet: SheetInfo = field(default_factory=SheetInfo)
    techpack: TechPack = field(default_factory=TechPack)

    def __post_init__(self) -> None:
        mats = {bm.body: bm.material for bm in self.materials}
        self.techpack.check_against(mats, self.size_run.sizes)

    @property
    def cost_inputs(self) -> CostInputs:
        """The cost model's inputs."""
        return CostInputs(self.materials, self.process, self.tooling, self.pricing)

    @property
    def sizing_inputs(self) -> tuple[object, ...]:
        """What the grading depends on: a change of any of these re-grades."""
        return (self.size_run, self.nominal, self.foot, self.grading, self.size_settings)

    def sized(self, analysis: Analysis) -> Sizing:
        """The analysed model graded over this project's size run."""
        return size_design(analysis, self.size_run, self.nominal, self.foot, self.grading,
                           self.size_settings)  # fmt: skip

    @property
    def analysis_options(self) -> AnalysisOptions:
        """How the model file is read (unit, turn, heel and toe, contact tolerance)."""
        return AnalysisOptions(
            units=self.units,
            flip=self.flip,
            reverse=self.reverse,
            contact_tolerance_mm=self.contact_tolerance_mm,
        )

    def order_in(self, run: SizeRun) -> tuple[tuple[OrderLine, ...], tuple[OrderLine, ...]]:
        """The order carried over to ``run`` (kept), and the lines it would drop.

        A line on another system's scale is converted (same last length, rounded to the new
        scale's steps); lines that land on one size are added together.
        """
        pairs: dict[Size, int] = {}
        dropped = []
        for line in self.order:
            size = line.size
            if size.system != run.system:
                size = size.to(run.system, self.size_settings).rounded()
            if size in run.sizes:
                pairs[size] = pairs.get(size, 0) + line.pairs
            else:
                dropped.append(line)
        kept = tuple(OrderLine(s, pairs[s]) for s in run.sizes if s in pairs)
        return kept, tuple(dropped)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data; money and percentages as exact strings."""
        g = self.grading
        return {
            "schema": SCHEMA,
            "model": {"path": self.model_path, "sha256": self.model_sha256},
            "reading": {
                "units": self.units,
                "flip": self.flip,
                "reverse": self.reverse,
                "contact_tolerance_mm": self.contact_tolerance_mm,
            },
            "sizes": {
                "run": self.size_run.text,
                "nominal": None if self.nominal is None else _compact(self.nominal),
                "foot": self.foot,
                "toe_allowance_mm": self.size_settings.toe_allowance_mm,
                "sole_extra_mm": self.size_settings.sole_extra_mm,
                "grading": {
                    "length_step_mm": g.length_step_mm,
                    "width_step_mm": g.width_step_mm,
                    "factors": [
                        {
                            "size": _compact(f.size),
                            "length": f.length_factor,
                            "width": f.width_factor,
                        }
                        for f in g.factors
                    ],
                },
            },
            "order": [{"size": line.size.number, "pairs": line.pairs} for line in self.order],
            "materials": [
                {
                    "body": bm.body + 1,
                    "waste_pct": money_text(bm.waste_pct),
                    "material": bm.material.to_dict(),
                }
                for bm in self.materials
            ],
            "process": {
                "kind": self.process.kind,
                "subcontract_idr_per_pair": money_text(self.process.subcontract_idr_per_pair),
                "cycle_time_s": money_text(self.process.cycle_time_s),
                "machine_rate_idr_per_hour": money_text(self.process.machine_rate_idr_per_hour),
                "pairs_per_cycle": self.process.pairs_per_cycle,
                "finishing_idr_per_pair": money_text(self.process.finishing_idr_per_pair),
            },
            "tooling": {
                "mould_idr_per_size": money_text(self.tooling.mould_idr_per_size),
                "extras": [
                    {"name": t.name, "cost_idr": money_text(t.cost_idr)}
                    for t in self.tooling.extras
                ],
            },
            "pricing": {
                "overhead_pct": money_text(self.pricing.overhead_pct),
                "margin_pct": money_text(self.pricing.margin_pct),
                "idr_per_usd": None
                if self.pricing.idr_per_usd is None
                else money_text(self.pricing.idr_per_usd),
            },
            "quality_profile": self.quality_profile,
            "lab_results": dict(sorted(self.lab_results.items())),
            "sheet": {
                "design_name": self.sheet.design_name,
                "designer": self.sheet.designer,
                "partner": self.sheet.partner,
                "revision": self.sheet.revision,
                "notes": self.sheet.notes,
            },
            "techpack": self.techpack.to_dict(),
        }


def _compact(size: Size) -> str:
    return size.label.replace(" ", "")


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


#: The sheet's texts: at most this many characters (notes are a paragraph, the rest a line).
SHEET_TEXT_MAX = {"notes": 4000}
SHEET_LINE_MAX = 200


def _sheet_text(section: Mapping[str, Any], name: str, default: str) -> str:
    """A text of the sheet read from a project file (see :func:`check_sheet_text`)."""
    value = _text(section, name, default)
    check_sheet_text(name, value)
    return value


def check_sheet_text(name: str, value: str) -> None:
    """A text of the sheet is of its declared length, with no control characters (a line
    break and a tab are allowed in the notes).

    Raises
    ------
    OutsoleError
        Saying which rule the text breaks.
    """
    limit = SHEET_TEXT_MAX.get(name, SHEET_LINE_MAX)
    if len(value) > limit:
        raise OutsoleError("must be at most {limit} characters, not {n}", limit=limit, n=len(value))
    allowed = "\n\t" if name == "notes" else ""
    if any((ord(c) < 32 and c not in allowed) or ord(c) == 127 for c in value):
        raise OutsoleError("must not hold control characters (such as a NUL byte)")


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
        quality_profile=profile,
        lab_results=lab,
        sheet=sheet,
        techpack=techpack,
    )


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
    return Tooling(_money(data, "mould_idr_per_size"), tuple(lines))


def _pricing(data: Mapping[str, Any]) -> Pricing:
    rate = data.get("idr_per_usd")
    return Pricing(
        overhead_pct=_money(data, "overhead_pct"),
        margin_pct=_money(data, "margin_pct"),
        idr_per_usd=None if rate is None else parse_decimal(rate, "idr_per_usd"),
    )


def with_model(project: Project, path: str, sha256: str) -> Project:
    """The same project pointing at another model file (re-linked or moved)."""
    return replace(project, model_path=path, model_sha256=sha256)


def starting_project(
    analysis: Analysis,
    model_path: str,
    model_sha256: str,
    outsole: Material,
    upper_bodies: Material,
    run: SizeRun | None = None,
    settings: SizeSettings = DEFAULT_SIZE_SETTINGS,
) -> Project:
    """A first project for a model: what a user would set up before entering their own numbers.

    The body lowest in the sole (the one on the ground) gets ``outsole``, every body above it
    ``upper_bodies`` (a midsole). Without ``run``: three EU sizes either side of the nominal size
    inferred from the length. Prices, process and tooling start at zero until the user sets them.
    """
    bodies = analysis.bodies
    lowest = analysis.ground_body
    materials = tuple(
        BodyMaterial(i, m, m.waste_pct)
        for i, m in ((i, outsole if i == lowest else upper_bodies) for i in range(len(bodies)))
    )
    nominal = nominal_size(analysis.dimensions.length_mm, "EU", settings)
    if run is None:
        run = SizeRun("EU", tuple(Size("EU", nominal.value + k) for k in range(-3, 4)))
    name = re.sub(r"[-_]+", " ", PurePath(model_path).stem).strip()
    return Project(
        model_path=model_path,
        model_sha256=model_sha256,
        size_run=run,
        materials=materials,
        size_settings=settings,
        sheet=SheetInfo(design_name=name[:1].upper() + name[1:]),
        techpack=TechPack(design_id=uuid.uuid4().hex),
    )
