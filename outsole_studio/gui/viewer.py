"""The 3D view: a QOpenGLWidget drawing the Qt-free scene with an orbit camera.

Left drag orbits, right or middle drag pans, the wheel zooms. While the camera moves, a large
model is drawn through its clustered stand-in. When it stops, the full mesh is built up in an
offscreen framebuffer a slice of :data:`STILL_STEP` faces per frame, the stand-in's picture
staying on screen meanwhile, and shown once complete: no frame holds the GUI thread for the
whole mesh (about 0.3 s for 1.3 M triangles on Mesa's llvmpipe). Models small enough to need
no stand-in are drawn at once, multisampled. An overlay's legend sits in the view's corner.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QRectF, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtOpenGLWidgets import QOpenGLWidget
from PySide6.QtWidgets import QWidget

from ..render.camera import Camera, fitted
from ..render.overlays import Legend
from ..render.scene import SceneMesh
from .view_marks import ViewMarks

#: Samples per pixel of a still frame of a small model.
STILL_SAMPLES = 4
#: Faces of the full mesh drawn per frame while a still picture is built up (~30 ms here).
STILL_STEP = 100_000
#: Quiet time after the last mouse move before the full mesh is drawn again, ms.
SETTLE_MS = 250


class LegendBox(QWidget):
    """An overlay's title and colour scale (or swatches), painted over the 3D view."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.legend: Legend | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()

    def set_legend(self, legend: Legend | None) -> None:
        """Show this legend (None hides the box)."""
        self.legend = legend
        if legend is None:
            self.hide()
            return
        metrics = self.fontMetrics()
        texts = [legend.title, *(label for label, _ in legend.swatches)]
        width = max(220, *(metrics.horizontalAdvance(text) + 48 for text in texts))
        rows = len(legend.swatches) + (2 if legend.stops else 0)
        self.resize(width, 36 + 20 * rows)
        self.move(12, 12)
        self.show()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        lg = self.legend
        if lg is None:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setBrush(QColor(255, 255, 255, 225))
        p.setPen(QColor("#b8bec6"))
        p.drawRoundedRect(QRectF(0.5, 0.5, self.width() - 1, self.height() - 1), 5, 5)
        p.setPen(QColor("#1f2a36"))
        font = p.font()
        font.setBold(True)
        p.setFont(font)
        p.drawText(QRectF(10, 6, self.width() - 20, 18), lg.title)
        font.setBold(False)
        p.setFont(font)
        y = 30.0
        if lg.stops:
            bar = QRectF(10, y + 2, self.width() - 20, 12)
            gradient = QLinearGradient(bar.topLeft(), bar.topRight())
            for stop, rgb in lg.stops:
                gradient.setColorAt(stop, QColor(*rgb))
            p.fillRect(bar, gradient)
            p.drawText(QRectF(10, y + 16, 80, 18), lg.low_text)
            p.drawText(
                QRectF(self.width() - 90, y + 16, 80, 18),
                Qt.AlignmentFlag.AlignRight,
                lg.high_text,
            )
            y += 40
        for label, rgb in lg.swatches:
            p.fillRect(QRectF(10, y + 2, 14, 14), QColor(*rgb))
            p.drawText(QRectF(32, y, self.width() - 42, 18), label)
            y += 20
        p.end()


