"""The tech pack's file form: read and checked field by field, each type before its range, so
a damaged project or tech-pack file names the field at fault."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from ..errors import OutsoleError
from .materials import parse_decimal
from .mould import MouldPlan
from .techpack import (
    DEFAULT_TESTS,
    Marking,
    MaterialSpec,
    PlannedTest,
    Revision,
    TechPack,
    Tolerances,
)


def _typed(cls: type, item: Any, where: str, **fixed: Any) -> Any:
    """Build the dataclass ``cls`` from a JSON object, each field's type checked first."""
    if not isinstance(item, Mapping):
        raise OutsoleError("{where} must be an object", where=where)
    values: dict[str, Any] = dict(fixed)
    for f in fields(cls):
        if f.name in fixed or f.name not in item:
            continue
        value, kind = item[f.name], str(f.type)
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        ok = (
            (kind.startswith("float") and (number or (value is None and "None" in kind)))
            or (kind == "int" and isinstance(value, int) and not isinstance(value, bool))
            or (kind == "bool" and isinstance(value, bool))
            or (kind not in ("int", "bool") and not kind.startswith(("float", "tuple"))
                and isinstance(value, str))
        )  # fmt: skip
        if not ok:
            raise OutsoleError(
                "{where}.{name} has the wrong type ({value})",
                where=where,
                name=f.name,
                value=type(value).__name__,
            )
        values[f.name] = float(value) if kind.startswith("float") and number else value
    try:
        return cls(**values)
    except TypeError:  # a required field is missing
        raise OutsoleError("{where} is missing a required field", where=where) from None
    except OutsoleError as exc:
        raise OutsoleError("{where}: {problem}", where=where, problem=exc.msg) from exc


def _items(data: Mapping[str, Any], name: str) -> list[Any]:
    value = data.get(name, [])
    if not isinstance(value, list):
        raise OutsoleError("techpack.{name} must be a list", name=name)
    return value


def techpack_from_dict(data: Any) -> TechPack:
    """Read the ``techpack`` section of a project file (absent: an empty tech pack).

    Raises
    ------
    OutsoleError
        Naming the field and the problem.
    """
    if data is None:
        return TechPack()
    if not isinstance(data, Mapping):
        raise OutsoleError("techpack must be an object")
    tol = data.get("tolerances")
    moulds = []
    for i, item in enumerate(_items(data, "moulds")):
        where = f"moulds[{i + 1}]"
        body = item.get("body", 1) if isinstance(item, Mapping) else None
        if not isinstance(body, int) or isinstance(body, bool) or body < 1:
            raise OutsoleError("techpack.moulds[{i}].body must be 1 or more", i=i + 1)
        raw = item.get("size_groups", [])
        if not (
            isinstance(raw, list)
            and all(isinstance(g, list) and all(isinstance(s, str) for s in g) for g in raw)
        ):
            raise OutsoleError("techpack.moulds[{i}].size_groups must be lists of size labels",
                               i=i + 1)  # fmt: skip
        groups = tuple(tuple(g) for g in raw)
        price = item.get("mould_price_idr")
        if price is not None:
            if isinstance(price, bool) or not isinstance(price, int | float | str):
                raise OutsoleError("techpack.moulds[{i}].mould_price_idr must be Rupiah", i=i + 1)
            price = parse_decimal(str(price), f"moulds[{i + 1}].mould_price_idr")
        moulds.append(_typed(MouldPlan, item, where, size_groups=groups, body=body - 1,
                             mould_price_idr=price))  # fmt: skip
    specs = []
    for i, item in enumerate(_items(data, "material_specs")):
        body = item.get("body") if isinstance(item, Mapping) else None
        if not isinstance(body, int) or isinstance(body, bool) or body < 1:
            raise OutsoleError("techpack.material_specs[{i}].body must be 1 or more", i=i + 1)
        specs.append(_typed(MaterialSpec, item, f"material_specs[{i + 1}]", body=body - 1))
    tests = []
    for i, item in enumerate(_items(data, "tests")):
        stages = item.get("stages", []) if isinstance(item, Mapping) else None
        if not (isinstance(stages, list) and all(isinstance(s, str) for s in stages)):
            raise OutsoleError("techpack.tests[{i}].stages must be a list of stages", i=i + 1)
        tests.append(_typed(PlannedTest, item, f"tests[{i + 1}]", stages=tuple(stages)))
    revisions = []
    for i, item in enumerate(_items(data, "revisions")):
        try:
            date = dt.date.fromisoformat(str(item.get("date")) if isinstance(item, Mapping) else "")
        except ValueError:
            raise OutsoleError("techpack.revisions[{i}].date must be YYYY-MM-DD", i=i + 1) from None
        revisions.append(_typed(Revision, item, f"revisions[{i + 1}]", date=date))
    design_id = data.get("design_id", "")
    if not isinstance(design_id, str) or not re.fullmatch(r"[0-9a-f-]{0,64}", design_id):
        raise OutsoleError("techpack.design_id must be the design's id (hex digits)")
    try:
        return _techpack(design_id, tol, specs, moulds, data, tests, revisions)
    except OutsoleError as exc:
        raise OutsoleError("techpack: {problem}", problem=exc.msg) from exc


def _techpack(
    design_id: str,
    tol: Any,
    specs: list[MaterialSpec],
    moulds: list[MouldPlan],
    data: Mapping[str, Any],
    tests: list[PlannedTest],
    revisions: list[Revision],
) -> TechPack:
    return TechPack(
        design_id=design_id,
        tolerances=None if tol is None else _typed(Tolerances, tol, "tolerances"),
        specs=tuple(specs),
        moulds=tuple(moulds),
        markings=tuple(
            _typed(Marking, m, f"markings[{i + 1}]") for i, m in enumerate(_items(data, "markings"))
        ),
        tests=tuple(tests) if "tests" in data else DEFAULT_TESTS,
        revisions=tuple(revisions),
    )


#: Sections a tech-pack file (TOML) may set; the id and the revision log are the project's own.
FILE_SECTIONS = ("tolerances", "material_specs", "moulds", "markings", "tests")


def with_sections(techpack: TechPack, data: Mapping[str, Any]) -> TechPack:
    """``techpack`` with the sections ``data`` gives replaced (the others kept).

    Raises
    ------
    OutsoleError
        For an unknown section, a revision or id given (added with ``project revise`` only), or
        any value :func:`techpack_from_dict` refuses.
    """
    unknown = sorted(set(data) - set(FILE_SECTIONS))
    if unknown:
        raise OutsoleError(
            "a tech-pack file sets {known}, not {unknown} (revisions are added with "
            "'project revise')",
            known=", ".join(FILE_SECTIONS),
            unknown=", ".join(unknown),
        )
    return techpack_from_dict({**techpack.to_dict(), **data})
