#!/usr/bin/env python3
"""Transcribe QĐ 1048/QĐ-TTg Phụ lục III (and what is known of QĐ 781/QĐ-TTg) from the shared
reference into ocop-core/data/1048-2019 and ocop-core/data/1048+781-2020.

Run from the repository root with the shared reference beside the checkout:

    python3 tools/import_1048.py [../shared/reference/ocop-1048/criteria.json]

The output files are committed; this script documents how they were made. Vietnamese text is
copied verbatim (NFC-normalised only). Nothing printed is corrected in place: printed errors that
matter for scoring (a criterion header that differs from its options, a part that does not sum,
a code printed twice) and the digitisation/typing defects listed in the reference README are kept
as printed and recorded as `errata`.

After writing, the script re-reads every file it wrote and runs the loader checks listed at the
end of ocop-core/data/FORMAT.md (plus strict field sets); any failure stops it with a non-zero
exit status.
"""
import json
import os
import re
import sys
import unicodedata

SRC = sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/ocop-1048/criteria.json"
OUT_1048 = "ocop-core/data/1048-2019"
OUT_781 = "ocop-core/data/1048+781-2020"
ED_1048 = "1048/2019"
ED_781 = "1048+781/2020"

# Defects of the source copy listed in the reference README (§4). They are kept verbatim; every
# text that contains one gets a `label` erratum whose `used` equals `printed`.
DIGITISATION = "lỗi số hóa của bản sao"
TYPO = "có thể là lỗi đánh máy trong chính văn bản quyết định"
DEFECTS = [
    ("CÔNG BÔì", "CÔNG BỐ", DIGITISATION),
    ("KIểM", "KIỂM", DIGITISATION),
    ("PHẩM", "PHẨM", DIGITISATION),
    ("TRIÊÒN", "TRIỂN", DIGITISATION),
    ("TOAÌN", "TOÀN", DIGITISATION),
    ("KhaÒ", "Khả", DIGITISATION),
    ("Lýòa", "Lựa", DIGITISATION),
    ("Rýợu", "Rượu", DIGITISATION),
    ("THEO trường (MyÞ, Nhâòt", "thị trường (Mỹ, Nhật", DIGITISATION),
    ("Hõi đục", "Hơi đục", DIGITISATION),
    ("HĐQT, 2 Điểm HĐTV", "HĐQT, HĐTV (chữ \"2 Điểm\" lạc từ cột điểm)", DIGITISATION),
    ("cỏ nguồn gốc", "có nguồn gốc", DIGITISATION),
    ("Tổ CHỨC", "TỔ CHỨC", DIGITISATION),
    ("truyền thông/đặc sản", "truyền thống/đặc sản", TYPO),
    ("không nhận được", "không chấp nhận được", TYPO),
    ("Khu vực khách hành chính", "Khu vực khách hàng chính", TYPO),
]

# Form lines that the reference attached to the last criterion of a sheet but that belong to the
# sheet's footer (result / ranking fields of the form).
SHEET_FOOTER_LINES = {"Kết quả", "Xếp hạng: …………Sao"}

STAR_MARK = re.compile(r"(\*{3,5})\s*$")


class Fail(Exception):
    pass


def nfc(s):
    return unicodedata.normalize("NFC", s) if isinstance(s, str) else s


def erratum(criterion, option, field, part, printed, used, reason):
    return {"criterion": criterion, "option": option, "field": field, "part": part,
            "printed": printed, "used": used, "reason": reason}


def defect_errata(text, criterion, option, part, where):
    """One `label` erratum for a text that contains listed defects (kept as printed)."""
    found = [(f, r, k) for f, r, k in DEFECTS if f in text]
    if not found:
        return []
    readings = "; ".join(f"\"{f}\" → có lẽ là \"{r}\" ({k})" for f, r, k in found)
    return [erratum(criterion, option, "label", part, text, text,
                    f"Giữ nguyên văn bản in ({where}): {readings}. Không sửa chữ trong dữ liệu.")]


def join_notes(notes):
    """Join a note ending in ':' with the '- …' lines that follow it (one printed note)."""
    out = []
    for n in notes:
        if out and n.startswith("- ") and (out[-1].endswith(":") or "\n- " in out[-1]):
            out[-1] = out[-1] + "\n" + n
        else:
            out.append(n)
    return out


def classify(text, c):
    elim = c.get("elimination_note")
    stop = c.get("stop_condition_note")
    sel = c.get("selection_rule_vi")
    if elim is not None and text == nfc(elim):
        return "elimination"
    if stop is not None and text == nfc(stop):
        return "stop_rule"
    if sel is not None and text == nfc(sel):
        return "case_selector"
    if text.startswith("Chỉ áp dụng"):
        return "applicability"
    if text.startswith("Yêu cầu"):
        return "requirement"
    low = text.lower()
    if "bị loại" in low or "loại bỏ" in low:
        raise Fail(f"unclassified elimination-like note: {text}")
    if "không đánh giá các bước tiếp theo" in low or "không xem xét" in low:
        raise Fail(f"unclassified stop-like note: {text}")
    return "note"


def trigger_for(text, c, criteria):
    """zero_points_in for notes whose wording makes the answers themselves trigger them."""
    if "Nếu được 0 điểm tại một trong các chỉ tiêu trên" in text:
        above = []
        for x in criteria:
            if x["group_code"] == c["group_code"]:
                above.append(x["code"])
            if x is c:
                break
        return {"zero_points_in": above}
    if text.startswith("Ghi chú: Nếu bị 0 Điểm"):
        return {"zero_points_in": [c["code"]]}
    return None


def mode_of(c):
    return {"single_choice": "single", "single_choice_per_case": "case",
            "additive": "additive"}[c["scoring_mode"]]


def derived_max(mode, options):
    pts = [o["points"] for o in options]
    return sum(pts) if mode == "additive" else max(pts)


def part_max_from_title(title):
    m = re.search(r"\((\d+) Điểm\)\s*$", title)
    if not m:
        raise Fail(f"part title without '(N Điểm)': {title}")
    return int(m.group(1))


