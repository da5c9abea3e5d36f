"""Benchmark of the claim extractor (run on demand, not in CI).

    uv run python benchmarks/bench_extract.py [--n 100000] [--batch 1000]

Builds a synthetic corpus of ~2 KB articles deterministically (pieces of the five seed articles
mixed with generated casualty and near-miss sentences), then measures on one core:

- throughput of ``extract_table`` over the whole corpus (articles/s, target >= 1,000);
- peak memory while extracting 10k, 50k and 100k articles, streamed: each size runs in a fresh
  process that generates the articles lazily as record batches, passes them to
  ``extract_batches`` and drops each batch's claims after counting them (as a caller writing each
  partition to Parquet would). The peak resident set size of that process (VmHWM on Linux,
  else ``resource.getrusage``) must not grow with the corpus. (``tracemalloc`` would triple the run
  time, so the child does not use it.)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa

from casualties.extract import extract_batches, extract_table

SEEDS = Path(__file__).resolve().parents[1] / "data" / "raw" / "articles"

SIDES = ["Armenian", "Azerbaijani", "Karabakh Armenian", "Russian"]
NOUNS = ["soldiers", "servicemen", "troops", "civilians", "border guards"]
VERBS = ["were killed", "were wounded", "died", "went missing", "were taken prisoner", "sustained injuries"]
QUALS = ["", "at least ", "about ", "more than ", "nearly ", "up to "]
SPEAKERS = ["the Armenian Defence Ministry said", "Baku said", "according to Reuters",
            "the ministry said", "Azerbaijan's Defence Ministry reported", "officials in Stepanakert said"]
FILLER = [
    "The ministry said the situation along the border remained tense on Wednesday evening.",
    "Moscow sent about 2,000 troops to the area to keep the peace after the 44-day war in 2020.",
    "Some 7,600 people were evacuated from villages about 10 km from the frontline.",
    "The foreign ministers are due to meet in Washington next week to discuss a peace treaty.",
    "Azerbaijan restored control of a larger portion of its 1,007-kilometer border with Armenia.",
    "The Red Crescent dispatched 40 tons of flour products in two trucks to the region.",
    "Both governments accused each other of violating the ceasefire agreed in November 2020.",
    "The European Union said its monitors would continue to patrol the Armenian side of the border.",
    "Analysts say the talks have stalled over the wording of a clause on transport links.",
    "Residents of the border village said shelling began shortly after midnight and lasted for hours.",
    "The prime minister told parliament that the government would ask its allies for support.",
    "Oil prices were little changed as traders watched the region for signs of escalation.",
    "The road between the two towns was closed to traffic for most of the day, officials said.",
    "Diplomats in Brussels said a new round of negotiations could take place next month.",
    "The ministry published video footage that it said showed the destruction of a combat post.",
]
WORDS = ["two", "three", "four", "five", "seven", "Ten", "a dozen", "twenty-one"]
DAYS = ["on Monday", "on Tuesday", "overnight", "this week", "on September 13", ""]


def seed_paragraphs() -> list[str]:
    paras = []
    for p in sorted(SEEDS.glob("*.txt")):
        paras += [line for line in p.read_text(encoding="utf-8").splitlines() if len(line) > 60]
    return paras


def corpus(n: int, seed: int = 7):
    """n synthetic articles of about 2 KB, deterministic for a given seed."""
    rnd = random.Random(seed)
    paras = seed_paragraphs()
    for i in range(n):
        parts, size = [], 0
        while size < 2000:
            r = rnd.random()
            # the mix of a news story about a clash: background and seed paragraphs, a few
            # casualty sentences, and the rest context (about two or three figures per article)
            if r < 0.35:
                s = rnd.choice(paras)
            elif r < 0.55:
                num = str(rnd.randint(1, 300)) if rnd.random() < 0.6 else rnd.choice(WORDS)
                s = (f"{rnd.choice(QUALS)}{num} {rnd.choice(SIDES)} {rnd.choice(NOUNS)} {rnd.choice(VERBS)} "
                     f"{rnd.choice(DAYS)}, {rnd.choice(SPEAKERS)}.").replace(" ,", ",").replace("  ", " ")
                s = s[0].upper() + s[1:]
            else:
                s = rnd.choice(FILLER)
            parts.append(s)
            size += len(s) + 1
        yield f"syn{i:06d}", " ".join(parts)[:2100], dt.date(2022, 9, 14) + dt.timedelta(days=i % 700)


def table(n: int) -> pa.Table:
    ids, texts, pubs = zip(*corpus(n))
    return pa.table({"article_id": list(ids), "text": list(texts), "published": pa.array(pubs, pa.date32())})


def batches(n: int, size: int):
    """The corpus as record batches, generated lazily: the input never sits in memory whole."""
    rows = []
    for row in corpus(n):
        rows.append(row)
        if len(rows) == size:
            yield _batch(rows)
            rows = []
    if rows:
        yield _batch(rows)


def _batch(rows) -> pa.RecordBatch:
    ids, texts, pubs = zip(*rows)
    return pa.record_batch({"article_id": list(ids), "text": list(texts), "published": pa.array(pubs, pa.date32())})


def stream(n: int, size: int) -> None:
    """Child process: extract n streamed articles, keep nothing, report the peaks as JSON."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    t0 = time.perf_counter()
    claims = sum(len(df) for df in extract_batches(batches(n, size), progress=False))
    secs = time.perf_counter() - t0
    print(json.dumps({"claims": claims, "seconds": secs, "maxrss_mb": _peak_rss_mb()}))


def _peak_rss_mb() -> float:
    """Peak resident set size of this process. On Linux, VmHWM: ru_maxrss survives exec, so in a
    child started from a big parent it would report the parent's peak."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--memory-sizes", default="10000,50000,100000")
    ap.add_argument("--stream", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.stream:
        return stream(args.stream, args.batch)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    print(f"python {platform.python_version()} on {platform.machine()}, {platform.processor() or platform.platform()}")
    t = table(args.n)
    mb = sum(len(x) for x in t.column("text").to_pylist()) / args.n
    print(f"corpus: {args.n:,} articles, mean {mb:,.0f} characters")
    extract_table(table(200), progress=False)  # warm up: lexicon compiled, imports done
    t0 = time.perf_counter()
    df = extract_table(t, batch_size=args.batch, progress=False)
    secs = time.perf_counter() - t0
    print(f"throughput: {args.n / secs:,.0f} articles/s ({secs:,.1f} s, {len(df):,} claims, "
          f"{len(df) / args.n:.1f} per article)", flush=True)
    del df

    print()
    print(f"{'articles':>10} {'claims':>9} {'seconds':>8} {'articles/s':>11} {'peak RSS MB':>12}")
    for n in (int(x) for x in args.memory_sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--stream", str(n), "--batch", str(args.batch)],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{n:>10,} {r['claims']:>9,} {r['seconds']:>8.1f} {n / r['seconds']:>11,.0f} {r['maxrss_mb']:>12.1f}",
              flush=True)


if __name__ == "__main__":
    main()
