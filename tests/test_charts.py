"""Charts: each renders on fixture frames and on the real data, cites the dataset version, takes no side,
and the gallery is written byte-for-byte reproducibly without pyplot."""

import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from matplotlib.figure import Figure

import casualties
from casualties import charts, schema
from casualties.load import typed

# Our own copy of the words a chart must never use, so a change to charts.FORBIDDEN_WORDS can't hide one.
PARTISAN = ("provocation", "provocateur", "aggression", "aggressor", "liberated", "liberation", "martyr",
            "occupied", "occupation", "occupier", "terrorist", "terrorism")
TIME_CHARTS = ("escalation", "incidents", "cumulative", "claims_gap")


def _events():
    return typed(pd.DataFrame([
        ("2021-11-16-border-clashes", "Border clashes in Syunik", "2021-11-16", "2021-11-16"),
        ("2022-03-07-small-shooting", "Shooting near a village", "2022-03-07", "2022-03-07"),
        ("2022-09-13-border-clashes", "Border clashes in three provinces", "2022-09-13", "2022-09-14"),
        ("2023-05-10-wounded-only", "Soldier wounded on the border", "2023-05-10", "2023-05-10"),
    ], columns=["event_id", "name", "start_date", "end_date"]).assign(
        date_precision="day", country_of_location="both", area="border", description="x", n_claims=1),
        schema.EVENTS)


def _casualties():
    cols = ["event_id", "start_date", "side", "category", "population", "low", "best", "high", "basis",
            "own_report", "adversary_claim", "independent"]
    rows = [
        ("2021-11-16-border-clashes", "2021-11-16", "armenia", "killed", "military", 6, 6, 15, "own_report", 6, None, 15),
        ("2021-11-16-border-clashes", "2021-11-16", "azerbaijan", "killed", "military", 7, 7, 7, "own_report", 7, None, None),
        ("2022-03-07-small-shooting", "2022-03-07", "armenia", "wounded", "military", 1, 1, 1, "own_report", 1, None, None),
        ("2022-03-07-small-shooting", "2022-03-07", "armenia", "killed", "military", 1, 1, 1, "own_report", 1, None, None),
        ("2022-09-13-border-clashes", "2022-09-13", "armenia", "killed", "military", 135, 135, 135, "own_report", 135, 450, None),
        ("2022-09-13-border-clashes", "2022-09-13", "armenia", "killed", "civilian", 3, 3, 3, "own_report", 3, None, None),
        ("2022-09-13-border-clashes", "2022-09-13", "armenia", "killed_or_missing", "mixed", 210, 210, 210, "own_report", 210, None, None),
        ("2022-09-13-border-clashes", "2022-09-13", "azerbaijan", "killed", "military", 80, 80, 80, "own_report", 80, 430, None),
        ("2022-09-13-border-clashes", "2022-09-13", "azerbaijan", "wounded", "military", 281, 281, 281, "own_report", 281, None, None),
        ("2023-05-10-wounded-only", "2023-05-10", "armenia", "wounded", "military", 4, 4, 4, "own_report", 4, None, None),
    ]
    df = pd.DataFrame(rows, columns=cols).assign(best_claim_id="x", n_claims=1)
    return typed(df, schema.CASUALTIES)


def _claims():
    rows = [
        ("2021-11-16-border-clashes", "Armenian Defence Ministry", "armenia", "armenia", "killed", "military", 6, "exact"),
        ("2021-11-16-border-clashes", "Reuters", "third_party", "armenia", "killed", "military", 15, "at_least"),
        ("2021-11-16-border-clashes", "Azerbaijani Defence Ministry", "azerbaijan", "azerbaijan", "killed", "military", 7, "exact"),
        ("2022-03-07-small-shooting", "Armenian Defence Ministry", "armenia", "armenia", "killed", "military", 1, "exact"),
        ("2022-09-13-border-clashes", "Armenian Prime Minister", "armenia", "armenia", "killed", "military", 135, "at_least"),
        ("2022-09-13-border-clashes", "Azerbaijani authorities", "azerbaijan", "armenia", "killed", "military", 450, "exact"),
        ("2022-09-13-border-clashes", "Azerbaijani Defence Ministry", "azerbaijan", "azerbaijan", "killed", "military", 80, "exact"),
        ("2022-09-13-border-clashes", "Armenian parliament speaker", "armenia", "azerbaijan", "killed", "military", 430, "about"),
    ]
    df = pd.DataFrame(rows, columns=["event_id", "claimant", "claimant_side", "side", "category", "population",
                                     "count", "qualifier"])
    df = df.assign(claim_id=[f"{e}/{i:02d}" for i, e in enumerate(df["event_id"])], origin="curated",
                   review="curated", report_date="2022-10-01", is_background=False, is_partial=False,
                   basis=[schema.basis_of(c, s) for c, s in zip(df["claimant_side"], df["side"])])
    return typed(df, schema.CLAIMS)


