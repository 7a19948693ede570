#!/usr/bin/env python3
"""Transcribe the criteria sheets of QĐ 148/QĐ-TTg (2023) from the shared reference into
ocop-core/data/148-2023, and write the inheriting edition 148+1489/2025.

Run from the repository root with the shared reference beside the checkout:

    python3 tools/import_148.py [../shared/reference/ocop-148/criteria.json]

The source is ONE third-party transcription: the 26 CSV files of the Rails app
augustine-tran/ocop (db/ocop/, March 2024), as parsed into criteria.json by the reference.
The official text of QĐ 148 has not been seen. This script

* copies every criterion, option, point value, star marker and note verbatim (NFC only);
* re-reads the 26 source CSVs beside criteria.json and fails if any option label, point value
  or star marker differs from criteria.json (other than the cells listed in CSV_KNOWN);
* records every reading that departs from the print as an `errata` record, with its reason;
* runs the loader checks of ocop-core/data/FORMAT.md on its output and fails loudly.

Structural conventions (not errata; see docs/editions/148.md):

* Codes are "<group>.<letter>" as transcribed (1.a … 3.đ, 3.e); the transcription's extra
  "a)" rows between a group and its options are dropped and the group itself is the criterion
  ("7", "9", …), as in 26/2026. Two-level sensory groups get "6.a.1" etc.
* A note printed on a heading that is not scored (e.g. "(Khuyến khích cơ sở xây dựng, công bố
  tiêu chuẩn sản phẩm)" under group 8) is attached to every criterion of that group, since the
  format has no notes on groups.
* The transcription has no sheet headings; `heading` is the transcription's own sheet title
  (its file name "OCOP - n. Bộ sản phẩm_ …", "_" read as ":"), and `sector`/`group` are the
  reference's reconstruction (Phụ lục I of 148 has not been found); `subgroup` is null.
"""
import csv
import json
import os
import re
import sys
import unicodedata

SRC = sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/ocop-148/criteria.json"
CSV_DIR = os.path.join(os.path.dirname(SRC), "source-csv")
OUT = "ocop-core/data/148-2023"
OUT_1489 = "ocop-core/data/148+1489-2025"
EDITION = "148/2023"
EDITION_1489 = "148+1489/2025"
DATA_VERSION = "2023.2.0"
DATA_VERSION_1489 = "2025.1.2"

PRIMARY = ("augustine-tran/ocop, db/ocop/\"OCOP - <n>. Bộ sản phẩm_ <tên>.csv\" (26 tệp), "
           "commit d76e5ad5de8cf7f044e67784aea849fdd9cee799")

# CSV cells that differ from criteria.json on purpose: (set, what, as printed in the CSV).
# The two OCR-read score cells become `points` errata; the note printed inside an option cell of
# sets 21-22 is kept as that criterion's elimination note (as the reference splits it).
CSV_KNOWN = {
    ("17", "points", "l"),
    ("18", "points", "t"),
    ("21", "label", "Ghi chú: Nếu sản phẩm vi phạm sở hữu trí tuệ, sẽ bị loại bỏ"),
    ("22", "label", "Ghi chú: Nếu sản phẩm vi phạm sở hữu trí tuệ, sẽ bị loại bỏ"),
}

# Part C of these sets does not add up to 35 as printed (reference README, sums_summary).
PART_SUM_REASON = {
    "07": "Phần C in 35 điểm và các tiêu đề nhóm in trên phiếu cộng đủ 35 (nhóm 6 in 16), nhưng "
          "các lựa chọn chỉ cộng được 34 vì tiêu chí 6.d \"Mùi\" in 4 điểm mà lựa chọn cao nhất là "
          "3 (xem erratum \"max\" của 6.d). Giữ như bản in, không tự thêm điểm: tổng tối đa của "
          "bộ này là 99.",
    "11": "Phần C in 35 điểm nhưng chính các tiêu đề nhóm in trên phiếu chỉ cộng được 32 "
          "(6 = 13, 7 = 5, 8 = 4, 9 = 5, 10 = 2, 11 = 3), và mỗi tiêu chí khớp với lựa chọn cao "
          "nhất của nó và với tiêu đề nhóm. README của nguồn ghi các khác biệt so với 26/2026 "
          "(8.b chỉ có 3 lựa chọn 0/1/2, không có \"Không có\"; 26/2026 cho nhóm 6 = 15, 8 = 5) "
          "nhưng không chỉ ra được chỗ thiếu: bộ 07 có cùng 8.b (0/1/2, nhóm 8 = 4) mà phần C vẫn "
          "đủ 35, và không có lựa chọn nào của bộ này mâu thuẫn với điểm in của tiêu chí. Không "
          "có bằng chứng cho một sửa chữa cụ thể; giữ như bản in: tổng tối đa của bộ này là 97.",
    "12": "Phần C in 35 điểm nhưng chính các tiêu đề nhóm in trên phiếu chỉ cộng được 32 "
          "(6 = 13, 7 = 5, 8 = 4, 9 = 5, 10 = 2, 11 = 3), và mỗi tiêu chí khớp với lựa chọn cao "
          "nhất của nó và với tiêu đề nhóm. README của nguồn ghi các khác biệt so với 26/2026 "
          "(8.b chỉ có 3 lựa chọn 0/1/2, không có \"Không có\"; 26/2026 cho nhóm 6 = 15, 8 = 5) "
          "nhưng không chỉ ra được chỗ thiếu: bộ 07 có cùng 8.b (0/1/2, nhóm 8 = 4) mà phần C vẫn "
          "đủ 35, và không có lựa chọn nào của bộ này mâu thuẫn với điểm in của tiêu chí. Không "
          "có bằng chứng cho một sửa chữa cụ thể; giữ như bản in: tổng tối đa của bộ này là 97.",
    "13": "Phần C in 35 điểm (tiêu đề phần trong bản chép không ghi số điểm) nhưng chính các tiêu "
          "đề nhóm in trên phiếu chỉ cộng được 33 (6 = 14, 7 = 5, 8 = 4, 9 = 5, 10 = 2, 11 = 3), "
          "và mỗi tiêu chí khớp với lựa chọn cao nhất của nó. README của nguồn ghi các khác biệt "
          "so với 26/2026 (8.b chỉ có 0/1/2, không có \"Không có\"; 6.b.2 \"Mùi, vị\" 2 điểm, "
          "26/2026 cho 3) nhưng đó chỉ là so sánh với một văn bản khác: bộ 07 có cùng 8.b mà phần "
          "C vẫn đủ 35, và không có lựa chọn nào của bộ này mâu thuẫn với điểm in của tiêu chí. "
          "Không có bằng chứng cho một sửa chữa cụ thể; giữ như bản in: tổng tối đa của bộ này là "
          "98.",
}

