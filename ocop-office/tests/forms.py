"""Forms filled by another program (openpyxl), read back by `ocop import`.

For every edition and every product set: `ocop form` writes a blank form; openpyxl fills it
with random answers through the workbook's defined names only (`ocop_<code>` answer cells,
`ocop_<code>__<n>` tick cells), answering with the option number or with a text of the cell's
drop-down list (found through the cell's data validation, not through the layout); `ocop import
--score` must equal `ocop score` of the same answers sent as JSON. The same for councils of 3-9
members (one file per member, and one workbook with a sheet per member through its
sheet-scoped names), and through CSV. Then bad files, each with its typed error and no panic.

With --libreoffice: LibreOffice Calc (headless) recalculates a filled form fully and
`ocop_total` must show the total ocop computes; it saves the form as xlsx and ods and the
import must read both; it prints the XLSX to PDF, made into PNG pictures in target/artifacts.

Usage: python forms.py OCOP_BINARY WORKDIR [--libreoffice | --only-libreoffice]
"""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl

OCOP = sys.argv[1]
WORK = Path(sys.argv[2])
LIBREOFFICE = "--libreoffice" in sys.argv or "--only-libreoffice" in sys.argv
WORK.mkdir(parents=True, exist_ok=True)
rng = random.Random(int(os.environ.get("OCOP_FORMS_SEED", "2026")))
checked = {"forms": 0, "councils": 0, "csv": 0, "bad": 0, "libreoffice": 0}


def ocop(*args: str, ok: bool = True) -> str:
    p = subprocess.run([OCOP, *args], capture_output=True, text=True)
    if "panicked" in p.stderr or p.returncode not in (0, 1):
        raise SystemExit(f"ocop {' '.join(args)}: exit {p.returncode}\n{p.stderr}")
    if ok and p.returncode != 0:
        raise SystemExit(f"ocop {' '.join(args)} failed:\n{p.stdout}{p.stderr}")
    return p.stdout


def sheet_of(edition: str, number: int) -> dict:
    return json.loads(ocop("sheet", "--edition", edition, "--set", str(number)))


def random_answers(sheet: dict) -> dict:
    out = {}
    for c in sheet["criteria"]:
        n = len(c["options"])
        if c["mode"] == "additive":
            out[c["code"]] = sorted(k for k in range(1, n + 1) if rng.random() < 0.5)
        else:
            out[c["code"]] = rng.randint(1, n)
    return out


def name_of(code: str) -> str:
    return "ocop_" + "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in code)


def destination(wb, ws, name: str):
    """The cell a defined name points at: the sheet's own name first, else the workbook's."""
    dn = ws.defined_names.get(name) if ws is not None else None
    if dn is None:
        dn = wb.defined_names.get(name)
    if dn is None:
        raise SystemExit(f"no defined name {name}")
    ((title, ref),) = list(dn.destinations)
    return wb[title][ref.replace("$", "")]


def dropdown_texts(ws, cell) -> list[str]:
    for dv in ws.data_validations.dataValidation:
        if cell.coordinate in dv.sqref and dv.type == "list":
            first, last = dv.formula1.replace("$", "").lstrip("=").split(":")
            return [c.value for row in ws[first:last] for c in row]
    raise SystemExit(f"no drop-down on {cell.coordinate}")


def fill(wb, ws, sheet: dict, answers: dict) -> None:
    for c in sheet["criteria"]:
        a = answers[c["code"]]
        if c["mode"] == "additive":
            for k in range(1, len(c["options"]) + 1):
                cell = destination(wb, ws, f"{name_of(c['code'])}__{k}")
                cell.value = rng.choice(["x", "X", "✓", True, 1]) if k in a else None
        else:
            cell = destination(wb, ws, name_of(c["code"]))
            how = rng.random()
            if how < 0.4:
                cell.value = a
            elif how < 0.5:
                cell.value = str(a)
            else:
                cell.value = dropdown_texts(cell.parent, cell)[a - 1]


