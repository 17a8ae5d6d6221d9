"""Chunked, multi-threaded passes give exactly the answers of one-piece computation."""

from __future__ import annotations

import os
import signal
import time

import manifold3d
import numpy as np
import pytest
import trimesh

from outsole_studio.core.geometry import chunked
from outsole_studio.core.geometry.analyzer import analyze_model
from outsole_studio.core.geometry.mesh import face_geometry, face_normals, weld
from tests.conftest import as_model
from tests.shapes import lugged_sole, rotation


def test_map_chunks_covers_the_range_in_order():
    seen = chunked.map_chunks(lambda s: (s.start, s.stop), 10, chunk=3)
    assert seen == [(0, 3), (3, 6), (6, 9), (9, 10)]
    assert chunked.map_chunks(lambda s: s.stop - s.start, 0) == []


def test_nested_map_chunks_runs_serially_without_deadlock():
    def outer(s):
        return sum(chunked.map_chunks(lambda t: t.stop - t.start, 40, chunk=2))

    assert chunked.map_chunks(outer, 80, chunk=10) == [40] * 8


def test_map_items_in_order_on_the_pool_and_serial_inside_a_chunk():
    import threading

    def where(item):
        return item * 2, threading.current_thread().name

    got = chunked.map_items(where, [3, 1, 2])
    assert [v for v, _ in got] == [6, 2, 4]
    if chunked.workers() > 1:
        assert all(name.startswith("outsole-chunk") for _, name in got)
    # Called from inside pooled work it runs in the calling thread (no waiting on its own pool).
    inner = chunked.map_items(lambda i: chunked.map_items(where, [i, i + 1]), [0, 10])
    assert [[v for v, _ in r] for r in inner] == [[0, 2], [20, 22]]
    assert all(len({name for _, name in r}) == 1 for r in inner)  # each pair in one thread
    assert chunked.map_items(where, []) == []


def test_work_started_serially_stays_on_the_calling_thread(monkeypatch):
    import threading

    monkeypatch.setattr(chunked, "workers", lambda: 2)
    me = threading.current_thread().name

    def name(_: object) -> str:
        return threading.current_thread().name

    with chunked.serially():
        assert set(chunked.map_chunks(name, 100, chunk=10)) == {me}
        assert set(chunked.map_items(name, [1, 2, 3])) == {me}
        with chunked.serially():  # nested: still here after the inner one ends
            pass
        assert set(chunked.map_chunks(name, 100, chunk=10)) == {me}
    # Afterwards the pool again.
    assert me not in set(chunked.map_chunks(name, 100, chunk=10))


def test_work_begun_beside_runs_on_its_own_thread_or_when_asked(monkeypatch):
    import threading

    calls: list[str] = []

    def work(x):
        calls.append(threading.current_thread().name)
        return x + 1

    monkeypatch.setattr(chunked, "workers", lambda: 2)  # two cores' share
    with chunked.beside() as thread:
        assert thread is not None
        result = chunked.begun(thread, work, 1)
        assert result() == 2 and result() == 2
    assert len(calls) == 1 and calls[0].startswith("outsole-beside")
    # One core's share (a batch's worker): no thread; the work is done when asked for, here,
    # once however often asked (as a future), and not at all if never asked.
    calls.clear()
    monkeypatch.setattr(chunked, "workers", lambda: 1)
    with chunked.beside() as thread:
        assert thread is None
        chunked.begun(thread, work, 5)  # never asked for
        asked = chunked.begun(thread, work, 2)
        assert calls == []
        assert asked() == 3 and asked() == 3
    assert calls == [threading.current_thread().name]


def test_work_side_by_side_keeps_its_chunks_on_its_own_thread(monkeypatch):
    import threading

    monkeypatch.setattr(chunked, "workers", lambda: 2)
    me = threading.current_thread().name

    def names(_: object) -> str:
        return threading.current_thread().name

    caller_done, work_mapped = threading.Event(), threading.Event()

    def work() -> tuple[str, set[str], set[str]]:
        here = threading.current_thread().name
        beside_caller = set(chunked.map_chunks(names, 100, chunk=10))
        work_mapped.set()
        caller_done.wait(5)
        deadline = time.monotonic() + 5
        while chunked._side_by_side[0] > 0 and time.monotonic() < deadline:
            time.sleep(0.001)  # until the caller waits for this work
        alone = set(chunked.map_chunks(names, 100, chunk=10))
        return here, beside_caller, alone

    with chunked.beside() as thread:
        result = chunked.begun(thread, work)
        caller = set(chunked.map_chunks(names, 100, chunk=10))  # the work runs meanwhile
        assert work_mapped.wait(5)  # and the caller's work lasts until the work's chunks ran
        caller_done.set()
        here, beside_caller, alone = result()
    # Side by side, each piece's chunks ran on its own thread ...
    assert caller == {me} and beside_caller == {here}
    # ... and the work had the pool once the caller waited for it, as the caller has it after.
    after = chunked.map_chunks(names, 100, chunk=10)
    assert all(name.startswith("outsole-chunk") for name in [*alone, *after])
    assert chunked._side_by_side[0] == 0


