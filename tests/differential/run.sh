#!/usr/bin/env bash
# The bindings compared on random requests (docs/testing.md, "Bindings compared on random
# requests"). Needs what ocop-py/test.sh and ocop-wasm/test.sh leave behind: the virtualenv
# target/ocop-py-venv with the ocop wheel, and ocop-wasm/pkg. Builds the release CLI and the
# Rust side, then runs run.py. Arguments go to run.py (--seed S --count N).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"
cargo build -q --release -p ocop-cli
cargo build -q --release -p ocop-tests --example differential
exec python3 "$HERE/run.py" "$@"
