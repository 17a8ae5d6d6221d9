"""3MF (3D Manufacturing Format): a small, strict reader and a writer.

A 3MF file is a zip holding an XML model. Its ``unit`` attribute is kept as a unit hint; build
items and component transforms are applied; every build item becomes a part.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree as ET

import numpy as np
import numpy.typing as npt

from ..core.errors import MeshFormatError
from ..core.geometry.model import LoadedModel, MeshPart
from ..core.messages import Message
from .atomic import atomic_write_bytes

_CORE_NS = "http://schemas.microsoft.com/3dmanufacturing/core/2015/02"
_MAX_MODEL_BYTES = 4 << 30  # 4 GiB of XML is some 40 M triangles: no outsole needs more
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


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _transform(text: str | None) -> npt.NDArray[np.float64]:
    """Parse a 3MF transform (12 numbers, row-vector convention) into a 4x4 column matrix."""
    m = np.eye(4)
    if text:
        vals = [float(t) for t in text.split()]
        if len(vals) != 12:
            raise ValueError(f"a transform needs 12 numbers, got {len(vals)}")
        rows = np.array(vals).reshape(4, 3)
        m[:3, :3] = rows[:3].T
        m[:3, 3] = rows[3]
    return m


def read_3mf(path: str | Path) -> LoadedModel:
    """Read the meshes of a 3MF file with their build transforms and the declared unit."""
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
            if "_rels/.rels" in names:
                found = _MODEL_REL.search(zf.read("_rels/.rels"))
                if found:
                    model_name = (found.group(1) or found.group(2)).decode()
            if model_name not in names:
                raise MeshFormatError("not a 3MF file: it holds no 3D model part", str(p))
            declared = zf.getinfo(model_name).file_size
            if declared > _MAX_MODEL_BYTES:
                raise MeshFormatError(
                    "the 3MF model part claims {declared} bytes unpacked, more than Outsole "
                    "Studio reads; check the file",
                    str(p),
                    declared=format(declared, ","),
                )
            root = ET.parse(io.BytesIO(zf.read(model_name))).getroot()
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
    except ET.ParseError as exc:
        raise MeshFormatError("malformed 3MF model XML ({exc})", str(p), exc=exc) from None

    unit_attr = root.get("unit", "millimeter")
    if unit_attr not in _UNITS:
        raise MeshFormatError("unknown 3MF unit '{unit_attr}'", str(p), unit_attr=unit_attr)
    unit, factor = _UNITS[unit_attr]

    objects: dict[str, ET.Element] = {}
    build_items: list[ET.Element] = []
    for el in root.iter():
        tag = _local(el.tag)
        if tag == "object":
            objects[el.get("id", "")] = el
        elif tag == "item":
            build_items.append(el)
    if not build_items:
        build_items = [ET.Element("item", {"objectid": k}) for k in objects]

    parts: list[MeshPart] = []
    try:
        for item in build_items:
            parts.extend(
                _expand(objects, item.get("objectid", ""), _transform(item.get("transform")), 0)
            )
    except (ValueError, KeyError, IndexError) as exc:
        raise MeshFormatError("malformed 3MF model ({exc})", str(p), exc=exc) from None
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


def _expand(
    objects: dict[str, ET.Element], oid: str, matrix: npt.NDArray[np.float64], depth: int
) -> list[MeshPart]:
    if depth > 16:
        raise ValueError("components nest too deeply (a cycle?)")
    if oid not in objects:
        raise KeyError(f"build item refers to missing object {oid}")
    obj = objects[oid]
    out: list[MeshPart] = []
    for child in obj:
        tag = _local(child.tag)
        if tag == "mesh":
            verts_el = next((c for c in child if _local(c.tag) == "vertices"), None)
            tris_el = next((c for c in child if _local(c.tag) == "triangles"), None)
            if verts_el is None or tris_el is None:
                raise ValueError(f"object {oid} has a mesh without vertices or triangles")
            v = np.array(
                [
                    (float(e.attrib["x"]), float(e.attrib["y"]), float(e.attrib["z"]))
                    for e in verts_el
                ],
                dtype=np.float64,
            ).reshape(-1, 3)
            f = np.array(
                [(int(e.attrib["v1"]), int(e.attrib["v2"]), int(e.attrib["v3"])) for e in tris_el],
                dtype=np.int64,
            ).reshape(-1, 3)
            if f.size and (f.min() < 0 or f.max() >= v.shape[0]):
                raise ValueError(f"object {oid} has a triangle indexing a missing vertex")
            v = v @ matrix[:3, :3].T + matrix[:3, 3]
            out.append(MeshPart(obj.get("name", ""), v, f))
        elif tag == "components":
            for comp in child:
                if _local(comp.tag) == "component":
                    sub = matrix @ _transform(comp.get("transform"))
                    out.extend(_expand(objects, comp.get("objectid", ""), sub, depth + 1))
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
        for a, b, c in part.faces:
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
        zf.writestr("[Content_Types].xml", content_types)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("3D/3dmodel.model", xml)
    return buf.getvalue()


def write_3mf(path: str | Path, parts: list[MeshPart], unit: str = "millimeter") -> None:
    """Write parts to a 3MF file atomically."""
    atomic_write_bytes(Path(path), threemf_bytes(parts, unit))
