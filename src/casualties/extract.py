"""Rule-based extraction of attributed casualty claims, with evidence spans, from English news text.

The pipeline, per article (each step is a small function below, in this order):

1. **sentences** — split on line breaks (paragraphs) and sentence ends, keeping character offsets.
2. **candidate figures** — numbers as digits or words ("49", "Fifty", "a dozen", "one hundred and
   five"), plus "a/an/another" before a person noun; dates, years, ages, times and distances are
   skipped. Each figure gets the noun phrase after it ("Azerbaijani servicemen", "of its soldiers").
3. **category** — from the noun itself ("300 casualties"), an active verb or noun right before it
   ("killed four troops", "the loss of four servicemen", "raised the toll to 105"), or the casualty
   words after it ("were wounded", "lost their lives", "went missing"). A figure without one is not
   a casualty figure (troops sent, tons of flour, residents, refugees) and yields nothing.
4. **side** — nationality in the noun phrase, "its/their/our" resolved to the speaker, the subject
   of "lost/suffered", both-sides cues (`combined`), the attacker named ("Azerbaijani shelling" hits
   the other side), "another/more" inherited, then the speaker's own side.
5. **claimant** — "according to X", "X said", "..., X said", with "the ministry"/"it" resolved to the
   last speaker, and a speaker carried over from the previous sentences of the paragraph.
6. **qualifier**, **date** (relative dates resolved against the published date) and **background**
   (the 2020 war, the 1990s, "last year") per figure; then **revisions** ("initially four, later
   three": the earlier figure is superseded) and **duplicates** (a headline repeating the body).

Every word list lives in ``lexicon.toml`` beside this module; this file holds only the grammar.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import importlib.util
import json
import re
import sys
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .schema import EXTRACTED_FIELDS, VOCABULARIES

PARTIES = ("armenia", "azerbaijan", "karabakh", "russia")


# ------------------------------------------------------------------------------------------------
# Lexicon: read once, compiled once.
# ------------------------------------------------------------------------------------------------

def _alt(phrases) -> str:
    """A regex alternation of phrases that prefers the longest; a space matches any whitespace.

    The phrases are folded into a trie ("kill", "killed", "killing" -> ``kill(?:ed|ing)?``): Python's
    regex engine tries the alternatives of a flat list one by one at every position, so sharing the
    prefixes is several times faster on lexicons of hundreds of phrases.
    """
    trie: dict = {}
    for p in {p for p in phrases if p}:
        node = trie
        for ch in p:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:
    alts = [(r"\s+" if ch == " " else re.escape(ch)) + _trie_regex(sub) for ch, sub in sorted(node.items()) if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if "" in node:  # a phrase may end here; greedy "?" still prefers the longer phrase
        body = f"(?:{body})?"
    return body


def _words(phrases) -> str:
    """The alternation wrapped so that it only matches whole words."""
    return rf"(?<![\w'’-])(?:{_alt(phrases)})(?![\w'’-])"


_TOKEN = re.compile(r"[a-z]+")


def _gate_words(phrases) -> frozenset:
    """The longest word of every phrase: a sentence whose words miss all of them cannot match any
    phrase, so the grammar can skip it. A set lookup is far cheaper than a regex scan."""
    return frozenset(max(_TOKEN.findall(p.lower()), key=len) for p in phrases if _TOKEN.search(p.lower()))


def _key(s: str) -> str:
    return " ".join(s.lower().split())


@dataclass
class _Lexicon:
    raw: dict
    number_re: re.Pattern
    word_values: dict
    qualifier_end_re: re.Pattern
    qualifier_of: dict
    post_re: re.Pattern
    post_of: dict
    pre_end_re: re.Pattern
    pre_of: dict
    toll_end_re: re.Pattern
    number_of_end_re: re.Pattern
    number_of_words: dict
    toll_of: dict
    heads: dict
    head_len: int
    side_re: re.Pattern
    side_of: dict
    agent_re: re.Pattern
    combined_strong_re: re.Pattern
    combined_weak_re: re.Pattern
    place_re: re.Pattern
    place_of: dict
    prefilter_words: frozenset
    speech_gate_words: frozenset
    speech_re: re.Pattern
    according_re: re.Pattern
    known_re: re.Pattern
    known_of: dict
    body_re: re.Pattern
    body_of: list
    names_re: re.Pattern
    names_of: dict
    anaphora_re: re.Pattern
    institutional: set
    denial_re: re.Pattern
    background_re: re.Pattern
    background_exception_re: re.Pattern
    later_re: re.Pattern
    earlier_re: re.Pattern
    date_re: re.Pattern
    report_end_re: re.Pattern
    month_of: dict
    weekday_of: dict
    not_count_after_re: re.Pattern
    not_count_before_re: re.Pattern
    nc_verbs: frozenset
    adjectives: dict
    singular_persons: frozenset
    singular_person_re: re.Pattern
    date_words: frozenset
    date_parts: dict
    anaphor_re: re.Pattern
    of_number_re: re.Pattern
    agent_after_re: re.Pattern
    number_plural_re: re.Pattern
    singular_words: frozenset
    head_first: frozenset
    number_words: frozenset
    not_qualifier_end_re: re.Pattern
    title_re: re.Pattern
    title_words: frozenset
    gap_subject_re: re.Pattern


@functools.cache
def _lexicon() -> _Lexicon:
    """Read ``lexicon.toml`` (once per process) and compile every pattern the grammar uses."""
    raw = tomllib.loads(resources.files("casualties").joinpath("lexicon.toml").read_text("utf-8"))
    num = raw["numbers"]
    word_values = {**num["units"], **num["tens"], **num["scales"]}
    nw = _alt(word_values)
    number_words = (rf"(?:{nw})(?:(?:\s+|-)(?:{nw})|(?:(?<=hundred)|(?<=thousand))\s+and\s+(?:{nw}))*")
    number_re = re.compile(
        rf"(?<![\w'’.,$€£-])(?:(?P<digits>[0-9]{{1,3}}(?:,[0-9]{{3}})+(?![0-9])|[0-9]+)"
        rf"|(?P<phrase>{_alt(num['phrases'])})|(?P<words>{number_words})"
        rf"|(?P<single>{_alt(num['singular'])}))(?![\w'’])",
        re.IGNORECASE,
    )
    # the same without "a/an/another", for the many sentences with no singular person noun in them
    number_plural_re = re.compile(number_re.pattern.replace(f"|(?P<single>{_alt(num['singular'])})", ""),
                                  re.IGNORECASE)
    qualifier_of = {_key(p): q for q, ps in raw["qualifiers"].items() if q != "not_after" for p in ps}
    qualifier_end_re = re.compile(rf"(?<![\w'’-])({_alt(qualifier_of)})\s+$", re.IGNORECASE)

    cats = raw["categories"]
    post_of, pre_of, heads = {}, {}, {}
    # Categories are listed from the most to the least specific ("killed or wounded" before
    # "killed"), and a phrase keeps the first category that claims it.
    for cat, d in cats.items():
        for p in d["post"]:
            post_of.setdefault(_key(p), cat)
        for p in d["pre"]:
            pre_of.setdefault(_key(p), cat)
        for p in d["heads"]:
            heads.setdefault(tuple(_key(p).split()), ("casualty", cat))
    post_re = re.compile(_words(post_of), re.IGNORECASE)
    pre_end_re = re.compile(
        rf"(?<![\w'’-])({_alt(pre_of)})\s+(?:(?:another|a\s+further|an\s+additional|a\s+total\s+of|"
        rf"the|at\s+least)\s+)?$", re.IGNORECASE)
    tolls = raw["tolls"]
    toll_of = {_key(p): cat for cat, ps in tolls.items() if cat != "joints" for p in ps}
    toll_end_re = re.compile(
        rf"(?<![\w'’-])({_alt(toll_of)})(?:\s+[\w'’,-]+){{0,12}}?\s+(?:{_alt(tolls['joints'])})\s+$",
        re.IGNORECASE)

    # "the total number of Armenian servicemen killed has reached 135"
    casualty_heads = {" ".join(h): v[1] for h, v in heads.items() if v[0] == "casualty"}
    number_of_words = {**casualty_heads, **post_of}
    number_of_end_re = re.compile(
        rf"\bnumber\s+of\s+(?:[\w'’-]+\s+){{0,4}}?({_alt(number_of_words)})\b[^.;]{{0,50}}?"
        rf"\b(?:to|at|reached|is|was|stands\s+at|stood\s+at|hit)\s+$", re.IGNORECASE)
    pop = raw["population"]
    for kind in ("military", "civilian", "unknown"):
        for p in pop[kind]:
            heads.setdefault(tuple(_key(p).split()), ("person", kind))
    for p in pop["rank"]:
        heads.setdefault(tuple(_key(p).split()), ("rank", None))
    for side, ps in raw["nationality_nouns"].items():
        for p in ps:
            if p.endswith("s"):  # plural nouns only: "four Armenians"; "Armenian" is an adjective
                heads.setdefault(tuple(_key(p).split()), ("nationality", side))
    singular_persons = frozenset(
        p for kind in ("military", "civilian") for p in pop[kind] if not p.endswith("s") or p in ("police",)
    ) | {"person", "individual"}

    side_of = {_key(p): s for s, ps in raw["sides"].items() for p in ps}
    side_re = re.compile(_words(side_of), re.IGNORECASE)
    adjectival = [p for p in side_of if not p.startswith(("of ", "in "))]
    agent_re = re.compile(
        rf"(?<![\w'’-])({_alt(adjectival)})(?:\s+[\w'’-]+)?\s+(?:{_alt(raw['agents']['nouns'])})(?![\w'’-])",
        re.IGNORECASE)
    combined_strong_re = re.compile(_words(raw["combined"]["strong"]), re.IGNORECASE)
    combined_weak_re = re.compile(_words(raw["combined"]["weak"]), re.IGNORECASE)
    place_of = {_key(p): s for s, ps in raw["places"].items() for p in ps}
    place_re = re.compile(_words(place_of), re.IGNORECASE)

    every_casualty_word = list(post_of) + list(pre_of) + [" ".join(h) for h, v in heads.items()
                                                          if v[0] == "casualty"] + list(toll_of)
    # A cheap gate before the grammar: the first five letters of the longest word of every casualty
    # phrase. Any phrase match implies a gate match, so the gate never loses a figure.
    prefilter_words = _gate_words(every_casualty_word)

    cl = raw["claimants"]
    speech_re = re.compile(rf"(?<![\w'’-])({_alt(cl['speech_verbs'])})(?![\w'’-])", re.IGNORECASE)
    speech_gate_words = _gate_words(cl["speech_verbs"] + cl["before"])
    according_re = re.compile(_words(cl["before"]), re.IGNORECASE)
    known_of = {_key(k): tuple(v) for k, v in cl["known"].items()}
    known_re = re.compile(rf"(?<![\w'’/-])(?:{_alt(cl['known'])})(?![\w'’/-])")  # case-sensitive: "AP"
    body_of = [(re.compile(rf"(?<![\w'’-])(?:{pat})(?![\w'’-])", re.IGNORECASE), name)
               for pat, name in cl["bodies"].items()]
    body_re = re.compile("|".join(rf"(?:{pat})" for pat in cl["bodies"]), re.IGNORECASE)
    body_re = re.compile(rf"(?<![\w'’-])(?:{body_re.pattern})(?![\w'’-])", re.IGNORECASE)
    names_of = {_key(p): s for s, ps in cl["names"].items() for p in ps}
    names_re = re.compile(_words(names_of), re.IGNORECASE)
    anaphora_re = re.compile(rf"^(?:the\s+|its\s+|their\s+|a\s+)?(?:{_alt(cl['anaphora']['heads'])})$",
                             re.IGNORECASE)
    institutional = {_key(h) for h in cl["anaphora"]["institutional"]}

    bg = raw["background"]
    background_re = re.compile("|".join(bg["markers"]), re.IGNORECASE)
    background_exception_re = re.compile("|".join(bg["exceptions"]), re.IGNORECASE)
    later_re = re.compile(_words(raw["revision"]["later"]), re.IGNORECASE)
    earlier_re = re.compile(_words(raw["revision"]["earlier"]), re.IGNORECASE)

    dates = raw["dates"]
    month_of = {m: i + 1 for i, m in enumerate(dates["months"])} | dates["month_abbreviations"]
    weekday_of = {d: i for i, d in enumerate(dates["weekdays"])}
    month = rf"(?:{_alt(month_of)})\.?"
    weekday = _alt(weekday_of)
    date_pieces = {
        "month": [
            rf"(?P<md>\b(?P<md_m>{month})\s+(?P<md_d>\d{{1,2}})(?:st|nd|rd|th)?"
            rf"(?:\s*(?:-|–|and|to|through)\s*(?P<md_d2>\d{{1,2}})(?:st|nd|rd|th)?)?(?:,?\s+(?P<md_y>(?:19|20)\d\d))?(?!\d))",
            rf"(?P<dm>\b(?P<dm_d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:-|–|and|to)\s*(?P<dm_d2>\d{{1,2}}))?\s+"
            rf"(?P<dm_m>{month})(?:,?\s+(?P<dm_y>(?:19|20)\d\d))?(?!\d))",
            rf"(?P<my>\b(?P<my_m>{month})(?:\s+of)?\s+(?P<my_y>(?:19|20)\d\d|last\s+year|the\s+previous\s+year|this\s+year)\b)",
            rf"(?P<rm>\b(?:in\s+)?(?P<rm_w>last|this|early|late|mid)[\s-]+(?P<rm_m>{month})(?![\w]))",
        ],
        "weekday": [rf"(?P<wd>\b(?P<wd_w>{weekday})(?:\s+(?P<wd_p>morning|afternoon|evening|night))?\b)"],
        "relative": [r"(?P<rel>\b(?:this\s+week|last\s+week|overnight|yesterday|today|last\s+night|this\s+morning)\b)"],
        "year_word": [r"(?P<yr>\b(?:last\s+year|the\s+previous\s+year|a\s+year\s+ago|this\s+year)\b)"],
        "year": [r"(?P<y>(?<![\d,.])(?P<y_y>(?:19|20)\d\d)(?P<y_s>s)?(?![\d,]))"],
    }
    date_parts = {k: [re.compile(p, re.IGNORECASE) for p in ps] for k, ps in date_pieces.items()}
    # one alternation of all the pieces, for the few places that just need to find any date
    date_re = re.compile("|".join(p for ps in date_pieces.values() for p in ps), re.IGNORECASE)
    report_end_re = re.compile(
        rf"(?<![\w'’-])(?:{_alt(dates['report_verbs'])})\s+(?:\w+\s+)?(?:on|early\s+on|late\s+on|in)?\s*$",
        re.IGNORECASE)
    not_count_after_re = re.compile(rf"^\s*(?:{_alt(num['not_counts_after'])})(?![\w'’])|^-[a-z]|^\s*(?:st|nd|rd|th)\b",
                                    re.IGNORECASE)
    return _Lexicon(
        raw=raw, number_re=number_re, word_values=word_values, qualifier_end_re=qualifier_end_re,
        qualifier_of=qualifier_of, post_re=post_re, post_of=post_of, pre_end_re=pre_end_re, pre_of=pre_of,
        toll_end_re=toll_end_re, number_of_end_re=number_of_end_re, number_of_words=number_of_words,
        toll_of=toll_of, heads=heads, head_len=max(len(h) for h in heads), side_re=side_re, side_of=side_of,
        agent_re=agent_re, combined_strong_re=combined_strong_re, combined_weak_re=combined_weak_re,
        place_re=place_re, place_of=place_of, prefilter_words=prefilter_words,
        speech_gate_words=speech_gate_words, speech_re=speech_re, according_re=according_re,
        known_re=known_re, known_of=known_of, body_re=body_re, body_of=body_of, names_re=names_re,
        names_of=names_of, anaphora_re=anaphora_re, institutional=institutional,
        denial_re=re.compile(_words(raw["denial"]["words"]), re.IGNORECASE), background_re=background_re,
        background_exception_re=background_exception_re, later_re=later_re, earlier_re=earlier_re,
        date_re=date_re, report_end_re=report_end_re, month_of=month_of, weekday_of=weekday_of,
        not_count_after_re=not_count_after_re,
        not_count_before_re=re.compile(rf"(?<![\w'’-])(?:{_alt(num['not_counts_before'])})\s*$", re.IGNORECASE),
        nc_verbs=frozenset(raw["non_casualty"]["verbs"]), adjectives=raw["claimants"]["adjectives"],
        singular_persons=singular_persons,
        singular_person_re=re.compile(rf"\s+(?:[\w'’-]+\s+){{0,4}}?(?:{_alt(singular_persons)})(?![\w'’-])",
                                      re.IGNORECASE),
        date_words=frozenset(month_of) | frozenset(weekday_of) | {"week", "overnight", "yesterday", "today",
                                                                   "night", "year", "morning"},
        date_parts=date_parts,
        anaphor_re=re.compile(rf"(?<![\w'’-])(?:the\s+|its\s+|their\s+)?(?:{_alt(cl['anaphora']['heads'])})"
                              rf"(?![\w'’-])", re.IGNORECASE),
        # "one of seven martyrs": the first number is a subset of the second
        of_number_re=re.compile(rf"\s+of\s+(?:the\s+|these\s+|those\s+)?(?:[0-9]|(?:{nw})\b)", re.IGNORECASE),
        agent_after_re=re.compile(rf"\b(?:by|in|from|under|amid|during|after|of)\s+(?:an?\s+|the\s+)?"
                                  rf"({agent_re.pattern})", re.IGNORECASE),
        number_plural_re=number_plural_re,
        singular_words=_gate_words(singular_persons),
        head_first=frozenset(h[0] for h in heads),
        number_words=frozenset(word_values) | {w for p in num["phrases"] for w in p.split()} - {"a", "of"},
        not_qualifier_end_re=re.compile(rf"(?<![\w'’-])(?:{_alt(raw['qualifiers']['not_after'])})\s+$",
                                        re.IGNORECASE),
        # "Private Davit Hakobyan": a title, then one to three capitalised names
        title_re=re.compile(rf"(?<![\w'’-])(?i:{_alt(pop['titles'])})((?:\s+[A-Z][a-z'’-]+){{1,3}})(?![\w'’-])"),
        title_words=frozenset(p.split()[0] for p in pop["titles"]),
        # gapping: "... and Azerbaijan 2", ", Azerbaijani officials at seven", "; Armenia said three"
        gap_subject_re=re.compile(
            rf"^\s*(?:,\s*|;\s*)?(?:(?:and|while|whereas|but)\s+)?((?:the\s+)?(?:{_alt(names_of)})"
            rf"|(?:{_alt(adjectival)})\s+(?:officials|authorities|government|side|military|army|ministry))"
            rf"(?:\s+(?:said|says|reported|claimed|put\s+(?:its|their)\s+(?:own\s+)?(?:losses|toll|dead)))?"
            rf"(?:\s+at)?\s+$", re.IGNORECASE),
    )


# ------------------------------------------------------------------------------------------------
# 1. Sentences
# ------------------------------------------------------------------------------------------------

_AUX_TAIL = re.compile(r"(?:\s+(?:has|have|had|also|later|first|initially|earlier|then|further|officially))+\s*$",
                       re.IGNORECASE)
_COLON_SPEAKER = re.compile(r"[^:,;]{3,60}:\s")
_CURLY = re.compile("[’‘“”]")
_DIGIT = re.compile(r"[0-9]")
_YEAR4 = re.compile(r"(?<![0-9])(?:19|20)[0-9][0-9](?![0-9])")
_QUOTES = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'))
_SENT_BREAK = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "capt", "maj", "st", "no", "vs", "jr",
                  "sr", "prof", "rep", "sen", "gov", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
                  "sept", "oct", "nov", "dec", "p.m", "a.m", "approx", "est", "inc", "co", "corp"}
_INITIALS = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]$")


@dataclass
class _Sentence:
    start: int
    end: int
    para: int
    index: int


def _sentences(text: str) -> list[_Sentence]:
    """Sentences with their offsets; every line is its own paragraph (news copy puts one per line)."""
    out: list[_Sentence] = []
    para = -1
    pos = 0
    for line in text.splitlines(keepends=True):
        line_start, pos = pos, pos + len(line)
        if not line.strip():
            continue
        para += 1
        start = 0
        for m in _SENT_BREAK.finditer(line):
            end = j = m.start()
            while j > start and (line[j - 1].isalnum() or line[j - 1] in "._"):
                j -= 1
            w = line[j:end].rstrip(".").lower()
            if w in _ABBREVIATIONS or (w and len(w) <= 3 and _INITIALS.match(w)):
                continue
            _add(out, line, line_start, start, m.start() + 1, para)
            start = m.end()
        _add(out, line, line_start, start, len(line), para)
    return out


def _add(out, line, line_start, a, b, para):
    seg = line[a:b]
    s = len(seg) - len(seg.lstrip())
    e = len(seg.rstrip())
    if e > s:
        out.append(_Sentence(line_start + a + s, line_start + a + e, para, len(out)))


_CLAUSE_BREAK = re.compile(r";\s+|,\s+(?:while|whereas|but|although|though)\s+|\s+(?:while|whereas)\s+|"
                           r",\s+and\s+(?=(?:the\s+)?[A-Z])|\s+—\s+|\s+–\s+|"
                           # "Azerbaijan says 71 soldiers killed, Armenia says 105 dead"
                           r",\s+(?=[A-Z][\w']*(?:\s+[A-Z][\w']*){0,3}\s+(?:says|said|reports|reported|claims|claimed)"
                           r"\s+(?:that\s+)?(?:at\s+least\s+|about\s+|some\s+|more\s+than\s+)?(?:\d|[a-z]+\s))")


def _clauses(s: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in _CLAUSE_BREAK.finditer(s):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(s)))
    return out


# ------------------------------------------------------------------------------------------------
# 2-3. Candidate figures and their category
# ------------------------------------------------------------------------------------------------

@dataclass
class _Figure:
    start: int                 # the number as written, in sentence coordinates
    end: int
    value: int
    kind: str                  # num | single (a/an/another)
    qualifier: str = "exact"
    ev_start: int = 0
    ev_end: int = 0
    head_kind: str | None = None
    head_value: str | None = None
    np_end: int = 0
    np_text: str = ""
    gap_text: str = ""
    more: bool = False         # "another", "more", "others": same side as the figure before
    possessive: bool = False   # "its/their/our soldiers": the speaker's side
    enemy: bool = False        # "the enemy lost ...": the speaker's adversary
    third_person: bool = False  # "the Armenian side suffered ...": how an adversary speaks
    subject_side: str | None = None
    category: str | None = None
    source: str = ""           # head | pre | post | toll | breakdown
    population: str = "unknown"
    side: str | None = None
    clause: int = 0
    speaker: object = None     # the subject of a gapped clause ("... and Azerbaijan 2"), who speaks


# where a speaker phrase begins: after a comma, "that", or a dateline ("YEREVAN, Sept 13 (Reuters) -")
_SEGMENT_SPLIT = re.compile(r",\s*|:\s*|\bthat\s+|\s[-–—]+\s|\)\s*")
_OF_DET = re.compile(r"\s+of\s+(its|their|our|his|her|them|the|these|those)\b", re.IGNORECASE)
_NEXT_WORD = re.compile(r"\s+(\w+)")
_TOLL_GATE = re.compile(r"toll|number|count|figure|loss", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z0-9](?:[\w'’-]|\.(?=\w))*")
_NP_STOP = {"and", "or", "of", "were", "was", "are", "is", "have", "has", "had", "been", "be", "being", "in", "on",
            "at", "from", "to", "by", "with", "for", "who", "which", "that", "as", "the", "a", "an", "but", "while",
            "also", "including", "among", "during", "after", "before", "near", "into", "than", "said", "says",
            "reported", "later", "since", "this", "his", "her", "their", "its", "our", "it", "they", "he", "she",
            "died", "killed", "wounded", "injured", "hurt", "captured", "missing", "dead", "lost", "remain",
            "not", "no", "all", "both", "each", "per"}
_PREMODIFIERS = {"captured", "detained", "wounded", "injured", "killed", "dead", "missing", "fallen", "slain"}
_MORE = {"more", "other", "others", "additional", "further"}
_GAP_OK = re.compile(
    r"^(?:\s|,(?=\s)|\b(?:were|was|have|has|had|been|be|being|are|is|also|reportedly|allegedly|later|all|both|"
    r"may|might|could|would|then|subsequently|seriously|slightly|critically|lightly|badly|severely|gravely|"
    r"mortally|fatally|now|still|remain|remained|remains|in|on|at|of|from|near|during|the|a|an|his|her|their|its|our|this|that|army|"
    r"armed|forces|force|side|sides|countries|country|border|area|village|villages|region|district|province|"
    r"town|city|military|units?|guard|service|defen[cs]e|police|two|each|either|and|or|reported|confirmed|"
    r"officially|apparently|either|initially|first|earlier|just|only|so|far|together|total|in\s+total|inside|aboard|"
    r"there|here|"
    r"NP)\b|[A-Z][\w'’-]*|\d+)*$")


# patterns of the grammar below, compiled once
_ACCORDING_SEGMENT = re.compile(r"\s*([^,;.]{2,80}?)(?=\s*(?:,|;|\.|$|\s+(?:that|which|who|on\s+\w+day|say|says|said|"
                                r"reported|reports|claimed|claim|claims|told)\b))")
_LOSSES_OF = re.compile(r"\b([A-Z][\w-]*(?:'s)?)\s+(?:own\s+)?(?:losses|casualties|casualty\s+toll|death\s+toll|toll|dead)\b")
_SHARED_HEAD = re.compile(r"\s*(?:,|and|,\s*and)\s+(?:[0-9]|[a-z]+\s+[A-Z])", re.I)
_THIRD_PERSON = re.compile(r"\b(?:side|forces|troops|army|military|units)\b", re.I)
_ON_SIDE = re.compile(r"\s+(?:on|from)\s+the\s+([\w'’-]+(?:\s+[\w'’-]+)?)\s+side\b", re.I)
_DASH_PARENTHETICAL = re.compile(r"\s[-–—]+\s[^-–—]{1,100}?\s[-–—]+\s|\s[-–—]+\s*$")
_RELATIVE_GAP = re.compile(r"^\s*(?:who|that)\s+(?:were\s+|was\s+|had\s+been\s+|have\s+been\s+|has\s+been\s+)?$", re.I)
_FALSE_AFTER = re.compile(r"\b(?:was|were|is|are)\s+(?:false|untrue|fake|disinformation|groundless)\b", re.I)
_AGED_AND_END = re.compile(r"\baged\s+\d+\s*(?:and|to|-|or)\s*$")
_OF_THE_END = re.compile(r"(?:^|[,;:]\s*|\b(?:and|but)\s+)(?:of|among)\s+(?:the\s+|these\s+|those\s+)?$", re.I)
_ANOTHER_END = re.compile(r"(?<![\w'’-])(another|a\s+further|an\s+additional)\s+$", re.I)
_AGED = re.compile(r"\baged\s+(?:between\s+)?\d+(?:\s*(?:and|to|-)\s*\d+)?")
_ARTICLE_APPOSITION = re.compile(r"^\s*,\s*(?:a|an|the)\s+[\w'’ -]{1,40}?,")  # ", a contract serviceman,"
_APPOSITION = re.compile(r"^\s*,\s*(?:[A-Z][\w.'’-]*\s+){1,5}?[A-Z][\w.'’-]*\s*,")
_ENEMY = re.compile(r"\b(?:enemy|adversary|opponent|other\s+side)\b", re.I)
_LEADING_CONJ = re.compile(r"^(?:and|that|but|while|as)\s+", re.I)
_THE_COUNTRYS = re.compile(r"\bthe\s+country['’]?s\b|\bits\b", re.I)
_LEADING_THE = re.compile(r"^the\s+", re.I)
_LEADING_DET = re.compile(r"^(?:the|its|their|a)\s+", re.I)
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
_SINCE_END = re.compile(r"\b(?:since|until|before)\s+(?:the\s+)?$", re.I)
_OF_THEM = re.compile(r"\s+of\s+them\b")
_DIGIT_START = re.compile(r"\d")
# between a total and its parts: "... and seven on the Azerbaijani side", "died in total on Friday, nine on ..."
_SIDE_LIST_GLUE = re.compile(r"(?:\s*(?:in\s+total|in\s+all|altogether)\b[^,;:.]{0,40}?)?"
                             r"(?:\s*,\s*(?:and\s+)?|(?:\s*,)?\s*and\s+)")
_IN_TOTAL_AFTER = re.compile(r"\s+(?:in\s+total|in\s+all|altogether)\b")
_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d")
_GAP_PUNCT = re.compile(r"[;:()\[\]\"“”]")
_GAP_PARENTHETICAL = re.compile(r",\s*(?:including|among them|mostly|most of them|many of them|among whom)\b[^,]*,")
_CIVILIAN_I = re.compile(r"\bcivilian", re.IGNORECASE)
_MILITARY_WORDS_I = re.compile(r"\b(?:soldiers|servicemen|troops|military)\b", re.IGNORECASE)
_PRONOUN_END = re.compile(r"\b(it|they|we)\s*$", re.IGNORECASE)
_SIDE_OFFICIAL = re.compile(r"\bside|official|authorit", re.IGNORECASE)
_COLON_HEAD = re.compile(r"\s*([^:,;]{3,60}):\s")
_CITING = re.compile(r"cit|quot", re.IGNORECASE)
_CITING_START = re.compile(r"\s*(?:citing|quoting)\b", re.IGNORECASE)
_AS_END = re.compile(r"\bas\s*$", re.IGNORECASE)
_RELATIVE_START = re.compile(r"\s*(?:which|who)\b", re.IGNORECASE)
_COMMA_END = re.compile(r",\s*$")
_ITS_THEIR = re.compile(r"\b(?:its|their)\b", re.IGNORECASE)
_ITS_THEIR_OUR = re.compile(r"\b(?:its|their|our)\b", re.IGNORECASE)
_NEGATION_END = re.compile(r"\b(?:no|not|nobody|none)\b\s*$")
_WAR = re.compile(r"\bwar\b", re.IGNORECASE)
_LETTERS3 = re.compile(r"[A-Za-z]{3,}")
_SPEECH_AFTER = re.compile(r"[^,.;]{0,25}?\b(?:said|says|reported|claimed|alleged|stated|announced|confirmed|"
                    r"told|added)\b")
_KARABAKH_WORDS = re.compile(r"karabakh|artsakh|stepanakert", re.IGNORECASE)
_ARMENIA_WORDS = re.compile(r"\bArmenia\b|\bYerevan\b")
_CIVILIAN = re.compile(r"\bcivilian")
_MILITARY_WORDS = re.compile(r"\b(military|army|police|border)\b")


def _parse_number(m: re.Match, lex: _Lexicon) -> int | None:
    if m.group("digits"):
        return int(m.group("digits").replace(",", ""))
    if m.group("phrase"):
        return lex.raw["numbers"]["phrases"].get(_key(m.group("phrase")))
    if "single" in m.re.groupindex and m.group("single"):
        return 1
    total = current = 0
    for w in re.split(r"[\s-]+", m.group("words").lower()):
        if w == "and":
            continue
        v = lex.word_values[w]
        if v == 100:
            current = max(current, 1) * 100
        elif v == 1000:
            total += max(current, 1) * 1000
            current = 0
        else:
            current += v
    return total + current


def _parse_np(s: str, pos: int, lex: _Lexicon) -> tuple[str | None, str | None, int, str, bool, bool, bool]:
    """The noun phrase after a number: (head kind, head value, end, modifiers, more, possessive, subset).

    Accepts "of its/their/our/them/the" before it and up to four modifiers ("Karabakh Armenian
    police officers", "65-year-old farmer"). subset is True for "one of the dead", "of the 49 ...".
    """
    more = possessive = False
    m = _OF_DET.match(s, pos)
    if m:
        det = m.group(1).lower()
        if det == "them":
            return "person", "unknown", m.end(), "", False, True, False
        if det in ("the", "these", "those"):
            nxt = _NEXT_WORD.match(s, m.end())
            if not nxt or _DIGIT_START.match(nxt.group(1)) or (nxt.group(1).lower(),) in lex.heads and \
                    lex.heads[(nxt.group(1).lower(),)][0] == "casualty" or nxt.group(1).lower() in lex.word_values:
                return None, None, pos, "", False, False, True
        else:
            possessive = True
        pos = m.end()
    words = []
    for w in _WORD.finditer(s, pos, pos + 90):
        words.append((w.group(0), w.start(), w.end()))
        if len(words) == 8:
            break
    # words must be contiguous (only spaces between): stop at punctuation
    mods: list[str] = []
    i = 0
    prev_end = pos
    while i < len(words) and i <= 5:
        w, ws, we = words[i]
        described = None
        if s[prev_end:ws].strip():
            break
        lw = w.lower()
        if lw in _PREMODIFIERS and not mods and any(
                (x[0].lower(),) in lex.heads and lex.heads[(x[0].lower(),)][0] in ("person", "nationality")
                for x in words[i + 1:i + 4]):
            # "seven captured Armenian soldiers": a participle before the noun describes it
            mods.append(w)
            i += 1
            prev_end = we
            continue
        for n in range(min(lex.head_len, len(words) - i), 0, -1) if lw.rstrip(".") in lex.head_first else ():
            span = words[i:i + n]
            if any(s[a[2]:b[1]].strip() for a, b in zip(span, span[1:])):
                continue
            key = tuple(x[0].lower().rstrip(".") for x in span)
            if key in lex.heads:
                kind, value = lex.heads[key]
                if kind == "person" and i + n < len(words) and not s[span[-1][2]:words[i + n][1]].strip() \
                        and lex.heads.get((words[i + n][0].lower(),), ("",))[0] == "casualty" \
                        and words[i + n][0].lower() not in lex.post_of:
                    described = span  # "50 civilian deaths": the person noun describes the casualty noun
                    break
                if key[0] in _MORE and n == 1 and i + 1 < len(words) and not s[we:words[i + 1][1]].strip() \
                        and words[i + 1][0].lower() not in _NP_STOP:
                    break  # "more soldiers", "more districts": "more" is a modifier here
                end = span[-1][2]
                if key[0] in _MORE:
                    more = True
                return kind, value, end, " ".join(mods), more or any(x.lower() in _MORE for x in mods), possessive, False
        if described:
            mods.extend(x[0] for x in described)
            i += len(described)
            prev_end = described[-1][2]
            continue
        if lw in _NP_STOP or lw in lex.date_words or len(mods) >= 4 or lex.post_re.match(s, ws):
            break  # "4 received injuries": the casualty words start here, there is no noun
        mods.append(w)
        i += 1
        prev_end = we
    if mods and mods[0].lower() in _MORE:
        return "person", "unknown", words[0][2], "", True, possessive, False
    if mods and all(_key(x) in lex.side_of for x in mods) and _SHARED_HEAD.match(s, words[len(mods) - 1][2]):
        # "four Armenian and three Azerbaijani soldiers": the noun is shared with the next figure
        return "person", "unknown", words[len(mods) - 1][2], " ".join(mods), False, possessive, False
    if mods:  # an unknown noun ("tanks", "settlements"): not people
        return "other", None, pos, " ".join(mods), False, possessive, False
    return None, None, pos, "", False, possessive, False


def _figures(s: str, date_spans: list[tuple[int, int]], lex: _Lexicon, words: set) -> list[_Figure]:
    figs: list[_Figure] = []
    singles = "another" in words or not lex.singular_words.isdisjoint(words)
    for m in (lex.number_re if singles else lex.number_plural_re).finditer(s):
        a, b = m.span()
        if any(x <= a < y for x, y in date_spans):
            continue
        value = _parse_number(m, lex)
        if value is None:
            continue
        rest = s[b:]
        if lex.not_count_after_re.match(rest):
            continue  # "27-year-old", "10 km", "3 a.m.", "six-week"
        single = m.group("single") if "single" in m.re.groupindex else None
        if single and single.lower() != "another" and not lex.singular_person_re.match(s, b):
            continue  # "a"/"an" only counts before a singular person noun; most are not
        if m.group("digits") and _YEAR_DIGITS.fullmatch(m.group("digits")):
            nxt = re.match(r"\s+(\w+)", rest)
            if not nxt or (nxt.group(1).lower(),) not in lex.heads:
                continue  # a year
        if lex.of_number_re.match(rest):
            continue  # "one of seven martyrs": the subset, not the total
        before = s[:a]
        if lex.not_count_before_re.search(before[-25:]) or _AGED_AND_END.search(before[-25:]):
            continue  # "aged 19", "post No. 3"
        if _OF_THE_END.search(before[-40:]):
            continue  # "Of the 49 dead, 16 were officers": a reference to a figure given before
        head_kind, head_value, np_end, mods, more, possessive, subset = _parse_np(s, b, lex)
        if subset or head_kind in ("other", "rank"):
            continue
        kind = "num"
        if single:
            w = single.lower()
            if w == "another":
                more = True
                nxt = lex.number_re.match(s, b + 1) if b < len(s) else None
                if nxt and nxt.group("digits") or nxt and nxt.group("words") or nxt and nxt.group("phrase"):
                    continue  # "another 43": the number carries the count
            elif head_kind != "person" or (head_value is None) or \
                    _key(s[b:np_end].split()[-1]) not in lex.singular_persons:
                continue  # "a" only counts before a singular person noun: "an Azerbaijani soldier"
            kind = "single"
        f = _Figure(a, b, value, kind, head_kind=head_kind, head_value=head_value, np_end=max(np_end, b),
                    np_text=mods, more=more, possessive=possessive)
        # qualifier, and "another" before a number
        qm = lex.qualifier_end_re.search(before[-40:])
        qstart = a
        if qm and lex.not_qualifier_end_re.search(before[-40:][:qm.start()]):
            qm = None  # "information about 12 ...": a preposition
        if qm:
            f.qualifier = lex.qualifier_of[_key(qm.group(1))]
            qstart = a - (len(before[-40:]) - qm.start())
        am = _ANOTHER_END.search(s, max(0, qstart - 30), qstart)
        if am:
            f.more = True
            qstart -= len(s[:qstart]) - am.start()
        f.ev_start, f.ev_end = qstart, f.np_end
        _categorise(f, s, qstart, lex)
        figs.append(f)
    if not lex.title_words.isdisjoint(words):
        figs = sorted(figs + _named(s, figs, lex), key=lambda f: f.start)
    return figs


def _named(s: str, figs: list[_Figure], lex: _Lexicon) -> list[_Figure]:
    """One named person with casualty words after the name: "Private Davit Hakobyan, a contract
    serviceman, was fatally wounded" is one killed. A name inside another figure's evidence ("An
    Azerbaijani serviceman, Private Elvin Aliyev, was killed") or right after a number ("two
    soldiers, Private A and Private B") is not counted again."""
    out = []
    for m in lex.title_re.finditer(s):
        a, b = m.span()
        if any(f.ev_start <= a < f.ev_end or 0 <= a - f.end <= 60 for f in figs):
            continue
        f = _Figure(a, b, 1, "named", head_kind="person", head_value="military", np_end=b, ev_start=a, ev_end=b)
        _categorise(f, s, a, lex)
        if f.source in ("pre", "post"):
            out.append(f)
    return out


def _categorise(f: _Figure, s: str, qstart: int, lex: _Lexicon) -> None:
    before = s[max(0, qstart - 120):qstart]
    near = before[-50:]
    if f.head_kind == "casualty":
        f.category, f.source = f.head_value, "head"
        _subject_side(f, before, lex)
        # "300 casualties" may still be "300 killed or wounded"; the head decides.
    pre = lex.pre_end_re.search(near) if f.category is None else None
    if pre:
        f.category, f.source = lex.pre_of[_key(pre.group(1))], "pre"
        f.ev_start = qstart - (len(near) - pre.start())
        _subject_side(f, before, lex)
    if f.category is None and f.head_kind in (None, "person", "casualty") and _TOLL_GATE.search(before):
        tm = lex.toll_end_re.search(before)
        if tm:
            f.category, f.source = lex.toll_of[_key(tm.group(1))], "toll"
            f.ev_start = qstart - (len(before) - tm.start())
            phrase = before[max(0, tm.start() - 12):]
            if _ITS_THEIR_OUR.search(phrase[:tm.end() - tm.start() + 12]):
                f.possessive = True  # "Azerbaijan put its losses at 71"
            else:
                _np_side_from(f, before[tm.start():], lex)  # "the toll among Armenian troops rose to"
        else:
            nm = lex.number_of_end_re.search(before)
            if nm:
                f.category, f.source = lex.number_of_words[_key(nm.group(1))], "toll"
                f.ev_start = qstart - (len(before) - nm.start())
                _np_side_from(f, before[nm.start():], lex)
    # the casualty words after the noun phrase
    if f.head_kind in (None, "person", "nationality", "casualty"):
        window = s[f.np_end:f.np_end + 110]
        pm = lex.post_re.search(window)
        if pm:
            gap = window[:pm.start()]
            if _gap_ok(gap, lex):
                cat = lex.post_of[_key(pm.group(0))]
                if f.category is None or (f.source == "head" and (
                        cat in ("killed_or_missing", "casualties")
                        or (f.category in ("captured", "wounded") and cat == "killed"))):
                    f.category, f.source = cat, "post"
                    f.ev_end = f.np_end + pm.end()
                    f.gap_text = gap
                    # "lost" after "contact was": handled by pre; "went missing" etc. fine
    if f.category is not None and f.head_kind is None and f.subject_side is None and not f.possessive:
        _subject_side(f, before, lex)  # "the Armenian side suffered losses, including 3 killed"


def _gap_ok(gap: str, lex: _Lexicon) -> bool:
    """May the words between a figure's noun and a casualty word belong to one clause?"""
    if len(gap) > 80:
        return False
    if _RELATIVE_GAP.match(gap):
        return True  # "135 servicemen who died", "the soldiers that were wounded"
    if _GAP_PUNCT.search(gap):
        return False
    # one parenthetical ", including seven civilians," is fine; anything else with commas is not
    g = _AGED.sub(" ", gap)
    # an apposition naming the person: "An Azerbaijani serviceman, Private Elvin Aliyev, was killed"
    g = _APPOSITION.sub(" ", g)
    g = _ARTICLE_APPOSITION.sub(" ", g)
    g = _GAP_PARENTHETICAL.sub(" ", g)
    g = _DASH_PARENTHETICAL.sub(" ", g)
    g = re.sub(r"\s+and\s+(?:(?:at\s+least|about|some|nearly|almost|more\s+than|over)\s+)?"
               r"(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|an?)\s+(?:[\w'’-]+\s+){0,3}"
               r"[\w'’-]+(?=\s|$)", " NP ", g)
    if "," in g:
        return False
    words = {w.lower() for w in re.findall(r"[\w'’-]+", g)}
    if words & lex.nc_verbs:
        return False
    return bool(_GAP_OK.match(g))


def _mask_agents(text: str, lex: _Lexicon) -> str:
    """Blank out attackers ("killed in Azerbaijani shelling", "by Armenian fire") so that a side
    found in the rest of the text is the victims'. "of the Azerbaijani army" is the victims' own
    army, so after "of" only fire words count as an attacker."""
    for am in lex.agent_after_re.finditer(text):
        if am.group(0).lower().startswith("of") and not re.search(
                r"(?:shelling|fire|attacks?|strikes?|drones?|artillery|gunfire|shells)$", am.group(0), re.I):
            continue
        text = text[:am.start()] + " " * (am.end() - am.start()) + text[am.end():]
    return text


def _np_side_from(f: _Figure, text: str, lex: _Lexicon) -> None:
    text = _mask_agents(text, lex)
    m = lex.side_re.search(text)
    if m:
        f.subject_side = lex.side_of[_key(m.group(0))]
    if _CIVILIAN_I.search(text):
        f.np_text += " civilian"
    elif _MILITARY_WORDS_I.search(text):
        f.np_text += " military"


def _subject_side(f: _Figure, before: str, lex: _Lexicon) -> None:
    """'Azerbaijan had lost 150 soldiers', 'the Armenian side suffered 15 casualties'."""
    m = re.search(r"((?:[\w'’-]+\s+){1,4}?)(?:has\s+|have\s+|had\s+|also\s+|reportedly\s+)*"
                  r"(?:lost|loses|losing|suffered|suffers|sustained|sustains|incurred|reported)\s+"
                  r"(?:(?:another|a\s+total\s+of|the\s+loss\s+of|the\s+deaths\s+of|the\s+lives\s+of)\s+)?"
                  r"(?:[\w\s,]{0,30})?$", before, re.IGNORECASE)
    if not m:
        return
    subj = m.group(1)
    if _ENEMY.search(subj):
        f.enemy = True  # "the enemy lost up to 50 servicemen": the speaker's adversary
        return
    if _PRONOUN_END.search(subj):
        f.possessive = True
        return
    sm = list(lex.side_re.finditer(subj))
    if sm:
        f.subject_side = lex.side_of[_key(sm[-1].group(0))]
        f.third_person = bool(_THIRD_PERSON.search(subj))


# ------------------------------------------------------------------------------------------------
# 4-5. Claimant and side
# ------------------------------------------------------------------------------------------------

@dataclass
class _Speaker:
    name: str
    side: str | None          # None: not resolved yet (an institution with no antecedent)
    start: int                # in sentence coordinates
    end: int
    head: str = ""
    institutional: bool = False


def _classify_speaker(text: str, lex: _Lexicon, memory: list[_Speaker], s_sides: list[str]) -> _Speaker | None:
    """Who a speaker phrase is: a known person/outlet, a body with a nationality, a country, or an
    anaphor ("the ministry", "it") resolved to the last speaker."""
    t = text.strip(" ,.'\"“”-–—()")
    t = _LEADING_CONJ.sub("", t).strip()
    if not t or len(t) > 90:
        return None
    if lex.combined_strong_re.search(t):  # "officials in both countries said": no one side
        return _Speaker(_tidy(t), "unknown", 0, 0, head="both")
    km = list(lex.known_re.finditer(t))
    if km:
        name, side = lex.known_of[_key(km[0].group(0))]
        return _Speaker(name, side, 0, 0, head=name)
    bm = lex.body_re.search(t)
    sm = lex.side_re.search(t)
    country_s = _THE_COUNTRYS.search(t)
    if bm:
        body = next(name for rx, name in lex.body_of if rx.fullmatch(bm.group(0)))
        if body == "media":
            adj = lex.adjectives.get(lex.side_of[_key(sm.group(0))], "") if sm else ""
            return _Speaker(f"{adj} media".strip(), "third_party", 0, 0, head=body)
        if sm:
            side = lex.side_of[_key(sm.group(0))]
            if body == "regional official":
                return _Speaker(_tidy(t), side, 0, 0, head=body)
            return _Speaker(f"{lex.adjectives[side]} {body}", side, 0, 0, head=body)
        pm = lex.place_re.search(t)
        if pm:
            side = lex.place_of[_key(pm.group(0))]
            return _Speaker(_tidy(t), side, 0, 0, head=body)
        if country_s and s_sides:
            side = s_sides[0]
            return _Speaker(f"{lex.adjectives[side]} {body}", side, 0, 0, head=body)
        ante = _antecedent(body, memory)
        if ante:
            return _Speaker(ante.name, ante.side, 0, 0, head=ante.head)
        return _Speaker(_tidy(t), None, 0, 0, head=body, institutional=True)
    nm = lex.names_re.fullmatch(t) or lex.names_re.fullmatch(_LEADING_THE.sub("", t))
    if nm:
        side = lex.names_of[_key(nm.group(0))]
        return _Speaker(f"{lex.adjectives[side]} government" if side != "karabakh"
                        else "Karabakh Armenian authorities", side, 0, 0, head="government")
    am = lex.anaphora_re.match(t)
    if am:
        head = _key(_LEADING_DET.sub("", t))
        ante = _antecedent(head, memory)
        if ante:
            return _Speaker(ante.name, ante.side, 0, 0, head=ante.head)
        if head in lex.institutional:
            return _Speaker(_tidy(t), None, 0, 0, head=head, institutional=True)
        return None
    if sm and len(t.split()) <= 8 and sm.start() <= 25 and sm.group(0)[0].isupper():
        # "Armenian officials in Syunik", "the Armenian side": a nationality and a few words
        side = lex.side_of[_key(sm.group(0))]
        if lex.names_re.search(t) and not _SIDE_OFFICIAL.search(t):
            return None
        return _Speaker(f"{lex.adjectives[side]} {'officials' if 'official' in t.lower() else 'government'}",
                        side, 0, 0, head="government")
    return None


def _antecedent(head: str, memory: list[_Speaker]) -> _Speaker | None:
    if not memory:
        return None
    head = head.lower()
    for sp in reversed(memory):
        if sp.side is None:
            continue
        if head in ("it", "he", "she", "they", "statement", "the statement"):
            return sp
        words = set(head.replace("'s", "").split())
        if words & set(sp.name.lower().split()) or words & set(sp.head.lower().split()):
            return sp
    return None


def _tidy(t: str) -> str:
    t = _LEADING_ARTICLE.sub("", t.strip())
    t = " ".join(t.replace(",", " ").split())
    return t[:1].upper() + t[1:]


def _speakers(s: str, clause: tuple[int, int], lex: _Lexicon, memory: list[_Speaker],
              s_sides: list[str]) -> list[_Speaker]:
    """Speakers in one clause: 'according to X', 'X said', '..., said X'."""
    a, b = clause
    c = s[a:b]
    out: list[tuple[int, _Speaker]] = []
    colon = _COLON_HEAD.match(c)
    if colon and (lex.body_re.search(colon.group(1)) or lex.known_re.search(colon.group(1))
                  or lex.names_re.fullmatch(colon.group(1).strip())):
        # "Azerbaijani Defence Ministry: three servicemen wounded" (not "Armenia's losses: ...")
        sp = _classify_speaker(colon.group(1), lex, memory, s_sides)
        if sp:
            sp.start, sp.end = a, a + colon.end()
            out.append((0, sp))
    for m in lex.according_re.finditer(c):
        tail = c[m.end():]
        seg = _ACCORDING_SEGMENT.match(tail)
        if seg:
            sp = _classify_speaker(seg.group(1), lex, memory, s_sides)
            if sp:
                sp.start, sp.end = a + m.start(), a + m.end() + seg.end()
                # the reporter outranks whom it cites: "Reuters reported, citing local officials"
                out.append((2 if _CITING.match(m.group(0)) else 0, sp))
    for m in lex.speech_re.finditer(c):
        # only the end of the clause before the verb can hold its subject
        head = c[max(0, m.start() - 240):m.start()]
        head = (head[:-60] + _AUX_TAIL.sub("", head[-60:])).rstrip(" ,")
        if _AS_END.search(head[-12:]):
            continue  # "as reported by the ministry": the speaker follows, see according_re
        segs = _SEGMENT_SPLIT.split(head)
        sp = None
        if len(segs) >= 2 and _CITING_START.match(segs[-1]):
            segs = segs[:-1]  # "Armenian media, citing the Defence Ministry, reported": the media speak
        last = segs[-1]
        # the speaker is the phrase right before the verb, or the one before a short apposition
        # ("The governor, Karen Sarkisyan, said"; "Azerbaijan, on the other hand, alleged")
        if len(last.split()) <= 12:
            sp = _classify_speaker(last, lex, memory, s_sides)
            # "..., in which Armenia said": the speaker is the longest tail of the phrase that is one
            tail_words = last.split()
            for k in range(1, len(tail_words)):
                if sp is not None:
                    break
                if tail_words[k][:1].isupper() or tail_words[k].lower() in ("the", "its", "their"):
                    sp = _classify_speaker(" ".join(tail_words[k:]), lex, memory, s_sides)
        if sp is None and len(segs) >= 2 and len(segs[-2].split()) <= 8 and (
                len(last.split()) <= 6 or _RELATIVE_START.match(last)):
            sp = _classify_speaker(segs[-2], lex, memory, s_sides)
        if sp is None:
            # inverted: "..., said the ministry." / "said Armenia's Defence Ministry"
            tail = re.match(r"\s+([^,;.]{2,80}?)(?=\s*(?:,|;|\.|$|\s+(?:that|on|in)\b))", c[m.end():])
            if tail and _COMMA_END.search(head):
                sp = _classify_speaker(tail.group(1), lex, memory, s_sides)
        if sp:
            sp.start, sp.end = a + max(0, m.start() - 60), a + m.end()
            out.append((1, sp))
    return [sp for _, sp in sorted(out, key=lambda x: x[0])]


def _np_side(f: _Figure, s: str, lex: _Lexicon) -> str | None:
    """A side named inside the figure's own noun phrase (or its 'of the X army' / gap)."""
    text = s[f.start:f.np_end]
    if f.source == "post" and f.gap_text:
        # not the figures of a parenthesis: "Five people - three Karabakh Armenian police officers
        # and two Azerbaijani soldiers - were killed"
        text += " " + _DASH_PARENTHETICAL.sub(" ", _GAP_PARENTHETICAL.sub(" ", f.gap_text))
    else:
        pp = re.match(r"\s+(?:of|from)\s+(?:the\s+|its\s+|their\s+)?([^,;.]{0,45}?)"
                      r"(?:army|armed\s+forces|forces|military|defen[cs]e\s+army|sides|countries)\b",
                      s[f.np_end:], re.IGNORECASE)
        if pp:
            text += " " + pp.group(0)
            if _ITS_THEIR.search(pp.group(0)):
                f.possessive = True
    if lex.combined_strong_re.search(text):
        return "combined"
    # "left 15 servicemen dead on the Armenian side"
    on_side = _ON_SIDE.match(s, f.ev_end)
    if on_side:
        sm = lex.side_re.search(on_side.group(1))
        if sm:
            return lex.side_of[_key(sm.group(0))]
    text = _mask_agents(text, lex)
    if _ITS_THEIR_OUR.search(text):
        f.possessive = True
    m = lex.side_re.search(text)
    if m:
        return lex.side_of[_key(m.group(0))]
    if f.head_kind == "nationality":
        return f.head_value
    return None


# ------------------------------------------------------------------------------------------------
# 6. Dates and background
# ------------------------------------------------------------------------------------------------

class _AllGroups(dict):
    """A match's named groups; groups of the other date patterns read as None."""

    def __missing__(self, key):
        return None


@dataclass
class _Date:
    start: int
    end: int
    first: dt.date
    last: dt.date
    precision: str
    report: bool = False     # the day a statement was made, not the incident
    years_back: bool = False  # "last year", "the previous year", a year before published


def _month_end(y: int, m: int) -> dt.date:
    return (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1))


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _dates(s: str, published: dt.date | None, lex: _Lexicon, words: set | None = None) -> list[_Date]:
    """Every date expression in a sentence, resolved against the published date."""
    out: list[_Date] = []
    if words is None:
        words = set(_TOKEN.findall(s.lower()))
    has_year = _YEAR4.search(s) is not None
    if lex.date_words.isdisjoint(words) and not has_year:
        return out
    # run only the date patterns whose words occur in the sentence, then keep the leftmost,
    # longest non-overlapping matches (what one alternation of them all would find)
    parts = []
    if not words.isdisjoint(lex.month_of):
        parts += lex.date_parts["month"]
    if not words.isdisjoint(lex.weekday_of):
        parts += lex.date_parts["weekday"]
    if not words.isdisjoint(("week", "overnight", "yesterday", "today", "night", "morning")):
        parts += lex.date_parts["relative"]
    if "year" in words:
        parts += lex.date_parts["year_word"]
    if has_year:
        parts += lex.date_parts["year"]
    found = sorted((m for rx in parts for m in rx.finditer(s)), key=lambda m: (m.start(), -m.end()))
    matches, last_end = [], -1
    for m in found:
        if m.start() >= last_end:
            matches.append(m)
            last_end = m.end()
    for m in matches:
        g = _AllGroups(m.groupdict())
        res = None
        pub = published
        if g["md"] or g["dm"]:
            p = "md" if g["md"] else "dm"
            mon = lex.month_of[g[f"{p}_m"].lower().rstrip(".")]
            d1 = int(g[f"{p}_d"])
            d2 = int(g[f"{p}_d2"]) if g[f"{p}_d2"] else None
            if g[f"{p}_y"]:
                y = int(g[f"{p}_y"])
            elif pub:
                y = pub.year
                if (mon, d1) > (pub.month, pub.day):
                    y -= 1
            else:
                y = None
            if y:
                a = _safe_date(y, mon, d1)
                b = _safe_date(y, mon, d2) if d2 else a
                if a and b and b >= a:
                    res = (a, b, "range" if b != a else "day")
        elif g["my"]:
            mon = lex.month_of[g["my_m"].lower().rstrip(".")]
            ys = g["my_y"].lower()
            y = int(ys) if ys[:1].isdigit() else (pub.year - 1 if pub and ("last" in ys or "previous" in ys)
                                                   else pub.year if pub else None)
            if y:
                res = (dt.date(y, mon, 1), _month_end(y, mon), "month")
        elif g["rm"]:
            mon = lex.month_of[g["rm_m"].lower().rstrip(".")]
            if pub:
                w = g["rm_w"].lower()
                y = pub.year if mon < pub.month or (mon == pub.month and w != "last") else pub.year - 1
                res = (dt.date(y, mon, 1), _month_end(y, mon), "month")
        elif g["wd"]:
            if pub:
                back = (pub.weekday() - lex.weekday_of[g["wd_w"].lower()]) % 7
                day = pub - dt.timedelta(days=back)
                if re.search(r"\blast\s+$", s[:m.start()], re.I) and back == 0:
                    day -= dt.timedelta(days=7)
                res = (day, day, "day")
        elif g["rel"]:
            w = _key(g["rel"])
            if pub:
                if w == "this week":
                    mon = pub - dt.timedelta(days=pub.weekday())
                    res = (mon, pub, "range" if mon != pub else "day")
                elif w == "last week":
                    mon = pub - dt.timedelta(days=pub.weekday() + 7)
                    res = (mon, mon + dt.timedelta(days=6), "range")
                elif w in ("overnight", "last night"):
                    res = (pub - dt.timedelta(days=1), pub, "range")
                elif w == "yesterday":
                    d = pub - dt.timedelta(days=1)
                    res = (d, d, "day")
                else:
                    res = (pub, pub, "day")
        elif g["yr"]:
            if pub:
                y = pub.year if "this" in g["yr"].lower() else pub.year - 1
                res = (dt.date(y, 1, 1), dt.date(y, 12, 31), "year")
        elif g["y"]:
            y = int(g["y_y"])
            if g["y_s"]:
                res = (dt.date(y, 1, 1), dt.date(y + 9, 12, 31), "range")
            elif 1900 <= y <= 2100:
                res = (dt.date(y, 1, 1), dt.date(y, 12, 31), "year")
        if res is None or _SINCE_END.search(s, max(0, m.start() - 12), m.start()):
            continue  # "the deadliest since the 2020 war": a comparison, not when it happened
        report = bool(lex.report_end_re.search(s[max(0, m.start() - 40):m.start()]))
        years_back = bool(pub and res[1] < pub and (pub - res[1]).days > 90)
        out.append(_Date(m.start(), m.end(), res[0], res[1], res[2], report, years_back))
    return out


