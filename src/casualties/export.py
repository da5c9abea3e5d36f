"""The release bundle: every table as CSV and Parquet, a Frictionless datapackage.json, the docs, a README.

`casualties export --out DIR` runs the writers in `WRITERS` in order; each takes the `Bundle` and
returns the files it wrote, so another format (say, events as GeoJSON) is one more function and one
more line in that list. Everything is generated from schema.py and the published Parquet files, and
the same inputs give byte-identical files (no dates, sorted keys).

CSV cells are made safe for spreadsheets: a text cell that begins with one of `FORMULA_STARTS`
(`=`, `+`, `-`, `@`, tab, carriage return) gets a leading apostrophe, which Excel, LibreOffice and
Google Sheets show as text instead of running the cell as a formula. The Parquet files keep the
values exactly as published.
"""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import schema

#: First characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: Table Schema types of the schema's column types; categories are strings with an enum constraint.
FIELD_TYPES = {"string": "string", "category": "string", "int": "integer", "float": "number", "date": "date",
               "bool": "boolean"}

LICENCE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
           "path": "https://creativecommons.org/licenses/by/4.0/"}

TITLE = "casualties: cited casualty claims in the Armenia–Azerbaijan border conflict, 2021–2024"


@dataclass
class Bundle:
    """What the writers share: the output folder, the Parquet folder it comes from, the loaded tables."""

    out: Path
    data: Path
    tables: dict


Writer = Callable[[Bundle], list[Path]]


def safe_cell(value):
    """A CSV text cell a spreadsheet will not run as a formula.

    >>> safe_cell("=HYPERLINK(1)"), safe_cell("-5 killed"), safe_cell("Armenia"), safe_cell(None)
    ("'=HYPERLINK(1)", "'-5 killed", 'Armenia', None)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_frame(df, table: schema.Table):
    """The frame as written to CSV: ISO dates, true/false, empty cells for nulls, safe text cells."""
    out = df.copy()
    for col in table.columns:
        values = df[col.name]
        if col.dtype == "date":
            out[col.name] = values.dt.strftime("%Y-%m-%d")
        elif col.dtype == "bool":
            out[col.name] = values.map({True: "true", False: "false"}, na_action="ignore")
        elif col.dtype in ("string", "category"):
            out[col.name] = values.astype("object").map(safe_cell, na_action="ignore")
    return out


def write_parquet(bundle: Bundle) -> list[Path]:
    """The published Parquet files, copied byte for byte (they carry the column descriptions)."""
    paths = []
    for name in schema.TABLES:
        dst = bundle.out / f"{name}.parquet"
        shutil.copyfile(bundle.data / f"{name}.parquet", dst)
        paths.append(dst)
    return paths


def write_csv(bundle: Bundle) -> list[Path]:
    """Each table as UTF-8 CSV with a header row, in the schema's column order and the table's row order.

    Rows end in CRLF as RFC 4180 has it; with that terminator the csv module also quotes a lone
    carriage return inside a cell, which a bare LF terminator would leave to split the row.
    """
    paths = []
    for name, table in schema.TABLES.items():
        path = bundle.out / f"{name}.csv"
        csv_frame(bundle.tables[name], table).to_csv(path, index=False, encoding="utf-8", lineterminator="\r\n")
        paths.append(path)
    return paths


def write_codebook(bundle: Bundle) -> list[Path]:
    """The codebook (every table, column and vocabulary, and the reconciliation rule)."""
    from . import codebook

    return [codebook.write(bundle.out / "codebook.md")]


def doc_source(name: str) -> Path:
    """A document the wheel ships in casualties/docs/ (methodology, changelog), else the checkout's copy."""
    from .load import packaged

    docs = packaged("docs")
    if docs is not None:
        return docs / name
    repo = Path(__file__).resolve().parents[2]
    return repo / "docs" / name if (repo / "docs" / name).is_file() else repo / name


