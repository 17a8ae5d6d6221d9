"""Matplotlib figures of the spec sheet: maps, sections and the cost breakdown.

Figures are made without pyplot (no global state, any thread). They are kept vector in the PDF
(SVG through svglib); dense layers (map rasters, thousands of wall faces) are embedded as images
inside the vector figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from ..core.geometry.analysis import Analysis
from ..core.geometry.relief import Relief
from ..core.i18n import Translator
from ..core.production.costsheet import CostSheet

# Any: matplotlib's stubs want a mapping of its literal rc keys.
FONT: Any = {"font.family": "DejaVu Sans", "font.size": 7, "svg.fonttype": "path"}
_RED = "#c0392b"


class _DecimalComma(mpl.ticker.ScalarFormatter):
    """Matplotlib's tick labels with the decimal comma of Bahasa Indonesia."""

    def __call__(self, x: float, pos: int | None = None) -> str:
        return str(super().__call__(x, pos)).replace(".", ",")


def _localised(fig: Figure, t: Translator) -> Figure:
    """Tick labels written as ``t``'s language writes numbers (``2,5`` in Indonesian)."""
    if t.decimal_sep != ".":
        for ax in fig.axes:
            for axis in (ax.xaxis, ax.yaxis):
                if type(axis.get_major_formatter()) is mpl.ticker.ScalarFormatter:
                    axis.set_major_formatter(_DecimalComma())
    return fig


def _figure(width_in: float, height_in: float) -> Figure:
    with mpl.rc_context(FONT):
        return Figure(figsize=(width_in, height_in), dpi=150)


def _extent(relief: Relief) -> tuple[float, float, float, float]:
    m = relief.maps
    nx, ny = m.thickness_mm.shape
    x0, y0 = m.origin_mm
    return (x0, x0 + (nx - 1) * m.cell_mm, -(y0 + (ny - 1) * m.cell_mm), -y0)


def _plan_axes(ax: Axes, title: str) -> None:
    ax.set_aspect("equal")
    ax.set_title(title, fontsize=8, loc="left")
    ax.set_xlabel("x (mm)", fontsize=6)
    ax.tick_params(labelsize=6)
    ax.set_yticks([])


def _colour_bar(fig: Figure, ax: Axes, mappable: Any, label: str) -> None:
    """A slim colour scale at the right of a map, in the sheet's small type."""
    bar = fig.colorbar(mappable, ax=ax, fraction=0.03, pad=0.01)
    bar.set_label(label, fontsize=6)
    bar.ax.tick_params(labelsize=6)


def thickness_map(analysis: Analysis, t: Translator) -> Figure:
    """Vertical thickness over the sole, seen from below, with its colour scale (mm)."""
    r = analysis.relief
    assert r is not None
    fig = _figure(7.0, 2.6)
    with mpl.rc_context(FONT):
        ax = fig.add_subplot()
        thick = np.ma.masked_invalid(np.where(r.maps.inside, r.maps.thickness_mm, np.nan))
        cmap = mpl.colormaps["viridis"].with_extremes(bad="white")
        # Seen from below: +Y down, as in the bottom view.
        im = ax.imshow(
            np.flipud(thick.T),
            extent=_extent(r),
            origin="lower",
            cmap=cmap,
            interpolation="nearest",
        )
        _plan_axes(ax, t("Thickness (seen from below)"))
        _colour_bar(fig, ax, im, t("thickness (mm)"))
    return _localised(fig, t)


def contact_map(analysis: Analysis, t: Translator) -> Figure:
    """Where the bottom is within the contact tolerance of the ground."""
    r = analysis.relief
    assert r is not None
    fig = _figure(7.0, 2.6)
    with mpl.rc_context(FONT):
        ax = fig.add_subplot()
        bottom = r.maps.bottom_mm
        state = np.full(bottom.shape, np.nan)
        state[r.maps.inside] = 0.0
        state[bottom <= r.contact.tolerance_mm] = 1.0
        cmap = ListedColormap(["#d9dde2", "#1f2a36"]).with_extremes(bad="white")
        ax.imshow(
            np.flipud(np.ma.masked_invalid(state).T),
            extent=_extent(r),
            origin="lower",
            cmap=cmap,
            vmin=0,
            vmax=1,
            interpolation="nearest",
        )
        _plan_axes(ax, t("Ground contact (seen from below)"))
        ax.legend(
            handles=[
                mpl.patches.Patch(color="#1f2a36", label=t("contact")),
                mpl.patches.Patch(color="#d9dde2", label=t("no contact")),
            ],
            fontsize=6,
            loc="upper left",
            bbox_to_anchor=(1.0, 1.0),
            frameon=False,
        )
    return _localised(fig, t)


