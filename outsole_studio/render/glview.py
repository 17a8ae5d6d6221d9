"""Offscreen pictures of an outsole with OpenGL (moderngl on EGL; no window, no Qt).

The same shaders serve the desktop viewer later. Views are orthographic, so the three flat views
carry an exact scale (``mm_per_px``) for their scale bars; the three-quarter view is pictorial.
When no GL context can be made, :func:`render_views` falls back to matplotlib (slower, flatter),
so a spec sheet is always produced.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..core.geometry.mesh import FloatArray, IntArray
from .views import as_polygons

log = logging.getLogger(__name__)

#: Height over which the bottom view goes from ground-contact dark to groove light, mm.
RELIEF_SHADE_MM = 4.0

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


VERTEX_SHADER = """
#version 330
uniform mat4 mvp;
uniform mat3 rot;
in vec3 in_pos;
in vec3 in_normal;
in vec3 in_colour;
out vec3 v_normal;
out vec3 v_colour;
out float v_z;
void main() {
    gl_Position = mvp * vec4(in_pos, 1.0);
    v_normal = rot * in_normal;
    v_colour = in_colour;
    v_z = in_pos.z;
}
"""

#: GLSL shared by the sheet's views and the window's view: the light on a face of view-space
#: normal ``n`` at height ``z`` (mm), with its relief shading.
LIGHTING_GLSL = """
float outsole_light(vec3 n, float z, float z_relief, vec2 relief_range) {
    // Key light over the viewer's left shoulder, a fill from the right, ambient.
    vec3 key = normalize(vec3(-0.4, 0.5, 0.8));
    vec3 fill = normalize(vec3(0.6, -0.2, 0.6));
    float light = 0.35 + 0.55 * max(dot(n, key), 0.0) + 0.2 * max(dot(n, fill), 0.0);
    // Seen from below, tread tops and groove floors face the camera alike: shade by height so
    // what touches the ground reads dark and the grooves light.
    if (z_relief > 0.0) light *= mix(relief_range.x, relief_range.y, clamp(z / z_relief, 0.0, 1.0));
    return light;
}
"""

FRAGMENT_SHADER = (
    """
#version 330
uniform float z_relief;
in vec3 v_normal;
in vec3 v_colour;
in float v_z;
out vec4 f_colour;
"""
    + LIGHTING_GLSL
    + """
void main() {
    vec3 n = normalize(v_normal);
    if (!gl_FrontFacing) n = -n;
    float light = outsole_light(n, v_z, z_relief, vec2(0.75, 1.9));
    f_colour = vec4(min(v_colour * light, vec3(1.0)), 1.0);
}
"""
)


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


def _frame(
    points: FloatArray, basis: FloatArray, aspect: float, margin: float
) -> tuple[FloatArray, float, float, float, float]:
    p = points @ basis.T
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
        self.prog = self.ctx.program(vertex_shader=VERTEX_SHADER, fragment_shader=FRAGMENT_SHADER)

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
    ) -> list[ViewImage]:
        """Render the views of a mesh; ``sizes`` gives each view's (width, height) in pixels;
        the side view looks at ``foot``'s lateral side."""
        directions = side_views(foot)
        import moderngl

        pos, nor, col = flat_soup(parts)
        data = np.hstack([pos, nor, col]).astype("f4")
        vbo = self.ctx.buffer(data.tobytes())
        vao = self.ctx.vertex_array(
            self.prog, [(vbo, "3f 3f 3f", "in_pos", "in_normal", "in_colour")]
        )
        out = []
        try:
            for name in views:
                w, h = sizes[name]
                basis = _basis(*directions[name])
                centre, hw, hh, near, far = _frame(pos, basis, w / h, 0.06)
                proj = _ortho(centre, hw, hh, near, far)
                view = np.eye(4)
                view[:3, :3] = basis
                mvp = proj @ view
                _uniform(self.prog, "mvp").write(mvp.T.astype("f4").tobytes())
                _uniform(self.prog, "rot").write(basis.T.astype("f4").tobytes())
                _uniform(self.prog, "z_relief").value = RELIEF_SHADE_MM if name == "bottom" else 0.0
                ms = self.ctx.simple_framebuffer((w, h), samples=samples)
                plain = self.ctx.simple_framebuffer((w, h))
                ms.use()
                ms.clear(1.0, 1.0, 1.0, 1.0)
                self.ctx.enable(moderngl.DEPTH_TEST)
                vao.render(moderngl.TRIANGLES)
                self.ctx.copy_framebuffer(plain, ms)
                rgb = np.frombuffer(plain.read(components=3), dtype=np.uint8).reshape(h, w, 3)
                ms.release()
                plain.release()
                flat = name != "three-quarter"
                out.append(ViewImage(name, np.flipud(rgb).copy(), 2 * hw / w if flat else None))
        finally:
            vao.release()
            vbo.release()
        return out


