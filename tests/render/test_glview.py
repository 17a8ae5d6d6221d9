"""The offscreen views: real pixels, an exact scale, and the matplotlib fallback."""

from __future__ import annotations

import numpy as np
import pytest

from outsole_studio.render.glview import indexed_mesh, render_views
from tests.conftest import box

SIZES = {"bottom": (400, 200), "side": (400, 100), "three-quarter": (300, 200)}


@pytest.mark.parametrize("use_gl", [True, False])
def test_views_show_the_object_at_its_scale(use_gl):
    v, f = box(size=(270.0, 100.0, 10.0))
    images, renderer = render_views([(v, f, (0.2, 0.2, 0.2))], SIZES, use_gl=use_gl)
    assert renderer.startswith("OpenGL") if use_gl else renderer == "matplotlib"
    by_name = {i.name: i for i in images}
    bottom = by_name["bottom"]
    assert bottom.rgb.shape == (200, 400, 3)
    dark = (bottom.rgb.mean(axis=2) < 128).any(axis=0)
    length_px = np.flatnonzero(dark)[-1] - np.flatnonzero(dark)[0] + 1
    assert length_px * bottom.mm_per_px == pytest.approx(270.0, abs=2 * bottom.mm_per_px)
    assert by_name["three-quarter"].mm_per_px is None
    # Different views are different pictures.
    assert not np.array_equal(by_name["side"].rgb[:100], bottom.rgb[:100])


def test_bodies_sharing_vertices_are_one_indexed_mesh_with_a_colour_per_face():
    v, f = box(size=(10.0, 10.0, 10.0))  # 8 vertices, 12 faces
    spare = np.vstack([v, [[99.0, 99.0, 99.0]]])  # a vertex no face uses
    w, g = box(size=(5.0, 5.0, 5.0))
    parts = [
        (spare, f[:6], (1.0, 0.0, 0.0)),
        (spare, f[6:], (0.0, 0.0, 1.0)),
        (w + 20, g, (0.5,) * 3),
    ]
    verts, faces, rgb = indexed_mesh(parts)
    assert verts.dtype == np.float32 and faces.dtype == np.uint32 and rgb.dtype == np.uint8
    assert verts.shape == (16, 3)  # the bodies' 8 vertices once, the other mesh's 8; no spare
    assert faces.shape == (24, 3) and rgb.shape == (24, 3)
    np.testing.assert_array_equal(verts[faces[:12]], spare[f].astype(np.float32))
    np.testing.assert_array_equal(verts[faces[12:]], (w + 20)[g].astype(np.float32))
    assert rgb[:6].tolist() == [[255, 0, 0]] * 6 and rgb[6:12].tolist() == [[0, 0, 255]] * 6
    assert rgb[12:].tolist() == [[128, 128, 128]] * 12


def test_each_body_is_drawn_in_its_own_colour():
    v, f = box(size=(100.0, 40.0, 10.0))
    red, blue = (0.8, 0.1, 0.1), (0.1, 0.1, 0.8)
    w = v + [120.0, 0.0, 0.0]
    (bottom,), _ = render_views([(v, f, red), (w, f, blue)], {"bottom": (440, 120)})
    ink = bottom.rgb.astype(int)
    reddish = (ink[:, :, 0] > ink[:, :, 2] + 60).any(axis=0)
    bluish = (ink[:, :, 2] > ink[:, :, 0] + 60).any(axis=0)
    # Seen from below, heel (x = 0) on the image's left: the red body left of the blue one.
    assert reddish.any() and bluish.any()
    assert np.flatnonzero(reddish).max() < np.flatnonzero(bluish).min()


@pytest.mark.parametrize("use_gl", [True, False])
def test_the_side_view_looks_at_the_lateral_side_of_the_designs_foot(use_gl):
    # A wedge whose toe (x = 100) is tall: seen from -Y (a right sole's lateral side) the toe is
    # on the image's right; from +Y (a left sole's lateral side) it is on the left.
    v = np.array([[0, -20, 0], [100, -20, 0], [100, 20, 0], [0, 20, 0],
                  [0, -20, 5], [100, -20, 30], [100, 20, 30], [0, 20, 5]], float)  # fmt: skip
    _, f = box()
    parts = [(v, f, (0.3, 0.3, 0.3))]
    sizes = {"side": (400, 160)}
    (right,), _ = render_views(parts, sizes, use_gl=use_gl, foot="right")
    (left,), _ = render_views(parts, sizes, use_gl=use_gl, foot="left")

    def tall_side(image) -> str:
        ink = image.rgb.min(axis=2) < 200
        cols = np.flatnonzero(ink.any(axis=0))
        first, last = ink[:, cols[0]].sum(), ink[:, cols[-1]].sum()
        return "right" if last > first else "left"

    assert tall_side(right) == "right" and tall_side(left) == "left"
    ink_r = right.rgb.min(axis=2) < 200
    ink_l = left.rgb.min(axis=2) < 200
    overlap = (ink_r & ink_l[:, ::-1]).sum() / (ink_r | ink_l[:, ::-1]).sum()
    assert overlap > 0.97  # the same silhouette, mirrored


def _slab_over_a_block():
    """A 100 x 40 x 6 mm slab, and under its middle a 10 x 10 x 3 mm block it hides from above."""
    import manifold3d

    slab = manifold3d.Manifold.cube((100.0, 40.0, 6.0)).translate((0.0, -20.0, 3.0))
    block = manifold3d.Manifold.cube((10.0, 10.0, 3.0)).translate((45.0, -5.0, 0.0))
    m = (slab + block).to_mesh64()
    return np.asarray(m.vert_properties)[:, :3], np.asarray(m.tri_verts, dtype=np.int64)


