"""The command line explains itself: every command has a description, every option its help."""

from __future__ import annotations

import argparse
import tomllib

import pytest

from casualties import cli as cli_module
from casualties.build import project_root
from conftest import REPO


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = cli_module.parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def options(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in parser._actions if not isinstance(a, (argparse._HelpAction, argparse._SubParsersAction))]


def test_the_commands_are_the_documented_ones():
    assert set(subcommands()) >= {"build", "validate", "extract", "eval", "charts", "export", "suites"}


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_command_has_a_summary_a_description_and_help_on_every_option(name):
    parser = subcommands()[name]
    summary, _, more = (parser.description or "").partition("\n\n")
    assert summary.endswith(".") and len(summary) > 20, parser.description
    assert len(more.split()) >= 8, f"{name}: the description says only {parser.description!r}"
    for action in options(parser):
        assert action.help and len(action.help.split()) >= 3, f"{name} {action.option_strings or action.dest}"


def test_defaults_are_stated_where_an_option_has_one():
    for name, parser in subcommands().items():
        for action in options(parser):
            if action.default not in (None, argparse.SUPPRESS) and not action.required:
                assert "default" in action.help, f"{name} {action.option_strings}: default not stated"


def test_root_states_its_real_default():
    root = next(a for a in options(cli_module.parser()) if a.dest == "root")
    assert "this one" not in root.help
    assert str(project_root()) in root.help
    assert "current directory" in root.help


@pytest.mark.parametrize("name", [None, *sorted(subcommands())])
def test_help_prints_and_exits_zero(capsys, name):
    with pytest.raises(SystemExit) as done:
        cli_module.main([name, "--help"] if name else ["--help"])
    assert done.value.code == 0
    assert "usage: casualties" in capsys.readouterr().out


def test_uv_is_not_asked_to_compile_bytecode_on_every_sync():
    # With compile-bytecode on, every `uv run` printed "Bytecode compiled N files" into the output.
    tool = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["uv"]
    assert not tool.get("compile-bytecode", False)


def test_suites_outside_a_checkout_says_so_in_one_line(cli, tmp_path):
    status, out, err = cli("--root", tmp_path, "suites")
    assert status == 2 and out == ""
    assert err == (f"casualties suites needs a repository checkout (data/raw/ and expectations/), and {tmp_path} "
                   "is not one: run it in a clone of the repository or pass --root\n")
    assert list(tmp_path.iterdir()) == []


def test_build_outside_a_checkout_says_so_in_one_line(cli, tmp_path):
    status, out, err = cli("--root", tmp_path, "build")
    assert status == 2 and out == "" and len(err.splitlines()) == 1
    assert "casualties build needs a repository checkout" in err


def test_a_missing_extra_is_named_with_its_install_command(cli, tmp_path, monkeypatch):
    # As in a core install: matplotlib cannot be found.
    real = cli_module.importlib.util.find_spec
    monkeypatch.setattr(cli_module.importlib.util, "find_spec",
                        lambda name, *a: None if name == "matplotlib" else real(name, *a))
    status, out, err = cli("charts", "--out", tmp_path / "charts")
    assert status == 2 and out == ""
    assert err == "casualties charts needs the 'charts' extra: pip install 'casualties[charts]'\n"
    assert not (tmp_path / "charts").exists()


def test_validate_with_a_root_that_is_no_checkout_says_so(cli, tmp_path):
    # An explicit --root is never swapped for the packaged copy behind the user's back.
    status, out, err = cli("--root", tmp_path, "validate")
    assert status == 2 and out == ""
    assert err.startswith("casualties validate needs a repository checkout") and len(err.splitlines()) == 1
