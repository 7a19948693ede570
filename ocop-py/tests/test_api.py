"""Catalogue, result objects, the Sheet handle, councils, editions by date, certificates."""

from __future__ import annotations

import datetime
from fractions import Fraction
import json
import pickle

import pytest

import ocop

from conftest import random_answers

REQ = {"edition": "26/2026", "product_set": "1", "answers": {"1.1": 3}, "partial": True}


def test_editions_sets_sheet_versions():
    eds = ocop.editions()
    ids = [e["id"] for e in eds]
    assert "26/2026" in ids and "1048/2019" in ids
    assert list(eds[0])[:2] == ["id", "decision"]  # core order kept
    sets = ocop.product_sets("26/2026")
    assert [s["number"] for s in sets] == list(range(1, 27))
    sh = ocop.sheet("26/2026", "01")
    assert sh == ocop.sheet("26/2026", 1)
    assert sh["product_set"]["number"] == 1 and sh["criteria"]
    v = ocop.versions()
    assert v["engine"] and v["ocop"] == ocop.__version__ and v["data"]["26/2026"]
    with pytest.raises(ocop.UnknownReferenceError) as ei:
        ocop.product_sets("27/2027")
    assert ei.value.code == "unknown_edition" and ei.value.path == "/edition"
    with pytest.raises(ocop.UnknownReferenceError) as ei:
        ocop.sheet("26/2026", 27)
    assert ei.value.code == "unknown_product_set"


def test_result_object():
    r = ocop.score(REQ)
    assert r.ok is True and r.is_council is False
    d = r.to_dict()
    assert d["status"] == "success" and list(d)[:3] == ["status", "edition", "product_set"]
    assert r.total == d["total"] and r.stars == d["stars"] and r.band == d["band"]
    assert r.parts.A.points == d["parts"]["A"]["points"]
    assert r["parts"]["B"]["max"] == d["parts"]["B"]["max"]
    assert r.criteria[0].code == "1.1" and list(r.criteria[0]) == ["code", "part", "option", "points", "max"]
    assert "total" in r and "nope" not in r
    assert "total" in dir(r) and "to_svg" in dir(r)
    assert list(r.keys()) == list(d)
    with pytest.raises(AttributeError):
        r.nope
    with pytest.raises(KeyError):
        r["nope"]
    assert json.loads(r.to_json()) == d
    assert json.loads(r.to_json(indent=2)) == d and "\n  " in r.to_json(indent=2)
    assert r == ocop.score(json.dumps(REQ)) and r != ocop.score({**REQ, "answers": {"1.1": 1}})
    assert "total=" in repr(r)
    # Results are independent copies: mutating one dict does not change the result.
    d["total"] = -1
    assert r.to_dict()["total"] != -1
    assert r.to_dict()["unanswered"]


def test_input_forms_agree():
    text = json.dumps(REQ)
    a = ocop.score(REQ).to_dict()
    assert ocop.score(text).to_dict() == a
    assert ocop.score(text.encode()).to_dict() == a
    assert ocop.score(bytearray(text.encode())).to_dict() == a
    # tuples for lists, NaN/None/pd.NA for unanswered
    b = ocop.score({**REQ, "answers": {"1.1": 3, "1.2": float("nan"), "1.3": None}})
    assert b.to_dict() == a


def test_sheet_handle(rng):
    s = ocop.Sheet("26/2026", "8")
    assert (s.edition, s.product_set, len(s)) == ("26/2026", 8, len(s.codes))
    assert s.to_dict() == ocop.sheet("26/2026", 8)
    answers = random_answers(rng, "26/2026", 8)
    r = s.score(answers)
    assert r == ocop.score({"edition": "26/2026", "product_set": "8", "answers": answers})
    p = s.score({"1.1": 2}, partial=True)
    assert p.unanswered and not p.complete
    with pytest.raises(ocop.AnswerError) as ei:
        s.score({"1.1": 2})
    assert ei.value.code == "missing_answer" and ei.value.path.startswith("/answers/")
    with pytest.raises(ocop.UnknownReferenceError) as ei:
        s.score({"99.9": 1}, partial=True)
    assert (ei.value.code, ei.value.path) == ("unknown_criterion", "/answers/99.9")
    with pytest.raises(ocop.InputFormatError) as ei:
        s.score({"1.1": "three"}, partial=True)
    assert (ei.value.code, ei.value.path) == ("wrong_type", "/answers/1.1")
    with pytest.raises(ocop.InputFormatError) as ei:
        s.score({"1.1": [1, {"x": object()}]}, partial=True)
    assert (ei.value.code, ei.value.path) == ("wrong_type", "/answers/1.1/1/x")
    many = s.score_many([answers, {"1.1": 9}, answers], partial=True)
    assert many[0] == many[2] == s.score(answers)
    assert isinstance(many[1], ocop.AnswerError) and many[1].path == "/answers/1.1"
    with pytest.raises(ocop.UnknownReferenceError):
        ocop.Sheet("26/2026", 40)
    with pytest.raises(ocop.UnknownReferenceError):
        ocop.Sheet("1/1900", 1)


