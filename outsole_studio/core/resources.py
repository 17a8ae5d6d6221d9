"""Locate the data files in ``resources/``: inside an installed package or in a source checkout."""

from __future__ import annotations

from pathlib import Path

from .errors import OutsoleError

_PACKAGE = Path(__file__).resolve().parents[1]


def resources_root() -> Path:
    """The folder holding the resources.

    An installed wheel carries them as ``outsole_studio/resources``; a source checkout (and an
    editable install) has them at the top of the repository.
    """
    installed = _PACKAGE / "resources"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a resource file, e.g. ``resource_path("icons", "outsole-studio.svg")``.

    Raises
    ------
    OutsoleError
        The file is missing: the installation is incomplete.
    """
    path = resources_root().joinpath(*parts)
    if not path.exists():
        raise OutsoleError(
            "a data file of Outsole Studio is missing; reinstall the application", str(path)
        )
    return path