def classification_lines(ps):
    sector = f"{ps['sector_no']}. {nfc(ps['sector'])}"
    if ps["group_no"]:
        group = f"{ps['group_no']}. {nfc(ps['group'])}"
    else:
        # Phụ lục I has no group row for "V. NGÀNH VẢI, MAY MẶC"; the sheet header names it.
        m = re.search(r"Nhóm: ([^)]*)\)", ps["sheet_header_vi"])
        group = nfc(m.group(1))
    subgroup = f"{ps['subgroup_no']}. {nfc(ps['subgroup'])}" if ps["subgroup_no"] else None
    return sector, group, subgroup


# ---------------------------------------------------------------------------------------------
# QĐ 1048 sheets


def convert_set(ps):
    number = ps["appendix_iii_no"]
    code_path = ps["code"]
    errata = []
    sheet_notes = []

    heading = nfc(f"{ps['sheet_title_vi']} {ps['sheet_header_vi']}")
    errata += defect_errata(heading, None, None, None, "tiêu đề phiếu")

    parts = []
    for p in ("A", "B", "C"):
        title = nfc(ps["part_titles_vi"][p])
        parts.append({"code": p, "title": title, "max": part_max_from_title(title)})
        errata += defect_errata(title, None, None, p, f"tiêu đề phần {p}")

    groups = []
    for g in ps["criterion_groups"]:
        name = nfc(g["name_vi"])
        groups.append({"code": g["code"], "part": g["part"], "name": name,
                       "max": g["stated_max"], "parent": None})
        errata += defect_errata(name, None, None, g["part"], f"tên nhóm tiêu chí {g['code']}")
    known = {g["code"] for g in groups}
    # Three-level codes (6.1.1): their parent heading (6.1) is a group below the top-level group.
    for c in ps["criteria"]:
        sub = c["subgroup_code"]
        if sub and sub not in known:
            raise Fail(f"set {number}: subgroup {sub} not among criterion_groups")
    for g in groups:
        if "." in g["code"]:
            g["parent"] = g["code"].split(".")[0]

    criteria = []
    for c in ps["criteria"]:
        code = c["code"]
        part = c["part"]
        mode = mode_of(c)
        name = nfc(c["name_vi"])
        errata += defect_errata(name, code, None, part, f"tên tiêu chí {c['code_in_source']}")
        if code != c["code_in_source"]:
            errata.append(erratum(
                code, None, "code", part, c["code_in_source"], code,
                f"Mã \"{c['code_in_source']}\" được in hai lần trong phiếu (\"{name}\" là lần thứ "
                f"hai); thêm hậu tố \"#2\" để mã là duy nhất."))
        options = []
        cases = []
        for i, o in enumerate(c["options"], start=1):
            label = nfc(o["label_vi"])
            opt = {"label": label, "points": o["points"]}
            m = STAR_MARK.search(label)
            if m:
                opt["min_star"] = len(m.group(1))
            if mode == "case":
                case = nfc(o["case_vi"])
                opt["case"] = case
            options.append(opt)
            errata += defect_errata(label, code, i, part, f"lựa chọn {i} của tiêu chí {code}")
        if mode == "case":
            cases = [nfc(x) for x in c["cases_vi"]]
        mx = derived_max(mode, options)
        if mx != c["max"]:
            raise Fail(f"set {number} {code}: derived max {mx} != reference max {c['max']}")
        if c["stated_max"] != mx:
            how = {"single": "lựa chọn cao nhất", "case": "lựa chọn cao nhất của các trường hợp",
                   "additive": "tổng các lựa chọn"}[mode]
            errata.append(erratum(
                code, None, "max", part, str(c["stated_max"]), str(mx),
                f"Tiêu đề tiêu chí in {c['stated_max']} điểm nhưng {how} là {mx} điểm; giữ "
                f"nguyên các lựa chọn như bản in, điểm tối đa dùng là {mx}."))

        notes = []
        texts = [nfc(n) for n in c.get("notes_vi", [])]
        footer = [t for t in texts if t in SHEET_FOOTER_LINES]
        if footer:
            sheet_notes.append({"kind": "note", "text": "\n".join(footer)})
            texts = [t for t in texts if t not in SHEET_FOOTER_LINES]
        for t in join_notes(texts):
            kind = classify(t, c)
            note = {"kind": kind, "text": t}
            if kind in ("elimination", "stop_rule"):
                trig = trigger_for(t, c, ps["criteria"])
                if trig:
                    note["trigger"] = trig
            notes.append(note)
            errata += defect_errata(t, code, None, part, f"ghi chú của tiêu chí {code}")

        crit = {"code": code, "part": part, "group": c["group_code"],
                "parent": c["subgroup_code"], "name": name, "max": mx, "mode": mode}
        if mode == "case":
            crit["cases"] = cases
        crit["options"] = options
        crit["notes"] = notes
        criteria.append(crit)

    # Parts that do not add up (kept as printed).
    for p in parts:
        total = sum(c["max"] for c in criteria if c["part"] == p["code"])
        if total != p["max"]:
            errata.append(erratum(
                None, None, "part_sum", p["code"], str(p["max"]), str(total),
                part_sum_reason(number, p, total, criteria)))

    # Sheet-level notes.
    notes = []
    if ps["elimination_note_vi"]:
        notes.append({"kind": "dossier_rejection", "text": nfc(ps["elimination_note_vi"])})
    for pn in ps["part_notes_vi"] or []:
        notes.append({"kind": "note", "text": nfc(pn["text_vi"])})
    if ps["sheet_footnotes_vi"]:
        notes.append({"kind": "note", "text": "\n".join(nfc(x) for x in ps["sheet_footnotes_vi"])})
    notes += sheet_notes

    sector, group, subgroup = classification_lines(ps)
    return {
        "format": 1,
        "edition": ED_1048,
        "number": number,
        "name": nfc(ps["name_vi"]),
        "heading": heading,
        "heading_fields": None,  # no source found prints the 1048 sheets' heading fields
        "sector": sector,
        "group": group,
        "subgroup": subgroup,
        "citation": f"QĐ 1048/QĐ-TTg, Phụ lục III, phiếu {code_path}",
        "confidence": None,
        "parts": parts,
        "groups": groups,
        "notes": notes,
        "criteria": criteria,
        "errata": errata,
    }


