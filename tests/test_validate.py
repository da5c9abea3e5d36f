"""The GX suites catch what they promise to, and `casualties validate` reports per expectation."""

import pandas as pd
import pytest

from casualties import build, schema, validate
from conftest import REPO


@pytest.fixture(scope="module")
def tables():
    return build.build_tables(REPO)


def failures(tables):
    return {(c.table, c.column or "", c.expectation) for c in validate.validate_tables(tables, REPO / "expectations")
            if not c.success}


def test_real_tables_pass(tables):
    assert failures(tables) == set()


def test_low_above_best_is_caught(tables):
    t = dict(tables)
    t["casualties"] = t["casualties"].copy()
    t["casualties"].loc[0, "low"] = t["casualties"].loc[0, "best"] + 1
    assert ("casualties", "check_low_best_high", "expect_column_values_to_be_in_set") in failures(t)


def test_claim_with_unknown_event_and_out_of_coverage_date_is_caught(tables):
    t = dict(tables)
    c = t["claims"].copy()
    i = c.index[~c["is_background"]][0]
    c.loc[i, "event_id"] = "2022-01-01-nowhere"
    c.loc[i, "incident_start"] = pd.Timestamp("2019-06-01")
    t["claims"] = c
    found = failures(t)
    assert ("claims", "check_event_known", "expect_column_values_to_be_in_set") in found
    assert ("claims", "check_in_coverage", "expect_column_values_to_be_in_set") in found


@pytest.mark.parametrize("added, caught", [
    (" The other side called it a provocation.", True),
    (" Shelling hit Shusha.", True),
    (' The ministry called it "a provocation".', False),
    (" Shelling hit Shusha / Shushi.", False),
])
def test_partisan_word_or_one_sided_place_name_in_a_description_is_caught(tables, added, caught):
    t = dict(tables)
    e = t["events"].copy()
    e.loc[0, "description"] = "The defence ministry said one soldier was wounded by fire from the other side." + added
    t["events"] = e
    found = ("events", "check_neutral_wording", "expect_column_values_to_be_in_set") in failures(t)
    assert found is caught


def test_in_total_that_breaks_the_rule_is_caught(tables):
    t = dict(tables)
    k = t["casualties"].copy()
    i = k.index[~k["in_total"]][0]
    k.loc[i, "in_total"] = True
    t["casualties"] = k
    assert ("casualties", "check_in_total_rule", "expect_column_values_to_be_in_set") in failures(t)


def test_best_not_matching_its_claim_is_caught(tables):
    t = dict(tables)
    k = t["casualties"].copy()
    k.loc[0, ["low", "best", "high"]] = [k.loc[0, "best"] + 1] * 3
    t["casualties"] = k
    assert ("casualties", "check_best_is_a_claim", "expect_column_values_to_be_in_set") in failures(t)


def test_validate_command_prints_one_line_per_expectation(cli):
    status, out, err = cli("validate")
    lines = out.strip().splitlines()
    assert status == 0, out + err
    assert lines[-1].endswith("passed, 0 failed")
    assert all(line.startswith("ok ") for line in lines[:-1])
    # One line per file check (release.json, then each table's manifest entry, schema and key), then
    # one per expectation.
    file_checks = 1 + len(validate.FILE_CHECKS) * len(schema.TABLES)
    assert len(lines) - 1 == file_checks + sum(
        len(validate.generated_suite(REPO / "expectations", n)["expectations"]) for n in validate.SUITE_TABLES)


def test_validate_command_names_table_column_and_values_on_failure(cli, tmp_path, tables):
    t = dict(tables)
    k = t["casualties"].copy()
    k.loc[0, "best"] = 99999
    t["casualties"] = k
    build.write_atomic(t, tmp_path)
    status, out, _ = cli("validate", "--processed", tmp_path)
    assert status == 1
    assert "FAIL casualties.best: expect_column_values_to_be_between" in out and "99999" in out
