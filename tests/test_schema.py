"""One schema: the suites, the codebook and the Parquet files all agree with schema.py."""

import json

import pyarrow.parquet as pq
import pytest

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
    assert schema.basis_of("third_party", "combined") == "derived"


@pytest.mark.parametrize("party", ["armenia", "azerbaijan", "karabakh"])
@pytest.mark.parametrize("side", ["armenia", "azerbaijan", "karabakh", "russia", "unknown"])
def test_a_party_to_the_fighting_is_never_independent(party, side):
    assert schema.basis_of(party, side) != "independent"


def test_the_inflicting_party_about_the_peacekeepers_is_an_adversary_claim():
    assert schema.basis_of("azerbaijan", "russia") == "adversary_claim"
    assert schema.basis_of("russia", "russia") == "own_report"


@pytest.mark.parametrize("claimant_side", list(schema.VOCABULARIES["claimant_side"]))
def test_a_total_across_sides_is_derived_whoever_gives_it(claimant_side):
    assert schema.basis_of(claimant_side, "combined") == "derived"


def test_every_basis_is_in_the_vocabulary_and_the_reconciliation_order():
    from casualties.reconcile import BASIS_PRIORITY

    assert set(BASIS_PRIORITY) == set(schema.VOCABULARIES["basis"])


@pytest.mark.parametrize("armenian, azerbaijani", [(a[0], b[0]) for a, b in schema.PLACE_NAMES])
def test_a_place_named_one_way_only_is_a_wording_problem(armenian, azerbaijani):
    assert schema.wording_problems(f"Shelling near {armenian}.")
    assert schema.wording_problems(f"Shelling near {azerbaijani}.")
    assert schema.wording_problems(f"Shelling near {azerbaijani} / {armenian}.") == []
    assert schema.wording_problems(f"The ministry said 'shelling near {azerbaijani}'.") == []


@pytest.mark.parametrize("word", ["invaders", "invasion", "shehid", "terrorists", "anti-terror", "genocide",
                                  "ethnic cleansing", "martyred", "provocation", "occupied"])
def test_partisan_words_count_outside_quotes_only(word):
    assert schema.wording_problems(f"The ministry spoke of {word}.")
    assert schema.wording_problems(f'The ministry spoke of "{word}".') == []
    assert schema.wording_problems(f"The ministry spoke of “{word}”.") == []


def test_karabakh_forces_are_karabakh_armenian_in_our_text():
    assert schema.wording_problems("Armenian forces fired", karabakh=True)
    assert schema.wording_problems("Karabakh Armenian forces fired", karabakh=True) == []
    assert schema.wording_problems("Armenian forces fired", karabakh=False) == []


def test_an_apostrophe_does_not_open_a_quote():
    assert schema.wording_problems("Azerbaijan's ministry spoke of an invasion; Armenia's denied it")


def test_every_mention_of_a_place_needs_its_other_name_beside_it():
    assert schema.wording_problems("Near Shushi / Shusha, and later a shooting in Shusha.") == [
        "'Shusha' without 'Shushi': give both names"]
