#!/usr/bin/env bash
# A province's portfolio (issue 14), end to end:
#  1. the committed oracle outputs and the example register are what their seeded scripts make;
#  2. the Rust tests (the edge-case register against the oracle, as CSV, XLSX and JSON lines);
#  3. `ocop portfolio` on the example register as JSON, XLSX and HTML (artefacts in
#     target/artifacts/portfolio/); the workbook read back by Python's zipfile/XML reader;
#  4. the HTML report in headless Chromium: a screenshot, no console error, the inline script
#     ran (it marks <body data-ready>), nothing fetched from the network;
#  5. Python: ocop.portfolio against the oracle and equal to the CLI on both registers.
# Installs what it needs (apt chromium; the ocop-py virtualenv and wheel when missing).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
ART="$TARGET/artifacts/portfolio"
say() { printf -- '--- portfolio: %s\n' "$*"; }
cd "$ROOT"
mkdir -p "$ART"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

say "oracle outputs and the example register are reproducible"
python3 tests/oracle/portfolio.py --out "$WORK/oracle" >/dev/null
diff -r "$WORK/oracle" tests/portfolio
python3 tools/gen_register.py --out "$WORK/register.csv" >/dev/null
cmp "$WORK/register.csv" examples/register.csv

say "cargo test -p ocop-office"
cargo test -q -p ocop-office

say "ocop portfolio: json, xlsx, html"
cargo build -q -p ocop-cli
OCOP="$TARGET/debug/ocop"
run() { "$OCOP" portfolio examples/register.csv --on 2026-12-01 --targets examples/targets.json "$@"; }
run > "$ART/register.json"
run --format xlsx -o "$ART/register.xlsx"
run --format html -o "$ART/register.html"
set +e
"$OCOP" portfolio tests/portfolio/register-edge.csv --on 2026-12-01 --targets tests/portfolio/targets-edge.json > "$ART/edge.json"
rc=$?
set -e
[ "$rc" = 1 ] || { echo "the edge register has bad rows: exit 1 expected, got $rc"; exit 1; }
python3 - "$ART" <<'PY'
import json, sys, zipfile, re
from pathlib import Path
art = Path(sys.argv[1])
doc = json.loads((art / "register.json").read_text(encoding="utf-8"))
assert doc["status"] == "success" and len(doc["products"]) == 420, doc["summary"]["totals"]
with zipfile.ZipFile(art / "register.xlsx") as z:
    wb = z.read("xl/workbook.xml").decode()
    names = re.findall(r'<sheet name="([^"]+)"', wb)
    assert names == ["Sản phẩm", "Tổng hợp", "Sắp tới", "Mục tiêu", "Lỗi và cảnh báo"], names
    rows = re.findall(r"<row ", z.read("xl/worksheets/sheet1.xml").decode())
    assert len(rows) == 421, len(rows)
    up = re.findall(r"<row ", z.read("xl/worksheets/sheet3.xml").decode())
    assert len(up) == len(doc["upcoming"]) + 1
html = (art / "register.html").read_text(encoding="utf-8")
assert html.count("<svg") == 3
assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', html), "the report refers to the network"
print("json, xlsx and html ok:", doc["summary"]["totals"])
PY

say "headless Chromium: screenshot and console"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
    say "installing chromium (apt)"
    apt-get install -y -qq chromium >/dev/null
fi
PROFILE="$WORK/chromium-profile"
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking
       --disable-component-update --disable-sync --no-first-run --user-data-dir="$PROFILE"
       --hide-scrollbars --enable-logging=stderr --v=0)
"$CHROMIUM" "${flags[@]}" --window-size=1280,3000 --screenshot="$ART/report.png" \
    "file://$ART/register.html" 2> "$WORK/console.log" >/dev/null || true
"$CHROMIUM" "${flags[@]}" --user-data-dir="$PROFILE-2" --dump-dom "file://$ART/register.html" \
    2>> "$WORK/console.log" > "$WORK/dom.html" || true
cp "$WORK/console.log" "$ART/chromium.log"
[ -s "$ART/report.png" ] || { echo "no screenshot"; exit 1; }
if grep -E 'CONSOLE|Uncaught|ERR_' "$WORK/console.log" | grep -v 'ERR_FILE_NOT_FOUND.*favicon' ; then
    echo "console errors in the report (see $ART/chromium.log)"; exit 1
fi
grep -q 'data-ready="1"' "$WORK/dom.html" || { echo "the report's script did not run"; exit 1; }
say "screenshot: $ART/report.png"

say "Python: ocop.portfolio against the oracle and the CLI"
VENV="${OCOP_PY_VENV:-$TARGET/ocop-py-venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -c 'import maturin, pytest, pandas, numpy' 2>/dev/null || "$VENV/bin/python" -m pip install \
    --quiet --disable-pip-version-check "maturin>=1.9.4,<2" "pytest>=8" "pandas>=2" "numpy>=1.24"
# The same build as ocop-py/test.sh (cargo recompiles only what changed).
CARGO_PROFILE_RELEASE_PANIC=unwind "$VENV/bin/maturin" build --release --quiet --strip \
    --manifest-path ocop-py/Cargo.toml --out "$WORK/wheels" --interpreter "$VENV/bin/python"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall \
    --no-deps "$WORK"/wheels/ocop-*.whl
(cd ocop-py && OCOP_CLI="$OCOP" "$VENV/bin/python" -m pytest -q -p no:cacheprovider tests/test_portfolio.py)
say "ok"
