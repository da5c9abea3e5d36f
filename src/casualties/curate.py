"""Read and check the raw inputs: article manifest, curated events and claims, reviews.

Every problem is reported with its file, line and field, and all problems of a file are collected
before failing, so one run shows everything that needs fixing. Nothing here writes anything.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import schema

EVENT_ID = re.compile(r"^(\d{4}-\d{2}-\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
INTEGER = re.compile(r"^\d+$")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
#: How many problems to list before giving up; the rest are counted.
MAX_PROBLEMS = 50


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line is not None else "")
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class InputError(Exception):
    """Raised with every problem found in the raw inputs."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = [str(p) for p in problems[:MAX_PROBLEMS]]
        if len(problems) > MAX_PROBLEMS:
            shown.append(f"... and {len(problems) - MAX_PROBLEMS} more problems")
        super().__init__("\n".join(shown))


class Rows:
    """Parse a CSV file into typed dicts, collecting problems with line and field."""

    def __init__(self, path: Path, columns: tuple[str, ...], optional: tuple[str, ...] = (), root: Path | None = None):
        self.path = path
        self.name = str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)
        self.problems: list[Problem] = []
        self.rows: list[tuple[int, dict[str, str]]] = []
        text = read_text(path, self.problems, self.name)
        if text is None:
            return
        lines = text.splitlines(keepends=True)
        reader = csv.reader(lines, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            self.fail(1, None, "file is empty: expected a header row")
            return
        except csv.Error as exc:
            self.fail(1, None, f"malformed CSV: {exc}")
            return
        missing = [c for c in columns if c not in header and c not in optional]
        unknown = [c for c in header if c not in columns]
        if missing:
            self.fail(1, ", ".join(missing), "missing column(s) in the header")
        if unknown:
            self.fail(1, ", ".join(unknown), "unknown column(s) in the header")
        if len(set(header)) != len(header):
            self.fail(1, None, "a column name is repeated in the header")
        if missing or unknown or len(set(header)) != len(header):
            return
        while True:
            try:
                values = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                self.fail(reader.line_num, None, f"malformed CSV: {exc}")
                return
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                self.fail(line, None, f"expected {len(header)} fields, found {len(values)}")
                continue
            row = {c: "" for c in columns}
            row.update({c: v.strip() for c, v in zip(header, values)})
            self.rows.append((line, row))

    def fail(self, line: int | None, field: str | None, message: str) -> None:
        self.problems.append(Problem(self.name, line, field, message))

    # Typed field readers: each returns the parsed value, or None after recording a problem.
    def text(self, line, row, field, required=True):
        value = row[field]
        if not value:
            if required:
                self.fail(line, field, "required value is empty")
            return None
        return value

    def vocab(self, line, row, field, vocabulary=None, required=True):
        value = self.text(line, row, field, required)
        allowed = schema.VOCABULARIES[vocabulary or field]
        if value is not None and value not in allowed:
            self.fail(line, field, f"unknown value {value!r}; allowed: {', '.join(allowed)}")
            return None
        return value

    def date(self, line, row, field, required=True):
        value = self.text(line, row, field, required)
        if value is None:
            return None
        try:
            if not DATE.match(value):
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self.fail(line, field, f"not a date in YYYY-MM-DD form: {value!r}")
            return None

    def time(self, line, row, field):
        """An optional local time of day, 'HH:MM' (24-hour)."""
        value = row[field]
        if value and not TIME.match(value):
            self.fail(line, field, f"not a time in HH:MM form (24-hour): {value!r}")
            return None
        return value or None

    def integer(self, line, row, field, required=True):
        value = self.text(line, row, field, required)
        if value is None:
            return None
        if not INTEGER.match(value):
            self.fail(line, field, f"not a non-negative whole number: {value!r}")
            return None
        return int(value)

    def boolean(self, line, row, field, default=None):
        value = row[field].lower()
        if not value and default is not None:
            return default
        if value not in ("true", "false"):
            self.fail(line, field, f"expected true or false, found {row[field]!r}")
            return None
        return value == "true"

    def date_range(self, line, start, end, start_field, end_field):
        if start and end and end < start:
            self.fail(line, end_field, f"{end.isoformat()} is before {start_field} {start.isoformat()}")


def read_text(path: Path, problems: list[Problem], name: str | None = None) -> str | None:
    """Decode a file as UTF-8 text, recording a problem if it is missing, empty, binary or not UTF-8."""
    name = name or str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem(name, None, None, "file not found"))
        return None
    if not data.strip():
        problems.append(Problem(name, None, None, "file is empty"))
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(Problem(name, 1, None, "not UTF-8: UTF-16 byte-order mark at byte offset 0 (re-save as UTF-8)"))
        return None
    if b"\x00" in data:
        offset = data.index(b"\x00")
        problems.append(Problem(name, None, None, f"binary file: NUL byte at byte offset {offset}"))
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(Problem(name, line, None, f"not UTF-8: invalid byte at byte offset {exc.start}"))
        return None


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise InputError(problems)


