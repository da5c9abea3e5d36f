"""Stage 6: incident dates (relative dates resolved against the published date) and background."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .lexicon import _key, _lexicon, first_words, word_list, LexiconPattern
from .patterns import _BG_GATE, _BORN_END, _NAME_PAREN_END, _SINCE_END, _TOKEN, _YEAR4
from .text import _is_meta_line, blank_lower, finditer_lower, has_digit, lower_twin, matches_at_words, search_lower

if TYPE_CHECKING:
    from .lexicon import _Lexicon
    from .pipeline import _Claim
    from .text import _Sentence


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


#: A wire dateline around a date: "YEREVAN, Sept 14 (Reuters) -", "BAKU, Azerbaijan, Jan. 12 —". The
#: date is the story's, not the incident's (it is read like the day of a statement).
_DATELINE_HEAD = re.compile(r"\s*[A-Z][A-Z .'’-]{2,}(?:\s*,\s*[A-Z][\w .'’-]+)?\s*,\s*")
_DATELINE_TAIL = re.compile(r"\s*(?:\([^()]{1,40}\)\s*)?[-–—]")
#: a dateline that is a sentence of its own: "Baku, 12 May."
_PLACE_COMMA = re.compile(r"\s*[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}\s*,\s*")
_LINE_END = re.compile(r"\s*[.:]?\s*")
#: "last" just before a weekday: "last Tuesday" in a story of a Tuesday is a week before
_LAST_END = re.compile(r"\blast\s+$", re.I)
#: A birth date or year: "born in 1999", "born on 5 May 1994", "(b. 1999)".
_BIRTH = re.compile(r"\bborn\s+(?:in|on)\s+[\w ]{1,25}|\(b\.\s*\d{4}\)", re.I)


def _has_year(s: str) -> bool:
    """A four-digit year (1900-2099) in s. Every _YEAR4 match starts with "19" or "20", so a text
    with neither (most clauses) needs no regex call: two substring tests are cheaper."""
    return ("20" in s or "19" in s) and _YEAR4.search(s) is not None


#: the groups of a day and month, "May 5" (``md``) and "5 May" (``dm``): month, day, last day, year
_DAY_GROUPS = {kind: (f"{kind}_m", f"{kind}_d", f"{kind}_d2", f"{kind}_y") for kind in ("md", "dm")}


def _dates(s: str, published: dt.date | None, lex: _Lexicon, words: set | None = None) -> list[_Date]:
    """Every date expression in a sentence, resolved against the published date."""
    out: list[_Date] = []
    if words is None:
        words = set(_TOKEN.findall(s.lower()))
    has_year = _has_year(s)
    if lex.date_words.isdisjoint(words) and not has_year:
        return out
    # run only the date patterns whose words occur in the sentence, then keep the leftmost,
    # longest non-overlapping matches (what one alternation of them all would find)
    plain = _word_tests_see_all(s)
    parts = []
    if not words.isdisjoint(_month_words()):
        parts += _month_parts(words, has_year, has_year or has_digit(s), plain, lex)
    kinded = _kinded_parts()
    if not words.isdisjoint(lex.weekday_of):
        parts += kinded["weekday"]
    if not words.isdisjoint(lex.relative_day_words):
        parts += kinded["relative"]
    if "year" in words:
        parts += kinded["year_word"]
    if has_year:
        parts += kinded["year"]
    low = s.lower()
    found = sorted(_date_matches(parts, s, low, words, plain, lex), key=lambda m: (m.start(), -m.end()))
    matches, last_end = [], -1
    for m in found:
        if m.start() >= last_end:
            matches.append(m)
            last_end = m.end()
    if not matches:
        return out
    # what the look-backs before a date need, read once a sentence: every match of _BORN_END holds
    # "born" or "b." (in some case: IGNORECASE folds no other letter to b, o, r or n), every match
    # of _NAME_PAREN_END a "(", and a report verb is one of the sentence's words (_after_report_verb)
    born = "born" in low or "b." in low
    paren = "(" in s
    firsts = first_words("dates.report_verbs")  # ("issued" of "issued a statement")
    verbs = firsts & words if plain and firsts is not None else None
    # (each date pattern is one group, named for its kind, around the whole of it: the group a
    # match closed last, ``lastgroup``, is that one)
    for m in matches:
        kind = m.lastgroup
        start = m.start()
        res = None
        pub = published
        if kind == "md" or kind == "dm":
            month, first_day, last_day, year = m.group(*_DAY_GROUPS[kind])
            mon = lex.month_of[month.lower().rstrip(".")]
            d1 = int(first_day)
            d2 = int(last_day) if last_day else None
            if year:
                y = int(year)
            elif pub:
                y = _yearless_year(pub, mon, d1)
            else:
                y = None
            if y:
                a = _safe_date(y, mon, d1)
                b = _safe_date(y, mon, d2) if d2 else a
                if a and b and b >= a:
                    res = (a, b, "range" if b != a else "day")
        elif kind == "my":
            mon = lex.month_of[m["my_m"].lower().rstrip(".")]
            ys = m["my_y"].lower()
            y = int(ys) if ys[:1].isdigit() else (pub.year - 1 if pub and ("last" in ys or "previous" in ys)
                                                   else pub.year if pub else None)
            if y:
                res = (dt.date(y, mon, 1), _month_end(y, mon), "month")
        elif kind == "rm":
            mon = lex.month_of[m["rm_m"].lower().rstrip(".")]
            if pub:
                w = m["rm_w"].lower()
                y = pub.year if mon < pub.month or (mon == pub.month and w != "last") else pub.year - 1
                res = (dt.date(y, mon, 1), _month_end(y, mon), "month")
        elif kind == "wd":
            if pub:
                back = (pub.weekday() - lex.weekday_of[m["wd_w"].lower()]) % 7
                day = pub - dt.timedelta(days=back)
                # (the weekday of the story's own day first: the look-back is read only then)
                if back == 0 and _LAST_END.search(s, 0, start):
                    day -= dt.timedelta(days=7)
                res = (day, day, "day")
        elif kind == "rel":
            w = _key(m["rel"])
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
        elif kind == "yr":
            if pub:
                y = pub.year if "this" in m["yr"].lower() else pub.year - 1
                res = (dt.date(y, 1, 1), dt.date(y, 12, 31), "year")
        elif kind == "y":
            y = int(m["y_y"])
            if m["y_s"]:
                res = (dt.date(y, 1, 1), dt.date(y + 9, 12, 31), "range")
            elif 1900 <= y <= 2100:
                res = (dt.date(y, 1, 1), dt.date(y, 12, 31), "year")
        if res is None:
            continue
        since = _SINCE_END.search(s, max(0, start - 12), start)
        if since and _since_day(since, res, pub):
            res = (res[0], pub, "range")  # "since Tuesday, 105 soldiers have been killed": Tuesday to the story's day
        elif since:
            continue  # "the deadliest since the 2020 war": a comparison, not when it happened
        if kind == "y" and _in_exception(s, m, lex):
            continue  # "Aghdam, liberated from occupation in 2020,": the year describes the place
        if born and _BORN_END.search(s, max(0, start - 16), start):
            continue  # "Aliyev Samir, born on 5 May 1994", "Private A (born 2001)": a victim's birth date
        named = _NAME_PAREN_END.search(s, max(0, start - 30), start) if paren else None
        if named and named.group(1).lower().endswith(lex.surname_endings):
            continue  # "Davit Hakobyan (1999)": the birth year after a name
        report = _after_report_verb(s, low, start, verbs, lex) or (
            start < 60 and (_DATELINE_HEAD.fullmatch(s, 0, start) is not None
                            and _DATELINE_TAIL.match(s, m.end()) is not None
                            or _PLACE_COMMA.fullmatch(s, 0, start) is not None
                            and _LINE_END.fullmatch(s, m.end()) is not None))
        # a date after the story's day (beyond a time zone's day) is one to come: no incident date
        report = report or bool(pub and (res[0] - pub).days > _TIME_ZONE_DAYS)
        years_back = bool(pub and res[1] < pub and (pub - res[1]).days > 90)
        out.append(_Date(start, m.end(), res[0], res[1], res[2], report, years_back))
    return out


def _after_report_verb(s: str, low: str, start: int, verbs: frozenset | None, lex: _Lexicon) -> bool:
    """Does a report verb end the 40 characters before ``start`` ("said on Tuesday")? That is
    ``report_end_re`` searched in that window, searched only when one of ``verbs`` (the first
    words of the report verbs that are words of the sentence, or None to search always) is in it.
    A match opens with the first word of a report verb, with no letter before it (the look-behind)
    and a space after it: a word of the sentence, unless it opens the window and a letter before
    the window makes it the end of a longer word ("unsaid"), which is searched as well."""
    lo = max(0, start - 40)
    if verbs is not None and not (lo and "a" <= low[lo - 1] <= "z") \
            and not any(low.find(v, lo, start) >= 0 for v in verbs):
        return False
    return search_lower(lex.report_end_re, s[lo:start]) is not None


def _since_day(since: re.Match, res: tuple, pub: dt.date | None) -> bool:
    """'Since Tuesday, 105 Armenian soldiers have been killed': "since" before a day of the last 90
    days dates the figure from that day to the story's day (ANNOTATION.md: "The date is the period
    the figure covers, as far as the text allows"). Not "until" or "before" a day, nor "since" a
    month or a year ("the deadliest since 2020" compares; "since November 2020" is a tally, whose
    period background dates read)."""
    return since.group(0).lower().startswith("since") and res[2] == "day" and pub is not None \
        and 0 < (pub - res[0]).days <= 90


#: a digit other than 0-9 (which \d also matches), or a letter that IGNORECASE matches to "i" or "s"
_ODD_CHARS = re.compile(r"(?![0-9])\d|[ıſİ]")


def _word_tests_see_all(s: str) -> bool:
    """Do the tests on a sentence's words (its runs of a-z) see every word and digit a date pattern
    can match in ``s``? Not when it holds a digit other than 0-9 or a letter that IGNORECASE matches
    to "i" or "s" ("ı", "ſ", "İ"): such a sentence runs every date pattern, scanned whole."""
    return s.isascii() or not _ODD_CHARS.search(s)


@functools.cache
def _kinded_parts() -> dict[str, list[tuple[str, re.Pattern]]]:
    """lexicon date_parts with each pattern's kind beside it, the name of its one group around the
    whole of it (read here once: ``groupindex`` builds a new mapping at every read)."""
    return {group: [(next(iter(rx.groupindex)), rx) for rx in rxs] for group, rxs in _lexicon().date_parts.items()}


@functools.cache
def _month_words() -> frozenset:
    """The keys of lexicon ``month_of`` (month names and abbreviations) as a set: a sentence's words
    are tested against it (``isdisjoint``, ``intersection``), which reads the smaller of two sets
    but every key of a dict."""
    return frozenset(_lexicon().month_of)


@functools.cache
def _relative_month_words() -> frozenset:
    """lexicon dates.relative_month_words: "last", "early" ... before a month ("last March")."""
    return frozenset(word_list("dates.relative_month_words"))


def _month_parts(words: set, has_year: bool, digit: bool, plain: bool, lex: _Lexicon) -> list[tuple[str, re.Pattern]]:
    """The month patterns that can match in a sentence that names a month. "March 2021" and "March
    last year" (group ``my``) need a year or the word "year"; "May 5" and "5 May" (groups ``md``,
    ``dm``) a digit (``digit``: one of 0-9 in the sentence; in a ``plain`` one ``\\d`` matches no
    other), which the modal "may" seldom has near it; "last March" (group ``rm``) one of the words
    of dates.relative_month_words; a pattern that cannot match is not run (each is a scan of the
    sentence: the month patterns are a third of the time of the dates). A sentence whose words the
    tests cannot read in full (not ``plain``: _word_tests_see_all) runs them all."""
    if not plain:
        return _kinded_parts()["month"]
    year = has_year or "year" in words
    relative = not _relative_month_words().isdisjoint(words)
    return [(kind, rx) for kind, rx in _kinded_parts()["month"]
            if (year or kind != "my") and (relative or kind != "rm") and (digit or kind in ("my", "rm"))]


def _opening_words(kind: str, plain: bool, lex: _Lexicon):
    """The words a date pattern of ``kind`` opens with, a month word ("May 5", "May 2021"), a
    weekday, the first word of a relative day, where _date_matches tries it; None for a pattern
    scanned whole (those that open with a digit or "in", and every pattern in a sentence that is
    not ``plain``)."""
    if not plain:
        return None
    if kind == "md" or kind == "my":
        return _month_words()
    if kind == "wd":
        return lex.weekday_of
    if kind == "rel":
        return first_words("dates.relative_days")  # (None if one is not plain words: scanned)
    return None


def _date_matches(parts: list[tuple[str, re.Pattern]], s: str, low: str, words: set, plain: bool,
                  lex: _Lexicon) -> list[re.Match]:
    """The matches of each date pattern of ``parts`` in ``s`` (``finditer_lower(rx, s, low)`` of
    each, in one list). "May 5", "May 2021" (groups ``md``, ``my``), "Tuesday" (``wd``) and "this
    week" (``rel``) are tried only where one of the words they open with begins, a month word, a
    weekday or the first word of a relative day (_opening_words; ``matches_at_words``: a scan of
    the whole sentence enters a pattern at every character). That word has no letter or digit
    before it (``\\b``) nor after it (a space, a "." or ``\\b`` follows), so it is one of the
    sentence's ``words`` (its runs of a-z). A sentence with "ı", "ſ" or "İ" or a digit other than
    0-9 (not ``plain``: _word_tests_see_all) is scanned whole, as are the other patterns ("5 May"
    and the year open with a digit, which the engine finds by itself: lexicon.py). The patterns
    tried at their opening words are run as one alternation of them (_one_of), tried once at every
    position where one of their words begins, instead of once a pattern. That finds what each
    finds alone, because (1) at one position at most one of them matches: they open with words of
    different lists, but for "May 5" and "May 2021", which need after the month 1-2 digits and no
    third ("May 5", "May 5-7, 2021") or a year of four digits, "of", "last year", "this year" or
    "the previous year"; and (2) no match of one begins inside a match of another or of itself:
    such a match holds, after its opening word, only spaces, digits, "st", "and", "to",
    "through", "of", "last year", "this year", "the previous year", "morning", "night" ..., and
    at "last" or "this" there no relative day begins ("last week", "this morning"). So none of
    the positions the alternation passes over after a match is one where a pattern of it
    matches, and each match's last group is still its pattern's kind."""
    kinds, openers, out = [], set(), []
    for kind, rx in parts:
        firsts = _opening_words(kind, plain, lex)
        if firsts is None:
            out += finditer_lower(rx, s, low)
        else:
            kinds.append(kind)
            openers |= words.intersection(firsts)
    if kinds:
        rx, text = lower_twin(_one_of(tuple(kinds)), s, low)
        out += matches_at_words(rx, text, low, openers)
    return out


@functools.cache
def _one_of(kinds: tuple[str, ...]) -> re.Pattern:
    """The date patterns of ``kinds`` as one alternation (the pattern itself for one kind); each is
    one named group around the whole of it, so a match's ``lastgroup`` is its kind."""
    by_kind = {kind: rx for ps in _kinded_parts().values() for kind, rx in ps}
    if len(kinds) == 1:
        return by_kind[kinds[0]]
    return re.compile("|".join(by_kind[k].pattern for k in kinds), re.IGNORECASE)


