"""One spec file per phenomenon of real reporting, one pytest case per sentence.

Each line of ``tests/data/extraction/specs/<phenomenon>.jsonl`` is a sentence we wrote to show one
rule, with every figure it must yield (side, category, count, qualifier, background). A case the
extractor is known to get wrong carries ``"xfail": "<why>"`` and runs as a strict xfail, so fixing
it fails the test until the mark is removed. A failure names its sentence. These sentences show
that a rule works; how well the extractor does on real news is measured on the real corpus
(``casualties eval``), not here.
"""

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from casualties.extract import extract

SPECS = Path(__file__).parent / "data" / "extraction" / "specs"
KEYS = ("side", "category", "count", "qualifier", "is_background")


def _cases():
    for path in sorted(SPECS.glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            case = json.loads(line)
            marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
            yield pytest.param(case, id=case["id"], marks=marks)


def _figures(claims) -> Counter:
    return Counter(tuple(c[k] for k in KEYS) for c in claims)


@pytest.mark.parametrize("case", list(_cases()))
def test_spec(case):
    got = extract(case["text"], dt.date.fromisoformat(case["published"]))
    assert _figures(got) == _figures(case["claims"]), case["text"]
    if case["claims"] and all("claimant_side" in c for c in case["claims"]):
        # a case about who gave the figures states their claimant side too
        key = lambda c: (*(c[k] for k in KEYS), c["claimant_side"])  # noqa: E731
        assert Counter(map(key, got)) == Counter(map(key, case["claims"])), case["text"]


def test_every_phenomenon_of_issue_13_has_a_spec_file():
    phenomena = {"karabakh_side", "named_victim", "cross_side", "subset", "speaker_relative",
                 "background_war", "category_words", "headline_dateline"}
    assert phenomena <= {p.stem for p in SPECS.glob("*.jsonl")}
