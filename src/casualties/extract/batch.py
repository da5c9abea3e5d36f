"""Extraction over tables: pandas frames and Arrow record batches, streamed with flat memory."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys

from ..schema import EXTRACTED_FIELDS, VOCABULARIES
from .pipeline import extract


def extract_table(articles, batch_size: int = 1000, progress: bool | None = None):
    """Extract claims from a table of articles (pandas DataFrame or pyarrow Table) in batches.

    Columns: ``article_id``, ``text``, ``published`` (date or None). Returns one DataFrame with the
    columns of ``schema.EXTRACTED_FIELDS`` in order (empty, with those columns, when there are no
    claims). A pyarrow Table is read one record batch at a time. ``progress=None`` shows a tqdm bar
    only for more than 500 articles when stderr is a terminal.

    >>> import pandas as pd, datetime as dt
    >>> df = pd.DataFrame({"article_id": ["a"], "text": ["Two Azerbaijani soldiers were wounded."],
    ...                    "published": [dt.date(2022, 9, 13)]})
    >>> extract_table(df)[["article_id", "side", "category", "count"]].values.tolist()
    [['a', 'azerbaijan', 'wounded', 2]]
    """
    import pandas as pd

    frames = [f for f in extract_batches(articles, batch_size, progress) if len(f)]
    if not frames:
        return _frame({k: [] for k in EXTRACTED_FIELDS})
    return pd.concat(frames, ignore_index=True)


def extract_batches(articles, batch_size: int = 1000, progress: bool | None = None):
    """Like ``extract_table``, but yield one claims DataFrame per batch of articles.

    Besides a DataFrame or a Table, ``articles`` may be a pyarrow RecordBatchReader or any iterable
    of RecordBatches (a Parquet dataset read lazily). Writing each batch out as it comes keeps
    memory flat however large the corpus is: nothing is kept from one batch to the next.
    """
    import pandas as pd
    import pyarrow as pa

    n = None
    if isinstance(articles, pd.DataFrame):
        n = len(articles)
        batches = (articles.iloc[i:i + batch_size] for i in range(0, n, batch_size))
        rows_of = _rows_from_frame
    elif isinstance(articles, (pa.Table, pa.RecordBatch)):
        n = articles.num_rows
        table = articles if isinstance(articles, pa.Table) else pa.Table.from_batches([articles])
        batches = table.to_batches(max_chunksize=batch_size)
        rows_of = _rows_from_batch
    elif isinstance(articles, pa.RecordBatchReader) or (
            hasattr(articles, "__iter__") and not isinstance(articles, (str, bytes, dict, list))):
        batches = iter(articles)
        rows_of = _rows_from_batch
    else:
        raise TypeError("extract_table needs a pandas DataFrame, a pyarrow Table or RecordBatches, "
                        f"not {type(articles).__name__}")
    if progress is None:
        # tqdm comes with the 'build' extra; a core install extracts without a bar.
        progress = n is not None and n > 500 and sys.stderr.isatty() and importlib.util.find_spec("tqdm") is not None
    bar = None
    if progress:
        from tqdm import tqdm
        bar = tqdm(total=n, unit="article", desc="extract", file=sys.stderr)
    try:
        for batch in batches:
            out: dict[str, list] = {k: [] for k in EXTRACTED_FIELDS}
            k = 0
            for article_id, text, published in rows_of(batch):
                for claim in extract(text or "", published, article_id):
                    for key in EXTRACTED_FIELDS:
                        out[key].append(claim[key])
                k += 1
            if bar is not None:
                bar.update(k)
            yield _frame(out)
    finally:
        if bar is not None:
            bar.close()


def claim_ids(claims) -> list[str]:
    """The stable id of each extracted claim, as the build gives it:
    ``<article_id>:<start>-<end>:<side>:<category>:<population>``, with ``#2``, ``#3`` ... on a
    repeat. It names the article, the evidence span and what the figure counts, so a review keyed
    on it goes stale when the extractor or the article changes; it needs no other row of the
    corpus, so every partition can number its own claims.

    >>> import pandas as pd, datetime as dt
    >>> df = pd.DataFrame({"article_id": ["a"], "text": ["Two Azerbaijani soldiers were wounded."],
    ...                    "published": [dt.date(2022, 9, 13)]})
    >>> claim_ids(extract_table(df))
    ['a:0-37:azerbaijan:wounded:military']
    """
    out, seen = [], {}
    for rec in zip(claims["article_id"].tolist(), claims["evidence_start"].tolist(), claims["evidence_end"].tolist(),
                   claims["side"].tolist(), claims["category"].tolist(), claims["population"].tolist()):
        cid = "{}:{}-{}:{}:{}:{}".format(*rec)
        seen[cid] = seen.get(cid, 0) + 1
        out.append(cid if seen[cid] == 1 else f"{cid}#{seen[cid]}")
    return out


def claims_frame(articles, batch_size: int = 1000):
    """``extract_table`` with the claim id first: the columns of ``schema.EXTRACTED``, typed.

    This is what every partition of a corpus becomes (``scale.extract_dask``, ``casualties extract
    CORPUS --out DIR``), so one process, a Dask cluster and this function give the same rows.
    """
    df = extract_table(articles, batch_size, progress=False)
    df.insert(0, "claim_id", claim_ids(df))
    df["claim_id"] = df["claim_id"].astype("string")
    return df


def _to_date(v) -> dt.date | None:
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    try:
        import pandas as pd
        if pd.isna(v):
            return None
        return pd.Timestamp(v).date()
    except (TypeError, ValueError):
        return dt.date.fromisoformat(str(v)[:10])


def _rows_from_frame(df):
    for a, t, p in zip(df["article_id"].tolist(), df["text"].tolist(), df["published"].tolist()):
        yield str(a), (t if isinstance(t, str) else ""), _to_date(p)


def _rows_from_batch(batch):
    cols = batch.schema.names
    ids = batch.column(cols.index("article_id")).to_pylist()
    texts = batch.column(cols.index("text")).to_pylist()
    pubs = batch.column(cols.index("published")).to_pylist()
    for a, t, p in zip(ids, texts, pubs):
        yield str(a), (t or ""), _to_date(p)


def _frame(out: dict):
    import pandas as pd

    df = pd.DataFrame(out, columns=list(EXTRACTED_FIELDS))
    for col in ("claimant", "article_id", "evidence_text"):
        df[col] = df[col].astype("string")
    for col in ("claimant_side", "side", "category", "population", "qualifier", "date_precision"):
        vocab = "claimant_side" if col == "claimant_side" else col
        df[col] = pd.Categorical(df[col], categories=list(VOCABULARIES[vocab]))
    for col in ("count", "evidence_start", "evidence_end"):
        df[col] = df[col].astype("int64")
    for col in ("is_background", "superseded"):
        df[col] = df[col].astype("bool")
    for col in ("incident_start", "incident_end"):
        df[col] = pd.to_datetime(df[col]).astype("datetime64[s]")
    return df
