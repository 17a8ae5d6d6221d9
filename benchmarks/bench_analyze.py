"""Benchmark: `analyze` on a ~1.3 M-triangle outsole against baselines measured in the same run.

Baselines:
- trimesh's defaults doing comparable work: ``trimesh.load`` (with processing, which merges
  vertices), ``mass_properties`` and ``is_watertight``;
- numpy merely reading the binary STL (``np.fromfile`` with the record dtype).

Targets (issue 2): analyze at least 5x faster than the trimesh baseline and within 10x of the
numpy read. Prints seconds (best of N) and the ratios. Run: ``make bench`` or
``.venv/bin/python benchmarks/bench_analyze.py [--triangles N] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

from outsole_studio.core.shapes import lugged_sole
from outsole_studio.io.pipeline import analyze_file
from outsole_studio.io.stl import write_stl


def build_sole(target_triangles: int) -> np.ndarray:
    """A lugged outsole refined until it has about ``target_triangles`` triangles, (m, 3, 3)."""
    import manifold3d

    v, f, _ = lugged_sole(lug_size=3.0, pitch=5.0, lug_mm=3.0)
    solid = manifold3d.Manifold(
        manifold3d.Mesh(vert_properties=v.astype(np.float32), tri_verts=f.astype(np.uint32))
    )
    n = max(1, round((target_triangles / solid.num_tri()) ** 0.5))
    mesh = solid.refine(n).to_mesh64()
    verts = np.asarray(mesh.vert_properties)[:, :3]
    tris = np.asarray(mesh.tri_verts, dtype=np.int64)
    return verts[tris]


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triangles", type=int, default=1_300_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import trimesh

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench-sole.stl"
        tris = build_sole(args.triangles)
        write_stl(path, tris)
        print(f"model: {tris.shape[0]:,} triangles, {path.stat().st_size / 1e6:.1f} MB binary STL")

        dtype = np.dtype([("n", "<f4", (3,)), ("v", "<f4", (3, 3)), ("a", "<u2")])
        t_read = best_of(lambda: np.fromfile(path, dtype=dtype, offset=84)["v"].copy(), args.repeat)

        def baseline() -> None:
            m = trimesh.load(str(path))
            _ = m.mass_properties
            _ = m.is_watertight

        t_base = best_of(baseline, max(1, args.repeat - 1))
        t_ours = best_of(lambda: analyze_file(path), args.repeat)

        a = analyze_file(path)
        print(f"numpy read           {t_read:8.3f} s")
        print(f"trimesh baseline     {t_base:8.3f} s")
        print(f"outsole-studio       {t_ours:8.3f} s   (volume {a.volume_cm3:.3f} cm3)")
        print(f"speed-up vs trimesh  {t_base / t_ours:8.1f} x   (target >= 5)")
        print(f"cost vs numpy read   {t_ours / t_read:8.1f} x   (target <= 10)")


if __name__ == "__main__":
    main()
