"""Build the processed tables from data/raw/: read, extract, review, reconcile, validate, then write.

Nothing is written unless every table passes validation; the Parquet files are then replaced one by
one with os.replace from a temporary folder beside them, so a failed build leaves the previous files
byte-for-byte as they were.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import curate, schema
from .load import typed


def project_root() -> Path:
    """The checkout this package was installed from (editable install), else the working directory."""
    here = Path(__file__).resolve().parents[2]
    return here if (here / "data" / "raw").is_dir() else Path.cwd()


@dataclass
class Paths:
    root: Path

    @property
    def articles(self) -> Path:
        return self.root / "data" / "raw" / "articles"

    @property
    def curated(self) -> Path:
        return self.root / "data" / "raw" / "curated"

    @property
    def processed(self) -> Path:
        return self.root / "data" / "processed"

    @property
    def expectations(self) -> Path:
        return self.root / "expectations"


@dataclass
class BuildResult:
    tables: dict
    checks: list = field(default_factory=list)
    written: list = field(default_factory=list)


def extracted_claims(articles: list[dict], texts: dict[str, str]) -> list[dict]:
    """Run the extractor over the raw articles and give each figure a stable claim id.

    The id is made of the article, the evidence span and what the figure counts, so a review keyed
    on it goes stale (and fails the build) when the extractor or the article changes.
    """
    import pandas as pd

    from .extract import claim_ids, extract_table

    frame = pd.DataFrame({
        "article_id": [a["article_id"] for a in articles],
        "text": [texts[a["article_id"]] for a in articles],
        "published": [a["published"] for a in articles],
    })
    meta = {a["article_id"]: a for a in articles}
    out = []
    found = extract_table(frame, progress=False)
    for cid, rec in zip(claim_ids(found), found.to_dict("records")):
        art = meta[rec["article_id"]]
        revised = bool(rec.pop("superseded"))
        out.append({
            **rec,
            "claim_id": cid, "origin": "extracted", "review": "unreviewed",
            "count": int(rec["count"]), "is_background": bool(rec["is_background"]), "is_partial": False,
            "event_id": None if rec["is_background"] else art["event_id"],
            "report_date": art["published"], "revised_in_text": revised,
            "source_url": art["url"], "source_outlet": art["outlet"], "source_date": art["published"],
            "note": None,
        })
    return out


def build_tables(root: Path) -> dict:
    """Read and check data/raw/ under `root` and return the four typed tables (nothing is written)."""
    import pandas as pd

    from .reconcile import mark_superseded, reconcile

    paths = Paths(root)
    articles, texts = curate.read_articles(paths.articles, root)
    events = curate.read_events(paths.curated, root)
    event_ids = {e["event_id"] for e in events}
    by_id = {a["article_id"]: a for a in articles}
    curated = curate.read_claims(paths.curated, by_id, texts, event_ids, root)
    reviews = curate.read_reviews(paths.curated, root)
    extracted = curate.apply_reviews(extracted_claims(articles, texts), reviews, event_ids)
    problems = [curate.Problem("data/raw/articles/manifest.csv", None, "event_id",
                               f"article {a['article_id']}: unknown event {a['event_id']!r}")
                for a in articles if a["event_id"] and a["event_id"] not in event_ids]
    if problems:
        raise curate.InputError(problems)

    claims = pd.DataFrame(curated + extracted)
    claims["revised_in_text"] = claims.get("revised_in_text", False)
    claims["revised_in_text"] = claims["revised_in_text"].fillna(False).astype(bool)
    claims["basis"] = [schema.basis_of(c, s) for c, s in zip(claims["claimant_side"], claims["side"])]
    claims["superseded_by"] = mark_superseded(claims)
    claims["evidence_text"] = [
        texts[a][int(s):int(e)] if isinstance(a, str) and pd.notna(s) else None
        for a, s, e in zip(claims["article_id"], claims["evidence_start"], claims["evidence_end"])
    ]
    events_df = pd.DataFrame(events)
    n_claims = claims["event_id"].value_counts()
    events_df["n_claims"] = events_df["event_id"].map(n_claims).fillna(0).astype(int)
    casualties = reconcile(claims, events_df)

    tables = {
        "articles": pd.DataFrame(articles),
        "claims": claims,
        "events": events_df,
        "casualties": casualties,
    }
    return {name: finish(df, schema.TABLES[name]) for name, df in tables.items()}


def finish(df, table: schema.Table):
    """Schema dtypes and column order, rows sorted by the primary key: a deterministic table."""
    out = typed(df, table)
    out = out.sort_values(list(table.primary_key), kind="stable", key=lambda s: s.astype(str))
    return out.reset_index(drop=True)


def to_arrow(df, table: schema.Table):
    """The Arrow table written to Parquet: the schema's types and column descriptions, no pandas metadata."""
    import pyarrow as pa

    target = schema.arrow_schema(table)
    arrays = []
    for col, fld in zip(table.columns, target):
        series = df[col.name]
        if col.dtype == "category":
            arr = pa.DictionaryArray.from_arrays(
                pa.array(series.cat.codes.where(series.notna(), None).astype("Int32"), type=pa.int32()),
                pa.array(list(series.cat.categories), type=pa.string()))
        elif col.dtype == "date":
            arr = pa.array(series.dt.date.where(series.notna(), None), type=pa.date32())
        else:
            arr = pa.array(series, type=fld.type, from_pandas=True)
        arrays.append(arr)
    return pa.Table.from_arrays(arrays, schema=target)


def write_atomic(tables: dict, out_dir: Path) -> list[Path]:
    """Write every table to a temporary folder, then move each file into place.

    Files whose bytes did not change are left alone (their modification time too).
    """
    import pyarrow.parquet as pq

    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=out_dir.parent))
    written = []
    try:
        for name, df in tables.items():
            path = tmp / f"{name}.parquet"
            pq.write_table(to_arrow(df, schema.TABLES[name]), path, compression="zstd",
                           compression_level=9, write_statistics=True, store_schema=True)
        for name in tables:
            src, dst = tmp / f"{name}.parquet", out_dir / f"{name}.parquet"
            if dst.exists() and dst.read_bytes() == src.read_bytes():
                continue
            os.replace(src, dst)
            written.append(dst)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return written


class ValidationFailed(Exception):
    def __init__(self, checks):
        self.checks = checks
        failed = [c for c in checks if not c.success]
        super().__init__("\n".join(c.describe() for c in failed))


def build(root: Path | None = None, out_dir: Path | None = None) -> BuildResult:
    """Build, validate and (only if every check passes) write data/processed/.

    Raises curate.InputError for bad raw input and ValidationFailed when a check fails; in both cases
    nothing is written.
    """
    from . import validate

    root = Path(root) if root else project_root()
    paths = Paths(root)
    tables = build_tables(root)
    checks = validate.validate_tables(tables, paths.expectations)
    if not all(c.success for c in checks):
        raise ValidationFailed(checks)
    written = write_atomic(tables, Path(out_dir) if out_dir else paths.processed)
    return BuildResult(tables, checks, written)
