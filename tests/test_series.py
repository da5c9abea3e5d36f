"""series(): zero-filled over the coverage, by incident start date, populations and 'combined' handled."""

import pandas as pd
import pytest

import casualties
from casualties.timeseries import event_totals, series


def cas(*rows):
    """Casualties rows: (event, start, side, category, population, low, best, high[, basis[, source_type]])."""
    cols = ["event_id", "start_date", "side", "category", "population", "low", "best", "high", "basis",
            "source_type"]
    df = pd.DataFrame([(*r, "own_report", "news_report")[:10] if len(r) == 8 else (*r, "news_report")[:10]
                       for r in rows], columns=cols)
    df["start_date"] = pd.to_datetime(df["start_date"])
    df["report_date"] = df["start_date"]
    return df


FIXTURE = cas(
    ("e1", "2022-09-13", "armenia", "killed", "military", 100, 204, 207),
    ("e1", "2022-09-13", "armenia", "killed", "civilian", 3, 3, 3),
    ("e1", "2022-09-13", "azerbaijan", "killed", "military", 80, 80, 80),
    ("e1", "2022-09-13", "combined", "killed", "military", 100, 100, 100),
    ("e2", "2021-11-16", "armenia", "killed", "mixed", 6, 6, 6),
    ("e2", "2021-11-16", "armenia", "killed", "military", 5, 5, 5),
    ("e3", "2023-09-19", "combined", "killed", "unknown", 400, 400, 400),
    ("e4", "2022-09-30", "armenia", "wounded", "military", 2, 2, 2),
    ("e5", "2023-04-11", "azerbaijan", "killed", "unknown", 3, 3, 3),
    ("e5", "2023-04-11", "azerbaijan", "killed", "military", 2, 2, 2),
    ("e6", "2022-03-25", "azerbaijan", "killed", "military", 5, 5, 5, "adversary_claim"),
)


@pytest.mark.parametrize("freq, n", [("day", 1461), ("month", 48), ("quarter", 16), ("year", 4)])
def test_zero_filled_over_the_whole_coverage(freq, n):
    s = series(freq=freq, casualties=FIXTURE)
    assert len(s) == n
    assert list(s.columns) == ["armenia", "azerbaijan", "karabakh", "russia", "combined", "unknown"]
    assert (s.values >= 0).all()


def test_weekly_periods_start_on_monday():
    s = series(freq="week", casualties=FIXTURE)
    assert (s.index.day_of_week == 0).all()
    assert s["armenia"].sum() == 207 + 6


def test_split_populations_sum_and_mixed_is_not_double_counted():
    t = event_totals(FIXTURE).set_index(["event_id", "side"])["value"]
    assert t[("e1", "armenia")] == 207          # 204 military + 3 civilian
    assert t[("e2", "armenia")] == 6            # mixed 6 contains military 5
    assert t[("e5", "azerbaijan")] == 3         # an unknown-population 3 is a total, not 3 + 2


def test_combined_only_where_no_side_figure_exists():
    t = event_totals(FIXTURE)
    assert ("e1", "combined") not in set(zip(t["event_id"], t["side"]))
    assert ("e3", "combined") in set(zip(t["event_id"], t["side"]))


def test_events_count_on_their_start_date_month():
    s = series(freq="month", casualties=FIXTURE)
    assert s.loc["2022-09-01", "armenia"] == 207
    assert s.loc["2022-09-01", "azerbaijan"] == 80
    assert s.loc["2023-09-01", "combined"] == 400
    assert s.loc["2022-10-01"].sum() == 0


def test_estimate_and_measure_and_total():
    assert series(freq="year", estimate="low", by=None, casualties=FIXTURE).loc["2022-01-01"] == 183
    assert series(freq="year", measure="wounded", by=None, casualties=FIXTURE).sum() == 2
    with pytest.raises(ValueError):
        series(freq="fortnight", casualties=FIXTURE)
    with pytest.raises(ValueError):
        series(estimate="median", casualties=FIXTURE)


def test_answers_killed_per_side_per_month_in_2022_from_the_real_data():
    monthly = casualties.series(freq="month", measure="killed")
    k = casualties.load_casualties()
    sept = k[(k["category"] == "killed") & (k["start_date"].dt.strftime("%Y-%m") == "2022-09")
             & (k["side"] == "armenia") & k["in_total"]]
    assert monthly.loc["2022-09-01", "armenia"] == sept["best"].sum() > 0
    assert monthly.loc["2022"].shape == (12, 6)


def test_adversary_only_estimates_are_left_out_unless_asked_for():
    default = series(freq="month", casualties=FIXTURE)
    assert default.loc["2022-03-01", "azerbaijan"] == 0
    assert series(freq="month", casualties=FIXTURE, adversary=True).loc["2022-03-01", "azerbaijan"] == 5


@pytest.mark.parametrize("population", ["civilians", "soldiers", "Military", ""])
def test_an_unknown_population_is_refused_with_the_allowed_values(population):
    # A population outside the vocabulary selects nothing: without the check it answered zeros.
    for call in (lambda: series(population=population, casualties=FIXTURE),
                 lambda: event_totals(FIXTURE, population=population)):
        with pytest.raises(ValueError, match="population must be one of 'military', 'civilian', 'mixed', 'unknown'"):
            call()


@pytest.mark.parametrize("kwargs, name", [({"freq": "fortnight"}, "freq"), ({"measure": "dead"}, "measure"),
                                          ({"estimate": "median"}, "estimate"), ({"by": "year"}, "by")])
def test_every_bad_argument_names_itself_and_what_is_allowed(kwargs, name):
    with pytest.raises(ValueError, match=f"^{name} must be one of .*; got "):
        series(casualties=FIXTURE, **kwargs)


def test_each_allowed_population_selects_only_its_rows():
    civilian = event_totals(FIXTURE, population="civilian")
    assert list(zip(civilian["event_id"], civilian["side"], civilian["value"])) == [("e1", "armenia", 3)]


def test_the_module_and_the_function_have_different_names():
    import casualties.timeseries as module

    assert module.__name__ == "casualties.timeseries"
    assert casualties.series is module.series
    assert callable(casualties.series)


def test_the_readme_python_example_runs(capsys):
    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Use it from Python", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    scope: dict = {}
    exec(block, scope)
    assert list(scope["killed"].columns)[:3] == ["armenia", "azerbaijan", "karabakh"]
    assert "2022-09-01" in capsys.readouterr().out
@pytest.mark.parametrize("measure", list(casualties.schema.VOCABULARIES["category"]))
def test_summing_the_tables_in_total_rows_gives_series_for_every_side_and_year(measure):
    k = casualties.load_casualties()
    k = k[(k["category"] == measure) & k["in_total"]]
    sums = k.groupby([k["start_date"].dt.year, k["side"].astype(str)])["best"].sum()
    s = series(freq="year", measure=measure)
    for year in s.index.year:
        for side in s.columns:
            assert s.loc[f"{year}-01-01", side] == sums.get((year, side), 0), (measure, year, side)


def test_encyclopedia_only_estimates_are_left_out_unless_asked_for():
    k = cas(("e7", "2022-09-13", "azerbaijan", "wounded", "military", 281, 281, 281, "own_report", "encyclopedia"),
            ("e8", "2022-09-30", "azerbaijan", "wounded", "military", 2, 2, 2))
    assert series(freq="year", measure="wounded", casualties=k).loc["2022-01-01", "azerbaijan"] == 2
    assert series(freq="year", measure="wounded", casualties=k, encyclopedia=True).loc["2022-01-01", "azerbaijan"] == 283
