"""Matplotlib pictures of an outsole: bottom (tread) and side views, with a scale bar.

Qt-free and GL-free, so a picture can be made anywhere (examples, reports without a GPU). Figures
are made without pyplot, so no global backend is touched and any thread may draw.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import cast

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

from ..core.geometry.mesh import FloatArray, IntArray

_RUBBER = LinearSegmentedColormap.from_list("rubber", ["#1d1f22", "#4a4f57", "#9aa3ad"])


def as_polygons(polys: FloatArray) -> Sequence[FloatArray]:
    """An ``(n, k, 2)`` array as the sequence of polygons matplotlib's types ask for (a view)."""
    return cast(Sequence[FloatArray], polys)


def _scale_bar(ax: Axes, x0: float, y0: float, length_mm: float = 50.0) -> None:
    ax.plot([x0, x0 + length_mm], [y0, y0], color="#c0392b", lw=3, solid_capstyle="butt")
    ax.text(x0 + length_mm / 2, y0, f"{length_mm:.0f} mm", ha="center", va="bottom", fontsize=8,
            color="#c0392b")  # fmt: skip


def bottom_view(parts: list[tuple[FloatArray, IntArray]], ax: Axes) -> None:
    """Draw the sole seen from below: down-facing faces, darker where they touch the ground.

    Seen from below, +Y (the right foot's medial side) appears on the left, as when a sole is
    turned over in the hand.
    """
    polys, shade = [], []
    for v, f in parts:
        tri = v[f]
        n = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
        down = n[:, 2] < -1e-12 * np.abs(n).max()
        t = tri[down]
        polys.append(np.stack([t[:, :, 0], -t[:, :, 1]], axis=2))
        shade.append(t[:, :, 2].mean(axis=1))
    poly = np.concatenate(polys)
    z = np.concatenate(shade)
    order = np.argsort(-z)  # nearest to the viewer (lowest z) drawn last
    col = PolyCollection(
        as_polygons(poly[order]), array=z[order], cmap=_RUBBER, edgecolors="face", lw=0.05
    )
    col.set_clim(z.min(), min(z.max(), z.min() + 5.0))  # tread relief, not heel height
    ax.add_collection(col)
    xs, ys = poly[:, :, 0], poly[:, :, 1]
    ax.set_xlim(xs.min() - 10, xs.max() + 10)
    ax.set_ylim(ys.min() - 18, ys.max() + 8)
    ax.set_aspect("equal")
    ax.axis("off")
    _scale_bar(ax, xs.min(), ys.min() - 12)


def side_view(parts: list[tuple[FloatArray, IntArray]], ax: Axes) -> None:
    """Draw the profile seen from the lateral (-Y) side: every face projected onto XZ."""
    colors = ["#2e3238", "#d9cfc1", "#8c6f4f"]
    for i, (v, f) in enumerate(parts):
        tri = v[f][:, :, [0, 2]]
        ax.add_collection(
            PolyCollection(as_polygons(tri), facecolors=colors[i % 3], edgecolors="none")
        )
    allv = np.vstack([v for v, _ in parts])
    ax.set_xlim(allv[:, 0].min() - 10, allv[:, 0].max() + 10)
    ax.set_ylim(-12, max(allv[:, 2].max() + 6, 30))
    ax.axhline(0, color="#888888", lw=0.6)
    ax.set_aspect("equal")
    ax.axis("off")
    _scale_bar(ax, allv[:, 0].min(), -8)


def save_views(
    parts: list[tuple[FloatArray, IntArray]], bottom_png: Path, side_png: Path, title: str = ""
) -> None:
    """Write the bottom and side views as PNG files."""
    fig = Figure(figsize=(7.5, 3.6), dpi=110)
    ax = fig.add_subplot()
    bottom_view(parts, ax)
    if title:
        ax.set_title(title, fontsize=10)
    fig.savefig(bottom_png, bbox_inches="tight", facecolor="white")
    fig = Figure(figsize=(7.5, 1.8), dpi=110)
    side_view(parts, fig.add_subplot())
    fig.savefig(side_png, bbox_inches="tight", facecolor="white")
