"""The release bundle: CSV and Parquet per table, a datapackage.json that Frictionless accepts, docs."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import casualties
from casualties import export, schema
from casualties.build import to_arrow
from conftest import REPO


def frictionless(descriptor: Path) -> dict:
    """`frictionless validate --json` on a descriptor: the report as a dict."""
    exe = Path(sys.executable).parent / "frictionless"
    out = subprocess.run([str(exe), "validate", "--json", str(descriptor)], capture_output=True, text=True,
                         cwd=descriptor.parent)
    return json.loads(out.stdout)


def errors(report: dict) -> list[tuple[str, str]]:
    """(resource, error type) of every error in a Frictionless report."""
    return [(task["name"], e["type"]) for task in report["tasks"] for e in task["errors"]]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle")
    export.export(out)
    return out


def published_with(tmp_path: Path, **changes) -> Path:
    """A copy of the published Parquet files with some tables replaced (name -> DataFrame)."""
    data = tmp_path / "data"
    data.mkdir()
    for name, table in schema.TABLES.items():
        df = changes.get(name)
        if df is None:
            (data / f"{name}.parquet").write_bytes((REPO / "data/processed" / f"{name}.parquet").read_bytes())
        else:
            pq.write_table(to_arrow(df, table), data / f"{name}.parquet")
    return data


def test_the_bundle_has_every_table_as_csv_and_parquet_and_the_docs(bundle):
    names = {p.name for p in bundle.iterdir()}
    for name in schema.TABLES:
        assert {f"{name}.csv", f"{name}.parquet"} <= names
        assert (bundle / f"{name}.parquet").read_bytes() == (REPO / "data/processed" / f"{name}.parquet").read_bytes()
        csv = pd.read_csv(bundle / f"{name}.csv", dtype=str, keep_default_na=False)
        assert list(csv.columns) == schema.TABLES[name].names
        assert len(csv) == len(getattr(casualties, f"load_{name}")())
    assert {"datapackage.json", "codebook.md", "methodology.md", "CHANGELOG.md", "README.md"} <= names
    assert set(export.DOCS) | {"README.md"} == names - {f"{n}.{x}" for n in schema.TABLES for x in ("csv", "parquet")}
    assert f"version {schema.DATASET_VERSION}" in (bundle / "README.md").read_text(encoding="utf-8")
    assert f"Dataset version {schema.DATASET_VERSION}" in (bundle / "codebook.md").read_text(encoding="utf-8")


def test_frictionless_validates_the_bundle(bundle):
    report = frictionless(bundle / "datapackage.json")
    assert report["valid"], errors(report)
    assert sorted(t["name"] for t in report["tasks"]) == sorted(schema.TABLES)
    assert all(t["stats"]["rows"] == len(getattr(casualties, f"load_{t['name']}")()) for t in report["tasks"])


def test_the_descriptor_is_generated_from_the_schema(bundle):
    package = json.loads((bundle / "datapackage.json").read_text(encoding="utf-8"))
    assert package["version"] == schema.DATASET_VERSION
    assert [lic["name"] for lic in package["licenses"]] == ["CC-BY-4.0"]
    assert {"title": "Armenpress"} in package["sources"]
    resources = {r["name"]: r for r in package["resources"]}
    assert list(resources) == list(schema.TABLES)
    for name, table in schema.TABLES.items():
        fields = resources[name]["schema"]["fields"]
        assert [f["name"] for f in fields] == table.names
        assert resources[name]["schema"]["primaryKey"] == list(table.primary_key)
        for col, f in zip(table.columns, fields):
            assert f["description"] == col.description
            assert f["type"] == export.FIELD_TYPES[col.dtype]
            constraints = f.get("constraints", {})
            assert constraints.get("required", False) == (not col.nullable)
            assert constraints.get("enum") == (list(col.values) if col.values else None)
            assert constraints.get("minimum") == col.minimum
    declared = {(name, fk["fields"], fk["reference"]["resource"] or name, fk["reference"]["fields"])
                for name, r in resources.items() for fk in r["schema"]["foreignKeys"]}
    assert declared == set(schema.FOREIGN_KEYS)


def test_every_foreign_key_names_real_columns_and_holds_in_the_data():
    for table, column, ref, ref_column in schema.FOREIGN_KEYS:
        assert column in schema.TABLES[table].names and ref_column in schema.TABLES[ref].names
        values = set(getattr(casualties, f"load_{table}")()[column].dropna())
        assert values <= set(getattr(casualties, f"load_{ref}")()[ref_column]), (table, column)


def test_a_dangling_reference_fails_frictionless(tmp_path):
    # The validation is real: a casualty row pointing at an event that does not exist is caught.
    cas = casualties.load_casualties()
    cas.loc[0, "event_id"] = "2099-01-01-nowhere"
    out = tmp_path / "bundle"
    export.export(out, published_with(tmp_path, casualties=cas))
    report = frictionless(out / "datapackage.json")
    assert not report["valid"]
    assert ("casualties", "foreign-key") in errors(report)


FORMULAS = ["=HYPERLINK(\"http://example.invalid\",\"x\")", "+1 killed", "-2 wounded", "@SUM(A1:A9)",
            "\tindented", "\rreturn"]


def test_formula_like_text_is_written_with_a_leading_apostrophe(tmp_path):
    events = casualties.load_events()
    n = len(FORMULAS)
    events.loc[:n - 1, "description"] = FORMULAS
    events.loc[n:2 * n - 1, "name"] = FORMULAS
    out = tmp_path / "bundle"
    export.export(out, published_with(tmp_path, events=events))
    csv = pd.read_csv(out / "events.csv", dtype=str, keep_default_na=False)
    assert len(csv) == len(events)
    assert list(csv.loc[:n - 1, "description"]) == ["'" + t for t in FORMULAS]
    assert list(csv.loc[n:2 * n - 1, "name"]) == ["'" + t for t in FORMULAS]
    assert not csv.loc[n:, "description"].str.startswith("'").any()
    assert list(casualties.load_events(out)["description"][:n]) == FORMULAS  # the Parquet copy keeps them
    assert frictionless(out / "datapackage.json")["valid"]


def test_csv_cells_follow_the_descriptor():
    events = casualties.load_events().head(3)
    frame = export.csv_frame(events, schema.EVENTS)
    assert frame["start_date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    claims = export.csv_frame(casualties.load_claims(), schema.CLAIMS)
    assert set(claims["is_background"]) == {"true", "false"}


def test_the_same_data_gives_byte_identical_bundles(bundle, tmp_path):
    export.export(tmp_path)

    def digest(folder):
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}

    assert digest(tmp_path) == digest(bundle)


def test_a_new_writer_is_one_more_entry(monkeypatch, tmp_path):
    def write_event_names(b: export.Bundle) -> list[Path]:
        path = b.out / "event_names.txt"
        path.write_text("\n".join(b.tables["events"]["name"]), encoding="utf-8")
        return [path]

    monkeypatch.setattr(export, "WRITERS", [*export.WRITERS, write_event_names])
    written = export.export(tmp_path)
    assert written[-1] == tmp_path / "event_names.txt"
    assert len(written[-1].read_text(encoding="utf-8").splitlines()) == len(casualties.load_events())


def test_cli_export_reports_a_missing_data_folder_in_one_line(cli, tmp_path):
    status, out, err = cli("export", "--out", tmp_path / "bundle", "--data", tmp_path / "nowhere")
    assert status == 1
    assert err.startswith("export failed: ") and "nowhere" in err and len(err.splitlines()) == 1
    assert "Traceback" not in err


def test_cli_export_refuses_an_out_that_is_a_file(cli, tmp_path):
    target = tmp_path / "bundle"
    target.write_text("not a folder", encoding="utf-8")
    status, out, err = cli("export", "--out", target)
    assert status == 1 and out == ""
    assert err.startswith(f"export failed: {target}: ") and len(err.splitlines()) == 1
    assert target.read_text(encoding="utf-8") == "not a folder"


def test_the_bundle_maps_every_event_as_a_geojson_point(bundle):
    """events.geojson holds one point per event, at the event's own coordinates (longitude first)."""
    import json

    from casualties import load_events

    fc = json.loads((bundle / "events.geojson").read_text(encoding="utf-8"))
    events = load_events().set_index("event_id")
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == len(events)
    for f in fc["features"]:
        e = events.loc[f["properties"]["event_id"]]
        assert f["geometry"] == {"type": "Point", "coordinates": [e["longitude"], e["latitude"]]}
        assert f["properties"]["location_precision"] == e["location_precision"]
