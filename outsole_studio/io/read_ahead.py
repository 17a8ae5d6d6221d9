"""A model read and welded in a process of its own while this one imports the analysis.

A command that analyses one model starts cold: before it can measure, its interpreter imports
scipy, shapely and the geometry, 0.3-0.45 s on one core. Reading the file and welding its
triangles need numpy alone (:mod:`~outsole_studio.core.geometry.merged`), so a forked child does
them meanwhile on the other core and hands the merged mesh back: its arrays through an anonymous
memory file (``memfd``) made before the fork, the rest pickled through a pipe. Nothing is named,
so nothing is left behind however either process ends. On a 1.3 M-triangle STL the command's
start to its merged mesh went from 0.66 s to 0.52 s. Once done importing, this process computes
the faces' geometry from a binary STL's own triangles until the child is done, and then touches
the heap the analysis will use.

Linux only (fork, memfd), only while this process runs one thread (a fork copies only the calling
thread), and only for a regular file (a pipe is read once). Whatever goes wrong in the child, a
bad file included, it hands nothing back and the file is read here, meeting the same error as
without it.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import pickle
import select
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.geometry.mesh import BegunGeometry, MergedMesh
    from ..core.geometry.model import LoadedModel
    from ..core.geometry.tolerances import Tolerances

#: What :func:`read_ahead` gives: call it for the model (without its parts), its merged mesh
#: and that mesh's face geometry as far as this process computed it meanwhile (else None); or
#: None when the file is to be read here.
Ahead = Callable[[], "tuple[LoadedModel, MergedMesh, BegunGeometry | None] | None"]

#: What to do while the child is not done yet, given a test of whether it is done.
Meanwhile = Callable[[Callable[[], bool]], object]


def _nothing() -> None:
    return None


def can_read_ahead() -> bool:
    """Whether a child can be forked here: Linux with ``memfd``, and this process one thread."""
    return (
        sys.platform.startswith("linux")
        and hasattr(os, "memfd_create")
        and hasattr(os, "fork")
        and threading.active_count() == 1
    )


def read_ahead(
    path: str | Path,
    tolerances: Tolerances,
    meanwhile: Meanwhile | None = None,
) -> Ahead:
    """Start reading and welding ``path`` in a child process; call the result for
    ``(model, merged, geometry)``, or None where no child could start or it failed.

    Once this process asks for the model, it computes the face geometry of a binary STL from
    the file's triangles while the child welds them, until the child is done
    (:func:`_early_geometry`), then does ``meanwhile``, given a test of whether the child is
    done (to stop early). The errors of both are ignored: they only use the wait.
    """
    if not can_read_ahead() or not Path(path).is_file():
        return _nothing  # a pipe or a device is read once, here
    try:
        block = os.memfd_create("outsole-studio-read-ahead", os.MFD_CLOEXEC)
    except OSError:
        return _nothing
    try:
        readable, writable = os.pipe()
    except OSError:
        os.close(block)
        return _nothing
    try:
        pid = os.fork()
    except OSError:
        for fd in (block, readable, writable):
            os.close(fd)
        return _nothing
    if pid == 0:  # the child: never returns
        code = 1
        try:
            os.close(readable)
            _read_and_weld(str(path), tolerances, block, writable)
            code = 0
        finally:
            os._exit(code)  # no exit handlers, no flush of the parent's buffers
    os.close(writable)
    return lambda: _taken(pid, block, readable, str(path), meanwhile)


def _read_and_weld(path: str, tolerances: Tolerances, block: int, pipe: int) -> None:
    """In the child: the merged mesh's arrays into ``block``, the rest into ``pipe``."""
    from ..core.geometry.chunked import share_cores
    from ..core.geometry.merged import merged_mesh, merged_soup
    from ..core.geometry.model import LoadedModel
    from .meshfile import load_model
    from .pickled import dumps
    from .stl import mapped_triangles

    # One core: the other is the command's, importing. Welding on two threads beside it made
    # three on two cores: 1.3 M triangles, the command 1.349 -> 1.331 s (medians of 12), 60 ms
    # less processor.
    share_cores(1)
    # Mapped: should another program cut the file short meanwhile, only this child dies (of
    # SIGBUS) and the command reads the file itself. A binary STL's triangles are welded where
    # they lie in the map, with no copy of its corners (the child 0.31 -> 0.27 s for 1.3 M
    # triangles); what the command reads of any other file, as it would read it.
    n = _binary_stl_triangles(path)
    if n:
        name = str(Path(path))  # as load_model names the file
        model = LoadedModel(path=name, format="stl", parts=())
        merged = merged_soup(name, mapped_triangles(path, n), tolerances)
    else:
        model = load_model(path, mapped=True)
        merged = merged_mesh(model, tolerances)
    buffers: list[pickle.PickleBuffer] = []
    data = dumps((replace(model, parts=()), merged), buffers)  # numpy's own dtypes come back
    spans = []
    offset = 0
    for buffer in buffers:
        view = buffer.raw()
        _write_all(block, view)
        spans.append((offset, view.nbytes))
        offset += view.nbytes
    _write_all(pipe, memoryview(pickle.dumps((data, spans), 5)))


