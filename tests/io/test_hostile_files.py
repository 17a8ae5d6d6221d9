"""Files that imply runaway work or lie about their structure: refused in one line, bounded."""

from __future__ import annotations

import io
import json
import struct
import time
import tracemalloc
import zipfile

import numpy as np
import pytest

from outsole_studio.core.errors import MeshFormatError
from outsole_studio.core.geometry.model import MeshPart
from outsole_studio.io.meshfile import load_model
from outsole_studio.io.pipeline import analyze_file
from outsole_studio.io.stl import write_stl
from outsole_studio.io.threemf import threemf_bytes
from tests.fuzz import _gltf_parts, glb_bytes, gltf_bytes

from ..cli.test_bad_input import run

NS = "http://schemas.microsoft.com/3dmanufacturing/core/2015/02"


def _zip(model: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("3D/3dmodel.model", model)
    return buf.getvalue()


def _model_xml(sole, extra_objects: str, item: str) -> bytes:
    """The sole as object 1, more objects, and one build item."""
    v, f, _ = sole
    data = threemf_bytes([MeshPart("sole", v, f)])
    xml = zipfile.ZipFile(io.BytesIO(data)).read("3D/3dmodel.model").decode()
    xml = xml.replace("</resources>", extra_objects + "</resources>")
    return xml.replace('<item objectid="1" />', item).encode()


def test_a_3mf_object_referenced_twice_per_level_is_refused_before_expanding(sole, tmp_path):
    # Object k holds object k-1 twice: 16 levels instance the sole 65,536 times (98 M triangles).
    levels = "".join(
        f'<object id="{k}" type="model"><components><component objectid="{k - 1}"/>'
        f'<component objectid="{k - 1}"/></components></object>'
        for k in range(2, 18)
    )
    path = tmp_path / "fan-out.3mf"
    path.write_bytes(_zip(_model_xml(sole, levels, '<item objectid="17"/>')))
    t0 = time.perf_counter()
    code, out, err = run("analyze", str(path))
    assert time.perf_counter() - t0 < 5.0
    assert (
        code == 2
        and out == ""
        and err
        == (
            f"error: {path}: the model would have more than 4,000,000 triangles, the most Outsole "
            "Studio analyses; reduce it (decimate) in the modelling program and export it again\n"
        )
    )


def test_a_3mf_component_cycle_is_refused(sole, tmp_path):
    cycle = (
        '<object id="2" type="model"><components><component objectid="3"/></components></object>'
        '<object id="3" type="model"><components><component objectid="2"/></components></object>'
    )
    path = tmp_path / "cycle.3mf"
    path.write_bytes(_zip(_model_xml(sole, cycle, '<item objectid="2"/>')))
    with pytest.raises(MeshFormatError, match=r"components nest too deeply \(a cycle\?\)"):
        load_model(path)


def test_a_3mf_that_unpacks_past_the_limit_is_refused_while_reading(tmp_path, monkeypatch):
    from outsole_studio.io import threemf

    model = f'<model xmlns="{NS}"><resources>'.encode() + b" " * (8 << 20) + b"</resources></model>"
    data = bytearray(_zip(model))
    # The archive lies: both headers say the part unpacks to 1,000 bytes.
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("3D/3dmodel.model")
    struct.pack_into("<I", data, info.header_offset + 22, 1000)
    struct.pack_into("<I", data, data.rfind(b"PK\x01\x02") + 24, 1000)
    path = tmp_path / "bomb.3mf"
    path.write_bytes(bytes(data))
    with pytest.raises(MeshFormatError, match=r"damaged \(a part fails its checksum"):
        load_model(path)
    # An honest archive is counted as it unpacks, whatever the limit.
    path.write_bytes(_zip(model))
    monkeypatch.setattr(threemf, "_MAX_MODEL_BYTES", 4 << 20)
    tracemalloc.start()
    with pytest.raises(MeshFormatError, match=r"claims [\d,]+ bytes unpacked"):
        load_model(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 16 << 20  # streamed: never the whole part in memory


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE model [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE model [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    ],
)
def test_a_3mf_with_a_dtd_is_refused(sole, tmp_path, doctype):
    xml = _model_xml(sole, "", '<item objectid="1"/>').decode()
    xml = xml.replace("?>", "?>" + doctype, 1)
    path = tmp_path / "dtd.3mf"
    path.write_bytes(_zip(xml.encode()))
    with pytest.raises(MeshFormatError, match="it declares a DTD, which 3MF does not allow"):
        load_model(path)


def test_a_3mf_with_an_unknown_encoding_is_a_clear_error(sole, tmp_path):
    xml = _model_xml(sole, "", '<item objectid="1"/>').replace(b"UTF-8", b"UTF2147483648", 1)
    path = tmp_path / "encoding.3mf"
    path.write_bytes(_zip(xml))
    code, _, err = run("analyze", str(path))
    assert code == 2 and err.startswith(f"error: {path}: malformed 3MF model XML (")
    assert "internal error" not in err


def _gltf(sole, tmp_path, name: str, change) -> str:
    v, f, _ = sole
    doc, blob = _gltf_parts(v, f)
    change(doc)
    path = tmp_path / name
    path.write_bytes(gltf_bytes(doc, blob) if name.endswith(".gltf") else glb_bytes(doc, blob))
    return str(path)


def _nodes(nodes):
    def change(doc):
        doc["nodes"] = nodes
        doc["scenes"] = [{"nodes": [0]}]

    return change


@pytest.mark.parametrize(
    ("name", "nodes", "says"),
    [
        ("cycle.gltf", [{"mesh": 0, "children": [1]}, {"mesh": 0, "children": [0]}],
         "malformed glTF: node 0 is drawn twice (the nodes form a cycle)"),
        ("two-parents.glb", [{"children": [1, 2]}, {"mesh": 0, "children": [2]}, {"mesh": 0}],
         "malformed glTF: node 2 has more than one parent (glTF nodes form trees)"),
        ("nested.gltf", [{"mesh": 0, "children": [i + 1]} for i in range(50_000)] + [{"mesh": 0}],
         "malformed glTF: 50,001 nodes, more than the 10,000 a model may have"),
        ("siblings.glb", [{"children": list(range(1, 200_001))}] + [{"mesh": 0}] * 200_000,
         "malformed glTF: 200,001 nodes, more than the 10,000 a model may have"),
        ("deep.gltf", [{"mesh": 0, "children": [i + 1]} for i in range(100)] + [{"mesh": 0}],
         "malformed glTF: nodes nest more than 64 levels deep"),
        ("wide.glb", [{"children": list(range(1, 3001))}] + [{"mesh": 0}] * 3000,
         "the model has 8,856,000 triangles, more than the 4,000,000 Outsole Studio analyses"),
    ],
)  # fmt: skip
def test_gltf_node_graphs_that_would_run_away_are_refused_before_reading(
    sole, tmp_path, name, nodes, says
):
    path = _gltf(sole, tmp_path, name, _nodes(nodes))
    t0 = time.perf_counter()
    code, out, err = run("analyze", path, "--json")
    assert time.perf_counter() - t0 < 5.0
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith(f"error: {path}: {says}")


def test_gltf_errors_name_the_problem_not_only_the_file(sole, tmp_path):
    def external(doc):
        doc["buffers"][0]["uri"] = "sole.bin"

    v, f, _ = sole
    doc, _ = _gltf_parts(v, f)
    external(doc)
    path = tmp_path / "model.gltf"
    path.write_text(json.dumps(doc))
    code, _, err = run("analyze", str(path))
    assert code == 2 and err == (
        f"error: {path}: the glTF's buffer file 'sole.bin' is missing; keep it beside the .gltf "
        "file (or export a .glb, which holds everything)\n"
    )

    def lying_count(doc):
        doc["accessors"][0]["count"] *= 4

    path = _gltf(sole, tmp_path, "count.glb", lying_count)
    code, _, err = run("analyze", path)
    assert code == 2 and "malformed glTF: accessor 0 claims 70,944 bytes but its buffer view " \
        "holds 17,736" in err  # fmt: skip


def test_a_sole_scaled_to_ten_metres_is_measured_on_a_coarse_grid_within_memory(sole, tmp_path):
    v, f, _ = sole
    path = tmp_path / "ten-metres.stl"
    write_stl(path, (v * 37.0)[f])  # 10 m long: no unit makes it a sole, so mm are assumed
    tracemalloc.start()
    a = analyze_file(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert a.dimensions.length_mm == pytest.approx(270 * 37.0, rel=1e-6)
    assert a.relief is not None and a.relief.maps.cell_mm > 5.0  # coarsened, and reported
    assert a.relief.maps.thickness_mm.size <= 1_000_000
    assert peak < 600 << 20


def test_a_soup_of_large_triangles_is_bounded_and_measured_as_a_whole(tmp_path):
    rng = np.random.default_rng(5)
    tri = rng.random((2000, 3, 3)) * 250.0
    path = tmp_path / "soup.stl"
    write_stl(path, tri)
    tracemalloc.start()
    t0 = time.perf_counter()
    code, out, err = run("analyze", str(path), "--json")
    elapsed = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert code == 0 and err == "" and elapsed < 10.0 and peak < 600 << 20
    doc = json.loads(out)
    assert doc["volume_cm3"] is None
    assert doc["volume_note"].startswith("2000 of 2000 bodies are open (the first: 1, 2, 3, 4, 5;")
    assert "body_list: 2000 bodies are too many to measure one by one" in " ".join(doc["notes"])
    assert all("thickness" not in b for b in doc["body_list"])


def test_a_face_list_not_in_threes_is_a_clear_error(tmp_path):
    path = tmp_path / "two.obj"
    path.write_text("v 0 0 0\nv 1 0 0\nv 0 1\nv 5 5 5\nf 1 2 3\n")
    code, _, err = run("analyze", str(path))
    assert code == 2 and err == (
        f"error: {path}: malformed OBJ file: its vertices or faces do not come in threes\n"
    )


def test_a_footprint_end_one_point_wide_keeps_the_pose_finite():
    # Only a sheet's corner reaches the front window: its width there is 0, and the width
    # ratio was 0 (then: math domain error taking its logarithm).
    from outsole_studio.core.geometry.pose import _width_profile_ratio

    x = np.array([20.0, 20.0, 30.0, 30.0, 75.0, 100.0, 0.0])
    y = np.array([-30.0, 30.0, -30.0, 30.0, 0.0, 0.0, 0.0])
    ratio = _width_profile_ratio(x, y)
    assert ratio == pytest.approx(1e-9 * 100.0 / 60.0)
    assert np.isfinite(np.log(ratio))
    assert _width_profile_ratio(x, y[::-1] * 0.0) == 1.0  # no width anywhere: undecided


def test_the_triangle_limit_holds_for_every_reader(sole, tmp_path, monkeypatch):
    from outsole_studio.io import meshfile, stl

    v, f, _ = sole
    monkeypatch.setattr(stl, "MAX_TRIANGLES", 1000)
    monkeypatch.setattr(meshfile, "MAX_TRIANGLES", 1000)
    path = tmp_path / "sole.stl"
    write_stl(path, v[f])
    with pytest.raises(MeshFormatError, match="the model has 2,952 triangles, more than the"):
        load_model(path)
    obj = tmp_path / "sole.obj"
    obj.write_text(
        "".join(f"v {x} {y} {z}\n" for x, y, z in v)
        + "".join(f"f {a + 1} {b + 1} {c + 1}\n" for a, b, c in f)
    )
    with pytest.raises(MeshFormatError, match="the model has 2,952 triangles"):
        load_model(obj)


def test_a_model_placed_astronomically_far_from_the_origin_is_refused(sole, tmp_path):
    # Its extent is a sole's, but squares of its coordinates overflow (was: LinAlgError).
    def far(doc):
        doc["nodes"][0]["translation"] = [1e300, 0.0, 0.0]

    path = _gltf(sole, tmp_path, "far.glb", far)
    code, _, err = run("analyze", path)
    assert code == 2 and err == (
        f"error: {path}: the model lies 1e+300 units from the origin; move it near the origin in "
        "the modelling program and export it again\n"
    )


def test_a_box_ten_metres_across_is_measured_within_memory(tmp_path):
    # 684 bytes (12 triangles) once took 2.2 GB: its two big faces covered the whole grid.
    from tests.conftest import box

    v, f = box(size=(10_000.0, 4_000.0, 300.0))
    path = tmp_path / "box.stl"
    write_stl(path, v[f])
    assert path.stat().st_size == 684
    tracemalloc.start()
    code, out, err = run("analyze", str(path), "--json")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert code == 0 and err == "" and peak < 400 << 20
    doc = json.loads(out)
    assert doc["volume_cm3"] == pytest.approx(10_000 * 4_000 * 300 / 1000)
    assert doc["thickness"]["max_mm"] == pytest.approx(300.0)
    assert doc["thickness"]["grid_mm"] > 6.0
