"""Time series of reconciled casualties by incident date and side, zero-filled over the coverage."""

from __future__ import annotations

from . import schema

# Weekly periods end on Sunday, so each starts on a Monday.
FREQS = {"day": "D", "week": "W-SUN", "month": "MS", "quarter": "QS", "year": "YS"}
ESTIMATES = ("low", "best", "high")
SIDES = tuple(v for v in schema.VOCABULARIES["side"])
BY = ("side", None)


def _check(name: str, value, allowed) -> None:
    """Refuse a value outside `allowed` with one message naming the allowed values.

    A value the data cannot hold (population="civilians") would otherwise select nothing and give
    zeros that look like an answer.
    """
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}; got {value!r}")


def check_arguments(freq: str = "month", measure: str = "killed", estimate: str = "best", by: str | None = "side",
                    population: str | None = None) -> None:
    """Check the arguments that `series` and `event_totals` share, before any data is read.

    >>> check_arguments(population="civilians")
    Traceback (most recent call last):
    ...
    ValueError: population must be one of 'military', 'civilian', 'mixed', 'unknown', None; got 'civilians'
    """
    _check("freq", freq, tuple(FREQS))
    _check("measure", measure, tuple(schema.VOCABULARIES["category"]))
    _check("estimate", estimate, ESTIMATES)
    _check("by", by, BY)
    _check("population", population, (*schema.VOCABULARIES["population"], None))


def event_totals(casualties, measure: str = "killed", estimate: str = "best", population: str | None = None,
                 adversary: bool = False, encyclopedia: bool = False):
    """One figure per event and side for `measure`: the sum of the rows `reconcile.in_total` flags.

    The same rule as the casualties table's `in_total` column (rule 9 in the codebook), so summing
    that column's rows gives these figures: a side's military plus civilian estimate, or its `mixed`
    or `unknown` estimate instead (never both; the later word decides, the larger only when the
    dates overlap); a `missing` figure later matched by as many captured is left out; a `combined`
    (both sides) figure only for events with no per-side figure.
    Estimates that rest only on the adversary's claim (`adversary=True` lets them in) or only on an
    encyclopedia (`encyclopedia=True`) are left out; they stay in the casualties table, flagged.
    With `population` given, that population's estimates only.
    """
    from .reconcile import in_total

    check_arguments(measure=measure, estimate=estimate, population=population)
    # The rule looks across categories (a missing figure later matched by a captured one): flag the
    # whole table, then keep the measure.
    k = casualties[in_total(casualties, adversary, encyclopedia, population)]
    k = k[k["category"].astype(str) == measure]
    k = k.assign(side=k["side"].astype(str), value=k[estimate].astype("int64"))
    total = k.groupby(["event_id", "start_date", "side"], sort=True)["value"].sum()
    return total.astype("int64").reset_index()


def series(freq: str = "month", measure: str = "killed", estimate: str = "best", by: str | None = "side",
           population: str | None = None, casualties=None, adversary: bool = False, encyclopedia: bool = False):
    """A zero-filled series of `measure` over 2021-01-01..2024-12-31, by incident date.

    Each event counts on its start date (a multi-day event is not spread), so the period of a figure
    is the period the incident began in, never the day it was reported. `freq` is day, week (weeks
    start on Monday), month, quarter or year; the index holds each period's first day. With
    by="side" the result has one column per side (see `event_totals` for how populations and
    `combined` figures are handled); with by=None it is a single Series of the total. Estimates
    known only from the adversary's claim, or only from an encyclopedia, are left out unless
    `adversary=True` or `encyclopedia=True`.

    >>> import casualties
    >>> s = casualties.series(freq="year", measure="killed", by=None)
    >>> len(s), int(s.min()) >= 0
    (4, True)
    """
    import pandas as pd

    from .load import load_casualties

    check_arguments(freq, measure, estimate, by, population)
    cas = load_casualties() if casualties is None else casualties
    totals = event_totals(cas, measure, estimate, population, adversary, encyclopedia)
    rule = FREQS[freq]
    index = pd.date_range(schema.COVERAGE_START, schema.COVERAGE_END, freq="D")
    periods = pd.Series(index, index=index).dt.to_period(rule.replace("MS", "M").replace("QS", "Q").replace("YS", "Y"))
    starts = periods.dt.start_time.drop_duplicates()
    period_of = pd.to_datetime(totals["start_date"]).dt.to_period(periods.dt.freq).dt.start_time
    wide = (totals.assign(period=period_of).pivot_table(index="period", columns="side", values="value",
                                                         aggfunc="sum", fill_value=0))
    wide = wide.reindex(index=pd.DatetimeIndex(starts.values, name="period"), columns=list(SIDES), fill_value=0)
    wide = wide.fillna(0).astype("int64")
    wide.columns = pd.Index(list(SIDES), name="side")
    if by is None:
        return wide.sum(axis=1).rename(f"{measure}_{estimate}")
    return wide


def yearly_table(casualties=None, estimate: str = "best"):
    """Killed and wounded per year and side (best estimates, as `series()` gives them): the README's table.

    >>> t = yearly_table()
    >>> list(t.index)
    [2021, 2022, 2023, 2024]
    """
    import pandas as pd

    _check("estimate", estimate, ESTIMATES)

    parts = {}
    for measure in ("killed", "wounded"):
        s = series(freq="year", measure=measure, estimate=estimate, casualties=casualties)
        s.index = s.index.year
        for side in SIDES:
            if s[side].any():
                parts[(measure, side)] = s[side]
    return pd.DataFrame(parts).rename_axis("year")
