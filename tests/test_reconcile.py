"""The reconciliation rule on conflicting claims, one behaviour per test."""

import pandas as pd
import pytest

from casualties import schema
from casualties.reconcile import ELIGIBLE, REVISION_NOTE, derive_killed, in_total, mark_superseded, reconcile

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
    ext = {"origin": "extracted", "review": "accepted", "article_id": "a"}
    df = claims(("t1", "Armenian Defence Ministry", "armenia", "armenia", 3, "2023-09-01",
                 {**ext, "evidence_start": 10}),
                ("t2", "Armenian Defence Ministry", "armenia", "armenia", 4, "2023-09-01",
                 {**ext, "evidence_start": 50, "revised_in_text": True}))
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


# ---- issue 8: same-day revisions ------------------------------------------------------------------

MOD = ("Armenian Defence Ministry", "armenia", "armenia")


def test_curated_same_day_revision_beats_the_article_figure_of_that_day():
    # The seed article's early "4 killed" and the ministry's same-day revision to 3, entered by hand.
    df = claims(("art", *MOD, 4, "2023-09-01", {"article_id": "003", "evidence_start": 218, "review": "accepted",
                                                 "origin": "extracted"}),
                ("cur/02", *MOD, 3, "2023-09-01", {"note": "revision of /01 the same day"}))
    assert one(df)["best"] == 3
    assert df.set_index("claim_id").loc["art", "superseded_by"] == "cur/02"


def test_without_a_revision_note_the_article_figure_stays_the_later_one():
    df = claims(("art", *MOD, 4, "2023-09-01", {"article_id": "003", "evidence_start": 218, "review": "accepted",
                                                 "origin": "extracted"}),
                ("cur/02", *MOD, 3, "2023-09-01", {"note": "as relayed by an agency"}))
    assert one(df)["best"] == 4


def test_known_times_order_same_day_statements_whatever_their_ids_or_notes():
    df = claims(("x/01", *MOD, 3, "2023-09-01", {"report_time": "18:30"}),
                ("x/02", *MOD, 4, "2023-09-01", {"report_time": "09:15", "note": "revision of /01"}))
    assert one(df)["best"] == 3
    assert df.set_index("claim_id").loc["x/02", "superseded_by"] == "x/01"


def test_curated_rows_of_one_day_keep_their_claim_id_order_whatever_their_notes():
    # Karabakh, 25 March 2022: the ombudsman's 14 wounded (/06) came after the army's revision to 5 (/03).
    df = claims(("p/03", *MOD, 5, "2022-03-25", {"note": "revision of /01"}),
                ("p/06", *MOD, 14, "2022-03-25", {"note": "after visiting the military hospital"}))
    assert one(df)["best"] == 14


def test_an_untimed_revision_still_follows_the_revision_rule_among_timed_statements():
    df = claims(("x/01", *MOD, 2, "2023-09-01", {"report_time": "08:00"}),
                ("x/02", *MOD, 3, "2023-09-01", {"report_time": "10:00"}),
                ("x/03", *MOD, 4, "2023-09-01", {"note": "revision of /02"}))
    assert one(df)["best"] == 4
    assert df["superseded_by"].tolist() == ["x/02", "x/03", pd.NA]


# ---- issue 8: killed derived from killed-or-missing ------------------------------------------------

def composite(*rows):
    """Armenia's own claims about one event, each (id, category, population, count, report_date[, extra])."""
    recs = []
    for cid, category, population, count, reported, *extra in rows:
        recs.append((cid, "Armenian government", "armenia", "armenia", count, reported,
                     {"category": category, "population": population, **(extra[0] if extra else {})}))
    df = claims(*recs).drop(columns="superseded_by")
    df["derived_from"] = None
    df["source_url"] = "https://example.org/" + df["claim_id"]
    return df


def with_derived(df):
    derived = derive_killed(df)
    out = pd.concat([df, derived], ignore_index=True) if len(derived) else df
    out["superseded_by"] = mark_superseded(out)
    return out, derived


SEPT_2022 = (("k1", "killed", "military", 135, "2022-09-16", {"qualifier": "at_least"}),
             ("k2", "killed", "civilian", 3, "2022-09-19"),
             ("m1", "missing", "civilian", 2, "2022-09-19"),
             ("km", "killed_or_missing", "mixed", 210, "2022-10-14", {"qualifier": "more_than"}),
             ("m2", "missing", "military", 28, "2022-10-14"))


