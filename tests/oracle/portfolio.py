#!/usr/bin/env python3
"""Independent oracle for `ocop portfolio` (issue 14), written from the rules in
docs/rules.md and the decisions, not from the engine.

    python3 tests/oracle/portfolio.py [--out DIR]   # writes tests/portfolio/register-edge.csv,
                                           # tests/portfolio/targets-edge.json and
                                           # tests/portfolio/expected-edge.json

Rules used (each re-derived here):
- validity: 36 calendar months from the issue date, the day clamped to the month's end
  (QĐ 26/2026/QĐ-TTg Điều 4 khoản 3; Bộ luật Dân sự 2015 Điều 148 khoản 3);
- re-evaluation window: from expiry − 180 days to expiry − 120 days, both inclusive (Điều 7
  khoản 6 điểm a); it "applies" when its last day is on or after 22/5/2026;
- extension (Điều 12 khoản 3): a re-evaluation filed on or after 22/5/2026, after the window
  closed and no later than the expiry, keeps the certificate valid until the result date (not
  before expiry) and at most expiry + 180 days;
- the edition of a certificate: the one in force on the issue date (docs/rules.md §1), unless
  the register names it (then the issue date may not precede that edition);
- bands (Điều 3 khoản 3, the same in every edition): 5★ from 90, 4★ from 70, 3★ from 50,
  compared exactly; a register's stars may be below the band (star minimums) but not above;
- "3 sao non": a 3★ product with 50 ≤ total < 60 (provincial plans, issue 14);
- grouping: sectors by numeral and name, case and a leading "ngành"/"sản phẩm" aside; product
  sets by number and name in the row's edition; areas by district when the register has the
  column.
Sector and product-set names come from the criteria data files (they are the texts' names,
not rules).
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import json
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "portfolio"
ON = dt.date(2026, 12, 1)
D = dt.date.fromisoformat

EDITIONS = [  # id, first day, first day no longer in force, sets, data folder
    ("1048/2019", D("2019-08-21"), D("2020-06-08"), 26, "1048-2019"),
    ("1048+781/2020", D("2020-06-08"), D("2023-02-24"), 26, "1048+781-2020"),
    ("148/2023", D("2023-02-24"), D("2025-07-06"), 26, "148-2023"),
    ("148+1489/2025", D("2025-07-06"), D("2026-05-22"), 26, "148+1489-2025"),
    ("26/2026", D("2026-05-22"), None, 26, "26-2026"),
]
INHERITS = {"1048+781/2020": "1048-2019", "148+1489/2025": "148-2023"}
RULE_26 = D("2026-05-22")
BANDS = [(5, 90), (4, 70), (3, 50), (2, 30), (1, 0)]

REQUIRED = ["product_id", "product_name", "owner", "commune", "province", "product_set",
            "stars", "total", "issued"]


def add_months(d: dt.date, n: int) -> dt.date:
    t = d.year * 12 + d.month - 1 + n
    y, m = divmod(t, 12)
    m += 1
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def sheet(edition: str, number: int) -> dict | None:
    folder = next(e[4] for e in EDITIONS if e[0] == edition)
    for f in (folder, INHERITS.get(edition)):
        if f is None:
            continue
        p = ROOT / "ocop-core" / "data" / f / f"set-{number:02d}.json"
        if p.exists():
            return json.loads(p.read_text(encoding="utf-8"))
    return None


def split_sector(s: str) -> tuple[str | None, str]:
    s = s.strip()
    head, dot, rest = s.partition(".")
    if dot and head.strip() and set(head.strip()) <= set("IVXivx"):
        numeral, name = head.strip().upper(), rest.strip()
    elif s and set(s) <= set("IVXivx"):
        numeral, name = s.upper(), ""
    else:
        numeral, name = None, s
    name = name.lower()
    for p in ("ngành ", "sản phẩm "):
        if name.startswith(p):
            name = name[len(p):]
            break
    return numeral, name.strip()


def sector_label(s: str) -> str:
    n, name = split_sector(s)
    name = name[:1].upper() + name[1:]
    return f"{n}. {name}" if n else name


def sector_matches(given: str, data: str) -> bool:
    gn, gname = split_sector(given)
    dn, dname = split_sector(data)
    return (gn is None or gn == dn) and (not gname or gname == dname) and (gn is not None or bool(gname))


def roman(label: str) -> int:
    return {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6}.get(label.split(".")[0], 99)


def dec(s: str) -> Fraction | None:
    s = s.strip().replace(",", ".")
    parts = s.split(".")
    if len(parts) > 2 or not parts[0].isdigit() or len(parts[0]) > 7:
        return None
    if len(parts) == 2 and (not parts[1].isdigit() or len(parts[1].rstrip("0")) > 15):
        return None
    return Fraction(s)


def dec_text(f: Fraction) -> str:
    """An exact decimal (the denominators here are powers of ten)."""
    whole, rem = divmod(f.numerator, f.denominator)
    if rem == 0:
        return str(whole)
    digits = ""
    while rem:
        rem *= 10
        q, rem = divmod(rem, f.denominator)
        digits += str(q)
    return f"{whole}.{digits}"


def parse_date(s: str) -> dt.date | None:
    try:
        if len(s) != 10 or s[4] != "-" or s[7] != "-":
            return None
        d = D(s)
        return d if 1900 <= d.year <= 2999 else None
    except ValueError:
        return None


class RowError(Exception):
    def __init__(self, code: str, column: str | None):
        super().__init__(code)
        self.code, self.column = code, column


def whole(v: str, col: str, lo: int, hi: int) -> int:
    if not v:
        raise RowError("missing_field", col)
    if not v.isdigit() or not lo <= int(v) <= hi:
        raise RowError("invalid_number", col)
    return int(v)


def read(row: dict, criteria: list[str]) -> dict:
    for c in ["product_id", "product_name", "owner", "commune", "province"]:
        if not row.get(c, "").strip():
            raise RowError("missing_field", c)
    ps = whole(row["product_set"].strip(), "product_set", 1, 99)
    stars = whole(row["stars"].strip(), "stars", 3, 5)
    if not row["total"].strip():
        raise RowError("missing_field", "total")
    total = dec(row["total"])
    if total is None or total > 100:
        raise RowError("invalid_number", "total")
    dates = {}
    for c in ["issued", "expires", "reevaluation_filed", "result_on"]:
        v = row.get(c, "").strip()
        if not v:
            if c == "issued":
                raise RowError("missing_field", c)
            dates[c] = None
            continue
        d = parse_date(v)
        if d is None:
            raise RowError("invalid_date", c)
        dates[c] = d
    answers = {}
    for c in criteria:
        v = row.get(c, "").strip()
        if not v:
            continue
        if not v.isdigit():
            raise RowError("invalid_number", c)
        answers[c] = int(v)
    return {"product_set": ps, "stars": stars, "total": total, **dates, "answers": answers,
            "edition": row.get("edition", "").strip() or None}


def certificate(r: dict) -> dict:
    issued = r["issued"]
    if r["edition"] is not None:
        ed = next((e for e in EDITIONS if e[0] == r["edition"].replace("-", "/")), None)
        if ed is None:
            raise RowError("unknown_edition", "edition")
        if issued < ed[1]:
            raise RowError("conflicting_fields", "issued")
        inferred = False
    else:
        ed = next((e for e in EDITIONS if e[1] <= issued and (e[2] is None or issued < e[2])), None)
        if ed is None:
            raise RowError("no_edition_for_date", "issued")
        inferred = True
    filed, result = r["reevaluation_filed"], r["result_on"]
    if filed is not None and filed < issued:
        raise RowError("conflicting_fields", "reevaluation_filed")
    if result is not None and (filed is None or result < filed):
        raise RowError("conflicting_fields", "result_on")
    expires = add_months(issued, 36)
    opens = expires - dt.timedelta(days=180)
    closes = expires - dt.timedelta(days=120)
    valid_until = expires
    extended = False
    if filed is not None and RULE_26 <= filed and closes < filed <= expires:
        limit = expires + dt.timedelta(days=180)
        valid_until = limit if result is None or result >= limit else max(result, expires)
        extended = True
    return {"edition": ed[0], "inferred": inferred, "expires": expires, "opens": opens,
            "closes": closes, "valid_until": valid_until, "has_extension": extended,
            "applies": closes >= RULE_26}


def standing(c: dict, on: dt.date, issued: dt.date) -> str:
    if on < issued:
        return "not_yet_issued"
    if on <= c["expires"]:
        return "valid"
    if on <= c["valid_until"]:
        return "extended"
    return "expired"


def band(total: Fraction) -> int:
    return next(s for s, m in BANDS if total >= m)


def analyse(rows: list[dict], header: list[str], targets: list[dict]) -> dict:
    criteria = [h for h in header if all(p.isdigit() for p in h.split("."))]
    has_district = "district" in header
    seen = set()
    products, ok = [], []
    for i, row in enumerate(rows):
        number = i + 2
        out = {"row": number, "product_id": row.get("product_id", "").strip() or None}
        try:
            r = read(row, criteria)
            pid = row["product_id"].strip()
            if pid in seen:
                raise RowError("duplicate_key", "product_id")
            seen.add(pid)
            c = certificate(r)
            sh = sheet(c["edition"], r["product_set"])
            if sh is None:
                raise RowError("unknown_product_set", "product_set")
            if r["stars"] > band(r["total"]):
                raise RowError("conflicting_fields", "stars")
            for code, opt in r["answers"].items():
                crit = next((x for x in sh["criteria"] if x["code"] == code), None)
                if crit is None:
                    raise RowError("unknown_criterion", code)
                if not 1 <= opt <= len(crit["options"]):
                    raise RowError("option_out_of_range", code)
        except RowError as e:
            out.update({"standing": None, "expires": None, "window": None,
                        "days_to_expiry": None, "three_star_non": None, "next_star": None,
                        "flags": [], "error": {"code": e.code, "column": e.column}})
            products.append(out)
            continue
        flags = []
        if r["expires"] is not None and r["expires"] != c["expires"]:
            flags.append("expires_differs")
        if row.get("sector", "").strip() and not sector_matches(row["sector"], sh["sector"]):
            flags.append("sector_differs")
        stars, total = r["stars"], r["total"]
        non = stars == 3 and 50 <= total < 60
        nxt = None
        if stars < 5:
            bmin = dict(BANDS)[stars + 1]
            nxt = {"target": stars + 1, "band_min": bmin,
                   "points_missing": dec_text(max(Fraction(0), bmin - total)),
                   "has_plan": bool(r["answers"])}
            if r["answers"]:
                pts = sum(x["options"][r["answers"][x["code"]] - 1]["points"]
                          for x in sh["criteria"] if x["code"] in r["answers"])
                if pts != total:
                    flags.append("answers_total_differs")
        st = standing(c, ON, r["issued"])
        wstate = "not_open" if ON < c["opens"] else "open" if ON <= c["closes"] else "closed"
        out.update({
            "edition": c["edition"], "edition_inferred": c["inferred"],
            "standing": st, "expires": c["expires"].isoformat(),
            "valid_until": c["valid_until"].isoformat(),
            "window": {"opens": c["opens"].isoformat(), "closes": c["closes"].isoformat(),
                       "state": wstate, "applies": c["applies"]},
            "days_to_expiry": (c["expires"] - ON).days, "three_star_non": non,
            "next_star": nxt, "flags": flags, "error": None,
        })
        products.append(out)
        area = (row.get("district", "").strip() or "(không ghi)") if has_district else row["commune"].strip()
        ok.append({"row": number, "pid": row["product_id"].strip(), "name": row["product_name"].strip(),
                   "stars": stars, "non": non, "st": st, "cert": c, "issued": r["issued"],
                   "valid": st in ("valid", "extended"), "wstate": wstate,
                   "sector": sector_label(sh["sector"]), "set": f"{r['product_set']}. {sh['name']}",
                   "area": area, "flagged": bool(flags)})

    def counts(items):
        v = [x for x in items if x["valid"]]
        return {"count": len(items), "valid": len(v),
                "stars": {s: sum(1 for x in v if x["stars"] == int(s)) for s in ("3", "4", "5")},
                "three_star_non": sum(1 for x in v if x["non"])}

    def groups(key, order=None):
        keys = sorted({x[key] for x in ok}, key=order)
        return [{"key": k, **counts([x for x in ok if x[key] == k])} for k in keys]

    def events(x):
        c = x["cert"]
        ev = [("window_opens", c["opens"]), ("window_closes", c["closes"]), ("expires", c["expires"])]
        if c["has_extension"]:
            ev.append(("extension_ends", c["valid_until"]))
        return ev

    order = ["window_opens", "window_closes", "expires", "extension_ends"]
    upcoming = []
    for x in ok:
        for kind, d in events(x):
            days = (d - ON).days
            if 0 <= days <= 180:
                upcoming.append({"date": d.isoformat(), "event": kind, "days": days,
                                 "within": next(h for h in (30, 90, 180) if days <= h),
                                 "row": x["row"], "product_id": x["pid"], "product_name": x["name"]})
    upcoming.sort(key=lambda e: (e["date"], e["row"], order.index(e["event"])))
    horizon = {str(h): {k: sum(1 for x in ok for kk, d in events(x) if kk == k and 0 <= (d - ON).days <= h)
                        for k in order} for h in (30, 90, 180)}

    def prog(t):
        def counted(x):
            if x["stars"] < t["stars_at_least"]:
                return False
            s = t.get("sector")
            return s is None or x["sector"] == s or x["sector"].split(".")[0] == s or sector_label(s) == x["sector"]
        by = D(t["by"])
        now = [x for x in ok if counted(x) and x["valid"]]
        later = [x for x in now if standing(x["cert"], by, x["issued"]) in ("valid", "extended")]
        return {**t, "sector": t.get("sector"), "actual": len(now), "still_valid_on_by": len(later),
                "remaining": max(0, t["count"] - len(now)), "met": len(now) >= t["count"],
                "days_left": (by - ON).days}

    totals = {
        "rows": len(products), "errors": len(products) - len(ok), "products": len(ok),
        "standing": {s: sum(1 for x in ok if x["st"] == s)
                     for s in ("not_yet_issued", "valid", "extended", "expired")},
        "valid": sum(1 for x in ok if x["valid"]),
        "three_star": sum(1 for x in ok if x["valid"] and x["stars"] == 3),
        "three_star_non": sum(1 for x in ok if x["valid"] and x["non"]),
        "window_open": sum(1 for x in ok if x["wstate"] == "open"),
        "flagged": sum(1 for x in ok if x["flagged"]),
    }
    return {
        "on": ON.isoformat(),
        "products": products,
        "summary": {
            "totals": totals,
            "by_stars": {s: counts([x for x in ok if x["stars"] == int(s)]) for s in ("3", "4", "5")},
            "by_sector": groups("sector", order=lambda k: (roman(k), k)),
            "by_product_set": groups("set", order=lambda k: (int(k.split(".")[0]), k)),
            "by_area": {"level": "district" if has_district else "commune", "groups": groups("area")},
            "upcoming": horizon,
        },
        "upcoming": upcoming,
        "targets": [prog(t) for t in targets],
    }


def set1_answers(total_low: bool) -> dict[str, str]:
    """Answers to set 1 of 26/2026: the first option everywhere but a few, for a 3★-band total."""
    sh = sheet("26/2026", 1)
    ans = {}
    for c in sh["criteria"]:
        pts = [o["points"] for o in c["options"]]
        # the option of the highest points below the top, to land between 50 and 70
        k = sorted(range(len(pts)), key=lambda j: pts[j])[-2] if len(pts) > 1 else 0
        ans[c["code"]] = str(k + 1)
    return ans


def base(i: int, **kw) -> dict:
    r = {"product_id": f"E-{i:03d}", "product_name": f"Sản phẩm {i}", "owner": "HTX Mẫu",
         "commune": "Xã A", "district": "Huyện Một", "province": "Tỉnh Mẫu", "product_set": "7",
         "edition": "", "stars": "3", "total": "55", "issued": "2025-01-15", "expires": "",
         "certificate_no": "", "sector": "", "reevaluation_filed": "", "result_on": "",
         "ghi_chu": ""}
    r.update(kw)
    return r


def register() -> tuple[list[str], list[dict]]:
    rows = [
        # dates: 29 February, month ends, the window's inclusive bounds, expiry on the day
        base(1, issued="2024-02-29", total="59.99", ghi_chu="29/2 → 28/2/2027; 3 sao non"),
        base(2, issued="2023-08-31", total="60", ghi_chu="month end; 60 is not non"),
        base(3, issued="2024-01-31", total="50", ghi_chu="31/1 → 31/1/2027; 50 is non"),
        base(4, issued="2024-05-30", ghi_chu="window opens on the day (open)"),
        base(5, issued="2024-05-31", ghi_chu="window opens the day after (not open)"),
        base(6, issued="2024-03-31", ghi_chu="window closes on the day (open)"),
        base(7, issued="2024-03-30", ghi_chu="window closed the day before"),
        base(8, issued="2023-12-01", ghi_chu="expires on the day: valid, 0 days"),
        base(9, issued="2023-11-30", ghi_chu="expired the day before"),
        base(10, issued="2026-12-02", ghi_chu="not yet issued"),
        # the edition transitions
        base(11, issued="2026-05-21", ghi_chu="last day of 148+1489/2025"),
        base(12, issued="2026-05-22", product_set="16", ghi_chu="first day of 26/2026"),
        base(13, issued="2025-07-05", ghi_chu="last day of 148/2023"),
        base(14, issued="2025-07-06", ghi_chu="first day of 148+1489/2025"),
        base(15, issued="2023-02-23", product_set="22", ghi_chu="1048+781/2020: set 22 = thảo dược"),
        base(16, issued="2023-02-24", product_set="22", ghi_chu="148/2023: set 22 = vải, may mặc"),
        base(17, issued="2020-06-07", product_set="25", ghi_chu="1048/2019, long expired"),
        base(18, issued="2024-06-10", edition="148/2023", ghi_chu="edition given"),
        base(19, issued="2025-08-01", edition="148-2023", ghi_chu="edition given, dash form, issued after its end"),
        # re-evaluations and the extension
        base(20, issued="2023-10-15", reevaluation_filed="2026-08-01", ghi_chu="late filing: extended"),
        base(21, issued="2023-10-15", reevaluation_filed="2026-08-01", result_on="2026-11-20",
             ghi_chu="late filing, result before the date: expired"),
        base(22, issued="2023-10-15", reevaluation_filed="2026-05-01", ghi_chu="in the window: no extension"),
        base(23, issued="2023-06-10", reevaluation_filed="2026-06-05", ghi_chu="late, extension runs to expiry+180"),
        base(24, issued="2023-10-15", reevaluation_filed="2026-10-20", ghi_chu="filed after expiry: no extension"),
        # stars, totals, next star
        base(25, stars="4", total="89.5", product_set="1", ghi_chu="0.5 to 5 stars"),
        base(26, stars="5", total="90", product_set="11"),
        base(27, stars="3", total="75", ghi_chu="capped at 3★ by minimums: 0 points missing to 4★"),
        base(28, stars="4", total="70.000", product_set="14"),
        base(29, stars="3", total="55,5", ghi_chu="decimal comma"),
        base(30, stars="3", total="59.999999", ghi_chu="exactly below 60"),
        # flags
        base(31, issued="2024-02-29", expires="2027-02-28", ghi_chu="expires right"),
        base(32, issued="2024-02-29", expires="2027-03-01", ghi_chu="expires wrong: flagged"),
        base(33, sector="I. Thực phẩm", ghi_chu="sector right"),
        base(34, sector="II", ghi_chu="sector wrong: flagged"),
        base(35, commune="Xã B", district="", ghi_chu="no district"),
        # bad rows, one fault each
        base(36, product_id="", ghi_chu="no id"),
        base(37, owner=""),
        base(38, stars=""),
        base(39, stars="6"),
        base(40, stars="2", total="45", ghi_chu="no certificate below 3 stars"),
        base(41, stars="ba"),
        base(42, total="abc"),
        base(43, total="100.5"),
        base(44, total="49.99", ghi_chu="3 stars above the band"),
        base(45, stars="4", total="69.99"),
        base(46, issued="2023-02-30"),
        base(47, issued=""),
        base(48, issued="15/01/2025"),
        base(49, product_set="27"),
        base(50, product_set="0"),
        base(51, edition="99/2099"),
        base(52, edition="26/2026", issued="2025-01-15", ghi_chu="issued before its edition"),
        base(53, issued="2019-08-20", ghi_chu="before the first edition"),
        base(54, result_on="2026-01-01", ghi_chu="result without filing"),
        base(55, reevaluation_filed="2024-01-01", ghi_chu="filed before issue"),
        base(56, reevaluation_filed="2026-08-01", result_on="2026-07-01", issued="2023-10-15"),
        base(57, expires="31/12/2027"),
        base(3, ghi_chu="duplicate of E-003"),
        # answers (set 1 of 26/2026)
        base(59, product_set="1", issued="2026-07-31", stars="3", ghi_chu="answers: plan"),
        base(60, product_set="1", issued="2026-07-31", stars="3", ghi_chu="answers: bad option"),
        base(61, product_set="1", issued="2026-07-31", stars="3", ghi_chu="answers: text"),
        base(62, product_set="1", issued="2026-07-31", stars="3", ghi_chu="answers: partial"),
    ]
    ans = set1_answers(True)
    codes = list(ans)
    sh = sheet("26/2026", 1)
    pts = sum(c["options"][int(ans[c["code"]]) - 1]["points"] for c in sh["criteria"])
    for r in rows:
        r.update({c: "" for c in codes})
    rows[-4].update(ans, total=str(pts))
    rows[-3].update(ans, total=str(pts))
    rows[-3]["1.1"] = "9"
    rows[-2].update(ans, total=str(pts))
    rows[-2]["1.2"] = "x"
    rows[-1].update({k: v for k, v in ans.items() if k not in ("1.1", "1.2")}, total=str(pts))
    header = list(rows[0])
    return header, rows


TARGETS = [
    {"name": "Từ 3 sao", "by": "2027-12-31", "stars_at_least": 3, "count": 30},
    {"name": "Từ 4 sao", "by": "2026-12-31", "stars_at_least": 4, "count": 2},
    {"name": "Thực phẩm từ 3 sao", "by": "2027-06-30", "stars_at_least": 3, "count": 10, "sector": "I"},
]


def main() -> None:
    import sys

    out = Path(sys.argv[sys.argv.index("--out") + 1]) if "--out" in sys.argv else OUT
    header, rows = register()
    out.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    (out / "register-edge.csv").write_text(buf.getvalue(), encoding="utf-8")
    (out / "targets-edge.json").write_text(json.dumps(TARGETS, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = analyse(rows, header, TARGETS)
    (out / "expected-edge.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n",
                                            encoding="utf-8")
    print(f"wrote {out}/register-edge.csv ({len(rows)} rows), targets-edge.json, expected-edge.json")


if __name__ == "__main__":
    main()
