"""Build the processed tables from data/raw/: read, extract, review, reconcile, validate, then write.

Nothing is written unless every table passes validation; the Parquet files and their release.json are
then published as one release (release.py), so a failed or interrupted build leaves the previous
release whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import curate, geo, release, schema
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
            "report_date": art["published"], "report_time": None, "revised_in_text": revised,
            "source_url": art["url"], "source_outlet": art["outlet"], "source_date": art["published"],
            "source_type": art["source_type"],
            "note": None,
        })
    return out


def build_tables(root: Path) -> dict:
    """Read and check data/raw/ under `root` and return the four typed tables (nothing is written)."""
    import pandas as pd

    from .reconcile import derive_killed, mark_superseded, reconcile

    paths = Paths(root)
    events = geo.assign_points(curate.read_events(paths.curated, root), root)  # point, precision, source
    event_ids = {e["event_id"] for e in events}
    articles, texts = curate.read_articles(paths.articles, root, event_ids)
    by_id = {a["article_id"]: a for a in articles}
    curated = curate.read_claims(paths.curated, by_id, texts, event_ids, root)
    reviews = curate.read_reviews(paths.curated, root)
    extracted = curate.apply_reviews(extracted_claims(articles, texts), reviews, event_ids)

    claims = pd.DataFrame(curated + extracted)
    claims["revised_in_text"] = claims.get("revised_in_text", False)
    claims["revised_in_text"] = claims["revised_in_text"].fillna(False).astype(bool)
    claims["basis"] = [schema.basis_of(c, s) for c, s in zip(claims["claimant_side"], claims["side"])]
    claims["derived_from"] = None
    derived = derive_killed(claims)
    if len(derived):
        claims = pd.concat([claims, derived], ignore_index=True)
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


def parquet_files(tables: dict) -> dict[str, bytes]:
    """Each table as the bytes of its Parquet file (zstd, statistics, the schema's metadata)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    files = {}
    for name, df in tables.items():
        sink = pa.BufferOutputStream()
        pq.write_table(to_arrow(df, schema.TABLES[name]), sink, compression="zstd",
                       compression_level=9, write_statistics=True, store_schema=True)
        files[f"{name}.parquet"] = sink.getvalue().to_pybytes()
    return files


def write_atomic(tables: dict, out_dir: Path) -> list[Path]:
    """Publish the tables and their release.json in `out_dir` as one release (see release.py).

    Takes the build lock; files whose bytes did not change keep their modification time. Returns
    the paths whose bytes changed; raises release.PublishError (one line) when the release cannot
    be published, with the previous one kept.
    """
    out_dir = Path(out_dir)
    with release.lock(out_dir):
        return _publish(tables, out_dir)


def _publish(tables: dict, out_dir: Path) -> list[Path]:
    return [out_dir / n for n in release.publish(parquet_files(tables), out_dir, schema.DATASET_VERSION)]


class ValidationFailed(Exception):
    def __init__(self, checks):
        self.checks = checks
        failed = [c for c in checks if not c.success]
        super().__init__("\n".join(c.describe() for c in failed))


def build(root: Path | None = None, out_dir: Path | None = None) -> BuildResult:
    """Build, validate and (only if every check passes) write data/processed/.

    Raises curate.InputError for bad raw input and ValidationFailed when a check fails (nothing is
    written), release.Locked when another build runs, release.PublishError when the files cannot be
    published (the previous release is kept).
    """
    from . import validate

    root = Path(root) if root else project_root()
    paths = Paths(root)
    out_dir = Path(out_dir) if out_dir else paths.processed
    if not paths.articles.parent.is_dir():  # before the lock, which would create files beside out_dir
        raise curate.InputError([curate.Problem(str(paths.articles.parent), None, None, "folder not found")])
    # The lock covers reading the inputs too: a build from older inputs cannot publish after a newer one.
    with release.lock(out_dir):
        tables = build_tables(root)
        checks = validate.validate_tables(tables, paths.expectations)
        if not all(c.success for c in checks):
            raise ValidationFailed(checks)
        written = _publish(tables, out_dir)
    return BuildResult(tables, checks, written)
