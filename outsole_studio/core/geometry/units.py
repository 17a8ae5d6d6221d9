"""Decide a model's unit: the file's word is a hint, plausibility decides, the user overrides."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import OutsoleError
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
    note : str
        One sentence for the report.
    """

    detected: str
    used: str
    scale_to_mm: float
    source: str
    note: str


def decide_units(
    length: float,
    hint: str | None = None,
    hint_source: str | None = None,
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
    hint_source : str, optional
        Where the hint comes from, for the note.
    override : str, optional
        Unit the user insists on.
    """
    if override is not None and override not in UNIT_TO_MM:
        raise OutsoleError(f"unknown unit '{override}'; use one of {', '.join(UNIT_TO_MM)}")
    lo, hi = tolerances.plausible_length_mm
    plausible = [u for u, f in UNIT_TO_MM.items() if lo <= length * f <= hi]

    def closeness(u: str) -> float:
        return abs(math.log(length * UNIT_TO_MM[u] / tolerances.typical_length_mm))

    if hint_source:
        declared = f"the file declares {hint} ({hint_source})"
    else:
        declared = f"the file declares {hint}"
    if hint is not None and hint in plausible:
        detected, source = hint, "file"
        length_mm = length * UNIT_TO_MM[hint]
        note = f"{declared} and the length {length_mm:.1f} mm agrees"
    elif plausible:
        detected, source = min(plausible, key=closeness), "plausibility"
        note = f"a length of {length:.4g} is plausible for an outsole in {detected}"
        if hint is not None:
            note += f"; {declared}, which would make it {length * UNIT_TO_MM[hint]:,.0f} mm long"
    elif hint is not None:
        detected, source = hint, "file"
        note = f"no unit gives a plausible length; {declared}"
    else:
        detected, source = "mm", "default"
        note = f"no unit gives a plausible length ({length:.4g}); millimetres assumed"
    used = detected
    if override is not None:
        used, source = override, "user"
        note = f"unit set by the user to {override} (detected {detected})"
    return UnitDecision(detected, used, UNIT_TO_MM[used], source, note)
