"""The raw corpus is kept byte-for-byte: the manifest's hashes match the files and the seeds."""

import csv
import hashlib

import pytest

from conftest import REPO

ARTICLES = REPO / "data" / "raw" / "articles"
SEEDS = REPO.parent / "shared" / "seeds"


def manifest():
    with open(ARTICLES / "manifest.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_manifest_hashes_match_the_files():
    rows = manifest()
    assert len(rows) >= 5
    for row in rows:
        data = (ARTICLES / row["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"], row["file"]


def test_every_article_is_in_the_manifest():
    listed = {r["file"] for r in manifest()}
    assert {p.name for p in ARTICLES.glob("*.txt")} == listed


def test_manifest_says_how_each_date_was_found():
    for row in manifest():
        assert row["published_basis"] in ("byline", "page_header", "content")
        assert row["note"], f"{row['article_id']} has no provenance note"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the user's seed folder is not beside this checkout")
def test_seed_articles_are_copied_byte_for_byte():
    for seed in sorted(SEEDS.glob("*.txt")):
        assert (ARTICLES / seed.name).read_bytes() == seed.read_bytes()
