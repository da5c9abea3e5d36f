"""Rule-based extraction of attributed casualty claims, with evidence spans, from English news text.

The pipeline, per article (each step is a small function below, in this order):

1. **sentences** — split on line breaks (paragraphs) and sentence ends, keeping character offsets.
2. **candidate figures** — numbers as digits or words ("49", "Fifty", "a dozen", "one hundred and
   five"), plus "a/an/another" before a person noun; dates, years, ages, times and distances are
   skipped. Each figure gets the noun phrase after it ("Azerbaijani servicemen", "of its soldiers").
3. **category** — from the noun itself ("300 casualties"), an active verb or noun right before it
   ("killed four troops", "the loss of four servicemen", "raised the toll to 105"), or the casualty
   words after it ("were wounded", "lost their lives", "went missing"). A figure without one is not
   a casualty figure (troops sent, tons of flour, residents, refugees) and yields nothing.
4. **side** — nationality in the noun phrase, "its/their/our" resolved to the speaker, the subject
   of "lost/suffered", both-sides cues (`combined`), the attacker named ("Azerbaijani shelling" hits
   the other side), "another/more" inherited, then the speaker's own side.
5. **claimant** — "according to X", "X said", "..., X said", with "the ministry"/"it" resolved to the
   last speaker, and a speaker carried over from the previous sentences of the paragraph.
6. **qualifier**, **date** (relative dates resolved against the published date) and **background**
   (the 2020 war, the 1990s, "last year") per figure; then **revisions** ("initially four, later
   three": the earlier figure is superseded) and **duplicates** (a headline repeating the body).

Every word list lives in ``lexicon.toml`` (package ``casualties``); the patterns built from it and
the fixed grammar patterns are named in ``lexicon.py`` and ``patterns.py``. One module per stage:
``text`` (sentences, clauses), ``numbers``, ``figures`` (candidate figures), ``category``,
``claimant``, ``side`` (an ordered list of named rules; each claim records ``side_rule``),
``dates`` (incident dates and background), ``revisions`` (revisions and duplicates), ``pipeline``
(``extract()``: the stages in order), ``batch`` (tables and Arrow batches) and ``cli``.
"""

from .batch import claim_ids, claims_frame, extract_batches, extract_table
from .cli import cli_extract
from .numbers import count_surfaces
from .pipeline import extract

__all__ = ["claim_ids", "claims_frame", "cli_extract", "count_surfaces", "extract", "extract_batches",
           "extract_table", "extract_dask"]


def __getattr__(name: str):
    # extract_dask needs dask (the `scale` extra): imported on first use, so that `import
    # casualties.extract` never imports dask
    if name == "extract_dask":
        from .scale import extract_dask
        return extract_dask
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
