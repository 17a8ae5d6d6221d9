"""``.outsole`` project files: JSON, saved atomically, checked against the model they point to."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from ..core.errors import OutsoleError
from ..core.messages import Message
from ..core.production.project import Project
from ..core.production.project_file import project_from_dict
from .atomic import atomic_write_text

PROJECT_SUFFIX = ".outsole"
#: Project files are small; anything bigger is not one.
MAX_PROJECT_BYTES = 16 * 1024 * 1024


def file_sha256(path: str | Path) -> str:
    """Hex SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    try:
        with Path(path).open("rb") as fh:
            while block := fh.read(1 << 20):
                digest.update(block)
    except OSError as exc:
        raise OutsoleError(
            "cannot be read: {reason}", str(path), reason=exc.strerror or str(exc)
        ) from None
    return digest.hexdigest()


def stored_model_path(model: Path, project_file: Path) -> str:
    """How a project at ``project_file`` refers to ``model``: relative when it can be.

    Relative (POSIX separators) when the model sits in the project's folder or below it, or
    shares its parent with it; absolute otherwise (another drive, far away).
    """
    model = model.resolve()
    folder = project_file.resolve().parent
    try:
        rel = Path(os.path.relpath(model, folder))
    except ValueError:  # another drive on Windows
        return str(model)
    if rel.parts[:2].count("..") > 1:
        return str(model)
    return rel.as_posix()


def resolve_model_path(project: Project, project_file: Path) -> Path:
    """The model file a project refers to, as a path to open."""
    stored = Path(project.model_path)
    return stored if stored.is_absolute() else project_file.resolve().parent / stored


@dataclass(frozen=True)
class ModelCheck:
    """Whether the model file is still the one the project was saved with."""

    path: Path
    status: Literal["ok", "changed", "missing"]
    sha256: str | None

    @property
    def message(self) -> Message:
        """What to tell the user."""
        if self.status == "missing":
            return Message(
                "the project's model file is missing; put it back, or point the project at it "
                "with `outsole-studio project relink PROJECT MODEL`"
            )
        if self.status == "changed":
            return Message(
                "the model file changed since the project was saved (its SHA-256 differs); "
                "if it is the right file, accept it with `outsole-studio project relink PROJECT`"
            )
        return Message("the model file is the one the project was saved with")


def check_model(project: Project, project_file: Path) -> ModelCheck:
    """Compare the model file on disk with the SHA-256 stored in the project."""
    path = resolve_model_path(project, project_file)
    if not path.is_file():
        return ModelCheck(path, "missing", None)
    sha = file_sha256(path)
    return ModelCheck(path, "ok" if sha == project.model_sha256 else "changed", sha)


def load_project(path: str | Path) -> Project:
    """Read and validate a project file.

    Raises
    ------
    OutsoleError
        Naming the file and listing every problem in it.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_PROJECT_BYTES:
            raise OutsoleError(
                "is {size} bytes: too large to be a project file", str(path), size=format(size, ",")
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise OutsoleError("no such file", str(path)) from None
    except UnicodeDecodeError:
        raise OutsoleError("is not an Outsole Studio project (not UTF-8 text)", str(path)) from None
    except OSError as exc:
        raise OutsoleError(
            "cannot be read: {reason}", str(path), reason=exc.strerror or str(exc)
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise OutsoleError(
            "is not an Outsole Studio project (invalid JSON at line {lineno}, column {colno}: "
            "{msg})",
            str(path),
            lineno=exc.lineno,
            colno=exc.colno,
            msg=exc.msg,
        ) from None
    except (RecursionError, ValueError) as exc:
        # Nesting thousands deep, a number of thousands of digits: no project looks like that.
        raise OutsoleError(
            "is not an Outsole Studio project (nested too deep or a number too long)", str(path)
        ) from exc
    try:
        return project_from_dict(data)
    except OutsoleError as exc:
        raise exc.at(str(path)) from exc


def save_project(project: Project, path: str | Path, model_file: Path | None = None) -> Project:
    """Write a project atomically; returns the project as saved.

    Parameters
    ----------
    model_file : path, optional
        The model's actual location; its path is then stored relative to the project file
        when possible. Without it the stored path is kept as it is.
    """
    path = Path(path)
    if path.suffix != PROJECT_SUFFIX:
        raise OutsoleError(
            "a project file's name ends in {PROJECT_SUFFIX}",
            str(path),
            PROJECT_SUFFIX=PROJECT_SUFFIX,
        )
    if not path.parent.is_dir():
        raise OutsoleError("the folder to save into does not exist", str(path))
    if model_file is not None:
        project = replace(project, model_path=stored_model_path(model_file, path))
    text = json.dumps(project.to_dict(), indent=2, ensure_ascii=False) + "\n"
    atomic_write_text(path, text)
    return project
