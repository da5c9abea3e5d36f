"""Numbers written as digits or words, and the ways a count can be written (for evidence checks)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .lexicon import _key, _lexicon

if TYPE_CHECKING:
    from .lexicon import _Lexicon


def _parse_number(m: re.Match, lex: _Lexicon) -> int | None:
    if m.group("scaled"):  # "2.9 thousand"
        number, scale = m.group("scaled").split()
        return round(float(number.replace(",", ".")) * (1000 if scale.lower() == "thousand" else 1_000_000))
    if m.group("digits"):
        return int(m.group("digits").replace(",", "").replace(" ", "").replace("\u00a0", ""))
    if m.group("phrase"):
        return lex.raw["numbers"]["phrases"].get(_key(m.group("phrase")))
    if "single" in m.re.groupindex and m.group("single"):
        return 1
    total = current = 0
    words = [w for w in re.split(r"[\s-]+", m.group("words").lower()) if w != "and"]
    if "dozen" in words[:-1]:
        return None  # "dozen three": a dozen ends a number ("two dozen"); words after it make none
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
