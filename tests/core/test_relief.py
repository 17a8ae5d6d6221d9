"""Height and thickness maps: exact vertical thickness without ray casting."""

from __future__ import annotations

import numpy as np
import pytest

from outsole_studio.core.designs import DESIGNS
from outsole_studio.core.generator import generate
from outsole_studio.core.relief import height_maps
from outsole_studio.core.shapes import lugged_sole


def test_lugged_sole_has_exactly_two_thicknesses():
    v, f, truth = lugged_sole()
    m = height_maps(v, f, cell_mm=1.0)
    th = m.thickness_mm[m.inside]
    values = np.unique(np.round(th, 6))
    assert values.tolist() == [6.0, 9.0]  # slab, slab + lug
    assert np.nanmin(m.bottom_mm) == pytest.approx(0.0, abs=1e-12)
    assert np.nanmax(m.top_mm) == pytest.approx(truth.height_mm)
    assert m.inside.sum() == pytest.approx(truth.outline_area_mm2, rel=0.01)  # 1 mm cells
    # Lug area: (volume - slab volume) / lug height, sampled on the grid.
    lug_area = (truth.volume_mm3 - truth.outline_area_mm2 * 6.0) / 3.0
    assert (np.round(th, 6) == 9.0).sum() == pytest.approx(lug_area, rel=0.03)
    # The thickness integrates to the volume.
    assert th.sum() == pytest.approx(truth.volume_mm3, rel=0.01)


def test_heel_block_thickness_is_the_stack_height():
    design = next(d for d in DESIGNS if d.params.heel_height_mm > 0)
    g = generate(design.params)
    m = height_maps(g.parts[0].vertices, g.parts[0].faces, cell_mm=1.0)
    heel = m.thickness_mm[: int(0.15 * g.truth.length_mm)][
        m.inside[: int(0.15 * g.truth.length_mm)]
    ]
    p = design.params
    assert np.median(heel) == pytest.approx(
        p.heel_height_mm + p.tread_depth_mm + p.floor_mm, abs=1e-6
    )
    # Under the grooves the floor is what is left: the thinnest material away from the rim.
    # (the bent shank is piecewise flat: its two faces are triangulated apart, hence 0.05 mm)
    assert np.percentile(m.thickness_mm[m.inside], 0.5) == pytest.approx(p.floor_mm, abs=0.05)
