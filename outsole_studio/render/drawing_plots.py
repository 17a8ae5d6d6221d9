"""The dimensioned drawing as matplotlib figures: the plan from below with its dimensions and
cut lines, the side, front and back views with heights, and the sections enlarged with their
call-outs. Every number comes from :class:`~outsole_studio.core.geometry.drawing.ShoeDrawing`.
"""

from __future__ import annotations

import math

import matplotlib as mpl
import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..core.geometry.drawing import DrawnSection, Profile, ShoeDrawing
from ..core.geometry.sections import union
from ..core.i18n import Translator
from .plots import FONT, _figure, _localised

_INK = "#1d2127"
_FILL = "#d9dce1"
_DIM = "#1f4e8c"
_CUT = "#c0392b"
_ARROW = {"arrowstyle": "<|-|>", "lw": 0.6, "color": _DIM, "shrinkA": 0, "shrinkB": 0,
          "mutation_scale": 6}  # fmt: skip


def _dim(ax: Axes, a: tuple[float, float], b: tuple[float, float], text: str,
         side: str = "left", rotate: bool = False) -> None:  # fmt: skip
    """A dimension line from ``a`` to ``b`` with its value beside the middle."""
    ax.annotate("", xy=b, xytext=a, arrowprops=_ARROW)
    mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    ha = {"left": "right", "right": "left"}.get(side, "center")
    va = {"above": "bottom", "below": "top"}.get(side, "center")
    pad = {"left": (-1.5, 0), "right": (1.5, 0), "above": (0, 1.2), "below": (0, -1.2)}[side]
    ax.annotate(text, (mx, my), xytext=pad, textcoords="offset points", ha=ha, va=va,
                fontsize=6, color=_DIM, rotation=90 if rotate else 0,
                bbox={"fc": "white", "ec": "none", "pad": 0.4})  # fmt: skip


def _extension(ax: Axes, xs: list[float], ys: list[float]) -> None:
    ax.plot(xs, ys, color=_DIM, lw=0.3)


def _bare(ax: Axes) -> None:
    ax.set_aspect("equal")
    ax.set_axis_off()


def _plan(ax: Axes, d: ShoeDrawing, t: Translator) -> None:
    """Seen from below: y mirrored, heel on the left."""
    for ring in d.outline_mm:
        ax.fill(ring[:, 0], -ring[:, 1], color=_FILL, lw=0)
        ax.plot(ring[:, 0], -ring[:, 1], color=_INK, lw=0.7)
    plan = {p.kind: p for p in d.plan}
    ys = np.concatenate([r[:, 1] for r in d.outline_mm]) if d.outline_mm else np.zeros(1)
    top, bottom = float(-ys.min()), float(-ys.max())  # drawn y of the two sides
    span = top - bottom
    length = plan["length"]
    y_len = bottom - 0.3 * span
    _extension(ax, [length.lo_mm, length.lo_mm], [y_len - 2, bottom])
    _extension(ax, [length.hi_mm, length.hi_mm], [y_len - 2, bottom])
    _dim(ax, (length.lo_mm, y_len), (length.hi_mm, y_len), t.quantity(length.value_mm, "mm", 1),
         side="below")  # fmt: skip
    names = {"heel": t("heel"), "waist": t("waist"), "ball": t("ball")}
    for kind in ("heel", "waist", "ball"):
        p = plan[kind]
        label = f"{names[kind]} {t.quantity(p.value_mm, 'mm', 1)}"
        _dim(ax, (p.x_mm, -p.hi_mm), (p.x_mm, -p.lo_mm), label, side="right", rotate=True)
    for s in d.sections:
        lo, hi = s.y_range_mm
        ax.plot([s.x_mm, s.x_mm], [-hi - 0.1 * span, -lo + 0.1 * span], color=_CUT, lw=0.6,
                ls=(0, (6, 2, 1, 2)))  # fmt: skip
        for y, va in ((-lo + 0.1 * span, "bottom"), (-hi - 0.1 * span, "top")):
            ax.text(s.x_mm, y, s.letter, color=_CUT, fontsize=7, ha="center", va=va,
                    fontweight="bold")  # fmt: skip
        # The width at the station, under the lower letter.
        ax.text(s.x_mm, -hi - 0.1 * span - 0.11 * span, t.quantity(s.width_mm, "mm", 1),
                color=_CUT, fontsize=5.5, ha="center", va="top")  # fmt: skip
    ax.text(length.lo_mm, top + 0.2 * span, t("Plan, seen from below (heel left)"),
            fontsize=7, va="bottom")  # fmt: skip
    ax.set_ylim(y_len - 0.12 * span, top + 0.3 * span)
    _bare(ax)