SET_CONFIDENCE = {
    "01": "medium: the only sheet cross-checked against a second, independent rendering "
          "(quyenncph25762/OCOP_SCORE, June 2024): all 32 criteria and 108 options line up, with "
          "identical points; star markers differ in three places (OCOP_SCORE adds **** to 1.đ "
          "2 pts and 6.b 5 pts and omits it on 8 \"Độc đáo…\"; the CSV's markers are kept); the "
          "\"Bị loại khi\" note comes from OCOP_SCORE only; still not the official text",
    "07": "low: Part C adds up to 34, not 35: criterion 6.d is printed as 4 points but its "
          "options give 3 (kept as printed, see errata); the rest as for the edition",
    "11": "low: Part C adds up to 32, not 35, in the printed group headings themselves; the "
          "missing points cannot be located without the official text (kept as printed, see "
          "errata); the rest as for the edition",
    "12": "low: Part C adds up to 32, not 35, in the printed group headings themselves; the "
          "missing points cannot be located without the official text (kept as printed, see "
          "errata); the rest as for the edition",
    "13": "low: Part C adds up to 33, not 35, in the printed group headings themselves; the "
          "missing points cannot be located without the official text (kept as printed, see "
          "errata); the sub-criteria of group 6 are printed as repeated \"a)\"/\"b)\" rows "
          "(recoded, see errata)",
}

IP_READING_REASON = (
    "Dấu **** được in trên tên tiêu chí (\"Sở hữu trí tuệ****\", ở cả 26 bộ; cột stars của "
    "dòng tiêu chí = 4), không trên lựa chọn nào, và phiếu không in lựa chọn 0 điểm. Đọc là: "
    "muốn đạt 4 sao thì phải đáp ứng tiêu chí này, tức ít nhất lựa chọn thấp nhất được in "
    "(1 điểm: nhãn hiệu được cấp giấy chứng nhận đăng ký); vì vậy dấu **** được đặt vào cuối "
    "lựa chọn 1 (min_star 4), còn tên tiêu chí giữ nguyên như in. Đây là cách đọc sát chữ nhất "
    "và là yêu cầu nhẹ nhất; OCOP_SCORE cũng đọc như vậy (in **** trên mọi lựa chọn của tiêu chí). "
    "Cách đọc khác — phải đạt đủ 2 điểm (augustine-tran/ocop gán điểm tối đa của tiêu chí cho dấu "
    "trên tiêu đề; 26/2026 đặt **** ở lựa chọn 2 điểm tương ứng) — không loại trừ được khi chưa "
    "có văn bản chính thức."
)


# Wording defects kept verbatim (reference README "Transcription defects" plus the same kind seen
# while reviewing): substring -> (probable reading, why). Each text containing one gets a
# `label` erratum with used == printed. Not exhaustive. ("xúc tích", "mẫu gỗ" are not listed:
# the official 26/2026 text prints them too.)
KEPT_TYPOS = {
    "bản quản": ("bảo quản", "cũng có trong bản OCOP_SCORE, nên có thể có trong chính văn bản"),
    "chấp nhận dược": ("chấp nhận được", "lỗi chép của bản chép"),
    "GMP đố;": ("GMP đối", "lỗi chép của bản chép"),
    "đối lượng": ("đối tượng", "lỗi chép của bản chép"),
    "cốt chuyện": ("cốt truyện", "có ở cả 25 bộ, nên có thể có trong chính văn bản"),
    "KHẢ NĂNC": ("KHẢ NĂNG", "lỗi chép của bản chép"),
    "thị hường": ("thị trường", "lỗi chép của bản chép"),
    "xuất khẩn": ("xuất khẩu", "lỗi chép của bản chép"),
    "đang ký": ("đăng ký", "lỗi chép của bản chép"),
    "cân trùng": ("côn trùng", "lỗi chép của bản chép"),
}


# Set 03's heading fields and sheet-level rejection note are printed on the Bến Tre provincial
# OCOP portal's copy of the 148 sheet (shared/reference/ocop-148/secondary-sources.md, "Sheet
# heading and dossier rejection (set 03)"); glyphs the stored page lost are restored as the
# reference restores them. No source found prints them for the other sets.
BENTRE_03 = ("Cổng thông tin OCOP tỉnh Bến Tre, https://ocop.bentre.gov.vn/guides/"
             "bo-san-pham-gao-ngu-coc-hat-so-che-khac (đăng 10/05/2023), đầu phiếu bộ 03 theo QĐ "
             "148/QĐ-TTg; nguồn thứ cấp, trang lưu mất một số dấu, đã khôi phục chỗ rõ ràng")
HEADING_FIELDS = {
    "03": {
        "fields": [
            {"key": "product_name", "label": "Tên sản phẩm", "pattern": None},
            {"key": "product_code", "label": "Mã số sản phẩm", "pattern": "(T).-.(H).-.(STT).-20"},
            {"key": "owner", "label": "Tên chủ thể sản xuất", "pattern": None},
            {"key": "phone", "label": "Số điện thoại", "pattern": None},
            {"key": "address", "label": "Địa chỉ", "pattern": None},
        ],
        "source": BENTRE_03,
    },
}
DOSSIER_REJECTION = {
    "03": "Hồ sơ bị loại khi: Giả mạo hồ sơ hoặc không tuân thủ đầy đủ các quy định về giấy chứng "
          "nhận cơ sở đủ điều kiện ATTP (hoặc tương đương); hoặc Hồ sơ tự công bố sản phẩm, ghi "
          "nhãn sản phẩm không đúng theo quy định; hoặc không đáp ứng quy định Hồ sơ dự thi theo "
          "quy định.",
}


def kept_typo_errata(sheet):
    """A `label` erratum (used == printed) for every text that contains a KEPT_TYPOS entry."""
    places = []
    for p in sheet["parts"]:
        places.append((None, None, p["code"], f"tiêu đề phần {p['code']}", p["title"]))
    for g in sheet["groups"]:
        places.append((None, None, g["part"], f"tên nhóm tiêu chí {g['code']}", g["name"]))
    for c in sheet["criteria"]:
        places.append((c["code"], None, c["part"], f"tên tiêu chí {c['code']}", c["name"]))
        for i, o in enumerate(c["options"], start=1):
            places.append((c["code"], i, c["part"], f"lựa chọn {i} của tiêu chí {c['code']}", o["label"]))
        for n in c["notes"]:
            places.append((c["code"], None, c["part"], f"ghi chú của tiêu chí {c['code']}", n["text"]))
    out = []
    for crit, opt, part, where, text in places:
        found = [(k, v) for k, v in KEPT_TYPOS.items() if k in text]
        if not found:
            continue
        readings = "; ".join(f"\"{k}\" → có lẽ là \"{r}\" ({why})" for k, (r, why) in found)
        out.append({
            "criterion": crit, "option": opt, "field": "label", "part": part,
            "printed": text, "used": text,
            "reason": f"Giữ nguyên như bản chép ({where}): {readings}. Không sửa chữ trong dữ liệu.",
        })
    return out


def nfc(s):
    return unicodedata.normalize("NFC", s) if isinstance(s, str) else s


