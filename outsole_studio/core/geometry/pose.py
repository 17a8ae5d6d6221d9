"""Bring an outsole into the canonical frame, whatever pose the file has it in.

Canonical frame: X runs heel to toe with the heel end at x = 0, Y across the width (centred),
Z up with the ground plane z = 0 under the lowest tread point. Only proper rotations are used,
so a left sole stays a left sole.

The decisions, in order:

1. *Vertical axis*: the sole is a slab, so most of its surface faces straight up or down: the
   dominant eigenvector of the area-weighted normal covariance.
2. *Tread side*: the side whose outer surface has the most local relief (lugs and grooves) is
   the bottom. Relief is the mean deviation of the surface height from its 5x5-cell local mean,
   away from the rim, on height maps built from area-weighted surface samples: the lowest
   down-facing surface per cell for one side, the highest up-facing one for the other. A
   smooth slab has no relief on either side: the file's own up direction is kept, with
   confidence 0.5.
3. *Ground plane*: the convex-hull facets under the sole that face down, grouped by plane; the
   largest group is what the sole stands on. A curved bottom without one keeps step 1's axis.
4. *Length axis*: the principal axis of the footprint's area (exact moments of the projected
   down-facing triangles): a sole symmetric about its centre line gets exactly that line.
5. *Heel vs toe*: the forefoot is wider than the heel.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..errors import GeometryError
from ..messages import Message
from .chunked import map_chunks
from .lean_scipy import ConvexHull, QhullError, ndimage
from .mesh import FaceGeometry, FloatArray, IntArray, bounds, face_geometry
from .names import UP_AXES as UP_AXES
from .tolerances import DEFAULT_TOLERANCES, Tolerances

_AXES = "XYZ"


@dataclass(frozen=True)
class Pose:
    """The rigid motion from file coordinates to the canonical frame, and how it was decided.

    ``canonical = rotation @ p + translation`` for a point ``p`` in file coordinates (file
    units: the unit scale is applied separately).

    Attributes
    ----------
    rotation : (3, 3) float64
        Proper rotation; its rows are the canonical X, Y, Z axes in file coordinates.
    translation : (3,) float64
        In file units.
    up_axis_in_file : str
        File axis closest to canonical up: ``"X"``, ``"Y"``, ``"Z"``, or ``"oblique"`` when none is
        within 10 degrees.
    flipped : bool
        Canonical up points along the negative file axis: the tread faced up in the file.
    reversed : bool
        The toe pointed along the negative of the file's reference horizontal axis.
    yaw_deg : float
        Turn about the vertical from the file's reference axis to the length axis, (-90, 90].
    confidence : float
        0.5 (a guess) to 1.0 (certain): the weaker of the two decisions below.
    tread_confidence : float
        Confidence of the tread-side decision (1.0 when the user overrode it).
    heel_toe_confidence : float
        Confidence of the heel/toe decision (1.0 when the user overrode it).
    notes : tuple of Message
        What was decided and why, for the report.
    """

    rotation: FloatArray
    translation: FloatArray
    up_axis_in_file: str
    flipped: bool
    reversed: bool
    yaw_deg: float
    confidence: float
    tread_confidence: float
    heel_toe_confidence: float
    notes: tuple[Message, ...]

    def apply(self, points: FloatArray) -> FloatArray:
        """Map ``(n, 3)`` file-space points into the canonical frame (file units)."""
        return np.asarray(points @ self.rotation.T + self.translation, dtype=np.float64)


def _orthonormal_basis(up: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Two unit vectors completing ``up`` to a right-handed orthonormal frame."""
    helper = np.eye(3)[int(np.argmin(np.abs(up)))]
    e1 = np.cross(helper, up)
    e1 /= np.linalg.norm(e1)
    e2 = np.cross(up, e1)
    return e1, e2


