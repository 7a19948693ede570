"""ocop.portfolio: the edge-case register against the independent oracle
(tests/oracle/portfolio.py), the same register as a path, bytes and a DataFrame with equal
results, the DataFrames, the notebook display, and (when OCOP_CLI names the binary, as
ocop-office/test-portfolio.sh does) equality with the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import zipfile

import pytest

import ocop
from conftest import ROOT

EDGE = ROOT / "tests" / "portfolio"
REGISTER = EDGE / "register-edge.csv"
TARGETS = EDGE / "targets-edge.json"
ON = "2026-12-01"


def project(p: dict) -> dict:
    nx = p["next_star"]
    o = {
        "row": p["row"], "product_id": p["product_id"], "standing": p["standing"],
        "expires": p["expires"], "window": p["window"], "days_to_expiry": p["days_to_expiry"],
        "three_star_non": p["three_star_non"],
        "next_star": None if nx is None else {
            "target": nx["target"], "band_min": nx["band_min"],
            "points_missing": nx["points_missing"], "has_plan": nx["plan"] is not None},
        "flags": [f["code"] for f in p["flags"]],
        "error": None if p["error"] is None else {"code": p["error"]["code"], "column": p["error"]["column"]},
    }
    if p["error"] is None:
        o.update(edition=p["edition"], edition_inferred=p["edition_inferred"], valid_until=p["valid_until"])
    return o


@pytest.fixture(scope="module")
def edge():
    return ocop.portfolio(REGISTER, on=ON, targets=TARGETS)


def test_matches_the_oracle(edge):
    want = json.loads((EDGE / "expected-edge.json").read_text(encoding="utf-8"))
    got = edge.to_dict()
    assert [project(p) for p in got["products"]] == want["products"]
    assert got["summary"] == want["summary"]
    assert got["upcoming"] == want["upcoming"]
    assert got["targets"] == want["targets"]


def test_path_bytes_and_dataframe_agree(edge):
    import datetime as dt

    import pandas as pd

    by_bytes = ocop.portfolio(REGISTER.read_bytes(), on=dt.date(2026, 12, 1), targets=TARGETS.read_bytes())
    assert by_bytes.to_dict() == edge.to_dict()
    df = pd.read_csv(REGISTER, dtype=str, keep_default_na=False)
    targets = json.loads(TARGETS.read_text(encoding="utf-8"))
    by_frame = ocop.portfolio(df, on=ON, targets=targets)
    assert by_frame.to_dict() == edge.to_dict()
    # pandas' own types: numbers as int64/float64 (NaN for empty cells), one column of
    # timestamps.
    typed = pd.read_csv(REGISTER)
    typed["result_on"] = pd.to_datetime(typed["result_on"])
    assert typed["product_set"].dtype.kind == "i" and typed["1.1"].dtype.kind == "f"
    by_typed = ocop.portfolio(typed, on=ON, targets=targets)
    assert by_typed.to_dict() == edge.to_dict()


def test_dataframes(edge):
    products = edge.products
    assert len(products) == edge.totals["rows"] == 62
    bad = products[products.error_code.notna()]
    assert len(bad) == edge.totals["errors"]
    assert set(bad.error_code) >= {"missing_field", "invalid_number", "invalid_date", "duplicate_key",
                                   "unknown_edition", "conflicting_fields", "no_edition_for_date",
                                   "unknown_product_set", "option_out_of_range"}
    assert bad.standing.isna().all()
    s = edge.summary
    assert set(s["by"]) == {"stars", "sector", "product_set", "district"}
    stars = s[s["by"] == "stars"]
    assert stars["count"].sum() == edge.totals["products"]
    up = edge.upcoming
    assert list(up.columns)[:3] == ["date", "event", "days"]
    assert (up.days.between(0, 180)).all()
    assert len(edge.targets) == 3


def test_display_and_files(edge, tmp_path):
    html = edge._repr_html_()
    assert html.count("<svg") == 3 and "ocop-stars-by-sector" in html and "<script" not in html
    page = edge.to_html(tmp_path / "r.html")
    assert page.startswith("<!DOCTYPE html>") and (tmp_path / "r.html").read_text(encoding="utf-8") == page
    edge.to_xlsx(tmp_path / "r.xlsx")
    with zipfile.ZipFile(tmp_path / "r.xlsx") as z:
        assert "xl/workbook.xml" in z.namelist()


def test_unreadable_register_raises():
    with pytest.raises(ocop.OcopError) as e:
        ocop.portfolio(b"product_id,stars\nA,3\n", on=ON)
    assert e.value.code == "missing_field" and e.value.path == "/columns/product_name"
    with pytest.raises(ocop.OcopError) as e:
        ocop.portfolio(REGISTER, on="2026-02-30")
    assert e.value.code == "invalid_date"


@pytest.mark.skipif("OCOP_CLI" not in os.environ, reason="OCOP_CLI (the ocop binary) not given")
@pytest.mark.parametrize("register,targets", [
    (REGISTER, TARGETS),
    (ROOT / "examples" / "register.csv", ROOT / "examples" / "targets.json"),
])
def test_cli_and_python_agree(register, targets):
    out = subprocess.run([os.environ["OCOP_CLI"], "portfolio", str(register), "--on", ON,
                          "--targets", str(targets)], capture_output=True, check=False)
    assert out.returncode in (0, 1), out.stderr
    assert json.loads(out.stdout) == ocop.portfolio(register, on=ON, targets=targets).to_dict()
