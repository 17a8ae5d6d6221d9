"""A matplotlib figure shown as a picture, made and drawn on a thread of its own.

A live ``FigureCanvasQTAgg`` draws its figure while the window paints (75 ms for the cost chart
on a software-rendered display), so the window stops answering for as long. Here the figure is
built and drawn with the Agg renderer on a background thread, at the widget's width; the window
only turns the finished pixels into a picture. The thread holds Python's lock for a few
milliseconds at a time, so the window keeps answering (drawn in events of the window's own, the
chart's 50 ms to build and 50 ms to draw met the 3D view's refining frames, and the window did not
answer for 100-130 ms now and then while a model was opened).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy

from ..texts import tr

#: Dots per inch of the picture at a device pixel ratio of 1 (points to pixels as Qt's fonts).
SCREEN_DPI = 96
#: After a resize, the figure is drawn again once the size has stayed this long.
RESIZE_DELAY_MS = 150

_drawing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="outsole-figure")
"""One thread draws every figure, one after the other: a figure is only ever used by it."""


class _Drawn(QObject):
    """Carries a finished picture from the drawing thread to the window's thread."""

    done = Signal(int, object, object, str)  # job, figure, (rgba, w, h, ratio), thread name


class FigureImage(QLabel):
    """Shows a figure as a picture of the widget's size, ``height_px`` tall."""

    def __init__(
        self, height_px: int, margins_in: tuple[float, float, float, float] | None = None
    ) -> None:
        """``margins_in``: left, right, bottom and top margins around the axes, inches (room
        for labels and a legend beside the axes at any width; a layout engine would take as
        long again as the drawing)."""
        super().__init__()
        #: The figure shown (None until the first is made).
        self.figure: Any = None
        self.margins_in = margins_in
        self.setFixedHeight(height_px)
        # The picture follows the layout's width; it never asks for more.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.draw)
        self._drawn = _Drawn(self)
        self._drawn.done.connect(self._show)
        self._job = 0  # the latest job; pictures of earlier ones are let go
        self._make: Callable[[], Any] | None = None  # what the next drawing draws
        #: The widget size the picture was drawn for (None: not drawn yet).
        self.drawn_size: tuple[int, int] | None = None
        #: The thread the last picture was drawn on.
        self.drawn_on = ""

    def set_figure(self, make: Callable[[], Any]) -> None:
        """Show the figure ``make()`` returns: made and drawn on the drawing thread."""
        self.drawn_size = None
        self._make = make
        self.draw()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self._make is not None and not self._timer.isActive():
            self._timer.start(RESIZE_DELAY_MS)

    def draw(self) -> None:
        """Draw the figure at the widget's size, on the drawing thread (once it has a width)."""
        if self._make is None or self.width() < 2:
            return  # drawn at the resize that gives it its width
        self._job += 1
        ratio = self.devicePixelRatioF()
        size = (round(self.width() * ratio), round(self.height() * ratio))
        _drawing.submit(_draw, self._make, size, ratio, self.margins_in, self._job, self._drawn)

    def _show(self, job: int, figure: Any, picture: Any, thread: str) -> None:
        if job != self._job:
            return  # a newer figure or size is on its way
        self._make = lambda: figure  # made once; a new size only draws it again
        if isinstance(picture, str):  # what went wrong, in place of the picture
            self.setText(tr("the chart could not be drawn: {why}", why=picture))
            return
        rgba, w, h, ratio = picture
        image = QImage(rgba, w, h, 4 * w, QImage.Format.Format_RGBA8888)
        image.setDevicePixelRatio(ratio)
        self.figure = figure
        self.setPixmap(QPixmap.fromImage(image))
        self.drawn_size = (round(w / ratio), round(h / ratio))
        self.drawn_on = thread


def _draw(
    make: Callable[[], Any],
    size: tuple[int, int],
    ratio: float,
    margins_in: tuple[float, float, float, float] | None,
    job: int,
    drawn: _Drawn,
) -> None:
    """On the drawing thread: make the figure, draw it at ``size`` pixels, send the pixels (or,
    if that failed, one line saying why)."""
    try:
        figure = make()
        picture: Any = _pixels(figure, size, ratio, margins_in)
    except Exception as exc:  # noqa: BLE001 - shown in the picture's place, the window goes on
        figure, picture = None, f"{type(exc).__name__}: {exc}"
    # RuntimeError: the picture's widget is gone (the window closed while it was drawn).
    with contextlib.suppress(RuntimeError):
        drawn.done.emit(job, figure, picture, threading.current_thread().name)


def _pixels(
    figure: Any,
    size: tuple[int, int],
    ratio: float,
    margins_in: tuple[float, float, float, float] | None,
) -> tuple[bytes, int, int, float]:
    """``figure`` drawn by Agg at ``size`` pixels: (RGBA bytes, width, height, ratio)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    w, h = size
    figure.set_dpi(SCREEN_DPI * ratio)  # type sizes as on the screen's other text
    width_in, height_in = w / figure.dpi, h / figure.dpi
    figure.set_size_inches(width_in, height_in)
    if margins_in is not None:
        left, right, bottom, top = margins_in
        figure.subplots_adjust(
            left=min(0.45, left / width_in),
            right=max(0.55, 1 - right / width_in),
            bottom=min(0.45, bottom / height_in),
            top=max(0.55, 1 - top / height_in),
        )
    canvas = FigureCanvasAgg(figure)
    canvas.draw()  # type: ignore[no-untyped-call]
    return bytes(canvas.buffer_rgba()), w, h, ratio  # type: ignore[no-untyped-call]
