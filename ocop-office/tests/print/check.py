"""Checks the printed outputs of `ocop` with independent readers (pdftotext, openpyxl) against
the criteria data files and the council oracle (tests/oracle/council.py).

    python3 check.py forms OCOP OUTDIR [--all]   every criterion name and option label of the
                                                 sheets is in pdftotext's text (NFC)
    python3 check.py minutes OCOP OUTDIR         figures of the minutes (PDF and XLSX) equal the
                                                 oracle's for random councils
Pictures of first pages go to OUTDIR (pdftoppm).
"""
import json
import os
import random
import re
import subprocess
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "oracle"))
import council  # noqa: E402
import oracle  # noqa: E402

EDITIONS = ["1048/2019", "1048+781/2020", "148/2023", "148+1489/2025", "26/2026"]


def norm(s):
    return " ".join(unicodedata.normalize("NFC", s).split())


def pdftext(path):
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", path, "-"], check=True,
                         capture_output=True).stdout.decode("utf-8")
    return norm(out)


def picture(pdf, png_stem, dpi=60):
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", "1", "-l", "1", "-singlefile",
                    pdf, png_stem], check=True)


def run(cmd):
    r = subprocess.run(cmd, capture_output=True)
    if r.returncode != 0:
        sys.exit(f"FAILED {' '.join(cmd)}: {r.stdout.decode()} {r.stderr.decode()}")


def forms(ocop, out, everything):
    failures = 0
    checked = 0
    rnd = random.Random(13)
    for ed in EDITIONS:
        sheets = oracle.load(ed).sheets
        numbers = sorted(sheets)
        if everything or ed == "26/2026":
            pick = numbers
        else:  # a sample: the first, the last and two more
            pick = sorted({numbers[0], numbers[-1], *rnd.sample(numbers, min(2, len(numbers)))})
        for n in pick:
            sh = sheets[n]
            pdf = os.path.join(out, f"form-{ed.replace('/', '-').replace('+', '_')}-{n:02d}.pdf")
            run([ocop, "form", "--edition", ed, "--set", str(n), "--format", "pdf",
                 "--member", "Nguyễn Thị Hằng", "--product", "Sản phẩm thử", "-o", pdf])
            text = pdftext(pdf)
            wanted = [sh["heading"], "Người đánh giá (ký, ghi rõ họ tên)"]
            for c in sh["criteria"]:
                wanted.append(c["name"])
                wanted += [o["label"] for o in c["options"]]
            hf = sh.get("heading_fields")
            if hf:  # the law's own heading labels, and their source named
                wanted += [f["label"] for f in hf["fields"]] + [hf["source"]]
            else:  # no source: plain labels, and the form says so
                wanted += ["Tên sản phẩm: Sản phẩm thử", "chưa có nguồn văn bản"]
            for g in sh.get("groups", []):
                wanted.append(g["name"])
            missing = [w for w in wanted if norm(w) not in text]
            if not re.search(r"Trang 1/\d+", text):
                missing.append("page number 'Trang 1/n'")
            checked += len(wanted)
            if missing:
                failures += 1
                print(f"{ed} set {n}: {len(missing)} texts missing from the PDF, e.g. {missing[:3]}")
            if n == pick[0]:
                picture(pdf, os.path.join(out, f"form-{ed.replace('/', '-').replace('+', '_')}"))
    print(f"forms: {checked} texts checked in PDF forms, {failures} sheets with missing text")
    return failures == 0


def random_answers(rnd, sh):
    a = {}
    for c in sh["criteria"]:
        n = len(c["options"])
        if c["mode"] == "additive":
            a[c["code"]] = sorted(rnd.sample(range(1, n + 1), rnd.randint(0, n)))
        elif c["mode"] == "case":
            cases = sorted({str(o.get("case")) for o in c["options"]})
            case = rnd.choice(cases)
            a[c["code"]] = rnd.choice([i + 1 for i, o in enumerate(c["options"])
                                       if str(o.get("case")) == case])
        else:
            a[c["code"]] = rnd.randint(max(1, n - 2), n) if rnd.random() < 0.85 else rnd.randint(1, n)
    return a


def councils(seed):
    rnd = random.Random(seed)
    out = []
    for ed in EDITIONS:
        levels = council.LEVELS[ed]
        sheets = oracle.load(ed).sheets
        for _ in range(2):
            n = rnd.choice(sorted(sheets))
            k = rnd.randint(3, 9)
            out.append({
                "product": f"Sản phẩm số {len(out) + 1}", "product_code": f"SP-{len(out) + 1:03d}",
                "owner": "Hợp tác xã Đồng Tâm", "edition": ed, "product_set": str(n),
                "level": rnd.choice(levels),
                "members": [{"member": f"Thành viên {chr(65 + i)}",
                             "answers": random_answers(rnd, sheets[n])} for i in range(k)]})
    return out