def _dominant_normal_axis(cross: FloatArray, double_area: FloatArray) -> FloatArray:
    """Eigenvector of ``sum(area * n n^T)`` with the largest eigenvalue (unsigned)."""

    def partial(s: slice) -> FloatArray:
        c = cross[s]
        a = double_area[s]
        inv = np.divide(1.0, a, out=np.zeros_like(a), where=a > 0)
        return np.asarray(c.T @ (c * inv[:, None]), dtype=np.float64)  # sum of 2 area n n^T

    cov = np.sum(map_chunks(partial, cross.shape[0]), axis=0)
    vals, vecs = np.linalg.eigh(cov)
    axis = vecs[:, int(np.argmax(vals))]
    return np.asarray(axis / np.linalg.norm(axis), dtype=np.float64)


def _surface_samples(
    vertices: FloatArray, faces: IntArray, double_area: FloatArray, count: int
) -> tuple[FloatArray, IntArray]:
    """Deterministic area-weighted sample points on the surface.

    Returns
    -------
    points : (count, 3) float64
    face : (count,) int64
        The face each point lies on.
    """
    total = double_area.sum()
    if total <= 0:
        return vertices.copy(), np.zeros(0, dtype=np.int64)
    rng = np.random.default_rng(20261127)
    cdf = np.cumsum(double_area)
    # Sorted queries make the binary searches walk the table in order (much faster).
    pick = np.searchsorted(cdf, np.sort(rng.random(count)) * cdf[-1], side="right")
    pick = np.minimum(pick, faces.shape[0] - 1)
    r1 = np.sqrt(rng.random(count))
    r2 = rng.random(count)
    w0, w1, w2 = 1 - r1, r1 * (1 - r2), r1 * r2
    tri = faces[pick]
    pts = np.empty((count, 3))
    for k in range(3):
        col = vertices[:, k]
        pts[:, k] = w0 * col[tri[:, 0]] + w1 * col[tri[:, 1]] + w2 * col[tri[:, 2]]
    return pts, pick


def _relief(height: FloatArray) -> float:
    """Mean absolute deviation of a height map from its local 5x5 mean, away from the rim.

    A band of 4 cells along the edge of the map is left out of both the mean and the deviation:
    a cupsole rim or a bevel there is not tread. The largest tenth of the deviations is trimmed.
    """
    valid = ~np.isnan(height)
    inner = ndimage.binary_erosion(valid, iterations=4)
    if inner.sum() < 16:
        inner = valid
    if inner.sum() < 16:
        return 0.0
    filled = np.where(inner, height, 0.0)
    num = ndimage.uniform_filter(filled, size=5, mode="constant")
    den = ndimage.uniform_filter(inner.astype(np.float64), size=5, mode="constant")
    local = num / np.maximum(den, 1e-12)
    deviation = np.sort(np.abs(height - local)[inner])
    # Trim the largest tenth: a cell whose few samples all fell on a hidden inner surface (a
    # midsole's underside) is an outlier, not relief.
    return float(deviation[: max(1, int(0.9 * deviation.size))].mean())


def _plane_grid(
    points: FloatArray, up: FloatArray, cells: int
) -> tuple[IntArray, tuple[int, int], FloatArray, float]:
    """Bin points on a square grid in the plane perpendicular to ``up``.

    Parameters
    ----------
    points : (n, 3) float64
    up : (3,) float64
        Unit axis.
    cells : int
        Cells along the longer side of the points' extent.

    Returns
    -------
    cell : (n,) int64
        Flat index of every point's cell.
    shape : (int, int)
        Grid shape.
    height : (n,) float64
        Every point's coordinate along ``up``.
    size : float
        Cell side, in the points' unit.
    """
    e1, e2 = _orthonormal_basis(up)
    a, b = points @ e1, points @ e2
    size = max(float(np.ptp(a)), float(np.ptp(b))) / cells
    ia = ((a - a.min()) / size).astype(np.int64)
    ib = ((b - b.min()) / size).astype(np.int64)
    shape = (int(ia.max()) + 1, int(ib.max()) + 1)
    return ia * shape[1] + ib, shape, points @ up, size


