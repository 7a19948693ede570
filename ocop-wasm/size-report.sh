#!/usr/bin/env bash
# Size report of the built package (run build.sh first): raw and gzip -9 bytes of the .wasm
# (every edition embedded) and of the JavaScript glue, per target and for the npm tarball.
# Budget (issue 5): at most 250 KB (256,000 bytes) gzip for what one target loads (module +
# glue) and for the whole npm package. Exits 1 when over budget. Not a timed test.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PKG="$HERE/pkg"
BUDGET=256000
[ -f "$PKG/bundler/ocop_bg.wasm" ] || { echo "no package: run ocop-wasm/build.sh first" >&2; exit 2; }

raw() { cat "$@" | wc -c | tr -d ' '; }
gz() { cat "$@" | gzip -9 -n | wc -c | tr -d ' '; }
row() { printf '%-44s %10s %10s\n' "$1" "$2" "$3"; }

over=0
row "file" "raw" "gzip -9"
for f in bundler/ocop_bg.wasm nodejs/ocop.js web/ocop.js bundler/ocop.js bundler/ocop_bg.js \
  nodejs/ocop.d.ts web/ocop.d.ts; do
  row "$f" "$(raw "$PKG/$f")" "$(gz "$PKG/$f")"
done
echo
row "what one target loads (module + glue)" "raw" "gzip -9"
check() { # label, files...
  local label="$1"; shift
  local g; g="$(gz "$@")"
  local sum=0 f
  # gzip of each file separately, as a server sends them.
  for f in "$@"; do sum=$((sum + $(gz "$f"))); done
  row "$label" "$(raw "$@")" "$sum"
  [ "$sum" -le "$BUDGET" ] || over=1
}
check "nodejs" "$PKG/bundler/ocop_bg.wasm" "$PKG/nodejs/ocop.js"
check "web" "$PKG/bundler/ocop_bg.wasm" "$PKG/web/ocop.js"
check "bundler" "$PKG/bundler/ocop_bg.wasm" "$PKG/bundler/ocop.js" "$PKG/bundler/ocop_bg.js"
echo
# The npm tarball (.tgz is gzip) with every file of package.json "files".
tarball="$(cd "$PKG" && npm pack --silent --pack-destination "$(mktemp -d)" 2>/dev/null | tail -1)"
tgz="$(ls -1t /tmp/tmp.*/"$tarball" 2>/dev/null | head -1 || true)"
if [ -n "$tgz" ] && [ -f "$tgz" ]; then
  unpacked="$(tar -xzOf "$tgz" | wc -c | tr -d ' ')"
  packed="$(wc -c <"$tgz" | tr -d ' ')"
  row "npm package ($tarball)" "$unpacked" "$packed"
  [ "$packed" -le "$BUDGET" ] || over=1
  rm -f "$tgz"
fi
echo
data_raw="$(cat "$HERE"/../ocop-core/data/*/*.json | wc -c | tr -d ' ')"
data_gz="$(cat "$HERE"/../ocop-core/data/*/*.json | gzip -9 -n | wc -c | tr -d ' ')"
row "of which: embedded criteria data (JSON)" "$data_raw" "$data_gz"
echo
if [ "$over" = 0 ]; then
  echo "within budget: every figure above is at most $BUDGET bytes gzip"
else
  echo "OVER BUDGET ($BUDGET bytes gzip)"
  exit 1
fi
