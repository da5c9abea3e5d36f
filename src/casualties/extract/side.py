"""Stage 5: whose people a figure counts, decided in one place by an ordered list of named rules."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .lexicon import _key
from .text import match_spans, search_lower
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
    _FROM_SIDE,
    _HAS_END,
    _HAS_SUBJECT,
    _LOSS_VERB,
    _LOST_SUBJECT,
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
#: when Armenian and Azerbaijani troops exchanged fire" is how they died, not a new clause).
_NEW_CONJUNCT = re.compile(r",\s+(?:and|but|while)\s+(?:several|many|some|dozens|the|a|an|[0-9]+|"
                           r"[a-z]+\s+(?:civilians|soldiers|servicemen|people))\b"
                           r"|\s(?:as|while)\s+(?=[A-Z])")
#: "were killed in Armenia", "have been reported in Azerbaijan" right after a figure: the country
#: the victims were in ("from" is left out: prisoners "returned from Azerbaijan" are Armenians).
_IN_COUNTRY_AFTER = re.compile(r"(?:\s+(?:had|have|has|were|was|been|killed|died|wounded|injured|reported|recorded|"
                               r"registered|confirmed)){0,4}\s+in\s+(Armenia|Azerbaijan)(?![\w'’-]|\s+(?:and|or)\b)")
#: Words that say people were hit: "suffered losses", "casualties on both sides".
_LOSS_WORD = re.compile(r"\b(?:loss(?:es)?|casualt|dead|deaths|killed|wounded|injured|victims)", re.I)
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
_HANDED_TO_AFTER = re.compile(rf"(?:\s+of\s+[\w'’-]+)?(?:\s+(?:were|was|have|has|had|been)){{0,3}}"
                              rf"\s+{_HANDED}{_TO_SIDE}")
_HANDED_TO_NP = re.compile(rf"(?:\s+of\s+[\w'’-]+)?{_TO_SIDE}")
_HANDED_END = re.compile(rf"\b{_HANDED}\s+(?:the\s+(?:bodies|remains)\s+of\s+)?(?:[\w'’-]+\s+){{0,2}}$")  # "up to"
#: Before a figure in its clause: "In Nagorno-Karabakh, two Armenian soldiers ..." (not "the
#: Karabakh talks"); in its clause: Karabakh's own forces ("Armenian soldiers of the Karabakh army").
_IN_KARABAKH_BEFORE = re.compile(
    r"\b(?:in|near|from)\s+(?:the\s+)?(?:Nagorno[- ]Karabakh|Karabakh|Artsakh)\b"
    r"(?![\w'’-]|\s+(?:war|conflict|talks|settlement|issue|peace|process|negotiations))", re.I)
_KARABAKH_FORCES = re.compile(r"\b(?:Karabakh|Artsakh)(?:'s)?\s+(?:army|forces|police|defen[cs]e\s+forces)\b"
                              r"|\bDefen[cs]e\s+Army\b", re.I)
#: Peacekeepers as the figure's own people: "two peacekeepers", "two servicemen of the peacekeeping
#: contingent".
_PEACEKEEPER_NP = re.compile(r"\bpeacekeep", re.I)
#: The area of an article that speaks of Karabakh as Azerbaijan's, retaken ("liberated") in 2020.
LIBERATED = "liberated"
#: How Azerbaijani reporting names the lands it retook in 2020: "the liberated territories",
#: "formerly occupied", "the Armenian occupation", "Garabagh". Armenian and international reports
#: do not call them so.
_AZERBAIJANI_FRAMING = re.compile(r"\bliberated\s+(?:territor|lands?|regions?|areas?|districts?|Karabakh|Garabagh|"
                                  r"[A-Z][a-z]+\s+(?:region|district|city))|\bformerly\s+occupied\b|"
                                  r"\bArmenian\s+occupation\b|\bGarabagh\b", re.I)
#: A second people right after a nationality noun: "Armenians and Azerbaijanis".
_BOTH_PEOPLES = re.compile(r"\s+(?:and|or)\s+(?:Armenians|Azerbaijanis|Azeris)\b")
#: "accused Azerbaijan of ... capturing", "blames Armenian saboteurs for 6 deaths": who is accused
#: of the acts that follow, up to the figure.
_ACCUSED_OF = re.compile(r"\b(?:accus(?:ed|es|ing)|blam(?:ed|es|ing))\s+(?:the\s+)?([A-Z][\w'’-]*)"
                         r"(?:\s+[a-z][\w'’-]*){0,2}?\s+(?:of|for)\s+[^.;:]*$")
#: "its / their / our" before people, not "lost their lives".
_ITS_THEIR_OUR_PEOPLE = re.compile(r"\b(?:its|their|our)\b(?!\s+(?:lives?|life)\b)", re.I)
#: A country as the subject of an active casualty verb right before the figure: "Armenia had opened
#: fire and injured a soldier".
_COUNTRY_DID = re.compile(r"(?<!\bin )(?<!\bof )(?<!\bto )(?<!\bat )(?<!\bfrom )\b(Armenia|Azerbaijan|Baku|Yerevan)"
                          r"\s+(?:had\s+|has\s+)?(?:[\w ]{0,40}?\s+and\s+)?"
                          r"(?:killed|injured|wounded|captured|shot)\s+(?:[\w-]+\s+){0,2}$")
#: A country that released captives: "Armenia released one prisoner", "and Azerbaijan - five".
_COUNTRY_RELEASED = re.compile(r"\b(Armenia|Azerbaijan|Baku|Yerevan)\s+(?:has\s+|had\s+)?"
                               r"(?:released|freed|handed\s+over|returned|repatriated|extradited|transferred)\b[^.;:]*$")
#: The verb left out after a second country: "Armenia released one prisoner, and Azerbaijan - five".
_COUNTRY_GAP = re.compile(r"\band\s+(Armenia|Azerbaijan|Baku|Yerevan)\s*[-–—,]\s*(?:[\w-]+\s+){0,2}$")
#: "wounded on each side": as many on either side.
_EACH_SIDE = re.compile(r"\b(?:on|from|for)\s+(?:each|either)\s+side\b", re.I)
#: An exchange of fire, which has two sides.
_CLASH = re.compile(r"\b(?:clash(?:es)?|shootout|skirmish(?:es)?|firefight|gunfight|exchange\s+of\s+fire|cross-border\s+fire)\b", re.I)
#: Arrest words: who reports them holds the people.
_ARRESTED = re.compile(r"\b(?:arrested|detained|detainees?)\b", re.I)
#: A complement clause: what follows "reported that" is said, not owned.
_THAT = re.compile(r"\bthat\b", re.I)
#: A place word right before a place name: "in Yerevan", "residents of Stepanakert".
_LOCATIVE_END = re.compile(r"\b(?:in|near|of|from|around|outside|at)\s+(?:the\s+(?:city|town|village)\s+of\s+)?$",
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


def _subject_side(f: _Figure, before: str, lex: _Lexicon) -> None:
    """'Azerbaijan had lost 150 soldiers', 'the Armenian side suffered 15 casualties', 'the
    Azerbaijani side has two casualties' (a side that has the figure right after the verb)."""
    # Both patterns try every start in ``before`` (slow); each runs only when the words it ends on
    # occur, which a simple scan finds far faster.
    m = _LOSS_VERB.search(before) and _LOST_SUBJECT.search(before) \
        or _HAS_END.search(before) and _HAS_SUBJECT.search(before)
    if not m or _THAT.search(m.group(0), m.end(1) - m.start(0)):
        return  # "the agency reported from the court that the four POWs ...": a speaker, not an owner
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
        f.subject_word = sm[-1].group(0)
        f.third_person = bool(_THIRD_PERSON.search(subj))


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
        own = lead + " " + own
    pp = re.match(r"\s+(?:of|from)\s+(?:the\s+|its\s+|their\s+)?([^,;.]{0,45}?)"
                  r"(?:army|armed\s+forces|forces|military|defen[cs]e\s+army|sides|countries)\b",
                  s[f.np_end:], re.IGNORECASE)
    army = pp.group(0) if pp else ""
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
        gap = _DASH_PARENTHETICAL.sub(" ", _GAP_PARENTHETICAL.sub(" ", g))
    if lex.combined_strong_re.search(f"{own} {army} {gap}") or (
            f.head_kind == "nationality" and _BOTH_PEOPLES.match(s, f.np_end)):
        return "combined"  # "4,931 Armenians and Azerbaijanis remain unaccounted for"
    # "left 15 servicemen dead on the Armenian side"
    on_side = _ON_SIDE.match(s, f.ev_end)
    if on_side:
        sm = lex.side_re.search(on_side.group(1))
        if sm:
            f.side_word = sm.group(0)
            return lex.side_of[_key(sm.group(0))]
    if _ENEMY_NP.search(s, f.start, f.np_end) or _ENEMY_NP.search(gap):
        f.enemy = True  # "killing at least five enemy soldiers", "six servicemen of the opposing side"
    frm = _FROM_SIDE.match(s, f.np_end) if f.head_kind is None else None
    if frm:
        sm = lex.side_re.match(s, frm.end())
        if sm:  # "Two Azerbaijani soldiers were killed and one from Armenia"
            f.side_word = sm.group(0)
            return lex.side_of[_key(sm.group(0))]
    own, gap = _mask_agents(own, lex), _mask_agents(gap, lex)
    if _ITS_THEIR_OUR.search(own) or _ITS_THEIR_OUR.search(gap):
        f.possessive = True
    if f.kind == "named":  # the unit nearest the name is the victim's: "... of illegal Armenian
        # armed detachments, a serviceman of the Azerbaijani Army Khamzayev Afgan was killed"
        m = next(reversed(list(lex.side_re.finditer(own))), None)
    else:
        m = lex.side_re.search(own)
    m = m or lex.side_re.search(army)
    if m is None and f.head_kind == "nationality":
        f.side_word = (s[f.start:f.np_end].split() or [""])[-1]  # the noun: "Armenians"
        return f.head_value
    m = m or lex.side_re.search(gap)
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
    before: str = ""  # the sentence before, when it is in the same paragraph

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
    return c.lex.raw["agents"]["opposite"].get(given[-1].side) if given else None


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
    elif c.speaker_side:
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
        has = _HAS_SUBJECT.search(c.s, max(0, c.f.start - 60), c.f.start)
        if has and not _ENEMY.search(has.group(1)):
            return _side_in(has.group(1), c.lex)
    return None


