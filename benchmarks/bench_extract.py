"""Benchmark of the claim extractor over a corpus (run on demand, not in CI).

    uv run python benchmarks/bench_extract.py [--sizes 10000,100000] [--throughput 20000] [--repeat 1] [--workers 2]
    uv run python benchmarks/bench_extract.py --sizes "" --throughput 3000 --repeat 3   # one core only

The corpus is made of real text: the paragraphs of the labelled real excerpts
(tests/data/extraction/real/*.jsonl) and of the five seed articles (data/raw/articles/), shuffled
and recombined into articles as long as the five full seed articles (2.3-4.7 KB, drawn at random
among their lengths). It is deterministic for a given seed. The benchmark prints:

- throughput of ``extract_table`` on one core (pinned with ``sched_setaffinity``), articles/s, on
  this corpus and on the labelled real excerpts as they are (1.4 KB each, cycled): the CPU seconds
  of the run beside its wall seconds, and articles per CPU-second, the figure to compare on a
  shared machine (wall time there says as much about the neighbours); ``--repeat`` runs each
  corpus again and prints every run, with the load average before it;
- for each corpus size, written as Parquet with row groups of 1,000 articles: ``casualties extract
  CORPUS --out DIR`` in one process (no Dask), then on a Dask local cluster of ``--workers`` single-
  threaded worker processes; the wall time of each, the speed-up, and the peak resident memory of
  the process and of each worker (VmHWM). Each run is a fresh child process, so its peak is its own.
  The cluster's start-up (about two seconds) is inside the Dask time, and printed on its own too.
  The CPU seconds each process (or worker) spent on its parts show what the wall time cannot on a
  shared machine: whether two workers each got a core.

The machine is shared: the load average is printed before each run. Compare runs made when it is
near zero, and repeat.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[1]
REAL = sorted((REPO / "tests" / "data" / "extraction" / "real").glob("*.jsonl"))
SEEDS = sorted((REPO / "data" / "raw" / "articles").glob("*.txt"))


def paragraphs() -> list[str]:
    """Every non-empty paragraph of the real excerpts and the seed articles."""
    texts = [json.loads(line)["text"] for path in REAL for line in path.open(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in SEEDS]
    return [p for t in texts for p in t.splitlines() if p.strip()]


def corpus(n: int, seed: int = 7):
    """n articles of real paragraphs, shuffled and recombined to real article lengths."""
    rnd = random.Random(seed)
    paras = paragraphs()
    lengths = [len(p.read_text(encoding="utf-8")) for p in SEEDS]
    day0 = dt.date(2021, 1, 1)
    for i in range(n):
        target, parts, size = rnd.choice(lengths), [], 0
        while size < target:
            parts.append(rnd.choice(paras))
            size += len(parts[-1]) + 1
        yield f"real{i:07d}", "\n".join(parts), day0 + dt.timedelta(days=rnd.randrange(4 * 365))


def table(n: int) -> pa.Table:
    ids, texts, pubs = zip(*corpus(n))
    return pa.table({"article_id": list(ids), "text": list(texts), "published": pa.array(pubs, pa.date32())})


def write_corpus(n: int, folder: Path) -> Path:
    """The corpus as one Parquet file with row groups of 1,000 articles, written in slices."""
    path = folder / f"corpus-{n}.parquet"
    with pq.ParquetWriter(path, table(1).schema) as writer:
        rows = []
        for row in corpus(n):
            rows.append(row)
            if len(rows) == 1000:
                writer.write_table(_table(rows))
                rows = []
        if rows:
            writer.write_table(_table(rows))
    return path


def _table(rows) -> pa.Table:
    ids, texts, pubs = zip(*rows)
    return pa.table({"article_id": list(ids), "text": list(texts), "published": pa.array(pubs, pa.date32())})


def run_corpus(path: str, workers: int) -> None:
    """Child process: extract a corpus on disk, print wall time and peak memories as JSON."""
    from casualties.extract.scale import extract_corpus, peak_rss_mb

    out = Path(tempfile.mkdtemp(prefix="bench-claims-")) / "claims"
    startup = None
    if workers > 1:  # the cluster's start-up on its own, then the whole run with a fresh one
        from dask.distributed import Client, LocalCluster

        t0 = time.perf_counter()
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as c, \
                Client(c) as client:
            client.run(lambda: None)
        startup = time.perf_counter() - t0
    t0 = time.perf_counter()
    results = extract_corpus(path, out, workers=workers)
    secs = time.perf_counter() - t0
    per_worker: dict[str, float] = {}
    cpu: dict[str, float] = {}
    for r in results:
        per_worker[r.worker] = max(per_worker.get(r.worker, 0.0), r.peak_mb)
        cpu[r.worker] = cpu.get(r.worker, 0.0) + r.cpu_seconds
    print(json.dumps({"seconds": secs, "startup": startup, "articles": sum(r.articles for r in results),
                      "claims": sum(r.claims for r in results), "driver_mb": peak_rss_mb(),
                      "worker_mb": sorted(per_worker.values()), "worker_cpu": sorted(cpu.values())}))


def excerpts(n: int) -> pa.Table:
    """The labelled real excerpts as they are (1.4 KB each), cycled to n articles."""
    rows = [json.loads(line) for path in REAL for line in path.open(encoding="utf-8")]
    rows = [rows[i % len(rows)] for i in range(n)]
    return pa.table({"article_id": [f"{r['id']}-{i}" for i, r in enumerate(rows)], "text": [r["text"] for r in rows],
                     "published": pa.array([dt.date.fromisoformat(r["published"]) for r in rows], pa.date32())})


def throughput(n: int, repeat: int = 1) -> None:
    from casualties.extract import extract_table

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    extract_table(table(200), progress=False)  # warm up: lexicon compiled, imports done
    for name, t in (("real paragraphs at article length", table(n)), ("the real excerpts as they are", excerpts(n))):
        chars = sum(len(x) for x in t.column("text").to_pylist()) / n
        for _ in range(repeat):
            before = load()
            t0, c0 = time.perf_counter(), time.process_time()
            df = extract_table(t, progress=False)
            secs, cpu = time.perf_counter() - t0, time.process_time() - c0
            print(f"one core, extract_table, {name} ({chars:,.0f} characters, {n:,} articles): "
                  f"{n / cpu:,.0f} articles per CPU-second, {n / secs:,.0f} per wall second "
                  f"(CPU {cpu:,.1f} s, wall {secs:,.1f} s; {len(df) / n:.2f} claims per article; {before})",
                  flush=True)


def load() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000", help="corpus sizes for one process against Dask")
    ap.add_argument("--throughput", type=int, default=20_000, help="articles for the one-core throughput")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each corpus for the one-core throughput")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--run-corpus", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run_corpus:
        return run_corpus(args.run_corpus, args.workers)

    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, "
          f"{platform.processor() or platform.platform()}")
    lengths = [len(t) for _, t, _ in corpus(2000)]
    print(f"corpus: {len(paragraphs()):,} real paragraphs recombined; mean {sum(lengths) / len(lengths):,.0f} "
          f"characters per article (min {min(lengths):,}, max {max(lengths):,})")
    print(load())
    if args.throughput:
        throughput(args.throughput, args.repeat)
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    if not sizes:
        return
    print()
    print(f"{'articles':>9} {'run':>16} {'seconds':>8} {'articles/s':>11} {'speed-up':>9} "
          f"{'peak MB process':>16} {'peak MB per worker':>19} {'CPU s per worker':>17}  load before")
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
        for n in sizes:
            path = write_corpus(n, Path(tmp))
            base = None
            for workers in (1, args.workers):
                before = load().split()[-3]
                out = subprocess.run([sys.executable, __file__, "--run-corpus", str(path), "--workers", str(workers)],
                                     capture_output=True, text=True, check=True)
                r = json.loads(out.stdout.strip().splitlines()[-1])
                base = base or r["seconds"]
                name = "one process" if workers == 1 else f"{workers} Dask workers"
                per = ", ".join(f"{m:.0f}" for m in r["worker_mb"]) if workers > 1 else "-"
                cpu = ", ".join(f"{c:.0f}" for c in r["worker_cpu"])
                print(f"{n:>9,} {name:>16} {r['seconds']:>8.1f} {n / r['seconds']:>11,.0f} "
                      f"{base / r['seconds']:>8.2f}x {r['driver_mb']:>16.0f} {per:>19} {cpu:>17}  {before}"
                      + (f"  (cluster start-up alone {r['startup']:.1f} s)" if r["startup"] else ""), flush=True)


if __name__ == "__main__":
    main()
