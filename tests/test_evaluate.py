"""The extractor's scorer: multiset matching per unit, the evaluation table and `casualties eval`."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest

from casualties.evaluate import (POOLED_TEST, REAL_BATCHES, cli_eval, error_kinds, evaluation_table, f1_interval, load_examples,
                                 run, score, where_missed)


def claim(unit, side="armenia", category="killed", count=4, qualifier="exact", claimant_side="armenia",
          is_background=False):
    return {"unit": unit, "side": side, "category": category, "count": count, "qualifier": qualifier,
            "claimant_side": claimant_side, "is_background": is_background}


def test_perfect_match():
    g = [claim("s1"), claim("s1", count=5), claim("s2", side="azerbaijan")]
    r = score(g, list(g))
    assert r["scc"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 3, "fp": 0, "fn": 0}
    assert r["full"]["f1"] == 1.0 and r["background_accuracy"] == 1.0


def test_tiny_hand_made_case():
    gold = [claim("s1"), claim("s1", category="wounded", count=1), claim("s2", side="combined", count=100,
                                                                           qualifier="about", claimant_side="unknown")]
    pred = [
        claim("s1"),                                      # right
        claim("s1", category="wounded", count=1, claimant_side="unknown"),  # right on scc, wrong claimant
        claim("s2", side="unknown", count=100, qualifier="about", claimant_side="unknown"),  # wrong side
        claim("s3", count=40),                            # a number that is not a casualty
    ]
    r = score(gold, pred)
    assert (r["scc"]["tp"], r["scc"]["fp"], r["scc"]["fn"]) == (2, 2, 1)
    assert r["scc"]["precision"] == pytest.approx(0.5)
    assert r["scc"]["recall"] == pytest.approx(2 / 3)
    assert r["scc"]["f1"] == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert (r["full"]["tp"], r["full"]["fp"], r["full"]["fn"]) == (1, 3, 2)


def test_matching_is_per_unit_and_a_multiset():
    gold = [claim("s1"), claim("s1")]
    assert score(gold, [claim("s1")])["scc"]["fn"] == 1          # one of the two copies is missed
    assert score(gold, [claim("s1")] * 3)["scc"]["fp"] == 1      # the third copy is extra
    r = score([claim("s1")], [claim("s2")])                      # right tuple, wrong sentence
    assert (r["scc"]["tp"], r["scc"]["fp"], r["scc"]["fn"]) == (0, 1, 1)


def test_background_accuracy_counts_matched_claims_only():
    gold = [claim("s1", is_background=True), claim("s1", count=7, is_background=False), claim("s2")]
    pred = [claim("s1", is_background=True), claim("s1", count=7, is_background=True)]
    r = score(gold, pred)
    assert r["background_n"] == 2 and r["background_accuracy"] == 0.5


def test_empty_inputs_and_dataframes():
    assert score([], [])["scc"]["f1"] == 1.0
    r = score(pd.DataFrame([claim("s1")]), pd.DataFrame([claim("s1")]))
    assert r["scc"]["tp"] == 1
    assert score([claim("s1")], [])["scc"]["recall"] == 0.0


def test_labelled_data_loads():
    for split in ("dev", "heldout", "seed"):
        units = load_examples(split)
        assert units and all({"id", "text", "published", "claims"} <= set(u) for u in units)
        ids = [u["id"] for u in units]
        assert len(ids) == len(set(ids))
        for u in units:
            for c in u["claims"]:
                assert {"side", "category", "count", "qualifier", "claimant_side", "is_background"} <= set(c)


def test_evaluation_table_has_one_row_per_phenomenon():
    df = evaluation_table()
    assert list(df.columns) == ["split", "phenomenon", "precision", "recall", "f1", "f1_low", "f1_high", "f1_blind",
                                "f1_current", "f1_full", "background_accuracy", "n", "predicted", "units"]
    assert {"real-dev", "real-test", "real-test2", "real-test3", "real-test4", "real-test5", "real-test6", "real-test7", "real-test8", "real-test9", "real-test-all", "dev",
            "heldout", "seed"} == set(df["split"])
    dev = df[df["split"] == "dev"].set_index("phenomenon")
    assert {"all", "combined", "revised", "background", "non_casualty"} <= set(dev.index)
    assert dev.loc["all", "f1"] >= 0.95
    assert df[["precision", "recall", "f1"]].apply(lambda s: s.between(0, 1)).all().all()


def test_cli_eval_prints_the_scores():
    out = io.StringIO()
    assert cli_eval(out) == 0
    text = out.getvalue()
    assert "F1" in text and "heldout" in text and "seed" in text
    for split in ("real-dev", "real-test", "dev"):
        assert any(line.split()[:2] == [split, "all"] for line in text.splitlines())
    assert any(line.startswith(f"{POOLED_TEST} errors:") for line in text.splitlines())


def test_side_blind_and_current_views():
    gold = [claim("s1"), claim("s1", side="combined", count=7000, is_background=True)]
    pred = [claim("s1", side="azerbaijan"), claim("s1", side="combined", count=7000, is_background=True)]
    r = score(gold, pred)
    assert r["blind"]["f1"] == 1.0                    # the side is wrong, category and count right
    assert (r["scc"]["tp"], r["scc"]["fp"], r["scc"]["fn"]) == (1, 1, 1)
    assert (r["current"]["tp"], r["current"]["fp"], r["current"]["fn"]) == (0, 1, 1)  # background left out


def test_the_interval_holds_the_score_and_is_the_same_every_run():
    """The bootstrap interval is over units, with a fixed seed: it contains the F1 it is drawn
    around, it is the same on every run, and perfect output has no spread."""
    units = load_examples("real-test5")
    gold, pred = run(units)
    ids = [u["id"] for u in units]
    low, high = f1_interval(gold, pred, ids)
    assert low <= score(gold, pred)["scc"]["f1"] <= high
    assert f1_interval(gold, pred, ids) == (low, high)
    assert f1_interval(gold, gold, ids) == (1.0, 1.0)


def test_the_pooled_test_is_every_batch_test_part_together():
    df = evaluation_table(per_phenomenon=(), splits=(*REAL_BATCHES, POOLED_TEST)).set_index("split")
    assert df.loc[POOLED_TEST, "n"] == df.loc[list(REAL_BATCHES), "n"].sum()
    assert df.loc[POOLED_TEST, "units"] == df.loc[list(REAL_BATCHES), "units"].sum()
    assert (df["f1_low"] <= df["f1"]).all() and (df["f1"] <= df["f1_high"]).all()


def test_predicted_counts_every_figure_the_extractor_gave():
    """``predicted`` is the extractor's own count, so on figure-free articles (n = 0, where P, R
    and F1 say little) it is the number of false figures."""
    df = evaluation_table(per_phenomenon=("real-test5",), splits=("real-test5",)).set_index("phenomenon")
    units = load_examples("real-test5")
    assert df.loc["all", "predicted"] == len(run(units)[1])
    figure_free = [u for u in units if not u["claims"]]
    assert df.loc["none", "n"] == 0
    assert df.loc["none", "predicted"] == len(run([u for u in figure_free if "none" in u["tags"]])[1])


def test_error_kinds_pair_a_miss_with_a_false_figure_that_differs_in_one_field():
    """A figure found with the wrong side (or category, or count) is one error of that kind, not a
    miss and a false figure; what cannot be paired so is missed or spurious."""
    gold = [claim("u1"), claim("u1", side="azerbaijan", category="wounded", count=2), claim("u1", count=5),
            claim("u2", category="captured", count=4)]
    pred = [claim("u1"), claim("u1", side="armenia", category="wounded", count=2), claim("u1", count=6),
            claim("u1", side="combined", category="missing", count=1), claim("u3", count=9)]
    assert error_kinds(gold, pred) == {"missed": 1, "spurious": 2, "wrong side": 1, "wrong category": 0,
                                       "wrong count": 1}


def test_error_kinds_account_for_every_miss_and_false_figure_of_the_score():
    """On real text the kinds add up to the score's misses and false figures: each pair is one of
    each, and the rest are counted once."""
    units = load_examples("real-test6")
    gold, pred = run(units)
    kinds = error_kinds(gold, pred)
    s = score(gold, pred)["scc"]
    pairs = kinds["wrong side"] + kinds["wrong category"] + kinds["wrong count"]
    assert kinds["missed"] + pairs == s["fn"]
    assert kinds["spurious"] + pairs == s["fp"]


def test_where_missed_reads_the_sentence_of_a_missed_figure_alone():
    """A missed figure whose sentence alone gives it was lost in the article-level steps (here the
    second mention merged as a repeat of the first); one whose sentence gives nothing was lost in
    reading the sentence. Every side-blind miss is counted once."""
    units = [{"id": "repeat", "published": dt.date(2022, 9, 14), "claims": [
                 dict(claim("repeat", side="azerbaijan", count=2), evidence="two soldiers were killed. Later"),
                 dict(claim("repeat", side="azerbaijan", count=2), evidence="the ministry said two soldiers")],
              "text": "Azerbaijan said two soldiers were killed. Later the ministry said two soldiers were killed."},
             {"id": "unread", "published": dt.date(2022, 9, 14), "claims": [dict(claim("unread", count=12), evidence="buried 12")],
              "text": "Two soldiers were killed. Relatives buried 12 on Monday."}]
    gold, pred = run(units)
    where = where_missed(units, pred)
    assert where["lost in the article-level steps"] == 1
    assert where["sentence gives no figure"] == 1
    assert sum(where.values()) == score(gold, pred)["blind"]["fn"] == 2