def vi_decimal(s):
    return s.replace(".", ",")


def minutes(ocop, out):
    import openpyxl
    ok = True
    reqs = councils(2026)
    src = os.path.join(out, "minutes-input.json")
    with open(src, "w", encoding="utf-8") as f:
        json.dump(reqs, f, ensure_ascii=False)
    pdf = os.path.join(out, "minutes.pdf")
    xlsx = os.path.join(out, "minutes.xlsx")
    run([ocop, "minutes", src, "--format", "pdf", "-o", pdf])
    run([ocop, "minutes", src, "--format", "xlsx", "-o", xlsx])
    picture(pdf, os.path.join(out, "minutes"))
    expected = []
    for r in reqs:
        body = {k: v for k, v in r.items() if k not in ("product", "product_code", "owner")}
        expected.append(council.score_council(body))
    text = pdftext(pdf)
    # Split the text at each product's title to check its figures in its own part.
    starts = [text.find(f"{i + 1}. {r['product']} (mã số {r['product_code']})")
              for i, r in enumerate(reqs)]
    if any(s < 0 for s in starts) or starts != sorted(starts):
        print("minutes PDF: product titles missing or out of order", starts)
        return False
    for i, (r, e) in enumerate(zip(reqs, expected)):
        part = text[starts[i]:starts[i + 1] if i + 1 < len(starts) else len(text)]
        avg = e["average"]
        avg_text = vi_decimal(avg["decimal"])
        if not avg["exact"]:
            avg_text += f"… (= {avg['numerator']}/{avg['denominator']})"
        elif avg["denominator"] != 1:
            avg_text += f" (= {avg['numerator']}/{avg['denominator']})"
        want = [f"Điểm trung bình: {avg_text}", f"Chênh lệch điểm: {e['spread']} điểm",
                f"Hạng theo điểm trung bình: {e['band']} sao"]
        want.append(f"Hạng sao của Hội đồng: {e['stars']} sao" if e["stars"] is not None
                    else "Hạng sao của Hội đồng: không xếp hạng")
        if e["rescore_required"]:
            want.append("chấm điểm lại")
        for k, m in enumerate(e["members"]):
            want.append(f"{k + 1} {m['member']} {m['total']}")
        for cap in e["capped_by"]:
            want.append(f"Tiêu chí {cap['criterion']}")
        if e["eliminated"]:
            want.append(f"tiêu chí {e['eliminated']['criterion']}")
        want.append(e["action"]["citation"])
        missing = [w for w in want if norm(w) not in part]
        if missing:
            ok = False
            print(f"minutes PDF, product {i + 1}: missing {missing}")
    for sig in ("THƯ KÝ HỘI ĐỒNG", "CHỦ TỊCH HỘI ĐỒNG"):
        if sig not in text:
            ok = False
            print("minutes PDF: no signature block", sig)
    wb = openpyxl.load_workbook(xlsx)
    ws = wb["Tổng hợp"]
    for i, e in enumerate(expected):
        row = [c.value for c in ws[i + 4]]
        avg = e["average"]
        got = {"members": row[6], "average": row[7], "fraction": row[8], "spread": row[9],
               "rescore": row[10], "band": row[11], "stars": row[12]}
        want = {"members": len(e["members"]), "average": avg["numerator"] / avg["denominator"],
                "fraction": f"{avg['numerator']}/{avg['denominator']}", "spread": e["spread"],
                "rescore": "có" if e["rescore_required"] else "không", "band": e["band"],
                "stars": e["stars"]}
        if abs(got["average"] - want["average"]) < 1e-9:
            got["average"] = want["average"]
        if got != want:
            ok = False
            print(f"minutes XLSX, product {i + 1}: {got} != {want}")
    ms = wb["Thành viên"]
    rows = [[c.value for c in r] for r in ms.iter_rows(min_row=2)]
    want_rows = [[i + 1, reqs[i]["product"], m["member"], m["total"]]
                 for i, e in enumerate(expected) for m in e["members"]]
    if [r[:4] for r in rows] != want_rows:
        ok = False
        print("minutes XLSX: members' totals differ from the oracle's")
    print(f"minutes: {len(reqs)} products over {len(EDITIONS)} editions checked "
          f"(PDF via pdftotext, XLSX via openpyxl): {'ok' if ok else 'FAILED'}")
    return ok


def main():
    what, ocop, out = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(out, exist_ok=True)
    if what == "forms":
        ok = forms(ocop, out, "--all" in sys.argv)
    else:
        ok = minutes(ocop, out)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
