#!/usr/bin/env python3
"""Generates the golden corpus of the older editions and of the date/certificate operations:

- tests/golden/1048-2019/, 1048+781-2020/, 148-2023/, 148+1489-2025/: every product set,
  band boundaries, capped stars, case and additive criteria, eliminations, councils (spreads,
  an 89.5 average, dissenting members, levels) and requests that choose the edition by date;
- tests/golden/misc/: op `edition_for` and op `certificate`, and the date-related errors.

Answers are chosen by a seeded search over the data files (exact totals by dynamic
programming); every expected success outcome is computed by the Python oracles (`oracle.py`,
`council.py`, `timeline.py`), never by the engine. Error cases are written by hand (code +
path). Run from anywhere: `python3 tests/oracle/gen_editions.py`.
"""
import json
import os
import random
import shutil
import sys

sys.path.insert(0, os.path.dirname(__file__))
import council  # noqa: E402
import oracle  # noqa: E402
import timeline  # noqa: E402

GOLDEN = os.path.join(oracle.ROOT, "tests", "golden")
EDITIONS = ["1048/2019", "1048+781/2020", "148/2023", "148+1489/2025"]


def dirname(ed):
    return os.path.join(GOLDEN, ed.replace("/", "-"))


def write(d, name, case):
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name + ".json"), "w", encoding="utf-8") as f:
        json.dump(case, f, ensure_ascii=False, indent=1)
        f.write("\n")


def score_case(description, request):
    return {"description": description, "op": "score", "request": request,
            "expected": council.score(request)}


def failure(description, op, request, errors):
    return {"description": description, "op": op, "request": request,
            "expected": {"status": "failure",
                         "errors": [{"code": c, "path": p} for c, p in errors]}}


# ---------------------------------------------------------------------------------------------
# Answer search


def sheet(ed, n):
    return oracle.sheet(ed, n)


def floor_ok(c, opt_index, keep, case):
    """Does option opt_index (0-based) of a single/case criterion keep every minimum of level
    <= keep (within its case)?"""
    o = c["options"][opt_index]
    for m in c["options"]:
        lvl = m.get("min_star")
        if lvl and lvl <= keep and (case is None or m.get("case") == case):
            if o["points"] < m["points"]:
                return False
    return True


def candidates(c, keep, rng, case=None, fixed=None):
    """[(answer value, points)] allowed for criterion c, in a random order."""
    if fixed is not None:
        if c["mode"] == "additive":
            ticks = fixed if isinstance(fixed, list) else [fixed]
            return [(fixed, sum(c["options"][k - 1]["points"] for k in ticks))]
        return [(fixed, c["options"][fixed - 1]["points"])]
    out = []
    if c["mode"] == "additive":
        n = len(c["options"])
        must = [i + 1 for i, o in enumerate(c["options"])
                if o.get("min_star") and o["min_star"] <= keep]
        subsets = [[]] + [[i] for i in range(1, n + 1)]
        subsets += [[i, j] for i in range(1, n + 1) for j in range(i + 1, n + 1)]
        subsets.append(list(range(1, n + 1)))
        seen = set()
        for sub in subsets:
            sub = sorted(set(sub) | set(must))
            if tuple(sub) in seen:
                continue
            seen.add(tuple(sub))
            out.append((sub, sum(c["options"][k - 1]["points"] for k in sub)))
    else:
        for i, o in enumerate(c["options"]):
            if c["mode"] == "case" and case is not None and o.get("case") != case:
                continue
            if floor_ok(c, i, keep, o.get("case") if c["mode"] == "case" else None):
                out.append((i + 1, o["points"]))
    rng.shuffle(out)
    return out


