"""Offscreen pictures of an outsole with OpenGL (moderngl on EGL; no window, no Qt).

The window's view draws with the same shaders (:mod:`.shaders`). Views are orthographic, so the
three flat views carry an exact scale (``mm_per_px``) for their scale bars; the three-quarter
view is pictorial. When no GL context can be made, :func:`render_views` falls back to matplotlib
(slower, flatter), so a spec sheet is always produced.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

# The arrays' types alone: the views' process imports no more than drawing needs.
from ..core.geometry.arrays import BoolArray, FloatArray, IntArray
from .helper_process import started
from .shaders import (
    LIFT,
    MESH_FRAGMENT_SHADER,
    MESH_VERTEX_SHADER,
    RELIEF_SHADE_MM,
    face_texture_data,
)

log = logging.getLogger(__name__)


#: View name -> (direction the camera looks, camera up vector), canonical frame.
VIEWS: dict[str, tuple[tuple[float, float, float], tuple[float, float, float]]] = {
    "bottom": ((0.0, 0.0, 1.0), (0.0, -1.0, 0.0)),
    "top": ((0.0, 0.0, -1.0), (0.0, 1.0, 0.0)),
    "side": ((0.0, 1.0, 0.0), (0.0, 0.0, 1.0)),
    "three-quarter": ((0.55, 0.75, -0.45), (0.0, 0.0, 1.0)),
}
#: The side view of a left sole: the camera on +Y, its lateral side (X toward the image's left).
LEFT_SIDE = ((0.0, -1.0, 0.0), (0.0, 0.0, 1.0))


def side_views(foot: str | None) -> dict[str, tuple[tuple[float, ...], tuple[float, ...]]]:
    """The views with the side camera on the lateral side of ``foot`` (right when unknown).

    In the canonical frame (X heel to toe, Z up) Y points to the left: a right foot's lateral
    side faces -Y, a left foot's +Y.
    """
    return {**VIEWS, "side": LEFT_SIDE} if foot == "left" else dict(VIEWS)


#: A jump in depth between neighbouring pixels beyond this is an edge drawn as a line, mm.
EDGE_STEP_MM = 0.6
#: Colour of the edge lines on a dark body (0-255).
EDGE_RGB = (205, 209, 216)


def edge_lines(depth_mm: np.ndarray[Any, Any], background: np.ndarray[Any, Any]) -> BoolArray:
    """Pixels on an edge: the outline against the background, and steps in depth (a rim, a
    heel breast) where the depth's second difference jumps, so slopes draw no line.

    Parameters
    ----------
    depth_mm : (h, w) float
        Distance from the camera plane, mm (orthographic: linear).
    background : (h, w) bool
    """
    d = np.where(background, np.nan, depth_mm)
    edge = np.zeros(d.shape, dtype=bool)
    for axis in (0, 1):
        a = np.moveaxis(d, axis, 0)
        second = np.abs(a[:-2] - 2 * a[1:-1] + a[2:])
        step = np.isfinite(second) & (second > EDGE_STEP_MM)
        np.moveaxis(edge, axis, 0)[1:-1] |= step
    return np.asarray(edge | rim_pixels(~background), dtype=bool)


def rim_pixels(inside: BoolArray) -> BoolArray:
    """Pixels of ``inside`` (h, w) with a 4-neighbour outside it or beyond the picture's edge
    (``inside`` less its erosion by a cross, the border counted outside)."""
    padded = np.pad(inside, 1, constant_values=False)
    kept = padded[:-2, 1:-1] & padded[2:, 1:-1] & padded[1:-1, :-2] & padded[1:-1, 2:] & inside
    return inside & ~kept


@dataclass(frozen=True)
class ViewImage:
    """A rendered view.

    Attributes
    ----------
    rgb : (h, w, 3) uint8
    mm_per_px : float or None
        Scale of an orthographic flat view; None for the pictorial three-quarter view.
    """

    name: str
    rgb: np.ndarray[Any, np.dtype[np.uint8]]
    mm_per_px: float | None


def _basis(direction: tuple[float, ...], up: tuple[float, ...]) -> FloatArray:
    """Rows: the camera's right, up and backward axes in the canonical frame."""
    f = np.asarray(direction, dtype=np.float64)
    f /= np.linalg.norm(f)
    r = np.cross(f, np.asarray(up, dtype=np.float64))
    r /= np.linalg.norm(r)
    u = np.cross(r, f)
    return np.stack([r, u, -f])


