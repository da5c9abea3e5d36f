"""Publishable charts: matplotlib Figures in one restrained, colour-blind-safe style, each citing its source.

Every chart function takes the loaded tables it needs (default: it loads them, from `data` or the
dataset's own folder) and returns a `matplotlib.figure.Figure` built without pyplot, so importing this
module never starts a GUI backend. Each figure carries a title, units, the coverage window, the source
line "Source: casualties dataset vX.Y.Z, claims by ...; incident dates" and the dataset version.
All words shown on a chart (titles, captions, alt text, annotations, side names) live in `TEXT`,
`SIDE_LABELS` and `EPISODES` below; the resolved text of a figure is on `fig.chart_text`.

>>> from casualties import charts
>>> fig = charts.escalation()
>>> fig.chart_text.name, "v" + charts.__version__ in fig.chart_text.source
('escalation', True)

`cli_charts(out)` writes every chart as SVG and PNG, byte-for-byte reproducible, with an index.html.
"""

from __future__ import annotations

import html
import math
import textwrap
from dataclasses import dataclass, replace
from pathlib import Path

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.patheffects import withStroke
from matplotlib.ticker import MaxNLocator

from . import maps, schema
from .schema import DATASET_VERSION as __version__

# ---------------------------------------------------------------------------------------------------
# Style: one palette, one side -> colour mapping, one set of rc values. Nothing else picks a colour.
# ---------------------------------------------------------------------------------------------------

#: Okabe & Ito (2008), the colour-blind-safe qualitative palette.
OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7",
}
#: Fixed side -> colour. Blue/orange is the pair every form of colour-blindness keeps apart; Karabakh
#: Armenians take the lighter blue of the Armenian camp (schema.CAMPS). No flag colours, no red.
SIDE_COLOURS = {
    "armenia": OKABE_ITO["blue"],
    "azerbaijan": OKABE_ITO["orange"],
    "karabakh": OKABE_ITO["sky_blue"],
    "russia": OKABE_ITO["bluish_green"],
    "combined": "#7F7F7F",
    "unknown": OKABE_ITO["reddish_purple"],
}
SIDE_LABELS = {
    "armenia": "Armenia",
    "azerbaijan": "Azerbaijan",
    "karabakh": "Karabakh Armenians",
    "russia": "Russian peacekeepers",
    "combined": "Both sides, not split",
    "unknown": "Side not reported",
}
#: Adjectives for the source line's summary of who made the claims.
CLAIMANT_WORDS = {
    "armenia": "Armenian", "azerbaijan": "Azerbaijani", "karabakh": "Karabakh Armenian", "russia": "Russian",
}
#: Severity classes of an incident, by people reported killed on all sides (best estimates): a
#: sequential single-hue scale, readable in greyscale and by colour-blind readers.
SEVERITY = (
    (0, 0, "No one reported killed", "#D9D9D9"),
    (1, 4, "1–4 killed", "#9ECAE1"),
    (5, 49, "5–49 killed", "#3182BD"),
    (50, None, "50 or more killed", "#08306B"),
)
INK = "#222222"
MUTED = "#666666"
GRID = "#E5E5E5"

STYLE = {
    "font.family": "DejaVu Sans",  # ships with matplotlib: the same glyphs on every machine
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 9,
    "axes.labelcolor": INK,
    "axes.edgecolor": "#999999",
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "axes.axisbelow": True,
    "grid.color": GRID,
    "grid.linewidth": 0.8,
    "xtick.color": INK,
    "ytick.color": INK,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "text.color": INK,
    "svg.fonttype": "path",  # text as outlines: prints the same everywhere (alt text is in index.html)
    "svg.hashsalt": "casualties-charts",  # fixed ids: same data -> same SVG bytes
    "path.simplify": False,
    # Text from the data (an event name with "$5m and $7m") is drawn as is, never parsed as mathtext.
    "text.parse_math": False,
    # Hatching (the low-high ranges) in the side's own colour at full strength, and wide enough apart
    # and thick enough that a scaled-down PNG does not blur it into a lighter tint of that colour.
    "hatch.linewidth": 1.4,
}
DPI = 200
#: A thin white outline behind labels that may sit on bars or lines.
HALO = [withStroke(linewidth=2.2, foreground="white")]
FORBIDDEN_WORDS = schema.PARTISAN_WORDS

# ---------------------------------------------------------------------------------------------------
# Words: every title, caption, alt text and annotation, in one place.
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartText:
    """The words of one chart. Templates hold {fields} that the chart fills from the data."""

    name: str
    title: str
    subtitle: str
    caption: str
    alt: str
    note: str = ""
    source: str = ""  # filled in: the source line as printed on the chart

    def fill(self, **facts) -> ChartText:
        return replace(self, **{f: getattr(self, f).format(**facts)
                                for f in ("title", "subtitle", "caption", "alt", "note")})


COVERAGE = (f"{schema.COVERAGE_START.day} January {schema.COVERAGE_START.year} – "
            f"{schema.COVERAGE_END.day} December {schema.COVERAGE_END.year}")