def test_the_fallback_draws_only_what_is_seen():
    """Seen from above and askew, the faces under the slab are hidden (they showed through)."""
    from outsole_studio.render.glview import VIEWS, _basis, visible_faces

    v, f = _slab_over_a_block()
    basis = _basis(*VIEWS["three-quarter"])
    p = (v[f] @ basis.T).reshape(-1, 3, 3)
    facing = np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0])[:, 2] > 0
    seen = visible_faces(p, 4.0) & facing
    z = v[f][:, :, 2]
    top = (z.min(axis=1) == pytest.approx(9.0)) & (z.max(axis=1) == pytest.approx(9.0))
    assert seen[top].all()  # the footbed
    assert not seen[z.max(axis=1) <= 3.0 + 1e-9].any()  # the block under the middle


def test_edge_lines_mark_steps_not_slopes():
    from outsole_studio.render.glview import edge_lines

    x = np.arange(40, dtype=float)
    depth = np.tile(0.4 * x, (20, 1))  # a slope: no line
    depth[:, 25:] += 5.0  # a step of 5 mm: a line
    background = np.zeros(depth.shape, dtype=bool)
    background[:, 35:] = True
    lines = edge_lines(depth, background)
    assert lines[5:15, 24:26].all()
    assert not lines[5:15, 3:22].any()
    assert lines[5:15, 34].all() and not lines[:, 35:].any()  # the outline, inside the body


def test_a_closed_model_drawn_without_its_far_faces_looks_the_same():
    # Faces turned away from the camera are hidden behind the near ones on a closed body: not
    # drawing them (closed=True) changes no pixel but the odd one on the outline.
    v, f = box(size=(120.0, 50.0, 12.0))
    sizes = {"bottom": (360, 160), "top": (360, 160), "three-quarter": (300, 200)}
    drawn, _ = render_views([(v, f, (0.3, 0.3, 0.3))], sizes)
    culled, _ = render_views([(v, f, (0.3, 0.3, 0.3))], sizes, closed=True)
    for a, b in zip(drawn, culled, strict=True):
        differ = np.abs(a.rgb.astype(int) - b.rgb.astype(int)).max(axis=2) > 16
        assert differ.mean() < 0.002, a.name
        assert (b.rgb.min(axis=2) < 200).mean() > 0.2  # the box is there


def test_views_drawn_in_another_process_are_the_views(monkeypatch):
    from outsole_studio.render import glview

    v, f = box(size=(120.0, 50.0, 12.0))
    parts = [(v, f, (0.3, 0.3, 0.3))]
    sizes = {"bottom": (240, 100), "side": (240, 60)}
    here, renderer = render_views(parts, sizes, closed=True)
    there, renderer_there = glview.views_later(parts, sizes, closed=True)()
    assert renderer_there == renderer
    for a, b in zip(here, there, strict=True):
        assert a.name == b.name and a.mm_per_px == b.mm_per_px
        assert np.array_equal(a.rgb, b.rgb)

    # Where no process can be started (a daemon process has no children), drawn here.
    class NoProcesses:
        def __init__(self, *args, **kwargs):
            raise AssertionError("daemonic processes are not allowed to have children")

    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor", NoProcesses)
    drawn = []
    monkeypatch.setattr(glview, "render_views", lambda *a: drawn.append(1) or (here, renderer))
    later = glview.views_later(parts, sizes, closed=True)
    assert drawn == []  # drawn when first asked for ...
    fallback, _ = later()
    assert later() == (fallback, renderer) and drawn == [1]  # ... and only once
    assert all(np.array_equal(a.rgb, b.rgb) for a, b in zip(here, fallback, strict=True))


def test_the_views_helper_loads_no_plotting_or_mesh_code():
    # The views' process starts beside the analysis: it imports what drawing needs, no more
    # (matplotlib and scipy would cost it half a second before its first view).
    import json
    import subprocess
    import sys

    from outsole_studio.render.helper_process import VIEWS_MODULES

    code = (
        "import json, sys\n"
        "from outsole_studio.render.helper_process import preload\n"
        f"preload(*{list(VIEWS_MODULES)!r})\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)  # fmt: skip
    loaded = set(json.loads(done.stdout))
    assert {"moderngl", "outsole_studio.render.glview"} <= loaded
    heavy = {m.split(".")[0] for m in loaded} & {"matplotlib", "scipy", "shapely", "reportlab"}
    assert not heavy, heavy
    assert "outsole_studio.core.geometry.mesh" not in loaded


def test_rim_pixels_are_the_inside_less_its_erosion():
    from scipy import ndimage

    from outsole_studio.render.glview import rim_pixels

    rng = np.random.default_rng(7)
    inside = ndimage.binary_opening(rng.random((40, 60)) > 0.35)
    inside[:, :3] = True  # touching the picture's edge: the border counts as outside
    expected = inside & ~ndimage.binary_erosion(inside, border_value=0)
    assert np.array_equal(rim_pixels(inside), expected)
    square = np.zeros((9, 9), dtype=bool)
    square[2:7, 2:7] = True
    assert rim_pixels(square).sum() == 16  # a 5 x 5 square's ring
    assert rim_pixels(np.ones((4, 5), dtype=bool)).sum() == 14  # the picture's edge is a rim
