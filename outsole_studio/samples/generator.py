"""A parametric outsole generator: anatomical outline, body, tread, and the exact truth of each.

The generator is the product's test bench and the source of its example designs. Every design
comes with its :class:`GeneratedTruth`, computed from the defining polygons (exact) or, where
a warp (heel rise, toe spring) bends the body, from the mesh.

Frame: the canonical one (X heel to toe, heel at x = 0, Y across and centred, Z up, ground at
z = 0). The outline is turned so that its area's principal axis is X, which is how the analysis
finds the length axis: generated soles measure the same in both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Literal

import manifold3d
import numpy as np
import shapely
from scipy.interpolate import PchipInterpolator
from shapely.geometry.base import BaseGeometry

from ..core.errors import OutsoleError
from ..core.geometry.mesh import FloatArray, IntArray, mass_properties
from .tread import CATALOGUE

PARIS_POINT_MM = 20.0 / 3.0
"""One EU (Paris point) size step of last length, mm."""

ToeShape = Literal["round", "pointed", "square"]
Foot = Literal["right", "left"]


@dataclass(frozen=True)
class OutsoleParams:
    """Everything that defines a generated outsole (mm unless named otherwise).

    Attributes
    ----------
    size_eu : float
        EU size; the sole length is ``size_eu * 20/3 + length_allowance_mm``.
    foot : {"right", "left"}
        The left sole is the mirror image of the right one.
    toe : {"round", "pointed", "square"}
    floor_mm : float
        Slab (floor) thickness above the tread.
    tread : str
        A key of :data:`outsole_studio.samples.tread.CATALOGUE`, or ``"none"``.
    tread_depth_mm, pitch_mm, element_mm, margin_mm : float
        Tread relief height, pattern pitch, element size, and the plain band along the rim.
    flex_grooves : bool
        Leave two tread-free bands across the forefoot (at 58 and 74 % of the length).
    heel_height_mm : float
        Height of the heel block under the heel (0: none). The slab rises towards the heel.
    heel_transition : {"smooth", "stepped"}
    toe_spring_mm : float
        Rise of the bottom at the toe end.
    rim_height_mm, rim_width_mm : float
        Side wall (cupsole rim) standing on the slab along the outline (height 0: none).
    midsole_mm : float
        Thickness of a separate midsole body stacked on the outsole (0: none).
    resolution : float
        Mesh density: 1 is the default; n >= 2 splits every edge in n (n**2 times the
        triangles) for benchmarks: the example designs reach 1-2 M triangles at 3.
    """

    size_eu: float = 42.0
    foot: Foot = "right"
    toe: ToeShape = "round"
    length_allowance_mm: float = 0.0
    floor_mm: float = 4.0
    tread: str = "lugs"
    tread_depth_mm: float = 3.0
    pitch_mm: float = 12.0
    element_mm: float = 8.0
    margin_mm: float = 4.0
    flex_grooves: bool = False
    heel_height_mm: float = 0.0
    heel_transition: Literal["smooth", "stepped"] = "smooth"
    toe_spring_mm: float = 0.0
    rim_height_mm: float = 0.0
    rim_width_mm: float = 3.0
    midsole_mm: float = 0.0
    resolution: float = 1.0

    @property
    def length_mm(self) -> float:
        """Sole length, mm."""
        return self.size_eu * PARIS_POINT_MM + self.length_allowance_mm


@dataclass(frozen=True)
class GeneratedTruth:
    """What a generated outsole measures, by construction (canonical frame, mm).

    Volumes are exact from the defining polygons for flat designs; for designs a warp bends
    (heel rise, toe spring) they come from the mesh (``volume_exact`` False). Zone thicknesses
    (the outsole's mean vertical thickness in the rear 20 % and at 60-80 % of the length) come
    from the defining polygons on a 0.25 mm lattice: a warp lifts both faces alike.
    """

    length_mm: float
    width_mm: float
    height_mm: float
    outline_area_mm2: float
    outline_perimeter_mm: float
    contact_area_mm2: float
    contact_tolerance_mm: float
    tread_depth_mm: float
    floor_thickness_mm: float
    heel_height_mm: float
    heel_thickness_mm: float
    forefoot_thickness_mm: float
    volume_mm3: float
    part_volumes_mm3: tuple[float, ...]
    volume_exact: bool


@dataclass(frozen=True)
class GeneratedPart:
    """One body of a generated design: a watertight, outward-wound mesh."""

    name: str
    vertices: FloatArray
    faces: IntArray


@dataclass(frozen=True)
class GeneratedOutsole:
    """A generated design: its parameters, parts (outsole, optional midsole) and truth."""

    params: OutsoleParams
    parts: tuple[GeneratedPart, ...]
    outline: FloatArray
    truth: GeneratedTruth = field(repr=False)


def _smoothstep(t: FloatArray) -> FloatArray:
    t = np.clip(t, 0.0, 1.0)
    return np.asarray(t * t * (3 - 2 * t), dtype=np.float64)


def anatomical_outline(
    length_mm: float, foot: Foot = "right", toe: ToeShape = "round", n: int = 240
) -> FloatArray:
    """The outline of a sole: rounded heel, medial arch, ball at ~68 %, a chosen toe shape.

    Right foot: the medial (big-toe) side is +Y. The polygon is turned so that its area's
    principal axis is X, with the heel end at x = 0 and the widest extent centred on y = 0.

    Returns
    -------
    (k, 2) float64
        Counter-clockwise polygon, not closed.
    """
    L = length_mm
    t = 0.5 - 0.5 * np.cos(np.linspace(0.0, math.pi, n))  # dense at both ends
    # Half-widths as fractions of the length, lateral (-Y) and medial (+Y).
    knots = np.array([0.0, 0.10, 0.22, 0.40, 0.55, 0.66, 0.72, 0.84, 1.0])
    lateral = np.array([0.105, 0.13, 0.13, 0.125, 0.155, 0.172, 0.17, 0.15, 0.11])
    medial = np.array([0.105, 0.12, 0.11, 0.075, 0.13, 0.19, 0.195, 0.175, 0.13])
    wl = PchipInterpolator(knots, lateral)(t) * L
    wm = PchipInterpolator(knots, medial)(t) * L
    # Rounded heel.
    heel = np.sqrt(np.clip(1 - ((0.12 - t) / 0.12) ** 2, 0, 1))
    env_heel = np.where(t < 0.12, heel, 1.0)
    # Toe shape over the last 18 %.
    u = np.clip((t - 0.82) / 0.18, 0, 1)
    if toe == "round":
        env_toe = np.sqrt(np.clip(1 - u**2, 0, 1))
    elif toe == "pointed":
        env_toe = np.clip(1 - u**1.4, 0, 1) ** 0.75
    elif toe == "square":
        env_toe = np.clip(1 - u**6, 0, 1) ** (1 / 6)
    else:
        raise OutsoleError("unknown toe shape '{toe}'; use round, pointed or square", toe=toe)
    env = env_heel * env_toe
    # The toe tip leans to the medial side, as the big toe does.
    centre = 0.035 * L * _smoothstep((t - 0.7) / 0.3)
    y_lat = centre - wl * env
    y_med = centre + wm * env
    ring = np.vstack(
        [np.stack([t * L, y_lat], axis=1), np.stack([t[-2:0:-1] * L, y_med[-2:0:-1]], axis=1)]
    )
    ring = _to_principal_frame(ring)
    if foot == "left":
        ring = ring * [1.0, -1.0]
        ring = ring[::-1]
    elif foot != "right":
        raise OutsoleError("unknown foot '{foot}'; use right or left", foot=foot)
    return np.asarray(ring, dtype=np.float64)


def _polygon_moments(ring: FloatArray) -> tuple[float, FloatArray, FloatArray]:
    """Area, centroid and central second-moment matrix of a simple polygon (shoelace)."""
    x, y = ring[:, 0], ring[:, 1]
    xn, yn = np.roll(x, -1), np.roll(y, -1)
    c = x * yn - xn * y
    a = c.sum() / 2
    cx = ((x + xn) * c).sum() / (6 * a)
    cy = ((y + yn) * c).sum() / (6 * a)
    ixx = ((x * x + x * xn + xn * xn) * c).sum() / 12 - a * cx * cx
    iyy = ((y * y + y * yn + yn * yn) * c).sum() / 12 - a * cy * cy
    ixy = ((x * yn + 2 * x * y + 2 * xn * yn + xn * y) * c).sum() / 24 - a * cx * cy
    return float(a), np.array([cx, cy]), np.array([[ixx, ixy], [ixy, iyy]])


def _to_principal_frame(ring: FloatArray) -> FloatArray:
    """Turn a polygon so its principal axis is X (heel end first) and move it to the frame."""
    _, centroid, cov = _polygon_moments(ring)
    vals, vecs = np.linalg.eigh(cov)
    d = vecs[:, int(np.argmax(vals))]
    if d[0] < 0:
        d = -d
    rot = np.array([[d[0], d[1]], [-d[1], d[0]]])
    out = (ring - centroid) @ rot.T
    out[:, 0] -= out[:, 0].min()
    out[:, 1] -= 0.5 * (out[:, 1].min() + out[:, 1].max())
    return np.asarray(out, dtype=np.float64)


def _cross_section(geom: BaseGeometry) -> manifold3d.CrossSection:
    """A manifold3d cross-section from shapely polygons (holes kept)."""
    contours = []
    for poly in getattr(geom, "geoms", [geom]):
        if poly.is_empty or poly.geom_type != "Polygon":
            continue
        poly = shapely.geometry.polygon.orient(poly, 1.0)
        contours.append(np.asarray(poly.exterior.coords)[:-1])
        contours += [np.asarray(r.coords)[:-1] for r in poly.interiors]
    return manifold3d.CrossSection(contours, manifold3d.FillRule.Positive)


def _mesh(solid: manifold3d.Manifold) -> tuple[FloatArray, IntArray]:
    m = solid.to_mesh64()
    return (
        np.asarray(m.vert_properties, dtype=np.float64)[:, :3].copy(),
        np.asarray(m.tri_verts, dtype=np.int64).copy(),
    )


def _lift(params: OutsoleParams, x: FloatArray) -> FloatArray:
    """How far the body is raised at x: the heel rise plus the toe spring, mm."""
    L = params.length_mm
    lift = np.zeros_like(x)
    if params.heel_height_mm > 0:
        x_breast, x_ball = 0.30 * L, (0.62 if params.heel_transition == "smooth" else 0.36) * L
        lift += params.heel_height_mm * (1 - _smoothstep((x - x_breast) / (x_ball - x_breast)))
    if params.toe_spring_mm > 0:
        lift += params.toe_spring_mm * _smoothstep((x - 0.75 * L) / (0.25 * L)) ** 2
    return lift


def generate(params: OutsoleParams) -> GeneratedOutsole:
    """Build a design: watertight parts (outsole, optional midsole) and their truth.

    Raises
    ------
    OutsoleError
        Unknown tread, toe or foot, or dimensions that leave no solid.
    """
    if params.tread != "none" and params.tread not in CATALOGUE:
        known = ", ".join(CATALOGUE)
        raise OutsoleError(
            "unknown tread '{tread}'; use one of: {known}, none", tread=params.tread, known=known
        )
    if params.floor_mm <= 0:
        raise OutsoleError("the floor thickness must be positive")
    L = params.length_mm
    # Built as a right sole; a left one is its exact mirror image, tread included.
    ring = anatomical_outline(L, "right", params.toe)
    outline = shapely.Polygon(ring)
    heeled = params.heel_height_mm > 0
    depth = params.tread_depth_mm if params.tread != "none" else 0.0
    x_breast = 0.30 * L

    # Tread: the pattern clipped to the outline less its margin (and off the heel block).
    pattern: BaseGeometry = shapely.Polygon()
    if depth > 0:
        bounds = outline.bounds
        raw = CATALOGUE[params.tread](bounds, params.pitch_mm, params.element_mm)
        field_ = outline.buffer(-params.margin_mm)
        if heeled:
            field_ = field_.difference(shapely.box(-1, -L, x_breast + params.margin_mm, L))
        if params.flex_grooves:
            for f in (0.58, 0.74):
                field_ = field_.difference(shapely.box(f * L - 2.5, -L, f * L + 2.5, L))
        pattern = raw.intersection(field_)
        pattern = shapely.union_all(
            [g for g in getattr(pattern, "geoms", [pattern]) if g.area > 0.5]
        )

    overlap = 0.5  # tread and rim reach into the slab, so the union has no coincident faces
    slab = _cross_section(outline).extrude(params.floor_mm).translate((0, 0, depth))
    pieces = [slab]
    tread_area = float(pattern.area) if not pattern.is_empty else 0.0
    if tread_area > 0:
        pieces.append(_cross_section(pattern).extrude(depth + overlap))
    rim_area = 0.0
    if params.rim_height_mm > 0:
        band = outline.difference(outline.buffer(-params.rim_width_mm))
        rim_area = float(band.area)
        pieces.append(
            _cross_section(band)
            .extrude(params.rim_height_mm + overlap)
            .translate((0, 0, depth + params.floor_mm - overlap))
        )
    body = manifold3d.Manifold.batch_boolean(pieces, manifold3d.OpType.Add)
    midsole = None
    if params.midsole_mm > 0:
        inner = outline.buffer(-params.rim_width_mm) if params.rim_height_mm > 0 else outline
        midsole = (
            _cross_section(inner)
            .extrude(params.midsole_mm)
            .translate((0, 0, depth + params.floor_mm))
        )

    warped = heeled or params.toe_spring_mm > 0
    # A surface fine enough to bend smoothly and to look right; resolution n >= 2 then splits
    # every edge in n (n * n times the triangles: 1-2 M for benchmarks at n = 3).
    step = L / 100.0
    body = body.refine_to_length(step)
    midsole = midsole.refine_to_length(step) if midsole is not None else None
    n_split = round(params.resolution)
    if n_split >= 2:
        body = body.refine(n_split)
        midsole = midsole.refine(n_split) if midsole is not None else None
    if warped:

        def bend(p: FloatArray) -> FloatArray:
            q = np.array(p, dtype=np.float64)
            q[:, 2] += _lift(params, q[:, 0])
            return q

        body = body.warp_batch(bend)
        midsole = midsole.warp_batch(bend) if midsole is not None else None
    heel_area = 0.0
    if heeled:
        heel_region = outline.intersection(shapely.box(-1, -L, x_breast, L))
        heel_area = float(heel_region.area)
        block = _cross_section(heel_region).extrude(params.heel_height_mm + depth + overlap)
        block = block.refine_to_length(step)
        if n_split >= 2:
            block = block.refine(n_split)
        body = manifold3d.Manifold.batch_boolean([body, block], manifold3d.OpType.Add)

    if body.status() != manifold3d.Error.NoError or body.is_empty():
        raise OutsoleError("these parameters leave no valid solid; check the dimensions")
    parts = [GeneratedPart("outsole", *_mesh(body))]
    if midsole is not None:
        parts.append(GeneratedPart("midsole", *_mesh(midsole)))
    if params.foot == "left":
        parts = [
            GeneratedPart(p.name, p.vertices * [1.0, -1.0, 1.0], p.faces[:, ::-1].copy())
            for p in parts
        ]
    elif params.foot != "right":
        raise OutsoleError("unknown foot '{foot}'; use right or left", foot=params.foot)

    # Truth.
    outline_area = float(outline.area)
    tol = 0.5
    if warped:
        volumes = tuple(mass_properties(p.vertices, p.faces).volume for p in parts)
    else:
        outsole_vol = (
            outline_area * params.floor_mm + tread_area * depth + rim_area * params.rim_height_mm
        )
        mid_area = float(
            (outline.buffer(-params.rim_width_mm) if params.rim_height_mm > 0 else outline).area
        )
        volumes = (outsole_vol,) + ((mid_area * params.midsole_mm,) if midsole is not None else ())
    # Contact: ground-level tread tops (and the heel block's face) within the tolerance.
    xs = np.linspace(0, L, 4001)
    grounded_x = xs[_lift(params, xs) <= tol]
    contact_region = shapely.box(-1, -L, L + 1, L) if not warped else _x_region(grounded_x, L)
    # The heel block's face stands on the ground; a smooth bottom touches it all over.
    ground_face = pattern if tread_area > 0 or heeled else outline
    contact = float(ground_face.intersection(contact_region).area) + heel_area
    all_v = np.vstack([p.vertices for p in parts])
    lo, hi = all_v.min(axis=0), all_v.max(axis=0)
    rim_band = (
        outline.difference(outline.buffer(-params.rim_width_mm))
        if params.rim_height_mm > 0
        else shapely.Polygon()
    )
    heel_block = (
        outline.intersection(shapely.box(-1, -L, x_breast, L)) if heeled else shapely.Polygon()
    )

    def zone_thickness(f0: float, f1: float) -> float:
        x0 = lo[0] + f0 * (hi[0] - lo[0])
        x1 = lo[0] + f1 * (hi[0] - lo[0])
        gx, gy = np.meshgrid(np.arange(x0, x1, 0.25), np.arange(lo[1], hi[1], 0.25), indexing="ij")
        x, y = gx.ravel(), gy.ravel()
        inside = shapely.contains_xy(outline, x, y)
        x, y = x[inside], y[inside]
        t = np.full(x.size, params.floor_mm)
        if tread_area > 0:
            t += depth * shapely.contains_xy(pattern, x, y)
        if params.rim_height_mm > 0:
            t += params.rim_height_mm * shapely.contains_xy(rim_band, x, y)
        if heeled:
            t += (params.heel_height_mm + depth) * shapely.contains_xy(heel_block, x, y)
        return float(np.mean(t)) if t.size else 0.0

    truth = GeneratedTruth(
        length_mm=float(hi[0] - lo[0]),
        width_mm=float(hi[1] - lo[1]),
        height_mm=float(hi[2] - lo[2]),
        outline_area_mm2=outline_area,
        outline_perimeter_mm=float(outline.length),
        contact_area_mm2=contact,
        contact_tolerance_mm=tol,
        tread_depth_mm=depth,
        floor_thickness_mm=params.floor_mm,
        heel_height_mm=params.heel_height_mm,
        heel_thickness_mm=zone_thickness(0.0, 0.2),
        forefoot_thickness_mm=zone_thickness(0.6, 0.8),
        volume_mm3=float(sum(volumes)),
        part_volumes_mm3=volumes,
        volume_exact=not warped,
    )
    if params.foot == "left":
        ring = (ring * [1.0, -1.0])[::-1]
    return GeneratedOutsole(params=params, parts=tuple(parts), outline=ring, truth=truth)


def _x_region(xs: FloatArray, L: float) -> BaseGeometry:
    """The band(s) of x where the sole stays on the ground, as boxes."""
    if xs.size == 0:
        return shapely.Polygon()
    gaps = np.flatnonzero(np.diff(xs) > 1.5 * (L / 4000))
    starts = np.concatenate([[xs[0]], xs[gaps + 1]])
    stops = np.concatenate([xs[gaps], [xs[-1]]])
    return shapely.union_all([shapely.box(a, -L, b, L) for a, b in zip(starts, stops, strict=True)])


def mirrored(params: OutsoleParams) -> OutsoleParams:
    """The same design for the other foot."""
    return replace(params, foot="left" if params.foot == "right" else "right")
