"""The wheel, installed outside the repository, as a new user gets it.

The wheel is built without a network by calling hatchling (from the dev group) directly, not in an
isolated build environment. Each interpreter gets a fresh virtual environment outside the repository
with the locked versions of the core dependencies only (`uv sync --frozen` into that folder, read
from uv's cache when it holds them), then the wheel. The first run on a machine may need the
registry to fetch the wheels of pandas and pyarrow for Python 3.12 and 3.13; without a registry such
a test is skipped with that reason, except in CI (CI=true), where it must run.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import casualties
from casualties import schema
from conftest import REPO

pytestmark = pytest.mark.skipif(shutil.which("uv") is None, reason="needs uv to make the environments")

#: What the core install may bring: the two declared dependencies and what they need.
CORE = {"casualties", "numpy", "pandas", "pyarrow", "python-dateutil", "six", "tzdata"}
#: Packages that must come only with an extra.
HEAVY = ("great-expectations", "matplotlib", "scipy", "altair", "tqdm", "jupyter", "ipython")
#: uv's words when it could not reach the registry.
NO_NETWORK = re.compile(r"error sending request|dns error|Connect|timed out|Network is unreachable|"
                        r"Failed to fetch|Network connectivity is disabled", re.I)


def interpreter(minor: str) -> str | None:
    """Python 3.<minor>: the newest pyenv build, else python3.<minor> on PATH, else None."""
    root = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
    found = sorted(glob.glob(f"{root}/versions/3.{minor}.*/bin/python3.{minor}"),
                   key=lambda p: [int(x) for x in re.findall(r"\d+", Path(p).parents[1].name)])
    candidates = found[-1:] + [shutil.which(f"python3.{minor}")]
    for exe in filter(None, candidates):
        run = subprocess.run([exe, "-c", "import sys; print(sys.version_info[1])"], capture_output=True, text=True)
        if run.returncode == 0 and run.stdout.strip() == minor:
            return exe
    return None


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel built from this checkout by hatchling, in-process and offline."""
    out = tmp_path_factory.mktemp("dist")
    code = f"from hatchling.build import build_wheel; print(build_wheel({str(out)!r}))"
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, capture_output=True, text=True)
    return next(out.glob("casualties-*.whl"))


def make_env(folder: Path, python: str, wheel: Path, extras: tuple[str, ...] = ()) -> Path:
    """A virtual environment in `folder` with the locked core dependencies (+ extras) and the wheel."""
    flags = [f"--extra={e}" for e in extras]
    sync = ["uv", "sync", "--frozen", "--no-default-groups", "--no-install-project", "--python", python, *flags]
    env = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(folder)}
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run([*sync, "--offline"], cwd=REPO, env=env, capture_output=True, text=True)
    if done.returncode != 0:  # not all in uv's cache: fetch what is missing
        done = subprocess.run(sync, cwd=REPO, env={**env, "UV_HTTP_TIMEOUT": "20"}, capture_output=True, text=True)
    if done.returncode != 0:
        causes = [line.strip() for line in done.stderr.splitlines() if "cause:" in line] or [""]
        if NO_NETWORK.search(done.stderr) and not os.environ.get("CI"):
            pytest.skip(f"the locked wheels for {Path(python).name} are not in uv's cache and the registry is "
                        f"unreachable ({causes[-1]})")
        pytest.fail(f"uv sync for {python} failed:\n{done.stderr}")
    exe = folder / "bin" / "python"
    subprocess.run(["uv", "pip", "install", "--offline", "--no-deps", "--python", str(exe), str(wheel)],
                   check=True, capture_output=True, text=True)
    return exe


def installed(exe: Path) -> set[str]:
    out = subprocess.run(["uv", "pip", "freeze", "--python", str(exe)], capture_output=True, text=True, check=True)
    return {re.split(r"[=@ ]", line)[0].lower().replace("_", "-") for line in out.stdout.split("\n") if line}


def run_in(exe: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the installed `casualties` command (or python -c) in `cwd`, outside the repository."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    cmd = [str(exe.parent / "casualties"), *args] if args[0] != "-c" else [str(exe), *args]
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)


def wheel_requirements(wheel: Path) -> tuple[set[str], set[str]]:
    """(core requirements, extras) declared in the wheel's METADATA."""
    with zipfile.ZipFile(wheel) as z:
        meta = z.read(f"casualties-{schema.DATASET_VERSION}.dist-info/METADATA").decode()
    core = {re.match(r"[A-Za-z0-9_.-]+", line.split(": ", 1)[1]).group(0).lower()
            for line in meta.splitlines() if line.startswith("Requires-Dist:") and "extra ==" not in line}
    extras = {line.split(": ", 1)[1] for line in meta.splitlines() if line.startswith("Provides-Extra:")}
    return core, extras


