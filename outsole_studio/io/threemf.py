"""3MF (3D Manufacturing Format): a small, strict reader and a writer.

A 3MF file is a zip holding an XML model. Its ``unit`` attribute is kept as a unit hint; build
items and component transforms are applied; every build item becomes a part.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET
from xml.parsers.expat import ExpatError, ParserCreate

import numpy as np
import numpy.typing as npt

from ..core.errors import MeshFormatError
from ..core.geometry.model import MAX_TRIANGLES, LoadedModel, MeshPart, too_many_triangles
from ..core.messages import Message
from .atomic import atomic_write_bytes

_CORE_NS = "http://schemas.microsoft.com/3dmanufacturing/core/2015/02"
# About 80 bytes of XML a triangle (its share of the vertices included): 1 GiB is well above
# the MAX_TRIANGLES any model may have.
_MAX_MODEL_BYTES = 1 << 30
_MAX_DEPTH = 16  # components within components
_CAP = 10 * MAX_TRIANGLES + 1  # counting stops here: the file is refused either way
_UNITS = {
    "micron": ("mm", 0.001),
    "millimeter": ("mm", 1.0),
    "centimeter": ("cm", 1.0),
    "meter": ("m", 1.0),
    "inch": ("in", 1.0),
    "foot": ("in", 12.0),
}
_MODEL_REL = re.compile(
    rb'Target="/?([^"]+)"[^>]*Type="[^"]*3dmodel"|Type="[^"]*3dmodel"[^>]*Target="/?([^"]+)"'
)


def _transform(text: str | None) -> npt.NDArray[np.float64]:
    """Parse a 3MF transform (12 numbers, row-vector convention) into a 4x4 column matrix."""
    m = np.eye(4)
    if text:
        try:
            vals = [float(t) for t in text.split()]
        except ValueError:
            raise _MalformedError(
                Message("a transform holds something that is not a number")
            ) from None
        if len(vals) != 12:
            raise _MalformedError(
                Message("a transform needs 12 numbers, got {count}", {"count": len(vals)})
            )
        rows = np.array(vals).reshape(4, 3)
        m[:3, :3] = rows[:3].T
        m[:3, 3] = rows[3]
    return m


def read_3mf(path: str | Path) -> LoadedModel:
    """Read the meshes of a 3MF file with their build transforms and the declared unit.

    The model XML is parsed as a stream straight out of the archive: no element tree is built,
    the bytes unpacked are counted against :data:`_MAX_MODEL_BYTES` whatever the archive declares,
    and the triangles the build would instance are counted against :data:`MAX_TRIANGLES` before
    any object is copied, so neither a zip bomb nor an object referenced many times per level
    can run away.
    """
    p = Path(path)
    try:
        fh = p.open("rb")
    except OSError as exc:
        raise MeshFormatError(
            "cannot be read: {reason}", str(p), reason=exc.strerror or str(exc)
        ) from exc
    try:
        with fh, zipfile.ZipFile(fh) as zf:
            names = zf.namelist()
            model_name = "3D/3dmodel.model"
            if "_rels/.rels" in names and zf.getinfo("_rels/.rels").file_size < 1 << 20:
                found = _MODEL_REL.search(zf.read("_rels/.rels"))
                if found:
                    model_name = (found.group(1) or found.group(2)).decode(errors="replace")
            if model_name not in names:
                raise MeshFormatError("not a 3MF file: it holds no 3D model part", str(p))
            declared = zf.getinfo(model_name).file_size
            if declared > _MAX_MODEL_BYTES:
                raise _too_big(p, declared)
            reader = _ModelReader()
            with zf.open(model_name) as part:
                unpacked = 0
                while chunk := part.read(1 << 20):
                    unpacked += len(chunk)
                    if unpacked > _MAX_MODEL_BYTES:
                        raise _too_big(p, unpacked)
                    reader.feed(chunk)
                reader.feed(b"", final=True)
    except zipfile.BadZipFile as exc:
        if "CRC" in str(exc):
            raise MeshFormatError(
                "the 3MF archive is damaged (a part fails its checksum); export the model again",
                str(p),
            ) from exc
        raise MeshFormatError("not a 3MF file: it is not a valid zip archive", str(p)) from None
    except (zlib.error, EOFError, OSError) as exc:
        # Corrupt deflate data, a truncated entry, an offset past the end: a damaged archive.
        if isinstance(exc, zlib.error):
            reason = Message("its compressed data is corrupt")
        elif isinstance(exc, EOFError):
            reason = Message("a part is cut short")
        else:
            reason = Message("a part points outside the file")
        raise MeshFormatError(
            "the 3MF archive is damaged ({reason}); export the model again", str(p), reason=reason
        ) from exc
    except (ExpatError, LookupError, NotImplementedError) as exc:
        # LookupError: an unknown encoding declared; NotImplementedError: compression 3MF forbids.
        raise MeshFormatError(
            "malformed 3MF model XML ({exc})", str(p), exc=str(exc)[:160] or type(exc).__name__
        ) from None
    except _MalformedError as exc:
        raise MeshFormatError("malformed 3MF model ({exc})", str(p), exc=exc.args[0]) from None

    unit_attr = reader.unit
    if unit_attr not in _UNITS:
        raise MeshFormatError("unknown 3MF unit '{unit_attr}'", str(p), unit_attr=unit_attr[:40])
    unit, factor = _UNITS[unit_attr]
    items = reader.items or [(k, None) for k in reader.objects]
    try:
        instanced = _instanced_triangles(reader.objects, items)
        if instanced > MAX_TRIANGLES:
            raise too_many_triangles(instanced, str(p))
        parts: list[MeshPart] = []
        for oid, transform in items:
            parts.extend(_expand(reader.objects, oid, _transform(transform)))
    except _MalformedError as exc:
        raise MeshFormatError("malformed 3MF model ({exc})", str(p), exc=exc.args[0]) from None
    if factor != 1.0:
        parts = [MeshPart(q.name, q.vertices * factor, q.faces) for q in parts]
    if not parts:
        raise MeshFormatError("the 3MF file holds no mesh", str(p))
    return LoadedModel(
        path=str(p),
        format="3mf",
        parts=tuple(parts),
        unit_hint=unit,
        unit_hint_source=Message("3MF unit attribute '{unit_attr}'", {"unit_attr": unit_attr}),
    )


def _too_big(p: Path, size: int) -> MeshFormatError:
    return MeshFormatError(
        "the 3MF model part claims {declared} bytes unpacked, more than Outsole Studio reads; "
        "check the file",
        str(p),
        declared=format(size, ","),
    )


class _MalformedError(Exception):
    """A 3MF model that parses as XML but breaks the format's rules; ``args[0]`` the Message."""


