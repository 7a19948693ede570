#!/usr/bin/env bash
# Mutation testing of ocop-core with cargo-mutants (issue 15), module by module: each mutant
# (an operator flipped, a function body replaced by a default, a match arm deleted, ...) is
# built and the tests of ocop-core and ocop-tests (the golden corpus, the properties, the
# invariants, bad input) are run against it; a mutant no test fails on is "missed".
#
# Not part of CI: on the 2-core machine one mutant takes about a minute (an incremental
# build of ocop-core and its test binaries, then those tests), so the six modules below
# (about 780 mutants) take most of a day; one module, an hour or more. See docs/testing.md.
#
#   scripts/mutants.sh                       # eval council timeline certificate advise data
#   scripts/mutants.sh eval council          # some modules
#   MUTANTS_SHARD=1/4 scripts/mutants.sh eval  # a quarter of a module's mutants
#   MUTANTS_ITERATE=1 scripts/mutants.sh eval  # only the mutants the last run did not catch
#
# It works on the committed HEAD, in a worktree of its own (target/mutants/tree, mutated in
# place and restored after each mutant) with a build directory of its own
# (target/mutants/target), both kept between runs so only the first build is cold; the
# working tree is never touched. Results: target/mutants/<module>/mutants.out/ (caught.txt,
# missed.txt, timeout.txt, unviable.txt, outcomes.json) and one line per module in
# target/mutants/summary.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
VERSION=27.1.0
if [ "$(cargo mutants --version 2>/dev/null || true)" != "cargo-mutants $VERSION" ]; then
    cargo install cargo-mutants --locked --version "=$VERSION"
fi

MODULES=("$@")
[ "${#MODULES[@]}" -gt 0 ] || MODULES=(eval council timeline certificate advise data)
OUT="$ROOT/target/mutants"
TREE="$OUT/tree"
mkdir -p "$OUT"
if [ -d "$TREE" ]; then
    git -C "$TREE" checkout --quiet --force --detach "$(git rev-parse HEAD)"
else
    git worktree add --quiet --detach "$TREE" HEAD
fi
export CARGO_TARGET_DIR="$OUT/target"
shard=()
[ -z "${MUTANTS_SHARD:-}" ] || shard=(--shard "$MUTANTS_SHARD")
[ -z "${MUTANTS_ITERATE:-}" ] || shard+=(--iterate)

for m in "${MODULES[@]}"; do
    files=()
    [ -f "$TREE/ocop-core/src/$m.rs" ] && files+=(-f "ocop-core/src/$m.rs")
    [ -d "$TREE/ocop-core/src/$m" ] && files+=(-f "ocop-core/src/$m/**/*.rs" -f "ocop-core/src/$m/*.rs")
    [ "${#files[@]}" -gt 0 ] || { echo "mutants: no module ocop-core/src/$m" >&2; exit 2; }
    start=$(date +%s)
    status=0
    (cd "$TREE" && cargo mutants --in-place --no-shuffle "${files[@]}" "${shard[@]}" \
        --test-package ocop-core --test-package ocop-tests \
        --timeout 300 --build-timeout 900 --output "$OUT/$m") || status=$?
    # 0: every mutant caught; 2: some missed; 3: some timed out. Anything else is a failure
    # of the run itself (4: the unmutated tree fails its tests).
    case "$status" in 0 | 2 | 3) ;; *) echo "mutants: $m: cargo mutants exited $status" >&2; exit "$status" ;; esac
    n() { [ -f "$OUT/$m/mutants.out/$1.txt" ] && wc -l <"$OUT/$m/mutants.out/$1.txt" | tr -d ' ' || echo 0; }
    caught=$(n caught) missed=$(n missed) timeout=$(n timeout) unviable=$(n unviable)
    tested=$((caught + missed + timeout))
    share=$(awk -v c="$((caught + timeout))" -v t="$tested" 'BEGIN { printf "%.1f", t ? 100 * c / t : 0 }')
    line="$m: $share % caught ($caught caught, $timeout timed out, $missed missed, $unviable unviable) in $(($(date +%s) - start)) s, $(git rev-parse --short HEAD)${MUTANTS_SHARD:+ shard $MUTANTS_SHARD}${MUTANTS_ITERATE:+ (iterate: the misses of the previous run only)}"
    echo "$line" | tee -a "$OUT/summary.txt"
done