def test_killed_is_derived_from_killed_or_missing_minus_the_missing_of_that_day():
    df, derived = with_derived(composite(*SEPT_2022))
    assert len(derived) == 1
    d = derived.iloc[0]
    assert (d["category"], d["population"], d["count"]) == ("killed", "mixed", 210 - 28 - 2)
    assert d["derived_from"] == "km; m2; m1" and d["origin"] == "derived" and d["basis"] == "own_report"
    assert d["qualifier"] == "more_than" and d["source_url"] == "https://example.org/km"
    out = reconcile(df, EVENTS)
    killed = out[out["category"] == "killed"].set_index("population")
    assert killed.loc["mixed", "best"] == 180 and killed.loc["mixed", "in_total"]
    assert not killed.loc["military", "in_total"] and not killed.loc["civilian", "in_total"]


def test_no_derivation_without_a_missing_figure_given_the_same_day():
    rows = [r for r in SEPT_2022 if r[0] != "m2"] + [("m2", "missing", "military", 28, "2022-10-01")]
    assert derive_killed(composite(*rows)).empty


def test_no_derivation_when_it_would_not_exceed_the_killed_figure_already_given():
    rows = [r for r in SEPT_2022 if r[0] != "k1"] + [("k1", "killed", "military", 190, "2022-09-30")]
    assert derive_killed(composite(*rows)).empty


def test_a_later_plain_killed_figure_supersedes_the_derived_one():
    df, derived = with_derived(composite(*SEPT_2022, ("k3", "killed", "mixed", 200, "2022-12-01")))
    assert df.set_index("claim_id").loc[derived.iloc[0]["claim_id"], "superseded_by"] == "k3"
    out = reconcile(df, EVENTS)
    assert out[(out["category"] == "killed") & out["in_total"]]["best"].sum() == 200


# ---- issue 8: encyclopedia figures are leads --------------------------------------------------------

def test_an_encyclopedia_figure_never_replaces_a_dated_statement():
    df = claims(("news", "Azerbaijani Defence Ministry", "azerbaijan", "azerbaijan", 79, "2022-09-19"),
                ("wiki", "Azerbaijani Defence Ministry", "azerbaijan", "azerbaijan", 80, "2024-02-01",
                 {"source_type": "encyclopedia"}))
    assert df["superseded_by"].isna().all()
    r = one(df, "azerbaijan")
    assert (r["best"], r["source_type"], r["in_total"]) == (79, "news_report", True)


def test_an_encyclopedia_only_figure_is_kept_flagged_and_out_of_the_total():
    df = claims(("wiki", "Azerbaijani Defence Ministry", "azerbaijan", "azerbaijan", 281, "2024-02-01",
                 {"source_type": "encyclopedia"}))
    r = one(df, "azerbaijan")
    assert (r["best"], r["source_type"], r["in_total"]) == (281, "encyclopedia", False)


def test_an_encyclopedia_adversary_claim_is_not_the_adversary_figure_beside_a_dated_one():
    df = claims(("own", "Armenian Prime Minister", "armenia", "armenia", 135, "2022-09-16"),
                ("adv", "Azerbaijani commission", "azerbaijan", "armenia", 100, "2022-09-14"),
                ("wiki", "Azerbaijani authorities", "azerbaijan", "armenia", 450, "2024-02-01",
                 {"source_type": "encyclopedia"}))
    assert one(df)["adversary_claim"] == 100


# ---- issue 8: one rule for what adds up -------------------------------------------------------------

def cas_rows(*rows):
    """Casualties rows: (event, side, category, population, best, basis, report_date)."""
    df = pd.DataFrame(rows, columns=["event_id", "side", "category", "population", "best", "basis", "report_date"])
    df["source_type"] = "news_report"
    df["report_date"] = pd.to_datetime(df["report_date"])
    return df


def test_a_partial_adversary_figure_beside_a_mixed_total_is_not_added():
    k = cas_rows(("e", "karabakh", "killed", "military", 173, "adversary_claim", "2024-02-14"),
                 ("e", "karabakh", "killed", "civilian", 10, "own_report", "2023-09-20"),
                 ("e", "karabakh", "killed", "mixed", 213, "own_report", "2023-09-27"))
    for adversary in (False, True):
        assert k.loc[in_total(k, adversary=adversary), "best"].sum() == 213


