"""Faults in the inputs, the processed files and the command line: one clear line, no traceback.

Inputs: only regular files inside the raw folder are read, within a size limit; counts are ASCII
digits up to a bound; line numbers are physical lines; every row-level check is made where the row
is read (file:line: field). Processed files: `casualties validate` checks each file against
release.json and schema.py before the suites. Commands: bad paths give one line.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import signal
import stat
import subprocess
from pathlib import Path

import pytest

from casualties import curate, release, schema
from conftest import REPO
from test_curate import CLAIMS, EVENTS, MANIFEST, edit_csv, fails, first_article

REVIEWS = "data/raw/curated/reviews.csv"


def set_hash(project: Path, article: Path, data: bytes) -> None:
    """Make the manifest's sha256 agree with `data`, so only the rule under test can refuse it."""
    rows = list(csv.DictReader(open(project / MANIFEST, encoding="utf-8", newline="")))
    i = next(i for i, r in enumerate(rows) if r["file"] == article.name)
    edit_csv(project / MANIFEST, i, sha256=hashlib.sha256(data).hexdigest())


@pytest.fixture
def no_hang():
    """Turn a hang (a FIFO read) into a failure instead of a stuck test run."""
    def hung(*_):
        raise TimeoutError("the build hung")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


# ---- articles: what is read ------------------------------------------------------------------------

def test_symlink_to_a_file_outside_the_raw_folder_is_refused(cli, project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "secret.txt"
    outside.write_bytes(b"Two soldiers were killed, the ministry said.\n")
    article = first_article(project)
    article.unlink()
    article.symlink_to(outside)
    set_hash(project, article, outside.read_bytes())
    err = fails(cli, project, f"data/raw/articles/{article.name}: a symlink to {outside}", "refused")
    assert err.count("\n") == 2  # the summary line and this one


def test_symlink_to_dev_zero_is_refused_without_reading_it(cli, project):
    article = first_article(project)
    article.unlink()
    article.symlink_to("/dev/zero")
    fails(cli, project, f"data/raw/articles/{article.name}: a symlink to /dev/zero", "outside")


def test_symlink_inside_the_raw_folder_is_read(project):
    """The rule is 'inside the raw folder', not 'no symlinks': a link to a sibling file is fine."""
    article = first_article(project)
    real = article.with_name("real_copy.bin")
    article.rename(real)
    article.symlink_to(real.name)
    articles, texts = curate.read_articles(project / "data/raw/articles", project)
    assert texts[article.stem] == real.read_text(encoding="utf-8")


def test_fifo_named_like_an_article_is_refused_not_waited_on(cli, project, no_hang):
    article = first_article(project)
    article.unlink()
    os.mkfifo(article)
    fails(cli, project, f"data/raw/articles/{article.name}: not a regular file but a FIFO")


def test_device_named_like_an_article_is_refused(cli, project):
    article = first_article(project)
    article.unlink()
    try:
        os.mknod(article, 0o600 | stat.S_IFCHR, os.makedev(1, 5))  # what /dev/zero is
    except (PermissionError, OSError):
        pytest.skip("cannot make a device node here")
    fails(cli, project, f"data/raw/articles/{article.name}: not a regular file but a character device")


def test_directory_named_like_an_article_is_refused(cli, project):
    article = first_article(project)
    article.unlink()
    article.mkdir()
    fails(cli, project, f"data/raw/articles/{article.name}: not a regular file but a directory")


def test_directory_named_like_a_curated_file_is_refused(cli, project):
    (project / "data/raw/curated/claims_zzz.csv").mkdir()
    fails(cli, project, "data/raw/curated/claims_zzz.csv: not a regular file but a directory")


def test_article_over_the_size_limit_is_refused_with_the_reason(cli, project):
    article = first_article(project)
    data = b"Two soldiers were killed. " * (curate.MAX_ARTICLE_BYTES // 26 + 1)
    assert len(data) > curate.MAX_ARTICLE_BYTES
    article.write_bytes(data)
    set_hash(project, article, data)
    fails(cli, project, f"data/raw/articles/{article.name}:", "over the limit of 2,000,000", "refused")


def test_article_at_the_size_limit_is_read(project):
    article = first_article(project)
    text = article.read_bytes()
    data = text + b" " * (curate.MAX_ARTICLE_BYTES - len(text))
    article.write_bytes(data)
    set_hash(project, article, data)
    _, texts = curate.read_articles(project / "data/raw/articles", project)
    assert len(texts[article.stem].encode()) == curate.MAX_ARTICLE_BYTES


# ---- counts -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, message", [
    ("１２", "not a whole number in ASCII digits 0-9: '１２'"),
    ("٣", "not a whole number in ASCII digits 0-9: '٣'"),
    ("1000001", "1000001 is above the limit of 1,000,000"),
    ("99999999999999999999999999", "99999999999999999999999999 is above the limit of 1,000,000"),
])
def test_count_is_ascii_digits_within_a_bound(cli, project, value, message):
    edit_csv(project / CLAIMS, 2, count=value)
    fails(cli, project, f"{CLAIMS}:4: count: {message}")