@dataclass
class _Object:
    name: str
    vertices: array[float] = field(default_factory=lambda: array("d"))
    triangles: array[int] = field(default_factory=lambda: array("q"))
    has_mesh: bool = False
    components: list[tuple[str, str | None]] = field(default_factory=list)


class _ModelReader:
    """Expat callbacks collecting objects, components and build items; no tree is kept."""

    def __init__(self) -> None:
        self.unit = "millimeter"
        self.objects: dict[str, _Object] = {}
        self.items: list[tuple[str, str | None]] = []
        self._current: _Object | None = None
        self._parser = ParserCreate(namespace_separator="}")
        self._parser.StartElementHandler = self._start
        self._parser.EndElementHandler = self._end
        self._parser.StartDoctypeDeclHandler = self._doctype
        self._parser.buffer_text = True

    def feed(self, data: bytes, final: bool = False) -> None:
        self._parser.Parse(data, final)

    @staticmethod
    def _doctype(*_: object) -> None:
        # 3MF forbids DTDs; refusing them also refuses every entity trick (XXE, billion laughs).
        raise _MalformedError(Message("it declares a DTD, which 3MF does not allow"))

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        name = tag.rsplit("}", 1)[-1]
        obj = self._current
        try:
            if name == "vertex" and obj is not None:
                obj.vertices.extend((float(attrs["x"]), float(attrs["y"]), float(attrs["z"])))
            elif name == "triangle" and obj is not None:
                obj.triangles.extend((int(attrs["v1"]), int(attrs["v2"]), int(attrs["v3"])))
            elif name == "object":
                self._current = _Object(attrs.get("name", ""))
                self.objects[attrs.get("id", "")] = self._current
            elif name == "mesh" and obj is not None:
                obj.has_mesh = True
            elif name == "component" and obj is not None:
                obj.components.append((attrs.get("objectid", ""), attrs.get("transform")))
            elif name == "item":
                self.items.append((attrs.get("objectid", ""), attrs.get("transform")))
            elif name == "model":
                self.unit = attrs.get("unit", "millimeter")
        except KeyError as exc:
            raise _MalformedError(
                Message("a {name} has no attribute {attr}", {"name": name, "attr": exc.args[0]})
            ) from None
        except (ValueError, OverflowError):
            raise _MalformedError(
                Message("a {name} has a value that is not a number", {"name": name})
            ) from None

    def _end(self, tag: str) -> None:
        if tag.rsplit("}", 1)[-1] == "object":
            self._current = None


