"""Notebooks: committed without outputs, and each runs top to bottom on the committed data."""

import os
import re
import time
from pathlib import Path

import nbformat
import pytest

from conftest import REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
KERNEL = "python3"
TIME_LIMIT = 30  # seconds per notebook, kernel start included: keep them fast enough for every CI run


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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path, kernel_name, tmp_path):
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    # run in a scratch folder: a notebook must not depend on, or write into, the working directory
    NotebookClient(nb, kernel_name=kernel_name, timeout=TIME_LIMIT,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    elapsed = time.perf_counter() - start
    assert elapsed < TIME_LIMIT, f"{path.name} took {elapsed:.1f} s"
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    images = sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    displayed = [c for c in nb.cells if c.cell_type == "code"
                 and re.fullmatch(r"charts\.(escalation|incidents|cumulative|claims_gap|extraction_quality)\(.*\)",
                                  c.source.strip().splitlines()[-1])]
    assert images >= len(displayed), f"{path.name}: a chart cell shows no image"  # Figures display inline
    assert list(tmp_path.iterdir()) == [], f"{path.name} wrote into its working directory"