def _incident_date(dates: list[_Date]) -> tuple[dt.date | None, dt.date | None, str | None]:
    """One span from a sentence's incident dates: a single date, or the range they cover."""
    ds = [d for d in dates if not d.report]
    if not ds:
        return None, None, None
    days = [d for d in ds if d.precision in ("day", "range")]
    if len(days) >= 2 and (max(d.last for d in days) - min(d.first for d in days)).days <= 7:
        a, b = min(d.first for d in days), max(d.last for d in days)
        return a, b, "range" if a != b else "day"
    d = days[0] if days else ds[0]
    return d.first, d.last, d.precision


_BG_GATE = frozenset({"war", "wars", "year", "last", "previous", "soviet", "earlier", "past", "ago", "before"})


def _is_background(clause_text: str, lex: _Lexicon) -> bool:
    # every background marker in the lexicon has one of these words, or a year
    if _BG_GATE.isdisjoint(_TOKEN.findall(clause_text.lower())) and not _YEAR4.search(clause_text) \
            and "1990s" not in clause_text:
        return False
    masked = lex.background_exception_re.sub(lambda m: " " * len(m.group(0)), clause_text)
    return bool(lex.background_re.search(masked))


# ------------------------------------------------------------------------------------------------
# The extractor
# ------------------------------------------------------------------------------------------------