def _rule_country_did(c: SideContext) -> str | None:
    """Who did it to the figure's people, named as a country: 'Armenia accused Azerbaijan of
    invading its territory and capturing a dozen servicemen', 'Baku blames Armenian saboteurs for
    6 deaths', 'alleging Armenia had opened fire
    and injured a soldier', 'Armenia released one prisoner' (a captive released by one side is the
    other's). The victims are the other side's."""
    before = c.s[max(0, c.f.start - 80):c.f.start]
    accused = "accus" in c.s or "blam" in c.s
    if not accused and not any(w in before for w in ("Armenia", "Azerbaijan", "Baku", "Yerevan")):
        return None  # a cheap gate: every pattern below needs one of these
    acc = (_ACCUSED_OF.search(c.s, 0, c.f.start) if accused else None) \
        or _COUNTRY_DID.search(before)
    if not acc and c.f.category == "captured":
        acc = _COUNTRY_GAP.search(before) or _COUNTRY_RELEASED.search(before)
    if not acc:
        return None
    return c.lex.raw["agents"]["opposite"].get(_side_in(acc.group(1), c.lex) or c.lex.names_of.get(_key(acc.group(1))))


def _rule_losses_of(c: SideContext) -> str | None:
    """The owner of the losses: "Armenia's losses: 49 killed", "Azerbaijan's death toll rose to 71",
    "The Azerbaijanis also had losses: ... 14 dead, 37 wounded"."""
    before = c.s[:c.f.start]
    if not any(w in before for w in _LOSS_WORDS):
        return None  # both patterns need one of these words: a quick test first
    owner = _LOSSES_OF.search(c.s, 0, c.f.start) or _HAD_LOSSES.search(c.s, 0, c.f.start)
    if not owner:
        return None
    nationalities = [c.lex.heads.get((w.lower(),), ("", None)) for w in owner.group(1).split()]
    return _side_in(owner.group(1), c.lex) or next(  # "The Azerbaijanis also had losses:"
        (v for kind, v in nationalities if kind == "nationality"), None)