def part_sum_reason(number, p, total, criteria):
    base = (f"Phần {p['code']} in tối đa {p['max']} điểm nhưng tổng điểm tối đa các tiêu chí "
            f"theo bản in là {total}; giữ nguyên như bản in, không thêm lựa chọn hay điểm.")
    if number == 7:
        return base + (" Tiêu chí 3.1 (tiêu đề 3 Điểm) chỉ in lựa chọn 1 và 2 điểm; lựa chọn "
                       "3 điểm (HTX/công ty cổ phần có vốn góp của cộng đồng ≥ 51%) có ở các phiếu "
                       "khác nhưng không có trong phiếu này.")
    if number == 19:
        return base + (" Tiêu chí 10 (KIỂM TRA ĐỊNH KỲ) in tiêu đề 5 Điểm nhưng các lựa chọn "
                       "chỉ là 0/1/3.")
    if number == 26:
        return base + " Tiêu đề và lựa chọn của các tiêu chí phần A đều cộng lại 34."
    return base


# ---------------------------------------------------------------------------------------------
# The post-781 tourism sheet (candidate)

CANDIDATE_NAME = "Dịch vụ du lịch cộng đồng và điểm du lịch"


def convert_candidate(ps):
    cand = ps["post_781_candidate_sheet"]
    number = ps["appendix_iii_no"]
    src = cand["source"]
    errata = []
    seen = []
    groups = []
    for c in cand["criteria"]:
        g = c["group_code"]
        if g == c["code"] or g in seen:
            continue
        seen.append(g)
        groups.append({"code": g, "part": c["part"], "name": nfc(c["group_vi"]), "max": None,
                       "parent": None})
    criteria = []
    for c in cand["criteria"]:
        code = c["code"]
        mode = mode_of(c)
        options = []
        cases = []
        for o in c["options"]:
            opt = {"label": nfc(o["label_vi"]), "points": o["points"]}
            if STAR_MARK.search(opt["label"]):
                raise Fail("candidate sheet carries star markers; not expected")
            if mode == "case":
                opt["case"] = o["case"]
                if o["case"] not in cases:
                    cases.append(o["case"])
            options.append(opt)
        mx = derived_max(mode, options)
        if mx != c["max"]:
            raise Fail(f"candidate {code}: derived max {mx} != reference max {c['max']}")
        notes = []
        for t in join_notes([nfc(n) for n in c.get("notes_vi", [])]):
            kind = "case_selector" if t.startswith("Lựa chọn") and "trường hợp" in t else "note"
            notes.append({"kind": kind, "text": t})
        crit = {"code": code, "part": c["part"], "group": c["group_code"], "parent": None,
                "name": nfc(c["name_vi"]), "max": mx, "mode": mode}
        if mode == "case":
            crit["cases"] = cases
            if notes and notes[0]["kind"] == "case_selector":
                why = ("Nguồn (ommani_ocop) có ghi chú \"" + notes[0]["text"] + "\" nhưng không "
                       "ghi tên các trường hợp; hai trường hợp (theo loại hình tổ chức, như tiêu "
                       "chí 3.2 của QĐ 1048) được suy ra từ dãy điểm bắt đầu lại.")
            else:
                why = ("Nguồn (ommani_ocop) không ghi tên các trường hợp; hai trường hợp (cộng "
                       "đồng du lịch / điểm du lịch) được suy ra từ dãy điểm bắt đầu lại.")
            errata.append(erratum(
                code, None, "mode", c["part"], "", "case",
                why + " \"case_1\"/\"case_2\" là mã của bản tham chiếu, không phải chữ in; "
                "điểm tối đa là lựa chọn cao nhất của một trường hợp."))
        crit["options"] = options
        crit["notes"] = notes
        criteria.append(crit)

    parts = []
    for p in ("A", "B", "C"):
        # The candidate source has no part titles; the 1048 tourism sheet's titles are used
        # (their maxima 35/25/40 agree with the candidate's option sums).
        title = nfc(ps["part_titles_vi"][p])
        parts.append({"code": p, "title": title, "max": part_max_from_title(title)})
    for p in parts:
        total = sum(c["max"] for c in criteria if c["part"] == p["code"])
        if total != p["max"]:
            raise Fail(f"candidate part {p['code']} sums to {total}, expected {p['max']}")
    return {
        "format": 1,
        "edition": ED_781,
        "number": number,
        "name": CANDIDATE_NAME,
        "heading": CANDIDATE_NAME,
        "heading_fields": None,
        "sector": f"{ps['sector_no']}. {nfc(ps['sector'])}",
        "group": f"{ps['group_no']}. {nfc(ps['group_after_781'])}",
        "subgroup": None,
        "citation": (f"QĐ 1048/QĐ-TTg sửa đổi bởi QĐ 781/QĐ-TTg, Phụ lục III, phiếu {ps['code']} "
                     f"(phiếu ứng viên: {src['repository']}, {src['path']}, commit "
                     f"{src['commit'][:12]}, product_types.id = 8; không thấy trong văn bản 781)"),
        "confidence": ("low: candidate post-781 sheet from a third-party database (ommani_ocop, "
                       "product type 8, 2022), not seen in the text of 781; its group name matches "
                       "the 781 rename and its option sums are A35/B25/C40; case splits are "
                       "inferred (case labels are not in the source); heading is the 781 group "
                       "name and part titles are those of the 1048 tourism sheet, since the source "
                       "has neither"),
        "parts": parts,
        "groups": groups,
        "notes": [],
        "criteria": criteria,
        "errata": errata,
    }


# ---------------------------------------------------------------------------------------------
# Editions

PARTS = [
    {"code": "A", "name": "Sản phẩm và sức mạnh cộng đồng", "max": 35},
    {"code": "B", "name": "Khả năng tiếp thị", "max": 25},
    {"code": "C", "name": "Chất lượng sản phẩm", "max": 40},
]
BANDS = [{"stars": 5, "min": 90}, {"stars": 4, "min": 70}, {"stars": 3, "min": 50},
         {"stars": 2, "min": 30}, {"stars": 1, "min": 0}]
SOURCE_DOC = ("bản Word của thuvienphapluat.vn (1048_QD-TTg_m_422157.doc, lưu 12/6/2020) trong kho "
              "congnn1107/ocop_project (TestLinhTinh/1048_QD-TTg_m_422157.doc, blob "
              "18e6921d40925172d091d3d7c237b7473e451973, commit "
              "1fef402bee4951aeab1eba918772780f9547289e), trích bằng antiword 0.37")