def ws(s):
    return re.sub(r"\s+", " ", s).strip()


def strip_prefix(name):
    for p in ("Bộ sản phẩm: ", "Bộ sản phẩm "):
        if name.startswith(p):
            return name[len(p):]
    return name


def marker(label):
    """Stars of a trailing ***/****/***** marker, else None (as the loader reads it)."""
    n = len(label) - len(label.rstrip("*"))
    return n or None


def fail(msg):
    raise SystemExit(f"import_148: {msg}")


# --- cross-check against the source CSVs -------------------------------------------------

def read_csv(code):
    path = os.path.join(CSV_DIR, f"set-{code}.csv")
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def cross_check_csv(ps):
    """Every option of criteria.json must be the CSV's option text, score and stars column."""
    code = ps["code"]
    rows = read_csv(code)
    opts = [r for r in rows if r["level"] == "3"]
    ref = [o for c in ps["criteria"] for o in c["options"]]
    if len(opts) != len(ref):
        fail(f"set {code}: CSV has {len(opts)} options, criteria.json {len(ref)}")
    for r, o in zip(opts, ref):
        label = ws(r["title"].lstrip("□"))
        if label != o["label_vi"]:
            extra = ws(label[len(o["label_vi"]):]) if label.startswith(o["label_vi"]) else None
            if (code, "label", extra) not in CSV_KNOWN:
                fail(f"set {code}: CSV option {label!r} != criteria.json {o['label_vi']!r}")
        if r["score"].strip() != str(o["points"]):
            if (code, "points", r["score"].strip()) not in CSV_KNOWN:
                fail(f"set {code}: CSV score {r['score']!r} != {o['points']} for {label!r}")
        stars = int(r["stars"]) if r["stars"].strip() else None
        if stars != o.get("min_star"):
            fail(f"set {code}: CSV stars {r['stars']!r} != min_star {o.get('min_star')} for {label!r}")
    # The criterion-level marker on "Sở hữu trí tuệ".
    ip = [r for r in rows if r["level"] == "2" and "Sở hữu trí tuệ" in r["title"]]
    if len(ip) != 1 or not ip[0]["title"].strip().endswith("Sở hữu trí tuệ****") or ip[0]["stars"] != "4":
        fail(f"set {code}: expected one criterion row \"… Sở hữu trí tuệ****\" with stars 4")
    return rows


# --- conversion --------------------------------------------------------------------------

