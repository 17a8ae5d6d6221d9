"""The 3D view: a QOpenGLWidget drawing the Qt-free scene with an orbit camera.

Left drag orbits, right or middle drag pans, the wheel zooms; while the camera moves a coarser
mesh is drawn for large models, and the full one when it stops.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtOpenGLWidgets import QOpenGLWidget
from PySide6.QtWidgets import QWidget

from ..core.mesh import FloatArray, IntArray
from ..render.camera import Camera, fitted


class Viewer(QOpenGLWidget):
    """Shows one model; :meth:`set_parts` replaces it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.camera = Camera()
        self.scene: Any = None
        self.ctx: Any = None
        self._pending: list[tuple[FloatArray, IntArray, tuple[float, float, float]]] | None = None
        self._last = QPoint()
        self.moving = False
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.timeout.connect(self._stop_moving)
        self.setMinimumSize(320, 240)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    # -- GL ---------------------------------------------------------------------------------

    def initializeGL(self) -> None:  # noqa: N802 - Qt's name
        import moderngl

        from ..render.scene import MeshScene

        self.ctx = moderngl.create_context()
        self.scene = MeshScene(self.ctx)

    def paintGL(self) -> None:  # noqa: N802 - Qt's name
        if self.ctx is None:
            return
        if self._pending is not None:
            self.scene.set_mesh(self._pending)
            self._pending = None
            self.fit()
        fbo = self.ctx.detect_framebuffer(self.defaultFramebufferObject())
        fbo.use()
        ratio = self.devicePixelRatio()
        self.ctx.viewport = (0, 0, int(self.width() * ratio), int(self.height() * ratio))
        self.ctx.clear(0.97, 0.97, 0.98, 1.0)
        self.scene.draw(self.camera, self._aspect(), moving=self.moving)

    def _aspect(self) -> float:
        return max(self.width(), 1) / max(self.height(), 1)

    # -- model and camera --------------------------------------------------------------------

    def set_parts(
        self, parts: list[tuple[FloatArray, IntArray, tuple[float, float, float]]]
    ) -> None:
        """Show these bodies (uploaded at the next paint)."""
        self._pending = parts
        self.update()

    def fit(self) -> None:
        """Frame the whole model."""
        if self.scene is not None and self.scene.full is not None:
            self.camera = fitted(self.camera, self.scene.lo, self.scene.hi, self._aspect())
        self.update()

    def show_preset(self, name: str) -> None:
        """Bottom, top, side, front or three-quarter, framed."""
        self.camera = self.camera.preset(name)
        self.fit()

    # -- mouse --------------------------------------------------------------------------------

    def _moved(self) -> None:
        self.moving = True
        self._settle.start(150)
        self.update()

    def _stop_moving(self) -> None:
        self.moving = False
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        self._last = event.position().toPoint()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        pos = event.position().toPoint()
        dx, dy = pos.x() - self._last.x(), pos.y() - self._last.y()
        self._last = pos
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.camera = self.camera.orbit(-0.4 * dx, 0.4 * dy)
        elif event.buttons() & (Qt.MouseButton.RightButton | Qt.MouseButton.MiddleButton):
            mm_per_px = 2 * self.camera.half_height_mm / max(self.height(), 1)
            self.camera = self.camera.pan(-dx * mm_per_px, dy * mm_per_px)
        else:
            return
        self._moved()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt's name
        steps = event.angleDelta().y() / 120.0
        self.camera = self.camera.zoom(0.85**steps)
        self._moved()
