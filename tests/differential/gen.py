#!/usr/bin/env python3
"""Seeded generator of random score requests for the differential test of the bindings.

    python3 tests/differential/gen.py --seed S --count N > requests.jsonl

One compact JSON request per line, over every edition and product set (read from
ocop-core/data through tests/oracle/oracle.py): single sheets and councils, by `edition` or by
`date` + `dossier` (+ `evaluated_on`), valid ones and invalid ones (unknown editions, sets and
codes, out-of-range options, wrong types, unknown keys, malformed dates, text that is not
JSON). Only values that survive JSON.parse/JSON.stringify in JavaScript unchanged are used
(integers within 2^53, no integral floats, no integer-like object keys), so every binding can
be fed the same request as an object and as text.
"""
import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "oracle"))
import oracle  # noqa: E402

EDITIONS = ["1048/2019", "1048+781/2020", "148/2023", "148+1489/2025", "26/2026"]
DOSSIERS = ["first", "upgrade", "reevaluation"]
LEVELS = ["district", "province", "central"]


def answer(rng, c):
    n = len(c["options"])
    if c["mode"] == "additive":
        k = rng.randint(0, n)
        return sorted(rng.sample(range(1, n + 1), k))
    return rng.randint(1, n)


def bad_value(rng, c):
    n = len(c["options"])
    return rng.choice([0, -1, n + 1, 10**6, "1", True, 1.5, {"x": 1}, [n + 1], [1, 1], None])


def answers(rng, sh, complete, bad):
    out = {}
    for c in sh["criteria"]:
        if not complete and rng.random() < 0.2:
            continue
        out[c["code"]] = answer(rng, c)
    if bad and out:
        code = rng.choice(list(out))
        out[code] = bad_value(rng, next(c for c in sh["criteria"] if c["code"] == code))
    if bad and rng.random() < 0.3:
        out[rng.choice(["99.9", "A.1", "x", "1.1.1.1"])] = 1
    return out


def choice(rng, ed, req):
    if rng.random() < 0.25:
        meta = oracle.load(ed).meta
        y, m, d = (int(x) for x in meta["effective_from"].split("-"))
        req["date"] = "%04d-%02d-%02d" % (y + rng.randint(0, 1), rng.randint(1, 12), rng.randint(1, 28))
        req["dossier"] = rng.choice(DOSSIERS)
        if rng.random() < 0.3:
            req["evaluated_on"] = "%04d-%02d-%02d" % (y + rng.randint(0, 2), rng.randint(1, 12), rng.randint(1, 28))
    else:
        req["edition"] = ed


def request(rng):
    ed = rng.choice(EDITIONS)
    e = oracle.load(ed)
    number = rng.choice(sorted(e.sheets))
    sh = e.sheets[number]
    bad = rng.random() < 0.35
    req = {}
    choice(rng, ed, req)
    req["product_set"] = rng.choice([str(number), "%02d" % number]) if not (bad and rng.random() < 0.2) else rng.choice(["27", "0", "abc", 3])
    partial = rng.random() < 0.3
    if rng.random() < 0.3:
        req["level"] = rng.choice(LEVELS)
        req["members"] = [
            {"member": "Thành viên %d" % i, "answers": answers(rng, sh, not partial, bad and i == 0)}
            for i in range(rng.randint(1, 5))
        ]
    else:
        req["answers"] = answers(rng, sh, not partial, bad)
    if partial:
        req["partial"] = True
    if rng.random() < 0.1:
        req["eliminated"] = [rng.choice(sh["criteria"])["code"]]
    if bad and rng.random() < 0.3:
        mutate(rng, req)
    return req


def mutate(rng, req):
    k = rng.randint(0, 5)
    if k == 0:
        req["edition"] = rng.choice(["2030", "26/2027", "", 26])
        req.pop("date", None)
    elif k == 1:
        req["date"] = rng.choice(["2026-02-30", "2026/06/01", "1999-01-01", 20260601])
        req["dossier"] = rng.choice(DOSSIERS + ["second"])
        req.pop("edition", None)
    elif k == 2:
        req["unknown_key"] = 1
    elif k == 3:
        req["partial"] = "yes"
    elif k == 4:
        req.pop("product_set", None)
    else:
        req["eliminated"] = rng.choice(["1.1", [1], ["99"]])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=2000)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    out = sys.stdout
    for _ in range(a.count):
        r = rng.random()
        if r < 0.02:
            out.write(rng.choice(["{", "[]", "null", '{"edition":}', '"26/2026"', "{}"]) + "\n")
        else:
            out.write(json.dumps(request(rng), ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
