"""Sole compounds: what a material is, how it is validated, and how it reads from plain data.

Prices are money: :class:`decimal.Decimal` Rupiah, never floats. Densities and hardness are
physical properties and stay floats.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from ..errors import OutsoleError
from ..messages import Message, joined

#: Hardness scales a sole material is specified in (ISO 868 / ASTM D2240; Asker C for foams).
HARDNESS_SCALES = ("Shore A", "Shore D", "Asker C")
#: Processes a sole material can go through.
PROCESSES = ("compression", "injection", "vulcanised", "cast", "foamed", "sheet", "handmade")
#: A sole of this density or less is cellular (the usual split in sole standards).
CELLULAR_MAX_DENSITY_G_CM3 = 0.9

_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


#: The price's range, Rp per kg: a compound at a thousand times the dearest is a typo.
MAX_PRICE_IDR_PER_KG = Decimal(10) ** 9


@dataclass(frozen=True)
class Material:
    """A sole compound.

    Attributes
    ----------
    key : str
        Short identifier (``nr-sbr``): lower-case letters, digits and dashes.
    name : str
    family : str
        ``rubber``, ``thermoplastic``, ``polyurethane`` or ``foam``.
    density_g_cm3, density_min_g_cm3, density_max_g_cm3 : float
        Typical value and range, g/cm3.
    hardness_scale : str
        One of :data:`HARDNESS_SCALES`.
    hardness_min, hardness_max : float
        Range on that scale.
    processes : tuple of str
        Suitable processes, from :data:`PROCESSES`.
    recyclable_scrap : bool
        Flash and runners can be re-melted (thermoplastics) rather than thrown away.
    price_idr_per_kg : Decimal
        Compound price, Rupiah per kg.
    price_is_placeholder : bool
        The price is the shipped guess, not the user's own: reports say so.
    waste_pct : Decimal
        Usual waste and flash, percent of the net mass.
    source : str
        Where the typical values come from.
    notes, colour, supplier : str
    """

    key: str
    name: str
    family: str
    density_g_cm3: float
    density_min_g_cm3: float
    density_max_g_cm3: float
    hardness_scale: str
    hardness_min: float
    hardness_max: float
    processes: tuple[str, ...]
    recyclable_scrap: bool
    price_idr_per_kg: Decimal
    price_is_placeholder: bool
    waste_pct: Decimal
    source: str
    notes: str = ""
    colour: str = ""
    supplier: str = ""

    def __post_init__(self) -> None:
        problems = material_problems(self)
        if problems:
            raise OutsoleError(
                "material {key}: {problems}", key=repr(self.key), problems=joined(problems)
            )

    @property
    def cellular(self) -> bool:
        """Density at or under 0.9 g/cm3."""
        return self.density_g_cm3 <= CELLULAR_MAX_DENSITY_G_CM3

    def to_dict(self) -> dict[str, Any]:
        """Plain data (money as strings, so it stays exact in JSON and TOML)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Decimal):
                value = money_text(value)
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        return out

    def with_changes(self, **changes: Any) -> Material:
        """A copy with some fields changed (validated like any material)."""
        return replace(self, **changes)


def money_text(value: Decimal) -> str:
    """A Decimal written plainly: ``35000``, ``12.5`` (no exponent, no trailing zeros)."""
    text = format(value.normalize(), "f")
    return text if text != "-0" else "0"


def material_problems(m: Material) -> list[Message]:
    """Everything wrong with a material's values, one phrase each (empty when valid)."""
    p: list[Message] = []
    if not _KEY_RE.match(m.key):
        p.append(Message("key must be 1-40 lower-case letters, digits or dashes"))
    if not m.name.strip():
        p.append(Message("name is empty"))
    if m.family not in ("rubber", "thermoplastic", "polyurethane", "foam"):
        p.append(
            Message(
                "family {family} is not rubber, thermoplastic, polyurethane or foam",
                {"family": repr(m.family)},
            )
        )
    dens = (m.density_min_g_cm3, m.density_g_cm3, m.density_max_g_cm3)
    if not all(math.isfinite(d) and 0.02 <= d <= 3.0 for d in dens):
        p.append(Message("densities must be between 0.02 and 3 g/cm3"))
    elif not dens[0] <= dens[1] <= dens[2]:
        p.append(Message("density must lie within its range (min <= typical <= max)"))
    if m.hardness_scale not in HARDNESS_SCALES:
        p.append(
            Message(
                "hardness scale {hardness_scale} is not one of {join}",
                {"hardness_scale": repr(m.hardness_scale), "join": ", ".join(HARDNESS_SCALES)},
            )
        )
    hard = (m.hardness_min, m.hardness_max)
    if not all(math.isfinite(h) and 0.0 <= h <= 100.0 for h in hard):
        p.append(Message("hardness must be between 0 and 100"))
    elif hard[0] > hard[1]:
        p.append(Message("hardness min is above hardness max"))
    unknown = [x for x in m.processes if x not in PROCESSES]
    if unknown:
        p.append(
            Message(
                "unknown process {unknown} (use {join})",
                {"unknown": repr(unknown[0]), "join": ", ".join(PROCESSES)},
            )
        )
    if not m.price_idr_per_kg.is_finite() or m.price_idr_per_kg < 0:
        p.append(Message("price must be zero or more Rupiah per kg"))
    elif m.price_idr_per_kg > MAX_PRICE_IDR_PER_KG:
        p.append(Message("price must be at most Rp 1,000,000,000 per kg"))
    if not m.waste_pct.is_finite() or not 0 <= m.waste_pct < 100:
        p.append(Message("waste must be at least 0 % and under 100 %"))
    return p


