"""Reconcile claims into low / best / high per event, side, category and population.

The rule, in full (also in docs/codebook.md, generated from RULE below):
"""

from __future__ import annotations

import pandas as pd

#: Review states whose claims enter the estimates. Unreviewed extracted figures stay provisional.
ELIGIBLE = ("curated", "accepted", "corrected")
#: Governments speak with one voice over time: their later figure replaces their earlier one.
OFFICIAL_SIDES = ("armenia", "azerbaijan", "karabakh", "russia")
#: Which basis wins `best` when several are current: the side's own word first.
BASIS_PRIORITY = ("own_report", "allied_report", "independent", "adversary_claim")
GROUP = ["event_id", "side", "category", "population"]

RULE = """\
1. **Eligible claims.** Curated claims and extracted claims a reviewer accepted or corrected, that
   are not background mentions. Unreviewed and rejected extracted claims, and figures a source cites
   only as context (`is_background`, e.g. "about 300 casualties in last year's clash"), are kept in
   `claims` but never enter an estimate.
2. **Groups.** Claims are reconciled per event, side hit, category and population.
3. **Speakers and revisions.** Within a group, a *speaker* is a government side (its ministries and
   officials count as one voice: `armenia`, `azerbaijan`, `karabakh`, `russia`), or, for third parties
   and unknown claimants, the named claimant. Partial figures (one province, one unit) form their own
   speakers. A speaker's claims are ordered by report date (same day: a figure the extractor marked as
   revised comes first, then by article and position, then by claim id); each claim but the last gets
   `superseded_by` = the next one. Only the last, *current*, claim of each speaker counts below.
4. **Partial figures** are set aside when the group has any current full figure.
5. **best** is the current claim with the highest-priority basis: the side's own report, then an
   ally's report (Armenia about Karabakh or the reverse), then an independent figure, and only when
   nothing else exists the adversary's claim (its basis then says so). Ties: the later report, then
   the larger figure.
6. **low and high** are the smallest and largest current credible figures: own, allied and
   independent claims. The adversary's claim bounds them only when it is the sole figure.
7. **Side by side.** `own_report`, `adversary_claim` (the largest current adversary figure) and
   `independent` (the latest) are kept in their own columns, so a claim about the adversary is never
   merged silently.
8. Qualifiers ('at least', 'about') are kept on each claim; the estimates use the figures as stated.
"""
__doc__ += "\n" + RULE


def is_eligible(claims: pd.DataFrame) -> pd.Series:
    """Claims that enter the estimates: vetted (curated, accepted, corrected) and not background."""
    return claims["review"].astype(str).isin(ELIGIBLE) & ~claims["is_background"].astype(bool)


def _speaker(claims: pd.DataFrame) -> pd.Series:
    official = claims["claimant_side"].astype(str).isin(OFFICIAL_SIDES)
    who = claims["claimant_side"].astype(str).where(official, "claimant:" + claims["claimant"].astype(str))
    return who.where(~claims["is_partial"].astype(bool), "partial:" + claims["claimant"].astype(str))


def mark_superseded(claims: pd.DataFrame) -> pd.Series:
    """claim_id of the claim that replaces each one (same group and speaker, later), else NA.

    >>> df = pd.DataFrame({"claim_id": ["a", "b"], "event_id": "e", "side": "armenia",
    ...     "category": "killed", "population": "military", "claimant": ["MoD", "PM"],
    ...     "claimant_side": "armenia", "is_partial": False, "is_background": False, "review": "curated",
    ...     "report_date": pd.to_datetime(["2022-09-13", "2022-09-14"]),
    ...     "article_id": None, "evidence_start": None, "revised_in_text": False})
    >>> mark_superseded(df).tolist()
    ['b', <NA>]
    """
    out = pd.Series(pd.NA, index=claims.index, dtype="string")
    eligible = claims[is_eligible(claims)].copy()
    if eligible.empty:
        return out
    eligible["_speaker"] = _speaker(eligible)
    eligible["_not_revised"] = ~eligible["revised_in_text"].astype(bool)
    eligible["_article"] = eligible["article_id"].fillna("").astype(str)
    eligible["_pos"] = pd.to_numeric(eligible["evidence_start"]).fillna(-1)
    order = ["report_date", "_not_revised", "_article", "_pos", "claim_id"]
    eligible = eligible.sort_values(order, kind="stable")
    for _, grp in eligible.groupby(GROUP + ["_speaker"], sort=False, observed=True, dropna=False):
        ids = grp["claim_id"].tolist()
        for idx, nxt in zip(grp.index[:-1], ids[1:]):
            out[idx] = nxt
    return out


def _pick_best(current: pd.DataFrame) -> pd.Series:
    rank = current["basis"].astype(str).map({b: i for i, b in enumerate(BASIS_PRIORITY)})
    ordered = current.assign(_rank=rank).sort_values(
        ["_rank", "report_date", "count", "claim_id"], ascending=[True, False, False, True], kind="stable")
    return ordered.iloc[0]


def reconcile(claims: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """One row per event, side, category and population with low / best / high.

    `claims` must carry `superseded_by` (see mark_superseded) and `basis`.
    """
    eligible = claims[is_eligible(claims) & claims["event_id"].notna()]
    starts = dict(zip(events["event_id"], events["start_date"]))
    rows = []
    for key, grp in eligible.groupby(GROUP, sort=True, observed=True):
        current = grp[grp["superseded_by"].isna()]
        full = current[~current["is_partial"].astype(bool)]
        pool = full if len(full) else current
        credible = pool[pool["basis"].astype(str) != "adversary_claim"]
        if credible.empty:
            credible = pool
        best = _pick_best(pool)
        by_basis = {b: pool[pool["basis"].astype(str) == b] for b in ("own_report", "adversary_claim", "independent")}
        own = by_basis["own_report"]
        indep = by_basis["independent"]
        rows.append({
            **dict(zip(GROUP, key)),
            "start_date": starts[key[0]],
            "low": int(credible["count"].min()),
            "best": int(best["count"]),
            "high": int(credible["count"].max()),
            "basis": best["basis"],
            "best_claim_id": best["claim_id"],
            "own_report": int(_pick_best(own)["count"]) if len(own) else None,
            "adversary_claim": int(by_basis["adversary_claim"]["count"].max()) if len(by_basis["adversary_claim"]) else None,
            "independent": int(_pick_best(indep)["count"]) if len(indep) else None,
            "n_claims": len(grp),
        })
    return pd.DataFrame(rows)
