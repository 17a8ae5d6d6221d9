"""The 3D view's scene and overlays: colours per face with legends, and a picture built up in
slices equal to the one drawn at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import matplotlib as mpl
import numpy as np
import pytest

from outsole_studio.core.geometry.analyzer import analyze_model
from outsole_studio.core.i18n import translator
from outsole_studio.render.camera import Camera, fitted
from outsole_studio.render.overlays import overlay
from outsole_studio.render.scene import MeshScene, prepare_scene
from tests.conftest import as_model, box


@pytest.fixture(scope="module")
def slab():
    v, f = box(size=(200.0, 80.0, 10.0))
    return analyze_model(as_model(v, f))


def _normals_z(a):
    tri = a.vertices_mm[a.faces]
    n = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    return n[:, 2] / np.linalg.norm(n, axis=1)


def test_thickness_overlay_colours_a_10_mm_slab_at_the_top_of_its_scale(slab):
    # The scale spans the sole's range in whole millimetres: 9 to 10 mm for a uniform 10 mm.
    o = overlay(slab, "thickness", translator("en"))
    flat = np.abs(_normals_z(slab)) > 0.99
    top_colour = np.round(np.asarray(mpl.colormaps["viridis"](1.0)[:3]) * 255)
    assert flat.sum() == 4
    np.testing.assert_array_equal(o.face_rgb[flat], np.tile(top_colour, (4, 1)))
    assert o.legend.low_text == "9 mm" and o.legend.high_text == "10 mm"
    assert translator("id")("Thickness (mm)") != "Thickness (mm)"
    assert overlay(slab, "thickness", translator("id")).legend.title == translator("id")(
        "Thickness (mm)"
    )


def test_contact_overlay_marks_the_faces_on_the_ground_only(slab):
    o = overlay(slab, "contact", translator("en"))
    nz = _normals_z(slab)
    orange = np.array([230, 126, 34])
    on = (o.face_rgb == orange).all(axis=1)
    np.testing.assert_array_equal(on, nz < -0.99)
    assert o.legend.swatches[0][0] == "contact (within 0.5 mm of the ground)"


def test_draft_overlay_shows_walls_red_and_flat_faces_green(slab):
    o = overlay(slab, "draft", translator("en"))
    nz = _normals_z(slab)
    cmap = mpl.colormaps["RdYlGn"]
    red = np.round(np.asarray(cmap(0.0)[:3]) * 255)
    green = np.round(np.asarray(cmap(1.0)[:3]) * 255)
    walls = np.abs(nz) < 0.01
    assert walls.sum() == 8
    np.testing.assert_array_equal(o.face_rgb[walls], np.tile(red, (8, 1)))
    np.testing.assert_array_equal(o.face_rgb[~walls], np.tile(green, (4, 1)))
    assert o.legend.swatches == (("undercut", (142, 68, 173)),)


def _render_on_own_thread(work):
    # A standalone context stays current on the thread that made it: keep it off any GUI thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def _picture(ctx, scene, camera, ranges=((0, None),), moving=False):
    """The scene drawn into a 300 x 200 frame on white, as RGB."""
    fbo = ctx.simple_framebuffer((300, 200))
    fbo.use()
    fbo.clear(1.0, 1.0, 1.0, 1.0)
    for first, count in ranges:
        scene.draw(camera, 1.5, moving=moving, first=first, count=count)
    rgb = np.frombuffer(fbo.read(), dtype=np.uint8).reshape(200, 300, 3).copy()
    fbo.release()
    return rgb


def test_a_picture_built_up_in_slices_equals_the_one_drawn_at_once():
    import moderngl
    import trimesh

    v, f = box(size=(200.0, 80.0, 10.0))
    for _ in range(4):  # 3,072 faces: a stand-in, and slice boundaries inside the mesh
        v, f = trimesh.remesh.subdivide(v, f)
    mesh = prepare_scene(v, f, np.full((len(f), 3), 90, dtype=np.uint8), lod_triangles=1000,
                         lod_target=500)  # fmt: skip
    assert mesh.coarse is not None and len(mesh.coarse.faces) < 1000

    def work():
        ctx = moderngl.create_standalone_context(backend="egl")
        try:
            scene = MeshScene(ctx)
            scene.upload(mesh)
            camera = fitted(Camera().preset("three-quarter"), scene.lo, scene.hi, 1.5)
            whole = _picture(ctx, scene, camera)
            sliced = _picture(ctx, scene, camera,
                              [(0, 1000), (1000, 1000), (2000, 1000), (3000, 1000)])  # fmt: skip
            moving = _picture(ctx, scene, camera, moving=True)
            red = np.zeros((len(f), 3), dtype=np.uint8)
            red[:, 0] = 220
            scene.set_colours(red)
            return whole, sliced, moving, _picture(ctx, scene, camera)
        finally:
            ctx.release()

    whole, sliced, moving, red = _render_on_own_thread(work)
    np.testing.assert_array_equal(sliced, whole)
    assert (whole.min(axis=2) < 200).sum() > 1000  # the slab is in the picture
    assert (moving.min(axis=2) < 200).sum() > 1000  # and in the stand-in's
    ink = red.min(axis=2) < 240
    r, g, b = (red[..., k][ink].astype(float).mean() for k in range(3))
    assert r > 2 * g and r > 2 * b  # the overlay's colours reach the screen


def test_the_analysed_model_is_shown_each_body_in_its_compound_colour():
    from outsole_studio.core.production.inputs import BodyMaterial
    from outsole_studio.io.library import preset_materials
    from outsole_studio.render.overlays import analysis_scene
    from outsole_studio.render.spec import body_colours

    v, f = box(size=(200.0, 80.0, 4.0))
    v2, f2 = box(lo=(0.0, 0.0, 6.0), size=(200.0, 80.0, 10.0))
    a = analyze_model(as_model(np.vstack([v, v2]), np.vstack([f, f2 + 8])))
    by_key = {m.key: m for m in preset_materials()}
    materials = tuple(
        BodyMaterial(b, by_key[k], by_key[k].waste_pct) for b, k in ((0, "nr-sbr"), (1, "eva"))
    )
    mesh = analysis_scene(a, materials)
    assert len(a.bodies) == 2 and mesh.triangles == 24 and mesh.coarse is None
    expected = np.round(np.asarray(body_colours(a, materials)) * 255).astype(np.uint8)
    np.testing.assert_array_equal(mesh.body_rgb, expected[a.body_of_face])
    assert not np.array_equal(expected[0], expected[1])  # rubber and foam tell apart
    np.testing.assert_array_equal(mesh.faces, a.faces)
    assert mesh.hi[2] == pytest.approx(16.0)


def test_a_near_black_compound_is_lit_seen_from_above_but_an_overlay_keeps_its_colours():
    """The window's view, as the sheet's: a black body is lifted to a dark grey and its higher
    parts lightened (seen from above it reads, not a silhouette); an overlay's colours are
    drawn as they are."""
    import moderngl

    v, f = box(size=(200.0, 80.0, 10.0))
    black = np.full((len(f), 3), 20, dtype=np.uint8)
    mesh = prepare_scene(v, f, black)

    def work():
        ctx = moderngl.create_standalone_context(backend="egl")
        try:
            scene = MeshScene(ctx)
            scene.upload(mesh)
            camera = fitted(Camera().preset("top"), scene.lo, scene.hi, 1.5)
            lit = _picture(ctx, scene, camera)
            scene.set_colours(black, relief_shading=False)  # an overlay's colours
            return lit, _picture(ctx, scene, camera)
        finally:
            ctx.release()

    lit, overlay = _render_on_own_thread(work)
    body = lit.min(axis=2) < 200
    assert body.sum() > 10_000
    assert lit[body].mean() > 50  # lifted from 20 to a dark grey, lit
    assert overlay[overlay.min(axis=2) < 200].mean() < 40  # an overlay: its own colour
