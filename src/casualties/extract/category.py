"""Stage 3: what happened to the people a figure counts (killed, wounded, missing, ...)."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from .lexicon import _TOKEN, _key, _lexicon, word_list, LexiconPattern
from .patterns import (
    LIST_WORDS,
    _AGED,
    _APPOSITION,
    _AGE_APPOSITION,
    _EDITORIAL,
    _AND_PEOPLE,
    _ARTICLE_APPOSITION,
    _DASH_PARENTHETICAL,
    _GAP_OK,
    _GAP_PARENTHETICAL,
    _GAP_PUNCT,
    _INCLUDING,
    _UNIT_AFTER,
    _LATER_DIED,
    _HEARSAY,
    _LEADING_PAREN,
    _ITS_THEIR_OUR,
    _RELATIVE_GAP,
    _RELATIVE_CLAUSE_GAP,
    _REMAINS,
    _FROM_HOSPITAL,
    _ING_CLAUSE_GAP,
    _TOLL_GATE,
)
from .side import _np_side_from, _subject_side
from .text import folds_plainly, search_lower

if TYPE_CHECKING:
    from .figures import _Figure
    from .lexicon import _Lexicon
    from .pipeline import _Claim
    from .text import _Sentence


#: "belonged to ", "pertain to ": the verb that gives remains the people they are of
_OWNERS_END = re.compile(r"\b(?:belong|pertain)(?:s|ed|ing)?\s+to\s+$", re.I)
#: what may stand between the remains and that verb: nothing, a participle ("buried in the grave",
#: "found near Aghdam"), or a clause that takes them up as "they" ("revealed that they")
_OWNERS_GAP = re.compile(r"\s*$|\s+(?:[a-z]+ed|found)\b[^;]*$|[^;]*\bthey\s+$")


def _remains_owners(s: str, qstart: int, near: str) -> re.Match | None:
    """A count of people after "belonged to" / "pertain to" whose subject is remains counts the
    dead whose remains they are ("the remains found in the grave belonged to at least 14 people":
    REMAINS.md, remains = killed). The verb with another subject is no casualty ("the car belonged
    to three soldiers", "the orchard where the bodies lay belonged to two farmers")."""
    if not near.endswith("to "):
        return None
    m = _OWNERS_END.search(near)
    if m is None:
        return None
    verb = qstart - (len(near) - m.start())
    last = None
    for last in _REMAINS.finditer(s, max(0, verb - 200), verb):
        pass
    return m if last and _OWNERS_GAP.match(s[last.end():verb]) else None


def _categorise(f: _Figure, s: str, qstart: int, lex: _Lexicon) -> None:
    before = s[max(0, qstart - 120):qstart]
    near = before[-50:]
    # (whether ``_subject_side`` has read ``before`` for this figure: it reads only ``before`` and
    # the lexicon, not the figure, so a second call finds what the first found and sets it again:
    # the last one below is skipped after a first)
    subject_read = False
    if f.head_kind == "casualty":
        f.category, f.source = f.head_value, "head"
        # "one returned Armenian POW", "17 released prisoners": counted at their release
        f.released = f.head_value == "captured" and f.np_text.split(maxsplit=1)[:1] in (
            ["returned"], ["released"], ["freed"], ["repatriated"], ["exchanged"])
        f.bodies = bool(_REMAINS.search(s, f.end, f.np_end))
        _subject_side(f, before, lex)
        subject_read = True
        # "300 casualties" may still be "300 killed or wounded"; the head decides.
    # (both end-anchored patterns below are tried only where ``near`` ends as they can: _may_end_with)
    pre = search_lower(lex.pre_end_re, near) if (f.category is None or f.category == "captured") \
        and _may_end_with(near, _pre_ends()) else None
    # (the phrase's key, read up to three times below)
    pre_key = _key(pre.group(1)) if pre else ""
    if pre and f.category == "captured":
        # "handed over 17 prisoners of war": captives counted as they are released (the head
        # already said what they are)
        f.released = pre_key in lex.release_words
        pre = None
    # (the noun phrase's first word, read twice below: ``np_text`` is set once, when the figure is made)
    first = f.np_text.split(maxsplit=1)[0].lower() if f.np_text.strip() else ""
    if pre and lex.pre_of[pre_key] == "captured" and first in lex.premodifier_of:
        pre = None  # "transferred three wounded soldiers to Yerevan": the participle says what happened
    if pre:
        f.category, f.source = lex.pre_of[pre_key], "pre"
        f.released = pre_key in lex.release_words
        f.bodies = bool(_REMAINS.search(pre.group(1)))
        f.ev_start = qstart - (len(near) - pre.start())
        _subject_side(f, before, lex)
        subject_read = True
    owners = _remains_owners(s, qstart, near) if f.category is None and f.head_kind in (None, "person") else None
    if owners:
        # "the human remains ... belonged to at least 14 people": remains counted by the people
        # they are of are that many dead (REMAINS.md: remains = killed)
        f.category, f.source, f.bodies = "killed", "pre", True
        f.ev_start = qstart - (len(near) - owners.start())
    # (the gate through its lower-case twin: a case-sensitive list is scanned on its first letters,
    # three times faster)
    if f.category is None and f.head_kind in (None, "person", "casualty") and _may_end_with(before, _toll_ends()) \
            and search_lower(_TOLL_GATE, before):
        tm = lex.toll_end_re.search(before)
        if tm:
            f.category, f.source = lex.toll_of[_key(tm.group(1))], "toll"
            f.ev_start = qstart - (len(before) - tm.start())
            phrase = before[max(0, tm.start() - 12):]
            if _ITS_THEIR_OUR.search(phrase[:tm.end() - tm.start() + 12]):
                f.possessive = True  # "Azerbaijan put its losses at 71"
            else:
                _np_side_from(f, before[tm.start():], lex)  # "the toll among Armenian troops rose to"
        else:
            nm = lex.number_of_end_re.search(before)
            if nm:
                f.category, f.source = lex.number_of_words[_key(nm.group(1))], "toll"
                f.ev_start = qstart - (len(before) - nm.start())
                _np_side_from(f, before[max(0, nm.start() - 7):], lex)  # "their number of ..."
    if f.category is None and first in lex.premodifier_of and f.head_kind in ("person", "nationality"):
        f.category, f.source = lex.premodifier_of[first], "head"  # "71 dead soldiers"
    # the casualty words after the noun phrase (read only where they can decide: a figure with no
    # category yet, or one its head named; one that "pre" or "toll" categorised keeps it whatever
    # follows, and the reading below sets nothing else, so it is skipped)
    if f.head_kind in (None, "person", "nationality", "casualty") and (f.category is None or f.source == "head"):
        window = s[f.np_end:f.np_end + 110]
        pm = search_lower(lex.post_re, window)
        if pm is not None and (window[:1] == "(" or window[:2] == " ("):
            # "336 people (65 killed, 271 injured) became victims of explosives": the casualty words
            # of the parts inside the parenthesis are theirs; the total's come after it
            paren = _LEADING_PAREN.match(window)
            if paren and pm.start() < paren.end():
                window = s[f.np_end:f.np_end + paren.end() + 110]
                pm = search_lower(lex.post_re, window, paren.end())
        if pm is None and _may_open_list(window) and _INCLUDING.search(window):
            # a parenthetical list of parts may push the verb further: "50 servicemen, including
            # 42 of the army and 8 of the border service, were martyred"
            window = s[f.np_end:f.np_end + 220]
            pm = search_lower(lex.post_re, window)
        if pm is not None and window[:pm.start()].rstrip().endswith(","):
            aside = _EARLIER_FATE_ASIDE.match(window, pm.start())
            if aside:
                # "A resident of the city, captured today by the Azerbaijanis, was killed": an aside
                # says what happened before; the verb after it is the figure's (blanked, same offsets)
                comma = window.rindex(",", 0, pm.start())
                window = window[:comma] + " " * (aside.end() - comma) + window[aside.end():]
                pm = search_lower(lex.post_re, window)
        if pm:
            gap = window[:pm.start()]
            if _gap_ok(gap, lex) and not _FROM_HOSPITAL.match(window, pm.end()):
                # ("were released from hospital": the wounded went home, nobody was held)
                post_key = _key(pm.group(0))
                cat = lex.post_of[post_key]
                if f.category == "captured" and f.source == "head" and cat == "captured":
                    f.released = f.released or post_key in lex.release_words  # "40 POWs were freed"
                if f.category is None or (f.source == "head" and not lex.number_plural_re.search(gap) and (
                        cat in ("killed_or_missing", "casualties")
                        or (f.category in ("captured", "wounded") and cat == "killed"))):
                    # a casualty word after another number is that number's: "40 injured and 10
                    # killed civilians" keeps 40 wounded
                    f.category, f.source = cat, "post"
                    f.released = post_key in lex.release_words
                    f.ev_end = f.np_end + pm.end()
                    f.gap_text = gap
                    died = _LATER_DIED.match(s, f.ev_end, f.ev_end + 160) if cat == "wounded" and \
                        _RELATIVE_GAP.match(gap) else None
                    if died:
                        # "one of the civilians who was wounded on Tuesday has died": the relative
                        # clause says how they were hit, the main verb what became of them
                        f.category, f.ev_end = "killed", died.end()
                    # "lost" after "contact was": handled by pre; "went missing" etc. fine
    if f.category is not None and f.head_kind is None and f.subject_side is None and not f.possessive \
            and not subject_read:
        _subject_side(f, before, lex)  # "the Armenian side suffered losses, including 3 killed"


def _may_end_with(text: str, ends: tuple[str, ...]) -> bool:
    r"""Can a pattern whose every match ends with a word that ends with one of ``ends`` (lower
    case), then white space and the end of the text (``\s+$``), match in ``text``? Only where
    ``text`` ends with white space and its last run of other characters ends with one of them:
    the word and the white space after it are the end of that run and what follows it. A test of
    a few characters, where the pattern is tried at every start. (A text with "İ", "ı" or "ſ",
    which IGNORECASE folds where ``str.lower`` does not, is not ruled out.)"""
    if not text[-1:].isspace():
        return False
    if not folds_plainly(text):
        return True
    last = text.rsplit(None, 1)
    return bool(last) and last[-1].lower().endswith(ends)


def _may_open_list(window: str) -> bool:
    """Can ``_INCLUDING`` match in ``window``? Each of its matches holds "including" or "among"
    (patterns.LIST_WORDS) in some case, and ``str.lower`` turns every letter that IGNORECASE matches
    to one of theirs into it, except "İ", "ı" and "ſ" (``folds_plainly``): a text with none of those
    and neither word in its lower-case copy has no match. A substring test instead of a scan of the
    window (the pattern opens with an alternation, tried at every character)."""
    if not folds_plainly(window):
        return True
    low = window.lower()
    return "including" in low or "among" in low


@functools.cache
def _pre_ends() -> tuple[str, ...]:
    """The words a match of ``pre_end_re`` ends with before its white space: the last word of a
    listed phrase (lexicon pre), of a composed one ("killed or badly wounded", "badly wounded or
    killed": a killed or a wounded phrase's last word, ``lexicon._severity_tails``) or of a
    determiner after them (grammar.pre_casualty_determiners)."""
    lex = _lexicon()
    kw = lex.raw["killed_or_wounded"]
    phrases = [*lex.pre_of, *kw["killed_pre"], *kw["wounded_pre"], *word_list("grammar.pre_casualty_determiners")]
    return tuple(sorted({p.split()[-1].lower() for p in phrases}))


@functools.cache
def _toll_ends() -> tuple[str, ...]:
    """The words a match of ``toll_end_re`` or ``number_of_end_re`` ends with before its white
    space: the last word of a toll's joint (lexicon tolls.joints: "rose to") or of a running
    total's verb (grammar.number_of_verbs: "has reached")."""
    return tuple(sorted({p.split()[-1].lower() for p in word_list("tolls.joints") + word_list("grammar.number_of_verbs")}))


#: Gap words that none of the rewrites in _gap_ok touch and _GAP_OK accepts: a gap of only these
#: ("were", "have been", "was seriously") is fine as it is, and it is the common case.
_PLAIN_GAP_WORDS = frozenset({
    "were", "was", "have", "has", "had", "been", "be", "being", "are", "is", "also", "reportedly", "allegedly",
    "later", "all", "both", "may", "might", "could", "would", "then", "subsequently", "seriously", "slightly",
    "critically", "lightly", "badly", "severely", "gravely", "mortally", "fatally", "now", "still", "in", "on",
    "at", "near", "during", "the", "a", "an", "found", "got", "get", "gets"})


#: an aside after the people, up to the verb's auxiliary: "captured today by the Azerbaijanis, " (was killed)
_EARLIER_FATE_ASIDE = re.compile(r"[\w'’-]+(?:\s+[\w'’-]+){0,8}?\s*,\s*(?=(?:was|were|(?:has|had|have)(?:\s+been)?|later)\s)")
#: "including 12 children and nine elderly people" up to the verb's auxiliary
_LIST_GAP = LexiconPattern(r"^\s*" + LIST_WORDS + r"\s+([\w'’ ,-]{1,120}?)\s*,?\s*"
                           r"(?=(?:(?:\L<grammar.be_passive>)\s*)?$)", re.I)
#: a parenthesis that spells out a name or gives its short form: "(Azerbaijan National Agency for
#: Mine Action)", "(ANAMA)"
_SPELT_OUT = LexiconPattern(r"\s*\((?:[A-Z][\w'’-]*\.?\s*(?:(?:\L<grammar.name_joints>)\s+)?){1,10}\)")
#: where the people are from, by name: " of Karabakh", " from Nagorno-Karabakh", " of the Tavush Province";
#: the whole name or nothing (" of the Eurasian Press Foundation, Khazar Babashov, " is not " of the
#: Eurasian Press " and a gap "Foundation, ..." left over)
_OF_PLACE = re.compile(r"^\s+(?:of|from)\s+(?:the\s+)?(?:[A-Z][\w'’-]*(?:\s+|$))+(?![\sA-Z])")
#: participles that only say where people are ("a soldier serving at the checkpoint was injured",
#: "residents living near the border were wounded"), unlike "fleeing" or "evacuating"
_DESCRIBING = frozenset({"serving", "living", "residing"})
#: a past participle that only says where people were sent: "deployed by Moscow in Karabakh",
#: "dispatched to the area of the attack", "stationed at the post" (up to the verb's auxiliary)
_PLACED_GAP = LexiconPattern(r"^\s+(?:\L<movement.placed_verbs>)\s+(?:\L<grammar.placed_prepositions>)\s+"
                             r"(?:[\w'’-]+\s+){0,10}?(?=(?:was|were|(?:had|has|have)\s+been)\s+(?:also\s+)?$)", re.I)
#: an aside that says who the people were: ", both military personnel and civilians,"
_BOTH_KINDS = re.compile(r",\s*both\s+(?:[\w'’-]+\s+){0,2}?[\w'’-]+\s+and\s+(?:[\w'’-]+\s+){0,1}?[\w'’-]+\s*,?")
#: another counted group after "and": "and at least 12 soldiers", "and two civilians"
_AND_COUNTED = LexiconPattern(r"\s+and\s+(?:(?:\L<approximations.of_figure>)\s+)?"
                              r"(?:\d[\d,]*|\L<numbers.one_to_ten_or_a>)\s+(?:[\w'’-]+\s+){0,3}"
                              r"[\w'’-]+(?=\s|$)")
#: a short phrase of place in lower case: "on board", "at the post", "inside the vehicle"
_WHERE_PHRASE = LexiconPattern(r"\b(?:\L<grammar.where_prepositions>)\s+(?:\L<grammar.determiners_where>\s+)?"
                               r"(?:[a-z'’-]+\s+){0,2}?[a-z'’-]+(?=\s|$)")


@functools.cache
def _irregular_participles() -> frozenset:
    """lexicon [non_casualty] joined_participles."""
    return frozenset(word_list("non_casualty.joined_participles"))


def _joined_participle(words: list[str], lex: _Lexicon) -> bool:
    """'five soldiers were ambushed and killed', 'two shepherds were attacked and wounded': plain
    gap words, then one past participle and "and" right before the casualty word. Two verbs joined by
    "and" share their subject (ANNOTATION.md, category: "surrounded and captured"), so the figure
    keeps its noun. The participle ends in -ed or is an irregular one of the lexicon, and is no
    verb that makes the number something else ("were evacuated and treated")."""
    if len(words) < 2 or words[-1] != "and" or not _PLAIN_GAP_WORDS.issuperset(words[:-2]):
        return False
    verb = words[-2]
    return (verb.endswith("ed") and verb.isalpha() and verb.islower() or verb in _irregular_participles()) \
        and verb not in lex.nc_verbs


def _gap_ok(gap: str, lex: _Lexicon) -> bool:
    """May the words between a figure's noun and a casualty word belong to one clause?"""
    if len(gap) <= 80:
        words = gap.split()
        if _plain_words(words, lex) or _joined_participle(words, lex):
            return True
    # a list of parts with no comma before it: "40 civilians including 12 children and nine
    # elderly people were wounded" (the list has no verb of its own)
    listed = _LIST_GAP.match(gap)
    if listed and lex.nc_verbs.isdisjoint(listed.group(1).lower().split()) and not search_lower(lex.post_re, listed.group(1)):
        gap = " " + gap[listed.end():]
    # a parenthetical list of parts may be long: "50 servicemen, including 42 of the army and 8
    # of the border service, were martyred"
    if len(gap) > 80 and len(_GAP_PARENTHETICAL.sub(" ", _OF_PLACE.sub(" ", _UNIT_AFTER.sub(" ", gap, count=1), count=1))) > 80:
        return False  # (the victims' own unit does not count: "of the State Border Service", "of the
        # Ministry of Internal Affairs")
    # the victims' own unit: "80 servicemen of the heroic Azerbaijani army became martyrs"
    gap = _UNIT_AFTER.sub(" ", gap, count=1)
    gap = _OF_PLACE.sub(" ", gap, count=1)  # "leaders of Karabakh who were arrested", "residents of Sotk"
    if len(gap) <= 80 and _plain_words(gap.split(), lex):
        # "80 servicemen of the army were killed": plain words once the unit is out, which the
        # rewrites below accept as they are (``_rewritten_gap_ok``: the rule of the first test)
        return True
    return _rewritten_gap_ok(gap, lex)


def _plain_words(words: list[str], lex: _Lexicon) -> bool:
    """Are ``words`` plain gap words only (_PLAIN_GAP_WORDS), none a verb that makes the number
    something else? ``_rewritten_gap_ok`` accepts every gap of such words no longer than 80
    characters (the rule _PLAIN_GAP_WORDS is chosen by: what its rewrites leave of them _GAP_OK
    matches; checked by test_the_rewrites_of_a_gap_accept_every_gap_of_plain_words)."""
    return _PLAIN_GAP_WORDS.issuperset(words) and lex.nc_verbs.isdisjoint(words)


def _rewritten_gap_ok(gap: str, lex: _Lexicon) -> bool:
    """``_gap_ok`` for a gap without the victims' unit or place of origin: its relative clauses,
    participles, hearsay, parentheses and asides read."""
    if _RELATIVE_GAP.match(gap):
        return True  # "135 servicemen who died", "the soldiers that were wounded"
    gap = _RELATIVE_CLAUSE_GAP.sub(" ", gap, count=1)  # "an employee who was in the car was also injured"
    placed = _PLACED_GAP.match(gap)
    if placed:  # "six troops deployed by Moscow in Karabakh were killed": where they were sent, not what they did
        gap = " " + gap[placed.end():]
    ing = _ING_CLAUSE_GAP.match(gap)
    if ing and (ing.group(0).split()[0].lower() not in lex.nc_verbs or ing.group(0).split()[0].lower() in _DESCRIBING):
        gap = " " + gap[ing.end():]  # "two workers repairing the road were killed" (not "fleeing")
    # hearsay does not change what happened: "are said to have been killed", "were reported to
    # have died"
    gap = _HEARSAY.sub(" ", gap)
    # a parenthesis right after the noun breaks the figure down: "62 people (civilian: 49;
    # military: 13) were killed"
    gap = _LEADING_PAREN.sub(" ", gap)
    if "(" in gap:  # a name spelt out: "three employees of the ANAMA (Azerbaijan National Agency for Mine Action)"
        gap = _SPELT_OUT.sub(" ", gap)
    if "[" in gap:  # an editor's insertion: "we have 49 [troops] killed"
        gap = _EDITORIAL.sub(" ", gap)
    if _GAP_PUNCT.search(gap):
        return False
    # one parenthetical ", including seven civilians," is fine; anything else with commas is not
    g = _AGED.sub(" ", gap)
    # (each aside below but the dash's holds a comma, and none of these subs makes one: in a gap
    # with no comma they have nothing to remove, and are not tried)
    commas = "," in g
    # an apposition naming the person: "An Azerbaijani serviceman, Private Elvin Aliyev, was killed"
    for _ in range(2 if commas else 0):  # two asides in either order: "X, a resident of Sabirabad, born in 2002, was injured"
        g = _AGE_APPOSITION.sub(" ", g)
        g = _APPOSITION.sub(" ", g)
        g = _ARTICLE_APPOSITION.sub(" ", g)
    if commas:
        g = _GAP_PARENTHETICAL.sub(" ", g)
    g = _DASH_PARENTHETICAL.sub(" ", g)
    if commas:
        g = _BOTH_KINDS.sub(" ", g)  # "207 citizens, both military personnel and civilians, were killed"
    g = _AND_PEOPLE.sub(" NP ", g)  # "200 military personnel and civilians had died"
    # where the people were: "all five servicemen on board were killed", "two soldiers on duty at
    # the post were wounded" (a verb in it still rules the figure out, below)
    g = _WHERE_PHRASE.sub(" ", g)
    g = _AND_COUNTED.sub(" NP ", g)
    if "," in g:
        return False
    words = {w.lower() for w in re.findall(r"[\w'’-]+", g)}
    if words & lex.nc_verbs:
        return False
    return bool(_GAP_OK.match(g))


#: a single blast named after the victims: "a landmine", "an anti-personnel mine", "a mine explosion"
_ONE_BLAST = LexiconPattern(r"\b(?:a|an|one)\s+(?:[\w'’-]+\s+){0,2}?(?:\L<combined.mines>)\b", re.I)


@functools.cache
def _mine_victim_words() -> tuple[frozenset, frozenset]:
    """lexicon [mine_victims]: (hurt, dead)."""
    return frozenset(word_list("mine_victims.hurt")), frozenset(word_list("mine_victims.dead"))


def _one_blast_hurt(claims: list[_Claim], sents: list[_Sentence], norm: str) -> None:
    """'An employee of the agency fell victim to a landmine ... His right leg was amputated', 'three
    deminers got blown up by a mine. Doctors called their condition moderate': the victims of one
    blast, counted as casualties by the words of the blast, are wounded when the story tells an
    injury. The figure's sentence and the two after it are read in turn, and the first that tells
    what happened decides: an injury word (lexicon [mine_victims] hurt) makes the figure wounded, a
    death word ([mine_victims] dead) leaves it as it is, whoever it is about. A later sentence that
    names a mine again tells of another blast ("On March 3, a car ran into a mine. He was
    wounded"): the reading stops before it. A toll of mine victims over time ("268 people have
    become mine victims") names no single blast and stays casualties."""
    hurt, dead = _mine_victim_words()
    mines = _lexicon().combined_mines_re
    for c in claims:
        if c.fig.category != "casualties" or not _ONE_BLAST.search(norm, c.start, c.sent.end):
            continue
        for sent in sents[c.sent.index:c.sent.index + 3]:
            if sent.index > c.sent.index and mines.search(norm, sent.start, sent.end):
                break
            words = set(_TOKEN.findall(norm[sent.start:sent.end].lower()))
            if not dead.isdisjoint(words):
                break
            if not hurt.isdisjoint(words):
                c.fig.category = "wounded"
                break


#: the noun "casualties" / "casualty" as a figure's casualty word
_CASUALTY_NOUN = re.compile(r"\bcasualt(?:y|ies)\b", re.IGNORECASE)


def _called_casualties(c: _Claim, norm: str) -> bool:
    """Is ``c`` a `casualties` figure because the text calls its people "casualties"?"""
    f = c.fig
    a, b = c.sent.start + min(f.start, f.ev_start), c.sent.start + max(f.ev_end, f.np_end)
    return f.category == "casualties" and _CASUALTY_NOUN.search(norm, a, b) is not None


def _casualties_equated_with_deaths(claims: list[_Claim], norm: str) -> None:
    """ANNOTATION.md, category: '"casualties" means killed only when the text sets it against
    wounded ... or equates it with deaths; otherwise it is `casualties`.' A text equates the word
    with deaths when it calls a count "casualties" that it also gives, for the same side, as
    killed ("Azerbaijan claimed 71 casualties" over "71 soldiers were killed"): in that text the
    word means the dead, so each of its figures called "casualties" is killed ("176 military
    casualties in total from both sides", "the number of casualties on the Armenian side was 105").
    A count of casualties that no killed figure of the text repeats leaves the word as it is."""
    called = [c for c in claims if _called_casualties(c, norm)]
    if not called:
        return
    killed = {(c.fig.value, c.side) for c in claims if c.fig.category == "killed"}
    if any((c.fig.value, c.side) in killed for c in called):
        for c in called:
            c.fig.category = "killed"
