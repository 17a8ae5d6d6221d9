"""Decide a model's unit: the file's word is a hint, plausibility decides, the user overrides."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from ..errors import OutsoleError
from ..messages import Message
from .model import UNIT_TO_MM
from .tolerances import DEFAULT_TOLERANCES, Tolerances


@dataclass(frozen=True)
class UnitDecision:
    """Which unit the model's numbers are in.

    Attributes
    ----------
    detected : str
        Unit found from the geometry and the file's hint (a key of ``UNIT_TO_MM``).
    used : str
        Unit applied: ``detected`` unless the user overrode it.
    scale_to_mm : float
        Multiply file coordinates by this to get millimetres.
    source : str
        ``"user"``, ``"file"`` (the file's declared unit, plausible or the only clue),
        ``"plausibility"`` (the length decided; any file hint was implausible or absent) or
        ``"default"`` (nothing plausible and no hint: millimetres assumed).
    note : Message
        One sentence for the report.
    """

    detected: str
    used: str
    scale_to_mm: float
    source: Literal["file", "plausibility", "default", "user"]
    note: Message


def decide_units(
    length: float,
    hint: str | None = None,
    hint_source: Message | None = None,
    override: str | None = None,
    tolerances: Tolerances = DEFAULT_TOLERANCES,
) -> UnitDecision:
    """Choose the unit that makes the outsole's length plausible.

    Parameters
    ----------
    length : float
        Heel-to-toe length in the file's own unit.
    hint : str, optional
        Unit the file declares.
    hint_source : Message, optional
        Where the hint comes from, for the note.
    override : str, optional
        Unit the user insists on.
    """
    if override is not None and override not in UNIT_TO_MM:
        raise OutsoleError(
            "unknown unit '{override}'; use one of {join}",
            override=override,
            join=", ".join(UNIT_TO_MM),
        )
    lo, hi = tolerances.plausible_length_mm
    plausible = [u for u, f in UNIT_TO_MM.items() if lo <= length * f <= hi]

    def closeness(u: str) -> float:
        return abs(math.log(length * UNIT_TO_MM[u] / tolerances.typical_length_mm))

    if hint_source:
        declared = Message(
            "the file declares {hint} ({hint_source})", {"hint": hint, "hint_source": hint_source}
        )
    else:
        declared = Message("the file declares {hint}", {"hint": hint})
    source: Literal["file", "plausibility", "default", "user"]
    if hint is not None and hint in plausible:
        detected, source = hint, "file"
        length_mm = length * UNIT_TO_MM[hint]
        note = Message(
            "{declared} and the length {length_mm} mm agrees",
            {"declared": declared, "length_mm": format(length_mm, ".1f")},
        )
    elif plausible:
        detected, source = min(plausible, key=closeness), "plausibility"
        note = Message(
            "a length of {length} is plausible for an outsole in {detected}",
            {"length": format(length, ".4g"), "detected": detected},
        )
        if hint is not None:
            note = Message(
                "{first}; {declared}, which would make it {value} mm long",
                {
                    "first": note,
                    "declared": declared,
                    "value": format(length * UNIT_TO_MM[hint], ",.0f"),
                },
            )
    elif hint is not None:
        detected, source = hint, "file"
        note = Message("no unit gives a plausible length; {declared}", {"declared": declared})
    else:
        detected, source = "mm", "default"
        note = Message(
            "no unit gives a plausible length ({length}); millimetres assumed",
            {"length": format(length, ".4g")},
        )
    used = detected
    if override is not None:
        used, source = override, "user"
        note = Message(
            "unit set by the user to {override} (detected {detected})",
            {"override": override, "detected": detected},
        )
    return UnitDecision(detected, used, UNIT_TO_MM[used], source, note)
