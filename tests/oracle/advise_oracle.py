#!/usr/bin/env python3
"""An independent brute-force upgrade advisor: the oracle behind `tests/golden/advise/`.

It does not share the engine's algorithm (a dynamic programme over criteria, changes and
points). It enumerates, for k = 0, 1, 2, …, every set of k criteria that could change and every
combination of their new answers, scores each candidate sheet with `oracle.evaluate` (the
independent scorer of the golden corpus), and keeps the cheapest plan under the order of
docs/advise.md:
  1. fewest changed criteria (the first k with any plan),
  2. fewest points beyond the threshold,
  3. the sorted list of changed criteria, compared position by position (earlier printed wins),
  4. per changed criterion in printed order: fewer points there; then lower option number
     (single/case) or fewest new ticks, then the smaller mask of new ticks (additive).

What a change may be (docs/advise.md): single → an option worth more points (any option when
unanswered); case → an option of the same case worth more points (never when unanswered);
additive → tick further options, keeping the old ticks (any non-empty set when unanswered).
Frozen criteria never change.

The only shortcut: a criterion whose current answer fails a requirement of the target (a star
minimum of a level up to the target, or 0 points that trigger an elimination note) cannot be
left unchanged, so sets without it are skipped; and the search stops early when even the best
answers everywhere cannot reach the threshold (then the reason is `max_total_below_threshold`).

Usage: `python3 tests/oracle/advise_oracle.py` regenerates tests/golden/advise/*.json.
"""
import itertools
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import oracle  # noqa: E402
import council  # noqa: E402
from fractions import Fraction  # noqa: E402

OUT = os.path.join(oracle.ROOT, "tests", "golden", "advise")
SCORE_KEYS = ("edition", "product_set", "answers", "partial", "eliminated")


def result_of(score_request):
    """The scoring result (the success outcome without its status)."""
    r = dict(oracle.score_single(score_request))
    del r["status"]
    return r


def points_of(c, a):
    return oracle._option_points(c, a)


def moves(c, cur, frozen):
    """New answers (not the current one) a plan may give criterion c."""
    if frozen:
        return []
    n = len(c["options"])
    now = points_of(c, cur)
    out = []
    if c["mode"] == "single":
        for j, o in enumerate(c["options"]):
            if cur is None or o["points"] > now:
                if cur != j + 1:
                    out.append(j + 1)
    elif c["mode"] == "case":
        if cur is not None:
            case = c["options"][cur - 1]["case"]
            for j, o in enumerate(c["options"]):
                if o["case"] == case and o["points"] > now:
                    out.append(j + 1)
    else:
        have = set(cur or [])
        for r in range(1, n + 1):
            for combo in itertools.combinations(range(1, n + 1), r):
                s = set(combo)
                if have < s or (cur is None and s):
                    if s != have:
                        out.append(sorted(s))
    return out


def trigger_codes(sh):
    codes = set()
    for c in sh["criteria"]:
        for nt in c["notes"]:
            if nt.get("trigger"):
                codes.update(nt["trigger"]["zero_points_in"])
    return codes


def ok_on(edition, sh, answers, code, a, target, triggers):
    """Does answer `a` to criterion `code` meet the target's requirements on that criterion?"""
    trial = dict(answers)
    if a is None:
        trial.pop(code, None)
    else:
        trial[code] = a
    ev = oracle.evaluate(edition, sh, trial, [])
    if any(c["code"] == code and lvl <= target for c, lvl, _ in ev["failed"]):
        return False
    if code in triggers and a is not None and ev["points"][code] == 0:
        return False
    return True


def detail(c, frm, to):
    p = points_of(c, to)
    if c["mode"] == "additive":
        added = set(to) - set(frm or [])
        mask = sum(1 << (k - 1) for k in added)
        return (p, len(added), mask)
    return (p, 0, to - 1)


def reason(code, criteria, message):
    return {"code": code, "criteria": criteria, "message": message}