def tread_relief(points: FloatArray, facing: FloatArray, up: FloatArray) -> tuple[float, float]:
    """Relief of the outer surface on the ``-up`` side and on the ``+up`` side.

    The ``-up`` side's height map is built from samples on faces facing down only, the ``+up``
    side's from faces facing up: walls never pollute either map.

    Parameters
    ----------
    points : (n, 3) float64
        Surface samples.
    facing : (n,) float64
        ``n . up`` of the face each sample lies on (unit normals).
    up : (3,) float64
        Unit axis.

    Returns
    -------
    low_side, high_side : float
        Relief in model units; the tread side has more.
    """
    flat, shape, s, _ = _plane_grid(points, up, 160)
    low = np.full(shape[0] * shape[1], np.inf)
    high = np.full(shape[0] * shape[1], -np.inf)
    down_facing = facing < -0.3
    up_facing = facing > 0.3
    np.minimum.at(low, flat[down_facing], s[down_facing])
    np.maximum.at(high, flat[up_facing], s[up_facing])
    low[np.isinf(low)] = np.nan
    high[np.isinf(high)] = np.nan
    return _relief(low.reshape(shape)), _relief(-high.reshape(shape))


def _ground_normal(
    vertices: FloatArray, up: FloatArray, tolerances: Tolerances
) -> FloatArray | None:
    """Outward normal of the plane the sole stands on, or None for a curved bottom.

    Only the lowest vertex of each cell of a fine grid enters the hull: the facets under the sole
    are made of those points, and the hull stays small.
    """
    flat, shape, s, size = _plane_grid(vertices, up, 300)
    cellmin = np.full(shape[0] * shape[1], np.inf)
    np.minimum.at(cellmin, flat, s)
    pts = vertices[s <= cellmin[flat]]
    if pts.shape[0] < 4:
        return None
    try:
        hull = ConvexHull(pts)
    except QhullError:
        return None
    normals = hull.equations[:, :3]
    offsets = hull.equations[:, 3]
    tri = pts[hull.simplices]
    areas = 0.5 * np.linalg.norm(np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]), axis=1)
    cos_max = math.cos(math.radians(tolerances.ground_facet_max_tilt_deg))
    cand = np.flatnonzero(normals @ (-up) >= cos_max)
    if cand.size == 0:
        return None
    vlo, vhi = bounds(vertices)
    diag = float(np.linalg.norm(vhi - vlo))
    best_area, best_normal = 0.0, None
    for seed in cand[np.argsort(-areas[cand])][:32]:
        same = (normals[cand] @ normals[seed] > 1 - 1e-9) & (
            np.abs(offsets[cand] - offsets[seed]) <= 1e-7 * diag
        )
        group_area = float(areas[cand][same].sum())
        if group_area > best_area:
            best_area, best_normal = group_area, normals[seed]
    footprint = float(np.isfinite(cellmin).sum()) * size * size  # occupied cells
    if best_normal is None or best_area < tolerances.ground_facet_min_area_frac * footprint:
        return None
    return np.asarray(best_normal, dtype=np.float64)


