#!/usr/bin/env python3
"""Transcribe QĐ 26/2026/QĐ-TTg Phụ lục II from the shared reference into ocop-core/data/26-2026.

Run from the repository root with the shared reference beside the checkout:

    python3 tools/import_2026.py [../shared/reference/ocop-2026/criteria.json]

The output files are committed; this script documents how they were made and which printed
errors were corrected (every correction becomes an `errata` record in the set's file).
Vietnamese text is copied verbatim (NFC-normalised only).
"""
import json
import os
import sys
import unicodedata

SRC = sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/ocop-2026/criteria.json"
# The heading fields of each sheet (Tên sản phẩm, Mã số sản phẩm, …) are not in criteria.json;
# they are read from the full text beside it.
FULLTEXT = os.path.join(os.path.dirname(SRC), "decision_26-2026_fulltext.txt")
OUT = "ocop-core/data/26-2026"
EDITION = "26/2026"


def nfc(s):
    return unicodedata.normalize("NFC", s) if isinstance(s, str) else s


# Printed label → stable key (FORMAT.md, heading_fields).
HEADING_KEYS = {
    "Tên sản phẩm": "product_name",
    "Mã số sản phẩm": "product_code",
    "Tên chủ thể sản xuất": "owner",
    "Số điện thoại": "phone",
    "Địa chỉ": "address",
}
FILL = "….· "


def heading_fields(path):
    """The heading fields of the 26 sheets of Phụ lục II, in order, from the full text.

    Each sheet opens with lines `Tên sản phẩm: ……`, `Mã số sản phẩm.(T).-.(X).-.(STT).-20……`,
    a legend line `T: Mã tỉnh- X: Mã xã- …` (not a field), `Tên chủ thể sản xuất: ……`,
    `Số điện thoại: ……`, `Địa chỉ: ……`, then the rejection note or the table. Labels are kept
    as printed; the dotted fill after a label or pattern is not part of it.
    """
    lines = [nfc(x.rstrip("\n")) for x in open(path, encoding="utf-8")]
    sheets = []
    for i, line in enumerate(lines):
        if not line.startswith("Tên sản phẩm:"):
            continue  # "2. Tên sản phẩm:" of Phụ lục III's Mẫu 01 is not a sheet heading
        fields = []
        for x in lines[i:]:
            if x.startswith(("Hồ sơ bị loại khi", "Bị loại khi", "<<TABLE>>")):
                break
            if x.startswith("T: Mã tỉnh"):
                continue  # the code's legend
            label = next((k for k in HEADING_KEYS if x.startswith(k)), None)
            if label is None:
                raise SystemExit(f"full text line {i + 1}: unexpected heading line {x!r}")
            rest = x[len(label):]
            pattern = None
            if rest.startswith(":"):
                if rest[1:].strip(FILL):
                    raise SystemExit(f"full text line {i + 1}: text after {label!r}: {rest!r}")
            elif rest.startswith("."):
                pattern = rest[1:].rstrip(FILL)
            else:
                raise SystemExit(f"full text line {i + 1}: {x!r}")
            fields.append({"key": HEADING_KEYS[label], "label": label, "pattern": pattern})
        sheets.append(fields)
    if len(sheets) != 26:
        raise SystemExit(f"{path}: {len(sheets)} sheet headings, expected 26")
    return sheets


def strip_prefix(name):
    for p in ("Bộ sản phẩm: ", "Bộ sản phẩm "):
        if name.startswith(p):
            return name[len(p):]
    return name


