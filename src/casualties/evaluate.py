"""Scoring the claim extractor against the labelled development set in tests/data/extraction/.

Matching is per unit (a sentence, or a whole seed article): the gold and predicted claims of a unit
are multisets of tuples, and a predicted tuple matches at most one gold tuple. Three views:

- ``scc``: (side, category, count), the headline figure;
- ``blind``: (category, count), side-blind;
- ``current``: (side, category, count) over figures that are not background, on both sides of the
  comparison (the figures an incident's estimate could use);
- ``full``: (side, category, count, qualifier, claimant_side);
- ``background_accuracy``: among the ``scc`` matches, the share whose ``is_background`` agrees.

Besides the sentences we wrote (``dev``, ``heldout``, ``seed``), the **real corpus** in
``tests/data/extraction/real/`` holds excerpts of real news articles nobody here wrote, labelled by
``../shared/ANNOTATION.md`` and split once, by a hash of the url, into ``real-dev`` (rules may be
tuned on it) and ``real-test`` (frozen: scored once per round of rules, never read to write one).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from pathlib import Path

SCC = ("side", "category", "count")
BLIND = ("category", "count")
FULL = ("side", "category", "count", "qualifier", "claimant_side")
VIEWS = {"scc": SCC, "blind": BLIND, "full": FULL}
#: The real corpus came in batches, each split by the same hash. ``real-dev`` holds the dev part of
#: every batch; each batch's test part is scored apart, so that a later batch (labelled after some
#: rounds of rules) never changes the earlier frozen score it is compared with.
REAL_BATCHES = {"real-test": "real", "real-test2": "real2", "real-test3": "real3", "real-test4": "real4",
                "real-test5": "real5", "real-test6": "real6", "real-test7": "real7",
                "real-test8": "real8", "real-test9": "real9"}
#: Every batch's test part together: the pooled frozen test, whose interval is the narrowest.
POOLED_TEST = "real-test-all"
SPLITS = ("real-dev", *REAL_BATCHES, POOLED_TEST, "dev", "heldout", "seed")
#: Resamples of the bootstrap interval of F1 (over units), and its seed: the same table every run.
BOOTSTRAP = 1000
#: One article in five goes to each of these shares of the hash; two of five are the frozen test.
TEST_SHARE = 2

#: The labelled data. Outside a source checkout (an installed wheel) it does not exist, and
#: ``cli_eval`` says so.
DATA_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "extraction"
ARTICLES_DIR = Path(__file__).resolve().parents[2] / "data" / "raw" / "articles"


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


def _units(rows) -> dict[str, list[dict]]:
    import pandas as pd

    if isinstance(rows, pd.DataFrame):
        rows = rows.to_dict("records")
    out: dict[str, list[dict]] = {}
    for r in rows:
        out.setdefault(str(r["unit"]), []).append(r)
    return out


def score(gold, predicted) -> dict:
    """Precision, recall and F1 of predicted claims against gold claims.

    ``gold`` and ``predicted`` are iterables of dicts (or DataFrames) with a ``unit`` key (the
    sentence or article the claim was read in) and the claim fields. Units only in ``gold`` count
    as misses, units only in ``predicted`` as false alarms.

    >>> g = [{"unit": "s1", "side": "armenia", "category": "killed", "count": 4, "qualifier": "exact",
    ...       "claimant_side": "armenia", "is_background": False}]
    >>> p = [dict(g[0], qualifier="about"), dict(g[0], count=5)]
    >>> r = score(g, p)
    >>> round(r["scc"]["f1"], 3), r["full"]["tp"], r["background_accuracy"]
    (0.667, 0, 1.0)
    """
    g_units, p_units = _units(gold), _units(predicted)
    totals = {view: [0, 0, 0] for view in (*VIEWS, "current")}
    bg_agree = bg_n = 0
    for unit in set(g_units) | set(p_units):
        g, p = g_units.get(unit, []), p_units.get(unit, [])
        for view, keys in (*VIEWS.items(), ("current", SCC)):
            gv, pv = g, p
            if view == "current":
                gv = [r for r in g if not r["is_background"]]
                pv = [r for r in p if not r["is_background"]]
            _tally(totals[view], gv, pv, keys)
        # background flag: pair gold and predicted claims on (side, category, count), in order
        pool: dict[tuple, list[bool]] = {}
        for r in p:
            pool.setdefault(tuple(_norm(r[k]) for k in SCC), []).append(bool(r["is_background"]))
        for r in g:
            key = tuple(_norm(r[k]) for k in SCC)
            if pool.get(key):
                bg_n += 1
                bg_agree += pool[key].pop(0) == bool(r["is_background"])
    return {
        **{view: _prf(*totals[view]) for view in totals},
        "background_accuracy": bg_agree / bg_n if bg_n else 1.0,
        "background_n": bg_n,
        "n_gold": sum(len(v) for v in g_units.values()),
        "n_predicted": sum(len(v) for v in p_units.values()),
    }


def f1_interval(gold, predicted, units, n: int = BOOTSTRAP, seed: int = 0) -> tuple[float, float]:
    """A 95 % bootstrap interval of F1 on (side, category, count): the units (articles or
    sentences) are drawn again with replacement ``n`` times and F1 scored on each draw. A test part
    of 50 articles is a sample; the interval says how far its F1 could move with another sample of
    the same kind of news.

    >>> g = [{"unit": u, "side": "armenia", "category": "killed", "count": 1} for u in "abcd"]
    >>> f1_interval(g, g[:2], list("abcd"))[1]
    1.0
    """
    import random

    g_units, p_units = _units(gold), _units(predicted)
    per_unit = []
    for unit in units:
        total = [0, 0, 0]
        _tally(total, g_units.get(unit, []), p_units.get(unit, []), SCC)
        per_unit.append(total)
    rnd = random.Random(seed)
    f1s = []
    for _ in range(n):
        tp = fp = fn = 0
        for a, b, c in rnd.choices(per_unit, k=len(per_unit)):
            tp, fp, fn = tp + a, fp + b, fn + c
        f1s.append(_prf(tp, fp, fn)["f1"])  # the score's own F1, edge cases included
    f1s.sort()
    return f1s[int(0.025 * n)], f1s[int(0.975 * n) - 1]


def _tally(total: list[int], gold: list[dict], pred: list[dict], keys: tuple[str, ...]) -> None:
    """Add one unit's true positives, false positives and misses on ``keys`` to ``total``."""
    gc = Counter(tuple(_norm(r[k]) for k in keys) for r in gold)
    pc = Counter(tuple(_norm(r[k]) for k in keys) for r in pred)
    tp = sum((gc & pc).values())
    total[0] += tp
    total[1] += sum(pc.values()) - tp
    total[2] += sum(gc.values()) - tp