def test_count_at_the_bound_is_accepted_by_the_reader(project):
    edit_csv(project / CLAIMS, 2, count="1000000")
    events = curate.read_events(project / "data/raw/curated", project)
    articles, texts = curate.read_articles(project / "data/raw/articles", project)
    claims = curate.read_claims(project / "data/raw/curated", {a["article_id"]: a for a in articles}, texts,
                                {e["event_id"] for e in events}, project)
    assert 1_000_000 in {c["count"] for c in claims}


def test_evidence_offset_in_other_digits_is_refused(cli, project):
    edit_csv(project / CLAIMS, 2, evidence_start="١٠")
    fails(cli, project, f"{CLAIMS}:4: evidence_start: not a whole number in ASCII digits")


def test_date_in_other_digits_is_refused(cli, project):
    edit_csv(project / CLAIMS, 2, report_date="２０２２-09-13")
    fails(cli, project, f"{CLAIMS}:4: report_date: not a date")


# ---- line numbers, BOM, header ------------------------------------------------------------------------

@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x0c", "\x0b", "\x1c"])
def test_line_numbers_do_not_drift_after_a_unicode_line_separator_in_a_field(cli, project, separator):
    edit_csv(project / CLAIMS, 0, note=f"first part{separator}second part")
    edit_csv(project / CLAIMS, 3, count="-1")
    fails(cli, project, f"{CLAIMS}:5: count:")


def test_a_row_spanning_lines_is_reported_where_it_starts_and_later_rows_count_physical_lines(cli, project):
    edit_csv(project / CLAIMS, 0, note="first line\nsecond line")  # a quoted field with a real newline
    edit_csv(project / CLAIMS, 1, count="-2")
    edit_csv(project / CLAIMS, 3, count="-1")
    fails(cli, project, f"{CLAIMS}:4: count: not a non-negative whole number: '-2'",
          f"{CLAIMS}:6: count: not a non-negative whole number: '-1'")


def test_utf8_bom_is_accepted(project):
    events_dir = project / "data/raw/curated"
    before = curate.read_events(events_dir, project)
    path = project / EVENTS
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert curate.read_events(events_dir, project) == before


def test_utf8_bom_gives_no_contradictory_column_messages(cli, project):
    path = project / CLAIMS
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    edit_csv(project / CLAIMS, 2, side="mars")  # keeps the BOM (DictReader reads it into the first name)
    err = fails(cli, project, f"{CLAIMS}:4: side: unknown value 'mars'")
    assert "missing column" not in err and "unknown column" not in err


def test_bom_is_kept_by_edit_csv_above():
    """The test above is only honest if the BOM survives edit_csv's rewrite: check that directly."""
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "x.csv"
        p.write_bytes(b"\xef\xbb\xbfa,b\n1,2\n")
        edit_csv(p, 0, b="3")
        assert p.read_bytes().startswith(b"\xef\xbb\xbf")


