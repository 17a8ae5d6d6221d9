"""Open any supported mesh file: choose the reader by extension, turn failures into clear errors."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np

from ..core.errors import MeshFormatError, OutsoleError, UnsupportedFormatError
from ..core.geometry.model import MAX_TRIANGLES, LoadedModel, MeshPart, too_many_triangles
from ..core.messages import Message
from .stl import read_stl

SUPPORTED_EXTENSIONS: dict[str, str] = {
    ".stl": "stl",
    ".obj": "obj",
    ".ply": "ply",
    ".off": "off",
    ".glb": "glb",
    ".gltf": "gltf",
    ".3mf": "3mf",
}
"""File extensions Outsole Studio reads, and the format each names."""


def load_model(path: str | Path, mapped: bool = False) -> LoadedModel:
    """Read a mesh file into its parts.

    Parameters
    ----------
    path : str or Path
        STL (binary or ASCII), OBJ, PLY, OFF, GLB/glTF or 3MF.
    mapped : bool
        A binary STL read through a memory map (see :func:`~.stl.read_stl`): only in a process
        that may die of a file cut short while it is read.

    Raises
    ------
    OutsoleError
        Missing path, a folder, an unknown extension, or a file its reader rejects. The error
        carries the path and a message fit for the user.
    """
    p = Path(path)
    if not p.exists():
        raise OutsoleError("no such file; check the path", str(p))
    if p.is_dir():
        raise OutsoleError("is a folder, not a mesh file; give the model file inside it", str(p))
    ext = p.suffix.lower()
    if ext not in SUPPORTED_EXTENSIONS:
        known = ", ".join(e.lstrip(".").upper() for e in SUPPORTED_EXTENSIONS)
        raise UnsupportedFormatError(
            "unknown file type '{value}'; Outsole Studio reads {known}",
            str(p),
            value=p.suffix or "(none)",
            known=known,
        )
    try:
        if p.stat().st_size == 0:
            raise MeshFormatError("the file is empty; export the model again", str(p))
        fmt = SUPPORTED_EXTENSIONS[ext]
        if fmt == "stl":
            model = read_stl(p, mapped)
        elif fmt == "3mf":
            from .threemf import read_3mf  # here: zipfile and the XML parser cost 10 ms

            model = read_3mf(p)
        else:
            model = _read_with_trimesh(p, fmt)
        if model.face_count > MAX_TRIANGLES:
            raise too_many_triangles(model.face_count, str(p))
        return model
    except PermissionError:
        raise OutsoleError("cannot be read: permission denied", str(p)) from None
    except OutsoleError as exc:
        raise exc.at(str(p)) from exc


def _check_declared_counts(p: Path, fmt: str) -> None:
    """Reject a PLY/OFF header whose element counts the file cannot hold, before parsing."""
    size = p.stat().st_size
    with p.open("rb") as fh:
        head = fh.read(4096)
    if fmt == "ply":
        if not head.startswith(b"ply"):
            raise MeshFormatError("not a PLY file: it does not start with 'ply'", str(p))
        binary = b"binary_" in head.split(b"end_header")[0]
        for name, count in re.findall(rb"element\s+(\w+)\s+(\d+)", head):
            n = int(count)
            # At least one byte (binary) or two characters (ASCII: a value and a separator) each.
            if n > size:
                raise MeshFormatError(
                    "malformed PLY: the header announces {n} {decode} elements but the file has "
                    "only {size} bytes{value}",
                    str(p),
                    n=n,
                    decode=name.decode(),
                    size=size,
                    value=" (binary)" if binary else "",
                )
    elif fmt == "off":
        tokens = re.sub(rb"#[^\n]*", b"", head).split()
        if tokens and tokens[0].upper().endswith(b"OFF"):
            tokens = tokens[1:]
        try:
            nv, nf = int(tokens[0]), int(tokens[1])
        except (IndexError, ValueError):
            raise MeshFormatError(
                "malformed OFF: the header has no vertex and face counts", str(p)
            ) from None
        if nv < 0 or nf < 0 or 6 * (nv + nf) > size + 6:
            raise MeshFormatError(
                "malformed OFF: the header announces {nv} vertices and {nf} faces, more than the "
                "{size}-byte file can hold",
                str(p),
                nv=nv,
                nf=nf,
                size=size,
            )


def _read_with_trimesh(p: Path, fmt: str) -> LoadedModel:
    import trimesh  # imported here: the STL and 3MF paths never need it

    if fmt in ("ply", "off"):
        _check_declared_counts(p, fmt)
    elif fmt in ("glb", "gltf"):
        from .gltf import check_gltf

        check_gltf(p, fmt)
    kwargs: dict[str, Any] = {"process": False}
    if fmt == "obj":
        kwargs.update(split_object=True, group_material=False, maintain_order=True)
    try:
        loaded = trimesh.load(str(p), file_type=fmt, **kwargs)
    except OutsoleError:
        raise
    except MemoryError:
        raise MeshFormatError("malformed file: it claims more data than it holds", str(p)) from None
    except Exception as exc:  # noqa: BLE001 - third-party parsers raise anything on bad bytes
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise MeshFormatError(
            "malformed {upper} file ({reason}); check the export settings and export it again",
            str(p),
            upper=fmt.upper(),
            reason=reason[:160],
        ) from None

    geoms = loaded.dump(concatenate=False) if isinstance(loaded, trimesh.Scene) else [loaded]
    parts: list[MeshPart] = []
    for i, g in enumerate(geoms):
        if not isinstance(g, trimesh.Trimesh):
            continue  # point clouds and paths carry no solid
        try:
            faces = np.asarray(g.faces, dtype=np.int64).reshape(-1, 3)
            vertices = np.asarray(g.vertices, dtype=np.float64).reshape(-1, 3)
        except (ValueError, TypeError):  # a row of two numbers, a face of text...
            raise MeshFormatError(
                "malformed {upper} file: its vertices or faces do not come in threes",
                str(p),
                upper=fmt.upper(),
            ) from None
        if faces.size == 0:
            continue
        if faces.min() < 0 or faces.max() >= vertices.shape[0]:
            raise MeshFormatError(
                "malformed {upper} file: a face indexes a missing vertex", str(p), upper=fmt.upper()
            )
        name = str(g.metadata.get("name", "")) if g.metadata else ""
        parts.append(MeshPart(name=name or f"mesh {i + 1}", vertices=vertices, faces=faces))
    if not parts:
        raise MeshFormatError("the {upper} file holds no triangles", str(p), upper=fmt.upper())
    hint: str | None = None
    hint_source: Message | None = None
    if fmt in ("glb", "gltf"):
        hint = "m"
        hint_source = Message("glTF is always in metres")
    return LoadedModel(
        path=str(p), format=fmt, parts=tuple(parts), unit_hint=hint, unit_hint_source=hint_source
    )