def _rule_on_side(c: SideContext) -> str | None:
    """'On the Azerbaijani side, the losses were: two dead': the side named before the figure."""
    found = list(_ON_SIDE_BEFORE.finditer(c.s, 0, c.f.start))
    return _side_in(found[-1].group(1), c.lex) if found else None


def _rule_enemy(c: SideContext) -> str | None:
    """'the enemy', 'the adversary': the speaker's opponent."""
    if c.f.enemy and c.speaker_side:
        return c.lex.raw["agents"]["opposite"].get(c.speaker_side)
    return None


def _rule_both_sides(c: SideContext) -> str | None:
    """'on both sides', 'in total on both sides' near the figure: a total across sides. Not past
    a new conjunct with its own subject: in "Three civilians were killed in Armenia, and several
    civilians on both sides were wounded" the three are not a total across sides. One person is
    on one side: "talks between Armenia and Azerbaijan stalled after a soldier was killed"."""
    f, ctext, s = c.f, c.ctext, c.s
    if f.value < 2:
        return None
    clause_end = s.find(ctext, max(0, f.start - len(ctext))) + len(ctext) if ctext else f.ev_end
    end = max(f.ev_end + 40, clause_end)
    conjunct = _NEW_CONJUNCT.search(s, f.ev_end, end)
    near = s[max(0, f.ev_start - 40):conjunct.start() if conjunct else end]
    return "combined" if c.lex.combined_strong_re.search(near) else None