#: how far after the publication day a yearless date is still this year's ("will stand trial on
#: June 16" in a story of 7 June); further ahead, "on December 28" in a January story, it is last year's
_AHEAD_DAYS = 60
#: a date one day after the publication day is the story's own day in another time zone
_TIME_ZONE_DAYS = 1


def _yearless_year(pub: dt.date, mon: int, day: int) -> int:
    """The year of a day and month without one: the publication year, unless the date would fall
    more than ``_AHEAD_DAYS`` after the publication day, when it is last year's (news tells of past
    days more often than of days to come, but a trial or a deadline a few weeks ahead is this year's)."""
    this = _safe_date(pub.year, mon, day)
    if this is None or (this - pub).days <= _AHEAD_DAYS:
        return pub.year
    return pub.year - 1


def _in_exception(s: str, m: re.Match, lex: _Lexicon) -> bool:
    """Is the year ``m`` inside words that the background exceptions set aside ("liberated ... in
    2020", "the worst since the war in 2020")? Such a year is no incident date either. (The window
    around the year is searched through the pattern's lower-case twin, ``lower_twin``: the same
    matches at every position of the whole text, so at those of any window.)"""
    rx, text = lower_twin(lex.background_exception_re, s)
    return any(x.start() <= m.start() and m.end() <= x.end()
               for x in rx.finditer(text, max(0, m.start() - 120), min(len(s), m.end() + 20)))


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


