"""Where incidents happened: every event has a checked point, precision and source; the gazetteer and
the assignments are data with file:line errors; the GeoJSON export and the map are sound and reproducible."""

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

import casualties
from casualties import build, curate, geo, maps, schema

ROOT = Path(__file__).resolve().parents[1]
PLACES = ROOT / geo.GAZETTEER
ASSIGNMENTS = ROOT / geo.EVENT_PLACES


@pytest.fixture(scope="module")
def events():
    return casualties.load_events()


@pytest.fixture(scope="module")
def gazetteer():
    return geo.read_gazetteer(ROOT)


def _rows(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# ---- the published points --------------------------------------------------------------------------


def test_every_event_has_a_point_a_precision_and_a_source(events):
    for col in ("latitude", "longitude", "location_precision", "location_source"):
        assert events[col].notna().all(), col
    assert set(events["location_precision"].astype(str)) <= set(schema.VOCABULARIES["location_precision"])
    assert events["location_source"].str.match(r"^gazetteer:[a-z0-9_]+ \(.+\); .+, https?://\S+$").all()


def test_points_are_wgs84_degrees_at_four_decimals(events):
    for col in ("latitude", "longitude"):
        values = events[col].astype(float)
        assert (values.round(geo.DECIMALS) == values).all(), col


def test_every_point_is_in_the_region_and_in_the_country_the_event_names(events):
    south, north, west, east = geo.REGION_BBOX
    assert events["latitude"].between(south, north).all()
    assert events["longitude"].between(west, east).all()
    problems = {r.event_id: geo.point_problem(float(r.latitude), float(r.longitude), str(r.country_of_location),
                                              str(r.location_precision)) for r in events.itertuples()}
    assert {k: v for k, v in problems.items() if v} == {}
    for r in events.itertuples():
        if str(r.country_of_location) in geo.COUNTRIES:
            assert geo.country_at(float(r.latitude), float(r.longitude)) == str(r.country_of_location), r.event_id


def test_border_events_at_a_named_place_lie_near_both_countries(events):
    both = events[(events["country_of_location"] == "both")
                  & events["location_precision"].isin(["place", "near_place"])]
    assert len(both) > 10  # the rule is exercised on real rows
    for r in both.itertuples():
        lat, lon = float(r.latitude), float(r.longitude)
        assert min(geo.distance_km(lat, lon, c) for c in geo.COUNTRIES) == 0.0
        assert max(geo.distance_km(lat, lon, c) for c in geo.COUNTRIES) <= geo.NEAR_KM, r.event_id


def _names(place: dict) -> list[str]:
    """The words a text must contain to name this place: its names, without 'district', 'province'..."""
    out = []
    for name in (place["name"], place["other_name"]):
        name = re.sub(r"\s*\(.*\)$", "", name or "")
        name = re.sub(r"\s+(district|province|municipality)$", "", name)
        out += [n.strip() for n in name.split("/") if n.strip()]
    return out


def test_a_point_is_never_more_precise_than_the_text_that_located_it(gazetteer):
    """Rule: the place (or unit) an event is assigned to is named in the event's own words."""
    texts = {e["event_id"]: " ".join(filter(None, (e["description"], e["villages"], e["province"])))
             for e in curate.read_events(ROOT / "data" / "raw" / "curated", ROOT)}
    unnamed = []
    for row in _rows(ASSIGNMENTS):
        if row["precision"] == "country":
            continue
        place = gazetteer[row["place_id"]]
        if not any(n.lower() in texts[row["event_id"]].lower() for n in _names(place)):
            unnamed.append((row["event_id"], row["place_id"]))
    assert unnamed == []


def test_precision_matches_the_kind_of_place(gazetteer):
    for row in _rows(ASSIGNMENTS):
        assert gazetteer[row["place_id"]]["kind"] in geo.PRECISION_KINDS[row["precision"]], row


# ---- the gazetteer ---------------------------------------------------------------------------------


def test_every_gazetteer_point_is_cited_and_inside_its_country(gazetteer):
    assert len(gazetteer) >= 30
    for pid, p in gazetteer.items():
        assert p["source"] and re.match(r"^https?://", p["source_url"]), pid
        where = geo.country_at(p["latitude"], p["longitude"])
        assert where == p["country"] or (p["country"] == "both" and where in geo.COUNTRIES), pid


def test_outlines_hold_the_exclaves():
    # Nakhchivan city, in Azerbaijan's exclave; Artsvashen, Armenia's exclave inside Azerbaijan
    # (Wikipedia: 40°38′N 45°30′E); Yerevan and Baku on the right sides.
    assert geo.country_at(39.2089, 45.4122) == "azerbaijan"
    assert geo.country_at(40.6389, 45.5117) == "armenia"
    assert geo.country_at(40.1777, 44.5126) == "armenia"
    assert geo.country_at(40.4093, 49.8671) == "azerbaijan"
    assert geo.country_at(41.7151, 44.8271) is None  # Tbilisi
    assert geo.distance_km(40.1777, 44.5126, "armenia") == 0.0


def test_towns_on_the_map_copy_the_gazetteer(gazetteer):
    for town in maps._towns():
        p = gazetteer[town["place_id"]]
        assert (town["latitude"], town["longitude"]) == (p["latitude"], p["longitude"]), town["place_id"]
        assert p["name"] in town["label"] and (not p["other_name"] or p["other_name"] in town["label"])


def test_the_suite_box_is_the_module_box():
    suite = json.loads((ROOT / "expectations" / "events.json").read_text())
    bounds = {e["kwargs"]["column"]: (e["kwargs"]["min_value"], e["kwargs"]["max_value"])
              for e in suite["expectations"] if e["type"] == "expect_column_values_to_be_between"
              and e["kwargs"].get("column") in ("latitude", "longitude")}
    south, north, west, east = geo.REGION_BBOX
    assert bounds == {"latitude": (south, north), "longitude": (west, east)}


# ---- bad input: one message with file, line and field; nothing written ------------------------------


@pytest.fixture
def raw_copy(tmp_path):
    shutil.copytree(ROOT / "data" / "raw", tmp_path / "data" / "raw")
    shutil.copytree(ROOT / "expectations", tmp_path / "expectations")
    return tmp_path


def _edit(path: Path, old: str, new: str) -> int:
    """Replace `old` in the file; return the 1-based line it was on."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def _build_error(root: Path) -> str:
    out = root / "out"
    with pytest.raises(curate.InputError) as exc:
        build.build(root, out)
    assert not out.exists() or not any(out.iterdir())
    return str(exc.value)


def test_an_event_without_a_place_fails_at_the_event_line(raw_copy):
    _edit(raw_copy / geo.EVENT_PLACES, "2023-10-02-kut-shooting,kut,near_place,near Kut\n", "")
    message = _build_error(raw_copy)
    lines = (raw_copy / "data/raw/curated/events_2023.csv").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("2023-10-02-kut-shooting,"))
    assert f"data/raw/curated/events_2023.csv:{line}: event_id: event '2023-10-02-kut-shooting' has no place" in message
    assert "Traceback" not in message


def test_a_district_cannot_claim_a_named_place(raw_copy):
    line = _edit(raw_copy / geo.EVENT_PLACES, "2023-11-11-kalbajar-sniper,kalbajar_district,district,",
                 "2023-11-11-kalbajar-sniper,kalbajar_district,near_place,")
    message = _build_error(raw_copy)
    assert f"data/raw/gazetteer/event_places.csv:{line}: precision: 'kalbajar_district' is a district" in message


def test_a_point_in_the_wrong_country_fails(raw_copy):
    # Tegh is in Armenia; the Lachin-direction shooting happened in Azerbaijan.
    line = _edit(raw_copy / geo.EVENT_PLACES, "2023-07-11-lachin-direction-shooting,lachin_district,district,",
                 "2023-07-11-lachin-direction-shooting,tegh,near_place,")
    message = _build_error(raw_copy)
    assert f"event_places.csv:{line}: place_id: 'tegh' for event '2023-07-11-lachin-direction-shooting'" in message
    assert "lies in armenia, not in azerbaijan" in message


def test_unknown_events_and_places_fail(raw_copy):
    path = raw_copy / geo.EVENT_PLACES
    line = _edit(path, "2023-10-02-kut-shooting,kut,", "2023-10-02-kut-shooting,kutt,")
    with path.open("a", encoding="utf-8") as fh:
        fh.write("2023-10-03-no-such-event,kut,near_place,\n")
    message = _build_error(raw_copy)
    assert f"event_places.csv:{line}: place_id: unknown place 'kutt'" in message
    assert "event_id: unknown event '2023-10-03-no-such-event'" in message


def test_a_gazetteer_typo_that_leaves_the_country_fails(raw_copy):
    # Sotk with latitude and longitude swapped would be far outside the region.
    line = _edit(raw_copy / geo.GAZETTEER, ",40.2001,45.8695,", ",45.8695,40.2001,")
    message = _build_error(raw_copy)
    assert f"data/raw/gazetteer/places.csv:{line}: latitude: the point (45.8695, 40.2001) is outside the region" in message


def test_coordinates_keep_four_decimals_at_most(raw_copy):
    line = _edit(raw_copy / geo.GAZETTEER, ",40.2001,45.8695,", ",40.20012,45.8695,")
    message = _build_error(raw_copy)
    assert f"places.csv:{line}: latitude: expected decimal degrees with at most 4 decimals" in message


# ---- export and map ----------------------------------------------------------------------------------


def test_geojson_has_one_point_per_event_in_lon_lat_order(events):
    fc = geo.to_geojson(events)
    text = json.dumps(fc, allow_nan=False)  # strict JSON: no NaN
    assert json.loads(text) == fc
    assert [f["id"] for f in fc["features"]] == sorted(events["event_id"])
    by_id = events.set_index("event_id")
    for f in fc["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert (lat, lon) == (float(by_id.loc[f["id"], "latitude"]), float(by_id.loc[f["id"], "longitude"]))
        assert f["properties"]["location_precision"] in schema.VOCABULARIES["location_precision"]
        assert re.match(r"^\d{4}-\d{2}-\d{2}$", f["properties"]["start_date"])
        assert "latitude" not in f["properties"]


def test_map_table_counts_killed_and_wounded_per_event_and_side(events):
    cas = casualties.load_casualties()
    table = maps.map_table(events, cas)
    assert (table["people"] == table["killed"] + table["wounded"]).all()
    assert (table["people"] > 0).all()
    assert not table.duplicated(["event_id", "side"]).any()
    # the table's totals are the series' totals (same rule, not a second copy of it)
    for measure in ("killed", "wounded"):
        assert int(table[measure].sum()) == int(casualties.series(freq="year", measure=measure, by=None).sum())


def test_map_draws_one_bubble_per_placed_event_and_side(events):
    import matplotlib.collections as mc

    fig = maps.incident_map()
    table = maps.map_table(events, casualties.load_casualties())
    placed = table[table["location_precision"] != "country"]
    main = fig.axes[0]
    bubbles = [c for c in main.collections if isinstance(c, mc.PathCollection)]
    assert len(bubbles) == len(placed)
    small = fig.axes[1:5]
    assert [ax.get_title(loc="left")[:4] for ax in small] == ["2021", "2022", "2023", "2024"]
    assert sum(len([c for c in ax.collections if isinstance(c, mc.PathCollection)]) for ax in small) == len(placed)
    assert "former Nagorno-Karabakh Autonomous Oblast" in fig.chart_text.note


def test_a_year_panel_is_titled_with_the_years_whole_figures(events):
    """A year's title counts every incident with people killed or wounded, drawn or not (the panel's
    note names those placed only at country level), so it agrees with series() and the other charts."""
    cas = casualties.load_casualties()
    table = maps.map_table(events, cas)
    people = sum(casualties.series(freq="year", measure=m, by=None, casualties=cas) for m in ("killed", "wounded"))
    titles = [ax.get_title(loc="left") for ax in maps.incident_map().axes[1:5]]
    for title, (period, total) in zip(titles, people.items(), strict=True):
        n = table.loc[table["year"] == period.year, "event_id"].nunique()
        assert title == f"{period.year}: {int(total):,} killed and wounded, {n} incidents"
    assert (table["location_precision"] == "country").any()  # the rule is tested where it matters


def test_map_renders_the_same_bytes_twice(tmp_path):
    from casualties import charts

    for run in ("a", "b"):
        charts.save(maps.incident_map(), tmp_path / run / "incident_map")
    for ext in ("png", "svg"):
        assert (tmp_path / "a" / f"incident_map.{ext}").read_bytes() == (tmp_path / "b" / f"incident_map.{ext}").read_bytes()
