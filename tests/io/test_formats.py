"""Every supported format reads back to the same sole; several meshes stay several bodies."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import trimesh

from outsole_studio.core.geometry.analysis import AnalysisOptions
from outsole_studio.core.geometry.model import MeshPart
from outsole_studio.io.meshfile import load_model
from outsole_studio.io.pipeline import analyze_file
from outsole_studio.io.stl import read_stl, write_stl
from outsole_studio.io.threemf import write_3mf
from tests.shapes import rotation


def ascii_stl(path: Path, solids: list[tuple[str, np.ndarray]]) -> None:
    lines = []
    for name, tri in solids:
        lines.append(f"solid {name}")
        for t in tri:
            lines.append("  facet normal 0 0 0\n    outer loop")
            lines += [f"      vertex {x} {y} {z}" for x, y, z in t.tolist()]
            lines.append("    endloop\n  endfacet")
        lines.append(f"endsolid {name}")
    path.write_text("\n".join(lines) + "\n")


def write_format(path: Path, v: np.ndarray, f: np.ndarray) -> None:
    ext = path.suffix.lower()
    if ext == ".stl" and path.stem.endswith("ascii"):
        ascii_stl(path, [("sole", v[f])])
    elif ext == ".stl":
        write_stl(path, v[f])
    elif ext == ".3mf":
        write_3mf(path, [MeshPart("sole", v, f)])
    else:
        trimesh.Trimesh(v, f, process=False).export(path)


@pytest.mark.parametrize(
    "name",
    ["sole.stl", "sole-ascii.stl", "sole.obj", "sole.ply", "sole.off", "sole.glb", "sole.3mf"],
)
def test_every_format_gives_the_same_measurements(tmp_path, sole, name):
    v, f, truth = sole
    path = tmp_path / name
    # Y-up, as many exporters write; the analysis must not care.
    write_format(path, v @ rotation("x", -90).T, f)
    a = analyze_file(path)
    assert a.pose.up_axis_in_file == "Y" and not a.pose.flipped
    assert a.health.watertight and a.health.bodies == 1
    assert a.dimensions.length_mm == pytest.approx(truth.length_mm, rel=1e-6)
    assert a.volume_cm3 == pytest.approx(truth.volume_mm3 / 1000, rel=1e-5)  # float32 in STL
    assert a.surface_area_cm2 == pytest.approx(truth.area_mm2 / 100, rel=1e-5)


def test_binary_stl_reader_reads_exact_float32_corners(tmp_path, sole):
    v, f, _ = sole
    write_stl(tmp_path / "s.stl", v[f])
    model = read_stl(tmp_path / "s.stl")
    assert model.format == "stl" and model.face_count == f.shape[0]
    part = model.parts[0]
    np.testing.assert_array_equal(part.triangles(), v[f].astype(np.float32))
    # A soup: each triangle's own corners, indexed in order when asked.
    assert part.soup and part.faces is None
    np.testing.assert_array_equal(part.face_indices(), np.arange(3 * f.shape[0]).reshape(-1, 3))
    np.testing.assert_array_equal(part.vertices[part.face_indices()], part.triangles())


def test_binary_stl_read_through_a_memory_map_is_the_same(tmp_path, sole):
    v, f, _ = sole
    path = tmp_path / "s.stl"
    write_stl(path, v[f])
    mapped = read_stl(path, mapped=True).parts[0]
    here = read_stl(path).parts[0]
    # A copy of its own: a view into the read-only map would not be writeable.
    assert mapped.vertices.flags.c_contiguous and mapped.vertices.flags.writeable
    np.testing.assert_array_equal(mapped.vertices, here.vertices)
    assert mapped.faces is None and here.faces is None  # soups: no index arrays made
    assert mapped.face_count == here.face_count == f.shape[0]
    assert load_model(path, mapped=True).face_count == f.shape[0]


def test_a_mapped_binary_stl_cut_short_since_it_was_measured_is_refused(tmp_path, sole):
    from outsole_studio.core.errors import MeshFormatError
    from outsole_studio.io.stl import _read_binary

    v, f, _ = sole
    path = tmp_path / "s.stl"
    write_stl(path, v[f])
    with pytest.raises(MeshFormatError, match="truncated"):
        _read_binary(path, f.shape[0] + 1, mapped=True)  # one triangle more than it holds


def test_binary_stl_triangles_are_read_a_chunk_at_a_time(tmp_path, sole):
    """A binary STL's triangles read at their offsets (the command's wait for the weld): the
    corners the reader gives; a file of any other kind has no such count; one cut short since
    it was measured is refused."""
    from outsole_studio.core.errors import MeshFormatError
    from outsole_studio.io.stl import binary_triangle_count, binary_triangles

    v, f, _ = sole
    path = tmp_path / "s.stl"
    write_stl(path, v[f])
    n = binary_triangle_count(path)
    assert n == f.shape[0]
    corners = read_stl(path).parts[0].triangles()
    with path.open("rb") as fh:
        got = binary_triangles(fh.fileno(), slice(100, 357))
        assert got.shape == (257, 3, 3)
        np.testing.assert_array_equal(got, corners[100:357])
        with pytest.raises(MeshFormatError, match="truncated"):
            binary_triangles(fh.fileno(), slice(n - 1, n + 1))
    ascii_stl(tmp_path / "a.stl", [("a", v[f])])
    padded = tmp_path / "padded.stl"
    padded.write_bytes(path.read_bytes() + b"\0")
    short = tmp_path / "short.stl"
    short.write_bytes(path.read_bytes()[:-50])
    tiny = tmp_path / "tiny.stl"
    tiny.write_bytes(b"solid")
    for other in ("a.stl", "padded.stl", "short.stl", "tiny.stl"):
        assert binary_triangle_count(tmp_path / other) == 0, other


def test_a_binary_stl_mapped_in_place_is_the_same_soup(tmp_path, sole):
    """The triangles of a binary STL where they lie in a map of it: the corners the reader
    copies, without a copy; welded there, the merged mesh of the model read (the NaN count
    of its message included); a file shorter than the count is refused."""
    from outsole_studio.core.errors import GeometryError, MeshFormatError
    from outsole_studio.core.geometry.merged import merged_mesh, merged_soup
    from outsole_studio.core.geometry.tolerances import DEFAULT_TOLERANCES
    from outsole_studio.io.stl import binary_triangle_count, mapped_triangles

    v, f, _ = sole
    path = tmp_path / "s.stl"
    write_stl(path, v[f])
    n = binary_triangle_count(path)
    mapped = mapped_triangles(path, n)
    assert mapped.shape == (n, 3, 3) and not mapped.flags.writeable
    np.testing.assert_array_equal(mapped, read_stl(path).parts[0].triangles())
    model = load_model(path)
    here, there = (
        merged_mesh(model, DEFAULT_TOLERANCES),
        merged_soup(str(path), mapped, DEFAULT_TOLERANCES),
    )
    for name in ("vertices", "faces", "part_of_face"):
        assert getattr(here, name).tobytes() == getattr(there, name).tobytes()
    del mapped
    with pytest.raises(MeshFormatError, match="truncated"):
        mapped_triangles(path, n + 1)
    bad = v[f].copy()
    bad[3, 1, 2] = np.nan
    bad[7, 0, 0] = np.inf
    write_stl(path, bad)
    messages = []
    for merge in (
        lambda: merged_mesh(load_model(path), DEFAULT_TOLERANCES),
        lambda: merged_soup(str(path), mapped_triangles(path, n), DEFAULT_TOLERANCES),
    ):
        with pytest.raises(GeometryError) as caught:
            merge()
        messages.append(str(caught.value))
    assert messages[0] == messages[1] and "2 vertices" in messages[0]


def test_ascii_stl_solids_are_separate_bodies(tmp_path, sole):
    v, f, truth = sole
    upper = v + [0, 0, truth.height_mm]
    path = tmp_path / "two.stl"
    ascii_stl(path, [("outsole", v[f]), ("midsole", upper[f])])
    model = load_model(path)
    assert model.format == "stl-ascii"
    assert [p.name for p in model.parts] == ["outsole", "midsole"]
    a = analyze_file(path)
    assert a.health.bodies == 2
    assert a.volume_cm3 == pytest.approx(2 * truth.volume_mm3 / 1000, rel=1e-9)


def test_glb_scene_with_two_meshes_is_two_bodies_in_metres(tmp_path, sole):
    v, f, truth = sole
    scene = trimesh.Scene()
    scene.add_geometry(trimesh.Trimesh(v / 1000, f, process=False), geom_name="outsole")
    midsole = trimesh.Trimesh((v + [0, 0, truth.height_mm]) / 1000, f, process=False)
    scene.add_geometry(midsole, geom_name="midsole")
    path = tmp_path / "stack.glb"
    scene.export(path)
    a = analyze_file(path)
    assert a.units.used == "m" and a.units.source == "file"
    assert a.health.bodies == 2
    assert [b.volume_cm3 for b in a.bodies] == pytest.approx(
        [truth.volume_mm3 / 1000] * 2, rel=1e-5
    )


def test_obj_objects_are_separate_bodies(tmp_path, sole):
    v, f, truth = sole
    lines = []
    for i, shift in enumerate([0.0, truth.height_mm]):
        lines.append(f"o body{i}")
        lines += [f"v {x} {y} {z + shift}" for x, y, z in v.tolist()]
        lines += [f"f {a} {b} {c}" for a, b, c in (f + 1 + i * len(v)).tolist()]
    path = tmp_path / "two.obj"
    path.write_text("\n".join(lines) + "\n")
    a = analyze_file(path)
    assert a.health.bodies == 2
    assert a.volume_cm3 == pytest.approx(2 * truth.volume_mm3 / 1000, rel=1e-9)


@pytest.mark.parametrize(("unit", "scale"), [("inch", 1 / 25.4), ("centimeter", 0.1)])
def test_3mf_unit_attribute_is_a_hint(tmp_path, sole, unit, scale):
    v, f, truth = sole
    path = tmp_path / "s.3mf"
    write_3mf(path, [MeshPart("sole", v * scale, f)], unit=unit)
    a = analyze_file(path)
    assert a.units.source == "file"
    assert a.dimensions.length_mm == pytest.approx(truth.length_mm, rel=1e-9)


def test_3mf_declaring_the_wrong_unit_is_overruled_by_plausibility(tmp_path, sole):
    v, f, truth = sole
    path = tmp_path / "wrong.3mf"
    write_3mf(path, [MeshPart("sole", v, f)], unit="meter")  # numbers are really mm
    a = analyze_file(path)
    assert (a.units.used, a.units.source) == ("mm", "plausibility")
    assert a.dimensions.length_mm == pytest.approx(truth.length_mm)
    forced = analyze_file(path, AnalysisOptions(units="m"))
    assert forced.units.source == "user"


def test_3mf_build_transform_is_applied(tmp_path, sole):
    v, f, truth = sole
    path = tmp_path / "moved.3mf"
    write_3mf(path, [MeshPart("sole", v, f)])
    import zipfile

    with zipfile.ZipFile(path) as zf:
        xml = zf.read("3D/3dmodel.model").decode()
        others = {n: zf.read(n) for n in zf.namelist() if n != "3D/3dmodel.model"}
    # Scale by 2 in the build item: the model doubles in size.
    xml = xml.replace('objectid="1"', 'objectid="1" transform="2 0 0 0 2 0 0 0 2 5 6 7"')
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("3D/3dmodel.model", xml)
        for n, data in others.items():
            zf.writestr(n, data)
    a = analyze_file(path, AnalysisOptions(units="mm"))
    assert a.dimensions.length_mm == pytest.approx(2 * truth.length_mm)


def test_gltf_with_external_buffers(tmp_path, sole):
    v, f, truth = sole
    path = tmp_path / "sole.gltf"
    trimesh.Trimesh(v / 1000, f, process=False).export(path)
    assert any(p.suffix == ".bin" for p in tmp_path.iterdir())
    a = analyze_file(path)
    assert a.format == "gltf"
    assert (a.units.used, a.units.source) == ("m", "file")
    assert "glTF is always in metres" in str(a.units.note)
    assert a.dimensions.length_mm == pytest.approx(truth.length_mm, rel=1e-6)


def test_binary_stl_whose_header_starts_with_solid(tmp_path, sole):
    v, f, truth = sole
    from outsole_studio.io.stl import stl_bytes

    data = stl_bytes(v[f], header="solid exported by a CAD tool")
    assert data.startswith(b"solid")
    path = tmp_path / "cad.stl"
    path.write_bytes(data)
    a = analyze_file(path)
    assert a.format == "stl"
    assert a.volume_cm3 == pytest.approx(truth.volume_mm3 / 1000, rel=1e-5)


def test_3mf_components_with_transforms(tmp_path, sole):
    v, f, truth = sole
    ns = "http://schemas.microsoft.com/3dmanufacturing/core/2015/02"
    verts = "".join(f'<vertex x="{x}" y="{y}" z="{z}"/>' for x, y, z in v.tolist())
    tris = "".join(f'<triangle v1="{a}" v2="{b}" v3="{c}"/>' for a, b, c in f.tolist())
    model = (
        f'<?xml version="1.0" encoding="UTF-8"?><model unit="millimeter" xmlns="{ns}">'
        f'<resources><object id="1" type="model"><mesh><vertices>{verts}</vertices>'
        f"<triangles>{tris}</triangles></mesh></object>"
        '<object id="2" type="model"><components>'
        '<component objectid="1" transform="1 0 0 0 1 0 0 0 1 0 0 0"/>'
        '<component objectid="1" transform="1 0 0 0 1 0 0 0 1 0 0 20"/>'
        "</components></object></resources>"
        '<build><item objectid="2" transform="0 0 1 1 0 0 0 1 0 0 0 0"/></build></model>'
    )
    import zipfile

    path = tmp_path / "assembly.3mf"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("3D/3dmodel.model", model)
    a = analyze_file(path)
    assert a.health.bodies == 2
    assert a.units.source == "file" and a.units.used == "mm"
    assert a.volume_cm3 == pytest.approx(2 * truth.volume_mm3 / 1000, rel=1e-9)
    assert a.dimensions.height_mm == pytest.approx(20 + truth.height_mm, rel=1e-9)


def test_3mf_model_larger_than_the_limit_is_refused(tmp_path, sole, monkeypatch):
    from outsole_studio.core.errors import MeshFormatError
    from outsole_studio.io import threemf

    v, f, _ = sole
    path = tmp_path / "big.3mf"
    write_3mf(path, [MeshPart("sole", v, f)])
    monkeypatch.setattr(threemf, "_MAX_MODEL_BYTES", 1000)
    with pytest.raises(MeshFormatError, match=r"claims [\d,]+ bytes unpacked"):
        load_model(path)
