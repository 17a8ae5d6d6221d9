"""A model read and welded ahead in a forked child gives what reading it here gives, bit for bit;
a bad file or a busy process falls back to reading here; nothing is left behind."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import trimesh

from outsole_studio.core.geometry.model import MeshPart
from outsole_studio.io.stl import write_stl
from outsole_studio.io.threemf import write_3mf

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork and memfd")

#: Run in a fresh interpreter (one thread, as the command line when it reads ahead): the merged
#: mesh read ahead against the one read here, and what the process holds after.
CHECK = """
import hashlib, json, os, sys
import numpy as np
from outsole_studio.core.geometry.merged import merged_mesh
from outsole_studio.core.geometry.tolerances import DEFAULT_TOLERANCES
from outsole_studio.io.meshfile import load_model
from outsole_studio.io.read_ahead import can_read_ahead, read_ahead

def fds():
    return sorted(os.listdir("/proc/self/fd"))

before = fds()
forked = can_read_ahead()
ahead = read_ahead(sys.argv[1], DEFAULT_TOLERANCES)()
try:
    os.waitpid(-1, os.WNOHANG)
    children = 1  # a child not waited for
except ChildProcessError:
    children = 0
out = {"forked": forked, "got": ahead is not None, "children": children}
if ahead is not None:
    model, merged, geometry = ahead
    here = load_model(sys.argv[1])
    mine = merged_mesh(here, DEFAULT_TOLERANCES)
    if geometry is None:
        out["geometry"] = None
    else:  # computed from the file's triangles meanwhile: the merged mesh's, bit for bit
        from outsole_studio.core.geometry.mesh import face_geometry
        truth = face_geometry(mine.vertices, mine.faces)
        done = geometry.rows
        out["geometry"] = done > 0 and all(
            np.array_equal(getattr(geometry.geometry, k)[:done], getattr(truth, k)[:done])
            for k in ("cross", "double_area", "six_volume", "corner_sum")
        ) and np.array_equal(geometry.geometry.origin, truth.origin)
        del truth
    out["parts_left_out"] = model.parts == ()
    out["same_file"] = (model.path, model.format, model.unit_hint) == (
        here.path, here.format, here.unit_hint)
    out["same_mesh"] = all(np.array_equal(getattr(merged, k), getattr(mine, k)) and
                           getattr(merged, k).dtype == getattr(mine, k).dtype
                           for k in ("vertices", "faces", "part_of_face"))
    out["collapsed"] = merged.collapsed == mine.collapsed
    out["own_dtypes"] = all(getattr(merged, k).dtype is np.dtype(getattr(merged, k).dtype.str)
                            for k in ("vertices", "faces", "part_of_face"))
    merged.vertices[0, 0] += 1.0  # the arrays are this process's to write
    del model, merged, mine, here, geometry
del ahead  # the mapping (and the descriptor it holds) goes with the arrays
out["fds_same"] = fds() == before
print(json.dumps(out))
"""


BUSY = "threading.Thread(target=time.sleep, args=(3,), daemon=True).start()"


def _check(path: Path, busy: bool = False) -> dict[str, object]:
    code = CHECK
    if busy:  # another thread running: no fork
        code = f"import threading, time\n{BUSY}\n{code}"
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                          text=True, check=True)  # fmt: skip
    assert done.stderr == ""
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_an_stl_read_ahead_is_the_same_mesh_and_leaves_nothing(tmp_path, sole):
    v, f, _ = sole
    path = tmp_path / "sole.stl"
    write_stl(path, v[f])
    got = _check(path)
    assert got == {"forked": True, "got": True, "fds_same": True, "children": 0,
                   "parts_left_out": True, "same_file": True, "same_mesh": True,
                   "collapsed": True, "own_dtypes": True, "geometry": True}  # fmt: skip


def test_a_model_of_several_parts_and_a_unit_read_ahead(tmp_path, sole):
    v, f, truth = sole
    path = tmp_path / "two.3mf"
    parts = [MeshPart("a", v, f), MeshPart("b", v + [0.0, 0.0, truth.height_mm], f)]
    write_3mf(path, parts, unit="centimeter")
    got = _check(path)
    assert got["got"] and got["same_mesh"] and got["same_file"] and got["fds_same"]
    assert got["geometry"] is None  # computed meanwhile for a binary STL only


def test_a_bad_file_gives_nothing_and_is_read_here(tmp_path):
    path = tmp_path / "flat.obj"
    trimesh.Trimesh([[0, 0, 0], [1, 0, 0], [0, 1, 0], [1, 1, 0]], [[0, 1, 2], [1, 3, 2]]).export(
        path
    )
    got = _check(path)
    assert got == {"forked": True, "got": False, "fds_same": True, "children": 0}
    missing = _check(tmp_path / "missing.stl")
    assert missing["got"] is False and missing["fds_same"]
    assert _check(tmp_path)["got"] is False  # not a regular file: read here


def test_a_process_with_threads_reads_here(tmp_path, sole):
    v, f, _ = sole
    path = tmp_path / "sole.stl"
    write_stl(path, v[f])
    assert _check(path, busy=True) == {"forked": False, "got": False, "fds_same": True,
                                       "children": 0}  # fmt: skip


MEANWHILE = """
import json, sys, time
from outsole_studio.core.geometry.tolerances import DEFAULT_TOLERANCES
from outsole_studio.io.read_ahead import read_ahead

