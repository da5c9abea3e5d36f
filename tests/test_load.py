"""Loaders return typed frames; importing the package is cheap (the wheel: tests/test_wheel.py)."""

import shutil
import subprocess
import sys

import pandas as pd
import pytest

import casualties
from casualties import schema
from conftest import REPO


@pytest.mark.parametrize("name", list(schema.TABLES))
def test_loader_dtypes_follow_the_schema(name):
    df = getattr(casualties, f"load_{name}")()
    assert list(df.columns) == schema.TABLES[name].names
    assert len(df) > 0
    for col in schema.TABLES[name].columns:
        dtype = df[col.name].dtype
        if col.dtype == "category":
            assert isinstance(dtype, pd.CategoricalDtype)
            assert list(dtype.categories) == list(col.values)
        elif col.dtype == "int":
            assert dtype == pd.Int64Dtype()
        elif col.dtype == "float":
            assert dtype == pd.Float64Dtype()
        elif col.dtype == "bool":
            assert dtype == pd.BooleanDtype()
        elif col.dtype == "date":
            assert dtype == "datetime64[s]"
        else:
            assert isinstance(dtype, pd.StringDtype)
    key = list(schema.TABLES[name].primary_key)
    assert not df.duplicated(key).any()


def test_loader_accepts_a_path(tmp_path):
    shutil.copy(REPO / "data/processed/events.parquet", tmp_path / "events.parquet")
    assert len(casualties.load_events(tmp_path)) == len(casualties.load_events())


def test_import_does_not_pull_in_heavy_or_interactive_modules():
    code = ("import sys, casualties; heavy = ('great_expectations', 'matplotlib', 'IPython', 'ipykernel', "
            "'jupyter', 'jupyterlab', 'notebook', 'tqdm'); "
            "print(sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in heavy}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_import_does_no_io_and_leaves_charts_for_later():
    code = ("import sys, casualties; assert 'casualties.charts' not in sys.modules; "
            "assert 'pyarrow.parquet' not in sys.modules; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr
