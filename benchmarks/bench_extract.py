"""Benchmark of the claim extractor over a corpus (run on demand, not in CI).

    uv run python benchmarks/bench_extract.py [--sizes 10000,100000] [--throughput 20000] [--repeat 1] [--workers 2]
    uv run python benchmarks/bench_extract.py --sizes "" --throughput 3000 --repeat 3   # one core only

The corpus is made of real text: the paragraphs of the labelled real excerpts
(tests/data/extraction/real/*.jsonl) and of the five seed articles (data/raw/articles/), shuffled
and recombined into articles as long as the five full seed articles (2.3-4.7 KB, drawn at random
among their lengths). It is deterministic for a given seed. The benchmark prints:

- throughput of ``extract_table`` on one core, on this corpus, on the labelled real excerpts as
  they are (1.4 KB each, cycled) and on the five full seed articles as they are (cycled), in a child process pinned to one core (``sched_setaffinity``): the
  CPU seconds of the run beside its wall seconds, and articles per CPU-second, the figure to compare
  on a shared machine (wall time there says as much about the neighbours); ``--repeat`` runs each
  corpus again and prints every run, with the load average before it. Only that child is pinned: an
  affinity set in this process would pass to every process started after it, Dask's workers too,
  and until 2026-11-30 it did: both workers shared one core, their wall time was twice their CPU
  time, and two workers were slower than one process (0.71-0.79x in docs/benchmarks.md);
- for each corpus size, written as Parquet with row groups of 1,000 articles: ``extract_corpus`` (what
  ``casualties extract CORPUS --out DIR`` runs) in one process (no Dask), then on a Dask local cluster
  of ``--workers`` single-threaded worker processes, each run a fresh child process, so its peak
  memory is its own. Printed: the wall time (cluster start-up included, and printed on its own too),
  the speed-up, the CPU seconds of all processes of the run, the cores the run may use, and per
  worker its CPU seconds in parts, how busy it was (its seconds in parts over the span from the first
  part's start to the last part's end: a worker that waits for work shows it here), how much of its
  time in parts it had a core (CPU over wall: a worker that competes for a core shows it here) and
  its peak resident memory (VmHWM).

The machine is shared: the load average is printed before each run. Compare runs made when it is
near zero, and repeat; "on CPU" tells a run slowed by its neighbours from one slowed by its design.
Where pandas, numpy or Dask have no compiled bytecode (uv installs without, and
PYTHONDONTWRITEBYTECODE keeps Python from caching it), the benchmark compiles the installed
packages first and says so: otherwise every process, each worker too, compiles them from source
(2 s of CPU per worker here), a cost of this machine's set-up, not of the extractor.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import random
import resource
import shutil
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


def cpu_seconds(who: int) -> float:
    """User + system CPU seconds of this process (RUSAGE_SELF) or of its reaped children."""
    u = resource.getrusage(who)
    return u.ru_utime + u.ru_stime


def run_corpus(path: str, workers: int) -> None:
    """Child process: extract a corpus on disk, print as JSON the wall time, the CPU seconds of
    the run (this process, and the worker processes it started and reaped), and per worker (or
    for the one process) its parts' wall and CPU seconds, its working span and its peak memory."""
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
    self0, children0 = cpu_seconds(resource.RUSAGE_SELF), cpu_seconds(resource.RUSAGE_CHILDREN)
    t0, wall0 = time.perf_counter(), time.time()
    results = extract_corpus(path, out, workers=workers)
    secs = time.perf_counter() - t0
    shutil.rmtree(out.parent)
    first = min(r.started for r in results)
    last = max(r.started + r.seconds for r in results)
    per: dict[str, dict] = {}
    for r in results:
        w = per.setdefault(r.worker, {"parts": 0, "task_wall": 0.0, "task_cpu": 0.0, "peak_mb": 0.0})
        w["parts"] += 1
        w["task_wall"] += r.seconds
        w["task_cpu"] += r.cpu_seconds
        w["peak_mb"] = max(w["peak_mb"], r.peak_mb)
    print(json.dumps({"seconds": secs, "startup": startup, "articles": sum(r.articles for r in results),
                      "claims": sum(r.claims for r in results), "driver_mb": peak_rss_mb(),
                      "cpus": sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
                      "cpu_self": cpu_seconds(resource.RUSAGE_SELF) - self0,
                      "cpu_workers": cpu_seconds(resource.RUSAGE_CHILDREN) - children0,
                      "before_first_part": first - wall0, "span": last - first,
                      "workers": sorted(per.values(), key=lambda w: -w["task_cpu"])}))


def excerpts(n: int) -> pa.Table:
    """The labelled real excerpts as they are (1.4 KB each), cycled to n articles."""
    rows = [json.loads(line) for path in REAL for line in path.open(encoding="utf-8")]
    rows = [rows[i % len(rows)] for i in range(n)]
    return pa.table({"article_id": [f"{r['id']}-{i}" for i, r in enumerate(rows)], "text": [r["text"] for r in rows],
                     "published": pa.array([dt.date.fromisoformat(r["published"]) for r in rows], pa.date32())})


def seed_articles(n: int) -> pa.Table:
    """The five full seed articles as they are (2.2-4.7 KB, 3.2 claims each; data/raw/articles/),
    cycled to n articles, with their published dates from the manifest: the only full-length real
    articles the project keeps (the excerpts are articles' openings, the recombined corpus is denser
    in figures than news)."""
    manifest = list(csv.DictReader((REPO / "data" / "raw" / "articles" / "manifest.csv").open(encoding="utf-8")))
    rows = [manifest[i % len(manifest)] for i in range(n)]
    texts = {r["file"]: (REPO / "data" / "raw" / "articles" / r["file"]).read_text(encoding="utf-8") for r in manifest}
    return pa.table({"article_id": [f"{r['article_id']}-{i}" for i, r in enumerate(rows)],
                     "text": [texts[r["file"]] for r in rows],
                     "published": pa.array([dt.date.fromisoformat(r["published"]) for r in rows], pa.date32())})