def parse_decimal(value: Any, what: str) -> Decimal:
    """Read money or a percentage exactly from text, an int or a float (via its shortest repr)."""
    if isinstance(value, bool):
        raise OutsoleError("{what} must be a number, not {value}", what=what, value=repr(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float):
        value = repr(value)
    if isinstance(value, str):
        text = value.strip().replace("_", "")
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise OutsoleError(
                "{what} must be a number, not {value}", what=what, value=repr(value)
            ) from None
        if not result.is_finite():
            raise OutsoleError(
                "{what} must be a finite number, not {value}", what=what, value=repr(value)
            )
        return result
    raise OutsoleError("{what} must be a number, not {value}", what=what, value=repr(value))


def _float(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise OutsoleError("{what} must be a number, not {value}", what=what, value=repr(value))
    try:
        result = float(value)
    except ValueError:
        raise OutsoleError(
            "{what} must be a number, not {value}", what=what, value=repr(value)
        ) from None
    if not math.isfinite(result):
        raise OutsoleError(
            "{what} must be a finite number, not {value}", what=what, value=repr(value)
        )
    return result


def _bool(value: Any, what: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "1", "false", "no", "0"):
        return value.strip().lower() in ("true", "yes", "1")
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise OutsoleError("{what} must be true or false, not {value}", what=what, value=repr(value))


def _processes(value: Any, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [x for x in re.split(r"[;,|]", value) if x.strip()]
    if not isinstance(value, list | tuple) or not all(isinstance(x, str) for x in value):
        raise OutsoleError("{what} must be a list of process names", what=what)
    return tuple(x.strip() for x in value)


_READERS = {
    "density_g_cm3": _float,
    "density_min_g_cm3": _float,
    "density_max_g_cm3": _float,
    "hardness_min": _float,
    "hardness_max": _float,
    "recyclable_scrap": _bool,
    "price_is_placeholder": _bool,
    "processes": _processes,
    "price_idr_per_kg": parse_decimal,
    "waste_pct": parse_decimal,
}
FIELD_NAMES = tuple(f.name for f in fields(Material))
_OPTIONAL = {"notes": "", "colour": "", "supplier": "", "price_is_placeholder": False}


def material_from_mapping(data: Mapping[str, Any], context: str = "material") -> Material:
    """Build a :class:`Material` from plain data (TOML, CSV row, JSON), checking every field.

    Raises
    ------
    OutsoleError
        Naming the material (or ``context``) and the field at fault.
    """
    key = data.get("key")
    label = f"{context} {key!r}" if isinstance(key, str) and key else context
    unknown = sorted(set(data) - set(FIELD_NAMES))
    if unknown:
        raise OutsoleError(
            "{label}: unknown field {unknown}", label=label, unknown=repr(unknown[0])
        )
    missing = [n for n in FIELD_NAMES if n not in data and n not in _OPTIONAL]
    if missing:
        raise OutsoleError(
            "{label}: missing field {missing}", label=label, missing=repr(missing[0])
        )
    values: dict[str, Any] = {}
    for name in FIELD_NAMES:
        raw = data.get(name, _OPTIONAL.get(name))
        reader = _READERS.get(name)
        if reader is not None:
            values[name] = reader(raw, f"{label}: {name}")
        elif not isinstance(raw, str):
            raise OutsoleError(
                "{label}: {name} must be text, not {raw}", label=label, name=name, raw=repr(raw)
            )
        else:
            values[name] = raw.strip()
    try:
        return Material(**values)
    except OutsoleError as exc:
        # Say where the material came from (row, table) instead of its key.
        detail = exc.msg.values.get("problems", exc.msg)
        raise OutsoleError("{label}: {detail}", label=label, detail=detail) from exc
