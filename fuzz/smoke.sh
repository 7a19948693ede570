#!/usr/bin/env bash
# Fuzz smoke run: builds every target once (nightly, AddressSanitizer, debug assertions), then
# runs each for FUZZ_SECONDS (default 20) from the committed corpus (fuzz/corpus/<target>/, the
# minimised result of the long campaign, campaign.sh) and the seeds, with the JSON dictionary.
# New inputs go to target/fuzz-smoke/<target>/, so the committed corpus is only read.
# Exits 0 with a message when no nightly toolchain is installed; installs cargo-fuzz if
# missing. A crash fails the run and leaves its input in fuzz/artifacts/<target>/: turn it into
# a case in tests/tests/bad_input.rs.
#
#   fuzz/smoke.sh                  # every target
#   FUZZ_SECONDS=60 fuzz/smoke.sh jsonl data
set -euo pipefail
cd "$(dirname "$0")"

SECONDS_PER_TARGET="${FUZZ_SECONDS:-20}"
# shellcheck source=targets.sh
source ./targets.sh
if [ "$#" -gt 0 ]; then TARGETS=("$@"); else TARGETS=("${ALL_TARGETS[@]}"); fi

if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "fuzz smoke: SKIPPED - no nightly toolchain (rustup toolchain install nightly)"
    exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "fuzz smoke: installing cargo-fuzz"
    cargo install cargo-fuzz --version '^0.13' >/dev/null
fi

echo "fuzz smoke: building ${TARGETS[*]}"
if [ "$#" -gt 0 ]; then
    for t in "${TARGETS[@]}"; do cargo +nightly fuzz build --debug-assertions "$t"; done
else
    cargo +nightly fuzz build --debug-assertions
fi

failed=()
for t in "${TARGETS[@]}"; do
    scratch="../target/fuzz-smoke/$t"
    mkdir -p "corpus/$t" "$scratch"
    echo "fuzz smoke: $t for ${SECONDS_PER_TARGET}s"
    if ! cargo +nightly fuzz run --debug-assertions "$t" "$scratch" "corpus/$t" "seeds/$t" -- \
        -dict=json.dict -max_total_time="$SECONDS_PER_TARGET" -max_len="$(max_len "$t")" \
        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 2>"$scratch.log"; then
        tail -n 40 "$scratch.log"
        failed+=("$t")
    else
        grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|Done)" "$scratch.log" || true
    fi
done

if [ "${#failed[@]}" -gt 0 ]; then
    echo "fuzz smoke: FAILED: ${failed[*]} (inputs in fuzz/artifacts/)"
    exit 1
fi
echo "fuzz smoke: ok (${TARGETS[*]}, ${SECONDS_PER_TARGET}s each)"