def _rule_both_sides_before(c: SideContext) -> str | None:
    """'Both sides suffered losses. As a result of the clashes, 8 servicemen were killed': a figure
    stated in the article's own voice, in a sentence that names no side, right after a sentence
    that gives losses to both sides, is their total. Dead and wounded only: prisoners and the
    missing of a border clash are mostly one side's, and a later sentence usually says whose."""
    if c.f.category not in ("killed", "wounded", "casualties") or c.speaker is not None or not c.before \
            or not (c.lex.combined_strong_re.search(c.before) and _LOSS_WORD.search(c.before)):
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


def _rule_attacker(c: SideContext) -> str | None:
    """The attacker named in the clause ('killed in Azerbaijani shelling', 'by Armenian fire'): the
    victims are the other side (Karabakh when the sentence is about Karabakh, not Armenia). Not
    one side of "clashes between Azerbaijani troops and ethnic Armenian forces": both fought."""
    between = _BETWEEN.search(c.ctext) if "between" in c.ctext.lower() else None
    if between and not (_party_in(between.group(1), c.lex) in PARTIES and _party_in(between.group(2), c.lex) in PARTIES):
        between = None
    for am in c.lex.agent_re.finditer(c.ctext):
        if between and between.start() <= am.start() < between.end():
            continue
        tail = c.ctext[am.end():am.end() + 40]
        if _SPEECH_AFTER.match(tail):
            continue  # "the Armenian army said": a speaker, not an attacker
        unit = _UNIT_OF_PERSON.search(c.ctext, max(0, am.start() - 40), am.start())
        if unit and c.lex.heads.get((unit.group(1).lower(),), ("",))[0] == "person":
            continue  # "42 servicemen from the Azerbaijani army": the victims' own unit
        if _TARGET_BEFORE.search(c.ctext, max(0, am.start() - 30), am.start()):
            continue  # "fired at the positions of the Azerbaijani army": the target, not who fired
        opp = c.lex.raw["agents"]["opposite"].get(c.lex.side_of[_key(am.group(1))])
        if opp:
            if opp == "armenia" and _KARABAKH_WORDS.search(c.s) and not _ARMENIA_WORDS.search(c.s):
                opp = "karabakh"
            return opp
    return None


def _rule_people_named(c: SideContext) -> str | None:
    """A count of casualties that names no people ("with six casualties", "six deaths")
    counts the people its clause names as hit, when it names one side's: "Azerbaijan gave the
    number of Russian peacekeepers killed, with six casualties". Attackers, and people named
    without a casualty word ("with the mediation of Russian peacekeepers"), are left out."""
    if c.f.head_kind != "casualty":
        return None
    people = _people_re(c.lex)
    if not people.search(c.ctext):
        return None
    clause = _mask_agents(c.ctext, c.lex)
    sides = {c.lex.side_of[_key(m.group(1))] for m in people.finditer(clause)
             if _hit_after(clause, m.end(), c.lex)}
    return sides.pop() if len(sides) == 1 else None


