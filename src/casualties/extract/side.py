"""Stage 5: whose people a figure counts, decided in one place by an ordered list of named rules."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .lexicon import _key, gate_words, may_hold, LexiconPattern
from .text import finditer_lower, folds_plainly, letters_only, lower_twin, match_spans, matches_at_words, may_hold_a_word_of, search_lower
from .patterns import (
    _KARABAKH_SPECIFIC,
    _STATE_BORDER,
    _NAMED_LEAD,
    _ON_SIDE_BEFORE,
    _PEACEKEEPERS,
    _ARMENIA_WORDS,
    _BETWEEN,
    _CIVILIAN,
    _CIVILIAN_I,
    _DASH_PARENTHETICAL,
    _ENEMY,
    _FIRE_END,
    _IN_KARABAKH_AFTER,
    _TARGET_BEFORE,
    _UNIT_OF_PERSON,
    _EXCHANGE,
    _ENEMY_NP,
    _HOSTILE_NP,
    _FROM_SIDE,
    _HAS_END,
    _HAS_SUBJECT,
    _LOSS_VERB,
    _LOST_SUBJECT,
    _LOST_VERB_END,
    _GAP_PARENTHETICAL,
    _ITS_THEIR,
    _ITS_THEIR_OUR,
    _KARABAKH_WORDS,
    _LOSS_WORDS,
    _LOSSES_OF,
    _HAD_LOSSES,
    _MILITARY_WORDS,
    _MILITARY_WORDS_I,
    _ON_SIDE,
    _PRONOUN_END,
    _SPEECH_AFTER,
    _THIRD_PERSON,
    PARTIES,
)

#: The words that call people "Armenian" without naming Armenia.
_ARMENIAN_WORDS = ("armenian", "armenians", "armenian side", "the armenian side")
#: ", and several civilians ...": a new conjunct, with a subject of its own, after a figure.
#: "... killed in the clashes as Russian President Putin appealed": a new clause with a name ("killed
#: when / as Armenian and Azerbaijani troops exchanged fire" is how they died, not a new clause).
_NEW_CONJUNCT = LexiconPattern(r",\s+(?:and|but|while)\s+(?:\L<grammar.new_conjunct_openers>|[0-9]+|"
                               r"[a-z]+\s+(?:civilians|soldiers|servicemen|people))\b"
                               r"|\s(?:as|while)\s+(?=[A-Z])(?![^,.;]{0,60}\b(?:\L<attack.exchanged_fire>"
                               r")\b)")
#: "were killed in Armenia", "have been reported in Azerbaijan" right after a figure: the country
#: the victims were in ("from" is left out: prisoners "returned from Azerbaijan" are Armenians).
_IN_COUNTRY_AFTER = LexiconPattern(r"(?:\s+(?:\L<grammar.in_country_verbs>"
                                   r")){0,4}\s+in\s+(Armenia|Azerbaijan)(?![\w'’-]|\s+(?:and|or)\b)")
#: Words that say people were hit: "suffered losses", "casualties on both sides".
_LOSS_WORD = LexiconPattern(r"\b(?:loss(?:es)?|\L<casualty.loss_words>)", re.I)
#: "Karabakh war": a side word that names a war, not the victims.
_WAR_AFTER = re.compile(r"\s+(?:war|conflict)\b", re.I)
#: Where people are held or were hit, right before a country: "held in Azerbaijan", "in".
_HELD_IN_END = re.compile(r"\b(?:in|by)\s+(?:the\s+)?$", re.I)
#: The dead or the captives handed over to a country are its own people: "the bodies were
#: transferred to Armenia", "Azerbaijan handed over 17 prisoners of war to Armenia".
_HANDED = (r"(?:transferr?(?:ed|ing)?|hand(?:ed|ing)?\s+over|return(?:ed|ing)?|repatriat(?:ed?|ing)|deliver(?:ed|ing)?|"
           r"sen[dt]\s+back|releas(?:ed?|ing))")
#: The country (or its capital) the dead or captives go to.
#: (Not "to Armenia and Azerbaijan".)
_TO_SIDE = r"\s+to\s+(?:the\s+)?(Armenia|Azerbaijan|Yerevan|Baku)(?![\w'’-]|\s+and\s+(?:Armenia|Azerbaijan)\b)"
_HANDED_TO_AFTER = LexiconPattern(rf"(?:\s+of\s+[\w'’-]+)?(?:\s+(?:\L<grammar.handed_to_aux_be>)){{0,3}}"
                                  rf"\s+{_HANDED}{_TO_SIDE}")
_HANDED_TO_NP = re.compile(rf"(?:\s+of\s+[\w'’-]+)?{_TO_SIDE}")
_HANDED_END = re.compile(rf"\b{_HANDED}\s+(?:the\s+(?:bodies|remains)\s+of\s+)?(?:[\w'’-]+\s+){{0,2}}$")  # "up to"
#: Before a figure in its clause: "In Nagorno-Karabakh, two Armenian soldiers ..." (not "the
#: Karabakh talks"); in its clause: Karabakh's own forces ("Armenian soldiers of the Karabakh army").
_IN_KARABAKH_BEFORE = LexiconPattern(
    r"\b(?:in|near|from)\s+(?:the\s+)?(?:Nagorno[- ]Karabakh|Karabakh|Artsakh)\b"
    r"(?![\w'’-]|\s+(?:\L<regions.karabakh_topics>))", re.I)
_KARABAKH_FORCES = re.compile(r"\b(?:Karabakh|Artsakh)(?:'s)?\s+(?:army|forces|police|defen[cs]e\s+forces)\b"
                              r"|\bDefen[cs]e\s+Army\b", re.I)
#: "servicemen of the Azerbaijani army", "30 from Armenia's armed forces": the victims' own army,
#: right after them (not past a verb: "a resident of Martuni was shot dead by the Azerbaijani
#: military").
_OF_ARMY = LexiconPattern(r"\s+(?:of|from)\s+(?:the\s+|its\s+|their\s+)?"
                          r"((?:(?!\b(?:\L<grammar.of_army_stop>)\b)[^,;.]){0,45}?)"
                          r"(?:\L<forces.of_army>)\b", re.I)
#: What every match of _OF_ARMY opens with, and the rest of it up to a full stop, comma or semicolon,
#: in the lower-cased sentence (_may_name_own_army).
_OF_FROM_STRETCH = re.compile(r"\s+(?:of|from)\s[^,;.]*")


def _may_name_own_army(s: str, low: str, pos: int) -> bool:
    """A cheap gate for ``_OF_ARMY.match(s, pos)``: False only where it cannot match, because the
    stretch of ``low`` (``s.lower()``) from ``pos`` is not white space, "of" or "from" and white
    space, or it holds none of the gate words of lexicon forces.of_army (``may_hold``).

    Exact: a match of _OF_ARMY at ``pos`` opens with a whole run of white space, "of" or "from" (in
    any case) and white space, which ``_OF_FROM_STRETCH`` matches in the lower-cased sentence, and
    has no ",", ";" or "." (its prefix is white space and letters, its lazy part excludes them, and
    the army phrase after it is words), so it lies inside that match, where its army phrase, lower
    case, holds one of the list's gate words. The sentence is read so only where ``str.lower``
    keeps its offsets and reads it as IGNORECASE does (``folds_plainly``); ``may_hold`` reads only
    an ASCII stretch. Most figures are followed by a verb ("were killed"), and an "of" not
    followed by an army ("of the latest border clashes") is ruled out without the pattern's lazy
    part, which tries the army words at each of its 45 characters."""
    if len(low) != len(s) or not folds_plainly(s):
        return True
    m = _OF_FROM_STRETCH.match(low, pos)
    return m is not None and may_hold("forces.of_army", m.group(0), m.group(0))


#: "people of Azerbaijani nationality", "residents of Armenian origin".
_OF_NATIONALITY = LexiconPattern(r"\s+of\s+([A-Z][\w-]*)\s+(?:\L<people.nationality_words>)\b")
#: An active casualty verb before a name (what comes before it is who did it), or the word that
#: opens the name's clause ("at the Azerbaijani checkpoint where Khachatryan was detained").
_DID_TO_NAME = LexiconPattern(r"\b(?:\L<casualty.did_to_name>|\L<grammar.clause_openers>)\b", re.I)
#: People named by where they live: "a resident of Nagorno-Karabakh", "two villagers from Armenia".
_RESIDENT_END = LexiconPattern(r"\b(?:\L<people.residents>)$", re.I)
#: Peacekeepers as the figure's own people: "two peacekeepers", "two servicemen of the peacekeeping
#: contingent".
_PEACEKEEPER_NP = re.compile(r"\bpeacekeep", re.I)
#: The area of an article that speaks of Karabakh as Azerbaijan's, retaken ("liberated") in 2020.
LIBERATED = "liberated"
#: The area of an article that names Karabakh's places only as Baku does ("Shusha", "Khankendi"):
#: its places there are Azerbaijan's, but, a weaker cue than "liberated", it does not make every
#: unsided figure Azerbaijan's (_rule_article).
BAKU_NAMED = "baku_named"
#: How Azerbaijani reporting names the lands it retook in 2020: "the liberated territories",
#: "formerly occupied", "the Armenian occupation", "Garabagh". Armenian and international reports
#: do not call them so. "The Khojaly genocide / tragedy / massacre" (February 1992), "genocide
#: committed by Armenian armed forces" and "Armenian invaders / executioners" name Azerbaijani
#: victims of the 1990s in villages of Karabakh.
_AZERBAIJANI_FRAMING = LexiconPattern(r"\bliberated\s+(?:\L<regions.liberated>|"
                                      r"[A-Z][a-z]+\s+(?:region|district|city))|\bformerly\s+occupied\b|"
                                      r"\bArmenian\s+occupation\b|\bGarabagh\b|"
                                      r"\bKhojal[yi]\s+(?:genocide|tragedy|massacre)|"
                                      r"\bArmenian\s+(?:\L<attack.azerbaijani_framing>)\b|"
                                      r"\bgenocide\s+(?:committed\s+)?(?:by|of)\s+(?:the\s+)?Armenian", re.I)
#: A second people right after a nationality noun: "Armenians and Azerbaijanis".
_BOTH_PEOPLES = re.compile(r"\s+(?:and|or)\s+(?:Armenians|Azerbaijanis|Azeris)\b")
#: "accused Azerbaijan of ... capturing", "blames Armenian saboteurs for 6 deaths": who is accused
#: of the acts that follow, up to the figure (not past "after", "when": "accused Azerbaijan of
#: breaking the ceasefire after three soldiers died" says what happened before the accusation).
_ACCUSED_OF = LexiconPattern(r"\b(?:accus(?:ed|es|ing)|blam(?:ed|es|ing))\s+(?:the\s+)?([A-Z][\w'’-]*)"
                             r"(?:\s+[a-z][\w'’-]*){0,2}?\s+(?:of|for)\s+(?:(?!\b(?:\L<grammar.accused_of_stop>)\b)[^.;:])*$")
#: "its / their / our" before people, not "lost their lives".
_ITS_THEIR_OUR_PEOPLE = re.compile(r"\b(?:its|their|our)\b(?!\s+(?:lives?|life)\b)", re.I)
#: The countries and capitals the country patterns below open with (_rule_country_did), and
#: their alternation, group 1 of each pattern.
_COUNTRIES = ("Armenia", "Azerbaijan", "Baku", "Yerevan")
_COUNTRY = "(" + "|".join(_COUNTRIES) + ")"
#: A country as the subject of an active casualty verb right before the figure: "Armenia had opened
#: fire and injured a soldier".
_COUNTRY_DID = LexiconPattern(r"(?<!\bin )(?<!\bof )(?<!\bto )(?<!\bat )(?<!\bfrom )\b" + _COUNTRY +
                              r"\s+(?:had\s+|has\s+)?(?:[\w ]{0,100}?\s+and\s+)?"
                              r"(?:\L<casualty.country_did>)\s+(?:[\w-]+\s+){0,2}$")
#: A country that released captives: "Armenia released one prisoner", "and Azerbaijan - five".
_COUNTRY_RELEASED = LexiconPattern(r"\b" + _COUNTRY + r"\s+(?:has\s+|had\s+)?"
                                   r"(?:\L<movement.country_released>)\b[^.;:]*$")
#: The verb left out after a second country: "Armenia released one prisoner, and Azerbaijan - five".
_COUNTRY_GAP = re.compile(r"\band\s+" + _COUNTRY + r"\s*[-–—,]\s*(?:[\w-]+\s+){0,2}$")
#: "wounded on each side": as many on either side.
_EACH_SIDE = re.compile(r"\b(?:on|from|for)\s+(?:each|either)\s+side\b", re.I)
#: ... or as the subject of the figure's verb: "each side lost 12 soldiers", "each of the two sides
#: has lost three servicemen" (at most two words, its verb, before the figure).
_EACH_SIDE_SUBJECT = re.compile(r"\b(?:each|either)\s+(?:of\s+the\s+(?:two\s+)?)?sides?(?:\s+[\w-]+){0,2}\s*$", re.I)
#: An exchange of fire, which has two sides.
_CLASH = LexiconPattern(r"\b(?:\L<attack.clashes>)\b", re.I)
#: Arrest words: who reports them holds the people.
_ARRESTED = re.compile(r"\b(?:arrested|detained|detainees?)\b", re.I)
#: The captor named after the people held: "wounded and detained by the Azerbaijani servicemen".
_HELD_BY = re.compile(r"\b(?:arrested|detained|captured|kidnapped)\s+by\s+((?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+)?)", re.I)
#: A complement clause: what follows "reported that" is said, not owned.
_THAT = re.compile(r"\bthat\b", re.I)
#: A place word right before a place name: "in Yerevan", "residents of Stepanakert".
_LOCATIVE_END = LexiconPattern(r"\b(?:\L<grammar.locative_prepositions>)\s+(?:the\s+(?:city|town|village)\s+of\s+)?$",
                               re.I)

if TYPE_CHECKING:
    from .figures import _Figure
    from .lexicon import _Lexicon
    from .pipeline import _Claim
    from .text import _Sentence


def _agent_spans(text: str, lex: _Lexicon) -> list[tuple[int, int]]:
    """Where attackers are named ("killed in Azerbaijani shelling", "by Armenian fire"). "of the
    Azerbaijani army" is the victims' own army, so after "of" only fire words count as an attacker."""
    spans = []
    for a, b in match_spans(lex.agent_after_re, text):
        if text[a:b].lower().startswith("of") and not _FIRE_END.search(text, a, b):
            continue
        spans.append((a, b))
    return spans


def _mask_agents(text: str, lex: _Lexicon) -> str:
    """Blank out attackers (see _agent_spans) so that a side found in the rest of the text is the
    victims'."""
    if not text:  # (a figure's empty gap: a third of the calls)
        return text
    pieces, pos = [], 0  # joined once: one copy of the text per attacker was quadratic in a long one
    for a, b in _agent_spans(text, lex):
        pieces += [text[pos:a], " " * (b - a)]
        pos = b
    return "".join(pieces) + text[pos:] if pieces else text


def _np_side_from(f: _Figure, text: str, lex: _Lexicon) -> None:
    """The side a toll phrase names: "the toll among Armenian troops rose to". "the number of its
    soldiers killed in clashes with Azerbaijan": its own (the speaker's), not the opponent's."""
    text = _mask_agents(text, lex)
    if _ITS_THEIR_OUR_PEOPLE.search(text):
        f.possessive = True
        return
    m = lex.side_re.search(text)
    if m:
        f.subject_side = lex.side_of[_key(m.group(0))]
        f.subject_word = m.group(0)
    if _CIVILIAN_I.search(text):
        f.np_text += " civilian"
    elif _MILITARY_WORDS_I.search(text):
        f.np_text += " military"


