"""Stage 4: who gave a figure (speakers, 'according to', anaphora resolved to earlier speakers)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .lexicon import _key, first_words, gate_words, word_list, LexiconPattern
from .patterns import (
    _ACCORDING_SEGMENT,
    _AS_END,
    _AUX_TAIL,
    _CITING,
    _CITING_START,
    _COLON_HEAD,
    _COMMA_END,
    _LEADING_ARTICLE,
    _LEADING_CONJ,
    _LEADING_DET,
    _LEADING_THE,
    PARTIES,
    _RELATIVE_START,
    _SEGMENT_SPLIT,
    _SIDE_OFFICIAL,
    _HEARSAY,
    _NAME_DOT,
    _PERSON_NAME,
    _SURNAME_ONLY,
    _THE_COUNTRYS,
)
from .text import _clauses, finditer_lower, folds_plainly, letters_only, lower_twin, matches_at_words, may_hold_a_word_of, search_lower

#: The last conjunct of a long phrase before a speech verb: "... and the Karabakh army".
_AND_SUBJECT = LexiconPattern(r".*\b(?:\L<grammar.last_conjunct_openers>)\s+((?:the\s+|its\s+)?[^\s]+(?:\s+[^\s]+){0,5})$")
#: The auxiliary of a speech verb in -ing: "Armenia is reporting", "officials have been saying".
_PROGRESSIVE_END = LexiconPattern(r"\s+(?:\L<grammar.progressive_aux>)$")
#: A comma, perhaps closing a quote, right before a speech verb: "...," said the ministry.
_COMMA_QUOTE_END = re.compile(r",[\"'”’]?\s*$")
#: An apposition after a name: ", head of the department of the ministry,".
_APPOSITION = re.compile(r"\s*,\s*([^,;.]{5,160}?)\s*,")
#: A country or its capital as the place of what follows: "In Armenia, the defence ministry said".
_IN_COUNTRY = LexiconPattern(r"(?:[Ii]n|[Mm]eanwhile,?\s+in)\s+(\L<side_words.capitals_and_countries>)")
#: Where "Armenian" officials are placed in the region a story is about, not in Armenia.
_IN_THE_REGION = re.compile(r"\b(?:in|of)\s+the\s+(?:region|territory|area)\b|\blocal\b|\bthere\b", re.I)
#: A figure's digits: a phrase with a number in it ("42 Armenians missing after ...") is no speaker.
_DIGITS = re.compile(r"\d")
#: A subject never follows these: "an attack on Nagorno-Karabakh said" has no speaker "Nagorno-Karabakh".
_PREPOSITIONS = frozenset(("on", "in", "at", "of", "from", "to", "against", "after", "with", "into", "over"))
#: The speaker after the verb: "..., said the ministry." ("..., reported news.am.": a dot between
#: letters is inside a name, _NAME_DOT).
_INVERTED_SPEAKER = re.compile(r"\s+((?:[^,;.]|" + _NAME_DOT + r"){2,80}?)"
                               r"(?=\s*(?:,|;|\.(?![A-Za-z])|$|\s+(?:that|on|in)\b))")
#: A form of "be" (lexicon claimants.clause_verbs): a phrase holding one is a clause, not a subject.
_CLAUSE_VERB = LexiconPattern(r"\b(?:\L<claimants.clause_verbs>)(?![\w'’-])", re.I)
#: "claimed the lives of": a toll, not a speech verb.
_LIVES_AFTER = re.compile(r"\s+(?:the\s+)?lives?\b|\s+the\s+life\b")

if TYPE_CHECKING:
    from .lexicon import _Lexicon
    from .text import _Sentence


@dataclass
class _Speaker:
    name: str
    side: str | None          # None: not resolved yet (an institution with no antecedent)
    start: int                # in sentence coordinates
    end: int
    head: str = ""
    institutional: bool = False


def _classify_speaker(text: str, lex: _Lexicon, memory: list[_Speaker], s_sides: list[str],
                      words: list[str] | None = None) -> _Speaker | None:
    """Who a speaker phrase is: a known person/outlet, a body with a nationality, a country, or an
    anaphor ("the ministry", "it") resolved to the last speaker. ``words``: the words of the ASCII
    clause the phrase was read from (``_ascii_words``), when each run of a-z of the phrase is one
    of them, whole; else None."""
    t = text.strip(" ,.'\"“”-–—()")
    # (a phrase of letters only, "Armenia", "It", holds no white space, which every match of
    # _LEADING_CONJ holds, and of combined_strong_re, whose phrases have two words or more joined
    # by \s+: neither is tried, and it has no white space to strip)
    plain = t.isalpha()
    looked_up = plain and t.isascii()  # (its name, if it is one, is looked up here, and only here)
    if looked_up:
        # (a country or capital of lexicon claimants.names, "Armenia", looked up before the patterns
        # (_named_side): none of them is a known name nor a body (tests/test_extract_twins.py), which
        # known_re and body_re, whole words, would match as the whole of a phrase of letters only,
        # and the bare surname is tried only for a phrase that is no such name)
        side = _named_side(t, plain, lex)
        if side is not None:
            return _government(side, lex)
    if not plain:
        t = _without_leading_conjunction(t).strip()
    if not t or len(t) > 90:
        return None
    # (combined_strong_re and known_re only in a clause with a word of their gate words,
    # lexicon._gate_words: a match of either is one of its phrases as written, between characters
    # that are no letters, so each run of a-z of the phrase, lower-cased, is a word of the clause)
    if not plain and may_hold_a_word_of(lex.combined_strong_gate_words, words) and lex.combined_strong_re.search(t):  # "officials in both countries said": no one side
        return _Speaker(_tidy(t), "unknown", 0, 0, head="both")
    km = [m for m in lex.known_re.finditer(t) if not _other_first_name(t, m, lex)] \
        if may_hold_a_word_of(lex.known_gate_words, words) else None
    if km:
        name, side = lex.known_of[_key(km[0].group(0))]
        return _Speaker(name, side, 0, 0, head=name)
    bm = search_lower(lex.body_re, t)  # (its lower-case twin: same span; _body_name ignores case)
    if bm:
        sm = lex.side_re.search(t)
        body = _body_name(bm.group(0), lex)
        if body == "media":
            adj = lex.adjectives.get(lex.side_of[_key(sm.group(0))], "") if sm else ""
            return _Speaker(f"{adj} media".strip(), "third_party", 0, 0, head=body)
        if sm:
            side = lex.side_of[_key(sm.group(0))]
            if side == "armenia" and any(lex.side_of[_key(m.group(0))] == "karabakh" for m in lex.side_re.finditer(t)):
                side = "karabakh"  # "Armenian authorities in Nagorno-Karabakh": Karabakh's own
            if side == "armenia" and _key(sm.group(0)) == "armenian" and _IN_THE_REGION.search(t) \
                    and not lex.place_re.search(t):
                # "Armenian officials in the region", "local Armenian authorities": officials of the
                # region the story is about, not of Armenia; the context decides, as for "the
                # region's ombudsman" (in a story about Karabakh, Karabakh's)
                return _Speaker(_tidy(t[:sm.start()] + t[sm.end():]), None, 0, 0, head=body, institutional=True)
            if body == "regional official":
                return _Speaker(_tidy(t), side, 0, 0, head=body)
            return _Speaker(_side_body(side, body, lex), side, 0, 0, head=body)
        if body == "peacekeeping contingent":  # the only peacekeepers here, 2020-2024, were Russia's
            return _Speaker("Russian peacekeeping contingent", "russia", 0, 0, head=body)
        pm = lex.place_re.search(t)
        if pm:
            side = lex.place_of[_key(pm.group(0))]
            return _Speaker(_tidy(t), side, 0, 0, head=body)
        country_s = _THE_COUNTRYS.search(t)  # (read only here: most phrases never get this far)
        if country_s and memory and memory[-1].side in lex.adjectives:
            # "Azerbaijan informed about its losses. The country's Health Ministry reported ...":
            # the country last named as a speaker (before a nationality later in the sentence:
            # "The country's defence ministry said 50 were killed as Russian President Putin ...")
            side = memory[-1].side
            return _Speaker(_side_body(side, body, lex), side, 0, 0, head=body)
        if country_s and s_sides:
            side = s_sides[0]
            return _Speaker(_side_body(side, body, lex), side, 0, 0, head=body)
        ante = _antecedent(body, memory, lex)
        if ante:
            return _Speaker(ante.name, ante.side, 0, 0, head=ante.head)
        return _Speaker(_tidy(t), None, 0, 0, head=body, institutional=True)
    # (a surname alone holds no space, which _SURNAME_ONLY never matches: a phrase with one is not tried)
    if " " not in t and _SURNAME_ONLY.fullmatch(t) and _key(t) not in lex.names_of:  # "Azerbaijan" is no surname
        # "Sargsyan said" after "the Governor of Gegharkunik province Karen Sargsyan told ...": a
        # bare surname is the earlier speaker who bore it
        for sp in reversed(memory):
            if sp.side is not None and sp.name.split()[-1:] == [t]:
                return _Speaker(sp.name, sp.side, 0, 0, head=sp.head)
    side = None if looked_up else _named_side(t, plain, lex)
    if side is not None:
        return _government(side, lex)
    am = lex.anaphora_re.match(t)
    if am:
        head = _key(_LEADING_DET.sub("", t))
        ante = _antecedent(head, memory, lex)
        if ante:
            return _Speaker(ante.name, ante.side, 0, 0, head=ante.head)
        if head in lex.institutional:
            return _Speaker(_tidy(t), None, 0, 0, head=head, institutional=True)
        return None
    # (searched only here and for a body: a known name, a bare surname, a country or an anaphor
    # returns before, without it)
    # (the tests of ``t`` alone first: they read no match, and a long phrase, which fails them, is
    # then not searched)
    sm = lex.side_re.search(t) if len(t.split()) <= 8 and "," not in t and not _DIGITS.search(t) else None
    if sm and sm.start() <= 25 and sm.group(0)[0].isupper() and not _CLAUSE_VERB.search(t) \
            and t[sm.end():].split()[:1] not in ([w] for w in lex.raw["agents"]["nouns"]):
        # "Armenian officials in Syunik", "the Armenian side": a nationality and a few words (not a
        # figure, not an attack: "42 Armenians missing after Azeri attack on Karabakh, report says";
        # not a clause of its own: "two Azerbaijani soldiers were killed, Trend reports")
        side = lex.side_of[_key(sm.group(0))]
        if lex.names_re.search(t) and not _SIDE_OFFICIAL.search(t):
            return None
        return _Speaker(f"{lex.adjectives[side]} {'officials' if 'official' in t.lower() else 'government'}",
                        side, 0, 0, head="government")
    return None


def _government(side: str, lex: _Lexicon) -> _Speaker:
    """The government of ``side``, the speaker a country's or capital's name stands for."""
    return _Speaker(_side_body(side, "government", lex), side, 0, 0, head="government")


def _named_side(t: str, plain: bool, lex: _Lexicon) -> str | None:
    """The side of the name (lexicon claimants.names) that is the whole of ``t``, or of ``t`` after
    a leading "the": what ``names_re.fullmatch`` finds, looked up in ``names_of``; None when there is
    none. A ``plain`` phrase (letters only) that is ASCII is looked up without the pattern:
    ``names_re`` is the alternation of the keys of ``names_of`` (lower case, a space where a key has
    white space) as whole words, IGNORECASE, and a text of letters only, holding no white space,
    matches whole only a key of one word, whose ASCII letters IGNORECASE matches to an ASCII letter
    of either case and to nothing else that is ASCII: the one key that is ``t.lower()`` (the keys
    are ASCII: tests/test_extract_twins.py). _LEADING_THE needs white space: it takes nothing off."""
    if plain and t.isascii():
        return lex.names_of.get(t.lower())
    nm = lex.names_re.fullmatch(t) or _opens_with_the(t) and lex.names_re.fullmatch(_LEADING_THE.sub("", t))
    return lex.names_of[_key(nm.group(0))] if nm else None


def _opens_with_the(t: str) -> bool:
    """May _LEADING_THE ("the" and white space at the start, IGNORECASE) match ``t``? Only when its
    first three characters are "the" in some case: no other character matches "t", "h" or "e" under
    IGNORECASE (only "i", "s" and "k" have other letters folded to them). Where it cannot,
    ``_LEADING_THE.sub("", t)`` is ``t``, whose fullmatch was just tried."""
    return t[:3].lower() == "the"


def _without_leading_conjunction(t: str) -> str:
    """``_LEADING_CONJ.sub("", t)``: "and", "while", "with" and the like taken off the start. The
    pattern is anchored at the start (``^``, no MULTILINE) and its match is never empty, so the
    substitution replaces at most one match, at 0: a ``match`` and a slice, without building a
    substitution."""
    m = _LEADING_CONJ.match(t)
    return t[m.end():] if m else t


def _side_body(side: str, body: str, lex: _Lexicon) -> str:
    """A side's body by the name the guide normalises it to (ANNOTATION.md, claimant: "Armenian Defence
    Ministry", "Azerbaijani State Border Service", "Karabakh Armenian authorities"): the side's
    adjective and the body, except Karabakh's government, which the guide calls its authorities."""
    if side == "karabakh" and body == "government":
        return "Karabakh Armenian authorities"
    return f"{lex.adjectives[side]} {body}"


