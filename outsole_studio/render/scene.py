"""What the 3D view draws, on whatever moderngl context it is given (Qt's, or offscreen).

A model is prepared off the GUI thread (:func:`prepare_scene`: shared vertices, triangle indices,
a colour per face, a clustered stand-in of ~100 k triangles for large models) so that the GUI
thread only uploads it. The mesh is drawn indexed with the shaders of :mod:`.shaders`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..core.geometry.decimate import Decimated, cluster_decimate
from ..core.geometry.mesh import FloatArray, IntArray
from .camera import Camera
from .shaders import (
    LIFT,
    MESH_FRAGMENT_SHADER,
    MESH_VERTEX_SHADER,
    RELIEF_SHADE_MM,
    face_texture_data,
)

#: Above this many triangles, a clustered stand-in is drawn while the camera moves...
LOD_TRIANGLES = 300_000
#: ... of about this many triangles (Mesa's llvmpipe draws ~1.5 M a second).
LOD_TARGET = 75_000

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


@dataclass(frozen=True)
class SceneMesh:
    """A model ready to upload.

    Attributes
    ----------
    vertices : (n, 3) float32, mm
    faces : (m, 3) uint32
        All bodies' triangles, body after body.
    body_rgb : (m, 3) uint8
        Each face's body colour.
    coarse : Decimated or None
        The stand-in drawn while the camera moves (models over :data:`LOD_TRIANGLES`).
    lo, hi : (3,) float64
        Bounding box, mm.
    textures : tuple of ((width, height), bytes)
        The body colours as face textures, full mesh then stand-in (made here, off the GUI
        thread, for the first upload).
    body_colours : (k, 3) uint8 or None
        The colour of each body ``body_rgb`` was made from, when it was made per body (the
        window compares these few instead of every face's).
    """

    vertices: np.ndarray
    faces: np.ndarray
    body_rgb: np.ndarray
    coarse: Decimated | None
    lo: FloatArray
    hi: FloatArray
    textures: tuple[tuple[tuple[int, int], bytes], ...]
    body_colours: np.ndarray | None = None

    @property
    def triangles(self) -> int:
        """Number of faces drawn when still."""
        return len(self.faces)


def prepare_scene(
    vertices_mm: FloatArray,
    faces: IntArray,
    face_rgb: np.ndarray,
    lod_triangles: int = LOD_TRIANGLES,
    lod_target: int = LOD_TARGET,
    area_mm2: float | None = None,
) -> SceneMesh:
    """A model ready to upload: ``face_rgb`` (m, 3) uint8 colours each face; pure numpy.
    ``area_mm2``: the surface's area when known (for the stand-in's grid)."""
    v = np.asarray(vertices_mm, dtype=np.float64)
    f = np.asarray(faces, dtype=np.int64)
    coarse = cluster_decimate(v, f, lod_target, area_mm2) if len(f) > lod_triangles else None
    lo = v.min(axis=0) if len(v) else np.zeros(3)
    hi = v.max(axis=0) if len(v) else np.ones(3)
    rgb = np.asarray(face_rgb, dtype=np.uint8)
    mesh = SceneMesh(v.astype(np.float32), f.astype(np.uint32), rgb, coarse, lo, hi, ())
    return replace(mesh, textures=scene_textures(mesh, rgb))


def _grid(lo: FloatArray, hi: FloatArray, step: float = 10.0) -> FloatArray:
    x0, x1 = np.floor(lo[0] / step) * step - step, np.ceil(hi[0] / step) * step + step
    y0, y1 = np.floor(lo[1] / step) * step - step, np.ceil(hi[1] / step) * step + step
    lines = [[(x, y0, -0.05), (x, y1, -0.05)] for x in np.arange(x0, x1 + step / 2, step)]
    lines += [[(x0, y, -0.05), (x1, y, -0.05)] for y in np.arange(y0, y1 + step / 2, step)]
    return np.asarray(lines, dtype=np.float64).reshape(-1, 3)


def scene_textures(mesh: SceneMesh, rgb: np.ndarray) -> tuple[tuple[tuple[int, int], bytes], ...]:
    """The face textures of colours ``rgb`` (m, 3) uint8: the full mesh's, then the stand-in's."""
    colours = np.asarray(rgb, dtype=np.uint8)
    textures = [face_texture_data(colours)]
    if mesh.coarse is not None:
        textures.append(face_texture_data(colours[mesh.coarse.source_face]))
    return tuple(textures)


class _Lod:
    """One level of detail on the GPU: vertices, indices and the face colour texture."""

    def __init__(self, ctx: Any, prog: Any, vertices: np.ndarray, faces: np.ndarray) -> None:
        self.ctx = ctx
        self.vbo = ctx.buffer(np.ascontiguousarray(vertices, dtype="f4"))
        self.ibo = ctx.buffer(np.ascontiguousarray(faces, dtype="u4"))
        self.vao = ctx.vertex_array(prog, [(self.vbo, "3f", "in_pos")], self.ibo)
        self.faces = len(faces)
        self.texture: Any = None

    def set_colours(self, texture: tuple[tuple[int, int], bytes]) -> None:
        import moderngl

        size, data = texture
        if self.texture is not None and self.texture.size == size:
            self.texture.write(data)
            return
        if self.texture is not None:
            self.texture.release()
        self.texture = self.ctx.texture(size, 4, data)
        self.texture.filter = (moderngl.NEAREST, moderngl.NEAREST)

    def render(self, prog: Any, first: int = 0, count: int | None = None) -> None:
        """Draw faces ``first`` to ``first + count`` (all by default)."""
        import moderngl

        n = self.faces - first if count is None else min(count, self.faces - first)
        if n <= 0:
            return
        self.texture.use(0)
        prog["face_offset"].value = first
        self.vao.render(moderngl.TRIANGLES, vertices=3 * n, first=3 * first)

    def release(self) -> None:
        for obj in (self.vao, self.ibo, self.vbo, self.texture):
            if obj is not None:
                obj.release()


class MeshScene:
    """GPU buffers and programs for one model on a moderngl context."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.prog = ctx.program(
            vertex_shader=MESH_VERTEX_SHADER, fragment_shader=MESH_FRAGMENT_SHADER
        )
        self.prog["face_colours"].value = 0
        self.grid_prog = ctx.program(vertex_shader=_GRID_VERTEX, fragment_shader=_GRID_FRAGMENT)
        self.mesh: SceneMesh | None = None
        self.full: _Lod | None = None
        self.coarse: _Lod | None = None
        self._grid: list[Any] = []
        #: Shade the tread strongly by height seen from below (bodies); an overlay's colours
        #: mean something, so under one the shading stays mild.
        self.relief_shading = True
        self.lo = np.zeros(3)
        self.hi = np.ones(3)

    @property
    def triangles(self) -> int:
        """Faces of the full mesh (0 before a model is set)."""
        return self.full.faces if self.full is not None else 0

    def release(self) -> None:
        """Free the GPU buffers."""
        for lod in (self.full, self.coarse):
            if lod is not None:
                lod.release()
        for obj in self._grid:
            obj.release()
        self._grid.clear()
        self.full = self.coarse = None
        self.mesh = None

    def upload(self, mesh: SceneMesh) -> None:
        """Put a prepared model on the GPU, in its body colours."""
        self.release()
        self.mesh = mesh
        self.full = _Lod(self.ctx, self.prog, mesh.vertices, mesh.faces)
        if mesh.coarse is not None:
            self.coarse = _Lod(self.ctx, self.prog, mesh.coarse.vertices_mm, mesh.coarse.faces)
        self.set_colours(None)
        self.lo, self.hi = mesh.lo, mesh.hi
        grid = _grid(self.lo, self.hi).astype("f4")
        gbo = self.ctx.buffer(grid.tobytes())
        self._grid = [self.ctx.vertex_array(self.grid_prog, [(gbo, "3f", "in_pos")]), gbo]

    def set_colours(self, rgb: np.ndarray | None, relief_shading: bool | None = None) -> None:
        """Colour every face: ``rgb`` (m, 3) uint8 for an overlay, None for the bodies as
        prepared; ``relief_shading`` defaults to on for the bodies, off for an overlay."""
        mesh = self.mesh
        if mesh is None:
            return
        textures = mesh.textures if rgb is None else scene_textures(mesh, rgb)
        self.set_textures(textures, rgb is None if relief_shading is None else relief_shading)

    def set_textures(
        self, textures: tuple[tuple[tuple[int, int], bytes], ...], relief_shading: bool
    ) -> None:
        """Colour every face from textures made by :func:`scene_textures` (off the GUI thread)."""
        if self.full is None:
            return
        self.relief_shading = relief_shading
        self.full.set_colours(textures[0])
        if self.coarse is not None:
            self.coarse.set_colours(textures[1])

    def draw(
        self,
        camera: Camera,
        aspect: float,
        moving: bool = False,
        first: int = 0,
        count: int | None = None,
    ) -> None:
        """Draw into the bound framebuffer (cleared by the caller).

        ``moving`` draws the stand-in; otherwise faces ``first`` to ``first + count`` of the
        full mesh (all by default), the ground grid with the first range, so a heavy frame can
        be built up over several calls into the same framebuffer.
        """
        import moderngl

        if self.full is None:
            return
        depth = float(np.linalg.norm(self.hi - self.lo)) * 2 + 100.0
        mvp, rot = camera.matrices(aspect, depth)
        self.ctx.enable(moderngl.DEPTH_TEST)
        # The ground grid would hide the tread seen from below.
        if first == 0 and camera.pitch_deg >= 0.0:
            self.grid_prog["mvp"].write(mvp.T.astype("f4").tobytes())
            self._grid[0].render(moderngl.LINES)
        self.prog["mvp"].write(mvp.T.astype("f4").tobytes())
        self.prog["rot"].write(rot.T.astype("f4").tobytes())
        # Looking up at the tread, shade by height so contact and grooves read apart.
        below = camera.pitch_deg < -20.0
        self.prog["z_relief"].value = RELIEF_SHADE_MM if below else 0.0
        self.prog["relief_range"].value = (0.75, 1.9) if self.relief_shading else (0.85, 1.15)
        # The bodies' own colours (not an overlay's) are lit like the sheet's views.
        lit = self.relief_shading and not below
        self.prog["lift"].value = LIFT if lit else 0.0
        self.prog["z_range"].value = (float(self.lo[2]), float(self.hi[2])) if lit else (0.0, 0.0)
        if moving and self.coarse is not None:
            self.coarse.render(self.prog, 0, count)
        else:
            self.full.render(self.prog, first, count)
