"""Write the sample outsole used by `make run`: a lugged slab on a foot outline (EU 42-ish).

Run: ``.venv/bin/python examples/make_sample.py``. The result is committed as
``examples/sample-outsole.stl``; its exact measurements come from
:func:`tests.shapes.lugged_sole`.
"""

import sys
from pathlib import Path

# The exact test shapes live with the tests, at the top of the repository.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from outsole_studio.io.stl import write_stl
from tests.shapes import lugged_sole


def main() -> None:
    vertices, faces, truth = lugged_sole()
    out = Path(__file__).with_name("sample-outsole.stl")
    write_stl(out, vertices[faces], header="Outsole Studio sample outsole (synthetic)")
    print(f"wrote {out}: {faces.shape[0]} triangles, volume {truth.volume_mm3 / 1000:.3f} cm3")


if __name__ == "__main__":
    main()
