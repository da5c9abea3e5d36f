"""Extraction at any size: bounded work per article, the size limits, and a corpus on Dask.

The rules: every article-level step is linear in the text or works on a bounded window (so the
work counted by ``limits.WORK`` per character has a ceiling, whatever the text), an article above a
limit is read only up to it and says so, and one process, the batch API and Dask give the same
claims, byte for byte once sorted by claim id. Speed itself is measured in benchmarks/.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casualties.build import to_arrow
from casualties.extract import claims_frame, cli_extract, extract
from casualties.extract.scale import read_claims
from casualties.extract.limits import LOOKBACK, MAX_ARTICLE_CHARS, MAX_FIGURES, MAX_SENTENCE_CHARS, WORK, ArticleCut
from casualties.extract.text import _sentences
from casualties.schema import EXTRACTED, arrow_schema
from hostile import HOSTILE, repeated

REPO = Path(__file__).resolve().parents[1]
REAL = sorted((REPO / "tests" / "data" / "extraction" / "real").glob("*.jsonl"))
PUB = dt.date(2022, 9, 14)

#: The most work one figure can cost: its sentence window, plus the earlier claims the side rules,
#: the revisions and the duplicates look back on.
PER_FIGURE = MAX_SENTENCE_CHARS + 3 * LOOKBACK


def work(text: str, **limits) -> int:
    """Units of work (``limits.WORK``) that extracting ``text`` costs."""
    before = WORK.units
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ArticleCut)
        extract(text, PUB, **limits)
    return WORK.units - before


# ------------------------------------------------------------------------------------------------
# Bounded windows
# ------------------------------------------------------------------------------------------------

def test_a_long_sentence_is_read_in_pieces_cut_at_clause_breaks():
    text = repeated(5_000)
    pieces = _sentences(text)
    assert len(pieces) >= 5
    assert all(p.end - p.start <= MAX_SENTENCE_CHARS for p in pieces)
    assert all(text[p.end - 1] == "," for p in pieces[:-1])  # after "12 killed,", never inside it
    # nothing but the spaces between pieces is left out, and the pieces stay in order
    assert "".join(text[p.start:p.end] + " " for p in pieces).rstrip() == text.rstrip(", ")
    assert [p.index for p in pieces] == list(range(len(pieces)))


def test_real_sentences_are_far_below_the_window():
    longest = max(s.end - s.start for path in REAL for line in path.open(encoding="utf-8")
                  for s in _sentences(json.loads(line)["text"]))
    assert longest < MAX_SENTENCE_CHARS / 1.5


@pytest.mark.parametrize("make", HOSTILE, ids=lambda f: f.__name__)
def test_work_per_character_does_not_grow_with_the_text(make):
    """Four times the hostile text (both limits lifted, so all of it is read) is four times the
    work, give or take a tenth for the last, partial window and the cost of the look-back windows
    filling up once; a quadratic step would make it sixteen times."""
    small, large = (work(make(n), max_chars=None, max_figures=None) for n in (6_000, 24_000))
    assert large <= 4.4 * small + 3 * LOOKBACK ** 2
    assert large / 24_000 <= PER_FIGURE / 2


_TOKENS = ["12", "7", "300", "three", "a dozen", "another", "at least", "killed", "wounded", "dead", "died",
           "soldiers", "servicemen", "civilians", "Armenian", "Azerbaijani", "Karabakh", "the ministry said",
           "Baku said", "according to Yerevan", "later", "initially", "shelling", "on September 13", "and",
           ",", ";", ".", ":", "(", ")", "-", "\n"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unit=st.lists(st.sampled_from(_TOKENS), min_size=2, max_size=40),
       size=st.integers(min_value=500, max_value=12_000))
def test_work_is_linear_in_the_text(unit, size):
    """Whatever the text, each candidate figure costs at most its sentence window plus the bounded
    look-backs, and a figure takes at least two characters: the work per character has a ceiling
    that no length can raise (a quadratic step exceeds it from a few kilobytes on)."""
    piece = " ".join(unit) + " "
    text = (piece * (size // len(piece) + 1))[:size]
    assert work(text, max_chars=None, max_figures=None) <= PER_FIGURE / 2 * len(text)


@pytest.mark.parametrize("make", HOSTILE, ids=lambda f: f.__name__)
def test_a_hostile_megabyte_finishes(make):
    """A guard against the quadratic case only (speed is in benchmarks/bench_hostile.py): 1 MB
    of hostile text, read as shipped, finishes within 20 s on any machine (under 1 s on ours)."""
    text = make(1_000_000)
    t0 = time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ArticleCut)
        extract(text, PUB)
    assert time.process_time() - t0 < 20


# ------------------------------------------------------------------------------------------------
# Limits: never silent
# ------------------------------------------------------------------------------------------------

def test_an_article_above_the_size_limit_is_cut_with_a_warning_naming_it():
    filler = "Talks on the border resumed in Brussels on Tuesday, officials said.\n"
    text = "Two Azerbaijani soldiers were wounded.\n" + filler * (MAX_ARTICLE_CHARS // len(filler) + 10)
    with pytest.warns(ArticleCut) as caught:
        claims = extract(text, PUB, "big")
    end = text.rfind("\n", 0, MAX_ARTICLE_CHARS) + 1  # cut after the last whole paragraph
    assert [str(w.message) for w in caught] == [
        f"article 'big': {len(text):,} characters, above the limit of 200,000; only the first {end:,} were read"]
    assert [(c["side"], c["count"]) for c in claims] == [("azerbaijan", 2)]


def test_an_article_with_too_many_figures_is_read_up_to_the_limit_with_a_warning():
    text = repeated(20_000)
    with pytest.warns(ArticleCut, match=rf"more than {MAX_FIGURES} candidate figures; read up to character"):
        extract(text, PUB, "dense")


def test_articles_within_the_limits_raise_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error", ArticleCut)
        for path in REAL:
            for line in path.open(encoding="utf-8"):
                extract(json.loads(line)["text"], PUB)


def test_the_cli_names_the_file_it_cut(tmp_path, capsys):
    f = tmp_path / "dump.txt"
    f.write_text("Two Azerbaijani soldiers were wounded.\n" + repeated(MAX_ARTICLE_CHARS + 5_000), encoding="utf-8")
    out = io.StringIO()
    assert cli_extract([str(f)], "2022-09-14", "jsonl", out) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2  # the size and then the figures
    assert all(line.startswith(f"casualties extract: {f}: article 'dump': ") for line in err)
    assert '"count": 2' in out.getvalue()


# ------------------------------------------------------------------------------------------------
# A corpus on disk: one process, Dask, the batch API
# ------------------------------------------------------------------------------------------------

def _real_articles() -> pd.DataFrame:
    rows = [json.loads(line) for path in REAL for line in path.open(encoding="utf-8")]
    return pd.DataFrame({"article_id": [r["id"] for r in rows], "text": [r["text"] for r in rows],
                         "published": [dt.date.fromisoformat(r["published"]) for r in rows]})


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The real labelled articles as a corpus of two Parquet files with row groups of 25 articles."""
    folder = tmp_path_factory.mktemp("corpus")
    df = _real_articles()
    half = len(df) // 2
    for i, part in enumerate((df.iloc[:half], df.iloc[half:])):
        table = pa.Table.from_pandas(part, preserve_index=False).cast(
            pa.schema([("article_id", pa.string()), ("text", pa.string()), ("published", pa.date32())]))
        pq.write_table(table, folder / f"articles-{i}.parquet", row_group_size=25)
    return folder


