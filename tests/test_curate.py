"""Bad input gets one clear message naming file, line and field; exit 2; data/processed/ untouched."""

import csv
from pathlib import Path

import pytest

from conftest import digest

CLAIMS = "data/raw/curated/claims_2022.csv"
EVENTS = "data/raw/curated/events_2022.csv"
MANIFEST = "data/raw/articles/manifest.csv"


def edit_csv(path: Path, row: int, **changes) -> None:
    """Change fields of data row `row` (0-based; file line row + 2) of a CSV file."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    rows[row].update(changes)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def first_article(project: Path) -> Path:
    return sorted((project / "data/raw/articles").glob("*.txt"))[0]


def fails(cli, project, *expected):
    """Build must exit 2, name everything in `expected` on stderr, and leave data/processed/ alone."""
    before = digest(project / "data/processed")
    status, out, err = cli("--root", project, "build")
    assert status == 2, (out, err)
    for text in expected:
        assert text in err, f"{text!r} not in:\n{err}"
    assert "Traceback" not in err
    assert digest(project / "data/processed") == before
    return err


@pytest.mark.parametrize("field, value, message", [
    ("count", "-3", "not a non-negative whole number: '-3'"),
    ("count", "4.5", "not a non-negative whole number: '4.5'"),
    ("count", "", "required value is empty"),
    ("side", "armenian", "unknown value 'armenian'"),
    ("category", "dead", "unknown value 'dead'"),
    ("qualifier", "roughly", "unknown value 'roughly'"),
    ("incident_start", "2022-13-01", "not a date in YYYY-MM-DD form: '2022-13-01'"),
    ("incident_start", "13/09/2022", "not a date in YYYY-MM-DD form"),
    ("report_date", "yesterday", "not a date"),
    ("event_id", "2022-01-01-no-such-event", "unknown event '2022-01-01-no-such-event'"),
    ("is_background", "maybe", "expected true or false"),
    ("source_url", "", "a claim needs a citation"),
])
def test_bad_claim_field(cli, project, field, value, message):
    edit_csv(project / CLAIMS, 2, **{field: value})
    fails(cli, project, f"{CLAIMS}:4: {field}:", message)


def test_reversed_dates(cli, project):
    edit_csv(project / CLAIMS, 0, incident_start="2022-12-31", incident_end="2022-01-02")
    fails(cli, project, f"{CLAIMS}:2: incident_end:", "is before incident_start")


def test_date_outside_coverage_unless_background(cli, project):
    edit_csv(project / CLAIMS, 0, incident_start="2019-05-01", incident_end="2019-05-01")
    fails(cli, project, f"{CLAIMS}:2: incident_start:", "outside the coverage")


def test_duplicate_claim_id(cli, project):
    with open(project / CLAIMS, encoding="utf-8") as f:
        first_id = list(csv.DictReader(f))[0]["claim_id"]
    edit_csv(project / CLAIMS, 1, claim_id=first_id)
    fails(cli, project, f"{CLAIMS}:3: claim_id:", f"duplicate id '{first_id}'")


def test_duplicate_event_id(cli, project):
    with open(project / EVENTS, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    edit_csv(project / EVENTS, 1, event_id=rows[0]["event_id"], start_date=rows[0]["start_date"],
             end_date=rows[0]["start_date"])
    fails(cli, project, f"{EVENTS}:3: event_id:", "duplicate id")


def test_missing_column(cli, project):
    path = project / CLAIMS
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    i = header.index("qualifier")
    new = []
    for line in lines:
        row = next(csv.reader([line]))
        del row[i]
        new.append(row)
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(new)
    fails(cli, project, f"{CLAIMS}:1: qualifier: missing column(s) in the header")


def test_malformed_row(cli, project):
    path = project / CLAIMS
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = "only,three,fields\n"
    path.write_text("".join(lines), encoding="utf-8")
    fails(cli, project, f"{CLAIMS}:4:", "fields, found 3")


def test_unclosed_quote(cli, project):
    path = project / CLAIMS
    with open(path, "a", encoding="utf-8") as f:
        f.write('x/01,"unterminated\n')
    fails(cli, project, CLAIMS, "malformed CSV")


def test_manifest_points_at_missing_file(cli, project):
    first_article(project).unlink()
    fails(cli, project, "file not found")


def test_hash_mismatch(cli, project):
    path = first_article(project)
    path.write_bytes(path.read_bytes() + b" ")
    fails(cli, project, f"{MANIFEST}:2: sha256: hash mismatch for {path.name}")


@pytest.mark.parametrize("content, message", [
    (b"", "file is empty"),
    (b"  \n\n", "file is empty"),
    (b"PNG\x00\x01\x02binary", "binary file: NUL byte at byte offset 3"),
    ("Three soldiers were killed.".encode("utf-16"), "not UTF-8"),
    (b"caf\xe9 soldiers", "not UTF-8: invalid byte at byte offset 3"),
])
def test_bad_article_bytes(cli, project, content, message):
    path = first_article(project)
    path.write_bytes(content)
    import hashlib
    edit_csv(project / MANIFEST, 0, sha256=hashlib.sha256(content).hexdigest())
    fails(cli, project, f"data/raw/articles/{path.name}", message)


def test_unlisted_article(cli, project):
    (project / "data/raw/articles/zzz_new.txt").write_text("Two soldiers were wounded.", encoding="utf-8")
    fails(cli, project, "zzz_new.txt is in the folder but not in the manifest")


def test_every_problem_is_listed_not_just_the_first(cli, project):
    edit_csv(project / CLAIMS, 0, count="-1")
    edit_csv(project / CLAIMS, 1, side="mars")
    err = fails(cli, project, f"{CLAIMS}:2: count:", f"{CLAIMS}:3: side:")
    assert "2 problem(s)" in err


REVIEWS = "data/raw/curated/reviews.csv"


def test_stale_review_fails_loudly(cli, project):
    edit_csv(project / REVIEWS, 0, claim_id="000_b344ab7a55e25ef7:1-9:azerbaijan:wounded:military")
    fails(cli, project, f"{REVIEWS}:2: claim_id: stale review: no extracted claim")


def test_review_with_unknown_action_or_empty_correction(cli, project):
    edit_csv(project / REVIEWS, 0, action="approve")
    edit_csv(project / REVIEWS, 1, incident_start="", incident_end="", date_precision="")
    fails(cli, project, f"{REVIEWS}:2: action: unknown value 'approve'",
          f"{REVIEWS}:3: action: a 'correct' review must set at least one field")


def test_reviews_accept_reject_and_correct(project):
    from casualties import build

    edit_csv(project / REVIEWS, 0, action="reject", reason="test: wrong figure")
    tables = build.build_tables(project)
    claims = tables["claims"].set_index("claim_id")
    with open(project / REVIEWS, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rejected, corrected = rows[0]["claim_id"], rows[1]["claim_id"]
    assert claims.loc[rejected, "review"] == "rejected"
    assert claims.loc[rejected, "note"].startswith("reject by casualties maintainers")
    assert claims.loc[corrected, "review"] == "corrected"
    assert str(claims.loc[corrected, "incident_start"].date()) == rows[1]["incident_start"]
    cas = tables["casualties"]
    assert rejected not in set(cas["best_claim_id"])


@pytest.mark.parametrize("field, value, message", [
    ("report_time", "9:5", "not a time in HH:MM form"),
    ("report_time", "24:10", "not a time in HH:MM form"),
    ("source_type", "blog", "unknown value 'blog'"),
    ("source_type", "", "required value is empty"),
    ("note", "the ministry called it an invasion", "partisan word 'invasion' outside a quote"),
    ("note", "shelling of Shusha", "'Shusha' without 'Shushi': give both names"),
])
def test_bad_claim_source_time_or_wording(cli, project, field, value, message):
    edit_csv(project / CLAIMS, 2, **{field: value})
    fails(cli, project, f"{CLAIMS}:4: {field}:", message)


def test_a_quoted_partisan_word_and_both_names_pass(project):
    from casualties.build import build_tables

    edit_csv(project / CLAIMS, 2, note="the ministry spoke of 'terrorists' near Khankendi / Stepanakert",
             report_time="21:45")
    claims = build_tables(project)["claims"]
    assert (claims["report_time"] == "21:45").sum() == 1


@pytest.mark.parametrize("field, value, message", [
    ("description", "Shelling near Martakert was reported by the ministry, which gave one soldier killed and "
                    "named him.", "'Martakert' without 'Aghdara'"),
    ("name", "Genocide claim", "partisan word 'genocide' outside a quote"),
])
def test_bad_event_wording_is_named_with_file_line_and_field(cli, project, field, value, message):
    edit_csv(project / EVENTS, 1, **{field: value})
    fails(cli, project, f"{EVENTS}:3: {field}:", message)


def test_a_manifest_without_source_type_makes_extracted_claims_news_reports(project):
    from casualties.build import build_tables

    claims = build_tables(project)["claims"]
    assert (claims.loc[claims["origin"] == "extracted", "source_type"] == "news_report").all()
