"""The moving view's stand-in: about the wanted size, and within a grid cell of the shape."""

from __future__ import annotations

import numpy as np
import pytest
import trimesh

from outsole_studio.core.geometry.decimate import cluster_decimate
from outsole_studio.core.geometry.mesh import mass_properties
from tests.conftest import box


def test_a_fine_sphere_clusters_to_about_the_target_and_keeps_its_shape():
    sphere = trimesh.creation.icosphere(subdivisions=6, radius=50.0)  # 81,920 faces
    v, f = np.asarray(sphere.vertices), np.asarray(sphere.faces)
    d = cluster_decimate(v, f, 5_000)
    assert 0.75 * 5_000 <= len(d.faces) <= 1.33 * 5_000
    radius = np.linalg.norm(d.vertices_mm, axis=1)
    assert np.abs(radius - 50.0).max() <= d.cell_mm * np.sqrt(3)
    # Every face kept names the face it comes from, and lies near it.
    assert d.source_face.shape == (len(d.faces),)
    near = d.vertices_mm[d.faces].mean(axis=1) - v[f[d.source_face]].mean(axis=1)
    assert np.linalg.norm(near, axis=1).max() <= 2 * d.cell_mm * np.sqrt(3)
    volume = mass_properties(d.vertices_mm, d.faces).volume
    assert volume == pytest.approx(4 / 3 * np.pi * 50.0**3, rel=0.03)


def test_a_mesh_already_small_enough_is_returned_whole():
    v, f = box()
    d = cluster_decimate(v, f, 100)
    assert d.cell_mm == 0.0
    np.testing.assert_array_equal(d.faces, f)
    np.testing.assert_array_equal(d.source_face, np.arange(len(f)))


def test_a_known_area_gives_the_same_stand_in():
    sphere = trimesh.creation.icosphere(subdivisions=6, radius=50.0)
    v, f = np.asarray(sphere.vertices), np.asarray(sphere.faces)
    measured = cluster_decimate(v, f, 5_000)
    given = cluster_decimate(v, f, 5_000, area_mm2=float(sphere.area))
    assert given.cell_mm == pytest.approx(measured.cell_mm, rel=1e-12)
    np.testing.assert_array_equal(given.faces, measured.faces)