def _nearest_lost_subject(before: str, low: str | None = None) -> re.Match | None:
    """``_LOST_SUBJECT`` for the loss verb nearest the figure: its subject is that verb's, not an
    earlier verb's whose object the figure is not ("Aliyev said the Armenian army lost 300
    soldiers, and we lost 50": "we", the speaker's side, ANNOTATION.md: "Speaker-relative words
    resolve to the speaker's side"). The search starts after the loss verb before the last one.
    The pattern's verb follows a space, so where no stem opens a word ("lists" in "journalists" is
    none) it cannot match and is not tried. ``low``: ``before.lower()``, made once by the caller
    for both patterns' twins (lower_twin: each reads the lower-cased text, or both the text itself).

    _LOST_SUBJECT is searched only where its end alone (``_LOST_VERB_END``) matches after the same
    start. Exact: in every match of _LOST_SUBJECT the loss verb follows a white space (the last of
    its subject, at least one word, or of an auxiliary), which lies after the match's start, and
    from that white space on the match is one of _LOST_VERB_END (the same source). The full pattern
    tries one to four words at every start, and where none fits it backtracks through each: some
    twenty times the cost of the end's search ("Armenia has reported that four soldiers were killed
    and ")."""
    rx, text = lower_twin(_LOSS_VERB, before, low)
    ends = [v.end() for v in rx.finditer(text) if not text[v.start() - 1:v.start()].isalpha()]
    if not ends:
        return None
    start = ends[-2] if len(ends) > 1 else 0
    rx, text = lower_twin(_LOST_VERB_END, before, low)
    if rx.search(text, start) is None:
        return None
    rx, text = lower_twin(_LOST_SUBJECT, before, low)
    return rx.search(text, start)


def _subject_side(f: _Figure, before: str, lex: _Lexicon) -> None:
    """'Azerbaijan had lost 150 soldiers', 'the Armenian side suffered 15 casualties', 'the
    Azerbaijani side has two casualties' (a side that has the figure right after the verb)."""
    # Both patterns try every start in ``before`` (slow); each runs only when the words it ends on
    # occur, which a simple scan finds far faster.
    # (through their lower-case twins, which find the same spans: _LOST_SUBJECT tries every start
    # and backtracks, three times faster so; the subject is read from ``before`` itself)
    # (_nearest_lost_subject finds no loss verb where a search for one finds none: no search first)
    low = before.lower()
    m = _nearest_lost_subject(before, low) or search_lower(_HAS_END, before, low=low) and search_lower(_HAS_SUBJECT, before, low=low)
    if not m or _THAT.search(m.group(0), m.end(1) - m.start(0)):
        return  # "the agency reported from the court that the four POWs ...": a speaker, not an owner
    subj = before[m.start(1):m.end(1)]
    if _ENEMY.search(subj):
        f.enemy = True  # "the enemy lost up to 50 servicemen": the speaker's adversary
        return
    if _PRONOUN_END.search(subj):
        f.possessive = True
        return
    sm = list(lex.side_re.finditer(subj))
    if sm:
        f.subject_side = lex.side_of[_key(sm[-1].group(0))]
        f.subject_word = sm[-1].group(0)
        f.third_person = bool(_THIRD_PERSON.search(subj))


#: A captor in a relative clause after the people: "fifteen soldiers that Azerbaijan handed back",
#: "the two men whom Baku had detained".
_CAPTOR_RELATIVE = LexiconPattern(r",?\s+(?:that|whom|who|which)\s+(?:the\s+)?([A-Z][\w'’-]+)\s+(?:had\s+|has\s+|have\s+|later\s+)?"
                                  r"(?:handed\s+(?:back|over)|\L<custody.captor_verbs>"
                                  r")\b")


def _np_side(f: _Figure, s: str, lex: _Lexicon) -> str | None:
    """A side named inside the figure's own noun phrase (or its 'of the X army' / gap).

    Looked for in this order: the figure's own words ("three Azerbaijani soldiers"); an "of / from
    the X army" phrase right after them, which is the victims' own army, never an attacker
    ("31 personnel from Armenia's armed forces captured"); a nationality noun as the head ("23
    Armenians remain in Azerbaijani captivity"); then the words between the figure and its verb,
    with attackers masked ("were killed by Azerbaijani fire").
    """
    own = s[f.start:f.np_end]
    if f.kind == "named":
        # the unit before a named victim is the victim's own: "Artsakh Defense Army soldier Mher
        # Hakobyan", "a serviceman of the Azerbaijani Army, soldier Ayaz Nazarov"
        lead = _NAMED_LEAD.search(s[max(0, f.start - 60):f.start]).group(0)
        said = list(lex.speech_re.finditer(lead))
        if said:  # "Azerbaijan's prosecutor said Khachatryan was arrested": the speaker is no unit
            lead = lead[said[-1].end():]
        did = list(_DID_TO_NAME.finditer(lead))
        if did:  # "Azerbaijan has detained Ruben Vardanyan": who did it is no unit either
            lead = lead[did[-1].end():]
        own = lead + " " + own
    low = _sentence_low(s, lex)  # (for the lower-case twins below: the sentence lower-cased once)
    pp = None
    if _may_name_own_army(s, low, f.np_end):
        rx, text = lower_twin(_OF_ARMY, s, low)  # (the twin: only where it ends is read)
        pp = rx.match(text, f.np_end)
    army = s[f.np_end:pp.end()] if pp else ""
    if army and _ITS_THEIR.search(army):
        f.possessive = True
    gap = ""
    if f.source == "post" and f.gap_text:
        # not the figures of a parenthesis: "Five people - three Karabakh Armenian police officers
        # and two Azerbaijani soldiers - were killed"
        g = f.gap_text[len(army):] if army and f.gap_text.startswith(army) else f.gap_text
        other = lex.number_plural_re.search(g)
        if other:  # "41 soldiers and eight separatist leaders who were arrested": not the next figure's words
            g = g[:other.start()]
        # (each aside opens with a comma or a dash: a gap without one has none to blank)
        if "," in g:
            g = _GAP_PARENTHETICAL.sub(" ", g)
        gap = _DASH_PARENTHETICAL.sub(" ", g) if "-" in g or "–" in g or "—" in g else g
    # (the figure's own words, a-z runs of the lower-cased sentence; a named figure's are not those;
    # and those of its army and its gap: read once for the gates below)
    words = _phrase_words(s, low, f.start, f.np_end)
    own_words = words if f.kind != "named" else None
    army_words, gap_words = _words_of(army), _words_of(gap)
    if _may_name_both_in(own_words, army_words, gap_words, lex) and lex.combined_strong_re.search(f"{own} {army} {gap}") or (
            f.head_kind == "nationality" and _BOTH_PEOPLES.match(s, f.np_end)):
        return "combined"  # "4,931 Armenians and Azerbaijanis remain unaccounted for"
    # "left 15 servicemen dead on the Armenian side"
    on_side = _ON_SIDE.match(s, f.ev_end)
    if on_side:
        sm = lex.side_re.search(on_side.group(1))
        if sm:
            f.side_word = sm.group(0)
            return lex.side_of[_key(sm.group(0))]
    # (these word lists through their lower-case twins, the sentence lower-cased once: only whether
    # they match is read; in the figure's own words, its gap and its army only where they hold one
    # of the list's gate words: _phrase_words, _words_of)
    enemy = gate_words("side_words.enemy")
    if may_hold_a_word_of(enemy, words) and search_lower(_ENEMY_NP, s, f.start, f.np_end, low) \
            or may_hold_a_word_of(enemy, gap_words) and search_lower(_ENEMY_NP, gap) \
            or may_hold_a_word_of(enemy, army_words) and search_lower(_ENEMY_NP, army) \
            or may_hold_a_word_of(gate_words("attack.attackers"), words) \
            and search_lower(_HOSTILE_NP, s, f.start, f.np_end, low):
        # (an empty gap or army names no one)
        f.enemy = True  # "killing at least five enemy soldiers", "six servicemen of the opposing side"
    nationality = _OF_NATIONALITY.match(s, f.np_end)
    if nationality:
        sm = lex.side_re.match(s, nationality.start(1))
        if sm:  # "25 people of Azerbaijani nationality were killed"
            f.side_word = sm.group(0)
            return lex.side_of[_key(sm.group(0))]
    frm = _FROM_SIDE.match(s, f.np_end)  # (first: where it fails, whose words the figure names is not read)
    if frm and not (f.head_kind in (None, "casualty") or search_lower(_RESIDENT_END, s, f.start, f.np_end, low)):
        frm = None  # ("1,697 bodies of Armenian servicemen", "a resident of Nagorno-Karabakh")
    if frm and not lex.agent_re.match(s, frm.end()):  # (not "300 casualties of Azerbaijani shelling")
        sm = lex.side_re.match(s, frm.end())
        if sm:  # "Two Azerbaijani soldiers were killed and one from Armenia"
            f.side_word = sm.group(0)
            return lex.side_of[_key(sm.group(0))]
    # an attacker opens with a side word (lexicon agent_re), so a text in which the side pattern
    # finds none has no attacker to mask: most noun phrases and gaps skip the attacker scan. Such a
    # text is left as it is, so the side pattern is not tried on it again below (it finds none):
    # masking only blanks characters, it never makes a side word. Where it blanks nothing (the
    # same string back: most texts name no attacker), the side found before it stands.
    own_side = lex.side_re.search(own)
    # (agent_re and _ITS_THEIR_OUR only where the figure's own words hold one of their gate words:
    # each match holds one as a whole run of a-z, an agent noun after white space and before no
    # letter, "its", "their" and "our" between \b's; blanking attackers makes no new such word)
    if own_side is not None and may_hold_a_word_of(gate_words("agents.nouns"), own_words):
        masked = _mask_agents(own, lex)
        if masked is not own:
            own, own_side = masked, lex.side_re.search(masked)
    gap_side = lex.side_re.search(gap) if gap else None
    if gap_side is not None:
        masked = _mask_agents(gap, lex)
        if masked is not gap:
            gap, gap_side = masked, lex.side_re.search(masked)
    if may_hold_a_word_of(_ITS_THEIR_OUR_WORDS, own_words) and search_lower(_ITS_THEIR_OUR, own) \
            or may_hold_a_word_of(_ITS_THEIR_OUR_WORDS, gap_words) and search_lower(_ITS_THEIR_OUR, gap):
        # (the gap's words before its attackers were blanked: blanking makes no new such word)
        f.possessive = True
    if own_side is not None and f.kind == "named":  # the unit nearest the name is the victim's:
        # "... of illegal Armenian armed detachments, a serviceman of the Azerbaijani Army Khamzayev
        # Afgan was killed"
        own_side = next(reversed(list(lex.side_re.finditer(own))))
    m = own_side or lex.side_re.search(army)
    if m is None and f.head_kind == "nationality":
        f.side_word = (s[f.start:f.np_end].split() or [""])[-1]  # the noun: "Armenians"
        return f.head_value
    captor = _CAPTOR_RELATIVE.match(s, f.np_end) if m is None and gap else None
    if captor:  # "fifteen soldiers that Azerbaijan handed back": the captor's captives are the other side's
        side = lex.side_of.get(_key(captor.group(1))) or lex.names_of.get(_key(captor.group(1)))
        opposite = lex.opposite.get(side)
        if opposite:
            f.side_word = captor.group(1)
            return opposite
    m = m or gap_side
    if m:
        f.side_word = m.group(0)
        return lex.side_of[_key(m.group(0))]
    if "eacekeep" in s and (_PEACEKEEPER_NP.search(own) or _PEACEKEEPER_NP.search(gap)):
        # "five peacekeepers were killed near Janyatag": the only peacekeepers in this conflict,
        # 2020-2024, were Russia's
        f.side_word = "peacekeepers"
        return "russia"
    if ("arabakh" in s or "rtsakh" in s) and _IN_KARABAKH_AFTER.match(s, f.ev_end):
        # "100 people died in Karabakh", "125 bodies were brought from Nagorno-Karabakh": people the
        # text places in Karabakh are Karabakh's (ANNOTATION.md, side)
        f.side_word = "in Karabakh"
        return "karabakh"
    country = _IN_COUNTRY_AFTER.match(s, f.ev_end)
    if country:  # "three civilian deaths were reported in Armenia": where the victims were
        f.side_word = country.group(1)
        return lex.side_of[_key(country.group(1))]
    to = (_HANDED_TO_AFTER.match(s, f.ev_end) or (
        _HANDED_TO_NP.match(s, f.np_end) if _HANDED_END.search(s, max(0, f.start - 40), f.start) else None)) \
        if " to " in s else None
    if to:  # "1,713 bodies were transferred to Armenia", "handed over 17 prisoners to Azerbaijan"
        f.side_word = to.group(1)
        return lex.side_of.get(_key(to.group(1))) or lex.names_of[_key(to.group(1))]
    return None


#: The words of ``_ITS_THEIR_OUR`` (its whole alternation, between ``\b``s).
_ITS_THEIR_OUR_WORDS = frozenset(("its", "their", "our"))


def _may_name_both_in(own_words: list[str] | None, army_words: list[str] | None, gap_words: list[str] | None,
                      lex: _Lexicon) -> bool:
    """A cheap gate, in ``_np_side``, for ``lex.combined_strong_re.search(f"{own} {army} {gap}")``:
    False only where none of the words (runs of a-z, lower-cased: ``_phrase_words``, ``_words_of``)
    of the figure's own words (``own_words``; None for a named figure, whose ``own`` opens with its
    lead), of ``army`` and of ``gap`` is one of ``lex.combined_strong_gate_words``.

    Exact: every phrase of lexicon combined.strong holds one of these words as a whole run of a-z
    (``_gate_words``, as ``claimant._classify_speaker`` reads them), and the three pieces are joined
    by spaces, so each run of a-z of the joined text, where a match may span pieces ("Armenian" +
    "and Azerbaijani"), is a run of one piece. A piece that ``str.lower`` does not read as IGNORECASE
    does (``folds_plainly``) is not ruled out."""
    gates = lex.combined_strong_gate_words
    return may_hold_a_word_of(gates, own_words) or may_hold_a_word_of(gates, army_words) \
        or may_hold_a_word_of(gates, gap_words)


def _words_of(text: str) -> list[str] | None:
    """The words (runs of a-z) of ``text`` lower-cased, or None where ``str.lower`` does not read
    it as IGNORECASE does (``_phrase_words``); none for an empty text. A pattern of a word list
    between ``\\b``s (``_ENEMY_NP``, ``_ITS_THEIR_OUR``) searched in ``text`` cannot match where
    none of them is one of the list's gate words: each of its phrases holds one as a whole run of
    a-z, next to no letter (its ``\\b``s)."""
    return _phrase_words(text, text.lower(), 0, len(text)) if text else []


def _phrase_words(s: str, low: str, start: int, end: int) -> list[str] | None:
    """The words (runs of a-z) of ``low[start:end]``, ``low`` being ``s.lower()``, or None where
    ``str.lower`` does not read ``s`` as IGNORECASE does or changes its length (``folds_plainly``).

    A search of a pattern of a lexicon word list between ``\\b``s (``_ENEMY_NP``, ``_HOSTILE_NP``)
    from ``start`` to ``end`` cannot match where none of these is one of the list's gate words
    (``lexicon.gate_words``): each of its phrases holds one as a whole run of a-z, and a match's
    first and last letters are next to no letter of the slice (its ``\\b`` reads the character
    before ``start`` and the slice's end as the text's)."""
    if len(low) != len(s) or not folds_plainly(s):
        return None
    return letters_only(low[start:end]).split()


