"""The program's entry: the command runs, with the collector tuned and a quick end."""

from __future__ import annotations

import os
import subprocess
import sys


def test_the_entry_runs_the_command_with_the_collector_tuned():
    code = (
        "import gc, sys\n"
        "sys.argv = ['outsole-studio', '--help']\n"
        "from outsole_studio.app import run\n"
        "from outsole_studio.runtime import GC_THRESHOLD\n"
        "try:\n"
        "    run()\n"
        "except SystemExit as end:\n"
        "    print(end.code)\n"
        "print(gc.get_threshold() == GC_THRESHOLD)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)  # fmt: skip
    assert done.stdout.splitlines()[-2:] == ["0", "True"]
    assert "usage: outsole-studio" in done.stdout


def test_the_entry_freezes_what_is_left_at_the_end(tmp_path):
    code = (
        "import gc, sys\n"
        "sys.argv = ['outsole-studio', 'materials', 'list']\n"
        "from outsole_studio.app import run\n"
        "print(run(), gc.get_freeze_count() > 1000)\n"
    )
    env = {**os.environ, "OUTSOLE_STUDIO_DATA": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env=env)  # fmt: skip
    assert "Natural rubber (NR) sole compound" in done.stdout
    assert done.stdout.splitlines()[-1] == "0 True"


def test_the_entry_gives_numpy_one_blas_thread_unless_the_user_chose():
    code = (
        "import os, sys\n"
        "sys.argv = ['outsole-studio', '--help']\n"
        "from outsole_studio.app import run\n"
        "try:\n"
        "    run()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('numpy' in sys.modules, os.environ['OPENBLAS_NUM_THREADS'])\n"
    )

    def threads(preset: str | None) -> str:
        env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
        if preset is not None:
            env["OPENBLAS_NUM_THREADS"] = preset
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True, env=env)  # fmt: skip
        return done.stdout.splitlines()[-1]

    assert threads(None) == "False 1"  # set before numpy is ever imported
    assert threads("3") == "False 3"
