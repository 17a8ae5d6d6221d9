"""File-level entry points shared by the CLI and the GUI."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import OutsoleError
from ..core.geometry.analysis import Analysis, AnalysisOptions
from ..core.geometry.analyzer import analyze_model
from .meshfile import load_model
from .stl import write_stl


def analyze_file(path: str | Path, options: AnalysisOptions | None = None) -> Analysis:
    """Load a mesh file and analyse it.

    Raises
    ------
    OutsoleError
        With the path attached, for any problem with the file or its geometry.
    """
    try:
        return analyze_model(load_model(path), options)
    except OutsoleError as exc:
        raise exc.at(str(path)) from exc


def export_normalized(analysis: Analysis, out: str | Path) -> None:
    """Write the analysed mesh, in the canonical frame and millimetres, as a binary STL."""
    out = Path(out)
    if out.suffix.lower() != ".stl":
        raise OutsoleError(
            "the normalised model is written as STL: give a name ending in .stl", str(out)
        )
    if not out.parent.exists():
        raise OutsoleError("the folder to write into does not exist", str(out))
    header = f"Outsole Studio canonical mm: {Path(analysis.file).name}"
    write_stl(out, analysis.vertices_mm[analysis.faces], header=header)