def check_wording(rows: Rows, line: int, row: dict, table: str, karabakh: bool = False) -> None:
    """Our own words in a row (schema.NEUTRAL_TEXT) follow the neutral-wording rules, field by field."""
    for field in schema.NEUTRAL_TEXT[table]:
        for problem in schema.wording_problems(row.get(field), karabakh):
            rows.fail(line, field, problem)


def read_articles(articles_dir: Path, root: Path | None = None) -> tuple[list[dict], dict[str, str]]:
    """Read manifest.csv and every article it lists; check hashes and text. Returns (rows, texts)."""
    rows = Rows(articles_dir / "manifest.csv", schema.MANIFEST_COLUMNS, schema.MANIFEST_OPTIONAL_COLUMNS, root)
    out, texts, seen = [], {}, {}
    for line, row in rows.rows:
        aid = rows.text(line, row, "article_id")
        file = rows.text(line, row, "file")
        published = rows.date(line, row, "published")
        basis = rows.vocab(line, row, "published_basis")
        source_type = rows.vocab(line, row, "source_type", required=False) or schema.ARTICLE_SOURCE_TYPE
        sha = rows.text(line, row, "sha256")
        if aid in seen:
            rows.fail(line, "article_id", f"duplicate id {aid!r} (first at line {seen[aid]})")
            continue
        seen[aid] = line
        if row["event_id"] and not EVENT_ID.match(row["event_id"]):
            rows.fail(line, "event_id", f"not an event id: {row['event_id']!r}")
        if not (aid and file and sha):
            continue
        if Path(file).name != file or Path(file).stem != aid:
            rows.fail(line, "file", f"expected a file name '{aid}.txt' in the same folder, found {file!r}")
            continue
        path = articles_dir / file
        text = read_text(path, rows.problems, rows.name.replace("manifest.csv", file))
        if text is None:
            continue
        actual = hashlib.sha256(path.read_bytes()).hexdigest()
        if actual != sha:
            rows.fail(line, "sha256", f"hash mismatch for {file}: manifest {sha}, file {actual}")
            continue
        texts[aid] = text
        out.append({
            "article_id": aid, "file": file, "url": row["url"] or None, "outlet": row["outlet"] or None,
            "published": published, "published_basis": basis, "title": row["title"] or None,
            "event_id": row["event_id"] or None, "sha256": sha, "n_chars": len(text),
            "source_type": source_type, "note": row["note"] or None,
        })
    listed = {r["file"] for _, r in rows.rows}
    for path in sorted(articles_dir.glob("*.txt")):
        if path.name not in listed:
            rows.fail(None, None, f"{path.name} is in the folder but not in the manifest")
    _raise(rows.problems)
    return out, texts


def read_events(curated_dir: Path, root: Path | None = None) -> list[dict]:
    """Read every events_*.csv; check types, vocabularies, dates and unique ids."""
    problems, out, seen = [], [], {}
    for path in sorted(curated_dir.glob("events_*.csv")):
        rows = Rows(path, schema.CURATED_EVENT_COLUMNS, root=root)
        for line, row in rows.rows:
            rec = {"event_id": rows.text(line, row, "event_id"), "name": rows.text(line, row, "name")}
            for f in ("start_date", "end_date"):
                rec[f] = rows.date(line, row, f)
            for f in ("date_precision", "country_of_location", "area"):
                rec[f] = rows.vocab(line, row, f)
            rec["province"] = row["province"] or None
            rec["villages"] = row["villages"] or None
            rec["description"] = rows.text(line, row, "description")
            rows.date_range(line, rec["start_date"], rec["end_date"], "start_date", "end_date")
            check_wording(rows, line, row, "events", karabakh=rec["area"] == "karabakh")
            eid = rec["event_id"]
            if eid:
                m = EVENT_ID.match(eid)
                if not m:
                    rows.fail(line, "event_id", f"expected YYYY-MM-DD-slug (lowercase a-z, 0-9, '-'), found {eid!r}")
                elif rec["start_date"] and m.group(1) != rec["start_date"].isoformat():
                    rows.fail(line, "event_id", f"date prefix {m.group(1)} differs from start_date {rec['start_date']}")
                if eid in seen:
                    rows.fail(line, "event_id", f"duplicate id {eid!r} (first at {seen[eid]})")
                seen[eid] = f"{rows.name}:{line}"
            for f in ("start_date", "end_date"):
                d = rec[f]
                if d and not (schema.COVERAGE_START <= d <= schema.COVERAGE_END):
                    rows.fail(line, f, f"{d} is outside the coverage {schema.COVERAGE_START}..{schema.COVERAGE_END}")
            out.append(rec)
        problems += rows.problems
    _raise(problems)
    return out


