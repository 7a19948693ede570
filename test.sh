#!/usr/bin/env bash
# Runs every test of the project on a fresh machine. CI (.ci/run) calls exactly this.
# Each step installs what it needs itself; see README "Testing".
set -euo pipefail
cd "$(dirname "$0")"

step() { printf '\n=== %s\n' "$*"; }

step "Rust: format and lints (scripts/lint.sh)"
bash scripts/lint.sh

step "Rust: unit, golden corpus, data integrity, properties, bad input, CLI, docs"
cargo test --workspace

step "Rust: benchmarks compile and run once (criterion --test mode)"
for b in score load jsonl council advise; do
    cargo bench -q -p ocop-benches --bench "$b" -- --test
done

step "Example: the README's main command"
cargo run -q -p ocop-cli -- score examples/sheet-26-2026-set-01.json >/dev/null

step "Python: wheel into a fresh virtualenv, pytest over the golden corpus, the analyst example"
bash ocop-py/test.sh

step "Councils on paper: XLSX forms filled by openpyxl, LibreOffice recalculation, CSV, bad files"
bash ocop-office/test.sh

step "Printed forms and minutes: pdftotext of every 26/2026 sheet, minutes against the council oracle"
bash ocop-office/test-print.sh

step "A province's portfolio: oracle register, CLI reports, Chromium, Python"
bash ocop-office/test-portfolio.sh

step "WebAssembly: build, TypeScript check, node golden corpus, browser form test"
bash ocop-wasm/test.sh

step "Bindings compared on random requests: Rust API, CLI --jsonl, Python, WebAssembly in Node"
bash tests/differential/run.sh

step "Cold start: the cold-start benchmark once in --test mode (CLI, Node, Chromium)"
OCOP_SKIP_BUILD=1 bash benches/cold-start.sh --test

step "Fuzzing: smoke run of every target (skipped without a nightly toolchain)"
bash fuzz/smoke.sh

printf '\nAll tests passed.\n'