# ---------------------------------------------------------------------------------------------
# The procedure (FORMAT.md, "procedure"): QĐ 1048/QĐ-TTg Điều 1 khoản 3 and Phụ lục II, read in
# the shared reference (ocop-1048/README.md §6). 781 did not change it (no evidence).

def outcome(stars, action, citation, confidence="official", gap=None):
    return {"stars": stars, "action": action, "citation": citation, "confidence": confidence,
            "gap": gap}


C_DISTRICT = "1048/QĐ-TTg: Phụ lục II mục 1.a, 2.c, 4.a"
C_PROVINCE = "1048/QĐ-TTg: Điều 1 khoản 3; Phụ lục II mục 1.b, 2.b, 4.b"
C_CENTRAL = "1048/QĐ-TTg: Điều 1 khoản 3; Phụ lục II mục 1.c, 2.a, 4.c"
PROCEDURE_1048 = {
    "levels": {"value": ["district", "province", "central"],
               "citation": "1048/QĐ-TTg: Điều 1 khoản 3; Phụ lục II mục 1, 2, 4",
               "confidence": "official"},
    "outcomes": {
        # District: scores and ranks 1–5★, forwards products of 50–100 points.
        "district": [outcome([3, 4, 5], "forward_to_province", C_DISTRICT),
                     outcome([None, 1, 2], "no_certificate", C_DISTRICT)],
        # Province: UBND tỉnh certifies 3–4★, forwards 90–100 points to Bộ NN&PTNT.
        "province": [outcome([5], "forward_to_central", C_PROVINCE),
                     outcome([3, 4], "recognise", C_PROVINCE),
                     outcome([None, 1, 2], "no_certificate", C_PROVINCE)],
        # Central: certifies 5★; under 90 the province certifies on the central result.
        "central": [outcome([5], "recognise", C_CENTRAL),
                    outcome([3, 4], "return_to_province", C_CENTRAL),
                    outcome([None, 1, 2], "no_certificate", C_CENTRAL)],
    },
    "spread": {"limit": 10, "levels": ["province", "central"], "equal_allowed": True,
               "citation": "1048/QĐ-TTg: Phụ lục II (cấp tỉnh, cấp trung ương: \"Điểm của các "
                           "thành viên không được chênh lệch quá 10 điểm. Trong trường hợp chênh "
                           "lệch lớn hơn 10 điểm, Hội đồng đánh giá sẽ thảo luận để thống nhất "
                           "chấm điểm lại\"; cấp huyện không có quy định này)",
               "confidence": "official", "gap": None},
    "certificate": {
        "validity_months": {"value": 36,
                            "citation": "1048/QĐ-TTg: Điều 1 khoản 3; Phụ lục II mục 5 (36 tháng)",
                            "confidence": "official"},
        "reevaluation_window": {
            "opens_days_before_expiry": None, "closes_days_before_expiry": None,
            "citation": "1048/QĐ-TTg: không quy định thời hạn nộp hồ sơ đánh giá lại (đánh giá "
                        "lại, nâng hạng có thể thực hiện bất cứ lúc nào; tài liệu tham chiếu "
                        "ocop-1048 §6)",
            "confidence": "secondary"},
        "late_filing_extension_days": {
            "value": None, "citation": "1048/QĐ-TTg: không có (không có thời hạn nộp)",
            "confidence": "secondary"},
    },
    "transition": {
        "pending": None, "prior_certificates": None,
        "citation": "1048/QĐ-TTg: Điều 3 bảo lưu kết quả đánh giá, phân hạng cấp tỉnh trước "
                    "đó đến hết ngày 31/12/2019 (không mô hình hóa); không có điều khoản cho hồ "
                    "sơ đang chờ đánh giá",
        "confidence": "official"},
}
PROCEDURE_781 = json.loads(json.dumps(PROCEDURE_1048))
PROCEDURE_781["transition"] = {
    "pending": None, "prior_certificates": None,
    "citation": "781/QĐ-TTg: toàn văn chưa đọc được; không thấy điều khoản chuyển tiếp",
    "confidence": "unknown"}


def edition_1048(d):
    parts = [{"code": p["code"], "name": nfc(p["name_vi"]), "max": p["max"]} for p in d["parts"]]
    if parts != PARTS:
        raise Fail(f"reference parts differ from A35/B25/C40: {parts}")
    bands = [{"stars": b["stars"], "min": b["min"]} for b in d["star_rules"]["bands"]]
    if bands != BANDS:
        raise Fail(f"reference bands differ: {bands}")
    return {
        "format": 1,
        "id": ED_1048,
        "decision": d["decision"],
        "amended_by": None,
        "title": nfc(d["title_vi"]),
        "signed_on": d["decision_date"],
        "effective_from": d["decision_date"],
        "effective_to": d["amendment_date"],
        "inherits": None,
        "sets": 26,
        "source": (
            "QĐ 1048/QĐ-TTg (21/8/2019), Điều 1–3 và Phụ lục I–III, từ " + SOURCE_DOC + "; đối "
            "chiếu với bảng tb_bo_tieu_chi của cùng kho (setup-data/database/OCOP_DB.sql, blob "
            "9525444d2b747b097d55b0dd934f5d8c7786f828) và với tranquangduc24011999/ommani_ocop "
            "(ocop-web-master/ocop-web-master/mysql/init.sql, commit "
            "41b9b5404b641ad876e84e5aeccee38061bdc7f6). Ngày hết áp dụng (effective_to) là ngày "
            "ký QĐ 781/QĐ-TTg (08/6/2020): không thấy điều khoản hiệu lực của QĐ 781, giả định "
            "781 có hiệu lực từ ngày ký."),
        "confidence": (
            "high: official text via a third-party Word copy (not the gazette); points agree "
            "with an independent transcription for 767 of 772 comparable criteria (the 5 "
            "differences are that transcription's slips); three sheets do not sum as printed "
            "and are kept as printed with errata; a few digitisation defects in the wording are "
            "kept verbatim"),
        "data_version": "2019.1.0",
        "parts": PARTS,
        "bands": BANDS,
        "citations": {
            "parts": "Phụ lục III, tiêu đề các phần của mỗi phiếu (35/25/40 Điểm)",
            "bands": "Điều 1 khoản 2",
            "score_basis": "Điều 1 khoản 2 (\"Tổng điểm trung bình\"); Phụ lục II (\"tính trung "
                           "bình điểm của các thành viên\")",
            "sheets": "Phụ lục III",
            "classification": "Phụ lục I",
            "levels": "Điều 1 khoản 3; Phụ lục II mục 1, 2, 4",
            "council_spread": "Phụ lục II (cấp tỉnh, cấp trung ương: \"Điểm của các thành viên "
                              "không được chênh lệch quá 10 điểm\")",
            "dossier": "Phụ lục II mục 3",
            "certificate_validity": "Điều 1 khoản 3; Phụ lục II mục 5 (36 tháng)",
            "effective": "Điều 3 (\"có hiệu lực thi hành kể từ ngày ký ban hành\")",
            "transition": "Điều 3 (kết quả đánh giá, phân hạng cấp tỉnh trước đó được bảo lưu "
                          "đến hết ngày 31/12/2019)",
            "effective_to": "QĐ 781/QĐ-TTg ký ngày 08/6/2020; điều khoản hiệu lực của 781 không "
                            "được thấy, giả định có hiệu lực từ ngày ký",
        },
        "gaps": [],
        "procedure": PROCEDURE_1048,
    }