def flat_soup(
    parts: list[tuple[FloatArray, IntArray, tuple[float, float, float]]],
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Every triangle with its own corners, face normal and body colour (flat shading)."""
    pos, nor, col = [], [], []
    for v, f, colour in parts:
        tri = v[f]
        n = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
        n /= np.maximum(np.linalg.norm(n, axis=1, keepdims=True), 1e-30)
        pos.append(tri.reshape(-1, 3))
        nor.append(np.repeat(n, 3, axis=0))
        col.append(np.broadcast_to(np.asarray(colour), (len(f) * 3, 3)))
    return np.concatenate(pos), np.concatenate(nor), np.concatenate(col)


def indexed_mesh(
    parts: list[tuple[FloatArray, IntArray, tuple[float, float, float]]],
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """The parts as one indexed mesh for the GPU: vertices ``(n, 3)`` float32, faces ``(m, 3)``
    uint32 and each face's colour ``(m, 3)`` uint8 (from the parts' 0-1 colours). Parts sharing
    one vertex array (a model's bodies) share it here too; only the vertices used are kept.
    """
    arrays: list[FloatArray] = []
    faces, colours = [], []
    for v, f, colour in parts:
        at = next((i for i, a in enumerate(arrays) if a is v), None)
        if at is None:
            at = len(arrays)
            arrays.append(v)
        offset = sum(len(a) for a in arrays[:at])
        faces.append(np.asarray(f, dtype=np.int64) + offset)
        rgb = np.clip(np.round(np.asarray(colour, dtype=np.float64) * 255.0), 0, 255)
        colours.append(np.broadcast_to(rgb.astype(np.uint8), (len(f), 3)))
    all_faces = np.concatenate(faces) if faces else np.zeros((0, 3), np.int64)
    verts = np.concatenate(arrays) if arrays else np.zeros((0, 3))
    used = np.zeros(len(verts), dtype=bool)
    used[all_faces.reshape(-1)] = True
    remap = np.cumsum(used) - 1
    return (
        np.ascontiguousarray(verts[used], dtype=np.float32),
        np.ascontiguousarray(remap[all_faces], dtype=np.uint32),
        np.concatenate(colours) if colours else np.zeros((0, 3), np.uint8),
    )


def _frame(
    points: FloatArray, basis: FloatArray, aspect: float, margin: float
) -> tuple[FloatArray, float, float, float, float]:
    p = np.asarray(points, dtype=np.float64) @ basis.T
    lo, hi = p.min(axis=0), p.max(axis=0)
    centre = (lo + hi) / 2
    half_w = (hi[0] - lo[0]) / 2 * (1 + margin)
    half_h = (hi[1] - lo[1]) / 2 * (1 + margin)
    if half_w / max(half_h, 1e-9) > aspect:
        half_h = half_w / aspect
    else:
        half_w = half_h * aspect
    return centre, half_w, half_h, lo[2], hi[2]


def _ortho(centre: FloatArray, half_w: float, half_h: float, near: float, far: float) -> FloatArray:
    depth = max(far - near, 1e-6)
    m = np.eye(4)
    m[0, 0], m[0, 3] = 1 / half_w, -centre[0] / half_w
    m[1, 1], m[1, 3] = 1 / half_h, -centre[1] / half_h
    # Camera space z grows towards the viewer: nearer points get smaller depth.
    m[2, 2], m[2, 3] = -2 / (depth * 1.2), (far + near) / (depth * 1.2)
    return m


def _uniform(prog: Any, name: str) -> Any:
    """A program's uniform by name (moderngl types the lookup as any member of the program)."""
    import moderngl

    member = prog[name]
    if not isinstance(member, moderngl.Uniform):
        raise TypeError(f"{name} is not a uniform of the program")
    return member


class GLRenderer:
    """An offscreen OpenGL context and the outsole shaders; reuse it for several views."""

    def __init__(self) -> None:
        import moderngl

        try:
            # moderngl's stubs type ``backend`` as a dict; it is the backend's name.
            self.ctx = moderngl.create_standalone_context(backend="egl")  # type: ignore[arg-type]
        except Exception:  # noqa: BLE001 - no EGL here: try the platform's default
            self.ctx = moderngl.create_standalone_context()
        self.prog = self.ctx.program(
            vertex_shader=MESH_VERTEX_SHADER, fragment_shader=MESH_FRAGMENT_SHADER
        )
        _uniform(self.prog, "face_colours").value = 0
        _uniform(self.prog, "face_offset").value = 0
        _uniform(self.prog, "relief_range").value = (0.75, 1.9)

    def release(self) -> None:
        """Free the context."""
        self.ctx.release()

    def render(
        self,
        parts: list[tuple[FloatArray, IntArray, tuple[float, float, float]]],
        views: tuple[str, ...],
        sizes: dict[str, tuple[int, int]],
        samples: int = 4,
        foot: str | None = None,
        closed: bool = False,
    ) -> list[ViewImage]:
        """Render the views of a mesh; ``sizes`` gives each view's (width, height) in pixels;
        the side view looks at ``foot``'s lateral side. ``closed``: every body is closed and
        wound outward, so faces turned away are never seen and are not drawn (a third of
        llvmpipe's time on a million-triangle sole)."""
        directions = side_views(foot)
        import moderngl

        verts, faces, face_rgb = indexed_mesh(parts)
        size, texels = face_texture_data(face_rgb)
        texture = self.ctx.texture(size, 4, texels)
        texture.filter = (moderngl.NEAREST, moderngl.NEAREST)
        vbo = self.ctx.buffer(verts)
        ibo = self.ctx.buffer(faces)
        vao = self.ctx.vertex_array(self.prog, [(vbo, "3f", "in_pos")], ibo)
        out = []
        try:
            texture.use(0)
            z = verts[:, 2]
            for name in views:
                w, h = sizes[name]
                basis = _basis(*directions[name])
                centre, hw, hh, near, far = _frame(verts, basis, w / h, 0.06)
                proj = _ortho(centre, hw, hh, near, far)
                view = np.eye(4)
                view[:3, :3] = basis
                mvp = proj @ view
                _uniform(self.prog, "mvp").write(mvp.T.astype("f4").tobytes())
                _uniform(self.prog, "rot").write(basis.T.astype("f4").tobytes())
                tread = name == "bottom"
                _uniform(self.prog, "z_relief").value = RELIEF_SHADE_MM if tread else 0.0
                z_range = (
                    (0.0, 0.0) if tread or name == "side" else (float(z.min()), float(z.max()))
                )
                _uniform(self.prog, "z_range").value = z_range
                _uniform(self.prog, "lift").value = 0.0 if tread else LIFT
                ms = self.ctx.simple_framebuffer((w, h), samples=samples)
                # The resolve copies colour and depth: the edges need no second drawing.
                colour = self.ctx.renderbuffer((w, h))
                depth = self.ctx.depth_texture((w, h))
                plain = self.ctx.framebuffer(color_attachments=[colour], depth_attachment=depth)
                try:
                    ms.use()
                    ms.clear(1.0, 1.0, 1.0, 1.0, depth=1.0)
                    self.ctx.enable(moderngl.DEPTH_TEST | (moderngl.CULL_FACE if closed else 0))
                    vao.render(moderngl.TRIANGLES)
                    self.ctx.disable(moderngl.CULL_FACE)
                    self.ctx.copy_framebuffer(plain, ms)
                    rgb = np.frombuffer(plain.read(components=3), dtype=np.uint8).reshape(h, w, 3)
                    rgb = np.flipud(rgb).copy()
                    if name in ("top", "three-quarter"):  # the tread and side read by light
                        raw = np.frombuffer(depth.read(), dtype="f4").reshape(h, w)
                        raw = np.flipud(raw).astype(np.float64)
                        lines = edge_lines(raw * (far - near), raw >= 0.999999)
                        dark = rgb[lines].mean(axis=1, keepdims=True) < 110
                        rgb[lines] = np.where(dark, np.array(EDGE_RGB), np.array((40, 44, 52)))
                finally:
                    for target in (ms, plain, colour, depth):
                        target.release()
                flat = name != "three-quarter"
                out.append(ViewImage(name, rgb, 2 * hw / w if flat else None))
        finally:
            for obj in (vao, ibo, vbo, texture):
                obj.release()
        return out


def _height_range(pos: FloatArray, name: str) -> tuple[float, float]:
    """Heights over which a view is shaded lighter upward; (0, 0): none (tread and side)."""
    if name in ("bottom", "side"):
        return (0.0, 0.0)
    return (float(pos[:, 2].min()), float(pos[:, 2].max()))


def _lattice(n: int) -> FloatArray:
    """Barycentric (a, b) of the points ``(i/n, j/n)``, ``i + j <= n``: ``(k, 2)``."""
    i, j = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
    keep = i + j <= n
    return np.stack([i[keep], j[keep]], axis=1) / max(n, 1)


#: Most points the fallback's depth buffer takes (a huge model is sampled more coarsely).
MAX_DEPTH_POINTS = 6_000_000


def visible_faces(p: FloatArray, px_per_mm: float) -> BoolArray:
    """Faces of which some part is seen: every face is covered by a lattice of points at most
    0.7 pixel apart (corners and edges included, so a surface leaves no pixel without a point),
    a depth buffer keeps each pixel's nearest, and a face is seen where one of its points is it.

    Parameters
    ----------
    p : (m, 3, 3) float
        Corners in the camera's frame (x right, y up, z toward the camera), mm.
    px_per_mm : float
        The picture's scale.
    """
    m = len(p)
    xy = p[:, :, :2] * px_per_mm
    longest = np.max(np.linalg.norm(xy - np.roll(xy, 1, axis=1), axis=2), axis=1)
    n = np.ceil(longest / 0.7).astype(np.int64)
    total = float(((n + 1) * (n + 2) // 2).sum())
    if total > MAX_DEPTH_POINTS:
        n = np.ceil(n * np.sqrt(MAX_DEPTH_POINTS / total)).astype(np.int64)
    owners, points = [], []
    for k in np.unique(n):
        faces = np.flatnonzero(n == k)
        ab = _lattice(int(k))
        c = p[faces]
        pts = (c[:, None, 0] + ab[None, :, :1] * (c[:, None, 1] - c[:, None, 0])
               + ab[None, :, 1:] * (c[:, None, 2] - c[:, None, 0]))  # fmt: skip
        points.append(pts.reshape(-1, 3))
        owners.append(np.repeat(faces, len(ab)))
    pts, owner = np.concatenate(points), np.concatenate(owners)
    ij = np.floor(pts[:, :2] * px_per_mm).astype(np.int64)
    ij -= ij.min(axis=0)
    nearest = np.full((int(ij[:, 0].max()) + 1, int(ij[:, 1].max()) + 1), -np.inf)
    np.maximum.at(nearest, (ij[:, 0], ij[:, 1]), pts[:, 2])
    # Within a pixel a sloped face's own depth varies: allowed for by its slope.
    normal = np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0])
    slope = np.hypot(normal[:, 0], normal[:, 1]) / np.maximum(np.abs(normal[:, 2]), 1e-12)
    tolerance = 0.05 + np.minimum(slope, 20.0) * 1.5 / px_per_mm
    seen = pts[:, 2] >= nearest[ij[:, 0], ij[:, 1]] - tolerance[owner]
    out = np.zeros(m, dtype=bool)
    out[owner[seen]] = True
    return out


def _mpl_view(
    parts: list[tuple[FloatArray, IntArray, tuple[float, float, float]]],
    name: str,
    size: tuple[int, int],
    foot: str | None = None,
) -> ViewImage:
    """The same view drawn by matplotlib: the faces seen (:func:`visible_faces`), far to near,
    flat shaded with the same light as the OpenGL views."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure

    from .views import as_polygons

    pos, nor, col = flat_soup(parts)
    basis = _basis(*side_views(foot)[name])
    w, h = size
    centre, hw, hh, _, _ = _frame(pos, basis, w / h, 0.06)
    p = (pos @ basis.T).reshape(-1, 3, 3)
    n = nor[::3] @ basis.T
    key = np.array([-0.4, 0.5, 0.8]) / np.linalg.norm([-0.4, 0.5, 0.8])
    light = 0.35 + 0.55 * np.clip(n @ key, 0, None)
    z = pos[:, 2].reshape(-1, 3).mean(axis=1)
    base = col[::3]
    if name == "bottom":
        light = light * (0.75 + 1.15 * np.clip(z / RELIEF_SHADE_MM, 0, 1))
    else:
        lo, hi = _height_range(pos, name)
        if hi > lo:
            light = light * (0.8 + 0.55 * np.clip((z - lo) / (hi - lo), 0, 1))
        base = np.maximum(base, LIFT)
    colours = np.clip(base * light[:, None], 0, 1)
    shown = (n[:, 2] > 0) & visible_faces(p, w / (2 * hw))
    # Painted by each face's nearest corner: a big face over small hidden ones comes after them.
    order = np.argsort(p[:, :, 2].max(axis=1))
    order = order[shown[order]]
    fig = Figure(figsize=(w / 100, h / 100), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.add_collection(
        PolyCollection(
            as_polygons(p[order][:, :, :2]),
            facecolors=colours[order],
            edgecolors="face",  # covers the seams antialiasing leaves between faces
            linewidths=0.3,
        )
    )
    ax.set_xlim(centre[0] - hw, centre[0] + hw)
    ax.set_ylim(centre[1] - hh, centre[1] + hh)
    ax.axis("off")
    fig.canvas.draw()
    rgb = np.asarray(fig.canvas.buffer_rgba())[:, :, :3].copy()  # type: ignore[attr-defined]
    return ViewImage(name, rgb, 2 * hw / w if name != "three-quarter" else None)


ViewsDrawn = tuple[list[ViewImage], str]
"""The views and the renderer that drew them, as :func:`render_views` returns them."""


def views_later(
    parts: list[tuple[FloatArray, IntArray, tuple[float, float, float]]],
    sizes: dict[str, tuple[int, int]],
    use_gl: bool = True,
    foot: str | None = None,
    closed: bool = False,
    process: Executor | None = None,
) -> Callable[[], ViewsDrawn]:
    """Start drawing the views in a process of their own; the function returned waits for them
    (and gives the same views however often it is called).

    llvmpipe draws with the interpreter lock held: on a thread it would stop the sheet's other
    work, in a process it runs beside it (1.5 s of a 1.3 M-triangle sheet). ``process``: a
    helper already started for these views (:class:`~.helper_process.SheetProcesses`), else
    one is started here. Either ends once the views are in (a given one without waiting for it:
    its exit runs beside the sheet). Where no process can be started (a daemon process) or the
    helper has gone, the views are drawn here when first asked for.
    """
    args = (parts, sizes, use_gl, foot, closed)
    here = functools.cache(lambda: render_views(*args))
    pool: Executor
    if process is None:
        helper = started(render_views, *args)  # None where no process can start
        if helper is None:
            return here
        (pool, future), wait = helper, True
    else:
        try:
            future = process.submit(render_views, *args)
        except Exception as exc:  # noqa: BLE001 - the helper is gone: drawn here
            log.info("views process unavailable (%s): drawing them here", exc)
            return here
        pool, wait = process, False

    @functools.cache
    def drawn() -> ViewsDrawn:
        try:
            views: ViewsDrawn = future.result()
            return views
        except Exception as exc:  # noqa: BLE001 - the process failed: draw them here
            log.info("views process failed (%s): drawing them here", exc)
            return here()
        finally:
            pool.shutdown(wait=wait)

    return drawn


def render_views(
    parts: list[tuple[FloatArray, IntArray, tuple[float, float, float]]],
    sizes: dict[str, tuple[int, int]],
    use_gl: bool = True,
    foot: str | None = None,
    closed: bool = False,
) -> tuple[list[ViewImage], str]:
    """Render the named views (the side one from ``foot``'s lateral side); returns the images
    and the renderer used (``OpenGL ...`` or ``matplotlib``). ``closed``: the bodies are closed
    and wound outward (faces turned away are then not drawn)."""
    views = tuple(sizes)
    if use_gl:
        # The offscreen context lives on a thread of its own: a context made current on the
        # caller's thread would stay bound there and upset a GUI's own OpenGL (Qt's widgets).
        with ThreadPoolExecutor(max_workers=1) as pool:
            done = pool.submit(_render_gl, parts, views, sizes, foot, closed).result()
        if done is not None:
            return done
    return [_mpl_view(parts, v, sizes[v], foot) for v in views], "matplotlib"


def _render_gl(
    parts: list[tuple[FloatArray, IntArray, tuple[float, float, float]]],
    views: tuple[str, ...],
    sizes: dict[str, tuple[int, int]],
    foot: str | None = None,
    closed: bool = False,
) -> tuple[list[ViewImage], str] | None:
    try:
        renderer = GLRenderer()
    except Exception as exc:  # noqa: BLE001 - any GL failure means: use the fallback
        log.info("no OpenGL context (%s): drawing the views with matplotlib", exc)
        return None
    try:
        name = renderer.ctx.info.get("GL_RENDERER", "OpenGL")
        return renderer.render(parts, views, sizes, foot=foot, closed=closed), f"OpenGL ({name})"
    finally:
        renderer.release()
