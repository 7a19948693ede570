#!/usr/bin/env python3
"""Writes the fuzz seed corpus (fuzz/seeds/<target>/) from the golden corpus.

Sources: tests/golden/**/*.json (every "request" or "request_text", routed by "op"), a few
criteria data files (ocop-core/data) for the data parser, and council and advise requests
derived from the single-sheet golden requests where the corpus has none of its own.
Deterministic: run it again after the golden corpus changes and commit the result.
"""
import hashlib
import json
import pathlib
import shutil

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fuzz" / "seeds"
TARGETS = [
    "score_json", "council", "advise", "jsonl", "data", "edition_for", "certificate", "py_values",
    "portfolio",
]


def compact(v):
    return json.dumps(v, ensure_ascii=False, separators=(",", ":")).encode()


def put(target, data):
    name = hashlib.sha1(data).hexdigest()[:16]
    (SEEDS / target / name).write_bytes(data)


def main():
    # Only the targets generated here: seeds/import (office files) is kept as committed.
    for t in TARGETS:
        if (SEEDS / t).exists():
            shutil.rmtree(SEEDS / t)
        (SEEDS / t).mkdir(parents=True)
    singles, councils, advises = [], [], []
    for f in sorted((ROOT / "tests" / "golden").rglob("*.json")):
        case = json.loads(f.read_text(encoding="utf-8"))
        op = case.get("op", "score")
        if "request_text" in case:
            data = case["request_text"].encode()
        elif "request" in case:
            data = compact(case["request"])
        else:
            continue
        if op == "score":
            put("score_json", data)
            req = case.get("request")
            if isinstance(req, dict) and "members" in req:
                councils.append(data)
            elif isinstance(req, dict):
                singles.append(req)
            else:
                councils.append(data)  # raw text: malformed input for every reader
        elif op == "advise":
            advises.append(data)
        else:
            put("score_json", data)
            if op in ("edition_for", "certificate"):
                put(op, data)
    for ex in sorted((ROOT / "examples").glob("advise-*.json")):
        advises.append(compact(json.loads(ex.read_text(encoding="utf-8"))))
    # Councils and advice derived from single sheets (3 members: as given, and shifted).
    for i, req in enumerate(singles[:12]):
        answers = req.get("answers", {})
        members = [{"member": "A", "answers": answers}]
        for name, delta in (("B", -1), ("C", 1)):
            shifted = {
                k: (max(1, v + delta) if isinstance(v, int) else v) for k, v in answers.items()
            }
            members.append({"member": name, "answers": shifted})
        council = {k: v for k, v in req.items() if k != "answers"}
        council["level"] = ["province", "central", "district"][i % 3]
        council["members"] = members
        councils.append(compact(council))
        advise = dict(req)
        advise["target"] = 1 + i % 5
        if i % 2:
            advise["frozen"] = list(answers)[:2]
            advise["max_changes"] = 3
        advises.append(compact(advise))
    for data in councils:
        put("council", data)
        put("score_json", data)
    for data in advises:
        put("advise", data)
    # JSONL: a few streams mixing good lines, bad lines and blank lines.
    lines = [compact(r) for r in singles]
    for k in range(0, len(lines), 5):
        chunk = lines[k : k + 5]
        put("jsonl", b"\n".join(chunk) + b"\n")
        put("jsonl", b"\n".join(chunk[:2] + [b"{\"edition\":", b""] + chunk[2:]))
    # Criteria data: small and typical files of several editions.
    data_dir = ROOT / "ocop-core" / "data"
    for rel in [
        "26-2026/edition.json",
        "148-2023/edition.json",
        "1048+781-2020/edition.json",
        "26-2026/set-01.json",
        "26-2026/set-26.json",
        "1048-2019/set-03.json",
    ]:
        p = data_dir / rel
        if p.exists():
            put("data", p.read_bytes())
    # The Rust side of the Python value reader: the requests of the JSON entry point.
    for f in sorted((SEEDS / "score_json").iterdir()):
        put("py_values", f.read_bytes())
    # Registers and targets files behind the byte that picks the reader (portfolio.rs).
    register = (ROOT / "examples" / "register.csv").read_bytes().split(b"\n")
    header = register[0]
    for k in range(1, min(len(register), 241), 40):
        put("portfolio", b"\x02" + b"\n".join([header] + register[k : k + 40]) + b"\n")
    put("portfolio", b"\x02" + header + b"\n")
    targets = (ROOT / "examples" / "targets.json").read_bytes()
    put("portfolio", b"\x00" + targets)
    rows = json.loads(targets)
    rows = rows["targets"] if isinstance(rows, dict) else rows
    keys = sorted({k for r in rows for k in r})
    csv = ",".join(keys) + "\n" + "".join(
        ",".join(str(r.get(k, "")) for k in keys) + "\n" for r in rows
    )
    put("portfolio", b"\x01" + csv.encode())
    for t in TARGETS:
        print(f"{t}: {len(list((SEEDS / t).iterdir()))} seeds")


if __name__ == "__main__":
    main()
