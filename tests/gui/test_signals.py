"""The installed PySide6 emits signals from Python without losing references.

PySide6-Essentials 6.12.0 dropped a reference to ``True`` at every ``signal.emit()`` made from
Python (signals Qt emits itself were fine). On Python 3.11 ``True`` is an ordinary object: once
its count ran out the interpreter aborted ("bool_dealloc: deallocating True or False"), in a
long session or at exit. The check runs in a process of its own, which a bad build may abort.
"""

from __future__ import annotations

import os
import subprocess
import sys

CHECK = """
import gc, sys, threading
from PySide6.QtCore import QCoreApplication, QObject, Signal

app = QCoreApplication([])


class Emitter(QObject):
    changed = Signal(int, object, str)


emitter = Emitter()
emitter.changed.connect(lambda *args: None)


def emit(n):
    for i in range(n):
        emitter.changed.emit(i, None, "x")


def count():
    gc.collect()
    return sys.getrefcount(True) + sys.getrefcount(False)


before = count()
emit(300)  # from the window's thread
worker = threading.Thread(target=emit, args=(300,))  # and from another, as the figures' thread
worker.start()
worker.join()
for _ in range(20):
    app.processEvents()
print(count() - before)
"""


def test_emitting_from_python_keeps_the_references_to_true_and_false():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True,
                          env=env, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr[-500:]
    assert int(done.stdout.split()[-1]) >= -5  # 600 emits: the bad build lost ~600 (or aborted)
