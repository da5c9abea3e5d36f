"""Reconcile claims into low / best / high per event, side, category and population.

The rule, in full (also in docs/codebook.md, generated from RULE below):
"""

from __future__ import annotations

import re

import pandas as pd

from .schema import CAMPS

#: Review states whose claims enter the estimates. Unreviewed extracted figures stay provisional.
ELIGIBLE = ("curated", "accepted", "corrected", "derived")
#: Governments speak with one voice over time: their later figure replaces their earlier one.
OFFICIAL_SIDES = ("armenia", "azerbaijan", "karabakh", "russia")
#: Which basis wins `best` when several are current: the side's own word first.
BASIS_PRIORITY = ("own_report", "allied_report", "independent", "derived", "adversary_claim")
GROUP = ["event_id", "side", "category", "population"]
#: How a curated row says that it revises an earlier figure (data/raw/curated/README.md: "revision of /01").
REVISION_NOTE = re.compile(r"\brevision of\b(?: (/\d+))?", re.IGNORECASE)
#: Populations a side's total may be given for without a split.
UNSPLIT = ("mixed", "unknown")

RULE = """\
1. **Eligible claims.** Curated claims and extracted claims a reviewer accepted or corrected, that
   are not background mentions, and the figures derived from them (rule 4). Unreviewed and rejected
   extracted claims, and figures a source cites only as context (`is_background`, e.g. "about 300
   casualties in last year's clash"), are kept in `claims` but never enter an estimate.
2. **Groups.** Claims are reconciled per event, side hit, category and population.
3. **Speakers and revisions.** Within a group, a *speaker* is a government side (its ministries and
   officials count as one voice: `armenia`, `azerbaijan`, `karabakh`, `russia`; about the losses of
   their own camp, Armenia's and Karabakh's authorities are one voice, so Armenia's later count of
   Karabakh losses replaces the Karabakh authorities' earlier one), or, for third parties and unknown
   claimants, the named claimant. Partial figures (one province, one unit) and figures read only in
   an encyclopedia (`source_type` = `encyclopedia`) form speakers of their own. A speaker's claims
   are ordered by report date. On the same day, curated rows keep their claim-id order, except that
   a row whose note says it is a "revision of /NN" comes after /NN; the extracted figures of that day
   (a figure the extractor found revised later in the same text first, then by article and position)
   come just before the first curated row that says it is a "revision of" an earlier one, so that
   revision beats an article's figure of the same day, or last when no curated row says so.
   Statements whose local time is known (`report_time`) are then put in time order among themselves,
   in the places they held. Each claim but the last gets
   `superseded_by` = the next one. Only the last, *current*, claim of each speaker counts below.
4. **Killed derived from "killed or missing".** When a speaker gives a killed-or-missing figure K for
   a population and, on the same day, a missing figure, the missing figures it had given for that
   population by that day (military plus civilian for a `mixed` K) are subtracted: killed = K - missing.
   The result is a new claim (`origin` = `derived`, `derived_from` = the claims used, dated and cited
   like K, same basis and qualifier as K), made only when it exceeds the killed figure the same
   speaker had given for that population by that day; it then takes part in rules 3-7 like any other
   claim of the speaker, so a later plain killed figure supersedes it.
5. **Set aside.** Partial figures are set aside when the group has a current full figure other than
   the adversary's, and encyclopedia figures when it has any current figure from another kind of
   source.
6. **best** is the current claim with the highest-priority basis: the side's own report, then an
   ally's report (Armenia about Karabakh or the reverse), then an independent figure, then a total
   across sides (`derived`), and only when nothing else exists the adversary's claim (its basis then
   says so). A party to the fighting is never independent: its figure about the other camp's or the
   peacekeepers' losses is an adversary claim. Ties: the later report, then the larger figure.
7. **low and high** are the smallest and largest current credible figures: every current figure
   but the adversary's. The adversary's claim bounds them only when it is the sole figure.
8. **Side by side.** `own_report`, `adversary_claim` (the largest current adversary figure) and
   `independent` (the latest) are kept in their own columns, so a claim about the adversary is never
   merged silently.
9. **Which rows add up (`in_total`).** Summing `best` over the rows with `in_total` true, one
   category at a time, gives `series()` exactly; both use this one rule. A row is out of the total
   when its best rests only on the adversary's claim (`basis` = `adversary_claim`) or only on an
   encyclopedia (`source_type` = `encyclopedia`); `series(adversary=True, encyclopedia=True)` lets
   them in. Per event, side and category: military and civilian rows add up, or a figure that does
   not split the populations (`mixed` or `unknown`; the largest, if several) is the side's total
   instead, never both. The later word decides: split rows all reported after the total replace it, a
   total reported after every split row replaces them; when their dates overlap, the larger wins. A `missing` row is out when a `captured` figure
   for the same event, side and population, reported later, is at least as large (the missing were
   found in captivity). A `combined` row (both sides) is in only for events with no per-side row in
   the total for that category. Categories overlap (`killed_or_missing` holds killed and missing,
   `casualties` holds killed and wounded): never add two categories' totals unless both are plain
   (killed, wounded, missing, captured).
10. Qualifiers ('at least', 'about') are kept on each claim; the estimates use the figures as stated.
"""
__doc__ += "\n" + RULE