def edition_781(d):
    mins = d["star_rules"]["amendment_781_minimum_requirements"]
    cut = " (truncated in the available excerpt)"
    quoted = " ".join(f"\"{nfc(x[:-len(cut)] if x.endswith(cut) else x)}\""
                      + (" [the excerpt stops here]" if x.endswith(cut) else "")
                      for x in mins["known_quality_minimums_vi"])
    return {
        "format": 1,
        "id": ED_781,
        "decision": d["decision"],
        "amended_by": d["amended_by"],
        "title": nfc(d["title_vi"]),
        "signed_on": d["amendment_date"],
        "effective_from": d["amendment_date"],
        "effective_to": "2023-02-24",
        "inherits": ED_1048,
        "sets": 26,
        "source": (
            "QĐ 1048/QĐ-TTg với các sửa đổi của QĐ 781/QĐ-TTg (08/6/2020, Phó Thủ tướng "
            "Trịnh Đình Dũng) \"" + nfc(d["amendment_title_vi"]) + "\". Toàn văn QĐ 781 không có: phần mở đầu (tên, người ký, \"Điều 1. "
            "Sửa đổi, bổ sung Phụ lục…\") lấy từ trang thuvienphapluat.vn và tailieu.vn; nội dung "
            "sửa đổi lấy từ bản tin yenbai.gov.vn (" + mins["source_url"] + "). 25 phiếu không "
            "có bằng chứng thay đổi được kế thừa từ 1048/2019; phiếu 26 là phiếu ứng viên từ "
            "tranquangduc24011999/ommani_ocop (mysql/init.sql, commit "
            "41b9b5404b641ad876e84e5aeccee38061bdc7f6, product_types.id = 8). Điều khoản hiệu "
            "lực của 781 không được thấy; giả định có hiệu lực từ ngày ký. Việc QĐ 148/QĐ-TTg "
            "(24/02/2023) thay thế 1048 và 781 là theo các nguồn thứ cấp, chưa kiểm chứng."),
        "confidence": (
            "low: the text of 781 was not seen; its amendments are known from its preamble and a "
            "provincial news summary; the 25 inherited sheets show no evidence of change "
            "(medium), the tourism sheet is an unverified candidate and the per-star minimum "
            "requirements are only partly known and not applied"),
        "data_version": "2020.1.0",
        "parts": PARTS,
        "bands": BANDS,
        "citations": {
            "amendment": "QĐ 781/QĐ-TTg ngày 08/6/2020, Điều 1 (\"Sửa đổi, bổ sung Phụ lục…\")",
            "parts": "QĐ 1048, Phụ lục III (không thấy sửa đổi)",
            "bands": "QĐ 1048, Điều 1 khoản 2 (không thấy sửa đổi)",
            "sheets": "QĐ 1048, Phụ lục III; phiếu du lịch (bộ 26) theo phiếu ứng viên sau 781",
            "classification": "QĐ 1048, Phụ lục I; Phần VI, Mục 1 đổi tên thành \"Dịch vụ du "
                              "lịch cộng đồng và điểm du lịch\" (QĐ 781)",
            "star_minimums": "Phụ lục II mục 6 (bổ sung bởi QĐ 781): chỉ biết một phần, không "
                             "mã hóa",
            "effective": "điều khoản hiệu lực của QĐ 781 không được thấy; giả định có hiệu lực "
                         "từ ngày ký 08/6/2020",
            "effective_to": "QĐ 148/QĐ-TTg ngày 24/02/2023 (thay thế theo nguồn thứ cấp, chưa "
                            "kiểm chứng)",
        },
        "gaps": [
            {
                "topic": "781 per-star minimum requirements (Phụ lục II mục 6)",
                "message": (
                    "QĐ 781 adds Phụ lục II mục 6 \"Yêu cầu về một số tiêu chí cần đạt tối thiểu "
                    "trong đánh giá, phân hạng sản phẩm\": minimum criteria per star rank (1–5★) "
                    "in the three criterion groups, for every product group except \"Dịch vụ du "
                    "lịch cộng đồng và điểm du lịch\". Only part of the quality column is known, "
                    "from a news summary (yenbai.gov.vn), not from the decision: " + quoted +
                    " The rest (the 1★ and 5★ rows, the end of the 4★ row, and the columns for "
                    "the other two criterion groups) is missing, and \"Nhóm 1..5\" presumably means the five non-service "
                    "sectors of Phụ lục I (unverified). These requirements are not encoded as "
                    "criterion minimums (min_star) because the text does not tie them to "
                    "criterion codes. Results of this edition rank by total score only and do "
                    "not apply them: a product may be ranked higher than 781 would allow."),
            },
            {
                "topic": "tourism sheet (set 26)",
                "message": (
                    "The post-781 sheet \"Dịch vụ du lịch cộng đồng và điểm du lịch\" is a "
                    "candidate taken from a third-party database (ommani_ocop, 2022), not seen "
                    "in the text of 781; its case labels, part titles and heading are not in "
                    "that source. Scores for set 26 under this edition are low-confidence."),
            },
            {
                "topic": "full text of 781",
                "message": (
                    "The full text of QĐ 781 was not available. The other 25 sheets are "
                    "inherited unchanged from 1048/2019 (no evidence of change); the effective "
                    "date is assumed to be the date of signing (08/6/2020); the end date "
                    "(24/02/2023, QĐ 148/QĐ-TTg) is reported by secondary sources."),
            },
        ],
        "procedure": PROCEDURE_781,
    }