@dataclass
class SideContext:
    """What the side rules may look at for one figure."""

    f: _Figure
    s: str            # the sentence
    ctext: str        # the figure's clause
    speaker: object   # the claimant found for the figure, or None
    new: list         # claims already made in this sentence
    claims: list      # claims made in earlier sentences
    lex: _Lexicon
    sent: _Sentence
    article: ArticleContext | None = None  # the article's area and victims, read when a rule asks
    background: bool = False  # the figure's clause is background (an earlier war, last year)
    before: str = ""  # the sentence before, in the same paragraph or ending the one before
    by_context: bool = False  # the speaker is one of an earlier sentence (its offsets are not in s)
    published: dt.date | None = None

    @property
    def area(self) -> str | None:
        """'karabakh' when the article is about Karabakh (see article_area)."""
        return self.article.area() if self.article else None

    @property
    def victims(self) -> str | None:
        """The side the article names most, who fired left out (article_victims)."""
        return self.article.victims() if self.article else None

    @property
    def speaker_side(self) -> str | None:
        side = getattr(self.speaker, "side", None)
        return side if side in PARTIES else None


def _side_in(text: str, lex: _Lexicon) -> str | None:
    m = lex.side_re.search(text)
    return lex.side_of[_key(m.group(0))] if m else None


def _rule_noun_phrase(c: SideContext) -> str | None:
    """A side named in the figure's own noun phrase, its breakdown or its gapped clause."""
    return c.f.side


#: "two members of the detachments", "three of the attackers": a unit named with "the" and no side.
_OF_THE_UNIT = LexiconPattern(r"\bof\s+the\s+(?:[a-z]+\s+){0,2}?(\L<forces.of_the_unit>"
                              r")s?\b")


def _rule_unit_named_before(c: SideContext) -> str | None:
    """'Members of illegal Armenian armed detachments attempted ... two members of the detachments
    were killed': a unit the figure names with "the" and no side is the unit last named with a
    side, in this sentence or the one before."""
    if "of the " not in c.s:
        return None
    unit = _OF_THE_UNIT.search(c.s, c.f.start, c.f.ev_end)
    if not unit:
        return None
    named = re.compile(rf"({c.lex.side_re.pattern})\s+(?:[\w'’-]+\s+){{0,2}}?{unit.group(1)}s?\b", re.I)
    found = list(named.finditer(c.before + " " + c.s[:unit.start()]))
    return c.lex.side_of[_key(found[-1].group(1))] if found else None


def _rule_list(c: SideContext) -> str | None:
    """'180 Azerbaijani soldiers, 12 service members of the Interior Ministry, and one Azerbaijani
    civilian were killed': a member of a list that names no side takes the one side its other
    members name."""
    if not c.f.siblings:
        return None
    sides = {x.side for x in c.f.siblings if x.side in PARTIES}
    return sides.pop() if len(sides) == 1 else None


def _rule_parts(c: SideContext) -> str | None:
    """'including 42 servicemen of the Azerbaijani army and 8 of the State Border Service': a part
    of a breakdown that names no side takes the side the parts before it name, when they agree."""
    if c.f.source != "breakdown":
        return None
    sides = {x.side for x in c.new if x.fig.source == "breakdown" and x.fig.category == c.f.category
             and x.side_rule == "noun_phrase"}
    return sides.pop() if len(sides) == 1 else None


#: A part named by a people: "of whom 761 were Armenians", "12 of them are Azerbaijanis".
_PART_IS_PEOPLE = re.compile(r"\s+(?:of\s+them\s+|of\s+whom\s+)?(?:were|are|was|is)\s+(?:ethnic\s+)?([A-Z][a-z]+s)\b")


def _rule_people_part(c: SideContext) -> str | None:
    """"4,931 Armenians and Azerbaijanis remained unaccounted for, of whom 761 were Armenians": a
    part the text names by a people is that people's side, not the side of the toll before it."""
    if c.f.source != "subset":
        return None
    m = _PART_IS_PEOPLE.match(c.s, c.f.end)  # (its noun phrase may run on: "761 were Armenians")
    if m is None:
        return None
    kind, side = c.lex.heads.get((m.group(1).lower(),), ("", None))
    if kind == "nationality" and side in PARTIES:
        c.f.side_word = m.group(1)
        return side
    return None


def _rule_subset_of(c: SideContext) -> str | None:
    """'Two of the dead were civilians', 'among the dead, 180 were employees of the Defence
    Ministry': a part of a toll is on the side of that toll, the last current figure of its
    category."""
    if c.f.source != "subset":
        return None
    same = [x for x in (*c.claims, *c.new) if x.fig.category == c.f.category and not x.is_background
            and x.fig.source != "subset" and x.side != "unknown"]
    return same[-1].side if same else None


def _rule_exchange(c: SideContext) -> str | None:
    """'Azerbaijan releases 32 Armenians in exchange for two soldiers': in a prisoner exchange the
    people traded for one side's captives are held by that side, so they are the other side's."""
    if c.f.category != "captured" or not _EXCHANGE.match(c.s, c.f.ev_start):
        return None
    given = [x for x in c.new if x.fig.category == "captured" and x.side in ("armenia", "azerbaijan", "karabakh")]
    return c.lex.opposite.get(given[-1].side) if given else None


#: A country's possessive standing for a gapped noun right before the figure: "and Azerbaijan's at
#: seven", "Baku's at 71", "and Armenia's to 49".
_GAPPED_OWNER = LexiconPattern(r"\b([A-Z][\w-]+)['’]s\s+(?:(?:\L<grammar.gapped_owner_verbs>)\s+)?"
                               r"(?:(?:\L<approximations.gapped_owner>)\s+)?$")


def _rule_gapped_owner(c: SideContext) -> str | None:
    """"Armenia put its losses at 13 dead, and Azerbaijan's at seven": the country named in the
    possessive that stands for the gapped noun owns the figure (not the speaker's "its" of the
    first part)."""
    if "'s" not in c.s and "’s" not in c.s:
        return None
    m = _GAPPED_OWNER.search(c.s, max(0, c.f.start - 50), c.f.start)
    if m is None:
        return None
    side = c.lex.names_of.get(_key(m.group(1)))
    return side if side in PARTIES else None


#: A side's unit that a relative clause goes on from: "clashed with a force of the Armenian army,
#: which resulted in the killing of two of its members".
_UNIT_WHICH = LexiconPattern(r"\b(?:\L<forces.unit_which>)\s*,\s*(?:which|who)\b[^.;:]*$", re.I)


def _rule_relative_owner(c: SideContext) -> str | None:
    """"its members" in a relative clause after a side's unit ("a force of the Armenian army,
    which resulted in the killing of two of its members") are that unit's, not the speaker's."""
    if not c.f.possessive or "which" not in c.s and "who" not in c.s:
        return None
    unit = _UNIT_WHICH.search(c.s, max(0, c.f.start - 160), c.f.start)
    if unit is None:
        return None
    sides = list(c.lex.side_re.finditer(c.s, max(0, unit.start() - 30), unit.start()))
    side = c.lex.side_of[_key(sides[-1].group(0))] if sides else None
    return side if side in PARTIES else None


def _rule_possessive(c: SideContext) -> str | None:
    """'its / their / our soldiers': the speaker's side, else the last side or government named
    before it ("Yerevan said 15 of its soldiers"). Who fired or holds people is left out ("killed
    by Azerbaijani fire", "held in Azerbaijan"): "five of them" are the people named before."""
    if not c.f.possessive:
        return None
    them = c.s.startswith(" of them", c.f.end)
    if them:
        # "23 Armenians are held in Azerbaijan: five of them were captured in 2020": "them" are
        # the people of the figure before, else the people named before, not a government
        prev = [x for x in c.new if x.side in PARTIES]
        if prev:
            return prev[-1].side
        hostile = list(_HOSTILE_NP.finditer(c.s, max(0, c.f.start - 120), c.f.start))
        if hostile and c.speaker_side in ("armenia", "azerbaijan", "karabakh"):
            # "the army said it had neutralised a group of saboteurs, killing two of them": the
            # speaker's adversary (a side word before them decides first)
            sm = list(c.lex.side_re.finditer(c.s, max(0, hostile[-1].start() - 30), hostile[-1].start()))
            return c.lex.side_of[_key(sm[-1].group(0))] if sm else c.lex.opposite[c.speaker_side]
    elif c.speaker_side and not (c.by_context and c.lex.names_re.search(c.s, 0, c.f.start)):
        # (a speaker of an earlier sentence gives way to a country named before "its" in this one:
        # "Azerbaijan previously said one of its soldiers died", whatever the verb)
        return c.speaker_side
    before = _mask_agents(c.s[:c.f.start], c.lex)
    named = [(m.start(), c.lex.side_of[_key(m.group(0))]) for m in c.lex.side_re.finditer(before)
             if not (them and _HELD_IN_END.search(before, 0, m.start()))] + \
        [(m.start(), c.lex.names_of[_key(m.group(0))]) for m in c.lex.names_re.finditer(before) if not them]
    return max(named)[1] if named else (c.speaker_side if them else None)


def _rule_subject(c: SideContext) -> str | None:
    """The subject of 'lost / suffered': 'Azerbaijan lost seven servicemen'; of 'has' before people:
    'the Armenian side has three soldiers killed'."""
    if c.f.subject_side:
        return c.f.subject_side
    if c.f.head_kind == "person" and " ha" in c.s[max(0, c.f.start - 25):c.f.start]:
        # (only where its end alone, _HAS_END, matches in the same stretch: the rest of the pattern
        # is its subject, one to four words tried at every start, which cost far more where it fails)
        has = _HAS_SUBJECT.search(c.s, max(0, c.f.start - 60), c.f.start) \
            if _HAS_END.search(c.s, max(0, c.f.start - 60), c.f.start) else None
        if has and not _ENEMY.search(has.group(1)):
            m = c.lex.side_re.search(has.group(1))
            if m:  # (the word, so that "the Armenian side" said by Karabakh reads as Karabakh's)
                c.f.subject_word = m.group(0)
                return c.lex.side_of[_key(m.group(0))]
    return None


#: Between two figures of a series: "were killed, 14 people received injuries", "; ", ", and ".
_SERIES_JOINT = re.compile(r"\s*(?:,|;|,?\s+and)\s+$")  # (not ", while": it sets the other side against)


def _rule_series(c: SideContext) -> str | None:
    """'25 people of Azerbaijani nationality were killed, 14 people received injuries': figures
    listed one after another, each with its own verb, share the side of the first when only it
    names one (a side of the figure's own words, or of its speaker, came first)."""
    prev = c.new[-1] if c.new else None
    if prev is None or prev.side not in PARTIES \
            or _RULE_RANK.get(prev.side_rule.split(">")[0], 0) < 2 and prev.side_rule != "series" \
            or not (_SERIES_JOINT.fullmatch(c.s, prev.fig.ev_end, c.f.start) if prev.fig.ev_end <= c.f.start
                    else prev.fig.np_end <= c.f.start and _SERIES_JOINT.fullmatch(c.s, prev.fig.np_end, c.f.start)):
        # (or one list under one verb: "3 civilians and 20 servicemen were taken captives")
        return None
    if c.f.surname_side and c.f.surname_side != prev.side:
        return None  # "Armenian soldier Armen Avetisyan and Rashad Aliyev": the name outweighs the list
    return prev.side


def _rule_country_did(c: SideContext) -> str | None:
    """Who did it to the figure's people, named as a country: 'Armenia accused Azerbaijan of
    invading its territory and capturing a dozen servicemen', 'Baku blames Armenian saboteurs for
    6 deaths', 'alleging Armenia had opened fire
    and injured a soldier', 'Armenia released one prisoner' (a captive released by one side is the
    other's). The victims are the other side's."""
    before = c.s[max(0, c.f.start - 160):c.f.start]
    accused = "accus" in c.s or "blam" in c.s
    if not accused and not any(w in before for w in _COUNTRIES):
        return None  # a cheap gate: every pattern below needs one of these
    # (_COUNTRY_DID tried only where a country's name begins, as search would try it there: every
    # match opens with one, case-sensitive, after look-behinds that read the text before it; a
    # search tries its five look-behinds at every character, some five times the cost)
    acc = (_ACCUSED_OF.search(c.s, 0, c.f.start) if accused else None) \
        or next(iter(matches_at_words(_COUNTRY_DID, before, before, _COUNTRIES)), None)
    if not acc and c.f.category == "captured":
        acc = _COUNTRY_GAP.search(before) or _COUNTRY_RELEASED.search(before)
    if not acc:
        return None
    return c.lex.opposite.get(_side_in(acc.group(1), c.lex) or c.lex.names_of.get(_key(acc.group(1))))


#: The speaker's own side as the doer of a casualty verb right before the figure: "its troops had
#: killed five soldiers", "it had captured two servicemen", "our units destroyed the positions,
#: killing five soldiers" (an active verb of its own before the participle: not "its troops came
#: under fire, killing two").
_OWN_DOER = r"(?:\b(?:its|our|their)\s+(?:own\s+)?(?:\L<forces.own_doers>" \
            r")|\b(?:it|we)(?=\s+(?:had|has|have)?\s*[a-z]+ed\b))"
_OWN_DID = LexiconPattern(_OWN_DOER + r"\s+(?:had\s+|has\s+|have\s+)?(?:[\w ]{0,40}?\s+and\s+)?"
                          r"(?:\L<casualty.own_did_verbs>)\s+(?:[\w-]+\s+){0,3}$"
                          r"|" + _OWN_DOER + r"\s+(?:had\s+|has\s+|have\s+)?(?:\L<attack.own_attack_verbs>"
                          r")\b[^.;:]{0,80}?,\s+"
                          r"(?:killing|wounding|injuring|capturing)\s+(?:[\w-]+\s+){0,3}$"
                          # "Azerbaijan said it had regained control after launching an assault that killed
                          # 200 people", "its offensive, which killed": the speaker's own attack
                          r"|(?:\b(?:after|by|when|since)\s+(?:launching|starting|beginning|mounting)|\b(?:its|our)(?=\s))"
                          r"\s+(?:(?!(?:\L<attack.came_under>)\b)[\w-]+\s+){0,4}?(?:\L<attack.offensive_words>)\b"
                          r"[^.;:]{0,40}?\b(?:that|which)\s+(?:has\s+|had\s+|have\s+)?(?:killed|wounded|injured|left)\s+"
                          r"(?:[\w-]+\s+){0,3}$", re.I)


def _rule_speaker_did(c: SideContext) -> str | None:
    """The speaker's own forces did it to the figure's people ("Azerbaijan's defence ministry said
    its troops had killed five soldiers", "the army said it had captured two servicemen"): the
    victims are the speaker's adversary's. In an article about Karabakh, Azerbaijan's adversary
    there is Karabakh (resolve_side)."""
    if not c.speaker_side or c.speaker_side == "russia" or c.f.possessive:
        return None
    before = c.s[max(0, c.f.start - 130):c.f.start]
    if not _OWN_DID.search(before):
        return None
    return c.lex.opposite.get(c.speaker_side)


#: "the enemy's losses", "the adversary's casualties" (lower case, which _LOSSES_OF does not read).
_ENEMY_LOSSES = LexiconPattern(r"\b((?:\L<side_words.enemy>)(?:'s)?)\s+(?:losses|casualties|dead|death\s+toll)\b", re.I)


def _rule_losses_of(c: SideContext) -> str | None:
    """The owner of the losses: "Armenia's losses: 49 killed", "Azerbaijan's death toll rose to 71",
    "The Azerbaijanis also had losses: ... 14 dead, 37 wounded"; the enemy's losses are the
    speaker's adversary's."""
    before = c.s[:c.f.start]
    if not any(w in before for w in _LOSS_WORDS):
        return None  # both patterns need one of these words: a quick test first
    owner = _LOSSES_OF.search(c.s, 0, c.f.start) or _HAD_LOSSES.search(c.s, 0, c.f.start) \
        or _ENEMY_LOSSES.search(c.s, 0, c.f.start)
    if not owner:
        return None
    if _ENEMY.search(owner.group(1)):
        # "the enemy's losses included 30 soldiers", "The enemy suffered heavy losses: 50 killed"
        return c.lex.opposite.get(c.speaker_side) if c.speaker_side else None
    nationalities = [c.lex.heads.get((w.lower(),), ("", None)) for w in owner.group(1).split()]
    return _side_in(owner.group(1), c.lex) or next(  # "The Azerbaijanis also had losses:"
        (v for kind, v in nationalities if kind == "nationality"), None)