def hit(ed, n, target, keep=0, seed=0, fixed=None, cases=None, leave_out=()):
    """Answers for set n of `ed` totalling exactly `target`, meeting every minimum of level <=
    keep; `fixed` pins answers, `cases` picks the case of case criteria, `leave_out` leaves
    criteria unanswered."""
    s = sheet(ed, n)
    rng = random.Random(f"{ed}/{n}/{target}/{keep}/{seed}")
    crit = [c for c in s["criteria"] if c["code"] not in leave_out]
    cands = [candidates(c, keep, rng, (cases or {}).get(c["code"]),
                        (fixed or {}).get(c["code"])) for c in crit]
    reach = [set() for _ in range(len(crit) + 1)]
    reach[len(crit)] = {0}
    for i in range(len(crit) - 1, -1, -1):
        reach[i] = {p + t for _, p in cands[i] for t in reach[i + 1]}
    if target not in reach[0]:
        raise ValueError(f"{ed} set {n}: {target} not reachable (keep {keep})")
    answers, t = {}, target
    for i, c in enumerate(crit):
        for v, p in cands[i]:
            if t - p in reach[i + 1]:
                answers[c["code"]] = v
                t -= p
                break
    return answers


def random_answers(ed, n, seed):
    """Each criterion answered with a random option (additive: a random subset)."""
    s = sheet(ed, n)
    rng = random.Random(f"random/{ed}/{n}/{seed}")
    out = {}
    for c in s["criteria"]:
        if c["mode"] == "additive":
            out[c["code"]] = sorted(rng.sample(range(1, len(c["options"]) + 1),
                                               rng.randint(0, len(c["options"]))))
        else:
            out[c["code"]] = rng.randint(1, len(c["options"]))
    return out


def max_total(ed, n):
    s = sheet(ed, n)
    return sum(c["max"] for c in s["criteria"])


def minimum_below(ed, n, level):
    """(criterion code, an option below its level-`level` marker) for set n, or None."""
    for c in sheet(ed, n)["criteria"]:
        if c["mode"] != "single":
            continue
        for o in c["options"]:
            if o.get("min_star") == level:
                below = [i + 1 for i, x in enumerate(c["options"]) if x["points"] < o["points"]]
                if below:
                    return c["code"], below[-1]
    return None


def members(ed, n, totals, keep=0, seed=0, fixed=None, names=None):
    names = names or ["An", "Bình", "Chi", "Dũng", "Hà", "Khoa", "Lan", "Minh", "Nga"]
    out = []
    for i, t in enumerate(totals):
        f = (fixed or {}).get(i)
        out.append({"member": names[i], "answers": hit(ed, n, t, keep, seed + i, fixed=f)})
    return out


def trigger_zero(ed, n):
    """(criterion carrying a trigger, code to answer with 0 points, its 0-point option)."""
    s = sheet(ed, n)
    by = {c["code"]: c for c in s["criteria"]}
    for c in s["criteria"]:
        for note in c["notes"]:
            t = note.get("trigger")
            if t:
                for code in t["zero_points_in"]:
                    z = [i + 1 for i, o in enumerate(by[code]["options"]) if o["points"] == 0]
                    if z:
                        return c["code"], code, z[0]
    return None


# ---------------------------------------------------------------------------------------------
# Per-edition cases


def common(ed, cases):
    """Every set, the band boundaries, the maximum."""
    for n in range(1, 27):
        cases[f"set-{n:02d}-random"] = score_case(
            f"{ed} set {n} ({sheet(ed, n)['name']}): random answers to every criterion",
            {"edition": ed, "product_set": str(n), "answers": random_answers(ed, n, 1)})
    bands = [(29, 1), (30, 2), (49, 2), (50, 3), (69, 3), (70, 4), (89, 4), (90, 5)]
    for i, (t, stars) in enumerate(bands):
        n = [3, 6, 9, 12, 15, 18, 21, 24][i]
        cases[f"boundary-{t:03d}"] = score_case(
            f"{ed} set {n}: total exactly {t}, every minimum up to {stars}★ met: band and "
            f"stars {stars}",
            {"edition": ed, "product_set": str(n),
             "answers": hit(ed, n, t, keep=stars, seed=i)})
    n = 11
    cases["maximum"] = score_case(
        f"{ed} set {n}: the best option everywhere, total {max_total(ed, n)}",
        {"edition": ed, "product_set": str(n),
         "answers": hit(ed, n, max_total(ed, n), keep=5)})