def test_the_wheel_declares_pandas_and_pyarrow_only_and_ships_the_data(wheel):
    core, extras = wheel_requirements(wheel)
    assert core == {"pandas", "pyarrow"}
    assert extras == {"charts", "build", "scale"}
    names = zipfile.ZipFile(wheel).namelist()
    for name in schema.TABLES:
        assert f"casualties/data/{name}.parquet" in names
        assert f"casualties/expectations/{name}.json" in names
    assert {"casualties/docs/methodology.md", "casualties/docs/CHANGELOG.md"} <= set(names)
    assert not [n for n in names if n.startswith("tests/") or "/tests/" in n]


@pytest.mark.parametrize("minor", ["11", "12", "13"])
def test_core_install_loads_the_data_and_makes_series_outside_the_repo(minor, wheel, tmp_path):
    python = interpreter(minor)
    if python is None:
        pytest.skip(f"Python 3.{minor} is not on this machine")
    exe = make_env(tmp_path / "venv", python, wheel)
    have = installed(exe)
    assert not [p for p in HEAVY if p in have], f"core install pulled in {sorted(have & set(HEAVY))}"
    assert have <= CORE, f"unexpected packages in the core install: {sorted(have - CORE)}"
    check = subprocess.run(["uv", "pip", "check", "--python", str(exe)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr

    code = ("import json, casualties, casualties.load as load; c = casualties.load_claims(); "
            "s = casualties.series(freq='year', measure='killed', by=None); "
            "print(json.dumps([casualties.__version__, len(c), [int(v) for v in s], load.data_dir().as_posix()]))")
    out = run_in(exe, tmp_path, "-c", code)
    assert out.returncode == 0, out.stderr
    version, n_claims, yearly, where = json.loads(out.stdout)
    assert version == schema.DATASET_VERSION
    assert n_claims == len(casualties.load_claims())
    assert yearly == [int(v) for v in casualties.series(freq="year", measure="killed", by=None)]
    assert where.startswith(tmp_path.as_posix()) and "site-packages/casualties/data" in where


@pytest.fixture(scope="module")
def core_env(wheel, tmp_path_factory) -> Path:
    """The project's own interpreter, with the wheel and its core dependencies only."""
    return make_env(tmp_path_factory.mktemp("core") / "venv", sys.executable, wheel)


@pytest.fixture(scope="module")
def full_env(wheel, tmp_path_factory) -> Path:
    """The project's own interpreter, with the wheel and both extras."""
    return make_env(tmp_path_factory.mktemp("full") / "venv", sys.executable, wheel, ("charts", "build"))


@pytest.mark.parametrize("command, extra", [("charts", "charts"), ("validate", "build")])
def test_a_command_that_needs_a_missing_extra_says_which(core_env, tmp_path, command, extra):
    args = [command, "--out", str(tmp_path / "out")] if command == "charts" else [command]
    out = run_in(core_env, tmp_path, *args)
    assert out.returncode == 2
    assert out.stderr == f"casualties {command} needs the '{extra}' extra: pip install 'casualties[{extra}]'\n"
    assert not (tmp_path / "out").exists()


def test_export_from_the_core_install_passes_frictionless(core_env, tmp_path):
    out = run_in(core_env, tmp_path, "export", "--out", "bundle")
    assert out.returncode == 0, out.stderr
    frictionless = Path(sys.executable).parent / "frictionless"
    check = subprocess.run([str(frictionless), "validate", "--json", str(tmp_path / "bundle" / "datapackage.json")],
                           capture_output=True, text=True, cwd=tmp_path)
    report = json.loads(check.stdout)
    assert report["valid"], check.stdout[:2000]
    assert json.loads((tmp_path / "bundle" / "datapackage.json").read_text())["version"] == schema.DATASET_VERSION


@pytest.mark.parametrize("command", ["build", "suites", "eval"])
def test_repository_commands_say_they_need_a_checkout(full_env, tmp_path, command):
    out = run_in(full_env, tmp_path, command)
    assert out.returncode == 2
    assert out.stdout == ""
    assert len(out.stderr.splitlines()) == 1 and "needs a repository checkout" in out.stderr, out.stderr
    assert "Traceback" not in out.stderr
    assert list(tmp_path.iterdir()) == []


def test_validate_checks_the_packaged_files(full_env, tmp_path):
    out = run_in(full_env, tmp_path, "validate")
    assert out.returncode == 0, out.stderr
    *checks, last = out.stdout.splitlines()
    assert "site-packages/casualties/data" in out.stderr and "site-packages/casualties/expectations" in out.stderr
    assert re.fullmatch(r"(\d+) passed, 0 failed", last)
    assert int(last.split()[0]) == len(checks) > 100


def test_charts_work_outside_the_repo_without_tests_data(full_env, tmp_path):
    out = run_in(full_env, tmp_path, "charts", "--out", "charts")
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    written = {p.name for p in (tmp_path / "charts").iterdir()}
    for name in ("escalation", "incidents", "cumulative", "claims_gap"):
        assert {f"{name}.svg", f"{name}.png"} <= written
    assert "index.html" in written
    page = (tmp_path / "charts" / "index.html").read_text(encoding="utf-8")
    assert f"Dataset version {schema.DATASET_VERSION}" in page