class Viewer(QOpenGLWidget):
    """Shows one model; :meth:`set_scene` replaces it, :meth:`set_overlay` recolours it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.camera = Camera()
        self.scene: Any = None
        self.ctx: Any = None
        self._pending: SceneMesh | None = None
        self._pending_colours: Any = False  # False: nothing new
        self._pending_relief = True
        self._still: Any = None
        self._still_key: tuple[Any, ...] | None = None
        self._on_screen: tuple[str, Any] = ("", None)
        self._heavy_end = 0.0
        self._drawn = 0
        self._version = 0
        self._targets: dict[int, Any] = {}
        self._last = QPoint()
        self.moving = False
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.timeout.connect(self._stop_moving)
        # The next slice of a still picture, as a timer so that pending timers and input are
        # served between slices.
        self._refine = QTimer(self)
        self._refine.setSingleShot(True)
        self._refine.setInterval(12)
        self._refine.timeout.connect(self.update)
        self.legend_box = LegendBox(self)
        self.marks = ViewMarks(self)
        self.setMinimumSize(320, 240)
        # Keep the picture between frames: it stays up while a still frame is built up.
        self.setUpdateBehavior(QOpenGLWidget.UpdateBehavior.PartialUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    # -- GL ---------------------------------------------------------------------------------

    def initializeGL(self) -> None:  # noqa: N802 - Qt's name
        import moderngl

        from ..render.scene import MeshScene

        self.ctx = moderngl.create_context()
        self.scene = MeshScene(self.ctx)
        self._targets.clear()
        self._still = None
        self._still_key = None
        self._on_screen = ("", None)

    def paintGL(self) -> None:  # noqa: N802 - Qt's name
        if self.ctx is None:
            return
        if self._pending is not None:
            self.scene.upload(self._pending)
            self._pending = None
            self._version += 1
            self.fit()
            if self.scene.coarse is not None:  # a heavy upload: draw in the next frames
                # ... but draw one triangle offscreen now: Mesa compiles the shaders and lays
                # out the new textures on their first draw (~60 ms on llvmpipe), better here
                # than on top of the stand-in's first frame.
                self._draw_into(self._still_buffer(self._size(), 0), first=0, count=1)
                self._draw_into(self._still_buffer(self._size(), 0), moving=True, count=1)
                return
        if self._pending_colours is not False:
            self.scene.set_textures(self._pending_colours, self._pending_relief)
            self._pending_colours = False
            self._version += 1
        fbo_id = self.defaultFramebufferObject()
        target = self._targets.get(fbo_id)
        if target is None:
            target = self._targets[fbo_id] = self.ctx.detect_framebuffer(fbo_id)
        size = self._size()
        self.ctx.viewport = (0, 0, *size)
        shown = self.scene.full is not None
        self.marks.show_view(self.camera, (self.scene.lo, self.scene.hi) if shown else None)
        key = (self.camera, size, self._version)
        if self.scene.coarse is None:
            self._paint_small(target, key)
        elif self.moving:
            self._draw_into(target, moving=True)
            self._on_screen = ("coarse", key)
        else:
            self._paint_still(target, key)

    def _draw_into(self, fbo: Any, moving: bool = False, first: int = 0,
                   count: int | None = None) -> None:  # fmt: skip
        fbo.use()
        if first == 0:
            fbo.clear(0.97, 0.97, 0.98, 1.0)
        self.scene.draw(self.camera, self._aspect(), moving=moving, first=first, count=count)

    def _still_buffer(self, size: tuple[int, int], samples: int) -> Any:
        if self._still is None or self._still.size != size or self._still.samples != samples:
            if self._still is not None:
                self._still.release()
            self._still = self.ctx.simple_framebuffer(size, samples=samples)
        return self._still

    def _paint_small(self, target: Any, key: tuple[Any, ...]) -> None:
        """A model without a stand-in: the whole mesh at once, multisampled."""
        if self._on_screen == ("full", key):
            return  # the picture kept between frames is the one wanted
        still = self._still_buffer(key[1], STILL_SAMPLES)
        self._draw_into(still)
        self.ctx.copy_framebuffer(target, still)
        target.use()
        self._still_key, self._drawn = key, self.scene.triangles
        self._on_screen = ("full", key)

    def _paint_still(self, target: Any, key: tuple[Any, ...]) -> None:
        """Build the full picture offscreen, a slice a frame, and show it once complete.

        Meanwhile the stand-in's picture at the same camera stays on screen (drawn first if the
        screen shows something else). Slices are spaced by the refine timer, never drawn back
        to back, so pending timers and input are served between them.
        """
        import time

        still = self._still_buffer(key[1], 0)
        if key != self._still_key:
            self._still_key, self._drawn = key, 0
        total = self.scene.triangles
        if self._drawn >= total:
            if self._on_screen != ("full", key):
                self.ctx.copy_framebuffer(target, still)
                target.use()
                self._on_screen = ("full", key)
            return
        if self._on_screen[1] != key:
            self._draw_into(target, moving=True)
            self._on_screen = ("coarse", key)
            self._heavy_end = time.perf_counter()
        elif time.perf_counter() - self._heavy_end >= self._refine.interval() / 1000:
            self._draw_into(still, first=self._drawn, count=STILL_STEP)
            self._drawn += STILL_STEP
            self._heavy_end = time.perf_counter()
            if self._drawn >= total:
                self.ctx.copy_framebuffer(target, still)
                target.use()
                self._on_screen = ("full", key)
                return
        self._refine.start()

    @property
    def model_shown(self) -> bool:
        """Whether the screen shows the model (its stand-in or the full mesh)."""
        return self._on_screen[0] in ("coarse", "full")

    @property
    def still_complete(self) -> bool:
        """Whether the picture on screen is the full mesh at the current camera."""
        return self._on_screen[0] == "full" and self._on_screen[1] == self._still_key

    def _size(self) -> tuple[int, int]:
        ratio = self.devicePixelRatio()
        return max(1, int(self.width() * ratio)), max(1, int(self.height() * ratio))

    def _aspect(self) -> float:
        return max(self.width(), 1) / max(self.height(), 1)

    # -- model and camera --------------------------------------------------------------------

    def set_scene(self, mesh: SceneMesh) -> None:
        """Show this prepared model in its body colours (uploaded at the next paint)."""
        self._pending = mesh
        self._pending_colours = False
        self.legend_box.set_legend(None)
        # Through the refine timer: whatever else the caller does now (filling the panels)
        # and the upload then fall into different turns of the event loop.
        self._refine.start()

    def set_colours(self, textures: Any, legend: Legend | None, relief: bool | None = None) -> None:
        """Colour the faces from textures made by :func:`~outsole_studio.render.scene.
        scene_textures` (on a worker thread), with the overlay's legend, or the bodies' colours
        (``relief``, by default when there is no legend: the tread is then shaded by height
        from below)."""
        self._pending_colours = textures
        self._pending_relief = legend is None if relief is None else relief
        self.legend_box.set_legend(legend)
        if self._pending is not None:
            self._refine.start()  # painted with the upload, in the turn set_scene chose
        else:
            self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.marks.resize(self.size())

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
        self._settle.start(SETTLE_MS)
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
