"""Benchmark: what a user waits for before a command does anything, as whole processes.

Target (issue 19): ``outsole-studio --help`` and ``analyze --help`` under 0.3 s; a command
imports only what it uses. Each figure is the median of 7 runs, against a bare Python start in
the same run (the floor no command can go under). Run: ``.venv/bin/python
benchmarks/bench_startup.py``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from as_user import as_user

BIN = Path(sys.executable).parent
RUNS = 7
TARGET_S = 0.3


def _median_s(argv: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        t = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    as_user()
    cli = str(BIN / "outsole-studio")
    floor = _median_s([sys.executable, "-c", "pass"])
    numpy = _median_s([sys.executable, "-c", "import numpy"])
    print(f"whole-process start-up, median of {RUNS} runs")
    print(f"  python -c pass (baseline)     {floor * 1000:6.0f} ms")
    print(
        f"  python -c 'import numpy'      {numpy * 1000:6.0f} ms  ({numpy / floor:.1f}x baseline)"
    )
    for argv in ([cli, "--help"], [cli, "analyze", "--help"], [cli, "cost", "--help"],
                 [cli, "spec", "--help"]):  # fmt: skip
        s = _median_s(argv)
        verdict = "met" if s < TARGET_S else "NOT met"
        name = " ".join(["outsole-studio", *argv[1:]])
        print(f"  {name:<30}{s * 1000:6.0f} ms  ({s / floor:.1f}x baseline; target "
              f"< {TARGET_S * 1000:.0f} ms: {verdict})")  # fmt: skip


if __name__ == "__main__":
    main()