@dataclass
class _Claim:
    fig: _Figure
    sent: _Sentence
    side: str
    claimant: str
    claimant_side: str
    incident_start: dt.date | None
    incident_end: dt.date | None
    date_precision: str | None
    is_background: bool
    superseded: bool = False
    dated_by_context: bool = False
    attributed_by_context: bool = False

    @property
    def start(self) -> int:
        return self.sent.start + self.fig.ev_start

    @property
    def end(self) -> int:
        return self.sent.start + self.fig.ev_end


def extract(text: str, published: dt.date | None = None, article_id: str = "") -> list[dict]:
    """The casualty claims in one article's text, in text order.

    Each claim is a dict with exactly the keys of ``schema.EXTRACTED_FIELDS``; ``evidence_text`` is
    ``text[evidence_start:evidence_end]`` and contains the figure as written.

    >>> import datetime as dt
    >>> c = extract("Armenia said at least 49 of its soldiers were killed.", dt.date(2022, 9, 13))[0]
    >>> c["side"], c["category"], c["count"], c["qualifier"], c["claimant"], c["evidence_text"]
    ('armenia', 'killed', 49, 'at_least', 'Armenian government', 'at least 49 of its soldiers were killed')
    """
    if not text:
        return []
    lex = _lexicon()
    # curly quotes to straight ones, one character for one, so that offsets stay valid
    norm = text
    for curly, straight in _QUOTES:
        if curly in norm:
            norm = norm.replace(curly, straight)
    low = norm.lower()  # same length: str.lower() maps these scripts one to one
    if len(low) != len(norm):
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in norm)
    sents = _sentences(norm)
    memory: list[_Speaker] = []
    claims: list[_Claim] = []
    last_speaker: tuple[_Speaker, _Sentence] | None = None
    date_cache: dict[int, list[_Date]] = {}
    pending: list[_Sentence] = []   # sentences with a speaker but no figure, read only when needed
    for sent in sents:
        s = norm[sent.start:sent.end]
        words = set(_TOKEN.findall(low, sent.start, sent.end))
        has_casualty = not lex.prefilter_words.isdisjoint(words)
        has_speech = not lex.speech_gate_words.isdisjoint(words) or _COLON_SPEAKER.match(s) is not None
        if not has_casualty:
            if has_speech:
                pending.append(sent)
            continue
        if _is_meta_line(s, lex):
            continue
        if not (_DIGIT.search(s) or not lex.number_words.isdisjoint(words) or "another" in words
                or (not lex.singular_words.isdisjoint(words) and ("a" in words or "an" in words))
                or (not lex.title_words.isdisjoint(words) and lex.title_re.search(s))):
            if has_speech:  # casualty words but no figure: only its speaker may matter later
                pending.append(sent)
            continue
        dates = _dates(s, published, lex, words)
        date_cache[sent.index] = dates
        figs = _figures(s, [(d.start, d.end) for d in dates], lex, words)
        if not any(f.category is not None for f in figs):
            if has_speech:
                pending.append(sent)
            continue
        # Speakers of the few sentences before this one ("According to the ministry, ... As a
        # result, two servicemen were wounded.") are read only when this sentence may need them:
        # it names no speaker of its own, or refers back to one ("the ministry said", "it said").
        if pending and (not has_speech or lex.anaphor_re.search(s)):
            last_speaker = _flush(pending, sent, norm, lex, memory, last_speaker)
        s_sides = []
        for f in figs:
            side = _np_side(f, s, lex)
            f.side = side
            if side in PARTIES:
                s_sides.append(side)
        if not s_sides:
            m = lex.side_re.search(s)
            s_sides = [lex.side_of[_key(m.group(0))]] if m else []
        clauses = _clauses(s)
        speakers_by_clause = [_speakers(s, c, lex, memory, s_sides) for c in clauses] if has_speech else \
            [[] for _ in clauses]
        sent_speakers = [sp for sps in speakers_by_clause for sp in sps]
        if pending and not sent_speakers:
            last_speaker = _flush(pending, sent, norm, lex, memory, last_speaker)
        pending.clear()
        _gapping(figs, s, lex, memory, s_sides)
        _breakdowns(figs, s, lex)
        figs = [f for f in figs if f.category is not None]
        for f in figs:
            f.clause = next(i for i, (a, b) in enumerate(clauses) if a <= f.start <= b)
        new: list[_Claim] = []
        clause_bg: dict[int, bool] = {}
        for f in figs:
            ca, cb = clauses[f.clause]
            ctext = s[ca:cb]
            if lex.denial_re.search(s[ca:f.start]) or _NEGATION_END.search(s[ca:f.start]) \
                    or _FALSE_AFTER.search(s, f.ev_end, cb):
                continue  # denied, negated, or called false: not asserted
            if f.clause not in clause_bg:
                clause_bg[f.clause] = _is_background(ctext, lex)
            speaker, by_context = (f.speaker, False) if f.speaker else _speaker_for(
                f, speakers_by_clause, sent_speakers, None if clause_bg[f.clause] else last_speaker, sent)
            side = _resolve_side(f, s, ctext, speaker, new, claims, lex, sent)
            if speaker is None:
                claimant, claimant_side = "unattributed", "unknown"
            elif speaker.side is None:
                # "the ministry said" with no antecedent: the side's own institution
                # ... unless it describes that side in the third person ("the Armenian side
                # suffered losses"), which is how the adversary speaks
                own = side in PARTIES and not f.third_person and not f.enemy
                claimant_side = side if own else "unknown"
                claimant = f"{lex.adjectives[side]} {speaker.name.lower()}" if own else speaker.name
            else:
                claimant, claimant_side = speaker.name, speaker.side
            if f.clause not in clause_bg:
                clause_bg[f.clause] = _is_background(ctext, lex)
            background = clause_bg[f.clause]
            start, end, precision = _incident_date([d for d in dates if ca <= d.start <= cb] or dates)
            if start and start.year < 2021 and not background:
                background = True
            if start and published and (published - end).days > 90:
                background = True
            if background and start is None:
                start, end, precision = _background_date(ctext, published)
            if background and side == "unknown" and _WAR.search(ctext):
                side = "combined"  # "a six-week war that killed over 6,600 people": both sides' dead
            f.population = _population(f, new, claims)
            new.append(_Claim(f, sent, side, claimant, claimant_side, start, end, precision, background,
                              attributed_by_context=by_context))
        # the side of a total is `combined` when its breakdown names two sides
        for c in new:
            # its parts: a list after it, or figures inside its own span ("Five people - three ...
            # and two ... - were killed")
            parts = [d for d in new if d.fig.category == c.fig.category and d is not c and (
                (d.fig.source == "breakdown" and d.fig.ev_start > c.fig.ev_start)
                or (c.fig.np_end <= d.fig.start and d.fig.end <= c.fig.ev_end))]
            if c.fig.source != "breakdown" and len({d.side for d in parts}) >= 2 and c.fig.side is None:
                c.side = "combined"
        for c in new:
            if c.incident_start is None and not c.is_background:
                _date_from_context(c, sents, norm, published, lex, date_cache)
        claims.extend(new)
        for sps in speakers_by_clause:
            for sp in sps:
                if sp.side is not None:
                    memory.append(sp)
                    last_speaker = (sp, sent)
                elif new:
                    resolved = next((c for c in new if c.claimant == sp.name), None)
                    if resolved and resolved.claimant_side in PARTIES:
                        sp.side = resolved.claimant_side
                        memory.append(sp)
                        last_speaker = (sp, sent)
    _revisions(claims, norm, lex)
    # headlines and captions: a paragraph of one sentence without a closing full stop
    per_para: dict[int, int] = {}
    for x in sents:
        per_para[x.para] = per_para.get(x.para, 0) + 1
    headlines = {x.para for x in sents if per_para[x.para] == 1 and norm[x.end - 1] not in '.!?"\''}
    claims = _dedupe(claims, headlines)
    return [_as_dict(c, text, article_id) for c in claims]