@pytest.fixture(scope="module")
def fixture_tables():
    return {"casualties": _casualties(), "claims": _claims(), "events": _events()}


@pytest.fixture(scope="module")
def real_tables():
    return {"casualties": casualties.load_casualties(), "claims": casualties.load_claims(),
            "events": casualties.load_events()}


EVALUATION = pd.DataFrame({
    "split": ["dev", "dev", "dev", "heldout"],
    "phenomenon": ["all", "qualifiers", "non_casualty", "all"],
    "precision": [0.97, 1.0, 1.0, 0.95], "recall": [0.9, 0.8, 1.0, 0.9], "f1": [0.93, 0.89, 1.0, 0.92],
    "n": [40, 13, 0, 41],
})


def _render(fig: Figure) -> None:
    fig.canvas.draw()  # lays out every artist: fails on anything unrenderable


def _check_figure(fig: Figure, name: str) -> None:
    assert isinstance(fig, Figure)
    _render(fig)
    rec = fig.chart_text
    assert rec.name == name
    # the source line names the dataset version, and it is printed on the figure itself
    assert rec.source.startswith(f"Source: casualties dataset v{casualties.__version__}, ")
    drawn = "\n".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))
    assert f"casualties dataset v{casualties.__version__}" in drawn.replace("\n", " ")
    assert f"Dataset version {casualties.__version__}" in drawn
    assert rec.title in drawn
    # no text of the figure (incl. alt text and captions) takes a side
    for text in charts.figure_texts(fig):
        for word in PARTISAN:
            assert word not in text.lower(), (name, word, text)
    # no unfilled template fields left anywhere
    for text in (rec.title, rec.subtitle, rec.caption, rec.alt, rec.note):
        assert "{" not in text and "}" not in text, (name, text)


@pytest.mark.parametrize("name", TIME_CHARTS)
def test_each_chart_renders_on_fixture_frames(name, fixture_tables):
    fig = getattr(charts, name)(**fixture_tables)
    _check_figure(fig, name)


@pytest.mark.parametrize("name", TIME_CHARTS)
def test_each_chart_renders_on_the_real_data(name, real_tables):
    fig = getattr(charts, name)(**real_tables)
    _check_figure(fig, name)


def test_chart_loads_the_tables_itself_when_none_are_given():
    _check_figure(charts.incidents(), "incidents")


@pytest.mark.parametrize("table", [EVALUATION, EVALUATION.drop(columns=["split"])])
def test_extraction_quality_renders_on_a_fixture_table(table):
    fig = charts.extraction_quality(table)
    _check_figure(fig, "extraction_quality")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == len(table)
    if "split" in table:
        assert labels[0].startswith("Held-out set, all")  # totals first, the fairer test on top


def test_extraction_quality_needs_the_score_columns():
    with pytest.raises(ValueError, match="f1"):
        charts.extraction_quality(EVALUATION.drop(columns=["f1"]))


def test_extraction_quality_on_the_real_evaluation_when_it_exists():
    evaluate = pytest.importorskip("casualties.evaluate")
    _check_figure(charts.extraction_quality(evaluate.evaluation_table()), "extraction_quality")


def test_source_line_counts_claimants_of_the_charted_events(fixture_tables):
    line = charts.source_line(fixture_tables["claims"], ["2021-11-16-border-clashes"])
    assert line == (f"Source: casualties dataset v{casualties.__version__}, claims by Armenian (1) and "
                    "Azerbaijani (1) authorities and third parties (1); incident dates.")


