"""File-level entry points shared by the CLI and the GUI."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import OutsoleError
from ..core.geometry.analysis import Analysis, AnalysisOptions
from ..core.geometry.analyzer import analyze_merged, analyze_model
from .meshfile import load_model
from .read_ahead import Ahead
from .stl import write_stl


def analyze_file(
    path: str | Path, options: AnalysisOptions | None = None, ahead: Ahead | None = None
) -> Analysis:
    """Load a mesh file and analyse it.

    ``ahead``: the file being read and welded already (:func:`~.read_ahead.read_ahead`); where
    that gave nothing, the file is read here.

    Raises
    ------
    OutsoleError
        With the path attached, for any problem with the file or its geometry.
    """
    try:
        read = None if ahead is None else ahead()
        if read is None:
            return analyze_model(load_model(path), options)
        model, merged, geometry = read
        return analyze_merged(model, merged, options, geometry)
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