def read_claims(curated_dir: Path, articles: dict[str, dict], texts: dict[str, str], event_ids: set[str],
                root: Path | None = None) -> list[dict]:
    """Read every claims_*.csv; check each field, the citation, the evidence span and the event."""
    problems, out, seen = [], [], {}
    for path in sorted(curated_dir.glob("claims_*.csv")):
        rows = Rows(path, schema.CURATED_CLAIM_COLUMNS, schema.CURATED_OPTIONAL_COLUMNS, root)
        for line, row in rows.rows:
            rec = _claim_fields(rows, line, row)
            cid = rows.text(line, row, "claim_id")
            rec.update(claim_id=cid, origin="curated", review="curated", note=row["note"] or None)
            check_wording(rows, line, row, "claims", karabakh=rec["side"] == "karabakh")
            if cid in seen:
                rows.fail(line, "claim_id", f"duplicate id {cid!r} (first at {seen[cid]})")
            seen[cid] = f"{rows.name}:{line}"
            if rec["event_id"] is None and rec["is_background"] is False:
                rows.fail(line, "event_id", "required unless is_background is true")
            elif rec["event_id"] and rec["event_id"] not in event_ids:
                rows.fail(line, "event_id", f"unknown event {rec['event_id']!r}: not in any events_*.csv")
            for f in ("incident_start", "incident_end", "date_precision"):
                if rec[f] is None and row[f] == "":
                    rows.fail(line, f, "required value is empty")
            rec["report_date"] = rows.date(line, row, "report_date")
            rec["report_time"] = rows.time(line, row, "report_time")
            rec["source_type"] = rows.vocab(line, row, "source_type")
            _check_citation(rows, line, row, rec, articles, texts)
            out.append(rec)
        problems += rows.problems
    _raise(problems)
    return out


def _claim_fields(rows: Rows, line: int, row: dict, partial: bool = False) -> dict:
    """The fields a curated claim and a review correction share, parsed and checked.

    With partial=True (a correction), empty fields are left out instead of being reported.
    """
    rec = {}
    readers = {
        "event_id": lambda f: rows.text(line, row, f, required=False),
        "claimant": lambda f: rows.text(line, row, f),
        "claimant_side": lambda f: rows.vocab(line, row, f),
        "side": lambda f: rows.vocab(line, row, f),
        "category": lambda f: rows.vocab(line, row, f),
        "population": lambda f: rows.vocab(line, row, f),
        "count": lambda f: rows.integer(line, row, f),
        "qualifier": lambda f: rows.vocab(line, row, f),
        "incident_start": lambda f: rows.date(line, row, f, required=False),
        "incident_end": lambda f: rows.date(line, row, f, required=False),
        "date_precision": lambda f: rows.vocab(line, row, f, required=False),
        "is_background": lambda f: rows.boolean(line, row, f),
        "is_partial": lambda f: rows.boolean(line, row, f, default=False),
    }
    for field, read in readers.items():
        if partial and row.get(field, "") == "":
            continue
        rec[field] = read(field)
    if rec.get("event_id") and not EVENT_ID.match(rec["event_id"]):
        rows.fail(line, "event_id", f"not an event id: {rec['event_id']!r}")
    rows.date_range(line, rec.get("incident_start"), rec.get("incident_end"), "incident_start", "incident_end")
    if rec.get("is_background") is False:
        for f in ("incident_start", "incident_end"):
            d = rec.get(f)
            if d and not (schema.COVERAGE_START <= d <= schema.COVERAGE_END):
                rows.fail(line, f, f"{d} is outside the coverage {schema.COVERAGE_START}..{schema.COVERAGE_END} "
                          "and the claim is not marked is_background")
    return rec


