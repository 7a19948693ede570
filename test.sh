#!/usr/bin/env bash
# Runs every test of the project on a fresh machine. CI (.ci/run) calls exactly this.
# Each step installs what it needs itself; see README "Testing".
set -euo pipefail
cd "$(dirname "$0")"

step() { printf '\n=== %s\n' "$*"; }

step "Rust: format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "Rust: unit, golden corpus, data integrity, docs"
cargo test --workspace

step "Example: the README's main command"
cargo run -q -p ocop-cli -- score examples/sheet-26-2026-set-01.json >/dev/null

step "Python: wheel into a fresh virtualenv, pytest over the golden corpus, the analyst example"
bash ocop-py/test.sh

step "WebAssembly: build, TypeScript check, node golden corpus, browser form test"
bash ocop-wasm/test.sh
