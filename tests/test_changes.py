"""The release comparison finds every changed figure and says why, from the claims themselves."""

import pandas as pd

from casualties.changes import figure_changes, glance_changes, markdown

ROW = {"event_id": "e", "side": "armenia", "category": "killed", "population": "military"}


def cas(*rows):
    beside = {"own_report": None, "adversary_claim": None, "independent": None}
    return pd.DataFrame([{**ROW, **beside, **r} for r in rows])


def claims(*rows):
    base = {**ROW, "claimant": "Armenian Defence Ministry", "report_date": pd.Timestamp("2023-09-01"),
            "origin": "curated", "derived_from": None, "superseded_by": None, "source_type": "news_report",
            "count": 1}
    return pd.DataFrame([{**base, **r} for r in rows])


def test_a_superseded_best_and_a_new_row_are_listed_with_their_reasons():
    old = cas({"low": 4, "best": 4, "high": 4, "basis": "own_report", "best_claim_id": "art"},
              {"side": "russia", "low": 6, "best": 6, "high": 6, "basis": "independent", "best_claim_id": "r"})
    new = cas({"low": 3, "best": 3, "high": 3, "basis": "own_report", "best_claim_id": "c/06"},
              {"side": "russia", "low": 6, "best": 6, "high": 6, "basis": "adversary_claim", "best_claim_id": "r"},
              {"side": "azerbaijan", "low": 1, "best": 1, "high": 1, "basis": "own_report", "best_claim_id": "n"})
    new_claims = claims({"claim_id": "art", "count": 4, "superseded_by": "c/06"}, {"claim_id": "c/06", "count": 3},
                        {"claim_id": "r", "side": "russia", "count": 6}, {"claim_id": "n", "side": "azerbaijan"})
    old_claims = claims({"claim_id": "art", "count": 4}, {"claim_id": "r", "side": "russia", "count": 6})
    ch = figure_changes(old, new, new_claims, old_claims).set_index("side")
    assert list(ch.index) == ["armenia", "azerbaijan", "russia"]
    assert "art superseded by c/06" in ch.loc["armenia", "why"] and ch.loc["armenia", "kind"] == "changed"
    assert ch.loc["azerbaijan", "kind"] == "added" and "new claim n" in ch.loc["azerbaijan", "why"]
    assert "never independent" in ch.loc["russia", "why"]
    text = markdown(figure_changes(old, new, new_claims, old_claims))
    assert "armenia killed (military): 4 own_report → 3 own_report" in text


def test_a_change_beside_the_best_is_listed_too():
    old = cas({"low": 135, "best": 135, "high": 135, "basis": "own_report", "best_claim_id": "own",
               "own_report": 135, "adversary_claim": 450})
    new = old.assign(adversary_claim=100)
    new_claims = claims({"claim_id": "own", "count": 135},
                        {"claim_id": "wiki", "count": 450, "side": "armenia", "source_type": "encyclopedia"})
    ch = figure_changes(old, new, new_claims)
    assert "adversary_claim 450 → 100" in markdown(ch) and "encyclopedia figure wiki set aside" in ch.loc[0, "why"]


def test_unchanged_figures_are_not_listed():
    old = cas({"low": 4, "best": 4, "high": 4, "basis": "own_report", "best_claim_id": "a"})
    assert figure_changes(old, old.astype({"best": "Int64"}), claims({"claim_id": "a"})).empty


def test_glance_cells_that_changed_are_listed_old_to_new():
    def readme(a, b):
        return ("<!-- glance:start -->\n| year | killed — Armenia | killed — Azerbaijan |\n|---|---:|---:|\n"
                f"| 2022 | {a} | {b} |\n| **2021–2024** | **{a}** | **{b}** |\n<!-- glance:end -->")
    out = glance_changes(readme(146, 82), readme(188, 82)).splitlines()
    assert out == ["- 2021–2024, killed — Armenia: 146 → 188", "- 2022, killed — Armenia: 146 → 188"]
