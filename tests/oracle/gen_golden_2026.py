#!/usr/bin/env python3
"""Generates the golden corpus for edition 26/2026 (tests/golden/26-2026/) and the error-code
cases (tests/golden/errors/).

Success cases: answers are chosen by deterministic search (seeded) to hit a target, and the
expected outcome is computed by `oracle.py`, not by the engine. Error cases are written by hand
from the contract (code + path). Run from anywhere: `python3 tests/oracle/gen_golden_2026.py`.
"""
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(__file__))
import oracle  # noqa: E402

ED = "26/2026"
OUT = os.path.join(oracle.ROOT, "tests", "golden", "26-2026")
ERR = os.path.join(oracle.ROOT, "tests", "golden", "errors")


def write(dirname, name, case):
    os.makedirs(dirname, exist_ok=True)
    with open(os.path.join(dirname, name + ".json"), "w", encoding="utf-8") as f:
        json.dump(case, f, ensure_ascii=False, indent=1)
        f.write("\n")


def case(description, request):
    return {"description": description, "op": "score", "request": request,
            "expected": oracle.score_single(request)}


def sh(n):
    return oracle.sheet(ED, n)


def case_of(c, answer):
    if c["mode"] != "case":
        return None
    return c["options"][answer - 1]["case"]


def floor_points(c, keep_level, case):
    """Lowest points an answer must keep so every minimum of level <= keep_level holds."""
    need = 0
    for o in c["options"]:
        if o.get("min_star") and o["min_star"] <= keep_level and (case is None or o.get("case") == case):
            need = max(need, o["points"])
    return need


def best_option(c, case=None):
    opts = [(i + 1, o) for i, o in enumerate(c["options"]) if case is None or o.get("case") == case]
    return max(opts, key=lambda t: (t[1]["points"], -t[0]))[0]


def hit(n, target, keep_level, seed, cases=None):
    """Complete answers for set n with total == target and all minimums <= keep_level met."""
    s = sh(n)
    rng = random.Random(seed)
    for _attempt in range(200):
        answers = {}
        cur = {}
        for c in s["criteria"]:
            cs = None
            if c["mode"] == "case":
                cs = (cases or {}).get(c["code"]) or c["cases"][0]
            k = best_option(c, cs)
            answers[c["code"]] = k
            cur[c["code"]] = c["options"][k - 1]["points"]
        total = sum(cur.values())
        order = list(s["criteria"])
        rng.shuffle(order)
        for c in order:
            if total <= target:
                break
            cs = case_of(c, answers[c["code"]])
            fl = floor_points(c, keep_level, cs)
            choices = [(i + 1, o["points"]) for i, o in enumerate(c["options"])
                       if (cs is None or o.get("case") == cs) and o["points"] >= fl
                       and total - (cur[c["code"]] - o["points"]) >= target]
            if not choices:
                continue
            # mostly the lowest allowed, sometimes a random allowed one, for variety
            k, p = min(choices, key=lambda t: (t[1], t[0])) if rng.random() < 0.7 else rng.choice(choices)
            total -= cur[c["code"]] - p
            answers[c["code"]], cur[c["code"]] = k, p
        if total == target:
            return answers
    raise SystemExit(f"set {n}: cannot hit {target} keeping level {keep_level}")


def random_answers(n, seed):
    s = sh(n)
    rng = random.Random(seed)
    out = {}
    for c in s["criteria"]:
        if c["mode"] == "case":
            cs = rng.choice(c["cases"])
            opts = [i + 1 for i, o in enumerate(c["options"]) if o["case"] == cs]
            out[c["code"]] = rng.choice(opts)
        else:
            out[c["code"]] = rng.randint(1, len(c["options"]))
    return out


def lower_to_fail(n, answers, code):
    """Lower criterion `code` to its lowest option (to fail its minimum)."""
    c = next(c for c in sh(n)["criteria"] if c["code"] == code)
    cs = case_of(c, answers[code])
    opts = [(i + 1, o["points"]) for i, o in enumerate(c["options"]) if cs is None or o.get("case") == cs]
    answers = dict(answers)
    answers[code] = min(opts, key=lambda t: (t[1], t[0]))[0]
    return answers