def test_repeated_header_column_is_named(cli, project):
    path = project / EVENTS
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    rows = [next(csv.reader([line])) for line in lines]
    for row in rows:
        row.append(row[1])  # a second 'name' column
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    err = fails(cli, project, f"{EVENTS}:1: name: column repeated in the header (positions 2, 11)")
    assert "unknown column" not in err


# ---- row-level checks at the row ----------------------------------------------------------------------

def test_manifest_row_with_unknown_event_is_reported_at_its_line(cli, project):
    edit_csv(project / MANIFEST, 1, event_id="2022-01-01-nowhere")
    fails(cli, project, f"{MANIFEST}:3: event_id: unknown event '2022-01-01-nowhere'")


def test_manifest_row_published_before_the_coverage_is_reported_at_its_line(cli, project):
    edit_csv(project / MANIFEST, 1, published="2019-06-01")
    fails(cli, project, f"{MANIFEST}:3: published: 2019-06-01 is before the coverage starts")


@pytest.mark.parametrize("path, row, field, value", [
    (CLAIMS, 2, "claimant", "=HYPERLINK(\"http://x\",\"click\")"),
    (CLAIMS, 2, "note", "+1 on the earlier figure"),
    (CLAIMS, 2, "source_outlet", "@outlet"),
    (EVENTS, 2, "description", "-3 soldiers, the ministry said."),
    (EVENTS, 2, "name", "=1+1"),
    (MANIFEST, 2, "title", "@SUM(A1:A9)"),
    (REVIEWS, 1, "reason", "=cmd|' /C calc'!A0"),
])
def test_free_text_starting_like_a_formula_is_refused(cli, project, path, row, field, value):
    edit_csv(project / path, row, **{field: value})
    fails(cli, project, f"{path}:{row + 2}: {field}: starts with {value[0]!r}", "formula")


def test_free_text_with_a_sign_inside_is_accepted(project):
    edit_csv(project / EVENTS, 2, description="Casualties rose (+3) after the shelling; see A=B.")
    events = curate.read_events(project / "data/raw/curated", project)
    assert any(e["description"].startswith("Casualties rose (+3)") for e in events)


# ---- .gitattributes ----------------------------------------------------------------------------------

