"""The one declaration of every table, column and controlled vocabulary.

Parquet schemas, loader dtypes, the structural expectation suites, the input checks and the codebook
are all derived from this module; nothing else spells out a column list or a vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

#: The period the dataset covers. Incident dates outside it are allowed only for background claims.
COVERAGE_START = date(2021, 1, 1)
COVERAGE_END = date(2024, 12, 31)

#: Dataset version: bump it, and add a CHANGELOG entry, whenever a published figure changes.
DATASET_VERSION = "1.1.0"

VOCABULARIES: dict[str, dict[str, str]] = {
    "side": {
        "armenia": "Armenian armed forces, police and civilians in Armenia",
        "azerbaijan": "Azerbaijani armed forces, police and civilians",
        "karabakh": "Karabakh Armenian forces (the Defence Army), police and civilians",
        "russia": "Russian peacekeeping contingent in Karabakh",
        "combined": "a total across sides that the source does not split",
        "unknown": "the source does not say whose people were hit",
    },
    "claimant_side": {
        "armenia": "Armenian government bodies and officials",
        "azerbaijan": "Azerbaijani government bodies and officials",
        "karabakh": "Karabakh Armenian authorities",
        "russia": "Russian government bodies, incl. the peacekeeping command",
        "third_party": "media reporting in their own name, international bodies, other states",
        "unknown": "the source does not say who gave the figure",
    },
    "category": {
        "killed": "killed, incl. died of wounds",
        "wounded": "wounded or injured",
        "missing": "missing, whereabouts unknown",
        "captured": "captured or detained by the other side",
        "killed_or_missing": "a single figure for killed and missing together",
        "casualties": "a single figure for killed and wounded together",
    },
    "population": {
        "military": "soldiers, border guards, armed police and volunteers",
        "civilian": "civilians",
        "mixed": "one total the source gives for military and civilians together",
        "unknown": "the source does not say",
    },
    "qualifier": {
        "exact": "a plain figure",
        "at_least": "'at least N': a floor",
        "about": "'about', 'some', 'nearly', 'almost', 'approximately' N",
        "more_than": "'more than', 'over' N",
        "up_to": "'up to' N: a ceiling",
    },
    "date_precision": {
        "day": "the incident date is known to the day",
        "range": "the incident spans several days, start to end",
        "month": "only the month is known; start and end are its first and last day",
        "year": "only the year is known",
    },
    "origin": {
        "curated": "researched and entered by hand from a cited page",
        "extracted": "found by the rule-based extractor in a raw article",
        "derived": "computed by the reconciliation from other claims of the same speaker (see derived_from)",
    },
    "review": {
        "curated": "entered by hand; vetted at entry",
        "unreviewed": "extracted and not yet reviewed: provisional, not reconciled",
        "accepted": "extracted and accepted by a reviewer",
        "corrected": "extracted and corrected by a reviewer (values here are the corrected ones)",
        "rejected": "extracted and rejected by a reviewer: kept for the record, not reconciled",
        "derived": "computed from vetted claims by the reconciliation rule; enters the estimates like them",
    },
    "basis": {
        "own_report": "the affected side's own authorities",
        "allied_report": "an ally of the affected side (Armenia about Karabakh, or the reverse)",
        "independent": "a third party, or a side that is not party to the hostilities (the peacekeepers' "
                       "command about Armenian or Azerbaijani losses); never the party whose forces fired",
        "derived": "a total across sides (`combined`) made by adding the sides' figures, e.g. an outlet's own sum",
        "adversary_claim": "the opposing side, about losses it says it inflicted; also a party to the fighting "
                           "about the peacekeepers' losses",
    },
    "source_type": {
        "official_statement": "the claimant's own statement (a ministry's website or channel)",
        "news_report": "a dated news report relaying the figure",
        "rights_group": "a human-rights organisation's or ombudsman's report",
        "encyclopedia": "an encyclopedia page (e.g. a Wikipedia copy): a lead, not a source; kept out of "
                        "headline numbers unless asked for",
    },
    "country_of_location": {
        "armenia": "inside Armenia's internationally recognised borders",
        "azerbaijan": "inside Azerbaijan's internationally recognised borders (incl. Karabakh)",
        "both": "along the border, with fire in both directions",
        "unknown": "not reported",
    },
    "area": {
        "border": "the Armenia-Azerbaijan state border, incl. Nakhchivan",
        "karabakh": "the area under Karabakh Armenian control / Russian peacekeeping zone (to Oct 2023)",
        "interior": "away from the border and Karabakh",
    },
    "published_basis": {
        "byline": "the article's own byline or dateline",
        "page_header": "a date printed in the page header",
        "content": "inferred from the events the text reports",
    },
    "location_precision": {
        "place": "in the named settlement or at the named feature (UCDP precision 1)",
        "near_place": "near a named place, within about 25 km (UCDP 2); the point is the place",
        "district": "somewhere in a named district or municipality; the point is its centre (UCDP 3)",
        "province": "somewhere in a named province or wider region; the point is its centre (UCDP 4)",
        "country": "only the country, or no place at all, is known; the point is the capital (UCDP 6)",
    },
    "place_kind": {
        "village": "a village", "town": "a town", "city": "a city", "lake": "a lake or other named feature",
        "district": "a district (rayon) or municipality; its point is the administrative centre",
        "province": "a province (marz); its point is the provincial capital",
        "region": "a region wider than a province; its point is its main town",
        "country": "a country; its point is the capital",
    },
    "review_action": {
        "accept": "the extracted claim is right as it stands",
        "reject": "the extracted claim is wrong; keep it out of the estimates",
        "correct": "the extracted claim is right in substance; replace the named fields",
    },
}

#: Words that carry one side's framing. Our own text (event names and descriptions, notes, chart
#: labels) never uses them outside an attributed quote; raw articles keep them. Matched as lower-case
#: word stems.
PARTISAN_WORDS = ("martyr", "shehid", "şəhid", "provocat", "liberat", "occupied", "occupation", "occupier",
                  "terror", "aggression", "aggressor", "separatist regime", "puppet", "invader", "invasion",
                  "genocide", "ethnic cleansing")
#: Places the two sides name differently: (names in Armenian usage, names in Azerbaijani usage), each
#: with the English spellings met in sources. Our own text gives both, e.g. "Khankendi / Stepanakert".
#: Hadrut is Hadrut in both usages (Azerbaijan's Khojavend district now covers it), so it is not here.
PLACE_NAMES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("Stepanakert",), ("Khankendi", "Xankandi")),
    (("Shushi",), ("Shusha",)),
    (("Martakert",), ("Aghdara", "Agdara", "Agdere")),
    (("Martuni",), ("Khojavend", "Khojavand")),
    (("Karvachar",), ("Kalbajar", "Kelbajar")),
    (("Berdzor",), ("Lachin",)),
    (("Askeran",), ("Khojaly", "Khojali")),
)
#: How close (in characters) a place's other name must be to each mention: "Khankendi / Stepanakert",
#: "Martakert (Aghdara) district".
PLACE_PAIR_WINDOW = 30
#: Established English names that contain one side's place name and need no pair.
PLACE_NAME_TERMS = ("Lachin corridor",)
#: Columns holding our own words, checked by `wording_problems` when read and at validation.
NEUTRAL_TEXT = {"events": ("name", "description", "province", "villages"), "claims": ("note",)}
#: Collective words for fighters: in text about Karabakh (an event in the area, a claim about side
#: `karabakh`) "Armenian forces" must read "Karabakh Armenian forces". Single soldiers are left out of
#: the check: a Karabakh-area text may well speak of Armenia's soldiers (e.g. in an exchange).
FORCES = r"(?:forces|troops|army|positions|fighters|armed formations|units)"


def _unquoted(text: str) -> str:
    """Text with attributed quotes removed: "...", “...”, «...» and '...' (not apostrophes)."""
    import re

    return re.sub(r'"[^"]*"|“[^”]*”|«[^»]*»|(?<![\w])\'[^\']*\'(?![\w])', " ", text)


def place_name_problems(text: str) -> list[str]:
    """Each mention of a place in PLACE_NAMES needs its other name within PLACE_PAIR_WINDOW characters.

    >>> place_name_problems("Khankendi / Stepanakert"), place_name_problems("shelling of Lachin")
    ([], ["'Lachin' without 'Berdzor': give both names"])
    """
    import re

    plain = text
    for term in PLACE_NAME_TERMS:
        plain = plain.replace(term, " ")
    out = []
    for armenian, azerbaijani in PLACE_NAMES:
        for names, partners in ((armenian, azerbaijani), (azerbaijani, armenian)):
            for m in re.finditer(rf"\b(?:{'|'.join(map(re.escape, names))})\b", plain):
                near = plain[max(0, m.start() - PLACE_PAIR_WINDOW):m.end() + PLACE_PAIR_WINDOW]
                if not re.search(rf"\b(?:{'|'.join(map(re.escape, partners))})\b", near):
                    out.append(f"{m.group(0)!r} without {partners[0]!r}: give both names")
    return out


def wording_problems(text: str | None, karabakh: bool = False) -> list[str]:
    """What in our own `text` breaks the neutral-wording rules (empty list when nothing does).

    Partisan words and one-sided place names count only outside quotes. With `karabakh=True` (text
    about Karabakh forces), "Armenian forces/soldiers/..." must read "Karabakh Armenian ...".

    >>> wording_problems("Two soldiers killed near Khankendi / Stepanakert")
    []
    >>> wording_problems("Shelling of Shusha; the ministry spoke of 'martyrs' and an invasion")
    ["partisan word 'invasion' outside a quote", "'Shusha' without 'Shushi': give both names"]
    >>> wording_problems("Armenian forces fired at Karabakh Armenian positions", karabakh=True)
    ["'Armenian forces' about Karabakh forces: write 'Karabakh Armenian forces'"]
    """
    import re

    if not text:
        return []
    own = _unquoted(text)
    lower = own.lower()
    out = [f"partisan word {w!r} outside a quote" for w in PARTISAN_WORDS if w in lower]
    out += place_name_problems(own)
    if karabakh:
        for m in re.finditer(rf"(?<!Karabakh )\bArmenian {FORCES}\b", own):
            out.append(f"{m.group(0)!r} about Karabakh forces: write 'Karabakh {m.group(0)}'")
    return out


#: Which sides fight which: a claim by one of these about the other is an adversary claim.
CAMPS: dict[str, str] = {"armenia": "armenian", "karabakh": "armenian", "azerbaijan": "azerbaijani"}


@dataclass(frozen=True)
class Column:
    """One column: its type, meaning, and what values it may take."""

    name: str
    dtype: str  # string | category | int | float | date | bool
    description: str
    nullable: bool = True
    vocabulary: str | None = None  # key into VOCABULARIES, for dtype "category"
    unit: str | None = None
    minimum: int | None = None

    @property
    def values(self) -> tuple[str, ...] | None:
        return tuple(VOCABULARIES[self.vocabulary]) if self.vocabulary else None


@dataclass(frozen=True)
class Table:
    """A table of data/processed/: its columns in order, and its primary key."""

    name: str
    description: str
    primary_key: tuple[str, ...]
    columns: tuple[Column, ...] = field(default_factory=tuple)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _cat(name: str, description: str, nullable: bool = False, vocabulary: str | None = None) -> Column:
    return Column(name, "category", description, nullable, vocabulary or name)


def _count(name: str, description: str, nullable: bool = False) -> Column:
    return Column(name, "int", description, nullable, unit="people", minimum=0)


ARTICLES = Table(
    "articles",
    "One row per raw article kept byte-for-byte in data/raw/articles/.",
    ("article_id",),
    (
        Column("article_id", "string", "Article identifier (the file's stem)", False),
        Column("file", "string", "File name under data/raw/articles/", False),
        Column("url", "string", "Where the article was published, when known"),
        Column("outlet", "string", "Publishing outlet, when known"),
        Column("published", "date", "Publication date used to resolve relative dates in the text", False),
        _cat("published_basis", "How the publication date was determined"),
        Column("title", "string", "Headline, as printed in the text (empty when the text has none)"),
        Column("event_id", "string", "The incident the article mainly reports, if any"),
        Column("sha256", "string", "SHA-256 of the file's bytes", False),
        Column("n_chars", "int", "Length of the decoded text in characters", False, unit="characters", minimum=1),
        Column("note", "string", "Our note on the article's provenance"),
    ),
)

CLAIMS = Table(
    "claims",
    "One row per casualty figure somebody asserted, with who said it and where it was read.",
    ("claim_id",),
    (
        Column("claim_id", "string", "Claim identifier: '<event_id>/<nn>' if curated, "
               "'<article_id>:<start>-<end>:<side>:<category>:<population>' if extracted", False),
        Column("event_id", "string", "The incident the figure is about; empty only for background figures "
               "about events outside the dataset (e.g. the 2020 war)"),
        _cat("origin", "Where the row comes from"),
        _cat("review", "Review state; only curated, accepted and corrected claims enter the estimates"),
        Column("claimant", "string", "Who asserted the figure, normalised (e.g. 'Armenian Defence Ministry')", False),
        _cat("claimant_side", "The side the claimant speaks for"),
        _cat("side", "Whose people the figure counts"),
        _cat("basis", "The claimant's relation to the side hit, derived from claimant_side and side"),
        _cat("category", "What happened to them"),
        _cat("population", "Military or civilian"),
        _count("count", "The figure: the claimant's running total for this event, side, category and "
               "population as of report_date"),
        _cat("qualifier", "How the figure was qualified"),
        Column("incident_start", "date", "First day the figure covers (event date, not report date)"),
        Column("incident_end", "date", "Last day the figure covers"),
        _cat("date_precision", "Precision of the incident dates", nullable=True),
        Column("report_date", "date", "Day the claimant made the statement", False),
        Column("report_time", "string", "Local time of the statement, 'HH:MM', when known; orders a speaker's "
               "same-day figures"),
        Column("is_background", "bool", "True when the source cites the figure only as context", False),
        Column("is_partial", "bool", "True when the figure covers only part of the event (one province, one unit)", False),
        Column("superseded_by", "string", "claim_id of the later figure from the same speaker that replaces this one"),
        Column("derived_from", "string", "For a derived figure: the claim_ids it is computed from, joined by '; '"),
        Column("article_id", "string", "Raw article the figure was found in"),
        Column("evidence_start", "int", "Start offset of the evidence in the article text", unit="characters", minimum=0),
        Column("evidence_end", "int", "End offset (exclusive) of the evidence", unit="characters", minimum=0),
        Column("evidence_text", "string", "The article's words at the evidence offsets"),
        Column("source_url", "string", "Page the figure was read in"),
        Column("source_outlet", "string", "Outlet of that page"),
        Column("source_date", "date", "Publication date of that page"),
        _cat("source_type", "What kind of page the figure was read in"),
        Column("note", "string", "Our note: revision, subset, review reason"),
    ),
)

EVENTS = Table(
    "events",
    "One row per incident with at least one reported person killed, wounded, missing or captured.",
    ("event_id",),
    (
        Column("event_id", "string", "Event identifier: start date and a slug", False),
        Column("name", "string", "Short neutral name", False),
        Column("start_date", "date", "First day of the incident", False),
        Column("end_date", "date", "Last day of the incident", False),
        _cat("date_precision", "Precision of the dates"),
        _cat("country_of_location", "Where it happened, by internationally recognised borders"),
        _cat("area", "Border, Karabakh, or interior"),
        Column("province", "string", "Province or district; both sides' names joined by ' / '"),
        Column("villages", "string", "Villages or places, separated by '; '"),
        Column("description", "string", "What happened and who said what, in neutral words", False),
        Column("n_claims", "int", "Claims about the event (all origins and review states)", False, minimum=1),
        Column("latitude", "float", "Latitude of the event's point, WGS 84, 4 decimals", False, unit="degrees"),
        Column("longitude", "float", "Longitude of the event's point, WGS 84, 4 decimals", False, unit="degrees"),
        _cat("location_precision", "How precisely the point locates the event; never more precise than the text"),
        Column("location_source", "string", "Gazetteer entry of the point and where its coordinates come from",
               False),
    ),
)

CASUALTIES = Table(
    "casualties",
    "Reconciled estimates: one row per event, side hit, category and population.",
    ("event_id", "side", "category", "population"),
    (
        Column("event_id", "string", "The incident", False),
        Column("start_date", "date", "Event start date (repeated from events, for time series)", False),
        _cat("side", "Whose people"),
        _cat("category", "What happened to them"),
        _cat("population", "Military or civilian"),
        _count("low", "Smallest current credible figure"),
        _count("best", "Best estimate (see the reconciliation rule in the codebook)"),
        _count("high", "Largest current credible figure"),
        _cat("basis", "Basis of the best estimate"),
        Column("best_claim_id", "string", "The claim the best estimate is taken from", False),
        Column("report_date", "date", "Report date of the best claim: the figure is the side's word as of this day", False),
        _cat("source_type", "Source type of the best claim; `encyclopedia` rows stay out of headline totals"),
        _count("own_report", "The side's own latest figure", nullable=True),
        _count("adversary_claim", "The adversary's largest current claim", nullable=True),
        _count("independent", "The latest third-party figure", nullable=True),
        Column("n_claims", "int", "Eligible claims reconciled into this row (incl. superseded ones)", False, minimum=1),
        Column("in_total", "bool", "True when the row adds up: summing `best` over in_total rows of one category "
               "gives the totals of `series()` without counting anybody twice (see the rule)", False),
    ),
)

TABLES: dict[str, Table] = {t.name: t for t in (ARTICLES, CLAIMS, EVENTS, CASUALTIES)}

#: Foreign keys as (table, column, referenced table, referenced column); an empty cell refers to
#: nothing. The release bundle's datapackage.json declares them (see export.py).
FOREIGN_KEYS: tuple[tuple[str, str, str, str], ...] = (
    ("articles", "event_id", "events", "event_id"),
    ("claims", "event_id", "events", "event_id"),
    ("claims", "article_id", "articles", "article_id"),
    ("claims", "superseded_by", "claims", "claim_id"),
    ("casualties", "event_id", "events", "event_id"),
    ("casualties", "best_claim_id", "claims", "claim_id"),
)

#: Columns of a curated input file, in order; the processed tables derive the rest.
CURATED_EVENT_COLUMNS = (
    "event_id", "name", "start_date", "end_date", "date_precision", "country_of_location", "area",
    "province", "villages", "description",
)
CURATED_CLAIM_COLUMNS = (
    "claim_id", "event_id", "claimant", "claimant_side", "side", "category", "population", "count",
    "qualifier", "incident_start", "incident_end", "date_precision", "report_date", "report_time",
    "is_background", "source_url", "source_outlet", "source_date", "source_type", "article_id",
    "evidence_start", "evidence_end", "is_partial", "note",
)
#: Curated claim columns a file may leave out (they default to empty / false).
CURATED_OPTIONAL_COLUMNS = ("report_time", "is_partial", "note")
MANIFEST_COLUMNS = (
    "article_id", "file", "url", "outlet", "published", "published_basis", "title", "event_id",
    "sha256", "source_type", "note",
)
#: Columns of the gazetteer (data/raw/gazetteer/places.csv) and of the events' place assignments.
GAZETTEER_COLUMNS = (
    "place_id", "name", "other_name", "kind", "admin_unit", "country", "latitude", "longitude", "source",
    "source_url", "note",
)
EVENT_PLACE_COLUMNS = ("event_id", "place_id", "precision", "note")
#: Manifest columns a manifest may leave out; an article without a source_type is a news report.
MANIFEST_OPTIONAL_COLUMNS = ("source_type", "note")
ARTICLE_SOURCE_TYPE = "news_report"
REVIEW_COLUMNS = (
    "claim_id", "action", "event_id", "side", "category", "population", "count", "qualifier",
    "claimant", "claimant_side", "is_background", "is_partial", "incident_start", "incident_end",
    "date_precision", "reason", "reviewer", "reviewed_on",
)
#: Fields of an extracted claim that a 'correct' review may replace.
REVIEW_CORRECTABLE = REVIEW_COLUMNS[2:15]

#: Free-text columns of the input files: a leading =, +, - or @ is refused there (CSV injection).
FREE_TEXT_INPUT = ("name", "description", "province", "villages", "claimant", "note", "title", "url",
                   "outlet", "source_outlet", "reason", "reviewer")

#: Fields every extracted claim carries (the extractor's output contract).
EXTRACTED_FIELDS = (
    "article_id", "claimant", "claimant_side", "side", "side_rule", "category", "population", "count", "qualifier",
    "incident_start", "incident_end", "date_precision", "is_background", "superseded",
    "evidence_start", "evidence_end", "evidence_text",
)

#: What `casualties extract CORPUS --out DIR` writes: a claim id made as the build makes it, then the
#: extractor's fields, each with its type and description in CLAIMS, and two of the extractor's own.
EXTRACTED = Table(
    "extracted_claims",
    "One row per figure the extractor found in a corpus of articles, unreviewed.",
    ("claim_id",),
    tuple({c.name: c for c in (
        *CLAIMS.columns,
        Column("side_rule", "string", "The side rule that decided `side` (see docs/extraction.md)", False),
        Column("superseded", "bool", "True when a later figure in the same article revises this one", False),
    )}[name] for name in ("claim_id", *EXTRACTED_FIELDS)),
)


def basis_of(claimant_side: str, side: str) -> str:
    """Relation of a claimant to the side whose losses it reports.

    A party to the fighting (Armenia, Karabakh, Azerbaijan) is never `independent`: about its own
    camp it reports (`own_report`, `allied_report`); about anybody else's losses, the other camp's or
    the peacekeepers', it speaks as the party whose forces fired or as the accuser, so its figure is
    an `adversary_claim`. A figure for `combined` (both sides together) adds the sides' own figures,
    so whoever gives it, it is `derived`.

    >>> basis_of("armenia", "armenia"), basis_of("azerbaijan", "armenia"), basis_of("armenia", "karabakh")
    ('own_report', 'adversary_claim', 'allied_report')
    >>> basis_of("third_party", "azerbaijan"), basis_of("russia", "karabakh"), basis_of("unknown", "unknown")
    ('independent', 'independent', 'independent')
    >>> basis_of("azerbaijan", "russia")  # peacekeepers killed by Azerbaijani fire, per Baku's prosecutor
    'adversary_claim'
    >>> basis_of("third_party", "combined")  # an outlet's own sum of both sides' figures
    'derived'
    """
    if side == "combined":
        return "derived"
    if claimant_side in ("third_party", "unknown"):
        return "independent"
    if claimant_side == side:
        return "own_report"
    a, b = CAMPS.get(claimant_side), CAMPS.get(side)
    if a is None:  # the peacekeepers' command about Armenian, Karabakh or Azerbaijani losses
        return "independent"
    if b is None:  # a party to the fighting about the peacekeepers (or an unnamed side)
        return "adversary_claim"
    return "allied_report" if a == b else "adversary_claim"


def arrow_schema(table: Table):
    """The pyarrow schema of a table, with every column's description in the field metadata."""
    import pyarrow as pa

    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "date": pa.date32(),
             "bool": pa.bool_()}
    fields = []
    for col in table.columns:
        typ = pa.dictionary(pa.int32(), pa.string()) if col.dtype == "category" else types[col.dtype]
        meta = {"description": col.description}
        if col.unit:
            meta["unit"] = col.unit
        if col.values:
            meta["values"] = ",".join(col.values)
        fields.append(pa.field(col.name, typ, nullable=col.nullable, metadata=meta))
    return pa.schema(fields, metadata={
        "table": table.name,
        "description": table.description,
        "primary_key": ",".join(table.primary_key),
        "dataset_version": DATASET_VERSION,
    })


def pandas_dtypes(table: Table) -> dict:
    """Loader dtypes: categoricals with the full vocabulary, nullable Int64 and Float64, boolean, string."""
    import pandas as pd

    out = {}
    for col in table.columns:
        if col.dtype == "category":
            out[col.name] = pd.CategoricalDtype(list(col.values), ordered=False)
        elif col.dtype == "int":
            out[col.name] = "Int64"
        elif col.dtype == "float":
            out[col.name] = "Float64"
        elif col.dtype == "bool":
            out[col.name] = "boolean"
        elif col.dtype == "string":
            out[col.name] = "string"
        else:  # date: kept as datetime64[s] at day resolution, see load.py
            out[col.name] = "datetime64[s]"
    return out