def _flush(pending: list[_Sentence], sent: _Sentence, norm: str, lex: _Lexicon, memory: list[_Speaker],
           last_speaker):
    """Read the speakers of the pending sentences just before ``sent`` into the memory."""
    for p in pending:
        if p.index >= sent.index - 4:
            ps = norm[p.start:p.end]
            m = lex.side_re.search(ps)
            p_sides = [lex.side_of[_key(m.group(0))]] if m else []
            for c in _clauses(ps):
                for sp in _speakers(ps, c, lex, memory, p_sides):
                    if sp.side is not None:
                        memory.append(sp)
                        last_speaker = (sp, p)
    pending.clear()
    return last_speaker


def _is_meta_line(s: str, lex: _Lexicon) -> bool:
    """Bylines, 'Last update: ...' and date-only lines carry the article's date, not an incident's."""
    low = s.lower()
    if any(low.startswith(p) for p in lex.raw["dates"]["meta_line_prefixes"]) and len(s) < 90:
        return True
    if len(s) < 40:
        rest = lex.date_re.sub("", s)
        return lex.date_re.search(s) is not None and not _LETTERS3.search(rest)
    return False


def _speaker_for(f, by_clause, sent_speakers, last_speaker, sent):
    own = by_clause[f.clause]
    if own:
        # the speaker nearest before the figure ("Both sides reported casualties: Armenia said
        # two soldiers were killed"), else the first by rank (see _speakers)
        before = [sp for sp in own if sp.end <= f.start]
        return (max(before, key=lambda sp: sp.end) if before else own[0]), False
    if sent_speakers:
        # the nearest speaker in the sentence, preferring one before the figure's clause
        before = [sp for i, sps in enumerate(by_clause) for sp in sps if i < f.clause]
        return (before[-1] if before else sent_speakers[0]), False
    if last_speaker is not None:
        sp, where = last_speaker
        if sent.index - where.index <= 3 and sent.para - where.para <= 1:
            return sp, True
    return None, False


