"""The `casualties` command: a thin layer over the library's stages.

Installed from the wheel, the commands that read the published tables (validate, extract, charts,
export) work on the copy shipped inside the package; build, suites and eval need a repository
checkout and say so in one line (exit 2). A command that needs an optional extra names it.
"""

from __future__ import annotations

import argparse
import importlib.util
import signal
import sys
import threading
import time
from pathlib import Path

#: Optional extras and the modules that tell whether each is installed (see pyproject.toml).
EXTRAS = {"charts": ("matplotlib",), "build": ("great_expectations",)}


def _missing_extra(command: str, extra: str) -> bool:
    """Say which extra a command needs when it is not installed (one line on stderr)."""
    if all(importlib.util.find_spec(module) is not None for module in EXTRAS[extra]):
        return False
    print(f"casualties {command} needs the '{extra}' extra: pip install 'casualties[{extra}]'", file=sys.stderr)
    return True


def _root(args) -> Path:
    from .build import project_root

    return Path(args.root) if args.root else project_root()


def is_checkout(root: Path) -> bool:
    """A repository checkout has the raw inputs and the expectation suites; an installed wheel has neither."""
    return (root / "data" / "raw").is_dir() and (root / "expectations").is_dir()


def _checkout(args, command: str) -> Path | None:
    """The checkout a command works in, or None after saying (one line) that it needs one."""
    root = _root(args)
    if is_checkout(root):
        return root
    print(f"casualties {command} needs a repository checkout (data/raw/ and expectations/), and {root} is not one: "
          f"run it in a clone of the repository or pass --root", file=sys.stderr)
    return None


def cmd_build(args) -> int:
    root = _checkout(args, "build")
    if root is None or _missing_extra("build", "build"):
        return 2
    from . import build, curate, release, validate

    start = time.perf_counter()
    try:
        result = build.build(root)
    except curate.InputError as exc:
        print(f"build failed: bad input ({len(exc.problems)} problem(s)); data/processed/ left unchanged", file=sys.stderr)
        print(exc, file=sys.stderr)
        return 2
    except validate.SuiteError as exc:
        print(f"build failed: bad expectation suite; data/processed/ left unchanged\n{exc}", file=sys.stderr)
        return 1
    except build.ValidationFailed as exc:
        failed = [c for c in exc.checks if not c.success]
        print(f"build failed: {len(failed)} of {len(exc.checks)} checks failed; data/processed/ left unchanged",
              file=sys.stderr)
        print(exc, file=sys.stderr)
        return 1
    except release.PublishError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # an input that cannot be read at all; nothing was written
        print(f"build failed: {release.describe(exc)}; data/processed/ left unchanged", file=sys.stderr)
        return 1
    processed = build.Paths(root).processed
    for name, df in result.tables.items():
        print(f"{name:<11} {len(df):>5} rows")
    claims = result.tables["claims"]
    counts = claims["review"].value_counts()
    print("claims by review: " + ", ".join(f"{k} {v}" for k, v in counts.items() if v))
    print(f"checks: {len(result.checks)} run, {sum(c.success for c in result.checks)} passed")
    changed = ", ".join(p.name for p in result.written) or "none (identical bytes)"
    print(f"written to {processed}: {changed}")
    print(f"done in {time.perf_counter() - start:.1f} s")
    return 0


def validate_paths(args) -> tuple[Path, Path]:
    """(Parquet folder, suites folder) that `validate` checks: the checkout's, else the packaged copies."""
    from .load import data_dir, packaged

    root = _root(args)
    if is_checkout(root):
        processed, suites = root / "data" / "processed", root / "expectations"
    else:
        processed, suites = data_dir(), packaged("expectations") or root / "expectations"
    return (Path(args.processed) if args.processed else processed), suites