#: id(lexicon) -> (lexicon, {words matched by body_re: the body's name})
_BODY_NAMES: dict[int, tuple[object, dict[str, str]]] = {}


def _body_name(words: str, lex: _Lexicon) -> str:
    """The name of the first body in the lexicon whose pattern is the whole of ``words``. Remembered
    per lexicon: the same few phrases ("Defence Ministry") come back in every article, and trying
    the patterns one by one costs some 10 us."""
    known = _BODY_NAMES.get(id(lex))
    if known is None or known[0] is not lex:
        known = _BODY_NAMES[id(lex)] = (lex, {})
    names = known[1]
    if words not in names:
        if len(names) > 10_000:  # a corpus of unusual phrasings: keep the memory bounded
            names.clear()
        names[words] = next(name for rx, name in lex.body_of if rx.fullmatch(words))
    return names[words]


def _other_first_name(t: str, m: re.Match, lex: _Lexicon) -> bool:
    """'Arif Aliyev' is not President Ilham Aliyev: a known surname after a first name other than
    the known person's."""
    full, side = lex.known_of[_key(m.group(0))]
    if " " in m.group(0) or side == "third_party":  # (outlets: "the Azerbaijani APA agency")
        return False
    before = t[:m.start()].split()[-1:]
    if not before or not before[0][:1].isupper() or _key(before[0]) in lex.side_of \
            or before[0].lower() in lex.surname_titles:
        return False
    return before[0] not in full.split()