#: a relative clause after a figure describes the noun before it, not the figure
_RELATIVE_AFTER = LexiconPattern(r",\s+(?:\L<grammar.relative_openers>|"
                                 r"(?:\w+\s+)?(?:days?|weeks?|months?)\s+after)\b")


def _background_scope(clause_text: str, fig_end: int) -> int:
    """How much of its clause may make a figure background: up to a relative clause, or a phrase
    that sets the figure against an earlier one (", adding to the 17 killed last month", ", weeks
    after ..."), that opens after the figure ("A soldier was shot by forces of Artsakh, which controlled the region until
    a war in 2020": the war describes Artsakh's forces, the death is current). A relative clause
    before it stays: "the 2020 war, which killed over 6,000 people"."""
    m = _RELATIVE_AFTER.search(clause_text, max(0, fig_end))
    return m.start() if m else len(clause_text)


@functools.cache
def _tally_re() -> re.Pattern:
    return re.compile("|".join(_lexicon().raw["background"]["tallies"]), re.IGNORECASE)


#: An exception's words are blotted out by a mark that is neither a letter nor a space, so that
#: what is left on either side cannot join into a marker: "in the worst fighting since the 2020
#: war" must not read as "in the war".
_MASK = "#"


def _is_tally(clause_text: str, lex: _Lexicon) -> bool:
    """A running tally since an earlier point ("22 people have died since the signing of the
    ceasefire", "since 1991", "so far in 2024"): background (ANNOTATION.md), but one side's. A
    comparison ("the deadliest since 2020") is not a tally."""
    low = clause_text.lower()
    if "since" not in low and "so far" not in low:
        return False
    masked = blank_lower(lex.background_exception_re, clause_text, _MASK)
    return bool(_tally_re().search(masked))


