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
    text = _mask_agents(text, lex)
    m = lex.side_re.search(text)
    if m:
        f.subject_side = lex.side_of[_key(m.group(0))]
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
    if not m:
        return
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
        own = _NAMED_LEAD.search(s[max(0, f.start - 60):f.start]).group(0) + " " + own
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
    if lex.combined_strong_re.search(f"{own} {army} {gap}"):
        return "combined"
    # "left 15 servicemen dead on the Armenian side"
    on_side = _ON_SIDE.match(s, f.ev_end)
    if on_side:
        sm = lex.side_re.search(on_side.group(1))
        if sm:
            return lex.side_of[_key(sm.group(0))]
    if _ENEMY_NP.search(s, f.start, f.np_end):
        f.enemy = True  # "killing at least five enemy soldiers"
    frm = _FROM_SIDE.match(s, f.np_end) if f.head_kind is None else None
    if frm:
        sm = lex.side_re.match(s, frm.end())
        if sm:  # "Two Azerbaijani soldiers were killed and one from Armenia"
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
        f.side_word = f.np_text
        return f.head_value
    m = m or lex.side_re.search(gap)
    if m:
        f.side_word = m.group(0)
        return lex.side_of[_key(m.group(0))]
    if ("arabakh" in s or "rtsakh" in s) and _IN_KARABAKH_AFTER.match(s, f.ev_end):
        # "100 people died in Karabakh", "125 bodies were brought from Nagorno-Karabakh": people the
        # text places in Karabakh are Karabakh's (ANNOTATION.md, side)
        f.side_word = "in Karabakh"
        return "karabakh"
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
    area: str | None = None   # 'karabakh' when the article is about Karabakh (see article_area)
    background: bool = False  # the figure's clause is background (an earlier war, last year)
    victims: str | None = None  # the side the article names most, who fired left out (article_victims)

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
    before it ("Yerevan said 15 of its soldiers")."""
    if not c.f.possessive:
        return None
    if c.speaker_side:
        return c.speaker_side
    before = c.s[:c.f.start]
    named = [(m.start(), c.lex.side_of[_key(m.group(0))]) for m in c.lex.side_re.finditer(before)] + \
        [(m.start(), c.lex.names_of[_key(m.group(0))]) for m in c.lex.names_re.finditer(before)]
    return max(named)[1] if named else None


def _rule_subject(c: SideContext) -> str | None:
    """The subject of 'lost / suffered': 'Azerbaijan lost seven servicemen'."""
    return c.f.subject_side


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
    """'on both sides', 'in total on both sides' near the figure: a total across sides."""
    f, ctext, s = c.f, c.ctext, c.s
    clause_end = s.find(ctext, max(0, f.start - len(ctext))) + len(ctext) if ctext else f.ev_end
    near = s[max(0, f.ev_start - 40):max(f.ev_end + 40, clause_end)]
    return "combined" if c.lex.combined_strong_re.search(near) else None


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
    victims are the other side (Karabakh when the sentence is about Karabakh, not Armenia)."""
    for am in c.lex.agent_re.finditer(c.ctext):
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


def _rule_speaker(c: SideContext) -> str | None:
    """A government that gives a figure with no other cue gives its own side's losses; Russia, a
    third party to most incidents, only when the sentence is about its peacekeepers."""
    if c.speaker_side == "russia" and not _PEACEKEEPERS.search(c.s):
        return None
    return c.speaker_side


def _rule_surname(c: SideContext) -> str | None:
    """A named victim's surname ending, a weak cue: 'Ghazaryan' Armenian, 'Nazarov' Azerbaijani."""
    return c.f.surname_side


def _rule_weak_combined(c: SideContext) -> str | None:
    """'clashes between the two countries', 'a shootout between Karabakh police officers and
    Azerbaijani soldiers' with nobody speaking: a total across sides."""
    if c.speaker is not None:
        return None
    if c.lex.combined_weak_re.search(c.ctext):
        return "combined"
    between = _BETWEEN.search(c.ctext)
    if between:
        one, other = _side_in(between.group(1), c.lex), _side_in(between.group(2), c.lex)
        if one in PARTIES and other in PARTIES and one != other:
            return "combined"
    return None


def _rule_place(c: SideContext) -> str | None:
    """A place named in the sentence, from the gazetteer of the lexicon ([places])."""
    pm = search_lower(c.lex.place_re, c.s)
    return c.lex.place_of[_key(pm.group(0))] if pm else None


def _rule_article(c: SideContext) -> str | None:
    """Nothing in the sentence names whose people they are: the article's context. In an article
    about Karabakh, Karabakh; else the side of the last figure of this or the previous paragraph."""
    if c.background:
        return None
    if c.area == "karabakh":
        return "karabakh"
    prev = [x for x in (*c.claims, *c.new) if x.side in PARTIES and x.sent.para >= c.sent.para - 1]
    if prev:
        return prev[-1].side
    return c.victims


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
    ("inherited", _rule_inherited),
    ("attacker", _rule_attacker),
    ("speaker", _rule_speaker),
    ("surname", _rule_surname),
    ("weak_combined", _rule_weak_combined),
    ("place", _rule_place),
    ("article", _rule_article),
)


#: Rules whose 'armenia' rests on the word "Armenian" or on who fired, not on Armenia itself: in an
#: article about Karabakh these people are Karabakh Armenians (ANNOTATION.md, side).
_ARMENIAN_BY_WORD = ("attacker", "inherited", "place", "weak_combined", "surname")


def resolve_side(c: SideContext) -> tuple[str, str]:
    """(side, the name of the rule that decided it); ('unknown', 'none') when no rule applies.

    A rule's 'armenia' becomes 'karabakh' (rule name + '>karabakh_context') when the article is
    about Karabakh and the rule rested only on the word "Armenian", never on Armenia by name.
    """
    for name, rule in SIDE_RULES:
        side = rule(c)
        if side:
            if side == "armenia" and c.area == "karabakh" and not c.background and _armenian_by_word(c, name):
                return "karabakh", f"{name}>karabakh_context"
            return side, name
    return "unknown", "none"


def _armenian_by_word(c: SideContext, rule: str) -> bool:
    if rule == "noun_phrase":
        return _key(c.f.side_word) in ("armenian", "armenians")
    return rule in _ARMENIAN_BY_WORD


def article_context(text: str, lex: _Lexicon) -> tuple[str | None, str | None]:
    """(article_area, article_victims) of one article, from one pass of the side and place
    patterns over its text."""
    sides = [(a, lex.side_of[_key(text[a:b])], text[a:b]) for a, b in match_spans(lex.side_re, text)]
    places = [(lex.place_of[_key(text[a:b])], _key(text[a:b]) in lex.names_of) for a, b in match_spans(lex.place_re, text)]
    return article_area(text, sides, places), article_victims(text, sides, places, lex)


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