def is_eligible(claims: pd.DataFrame) -> pd.Series:
    """Claims that enter the estimates: vetted (curated, accepted, corrected, derived), not background."""
    return claims["review"].astype(str).isin(ELIGIBLE) & ~claims["is_background"].astype(bool)


def _is_encyclopedia(claims: pd.DataFrame) -> pd.Series:
    return claims["source_type"].astype(str).eq("encyclopedia")


def _speaker(claims: pd.DataFrame) -> pd.Series:
    cside, side = claims["claimant_side"].astype(str), claims["side"].astype(str)
    official = cside.isin(OFFICIAL_SIDES)
    camp = cside.map(CAMPS)
    one_camp = camp.notna() & camp.eq(side.map(CAMPS))
    who = cside.where(~one_camp, "camp:" + camp.fillna(""))
    who = who.where(official, "claimant:" + claims["claimant"].astype(str))
    who = who.where(~claims["is_partial"].astype(bool), "partial:" + claims["claimant"].astype(str))
    return who.where(~_is_encyclopedia(claims), "encyclopedia:" + who)


def _is_curated_revision(claims: pd.DataFrame) -> pd.Series:
    says = pd.Series([bool(REVISION_NOTE.search(n)) for n in claims["note"].fillna("").astype(str)],
                     index=claims.index, dtype=bool)
    return claims["origin"].astype(str).eq("curated") & says


def _after_what_they_revise(curated: pd.DataFrame) -> pd.DataFrame:
    """Curated rows in claim-id order, except that a "revision of /NN" comes after /NN of the same day."""
    order = list(curated["claim_id"])
    for _ in range(len(order)):
        moved = False
        for cid, note in zip(curated["claim_id"], curated["note"].fillna("").astype(str)):
            m = REVISION_NOTE.search(note)
            target = cid.rsplit("/", 1)[0] + m.group(1) if m and m.group(1) else None
            if target in order and order.index(target) > order.index(cid):
                order.remove(cid)
                order.insert(order.index(target) + 1, cid)
                moved = True
        if not moved:
            break
    index_of = dict(zip(curated["claim_id"], curated.index))
    return curated.loc[[index_of[cid] for cid in order]]