def test_split_figures_add_up_when_no_larger_unsplit_total_exists():
    k = cas_rows(("e", "armenia", "killed", "military", 198, "allied_report", "2024-09-22"),
                 ("e", "armenia", "killed", "civilian", 25, "allied_report", "2024-09-22"),
                 ("e", "armenia", "killed", "mixed", 200, "allied_report", "2023-10-30"))
    assert in_total(k).tolist() == [True, True, False]


def test_missing_later_found_captured_are_counted_once():
    k = cas_rows(("e", "armenia", "missing", "military", 24, "own_report", "2021-11-17"),
                 ("e", "armenia", "captured", "military", 32, "own_report", "2021-11-23"),
                 ("f", "armenia", "missing", "military", 28, "own_report", "2022-10-14"),
                 ("f", "armenia", "captured", "military", 20, "own_report", "2022-09-19"))
    assert in_total(k).tolist() == [False, True, True, True]


def test_a_combined_figure_counts_only_where_no_side_figure_does():
    k = cas_rows(("e", "combined", "killed", "military", 100, "derived", "2022-09-13"),
                 ("e", "armenia", "killed", "military", 135, "own_report", "2022-09-16"),
                 ("f", "combined", "killed", "unknown", 4, "derived", "2021-05-01"))
    assert in_total(k).tolist() == [False, True, True]


# ---- issue 8: the rules hold on the real data -------------------------------------------------------

@pytest.fixture(scope="module")
def real():
    import casualties

    return casualties.load_claims(), casualties.load_casualties()


def test_no_best_estimate_rests_on_a_superseded_or_set_aside_claim(real):
    claims_, cas = real
    c = claims_.set_index("claim_id")
    best = c.loc[cas["best_claim_id"]]
    assert best["superseded_by"].isna().all()
    # an encyclopedia figure is best only where no current figure from another kind of source exists
    for row in cas[cas["source_type"] == "encyclopedia"].itertuples():
        same = claims_[(claims_["event_id"] == row.event_id) & (claims_["side"] == row.side)
                       & (claims_["category"] == row.category) & (claims_["population"] == row.population)
                       & claims_["superseded_by"].isna() & claims_["review"].isin(ELIGIBLE)]
        assert (same["source_type"] == "encyclopedia").all(), row.event_id


def test_no_article_figure_replaces_a_curated_revision_of_the_same_day(real):
    claims_, _ = real
    c = claims_.set_index("claim_id")
    revisions = c[(c["origin"] == "curated") & c["note"].fillna("").map(lambda n: bool(REVISION_NOTE.search(n)))]
    assert len(revisions) > 0
    for cid, row in revisions[revisions["superseded_by"].notna()].iterrows():
        nxt = c.loc[row["superseded_by"]]
        same_day = nxt["report_date"] == row["report_date"]
        later_time = pd.notna(nxt["report_time"]) and pd.notna(row["report_time"]) and nxt["report_time"] > row["report_time"]
        assert not (same_day and nxt["origin"] == "extracted" and not later_time), f"{cid} replaced by {nxt.name}"


def test_derived_killed_figures_are_their_sources_arithmetic_and_reach_the_totals(real):
    claims_, cas = real
    c = claims_.set_index("claim_id")
    derived = c[c["origin"] == "derived"]
    for cid, row in derived.iterrows():
        kom, *missing = row["derived_from"].split("; ")
        assert c.loc[kom, "category"] == "killed_or_missing" and row["claimant"] == c.loc[kom, "claimant"]
        assert all(c.loc[m, "category"] == "missing" for m in missing)
        assert row["count"] == c.loc[kom, "count"] - sum(c.loc[m, "count"] for m in missing)
        if pd.isna(row["superseded_by"]):
            counted = cas[(cas["event_id"] == row["event_id"]) & (cas["side"] == row["side"])
                          & (cas["category"] == "killed") & cas["in_total"]]
            assert counted["best"].sum() >= row["count"], cid


