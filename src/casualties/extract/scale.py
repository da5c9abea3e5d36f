"""Extraction over a corpus on disk, in one process or on the cores of a Dask cluster.

A corpus is a Parquet file, or a folder of them, with the columns ``article_id``, ``text`` and
``published``. It is read one row group at a time, and each row group becomes one claims file,
``part-NNNNN.parquet``, numbered by file and row group: the same parts come out whether one process
or a hundred Dask workers run them, so the outputs are byte for byte the same. Nothing is kept from
one part to the next, so memory stays flat however large the corpus is; a row group of a few
thousand articles (``pyarrow.parquet.write_table(..., row_group_size=2000)``) is the unit of work.

Dask is needed only for ``workers > 1``, a ``scheduler`` address, or ``extract_dask`` (install the
``casualties[scale]`` extra); it is imported inside those functions, never by ``import casualties``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

from ..schema import EXTRACTED
from .batch import claims_frame
from .limits import ArticleCut

#: The columns a corpus must have.
CORPUS_COLUMNS = ("article_id", "text", "published")


class CorpusError(Exception):
    """A corpus that cannot be read: the message names the file and what is wrong."""


@dataclass(frozen=True)
class Part:
    """One unit of work: a row group of one Parquet file of the corpus."""

    index: int
    path: str
    row_group: int
    rows: int


@dataclass
class PartResult:
    """What one part gave: counts, the articles that were cut (``ArticleCut`` messages), the
    worker's peak resident memory in MB, when it started (``time.time()``, so parts of different
    workers on one machine line up), its seconds (wall, and CPU of the worker process meanwhile)
    and the worker. The benchmark adds these up into how busy each worker was."""

    part: Part
    articles: int
    claims: int
    cut: list[str]
    peak_mb: float
    started: float
    seconds: float
    cpu_seconds: float
    worker: str


def corpus_parts(corpus: str | Path) -> list[Part]:
    """The parts of a corpus, in order: its Parquet files sorted by name, each file's row groups.

    Raises CorpusError naming the file when it is missing, not Parquet, or lacks a column.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = Path(corpus)
    if root.is_dir():
        files = sorted(p for p in root.rglob("*.parquet") if p.is_file())
        if not files:
            raise CorpusError(f"{root}: no .parquet files in this folder")
    elif root.is_file():
        files = [root]
    else:
        raise CorpusError(f"{root}: no such file or folder")
    parts: list[Part] = []
    for path in files:
        try:
            pf = pq.ParquetFile(path)
        except Exception as exc:  # pyarrow raises several types for a file that is not Parquet
            raise CorpusError(f"{path}: not a Parquet file ({exc})") from None
        meta, arrow = pf.metadata, pf.schema_arrow
        missing = [c for c in CORPUS_COLUMNS if c not in arrow.names]
        if missing:
            raise CorpusError(f"{path}: no column {missing[0]!r} (a corpus needs {', '.join(CORPUS_COLUMNS)})")
        text = arrow.field("text").type
        if not (pa.types.is_string(text) or pa.types.is_large_string(text)):
            raise CorpusError(f"{path}: column 'text' holds {text}, not text")
        for rg in range(meta.num_row_groups):
            parts.append(Part(len(parts), str(path), rg, meta.row_group(rg).num_rows))
    return parts