def _body_part(text: str, lex: _Lexicon) -> str:
    """The end of a long apposition from its first side word or body on: "an employee of the
    Investigative Department of the Prosecutor General's Office of Azerbaijan" -> "Prosecutor
    General's Office of Azerbaijan"; "head of the ... of Azerbaijan's Military Prosecutor's
    Office" -> "Azerbaijan's Military Prosecutor's Office"."""
    starts = [m.start() for m in (lex.side_re.search(text), search_lower(lex.body_re, text)) if m]
    return text[min(starts):] if starts else text


def _antecedent(head: str, memory: list[_Speaker], lex: _Lexicon | None = None) -> _Speaker | None:
    """The earlier speaker an anaphor refers to: a pronoun or a document ("the report", lexicon
    [claimants.anaphora] documents) the last one with a side, a head ("the ministry") the last
    one whose name or head shares a word with it."""
    if not memory:
        return None
    head = head.lower()
    documents = lex.anaphora_documents if lex is not None else ()
    # (what the head is and its words do not change from one earlier speaker to the next: read once)
    pronoun = head in ("it", "he", "she", "they", "the statement") or head in documents
    words = set(head.replace("'s", "").split())
    for sp in reversed(memory):
        if sp.side is None:
            continue
        if pronoun or not words.isdisjoint(sp.name.lower().split()) \
                or not words.isdisjoint(sp.head.lower().split()):
            return sp
    return None


def _tidy(t: str) -> str:
    t = _LEADING_ARTICLE.sub("", t.strip())
    t = " ".join(t.replace(",", " ").split())
    return t[:1].upper() + t[1:]