TEXT: dict[str, ChartText] = {
    "escalation": ChartText(
        "escalation",
        title="People killed per month, by side, {start_year}–{end_year}",
        subtitle=("Killed (count of people), best estimate per month of the incident's start, "
                  f"{COVERAGE}. Lower panel: the same bars with the axis cut at {{cap}}."),
        caption=("People reported killed per month, by the side they belonged to, from the reconciled "
                 "best estimates. Two months dwarf the rest: {peak1} and {peak2}. The lower panel "
                 "repeats the bars with the axis cut at {cap} so that the small incidents of the other "
                 "months stay visible; bars that pass the cut are marked with their value.{marks}"),
        alt=("Bar chart of people killed per month from {start_year} to {end_year}, one bar per side. "
             "Most months have between 0 and {cap} deaths. {peak1_alt} {peak2_alt} In total, "
             "{total_text}."),
        note=("Each incident counts in the month it began (not the month it was reported). A total "
              "for both sides together appears only when no per-side figure exists. Where only one "
              "credible figure exists, low = best = high and no range line is drawn. Figures given "
              "only as 'killed and wounded', and losses known only from the adversary's claim or only "
              "from an encyclopedia, are not shown."),
    ),
    "incidents": ChartText(
        "incidents",
        title="Incidents per month and how deadly they were, {start_year}–{end_year}",
        subtitle=("Number of incidents with reported casualties per month of the incident's start, "
                  f"coloured by people killed on all sides (best estimate), {COVERAGE}."),
        caption=("How often incidents happened, and how deadly each was. Each bar counts the incidents "
                 "that began in that month; its colours split them by how many people were reported "
                 "killed in each, on all sides together. A tall bar of light colours means many small "
                 "incidents; a short dark bar means few but deadly ones."),
        alt=("Stacked bar chart of incidents per month from {start_year} to {end_year}. {n_events} "
             "incidents in all; the busiest month is {busiest} with {busiest_n} incidents. "
             "{year_text}."),
        note=("An incident is an event in the dataset with at least one person reported killed, "
              "wounded, missing or captured. 'No one reported killed' covers incidents with only "
              "wounded, missing or captured people."),
    ),
    "cumulative": ChartText(
        "cumulative",
        title="Killed and wounded since January {start_year}, by side",
        subtitle=("Running total of people (count) by incident date, best estimate{shading}, "
                  f"{COVERAGE}."),
        caption=("Running totals of people reported killed and wounded, by side, counted on the day "
                 "each incident began. Steps are incidents; the flat stretches between them are "
                 "periods with no reported casualties.{shading_caption}"),
        alt=("Two step charts of running totals from {start_year} to {end_year}. Killed by the end: "
             "{killed_text}. Wounded by the end: {wounded_text}. Most of each total comes from a "
             "few steps: September 2022 and September 2023."),
        note=("Dotted lines mark the major episodes. A total for both sides together is counted only "
              "when no per-side figure exists. 'Killed or missing' and 'killed and wounded' totals, "
              "and losses known only from the adversary's claim or only from an encyclopedia, are not "
              "included."),
    ),
    "claims_gap": ChartText(
        "claims_gap",
        title="Own reports against the adversary's claims",
        subtitle=("People (count): each side's own latest figure for its losses, and the largest "
                  "figure the other side said it inflicted, for incidents where both exist."),
        caption=("For each incident, side and kind of loss where both exist, the side's own latest "
                 "report (filled circle) and the adversary's largest claim of losses it inflicted "
                 "(open diamond). The numbers are repeated on the right. The adversary's claim never "
                 "enters the best estimate while the side's own figure exists."),
        alt=("Dot chart comparing {n_rows} own reports with adversary claims. {gap_text}"),
        note=("Own report = the latest figure from the side's own authorities. Adversary claim = the "
              "largest current figure from the opposing side that is not set aside (a partial figure, "
              "such as one handover of bodies, gives way to a full one). Qualifiers as stated by the source "
              "(≥ at least, > more than, ~ about). Only like is compared with like: a side's total in "
              "another category (e.g. 'killed or missing') is not shown here."),
    ),
    "extraction_quality": ChartText(
        "extraction_quality",
        title="How well the extractor reads casualty figures",
        subtitle=("Scores from 0 to 1 on hand-labelled sentences and articles: each set's total, then each "
                  "phenomenon of the development set; n = labelled figures."),
        caption=("Scores of the rule-based extractor. Precision: share of extracted figures that are "
                 "right. Recall: share of labelled figures that were found. F1: their harmonic mean. "
                 "The rules were written against the development set, so its scores are optimistic; "
                 "the held-out set is the fairer test. Extracted figures stay provisional until reviewed."),
        alt=("Bar chart of F1, with precision and recall marked, for {n_rows} rows. Lowest F1: "
             "{worst} ({worst_f1}); highest: {best} ({best_f1})."),
        note=("The development set is what the rules were tuned on; trust the held-out score. Rows with "
              "few labelled figures (small n) have uncertain scores; with n = 0 a score only says that "
              "nothing was wrongly extracted."),
    ),
}

#: Major episodes, annotated on the time charts: event_id, label, where to place the label
#: (left/right of the bar) and its height as a share of the axis.
EPISODES = (
    ("2021-11-16-border-clashes", "Clashes on the border, 16 Nov 2021", "right", 0.30),
    ("2022-09-13-border-clashes", "Border clashes, 13–14 Sep 2022", "left", 0.62),
    ("2023-09-19-karabakh-offensive", "Azerbaijani military operation in Karabakh, 19–20 Sep 2023", "right", 0.93),
    ("2024-02-13-nerkin-hand", "Nerkin Hand, 13 Feb 2024", "right", 0.30),
)


# ---------------------------------------------------------------------------------------------------
# Shared pieces
# ---------------------------------------------------------------------------------------------------


def _tables(data, **given):
    """The tables a chart needs: the ones passed in, the rest loaded from `data` (or the dataset)."""
    from . import load

    return [given[name] if given[name] is not None else getattr(load, f"load_{name}")(data) for name in given]


def _eligible(claims):
    from .reconcile import is_eligible

    return claims[is_eligible(claims)]


def source_line(claims, event_ids=None) -> str:
    """'Source: casualties dataset vX, claims by ...; incident dates.' for the claims behind a chart.

    The summary counts the eligible claims (see reconcile.is_eligible) about `event_ids` by who made
    them, official sides first.
    """
    c = _eligible(claims)
    if event_ids is not None:
        c = c[c["event_id"].isin(set(event_ids))]
    counts = c["claimant_side"].astype(str).value_counts()
    official = [f"{CLAIMANT_WORDS[s]} ({counts[s]})" for s in CLAIMANT_WORDS if counts.get(s, 0)]
    parts = []
    if official:
        parts.append(_join(official) + (" authorities" if len(official) > 1 else " authorities"))
    if counts.get("third_party", 0):
        parts.append(f"third parties ({counts['third_party']})")
    if counts.get("unknown", 0):
        parts.append(f"unattributed sources ({counts['unknown']})")
    who = _join(parts) if parts else "no eligible claims"
    return f"Source: casualties dataset v{__version__}, claims by {who}; incident dates."


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    return fig


def _frame(fig: Figure, text: ChartText, source: str, above: float = 0.0, below: float = 0.0):
    """Title and subtitle at the top, note, source line and version at the bottom.

    Returns (top, bottom) as figure fractions for the plot area, leaving `above` and `below` inches for
    the axes' own titles, tick labels and axis labels.
    """
    width_in, height_in = fig.get_size_inches()

    def fill(words: str, points: float) -> str:
        return _wrap(words, points, (width_in - 0.45) * 72)

    line = 1.35 / 72  # inches per point of font size, at this line spacing
    subtitle = fill(text.subtitle, 8.5)
    fig.text(0.12 / width_in, 1 - 0.14 / height_in, text.title, ha="left", va="top", fontsize=13,
             fontweight="bold")
    fig.text(0.12 / width_in, 1 - 0.48 / height_in, subtitle, ha="left", va="top", fontsize=8.5, color=MUTED,
             linespacing=1.35)
    header = 0.48 + (subtitle.count("\n") + 1) * 8.5 * line + 0.15
    footer = (fill("Note: " + text.note, 7) + "\n") if text.note else ""
    footer += fill(source, 7) + f"\nDataset version {__version__} · CC BY 4.0 · reconciliation rule: docs/codebook.md"
    fig.text(0.12 / width_in, 0.1 / height_in, footer, ha="left", va="bottom", fontsize=7, color=MUTED,
             linespacing=1.35)
    footer_h = 0.1 + (footer.count("\n") + 1) * 7 * line + 0.12
    fig.chart_text = replace(text, source=source)
    fig.set_label(text.name)
    return 1 - (header + above) / height_in, (footer_h + below) / height_in