def advise(request):
    edition = oracle.load(request["edition"])
    sh = edition.sheets[int(str(request["product_set"]))]
    crit = sh["criteria"]
    by_code = {c["code"]: c for c in crit}
    answers = {}
    for code, v in request["answers"].items():
        n = oracle._normalise(by_code[code], v)
        if n is not None:
            answers[code] = n
    flagged = request.get("eliminated") or []
    frozen = set(request.get("frozen") or [])
    max_changes = request.get("max_changes")
    score_req = {k: request[k] for k in SCORE_KEYS if k in request}
    before = result_of(score_req)
    ev = oracle.evaluate(edition, sh, answers, flagged)
    lowest = min([lvl for _, lvl, _ in ev["failed"]], default=6)
    target = request.get("target")
    if target is None:
        target = min(5, max(1, min(ev["band"], lowest - 1)) + 1)
    threshold = next(b["min"] for b in edition.meta["bands"] if b["stars"] == target)
    out = {
        "status": "success",
        "target": target,
        "reachable": False,
        "reason": None,
        "threshold": threshold,
        "total_before": ev["total"],
        "stars_before": ev["stars"],
        "points_needed": max(0, threshold - ev["total"]),
        "changes": [],
        "result_after": before,
    }

    def unreachable(r):
        out["reason"] = r
        return out

    if flagged:
        first = next(c["code"] for c in crit if c["code"] in flagged)
        return unreachable(reason(
            "eliminated", [first],
            f"the request flags the elimination or stop note of criterion {first}: "
            "no change of answers gives stars"))

    triggers = trigger_codes(sh)
    cand = {}
    must = []
    blocked_frozen, blocked_case, blocked_none = [], [], []
    for c in crit:
        code = c["code"]
        cur = answers.get(code)
        ms = [a for a in moves(c, cur, code in frozen)
              if ok_on(edition, sh, answers, code, a, target, triggers)]
        cand[code] = ms
        if not ok_on(edition, sh, answers, code, cur, target, triggers):
            must.append(code)
            if not ms:
                if code in frozen:
                    blocked_frozen.append(code)
                elif c["mode"] == "case" and cur is None:
                    blocked_case.append(code)
                else:
                    blocked_none.append(code)
    if blocked_frozen:
        return unreachable(reason(
            "frozen_requirement", blocked_frozen,
            f"frozen criteria {', '.join(blocked_frozen)} fail a requirement of {target} stars "
            "(a star minimum or an elimination trigger)"))
    if blocked_case:
        return unreachable(reason(
            "unanswered_case", blocked_case,
            f"case criteria {', '.join(blocked_case)} are unanswered and carry a requirement of "
            f"{target} stars; answer them (the case is a fact about the producer) and ask again"))
    if blocked_none:
        return unreachable(reason(
            "no_qualifying_option", blocked_none,
            f"no option of criteria {', '.join(blocked_none)} meets the requirements of "
            f"{target} stars"))

    # The highest total meeting every requirement (requirements are per criterion).
    max_total = 0
    for c in crit:
        cur = answers.get(c["code"])
        opts = list(cand[c["code"]])
        if c["code"] not in must:
            opts.append(cur)
        max_total += max(points_of(c, a) for a in opts)
    if max_total < threshold:
        return unreachable(reason(
            "max_total_below_threshold", [],
            f"the highest total reachable under the constraints is {max_total}, below the "
            f"{threshold} points {target} stars need"))

    order = [c["code"] for c in crit]
    optional = [code for code in order if code not in must and cand[code]]
    best = None
    for k in range(len(must), len(must) + len(optional) + 1):
        for extra in itertools.combinations(optional, k - len(must)):
            chosen = sorted(must + list(extra), key=order.index)
            for combo in itertools.product(*[cand[code] for code in chosen]):
                trial = dict(answers)
                trial.update(zip(chosen, combo))
                e = oracle.evaluate(edition, sh, trial, [])
                if e["stars"] is None or e["stars"] < target:
                    continue
                key = (
                    e["total"] - threshold,
                    [order.index(code) for code in chosen],
                    [detail(by_code[code], answers.get(code), a) for code, a in zip(chosen, combo)],
                )
                if best is None or key < best[0]:
                    best = (key, chosen, combo)
        if best is not None:
            break
    assert best is not None, "max_total said reachable"
    _, chosen, combo = best
    if max_changes is not None and len(chosen) > max_changes:
        return unreachable(reason(
            "max_changes_too_small", [],
            f"reaching {target} stars needs at least {len(chosen)} changed criteria; "
            f"max_changes is {max_changes}"))
    after_answers = dict(request["answers"])
    changes = []
    for code, a in zip(chosen, combo):
        c = by_code[code]
        frm = answers.get(code)
        changes.append({
            "criterion": code,
            "from": frm,
            "to": a,
            "points_gained": points_of(c, a) - points_of(c, frm),
            "required_by_minimum": code in must,
        })
        after_answers[code] = a
    after_req = dict(score_req)
    after_req["answers"] = after_answers
    out["reachable"] = True
    out["changes"] = changes
    out["result_after"] = result_of(after_req)
    return out