def _profile(ax: Axes, p: Profile, mirror: bool = False) -> None:
    seen = np.isfinite(p.low_mm)
    u = -p.u_mm if mirror else p.u_mm
    ax.fill_between(u[seen], p.low_mm[seen], p.high_mm[seen], color=_FILL, lw=0)
    for z in (p.low_mm, p.high_mm):
        ax.plot(u[seen], z[seen], color=_INK, lw=0.6)
    ax.axhline(0.0, color=_INK, lw=0.3, ls=":")


def _side(ax: Axes, d: ShoeDrawing, t: Translator, caption: str) -> None:
    _profile(ax, d.side)
    x0, x1 = float(d.side.u_mm[0]), float(d.side.u_mm[-1])
    h = d.total_height_mm
    top_x = float(d.side.u_mm[int(np.nanargmax(d.side.high_mm))])
    right = x1 + 0.03 * (x1 - x0)
    _extension(ax, [top_x, right + 2], [h, h])
    _dim(ax, (right, 0.0), (right, h), t.quantity(h, "mm", 1), side="right")
    if d.heel_height_mm is not None:
        hx = x0 - 0.03 * (x1 - x0)
        _dim(ax, (hx, 0.0), (hx, d.heel_height_mm), t.quantity(d.heel_height_mm, "mm", 1),
             side="left")  # fmt: skip
        ax.text(hx, -0.25 * h - 1, t("heel height"), fontsize=5.5, color=_DIM, ha="center",
                va="top")  # fmt: skip
    if d.toe_spring_mm > 0.05:
        tx = x1 - 0.01 * (x1 - x0)
        _dim(ax, (tx, 0.0), (tx, d.toe_spring_mm), "", side="left")
        ax.annotate(t.text("toe spring {v}", v=t.quantity(d.toe_spring_mm, "mm", 1)),
                    (tx, d.toe_spring_mm), xytext=(-30, 10 + h), textcoords="offset points",
                    fontsize=6, color=_DIM, ha="right",
                    arrowprops={"arrowstyle": "-", "lw": 0.4, "color": _DIM})  # fmt: skip
    mid = x0 + 0.42 * (x1 - x0)
    ax.annotate(t.text("tread {v}; floor {f}", v=t.quantity(d.tread_mm, "mm", 1),
                       f=t.quantity(d.floor_mm, "mm", 1)),
                (mid, 0.0), xytext=(0, -14), textcoords="offset points", fontsize=6,
                color=_DIM, ha="center", va="top",
                arrowprops={"arrowstyle": "-", "lw": 0.4, "color": _DIM})  # fmt: skip
    ax.text(x0, h * 1.25 + 4, caption, fontsize=7, va="bottom")
    ax.set_ylim(-0.6 * h - 8, h * 1.6 + 8)
    _bare(ax)


def drawing_figure(d: ShoeDrawing, t: Translator, side_caption: str) -> Figure:
    """The views page: plan from below with dimensions and cut lines, side, front and back."""
    length = d.length_mm
    plan_w = max((float(np.ptp(r[:, 1])) for r in d.outline_mm), default=100.0)
    h = max(d.total_height_mm, 1.0)
    fig = _figure(7.0, 7.0 * (plan_w * 1.5 + 2.2 * h + 40) / (length * 1.15) + 1.2)
    with mpl.rc_context(FONT):
        grid = fig.add_gridspec(3, 2, height_ratios=[plan_w * 1.5, 2.2 * h + 20, 2.2 * h + 20],
                                width_ratios=[1, 1], hspace=0.05, wspace=0.1)  # fmt: skip
        _plan(fig.add_subplot(grid[0, :]), d, t)
        _side(fig.add_subplot(grid[1, :]), d, t, side_caption)
        for col, (title, mirror) in enumerate(((t("Front (from the toe)"), False),
                                               (t("Back (from the heel)"), True))):  # fmt: skip
            ax = fig.add_subplot(grid[2, col])
            _profile(ax, d.front, mirror)
            ax.set_title(title, fontsize=7, loc="left")
            _bare(ax)
    return _localised(fig, t)