def throughput(n: int, repeat: int = 1) -> None:
    """Child process: articles per second of ``extract_table`` pinned to one core. Only this child
    is pinned: an affinity set in the benchmark's own process would pass to every process it
    starts, and put both Dask workers on one core (each gets half of it)."""
    from casualties.extract import extract_table

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    extract_table(table(200), progress=False)  # warm up: lexicon compiled, imports done
    for name, t in (("real paragraphs at article length", table(n)), ("the real excerpts as they are", excerpts(n)),
                    ("the five full seed articles as they are", seed_articles(n))):
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


def ensure_bytecode() -> str:
    """Byte-compile the installed packages if pandas, numpy or Dask have no cached bytecode, and
    say which state the runs are in. Python caches bytecode on first import, but not with
    PYTHONDONTWRITEBYTECODE set (as on our machine), and uv does not compile at install: then
    every process, each Dask worker too, compiles pandas and Dask from source each time it starts
    (2 s of CPU per worker here, 1 s for the one process), which is this machine's set-up, not the
    extractor's cost. It is not set in pyproject.toml (``compile-bytecode``) because uv would then
    re-check every file and say so on each ``uv run`` (tests/test_cli.py)."""
    import importlib.util
    import sysconfig

    missing = []
    for name in ("pandas", "numpy", "dask", "distributed"):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin and not os.path.exists(importlib.util.cache_from_source(spec.origin)):
            missing.append(name)
    if not missing:
        return "bytecode: pandas, numpy and Dask load from compiled bytecode"
    site = sysconfig.get_paths()["purelib"]
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "compileall", "-q", "-j", "0", site],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return (f"bytecode: {', '.join(missing)} had none (PYTHONDONTWRITEBYTECODE): compiled {site} now, "
            f"{time.perf_counter() - t0:.0f} s, as Python would have cached it on first import")


def load() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000", help="corpus sizes for one process against Dask")
    ap.add_argument("--throughput", type=int, default=20_000, help="articles for the one-core throughput")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each corpus for the one-core throughput")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--run-corpus", help=argparse.SUPPRESS)
    ap.add_argument("--run-throughput", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run_corpus:
        return run_corpus(args.run_corpus, args.workers)
    if args.run_throughput:
        return throughput(args.run_throughput, args.repeat)

    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, "
          f"{platform.processor() or platform.platform()}")
    lengths = [len(t) for _, t, _ in corpus(2000)]
    print(f"corpus: {len(paragraphs()):,} real paragraphs recombined; mean {sum(lengths) / len(lengths):,.0f} "
          f"characters per article (min {min(lengths):,}, max {max(lengths):,})")
    print(ensure_bytecode(), flush=True)
    print(load())
    if args.throughput:
        subprocess.run([sys.executable, __file__, "--run-throughput", str(args.throughput),
                        "--repeat", str(args.repeat)], check=True)
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    if not sizes:
        return
    print()
    print("wall s: the whole run, cluster start-up included. CPU s all: every process of the run (driver and\n"
          "workers, their start-up and imports included). Per worker, in the order of the columns: CPU seconds\n"
          "in its parts; busy, the share of the parts' span (first part started to last part done) it spent in\n"
          "parts; on CPU, the share of its time in parts it had a core; its peak resident MB.")
    print(f"{'articles':>9} {'run':>16} {'wall s':>7} {'articles/s':>10} {'speed-up':>8} {'CPU s all':>9} "
          f"{'CPU s per worker':>16} {'busy':>10} {'on CPU':>10} {'peak MB':>10} {'CPUs':>5}  load before")
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
                ws = r["workers"]
                cells = [", ".join(fmt.format(f(w)) for w in ws) for fmt, f in (
                    ("{:.1f}", lambda w: w["task_cpu"]),
                    ("{:.0%}", lambda w: w["task_wall"] / r["span"]),
                    ("{:.0%}", lambda w: w["task_cpu"] / w["task_wall"]),
                    ("{:.0f}", lambda w: w["peak_mb"]))]
                cpus = f"{r['cpus'][0]}-{r['cpus'][-1]}" if r["cpus"] and len(r["cpus"]) > 1 else str(r["cpus"])
                print(f"{n:>9,} {name:>16} {r['seconds']:>7.1f} {n / r['seconds']:>10,.0f} "
                      f"{base / r['seconds']:>7.2f}x {r['cpu_self'] + r['cpu_workers']:>9.1f} {cells[0]:>16} "
                      f"{cells[1]:>10} {cells[2]:>10} {cells[3]:>10} {cpus:>5}  {before}", flush=True)
                if workers > 1:
                    after = r["seconds"] - r["before_first_part"] - r["span"]
                    print(f"{'':>27}cluster start-up alone {r['startup']:.1f} s; in the run: first part began at "
                          f"{r['before_first_part']:.1f} s, parts span {r['span']:.1f} s, closing {after:.1f} s; "
                          f"driver {r['cpu_self']:.1f} CPU s, {r['driver_mb']:.0f} MB", flush=True)
                    print(f"{'':>27}target: speed-up >= 1.7x ({base / r['seconds']:.2f}x), every worker busy >= 90 % "
                          f"({min(w['task_wall'] for w in ws) / r['span']:.0%} the least; "
                          f"{min(w['task_wall'] for w in ws) / r['seconds']:.0%} of the whole wall time, start-up "
                          "and closing included); on CPU below about 90 % means the workers waited for a core, "
                          "not for work", flush=True)


if __name__ == "__main__":
    main()