def score(request: dict) -> dict:
    path = WORK / "request.json"
    path.write_text(json.dumps(request, ensure_ascii=False))
    return json.loads(ocop("score", str(path)))


def imported(*files: str, extra: tuple[str, ...] = ()) -> dict:
    return json.loads(ocop("import", *files, "--score", *extra))


def editions() -> list[tuple[str, list[int]]]:
    out = []
    for e in json.loads(ocop("editions")):
        sets = json.loads(ocop("sets", "--edition", e["id"]))
        numbers = [s["number"] for s in sets]
        out.append((e["id"], numbers))
    return out


def csv_file(path: Path, edition: str, number: int, sheet: dict, members: list) -> None:
    codes = [c["code"] for c in sheet["criteria"]]
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["member", "edition", "product_set", *codes])
        for name, answers in members:
            row = []
            for c in sheet["criteria"]:
                a = answers[c["code"]]
                row.append("+".join(map(str, a)) if isinstance(a, list) else str(a))
            w.writerow([name, edition, str(number), *row])


def round_trips() -> None:
    for edition, numbers in editions():
        for number in numbers:
            out = json.loads(ocop("sheet", "--edition", edition, "--set", str(number), ok=False))
            if out.get("status") == "failure":
                assert out["errors"][0]["code"] == "data_unavailable", out
                continue
            sheet = out
            tag = f"{edition.replace('/', '-')}-{number:02d}"
            # One member.
            form = WORK / f"form-{tag}.xlsx"
            ocop("form", "--edition", edition, "--set", str(number), "--member", "Nguyễn Văn An",
                 "--format", "xlsx", "-o", str(form))
            answers = random_answers(sheet)
            wb = openpyxl.load_workbook(form)
            fill(wb, None, sheet, answers)
            filled = WORK / f"filled-{tag}.xlsx"
            wb.save(filled)
            want = score({"edition": edition, "product_set": str(number), "answers": answers})
            got = imported(str(filled))
            assert got == want, f"{tag}: import {got.get('total')} != score {want.get('total')}"
            checked["forms"] += 1
            # CSV of the same member.
            one = WORK / f"one-{tag}.csv"
            csv_file(one, edition, number, sheet, [("Nguyễn Văn An", answers)])
            assert imported(str(one)) == want, f"{tag}: csv"
            checked["csv"] += 1
            # A council of 3-9 members, one file each: the first and last set of every edition
            # and every sheet with additive criteria.
            if number in (numbers[0], numbers[-1]) or any(
                c["mode"] == "additive" for c in sheet["criteria"]
            ):
                council(edition, number, sheet, tag)


def council(edition: str, number: int, sheet: dict, tag: str) -> None:
    k = rng.randint(3, 9)
    members = [(f"Thành viên {i}", random_answers(sheet)) for i in range(1, k + 1)]
    files = []
    for i, (name, answers) in enumerate(members):
        form = WORK / f"council-{tag}-{i}.xlsx"
        ocop("form", "--edition", edition, "--set", str(number), "--member", name,
             "--format", "xlsx", "-o", str(form))
        wb = openpyxl.load_workbook(form)
        fill(wb, None, sheet, answers)
        wb.save(form)
        files.append(str(form))
    level = rng.choice(["district", "province", "central"]) if edition in ("1048/2019", "148/2023") \
        else rng.choice(["province", "central"])
    request = {
        "edition": edition, "product_set": str(number), "level": level,
        "members": [{"member": n, "answers": a} for n, a in members],
    }
    want = score(request)
    assert imported(*files, extra=("--level", level)) == want, f"{tag}: council of {k} files"
    # One workbook, one sheet per member, filled through the sheet-scoped names.
    book = WORK / f"council-{tag}.xlsx"
    args = ["form", "--edition", edition, "--set", str(number), "--level", level]
    for n, _ in members:
        args += ["--member", n]
    ocop(*args, "--format", "xlsx", "-o", str(book))
    wb = openpyxl.load_workbook(book)
    for ws, (_, answers) in zip([w for w in wb.worksheets if w.title != "ocop"], members):
        fill(wb, ws, sheet, answers)
    wb.save(book)
    assert imported(str(book)) == want, f"{tag}: council workbook of {k}"
    # CSV.
    path = WORK / f"council-{tag}.csv"
    csv_file(path, edition, number, sheet, members)
    assert imported(str(path), extra=("--level", level)) == want, f"{tag}: council csv"
    checked["councils"] += 1


