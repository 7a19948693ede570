#!/usr/bin/env bash
# Office formats, tested with programs that are not ocop: openpyxl fills forms through their
# defined names, LibreOffice Calc (headless) recalculates them, saves them as xlsx and ods and
# prints them; `ocop import` must give back what `ocop score` computes for the same answers
# (ocop-office/tests/forms.py says exactly what is checked).
#
# Works from any directory, on a fresh machine: installs LibreOffice Calc and poppler-utils
# from Debian when `soffice` or `pdftoppm` is missing (root, or sudo), and openpyxl from PyPI
# into a virtualenv kept in target/ocop-office-venv (override: OCOP_OFFICE_VENV). Pictures of
# the printed forms go to target/artifacts/. OCOP_OFFICE_NO_LIBREOFFICE=1 skips the
# LibreOffice part (for a quick run).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
VENV="${OCOP_OFFICE_VENV:-$TARGET/ocop-office-venv}"
WORK="$TARGET/ocop-office-work"
PYTHON="${PYTHON:-python3}"

say() { printf -- '--- ocop-office: %s\n' "$*"; }

apt_install() {
    local sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    say "installing $* (apt-get)"
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

LIBREOFFICE=1
if [ "${OCOP_OFFICE_NO_LIBREOFFICE:-0}" = 1 ]; then LIBREOFFICE=0; fi
if [ "$LIBREOFFICE" = 1 ]; then
    missing=()
    command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
    command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
    fc-list 2>/dev/null | grep -qi "dejavu\|noto\|liberation" || missing+=(fonts-dejavu-core)
    if [ "${#missing[@]}" -gt 0 ]; then apt_install "${missing[@]}"; fi
fi

if [ ! -x "$VENV/bin/python" ]; then
    say "creating virtualenv $VENV"
    "$PYTHON" -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c 'import openpyxl' 2>/dev/null; then
    say "installing openpyxl into the virtualenv"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "openpyxl>=3.1,<4"
fi

say "building ocop (release)"
cargo build --quiet --release -p ocop-cli --manifest-path "$ROOT/Cargo.toml"
OCOP="$TARGET/release/ocop"

rm -rf "$WORK"
mkdir -p "$WORK" "$TARGET/artifacts"
args=("$OCOP" "$WORK")
if [ "$LIBREOFFICE" = 1 ]; then args+=(--libreoffice); fi
say "forms filled by openpyxl$([ "$LIBREOFFICE" = 1 ] && echo ', recalculated and saved by LibreOffice')"
cd "$ROOT"
OCOP_ARTIFACTS="$TARGET/artifacts" "$VENV/bin/python" "$HERE/tests/forms.py" "${args[@]}"
say "ok"