def test_every_current_killed_or_missing_with_same_day_missing_is_reflected_in_killed(real):
    # Rule 4 on the real data: where a side's own current composite figure and a same-day missing figure
    # exist, its killed total is at least their difference (derived, or a later plain figure).
    claims_, cas = real
    eligible = claims_[claims_["review"].isin(ELIGIBLE) & ~claims_["is_background"] & ~claims_["is_partial"]]
    kom = eligible[(eligible["category"] == "killed_or_missing") & eligible["superseded_by"].isna()]
    for row in kom.itertuples():
        missing = eligible[(eligible["event_id"] == row.event_id) & (eligible["side"] == row.side)
                           & (eligible["category"] == "missing") & (eligible["report_date"] == row.report_date)
                           & (eligible["claimant_side"] == row.claimant_side)]
        if missing.empty:
            continue
        missing_by_then = eligible[(eligible["event_id"] == row.event_id) & (eligible["side"] == row.side)
                                   & (eligible["category"] == "missing") & eligible["superseded_by"].isna()
                                   & (eligible["report_date"] <= row.report_date)]
        counted = cas[(cas["event_id"] == row.event_id) & (cas["side"] == row.side)
                      & (cas["category"] == "killed") & cas["in_total"]]
        assert counted["best"].sum() >= row.count - missing_by_then["count"].sum(), row.event_id


def test_no_claim_by_a_party_to_the_fighting_is_independent(real):
    claims_, _ = real
    party = claims_["claimant_side"].isin(list(schema.CAMPS))
    assert not (party & (claims_["basis"] == "independent")).any()
    assert (claims_.loc[claims_["side"] == "combined", "basis"] == "derived").all()


def test_the_table_flags_rows_by_the_one_rule(real):
    _, cas = real
    assert cas["in_total"].eq(in_total(cas)).all()
    assert not (cas["in_total"] & (cas["basis"] == "adversary_claim")).any()
    assert not (cas["in_total"] & (cas["source_type"] == "encyclopedia")).any()


def test_a_credible_partial_figure_is_not_pushed_aside_by_the_adversarys_full_one():
    # Russian peacekeepers, Sept 2023: Baku's prosecutor (whose troops fired) gave 6; a third party 5 in one vehicle.
    df = claims(("adv", "Azerbaijani Prosecutor General", "azerbaijan", "russia", 6, "2023-09-21"),
                ("part", "RT editor", "third_party", "russia", 5, "2023-09-22", {"is_partial": True}))
    r = one(df, "russia")
    assert (r["best"], r["basis"], r["adversary_claim"], r["in_total"]) == (5, "independent", 6, True)


def test_a_revision_comes_after_the_row_it_names_even_with_a_smaller_id():
    # 28 July 2021: /02 (4 wounded) is noted "revision of /04", the ministry's early 2 wounded entered later.
    df = claims(("e/02", *MOD, 4, "2021-07-28", {"note": "revision of /04 (the early figure)"}),
                ("e/04", *MOD, 2, "2021-07-28", {"note": "early figure of the day"}))
    assert one(df)["best"] == 4
    assert df["superseded_by"].tolist() == [pd.NA, "e/02"]


def test_the_later_word_decides_between_split_figures_and_one_total():
    # Karabakh wounded, Sept 2023: "over 400" on 20 September; Armenia's committee 231 + 80 on 30 October.
    k = cas_rows(("e", "karabakh", "wounded", "mixed", 400, "own_report", "2023-09-20"),
                 ("e", "karabakh", "wounded", "military", 231, "allied_report", "2023-10-30"),
                 ("e", "karabakh", "wounded", "civilian", 80, "allied_report", "2023-10-30"),
                 # Armenia killed, Sept 2022: 135 + 3 by 19 September; derived total 180 on 14 October.
                 ("f", "armenia", "killed", "military", 135, "own_report", "2022-09-16"),
                 ("f", "armenia", "killed", "civilian", 3, "own_report", "2022-09-19"),
                 ("f", "armenia", "killed", "mixed", 180, "own_report", "2022-10-14"))
    assert in_total(k).tolist() == [False, True, True, False, False, True]


def test_no_row_a_same_day_revision_names_is_left_current(real):
    claims_, _ = real
    c = claims_.set_index("claim_id")
    checked = 0
    for cid, row in c[c["origin"] == "curated"].iterrows():
        m = REVISION_NOTE.search("" if pd.isna(row["note"]) else row["note"])
        target = cid.rsplit("/", 1)[0] + m.group(1) if m and m.group(1) else None
        if target not in c.index or pd.notna(row["report_time"]) or pd.notna(c.loc[target, "report_time"]):
            continue
        t = c.loc[target]
        if all(str(t[k]) == str(row[k]) for k in ("event_id", "side", "category", "population", "report_date")):
            assert pd.notna(t["superseded_by"]), f"{target} is still current though {cid} revises it"
            checked += 1
    assert checked > 0
