"""The lexicon is checked when it loads: a phrase in two lists of a disjoint group is refused."""

import tomllib
from importlib import resources

import pytest

from casualties.extract.lexicon import DISJOINT_GROUPS, LexiconError, check_lexicon


def _raw() -> dict:
    return tomllib.loads(resources.files("casualties").joinpath("lexicon.toml").read_text("utf-8"))


def test_the_shipped_lexicon_is_consistent():
    check_lexicon(_raw())


@pytest.mark.parametrize("group", [g for g, _ in DISJOINT_GROUPS])
def test_a_phrase_in_two_lists_of_a_group_is_refused(group):
    raw = _raw()
    lists = dict(next(f for g, f in DISJOINT_GROUPS if g == group)(raw))
    first = next(name for name, phrases in lists.items() if phrases)
    second = next(name for name in lists if name != first)
    phrases = lists[first]
    phrase = phrases[0]
    # put the first list's first phrase into the second list too
    node = raw
    *path, leaf = second.split(".")
    for part in path:
        node = node[part]
    node[leaf] = list(node[leaf]) + [phrase.upper()]  # case and spacing do not hide a duplicate
    with pytest.raises(LexiconError, match=rf"{first}.*{second}|{second}.*{first}"):
        check_lexicon(raw)


#: The places the project's style names by both names (Armenian / Azerbaijani).
_BOTH_NAMES = [("Stepanakert", "Khankendi"), ("Shushi", "Shusha"), ("Martakert", "Aghdara"),
               ("Martuni", "Khojavend"), ("Kalbajar", "Karvachar"), ("Lachin", "Berdzor"),
               ("Askeran", "Khojaly")]


@pytest.mark.parametrize("armenian, azerbaijani", _BOTH_NAMES)
def test_the_gazetteer_knows_both_names_of_a_place_and_puts_them_on_one_side(armenian, azerbaijani):
    places = {p: side for side, ps in _raw()["places"].items() for p in ps}
    assert armenian in places and azerbaijani in places
    assert places[armenian] == places[azerbaijani]
