"""The project installs as a package that finds its resources, and keeps its layers apart."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from outsole_studio.core.errors import OutsoleError
from outsole_studio.core.resources import resource_path, resources_root

ROOT = Path(__file__).resolve().parents[1]


def test_resources_are_found_from_a_checkout():
    icon = resource_path("icons", "outsole-studio.svg")
    assert icon.read_text().startswith("<svg")
    assert resources_root() == ROOT / "resources"
    with pytest.raises(OutsoleError, match="missing"):
        resource_path("no", "such-file.toml")


def test_wheel_maps_resources_into_the_package(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
         str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    wheel = next(tmp_path.glob("outsole_studio-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "outsole_studio/resources/icons/outsole-studio.svg" in names
    assert "outsole_studio/core/geometry/analysis.py" in names
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "outsole-studio = outsole_studio.app:run" in zipfile.ZipFile(wheel).read(entry).decode()
    assert not any(n.startswith(("tests/", "examples/")) for n in names)
    # Unpacked as an installed copy, the package finds its resources inside itself.
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "from outsole_studio.core.resources import resource_path, resources_root;"
        "print(resources_root()); print(resource_path('icons', 'outsole-studio.svg'))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    root, icon = proc.stdout.split()
    assert root == str(site / "outsole_studio" / "resources")
    assert icon.startswith(root)


def test_core_imports_without_qt():
    code = (
        "import sys, outsole_studio.core.geometry.analysis, outsole_studio.io.pipeline, "
        "outsole_studio.cli;"
        "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_memory_tuning_is_idempotent_and_harmless():
    from outsole_studio.runtime import tune_memory

    first = tune_memory()
    assert tune_memory() is first
    if sys.platform.startswith("linux") and Path("/lib/x86_64-linux-gnu/libc.so.6").exists():
        assert first is True
