"""The scorecard: self-contained SVG with parts, total, stars, caps, next star, elimination."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import ocop

from conftest import GOLDEN

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> str:
    root = ET.fromstring(svg)
    return " | ".join(t.text or "" for t in root.iter(f"{SVG}text"))


def load(name):
    return json.loads((GOLDEN / "26-2026" / name).read_text(encoding="utf-8"))["request"]


def test_capped_scorecard(tmp_path):
    r = ocop.score(load("capped-4-to-2.json"))
    svg = r.to_svg(tmp_path / "card.svg")
    assert (tmp_path / "card.svg").read_text(encoding="utf-8") == svg
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag == f"{SVG}svg"
    # No scripts, no external references: only the SVG namespace URL appears.
    assert "<script" not in svg and "href" not in svg
    assert set(re.findall(r"https?://[^\"' ]+", svg)) == {"http://www.w3.org/2000/svg"}
    t = texts(svg)
    for part in "ABC":
        assert f"{r.parts[part].points} / {r.parts[part].max}" in t
        assert root.find(f".//{SVG}rect[@class='bar-{part}']") is not None
    assert f"Total {r.total} / 100" in t
    assert "2★ (band 4★)" in t
    assert "2.2: 3★ needs option 3" in t
    assert "Next: 3★" in t and "Cheapest plan to 3★" in t
    assert len(root.findall(f".//{SVG}text[@class='star-on']")) == 2
    html = r._repr_html_()
    assert html.startswith('<div class="ocop-scorecard"><svg') and svg in html


def test_bar_widths_follow_points():
    r = ocop.score(load("capped-4-to-2.json"))
    root = ET.fromstring(r.to_svg())
    bar = root.find(f".//{SVG}rect[@class='bar-A']")
    assert abs(float(bar.get("width")) - 300 * r.parts.A.points / r.parts.A.max) < 0.1


def test_eliminated_and_top_scorecards():
    s = ocop.Sheet("26/2026", 1)
    e = s.score({"1.1": 1}, partial=True, eliminated=["6.1"])
    t = texts(e.to_svg())
    assert "no stars (eliminated)" in t and "criterion 6.1 (flagged by the council)" in t
    top = ocop.score(load("boundary-100.json"))
    assert top.stars == 5
    assert "Highest level reached (5★)" in texts(top.to_svg())


def test_council_scorecard():
    members = [{"member": m, "answers": load("boundary-090.json")["answers"]} for m in ("a", "b")]
    req = load("boundary-090.json")
    c = ocop.score_council({"edition": req["edition"], "product_set": req["product_set"], "level": "central", "members": members})
    t = texts(c.to_svg())
    assert "Council of 2 members" in t and f"Total {c.total} / 100" in t