def draft_map(analysis: Analysis, t: Translator) -> Figure:
    """Walls seen from below, coloured by their draft against the mould's pull (Z).

    Each 1 mm cell shows the least draft of the wall faces whose centre falls in it, so a
    vertical wall reads red however the wall is meshed; undercut faces are marked in purple.
    """
    r = analysis.relief
    assert r is not None
    d = r.draft
    v, f = analysis.vertices_mm, analysis.faces
    # Only the walls' and undercuts' centres are placed (about half the faces of a lugged sole).
    shown = np.flatnonzero((d.draft_deg < 45.0) | d.undercut)
    corners = f[shown]
    xy = v[:, :2]
    centre = (xy[corners[:, 0]] + xy[corners[:, 1]] + xy[corners[:, 2]]) / 3
    walls = d.draft_deg[shown] < 45.0
    cell = 1.0
    x0, y0 = float(v[:, 0].min()) - cell, float(v[:, 1].min()) - cell
    nx = int(np.ceil((float(v[:, 0].max()) - x0) / cell)) + 2
    ny = int(np.ceil((float(v[:, 1].max()) - y0) / cell)) + 2
    ix = np.clip(((centre[:, 0] - x0) / cell).astype(np.int64), 0, nx - 1)
    iy = np.clip(((centre[:, 1] - y0) / cell).astype(np.int64), 0, ny - 1)
    least = np.full((nx, ny), np.inf)
    np.minimum.at(least, (ix[walls], iy[walls]), d.draft_deg[shown][walls])
    under = np.zeros((nx, ny), dtype=bool)
    undercut = d.undercut[shown]
    under[ix[undercut], iy[undercut]] = True
    # Seen from below: +Y down. Rows of the image run along -Y.
    extent = (x0, x0 + nx * cell, -(y0 + ny * cell), -y0)
    fig = _figure(7.0, 2.6)
    with mpl.rc_context(FONT):
        ax = fig.add_subplot()
        outline = analysis.footprint.outline_mm
        ax.plot(outline[:, 0], -outline[:, 1], color="#888888", lw=0.5)
        # One opaque RGB picture (the PDF path keeps no transparency): white where there is no
        # wall, the draft colour where there is, purple over undercuts.
        cmap = mpl.colormaps["RdYlGn"]
        norm = mpl.colors.Normalize(0.0, 10.0)
        rgb = np.ones((nx, ny, 3))
        has = np.isfinite(least)
        rgb[has] = cmap(norm(least[has]))[:, :3]
        rgb[under] = mpl.colors.to_rgb("#8e44ad")
        ax.imshow(np.flipud(rgb.transpose(1, 0, 2)), extent=extent, origin="lower",
                  interpolation="nearest")  # fmt: skip
        im = mpl.cm.ScalarMappable(norm=norm, cmap=cmap)
        if under.any():
            ax.legend(
                handles=[mpl.patches.Patch(color="#8e44ad", label=t("undercut"))],
                fontsize=6,
                loc="upper left",
                bbox_to_anchor=(1.06, 1.0),
                frameon=False,
            )
        _plan_axes(ax, t("Mould draft of the walls (seen from below)"))
        _colour_bar(fig, ax, im, t("draft (deg)"))
    return _localised(fig, t)


