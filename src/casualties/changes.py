"""Compare two releases' published figures, so the CHANGELOG lists every one that changed, and why.

`python -m casualties.changes REV` compares the `casualties` table and the README's glance table of a
git revision (e.g. the 1.0.0 commit) with the current build and prints Markdown for the CHANGELOG.
"""

from __future__ import annotations

import re

KEY = ["event_id", "side", "category", "population"]
FIGURES = ["low", "best", "high", "basis"]
#: The side-by-side columns of the casualties table, also published (the claims-gap chart reads them).
BESIDE = ["own_report", "adversary_claim", "independent"]


def figure_changes(old, new, new_claims, old_claims=None):
    """One row per (event, side, category, population) whose low, best, high or basis changed, with why.

    `kind` is added, removed or changed; `why` is read off the claims: the new best claim (derived,
    newly added) or what became of the old one (superseded, set aside, corrected).
    """
    cols = KEY + FIGURES + BESIDE + ["best_claim_id"]
    types = {**{k: str for k in KEY + ["basis"]}, **{f: "Int64" for f in ("low", "best", "high", *BESIDE)}}
    a, b = old[cols].astype(types), new[cols].astype(types)
    m = a.merge(b, on=KEY, how="outer", suffixes=("_old", "_new"), indicator=True)
    changed = m["_merge"] != "both"
    for f in FIGURES + BESIDE:
        changed |= m[f"{f}_old"].astype("string").fillna("—") != m[f"{f}_new"].astype("string").fillna("—")
    m = m[changed].copy()
    m["kind"] = m["_merge"].map({"left_only": "removed", "right_only": "added", "both": "changed"}).astype(str)
    claims_new = new_claims.set_index("claim_id")
    claims_old = old_claims.set_index("claim_id") if old_claims is not None else None
    m["why"] = [_why(r, claims_new, claims_old) for r in m.itertuples()]
    return m.drop(columns="_merge").sort_values(KEY).reset_index(drop=True)


def _claim_words(cid, claims) -> str:
    c = claims.loc[cid]
    when = pd_date(c["report_date"])
    return f"{c['claimant']}, {when}"


def pd_date(value) -> str:
    import pandas as pd

    return "" if pd.isna(value) else pd.Timestamp(value).strftime("%-d %B %Y")


def _why(r, claims_new, claims_old) -> str:
    import pandas as pd

    reasons = []
    new_id = r.best_claim_id_new if isinstance(r.best_claim_id_new, str) else None
    old_id = r.best_claim_id_old if isinstance(r.best_claim_id_old, str) else None
    if new_id and new_id in claims_new.index:
        c = claims_new.loc[new_id]
        if c["origin"] == "derived":
            reasons.append(f"killed derived from killed or missing minus missing ({c['derived_from']}; rule 4)")
        elif claims_old is not None and new_id not in claims_old.index:
            reasons.append(f"new claim {new_id} ({_claim_words(new_id, claims_new)})")
        elif claims_old is not None:
            was = claims_old.loc[new_id]
            coded = [f"{k} {was[k]} → {c[k]}" for k in KEY + ["count"] if str(was[k]) != str(c[k])]
            if coded:
                reasons.append(f"{new_id} corrected ({', '.join(coded)})")
    if old_id and old_id != new_id:
        if old_id not in claims_new.index:
            reasons.append(f"claim {old_id} corrected or removed")
        else:
            c = claims_new.loc[old_id]
            coded = [f"{k} {getattr(r, k)} → {c[k]}" for k in KEY if str(c[k]) != str(getattr(r, k))]
            if coded:
                reasons.append(f"{old_id} re-coded ({', '.join(coded)})")
            elif pd.notna(c["superseded_by"]):
                reasons.append(f"{old_id} superseded by {c['superseded_by']}")
            elif str(c["source_type"]) == "encyclopedia":
                reasons.append(f"{old_id} is an encyclopedia figure, set aside beside a dated statement")
            elif claims_old is not None and old_id in claims_old.index and claims_old.loc[old_id, "count"] != c["count"]:
                reasons.append(f"{old_id} corrected ({claims_old.loc[old_id, 'count']} → {c['count']})")
    if r.kind == "changed" and r.basis_old != r.basis_new and not reasons:
        reasons.append({"derived": "a total across sides is an outlet's own sum: basis derived",
                        "adversary_claim": "the party whose forces fired is never independent: basis adversary_claim",
                        }.get(r.basis_new, f"basis {r.basis_old} → {r.basis_new}"))
    if not reasons and r.kind == "changed":
        group = claims_new[(claims_new[KEY].astype(str) == [str(getattr(r, k)) for k in KEY]).all(axis=1)]
        leads = group[(group["source_type"].astype(str) == "encyclopedia") & group["superseded_by"].isna()]
        if len(leads):
            reasons.append(f"encyclopedia figure {', '.join(leads.index)} set aside beside dated statements")
    if not reasons and r.kind == "changed":
        reasons.append("the current figures beside the best changed (a claim added, superseded or set aside)")
    return "; ".join(reasons) or "see the claims of the event"


