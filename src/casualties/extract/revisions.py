"""Stage 7: article-level revisions (an earlier toll superseded) and duplicates (headline and body)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .limits import LOOKBACK, WORK
from .text import search_lower

if TYPE_CHECKING:
    from .lexicon import _Lexicon
    from .pipeline import _Claim


def _revisions(claims: list[_Claim], text: str, lex: _Lexicon) -> None:
    """'Initially four, later three': an earlier figure for the same side and category is superseded
    by a later one that the text marks as a revision.

    For each figure, the nearest earlier one it may revise is looked for among the last
    ``LOOKBACK`` earlier figures of the same side and category (not every earlier figure: that was
    quadratic in a text of thousands of figures)."""
    earlier: dict[tuple, list[_Claim]] = {}  # (side, category) -> figures that a later one may revise
    for later in claims:
        if later.is_background or later.fig.source == "breakdown":
            continue
        key = (later.side, later.fig.category)
        same = earlier.setdefault(key, [])
        early = _revised(later, same) if same else None  # (the first of its side and category revises none)
        if early is not None:
            between = text[early.end:later.end] if early.sent.index == later.sent.index else \
                text[later.sent.start:later.end]
            early_ctx = text[early.sent.start:early.end]
            # (through the patterns' lower-case twins, ``search_lower``: the same matches at the same
            # offsets, since both are lexicon words compiled with IGNORECASE; only whether one is
            # found is read)
            if search_lower(lex.later_re, between) is not None or search_lower(lex.earlier_re, early_ctx) is not None:
                early.superseded = True
        same.append(later)
        if len(same) > 2 * LOOKBACK:
            del same[:-LOOKBACK]


def _revised(later: _Claim, same: list[_Claim]) -> _Claim | None:
    """The nearest earlier figure of ``same`` (same side and category) that ``later`` may revise:
    another count, not yet superseded, from the same claimant side or an unknown one."""
    looked = 0
    for early in reversed(same):
        looked += 1
        if looked > LOOKBACK:
            break
        if early.fig.value == later.fig.value or early.superseded:
            continue
        if early.claimant_side in (later.claimant_side, "unknown") or later.claimant_side == "unknown":
            WORK.units += looked
            return early
    WORK.units += looked
    return None


#: Paragraphs 0 and 1: the headline (or title line) and the lede.
_LEDE_PARAS = 1


def _dedupe(claims: list[_Claim], headlines: set[int], out_of_scope: list[tuple[str, int]] = ()) -> list[_Claim]:
    """A figure repeated in one article (headline, caption and body) is one claim: keep the
    attributed mention, and fill a missing date from the others. Two mentions are of one figure
    when category, count and background agree and so do their sides, or one side rests only on
    the article's context (see _same_side), whoever says it (an outlet relays a ministry's figure,
    the other side confirms it), and qualifiers aside ("more than 200", "at least 200"); a count of
    bodies and a death toll are two figures. The figure keeps the qualifier of the mention kept,
    not a hedge of another mention ("Gunfire left at least three people dead" ... "three policemen
    were killed" is 3, exact): ANNOTATION.md, a qualifier applies only to the number it directly
    precedes. Small counts ("one was wounded") are merged when the
    earlier mention is a headline, a caption or the lede, when they are in different paragraphs
    and do not both name someone, or when one mention names the person and the other does not
    ("an Azerbaijani soldier was killed ... Anar Kazimov was fatally shot").
    A figure marked "another" / "others" is not merged into one before it (it says it is not that
    one) unless its "more" is relative to a figure of its own sentence ("two were killed, and 14
    more were wounded"); a later plain mention may repeat it ("Another soldier was injured ... 4
    killed and 1 wounded"). ``out_of_scope``: (category, count) of the body's figures left out as
    out of scope, which a headline may repeat (see _headline_repeats)."""
    claims = [c for c in claims if not _named_again(c, claims)]
    out: list[_Claim] = []
    slots: dict[tuple, list[int]] = {}  # (category, count) -> places in out
    in_body: set[int] = set()  # ids of kept claims that stand for a mention outside the headlines
    recaps: set[int] = set()  # sentences that repeat a figure given before: "resulted in 4 killed and 1 wounded"
    prev_sent = -1  # the sentence of the claim before
    named_in: dict[int, int] = {}  # id of a kept count -> the named people read as its members
    for c in claims:
        if c.fig.kind == "pronoun" and _pronoun_refers(c, out):
            continue
        listed = next((o for o in out[-LOOKBACK:] if o.fig.category == c.fig.category
                       and c.sent.index - o.sent.index <= 2 and o.fig.value >= c.fig.value), None) if c.fig.kind == "named" and c.fig.value > 1 else None
        if listed is not None:
            named_in[id(listed)] = named_in.get(id(listed), 0) + c.fig.value  # (names that count takes: see below)
            continue  # "Four soldiers were killed. A, B, C and D were killed in the fighting": the names repeat it
        if c.fig.kind == "named" and c.fig.value == 1 and not c.fig.more and _one_of_the_count(c, out, named_in):
            continue
        key = (c.fig.category, c.fig.value)
        same = slots.setdefault(key, [])
        twin = None
        # "more" or "others" after another figure of its own sentence is more than that one ("two
        # servicemen were killed, and 14 more were wounded"): it may still repeat an earlier mention
        more = c.fig.more and prev_sent != c.sent.index
        prev_sent = c.sent.index
        if not more and c.fig.source != "breakdown":
            # the first earlier mention that is the same figure, among the last LOOKBACK alike
            window = same[-LOOKBACK:]
            WORK.units += len(window)
            # (a first mention of its category and count, as most are, has no earlier one to read)
            twin = next((i for i in window if _twins(out[i], c, headlines, c.sent.index in recaps)), None) \
                if window else None
            if twin is None and c.fig.value == 1:
                twin = _one_person_named_loosely(c, out, slots, headlines)
        if twin is None:
            same.append(len(out))
            out.append(c)
            continue
        if out[twin].sent.index != c.sent.index:
            recaps.add(c.sent.index)
        first = out[twin]
        keep, drop = (out[twin], c) if _rank(out[twin], headlines) >= _rank(c, headlines) else (c, out[twin])
        if _same_surname(first, c):
            keep.is_background = first.is_background  # (the fuller, first mention is the person's news)
        if _weak(keep) and not _weak(drop):
            keep.side, keep.side_rule = drop.side, drop.side_rule
        if drop.sent.para not in headlines or id(drop) in in_body:
            in_body.add(id(keep))
        if drop.incident_start and not drop.dated_by_context and (keep.incident_start is None or keep.dated_by_context):
            keep.incident_start, keep.incident_end = drop.incident_start, drop.incident_end
            keep.date_precision, keep.dated_by_context = drop.date_precision, drop.dated_by_context
        if drop.fig.released and drop.is_background:
            keep.is_background = True
        _carry_superseded(keep, drop)
        if keep.fig.category == "casualties":
            keep.fig.category = drop.fig.category  # (the mention that says what happened to them)
        if keep.fig.value >= 3 and drop.is_background:
            keep.is_background = True  # (the mention that names the war says when it was)
        out[twin] = keep
    out = _headline_repeats(out, headlines, in_body, out_of_scope)
    out.sort(key=lambda c: (c.start, c.end))
    return out


def _named_again(c: _Claim, claims: list[_Claim]) -> bool:
    """'Prisoner-of-war Vicken Euljekjian was put on trial ... Vicken Euljekjian and Maral Najarian were
    kidnapped together': a named figure whose people are all named in a larger named figure of the
    same category is those people said again, not a figure of its own (ANNOTATION.md: "A figure
    repeated in the same text (... a list of names and 'three soldiers') is labelled once"; people
    reported together in one clause are one figure of their number). Names compare by surname."""
    if c.fig.kind != "named" or not c.fig.surnames:
        return False
    mine = set(c.fig.surnames)
    return any(o.fig.kind == "named" and o.fig.value > c.fig.value and o.fig.category == c.fig.category
               and mine <= set(o.fig.surnames) for o in claims)


def _one_of_the_count(c: _Claim, out: list[_Claim], named_in: dict[int, int]) -> bool:
    """'Two Azerbaijani soldiers were killed on Monday. Anar Aliyev was killed by sniper fire, and
    Elvin Mammadov was killed in Lachin': a named person of the category and side of a count of two
    or more given in the two sentences before is one of those counted (ANNOTATION.md: "A figure
    repeated in the same text (... a list of names and 'three soldiers') is labelled once"), up to
    as many names as the count holds; a name past that, or one marked "another", is a person of
    its own. ``named_in`` keeps how many names each count has taken."""
    for o in reversed(out[-LOOKBACK:]):
        if c.sent.index - o.sent.index > 2:
            break
        if o.sent.index < c.sent.index and o.fig.kind != "named" and o.fig.value >= 2 \
                and o.fig.category == c.fig.category and _same_side(o, c) and named_in.get(id(o), 0) < o.fig.value:
            named_in[id(o)] = named_in.get(id(o), 0) + 1
            return True
    return False


#: the exact categories that a figure of one called "casualties" in the sentence before may turn out to be
_ONE_PERSON_EXACT = ("killed", "wounded")


def _one_person_named_loosely(c: _Claim, out: list[_Claim], slots: dict[tuple, list[int]],
                              headlines: set[int]) -> int | None:
    """'A resident of the district was blown up by a mine. The truck's driver, X, received injuries':
    a figure of one person whose category is the loose "casualties" (blown up, became a victim)
    and a figure of one with an exact category in the very next sentence are the same person,
    told first vaguely and then precisely (ANNOTATION.md: one row per figure). The place in
    ``out`` of that earlier mention, or None. Only the next sentence: two vague and exact single
    victims further apart are often two people ("one person became a victim of a mine in May ...
    another was killed in June")."""
    if c.fig.category not in _ONE_PERSON_EXACT:
        return None
    window = slots.get(("casualties", 1), [])[-LOOKBACK:]
    return next((i for i in window if c.sent.index - out[i].sent.index == 1 and _twins(out[i], c, headlines)), None)


def _pronoun_refers(c: _Claim, out: list[_Claim]) -> bool:
    """'Private A was seriously wounded. He died on his way to hospital': "he" or "she" with casualty
    words is a person of a figure in the sentences just before, not a new figure; if that person
    was one wounded, the person has died (ANNOTATION.md: "died of wounds" is killed). With no
    figure of one person just before (an excerpt that opens "He died ...", or "the official's car ran
    into a mine. He was seriously wounded" after a count of others), it is a figure of one."""
    near = [o for o in out[-LOOKBACK:] if c.sent.index - o.sent.index <= 3]
    if not any(o.fig.value == 1 for o in near):
        return False  # only a person counted one by one can be "he" ("five people were hit ... He ..." is another)
    one = next((o for o in reversed(near) if o.fig.value == 1 and o.fig.category == "wounded"), None)
    if one is not None and c.fig.category == "killed":
        one.fig.category = "killed"
    return True


#: Categories a headline may use for a body figure of the same count: a headline shortens "36
#: people became victims of landmines" to "Landmines have killed 36".
_LOOSE = {"casualties": ("killed", "wounded", "killed_or_missing"), "killed_or_missing": ("killed", "missing")}


def _compatible(a: str, b: str) -> bool:
    return a == b or b in _LOOSE.get(a, ()) or a in _LOOSE.get(b, ())


def _headline_repeats(out: list[_Claim], headlines: set[int], in_body: set[int],
                      out_of_scope: list[tuple[str, int]] = ()) -> list[_Claim]:
    """A headline, subheading or caption repeats the body (ANNOTATION.md: a figure is labelled
    once, at its clearest body mention), and it says less: its side and category rest on fewer
    words ("Seven killed in shootout between Armenia, Azerbaijan" over a body's "at least seven
    troops were killed"; "Landmines have killed 36" over "36 people became victims of
    landmines"). So a headline figure with the count of a body figure and a compatible category is
    that body figure, whatever side the headline's words gave it, and whether or not the body marks
    its figure "others". The body's mention stands (it takes the headline's side only if it has
    none). ``in_body``: claims that a body mention was merged into.

    A headline that repeats a body figure left out as out of scope (``out_of_scope``: "Four
    soldiers injured" over "Four militaries were injured because of careless handling of
    ammunition") is that figure too, and goes with it: ANNOTATION.md, "A figure repeated in the
    same text ... is labelled once" and "Deaths that are not violent ... are out of scope"."""
    if not headlines:
        return out
    body: dict[int, list[_Claim]] = {}
    for c in out:
        if (c.sent.para not in headlines or id(c) in in_body) and not c.superseded:
            body.setdefault(c.fig.value, []).append(c)
    kept = []
    for c in out:
        if c.sent.para in headlines and id(c) not in in_body and not c.superseded:
            same = body.get(c.fig.value, ())[:LOOKBACK]
            twin = next((b for b in same if b.fig.category == c.fig.category), None) or \
                next((b for b in same if _compatible(c.fig.category, b.fig.category)), None)
            if twin is not None:
                if twin.side == "unknown" and c.side != "unknown":
                    twin.side, twin.side_rule = c.side, c.side_rule
                continue
            if any(n == c.fig.value and _compatible(c.fig.category, cat) for cat, n in out_of_scope):
                continue  # the headline of an accident told in the body
        kept.append(c)
    return kept


#: Side rules that do not name the victims (the article's context, the places it names, who
#: speaks): a mention whose side rests on one of them may repeat a figure that another mention
#: places better ("Azerbaijan is ready to transfer up to 100 bodies", said by Baku, and "the bodies
#: of up to 100 servicemen of the Armenian Armed Forces").
_WEAK = ("article", "weak_combined", "place", "none", "speaker")


def _weak(c: _Claim) -> bool:
    return c.side_rule.split(">")[0] in _WEAK


def _same_side(o: _Claim, c: _Claim) -> bool:
    return o.side == c.side or _weak(o) or _weak(c)


def _small_twins(o: _Claim, c: _Claim) -> bool:
    """A count of one or two said again in another paragraph is the same people ("one of its
    soldiers was killed" ... "One serviceman has been killed", the ministry said), unless both
    mentions name someone (two named victims are two people). In one paragraph two such counts
    are usually two groups ("two of our servicemen were killed and one was wounded. Three of
    theirs were killed and one wounded")."""
    return o.sent.para != c.sent.para and not (o.fig.kind == c.fig.kind == "named")


def _twins(o: _Claim, c: _Claim, headlines: set[int], recap: bool = False) -> bool:
    """Whether ``c`` repeats ``o``, an earlier mention with the same side, category, count and
    background (see _dedupe). ``recap``: ``c``'s sentence already repeats an earlier figure, so it
    restates the toll ("... resulted in casualties of 4 killed and 1 wounded" after "Four soldiers
    were killed ... Another soldier was injured"), and its small counts are repeats too."""
    if _same_surname(o, c) and o.side == c.side:
        return True  # one named person: the name says so, whatever else differs
    if o.fig.kind == c.fig.kind == "named" and o.fig.value == c.fig.value == 1 and o.fig.name and c.fig.name:
        return False  # two names, two people ("Huseynov Asif ... was wounded" ... "Ali Agalarov ... suffered")
    if not _same_side(o, c) or (o.is_background != c.is_background and not (o.fig.released or c.fig.released)
                                 and not _war_named_once(o, c)):
        return False  # (a captive counted at the release is background; other mentions may not say so)
    if o.fig.bodies != c.fig.bodies:
        return False  # "more than 100 dead" and "the bodies of 100 soldiers" are two figures
    if o.fig.other_group or c.fig.other_group:
        return False  # "the previous group of 15 prisoners" is not the 15 of today's story
    return o.fig.source != "breakdown" \
        and (o.incident_start is None or c.incident_start is None or o.dated_by_context
             or c.dated_by_context or _background_dates(o, c) or (o.incident_start <= c.incident_end
                                       and c.incident_start <= o.incident_end)) \
        and (c.fig.value >= 3 or _small_twins(o, c) or recap or o.sent.para in headlines or o.sent.para <= _LEDE_PARAS
             or (o.fig.kind == "named") != (c.fig.kind == "named") or _same_surname(o, c)) \
        and ("unknown" in (o.fig.population, c.fig.population) or o.fig.population == c.fig.population
             or "named" in (o.fig.kind, c.fig.kind))  # a name says nothing of who the person was


def _war_named_once(o: _Claim, c: _Claim) -> bool:
    """'the bodies of 106 soldiers killed during the autumn conflict' ... 'the bodies of 106 people
    killed in the 44-day war': a count of three or more said again for the same side is the same
    figure even when only one mention names the war or earlier time it belongs to (the other's
    background flag is only unread, not denied); the claim kept is background (see _dedupe).
    Counts of one or two are not: two single victims, one of them from last year, are common."""
    return o.side == c.side and c.fig.value >= 3


def _background_dates(o: _Claim, c: _Claim) -> bool:
    """Two background mentions of a count of three or more are not kept apart by their dates: a
    background figure's date is mostly a guess (the year of the war it names, a page's date-line
    read as the date of a tally "since the end of the war"), and the same count said twice of an
    earlier war or a running tally is one figure."""
    return o.is_background and c.is_background and c.fig.value >= 3


def _carry_superseded(keep: _Claim, drop: _Claim) -> None:
    """A mention that a later toll supersedes is still a mention of its figure: "three soldiers were
    killed" in the lede and "Three servicemen were killed ... A little later, two dead were
    reported" further down are one figure of three, not two (ANNOTATION.md: a figure repeated in
    the same text is labelled once). So _twins does not ask whether a mention is superseded, and
    the one kept is superseded when either was."""
    keep.superseded = keep.superseded or drop.superseded


def _same_surname(o: _Claim, c: _Claim) -> bool:
    """Two mentions of one named person: the same name, or a surname alone after the full name
    ("Vagif Khachatryan ... Khachatryan was detained"; not "Ilknur Aliyev" and "Amrah Aliyev")."""
    if not (o.fig.kind == c.fig.kind == "named" and o.fig.value == c.fig.value == 1 and o.fig.name and c.fig.name):
        return False
    a, b = o.fig.name.split(), c.fig.name.split()
    return a == b or a[-1] == b[-1] and min(len(a), len(b)) == 1


def _rank(c: _Claim, headlines: set[int]) -> tuple:
    """Which of two mentions of one figure to keep: the attributed one, then the one attributed in
    its own sentence, then the dated one, then the body's over a headline's (ANNOTATION.md: the
    clearest body mention)."""
    return (c.claimant_side != "unknown", not c.attributed_by_context, c.incident_start is not None,
            c.sent.para not in headlines)
