#!/usr/bin/env bash
# Builds the npm package of ocop-wasm into ocop-wasm/pkg/ (and a copy for the form in www/pkg/).
#
#   pkg/package.json        npm manifest (explicit "files" and "exports")
#   pkg/nodejs/             CommonJS glue for Node     (require("ocop-wasm"))
#   pkg/web/                ES module glue for browsers without a bundler (await init())
#   pkg/bundler/            ES module glue for bundlers (import "ocop-wasm" in webpack/vite),
#                           and ocop_bg.wasm, the one module all three targets load (wasm-bindgen
#                           writes the same bytes for each; shipping one keeps the package small)
#
# Installs what it needs: the wasm32-unknown-unknown target, wasm-bindgen-cli at exactly the
# version of the wasm-bindgen crate (skipped when `wasm-bindgen --version` already matches),
# and the npm dev dependencies (npm ci). wasm-opt comes from npm binaryen@132 (Debian's
# binaryen 108 writes modules that fail to load); without it the module is left unoptimised.
# Runs from any directory. Environment: OCOP_WASM_OPT=0 skips wasm-opt.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
PKG="$HERE/pkg"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
log() { printf '[ocop-wasm build] %s\n' "$*" >&2; }

# The exact wasm-bindgen version from Cargo.toml (`wasm-bindgen = "=X.Y.Z"`).
WB_VERSION="$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' "$HERE/Cargo.toml")"
[ -n "$WB_VERSION" ] || { log "cannot read the pinned wasm-bindgen version"; exit 1; }

# 1. Toolchain -------------------------------------------------------------------------------
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WB_VERSION" ]; then
  # No --locked: a locked dependency of the CLI is missing from the registry (toolchain.md).
  log "installing wasm-bindgen-cli $WB_VERSION (compiles for about 3 minutes)"
  cargo install wasm-bindgen-cli --version "=$WB_VERSION" --force
fi
if [ ! -x "$HERE/node_modules/.bin/tsc" ] || [ ! -x "$HERE/node_modules/.bin/wasm-opt" ] \
  || [ ! -d "$HERE/node_modules/playwright-core" ] \
  || [ "$HERE/package-lock.json" -nt "$HERE/node_modules/.package-lock.json" ]; then
  log "installing the npm dev dependencies"
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)
fi

# 2. Compile ---------------------------------------------------------------------------------
# The wasm-release profile (panic = "abort", LTO, opt-level "z", strip = "debuginfo") is
# defined in wasm-profile.toml, so the root profiles used by the CLI and the wheel stay as
# they are. Paths are remapped so the module does not depend on where the repository lies.
log "compiling (cargo, wasm-release profile)"
CARGO_HOME_DIR="${CARGO_HOME:-$HOME/.cargo}"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--remap-path-prefix=$ROOT=/ocop --remap-path-prefix=$CARGO_HOME_DIR=/cargo"
(cd "$ROOT" && cargo build -p ocop-wasm --lib --target wasm32-unknown-unknown \
  --profile wasm-release --config "$HERE/wasm-profile.toml")
TARGET_DIR="$(cd "$ROOT" && cargo metadata --format-version 1 --no-deps \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
WASM="$TARGET_DIR/wasm32-unknown-unknown/wasm-release/ocop_wasm.wasm"
VERSION="$(cd "$ROOT" && cargo pkgid -p ocop-wasm | sed 's/.*[#@]//')"

# 3. Bind ------------------------------------------------------------------------------------
rm -rf "$PKG"
mkdir -p "$PKG"
for t in nodejs web bundler; do
  log "wasm-bindgen --target $t"
  wasm-bindgen --target "$t" --out-dir "$PKG/$t" --out-name ocop "$WASM"
done
for t in web bundler; do
  cmp -s "$PKG/nodejs/ocop_bg.wasm" "$PKG/$t/ocop_bg.wasm" \
    || { log "the $t module differs from the nodejs one; cannot share it"; exit 1; }
done

# One module for all targets: the bundler's copy stays where its ES module integration needs it
# (its imports name "./ocop_bg.js"), and the nodejs and web glue load ../bundler/ocop_bg.wasm.
rm -f "$PKG"/nodejs/ocop_bg.wasm "$PKG"/nodejs/ocop_bg.wasm.d.ts "$PKG"/web/ocop_bg.wasm "$PKG"/web/ocop_bg.wasm.d.ts
relink() { # file, text before, text after: exactly one occurrence must change
  local n
  n="$(grep -cF -- "$2" "$1" || true)"
  [ "$n" = 1 ] || { log "expected one '$2' in $1, found $n (wasm-bindgen output changed?)"; exit 1; }
  F="$1" A="$2" B="$3" node -e 'const fs=require("fs");const f=process.env.F;fs.writeFileSync(f,fs.readFileSync(f,"utf8").replace(process.env.A,process.env.B))'
}
relink "$PKG/nodejs/ocop.js" '`${__dirname}/ocop_bg.wasm`' '`${__dirname}/../bundler/ocop_bg.wasm`'
relink "$PKG/web/ocop.js" "new URL('ocop_bg.wasm', import.meta.url)" "new URL('../bundler/ocop_bg.wasm', import.meta.url)"

