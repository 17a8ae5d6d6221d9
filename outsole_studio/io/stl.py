"""STL, binary and ASCII: a strict reader that checks sizes before it allocates, and a writer."""

from __future__ import annotations

import mmap
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from ..core.errors import MeshFormatError
from ..core.geometry.arrays import FloatArray, IntArray
from ..core.geometry.model import MAX_TRIANGLES, LoadedModel, MeshPart, too_many_triangles
from .atomic import atomic_write_bytes

if TYPE_CHECKING:  # the reader needs numpy alone (io.read_ahead reads in a process of its own)
    from ..core.geometry.analysis import Analysis
    from ..core.production.graded import Sizing

_BINARY_DTYPE = np.dtype(
    [("normal", "<f4", (3,)), ("corners", "<f4", (3, 3)), ("attribute", "<u2")]
)
_HEADER = 84
_RECORD = _BINARY_DTYPE.itemsize  # 50 bytes
_VERTEX_RE = re.compile(rb"vertex\s+(\S+)\s+(\S+)\s+(\S+)")
_SOLID_RE = re.compile(rb"^\s*solid\b", re.IGNORECASE)


def _looks_ascii(head: bytes) -> bool:
    if not _SOLID_RE.match(head):
        return False
    # A binary header may start with "solid" too: ASCII STL is printable text.
    sample = head[:512]
    return all(b in b"\t\n\r" or 32 <= b < 127 for b in sample)


def read_stl(path: str | Path, mapped: bool = False) -> LoadedModel:
    """Read a binary or ASCII STL file.

    Binary files are recognised by their exact size, ``84 + 50 * n`` for the ``n`` the header
    announces; the triangle count is checked against the file size before anything is allocated.

    ``mapped``: read a binary file's corners straight from a memory map of it instead of reading
    the file into memory first (a 1.3 M-triangle file: 60-260 -> 35-45 ms, 64 MB fewer pages
    touched). Only for a process that may die of it: a file cut short by another program while
    it is mapped ends the process with SIGBUS (:mod:`~outsole_studio.io.read_ahead`'s child).

    Raises
    ------
    MeshFormatError
        Empty, truncated, or neither valid binary nor ASCII STL.
    """
    p = Path(path)
    size = p.stat().st_size
    if size == 0:
        raise MeshFormatError("the file is empty; export the model again", str(p))
    with p.open("rb") as fh:
        head = fh.read(1024)
    if size >= _HEADER:
        n = int(np.frombuffer(head[80:84], dtype="<u4")[0])
        expected = _HEADER + _RECORD * n
        if size == expected or (n > 0 and expected < size < expected + _RECORD):
            return _read_binary(p, n, mapped)
    if _looks_ascii(head):
        return _read_ascii(p)
    if size < _HEADER:
        raise MeshFormatError(
            "not an STL file: {size} bytes is too short for a binary STL and it is not ASCII STL",
            str(p),
            size=size,
        )
    if expected > size:
        raise MeshFormatError(
            "truncated binary STL: the header announces {n} triangles ({expected} bytes) but the "
            "file has only {size} bytes; export the model again",
            str(p),
            n=n,
            expected=expected,
            size=size,
        )
    raise MeshFormatError(
        "not a valid STL file: {value} bytes more than the {n} triangles its header announces, "
        "and not ASCII STL",
        str(p),
        value=size - expected,
        n=n,
    )


