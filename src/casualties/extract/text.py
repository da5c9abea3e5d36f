"""Stage 1: sentences, paragraphs and clauses, with character offsets into the article."""

from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .limits import MAX_SENTENCE_CHARS, cut_point
from .lexicon import LexiconPattern, _lexicon
from .patterns import _CLAUSE_BREAK, _COMMA_BREAK, _DOT_BREAK, _INITIALS, _LETTERS3, _SENT_BREAK

#: characters that end a line as a sentence or a heading ends
_LINE_ENDS = frozenset('.!?:;"”\')]')

if TYPE_CHECKING:
    from .lexicon import _Lexicon


@dataclass(slots=True)  # (slots: made and read thousands of times per article; a little faster)
class _Sentence:
    start: int
    end: int
    para: int
    index: int


def _sentences(text: str) -> list[_Sentence]:
    """Sentences with their offsets; every line is its own paragraph (news copy puts one per line)."""
    out: list[_Sentence] = []
    abbreviations = _lexicon().abbreviations
    long = _longest_abbreviation() + 1  # (a word this long is no abbreviation: _abbreviation_before)
    for para, (offset, body) in enumerate(_paragraphs(text)):
        # (every sentence is a piece of ``body`` between breaks, with no whitespace around it: see
        # _paragraphs)
        start = 0
        stops = _stop_pattern(body)
        for m in () if stops is None else stops.finditer(body):
            end = m.start()
            if (end - start < long or not body[end - long:end].isalnum()) \
                    and _abbreviation_before(body, start, end, abbreviations):
                continue
            _add(out, body, offset, start, end + 1, para)
            start = m.end()
        _add(out, body, offset, start, len(body), para)
    return out


def _stop_pattern(body: str) -> re.Pattern | None:
    """The pattern that finds the sentence breaks (_SENT_BREAK) of a paragraph, or None when it can
    have none. Every break opens at a ".", "!" or "?" with a character after it (the whitespace
    it ends after, or the letter its look-ahead reads): a paragraph with no "!" or "?" and no "."
    before its last character (a headline, a one-sentence paragraph) has none. _DOT_BREAK finds
    the same breaks in a text with no "!" or "?", faster."""
    if "!" in body or "?" in body:
        return _SENT_BREAK
    return _DOT_BREAK if body.find(".", 0, -1) >= 0 else None


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """The paragraphs of ``text`` (its lines that are not blank), each without the whitespace
    around it, and its offset. Copy that was hard-wrapped (a line break every 70 characters,
    mid-sentence) is joined back: a line that does not end a sentence continues on the next when
    that one starts in lower case or the line ends with a comma ("Huseynov Asif, born in 1965, a
    resident of Seydimli\nvillage of the district, was wounded").

    Read without the whitespace around it, a paragraph has the sentence breaks (_SENT_BREAK) it
    has with it: none of them reads that whitespace (what follows a "." there, or a "." and the
    whitespace after it, is never the letter, digit, quote or bracket a break looks ahead to, nor
    what precedes a "." after it the letter it looks behind to). Every sentence is then a piece
    between breaks, with no whitespace around it either: a break ends after its whitespace, before
    the character its look-ahead saw, and the piece before it ends with its "."."""
    out: list[tuple[int, str]] = []
    pos = 0
    prev = ""  # the line before, without the whitespace around it ("" if blank)
    for line in text.splitlines(keepends=True):
        body = line.strip()
        if body:
            # (where the line opens with no whitespace, as nearly every line does, its first
            # character is the paragraph's: no stripped copy of the line to measure)
            start = pos if line[0] == body[0] else pos + len(line) - len(line.lstrip())
            if prev and prev[-1] not in _LINE_ENDS and (body[0].islower() or prev[-1] == ","):
                joined = out[-1][0]
                out[-1] = (joined, text[joined:start + len(body)])
            else:
                out.append((start, body))
        prev = body
        pos += len(line)
    return out


def _abbreviation_before(line: str, start: int, end: int, abbreviations: frozenset) -> bool:
    """Is the word before the stop at ``end`` (no further back than ``start``) an abbreviation
    ("Mr.", "p.m.") or initials ("U.S."), after which no sentence ends? Never when the
    ``_longest_abbreviation() + 1`` characters before the stop are all letters or digits (nearly
    always, and ``_sentences`` asks only when they are not): the word is then at least that long,
    longer than every abbreviation and initials."""
    j = _word_start(line, start, end)
    w = line[j:end].rstrip(".").lower()
    return w in abbreviations or (len(w) <= 3 and w != "" and _INITIALS.match(w) is not None)