def convert_set(ps):
    code = ps["code"]
    number = int(code)
    rows = cross_check_csv(ps)
    csv_titles = {ws(r["title"]) for r in rows}
    errata = []

    parts = []
    for p in ps["parts"]:
        title = nfc(p["title_vi"])
        parts.append({"code": p["code"], "title": title, "max": p["max"]})
        m = re.search(r"\((\d+) Điểm\)", title)
        if m and int(m.group(1)) != p["max"]:
            fail(f"set {code}: part {p['code']} title says {m.group(1)}, points column {p['max']}")

    crit_codes = {c["code"] for c in ps["criteria"]}
    groups = []
    group_notes = {}
    reconstructed = set()
    for s in ps["structure"]:
        if s["code"] in crit_codes:
            continue
        if s["is_scorable"]:
            fail(f"set {code}: scorable structure node {s['code']} has no criterion")
        groups.append({
            "code": s["code"], "part": s["part"], "name": nfc(s["name_vi"]),
            "max": s["stated_points"], "parent": s["parent"],
        })
        if s.get("note", "").startswith("parent heading reconstructed"):
            reconstructed.add(s["code"])
        if s.get("notes"):
            group_notes[s["code"]] = [{"kind": n["kind"], "text": nfc(n["text_vi"])} for n in s["notes"]]

    criteria = []
    for c in ps["criteria"]:
        ccode = c["code"]
        name = nfc(c["name_vi"])
        parent = c.get("parent_code")

        if parent in reconstructed:
            # Set 13: the transcription prints "a) Ngoại hình - Tạp chất lạ", … (letter repeated).
            name = nfc(f"{c['parent_vi']} - {c['name_vi']}")
            if ws(f"{c['code_in_source']} {name}") not in csv_titles:
                fail(f"set {code} {ccode}: printed row {c['code_in_source']} {name!r} not in the CSV")
            errata.append({
                "criterion": ccode, "option": None, "field": "code", "part": c["part"],
                "printed": c["code_in_source"], "used": ccode,
                "reason": f"Bản chép in \"{c['code_in_source']} {name}\": chữ \"{c['code_in_source']}\" "
                "lặp lại cho mọi chỉ tiêu con của cùng một nhóm \"" + c["parent_vi"] + "\". Đánh mã "
                f"theo vị trí dưới tiêu đề nhóm \"{parent}\" (tiêu đề không in riêng, không có điểm), "
                "như bộ 11 (\"a) Ngoại hình\" rồi \"- Tạp chất\"…) và bộ 13 của 26/2026 (6.1.1…).",
            })
        elif ccode.count(".") == 1 and c["code_in_source"].rstrip(")") != ccode.split(".")[1]:
            # Sets 18, 19: the sixth criterion of group 3 is printed "c)" a second time.
            errata.append({
                "criterion": ccode, "option": None, "field": "code", "part": c["part"],
                "printed": c["code_in_source"], "used": ccode,
                "reason": "Chữ \"c)\" in lần thứ hai trong nhóm 3, sau a), b), c), d), đ); đây là "
                "tiêu chí thứ sáu, \"Sở hữu trí tuệ\", là 3.e ở mọi bộ khác. Lỗi chép thứ tự chữ; "
                "dùng mã 3.e.",
            })

        star_req = c.get("criterion_star_requirement")
        if star_req:
            if star_req["min_star"] != 4 or name != "Sở hữu trí tuệ":
                fail(f"set {code} {ccode}: unexpected criterion-level marker {star_req}")
            name = name + "****"  # as printed on the criterion row

        mode = {"single_choice": "single", "single_choice_per_case": "case"}[c["scoring_mode"]]
        cases = [nfc(k["case_vi"]) for k in c.get("cases", [])]

        options = []
        for i, o in enumerate(c["options"], start=1):
            label = nfc(o["label_vi"])
            pts = o["points"]
            opt = {"label": label, "points": pts}
            if "min_star" in o:
                opt["min_star"] = o["min_star"]
            if mode == "case":
                opt["case"] = nfc(o["case_vi"])
            options.append(opt)

            if marker(label) != o.get("min_star"):
                # Set 16, 8.a: "… theo đúng quy định***." (full stop after the marker).
                if label.endswith("*" * o["min_star"] + "."):
                    fixed = label[: -(o["min_star"] + 1)] + "." + "*" * o["min_star"]
                    errata.append({
                        "criterion": ccode, "option": i, "field": "label", "part": c["part"],
                        "printed": label, "used": fixed,
                        "reason": "Dấu chấm câu in sau dấu sao (\"quy định***.\"). Đặt dấu chấm "
                        "trước dấu sao để dấu sao ở cuối nhãn như mọi lựa chọn khác; không bỏ ký "
                        "tự nào. Yêu cầu tối thiểu 3 sao giữ nguyên.",
                    })
                    opt["label"] = fixed
                else:
                    fail(f"set {code} {ccode} option {i}: marker/min_star mismatch in {label!r}")

        if star_req:
            first = options[0]
            if first["points"] != min(o["points"] for o in options) or "min_star" in first:
                fail(f"set {code} {ccode}: unexpected options for the criterion-level marker")
            printed = first["label"]
            first["label"] = printed + "****"
            first["min_star"] = 4
            errata.append({
                "criterion": ccode, "option": 1, "field": "label", "part": c["part"],
                "printed": printed, "used": first["label"], "reason": IP_READING_REASON,
            })

        for anomaly in ps["source_anomalies"]:
            m = re.match(r'csv line \d+: points cell reads "(.)" \(probable OCR error for 1; taken as 1\)', anomaly)
            if not m:
                continue
            # Locate the option: the only option whose CSV score is that letter.
            for i, o in enumerate(c["options"], start=1):
                if any(r["level"] == "3" and r["score"].strip() == m.group(1)
                       and ws(r["title"].lstrip("□")) == o["label_vi"] for r in rows):
                    errata.append({
                        "criterion": ccode, "option": i, "field": "points", "part": c["part"],
                        "printed": m.group(1), "used": str(o["points"]),
                        "reason": f"Ô điểm trong bản chép là chữ \"{m.group(1)}\", lỗi nhận dạng "
                        "ký tự của số 1: đọc là 1, các lựa chọn của tiêu chí khi đó là " + "/".join(
                            str(x["points"]) for x in c["options"]) + " điểm, khớp với điểm tối đa "
                        f"in của tiêu chí ({c['stated_points']}).",
                    })

        notes = []
        for n in c.get("notes", []):
            note = {"kind": n["kind"], "text": nfc(n["text_vi"])}
            if n["kind"] in ("elimination", "stop_rule") and "Nếu được 0 điểm tại một trong các chỉ tiêu trên" in n["text_vi"]:
                above = [x["code"] for x in ps["criteria"] if x["group_code"] == c["group_code"]]
                note["trigger"] = {"zero_points_in": above}
            notes.append(note)
        for g in (c["group_code"], parent):
            for n in group_notes.get(g, []):
                if n not in notes:
                    notes.append(n)

        mx = max(o["points"] for o in options)
        if mx != c["max_option_points"]:
            fail(f"set {code} {ccode}: option max {mx} != reference {c['max_option_points']}")
        if c["stated_points"] != mx:
            if (code, ccode) != ("07", "6.d"):
                fail(f"set {code} {ccode}: stated {c['stated_points']} != options {mx} (unreviewed)")
            errata.append({
                "criterion": ccode, "option": None, "field": "max", "part": c["part"],
                "printed": str(c["stated_points"]), "used": str(mx),
                "reason": "Tiêu chí in 4 điểm (và nhóm 6 = 16, phần C = 35 khớp với số 4) nhưng các "
                "lựa chọn in chỉ có 1/2/3 điểm, không có lựa chọn nào 4 điểm. Nguyên nhân có thể là "
                "thiếu một lựa chọn hoặc gõ sai điểm một lựa chọn, nhưng không có bằng chứng cho biết "
                "chỗ nào: ba lựa chọn giống hệt ở 26/2026 (bộ 07, tiêu chí 6.4 \"Mùi\") cũng là 1/2/3 "
                "với điểm tối đa 3. Không tự thêm điểm; điểm tối đa dùng là 3, lấy từ các lựa chọn.",
            })

        crit = {
            "code": ccode, "part": c["part"], "group": c["group_code"], "parent": parent,
            "name": name, "max": mx, "mode": mode,
        }
        if cases:
            crit["cases"] = cases
        crit["options"] = options
        crit["notes"] = notes
        criteria.append(crit)

    # Parts that do not add up.
    for p in parts:
        total = sum(c["max"] for c in criteria if c["part"] == p["code"])
        if total != p["max"]:
            if code not in PART_SUM_REASON or p["code"] != "C":
                fail(f"set {code}: part {p['code']} sums to {total}, not {p['max']} (unreviewed)")
            errata.append({
                "criterion": None, "option": None, "field": "part_sum", "part": p["code"],
                "printed": str(p["max"]), "used": str(total), "reason": PART_SUM_REASON[code],
            })

    notes = [{"kind": "dossier_rejection", "text": nfc(t)} for t in (ps["dossier_rejection_vi"] or [])]
    if code in DOSSIER_REJECTION:
        if notes:
            fail(f"set {code}: the transcription has a rejection note now; compare it with Bến Tre's")
        notes.append({"kind": "dossier_rejection", "text": nfc(DOSSIER_REJECTION[code])})
    if ps.get("star_marker_note_vi"):
        notes.append({"kind": "star_marker", "text": nfc(ps["star_marker_note_vi"])})

    sheet = {
        "format": 1,
        "edition": EDITION,
        "number": number,
        "name": nfc(strip_prefix(ps["name_vi"])),
        "heading": nfc(ps["name_vi"]),
        "heading_fields": HEADING_FIELDS.get(code),
        "sector": nfc(ps["sector_reconstructed"]),
        "group": nfc(ps["group_reconstructed"]),
        "subgroup": None,
        "citation": f"QĐ 148/QĐ-TTg, Phụ lục III, Bộ sản phẩm {number} (bản chép {ps['provenance']['repository']}, "
                    f"{ps['provenance']['path']}, commit {ps['provenance']['commit']})",
        "confidence": SET_CONFIDENCE.get(code),
        "parts": parts,
        "groups": groups,
        "notes": notes,
        "criteria": criteria,
        "errata": errata,
    }
    errata.extend(kept_typo_errata(sheet))
    return sheet


# --- editions ----------------------------------------------------------------------------

PARTS_CITATION = ("A 40 / B 25 / C 35: tiêu đề phần trên cả 26 phiếu của bản chép; tóm tắt báo chí "
                  "(Thương hiệu & Công luận 25/02/2023; THVL 2023). Chưa thấy điều khoản của văn bản")
BANDS_CITATION = ("Khoản 2 Điều 1 QĐ 148/QĐ-TTg theo nguồn thứ cấp (brandsvip.com.vn/?p=6369, bài giải "
                  "thích thương mại: \"Hạng 5 sao: Tổng điểm trung bình đạt từ 90 đến 100 điểm.\" … "
                  "\"Hạng 1 sao: Tổng điểm trung bình đạt dưới 30 điểm.\"); văn bản chưa đọc được. "
                  "90/70/50/30 cũng là ngưỡng của QĐ 1048/2019 và QĐ 26/2026 (Điều 3 khoản 3); hai ứng "
                  "dụng thời 148 dùng cùng ngưỡng (augustine-tran/ocop: ≥ 90/70/50 cho 5/4/3 sao; "
                  "quyenncph25762/OCOP_SCORE: ≥ 90/70/50/30)")