def _text_width(text: str, points: float) -> float:
    """Width in points of one line of text in the chart font (measured, not guessed)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    font = FontProperties(family=STYLE["font.family"], size=points)
    return max(TextToPath().get_text_width_height_descent(line, font, ismath=False)[0]
               for line in text.split("\n"))


def _wrap(words: str, points: float, width_pt: float) -> str:
    """Wrap text to a width in points at word boundaries, measuring each line with the font itself."""
    lines, line = [], ""
    for word in words.split():
        candidate = f"{line} {word}" if line else word
        if line and _text_width(candidate, points) > width_pt:
            lines.append(line)
            line = word
        else:
            line = candidate
    return "\n".join(lines + [line])


def _finish(fig: Figure) -> Figure:
    """Last step of every chart: words checked for neutrality, and every text set to plain text.

    `text.parse_math` is off in STYLE already; setting it on each Text as well keeps data text plain
    when the figure is drawn later outside the style (a notebook's inline display).
    """
    from matplotlib.text import Text

    _check_neutral(fig)
    for t in fig.findobj(Text):
        t.set_parse_math(False)
    return fig


def figure_texts(fig: Figure) -> list[str]:
    """Every string drawn on a figure (titles, labels, ticks, legend, annotations) plus its text record."""
    from matplotlib.text import Text

    drawn = [t.get_text() for t in fig.findobj(Text) if t.get_text()]
    rec = getattr(fig, "chart_text", None)
    extra = [rec.title, rec.subtitle, rec.caption, rec.alt, rec.note, rec.source] if rec else []
    return drawn + extra


def _check_neutral(fig: Figure) -> None:
    """Refuse to publish a chart whose words (incl. event names from the data) take a side or name a place
    in one side's usage only (schema.PLACE_NAMES)."""
    for text in figure_texts(fig):
        low = text.lower()
        for word in FORBIDDEN_WORDS:
            if word in low:
                raise ValueError(f"chart {fig.get_label()!r}: partisan word {word!r} in {text!r}")
        for problem in schema.place_name_problems(text):
            raise ValueError(f"chart {fig.get_label()!r}: {problem} in {text!r}")


def _months():
    import pandas as pd

    return pd.date_range(schema.COVERAGE_START, schema.COVERAGE_END, freq="MS")


def _month_axis(ax, months) -> None:
    """x = month number 0..47: a tick per month, a label per quarter, the year under each January."""
    ax.set_xlim(-0.7, len(months) - 0.3)
    ax.set_xticks(range(len(months)), minor=True)
    major = [i for i, m in enumerate(months) if m.month in (1, 4, 7, 10)]
    ax.set_xticks(major)
    ax.set_xticklabels([m.strftime("%b") + (f"\n{m.year}" if m.month == 1 else "") for m in months[major]])
    ax.tick_params(axis="x", which="minor", length=2, color="#999999")
    for i, m in enumerate(months):
        if m.month == 1 and i:
            ax.axvline(i - 0.5, color="#CCCCCC", lw=0.8, zorder=0)


def _nice_ceiling(x: float) -> int:
    for step in (5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200, 250, 300, 400, 500, 750, 1000):
        if x <= step:
            return step
    return int(math.ceil(x / 500.0) * 500)


def _zoom_cap(values) -> int:
    """Where to cut the lower panel: above the ordinary months, below the outliers.

    Values more than 10x the median non-zero month (per side) count as outliers; the cut is the next
    round number above the largest ordinary value. With no outliers the cut is the full height.
    """
    nonzero = sorted(v for v in values if v > 0)
    if not nonzero:
        return 5
    median = nonzero[len(nonzero) // 2]
    ordinary = [v for v in nonzero if v <= 10 * median]
    return _nice_ceiling(max(ordinary) * 1.1)


def _sides_present(*frames) -> list[str]:
    present = set()
    for f in frames:
        present |= {s for s in f.columns if f[s].sum() > 0}
    return [s for s in SIDE_COLOURS if s in present]


def _year_span(events) -> tuple[int, int]:
    return schema.COVERAGE_START.year, schema.COVERAGE_END.year


def _episodes(events):
    """EPISODES present in the data: (event_id, label, side, height, start_date)."""
    starts = dict(zip(events["event_id"].astype(str), events["start_date"]))
    return [(eid, label, place, h, starts[eid]) for eid, label, place, h in EPISODES if eid in starts]


def _styled(builder):
    """Build the figure inside the chart style, without touching the caller's rcParams."""
    import functools

    @functools.wraps(builder)
    def wrapper(*args, **kwargs):
        with matplotlib.rc_context(STYLE):
            return builder(*args, **kwargs)

    return wrapper


def _people(n: int) -> str:
    return f"{n:,}"


# ---------------------------------------------------------------------------------------------------
# Charts
# ---------------------------------------------------------------------------------------------------


@_styled
def escalation(casualties=None, claims=None, events=None, *, data=None) -> Figure:
    """Killed per month by side, Jan 2021 - Dec 2024, with low-high ranges and the major episodes.

    Two panels share the months: the full scale, where September 2022 and September 2023 dwarf the
    rest, and the same bars with the axis cut just above the ordinary months (bars that pass the cut
    carry their value), so small incidents are not hidden and no log scale is needed.
    """
    from .timeseries import series

    casualties, claims, events = _tables(data, casualties=casualties, claims=claims, events=events)
    months = _months()
    est = {e: series("month", "killed", e, casualties=casualties) for e in ("low", "best", "high")}
    kom = series("month", "killed_or_missing", "best", casualties=casualties)
    best = est["best"]
    sides = _sides_present(best, est["high"]) or ["armenia", "azerbaijan"]
    cap = _zoom_cap([v for s in sides for v in est["high"][s]])
    top_value = max([int(est["high"][sides].to_numpy().max()), int(kom[sides].to_numpy().max()), 1])

    totals = best[sides].sum(axis=1)
    ranked = totals.sort_values(ascending=False, kind="stable")
    peaks = [(m, int(v)) for m, v in ranked.items() if v > 0][:2]

    def peak_text(i):
        if len(peaks) <= i:
            return "", ""
        m, v = peaks[i]
        split = ", ".join(f"{SIDE_LABELS[s]} {int(best.loc[m, s])}" for s in sides if best.loc[m, s] > 0)
        return m.strftime("%B %Y"), f"{m.strftime('%B %Y')}: {v} killed ({split})."

    (p1, p1_alt), (p2, p2_alt) = peak_text(0), peak_text(1)
    sums = best[sides].sum()
    total_text = ", ".join(f"{SIDE_LABELS[s]} {int(sums[s])}" for s in sides) + " people killed"
    start_year, end_year = _year_span(events)
    ranged = any((est["high"][s] > est["low"][s]).any() for s in sides)
    diamonds = bool((kom[sides].to_numpy() > 0).any())
    # the caption, like the legend, names only the marks that are drawn
    marks = ((" Thin black lines show the low–high range where sources disagree." if ranged else "")
             + (" Open diamonds show a 'killed or missing' total a side gave without splitting it." if diamonds else ""))
    text = TEXT["escalation"].fill(start_year=start_year, end_year=end_year, cap=cap, peak1=p1 or "none",
                                   peak2=p2 or "none", peak1_alt=p1_alt, peak2_alt=p2_alt, total_text=total_text,
                                   marks=marks)

    fig = _figure(11, 8.4)
    top, bottom = _frame(fig, text, source_line(claims, casualties["event_id"].unique()), above=0.3, below=0.45)
    gs = fig.add_gridspec(2, 1, height_ratios=[3, 2], hspace=0.3, left=0.065, right=0.985, top=top, bottom=bottom)
    ax_full, ax_zoom = fig.add_subplot(gs[0]), fig.add_subplot(gs[1])
    n = len(sides)
    width = 0.84 / n
    for ax, limit in ((ax_full, None), (ax_zoom, cap)):
        over = {}  # month -> values above the cut, in side order
        for k, side in enumerate(sides):
            xs = [i + (k - (n - 1) / 2) * width for i in range(len(months))]
            vals = [int(v) for v in best[side].to_numpy()]
            shown = vals if limit is None else [min(v, limit) for v in vals]
            ax.bar(xs, shown, width=width * 0.92, color=SIDE_COLOURS[side], linewidth=0, zorder=2)
            lo, hi = est["low"][side].to_numpy(), est["high"][side].to_numpy()
            for x, a, b in zip(xs, lo, hi):
                if b > a:
                    a, b = (a, b) if limit is None else (min(a, limit), min(b, limit))
                    ax.plot([x, x], [a, b], color=INK, lw=0.9, zorder=3, solid_capstyle="butt")
                    for y in (a, b):
                        ax.plot([x - width * 0.35, x + width * 0.35], [y, y], color=INK, lw=0.9, zorder=3)
            for i, (x, v) in enumerate(zip(xs, kom[side].to_numpy())):
                if v > 0 and (limit is None or v <= limit):
                    ax.plot([x], [v], marker="D", ms=4.5, mfc="white", mec=SIDE_COLOURS[side], mew=1.3, zorder=4)
                    if limit is None:
                        ax.annotate(f"{int(v)} killed or missing", (x, v), xytext=(5, 0), textcoords="offset points",
                                    ha="left", va="center", fontsize=7, color=MUTED)
            for i, (x, v) in enumerate(zip(xs, vals)):
                if limit is None and v >= cap:
                    # keep the label off a taller neighbour: lean away from it
                    left = any(best[s].iloc[i] > v for s in sides[:k])
                    right = any(best[s].iloc[i] > v for s in sides[k + 1:])
                    ha, edge = ("left", x - width / 2) if left and not right else \
                        ("right", x + width / 2) if right and not left else ("center", x)
                    ax.annotate(str(v), (edge, v), xytext=(0, 1.5), textcoords="offset points", ha=ha,
                                va="bottom", fontsize=7, color=INK, path_effects=HALO)
                elif limit is not None and v > limit:
                    over.setdefault(i, []).append(f"{SIDE_LABELS[side]} {v}")
        for i, vals in over.items():
            ax.text(i, limit * 1.02, "↑ " + " · ".join(vals), ha="center", va="bottom", fontsize=7, color=INK)
        _month_axis(ax, months)
        ax.set_ylabel("People killed (count)")
        ax.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    # headroom for the episode labels, which stand clear above the tallest bars' value labels
    ax_full.set_ylim(0, _nice_ceiling(top_value * 1.3))
    ax_zoom.set_ylim(0, cap * 1.22)
    ax_zoom.set_yticks([t for t in ax_zoom.get_yticks() if t <= cap])
    ax_zoom.axhline(cap, color=MUTED, lw=0.8, ls=(0, (4, 3)), zorder=1)
    ax_full.set_title("Full scale", loc="left", fontsize=9, color=MUTED, fontweight="normal")
    ax_zoom.set_title(f"Same data, axis cut at {cap}: bars that pass the cut carry their value", loc="left",
                      fontsize=9, color=MUTED, fontweight="normal")

    ymax = ax_full.get_ylim()[1]
    for eid, label, place, height, start in _episodes(events):
        i = (start.year - schema.COVERAGE_START.year) * 12 + start.month - 1
        if not 0 <= i < len(months):
            continue
        bar_top = float(best.iloc[i][sides].max())
        y = min(max(height * ymax, bar_top + 0.2 * ymax), 0.98 * ymax)
        dx = -1.2 if place == "left" else 1.2
        name, _, when = label.rpartition(", ")
        tip = bar_top + (0.075 if bar_top >= cap else 0.01) * ymax  # above the bar's value label, if any
        ax_full.annotate(f"{textwrap.fill(name, 30)}\n{when}", xy=(i, tip), xytext=(i + dx, y),
                         ha="right" if place == "left" else "left", va="top", fontsize=7.5, color=INK,
                         arrowprops=dict(arrowstyle="-", color=MUTED, lw=0.6, shrinkA=1, shrinkB=1,
                                         relpos=(1.0, 1.0) if place == "left" else (0.0, 1.0)))

    handles = [Patch(facecolor=SIDE_COLOURS[s], label=SIDE_LABELS[s]) for s in sides]
    if ranged:  # no legend entry for lines not drawn
        handles.append(Line2D([], [], color=INK, lw=0.9, label="low–high range"))
    if diamonds:
        handles.append(Line2D([], [], ls="", marker="D", ms=4.5, mfc="white", mec=INK, mew=1.2,
                              label="killed or missing, one total"))
    ax_full.legend(handles=handles, loc="upper left", ncols=1)
    return _finish(fig)


def _incident_severity(casualties, events):
    """Per event: start month and people killed on all sides (best), as in series()."""
    from .timeseries import event_totals

    killed = event_totals(casualties, "killed", "best").groupby("event_id")["value"].sum()
    ev = events[["event_id", "start_date"]].copy()
    ev["killed"] = ev["event_id"].map(killed).fillna(0).astype(int)
    return ev


def _severity_class(k: int) -> int:
    for i, (lo, hi, _, _) in enumerate(SEVERITY):
        if k >= lo and (hi is None or k <= hi):
            return i
    raise ValueError(k)


@_styled
def incidents(casualties=None, claims=None, events=None, *, data=None) -> Figure:
    """Incidents per month (frequency), stacked by people killed in each (intensity)."""
    import pandas as pd

    casualties, claims, events = _tables(data, casualties=casualties, claims=claims, events=events)
    months = _months()
    ev = _incident_severity(casualties, events)
    ev = ev[(ev["start_date"] >= months[0]) & (ev["start_date"] <= pd.Timestamp(schema.COVERAGE_END))]
    ev = ev.assign(month=ev["start_date"].dt.to_period("M").dt.start_time,
                   cls=ev["killed"].map(_severity_class))
    counts = (ev.groupby(["month", "cls"]).size().unstack(fill_value=0)
              .reindex(index=months, columns=range(len(SEVERITY)), fill_value=0))
    per_month = counts.sum(axis=1)
    busiest = per_month.idxmax() if len(ev) else months[0]
    years = ev.groupby(ev["start_date"].dt.year).agg(n=("event_id", "size"), killed=("killed", "sum"))
    year_text = "; ".join(f"{y}: {int(r.n)} incidents, {int(r.killed)} killed" for y, r in years.iterrows())
    start_year, end_year = _year_span(events)
    text = TEXT["incidents"].fill(start_year=start_year, end_year=end_year, n_events=len(ev),
                                  busiest=busiest.strftime("%B %Y"), busiest_n=int(per_month.max()),
                                  year_text=year_text or "No incidents")

    fig = _figure(11, 6.4)
    top, bottom = _frame(fig, text, source_line(claims, events["event_id"].unique()), above=0.35, below=0.45)
    ax = fig.add_gridspec(1, 1, left=0.06, right=0.985, top=top, bottom=bottom).subplots()
    stacked = [0] * len(months)
    for i, (_, _, label, colour) in enumerate(SEVERITY):
        vals = counts[i].tolist()
        ax.bar(range(len(months)), vals, bottom=stacked, width=0.8, color=colour, label=label,
               edgecolor="white", linewidth=0.5, zorder=2)
        stacked = [b + v for b, v in zip(stacked, vals)]
    _month_axis(ax, months)
    peak = max(int(per_month.max()), 1)
    ax.set_ylim(0, peak + 1.0)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_yticks([t for t in ax.get_yticks() if t <= peak])
    ax.set_ylabel("Incidents per month (count)")
    for y in range(start_year, end_year + 1):
        first = (y - schema.COVERAGE_START.year) * 12
        r = years.loc[y] if y in years.index else None
        n_y, k_y = (int(r.n), int(r.killed)) if r is not None else (0, 0)
        ax.text(first + 5.5, peak + 0.92, f"{y}: {n_y} incidents, {_people(k_y)} killed", ha="center", va="top",
                fontsize=8, color=MUTED)
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=len(SEVERITY), handlelength=1.2,
              columnspacing=1.6, title="Incidents by people killed in each (all sides):", alignment="left",
              title_fontproperties={"size": 8})
    return _finish(fig)


END_LABEL_OFFSET = 7  # points between a panel's right edge and its end labels


@_styled
def cumulative(casualties=None, claims=None, events=None, *, data=None) -> Figure:
    """Running totals of killed and wounded by side, by incident date, with low-high shading."""
    import pandas as pd

    from .timeseries import series

    casualties, claims, events = _tables(data, casualties=casualties, claims=claims, events=events)
    run = {(m, e): series("day", m, e, casualties=casualties).cumsum()
           for m in ("killed", "wounded") for e in ("low", "best", "high")}
    # a step line only needs the days where a total changes (plus both ends): smaller SVGs, same picture
    changed = pd.concat([f.diff().ne(0).any(axis=1) for f in run.values()], axis=1).any(axis=1)
    changed.iloc[[0, -1]] = True
    run = {k: f[changed] for k, f in run.items()}
    sides = _sides_present(*(run[k] for k in run)) or ["armenia", "azerbaijan"]
    final = {m: run[(m, "best")].iloc[-1] for m in ("killed", "wounded")}

    def final_text(m):
        return ", ".join(f"{SIDE_LABELS[s]} {_people(int(final[m][s]))}" for s in sides)

    start_year, end_year = _year_span(events)
    # the subtitle names the shading only when some is drawn
    shaded = any((run[(m, "high")][s] != run[(m, "low")][s]).any() for m in ("killed", "wounded") for s in sides)
    text = TEXT["cumulative"].fill(start_year=start_year, end_year=end_year, killed_text=final_text("killed"),
                                   wounded_text=final_text("wounded"),
                                   shading="; shading: low–high range" if shaded else "",
                                   shading_caption=" Shading shows the low–high range where sources disagree."
                                   if shaded else "")
    fig = _figure(11, 6.4)
    top, bottom = _frame(fig, text, source_line(claims, casualties["event_id"].unique()), above=0.3, below=0.4)
    # Room for the end labels, measured: each panel's labels get their own width (plus the offset and a
    # gap) before the next panel's tick labels and axis label start, so they can never touch.
    end_labels = {m: [f"{SIDE_LABELS[s]} {_people(int(final[m][s]))}" for s in sides] for m in final}
    label_in = {m: (END_LABEL_OFFSET + max(_text_width(t, 8) for t in end_labels[m])) / 72 + 0.15 for m in final}
    width_in, left_in, yaxis_in = 11.0, 0.72, 0.85  # yaxis_in: tick labels and axis label of a panel
    right_in = width_in - label_in["wounded"] - 0.05
    gap_in = label_in["killed"] + yaxis_in
    panel_in = (right_in - left_in - gap_in) / 2
    axes = fig.add_gridspec(1, 2, wspace=gap_in / panel_in, left=left_in / width_in, right=right_in / width_in,
                            top=top, bottom=bottom).subplots()
    episodes = _episodes(events)
    for ax, measure in zip(axes, ("killed", "wounded")):
        best, lo, hi = (run[(measure, e)] for e in ("best", "low", "high"))
        x = best.index
        ymax = _nice_ceiling(max(float(hi[sides].to_numpy().max()), 1) * 1.08)
        for side in sides:
            c = SIDE_COLOURS[side]
            if (hi[side] != lo[side]).any():
                # hatched in the side's own colour at full strength: a transparent tint of Armenia's blue
                # reads as the Karabakh Armenians' light blue
                ax.fill_between(x, lo[side], hi[side], step="post", facecolor="none", edgecolor="none",
                                hatch="//", hatchcolor=c, lw=0, zorder=1)
                ax.step(x, hi[side], where="post", color=c, lw=0.8, zorder=2)  # the band's upper edge
            ax.step(x, best[side], where="post", color=c, lw=1.8, zorder=3)
        # labels at the right end, pushed apart so they never overlap
        ends = sorted(((float(best[s].iloc[-1]), s) for s in sides))
        gap, placed = ymax * 0.065, []
        for y, s in ends:
            placed.append(max(y, placed[-1] + gap) if placed else y)
        for yy, (y, s) in zip(placed, ends):
            ax.plot([x[-1]], [y], marker="o", ms=4, color=SIDE_COLOURS[s], zorder=4, clip_on=False)
            ax.annotate(f"{SIDE_LABELS[s]} {_people(int(y))}", xy=(1, yy), xycoords=ax.get_yaxis_transform(),
                        xytext=(END_LABEL_OFFSET, 0), textcoords="offset points", ha="left", va="center",
                        fontsize=8, color=INK, annotation_clip=False)
        for _, label, _, _, start in episodes:
            ax.axvline(start, color="#AAAAAA", lw=0.7, ls=":", zorder=0)
            ax.text(start, ymax * 0.995, pd.Timestamp(start).strftime("%b %Y"), rotation=90, ha="right",
                    va="top", fontsize=6.5, color=MUTED)
        ax.set_ylim(0, ymax)
        ax.set_xlim(x[0], x[-1])
        ax.set_title("Killed" if measure == "killed" else "Wounded", loc="left")
        ax.set_ylabel(f"People {measure}, running total (count)")
        ax.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
        years = pd.date_range(schema.COVERAGE_START, schema.COVERAGE_END, freq="YS")
        ax.set_xticks(list(years) + [pd.Timestamp(schema.COVERAGE_END)])
        ax.set_xticklabels([f"Jan\n{y.year}" for y in years] + ["Dec\n" + str(schema.COVERAGE_END.year)])
    return _finish(fig)


QUALIFIER_MARKS = {"exact": "", "at_least": "≥", "about": "~", "more_than": ">", "up_to": "≤"}


def claims_gap_table(casualties=None, claims=None, events=None, *, data=None):
    """Rows where a side's own report and the adversary's claim both exist, with their qualifiers.

    Columns: event_id, name, start_date, side, category, population, own_report, own_qualifier,
    own_claimant, adversary_claim, adversary_qualifier, adversary_claimant.
    """
    import pandas as pd

    casualties, claims, events = _tables(data, casualties=casualties, claims=claims, events=events)
    # An encyclopedia-only row (source_type of its best) is a lead, not a figure to chart.
    both = casualties[casualties["own_report"].notna() & casualties["adversary_claim"].notna()
                      & (casualties["source_type"].astype(str) != "encyclopedia")].copy()
    keys = ["event_id", "side", "category", "population"]
    c = _eligible(claims)
    c = c[c["superseded_by"].isna()].assign(**{k: c[k].astype(str) for k in ("side", "category", "population")})
    rows = []
    for r in both.itertuples(index=False):
        grp = c[(c["event_id"] == r.event_id) & (c["side"] == str(r.side)) & (c["category"] == str(r.category))
                & (c["population"] == str(r.population))]

        def who(basis, count):
            g = grp[(grp["basis"].astype(str) == basis) & (grp["count"] == count)]
            g = g.sort_values("report_date", ascending=False, kind="stable")
            return (str(g["qualifier"].iloc[0]), str(g["claimant"].iloc[0])) if len(g) else ("exact", "")

        oq, oc = who("own_report", r.own_report)
        aq, ac = who("adversary_claim", r.adversary_claim)
        rows.append({**{k: getattr(r, k) for k in keys}, "start_date": r.start_date,
                     "own_report": int(r.own_report), "own_qualifier": oq, "own_claimant": oc,
                     "adversary_claim": int(r.adversary_claim), "adversary_qualifier": aq, "adversary_claimant": ac})
    out = pd.DataFrame(rows, columns=keys + ["start_date", "own_report", "own_qualifier", "own_claimant",
                                             "adversary_claim", "adversary_qualifier", "adversary_claimant"])
    names = dict(zip(events["event_id"], events["name"]))
    out.insert(1, "name", out["event_id"].map(names))
    return out.sort_values(["start_date", "event_id", "side", "category", "population"], kind="stable").reset_index(drop=True)


CATEGORY_WORDS = {"killed": "killed", "wounded": "wounded", "missing": "missing", "captured": "captured",
                  "killed_or_missing": "killed or missing", "casualties": "killed and wounded"}
#: A claims_gap row names at most this many places of its event, then "and N more".
MAX_PLACES = 3
#: Longest line of a row label's place list, in characters; longer lists wrap at a name boundary.
PLACE_LINE = 48


def gap_row_label(start_date, province, side, category, population) -> str:
    """A claims_gap row title: the event by date and place, then the side hit and the loss.

    The event's own name is not used: it often names one side's loss ("Armenian soldier killed in
    ..."), and a row may be about the other side's losses in the same incident. The rule, so that no
    name is cut mid-phrase: places are the event's `province` entries (dual names such as
    "Askeran / Khojaly" kept whole), at most MAX_PLACES of them and then "and N more"; the line wraps
    only between whole place names (at PLACE_LINE characters); the second line is "Side hit: <side>
    — <population> <loss>".

    >>> import datetime
    >>> print(gap_row_label(datetime.date(2021, 8, 16), "Gegharkunik; Kalbajar", "azerbaijan", "casualties",
    ...                     "military"))
    16 Aug 2021 · Gegharkunik, Kalbajar
    Side hit: Azerbaijan — military killed and wounded
    """
    given = province if isinstance(province, str) else ""  # None or pd.NA: not recorded
    names = [p.strip() for p in given.split(";") if p.strip()] or ["place not recorded"]
    shown = names[:MAX_PLACES] + ([f"and {len(names) - MAX_PLACES} more"] if len(names) > MAX_PLACES else [])
    head, rows = f"{start_date:%-d %b %Y} · ", []
    for i, name in enumerate(shown):
        piece = name + ("," if i < len(shown) - 1 and not shown[i + 1].startswith("and ") else "")
        if rows and len(rows[-1]) + 1 + len(piece) <= PLACE_LINE:
            rows[-1] += " " + piece
        else:
            rows.append(piece)
    place_text = "\n".join([head + rows[0]] + rows[1:])
    pop = "" if str(population) in ("unknown", "mixed") else f"{population} "
    return f"{place_text}\nSide hit: {SIDE_LABELS[str(side)]} — {pop}{CATEGORY_WORDS[str(category)]}"


@_styled
def claims_gap(casualties=None, claims=None, events=None, *, data=None) -> Figure:
    """Each side's own reported losses against what the adversary said it inflicted (where both exist)."""
    casualties, claims, events = _tables(data, casualties=casualties, claims=claims, events=events)
    table = claims_gap_table(casualties, claims, events)
    n = len(table)

    places = dict(zip(events["event_id"], events["province"]))

    def fmt(v, q):
        return f"{QUALIFIER_MARKS.get(q, '')}{v}"

    labels = [gap_row_label(r.start_date, places.get(r.event_id), r.side, r.category, r.population)
              for r in table.itertuples()]
    wide = [(r, label) for r, label in zip(table.itertuples(), labels)
            if max(r.own_report, r.adversary_claim) >= 5]
    def spoken(label):  # the row title as one phrase, for the alt text
        return label.replace(" · ", ", ").replace("\nSide hit: ", "; side hit: ").replace("\n", " ")

    gap_text = " ".join(f"{spoken(label)}: own report {fmt(r.own_report, r.own_qualifier)}, "
                        f"adversary claim {fmt(r.adversary_claim, r.adversary_qualifier)}." for r, label in wide)
    text = TEXT["claims_gap"].fill(n_rows=n, gap_text=gap_text or "The figures match in every row.")
    keys = ["event_id", "side", "category", "population"]
    shown = set(table[keys].astype(str).itertuples(index=False, name=None))
    behind = claims[[k in shown for k in claims[keys].astype(str).itertuples(index=False, name=None)]]
    lines = max([label.count("\n") + 1 for label in labels] + [2])
    height = max(4.8, 2.0 + 0.28 * lines * max(n, 1))
    fig = _figure(11, height)
    top, bottom = _frame(fig, text, source_line(behind), above=0.45, below=0.5)
    # the left margin fits the longest label line, measured in the font, plus the page margin
    label_in = max([_text_width(label, 7.5) for label in labels] + [0]) / 72
    ax = fig.add_gridspec(1, 1, left=(0.12 + label_in + 0.15) / 11, right=0.83, top=top, bottom=bottom).subplots()
    ax.grid(axis="x", color=GRID)
    ax.grid(axis="y", visible=False)
    xmax = _nice_ceiling(max([1] + table["own_report"].tolist() + table["adversary_claim"].tolist()) * 1.05)
    for i, r in enumerate(table.itertuples()):
        y = n - 1 - i
        c = SIDE_COLOURS[str(r.side)]
        ax.plot([r.own_report, r.adversary_claim], [y, y], color="#BBBBBB", lw=1.6, zorder=1)
        # the diamond is larger and hollow, so an equal own report still shows inside it
        ax.plot([r.adversary_claim], [y], marker="D", ms=9, mfc="white", mec=c, mew=1.6, zorder=4, ls="",
                clip_on=False)
        ax.plot([r.own_report], [y], marker="o", ms=5.5, color=c, zorder=5, ls="", clip_on=False)
        ax.text(1.03, y, fmt(r.own_report, r.own_qualifier), transform=ax.get_yaxis_transform(), ha="center",
                va="center", fontsize=8.5)
        ax.text(1.15, y, fmt(r.adversary_claim, r.adversary_qualifier), transform=ax.get_yaxis_transform(),
                ha="center", va="center", fontsize=8.5)
    ax.text(1.03, n - 0.35, "own\nreport", transform=ax.get_yaxis_transform(), ha="center", va="bottom",
            fontsize=7.5, color=MUTED)
    ax.text(1.15, n - 0.35, "adversary\nclaim", transform=ax.get_yaxis_transform(), ha="center", va="bottom",
            fontsize=7.5, color=MUTED)
    ax.set_yticks(range(n))
    ax.set_yticklabels(labels[::-1], fontsize=7.5, linespacing=1.25)
    ax.set_ylim(-0.7, n - 0.3 if n else 0.5)
    ax.set_xlim(-xmax * 0.015, xmax)
    ax.set_xlabel("People (count), as stated by each source")
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    handles = [Line2D([], [], ls="", marker="o", ms=5.5, color=MUTED, label="the side's own report"),
               Line2D([], [], ls="", marker="D", ms=9, mfc="white", mec=MUTED, mew=1.6,
                      label="adversary's claim of losses it inflicted")]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=2)
    if not n:
        ax.text(0.5, 0.5, "No incident has both an own report and an adversary claim.", transform=ax.transAxes,
                ha="center", va="center", color=MUTED)
    return _finish(fig)


