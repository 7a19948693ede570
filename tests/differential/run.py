#!/usr/bin/env python3
"""The bindings compared on random requests (docs/testing.md).

    python3 tests/differential/run.py [--seed S] [--count N] [--python VENV_PYTHON]

Generates N requests (gen.py), feeds the same requests to every binding and checks that the
outcomes are identical byte for byte. The canonical form is the core's compact JSON text:
- Rust API (tests/differential/rust.rs): four routes, each printing that text;
- CLI: `ocop score --jsonl`, one line of that text per request;
- WebAssembly in Node (wasm.cjs): `score(text)` and `score(object)` return objects, compared
  as JSON.stringify of them (JSON.stringify writes the same compact text for these values);
- Python (py_side.py, run with the virtualenv's interpreter that has the `ocop` wheel):
  `score(str)`, `score(dict)` and `score_many(dicts)`; a result is `to_json()` (the core's
  text), an error is `json.dumps(err.to_dict(), separators=(',',':'), ensure_ascii=False)`.
Prints the first differing request and both outputs on failure, and a summary.
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))


def run(cmd, data, **kw):
    t = time.monotonic()
    p = subprocess.run(cmd, input=data, capture_output=True, **kw)
    if p.returncode not in (0, 1):
        sys.stderr.write(p.stderr.decode("utf-8", "replace"))
        sys.exit("differential: %s exited with %d" % (cmd[0], p.returncode))
    return p.stdout.decode("utf-8").split("\n")[:-1], time.monotonic() - t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=3000)
    ap.add_argument("--python", default=os.path.join(TARGET, "ocop-py-venv", "bin", "python"))
    a = ap.parse_args()
    gen = subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), "--seed", str(a.seed),
                          "--count", str(a.count)], capture_output=True, check=True).stdout
    requests = gen.decode("utf-8").split("\n")[:-1]
    n = len(requests)
    outputs = {}
    times = {}
    rust, times["rust"] = run([os.path.join(TARGET, "release", "examples", "differential")], gen)
    for i, name in enumerate(["rust score_json_str", "rust score_json_bytes_reference",
                              "rust score_json(tree)", "rust typed score/score_council"]):
        outputs[name] = rust[i::4]
    outputs["cli score --jsonl"], times["cli"] = run(
        [os.path.join(TARGET, "release", "ocop"), "score", "--jsonl"], gen)
    wasm, times["wasm"] = run(["node", os.path.join(HERE, "wasm.cjs")], gen)
    outputs["wasm score(text)"] = wasm[0::2]
    outputs["wasm score(object)"] = wasm[1::2]
    py, times["python"] = run([a.python, os.path.join(HERE, "py_side.py")], gen)
    frame = py[3 * n:]
    py = py[:3 * n]
    outputs["python score(str)"] = py[0::3]
    outputs["python score(dict)"] = py[1::3]
    outputs["python score_many"] = py[2::3]

    ref_name = "rust score_json_str"
    ref = outputs[ref_name]
    failures = 0
    valid = sum(1 for r in ref if r.startswith('{"status":"success"'))
    for name, out in outputs.items():
        if len(out) != n:
            print("differential: %s gave %d outputs for %d requests" % (name, len(out), n))
            failures += 1
            continue
        compared = 0
        for i, (r, o) in enumerate(zip(ref, out)):
            if o == "-":  # not JSON, or a JSON string (which every binding reads as text)
                continue
            compared += 1
            if o != r:
                failures += 1
                if failures == 1:
                    print("FIRST DIFFERENCE, request %d:\n%s\n--- %s:\n%s\n--- %s:\n%s"
                          % (i, requests[i], ref_name, r, name, o))
                break
        print("  %-34s %5d compared" % (name, compared))
    # score_frame: its columns against the same fields of the reference outcome.
    for line in frame:
        i, got = line.split("\t", 1)
        i = int(i)
        doc = json.loads(ref[i])
        if doc["status"] == "success":
            want = {"A": doc["parts"]["A"]["points"], "B": doc["parts"]["B"]["points"],
                    "C": doc["parts"]["C"]["points"], "total": doc["total"], "band": doc["band"],
                    "stars": doc["stars"], "capped_by": [c["criterion"] for c in doc["capped_by"]],
                    "eliminated": doc["eliminated"]["criterion"] if doc["eliminated"] else None,
                    "error": None}
        else:
            want = {"A": None, "B": None, "C": None, "total": None, "band": None, "stars": None,
                    "capped_by": [], "eliminated": None,  # score_frame: () on error rows
                    "error": "; ".join("%s at %s: %s" % (e["code"], e["path"], e["message"])
                                       for e in doc["errors"])}
        if json.loads(got) != want:
            failures += 1
            if failures == 1:
                print("FIRST DIFFERENCE, request %d:\n%s\n--- %s:\n%s\n--- python score_frame:\n%s"
                      % (i, requests[i], ref_name, json.dumps(want, ensure_ascii=False), got))
            break
    print("  %-34s %5d compared" % ("python score_frame (columns)", len(frame)))
    print("differential: seed %d, %d requests (%d valid, %d invalid); times: %s"
          % (a.seed, n, valid, n - valid,
             ", ".join("%s %.1f s" % (k, v) for k, v in times.items())))
    if failures:
        sys.exit("differential: %d binding(s) differ" % failures)
    print("differential: all bindings agree")


if __name__ == "__main__":
    main()
