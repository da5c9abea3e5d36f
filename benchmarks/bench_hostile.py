"""Benchmark of the extractor on hostile articles (run on demand, not in CI).

    uv run python benchmarks/bench_hostile.py [--sizes 10000,100000,200000,1000000,50000000]

The texts are those of issue 12 (tests/hostile.py): "12 killed, " repeated with no full stop,
digits and casualty words at random, and sentences full of speakers and attackers. For each size it
prints the time of ``extract()`` as shipped (an article is read up to 200,000 characters or 500
candidate figures, with an ``ArticleCut`` warning), and, up to 200 KB, the time and the work units
(``limits.WORK``) with both limits lifted, which show that the work itself grows linearly. Each
case runs in a fresh child process, so its peak resident memory (VmHWM) is its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from hostile import HOSTILE  # noqa: E402


def run(kind: str, size: int, lifted: bool) -> None:
    """Child process: extract one hostile text, print seconds, work, claims, peak MB as JSON."""
    from casualties.extract import extract
    from casualties.extract.limits import WORK, ArticleCut
    from casualties.extract.scale import peak_rss_mb

    make = {f.__name__: f for f in HOSTILE}[kind]
    extract("Two soldiers were killed.")  # warm up: the lexicon is compiled once per process
    text = make(size)
    limits = {"max_chars": None, "max_figures": None} if lifted else {}
    w0, t0 = WORK.units, time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ArticleCut)
        claims = extract(text, dt.date(2022, 9, 14), "hostile", **limits)
    secs = time.perf_counter() - t0
    print(json.dumps({"seconds": secs, "work": WORK.units - w0, "claims": len(claims), "peak_mb": peak_rss_mb(),
                      "cut": [str(w.message) for w in caught]}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000,200000,1000000,50000000")
    ap.add_argument("--lifted-up-to", type=int, default=200_000, help="largest size also run with no limits")
    ap.add_argument("--run", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run:
        return run(args.run[0], int(args.run[1]), args.run[2] == "lifted")
    print("load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print(f"{'text':>22} {'size':>11} {'limits':>8} {'seconds':>8} {'claims':>7} {'work/char':>10} "
          f"{'peak MB':>8}  cut")
    for make in HOSTILE:
        for size in (int(x) for x in args.sizes.split(",")):
            for lifted in (False, True):
                if lifted and size > args.lifted_up_to:
                    continue
                out = subprocess.run([sys.executable, __file__, "--run", make.__name__, str(size),
                                      "lifted" if lifted else "shipped"], capture_output=True, text=True, check=True)
                r = json.loads(out.stdout.strip().splitlines()[-1])
                cut = "; ".join(m.split(": ", 1)[1] for m in r["cut"]) or "-"
                print(f"{make.__name__:>22} {size:>11,} {'lifted' if lifted else 'shipped':>8} {r['seconds']:>8.2f} "
                      f"{r['claims']:>7,} {r['work'] / size:>10.1f} {r['peak_mb']:>8.0f}  {cut}", flush=True)


if __name__ == "__main__":
    main()
