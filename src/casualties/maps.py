"""The incident map: where people were reported killed and wounded, 2021-2024, and by year.

Facts, then drawing: `map_table` gives the numbers a map shows (one row per event and side hit,
with the event's point and precision); `incident_map` only draws them, in the style, palette and
source line of `casualties.charts`. Outlines and town labels come from `data_static/` (see its
README); nothing is downloaded. The projection is equirectangular with longitude scaled by the
cosine of the map's middle latitude, which keeps distances true to within 2% over this window.
"""

from __future__ import annotations

import csv
import math
from importlib import resources

from matplotlib.lines import Line2D

#: Map window: (west, east, south, north) in degrees.
EXTENT = (44.25, 47.55, 38.8, 40.9)
#: Marker area in points² = BASE + PER_PERSON x people killed and wounded (area, not radius, grows with
#: the count, so a bubble twice the people looks twice as large).
BASE, PER_PERSON = 16.0, 2.5
SIZE_KEYS = (1, 10, 100, 500)
#: How each precision is drawn: filled for a named place, pale with an edge for a district's
#: centre, an outline only for a province's or region's centre. Country-level points are not drawn.
PRECISION_STYLE = {
    "place": {"alpha": 0.8, "fill": True},
    "near_place": {"alpha": 0.8, "fill": True},
    "district": {"alpha": 0.3, "fill": True},
    "province": {"alpha": 1.0, "fill": False},
}
PRECISION_LABELS = {
    "place": "at or near a named place (within about 25 km)",
    "district": "somewhere in a district: point at its centre",
    "province": "somewhere in a province or region: point at its capital",
}
#: Where a town's label sits relative to its point: offset in degrees and text alignment.
ANCHORS = {
    "ne": (0.03, 0.02, "left", "bottom"), "nw": (-0.03, 0.02, "right", "bottom"),
    "se": (0.03, -0.02, "left", "top"), "sw": (-0.03, -0.02, "right", "top"),
    "e": (0.04, 0.0, "left", "center"), "w": (-0.04, 0.0, "right", "center"),
    "n": (0.0, 0.035, "center", "bottom"), "s": (0.0, -0.035, "center", "top"),
}
#: Country names on the map (label, longitude, latitude): placement only, not data.
COUNTRY_LABELS = (
    ("ARMENIA", 44.75, 40.55), ("AZERBAIJAN", 47.05, 40.62), ("IRAN", 46.2, 38.9),
    ("NAKHCHIVAN\n(Azerbaijan)", 45.05, 39.35),
)


def _text():
    from .charts import COVERAGE, ChartText

    return ChartText(
        "incident_map",
        title="Where people were reported killed and wounded, {start_year}–{end_year}",
        subtitle=(f"Incidents by place, {COVERAGE}: bubble area = people killed and wounded (best "
                  "estimates), colour = the side hit. Left: all years; right: each year."),
        caption=("Each bubble is an incident, placed at the village, district or province the reports name, "
                 "and sized by the people reported killed and wounded on one side; an incident that hit "
                 "both sides has a bubble per side at the same point. {karabakh_text}"),
        alt=("Map of Armenia and Azerbaijan between Yerevan and Martuni / Khojavend with {n_points} "
             "incident bubbles. {year_text} {missing_text}"),
        note=("Borders: Natural Earth 1:10m (public domain), internationally recognised. The outline of "
              "the former Nagorno-Karabakh Autonomous Oblast is not drawn: no public-domain copy was "
              "available offline. {missing_text} Losses known only from the adversary's claim are "
              "not shown."),
    )


def _towns() -> list[dict]:
    text = resources.files("casualties").joinpath("data_static", "towns.csv").read_text(encoding="utf-8")
    return [dict(r, latitude=float(r["latitude"]), longitude=float(r["longitude"]))
            for r in csv.DictReader(text.splitlines())]


def map_table(events, casualties):
    """One row per event and side hit: its point, precision, year and the people killed and wounded.

    Columns: event_id, name, year, latitude, longitude, location_precision, side, killed, wounded,
    people (killed + wounded). Counts are `series.event_totals` best estimates (populations combined
    without double counting; the adversary's claim left out). Events with no one killed or wounded
    are not rows.
    """

    from .timeseries import event_totals

    parts = [event_totals(casualties, m).rename(columns={"value": m}).drop(columns="start_date")
             for m in ("killed", "wounded")]
    both = parts[0].merge(parts[1], on=["event_id", "side"], how="outer").fillna(0)
    both = both.astype({"killed": "int64", "wounded": "int64"})
    both = both.assign(people=both["killed"] + both["wounded"])
    both = both[both["people"] > 0]
    ev = events[["event_id", "name", "start_date", "latitude", "longitude", "location_precision"]].copy()
    ev = ev.assign(event_id=ev["event_id"].astype(str), year=ev["start_date"].dt.year,
                   location_precision=ev["location_precision"].astype(str),
                   latitude=ev["latitude"].astype(float), longitude=ev["longitude"].astype(float))
    out = ev.drop(columns="start_date").merge(both, on="event_id", how="inner")
    cols = ["event_id", "name", "year", "latitude", "longitude", "location_precision", "side", "killed",
            "wounded", "people"]
    return out[cols].sort_values(["people", "event_id", "side"], ascending=[False, True, True],
                                 kind="stable").reset_index(drop=True)


