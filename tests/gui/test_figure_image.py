"""A figure shown as a picture: made and drawn on the figures' thread, drawn again at a new
width, and a figure that cannot be made says why in its place."""

from __future__ import annotations

import threading

from matplotlib.figure import Figure

from outsole_studio.gui.panels.figure_image import FigureImage


def _bars() -> Figure:
    fig = Figure()
    fig.add_subplot().bar([1, 2, 3], [3, 1, 2])
    return fig


def test_made_and_drawn_off_the_windows_thread_at_the_widgets_size(qtbot):
    made_on: list[str] = []

    def make() -> Figure:
        made_on.append(threading.current_thread().name)
        return _bars()

    image = FigureImage(120)
    qtbot.addWidget(image)
    image.resize(300, 120)
    image.show()
    image.set_figure(make)
    qtbot.waitUntil(lambda: image.drawn_size is not None)
    assert made_on[0].startswith("outsole-figure") and image.drawn_on == made_on[0]
    assert image.drawn_size == (300, 120)
    ratio = image.devicePixelRatioF()
    assert image.pixmap().width() == round(300 * ratio)
    # A new width: the same figure drawn again (not made again).
    image.resize(420, 120)
    qtbot.waitUntil(lambda: image.drawn_size == (420, 120))
    assert len(made_on) == 1 and image.figure.axes


def test_a_figure_that_cannot_be_made_says_why(qtbot):
    def broken() -> Figure:
        raise ValueError("no sizes to chart")

    image = FigureImage(120)
    qtbot.addWidget(image)
    image.resize(300, 120)
    image.show()
    image.set_figure(broken)
    qtbot.waitUntil(lambda: "no sizes to chart" in image.text())
    assert image.drawn_size is None