def cmd_validate(args) -> int:
    if _missing_extra("validate", "build") or (args.root and _checkout(args, "validate") is None):
        return 2
    from . import validate

    processed, suites = validate_paths(args)
    if not processed.is_dir():
        print(f"validate failed: {processed}: folder not found", file=sys.stderr)
        return 1
    print(f"validating {processed} against the suites in {suites}", file=sys.stderr)
    try:
        checks = validate.validate_processed(processed, suites)
    except (validate.SuiteError, FileNotFoundError) as exc:
        print(f"validate failed: {exc}", file=sys.stderr)
        return 1
    for check in checks:
        print(check.describe())
    failed = sum(not c.success for c in checks)
    print(f"{len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


def cmd_extract(args) -> int:
    from .extract import cli_extract
    from .extract.cli import cli_extract_corpus

    if args.out:
        if len(args.paths) != 1:
            print("casualties extract: --out takes one CORPUS (a Parquet file or folder)", file=sys.stderr)
            return 2
        return cli_extract_corpus(args.paths[0], args.out, args.workers, args.scheduler)
    if args.workers != 1 or args.scheduler:
        print("casualties extract: --workers and --scheduler need --out DIR (a Parquet corpus)", file=sys.stderr)
        return 2
    return cli_extract(args.paths, args.published, args.format, sys.stdout)


def cmd_eval(args) -> int:
    from .evaluate import DATA_DIR, cli_eval

    if not DATA_DIR.is_dir():
        print("casualties eval needs a repository checkout: the labelled set (tests/data/extraction/) "
              "is not in the installed package", file=sys.stderr)
        return 2
    return cli_eval(sys.stdout)


def _write_folder(command: str, args, write) -> int:
    """Run `write(out, data)` for a command that writes a folder (--out) from the processed tables
    (--data): a --data folder that is missing, an --out that is a file, or any OS error while writing
    gives one line naming the path, and exit 1."""
    from .release import describe

    out, data = Path(args.out), Path(args.data) if args.data else None
    if data is not None and not data.is_dir():
        print(f"{command} failed: {data}: folder not found (--data)", file=sys.stderr)
        return 1
    if out.exists() and not out.is_dir():
        print(f"{command} failed: {out}: is a file, not a folder (--out)", file=sys.stderr)
        return 1
    try:
        return write(out, data)
    except OSError as exc:
        print(f"{command} failed: {describe(exc)}", file=sys.stderr)
        return 1


def cmd_charts(args) -> int:
    if _missing_extra("charts", "charts"):
        return 2
    from .charts import cli_charts

    return _write_folder("charts", args, cli_charts)


def cmd_export(args) -> int:
    from .export import cli_export

    return _write_folder("export", args, cli_export)


def cmd_site(args) -> int:
    if _missing_extra("site", "charts"):
        return 2
    from .site import cli_site

    return _write_folder("site", args, cli_site)


def cmd_suites(args) -> int:
    root = _checkout(args, "suites")
    if root is None:
        return 2
    from . import codebook, validate
    from .build import Paths

    paths = Paths(root)
    for path in validate.write_suites(paths.expectations):
        print(f"wrote {path}")
    path = codebook.write(paths.root / "docs" / "codebook.md")
    print(f"wrote {path}")
    return 0


def _root_default() -> str:
    from .build import project_root

    return str(project_root())


def parser() -> argparse.ArgumentParser:
    """The argument parser: every subcommand with a description, every option with its help and default."""
    from .schema import DATASET_VERSION

    top = argparse.ArgumentParser(
        prog="casualties", formatter_class=argparse.RawDescriptionHelpFormatter,
        description=f"The casualties dataset, version {DATASET_VERSION}: build, check, extract, chart and export it.\n\n"
                    "Installed from a wheel, validate, extract, charts, export and site work on the tables\n"
                    "shipped in the package; build, suites and eval need a repository checkout.")
    top.add_argument("--root", metavar="DIR",
                     help="repository checkout holding data/ and expectations/ (default: the checkout this package "
                          "is installed from, else the current directory; here "
                          f"{_root_default()})")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def out_and_data(p: argparse.ArgumentParser, out_help: str) -> None:
        p.add_argument("--out", required=True, metavar="DIR", help=out_help)
        p.add_argument("--data", metavar="DIR", help="folder of processed Parquet files (default: the dataset's own)")

    def command(name: str, summary: str, description: str, func) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=summary, description=f"{summary[0].upper()}{summary[1:]}.\n\n{description}",
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.set_defaults(func=func)
        return p

    command("build", "build, validate and write data/processed/",
            "Reads data/raw/ (articles, manifest, curated claims, reviews), extracts and reconciles the claims,\n"
            "runs every expectation suite, and writes the Parquet files only if all checks pass. Needs a\n"
            "repository checkout and the 'build' extra.", cmd_build)

    p = command("validate", "re-validate the processed Parquet files",
                "Runs the expectation suites on the published tables as the loaders return them: in a\n"
                "checkout, data/processed/ against expectations/; from an installed wheel, the packaged copy\n"
                "against the packaged suites. Prints one line per expectation; exit 1 if any fails. Needs the\n"
                "'build' extra.", cmd_validate)
    p.add_argument("--processed", metavar="DIR",
                   help="folder of Parquet files to validate (default: data/processed/ in a checkout, else the "
                        "copy inside the installed package)")

    p = command("extract", "extract casualty claims from article text or a Parquet corpus",
                "Finds casualty figures in plain-text articles, each with its evidence span (character\n"
                "offsets). A folder's manifest.csv gives each file's publication date. With --out, reads one\n"
                "Parquet CORPUS (a file or a folder; columns article_id, text, published) and writes the\n"
                "claims as Parquet parts, in one process or on Dask (--workers, --scheduler; needs the\n"
                "'scale' extra).", cmd_extract)
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="a .txt file or a folder of them; with --out, one Parquet CORPUS (file or folder)")
    p.add_argument("--published", metavar="YYYY-MM-DD",
                   help="publication date for files no manifest.csv lists (resolves 'yesterday', weekdays)")
    p.add_argument("--format", choices=("jsonl", "table"), default="jsonl",
                   help="jsonl: one JSON object per claim; table: aligned columns for reading (default: jsonl)")
    p.add_argument("--out", metavar="DIR", help="write the claims of a Parquet corpus as Parquet parts to this "
                   "new folder")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="with --out: run on a Dask local cluster of N worker processes (default: 1, no Dask)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="with --out: run on an existing Dask cluster")

    command("eval", "score the extractor on the labelled development set",
            "Prints precision, recall and F1 per phenomenon on the development and held-out sets and the\n"
            "seed articles. The labelled set lives in tests/data/extraction/: needs a repository checkout.",
            cmd_eval)

    p = command("charts", "write every chart as SVG and PNG, with an index.html gallery",
                "Draws the publishing charts from the processed tables (the packaged copy when installed).\n"
                "Needs the 'charts' extra.", cmd_charts)
    out_and_data(p, "folder to write the charts and index.html into")

    p = command("export", "write the release bundle: CSV, Parquet, datapackage.json, codebook, README",
                "Writes each table as CSV and Parquet, a Frictionless datapackage.json generated from the\n"
                "schema, the codebook, the methodology, the changelog and a README. CSV text cells that\n"
                "begin with =, +, -, @, a tab or a carriage return get a leading apostrophe so spreadsheets\n"
                "show them as text.", cmd_export)
    out_and_data(p, "folder to write the bundle into (created if missing)")

    p = command("site", "write a static website: overview, a page per event and chart, the docs",
                "Writes the dataset as plain static HTML (no scripts, no network): a front page with the\n"
                "at-a-glance table, a page per event with every claim, a page per chart, the methodology\n"
                "and the codebook. Needs the 'charts' extra.", cmd_site)
    out_and_data(p, "folder to write the site into (created if missing)")

    command("suites", "regenerate expectation suites and the codebook from the schema",
            "Rewrites the generated structure part of expectations/*.json (keeping the hand-written quality\n"
            "checks) and docs/codebook.md. Needs a repository checkout.", cmd_suites)
    return top


class _Interrupts:
    """Ctrl-C raises KeyboardInterrupt as usual, and is also remembered: a library that catches
    every exception while it imports (seen when the signal lands in an import) may swallow the
    KeyboardInterrupt, and the command must still end as interrupted, not with exit 0."""

    def __init__(self) -> None:
        self.seen = False

    def __call__(self, signum, frame) -> None:
        self.seen = True
        raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    interrupts = _Interrupts()
    main_thread = threading.current_thread() is threading.main_thread()  # (signals go to it alone)
    previous = signal.signal(signal.SIGINT, interrupts) if main_thread else None
    try:
        code = args.func(args)
        if interrupts.seen:
            raise KeyboardInterrupt
        return code
    except KeyboardInterrupt:
        # Publishing swaps whole releases (release.py), so an interrupted build leaves one whole.
        after = "; data/processed/ holds a whole release (the previous or the new one)" if args.command == "build" else ""
        print(f"casualties {args.command}: interrupted{after}", file=sys.stderr)
        return 130
    finally:
        if main_thread:
            signal.signal(signal.SIGINT, previous)


if __name__ == "__main__":
    sys.exit(main())