def convert_set(ps, heading):
    number = int(ps["code"])
    errata = []
    parts = []
    for p in ps["parts"]:
        parts.append({"code": p["code"], "title": nfc(p["title_vi"]), "max": p["max"]})
        # Set 26 heads Part A "(35 Điểm)" while its points column and criteria give 40.
        if f"({p['max']} Điểm)" not in p["title_vi"]:
            printed = p["title_vi"].split("(")[-1].split(" ")[0]
            errata.append({
                "criterion": None, "option": None, "field": "part_max", "part": p["code"],
                "printed": printed, "used": str(p["max"]),
                "reason": "Tiêu đề phần in "
                f"\"({printed} Điểm)\" nhưng cột điểm ghi {p['max']} và tổng các tiêu chí là {p['max']}"
                " (Điều 3 khoản 1: A 40 điểm).",
            })

    structure = ps["structure"]
    scorable = {s["code"] for s in structure if s["is_scorable"]}
    groups = []
    for s in structure:
        if s["is_scorable"]:
            continue
        groups.append({
            "code": s["code"], "part": s["part"], "name": nfc(s["name_vi"]),
            "max": s["stated_points"], "parent": s["parent"],
        })
    stated = {s["code"]: s["stated_points"] for s in structure}

    criteria = []
    for c in ps["criteria"]:
        code = c["code"]
        options = []
        mode = "single"
        cases = []
        extra_notes = []
        if c.get("no_options_listed"):
            # The bilingual-label criterion prints its point but no options.
            options = [
                {"label": "Không", "points": 0},
                {"label": "Có", "points": c["stated_points"]},
            ]
            errata.append({
                "criterion": code, "option": None, "field": "options", "part": c["part"],
                "printed": "", "used": f"Không = 0; Có = {c['stated_points']}",
                "reason": "Tiêu chí in điểm tối đa nhưng không in các mức đánh giá; đạt = điểm "
                "tối đa, không đạt = 0 điểm, để phần cộng đủ điểm tối đa in trên phiếu.",
            })
        for i, o in enumerate(c["options"], start=1):
            pts = o["points"]
            if o.get("points_blank_in_source"):
                pts = o["points_inferred"]
                errata.append({
                    "criterion": code, "option": i, "field": "points", "part": c["part"],
                    "printed": "", "used": str(pts),
                    "reason": "Ô điểm để trống trong văn bản; cùng lựa chọn này là 0 điểm ở các bộ "
                    "sản phẩm khác.",
                })
            elif o.get("suspected_typo"):
                fixed = {13: 3, 11: 1}[pts]
                errata.append({
                    "criterion": code, "option": i, "field": "points", "part": c["part"],
                    "printed": str(pts), "used": str(fixed),
                    "reason": f"Lỗi in: điểm tối đa của tiêu chí là {c['stated_points']} và lựa "
                    f"chọn giống hệt ở các bộ sản phẩm khác là {fixed} điểm.",
                })
                pts = fixed
            label = nfc(o["label_vi"])
            min_star = o.get("min_star")
            if label.endswith(" * * * *") and min_star is None:
                # Set 03, 5.1: the marker is printed with spaces; the same option is **** in
                # every other set.
                min_star = 4
                errata.append({
                    "criterion": code, "option": i, "field": "min_star", "part": c["part"],
                    "printed": "* * * *", "used": "4",
                    "reason": "Dấu sao in cách nhau (\"* * * *\"); đọc là **** (4 sao) như lựa "
                    "chọn giống hệt ở các bộ sản phẩm khác.",
                })
            if "***** Ghi chú: " in label:
                # Sets 21-22, 6.2: the option cell also holds the criterion's elimination note,
                # after a paragraph break.
                head, note = label.split(" Ghi chú: ", 1)
                errata.append({
                    "criterion": code, "option": i, "field": "label", "part": c["part"],
                    "printed": label, "used": head,
                    "reason": "Ô lựa chọn in kèm ghi chú loại (sau dấu xuống dòng); ghi chú \"Ghi "
                    "chú: " + note + "\" được tách thành ghi chú loại của tiêu chí.",
                })
                label = head
                extra_notes.append({"kind": "elimination", "text": "Ghi chú: " + note})
                min_star = 5
            opt = {"label": label, "points": pts}
            if min_star is not None:
                opt["min_star"] = min_star
            if "case_vi" in o:
                mode = "case"
                opt["case"] = nfc(o["case_vi"])
                if opt["case"] not in cases:
                    cases.append(opt["case"])
            options.append(opt)
        notes = []
        for n in c.get("notes", []):
            note = {"kind": n["kind"], "text": nfc(n["text_vi"])}
            if n["kind"] == "stop_rule" and "Nếu được 0 điểm tại một trong các chỉ tiêu trên" in n["text_vi"]:
                above = [x["code"] for x in ps["criteria"] if x["group_code"] == c["group_code"]]
                note["trigger"] = {"zero_points_in": above}
            notes.append(note)
        notes.extend(extra_notes)
        mx = max(o["points"] for o in options)
        if stated[code] != mx:
            raise SystemExit(f"set {number} {code}: stated {stated[code]} != options {mx}")
        crit = {
            "code": code, "part": c["part"], "group": c["group_code"],
            "parent": c["parent_code"], "name": nfc(c["name_vi"]), "max": mx, "mode": mode,
        }
        if cases:
            crit["cases"] = cases
            errata.append({
                "criterion": code, "option": None, "field": "mode", "part": c["part"],
                "printed": f"{len(options)} lựa chọn trong một cột điểm, dưới ghi chú "
                "\"Lựa chọn một trong hai trường hợp sau\"",
                "used": "case",
                "reason": "Chỉ một trường hợp áp dụng cho một sản phẩm; điểm tối đa in trên phiếu "
                f"({c['stated_points']}) là điểm tối đa của một trường hợp, không phải tổng các lựa "
                "chọn. Câu trả lời là số thứ tự lựa chọn trong cả danh sách; trường hợp suy ra từ "
                "lựa chọn.",
            })
        crit["options"] = options
        crit["notes"] = notes
        criteria.append(crit)
        assert code in scorable

    for a in ps["source_anomalies"]:
        if a.startswith("criterion 9: points cell has extra text"):
            errata.append({
                "criterion": "9", "option": None, "field": "max", "part": "C",
                "printed": "4 1", "used": "4",
                "reason": "Ô điểm của tiêu chí in hai số \"4\" và \"1\"; 4 khớp với lựa chọn cao "
                "nhất và tổng phần C = 35.",
            })

    notes = [{"kind": "dossier_rejection", "text": nfc(t)} for t in ps["dossier_rejection_vi"]]
    if ps.get("star_marker_note_vi"):
        notes.append({"kind": "star_marker", "text": nfc(ps["star_marker_note_vi"])})
    return {
        "format": 1,
        "edition": EDITION,
        "number": number,
        "name": nfc(strip_prefix(ps["name_vi"])),
        "heading": nfc(ps["heading_vi"]),
        "heading_fields": {
            "fields": heading,
            "source": f"QĐ 26/2026/QĐ-TTg, Phụ lục II, Bộ sản phẩm {number}, đầu phiếu",
        },
        "sector": nfc(ps["sector"]),
        "group": nfc(ps["group"]),
        "subgroup": nfc(ps["subgroup"]),
        "citation": f"QĐ 26/2026/QĐ-TTg, Phụ lục II, Bộ sản phẩm {number}",
        "confidence": None,
        "parts": parts,
        "groups": groups,
        "notes": notes,
        "criteria": criteria,
        "errata": errata,
    }


def main():
    d = json.load(open(SRC, encoding="utf-8"))
    headings = heading_fields(FULLTEXT)
    os.makedirs(OUT, exist_ok=True)
    for ps in d["product_sets"]:
        out = convert_set(ps, headings[int(ps["code"]) - 1])
        path = os.path.join(OUT, f"set-{out['number']:02d}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(out, f, ensure_ascii=False, indent=1)
            f.write("\n")
    print(f"wrote {len(d['product_sets'])} sets to {OUT}")


if __name__ == "__main__":
    main()
