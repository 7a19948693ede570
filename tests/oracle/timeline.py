"""Independent oracle for editions by date (op `edition_for`) and certificates (op
`certificate`), written from the texts, not from the Rust code (`ocop-core/src/timeline.rs`,
`certificate.rs`). Only valid requests are modelled; error cases are written by hand.

Public functions:
- `edition_for(date, dossier, evaluated_on=None) -> dict`: the success outcome of op
  `edition_for`, or raises `NoEdition(path)` when no edition applies.
- `certificate(req: dict) -> dict`: the success outcome of op `certificate`.
- `editions() -> list[dict]`: every edition.json, oldest first.

Rules (see docs/rules.md for the quotations):
- `date` is the filing date; the edition in force then applies (`effective_from <= date <
  effective_to`, ISO strings compare in date order).
- QĐ 26/2026/QĐ-TTg Điều 12 khoản 2: filed before 22/5/2026 (Điều 11 khoản 1) and evaluated on
  or after it: the edition in force the day before (the "2021–2025 rules"), if evaluated by
  22/5/2026 + 60 days (first, upgrade; điểm a) or + 30 days (reevaluation; điểm b); after that
  nothing applies. Days counted as Bộ luật Dân sự 2015 Điều 147–148 (first day not counted).
- Certificates: 36 calendar months (day clamped to the month's end), the window expiry − 180 ..
  expiry − 120 days (Điều 7 khoản 6 điểm a), the Điều 12 khoản 3 extension to the result date,
  at most expiry + 180 days, for a filing after the window closed and no later than expiry.
"""
import datetime as dt
import json
import os

from oracle import DATA

TRANSITION = "26/2026"
DAYS = {"first": 60, "upgrade": 60, "reevaluation": 30}
POINT = {"first": "a", "upgrade": "a", "reevaluation": "b"}


class NoEdition(Exception):
    def __init__(self, path):
        super().__init__(path)
        self.path = path


_METAS = None


def editions():
    global _METAS
    if _METAS is None:
        out = []
        for name in sorted(os.listdir(DATA)):
            p = os.path.join(DATA, name, "edition.json")
            if os.path.isfile(p):
                with open(p, encoding="utf-8") as f:
                    out.append(json.load(f))
        out.sort(key=lambda m: m["effective_from"])
        _METAS = out
    return _METAS


def meta(edition_id):
    return next(m for m in editions() if m["id"] == edition_id)


def _d(s):
    return dt.date.fromisoformat(s)


def _s(d):
    return d.isoformat()


def _in_force(m, date):
    return m["effective_from"] <= date and (m["effective_to"] is None or date < m["effective_to"])


def _transition():
    cur = meta(TRANSITION)
    start = cur["effective_from"]
    before = _s(_d(start) - dt.timedelta(days=1))
    pred = next(m for m in editions() if _in_force(m, before))
    return cur, start, pred


def deadline(dossier):
    _, start, _ = _transition()
    return _s(_d(start) + dt.timedelta(days=DAYS[dossier]))


def _transition_citation(dossier):
    cur, _, _ = _transition()
    return f"{cur['decision']}: Điều 12 khoản 2 điểm {POINT[dossier]}"


