"""The grading rule (increments or factors per size) and what grading makes: each size's
measurements, the foot the outline is for, the sized design.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..errors import OutsoleError
from .sizes import (
    PARIS_POINT_MM,
    Size,
    SizeRun,
)

#: Default width growth per mm of length growth. Ball girth grades about 3 mm per Paris point and
#: ball width is about 66 % of that increment: 1.98 mm of width per 6.667 mm of length.
WIDTH_PER_LENGTH = 0.66 * 3.0 / PARIS_POINT_MM


#: The foot a sole is for.
Foot = Literal["right", "left"]


@dataclass(frozen=True)
class SizeFactors:
    """Explicit factors of one size against the nominal size (a grading-table row)."""

    size: Size
    length_factor: float
    width_factor: float


@dataclass(frozen=True)
class GradingRule:
    """How dimensions change from size to size.

    Attributes
    ----------
    length_step_mm : float or None
        Outsole length added per size of the run's system (per whole size; a half size gets
        half). None: the system's own step (6.667 mm EU, 8.467 mm UK/US, 1 mm Mondopoint).
    width_step_mm : float or None
        Width added per size. None: :data:`WIDTH_PER_LENGTH` times the length step.
    factors : tuple of SizeFactors
        A grading table of factors from the nominal size; when given it replaces the steps and
        must cover every size of the run (the nominal size has factors 1, 1).
    """

    length_step_mm: float | None = None
    width_step_mm: float | None = None
    factors: tuple[SizeFactors, ...] = ()

    def __post_init__(self) -> None:
        for name in ("length_step_mm", "width_step_mm"):
            value = getattr(self, name)
            if name == "length_step_mm" and value is not None and not 0.0 < value <= 20.0:
                # A length step of 0 would make every size the same length.
                raise OutsoleError(
                    "the grading length step must be more than 0 and at most 20 mm, not {value}",
                    value=format(value, "g"),
                )
            if value is not None and not (0.0 <= value <= 20.0):
                raise OutsoleError(
                    "grading {replace} {value} is outside 0-20 mm",
                    replace=name.replace("_", " "),
                    value=format(value, "g"),
                )
        for f in self.factors:
            if not (0.5 <= f.length_factor <= 2.0 and 0.5 <= f.width_factor <= 2.0):
                raise OutsoleError(
                    "grading factors of {label} ({length_factor}, {width_factor}) are outside "
                    "0.5-2",
                    label=f.size.label,
                    length_factor=format(f.length_factor, "g"),
                    width_factor=format(f.width_factor, "g"),
                )

    @property
    def kind(self) -> str:
        """``factors`` or ``increments``."""
        return "factors" if self.factors else "increments"


DEFAULT_GRADING = GradingRule()


@dataclass(frozen=True)
class GradedSize:
    """One size of a graded run, in the canonical frame (mm).

    ``volume_cm3`` and ``body_volumes_cm3`` are None for open bodies, as in :class:`Analysis`.
    The contact and draft figures are None when the analysis has no relief. Contact areas scale
    with the two factors; the low-draft area is measured on the scaled faces (grading tilts
    walls a little); the undercut area is the analysis's, scaled by the hidden faces' growth.
    """

    size: Size
    nominal: bool
    length_factor: float
    width_factor: float
    length_mm: float
    width_mm: float
    ball_width_mm: float
    heel_width_mm: float
    height_mm: float
    outline_area_mm2: float
    contact_area_mm2: float | None
    contact_heel_mm2: float | None
    contact_forefoot_mm2: float | None
    low_draft_area_mm2: float | None
    undercut_area_mm2: float | None
    volume_cm3: float | None
    body_volumes_cm3: tuple[float | None, ...]
    surface_area_cm2: float

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON."""
        return {
            "size": self.size.label,
            "nominal": self.nominal,
            "length_factor": round(self.length_factor, 6),
            "width_factor": round(self.width_factor, 6),
            "length_mm": round(self.length_mm, 3),
            "width_mm": round(self.width_mm, 3),
            "ball_width_mm": round(self.ball_width_mm, 3),
            "heel_width_mm": round(self.heel_width_mm, 3),
            "height_mm": round(self.height_mm, 3),
            "outline_area_mm2": round(self.outline_area_mm2, 2),
            "contact_area_mm2": _r(self.contact_area_mm2, 2),
            "contact_heel_mm2": _r(self.contact_heel_mm2, 2),
            "contact_forefoot_mm2": _r(self.contact_forefoot_mm2, 2),
            "low_draft_area_mm2": _r(self.low_draft_area_mm2, 2),
            "undercut_area_mm2": _r(self.undercut_area_mm2, 2),
            "volume_cm3": _r(self.volume_cm3, 4),
            "body_volumes_cm3": [_r(v, 4) for v in self.body_volumes_cm3],
            "surface_area_cm2": round(self.surface_area_cm2, 3),
        }


def _r(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


@dataclass(frozen=True)
class FootSide:
    """Which foot a sole is for, read from its outline.

    Attributes
    ----------
    side : str or None
        ``right``, ``left``, or None when the outline is (nearly) symmetric.
    arch_depth_mm : float
        How much deeper the medial arch cuts in than the lateral edge does.
    """

    side: Foot | None
    arch_depth_mm: float


@dataclass(frozen=True)
class Sizing:
    """The size decisions for one analysed model and its graded run.

    Attributes
    ----------
    nominal_source : str
        ``given`` (by the user) or ``inferred`` (from the outsole length).
    foot_source : str
        ``given``, ``outline`` (read from the arch) or ``unknown``.
    """

    nominal: Size
    nominal_source: Literal["given", "inferred"]
    foot: Foot | None
    foot_source: Literal["given", "outline", "unknown"]
    run: SizeRun
    graded: tuple[GradedSize, ...]
