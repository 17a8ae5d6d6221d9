"""A command loads only what it runs: `--help` reads no geometry library, `analyze` never loads
the renderers (matplotlib, reportlab, openpyxl, ezdxf) or Qt."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sample-outsole.stl"
RENDERERS = ("matplotlib", "reportlab", "openpyxl", "ezdxf", "PySide6", "moderngl")
GEOMETRY = ("numpy", "scipy", "shapely", "trimesh", "manifold3d")


def _modules(*argv: str) -> set[str]:
    """The modules loaded by running the command line with ``argv``."""
    code = (
        "import io, json, sys\n"
        "from outsole_studio.cli import main\n"
        "out, err = io.StringIO(), io.StringIO()\n"
        "try:\n"
        f"    main({list(argv)!r}, out=out, err=err)\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)  # fmt: skip
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def _loaded(*argv: str) -> set[str]:
    """The top-level packages loaded by running the command line with ``argv``."""
    return {m.split(".")[0] for m in _modules(*argv)}


def test_help_loads_no_geometry_and_no_renderer():
    for argv in (("--help",), ("analyze", "--help"), ("cost", "--help"), ("spec", "--help")):
        loaded = _loaded(*argv)
        assert not loaded & {*GEOMETRY, *RENDERERS}, (argv, loaded & {*GEOMETRY, *RENDERERS})


def test_analyze_loads_the_geometry_but_no_renderer():
    modules = _modules("analyze", "--json", str(EXAMPLE))
    loaded = {m.split(".")[0] for m in modules}
    assert {"numpy", "scipy"} <= loaded
    assert not loaded & set(RENDERERS), loaded & set(RENDERERS)
    # nor numpy's build and test tools, which scipy's array-API layer would load
    assert "scipy._lib._array_api" in modules
    assert not modules & {"numpy.f2py", "numpy.testing"}


COMMANDS = ("analyze", "costing", "quality", "spec", "materials", "sizes", "examples")
COMMAND_MODULES = {f"outsole_studio.cli.{m}" for m in COMMANDS}


def test_a_command_loads_its_own_module_only():
    assert not _modules("--help") & COMMAND_MODULES
    assert _modules("analyze", "--json", str(EXAMPLE)) & COMMAND_MODULES == {
        "outsole_studio.cli.analyze"
    }
    assert _modules("cost", "--help") & COMMAND_MODULES == {"outsole_studio.cli.costing"}
    assert _modules("sizes", "EU36-38") & COMMAND_MODULES == {"outsole_studio.cli.sizes"}
    # analyze reads no costing, quality profile or tech pack.
    production = {m for m in _modules("analyze", "--json", str(EXAMPLE))
                  if m.startswith("outsole_studio.core.production.")}  # fmt: skip
    assert not production & {
        "outsole_studio.core.production.costsheet",
        "outsole_studio.core.production.requirements",
        "outsole_studio.core.production.techpack",
    }