EVALUATION_COLUMNS = ("phenomenon", "precision", "recall", "f1", "n")
#: Names of the evaluation splits, when the table has a `split` column; totals are listed first.
SPLIT_LABELS = {"heldout": "Held-out set", "dev": "Development set", "seed": "Seed articles",
                "real-dev": "Real news, development part", "real-test": "Real news, test part 1",
                **{f"real-test{n}": f"Real news, test part {n}" for n in range(2, 10)},
                "real-test-all": "Real news, all test parts"}


def _evaluation_rows(table):
    """Rows in display order (top first) with a label: split totals, then phenomena by F1 (worst first)."""
    t = table.copy()
    if "split" in t.columns:
        total = t["phenomenon"].astype(str) == "all"
        order = {k: i for i, k in enumerate(SPLIT_LABELS)}
        totals = t[total].assign(_o=t.loc[total, "split"].map(order).fillna(len(order))).sort_values(["_o", "split"])
        totals = totals.assign(label=[f"{SPLIT_LABELS.get(str(x), str(x))}, all" for x in totals["split"]])
        rest = t[~total].assign(label=t.loc[~total, "phenomenon"].astype(str))
    else:
        totals, rest = t.iloc[0:0].assign(label=[]), t.assign(label=t["phenomenon"].astype(str))
    rest = rest.sort_values(["f1", "label"], ascending=[True, True], kind="stable")
    return totals.drop(columns=["_o"], errors="ignore").reset_index(drop=True), rest.reset_index(drop=True)