def _hit_after(text: str, pos: int, lex: _Lexicon) -> bool:
    """A casualty word right after the people (a few words, no comma): "peacekeepers killed"."""
    pm = lex.post_re.search(text, pos, pos + 30)
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
    Russia's)."""
    if c.speaker_side == "russia" and not any(
            not (c.speaker.start <= m.start() < c.speaker.end)
            for m in _PEACEKEEPERS.finditer(c.s, max(0, c.f.start - 80), c.f.ev_end + 40)):
        return None
    return c.speaker_side


def _rule_arrested_by(c: SideContext) -> str | None:
    """'Azerbaijani officials said three young men were arrested': who reports an arrest holds the
    people, who are the other side's."""
    if c.f.category == "captured" and c.speaker_side in ("armenia", "azerbaijan") and \
            _ARRESTED.search(c.s, c.f.start, c.f.ev_end + 10):
        return c.lex.raw["agents"]["opposite"][c.speaker_side]
    return None


def _rule_surname(c: SideContext) -> str | None:
    """A named victim's surname ending, a weak cue: 'Ghazaryan' Armenian, 'Nazarov' Azerbaijani."""
    return c.f.surname_side


def _rule_weak_combined(c: SideContext) -> str | None:
    """'clashes between the two countries', 'a shootout between Karabakh police officers and
    Azerbaijani soldiers', 'five people were killed in a shootout' with nobody speaking and no
    side named: a total across sides."""
    if c.speaker is not None or c.f.value < 2:
        return None  # one person is on one side
    if c.lex.combined_weak_re.search(c.ctext):
        return "combined"
    if c.f.value >= 2 and _CLASH.search(c.ctext):
        return "combined"  # "five people were killed in a shootout": a clash has two sides
    between = _BETWEEN.search(c.ctext) if "between" in c.ctext.lower() else None
    if between:
        one, other = _party_in(between.group(1), c.lex), _party_in(between.group(2), c.lex)
        if one in PARTIES and other in PARTIES and one != other:
            return "combined"
    return None


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


def _rule_place(c: SideContext) -> str | None:
    """A place named in the sentence, from the gazetteer of the lexicon ([places]). A capital that
    also names its government ("Baku", "Yerevan") counts only as a location ("in Yerevan",
    "residents of Stepanakert"): "the Baku offensive" or "Baku apologised" names who acts, not
    whose people were hit."""
    for start, key, side in _places(c.s, c.lex):
        if key in c.lex.names_of and not _LOCATIVE_END.search(c.s, 0, start):
            continue
        return "azerbaijan" if side == "karabakh" and c.area == LIBERATED else side
    return None


_PLACES_CACHE: list[tuple[str | None, list]] = [(None, [])]


def _places(s: str, lex: _Lexicon) -> list[tuple[int, str, str]]:
    """The gazetteer places of a sentence, (start, key, side), read once for all its figures (the
    last sentence's are kept as one tuple, so that threads sharing the module never mix two)."""
    cached = _PLACES_CACHE[0]
    if cached[0] is not s:
        cached = (s, [(m.start(), k, lex.place_of[k]) for m in lex.place_re.finditer(s)
                      for k in (_key(m.group(0)),)])
        _PLACES_CACHE[0] = cached
    return cached[1]


def _rule_article(c: SideContext) -> str | None:
    """Nothing in the sentence names whose people they are: the article's context. In an article
    about Karabakh, Karabakh; else the side of the last figure of this or the previous paragraph;
    else, in an article that calls Karabakh's lands liberated (Baku's voice), Azerbaijan."""
    if c.background:
        return None
    if c.area == "karabakh":
        return "karabakh"
    prev = [x for x in (*c.claims, *c.new) if x.side in PARTIES and x.sent.para >= c.sent.para - 1]
    if prev:
        return prev[-1].side
    return "azerbaijan" if c.area == LIBERATED else c.victims