def _sorted_bytes(table: pa.Table) -> bytes:
    """The claims, sorted by claim id, as Parquet bytes: what 'byte-identical' compares."""
    sink = pa.BufferOutputStream()
    pq.write_table(table.sort_by("claim_id").combine_chunks(), sink)
    return sink.getvalue().to_pybytes()


def _written(out: Path) -> pa.Table:
    return pa.concat_tables([pq.read_table(p) for p in sorted(out.glob("part-*.parquet"))])


@pytest.fixture(scope="module")
def one_process(corpus, tmp_path_factory) -> Path:
    from casualties.cli import main

    out = tmp_path_factory.mktemp("one") / "claims"
    assert main(["extract", str(corpus), "--out", str(out)]) == 0
    return out


def test_the_corpus_cli_writes_typed_parts_with_every_claim(one_process):
    parts = sorted(one_process.glob("part-*.parquet"))
    assert len(parts) == 8  # 166 articles: 83 per file, row groups of 25
    table = _written(one_process)
    assert table.schema.equals(arrow_schema(EXTRACTED), check_metadata=False)
    assert pq.read_schema(parts[0]).field("side").metadata[b"description"]
    assert table.num_rows > 100 and len(set(table.column("claim_id").to_pylist())) == table.num_rows
    # the same rows as the batch API over the whole table at once
    batch = to_arrow(claims_frame(_real_articles()), EXTRACTED)
    assert _sorted_bytes(table) == _sorted_bytes(batch)
    # read back with the loader's dtypes, in claim id order
    back = read_claims(one_process)
    assert back["claim_id"].tolist() == sorted(table.column("claim_id").to_pylist())
    assert str(back["side"].dtype) == "category" and str(back["count"].dtype) == "Int64"