def _resolve_side(f: _Figure, s: str, ctext: str, speaker, new: list[_Claim], claims: list[_Claim],
                  lex: _Lexicon, sent: _Sentence) -> str:
    if f.side:
        return f.side
    spk_side = speaker.side if speaker and speaker.side in PARTIES else None
    if f.possessive:
        if spk_side:
            return spk_side
        subj = [m for m in lex.side_re.finditer(s[:f.start])]
        if subj:
            return lex.side_of[_key(subj[-1].group(0))]
    if f.subject_side:
        return f.subject_side
    owner = _LOSSES_OF.search(s, 0, f.start)  # "Armenia's losses: 49 killed", "Azerbaijan's death toll rose to 71"
    if owner:
        sm = lex.side_re.search(owner.group(1))
        if sm:
            return lex.side_of[_key(sm.group(0))]
    if f.enemy and spk_side:
        opp = lex.raw["agents"]["opposite"].get(spk_side)
        if opp:
            return opp
    clause_end = s.find(ctext, max(0, f.start - len(ctext))) + len(ctext) if ctext else f.ev_end
    near = s[max(0, f.ev_start - 40):max(f.ev_end + 40, clause_end)]
    if lex.combined_strong_re.search(near):
        return "combined"
    elliptical = f.head_kind is None or f.head_kind == "casualty"
    same_clause = [c for c in new if c.fig.clause == f.clause]
    if f.more or f.source == "toll" or (elliptical and same_clause):
        # "another", "ten more", "raised the toll to 105", and in the same clause "... and 14
        # wounded": the side of the figure before it
        prev = [c for c in (new if f.more or f.source == "toll" else same_clause) if c.side != "unknown"]
        if not prev and (f.more or f.source == "toll") and claims and \
                claims[-1].sent.index >= sent.index - 2 and claims[-1].sent.para >= sent.para - 1:
            prev = [claims[-1]]
        if f.source == "toll":
            same = [c for c in claims if c.fig.category == f.category and not c.is_background
                    and c.side != "combined"]
            if same:
                return same[-1].side
        if prev:
            return prev[-1].side
    # the attacker named in the clause: "killed in Azerbaijani shelling", "by Armenian fire"
    for am in lex.agent_re.finditer(ctext):
        agent = lex.side_of[_key(am.group(1))]
        tail = ctext[am.end():am.end() + 40]
        if _SPEECH_AFTER.match(tail):
            continue  # "the Armenian army said": a speaker, not an attacker
        opp = lex.raw["agents"]["opposite"].get(agent)
        if opp:
            if opp == "armenia" and _KARABAKH_WORDS.search(s) and \
                    not _ARMENIA_WORDS.search(s):
                opp = "karabakh"
            return opp
    if spk_side:
        return spk_side
    if lex.combined_weak_re.search(ctext) and speaker is None:
        return "combined"
    pm = lex.place_re.search(s)
    if pm:
        return lex.place_of[_key(pm.group(0))]
    return "unknown"


