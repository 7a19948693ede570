#!/usr/bin/env bash
# Tests of the WebAssembly package and the web form, from a fresh machine:
#   1. the Rust tests of the binding and of the TypeScript declarations (tests/declarations.rs);
#   2. build.sh (installs the wasm32 target, wasm-bindgen-cli and the npm dev dependencies);
#   3. tsc --noEmit on the generated declarations and on a strict usage file;
#   4. node --test: the golden corpus through the nodejs build (and byte parity with the CLI),
#      the calling convention, and the browser test (Debian's Chromium, installed if absent);
#   and prints the size report (informative) before the node tests.
# Runs from any directory, including under CI=true.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
step() { printf '\n=== ocop-wasm: %s\n' "$*"; }

step "Chromium for the browser test"
CHROMIUM="${OCOP_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
"$CHROMIUM" --version

step "Rust tests (binding, TypeScript declarations)"
(cd "$ROOT" && cargo test -q -p ocop-wasm)

step "build the package"
bash "$HERE/build.sh"

step "TypeScript: tsc --noEmit"
mkdir -p "$HERE/tests/types/node_modules"
ln -sfn ../../../pkg "$HERE/tests/types/node_modules/ocop-wasm"
TSC="$HERE/node_modules/.bin/tsc"
"$TSC" --noEmit --strict --lib es2022,dom \
  "$HERE/pkg/nodejs/ocop.d.ts" "$HERE/pkg/web/ocop.d.ts" "$HERE/pkg/bundler/ocop.d.ts" \
  "$HERE/pkg/bundler/ocop_bg.wasm.d.ts"
"$TSC" -p "$HERE/tests/types"
echo "declarations and tests/types/usage.mts compile"

step "the ocop CLI (reference for the parity and browser tests)"
(cd "$ROOT" && cargo build -q -p ocop-cli)
TARGET_DIR="$(cd "$ROOT" && cargo metadata --format-version 1 --no-deps \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
export OCOP_CLI="$TARGET_DIR/debug/ocop"

step "size report (informative)"
bash "$HERE/size-report.sh" || echo "(size report: over budget, see above)"

step "node --test (golden corpus, calling convention, browser)"
cd "$HERE"
node --test tests/golden.test.mjs tests/api.test.mjs tests/browser.test.mjs
echo "screenshots: $ROOT/target/artifacts/form.png, form-summary.png, form-phone.png, form-eliminated.png"

