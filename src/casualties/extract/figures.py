"""Stage 2: candidate figures (a number and the noun phrase it counts), breakdowns and gapping."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .category import _categorise, _gap_ok
from .claimant import _classify_speaker
from .lexicon import _TOKEN, _gate_words, _key, _lexicon, gate_words, word_list, LexiconPattern
from .numbers import _parse_number, number_matches
from .side import _np_side_from
from .text import folds_plainly, letters_only, lower_twin, match_lower, matches_at_words, search_lower
from .patterns import (
    LIST_WORDS,
    _AMONG_THE,
    _TOLD_HE_WAS,
    _ORDINAL_TALLY,
    _AND_NEXT,
    _FROM_SIDE,
    _BREAKDOWN_LEAD,
    _PAREN_PART,
    _LIST_GLUE,
    _SUBSET_OF,
    _WERE_POPULATION,
    _NAME_LIST_AFTER,
    _NAME_LIST_BEFORE,
    _BARE_LEAD,
    _BARE_AFTER_VERB,
    _HANDED_TO,
    _HANDED_BEFORE,
    _TO_SIDE_AFTER,
    _OWN_VERB,
    _THE_END,
    _WHO_START,
    _OF_THE_NUMBER,
    _VAGUE_SCALE_END,
    _SPEAKER_BEFORE_NAME,
    _SPEAKER_TITLE_END,
    _TOTAL_TO,
    _AMONG_ARE,
    _CAPTIVES_KILLED,
    _AMONG_AFTER,
    _OF_THEM_POP,
    _ORDINAL_ONE,
    _WOUNDED_DIED,
    _WHOM_END,
    _PARTS_OPEN,
    _GAPPED_SERVICE,
    _THESE_END,
    _THE_OTHER_END,
    _UNIT_PART,
    _RANGE_LOW,
    _TOLL_GATE,
    _DASH_PART,
    _FIRST_WORDS,
    _THEN_DIES,
    _AGED_AND_END,
    _ANOTHER_END,
    _COMMA_END,
    _DIGIT_START,
    _IN_TOTAL_AFTER,
    _MORE,
    _NEXT_WORD,
    _NP_STOP,
    _OF_DET,
    _OF_THE_END,
    _OF_THEM,
    _ON_SIDE,
    _SHARED_HEAD,
    _SIDE_LIST_GLUE,
    _NP_WORDS,
    _YEAR_DIGITS,
    PARTIES,
)

if TYPE_CHECKING:
    from .claimant import _Speaker
    from .lexicon import _Lexicon


@dataclass(slots=True)  # (slots: made and read thousands of times per article; a little faster)
class _Figure:
    start: int                 # the number as written, in sentence coordinates
    end: int
    value: int
    kind: str                  # num | single (a/an/another) | named | pronoun (he/she)
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
    surname_side: str | None = None  # the side a named victim's surname ending suggests
    side_word: str = ""       # the word in its own noun phrase that named the side ("Armenian")
    subject_word: str = ""    # the word that named subject_side ("the Armenian side lost ...")
    clause: int = 0
    speaker: object = None     # the subject of a gapped clause ("... and Azerbaijan 2"), who speaks
    siblings: list | None = None  # the figures of one list that share its casualty words
    siblings_start: int = -1   # "four of the 17 soldiers": where the group's own number stands
    released: bool = False     # counted as they were released, exchanged or returned
    bodies: bool = False       # a count of bodies or remains, not of deaths
    name: str = ""             # a named victim's name as written ("Vagif Khachatryan")
    surnames: tuple = ()       # the last word of every name a named figure counts ("Euljekjian", "Najarian")
    other_group: bool = False  # "the previous group of 15": not the group counted elsewhere in the story
    part_of_before: bool = False  # "Of them, 719 are civilians": a part of the toll of the sentence before


def _parse_np(s: str, pos: int, lex: _Lexicon,
              low: str | None = None) -> tuple[str | None, str | None, int, str, bool, bool, bool]:
    """The noun phrase after a number: (head kind, head value, end, modifiers, more, possessive, subset).

    Accepts "of its/their/our/them/the" before it and up to four modifiers ("Karabakh Armenian
    police officers", "65-year-old farmer"). subset is True for "one of the dead", "of the 49 ...".
    ``low``: ``s.lower()`` if the caller has it (for ``match_lower``).
    """
    more = possessive = False
    if s.startswith(" from ", pos):
        unit = _UNIT_PART.match(s, pos)
        if unit:  # "15 from the army and five from the border service": a part named by its unit
            return "person", "military", unit.end(), "", False, False, False
    m = _OF_DET.match(s, pos)
    if m:
        det = m.group(1).lower()
        if det == "whom":  # "314 people (61 of whom died)": a part of the people before
            return "person", "unknown", m.end(), "", False, False, False
        if det == "them":
            return "person", "unknown", m.end(), "", False, True, False
        unit = _UNIT_PART.match(s, pos) if det in ("the", "its", "their") else None
        if unit:  # "including 25 of the army and 5 border guards": a part named by its unit
            return "person", "military", unit.end(), "", False, det != "the", False
        if det in ("the", "these", "those"):
            nxt = _NEXT_WORD.match(s, m.end())
            if nxt and nxt.group(1).lower() in lex.vague_groups and s.startswith(" of ", nxt.end()):
                # "at least 19 of the hundreds of Armenian captives": a part of a group with no count
                return _parse_np(s, nxt.end() + 3, lex, low)
            if not nxt or _DIGIT_START.match(nxt.group(1)) or (nxt.group(1).lower(),) in lex.heads and \
                    lex.heads[(nxt.group(1).lower(),)][0] == "casualty" or nxt.group(1).lower() in lex.word_values:
                return None, None, pos, "", False, False, True
            if det in ("the", "those") and nxt.group(1).endswith("ed") and nxt.group(1).islower():
                # "68 of those captured were killed", "18 of those freed later died": a part of a
                # group named by what happened to it, with a verb of its own
                return "person", "unknown", nxt.end(), "", False, False, False
        else:
            possessive = True
        pos = m.end()
    elif s.startswith(" of ", pos):
        nxt = _NEXT_WORD.match(s, pos + 3)
        if nxt and nxt.group(1)[:1].isupper() and _key(nxt.group(1)) in lex.side_of:
            pos += 3  # "two of Azerbaijani servicemen were killed": a translation's "of" before the people
    run = _NP_WORDS.match(s, pos, pos + 90)
    if run is None:  # (no word right after it: no noun phrase)
        return None, None, pos, "", False, possessive, False
    # The words stop at punctuation: they are the first eight _WORDs within 90 characters, up to the
    # first that has something other than whitespace before it. Each of them lower-cased: the same
    # words as the lower-cased run of words split at whitespace (str.lower() makes no whitespace and
    # keeps it, and what a word lower-cases to does not depend on the words around it).
    words = run.groups()[:run.lastindex]
    lows = run.group(0).lower().split()
    i = 0  # (the words before the i-th are the modifiers read so far)
    while i < len(words) and i <= 5:
        lw = lows[i]
        described = 0
        if lw in lex.premodifier_of and i == 0 and _person_noun_follows(lows[i + 1:i + 4], lex):
            # "seven captured Armenian soldiers": a participle before the noun describes it
            i += 1
            continue
        for n in lex.head_lens.get(lw, ()):
            if n == 1:  # (most heads: one word)
                key = (lw,)
            else:
                if n > len(words) - i:
                    continue
                key = tuple(lows[i:i + n])
            if key in lex.heads:
                kind, value = lex.heads[key]
                after = lows[i + n] if i + n < len(words) else None
                if kind == "person" and after is not None and lex.heads.get((after,), ("",))[0] == "casualty" \
                        and after not in lex.post_of:
                    described = n  # "50 civilian deaths": the person noun describes the casualty noun
                    break
                if kind == "person" and key[0] not in _MORE and _person_after(run, lows, i + n, s, lex, low):
                    described = n  # "an elderly woman", "a civilian driver": the last noun is the head
                    break
                if kind == "person" and after is not None and after in lex.things_after:
                    return "other", None, pos, " ".join(words[:i]), False, possessive, False  # "personnel carriers"
                if key[0] in _MORE and n == 1 and after is not None and after not in _NP_STOP:
                    break  # "more soldiers", "more districts": "more" is a modifier here
                if key[0] in _MORE:
                    more = True
                return kind, value, run.end(i + n), " ".join(words[:i]), more or any(x in _MORE for x in lows[:i]), \
                    possessive, False
        if described:
            i += described
            continue
        if lw in ("and", "or") and 0 < i < 3 and i + 1 < len(words) and words[i + 1].islower() \
                and (words[i + 1],) not in lex.heads and _person_noun_follows(lows[i + 1:i + 4], lex):
            # "eight current and former leaders", "former political and military leaders": two
            # modifiers joined, one noun
            i += 1
            continue
        if lw in _NP_STOP or lw in lex.date_words or i >= 4 or match_lower(lex.post_re, s, run.start(i + 1), low) \
                or lw in lex.word_values or lw.isdigit():
            # (a number ends it too: the noun after it is that number's)
            break  # "4 received injuries": the casualty words start here, there is no noun
        i += 1
    mods = words[:i]
    if mods and lows[0] in _MORE and (len(mods) == 1 or _key(mods[1]) in lex.side_of):
        return "person", "unknown", run.end(1), "", True, possessive, False  # "two more", "three more Armenian"
    if mods and all(_key(x) in lex.side_of or _key(x) in _KIND_WORDS for x in mods) \
            and _SHARED_HEAD.match(s, run.end(len(mods))):
        # "four Armenian and three Azerbaijani soldiers": the noun is shared with the next figure
        return "person", "unknown", run.end(len(mods)), " ".join(mods), False, possessive, False
    if mods:  # an unknown noun ("tanks", "settlements"): not people
        return "other", None, pos, " ".join(mods), False, possessive, False
    return None, None, pos, "", False, possessive, False


def _premodified(s: str, b: int, lex: _Lexicon) -> bool:
    """Is the word after a number a participle that describes the people ("two wounded civilians")?"""
    nxt = _NEXT_WORD.match(s, b)
    return bool(nxt) and nxt.group(1).lower() in lex.premodifier_of


def _person_after(run: re.Match, lows: list[str], j: int, s: str, lex: _Lexicon, low: str | None) -> bool:
    """A person noun right after another one, side words or one other modifier aside ("elderly
    Armenian woman", "civilian road workers"): in the words of ``run`` (_NP_WORDS) from the j-th,
    ``lows`` their lower case (``low``: ``s.lower()`` or None, for ``match_lower``)."""
    other = 0
    for k in range(j, min(j + 3, len(lows))):
        lw = lows[k]
        if lex.heads.get((lw,), ("",))[0] == "person":
            return lw not in _MORE
        if lw not in lex.side_of:
            other += 1
            if other > 1 or not run[k + 1].islower() or lw in _NP_STOP or lw in lex.word_values or lw.isdigit() \
                    or (lw,) in lex.heads or match_lower(lex.post_re, s, run.start(k + 1), low):
                return False
    return False


def _person_noun_follows(lows: list[str], lex: _Lexicon) -> bool:
    """'seven captured Armenian soldiers': a person noun within the next words (lower-cased, with
    only whitespace between them), before any conjunction or number ('37 wounded and 5 soldiers' is
    two figures, not one; punctuation ends the words: so is '100 injured) became victims')."""
    for lw in lows:
        if lw in _NP_STOP or _DIGIT_START.match(lw) or lw in lex.word_values:
            return False
        if (lw,) in lex.heads and lex.heads[(lw,)][0] in ("person", "nationality"):
            return True
    return False


def _figures(s: str, date_spans: list[tuple[int, int]], lex: _Lexicon, words: set) -> list[_Figure]:
    figs: list[_Figure] = []
    no_row: list[_Figure] = []  # the last part of a list that gives the list its words but is no row itself
    singles = "another" in words or not lex.singular_words.isdisjoint(words)
    skip: set[int] = set()  # numbers that a figure before them has read as part of its own words
    low = s.lower()  # (the sentence lower-cased once, for the lower-case twins tried on it below)
    for m in number_matches(s, lex, words, singles, low):
        a, b = m.span()
        if a in skip or date_spans and any(x <= a < y for x, y in date_spans):
            continue
        value = _parse_number(m, lex)
        if value is None:
            continue
        plus = s.startswith("+", b) and m.group("digits") is not None and not s[b + 1:b + 2].isdigit()
        if plus:  # "200+ people": at least 200 (ANNOTATION.md)
            b += 1
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
            part = _part_of_count(s, a, b, value, lex)
            if part:  # "Four of the 17 Armenian servicemen were injured"
                figs.append(part)
                skip.add(part.siblings_start)
            continue  # "one of seven martyrs": the subset, not the total
        before = s[:a]
        # the last word before the number, in lower case: each pattern below that ends with a word
        # ("of the ", "these ", "Sahakyan, ") is tried only when this word ends as it does
        last = _last_word(before[-40:])
        if m.group("words") and m.group("words").lower() in ("hundred", "thousand", "dozen") \
                and _VAGUE_SCALE_END.search(before[-20:]):
            continue  # "several thousand were killed": vague (ANNOTATION.md)
        if last.endswith(_not_count_ends()) and search_lower(lex.not_count_before_re, before[-25:]) \
                or "aged" in before[-25:] and _AGED_AND_END.search(before[-25:]):
            continue  # "aged 19", "post No. 3"
        if value < 120 and last.endswith(",") and _NAME_COMMA_END.search(before[-30:]) and rest.lstrip().startswith(","):
            continue  # "Hamlet Sahakyan, 45, a resident of Khramort": an age after a name
        if last.endswith(("of", "among", "the", "these", "those")) and _OF_THE_END.search(before[-40:]):
            continue  # "Of the 49 dead, 16 were officers": a reference to a figure given before
        if last.endswith(("the", "these", "those", "other", "remaining")) and (
                (_THE_END.search(before[-5:]) and _OWN_VERB.match(s, b)) or _THESE_END.search(before[-10:])
                or (_THE_OTHER_END.search(before[-20:]) and _premodified(s, b, lex))):
            continue  # "these 12 POWs", "the other two wounded civilians": people counted before
        head_kind, head_value, np_end, mods, more, possessive, subset = _parse_np(s, b, lex, low)
        if head_kind == "person" and _ends_with_victims(s, np_end) and _OF_THE_VICTIMS_END.search(s, b, np_end):
            subset = True  # "two of the victims were civilians": a part of a toll, not victims of their own
        if head_kind == "other" and "lives" in s[b:b + 30].lower():
            lives = _lives_taken(s, a, b, lex)
            if lives:  # "the war claimed 7,000 lives": the lives a war took are its dead
                head_kind, head_value, np_end, mods = "casualty", "killed", lives, ""
        if subset:
            died = _WOUNDED_DIED.match(s, b) or _CAPTIVES_KILLED.match(s, b)
            if died:  # "two of the wounded later died": the wounded who died are dead
                figs.append(_Figure(a, b, value, "num", head_kind="person", np_end=died.end(), ev_start=a,
                                    ev_end=died.end(), category="killed", source="post"))
                continue
            sub = _population_subset(s, b, lex)
            if sub:  # "Two of the dead were civilians": a subset by population is a figure too
                f = _Figure(a, b, value, "num", head_kind="person", np_end=sub[1], ev_start=a, ev_end=sub[1],
                            category=sub[0], source="subset")
                figs.append(f)
            continue
        part = _opening_part(s, a, b, lex) if not figs and possessive else None
        if part:  # "Around 1,000 of them are Armenians": a part of the toll of the sentence before
            f = _Figure(a, b, value, "num", head_kind="person", np_end=part, ev_start=a, ev_end=part,
                        category=VICTIMS, source="subset", part_of_before=True)
            qm = _qualifier_end(before[-40:], last, lex)
            if qm:
                f.qualifier = lex.qualifier_of[_key(qm.group(1))]
            figs.append(f)
            continue
        if head_kind is None and not mods or figs and figs[-1].source == "subset" and _GAPPED_SERVICE.match(s, b):
            sub = _subset_after_anchor(s, a, b, lex) or _subset_of_whom(s, a, b, figs, lex)
            if sub:  # "among the dead servicemen, 180 were employees of the Ministry of Defence"
                figs.append(_Figure(a, b, value, "num", head_kind="person", np_end=sub[1], ev_start=a,
                                    ev_end=sub[1], category=sub[0], source="subset"))
                figs[-1].part_of_before = sub[0] == VICTIMS and all(g.source == "subset" for g in figs if g.category)
                continue
        if head_kind in ("other", "rank"):
            continue
        kind = "num"
        if single:
            w = single.lower()
            if w == "another":
                more = True
                nxt = lex.number_re.match(s, b + 1) if b < len(s) else None
                if nxt and nxt.group("digits") or nxt and nxt.group("words") or nxt and nxt.group("phrase"):
                    continue  # "another 43": the number carries the count
            elif head_kind not in ("person", "casualty") or (head_value is None) or (
                    _key(s[b:np_end].split()[-1]) not in lex.singular_persons
                    and _key(" ".join(s[b:np_end].split()[-2:])) not in lex.singular_persons):  # "border guard"
                continue  # "a" only counts before a singular person noun: "an Azerbaijani soldier"
            kind = "single"
        f = _Figure(a, b, value, kind, head_kind=head_kind, head_value=head_value, np_end=max(np_end, b),
                    np_text=mods, more=more, possessive=possessive)
        # qualifier, and "another" before a number
        qm = _qualifier_end(before[-40:], last, lex)
        qstart = a
        if qm and qm.group(1).lower() == "about" and _told_about(s, a - (len(before[-40:]) - qm.start())):
            qm = None
        if qm:
            f.qualifier = lex.qualifier_of[_key(qm.group(1))]
            qstart = a - (len(before[-40:]) - qm.start())
        elif plus:
            f.qualifier = "at_least"
        am = _ANOTHER_END.search(s, max(0, qstart - 30), qstart) \
            if qstart != a or last.endswith(("another", "further", "additional")) else None
        if am:
            f.more = True
            qstart -= len(s[:qstart]) - am.start()
        f.ev_start, f.ev_end = qstart, f.np_end
        f.other_group = (qstart != a or last.endswith("of")) and _may_name_group(s[max(0, qstart - 40):qstart]) \
            and _OTHER_GROUP.search(s, max(0, qstart - 40), qstart) is not None
        _categorise(f, s, qstart, lex)
        if f.source == "post" and _ONE_OF_THE.match(s, b) and _GROUP_VERB.fullmatch(f.gap_text):
            continue  # "mourn one of the soldiers killed on Tuesday": the words describe the group
        if f.category is None and head_kind == "person" and ("mong" in before or "nclud" in before):
            among = _AMONG_ARE.search(before[-140:])
            if among is None and (listed := _EARLIER_PARTS_END.search(before[-140:])):
                # "Among those killed are 10 women and 8 children": a part after one that is no row
                among = _AMONG_ARE.search(before[-140:], 0, listed.start())
            cat = _among_category(among, lex) if among else None
            if cat and _is_population(s[b:f.np_end].split()[-1], lex):
                # "Among the dead are two children": a part named by who the people were
                f.category, f.source = cat, "subset"
                f.ev_start = a - (len(before[-140:]) - among.start())
                # ("Among them there are 4 employees of ...": a part of the toll of the sentence before)
                f.part_of_before = cat == VICTIMS and not any(g.category for g in figs)
        if f.category is None and head_kind == "person" and " among " in s[f.np_end:f.np_end + 30]:
            among = _AMONG_AFTER.match(s, f.np_end)
            cat = _casualty_category(among.group("cas"), lex) if among else None
            if cat and _is_population(s[b:f.np_end].split()[-1], lex):
                # "Three civilians were among the dead": the same part, said the other way round
                f.category, f.source, f.ev_end = cat, "subset", among.end()
            elif cat and _EARLIER_PARTS_END.search(s, max(0, f.ev_start - 120), f.ev_start):
                # "71 children, 267 women, and 326 elderly people are among the missing": the last
                # part is no row, but the list before it shares its words
                f.category, f.source, f.ev_end = cat, "post", among.end()
                no_row.append(f)
        figs.append(f)
    if not figs and s.startswith(("He ", "She ")):
        f = _Figure(0, 0, 1, "pronoun", head_kind="person", np_end=s.index(" "), ev_start=0, ev_end=s.index(" "))
        _categorise(f, s, 0, lex)
        if f.source == "post":  # "He died on his way to hospital": one person, maybe one counted before
            figs.append(f)
    if not figs and not lex.singular_words.isdisjoint(words):
        bare = _bare_singular(s, lex)
        if bare:
            figs.append(bare)
    if not lex.singular_words.isdisjoint(words):
        objects = _bare_after_verb(s, words)
        figs = _bare_objects(s, figs, lex, objects) if objects else figs
    if not lex.kin_words.isdisjoint(words) and ("his" in words or "her" in words or "their" in words
                                                 or "s" in words):  # ("s": "Arevshatian's son")
        figs = _kin(s, figs, lex)
    # (the surname gate read once for both its tests below: the words do not change in between; the
    # words that end like a surname, read once for the gate and for _named's own test: each
    # sentence that reaches either needs them; the title words of the sentence, read once for the
    # gate and for _named's _title_spans)
    present = lex.title_words & words
    titled, paired, ends = bool(present), " and " in s, surname_words(words, lex)
    surnamed = _has_long_surname(ends) if paired or not titled else False
    if titled or surnamed:
        named = _named(s, figs, lex, words, ends, low, present)
        if named:  # (none in most sentences: the figures are in text order already)
            figs = sorted(figs + named, key=lambda f: f.start)
    if "since" in words or "this" in words or "far" in words:
        figs = sorted(figs + _ordinal_tallies(s, lex), key=lambda f: f.start)
    if figs and not lex.ordinal_words.isdisjoint(words):
        figs = sorted(figs + _ordinal_ones(s, figs, lex), key=lambda f: f.start)
    # (each of the five readings below relates a figure to another one of the sentence: with one
    # figure or none, each leaves the figures as they are, and none is called)
    several = len(figs) > 1
    if several:
        _dash_parts(figs, s, lex)
        if "to" in words:
            _running_totals(figs, s)
        _shared_predicate(figs, s, lex)
    for f in no_row:
        for x in f.siblings or [f]:
            if _not_a_part(x, s, lex):
                x.category = None
    if several:
        _parenthetical_parts(figs, s)
        _casualties_against_wounded(figs, s)
    if paired and surnamed:
        _named_pair(figs, s, lex)
    if " to " in s or "between" in low:
        figs = _ranges(figs, s, lex)
    return figs


def _qualifier_end(before: str, last: str, lex: _Lexicon) -> re.Match | None:
    """The qualifier that ends ``before`` (the 40 characters before a number; ``last``, their last
    word in lower case): "at least", "some". Not "about" or "over" as a preposition or a particle
    ("information about 12 ...", "handed over 17"; "took some 30,000 lives" keeps its "some")."""
    if not last.endswith(_qualifier_ends()):
        return None  # (the pattern ends with a qualifier's last word)
    qm = search_lower(lex.qualifier_end_re, before)  # (the twin: same span, group in lower case)
    if qm and qm.group(1).lower() in ("about", "over") and lex.not_qualifier_end_re.search(before[:qm.start()]):
        return None
    return qm


def _last_word(text: str) -> str:
    """The last word of ``text`` (split on white space), lower-cased, or "" for none."""
    words = text.split()
    return words[-1].lower() if words else ""


@functools.cache
def _qualifier_ends() -> tuple[str, ...]:
    """The last word of every qualifier ("at least", "some"): ``qualifier_end_re`` can match the text
    before a number only when the last word there ends with one of them."""
    return tuple({p.split()[-1] for p in _lexicon().qualifier_of})


@functools.cache
def _not_count_ends() -> tuple[str, ...]:
    """The same for the words before a number that is no count ("aged", "post No.")."""
    return tuple({p.split()[-1].lower() for p in word_list("numbers.not_counts_before")})


#: between a named person and the next person of one list: an aside ("(born in 1999)", ", 37"),
#: "and", and up to five words of who the next person is ("and news agency journalist ")
_PAIR_JOINT_END = re.compile(r"(?:\s*\([^()]{1,25}\)|\s*,\s*\d{1,2})?\s*,?\s+and\s+(?:[\w'’.-]+\s+){0,5}$")
#: a verb that agrees with one person: "A and B" cannot be its subject
_SINGULAR_VERB = re.compile(r"\b(?:was|is|has)\b")


def _named_pair(figs: list[_Figure], s: str, lex: _Lexicon) -> None:
    """'operator Siraj Abishov and news agency journalist Maharram Ibrahimov, who were killed', 'an
    employee of one company Orkhan Khanatov (born in 1999) and an employee of another Vusal
    Gandaliyev (born in 1992) died': a person named right before "and" and a figure of one is the
    first of two people the verb is about, whatever words of who they are stand before each. The
    figure counts both (2), and may repeat a count given before ("two civilians were killed").
    Not when the verb agrees with one person ("A and a soldier was ..." is no such pair), nor when
    the name before "and" is counted by a figure of its own."""
    for f in figs:
        if f.value != 1 or f.kind not in ("single", "named") or f.source != "post" or f.category is None:
            continue
        joint = _PAIR_JOINT_END.search(s, max(0, f.start - 90), f.start)
        if joint is None or _SINGULAR_VERB.search(s, f.np_end, f.ev_end):
            continue
        first = next((m for m in lex.surname_re.finditer(s, max(0, joint.start() - 60), joint.start())
                      if m.end() == joint.start()), None)
        if first is None or any(g is not f and g.category and g.ev_start <= first.start() < max(g.ev_end, g.np_end)
                                for g in figs):
            continue
        f.value, f.ev_start = 2, first.start()


#: what makes "about" the topic of a telling: a verb of telling right before it, or a noun of
#: telling with the words of whose it is or a verb of appearing between ("a report from the State
#: Border Service about", "information appeared about")
_TOLD_ABOUT_END = LexiconPattern(r"(?:\b(?:\L<grammar.told_about>)|\b(?:\L<qualifiers.not_after>)(?:\s+(?:from|of|by)"
                                 r"(?:\s+[\w'’-]+){1,5}?|\s+(?:\L<grammar.appeared_about>)))\s+$", re.I)


def _told_about(s: str, about: int) -> bool:
    """'the Armenian side reported about one soldier killed', 'the ministry informs about 19
    wounded', 'a report from the State Border Service about an Azerbaijani soldier being wounded',
    'information appeared about two dead servicemen': "about" after a telling is a preposition (what
    was told), not an approximate count; the count is exact. "Reports said about 50 people were
    killed" keeps "about": a verb of saying takes the count as its own words."""
    return _TOLD_ABOUT_END.search(s, max(0, about - 80), about) is not None


#: the parts of a list before this one: "10 women and ", "63 children, 106 women, and "
_EARLIER_PARTS_END = LexiconPattern(r"(?:\b(?:\d[\d,]*|\L<numbers.one_to_ten>)\s+[\w'’-]+"
                                    r"(?:\s+[\w'’-]+)?\s*(?:,\s*(?:and\s+)?|and\s+))+$", re.I)
#: "7,000 lives", "some 30,000 human lives", "55 precious lives": lives counted ...
_LIVES = LexiconPattern(r"\s+(?:(?:\L<casualty.lives_adjectives>)\s+)?lives\b", re.I)
#: ... after a verb that takes them: "claimed", "took", "cost", "lost", "sacrificed"
_TAKING_END = LexiconPattern(r"\b(?:\L<casualty.taking_lives>)\s+(?:the\s+)?$", re.I)
#: ... or before that verb in the passive: "55 precious lives have been lost" (the guide's killed)
_LIVES_LOST = LexiconPattern(r"\s+(?:\L<casualty.lives_lost>)\b", re.I)


def _lives_taken(s: str, a: int, b: int, lex: _Lexicon) -> int | None:
    """'The 2020 war claimed more than 7,000 lives', 'fighting that cost some 30,000 lives': a
    count of lives after a verb that takes them is a count of dead (the end of "lives"), or None.
    So is one before that verb in the passive ('55 precious lives have been lost': the end of the
    verb). Lives saved, or lives at risk, are not."""
    m = _LIVES.match(s, b)
    if not m:
        return None
    before = s[max(0, a - 60):a]
    q = lex.qualifier_end_re.search(before)
    if _TAKING_END.search(before[:q.start()] if q else before):
        return m.end()
    lost = _LIVES_LOST.match(s, m.end())
    return lost.end() if lost else None


#: "the previous group of 15", "another batch of 20": a group other than the story's own
_OTHER_GROUP = LexiconPattern(r"\b(?:\L<groups.other_group>)\s+(?:group|batch)\s+of\s+$", re.I)


def _may_name_group(text: str) -> bool:
    """Can ``_OTHER_GROUP`` match in ``text``? Each match holds "group" or "batch" in some case,
    which the lower-cased text then holds, unless IGNORECASE reads it otherwise (``folds_plainly``).
    Two substring tests instead of a search that tries the pattern at every character."""
    if not folds_plainly(text):
        return True
    low = text.lower()
    return "group" in low or "batch" in low


#: adjectives of who people were, which may share the next figure's noun ("7,000 military and 170
#: civilian casualties")
_KIND_WORDS = frozenset({"military", "civilian"})
#: groups with no count: "19 of the hundreds of captives"
#: "one of the soldiers", "two of the servicemen": members of a group named by a plural noun
_ONE_OF_THE = re.compile(r"\s+of\s+the\s+(?:[\w'’-]+\s+){0,2}?[\w'’-]+(?:s|men)\b(?!\s+of\b)")
#: a casualty word that modifies that group ("the soldiers killed", "the soldiers who were killed"),
#: not a verb of the members ("one of the soldiers was killed")
_GROUP_VERB = re.compile(r"\s*(?:,?\s*(?:who|that)\s+(?:were|had\s+been|have\s+been)\s*)?")


#: one relative named by a possessive: "his son", "her husband", "their daughter", "Arevshatian's
#: son"; two joined by "and" under it: "his wife and grandson", "her son and his wife"
_KIN_ONE = r"(?:(?:\L<kin.ages>|\d{1,2}-year-old)\s+)?(?:\L<kin.relatives>)\b"
_KIN = LexiconPattern(r"\b(?:[Hh]is|[Hh]er|[Tt]heir|[A-Z][a-z'’-]+['’]s)\s+" + _KIN_ONE +
                      r"(?P<second>\s+and\s+(?:(?:his|her|their)\s+)?" + _KIN_ONE + r")?")


def _kin(s: str, figs: list[_Figure], lex: _Lexicon) -> list[_Figure]:
    """'A farmer was killed and his son was wounded', 'killing a man and injuring his wife': a
    relative named by a possessive ("his", "her", "their", a name's: "Arevshatian's son") is one
    person, hit by the casualty words around the noun; two relatives joined by "and" ("his wife and
    grandson were injured") are one figure of two (people reported together in one clause are one
    figure of their number)."""
    out = []
    for m in _KIN.finditer(s):
        a = m.start()
        if any(f.start <= a < max(f.ev_end, f.np_end) for f in figs):
            continue
        f = _Figure(a, a, 2 if m.group("second") else 1, "single", head_kind="person", head_value="civilian",
                    np_end=m.end(), ev_start=a, ev_end=m.end())
        _categorise(f, s, a, lex)
        if f.category is None:
            _named_among(f, s, lex)  # "his son was among the dead"
        if f.source in ("pre", "post"):
            out.append(f)
    return sorted(figs + out, key=lambda f: f.start) if out else figs


def _ranges(figs: list[_Figure], s: str, lex: _Lexicon) -> list[_Figure]:
    """'from 32 to 100 people died', 'between 30 and 50 soldiers were killed': a range is two
    figures, its low end 'at least' and its high end 'up to'. Not a toll that rose "from 49 to 105"
    (a revision: two plain figures)."""
    out = list(figs)
    for f in figs:
        if f.category is None or f.kind != "num":
            continue
        window = s[max(0, f.ev_start - 40):f.ev_start]
        m = _RANGE_LOW.search(window) if window.rstrip().endswith(("to", "and")) else None  # (its last word)
        if not m or (m.group("joint") == "and" and not m.group("lead")):
            continue
        lo_start = f.ev_start - len(window) + m.start("lo")
        lo = next((g for g in figs if g.start == lo_start), None)
        low = lex.number_plural_re.fullmatch(m.group("lo"))
        value = lo.value if lo else (_parse_number(low, lex) if low else None)
        if value is None or value >= f.value or lex.later_re.search(s, max(0, lo_start - 40), lo_start) \
                or _TOLL_GATE.search(s, max(0, lo_start - 40), lo_start):
            continue
        if lo is not None:
            out.remove(lo)
        low_fig = replace(f, start=lo_start, end=lo_start + len(m.group("lo")), value=value, qualifier="at_least",
                          ev_start=f.ev_start - len(window) + m.start(), siblings=None)
        f.qualifier = "up_to"
        f.ev_start = f.ev_start - len(window) + m.start("joint")
        out.append(low_fig)
    return sorted(out, key=lambda g: g.start) if len(out) != len(figs) or out != figs else figs


def _running_totals(figs: list[_Figure], s: str) -> None:
    """'Another soldier died of his wounds, bringing the total to 50': a bare number after "bringing
    the total to" is the running total of the figure before it, in its category."""
    for prev, f in zip(figs, figs[1:]):
        if f.category is None and f.head_kind is None and f.kind == "num" and prev.category \
                and _TOTAL_TO.search(s, max(0, f.ev_start - 60), f.ev_start):
            m = _TOTAL_TO.search(s, max(0, f.ev_start - 60), f.ev_start)
            f.category, f.source, f.ev_start = prev.category, "toll", m.start()


def _dash_parts(figs: list[_Figure], s: str, lex: _Lexicon) -> None:
    """'180 of those killed were soldiers of the army and 12 – members of the security forces':
    after a part of a toll, "and N", a dash and who the people were (or "of the border service")
    is the next part, its verb left out (ANNOTATION.md, subsets)."""
    for prev, f in zip(figs, figs[1:]):
        if prev.source != "subset" or f.category is not None or f.head_kind is not None or f.kind != "num":
            continue
        glue = s[prev.start:f.start]
        if len(glue) > 160 or not glue.endswith(" ") or not glue.rstrip().endswith(" and") or ";" in glue:
            continue
        m = _DASH_PART.match(s, f.end)
        if m and (m.group("pop") is None or _is_population(m.group("pop"), lex)):
            f.category, f.source, f.ev_end = prev.category, "subset", m.end()
            f.head_kind, f.np_end = "person", m.end()


def bare_lead(s: str, lex: _Lexicon) -> tuple[list[str], re.Match] | None:
    """The side words and the singular person noun that open a headline-style sentence
    ("Azerbaijani serviceman ..."), or None; cheap enough to gate sentences with."""
    if not _BARE_LEAD.match(s):
        return None
    lead = []
    for w in _FIRST_WORDS.finditer(s, 0, 80):
        lw = w.group(0).lower()
        if lead and lw in lex.singular_persons:
            return (lead, w) if not (lw.endswith("men") or lw in lex.not_singular) else None
        if len(lead) == 3 or not (lw in lex.side_of or lw in ("military", "army")):
            return None
        lead.append(w.group(0))
    return None


def _bare_after_verb(s: str, words: set) -> list[re.Match]:
    """The matches of ``_BARE_AFTER_VERB.finditer(s)``, the pattern tried only where one of its verbs
    of the sentence's words (``words``: its runs of a-z, lower-cased) begins: every match opens
    with a verb as a whole word, written in lower case, so no other place can hold one, and a scan
    of the whole sentence tries the pattern at every character."""
    verbs = _bare_verbs()
    if verbs is None:  # (a verb that is not one plain word: the whole sentence is scanned)
        return list(_BARE_AFTER_VERB.finditer(s))
    return matches_at_words(_BARE_AFTER_VERB, s, s, verbs & words)


@functools.cache
def _bare_verbs() -> frozenset | None:
    """The verbs that open ``_BARE_AFTER_VERB`` (lexicon casualty.bare_after_verbs), or None when one
    is not a plain lower-case word (then ``_bare_after_verb`` cannot find its places)."""
    verbs = word_list("casualty.bare_after_verbs")
    return frozenset(verbs) if all(v.isascii() and v.isalpha() and v.islower() for v in verbs) else None


def _bare_objects(s: str, figs: list[_Figure], lex: _Lexicon, objects: list[re.Match]) -> list[_Figure]:
    """'an Armenian sniper wounded Azerbaijani soldier': a singular person after a casualty verb,
    with side words and no article (as translated copy and headlines write it), counts one
    (``objects``: the matches of _BARE_AFTER_VERB, see _bare_after_verb)."""
    out = []
    for m in objects:
        noun = m.group("noun")
        if noun not in lex.singular_persons or noun.endswith("men") or noun in lex.not_singular \
                or any(f.start <= m.start("lead") < max(f.ev_end, f.np_end) for f in figs):
            continue
        if not all(_key(w) in lex.side_of for w in m.group("lead").split()):
            continue
        a = m.start("lead")
        f = _Figure(a, a, 1, "single", head_kind="person", head_value="military", np_end=m.end("noun"),
                    np_text=m.group("lead").strip(), ev_start=a, ev_end=m.end("noun"))
        _categorise(f, s, a, lex)
        if f.source == "pre":
            f.ev_end = m.end("noun")
            out.append(f)
    return sorted(figs + out, key=lambda f: f.start) if out else figs


def _bare_singular(s: str, lex: _Lexicon) -> _Figure | None:
    """Headlines drop the article: "Azerbaijani serviceman became martyr", "Armenian Soldier
    Killed by Azerbaijani Fire" count one, like "an Azerbaijani serviceman". Only at the start of a
    sentence, after side words ("Azerbaijani", "Karabakh Armenian", "Army"), before a singular
    person noun and its casualty words. "... civilian wounded in the offensive dies in hospital":
    the later verb says what became of the person."""
    lead = bare_lead(s, lex)
    if lead is None:
        return None
    lead, noun = lead
    f = _Figure(0, 0, 1, "single", head_kind="person", head_value="military", np_end=noun.end(),
                np_text=" ".join(lead), ev_start=0, ev_end=noun.end())
    _categorise(f, s, 0, lex)
    if f.source != "post" or f.gap_text.strip().lower() not in ("", "was", "has been", "had been"):
        return None  # casualty words right after the noun, as headlines put them
    if f.category == "wounded":
        died = _THEN_DIES.match(s, f.ev_end)
        if died:
            f.category, f.ev_end = "killed", died.end()
    return f


def _ordinal_ones(s: str, figs: list[_Figure], lex: _Lexicon) -> list[_Figure]:
    """'killed two soldiers and injured a third', 'the death of two crew members and the injury of
    the third': an ordinal with no noun after a count is one more person of that count's kind."""
    out = []
    for m in _ORDINAL_ONE.finditer(s):
        if not any(f.category and f.kind == "num" and f.np_end <= m.start() for f in figs):
            continue
        f = _Figure(m.start(), m.end(), 1, "single", head_kind="person", np_end=m.end(), ev_start=m.start(),
                    ev_end=m.end(), more=True)
        _categorise(f, s, m.start(), lex)
        if f.category:
            out.append(f)
    return out


def _ordinal_tallies(s: str, lex: _Lexicon) -> list[_Figure]:
    """'the second Karabakh civilian killed since the ceasefire': the ordinal of a running tally is
    a count (2), a cumulative figure (background, ANNOTATION.md)."""
    out = []
    for m in _ORDINAL_TALLY.finditer(s):
        persons = [w for w in m.group("np").split() if lex.heads.get((w.lower(),), ("",))[0] == "person"]
        if not persons:
            continue
        n = m.group("n").lower()
        f = _Figure(m.start("n"), m.end("n"), int(n[:-2]) if n[0].isdigit() else lex.raw["numbers"]["ordinals"][n], "num",
                    head_kind="person", np_end=m.end("np"), ev_start=m.start("n"), ev_end=m.end("cas"),
                    source="post", category=_casualty_category(m.group("cas"), lex))
        if f.category:
            out.append(f)
    return out


def _casualties_against_wounded(figs: list[_Figure], s: str) -> None:
    """ANNOTATION.md, category: '"casualties" means killed only when the text sets it against
    wounded ("two casualties and five wounded") ... otherwise it is `casualties`.' A head
    'casualties' next to a wounded figure, in either order ('two casualties and five wounded',
    'the adversary has five casualties, and there is one wounded soldier from our side', 'seven
    wounded and three casualties'), joined by nothing but 'and' or a comma, means the dead; alone it
    stays killed-or-wounded."""
    for f in figs:
        if f.category == "casualties" and f.source == "head" and \
                s[f.end:f.np_end].split()[-1:] in (["casualties"], ["casualty"]) and any(
                    g.category == "wounded" and (
                        g.start > f.np_end and _AND_NEXT.fullmatch(s, f.np_end, g.ev_start)
                        or g.end <= f.start and _AND_NEXT.fullmatch(s, max(g.np_end, g.ev_end), f.ev_start))
                    for g in figs):
            f.category = "killed"


def _parenthetical_parts(figs: list[_Figure], s: str) -> None:
    """'62 people (civilian: 49; military: 13) were killed': the labelled numbers in a parenthesis
    right after a figure are its parts, with its category (ANNOTATION.md, subsets)."""
    for f in figs:
        if f.category is not None or f.kind != "num" or f.head_kind is not None:
            continue
        if not _PAREN_PART.search(s, max(0, f.start - 40), f.start):
            continue
        opening = s.rfind("(", 0, f.start)
        if opening < 0 or ")" in s[opening:f.start]:
            continue
        total = next((g for g in figs if g.category and g.np_end <= opening and not s[g.np_end:opening].strip()), None)
        if total:
            f.category, f.source = total.category, "breakdown"


def _casualty_category(word: str, lex: _Lexicon) -> str | None:
    """The category a single casualty word names ('dead', 'killed', 'martyrs', 'wounded'), or None."""
    w = word.lower()
    head = lex.heads.get((w,))
    if head and head[0] == "casualty":
        return head[1]
    return lex.post_of.get(w)


def _among_category(among: re.Match, lex: _Lexicon) -> str | None:
    """The category of the toll that "among the dead are", "the wounded included" or "among them
    there are" opens a part of; "them" and "the victims" are the toll before (resolved by the
    pipeline, as for "two of the victims were civilians")."""
    if among.group("them"):
        return VICTIMS
    words = (among.group("cas") or among.group("cas2")).split()
    cat = next(filter(None, (_casualty_category(w, lex) for w in words)), None)
    if cat != VICTIMS and "victims" not in (w.lower() for w in words):
        return cat
    # "among the victims of mine explosions": landmine victims counted together are casualties
    # (the project's reading; the mine words are lexicon [combined] mines); other victims are those
    # of the toll before
    return "casualties" if lex.combined_mines_re.search(among.group(0)) else VICTIMS


def _is_population(word: str, lex: _Lexicon) -> bool:
    """Does a noun name who the people are (civilians, children, employees), not their rank or state?"""
    w = word.lower()
    head = lex.heads.get((w,))
    # (a people is an affiliation: "of whom 761 were Armenians")
    return bool(head) and head[0] in ("person", "nationality") and w not in _breakdown_excluded() \
        and w not in _MORE and w not in ("them", "people", "persons", "victims")


def _names_population(m: re.Match, lex: _Lexicon) -> bool:
    """The predicate's first or second word is a population noun ("civilians", "military personnel")."""
    return _is_population(m.group("pop"), lex) or bool(m.group("pop2")) and _is_population(m.group("pop2"), lex)


def _population_subset(s: str, b: int, lex: _Lexicon) -> tuple[str, int] | None:
    """'Two of the dead were civilians', '180 of those killed were military personnel', 'one of the
    martyrs was a civilian': a part of a toll named by who the people were (ANNOTATION.md, subsets)
    is its own figure, with the toll's category. A part named by rank ('16 of the dead were
    officers') or by state ('two of them in critical condition') is not. (category, end) or None."""
    m = _SUBSET_OF.match(s, b)
    if not m:
        return None
    cat = _casualty_category(m.group("cas"), lex)
    if cat is None and m.group("cas").lower() == "victims":
        cat = VICTIMS  # "two of the victims were civilians": the category of the toll before it
    return (cat, m.end()) if cat and _names_population(m, lex) else None


#: "two of the victims", "three of those victims"
_OF_THE_VICTIMS_END = re.compile(r"\s+of\s+(?:the|those|these)\s+victims$", re.I)


def _ends_with_victims(s: str, end: int) -> bool:
    """Can ``_OF_THE_VICTIMS_END`` match in ``s`` up to ``end``? Each match ends with "victims" (in
    some case) at ``end``, or before a last newline there (what ``$`` accepts), so within the eight
    characters before ``end``; lower-cased they hold "victims" unless IGNORECASE reads them
    otherwise (``folds_plainly``). A substring test instead of a search of the noun phrase."""
    tail = s[max(0, end - 8):end]
    return not folds_plainly(tail) or "victims" in tail.lower()


#: the end of a casualty phrase that a noun governs: "the fate of ", "the bodies of at least "
_OF_END = LexiconPattern(r"\bof\s+(?:(?:\L<approximations.of_end>)\s+)?$", re.I)
#: A part of "the victims" ("two of the victims were civilians"): the category is that of the toll
#: the victims were counted in, which may be in a sentence before (resolved by the pipeline).
VICTIMS = "victims"


def _subset_after_anchor(s: str, a: int, b: int, lex: _Lexicon) -> tuple[str, int] | None:
    """'Among the dead servicemen, 180 were employees of the Ministry of Defence, and 12 were
    employees of the Interior Ministry': a bare number whose predicate names a population, after
    'among / of the <casualty word>' earlier in the sentence, is a part of that toll."""
    m = _WERE_POPULATION.match(s, b)
    if not m or not _names_population(m, lex):
        return None
    anchors = list(_AMONG_THE.finditer(s, max(0, a - 160), a))
    if not anchors:
        return None
    # "among the dead servicemen", "of the 65 people killed": the casualty word may come second or third
    # (the nearest anchor that names one: "of the Ministry of Defense," is no anchor)
    cat = next(filter(None, (_casualty_category(w, lex) for x in reversed(anchors) for w in x.group("cas").split())),
               None)
    return (cat, m.end()) if cat else None


def _part_of_count(s: str, a: int, b: int, value: int, lex: _Lexicon) -> _Figure | None:
    """'Four of the 17 Armenian servicemen were injured': a part of a group counted before, with
    what happened to the part; the group's own number is not counted again here."""
    inner = _OF_THE_NUMBER.match(s, b)
    if not inner:
        return None
    head_kind, _, np_end, mods, _, _, _ = _parse_np(s, inner.end(), lex)
    if head_kind not in ("person", "nationality") and not (head_kind is None and not mods and np_end == inner.end()):
        return None  # ("Some 150 of the 1,275 remain missing": the group named before, its noun left out)
    f = _Figure(a, b, value, "num", head_kind="person", np_end=np_end, ev_start=a, ev_end=np_end)
    before = s[max(0, a - 40):a]
    qm = _qualifier_end(before, _last_word(before), lex)
    if qm:
        f.qualifier = lex.qualifier_of[_key(qm.group(1))]  # "Some 150 of the 1,275"
    _categorise(f, s, a, lex)
    if head_kind is None and (f.source != "post" or not _AUX_WORDS.issuperset(f.gap_text.lower().split())):
        return None  # (without a noun, only a verb right after the group says what happened to the part)
    if f.source == "post" and _WHO_START.match(f.gap_text):
        # "one of the 4 soldiers who were injured is in critical condition": the group's verb; the
        # part's own comes after it, or there is none
        group = f.category  # ("one of the 3 soldiers who were wounded was hospitalized": nothing new)
        return f if _main_verb_after(f, s, lex) and (f.category != group or f.released) else None
    if f.source not in ("post", "pre"):
        # ("the bodies of nine of the 21 servicemen were found": the words before count too)
        return None
    if f.source == "post":  # ("the bodies of nine of the 21 servicemen missing": the 21 have their own words)
        f.siblings_start = inner.start("n")
        if not f.gap_text.strip():
            _main_verb_after(f, s, lex)
    return f


#: the auxiliaries between a group's participle and the part's own verb: "taken hostage" ... "remain" missing
_AUX_WORDS = frozenset({"remain", "remains", "still", "are", "were", "is", "was", "have", "has", "had", "been",
                        "later", "now", "currently", "subsequently"})


#: the words that open a phrase of when, where or by whom the group was hit: "in May", "by Armenians
#: during the war"
_PHRASE_OPENERS = frozenset({"in", "on", "at", "near", "during", "by", "since"})


def _outside_phrases(words: list[str]) -> list[str]:
    """The words left when the phrases of time, place and agent (up to three words each) are taken out."""
    out, skip = [], 0
    for w in words:
        if w in _PHRASE_OPENERS:
            skip = 3
        elif skip and w not in _AUX_WORDS:
            skip -= 1
        else:
            skip = 0
            out.append(w)
    return out


def _main_verb_after(f: _Figure, s: str, lex: _Lexicon) -> bool:
    """'Some 150 of the 1,275 Azerbaijanis taken hostage remain missing', 'two of the 12 soldiers
    captured in May have been released', 'some 150 of the 1,275 who were taken hostage are still
    missing': the participle or relative clause right after the group says what happened to the
    group; a casualty word after it, behind an auxiliary, says what happened to the part. Whether
    one was found."""
    window = s[f.ev_end:f.ev_end + 80]
    pm = search_lower(lex.post_re, window)
    if pm is None:
        return False
    between = _outside_phrases(window[:pm.start()].lower().split())
    if not between or not _AUX_WORDS.issuperset(between):
        return False
    f.category = lex.post_of[_key(pm.group(0))]
    f.released = _key(pm.group(0)) in lex.release_words
    f.ev_end += pm.end()
    return True


#: between a total and its first part: "193 people were killed: 180 were ...", "..., 180 were ..."
_AFTER_TOTAL = re.compile(r"\s*[,:;]\s*")
#: between two parts of a list: ", ", ", and ", " and ", after the rest of a service's name
#: ("180 were servicemen of" ... "the Defence Ministry, ")
_PART_GLUE = re.compile(r"(?:\s*(?:(?:of|from)\s+)?(?:the\s+)?[\w'’-]+(?:\s+(?:of\s+)?[\w'’-]+){0,3}?)?"
                        r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)")


def _subset_of_whom(s: str, a: int, b: int, figs: list[_Figure], lex: _Lexicon) -> tuple[str, int] | None:
    """'Ten people were killed, of whom three were children', '1,318 bodies, of which 15 are
    civilians': a part named by who the people were, after "of whom / of which / among them", is a
    figure with the category of the toll before it (ANNOTATION.md, subsets).

    A sentence that opens "Of them," or "Among them," is about the toll of the sentence before:
    its numbers named by who the people were ("Of them, 180 were servicemen of the Defence
    Ministry, 12 of the Interior Ministry and one was a civilian") are parts of that toll, with its
    category (resolved by the pipeline, as for "two of the victims"). A part listed right after
    another part continues its list, and may leave out its verb when it names a service ("12 of
    the Interior Ministry")."""
    parts_of_before = False
    # (or right after its total: "193 people were killed: 180 were servicemen ..., 1 was a civilian")
    listed = bool(figs) and (figs[-1].source == "subset" and _PART_GLUE.fullmatch(s, figs[-1].ev_end, a) is not None
                             or figs[-1].category is not None and _AFTER_TOTAL.fullmatch(s, figs[-1].ev_end, a) is not None)
    if not _WHOM_END.search(s, max(0, a - 25), a) and not listed:
        opened = _PARTS_OPEN.match(s)
        if (a != opened.end()) if opened else s[:a].strip():
            return None  # ("180 were servicemen of ...", opening its sentence, is a part of the toll before too)
        parts_of_before = True
    prev = next((f for f in reversed(figs) if f.category), None)
    m = _WERE_POPULATION.match(s, b)
    if m is None and listed and _GAPPED_SERVICE.match(s, b):
        m = _GAPPED_SERVICE.match(s, b)  # "..., 12 of the Interior Ministry": the list's verb left out
        return (prev.category if prev else VICTIMS), m.end()
    if not m or not _names_population(m, lex):
        return None
    if prev is None:
        return (VICTIMS, m.end()) if parts_of_before or listed else None
    return prev.category, m.end()


def _opening_part(s: str, a: int, b: int, lex: _Lexicon) -> int | None:
    """'Around 1,000 of them are Armenians', opening its sentence: a part of the toll of the
    sentence before named by its people (ANNOTATION.md: a subset that names a different population
    or affiliation is its own row), as "Of them, 719 are civilians" is; the end of its words, or
    None. A part by rank, sex or age ("Four of them were conscripts") is not."""
    part = _OF_THEM_POP.match(s, b)
    if part and _opens_sentence(s, a, lex) and _names_population(part, lex) \
            and not _key(part.group(0)).endswith(tuple(lex.raw["population"]["breakdown_excluded"])):
        return part.end()
    return None


def _opens_sentence(s: str, a: int, lex: _Lexicon) -> bool:
    """Does the number at ``a`` open its sentence (a qualifier may come first: "Around 1,000")?"""
    before = s[:a]
    if not before.strip():
        return True
    q = lex.qualifier_end_re.search(before)
    return q is not None and not before[:q.start()].strip()


def _verb_done_before(before: list[_Figure], f: _Figure, s: str) -> bool:
    """'21 residents of Barda were killed, including an employee of the ministry, and about 70
    people were injured': a part after "including" whose total already has its verb (its casualty
    words come before the part) belongs to that total, not to the clause after it. So does a later
    member of the same list ("613 people were killed, including 63 children and eight
    schoolchildren, and 1,275 were taken hostage": the schoolchildren are dead, not hostages)."""
    if not _BREAKDOWN_LEAD.search(s, max(0, f.ev_start - 30), f.ev_start):
        prev = before[-1] if before else None
        if prev is None or prev.kind not in ("num", "single") or not _LIST_GLUE.fullmatch(s, prev.np_end, f.ev_start):
            return False
        return _verb_done_before(before[:-1], prev, s)
    total = next((g for g in reversed(before) if g.category), None)
    return total is not None and total.source in ("pre", "post") and total.ev_end <= f.ev_start


def _shared_predicate(figs: list[_Figure], s: str, lex: _Lexicon) -> None:
    """'180 Azerbaijani soldiers, 12 service members of the Interior Ministry, and one civilian
    were killed': the members of a list of counted people share the casualty words after its last
    member. Read right to left, so each member takes the category of the one after it."""
    for i in range(len(figs) - 2, -1, -1):
        f, g = figs[i], figs[i + 1]
        if f.category is not None or f.kind not in ("num", "single") or f.head_kind not in ("person", "nationality"):
            continue
        shared = g.source == "head" and f.np_text and _SHARED_HEAD.match(s, f.np_end) is not None and all(
            _key(x) in lex.side_of or _key(x) in _KIND_WORDS for x in f.np_text.split())
        if g.category is None or (g.source not in ("post", "listed") and not shared) \
                or g.head_kind not in ("person", "nationality", "casualty"):
            continue  # ("more than 7,000 military and 170 civilian casualties": the noun is shared)
        if not _LIST_GLUE.fullmatch(s, f.np_end, g.ev_start):
            continue
        if _verb_done_before(figs[:i], f, s):
            continue  # "21 residents were killed, including an employee ..., and 70 were injured"
        if f.kind == "single" and g.kind == "named" and g.value == 1:
            continue  # "a serviceman of the Border Service, soldier Elmar Mammadli, was wounded": one man
        f.category, f.source = g.category, "listed"
        if g.siblings is None:
            g.siblings = [g]
        g.siblings.append(f)
        f.siblings = g.siblings
    # a list after "including" is the breakdown of a total before it: its members keep the shared
    # category but take the total's side, not each other's: "55 prisoners, including six civilians, 41 soldiers and eight leaders
    # who were arrested"
    for i, f in enumerate(figs):
        if f.source == "listed" and _BREAKDOWN_LEAD.search(s, max(0, f.ev_start - 30), f.ev_start) \
                and f is min(f.siblings, key=lambda x: x.start):
            last = max(f.siblings, key=lambda x: x.start)
            verb = (last.category, last.ev_end)  # (before a part that is no row loses it)
            for x in f.siblings:
                if x.source == "listed":
                    x.source = "breakdown"
                x.siblings = None
                if _not_a_part(x, s, lex):
                    x.category = None  # "including 106 women": no row of its own
            total = figs[i - 1] if i else None
            if total is not None and total.category is None and total.head_kind in ("person", "nationality") \
                    and _LIST_OPENS.fullmatch(s, total.np_end, f.ev_start):
                # "613 people, including 106 women, 63 children and 70 older people, were killed":
                # the list's verb is the total's too
                total.category, total.ev_end = verb
                total.source = "post"


def _not_a_part(f: _Figure, s: str, lex: _Lexicon) -> bool:
    """Does a part of a total name a rank or service ("two officers") or a sex or an age group
    other than children ("106 women", "70 older people"), which is no row of its own
    (ANNOTATION.md and the project's readings)?"""
    words = _key(s[f.end:f.np_end]).split()
    excluded = _breakdown_excluded()
    return bool(words) and (words[-1] in excluded or " ".join(words[-2:]) in excluded)


@functools.cache
def _breakdown_excluded() -> frozenset:
    """The phrases of lexicon ``population.breakdown_excluded`` as a set: a phrase is in it when it
    is in the list, and a look-up costs one hash where the list is compared phrase by phrase."""
    return frozenset(word_list("population.breakdown_excluded"))


#: the list a part stands in: "including 12 children and " (before "nine elderly people")
_IN_A_LIST = re.compile(r"\b" + LIST_WORDS + r"\b([\w'’ ,-]*)$", re.I)
#: between a total and the first part of its list: ", including ", " (among them "
_LIST_OPENS = re.compile(r"\s*(?:[,(]\s*)?" + LIST_WORDS + r"\s+", re.I)
#: A capitalised name and a comma right before a number: "Hamlet Sahakyan, " (45, ...).
_NAME_COMMA_END = re.compile(r"\b[A-Z][a-z'’-]+\s+[A-Z][a-z'’-]+,\s*$")
#: The comma that closes a name in apposition, right before its verb.
_NAME_CLOSE = LexiconPattern(r"(?:\s*\((?:born|b\.)[^()]{1,25}\))?\s*,\s*(?=(?:\L<grammar.name_close_verbs>)\s)")
#: The patronymic word that ends an Azerbaijani name: "Hasanov Tural Ilgar oglu".
_PATRONYMIC = re.compile(r"\s+(?:oglu|qizi|kizi)\b")


def _named_population(s: str, a: int, titled: bool, lex: _Lexicon) -> str:
    """Who a named victim is: the nearest word for people before the name ("a 33-year-old driver of
    the Press Foundation Khazar Babashov" civilian, "serviceman Elvin Aliyev" military), else
    military after a rank or title ("Private"), else unknown."""
    for w in reversed(_WORD_LOWER.findall(s[max(0, a - 50):a].lower())[-6:]):
        kind, value = lex.heads.get((w,), ("", None))
        if kind == "person" and value in ("military", "civilian"):
            return value
    return "military" if titled else "unknown"


#: Lower-case words.
_WORD_LOWER = re.compile(r"[\w'’-]+")


def surname_words(words: set, lex: _Lexicon) -> list[str]:
    """The words that end like a surname (``lex.surname_endings``), of any length: the only words
    ``has_surname`` and ``may_name_surname`` accept, so ``_figures`` reads the sentence's words
    once for both (``_has_long_surname``, ``_may_name_surname_in``). (Their last two letters are
    looked up first: far cheaper than the endings, and most words fail it.)"""
    tails, endings = lex.surname_tails, lex.surname_endings
    return [w for w in words if w[-2:] in tails and w.endswith(endings)]


def has_surname(words: set, lex: _Lexicon) -> bool:
    """A cheap gate before the surname pattern: a word of five letters or more with a surname ending."""
    return _has_long_surname(surname_words(words, lex))


def _has_long_surname(ends: list[str]) -> bool:
    """``has_surname`` of the words whose ``surname_words`` are ``ends``."""
    for w in ends:  # (a loop, not any() over a generator: most sentences have none or one)
        if len(w) >= 5:
            return True
    return False


def may_name_surname(words: set, s: str, lex: _Lexicon) -> bool:
    """Can the surname pattern find a name that ``surname_side`` accepts? Only if a word ends like a
    surname and is not a side's name ("Armenian" ends like "Ghazaryan") or a one-word head
    ("civilian", which ``surname_side`` refuses as it refuses a side's name), or is "oglu"; a
    shorter, side-named or head word counts too when a hyphen or apostrophe right before it may
    make it the end of a longer name ("Ter-Petrosyan"). Two thirds of the sentences that pass
    ``has_surname`` fail this, and the pattern is slow."""
    return _may_name_surname_in(surname_words(words, lex), s, lex)


def _may_name_surname_in(ends: list[str], s: str, lex: _Lexicon, low: str | None = None) -> bool:
    """``may_name_surname`` of sentence ``s``, whose ``surname_words`` are ``ends`` ("oglu", "qizi"
    and "kizi" end with an ending of their own, so they are among them); ``low``: ``s.lower()``, if
    the caller has it."""
    if not ends:
        return False
    hyphened = "-" in s or "'" in s or "’" in s
    low = (s.lower() if low is None else low) if hyphened else ""
    for w in ends:
        if w in ("oglu", "qizi", "kizi"):
            return True
        if len(w) >= 5 and w not in lex.side_of and w not in lex.names_of and (w,) not in lex.heads:
            return True
        if hyphened and ("-" + w in low or "'" + w in low or "’" + w in low):
            return True
    return False


def may_count_without_number(words: set, s: str, lex: _Lexicon) -> bool:
    """Can ``_figures`` find a figure in a sentence with no number, "a" or "an" before a person,
    title, ordinal tally, "He"/"She" opening or "his"/"her" before a relative (the rest of the
    gate in ``pipeline.extract``)? Only these three ways are left, so a sentence that passed the
    gate only on a word that ends like a surname ("Azerbaijani") and fails all three gives no
    figure: a name the surname pattern accepts (``may_name_surname``, the test ``_named`` makes
    first), a relative after "their" ("their son was wounded", ``_kin``), or a bare singular
    person after a casualty verb ("wounded Azerbaijani soldier", ``_bare_objects``)."""
    if may_name_surname(words, s, lex):
        return True
    if "their" in words and not lex.kin_words.isdisjoint(words):
        return True
    verbs = _bare_verbs()
    return not lex.singular_words.isdisjoint(words) and (verbs is None or not verbs.isdisjoint(words))


def _in_name_list(s: str, a: int, b: int, lex: _Lexicon) -> bool:
    """'A Abgaryan, S Torosyan and G Balayan were killed': a list of names repeats a figure
    given elsewhere ('four soldiers'), so its names are not figures of their own (ANNOTATION.md).
    A people, side, place or date before the comma is no name: "provocation by the Armenians,
    Nazarov Ramiz was wounded", "Yesterday, Hasanali Aliyev was injured" name one person."""
    if _NAME_LIST_AFTER.match(s, b):
        return True
    tail = s[max(0, a - 40):a]
    # (every match of _NAME_LIST_BEFORE ends with "," or "and", then white space: a text that ends
    # otherwise is not searched)
    before = _NAME_LIST_BEFORE.search(tail) if tail.rstrip().endswith((",", "and")) else None
    if not before:
        return False
    w = _key(before.group(1))
    return not (w in lex.side_of or w in lex.place_of or w in lex.names_of or w in lex.date_words
                or lex.heads.get((w,), ("",))[0] == "nationality")


def surname_side(name: str, lex: _Lexicon) -> str | None:
    """The side a surname's ending suggests ('Ghazaryan' armenia, 'Nazarov' azerbaijan), or None.
    Nationality words ('Armenian', 'Russian') and person nouns ('Civilian') end like surnames and are
    not names."""
    for w in reversed(name.split()):
        lw = w.lower()
        if lw in lex.side_of or lw in lex.names_of or (lw,) in lex.heads:  # "Civilian injured ..."
            return None
        if lw in ("oglu", "qizi", "kizi"):
            return lex.surname_side[lw]
        if len(lw) >= 5 and lw[-2:] in lex.surname_tails:
            side = _ending_side(lw, lex)
            if side:
                return side
    return None


def _ending_side(w: str, lex: _Lexicon) -> str | None:
    """The side of the first of ``lex.surname_endings`` (longest first) that ``w`` ends with, or
    None. Exact: the endings of one length ``k`` that ``w`` ends with are ``w[-k:]`` (one ending at
    most), so the first length, longest first, at which ``w[-k:]`` is an ending gives the ending
    the scan finds first. A look-up per length of ending (four) instead of a test per ending."""
    for k in _ending_lengths():
        side = lex.surname_side.get(w[-k:])
        if side:
            return side
    return None


@functools.cache
def _ending_lengths() -> tuple[int, ...]:
    """The lengths of the surname endings (lexicon surnames), longest first."""
    return tuple(sorted({len(e) for e in _lexicon().surname_endings}, reverse=True))


def _named(s: str, figs: list[_Figure], lex: _Lexicon, words: set, ends: list[str], low: str,
           present: frozenset) -> list[_Figure]:
    """One named person with casualty words after the name: "Private Davit Hakobyan, a contract
    serviceman, was fatally wounded" is one killed. A name inside another figure's evidence ("An
    Azerbaijani serviceman, Private Elvin Aliyev, was killed") or right after a number ("two
    soldiers, Private A and Private B") is not counted again; a number that counts nothing ("a
    serviceman of the Azerbaijani Army Khamzayev Afgan Bahram oglu was killed", where the words
    between are a name) leaves the name its own figure. A named person who says that he or she
    was hit ("Private Ilknur Aliyev told reporters that he was wounded", "According to Talat
    Nasirov, a serviceman, he was wounded") is one figure too. (``ends``: the sentence's
    ``surname_words``; ``low``: ``s.lower()``; ``present``: ``lex.title_words & words``.)"""
    out: list[_Figure] = []
    # not a place of the gazetteer ("Fuzuli district killed", "Gubadli"); a surname alone is a name
    # ("2005-born Bəxtiyar Sultanov", "the blast that wounded Aghayev"), though one said again alone
    # is then a second victim (a known limit)
    names = [m.span() for m in lex.surname_re.finditer(s) if surname_side(m.group(0), lex)
             and not _place_name(m.group(0), lex)]\
        if _may_name_surname_in(ends, s, lex, low) else []
    # (every word of a title is one of the sentence's words: without one, the pattern is not tried)
    titles = _title_spans(s, words, lex, low, present)
    if not names and not titles:
        return out  # (no name, no title: nothing below can find one; three calls in four)
    # (a run is two names or more: with fewer, there is none to look for)
    runs = [run for run in (_without_speaker(s, run) for run in _name_runs(s, names)) if len(run) >= 2] \
        if len(names) >= 2 else []
    listed = {span for run in runs for span in run}
    # ("he"/"she" and "wounded"/"injured" end _TOLD_HE_WAS as whole words, in lower case: a
    # sentence without both has no such match)
    told_words = ("he" in words or "she" in words) and ("wounded" in words or "injured" in words)
    spans = [(x, y) for x, y in titles if not any(x <= a < y for a, _ in listed)]  # "soldier A and driver B": the list
    spans += [(a, b) for a, b in names
              if not any(x <= a < y for x, y in spans)  # "Private Davit Hakobyan" once
              and (a, b) not in listed and not _in_name_list(s, a, b, lex)]
    for a, b in sorted(spans):
        if any(f.ev_start <= a < f.ev_end or 0 <= a - f.end <= 60 for f in figs + out if f.category):
            continue
        if _HELD_OF_END.search(s, max(0, a - 25), a):
            continue  # "the detention of Vagif Khachatryan": a detainee named again, counted where he was taken
        speaks = _SPEAKER_BEFORE_NAME.search(s, max(0, a - 16), a) is not None
        # a name set off by commas after its unit: "serviceman of the army, Muslim Mahmudlu, was
        # seriously wounded"; the verb after the closing comma is the name's
        patronymic = _PATRONYMIC.match(s, b)
        if patronymic:  # "soldier Hasanov Tural Ilgar oglu": the title took the names, not "oglu"
            b = patronymic.end()
        close = _NAME_CLOSE.match(s, b) if s[max(0, a - 2):a].strip() == "," else None
        end = close.end() if close else b
        f = _Figure(a, b, 1, "named", head_kind="person", np_end=end, ev_start=a, ev_end=end)
        if not speaks:  # "According to Taghiyev, 3,171 of the missing are ...": the name speaks
            _categorise(f, s, a, lex)
        if f.source == "post" and not f.gap_text.strip() and _OBJECT_AFTER.match(s, f.ev_end):
            continue  # "Akhundov murdered a 56-year-old guard": the name did it, to someone else
        if f.category is None:
            _named_among(f, s, lex)
        if f.category is None and told_words:
            told = _TOLD_HE_WAS.match(s, b)
            if told:  # "soldier Ilknur Aliyev told Report that he was wounded"
                f.category, f.source, f.ev_end = lex.post_of[told.group(1).lower()], "post", told.end()
        if not speaks:
            _named_by_context(f, s, lex, words)
        if f.source in ("pre", "post"):
            # (who the person is, the surname's side and the name are set on a figure kept alone:
            # none of the readings above reads them)
            f.head_value = _named_population(s, a, (a, b) in titles, lex)
            f.surname_side = surname_side(s[a:b], lex)
            f.name = s[a:b]
            f.surnames = (s[a:b].split()[-1],)
            out.append(f)
    if runs:  # (a list of names: none without a run)
        out += _name_list(s, runs, titles, figs + out, lex, words)
    return out


def _title_spans(s: str, words: set, lex: _Lexicon, low: str | None = None,
                 present: frozenset | None = None) -> list[tuple[int, int]]:
    """The spans of ``lex.title_re.finditer(s)`` ("Private Davit Hakobyan"), found by trying the
    pattern only where a title's first word of the sentence's words begins (``words``: its runs
    of a-z, lower-cased). A title opens every match, as a whole word (a space follows it), so no
    other place can hold one, and a scan of the whole sentence, which tries the pattern at every
    character, costs several times more. (A text with "İ", "ı" or "ſ", whose lower-cased copy
    has other offsets or letters, is scanned as before.) ``low``: ``s.lower()``, and ``present``:
    ``lex.title_words & words``, if the caller has them."""
    if present is None:
        present = lex.title_words & words
    if not present:
        return []
    if not folds_plainly(s):
        return [m.span() for m in lex.title_re.finditer(s)]
    if not _may_hold_title(present, words):
        return []
    hay = s.lower() if low is None else low
    if _SPACE_CAPITAL.search(s, min(hay.find(w) for w in present)) is None:
        return []  # (no capitalised word after the first title word: no name for a title to open)
    return [m.span() for m in matches_at_words(lex.title_re, s, hay, present)]


#: white space, then a capital: every match of ``title_re`` holds one after its title's first
#: letter (its names, ``\s+[A-Z]``, case-sensitive, come after the title), so a sentence with none
#: after the first place where a title's first word begins holds no title match (_title_spans)
_SPACE_CAPITAL = re.compile(r"\s[A-Z]")


def _may_hold_title(present: set, words: set) -> bool:
    """Are all the words of some title among ``words`` (the sentence's runs of a-z, lower-cased),
    one of whose first words are ``present``? A match holds its title whole, each word of it (as
    its first) a run of a-z bounded by characters that are no letters a-z: the look-behind before
    the title, the white space or hyphen inside it, the white space after it. So a sentence with
    "border" but not "guard" holds no "border guard", and the pattern is not tried at "border".
    (Only for a text that ``folds_plainly``: IGNORECASE reads "ı" in "junıor" as "i".)"""
    titles = _title_words_by_first()
    for w in present:
        for needed in titles[w]:
            if needed <= words:
                return True
    return False


@functools.cache
def _title_words_by_first() -> dict[str, tuple[frozenset, ...]]:
    """The first word of every title (lexicon population.titles; ``title_words``) -> the words of
    each title it opens, lower-cased runs of a-z ("border" -> ({"border", "guard"},))."""
    out: dict[str, list[frozenset]] = {}
    for p in _lexicon().raw["population"]["titles"]:
        out.setdefault(p.split()[0], []).append(frozenset(_TOKEN.findall(p.lower())))
    return {w: tuple(v) for w, v in out.items()}


#: a bracketed short form after a noun: "prisoners of war (POWs) "
_SHORT_FORM_END = re.compile(r"\s*\([^()]{1,12}\)\s*$")
_FORMER_END = re.compile(r"\b(?:former|ex)[\s-]+$", re.I)


def _captive_named(f: _Figure, s: str, lex: _Lexicon) -> None:
    """'Lebanese-Armenian prisoner-of-war Vicken Euljekjian was put on trial', 'Armenian prisoners
    of war (POWs) A and B were sentenced': a captive noun right before the names says the named are
    held (DETAINEES.md: held by the other side is captured), whatever the verb after them. A former
    prisoner ("former POW A told reporters") is not held now."""
    before = s[max(0, f.start - 45):f.start]
    if not before.endswith(" "):
        return
    if ")" in before:  # (every match of the pattern holds one: most texts have none to take out)
        before = _SHORT_FORM_END.sub(" ", before)
    words = list(_WORD_LOWER.finditer(before))
    for n in (3, 1):
        if len(words) >= n and lex.heads.get(tuple(w.group(0).lower() for w in words[-n:]), ("", ""))[1] == "captured":
            noun = max(0, f.start - 45) + words[-n].start()
            if _FORMER_END.search(s, max(0, noun - 10), noun):
                return
            f.category, f.source, f.ev_start = "captured", "pre", noun
            return


#: "... was among the Russian troops killed", "is among those wounded" (up to four words after "the")
_AMONG_NAMED = re.compile(r"\s+(?:was|is)\s+(?:also\s+|reportedly\s+)?among\s+(?:(?:the|those)\s+)?((?:[\w'’-]+\s*){1,4})", re.I)


def _named_among(f: _Figure, s: str, lex: _Lexicon) -> None:
    """'Colonel Ivan Kovgan, the deputy commander of the force, was among the Russian troops
    killed', 'Private A was among those wounded': a named person among a toll is one of it, with its
    category (the words between name and verb as for any other verb after a name)."""
    if " among " not in s[f.np_end:f.np_end + 120]:
        return
    i = s.index(" among ", f.np_end)
    m = _AMONG_NAMED.search(s, max(f.np_end, i - 20), i + 60)
    if m is None or not _gap_ok(s[f.np_end:m.start()], lex):
        return
    cat = next(filter(None, (_casualty_category(w, lex) for w in m.group(1).split())), None)
    if cat and cat != VICTIMS:
        f.category, f.source, f.ev_end = cat, "post", m.end()


def _named_by_context(f: _Figure, s: str, lex: _Lexicon, words: set) -> None:
    """The category of named people whose own casualty words gave none, from the words around
    them, each reading tried only while none has given one: a captive ("POW A", _captive_named),
    the object of an active casualty verb ("detained former minister A", _object_of_verb), a toll
    opened by "among" before them ("Among the troops killed was A", _among_before). (``words``:
    the sentence's runs of a-z, lower-cased; a sentence with no word of ``_captive_gate_words``
    has no captive noun, and one with no word of ``_pre_gate_words`` no active casualty verb or
    noun: _object_of_verb's own gate, read once from the sentence's words. Exact for the second as
    for the gate on the words before the name: each match of ``_pre_anywhere`` opens with a
    look-behind that reads the text before where it is searched, so it holds its words whole.)"""
    if f.category is None and not _captive_gate_words().isdisjoint(words):
        _captive_named(f, s, lex)
    if f.category is None and not (folds_plainly(s) and _pre_gate_words().isdisjoint(words)):
        _object_of_verb(f, s, lex)
    if f.category is None:
        _among_before(f, s, lex)


@functools.cache
def _captive_gate_words() -> frozenset:
    """A word of every captive noun ``_captive_named`` reads (``_gate_words`` of the heads whose
    category is captured: "prisoners", "pow", "hostages"). Exact: the noun it finds is the
    lower-cased run of its words (``_WORD_LOWER``: letters, digits, "_", "'", "’", "-") equal to a
    head's words, so each run of a-z in the head is a run of a-z of the sentence, bounded there by
    characters that are not letters a-z after lower-casing (a hyphen, or a character outside the
    word). (The heads are ASCII: a word with "İ", "ı" or "ſ" lower-cases to none of them.)"""
    return _gate_words(" ".join(k) for k, v in _lexicon().heads.items() if v[1] == "captured")


def _object_of_verb(f: _Figure, s: str, lex: _Lexicon) -> None:
    """'Azerbaijani security forces detained former Foreign Minister David Babayan', 'reported the
    detention of the head of the Russian community of Nagorno-Karabakh, Alexander Bordov': a named
    person (or list of names) whose title (lexicon people.offices) follows an active casualty verb
    or noun is its object, with the verb's category (ANNOTATION.md: a named victim counts, as 1
    where singular; "detained" → captured), as "killed Private A" is one killed. The title may run
    to an "of" or "and" phrase of up to 150 characters; the verb must stand right before it (an
    article or "former" between). A name found with capitalised words of its title in front ("State
    Minister Ruben Vardanyan") may start its title inside the name."""
    a = f.ev_start
    lo = max(0, a - 230)
    window = s[lo:f.end]
    low = window.lower()
    if folds_plainly(window) and _pre_gate_words().isdisjoint(letters_only(low).split()):
        return  # (no casualty verb or noun before the name, _pre_gate_words: most names stop here)
    if gate_words("people.offices").isdisjoint(_WORD_LOWER.findall(low)):
        return  # (no office noun before the name or in it: no title)
    # where the name may begin: its first word, or a later one (the words before it a title's)
    starts = [a] + ([m.start() for m in _INNER_WORD.finditer(s, a, f.end)][:-1] if f.value == 1 else [])
    # (through the pattern's lower-case twin, as category._categorise reads its anchored form: the
    # same matches at the same offsets, lower_twin; their groups, in lower case, are keyed by _key)
    pre_rx, hay = lower_twin(_pre_anywhere(), s)
    pres = list(pre_rx.finditer(hay, lo, starts[-1]))
    for x in starts:
        for pre in reversed(pres):
            if pre.end() <= x and s[x - 1] in " ," and _OFFICE_BEFORE_NAME.fullmatch(s, pre.end(), x):
                f.category, f.source = lex.pre_of[_key(pre.group(1))], "pre"
                f.released = _key(pre.group(1)) in lex.release_words
                f.ev_start = pre.start()
                return


#: a word after a space inside a name: where a later word of it begins
_INNER_WORD = re.compile(r"(?<=\s)[A-Z]")


@functools.cache
def _pre_anywhere() -> re.Pattern:
    """The lexicon's ``pre_end_re`` without its end anchor: every active casualty verb or noun of a
    text, with the determiner after it (_object_of_verb tries the title after each)."""
    pre_end_re = _lexicon().pre_end_re
    return re.compile(pre_end_re.pattern.removesuffix("$"), pre_end_re.flags)


@functools.cache
def _pre_gate_words() -> frozenset:
    """A word of every phrase ``_pre_anywhere`` finds (``_gate_words`` of ``pre_of``): a text whose
    words (its runs of a-z, lower-cased) miss all of them holds no match, so _object_of_verb skips
    the scan, which tries the long pattern at every character. Exact: each match is a phrase of
    ``pre_of``, or one with adverbs of severity composed in ("killed or badly wounded"), which
    holds every word of the listed phrase it stands for; the pattern reads each word whole (a
    look-behind before the first, spaces after each), so the word is one of the text's runs of
    a-z. (Not for a text with "İ", "ı" or "ſ", which IGNORECASE matches to plain letters.)"""
    return _gate_words(_lexicon().pre_of)


#: "Among the Russian troops killed ... was ": a toll opened by "among", then its verb, right before a name
_AMONG_BEFORE = re.compile(r"\b[Aa]mong\s+(?:(?:the|those)\s+)?((?:[\w'’-]+\s+){0,3}[\w'’-]+)(?:\s[^.;:!?]{0,120}?)?"
                           r"\s+(?:was|were|is|are)\s+(?:also\s+)?$")


def _among_before(f: _Figure, s: str, lex: _Lexicon) -> None:
    """'Among the Russian troops killed during the shelling the day before was Captain Ivan Kovgan',
    'Among those wounded were Private A and Private B': the inverted form of _named_among; the named
    people are of the toll "among" opens, with its category (the casualty word among its first four
    words)."""
    a = f.ev_start
    if "mong " not in s[max(0, a - 200):a]:
        return
    m = _AMONG_BEFORE.search(s, max(0, a - 200), a)
    if m is None:
        return
    cat = next(filter(None, (_casualty_category(w, lex) for w in m.group(1).split())), None)
    if cat and cat != VICTIMS:
        f.category, f.source, f.ev_start = cat, "pre", m.start()
        _np_side_from(f, m.group(1), lex)  # "among the Russian troops killed": the toll's side


def _place_name(name: str, lex: _Lexicon) -> bool:
    """'Gubadli', 'Fizuli District', 'Tartar Region': a place of the gazetteer, alone or with the word
    for its unit. (The full match is tried only where the pattern matches at the name's start: a
    full match is one, so a name with none has neither.)"""
    m = lex.place_re.match(name)
    return m is not None and (lex.place_re.fullmatch(name) is not None or name[m.end():].strip().lower() in lex.place_units)


#: a detention named as a noun right before a name
_HELD_OF_END = LexiconPattern(r"\b(?:\L<custody.held_nouns>)\s+of\s+$", re.I)
#: an object right after a verb: the verb is active, its subject did it ("X killed a soldier")
_OBJECT_AFTER = LexiconPattern(r"\s+(?:\L<grammar.object_determiners>\s|\d|[A-Z][a-z]|(?:\L<numbers.one_to_ten>"
                               r"|\d+-year-old)\b)")
#: What may follow a name in a list of victims: a birth year or date, an age ("Rauf Imanov, 40;").
#: A role after a name in a list whose names are parted by semicolons: "A, a camera operator for Az
#: TV; B, a journalist; and C".
_ROLE_ASIDE = r"\s*,\s+(?:a|an|the)\s+[^,;()]{1,60}(?=\s*;)"
#: The same after the last name, before the list's verb: "..., and C, a local official, were killed".
_ROLE_CLOSE = LexiconPattern(r"\s*,\s+(?:a|an|the)\s+[^,;()]{1,60}?(?=\s*,\s*(?:\L<grammar.role_close_verbs>)\b)")
_BIRTH_ASIDE = re.compile(r"\s*\((?:b\.\s*)?[^()]{1,20}\)|\s*,\s*(?:aged\s+)?\d{1,2}(?=\s*[,;])|\s*,\s*(?:born|b\.)\s+(?:in\s+|on\s+)?"
                          r"(?:[A-Z][a-z]+\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+,?\s+\d{4}|\d{4})")
#: A title before a name: a noun of office, post, rank or occupation, the words that may go before it
#: ("the former", "ex-") and after it ("of the Artsakh army", "and ex-assistant to the President"), up
#: to the name, with or without the comma of an apposition: "former Foreign Minister ", "the head of
#: the Russian community of Nagorno-Karabakh, ", "journalist of AZERTAC news agency ".
_OFFICE_TITLE = (r"(?:(?:\L<grammar.title_determiners>)\s+)?(?:(?i:\L<people.offices_before>)(?:\s+|-))*"
                 r"(?:[A-Z][\w'’-]*\s+){0,3}(?i:\L<people.offices>)"
                 r"(?:\s+(?:\L<grammar.title_joints>)\s+[^,;:()\"“”.!?]{0,150}?)?\s*,?\s+")
_OFFICE_BEFORE_NAME = LexiconPattern(_OFFICE_TITLE + r"$")
#: Between two names of a list: "A (1999), B", "A, born on 5 May 1994, and B", "A, 40; B"; a title
#: may stand before the next name: "A, journalist of AZERTAC B", "A, and the ex-secretary of the
#: Security Council, B".
_NAME_JOINT = LexiconPattern(rf"(?:{_BIRTH_ASIDE.pattern}|{_ROLE_ASIDE})?\s*(?:[,;]\s*and|[,;]|and)\s+"
                             rf"(?:[a-z]+\s+|{_OFFICE_TITLE})?")  # "and driver B"
#: The comma after a list's last name (and its aside), before its verb: "..., Mamishov, 37, blew up".
_LIST_CLOSE = re.compile(r"\s*,\s*(?=[a-z])")


def _name_runs(s: str, names: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """The runs of two or more of ``names`` (spans) joined as a list ("A (1999), B and C", "A,
    born on 5 May 1994, and B")."""
    runs, run = [], []
    for span in names:
        if run and _NAME_JOINT.fullmatch(s, run[-1][1], span[0]):
            run.append(span)
            continue
        if len(run) >= 2:
            runs.append(run)
        run = [span]
    if len(run) >= 2:
        runs.append(run)
    return runs


def _without_speaker(s: str, run: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """'According to spokesman Elvin Mammadov, Private Anar Aliyev was killed': the first name of a
    run that a speech cue opens, set off by a comma, is who speaks, not the first of the people hit
    (a named victim counts as 1: the run is one name shorter)."""
    a, b = run[0]
    if s[b:run[1][0]].strip() == "," and _SPEAKER_TITLE_END.search(s, max(0, a - 40), a):
        return run[1:]
    return run


#: a capitalised name and the comma after it, right before a position
_NAME_AND_COMMA_END = re.compile(r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3},\s*$")


def _spoken_before(s: str, a: int) -> bool:
    """Is the name before ``a`` (and a comma) the speaker of a speech cue ("According to Elvin
    Mammadov, A and B were wounded")? Then it does not make the list at ``a`` go on before it."""
    m = _NAME_AND_COMMA_END.search(s, max(0, a - 60), a)
    return m is not None and _SPEAKER_TITLE_END.search(s, max(0, m.start() - 40), m.start()) is not None


def _name_list(s: str, runs: list, titles: list, figs: list[_Figure], lex: _Lexicon, words: set) -> list[_Figure]:
    """A list of named victims with casualty words after it and no number of its own: "Aliyev
    Samir Kamal, born on 5 May 1994, Huseynov Elvin Rashid, born on 8 July 1987, and Mammadov
    Orkhan Ilgar died at the scene" is three killed. After a number ("four soldiers: A, B, C and
    D were killed") the names repeat it and are not counted (ANNOTATION.md); nor is a list that
    goes on before its first name we read as one (a name with an unusual spelling), whose count
    we do not know."""
    out: list[_Figure] = []
    for run in runs:
        a, b = run[0][0], run[-1][1]
        a = next((x for x, y in titles if x < a < y), a)  # "soldier Artur Nalbandyan and ...": from the title
        inner = [f for f in figs if f.category and a <= f.start < b]
        if _in_name_list(s, a, a, lex) and not _spoken_before(s, a) \
                or any(f.ev_start <= a < f.ev_end or 0 <= a - f.end <= 60 for f in figs if f.category) \
                or any(f.value >= len(run) for f in inner):
            continue  # (a figure inside the run, "A and an employee of another B died", counts them)
        aside = _BIRTH_ASIDE.match(s, b) or _ROLE_CLOSE.match(s, b)
        end = aside.end() if aside else b
        close = _LIST_CLOSE.match(s, end)
        end = close.end() if close else end
        f = _Figure(a, b, len(run), "named", head_kind="person", head_value="unknown",  # civilians too
                    np_end=end, ev_start=a, ev_end=end)
        f.surname_side = surname_side(s[run[-1][0]:b], lex)
        _categorise(f, s, a, lex)
        _named_by_context(f, s, lex, words)
        if f.source in ("pre", "post"):
            f.surnames = tuple(s[x:y].split()[-1] for x, y in run)
            out.append(f)
            for g in inner:  # "A, B and an official C were killed": the run counts the pair "B and an official C"
                g.category = None
    return out


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


def _handed_to(figs: list[_Figure], s: str, lex: _Lexicon) -> None:
    """'1,713 bodies were transferred to Armenia', 'Azerbaijan handed over 32 servicemen to
    Armenia': dead or captives handed to a side are that side's (the project's reading of
    ANNOTATION.md: bodies and released prisoners keep their own side). Only for a figure whose own
    words name no side."""
    for f in figs:
        if f.side is not None or f.category not in ("killed", "captured"):
            continue
        m = _HANDED_TO.match(s, f.np_end)
        if m is None and _HANDED_BEFORE.search(s, max(0, f.start - 60), f.start):
            m = _TO_SIDE_AFTER.match(s, f.np_end)
        if m is None:
            continue
        side = lex.side_of.get(_key(m.group("to"))) or lex.names_of.get(_key(m.group("to")))
        if side in PARTIES:
            # (handed to Artsakh: the receiving body does not make the war dead Karabakh's, and with
            # nothing else they are the Armenian side's: REMAINS.md)
            f.side = "armenia" if side == "karabakh" else side


def _from_side(s: str, pos: int, lex: _Lexicon) -> re.Match | None:
    """'... and one from Armenia': the side named right after an elided figure, or None."""
    frm = _FROM_SIDE.match(s, pos)
    return lex.side_re.match(s, frm.end()) if frm else None


#: between two objects of one verb: ", ", " and ", ", and "
_COORDINATION = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


def _coordinated_object(prev: _Figure, f: _Figure, s: str) -> bool:
    """'Azerbaijani fire killed a soldier and a civilian', 'wounded four soldiers, two civilians and
    a policeman': one person joined to the objects of a casualty verb before them (the figure
    before took the verb, or is itself such an object) is hit by that verb too. After a name a
    comma alone opens an apposition, not a second person ("Among the dead was Elvin Mammadov, a
    resident of Tartar": one)."""
    end = max(prev.ev_end, prev.np_end)
    return f.kind == "single" and prev.source in ("pre", "breakdown") and prev.category is not None \
        and _COORDINATION.fullmatch(s, end, f.ev_start) is not None \
        and not (prev.kind == "named" and "and" not in s[end:f.ev_start])


#: between the parts of a breakdown: after the unit of the part before ("42 of the army and 8 of
#: the border service"), or after where and when, before a colon or a dash ("were killed in
#: clashes on Tuesday: four Armenians and three Azerbaijanis")
_BREAKDOWN_GLUE = LexiconPattern(r"(?:\s+(?:of|from)\s+(?:the\s+)?[\w'’ -]{1,40}?"
                                r"|\s+(?:\L<grammar.where_when_words>)\b[\w'’ ,-]{0,50}?(?=\s*[:—–]))?"
                                r"(?:\s*(?:in\s+total|in\s+all|altogether)\b[^,;:.]{0,40}?)?"
                                r"\s*(?:,|:|—|–|\(|-{1,2})?\s*(?:\L<grammar.part_openers>)?\s*(?:and\s+)?(?:(?:his|her|their)\s+)?",
                                re.I)


def _breakdowns(figs: list[_Figure], s: str, lex: _Lexicon) -> None:
    """'Seven soldiers were killed, four Armenians and three Azerbaijanis': the parts take the
    category of the total before them (_breakdown_parts); ranks ('16 were officers') are left out."""
    for f in figs:
        if f.category and f.source == "post" and _not_a_part(f, s, lex):
            lead = _IN_A_LIST.search(s, max(0, f.start - 120), f.start)
            if lead and not search_lower(lex.post_re, lead.group(1)) and lex.nc_verbs.isdisjoint(lead.group(1).lower().split()):
                f.category = None  # "including 12 children and nine elderly people were wounded": no row
    if len(figs) > 1:  # (a part needs a figure before it: one figure is left as it is)
        _breakdown_parts(figs, s, lex)


def _breakdown_parts(figs: list[_Figure], s: str, lex: _Lexicon) -> None:
    """The parts of a breakdown take the category of the figure before them (or of the total
    carried past a part that is no row): each rule below reads the figure before, so the first
    figure of a sentence is no part, and a sentence of one figure is left as it is."""
    carried: dict[int, str] = {}  # the total's category, carried past a part that is no row
    for i, f in enumerate(figs):
        # (the sides and the total after a figure are read only for a bare number after a figure
        # with a category: the first two rules below need one)
        bare = f.category is None and f.kind == "num" and f.head_kind is None and i and figs[i - 1].category
        prev_side = _ON_SIDE.match(s, figs[i - 1].ev_end) if bare else None
        prev_end = prev_side.end() if prev_side else (figs[i - 1].ev_end if i else 0)
        named_side = (_ON_SIDE.match(s, f.end) or _from_side(s, f.end, lex)) if bare else None
        if named_side and _SIDE_LIST_GLUE.fullmatch(s[prev_end:f.ev_start]):
            # "15 servicemen dead on the Armenian side and seven on the Azerbaijani side", "Two
            # Azerbaijani soldiers were killed and one from Armenia"
            f.category, f.source = figs[i - 1].category, "breakdown"
            f.ev_end = named_side.end()
            continue
        total = _IN_TOTAL_AFTER.match(s, f.end) if bare else None
        if total and _COMMA_END.search(s, 0, f.ev_start):
            # "Four Armenian and three Azerbaijani soldiers were killed, seven in total": the sum of
            # the figures before it
            f.category, f.source = figs[i - 1].category, "total"
            f.ev_end = total.end()
            sides = {g.side for g in figs[:i] if g.category == f.category and g.side}
            f.side = "combined" if len(sides) >= 2 else next(iter(sides), None)
            continue
        part = _OF_THEM_POP.match(s, f.end) if f.category is None and f.kind == "num" and i else None
        if part and figs[i - 1].category and _names_population(part, lex) \
                and not _key(part.group(0)).endswith(tuple(lex.raw["population"]["breakdown_excluded"])):
            # "Ten people were killed, two of whom were civilians", "nine people, six of them
            # soldiers": a part named by who the people were is its own figure (ANNOTATION.md)
            f.category, f.source, f.ev_end = figs[i - 1].category, "subset", part.end()
            continue
        if f.category is not None or f.head_kind not in ("nationality", "person") \
                or _OF_THEM.match(s, f.end, f.np_end):
            continue  # "293 servicemen were wounded, 16 of them seriously": a subset
        if f.kind != "num" and not (f.kind == "single" and _BREAKDOWN_LEAD.search(s, max(0, f.ev_start - 30), f.ev_start)
                                    and i and figs[i - 1].source not in ("breakdown", "subset")) \
                and not (f.kind == "single" and i and _coordinated_object(figs[i - 1], f, s)):
            # one person is a part only of a total, after "including": "four people, including a
            # child"; or one more object of the verb before: "killed a soldier and a civilian"
            continue
        prev = figs[i - 1] if i else None
        category = prev.category or carried.get(i - 1) if prev is not None else None
        if _not_a_part(f, s, lex):
            # "among them two officers": a rank, not a population; but a list goes on past it:
            # "613 people, including 106 women, 63 children and 70 older people" (the children count)
            if category and f.kind == "num":
                carried[i] = category
            continue
        if category is None:
            continue
        if _OWN_VERB.match(s, f.np_end) and not (prev.source == "pre" and _OF_END.search(s, prev.ev_start, prev.start)):
            # "109 were killed, 470 people have suffered": a clause of its own, not a part (but "the
            # fate of 231 servicemen and 22 civilians is unknown": the verb is the whole phrase's)
            continue
        glue = s[max(prev.ev_end, prev.np_end):f.ev_start]
        # (after the unit of the part before: "42 of the army and 8 of the border service")
        # (or after where and when, before a colon or a dash: "were killed in clashes on Tuesday:
        # four Armenians and three Azerbaijanis")
        if _BREAKDOWN_GLUE.fullmatch(glue):
            f.category, f.source = category, "breakdown"
            f.ev_end = max(f.ev_end, f.np_end)