def _speakers(s: str, clause: tuple[int, int], lex: _Lexicon, memory: list[_Speaker],
              s_sides: list[str], s_words: tuple[str, list[str]] | None = None) -> list[_Speaker]:
    """Speakers in one clause: 'according to X', 'X said', '..., said X'. ``s_words``, if the caller
    has them: the letters-only copy of ``s`` lower-cased, at its offsets, and its words (see
    ``_clause_words``)."""
    a, b = clause
    c = s[a:b]
    out: list[tuple[int, _Speaker]] = []
    low = c.lower()
    words = _ascii_words(c, low) if s_words is None else _clause_words(c, clause, s_words)
    # (every phrase read below is a part of the clause that starts and ends between a letter and
    # another character, or its words joined, so its runs of a-z are words of the clause; but for
    # the words before a speech verb when they are cut 240 characters before it, maybe in a word)
    clause_words = words[1] if words is not None else None
    colon = _COLON_HEAD.match(c) if ":" in c else None  # (it needs one: a search of the clause is cheaper)
    if colon and (search_lower(lex.body_re, colon.group(1)) or lex.known_re.search(colon.group(1))
                  or lex.names_re.fullmatch(colon.group(1).strip())):
        # "Azerbaijani Defence Ministry: three servicemen wounded" (not "Armenia's losses: ...")
        sp = _classify_speaker(colon.group(1), lex, memory, s_sides, clause_words)
        if sp:
            sp.start, sp.end = a, a + colon.end()
            out.append((0, sp))
    for m in _phrase_matches(lex.according_re, "claimants.before", c, low, words):
        tail = c[m.end():]
        seg = _ACCORDING_SEGMENT.match(tail)
        if seg:
            sp = _classify_speaker(seg.group(1), lex, memory, s_sides, clause_words)
            if sp is None and _PERSON_NAME.fullmatch(seg.group(1).strip()):
                # "citing Emil Tagiyev, head of the ... of Azerbaijan's Military Prosecutor's Office,":
                # the apposition says whom the person speaks for
                appo = _APPOSITION.match(tail, seg.end())
                sp = _classify_speaker(_body_part(appo.group(1), lex), lex, memory, s_sides, clause_words) \
                    if appo else None
                if sp:
                    seg = appo
            if sp:
                sp.start, sp.end = a + m.start(), a + m.end() + seg.end()
                # the reporter outranks whom it cites: "Reuters reported, citing local officials"
                out.append((2 if _CITING.match(m.group(0)) else 0, sp))
    for m in _phrase_matches(lex.speech_re, "claimants.speech_verbs", c, low, words):
        if _LIVES_AFTER.match(c, m.end()):
            continue  # "the aggression claimed the lives of 93 civilians": no one speaks
        # only the end of the clause before the verb can hold its subject
        head = c[max(0, m.start() - 240):m.start()]
        phrase_words = clause_words if m.start() <= 240 else None  # (cut: maybe in a word)
        after_comma = _ends_in_comma(head)  # "..., said the ministry", '...," added it'
        head = (head[:-60] + _without_aux_tail(head[-60:])).rstrip(" ,")
        if m.group(0)[-3:].lower() == "ing":
            head = _PROGRESSIVE_END.sub("", head)  # "Armenia is reporting that": Armenia speaks
        if _may_end_in_as(head[-12:]) and _AS_END.search(head[-12:]):
            continue  # "as reported by the ministry": the speaker follows, see according_re
        if _be_near(low, m.start(), m.end(), words) and (_HEARSAY.search(c[max(0, m.start() - 5):m.end() + 4])
                                                       or _HEARSAY.search(c[max(0, m.start() - 6):m.end()])):
            continue  # "are said to have been killed", "were reported killed", "have been confirmed dead": hearsay, nobody speaks
        segs = _segments(head)
        sp = None
        if len(segs) >= 2 and _CITING_START.match(segs[-1]):
            segs = segs[:-1]  # "Armenian media, citing the Defence Ministry, reported": the media speak
        last = segs[-1]
        last_words = last.split()  # (split again only where ``last`` is cut)
        conjunct = _last_conjunct(last) if len(last_words) > 12 else None
        if conjunct is not None:
            # "tensions flared as Azerbaijan said it had lost a soldier and the Karabakh army": the
            # subject of this verb is the conjunct after the last "and"
            last = last[conjunct.start(1):]
            last_words = last.split()
        # the speaker is the phrase right before the verb, or the one before a short apposition
        # ("The governor, Karen Sarkisyan, said"; "Azerbaijan, on the other hand, alleged")
        if len(last_words) <= 12:
            sp = _classify_speaker(last, lex, memory, s_sides, phrase_words)
            # "..., in which Armenia said": the speaker is the longest tail of the phrase that is one
            for k in range(1, len(last_words)):
                if sp is not None:
                    break
                if (last_words[k][:1].isupper() or last_words[k].lower() in ("the", "its", "their")) \
                        and last_words[k - 1].lower() not in _PREPOSITIONS \
                        and not any(w.endswith(",") for w in last_words[k:]):  # not "X attack on Y, report"
                    sp = _classify_speaker(" ".join(last_words[k:]), lex, memory, s_sides, phrase_words)
        if sp is None and len(segs) >= 3 and 12 < len(last_words) <= 20 and _PERSON_NAME.fullmatch(segs[-2].strip()):
            # "Seljan Familzade, an employee of the Investigative Department of the Prosecutor
            # General's Office of Azerbaijan, stated": a long apposition after a name names the body
            sp = _classify_speaker(_body_part(last, lex), lex, memory, s_sides, phrase_words)
        if sp is not None and len(segs) >= 2 and sp.head not in ("both", "media"):
            # (the segment before is matched first: it seldom opens with "in", and the two searches
            # of the phrase cost more; the three tests read nothing else, so their order is free)
            where = _IN_COUNTRY.fullmatch(segs[-2].strip())
            # (the country named here outweighs an earlier speaker the bare "officials" would refer to)
            if where and not lex.side_re.search(last) and not lex.known_re.search(last):
                # "In Armenia, the defence ministry said": the ministry of the country named
                side = lex.names_of.get(_key(where.group(1)))
                if side in lex.adjectives:
                    sp = _Speaker(f"{lex.adjectives[side]} {sp.head}", side, 0, 0, head=sp.head)
        if sp is None and len(segs) >= 2 and len(segs[-2].split()) <= 8 and (
                len(last_words) <= 6 or _RELATIVE_START.match(last)):
            sp = _classify_speaker(segs[-2], lex, memory, s_sides, phrase_words)
            if sp and sp.side and _PERSON_NAME.fullmatch(last.strip()) and sp.head == "regional official":
                # "The Governor of Syunik, Aram Harutyunyan, said": keep the name, so that a later
                # "Harutyunyan said" finds this speaker
                sp.name = f"{sp.name} {last.strip()}"
        inverted = None
        if sp is None:
            # inverted: "..., said the ministry." / "said Armenia's Defence Ministry"
            tail = _INVERTED_SPEAKER.match(c, m.end())
            if tail and (after_comma or _COMMA_END.search(head)):
                sp = _classify_speaker(tail.group(1), lex, memory, s_sides, clause_words)
                inverted = tail
        if sp:
            sp.start, sp.end = (a + m.start(), a + inverted.end()) if inverted else \
                (a + max(0, m.start() - 60), a + m.end())
            out.append((1, sp))
    if len(out) < 2:  # (most clauses: nothing to order)
        return [sp for _, sp in out]
    return [sp for _, sp in sorted(out, key=lambda x: x[0])]