def council_cases(ed, cases, levels):
    upper = "central" if "central" in levels else levels[-1]
    n = 4
    cases["council-89.5"] = score_case(
        f"{ed} set {n}, {upper} council: totals 89 and 90 average exactly 179/2 = 89.5, "
        "below 90: band 4★ (compared exactly, no rounding)",
        {"edition": ed, "product_set": str(n), "level": upper,
         "members": members(ed, n, [89, 90], keep=5)})
    cases["council-three-members"] = score_case(
        f"{ed} set 8, province council of three: 70 + 75 + 76 = 221/3, decimal truncated "
        "to 73.66 (not exact)",
        {"edition": ed, "product_set": "8", "level": "province",
         "members": members(ed, 8, [70, 75, 76], keep=4, seed=3)})
    cases["council-spread-10"] = score_case(
        f"{ed} set 10, province council: totals 72 and 82 differ by exactly 10",
        {"edition": ed, "product_set": "10", "level": "province",
         "members": members(ed, 10, [72, 82, 78], keep=4, seed=5)})
    cases["council-spread-11"] = score_case(
        f"{ed} set 13, {upper} council: totals 80 and 91 differ by 11 (QĐ 1048 Phụ lục II: "
        "more than 10 → re-score, where the edition has that rule)",
        {"edition": ed, "product_set": "13", "level": upper,
         "members": members(ed, 13, [80, 91, 85], keep=4, seed=7)})
    if "district" in levels:
        cases["council-district"] = score_case(
            f"{ed} set 16, district council: spread 30 has no limit at district level; "
            "3★ and above are forwarded to the province",
            {"edition": ed, "product_set": "16", "level": "district",
             "members": members(ed, 16, [45, 75, 60], keep=3, seed=9)})
    cases["council-no-certificate"] = score_case(
        f"{ed} set 20, province council averaging 2★: no certificate",
        {"edition": ed, "product_set": "20", "level": "province",
         "members": members(ed, 20, [35, 42], keep=2, seed=11)})
    cases["council-5-stars"] = score_case(
        f"{ed} set 2, {upper} council: 92 and 96, 5★",
        {"edition": ed, "product_set": "2", "level": upper,
         "members": members(ed, 2, [92, 96], keep=5, seed=13)})


def outcome_cases(ed, cases, levels):
    """Every outcome at every level: a council of two reaching 1★ … 5★ (every minimum of its
    level met, so stars = band), and one flagging an elimination or stop note."""
    n = 5
    totals = {1: [20, 25], 2: [35, 42], 3: [55, 64], 4: [74, 83], 5: [91, 96]}
    stop = next(c["code"] for c in sheet(ed, n)["criteria"]
                if any(x["kind"] in ("elimination", "stop_rule") for x in c["notes"]))
    for level in levels:
        for stars, ts in totals.items():
            cases[f"council-{level}-{stars}-stars"] = score_case(
                f"{ed} set {n}, {level} council of two: {ts[0]} and {ts[1]}, {stars}★: what the "
                f"{level} level does with a {stars}★ result",
                {"edition": ed, "product_set": str(n), "level": level,
                 "members": members(ed, n, ts, keep=stars, seed=100 + stars)})
        cases[f"council-{level}-eliminated"] = score_case(
            f"{ed} set {n}, {level} council: 80 and 86 but the council flags the note of "
            f"{stop}: eliminated, no stars",
            {"edition": ed, "product_set": str(n), "level": level,
             "members": members(ed, n, [80, 86], keep=4, seed=120), "eliminated": [stop]})


