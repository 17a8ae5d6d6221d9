"""Shared fixtures: exact reference solids and helpers to pose them like files in the wild."""

from __future__ import annotations

import numpy as np
import pytest

from outsole_studio.core.geometry.model import LoadedModel, MeshPart
from tests.shapes import Truth, lugged_sole


@pytest.fixture(scope="session")
def sole() -> tuple[np.ndarray, np.ndarray, Truth]:
    """The lugged reference sole (270 mm, 3 mm lugs) in its canonical frame, mm."""
    return lugged_sole()


@pytest.fixture(scope="session")
def smooth_sole() -> tuple[np.ndarray, np.ndarray, Truth]:
    """The same outline as a plain slab: no tread relief."""
    return lugged_sole(lug_mm=0.0)


def as_model(vertices, faces, fmt="stl", hint=None, hint_source=None) -> LoadedModel:
    """Wrap arrays as a one-part loaded model."""
    return LoadedModel(
        path="test-model",
        format=fmt,
        parts=(MeshPart("", np.asarray(vertices, dtype=np.float64), np.asarray(faces)),),
        unit_hint=hint,
        unit_hint_source=hint_source,
    )


def box(lo=(0.0, 0.0, 0.0), size=(2.0, 3.0, 4.0)) -> tuple[np.ndarray, np.ndarray]:
    """An axis-aligned box as 8 vertices and 12 outward-wound triangles."""
    x0, y0, z0 = lo
    dx, dy, dz = size
    v = np.array(
        [
            [x0, y0, z0],
            [x0 + dx, y0, z0],
            [x0 + dx, y0 + dy, z0],
            [x0, y0 + dy, z0],
            [x0, y0, z0 + dz],
            [x0 + dx, y0, z0 + dz],
            [x0 + dx, y0 + dy, z0 + dz],
            [x0, y0 + dy, z0 + dz],
        ],
        dtype=np.float64,
    )
    f = np.array(
        [
            [0, 2, 1], [0, 3, 2],  # bottom (z0), facing -z
            [4, 5, 6], [4, 6, 7],  # top, facing +z
            [0, 1, 5], [0, 5, 4],  # y0 side
            [2, 3, 7], [2, 7, 6],  # y1 side
            [1, 2, 6], [1, 6, 5],  # x1 side
            [3, 0, 4], [3, 4, 7],  # x0 side
        ],
        dtype=np.int64,
    )  # fmt: skip
    return v, f


@pytest.fixture(autouse=True)
def _private_library(tmp_path_factory, monkeypatch):
    """Every test gets its own material library: none ever touches the user's data folder."""
    monkeypatch.setenv("OUTSOLE_STUDIO_DATA", str(tmp_path_factory.mktemp("data")))
