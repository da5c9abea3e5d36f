"""Read and check the raw inputs: article manifest, curated events and claims, reviews.

Every problem is reported with its file, line and field, and all problems of a file are collected
before failing, so one run shows everything that needs fixing. Nothing here writes anything.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import schema

# ASCII digits only: \d would also take "１２" or "٣" (other scripts' digits) as numbers.
EVENT_ID = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})-[a-z0-9]+(?:-[a-z0-9]+)*")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
INTEGER = re.compile(r"[0-9]+")
#: The largest count accepted: far above any figure for a single claim in this conflict (the 2020
#: war's tolls were in the thousands), and far below int64, so a typo is caught here, not by overflow.
MAX_COUNT = 1_000_000
#: Largest article file read. The longest article is a few kB; a file of megabytes is a wrong file
#: (a PDF, a page dump, a device), and reading it whole would only cost memory.
MAX_ARTICLE_BYTES = 2_000_000
#: Largest curated CSV read (the largest is about 25 kB today).
MAX_CSV_BYTES = 50_000_000
#: A cell starting with one of these is run as a formula by spreadsheet programs when the tables are
#: exported to CSV (CSV injection), so free-text fields refuse them.
FORMULA_START = ("=", "+", "-", "@")
TIME = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")
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
        text = read_text(path, self.problems, self.name, MAX_CSV_BYTES, path.parent)
        if text is None:
            return
        # A UTF-8 byte-order mark (spreadsheet programs write one) is not part of the first column name.
        text = text.removeprefix("\ufeff")
        # Physical lines as the csv module counts them (\n, \r, \r\n): str.splitlines would also split
        # at U+2028, NEL or a form feed inside a field and make every later line number drift.
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
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
        repeated = sorted({c for c in header if header.count(c) > 1})
        if missing:
            self.fail(1, ", ".join(missing), "missing column(s) in the header")
        if unknown:
            self.fail(1, ", ".join(map(repr, unknown)), "unknown column(s) in the header")
        for c in repeated:
            at = [str(i + 1) for i, h in enumerate(header) if h == c]
            self.fail(1, c, f"column repeated in the header (positions {', '.join(at)})")
        if missing or unknown or repeated:
            return
        checked = [c for c in schema.FREE_TEXT_INPUT if c in header]
        while True:
            start = reader.line_num + 1  # a quoted field may span lines: report where the row starts
            try:
                values = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                self.fail(reader.line_num, None, f"malformed CSV: {exc}")
                return
            line = start
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                self.fail(line, None, f"expected {len(header)} fields, found {len(values)}")
                continue
            row = {c: "" for c in columns}
            row.update({c: v.strip() for c, v in zip(header, values)})
            for c in checked:
                if row[c].startswith(FORMULA_START):
                    self.fail(line, c, f"starts with {row[c][0]!r}: spreadsheet programs run such a cell as "
                              "a formula when the table is exported; reword it (e.g. 'minus 3', 'at ...')")
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
            if not DATE.fullmatch(value):
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self.fail(line, field, f"not a date in YYYY-MM-DD form: {value!r}")
            return None

    def time(self, line, row, field):
        """An optional local time of day, 'HH:MM' (24-hour)."""
        value = row[field]
        if value and not TIME.fullmatch(value):
            self.fail(line, field, f"not a time in HH:MM form (24-hour): {value!r}")
            return None
        return value or None

    def integer(self, line, row, field, required=True, maximum=MAX_COUNT):
        value = self.text(line, row, field, required)
        if value is None:
            return None
        if not INTEGER.fullmatch(value):
            if value.isdigit():
                self.fail(line, field, f"not a whole number in ASCII digits 0-9: {value!r}")
            else:
                self.fail(line, field, f"not a non-negative whole number: {value!r}")
            return None
        number = int(value)
        if number > maximum:
            self.fail(line, field, f"{value} is above the limit of {maximum:,} (a typo?)")
            return None
        return number

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


_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def read_file(path: Path, problems: list[Problem], name: str, limit: int, inside: Path) -> bytes | None:
    """The bytes of a regular file inside the folder `inside`, at most `limit` of them; else a problem.

    Raw inputs are data we publish from, so nothing else is read: a symlink leading out of the folder
    (to a system file, or /dev/zero), a FIFO (which would hang the build), a device or a directory is
    refused with the reason, and so is a file over the size limit.
    """
    def refuse(message):
        problems.append(Problem(name, None, None, message))

    try:
        if path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(Path(inside).resolve()):
                return refuse(f"a symlink to {target}, outside {inside}: refused (only files inside "
                              "the raw folder are read)")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        return refuse("file not found")
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop
        return refuse(f"cannot read: {getattr(exc, 'strerror', None) or exc}")
    try:
        st = os.fstat(fd)
        for test, kind in _KINDS:
            if test(st.st_mode):
                return refuse(f"not a regular file but {kind}: refused")
        if st.st_size > limit:
            return refuse(f"{st.st_size:,} bytes, over the limit of {limit:,} for this file: refused")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            return refuse(f"over the limit of {limit:,} bytes for this file: refused")
        return b"".join(chunks)
    except OSError as exc:
        return refuse(f"cannot read: {exc.strerror}")
    finally:
        os.close(fd)


def read_text(path: Path, problems: list[Problem], name: str | None = None, limit: int = MAX_CSV_BYTES,
              inside: Path | None = None) -> str | None:
    """Decode a file as UTF-8 text, recording a problem if it is missing, refused, empty, binary or not UTF-8."""
    name = name or str(path)
    data = read_file(path, problems, name, limit, inside or path.parent)
    if data is None:
        return None
    return decode(data, problems, name)


def decode(data: bytes, problems: list[Problem], name: str) -> str | None:
    """UTF-8 text of a file's bytes, or None after recording why it is not text."""
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


