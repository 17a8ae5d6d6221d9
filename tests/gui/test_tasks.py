"""The worker process behind the window: results, progress, errors and cancelling."""

from __future__ import annotations

from pathlib import Path

import pytest

from outsole_studio.core.errors import OutsoleError
from outsole_studio.gui.tasks import ProcessRunner, open_task
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
    assert runner._pool is None  # ended at once
    design, _ = runner.run(
        open_task, (EXAMPLES / "casual-kawung-eu42.stl", default_library_path()),
        lambda pct, what: None,
    )  # fmt: skip
    assert design.project_file is None