def _mpl_view(
    parts: list[tuple[FloatArray, IntArray, tuple[float, float, float]]],
    name: str,
    size: tuple[int, int],
    foot: str | None = None,
) -> ViewImage:
    """The same view drawn by matplotlib: faces sorted far to near, flat shaded."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure

    pos, nor, col = flat_soup(parts)
    basis = _basis(*side_views(foot)[name])
    w, h = size
    centre, hw, hh, _, _ = _frame(pos, basis, w / h, 0.06)
    p = (pos @ basis.T).reshape(-1, 3, 3)
    n = nor[::3] @ basis.T
    facing = n[:, 2] > 0
    key = np.array([-0.4, 0.5, 0.8]) / np.linalg.norm([-0.4, 0.5, 0.8])
    light = 0.35 + 0.55 * np.clip(n @ key, 0, None)
    if name == "bottom":
        z = pos[:, 2].reshape(-1, 3).mean(axis=1)
        light = light * (0.75 + 1.15 * np.clip(z / RELIEF_SHADE_MM, 0, 1))
    colours = np.clip(col[::3] * light[:, None], 0, 1)
    order = np.argsort(p[:, :, 2].mean(axis=1))
    order = order[facing[order]]
    fig = Figure(figsize=(w / 100, h / 100), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.add_collection(
        PolyCollection(
            as_polygons(p[order][:, :, :2]), facecolors=colours[order], edgecolors="none"
        )
    )
    ax.set_xlim(centre[0] - hw, centre[0] + hw)
    ax.set_ylim(centre[1] - hh, centre[1] + hh)
    ax.axis("off")
    fig.canvas.draw()
    rgb = np.asarray(fig.canvas.buffer_rgba())[:, :, :3].copy()  # type: ignore[attr-defined]
    return ViewImage(name, rgb, 2 * hw / w if name != "three-quarter" else None)


def render_views(
    parts: list[tuple[FloatArray, IntArray, tuple[float, float, float]]],
    sizes: dict[str, tuple[int, int]],
    use_gl: bool = True,
    foot: str | None = None,
) -> tuple[list[ViewImage], str]:
    """Render the named views (the side one from ``foot``'s lateral side); returns the images
    and the renderer used (``OpenGL ...`` or ``matplotlib``)."""
    views = tuple(sizes)
    if use_gl:
        # The offscreen context lives on a thread of its own: a context made current on the
        # caller's thread would stay bound there and upset a GUI's own OpenGL (Qt's widgets).
        with ThreadPoolExecutor(max_workers=1) as pool:
            done = pool.submit(_render_gl, parts, views, sizes, foot).result()
        if done is not None:
            return done
    return [_mpl_view(parts, v, sizes[v], foot) for v in views], "matplotlib"


def _render_gl(
    parts: list[tuple[FloatArray, IntArray, tuple[float, float, float]]],
    views: tuple[str, ...],
    sizes: dict[str, tuple[int, int]],
    foot: str | None = None,
) -> tuple[list[ViewImage], str] | None:
    try:
        renderer = GLRenderer()
    except Exception as exc:  # noqa: BLE001 - any GL failure means: use the fallback
        log.info("no OpenGL context (%s): drawing the views with matplotlib", exc)
        return None
    try:
        name = renderer.ctx.info.get("GL_RENDERER", "OpenGL")
        return renderer.render(parts, views, sizes, foot=foot), f"OpenGL ({name})"
    finally:
        renderer.release()