def sections_figure(
    analysis: Analysis, t: Translator, columns: int = 2, width_in: float = 7.0
) -> Figure:
    """The transverse sections at true scale, ``columns`` abreast (one in a narrow panel),
    then the centre line."""
    r = analysis.relief
    assert r is not None
    transverse = [s for s in r.sections if s.name != "longitudinal"]
    longitudinal = [s for s in r.sections if s.name == "longitudinal"]
    rows = (len(transverse) + columns - 1) // columns
    fig = _figure(width_in, 1.2 + 0.8 * rows)
    with mpl.rc_context(FONT):
        grid = fig.add_gridspec(rows + 1, columns, hspace=1.1, wspace=0.25)
        for i, s in enumerate(transverse):
            ax = fig.add_subplot(grid[i // columns, i % columns])
            _draw_section(ax, s.polygons)
            pts = np.vstack(s.polygons) if s.polygons else np.zeros((1, 2))
            ax.set_title(
                t.text(
                    "{pos} % from the heel: {w} x {h}, {area}",
                    pos=t.number(s.position_pct, 0),
                    w=t.quantity(float(np.ptp(pts[:, 0])), "mm"),
                    h=t.quantity(float(np.ptp(pts[:, 1])), "mm"),
                    area=t.quantity(s.area_mm2 / 100, "cm²", 2),
                ),
                fontsize=6,
                loc="left",
            )
        ax = fig.add_subplot(grid[rows, :])
        for s in longitudinal:
            _draw_section(ax, s.polygons)
            ax.set_title(
                t.text("Centre line: {area}", area=t.quantity(s.area_mm2 / 100, "cm²", 2)),
                fontsize=7,
                loc="left",
            )
        ax.set_xlabel("x (mm)", fontsize=6)
    return _localised(fig, t)


def parting_figure(
    analysis: Analysis, suggested_mm: float, set_mm: float | None, t: Translator
) -> Figure:
    """The side silhouette (lateral) with the parting line: the plan's, else the suggestion."""
    v = analysis.vertices_mm
    x, z = v[:, 0], v[:, 2]
    bins = np.linspace(float(x.min()), float(x.max()), 241)
    which = np.clip(np.searchsorted(bins, x, side="right") - 1, 0, 239)
    low, high = np.full(240, np.inf), np.full(240, -np.inf)
    np.minimum.at(low, which, z)
    np.maximum.at(high, which, z)
    seen = np.isfinite(low)
    centres = (bins[:-1] + bins[1:]) / 2
    height = set_mm if set_mm is not None else suggested_mm
    fig = _figure(7.0, 1.6)
    with mpl.rc_context(FONT):
        ax = fig.add_subplot(1, 1, 1)
        ax.fill_between(centres[seen], low[seen], high[seen], color="#4a4f57", lw=0)
        ax.axhline(height, color=_RED, lw=1.0, ls="--")
        top = float(z.max())
        ax.set_ylim(-0.08 * top, 1.35 * top)
        ax.text(
            float(x.min()), height + 0.06 * top,
            t.text("parting line {height}", height=t.quantity(height, "mm", 1)),
            color=_RED, fontsize=6, va="bottom", ha="left",
        )  # fmt: skip
        ax.set_xlabel("x (mm)", fontsize=6)
        ax.set_ylabel("z (mm)", fontsize=6)
        ax.tick_params(labelsize=5)
        ax.set_title(t("Side view with the parting line (heights enlarged)"), fontsize=7,
                     loc="left")  # fmt: skip
    return _localised(fig, t)


def _draw_section(ax: Axes, polygons: Sequence[np.ndarray]) -> None:
    import shapely

    for ring in polygons:
        # A tenth of a millimetre is far below what the plot shows; fewer points, faster sheet.
        ring = np.asarray(shapely.simplify(shapely.LinearRing(ring), 0.1).coords)
        ax.fill(ring[:, 0], ring[:, 1], color="#4a4f57", lw=0)
    ax.set_aspect("equal")
    ax.tick_params(labelsize=5)


class _Whole:
    """Tick labels as whole numbers in the sheet's language (a class, not a closure: the
    figure is pickled to the process that draws it)."""

    def __init__(self, t: Translator) -> None:
        self.t = t

    def __call__(self, x: float, _pos: int | None = None) -> str:
        return self.t.number(float(x), 0)


def cost_chart(sheet: CostSheet, t: Translator) -> Figure:
    """Cost per pair by size, stacked by what it is made of (Rupiah)."""
    fig = _figure(7.0, 2.5)
    parts = [
        (t("compound"), "#2c3e50", [s.material_idr_per_pair for s in sheet.sizes]),
        (t("pressing"), "#2980b9", [s.pressing_idr_per_pair for s in sheet.sizes]),
        (t("finishing"), "#7fb3d5", [s.finishing_idr_per_pair for s in sheet.sizes]),
        (t("labour"), "#5d6d7e", [s.labour_idr_per_pair for s in sheet.sizes]),
        (t("mould"), "#e67e22", [s.mould_idr_per_pair for s in sheet.sizes]),
        (t("tooling"), "#f5cba7", [s.tooling_idr_per_pair for s in sheet.sizes]),
    ]
    labels = [s.size.number for s in sheet.sizes]
    with mpl.rc_context(FONT):
        ax = fig.add_subplot()
        bottom = np.zeros(len(labels))
        for name, colour, values in parts:
            v = np.array([float(x) for x in values]) / 1000.0
            ax.bar(labels, v, bottom=bottom, color=colour, label=name, width=0.7)
            bottom += v
        ax.set_ylabel(t("thousand Rp per pair"), fontsize=6)
        ax.set_xlabel(t.text("size ({system})", system=sheet.sizes[0].size.system), fontsize=6)
        ax.tick_params(labelsize=6)
        ax.yaxis.set_major_formatter(mpl.ticker.FuncFormatter(_Whole(t)))
        ax.legend(fontsize=6, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        ax.spines[["top", "right"]].set_visible(False)
        ax.set_title(t("Cost per pair by size"), fontsize=8, loc="left")
    return _localised(fig, t)
