"""Atomic writes: the old file or the new one, the user's file mode, no temporary left behind,
and the project's own error naming the file."""

from __future__ import annotations

import os

import pytest

from outsole_studio.core.errors import OutsoleError
from outsole_studio.io.atomic import atomic_write_text, make_folder, replacing


def test_a_new_file_gets_the_mode_the_umask_gives(tmp_path):
    old = os.umask(0o027)
    try:
        atomic_write_text(tmp_path / "a.txt", "x")
    finally:
        os.umask(old)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o640


def test_a_replaced_file_keeps_its_mode(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("old")
    path.chmod(0o600)
    atomic_write_text(path, "new")
    assert path.read_text() == "new" and path.stat().st_mode & 0o777 == 0o600


def test_a_writer_by_name_that_fails_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "sheet.pdf"
    path.write_text("old sheet")
    with pytest.raises(RuntimeError), replacing(path) as tmp:
        tmp.write_text("half a sheet")
        raise RuntimeError("the writer broke")
    assert path.read_text() == "old sheet"
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.pdf"]


def test_an_unwritable_place_is_the_projects_error_naming_the_file_with_its_cause(tmp_path):
    (tmp_path / "notes.txt").write_text("")
    target = tmp_path / "notes.txt" / "a.txt"  # a file stands where the folder should be
    with pytest.raises(OutsoleError, match="cannot be written: Not a directory") as caught:
        atomic_write_text(target, "x")
    assert caught.value.path == str(target)
    assert isinstance(caught.value.__cause__, OSError)  # shown with --debug


def test_a_missing_folder_is_said_with_its_reason(tmp_path):
    with pytest.raises(OutsoleError, match="cannot be written: No such file") as caught:
        atomic_write_text(tmp_path / "nowhere" / "a.txt", "x")
    assert caught.value.path == str(tmp_path / "nowhere" / "a.txt")


def test_make_folder_creates_or_refuses_a_file_in_the_way(tmp_path):
    assert make_folder(tmp_path / "a" / "b", "is a file").is_dir()
    (tmp_path / "f").write_text("")
    with pytest.raises(OutsoleError, match="is a file; give a folder") as caught:
        make_folder(tmp_path / "f", "is a file; give a folder to write the spec sheet into")
    assert caught.value.path == str(tmp_path / "f")


def test_a_write_killed_at_random_moments_leaves_old_or_new_and_no_temporary(tmp_path):
    import random
    import signal
    import subprocess
    import sys
    import time

    target = tmp_path / "proj.outsole"
    versions = {f"version {i}\n" + "x" * 3_000_000 for i in range(2)}
    target.write_text(sorted(versions)[0])
    writer = (
        "import sys, itertools\n"
        "from pathlib import Path\n"
        "from outsole_studio.io.atomic import atomic_write_text\n"
        "texts = [f'version {i}\\n' + 'x' * 3_000_000 for i in range(2)]\n"
        "print('ready', flush=True)\n"
        "for i in itertools.count():\n"
        "    atomic_write_text(Path(sys.argv[1]), texts[i % 2])\n"
    )
    rng = random.Random(14)
    for _ in range(8):
        proc = subprocess.Popen(
            [sys.executable, "-c", writer, str(target)], stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0.0, 0.15))
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        assert target.read_text() in versions  # never half a file
    time.sleep(1.1)  # a temporary nobody holds counts as left behind after a second
    atomic_write_text(target, "saved again\n")
    assert target.read_text() == "saved again\n"
    assert [p.name for p in tmp_path.iterdir()] == ["proj.outsole"]


def test_the_temporary_of_a_running_write_is_not_taken_for_a_stale_one(tmp_path):
    import time

    target = tmp_path / "sheet.pdf"
    with replacing(target) as tmp:
        tmp.write_text("being written")
        time.sleep(1.1)
        atomic_write_text(target, "another write meanwhile")  # must not remove ours
        assert tmp.exists()
    assert target.read_text() == "being written"
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.pdf"]
