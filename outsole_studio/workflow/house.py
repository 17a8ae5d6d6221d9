"""House defaults: the costing inputs a workshop used last, carried to the next new design
(pressing, tooling and its policy, pricing, the workshop's terms, and the compound prices it
typed), so a new model does not start at placeholder prices and zero pressing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.errors import OutsoleError
from ..core.production.inputs import BodyMaterial
from ..core.production.materials import money_text, parse_decimal
from ..core.production.project import Project
from ..core.production.project_file import COSTING_SECTIONS, costing_changes

#: Project fields whose edit makes new house defaults.
HOUSE_FIELDS = frozenset({*COSTING_SECTIONS, "materials"})


def house_defaults(project: Project) -> dict[str, Any]:
    """The project's costing inputs as plain data (its file form), and the compound prices the
    user set (not the library's placeholders), by compound key."""
    data = project.to_dict()
    out: dict[str, Any] = {name: data[name] for name in COSTING_SECTIONS}
    out["prices"] = {
        bm.material.key: money_text(bm.material.price_idr_per_kg)
        for bm in project.materials
        if not bm.material.price_is_placeholder
    }
    return out


def with_house_defaults(project: Project, data: Mapping[str, Any]) -> dict[str, Any]:
    """The changes that give a new design the house defaults ``data``.

    Raises
    ------
    OutsoleError
        When the stored defaults cannot be read (a damaged settings file): the caller keeps
        the design as it is.
    """
    if not isinstance(data, Mapping):
        raise OutsoleError("the house defaults are not a table of sections")
    changes = costing_changes(project, {k: v for k, v in data.items() if k in COSTING_SECTIONS})
    prices = data.get("prices", {})
    if not isinstance(prices, Mapping):
        raise OutsoleError("the house defaults' prices are not a table of compounds")
    materials = []
    for bm in project.materials:
        price = prices.get(bm.material.key)
        if price is None:
            materials.append(bm)
            continue
        value = parse_decimal(price, f"price of {bm.material.key}")
        material = bm.material.with_changes(price_idr_per_kg=value, price_is_placeholder=False)
        materials.append(BodyMaterial(bm.body, material, bm.waste_pct))
    if tuple(materials) != project.materials:
        changes["materials"] = tuple(materials)
    return {k: v for k, v in changes.items() if getattr(project, k) != v}