def _norm(v):
    return int(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v


#: What ``error_kinds`` counts, in the order ``casualties eval`` prints it.
ERROR_KINDS = ("missed", "spurious", "wrong side", "wrong category", "wrong count")


def error_kinds(gold, predicted) -> dict[str, int]:
    """The errors on (side, category, count), by kind. In each unit the gold and predicted tuples
    left unmatched are paired when they differ in one field only (a gold figure found with the
    wrong side is one 'wrong side', not a miss and a false figure); pairs are taken field by field
    in the order of ``SCC``. What is left unpaired is 'missed' (gold) or 'spurious' (predicted)."""
    kinds = dict.fromkeys(ERROR_KINDS, 0)
    pred_by_unit = _units(predicted)
    for unit, gold_rows in _units(gold).items():
        _pair_errors(kinds, gold_rows, pred_by_unit.pop(unit, []))
    for pred_rows in pred_by_unit.values():  # units with no gold figure
        kinds["spurious"] += len(pred_rows)
    return kinds


def _pair_errors(kinds: dict[str, int], gold: list[dict], pred: list[dict]) -> None:
    key = lambda r: tuple(_norm(r[k]) for k in SCC)  # noqa: E731
    gc, pc = Counter(map(key, gold)), Counter(map(key, pred))
    missed, spurious = list((gc - pc).elements()), list((pc - gc).elements())
    for i, field in enumerate(SCC):
        for m in list(missed):
            twin = next((e for e in spurious if all(m[j] == e[j] for j in range(len(SCC)) if j != i)), None)
            if twin is not None:
                kinds[f"wrong {field}"] += 1
                missed.remove(m)
                spurious.remove(twin)
    kinds["missed"] += len(missed)
    kinds["spurious"] += len(spurious)


#: Where ``where_missed`` finds a missed figure lost, in the order ``casualties eval`` prints it.
MISSED_WHERE = ("sentence gives no figure", "sentence gives other figures only",
                "sentence gives the count, other category", "lost in the article-level steps")


def where_missed(units: list[dict], predicted) -> dict[str, int]:
    """Where the figures the extractor missed (side-blind: no predicted figure of the unit has the
    gold (category, count)) are lost: the sentence holding each one's evidence is read again alone,
    with the same published date. If that finds the figure, it was lost in the article-level steps
    (repeats, headlines, background, context); if not, in reading the sentence itself."""
    from .extract import extract

    out = dict.fromkeys(MISSED_WHERE, 0)
    pred_by_unit = _units(predicted)
    key = lambda r: (_norm(r["category"]), _norm(r["count"]))  # noqa: E731
    for u in units:
        left = Counter(map(key, pred_by_unit.get(u["id"], [])))
        for c in u["claims"]:
            if left[key(c)] > 0:
                left[key(c)] -= 1
                continue
            alone = extract(_sentence_of(u["text"], c["evidence"]), u["published"])
            if any(key(a) == key(c) for a in alone):
                out["lost in the article-level steps"] += 1
            elif any(_norm(a["count"]) == _norm(c["count"]) for a in alone):
                out["sentence gives the count, other category"] += 1
            else:
                out["sentence gives other figures only" if alone else "sentence gives no figure"] += 1
    return out


def _sentence_of(text: str, evidence: str) -> str:
    """The sentence of ``text`` where ``evidence`` starts (as the extractor splits sentences),
    stretched to the evidence's end."""
    from .extract.text import _sentences

    at = text.find(evidence)
    for s in _sentences(text):
        if s.start <= at < s.end:
            return text[s.start:max(s.end, at + len(evidence))]
    return evidence


# ------------------------------------------------------------------------------------------------
# The development set
# ------------------------------------------------------------------------------------------------

def real_split(url: str) -> str:
    """The fixed split of the real corpus: 'real-test' for two articles in five, by a hash of the
    url, so that the split never depends on the labels or on the order of the files.

    >>> real_split("https://news.am/eng/news/754577.html"), real_split("https://example.org/a")
    ('real-test', 'real-dev')
    """
    h = int(hashlib.sha256(url.encode("utf-8")).hexdigest(), 16)
    return "real-test" if h % 5 < TEST_SHARE else "real-dev"


def load_examples(split: str = "dev") -> list[dict]:
    """Labelled units: ``dev`` and ``heldout`` sentences (JSONL), ``seed`` articles, or the real
    corpus's ``real-dev`` part (all batches), the test part of one batch (``real-test``,
    ``real-test2`` ... ``real-test9``) or of all of them (``real-test-all``).

    ``heldout`` was written before any rule and never used to tune them. The dev units tagged
    ``round2``, ``round3`` and ``round4`` were written later as fresh tests, scored once (see
    docs/extraction.md for those first scores), and then used for tuning like the rest of dev.

    Each unit is a dict with ``id``, ``text``, ``published`` (date), ``tags`` and ``claims``.
    """
    if split in ("real-dev", POOLED_TEST):
        paths = [p for d in REAL_BATCHES.values() for p in sorted((DATA_DIR / d).glob("*.jsonl"))]
    elif split in REAL_BATCHES:
        paths = sorted((DATA_DIR / REAL_BATCHES[split]).glob("*.jsonl"))
    else:
        paths = [DATA_DIR / {"dev": "dev.jsonl", "heldout": "heldout.jsonl", "seed": "seed_articles.jsonl"}[split]]
    share = "real-dev" if split == "real-dev" else "real-test"  # the hash's part that the split takes
    out = []
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                u = json.loads(line)
                if split.startswith("real-") and real_split(u["url"]) != share:
                    continue
                if split == "seed":
                    u["text"] = (ARTICLES_DIR / f"{u['id']}.txt").read_text(encoding="utf-8")
                u["published"] = dt.date.fromisoformat(u["published"]) if u.get("published") else None
                out.append(u)
    return out


def run(units: list[dict]) -> tuple[list[dict], list[dict]]:
    """Gold and predicted claim rows (with ``unit`` and ``tags``) for a list of labelled units."""
    from .extract import extract

    gold, pred = [], []
    for u in units:
        tags = u.get("tags", [])
        for c in u["claims"]:
            gold.append({"unit": u["id"], "tags": tags, **c})
        for c in extract(u["text"], u["published"], u["id"]):
            pred.append({"unit": u["id"], "tags": tags, **c})
    return gold, pred


def evaluation_table(per_phenomenon: tuple[str, ...] = ("dev",),
                     splits: tuple[str, ...] = SPLITS) -> "pandas.DataFrame":  # noqa: F821
    """One 'all' row for each split (the real corpus's dev and test parts, the written dev set,
    the held-out set, the seed articles), and one row per phenomenon tag of the splits in
    ``per_phenomenon``: precision, recall, F1 on (side, category, count), side-blind F1, F1 on
    current (not background) figures, F1 on the full tuple, background accuracy, n (gold
    claims), predicted (claims the extractor gave) and units."""
    import pandas as pd

    rows = []
    for split in splits:
        units = load_examples(split)
        gold, pred = run(units)
        r = score(gold, pred)
        rows.append(_row(split, "all", r, len(units), f1_interval(gold, pred, [u["id"] for u in units])))
        if split not in per_phenomenon:
            continue
        for tag in sorted({t for u in units for t in u.get("tags", [])}):
            tu = {u["id"] for u in units if tag in u.get("tags", [])}
            r = score([g for g in gold if g["unit"] in tu], [p for p in pred if p["unit"] in tu])
            rows.append(_row(split, tag, r, len(tu)))
    return pd.DataFrame(rows)


def _row(split: str, tag: str, r: dict, units: int, interval=(float("nan"), float("nan"))) -> dict:
    return {
        "split": split, "phenomenon": tag,
        "precision": r["scc"]["precision"], "recall": r["scc"]["recall"], "f1": r["scc"]["f1"],
        "f1_low": interval[0], "f1_high": interval[1],
        "f1_blind": r["blind"]["f1"], "f1_current": r["current"]["f1"],
        "f1_full": r["full"]["f1"], "background_accuracy": r["background_accuracy"],
        "n": r["n_gold"], "predicted": r["n_predicted"], "units": units,
    }


def cli_eval(out) -> int:
    """``casualties eval``: print the scores on the dev set, per phenomenon, held-out and seeds."""
    if not DATA_DIR.is_dir():
        print(f"casualties eval: {DATA_DIR}: the labelled set is only in a source checkout", file=__import__("sys").stderr)
        return 2
    df = evaluation_table(per_phenomenon=("real-dev", *REAL_BATCHES, POOLED_TEST, "dev", "heldout"))
    out.write("Extractor scores. P/R/F1 on (side, category, count); F1 95% = bootstrap interval over\n"
              "units; blind = (category, count); current = figures that are not background; full = +\n"
              "qualifier, claimant side; n = labelled figures; pred = figures the extractor gave (on\n"
              "the figure-free articles, tag 'none', pred counts false figures). real-dev and\n"
              "real-test, real-test2 ... real-test9 are real news excerpts (the test part of each\n"
              "batch, frozen; real-test-all = all of them together); dev, heldout and seed are written\n"
              "by us.\n\n")
    head = (f"{'split':13} {'phenomenon':18} {'P':>6} {'R':>6} {'F1':>6} {'F1 95%':>11} {'blind':>6} "
            f"{'current':>7} {'full':>6} {'bg acc':>6} {'n':>5} {'pred':>5} {'units':>5}")
    out.write(head + "\n" + "-" * len(head) + "\n")
    for r in df.itertuples():
        band = f"{r.f1_low:.2f}-{r.f1_high:.2f}" if r.f1_low == r.f1_low else "–"  # NaN: per phenomenon
        out.write(f"{r.split:13} {r.phenomenon:18} {r.precision:6.3f} {r.recall:6.3f} {r.f1:6.3f} {band:>11} "
                  f"{r.f1_blind:6.3f} {r.f1_current:7.3f} {r.f1_full:6.3f} {r.background_accuracy:6.3f} "
                  f"{r.n:5d} {r.predicted:5d} {r.units:5d}\n")
    _write_where(out, ("real-dev", POOLED_TEST))
    return 0


def _write_where(out, splits: tuple[str, ...]) -> None:
    """The errors by kind, and where the missed figures are lost, on the real splits."""
    out.write("\nWhere the errors are (see error_kinds and where_missed):\n")
    for split in splits:
        units = load_examples(split)
        gold, pred = run(units)
        kinds = error_kinds(gold, pred)
        out.write(f"{split:13} errors: " + ", ".join(f"{kinds[k]} {k}" for k in ERROR_KINDS) + "\n")
        where = where_missed(units, pred)
        out.write(f"{'':13} missed side-blind, {sum(where.values())}: "
                  + ", ".join(f"{where[k]} {k}" for k in MISSED_WHERE) + "\n")