def _callouts(ax: Axes, s: DrawnSection, t: Translator, z_text: float) -> None:
    """Total height on the right, floor above (with a leader), tread below, wall above."""
    m = s.measures
    pts = np.vstack(s.section.polygons) if s.section.polygons else np.zeros((1, 2))
    z0, z1 = float(pts[:, 1].min()), float(pts[:, 1].max())
    u0, u1 = float(pts[:, 0].min()), float(pts[:, 0].max())
    right = u1 + 0.02 * (u1 - u0) + 1
    _dim(ax, (right, z0), (right, z1), t.quantity(m.total_mm, "mm", 1), side="right")
    shape = union([shapely.Polygon(r) for r in s.section.polygons])

    def span_at(u: float) -> tuple[float, float]:
        hit = shapely.intersection(shapely.LineString([(u, z0 - 1), (u, z1 + 1)]), shape)
        b = hit.bounds
        return (z0, z1) if hit.is_empty or math.isnan(b[1]) else (b[1], b[3])

    lo, hi = span_at(m.floor_u_mm)
    _dim(ax, (m.floor_u_mm, lo), (m.floor_u_mm, hi), "")
    leader = {"arrowstyle": "-", "lw": 0.4, "color": _DIM}
    ax.annotate(t.text("floor {v}", v=t.quantity(m.floor_mm, "mm", 1)), (m.floor_u_mm, hi),
                xytext=(m.floor_u_mm, z_text), fontsize=6, color=_DIM, ha="center",
                va="bottom", arrowprops=leader)  # fmt: skip
    if m.tread_mm > 0.05:
        gu = m.tread_u_mm
        g_lo, _ = span_at(gu)
        _dim(ax, (gu, z0), (gu, g_lo), "")
        ax.annotate(t.text("tread {v}", v=t.quantity(m.tread_mm, "mm", 1)), (gu, z0),
                    xytext=(0, -8), textcoords="offset points", fontsize=6, color=_DIM,
                    ha="center", va="top")  # fmt: skip
    if m.wall_mm is not None and m.wall_z_mm is not None:
        _dim(ax, (u0, m.wall_z_mm), (u0 + m.wall_mm, m.wall_z_mm), "")
        ax.annotate(t.text("wall {v}", v=t.quantity(m.wall_mm, "mm", 1)), (u0, m.wall_z_mm),
                    xytext=(u0 + m.wall_mm + 3, z_text), fontsize=6, color=_DIM, ha="left",
                    va="bottom", arrowprops=leader)  # fmt: skip


#: Width of the page's drawing, inches (the PDF's frame).
PAGE_W_IN = 7.0


def section_scale(d: ShoeDrawing) -> float:
    """The one scale of the enlarged sections: 2:1, or less so the widest fits the page."""
    widths = [float(np.ptp(np.vstack(s.section.polygons)[:, 0])) for s in d.sections
              if s.section.polygons] or [100.0]  # fmt: skip
    return min(2.0, PAGE_W_IN * 25.4 * 0.82 / max(widths))


def section_figure(d: ShoeDrawing, s: DrawnSection, t: Translator) -> Figure:
    """One section at the drawing's enlarged scale (:func:`section_scale`) with its call-outs,
    :data:`PAGE_W_IN` wide: placed at that width on the page, it is at that scale."""
    mm_in = section_scale(d) / 25.4  # inches of paper per mm of sole
    sec = s.section
    pts = np.vstack(sec.polygons) if sec.polygons else np.zeros((1, 2))
    cu = float(pts[:, 0].min() + pts[:, 0].max()) / 2
    z0, z1 = float(pts[:, 1].min()), float(pts[:, 1].max())
    row = (z1 - z0) * mm_in + 0.9  # the section, its title and labels above, tread below
    fig = _figure(PAGE_W_IN, row)
    span_u = PAGE_W_IN / mm_in
    with mpl.rc_context(FONT):
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        for ring in sec.polygons:
            ax.fill(ring[:, 0], ring[:, 1], color="#4a4f57", lw=0)
        for ring in sec.holes:
            ax.fill(ring[:, 0], ring[:, 1], color="white", lw=0)
        below = 0.3 / mm_in  # room for the tread label, mm of the drawing
        above = (row - (z1 - z0) * mm_in - 0.3) / mm_in
        _callouts(ax, s, t, z1 + 0.3 * above)
        ax.set_xlim(cu - span_u / 2, cu + span_u / 2)
        ax.set_ylim(z0 - below, z1 + above)
        _bare(ax)
        where = t.text(
            "{letter}-{letter}: {pct} % ({x} from the heel), {w} wide",
            letter=s.letter,
            pct=t.number(sec.position_pct, 1),
            x=t.quantity(s.x_mm - d.side.u_mm[0], "mm", 1),
            w=t.quantity(s.width_mm, "mm", 1),
        )
        if sec.moved and sec.requested_pct is not None:
            where += "; " + t.text("moved from {pct} % to cut across the tread",
                                   pct=t.number(sec.requested_pct, 0))  # fmt: skip
        ax.text(cu - span_u / 2 + 0.02 / mm_in, z1 + above * 0.97, where, fontsize=6.5,
                va="top", fontweight="bold")  # fmt: skip
    return _localised(fig, t)
