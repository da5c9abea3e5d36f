"""One schema: the suites, the codebook and the Parquet files all agree with schema.py."""

import json

import pyarrow.parquet as pq

from casualties import codebook, schema, validate
from conftest import REPO


def test_committed_suites_match_the_schema():
    for name in validate.SUITE_TABLES:
        committed = json.loads((REPO / "expectations" / f"{name}.json").read_text())
        assert committed == validate.generated_suite(REPO / "expectations", name), (
            f"expectations/{name}.json drifted from schema.py: run `uv run casualties suites`")


def test_every_expectation_has_a_reason():
    for name in validate.SUITE_TABLES:
        for exp in json.loads((REPO / "expectations" / f"{name}.json").read_text())["expectations"]:
            assert exp["meta"]["reason"].strip(), exp
            assert exp["meta"]["tier"] in ("structure", "quality")


def test_committed_codebook_matches_the_schema():
    assert (REPO / "docs" / "codebook.md").read_text(encoding="utf-8") == codebook.render(), (
        "docs/codebook.md drifted from schema.py: run `uv run casualties suites`")


def test_parquet_files_carry_the_schema_and_descriptions():
    for name, table in schema.TABLES.items():
        pf = pq.read_schema(REPO / "data" / "processed" / f"{name}.parquet")
        assert pf.names == table.names
        assert pf.equals(schema.arrow_schema(table), check_metadata=True)
        for col in table.columns:
            assert pf.field(col.name).metadata[b"description"].decode() == col.description
        assert pf.metadata[b"dataset_version"].decode() == schema.DATASET_VERSION


def test_curated_columns_are_schema_columns():
    claims = set(schema.CLAIMS.names)
    assert set(schema.CURATED_CLAIM_COLUMNS) <= claims
    assert set(schema.CURATED_EVENT_COLUMNS) <= set(schema.EVENTS.names)
    assert set(schema.EXTRACTED_FIELDS) - {"superseded", "side_rule"} <= claims


def test_basis_is_derived_from_the_two_sides():
    assert schema.basis_of("armenia", "armenia") == "own_report"
    assert schema.basis_of("azerbaijan", "karabakh") == "adversary_claim"
    assert schema.basis_of("karabakh", "armenia") == "allied_report"
    assert schema.basis_of("russia", "armenia") == "independent"
    assert schema.basis_of("russia", "russia") == "own_report"
    assert schema.basis_of("third_party", "combined") == "independent"
