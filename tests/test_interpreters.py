"""The extractor gives the same claims on every CPython the project supports (3.11 and newer).

Its rules are regular expressions, and the regex engine has changed within 3.11: before 3.11.5 a
possessive repeat could pass a look-ahead that failed inside it (CPython gh-106052). On Debian 12's
Python 3.11.2 that changed the claims of 191 of the 2,535 texts read here, until patterns.py stopped
relying on one. So every labelled text and seed article is extracted in this process and again
under each other CPython 3.11+ on the machine (Debian's, those on the PATH, pyenv's), and the claims
must be equal. The extractor needs only the standard library, so another interpreter reads it
straight from ``src/``. Debian's own ``/usr/bin/python3.11`` (3.11.2 on Debian 12, the oldest 3.11 a
user is likely to have) must be among them under CI, where .ci/run installs it; elsewhere the test is
skipped when no other interpreter is found.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casualties.extract import extract

REPO = Path(__file__).resolve().parents[1]
DEBIAN_PYTHON = "/usr/bin/python3.11"

#: extracts every text of the file named by argv[1] (JSON lines of [key, text, published]) and
#: prints one JSON line of claims per text
_EXTRACT_ALL = """
import datetime as dt, json, sys
from casualties.extract import extract
for line in open(sys.argv[1], encoding="utf-8"):
    key, text, published = json.loads(line)
    print(json.dumps(extract(text, dt.date.fromisoformat(published), key), default=str, sort_keys=True))
"""


def _texts() -> list[tuple[str, str, str]]:
    """(key, text, published) of every labelled extraction text and every seed article."""
    texts = []
    for path in sorted((REPO / "tests/data/extraction").rglob("*.jsonl")):
        for i, line in enumerate(path.open(encoding="utf-8")):
            row = json.loads(line)
            if row.get("text"):
                texts.append((f"{path.name}:{i}", row["text"], (row.get("published") or "2022-09-14")[:10]))
    for path in sorted((REPO / "data/raw/articles").glob("*.txt")):
        texts.append((path.name, path.read_text(encoding="utf-8"), "2022-09-14"))
    return texts


def _version(exe: str) -> str | None:
    """The version of the CPython 3.11+ at ``exe`` ("3.11.2"), or None if it is none or does not run
    (a pyenv shim of a version that is not selected, say)."""
    try:
        done = subprocess.run([exe, "-c", "import sys; print(sys.implementation.name, *sys.version_info[:3])"],
                              capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    name, *parts = done.stdout.split() or ["none"]
    if done.returncode or name != "cpython" or tuple(map(int, parts[:2])) < (3, 11):
        return None
    return ".".join(parts)


def _other_pythons() -> dict[str, str]:
    """{version: executable} of the CPythons 3.11+ on this machine other than this one's version:
    Debian's, those on the PATH, and pyenv's."""
    here = ".".join(map(str, sys.version_info[:3]))
    pyenv = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
    found: dict[str, str] = {}
    for exe in (DEBIAN_PYTHON, *(shutil.which(f"python3.{minor}") for minor in range(11, 15)),
                *map(str, sorted(pyenv.glob("3.*/bin/python3")))):
        if exe and os.path.exists(exe):
            version = _version(exe)
            if version and version != here:
                found.setdefault(version, exe)
    return found


def test_the_claims_are_the_same_under_every_other_python_on_the_machine(tmp_path):
    others = _other_pythons()
    if os.environ.get("CI") and _version(DEBIAN_PYTHON) is None:
        pytest.fail(f"{DEBIAN_PYTHON} is missing under CI: .ci/run installs it (apt-get install python3.11)")
    if not others:
        pytest.skip("no other CPython 3.11+ on this machine (Debian's: apt-get install python3.11); CI runs this test")
    texts = _texts()
    corpus = tmp_path / "texts.jsonl"
    corpus.write_text("".join(json.dumps(t) + "\n" for t in texts), encoding="utf-8")
    expected = [json.dumps(extract(text, dt.date.fromisoformat(published), key), default=str, sort_keys=True)
                for key, text, published in texts]
    assert sum(line != "[]" for line in expected) > 1000  # the comparison is over real claims
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    for version, exe in sorted(others.items()):
        done = subprocess.run([exe, "-s", "-c", _EXTRACT_ALL, str(corpus)], capture_output=True, text=True,
                              env=env, timeout=300)
        assert done.returncode == 0, (version, done.stderr[-2000:])
        got = done.stdout.splitlines()
        assert len(got) == len(texts), version
        differ = [key for (key, _, _), a, b in zip(texts, got, expected) if a != b]
        assert not differ, f"Python {version} ({exe}) gives other claims for {len(differ)} texts: {differ[:5]}"
