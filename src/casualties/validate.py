"""Validate the tables against the Great Expectations suites in expectations/.

Each suite is one JSON file per table. Its *structure* expectations are generated from schema.py
(`casualties suites` rewrites them; a test fails when the committed files drift); its *quality*
expectations are written by hand, each with a one-line reason in its meta. Cross-table rules (every
claim's event exists, best equals one of the claims...) are evaluated as derived `check_*` columns
appended to the frame being validated, so they run and report like any other expectation.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from . import schema

SUITE_TABLES = ("articles", "claims", "events", "casualties", "totals")


class SuiteError(ValueError):
    """A suite file that cannot be trusted to run as written."""


@dataclass
class Check:
    table: str
    expectation: str
    column: str | None
    success: bool
    reason: str
    unexpected: list
    file: str | None = None  # set for the checks on the files themselves (tier 0)

    def describe(self) -> str:
        mark = "ok  " if self.success else "FAIL"
        if self.file:
            where = f"{self.file}: {self.column}" if self.column else self.file
        else:
            where = f"{self.table}.{self.column}" if self.column else self.table
        text = f"{mark} {where}: {self.expectation} ({self.reason})"
        if not self.success and self.unexpected:
            text += f"; found: {', '.join(map(repr, self.unexpected[:5]))}"
        return text


# Derived check columns: name -> (description, function(tables) -> Series). The suites expect True.
def _claims_checks(t):
    import pandas as pd

    c, events = t["claims"], set(t["events"]["event_id"])
    lo, hi = pd.Timestamp(schema.COVERAGE_START), pd.Timestamp(schema.COVERAGE_END)
    in_cov = c["incident_start"].between(lo, hi) & c["incident_end"].between(lo, hi)
    has_span = c["article_id"].notna() & c["evidence_start"].notna() & c["evidence_end"].notna()
    return {
        "check_event_known": c["event_id"].isna() | c["event_id"].isin(events),
        "check_event_unless_background": c["event_id"].notna() | c["is_background"],
        "check_citation": (c["source_url"].notna() & c["source_outlet"].notna()) | has_span,
        "check_in_coverage": c["is_background"] | c["incident_start"].isna() | in_cov.fillna(False),
        "check_dates_ordered": ~(c["incident_end"] < c["incident_start"]).fillna(False),
        "check_span_ordered": ~(c["evidence_end"] <= c["evidence_start"]).fillna(False),
        "check_neutral_wording": _neutral(c, "claims", c["side"].astype(str) == "karabakh"),
    }


def _neutral(df, table, karabakh):
    """True where every column of our own words in the row passes schema.wording_problems."""
    import pandas as pd

    ok = pd.Series(True, index=df.index)
    for column in schema.NEUTRAL_TEXT[table]:
        ok &= pd.Series([not schema.wording_problems(None if pd.isna(v) else str(v), bool(k))
                         for v, k in zip(df[column], karabakh)], index=df.index, dtype=bool)
    return ok


def _events_checks(t):
    from .geo import points_in_country

    e = t["events"]
    return {"check_dates_ordered": e["start_date"] <= e["end_date"], "check_point_in_country": points_in_country(e),
            "check_neutral_wording": _neutral(e, "events", e["area"].astype(str) == "karabakh")}


def _casualties_checks(t):
    import pandas as pd

    from .reconcile import in_total

    k, c = t["casualties"], t["claims"].set_index("claim_id")
    best = k["best_claim_id"].map(c["count"])
    same = pd.Series(True, index=k.index)
    for col in ("event_id", "side", "category", "population"):
        same &= k["best_claim_id"].map(c[col].astype(str)).eq(k[col].astype(str)).fillna(False)
    return {
        "check_low_best_high": (k["low"] <= k["best"]) & (k["best"] <= k["high"]),
        "check_best_is_a_claim": best.eq(k["best"]).fillna(False) & same,
        "check_event_known": k["event_id"].isin(set(t["events"]["event_id"])),
        "check_in_total_rule": k["in_total"].astype(bool).eq(in_total(k)) if len(k) else pd.Series(True, index=k.index),
    }


def _articles_checks(t):
    a = t["articles"]
    return {"check_event_known": a["event_id"].isna() | a["event_id"].isin(set(t["events"]["event_id"]))}


DERIVED = {
    "articles": _articles_checks,
    "claims": _claims_checks,
    "events": _events_checks,
    "casualties": _casualties_checks,
}


def totals(tables):
    """Derived table for sanity bounds: best killed and wounded per year and side hit (in_total rows)."""
    k = tables["casualties"]
    k = k[k["category"].isin(["killed", "wounded"]) & k["in_total"].astype(bool)]
    out = (k.assign(year=k["start_date"].dt.year)
           .groupby(["year", "side", "category"], observed=True)["best"].sum().reset_index())
    return out.astype({"year": "int64", "side": "string", "category": "string", "best": "int64"})


def frames(tables) -> dict:
    """The frames the suites run on: each table plus its derived check columns, and `totals`."""
    out = {}
    for name, fn in DERIVED.items():
        df = tables[name].copy()
        for col, values in fn(tables).items():
            df[col] = values.astype(bool)
        out[name] = df
    out["totals"] = totals(tables)
    return out


# ---- suites ---------------------------------------------------------------------------------------

# GX reports the type of the values it sees (numpy/python names), not the nullable pandas dtype;
# the exact loader dtypes are asserted in tests/test_load.py.
_GX_TYPES = {"string": "str", "int": "int64", "float": "float64", "bool": "bool", "date": "datetime64[s]"}


def _exp(kind: str, reason: str, **kwargs) -> dict:
    return {"type": kind, "kwargs": kwargs, "meta": {"tier": "structure", "reason": reason}}


def structure_expectations(name: str) -> list[dict]:
    """The structural expectations of a table, generated from the schema."""
    if name == "totals":
        return []
    table = schema.TABLES[name]
    checks = list(DERIVED[name](_empty_tables()).keys())
    exps = [_exp("expect_table_columns_to_match_ordered_list",
                 "columns and their order are declared in schema.py",
                 column_list=table.names + checks)]
    if len(table.primary_key) == 1:
        exps.append(_exp("expect_column_values_to_be_unique", "primary key", column=table.primary_key[0]))
    else:
        exps.append(_exp("expect_compound_columns_to_be_unique", "primary key",
                         column_list=list(table.primary_key)))
    for col in table.columns:
        if col.dtype != "category":
            exps.append(_exp("expect_column_values_to_be_of_type", f"declared type {col.dtype}",
                             column=col.name, type_=_GX_TYPES[col.dtype]))
        if not col.nullable:
            exps.append(_exp("expect_column_values_to_not_be_null", "declared not nullable", column=col.name))
        if col.values:
            exps.append(_exp("expect_column_values_to_be_in_set", f"controlled vocabulary '{col.vocabulary}'",
                             column=col.name, value_set=list(col.values)))
        if col.minimum is not None:
            exps.append(_exp("expect_column_values_to_be_between", f"{col.unit} cannot be below {col.minimum}",
                             column=col.name, min_value=col.minimum))
    for check in checks:
        exps.append(_exp("expect_column_values_to_be_in_set", _CHECK_REASONS[check], column=check,
                         value_set=[True]))
    return exps


_CHECK_REASONS = {
    "check_event_known": "every event_id refers to a row of events",
    "check_event_unless_background": "only a background figure may lack an event",
    "check_citation": "every figure cites a page (url and outlet) or an evidence span in a raw article",
    "check_in_coverage": "incident dates lie in 2021-01-01..2024-12-31 unless the figure is background",
    "check_dates_ordered": "a period cannot end before it starts",
    "check_point_in_country": "each event's point lies in the region and in the country it names (geo.point_problem)",
    "check_span_ordered": "an evidence span ends after it starts",
    "check_low_best_high": "low <= best <= high",
    "check_best_is_a_claim": "best is the count of the claim named in best_claim_id, in the same group",
    "check_neutral_wording": "neutral voice: no partisan word outside a quote, both names of a place, "
                             "'Karabakh Armenian' for Karabakh forces (schema.wording_problems)",
    "check_in_total_rule": "in_total follows the one rule that series() also sums (reconcile.in_total)",
}


def _empty_tables():
    import pandas as pd

    from .load import typed

    return {n: typed(pd.DataFrame(columns=t.names), t) for n, t in schema.TABLES.items()}


def suite_file(directory: Path, name: str) -> Path:
    return Path(directory) / f"{name}.json"


def generated_suite(directory: Path, name: str) -> dict:
    """The suite as it should be on disk: generated structure plus the committed quality entries."""
    path = suite_file(directory, name)
    quality = []
    if path.exists():
        quality = [e for e in json.loads(path.read_text())["expectations"] if e["meta"].get("tier") == "quality"]
    return {"name": name, "expectations": structure_expectations(name) + quality}


def write_suites(directory: Path) -> list[Path]:
    """Regenerate the structure part of every suite, keeping the hand-written quality entries."""
    paths = []
    for name in SUITE_TABLES:
        path = suite_file(directory, name)
        path.write_text(json.dumps(generated_suite(directory, name), indent=2, ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def _load_suite(directory: Path, name: str):
    import great_expectations as gx

    data = json.loads(suite_file(directory, name).read_text())
    for exp in data["expectations"]:
        if not exp.get("meta", {}).get("reason"):
            raise SuiteError(f"{suite_file(directory, name)}: expectation {exp['type']} has no meta.reason")
    try:
        suite = gx.ExpectationSuite(name=data["name"], expectations=data["expectations"])
    except Exception as exc:  # GX raises its own error types for a malformed expectation
        raise SuiteError(f"{suite_file(directory, name)}: {exc}") from exc
    # GX drops an expectation type it does not know with only a log line: refuse that.
    if len(suite.expectations) != len(data["expectations"]):
        loaded = [e.expectation_type for e in suite.expectations]
        dropped = [e["type"] for e in data["expectations"] if e["type"] not in loaded]
        raise SuiteError(f"{suite_file(directory, name)}: {len(data['expectations'])} expectations in the "
                         f"file but GX loaded {len(suite.expectations)}; unknown type(s): {', '.join(dropped)}")
    return suite


def validate_tables(tables: dict, directory: Path) -> list[Check]:
    """Run every suite on its frame with an ephemeral GX context; return one Check per expectation."""
    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    context = gx.get_context(mode="ephemeral")
    try:
        from great_expectations.data_context.types.base import ProgressBarsConfig

        context.variables.progress_bars = ProgressBarsConfig(globally=False)
    except Exception:  # older/newer GX without this knob: bars are cosmetic
        pass
    source = context.data_sources.add_pandas("casualties")
    checks = []
    for name, frame in frames(tables).items():
        suite = _load_suite(directory, name)
        batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe(name).get_batch(
            batch_parameters={"dataframe": frame})
        result = batch.validate(suite, result_format="SUMMARY")
        for res in result.results:
            cfg = res.expectation_config
            unexpected = res.result.get("partial_unexpected_list") or []
            if not unexpected and "observed_value" in res.result:
                unexpected = [res.result["observed_value"]]
            if cfg.type == "expect_table_columns_to_match_ordered_list" and not res.success:
                unexpected = [str(res.result.get("details", {}).get("mismatched", ""))]
            checks.append(Check(name, cfg.type, cfg.kwargs.get("column"), bool(res.success),
                                (cfg.meta or {}).get("reason", ""), list(unexpected)))
    return checks


def validate_processed(processed: Path, directory: Path) -> list[Check]:
    """Re-validate the files in `processed`: the files first (release.json, Parquet schema, key), then the suites.

    The suites run only when every file could be read with the schema's columns and types and a
    unique key: on anything less their own checks would crash or mislead.
    """
    checks, tables = check_files(Path(processed))
    if tables is None:
        return checks
    return checks + validate_tables(tables, directory)


#: The checks made on each processed file before the suites run, in order.
FILE_CHECKS = ("release manifest", "parquet schema", "primary key unique")


def check_files(processed: Path) -> tuple[list[Check], dict | None]:
    """Check release.json and each table's file: present, whole, the schema's columns and types, unique key.

    Returns the checks and the typed tables (None when any file failed: the data cannot be trusted).
    """
    from . import release

    checks, tables = [], {}
    manifest, problem = _read_manifest(processed / release.MANIFEST)
    checks.append(Check("release", "release manifest", None, problem is None,
                        problem or "release.json lists every table with its sha256 and size", [],
                        str(processed / release.MANIFEST)))
    for stage in release.interrupted(processed):
        checks.append(Check("release", "release manifest", None, False,
                            f"an interrupted publish left {stage.name}: run `casualties build` to roll it back",
                            [], str(stage)))
    for name, table in schema.TABLES.items():
        path = processed / f"{name}.parquet"
        found = _check_file(name, table, path, (manifest or {}).get(f"{name}.parquet"), manifest is not None)
        checks += found[0]
        if found[1] is None:
            tables = None
        elif tables is not None:
            tables[name] = found[1]
    return checks, tables


def _read_manifest(path: Path) -> tuple[dict | None, str | None]:
    try:
        data = json.loads(path.read_bytes())
        files = data["files"]
        if data.get("dataset_version") != schema.DATASET_VERSION:
            return files, (f"dataset_version {data.get('dataset_version')!r} differs from "
                           f"schema.py's {schema.DATASET_VERSION!r}")
        return files, None
    except FileNotFoundError:
        return None, "not found (every release has one, written last)"
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return None, f"unreadable: {exc}"


def _check_file(name: str, table: schema.Table, path: Path, entry: dict | None, have_manifest: bool):
    """The file checks of one table: (checks, typed frame or None)."""
    import pyarrow.parquet as pq

    from . import release
    from .load import typed

    def check(kind, ok, reason, column=None, found=()):
        return Check(name, kind, column, ok, reason, list(found), str(path))

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return [check("file exists", False, "not found")], None
    except OSError as exc:
        return [check("file exists", False, f"cannot read: {release.describe(exc)}")], None
    if not have_manifest:
        out = [check("release manifest", False, "no release.json to check this file against")]
    elif entry is None:
        out = [check("release manifest", False, "not listed in release.json")]
    elif entry.get("size") != len(data) or entry.get("sha256") != release.sha256(data):
        out = [check("release manifest", False, f"size or sha256 differs from release.json: a mixed or "
                     f"altered release; the file has {len(data)} bytes, sha256 {release.sha256(data)[:12]}…")]
    else:
        out = [check("release manifest", True, "size and sha256 match release.json")]
    try:
        import pyarrow as pa

        arrow = pq.read_table(pa.BufferReader(data))
    except Exception as exc:  # pyarrow raises ArrowInvalid/OSError for a truncated or garbled file
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return out + [check("parquet schema", False, f"not a readable Parquet file ({first})")], None
    problems = schema_problems(table, arrow.schema)
    out += [check("parquet schema", False, why, column) for column, why in problems]
    if problems:
        return out, None
    out.append(check("parquet schema", True, "columns, order and types as declared in schema.py"))
    try:
        frame = typed(arrow.to_pandas(), table)
    except Exception as exc:  # values that the declared types cannot hold
        return out + [check("parquet schema", False, f"values do not convert to the schema's dtypes ({exc})")], None
    key = list(table.primary_key)
    dup = frame[frame.duplicated(key, keep=False)]
    found = sorted({"/".join(map(str, r)) for r in dup[key].itertuples(index=False)})
    out.append(check("primary key unique", not found,
                     "duplicated key" if found else "no key value twice", ",".join(key), found))
    return out, None if found else frame


def schema_problems(table: schema.Table, actual) -> list[tuple[str, str]]:
    """(column, what is wrong) for each difference between a file's Arrow schema and schema.py."""
    expected = schema.arrow_schema(table)
    have = {f.name: f for f in actual}
    out = []
    for fld in expected:
        got = have.get(fld.name)
        if got is None:
            out.append((fld.name, "column missing"))
        elif not got.type.equals(fld.type):
            out.append((fld.name, f"stored as {got.type}; schema.py declares {fld.type}"))
    for name in have:
        if name not in expected.names:
            out.append((name, "column not in schema.py"))
    if not out and actual.names != expected.names:
        out.append((",".join(actual.names), "columns out of the order declared in schema.py"))
    return out