# ---------------------------------------------------------------------------------------------
# Checks (FORMAT.md loader checks, strict fields)

EDITION_KEYS = ["format", "id", "decision", "amended_by", "title", "signed_on", "effective_from",
                "effective_to", "inherits", "sets", "source", "confidence", "data_version",
                "parts", "bands", "citations", "gaps", "procedure"]
SET_KEYS = ["format", "edition", "number", "name", "heading", "heading_fields", "sector", "group", "subgroup",
            "citation", "confidence", "parts", "groups", "notes", "criteria", "errata"]
ERRATUM_KEYS = ["criterion", "option", "field", "part", "printed", "used", "reason"]
ERRATUM_FIELDS = {"points", "max", "options", "part_max", "part_sum", "label", "code", "mode",
                  "min_star"}
NOTE_KINDS = {"elimination", "stop_rule", "applicability", "requirement", "case_selector",
              "case_header", "note"}
SET_NOTE_KINDS = {"dossier_rejection", "star_marker", "note"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def walk_strings(x, path="$"):
    if isinstance(x, str):
        yield path, x
    elif isinstance(x, dict):
        for k, v in x.items():
            yield from walk_strings(v, f"{path}.{k}")
    elif isinstance(x, list):
        for i, v in enumerate(x):
            yield from walk_strings(v, f"{path}[{i}]")


def no_dup_keys(pairs):
    d = {}
    for k, v in pairs:
        if k in d:
            raise Fail(f"duplicate key {k}")
        d[k] = v
    return d


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f, object_pairs_hook=no_dup_keys)


def check_keys(obj, required, optional, where, errs):
    if not isinstance(obj, dict):
        errs.append(f"{where}: not an object")
        return
    keys = set(obj)
    for k in required:
        if k not in keys:
            errs.append(f"{where}: missing {k}")
    for k in keys - set(required) - set(optional):
        errs.append(f"{where}: unknown field {k}")


def is_int(x):
    return isinstance(x, int) and not isinstance(x, bool)


def check_edition(ed, dirname, errs):
    w = f"{dirname}/edition.json"
    check_keys(ed, EDITION_KEYS, [], w, errs)
    if ed["format"] != 1:
        errs.append(f"{w}: format")
    if ed["id"].replace("/", "-") != os.path.basename(dirname):
        errs.append(f"{w}: id {ed['id']} does not match directory")
    for k in ("signed_on", "effective_from"):
        if not DATE.match(ed[k]):
            errs.append(f"{w}.{k}: not a date")
    if ed["effective_to"] is not None and not DATE.match(ed["effective_to"]):
        errs.append(f"{w}.effective_to: not a date")
    if ed["effective_to"] is not None and ed["effective_to"] <= ed["effective_from"]:
        errs.append(f"{w}: effective_to not after effective_from")
    if not re.match(r"^(high|medium|low): .+", ed["confidence"]):
        errs.append(f"{w}.confidence: must start with high/medium/low and ': '")
    if [p["code"] for p in ed["parts"]] != ["A", "B", "C"] or sum(p["max"] for p in ed["parts"]) != 100:
        errs.append(f"{w}.parts: not A, B, C summing to 100")
    for i, p in enumerate(ed["parts"]):
        check_keys(p, ["code", "name", "max"], [], f"{w}.parts[{i}]", errs)
    mins = [b["min"] for b in ed["bands"]]
    if [b["stars"] for b in ed["bands"]] != [5, 4, 3, 2, 1] or mins != sorted(mins, reverse=True) \
            or mins[-1] != 0:
        errs.append(f"{w}.bands: not 5..1 descending to 0")
    for i, b in enumerate(ed["bands"]):
        check_keys(b, ["stars", "min"], [], f"{w}.bands[{i}]", errs)
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in ed["citations"].items()):
        errs.append(f"{w}.citations: must map strings to strings")
    for i, g in enumerate(ed["gaps"]):
        check_keys(g, ["topic", "message"], [], f"{w}.gaps[{i}]", errs)


