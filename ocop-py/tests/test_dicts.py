"""`score_many` on dicts reads the common request straight into the core's answers; every
other dict goes through the JSON tree. Both must give the same results and the same errors as
the JSON text of the same request (which the core parses itself): checked over every edition
and product set, random requests (valid and broken in many ways), and every failing score case
of the golden corpus given as a dict.
"""

from __future__ import annotations

import json
import math
import random

import ocop

from conftest import GOLDEN, golden_files


def outcome(r):
    if r.ok:
        return ("ok", r.to_dict())
    return ("error", type(r).__name__, [(e.code, e.path, e.message) for e in r.errors])


def same_as_text(requests):
    """score_many on the dicts equals score_many on their JSON text, request by request."""
    dicts = ocop.score_many(requests)
    texts = ocop.score_many([json.dumps(r, ensure_ascii=False) for r in requests])
    assert len(dicts) == len(texts) == len(requests)
    for req, d, t in zip(requests, dicts, texts):
        assert outcome(d) == outcome(t), req
    return dicts


def sheets():
    for e in ocop.editions():
        for s in ocop.product_sets(e["id"]):
            yield e["id"], s["number"], ocop.sheet(e["id"], s["number"])


def answers(rng, sheet, missing=0.0):
    out = {}
    for c in sheet["criteria"]:
        if rng.random() < missing:
            continue
        k = len(c["options"])
        out[c["code"]] = rng.randint(1, k)
        if c["mode"] == "additive" and rng.random() < 0.3:
            out[c["code"]] = sorted(rng.sample(range(1, k + 1), rng.randint(1, k)))
    return out


def test_every_edition_and_set():
    rng = random.Random(12)
    requests = []
    for edition, number, sheet in sheets():
        for i in range(8):
            set_ref = [str(number), number, f"{number:02d}"][i % 3]
            requests.append({"edition": edition, "product_set": set_ref, "answers": answers(rng, sheet)})
    out = same_as_text(requests)
    assert sum(r.ok for r in out) > 0.9 * len(out)
    assert len({(r.edition, r.product_set.number) for r in out if r.ok}) == len(list(sheets()))


def broken(rng, req, sheet):
    """A copy of `req` changed in one of many ways, most of which the core rejects."""
    r = json.loads(json.dumps(req))
    a = r["answers"]
    codes = [c["code"] for c in sheet["criteria"]]
    code = rng.choice(codes)
    k = rng.randrange(24)
    if k == 0:
        a[code] = 0
    elif k == 1:
        a[code] = 99
    elif k == 2:
        a[code] = -1
    elif k == 3:
        a[code] = 1.5
    elif k == 4:
        a[code] = 2.0
    elif k == 5:
        a[code] = True
    elif k == 6:
        a[code] = "1"
    elif k == 7:
        a[code] = None
    elif k == 8:
        a[code] = [1, 1]
    elif k == 9:
        a[code] = []
    elif k == 10:
        a["9.9"] = 1
    elif k == 11:
        a.pop(code, None)
    elif k == 12:
        r["partial"] = True
        a.pop(code, None)
    elif k == 13:
        r["partial"] = "yes"
    elif k == 14:
        r["edition"] = "1/1999"
    elif k == 15:
        r["product_set"] = 99
    elif k == 16:
        r["product_set"] = True
    elif k == 17:
        r["extra"] = 1
    elif k == 18:
        r["eliminated"] = [code]
    elif k == 19:
        r["eliminated"] = []
    elif k == 20:
        r["edition"] = ""
    elif k == 21:
        a[code] = 2**70
    elif k == 22:
        r["answers"] = list(a.items())
    else:
        r["partial"] = None
    return r


def test_random_requests_valid_and_broken():
    rng = random.Random(2026)
    all_sheets = list(sheets())
    requests = []
    for _ in range(3000):
        edition, number, sheet = rng.choice(all_sheets)
        req = {"edition": edition, "product_set": str(number), "answers": answers(rng, sheet, 0.02)}
        requests.append(req if rng.random() < 0.3 else broken(rng, req, sheet))
    out = same_as_text(requests)
    assert 300 < sum(r.ok for r in out) < 2700


def test_nan_reads_as_unanswered():
    # JSON text has no NaN: a NaN answer in a dict is the request without that answer.
    sheet = ocop.sheet("26/2026", 1)
    a = {c["code"]: 1 for c in sheet["criteria"]}
    code = sheet["criteria"][0]["code"]
    with_nan = {"edition": "26/2026", "product_set": "1", "answers": {**a, code: math.nan}, "partial": True}
    without = {"edition": "26/2026", "product_set": "1", "answers": {k: v for k, v in a.items() if k != code},
               "partial": True}
    x, y = ocop.score_many([with_nan, without])
    assert x.to_dict() == y.to_dict()
    assert code in x.unanswered


def test_golden_error_cases_as_dicts():
    """Every failing score case of the golden corpus whose request is a JSON object, as a dict
    (cases given as raw text that is no object go through the text path only)."""
    count = 0
    for path in golden_files():
        case = json.loads(path.read_text(encoding="utf-8"))
        if case.get("op", "score") != "score" or case["expected"]["status"] != "failure":
            continue
        want = [(e["code"], e["path"]) for e in case["expected"]["errors"]]
        req = case.get("request")
        if req is None:
            # Raw text: only where the text is the same request as the dict it parses to
            # (duplicate keys, bad syntax and the like exist only as text).
            try:
                req = json.loads(case["request_text"])
            except (ValueError, RecursionError):
                continue
            if not isinstance(req, dict):
                continue
            again = ocop.score_many([json.dumps(req)])[0]
            if again.ok or [(e.code, e.path) for e in again.errors] != want:
                continue
        (d,) = ocop.score_many([req])
        assert not d.ok, path
        assert want == [(e.code, e.path) for e in d.errors], path.relative_to(GOLDEN)
        count += 1
        same_as_text([req])
    assert count >= 15, count
