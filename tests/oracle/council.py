"""Independent oracle for council requests (op `score` with `"members"`) and for score requests
that choose their edition by `date`, written from the rules in docs/rules.md, on top of the
single-sheet oracle (`oracle.py`: `load`, `evaluate`, `score_single`, `engine_version`).

Public functions:
- `score(request: dict) -> dict`: the success outcome of any valid score request (single sheet
  or council; `edition`, or `date` + `dossier` [+ `evaluated_on`]).
- `score_council(request: dict) -> dict`: the success outcome of a valid council request.
- `average(sum, n) -> dict` and `decimal(sum, n) -> (str, bool)`.

Council rules:
- average = sum of members' totals / number of members, exact (Fraction); band: the first band
  whose min <= average (compared as fractions); decimal: at most two decimals, truncated,
  trailing zeros dropped, `exact` when that is the whole value.
- a star minimum counts only if every member's sheet meets it; council stars = min(band, lowest
  level failed on any sheet − 1), at least 1; none when eliminated.
- elimination: the first criterion in printed order that the request flags, or whose
  answer-triggered note fires on any member's sheet (`members` = the sheets it fires on).
- spread = max − min total; limit 10 under 1048/2019 and 1048+781/2020 at province and central
  level only (QĐ 1048 Phụ lục II); 148 editions: unknown → warning `council_rule_unknown`.
- levels: district only under 1048, 1048+781, 148; action by the council's stars.
"""
from fractions import Fraction

import oracle
import timeline

LEVELS = {
    "1048/2019": ("district", "province", "central"),
    "1048+781/2020": ("district", "province", "central"),
    "148/2023": ("district", "province", "central"),
    "148+1489/2025": ("province", "central"),
    "26/2026": ("province", "central"),
}
SPREAD_LIMIT = {"1048/2019": 10, "1048+781/2020": 10}
UNKNOWN = {"148/2023", "148+1489/2025"}
CITATION = {
    "1048/2019": {
        "district": "1048/QĐ-TTg: Phụ lục II mục 1.a, 2.c, 4.a",
        "province": "1048/QĐ-TTg: Điều 1 khoản 3; Phụ lục II mục 1.b, 2.b, 4.b",
        "central": "1048/QĐ-TTg: Điều 1 khoản 3; Phụ lục II mục 1.c, 2.a, 4.c",
    },
    "148/2023": {lv: "148/QĐ-TTg: Phụ lục II mục 4 (nguồn thứ cấp)"
                 for lv in ("district", "province", "central")},
    "148+1489/2025": {lv: "1489/QĐ-TTg: Phụ lục II của QĐ 148 sửa đổi (nguồn thứ cấp)"
                      for lv in ("province", "central")},
    "26/2026": {
        "province": "26/2026/QĐ-TTg: Điều 4 khoản 1 điểm a; Điều 7 khoản 3 điểm e",
        "central": "26/2026/QĐ-TTg: Điều 4 khoản 1 điểm b; Điều 7 khoản 4 điểm e, g",
    },
}
CITATION["1048+781/2020"] = CITATION["1048/2019"]


def decimal(total, n):
    h = total * 100 // n
    exact = total * 100 % n == 0
    i, f = divmod(h, 100)
    if f == 0:
        s = str(i)
    elif f % 10 == 0:
        s = f"{i}.{f // 10}"
    else:
        s = f"{i}.{f:02d}"
    return s, exact


def average(total, n):
    fr = Fraction(total, n)
    s, exact = decimal(total, n)
    return {"numerator": fr.numerator, "denominator": fr.denominator, "decimal": s,
            "exact": exact}


def _band(meta, fr):
    for b in meta["bands"]:
        if fr >= b["min"]:
            return b["stars"]
    return 1


def _action(level, stars, edition_id):
    s = stars or 0
    if level == "district":
        code = "forward_to_province" if s >= 3 else "no_certificate"
    elif level == "province":
        code = ("forward_to_central" if s >= 5 else "recognise" if s >= 3
                else "no_certificate")
    else:
        code = ("recognise" if s >= 5 else "return_to_province" if s >= 3
                else "no_certificate")
    return {"code": code, "stars": stars, "citation": CITATION[edition_id][level]}


def _choose_edition(request):
    """(edition id, reason or None)."""
    if request.get("date"):
        r = timeline.edition_for(request["date"], request["dossier"],
                                 request.get("evaluated_on"))
        return r["edition"], r["reason"]
    return request["edition"], None


def _fires(crit_by_code, c, answers, points):
    """Index of the first note of criterion c whose trigger fires on this sheet, or None."""
    for n in c["notes"]:
        t = n.get("trigger")
        if t and any(answers.get(k) is not None and points[k] == 0
                     for k in t["zero_points_in"]):
            return n
    return None