def cases_1048(ed, cases):
    # Case criterion 3.2 in both cases; the additive tourism sheet.
    for n, k in [(1, 0), (2, 1)]:
        c = next(c for c in sheet(ed, n)["criteria"] if c["mode"] == "case")
        cs = c["cases"][k]
        cases[f"case-criterion-set-{n:02d}"] = score_case(
            f"{ed} set {n}, criterion {c['code']} (\"Lựa chọn một trong hai trường hợp\"): "
            f"an option of the case {cs!r}",
            {"edition": ed, "product_set": str(n),
             "answers": hit(ed, n, 64 + n, seed=20 + n, cases={c["code"]: cs})})
    cases["flagged-elimination"] = score_case(
        f"{ed} set 3: the council flags the elimination note of 1.1; the rest need not be "
        "answered",
        {"edition": ed, "product_set": "3", "answers": {"1.1": 2}, "eliminated": ["1.1"]})
    z = trigger_zero(ed, 17)
    answers = hit(ed, 17, 70, seed=31, fixed={z[1]: z[2]})
    cases["stop-rule-triggered"] = score_case(
        f"{ed} set 17: {z[1]} answered with 0 points triggers the stop note of {z[0]}",
        {"edition": ed, "product_set": "17", "answers": answers})
    cases["partial"] = score_case(
        f"{ed} set 5: a partial form, three criteria answered",
        {"edition": ed, "product_set": "5", "partial": True,
         "answers": {"1.1": 2, "4.1": 3, "7": 1}})


def add_1048(cases):
    ed = "1048/2019"
    common(ed, cases)
    council_cases(ed, cases, ["district", "province", "central"])
    cases_1048(ed, cases)
    s26 = sheet(ed, 26)
    additive = [c for c in s26["criteria"] if c["mode"] == "additive"]
    ans = random_answers(ed, 26, 2)
    ans[additive[0]["code"]] = list(range(1, len(additive[0]["options"]) + 1))
    ans[additive[1]["code"]] = []
    ans[additive[2]["code"]] = 1
    cases["additive-tourism"] = score_case(
        f"{ed} set 26 (tourism), additive Part C: every option of {additive[0]['code']} ticked "
        f"(summed), none of {additive[1]['code']} (0 points), a bare option number for "
        f"{additive[2]['code']}",
        {"edition": ed, "product_set": "26", "answers": ans})
    cases["additive-tourism-max"] = score_case(
        f"{ed} set 26: everything at its best; the sheet sums to {max_total(ed, 26)} "
        "(Part A prints 35 but adds to 34)",
        {"edition": ed, "product_set": "26", "answers": hit(ed, 26, max_total(ed, 26))})
    for n in (7, 19):
        cases[f"inconsistent-set-{n:02d}-max"] = score_case(
            f"{ed} set {n}: best answers reach only {max_total(ed, n)}, as printed "
            "(a part does not add up; erratum)",
            {"edition": ed, "product_set": str(n), "answers": hit(ed, n, max_total(ed, n))})
    z = trigger_zero(ed, 7)
    good = hit(ed, 7, 78, seed=41)
    bad = dict(good)
    bad[z[1]] = z[2]
    cases["council-member-trigger"] = score_case(
        f"{ed} set 7, district council: {z[1]} scored 0 on Bình's sheet triggers the stop note "
        "for the whole council; Bình is named",
        {"edition": ed, "product_set": "7", "level": "district",
         "members": [{"member": "An", "answers": good}, {"member": "Bình", "answers": bad},
                     {"member": "Chi", "answers": hit(ed, 7, 74, seed=42)}]})
    cases["date-first-day"] = score_case(
        "filed 2019-08-21, the day QĐ 1048 was signed and took effect: 1048/2019",
        {"date": "2019-08-21", "dossier": "first", "product_set": "1",
         "answers": random_answers(ed, 1, 3)})
    cases["date-last-day"] = score_case(
        "re-evaluation filed 2020-06-07, the last day before QĐ 781: 1048/2019",
        {"date": "2020-06-07", "dossier": "reevaluation", "product_set": "12",
         "answers": random_answers(ed, 12, 3)})