def write_docs(bundle: Bundle) -> list[Path]:
    """The methodology (scope, sources, dates, known gaps) and the changelog (every revision, and why)."""
    paths = []
    for name in ("methodology.md", "CHANGELOG.md"):
        shutil.copyfile(doc_source(name), bundle.out / name)
        paths.append(bundle.out / name)
    return paths


def field_descriptor(col: schema.Column) -> dict:
    """A Table Schema field from a schema column: type, description, unit and constraints."""
    field = {"name": col.name, "type": FIELD_TYPES[col.dtype], "description": col.description}
    if col.dtype == "date":
        field["format"] = "default"  # ISO 8601, YYYY-MM-DD: how csv_frame writes dates
    if col.dtype == "bool":
        field["trueValues"], field["falseValues"] = ["true"], ["false"]
    if col.unit:
        field["unit"] = col.unit
    constraints = {}
    if not col.nullable:
        constraints["required"] = True
    if col.values:
        constraints["enum"] = list(col.values)
        field["categories"] = [{"value": v, "label": meaning} for v, meaning in
                               schema.VOCABULARIES[col.vocabulary].items()]
    if col.minimum is not None:
        constraints["minimum"] = col.minimum
    if constraints:
        field["constraints"] = constraints
    return field


def foreign_keys(name: str) -> list[dict]:
    """The table's foreign keys as Table Schema declares them (a self-reference names no resource)."""
    return [{"fields": column, "reference": {"resource": "" if ref == name else ref, "fields": ref_column}}
            for table, column, ref, ref_column in schema.FOREIGN_KEYS if table == name]


def resource_descriptor(name: str, n_rows: int) -> dict:
    table = schema.TABLES[name]
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": f"{table.description} {n_rows} rows. The same table is in {name}.parquet. Text cells "
                       "beginning with =, +, -, @, a tab or a carriage return carry a leading apostrophe "
                       "(spreadsheet safety); the Parquet file has them as published.",
        "schema": {
            "fields": [field_descriptor(col) for col in table.columns],
            "missingValues": [""],
            "primaryKey": list(table.primary_key),
            "foreignKeys": foreign_keys(name),
        },
    }


def sources(tables: dict) -> list[dict]:
    """The outlets the figures were read in (each claim cites its own page in `claims`)."""
    outlets = set(tables["claims"]["source_outlet"].dropna()) | set(tables["articles"]["outlet"].dropna())
    return [{"title": outlet} for outlet in sorted(outlets, key=str.casefold)]


def datapackage(tables: dict) -> dict:
    """The Frictionless (Tabular) Data Package descriptor of the CSV files, generated from the schema."""
    return {
        "profile": "tabular-data-package",
        "name": "casualties",
        "title": TITLE,
        "description": (
            f"People reported killed, wounded, missing or captured in the Armenia–Azerbaijan border conflict "
            f"and in Karabakh, {schema.COVERAGE_START} to {schema.COVERAGE_END}, by incident date and side. "
            "Every figure is a claim by a party or a third party, cited in the claims table; the casualties "
            "table reconciles them into low / best / high estimates (see codebook.md)."),
        "version": schema.DATASET_VERSION,
        "licenses": [LICENCE],
        "keywords": ["Armenia", "Azerbaijan", "Karabakh", "casualties", "conflict data"],
        "sources": sources(tables),
        "resources": [resource_descriptor(name, len(tables[name])) for name in schema.TABLES],
    }