# ---------------------------------------------------------------------------------------------
# Councils: a change gives every member the same answer ("if every member agreed")

COUNCIL_KEYS = ("edition", "product_set", "level", "members", "partial", "eliminated")


def agreed_moves(c, froms, frozen):
    """Answers every member could agree on for criterion c, never lowering anyone: single → an
    option worth at least each member's points; case → an option of the members' common case
    (none if no member answered or they disagree) worth at least each member's points;
    additive → a tick set containing every member's ticks. Not every member may hold it
    already."""
    if frozen:
        return []
    top = max(points_of(c, a) for a in froms)
    out = []
    if c["mode"] in ("single", "case"):
        case = None
        if c["mode"] == "case":
            cases = {c["options"][a - 1]["case"] for a in froms if a is not None}
            if len(cases) != 1:
                return []
            (case,) = cases
        for j, o in enumerate(c["options"]):
            if case is not None and o["case"] != case:
                continue
            if o["points"] >= top and not all(a == j + 1 for a in froms):
                out.append(j + 1)
    else:
        n = len(c["options"])
        union = set()
        for a in froms:
            union |= set(a or [])
        for r in range(1, n + 1):
            for combo in itertools.combinations(range(1, n + 1), r):
                x = sorted(combo)
                if union <= set(x) and not all(a == x for a in froms):
                    out.append(x)
    return out


def council_detail(c, froms, to):
    p = points_of(c, to)
    if c["mode"] == "additive":
        union = set()
        for a in froms:
            union |= set(a or [])
        added = set(to) - union
        return (p, len(added), sum(1 << (k - 1) for k in added))
    return (p, 0, to - 1)