def footprint_axis(
    vertices: FloatArray, faces: IntArray, cross: FloatArray, up: FloatArray
) -> FloatArray:
    """Principal (length) axis of the footprint: the down-facing surface projected on the ground.

    Uses the exact area moments of the projected triangles, so a sole symmetric about its
    centre line gets exactly that line, and the result turns with the model. A triangle of
    projected area ``A`` and corners ``p_i`` has ``integral p dA = A s / 3`` and
    ``integral p p^T dA = A / 12 (sum_i p_i p_i^T + s s^T)``, ``s = sum_i p_i``.

    Parameters
    ----------
    vertices : (n, 3) float64
    faces : (m, 3) int64
    cross : (m, 3) float64
        ``(v1 - v0) x (v2 - v0)``.
    up : (3,) float64

    Returns
    -------
    (3,) float64
        Unit vector perpendicular to ``up``, sign arbitrary.
    """
    e1, e2 = _orthonormal_basis(up)
    pa, pb = vertices @ e1, vertices @ e2
    facing = cross @ up
    use_all = not (facing < 0).any()

    def moments(s: slice) -> FloatArray:
        """[area, first a, first b, aa, ab, bb] of the down-facing triangles in ``s``."""
        f = faces[s] if use_all else faces[s][facing[s] < 0]
        w = np.abs(facing[s] if use_all else facing[s][facing[s] < 0]) / 2.0
        a0, a1, a2 = pa[f[:, 0]], pa[f[:, 1]], pa[f[:, 2]]
        b0, b1, b2 = pb[f[:, 0]], pb[f[:, 1]], pb[f[:, 2]]
        sa, sb = a0 + a1 + a2, b0 + b1 + b2
        aa = a0 * a0 + a1 * a1 + a2 * a2 + sa * sa
        bb = b0 * b0 + b1 * b1 + b2 * b2 + sb * sb
        ab = a0 * b0 + a1 * b1 + a2 * b2 + sa * sb
        return np.array([w.sum(), w @ sa / 3, w @ sb / 3, w @ aa / 12, w @ ab / 12, w @ bb / 12])

    area, fa, fb, saa, sab, sbb = np.sum(map_chunks(moments, faces.shape[0]), axis=0)
    ca, cb = fa / area, fb / area
    cov = np.array([[saa - area * ca * ca, sab - area * ca * cb], [0.0, sbb - area * cb * cb]])
    cov[1, 0] = cov[0, 1]
    vals, vecs = np.linalg.eigh(cov)
    d = vecs[:, int(np.argmax(vals))]
    return np.asarray(d[0] * e1 + d[1] * e2, dtype=np.float64)


def _width_profile_ratio(x: FloatArray, y: FloatArray) -> float:
    """Widest front (60-90 % of length) over widest rear (10-40 %) of the footprint.

    The two windows mirror each other, so reversing the sole inverts the ratio exactly.
    """
    length = np.ptp(x)
    t = (x - x.min()) / length
    bins = np.minimum((t * 80).astype(np.int64), 79)
    lo = np.full(80, np.inf)
    hi = np.full(80, -np.inf)
    np.minimum.at(lo, bins, y)
    np.maximum.at(hi, bins, y)
    width = hi - lo
    width[~np.isfinite(width)] = np.nan
    centres = (np.arange(80) + 0.5) / 80
    front = width[(centres >= 0.60) & (centres <= 0.90)]
    rear = width[(centres >= 0.10) & (centres <= 0.40)]
    if np.all(np.isnan(front)) or np.all(np.isnan(rear)):
        return 1.0
    # A window a single point wide has width 0: floor both at a billionth of the length so the
    # ratio (and its logarithm) stays finite.
    floor = 1e-9 * float(length)
    return float(max(np.nanmax(front), floor) / max(np.nanmax(rear), floor))


def _confidence(a: float, b: float) -> float:
    if a + b <= 0:
        return 0.5
    return 0.5 + 0.5 * abs(a - b) / (a + b)


#: A vertical or length axis this close to one of the file's axes is taken as that axis, degrees.
SNAP_DEG = 3.0


def _snapped(direction: FloatArray, axes: list[FloatArray]) -> tuple[FloatArray, float]:
    """``direction`` replaced by the nearest of ``axes`` (same sense) when within
    :data:`SNAP_DEG`; returns the direction used and how far it was moved, degrees."""
    for axis in axes:
        cos = float(direction @ axis)
        angle = math.degrees(math.acos(min(1.0, abs(cos))))
        if angle <= SNAP_DEG:
            return np.asarray(math.copysign(1.0, cos) * axis, dtype=np.float64), angle
    return direction, 0.0