def _same_day_order(day: pd.DataFrame) -> list:
    """Index of one speaker's same-day claims, earliest first (rule 3).

    Curated rows keep their claim-id order, except that a row noted "revision of /NN" comes after
    /NN; the day's extracted figures (a figure the extractor found
    revised in its own text first, then by article and position) go just before the first curated
    row that says it is a revision, or last when none does. Then the places held by statements with a
    known `report_time` are refilled with those statements in time order.
    """
    curated = _after_what_they_revise(day[day["origin"].astype(str) != "extracted"].sort_values("claim_id", kind="stable"))
    extracted = day[day["origin"].astype(str) == "extracted"].sort_values(
        ["_not_revised", "_article", "_pos", "claim_id"], kind="stable")
    revision = _is_curated_revision(curated).tolist()
    cut = revision.index(True) if True in revision else len(curated)
    order = list(curated.index[:cut]) + list(extracted.index) + list(curated.index[cut:])
    times = day["report_time"].astype("string")
    timed = [i for i in order if pd.notna(times[i])]
    by_time = sorted(timed, key=lambda i: times[i])
    slots = iter(by_time)
    return [next(slots) if pd.notna(times[i]) else i for i in order]


def speaker_order(claims: pd.DataFrame) -> pd.DataFrame:
    """Eligible claims with a `_speaker` column, sorted so each speaker's later statement comes later."""
    eligible = claims[is_eligible(claims)].copy()
    eligible["_speaker"] = _speaker(eligible)
    eligible["_not_revised"] = ~eligible["revised_in_text"].fillna(False).astype(bool)
    eligible["_article"] = eligible["article_id"].fillna("").astype(str)
    eligible["_pos"] = pd.to_numeric(eligible["evidence_start"]).fillna(-1)
    eligible = eligible.sort_values(["report_date", "claim_id"], kind="stable")
    index = []
    for _, day in eligible.groupby(GROUP + ["_speaker", "report_date"], sort=False, observed=True, dropna=False):
        index += _same_day_order(day)
    return eligible.loc[index]


def mark_superseded(claims: pd.DataFrame) -> pd.Series:
    """claim_id of the claim that replaces each one (same group and speaker, later), else NA.

    >>> df = pd.DataFrame({"claim_id": ["a", "b"], "event_id": "e", "side": "armenia",
    ...     "category": "killed", "population": "military", "claimant": ["MoD", "PM"],
    ...     "claimant_side": "armenia", "is_partial": False, "is_background": False, "review": "curated",
    ...     "origin": "curated", "note": None, "source_type": "news_report", "report_time": None,
    ...     "report_date": pd.to_datetime(["2022-09-13", "2022-09-14"]),
    ...     "article_id": None, "evidence_start": None, "revised_in_text": False})
    >>> mark_superseded(df).tolist()
    ['b', <NA>]
    """
    out = pd.Series(pd.NA, index=claims.index, dtype="string")
    ordered = speaker_order(claims)
    for _, grp in ordered.groupby(GROUP + ["_speaker"], sort=False, observed=True, dropna=False):
        ids = grp["claim_id"].tolist()
        for idx, nxt in zip(grp.index[:-1], ids[1:]):
            out[idx] = nxt
    return out


def _latest_by_population(frame: pd.DataFrame, day) -> dict[str, pd.Series]:
    """Per population, the speaker's latest claim reported on or before `day` (frame in speaker order)."""
    known = frame[frame["report_date"] <= day]
    return {str(pop): grp.iloc[-1] for pop, grp in known.groupby("population", observed=True, sort=False)}


def _covering(latest: dict[str, pd.Series], population: str) -> list[pd.Series] | None:
    """The figures that together cover `population`: itself, or for an unsplit total military + civilian."""
    if population in latest:
        return [latest[population]]
    if population in UNSPLIT and "military" in latest and "civilian" in latest:
        return [latest["military"], latest["civilian"]]
    return None