#: The side rules, in order: the first that returns a side decides, and the claim records its name
#: (``side_rule``), so a wrong side points at its rule.
SIDE_RULES: tuple[tuple[str, Callable[[SideContext], str | None]], ...] = (
    ("noun_phrase", _rule_noun_phrase),
    ("list", _rule_list),
    ("parts", _rule_parts),
    ("subset_of", _rule_subset_of),
    ("exchange", _rule_exchange),
    ("possessive", _rule_possessive),
    ("subject", _rule_subject),
    ("losses_of", _rule_losses_of),
    ("on_side", _rule_on_side),
    ("enemy", _rule_enemy),
    ("both_sides", _rule_both_sides),
    ("both_sides_before", _rule_both_sides_before),
    ("inherited", _rule_inherited),
    ("country_did", _rule_country_did),
    ("attacker", _rule_attacker),
    ("people_named", _rule_people_named),
    ("arrested_by", _rule_arrested_by),
    ("speaker", _rule_speaker),
    ("surname", _rule_surname),
    ("weak_combined", _rule_weak_combined),
    ("place", _rule_place),
    ("article", _rule_article),
)


#: Rules whose 'armenia' rests on the word "Armenian" or on who fired, not on Armenia itself: in an
#: article about Karabakh these people are Karabakh Armenians (ANNOTATION.md, side). Not who spoke:
#: a total Yerevan gives for "the Armenian side" is Armenia's even when it counts Karabakh people.
_ARMENIAN_BY_WORD = ("attacker", "inherited", "place", "weak_combined", "surname", "arrested_by", "country_did")


def resolve_side(c: SideContext) -> tuple[str, str]:
    """(side, the name of the rule that decided it); ('unknown', 'none') when no rule applies.

    A rule's 'armenia' becomes 'karabakh' (rule name + '>' + why) when the rule rested only on the
    word "Armenian", never on Armenia by name, and the article, the speaker or the clause places
    the people in Karabakh (_karabakh_reading). Yerevan speaking counts for Armenia unless the
    figure's own clause puts the people in Karabakh ("killed in the shelling of Stepanakert",
    "taken prisoner near Hadrut": ANNOTATION.md counts people the text places in Karabakh as its).
    """
    for name, rule in SIDE_RULES:
        side = rule(c)
        if side:
            if side == "armenia" and not c.background:
                why = _karabakh_place(c) if name == "speaker" else \
                    _karabakh_reading(c) if _armenian_by_word(c, name) else None
                if why:
                    return "karabakh", f"{name}>{why}"
            return side, name
    return "unknown", "none"


def each_side(c: SideContext) -> tuple[str, str] | None:
    """'the exchange left one border guard wounded on each side': the figure counts the people of
    each of the two sides, so it is one claim per side (ANNOTATION.md, split figures). The two
    sides are Karabakh and Azerbaijan in an article about Karabakh, else Armenia and Azerbaijan."""
    if " side" not in c.s or not _EACH_SIDE.search(c.s, c.f.ev_start, min(len(c.s), c.f.ev_end + 40)):
        return None
    return ("karabakh" if c.area == "karabakh" else "armenia"), "azerbaijan"


def _armenian_by_word(c: SideContext, rule: str) -> bool:
    if rule == "noun_phrase":  # "two Armenian soldiers"
        return _key(c.f.side_word) in _ARMENIAN_WORDS
    if rule == "subject":  # "the Armenian side lost one serviceman"
        return _key(c.f.subject_word) in _ARMENIAN_WORDS
    if rule == "losses_of":
        owner = _LOSSES_OF.search(c.s, 0, c.f.start)
        return bool(owner) and _key(owner.group(1)) in _ARMENIAN_WORDS
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


def _karabakh_place(c: SideContext) -> str | None:
    """'karabakh_place' when the figure's clause puts its people in Karabakh (see _karabakh_reading)."""
    clause_start = c.s.find(c.ctext)
    named_karabakh = "arabakh" in c.s or "rtsakh" in c.s or "Army" in c.s  # a cheap gate
    if any(side == "karabakh" and clause_start <= start < clause_start + len(c.ctext)
           for start, _, side in _places(c.s, c.lex)) or named_karabakh and (
            _IN_KARABAKH_AFTER.match(c.s, c.f.ev_end) or _KARABAKH_FORCES.search(c.ctext)
            or _IN_KARABAKH_BEFORE.search(c.s, clause_start, c.f.ev_end if c.f.kind == "named" else c.f.start)):
        return "karabakh_place"
    return None