def estimate_pose(
    vertices: FloatArray,
    faces: IntArray,
    flip: bool = False,
    reverse: bool = False,
    tolerances: Tolerances = DEFAULT_TOLERANCES,
    geometry: FaceGeometry | None = None,
    yaw_deg: float | None = None,
    up_axis: str | None = None,
) -> Pose:
    """Find the rigid motion that puts an outsole into the canonical frame.

    Parameters
    ----------
    vertices : (n, 3) float64
        File coordinates, any unit.
    faces : (m, 3) int64
    flip : bool
        Turn the sole over relative to the automatic tread-side decision.
    reverse : bool
        Swap heel and toe relative to the automatic decision.
    geometry : FaceGeometry, optional
        :func:`~outsole_studio.core.geometry.mesh.face_geometry` of this mesh, if already computed.
    yaw_deg : float, optional
        The length axis set by the user: degrees from the file's reference horizontal axis
        (X, or Y when X is vertical) about the vertical, counter-clockwise seen from above.
        Heel and toe are still decided by the widths.
    up_axis : str, optional
        The vertical set by the user: the file axis pointing from the ground up into the sole
        (``+X``, ``-X``, ``+Y``, ``-Y``, ``+Z``, ``-Z``), for a scan the geometry cannot read.

    Raises
    ------
    GeometryError
        A model with no area or no extent in some direction.
    """
    notes: list[Message] = []
    if geometry is None:
        geometry = face_geometry(vertices, faces)
    cross = geometry.cross
    centre = geometry.origin  # the bounding-box centre
    local = vertices - centre  # keeps the hull and the sums well conditioned
    if up_axis is not None:
        return _pose_with_up(local, faces, cross, centre, up_axis, flip, reverse, yaw_deg)
    up = _dominant_normal_axis(cross, geometry.double_area)

    # Tread side.
    samples, on_face = _surface_samples(local, faces, geometry.double_area, 120_000)
    facing = (cross[on_face] @ up) / np.maximum(geometry.double_area[on_face], 1e-300)
    low, high = tread_relief(samples, facing, up)
    scale = float(np.ptp(samples @ up)) or 1.0
    if max(low, high) < 1e-4 * scale:
        # A smooth slab: the geometry cannot tell; keep the file's own up direction.
        k = int(np.argmax(np.abs(up)))
        if up[k] < 0:
            up = -up
        tread_conf = 0.5
        notes.append(Message("no tread relief: tread side taken from the file's axes"))
    else:
        if high > low:
            up = -up
        tread_conf = _confidence(low, high)
        notes.append(
            Message(
                "tread side from surface relief ({max} vs {min})",
                {"max": format(max(low, high), ".2f"), "min": format(min(low, high), ".2f")},
            )
        )
    if flip:
        up = -up
        tread_conf = 1.0
        notes.append(Message("tread side set by the user (flip)"))

    ground = _ground_normal(local, up, tolerances)
    if ground is not None:
        up = -ground
        notes.append(Message("ground plane from the flat facets the sole stands on"))
    else:
        notes.append(Message("no flat ground facet: vertical from the surface normals"))
    # The designer's axes: a vertical found within a few degrees of a file axis is that axis (a
    # rocker bottom otherwise tilts the sole by the mean slope of its surfaces).
    up, off = _snapped(up, [np.eye(3)[k] for k in range(3)])
    if off >= 0.005:  # what rounds to 0.00 was the axis already
        notes.append(Message("vertical: the file's own axis ({angle} degrees off the surfaces')",
                             {"angle": format(off, ".2f")}))  # fmt: skip

    return _oriented(local, faces, cross, centre, up, tread_conf, notes, reverse, yaw_deg)


#: Below this pose confidence the window warns and offers the up axis: a sole whose tread side
#: or heel and toe were decided by less than a clear margin (placeholder, from the examples:
#: every clean model reads 0.82-1.0, a tilted boot scan 0.62).
LOW_POSE_CONFIDENCE = 0.75


def _pose_with_up(
    local: FloatArray,
    faces: IntArray,
    cross: FloatArray,
    centre: FloatArray,
    up_axis: str,
    flip: bool,
    reverse: bool,
    yaw_deg: float | None,
) -> Pose:
    """The pose with the vertical the user set (turned over again by ``flip``)."""
    if up_axis not in UP_AXES:
        raise GeometryError("the up axis {value} is not one of {known}", value=repr(up_axis),
                            known=", ".join(UP_AXES))  # fmt: skip
    up = np.eye(3)["XYZ".index(up_axis[1])] * (1.0 if up_axis[0] == "+" else -1.0)
    notes = [Message("vertical set by the user ({axis})", {"axis": up_axis})]
    if flip:
        up = -up
        notes.append(Message("tread side set by the user (flip)"))
    return _oriented(local, faces, cross, centre, up, 1.0, notes, reverse, yaw_deg)


