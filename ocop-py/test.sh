#!/usr/bin/env bash
# Python package `ocop`: builds the abi3 wheel, installs it into a virtualenv and runs pytest
# (golden corpus, errors, batch and frame scoring, scorecard) and the analyst example (as a
# script and as a notebook executed by nbclient).
#
# Works from any directory, on a fresh machine (installs maturin, pytest, pandas, NumPy and
# nbclient from PyPI into the virtualenv) and under CI=true. The virtualenv is kept in
# target/ocop-py-venv (override: OCOP_PY_VENV); tools already installed there are not
# reinstalled. The wheel is always rebuilt (cargo only recompiles what changed).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
VENV="${OCOP_PY_VENV:-$TARGET/ocop-py-venv}"
WHEELS="$TARGET/ocop-py-wheels"
PYTHON="${PYTHON:-python3}"

say() { printf -- '--- ocop-py: %s\n' "$*"; }

if [ ! -x "$VENV/bin/python" ]; then
    say "creating virtualenv $VENV"
    "$PYTHON" -m venv "$VENV"
fi
PY="$VENV/bin/python"
if ! "$PY" -c 'import maturin, pytest, pandas, numpy, nbclient, nbformat, ipykernel, openpyxl' 2>/dev/null \
    || [ ! -x "$VENV/bin/maturin" ]; then
    say "installing build and test tools into the virtualenv"
    "$PY" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$PY" -m pip install --quiet --disable-pip-version-check \
        "maturin>=1.9.4,<2" "pytest>=8" "pandas>=2" "numpy>=1.24" \
        "nbclient>=0.10" "nbformat>=5" "ipykernel>=6" "openpyxl>=3.1"
fi

# The wheel must unwind on panic (the binding turns panics into ocop.DataError); whatever the
# workspace's release profile says, build it with panic = "unwind".
say "building the wheel (release, panic=unwind)"
rm -rf "$WHEELS"
CARGO_PROFILE_RELEASE_PANIC=unwind "$VENV/bin/maturin" build --release --quiet \
    --strip --manifest-path "$HERE/Cargo.toml" --out "$WHEELS" --interpreter "$PY"
"$PY" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$WHEELS"/ocop-*.whl

say "pytest"
cd "$HERE"
"$PY" -m pytest -q -p no:cacheprovider tests

say "example: examples/analyst.py"
cd "$ROOT"
MPLBACKEND=Agg "$PY" examples/analyst.py >/dev/null
say "ok"