def test_escalation_reads_the_same_numbers_as_series(real_tables):
    """The alt text states the two peak months and totals; they must be series()' numbers."""
    fig = charts.escalation(**real_tables)
    killed = casualties.series(freq="month", measure="killed", casualties=real_tables["casualties"])
    totals = killed.sum(axis=1).sort_values(ascending=False, kind="stable")
    month, value = totals.index[0], int(totals.iloc[0])
    assert f"{month:%B %Y}: {value} killed" in fig.chart_text.alt
    for side, total in killed.sum().items():
        if total:
            assert f"{charts.SIDE_LABELS[side]} {int(total)}" in fig.chart_text.alt
    # both panels draw one bar container per side present, over all 48 months
    full, zoom = fig.axes[:2]
    assert len(full.containers) == len(zoom.containers) == int((killed.sum() > 0).sum())
    assert all(len(c) == 48 for c in full.containers)
    tallest = int(killed.to_numpy().max())
    assert full.get_ylim()[1] > tallest > zoom.get_ylim()[1]  # the lower panel is cut below the peak


def test_episode_annotations_use_the_neutral_labels(fixture_tables):
    fig = charts.escalation(**fixture_tables)
    drawn = " ".join(t.get_text().replace("\n", " ") for t in fig.axes[0].texts)
    assert "Border clashes 13–14 Sep 2022" in drawn
    assert "Clashes on the border 16 Nov 2021" in drawn
    assert "Nerkin Hand" not in drawn  # not in the fixture, so not annotated


def _legend_labels(fig):
    return [t.get_text() for t in fig.axes[0].get_legend().get_texts()]


def test_escalation_legend_and_caption_name_the_range_only_when_one_is_drawn(fixture_tables):
    """A legend entry or a caption's sentence stands for something on the chart: no range line
    drawn, no 'low–high range'."""
    drawn = charts.escalation(**fixture_tables)  # Nov 2021: 6-15
    assert "low–high range" in _legend_labels(drawn) and "low–high range" in drawn.chart_text.caption
    cas = fixture_tables["casualties"].copy()
    cas["low"], cas["high"] = cas["best"], cas["best"]
    flat = charts.escalation(**{**fixture_tables, "casualties": cas})
    assert "low–high range" not in _legend_labels(flat) and "low–high" not in flat.chart_text.caption


def test_cumulative_subtitle_and_caption_name_the_shading_only_when_one_is_drawn(fixture_tables):
    shaded = charts.cumulative(**fixture_tables).chart_text  # Nov 2021
    assert "shading: low–high range" in shaded.subtitle and "Shading shows" in shaded.caption
    cas = fixture_tables["casualties"].copy()
    cas["low"], cas["high"] = cas["best"], cas["best"]
    flat = charts.cumulative(**{**fixture_tables, "casualties": cas}).chart_text
    assert "shading" not in flat.subtitle.lower() and "shading" not in flat.caption.lower()


def test_claims_gap_table_pairs_own_reports_with_adversary_claims(fixture_tables):
    t = charts.claims_gap_table(**fixture_tables)
    got = {(r.side, r.own_report, r.own_qualifier, r.adversary_claim, r.adversary_qualifier)
           for r in t.itertuples()}
    assert got == {("armenia", 135, "at_least", 450, "exact"), ("azerbaijan", 80, "exact", 430, "about")}


def test_a_partisan_event_name_is_refused(fixture_tables):
    """Data text drawn on a chart (claims_gap shows each event's places) is checked like our own words."""
    events = fixture_tables["events"].copy()
    events["province"] = events["province"].astype("object")
    events.loc[events["event_id"] == "2022-09-13-border-clashes", "province"] = "Border provocation zone"
    with pytest.raises(ValueError, match="provocation"):
        charts.claims_gap(fixture_tables["casualties"], fixture_tables["claims"], events)


def test_charts_leave_the_callers_rcparams_alone(fixture_tables):
    before = dict(matplotlib.rcParams)
    charts.cumulative(**fixture_tables)
    assert dict(matplotlib.rcParams) == before


