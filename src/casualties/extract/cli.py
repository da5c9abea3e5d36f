"""casualties extract PATH... : the command line over files and folders of articles."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
import time
import warnings
from pathlib import Path

from .limits import ArticleCut
from .pipeline import extract


class _InputError(Exception):
    pass


def _files(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(x for x in path.iterdir() if x.suffix == ".txt" and x.is_file())
            if not found:
                raise _InputError(f"{path}: no .txt files in this folder")
            out.extend(found)
        elif path.is_file():
            out.append(path)
        else:
            raise _InputError(f"{path}: no such file or folder")
    return out


def _manifest_dates(folder: Path, cache: dict) -> dict[str, str]:
    if folder not in cache:
        dates: dict[str, str] = {}
        mf = folder / "manifest.csv"
        if mf.is_file():
            with mf.open(newline="", encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    if row.get("published"):
                        if row.get("file"):
                            dates[row["file"]] = row["published"]
                        if row.get("article_id"):
                            dates.setdefault(row["article_id"] + ".txt", row["published"])
        cache[folder] = dates
    return cache[folder]


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    if not data.strip():
        raise _InputError(f"{path}: empty file")
    if b"\x00" in data:
        raise _InputError(f"{path}: binary file (NUL byte at offset {data.index(0)})")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _InputError(f"{path}: not UTF-8 (byte offset {e.start}: {data[e.start:e.start + 1]!r})") from None


def _parse_date(value: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _InputError(f"{what}: {value!r} is not a date (YYYY-MM-DD)") from None


def cli_extract(paths: list[str], published: str | None, fmt: str, out) -> int:
    """``casualties extract PATH... [--published YYYY-MM-DD] [--format jsonl|table]``.

    Writes the claims of every .txt file (a folder is read in sorted order) to ``out``; the published
    date of a file comes from a ``manifest.csv`` beside it, else ``--published``. Returns the exit
    status: 0, or 2 after one line on stderr naming the file and what is wrong.
    """
    try:
        if fmt not in ("jsonl", "table"):
            raise _InputError(f"--format: {fmt!r} is not one of jsonl, table")
        default = _parse_date(published, "--published") if published else None
        files = _files(paths)
        cache: dict = {}
        rows = []
        for path in files:
            text = _read_text(path)
            pub = default
            listed = _manifest_dates(path.parent, cache).get(path.name)
            if listed:
                pub = _parse_date(listed, f"{path.parent / 'manifest.csv'}: published of {path.name}")
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", ArticleCut)
                claims = extract(text, pub, path.stem)
            for w in caught:  # one line naming the file: it was read only in part
                if issubclass(w.category, ArticleCut):
                    print(f"casualties extract: {path}: {w.message}", file=sys.stderr)
            rows.extend(_cli_row(c) for c in claims)
    except _InputError as e:
        print(f"casualties extract: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"casualties extract: {e.filename}: {e.strerror}", file=sys.stderr)
        return 2
    try:
        if fmt == "jsonl":
            for r in rows:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
        else:
            out.write(_table(rows))
        out.flush()
    except BrokenPipeError:  # "casualties extract ... | head": the reader has had enough
        if out is sys.stdout:
            import os
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def cli_extract_corpus(corpus: str, out: str, workers: int = 1, scheduler: str | None = None,
                       log=None) -> int:
    """``casualties extract CORPUS --out DIR [--workers N] [--scheduler ADDRESS]``.

    Writes the claims of a Parquet corpus (a file or a folder; columns article_id, text, published)
    as Parquet parts to DIR, on Dask when ``workers`` > 1 or a scheduler is given (see ``scale``).
    Prints one line per article that was read only in part, then what was written; returns 0, or 2
    after one line naming the file and what is wrong.
    """
    from .scale import CorpusError, extract_corpus, usable_cores

    log = log or sys.stderr
    if workers < 1:
        print(f"casualties extract: --workers: {workers} is not a number of workers (1 or more)", file=log)
        return 2
    if workers > 1 or scheduler:
        try:
            import dask.distributed  # noqa: F401
        except ImportError:
            print("casualties extract: --workers and --scheduler need Dask: install casualties[scale]", file=log)
            return 2
    cores = usable_cores()
    if workers > cores and not scheduler:
        print(f"casualties extract: note: {workers} workers on {cores} core{'s' if cores > 1 else ''} "
              "(this process's CPU affinity): they take turns, no faster than one process", file=log)

    def report(result):
        for message in result.cut:
            print(f"casualties extract: {result.part.path} (row group {result.part.row_group}): {message}", file=log)

    t0 = time.perf_counter()
    try:
        results = extract_corpus(corpus, out, workers, scheduler, on_part=report)
    except CorpusError as e:
        print(f"casualties extract: {e}", file=log)
        return 2
    except OSError as e:
        print(f"casualties extract: {e.filename}: {e.strerror}", file=log)
        return 2
    secs = time.perf_counter() - t0
    n = sum(r.articles for r in results)
    where = f"Dask scheduler {scheduler}" if scheduler else \
        f"{workers} Dask workers on {cores} core{'s' if cores > 1 else ''}" if workers > 1 else "one process"
    print(f"{n:,} articles, {sum(r.claims for r in results):,} claims, {len(results)} parts written to "
          f"{out} ({where}, {secs:.1f} s, {n / secs if secs else 0:,.0f} articles/s)", file=log)
    return 0


def _cli_row(c: dict) -> dict:
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    return {
        "article": c["article_id"], "side": c["side"], "category": c["category"],
        "population": c["population"], "count": c["count"], "qualifier": c["qualifier"],
        "claimant": c["claimant"], "claimant_side": c["claimant_side"],
        "incident_start": iso(c["incident_start"]), "incident_end": iso(c["incident_end"]),
        "date_precision": c["date_precision"], "is_background": c["is_background"],
        "superseded": c["superseded"],
        "evidence": {"start": c["evidence_start"], "end": c["evidence_end"], "text": c["evidence_text"]},
    }


_TABLE_COLUMNS = ("article", "side", "category", "population", "count", "qualifier", "claimant",
                  "claimant_side", "incident", "bg", "sup", "evidence")


def _table(rows: list[dict]) -> str:
    """An aligned plain-text table for people (evidence shortened to 60 characters)."""
    def cells(r):
        inc = r["incident_start"] or ""
        if r["incident_end"] and r["incident_end"] != r["incident_start"]:
            inc += ".." + r["incident_end"]
        ev = " ".join(r["evidence"]["text"].split())
        ev = ev if len(ev) <= 60 else ev[:57] + "..."
        return [r["article"], r["side"], r["category"], r["population"], str(r["count"]), r["qualifier"],
                r["claimant"], r["claimant_side"], inc, "yes" if r["is_background"] else "",
                "yes" if r["superseded"] else "", ev]
    body = [cells(r) for r in rows]
    widths = [max([len(h)] + [len(b[i]) for b in body]) for i, h in enumerate(_TABLE_COLUMNS)]
    right = {4}
    def line(vals):
        return "  ".join(v.rjust(w) if i in right else v.ljust(w) for i, (v, w) in enumerate(zip(vals, widths))).rstrip()
    out = [line(_TABLE_COLUMNS), line(["-" * w for w in widths])] + [line(b) for b in body]
    out.append(f"{len(rows)} claim{'s' if len(rows) != 1 else ''}")
    return "\n".join(out) + "\n"