def main():
    cases = {}
    # 1. Every product set, complete sheet, seeded random answers.
    for n in range(1, 27):
        req = {"edition": ED, "product_set": str(n), "answers": random_answers(n, 1000 + n)}
        cases[f"set-{n:02d}-random"] = case(
            f"Set {n}: a complete sheet with seeded random answers; points per part, band and the"
            " star minimums that cap it.", req)
    # 2. Band boundaries, every minimum up to the band met (stars == band).
    bounds = [(29, 2, 3), (30, 2, 7), (49, 2, 9), (50, 3, 12), (69, 3, 14), (70, 4, 18),
              (89, 4, 20), (90, 5, 23), (100, 5, 2), (None, 2, 19)]
    for total, level, n in bounds:
        if total is None:
            s = sh(n)
            ans = {}
            for c in s["criteria"]:
                opts = [(i + 1, o["points"]) for i, o in enumerate(c["options"])]
                ans[c["code"]] = min(opts, key=lambda t: (t[1], t[0]))[0]
        else:
            ans = hit(n, total, level, seed=total * 31 + n)
        req = {"edition": ED, "product_set": f"{n:02d}" if n < 10 else str(n), "answers": ans}
        if total is None:
            cases["lowest-options"] = case(
                f"Set {n} with the lowest option everywhere: the smallest total the sheet allows;"
                " 1★ band, and the product set given as \"19\".", req)
            continue
        exp = case(f"Boundary: total exactly {total} on set {n} with every star minimum up to"
                   f" level {level} met, so stars equal the band.", req)
        assert exp["expected"]["total"] == total, (total, exp["expected"]["total"])
        assert exp["expected"]["stars"] == exp["expected"]["band"], exp["expected"]["capped_by"]
        cases[f"boundary-{total:03d}"] = exp
    # 3. Capped stars: 5★ total with a failed 5★ minimum; 4★ total with a failed 3★ minimum.
    ans = hit(1, 95, 5, seed=7)
    five = [c["code"] for c in sh(1)["criteria"]
            if any(o.get("min_star") == 5 and o["points"] > min(x["points"] for x in c["options"])
                   for o in c["options"])]
    capped = lower_to_fail(1, ans, five[0])
    req = {"edition": ED, "product_set": "1", "answers": capped}
    c5 = case(f"Capped: set 1 scores in the 5★ band but criterion {five[0]} is below its *****"
              " option, so the product gets 4★ and capped_by names the minimum.", req)
    assert c5["expected"]["band"] == 5 and c5["expected"]["stars"] == 4, c5["expected"]
    cases["capped-5-to-4"] = c5
    ans = hit(8, 80, 4, seed=8)
    three = [c["code"] for c in sh(8)["criteria"]
             if any(o.get("min_star") == 3 and o["points"] > min(x["points"] for x in c["options"])
                    for o in c["options"])]
    capped = lower_to_fail(8, ans, three[0])
    req = {"edition": ED, "product_set": "8", "answers": capped}
    c3 = case(f"Capped: set 8 totals in the 4★ band but misses the *** minimum of {three[0]}, so"
              " it falls to 2★ (a level needs every lower level's minimums).", req)
    assert c3["expected"]["stars"] == 2, c3["expected"]
    cases["capped-4-to-2"] = c3
    # 4. Elimination flagged by the council.
    ans = hit(5, 85, 4, seed=5)
    req = {"edition": ED, "product_set": "5", "answers": ans, "eliminated": ["2.1"]}
    cases["eliminated-flag"] = case(
        "Elimination: the council flags criterion 2.1's note (identical to another producer's"
        " product); stars are null, band still reported.", req)
    # 5. Stop rule triggered by the answers (set 16: 0 points at one of 6.1-6.4).
    ans = hit(16, 75, 4, seed=16)
    s16 = {c["code"]: c for c in sh(16)["criteria"]}
    zero = next(i + 1 for i, o in enumerate(s16["6.2"]["options"]) if o["points"] == 0)
    ans = dict(ans)
    ans["6.2"] = zero
    req = {"edition": ED, "product_set": "16", "answers": ans}
    st = case("Stop rule triggered by the answers: set 16 criterion 6.2 scores 0, and the note"
              " under 6.4 stops the evaluation (\"Nếu được 0 điểm tại một trong các chỉ tiêu"
              " trên, sẽ không đánh giá các bước tiếp theo\").", req)
    assert st["expected"]["eliminated"]["by"] == "answers", st["expected"]["eliminated"]
    cases["stop-rule-triggered"] = st
    # 6. Stop rule flagged, with the rest of the sheet left unanswered (allowed once stopped).
    req = {"edition": ED, "product_set": "1", "answers": {"1.1": 3, "1.2": 2},
           "eliminated": ["6.1"]}
    cases["stop-rule-flagged-incomplete"] = case(
        "Stop rule flagged on set 1 criterion 6.1 (impurities): the evaluation stops, so the"
        " unanswered criteria are listed and not an error.", req)
    # 7. Partial forms.
    req = {"edition": ED, "product_set": "3", "answers": {"1.1": 3, "1.2": 2, "2.1": 1},
           "partial": True}
    cases["partial-few"] = case("Partial form: three answers; unanswered criteria score 0, are"
                                " listed, and complete is false.", req)
    full = hit(2, 92, 5, seed=2)
    partial = {k: v for i, (k, v) in enumerate(full.items()) if i % 5 != 0}
    req = {"edition": ED, "product_set": "2", "answers": partial, "partial": True}
    cases["partial-most"] = case("Partial form: most of a 5★-grade sheet answered; unanswered"
                                 " criteria with star markers count as unmet minimums.", req)
    req = {"edition": ED, "product_set": "2", "answers": {"1.1": None, "1.2": 1}, "partial": True}
    cases["partial-null"] = case("Partial form: a null answer means unanswered.", req)
    # 8. Set 26 case criteria.
    for label, cs_index in (("a", 0), ("b", 1)):
        s26 = {c["code"]: c for c in sh(26)["criteria"]}
        cases_map = {code: s26[code]["cases"][cs_index] for code in ("8", "9", "15")}
        ans = hit(26, 72 if label == "a" else 91, 5, seed=26 + cs_index, cases=cases_map)
        req = {"edition": ED, "product_set": "26", "answers": ans}
        cases[f"set-26-case-{label}"] = case(
            f"Set 26 (tourism): criteria 8, 9 and 15 answered in case {label}"
            " (\"Lựa chọn một trong hai trường hợp\"); the option number runs over the whole"
            " printed list and fixes the case.", req)
    ans = hit(26, 80, 4, seed=99)
    ans = lower_to_fail(26, ans, "3.4")
    req = {"edition": ED, "product_set": "26", "answers": ans}
    cases["set-26-capped-3.4"] = case("Set 26: the **** marker on 3.4 caps a 4★-band total.", req)
    # 9. Errata in force.
    s4 = {c["code"]: c for c in sh(4)["criteria"]}
    ans = hit(4, 60, 3, seed=4)
    ans = dict(ans)
    ans["7"] = 3
    ans["1.2"] = 1
    req = {"edition": ED, "product_set": "4", "answers": ans}
    e4 = case("Errata: set 4 criterion 7 option 3 is printed 13 and scores 3; criterion 1.2"
              " option 1 has a blank cell and scores 0.", req)
    assert e4["expected"]["criteria"][[c["code"] for c in sh(4)["criteria"]].index("7")]["points"] == 3
    cases["erratum-set-04"] = e4
    ans = hit(11, 66, 3, seed=11)
    ans = dict(ans)
    ans["6.1.1"] = 2
    req = {"edition": ED, "product_set": "11", "answers": ans}
    cases["erratum-set-11"] = case("Errata: set 11 criterion 6.1.1 option 2 is printed 11 and"
                                   " scores 1.", req)
    ans = hit(21, 77, 4, seed=21)
    ans = dict(ans)
    req = {"edition": ED, "product_set": "21", "answers": ans, "eliminated": ["6.2"]}
    cases["erratum-set-21-note"] = case(
        "Set 21 criterion 6.2: the elimination note printed inside an option cell (intellectual"
        " property violation) is a criterion note the council can flag.", req)
    ans = hit(3, 88, 4, seed=3)
    ans = lower_to_fail(3, ans, "5.1")
    req = {"edition": ED, "product_set": 3, "answers": ans}
    cases["erratum-set-03-spaced-marker"] = case(
        "Set 3 criterion 5.1: the marker printed \"* * * *\" is read as ****, so a 4★-band total"
        " without the documented product story is capped; product_set given as a number.", req)
    for name, c in cases.items():
        write(OUT, name, c)
    print(f"wrote {len(cases)} cases to {OUT}")

    # Error cases: one per error code the request path can produce.
    good = {"edition": ED, "product_set": "1", "answers": hit(1, 75, 4, seed=1)}

    def err(desc, errors, request=None, request_text=None):
        c = {"description": desc, "op": "score"}
        if request_text is not None:
            c["request_text"] = request_text
        else:
            c["request"] = request
        c["expected"] = {"status": "failure", "errors": errors}
        return c

    def with_(**kw):
        r = json.loads(json.dumps(good))
        r.update(kw)
        return r

    ans = dict(good["answers"])
    errs = {
        "invalid-json": err("Not JSON at all.", [{"code": "invalid_json", "path": ""}],
                            request_text="edition=26/2026"),
        "invalid-json-truncated": err("Truncated JSON.", [{"code": "invalid_json", "path": ""}],
                                      request_text='{"edition": "26/2026", "product_set": "1", "ans'),
        "empty-input": err("Empty input.", [{"code": "empty_input", "path": ""}], request_text="  \n"),
        "nesting-too-deep": err("Arrays nested 200 deep.", [{"code": "nesting_too_deep", "path": ""}],
                                request_text="[" * 200 + "]" * 200),
        "wrong-type-answers": err("answers is a list.", [{"code": "wrong_type", "path": "/answers"}],
                                  request=with_(answers=[1, 2])),
        "wrong-type-option": err("An option number given as a string.",
                                 [{"code": "wrong_type", "path": "/answers/1.1"}],
                                 request=with_(answers={**ans, "1.1": "3"})),
        "wrong-type-partial": err("partial is a string.", [{"code": "wrong_type", "path": "/partial"}],
                                  request=with_(partial="yes")),
        "unknown-field": err("A misspelt field.", [{"code": "unknown_field", "path": "/answer"}],
                             request={**good, "answer": {}}),
        "duplicate-key": err("The same criterion answered twice.",
                             [{"code": "duplicate_key", "path": "/answers/1.1"}],
                             request_text='{"edition": "26/2026", "product_set": "1", "answers": {"1.1": 3, "1.1": 2}, "partial": true}'),
        "duplicate-key-top": err("edition given twice.", [{"code": "duplicate_key", "path": "/edition"}],
                                 request_text='{"edition": "26/2026", "edition": "148/2023", "product_set": "1", "answers": {}}'),
        "missing-field": err("No answers field.", [{"code": "missing_field", "path": "/answers"}],
                             request={"edition": ED, "product_set": "1"}),
        "invalid-number": err("A fractional option number.",
                              [{"code": "invalid_number", "path": "/answers/1.1"}],
                              request=with_(answers={**ans, "1.1": 2.5})),
        "unknown-edition": err("An edition that does not exist.",
                               [{"code": "unknown_edition", "path": "/edition"}],
                               request=with_(edition="999/2030")),
        "unknown-product-set": err("Product set 27 of 26.",
                                   [{"code": "unknown_product_set", "path": "/product_set"}],
                                   request=with_(product_set="27")),
        "unknown-product-set-text": err("Product set given as a name.",
                                        [{"code": "unknown_product_set", "path": "/product_set"}],
                                        request=with_(product_set="rau")),
        "unknown-criterion": err("A criterion code the sheet does not have.",
                                 [{"code": "unknown_criterion", "path": "/answers/9.9"}],
                                 request=with_(answers={**ans, "9.9": 1})),
        "option-out-of-range": err("Option 4 of a three-option criterion.",
                                   [{"code": "option_out_of_range", "path": "/answers/1.1"}],
                                   request=with_(answers={**ans, "1.1": 4})),
        "option-zero": err("Option numbers start at 1.",
                           [{"code": "option_out_of_range", "path": "/answers/1.1"}],
                           request=with_(answers={**ans, "1.1": 0})),
        "option-negative": err("A negative option number.",
                               [{"code": "option_out_of_range", "path": "/answers/1.1"}],
                               request=with_(answers={**ans, "1.1": -1})),
        "missing-answer": err("A complete-mode request missing one answer.",
                              [{"code": "missing_answer", "path": "/answers/1.2"}],
                              request=with_(answers={k: v for k, v in ans.items() if k != "1.2"})),
        "multiple-answers": err("Two options for a single-choice criterion.",
                                [{"code": "multiple_answers", "path": "/answers/1.1"}],
                                request=with_(answers={**ans, "1.1": [1, 2]})),
        "not-eliminable": err("Flagging a criterion without an elimination or stop note.",
                              [{"code": "not_eliminable", "path": "/eliminated/0"}],
                              request=with_(eliminated=["1.2"])),
    }
    # duplicate_option needs an additive criterion: the 1048 tourism sheet's Part C.
    tour = oracle.sheet("1048/2019", 26)
    additive = [c for c in tour["criteria"] if c["mode"] == "additive"]
    if additive:
        code = additive[0]["code"]
        errs["duplicate-option"] = err(
            f"An additive criterion (1048 tourism {code}) lists an option twice.",
            [{"code": "duplicate_option", "path": f"/answers/{code}/1"}],
            request={"edition": "1048/2019", "product_set": "26", "answers": {code: [1, 1]},
                     "partial": True})
    for name, c in errs.items():
        write(ERR, name, c)
    print(f"wrote {len(errs)} cases to {ERR}")


if __name__ == "__main__":
    main()
