#!/usr/bin/env bash
# Lint and style gate: formatting and clippy with warnings as errors, over the whole workspace
# and every target (tests, benches, examples), plus formatting of the separate fuzz workspace.
# The lint policy itself is `[workspace.lints]` in the root Cargo.toml.
#
#   scripts/lint.sh             # fmt --check + clippy -D warnings
#   LINT_FUZZ=1 scripts/lint.sh # also clippy on fuzz/ (builds libFuzzer; slower)
set -euo pipefail
cd "$(dirname "$0")/.."

echo "lint: cargo fmt --all --check"
cargo fmt --all --check
cargo fmt --manifest-path fuzz/Cargo.toml --check

echo "lint: cargo clippy --workspace --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

if [ "${LINT_FUZZ:-0}" = "1" ]; then
    echo "lint: clippy on fuzz/"
    cargo clippy --manifest-path fuzz/Cargo.toml --all-targets -- -D warnings
fi
echo "lint: ok"