@functools.cache
def _longest_abbreviation() -> int:
    """The length of the longest abbreviation, or of initials ("U.S", three), whichever is longer."""
    return max(3, *map(len, _lexicon().abbreviations))


def _word_start(line: str, start: int, end: int) -> int:
    """Where the word ending at ``end`` begins: the run of letters, digits, "." and "_" before it,
    not before ``start``. Nearly always that word follows a space, and when ``str.rfind`` finds the
    space, one test of the characters after it (all such: the walk back would stop just after the
    space, or at ``start``) stands for reading them back one by one."""
    j = line.rfind(" ", start, end) + 1 or start  # (0 only when no space is found: then ``start``)
    word = line[j:end]
    if word.isalnum() or word.replace(".", "").replace("_", "").isalnum():
        return j
    j = end  # (something else before the word, or no word: walk back over it)
    while j > start and (line[j - 1].isalnum() or line[j - 1] in "._"):
        j -= 1
    return j


def _add(out: list[_Sentence], line: str, line_start: int, a: int, b: int, para: int) -> None:
    """The sentence ``line[a:b]``, which has no whitespace around it: one, or (longer than
    MAX_SENTENCE_CHARS) several pieces of it."""
    if b - a > MAX_SENTENCE_CHARS:
        _add_pieces(out, line, line_start, a, b, para)
    else:
        out.append(_Sentence(line_start + a, line_start + b, para, len(out)))


def _add_pieces(out, line, line_start, a, b, para):
    r"""A list or a text without full stops, longer than MAX_SENTENCE_CHARS: read in pieces. The
    sentence ``line[a:b]`` has no whitespace around it (see _paragraphs: ``str.strip`` and the
    breaks' ``\s`` read the same characters as whitespace, those of ``str.isspace``)."""
    seg = line[a:b]
    s, e = 0, len(seg)
    while e - s > MAX_SENTENCE_CHARS:  # a list or a text without full stops: read in pieces
        cut = end = cut_point(seg, s, MAX_SENTENCE_CHARS)
        while end > s and seg[end - 1].isspace():
            end -= 1
        out.append(_Sentence(line_start + a + s, line_start + a + end, para, len(out)))
        s = cut
        while seg[s].isspace():
            s += 1
    if e > s:
        out.append(_Sentence(line_start + a + s, line_start + a + e, para, len(out)))


def _clauses(s: str) -> list[tuple[int, int]]:
    """The clauses of a sentence, (start, end) between its clause breaks (_CLAUSE_BREAK).

    The breaks are found by ``search`` from the end of the one before, which finds what
    ``finditer`` finds (no break is empty, so finditer too goes on at each match's end, and a
    search from ``pos`` reads the text before it as finditer does) without making a scanner: most
    sentences with a comma have no break, and one search answers that."""
    rx = _break_pattern(s)
    if rx is None:
        return [(0, len(s))]
    out, start = [], 0
    m = rx.search(s)
    while m is not None:
        out.append((start, m.start()))
        start = m.end()
        m = rx.search(s, start)
    out.append((start, len(s)))
    return out


def _break_pattern(s: str) -> re.Pattern | None:
    """The pattern that finds the clause breaks of ``s``, or None when it can have none. Every break
    (_CLAUSE_BREAK) holds a comma, ";", a dash, "while" or "whereas": most sentences without a comma
    have none of them, and in one with commas only the comma breaks (_COMMA_BREAK, found by jumping
    from comma to comma) can match. These tests are far cheaper than the patterns."""
    if ";" in s or "—" in s or "–" in s or "while" in s or "whereas" in s:
        return _CLAUSE_BREAK
    return _COMMA_BREAK if "," in s else None


def _is_meta_line(s: str, lex: _Lexicon) -> bool:
    """Bylines, 'Last update: ...' and date-only lines carry the article's date, not an incident's."""
    if len(s) >= 90:
        return False  # (both tests are for short lines: no lower-case copy of a long one)
    low = s.lower()
    if low.startswith(_meta_line_prefixes()):
        return True
    if len(s) < 40:
        # (``date_re``, one alternation of every date pattern, is tried through its lower-case twin:
        # the same matches at the same offsets, several times faster than the case-blind pattern,
        # whose thirty groups make each position costly. ``blank_lower`` with no mark is
        # ``date_re.sub("", s)``: one scan, which finds a date where it leaves a shorter line, since
        # no date pattern matches an empty text.)
        rest = blank_lower(lex.date_re, s, "")
        return len(rest) < len(s) and not _LETTERS3.search(rest)
    return False