def test_eliminated_flag_and_stop():
    s = ocop.Sheet("26/2026", 1)
    r = s.score({"1.1": 1}, partial=True, eliminated=["6.1"])
    assert r.stars is None and r.eliminated.criterion == "6.1" and r.eliminated.by == "request"
    assert r.next_star is None
    with pytest.raises(ocop.AnswerError) as ei:
        s.score({"1.1": 1}, partial=True, eliminated=["1.1"])
    assert (ei.value.code, ei.value.path) == ("not_eliminable", "/eliminated/0")


def test_next_star(rng):
    s = ocop.Sheet("26/2026", 1)
    low = s.score(random_answers(rng, "26/2026", 1, low=True))
    ns = low.next_star
    assert ns["stars"] == low.stars + 1
    assert ns["points_needed"] == max(0, ns["min_total"] - low.total)


def test_edition_for_and_certificate():
    a = ocop.edition_for("2026-06-01", "first")
    assert a.edition == "26/2026" and a.status == "success"
    assert ocop.edition_for(datetime.date(2026, 6, 1), "first") == a
    assert ocop.edition_for({"date": "2026-06-01", "dossier": "first"}) == a
    assert ocop.edition_for('{"date": "2026-06-01", "dossier": "first"}') == a
    with pytest.raises(ocop.InputFormatError) as ei:
        ocop.edition_for("2026-02-30", "first")
    assert (ei.value.code, ei.value.path) == ("invalid_date", "/date")
    with pytest.raises(ocop.UnknownReferenceError) as ei:
        ocop.edition_for("2001-01-01", "first")
    assert ei.value.code == "no_edition_for_date"
    c = ocop.certificate("2024-03-01", on="2026-01-01")
    assert c.expires and c.valid is True
    assert c.to_dict()["status"] == "success"
    assert ocop.certificate({"issued": "2024-03-01", "on": "2026-01-01"}) == c


def test_score_with_date_instead_of_edition():
    r = ocop.score({"date": "2026-06-01", "dossier": "first", "product_set": "1", "answers": {}, "partial": True})
    assert r.edition == "26/2026"


def test_council(rng):
    members = {f"m{i}": random_answers(rng, "26/2026", 3) for i in range(5)}
    r = ocop.score_council(edition="26/2026", product_set="3", level="province", members=members)
    assert r.is_council and len(r.members) == 5
    req = {
        "edition": "26/2026",
        "product_set": "3",
        "level": "province",
        "members": [{"member": k, "answers": v} for k, v in members.items()],
    }
    assert ocop.score_council(req) == r
    assert ocop.score(req) == r  # ocop.score accepts both shapes, like the CLI
    totals = [ocop.score({"edition": "26/2026", "product_set": "3", "answers": v}).total for v in members.values()]
    assert [m.total for m in r.members] == totals
    assert Fraction(r.average.numerator, r.average.denominator) == Fraction(sum(totals), 5)
    assert "<svg" in r._repr_html_()
    with pytest.raises(ocop.InputFormatError) as ei:
        ocop.score_council({"edition": "26/2026", "product_set": "3", "level": "province"})
    assert ei.value.code == "missing_field"


def test_advise(rng):
    req = {"edition": "26/2026", "product_set": "1", "answers": random_answers(rng, "26/2026", 1, low=True)}
    r = ocop.score(req)
    a = ocop.advise(req)
    assert a.target == r.stars + 1 and a.reachable
    assert a == r.advise()
    after = ocop.score({**req, "answers": {**req["answers"], **{c.criterion: c.to for c in a.changes}}})
    assert after.stars >= a.target
    a5 = ocop.advise(req, 5, frozen=["1.1"], max_changes=40)
    assert all(c.criterion != "1.1" for c in a5.changes)
    with pytest.raises(ocop.InputFormatError) as ei:
        ocop.advise(req, 9)
    assert (ei.value.code, ei.value.path) == ("invalid_number", "/target")


def test_error_objects():
    with pytest.raises(ocop.OcopError) as ei:
        ocop.score({"edition": "26/2026", "product_set": "1", "answers": {"1.1": 0, "1.2": -4}, "partial": True})
    e = ei.value
    assert isinstance(e, ValueError) and isinstance(e, ocop.AnswerError)
    assert len(e.errors) == 2 and e.errors[0].code == e.code == "option_out_of_range"
    assert e.message == e.errors[0].message and str(e).startswith("option_out_of_range at /answers/1.1: ")
    assert e.ok is False
    again = pickle.loads(pickle.dumps(e))
    assert type(again) is type(e) and again.errors == e.errors
    # As the core prints it: an error's source only when it has one.
    assert e.to_dict() == {"status": "failure", "errors": [
        {k: v for k, v in x._asdict().items() if not (k == "source" and v is None)} for x in e.errors]}
