"""Size grading: one outsole made at every size of a run.

The grading rule is a table as commercial sole-grading tools keep it: the length grows by a step
per size (the size system's own step by default: 6.667 mm a Paris point), the width by its own
step per size, or each size has explicit length and width factors from the nominal size.
Thickness, tread depth and heel height do not grade: the mesh is scaled along X (about the heel,
x = 0) and Y only, so volumes and contact areas scale exactly by ``length_factor x width_factor``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import OutsoleError
from ..geometry.analysis import Analysis
from ..geometry.footprint import Footprint
from ..geometry.mesh import FloatArray, IntArray, face_geometry
from ..geometry.relief import draft_angles_deg
from .sizes import (
    DEFAULT_SIZE_SETTINGS,
    PARIS_POINT_MM,
    Size,
    SizeRun,
    SizeSettings,
    nominal_size,
)

#: Default width growth per mm of length growth. Ball girth grades about 3 mm per Paris point and
#: ball width is about 66 % of that increment: 1.98 mm of width per 6.667 mm of length.
WIDTH_PER_LENGTH = 0.66 * 3.0 / PARIS_POINT_MM


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


def size_factors(
    run: SizeRun,
    nominal: Size,
    length_mm: float,
    width_mm: float,
    rule: GradingRule = DEFAULT_GRADING,
    settings: SizeSettings = DEFAULT_SIZE_SETTINGS,
) -> list[tuple[Size, float, float]]:
    """Length and width factors of every size of ``run`` against the nominal size.

    Parameters
    ----------
    length_mm, width_mm : float
        The nominal outsole's length and width.
    """
    if nominal.system != run.system:
        nominal = nominal.to(run.system, settings)
    if rule.factors:
        table = {round(f.size.to(run.system, settings).value, 6): f for f in rule.factors}
        missing = [s.label for s in run.sizes if round(s.value, 6) not in table]
        if missing:
            raise OutsoleError(
                "the grading table has no factors for {sizes}; give every size",
                sizes=", ".join(missing),
            )
        return [
            (s, table[round(s.value, 6)].length_factor, table[round(s.value, 6)].width_factor)
            for s in run.sizes
        ]
    one_up = Size(run.system, nominal.value + 1.0)
    system_step = one_up.last_length_mm(settings) - nominal.last_length_mm(settings)
    length_step = system_step if rule.length_step_mm is None else rule.length_step_mm
    width_step = (
        WIDTH_PER_LENGTH * system_step if rule.width_step_mm is None else rule.width_step_mm
    )
    out = []
    for s in run.sizes:
        steps = s.value - nominal.value
        length = length_mm + steps * length_step
        width = width_mm + steps * width_step
        if length <= 0.2 * length_mm or width <= 0.2 * width_mm:
            raise OutsoleError(
                "{label} is too far from the nominal {label2} to grade this outsole",
                label=s.label,
                label2=nominal.label,
            )
        out.append((s, length / length_mm, width / width_mm))
    return out


def graded_vertices(
    vertices_mm: FloatArray, length_factor: float, width_factor: float
) -> FloatArray:
    """Scale canonical-frame vertices: X about the heel (x = 0), Y about y = 0, Z unchanged.

    Parameters
    ----------
    vertices_mm : (n, 3) float64
    """
    out: FloatArray = vertices_mm * np.array([length_factor, width_factor, 1.0])
    return out


def mirrored(vertices_mm: FloatArray, faces: IntArray) -> tuple[FloatArray, IntArray]:
    """The other foot: Y negated, winding reversed so the surface still faces outwards."""
    return vertices_mm * np.array([1.0, -1.0, 1.0]), faces[:, ::-1].copy()


def grade(
    analysis: Analysis,
    run: SizeRun,
    nominal: Size,
    rule: GradingRule = DEFAULT_GRADING,
    settings: SizeSettings = DEFAULT_SIZE_SETTINGS,
) -> tuple[GradedSize, ...]:
    """Measurements of the outsole at every size of ``run``.

    Lengths, widths, outline and contact areas and volumes follow exactly from the factors; the
    surface area (not a simple multiple) is measured on each scaled mesh.
    """
    d = analysis.dimensions
    r = analysis.relief
    nominal_run = nominal.to(run.system, settings) if nominal.system != run.system else nominal
    hidden_area0 = 0.0
    if r is not None:
        hidden_area0 = float(
            face_geometry(analysis.vertices_mm, analysis.faces).double_area[r.draft.undercut].sum()
        )
    out = []
    for size, fx, fy in size_factors(run, nominal, d.length_mm, d.width_mm, rule, settings):
        geom = face_geometry(graded_vertices(analysis.vertices_mm, fx, fy), analysis.faces)
        vf = fx * fy

        low = under = None
        if r is not None:
            length = geom.double_area
            angle = draft_angles_deg(geom)
            low = float(length[(angle < r.draft.threshold_deg) & (length > 0)].sum()) / 2.0
            grown = float(length[r.draft.undercut].sum()) / hidden_area0 if hidden_area0 else 0.0
            under = r.draft.undercut_area_mm2 * grown
        out.append(
            GradedSize(
                size=size,
                nominal=abs(size.value - nominal_run.value) < 1e-6,
                length_factor=fx,
                width_factor=fy,
                length_mm=d.length_mm * fx,
                width_mm=d.width_mm * fy,
                ball_width_mm=d.ball_width_mm * fy,
                heel_width_mm=d.heel_width_mm * fy,
                height_mm=d.height_mm,
                outline_area_mm2=analysis.footprint.area_mm2 * vf,
                contact_area_mm2=None if r is None else r.contact.area_mm2 * vf,
                contact_heel_mm2=None if r is None else r.contact.heel_mm2 * vf,
                contact_forefoot_mm2=None if r is None else r.contact.forefoot_mm2 * vf,
                low_draft_area_mm2=low,
                undercut_area_mm2=under,
                volume_cm3=None if analysis.volume_cm3 is None else analysis.volume_cm3 * vf,
                body_volumes_cm3=tuple(
                    None if b.volume_cm3 is None else b.volume_cm3 * vf for b in analysis.bodies
                ),
                surface_area_cm2=float(geom.double_area.sum()) / 200.0,
            )
        )
    return tuple(out)


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

    side: str | None
    arch_depth_mm: float


def foot_side(fp: Footprint, min_depth_mm: float = 1.0) -> FootSide:
    """Tell a right sole from a left one by its medial arch.

    In the canonical frame (X heel to toe, Z up, so +Y is to the wearer's left) the medial side
    of a right sole is +Y. The arch is the side whose waist edge (30-60 % of the length) cuts
    furthest inside the straight line joining its edge at 20 % and 70 %.
    """
    mask = fp.mask
    cols = np.flatnonzero(mask.any(axis=1))
    if cols.size < 10:
        return FootSide(None, 0.0)
    j = np.arange(mask.shape[1])
    hi = np.where(mask, j, -1).max(axis=1)
    lo = np.where(mask, j, mask.shape[1]).min(axis=1)
    y_hi = fp.origin_mm[1] + (hi + 1) * fp.cell_mm
    y_lo = fp.origin_mm[1] + lo * fp.cell_mm
    first, last = int(cols[0]), int(cols[-1])

    def at(frac: float) -> int:
        return round(first + frac * (last - first))

    waist = np.arange(at(0.30), at(0.60) + 1)
    a, b = at(0.20), at(0.70)
    t = (waist - a) / (b - a)
    # Depth of each edge inside its own chord (positive = cut in towards the centre line).
    depth_hi = float(((1 - t) * y_hi[a] + t * y_hi[b] - y_hi[waist]).max())
    depth_lo = float((y_lo[waist] - ((1 - t) * y_lo[a] + t * y_lo[b])).max())
    diff = depth_hi - depth_lo
    if abs(diff) < min_depth_mm:
        return FootSide(None, abs(diff))
    return FootSide("right" if diff > 0 else "left", abs(diff))


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
    nominal_source: str
    foot: str | None
    foot_source: str
    run: SizeRun
    graded: tuple[GradedSize, ...]


def size_design(
    analysis: Analysis,
    run: SizeRun,
    nominal: Size | None = None,
    foot: str | None = None,
    rule: GradingRule = DEFAULT_GRADING,
    settings: SizeSettings = DEFAULT_SIZE_SETTINGS,
) -> Sizing:
    """Decide the nominal size and the foot (unless given) and grade the run."""
    source = "given"
    if nominal is None:
        nominal = nominal_size(analysis.dimensions.length_mm, run.system, settings)
        source = "inferred"
    foot_source = "given"
    if foot is None:
        foot = foot_side(analysis.footprint).side
        foot_source = "unknown" if foot is None else "outline"
    graded = grade(analysis, run, nominal, rule, settings)
    return Sizing(nominal, source, foot, foot_source, run, graded)
