"""Benchmark: generating the whole example set, and a 1-2 M-triangle design for benchmarks.

Target (issue 3): the example set in under 60 s on 2 cores. Run: ``.venv/bin/python
benchmarks/bench_examples.py``.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from pathlib import Path

from outsole_studio.render.examples import write_examples
from outsole_studio.samples.designs import DESIGNS
from outsole_studio.samples.generator import generate


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        written = write_examples(Path(tmp))
        total = time.perf_counter() - t
    triangles = sum(p.faces.shape[0] for w in written for p in w.outsole.parts)
    print(f"example set: {len(written)} designs, {triangles:,} triangles, files and pictures")
    print(f"  {total:6.1f} s   (target < 60 s): {60 / total:.1f}x inside the target")
    for res in (3.0,):
        params = replace(DESIGNS[0].params, resolution=res)
        t = time.perf_counter()
        g = generate(params)
        dt = time.perf_counter() - t
        n = g.parts[0].faces.shape[0]
        print(f"  {DESIGNS[0].name} at resolution {res:g}: {n:,} triangles in {dt:.1f} s")


if __name__ == "__main__":
    main()
