"""What the 3D view marks over the model: a scale bar (the projection is orthographic, so a
millimetre is the same length everywhere on screen), the axes of the canonical frame, and the
heel and toe of the sole."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from ..render.camera import Camera
from .texts import lang, tr

#: Lengths a scale bar may show, mm.
NICE_MM = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)


def scale_length_mm(mm_per_px: float, target_px: float = 120.0) -> float:
    """The longest nice length whose bar is at most ``target_px`` long (the shortest if none)."""
    fitting = [mm for mm in NICE_MM if mm / mm_per_px <= target_px]
    return float(fitting[-1] if fitting else NICE_MM[0])


def to_screen(camera: Camera, point_mm: Any, width: int, height: int) -> tuple[float, float]:
    """Where a canonical-frame point lands in a view of ``width`` x ``height`` pixels."""
    b = camera.basis()
    rel = np.asarray(point_mm, dtype=float) - np.asarray(camera.target_mm)
    px_per_mm = height / (2.0 * camera.half_height_mm)
    return (width / 2.0 + float(b[0] @ rel) * px_per_mm,
            height / 2.0 - float(b[1] @ rel) * px_per_mm)  # fmt: skip


class ViewMarks(QWidget):
    """Scale bar, axis marker and heel/toe labels, painted over the view (mouse passes through)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.camera: Camera | None = None
        self.bounds: tuple[Any, Any] | None = None  # the model's lo, hi in the canonical frame

    def show_view(self, camera: Camera, bounds: tuple[Any, Any] | None) -> None:
        """Mark this view of the model (None: no model)."""
        if camera != self.camera or bounds is not self.bounds:
            self.camera, self.bounds = camera, bounds
            self.update()

    def scale_mm(self) -> float | None:
        """The length the scale bar shows, mm."""
        if self.camera is None or self.height() <= 0:
            return None
        return scale_length_mm(2.0 * self.camera.half_height_mm / self.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        cam = self.camera
        if cam is None or self.bounds is None:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = QColor("#1f2a36")
        w, h = self.width(), self.height()
        # Scale bar, bottom left.
        mm = self.scale_mm() or 10.0
        px = mm * h / (2.0 * cam.half_height_mm)
        x0, y0 = 16.0, h - 20.0
        p.setPen(QPen(ink, 2))
        p.drawLine(QPointF(x0, y0), QPointF(x0 + px, y0))
        for x in (x0, x0 + px):
            p.drawLine(QPointF(x, y0 - 5), QPointF(x, y0 + 1))
        p.drawText(QRectF(x0, y0 - 22, max(px, 80), 16),
                   f"{lang().number(mm, 0)} mm")  # fmt: skip
        # Axes, bottom right: X toward the toe, Y to the left of a right foot, Z up.
        b = cam.basis()
        centre = QPointF(w - 46.0, h - 46.0)
        for axis, name, colour in ((0, "X", "#c0392b"), (1, "Y", "#27ae60"), (2, "Z", "#2980b9")):
            v = np.eye(3)[axis]
            dx, dy = float(b[0] @ v) * 28, -float(b[1] @ v) * 28
            if math.hypot(dx, dy) < 3:  # pointing at the viewer: a dot
                p.setPen(QPen(QColor(colour), 5))
                p.drawPoint(centre)
            p.setPen(QPen(QColor(colour), 2))
            end = QPointF(centre.x() + dx, centre.y() + dy)
            p.drawLine(centre, end)
            p.drawText(QRectF(end.x() - 6, end.y() - 8, 14, 16), Qt.AlignmentFlag.AlignCenter, name)
        # Heel and toe, just beyond the ends of the sole on its centre line, on a light tag so
        # they read over a dark compound.
        lo, hi = (np.asarray(x, dtype=float) for x in self.bounds)
        mid_y, beyond = 0.5 * (lo[1] + hi[1]), 0.06 * (hi[0] - lo[0])
        metrics = p.fontMetrics()
        for x, text in ((lo[0] - beyond, tr("heel")), (hi[0] + beyond, tr("toe"))):
            sx, sy = to_screen(cam, (x, mid_y, lo[2]), w, h)
            tw = metrics.horizontalAdvance(text) + 10
            tag = QRectF(sx - tw / 2, sy - 9, tw, 18)
            p.setPen(QColor("#b8bec6"))
            p.setBrush(QColor(255, 255, 255, 215))
            p.drawRoundedRect(tag, 4, 4)
            p.setPen(ink)
            p.drawText(tag, Qt.AlignmentFlag.AlignCenter, text)
        p.end()