STAR_CITATION = ("Dấu sao trên lựa chọn theo bản chép (chữ và cột stars trùng nhau ở mọi dòng); câu ghi "
                 "chú \"Dấu sao là yêu cầu tối thiểu…\" không có trong bản chép. Dấu **** trên tên tiêu "
                 "chí \"Sở hữu trí tuệ\": xem erratum của 3.e ở từng bộ")
SHEETS_CITATION = ("Phụ lục III (theo nguồn thứ cấp; Phụ lục II là quy trình): bản chép " + PRIMARY +
                   "; bộ 01 đối chiếu với quyenncph25762/OCOP_SCORE, Uploads/phieu-cham-Nguyễn Công "
                   "Giang.docx, commit 5e26080adf1f983e520662f75c16bde24f7cd4c9")
REPLACED_CITATION = ("QĐ 26/2026/QĐ-TTg Điều 11 khoản 2: QĐ 148/QĐ-TTg và QĐ 1489/QĐ-TTg \"hết hiệu lực "
                     "sau 60 ngày kể từ ngày Quyết định này có hiệu lực thi hành\" (26/2026 có hiệu lực "
                     "22/5/2026, Điều 11 khoản 1; tức khoảng 21/7/2026)")
PRESS_1489 = ("\"Từ ngày 6/7/2025, quy trình đánh giá, phân hạng sản phẩm OCOP được áp dụng theo quy "
              "định mới tại Quyết định số 1489/QĐ-TTg của Thủ tướng Chính phủ, sửa đổi Phụ lục II "
              "Quyết định số 148/QĐ-TTg.\" (Báo Điện Biên Phủ qua baomoi.net.vn, infographic)")

GAPS = [
    {"topic": "source",
     "message": "The QĐ 148 sheets come from one third-party transcription (augustine-tran/ocop, "
                "CSV, March 2024), not from the official text; only set 01 was cross-checked "
                "against an independent rendering."},
    {"topic": "bands",
     "message": "The star bands 90/70/50/30 rest on a secondary source, not the text of QĐ 148: "
                "brandsvip.com.vn/?p=6369 (a commercial explainer citing \"khoản 2 Điều 1 Quyết "
                "định số 148/QĐ-TTg\": 5★ from 90 to 100, 4★ from 70 to under 90, 3★ from 50 to "
                "under 70, 2★ from 30 to under 50, 1★ under 30); they are also those of QĐ "
                "1048/2019 and 26/2026 and of two 148-era apps."},
    {"topic": "notes",
     "message": "Sets 07–25 of the transcription carry about half the notes of the matching "
                "26/2026 sheets and no stop rules; a missing stop or elimination rule there is "
                "unknown, not absent. The sheet-level \"Hồ sơ bị loại khi…\" text is known only "
                "for set 01 (the transcription) and set 03 (the Bến Tre provincial OCOP portal, a "
                "secondary source); the printed heading fields only for set 03 (same source)."},
    {"topic": "star_markers",
     "message": "The \"Dấu sao là yêu cầu tối thiểu…\" note is missing from the transcription; "
                "option markers are applied as minimums. The **** printed on the criterion name "
                "\"Sở hữu trí tuệ\" is read as requiring at least its 1-point option for 4 stars; "
                "the stricter reading (2 points) cannot be excluded."},
]


# --- the procedure (FORMAT.md, "procedure") ------------------------------------------------
# Phụ lục II of QĐ 148 was not read. Under 148/2023 the district recognised 3★ itself and
# forwarded products of 70 points and more (4★ and up) to the province; the province recognised
# 4★ and forwarded 5★ candidates to the centre (shared/reference/ocop-148/secondary-sources.md,
# "Who recognises which stars under 148"). What the province does with a forwarded product that
# reaches less than 4★ there is stated by no source found: the outcome is "unknown" and results
# say so. 1489 (06/7/2025) removed the district level (press reports).

def outcome(stars, action, citation, confidence="secondary", gap=None):
    return {"stars": stars, "action": action, "citation": citation, "confidence": confidence,
            "gap": gap}


SRC_DISTRICT = ("Sở NN&PTNT Hòa Bình, CV 3089/SNN-PTNT (01/11/2023): \"sản phẩm OCOP đạt tiêu chuẩn "
                "3 sao do cấp huyện phê duyệt, thẩm định\"; congnghieptieudung.vn dt40883: \"UBND cấp "
                "huyện ban hành Quyết định phê duyệt kết quả đánh giá và Giấy chứng nhận cho các sản "
                "phẩm đạt 3 sao … chuyển hồ sơ các sản phẩm có số điểm đạt từ 70 điểm đến 100 điểm (từ "
                "4 sao trở lên) lên UBND cấp tỉnh\"")
C148 = "148/QĐ-TTg: Phụ lục II mục 4 (nguồn thứ cấp)"
C148_DISTRICT = "148/QĐ-TTg: Phụ lục II (nguồn thứ cấp: " + SRC_DISTRICT + ")"
C148_PROVINCE = ("148/QĐ-TTg: Phụ lục II (nguồn thứ cấp: cấp tỉnh công nhận 4 sao và chuyển sản phẩm "
                 "có tiềm năng 5 sao lên trung ương; shared/reference/ocop-148/secondary-sources.md)")
GAP_PROVINCE = ("Không nguồn nào tìm được cho biết theo QĐ 148/QĐ-TTg cấp tỉnh làm gì với sản phẩm cấp "
                "huyện đã chuyển lên (từ 70 điểm) mà tại cấp tỉnh đạt dưới 4 sao (Phụ lục II chưa đọc "
                "được): công nhận, trả về cấp huyện hay không công nhận đều chưa rõ; kết quả không đoán.")
GAP_CENTRAL = ("Không nguồn nào tìm được cho biết theo {} cấp trung ương làm gì với sản phẩm dưới 5 sao; "
               "kết quả \"return_to_province\" theo quy định của QĐ 1048/QĐ-TTg và QĐ 26/2026/QĐ-TTg "
               "(Điều 7 khoản 4), chưa kiểm chứng cho văn bản này.")
GAP_SPREAD = ("the council procedure of {} (Phụ lục II) was not available: whether members' totals "
              "may differ by at most 10 points, as QĐ 1048/QĐ-TTg Phụ lục II requires at province "
              "and central level, is unknown and not applied")
VALIDITY_148 = {"value": 36, "citation": "148/QĐ-TTg: 36 tháng (cổng TTĐT Đà Nẵng, nguồn thứ cấp)",
                "confidence": "secondary"}