def _population(f: _Figure, new: list[_Claim], claims: list[_Claim]) -> str:
    text = f.np_text.lower()
    if f.head_kind == "person" and f.head_value in ("military", "civilian"):
        return f.head_value
    if _CIVILIAN.search(text):
        return "civilian"
    if _MILITARY_WORDS.search(text):
        return "military"
    if f.more and (new or claims):
        return (new or claims)[-1].fig.population
    if f.head_kind in (None, "casualty") and new:
        totals = [c for c in new if c.fig.source != "breakdown"]
        return (totals or new)[-1].fig.population
    return "unknown"


def _gapping(figs: list[_Figure], s: str, lex: _Lexicon, memory: list[_Speaker], s_sides: list[str]) -> None:
    """'Armenia reported three dead and Azerbaijan two', 'Armenian officials put their losses at 12,
    Azerbaijani officials at seven': a bare number after a side's name repeats the verb of the
    figure before it. It takes that figure's category, and the named side is both its speaker and
    whose people were hit."""
    for i, f in enumerate(figs):
        if not i or f.kind != "num" or f.head_kind is not None or (f.category is not None and f.source != "toll"):
            continue
        prev = figs[i - 1]
        if prev.category is None:
            continue
        prev_end = max(prev.ev_end, prev.np_end)
        glue = s[prev_end:f.start]
        qm = lex.qualifier_end_re.search(glue)
        m = lex.gap_subject_re.match(glue[:qm.start()] + " " if qm else glue)
        if not m:
            continue
        sp = _classify_speaker(m.group(1), lex, memory, s_sides)
        if sp is None or sp.side not in PARTIES:
            continue
        sp.start, sp.end = prev_end + m.start(1), prev_end + m.end(1)
        f.category, f.source, f.side, f.speaker = prev.category, "gapped", sp.side, sp
        f.np_text, f.ev_start = prev.np_text, sp.start


