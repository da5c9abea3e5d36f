"""Benchmark: cold `import casualties; load_events()` against a bare pandas.read_parquet, and build time.

Run on demand (not in CI):  uv run python benchmarks/bench_load.py
Each figure is the median of 5 fresh processes; the build runs on a scratch copy of the inputs.
"""

from __future__ import annotations

import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RUNS = 5

LOADER = """
import time
t = time.perf_counter()
import casualties
casualties.load_events()
print(time.perf_counter() - t)
"""
BARE = """
import time
t = time.perf_counter()
import pandas as pd
pd.read_parquet({path!r})
print(time.perf_counter() - t)
"""


def median_of(code: str) -> float:
    times = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
             for _ in range(RUNS)]
    return statistics.median(times)


def build_time() -> float:
    times = []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as tmp:
            for part in ("data/raw", "expectations"):
                shutil.copytree(REPO / part, Path(tmp) / part)
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "casualties.cli", "--root", tmp, "build"], check=True,
                           capture_output=True)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown cpu"


def main() -> None:
    events = REPO / "data" / "processed" / "events.parquet"
    loader = median_of(LOADER)
    bare = median_of(BARE.format(path=str(events)))
    import os

    print(f"machine: {platform.machine()}, {cpu()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"cold import casualties + load_events(): {loader * 1000:7.0f} ms (median of {RUNS})")
    print(f"cold import pandas + read_parquet():    {bare * 1000:7.0f} ms (median of {RUNS})")
    print(f"ratio: {loader / bare:.2f}x (goal <= 1.20x)")
    print(f"casualties build (fresh process, median of 3): {build_time():.1f} s")


if __name__ == "__main__":
    main()