def _taken(
    pid: int, block: int, pipe: int, path: str, meanwhile: Meanwhile | None
) -> tuple[LoadedModel, MergedMesh, BegunGeometry | None] | None:
    """In the parent: wait for the child and take what it handed back (None: nothing)."""

    def ready() -> bool:
        return bool(select.select([pipe], [], [], 0)[0])

    # Only uses of the wait: whatever they meet, the hand-over goes on.
    geometry = None
    with contextlib.suppress(Exception):
        geometry = _early_geometry(path, ready)
    if meanwhile is not None:
        with contextlib.suppress(Exception):
            meanwhile(ready)
    try:
        chunks = []
        while chunk := os.read(pipe, 1 << 20):
            chunks.append(chunk)
        os.waitpid(pid, 0)
        if not chunks:
            return None
        data, spans = pickle.loads(b"".join(chunks))
        size = sum(n for _, n in spans)
        buffers: list[memoryview] = []
        if size:
            # The arrays are the block's pages, mapped copy-on-write: nothing is copied, and
            # what the analysis writes stays this process's. The mapping lives with them.
            memory = memoryview(mmap.mmap(block, size, flags=mmap.MAP_PRIVATE))
            buffers = [memory[o : o + n] for o, n in spans]
        model, merged = pickle.loads(data, buffers=buffers)
        if geometry is not None and not _same_faces(geometry, merged):
            geometry = None  # the file changed between the two reads, or lost collapsed faces
        return model, merged, geometry
    except Exception:  # noqa: BLE001 - a hand-over cut short (the child killed): read here
        return None
    finally:
        os.close(pipe)
        os.close(block)


def _binary_stl_triangles(path: str) -> int:
    """The triangles of ``path`` where it is a binary STL of exactly its announced size (what
    both processes read in place), else 0."""
    from .stl import binary_triangle_count

    return binary_triangle_count(path) if Path(path).suffix.lower() == ".stl" else 0


def _early_geometry(path: str, ready: Callable[[], bool]) -> BegunGeometry | None:
    """The face geometry of a binary STL, from its triangles read a chunk at a time (no map:
    a file cut short meanwhile is an error here, not a signal), on this thread alone (the
    other core is the child's), until the child is ``ready``; None for other files, or where
    not one chunk was done. It is the geometry the analysis would compute from the welded mesh
    (see :func:`~outsole_studio.core.geometry.mesh.soup_face_geometry`), which computes the
    faces left on all cores."""
    import numpy as np

    from ..core.geometry.chunked import serially
    from ..core.geometry.mesh import soup_face_geometry
    from .stl import binary_triangles

    n = _binary_stl_triangles(path)
    if not n:
        return None
    # Quietly: a file of infinite corners is the child's to refuse, with its own message.
    with Path(path).open("rb") as fh, serially(), np.errstate(all="ignore"):
        fd = fh.fileno()
        begun = soup_face_geometry(n, lambda s: binary_triangles(fd, s), until=ready)
    return begun if begun.rows else None


def _same_faces(begun: BegunGeometry, merged: MergedMesh) -> bool:
    """Whether ``begun`` is the merged mesh's geometry: as many faces, the same origin, and
    every 1,024th face done the same to the last bit (a file rewritten between the child's read
    and this process's, or faces the merge dropped as collapsed, fail it)."""
    import numpy as np

    from ..core.geometry.mesh import bounds, soup_face_geometry

    if begun.geometry.double_area.shape[0] != merged.faces.shape[0]:
        return False
    lo, hi = bounds(merged.vertices)
    rows = np.arange(0, begun.rows, 1024)
    sample = merged.vertices[merged.faces[rows]]
    check = soup_face_geometry(rows.shape[0], lambda s: sample[s], 0.5 * (lo + hi)).geometry
    mine = begun.geometry.select(rows)
    return all(
        np.array_equal(getattr(check, name), getattr(mine, name))
        for name in ("cross", "double_area", "six_volume", "corner_sum", "origin")
    )


def _write_all(fd: int, view: memoryview) -> None:
    """Write every byte of ``view`` to ``fd`` (a write may take only part of it)."""
    view = view.cast("B")
    while view.nbytes:
        written = os.write(fd, view)
        view = view[written:]