def _rule_on_side(c: SideContext) -> str | None:
    """'On the Azerbaijani side, the losses were: two dead': the side named before the figure."""
    if "side" not in _sentence_low(c.s, c.lex) and folds_plainly(c.s):
        return None  # (the pattern needs the word: a substring test first, far cheaper)
    found = list(_ON_SIDE_BEFORE.finditer(c.s, 0, c.f.start))
    return _side_in(found[-1].group(1), c.lex) if found else None


def _rule_enemy(c: SideContext) -> str | None:
    """'the enemy', 'the adversary': the speaker's opponent."""
    if c.f.enemy and c.speaker_side:
        return c.lex.opposite.get(c.speaker_side)
    return None


def _rule_both_sides(c: SideContext) -> str | None:
    """'on both sides', 'in total on both sides', a fight between two named sides near the figure:
    a total across sides. Not past
    a new conjunct with its own subject: in "Three civilians were killed in Armenia, and several
    civilians on both sides were wounded" the three are not a total across sides. One person is
    on one side: "talks between Armenia and Azerbaijan stalled after a soldier was killed"."""
    f, ctext, s = c.f, c.ctext, c.s
    if f.value < 2:
        return None
    clause_end = s.find(ctext, max(0, f.start - len(ctext))) + len(ctext) if ctext else f.ev_end
    end = max(f.ev_end + 40, clause_end)
    start = max(0, f.ev_start - 40)
    wide = s[start:end]  # (the text read below, near, is the start of this slice)
    low = wide.lower()
    if not _may_name_both(wide, low):
        return None
    named = names_both_sides(wide, c.lex, low)
    if not named and "between" not in wide:
        return None  # (_near_holds_no_more: no phrase in the slice, none in near; no fight between)
    conjunct = _NEW_CONJUNCT.search(s, f.ev_end)  # (to the sentence's end: its look-ahead reads on)
    since = search_lower(_SINCE_EVENT, s, f.ev_end, end, _sentence_low(s, c.lex))  # (the twin: only where it starts is read)
    cut = min([m.start() for m in (conjunct, since) if m] + [end])
    near = s[start:cut]
    if named and cut < end:
        named = names_both_sides(near, c.lex)
    return "combined" if named or _fight_between(near, c.lex) else None


# _near_holds_no_more: in _rule_both_sides, a both-sides phrase (combined_strong_re) found in the
# text up to the cut (near) is found at the same place in the whole slice (wide), so a slice with
# none has none in near, and a slice without "between" gives _fight_between nothing. Exact: near is
# the start of wide, and the pattern reads before a match only what both hold; after it, it needs
# no [\w'’-] (its look-ahead). A match of near that ends before the cut is followed by the same
# character in both. None ends at the cut: the cut is the end of the slice (near is wide), or a
# comma (_NEW_CONJUNCT), which passes the look-ahead in wide as the end of near does, or where
# "since", "until" or "before" begin after a \b (_SINCE_EVENT), so the character before the cut is
# no \w, and every phrase ends with a letter.


def _may_name_both(text: str, low: str | None = None) -> bool:
    """A cheap gate for _rule_both_sides: False only where neither combined_strong_re nor
    _fight_between can match text: no "between", and none of the strong phrases' longest words
    ("sides", "azerbaijan", "combined"; ``lexicon.may_hold``). ``low``: ``text.lower()``, if the
    caller has it."""
    return "between" in text or may_hold("combined.strong", text, low)


def names_both_sides(text: str, lex: _Lexicon, low: str | None = None) -> bool:
    """Whether ``lex.combined_strong_re`` matches in ``text`` ("on both sides", "Armenia and
    Azerbaijan"), the pattern tried only where a word that opens one of the phrases begins
    (``_both_sides_openers``), not at every character, where its look-behind costs most.

    Exact: a phrase that ends with another phrase ("on both sides", "both sides") holds a match of
    that one wherever it matches (the look-behind before its first word reads the white space the
    longer phrase has there, the look-ahead after it is the same), so the pattern matches somewhere
    if and only if it matches where one of the other phrases opens; in the lower-cased text every
    such match begins with its phrase's first word, lower-cased (``str.lower`` keeps the offsets
    where the length is kept, and reads the text as IGNORECASE does: ``folds_plainly``). ``low``:
    ``text.lower()``, if the caller has it."""
    low = text.lower() if low is None else low
    if len(low) != len(text) or not folds_plainly(text):
        return lex.combined_strong_re.search(text) is not None
    return bool(matches_at_words(lex.combined_strong_re, text, low, _both_sides_openers(lex)))


_BOTH_SIDES_OPENERS: dict[int, tuple[str, ...]] = {}


def _both_sides_openers(lex: _Lexicon) -> tuple[str, ...]:
    """The first words, lower-cased, of the phrases of lexicon combined.strong that do not end with
    another of its phrases (names_both_sides), with a word that begins with another such word left
    out ("armenia" finds "armenian"); per lexicon."""
    if id(lex) not in _BOTH_SIDES_OPENERS:
        phrases = [" ".join(p.lower().split()) for p in lex.raw["combined"]["strong"]]
        inner = [p for p in phrases if not any(q != p and p.endswith(" " + q) for q in phrases)]
        words = {p.split()[0] for p in inner}
        _BOTH_SIDES_OPENERS[id(lex)] = tuple(sorted(w for w in words if not any(v != w and w.startswith(v) for v in words)))
    return _BOTH_SIDES_OPENERS[id(lex)]


#: "killed since Armenia and Azerbaijan signed the ceasefire": a time anchor, not the victims.
_SINCE_EVENT = re.compile(r"\b(?:since|until|before)\s+(?!(?:the\s+)?(?:clash|fight|exchange))", re.I)


def _fight_between(text: str, lex: _Lexicon) -> bool:
    """'killed in a shootout between Azerbaijani troops and ethnic Armenian police': a fight
    between two named sides, as strong a both-sides cue as "Armenian and Azerbaijani"."""
    between = _BETWEEN.search(text) if "between" in text else None
    if not between:
        return False
    one, other = _party_in(between.group(1), lex), _party_in(between.group(2), lex)
    return one in PARTIES and other in PARTIES and one != other


def _rule_both_sides_before(c: SideContext) -> str | None:
    """'Both sides suffered losses. As a result of the clashes, 8 servicemen were killed': a figure
    stated in the article's own voice or by a speaker of no side ("officials said"), in a sentence
    that names no side, right after a sentence
    that gives losses to both sides, is their total. Dead and wounded only: prisoners and the
    missing of a border clash are mostly one side's, and a later sentence usually says whose."""
    if c.f.category not in ("killed", "wounded", "casualties") or c.speaker_side or not c.before \
            or not (names_both_sides(c.before, c.lex) and _LOSS_WORD.search(c.before)):
        return None
    if any(not _WAR_AFTER.match(c.s, m.end()) for m in c.lex.side_re.finditer(c.s)):
        return None  # a side named in the sentence, other than in "the Karabakh war", decides
    return "combined"


def _rule_inherited(c: SideContext) -> str | None:
    """'another', 'ten more', 'raised the toll to 105', and in the same clause '... and 14 wounded':
    the side of the figure before it."""
    f, new, claims = c.f, c.new, c.claims
    elliptical = f.head_kind is None or f.head_kind == "casualty"
    same_clause = [x for x in new if x.fig.clause == f.clause]
    if not (f.more or f.source == "toll" or (elliptical and same_clause)):
        return None
    prev = [x for x in (new if f.more or f.source == "toll" else same_clause) if x.side != "unknown"]
    if not prev and (f.more or f.source == "toll") and claims and \
            claims[-1].sent.index >= c.sent.index - 2 and claims[-1].sent.para >= c.sent.para - 1:
        prev = [claims[-1]]
    if f.source == "toll":
        same = [x for x in claims if x.fig.category == f.category and not x.is_background
                and x.side != "combined"]
        if same:
            return same[-1].side
    return prev[-1].side if prev else None


def _rule_within_unit(c: SideContext) -> str | None:
    """The unit the people served in ("six deaths were recorded in the Armenian armed forces",
    "12 soldiers died serving in the Azerbaijani army", "losses among the Azerbaijani troops"):
    the people are that unit's side (not its adversary's, as for who fired: _rule_attacker). Not a
    place of custody ("two detainees died in Azerbaijani captivity"): it names who held them, the
    other side (DETAINEES.md), which _rule_attacker reads."""
    low = _clause_low(c.ctext, c.lex)
    if " in " not in low and "among" not in low:
        return None
    for am in _clause_agents(c.ctext, c.lex):
        if _custody(am, c.lex):
            continue
        if _WITHIN_UNIT.search(c.ctext, max(0, am.start() - 40), am.start()):
            side = c.lex.side_of[_key(am.group(1))]
            return side if side in PARTIES else None
    return None


def _rule_attacker(c: SideContext) -> str | None:
    """The attacker named in the clause ('killed in Azerbaijani shelling', 'by Armenian fire'): the
    victims are the other side (Karabakh when the sentence is about Karabakh, not Armenia). Not
    one side of "clashes between Azerbaijani troops and ethnic Armenian forces": both fought."""
    between = _BETWEEN.search(c.ctext) if "between" in _clause_low(c.ctext, c.lex) else None
    if between and not (_party_in(between.group(1), c.lex) in PARTIES and _party_in(between.group(2), c.lex) in PARTIES):
        between = None
    clause_start = _clause_span(c)[0]
    ca = clause_start if c.speaker is not None and not c.by_context else -1
    fs = c.f.start - max(0, clause_start)  # the figure in clause coordinates
    aside = _REPORTING_ASIDE.search(c.ctext, max(0, fs))
    for am in _clause_agents(c.ctext, c.lex):
        if aside and am.start() >= aside.start() and not _ATTACK_VERB.match(c.ctext, am.end()):
            continue  # "..., indicating that Azerbaijani units are taking measures": what is reported next
        if _PLACE_OF_UNIT.match(c.ctext, am.end()) or _SUFFERED.match(c.ctext, am.end()):
            continue  # "died at an Armenian army outpost", "the Armenian side suffered losses": not who fired
        if between and between.start() <= am.start() < between.end():
            continue
        if ca >= 0 and _in_speaker(c, ca + am.start()):
            continue  # "According to the Artsakh Defence Army, one serviceman was killed": who speaks
        tail = c.ctext[am.end():am.end() + 40]
        if _SPEECH_AFTER.match(tail):
            continue  # "the Armenian army said": a speaker, not an attacker
        unit = _UNIT_OF_PERSON.search(c.ctext, max(0, am.start() - 40), am.start())
        if unit and (c.lex.heads.get((unit.group(1).lower(),), ("",))[0] == "person"
                     or c.lex.heads.get((unit.group(1).lower(),), ("",))[0] == "rank"
                     and not _BY_END.search(c.ctext, max(0, unit.start(1) - 8), unit.start(1))
                     or c.f.value == 1 and unit.group(1)[:1].isupper() and c.lex.surname_re.fullmatch(unit.group(1))):
            continue  # "42 servicemen from the Azerbaijani army", "Mher Hakobyan, from the Artsakh
            # Defence Army", "X, a sergeant of the Azerbaijani Armed Forces, and two soldiers": a
            # person's or a rank's unit is the victims' own, not who fired
        if _TARGET_BEFORE.search(c.ctext, max(0, am.start() - 30), am.start()):
            continue  # "fired at the positions of the Azerbaijani army": the target, not who fired
        if _WITHIN_UNIT.search(c.ctext, max(0, am.start() - 40), am.start()) and not _custody(am, c.lex):
            continue  # "54 deaths were recorded in the Armenian armed forces": where the dead served
        opp = c.lex.opposite.get(c.lex.side_of[_key(am.group(1))])
        if opp:
            if opp == "armenia" and _KARABAKH_WORDS.search(c.s) and not _ARMENIA_WORDS.search(c.s):
                opp = "karabakh"
            return opp
    return None


_AGENTS_CACHE: list[tuple[str | None, list[re.Match]]] = [(None, [])]


def _clause_agents(ctext: str, lex: _Lexicon) -> list[re.Match]:
    """``list(finditer_lower(lex.agent_re, ctext))`` (the twin: spans, and groups read by _key): the
    attackers a figure's clause names, read once for _rule_within_unit and _rule_attacker and for
    the figures of one clause (``_last_read``)."""
    return _last_read(_AGENTS_CACHE, ctext, lex, _agents_in)


def _agents_in(text: str, lex: _Lexicon) -> list[re.Match]:
    """The attackers ``text`` names (``agent_re`` through its twin), not kept."""
    return list(finditer_lower(lex.agent_re, text))


def _last_read(cache: list, text: str, lex: _Lexicon, read: Callable[[str, _Lexicon], object]):
    """``read(text, lex)``, kept in ``cache`` (a list of one (text, result) pair) for the last
    text read, so that the figures of one sentence or clause read it once. The pair is replaced
    whole, so threads sharing the module never mix two. (One lexicon per process: ``_lexicon`` is
    cached.)"""
    cached = cache[0]
    if cached[0] != text:
        cached = cache[0] = (text, read(text, lex))
    return cached[1]


_SENTENCE_LOW: list[tuple[str | None, str]] = [(None, "")]
_CLAUSE_LOW: list[tuple[str | None, str]] = [(None, "")]


def _sentence_low(s: str, lex: _Lexicon) -> str:
    """``s.lower()``, made once for a sentence: ``_np_side`` for each of its figures and the side
    rules that read it lower-cased (``_last_read``)."""
    return _last_read(_SENTENCE_LOW, s, lex, _lowered)


def _clause_low(ctext: str, lex: _Lexicon) -> str:
    """``ctext.lower()``, made once for a figure's clause: the side rules that read it lower-cased,
    for each figure of the clause (``_last_read``)."""
    return _last_read(_CLAUSE_LOW, ctext, lex, _lowered)


def _lowered(text: str, lex: _Lexicon) -> str:
    """``text.lower()`` (what ``_sentence_low`` and ``_clause_low`` keep)."""
    return text.lower()


def _custody(am: re.Match, lex: _Lexicon) -> bool:
    """Is the agent a place of custody ("Azerbaijani captivity", "Armenian prisons")? It names who
    holds the people, never their own unit (lexicon [custody] nouns)."""
    return am.group(0).lower().rsplit(None, 1)[-1] in lex.custody_nouns


#: "wounded by a sergeant of the Azerbaijani army": the rank did it.
_BY_END = re.compile(r"\bby\s+(?:an?\s+|the\s+)?$", re.I)
#: Before a unit the people served in, not one that fired: "deaths were recorded in the ", "losses
#: among ", "non-combat deaths in the ranks of the ".
_WITHIN_UNIT = LexiconPattern(r"(?:\b(?:\L<casualty.within_unit>"
                              r")\s+(?:in|within|among)|\bamong)\s+(?:the\s+)?(?:ranks\s+of\s+(?:the\s+)?)?$", re.I)


#: ", indicating that ...", ", adding that ...": a report's next point, not how the figure was hit
#: (unless it says who fired: "..., adding that Armenian units had fired first").
_REPORTING_ASIDE = LexiconPattern(r",\s+(?:\L<speech.reporting_aside>"
                                  r")\b", re.I)
#: An attack verb right after a unit: "Armenian units had fired first".
_ATTACK_VERB = LexiconPattern(r"(?:\s+(?:\L<grammar.attack_aux>))*\s+(?:\L<attack.attack_verbs>"
                              r")\b", re.I)
