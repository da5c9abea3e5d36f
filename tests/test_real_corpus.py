"""The real-news corpus: excerpts nobody here wrote, labelled by shared/ANNOTATION.md, split once.

These tests check the corpus itself (its format, its spread, the evidence of every label, the
fixed split); the extractor's score on it is reported by ``casualties eval`` and docs/extraction.md.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from casualties.evaluate import load_examples, real_split
from casualties.schema import VOCABULARIES

EXTRACTION = Path(__file__).parent / "data" / "extraction"
#: Batch 1 (``real/``, frozen at 4e8760f) and batch 2 (``real2/``, labelled in the next session).
BATCHES = (EXTRACTION / "real", EXTRACTION / "real2")
ORIGINS = {"armenian", "azerbaijani", "russian", "international"}
TAGS = {"karabakh_side", "named_victim", "cross_side", "subset", "speaker_relative", "background_war",
        "category_words", "headline_dateline", "none"}


def _articles() -> list[dict]:
    return [json.loads(line) for d in BATCHES for path in sorted(d.glob("*.jsonl"))
            for line in path.read_text("utf-8").splitlines() if line.strip()]


ARTICLES = _articles()


def test_the_corpus_is_large_and_varied_enough():
    assert len(ARTICLES) >= 120
    assert len({a["outlet"] for a in ARTICLES}) >= 25
    assert {a["origin"] for a in ARTICLES} == ORIGINS
    assert {a["published"][:4] for a in ARTICLES} >= {"2021", "2022", "2023", "2024"}
    assert len(load_examples("real-test")) >= 40


def test_ids_and_urls_are_unique():
    assert max(Counter(a["id"] for a in ARTICLES).values()) == 1
    assert max(Counter(a["url"] for a in ARTICLES).values()) == 1


@pytest.mark.parametrize("a", ARTICLES, ids=[a["id"] for a in ARTICLES])
def test_every_label_follows_the_convention(a):
    assert a["origin"] in ORIGINS and set(a["tags"]) <= TAGS
    assert 0 < len(a["text"]) <= 2600, "an excerpt is the opening of the article, about 2,000 characters"
    for c in a["claims"]:
        assert c["side"] in VOCABULARIES["side"]
        assert c["category"] in VOCABULARIES["category"]
        assert c["population"] in VOCABULARIES["population"]
        assert c["qualifier"] in VOCABULARIES["qualifier"]
        assert c["claimant_side"] in VOCABULARIES["claimant_side"]
        assert isinstance(c["count"], int) and c["count"] > 0
        assert c["evidence"] in a["text"], "the evidence is the article's own words"


def test_the_split_is_by_url_alone_and_stable():
    for a in ARTICLES:
        part = real_split(a["url"])
        assert part in ("real-dev", "real-test")
        assert real_split(a["url"]) == part
    test_ids = {u["id"] for s in ("real-test", "real-test2") for u in load_examples(s)}
    dev_ids = {u["id"] for u in load_examples("real-dev")}
    assert not test_ids & dev_ids and len(test_ids | dev_ids) == len(ARTICLES)


def test_a_later_batch_never_changes_the_first_frozen_test():
    """real-test is batch 1's test part alone; batch 2's test part is scored apart as real-test2."""
    first = [json.loads(line) for path in sorted(BATCHES[0].glob("*.jsonl"))
             for line in path.read_text("utf-8").splitlines() if line.strip()]
    expected = {a["id"] for a in first if real_split(a["url"]) == "real-test"}
    assert {u["id"] for u in load_examples("real-test")} == expected
    assert not expected & {u["id"] for u in load_examples("real-test2")}
