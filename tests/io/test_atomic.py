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
