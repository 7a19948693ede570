"""An independent single-sheet scorer: the oracle behind the golden corpus.

It reads the criteria data files (`ocop-core/data/**`) with the standard library and applies the
scoring rules as the decisions state them, written separately from the Rust evaluator, so that
a golden case checks the engine against a second reading of the rules rather than against
itself.

Public functions:
- `load(edition_id) -> Edition`: edition metadata plus sheets (inheritance resolved).
- `score_single(request: dict) -> dict`: the success outcome of a *valid* single-sheet request
  (`{"status": "success", ...}`), exactly as the contract defines it. Invalid requests are not
  modelled here: error cases in the corpus are written by hand (code + path).
- `sheet(edition_id, number) -> dict` and `evaluate(edition, sheet, answers, flagged)`.

Rules (26/2026/QĐ-TTg Điều 3 khoản 3 and Phụ lục II; same in every edition's data):
- points: single/case → the chosen option's points; additive → sum of ticked options.
- band: the first band (highest first) whose `min` <= total.
- star minimums: an option marked with min_star k is a minimum for level k; a product reaches
  level k only if every minimum of level <= k is met; met means: answered, and (single) chosen
  option's points >= marked points, (case) same rule within the marked option's case — a choice
  in another case does not bind —, (additive) the marked option is ticked.
- stars = min(band, lowest failed level - 1), at least 1; none when an elimination/stop note
  applies (flagged by the request, or triggered when a listed criterion is answered with 0
  points).
"""
import json
import os
import unicodedata

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(ROOT, "ocop-core", "data")
ENGINE_VERSION = None  # read from ocop-core/Cargo.toml / workspace


def engine_version():
    global ENGINE_VERSION
    if ENGINE_VERSION is None:
        with open(os.path.join(ROOT, "Cargo.toml"), encoding="utf-8") as f:
            in_pkg = False
            for line in f:
                line = line.strip()
                if line.startswith("["):
                    in_pkg = line == "[workspace.package]"
                elif in_pkg and line.startswith("version"):
                    ENGINE_VERSION = line.split("=", 1)[1].strip().strip('"')
                    break
    return ENGINE_VERSION


class Edition:
    def __init__(self, meta, sheets):
        self.meta = meta
        self.sheets = sheets  # number -> sheet dict


_CACHE = {}


def _dir_of(edition_id):
    return os.path.join(DATA, edition_id.replace("/", "-"))


def load(edition_id):
    if edition_id in _CACHE:
        return _CACHE[edition_id]
    d = _dir_of(edition_id)
    with open(os.path.join(d, "edition.json"), encoding="utf-8") as f:
        meta = json.load(f)
    sheets = {}
    if meta.get("inherits"):
        sheets.update(load(meta["inherits"]).sheets)
    for name in sorted(os.listdir(d)):
        if name.startswith("set-") and name.endswith(".json"):
            with open(os.path.join(d, name), encoding="utf-8") as f:
                s = json.load(f)
            sheets[s["number"]] = s
    e = Edition(meta, sheets)
    _CACHE[edition_id] = e
    return e


def sheet(edition_id, number):
    return load(edition_id).sheets[int(number)]


def _option_points(c, answer):
    if answer is None:
        return 0
    if c["mode"] == "additive":
        return sum(c["options"][k - 1]["points"] for k in answer)
    return c["options"][answer - 1]["points"]


def _meets(c, marked_index, answer):
    marked = c["options"][marked_index]
    if answer is None:
        return False
    if c["mode"] == "additive":
        return (marked_index + 1) in answer
    chosen = c["options"][answer - 1]
    if c["mode"] == "case" and chosen.get("case") != marked.get("case"):
        return True
    return chosen["points"] >= marked["points"]


def _band(meta, total):
    for b in meta["bands"]:
        if total >= b["min"]:
            return b["stars"]
    return 1


def _normalise(c, value):
    """Request answer value -> int (single/case) or sorted list (additive) or None."""
    if value is None:
        return None
    if c["mode"] == "additive":
        vals = value if isinstance(value, list) else [value]
        return sorted(vals)
    if isinstance(value, list):
        (value,) = value
    return value