def _names_marker_year(s: str, lex: _Lexicon) -> bool:
    """Does ``s`` hold a year that a background marker can name (lexicon background.marker_years:
    1900-2020, the "1990s")? Each starts with "19" or "20": two substring tests stand before the
    pattern."""
    return ("19" in s or "20" in s) and lex.background_year_re.search(s) is not None


def _is_background(clause_text: str, lex: _Lexicon, sentence_words: set | None = None) -> bool:
    # the words of the whole sentence, when given, include the clause's and save reading them
    words = sentence_words if sentence_words is not None else _TOKEN.findall(clause_text.lower())
    # every background marker holds one of the markers' words or a year they name (lexicon
    # background.marker_words, marker_years): a clause with only a year of the story's own time is
    # not scanned. (This gate reads no words of the clause: it goes first.)
    if not _names_marker_year(clause_text, lex) and lex.background_marker_words.isdisjoint(words):
        return False
    # nor without a year or one of the _BG_GATE words in the clause itself (its own words, read
    # only when the sentence's hold one)
    if not (_has_year(clause_text) or "1990s" in clause_text) and (
            _BG_GATE.isdisjoint(words)
            or sentence_words is not None and _BG_GATE.isdisjoint(_TOKEN.findall(clause_text.lower()))):
        return False
    # (the lower-case twins of these patterns: the same matches, a third faster)
    masked = blank_lower(lex.background_exception_re, clause_text, _MASK)
    # "born in 1999": a victim's age. (Every match of _BIRTH holds "born" or "(b." in some case, and
    # no other letter folds to these under IGNORECASE: a clause with neither has none to blank.)
    low = masked.lower()
    if "born" in low or "(b." in low:
        masked = blank_lower(_BIRTH, masked, _MASK)
    return search_lower(lex.background_re, masked) is not None