def add_781(cases):
    ed = "1048+781/2020"
    common(ed, cases)
    council_cases(ed, cases, ["district", "province", "central"])
    cases_1048(ed, cases)
    s26 = sheet(ed, 26)
    for k in (0, 1):
        cs = {c["code"]: c["cases"][k] for c in s26["criteria"] if c["mode"] == "case"}
        cases[f"tourism-candidate-case-{k + 1}"] = score_case(
            f"{ed} set 26, the unverified post-781 tourism sheet: every case criterion in case "
            f"{k + 1}; the result carries the 781 data-gap warnings",
            {"edition": ed, "product_set": "26",
             "answers": hit(ed, 26, 71 + k, seed=50 + k, cases=cs)})
    cases["gap-warning-5-stars"] = score_case(
        f"{ed} set 1 at 95 points: 5★ by total alone; 781's per-star minimums are not "
        "applied and the result says so (data_gap warnings)",
        {"edition": ed, "product_set": "1", "answers": hit(ed, 1, 95, seed=52)})
    cases["date-first-day"] = score_case(
        "upgrade dossier filed 2020-06-08, the day QĐ 781 was signed: 1048+781/2020",
        {"date": "2020-06-08", "dossier": "upgrade", "product_set": "14",
         "answers": random_answers(ed, 14, 4)})
    cases["date-last-day"] = score_case(
        "filed 2023-02-23, the day before QĐ 148: 1048+781/2020",
        {"date": "2023-02-23", "dossier": "first", "product_set": "22",
         "answers": random_answers(ed, 22, 4)})


def cases_148(ed, cases):
    for level, n in [(5, 2), (4, 6), (3, 9)]:
        below = minimum_below(ed, n, level)
        total = {5: 93, 4: 80, 3: 60}[level]
        c = score_case(
            "", {"edition": ed, "product_set": str(n),
                 "answers": hit(ed, n, total, keep=level - 1, seed=60 + level,
                                fixed={below[0]: below[1]})})
        c["description"] = (
            f"{ed} set {n}: total {total}, band {c['expected']['band']}★, but {below[0]} is "
            f"below its {level}★ marker ({len(c['expected']['capped_by'])} minimum(s) missed "
            f"in all): stars capped at {level - 1}")
        cases[f"capped-{level}-to-{level - 1}"] = c
    code, opt = minimum_below(ed, 1, 4)
    ms = members(ed, 1, [82, 84, 86], keep=4, seed=70)
    ms[1]["answers"] = hit(ed, 1, 84, keep=3, seed=71, fixed={code: opt})
    cases["council-dissent"] = score_case(
        f"{ed} set 1, province council of three averaging 4★: Bình's sheet answers {code} "
        "(and others) below its 4★ marker, so those 4★ minimums are not met on every sheet: "
        "the council gets 3★ and Bình is named as dissenting",
        {"edition": ed, "product_set": "1", "level": "province", "members": ms})
    s = sheet(ed, 1)
    stop = next(c["code"] for c in s["criteria"]
                if any(n["kind"] == "stop_rule" for n in c["notes"]))
    cases["flagged-stop-rule"] = score_case(
        f"{ed} set 1: the council flags the stop rule of {stop}",
        {"edition": ed, "product_set": "1", "answers": {}, "eliminated": [stop]})
    s26 = sheet(ed, 26)
    cs = {c["code"]: c["cases"][1] for c in s26["criteria"] if c["mode"] == "case"}
    cases["tourism-case-2"] = score_case(
        f"{ed} set 26: the case criteria answered in their second case",
        {"edition": ed, "product_set": "26", "answers": hit(ed, 26, 77, keep=4, seed=80,
                                                          cases=cs)})
    cases["ip-marker-3e"] = score_case(
        f"{ed} set 5, criterion 3.e (\"Sở hữu trí tuệ****\", marker on the criterion name): "
        "option 1 meets the 4★ reading chosen in the errata",
        {"edition": ed, "product_set": "5", "answers": hit(ed, 5, 84, keep=4, seed=81,
                                                          fixed={"3.e": 1})})


def add_148(cases):
    ed = "148/2023"
    common(ed, cases)
    council_cases(ed, cases, ["district", "province", "central"])
    outcome_cases(ed, cases, ["district", "province", "central"])
    cases_148(ed, cases)
    cases["date-first-day"] = score_case(
        "filed 2023-02-24, the day QĐ 148 was signed: 148/2023",
        {"date": "2023-02-24", "dossier": "first", "product_set": "23",
         "answers": random_answers(ed, 23, 5)})
    cases["date-last-day"] = score_case(
        "filed 2025-07-05, the day before QĐ 1489, evaluated the same month: 148/2023",
        {"date": "2025-07-05", "dossier": "upgrade", "evaluated_on": "2025-07-30",
         "product_set": "25", "answers": random_answers(ed, 25, 5)})


