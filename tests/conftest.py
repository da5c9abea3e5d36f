"""Shared fixtures: a scratch copy of the real project inputs, and a CLI runner."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from casualties.cli import main

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the real data/ and expectations/ to break things in."""
    for part in ("data/raw", "data/processed", "expectations"):
        shutil.copytree(REPO / part, tmp_path / part)
    return tmp_path


def digest(folder: Path) -> dict[str, str]:
    """SHA-256 of every file in a folder, to prove a failed build changed nothing."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture
def cli(capsys):
    """Run the casualties command in-process; returns (exit status, stdout, stderr)."""

    def run(*args: str):
        status = main([str(a) for a in args])
        out = capsys.readouterr()
        return status, out.out, out.err

    return run
