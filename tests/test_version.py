"""One version: DATASET_VERSION in schema.py is the package's, the wheel's, the citation's and the README's."""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
import tomllib
import zipfile

import yaml

import casualties
from casualties import schema
from conftest import REPO


def test_the_version_is_written_once():
    assert re.fullmatch(r"\d+\.\d+\.\d+", schema.DATASET_VERSION)
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and project["dynamic"] == ["version"]
    spelled = [p.name for p in (REPO / "src" / "casualties").glob("*.py")
               if schema.DATASET_VERSION in p.read_text(encoding="utf-8")]
    assert spelled == ["schema.py"]


def test_the_package_and_its_installed_metadata_agree():
    assert casualties.__version__ == schema.DATASET_VERSION
    assert importlib.metadata.version("casualties") == schema.DATASET_VERSION


def test_the_built_wheel_carries_the_dataset_version(tmp_path):
    code = f"from hatchling.build import build_wheel; print(build_wheel({str(tmp_path)!r}))"
    name = subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, capture_output=True,
                          text=True).stdout.strip().splitlines()[-1]
    assert name == f"casualties-{schema.DATASET_VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(tmp_path / name) as z:
        meta = z.read(f"casualties-{schema.DATASET_VERSION}.dist-info/METADATA").decode()
    assert f"\nVersion: {schema.DATASET_VERSION}\n" in meta


def test_citation_cff_cites_this_version():
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert str(cff["version"]) == schema.DATASET_VERSION
    assert cff["type"] == "dataset" and cff["license"] == "CC-BY-4.0"
    assert cff["title"] and cff["message"] and cff["authors"]
    assert all(a.get("name") or a.get("family-names") for a in cff["authors"])


def test_readme_changelog_and_codebook_name_this_version():
    assert f"dataset version {schema.DATASET_VERSION}" in (REPO / "README.md").read_text(encoding="utf-8")
    assert f"\n## {schema.DATASET_VERSION} " in (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"Dataset version {schema.DATASET_VERSION}." in (REPO / "docs" / "codebook.md").read_text(encoding="utf-8")


def test_the_readme_install_commands_name_the_current_wheel():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    named = re.findall(r"casualties-(\d+\.\d+\.\d+)-py3-none-any\.whl", readme)
    assert named and set(named) == {schema.DATASET_VERSION}