def _ascii_words(text: str, low: str) -> tuple[str, list[str]] | None:
    """The words (runs of a-z) of ``low``, the lower-cased ``text``: ``low`` as letters only
    (``letters_only``) with a space before and after it, and the list of its words (no set of
    them: ``_phrase_matches`` intersects a set of first words with it, which gives the same
    words for a list as for its set, without building that set); None when
    ``text`` is not ASCII (IGNORECASE reads "ſ" as "s" and "ı", "İ" as "i", which no run of a-z
    shows)."""
    if not text.isascii():
        return None
    letters = f" {letters_only(low)} "
    return letters, letters.split()


def _clause_words(c: str, clause: tuple[int, int], s_words: tuple[str, list[str]]) -> tuple[str, list[str]] | None:
    """``_ascii_words(c, c.lower())`` for the clause ``c``, at ``clause`` in a sentence whose
    letters-only lower-cased copy and words are ``s_words`` (pipeline ``_letters_of`` and the words
    of the sentence's gates, already hashed by them). On an ASCII clause lower-casing and
    ``letters_only`` map each character to one, a-z for A-Z and a-z and a space for every other,
    as ``_letters_of`` does for each ASCII character: the clause's copy is the slice of the
    sentence's at the same offsets, and a clause that is the whole sentence has its words."""
    if not c.isascii():
        return None
    letters, words = s_words
    a, b = clause
    if a == 0 and b == len(letters):
        return f" {letters} ", words
    part = letters[a:b]
    return f" {part} ", part.split()


def _phrase_matches(rx: re.Pattern, name: str, c: str, low: str, words: tuple[str, list[str]] | None):
    """``finditer_lower(rx, c, low)`` for the whole-word pattern ``rx`` of the phrases of the word
    list ``name`` (speech_re, according_re), tried only where a match can begin. A match opens
    with the first word of one of the phrases, with no letter before it nor after it (the pattern's
    look-behind and the space or look-ahead after the word), so that word is one of the clause's
    words, and in its letters-only copy (``_ascii_words``: every other character a space, and a
    space at each end) it stands between two spaces: the pattern is tried only where " word " is
    found there for a first word present (``matches_at_words``; the copy's leading space puts the
    word's start at the offset of that space's find), not entered at every character nor where
    the word is only a part of a longer one ("a" in "was"), and a clause with none of them is not
    searched (the same matches, in the same order). A text that is not ASCII (``words`` None) is
    searched whole."""
    firsts = first_words(name)
    if words is None or firsts is None:
        return finditer_lower(rx, c, low)
    letters, found = words
    present = firsts.intersection(found)
    if not present:
        return ()
    rx, text = lower_twin(rx, c, low)
    return matches_at_words(rx, text, letters, [f" {w} " for w in present])


def _ends_in_comma(head: str) -> bool:
    """``_COMMA_QUOTE_END.search(head) is not None``: a comma, perhaps one closing quote after it,
    and only white space to the end. The pattern's ``\\s`` is what ``str.isspace`` says, which is
    what ``rstrip()`` strips, and its ``$`` (the end, or before a last "\\n") is the end once that
    is stripped: the stripped head ends in the comma or the comma and the quote."""
    t = head.rstrip()
    return t.endswith(",") or len(t) >= 2 and t[-2] == "," and t[-1] in "\"'”’"


def _may_end_in_as(tail: str) -> bool:
    """May _AS_END ("as" at the end, IGNORECASE) match ``tail``? Not when it holds no "as" in any
    case: the lower-cased copy shows every case of it but "ſ" (which IGNORECASE reads as "s"),
    and a text with "ſ", "ı" or "İ" is always searched (``folds_plainly``)."""
    return "as" in tail.lower() or not folds_plainly(tail)