def _area(people):
    return BASE + PER_PERSON * people


#: Lakes in outlines.geojson, drawn as water for orientation (Gegharkunik lies around Lake Sevan).
LAKES = ("lake_sevan", "mingachevir_reservoir")


def _draw_outlines(ax) -> None:
    from matplotlib.patches import Polygon

    from .geo import outlines

    for key, polys in sorted(outlines().items(), key=lambda kv: (kv[0] in LAKES, kv[0])):
        if key in LAKES:
            for poly in polys:
                ax.add_patch(Polygon(poly[0], closed=True, facecolor="#DDE8EF", edgecolor="#A7BFCD", lw=0.5,
                                     zorder=1.5))
            continue
        ours = key in ("armenia", "azerbaijan")
        for poly in polys:
            ax.add_patch(Polygon(poly[0], closed=True, facecolor="#F1F1EE" if ours else "#FAFAFA",
                                 edgecolor="#6F6F6F" if ours else "#BBBBBB", lw=0.8 if ours else 0.5, zorder=1))
            for hole in poly[1:]:
                ax.add_patch(Polygon(hole, closed=True, facecolor="white", edgecolor="#6F6F6F", lw=0.5, zorder=1))


def _base_map(ax, *, towns: bool, scale: bool) -> None:
    from .charts import HALO, MUTED

    west, east, south, north = EXTENT
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / math.cos(math.radians((south + north) / 2)))
    ax.set_facecolor("white")
    ax.grid(False)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("#CCCCCC")
    _draw_outlines(ax)
    if towns:
        for label, lon, lat in COUNTRY_LABELS:
            ax.text(lon, lat, label, ha="center", va="center", fontsize=7.5, color="#9A9A9A",
                    fontweight="bold", zorder=2, linespacing=1.1)
        for t in _towns():
            ax.plot([t["longitude"]], [t["latitude"]], marker="s", ms=2.6, color="#444444", zorder=6, ls="")
            dx, dy, ha, va = ANCHORS[t["anchor"]]
            ax.text(t["longitude"] + dx, t["latitude"] + dy, t["label"], fontsize=6.5, color="#333333", ha=ha,
                    va=va, zorder=7, path_effects=HALO)
    if scale:
        km = 50
        lat0 = south + 0.3
        dlon = km / (111.32 * math.cos(math.radians(lat0)))
        x0 = west + 0.12
        ax.plot([x0, x0 + dlon], [lat0, lat0], color="#333333", lw=2, solid_capstyle="butt", zorder=8)
        ax.text(x0 + dlon / 2, lat0 + 0.04, f"{km} km", ha="center", va="bottom", fontsize=7, color=MUTED, zorder=8)


def _draw_points(ax, rows) -> None:
    from .charts import SIDE_COLOURS

    for r in rows.itertuples(index=False):  # largest first, so small bubbles stay on top
        style = PRECISION_STYLE[r.location_precision]
        colour = SIDE_COLOURS[r.side]
        ax.scatter([r.longitude], [r.latitude], s=_area(r.people), zorder=5,
                   facecolors=colour if style["fill"] else "none", alpha=style["alpha"],
                   edgecolors="white" if style["fill"] and style["alpha"] > 0.5 else colour,
                   linewidths=0.6 if style["fill"] else 1.1)


def _legend(fig, sides, top: float) -> None:
    from .charts import MUTED, SIDE_COLOURS, SIDE_LABELS

    side_handles = [Line2D([], [], ls="", marker="o", ms=8, color=SIDE_COLOURS[s], label=SIDE_LABELS[s])
                    for s in SIDE_COLOURS if s in sides]
    prec = []
    for key, label in PRECISION_LABELS.items():
        st = PRECISION_STYLE[key]
        prec.append(Line2D([], [], ls="", marker="o", ms=9, mfc=MUTED if st["fill"] else "none",
                           alpha=st["alpha"] if st["fill"] else 1.0, mec=MUTED, mew=1.0, label=label))
    common = {"frameon": False, "fontsize": 7.5, "title_fontsize": 7.5, "alignment": "left", "loc": "upper left"}
    fig.legend(handles=side_handles, title="Side hit", bbox_to_anchor=(0.015, top), **common)
    # Bubble sizes: drawn with scatter like the map itself, so the key matches the bubbles exactly.
    width, height = fig.get_size_inches()
    key = fig.add_axes((0.2, top - 1.0 / height, 0.3, 1.0 / height))
    key.set_axis_off()
    key.set_xlim(0, len(SIZE_KEYS))
    key.set_ylim(0, 1)
    key.text(0.02, 0.93, "People killed and wounded (bubble area)", fontsize=7.5, va="top", color="#222222")
    for i, n in enumerate(SIZE_KEYS):
        key.scatter([i + 0.45], [0.45], s=_area(n), facecolors="#BBBBBB", edgecolors="white", linewidths=0.6)
        key.text(i + 0.45, 0.05, f"{n}", ha="center", va="bottom", fontsize=7.5, color="#222222")
    fig.legend(handles=prec, title="Where the reports place it", bbox_to_anchor=(0.52, top), **common)


