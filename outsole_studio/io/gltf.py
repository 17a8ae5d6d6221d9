"""glTF and GLB: check a document's structure, and the work it implies, before it is read.

trimesh reads the triangles; this module reads only the JSON first, so that a file whose node
graph has a cycle or thousands of levels, whose accessors claim more data than their buffers
hold, whose buffer file is missing, or which would instance more triangles than a model may have
is refused with a line naming the problem, before any mesh is built.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..core.errors import MeshFormatError
from ..core.geometry.model import MAX_TRIANGLES, too_many_triangles

_MAX_NODES = 10_000  # a shoe assembly has tens; a sole one
_MAX_DEPTH = 64  # levels of nodes within nodes
_MAX_JSON_BYTES = 256 << 20  # the JSON chunk of a GLB, or a .gltf with its buffers embedded
_COMPONENT_BYTES = {5120: 1, 5121: 1, 5122: 2, 5123: 2, 5125: 4, 5126: 4}
_TYPE_SIZE = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4, "MAT2": 4, "MAT3": 9, "MAT4": 16}


def check_gltf(path: Path, fmt: str) -> None:
    """Refuse a glTF/GLB whose structure is broken or implies runaway work.

    Parameters
    ----------
    path : Path
    fmt : {"glb", "gltf"}

    Raises
    ------
    MeshFormatError
        Naming the problem: the container, the JSON, a node cycle or depth, too many nodes or
        instanced triangles, an accessor or buffer view past its buffer, a missing buffer file.
    """
    doc = _document(path, fmt)
    if not isinstance(doc, dict):
        raise MeshFormatError("malformed glTF: the document is not a JSON object", str(path))
    nodes = _list(doc, "nodes")
    if len(nodes) > _MAX_NODES:
        raise MeshFormatError(
            "malformed glTF: {count} nodes, more than the {limit} a model may have",
            str(path),
            count=format(len(nodes), ","),
            limit=format(_MAX_NODES, ","),
        )
    _check_buffers(doc, path)
    instances = _mesh_instances(doc, nodes, path)
    meshes = _list(doc, "meshes")
    counts: dict[int, int] = {}
    for m in instances:
        if not 0 <= m < len(meshes):
            raise MeshFormatError(
                "malformed glTF: a node refers to mesh {value}, which does not exist",
                str(path),
                value=m,
            )
        if m not in counts:
            counts[m] = _mesh_triangles(doc, meshes[m], path)
    # At most _MAX_NODES instances of meshes each under MAX_TRIANGLES: the sum is exact and cheap.
    total = sum(counts[m] for m in instances)
    if total > MAX_TRIANGLES:
        raise too_many_triangles(total, str(path))


def _document(path: Path, fmt: str) -> Any:
    size = path.stat().st_size
    with path.open("rb") as fh:
        if fmt == "glb":
            head = fh.read(20)
            if len(head) < 20 or head[:4] != b"glTF":
                raise MeshFormatError("not a GLB file: it does not start with 'glTF'", str(path))
            length, kind = struct.unpack_from("<I4s", head, 12)
            if kind != b"JSON" or length > size - 20 or length > _MAX_JSON_BYTES:
                raise MeshFormatError(
                    "malformed GLB: its JSON chunk claims {length} bytes; the file has {size}",
                    str(path),
                    length=format(length, ","),
                    size=format(size, ","),
                )
            data = fh.read(length)
        else:
            if size > _MAX_JSON_BYTES:
                raise MeshFormatError(
                    "the glTF file is {size} bytes, more than Outsole Studio reads",
                    str(path),
                    size=format(size, ","),
                )
            data = fh.read()
    try:
        return json.loads(data)
    except RecursionError:
        raise MeshFormatError("malformed glTF: its JSON nests too deeply", str(path)) from None
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
        raise MeshFormatError(
            "malformed glTF: its JSON is not valid ({reason})", str(path), reason=str(exc)[:120]
        ) from None


def _list(doc: dict[str, Any], key: str) -> list[Any]:
    value = doc.get(key, [])
    return value if isinstance(value, list) else []


def _index(value: Any, length: int) -> int | None:
    """``value`` as an index into a list of ``length``, or None when it is not one."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < length:
        return value
    return None


def _mesh_instances(doc: dict[str, Any], nodes: list[Any], path: Path) -> list[int]:
    """The mesh of every node the scene draws, walking the node trees without recursion."""
    parent: dict[int, int] = {}
    for i, node in enumerate(nodes):
        if not isinstance(node, dict):
            raise MeshFormatError(
                "malformed glTF: node {value} is not an object", str(path), value=i
            )
        for child in node.get("children", []) if isinstance(node.get("children"), list) else []:
            c = _index(child, len(nodes))
            if c is None:
                raise MeshFormatError(
                    "malformed glTF: node {value} has a child that does not exist",
                    str(path),
                    value=i,
                )
            if c in parent or c == i:
                raise MeshFormatError(
                    "malformed glTF: node {value} has more than one parent (glTF nodes form trees)",
                    str(path),
                    value=c,
                )
            parent[c] = i
    scenes = _list(doc, "scenes")
    chosen = _index(doc.get("scene", 0), len(scenes))
    roots: list[int] = [i for i in range(len(nodes)) if i not in parent]
    if chosen is not None and isinstance(scenes[chosen], dict):
        listed = scenes[chosen].get("nodes", [])
        if isinstance(listed, list):
            roots = [r for r in (_index(n, len(nodes)) for n in listed) if r is not None]
    meshes: list[int] = []
    seen: set[int] = set()
    stack = [(r, 0) for r in roots]
    while stack:
        i, depth = stack.pop()
        if i in seen:
            raise MeshFormatError(
                "malformed glTF: node {value} is drawn twice (the nodes form a cycle)",
                str(path),
                value=i,
            )
        if depth > _MAX_DEPTH:
            raise MeshFormatError(
                "malformed glTF: nodes nest more than {limit} levels deep",
                str(path),
                limit=_MAX_DEPTH,
            )
        seen.add(i)
        node = nodes[i]
        mesh = node.get("mesh")
        if mesh is not None:
            if _index(mesh, 1 << 31) is None:
                raise MeshFormatError(
                    "malformed glTF: node {value} refers to a mesh that does not exist",
                    str(path),
                    value=i,
                )
            meshes.append(mesh)
        children = node.get("children")
        if isinstance(children, list):  # each checked above as an index of an existing node
            stack.extend((c, depth + 1) for c in children)
    if len(seen) < len(nodes) and len(parent) == len(nodes):
        raise MeshFormatError(
            "malformed glTF: every node has a parent (the nodes form a cycle)", str(path)
        )
    return meshes