@_styled
def extraction_quality(table) -> Figure:
    """Precision, recall and F1 per phenomenon, from `casualties.evaluate.evaluation_table()`.

    `table` has the columns phenomenon, precision, recall, f1 and n (scores from 0 to 1); with a
    `split` column, rows whose phenomenon is 'all' are shown first as each split's total. F1 is the
    bar; precision and recall are the markers on it; with `f1_low` and `f1_high`, a line across the
    bar's end is the 95 % interval of F1 (a test part is a sample of the news, not all of it).
    """
    missing = [c for c in EVALUATION_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"evaluation table lacks column(s): {', '.join(missing)}")
    totals, rest = _evaluation_rows(table)
    rows = list(totals.itertuples(index=False)) + list(rest.itertuples(index=False))
    n = len(rows)
    ranked = sorted(rows, key=lambda r: (float(r.f1), r.label))
    worst, best = (ranked[0], ranked[-1]) if n else (None, None)
    text = TEXT["extraction_quality"].fill(
        n_rows=n, worst=worst.label if n else "none", worst_f1=f"{worst.f1:.2f}" if n else "n/a",
        best=best.label if n else "none", best_f1=f"{best.f1:.2f}" if n else "n/a")
    height = max(4.6, 2.3 + 0.27 * max(n, 1))
    fig = _figure(9, height)
    source = f"Source: casualties dataset v{__version__}, extractor output scored against the hand-labelled set."
    top, bottom = _frame(fig, text, source, above=0.3, below=0.5)
    ax = fig.add_gridspec(1, 1, left=0.3, right=0.76, top=top, bottom=bottom).subplots()
    ax.grid(axis="x", color=GRID)
    ax.grid(axis="y", visible=False)
    ys = [n - 1 - i for i in range(n)]
    f1 = [float(r.f1) for r in rows]
    ax.barh(ys, f1, height=0.62, color="#BBBBBB", zorder=2, label="F1")
    ax.plot([float(r.precision) for r in rows], ys, ls="", marker="|", ms=11, mew=2, color=INK, zorder=3,
            label="Precision")
    ax.plot([float(r.recall) for r in rows], ys, ls="", marker="o", ms=4.5, mfc="white", mec=INK, mew=1.2,
            zorder=4, label="Recall")
    if {"f1_low", "f1_high"} <= set(table.columns):  # the bootstrap interval of a total's F1
        spans = [(y, float(r.f1_low), float(r.f1_high)) for y, r in zip(ys, rows) if r.f1_low == r.f1_low]
        for i, (y, low, high) in enumerate(spans):
            ax.plot([low, high], [y, y], color="#666666", lw=1.3, solid_capstyle="butt", zorder=2.5,
                    label="F1, 95 % interval" if i == 0 else None)
    for y, r in zip(ys, rows):
        ax.text(1.04, y, f"{r.f1:.2f}   {r.precision:.2f}   {r.recall:.2f}", transform=ax.get_yaxis_transform(),
                ha="left", va="center", fontsize=7.5, family="DejaVu Sans Mono")
    ax.text(1.04, n - 0.45, "F1     P      R", transform=ax.get_yaxis_transform(), ha="left", va="bottom",
            fontsize=7.5, color=MUTED, family="DejaVu Sans Mono")
    if len(totals) and len(rest):
        ax.axhline(n - len(totals) - 0.5, color="#999999", lw=0.8)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_yticks(ys)
    ax.set_yticklabels([f"{r.label} (n = {int(r.n)})" for r in rows], fontsize=7.5)
    ax.set_xlim(0, 1.025)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.set_xlabel("Score (0 to 1)")
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=3)
    return _finish(fig)