seen = []

def wait(ready):
    # Until the child is done: its answer is on the way, so readiness comes.
    end = time.monotonic() + 20
    while not ready() and time.monotonic() < end:
        time.sleep(0.001)
    seen.append(ready())
    if sys.argv[2] == "raise":
        raise MemoryError("what the wait was used for failed")

got = read_ahead(sys.argv[1], DEFAULT_TOLERANCES, wait)()
print(json.dumps({"seen": seen, "faces": None if got is None else int(got[1].faces.shape[0])}))
"""


@pytest.mark.parametrize("how", ["return", "raise"])
def test_the_wait_for_the_child_is_used_and_ends_when_it_is_done(tmp_path, sole, how):
    v, f, _ = sole
    path = tmp_path / "sole.stl"
    write_stl(path, v[f])
    done = subprocess.run([sys.executable, "-c", MEANWHILE, str(path), how],
                          capture_output=True, text=True, check=True)  # fmt: skip
    # Told the child was done, and the model handed over all the same.
    assert json.loads(done.stdout) == {"seen": [True], "faces": f.shape[0]}


def test_the_command_reads_one_file_ahead_with_the_same_answer(tmp_path, sole):
    v, f, _ = sole
    path = tmp_path / "sole.stl"
    write_stl(path, v[f])

    def analyse(*extra: str) -> dict[str, object]:
        command = [sys.executable, "-m", "outsole_studio", "analyze", "--json", *extra, str(path)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        result: dict[str, object] = json.loads(done.stdout)
        return result

    # --debug reads the file here: the same document either way.
    assert analyse() == analyse("--debug")
    assert np.isfinite(analyse()["volume_cm3"])  # type: ignore[arg-type]


def test_geometry_of_another_mesh_is_not_taken(sole):
    """The geometry computed meanwhile is used only where it is the merged mesh's: a file
    rewritten between the two reads, or faces the merge dropped, leave it unused."""
    from outsole_studio.core.geometry.merged import merged_mesh
    from outsole_studio.core.geometry.mesh import BegunGeometry, face_geometry
    from outsole_studio.core.geometry.model import LoadedModel
    from outsole_studio.core.geometry.tolerances import DEFAULT_TOLERANCES
    from outsole_studio.io.read_ahead import _same_faces

    v, f, _ = sole
    soup = MeshPart("", v[f].reshape(-1, 3))
    merged = merged_mesh(LoadedModel("sole.stl", "stl", (soup,)), DEFAULT_TOLERANCES)
    m = merged.faces.shape[0]

    def begun(vertices: np.ndarray, rows: int = m) -> BegunGeometry:
        return BegunGeometry(face_geometry(vertices, merged.faces), rows)

    own = begun(merged.vertices)
    assert _same_faces(own, merged) and _same_faces(begun(merged.vertices, 2049), merged)
    moved = begun(merged.vertices + [0.0, 0.0, 1e-3])
    assert not _same_faces(moved, merged)  # the same faces, another origin
    nudged = merged.vertices.copy()
    nudged[merged.faces[1024 * 2, 0]] += 1e-9  # one sampled face's corner, bounds unchanged
    assert not _same_faces(begun(nudged), merged)
    assert _same_faces(begun(nudged, 2048), merged)  # that face not done yet: not compared
    fewer = BegunGeometry(own.geometry.select(np.arange(m - 1)), m - 1)
    assert not _same_faces(fewer, merged)
