"""The reconciliation rule on conflicting claims, one behaviour per test."""

import pandas as pd
import pytest

from casualties import schema
from casualties.reconcile import mark_superseded, reconcile

EVENTS = pd.DataFrame({"event_id": ["e"], "start_date": [pd.Timestamp("2022-09-13")]})


def claims(*rows):
    """Claims for one event/category/population: (id, claimant, claimant_side, side, count, report_date, extra)."""
    recs = []
    for row in rows:
        cid, claimant, cside, side, count, reported, *extra = row
        rec = {"claim_id": cid, "event_id": "e", "category": "killed", "population": "military",
               "claimant": claimant, "claimant_side": cside, "side": side, "count": count,
               "report_date": pd.Timestamp(reported), "review": "curated", "is_partial": False,
               "is_background": False, "origin": "curated", "note": None, "source_type": "news_report",
               "report_time": None, "article_id": None, "evidence_start": None, "revised_in_text": False}
        rec.update(extra[0] if extra else {})
        recs.append(rec)
    df = pd.DataFrame(recs)
    df["basis"] = [schema.basis_of(c, s) for c, s in zip(df["claimant_side"], df["side"])]
    df["superseded_by"] = mark_superseded(df)
    return df


def one(df, side="armenia"):
    out = reconcile(df, EVENTS)
    row = out[out["side"] == side]
    assert len(row) == 1
    return row.iloc[0]


def test_revised_toll_upward_latest_official_figure_wins():
    df = claims(("a", "Armenian government", "armenia", "armenia", 49, "2022-09-13"),
                ("b", "Armenian Defence Ministry", "armenia", "armenia", 105, "2022-09-14"),
                ("c", "Armenian Prime Minister", "armenia", "armenia", 135, "2022-09-15"))
    assert df["superseded_by"].tolist() == ["b", "c", pd.NA]
    r = one(df)
    assert (r["low"], r["best"], r["high"]) == (135, 135, 135)
    assert r["basis"] == "own_report" and r["best_claim_id"] == "c" and r["n_claims"] == 3


def test_revised_toll_downward_same_day_keeps_both_and_takes_the_later():
    df = claims(("x/01", "Armenian Defence Ministry", "armenia", "armenia", 4, "2023-09-01"),
                ("x/02", "Armenian Defence Ministry", "armenia", "armenia", 3, "2023-09-01"))
    assert df["superseded_by"].tolist() == ["x/02", pd.NA]
    assert one(df)["best"] == 3


def test_extractor_revision_flag_orders_same_day_figures():
    # "three killed, down from an initial four": the four comes later in the text but is the older figure.
    df = claims(("t1", "Armenian Defence Ministry", "armenia", "armenia", 3, "2023-09-01",
                 {"article_id": "a", "evidence_start": 10}),
                ("t2", "Armenian Defence Ministry", "armenia", "armenia", 4, "2023-09-01",
                 {"article_id": "a", "evidence_start": 50, "revised_in_text": True}))
    assert one(df)["best"] == 3


def test_adversary_claim_far_above_own_report_is_kept_beside_it_not_merged():
    df = claims(("own", "Azerbaijani Defence Ministry", "azerbaijan", "azerbaijan", 7, "2021-11-17"),
                ("adv", "Armenian Defence Ministry", "armenia", "azerbaijan", 70, "2021-11-17"))
    r = one(df, "azerbaijan")
    assert (r["low"], r["best"], r["high"]) == (7, 7, 7)
    assert r["own_report"] == 7 and r["adversary_claim"] == 70 and r["basis"] == "own_report"


def test_adversary_claim_alone_becomes_best_flagged_as_such():
    df = claims(("adv", "Armenian Defence Ministry", "armenia", "azerbaijan", 5, "2022-03-25"))
    r = one(df, "azerbaijan")
    assert r["best"] == 5 and r["basis"] == "adversary_claim" and pd.isna(r["own_report"])


def test_independent_figures_bound_low_and_high_but_own_report_is_best():
    df = claims(("own", "Armenian Defence Ministry", "armenia", "armenia", 4, "2024-02-13"),
                ("ind", "Reuters", "third_party", "armenia", 2, "2024-02-13"),
                ("ind2", "AFP", "third_party", "armenia", 5, "2024-02-14"))
    r = one(df)
    assert (r["low"], r["best"], r["high"]) == (2, 4, 5)
    assert r["independent"] == 5


def test_allied_report_ranks_below_own_above_independent():
    df = claims(("al", "Armenian Human Rights Defender", "armenia", "karabakh", 10, "2023-09-21"),
                ("in", "Reuters", "third_party", "karabakh", 12, "2023-09-22"))
    r = one(df, "karabakh")
    assert r["best"] == 10 and r["basis"] == "allied_report" and r["high"] == 12


def test_partial_figure_is_set_aside_while_a_full_figure_exists():
    df = claims(("full", "Armenian government", "armenia", "armenia", 49, "2022-09-13"),
                ("part", "Gegharkunik Governor", "armenia", "armenia", 4, "2022-09-13", {"is_partial": True}))
    r = one(df)
    assert (r["low"], r["best"], r["high"]) == (49, 49, 49)
    assert df.set_index("claim_id").loc["part", "superseded_by"] is pd.NA


def test_partial_figure_alone_is_used():
    df = claims(("part", "Gegharkunik Governor", "armenia", "armenia", 43, "2022-09-13", {"is_partial": True}))
    assert one(df)["best"] == 43


@pytest.mark.parametrize("state", ["unreviewed", "rejected"])
def test_unreviewed_and_rejected_claims_never_enter_estimates(state):
    df = claims(("ok", "Armenian Defence Ministry", "armenia", "armenia", 4, "2024-02-13"),
                ("no", "Armenian Defence Ministry", "armenia", "armenia", 40, "2024-02-14", {"review": state}))
    assert pd.isna(df.set_index("claim_id").loc["ok", "superseded_by"])
    r = one(df)
    assert r["best"] == 4 and r["n_claims"] == 1


def test_third_parties_do_not_supersede_each_other():
    df = claims(("r", "Reuters", "third_party", "armenia", 4, "2024-02-13"),
                ("a", "AFP", "third_party", "armenia", 2, "2024-02-14"))
    assert df["superseded_by"].isna().all()
    r = one(df)
    assert (r["low"], r["best"], r["high"]) == (2, 2, 4)


def test_background_mentions_never_enter_estimates():
    df = claims(("own", "Armenian Defence Ministry", "armenia", "armenia", 135, "2022-09-15"),
                ("bg", "unattributed", "unknown", "armenia", 300, "2023-09-01", {"is_background": True}))
    r = one(df)
    assert (r["low"], r["best"], r["high"], r["n_claims"]) == (135, 135, 135, 1)
