"""Hostile article texts, for tests/test_scale.py and benchmarks/bench_hostile.py: the inputs of
issue 12 that made extraction quadratic."""

from __future__ import annotations

import random


def repeated(size: int) -> str:
    """The issue's first hostile text: "12 killed, " over and over, no full stop."""
    return ("12 killed, " * (size // 11 + 1))[:size]


def digits_and_words(size: int, seed: int = 1) -> str:
    """The issue's second: digits and casualty words at random, no sentence structure."""
    rnd = random.Random(seed)
    words = ["killed", "wounded", "soldiers", "12", "7", "Armenian", "Azerbaijani", "died", "servicemen",
             "300", "and", "were", "three", "the ministry said", "another", ","]
    return " ".join(rnd.choice(words) for _ in range(size // 4))[:size]


def speakers_and_shelling(size: int) -> str:
    """Sentences with speakers and attackers but few figures: the gate, the speaker memory and the
    masking of attackers ("Azerbaijani shelling") over a long text."""
    unit = ("The Armenian Defence Ministry said Azerbaijani shelling hit the village. "
            "Baku said Armenian fire wounded 2 soldiers. It said the ministry would respond. ")
    return (unit * (size // len(unit) + 1))[:size]


HOSTILE = (repeated, digits_and_words, speakers_and_shelling)