def advise_council(request):
    edition = oracle.load(request["edition"])
    meta = edition.meta
    sh = edition.sheets[int(str(request["product_set"]))]
    crit = sh["criteria"]
    by_code = {c["code"]: c for c in crit}
    members = []
    for m in request["members"]:
        a = {}
        for code, v in m["answers"].items():
            nv = oracle._normalise(by_code[code], v)
            if nv is not None:
                a[code] = nv
        members.append(a)
    n = len(members)
    flagged = request.get("eliminated") or []
    frozen = set(request.get("frozen") or [])
    max_changes = request.get("max_changes")
    score_req = {k: request[k] for k in COUNCIL_KEYS if k in request}
    before = dict(council.score_council(score_req))
    del before["status"]
    evs = [oracle.evaluate(edition, sh, a, flagged) for a in members]
    total = sum(e["total"] for e in evs)
    band = council._band(meta, Fraction(total, n))
    lowest = min([lvl for e in evs for _, lvl, _ in e["failed"]], default=6)
    target = request.get("target")
    if target is None:
        target = min(5, max(1, min(band, lowest - 1)) + 1)
    threshold = next(b["min"] for b in meta["bands"] if b["stars"] == target)
    goal = threshold * n
    out = {
        "status": "success",
        "target": target,
        "reachable": False,
        "reason": None,
        "threshold": threshold,
        "average_before": council.average(total, n),
        "stars_before": before["stars"],
        "average_needed": council.average(max(0, goal - total), n),
        "changes": [],
        "result_after": before,
    }

    def unreachable(r):
        out["reason"] = r
        return out

    if flagged:
        first = next(c["code"] for c in crit if c["code"] in flagged)
        return unreachable(reason(
            "eliminated", [first],
            f"the request flags the elimination or stop note of criterion {first}: "
            "no change of answers gives stars"))
    triggers = trigger_codes(sh)
    cand, must = {}, []
    blocked = {"frozen": [], "case": [], "disagree": [], "none": []}
    for c in crit:
        code = c["code"]
        froms = [a.get(code) for a in members]
        ms = [x for x in agreed_moves(c, froms, code in frozen)
              if ok_on(edition, sh, members[0], code, x, target, triggers)]
        cand[code] = ms
        if not all(ok_on(edition, sh, a, code, a.get(code), target, triggers) for a in members):
            must.append(code)
            if not ms:
                answered_cases = {c["options"][a - 1]["case"] for a in froms if a is not None} \
                    if c["mode"] == "case" else set()
                if code in frozen:
                    blocked["frozen"].append(code)
                elif c["mode"] == "case" and not answered_cases:
                    blocked["case"].append(code)
                elif c["mode"] == "case" and len(answered_cases) > 1:
                    blocked["disagree"].append(code)
                else:
                    blocked["none"].append(code)
    if blocked["frozen"]:
        cs = blocked["frozen"]
        return unreachable(reason(
            "frozen_requirement", cs,
            f"frozen criteria {', '.join(cs)} fail a requirement of {target} stars "
            "(a star minimum or an elimination trigger)"))
    if blocked["case"]:
        cs = blocked["case"]
        return unreachable(reason(
            "unanswered_case", cs,
            f"case criteria {', '.join(cs)} are unanswered and carry a requirement of "
            f"{target} stars; answer them (the case is a fact about the producer) and ask again"))
    if blocked["disagree"]:
        cs = blocked["disagree"]
        return unreachable(reason(
            "case_disagreement", cs,
            f"members answered case criteria {', '.join(cs)} in different cases, and {target} "
            "stars need them changed; settle the case (a fact about the producer) and ask again"))
    if blocked["none"]:
        cs = blocked["none"]
        return unreachable(reason(
            "no_qualifying_option", cs,
            f"no option of criteria {', '.join(cs)} meets the requirements of {target} stars"))

    max_total = 0
    for c in crit:
        code = c["code"]
        sums = [n * points_of(c, x) for x in cand[code]]
        if code not in must:
            sums.append(sum(points_of(c, a.get(code)) for a in members))
        max_total += max(sums)
    if max_total < goal:
        return unreachable(reason(
            "max_total_below_threshold", [],
            f"the highest average reachable under the constraints is "
            f"{council.decimal(max_total, n)[0]}, below the {council.decimal(goal, n)[0]} "
            f"points {target} stars need"))

    order = [c["code"] for c in crit]
    optional = [code for code in order if code not in must and cand[code]]
    best = None
    for k in range(len(must), len(must) + len(optional) + 1):
        for extra in itertools.combinations(optional, k - len(must)):
            chosen = sorted(must + list(extra), key=order.index)
            for combo in itertools.product(*[cand[code] for code in chosen]):
                trials = []
                for a in members:
                    t = dict(a)
                    t.update(zip(chosen, combo))
                    trials.append(oracle.evaluate(edition, sh, t, []))
                s = sum(e["total"] for e in trials)
                if s < goal:
                    continue
                if any(e["elim"] is not None or any(lvl <= target for _, lvl, _ in e["failed"])
                       for e in trials):
                    continue
                key = (
                    s - goal,
                    [order.index(code) for code in chosen],
                    [council_detail(by_code[code], [a.get(code) for a in members], x)
                     for code, x in zip(chosen, combo)],
                )
                if best is None or key < best[0]:
                    best = (key, chosen, combo)
        if best is not None:
            break
    assert best is not None, "max_total said reachable"
    _, chosen, combo = best
    if max_changes is not None and len(chosen) > max_changes:
        return unreachable(reason(
            "max_changes_too_small", [],
            f"reaching {target} stars needs at least {len(chosen)} changed criteria; "
            f"max_changes is {max_changes}"))
    after = json.loads(json.dumps(score_req))
    changes = []
    for code, x in zip(chosen, combo):
        c = by_code[code]
        froms = [a.get(code) for a in members]
        gained = n * points_of(c, x) - sum(points_of(c, a) for a in froms)
        changes.append({
            "criterion": code,
            "from": [oracle._answer_out(c, a) for a in froms],
            "to": x,
            "points_gained": gained,
            "average_gained": council.average(gained, n),
            "required_by_minimum": code in must,
        })
        for m in after["members"]:
            m["answers"][code] = x
    out["reachable"] = True
    out["changes"] = changes
    r = dict(council.score_council(after))
    del r["status"]
    out["result_after"] = r
    return out