def no_window(decision):
    return {
        "reevaluation_window": {
            "opens_days_before_expiry": None, "closes_days_before_expiry": None,
            "citation": f"{decision}: chưa thấy quy định về thời hạn nộp hồ sơ đánh giá lại",
            "confidence": "unknown"},
        "late_filing_extension_days": {
            "value": None, "citation": f"{decision}: chưa thấy quy định gia hạn",
            "confidence": "unknown"},
    }


PROCEDURE_148 = {
    "levels": {"value": ["district", "province", "central"],
               "citation": "148/QĐ-TTg: Phụ lục II, Mục 1.a và Mục 4 (trích qua thuvienphapluat.vn "
                           "hỏi đáp, nguồn thứ cấp): đánh giá tại cấp huyện, cấp tỉnh, cấp trung ương",
               "confidence": "secondary"},
    "outcomes": {
        "district": [outcome([3], "recognise", C148_DISTRICT),
                     outcome([4, 5], "forward_to_province", C148_DISTRICT),
                     outcome([None, 1, 2], "no_certificate", C148_DISTRICT)],
        "province": [outcome([5], "forward_to_central", C148_PROVINCE),
                     outcome([4], "recognise", C148_PROVINCE),
                     outcome([1, 2, 3], "unknown", C148_PROVINCE, "unknown", GAP_PROVINCE),
                     outcome([None], "no_certificate", C148_PROVINCE)],
        "central": [outcome([5], "recognise", C148),
                    outcome([3, 4], "return_to_province", C148, "unknown",
                            GAP_CENTRAL.format("QĐ 148/QĐ-TTg")),
                    outcome([None, 1, 2], "no_certificate", C148)],
    },
    "spread": {"limit": None, "levels": ["province", "central"], "equal_allowed": None,
               "citation": "148/QĐ-TTg: Phụ lục II chưa đọc được", "confidence": "unknown",
               "gap": GAP_SPREAD.format(EDITION)},
    "certificate": {"validity_months": VALIDITY_148, **no_window("148/QĐ-TTg")},
    "transition": {
        "pending": None, "prior_certificates": None,
        "citation": "148/QĐ-TTg: điều khoản chuyển tiếp chưa thấy (văn bản chưa đọc được)",
        "confidence": "unknown"},
}
C1489 = "1489/QĐ-TTg: Phụ lục II của QĐ 148 sửa đổi (nguồn thứ cấp)"
PROCEDURE_1489 = {
    "levels": {"value": ["province", "central"],
               "citation": "1489/QĐ-TTg: Phụ lục II của QĐ 148 sửa đổi (nguồn thứ cấp: bỏ cấp huyện; "
                           "UBND cấp xã, Hội đồng cấp tỉnh, cấp quốc gia)",
               "confidence": "secondary"},
    "outcomes": {
        "province": [outcome([5], "forward_to_central", C1489),
                     outcome([3, 4], "recognise", C1489),
                     outcome([None, 1, 2], "no_certificate", C1489)],
        "central": [outcome([5], "recognise", C1489),
                    outcome([3, 4], "return_to_province", C1489, "unknown",
                            GAP_CENTRAL.format("QĐ 148/QĐ-TTg sửa đổi bởi QĐ 1489/QĐ-TTg")),
                    outcome([None, 1, 2], "no_certificate", C1489)],
    },
    "spread": {"limit": None, "levels": ["province", "central"], "equal_allowed": None,
               "citation": "1489/QĐ-TTg: văn bản chưa đọc được", "confidence": "unknown",
               "gap": GAP_SPREAD.format(EDITION_1489)},
    "certificate": {"validity_months": VALIDITY_148, **no_window("1489/QĐ-TTg")},
    "transition": {
        "pending": None, "prior_certificates": None,
        "citation": "1489/QĐ-TTg: điều khoản chuyển tiếp chưa thấy (văn bản chưa đọc được)",
        "confidence": "unknown"},
}


def edition_148():
    return {
        "format": 1,
        "id": EDITION,
        "decision": "148/QĐ-TTg",
        "amended_by": None,
        "title": "Quyết định ban hành Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm Chương "
                 "trình mỗi xã một sản phẩm",
        "signed_on": "2023-02-24",
        "effective_from": "2023-02-24",
        "effective_to": "2025-07-06",
        "inherits": None,
        "sets": 26,
        "source": "QĐ 148/QĐ-TTg (24/02/2023), Phụ lục III: 26 phiếu đánh giá từ MỘT bản chép của bên "
                  "thứ ba — " + PRIMARY + " (ứng dụng Rails của Hội đồng OCOP huyện Châu Đức, Bà Rịa – "
                  "Vũng Tàu; thêm ngày 12/3/2024), qua shared/reference/ocop-148/criteria.json. Mọi lựa "
                  "chọn, điểm và dấu sao đã được đọc lại từ 26 tệp CSV gốc (trùng khớp, trừ hai ô điểm "
                  "nhận dạng sai \"l\"/\"t\"); riêng bộ 01 được đối chiếu từng lựa chọn với một bản độc "
                  "lập (quyenncph25762/OCOP_SCORE, 6/2024). Văn bản chính thức (Điều 1–3, Phụ lục I, II, "
                  "tiêu đề phiếu, ghi chú dấu sao) chưa tìm thấy: tiêu đề phiếu là tên trang tính của "
                  "bản chép; ngành/nhóm là bản tái dựng của tài liệu tham chiếu; mã tiêu chí là "
                  "\"nhóm.chữ\" theo bản chép. Điều khoản hiệu lực chưa thấy: giả định từ ngày ký.",
        "confidence": "medium: one third-party transcription, not the official text; its options, "
                      "points and markers re-read from the 26 source CSVs, and only set 01 compared "
                      "with an independent second rendering (identical points); Part C of sets 07, "
                      "11, 12, 13 does not add up to 35; notes of sets 07–25 probably incomplete; "
                      "bands and sheet-level notes not verified for 148",
        "data_version": DATA_VERSION,
        "parts": [
            {"code": "A", "name": "Các tiêu chí đánh giá về sản phẩm và sức mạnh cộng đồng (Tổ chức sản "
             "xuất; phát triển sản phẩm; sức mạnh cộng đồng)", "max": 40},
            {"code": "B", "name": "Các tiêu chí đánh giá về khả năng tiếp thị (Tiếp thị; câu chuyện về sản "
             "phẩm)", "max": 25},
            {"code": "C", "name": "Các tiêu chí đánh giá về chất lượng sản phẩm (Chỉ tiêu cảm quan, dinh "
             "dưỡng, tính độc đáo của sản phẩm; tiêu chuẩn sản phẩm; khả năng xuất khẩu, phân phối tại "
             "thị trường quốc tế)", "max": 35},
        ],
        "bands": [
            {"stars": 5, "min": 90}, {"stars": 4, "min": 70}, {"stars": 3, "min": 50},
            {"stars": 2, "min": 30}, {"stars": 1, "min": 0},
        ],
        "citations": {
            "signing": "Ký ngày 24/02/2023, Phó Thủ tướng Trần Lưu Quang (Thương hiệu & Công luận 25/02/2023)",
            "effective": "Chưa thấy điều khoản hiệu lực của QĐ 148; giả định có hiệu lực từ ngày ký 24/02/2023",
            "effective_to": "QĐ 1489/QĐ-TTg ngày 06/7/2025 sửa đổi Phụ lục II (quy trình). Điều khoản "
                            "hiệu lực của 1489 chưa thấy; giả định từ ngày ký, như báo chí: " + PRESS_1489,
            "parts": PARTS_CITATION,
            "bands": BANDS_CITATION,
            "star_markers": STAR_CITATION,
            "sheets": SHEETS_CITATION,
            "classification": "Phụ lục I chưa tìm thấy; ngành/nhóm trên phiếu được tái dựng từ báo chí "
                              "(6 nhóm sản phẩm) và danh sách 17 nhóm của một ứng dụng OCOP Bến Tre thời 148",
            "procedure": "Phụ lục II, Mục 1.a và Mục 4 (trích qua thuvienphapluat.vn hỏi đáp): đánh giá "
                         "tại cấp huyện, cấp tỉnh, cấp trung ương",
            "certificate_validity": "36 tháng (cổng TTĐT Đà Nẵng, nguồn thứ cấp)",
            "replaced": REPLACED_CITATION,
        },
        "gaps": GAPS,
        "procedure": PROCEDURE_148,
    }