def _breakdowns(figs: list[_Figure], s: str, lex: _Lexicon) -> None:
    """'Seven soldiers were killed, four Armenians and three Azerbaijanis': the parts take the
    category of the total before them; ranks ('16 were officers') are left out."""
    for i, f in enumerate(figs):
        prev_side = _ON_SIDE.match(s, figs[i - 1].ev_end) if i else None
        prev_end = prev_side.end() if prev_side else (figs[i - 1].ev_end if i else 0)
        if f.category is None and f.kind == "num" and f.head_kind is None and i and figs[i - 1].category \
                and _ON_SIDE.match(s, f.end) and _SIDE_LIST_GLUE.fullmatch(s[prev_end:f.ev_start]):
            # "15 servicemen dead on the Armenian side and seven on the Azerbaijani side"
            f.category, f.source = figs[i - 1].category, "breakdown"
            f.ev_end = _ON_SIDE.match(s, f.end).end()
            continue
        total = _IN_TOTAL_AFTER.match(s, f.end)
        if f.category is None and f.kind == "num" and f.head_kind is None and i and figs[i - 1].category \
                and total and _COMMA_END.search(s, 0, f.ev_start):
            # "Four Armenian and three Azerbaijani soldiers were killed, seven in total": the sum of
            # the figures before it
            f.category, f.source = figs[i - 1].category, "total"
            f.ev_end = total.end()
            sides = {g.side for g in figs[:i] if g.category == f.category and g.side}
            f.side = "combined" if len(sides) >= 2 else next(iter(sides), None)
            continue
        if f.category is not None or f.kind != "num" or f.head_kind not in ("nationality", "person") \
                or _OF_THEM.match(s, f.end, f.np_end):
            continue  # "293 servicemen were wounded, 16 of them seriously": a subset
        if _key(s[f.end:f.np_end]).split()[-1:] and _key(s[f.end:f.np_end]).split()[-1] in \
                lex.raw["population"]["breakdown_excluded"]:
            continue  # "among them two officers": a rank, not a population
        prev = figs[i - 1] if i else None
        if prev is None or prev.category is None:
            continue
        glue = s[max(prev.ev_end, prev.np_end):f.ev_start]
        if re.fullmatch(r"(?:\s*(?:in\s+total|in\s+all|altogether)\b[^,;:.]{0,40}?)?"
                        r"\s*(?:,|:|—|–|\(|-)?\s*(?:including|of\s+whom|of\s+which|among\s+them|among\s+whom|"
                        r"mostly|comprising|namely|with|in\s+total)?\s*(?:and\s+)?", glue, re.I):
            f.category, f.source = prev.category, "breakdown"
            f.ev_end = max(f.ev_end, f.np_end)


def _date_from_context(c: _Claim, sents: list[_Sentence], text: str, published, lex: _Lexicon,
                       cache: dict[int, list[_Date]]) -> None:
    """An undated figure takes the incident date of the sentences just before it in the paragraph."""
    for prev in reversed(sents[max(0, c.sent.index - 3):c.sent.index]):
        if c.sent.para - prev.para > 1:
            break
        s = text[prev.start:prev.end]
        if prev.index not in cache:
            cache[prev.index] = _dates(s, published, lex)
        a, b, p = _incident_date(cache[prev.index])
        if a and (_is_meta_line(s, lex) or _is_background(s, lex)):
            continue
        if a and not (published and (published - b).days > 90):
            c.incident_start, c.incident_end, c.date_precision = a, b, p
            c.dated_by_context = True
            return
    # the lead often names the day one sentence later: "About 100 soldiers have been killed ...
    # Attacks on both sides on Tuesday ..."
    nxt = sents[c.sent.index + 1] if c.sent.index + 1 < len(sents) else None
    if nxt is not None and nxt.para == c.sent.para:
        s = text[nxt.start:nxt.end]
        if nxt.index not in cache:
            cache[nxt.index] = _dates(s, published, lex)
        a, b, p = _incident_date(cache[nxt.index])
        if a and not _is_background(s, lex):
            if not (published and (published - b).days > 90):
                c.incident_start, c.incident_end, c.date_precision = a, b, p
                c.dated_by_context = True


def _background_date(ctext: str, published: dt.date | None):
    if re.search(r"\b2020\b|44-day|forty-four-day|six-week|second\s+(?:nagorno-)?karabakh\s+war", ctext, re.I):
        return dt.date(2020, 1, 1), dt.date(2020, 12, 31), "year"
    return None, None, None


def _revisions(claims: list[_Claim], text: str, lex: _Lexicon) -> None:
    """'Initially four, later three': an earlier figure for the same side and category is superseded
    by a later one that the text marks as a revision."""
    for j, later in enumerate(claims):
        if later.is_background or later.fig.source == "breakdown":
            continue
        for i in range(j - 1, -1, -1):
            early = claims[i]
            if (early.side, early.fig.category) != (later.side, later.fig.category) or early.is_background \
                    or early.fig.value == later.fig.value or early.fig.source == "breakdown" or early.superseded:
                continue
            if not ({early.claimant_side, later.claimant_side} <= {early.claimant_side, "unknown"}
                    or early.claimant_side == "unknown"):
                continue
            between = text[early.end:later.end] if early.sent.index == later.sent.index else \
                text[later.sent.start:later.end]
            early_ctx = text[early.sent.start:early.end]
            if lex.later_re.search(between) or lex.earlier_re.search(early_ctx):
                early.superseded = True
            break


def _dedupe(claims: list[_Claim], headlines: set[int]) -> list[_Claim]:
    """A figure repeated in one article (headline, caption and body) is one claim: keep the
    attributed mention, and fill a missing date from the others. Small counts ("one was
    wounded") are merged only when the earlier mention is a headline or caption: two different
    people are often each "one wounded" in the same story."""
    out: list[_Claim] = []
    for c in claims:
        twin = None
        if not c.fig.more and c.fig.source != "breakdown":
            for o in out:
                if (o.side, o.fig.category, o.fig.value, o.is_background) == \
                        (c.side, c.fig.category, c.fig.value, c.is_background) and not o.fig.more \
                        and o.fig.source != "breakdown" and not o.superseded and not c.superseded \
                        and (o.claimant_side == c.claimant_side or "unknown" in (o.claimant_side, c.claimant_side)) \
                        and (o.incident_start is None or c.incident_start is None or o.dated_by_context
                             or c.dated_by_context or (o.incident_start <= c.incident_end
                                                       and c.incident_start <= o.incident_end)) \
                        and (c.fig.value >= 3 or o.sent.para in headlines) \
                        and ("unknown" in (o.fig.population, c.fig.population)
                             or o.fig.population == c.fig.population):
                    twin = o
                    break
        if twin is None:
            out.append(c)
            continue
        keep, drop = (twin, c) if _rank(twin) >= _rank(c) else (c, twin)
        if drop.incident_start and not drop.dated_by_context and (keep.incident_start is None or keep.dated_by_context):
            keep.incident_start, keep.incident_end = drop.incident_start, drop.incident_end
            keep.date_precision, keep.dated_by_context = drop.date_precision, drop.dated_by_context
        if keep.fig.qualifier == "exact" and drop.fig.qualifier != "exact":
            keep.fig.qualifier = drop.fig.qualifier
        out[out.index(twin)] = keep
    out.sort(key=lambda c: (c.start, c.end))
    return out