# ---------------------------------------------------------------------------------------------
# The golden cases

def best_answer(c):
    """The best answer: additive → every option; case → the best option of the first case."""
    if c["mode"] == "additive":
        return list(range(1, len(c["options"]) + 1))
    case = c["options"][0].get("case")
    opts = [(j + 1, o) for j, o in enumerate(c["options"]) if o.get("case") == case]
    return max(opts, key=lambda t: (t[1]["points"], -t[0]))[0]


def near_best(edition_id, number, lowered, drop=()):
    """Best answers everywhere except `lowered` (code → answer); `drop` left unanswered."""
    sh = oracle.sheet(edition_id, number)
    a = {c["code"]: best_answer(c) for c in sh["criteria"]}
    a.update(lowered)
    for code in drop:
        del a[code]
    return a


def lowest(edition_id, number):
    sh = oracle.sheet(edition_id, number)
    return {c["code"]: [1] if c["mode"] == "additive" else 1 for c in sh["criteria"]}


def case(name, description, request):
    t = time.time()
    run = advise_council if "members" in request else advise
    c = {"description": description, "op": "advise", "request": request,
         "expected": run(request)}
    print(f"  {name}: {time.time() - t:.1f}s", file=sys.stderr)
    return name, c


def cases():
    out = []
    with open(os.path.join(oracle.ROOT, "examples", "advise-set-01.json"), encoding="utf-8") as f:
        example = json.load(f)
    out.append(case(
        "26-2026-set-01-example",
        "26/2026 set 1 (examples/advise-set-01.json), 3★ at 54 points to 4★: nine 4★ minimums "
        "fail; forced 3.5 and 8 are raised past their marked option so that no further "
        "criterion changes",
        example))

    ex = dict(example, frozen=["3.5", "1.1"])
    out.append(case(
        "26-2026-frozen-blocks",
        "26/2026 set 1: frozen 3.5 fails its 4★ minimum: unreachable (frozen_requirement)", ex))
    ex = dict(example, max_changes=8)
    out.append(case(
        "26-2026-max-changes",
        "26/2026 set 1: the cheapest plan changes 9 criteria; max_changes 8 is too small", ex))
    ex = dict(example, eliminated=["6.1"])
    out.append(case(
        "26-2026-eliminated",
        "26/2026 set 1: the council flags 6.1's elimination note: unreachable", ex))

    a = near_best("26/2026", 1, {"1.3": 2, "4.1": 3, "4.3": 3, "5.3": 2, "6.2": 3, "12": 1,
                                 "7": 2})
    out.append(case(
        "26-2026-set-01-to-5",
        "26/2026 set 1 at 84 points, 3★, target 5★: 1.3, 4.1 and 6.2 fail minimums (forced, "
        "+5); one more change must give exactly 1 point for no surplus: 4.3 and 12 both can, "
        "the earlier printed (4.3) wins",
        {"edition": "26/2026", "product_set": "1", "answers": a, "target": 5}))
    out.append(case(
        "26-2026-already",
        "26/2026 set 1 at 84 points, capped at 3★ by 6.2's 4★ minimum; target 3★ is already "
        "reached: empty plan",
        {"edition": "26/2026", "product_set": "1", "answers": a, "target": 3}))

    pa = near_best("26/2026", 1, {}, drop=("8", "9", "10"))
    out.append(case(
        "26-2026-partial-default-target",
        "26/2026 set 1, partial: 8, 9, 10 unanswered fail 3★ minimums (capped at 2★); no "
        "target: the next level, 3★; the plan answers 9 and 10 (from null) at their marked "
        "options",
        {"edition": "26/2026", "product_set": "1", "answers": pa, "partial": True}))

    sh16 = oracle.sheet("26/2026", 16)
    zero = next(j + 1 for j, o in enumerate(
        next(c for c in sh16["criteria"] if c["code"] == "6.2")["options"]) if o["points"] == 0)
    a16 = near_best("26/2026", 16, {"6.2": zero, "4.3": 2, "1.4": 3})
    out.append(case(
        "26-2026-set-16-trigger",
        "26/2026 set 16: 6.2 at 0 points triggers 6.4's elimination note (no stars); target "
        "5★: 6.2 must score (required_by_minimum) and 1.4 fails its 5★ minimum",
        {"edition": "26/2026", "product_set": "16", "answers": a16, "target": 5}))

    a26 = near_best("26/2026", 26, {"8": 1, "15": 1, "9": 3, "1.2": 1, "4.1": 1})
    out.append(case(
        "26-2026-set-26-cases",
        "26/2026 set 26 (tourism) at 87 points, target 5★ with 1.2 and 4.1 frozen: 8 and 9 "
        "change; 9 stays in its case (option 4, not the equal-points option 2 of the other "
        "case)",
        {"edition": "26/2026", "product_set": "26", "answers": a26, "target": 5,
         "frozen": ["1.2", "4.1"]}))
    a26p = {k: v for k, v in a26.items() if k != "9"}
    out.append(case(
        "26-2026-set-26-unanswered-case",
        "26/2026 set 26, partial: case criterion 9 is unanswered, so the plan cannot choose "
        "its case; 8 and 15 close the gap",
        {"edition": "26/2026", "product_set": "26", "answers": a26p, "partial": True,
         "target": 5, "frozen": ["1.2", "4.1"]}))

    amax = near_best("26/2026", 1, {"4.3": 1, "4.2": 1, "1.2": 1, "12": 1})
    out.append(case(
        "26-2026-max-total",
        "26/2026 set 1 at 88 points, target 5★, with the four lowered criteria frozen: the "
        "highest reachable total is 88, below 90",
        {"edition": "26/2026", "product_set": "1", "answers": amax, "target": 5,
         "frozen": ["4.3", "4.2", "1.2", "12"]}))

    a148 = near_best("148/2023", 2, {"1.c": 2, "2.b": 3, "4.a": 3, "5.a": 4, "11": 2,
                                     "8.b": 2, "6.b": 2})
    out.append(case(
        "148-2023-set-02-to-5",
        "148/2023 set 2: 1.c, 2.b (5★) and 6.b (4★ and 5★) fail minimums; target 5★",
        {"edition": "148/2023", "product_set": "2", "answers": a148, "target": 5}))
    a148b = near_best("148/2023", 14, {"2.a": 3, "7": 2, "4.c": 1, "5.a": 1, "6.c": 1,
                                       "6.d": 1, "4.b": 1, "10": 1, "1.a": 1})
    out.append(case(
        "148-2023-set-14-next",
        "148/2023 set 14, 3★: no target, the next level (4★); 2.a and 7 fail 4★ minimums",
        {"edition": "148/2023", "product_set": "14", "answers": a148b}))
    a1489 = near_best("148+1489/2025", 7, {"1.c": 1, "6.đ": 3, "4.a": 2, "5.a": 2, "9": 3})
    out.append(case(
        "148+1489-2025-set-07-to-5",
        "148+1489/2025 (inherits 148's sheets) set 7, target 5★",
        {"edition": "148+1489/2025", "product_set": "7", "answers": a1489, "target": 5}))

    a1048 = near_best("1048/2019", 1, {"6.2": 2, "1.5": 1, "4.3": 2, "10": 3, "8": 2})
    out.append(case(
        "1048-2019-set-01-to-5",
        "1048/2019 set 1 (no star markers) at 78 points, target 5★: three changes are needed; "
        "surplus 0 is reachable several ways; printed order picks 1.5, 4.3, 6.2 and the fewest "
        "points at the earliest",
        {"edition": "1048/2019", "product_set": "1", "answers": a1048, "target": 5}))
    a1048t = near_best("1048/2019", 26, {"6": [1], "7": [1, 2], "9": [2], "12": [1]})
    out.append(case(
        "1048-2019-set-26-additive",
        "1048/2019 set 26 (tourism, additive Part C), target 5★, 3.2 frozen: additive "
        "criteria gain by ticking further options; old ticks stay",
        {"edition": "1048/2019", "product_set": "26", "answers": a1048t, "target": 5,
         "frozen": ["3.2"]}))

    sh1048 = oracle.sheet("1048/2019", 1)
    out.append(case(
        "1048-2019-max-total",
        "1048/2019 set 1, lowest answers, target 5★ with Part C frozen: the highest reachable "
        "total is below 90",
        {"edition": "1048/2019", "product_set": "1", "answers": lowest("1048/2019", 1),
         "target": 5, "frozen": [c["code"] for c in sh1048["criteria"] if c["part"] == "C"]}))

    a781 = near_best("1048+781/2020", 26, {"9": 4, "3.2": 1, "1.2": 1, "4.1": 1, "14": 1})
    out.append(case(
        "1048+781-2020-set-26-to-5",
        "1048+781/2020 set 26 (post-781 tourism sheet, case criteria), target 5★",
        {"edition": "1048+781/2020", "product_set": "26", "answers": a781, "target": 5}))
    a781b = near_best("1048+781/2020", 5, {"6.2": 1, "9": 2, "4.2": 1, "5.1": 1, "7": 1,
                                            "1.5": 1, "10": 1, "4.3": 1, "6.5": 1})
    out.append(case(
        "1048+781-2020-set-05-next",
        "1048+781/2020 set 5 (inherited from 1048) at 3★: next level with at most 3 changes",
        {"edition": "1048+781/2020", "product_set": "5", "answers": a781b, "max_changes": 3}))
    out.extend(council_cases())
    return out


