#!/usr/bin/env bash
# Cold start and boundary speed (issue 12), each figure printed with its baseline from the
# same run: the CLI against `ocop --version`, the WebAssembly package in Node against the CLI's
# per-sheet time in `--jsonl`, and the web form in headless Chromium (load → first result).
# Medians of repeated runs; goals are reported, never asserted (the machine is shared).
#
#   benches/cold-start.sh          build (release CLI, wasm package) and measure
#   benches/cold-start.sh --test   a few runs of each, to check the benchmark works
# Environment: OCOP_SKIP_BUILD=1 uses the existing builds; OCOP_BENCH_JSON=FILE also writes the
# CLI and Node figures as JSON.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
MODE="${1:-}"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

if [ "${OCOP_SKIP_BUILD:-0}" != 1 ]; then
  (cd "$ROOT" && cargo build -q --release -p ocop-cli)
  bash "$ROOT/ocop-wasm/build.sh" >/dev/null 2>&1 || bash "$ROOT/ocop-wasm/build.sh"
fi
TARGET_DIR="$(cd "$ROOT" && cargo metadata --format-version 1 --no-deps \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
CLI="$TARGET_DIR/release/ocop"
PKG="$ROOT/ocop-wasm/pkg/nodejs/ocop.js"
[ -x "$CLI" ] || { echo "no release CLI at $CLI" >&2; exit 2; }
[ -f "$PKG" ] || { echo "no wasm package at $PKG: run ocop-wasm/build.sh" >&2; exit 2; }

echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "node $(node --version), $("${OCOP_CHROMIUM:-/usr/bin/chromium}" --version 2>/dev/null || echo 'no chromium')"
node "$HERE/cold-start/cli-node.mjs" "$CLI" "$PKG" $MODE
node "$HERE/cold-start/browser.mjs" $MODE
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
