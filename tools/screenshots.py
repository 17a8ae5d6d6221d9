"""Screenshots of the window's main states for the README (run under xvfb-run).

xvfb-run -a -s "-screen 0 1600x1000x24" python tools/screenshots.py OUT_DIR
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from outsole_studio.gui import configure_opengl
    from outsole_studio.gui.window import MainWindow

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "shots")
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("OUTSOLE_STUDIO_DATA", tempfile.mkdtemp())
    configure_opengl()
    app = QApplication(sys.argv[:1])
    w = MainWindow()
    w.ask_user = False
    w.resize(1500, 920)
    w.default_layout()
    w.show()
    w.open_path(ROOT / "examples" / "casual-kawung-eu42.outsole")
    steps = []

    def wait_then(fn):
        steps.append(fn)

    def run_steps():
        if w.job is not None or (w.viewer.scene and not w.viewer.still_complete):
            QTimer.singleShot(200, run_steps)
            return
        if not steps:
            app.quit()
            return
        steps.pop(0)()
        QTimer.singleShot(600, run_steps)

    def grab(name):
        return lambda: w.grab().save(str(out / name))

    def from_below() -> None:
        # A three-quarter view from underneath: the tread walls and their draft show.
        w.viewer.camera = replace(w.viewer.camera.preset("three-quarter"), pitch_deg=-40.0)
        w.viewer.fit()

    wait_then(from_below)
    wait_then(grab("window-en.png"))
    wait_then(lambda: (w.viewer.show_preset("bottom"), w.show_overlay("thickness")))
    wait_then(grab("window-thickness.png"))
    wait_then(lambda: (from_below(), w.show_overlay("draft"), w.docks["quality"].raise_()))
    wait_then(grab("window-draft-quality.png"))
    wait_then(lambda: (w.show_overlay("contact"), w.docks["sizes"].raise_()))
    wait_then(grab("window-contact-sizes.png"))
    wait_then(lambda: (w.set_language("id"), w.show_overlay("bodies"), w.docks["cost"].raise_(),
                       from_below()))  # fmt: skip
    wait_then(grab("window-id.png"))
    wait_then(lambda: (w.set_language("en"), w.docks["techpack"].raise_()))
    wait_then(grab("window-techpack.png"))
    wait_then(lambda: w.docks["quote"].raise_())
    wait_then(grab("window-quote.png"))

    def sized(width: int, height: int, language: str, dock: str) -> None:
        w.resize(width, height)
        w.default_layout()
        w.set_language(language)
        w.show_overlay("bodies")
        w.docks[dock].raise_()
        w.viewer.show_preset("three-quarter")

    # The default layout at the two common laptop and desktop sizes, in both languages.
    for width, height in ((1280, 800), (1920, 1080)):
        for language, dock in (("en", "cost"), ("id", "quality")):
            wait_then(lambda a=(width, height, language, dock): sized(*a))
            wait_then(grab(f"window-{width}x{height}-{language}.png"))
    QTimer.singleShot(500, run_steps)
    app.exec()


if __name__ == "__main__":
    main()