def write_datapackage(bundle: Bundle) -> list[Path]:
    path = bundle.out / "datapackage.json"
    path.write_text(json.dumps(datapackage(bundle.tables), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return [path]


#: The bundle's documents besides the tables, for its README.
DOCS = {
    "datapackage.json": "Frictionless Data Package: each column's type, description and allowed values, "
                        "the primary and foreign keys, licence and sources",
    "codebook.md": "every table, column and vocabulary, and the reconciliation rule",
    "methodology.md": "scope, sources, dates, reconciliation, known gaps (its links to other documents "
                      "point into the project repository)",
    "CHANGELOG.md": "every change to published figures, and why",
    "events.geojson": "the events as GeoJSON points (longitude, latitude in WGS 84) with every column of "
                      "`events` as properties, for QGIS and other GIS tools",
}


def readme(tables: dict) -> str:
    """The bundle's README: what the files are, how to read them, licence and citation."""
    v = schema.DATASET_VERSION
    rows = "\n".join(f"| `{name}.csv`, `{name}.parquet` | {len(tables[name])} | {table.description} |"
                     for name, table in schema.TABLES.items())
    docs = "\n".join(f"| `{name}` | | {what} |" for name, what in DOCS.items())
    return f"""# casualties dataset, version {v}

People reported killed, wounded, missing or captured in the Armenia–Azerbaijan border conflict and
in Karabakh, {schema.COVERAGE_START} to {schema.COVERAGE_END}, by incident date and side.
Every figure is a **claim**: somebody said it, on a date, about somebody's losses, and the `claims`
table says who and where it was read. These are the sides' and third parties' reports, not verified
counts.

## Files

| file | rows | contents |
|---|---:|---|
{rows}
{docs}

CSV files are UTF-8 with a header row and CRLF line ends (RFC 4180); an empty cell is a missing
value; dates are `YYYY-MM-DD`; booleans are `true` / `false`. **Spreadsheet safety**: a text cell
that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is written with a leading apostrophe
(`'`), so that a spreadsheet shows it as text instead of running it as a formula; strip one leading
apostrophe from such a cell to get the published value, or read the Parquet files, which keep
every value as published.

Read it in R with `frictionless::read_package("datapackage.json")` or `arrow::read_parquet()`, in
Python with `frictionless` or `pandas.read_parquet()`, or open the CSV files in a spreadsheet.

## Licence

The data are under the Creative Commons Attribution 4.0 International licence (CC BY 4.0):
{LICENCE["path"]}

## How to cite

> casualties: cited casualty claims in the Armenia–Azerbaijan border conflict, 2021–2024,
> dataset version {v}. Figures are claims by the parties and third parties, as cited in the
> `claims` table.

When you quote a number, quote its claimant too ("the Armenian Defence Ministry said…"), and the
dataset version.
"""


def write_geojson(bundle: Bundle) -> list[Path]:
    """The events as a GeoJSON FeatureCollection of points (`geo.to_geojson`), for GIS users."""
    from .geo import to_geojson

    path = bundle.out / "events.geojson"
    path.write_text(json.dumps(to_geojson(bundle.tables["events"]), ensure_ascii=False) + "\n", encoding="utf-8")
    return [path]


def write_readme(bundle: Bundle) -> list[Path]:
    path = bundle.out / "README.md"
    path.write_text(readme(bundle.tables), encoding="utf-8")
    return [path]


#: The bundle's writers, in order. datapackage.json describes the CSV files written before it.
WRITERS: list[Writer] = [write_parquet, write_csv, write_geojson, write_codebook, write_docs, write_readme,
                         write_datapackage]


def export(out: Path, data: Path | None = None) -> list[Path]:
    """Write the release bundle into `out` (created if missing) from the Parquet files in `data`.

    `data` defaults to the dataset's own processed tables. Returns the files written.
    """
    from . import load

    data = Path(data) if data is not None else load.data_dir()
    tables = {name: getattr(load, f"load_{name}")(data) for name in schema.TABLES}
    bundle = Bundle(Path(out), data, tables)
    bundle.out.mkdir(parents=True, exist_ok=True)
    return [path for writer in WRITERS for path in writer(bundle)]


def cli_export(out: Path, data: Path | None = None) -> int:
    """`casualties export --out DIR`: write the bundle and list its files; 1 with one line when it cannot."""
    try:
        paths = export(out, data)
    except OSError as exc:  # a missing --data folder, an --out that is a file, a full disk...
        where = exc.filename or out
        print(f"export failed: {where}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for path in paths:
        print(f"wrote {path}")
    return 0