#: A unit that had losses: "the Armenian side suffered losses, with 10 killed".
_SUFFERED = re.compile(r"(?:\s+(?:also|has|have|had))?\s+(?:suffered|sustained|incurred|lost)\b", re.I)
#: A unit's post after its name: "an Armenian army outpost", "Azerbaijani army positions".
_PLACE_OF_UNIT = LexiconPattern(r"\s+(?:\L<forces.posts>"
                                r")\b", re.I)


def _in_speaker(c: SideContext, pos: int) -> bool:
    """Whether pos lies in an "according to" phrase that names the figure's speaker in its own
    sentence ("According to the Artsakh Defence Army, one serviceman was killed"). ("X said" is
    told by _SPEECH_AFTER; its span is only roughly where the speaker is.)"""
    sp = c.speaker
    return sp.start <= pos < sp.end and not sp.start <= c.f.start < sp.end \
        and c.lex.according_re.match(c.s, sp.start) is not None


#: A vehicle of a side: "a Russian military helicopter", "Russian peacekeepers' vehicle", "an
#: Azerbaijani army truck".
_VEHICLE_NOUNS = r"(?:\L<movement.vehicles>)s?\b"
_VEHICLE_RE = LexiconPattern(_VEHICLE_NOUNS, re.I)
_VEHICLE_OF: dict[int, re.Pattern] = {}  # per lexicon: a side's vehicle, before or after it
#: What may stand between the side and its vehicle (not a verb: "Azerbaijani troops shelled buses").
_VEHICLE_MODIFIERS = r"(?:\s+(?:\L<movement.vehicle_modifiers>|(?-i:[A-Z][\w-]*))){0,2}"


def _rule_vehicle(c: SideContext) -> str | None:
    """'A Russian military helicopter was shot down, killing two crew members', 'attacked a vehicle
    used by Russian peacekeepers, killing five people': the people in a side's vehicle, hit with
    it, are that side's (whoever fired: drones are no vehicles here)."""
    before = c.s[max(0, c.f.start - 120):c.f.start]
    if not search_lower(_VEHICLE_RE, before):  # (the twin: a third of the time)
        return None
    if id(c.lex) not in _VEHICLE_OF:
        _VEHICLE_OF[id(c.lex)] = LexiconPattern(
            rf"({c.lex.side_re.pattern}){_VEHICLE_MODIFIERS}\s+{_VEHICLE_NOUNS}"
            rf"|{_VEHICLE_NOUNS}\s+(?:used\s+by|of|carrying|belonging\s+to)\s+(?:the\s+)?({c.lex.side_re.pattern})", re.I)
    vehicle = None
    for vehicle in _VEHICLE_OF[id(c.lex)].finditer(before):
        pass
    return c.lex.side_of[_key(vehicle.group(1) or vehicle.group(2))] if vehicle else None


def _rule_people_named(c: SideContext) -> str | None:
    """A count of casualties that names no people ("with six casualties", "six deaths")
    counts the people its clause names as hit, when it names one side's: "Azerbaijan gave the
    number of Russian peacekeepers killed, with six casualties". Attackers, and people named
    without a casualty word ("with the mediation of Russian peacekeepers"), are left out."""
    if c.f.head_kind != "casualty":
        return None
    people = _people_re(c.lex)
    if not search_lower(people, c.ctext, low=_clause_low(c.ctext, c.lex)):  # (the twins: spans, and groups read by _key)
        return None
    clause = _mask_agents(c.ctext, c.lex)
    sides = {c.lex.side_of[_key(m.group(1))] for m in finditer_lower(people, clause)
             if _hit_after(clause, m.end(), c.lex)}
    return sides.pop() if len(sides) == 1 else None


def _hit_after(text: str, pos: int, lex: _Lexicon) -> bool:
    """A casualty word right after the people (a few words, no comma): "peacekeepers killed"."""
    pm = search_lower(lex.post_re, text, pos, pos + 30)
    return bool(pm) and "," not in text[pos:pm.start()]


_PEOPLE_RE: dict[int, re.Pattern] = {}


def _people_re(lex: _Lexicon) -> re.Pattern:
    """A side's word right before a noun for people hit: "Russian peacekeepers", "Armenian
    soldiers" (compiled once per lexicon)."""
    if id(lex) not in _PEOPLE_RE:
        pop = lex.raw["population"]
        nouns = sorted({re.escape(w) for key in ("military", "civilian") for w in pop[key]}, key=len, reverse=True)
        _PEOPLE_RE[id(lex)] = re.compile(rf"({lex.side_re.pattern})\s+(?:{'|'.join(nouns)})\b", re.IGNORECASE)
    return _PEOPLE_RE[id(lex)]


def _rule_speaker(c: SideContext) -> str | None:
    """A government that gives a figure with no other cue gives its own side's losses; Russia, a
    third party to most incidents, only when its peacekeepers are named near the figure (other
    than the peacekeeping command speaking, or "the activities of the Russian peacekeeping force"
    further on: "the peacekeeping command reported that a shepherd was wounded" is no loss of
    Russia's). A named victim whose surname is the other side's, or people hit at a place of the
    other side, after a speaker of an earlier sentence, are left to the surname and place rules."""
    if c.speaker_side == "russia" and not any(
            not (c.speaker.start <= m.start() < c.speaker.end)
            for m in _PEACEKEEPERS.finditer(c.s, max(0, c.f.start - 80), c.f.ev_end + 40)):
        return None
    if c.by_context and c.f.surname_side and c.f.surname_side != c.speaker_side:
        return None  # "Lieutenant Vusal Huseynli was killed" after Yerevan spoke: the name outweighs
    if c.by_context and _other_place_in_clause(c):
        return None  # "Three civilians were also wounded in the shelling of Jermuk" after Baku spoke
    return c.speaker_side


#: "They said", "they reported": a plural pronoun as the speaker.
_THEY_SAID = LexiconPattern(r"\bthey\s+(?:have\s+|had\s+|also\s+)?(?:\L<speech.they_said>"
                            r")\b", re.I)


def _rule_they_antecedent(c: SideContext) -> str | None:
    """"They said" is the group the sentence before names last, not an earlier speaker: "... has
    been administered by the ethnic Armenian majority there. They said at least 200 people have
    been killed" is Karabakh's figure, though Baku spoke two sentences earlier. Only when the
    sentence before names no speech of its own (then "they" is that speaker) and its last party
    is another side than the remembered speaker's."""
    sp = c.speaker
    if sp is None or c.by_context or c.speaker_side is None or not c.before or "hey" not in c.s:
        return None
    m = _THEY_SAID.search(c.s, max(0, sp.start), max(sp.end, c.f.start) + 20)
    if m is None or m.start() > c.f.start or c.lex.speech_re.search(c.before):
        return None
    last = None
    for last in c.lex.side_re.finditer(c.before):
        pass
    if last is None:
        return None
    if _FIRED_AFTER.match(c.before, last.end()):
        return None  # "Azerbaijani forces then opened fire near Sotk": who fired is not who counts
    side = c.lex.side_of[_key(last.group(0))]
    return side if side in PARTIES and side != c.speaker_side else None


#: A unit that fired, after its side word: "Azerbaijani forces then opened fire".
_FIRED_AFTER = LexiconPattern(r"(?:\s+(?:armed\s+)?(?:\L<forces.fired_after>))?" + _ATTACK_VERB.source, re.I)


def _other_place_in_clause(c: SideContext) -> bool:
    """Whether the figure's clause names a place (not a capital) of a side other than the
    speaker's: where the people were hit outweighs a speaker of an earlier sentence."""
    ca = c.s.find(c.ctext)
    return any(ca <= start < ca + len(c.ctext) and key not in c.lex.names_of and side != c.speaker_side
               and not (side == "karabakh" and c.area in (LIBERATED, BAKU_NAMED))
               for start, key, side in _places(c.s, c.lex))


#: A war as what killed, right before the figure: "six weeks of fighting in autumn 2020 claimed
#: more than 6,500 lives", "the hostilities resulted in more than 7,000 military ... casualties".
_WAR_KILLED = LexiconPattern(r"\b(?:war|fighting|conflict|hostilities)\b[^.;:]{0,60}?\b(?:\L<casualty.war_killed>"
                             r")\b[^.;:]{0,30}$", re.I)
#: A war before the toll that a relative word hangs the toll on: "a war in the area, in which 6,500
#: people died", "six weeks of fighting, during which more than 6,600 people were killed".
_WAR_THEN_TOLL = LexiconPattern(r"\b(?:\L<combined.war_words>)\b[^.;:]{0,60}?\b(?:\L<combined.war_toll_relatives>)"
                                r"\b[^.;:]{0,30}$", re.I)
#: A war after the toll, hung on it by a preposition: "6,000 people were killed in the fighting
#: that ended in November" (its war phrase, up to the clause's end, is group 1).
_TOLL_THEN_WAR = LexiconPattern(r"[^.;:]{0,40}?\b(?:\L<combined.war_toll_prepositions>)\s+(?:(?:the|that|this|a)\s+)?"
                                r"((?:[\w'-]+\s+){0,4}?(?:\L<combined.war_words>)\b[^.;:]{0,60})", re.I)
#: A war named as ended: "the fighting that ended in November", "the war was over".
_WAR_ENDED = LexiconPattern(r"\b(?:\L<combined.war_ended>)\b", re.I)
#: How one side names its own dead of a war: "martyrs of the Patriotic War", "shehids".
_OWN_WAR_DEAD = re.compile(r"\bpatriotic\s+war\b|\bmartyr|\bshehid|\bsehid|\bheroes?\b", re.I)


def _rule_war_killed(c: SideContext) -> str | None:
    """A war that killed, with no one giving the toll and no side owning it ("six weeks of
    fighting in autumn 2020 claimed more than 6,500 lives", "the ensuing conflict claimed around
    30,000 lives"), counts the dead of both sides (the issue's background war tolls): combined,
    not the side the article is about. Not a figure a party gives, nor one whose clause names one
    side only ("the war unleashed by Azerbaijan killed"), nor a side's own martyrs of the
    Patriotic War; a war's toll is in the hundreds at least. ("3,781 people were killed in the
    hostilities" is left alone: an Armenian outlet counts Armenia's dead so.)

    The guide's sentence, "Combined is ... death tolls of whole wars (2020, the 1990s)", in both
    word orders: the war before the toll, hung on it by a relative word ("a war in the area, in
    which 6,500 people died"), and the war after it, hung on it by a preposition, when the war is
    named as a whole one, ended or by its year or length ("6,000 people were killed in the
    fighting that ended in November", "died in the 44-day war"; not "in the hostilities"). A
    speaker of an earlier sentence does not own a war's toll (pipeline: the claim is then
    unattributed)."""
    if c.f.value < 100 or c.speaker_side is not None and not c.by_context or c.f.category not in ("killed", "casualties") \
            or "war" not in c.s and "fight" not in c.s and "conflict" not in c.s and "hostilit" not in c.s and "combat" not in c.s \
            or not _war_toll(c) or _OWN_WAR_DEAD.search(c.s):
        return None
    # (Russia, which brokered the peace of 2020, was no side of the war)
    sides = {c.lex.side_of[_key(m.group(0))] for m in c.lex.side_re.finditer(c.ctext)} - {"russia"}
    return "combined" if len(sides) != 1 else None


def _war_toll(c: SideContext) -> bool:
    """Does the sentence give the figure as a war's toll, in either word order (_rule_war_killed)?"""
    before = max(0, c.f.start - 120)
    if _WAR_KILLED.search(c.s, before, c.f.start) or _WAR_THEN_TOLL.search(c.s, before, c.f.start):
        return True
    after = _TOLL_THEN_WAR.match(c.s, c.f.ev_end)
    if after is None:
        return False
    # the war's year may open the sentence ("In 2020, 6,500 people died in six weeks of fighting"),
    # but "the worst fighting since 2020" is no 2020 war
    war = _SINCE.sub(" ", f"{c.s[:c.f.start]} {after.group(1)}")
    return (_EARLIER_WAR.search(war) or _WAR_ENDED.search(war)) is not None


_SINCE = re.compile(r"\bsince\s+\S+", re.I)


def _rule_arrested_by(c: SideContext) -> str | None:
    """People whose captor the clause names after them are the captor's adversary's, hit or not:
    "one member of the group was wounded and detained by the Azerbaijani servicemen". With no
    captor named, 'Azerbaijani officials said three young men were arrested': who reports an
    arrest holds the people, who are the other side's."""
    held = _HELD_BY.search(c.s, c.f.start, _clause_span(c)[1]) if "by" in c.ctext else None
    captor = _side_in(held.group(1), c.lex) if held else None
    if captor in ("armenia", "azerbaijan"):
        return c.lex.opposite[captor]
    if c.f.category == "captured" and c.speaker_side in ("armenia", "azerbaijan") and \
            _ARRESTED.search(c.s, c.f.start, c.f.ev_end + 10):
        return c.lex.opposite[c.speaker_side]
    return None


def _rule_surname(c: SideContext) -> str | None:
    """A named victim's surname ending, a weak cue: 'Ghazaryan' Armenian, 'Nazarov' Azerbaijani; also
    the name set off after one person ("A serviceman of the border service, Elvin Mammadov, was
    injured"), which names the figure's own person."""
    if c.f.surname_side or c.f.value != 1 or c.f.kind == "named":
        return c.f.surname_side
    from .figures import surname_side  # (figures imports this module)
    # the name nearest the verb: "a driver of the Eurasian Press Foundation Khazar Babashov was injured"
    sides = [surname_side(m.group(0), c.lex) for m in c.lex.surname_re.finditer(c.s, max(c.f.np_end, c.f.end), c.f.ev_end)
             if (m.group(0).split()[-1].lower(),) not in c.lex.heads]  # "Civilian" is no surname
    return next((x for x in reversed(sides) if x), None)


def _rule_weak_combined(c: SideContext) -> str | None:
    """'clashes between the two countries', 'a shootout between Karabakh police officers and
    Azerbaijani soldiers', 'five people were killed in a shootout' with nobody speaking and no
    side named: a total across sides. Not the victims of mines ("140 people were blown up on
    mines after the Armenia-Azerbaijan war"): a blast is no clash, its victims are one side's
    (mine_blast)."""
    if c.speaker is not None or c.f.value < 2 or mine_blast(c.ctext, c.lex, _clause_low(c.ctext, c.lex)):
        return None  # one person is on one side
    if c.lex.combined_weak_re.search(c.ctext):
        return "combined"
    if c.f.value >= 2 and search_lower(_CLASH, c.ctext, low=_clause_low(c.ctext, c.lex)):  # (the twin: only whether it matches is read)
        return "combined"  # "five people were killed in a shootout": a clash has two sides
    between = _BETWEEN.search(c.ctext) if "between" in _clause_low(c.ctext, c.lex) else None
    if between:
        one, other = _party_in(between.group(1), c.lex), _party_in(between.group(2), c.lex)
        if one in PARTIES and other in PARTIES and one != other:
            return "combined"
    return None


def mine_blast(text: str, lex: _Lexicon, low: str | None = None) -> bool:
    """Does the clause count the victims of mines or ordnance ("became victims of landmines",
    "blown up on mines", "an unexploded ordnance blast")? Those are hit by one side's munitions
    where they live or work, not in a clash of two sides, so they are never a total across sides
    (ANNOTATION.md, combined: both sides' people counted together); lexicon [combined] mines. A
    plain substring test of the list's own words (``combined_mines_gate``) gates the pattern, on
    a text that lower-cases as the pattern reads it (``text.folds_plainly``: not "landmıne").
    ``low``: ``text.lower()``, if the caller has it."""
    if folds_plainly(text):
        low = text.lower() if low is None else low  # (once, not once per gate word)
        if not any(w in low for w in lex.combined_mines_gate):
            return False
    return lex.combined_mines_re.search(text) is not None


