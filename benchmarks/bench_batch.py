"""Benchmark: a catalogue analysed in batch, as whole processes, with one worker and with one
per core.

Target (issue 19): 20 example-sized files at least 1.7x faster with 2 jobs than with 1; and the
throughput a laptop gets, for a design catalogue of 1,000 soles. The 20 files are the shipped
examples (60-140 k triangles) taken in turn. Run: ``.venv/bin/python benchmarks/bench_batch.py``.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from as_user import as_user

ROOT = Path(__file__).resolve().parents[1]
CLI = str(Path(sys.executable).parent / "outsole-studio")
FILES = 20
TARGET = 1.7


def _run(files: list[str], jobs: int) -> float:
    t = time.perf_counter()
    subprocess.run([CLI, "analyze", "--json", "--jobs", str(jobs), *files], check=True,
                   capture_output=True)  # fmt: skip
    return time.perf_counter() - t


def main() -> None:
    as_user()
    examples = sorted((ROOT / "examples").glob("*.stl"))
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i, source in zip(range(FILES), itertools.cycle(examples), strict=False):
            target = Path(tmp) / f"{i:02d}-{source.name}"
            shutil.copy(source, target)
            files.append(str(target))
        one = min(_run(files, 1) for _ in range(2))
        many = min(_run(files, cores) for _ in range(2))
    print(f"batch analysis of {FILES} example files (whole process, best of 2)")
    print(f"  --jobs 1 (baseline)   {one:6.1f} s   {FILES / one * 3600:8,.0f} files an hour")
    verdict = "met" if one / many >= TARGET else "NOT met"
    rate = FILES / many * 3600
    print(f"  --jobs {cores} ({cores} cores)   {many:6.1f} s   {rate:8,.0f} files an hour   "
          f"{one / many:.2f}x faster (target >= {TARGET}x with 2 cores: {verdict})")  # fmt: skip
    print(f"  a catalogue of 1,000 soles: {1000 * many / FILES / 60:.1f} min with {cores} jobs")


if __name__ == "__main__":
    main()