def error_of(*files: str) -> dict:
    out = json.loads(ocop("import", *files, ok=False))
    assert out["status"] == "failure", out
    return out["errors"][0]


def bad_files() -> None:
    edition, number = "26/2026", 1
    sheet = sheet_of(edition, number)
    form = WORK / "bad-base.xlsx"
    ocop("form", "--edition", edition, "--set", str(number), "--format", "xlsx", "-o", str(form))
    answers = random_answers(sheet)
    wb = openpyxl.load_workbook(form)
    fill(wb, None, sheet, answers)
    wb.save(form)
    data = form.read_bytes()

    def expect(code: str, path: Path, *more: str) -> dict:
        e = error_of(str(path), *more)
        assert e["code"] == code, (path.name, e)
        checked["bad"] += 1
        return e

    cut = WORK / "bad-truncated.xlsx"
    cut.write_bytes(data[: len(data) // 2])
    expect("invalid_file", cut)
    notx = WORK / "bad-not-xlsx.xlsx"
    with zipfile.ZipFile(notx, "w") as z:
        z.writestr("hello.txt", "xin chào")
    expect("invalid_file", notx)
    # A workbook of another set: its hidden sheet says set 2, the structure is set 1's.
    other = WORK / "bad-other-set.xlsx"
    wb = openpyxl.load_workbook(form)
    meta = wb["ocop"]
    for row in meta.iter_rows():
        if row[0].value == "product_set":
            row[1].value = "2"
    wb.save(other)
    expect("form_mismatch", other)
    # A form of set 2 imported with forms of set 1.
    two = WORK / "bad-set-2.xlsx"
    ocop("form", "--edition", edition, "--set", "2", "--format", "xlsx", "-o", str(two))
    e = error_of(str(form), str(two), "--level", "province")
    assert e["code"] == "form_mismatch" and e["source"]["file"] == str(two), e
    # A deleted row.
    deleted = WORK / "bad-deleted-row.xlsx"
    wb = openpyxl.load_workbook(form)
    ws = wb.worksheets[0]
    cell = destination(wb, None, name_of(sheet["criteria"][2]["code"]))
    ws.delete_rows(cell.row + 1)
    wb.save(deleted)
    e = expect("form_mismatch", deleted)
    assert e["source"]["sheet"] == ws.title and e["source"]["cell"], e
    # Two options in one cell.
    twice = WORK / "bad-two-options.xlsx"
    wb = openpyxl.load_workbook(form)
    code = sheet["criteria"][0]["code"]
    cell = destination(wb, None, name_of(code))
    cell.value = "1, 2"
    wb.save(twice)
    e = expect("multiple_answers", twice)
    assert e["path"] == f"/answers/{code}" and e["source"]["cell"] == cell.coordinate, e
    # Text in a number cell.
    text = WORK / "bad-text.xlsx"
    wb = openpyxl.load_workbook(form)
    cell = destination(wb, None, name_of(code))
    cell.value = "ba điểm"
    wb.save(text)
    e = expect("unreadable_cell", text)
    assert e["source"] == {"file": str(text), "sheet": cell.parent.title, "cell": cell.coordinate}, e
    # English messages.
    e_en = json.loads(ocop("import", str(text), "--lang", "en", ok=False))["errors"][0]
    assert e_en["code"] == "unreadable_cell" and "neither" in e_en["message"], e_en
    # A zip bomb: a small file that decompresses to far more than it could hold.
    bomb = WORK / "bad-bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            block = b"\0" * (1 << 20)
            for _ in range(256):
                f.write(block)
    assert bomb.stat().st_size < 2 << 20
    expect("input_too_large", bomb)


def libreoffice() -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is not installed"
    profile = WORK / "lo-profile"
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    # Always recalculate xlsx formulas on load (OOXMLRecalcMode 0), so that what Calc shows is
    # its own computation, not the cached results ocop wrote.
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        '<item oor:path="/org.openoffice.Office.Calc/Formula/Load">'
        '<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>\n'
        '<item oor:path="/org.openoffice.Office.Calc/Formula/Load">'
        '<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>\n'
        "</oor:items>\n"
    )
    artifacts = Path(os.environ.get("OCOP_ARTIFACTS", "target/artifacts"))
    artifacts.mkdir(parents=True, exist_ok=True)

    def convert(src: Path, fmt: str, outdir: Path) -> Path:
        outdir.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile.resolve()}", "--headless",
             "--norestore", "--convert-to", fmt, "--outdir", str(outdir), str(src)],
            check=True, capture_output=True, timeout=180,
        )
        out = outdir / (src.stem + "." + fmt.split(":")[0])
        assert out.exists(), f"LibreOffice wrote no {out}"
        return out

    cases = [("26/2026", 1), ("26/2026", 26), ("1048/2019", 26), ("148/2023", 26)]
    for edition, number in cases:
        sheet = sheet_of(edition, number)
        tag = f"lo-{edition.replace('/', '-')}-{number:02d}"
        answers = random_answers(sheet)
        request = {"edition": edition, "product_set": str(number), "answers": answers}
        (WORK / f"{tag}.json").write_text(json.dumps(request))
        want = score(request)
        # Filled by openpyxl (no cached values) and pre-filled by ocop (cached values).
        blank = WORK / f"{tag}-blank.xlsx"
        ocop("form", "--edition", edition, "--set", str(number), "--member", "Trần Thị Bình",
             "--product", "Mật ong hoa nhãn", "--owner", "HTX Thành Công",
             "--format", "xlsx", "-o", str(blank))
        wb = openpyxl.load_workbook(blank)
        fill(wb, None, sheet, answers)
        by_openpyxl = WORK / f"{tag}-openpyxl.xlsx"
        wb.save(by_openpyxl)
        by_ocop = WORK / f"{tag}-ocop.xlsx"
        ocop("form", "--edition", edition, "--set", str(number), "--member", "Trần Thị Bình",
             "--answers", str(WORK / f"{tag}.json"), "--format", "xlsx", "-o", str(by_ocop))
        for src in (by_openpyxl, by_ocop):
            resaved = convert(src, "xlsx:Calc MS Excel 2007 XML", WORK / "lo-xlsx")
            values = openpyxl.load_workbook(resaved, data_only=True)
            total = destination(values, None, "ocop_total").value
            band = destination(values, None, "ocop_band").value
            parts = [destination(values, None, f"ocop_{p}").value for p in "ABC"]
            assert total == want["total"], f"{src.name}: Calc shows {total}, ocop {want['total']}"
            assert band == want["band"], f"{src.name}: Calc band {band}, ocop {want['band']}"
            assert parts == [want["parts"][p]["points"] for p in "ABC"], (src.name, parts)
            assert imported(str(resaved)) == want, f"{src.name}: import of Calc's xlsx"
            ods = convert(src, "ods", WORK / "lo-ods")
            assert imported(str(ods)) == want, f"{src.name}: import of Calc's ods"
            checked["libreoffice"] += 1
        # The printed form.
        if edition == "26/2026" and number == 1 or edition == "1048/2019":
            pdf = convert(blank, "pdf", WORK / "lo-pdf")
            subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf),
                            str(artifacts / f"form-xlsx-{tag}")], check=True)


if "--only-libreoffice" not in sys.argv:
    round_trips()
    bad_files()
if LIBREOFFICE:
    libreoffice()
print("forms:", ", ".join(f"{k} {v}" for k, v in checked.items()))