def _clause_span(c: SideContext) -> tuple[int, int]:
    """Where the figure's clause (``c.ctext``, a slice of the sentence) starts and ends in ``c.s``."""
    start = c.s.find(c.ctext)
    return start, start + len(c.ctext)


#: Where a clause goes on to something else after a figure: ", and the mines it left remain".
_NEXT_CONJUNCT = re.compile(r",\s+and\s+|;")


def _mine_victims(c: SideContext) -> bool:
    """Does the figure count the victims of mines ("356 people became victims of these
    explosions", "since the 2020 war, mines have hurt 300 people"), in its own clause up to a
    conjunct that goes on to something else? A tally of mine victims that names the war only as
    its starting point ("after the Second Karabakh War") is not the war's toll: the mines lie, and
    hit people, on one side's land, so such a background figure still takes the article's side
    (_rule_article). Not "6,000 people were killed in the 2020 war, and its mines remain"."""
    ca, cb = _clause_span(c)
    more = _NEXT_CONJUNCT.search(c.s, max(ca, c.f.ev_end), cb)
    return mine_blast(c.s[ca:more.start() if more else cb], c.lex)


def _party_in(text: str, lex: _Lexicon) -> str | None:
    """The side a phrase names, by an adjective or name ("Azerbaijani troops") or a people
    ("Azerbaijanis", "Armenians")."""
    side = _side_in(text, lex)
    if side:
        return side
    for w in text.split():
        kind, value = lex.heads.get((w.lower().strip(",;:"),), ("", None))
        if kind == "nationality":
            return value
    return None


#: How Azerbaijani reporting names its own dead: "became martyrs", "were martyred", "shehid".
_MARTYR = re.compile(r"\bmartyr|\bshehid|\bşəhid|\bsehid", re.I)


def _rule_martyrs(c: SideContext) -> str | None:
    """'2,907 soldiers, who were martyred in the war', '29 people became martyrs': the dead a text
    calls martyrs (shehids) with nothing else to place them are Azerbaijan's; that is how
    Azerbaijani reporting names its own fallen (every such figure of the real corpus is)."""
    if "artyr" not in c.s and "hehid" not in c.s and "əhid" not in c.s:
        return None
    return "azerbaijan" if c.f.category == "killed" and _MARTYR.search(c.s, c.f.start, c.f.ev_end + 30) else None


def _rule_place(c: SideContext) -> str | None:
    """A place named in the sentence, from the gazetteer of the lexicon ([places]). A capital that
    also names its government ("Baku", "Yerevan") counts only as a location ("in Yerevan",
    "residents of Stepanakert"): "the Baku offensive" or "Baku apologised" names who acts, not
    whose people were hit. Not the remains of the 2020 war: where they were found does not decide
    (REMAINS.md; "remains of another 4 servicemen found in Varanda (Fizuli)")."""
    if c.f.bodies and _war_dead_or_captives(c) == "dead":
        return None
    for start, key, side in _places(c.s, c.lex):
        if key in c.lex.names_of and not _LOCATIVE_END.search(c.s, 0, start):
            continue
        return "azerbaijan" if side == "karabakh" and c.area in (LIBERATED, BAKU_NAMED) else side
    return None


_PLACES_CACHE: list[tuple[str | None, list]] = [(None, [])]


def _places(s: str, lex: _Lexicon) -> list[tuple[int, str, str]]:
    """The gazetteer places of a sentence, (start, key, side), read once for all its figures
    (``_last_read``)."""
    return _last_read(_PLACES_CACHE, s, lex, _places_in)


def _rule_hit_before(c: SideContext) -> str | None:
    """'The ministry did not disclose the number of peacekeepers killed. A correspondent said that
    five people were killed': a figure that nothing in its sentence places counts the people the
    sentence before names as hit, when it names one side's ("Russian peacekeepers were killed",
    "Armenian soldiers wounded") and no figure of theirs."""
    if c.background or not c.before or c.lex.number_plural_re.search(c.before):
        return None
    people = _people_re(c.lex)
    sides = {c.lex.side_of[_key(m.group(1))] for m in people.finditer(c.before) if _hit_after(c.before, m.end(), c.lex)}
    if not sides and "peacekeep" in c.before:
        sides = {"russia" for m in _PEACEKEEPERS_HIT.finditer(c.before)}
    if not sides and _FIRED_AT.search(c.before):
        # "Armenian units fired at the positions of the Azerbaijani Army. One serviceman was wounded."
        sides = {c.lex.side_of[_key(m.group(0))] for m in c.lex.side_re.finditer(c.before)
                 if _POSITIONS_OF_END.search(c.before, max(0, m.start() - 25), m.start())
                 or _POSITIONS_AFTER.match(c.before, m.end())}
    return sides.pop() if len(sides) == 1 else None


#: Fire at a side's positions in the sentence before: who was in them was hit.
_FIRED_AT = LexiconPattern(r"\b(?:\L<attack.fired_at>)\b", re.I)
_POSITIONS_OF_END = re.compile(r"\bpositions?\s+of\s+(?:the\s+)?$", re.I)
_POSITIONS_AFTER = re.compile(r"\s+(?:army\s+|military\s+)?positions\b", re.I)
#: Peacekeepers hit, with no side word: "the number of peacekeepers killed".
_PEACEKEEPERS_HIT = re.compile(r"\bpeacekeepers?\s+(?:were\s+|was\s+)?(?:killed|wounded|injured|died)\b", re.I)


def _rule_article(c: SideContext) -> str | None:
    """Nothing in the sentence names whose people they are: the article's context. In an article
    about Karabakh, Karabakh; else the side of the last figure of this or the previous paragraph;
    else, in an article that calls Karabakh's lands liberated (Baku's voice), Azerbaijan. A
    background figure takes none of these, unless it counts victims of mines (_mine_victims)."""
    if c.background and c.area not in (LIBERATED, BAKU_NAMED) and c.f.category != "captured" \
            and not (c.f.bodies and _war_dead_or_captives(c) == "dead") and not _mine_victims(c):
        # (captives counted at their release, and remains found after the war, are background
        # only because they were taken or fell earlier: "four POWs" returned in a story of
        # Armenian prisoners are the story's)
        return None
    prev = [x for x in (*c.claims, *c.new) if x.side in PARTIES and x.sent.para >= c.sent.para - 1]
    if c.area == "karabakh":
        # (the report of the sentence before goes on: "180 Azerbaijani soldiers ... were killed.
        # Some 511 troops were wounded" are Azerbaijan's even in a story about Karabakh)
        last = prev[-1] if prev else None
        go_on = last is not None and last.sent.index >= c.sent.index - 1 and last.side != "karabakh" \
            and not last.is_background and _RULE_RANK.get(last.side_rule.split(">")[0], 0) >= 2
        return last.side if go_on else "karabakh"
    if prev:
        return prev[-1].side
    return "azerbaijan" if c.area == LIBERATED else c.victims


#: The side rules, in order: the first that returns a side decides, and the claim records its name
#: (``side_rule``), so a wrong side points at its rule.
SIDE_RULES: tuple[tuple[str, Callable[[SideContext], str | None]], ...] = (
    ("noun_phrase", _rule_noun_phrase),
    ("unit_named_before", _rule_unit_named_before),
    ("list", _rule_list),
    ("parts", _rule_parts),
    ("people_part", _rule_people_part),
    ("subset_of", _rule_subset_of),
    ("exchange", _rule_exchange),
    ("gapped_owner", _rule_gapped_owner),
    ("relative_owner", _rule_relative_owner),
    ("possessive", _rule_possessive),
    ("subject", _rule_subject),
    ("losses_of", _rule_losses_of),
    ("on_side", _rule_on_side),
    ("enemy", _rule_enemy),
    ("both_sides", _rule_both_sides),
    ("both_sides_before", _rule_both_sides_before),
    ("inherited", _rule_inherited),
    ("vehicle", _rule_vehicle),
    ("series", _rule_series),
    ("country_did", _rule_country_did),
    ("speaker_did", _rule_speaker_did),
    ("within_unit", _rule_within_unit),
    ("attacker", _rule_attacker),
    ("people_named", _rule_people_named),
    ("war_killed", _rule_war_killed),
    ("arrested_by", _rule_arrested_by),
    ("they_antecedent", _rule_they_antecedent),
    ("speaker", _rule_speaker),
    ("surname", _rule_surname),
    ("weak_combined", _rule_weak_combined),
    ("martyrs", _rule_martyrs),
    ("place", _rule_place),
    ("hit_before", _rule_hit_before),
    ("article", _rule_article),
)


#: Rules whose people the speaker holds: a speaker with no side of its own ("the ministry said")
#: reports them as their captor, the other side (SideDecision.speaker_is_captor).
_SPEAKER_IS_CAPTOR = ("arrested_by",)


@dataclass(frozen=True, slots=True)
class SideDecision:
    """A figure's side, the rule that decided it, and whose voice the speaker is: the claimant
    stage reads this, not the rule's name. speaker_is_captor: the people are held by the speaker's
    side ("wounded and detained by the Azerbaijani servicemen", the ministry said), so a speaker
    with no side of its own speaks for their captor, not for them."""
    side: str
    rule: str
    speaker_is_captor: bool = False


#: Rules whose 'armenia' rests on the word "Armenian" or on who fired, not on Armenia itself: in an
#: article about Karabakh these people are Karabakh Armenians (ANNOTATION.md, side). Not who spoke:
#: a total Yerevan gives for "the Armenian side" is Armenia's even when it counts Karabakh people.
_ARMENIAN_BY_WORD = ("attacker", "they_antecedent", "within_unit", "people_part", "relative_owner", "inherited", "weak_combined", "surname", "arrested_by", "country_did",
                     "speaker_did", "enemy", "unit_named_before", "hit_before")


def resolve_side(c: SideContext) -> SideDecision:
    """The side, the name of the rule that decided it and whether the speaker holds the people
    (SideDecision); ('unknown', 'none') when no rule applies.

    A rule's 'armenia' becomes 'karabakh' (rule name + '>' + why) when the rule rested only on the
    word "Armenian", never on Armenia by name, and the article, the speaker or the clause places
    the people in Karabakh (_karabakh_reading). Yerevan speaking counts for Armenia unless the
    article is about Karabakh or the figure's own clause puts the people there ("killed in the
    shelling of Stepanakert"): who counts people does not decide whose they are (ANNOTATION.md
    counts people the text places in Karabakh as its). Not for the 2020 war's dead, missing and
    captives, whose own words alone decide (_war_dead_or_captives).
    """
    earlier_war = c.background and not _unnamed_war_after_takeover(c)
    for name, rule in SIDE_RULES:
        side = rule(c)
        if side:
            side, why = _side_and_why(c, name, side, earlier_war)
            return SideDecision(side, f"{name}>{why}" if why else name, name in _SPEAKER_IS_CAPTOR)
    return SideDecision("unknown", "none")


def _side_and_why(c: SideContext, name: str, side: str, earlier_war: bool) -> tuple[str, str | None]:
    """The side the rule `name` returned, read again for Karabakh and the 2020 war (resolve_side),
    and why it was changed (None when it stands)."""
    if side == "armenia" and _armenian_side_mixed(c):
        return side, None
    if side == "armenia" and not earlier_war:
        why = (_karabakh_place(c) or ("karabakh_context" if c.area == "karabakh" else None)) if name == "speaker" else \
            _karabakh_reading(c) if _armenian_by_word(c, name) else None
        if why and not _war_dead_or_captives(c) and not (why == "karabakh_context" and _held_captive(c)):
            return "karabakh", why
    elif side == "armenia" and _armenian_by_word(c, name):
        why = _own_karabakh_reading(c)
        if why and not _war_dead_or_captives(c):
            return "karabakh", why
    if side == "karabakh" and name in _KARABAKH_BY_CONTEXT and _war_dead_or_captives(c) \
            and not _home_in_karabakh(c):
        return "armenia", "armenian_side"
    return side, None


#: "the Armenian side" (its words in lexicon side_words.armenian_side), and a part of a total after it
_ARMENIAN_SIDE = LexiconPattern(r"\b(?:\L<side_words.armenian_side>)(?![\w'’-])", re.I)
_PART_OF_TOTAL = LexiconPattern(r"\b(?:\L<grammar.list_openers>)\b", re.I)


def _armenian_side_mixed(c: SideContext) -> bool:
    """ANNOTATION.md, side: "A total for 'the Armenian side' that mixes Armenia's army and Karabakh
    people is `armenia`." The figure's clause names the Armenian side as the owner and mixes the
    two: it names Armenia and Karabakh besides ("50 servicemen of the Armenian army and the Artsakh
    Defence Army"), or a part of the total is Karabakh's ("The Armenian side lost 50 servicemen,
    including 10 of the Artsakh Defence Army"). Then the Karabakh reading does not apply; "the
    Armenian side lost 50 servicemen near Martakert" is Karabakh's, as before."""
    owner = _ARMENIAN_SIDE.search(c.ctext) if "side" in c.ctext else None
    if owner is None:
        return False
    rest = c.ctext[owner.end():]
    named = [(m.start(), c.lex.side_of[_key(m.group(0))]) for m in c.lex.side_re.finditer(rest)] + \
        [(start, side) for start, _, side in _places_in(rest, c.lex)]
    karabakh = [start for start, side in named if side == "karabakh"]
    if not karabakh:
        return False
    part = _PART_OF_TOTAL.search(rest)
    return any(side == "armenia" for _, side in named) or part is not None and part.start() < max(karabakh)


def _held_captive(c: SideContext) -> bool:
    """'39 Armenian soldiers and civilians are held captive in Azerbaijan': people the figure's own
    clause calls captives keep the side their own words give them, not the article's Karabakh
    context (the project reading for captives, REMAINS.md: with nothing else, "Armenian" is
    armenia). A Karabakh place in the clause still decides ("taken prisoner in Khtsaberd")."""
    return c.f.category == "captured" and c.f.kind != "named" and \
        _WAR_CAPTIVES.search(c.s, c.f.np_end, c.f.ev_end) is not None


#: An earlier war named as such: the 2020 war, the 1990s one.
_EARLIER_WAR = re.compile(r"\b2020\b|44-day|\b(?:first|second)\s+(?:nagorno-)?karabakh\s+war|patriotic\s+war|\b199\d|"
                          r"\bearly\s+1990s|six-week", re.I)


def _unnamed_war_after_takeover(c: SideContext) -> bool:
    """A background "war" in an article of the weeks after September 2023 that names no earlier
    war ("200 Armenian fighters and civilians were killed in the war with Azerbaijan") is that
    offensive, whose dead were Karabakh's: the Karabakh reading still applies."""
    return c.published is not None and 0 <= (c.published - TAKEOVER).days <= 180 \
        and "war" in c.s and not _EARLIER_WAR.search(c.s)


#: Rules whose 'karabakh' rests on the article, the speaker or a place, not on the people's own words.
_KARABAKH_BY_CONTEXT = ("article", "speaker", "place", "inherited", "possessive", "attacker")
#: Bodies and remains ("the remains of 31 Armenian troops", "1,318 bodies were recovered"); unlike
#: patterns._REMAINS (a figure's own head noun, plural only) a single "body" counts here too.
_BODY_OR_REMAINS = re.compile(r"\b(?:bod(?:y|ies)|remains|corpses)\b", re.I)
#: The 2020 war named: its dead are the Armenian side's whole.
_WAR_2020 = re.compile(r"\b2020\b|44-day|\bsecond\s+(?:nagorno-)?karabakh\s+war|patriotic\s+war", re.I)
#: The offensive of September 2023 named in the figure's own sentence: its missing are Karabakh's.
_TAKEOVER_WORDS = re.compile(r"\b2023\b|\bSeptember\b|\boffensive\b|\bexodus\b|\bone-day\b|\b24-hour\b", re.I)
#: Captives of a war: "23 Armenian prisoners", "15 POWs", "hostages".
_WAR_CAPTIVES = re.compile(r"\b(?:prisoners?|pows?|captives?|hostages?)\b", re.I)