def _mesh_triangles(doc: dict[str, Any], mesh: Any, path: Path) -> int:
    """Triangles one instance of a mesh makes, from its accessors' counts."""
    accessors = _list(doc, "accessors")
    total = 0
    prims = mesh.get("primitives", []) if isinstance(mesh, dict) else []
    for prim in prims if isinstance(prims, list) else []:
        if not isinstance(prim, dict):
            continue
        attrs = prim.get("attributes", {})
        # Every accessor the primitive reads must fit its buffer view, not only the counted one.
        named = list(attrs.values()) if isinstance(attrs, dict) else []
        for ref in [*named, prim.get("indices")]:
            if ref is not None:
                checked = _index(ref, len(accessors))
                if checked is None:
                    raise MeshFormatError(
                        "malformed glTF: a mesh refers to an accessor that does not exist",
                        str(path),
                    )
                _accessor_count(doc, checked, path)
        which = prim.get("indices")
        if which is None:
            which = attrs.get("POSITION") if isinstance(attrs, dict) else None
        a = _index(which, len(accessors))
        if a is None:
            raise MeshFormatError(
                "malformed glTF: a mesh refers to an accessor that does not exist", str(path)
            )
        count = _accessor_count(doc, a, path)
        mode = prim.get("mode", 4)
        if mode == 4:
            total += count // 3
        elif mode in (5, 6):
            total += max(count - 2, 0)
    return total


def _accessor_count(doc: dict[str, Any], a: int, path: Path) -> int:
    """An accessor's element count, checked against the buffer view it reads."""
    acc = _list(doc, "accessors")[a]
    count = acc.get("count") if isinstance(acc, dict) else None
    if _index(count, MAX_TRIANGLES * 3 + 1) is None:
        raise MeshFormatError(
            "malformed glTF: accessor {value} has a count of {count}, not a number of elements "
            "it can hold",
            str(path),
            value=a,
            count=str(count)[:40],
        )
    assert isinstance(count, int)
    view = _index(acc.get("bufferView"), len(_list(doc, "bufferViews")))
    width = _COMPONENT_BYTES.get(acc.get("componentType", 0), 0) * _TYPE_SIZE.get(
        acc.get("type", ""), 0
    )
    if view is not None and width:
        bv = _list(doc, "bufferViews")[view]
        length = bv.get("byteLength", 0) if isinstance(bv, dict) else 0
        offset = acc.get("byteOffset", 0)
        stride = bv.get("byteStride", width) if isinstance(bv, dict) else width
        if not all(isinstance(x, int) for x in (length, offset, stride)):
            raise MeshFormatError(
                "malformed glTF: buffer view {value} has a length that is not a number",
                str(path),
                value=view,
            )
        need = offset + (count - 1) * max(stride, width) + width if count else 0
        if need > length:
            raise MeshFormatError(
                "malformed glTF: accessor {value} claims {need} bytes but its buffer view holds "
                "{length}",
                str(path),
                value=a,
                need=format(need, ","),
                length=format(length, ","),
            )
    return count


def _check_buffers(doc: dict[str, Any], path: Path) -> None:
    """Buffer views inside their buffers; external buffer files present beside the model."""
    buffers = _list(doc, "buffers")
    for i, view in enumerate(_list(doc, "bufferViews")):
        b = _index(view.get("buffer") if isinstance(view, dict) else None, len(buffers))
        if b is None:
            raise MeshFormatError(
                "malformed glTF: buffer view {value} refers to a buffer that does not exist",
                str(path),
                value=i,
            )
        offset, length = view.get("byteOffset", 0), view.get("byteLength", 0)
        total = buffers[b].get("byteLength", 0) if isinstance(buffers[b], dict) else 0
        ints = all(isinstance(x, int) and x >= 0 for x in (offset, length, total))
        if not ints or offset + length > total:
            raise MeshFormatError(
                "malformed glTF: buffer view {value} reaches past the end of its buffer",
                str(path),
                value=i,
            )
    for buf in buffers:
        uri = buf.get("uri") if isinstance(buf, dict) else None
        if not isinstance(uri, str) or uri.startswith("data:"):
            continue
        target = (path.parent / unquote(uri)).resolve()
        if path.parent.resolve() not in target.parents:
            raise MeshFormatError(
                "malformed glTF: its buffer '{uri}' points outside the model's folder",
                str(path),
                uri=uri[:80],
            )
        if not target.is_file():
            raise MeshFormatError(
                "the glTF's buffer file '{uri}' is missing; keep it beside the .gltf file "
                "(or export a .glb, which holds everything)",
                str(path),
                uri=uri[:80],
            )
