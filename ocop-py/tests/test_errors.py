"""Error classes, codes and paths for Python-specific inputs; no panic reaches Python."""

from __future__ import annotations

import json
import math

import pytest

import ocop
from ocop._errors import FAMILIES

BASE = {"edition": "26/2026", "product_set": "1", "partial": True}


def fails(request, cls, code, path):
    with pytest.raises(cls) as ei:
        ocop.score(request)
    assert (ei.value.code, ei.value.path) == (code, path), ei.value.errors
    return ei.value


def test_families_cover_every_core_code():
    codes = {
        "invalid_json", "empty_input", "nesting_too_deep", "input_too_large", "wrong_type",
        "unknown_field", "duplicate_key", "missing_field", "invalid_number", "conflicting_fields",
        "unknown_edition", "unknown_product_set", "unknown_criterion", "option_out_of_range",
        "missing_answer", "multiple_answers", "duplicate_option", "not_eliminable", "invalid_date",
        "no_edition_for_date", "data_unavailable", "invalid_data",
    }
    assert codes <= set(FAMILIES)
    for cls in set(FAMILIES.values()):
        assert issubclass(cls, ocop.OcopError) and issubclass(cls, ValueError)


def test_text_errors():
    fails("", ocop.InputFormatError, "empty_input", "")
    fails("   ", ocop.InputFormatError, "empty_input", "")
    fails('{"edition": ', ocop.InputFormatError, "invalid_json", "")
    fails(b"\xff\xfe", ocop.InputFormatError, "invalid_json", "")
    fails("[" * 200 + "]" * 200, ocop.InputFormatError, "nesting_too_deep", "")
    fails('{"edition": "26/2026", "edition": "26/2026"}', ocop.InputFormatError, "duplicate_key", "/edition")
    fails("\ufeff" + '{"edition": 1}', ocop.InputFormatError, "wrong_type", "/edition")


def test_python_value_errors():
    fails({**BASE, "answers": {"1.1": math.inf}}, ocop.InputFormatError, "invalid_number", "/answers/1.1")
    fails({**BASE, "answers": {"1.1": object()}}, ocop.InputFormatError, "wrong_type", "/answers/1.1")
    fails({**BASE, "answers": {1: 1}}, ocop.InputFormatError, "wrong_type", "/answers/1")
    fails({**BASE, "answers": {"1.1": True}}, ocop.InputFormatError, "wrong_type", "/answers/1.1")
    fails({**BASE, "answers": {"1.1": 2.5}}, ocop.InputFormatError, "invalid_number", "/answers/1.1")
    fails({**BASE, "answers": {"1.1": -1}}, ocop.AnswerError, "option_out_of_range", "/answers/1.1")
    # Integers beyond 64 bits read as the JSON parser reads such literals.
    big = {**BASE, "answers": {"1.1": 2**70}}
    with pytest.raises(ocop.OcopError) as a:
        ocop.score(big)
    with pytest.raises(ocop.OcopError) as b:
        ocop.score(json.dumps(big))
    assert a.value.errors == b.value.errors and a.value.path == "/answers/1.1"
    fails({**BASE, "answers": {"a/b~": 1}}, ocop.UnknownReferenceError, "unknown_criterion", "/answers/a~1b~0")
    fails({**BASE, "answers": []}, ocop.InputFormatError, "wrong_type", "/answers")
    fails({**BASE, "answers": {}, "extra": 1}, ocop.InputFormatError, "unknown_field", "/extra")
    fails({"product_set": "1", "answers": {}}, ocop.InputFormatError, "missing_field", "/edition")
    fails({**BASE, "edition": "9/1999", "answers": {}}, ocop.UnknownReferenceError, "unknown_edition", "/edition")
    fails({**BASE, "product_set": "99", "answers": {}}, ocop.UnknownReferenceError, "unknown_product_set", "/product_set")
    fails(42, ocop.InputFormatError, "wrong_type", "")
    fails(None, ocop.InputFormatError, "wrong_type", "")
    # Self-referencing structures stop at the depth limit instead of overflowing the stack.
    loop: list = []
    loop.append(loop)
    fails({**BASE, "answers": {"1.1": loop}}, ocop.InputFormatError, "nesting_too_deep", "")


def test_numpy_and_pandas_values():
    import numpy as np
    import pandas as pd

    r = ocop.score({**BASE, "answers": {"1.1": np.int64(3), "1.2": np.float64("nan"), "1.3": pd.NA}})
    assert r.criteria[0].option == 3 and r.criteria[1].option is None
    assert ocop.score({**BASE, "answers": {"1.1": np.array([3])}}).criteria[0].option == 3


def test_no_panic_reaches_python():
    from ocop import _ocop

    with pytest.raises(ocop.DataError) as ei:
        _ocop._selftest_panic()
    assert ei.value.code == "invalid_data"
    # The interpreter is still alive and scoring.
    assert ocop.score({**BASE, "answers": {}}).total == 0


def test_exceptions_are_not_panics_for_odd_types():
    class Weird:
        def tolist(self):
            raise RuntimeError("boom")

    fails({**BASE, "answers": {"1.1": Weird()}}, ocop.InputFormatError, "wrong_type", "/answers/1.1")