def _digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_cli_charts_writes_svg_png_and_gallery_byte_for_byte(tmp_path, capsys):
    a, b = tmp_path / "a", tmp_path / "b"
    assert charts.cli_charts(a) == 0
    assert charts.cli_charts(b, casualties.load.data_dir()) == 0
    files = {p.name for p in a.iterdir()}
    for name in TIME_CHARTS:
        assert {f"{name}.svg", f"{name}.png"} <= files
    assert "index.html" in files
    assert _digests(a) == _digests(b)  # same data -> same bytes
    svg = (a / "escalation.svg").read_text(encoding="utf-8")
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
    png = (a / "escalation.png").read_bytes()
    assert png.startswith(b"\x89PNG") and b"Software" not in png
    page = (a / "index.html").read_text(encoding="utf-8")
    for name in files - {"index.html"}:
        assert f'href="{name}"' in page
    assert page.count("<img ") == len([f for f in files if f.endswith(".png")])
    assert page.count('alt="') == page.count("<img ")
    assert f"v{casualties.__version__}" in page


def test_the_gallery_publishes_only_the_dataset_charts_and_reads_on_a_phone(tmp_path):
    """extraction_quality scores internal tags on test data: it stays out of the publishing gallery."""
    assert charts.cli_charts(tmp_path) == 0
    assert sorted(p.stem for p in tmp_path.glob("*.png")) == sorted(charts.CHARTS)
    assert "extraction_quality" not in charts.CHARTS
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "extraction_quality" not in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "max-width: 100%" in page  # images shrink to the screen


def test_the_cli_subcommand_writes_the_gallery(tmp_path, cli):
    status, out, _ = cli("charts", "--out", tmp_path)
    assert status == 0 and "index.html" in out
    assert (tmp_path / "index.html").exists()


def test_importing_charts_does_not_import_pyplot():
    code = ("import sys, casualties; casualties.charts.escalation(); "
            "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


# --- layout: measured on the drawn figure ------------------------------------------------------------

MARGIN_IN = 0.1  # every text keeps this far inside the figure's edges


def _text_boxes(fig):
    from matplotlib.text import Text

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return [(t.get_text(), t.get_window_extent(renderer)) for t in fig.findobj(Text)
            if t.get_visible() and t.get_text().strip()]


def _layout_problems(fig):
    """Texts that touch each other, or come closer than MARGIN_IN to the figure's edge."""
    boxes = _text_boxes(fig)
    width, height = fig.canvas.get_width_height()
    margin = MARGIN_IN * fig.dpi
    problems = [f"at the edge: {t!r}" for t, b in boxes
                if b.x0 < margin or b.x1 > width - margin or b.y0 < 0 or b.y1 > height]
    pad = 1.0  # pixels: boxes closer than this touch
    for i, (t1, a) in enumerate(boxes):
        for t2, b in boxes[i + 1:]:
            if a.x0 - pad < b.x1 and b.x0 - pad < a.x1 and a.y0 - pad < b.y1 and b.y0 - pad < a.y1:
                problems.append(f"touching: {t1!r} and {t2!r}")
    return problems


@pytest.mark.parametrize("name", TIME_CHARTS)
def test_no_text_touches_another_or_the_edge(name, real_tables, fixture_tables):
    for tables in (real_tables, fixture_tables):
        assert _layout_problems(getattr(charts, name)(**tables)) == []


def test_the_layout_check_sees_touching_text():
    fig = charts._figure(4, 3)
    fig.text(0.5, 0.5, "Karabakh Armenians 227")
    fig.text(0.52, 0.5, "People wounded")
    fig.text(0.0, 0.2, "at the edge")
    problems = _layout_problems(fig)
    assert any(p.startswith("touching") for p in problems) and any(p.startswith("at the edge") for p in problems)


def test_cumulative_ranges_are_hatched_in_the_sides_own_colour(real_tables):
    """Armenia's range must not read as the Karabakh Armenians' lighter blue: full colour, no alpha."""
    from matplotlib.collections import PolyCollection
    from matplotlib.colors import to_rgba

    # give Armenia's largest killed estimate that counts in the totals a range, whatever today's data hold
    cas = real_tables["casualties"].copy()
    rows = cas[(cas["side"] == "armenia") & (cas["category"] == "killed") & cas["in_total"]]
    top = rows["best"].idxmax()
    cas.loc[top, "high"] = cas.loc[top, "best"] + 40
    fig = charts.cumulative(**{**real_tables, "casualties": cas})
    hatched = [c for ax in fig.axes for c in ax.collections if isinstance(c, PolyCollection) and c.get_hatch()]
    assert hatched, "a low-high range (Armenia, killed) is drawn"
    colours = {tuple(to_rgba(c.get_hatchcolor())) for c in hatched}
    allowed = {to_rgba(charts.SIDE_COLOURS[s]) for s in charts.SIDE_COLOURS}
    assert colours <= allowed, colours
    assert to_rgba(charts.SIDE_COLOURS["armenia"]) in colours
    assert all(c.get_alpha() in (None, 1) for c in hatched)


def test_claims_gap_rows_are_titled_by_event_place_and_side_hit(real_tables):
    """No row borrows the event's name (which may name the other side's loss); places are whole names."""
    fig = charts.claims_gap(**real_tables)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()][::-1]
    table = charts.claims_gap_table(**real_tables)
    events = real_tables["events"].set_index("event_id")
    assert len(labels) == len(table)
    for label, r in zip(labels, table.itertuples()):
        *place_lines, side_line = label.split("\n")
        assert side_line.startswith(f"Side hit: {charts.SIDE_LABELS[str(r.side)]} — ")
        assert str(events.loc[r.event_id, "name"]) not in label
        places = " ".join(place_lines).split(" · ", 1)[1]
        provinces = [p.strip() for p in str(events.loc[r.event_id, "province"]).split(";")]
        for piece in places.replace(" and ", ", and ").split(", "):
            piece = piece.strip()
            assert piece in provinces or piece.startswith("and ") and piece.endswith(" more"), (piece, provinces)
        # the place lines name no side: the side hit is said once, on its own line
        for word in ("Armenia", "Azerbaijan", "Karabakh", "Russia"):
            assert word not in " ".join(place_lines) or word in str(events.loc[r.event_id, "province"])