def evaluate(edition, sh, answers, flagged):
    """answers: code -> normalised answer; flagged: list of codes."""
    meta = edition.meta
    crit = sh["criteria"]
    points = {c["code"]: _option_points(c, answers.get(c["code"])) for c in crit}
    parts = {p: 0 for p in "ABC"}
    for c in crit:
        parts[c["part"]] += points[c["code"]]
    total = sum(parts.values())
    band = _band(meta, total)
    failed = []  # (criterion, level, option number)
    for c in crit:
        for i, o in enumerate(c["options"]):
            if o.get("min_star") and not _meets(c, i, answers.get(c["code"])):
                failed.append((c, o["min_star"], i + 1))
    lowest = min([lvl for _, lvl, _ in failed], default=6)
    # elimination: printed order of criteria; flagged or triggered
    elim = None
    for c in crit:
        if c["code"] in flagged:
            note = next(n for n in c["notes"] if n["kind"] in ("elimination", "stop_rule"))
            elim = (c, note, "request")
            break
        hit = None
        for n in c["notes"]:
            t = n.get("trigger")
            if t and any(answers.get(k) is not None and points[k] == 0 for k in t["zero_points_in"]):
                hit = n
                break
        if hit:
            elim = (c, hit, "answers")
            break
    stars = None if elim else max(1, min(band, lowest - 1))
    return {
        "points": points, "parts": parts, "total": total, "band": band,
        "failed": failed, "stars": stars, "elim": elim,
    }


def _answer_out(c, a):
    if a is None:
        return None
    if c["mode"] == "additive":
        return list(a)
    return a


def score_single(request):
    edition = load(request["edition"])
    number = int(str(request["product_set"]))
    sh = edition.sheets[number]
    answers = {}
    for code, v in request["answers"].items():
        c = next(c for c in sh["criteria"] if c["code"] == code)
        n = _normalise(c, v)
        if n is not None:
            answers[code] = n
    flagged = request.get("eliminated") or []
    ev = evaluate(edition, sh, answers, flagged)
    by_code = {c["code"]: c for c in sh["criteria"]}
    meta = edition.meta
    part_max = {p["code"]: p["max"] for p in sh["parts"]}
    elim = ev["elim"]
    decision = meta["decision"]
    if meta.get("amended_by"):
        decision = f"{decision} (sửa đổi bởi {meta['amended_by']})"
    return {
        "status": "success",
        "edition": meta["id"],
        "product_set": {"number": sh["number"], "name": sh["name"]},
        "complete": all(c["code"] in answers for c in sh["criteria"]),
        "parts": {p: {"points": ev["parts"][p], "max": part_max[p]} for p in "ABC"},
        "total": ev["total"],
        "band": ev["band"],
        "stars": ev["stars"],
        "capped_by": [
            {
                "criterion": c["code"], "level": lvl, "required_option": opt,
                "answered_option": _answer_out(c, answers.get(c["code"])),
            }
            for c, lvl, opt in ev["failed"] if lvl <= ev["band"]
        ],
        "eliminated": None if elim is None else {
            "criterion": elim[0]["code"], "kind": elim[1]["kind"], "note": elim[1]["text"],
            "by": elim[2],
        },
        "unanswered": [c["code"] for c in sh["criteria"] if c["code"] not in answers],
        "criteria": [
            {
                "code": c["code"], "part": c["part"],
                "option": _answer_out(c, answers.get(c["code"])),
                "points": ev["points"][c["code"]], "max": c["max"],
            }
            for c in sh["criteria"]
        ],
        "warnings": [
            {"code": "data_gap", "message": f"{g['topic']}: {g['message']}"} for g in meta["gaps"]
        ] + shortfall_warnings(sh),
        "provenance": {
            "edition": meta["id"],
            "decision": decision,
            "source": sh["citation"],
            "sheet_edition": sh["edition"],
            "confidence": sh.get("confidence") or meta["confidence"],
            "data_version": meta["data_version"],
            "engine_version": engine_version(),
        },
    }


def shortfall_warnings(sh):
    """A part whose printed maximum the printed options cannot reach is kept as printed (a
    `part_sum` erratum, FORMAT.md); every result for the sheet says so, with the reason."""
    return [
        {"code": "part_max_unreachable",
         "message": f"Phần {e['part']} của phiếu bộ {sh['number']} chỉ đạt tối đa {e['used']} điểm "
                    f"theo bản in, không phải {e['printed']} như tiêu đề: {e['reason']}"}
        for e in sh["errata"] if e["field"] == "part_sum"
    ]


def nfc(s):
    return unicodedata.normalize("NFC", s)