@functools.cache
def _meta_line_prefixes() -> tuple[str, ...]:
    """The lexicon's ``dates.meta_line_prefixes``, as the tuple ``str.startswith`` reads (made once,
    not at every call of ``_is_meta_line``)."""
    return tuple(_lexicon().raw["dates"]["meta_line_prefixes"])


def may_hold_a_word_of(gate: frozenset, words: list[str] | None) -> bool:
    """A cheap gate before a pattern each of whose matches holds one of the words of ``gate`` as a
    whole run of a-z: False only where ``words`` (the runs of a-z, lower-cased, of the text to be
    searched; None where they cannot be read so, see ``folds_plainly``) holds none of them. Why the
    gate is exact for a pattern is said where it is used."""
    return words is None or not gate.isdisjoint(words)


def has_digit(s: str) -> bool:
    """An ASCII digit (0-9) in ``s``: ten substring tests, each a fast search in C, cost a fifth of
    a ``[0-9]`` pattern's scan, which steps through a sentence with no digit one character at a
    time (most sentences at the figure gate have none; the dates' "May 5" and "5 May" need one)."""
    return "0" in s or "1" in s or "2" in s or "3" in s or "4" in s or "5" in s or "6" in s or "7" in s \
        or "8" in s or "9" in s


def folds_plainly(text: str) -> bool:
    """Does IGNORECASE read ``text`` as ``text.lower()`` reads it? Not where it has "İ", "ı" or
    "ſ", which IGNORECASE matches to "i" or "s" without lower-casing to them: a lower-case twin or
    a substring test of ``text.lower()`` would miss such a match."""
    return text.isascii() or not ("ı" in text or "ſ" in text or "İ" in text)


#: every byte but a-z to a space (for ``letters_only``)
_LETTERS_ONLY = bytes(b if 97 <= b <= 122 else 32 for b in range(256))


def letters_only(low: str) -> str:
    """``low`` with every character but a-z turned into a space, at the same offsets: a text's
    words (the runs of a-z that _TOKEN finds in it) are then the ``split()`` of its slice, which
    costs a third of the pattern's scan. (Encoding to ASCII with "replace" turns each other
    character into one "?", so the offsets stay.)"""
    return low.encode("ascii", "replace").translate(_LETTERS_ONLY).decode("ascii")


def lower_twin(rx: re.Pattern, text: str, low: str | None = None) -> tuple[re.Pattern, str]:
    """The (pattern, text) to search instead of ``rx`` in ``text``, for a pattern of lexicon words
    compiled with IGNORECASE: its case-sensitive twin and the lower-cased text (``low``, if given,
    must be ``text.lower()``), which is a fifth to a half faster and finds the same matches, at the
    same offsets, since every letter of the pattern is lower case and ``str.lower()`` keeps offsets.
    Their groups are in lower case. Not so for the letters IGNORECASE matches to "i" or "s"
    without lower-casing to them ("İ", "ı", "ſ"): such a text is searched as it is.
    """
    known = _TWINS.get(id(rx))  # (what _lower_case_twin looks up first, without its call)
    if known is None or known[0] is not rx:
        _lower_case_twin(rx)
        known = _TWINS[id(rx)]
    twin = known[1]
    if twin is None:
        return rx, text
    # An ASCII text holding none of the four control characters that Unicode's \s reads as space
    # and ASCII's does not (\x1c-\x1f) is searched with the twin compiled with re.ASCII: the two
    # differ only in what \w, \d, \s and \b accept beyond ASCII (and in case folding, which a twin
    # does not do). A text with "ı", "ſ" or "İ" is searched as it is (``folds_plainly``, written
    # out with these tests: this runs some 60 times an article, nearly always on ASCII text).
    if text.isascii():
        if known[2] is not None and "\x1c" not in text and "\x1d" not in text and "\x1e" not in text \
                and "\x1f" not in text:
            twin = known[2]
    elif "ı" in text or "ſ" in text or "İ" in text:
        return rx, text
    return twin, text.lower() if low is None else low


def match_spans(rx: re.Pattern, text: str) -> list[tuple[int, int]]:
    """The spans of ``rx.finditer(text)``, found as ``lower_twin`` says."""
    return [m.span() for m in finditer_lower(rx, text)]


def finditer_lower(rx: re.Pattern, text: str, low: str | None = None):
    """``rx.finditer(text)`` as ``lower_twin`` says: the same matches, with groups in lower case."""
    rx, text = lower_twin(rx, text, low)
    return rx.finditer(text)


