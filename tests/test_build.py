"""The build end to end: summary, determinism, committed output up to date, atomic failure."""

import json

import pytest

from casualties import build, schema
from conftest import REPO, digest


def test_fresh_build_reproduces_the_committed_files_exactly(tmp_path):
    """A forgotten rebuild (inputs changed, Parquet not) fails here."""
    tables = build.build_tables(REPO)
    build.write_atomic(tables, tmp_path)
    committed = REPO / "data" / "processed"
    for name in [f"{t}.parquet" for t in schema.TABLES] + ["release.json"]:
        assert (tmp_path / name).read_bytes() == (committed / name).read_bytes(), (
            f"{name} is stale: run `uv run casualties build` and commit data/processed/")
    assert sorted(p.name for p in committed.iterdir()) == sorted(p.name for p in tmp_path.iterdir())


def test_two_builds_give_identical_bytes(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    build.write_atomic(build.build_tables(REPO), a)
    build.write_atomic(build.build_tables(REPO), b)
    assert digest(a) == digest(b)


def test_build_command_prints_a_summary_and_writes(cli, project):
    for p in (project / "data/processed").iterdir():
        p.unlink()
    status, out, err = cli("--root", project, "build")
    assert status == 0, err
    for name in schema.TABLES:
        assert f"{name} " in out
        assert (project / "data/processed" / f"{name}.parquet").exists()
    assert "checks:" in out and "passed" in out and str(project / "data/processed") in out
    # A second build changes nothing and says so.
    status, out, _ = cli("--root", project, "build")
    assert status == 0 and "identical bytes" in out


def test_failed_validation_leaves_processed_untouched(cli, project):
    suite = project / "expectations" / "events.json"
    data = json.loads(suite.read_text())
    for exp in data["expectations"]:
        if exp["type"] == "expect_table_row_count_to_be_between":
            exp["kwargs"]["min_value"] = 100000
    suite.write_text(json.dumps(data))
    before = digest(project / "data/processed")
    status, out, err = cli("--root", project, "build")
    assert status == 1
    assert "FAIL events: expect_table_row_count_to_be_between" in err
    assert "left unchanged" in err
    assert digest(project / "data/processed") == before


def test_unknown_expectation_type_is_refused_not_dropped(cli, project):
    suite = project / "expectations" / "claims.json"
    data = json.loads(suite.read_text())
    data["expectations"].append({"type": "expect_column_values_to_be_wonderful", "kwargs": {"column": "count"},
                                 "meta": {"reason": "typo in a type name", "tier": "quality"}})
    suite.write_text(json.dumps(data))
    before = digest(project / "data/processed")
    status, _, err = cli("--root", project, "build")
    assert status == 1
    assert "claims.json" in err and "wonderful" in err and "Traceback" not in err
    assert digest(project / "data/processed") == before


def test_write_failure_midway_keeps_old_files(project, monkeypatch):
    """If writing the temporary files fails, nothing in data/processed/ is replaced."""
    tables = build.build_tables(project)
    before = digest(project / "data/processed")
    calls = []

    def broken(table, path, **kwargs):
        calls.append(path)
        if len(calls) == 3:
            raise OSError("disk full")
        return real(table, path, **kwargs)

    import pyarrow.parquet as pq
    real = pq.write_table
    monkeypatch.setattr(pq, "write_table", broken)
    tables["claims"] = tables["claims"].iloc[:10]
    with pytest.raises(OSError):
        build.write_atomic(tables, project / "data/processed")
    assert digest(project / "data/processed") == before
    assert not list((project / "data").glob(".build-*"))


def test_every_claim_cites_a_source_or_span():
    import casualties

    c = casualties.load_claims()
    cited = c["source_url"].notna() & c["source_outlet"].notna()
    spanned = c["article_id"].notna() & c["evidence_start"].notna()
    assert (cited | spanned).all()
    spans = c[spanned]
    texts = {a: (REPO / "data/raw/articles" / f"{a}.txt").read_text(encoding="utf-8") for a in set(spans["article_id"])}
    for _, row in spans.iterrows():
        assert texts[row["article_id"]][row["evidence_start"]:row["evidence_end"]] == row["evidence_text"]