def _date_from_context(c: _Claim, sents: list[_Sentence], text: str, published, lex: _Lexicon,
                       cache: dict[int, list[_Date]], tokens: list[list[str]] | None) -> None:
    """An undated figure takes the incident date of the sentences just before it in the paragraph.
    ``tokens``: see _words."""
    skipped = False  # a sentence about an earlier war or clash was passed over
    for prev in reversed(sents[max(0, c.sent.index - 3):c.sent.index]):
        if c.sent.para - prev.para > 1:
            break
        a, b, p = _context_date(prev, text, published, lex, cache, tokens)
        if a and _passed_over(prev, text, lex, tokens):
            skipped = True
            continue
        old = a is not None and published is not None and (published - b).days > 90
        if a and not old:
            c.incident_start, c.incident_end, c.date_precision = a, b, p
            c.dated_by_context = True
            return
        if old and not skipped and p != "year" and not cache.get(c.sent.index):
            # the nearest day or month before it is old ("On October 28, 2020, the city was
            # shelled. ... 21 residents were killed"): the figure is background, as with a date of
            # its own (an anniversary story); a bare year is too loose a cue, and a date in the figure's
            # own sentence ("..., with tensions high after last September's war") sets it apart
            c.incident_start, c.incident_end, c.date_precision = a, b, p
            c.dated_by_context = c.is_background = True
            return
    # the lead often names the day one sentence later: "About 100 soldiers have been killed ...
    # Attacks on both sides on Tuesday ..."
    nxt = sents[c.sent.index + 1] if c.sent.index + 1 < len(sents) else None
    if nxt is not None and nxt.para == c.sent.para:
        a, b, p = _context_date(nxt, text, published, lex, cache, tokens)
        if a and not _is_background(text[nxt.start:nxt.end], lex, _words(nxt, tokens)):
            if not (published and (published - b).days > 90):
                c.incident_start, c.incident_end, c.date_precision = a, b, p
                c.dated_by_context = True