def test_two_dask_workers_write_the_same_bytes_as_one_process(corpus, one_process, tmp_path):
    pytest.importorskip("dask.distributed")
    from casualties.cli import main

    out = tmp_path / "claims"
    assert main(["extract", str(corpus), "--out", str(out), "--workers", "2"]) == 0
    _same_parts(out, one_process)


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="no CPU affinity on this system")
def test_workers_on_fewer_cores_than_workers_get_a_note_and_the_same_bytes(corpus, one_process, tmp_path):
    """A CPU affinity passes from a process to the workers it starts: two workers on one core take
    turns (the benchmark once ran them so, and measured them slower than one process). The
    command says so in one line, and the claims do not change."""
    pytest.importorskip("dask.distributed")
    out = tmp_path / "claims"
    code = "import sys; from casualties.cli import main; sys.exit(main(sys.argv[1:]))"
    one_core = {min(os.sched_getaffinity(0))}
    run = subprocess.run([sys.executable, "-c", code, "extract", str(corpus), "--out", str(out), "--workers", "2"],
                         capture_output=True, text=True, preexec_fn=lambda: os.sched_setaffinity(0, one_core))
    lines = run.stderr.splitlines()
    assert run.returncode == 0, run.stderr
    assert lines[0] == ("casualties extract: note: 2 workers on 1 core (this process's CPU affinity): they take "
                        "turns, no faster than one process")
    assert "(2 Dask workers on 1 core, " in lines[-1]
    _same_parts(out, one_process)


def _same_parts(out: Path, reference: Path) -> None:
    """The same part files, byte for byte: the parts are the same units of work wherever they ran."""
    ones = sorted(reference.glob("part-*.parquet"))
    assert [p.name for p in sorted(out.glob("part-*.parquet"))] == [p.name for p in ones]
    for p in ones:
        assert (out / p.name).read_bytes() == p.read_bytes()


def test_an_existing_cluster_and_extract_dask_give_the_same_claims(corpus, one_process, tmp_path):
    dd = pytest.importorskip("dask.dataframe")
    from dask.distributed import Client, LocalCluster

    from casualties.cli import main
    from casualties.extract import extract_dask

    # workers in this process (threads) start in a second; the --workers test above runs processes
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        out = tmp_path / "claims"
        assert main(["extract", str(corpus), "--out", str(out), "--scheduler", cluster.scheduler_address]) == 0
        _same_parts(out, one_process)
        with Client(cluster):
            claims = extract_dask(dd.from_pandas(_real_articles(), npartitions=3))
            assert list(claims.columns) == EXTRACTED.names
            got = claims.compute()
    assert _sorted_bytes(to_arrow(got, EXTRACTED)) == _sorted_bytes(_written(one_process))


def test_bad_corpora_get_one_line_naming_the_file(tmp_path, cli):
    bad = tmp_path / "bad.parquet"
    pq.write_table(pa.table({"article_id": ["a"], "body": ["x"], "published": [None]}), bad)
    status, out, err = cli("extract", bad, "--out", tmp_path / "o")
    assert status == 2 and err == f"casualties extract: {bad}: no column 'text' (a corpus needs article_id, text, published)\n"
    notparquet = tmp_path / "x.parquet"
    notparquet.write_text("article_id,text\n")
    status, out, err = cli("extract", notparquet, "--out", tmp_path / "o")
    assert status == 2 and err.startswith(f"casualties extract: {notparquet}: not a Parquet file")
    assert not (tmp_path / "o").exists()
    numbers = tmp_path / "numbers.parquet"
    pq.write_table(pa.table({"article_id": ["a"], "text": [7], "published": [None]}), numbers)
    status, out, err = cli("extract", numbers, "--out", tmp_path / "o")
    assert status == 2 and err == f"casualties extract: {numbers}: column 'text' holds int64, not text\n"
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "old.parquet").write_bytes(b"")
    status, out, err = cli("extract", bad, "--out", tmp_path / "full")
    assert status == 2 and "already exists and is not an empty folder" in err
    status, out, err = cli("extract", bad, "--workers", "2")
    assert status == 2 and "need --out DIR" in err


def test_a_cut_article_in_a_corpus_is_named_with_its_file(tmp_path, cli):
    src = tmp_path / "c.parquet"
    pq.write_table(pa.table({"article_id": ["ok", "dump"], "published": pa.array([PUB, PUB], pa.date32()),
                             "text": ["Two Azerbaijani soldiers were wounded.", "x " * MAX_ARTICLE_CHARS]}), src)
    status, out, err = cli("extract", src, "--out", tmp_path / "o")
    lines = err.splitlines()
    assert status == 0
    assert lines[0] == (f"casualties extract: {src} (row group 0): article 'dump': 400,000 characters, above "
                        "the limit of 200,000; only the first 200,000 were read")
    assert lines[1].startswith("2 articles, 1 claims, 1 parts written to")


def test_import_casualties_does_not_import_dask():
    code = ("import sys, casualties, casualties.extract, casualties.extract.scale; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
