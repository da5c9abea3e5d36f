"""Notebooks: committed without outputs, and each runs top to bottom on the committed data."""

import os
import re
from html.parser import HTMLParser

import nbformat
import pytest

from conftest import REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
KERNEL = "python3"
HANG_GUARD = 600  # seconds per cell: only stops a hung kernel; speed is measured in docs/benchmarks.md, not here


def test_the_three_notebooks_are_there():
    assert [p.name for p in NOTEBOOKS] == ["01_escalation_2021_2024.ipynb", "02_claims_and_disagreement.ipynb",
                                           "03_using_the_dataset.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebook_has_no_outputs(path):
    """Outputs stay out of git: diffs show code and text only (clear them before committing)."""
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == KERNEL
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name} cell {i} has outputs"
            assert cell.execution_count is None, f"{path.name} cell {i} has an execution count"
        assert not cell.get("attachments"), f"{path.name} cell {i} has attachments"


@pytest.fixture(scope="session")
def kernel_name(tmp_path_factory):
    """The python3 kernel; when the environment has no spec for it, install one in a temp dir (no network)."""
    from jupyter_client.kernelspec import KernelSpecManager

    if KERNEL not in KernelSpecManager().find_kernel_specs():
        from ipykernel.kernelspec import install

        prefix = tmp_path_factory.mktemp("jupyter")
        install(prefix=str(prefix), kernel_name=KERNEL)
        os.environ["JUPYTER_PATH"] = os.pathsep.join(
            [str(prefix / "share" / "jupyter"), os.environ.get("JUPYTER_PATH", "")]).rstrip(os.pathsep)
        assert KERNEL in KernelSpecManager().find_kernel_specs()
    return KERNEL


#: A table fits the page when its columns' longest unbreakable words, plus two characters of padding each,
#: add up to at most this many characters: JupyterLab wraps table cells at spaces, and its output area is
#: about 900 px wide, some 110 characters of its table font.
PAGE_CHARS = 110


class _Tables(HTMLParser):
    """The cells of every <table> in an HTML output, as text: [[row of cells], ...] per table."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._cell = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1].append(self._cell.strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def table_problems(html: str) -> list[str]:
    """Why a DataFrame's HTML would not read on the page: too wide, a cell cut short, or a 'NaN'."""
    parser = _Tables()
    parser.feed(html)
    problems = []
    for rows in parser.tables:
        ncols = max((len(r) for r in rows), default=0)
        widths = [2 + max((len(word) for r in rows if j < len(r) for word in (r[j].split() or [""])), default=0)
                  for j in range(ncols)]
        if sum(widths) > PAGE_CHARS:
            problems.append(f"table {sum(widths)} characters wide: {rows[0] if rows else ''}")
        problems += [f"cell cut short: {c!r}" for r in rows for c in r if c.endswith("...")]
        problems += [f"NaN shown: {r}" for r in rows if "NaN" in r]
    return problems


def test_the_table_rule_sees_wide_cut_and_nan_tables():
    import pandas as pd

    wide = pd.DataFrame([["x" * 12] * 10], columns=[f"column_{i}" for i in range(10)])._repr_html_()
    with pd.option_context("display.max_colwidth", 20):
        cut = pd.DataFrame({"description": ["a " * 40]})._repr_html_()
    nan = pd.DataFrame({"unit": [float("nan"), "people"]})._repr_html_()  # what `c.unit` gave in notebook 03
    assert table_problems(wide)[0].startswith("table 143 characters wide")  # 10 x (12 + 2), index 1 + 2
    assert [p[:15] for p in table_problems(cut)] == ["cell cut short:"]
    assert table_problems(nan) == ["NaN shown: ['0', 'NaN']"]
    with pd.option_context("display.max_colwidth", None):
        assert table_problems(pd.DataFrame({"description": ["a " * 80]})._repr_html_()) == []  # long text wraps


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path, kernel_name, tmp_path):
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    # run in a scratch folder: a notebook must not depend on, or write into, the working directory
    NotebookClient(nb, kernel_name=kernel_name, timeout=HANG_GUARD,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    images = sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    displayed = [c for c in nb.cells if c.cell_type == "code"
                 and re.fullmatch(r"charts\.(escalation|incidents|cumulative|claims_gap|extraction_quality)\(.*\)",
                                  c.source.strip().splitlines()[-1])]
    assert images >= len(displayed), f"{path.name}: a chart cell shows no image"  # Figures display inline
    assert list(tmp_path.iterdir()) == [], f"{path.name} wrote into its working directory"
    shown = [o["data"]["text/html"] for c in nb.cells if c.cell_type == "code" for o in c.outputs
             if "text/html" in o.get("data", {})]
    assert shown, f"{path.name} shows no table"
    problems = [p for h in shown for p in table_problems(h)]
    assert problems == [], f"{path.name}: {problems}"
