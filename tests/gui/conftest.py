"""GUI tests run under pytest-xvfb with pytest-qt; the GL format is set before the app exists."""

from __future__ import annotations

import pytest

from outsole_studio.gui import configure_opengl

configure_opengl()


@pytest.fixture()
def window(qtbot):
    """The window, in English, with nothing open; its jobs ended when the test ends."""
    from outsole_studio.gui.texts import use_language
    from outsole_studio.gui.window import MainWindow
    from outsole_studio.gui.worker import Job

    use_language("en")
    w = MainWindow()
    w.ask_user = False  # a test that wants the questions turns them on and answers them
    # Closed at the end without a question: a modal box nobody answers would hang the run.
    qtbot.addWidget(w, before_close_func=lambda widget: setattr(widget, "ask_user", False))
    w.resize(1200, 800)
    w.show()
    yield w
    w.cancel_job()
    Job.wait_all()
