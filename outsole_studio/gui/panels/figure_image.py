"""A matplotlib figure shown as a picture, drawn in an event of its own.

A live ``FigureCanvasQTAgg`` draws its figure while the window paints (75 ms for the cost chart
on a software-rendered display), so the window stops answering for as long. Here the figure is
drawn in a timer event, at the widget's width, and painting only shows the picture.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy

#: A new figure is drawn this long after it is set: in a turn of the event loop of its own, after
#: the layout and paint that adding it caused (a short delay would fall into their turn, and the
#: window would stop answering for both: 120 ms on a software-rendered display).
DRAW_DELAY_MS = 150
#: Dots per inch of the picture at a device pixel ratio of 1 (points to pixels as Qt's fonts).
SCREEN_DPI = 96
#: After a resize, the figure is drawn again once the size has stayed this long.
RESIZE_DELAY_MS = 150


class FigureImage(QLabel):
    """Shows ``figure`` as a picture of the widget's size, ``height_px`` tall."""

    def __init__(
        self, height_px: int, margins_in: tuple[float, float, float, float] | None = None
    ) -> None:
        """``margins_in``: left, right, bottom and top margins around the axes, inches (room
        for labels and a legend beside the axes at any width; a layout engine would take as
        long again as the drawing)."""
        super().__init__()
        self.figure: Any = None
        self.margins_in = margins_in
        self.setFixedHeight(height_px)
        # The picture follows the layout's width; it never asks for more.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.draw)
        #: The widget size the picture was drawn for (None: not drawn yet).
        self.drawn_size: tuple[int, int] | None = None

    def set_figure(self, figure: Any) -> None:
        """Show ``figure`` (drawn shortly, in an event of its own)."""
        self.figure = figure
        self.drawn_size = None
        self._timer.start(DRAW_DELAY_MS)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.figure is not None and not self._timer.isActive():
            self._timer.start(RESIZE_DELAY_MS)

    def draw(self) -> None:
        """Draw the figure at the widget's size now."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        if self.figure is None or self.width() < 2:
            return
        ratio = self.devicePixelRatioF()
        w, h = round(self.width() * ratio), round(self.height() * ratio)
        self.figure.set_dpi(SCREEN_DPI * ratio)  # type sizes as on the screen's other text
        width_in, height_in = w / self.figure.dpi, h / self.figure.dpi
        self.figure.set_size_inches(width_in, height_in)
        if self.margins_in is not None:
            left, right, bottom, top = self.margins_in
            self.figure.subplots_adjust(
                left=min(0.45, left / width_in),
                right=max(0.55, 1 - right / width_in),
                bottom=min(0.45, bottom / height_in),
                top=max(0.55, 1 - top / height_in),
            )
        canvas = FigureCanvasAgg(self.figure)
        canvas.draw()  # type: ignore[no-untyped-call]
        rgba = canvas.buffer_rgba()  # type: ignore[no-untyped-call]
        image = QImage(bytes(rgba), w, h, 4 * w, QImage.Format.Format_RGBA8888)
        image.setDevicePixelRatio(ratio)
        self.setPixmap(QPixmap.fromImage(image))
        self.drawn_size = (self.width(), self.height())