def test_items_left_go_to_the_pool_once_the_work_beside_is_alone(monkeypatch):
    import threading

    monkeypatch.setattr(chunked, "workers", lambda: 2)

    begun_first = threading.Event()

    def where(item: int) -> str:
        if item == 0:  # the first item outlasts the caller's own work: it now waits
            begun_first.set()
            deadline = time.monotonic() + 5
            while chunked._side_by_side[0] > 0 and time.monotonic() < deadline:
                time.sleep(0.001)
        return threading.current_thread().name

    with chunked.beside() as thread:
        result = chunked.begun(thread, lambda: chunked.map_items(where, [0, 1, 2, 3]))
        assert begun_first.wait(5)  # the caller's own work lasts until the first item began
        names = result()
    assert names[0].startswith("outsole-beside")  # begun beside the caller: done in turn
    assert all(name.startswith("outsole-chunk") for name in names[1:])


def test_errors_in_a_chunk_propagate():
    def boom(s):
        if s.start == 20:
            raise ValueError("chunk failed")
        return s.start

    with pytest.raises(ValueError, match="chunk failed"):
        chunked.map_chunks(boom, 100, chunk=10)


@pytest.fixture(scope="module")
def fine_sole():
    """The reference sole subdivided to ~190 k triangles: every chunked path runs in parallel."""
    v, f, truth = lugged_sole()
    solid = manifold3d.Manifold(
        manifold3d.Mesh(vert_properties=v.astype(np.float32), tri_verts=f.astype(np.uint32))
    )
    mesh = solid.refine(8).to_mesh64()
    return np.asarray(mesh.vert_properties)[:, :3], np.asarray(mesh.tri_verts, np.int64), truth


def test_chunked_geometry_matches_plain_numpy(fine_sole):
    v, f, _ = fine_sole
    assert f.shape[0] > 4 * chunked.CHUNK_ROWS
    g = face_geometry(v, f)
    tri = v[f] - g.origin
    cross = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    np.testing.assert_allclose(g.cross, cross, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(g.double_area, np.linalg.norm(cross, axis=1), rtol=1e-12)
    six = np.einsum("ij,ij->i", tri[:, 0], np.cross(tri[:, 1], tri[:, 2]))
    np.testing.assert_allclose(g.six_volume, six, rtol=1e-9, atol=1e-6)
    # The normals alone (the draft's) are the same values to the last bit.
    normals, double_area = face_normals(v, f)
    assert np.array_equal(normals, g.cross) and np.array_equal(double_area, g.double_area)


def test_weld_of_a_large_soup_is_exact(fine_sole):
    v, f, _ = fine_sole
    soup = v[f].astype(np.float32)
    vertices, faces = weld(soup)
    np.testing.assert_array_equal(vertices[faces], soup)
    assert vertices.shape[0] == np.unique(soup.reshape(-1, 3), axis=0).shape[0]


def test_large_posed_sole_measures_like_the_truth(fine_sole):
    v, f, truth = fine_sole
    R = rotation("z", 140) @ rotation("x", 180)
    a = analyze_model(as_model((v @ R.T) / 25.4, f))
    assert a.units.used == "in"
    assert a.pose.flipped and a.health.watertight and a.health.bodies == 1
    assert a.dimensions.length_mm == pytest.approx(truth.length_mm, rel=1e-6)
    # The fixture went through float32: exact against its own double-precision sums, and
    # against the polygon truth to float32 rounding.
    ref = trimesh.Trimesh(v, f, process=False)
    assert a.volume_cm3 * 1000 == pytest.approx(ref.volume, rel=1e-9)
    assert a.surface_area_cm2 * 100 == pytest.approx(ref.area, rel=1e-9)
    assert a.volume_cm3 == pytest.approx(truth.volume_mm3 / 1000, rel=1e-6)
    assert a.footprint.area_mm2 == pytest.approx(truth.outline_area_mm2, rel=1e-3)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_a_forked_child_runs_pooled_work_on_a_pool_of_its_own():
    chunked.map_items(lambda i: i, [1, 2, 3])  # the parent's pool exists
    pid = os.fork()
    if pid == 0:  # the child: its parent's pool threads are not here
        ok = chunked.map_items(lambda i: i * 2, [1, 2, 3]) == [2, 4, 6]
        os._exit(0 if ok else 1)
    deadline = time.monotonic() + 20
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            pytest.fail("the forked child waited on its parent's pool")
        time.sleep(0.01)
    assert os.WEXITSTATUS(status) == 0
