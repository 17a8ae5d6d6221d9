"""Write the example set: meshes, pictures and the catalogue table for ``examples/README.md``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..core.geometry.mesh import FloatArray
from ..io.atomic import atomic_write_bytes, atomic_write_text, make_folder
from ..io.stl import write_stl
from ..samples.designs import DESIGNS, SampleDesign
from ..samples.generator import GeneratedOutsole, generate, mirrored
from .views import save_views

# File poses: canonical -> as written. Inches files are also turned heel for toe.
_TURN_Z = np.array([[-1.0, 0, 0], [0, -1.0, 0], [0, 0, 1.0]])
_Y_UP = np.array([[1.0, 0, 0], [0, 0, 1.0], [0, -1.0, 0]])  # canonical Z becomes file +Y


@dataclass(frozen=True)
class WrittenExample:
    """What :func:`write_examples` wrote for one design."""

    design: SampleDesign
    outsole: GeneratedOutsole
    files: tuple[Path, ...]
    bottom_png: Path
    side_png: Path


def _file_vertices(design: SampleDesign, v: FloatArray) -> FloatArray:
    if design.style == "stl-inch":
        return np.asarray((v @ _TURN_Z.T) / 25.4, dtype=np.float64)
    if design.style == "glb-yup-metres":
        return np.asarray((v @ _Y_UP.T) / 1000.0, dtype=np.float64)
    return v


def _write_mesh(design: SampleDesign, outsole: GeneratedOutsole, stem: str, out: Path) -> Path:
    if design.style == "glb-yup-metres":
        import trimesh

        scene = trimesh.Scene()
        for part in outsole.parts:
            mesh = trimesh.Trimesh(_file_vertices(design, part.vertices), part.faces, process=False)
            scene.add_geometry(mesh, geom_name=part.name, node_name=part.name)
        path = out / f"{stem}.glb"
        atomic_write_bytes(path, scene.export(file_type="glb"))
        return path
    path = out / f"{stem}.stl"
    tri = np.concatenate([_file_vertices(design, p.vertices)[p.faces] for p in outsole.parts])
    unit = "inch" if design.style == "stl-inch" else "mm"
    write_stl(path, tri, header=f"Outsole Studio synthetic example {stem} ({unit})")
    return path


def write_examples(out: Path, designs: tuple[SampleDesign, ...] = DESIGNS) -> list[WrittenExample]:
    """Generate every design and write its mesh(es), pictures and the catalogue README.

    Parameters
    ----------
    out : Path
        Folder to write into (created if missing).
    """
    make_folder(out, "is a file; give a folder to write the examples into")
    written = []
    for design in designs:
        outsole = generate(design.params)
        files = [_write_mesh(design, outsole, design.name, out)]
        if design.both_feet:
            left = generate(mirrored(design.params))
            files.append(_write_mesh(design, left, f"{design.name}-left", out))
        bottom = out / f"{design.name}-bottom.png"
        side = out / f"{design.name}-side.png"
        save_views([(p.vertices, p.faces) for p in outsole.parts], bottom, side, design.title)
        written.append(WrittenExample(design, outsole, tuple(files), bottom, side))
    atomic_write_text(out / "README.md", catalogue_markdown(written))
    return written


_STYLE_NOTE = {
    "stl-mm": "binary STL, mm, canonical pose",
    "stl-inch": "binary STL in **inches**, turned heel for toe",
    "glb-yup-metres": "GLB in **metres**, Y up (two bodies)",
}


def catalogue_markdown(written: list[WrittenExample]) -> str:
    """The ``examples/README.md`` text: what each design is, with its pictures and truth."""
    lines = [
        "# Example outsoles",
        "",
        "**Synthetic demonstration designs.** They are made with Outsole Studio's parametric",
        "generator (`outsole_studio/core/generator.py`) in the spirit of competition entries, with",
        "Indonesian batik motifs (kawung, parang, truntum) simplified into tread patterns. They",
        "are not real competition designs. Regenerate them with",
        "`outsole-studio examples --out examples`.",
        "",
        "`sample-outsole.stl` is not one of them: it is the small exact reference sole (a",
        "polygon outline with square lugs) that `make run` analyses; `make_sample.py` writes it.",
        "",
        "| design | picture (bottom) | intent | size | tread | suggested compound | file |",
        "|---|---|---|---|---|---|---|",
    ]
    for w in written:
        d, p = w.design, w.design.params
        tread = f"{p.tread}, {p.tread_depth_mm:g} mm deep" if p.tread != "none" else "smooth"
        files = ", ".join(f"`{f.name}`" for f in w.files)
        lines.append(
            f'| {d.title} | <img src="{w.bottom_png.name}" width="200"> | {d.intent} | '
            f"EU {p.size_eu:g} | {tread} | {d.compound} | {files} ({_STYLE_NOTE[d.style]}) |"
        )
    lines += ["", "## Pictures and truth", ""]
    for w in written:
        t = w.outsole.truth
        lines += [
            f"### {w.design.title} (`{w.design.name}`)",
            "",
            f"![{w.design.title}, bottom]({w.bottom_png.name})",
            "",
            f"![{w.design.title}, side]({w.side_png.name})",
            "",
            f"Length {t.length_mm:.1f} mm, width {t.width_mm:.1f} mm, "
            f"height {t.height_mm:.1f} mm; outline {t.outline_area_mm2 / 100:.1f} cm2, "
            f"perimeter {t.outline_perimeter_mm:.1f} mm; "
            f"contact {t.contact_area_mm2 / 100:.1f} cm2 (within {t.contact_tolerance_mm:g} mm); "
            f"tread {t.tread_depth_mm:g} mm, floor {t.floor_thickness_mm:g} mm"
            + (f", heel {t.heel_height_mm:g} mm" if t.heel_height_mm else "")
            + f"; volume {t.volume_mm3 / 1000:.2f} cm3"
            + (" (exact)" if t.volume_exact else " (from the mesh)")
            + ".",
            "",
        ]
    return "\n".join(lines)
