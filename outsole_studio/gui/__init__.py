"""The desktop application (PySide6). Only this package imports Qt."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path


def has_display() -> bool:
    """Whether a window can be shown here (an X or Wayland display, or a non-Linux desktop)."""
    if os.environ.get("QT_QPA_PLATFORM") in ("offscreen", "minimal"):
        return True
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def configure_opengl() -> None:
    """Ask for an OpenGL 3.3 core context (the shaders' version); before QApplication."""
    from PySide6.QtGui import QSurfaceFormat

    fmt = QSurfaceFormat()
    fmt.setVersion(3, 3)
    fmt.setProfile(QSurfaceFormat.OpenGLContextProfile.CoreProfile)
    fmt.setDepthBufferSize(24)
    fmt.setSamples(0)  # the view multisamples still frames itself (gui.viewer)
    QSurfaceFormat.setDefaultFormat(fmt)


def main(argv: Sequence[str] = ()) -> int:
    """Open the window, on a file if one is given; returns the exit code."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from ..core.resources import resource_path
    from .window import MainWindow, open_later

    configure_opengl()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0], *argv])
    app.setApplicationName("Outsole Studio")
    app.setWindowIcon(QIcon(str(resource_path("icons", "outsole-studio.svg"))))
    window = MainWindow()
    window.show()
    if argv:
        open_later(window, Path(argv[0]))
    return int(app.exec())