def derive_killed(claims: pd.DataFrame) -> pd.DataFrame:
    """Killed figures derived from a speaker's killed-or-missing and missing figures (rule 4).

    Armenia gave its September 2022 losses as "more than 210 killed or missing" and, the same day,
    28 servicemen missing (2 civilians were missing since an earlier statement): killed = 210 - 30 =
    180, which a plain "killed" figure of that speaker did not yet say. Returns the derived claims,
    with the columns of `claims` (empty when none).
    """
    ordered = speaker_order(claims[claims["event_id"].notna() & ~claims["is_partial"].astype(bool)])
    rows = []
    for (event, side, speaker), grp in ordered.groupby(["event_id", "side", "_speaker"], sort=True, observed=True):
        by_cat = {str(c): g for c, g in grp.groupby("category", observed=True, sort=False)}
        if "killed_or_missing" not in by_cat or "missing" not in by_cat:
            continue
        for _, kom in by_cat["killed_or_missing"].iterrows():
            day, pop = kom["report_date"], str(kom["population"])
            missing = _covering(_latest_by_population(by_cat["missing"], day), pop)
            if not missing or not any(m["report_date"] == day for m in missing):
                continue
            killed_before = _covering(_latest_by_population(by_cat.get("killed", grp.iloc[0:0]), day), pop)
            value = int(kom["count"]) - sum(int(m["count"]) for m in missing)
            if value <= sum(int(k["count"]) for k in killed_before or []):
                continue
            rows.append(_derived_claim(kom, missing, value))
    return pd.DataFrame(rows, columns=claims.columns)


def _derived_claim(kom: pd.Series, missing: list[pd.Series], value: int) -> dict:
    used = [kom["claim_id"]] + [m["claim_id"] for m in missing]
    minus = " + ".join(f"{int(m['count'])} missing ({m['claim_id']})" for m in missing)
    rec = {k: kom[k] for k in kom.index if not k.startswith("_")}
    rec.update(
        claim_id=f"{kom['claim_id']}:killed", origin="derived", review="derived", category="killed",
        count=value, derived_from="; ".join(used), superseded_by=pd.NA, revised_in_text=False,
        note=(f"derived by the reconciliation rule: {int(kom['count'])} killed or missing ({kom['claim_id']}) "
              f"minus {minus}, as of {kom['report_date']:%Y-%m-%d}"),
    )
    return rec


def _pick_best(current: pd.DataFrame) -> pd.Series:
    rank = current["basis"].astype(str).map({b: i for i, b in enumerate(BASIS_PRIORITY)})
    ordered = current.assign(_rank=rank).sort_values(
        ["_rank", "report_date", "count", "claim_id"], ascending=[True, False, False, True], kind="stable")
    return ordered.iloc[0]


def _set_aside(current: pd.DataFrame) -> pd.DataFrame:
    """Rule 5: partial figures while a full one exists, encyclopedia figures while another source exists.

    An adversary's full figure does not push a credible partial one aside: a partial own or
    independent figure (a floor) is better evidence than the adversary's word alone.
    """
    full = current[~current["is_partial"].astype(bool)]
    credible_full = full[full["basis"].astype(str) != "adversary_claim"]
    pool = full if len(credible_full) or len(full) == len(current) else current
    sourced = pool[~_is_encyclopedia(pool)]
    return sourced if len(sourced) else pool


def reconcile(claims: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """One row per event, side, category and population with low / best / high and `in_total`.

    `claims` must carry `superseded_by` (see mark_superseded), `basis` and any derived claims.
    """
    eligible = claims[is_eligible(claims) & claims["event_id"].notna()]
    starts = dict(zip(events["event_id"], events["start_date"]))
    rows = []
    for key, grp in eligible.groupby(GROUP, sort=True, observed=True):
        pool = _set_aside(grp[grp["superseded_by"].isna()])
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
            "report_date": best["report_date"],
            "source_type": best["source_type"],
            "own_report": int(_pick_best(own)["count"]) if len(own) else None,
            "adversary_claim": int(by_basis["adversary_claim"]["count"].max()) if len(by_basis["adversary_claim"]) else None,
            "independent": int(_pick_best(indep)["count"]) if len(indep) else None,
            "n_claims": len(grp),
        })
    out = pd.DataFrame(rows)
    if len(out):
        out["in_total"] = in_total(out)
    return out


