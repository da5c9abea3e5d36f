"""extract(): one article's text to claims, the stages run in order."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .category import _casualties_equated_with_deaths, _one_blast_hurt
from .claimant import _first_side, _flush, _speaker_for, _speakers, opening_quote_speaker, quote_speaker, settle_claimants
from .dates import (
    _background_date,
    _background_scope,
    _date_from_context,
    _dates,
    _incident_date,
    _is_background,
    _is_tally,
    same_period_as_before,
)
from .figures import VICTIMS, bare_lead, has_surname, may_count_without_number, _breakdowns, _figures, _gapping, _handed_to
from .lexicon import _lexicon, gate_words, list_re, LexiconPattern
from .limits import LOOKBACK, MAX_ARTICLE_CHARS, MAX_FIGURES, WORK, cut_article, warn_cut
from .patterns import (
    _COLON_SPEAKER,
    _PARTS_OPEN,
    _FALSE_AFTER,
    _FALSE_WORDS,
    _LOOKALIKES,
    _QUOTES,
    _SURNAME_SAID,
    _PRISONERS_OF_WAR,
    _REMAINS,
    PARTIES,
)
from .revisions import _dedupe, _revisions, _same_side
from .side import ArticleContext, SideContext, _np_side, _population, each_side, mine_blast, resolve_side, \
    settle_repeats, settle_sums
from .text import _clauses, _is_meta_line, _sentences, finditer_lower, has_digit, letters_only, search_lower

if TYPE_CHECKING:
    from .claimant import _Speaker
    from .dates import _Date
    from .figures import _Figure
    from .text import _Sentence


#: "after the war ended", "since the end of the 2020 war": a time after a war, whose dead are not
#: the war's ("the worst fighting since a 44-day war that killed 6,500" is the war's toll).
_AFTER_WAR = re.compile(r"\b(?:after|since|following)\s+(?:the\s+)?(?:end\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:war|conflict)"
                        r"|(?:[\w-]+\s+){0,3}?(?:war|conflict)\s+(?:had\s+)?ended)\b", re.IGNORECASE)

#: the nouns of a war whose toll a background figure may be (lexicon ``combined.war_words``, the one
#: list of war nouns, which side._rule_war_killed reads too):
#: ANNOTATION.md, combined: "death tolls of whole wars (2020, the 1990s)"; "Some 6,000 people were
#: killed in the fighting that ended in November" is the 2020 war's
_WHOLE_WAR = LexiconPattern(r"\b(?:\L<combined.war_words>)\b", re.IGNORECASE)

#: A year before the period of the dataset (2021-2024), as a war's.
_WAR_YEAR = re.compile(r"\b(?:19[89]\d|20[01]\d|2020)\b")

#: Side rules that do not name the victims themselves (who fired, who spoke, the article's
#: context): for the toll of a whole war they give way to `combined`.
_NOT_THE_VICTIMS = ("attacker", "speaker", "article", "place", "weak_combined", "none", "war_killed")


@dataclass(slots=True)  # (slots: made and read thousands of times per article; a little faster)
class _Claim:
    fig: _Figure
    sent: _Sentence
    side: str
    claimant: str
    claimant_side: str
    incident_start: dt.date | None
    incident_end: dt.date | None
    date_precision: str | None
    is_background: bool
    superseded: bool = False
    dated_by_context: bool = False
    attributed_by_context: bool = False
    side_rule: str = "none"

    @property
    def start(self) -> int:
        return self.sent.start + self.fig.ev_start

    @property
    def end(self) -> int:
        return self.sent.start + self.fig.ev_end


#: a sentence that opens on a bare count and its verb: "180 were servicemen of ...", "Twelve are civilians"
_BARE_PART = re.compile(r"\s*(?:\d[\d,]*|[A-Za-z]+)\s+(?:were|was|are|is)\s")
#: a number of them opening a sentence, a qualifier first or not: "Around 1,000 of them are Armenians"
_NUMBER_OF_THEM = re.compile(r"\s*(?:[A-Za-z]+\s+)?(?:\d[\d,]*|[A-Za-z]+)\s+of\s+(?:them|these|those)\s+(?:were|was|are|is)\s", re.I)
#: the words that may open a sentence about the toll before it ("Of them, 719 are civilians")
_PART_OPENERS = frozenset(("them", "these", "those", "whom"))


def extract(text: str, published: dt.date | None = None, article_id: str = "", *,
            max_chars: int | None = MAX_ARTICLE_CHARS, max_figures: int | None = MAX_FIGURES) -> list[dict]:
    """The casualty claims in one article's text, in text order.

    Each claim is a dict with exactly the keys of ``schema.EXTRACTED_FIELDS``; ``evidence_text`` is
    ``text[evidence_start:evidence_end]`` and contains the figure as written. A text longer than
    ``max_chars``, or with more than ``max_figures`` candidate figures, is read only up to there,
    with an ``ArticleCut`` warning (see ``limits``); None lifts a limit.

    >>> import datetime as dt
    >>> c = extract("Armenia said at least 49 of its soldiers were killed.", dt.date(2022, 9, 13))[0]
    >>> c["side"], c["category"], c["count"], c["qualifier"], c["claimant"], c["evidence_text"]
    ('armenia', 'killed', 49, 'at_least', 'Armenian government', 'at least 49 of its soldiers were killed')
    """
    if not text:
        return []
    text = cut_article(text, article_id, max_chars)
    budget = max_figures if max_figures is not None else len(text)
    lex = _lexicon()
    # curly quotes to straight ones and look-alike letters to plain ones, one character for one,
    # so that offsets stay valid
    norm = text
    for curly, straight in _QUOTES + _LOOKALIKES:
        if curly in norm:
            norm = norm.replace(curly, straight)
    letters, one_to_one = _letters_of(norm)
    sents = _sentences(norm)
    # the words of each sentence (what _TOKEN.findall(low, start, end) finds, when ``one_to_one``),
    # split once: the gates below read them, and the dates around an undated figure
    tokens_of = [letters[x.start:x.end].split() for x in sents]
    article = ArticleContext(norm, lex, published)
    memory: list[_Speaker] = []
    claims: list[_Claim] = []
    last_speaker: tuple[_Speaker, _Sentence] | None = None
    date_cache: dict[int, list[_Date]] = {}
    pending: list[tuple[_Sentence, list[str]]] = []   # sentences with a speaker but no figure, with their words, read only when needed
    accident_before = False  # the last figure read was an accident's (out of scope)
    accident_sent = None  # the last sentence that named an accident, a self-inflicted death or an illness
    out_of_scope: list[tuple[str, int, _Sentence]] = []  # (category, count, sentence) of the figures dropped as out of scope
    after_claims = -1  # the index of the sentence after the last claim's (``claims[-1].sent.index + 1``; -1 before any)
    for sent, tokens in zip(sents, tokens_of):
        s = norm[sent.start:sent.end]
        # the sentence's words (what _TOKEN.findall(low, start, end) finds), as a list for the two
        # gates below: most sentences stop there, and a set of their words is built only for those
        # that go on (``isdisjoint`` reads a list as it reads a set, so the gates answer the same)
        # (most sentences have no word of either gate: one look-up of each word answers both for them)
        gate_word = not lex.sentence_gate_words.isdisjoint(tokens)
        has_casualty = gate_word and not lex.prefilter_words.isdisjoint(tokens) or (
            after_claims == sent.index
            and (not _PART_OPENERS.isdisjoint(tokens) and (_PARTS_OPEN.match(s) is not None or _NUMBER_OF_THEM.match(s) is not None)
                 or _BARE_PART.match(s) is not None))
        has_speech = gate_word and not lex.speech_gate_words.isdisjoint(tokens) or ":" in s and _COLON_SPEAKER.match(s) is not None
        if not has_casualty:
            if has_speech:
                pending.append((sent, tokens))
            continue
        words = set(tokens)
        if _is_meta_line(s, lex):
            continue
        surname_only = not (
            has_digit(s) or not lex.number_words.isdisjoint(words) or "another" in words
            or (not lex.singular_words.isdisjoint(words) and ("a" in words or "an" in words
                                                              or bare_lead(s, lex) is not None))
            or (not lex.title_words.isdisjoint(words) and lex.title_re.search(s))
            or (not lex.ordinal_words.isdisjoint(words) and ("since" in words or "this" in words or "far" in words))
            or s.startswith(("He ", "She ")) or ("his" in words or "her" in words) and not lex.kin_words.isdisjoint(words))
        if surname_only and not has_surname(words, lex):
            if has_speech:  # casualty words but no figure: only its speaker may matter later
                pending.append((sent, tokens))
            continue
        if budget <= 0:
            warn_cut(article_id, f"more than {max_figures:,} candidate figures; read up to character "
                                 f"{sent.start:,} of {len(text):,}")
            break
        if surname_only and not may_count_without_number(words, s, lex):
            # (a word that ends like a surname, "Azerbaijani", let it through the gate above, but no
            # figure can come of it: the gate stays as it was for the cut just above)
            if has_speech:
                pending.append((sent, tokens))
            continue
        # (the dates of a sentence after an undated figure were read with these words already, by
        # _date_from_context, when ``one_to_one``; else with the words of its own lower-case copy)
        dates = date_cache.get(sent.index) if one_to_one else None
        if dates is None:
            dates = date_cache[sent.index] = _dates(s, published, lex, words)
        figs = _figures(s, [(d.start, d.end) for d in dates], lex, words)
        budget -= len(figs)
        for i, f in enumerate(figs):
            if f.category == VICTIMS:  # "two of the victims were civilians": the toll's category
                before = [g.category for g in figs[:i] if g.category not in (None, VICTIMS)]
                f.category = before[-1] if before else claims[-1].fig.category if claims else None
                if f.part_of_before:
                    # "Of them, 719 are civilians": a part of the largest toll of the sentence before,
                    # smaller than it; with none, or far from one, it is no part
                    toll = _toll_before(claims, sent)
                    f.category = toll.fig.category if toll is not None and f.value < toll.fig.value else None
        if not any(f.category is not None for f in figs):
            if has_speech:
                pending.append((sent, tokens))
            continue
        # earlier speakers: the last LOOKBACK are enough (memory is read and grows only from here on
        # in a sentence, so trimming it here, not at every sentence, leaves it the same wherever read)
        if len(memory) > 2 * LOOKBACK:
            del memory[:-LOOKBACK]
        # Speakers of the few sentences before this one ("According to the ministry, ... As a
        # result, two servicemen were wounded.") are read only when this sentence may need them:
        # it names no speaker of its own, or refers back to one ("the ministry said", "it said",
        # "Sargsyan said").
        if pending and (not has_speech or lex.anaphor_re.search(s) or _SURNAME_SAID.search(s)):
            last_speaker = _flush(pending, sent, norm, letters, lex, memory, last_speaker)
        s_sides = []
        for f in figs:
            side = _np_side(f, s, lex)
            f.side = side
            if side in PARTIES:
                s_sides.append(side)
        if not s_sides:
            # (the side the sentence names first: read only for "the country's" or "its" body, so a
            # sentence with neither word is not searched; _first_side)
            s_sides = _first_side(s, lex)
        recent = claims[-LOOKBACK:]  # what the side rules may look back on
        WORK.units += len(figs) * (len(s) + len(recent))
        clauses = _clauses(s)
        s_words = (letters[sent.start:sent.end], tokens) if has_speech else None  # (for _clause_words)
        speakers_by_clause = [_speakers(s, c, lex, memory, s_sides, s_words) for c in clauses] if has_speech else \
            [[] for _ in clauses]
        sent_speakers = [sp for sps in speakers_by_clause for sp in sps]
        if pending and not sent_speakers:
            last_speaker = _flush(pending, sent, norm, letters, lex, memory, last_speaker)
        elif pending and any(sp.side is None for sp in sent_speakers):
            # "according to the HRD" after "Kristine Grigoryan, HRD of the RA, informed ...": an
            # institution with no side of its own may name a speaker of the sentences before
            known = len(memory)
            last_speaker = _flush(pending, sent, norm, letters, lex, memory, last_speaker)
            if len(memory) > known:
                speakers_by_clause = [_speakers(s, c, lex, memory, s_sides, s_words) for c in clauses]
                sent_speakers = [sp for sps in speakers_by_clause for sp in sps]
        pending.clear()
        if len(figs) > 1:  # (gapping repeats the verb of the figure before: one figure has none)
            _gapping(figs, s, lex, memory, s_sides)
        if " to " in s:
            _handed_to(figs, s, lex)
        _breakdowns(figs, s, lex)
        figs = [f for f in figs if f.category is not None]
        for f in figs:
            f.clause = next(i for i, (a, b) in enumerate(clauses) if a <= f.start <= b)
        new: list[_Claim] = []
        clause_bg: dict[tuple[int, int], tuple[bool, bool]] = {}  # (war or earlier clash, running tally)
        # (or "the blast" of an accident named in the sentence before: "... an explosion at a fuel
        # depot. At least 68 people died as a result of the blast.")
        # (the accident pattern through its lower-case twin: the same matches, faster)
        # (each pattern only in a sentence with one of its phrases' words: a set look-up is far
        # cheaper than the pattern's scan)
        accident_words = not gate_words("out_of_scope.accidents").isdisjoint(words) \
            and search_lower(list_re("out_of_scope.accidents"), s) is not None
        accident = not gate_words("accidents.events").isdisjoint(words) and _THE_EVENT.search(s) is not None \
            and search_lower(list_re("out_of_scope.accidents"), _before(sents, sent, norm)) is not None
        # the words of an accident or another non-violent loss are read in each figure's own clause
        # ("killed by Azerbaijani fire on Monday, while another died in a car accident": one of each)
        non_violent = not gate_words("out_of_scope.non_violent").isdisjoint(words) \
            and search_lower(list_re("out_of_scope.non_violent"), s) is not None  # (once per sentence, then per clause)
        own_cause = False  # (read only after an accident: most sentences follow none)
        if accident:
            accident_sent = sent
        elif accident_before or accident_sent is not None and sent.index == accident_sent.index + 1:
            own_cause = _own_cause(s)
            accident = _goes_on_after_accident(sent, accident_sent, own_cause)
        denials = not gate_words("denial.words").isdisjoint(words)  # (a denial word anywhere in the sentence)
        # (and a word that makes a count none, or calls it false: each of the two patterns matches
        # only whole words of its list, so a sentence without one of them has no such figure)
        negations = not gate_words("denial.none_before").isdisjoint(words)
        falsity = not gate_words("denial.false_words").isdisjoint(words)
        for f in figs:
            ca, cb = clauses[f.clause]
            ctext = s[ca:cb]
            if _not_asserted(f, s, ca, lex, denials, negations):
                continue  # denied or negated: not asserted
            if accident or (f.more and accident_before and not own_cause) \
                    or accident_words and search_lower(list_re("out_of_scope.accidents"), ctext) is not None \
                    or non_violent and _non_violent(ctext, words):
                if not accident:
                    accident_sent = sent  # (the sentence after it may go on with the same loss)
                accident_before = True
                out_of_scope.append((f.category, f.value, sent))
                continue  # an accident's dead are out of scope, and "105 other people" after them too
            accident_before = False
            called_false = falsity and _called_false(f, s, cb)
            bg_key = (f.clause, _background_scope(ctext, f.ev_end - ca))
            if bg_key not in clause_bg:
                # a running tally since an earlier point ("since the 2020 war ended, 300 ... have
                # been found"): background, but the war is its starting point, not its toll
                # (a tally named in an earlier clause covers its parts: "Since 2020, 351 people have
                # been victims of mines; 65 of them lost their lives")
                tally = _is_tally(ctext[:bg_key[1]], lex) or (ca > 0 and _is_tally(s[:ca], lex))
                clause_bg[bg_key] = (_is_background(ctext[:bg_key[1]], lex, words) and not tally, tally)
            war_bg, tally = clause_bg[bg_key]
            speaker, by_context = (f.speaker, False) if f.speaker else _speaker_for(
                f, speakers_by_clause, sent_speakers, None if war_bg else last_speaker, sent)
            if speaker is None and not sent_speakers:
                # inside a quotation whose speaker is named where it closes: theirs
                quoted = quote_speaker(norm, sents, sent, sent.start + f.start, lex, memory)
                if quoted is not None:
                    speaker, by_context = quoted, True
            context = SideContext(f, s, ctext, speaker, new, recent, lex, sent, article, war_bg,
                                  _before(sents, sent, norm), by_context, published)
            decision = resolve_side(context)
            side, side_rule = decision.side, decision.rule
            if speaker is None and not sent_speakers:
                # a quotation opening its paragraph: the words of the speaker named just before,
                # for the claimant only and only when that speaker's side is the figure's or none
                opening = opening_quote_speaker(norm, sents, sent, sent.start + f.start, lex, memory)
                if opening is not None and opening.side in (None, side):
                    speaker, by_context = opening, True
            if called_false and not _denied_by_adversary(speaker, side):
                continue  # called false by its own side, or by nobody: not asserted
            if called_false:
                claimant, claimant_side = f"{lex.adjectives[side]} reports", side
            elif speaker is None:
                claimant, claimant_side = "unattributed", "unknown"
            elif speaker.side is None:
                # "the ministry said" with no antecedent: the side's own institution
                # ... unless it describes that side in the third person ("the Armenian side
                # suffered losses"), which is how the adversary speaks
                own = side in PARTIES and not f.third_person and not f.enemy
                if decision.speaker_is_captor:
                    # ... and people its side holds ("wounded and detained by the Azerbaijani
                    # servicemen", the ministry said) are not its own: it speaks for the captor
                    own, side_of_speaker = True, lex.opposite.get(side, "unknown")
                else:
                    side_of_speaker = side
                claimant_side = side_of_speaker if own else "unknown"
                claimant = f"{lex.adjectives[side_of_speaker]} {speaker.name.lower()}" if own else speaker.name
            else:
                claimant, claimant_side = speaker.name, speaker.side
            background = war_bg
            in_clause = [d for d in dates if ca <= d.start <= cb]
            in_scope = [d for d in in_clause if d.start <= ca + bg_key[1]]  # not a relative clause after it
            start, end, precision = _incident_date(in_scope or ([] if in_clause else dates))
            if start and start.year < 2021 and not background:
                background = True
            if start and published and (published - end).days > 90:
                background = True
            if background and start is None:
                start, end, precision = _background_date(ctext, published)
            war = not tally and side_rule.split(">")[0] in _NOT_THE_VICTIMS and _whole_war_toll(f, s) \
                and f.source != "breakdown" and f.kind != "named" \
                and _WHOLE_WAR.search(_PRISONERS_OF_WAR.sub(" ", _AFTER_WAR.sub(" ", ctext))) \
                and not mine_blast(ctext, lex)  # victims of mines after a war are no toll of it
            if war and not background and _WAR_YEAR.search(ctext):
                # "another conflict erupted in the fall of 2020, killing 6,500 people": a war of a
                # year before the period is background even when its date is not read
                background = True
            if background and war:
                # not a part of a sided total ("93 Azerbaijani civilians, including 12 children"), a
                # named person, or the dead after a war ended
                # "a six-week war that killed over 6,600 people": both sides' dead, whoever fired
                side, side_rule = "combined", "war_toll"
                if by_context:  # a war's toll is no figure of the speaker of the sentences before
                    claimant, claimant_side = "unattributed", "unknown"
            # captives counted at their release or exchange were taken earlier: not the peg's figure
            background = background or tally or (f.category == "captured" and f.released)
            if f.part_of_before and claims:
                background = claims[-1].is_background  # "Of them, 719 are civilians": the toll's time
            elif not background and claims and claims[-1].sent.index == sent.index - 1 and same_period_as_before(s):
                # "Of these, 70 have lost their lives", "... during the specified period": the toll's time
                background = _toll_before(claims, sent).is_background
            f.population = _population(f, new, recent)
            pair = each_side(context)
            for one in pair or (side,):
                new.append(_Claim(f, sent, one, claimant, claimant_side, start, end, precision, background,
                                  attributed_by_context=by_context, side_rule="each_side" if pair else side_rule))
        # the side of a total is `combined` when its breakdown names two sides
        for c in new:
            # its parts: a list after it, or figures inside its own span ("Five people - three ...
            # and two ... - were killed")
            parts = [d for d in new if d.fig.category == c.fig.category and d is not c and (
                (d.fig.source == "breakdown" and d.fig.ev_start > c.fig.ev_start)
                or (c.fig.np_end <= d.fig.start and d.fig.end <= c.fig.ev_end))]
            if c.fig.source != "breakdown" and len({d.side for d in parts}) >= 2 and c.fig.side is None:
                c.side, c.side_rule = "combined", "parts_on_two_sides"
            elif c.side == "unknown" and parts and len({d.side for d in parts}) == 1 and parts[0].side in PARTIES:
                # "30 servicemen, including 26 of the Azerbaijani army and 4 of the border service"
                c.side, c.side_rule = parts[0].side, "parts_on_one_side"
        _dates_from_context(new, sents, norm, published, lex, date_cache, tokens_of if one_to_one else None)
        claims.extend(new)
        if new:
            after_claims = sent.index + 1
        for sps in speakers_by_clause:
            for sp in sps:
                if sp.side is not None:
                    memory.append(sp)
                    last_speaker = (sp, sent)
                elif new:
                    resolved = next((c for c in new if c.claimant == sp.name), None)
                    if resolved and resolved.claimant_side in PARTIES:
                        sp.side = resolved.claimant_side
                        memory.append(sp)
                        last_speaker = (sp, sent)
    _one_blast_hurt(claims, sents, norm)
    _casualties_equated_with_deaths(claims, norm)
    settle_claimants(claims, sents, norm, lex)
    settle_repeats(claims)
    settle_sums(claims)
    claims = _drop_parts_of_totals(claims, norm)
    _revisions(claims, norm, lex)
    headlines = _headlines([c.sent for c in claims] + [x for _, _, x in out_of_scope], sents, norm)
    claims = _dedupe(claims, headlines, [(cat, n) for cat, n, x in out_of_scope if x.para not in headlines])
    return [_as_dict(c, text, article_id) for c in claims]


def _headlines(asked: list[_Sentence], sents: list[_Sentence], norm: str) -> set[int]:
    """Headlines and captions among the paragraphs of the sentences ``asked`` (those of the claims
    and of the figures left out of scope: the only paragraphs _dedupe asks about): the paragraphs
    of one sentence without a closing full stop. The sentences are in text order, each its place
    in ``sents`` (``index``), so a paragraph holds one sentence when neither neighbour is of that
    paragraph; that test is asked only of a sentence without a closing stop (few are), instead of
    counting the sentences of every paragraph."""
    last = len(sents) - 1
    return {x.para for x in asked if norm[x.end - 1] not in '.!?"\''
            and (x.index == 0 or sents[x.index - 1].para != x.para)
            and (x.index == last or sents[x.index + 1].para != x.para)}


#: each byte of a Latin-1 text to its lower-case letter a-z, every other byte to a space (_letters_of)
_LOWER_LETTERS = bytes(b | 32 if 65 <= b <= 90 else b if 97 <= b <= 122 else 32 for b in range(256))


def _letters_of(norm: str) -> tuple[str, bool]:
    """``letters_only`` of the lower-cased text, and whether ``str.lower()`` keeps its length (when
    it does not, a character it makes two is kept as it is).

    A text with a character beyond ASCII (a no-break space, a dash) is lower-cased through the
    Unicode tables, character by character; its letters are read from its Latin-1 bytes instead, one
    table look-up each, unless it holds "İ" or the Kelvin sign. Exact by this rule (checked on every character in
    tests/test_extract_twins.py): the only characters whose lower case holds a letter a-z are A-Z,
    a-z, "İ" and the Kelvin sign (lower case "k"), and "İ" is the only one whose lower case is more
    than one character; encoding to Latin-1 with "replace" turns each character beyond it into one
    "?", which is no letter, so the offsets stay."""
    if "\u0130" not in norm and "\u212a" not in norm:
        return norm.encode("latin-1", "replace").translate(_LOWER_LETTERS).decode("ascii"), True
    low = norm.lower()
    if len(low) == len(norm):
        return letters_only(low), True
    return letters_only("".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in norm)), False


#: "in February alone", "in Tartar alone": a period or place that singles out a part of a total
_ALONE = re.compile(r"\balone\b", re.IGNORECASE)
#: the categories a total of victims splits into that the labels keep as rows ("140 people were
#: blown up on mines ... 27 of them have died": killed 27 is a row)
_KINDS_OF_CASUALTY = ("killed", "wounded")
#: "Out of the total number of missing people, 872 ...": a part of a total given before
_OF_THE_TOTAL = re.compile(r"\s*(?:out\s+)?of\s+the\s+total\b", re.IGNORECASE)
_OF_THEM = re.compile(r"\s+of\s+(?:them|whom)\b")
#: "are being treated", "to hand over", "were discharged": what is being done with people already
#: counted (lexicon ``groups.being_done``)
_BEING_DONE = LexiconPattern(r"\b(?:\L<groups.being_done>)\b", re.IGNORECASE)


def _drop_parts_of_totals(claims: list[_Claim], norm: str) -> list[_Claim]:
    """A part of a total that the text splits off by time, place, increment or status is no figure
    of its own: the total counts those people (ANNOTATION.md: one row per figure; only a subset
    that names another population is a row of its own). Each way the text marks such a part is one
    function below; an increment with no total after it ("two more people were buried today") and
    a part that names a population ("in Tartar alone, four children were hurt") stay."""
    drop: set[int] = set()
    for i, c in enumerate(claims):
        earlier = claims[max(0, i - LOOKBACK):i]
        # (the four rules of a part read only the totals of _larger_before, in its sentence or up to
        # three before: a figure with none, as most are, is no such part, and they are not asked;
        # nor is _remains_increment of a figure not marked "more", the first thing it reads, so
        # the claims after a figure are sliced only for one of the two)
        total_before = _has_larger_before(c, earlier)
        if (total_before or c.fig.more) and _part_with_later(c, earlier, claims[i + 1:i + 1 + LOOKBACK], norm,
                                                             total_before):
            drop.add(i)
        elif _of_the_total(c, norm):
            drop.add(i)
            drop.update(j for j in range(i + 1, min(len(claims), i + 1 + LOOKBACK))
                        if claims[j].sent.index == c.sent.index and claims[j].fig.source == "breakdown")
        elif total_before and _alone_part(c, earlier, norm):
            drop.add(i)
    return [c for i, c in enumerate(claims) if i not in drop] if drop else claims


def _part_with_later(c: _Claim, earlier: list[_Claim], later: list[_Claim], norm: str, total_before: bool) -> bool:
    """The rules of a part that read the claims after it: an increment of remains, or (with a total
    before it, ``total_before``) a part of remains, by status or by severity."""
    return _remains_increment(c, later) or total_before and (
        _remains_of_them(c, earlier, norm) or _part_by_status(c, earlier, norm)
        or _part_by_severity(c, earlier, later, norm))


def _remains_increment(c: _Claim, later: list[_Claim]) -> bool:
    """'the remains of one more person were found, and with this the grave held the remains of at
    least 14 people': an increment of remains found whose own sentence goes on to the new, larger
    count of remains (a find, not a death: "another soldier died of his wounds, bringing the total
    to 50" is a death of its own and stays)."""
    return bool(c.fig.more and c.fig.bodies) and any(
        d.fig.bodies and d.sent.index == c.sent.index and d.start > c.end and d.side == c.side
        and d.fig.category == c.fig.category and d.fig.value > c.fig.value for d in later)


def _remains_of_them(c: _Claim, earlier: list[_Claim], norm: str) -> bool:
    """'the remains of 102 people have been identified. The remains of 35 of them have been handed
    over': remains "of them", up to two sentences after a larger count of remains of the same side
    and category."""
    if not (c.fig.source == "pre" and c.fig.bodies and _OF_THEM.match(norm, c.sent.start + c.fig.end)):
        return False
    return any(e.side == c.side and e.start < c.start for e in _larger_before(c, earlier, range(0, 3)))


def _of_the_total(c: _Claim, norm: str) -> bool:
    """'Out of the total number of missing people, 872 ... were taken hostage': a part of a total
    given before (the parts listed inside it, "including 29 children", go with it), unless the
    part is killed or wounded: "27 of them have died" of 140 mine victims is a row."""
    # (the figure's own tests first: most figures are killed or wounded, and they cost less than the pattern)
    return c.fig.source != "breakdown" and c.fig.category not in _KINDS_OF_CASUALTY \
        and _OF_THE_TOTAL.match(norm[c.sent.start:c.start]) is not None


def _alone_part(c: _Claim, earlier: list[_Claim], norm: str) -> bool:
    """'in February alone, two were wounded' after a larger total of that side and category up to
    three sentences before ("five people were wounded in January and February")."""
    # (the totals first: most figures have none, and that test is cheaper than the pattern's scan)
    return any(e.side == c.side and not _names_another_population(c, e)
               for e in _larger_before(c, earlier, range(1, 4))) \
        and _ALONE.search(norm[c.sent.start:c.start]) is not None


def _part_by_status(c: _Claim, earlier: list[_Claim], norm: str) -> bool:
    """'Nineteen servicemen were wounded ... Ten wounded servicemen are being treated in Yerevan';
    'the remains of 102 people have been identified ... Preparations are underway to hand over the
    remains of 73 people': a smaller count of the same category, up to two sentences after a
    larger one, in a sentence that says what is now being done with them (treated, handed over,
    discharged), is the part of those people in one state, not more victims (ANNOTATION.md: one
    row per figure). Remains go with remains only (a death toll and the bodies handed over are two
    figures). Not a part: an increment ("two more wounded are being treated"), a part that names
    another population, or a count with no larger one just before it ("Two soldiers were wounded
    and are being treated in hospital")."""
    if c.fig.more or c.fig.source == "breakdown" or c.fig.category not in _KINDS_OF_CASUALTY:
        return False
    # (the totals first: most figures have none, and that test is cheaper than the pattern's scan)
    return any(e.fig.bodies == c.fig.bodies and _same_side(e, c) and not e.superseded
               and not _names_another_population(c, e) for e in _larger_before(c, earlier, range(1, 3))) \
        and _BEING_DONE.search(norm, c.sent.start, c.sent.end) is not None


#: how badly the people counted are hurt (lexicon ``groups.severity``)
_SEVERITY = LexiconPattern(r"(?<![\w-])(?:\L<groups.severity>)(?![\w-])", re.IGNORECASE)
#: the words that point back at victims just counted (lexicon ``groups.counted_before``)
_COUNTED_BEFORE = LexiconPattern(r"\b(?:\L<groups.counted_before>)\b", re.IGNORECASE)


def _part_by_severity(c: _Claim, earlier: list[_Claim], later: list[_Claim], norm: str) -> bool:
    """ANNOTATION.md, not figures: "severity splits of victims already counted ("two of them in
    critical condition")". A wounded count whose own words (up to the next figure of its sentence)
    say how badly they are hurt ("four received severe injuries", "the condition of three of them
    is grave"; lexicon ``groups.severity``), after words that point back at victims just counted
    ("of them", "among them", "including", "of the wounded": ``groups.counted_before``), is a part
    of a larger wounded count of its side in its own sentence or the two before: those people are
    counted already. Not a part: an increment ("two more were seriously wounded"), a part that
    names a population of its own ("including two children in critical condition": children within
    a total are a row, ANNOTATION.md), a count with no
    pointer back ("On Tuesday, two soldiers were seriously wounded" after Monday's twelve), or one
    of another category ("of the 15 mine victims, five were seriously injured": killed and wounded
    are rows), nor one of a split that counts the dead of the same total too ("242 people were
    harmed, 40 of them died, 202 were seriously injured": the total was of all victims, split by
    category)."""
    if c.fig.more or c.fig.category != "wounded" or c.fig.head_kind == "person" and c.fig.head_value != "unknown":
        return False
    # (the totals first: most figures have none, and that test is cheaper than the patterns' scans)
    if not any(_same_side(e, c) and not e.superseded and e.start < c.start and not _dead_of_the_split(e, c, earlier + later)
               for e in _larger_before(c, earlier, range(0, 3))):
        return False
    end = next((d.start for d in later if d.sent.index == c.sent.index and d.start > c.start), c.sent.end)
    severity = _SEVERITY.search(norm, c.start, end)
    return severity is not None and _COUNTED_BEFORE.search(norm, c.sent.start, severity.start()) is not None


def _dead_of_the_split(total: _Claim, part: _Claim, near: list[_Claim]) -> bool:
    """Whether the sentence of ``part`` also counts dead after ``total``: "40 of them died, 202 were
    seriously injured" splits the total by category, not the wounded by severity."""
    return any(d.fig.category == "killed" and d.sent.index == part.sent.index and d.start > total.start
               for d in near)


def _larger_before(c: _Claim, earlier: list[_Claim], within: range):
    """The claims of ``earlier`` whose sentence is ``within`` sentences before ``c``'s, of its
    category and a larger count: the totals ``c`` may be a part of."""
    return (e for e in earlier if c.sent.index - e.sent.index in within
            and e.fig.category == c.fig.category and e.fig.value > c.fig.value)


#: the sentences before a part's own (0: its own) that the rules of a part look back over: the
#: union of their ``_larger_before`` ranges
_PART_RANGE = range(0, 4)


def _has_larger_before(c: _Claim, earlier: list[_Claim]) -> bool:
    """Whether ``c`` has a total it may be a part of in any part rule's range (``_PART_RANGE``):
    each of _remains_of_them, _part_by_status, _part_by_severity and _alone_part is false
    without one."""
    return next(_larger_before(c, earlier, _PART_RANGE), None) is not None


def _names_another_population(part: _Claim, total: _Claim) -> bool:
    """Whether the part's own noun names a population the total does not ("four children" of
    "ten people"): such a subset is a row of its own (ANNOTATION.md)."""
    return part.fig.head_kind == "person" and part.fig.head_value not in ("unknown", total.fig.population)


def _toll_before(claims: list[_Claim], sent: _Sentence) -> _Claim | None:
    """The largest figure of the sentence right before ``sent``: the toll that "Of them, 719 are
    civilians" or "Of these, 70 have lost their lives" goes back to."""
    return max((c for c in claims[-LOOKBACK:] if c.sent.index == sent.index - 1),
               key=lambda c: c.fig.value, default=None)


#: an event named before: "the blast", "the explosion", "the accident"
_THE_EVENT = LexiconPattern(r"\b(?:the|this|that)\s+(?:\L<accidents.events>)\b", re.I)



#: a cause of its own in a sentence after an accident: fire, shelling, fighting (lexicon [attack])
_OWN_CAUSE = LexiconPattern(r"\b(?:\L<attack.fire_end>|\L<attack.fighting_words>)\b", re.IGNORECASE)


def _own_cause(s: str) -> bool:
    """Does the sentence name a violent cause of its own (fire, shelling, fighting, a mine)?"""
    return _OWN_CAUSE.search(s) is not None or search_lower(list_re("out_of_scope.violent_causes"), s) is not None


def _goes_on_after_accident(sent: _Sentence, accident_sent: _Sentence | None, own_cause: bool) -> bool:
    """'At least 20 people were killed in an explosion at a fuel depot. According to local
    authorities, 290 people were injured and taken to hospitals': the sentence right after one that
    names an accident (or illness), in its paragraph, that names no cause of its own (no fire,
    shelling or fighting: lexicon [attack]; no mine or sniper: ``out_of_scope.violent_causes``),
    goes on telling that accident's victims, out of scope as they are (ANNOTATION.md: "Deaths that
    are not violent ... are out of scope"). ``own_cause``: the sentence names one. (So do "N other
    people" right after an accident's figure, unless their sentence names a cause of its own:
    "Another serviceman was killed in clashes on the border" is in scope.)"""
    return accident_sent is not None and sent.index == accident_sent.index + 1 and sent.para == accident_sent.para \
        and not own_cause


def _non_violent(s: str, words: set[str]) -> bool:
    """ANNOTATION.md: "Deaths that are not violent (illness, accidents on an evacuation road) are
    out of scope." A clause (``s``; ``words``: its sentence's words, a gate) that names an
    accident, a self-inflicted death or an illness (lexicon ``out_of_scope.non_violent``: "injured
    because of careless handling of ammunition", "died of a heart failure", "killed when their
    truck overturned") tells losses outside the conflict's violence, unless it also names a violent
    cause (``out_of_scope.violent_causes``: "injured in a mine accident", "accidentally shot
    down"): its figures are no claims. (A clause, not the sentence: "killed by Azerbaijani fire on
    Monday, while another died in a car accident" holds one of each.)"""
    return not gate_words("out_of_scope.non_violent").isdisjoint(words) \
        and search_lower(list_re("out_of_scope.non_violent"), s) is not None \
        and search_lower(list_re("out_of_scope.violent_causes"), s) is None




def _dates_from_context(new: list[_Claim], sents: list[_Sentence], norm: str, published: dt.date | None, lex,
                        cache: dict[int, list[_Date]], tokens: list[list[str]] | None) -> None:
    """Each undated claim of a sentence takes the date of the sentences around it
    (``_date_from_context``). That depends on the sentence alone, so it is read once, for the first
    such claim, and the others take what it found: the date, and the background flag that an old
    date gives (an anniversary story: "On October 28, 2020, ... 21 residents were killed and about
    70 people were injured" makes both figures background)."""
    first = None
    for c in new:
        if c.incident_start is not None or c.is_background:
            continue
        if first is None:
            _date_from_context(c, sents, norm, published, lex, cache, tokens)
            first = c
        elif first.dated_by_context:
            c.incident_start, c.incident_end, c.date_precision = first.incident_start, first.incident_end, \
                first.date_precision
            c.dated_by_context, c.is_background = True, first.is_background


def _denied(before: str, lex) -> bool:
    """Whether a denial word before the figure denies it: "Baku denied that two soldiers were
    killed". Not when a claim verb follows the denial word: in "the ministry's fake news claimed
    that one of its soldiers was wounded" the outlet calls the claim fake, and the ministry still
    claims it. Nor when a subordinate clause opens between them ("dismissed the demands as not
    legitimate before two soldiers were killed"): the figure is not what was denied. Nor when what
    is denied is someone's part in it ("denied any involvement in the killings of 25")."""
    last = None
    for last in finditer_lower(lex.denial_re, before):  # (the lower-case twin: same spans)
        pass
    return last is not None and not _CLAIMED_THAT.search(before, last.end()) \
        and not _NEW_CLAUSE.search(before, last.end()) and not _DENIED_ROLE.match(before, last.end())


#: what was denied is someone's part in it, not the deaths: "denied any involvement in the killings of 25"
_DENIED_ROLE = LexiconPattern(r"\s+(?:\L<grammar.denied_role_determiners>\s+)?(?:\L<denial.denied_roles>"
                              r")\b", re.I)
#: a subordinate clause after the denial, which opens an event of its own: "dismissed the demands
#: before two soldiers were killed" (not "since it ...", "after they ...": the denied event goes on)
_NEW_CLAUSE = LexiconPattern(r"\b(?:\L<grammar.new_clause_subordinators>)\s+(?!that\b|(?:it|they)\s)", re.I)


#: A claim verb and its "that": what follows is what was claimed.
_CLAIMED_THAT = LexiconPattern(r"\b(?:\L<speech.claimed_that>)\s+that\b", re.I)  # verbs, not "reports that"


def _denied_by_adversary(speaker, side: str) -> bool:
    """'The information about an Armenian serviceman wounded is false', Baku said: a report that
    the other side's speaker calls false is still the victims' side's claim (the real corpus
    labels it so); a figure a speaker calls false about its own side is not asserted."""
    return speaker is not None and speaker.side in PARTIES and side in PARTIES and side != speaker.side


def _before(sents: list[_Sentence], sent: _Sentence, norm: str) -> str:
    """The sentence before ``sent`` when it is in the same paragraph or ends the one before, else ''
    (news paragraphs are one or two sentences long)."""
    prev = sents[sent.index - 1] if sent.index else None
    return norm[prev.start:prev.end] if prev is not None and prev.para >= sent.para - 1 else ""


def _whole_war_toll(f: _Figure, s: str) -> bool:
    """Is the figure a war's death toll ("the war killed 6,500 people", "30,000 deaths"), not one
    side's people counted during or after it (bodies handed over, "6 civilians and 6 servicemen",
    "12 children", missing persons), which keep the side the usual rules give them?"""
    words = s[f.end:f.np_end].lower().split()
    return f.category in ("killed", "casualties") and bool(words) and words[-1] in _lexicon().war_toll_nouns \
        and not _REMAINS.search(s, f.ev_start, f.end)


def _not_asserted(f: _Figure, s: str, ca: int, lex, denials: bool, negations: bool) -> bool:
    """Is the figure denied ("denied that 12 soldiers were killed", see _denied), negated ("no
    soldiers were killed", see _negated) within its clause (from ``ca``), or a count of zero? The
    denial pattern is tried only when the sentence has a denial word (``denials``: lexicon
    ``denial.words``), the negation only when it has a word of ``denial.none_before``
    (``negations``: _NONE_BEFORE matches whole words of that list, from a clause start, which is
    a word start)."""
    before = s[ca:f.start]
    return f.value == 0 or denials and _denied(before, lex) or negations and _negated(before)


#: a word that makes the count after it none: "no soldiers", "not a single soldier", "not even one",
#: "without a single loss" (lexicon ``denial.none_before``), right before the figure
_NONE_BEFORE = LexiconPattern(r"\b(?:\L<denial.none_before>)\s*$", re.IGNORECASE)


def _negated(before: str) -> bool:
    """ANNOTATION.md, not figures: "zero or denied losses ("no casualties", "denied any losses")".
    A count right after a word that makes it none ("Not a single soldier was wounded", "not even
    one", "without a single loss"; lexicon ``denial.none_before``, in any case) is no figure; so is
    a count of zero ("Zero losses", see _not_asserted). The pattern is tried only when one of the
    list's words is among the last words before the figure."""
    tail = before[-20:].lower().split()
    return not gate_words("denial.none_before").isdisjoint(tail) and _NONE_BEFORE.search(before) is not None


def _called_false(f: _Figure, s: str, cb: int) -> bool:
    """Is the figure called false after it, within its clause ("... was false")? The pattern is
    tried only when one of its words occurs (the parts of the words left out are the letters that
    IGNORECASE also matches to "ı" and "ſ"). (The pipeline asks only of a sentence with a word of
    ``denial.false_words``: the pattern matches one of them whole, and a clause ends before a
    comma, a semicolon or white space.)"""
    after = s[f.ev_end:cb].lower()
    return any(w in after for w in _FALSE_WORDS) and _FALSE_AFTER.search(s, f.ev_end, cb) is not None


def _as_dict(c: _Claim, text: str, article_id: str) -> dict:
    start, end = c.start, c.end
    return {
        "article_id": article_id,
        "claimant": c.claimant,
        "claimant_side": c.claimant_side,
        "side": c.side,
        "side_rule": c.side_rule,
        "category": c.fig.category,
        "population": c.fig.population,
        "count": c.fig.value,
        "qualifier": c.fig.qualifier,
        "incident_start": c.incident_start,
        "incident_end": c.incident_end,
        "date_precision": c.date_precision,
        "is_background": c.is_background,
        "superseded": c.superseded,
        "evidence_start": start,
        "evidence_end": end,
        "evidence_text": text[start:end],
    }
