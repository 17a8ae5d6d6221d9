"""A seeded fuzzing round in the suite: mutants of every format through ``analyze --json``.

Each must end in strict JSON (exit 0) or one clear line (exit 2) within 10 s and 1 GB. The
longer round is ``make fuzz``; see :mod:`tests.fuzz`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.fuzz import WRITERS, Mutant, _judge, mutants

ROOT = Path(__file__).resolve().parents[2]


def test_mutants_cover_every_format_and_kind_and_repeat_with_their_seed():
    items = list(mutants(90, seed=4))
    assert {m.name.split(".", 1)[1] for m in items} == {*WRITERS, "outsole"}
    kinds = {m.kind.split(":")[1].split("-")[0] for m in items}
    assert {"bytes", "geometry", "project"} <= kinds
    assert [m.data for m in mutants(90, seed=4)] == [m.data for m in items]
    assert [m.data for m in mutants(90, seed=5)] != [m.data for m in items]


@pytest.mark.parametrize(
    ("code", "out", "err", "verdict"),
    [
        (0, '{"a": 1}', "", "ok"),
        (0, '{"a": NaN}', "", "non-strict-json"),
        (0, '{"a": 1}', "warning\n", "stderr-on-success"),
        (2, "", "error: x: bad header\n", "refused"),
        (2, "", "error: x: internal error (KeyError)\n", "internal-error"),
        (2, "", "Traceback\nerror: x\n", "stderr-lines"),
        (1, "", "Traceback ...\n", "exit-1"),
    ],
)
def test_the_judge_tells_a_clean_end_from_a_failure(code, out, err, verdict):
    assert _judge(code, out, err)[0] == verdict


def test_a_seeded_round_of_mutants_ends_cleanly_within_budget():
    # About 45 s on 2 cores; the round's figures are printed for the log.
    done = subprocess.run(
        [sys.executable, "-m", "tests.fuzz", "--count", "360", "--seed", "11", "--jobs", "2",
         "--seconds", "10", "--memory-mb", "1024"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    print(done.stdout)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("360 files in ")
    assert ", 0 failed" in done.stdout.splitlines()[0]


def test_a_failing_mutant_is_reported_by_kind(tmp_path, monkeypatch):
    from tests import fuzz

    bad = Mutant("m00000.obj", "obj:test", b"v 0 0 0\n")
    monkeypatch.setattr(fuzz, "_child", _crashing_child)
    [outcome] = fuzz.run_all([bad], tmp_path, jobs=1, seconds=5.0, memory_mb=1024.0)
    assert outcome.verdict == "exit-1" and "boom" in outcome.detail


def _crashing_child(path: Path, out_path: Path) -> None:  # pragma: no cover - runs forked
    import os

    os.write(os.open(out_path, os.O_WRONLY | os.O_CREAT), b"Traceback\nboom\n")
    os._exit(1)
