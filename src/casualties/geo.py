"""Where incidents happened: the gazetteer, each event's point and precision, country checks, GeoJSON.

The gazetteer (data/raw/gazetteer/places.csv) and the assignment of each event to one of its places
(data/raw/gazetteer/event_places.csv) are data, cited row by row; this module reads and checks them,
gives each event its point, and checks every point against the country outlines shipped with the
package (Natural Earth, see data_static/README.md). Nothing is downloaded; nothing is read on import.
"""

from __future__ import annotations

import csv
import functools
import json
import math
import re
from importlib import resources
from pathlib import Path

from . import schema
from .curate import InputError, Problem, Rows

#: Every point lies in this box: (south, north, west, east) in degrees. It holds the Armenia-Azerbaijan
#: border, Nakhchivan, Karabakh and Yerevan; a point outside it is a typo or a homonym far away.
REGION_BBOX = (38.3, 41.9, 44.0, 50.0)
#: "Near a named place" means within this distance, as in UCDP's precision code 2.
NEAR_KM = 25.0
#: Coordinates are kept to 4 decimals (about 10 m): finer than any source we cite, coarse enough to
#: compare exactly.
DECIMALS = 4
#: The gazetteer kinds each precision may point at, so a district's centre can never be published as
#: an exact place: precision follows from what the text named, and the kind of the entry enforces it.
PRECISION_KINDS = {
    "place": ("village", "town", "city", "lake"),
    "near_place": ("village", "town", "city", "lake"),
    "district": ("district",),
    "province": ("province", "region"),
    "country": ("country",),
}
COUNTRIES = ("armenia", "azerbaijan")
PLACE_ID = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
COORDINATE = re.compile(r"^-?\d{1,3}\.\d{1,4}$")
GAZETTEER = Path("data/raw/gazetteer/places.csv")
EVENT_PLACES = Path("data/raw/gazetteer/event_places.csv")


# ---- outlines and point checks --------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def outlines() -> dict[str, list[list[list[tuple[float, float]]]]]:
    """Country outlines by key (armenia, azerbaijan, and the neighbours clipped to the map window).

    Each value is a list of polygons, each a list of rings of (longitude, latitude) pairs; the first
    ring of a polygon is its outer edge, the others are holes.
    """
    text = resources.files("casualties").joinpath("data_static", "outlines.geojson").read_text(encoding="utf-8")
    out = {}
    for feature in json.loads(text)["features"]:
        polys = feature["geometry"]["coordinates"]
        out[feature["properties"]["key"]] = [[[(x, y) for x, y in ring] for ring in poly] for poly in polys]
    return out


def _in_ring(lon: float, lat: float, ring) -> bool:
    """Ray casting: does a ray from the point towards +longitude cross the ring an odd number of times?"""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def in_country(lat: float, lon: float, country: str) -> bool:
    """True when the point lies inside the country's outline (holes excluded).

    >>> in_country(40.1777, 44.5126, "armenia"), in_country(40.4093, 49.8671, "azerbaijan")
    (True, True)
    >>> in_country(40.1777, 44.5126, "azerbaijan")
    False
    """
    return any(_in_ring(lon, lat, poly[0]) and not any(_in_ring(lon, lat, hole) for hole in poly[1:])
               for poly in outlines()[country])


def country_at(lat: float, lon: float) -> str | None:
    """Armenia or Azerbaijan, whichever outline holds the point, else None."""
    return next((c for c in COUNTRIES if in_country(lat, lon, c)), None)


def distance_km(lat: float, lon: float, country: str) -> float:
    """Distance from the point to the country's outline in km (0 inside it).

    Uses a flat projection around the point (x scaled by cos(latitude)): within the 25 km that
    matter here its error is far below the outlines' own generalisation.
    """
    if in_country(lat, lon, country):
        return 0.0
    kx, ky = 111.32 * math.cos(math.radians(lat)), 110.57
    best = math.inf
    for poly in outlines()[country]:
        for ring in poly:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
                ax, ay = (x1 - lon) * kx, (y1 - lat) * ky
                bx, by = (x2 - lon) * kx, (y2 - lat) * ky
                dx, dy = bx - ax, by - ay
                t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / (dx * dx + dy * dy)))
                best = min(best, math.hypot(ax + t * dx, ay + t * dy))
    return best