#: The published charts, in gallery order: `casualties charts` and `casualties site` draw each of
#: these from the casualties, claims and events tables. extraction_quality is not one of them: it
#: scores the extractor on the labelled sentences in tests/data/, which only a source checkout has,
#: and its rows are internal tags; docs/extraction.md draws it from there.
CHARTS = {"escalation": escalation, "incidents": incidents, "cumulative": cumulative, "claims_gap": claims_gap,
          "incident_map": maps.incident_map}


# ---------------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------------


def save(fig: Figure, stem: Path) -> list[Path]:
    """Write `stem`.svg and `stem`.png (dpi 200), byte-for-byte reproducible: no dates, fixed ids."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    rec = getattr(fig, "chart_text", None)
    title = rec.title if rec else fig.get_label()
    desc = rec.alt if rec else ""
    written = []
    with matplotlib.rc_context(STYLE):
        svg, png = stem.with_suffix(".svg"), stem.with_suffix(".png")
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None, "Title": title,
                                                 "Description": desc})
        fig.savefig(png, format="png", dpi=DPI, metadata={"Software": None, "Title": title, "Description": desc})
        written += [svg, png]
    return written


def _gallery(entries: list[ChartText]) -> str:
    e = html.escape
    items = []
    for t in entries:
        items.append(f"""  <figure id="{e(t.name)}">
    <h2>{e(t.title)}</h2>
    <a href="{e(t.name)}.png"><img src="{e(t.name)}.png" alt="{e(t.alt)}" width="1000"></a>
    <figcaption>
      <p>{e(t.caption)}</p>
      <p class="note">{e(t.note)}</p>
      <p class="source">{e(t.source)}</p>
      <p>Download: <a href="{e(t.name)}.svg">SVG</a> · <a href="{e(t.name)}.png">PNG ({DPI} dpi)</a></p>
    </figcaption>
  </figure>""")
    body = "\n".join(items)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>casualties dataset v{e(__version__)}: charts</title>
<style>
  body {{ font-family: "DejaVu Sans", Verdana, sans-serif; max-width: 1040px; margin: 2em auto; padding: 0 1em;
         color: {INK}; background: #FFFFFF; line-height: 1.45; overflow-wrap: break-word; }}
  h1 {{ font-size: 1.5em; }}
  h2 {{ font-size: 1.2em; }}
  figure {{ margin: 0 0 3em 0; }}
  img {{ max-width: 100%; height: auto; border: 1px solid #ddd; }}
  .note, .source {{ color: {MUTED}; font-size: 0.9em; }}
  @media (max-width: 600px) {{
    body {{ margin: 1em auto; padding: 0 0.6em; font-size: 0.95em; }}
    h1 {{ font-size: 1.25em; }}
  }}
</style>
</head>
<body>
<h1>Casualties in the Armenia–Azerbaijan conflict, {schema.COVERAGE_START.year}–{schema.COVERAGE_END.year}: charts</h1>
<p>Dataset version {e(__version__)}; coverage {e(COVERAGE)}, by incident date. Every figure is a claim by
somebody; the reconciled estimates follow the rule in the codebook. Each chart is available as SVG
(for print) and PNG ({DPI} dpi); on a small screen, open the PNG to zoom in.</p>
{body}
</body>
</html>
"""


def cli_charts(out: Path, data: Path | None = None) -> int:
    """Write every chart to `out` as SVG and PNG, plus index.html; return the exit status (0).

    `data` is a folder of processed Parquet files (default: the dataset's own).
    """
    from . import load

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tables = {name: getattr(load, f"load_{name}")(data) for name in ("casualties", "claims", "events")}
    entries = []
    for name, build in CHARTS.items():
        fig = build(**tables)
        for path in save(fig, out / name):
            print(f"wrote {path}")
        entries.append(fig.chart_text)
    index = out / "index.html"
    index.write_text(_gallery(entries), encoding="utf-8")
    print(f"wrote {index}")
    return 0
