"""The whole golden corpus (tests/golden/**/*.json) through the Python API.

Each case's op maps to its function: score → ocop.score, advise → ocop.advise,
edition_for → ocop.edition_for, certificate → ocop.certificate. An op the package does not
bind fails the test (never skipped). Outcomes are compared with `expected` after JSON
normalisation; failures also check the exception class, code and path.
"""

from __future__ import annotations

import json

import pytest

import ocop
from ocop._errors import FAMILIES

from conftest import GOLDEN, golden_files, normalise

OPS = {
    "score": ocop.score,
    "advise": ocop.advise,
    "edition_for": ocop.edition_for,
    "certificate": ocop.certificate,
}

FILES = golden_files()


def test_corpus_is_there():
    assert len(FILES) >= 40, f"expected at least 40 golden cases under {GOLDEN}, found {len(FILES)}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(GOLDEN)))
def test_golden_case(path):
    case = json.loads(path.read_text(encoding="utf-8"))
    op = case.get("op", "score")
    if op not in OPS:
        pytest.fail(f"op {op!r} is not supported by the Python package")
    fn = OPS[op]
    assert ("request" in case) != ("request_text" in case), "exactly one of request/request_text"
    arg = case["request"] if "request" in case else case["request_text"]
    if op != "score" and isinstance(arg, str):
        # Raw text is a whole request for every op (a str may also be a date for some).
        arg = arg.encode("utf-8")
    expected = case["expected"]
    try:
        result = fn(arg)
    except ocop.OcopError as e:
        actual = e.to_dict()
        assert expected["status"] == "failure", f"unexpected failure: {e!r}"
        first = expected["errors"][0]
        assert type(e) is FAMILIES.get(first["code"], ocop.OcopError)
        assert isinstance(e, ValueError)
        assert (e.code, e.path) == (first["code"], first["path"])
        assert [(x.code, x.path) for x in e.errors] == [(x["code"], x["path"]) for x in expected["errors"]]
    else:
        actual = result.to_dict()
        assert expected["status"] == "success", f"expected a failure, got {actual}"
    assert normalise(actual, expected) == expected

    # Bytes in, same outcome; the ScoreResult's JSON text is the core's document.
    if op == "score" and "request_text" not in case:
        text = json.dumps(arg, ensure_ascii=False)
        try:
            again = ocop.score(text.encode("utf-8")).to_dict()
        except ocop.OcopError as e:
            again = e.to_dict()
        assert normalise(again, expected) == expected
        if expected["status"] == "success":
            assert json.loads(result.to_json()) == expected
