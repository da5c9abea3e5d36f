"""Numbers written as digits or words, and the ways a count can be written (for evidence checks)."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from .lexicon import _key, _lexicon
from .text import lower_twin, matches_at_words

if TYPE_CHECKING:
    from .lexicon import _Lexicon


#: bytes.translate table: each ASCII digit to "0", a-z kept, every other byte to a space
_ZEROS_AND_LETTERS = bytes(48 if 48 <= b <= 57 else b if 97 <= b <= 122 else 32 for b in range(256))


def number_matches(s: str, lex: _Lexicon, words: set, singles: bool, low: str | None = None) -> list[re.Match]:
    """``list(finditer_lower(rx, s))`` for ``rx`` = ``lex.number_re`` (``singles``: "a", "an" and
    "another" count too) or ``lex.number_plural_re``, the pattern tried only where a match can
    begin (``words``: the sentence's runs of a-z, lower-cased). Every match opens after a
    character that is no letter or digit (its look-behind rules out ``\\w``), either with a digit
    (a decimal before a scale word, digits) or with a number word, a phrase's first word or
    "a"/"an"/"another" as a whole run of letters, after which a space, a hyphen or (the
    look-ahead) no letter or digit follows. So in the copy of the lower-cased sentence with each
    digit made "0", a-z kept, every other character a space and a space at each end
    (``_zeros_and_letters``), a match opens only where " 0" or " word " is found, for ``word`` one
    of those words among ``words``; the copy's leading space puts the offset of the find on the
    match's first character. The pattern is tried at those places only, as finditer would, going
    on after each match's end (``matches_at_words``). A scan of the whole sentence, which tries
    the look-behind and the alternatives at every character, costs several times more. (A text
    with "İ", "ı" or "ſ" is scanned as before.) ``low``: ``s.lower()``, if the caller has it."""
    rx = lex.number_re if singles else lex.number_plural_re
    first = _first_words(singles)
    twin, low = lower_twin(rx, s, low)
    if twin is rx or first is None:
        return list(rx.finditer(s))
    return matches_at_words(twin, low, _zeros_and_letters(low), [" 0", *(f" {w} " for w in first & words)])


def _zeros_and_letters(low: str) -> str:
    """``low`` with each ASCII digit made "0", a-z kept and every other character a space, with a
    space before and after it. (Encoding to ASCII with "replace" turns each other character into
    one byte, so the offsets stay, one on for the leading space.)"""
    return f" {low.encode('ascii', 'replace').translate(_ZEROS_AND_LETTERS).decode('ascii')} "


@functools.cache
def _first_words(singles: bool) -> frozenset | None:
    """The words that open a match of ``number_re`` (``singles``) or ``number_plural_re`` when it
    does not open with a digit: the number words, the first word of each phrase ("half a dozen"),
    and "a", "an", "another"; None when one is not a plain lower-case word (then
    ``number_matches`` cannot find their places and scans)."""
    num = _lexicon().raw["numbers"]
    first = {*num["units"], *num["tens"], *num["scales"], *(p.split()[0] for p in num["phrases"])}
    if singles:
        first |= set(num["singular"])
    return frozenset(first) if all(w.isascii() and w.isalpha() and w.islower() for w in first) else None


#: between the words of a number written out ("twenty-one", "one hundred and five"), compiled once:
#: the same split as ``re.split(r"[\s-]+", ...)`` without its look-up in the module's pattern cache
_NUMBER_WORD_BREAK = re.compile(r"[\s-]+")


def _parse_number(m: re.Match, lex: _Lexicon) -> int | None:
    """The value of a match of ``number_re`` or ``number_plural_re``. Which kind of number it is
    comes from ``m.lastgroup``: the patterns' only capturing groups are the five named ones
    (scaled, digits, phrase, words, single), alternatives of one group with none inside another,
    and none can match empty, so the one group that took part is the last (and only) one
    matched: one look-up instead of a ``group()`` call per kind."""
    kind = m.lastgroup
    if kind == "scaled":  # "2.9 thousand"
        number, scale = m.group("scaled").split()
        return round(float(number.replace(",", ".")) * (1000 if scale.lower() == "thousand" else 1_000_000))
    if kind == "digits":
        digits = m.group("digits")
        # (up to three characters are digits only: a thousands separator comes after one to three
        # digits and before three more)
        return int(digits) if len(digits) < 4 else int(digits.replace(",", "").replace(" ", "").replace("\u00a0", ""))
    if kind == "phrase":
        return lex.raw["numbers"]["phrases"].get(_key(m.group("phrase")))
    if kind == "single":
        return 1
    written = m.group("words").lower()
    if written.isalpha():
        # a single word, "seven", "hundred": letters only, no white space or hyphen to split at (and
        # no match is "and" alone), so ``_words_value([written])``, which is the word's own value: a
        # scale word alone multiplies one (checked for every number word by
        # test_a_number_word_alone_is_worth_its_own_value)
        return lex.word_values[written]
    return _words_value([w for w in _NUMBER_WORD_BREAK.split(written) if w != "and"], lex)


def _words_value(words: list[str], lex: _Lexicon) -> int | None:
    """The value of a number written out in ``words`` (lower case, without "and"): "two hundred
    five", "twenty one", "two dozen"."""
    if "dozen" in words[:-1]:
        return None  # "dozen three": a dozen ends a number ("two dozen"); words after it make none
    total = current = 0
    for w in words:
        v = lex.word_values[w]
        if w == "dozen":  # "two dozen": a multiplier, like "hundred"
            current = max(current, 1) * 12
        elif v == 100:
            current = max(current, 1) * 100
        elif v == 1000:
            total += max(current, 1) * 1000
            current = 0
        else:
            current += v
    return total + current


def count_surfaces(count: int) -> set[str]:
    """The ways a count can be written in evidence text (for checks): digits, number words, 'a'.

    >>> sorted(count_surfaces(1))[:3]
    ['1', 'a', 'an']
    """
    lex = _lexicon()
    out = {str(count), f"{count:,}", f"{count:,}".replace(",", " ")}
    if count >= 1000 and count % 100 == 0:  # "2.9 thousand", "6 thousand"
        out.add(f"{count / 1000:g} thousand")
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