def read_articles(articles_dir: Path, root: Path | None = None,
                  event_ids: set[str] | None = None) -> tuple[list[dict], dict[str, str]]:
    """Read manifest.csv and every article it lists; check hashes and text. Returns (rows, texts).

    With `event_ids`, a row naming an event that no events_*.csv defines is reported at its line.
    """
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
        if row["event_id"] and not EVENT_ID.fullmatch(row["event_id"]):
            rows.fail(line, "event_id", f"not an event id: {row['event_id']!r}")
        elif row["event_id"] and event_ids is not None and row["event_id"] not in event_ids:
            rows.fail(line, "event_id", f"unknown event {row['event_id']!r}: not in any events_*.csv")
        if published and published < schema.COVERAGE_START:
            rows.fail(line, "published", f"{published} is before the coverage starts ({schema.COVERAGE_START}): "
                      "an article about its incidents cannot be older")
        if not (aid and file and sha):
            continue
        if Path(file).name != file or Path(file).stem != aid:
            rows.fail(line, "file", f"expected a file name '{aid}.txt' in the same folder, found {file!r}")
            continue
        name = rows.name.replace("manifest.csv", file)
        data = read_file(articles_dir / file, rows.problems, name, MAX_ARTICLE_BYTES, articles_dir)
        text = None if data is None else decode(data, rows.problems, name)
        if text is None:
            continue
        actual = hashlib.sha256(data).hexdigest()
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
                m = EVENT_ID.fullmatch(eid)
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
    if rec.get("event_id") and not EVENT_ID.fullmatch(rec["event_id"]):
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
    # An offset cannot pass the article's length, which the article size limit bounds.
    rec["evidence_start"] = rows.integer(line, row, "evidence_start", required=False, maximum=MAX_ARTICLE_BYTES)
    rec["evidence_end"] = rows.integer(line, row, "evidence_end", required=False, maximum=MAX_ARTICLE_BYTES)
    if rec["source_url"]:
        if not re.fullmatch(r"https?://\S+", rec["source_url"]):
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
