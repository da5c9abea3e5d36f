"""The rule-based claim extractor: each phenomenon of issue 3, the seed articles, tables, the CLI."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casualties.evaluate import load_examples, run, score
from casualties.extract import cli_extract, count_surfaces, extract, extract_table
from casualties.schema import EXTRACTED_FIELDS, VOCABULARIES

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO / "data" / "raw" / "articles"
D = dt.date


def one(text: str, published: dt.date | None = D(2022, 9, 14)) -> dict:
    claims = extract(text, published)
    assert len(claims) == 1, [(c["side"], c["category"], c["count"]) for c in claims]
    return claims[0]


def triples(text: str, published: dt.date | None = D(2022, 9, 14)) -> list[tuple]:
    return [(c["side"], c["category"], c["count"]) for c in extract(text, published)]


# ------------------------------------------------------------------------------------------------
# Output contract
# ------------------------------------------------------------------------------------------------

def test_claims_have_exactly_the_extracted_fields_and_valid_values():
    text = "Armenia said at least 49 of its soldiers were killed, while Azerbaijan said 50 of its soldiers died."
    claims = extract(text, D(2022, 9, 13), "a1")
    assert len(claims) == 2
    for c in claims:
        assert tuple(c) == EXTRACTED_FIELDS
        assert c["article_id"] == "a1"
        for field, vocab in (("side", "side"), ("category", "category"), ("population", "population"),
                             ("qualifier", "qualifier"), ("claimant_side", "claimant_side")):
            assert c[field] in VOCABULARIES[vocab]
        assert isinstance(c["count"], int) and c["count"] >= 0
        assert c["claimant"]
        assert c["evidence_text"] == text[c["evidence_start"]:c["evidence_end"]]


def test_claims_come_in_text_order_and_extraction_is_deterministic():
    text = ("Two Azerbaijani soldiers were wounded. Three Armenian soldiers were killed, the Armenian "
            "Defence Ministry said. Azerbaijan said one of its servicemen was killed.")
    first = extract(text, D(2022, 9, 13))
    assert [c["evidence_start"] for c in first] == sorted(c["evidence_start"] for c in first)
    assert first == extract(text, D(2022, 9, 13))


def test_empty_and_claimless_text():
    assert extract("") == []
    assert extract("Talks between the foreign ministers resumed in Washington on Monday.") == []


# ------------------------------------------------------------------------------------------------
# Numbers and qualifiers
# ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, count", [
    ("Armenia said 49 Armenian soldiers were killed.", 49),
    ("In total 1,200 Armenian servicemen were wounded, Armenian officials said.", 1200),
    ("Three Azerbaijani soldiers were wounded.", 3),
    ("Fifty Azerbaijani servicemen died, Baku said.", 50),
    ("Twenty-one Azerbaijani servicemen were wounded, Baku reported.", 21),
    ("Armenia said one hundred and five of its servicemen had been killed.", 105),
    ("A dozen Armenian soldiers were captured.", 12),
    ("One Armenian soldier was killed by sniper fire.", 1),
    ("An Azerbaijani soldier was wounded by sniper fire.", 1),
])
def test_numbers_as_digits_and_words(text, count):
    c = one(text)
    assert c["count"] == count
    assert any(s.lower() in c["evidence_text"].lower() for s in count_surfaces(count))


def test_a_dozen_ends_a_number_so_words_after_it_make_none():
    """'two dozen' is 24, but 'dozen three' is no number of English (hypothesis found the text below
    read as 15, a count its evidence does not hold): the words after a dozen make no number."""
    text = "3 Armenian soldiers were killed. DOZEN three Armenian soldiers were killed."
    assert [c["count"] for c in extract(text, None)] == [3]
    assert one("Two dozen Azerbaijani soldiers were killed.")["count"] == 24


@pytest.mark.parametrize("text, qualifier, count", [
    ("At least 49 Armenian soldiers were killed.", "at_least", 49),
    ("No fewer than 12 Azerbaijani soldiers were wounded.", "at_least", 12),
    ("About 100 Armenian soldiers were killed.", "about", 100),
    ("Some 40 Azerbaijani servicemen were wounded.", "about", 40),
    ("Nearly 200 Armenian troops were wounded.", "about", 200),
    ("Almost 80 Azerbaijani soldiers died.", "about", 80),
    ("Approximately 30 Azerbaijani soldiers were injured.", "about", 30),
    ("More than 100 Armenian soldiers were killed.", "more_than", 100),
    ("Over 20 Armenian servicemen were taken prisoner.", "more_than", 20),
    ("Up to 20 Armenian soldiers may have been captured.", "up_to", 20),
    ("Three Armenian soldiers were killed.", "exact", 3),
])
def test_qualifiers(text, qualifier, count):
    c = one(text)
    assert (c["qualifier"], c["count"]) == (qualifier, count)
    assert c["evidence_text"].lower().startswith(text.split()[0].lower())


# ------------------------------------------------------------------------------------------------
# Categories and their synonyms
# ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, category", [
    ("Seven Azerbaijani servicemen were martyred in the clashes.", "killed"),
    ("Azerbaijan's Defence Ministry said 71 servicemen became martyrs.", "killed"),
    ("Three Armenian soldiers lost their lives in the attack.", "killed"),
    ("Two Armenian servicemen were fatally wounded near Yeraskh.", "killed"),
    ("An Azerbaijani soldier later died of his wounds in hospital.", "killed"),
    ("Armenia's Defence Ministry reported the loss of two servicemen.", "killed"),
    ("The Armenian Defence Ministry confirmed the deaths of 49 servicemen.", "killed"),
    ("The clashes claimed the lives of three Azerbaijani soldiers.", "killed"),
    ("Four Armenian servicemen sustained injuries.", "wounded"),
    ("Two Azerbaijani servicemen received wounds.", "wounded"),
    ("Three Azerbaijani soldiers were hurt when a shell hit their post.", "wounded"),
    ("Eight Azerbaijani servicemen were injured.", "wounded"),
    ("Thirty-two Armenian servicemen went missing after the fighting.", "missing"),
    ("Contact was lost with 17 Armenian servicemen.", "missing"),
    ("The whereabouts of five Azerbaijani soldiers are unknown.", "missing"),
    ("Thirteen Armenian servicemen were taken prisoner.", "captured"),
    ("Azerbaijani forces detained six Armenian soldiers.", "captured"),
    ("The Armenian side suffered 15 casualties.", "casualties"),
    ("Twelve Armenian soldiers were killed or went missing.", "killed_or_missing"),
])
def test_category_synonyms(text, category):
    assert one(text)["category"] == category


def test_population():
    assert one("Three Armenian civilians were wounded in Jermuk.")["population"] == "civilian"
    assert one("Two villagers in Tovuz were injured by Armenian fire.")["population"] == "civilian"
    assert one("Two Armenian border guards were killed.")["population"] == "military"
    assert one("The 2020 war killed about 6,500 people.")["population"] == "unknown"


# ------------------------------------------------------------------------------------------------
# Side
# ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, side", [
    ("Three servicemen of the Armenian Armed Forces were wounded.", "armenia"),
    ("Five soldiers of the Azerbaijani army were killed.", "azerbaijan"),
    ("Two Karabakh Armenian soldiers were killed.", "karabakh"),
    ("A soldier of the Artsakh Defence Army was killed.", "karabakh"),
    ("Ethnic Armenian forces in Karabakh said 200 people had been killed.", "karabakh"),
    ("One Russian peacekeeper was wounded.", "russia"),
    ("Two civilians were killed in Azerbaijani shelling of the Armenian town of Jermuk.", "armenia"),
    ("Three civilians were wounded by Armenian fire.", "azerbaijan"),
])
def test_side_from_the_noun_phrase_and_the_attacker(text, side):
    assert one(text)["side"] == side


def test_its_soldiers_resolves_to_the_speaker_of_each_clause():
    text = "Armenia said at least 49 of its soldiers were killed, while Azerbaijan said 50 of its soldiers were killed."
    assert triples(text) == [("armenia", "killed", 49), ("azerbaijan", "killed", 50)]
    text = "Armenia's Defence Ministry said two of its servicemen were killed. Azerbaijan said four of its soldiers were wounded."
    assert triples(text) == [("armenia", "killed", 2), ("azerbaijan", "wounded", 4)]


def test_subject_of_lost_and_suffered():
    assert one("Armenia's Defence Ministry claimed that Azerbaijan had lost more than 150 soldiers.")["side"] == "azerbaijan"
    assert one("The Armenian Defence Ministry said Azerbaijani forces suffered at least 20 casualties.")["side"] == "azerbaijan"


def test_combined_totals_across_both_sides():
    assert triples("About 100 soldiers were killed on both sides.") == [("combined", "killed", 100)]
    assert triples("About 100 soldiers have been killed in fighting on the border between Armenia and Azerbaijan.") \
        == [("combined", "killed", 100)]
    assert triples("Seven soldiers were killed, four Armenians and three Azerbaijanis.") == [
        ("combined", "killed", 7), ("armenia", "killed", 4), ("azerbaijan", "killed", 3)]
    assert triples("The combined death toll rose to 176, including 105 Armenians and 71 Azerbaijanis.") == [
        ("combined", "killed", 176), ("armenia", "killed", 105), ("azerbaijan", "killed", 71)]


def test_another_and_more_take_the_side_before_them():
    assert triples("The shelling killed four Armenian troops in his area and hurt another 43.") == [
        ("armenia", "killed", 4), ("armenia", "wounded", 43)]
    assert triples("Four Armenian soldiers were killed and another was wounded.") == [
        ("armenia", "killed", 4), ("armenia", "wounded", 1)]
    text = "Seven Azerbaijani servicemen have been killed. Ten more were also wounded in the clashes."
    assert triples(text) == [("azerbaijan", "killed", 7), ("azerbaijan", "wounded", 10)]


# ------------------------------------------------------------------------------------------------
# Claimant
# ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, claimant, claimant_side", [
    ("According to Armenia's Defence Ministry, 15 Armenian servicemen were killed.", "Armenian Defence Ministry", "armenia"),
    ("Two Armenian servicemen were killed, the Armenian Defence Ministry reported.", "Armenian Defence Ministry", "armenia"),
    ("Baku said two of its servicemen were wounded.", "Azerbaijani government", "azerbaijan"),
    ("Armenian Prime Minister Nikol Pashinyan said 105 soldiers had been killed.",
     "Armenian Prime Minister", "armenia"),
    ("Three Armenian soldiers were killed, Reuters reported, citing local officials.", "Reuters", "third_party"),
    ("The United Nations said almost 300 people were killed on both sides.", "United Nations", "third_party"),
    ("Six Russian peacekeepers were killed, Moscow said.", "Russian government", "russia"),
    ("Two Azerbaijani soldiers were killed in the clash.", "unattributed", "unknown"),
    # a speaker after a relative word at the end of a long phrase: "... in which Baku said"
    ("Moscow on Tuesday urged both governments to pull their troops back from the frontier after a night of "
     "shelling in which Baku said seven of its soldiers had been killed.", "Azerbaijani government", "azerbaijan"),
    # verbs of telling beyond "said": revealed, stressed, specified; a speech verb in -ing after "is"
    ("The Armenian Security Council revealed that 207 servicemen were killed.", "Armenian Security Council", "armenia"),
    ("Two soldiers were wounded, the Azerbaijani Defence Ministry stressed.", "Azerbaijani Defence Ministry", "azerbaijan"),
    ("Armenia is reporting that four soldiers were killed on the border.", "Armenian government", "armenia"),
    ("The investigation revealed that two soldiers were killed.", "unattributed", "unknown"),
    # ANNOTATION.md: "Armenian Defence Ministry" (also "MoD", "ministry spokesman", "military officials")
    ("Armenian military officials said two soldiers were killed.", "Armenian Defence Ministry", "armenia"),
    ("An Armenian ministry spokesman said two soldiers were killed.", "Armenian Defence Ministry", "armenia"),
    ("Azerbaijani defence officials said two soldiers were killed.", "Azerbaijani Defence Ministry", "azerbaijan"),
    ("An Azerbaijani military spokesman said two soldiers were wounded.", "Azerbaijani Defence Ministry", "azerbaijan"),
    ("The Armenian MoD said two soldiers were killed.", "Armenian Defence Ministry", "armenia"),
    # ... but another ministry's spokesman is his ministry's, and the military itself is the army
    ("An Azerbaijani foreign ministry spokesman said two soldiers were killed.", "Azerbaijani Foreign Ministry", "azerbaijan"),
    ("The Armenian military said two soldiers were killed.", "Armenian Armed Forces", "armenia"),
    # ANNOTATION.md's normalised names: "Azerbaijani State Border Service", "Karabakh Armenian authorities"
    ("Two Azerbaijani servicemen were wounded, the Azerbaijani State Border Service said.",
     "Azerbaijani State Border Service", "azerbaijan"),
    ("Azerbaijan's State Border Service said two servicemen were wounded.", "Azerbaijani State Border Service", "azerbaijan"),
    ("The National Security Service of Armenia said two servicemen were wounded.",
     "Armenian National Security Service", "armenia"),
    ("Nagorno-Karabakh's government said two soldiers were killed.", "Karabakh Armenian authorities", "karabakh"),
    ("Stepanakert said two soldiers were killed.", "Karabakh Armenian authorities", "karabakh"),
    ("The Armenian government said two soldiers were killed.", "Armenian government", "armenia"),
    # an outlet's name with a dot is one name
    ("According to news.am, two Armenian soldiers were wounded.", "news.am", "third_party"),
    ("Two Armenian soldiers were wounded, reported news.am.", "news.am", "third_party"),
])
def test_claimant(text, claimant, claimant_side):
    c = one(text)
    assert (c["claimant"], c["claimant_side"]) == (claimant, claimant_side)


def test_claimant_carried_from_the_previous_sentence_and_the_ministry_resolved():
    text = ("According to the Azerbaijani Defence Ministry, Armenian forces shelled army positions in Kalbajar. "
            "As a result, two Azerbaijani servicemen were wounded.")
    assert (one(text)["claimant"], one(text)["claimant_side"]) == ("Azerbaijani Defence Ministry", "azerbaijan")
    text = ("The Armenian Defence Ministry said Azerbaijani troops opened fire. "
            "Three Armenian soldiers were killed, the ministry said.")
    assert one(text)["claimant"] == "Armenian Defence Ministry"


def test_a_figure_inside_a_quotation_is_the_speaker_named_where_it_closes():
    text = ('"Two servicemen were wounded in the shelling. Their lives are not in danger," '
            "Azerbaijan's Defence Ministry said on Tuesday.")
    assert (one(text)["claimant"], one(text)["side"]) == ("Azerbaijani Defence Ministry", "azerbaijan")
    # a quotation that opens after the figure is not its speaker's
    text = ('Two servicemen were wounded in the shelling. "Their lives are not in danger," '
            "Azerbaijan's Defence Ministry said on Tuesday.")
    assert one(text)["claimant"] == "unattributed"


def test_a_war_toll_borrows_no_speaker_from_the_sentence_before():
    text = ("Armenia said 15 of its soldiers had been killed. The clash was the worst since a 44-day war in 2020 "
            "that killed at least 6,500 people.")
    toll = [c for c in extract(text, D(2021, 11, 16)) if c["count"] == 6500]
    assert [(c["side"], c["claimant"], c["claimant_side"]) for c in toll] == [("combined", "unattributed", "unknown")]


def test_own_report_and_adversary_claim():
    own = one("Azerbaijan said 42 of its servicemen were killed.")
    assert (own["side"], own["claimant_side"]) == ("azerbaijan", "azerbaijan")
    adv = one("Azerbaijan's Defence Ministry said its forces killed more than 50 Armenian soldiers.")
    assert (adv["side"], adv["claimant_side"], adv["qualifier"]) == ("armenia", "azerbaijan", "more_than")


# ------------------------------------------------------------------------------------------------
# Revised tolls, background, non-casualty numbers, subsets, denials
# ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, earlier, later", [
    ("Armenia's Defence Ministry initially said four soldiers were killed, later revising the toll to three.", 4, 3),
    ("Armenia said 49 of its soldiers were killed. On Wednesday the Armenian Defence Ministry raised the death toll to 105.", 49, 105),
    ("Azerbaijan's Defence Ministry said 50 servicemen were killed, but it later raised its toll to 71.", 50, 71),
])
def test_revised_tolls_keep_both_and_mark_the_earlier(text, earlier, later):
    claims = extract(text, D(2022, 9, 14))
    assert [(c["count"], c["superseded"]) for c in claims] == [(earlier, True), (later, False)]
    assert claims[0]["side"] == claims[1]["side"]


@pytest.mark.parametrize("text, start, precision", [
    ("Azerbaijan took back large parts of Nagorno-Karabakh in 2020 during a six-week war that killed over 6,600 people.",
     D(2020, 1, 1), "year"),
    ("About 30,000 people were killed in the war of the 1990s.", D(1990, 1, 1), "range"),
    ("A two-day clash in September of the previous year resulted in approximately 300 casualties on both sides.",
     D(2021, 9, 1), "month"),
    ("Last year, nearly 300 soldiers were killed on both sides in two days of fighting.", D(2021, 1, 1), "year"),
])
def test_background_figures(text, start, precision):
    c = one(text, D(2022, 9, 14))
    assert c["is_background"] is True
    assert (c["incident_start"], c["date_precision"]) == (start, precision)


def test_current_figures_are_not_background():
    assert one("Two Armenian prisoners of war were executed, Human Rights Watch said.")["is_background"] is False
    assert one("Three Armenian soldiers were killed, the deadliest clash since the 2020 war.")["is_background"] is False


@pytest.mark.parametrize("text", [
    "Azerbaijan restored control of a larger portion of its 1,007-kilometer borderline with Armenia.",
    "As part of the deal, Moscow sent about 2,000 troops to the area to keep the peace.",
    "The Azerbaijan Red Crescent Society dispatched 40 tons of flour products in two trucks.",
    "Last September, over 100,000 ethnic Armenians fled Azerbaijan following its military's recapture of Karabakh.",
    "The Azerbaijani army took over 300 settlements, including five major cities, in the 44-day war.",
    "The governor said that there was a 40-minute break in the fighting.",
    "Approximately 25,000 Armenians reside in certain parts of the Karabakh region.",
    "A 19-year-old conscript was among the dead, his family said.",
    "Some 7,600 people were evacuated from border villages after the shelling, which killed a number of soldiers.",
    "The ministry said 20 drones and 4 artillery pieces were destroyed.",
    "The attack began at 3 a.m. and lasted about 8 hours, leaving several soldiers wounded.",
    "More than 28,000 refugees had crossed into Armenia by Monday, the government said.",
    "The killed soldiers were aged between 18 and 20.",
    "Armenia and Azerbaijan confirmed on Friday that they had suffered casualties in clashes.",
    "Dozens of soldiers were killed on both sides, officials said.",
    "Azerbaijan denied reports that 10 of its soldiers had been killed.",
    "One of the shells hit a house in Sotk, but nobody was hurt.",
    "The war that broke out in 2020 lasted 44 days.",
])
def test_non_casualty_numbers_produce_nothing(text):
    assert extract(text, D(2022, 9, 14)) == []


@pytest.mark.parametrize("text, expected", [
    ("One of the dead was a lieutenant, one a junior sergeant, and the other five were soldiers.", []),
    ("Armenia said 105 soldiers had been killed. Of them, 16 were officers.", [("armenia", "killed", 105)]),
    ("Of the 49 soldiers killed, 16 were conscripts, the ministry said.", []),
    ("The Karabakh ombudsman said 32 people were killed, among them seven civilians including a child.",
     [("karabakh", "killed", 32), ("karabakh", "killed", 7)]),
])
def test_subsets_inside_totals(text, expected):
    assert triples(text) == expected


# ------------------------------------------------------------------------------------------------
# Dates
# ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, published, start, end, precision", [
    ("Two Armenian soldiers were killed on Friday.", D(2022, 9, 13), D(2022, 9, 9), D(2022, 9, 9), "day"),
    ("Two Armenian soldiers were killed on Tuesday.", D(2022, 9, 13), D(2022, 9, 13), D(2022, 9, 13), "day"),
    ("Seven Azerbaijani servicemen were killed on November 16.", D(2021, 11, 18), D(2021, 11, 16), D(2021, 11, 16), "day"),
    ("Two Armenian soldiers were killed on December 30.", D(2022, 1, 5), D(2021, 12, 30), D(2021, 12, 30), "day"),
    ("Fifteen Armenian soldiers were killed this week.", D(2021, 11, 18), D(2021, 11, 15), D(2021, 11, 18), "range"),
    ("Three Azerbaijani servicemen were wounded overnight.", D(2022, 9, 13), D(2022, 9, 12), D(2022, 9, 13), "range"),
    ("Four Armenian soldiers were killed on Tuesday morning.", D(2022, 9, 14), D(2022, 9, 13), D(2022, 9, 13), "day"),
    ("On September 12 and 13, 49 Armenian soldiers were killed.", D(2022, 9, 14), D(2022, 9, 12), D(2022, 9, 13), "range"),
    ("Three Azerbaijani soldiers were wounded on September 1, 2023.", D(2023, 9, 2), D(2023, 9, 1), D(2023, 9, 1), "day"),
    ("Three Azerbaijani soldiers were wounded.", D(2023, 9, 2), None, None, None),
])
def test_incident_dates_resolved_against_published(text, published, start, end, precision):
    c = one(text, published)
    assert (c["incident_start"], c["incident_end"], c["date_precision"]) == (start, end, precision)


@pytest.mark.parametrize("text, published, start, background", [
    # up to 60 days after the story's day, a yearless date is this year's and still to come: no incident date
    ("Two Armenian soldiers detained in May will stand trial on June 16.", D(2023, 6, 7), None, False),
    ("Six Armenian servicemen captured near Lachin/Berdzor go on trial on July 30, the court said.", D(2023, 6, 7), None, False),
    # the day after the story's day is its own day in another time zone
    ("Three Azerbaijani soldiers were wounded on June 8.", D(2023, 6, 7), D(2023, 6, 8), False),
    # further ahead it is last year's: a past incident, background when more than 90 days back
    ("Three Azerbaijani soldiers were wounded on December 28.", D(2024, 1, 10), D(2023, 12, 28), False),
    ("Four Armenian soldiers were killed on October 5.", D(2023, 3, 2), D(2022, 10, 5), True),
    ("Four Armenian soldiers were killed on August 20.", D(2023, 6, 7), D(2022, 8, 20), True),
])
def test_yearless_dates_after_the_story_day(text, published, start, background):
    c = one(text, published)
    assert (c["incident_start"], c["is_background"]) == (start, background)


@pytest.mark.parametrize("text, published, start, end, precision", [
    # "since" a day: from that day to the story's day (ANNOTATION.md: the period the figure covers)
    ("Since Tuesday, 105 Armenian soldiers have been killed.", D(2022, 9, 15), D(2022, 9, 13), D(2022, 9, 15), "range"),
    ("Since September 12, at least 105 Armenian soldiers have been killed.", D(2022, 9, 15), D(2022, 9, 12),
     D(2022, 9, 15), "range"),
    # not "since" a year (a comparison), nor "before" a day
    ("In the deadliest clash since 2020, two Armenian soldiers were killed on Tuesday.", D(2022, 9, 15),
     D(2022, 9, 13), D(2022, 9, 13), "day"),
    ("Two Armenian soldiers were killed before Tuesday, the ministry said.", D(2022, 9, 15), None, None, None),
])
def test_since_a_day_dates_the_figure_up_to_the_story_day(text, published, start, end, precision):
    c = one(text, published)
    assert (c["incident_start"], c["incident_end"], c["date_precision"]) == (start, end, precision)


def test_the_day_of_a_statement_is_not_the_incident_date():
    c = one("Armenia said on Wednesday that 105 of its soldiers had been killed.", D(2022, 9, 14))
    assert c["incident_start"] is None


def test_relative_dates_need_a_published_date():
    c = one("Two Armenian soldiers were killed on Friday.", None)
    assert c["incident_start"] is None and c["count"] == 2


# ------------------------------------------------------------------------------------------------
# The five seed articles: every figure, exactly
# ------------------------------------------------------------------------------------------------

SEED_KEYS = ("side", "category", "count", "qualifier", "claimant_side", "is_background", "superseded",
             "incident_start", "incident_end", "date_precision")


def _as_dates(c: dict) -> dict:
    out = dict(c)
    for k in ("incident_start", "incident_end"):
        out[k] = D.fromisoformat(c[k]) if c.get(k) else None
    return out


@pytest.mark.parametrize("unit", load_examples("seed"), ids=lambda u: u["id"])
def test_seed_articles_exact_claims(unit):
    got = extract(unit["text"], unit["published"], unit["id"])
    expected = [tuple(_as_dates(c)[k] for k in SEED_KEYS) for c in unit["claims"]]
    assert [tuple(c[k] for k in SEED_KEYS) for c in got] == expected
    for c in got:
        assert c["evidence_text"] == unit["text"][c["evidence_start"]:c["evidence_end"]]
        assert c["article_id"] == unit["id"]


def test_seed_evidence_offsets_point_at_the_words():
    text = (ARTICLES / "002_5d0f107e35de4fc4.txt").read_text(encoding="utf-8")
    claims = extract(text, D(2022, 9, 13), "002")
    by = {(c["side"], c["count"]): c for c in claims}
    c = by[("armenia", 49)]
    assert c["evidence_text"] == "at least 49 of its soldiers were killed"
    assert text.index("at least 49 of its soldiers") == c["evidence_start"]
    assert by[("armenia", 43)]["evidence_text"] == "hurt another 43"
    assert by[("combined", 6600)]["evidence_text"] == "killed over 6,600 people"


def test_seed_article_claimants():
    text = (ARTICLES / "001_f7a5b28dc23e4653.txt").read_text(encoding="utf-8")
    assert {c["claimant"] for c in extract(text, D(2021, 11, 18))} == {"Azerbaijani Defence Ministry"}
    text = (ARTICLES / "003_9695920343feabc4.txt").read_text(encoding="utf-8")
    assert [c["claimant"] for c in extract(text, D(2023, 9, 1))][:2] == ["Armenian Defence Ministry"] * 2


# ------------------------------------------------------------------------------------------------
# The labelled development set
# ------------------------------------------------------------------------------------------------

#: The dev-set F1 on (side, category, count) the extractor reached; a change may not lose more
#: than the margin. Raise it when the extractor improves.
DEV_F1_REACHED = 1.0
MARGIN = 0.02


def test_dev_set_f1_does_not_regress():
    gold, pred = run(load_examples("dev"))
    r = score(gold, pred)
    assert r["scc"]["f1"] >= DEV_F1_REACHED - MARGIN, r["scc"]
    assert r["full"]["f1"] >= 0.95, r["full"]
    assert r["background_accuracy"] >= 0.95


def test_dev_set_is_big_enough_and_tagged():
    units = load_examples("dev")
    assert len(units) >= 150
    tags = {t for u in units for t in u["tags"]}
    for phenomenon in ("digits", "words", "qualifiers", "synonyms", "side", "its_soldiers", "karabakh",
                       "combined", "claimant", "adversary", "revised", "background", "non_casualty", "dates",
                       "subset", "near_miss"):
        assert phenomenon in tags
    assert len(load_examples("heldout")) >= 40


# ------------------------------------------------------------------------------------------------
# Tables
# ------------------------------------------------------------------------------------------------

ARTICLE_ROWS = {
    "article_id": ["a", "b", "c"],
    "text": ["Two Azerbaijani soldiers were wounded on Friday.", "No figures here.",
             "Armenia said 49 of its soldiers were killed, while Azerbaijan said 50 of its soldiers were killed."],
    "published": [D(2022, 9, 13), None, D(2022, 9, 13)],
}


def _check_frame(df: pd.DataFrame):
    assert list(df.columns) == list(EXTRACTED_FIELDS)
    assert df[["article_id", "side", "count"]].astype(object).values.tolist() == [
        ["a", "azerbaijan", 2], ["c", "armenia", 49], ["c", "azerbaijan", 50]]
    assert df.loc[0, "incident_start"] == pd.Timestamp("2022-09-09")
    assert df["count"].dtype == "int64"


def test_extract_table_on_a_dataframe_in_batches():
    _check_frame(extract_table(pd.DataFrame(ARTICLE_ROWS), batch_size=1, progress=False))


def test_extract_table_on_an_arrow_table():
    table = pa.table({"article_id": ARTICLE_ROWS["article_id"], "text": ARTICLE_ROWS["text"],
                      "published": pa.array(ARTICLE_ROWS["published"], pa.date32())})
    _check_frame(extract_table(table, batch_size=2))


def test_extract_table_without_claims_has_the_columns():
    df = extract_table(pd.DataFrame({"article_id": ["x"], "text": ["Nothing."], "published": [None]}))
    assert df.empty and list(df.columns) == list(EXTRACTED_FIELDS)


def test_extract_table_rejects_other_inputs():
    with pytest.raises(TypeError):
        extract_table([{"article_id": "a"}])


# ------------------------------------------------------------------------------------------------
# CLI
# ------------------------------------------------------------------------------------------------

def _cli(*args, published=None, fmt="jsonl"):
    out = io.StringIO()
    status = cli_extract([str(a) for a in args], published, fmt, out)
    return status, out.getvalue()


def test_cli_jsonl_on_a_file(tmp_path):
    f = tmp_path / "story.txt"
    f.write_text("Three Azerbaijani servicemen were wounded on Friday, the Azerbaijani Defence Ministry said.\n",
                 encoding="utf-8")
    status, out = _cli(f, published="2023-09-02")
    assert status == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 1
    r = rows[0]
    for key in ("article", "side", "category", "population", "count", "qualifier", "claimant", "claimant_side",
                "incident_start", "incident_end", "date_precision", "is_background", "superseded", "evidence"):
        assert key in r
    assert (r["article"], r["side"], r["category"], r["count"]) == ("story", "azerbaijan", "wounded", 3)
    assert r["claimant"] == "Azerbaijani Defence Ministry"
    assert r["incident_start"] == r["incident_end"] == "2023-09-01"
    text = f.read_text(encoding="utf-8")
    assert text[r["evidence"]["start"]:r["evidence"]["end"]] == r["evidence"]["text"]


def test_cli_folder_uses_the_manifest_date(tmp_path):
    (tmp_path / "b.txt").write_text("Two Armenian soldiers were killed on Friday.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Two Azerbaijani soldiers were killed on Friday.", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("article_id,file,published\na,a.txt,2023-09-02\n", encoding="utf-8")
    status, out = _cli(tmp_path, published="2022-09-13")
    rows = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and [r["article"] for r in rows] == ["a", "b"]
    assert rows[0]["incident_start"] == "2023-09-01"   # from the manifest
    assert rows[1]["incident_start"] == "2022-09-09"   # from --published


def test_cli_null_dates_without_published(tmp_path):
    (tmp_path / "a.txt").write_text("Two Armenian soldiers were killed on Friday.", encoding="utf-8")
    status, out = _cli(tmp_path / "a.txt")
    assert status == 0 and json.loads(out)["incident_start"] is None


def test_cli_table(tmp_path):
    (tmp_path / "a.txt").write_text("Armenia said at least 49 of its soldiers were killed.", encoding="utf-8")
    status, out = _cli(tmp_path, fmt="table")
    lines = out.splitlines()
    assert status == 0
    assert lines[0].split()[:5] == ["article", "side", "category", "population", "count"]
    assert set(lines[1]) <= {"-", " "}
    assert "armenia" in lines[2] and "49" in lines[2] and "at_least" in lines[2]
    assert lines[-1] == "1 claim"
    # columns are aligned: every row puts 'side' at the same offset
    assert lines[2].index("armenia") == lines[0].index("side")


def test_cli_on_the_seed_articles():
    status, out = _cli(ARTICLES)
    rows = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and len(rows) == sum(len(u["claims"]) for u in load_examples("seed"))


@pytest.mark.parametrize("make, published, pattern", [
    (lambda p: None, None, r"missing\.txt: no such file or folder"),
    (lambda p: p.write_bytes(b""), None, r"empty file"),
    (lambda p: p.write_bytes(b"  \n\n"), None, r"empty file"),
    (lambda p: p.write_bytes(b"abc\x00def"), None, r"binary file \(NUL byte at offset 3\)"),
    (lambda p: p.write_bytes(b"Three soldiers \xff were killed"), None, r"not UTF-8 \(byte offset 15"),
    (lambda p: p.write_text("Three Armenian soldiers were killed."), "2022-13-01", r"--published: '2022-13-01'"),
])
def test_cli_errors_are_one_line_and_status_2(tmp_path, capsys, make, published, pattern):
    path = tmp_path / ("missing.txt" if "missing" in pattern else "bad.txt")
    make(path)
    status, out = _cli(path, published=published)
    err = capsys.readouterr().err
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert re.search(pattern, err), err
    if "published" not in pattern:
        assert path.name in err


def test_cli_bad_manifest_date_names_the_manifest(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Two Armenian soldiers were killed.", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("article_id,file,published\na,a.txt,yesterday\n", encoding="utf-8")
    status, _ = _cli(tmp_path)
    err = capsys.readouterr().err
    assert status == 2 and "manifest.csv" in err and "a.txt" in err


def test_cli_bad_format(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    assert _cli(tmp_path, fmt="xml")[0] == 2
    assert "--format" in capsys.readouterr().err


# ------------------------------------------------------------------------------------------------
# Robustness (hypothesis)
# ------------------------------------------------------------------------------------------------

NUMBERS = ["3", "49", "1,200", "105", "three", "Fifty", "twenty-one", "one hundred and five", "a dozen", "an",
           "another", "one", "2020", "44-day", "19-year-old", "40", "6,600"]
QUALS = ["", "at least ", "about ", "more than ", "up to ", "nearly ", "over "]
NOUNS = ["Armenian soldiers", "Azerbaijani servicemen", "civilians", "people", "tons of flour", "troops",
         "settlements", "of its soldiers", "Karabakh Armenian police officers", "kilometres", "Russian peacekeepers",
         "Armenians", "more", "others", "casualties", "martyrs", "soldier"]
VERBS = ["were killed", "were wounded", "died", "went missing", "were taken prisoner", "fled", "were evacuated",
         "live there", "lost their lives", "were sent", "", "sustained injuries"]
TAILS = ["", ", the ministry said", " on both sides", " in the 2020 war", ", Armenia said", " on Friday",
         ", according to Baku", " last year", " and another wounded", ", including 7 civilians"]
near_miss = st.builds(lambda q, n, noun, v, t: f"{q}{n} {noun} {v}{t}.".replace("  ", " "),
                      st.sampled_from(QUALS), st.sampled_from(NUMBERS), st.sampled_from(NOUNS),
                      st.sampled_from(VERBS), st.sampled_from(TAILS))
documents = st.lists(st.one_of(near_miss, st.text(max_size=80)), min_size=1, max_size=6).map(
    lambda parts: " ".join(parts))
published = st.one_of(st.none(), st.dates(min_value=D(2019, 1, 1), max_value=D(2025, 12, 31)))


def _normal(s: str) -> str:
    return " ".join(s.lower().replace("-", " ").split())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, published)
def test_property_no_crash_and_counts_in_evidence(text, pub):
    claims = extract(text, pub, "p")
    for c in claims:
        assert tuple(c) == EXTRACTED_FIELDS
        assert 0 <= c["evidence_start"] < c["evidence_end"] <= len(text)
        assert c["evidence_text"] == text[c["evidence_start"]:c["evidence_end"]]
        ev = _normal(c["evidence_text"])
        assert any(re.search(rf"(?<![\w]){re.escape(_normal(s))}(?![\w])", ev) for s in count_surfaces(c["count"])), c
        assert c["side"] in VOCABULARIES["side"] and c["category"] in VOCABULARIES["category"]
        if c["incident_start"] is not None:
            assert c["incident_start"] <= c["incident_end"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400), published)
def test_property_arbitrary_text(text, pub):
    for c in extract(text, pub):
        assert c["evidence_text"] == text[c["evidence_start"]:c["evidence_end"]]


# ------------------------------------------------------------------------------------------------
# News-copy details: datelines, quotes, appositions, relative clauses, duplicates
# ------------------------------------------------------------------------------------------------

def test_dateline_agency_is_not_the_speaker():
    c = one("YEREVAN, Sept 13 (Reuters) - Armenia said on Tuesday that 49 of its soldiers had been killed.")
    assert (c["side"], c["claimant"], c["claimant_side"]) == ("armenia", "Armenian government", "armenia")


def test_dateline_date_is_not_the_incident_date():
    # the dateline gives the story's date; "late on Saturday" is when the soldiers were killed
    text = "YEREVAN, Sept 14 (Reuters) - Three Armenian soldiers were killed late on Saturday, the ministry said."
    [c] = extract(text, dt.date(2022, 9, 14))
    assert (c["incident_start"], c["incident_end"], c["date_precision"]) == (
        dt.date(2022, 9, 10), dt.date(2022, 9, 10), "day")
    [c] = extract("BAKU, Azerbaijan, May 2 (AP) — Two Azerbaijani soldiers were wounded, the ministry said.",
                  dt.date(2022, 9, 14))
    assert (c["incident_start"], c["is_background"]) == (None, False)


def test_quoted_figures_and_the_enemy():
    c = one('"Three of our soldiers were killed," the Armenian Defence Ministry said.')
    assert (c["side"], c["claimant_side"]) == ("armenia", "armenia")
    c = one('"The enemy lost up to 50 servicemen," the Armenian Defence Ministry said.')
    assert (c["side"], c["claimant_side"], c["qualifier"]) == ("azerbaijan", "armenia", "up_to")


def test_colon_headline_speaker_and_relative_clause():
    c = one("Azerbaijani Defence Ministry: three servicemen wounded in Kalbajar.")
    assert (c["side"], c["claimant"]) == ("azerbaijan", "Azerbaijani Defence Ministry")
    c = one("The Armenian Defence Ministry published a list of 135 servicemen who died in the clashes.")
    assert (c["side"], c["category"], c["count"]) == ("armenia", "killed", 135)


def test_apposition_between_victim_and_verb():
    c = one("An Azerbaijani serviceman, Private Elvin Mammadov, was killed by an Armenian sniper.")
    assert (c["side"], c["category"], c["count"]) == ("azerbaijan", "killed", 1)


def test_figures_called_false_or_after_information_about():
    assert extract("The ministry said that reports of 12 killed Azerbaijani soldiers were false.", D(2022, 9, 14)) == []
    assert extract("The ministry said information about 12 killed soldiers was false.", D(2022, 9, 14)) == []


def test_headline_repeats_are_one_claim_but_separate_small_counts_are_not():
    text = ("Four Armenian soldiers killed in border clash\n\n"
            "Armenia said four soldiers were killed and one was wounded on Tuesday.\n\n"
            "The ministry added that one civilian was wounded in a separate incident in Sotk.")
    got = [(c["side"], c["category"], c["count"], c["population"]) for c in extract(text, D(2024, 2, 14))]
    assert got == [("armenia", "killed", 4, "military"), ("armenia", "wounded", 1, "military"),
                   ("armenia", "wounded", 1, "civilian")]


def test_running_total_with_number_of():
    c = one("The number of Armenian POWs held in Azerbaijan has reached 33, according to Armenian officials.")
    assert (c["side"], c["category"], c["count"], c["claimant_side"]) == ("armenia", "captured", 33, "armenia")


def test_a_background_figure_does_not_borrow_the_previous_speaker():
    text = ("Azerbaijan said seven of its servicemen had been killed. "
            "In the 44-day war in 2020, more than 6,500 people were killed.")
    claims = extract(text, D(2021, 11, 17))
    assert [(c["side"], c["claimant_side"], c["is_background"]) for c in claims] == [
        ("azerbaijan", "azerbaijan", False), ("combined", "unknown", True)]


def test_extract_batches_streams_record_batches():
    from casualties.extract import extract_batches

    batches = (pa.record_batch({"article_id": [f"a{i}"], "text": ["Two Azerbaijani soldiers were wounded."],
                                "published": pa.array([D(2022, 9, 13)], pa.date32())}) for i in range(3))
    frames = list(extract_batches(batches, progress=False))
    assert [len(f) for f in frames] == [1, 1, 1]
    assert [f.loc[0, "article_id"] for f in frames] == ["a0", "a1", "a2"]
    assert list(frames[0].columns) == list(EXTRACTED_FIELDS)


# ------------------------------------------------------------------------------------------------
# Round 4: gapping, shared nouns, "in total", named casualties, nouns describing a casualty noun
# ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Armenia reported three soldiers dead and Azerbaijan two after the shelling.",
     [("armenia", "killed", 3, "armenia"), ("azerbaijan", "killed", 2, "azerbaijan")]),
    ("Armenia said 49 of its soldiers were killed and Azerbaijan 50.",
     [("armenia", "killed", 49, "armenia"), ("azerbaijan", "killed", 50, "azerbaijan")]),
    ("Armenian officials put their losses at 12 killed, Azerbaijani officials at about seven.",
     [("armenia", "killed", 12, "armenia"), ("azerbaijan", "killed", 7, "azerbaijan")]),
    ("Azerbaijan said two of its servicemen had been wounded; Armenia said three.",
     [("azerbaijan", "wounded", 2, "azerbaijan"), ("armenia", "wounded", 3, "armenia")]),
])
def test_gapping_takes_the_verb_of_the_figure_before_and_the_named_side(text, expected):
    claims = extract(text, D(2022, 9, 13))
    assert [(c["side"], c["category"], c["count"], c["claimant_side"]) for c in claims] == expected
    for c in claims:
        assert c["evidence_text"] == text[c["evidence_start"]:c["evidence_end"]]


def test_gapping_needs_a_side_name_before_the_bare_number():
    assert triples("Three Armenian soldiers were killed and 2 were taken to hospital in Goris.") == [
        ("armenia", "killed", 3)]


@pytest.mark.parametrize("text, expected", [
    ("In total, 11 servicemen were killed, eight Armenians and three Azerbaijanis.",
     [("combined", "killed", 11), ("armenia", "killed", 8), ("azerbaijan", "killed", 3)]),
    ("Seven soldiers were killed in total, four Armenians and three Azerbaijanis.",
     [("combined", "killed", 7), ("armenia", "killed", 4), ("azerbaijan", "killed", 3)]),
    ("The two countries have lost nearly 300 servicemen in total since the clashes began, 207 Armenians "
     "and 80 Azerbaijanis.", [("combined", "killed", 300), ("armenia", "killed", 207), ("azerbaijan", "killed", 80)]),
    ("Thirteen soldiers died in total on Friday, nine on the Armenian side and four on the Azerbaijani side.",
     [("combined", "killed", 13), ("armenia", "killed", 9), ("azerbaijan", "killed", 4)]),
    ("Four Armenian and three Azerbaijani soldiers were killed, seven in total, in the clash.",
     [("armenia", "killed", 4), ("azerbaijan", "killed", 3), ("combined", "killed", 7)]),
    ("Heavy fighting broke out, killing 7 Azerbaijani and 15 Armenian soldiers.",
     [("azerbaijan", "killed", 7), ("armenia", "killed", 15)]),
])
def test_in_total_between_or_after_a_total_and_its_parts(text, expected):
    assert triples(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Private Davit Hakobyan, a contract serviceman, was fatally wounded by Azerbaijani sniper fire, the "
     "Armenian Defence Ministry said.", [("armenia", "killed", 1)]),
    ("Junior Sergeant Elvin Mammadov of the Azerbaijani army was killed by Armenian fire.", [("azerbaijan", "killed", 1)]),
    ("Conscript Gor Simonyan was wounded in the arm near Sotk, Armenian officials said.", [("armenia", "wounded", 1)]),
    ("Azerbaijan's Defence Ministry said Private Tural Aliyev had been killed and a second serviceman wounded.",
     [("azerbaijan", "killed", 1), ("azerbaijan", "wounded", 1)]),
    # a name that another figure already counts is not counted again
    ("An Azerbaijani serviceman, Private Elvin Aliyev, was killed.", [("azerbaijan", "killed", 1)]),
    # a named person with no casualty words is nothing
    ("Private Davit Hakobyan was awarded a medal for bravery by the Armenian Defence Ministry.", []),
])
def test_a_named_casualty_is_one(text, expected):
    assert triples(text) == expected


def test_names_right_after_a_number_are_not_counted_on_their_own():
    assert all(c["count"] != 1 for c in extract(
        "Two Armenian soldiers, Private Aram Sargsyan and Private Hayk Grigoryan, were killed.", D(2022, 9, 14)))


def test_a_person_noun_can_describe_a_casualty_noun():
    c = one("The UN said it had received reports of at least 50 civilian deaths on both sides.")
    assert (c["side"], c["category"], c["count"], c["population"], c["qualifier"]) == (
        "combined", "killed", 50, "civilian", "at_least")
    # a participle after the person noun is still the verb: "a second serviceman wounded"
    assert triples("Azerbaijan said a soldier was killed and a second serviceman wounded.") == [
        ("azerbaijan", "killed", 1), ("azerbaijan", "wounded", 1)]


def test_handed_over_is_not_a_qualifier_and_media_citing_officials_speak_for_themselves():
    assert one("Azerbaijan handed over 17 Armenian prisoners of war on Saturday.")["qualifier"] == "exact"
    c = one("Armenian media, citing the Defence Ministry, reported that a soldier had been killed by a sniper "
            "near Verin Shorzha.")
    assert (c["side"], c["claimant_side"]) == ("armenia", "third_party")


def test_blamed_and_denied_introduce_a_speaker_for_the_next_sentence():
    claims = extract("The Azerbaijani Defence Ministry blamed Yerevan for the escalation on Wednesday. According "
                     "to the ministry, 11 Armenian servicemen were killed.", D(2021, 11, 17))
    assert [(c["side"], c["claimant_side"]) for c in claims] == [("armenia", "azerbaijan")]
    claims = extract("Armenia's Defence Ministry denied that its troops had opened fire. It said Azerbaijani forces "
                     "had lost as many as 30 men.", D(2021, 11, 17))
    assert [(c["side"], c["count"], c["qualifier"], c["claimant_side"]) for c in claims] == [
        ("azerbaijan", 30, "up_to", "armenia")]


@pytest.mark.parametrize("text", [
    "Fıve Armenıan soldiers were kılled, the Armenian Defence Ministry saıd.",
    "The Azerbaijani Defence Ministry said ſix servicemen were wounded.",
    "Artsakh's Defence Army said three of İts soldiers were killed and fİfteen others wounded.",
])
def test_look_alike_letters_read_as_the_plain_ones(text):
    """Dotless ı, long ſ and dotted İ (typed by Turkish and Azerbaijani keyboards, or left by OCR)
    match the patterns as i and s; they once raised a KeyError at the lexicon look-up after the
    match. The claims are those of the plain text, and the evidence keeps the letters as written."""
    plain = text.replace("ı", "i").replace("ſ", "s").replace("İ", "I")
    got = extract(text)
    assert [(c["side"], c["category"], c["count"]) for c in got] == \
        [(c["side"], c["category"], c["count"]) for c in extract(plain)] != []
    assert all(text[c["evidence_start"]:c["evidence_end"]] == c["evidence_text"] for c in got)