def check_set(s, path, edition_id, errs):
    w = path
    check_keys(s, SET_KEYS, [], w, errs)
    if s.get("format") != 1:
        errs.append(f"{w}.format")
    if s["edition"] != edition_id:
        errs.append(f"{w}.edition: {s['edition']} != {edition_id}")
    m = re.search(r"set-(\d\d)\.json$", path)
    if not m or int(m.group(1)) != s["number"] or not 1 <= s["number"] <= 26:
        errs.append(f"{w}.number: {s['number']} does not match file name")
    if s["confidence"] is not None and not re.match(r"^(high|medium|low): .+", s["confidence"]):
        errs.append(f"{w}.confidence: must start with high/medium/low and ': '")
    for p, txt in walk_strings(s):
        if unicodedata.normalize("NFC", txt) != txt:
            errs.append(f"{w}{p[1:]}: not NFC")
    part_max = {}
    for i, p in enumerate(s["parts"]):
        check_keys(p, ["code", "title", "max"], [], f"{w}.parts[{i}]", errs)
        part_max[p["code"]] = p["max"]
    if list(part_max) != ["A", "B", "C"]:
        errs.append(f"{w}.parts: not A, B, C")
    groups = {}
    for i, g in enumerate(s["groups"]):
        gw = f"{w}.groups[{i}]"
        check_keys(g, ["code", "part", "name", "max", "parent"], [], gw, errs)
        if g["code"] in groups:
            errs.append(f"{gw}: duplicate group code {g['code']}")
        if g["max"] is not None and not is_int(g["max"]):
            errs.append(f"{gw}.max: not an integer or null")
        if g["parent"] is not None:
            if g["parent"] not in groups:
                errs.append(f"{gw}.parent: {g['parent']} not an earlier group")
            elif groups[g["parent"]]["part"] != g["part"]:
                errs.append(f"{gw}.parent: part differs")
        groups[g["code"]] = g
    for i, n in enumerate(s["notes"]):
        check_keys(n, ["kind", "text"], [], f"{w}.notes[{i}]", errs)
        if n["kind"] not in SET_NOTE_KINDS:
            errs.append(f"{w}.notes[{i}].kind: {n['kind']}")
    crits = {}
    for i, c in enumerate(s["criteria"]):
        cw = f"{w}.criteria[{i}]"
        check_keys(c, ["code", "part", "group", "parent", "name", "max", "mode", "options", "notes"],
                   ["cases"], cw, errs)
        code = c["code"]
        if code in crits:
            errs.append(f"{cw}.code: duplicate {code}")
        if code in groups:
            errs.append(f"{cw}.code: {code} is also a group")
        crits[code] = c
        if c["part"] not in part_max:
            errs.append(f"{cw}.part: {c['part']}")
        if c["group"] == code:
            pass  # a group printed with options directly is its own group
        elif c["group"] not in groups:
            errs.append(f"{cw}.group: {c['group']} not in groups")
        elif groups[c["group"]]["part"] != c["part"]:
            errs.append(f"{cw}.group: group {c['group']} is in another part")
        elif groups[c["group"]]["parent"] is not None:
            errs.append(f"{cw}.group: {c['group']} is not a top-level group")
        if c["parent"] is not None:
            pg = groups.get(c["parent"])
            if pg is None or pg["parent"] != c["group"]:
                errs.append(f"{cw}.parent: {c['parent']} not a sub-heading of group {c['group']}")
        mode = c["mode"]
        if mode not in ("single", "case", "additive"):
            errs.append(f"{cw}.mode: {mode}")
            continue
        if not c["options"]:
            errs.append(f"{cw}.options: empty")
            continue
        if mode == "case":
            if not c.get("cases") or len(set(c["cases"])) != len(c["cases"]):
                errs.append(f"{cw}.cases: missing, empty or duplicated")
        elif "cases" in c:
            errs.append(f"{cw}.cases: only in case mode")
        for j, o in enumerate(c["options"]):
            ow = f"{cw}.options[{j}]"
            check_keys(o, ["label", "points"], ["min_star", "case"], ow, errs)
            if not is_int(o["points"]) or o["points"] < 0:
                errs.append(f"{ow}.points: {o['points']}")
            mk = STAR_MARK.search(o["label"])
            ms = o.get("min_star")
            if (len(mk.group(1)) if mk else None) != ms:
                errs.append(f"{ow}.min_star: {ms} does not match the label's marker")
            if mode == "case":
                if o.get("case") not in (c.get("cases") or []):
                    errs.append(f"{ow}.case: {o.get('case')} not in cases")
            elif "case" in o:
                errs.append(f"{ow}.case: only in case mode")
        try:
            if derived_max(mode, c["options"]) != c["max"]:
                errs.append(f"{cw}.max: {c['max']} != option-derived "
                            f"{derived_max(mode, c['options'])}")
        except TypeError:
            pass
        for j, n in enumerate(c["notes"]):
            nw = f"{cw}.notes[{j}]"
            check_keys(n, ["kind", "text"], ["trigger"], nw, errs)
            if n["kind"] not in NOTE_KINDS:
                errs.append(f"{nw}.kind: {n['kind']}")
            if "trigger" in n:
                if n["kind"] not in ("elimination", "stop_rule"):
                    errs.append(f"{nw}.trigger: only on elimination/stop_rule")
                check_keys(n["trigger"], ["zero_points_in"], [], f"{nw}.trigger", errs)
    for i, c in enumerate(s["criteria"]):
        for j, n in enumerate(c["notes"]):
            for code in n.get("trigger", {}).get("zero_points_in", []):
                if code not in crits:
                    errs.append(f"{w}.criteria[{i}].notes[{j}].trigger: unknown {code}")
    part_sum_errata = {}
    for i, e in enumerate(s["errata"]):
        ew = f"{w}.errata[{i}]"
        check_keys(e, ERRATUM_KEYS, [], ew, errs)
        if e["field"] not in ERRATUM_FIELDS:
            errs.append(f"{ew}.field: {e['field']}")
        if not isinstance(e["printed"], str) or not isinstance(e["used"], str) \
                or not isinstance(e["reason"], str) or not e["reason"]:
            errs.append(f"{ew}: printed/used/reason must be strings")
        if e["part"] is not None and e["part"] not in part_max:
            errs.append(f"{ew}.part: {e['part']}")
        c = None
        if e["criterion"] is not None:
            c = crits.get(e["criterion"])
            if c is None:
                errs.append(f"{ew}.criterion: {e['criterion']} not a criterion")
            elif e["part"] != c["part"]:
                errs.append(f"{ew}.part: {e['part']} != criterion's part {c['part']}")
        if e["option"] is not None:
            if c is None or not is_int(e["option"]) or not 1 <= e["option"] <= len(c["options"]):
                errs.append(f"{ew}.option: {e['option']} out of range")
        if e["field"] == "points":
            if c is None or e["option"] is None or \
                    str(c["options"][e["option"] - 1]["points"]) != e["used"]:
                errs.append(f"{ew}: points erratum disagrees with the data")
        if e["field"] == "max":
            if c is None or str(c["max"]) != e["used"]:
                errs.append(f"{ew}: max erratum disagrees with the data")
        if e["field"] == "mode" and (c is None or c["mode"] != e["used"]):
            errs.append(f"{ew}: mode erratum disagrees with the data")
        if e["field"] == "code" and (c is None or e["used"] != c["code"]):
            errs.append(f"{ew}: code erratum disagrees with the data")
        if e["field"] == "label" and e["used"] != e["printed"]:
            errs.append(f"{ew}: label errata keep the printed text (used == printed)")
        if e["field"] == "part_sum":
            if e["criterion"] is not None or e["option"] is not None or e["part"] is None:
                errs.append(f"{ew}: part_sum errata are sheet-level and name a part")
            else:
                part_sum_errata[e["part"]] = e
    for p, mx in part_max.items():
        total = sum(c["max"] for c in s["criteria"] if c["part"] == p)
        e = part_sum_errata.pop(p, None)
        if total != mx:
            if e is None or e["printed"] != str(mx) or e["used"] != str(total):
                errs.append(f"{w}: part {p} sums to {total}, not {mx}, without a matching "
                            f"part_sum erratum")
        elif e is not None:
            errs.append(f"{w}: part_sum erratum for part {p}, which sums to its maximum")
    # Every criterion whose printed header differs from its options has a max erratum: checked
    # against the reference in check_against_reference().