#: The people's home named: "residents of Hadrut", "natives of the village of Taghavard".
_HOME_OF = LexiconPattern(r"\b(?:residents?|natives?|inhabitants?|villagers?)\s+(?:of|from)\s+(?:the\s+(?:\L<regions.settlement_words>"
                          r")\s+of\s+)?$", re.I)


def _home_in_karabakh(c: SideContext) -> bool:
    """Whether the figure's own words give its people a home in Karabakh ("three residents of
    Hadrut"), which decides for the war dead and captives where a place of capture does not."""
    return any(side == "karabakh" and c.f.start <= start <= c.f.ev_end + 40 and _HOME_OF.search(c.s, max(0, start - 50), start)
               for start, _, side in _places(c.s, c.lex))


#: A number that is part of a date, not a figure: "As of 27.09.2021 the location of 231 servicemen".
_DATE_NUMBER = re.compile(r"\d{1,4}[./]\d{1,2}[./]\d{2,4}\b")


def _war_dead_or_captives(c: SideContext) -> str | None:
    """'dead' for bodies and remains and the missing of the 2020 war, 'captives' for prisoners of
    war, hostages, captives (soldiers) counted as they are released and people captured in the
    2020 war, else None. The project's reading (tests/data/extraction/REMAINS.md): the dead and
    captives of the 2020 war take the side the text gives the people themselves (their unit,
    service or home); where they were found, handed over or captured, and which body searched
    for or received them, do not decide; with nothing else, "Armenian" is Armenia's. So the
    Karabakh reading of the article, of a Karabakh body that counts them ("Karabakh's emergency
    service said 1,318 bodies were recovered") or of a Karabakh place ("taken prisoner in
    Khtsaberd") does not apply to them; their own words still do ("eight leaders of Artsakh",
    "residents of Hadrut")."""
    if c.f.category == "killed" and _BODY_OR_REMAINS.search(c.s, max(0, c.f.start - 30), c.f.ev_end):
        # (not the dead of September 2023, when the Armenian army was no longer there: in the
        # months after it, "the remains of 125 people" are of that offensive, Karabakh's)
        after = c.published is not None and 0 <= (c.published - TAKEOVER).days <= 180
        return None if after and not _WAR_2020.search(c.s) else "dead"
    if c.f.category == "captured" and c.f.kind != "named" and (
            _WAR_CAPTIVES.search(c.s, c.f.start, c.f.np_end) or c.f.released and c.f.head_value == "military"
            or _WAR_2020.search(c.s) or c.before and _WAR_2020.search(c.before)):
        return "captives"
    if c.f.category == "missing" and (_WAR_2020.search(c.s) or c.before and _WAR_2020.search(c.before)
                                      and not _TAKEOVER_WORDS.search(c.s)):
        return "dead"  # the missing of that war (named in the sentence before, too)
    # (after the offensive of September 2023, "the war" may be that one, whose dead were
    # Karabakh's: only a war named as the 2020 one counts then)
    named_only = c.published is not None and c.published >= TAKEOVER - dt.timedelta(days=1)
    if c.f.category in ("killed", "missing", "captured", "killed_or_missing") and (
            _of_the_war(c.s, c.f.category, named_only)
            or c.before and _of_the_war(c.before, c.f.category, named_only)
            and not any(not _DATE_NUMBER.match(c.s, m.start()) for m in c.lex.number_plural_re.finditer(c.s, 0, c.f.start))):
        return "dead"  # "3,781 soldiers and civilians killed in the Artsakh war"; "As of today the
        # location of 231 servicemen is unknown" after "... killed in the war unleashed by Azerbaijan"
    return None


#: The war as the figure's own setting: "killed in the war", "during the 44-day war", "throughout
#: the war", "of the Artsakh war", "in the result of the aggressive war" (not "since the war", and
#: not the September 2023 offensive: "the one-day war"). Not "a veteran (participant) of the war",
#: which says what a person did then, not where a figure fell.
_IN_THE_WAR = re.compile(r"\b(?<!veteran\s)(?<!veterans\s)(?<!participant\s)(?<!participants\s)"
                         r"(?:in|during|throughout|of)\s+(?:the\s+)?(?:result\s+of\s+the\s+)?"
                         r"(?!(?:one-day|24-hour|lightning|september)\b)(?:[\w-]+\s+){0,2}?war\b(?!\s+(?:crim|zone))", re.I)
#: ... and, for the missing and captives, "after the war": "253 Armenians still missing after the war".
_AFTER_THE_WAR = re.compile(r"\bafter\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?war\b(?!\s+crim)", re.I)


def _of_the_war(text: str, category: str, named_only: bool = False) -> bool:
    if "war" not in text or named_only and not _WAR_2020.search(text):
        return False
    if _IN_THE_WAR.search(text) and "prisoners of war" not in text.lower().replace("prisoner of war", "prisoners of war"):
        return True
    return category in ("missing", "captured") and _AFTER_THE_WAR.search(text) is not None


def each_side(c: SideContext) -> tuple[str, str] | None:
    """'the exchange left one border guard wounded on each side', 'each side lost 12 soldiers': the
    figure counts the people of each of the two sides, so it is one claim per side (ANNOTATION.md,
    split figures). The two sides are Karabakh and Azerbaijan in an article about Karabakh or when
    the sentence or the one before names a place in Karabakh ("violations in the Askeran region.
    Two people on each side were injured"), else Armenia and Azerbaijan."""
    if " side" not in c.s or not (
            _EACH_SIDE.search(c.s, c.f.ev_start, min(len(c.s), c.f.ev_end + 40))
            or _EACH_SIDE_SUBJECT.search(c.s, max(0, c.f.ev_start - 60), c.f.ev_start)):
        return None
    in_karabakh = c.area == "karabakh" or c.area not in (LIBERATED, BAKU_NAMED) and any(
        side == "karabakh" for text in (c.s, c.before) for _, _, side in _places_in(text, c.lex))
    return ("karabakh" if in_karabakh else "armenia"), "azerbaijan"


def _places_in(text: str, lex: _Lexicon) -> list[tuple[int, str, str]]:
    """The gazetteer places of a text other than the current sentence (not cached)."""
    return [(m.start(), k, lex.place_of[k]) for m in lex.place_re.finditer(text) for k in (_key(m.group(0)),)] \
        if text else []


def _armenian_by_word(c: SideContext, rule: str) -> bool:
    if rule == "noun_phrase":  # "two Armenian soldiers"
        return _key(c.f.side_word) in _ARMENIAN_WORDS
    if rule == "subject":  # "the Armenian side lost one serviceman"
        return _key(c.f.subject_word) in _ARMENIAN_WORDS
    if rule == "losses_of":  # "Armenian losses", or the enemy's (Baku's enemy in Karabakh is Karabakh)
        owner = _LOSSES_OF.search(c.s, 0, c.f.start)
        return bool(owner) and _key(owner.group(1)) in _ARMENIAN_WORDS \
            or bool(_ENEMY_LOSSES.search(c.s, 0, c.f.start) or _ENEMY.search(c.s, 0, c.f.start))
    return rule in _ARMENIAN_BY_WORD


def _karabakh_reading(c: SideContext) -> str | None:
    """Why people called "Armenian" are Karabakh's, if they are (ANNOTATION.md, side): the article
    is about Karabakh; a Karabakh body gives the figure (the Artsakh ministry calls its own forces
    "the Armenian side"); or the figure's clause puts them at a place inside Karabakh ("12 Armenian
    servicemen taken prisoner in Khtsaberd", "killed near Martakert", "In Nagorno-Karabakh, two
    Armenian soldiers ...") or in Karabakh's forces ("Armenian soldiers of the Karabakh army")."""
    if c.area == "karabakh":
        return "karabakh_context"
    if c.speaker_side == "karabakh":
        return "karabakh_speaker"
    return _karabakh_place(c)


#: An apposition after a name that says who the person is: ", an ethnic Armenian", ", a resident".
_NAME_APPOSITION = LexiconPattern(r",\s+(?:an?\s+)?(?:ethnic\s+)?(?:\L<people.name_apposition>)\b")


def _home_after_name(s: str, end: int) -> bool:
    """'Vagif Khachatryan, an ethnic Armenian from Nagorno-Karabakh, was sentenced': a named
    person's apposition that gives Karabakh as his home places him there (his own words, as
    "residents of Hadrut" does for a number), whatever war the sentence also names."""
    m = _NAME_APPOSITION.match(s, end)
    return m is not None and _IN_KARABAKH_AFTER.match(s, m.end()) is not None


def _own_karabakh_reading(c: SideContext) -> str | None:
    """In a background clause (an earlier war named beside the figure), people called "Armenian"
    are Karabakh's when a Karabakh body gives the figure or the figure's own clause places them in
    Karabakh, because ANNOTATION.md counts Karabakh's forces and the people the text places there as
    Karabakh's whatever war the clause also names; only the article's context is left out there
    (an anniversary story set in Karabakh still counts Armenia's dead of that war as Armenia's)."""
    return "karabakh_speaker" if c.speaker_side == "karabakh" else _karabakh_place(c)


def _karabakh_place(c: SideContext) -> str | None:
    """'karabakh_place' when the figure's clause puts its people in Karabakh (see _karabakh_reading)."""
    clause_start = c.s.find(c.ctext)
    named_karabakh = "arabakh" in c.s or "rtsakh" in c.s or "Army" in c.s  # a cheap gate
    if any(side == "karabakh" and clause_start <= start < clause_start + len(c.ctext)
           for start, _, side in _places(c.s, c.lex)) or named_karabakh and (
            _IN_KARABAKH_AFTER.match(c.s, c.f.ev_end) or _KARABAKH_FORCES.search(c.ctext)
            or c.f.kind == "named" and _home_after_name(c.s, c.f.end)
            or _IN_KARABAKH_BEFORE.search(c.s, clause_start, c.f.ev_end if c.f.kind == "named" else c.f.start)):
        return "karabakh_place"
    return None


#: How firmly a side rule reads whose people a figure counts: its own words ("three Armenian
#: soldiers", "on the Azerbaijani side", "its soldiers", "on both sides") 2; who fired or who
#: spoke 1; the context only (the article, the figure before it) 0; nothing -1.
_RULE_RANK = {**dict.fromkeys(("noun_phrase", "unit_named_before", "on_side", "possessive", "subject", "losses_of", "list", "parts",
                               "subset_of", "exchange", "enemy", "both_sides", "each_side", "country_did",
                               "speaker_did"), 2),
              "series": 1,
              **dict.fromkeys(("attacker", "speaker", "arrested_by", "people_named"), 1),
              "none": -1}


def settle_repeats(claims: list[_Claim]) -> None:
    """A figure takes the side that a firmer mention of the same figure in the article gives it:
    "8 servicemen were killed, 13 were captured ... (Later:) 13 were taken prisoner by the
    Azerbaijani side" makes the first 13 Armenia's, "Azerbaijan's premier said 122 prisoners were
    returned" takes the "combined" of "122 prisoners returned to Armenia and Azerbaijan", and the
    two are then one claim (revisions._dedupe). Counts of three or more only, as in _dedupe (two
    "one wounded" in a story are often two people), and of the same population ("3 soldiers" is
    not "3 civilians")."""
    best: dict[tuple, tuple[int, _Claim]] = {}
    for c in claims:
        if c.fig.value >= 3 and (c.side in PARTIES or c.side == "combined"):
            key = (c.fig.category, c.fig.value, c.is_background)
            rank = _RULE_RANK.get(c.side_rule.split(">")[0], 0)
            if key not in best or rank > best[key][0]:
                best[key] = (rank, c)
    _settle_names(claims)
    if not best:
        return
    for c in claims:
        key = (c.fig.category, c.fig.value, c.is_background)
        if key not in best:
            continue
        rank, other = best[key]
        if rank > _RULE_RANK.get(c.side_rule.split(">")[0], 0) and other.side != c.side and (
                "unknown" in (c.fig.population, other.fig.population) or c.fig.population == other.fig.population):
            c.side, c.side_rule = other.side, f"{c.side_rule}>repeated"


def _settle_names(claims: list[_Claim]) -> None:
    """One named person mentioned twice ("Vagif Khachatryan, an Armenian from Nagorno-Karabakh,
    was arrested ... Khachatryan was arrested because ...") has one side: the first mention's, as
    the fuller one (the surname alone that repeats it may stand in a sentence of the other side's
    speaker). The two are then one claim (revisions._same_surname)."""
    first: dict[str, _Claim] = {}
    for c in claims:
        if c.fig.kind != "named" or c.fig.value != 1 or not c.fig.name:
            continue
        surname = c.fig.name.split()[-1]
        o = first.get(surname)
        if o is None:
            first[surname] = c
        elif o.side != c.side and o.side in PARTIES and (len(c.fig.name.split()) == 1 or c.fig.name == o.fig.name):
            c.side, c.side_rule = o.side, f"{c.side_rule}>repeated"


def settle_sums(claims: list[_Claim]) -> None:
    """A total that the figures of two sides right after it (or right before it) add up to is their
    sum, `combined` (ANNOTATION.md): "The fighting killed at least 176 soldiers, with Armenia
    reporting 105 dead and Azerbaijan 71"; "At least 176 soldiers died. Armenia said 105 ...;
    Azerbaijan reported 71"; "Armenia said six were killed, Azerbaijan seven. In all, 13 soldiers
    died". The parts are the nearest figure of each side, of the total's category, in its sentence
    or the two next (or previous) ones; they add up to it exactly, or within a tenth when the total
    is approximate ("nearly 300": 207 and 80). A total whose own words name its side ("176 Armenian
    soldiers") is left alone, and so is a running toll after the parts ("the toll rose to 5"),
    which may be one side's revision."""
    if len(claims) < 3:
        return  # a total and two parts
    for i, c in enumerate(claims):
        if c.fig.value < 3 or c.side == "combined" or _RULE_RANK.get(c.side_rule.split(">")[0], 0) >= 2:
            continue
        after = [d for d in claims[i + 1:i + 12] if d.sent.index - c.sent.index <= 2]
        # (the parts before a total: not a running toll, which may be one side's revision)
        before = [] if c.fig.source == "toll" or c.fig.more else \
            [d for d in reversed(claims[max(0, i - 12):i]) if c.sent.index - d.sent.index <= 2]
        for parts in (after, before):
            firsts: dict[str, int] = {}
            for d in parts:
                if d.fig.category == c.fig.category and d.is_background == c.is_background \
                        and d.side in PARTIES and d.fig.value < c.fig.value:
                    firsts.setdefault(d.side, d.fig.value)
            total = sum(firsts.values())
            if len(firsts) >= 2 and (total == c.fig.value or c.fig.qualifier != "exact"
                                     and abs(total - c.fig.value) <= c.fig.value / 10):
                c.side, c.side_rule = "combined", f"{c.side_rule}>sum_of_sides"
                break


#: Not worked out yet (None is a result).
_NOT_YET = object()


