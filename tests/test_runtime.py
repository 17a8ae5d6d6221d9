"""Process set-up: numpy's huge-page advice off unless the user chose."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

CHECK = (
    "import numpy, sys;"
    "from outsole_studio.runtime import tune_memory;"
    "tune_memory();"
    "import os;"
    "was = numpy._core.multiarray._set_madvise_hugepage(True);"  # returns the previous setting
    "print(os.environ.get('NUMPY_MADVISE_HUGEPAGE'), was)"
)


def _run(env_value: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "NUMPY_MADVISE_HUGEPAGE"}
    if env_value is not None:
        env["NUMPY_MADVISE_HUGEPAGE"] = env_value
    proc = subprocess.run([sys.executable, "-c", CHECK], env=env, capture_output=True, text=True,
                          check=True)  # fmt: skip
    return proc.stdout.strip()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="numpy advises only on Linux")
def test_huge_page_advice_off_after_numpy_was_imported():
    # numpy imported first (its own default: advise), then tuned: the switch is turned off and
    # the processes started later inherit the choice.
    assert _run(None) == "0 False"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="numpy advises only on Linux")
def test_the_users_choice_stands():
    assert _run("1") == "1 True"


ARENAS = (
    "import ctypes, ctypes.util, sys, threading\n"
    "from outsole_studio.runtime import tune_memory\n"
    "tune_memory(one_arena=sys.argv[1] == '1')\n"
    "import numpy as np\n"
    "def work():\n"
    "    for _ in range(20):\n"
    "        a = np.ones(1 << 18)\n"
    "        del a\n"
    "threads = [threading.Thread(target=work) for _ in range(4)]\n"
    "[t.start() for t in threads]\n"
    "[t.join() for t in threads]\n"
    "ctypes.CDLL(ctypes.util.find_library('c')).malloc_stats()\n"
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_one_arena_keeps_every_threads_memory_in_one_heap():
    def arenas(one: bool) -> int:
        proc = subprocess.run([sys.executable, "-c", ARENAS, "1" if one else "0"],
                              capture_output=True, text=True, check=True)  # fmt: skip
        return proc.stderr.count("Arena ")

    assert arenas(True) == 1
    assert arenas(False) > 1  # glibc's default: threads get arenas of their own


PREFAULT = (
    "import resource, sys\n"
    "from outsole_studio.runtime import prefault_heap, tune_memory\n"
    "import numpy as np\n"
    "untuned = prefault_heap(64)\n"
    "tune_memory()\n"
    "def faults():\n"
    "    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt\n"
    "cold = faults(); a = np.ones(30 << 17); cold = faults() - cold; del a\n"
    "calls = []\n"
    "stopped = prefault_heap(64, lambda: len(calls) >= 3 or calls.append(1))\n"
    "touched = prefault_heap(int(sys.argv[1]))\n"
    "warm = faults(); b = np.ones(30 << 17); c = np.ones(30 << 17); warm = faults() - warm\n"
    "print(untuned, stopped, touched, cold, warm)\n"
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_prefaulted_heap_is_what_the_next_arrays_reuse():
    proc = subprocess.run([sys.executable, "-c", PREFAULT, "96"], capture_output=True,
                          text=True, check=True)  # fmt: skip
    untuned, stopped, touched, cold, warm = map(int, proc.stdout.split())
    assert untuned == 0  # before the allocator keeps freed memory: nothing to gain
    assert stopped == 24  # three blocks of 8 MB, then the test said stop
    assert touched == 96
    # A fresh 30 MB array faults in each of its 7,680 pages; two after the prefault hardly any
    # (the first one's memory, freed, is reused too: the prefault covers the second).
    assert cold > 7_000 and warm < 500


def test_the_heap_worth_touching_ahead_follows_the_file():
    from outsole_studio.runtime import MAX_PREFAULT_MB, analysis_heap_mb

    assert analysis_heap_mb(64_390_084) == 276  # a 1.3 M-triangle binary STL
    assert analysis_heap_mb(684) == 0
    assert analysis_heap_mb(10**10) == MAX_PREFAULT_MB


# The check is registered first, so it runs last (atexit runs last-in, first-out).
FROZEN_AT_EXIT = (
    "import atexit, gc, sys\n"
    "atexit.register(lambda: print(gc.get_freeze_count()))\n"
    "objects = [[i] for i in range(5000)]\n"
    "if sys.argv[1] == 'batch':\n"
    "    from outsole_studio.cli.batch import _worker_start\n"
    "    _worker_start(1)\n"
    "elif sys.argv[1] == 'freeze':\n"
    "    from outsole_studio.runtime import freeze_at_exit\n"
    "    freeze_at_exit()\n"
)


@pytest.mark.parametrize(("how", "frozen"), [("none", False), ("freeze", True), ("batch", True)])
def test_a_process_ends_without_the_collectors_last_pass(how, frozen):
    proc = subprocess.run([sys.executable, "-c", FROZEN_AT_EXIT, how], capture_output=True,
                          text=True, check=True)  # fmt: skip
    # Frozen objects are skipped by the collection as the interpreter ends.
    assert (int(proc.stdout) > 5000) is frozen