def edition_1489():
    return {
        "format": 1,
        "id": EDITION_1489,
        "decision": "148/QĐ-TTg",
        "amended_by": "1489/QĐ-TTg",
        "title": "Quyết định ban hành Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm Chương "
                 "trình mỗi xã một sản phẩm (148/QĐ-TTg), sửa đổi, bổ sung bởi Quyết định 1489/QĐ-TTg "
                 "ngày 06/7/2025: sửa quy trình (Phụ lục II, bỏ cấp huyện), không sửa phiếu đánh giá",
        "signed_on": "2025-07-06",
        "effective_from": "2025-07-06",
        "effective_to": "2026-05-22",
        "inherits": EDITION,
        "sets": 26,
        "source": "Phiếu đánh giá: kế thừa nguyên 26 phiếu của 148/2023 (xem nguồn của ấn bản đó). QĐ "
                  "1489/QĐ-TTg (06/7/2025) \"sửa đổi, bổ sung một số nội dung Quyết định 148/QĐ-TTg\" "
                  "(tên theo QĐ 26/2026 Điều 11 khoản 2); theo báo chí nó sửa Phụ lục II (quy trình): bỏ "
                  "cấp huyện, UBND cấp xã đánh giá hồ sơ và đề xuất, Hội đồng cấp tỉnh phân hạng 3–4 sao, "
                  "sản phẩm từ 90 điểm đề xuất Bộ Nông nghiệp và Môi trường. Không nguồn nào cho thấy 1489 "
                  "sửa phiếu đánh giá. Văn bản 1489 chưa được đọc (bản PDF ký số có trong "
                  "Luyen05/ocop-lamdong-portal, docs/sources/ocop/2025/1489-QD-TTg.pdf, nhưng không đọc "
                  "được ở đây); điều khoản hiệu lực chưa thấy: giả định từ ngày ký, như báo chí.",
        "confidence": "medium: the sheets are those of 148/2023 (one third-party transcription); that "
                      "1489 changed only the procedure rests on press reports, the text of 1489 was "
                      "not read",
        "data_version": DATA_VERSION_1489,
        "parts": edition_148()["parts"],
        "bands": edition_148()["bands"],
        "citations": {
            "amendment": "QĐ 1489/QĐ-TTg ngày 06/7/2025 sửa đổi Phụ lục II của QĐ 148: " + PRESS_1489,
            "effective": "Chưa thấy điều khoản hiệu lực của QĐ 1489; giả định từ ngày ký 06/7/2025 theo "
                         "báo chí (" + PRESS_1489 + ")",
            "effective_to": "QĐ 26/2026/QĐ-TTg Điều 11 khoản 1: có hiệu lực từ 22/5/2026; hồ sơ mới "
                            "theo 26/2026 từ ngày đó",
            "replaced": REPLACED_CITATION,
            "transition": "QĐ 26/2026/QĐ-TTg Điều 12: khoản 1, sản phẩm 3–5 sao đã công nhận giữ giá trị "
                          "đến hết hạn; khoản 2, hồ sơ nộp trước 22/5/2026 chưa được đánh giá tiếp tục "
                          "theo quy định giai đoạn 2021–2025, hoàn thành không quá 60 ngày (lần đầu, nâng "
                          "hạng; điểm a) hoặc 30 ngày (đánh giá lại; điểm b); khoản 3, gia hạn giấy chứng "
                          "nhận tối đa 180 ngày. Việc chuyển tiếp là mục procedure.transition của 26/2026",
            "parts": PARTS_CITATION,
            "bands": BANDS_CITATION,
            "star_markers": STAR_CITATION,
            "sheets": "Kế thừa 148/2023 — " + SHEETS_CITATION,
            "procedure": "Phụ lục II của QĐ 148 như 1489 sửa: UBND cấp xã, Hội đồng cấp tỉnh, cấp quốc "
                         "gia (Bộ Nông nghiệp và Môi trường) cho sản phẩm từ 90 điểm (báo chí)",
        },
        "gaps": GAPS + [
            {"topic": "amendment_text",
             "message": "The text of QĐ 1489/QĐ-TTg was not read; that it changed only the procedure "
                        "(Phụ lục II) and no criteria sheet rests on press reports."},
        ],
        "procedure": PROCEDURE_1489,
    }


# --- checks (FORMAT.md loader checks) ----------------------------------------------------

