"""The offscreen views: real pixels, an exact scale, and the matplotlib fallback."""

from __future__ import annotations

import numpy as np
import pytest

from outsole_studio.render.glview import render_views
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
