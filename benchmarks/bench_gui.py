"""Benchmark: the window stays responsive while a 1.3 M-triangle model is opened, and frames.

Prints the longest wait of a 10 ms QTimer heartbeat on the GUI thread while the model is loaded,
analysed and prepared for the view in the worker process, then shown (target: no wait over
100 ms), against the same heartbeat of the settled, idle window measured in the same run; and the
time of a frame, from the request to the frame on screen (``frameSwapped``), of the full mesh at
rest and of the stand-in drawn while the camera moves (target under 100 ms), against a frame of
the empty view; and (issue 19) the time from choosing the model to its analysed, full picture on
screen (target within 2.5 s). Each run is a fresh window in a process of its own, as a user
starting the application and opening a model; over ``--runs`` runs (default 10) it prints the
worst heartbeat wait and the median and worst opening times. Needs a display (run under
xvfb-run). Run: ``xvfb-run -a .venv/bin/python benchmarks/bench_gui.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from as_user import as_user

from outsole_studio.io.stl import write_stl
from outsole_studio.samples.designs import DESIGNS
from outsole_studio.samples.generator import generate


def main() -> None:
    as_user()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.once:
        print(json.dumps(one_run()))
        return
    # The runs' windows (and their workers) have one BLAS thread, as the program's entry gives.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    results = []
    for _ in range(args.runs):
        out = subprocess.run([sys.executable, __file__, "--once"], check=True,
                             capture_output=True, text=True).stdout  # fmt: skip
        results.append(json.loads(out.strip().splitlines()[-1]))
    report(results)


def report(results: list[dict[str, float]]) -> None:
    """Print the runs' figures against their targets."""
    first = results[0]
    busy = max(r["busy"] for r in results)
    screen = [r["shown"] for r in results]
    full = [r["on_screen"] for r in results]
    print(f"window: {int(first['triangles']):,} triangles, {len(results)} runs, each a fresh "
          "window opening the model")  # fmt: skip
    print(f"  heartbeat idle (baseline) longest gap {max(r['idle'] for r in results):6.0f} ms")
    print(f"  heartbeat while opening   longest gap {busy:6.0f} ms, worst of the runs  "
          f"(target <= 100 ms: {'met' if busy <= 100 else 'NOT met'})")  # fmt: skip
    analysed = statistics.median(r["opened"] for r in results)
    print(f"  analysed in the worker    median {analysed:.2f} s")
    print(
        f"  on screen after choosing  median {statistics.median(screen):.2f} s, worst "
        f"{max(screen):.2f} s  (target <= 2.5 s: {'met' if max(screen) <= 2.5 else 'NOT met'})"
    )
    print(f"  full mesh's picture done  median {statistics.median(full):.2f} s, worst "
          f"{max(full):.2f} s")  # fmt: skip
    print(f"  frame, empty view (baseline) {first['empty']:6.0f} ms")
    print(f"  full mesh at rest: on screen after {first['full']:.0f} ms, built up in frames "
          f"of at most {first['longest']:.0f} ms")  # fmt: skip
    moving = max(r["moving"] for r in results)
    print(f"  frame, moving ({int(first['coarse']):,} triangles) {moving:6.0f} ms, worst  "
          f"(target < 100 ms: {'met' if moving < 100 else 'NOT met'})")  # fmt: skip


def one_run() -> dict[str, float]:
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from outsole_studio.gui import configure_opengl
    from outsole_studio.gui.window import MainWindow
    from outsole_studio.runtime import tune_collector

    tune_collector()  # as the program's entry (app.run) sets it up
    tmp = Path(tempfile.mkdtemp())
    os.environ["OUTSOLE_STUDIO_DATA"] = str(tmp / "data")
    g = generate(replace(DESIGNS[0].params, resolution=3))
    (part,) = g.parts
    model = tmp / "big.stl"
    write_stl(model, part.vertices[part.faces])
    configure_opengl()
    app = QApplication(sys.argv[:1])
    w = MainWindow()
    w.ask_user = False
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

    swapped = [0]

    def frame_ms(n: int = 5) -> float:
        """Mean time from a camera move to the frame being swapped, ms."""
        viewer = w.viewer
        t = time.perf_counter()
        for k in range(n + 1):
            if k == 1:
                t = time.perf_counter()  # the first frame may upload: not counted
            viewer.camera = viewer.camera.orbit(2.0, 0.0)
            seen = swapped[0]
            viewer.update()
            while swapped[0] == seen:
                app.processEvents()
        return (time.perf_counter() - t) / n * 1000

    def still_ms() -> tuple[float, float]:
        """Time from the camera stopping to the full picture on screen, and the longest frame
        on the way (ms)."""
        viewer = w.viewer
        viewer.moving = False
        viewer.camera = viewer.camera.orbit(2.0, 0.0)
        times = [time.perf_counter()]
        viewer.update()
        while not viewer.still_complete:
            seen = swapped[0]
            while swapped[0] == seen:
                app.processEvents()
            times.append(time.perf_counter())
        longest = max(b - a for a, b in itertools.pairwise(times))
        return (times[-1] - times[0]) * 1000, longest * 1000

    def settled() -> None:
        gaps.clear()  # start-up done: measure the idle window
        QTimer.singleShot(2000, start_open)

    def start_open() -> None:
        result["idle"] = max(gaps)
        w.viewer.frameSwapped.connect(lambda: swapped.__setitem__(0, swapped[0] + 1))
        result["empty"] = frame_ms()
        gaps.clear()
        result["t0"] = time.perf_counter()
        w.open_path(model)
        QTimer.singleShot(50, poll)

    def poll() -> None:
        if w.job is not None:
            QTimer.singleShot(50, poll)
            return
        result["opened"] = time.perf_counter() - result["t0"]
        QTimer.singleShot(50, complete)

    def complete() -> None:
        # On screen: the model drawn (its stand-in first), then the full mesh's still picture
        # finished (it is built up over frames).
        if "shown" not in result and w.viewer.model_shown:
            result["shown"] = time.perf_counter() - result["t0"]
        if not w.viewer.still_complete:
            QTimer.singleShot(10, complete)
            return
        result["on_screen"] = time.perf_counter() - result["t0"]
        QTimer.singleShot(1000, shown)  # the heartbeat keeps counting a while after

    def shown() -> None:
        result["busy"] = max(gaps)
        timer.stop()
        viewer = w.viewer
        viewer.moving = True
        result["moving"] = frame_ms()
        result["full"], result["longest"] = still_ms()
        result["triangles"] = viewer.scene.triangles
        result["coarse"] = viewer.scene.coarse.faces if viewer.scene.coarse else 0
        app.quit()

    QTimer.singleShot(1500, settled)
    app.exec()
    w.close()
    return result


if __name__ == "__main__":
    main()
