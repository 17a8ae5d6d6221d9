"""PySide6 desktop face: main window, 3D view, panels, background workers."""
