"""Stage 7: article-level revisions (an earlier toll superseded) and duplicates (headline and body)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .lexicon import _Lexicon
    from .pipeline import _Claim




def _revisions(claims: list[_Claim], text: str, lex: _Lexicon) -> None:
    """'Initially four, later three': an earlier figure for the same side and category is superseded
    by a later one that the text marks as a revision."""
    for j, later in enumerate(claims):
        if later.is_background or later.fig.source == "breakdown":
            continue
        for i in range(j - 1, -1, -1):
            early = claims[i]
            if (early.side, early.fig.category) != (later.side, later.fig.category) or early.is_background \
                    or early.fig.value == later.fig.value or early.fig.source == "breakdown" or early.superseded:
                continue
            if not ({early.claimant_side, later.claimant_side} <= {early.claimant_side, "unknown"}
                    or early.claimant_side == "unknown"):
                continue
            between = text[early.end:later.end] if early.sent.index == later.sent.index else \
                text[later.sent.start:later.end]
            early_ctx = text[early.sent.start:early.end]
            if lex.later_re.search(between) or lex.earlier_re.search(early_ctx):
                early.superseded = True
            break


#: Paragraphs 0 and 1: the headline (or title line) and the lede.
_LEDE_PARAS = 1


def _dedupe(claims: list[_Claim], headlines: set[int]) -> list[_Claim]:
    """A figure repeated in one article (headline, caption and body) is one claim: keep the
    attributed mention, and fill a missing date from the others. Small counts ("one was
    wounded") are merged only when the earlier mention is a headline, a caption or the lede (the
    first two paragraphs), which real reports repeat in the body, or when one mention names the
    person and the other does not ("an Azerbaijani soldier was killed ... Anar Kazimov was fatally
    shot"); further down, two different people are often each "one wounded" in the same story.
    A figure marked "another" / "others" is never merged into one before it (it says it is not
    that one), but a later plain mention may repeat it ("Another soldier was injured ... 4 killed
    and 1 wounded")."""
    out: list[_Claim] = []
    for c in claims:
        twin = None
        if not c.fig.more and c.fig.source != "breakdown":
            for o in out:
                if (o.side, o.fig.category, o.fig.value, o.is_background) == \
                        (c.side, c.fig.category, c.fig.value, c.is_background) \
                        and o.fig.source != "breakdown" and not o.superseded and not c.superseded \
                        and (o.claimant_side == c.claimant_side or "unknown" in (o.claimant_side, c.claimant_side)) \
                        and (o.incident_start is None or c.incident_start is None or o.dated_by_context
                             or c.dated_by_context or (o.incident_start <= c.incident_end
                                                       and c.incident_start <= o.incident_end)) \
                        and (c.fig.value >= 3 or o.sent.para in headlines or o.sent.para <= _LEDE_PARAS
                             or (o.fig.kind == "named") != (c.fig.kind == "named")) \
                        and ("unknown" in (o.fig.population, c.fig.population)
                             or o.fig.population == c.fig.population):
                    twin = o
                    break
        if twin is None:
            out.append(c)
            continue
        keep, drop = (twin, c) if _rank(twin) >= _rank(c) else (c, twin)
        if drop.incident_start and not drop.dated_by_context and (keep.incident_start is None or keep.dated_by_context):
            keep.incident_start, keep.incident_end = drop.incident_start, drop.incident_end
            keep.date_precision, keep.dated_by_context = drop.date_precision, drop.dated_by_context
        if keep.fig.qualifier == "exact" and drop.fig.qualifier != "exact":
            keep.fig.qualifier = drop.fig.qualifier
        out[out.index(twin)] = keep
    out.sort(key=lambda c: (c.start, c.end))
    return out


def _rank(c: _Claim) -> tuple:
    return (c.claimant_side != "unknown", not c.attributed_by_context, c.incident_start is not None)
