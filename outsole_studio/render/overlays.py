"""Colour maps laid over the 3D model: thickness, ground contact, mould draft, with legends.

Each overlay gives every face of the analysed mesh a colour (same order as ``analysis.faces``)
and a :class:`Legend` the view paints in its corner. The colours follow the spec sheet's maps
(viridis thickness, red-to-green draft with undercuts purple), so the window and the sheet read
alike; contact is orange here because a dark colour would vanish in the model's shading.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import matplotlib as mpl
import numpy as np

from ..core.geometry.analysis import Analysis
from ..core.geometry.contact import contact_faces
from ..core.i18n import Translator
from ..core.production.inputs import BodyMaterial
from .scene import SceneMesh, prepare_scene
from .spec import body_colours

OVERLAYS = ("thickness", "contact", "draft")
#: Draft at and above which a wall is shown fully green, degrees (as on the sheet's map).
DRAFT_SCALE_DEG = 10.0
_NO_DATA = (200, 204, 210)
_CONTACT = (230, 126, 34)
_UNDERCUT = (142, 68, 173)

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Legend:
    """What an overlay's colours mean.

    Attributes
    ----------
    title : str
    stops : tuple of (position 0-1, RGB 0-255)
        A colour bar from ``low_text`` to ``high_text``; empty for swatches only.
    low_text, high_text : str
    swatches : tuple of (label, RGB 0-255)
        Categories, drawn after the bar if there is one.
    """

    title: str
    stops: tuple[tuple[float, RGB], ...] = ()
    low_text: str = ""
    high_text: str = ""
    swatches: tuple[tuple[str, RGB], ...] = ()


@dataclass(frozen=True)
class Overlay:
    """Face colours (m, 3) uint8 in the order of ``analysis.faces``, and their legend."""

    face_rgb: np.ndarray
    legend: Legend


def analysis_scene(analysis: Analysis, materials: tuple[BodyMaterial, ...]) -> SceneMesh:
    """The analysed model for the 3D view, each body in its compound's colour."""
    colours = np.round(np.asarray(body_colours(analysis, materials)) * 255).astype(np.uint8)
    area_mm2 = analysis.surface_area_cm2 * 100.0
    scene = prepare_scene(analysis.vertices_mm, analysis.faces, colours[analysis.body_of_face],
                          area_mm2=area_mm2)  # fmt: skip
    return replace(scene, body_colours=colours)


def _stops(cmap_name: str, n: int = 6) -> tuple[tuple[float, RGB], ...]:
    cmap = mpl.colormaps[cmap_name]
    out = []
    for k in range(n):
        r, g, b, _ = cmap(k / (n - 1))
        out.append((k / (n - 1), (round(r * 255), round(g * 255), round(b * 255))))
    return tuple(out)


def _mapped(cmap_name: str, values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    norm = np.clip((values - lo) / max(hi - lo, 1e-9), 0.0, 1.0)
    rgba = mpl.colormaps[cmap_name](norm)
    return np.round(rgba[:, :3] * 255).astype(np.uint8)


#: The rim band left out of the thickness scale, mm: a cupsole's wall and its fillet.
RIM_BAND_MM = 6.0


def _floor_range(analysis: Analysis, values: np.ndarray) -> tuple[float, float]:
    """The thickness scale, whole mm: the range away from the outline's rim band (the whole
    range when the sole is too small to have an interior)."""
    from scipy import ndimage

    r = analysis.relief
    inner = values
    if r is not None and r.maps.inside.any():
        maps = r.maps
        band = max(1, round(RIM_BAND_MM / maps.cell_mm))
        interior = ndimage.binary_erosion(maps.inside, iterations=band)
        if interior.any():
            inner = maps.thickness_mm[interior]
    if not len(inner):
        return 0.0, 1.0
    # Rounded to 0.05 mm first: a 4 mm floor sampled as 3.9998 mm still starts the scale at 4.
    top = float(np.ceil(round(float(inner.max()) / 0.05) * 0.05))
    low = float(np.floor(round(float(inner.min()) / 0.05) * 0.05))
    return min(low, top - 1.0), top


def face_thickness_mm(analysis: Analysis) -> np.ndarray:
    """(m,) the sole's vertical thickness under each face's centre, mm (NaN off the map)."""
    r = analysis.relief
    m = len(analysis.faces)
    if r is None:
        return np.full(m, np.nan)
    maps = r.maps
    centre = analysis.vertices_mm[analysis.faces].mean(axis=1)
    nx, ny = maps.thickness_mm.shape
    ix = np.round((centre[:, 0] - maps.origin_mm[0]) / maps.cell_mm).astype(np.int64)
    iy = np.round((centre[:, 1] - maps.origin_mm[1]) / maps.cell_mm).astype(np.int64)
    ok = (ix >= 0) & (ix < nx) & (iy >= 0) & (iy < ny)
    out = np.full(m, np.nan)
    thick = np.where(maps.inside, maps.thickness_mm, np.nan)
    out[ok] = thick[ix[ok], iy[ok]]
    return out


def overlay(analysis: Analysis, kind: str, t: Translator) -> Overlay:
    """The ``thickness``, ``contact`` or ``draft`` overlay of the analysed model."""
    m = len(analysis.faces)
    rgb = np.empty((m, 3), dtype=np.uint8)
    rgb[:] = _NO_DATA
    r = analysis.relief
    if kind == "thickness":
        values = face_thickness_mm(analysis)
        ok = np.isfinite(values)
        # The scale spans the floor's range (whole millimetres), away from the rim: a cupsole's
        # 25 mm walls would otherwise leave its whole floor one colour. Thicker is drawn at the
        # top colour, and the legend says so.
        low, top = _floor_range(analysis, values[ok])
        rgb[ok] = _mapped("viridis", values[ok], low, top)
        clipped = bool(ok.any()) and float(values[ok].max()) > top + 0.5
        swatches = [(t("no thickness below (walls, off the map)"), _NO_DATA)]
        if clipped:
            r_, g_, b_ = (int(c) for c in _mapped("viridis", np.array([top]), low, top)[0])
            text = t.text("thicker than {top} (the rim): drawn as {top}",
                          top=t.quantity(top, "mm", 0))  # fmt: skip
            swatches.insert(0, (text, (r_, g_, b_)))
        legend = Legend(
            t("Thickness (mm)"),
            _stops("viridis"),
            t.quantity(low, "mm", 0),
            ("≥ " if clipped else "") + t.quantity(top, "mm", 0),
            swatches=tuple(swatches),
        )
    elif kind == "contact":
        tol = r.contact.tolerance_mm if r is not None else 0.5
        on = contact_faces(analysis.vertices_mm, analysis.faces, tol)
        rgb[on] = _CONTACT
        legend = Legend(
            t("Ground contact"),
            swatches=(
                (t.text("contact (within {tol} of the ground)", tol=t.quantity(tol, "mm", 1)),
                 _CONTACT),
                (t("no contact"), _NO_DATA),
            ),
        )  # fmt: skip
    elif kind == "draft":
        if r is not None:
            d = r.draft
            rgb[:] = _mapped("RdYlGn", d.draft_deg, 0.0, DRAFT_SCALE_DEG)
            rgb[d.undercut] = _UNDERCUT
        legend = Legend(
            t("Mould draft (deg)"),
            _stops("RdYlGn"),
            t.quantity(0.0, "°", 0),
            "≥ " + t.quantity(DRAFT_SCALE_DEG, "°", 0),
            swatches=((t("undercut"), _UNDERCUT),),
        )
    else:
        raise ValueError(f"unknown overlay {kind!r}")
    return Overlay(rgb, legend)