def test_gitattributes_keep_every_raw_input_byte_exact():
    """core.autocrlf=true must not touch raw files: `text` is unset for every tracked file under data/raw."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    files = subprocess.run(["git", "ls-files", "data/raw"], cwd=REPO, capture_output=True, text=True,
                           check=True).stdout.split()
    assert any(f.endswith(".txt") for f in files) and any(f.startswith("data/raw/curated/") for f in files)
    out = subprocess.run(["git", "check-attr", "text", "filter", "--", *files], cwd=REPO, capture_output=True,
                         text=True, check=True).stdout.splitlines()
    values = {}
    for line in out:
        path, attr, value = line.split(": ")
        values.setdefault(path, {})[attr] = value
    assert set(values) == set(files)
    assert all(v == {"text": "unset", "filter": "unset"} for v in values.values()), values


def test_autocrlf_checkout_keeps_article_hashes(tmp_path):
    """Check the raw files out as Git for Windows would (core.autocrlf=true): the manifest hashes still hold."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(REPO / ".gitattributes", work / ".gitattributes")
    env = {**os.environ, "GIT_DIR": str(tmp_path / "git"), "GIT_WORK_TREE": str(work)}
    run = lambda *a: subprocess.run(["git", *a], cwd=work, env=env, capture_output=True, text=True, check=True)
    run("init", "-q")
    run("config", "core.autocrlf", "true")
    shutil.copytree(REPO / "data/raw", work / "data/raw")
    run("add", "-A")
    run("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "raw")
    shutil.rmtree(work / "data")
    run("checkout", "--", ".")
    for row in csv.DictReader(open(work / MANIFEST, encoding="utf-8", newline="")):
        assert hashlib.sha256((work / "data/raw/articles" / row["file"]).read_bytes()).hexdigest() == row["sha256"]
    for path in (REPO / "data/raw/curated").glob("*.csv"):
        assert (work / "data/raw/curated" / path.name).read_bytes() == path.read_bytes()


# ---- casualties validate --------------------------------------------------------------------------------

@pytest.fixture
def published(tmp_path):
    """A copy of the committed release to damage."""
    out = tmp_path / "processed"
    shutil.copytree(REPO / "data/processed", out)
    return out


def validate_fails(cli, folder, *expected):
    status, out, err = cli("validate", "--processed", folder)
    assert status == 1, out + err
    assert "Traceback" not in out + err
    fail_lines = [line for line in out.splitlines() if line.startswith("FAIL")]
    for text in expected:
        assert any(text in line for line in fail_lines), f"{text!r} in no FAIL line of:\n{out}{err}"
    return fail_lines


def republish(folder: Path, name: str, table) -> None:
    """Write a damaged table with a matching release.json, so only the check under test can fail."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    (folder / f"{name}.parquet").write_bytes(sink.getvalue().to_pybytes())
    files = {p.name: p.read_bytes() for p in folder.glob("*.parquet")}
    (folder / release.MANIFEST).write_bytes(release.manifest_bytes(files, schema.DATASET_VERSION))


def test_the_committed_release_passes_the_file_checks(cli):
    status, out, _ = cli("validate")
    assert status == 0
    assert f"ok   {REPO / 'data/processed/release.json'}" in out
    assert f"ok   {REPO / 'data/processed/claims.parquet'}: release manifest" in out


def test_validate_flipped_byte(cli, published):
    path = published / "claims.parquet"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    validate_fails(cli, published, f"{path}: release manifest (size or sha256 differs from release.json")


@pytest.mark.parametrize("cut", [0, 100, -100])
def test_validate_truncated_or_empty_file(cli, published, cut):
    path = published / "events.parquet"
    data = path.read_bytes()
    path.write_bytes(data[:cut] if cut else b"")
    validate_fails(cli, published, f"{path}: parquet schema (not a readable Parquet file")


def test_validate_missing_file_says_not_found(cli, published):
    (published / "casualties.parquet").unlink()
    validate_fails(cli, published, f"{published / 'casualties.parquet'}: file exists (not found)")


def test_validate_missing_release_manifest(cli, published):
    (published / "release.json").unlink()
    validate_fails(cli, published, f"{published / 'release.json'}: release manifest (not found")


def test_validate_mixed_release(cli, published, tmp_path):
    """New claims with the old other files: exactly what a non-atomic publish used to leave."""
    import pyarrow.parquet as pq

    table = pq.read_table(published / "claims.parquet")
    mixed = tmp_path / "mixed"
    shutil.copytree(published, mixed)
    republish(mixed, "claims", table.slice(0, 10))
    shutil.copy(published / "release.json", mixed / "release.json")  # the old release's manifest
    validate_fails(cli, mixed, f"{mixed / 'claims.parquet'}: release manifest (size or sha256 differs")


def test_validate_duplicated_key(cli, published):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(published / "claims.parquet")
    republish(published, "claims", pa.concat_tables([table, table.slice(0, 1)]))
    first = table.column("claim_id")[0].as_py()
    lines = validate_fails(cli, published, f"{published / 'claims.parquet'}: claim_id: primary key unique "
                                           "(duplicated key)")
    assert any(first in line for line in lines)


def test_validate_count_stored_as_text(cli, published):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(published / "claims.parquet")
    i = table.schema.get_field_index("count")
    text = pa.array([str(v) for v in table.column("count").to_pylist()], type=pa.string())
    republish(published, "claims", table.set_column(i, "count", text))
    validate_fails(cli, published, f"{published / 'claims.parquet'}: count: parquet schema (stored as string; "
                                   "schema.py declares int64)")


def test_validate_missing_column(cli, published):
    import pyarrow.parquet as pq

    table = pq.read_table(published / "events.parquet")
    republish(published, "events", table.drop_columns(["description"]))
    validate_fails(cli, published, f"{published / 'events.parquet'}: description: parquet schema (column missing)")


def test_validate_missing_folder(cli, tmp_path):
    status, out, err = cli("validate", "--processed", tmp_path / "nowhere")
    assert status == 1 and "folder not found" in err and "Traceback" not in err


def test_validate_reports_an_interrupted_publish(cli, published, monkeypatch):
    """A journal left by a crash is named, and the files that do not match release.json too."""
    (published / ".build-crashed").mkdir()
    (published / ".build-crashed" / release.JOURNAL).write_text("{}")
    validate_fails(cli, published, "an interrupted publish left .build-crashed")


# ---- charts command paths ------------------------------------------------------------------------------

def test_charts_out_is_a_file(cli, tmp_path):
    target = tmp_path / "a-file"
    target.write_text("x")
    status, _, err = cli("charts", "--out", target)
    assert status == 1 and err.count("\n") == 1 and "is a file, not a folder" in err and "Traceback" not in err


def test_charts_out_cannot_be_made(cli, tmp_path):
    (tmp_path / "a-file").write_text("x")
    status, _, err = cli("charts", "--out", tmp_path / "a-file" / "charts")
    assert status == 1 and err.count("\n") == 1 and "charts failed:" in err and "Traceback" not in err
    assert str(tmp_path / "a-file" / "charts") in err


def test_charts_out_unwritable_folder(cli, tmp_path):
    """An immutable folder (chattr +i) is unwritable even for root; otherwise mode 0500 does it."""
    out = tmp_path / "ro"
    out.mkdir()
    immutable = subprocess.run(["chattr", "+i", out], capture_output=True).returncode == 0
    if not immutable:
        if os.geteuid() == 0:
            pytest.skip("root, and no chattr: cannot make an unwritable folder")
        out.chmod(0o500)
    try:
        status, _, err = cli("charts", "--out", out)
    finally:
        subprocess.run(["chattr", "-i", out], capture_output=True)
        out.chmod(0o700)
    assert status == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert "operation not permitted" in err or "permission denied" in err
    assert str(out) in err


def test_charts_data_missing_folder(cli, tmp_path):
    status, _, err = cli("charts", "--out", tmp_path / "out", "--data", tmp_path / "nowhere")
    assert status == 1 and err.count("\n") == 1 and "folder not found" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_charts_data_folder_without_the_tables(cli, tmp_path):
    (tmp_path / "empty").mkdir()
    status, _, err = cli("charts", "--out", tmp_path / "out", "--data", tmp_path / "empty")
    assert status == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert "casualties.parquet" in err


def test_ctrl_c_in_another_command_is_one_line_and_exit_130(cli, monkeypatch):
    from casualties import validate

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(validate, "validate_processed", interrupted)
    status, _, err = cli("validate")
    # validate first says (one line) which files it checks; the interruption is one more line
    assert status == 130 and err.splitlines()[-1] == "casualties validate: interrupted"
    assert "Traceback" not in err and len(err.splitlines()) <= 2


def test_build_with_a_root_that_has_no_raw_folder_writes_nothing(cli, tmp_path):
    status, _, err = cli("--root", tmp_path / "nowhere", "build")
    assert status == 2 and f"{tmp_path / 'nowhere'} is not one" in err and "needs a repository checkout" in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err and not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("command", ["charts", "export", "site"])
def test_every_folder_writing_command_refuses_bad_folders_in_one_line(cli, tmp_path, command):
    """charts, export and site share one check: a missing --data folder, an --out that is a file,
    and a --data folder without the tables each give one line and exit 1, never a traceback."""
    target = tmp_path / "a-file"
    target.write_text("x")
    (tmp_path / "empty").mkdir()
    for args in (("--out", tmp_path / "out", "--data", tmp_path / "nowhere"), ("--out", target),
                 ("--out", tmp_path / "out2", "--data", tmp_path / "empty")):
        status, _, err = cli(command, *args)
        assert status == 1 and err.count("\n") == 1 and "Traceback" not in err, (args, err)
    assert target.read_text() == "x" and not (tmp_path / "out").exists()