def in_total(casualties: pd.DataFrame, adversary: bool = False, encyclopedia: bool = False,
             population: str | None = None) -> pd.Series:
    """Which rows of a casualties table add up without counting anybody twice (rule 9).

    The one implementation of "what a total is": the `in_total` column is this with the defaults, and
    `series()` sums exactly the rows it flags. With `population` given, only that population's rows
    are in (the split/unsplit choice does not apply).

    >>> cas = pd.DataFrame({"event_id": "e", "side": "karabakh", "category": "killed",
    ...     "population": ["military", "civilian", "mixed"], "best": [173, 10, 213],
    ...     "basis": ["adversary_claim", "own_report", "own_report"], "source_type": "news_report",
    ...     "report_date": pd.Timestamp("2023-09-25")})
    >>> in_total(cas).tolist(), in_total(cas, population="military", adversary=True).tolist()
    ([False, False, True], [True, False, False])
    """
    cas = casualties
    base = pd.Series(True, index=cas.index)
    if not adversary:
        base &= cas["basis"].astype(str) != "adversary_claim"
    if not encyclopedia:
        base &= cas["source_type"].astype(str) != "encyclopedia"
    base &= ~_missing_found_captured(cas, base)
    if population is not None:
        ok = base & (cas["population"].astype(str) == population)
    else:
        ok = base & _population_choice(cas, base)
    side = cas["side"].astype(str)
    per_side = set(zip(cas.loc[ok & (side != "combined"), "event_id"], cas.loc[ok & (side != "combined"), "category"]))
    combined_needed = pd.Series([(e, c) not in per_side for e, c in zip(cas["event_id"], cas["category"])],
                                index=cas.index)
    return (ok & ((side != "combined") | combined_needed)).astype(bool)


def _missing_found_captured(cas: pd.DataFrame, counted: pd.Series) -> pd.Series:
    """Missing rows matched by a later, at least as large, counted captured figure (same event, side, population)."""
    key = ["event_id", "side", "population"]
    captured = cas[counted & (cas["category"].astype(str) == "captured")]
    later = {}
    for row in captured.itertuples():
        k = (row.event_id, str(row.side), str(row.population))
        later.setdefault(k, []).append((row.report_date, int(row.best)))
    out = pd.Series(False, index=cas.index)
    for idx, row in cas[cas["category"].astype(str) == "missing"][key + ["report_date", "best"]].iterrows():
        k = (row["event_id"], str(row["side"]), str(row["population"]))
        out[idx] = any(d > row["report_date"] and n >= int(row["best"]) for d, n in later.get(k, []))
    return out


def _population_choice(cas: pd.DataFrame, counted: pd.Series) -> pd.Series:
    """Per event, side and category: the split rows, or the single largest unsplit row (rule 9).

    The later word wins: split rows all reported after the unsplit total replace it, an unsplit total
    reported after every split row replaces them; when the dates overlap, the larger figure wins.
    """
    out = pd.Series(False, index=cas.index)
    rows = cas[counted]
    for _, grp in rows.groupby(["event_id", "side", "category"], observed=True, sort=False):
        pop = grp["population"].astype(str)
        split = grp[pop.isin(["military", "civilian"])]
        unsplit = grp[pop.isin(UNSPLIT)]
        if unsplit.empty:
            out[split.index] = True
            continue
        total = unsplit["best"].astype("int64").idxmax()
        if split.empty:
            out[total] = True
            continue
        day, days = unsplit.loc[total, "report_date"], split["report_date"]
        if (days > day).all():
            use_total = False
        elif (days < day).all():
            use_total = True
        else:
            use_total = int(unsplit.loc[total, "best"]) > int(split["best"].sum())
        if use_total:
            out[total] = True
        else:
            out[split.index] = True
    return out