# The web declarations are the bundler's (both ES modules) plus web's init functions: ship the
# contract's types once, and let web/ocop.d.ts re-export them (keeps the package in budget).
F="$PKG/web/ocop.d.ts" B="$PKG/bundler/ocop.d.ts" node -e '
const fs = require("fs");
const web = fs.readFileSync(process.env.F, "utf8"), bundler = fs.readFileSync(process.env.B, "utf8");
if (!web.startsWith(bundler)) { console.error("web/ocop.d.ts does not extend bundler/ocop.d.ts (wasm-bindgen output changed?)"); process.exit(1); }
fs.writeFileSync(process.env.F, "/* tslint:disable */\n/* eslint-disable */\n// The contract: functions and types shared with the bundler target.\nexport * from \"../bundler/ocop.js\";\n" + web.slice(bundler.length));
'
WASM_OUT="$PKG/bundler/ocop_bg.wasm"

# 4. Optimise --------------------------------------------------------------------------------
if [ "${OCOP_WASM_OPT:-1}" != 0 ] && [ -x "$HERE/node_modules/.bin/wasm-opt" ]; then
  log "wasm-opt -Oz ($("$HERE/node_modules/.bin/wasm-opt" --version))"
  "$HERE/node_modules/.bin/wasm-opt" -Oz "$WASM_OUT" -o "$WASM_OUT.opt"
  mv "$WASM_OUT.opt" "$WASM_OUT"
else
  log "wasm-opt not used"
fi

# 5. Manifests -------------------------------------------------------------------------------
# Each target directory says how Node should read its .js files.
printf '{\n  "type": "commonjs"\n}\n' >"$PKG/nodejs/package.json"
printf '{\n  "type": "module"\n}\n' >"$PKG/web/package.json"
printf '{\n  "type": "module"\n}\n' >"$PKG/bundler/package.json"
cp "$HERE/README.md" "$PKG/README.md"
VERSION="$VERSION" node -e '
const fs = require("fs");
const pkg = {
  name: "ocop-wasm",
  version: process.env.VERSION,
  description: "Vietnam OCOP product-evaluation criteria and the deterministic scorer of ocop-core, compiled to WebAssembly",
  license: "MIT OR Apache-2.0",
  main: "./nodejs/ocop.js",
  module: "./bundler/ocop.js",
  types: "./nodejs/ocop.d.ts",
  sideEffects: ["./bundler/ocop.js"],
  files: [
    "README.md",
    "nodejs/ocop.js", "nodejs/ocop.d.ts", "nodejs/package.json",
    "web/ocop.js", "web/ocop.d.ts", "web/package.json",
    "bundler/ocop.js", "bundler/ocop_bg.js", "bundler/ocop.d.ts", "bundler/package.json",
    "bundler/ocop_bg.wasm", "bundler/ocop_bg.wasm.d.ts"
  ],
  exports: {
    ".": {
      node: { types: "./nodejs/ocop.d.ts", default: "./nodejs/ocop.js" },
      browser: { types: "./bundler/ocop.d.ts", default: "./bundler/ocop.js" },
      types: "./bundler/ocop.d.ts",
      default: "./bundler/ocop.js"
    },
    "./nodejs": { types: "./nodejs/ocop.d.ts", default: "./nodejs/ocop.js" },
    "./web": { types: "./web/ocop.d.ts", default: "./web/ocop.js" },
    "./bundler": { types: "./bundler/ocop.d.ts", default: "./bundler/ocop.js" },
    "./ocop_bg.wasm": "./bundler/ocop_bg.wasm",
    "./package.json": "./package.json"
  }
};
for (const f of pkg.files) {
  if (!fs.existsSync(process.argv[1] + "/" + f)) { console.error("missing " + f); process.exit(1); }
}
fs.writeFileSync(process.argv[1] + "/package.json", JSON.stringify(pkg, null, 2) + "\n");
' "$PKG"

# 6. The form's copy ---------------------------------------------------------------------------
# www/ is a self-contained static site: it loads ./pkg/web/ocop.js, which loads
# ./pkg/bundler/ocop_bg.wasm.
rm -rf "$HERE/www/pkg"
mkdir -p "$HERE/www/pkg/web" "$HERE/www/pkg/bundler"
cp "$WASM_OUT" "$HERE/www/pkg/bundler/"
cp "$PKG/web/ocop.js" "$PKG/web/package.json" "$HERE/www/pkg/web/"

log "done: $PKG (version $VERSION)"
