"""The README's numbers are the ones the code prints, and its commands are the ones CI runs."""

import re

from casualties.timeseries import yearly_table
from conftest import REPO

SIDES = {"armenia": "Armenia", "azerbaijan": "Azerbaijan", "karabakh": "Karabakh Armenians",
         "russia": "Russian peacekeepers", "combined": "both sides, not split", "unknown": "side unknown"}


def glance_markdown() -> str:
    """The 'at a glance' table as it must appear in the README."""
    t = yearly_table()
    head = "| year | " + " | ".join(f"{m} — {SIDES[s]}" for m, s in t.columns) + " |"
    rule = "|---|" + "---:|" * len(t.columns)
    rows = [f"| {year} | " + " | ".join(str(int(v)) for v in row) + " |" for year, row in t.iterrows()]
    total = "| **2021–2024** | " + " | ".join(f"**{int(v)}**" for v in t.sum()) + " |"
    return "\n".join([head, rule, *rows, total])


def test_readme_glance_table_matches_the_data():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- glance:start -->\n(.*?)\n<!-- glance:end -->", text, re.S)
    assert block, "README lacks the glance markers"
    assert block.group(1) == glance_markdown(), "README numbers drifted: paste tests/test_readme.glance_markdown()"


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "uv run pytest" in readme and "uv run casualties build" in readme
    assert ci.strip().splitlines()[-1] == "uv run pytest"


def test_readme_cites_the_current_dataset_version():
    from casualties import __version__

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"dataset version {__version__}" in readme
    assert f"## {__version__}" in (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