def figure_text(r) -> str:
    """'killed, military: 135 → 180 (own_report)' with low–high when they differ from best."""
    import pandas as pd

    def fig(side):
        best, low, high, basis = (getattr(r, f"{f}_{side}") for f in FIGURES)
        if pd.isna(best):
            return "—"
        rng = "" if low == best == high else f" [{int(low)}–{int(high)}]"
        return f"{int(best)}{rng} {basis}"
    beside = [f"{f} {_num(getattr(r, f + '_old'))} → {_num(getattr(r, f + '_new'))}" for f in BESIDE
              if _num(getattr(r, f + "_old")) != _num(getattr(r, f + "_new")) and r.kind == "changed"]
    return f"{fig('old')} → {fig('new')}" + (f"; {', '.join(beside)}" if beside else "")


def _num(value) -> str:
    import pandas as pd

    return "—" if pd.isna(value) else str(int(value))


def markdown(changes) -> str:
    """The changed figures as Markdown list items, grouped by event."""
    lines = []
    for event, grp in changes.groupby("event_id", sort=True):
        lines.append(f"- `{event}`")
        for r in grp.itertuples():
            lines.append(f"  - {r.side} {r.category} ({r.population}): {figure_text(r)}. Why: {r.why}.")
    return "\n".join(lines)


GLANCE = re.compile(r"<!-- glance:start -->\n(.*?)\n<!-- glance:end -->", re.S)


def glance_cells(readme: str) -> dict[tuple[str, str], str]:
    """The README's at-a-glance table as {(row label, column label): cell}."""
    block = GLANCE.search(readme)
    if not block:
        return {}
    rows = [[c.strip().strip("*") for c in line.strip().strip("|").split("|")] for line in block.group(1).splitlines()]
    head, body = rows[0], rows[2:]
    return {(row[0], col): cell for row in body for col, cell in zip(head[1:], row[1:])}


def glance_changes(old_readme: str, new_readme: str) -> str:
    """Markdown list of the glance table's cells that changed, old → new."""
    old, new = glance_cells(old_readme), glance_cells(new_readme)
    lines = []
    for key in sorted(set(old) | set(new)):
        if old.get(key) != new.get(key):
            lines.append(f"- {key[0]}, {key[1]}: {old.get(key, '—')} → {new.get(key, '—')}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import argparse
    import io
    import subprocess
    from pathlib import Path

    import pandas as pd

    from . import build, load

    parser = argparse.ArgumentParser(prog="python -m casualties.changes", description=__doc__)
    parser.add_argument("rev", help="git revision of the earlier release, e.g. 81cdef2 (1.0.0)")
    parser.add_argument("--changelog", metavar="PATH",
                        help="replace the block between <!-- changes:start --> and <!-- changes:end --> in PATH")
    args = parser.parse_args(argv)
    root = build.project_root()

    def show(path: str) -> bytes:
        return subprocess.run(["git", "show", f"{args.rev}:{path}"], cwd=root, check=True, capture_output=True).stdout

    old = pd.read_parquet(io.BytesIO(show("data/processed/casualties.parquet")))
    old_claims = pd.read_parquet(io.BytesIO(show("data/processed/claims.parquet")))
    new = load.load_casualties(root / "data" / "processed")
    new_claims = load.load_claims(root / "data" / "processed")
    text = (f"### Every published estimate that changed (casualties table), old → new\n\n"
            f"Generated by `uv run python -m casualties.changes {args.rev}` against this build. Each line: side, "
            f"category (population): best [low–high] basis, old → new; then the side-by-side columns that "
            f"changed; and why.\n\n"
            + markdown(figure_changes(old, new, new_claims, old_claims))
            + "\n\n### README at-a-glance table, old → new\n\n"
            + glance_changes(show("README.md").decode("utf-8"), (root / "README.md").read_text(encoding="utf-8")))
    if args.changelog:
        path = Path(args.changelog)
        block = re.compile(r"(<!-- changes:start -->\n)(?:.*?\n)?(<!-- changes:end -->)", re.S)
        path.write_text(block.sub(lambda m: m.group(1) + text + "\n" + m.group(2), path.read_text(encoding="utf-8"),
                                  count=1),
                        encoding="utf-8")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