def test_the_gap_row_label_shortens_long_place_lists_between_names():
    import datetime

    label = charts.gap_row_label(datetime.date(2022, 9, 13), "Gegharkunik; Vayots Dzor; Syunik; Dashkasan; Kalbajar",
                                 "armenia", "killed", "military")
    assert label == "13 Sep 2022 · Gegharkunik, Vayots Dzor, Syunik and 2 more\nSide hit: Armenia — military killed"
    assert charts.gap_row_label(datetime.date(2021, 1, 2), None, "karabakh", "captured", "unknown").startswith(
        "2 Jan 2021 · place not recorded\nSide hit: Karabakh Armenians — captured")


def test_data_text_is_drawn_as_plain_text_not_mathtext(fixture_tables):
    """Issue 9 found an event name with '$5m and $7m' breaks drawing when read as mathtext."""
    events = fixture_tables["events"].copy()
    money = "Payments of $5m and $7m; Syunik"
    events["province"] = events["province"].astype("object")
    events.loc[events["event_id"] == "2022-09-13-border-clashes", ["name", "province"]] = ["Talks on $5m and $7m", money]
    fig = charts.claims_gap(fixture_tables["casualties"], fixture_tables["claims"], events)
    fig.canvas.draw()  # outside the chart style, as a notebook's inline display draws it
    drawn = [t for t in fig.findobj(matplotlib.text.Text) if "$" in t.get_text()]
    assert any("Payments of $5m and $7m," in t.get_text() for t in drawn)
    for t in drawn:
        assert t._preprocess_math(t.get_text()) == (t.get_text(), False)  # matplotlib's own mathtext switch
    for suffix in (".png", ".svg"):
        path = charts.save(fig, Path(tempfile.mkdtemp()) / "gap")[0 if suffix == ".svg" else 1]
        assert path.stat().st_size > 0
def test_an_encyclopedia_only_row_is_left_out_of_the_claims_gap(fixture_tables):
    cas = fixture_tables["casualties"].copy()
    wiki = (cas["side"] == "azerbaijan") & (cas["category"] == "killed")
    cas.loc[wiki, "source_type"] = "encyclopedia"
    t = charts.claims_gap_table(**{**fixture_tables, "casualties": cas})
    assert set(t["side"]) == {"armenia"}


def test_a_place_named_one_way_only_is_refused(fixture_tables):
    events = fixture_tables["events"].copy()
    # claims_gap titles its rows by the event's places (gap_row_label), so a one-sided place name there
    events.loc[events["event_id"] == "2022-09-13-border-clashes", "province"] = "Kalbajar"
    with pytest.raises(ValueError, match="'Kalbajar' without 'Karvachar'"):
        charts.claims_gap(fixture_tables["casualties"], fixture_tables["claims"], events)