def add_1489(cases):
    ed = "148+1489/2025"
    common(ed, cases)
    council_cases(ed, cases, ["province", "central"])
    outcome_cases(ed, cases, ["province", "central"])
    cases_148(ed, cases)
    cases["date-first-day"] = score_case(
        "filed 2025-07-06, the day QĐ 1489 was signed: 148+1489/2025; the reason names the "
        "Điều 12 transition deadline should it still be pending on 22/5/2026",
        {"date": "2025-07-06", "dossier": "first", "product_set": "24",
         "answers": random_answers(ed, 24, 6)})
    cases["transition-first-last-day"] = score_case(
        "filed 2026-05-10, still pending on 22/5/2026, evaluated 2026-07-21 — day 60: the "
        "2021–2025 rules apply (QĐ 26/2026 Điều 12 khoản 2 điểm a)",
        {"date": "2026-05-10", "dossier": "first", "evaluated_on": "2026-07-21",
         "product_set": "7", "answers": random_answers(ed, 7, 6)})
    cases["transition-reevaluation-last-day"] = score_case(
        "re-evaluation filed 2026-05-21, evaluated 2026-06-21 — day 30 (Điều 12 khoản 2 "
        "điểm b): 148+1489/2025",
        {"date": "2026-05-21", "dossier": "reevaluation", "evaluated_on": "2026-06-21",
         "product_set": "19", "answers": random_answers(ed, 19, 6)})
    cases["transition-from-148-era"] = score_case(
        "upgrade filed 2024-03-01 under 148/2023 and still pending on 22/5/2026: the "
        "2021–2025 rules as they then stood, 148+1489/2025",
        {"date": "2024-03-01", "dossier": "upgrade", "evaluated_on": "2026-06-15",
         "product_set": "13", "answers": random_answers(ed, 13, 6)})
    cases["transition-council"] = score_case(
        "province council on a dossier filed 2026-05-15 and evaluated 2026-07-01: "
        "148+1489/2025 by the transition, 89.5 average",
        {"date": "2026-05-15", "dossier": "first", "evaluated_on": "2026-07-01",
         "product_set": "17", "level": "province",
         "members": members(ed, 17, [88, 91], keep=5, seed=90)})
    cases["district-level-error"] = failure(
        "QĐ 1489 removed the district level: a district council is a conflict",
        "score",
        {"edition": ed, "product_set": "1", "level": "district",
         "members": [{"member": "An", "answers": {}}], "partial": True},
        [("conflicting_fields", "/level")])
    cases["transition-deadline-missed"] = failure(
        "filed 2026-05-10, evaluated 2026-07-22: past the 60-day transition, no edition",
        "score",
        {"date": "2026-05-10", "dossier": "first", "evaluated_on": "2026-07-22",
         "product_set": "1", "answers": {}, "partial": True},
        [("no_edition_for_date", "/evaluated_on")])


# ---------------------------------------------------------------------------------------------
# misc: edition_for, certificate, date errors


def ef(description, date, dossier, evaluated_on=None):
    req = {"date": date, "dossier": dossier}
    if evaluated_on:
        req["evaluated_on"] = evaluated_on
    return {"description": description, "op": "edition_for", "request": req,
            "expected": timeline.edition_for(date, dossier, evaluated_on)}


def cert(description, **req):
    return {"description": description, "op": "certificate", "request": req,
            "expected": timeline.certificate(req)}


