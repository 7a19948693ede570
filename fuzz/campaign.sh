#!/usr/bin/env bash
# The long fuzz campaign (issue 15): every target for at least FUZZ_MINUTES (default 30) and at
# least FUZZ_MIN_EXECS executions (default 10,000,000), whichever is longer, one target at a
# time, from the committed corpus and the seeds. The new inputs are then merged into a
# minimised corpus, which replaces fuzz/corpus/<target>/, and the figures (executions,
# coverage, features, corpus size, time) go to fuzz/campaign/<target>.txt, from which
# docs/testing.md takes them. Not part of CI: it takes hours on 2 cores.
#
#   fuzz/campaign.sh                       # every target
#   FUZZ_MINUTES=30 fuzz/campaign.sh jsonl data
set -euo pipefail
cd "$(dirname "$0")"

MINUTES="${FUZZ_MINUTES:-30}"
MIN_EXECS="${FUZZ_MIN_EXECS:-10000000}"
# shellcheck source=targets.sh
source ./targets.sh
if [ "$#" -gt 0 ]; then TARGETS=("$@"); else TARGETS=("${ALL_TARGETS[@]}"); fi

for t in "${TARGETS[@]}"; do cargo +nightly fuzz build --debug-assertions "$t"; done

WORK=../target/fuzz-campaign
mkdir -p campaign "$WORK"
for t in "${TARGETS[@]}"; do
    mkdir -p "corpus/$t" "$WORK/$t"
    start=$(date +%s)
    execs=0
    round=0
    log="$WORK/$t.log"
    : >"$log"
    while :; do
        round=$((round + 1))
        elapsed=$(($(date +%s) - start))
        left=$((MINUTES * 60 - elapsed))
        if [ "$left" -gt 0 ]; then
            limit=(-max_total_time="$left")
        elif [ "$execs" -lt "$MIN_EXECS" ]; then
            limit=(-runs=$((MIN_EXECS - execs)))
        else
            break
        fi
        echo "campaign: $t round $round (${limit[*]})"
        cargo +nightly fuzz run --debug-assertions "$t" "$WORK/$t" "corpus/$t" "seeds/$t" -- \
            -dict=json.dict "${limit[@]}" -max_len="$(max_len "$t")" -timeout=10 \
            -rss_limit_mb=2048 -print_final_stats=1 2>"$WORK/$t.round.log" || {
            tail -n 40 "$WORK/$t.round.log"
            echo "campaign: $t FAILED (input in fuzz/artifacts/$t/)"
            exit 1
        }
        cat "$WORK/$t.round.log" >>"$log"
        n=$(grep -E '^stat::number_of_executed_units' "$WORK/$t.round.log" | tail -1 | awk '{print $2}')
        execs=$((execs + ${n:-0}))
    done
    seconds=$(($(date +%s) - start))
    last=$(grep -E '#[0-9]+.*cov: ' "$log" | tail -1)
    # Minimise: the committed corpus, the seeds and this run's finds, merged into a new dir.
    rm -rf "$WORK/$t.min"
    mkdir -p "$WORK/$t.min"
    cargo +nightly fuzz run --debug-assertions "$t" "$WORK/$t.min" "corpus/$t" "seeds/$t" \
        "$WORK/$t" -- -merge=1 -max_len="$(max_len "$t")" -timeout=10 -rss_limit_mb=2048 \
        2>"$WORK/$t.merge.log"
    rm -rf "corpus/$t"
    mv "$WORK/$t.min" "corpus/$t"
    {
        echo "target: $t"
        echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
        echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
        echo "seconds: $seconds"
        echo "executions: $execs"
        echo "last status: $last"
        echo "merged: $(grep -E 'MERGE-OUTER: [0-9]+ new files' "$WORK/$t.merge.log" | tail -1)"
        echo "corpus files: $(find "corpus/$t" -type f | wc -l)"
        echo "corpus bytes: $(du -sb "corpus/$t" | cut -f1)"
        echo "crashes: 0"
    } >"campaign/$t.txt"
    cat "campaign/$t.txt"
done
