"""`.outsole` files: atomic saves, relative model paths, a changed or missing model is reported."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from outsole_studio.core.errors import OutsoleError
from outsole_studio.io.project import (
    check_model,
    file_sha256,
    load_project,
    resolve_model_path,
    save_project,
    stored_model_path,
)
from tests.core.production.test_project import full_project


@pytest.fixture()
def saved(tmp_path):
    model = tmp_path / "models" / "sole.stl"
    model.parent.mkdir()
    model.write_bytes(b"solid x\nendsolid x\n")
    from dataclasses import replace

    project = replace(full_project(), model_sha256=file_sha256(model))
    path = tmp_path / "design.outsole"
    saved = save_project(project, path, model_file=model)
    return path, model, saved


def test_save_and_load_round_trip_with_a_relative_model_path(saved):
    path, model, project = saved
    assert project.model_path == "models/sole.stl"
    assert json.loads(path.read_text())["model"]["path"] == "models/sole.stl"
    back = load_project(path)
    assert back == project
    assert resolve_model_path(back, path) == model.resolve()
    assert check_model(back, path).status == "ok"


def test_a_changed_or_missing_model_is_reported(saved):
    path, model, project = saved
    model.write_bytes(b"solid y\nendsolid y\n")
    check = check_model(project, path)
    assert check.status == "changed" and "changed since the project was saved" in str(check.message)
    model.unlink()
    check = check_model(project, path)
    assert check.status == "missing" and "missing" in str(check.message)


def test_far_away_models_are_stored_absolute(tmp_path):
    here = tmp_path / "a" / "b" / "c" / "p.outsole"
    assert stored_model_path(tmp_path / "x" / "y" / "m.stl", here) == str(
        (tmp_path / "x" / "y" / "m.stl").resolve()
    )
    assert stored_model_path(tmp_path / "a" / "b" / "m.stl", here) == "../m.stl"


def test_saving_is_atomic_and_keeps_the_old_file_on_failure(saved, monkeypatch):
    path, _, project = saved
    before = path.read_bytes()

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OutsoleError, match="cannot be written: No space left on device"):
        save_project(project, path)
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "invalid JSON at line 1, column 2"),
        ('{"schema": "outsole-studio.project/1"}', "sizes.run"),
        ("\xff\xfe", "not UTF-8"),
    ],
)
def test_bad_project_files_are_explained(tmp_path, text, message):
    path = tmp_path / "bad.outsole"
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(OutsoleError, match=message) as exc:
        load_project(path)
    assert exc.value.path == str(path)


def test_project_names_and_folders_are_checked(tmp_path):
    with pytest.raises(OutsoleError, match=r"ends in \.outsole"):
        save_project(full_project(), tmp_path / "x.json")
    with pytest.raises(OutsoleError, match="does not exist"):
        save_project(full_project(), tmp_path / "nowhere" / "x.outsole")
    with pytest.raises(OutsoleError, match="no such file"):
        load_project(Path(tmp_path / "missing.outsole"))
