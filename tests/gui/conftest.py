"""GUI tests run under pytest-xvfb with pytest-qt; the GL format is set before the app exists."""

from __future__ import annotations

from outsole_studio.gui import configure_opengl

configure_opengl()