def _segments(head: str) -> list[str]:
    """``_SEGMENT_SPLIT.split(head)``: the pieces of the words before a speech verb between commas,
    colons, "that", dashes and ")". Every break the pattern finds holds one of ",", ":", "that",
    "-", "–", "—" or ")", so a head with none of them (most: a few words after the clause's start)
    is one piece, without the pattern's try at every character."""
    if "," in head or ":" in head or ")" in head or "that" in head or "-" in head or "–" in head or "—" in head:
        return _SEGMENT_SPLIT.split(head)
    return [head]


@functools.cache
def _be_forms() -> tuple[str, ...]:
    """The forms of "be" (lexicon grammar.be_hearsay) that every match of _HEARSAY holds."""
    return tuple(word_list("grammar.be_hearsay"))


def _be_near(low: str, start: int, end: int, words: tuple[str, list[str]] | None) -> bool:
    """May _HEARSAY match in a window around the speech verb at ``start``-``end`` of a clause
    (c[start - 6:end + 4] holds both that _speakers searches)? Every match holds a form of "be"
    (_be_forms; IGNORECASE), so in an ASCII clause (``words`` not None), whose lower-cased copy
    ``low`` keeps its offsets, a window whose copy holds none of them has no match; an ``in`` test
    of that slice of ``low`` for each form (what ``low.find(form, a, b) >= 0`` tells, without a
    method call per form) costs a fraction of the two searches. Not ASCII: True (searched)."""
    if words is None:
        return True
    window = low[max(0, start - 6):end + 4]
    for form in _be_forms():
        if form in window:
            return True
    return False


@functools.cache
def _aux_last_words() -> frozenset:
    """The last word of every phrase of _AUX_TAIL (lexicon grammar.aux_tail), in lower case."""
    return frozenset(p.split(" ")[-1].lower() for p in word_list("grammar.aux_tail"))


def _without_aux_tail(head: str) -> str:
    """``_AUX_TAIL.sub("", head)``: the auxiliaries and adverbs that end the words before a speech
    verb taken off ("Armenia has", "the ministry later"). The pattern ends at the end of the text,
    so it can match only where the last word is the last word of one of its phrases: a set look-up
    tells, and spares the pattern's try at every start of the text (a text with "ı", "ſ" or "İ" is
    always tried)."""
    words = head.split()
    if (not words or words[-1].lower() not in _aux_last_words()) and folds_plainly(head):
        return head
    return _AUX_TAIL.sub("", head)


def _last_conjunct(text: str) -> re.Match | None:
    """``_AND_SUBJECT.search(text)``. The pattern opens with ".*", so a search tries every start and
    runs to the end from each (quadratic: some 100 us on a long phrase that has no conjunct); in a
    text without a line break a match at any start is also one from the first character (".*"
    takes the characters before it), so one ``match`` finds the same."""
    return _AND_SUBJECT.match(text) if "\n" not in text else _AND_SUBJECT.search(text)


def _flush(pending: list[tuple[_Sentence, list[str]]], sent: _Sentence, norm: str, letters: str, lex: _Lexicon,
           memory: list[_Speaker], last_speaker):
    """Read the speakers of the pending sentences just before ``sent`` into the memory. ``pending``:
    each sentence with its words, ``letters``: the letters-only copy of ``norm`` (``_clause_words``)."""
    for p, words in pending:
        if p.index >= sent.index - 5:
            ps = norm[p.start:p.end]
            p_sides = _first_side(ps, lex)
            p_words = (letters[p.start:p.end], words)
            for c in _clauses(ps):
                for sp in _speakers(ps, c, lex, memory, p_sides, p_words):
                    if sp.side is not None:
                        memory.append(sp)
                        last_speaker = (sp, p)
    pending.clear()
    return last_speaker


def _first_side(s: str, lex: _Lexicon) -> list[str]:
    """The side first named in a sentence, as a list (the ``s_sides`` of _speakers), or []. It is read
    only for "the country's" or "its" body (_classify_speaker), so a sentence with neither word is
    not searched (a sentence with "ı", "ſ" or "İ", which IGNORECASE reads as "i" or "s", always is)."""
    low = s.lower()
    if "its" not in low and "country" not in low and folds_plainly(s):
        return []
    m = search_lower(lex.side_re, s)  # (the twin: only the side it names is read)
    return [lex.side_of[_key(m.group(0))]] if m else []


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


def quote_speaker(norm: str, sents: list[_Sentence], sent: _Sentence, pos: int, lex: _Lexicon,
                  memory: list[_Speaker]) -> _Speaker | None:
    """The speaker of a quotation that holds the figure at ``pos`` (article offsets): a figure
    inside a quote is the words of whoever speaks it, whatever sentence of the quote it stands in
    ('"As a result, two servicemen were wounded. ... measures," Eyvazov said.'). The quote is the
    one its paragraph opened before the figure, or one opened in an earlier paragraph and not yet
    closed when the figure's paragraph begins with no mark of its own (a statement reproduced over
    several paragraphs). Its speaker is the one named right after its closing mark ('," the ministry
    emphasized'), else the one that opened it with a colon ('The statement reads: "...', 'The head of
    state said in his post: "...'). None when the figure is not inside a quote, or neither end
    names a speaker."""
    if not _inside_quotation(norm, sents, sent, pos):
        return None
    opening = norm.rfind('"', 0, pos)
    close = norm.find('"', pos)
    if close >= 0:
        closer = _sentence_at(sents, close)
        tail = norm[close + 1:min(closer.end if closer else len(norm), close + 81)]
        tail = tail[:next((i + 1 for i, ch in enumerate(tail) if ch in ".;"), len(tail))]
        if lex.speech_re.search(tail):
            spoken = [sp for sp in _speakers(tail, (0, len(tail)), lex, memory, []) if sp.start <= 60]
            if spoken:
                return spoken[0]
    opener = _sentence_at(sents, opening)
    head = norm[opener.start if opener else opening:opening].rstrip()
    if not head.endswith(":") or not lex.speech_re.search(head):
        return None
    head = head[:-1]
    spoken = [sp for sp in _speakers(head, (0, len(head)), lex, memory, [])]
    return spoken[-1] if spoken else None