def point_problem(lat: float, lon: float, country_of_location: str, precision: str) -> str | None:
    """Why a point cannot stand for an event, or None when it can.

    The point must lie in the region's box and inside the country the event names. For an event
    `both` (on the border, fire both ways) it lies in either country and, when it claims a named
    place, within NEAR_KM of the other one; a district or province centre of a border event may lie
    inland. `unknown` needs only one of the two countries.

    >>> point_problem(40.2001, 45.8695, "both", "near_place") is None  # Sotk, on the border
    True
    >>> point_problem(40.1777, 44.5126, "azerbaijan", "place")  # Yerevan is not in Azerbaijan
    'the point (40.1777, 44.5126) lies in armenia, not in azerbaijan as country_of_location says'
    """
    south, north, west, east = REGION_BBOX
    if not (south <= lat <= north and west <= lon <= east):
        return f"the point ({lat}, {lon}) is outside the region {south}-{north} N, {west}-{east} E"
    where = country_at(lat, lon)
    if where is None:
        return f"the point ({lat}, {lon}) lies in neither Armenia nor Azerbaijan"
    if country_of_location in COUNTRIES and where != country_of_location:
        return f"the point ({lat}, {lon}) lies in {where}, not in {country_of_location} as country_of_location says"
    if country_of_location == "both" and precision in ("place", "near_place"):
        other = "azerbaijan" if where == "armenia" else "armenia"
        gap = distance_km(lat, lon, other)
        if gap > NEAR_KM:
            return (f"the point ({lat}, {lon}) is {gap:.0f} km from {other}: too far inland for an event "
                    f"on the border (at most {NEAR_KM:.0f} km)")
    return None


def points_in_country(events):
    """Per event: True when its point passes `point_problem` (the validation's derived check)."""
    import pandas as pd

    ok = [lat is not pd.NA and lon is not pd.NA and not pd.isna(lat) and not pd.isna(lon)
          and point_problem(float(lat), float(lon), str(c), str(p)) is None
          for lat, lon, c, p in zip(events["latitude"], events["longitude"], events["country_of_location"],
                                    events["location_precision"])]
    return pd.Series(ok, index=events.index, dtype=bool)


# ---- gazetteer and assignments ---------------------------------------------------------------------


def read_gazetteer(root: Path) -> dict[str, dict]:
    """Read places.csv: every row cited, its point in the box and inside the country it names."""
    rows = Rows(root / GAZETTEER, schema.GAZETTEER_COLUMNS, ("note", "other_name"), root)
    out, seen = {}, {}
    for line, row in rows.rows:
        pid = rows.text(line, row, "place_id")
        kind = rows.vocab(line, row, "kind", "place_kind")
        country = rows.text(line, row, "country")
        for f in ("name", "admin_unit", "source"):
            rows.text(line, row, f)
        url = rows.text(line, row, "source_url")
        if url and not re.match(r"^https?://\S+$", url):
            rows.fail(line, "source_url", f"not an http(s) url: {url!r}")
        if pid and not PLACE_ID.match(pid):
            rows.fail(line, "place_id", f"expected lowercase a-z, 0-9 and '_', found {pid!r}")
        if pid in seen:
            rows.fail(line, "place_id", f"duplicate id {pid!r} (first at line {seen[pid]})")
        if country and country not in (*COUNTRIES, "both"):
            rows.fail(line, "country", f"expected armenia, azerbaijan or both (on the border), found {country!r}")
            country = None
        lat, lon = (_coordinate(rows, line, row, f) for f in ("latitude", "longitude"))
        if None in (pid, kind, country, lat, lon):
            continue
        seen[pid] = line
        problem = point_problem(lat, lon, country, "district")
        if problem:
            rows.fail(line, "latitude", problem)
            continue
        out[pid] = {**row, "latitude": lat, "longitude": lon, "line": line}
    if rows.problems:
        raise InputError(rows.problems)
    return out


def _coordinate(rows, line: int, row: dict, field: str) -> float | None:
    value = rows.text(line, row, field)
    if value is None:
        return None
    if not COORDINATE.match(value):
        rows.fail(line, field, f"expected decimal degrees with at most {DECIMALS} decimals, found {value!r}")
        return None
    return float(value)


def location_source(place: dict) -> str:
    """What the published `location_source` says: the gazetteer entry, its names, and its citation."""
    names = place["name"] + (f" / {place['other_name']}" if place["other_name"] else "")
    return f"gazetteer:{place['place_id']} ({names}); {place['source']}, {place['source_url']}"