def _oriented(
    local: FloatArray,
    faces: IntArray,
    cross: FloatArray,
    centre: FloatArray,
    up: FloatArray,
    tread_conf: float,
    notes: list[Message],
    reverse: bool,
    yaw_deg: float | None,
) -> Pose:
    """The pose once the vertical is known: the length axis, heel and toe, the motion."""
    # Length axis in the horizontal plane.
    e1, _ = _orthonormal_basis(up)
    k = int(np.argmax(np.abs(up)))
    ref = np.eye(3)[1 if k == 0 else 0]  # the file's reference horizontal axis
    ref_h = ref - (ref @ up) * up
    if np.linalg.norm(ref_h) < 1e-9:
        ref_h = e1
    ref_h /= np.linalg.norm(ref_h)
    if yaw_deg is not None:
        a = math.radians(yaw_deg)
        x_axis = math.cos(a) * ref_h + math.sin(a) * np.cross(up, ref_h)
        notes.append(Message("length axis set by the user (yaw {angle} degrees)",
                             {"angle": format(yaw_deg, "g")}))  # fmt: skip
    else:
        x_axis = footprint_axis(local, faces, cross, up)
        level = [e for e in np.eye(3) if abs(float(e @ up)) < 1e-12]  # file axes on the ground
        x_axis, off = _snapped(x_axis, level)
        if off >= 0.005:
            notes.append(Message("length axis: the file's own ({angle} degrees off the "
                                 "footprint's)", {"angle": format(off, ".2f")}))  # fmt: skip
    y_axis = np.cross(up, x_axis)
    along, across = local @ x_axis, local @ y_axis
    if np.ptp(across) <= 0 or np.ptp(along) <= 0:
        raise GeometryError("the model's footprint has no area: it is not a sole")
    ratio = _width_profile_ratio(along, across)
    del along, across
    if abs(math.log(max(ratio, 1e-12))) < 0.01:
        # Both ends equally wide: the geometry cannot tell; keep the file's own direction.
        if x_axis @ ref < 0:
            x_axis, y_axis = -x_axis, -y_axis
        heel_toe_conf = 0.5
        notes.append(Message("ends equally wide: heel and toe taken from the file's axes"))
    else:
        if ratio < 1.0:
            x_axis, y_axis = -x_axis, -y_axis
        heel_toe_conf = 0.5 + 0.5 * min(1.0, abs(math.log(ratio)) / math.log(1.15))
        notes.append(
            Message(
                "toe at the wider end (forefoot/heel width {max})",
                {"max": format(max(ratio, 1 / ratio), ".2f")},
            )
        )
    if reverse:
        x_axis, y_axis = -x_axis, -y_axis
        heel_toe_conf = 1.0
        notes.append(Message("heel and toe set by the user (reverse)"))

    rotation = np.stack([x_axis, y_axis, up])
    canon = local @ rotation.T
    lo, hi = bounds(canon)
    shift = np.array([-lo[0], -0.5 * (lo[1] + hi[1]), -lo[2]])
    translation = shift - rotation @ centre

    # Describe the motion in the file's own terms.
    axis_name = _AXES[k] if abs(up[k]) >= math.cos(math.radians(10)) else "oblique"
    flipped = bool(up[k] < 0)
    theta = math.degrees(math.atan2(float(np.cross(ref_h, x_axis) @ up), float(ref_h @ x_axis)))
    is_reversed = not (-90.0 < theta <= 90.0)
    yaw = theta - 180.0 if theta > 90.0 else theta + 180.0 if theta <= -90.0 else theta
    return Pose(
        rotation=rotation,
        translation=translation,
        up_axis_in_file=axis_name,
        flipped=flipped,
        reversed=is_reversed,
        yaw_deg=round(yaw, 3) + 0.0,
        confidence=round(min(tread_conf, heel_toe_conf), 3),
        tread_confidence=round(tread_conf, 3),
        heel_toe_confidence=round(heel_toe_conf, 3),
        notes=tuple(notes),
    )
