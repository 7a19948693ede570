"""ocop.minutes: the council's minutes through Python, the same Rust code as ``ocop minutes``.
Every figure is checked against the independent council oracle (tests/oracle/council.py)."""

import io
import json
import os
import sys

import openpyxl
import pytest

import ocop

ROOT = os.environ.get("OCOP_ROOT") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", "..")
)
sys.path.insert(0, os.path.join(ROOT, "tests", "oracle"))
import council as oracle_council  # noqa: E402


def _session():
    with open(os.path.join(ROOT, "examples", "session.json"), encoding="utf-8") as f:
        return json.load(f)


def test_xlsx_minutes_match_the_oracle(tmp_path):
    session = _session()
    path = tmp_path / "bien-ban.xlsx"
    data = ocop.minutes(session, path, format="xlsx")
    assert path.read_bytes() == data and data[:2] == b"PK"
    wb = openpyxl.load_workbook(io.BytesIO(data))
    summary = wb["Tổng hợp"]
    expected = [
        oracle_council.score_council({k: v for k, v in r.items()
                                      if k not in ("product", "product_code", "owner")})
        for r in session
    ]
    for i, e in enumerate(expected):
        row = [c.value for c in summary[i + 4]]
        avg = e["average"]
        assert row[6] == len(e["members"])
        assert abs(row[7] - avg["numerator"] / avg["denominator"]) < 1e-9
        assert row[8] == f"{avg['numerator']}/{avg['denominator']}"
        assert row[9] == e["spread"]
        assert row[10] == ("có" if e["rescore_required"] else "không")
        assert (row[11], row[12]) == (e["band"], e["stars"])
    members = [[c.value for c in r][:4] for r in wb["Thành viên"].iter_rows(min_row=2)]
    assert members == [[i + 1, session[i]["product"], m["member"], m["total"]]
                       for i, e in enumerate(expected) for m in e["members"]]


def test_pdf_minutes_and_text_forms():
    session = _session()
    pdf = ocop.minutes(json.dumps(session, ensure_ascii=False), format="pdf")
    assert pdf[:5] == b"%PDF-"
    # One request alone is accepted, in English too.
    assert ocop.minutes(session[0], format="pdf", lang="en")[:5] == b"%PDF-"


def test_minutes_errors_are_typed_with_the_request_index():
    session = _session()
    bad = json.loads(json.dumps(session))
    first = next(iter(bad[1]["members"][0]["answers"]))
    bad[1]["members"][0]["answers"][first] = 99
    with pytest.raises(ocop.OcopError) as info:
        ocop.minutes(bad, format="xlsx")
    assert info.value.code == "option_out_of_range"
    assert info.value.path == f"/1/members/0/answers/{first}"
    with pytest.raises(ValueError, match="docx"):
        ocop.minutes(session, format="docx")