def opening_quote_speaker(norm: str, sents: list[_Sentence], sent: _Sentence, pos: int, lex: _Lexicon,
                          memory: list[_Speaker]) -> _Speaker | None:
    """The speaker of a quotation that opens a paragraph and holds the figure at ``pos`` when
    neither of its ends names one (quote_speaker): news copy names the speaker in the paragraph
    before and gives the words in the next ('Bayramov spoke at the OSCE meeting.' / '"In 2020 ...
    268 people became victims of landmines."'), or two paragraphs before when the paragraph between
    names nobody. The caller keeps it for the claimant only, and only when its side is the
    figure's own or none (a side's speaker quoted on its own losses), so it never decides a side."""
    if not _inside_quotation(norm, sents, sent, pos):
        return None
    opening = norm.rfind('"', 0, pos)
    opener = _sentence_at(sents, opening)
    if opener is None or norm[opener.start:opening].strip():
        return None  # not at the start of its paragraph
    k = opener.index - 1
    for back in (1, 2):
        if k < 0 or sents[k].para != opener.para - back:
            break
        spoken = _paragraph_speaker(norm, sents, opener.para - back, k, lex, memory)
        if spoken is not None:
            return spoken
        while k >= 0 and sents[k].para == opener.para - back:
            k -= 1
    return None


def _paragraph_speaker(norm: str, sents: list[_Sentence], para: int, last: int, lex: _Lexicon,
                       memory: list[_Speaker]) -> _Speaker | None:
    """The last speaker named in paragraph ``para`` (whose last sentence is ``last``): the one whose
    words a quotation opening the next paragraph gives."""
    k = last
    while k and sents[k - 1].para == para:
        k -= 1
    found = None
    for p in sents[k:last + 1]:
        ps = norm[p.start:p.end]
        p_sides = _first_side(ps, lex)
        for c in _clauses(ps):
            spoken = [sp for sp in _speakers(ps, c, lex, memory, p_sides) if sp.head != "media"]
            found = spoken[-1] if spoken else found
    return found


def _inside_quotation(norm: str, sents: list[_Sentence], sent: _Sentence, pos: int) -> bool:
    """Is the article offset ``pos`` (in ``sent``) inside a quotation: one that its paragraph opened
    before it, or one opened in an earlier paragraph and not closed when this paragraph begins
    with no quotation mark of its own before ``pos`` (a statement reproduced over paragraphs)?"""
    first = sent.index
    while first and sents[first - 1].para == sent.para:
        first -= 1
    para_start = sents[first].start
    marks = norm.count('"', para_start, pos)
    return marks % 2 == 1 or marks == 0 and norm.count('"', 0, para_start) % 2 == 1


def _sentence_at(sents: list[_Sentence], at: int) -> _Sentence | None:
    """The sentence that holds the article offset ``at``, or None (between sentences)."""
    return next((s for s in sents if s.start <= at < s.end), None)


def settle_claimants(claims: list, sents: list[_Sentence], norm: str, lex: _Lexicon) -> None:
    """The claimant rules that read the whole article, once its sides are settled."""
    total_borrows_no_speaker(claims, sents, norm)
    speaker_after(claims, sents, norm, lex)
    author_of_text(claims, sents, norm, lex)


#: A title that names a body's document: "Opening remarks by the UN Resident Coordinator at ...",
#: "Reaction of the Ombudsman to ..." (the body is group 1).
_DOCUMENT_BY = LexiconPattern(r"\b(?:\L<claimants.author_documents>)\s+(?:of|by|from)\s+(.+?)"
                              r"(?=\s+(?:\L<claimants.author_name_ends>)\b|[:,;.(]|$)", re.I)
#: A title that says a body issued a document: "Human Rights Watch issued another article on ...".
_ISSUED_DOCUMENT = LexiconPattern(r"^(.+?)\s+(?:\L<claimants.author_verbs>)\s+(?:(?:\L<claimants.author_determiners>)\s+)?"
                                  r"(?:[\w-]+\s+)?(?:\L<claimants.author_documents>)\b", re.I)
_FIRST_PERSON = LexiconPattern(r"\b(?:\L<claimants.first_person>)\b", re.I)
_QUOTED = re.compile(r'"[^"]*"')