def _not_drawn(ax, rows) -> None:
    """Say on the panel itself how many incidents (and people) it cannot show: placed at country level.
    The note sits on a white box: on the small panels it crosses the border lines."""
    from .charts import MUTED

    if len(rows):
        n = rows["event_id"].nunique()
        ax.text(0.02, 0.02, f"Not drawn (placed only at country level):\n{n} incident{'s' if n > 1 else ''}, "
                f"{int(rows['people'].sum()):,} killed and wounded", transform=ax.transAxes, fontsize=6.5,
                color=MUTED, ha="left", va="bottom", zorder=9, linespacing=1.3,
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.5})


def incident_map(casualties=None, claims=None, events=None, *, data=None):
    """The incident map: all of 2021–2024 on the left, one small map per year on the right.

    >>> from casualties import maps
    >>> fig = maps.incident_map()
    >>> fig.chart_text.name
    'incident_map'
    """
    import matplotlib

    from . import charts, schema

    with matplotlib.rc_context(charts.STYLE):
        casualties, claims, events = charts._tables(data, casualties=casualties, claims=claims, events=events)
        table = map_table(events, casualties)
        placed = table["location_precision"].isin(list(PRECISION_STYLE))
        drawn, left_out = table[placed], table[~placed]  # country-level (or unplaced) events are listed
        start, end = schema.COVERAGE_START.year, schema.COVERAGE_END.year
        years = list(range(start, end + 1))
        missing = left_out.groupby(["event_id", "name"], sort=True)["people"].sum().reset_index()
        missing_text = ("Placed only at country level and not drawn (people killed and wounded): " + "; ".join(
            f"{r.name} ({r.people:,})" for r in missing.itertuples()) + "."
            if len(missing) else "Every incident with people killed or wounded is drawn.")
        per_year = drawn.groupby("year")["people"].sum()
        year_text = " ".join(f"{y}: {drawn[drawn['year'] == y]['event_id'].nunique()} incidents, "
                             f"{int(per_year.get(y, 0)):,} people killed and wounded." for y in years)
        in_karabakh = drawn["event_id"].isin(set(events.loc[events["area"] == "karabakh", "event_id"].astype(str)))
        shares = [f"{100 * drawn.loc[in_karabakh & (drawn['year'] == y), 'people'].sum() / per_year[y]:.0f}% in {y}"
                  for y in years if per_year.get(y, 0)]
        karabakh_text = ("Of the people killed and wounded at the incidents drawn, the share in Karabakh was "
                         + (", ".join(shares[:-1]) + " and " + shares[-1] if len(shares) > 1 else "".join(shares))
                         + ".") if shares else ""
        text = _text().fill(start_year=start, end_year=end, n_points=drawn["event_id"].nunique(),
                            year_text=year_text, missing_text=missing_text, karabakh_text=karabakh_text)
        fig = charts._figure(12, 8.6)
        top, bottom = charts._frame(fig, text, charts.source_line(claims, set(table["event_id"])),
                                    above=0.25, below=1.05)
        grid = fig.add_gridspec(2, 4, left=0.015, right=0.985, top=top, bottom=bottom, wspace=0.04, hspace=0.12)
        main = fig.add_subplot(grid[:, :2])
        _base_map(main, towns=True, scale=True)
        _draw_points(main, drawn)
        _not_drawn(main, left_out)
        main.set_title(f"{start}–{end}", loc="left")
        for i, year in enumerate(years):
            ax = fig.add_subplot(grid[i // 2, 2 + i % 2])
            _base_map(ax, towns=False, scale=False)
            _draw_points(ax, drawn[drawn["year"] == year])
            _not_drawn(ax, left_out[left_out["year"] == year])
            # the year's whole figures, as the other charts give them: the panel's own note says
            # what it cannot draw (country-level incidents)
            of_year = table[table["year"] == year]
            ax.set_title(f"{year}: {int(of_year['people'].sum()):,} killed and wounded, "
                         f"{of_year['event_id'].nunique()} incidents", loc="left", fontsize=8)
        _legend(fig, set(drawn["side"]), bottom - 0.1 / fig.get_size_inches()[1])
        return charts._finish(fig)