def assign_points(events: list[dict], root: Path) -> list[dict]:
    """Give each event its point, precision and source from event_places.csv (in place; also returned).

    Fails with file, line and field when an event has no assignment, an assignment names an unknown
    event or place, claims a precision its place cannot support, or puts the event in a country other
    than the one its `country_of_location` names.
    """
    places = read_gazetteer(root)
    rows = Rows(root / EVENT_PLACES, schema.EVENT_PLACE_COLUMNS, ("note",), root)
    by_id = {e["event_id"]: e for e in events}
    done: dict[str, int] = {}
    listed = {row["event_id"] for _, row in rows.rows}
    for line, row in rows.rows:
        eid, pid = rows.text(line, row, "event_id"), rows.text(line, row, "place_id")
        precision = rows.vocab(line, row, "precision", "location_precision")
        if eid in done:
            rows.fail(line, "event_id", f"event {eid!r} already has a place (line {done[eid]})")
            continue
        if eid and eid not in by_id:
            rows.fail(line, "event_id", f"unknown event {eid!r}: not in any data/raw/curated/events_*.csv")
            continue
        if pid and pid not in places:
            rows.fail(line, "place_id", f"unknown place {pid!r}: not in {GAZETTEER}")
            continue
        if None in (eid, pid, precision):
            continue
        place, event = places[pid], by_id[eid]
        if place["kind"] not in PRECISION_KINDS[precision]:
            fits = [p for p, kinds in PRECISION_KINDS.items() if place["kind"] in kinds]
            rows.fail(line, "precision", f"{pid!r} is a {place['kind']}: its point cannot claim {precision!r} "
                      f"(use {' or '.join(repr(p) for p in fits)})")
            continue
        problem = point_problem(place["latitude"], place["longitude"], event["country_of_location"], precision)
        if problem:
            rows.fail(line, "place_id", f"{pid!r} for event {eid!r}: {problem}")
            continue
        done[eid] = line
        event.update(latitude=place["latitude"], longitude=place["longitude"], location_precision=precision,
                     location_source=location_source(place))
    problems = list(rows.problems)
    where = _event_lines(root)
    for e in events:
        if e["event_id"] not in listed:  # a listed event that failed is reported at its own line above
            file, line = where.get(e["event_id"], (str(EVENT_PLACES), None))
            problems.append(Problem(file, line, "event_id",
                                    f"event {e['event_id']!r} has no place: add a line "
                                    f"'{e['event_id']},<place_id>,<precision>,<note>' to {EVENT_PLACES}"))
    if problems:
        raise InputError(problems)
    return events


def _event_lines(root: Path) -> dict[str, tuple[str, int]]:
    """Where each event id is defined (file relative to root, line), for messages about events."""
    out = {}
    for path in sorted((root / "data" / "raw" / "curated").glob("events_*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, [])
            if "event_id" not in header:
                continue
            col = header.index("event_id")
            for values in reader:
                if len(values) > col:
                    out.setdefault(values[col].strip(), (str(path.relative_to(root)), reader.line_num))
    return out


# ---- export ---------------------------------------------------------------------------------------


def to_geojson(events) -> dict:
    """The events as a GeoJSON FeatureCollection of points (RFC 7946: longitude, latitude in WGS 84).

    Every column of `events` except the coordinates becomes a property (dates as YYYY-MM-DD, missing
    values as null), so QGIS and other GIS tools get the full record. Features are in event_id order.

    >>> import casualties, json
    >>> fc = to_geojson(casualties.load_events())
    >>> fc["type"], fc["features"][0]["geometry"]["type"], len(json.dumps(fc)) > 0
    ('FeatureCollection', 'Point', True)
    """
    import pandas as pd

    features = []
    for rec in events.sort_values("event_id", kind="stable").to_dict("records"):
        props = {}
        for key, value in rec.items():
            if key in ("latitude", "longitude"):
                continue
            if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)):
                props[key] = None
            elif isinstance(value, pd.Timestamp):
                props[key] = value.date().isoformat()
            elif hasattr(value, "item"):
                props[key] = value.item()
            else:
                props[key] = value
        features.append({"type": "Feature", "id": str(rec["event_id"]),
                         "geometry": {"type": "Point", "coordinates": [round(float(rec["longitude"]), DECIMALS),
                                                                       round(float(rec["latitude"]), DECIMALS)]},
                         "properties": props})
    return {"type": "FeatureCollection", "features": features}