def council_cases():
    out = []
    base = near_best("26/2026", 1, {"4.2": 3, "4.3": 3, "5.3": 2, "6.2": 4, "12": 2, "7": 2,
                                    "1.2": 2})
    b = dict(base, **{"6.1": 2, "4.2": 2, "4.3": 2})
    c = dict(base, **{"11": 1})
    members = [{"member": "A", "answers": base}, {"member": "B", "answers": b},
               {"member": "C", "answers": c}]
    req = {"edition": "26/2026", "product_set": "1", "level": "province", "members": members,
           "target": 5}
    out.append(case(
        "council-26-2026-set-01",
        "26/2026 set 1, a province council of three: member B's 6.1 fails its 4★ and 5★ "
        "minimums (forced); the average must rise to 90; each change gives every member the "
        "same answer",
        req))
    out.append(case(
        "council-26-2026-set-01-max-changes",
        "the same council with max_changes 1: too few",
        dict(req, max_changes=1)))
    out.append(case(
        "council-26-2026-eliminated",
        "the same council flags 6.1's elimination note: unreachable",
        dict(req, eliminated=["6.1"])))

    a1 = near_best("1048/2019", 1, {"6.2": 2, "1.5": 1, "4.3": 2, "10": 3, "8": 2})
    a2 = near_best("1048/2019", 1, {"6.2": 3, "1.5": 2, "4.3": 2, "10": 2, "8": 3})
    out.append(case(
        "council-1048-2019-set-01-next",
        "1048/2019 set 1, central council of two (no star markers), no target: the next "
        "level above the council's stars; the agreed answer never lowers a member",
        {"edition": "1048/2019", "product_set": "1", "level": "central",
         "members": [{"member": "X", "answers": a1}, {"member": "Y", "answers": a2}]}))

    s1 = near_best("26/2026", 26, {"8": 1, "15": 1, "9": 3, "1.2": 1, "4.1": 1})
    s2 = dict(s1, **{"9": 1, "8": 2})
    out.append(case(
        "council-26-2026-set-26-case-disagreement",
        "26/2026 set 26, two members answer case criterion 9 in different cases, so no "
        "agreement on 9 is proposed; 1.2 and 4.1 frozen; agreeing on 15 closes the gap",
        {"edition": "26/2026", "product_set": "26", "level": "province", "target": 5,
         "frozen": ["1.2", "4.1"],
         "members": [{"member": "A", "answers": s1}, {"member": "B", "answers": s2}]}))

    low = {"4.a": 1, "5.a": 1, "11": 1, "8.b": 1}
    p1 = near_best("148/2023", 2, dict(low, **{"1.c": 2}))
    p2 = near_best("148/2023", 2, dict(low, **{"4.a": 2}))
    out.append(case(
        "council-148-2023-max-total",
        "148/2023 set 2, district council of two, target 5★ with 4.a, 5.a, 11 and 8.b "
        "frozen: the highest reachable average is below 90",
        {"edition": "148/2023", "product_set": "2", "level": "district", "target": 5,
         "frozen": sorted(low),
         "members": [{"member": "A", "answers": p1}, {"member": "B", "answers": p2}]}))
    return out