def matches_at_words(rx: re.Pattern, text: str, hay: str, words) -> list[re.Match]:
    """``list(rx.finditer(text))`` for a pattern whose every match opens with one of ``words`` as it
    is written in ``hay`` (``text`` itself, or its lower-cased copy at the same offsets): the
    pattern is tried only where one of them begins, as finditer would, going on after each match's
    end. A scan of the whole text tries the pattern at every character."""
    starts = []
    for w in words:
        p = hay.find(w)
        while p >= 0:
            starts.append(p)
            p = hay.find(w, p + 1)
    return matches_at(rx, text, starts)


def matches_at(rx: re.Pattern, text: str, starts: list[int]) -> list[re.Match]:
    """``list(rx.finditer(text))`` for a pattern whose every match begins at one of ``starts``: the
    pattern is tried at each of them in text order, as finditer would, going on after each match's
    end."""
    out: list[re.Match] = []
    end = 0
    # (most calls find one start or none, and a list of fewer than two is in order already: no
    # sorted copy for them)
    for p in starts if len(starts) < 2 else sorted(starts):
        if p >= end:
            m = rx.match(text, p)
            if m:
                out.append(m)
                end = m.end()
    return out


def blank_lower(rx: re.Pattern, text: str, mark: str = " ") -> str:
    """``text`` with every match of ``rx`` replaced by as many ``mark`` characters (what
    ``rx.sub(lambda m: mark * len(m.group(0)), text)`` gives), the matches found as ``lower_twin``
    says."""
    pieces, pos = [], 0
    for m in finditer_lower(rx, text):
        a, b = m.span()
        pieces += [text[pos:a], mark * (b - a)]
        pos = b
    return "".join(pieces) + text[pos:] if pieces else text


def search_lower(rx: re.Pattern, text: str, pos: int = 0, endpos: int = sys.maxsize,
                 low: str | None = None) -> re.Match | None:
    """``rx.search(text, pos, endpos)`` as ``lower_twin`` says: the same match, with groups in lower
    case (a look-behind at ``pos`` reads the lower-cased text before it, as the pattern reads the
    text). ``low``, if given, must be ``text.lower()``: a caller searching one text with several
    twins lower-cases it once."""
    rx, text = lower_twin(rx, text, low)
    return rx.search(text, pos, endpos)


def match_lower(rx: re.Pattern, text: str, pos: int = 0, low: str | None = None) -> re.Match | None:
    """``rx.match(text, pos)`` as ``lower_twin`` says: the same match, with groups in lower case.
    ``low``, if given, must be ``text.lower()`` (as for ``search_lower``)."""
    rx, text = lower_twin(rx, text, low)
    return rx.match(text, pos)


#: id(pattern) -> (pattern, its twin or None, the twin compiled with re.ASCII or None); by id,
#: since hashing a pattern hashes all its code
_TWINS: dict[int, tuple[re.Pattern, re.Pattern | None, re.Pattern | None]] = {}
#: The longest pattern given an ASCII twin: compiling one costs about a millisecond per thousand
#: characters, once per process, and the longest (post_re, 25,000 characters: 30 ms) is tried on
#: short windows, where its ASCII form saves less than that in ten thousand articles.
ASCII_TWIN_MAX_CHARS = 5000


def _lower_case_twin(rx: re.Pattern) -> re.Pattern | None:
    r"""``rx`` without IGNORECASE, or None if it names an upper-case or odd letter (escapes and
    group names aside). Its ASCII form is kept beside it (``_TWINS``): on an ASCII text the
    engine tests ``\w`` and ``\s`` by a table instead of Unicode's character database, which
    makes a scan of a look-behind like ``(?<![\w'’-])`` at every character a tenth to a third
    faster."""
    known = _TWINS.get(id(rx))
    if known is None or known[0] is not rx:
        # (a LexiconPattern not compiled yet is read from its source: its twin may be all it needs)
        pattern, flags = rx.source_and_flags() if isinstance(rx, LexiconPattern) else (rx.pattern, rx.flags)
        letters = re.sub(r"\\.|\(\?P<\w+>|\(\?P=\w+\)", "", pattern)
        twin = ascii_twin = None
        # (every character its own lower case: one comparison of the string, not one per character,
        # which took 8 ms of a process's first call on post_re's 142,000)
        if flags & re.IGNORECASE and not re.search(r"\(\?\w*-\w*i", letters) \
                and letters == letters.lower() and "ı" not in letters and "ſ" not in letters:
            twin = re.compile(pattern, flags & ~re.IGNORECASE)
            if len(pattern) <= ASCII_TWIN_MAX_CHARS:
                ascii_twin = re.compile(pattern, flags & ~(re.IGNORECASE | re.UNICODE) | re.ASCII)
        known = _TWINS[id(rx)] = (rx, twin, ascii_twin)
    return known[1]