def _context_date(sent: _Sentence, text: str, published, lex: _Lexicon, cache: dict[int, list[_Date]],
                  tokens: list[list[str]] | None) -> tuple:
    """The incident date of a sentence around a figure, from its dates (read once a sentence, into
    ``cache``)."""
    if sent.index not in cache:
        cache[sent.index] = _dates(text[sent.start:sent.end], published, lex, _words(sent, tokens))
    return _incident_date(cache[sent.index])


def _passed_over(sent: _Sentence, text: str, lex: _Lexicon, tokens: list[list[str]] | None) -> bool:
    """Is a dated sentence before a figure one whose date is not the figure's: a byline or a date
    line, or a sentence about an earlier war or clash?"""
    s = text[sent.start:sent.end]
    return _is_meta_line(s, lex) or _is_background(s, lex, _words(sent, tokens))


def _words(sent: _Sentence, tokens: list[list[str]] | None) -> set[str] | None:
    """The words of a sentence, what ``_TOKEN.findall`` finds in its lower-case copy, or None to
    have the callee find them. ``tokens`` holds each sentence's words, the ``split()`` of its slice
    of the article lower-cased one character to one with every character but a-z made a space
    (text.letters_only), split once an article for the gates of the pipeline; or it is None when
    lower-casing does not keep the article's length (pipeline._letters_of)."""
    return set(tokens[sent.index]) if tokens is not None else None


#: the 2020 war, named
_THE_2020_WAR = LexiconPattern(r"\b2020\b|44-day|forty-four-day|six-week|second\s+(?:nagorno-)?(?:\L<regions.karabakh_spellings>)\s+war"
                               r"|patriotic\s+war", re.I)


#: words that tie a sentence to the period of the sentence before: "Of these, 70 ..." at its start,
#: "... during the specified period", "in the said period"
_SAME_PERIOD = LexiconPattern(r"^\s*(?:of|among)\s+(?:them|these|those)\s*,|\b(?:\L<grammar.period_prepositions>)\s+the\s+"
                              r"(?:\L<grammar.period_back>)\s+period\b", re.I)


def same_period_as_before(s: str) -> bool:
    """'382 people have fallen victim to landmines since November 2020. Of these, 70 have lost their
    lives', '... 341 citizens became victims of landmines. 65 people died and 276 were injured during
    the specified period': a sentence that opens on the toll before it ("Of these,") or names its
    period ("the same period") counts over that toll's time, so its figures are background when
    the toll is (a running tally, an earlier war). The pipeline takes the background of the largest
    figure of the sentence before."""
    return search_lower(_SAME_PERIOD, s) is not None  # (its lower-case twin: the same match, faster)


def _background_date(ctext: str, published: dt.date | None):
    if _THE_2020_WAR.search(ctext):
        return dt.date(2020, 1, 1), dt.date(2020, 12, 31), "year"
    return None, None, None
