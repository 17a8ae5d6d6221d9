"""Benchmark: the window stays responsive while a 1.3 M-triangle model is opened, and frames.

Prints the longest wait of a 10 ms QTimer heartbeat on the GUI thread while the model is loaded
and analysed on the worker thread (target: no wait over 100 ms), and the time of a frame of the
full mesh and of the coarse mesh drawn while the camera moves (target under 100 ms), against the
bare heartbeat of an idle window measured in the same run. Needs a display (run under xvfb-run).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from outsole_studio.core.designs import DESIGNS
from outsole_studio.core.generator import generate
from outsole_studio.io.stl import write_stl


def main() -> None:
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from outsole_studio.gui import configure_opengl
    from outsole_studio.gui.window import MainWindow

    tmp = Path(tempfile.mkdtemp())
    os.environ["OUTSOLE_STUDIO_DATA"] = str(tmp / "data")
    g = generate(replace(DESIGNS[0].params, resolution=3))
    (part,) = g.parts
    model = tmp / "big.stl"
    write_stl(model, part.vertices[part.faces])
    configure_opengl()
    app = QApplication(sys.argv[:1])
    w = MainWindow()
    w.ask_before_closing = False
    w.resize(1280, 800)
    w.show()

    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]
    result: dict[str, float] = {}

    def beat() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(beat)
    timer.start(10)

    def start_open() -> None:
        result["idle"] = max(gaps)
        gaps.clear()
        result["t0"] = time.perf_counter()
        w.open_path(model)
        QTimer.singleShot(50, poll)

    def poll() -> None:
        if w.job is not None:
            QTimer.singleShot(50, poll)
            return
        result["busy"] = max(gaps)
        result["opened"] = time.perf_counter() - result["t0"]
        timer.stop()
        QTimer.singleShot(500, frames)

    def frames() -> None:
        viewer = w.viewer
        viewer.repaint()
        for moving in (False, True):
            viewer.moving = moving
            t = time.perf_counter()
            for _ in range(5):
                viewer.repaint()
                viewer.ctx.finish()
            result["moving" if moving else "full"] = (time.perf_counter() - t) / 5
        result["triangles"] = viewer.scene.triangles
        app.quit()

    QTimer.singleShot(1000, start_open)
    app.exec()
    busy = result["busy"]
    print(f"window: {int(result['triangles']):,} triangles opened in {result['opened']:.1f} s "
          "on the worker thread")  # fmt: skip
    print(f"  heartbeat idle (baseline) longest gap {result['idle']:6.0f} ms")
    print(f"  heartbeat while opening   longest gap {busy:6.0f} ms  (target <= 100 ms: "
          f"{'met' if busy <= 100 else 'NOT met'})")  # fmt: skip
    print(f"  frame, full mesh          {result['full'] * 1000:6.0f} ms")
    print(f"  frame, moving (coarse)    {result['moving'] * 1000:6.0f} ms  (target < 100 ms: "
          f"{'met' if result['moving'] < 0.1 else 'NOT met'})")  # fmt: skip
    w.close()


if __name__ == "__main__":
    main()
