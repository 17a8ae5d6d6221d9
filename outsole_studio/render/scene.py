"""What the 3D view draws, on whatever moderngl context it is given (Qt's, or offscreen).

The scene keeps the mesh on the GPU once (flat-shaded triangle soup) with two colour sets: the
bodies by material, and an overlay (thickness, contact or draft per face) switched by a uniform;
a ground grid is drawn under the sole. A coarser copy of the mesh (every n-th face of a large
model) stands in while the camera moves, so a 1.3 M-triangle sole stays interactive.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..core.mesh import FloatArray, IntArray
from .camera import Camera
from .glview import FRAGMENT_SHADER, RELIEF_SHADE_MM, VERTEX_SHADER, flat_soup

#: Above this many triangles, a coarser copy is drawn while the camera moves...
LOD_TRIANGLES = 300_000
#: ... of about this many triangles (Mesa's llvmpipe draws ~1.5 M a second).
LOD_TARGET = 100_000

_GRID_VERTEX = """
#version 330
uniform mat4 mvp;
in vec3 in_pos;
void main() { gl_Position = mvp * vec4(in_pos, 1.0); }
"""
_GRID_FRAGMENT = """
#version 330
out vec4 f_colour;
void main() { f_colour = vec4(0.78, 0.80, 0.83, 1.0); }
"""


def _grid(lo: FloatArray, hi: FloatArray, step: float = 10.0) -> FloatArray:
    x0, x1 = np.floor(lo[0] / step) * step - step, np.ceil(hi[0] / step) * step + step
    y0, y1 = np.floor(lo[1] / step) * step - step, np.ceil(hi[1] / step) * step + step
    lines = [[(x, y0, -0.05), (x, y1, -0.05)] for x in np.arange(x0, x1 + step / 2, step)]
    lines += [[(x0, y, -0.05), (x1, y, -0.05)] for y in np.arange(y0, y1 + step / 2, step)]
    return np.asarray(lines, dtype=np.float64).reshape(-1, 3)


class MeshScene:
    """GPU buffers and programs for one model on a moderngl context."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.prog = ctx.program(vertex_shader=VERTEX_SHADER, fragment_shader=FRAGMENT_SHADER)
        self.grid_prog = ctx.program(vertex_shader=_GRID_VERTEX, fragment_shader=_GRID_FRAGMENT)
        self._buffers: list[Any] = []
        self.full: Any = None
        self.coarse: Any = None
        self.grid: Any = None
        self.triangles = 0
        self.lo = np.zeros(3)
        self.hi = np.ones(3)

    def release(self) -> None:
        """Free the GPU buffers."""
        for b in self._buffers:
            b.release()
        self._buffers.clear()
        self.full = self.coarse = self.grid = None

    def _vao(self, pos: FloatArray, nor: FloatArray, col: FloatArray) -> Any:
        data = np.hstack([pos, nor, col]).astype("f4")
        vbo = self.ctx.buffer(data.tobytes())
        vao = self.ctx.vertex_array(
            self.prog, [(vbo, "3f 3f 3f", "in_pos", "in_normal", "in_colour")]
        )
        self._buffers += [vao, vbo]
        return vao

    def set_mesh(
        self,
        parts: list[tuple[FloatArray, IntArray, tuple[float, float, float]]],
        face_colours: FloatArray | None = None,
    ) -> None:
        """Upload a model; ``face_colours`` (m, 3) replaces the body colours (an overlay)."""
        self.release()
        pos, nor, col = flat_soup(parts)
        if face_colours is not None:
            col = np.repeat(np.asarray(face_colours, dtype=np.float64), 3, axis=0)
        self.triangles = len(pos) // 3
        self.full = self._vao(pos, nor, col)
        if self.triangles > LOD_TRIANGLES:
            keep = max(1, self.triangles // LOD_TARGET)
            idx = (np.arange(0, self.triangles, keep)[:, None] * 3 + np.arange(3)).ravel()
            self.coarse = self._vao(pos[idx], nor[idx], col[idx])
        self.lo, self.hi = pos.min(axis=0), pos.max(axis=0)
        grid = _grid(self.lo, self.hi).astype("f4")
        gbo = self.ctx.buffer(grid.tobytes())
        self.grid = self.ctx.vertex_array(self.grid_prog, [(gbo, "3f", "in_pos")])
        self._buffers += [self.grid, gbo]

    def draw(self, camera: Camera, aspect: float, moving: bool = False) -> None:
        """Draw into the bound framebuffer (cleared by the caller)."""
        import moderngl

        if self.full is None:
            return
        depth = float(np.linalg.norm(self.hi - self.lo)) * 2 + 100.0
        mvp, rot = camera.matrices(aspect, depth)
        self.ctx.enable(moderngl.DEPTH_TEST)
        below = camera.pitch_deg < 0.0
        if not below:  # the ground grid would hide the tread seen from below
            self.grid_prog["mvp"].write(mvp.T.astype("f4").tobytes())
            self.grid.render(moderngl.LINES)
        self.prog["mvp"].write(mvp.T.astype("f4").tobytes())
        self.prog["rot"].write(rot.T.astype("f4").tobytes())
        # Looking up at the tread, shade by height so contact and grooves read apart.
        self.prog["z_relief"].value = RELIEF_SHADE_MM if camera.pitch_deg < -45.0 else 0.0
        vao = self.coarse if moving and self.coarse is not None else self.full
        vao.render(moderngl.TRIANGLES)