def check_sheet(s, meta):
    where = f"{EDITION} set {s['number']:02d}"

    def bad(msg):
        fail(f"{where}: {msg}")

    keys = ["format", "edition", "number", "name", "heading", "heading_fields", "sector", "group", "subgroup",
            "citation", "confidence", "parts", "groups", "notes", "criteria", "errata"]
    if list(s) != keys:
        bad(f"fields {list(s)}")
    if s["edition"] != meta["id"] or not 1 <= s["number"] <= meta["sets"]:
        bad("edition/number")
    if [p["code"] for p in s["parts"]] != ["A", "B", "C"]:
        bad("parts order")
    for sp, ep in zip(s["parts"], meta["parts"]):
        if sp["max"] != ep["max"] and not any(e["field"] == "part_max" and e["part"] == sp["code"] for e in s["errata"]):
            bad(f"part {sp['code']} max differs from the edition")
    gcodes = {g["code"]: g for g in s["groups"]}
    if len(gcodes) != len(s["groups"]):
        bad("duplicate group code")
    for g in s["groups"]:
        if set(g) != {"code", "part", "name", "max", "parent"}:
            bad(f"group fields {g}")
        if g["parent"] is not None and g["parent"] not in gcodes:
            bad(f"group {g['code']} parent {g['parent']} unknown")
    for n in s["notes"]:
        if n["kind"] not in ("dossier_rejection", "star_marker", "note") or set(n) != {"kind", "text"}:
            bad(f"sheet note {n}")
    seen = set()
    index = {}
    for c in s["criteria"]:
        cc = c["code"]
        if cc in seen:
            bad(f"duplicate code {cc}")
        seen.add(cc)
        index[cc] = c
        expect = ["code", "part", "group", "parent", "name", "max", "mode"] + (["cases"] if c["mode"] == "case" else []) + ["options", "notes"]
        if list(c) != expect:
            bad(f"{cc}: fields {list(c)}")
        if c["group"] != cc:
            g = gcodes.get(c["group"])
            if g is None or g["part"] != c["part"]:
                bad(f"{cc}: group {c['group']} missing or in another part")
            if g["parent"] is not None:
                bad(f"{cc}: group {c['group']} is not top-level")
        elif cc in gcodes:
            bad(f"{cc}: a criterion that is its own group must not be listed in groups")
        if c["parent"] is not None and (c["parent"] not in gcodes or gcodes[c["parent"]]["parent"] != c["group"]):
            bad(f"{cc}: parent {c['parent']}")
        if not c["options"]:
            bad(f"{cc}: no options")
        for i, o in enumerate(c["options"], start=1):
            allowed = {"label", "points", "min_star", "case"}
            if not set(o) <= allowed or not isinstance(o["points"], int) or o["points"] < 0:
                bad(f"{cc} option {i}: {o}")
            if marker(o["label"]) != o.get("min_star"):
                bad(f"{cc} option {i}: min_star {o.get('min_star')} vs label marker {marker(o['label'])}")
            if o.get("min_star") not in (None, 3, 4, 5):
                bad(f"{cc} option {i}: min_star")
            if c["mode"] == "case":
                if o.get("case") not in c["cases"]:
                    bad(f"{cc} option {i}: case {o.get('case')!r} not listed")
            elif "case" in o:
                bad(f"{cc} option {i}: case outside case mode")
            if unicodedata.normalize("NFC", o["label"]) != o["label"]:
                bad(f"{cc} option {i}: not NFC")
        if c["mode"] == "case" and len(c["cases"]) < 2:
            bad(f"{cc}: case mode needs two cases")
        derived = sum(o["points"] for o in c["options"]) if c["mode"] == "additive" else max(o["points"] for o in c["options"])
        if derived != c["max"]:
            bad(f"{cc}: max {c['max']} != option-derived {derived}")
        for n in c["notes"]:
            if n["kind"] not in ("elimination", "stop_rule", "applicability", "requirement", "case_selector", "case_header", "note"):
                bad(f"{cc}: note kind {n['kind']}")
            if "trigger" in n:
                if n["kind"] not in ("elimination", "stop_rule") or not n["trigger"]["zero_points_in"]:
                    bad(f"{cc}: trigger")
    for c in s["criteria"]:
        for n in c["notes"]:
            for t in n.get("trigger", {}).get("zero_points_in", []):
                if t not in index:
                    bad(f"{c['code']}: trigger names unknown {t}")
    fields = ("points", "max", "options", "part_max", "part_sum", "label", "code", "mode")
    for e in s["errata"]:
        if list(e) != ["criterion", "option", "field", "part", "printed", "used", "reason"] or e["field"] not in fields:
            bad(f"erratum {e}")
        c = index.get(e["criterion"]) if e["criterion"] is not None else None
        if e["criterion"] is not None and c is None:
            bad(f"erratum names unknown criterion {e['criterion']}")
        if e["field"] == "points":
            if c is None or e["option"] is None or str(c["options"][e["option"] - 1]["points"]) != e["used"]:
                bad(f"points erratum disagrees with the data: {e}")
        if e["field"] == "label" and c is not None and e["option"] is not None:
            if c["options"][e["option"] - 1]["label"] != e["used"]:
                bad(f"label erratum disagrees with the data: {e}")
        if e["field"] == "max" and (c is None or str(c["max"]) != e["used"]):
            bad(f"max erratum disagrees with the data: {e}")
        if e["field"] in ("part_sum", "part_max") and e["part"] is None:
            bad("part erratum without part")
    for p in s["parts"]:
        total = sum(c["max"] for c in s["criteria"] if c["part"] == p["code"])
        if total != p["max"] and not any(
                e["field"] == "part_sum" and e["part"] == p["code"] and e["printed"] == str(p["max"])
                and e["used"] == str(total) for e in s["errata"]):
            bad(f"part {p['code']} sums to {total}, not {p['max']}, without a part_sum erratum")
    text = json.dumps(s, ensure_ascii=False)
    if unicodedata.normalize("NFC", text) != text:
        bad("text not NFC")


def check_edition(m):
    keys = ["format", "id", "decision", "amended_by", "title", "signed_on", "effective_from",
            "effective_to", "inherits", "sets", "source", "confidence", "data_version", "parts",
            "bands", "citations", "gaps", "procedure"]
    if list(m) != keys:
        fail(f"{m['id']}: edition fields {list(m)}")
    if [b["stars"] for b in m["bands"]] != [5, 4, 3, 2, 1] or m["bands"][-1]["min"] != 0:
        fail(f"{m['id']}: bands")
    if m["effective_to"] is not None and m["effective_to"] <= m["effective_from"]:
        fail(f"{m['id']}: effective_to must follow effective_from")
    if m["confidence"].split(":")[0] not in ("high", "medium", "low"):
        fail(f"{m['id']}: confidence")
    for k, v in m["citations"].items():
        if not isinstance(v, str):
            fail(f"{m['id']}: citation {k}")


# --- main --------------------------------------------------------------------------------

def write(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.write("\n")


def main():
    with open(SRC, encoding="utf-8") as f:
        d = json.load(f)
    if d["decision"] != "148/QĐ-TTg" or len(d["product_sets"]) != 26:
        fail("unexpected reference")
    meta = edition_148()
    meta_1489 = edition_1489()
    check_edition(meta)
    check_edition(meta_1489)
    if meta_1489["effective_from"] != meta["effective_to"]:
        fail("148+1489 must start where 148 ends")
    sheets = [convert_set(ps) for ps in d["product_sets"]]
    if [s["number"] for s in sheets] != list(range(1, 27)):
        fail("set numbers")
    for s in sheets:
        check_sheet(s, meta)
    os.makedirs(OUT, exist_ok=True)
    os.makedirs(OUT_1489, exist_ok=True)
    write(os.path.join(OUT, "edition.json"), meta)
    for s in sheets:
        write(os.path.join(OUT, f"set-{s['number']:02d}.json"), s)
    write(os.path.join(OUT_1489, "edition.json"), meta_1489)
    n_err = sum(len(s["errata"]) for s in sheets)
    print(f"wrote {len(sheets)} sets ({n_err} errata) to {OUT} and the inheriting edition to {OUT_1489}")


if __name__ == "__main__":
    main()
