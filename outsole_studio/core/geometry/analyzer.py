"""The analysis pipeline: merge the file's parts, repair, pose, measure, relief per body.

:func:`analyze_model` turns a loaded model into an :class:`~.analysis.Analysis` in the canonical
frame (mm); the elementwise passes run in chunks on the cores (:mod:`.chunked`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..errors import GeometryError
from ..messages import Message
from .analysis import (
    Analysis,
    AnalysisOptions,
    BodyMeasures,
    Dimensions,
)
from .chunked import begun, beside
from .draft import Draft, Pull
from .footprint import footprint
from .merged import merged_mesh
from .mesh import (
    BegunGeometry,
    Body,
    FaceGeometry,
    FloatArray,
    IntArray,
    MergedMesh,
    RepairedMesh,
    bounds,
    face_geometry,
    repair,
)
from .model import LoadedModel
from .pose import Pose, estimate_pose
from .relief import MAX_GRID_POINTS, Relief, ReliefParts, relief, relief_parts
from .units import UnitDecision, decide_units

MAX_MEASURED_BODIES = 50
"""Bodies measured one by one (thickness, contact, draft each): a sole has a handful (outsole,
midsole, heel plug, badges); a model of more is a soup of pieces, measured as a whole."""


def _readonly(a: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    a.flags.writeable = False
    return a


@dataclass(frozen=True)
class _Placement:
    """What the pose decides: the frame, the unit, the canonical vertices."""

    pose: Pose
    units: UnitDecision
    vertices_mm: FloatArray
    shift_mm: FloatArray


def _place(
    vertices: FloatArray,
    faces: IntArray,
    geometry: FaceGeometry,
    model: LoadedModel,
    options: AnalysisOptions,
) -> _Placement:
    """The pose, the unit and the canonical vertices."""
    tol = options.tolerances
    try:
        pose = estimate_pose(
            vertices,
            faces,
            options.flip,
            options.reverse,
            tol,
            geometry,
            options.yaw_deg,
            options.up_axis,
        )
    except GeometryError as exc:
        raise exc.at(model.path) from exc
    canon = pose.apply(vertices)
    length_file = float(canon[:, 0].max() - canon[:, 0].min())
    units = decide_units(length_file, model.unit_hint, model.unit_hint_source, options.units, tol)
    verts = canon
    verts *= units.scale_to_mm
    # Exact zeros for the reference planes (the shift was computed before scaling).
    shift = np.array([verts[:, 0].min(), 0.0, verts[:, 2].min()])
    verts -= shift
    return _Placement(pose, units, verts, shift)


def _place_early(
    vertices: FloatArray,
    faces: IntArray,
    geometry: FaceGeometry,
    model: LoadedModel,
    options: AnalysisOptions,
    closed: threading.Event,
) -> tuple[_Placement, bool]:
    """:func:`_place` of the merged mesh, beside its repair; and whether the relief's parts
    are to be made ahead: the repair found the mesh closed and consistently wound by then
    (its faces almost surely stay as they are)."""
    placed = _place(vertices, faces, geometry, model, options)
    return placed, options.relief and closed.is_set()


def _parts_ahead(
    early: Callable[[], tuple[_Placement, bool]],
    faces: IntArray,
    options: AnalysisOptions,
    wanted: threading.Event,
) -> ReliefParts | None:
    """The whole mesh's height maps and sections after its early placement, on the
    placement's thread, while the repair ends and the outline and the contact are measured;
    None where not to be made ahead, or once ``wanted`` is cleared (the repair changed the
    faces after all)."""
    placed, made_ahead = early()
    if not made_ahead:
        return None
    return relief_parts(
        placed.vertices_mm,
        faces,
        options.grid_mm,
        MAX_GRID_POINTS,
        wanted.is_set,
    )


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


def _reliefs(
    placed: _Placement,
    mesh: RepairedMesh,
    pull: Pull,
    options: AnalysisOptions,
    parts: Callable[[], ReliefParts | None] | None = None,
) -> tuple[Relief | None, tuple[Relief, ...]]:
    """The relief of the whole mesh (its draft the bodies' own; ``parts``: its parts made
    ahead) and of each body."""

    def measure(
        f: IntArray,
        along: Pull,
        points: int = MAX_GRID_POINTS,
        made: Callable[[], ReliefParts | None] | None = None,
    ) -> Relief:
        return relief(
            placed.vertices_mm,
            f,
            options.contact_tolerance_mm,
            options.grid_mm,
            options.draft_threshold_deg,
            points,
            along,
            made,
        )

    if not options.relief:
        return None, ()
    faces = mesh.faces
    whole = measure(faces, pull, made=parts)
    n_bodies = len(mesh.bodies)
    if n_bodies > MAX_MEASURED_BODIES:
        return whole, ()  # a soup of pieces, not a sole's bodies: the whole is measured alone
    if n_bodies <= 1:
        return whole, (whole,)
    # The bodies share one grid budget, so many bodies cannot multiply the memory.
    points = max(MAX_GRID_POINTS // n_bodies, 10_000)
    per_body = tuple(measure(faces[b.faces], pull.select(b.faces), points) for b in mesh.bodies)
    # Each body has its own mould: draft and undercuts are the bodies', not the stack's.
    whole = replace(whole, draft=_combined_draft(mesh.bodies, per_body, faces.shape[0]))
    return whole, per_body


def analyze_model(model: LoadedModel, options: AnalysisOptions | None = None) -> Analysis:
    """Run load-independent analysis: repair, pose, units, measurements.

    Parameters
    ----------
    model : LoadedModel
        As returned by :func:`outsole_studio.io.meshfile.load_model`.
    options : AnalysisOptions, optional
    """
    options = options or AnalysisOptions()
    merged = merged_mesh(model, options.tolerances)
    # Past the weld only what the file says of itself is needed: letting its triangles go
    # frees 46-77 MB for a 1.3 M-triangle STL when the caller passed the model on
    # (`analyze_model(load_model(path))`, as :func:`~outsole_studio.io.pipeline.analyze_file`).
    return analyze_merged(replace(model, parts=()), merged, options)


def analyze_merged(
    model: LoadedModel,
    merged: MergedMesh,
    options: AnalysisOptions | None = None,
    geometry: BegunGeometry | None = None,
) -> Analysis:
    """:func:`analyze_model` past its first step: the model's meshes already welded and merged.

    Parameters
    ----------
    model : LoadedModel
        What the file says of itself (its parts may be left out).
    merged : MergedMesh
        :func:`~.merged.merged_mesh` of the model.
    options : AnalysisOptions, optional
    geometry : BegunGeometry, optional
        The merged mesh's face geometry, begun already (while the mesh was welded elsewhere).
    """
    options = options or AnalysisOptions()
    tol = options.tolerances
    geom = face_geometry(merged.vertices, merged.faces, geometry)
    # The mesh is placed as merged on a thread while it is checked and repaired: a clean mesh
    # (the usual case) keeps that placement, one the repair changed is placed again below.
    # (1.3 M triangles: `analyze --json` 1.68 -> 1.51 s, the peak 422 -> 430 MB.) The same
    # thread then goes on to the height maps and the sections of a closed mesh while this one
    # draws the outline and measures the contact: each thread has about half of what is left
    # (0.948 -> 0.923 s).
    placed: _Placement | None = None
    made_ahead = False
    closed, wanted = threading.Event(), threading.Event()
    wanted.set()
    with beside() as thread:
        early = begun(thread, _place_early, merged.vertices, merged.faces, geom, model, options,
                      closed)  # fmt: skip
        ahead = begun(thread, _parts_ahead, early, merged.faces, options, wanted)
        # Side by side, each on a core of its own (see `begun`); they end about together.
        mesh = repair(merged, tol, geom, closed.set)
        if not mesh.faces_changed and mesh.health.watertight:
            try:
                placed, made_ahead = early()
            except GeometryError:
                placed = None  # decided again below, on the repaired mesh
        if placed is None:
            wanted.clear()  # the parts ahead are of other faces, or none
            placed = _place(mesh.vertices, mesh.faces, mesh.geometry, model, options)
        pose, units, verts, shift = placed.pose, placed.units, placed.vertices_mm, placed.shift_mm
        faces = mesh.faces
        scale = units.scale_to_mm
        # Each face's cross product along the pull (canonical Z), from the file frame's
        # geometry: the draft reads it, and the faces looking down are the footprint's when
        # all is closed.
        pull = Pull(mesh.geometry.cross @ pose.rotation[2], mesh.geometry.double_area, scale)
        down = pull.along < 0 if mesh.health.watertight else None
        if made_ahead:
            fp = footprint(verts, faces, down, tol)  # here, while the parts are made beside
            whole, per_body = _reliefs(placed, mesh, pull, options, ahead)
        else:
            # The footprint beside the relief, each on a core (see `begun`).
            outline = begun(thread, footprint, verts, faces, down, tol)
            whole, per_body = _reliefs(placed, mesh, pull, options)
            fp = outline()

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
    if len(open_bodies) > 8:
        volume_cm3 = None
        volume_note: Message | None = Message(
            "{count} of {len} bodies are open (the first: {which}; {boundary_edges} boundary, "
            "{non_manifold_edges} non-manifold edges): volume is undefined; close the holes in "
            "the modelling tool",
            {
                "count": len(open_bodies),
                "which": ", ".join(str(i + 1) for i in open_bodies[:5]),
                "len": len(mesh.bodies),
                "boundary_edges": mesh.health.boundary_edges,
                "non_manifold_edges": mesh.health.non_manifold_edges,
            },
        )
    elif open_bodies:
        volume_cm3 = None
        which = ", ".join(str(i + 1) for i in open_bodies)
        volume_note = Message(
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