def error_cases():
    base = {"edition": "26/2026", "product_set": "1", "answers": {}, "partial": True}
    return [
        ("error-target-0", {
            "description": "target 0 is not a star level",
            "op": "advise", "request": dict(base, target=0),
            "expected": {"status": "failure", "errors": [
                {"code": "invalid_number", "path": "/target"}]}}),
        ("error-target-6", {
            "description": "target 6 is not a star level",
            "op": "advise", "request": dict(base, target=6),
            "expected": {"status": "failure", "errors": [
                {"code": "invalid_number", "path": "/target"}]}}),
        ("error-frozen-unknown", {
            "description": "a frozen code the sheet does not have",
            "op": "advise", "request": dict(base, frozen=["1.1", "99"]),
            "expected": {"status": "failure", "errors": [
                {"code": "unknown_criterion", "path": "/frozen/1"}]}}),
        ("error-max-changes-negative", {
            "description": "max_changes must be a whole number",
            "op": "advise", "request": dict(base, max_changes=-1),
            "expected": {"status": "failure", "errors": [
                {"code": "invalid_number", "path": "/max_changes"}]}}),
        ("error-unknown-field", {
            "description": "advise requests reject unknown fields like score requests",
            "op": "advise", "request": dict(base, budget=3),
            "expected": {"status": "failure", "errors": [
                {"code": "unknown_field", "path": "/budget"}]}}),
    ]


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, c in cases() + error_cases():
        with open(os.path.join(OUT, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(c, f, ensure_ascii=False, indent=1)
            f.write("\n")
        exp = c["expected"]
        print(name, exp["status"], exp.get("reachable"), len(exp.get("changes", [])),
              (exp.get("reason") or {}).get("code"))


if __name__ == "__main__":
    main()
