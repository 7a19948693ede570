"""score_many: order, per-row failures, the GIL released, parallel chunks agree."""

from __future__ import annotations

import json
import threading
import time

import pytest

import ocop

from conftest import random_answers


def requests(rng, n):
    out = []
    for i in range(n):
        ps = rng.randint(1, 26)
        out.append({"edition": "26/2026", "product_set": str(ps), "answers": random_answers(rng, "26/2026", ps)})
    return out


def assert_each_as_single(out, inputs, score, step):
    """Every `step`-th batch outcome is what scoring that input alone gives (or raises)."""
    for i in range(0, len(inputs), step):
        try:
            expected = score(inputs[i])
        except ocop.OcopError as e:
            assert isinstance(out[i], type(e)) and out[i].errors == e.errors
        else:
            assert out[i] == expected, i


def test_score_many_bad_rows(rng):
    good = requests(rng, 6)
    rows = [
        good[0],
        "{not json",
        {"edition": "26/2026", "product_set": "1", "answers": {"1.1": 99}, "partial": True},
        good[1],
        {"edition": "nope", "product_set": "1", "answers": {}},
        b"",
        json.dumps(good[2]),
        good[3].copy() | {"extra": True},
        object(),
        good[4],
    ]
    out = ocop.score_many(rows)
    assert len(out) == len(rows)
    kinds = [type(x).__name__ for x in out]
    assert kinds == [
        "ScoreResult", "InputFormatError", "AnswerError", "ScoreResult", "UnknownReferenceError",
        "InputFormatError", "ScoreResult", "InputFormatError", "InputFormatError", "ScoreResult",
    ]
    assert out[0] == ocop.score(good[0]) and out[6] == ocop.score(good[2]) and out[9] == ocop.score(good[4])
    assert (out[2].code, out[2].path) == ("option_out_of_range", "/answers/1.1")
    assert out[5].code == "empty_input" and out[7].path == "/extra" and out[8].code == "wrong_type"
    assert [r.ok for r in out].count(True) == 4
    assert ocop.score_many([]) == []
    assert ocop.score_many(iter([good[5]]))[0] == ocop.score(good[5])


def test_score_many_large_batch_matches_single(rng):
    rows = requests(rng, 5000)  # above the split size: several threads
    for i in range(0, 5000, 97):
        rows[i] = {**rows[i], "answers": {**rows[i]["answers"], "1.1": 0}}
    out = ocop.score_many(rows)
    assert len(out) == 5000
    assert_each_as_single(out, rows, ocop.score, step=7)


@pytest.mark.parametrize("threads", [None, "1"])
def test_score_many_releases_the_gil(rng, monkeypatch, threads):
    if threads:
        monkeypatch.setenv("OCOP_THREADS", threads)
    rows = requests(rng, 2000) * 10
    ticks = 0
    stop = False

    def count():
        nonlocal ticks
        while not stop:
            ticks += 1
            time.sleep(0)

    t = threading.Thread(target=count)
    t.start()
    try:
        before = ticks
        ocop.score_many(rows)
        during = ticks - before
    finally:
        stop = True
        t.join()
    # Another Python thread kept running while the batch was scored.
    assert during > 0


def test_score_many_streams_a_generator_in_order(rng):
    rows = requests(rng, 3000)  # about three chunks of 1,024 read while earlier ones are scored
    out = ocop.score_many(r for r in rows)
    assert [r.total for r in out] == [ocop.score(r).total for r in rows]


def test_score_many_source_error_propagates(rng):
    rows = requests(rng, 2500)

    def source():
        for i, r in enumerate(rows):
            if i == 2100:  # after two chunks went to the workers
                raise KeyError("source failed")
            yield r

    try:
        ocop.score_many(source())
    except KeyError as e:
        assert e.args == ("source failed",)
    else:
        raise AssertionError("the source's error was swallowed")


def test_score_many_restores_the_garbage_collector(rng):
    import gc

    rows = requests(rng, 1500)
    assert gc.isenabled()
    ocop.score_many(rows)
    assert gc.isenabled()
    gc.disable()
    try:
        ocop.score_many(rows)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_sheet_score_many_large_batch_matches_single(rng):
    sheet = ocop.Sheet("26/2026", 7)
    maps = [random_answers(rng, "26/2026", 7) for _ in range(2600)]
    for i in range(0, len(maps), 101):
        maps[i] = {**maps[i], "no.such": 1}
    out = sheet.score_many(maps)
    assert_each_as_single(out, maps, sheet.score, step=13)
    assert sum(1 for r in out if not r.ok) == len(range(0, len(maps), 101))
