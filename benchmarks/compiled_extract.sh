#!/bin/bash
# Experiment (not part of the package): the extractor's modules compiled with Cython in pure-Python
# mode (the .py files as they are, no annotations) against the pure-Python package, on one core.
#
#   bash benchmarks/compiled_extract.sh BUILD_DIR [RUNS]      # from the repository root
#
# Copies src/ and the repository's other top-level entries (as symlinks: the package finds its data
# through its own path) to BUILD_DIR (outside the repository, so nothing compiled lands in the
# working tree), compiles the hot modules of src/casualties/extract there with `cythonize -i` (Cython 3.3.1
# and setuptools 84.2.1, the versions measured, come in through `uv run --with`, so pyproject.toml and uv.lock stay as they are; a
# C compiler and the Python headers are needed), then runs bench_extract.py's one-core throughput
# RUNS times (default 3; 0 builds only) for each build in turn, pure first; MODULES="numbers text"
# compiles only those. A compiled build is used by putting
# BUILD_DIR/src first on PYTHONPATH: Python loads an extension module before a .py of the same name.
# Check the compiled build gives the same claims before trusting its figures, e.g. the focused tests
# with PYTHONPATH=BUILD_DIR/src.
set -euo pipefail
BUILD=${1:?usage: compiled_extract.sh BUILD_DIR [RUNS]}
RUNS=${2:-3}
REPO=$(pwd)
MODULES=${MODULES:-"figures side claimant category dates text pipeline numbers lexicon"}
mkdir -p "$BUILD"
BUILD=$(cd "$BUILD" && pwd)
case "$BUILD/" in "$REPO"/*) echo "BUILD_DIR must be outside the repository" >&2; exit 2;; esac
rm -rf "$BUILD/src"
cp -r "$REPO/src" "$BUILD/src"
for f in "$REPO"/*; do
    b=$(basename "$f")
    [ "$b" = src ] || [ -e "$BUILD/$b" ] || ln -s "$f" "$BUILD/$b"
done
cd "$BUILD/src/casualties/extract"
t0=$(date +%s)
uv run --project "$REPO" --with cython==3.3.1 --with setuptools==84.2.1 cythonize -i -3 -j 2 $(for m in $MODULES; do echo "$m.py"; done) >"$BUILD/build.log" 2>&1
echo "build: $(( $(date +%s) - t0 )) s wall; extension files:"
ls -l ./*.so | awk '{s += $5; print "  " $5, $9} END {print "  total", s, "bytes"}'
cd "$REPO"
for i in $(seq "$RUNS"); do
    for build in pure compiled; do
        if [ "$build" = pure ]; then pp=""; else pp="$BUILD/src"; fi
        echo "== $build, run $i, $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
        PYTHONHASHSEED=0 PYTHONPATH=$pp uv run python benchmarks/bench_extract.py --sizes "" --throughput 2000 --repeat 1 \
            | grep "^one core"
    done
done