def author_of_text(claims: list, sents: list[_Sentence], norm: str, lex: _Lexicon) -> None:
    """A text whose title gives it as a body's own document ("Reaction of the Ombudsman to a
    landmine accident", "Opening remarks by the UN Resident Coordinator", "Human Rights Watch issued
    another article on ...") and that speaks in the first person outside quotations ("I strongly
    condemn", "we interviewed") is that body's statement, remarks or report: the figures it states
    in its own voice, which no speaker claims, are the body's (ANNOTATION.md, claimant: the most
    specific attribution the text gives). A body with no side of its own ("the Ombudsman") is the
    figure's side's, as "the ministry said" is in the figure's own sentence; not for a figure the
    body would give of the other side ("the enemy lost"). An outlet's report on a body's document
    in the third person keeps its own voice."""
    if not sents or not any(c.claimant == "unattributed" for c in claims):
        return
    title = norm[sents[0].start:sents[0].end].strip()
    if not _may_name_document(title):
        return
    m = _DOCUMENT_BY.search(title) or _ISSUED_DOCUMENT.search(title)
    if m is None or not any(w.group(0) == "I" or not w.group(0).isupper()  # ("US" is a country)
                            for w in _FIRST_PERSON.finditer(_QUOTED.sub(" ", norm[sents[0].end:]))):
        return
    author = _classify_speaker(m.group(1), lex, [], [])
    if author is None or author.head in ("both", "media"):
        return
    for c in claims:
        if c.claimant != "unattributed":
            continue
        if author.side is not None:
            c.claimant, c.claimant_side = author.name, author.side
        elif c.side in PARTIES and not c.fig.third_person and not c.fig.enemy:
            c.claimant, c.claimant_side = f"{lex.adjectives[c.side]} {author.name.lower()}", c.side
        else:
            continue
        c.attributed_by_context = True


def _may_name_document(title: str) -> bool:
    """May _DOCUMENT_BY or _ISSUED_DOCUMENT match ``title``? Every match of either holds one of the
    phrases of lexicon claimants.author_documents whole (case-blind): after ``\\b`` or white space,
    and before white space or ``\\b``, so in an ASCII title each run of a-z of the phrase, lower-cased,
    is a word of the title (``_ascii_words``), and ``gate_words`` holds one of them for each phrase.
    A title with none of them matches neither pattern, which are not tried (_DOCUMENT_BY tries each
    of its listed phrases, case-blind, at every character: the two searches cost some 90 K
    instructions a seed article). A title that is not ASCII (IGNORECASE reads "ſ" as "s", "ı" and
    "İ" as "i"): True."""
    words = _ascii_words(title, title.lower())
    return words is None or not gate_words("claimants.author_documents").isdisjoint(words[1])


def total_borrows_no_speaker(claims: list, sents: list[_Sentence], norm: str) -> None:
    """A total across the two sides ("Nearly 6,000 people were killed on both sides"; "The combined
    death toll now stands at 400") that no one gives in its own sentence is the article's own
    count: it borrows no speaker from the sentences before, whose speaker, one side's, spoke of
    its own people (as a war's toll borrows none, pipeline). A speaker that closes the quotation
    holding the total still gives it ('"... 13 soldiers died on both sides," the ministry said')."""
    for c in claims:
        if c.side != "combined" or not c.attributed_by_context:
            continue
        first = c.sent.index
        while first and sents[first - 1].para == c.sent.para:
            first -= 1
        if norm.count('"', sents[first].start, c.start) % 2:
            continue  # inside a quotation: its speaker's
        c.claimant, c.claimant_side = "unattributed", "unknown"


def speaker_after(claims: list, sents: list[_Sentence], norm: str, lex: _Lexicon) -> None:
    """The source named right after the news: "An Armenian soldier was killed on the border.
    According to the Armenian Defence Ministry, the shooting began at dawn." News copy states a
    loss first and its source in the next sentence; a figure that no speaker claims (none in its
    sentence, in the sentences before it or at the close of its quotation) takes the speaker that
    the next sentence names, in its paragraph or the next, when that speaker is of the figure's own
    side (a side reports its own losses), or an institution with no side of its own ("The ministry
    said ..."), which is then that side's, as in the figure's own sentence. Not the other side's
    speaker ("Two Armenian soldiers were killed. Baku said Armenian units had fired first" is no
    claim of Baku's), nor an outlet (it relays, it is not the source), nor a speaker two sentences
    on. Not a headline (a paragraph of one sentence with no closing stop: it sums up the story,
    and the lede after it is no source; an attributed headline would also outrank the body's
    mention of its figure in revisions._dedupe), nor a figure with no side, one counted on each
    side (no one side's speaker owns it) or one whose side rests only on the article's context
    (that side was guessed from the same speakers; the figure would borrow its own guess). Only
    the claimant changes: the side rules have run before this, and do not read it."""
    for c in claims:
        if c.claimant != "unattributed" or c.side not in ("armenia", "azerbaijan", "karabakh", "russia") \
                or c.side_rule.split(">")[0] in ("article", "none", "each_side"):
            continue
        k = c.sent.index + 1
        if k >= len(sents) or sents[k].para - c.sent.para > 1:
            continue
        if sents[k].para != c.sent.para and (c.sent.index == 0 or sents[c.sent.index - 1].para != c.sent.para) \
                and norm[c.sent.end - 1] not in ".!?\"'":
            continue  # a headline
        nxt = norm[sents[k].start:sents[k].end]
        if search_lower(lex.speech_re, nxt) is None and search_lower(lex.according_re, nxt) is None:
            continue
        m = search_lower(lex.side_re, nxt)
        sides = [lex.side_of[_key(m.group(0))]] if m else []
        found = [sp for a, b in _clauses(nxt) for sp in _speakers(nxt, (a, b), lex, [], sides)]
        sp = found[0] if found else None
        if sp is None or sp.side not in (None, c.side) or sp.head in ("both", "media"):
            continue
        c.claimant = sp.name if sp.side else f"{lex.adjectives[c.side]} {sp.name.lower()}"
        c.claimant_side = c.side
        c.attributed_by_context = True