def binary_triangle_count(path: str | Path) -> int:
    """The triangles of a binary STL whose size is exactly what its header announces, else 0
    (an ASCII STL, another format, a file cut short or padded)."""
    with Path(path).open("rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        head = fh.read(_HEADER)
    if len(head) < _HEADER:
        return 0
    n = int(np.frombuffer(head[80:84], dtype="<u4")[0])
    return n if 0 < n <= MAX_TRIANGLES and size == _HEADER + _RECORD * n else 0


def binary_triangles(fd: int, s: slice) -> FloatArray:
    """The corners of triangles ``s`` of the binary STL open as ``fd``, read at their offset
    (no map, nothing else held): ``(len, 3, 3)`` float32, a view of the records read.

    Raises
    ------
    MeshFormatError
        The file ends before them (cut short since it was measured).
    """
    want = _RECORD * (s.stop - s.start)
    data = os.pread(fd, want, _HEADER + _RECORD * s.start)
    if len(data) != want:
        raise MeshFormatError("truncated binary STL; export the model again")
    return np.frombuffer(data, dtype=_BINARY_DTYPE)["corners"]


def mapped_triangles(path: str | Path, n: int) -> FloatArray:
    """The corners of the ``n`` triangles of a binary STL (:func:`binary_triangle_count`) where
    they lie in a memory map of the file: ``(n, 3, 3)`` float32, read-only, 50-byte strides,
    nothing copied. The map lives as long as the view. Only for a process that may die of it:
    a file cut short by another program meanwhile ends the process with SIGBUS
    (:mod:`~outsole_studio.io.read_ahead`'s child).

    Raises
    ------
    MeshFormatError
        The file is shorter than ``n`` triangles (changed since it was measured).
    """
    return np.asarray(_mapped_records(Path(path), n)["corners"])


def _mapped_records(p: Path, n: int) -> npt.NDArray[np.void]:
    with p.open("rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if size < _HEADER + _RECORD * n:  # changed since it was measured
            raise MeshFormatError("truncated binary STL; export the model again", str(p))
        # Populated at once: the kernel maps the cached pages in one pass, not page by page.
        flags = mmap.MAP_SHARED | getattr(mmap, "MAP_POPULATE", 0)
        whole = mmap.mmap(fh.fileno(), size, flags=flags, prot=mmap.PROT_READ)
    # The array holds the map (closed with it, however the caller's work ends); the file's
    # descriptor is not needed past the mapping.
    return np.frombuffer(whole, dtype=_BINARY_DTYPE, count=n, offset=_HEADER)


def _read_binary(p: Path, n: int, mapped: bool = False) -> LoadedModel:
    if n == 0:
        raise MeshFormatError("the STL file holds no triangles", str(p))
    if n > MAX_TRIANGLES:
        raise too_many_triangles(n, str(p))
    if mapped:
        records = _mapped_records(p, n)
    else:
        records = np.fromfile(p, dtype=_BINARY_DTYPE, count=n, offset=_HEADER)
        if records.shape[0] != n:
            raise MeshFormatError("truncated binary STL; export the model again", str(p))
    # A compact copy of the corners: a view would keep the whole 50-byte records (normals,
    # attributes) alive, or the map open.
    corners = np.ascontiguousarray(records["corners"])
    del records
    part = MeshPart(name="", vertices=corners.reshape(-1, 3))  # a soup: no face indices
    return LoadedModel(path=str(p), format="stl", parts=(part,))


def _read_ascii(p: Path) -> LoadedModel:
    data = p.read_bytes()
    # Each `solid ... endsolid` block is one body-carrying part.
    blocks = re.split(rb"\bendsolid\b[^\n]*", data)
    parts: list[MeshPart] = []
    for block in blocks:
        if not block.strip():
            continue
        name_match = re.search(rb"solid[ \t]*([^\r\n]*)", block)
        name = name_match.group(1).decode("ascii", "replace").strip() if name_match else ""
        coords = _VERTEX_RE.findall(block)
        n_facets = len(re.findall(rb"\bfacet\b", block))
        if len(re.findall(rb"\bvertex\b", block)) != len(coords):
            raise MeshFormatError(
                "malformed ASCII STL: a 'vertex' line does not hold three numbers", str(p)
            )
        if not coords:
            continue
        if len(coords) % 3 or len(coords) != 3 * n_facets:
            raise MeshFormatError(
                "malformed ASCII STL: {len} vertices for {n_facets} facets (each facet needs "
                "exactly 3)",
                str(p),
                len=len(coords),
                n_facets=n_facets,
            )
        try:
            vertices = np.array(coords, dtype=np.float64)
        except ValueError as exc:
            raise MeshFormatError(
                "malformed ASCII STL: a vertex coordinate is not a number ({exc})", str(p), exc=exc
            ) from None
        parts.append(MeshPart(name=name, vertices=vertices))  # a soup
    if not parts:
        raise MeshFormatError("the ASCII STL file holds no triangles", str(p))
    return LoadedModel(path=str(p), format="stl-ascii", parts=tuple(parts))


def stl_bytes(triangles: npt.NDArray[np.floating], header: str = "Outsole Studio") -> bytes:
    """Encode triangles ``(m, 3, 3)`` as a binary STL with computed unit normals."""
    tri = np.asarray(triangles, dtype=np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        normals = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
        length = np.linalg.norm(normals, axis=1, keepdims=True)
        normals = np.divide(normals, length, out=np.zeros_like(normals), where=length > 0)
    records = np.zeros(tri.shape[0], dtype=_BINARY_DTYPE)
    records["normal"] = normals
    records["corners"] = tri
    head = header.encode("ascii", "replace")[:80].ljust(80, b" ")
    return head + np.uint32(tri.shape[0]).tobytes() + records.tobytes()


def write_stl(path: str | Path, triangles: npt.NDArray[np.floating], header: str = "") -> None:
    """Write triangles ``(m, 3, 3)`` as a binary STL, atomically."""
    atomic_write_bytes(Path(path), stl_bytes(triangles, header or "Outsole Studio"))


def write_graded_meshes(
    analysis: Analysis, sizing: Sizing, folder: Path, stem: str, both_feet: bool, title: str
) -> list[Path]:
    """Write the outsole at every size of the run as binary STL, in mm.

    One file per size for the model's foot, ``<stem>-<size>-R.stl`` (``-L``; no letter when the
    foot is not known); with ``both_feet`` also the mirrored other foot (``-mirrored`` when the
    model's foot is not known). ``title`` goes in each file's header with the size and foot.
    """
    from ..core.production.grading import graded_vertices, mirrored

    other = {"right": "left", "left": "right"}
    written = []
    for g in sizing.graded:
        v = graded_vertices(analysis.vertices_mm, g.length_factor, g.width_factor)
        tag = g.size.label.replace(" ", "")
        feet: list[tuple[str, FloatArray, IntArray]] = [(sizing.foot or "", v, analysis.faces)]
        if both_feet:
            mv, mf = mirrored(v, analysis.faces)
            feet.append((other[sizing.foot] if sizing.foot else "mirrored", mv, mf))
        for foot, verts, faces in feet:
            suffix = {"": "", "mirrored": "-mirrored"}.get(foot, f"-{foot[:1].upper()}")
            path = folder / f"{stem}-{tag}{suffix}.stl"
            write_stl(path, verts[faces], header=f"Outsole Studio {title} {g.size.label} {foot}")
            written.append(path)
    return written
