"""The bounds that keep extraction linear in an article's length: size limit, windows, work counter.

A news story is a few kilobytes, with sentences of a few hundred characters and a handful of
figures. Hostile or malformed input (a 50 MB dump, 80 KB of "12 killed, " with no full stop) must
not stall a pipeline, so every step that looks beyond the figure it reads is held to a window:

- an article longer than ``MAX_ARTICLE_CHARS`` is cut there, and one with more than
  ``MAX_FIGURES`` candidate figures is read only up to the sentence where they run out, each time
  with an ``ArticleCut`` warning naming the article (``extract(..., max_chars=None,
  max_figures=None)`` lifts both);
- a sentence longer than ``MAX_SENTENCE_CHARS`` is read as several, cut at a clause break, so the
  per-figure rules, which read their whole sentence, cost at most that much each;
- the article-level steps (side from earlier claims, revisions, duplicates, earlier speakers) look
  back over at most ``LOOKBACK`` earlier claims or speakers.

The bounds are far above what real news needs (the longest sentence in the labelled sets is 567
characters, the most claims in one article 9), so on real text they change nothing. The windows make
the work grow linearly with the text, which ``WORK`` counts and tests/test_scale.py checks; the two
limits bound the time of any one article (a fraction of a second, see docs/benchmarks.md).
"""

from __future__ import annotations

import re
import warnings

#: Characters of one article that are read. News stories are 1-20 KB; 200,000 characters is ten
#: times the longest, and reads in well under a second whatever it holds.
MAX_ARTICLE_CHARS = 200_000

#: Candidate figures (numbers before a person or casualty word) read in one article. Each costs up to
#: about half a millisecond in a long sentence; a news story has a few, a long report a few dozen.
MAX_FIGURES = 500

#: Longest sentence read as one. The longest real one seen is 567 characters; a longer "sentence" is
#: a list, a table or a text without full stops, and is read in pieces cut at clause breaks.
MAX_SENTENCE_CHARS = 1_000

#: Earlier claims (or speakers) an article-level step looks back over. Real articles hold fewer than
#: 10 claims; a revision, a duplicate or an inherited side further back than 64 claims is not news
#: prose.
LOOKBACK = 64


class ArticleCut(UserWarning):
    """An article above a limit (characters or candidate figures) was read only up to it."""


class _Work:
    """Units of work of the steps that could grow faster than the text: for each figure, the
    characters of its sentence that its rules may read, plus each earlier claim or speaker looked
    at. A plain counter (not thread-local): read it around a call in one thread, as the tests do."""

    __slots__ = ("units",)

    def __init__(self) -> None:
        self.units = 0


#: The work counter; ``WORK.units`` only ever grows.
WORK = _Work()

#: Where a long sentence or article may be cut, best first: a clause break, then any space.
_CLAUSE_CUT = re.compile(r"[;,:]\s")
_SPACE_CUT = re.compile(r"\s")


def cut_point(text: str, start: int, limit: int) -> int:
    """The end of a piece of ``text`` from ``start`` of at most ``limit`` characters: after the last
    clause break in its second half, else after its last space there, else at the limit itself.

    >>> s = "one, two three four"
    >>> s[:cut_point(s, 0, 12)], s[:cut_point(s, 0, 16)]
    ('one, two ', 'one, two three ')
    """
    end = start + limit
    if end >= len(text):
        return len(text)
    half = start + limit // 2
    for pattern in (_CLAUSE_CUT, _SPACE_CUT):
        last = None
        for last in pattern.finditer(text, half, end):
            pass
        if last is not None:
            return last.end()
    return end


def cut_article(text: str, article_id: str = "", limit: int | None = MAX_ARTICLE_CHARS) -> str:
    """``text`` itself, or its first ``limit`` characters or fewer (cut at a paragraph, clause or
    space) with an ``ArticleCut`` warning that names the article and both sizes."""
    if limit is None or len(text) <= limit:
        return text
    para = text.rfind("\n", limit // 2, limit)
    end = para + 1 if para >= 0 else cut_point(text, 0, limit)
    warn_cut(article_id, f"{len(text):,} characters, above the limit of {limit:,}; only the first "
                         f"{end:,} were read")
    return text[:end]


def warn_cut(article_id: str, why: str) -> None:
    """Say that an article was not read whole, and why (an ``ArticleCut`` warning)."""
    name = f"article {article_id!r}" if article_id else "article"
    warnings.warn(ArticleCut(f"{name}: {why}"), stacklevel=3)