def check_against_reference(d, written):
    """Facts that must survive conversion: nothing invented, nothing lost."""
    errs = []
    for ps in d["product_sets"]:
        s = written[(ED_1048, ps["appendix_iii_no"])]
        w = f"1048 set {s['number']}"
        if len(s["criteria"]) != len(ps["criteria"]):
            errs.append(f"{w}: criteria count")
        for c, rc in zip(s["criteria"], ps["criteria"]):
            if [o["points"] for o in c["options"]] != [o["points"] for o in rc["options"]]:
                errs.append(f"{w} {c['code']}: points differ from the reference")
            if [o["label"] for o in c["options"]] != [nfc(o["label_vi"]) for o in rc["options"]]:
                errs.append(f"{w} {c['code']}: labels differ from the reference")
            maxe = [e for e in s["errata"] if e["field"] == "max" and e["criterion"] == c["code"]]
            if (rc["stated_max"] != c["max"]) != bool(maxe):
                errs.append(f"{w} {c['code']}: header/option mismatch without max erratum")
            for sd in rc.get("source_defects") or []:
                if not any(e["field"] == "label" and e["criterion"] == c["code"]
                           and sd["fragment"] in e["printed"] for e in s["errata"]):
                    errs.append(f"{w} {c['code']}: source defect {sd['fragment']} not recorded")
        for g in ps["criterion_groups"]:
            for sd in g["source_defects"] or []:
                if not any(e["field"] == "label" and sd["fragment"] in e["printed"]
                           for e in s["errata"]):
                    errs.append(f"{w} group {g['code']}: source defect not recorded")
        by_opt = ps["sums"]["by_option_maxima"]
        for p in "ABC":
            if sum(c["max"] for c in s["criteria"] if c["part"] == p) != by_opt[p]:
                errs.append(f"{w}: part {p} sum differs from the reference's option sums")
        if (ps["status"] == "inconsistent") != any(e["field"] == "part_sum" for e in s["errata"]):
            errs.append(f"{w}: status {ps['status']} but part_sum errata disagree")
        # Every listed defect fragment anywhere in the output is recorded.
        for p, txt in walk_strings({k: s[k] for k in ("heading", "parts", "groups", "criteria")}):
            for frag, _, _ in DEFECTS:
                if frag in txt and not any(e["field"] == "label" and e["printed"] == txt
                                           for e in s["errata"]):
                    errs.append(f"{w}{p[1:]}: defect {frag} not recorded")
    cand = d["product_sets"][25]["post_781_candidate_sheet"]
    s = written[(ED_781, 26)]
    for c, rc in zip(s["criteria"], cand["criteria"]):
        if [o["points"] for o in c["options"]] != [o["points"] for o in rc["options"]]:
            errs.append(f"781 set 26 {c['code']}: points differ from the reference")
    if len(s["criteria"]) != len(cand["criteria"]):
        errs.append("781 set 26: criteria count")
    return errs


def run_checks(d):
    errs = []
    written = {}
    for dirname, edition_id, expect in ((OUT_1048, ED_1048, set(range(1, 27))),
                                        (OUT_781, ED_781, {26})):
        ed = load(os.path.join(dirname, "edition.json"))
        check_edition(ed, dirname, errs)
        if ed["id"] != edition_id:
            errs.append(f"{dirname}/edition.json: id {ed['id']}")
        files = sorted(f for f in os.listdir(dirname) if f != "edition.json")
        numbers = set()
        for f in files:
            if not re.match(r"^set-\d\d\.json$", f):
                errs.append(f"{dirname}/{f}: unexpected file")
                continue
            s = load(os.path.join(dirname, f))
            check_set(s, os.path.join(dirname, f), edition_id, errs)
            numbers.add(s["number"])
            written[(edition_id, s["number"])] = s
        if numbers != expect:
            errs.append(f"{dirname}: sets {sorted(numbers)} != {sorted(expect)}")
        if ed["inherits"] is None and numbers != set(range(1, ed["sets"] + 1)):
            errs.append(f"{dirname}: does not inherit but lacks sets")
    errs += check_against_reference(d, written)
    return errs, written


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.write("\n")


def summary(written):
    from collections import Counter
    counts = Counter()
    for (ed, _), s in sorted(written.items()):
        for e in s["errata"]:
            counts[(ed, e["field"])] += 1
    return ", ".join(f"{ed} {field}: {n}" for (ed, field), n in sorted(counts.items()))


def main():
    with open(SRC, encoding="utf-8") as f:
        d = json.load(f)
    sets = d["product_sets"]
    if [ps["appendix_iii_no"] for ps in sets] != list(range(1, 27)):
        raise Fail("product sets are not numbered 1..26 in Phụ lục III order")
    tourism = [ps for ps in sets if ps.get("post_781_candidate_sheet")]
    if len(tourism) != 1:
        raise Fail("expected exactly one set with a post-781 candidate sheet")
    os.makedirs(OUT_1048, exist_ok=True)
    os.makedirs(OUT_781, exist_ok=True)
    write_json(os.path.join(OUT_1048, "edition.json"), edition_1048(d))
    for ps in sets:
        out = convert_set(ps)
        write_json(os.path.join(OUT_1048, f"set-{out['number']:02d}.json"), out)
    write_json(os.path.join(OUT_781, "edition.json"), edition_781(d))
    cand = convert_candidate(tourism[0])
    write_json(os.path.join(OUT_781, f"set-{cand['number']:02d}.json"), cand)

    errs, written = run_checks(d)
    if errs:
        for e in errs:
            print("CHECK FAILED:", e, file=sys.stderr)
        sys.exit(f"{len(errs)} check(s) failed")
    print(f"wrote 26 sets to {OUT_1048} and set {cand['number']:02d} to {OUT_781}; checks pass")
    print("errata:", summary(written))


if __name__ == "__main__":
    try:
        main()
    except Fail as e:
        sys.exit(f"import_1048: {e}")