def _instanced_triangles(objects: dict[str, _Object], items: list[tuple[str, str | None]]) -> int:
    """Triangles the build would make, counted per object once (memoised), cycles refused."""
    counts: dict[str, int] = {}
    visiting: set[str] = set()

    def count(oid: str, depth: int) -> int:
        if oid in counts:
            return counts[oid]
        if oid not in objects:
            raise _MalformedError(
                Message(
                    "a build item or component refers to missing object {oid}", {"oid": oid[:40]}
                )
            )
        if oid in visiting or depth > _MAX_DEPTH:
            raise _MalformedError(Message("components nest too deeply (a cycle?)"))
        visiting.add(oid)
        obj = objects[oid]
        total = len(obj.triangles) // 3
        for child, _ in obj.components:
            total += count(child, depth + 1)
            total = min(total, _CAP)  # enough to refuse; keeps the sums small
        visiting.discard(oid)
        counts[oid] = total
        return total

    return sum(min(count(oid, 0), _CAP) for oid, _ in items)


def _expand(
    objects: dict[str, _Object], oid: str, matrix: npt.NDArray[np.float64]
) -> list[MeshPart]:
    """The meshes of an object and its components, transformed (counts already checked)."""
    obj = objects[oid]
    out: list[MeshPart] = []
    if obj.has_mesh:
        if len(obj.triangles) == 0 or len(obj.vertices) == 0:
            raise _MalformedError(
                Message("object {oid} has a mesh without vertices or triangles", {"oid": oid[:40]})
            )
        v = np.frombuffer(obj.vertices, dtype=np.float64).reshape(-1, 3)
        f = np.frombuffer(obj.triangles, dtype=np.int64).reshape(-1, 3)
        if f.min() < 0 or f.max() >= v.shape[0]:
            raise _MalformedError(
                Message("object {oid} has a triangle indexing a missing vertex", {"oid": oid[:40]})
            )
        v = v @ matrix[:3, :3].T + matrix[:3, 3]
        out.append(MeshPart(obj.name, v, f.copy()))
    for child, transform in obj.components:
        out.extend(_expand(objects, child, matrix @ _transform(transform)))
    return out


def threemf_bytes(parts: list[MeshPart], unit: str = "millimeter") -> bytes:
    """Encode parts as a 3MF archive with the given unit attribute."""
    ET.register_namespace("", _CORE_NS)
    model = ET.Element(f"{{{_CORE_NS}}}model", {"unit": unit})
    resources = ET.SubElement(model, f"{{{_CORE_NS}}}resources")
    build = ET.SubElement(model, f"{{{_CORE_NS}}}build")
    for i, part in enumerate(parts, start=1):
        obj = ET.SubElement(
            resources, f"{{{_CORE_NS}}}object", {"id": str(i), "type": "model", "name": part.name}
        )
        mesh = ET.SubElement(obj, f"{{{_CORE_NS}}}mesh")
        verts = ET.SubElement(mesh, f"{{{_CORE_NS}}}vertices")
        for x, y, z in np.asarray(part.vertices, dtype=np.float64):
            ET.SubElement(
                verts,
                f"{{{_CORE_NS}}}vertex",
                {"x": repr(float(x)), "y": repr(float(y)), "z": repr(float(z))},
            )
        tris = ET.SubElement(mesh, f"{{{_CORE_NS}}}triangles")
        for a, b, c in part.face_indices():
            ET.SubElement(
                tris, f"{{{_CORE_NS}}}triangle", {"v1": str(a), "v2": str(b), "v3": str(c)}
            )
        ET.SubElement(build, f"{{{_CORE_NS}}}item", {"objectid": str(i)})
    xml = ET.tostring(model, xml_declaration=True, encoding="UTF-8")
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="model" '
        'ContentType="application/vnd.ms-package.3dmanufacturing-3dmodel+xml"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Target="/3D/3dmodel.model" Id="rel0" '
        'Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/>'
        "</Relationships>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in (
            ("[Content_Types].xml", content_types.encode()),
            ("_rels/.rels", rels.encode()),
            ("3D/3dmodel.model", xml),
        ):
            # A fixed date: the same parts make the same bytes (exports can be compared).
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buf.getvalue()


def write_3mf(path: str | Path, parts: list[MeshPart], unit: str = "millimeter") -> None:
    """Write parts to a 3MF file atomically."""
    atomic_write_bytes(Path(path), threemf_bytes(parts, unit))