class ArticleContext:
    """An article's area (article_area, or LIBERATED / BAKU_NAMED when it speaks of Karabakh as
    Azerbaijan's) and victims (article_victims), each worked out the first time a side rule asks
    for it. The whole-article scans behind them are about a tenth of the extractor's time, and half
    of the articles never need the area, nine in ten never the victims."""

    def __init__(self, text: str, lex: _Lexicon, published: dt.date | None = None) -> None:
        self.text, self.lex, self.published = text, lex, published
        self._scan: tuple[str | None, list] | None = None
        self._area: str | None | object = _NOT_YET
        self._victims: str | None | object = _NOT_YET
        self._low: str | None = None
        self._liberated: bool | None = None

    def low(self) -> str:
        """The text lower-cased, made once for all the scans of the whole article (a text beyond
        ASCII is lower-cased character by character: a few microseconds each time)."""
        if self._low is None:
            self._low = self.text.lower()
        return self._low

    def area(self) -> str | None:
        if self._area is _NOT_YET:
            if self._scan is None and self.liberated():
                self._area = LIBERATED  # (what the scan gives it, without the places it names)
            else:
                framing, places = self.scan()
                self._area = framing or article_area(self.text, places, self.lex, self.low())
        return self._area

    def liberated(self) -> bool:
        """Does the article use Baku's framing of Karabakh (_calls_liberated)? Its area is then
        LIBERATED, and its places are scanned only if its victims are asked for."""
        if self._liberated is None:
            self._liberated = _calls_liberated(self.text, self.low())
        return self._liberated

    def victims(self) -> str | None:
        if self._victims is _NOT_YET:
            _, places = self.scan()
            self._victims = article_victims(self.text, _article_sides(self.text, self.lex), places, self.lex)
        return self._victims

    def scan(self) -> tuple[str | None, list]:
        """(framing, places): one pass of the place pattern over the text."""
        if self._scan is None:
            self._scan = _article_scan(self.text, self.lex, self.published, self.liberated())
        return self._scan


def _article_sides(text: str, lex: _Lexicon) -> list[tuple[int, str, str]]:
    """The sides the article names, (start, side, word), in text order."""
    return [(a, lex.side_of[_key(text[a:b])], text[a:b]) for a, b in match_spans(lex.side_re, text)
            if not _WAR_AFTER.match(text, b)]  # "the Second Karabakh War" names a war, not a place


def _karabakh_word_starts(text: str, lex: _Lexicon, low: str) -> list[int]:
    """Where a word of a Karabakh side phrase (``_karabakh_needles``) begins in the lower-cased text
    the lower-case twin of the side pattern reads, each time it occurs: every Karabakh side name
    holds one, and two names never hold the same one (matches do not overlap), so there are at
    least as many as there are names. For a text the twin cannot read ("İ", "ı", "ſ":
    ``lower_twin``), where each name begins. ``low``: ``text.lower()``."""
    rx, hay = lower_twin(lex.side_re, text, low)
    if rx is lex.side_re:
        return [pos for pos, side, _ in _article_sides(text, lex) if side == "karabakh"]
    starts = []
    for w in _karabakh_needles(lex):
        p = hay.find(w)
        while p >= 0:
            starts.append(p)
            p = hay.find(w, p + 1)
    return starts


def _karabakh_sides(text: str, lex: _Lexicon, word_starts: list[int], low: str) -> list[tuple[int, str, str]]:
    """The Karabakh sides of ``_article_sides(text, lex)``, which is all article_area reads of them,
    found by scanning only the stretches of the text between two full stops or commas that hold a
    word of a Karabakh side phrase (``word_starts``: ``_karabakh_word_starts``), not the whole
    article: most name none.

    Exact: no side phrase holds a full stop or a comma, so no match runs across one, and a scan
    that starts right after one finds, up to the next one, the matches that the scan of the whole
    text finds there (its look-behind reads the stop before, and its look-ahead at the stretch's
    end succeeds as it does on the stop after); a stretch with no such word holds no match of a
    Karabakh phrase. A text the lower-case twin cannot read is scanned whole. ``low``:
    ``text.lower()``."""
    rx, hay = lower_twin(lex.side_re, text, low)
    if rx is lex.side_re:
        return [x for x in _article_sides(text, lex) if x[1] == "karabakh"]
    sides = []
    for start in sorted({max(hay.rfind(".", 0, p), hay.rfind(",", 0, p)) + 1 for p in word_starts}):
        ends = [e for e in (hay.find(".", start), hay.find(",", start)) if e >= 0]
        for m in rx.finditer(hay, start, min(ends, default=len(hay))):
            a, b = m.span()
            if lex.side_of[_key(text[a:b])] == "karabakh" and not _WAR_AFTER.match(text, b):
                sides.append((a, "karabakh", text[a:b]))
    return sides


_KARABAKH_NEEDLES: dict[int, tuple[str, ...]] = {}


def _karabakh_needles(lex: _Lexicon) -> tuple[str, ...]:
    """One word of each Karabakh side phrase, lower-cased, which every match of the phrase holds:
    its last word that is no other side's word, nor its plural, nor "of", "in", "the" ("artsakh"
    for "of artsakh", "army" for "defence army", "ethnic" for "ethnic armenians": "armenians" and
    "defence", as in "Defence Ministry", are in most articles), with words that hold another such
    word left out ("karabakh" finds "nagorno-karabakh"); per lexicon. (Any word of a phrase would
    do: these are rare.)"""
    if id(lex) not in _KARABAKH_NEEDLES:
        common = {p for p, side in lex.side_of.items() if side != "karabakh"}
        common |= {p + "s" for p in common} | {"of", "in", "the"}
        words = {([w for w in p.split() if w not in common] or p.split())[-1]
                 for p, side in lex.side_of.items() if side == "karabakh"}
        _KARABAKH_NEEDLES[id(lex)] = tuple(sorted(w for w in words if not any(v != w and v in w for v in words)))
    return _KARABAKH_NEEDLES[id(lex)]


def _article_scan(text: str, lex: _Lexicon, published: dt.date | None, framed: bool) -> tuple[str | None, list]:
    """How the article frames Karabakh (LIBERATED: it calls its lands liberated or occupied,
    ``framed``, what ``_calls_liberated`` says of it; BAKU_NAMED: it names its places only as Baku
    does; else None), and the places it names."""
    keys = [_key(text[a:b]) for a, b in match_spans(lex.place_re, text)]
    places = [(lex.place_of[k], k in lex.names_of) for k in keys]
    if _karabakh_voice(text):  # (never framed: _calls_liberated)
        return None, places
    baku_named = not framed and _baku_naming(keys, lex, published)
    if (framed or baku_named) and not (baku_named and _KARABAKH_OWN.search(text)):
        # "the liberated Shusha region": the text speaks of Karabakh as Azerbaijan's, retaken in
        # 2020; the people hit in the places it names there are Azerbaijan's
        places = [("azerbaijan" if side == "karabakh" else side, capital) for side, capital in places]
        return (BAKU_NAMED if baku_named else LIBERATED), places
    return None, places


def _karabakh_voice(text: str) -> bool:
    """Does the article speak of Karabakh in a way Baku does not? An Armenian report that quotes
    Baku's "liberated territories" still says "Artsakh", an international one "ethnic Armenian":
    neither frames Karabakh as Baku does (_calls_liberated) or names its places only as Baku does
    (_article_scan)."""
    return "Artsakh" in text or "thnic Armenian" in text


def _calls_liberated(text: str, low: str) -> bool:
    """Whether the article speaks of Karabakh's lands as liberated or occupied, Baku's framing
    (_AZERBAIJANI_FRAMING), which makes its area LIBERATED whatever places it names. ``low``:
    ``text.lower()``."""
    if _karabakh_voice(text):
        return False  # (the framing pattern is not tried)
    return ("iberated" in text or "ccupi" in text or "ccupation" in text or "Garabagh" in text
            or "Khojal" in text or "genocide" in text or "Armenian " in text and (
                "invaders" in text or "aggressors" in text or "bandits" in text or "executioners" in text)) \
        and _frames_as_azerbaijans(text, low)


#: The words, lower-cased, that the alternatives of _AZERBAIJANI_FRAMING open with, right after its
#: ``\b``: "liberated", "formerly", "Armenian", "Garabagh", "Khojal(y)", "genocide".
_FRAMING_OPENERS = ("armenian", "formerly", "garabagh", "genocide", "khojal", "liberated")


def _frames_as_azerbaijans(text: str, low: str) -> bool:
    """Whether ``_AZERBAIJANI_FRAMING.search(text)`` finds a match, the pattern tried only where one
    of its openers (``_FRAMING_OPENERS``) begins in ``low`` (``text.lower()``), not at every
    character of the article.

    Exact: every alternative of the pattern is ``\\b`` and then one of these words, matched
    case-blind, so every match begins where its word begins, and there ``str.lower`` puts the word
    in lower case at the same offset where it keeps the length and reads the text as IGNORECASE
    does (``folds_plainly``: not "İ", "ı", "ſ"); a match tried at a start reads the text before it
    for ``\\b`` as the search does. Only whether one matches is read. (The search tries its seven
    alternatives at each of the article's thousands of characters: some ten times the cost.)"""
    if len(low) != len(text) or not folds_plainly(text):
        return _AZERBAIJANI_FRAMING.search(text) is not None
    return bool(matches_at_words(_AZERBAIJANI_FRAMING, text, low, _FRAMING_OPENERS))


#: Karabakh's own people and bodies named as such, which Baku's naming alone does not outweigh.
_KARABAKH_OWN = re.compile(r"\bKarabakh[\s-]Armenians?\b|\bde\s+facto\b|\bDefen[cs]e\s+Army\b", re.I)
_BAKU_NAMES: dict[tuple, frozenset] = {}
#: The day Karabakh's forces laid down their arms (September 2023): from then on Azerbaijan held
#: all of Karabakh.
TAKEOVER = dt.date(2023, 9, 20)


def _baku_naming(keys: list[str], lex: _Lexicon, published: dt.date | None) -> bool:
    """Whether the article names Karabakh's places, and only by the names Baku uses for places it
    held ("Shusha", "Khojavend"; after its takeover in September 2023 also "Khankendi"; lexicon
    [place_names]), never by the Armenian ones ("Shushi", "Stepanakert", "Martuni"): it speaks of
    them as Azerbaijan's, as "the liberated territories" does."""
    after = published is not None and published > TAKEOVER
    if (id(lex), after) not in _BAKU_NAMES:
        names = lex.raw["place_names"]["held"] + (lex.raw["place_names"]["taken_2023"] if after else [])
        _BAKU_NAMES[(id(lex), after)] = frozenset(_key(p) for p in names)
        _BAKU_NAMES[(id(lex), "both")] = frozenset(_key(p) for p in lex.raw["place_names"]["both"])
    baku, both = _BAKU_NAMES[(id(lex), after)], _BAKU_NAMES[(id(lex), "both")]
    karabakh = [k for k in keys if lex.place_of[k] == "karabakh" and k not in both]
    return bool(karabakh) and all(k in baku for k in karabakh)


def article_victims(text: str, sides: list, places: list, lex: _Lexicon) -> str | None:
    """The side the article names most often once attackers ("Azerbaijani shelling") are left out,
    with the places it names, if one leads; the last resort for a figure nothing else places.
    The villages and towns count for their side: "Sotk", "Jermuk" and "Verin Shorzha" place an
    article in Armenia (capitals are left out: they mostly name who speaks)."""
    attackers = {pos for a, b in _agent_spans(text, lex) for pos in range(a, b)}
    counts: dict[str, int] = {}
    for pos, side, _ in sides:
        if side in PARTIES and pos not in attackers:
            counts[side] = counts.get(side, 0) + 1
    for side, capital in places:
        if not capital:
            counts[side] = counts.get(side, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def article_area(text: str, places: list, lex: _Lexicon, low: str) -> str | None:
    """'karabakh' when the article is about Karabakh; else None. Decides "Armenian soldiers" in a
    text about Karabakh (ANNOTATION.md) and leaves "Armenian soldiers" on the border alone.

    Places and bodies of Karabakh (Martakert, Stepanakert, Artsakh, the Defence Army) count for it;
    places inside Armenia, the state border and places of Azerbaijan outside Karabakh (Kalbajar,
    Aghdam, Fuzuli: the districts of mine blasts and returns, but not Baku, which mostly names the
    government that speaks) count against. The bare name of the region ("Nagorno-Karabakh") is
    often background in a border story, so it counts only when nothing points elsewhere at all;
    the name of its people ("a Karabakh man", "Karabakh's leadership", "a civilian from
    Nagorno-Karabakh") counts as one of its bodies. ``low``: ``text.lower()`` (each scan below reads it).
    """
    # (each count is made only as far as the answer needs it: the border mentions are a scan of the
    # whole article, and telling a specific name from a generic one takes three patterns a name;
    # the names of Karabakh are read only when the words they hold, at least as many, leave the
    # answer open)
    specific = sum(side == "karabakh" for side, _ in places)
    words = _karabakh_word_starts(text, lex, low)
    if not words and not specific:
        return None  # nothing of Karabakh named
    elsewhere = sum(side == "armenia" or (side == "azerbaijan" and not capital) for side, capital in places) \
        + _state_border_mentions(text, low)
    if specific + len(words) <= elsewhere:
        return None  # not more even if every name is specific (as the check below, with fewer names)
    named = [(pos, word) for pos, _, word in _karabakh_sides(text, lex, words, low)]
    if not named and not specific:
        return None
    if not elsewhere:
        return "karabakh"  # a place or name of Karabakh, specific or generic, and nothing against
    if specific + len(named) <= elsewhere:
        return None  # not more even if every name is specific
    for pos, word in named:
        if specific > elsewhere:
            break
        if _KARABAKH_SPECIFIC.search(word) or _KARABAKH_PEOPLE_AFTER.match(text, pos + len(word)) \
                or _may_end_from_of(text, max(0, pos - 40), pos) and _PEOPLE_FROM_END.search(text, max(0, pos - 40), pos):
            specific += 1
    return "karabakh" if specific > elsewhere else None


#: The region's name as its people's: "Karabakh man", "Karabakh's leadership", "Nagorno-Karabakh
#: residents"; "a civilian from Nagorno-Karabakh".
_KARABAKH_PEOPLE_AFTER = LexiconPattern(
    r"(?:'s|’s)?\s+(?:(?:Armenian|ethnic\s+Armenian|football|local)\s+)?(?:\L<people.karabakh_people>)\b",
    re.I)
_PEOPLE_FROM_END = LexiconPattern(r"\b(?:\L<people.karabakh_people_before>"
                                  r")\s+(?:from|of)\s+(?:the\s+)?(?:Nagorno[- ])?$", re.I)


def _may_end_from_of(text: str, start: int, end: int) -> bool:
    """A cheap gate for ``_PEOPLE_FROM_END.search(text, start, end)``: False only where none of the
    last three words (runs of non-space) of ``text[start:end]``, lower-cased, is "from" or "of".

    Exact: the pattern's match ends at ``end`` with "from" or "of" between white spaces (``\\s``, as
    ``str.split`` reads white space), followed only by white space, an optional "the" and an
    optional "Nagorno-" or "Nagorno ": at most two words after it. No other letters than "F", "R",
    "O", "M" lower-case to or match "f", "r", "o", "m" under IGNORECASE. The search tries the
    people words at each of the 40 starts, some five times the cost of this test."""
    return not _FROM_OF.isdisjoint(text[start:end].lower().split()[-3:])


_FROM_OF = frozenset(("from", "of"))


def _state_border_mentions(text: str, low: str) -> int:
    """How many times _STATE_BORDER matches in the text. The pattern is tried only where "border" or
    "(s)overe(ign)" begins, found with str.find, which is far faster than the pattern scanning the
    whole article (its matches cannot overlap, so this counts what findall would). ``low``:
    ``text.lower()``."""
    if len(low) != len(text):  # a letter that lower-cases to two ("İ"): offsets would not match
        return len(_STATE_BORDER.findall(text))
    starts = _find_all(low, "border") + [p - 1 for p in _find_all(low, "overe") if p]
    return sum(_STATE_BORDER.match(text, p) is not None for p in starts)


def _find_all(text: str, word: str) -> list[int]:
    out, p = [], text.find(word)
    while p >= 0:
        out.append(p)
        p = text.find(word, p + 1)
    return out


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
