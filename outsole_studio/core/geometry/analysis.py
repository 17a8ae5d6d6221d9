"""What an analysis says of an outsole file: the frozen :class:`Analysis` (canonical frame, mm),
the options it was made with, and its JSON form (``analyze --json``)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..messages import Message
from .footprint import Footprint
from .mesh import (
    FloatArray,
    Health,
    IntArray,
)
from .options import AnalysisOptions as AnalysisOptions  # where the readers find it
from .pose import Pose
from .relief import Relief
from .silhouette import silhouette
from .units import UnitDecision

SCHEMA = "outsole-studio.analysis/1"


@dataclass(frozen=True)
class Dimensions:
    """Overall dimensions in the canonical frame, mm."""

    length_mm: float
    width_mm: float
    height_mm: float
    ball_width_mm: float
    heel_width_mm: float


@dataclass(frozen=True)
class BodyMeasures:
    """Measures of one body.

    ``volume_cm3`` is None for an open body (its volume is not defined).
    """

    volume_cm3: float | None
    surface_area_cm2: float
    watertight: bool
    faces: int
    center_of_mass_mm: tuple[float, float, float] | None


@dataclass(frozen=True)
class Analysis:
    """Everything measured about one outsole file, in the canonical frame (mm).

    Attributes
    ----------
    vertices_mm : (n, 3) float64, read-only
        Repaired mesh in the canonical frame.
    faces : (m, 3) int64, read-only
    body_of_face : (m,) int64, read-only
        Body index of every face.
    """

    file: str
    format: str
    units: UnitDecision
    pose: Pose
    health: Health
    dimensions: Dimensions
    volume_cm3: float | None
    volume_note: Message | None
    surface_area_cm2: float
    center_of_mass_mm: tuple[float, float, float] | None
    bodies: tuple[BodyMeasures, ...]
    footprint: Footprint
    vertices_mm: FloatArray
    faces: IntArray
    body_of_face: IntArray
    relief: Relief | None
    body_reliefs: tuple[Relief, ...]

    @functools.cached_property
    def ground_body(self) -> int:
        """Index of the body the sole stands on: the one reaching lowest (then lowest centre).

        A rubber outsole under an EVA midsole reaches the ground; the midsole does not.
        """
        z = self.vertices_mm[:, 2]
        face_min_z = z[self.faces].min(axis=1)
        n = len(self.bodies)
        lowest = np.full(n, np.inf)
        np.minimum.at(lowest, self.body_of_face, face_min_z)
        centre_z = [(b.center_of_mass_mm or (0.0, 0.0, np.inf))[2] for b in self.bodies]
        return min(range(n), key=lambda i: (round(float(lowest[i]), 3), centre_z[i]))

    @functools.cached_property
    def silhouette_mm(self) -> tuple[FloatArray, ...]:
        """Exact outer rings of the sole seen from below, (x, y) mm, largest first.

        The drawing's and the DXF's outline; the measures use the raster footprint, whose length
        and widths it matches (see :mod:`silhouette`). Computed when first asked for.
        """
        return silhouette(self.vertices_mm, self.faces, self.footprint)

    @property
    def contact_ratio(self) -> float | None:
        """Ground contact area as a share of the outline area (0-1); None without a relief."""
        if self.relief is None:
            return None
        return share(self.relief.contact.area_mm2, self.footprint.area_mm2)

    def to_dict(self) -> dict[str, Any]:
        """The ``analyze --json`` object (schema ``outsole-studio.analysis/1``)."""
        h = self.health
        d = self.dimensions
        return {
            "schema": SCHEMA,
            "file": self.file,
            "format": self.format,
            "units": {
                "detected": self.units.detected,
                "used": self.units.used,
                "scale_to_mm": self.units.scale_to_mm,
                "source": self.units.source,
            },
            "pose": {
                "up_axis_in_file": self.pose.up_axis_in_file,
                "flipped": self.pose.flipped,
                "reversed": self.pose.reversed,
                "yaw_deg": self.pose.yaw_deg,
                "confidence": self.pose.confidence,
            },
            "mesh": {
                "vertices": h.vertices,
                "faces": h.faces,
                "bodies": h.bodies,
                "watertight": h.watertight,
                "winding_consistent": h.winding_consistent,
                "degenerate_faces": h.degenerate_faces,
                "duplicate_faces": h.duplicate_faces,
                "boundary_edges": h.boundary_edges,
                "non_manifold_edges": h.non_manifold_edges,
                "repairs": [str(r) for r in h.repairs],
            },
            "dimensions": {
                "length_mm": _mm(d.length_mm),
                "width_mm": _mm(d.width_mm),
                "height_mm": _mm(d.height_mm),
                "ball_width_mm": _mm(d.ball_width_mm),
                "heel_width_mm": _mm(d.heel_width_mm),
            },
            "volume_cm3": None if self.volume_cm3 is None else _r(self.volume_cm3),
            "volume_note": None if self.volume_note is None else str(self.volume_note),
            "surface_area_cm2": _r(self.surface_area_cm2),
            "center_of_mass_mm": None
            if self.center_of_mass_mm is None
            else [_mm(c) for c in self.center_of_mass_mm],
            "body_list": [
                {
                    "volume_cm3": None if b.volume_cm3 is None else _r(b.volume_cm3),
                    "surface_area_cm2": _r(b.surface_area_cm2),
                    "watertight": b.watertight,
                    "faces": b.faces,
                    **(_relief_dict(r, self.footprint.area_mm2, brief=True) if r else {}),
                }
                for b, r in zip(
                    self.bodies, self.body_reliefs or (None,) * len(self.bodies), strict=True
                )
            ],
            "outline": {
                "area_cm2": _r(self.footprint.area_mm2 / 100.0),
                "perimeter_mm": _mm(self.footprint.perimeter_mm),
            },
            **(_relief_dict(self.relief, self.footprint.area_mm2) if self.relief else {}),
            **self._notes(),
        }

    def _notes(self) -> dict[str, list[str]]:
        """Why a measure is null (only when one is: a complete model's JSON has no notes)."""
        r = self.relief
        notes: list[str] = []
        if r is not None and r.thickness.heel_to_toe_drop_mm is None:
            notes.append(
                "heel_to_toe_drop_mm: the top surface is missing in the heel or forefoot zone "
                "(an open model), so the drop is undefined"
            )
        if r is not None and len(self.bodies) > 1 and not self.body_reliefs:
            notes.append(
                f"body_list: {len(self.bodies)} bodies are too many to measure one by one "
                "(contact, tread, thickness); the model is measured as a whole"
            )
        return {"notes": notes} if notes else {}


def share(part: float, whole: float) -> float:
    """``part / whole``, 0 when the whole is empty (an outline of no area has no contact)."""
    return part / whole if whole else 0.0


def _relief_dict(r: Relief, outline_mm2: float, brief: bool = False) -> dict[str, Any]:
    """The relief part of the JSON (``brief``: the per-body subset)."""
    c, t = r.contact, r.thickness
    out: dict[str, Any] = {
        "contact": {
            "area_cm2": _r(c.area_mm2 / 100.0),
            "ratio": _r(share(c.area_mm2, outline_mm2)),
            "tolerance_mm": c.tolerance_mm,
            "heel_area_cm2": _r(c.heel_mm2 / 100.0),
            "forefoot_area_cm2": _r(c.forefoot_mm2 / 100.0),
        },
        "tread": {"depth_mm": _mm(r.tread_depth_mm)},
        "thickness": {
            "floor_mm": _mm(t.floor_mm),
            "max_mm": _mm(t.max_mm),
            "mean_mm": _mm(t.mean_mm),
            "heel_mm": _mm(t.heel_mm),
            "forefoot_mm": _mm(t.forefoot_mm),
            "grid_mm": t.grid_mm,
        },
    }
    if brief:
        return out
    drop = t.heel_to_toe_drop_mm
    out["heel_to_toe_drop_mm"] = None if drop is None else _mm(drop)
    out["toe_spring_mm"] = _mm(r.toe_spring_mm)
    out["sections"] = [
        {
            "name": s.name,
            "position_pct": round(s.position_pct, 2),
            "requested_pct": s.requested_pct,
            "area_cm2": _r(s.area_mm2 / 100.0),
        }
        for s in r.sections
    ]
    out["draft"] = {
        "threshold_deg": r.draft.threshold_deg,
        "low_draft_area_cm2": _r(r.draft.low_draft_area_mm2 / 100.0),
        "undercut_area_cm2": _r(r.draft.undercut_area_mm2 / 100.0),
    }
    return out


def _r(value: float) -> float:
    """Round for reports: 6 significant digits is far below any tolerance that matters."""
    return float(f"{value:.6g}") + 0.0


def _mm(value: float) -> float:
    """Round a length for reports to 0.1 micrometre (and never print ``-0.0``)."""
    return round(value, 4) + 0.0
