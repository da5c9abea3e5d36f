"""The `casualties` command: a thin layer over the library's stages."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def _root(args) -> Path:
    from .build import project_root

    return Path(args.root) if args.root else project_root()


def cmd_build(args) -> int:
    from . import build, curate, validate

    start = time.perf_counter()
    root = _root(args)
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


def cmd_validate(args) -> int:
    from . import validate
    from .build import Paths

    paths = Paths(_root(args))
    processed = Path(args.processed) if args.processed else paths.processed
    try:
        checks = validate.validate_processed(processed, paths.expectations)
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
    from .evaluate import cli_eval

    return cli_eval(sys.stdout)


def cmd_charts(args) -> int:
    from .charts import cli_charts

    return cli_charts(Path(args.out), Path(args.data) if args.data else None)


def cmd_suites(args) -> int:
    from . import codebook, validate
    from .build import Paths

    paths = Paths(_root(args))
    for path in validate.write_suites(paths.expectations):
        print(f"wrote {path}")
    path = codebook.write(paths.root / "docs" / "codebook.md")
    print(f"wrote {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="casualties", description=__doc__)
    parser.add_argument("--root", help="project checkout holding data/ and expectations/ (default: this one)")
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("build", help="build, validate and write data/processed/").set_defaults(func=cmd_build)

    p = sub.add_parser("validate", help="re-validate the processed Parquet files")
    p.add_argument("--processed", help="folder of Parquet files (default: data/processed)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("extract", help="extract casualty claims from article text or a Parquet corpus")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="a .txt file or a folder of them; with --out, one Parquet CORPUS (file or folder)")
    p.add_argument("--published", metavar="YYYY-MM-DD", help="publication date when no manifest gives one")
    p.add_argument("--format", choices=("jsonl", "table"), default="jsonl")
    p.add_argument("--out", metavar="DIR", help="write the claims of a Parquet corpus (columns article_id, "
                   "text, published) as Parquet parts to this new folder")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="with --out: run on a Dask local cluster "
                   "of N worker processes (needs casualties[scale])")
    p.add_argument("--scheduler", metavar="ADDRESS", help="with --out: run on an existing Dask cluster")
    p.set_defaults(func=cmd_extract)

    sub.add_parser("eval", help="score the extractor on the labelled development set").set_defaults(func=cmd_eval)

    p = sub.add_parser("charts", help="write every chart as SVG and PNG, with an index.html gallery")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--data", metavar="DIR", help="folder of processed Parquet files (default: the dataset's)")
    p.set_defaults(func=cmd_charts)

    sub.add_parser("suites", help="regenerate expectation suites and the codebook from the schema").set_defaults(
        func=cmd_suites)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
