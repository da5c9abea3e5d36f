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
DATASET_VERSION = "1.0.0"

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
    },
    "review": {
        "curated": "entered by hand; vetted at entry",
        "unreviewed": "extracted and not yet reviewed: provisional, not reconciled",
        "accepted": "extracted and accepted by a reviewer",
        "corrected": "extracted and corrected by a reviewer (values here are the corrected ones)",
        "rejected": "extracted and rejected by a reviewer: kept for the record, not reconciled",
    },
    "basis": {
        "own_report": "the affected side's own authorities",
        "allied_report": "an ally of the affected side (Armenia about Karabakh, or the reverse)",
        "independent": "a third party, or a side that is not party to the incident's hostilities",
        "adversary_claim": "the opposing side, about losses it says it inflicted",
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
    "review_action": {
        "accept": "the extracted claim is right as it stands",
        "reject": "the extracted claim is wrong; keep it out of the estimates",
        "correct": "the extracted claim is right in substance; replace the named fields",
    },
}

#: Words that carry one side's framing. Our own text (event names and descriptions, notes, chart
#: labels) never uses them; they appear only inside attributed quotes in raw articles. Matched as
#: lower-case word stems.
PARTISAN_WORDS = ("martyr", "provocat", "liberat", "occupied", "occupation", "terroris", "aggression",
                  "aggressor", "separatist regime", "puppet")
#: Columns holding our own words, checked against PARTISAN_WORDS at validation.
NEUTRAL_TEXT = {"events": ("name", "description"), "claims": ("note",)}

#: Which sides fight which: a claim by one of these about the other is an adversary claim.
CAMPS: dict[str, str] = {"armenia": "armenian", "karabakh": "armenian", "azerbaijan": "azerbaijani"}


@dataclass(frozen=True)
class Column:
    """One column: its type, meaning, and what values it may take."""

    name: str
    dtype: str  # string | category | int | date | bool
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
        Column("is_background", "bool", "True when the source cites the figure only as context", False),
        Column("is_partial", "bool", "True when the figure covers only part of the event (one province, one unit)", False),
        Column("superseded_by", "string", "claim_id of the later figure from the same speaker that replaces this one"),
        Column("article_id", "string", "Raw article the figure was found in"),
        Column("evidence_start", "int", "Start offset of the evidence in the article text", unit="characters", minimum=0),
        Column("evidence_end", "int", "End offset (exclusive) of the evidence", unit="characters", minimum=0),
        Column("evidence_text", "string", "The article's words at the evidence offsets"),
        Column("source_url", "string", "Page the figure was read in"),
        Column("source_outlet", "string", "Outlet of that page"),
        Column("source_date", "date", "Publication date of that page"),
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
        _count("own_report", "The side's own latest figure", nullable=True),
        _count("adversary_claim", "The adversary's largest current claim", nullable=True),
        _count("independent", "The latest third-party figure", nullable=True),
        Column("n_claims", "int", "Eligible claims reconciled into this row (incl. superseded ones)", False, minimum=1),
    ),
)

TABLES: dict[str, Table] = {t.name: t for t in (ARTICLES, CLAIMS, EVENTS, CASUALTIES)}

#: Columns of a curated input file, in order; the processed tables derive the rest.
CURATED_EVENT_COLUMNS = (
    "event_id", "name", "start_date", "end_date", "date_precision", "country_of_location", "area",
    "province", "villages", "description",
)
CURATED_CLAIM_COLUMNS = (
    "claim_id", "event_id", "claimant", "claimant_side", "side", "category", "population", "count",
    "qualifier", "incident_start", "incident_end", "date_precision", "report_date", "is_background",
    "source_url", "source_outlet", "source_date", "article_id", "evidence_start", "evidence_end",
    "is_partial", "note",
)
#: Curated claim columns a file may leave out (they default to empty / false).
CURATED_OPTIONAL_COLUMNS = ("is_partial", "note")
MANIFEST_COLUMNS = (
    "article_id", "file", "url", "outlet", "published", "published_basis", "title", "event_id",
    "sha256", "note",
)
REVIEW_COLUMNS = (
    "claim_id", "action", "event_id", "side", "category", "population", "count", "qualifier",
    "claimant", "claimant_side", "is_background", "is_partial", "incident_start", "incident_end",
    "date_precision", "reason", "reviewer", "reviewed_on",
)
#: Fields of an extracted claim that a 'correct' review may replace.
REVIEW_CORRECTABLE = REVIEW_COLUMNS[2:15]

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

    >>> basis_of("armenia", "armenia"), basis_of("azerbaijan", "armenia"), basis_of("armenia", "karabakh")
    ('own_report', 'adversary_claim', 'allied_report')
    >>> basis_of("third_party", "azerbaijan")
    'independent'
    """
    if claimant_side == side:
        return "own_report"
    a, b = CAMPS.get(claimant_side), CAMPS.get(side)
    if a is None or b is None:
        return "independent"
    return "allied_report" if a == b else "adversary_claim"


def arrow_schema(table: Table):
    """The pyarrow schema of a table, with every column's description in the field metadata."""
    import pyarrow as pa

    types = {"string": pa.string(), "int": pa.int64(), "date": pa.date32(), "bool": pa.bool_()}
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
    """Loader dtypes: categoricals with the full vocabulary, nullable Int64, boolean, string."""
    import pandas as pd

    out = {}
    for col in table.columns:
        if col.dtype == "category":
            out[col.name] = pd.CategoricalDtype(list(col.values), ordered=False)
        elif col.dtype == "int":
            out[col.name] = "Int64"
        elif col.dtype == "bool":
            out[col.name] = "boolean"
        elif col.dtype == "string":
            out[col.name] = "string"
        else:  # date: kept as datetime64[s] at day resolution, see load.py
            out[col.name] = "datetime64[s]"
    return out