def score_council(request):
    edition_id, reason = _choose_edition(request)
    edition = oracle.load(edition_id)
    meta = edition.meta
    number = int(str(request["product_set"]))
    sh = edition.sheets[number]
    crit = sh["criteria"]
    by_code = {c["code"]: c for c in crit}
    flagged = request.get("eliminated") or []
    level = request["level"]
    names = [m["member"] for m in request["members"]]
    answers = []
    for m in request["members"]:
        a = {}
        for code, v in m["answers"].items():
            nv = oracle._normalise(by_code[code], v)
            if nv is not None:
                a[code] = nv
        answers.append(a)
    evs = [oracle.evaluate(edition, sh, a, flagged) for a in answers]
    n = len(evs)

    elim = None
    for c in crit:
        fired = [(i, _fires(by_code, c, a, ev["points"])) for i, (a, ev) in
                 enumerate(zip(answers, evs))]
        fired = [(i, note) for i, note in fired if note is not None]
        note, by = None, None
        if c["code"] in flagged:
            note = next(x for x in c["notes"] if x["kind"] in ("elimination", "stop_rule"))
            by = "request"
        elif fired:
            note, by = fired[0][1], "answers"
        if note is not None:
            elim = {"criterion": c["code"], "kind": note["kind"], "note": note["text"],
                    "by": by, "members": [names[i] for i, _ in fired]}
            break

    total = sum(ev["total"] for ev in evs)
    avg = average(total, n)
    band = _band(meta, Fraction(total, n))
    lowest = 6
    failed_sets = []
    for ev in evs:
        fs = {(c["code"], lvl, opt) for c, lvl, opt in ev["failed"]}
        failed_sets.append(fs)
        for _, lvl, _ in fs:
            lowest = min(lowest, lvl)
    stars = None if elim else max(1, min(band, lowest - 1))
    capped = []
    for c in crit:
        for i, o in enumerate(c["options"]):
            lvl = o.get("min_star")
            if not lvl or lvl > band:
                continue
            key = (c["code"], lvl, i + 1)
            dissent = [
                {"member": names[j],
                 "answered_option": oracle._answer_out(c, answers[j].get(c["code"]))}
                for j in range(n) if key in failed_sets[j]
            ]
            if dissent:
                capped.append({"criterion": c["code"], "level": lvl, "required_option": i + 1,
                               "dissenting": dissent})
    part_max = {p["code"]: p["max"] for p in sh["parts"]}
    spread = max(ev["total"] for ev in evs) - min(ev["total"] for ev in evs)
    upper = level in ("province", "central")
    limit = SPREAD_LIMIT.get(edition_id) if upper else None
    warnings = [{"code": "data_gap", "message": f"{g['topic']}: {g['message']}"}
                for g in meta["gaps"]] + oracle.shortfall_warnings(sh)
    if edition_id in UNKNOWN and upper:
        warnings.append({
            "code": "council_rule_unknown",
            "message": (
                f"the council procedure of {edition_id} (Phụ lục II) was not available: whether "
                "members' totals may differ by at most 10 points, as QĐ 1048/QĐ-TTg Phụ lục II "
                "requires at province and central level, is unknown and not applied"
            ),
        })
    decision = meta["decision"]
    if meta.get("amended_by"):
        decision = f"{decision} (sửa đổi bởi {meta['amended_by']})"
    provenance = {
        "edition": meta["id"],
        "decision": decision,
        "source": sh["citation"],
        "sheet_edition": sh["edition"],
        "confidence": sh.get("confidence") or meta["confidence"],
        "data_version": meta["data_version"],
        "engine_version": oracle.engine_version(),
    }
    if reason is not None:
        provenance["edition_reason"] = reason
    return {
        "status": "success",
        "edition": meta["id"],
        "product_set": {"number": sh["number"], "name": sh["name"]},
        "level": level,
        "complete": all(all(c["code"] in a for c in crit) for a in answers),
        "parts": {p: {"average": decimal(sum(ev["parts"][p] for ev in evs), n)[0],
                      "max": part_max[p]} for p in "ABC"},
        "total": avg["decimal"],
        "band": band,
        "stars": stars,
        "capped_by": capped,
        "eliminated": elim,
        "unanswered": [c["code"] for c in crit if any(c["code"] not in a for a in answers)],
        "criteria": [
            {"code": c["code"], "part": c["part"], "max": c["max"],
             "options": [oracle._answer_out(c, a.get(c["code"])) for a in answers],
             "points": [ev["points"][c["code"]] for ev in evs]}
            for c in crit
        ],
        "members": [
            {"member": names[i], "total": ev["total"], "band": ev["band"],
             "stars": ev["stars"], "complete": all(c["code"] in answers[i] for c in crit)}
            for i, ev in enumerate(evs)
        ],
        "average": avg,
        "spread": spread,
        "spread_limit": limit,
        "rescore_required": limit is not None and spread > limit,
        "action": _action(level, stars, edition_id),
        "warnings": warnings,
        "provenance": provenance,
    }


def score(request):
    if "members" in request:
        return score_council(request)
    edition_id, reason = _choose_edition(request)
    req = {k: v for k, v in request.items() if k not in ("date", "dossier", "evaluated_on")}
    req["edition"] = edition_id
    out = oracle.score_single(req)
    if reason is not None:
        out["provenance"]["edition_reason"] = reason
    return out
