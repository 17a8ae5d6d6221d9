"""Write an analysis's maps (thickness grid, per-face draft) as ``.npy`` files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import numpy.typing as npt

from ..core.errors import OutsoleError
from ..core.geometry.analysis import Analysis
from .atomic import atomic_write_bytes, atomic_write_text


def _npy(array: npt.NDArray[np.generic]) -> bytes:
    buf = io.BytesIO()
    np.save(buf, array, allow_pickle=False)
    return buf.getvalue()


def write_maps(analysis: Analysis, folder: Path) -> list[Path]:
    """Write ``thickness_mm.npy``, ``bottom_mm.npy``, ``top_mm.npy`` (grids, x by y),
    ``draft_deg.npy`` and ``undercut.npy`` (per face of the canonical mesh) and ``maps.json``
    saying where the grid lies.

    Raises
    ------
    OutsoleError
        The folder cannot be made or written.
    """
    r = analysis.relief
    if r is None:
        raise OutsoleError("the analysis has no maps (it ran without relief)", analysis.file)
    m = r.maps
    files = {
        "thickness_mm.npy": m.thickness_mm,
        "bottom_mm.npy": m.bottom_mm,
        "top_mm.npy": m.top_mm,
        "draft_deg.npy": r.draft.draft_deg,
        "undercut.npy": r.draft.undercut,
    }
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, array in files.items():
            atomic_write_bytes(folder / name, _npy(np.asarray(array)))
            written.append(folder / name)
        meta = {
            "file": analysis.file,
            "grid": {
                "origin_mm": [float(v) for v in m.origin_mm],
                "cell_mm": m.cell_mm,
                "shape": list(m.thickness_mm.shape),
                "point": "point (i, j) is at x = origin_x + i * cell, y = origin_y + j * cell",
            },
            "faces": int(analysis.faces.shape[0]),
            "draft_threshold_deg": r.draft.threshold_deg,
        }
        atomic_write_text(folder / "maps.json", json.dumps(meta, indent=2) + "\n")
        written.append(folder / "maps.json")
    except OSError as exc:
        raise OutsoleError(
            "cannot write the maps: {value}", str(folder), value=exc.strerror or exc
        ) from None
    return written
