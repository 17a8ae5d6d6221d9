"""The analysis pipeline: a loaded model in, a frozen :class:`Analysis` (canonical frame) out."""

from __future__ import annotations

import functools
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ..errors import GeometryError
from ..messages import Message
from .footprint import Footprint, footprint
from .mesh import (
    Body,
    FaceGeometry,
    FloatArray,
    Health,
    IntArray,
    MergedMesh,
    bounds,
    face_geometry,
    merge_parts,
    repair,
    weld,
)
from .model import LoadedModel
from .pose import Pose, estimate_pose
from .relief import Draft, Relief, relief
from .tolerances import DEFAULT_TOLERANCES, Tolerances
from .units import UnitDecision, decide_units

SCHEMA = "outsole-studio.analysis/1"


@dataclass(frozen=True)
class AnalysisOptions:
    """What the user can override.

    Attributes
    ----------
    units : str or None
        Force the file's unit (``mm``, ``cm``, ``m``, ``in``).
    flip : bool
        Turn the sole over relative to the automatic tread-side decision.
    reverse : bool
        Swap heel and toe relative to the automatic decision.
    contact_tolerance_mm : float
        Bottom surface within this height of the ground counts as contact.
    grid_mm : float
        Spacing of the thickness and height maps.
    draft_threshold_deg : float
        Faces with less mould draft than this are reported.
    relief : bool
        Compute the thickness map, contact, tread, sections and draft (the default). Without,
        the analysis stops at the outline and the mass properties.
    """

    units: str | None = None
    flip: bool = False
    reverse: bool = False
    contact_tolerance_mm: float = 0.5
    grid_mm: float = 1.0
    draft_threshold_deg: float = 1.0
    relief: bool = True
    tolerances: Tolerances = field(default=DEFAULT_TOLERANCES)


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
        }


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
    out["heel_to_toe_drop_mm"] = _mm(t.heel_to_toe_drop_mm)
    out["toe_spring_mm"] = _mm(r.toe_spring_mm)
    out["sections"] = [
        {"name": s.name, "position_pct": s.position_pct, "area_cm2": _r(s.area_mm2 / 100.0)}
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


def _readonly(a: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    a.flags.writeable = False
    return a


def _merged(model: LoadedModel, tolerances: Tolerances) -> MergedMesh:
    """Check a loaded model, weld each of its meshes and merge them.

    Raises
    ------
    GeometryError
        No triangles, non-finite coordinates, or a flat model (a surface, not a solid).
    """
    if model.face_count == 0:
        raise GeometryError("the file holds no triangles", model.path)
    if not all(np.isfinite(p.vertices).all() for p in model.parts):
        bad = sum(int((~np.isfinite(p.vertices)).any(axis=1).sum()) for p in model.parts)
        raise GeometryError(
            "{bad} vertices have NaN or infinite coordinates; repair or re-export the model",
            model.path,
            bad=bad,
        )
    merged = merge_parts([weld(p.triangles()) for p in model.parts])
    n_faces = merged.faces.shape[0]
    if n_faces < 4:
        raise GeometryError(
            "only {n_faces} usable triangle(s): a surface, not a solid outsole",
            model.path,
            n_faces=n_faces,
        )
    v = merged.vertices - merged.vertices.mean(axis=0)
    extent = np.sqrt(np.maximum(np.linalg.eigvalsh(v.T @ v / v.shape[0]), 0.0))
    if extent[0] <= tolerances.flat_rel * extent[-1]:
        raise GeometryError(
            "the model is flat (a surface with no thickness), not a solid outsole", model.path
        )
    return merged


@dataclass(frozen=True)
class _Placement:
    """What depends on the pose: the frame, the unit, the canonical vertices, the footprint."""

    pose: Pose
    units: UnitDecision
    vertices_mm: FloatArray
    shift_mm: FloatArray
    footprint: Footprint


def _place(
    vertices: FloatArray,
    faces: IntArray,
    geometry: FaceGeometry,
    model: LoadedModel,
    options: AnalysisOptions,
    closed: bool,
) -> _Placement:
    tol = options.tolerances
    try:
        pose = estimate_pose(vertices, faces, options.flip, options.reverse, tol, geometry)
    except GeometryError as exc:
        raise exc.at(model.path) from exc
    canon = pose.apply(vertices)
    length_file = float(canon[:, 0].max() - canon[:, 0].min())
    units = decide_units(length_file, model.unit_hint, model.unit_hint_source, options.units, tol)
    verts = canon * units.scale_to_mm
    # Exact zeros for the reference planes (the shift was computed before scaling).
    shift = np.array([verts[:, 0].min(), 0.0, verts[:, 2].min()])
    verts -= shift
    down = geometry.cross @ pose.rotation[2] < 0 if closed else None
    fp = footprint(verts, faces, down, tolerances=tol)
    return _Placement(pose, units, verts, shift, fp)


def _combined_draft(bodies: tuple[Body, ...], reliefs: tuple[Relief, ...], n_faces: int) -> Draft:
    """Per-body drafts put back together, face by face, in the model's face order."""
    angle = np.zeros(n_faces)
    low = np.zeros(n_faces, dtype=bool)
    under = np.zeros(n_faces, dtype=bool)
    for body, r in zip(bodies, reliefs, strict=True):
        angle[body.faces] = r.draft.draft_deg
        low[body.faces] = r.draft.low_draft
        under[body.faces] = r.draft.undercut
    return Draft(
        threshold_deg=reliefs[0].draft.threshold_deg,
        draft_deg=angle,
        low_draft=low,
        undercut=under,
        low_draft_area_mm2=sum(r.draft.low_draft_area_mm2 for r in reliefs),
        undercut_area_mm2=sum(r.draft.undercut_area_mm2 for r in reliefs),
    )


def analyze_model(model: LoadedModel, options: AnalysisOptions | None = None) -> Analysis:
    """Run load-independent analysis: repair, pose, units, measurements.

    Parameters
    ----------
    model : LoadedModel
        As returned by :func:`outsole_studio.io.meshfile.load_model`.
    options : AnalysisOptions, optional
    """
    options = options or AnalysisOptions()
    tol = options.tolerances
    merged = _merged(model, tol)
    geom = face_geometry(merged.vertices, merged.faces)
    # Place the merged mesh while its topology is checked and repaired: on a clean mesh (the
    # usual case) the repairs change nothing, and the two halves run side by side on two cores.
    with ThreadPoolExecutor(max_workers=1) as pool:
        ahead = pool.submit(_place, merged.vertices, merged.faces, geom, model, options, True)
        mesh = repair(merged, tol, geom)
        try:
            placed: _Placement | None = ahead.result()
        except GeometryError:
            placed = None  # decided again below, on the repaired mesh
    if placed is None or mesh.faces_changed or not mesh.health.watertight:
        placed = _place(
            mesh.vertices, mesh.faces, mesh.geometry, model, options, mesh.health.watertight
        )
    pose, units, verts, fp = placed.pose, placed.units, placed.vertices_mm, placed.footprint
    shift = placed.shift_mm

    faces = mesh.faces
    scale = units.scale_to_mm

    measures: list[BodyMeasures] = []
    closed_vol = 0.0
    closed_moment = np.zeros(3)
    open_bodies: list[int] = []
    for i, body in enumerate(mesh.bodies):
        area_cm2 = body.mass.area * scale**2 / 100.0
        if body.watertight:
            vol_mm3 = body.mass.volume * scale**3
            com_mm = pose.apply(body.mass.center_of_mass[None, :])[0] * scale - shift
            closed_vol += vol_mm3
            closed_moment += vol_mm3 * com_mm
            com = (float(com_mm[0]), float(com_mm[1]), float(com_mm[2]))
            measures.append(BodyMeasures(vol_mm3 / 1000.0, area_cm2, True, body.faces.size, com))
        else:
            open_bodies.append(i)
            measures.append(BodyMeasures(None, area_cm2, False, body.faces.size, None))
    total_area = sum(m.surface_area_cm2 for m in measures) * 100.0

    center: tuple[float, float, float] | None = None
    if open_bodies:
        volume_cm3 = None
        which = ", ".join(str(i + 1) for i in open_bodies)
        volume_note: Message | None = Message(
            "body {which} of {len} is open ({boundary_edges} boundary, {non_manifold_edges} "
            "non-manifold edges): volume is undefined; close the holes in the modelling tool",
            {
                "which": which,
                "len": len(mesh.bodies),
                "boundary_edges": mesh.health.boundary_edges,
                "non_manifold_edges": mesh.health.non_manifold_edges,
            },
        )
    else:
        volume_cm3 = closed_vol / 1000.0
        volume_note = None
        if closed_vol:
            c = closed_moment / closed_vol
            center = (float(c[0]), float(c[1]), float(c[2]))

    lo, hi = bounds(verts)
    length = float(hi[0] - lo[0])
    dims = Dimensions(
        length_mm=length,
        width_mm=float(hi[1] - lo[1]),
        height_mm=float(hi[2] - lo[2]),
        ball_width_mm=fp.max_width_between(0.5 * length, length),
        heel_width_mm=fp.max_width_between(0.0, 0.2 * length),
    )

    def measure(f: IntArray) -> Relief:
        return relief(
            verts, f, options.contact_tolerance_mm, options.grid_mm, options.draft_threshold_deg
        )

    whole: Relief | None = measure(faces) if options.relief else None
    per_body: tuple[Relief, ...] = (whole,) if whole is not None else ()
    if whole is not None and len(mesh.bodies) > 1:
        per_body = tuple(measure(faces[b.faces]) for b in mesh.bodies)
        # Each body has its own mould: draft and undercuts are the bodies', not the stack's.
        whole = replace(whole, draft=_combined_draft(mesh.bodies, per_body, faces.shape[0]))
    return Analysis(
        file=model.path,
        format=model.format,
        units=units,
        pose=pose,
        health=mesh.health,
        dimensions=dims,
        volume_cm3=volume_cm3,
        volume_note=volume_note,
        surface_area_cm2=total_area / 100.0,
        center_of_mass_mm=center,
        bodies=tuple(measures),
        footprint=fp,
        vertices_mm=_readonly(verts),
        faces=_readonly(faces),
        body_of_face=_readonly(mesh.body_of_face),
        relief=whole,
        body_reliefs=per_body,
    )