def _rank(c: _Claim) -> tuple:
    return (c.claimant_side != "unknown", not c.attributed_by_context, c.incident_start is not None)


def _as_dict(c: _Claim, text: str, article_id: str) -> dict:
    start, end = c.start, c.end
    return {
        "article_id": article_id,
        "claimant": c.claimant,
        "claimant_side": c.claimant_side,
        "side": c.side,
        "category": c.fig.category,
        "population": c.fig.population,
        "count": c.fig.value,
        "qualifier": c.fig.qualifier,
        "incident_start": c.incident_start,
        "incident_end": c.incident_end,
        "date_precision": c.date_precision,
        "is_background": c.is_background,
        "superseded": c.superseded,
        "evidence_start": start,
        "evidence_end": end,
        "evidence_text": text[start:end],
    }


def count_surfaces(count: int) -> set[str]:
    """The ways a count can be written in evidence text (for checks): digits, number words, 'a'.

    >>> sorted(count_surfaces(1))[:3]
    ['1', 'a', 'an']
    """
    lex = _lexicon()
    out = {str(count), f"{count:,}"}
    words = {v: k for k, v in {**lex.raw["numbers"]["units"], **lex.raw["numbers"]["tens"]}.items()}
    if count in words:
        out.add(words[count])
    out |= {k for k, v in lex.raw["numbers"]["phrases"].items() if v == count}
    if count == 1:
        out |= set(lex.raw["numbers"]["singular"])
    if count < 1000 and count not in words:
        out.add(_spell(count, words))
    return out


def _spell(n: int, words: dict) -> str:
    if n in words:
        return words[n]
    if n < 100:
        return f"{words[n - n % 10]}-{words[n % 10]}"
    rest = n % 100
    head = f"{words[n // 100]} hundred"
    return head if not rest else f"{head} and {_spell(rest, words)}"


# ------------------------------------------------------------------------------------------------
# Tables
# ------------------------------------------------------------------------------------------------

def extract_table(articles, batch_size: int = 1000, progress: bool | None = None):
    """Extract claims from a table of articles (pandas DataFrame or pyarrow Table) in batches.

    Columns: ``article_id``, ``text``, ``published`` (date or None). Returns one DataFrame with the
    columns of ``schema.EXTRACTED_FIELDS`` in order (empty, with those columns, when there are no
    claims). A pyarrow Table is read one record batch at a time. ``progress=None`` shows a tqdm bar
    only for more than 500 articles when stderr is a terminal.

    >>> import pandas as pd, datetime as dt
    >>> df = pd.DataFrame({"article_id": ["a"], "text": ["Two Azerbaijani soldiers were wounded."],
    ...                    "published": [dt.date(2022, 9, 13)]})
    >>> extract_table(df)[["article_id", "side", "category", "count"]].values.tolist()
    [['a', 'azerbaijan', 'wounded', 2]]
    """
    import pandas as pd

    frames = [f for f in extract_batches(articles, batch_size, progress) if len(f)]
    if not frames:
        return _frame({k: [] for k in EXTRACTED_FIELDS})
    return pd.concat(frames, ignore_index=True)


def extract_batches(articles, batch_size: int = 1000, progress: bool | None = None):
    """Like ``extract_table``, but yield one claims DataFrame per batch of articles.

    Besides a DataFrame or a Table, ``articles`` may be a pyarrow RecordBatchReader or any iterable
    of RecordBatches (a Parquet dataset read lazily). Writing each batch out as it comes keeps
    memory flat however large the corpus is: nothing is kept from one batch to the next.
    """
    import pandas as pd
    import pyarrow as pa

    n = None
    if isinstance(articles, pd.DataFrame):
        n = len(articles)
        batches = (articles.iloc[i:i + batch_size] for i in range(0, n, batch_size))
        rows_of = _rows_from_frame
    elif isinstance(articles, (pa.Table, pa.RecordBatch)):
        n = articles.num_rows
        table = articles if isinstance(articles, pa.Table) else pa.Table.from_batches([articles])
        batches = table.to_batches(max_chunksize=batch_size)
        rows_of = _rows_from_batch
    elif isinstance(articles, pa.RecordBatchReader) or (
            hasattr(articles, "__iter__") and not isinstance(articles, (str, bytes, dict, list))):
        batches = iter(articles)
        rows_of = _rows_from_batch
    else:
        raise TypeError("extract_table needs a pandas DataFrame, a pyarrow Table or RecordBatches, "
                        f"not {type(articles).__name__}")
    if progress is None:
        # tqdm comes with the 'build' extra; a core install extracts without a bar.
        progress = n is not None and n > 500 and sys.stderr.isatty() and importlib.util.find_spec("tqdm") is not None
    bar = None
    if progress:
        from tqdm import tqdm
        bar = tqdm(total=n, unit="article", desc="extract", file=sys.stderr)
    try:
        for batch in batches:
            out: dict[str, list] = {k: [] for k in EXTRACTED_FIELDS}
            k = 0
            for article_id, text, published in rows_of(batch):
                for claim in extract(text or "", published, article_id):
                    for key in EXTRACTED_FIELDS:
                        out[key].append(claim[key])
                k += 1
            if bar is not None:
                bar.update(k)
            yield _frame(out)
    finally:
        if bar is not None:
            bar.close()


def _to_date(v) -> dt.date | None:
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    try:
        import pandas as pd
        if pd.isna(v):
            return None
        return pd.Timestamp(v).date()
    except (TypeError, ValueError):
        return dt.date.fromisoformat(str(v)[:10])


def _rows_from_frame(df):
    for a, t, p in zip(df["article_id"].tolist(), df["text"].tolist(), df["published"].tolist()):
        yield str(a), (t if isinstance(t, str) else ""), _to_date(p)


def _rows_from_batch(batch):
    cols = batch.schema.names
    ids = batch.column(cols.index("article_id")).to_pylist()
    texts = batch.column(cols.index("text")).to_pylist()
    pubs = batch.column(cols.index("published")).to_pylist()
    for a, t, p in zip(ids, texts, pubs):
        yield str(a), (t or ""), _to_date(p)


def _frame(out: dict):
    import pandas as pd

    df = pd.DataFrame(out, columns=list(EXTRACTED_FIELDS))
    for col in ("claimant", "article_id", "evidence_text"):
        df[col] = df[col].astype("string")
    for col in ("claimant_side", "side", "category", "population", "qualifier", "date_precision"):
        vocab = "claimant_side" if col == "claimant_side" else col
        df[col] = pd.Categorical(df[col], categories=list(VOCABULARIES[vocab]))
    for col in ("count", "evidence_start", "evidence_end"):
        df[col] = df[col].astype("int64")
    for col in ("is_background", "superseded"):
        df[col] = df[col].astype("bool")
    for col in ("incident_start", "incident_end"):
        df[col] = pd.to_datetime(df[col]).astype("datetime64[s]")
    return df


# ------------------------------------------------------------------------------------------------
# CLI: casualties extract PATH... [--published YYYY-MM-DD] [--format jsonl|table]
# ------------------------------------------------------------------------------------------------

class _InputError(Exception):
    pass


def _files(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(x for x in path.iterdir() if x.suffix == ".txt" and x.is_file())
            if not found:
                raise _InputError(f"{path}: no .txt files in this folder")
            out.extend(found)
        elif path.is_file():
            out.append(path)
        else:
            raise _InputError(f"{path}: no such file or folder")
    return out


def _manifest_dates(folder: Path, cache: dict) -> dict[str, str]:
    if folder not in cache:
        dates: dict[str, str] = {}
        mf = folder / "manifest.csv"
        if mf.is_file():
            with mf.open(newline="", encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    if row.get("published"):
                        if row.get("file"):
                            dates[row["file"]] = row["published"]
                        if row.get("article_id"):
                            dates.setdefault(row["article_id"] + ".txt", row["published"])
        cache[folder] = dates
    return cache[folder]


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    if not data.strip():
        raise _InputError(f"{path}: empty file")
    if b"\x00" in data:
        raise _InputError(f"{path}: binary file (NUL byte at offset {data.index(0)})")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _InputError(f"{path}: not UTF-8 (byte offset {e.start}: {data[e.start:e.start + 1]!r})") from None


def _parse_date(value: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _InputError(f"{what}: {value!r} is not a date (YYYY-MM-DD)") from None


def cli_extract(paths: list[str], published: str | None, fmt: str, out) -> int:
    """``casualties extract PATH... [--published YYYY-MM-DD] [--format jsonl|table]``.

    Writes the claims of every .txt file (a folder is read in sorted order) to ``out``; the published
    date of a file comes from a ``manifest.csv`` beside it, else ``--published``. Returns the exit
    status: 0, or 2 after one line on stderr naming the file and what is wrong.
    """
    try:
        if fmt not in ("jsonl", "table"):
            raise _InputError(f"--format: {fmt!r} is not one of jsonl, table")
        default = _parse_date(published, "--published") if published else None
        files = _files(paths)
        cache: dict = {}
        rows = []
        for path in files:
            text = _read_text(path)
            pub = default
            listed = _manifest_dates(path.parent, cache).get(path.name)
            if listed:
                pub = _parse_date(listed, f"{path.parent / 'manifest.csv'}: published of {path.name}")
            for c in extract(text, pub, path.stem):
                rows.append(_cli_row(c))
    except _InputError as e:
        print(f"casualties extract: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"casualties extract: {e.filename}: {e.strerror}", file=sys.stderr)
        return 2
    try:
        if fmt == "jsonl":
            for r in rows:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
        else:
            out.write(_table(rows))
        out.flush()
    except BrokenPipeError:  # "casualties extract ... | head": the reader has had enough
        if out is sys.stdout:
            import os
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _cli_row(c: dict) -> dict:
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    return {
        "article": c["article_id"], "side": c["side"], "category": c["category"],
        "population": c["population"], "count": c["count"], "qualifier": c["qualifier"],
        "claimant": c["claimant"], "claimant_side": c["claimant_side"],
        "incident_start": iso(c["incident_start"]), "incident_end": iso(c["incident_end"]),
        "date_precision": c["date_precision"], "is_background": c["is_background"],
        "superseded": c["superseded"],
        "evidence": {"start": c["evidence_start"], "end": c["evidence_end"], "text": c["evidence_text"]},
    }


_TABLE_COLUMNS = ("article", "side", "category", "population", "count", "qualifier", "claimant",
                  "claimant_side", "incident", "bg", "sup", "evidence")


def _table(rows: list[dict]) -> str:
    """An aligned plain-text table for people (evidence shortened to 60 characters)."""
    def cells(r):
        inc = r["incident_start"] or ""
        if r["incident_end"] and r["incident_end"] != r["incident_start"]:
            inc += ".." + r["incident_end"]
        ev = " ".join(r["evidence"]["text"].split())
        ev = ev if len(ev) <= 60 else ev[:57] + "..."
        return [r["article"], r["side"], r["category"], r["population"], str(r["count"]), r["qualifier"],
                r["claimant"], r["claimant_side"], inc, "yes" if r["is_background"] else "",
                "yes" if r["superseded"] else "", ev]
    body = [cells(r) for r in rows]
    widths = [max([len(h)] + [len(b[i]) for b in body]) for i, h in enumerate(_TABLE_COLUMNS)]
    right = {4}
    def line(vals):
        return "  ".join(v.rjust(w) if i in right else v.ljust(w) for i, (v, w) in enumerate(zip(vals, widths))).rstrip()
    out = [line(_TABLE_COLUMNS), line(["-" * w for w in widths])] + [line(b) for b in body]
    out.append(f"{len(rows)} claim{'s' if len(rows) != 1 else ''}")
    return "\n".join(out) + "\n"
