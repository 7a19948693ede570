#!/usr/bin/env bash
# Printed outputs, checked with independent readers: PDF forms through pdftotext (every
# criterion name and option label, NFC), the council minutes (PDF via pdftotext, XLSX via
# openpyxl) against the council oracle (tests/oracle/council.py), first pages as PNG in
# target/artifacts/print/. Installs what it needs: poppler-utils (apt), openpyxl (a venv).
#   ocop-office/test-print.sh          a sample of sets per edition, every 26/2026 set
#   ocop-office/test-print.sh --all    every set of every edition
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/artifacts/print
mkdir -p "$OUT"

if ! command -v pdftotext >/dev/null || ! command -v pdftoppm >/dev/null; then
  apt-get update -qq && apt-get install -y -qq poppler-utils >/dev/null
fi
VENV=$ROOT/target/print-venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -c "import openpyxl" 2>/dev/null || "$VENV/bin/pip" install -q openpyxl

cargo build -q --release -p ocop-cli
OCOP=$ROOT/target/release/ocop

echo "== PDF forms: pdftotext gives back every criterion name and option label"
"$VENV/bin/python" ocop-office/tests/print/check.py forms "$OCOP" "$OUT/forms" "$@"
echo "== minutes: figures equal the council oracle's (pdftotext, openpyxl)"
"$VENV/bin/python" ocop-office/tests/print/check.py minutes "$OCOP" "$OUT"
echo "== pictures: $(ls "$OUT"/*.png "$OUT"/forms/*.png | wc -l) PNG files in $OUT"