#: How firmly a side rule reads whose people a figure counts: its own words ("three Armenian
#: soldiers", "on the Azerbaijani side", "its soldiers", "on both sides") 2; who fired or who
#: spoke 1; the context only (the article, the figure before it) 0; nothing -1.
_RULE_RANK = {**dict.fromkeys(("noun_phrase", "on_side", "possessive", "subject", "losses_of", "list", "parts",
                               "subset_of", "exchange", "enemy", "both_sides", "each_side", "country_did"), 2),
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


#: Not worked out yet (None is a result).
_NOT_YET = object()


class ArticleContext:
    """An article's area (article_area) and victims (article_victims), each worked out the first
    time a side rule asks for it. The whole-article scans behind them are about a tenth of the
    extractor's time, and half of the articles never need the area, nine in ten never the victims."""

    def __init__(self, text: str, lex: _Lexicon) -> None:
        self.text, self.lex = text, lex
        self._scan: tuple[bool, list, list] | None = None
        self._area: str | None | object = _NOT_YET
        self._victims: str | None | object = _NOT_YET

    def area(self) -> str | None:
        if self._area is _NOT_YET:
            liberated, sides, places = self.scan()
            self._area = LIBERATED if liberated else article_area(self.text, sides, places)
        return self._area

    def victims(self) -> str | None:
        if self._victims is _NOT_YET:
            _, sides, places = self.scan()
            self._victims = article_victims(self.text, sides, places, self.lex)
        return self._victims

    def scan(self) -> tuple[bool, list, list]:
        """(liberated, sides, places): one pass of the side and place patterns over the text."""
        if self._scan is None:
            self._scan = _article_scan(self.text, self.lex)
        return self._scan


def _article_scan(text: str, lex: _Lexicon) -> tuple[bool, list, list]:
    """Whether the article calls Karabakh's lands liberated, and the sides and places it names."""
    sides = [(a, lex.side_of[_key(text[a:b])], text[a:b]) for a, b in match_spans(lex.side_re, text)
             if not _WAR_AFTER.match(text, b)]  # "the Second Karabakh War" names a war, not a place
    places = [(lex.place_of[_key(text[a:b])], _key(text[a:b]) in lex.names_of) for a, b in match_spans(lex.place_re, text)]
    if ("iberated" in text or "ccupi" in text or "ccupation" in text or "Garabagh" in text) \
            and "Artsakh" not in text and "ethnic Armenian" not in text and _AZERBAIJANI_FRAMING.search(text):
        # (an Armenian report that quotes Baku's "liberated territories" still says "Artsakh", an
        # international one "ethnic Armenian")
        # "the liberated Shusha region": the text speaks of Karabakh as Azerbaijan's, retaken in
        # 2020; the people hit in the places it names there are Azerbaijan's
        places = [("azerbaijan" if side == "karabakh" else side, capital) for side, capital in places]
        return True, sides, places
    return False, sides, places


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


def article_area(text: str, sides: list, places: list) -> str | None:
    """'karabakh' when the article is about Karabakh; else None. Decides "Armenian soldiers" in a
    text about Karabakh (ANNOTATION.md) and leaves "Armenian soldiers" on the border alone.

    Places and bodies of Karabakh (Martakert, Stepanakert, Artsakh, the Defence Army) count for it;
    places inside Armenia, the state border and places of Azerbaijan outside Karabakh (Kalbajar,
    Aghdam, Fuzuli: the districts of mine blasts and returns, but not Baku, which mostly names the
    government that speaks) count against. The bare name of the region ("Nagorno-Karabakh") is
    often background in a border story, so it counts only when nothing points elsewhere at all.
    """
    specific = generic = 0
    for _, side, word in sides:
        if side == "karabakh":
            if _KARABAKH_SPECIFIC.search(word):
                specific += 1
            else:
                generic += 1
    specific += sum(side == "karabakh" for side, _ in places)
    elsewhere = sum(side == "armenia" or (side == "azerbaijan" and not capital) for side, capital in places) \
        + _state_border_mentions(text)
    return "karabakh" if specific > elsewhere or (generic and not elsewhere) else None


def _state_border_mentions(text: str) -> int:
    """How many times _STATE_BORDER matches in the text. The pattern is tried only where "border" or
    "(s)overe(ign)" begins, found with str.find, which is far faster than the pattern scanning the
    whole article (its matches cannot overlap, so this counts what findall would)."""
    low = text.lower()
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