def add_misc(cases):
    for ed in timeline.editions():
        f = ed["effective_from"]
        cases[f"edition-for-{ed['id'].replace('/', '-')}-first-day"] = ef(
            f"first day of {ed['id']} ({f}): a first-evaluation dossier filed then follows it",
            f, "first")
    cases["edition-for-2026-05-21-reevaluation"] = ef(
        "re-evaluation filed the day before 26/2026, no evaluation date: 148+1489/2025, with "
        "the 30-day transition deadline 2026-06-21", "2026-05-21", "reevaluation")
    cases["edition-for-transition-first-day-60"] = ef(
        "filed 2026-05-21, evaluated 2026-07-21 (day 60 after 22/5/2026): transition to the "
        "2021–2025 rules", "2026-05-21", "first", "2026-07-21")
    cases["edition-for-transition-upgrade-day-1"] = ef(
        "upgrade filed 2026-04-30, evaluated 2026-05-22, the day 26/2026 took effect: "
        "transition", "2026-04-30", "upgrade", "2026-05-22")
    cases["edition-for-evaluated-before"] = ef(
        "filed 2026-04-01, evaluated 2026-05-20, before 26/2026: the edition in force, no "
        "transition", "2026-04-01", "first", "2026-05-20")
    cases["edition-for-1048-pending-2026"] = ef(
        "filed 2020-01-15 (1048/2019) and still pending on 22/5/2026: the 2021–2025 rules "
        "(148+1489/2025)", "2020-01-15", "reevaluation", "2026-06-10")
    cases["edition-for-2030"] = ef("filed 2030-12-31: 26/2026", "2030-12-31", "upgrade")
    cases["edition-for-error-before-1048"] = failure(
        "filed 2019-08-20, before the first edition", "edition_for",
        {"date": "2019-08-20", "dossier": "first"}, [("no_edition_for_date", "/date")])
    cases["edition-for-error-deadline"] = failure(
        "re-evaluation filed 2026-05-21, evaluated 2026-06-22: day 31, past Điều 12 khoản 2 "
        "điểm b", "edition_for",
        {"date": "2026-05-21", "dossier": "reevaluation", "evaluated_on": "2026-06-22"},
        [("no_edition_for_date", "/evaluated_on")])
    cases["edition-for-error-invalid-date"] = failure(
        "30 February does not exist", "edition_for",
        {"date": "2026-02-30", "dossier": "first"}, [("invalid_date", "/date")])
    cases["edition-for-error-no-dossier"] = failure(
        "a date without a dossier kind", "edition_for", {"date": "2026-02-01"},
        [("missing_field", "/dossier")])
    cases["edition-for-error-evaluated-before-filed"] = failure(
        "evaluated before filed", "edition_for",
        {"date": "2026-06-01", "dossier": "first", "evaluated_on": "2026-05-01"},
        [("conflicting_fields", "/evaluated_on")])
    cases["score-error-edition-and-date"] = failure(
        "a score request naming both an edition and a date", "score",
        {"edition": "26/2026", "date": "2026-06-01", "dossier": "first", "product_set": "1",
         "answers": {}, "partial": True}, [("conflicting_fields", "/date")])
    cases["score-error-dossier-without-date"] = failure(
        "a dossier kind without a date", "score",
        {"edition": "26/2026", "dossier": "first", "product_set": "1", "answers": {},
         "partial": True}, [("conflicting_fields", "/dossier")])
    cases["score-error-invalid-date"] = failure(
        "a date that is not YYYY-MM-DD", "score",
        {"date": "22/05/2026", "dossier": "first", "product_set": "1", "answers": {},
         "partial": True}, [("invalid_date", "/date")])
    cases["score-error-before-1048"] = failure(
        "a score request filed before 2019-08-21", "score",
        {"date": "2018-12-31", "dossier": "first", "product_set": "1", "answers": {},
         "partial": True}, [("no_edition_for_date", "/date")])
    cases["council-error-answers-and-members"] = failure(
        "a council request must not have top-level answers", "score",
        {"edition": "26/2026", "product_set": "1", "level": "province", "answers": {},
         "members": [{"member": "An", "answers": {}}], "partial": True},
        [("conflicting_fields", "/answers")])
    cases["council-error-duplicate-member"] = failure(
        "two members with the same name", "score",
        {"edition": "26/2026", "product_set": "1", "level": "province", "partial": True,
         "members": [{"member": "An", "answers": {}}, {"member": "An", "answers": {}}]},
        [("duplicate_key", "/members/1/member")])

    cases["certificate-2026"] = cert(
        "issued 2026-06-15 under 26/2026: expires 2029-06-15; window 2028-12-17 to 2029-02-15",
        issued="2026-06-15")
    cases["certificate-end-of-month"] = cert(
        "issued 2024-02-29: 36 months later has no 29 February, so the month's last day",
        issued="2024-02-29", on="2027-02-28")
    cases["certificate-1048-valid"] = cert(
        "a 1048/2019 certificate still valid on its last day", issued="2019-12-20",
        edition="1048/2019", on="2022-12-20")
    cases["certificate-1048-expired"] = cert(
        "a 1048/2019 certificate the day after expiry", issued="2019-12-20",
        edition="1048/2019", on="2022-12-21")
    cases["certificate-148-continues"] = cert(
        "a 148/2023 certificate expiring after 22/5/2026 stays valid to its expiry "
        "(Điều 12 khoản 1)", issued="2023-09-01", edition="148/2023", on="2026-08-31")
    cases["certificate-not-yet-issued"] = cert(
        "asked about a day before issue", issued="2025-01-10", on="2025-01-09")
    cases["certificate-in-window"] = cert(
        "re-evaluation filed 150 days before expiry: in the window, no extension",
        issued="2024-01-10", edition="148/2023", reevaluation_filed="2026-08-13",
        on="2027-01-11")
    cases["certificate-early"] = cert(
        "re-evaluation filed 181 days before expiry: too early", issued="2024-01-10",
        reevaluation_filed="2026-07-13")
    cases["certificate-late-extended"] = cert(
        "filed after the window closed: valid past expiry until the result, at most 180 "
        "days (Điều 12 khoản 3); no result yet", issued="2024-01-10",
        reevaluation_filed="2026-10-01", on="2027-07-09")
    cases["certificate-late-result"] = cert(
        "late filing, result on 2027-03-01: valid until that day", issued="2024-01-10",
        reevaluation_filed="2026-10-01", result_on="2027-03-01", on="2027-03-02")
    cases["certificate-window-passed-before-2026"] = cert(
        "a 148/2023 certificate expiring 2026-08-31: its window closed on 2026-05-03, before "
        "26/2026; filed 2026-06-01, late, so extended", issued="2023-08-31",
        reevaluation_filed="2026-06-01", on="2027-01-15")
    cases["certificate-filed-before-2026"] = cert(
        "re-evaluation filed 2026-04-01, before 26/2026: the window did not apply",
        issued="2023-06-30", edition="148/2023", reevaluation_filed="2026-04-01")
    cases["certificate-after-expiry"] = cert(
        "filed the day after expiry: no extension", issued="2023-10-01",
        reevaluation_filed="2026-10-02", on="2026-10-02")
    cases["certificate-error-before-edition"] = failure(
        "a 148/2023 certificate cannot be issued in 2022", "certificate",
        {"issued": "2022-01-01", "edition": "148/2023"}, [("conflicting_fields", "/issued")])
    cases["certificate-error-result-without-filing"] = failure(
        "a result date needs a filing date", "certificate",
        {"issued": "2024-01-01", "result_on": "2026-01-01"},
        [("conflicting_fields", "/result_on")])
    cases["certificate-error-unknown-edition"] = failure(
        "an unknown edition", "certificate", {"issued": "2024-01-01", "edition": "490/2018"},
        [("unknown_edition", "/edition")])
    cases["certificate-error-invalid-date"] = failure(
        "not a date", "certificate", {"issued": "2024-13-01"}, [("invalid_date", "/issued")])


def main():
    plans = [("1048/2019", add_1048), ("1048+781/2020", add_781), ("148/2023", add_148),
             ("148+1489/2025", add_1489), ("misc", add_misc)]
    for ed, add in plans:
        cases = {}
        add(cases)
        d = os.path.join(GOLDEN, "misc") if ed == "misc" else dirname(ed)
        if os.path.isdir(d):
            shutil.rmtree(d)
        for name, c in sorted(cases.items()):
            write(d, name, c)
        print(f"{os.path.relpath(d, oracle.ROOT)}: {len(cases)} cases")


if __name__ == "__main__":
    main()
