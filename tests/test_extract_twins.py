"""The lower-case twins of the lexicon patterns (``text.lower_twin``) find exactly what the patterns
find: the speed-ups of the extractor rest on it, and must not change a claim."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest

from casualties.extract.lexicon import _lexicon
from casualties.extract.text import _lower_case_twin, match_spans, search_lower

EXTRACTION = Path(__file__).parent / "data" / "extraction"


def _real_texts() -> list[str]:
    texts = []
    for path in sorted(EXTRACTION.glob("real/*.jsonl")) + sorted(EXTRACTION.glob("*.jsonl")):
        texts += [json.loads(line).get("text", "") for line in path.open(encoding="utf-8")]
    return [t for t in texts if t]


def _twinned_patterns() -> dict[str, re.Pattern]:
    lex = _lexicon()
    return {name: rx for name, rx in vars(lex).items() if isinstance(rx, re.Pattern) and _lower_case_twin(rx)}


def test_only_three_letters_match_an_ascii_letter_without_lowering_to_it():
    # IGNORECASE matches "ı" and "İ" to i and "ſ" to s; str.lower() keeps "ı" and "ſ" and makes "İ"
    # two characters. Every other letter it matches to an ASCII letter lower-cases to that letter.
    every_char = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    matched = set(re.findall("[a-z]", every_char, re.IGNORECASE))
    assert {c for c in matched if c.lower() not in string.ascii_lowercase} == {"ı", "ſ", "İ"}


def test_the_main_lexicon_patterns_have_twins():
    # (not place_re: it matches only where a capital starts a word, which a lower-cased text cannot show)
    assert {"side_re", "agent_after_re", "number_re", "post_re", "speech_re", "according_re",
            "denial_re"} <= set(_twinned_patterns())


def test_a_pattern_with_an_upper_case_letter_has_no_twin():
    assert _lower_case_twin(re.compile(r"\b[A-Z]\w+ said", re.IGNORECASE)) is None
    assert _lower_case_twin(re.compile(r"said", re.IGNORECASE))  # ... and a plain one has
    assert _lower_case_twin(re.compile(r"said")) is None  # (nor has a case-sensitive pattern)


@pytest.mark.parametrize("name", sorted(_twinned_patterns()))
def test_twin_finds_what_the_pattern_finds_in_real_text(name):
    rx = _twinned_patterns()[name]
    for text in _real_texts():
        for variant in (text, text.upper(), text.replace("i", "ı"), text.replace("I", "İ")):
            assert match_spans(rx, variant) == [m.span() for m in rx.finditer(variant)], variant[:80]
            found, expected = search_lower(rx, variant), rx.search(variant)
            assert (found and found.span()) == (expected and expected.span())


def test_odd_letters_are_read_as_they_are():
    lex = _lexicon()
    text = "ARMENİAN soldiers were killed; Azerbaıjani shelling"
    assert match_spans(lex.side_re, text) == [m.span() for m in lex.side_re.finditer(text)] == [(0, 8), (31, 42)]
