"""`analyze` over many files: worker processes give the same output, in the files' order, as
one process; a bad file is one line and the others go on; JSON Lines with --json."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .test_costing import run

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_two_workers_print_what_one_prints_in_the_files_order(tmp_path):
    bad = tmp_path / "bad.stl"
    bad.write_text("solid empty\nendsolid empty\n")
    files = [
        str(EXAMPLES / "sample-outsole.stl"),
        str(bad),
        str(EXAMPLES / "kids-truntum-eu30.stl"),
    ]
    one = run("analyze", "--json", "--jobs", "1", *files)
    two = run("analyze", "--json", "--jobs", "2", *files)
    assert one == two
    code, out, err = two
    assert code == 2 and err.count("\n") == 1 and str(bad) in err
    docs = [json.loads(line) for line in out.splitlines()]  # JSON Lines
    assert [Path(d["file"]).name for d in docs] == ["sample-outsole.stl", "kids-truntum-eu30.stl"]
    text = run("analyze", "--jobs", "2", files[0], files[2])[1]
    assert text == run("analyze", "--jobs", "1", files[0], files[2])[1]
    assert text.count("  length ") == 2


def test_maps_of_several_files_go_to_a_folder_each(tmp_path):
    files = []
    for name in ("a.stl", "b.stl"):
        shutil.copy(EXAMPLES / "sample-outsole.stl", tmp_path / name)
        files.append(str(tmp_path / name))
    code, _, err = run("analyze", "--jobs", "2", "--maps", str(tmp_path / "maps"), *files)
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "maps").iterdir()) == ["a", "b"]
    code, _, err = run("analyze", "--jobs", "0", *files)
    assert code == 2 and "--jobs must be 1 to 64" in err


def test_a_terminal_sees_the_batch_progress():
    import io

    from outsole_studio.cli import main

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out, err = io.StringIO(), Terminal()
    files = [str(EXAMPLES / "sample-outsole.stl")] * 2
    assert main(["analyze", "--json", "--jobs", "2", *files], out=out, err=err) == 0
    assert "analysed 2 of 2 files" in err.getvalue() and err.getvalue().endswith("\n")
    assert len(out.getvalue().splitlines()) == 2  # the progress never mixes into the output


def test_spec_over_several_inputs_writes_a_folder_each_in_workers(tmp_path):
    """`spec` over several inputs: each sheet in a folder of its own name (two of one name
    numbered), written by worker processes; a bad input is one line and the others go on."""
    bad = tmp_path / "bad.stl"
    bad.write_text("solid empty\nendsolid empty\n")
    twin = tmp_path / "twin"
    twin.mkdir()
    shutil.copy(EXAMPLES / "sample-outsole.stl", twin / "sample-outsole.stl")
    inputs = [str(EXAMPLES / "sample-outsole.stl"), str(bad), str(twin / "sample-outsole.stl")]
    out_dir = tmp_path / "sheets"
    code, out, err = run("spec", *inputs, "--out", str(out_dir), "--jobs", "2", "--no-gl",
                         "--date", "2026-12-01")  # fmt: skip
    assert code == 2
    assert err.count("\n") == 1 and str(bad) in err
    assert sorted(p.name for p in out_dir.iterdir()) == ["sample-outsole-1", "sample-outsole-2"]
    for folder in ("sample-outsole-1", "sample-outsole-2"):
        pdf = out_dir / folder / "sample-outsole-spec.pdf"
        assert pdf.stat().st_size > 10_000
        assert str(pdf) in out  # each written file listed, in the inputs' order
    assert out.index("sample-outsole-1") < out.index("sample-outsole-2")
    assert out.count("wrote ") == 2
    first = json.loads((out_dir / "sample-outsole-1" / "sample-outsole.json").read_text())
    second = json.loads((out_dir / "sample-outsole-2" / "sample-outsole.json").read_text())
    assert first["analysis"]["dimensions"] == second["analysis"]["dimensions"]  # the same model


def test_spec_refuses_a_job_count_out_of_range(tmp_path):
    code, _, err = run("spec", str(EXAMPLES / "sample-outsole.stl"), "--out", str(tmp_path),
                       "--jobs", "0")  # fmt: skip
    assert code == 2 and err.strip() == "error: --jobs must be 1 to 64"


def _threads(_job: object) -> int:
    """The threads a job's chunked work may use where it runs."""
    from outsole_studio.core.geometry.chunked import workers

    return workers()


def test_jobs_count_cores(monkeypatch):
    """--jobs N is the cores in use: one job does its files here on one core (the machine's
    other cores left free), two share two cores as one thread each; as before afterwards."""
    from outsole_studio.cli.batch import in_order
    from outsole_studio.core.geometry import chunked

    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setattr(chunked, "_share", [None])
    monkeypatch.setattr(chunked.os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    assert list(in_order(_threads, ["a", "b", "c"], 1)) == [1, 1, 1]
    assert chunked.workers() == 2  # restored
    assert list(in_order(_threads, ["a"], 2)) == [2]  # one file: both cores, here
    assert list(in_order(_threads, ["a", "b", "c"], 2)) == [1, 1, 1]  # two workers


def test_one_file_with_one_job_is_read_here_on_one_core(monkeypatch):
    """With --jobs 1 a single file is not read ahead in a second process."""
    import outsole_studio.io.read_ahead as read_ahead

    def refused(*_args: object) -> None:
        raise AssertionError("read ahead with --jobs 1")

    path = str(EXAMPLES / "sample-outsole.stl")
    default = run("analyze", "--json", path)
    monkeypatch.setattr(read_ahead, "read_ahead", refused)
    assert run("analyze", "--json", "--jobs", "1", path) == default


def test_workers_are_forked_only_from_one_thread(monkeypatch):
    """A fork copies only the calling thread: with threads running the workers are spawned."""
    import threading

    from outsole_studio.cli.batch import _start_method

    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert _start_method() == "fork"
    monkeypatch.setattr(threading, "active_count", lambda: 3)
    assert _start_method() == "spawn"
    monkeypatch.setattr("sys.platform", "darwin")
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert _start_method() == "spawn"
