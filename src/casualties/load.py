"""Typed loaders for the processed tables.

The Parquet files ship inside the installed package (`casualties/data/`); in a source checkout they
are read from `data/processed/`. Nothing is read until a loader is called.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from . import schema


def packaged(name: str) -> Path | None:
    """A folder the wheel ships inside the package (data, expectations, docs), or None in a checkout.

    >>> packaged("no-such-folder") is None
    True
    """
    folder = resources.files("casualties") / name
    return Path(str(folder)) if folder.is_dir() else None


def data_dir() -> Path:
    """Folder of the processed Parquet files: the packaged copy, else the checkout's data/processed."""
    return packaged("data") or Path(__file__).resolve().parents[2] / "data" / "processed"


def typed(df, table: schema.Table):
    """Give a frame the schema's dtypes and column order (categoricals, Int64, Float64, boolean, dates)."""
    import pandas as pd

    out = {}
    for col, dtype in schema.pandas_dtypes(table).items():
        values = df[col] if col in df else pd.Series(pd.NA, index=df.index)
        if dtype == "datetime64[s]":
            out[col] = pd.to_datetime(values).astype(dtype)
        elif dtype in ("boolean", "Int64", "Float64"):
            out[col] = values.astype("object").where(values.notna(), None).astype(dtype)
        else:
            out[col] = values.astype(dtype)
    return pd.DataFrame(out, index=pd.RangeIndex(len(df)))


def _load(name: str, path: str | Path | None = None):
    import pandas as pd

    table = schema.TABLES[name]
    folder = Path(path) if path is not None else data_dir()
    return typed(pd.read_parquet(folder / f"{name}.parquet"), table)


def load_articles(path: str | Path | None = None):
    """Raw articles: one row per article, with url, outlet, published date and sha256.

    >>> import casualties
    >>> casualties.load_articles().columns[0]
    'article_id'
    """
    return _load("articles", path)


def load_claims(path: str | Path | None = None):
    """Every casualty figure somebody asserted, with claimant, citation or evidence span, and review.

    >>> import casualties
    >>> c = casualties.load_claims()
    >>> str(c["side"].dtype), str(c["count"].dtype)
    ('category', 'Int64')
    """
    return _load("claims", path)


def load_events(path: str | Path | None = None):
    """Incidents: dates, place and a neutral description.

    >>> import casualties
    >>> int(casualties.load_events()["start_date"].dt.year.min())
    2021
    """
    return _load("events", path)


def load_casualties(path: str | Path | None = None):
    """Reconciled low / best / high per event, side, category and population.

    >>> import casualties
    >>> cas = casualties.load_casualties()
    >>> bool(((cas["low"] <= cas["best"]) & (cas["best"] <= cas["high"])).all())
    True
    """
    return _load("casualties", path)