def extract_part(part: Part, out_dir: str | Path, batch_size: int = 1000) -> PartResult:
    """Extract the claims of one part and write them to ``out_dir/part-NNNNN.parquet``.

    The row group is read ``batch_size`` articles at a time and each batch's claims are written as a
    row group of the output, so a part never sits whole in memory. Runs the same in this process
    or on a Dask worker.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..build import to_arrow

    started, t0, c0 = time.time(), time.perf_counter(), time.process_time()
    target = Path(out_dir) / f"part-{part.index:05d}.parquet"
    articles = claims = 0
    cut: list[str] = []
    source = pq.ParquetFile(part.path)
    batches = source.iter_batches(batch_size=batch_size, row_groups=[part.row_group], columns=list(CORPUS_COLUMNS))
    with pq.ParquetWriter(target, _schema(), compression="zstd") as writer:
        while True:
            try:
                batch = next(batches, None)
            except (pa.ArrowException, OSError) as exc:  # a damaged file: name it, no traceback
                raise CorpusError(f"{part.path} (row group {part.row_group}): unreadable ({exc})") from None
            if batch is None:
                break
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", ArticleCut)
                frame = claims_frame(batch, batch_size)
            cut += [str(w.message) for w in caught if issubclass(w.category, ArticleCut)]
            articles += batch.num_rows
            claims += len(frame)
            if len(frame):
                writer.write_table(to_arrow(frame, EXTRACTED))
    return PartResult(part, articles, claims, cut, peak_rss_mb(), started, time.perf_counter() - t0,
                      time.process_time() - c0, f"{os.uname().nodename}:{os.getpid()}")


def extract_corpus(corpus: str | Path, out: str | Path, workers: int = 1, scheduler: str | None = None,
                   batch_size: int = 1000, on_part=None) -> list[PartResult]:
    """Extract every article of a corpus and write the claims as Parquet parts to the folder ``out``.

    ``workers`` > 1 runs the parts on a Dask local cluster of that many single-threaded worker
    processes; ``scheduler`` (``"tcp://host:8786"``) runs them on an existing Dask cluster, whose
    workers must see the corpus and ``out`` at the same paths. ``out`` must not exist or be an empty
    folder: the parts are written beside it and moved in only when all succeeded, so a failed run
    leaves no partial output. ``on_part`` is called with each PartResult as it completes (in any
    order); the results are returned in part order.
    """
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise CorpusError(f"{out}: already exists and is not an empty folder (choose a new one)")
    parts = corpus_parts(corpus)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        if scheduler or workers > 1:
            results = _on_dask(parts, tmp, workers, scheduler, batch_size, on_part)
        else:
            results = []
            for part in parts:
                results.append(extract_part(part, tmp, batch_size))
                if on_part:
                    on_part(results[-1])
        if out.exists():
            out.rmdir()
        os.replace(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return sorted(results, key=lambda r: r.part.index)


#: Dask settings for the local cluster of ``workers > 1``. A worker's event loop shares the GIL
#: with the thread that runs the part; its housekeeping is for a dashboard and for data held in
#: memory, neither of which this one-off cluster has. With Dask's defaults (statistical profiler
#: every 10 ms, memory check every 100 ms, system monitor every 500 ms, loop tick every 20 ms) a
#: worker's process used 4-6 % more CPU than its thread running parts, at load 5; with these,
#: 2-2.5 %. py-spy on a worker in mid-run found its main thread busy (``Process.memory_info``,
#: ``disk_io_counters``, periodic callbacks) in 4.9 % of the samples before, 0.75 % after. An
#: existing cluster (``scheduler``) keeps its own settings.
QUIET_WORKERS = {
    "distributed.worker.profile.enabled": False,
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.admin.system-monitor.disk": False,
    "distributed.admin.tick.interval": "1s",
}


def _on_dask(parts, tmp, workers, scheduler, batch_size, on_part) -> list[PartResult]:
    import logging

    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        import dask

        with dask.config.set(QUIET_WORKERS):  # the nannies pass the config on to their workers
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=":0", silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        futures = client.map(extract_part, parts, out_dir=str(tmp), batch_size=batch_size, pure=False)
        results = []
        for fut in as_completed(futures):
            results.append(fut.result())
            if on_part:
                on_part(results[-1])
        return results
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def extract_dask(articles):
    """Claims of a Dask DataFrame of articles (``article_id``, ``text``, ``published``), as a lazy
    Dask DataFrame with the columns of ``schema.EXTRACTED`` (claim id first), one claims partition
    per articles partition.

    >>> import dask.dataframe as dd, pandas as pd, datetime as dt
    >>> pdf = pd.DataFrame({"article_id": ["a", "b"], "published": [dt.date(2022, 9, 13)] * 2,
    ...                     "text": ["Two Azerbaijani soldiers were wounded.", "Talks resumed."]})
    >>> claims = extract_dask(dd.from_pandas(pdf, npartitions=2))
    >>> claims.compute()[["claim_id", "count"]].values.tolist()
    [['a:0-37:azerbaijan:wounded:military', 2]]
    """
    import pandas as pd

    meta = claims_frame(pd.DataFrame({c: pd.Series([], dtype=object) for c in CORPUS_COLUMNS}))
    return articles[list(CORPUS_COLUMNS)].map_partitions(claims_frame, meta=meta)


def read_claims(out: str | Path):
    """Every part written to ``out``, as one DataFrame with the loader's dtypes, sorted by claim id."""
    import pyarrow.parquet as pq

    from ..load import typed

    return typed(pq.read_table(out).to_pandas(), EXTRACTED).sort_values("claim_id", ignore_index=True)


def _schema():
    from ..schema import arrow_schema

    return arrow_schema(EXTRACTED)


def usable_cores() -> int:
    """The cores this process may run on: its CPU affinity where the system has one, else the
    machine's count. An affinity (``taskset``, or a parent that pinned itself) passes to every
    process started from here, the workers of a local cluster too: N workers on fewer cores take
    turns, and each runs at a fraction of a core."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def peak_rss_mb() -> float:
    """Peak resident set size of this process in MB: VmHWM on Linux (``ru_maxrss`` survives exec,
    so a worker started from a big parent would report the parent's peak), else ``ru_maxrss``."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
