"""The worker process behind the window: results, progress, errors and cancelling."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from outsole_studio.core.errors import OutsoleError
from outsole_studio.gui.tasks import WORKER_NICENESS, ProcessRunner, open_task
from outsole_studio.io.library import default_library_path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def runner():
    r = ProcessRunner()
    yield r
    r.close()


def test_a_task_returns_its_result_and_reports_progress(runner):
    seen = []
    design, scene = runner.run(
        open_task,
        (EXAMPLES / "casual-kawung-eu42.outsole", default_library_path()),
        lambda pct, what: seen.append(pct),
    )
    assert design.analysis.dimensions.length_mm == pytest.approx(280.2, abs=0.05)
    assert scene.triangles == len(design.analysis.faces)
    # What the panels read arrives computed: the window's thread only shows it.
    for name in ("sizing", "cost", "quality", "parting"):
        assert name in design.__dict__, name
    reported = [p for p in seen if p >= 0]
    assert reported == sorted(reported) and reported[-1] <= 100 and 90 in reported


def test_a_bad_file_raises_its_one_line_error_here(runner, tmp_path):
    bad = tmp_path / "broken.stl"
    bad.write_bytes(b"\x00" * 100)
    with pytest.raises(OutsoleError) as caught:
        runner.run(open_task, (bad, default_library_path()), lambda pct, what: None)
    assert caught.value.path == str(bad) and "STL" in caught.value.message


def test_cancelling_ends_the_worker_process_and_the_next_task_gets_a_new_one(runner):
    class CancelledError(Exception):
        pass

    def report(pct, what):
        raise CancelledError

    with pytest.raises(CancelledError):
        runner.run(open_task, (EXAMPLES / "casual-kawung-eu42.stl", default_library_path()), report)
    assert runner._proc is None  # ended at once
    design, _ = runner.run(
        open_task, (EXAMPLES / "casual-kawung-eu42.stl", default_library_path()),
        lambda pct, what: None,
    )  # fmt: skip
    assert design.project_file is None


def _slow_echo(data: bytes) -> int:
    import time

    time.sleep(2.0)
    return len(data)


def test_cancelling_while_a_big_task_is_still_being_sent_does_not_hang(runner):
    """Two edits in a row: the second task (megabytes of design) waits in the pipe behind the
    first; cancelling the first must end the worker at once, not wait for the send, and the
    second then runs in a new worker."""
    import threading
    import time

    ended = []

    def job(data: bytes, cancel: bool) -> None:
        try:
            report = _cancel_later() if cancel else (lambda pct, what: None)
            ended.append(runner.run(_slow_echo, (data,), report))
        except RuntimeError as exc:
            ended.append(str(exc))

    first = threading.Thread(target=job, args=(b"", True), daemon=True)
    first.start()
    time.sleep(0.5)
    second = threading.Thread(target=job, args=(b"x" * (64 << 20), False), daemon=True)
    second.start()
    first.join(30)
    second.join(30)
    assert not first.is_alive() and not second.is_alive()
    assert ended == ["cancelled", 64 << 20]


def _cancel_later():
    import time

    start = time.monotonic()

    def report(pct, what):
        if time.monotonic() - start > 1.0:
            raise RuntimeError("cancelled")

    return report


def _die() -> None:
    import os

    os._exit(9)


def test_a_worker_that_dies_is_an_error_not_a_hang(runner):
    with pytest.raises(OutsoleError, match="ended unexpectedly"):
        runner.run(_die, (), lambda pct, what: None)
    assert runner.run(_slow_echo, (b"ab",), lambda pct, what: None) == 2


def test_tasks_waiting_together_each_get_their_own_result(runner):
    """Starting the worker (warm) while a file opens: two waits read one queue, and neither
    may take the other's answer."""
    import threading

    results = {}

    def job(name: str, data: bytes) -> None:
        results[name] = runner.run(_slow_echo, (data,), lambda pct, what: None)

    threads = [threading.Thread(target=job, args=(n, b"x" * k), daemon=True)
               for n, k in (("a", 1), ("b", 2), ("c", 3))]  # fmt: skip
    for th in threads:
        th.start()
    for th in threads:
        th.join(30)
    assert results == {"a": 1, "b": 2, "c": 3}


def big_result(n: int):
    """A task whose result goes through shared memory (module level: the worker imports it)."""
    import numpy as np

    return {"values": np.arange(n, dtype=np.float64), "n": n}


def _blocks() -> set[str]:
    shm = Path("/dev/shm")
    return {p.name for p in shm.iterdir() if p.name.startswith("psm_")} if shm.is_dir() else set()


def test_a_big_result_comes_through_shared_memory_and_leaves_no_block(runner):
    import numpy as np

    from outsole_studio.gui.transfer import MIN_SHARED_BYTES

    before = _blocks()
    n = 2 * MIN_SHARED_BYTES // 8
    got = runner.run(big_result, (n,), lambda pct, what: None)
    assert got["n"] == n and np.array_equal(got["values"], np.arange(n, dtype=np.float64))
    # Taken and removed; the worker let go of it as it sent it (POSIX).
    assert _blocks() <= before
    maps = Path(f"/proc/{runner._proc.pid}/maps")
    if maps.exists():
        assert "/dev/shm/psm_" not in maps.read_text()


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no process priorities here")
def test_the_worker_runs_below_the_windows_priority(runner):
    """The analysis keeps every core busy: the window's own thread must win them when it
    draws."""
    here = os.nice(0)
    there = runner.run(os.nice, (0,), lambda pct, what: None)
    assert there == min(19, here + WORKER_NICENESS)