def _check_citation(rows: Rows, line: int, row: dict, rec: dict, articles: dict, texts: dict) -> None:
    """A claim cites a page (url, outlet, date) or an article with an evidence span inside its text."""
    rec["source_url"] = row["source_url"] or None
    rec["source_outlet"] = row["source_outlet"] or None
    rec["source_date"] = rows.date(line, row, "source_date", required=False)
    aid = row["article_id"] or None
    rec["article_id"] = aid
    rec["evidence_start"] = rows.integer(line, row, "evidence_start", required=False)
    rec["evidence_end"] = rows.integer(line, row, "evidence_end", required=False)
    if rec["source_url"]:
        if not re.match(r"^https?://\S+$", rec["source_url"]):
            rows.fail(line, "source_url", f"not an http(s) url: {rec['source_url']!r}")
        if not rec["source_outlet"]:
            rows.fail(line, "source_outlet", "required with source_url")
        if rec["source_date"] is None and row["source_date"] == "" and rec["source_outlet"] != "Wikipedia":
            rows.fail(line, "source_date", "required with source_url (only a Wikipedia copy may lack it)")
    elif aid is None:
        rows.fail(line, "source_url", "a claim needs a citation: source_url, or article_id with an evidence span")
    if aid is not None:
        if aid not in articles:
            rows.fail(line, "article_id", f"unknown article {aid!r}: not in data/raw/articles/manifest.csv")
            return
        start, end = rec["evidence_start"], rec["evidence_end"]
        if start is None or end is None:
            if row["evidence_start"] == "" or row["evidence_end"] == "":
                rows.fail(line, "evidence_start", "article_id needs evidence_start and evidence_end")
            return
        if not (start < end <= len(texts[aid])):
            rows.fail(line, "evidence_end", f"span {start}-{end} is not inside article {aid} ({len(texts[aid])} characters)")
            return
        rec["evidence_text"] = texts[aid][start:end]
        if not rec["source_url"]:
            meta = articles[aid]
            rec["source_url"], rec["source_outlet"], rec["source_date"] = meta["url"], meta["outlet"], meta["published"]


def read_reviews(curated_dir: Path, root: Path | None = None) -> list[dict]:
    """Read reviews.csv (optional). Each row accepts, rejects or corrects one extracted claim."""
    path = curated_dir / "reviews.csv"
    if not path.exists():
        return []
    rows = Rows(path, schema.REVIEW_COLUMNS, schema.REVIEW_CORRECTABLE, root)
    out, seen = [], {}
    for line, row in rows.rows:
        cid = rows.text(line, row, "claim_id")
        action = rows.vocab(line, row, "action", "review_action")
        changes = _claim_fields(rows, line, row, partial=True)
        rec = {"claim_id": cid, "action": action, "changes": changes, "line": line, "file": rows.name,
               "reason": rows.text(line, row, "reason"), "reviewer": rows.text(line, row, "reviewer"),
               "reviewed_on": rows.date(line, row, "reviewed_on")}
        if action != "correct" and changes:
            rows.fail(line, ", ".join(changes), f"only a 'correct' review may set fields (action is {action!r})")
        if action == "correct" and not changes:
            rows.fail(line, "action", "a 'correct' review must set at least one field")
        if cid in seen:
            rows.fail(line, "claim_id", f"claim reviewed twice (first at line {seen[cid]})")
        seen[cid] = line
        out.append(rec)
    _raise(rows.problems)
    return out


def apply_reviews(extracted: list[dict], reviews: list[dict], event_ids: set[str]) -> list[dict]:
    """Mark each extracted claim with its review; fail loudly on a review whose claim is gone."""
    by_id = {c["claim_id"]: c for c in extracted}
    problems = []
    for rev in reviews:
        claim = by_id.get(rev["claim_id"])
        if claim is None:
            problems.append(Problem(rev["file"], rev["line"], "claim_id",
                                    f"stale review: no extracted claim {rev['claim_id']!r} (the extractor or "
                                    "the article changed; update or remove this review)"))
            continue
        ev = rev["changes"].get("event_id")
        if ev and ev not in event_ids:
            problems.append(Problem(rev["file"], rev["line"], "event_id", f"unknown event {ev!r}"))
        claim["review"] = {"accept": "accepted", "reject": "rejected", "correct": "corrected"}[rev["action"]]
        claim.update(rev["changes"])
        claim["note"] = f"{rev['action']} by {rev['reviewer']} on {rev['reviewed_on']}: {rev['reason']}"
    _raise(problems)
    return extracted