def edition_for(date, dossier, evaluated_on=None):
    cur, start, pred = _transition()
    pending = evaluated_on is not None and date < start and evaluated_on >= start
    if pending:
        dl = deadline(dossier)
        if evaluated_on > dl:
            raise NoEdition("/evaluated_on")
        e, basis = pred, "transition"
        citation = _transition_citation(dossier)
        reason = (
            f"filed on {date}, before {start}, and still pending on {start}: the 2021–2025 rules "
            f"({pred['id']}) apply, and the evaluation must be completed by {dl} ({citation})"
        )
        tdl = dl
    else:
        found = [m for m in editions() if _in_force(m, date)]
        if not found:
            raise NoEdition("/date")
        (e,) = found
        basis = "in_force"
        citation = f"{e['amended_by'] or e['decision']}: {e['citations'].get('effective', '')}"
        reason = f"{e['id']} applies to dossiers filed from {e['effective_from']}"
        if e["effective_to"]:
            reason += f" to {_s(_d(e['effective_to']) - dt.timedelta(days=1))}"
        reason += f"; this dossier was filed on {date}"
        tdl = None
        if date < start and evaluated_on is None:
            tdl = deadline(dossier)
            reason += (
                f"; if still pending on {start}, it follows the 2021–2025 rules ({pred['id']}) "
                f"and must be evaluated by {tdl} ({_transition_citation(dossier)})"
            )
    return {
        "status": "success",
        "edition": e["id"],
        "date": date,
        "dossier": dossier,
        "evaluated_on": evaluated_on,
        "basis": basis,
        "citation": citation,
        "transition_deadline": tdl,
        "reason": reason,
    }


def add_months(d, n):
    m0 = d.month - 1 + n
    y, m = d.year + m0 // 12, m0 % 12 + 1
    last = [31, 29 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 28, 31, 30, 31, 30,
            31, 31, 30, 31, 30, 31][m - 1]
    return dt.date(y, m, min(d.day, last))


def _validity_citation(m):
    cur = m
    while cur is not None:
        c = cur["citations"].get("certificate_validity")
        if c:
            return f"{cur['decision']}: {c}"
        cur = meta(cur["inherits"]) if cur.get("inherits") else None
    return f"{m['decision']}: 36 tháng"


def certificate(req):
    issued = req["issued"]
    if req.get("edition"):
        m, inferred = meta(req["edition"]), False
    else:
        (m,) = [x for x in editions() if _in_force(x, issued)]
        inferred = True
    cur, start, _ = _transition()
    d26 = cur["decision"]
    expires = add_months(_d(issued), 36)
    opens = expires - dt.timedelta(days=180)
    closes = expires - dt.timedelta(days=120)
    window = {
        "opens": _s(opens),
        "closes": _s(closes),
        "applies": _s(closes) >= start,
        "citation": f"{d26}: Điều 7 khoản 6 điểm a",
    }
    filed = req.get("reevaluation_filed")
    result_on = req.get("result_on")
    filing = None
    if filed is not None:
        f = _d(filed)
        if f > expires:
            filing = "after_expiry"
        elif filed < start:
            filing = "old_rules"
        elif f < opens:
            filing = "early"
        elif f <= closes:
            filing = "in_window"
        else:
            filing = "late"
    extension = None
    valid_until = expires
    if filing == "late":
        max_until = expires + dt.timedelta(days=180)
        until = max_until
        if result_on is not None and _d(result_on) < max_until:
            until = max(_d(result_on), expires)
        extension = {"max_until": _s(max_until), "until": _s(until),
                     "citation": f"{d26}: Điều 12 khoản 3"}
        valid_until = until
    on = req.get("on")
    standing = None
    if on is not None:
        o = _d(on)
        if o < _d(issued):
            standing = "not_yet_issued"
        elif o <= expires:
            standing = "valid"
        elif o <= valid_until:
            standing = "extended"
        else:
            standing = "expired"
    citations = [_validity_citation(m)]
    if m["id"] != TRANSITION and _s(expires) >= start:
        citations.append(f"{d26}: Điều 12 khoản 1")
    if window["applies"]:
        citations.append(window["citation"])
    if extension:
        citations.append(extension["citation"])
    return {
        "status": "success",
        "issued": issued,
        "edition": m["id"],
        "edition_inferred": inferred,
        "validity_months": 36,
        "expires": _s(expires),
        "reevaluation_window": window,
        "reevaluation_filed": filed,
        "filing": filing,
        "result_on": result_on,
        "extension": extension,
        "valid_until": _s(valid_until),
        "on": on,
        "standing": standing,
        "valid": None if standing is None else standing in ("valid", "extended"),
        "citations": citations,
    }
