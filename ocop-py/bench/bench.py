"""Benchmark (a script, not a timed test): ocop's batch paths against a pure-Python scorer.

In one run, on the same data (100,000 sheets of 26/2026, every product set, random answers):

- ``ocop.score_frame`` on a DataFrame with one row per sheet, against a straightforward
  pure-Python scorer that loops over the frame's rows (``itertuples``) with precomputed point
  tables and builds the same output columns;
- ``ocop.score_many`` on 100,000 request dicts, against the same pure-Python scorer looping over
  the dicts.

The pure-Python scorer computes part points, total, band and star minimums from tables read
once from ``ocop.sheet``; it is checked against ocop on the data before timing (it ignores
elimination notes, so rows eliminated by their answers are left out of that check).

Usage: python bench.py [--rows N] [--repeat R]   (prints both ratios; best of R runs)
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import platform
import random
import time

import numpy as np
import pandas as pd

import ocop

EDITION = "26/2026"


# ------------------------------------------------------------------------------------------
# Pure-Python scorer


class Table:
    """Point tables of one sheet, precomputed once."""

    def __init__(self, edition: str, product_set: int):
        sh = ocop.sheet(edition, product_set)
        self.codes = [c["code"] for c in sh["criteria"]]
        self.part = {c["code"]: "ABC".index(c["part"]) for c in sh["criteria"]}
        self.mode = {c["code"]: c["mode"] for c in sh["criteria"]}
        self.points = {c["code"]: [0] + [o["points"] for o in c["options"]] for c in sh["criteria"]}
        self.case = {c["code"]: [None] + [o["case"] for o in c["options"]] for c in sh["criteria"]}
        # star minimums: (level, code, marked option number)
        self.minimums = [
            (o["min_star"], c["code"], o["number"])
            for c in sh["criteria"]
            for o in c["options"]
            if o["min_star"]
        ]
        self.bands = sorted(((b["min"], b["stars"]) for b in sh["bands"]), reverse=True)

    def score(self, answers: dict):
        parts = [0, 0, 0]
        for code in self.codes:
            a = answers.get(code)
            if a is None:
                raise ValueError(f"missing answer {code}")
            pts = self.points[code]
            if isinstance(a, list):
                p = sum(pts[k] for k in a)
            else:
                p = pts[a]
            parts[self.part[code]] += p
        total = parts[0] + parts[1] + parts[2]
        band = 1
        for lo, stars in self.bands:
            if total >= lo:
                band = stars
                break
        failed = 6
        capped = []
        for level, code, marked in self.minimums:
            a = answers.get(code)
            if isinstance(a, list):
                ok = marked in a
            elif self.mode[code] == "case" and self.case[code][a] != self.case[code][marked]:
                ok = True
            else:
                ok = self.points[code][a] >= self.points[code][marked]
            if not ok:
                failed = min(failed, level)
                if level <= band:
                    capped.append(code)
        stars = max(1, min(band, failed - 1))
        return parts[0], parts[1], parts[2], total, band, stars, tuple(capped)


def pure_many(requests, tables):
    out = []
    for req in requests:
        t = tables[(req["edition"], int(req["product_set"]))]
        out.append(t.score(req["answers"]))
    return out


def pure_frame(df, tables):
    cols = [c for c in df.columns if c not in ("edition", "product_set")]
    res = {k: [] for k in ("A", "B", "C", "total", "band", "stars", "capped_by")}
    for row in df.itertuples(index=False, name=None):
        edition, ps, values = row[0], row[1], row[2:]
        answers = {}
        for code, v in zip(cols, values):
            if not (isinstance(v, float) and math.isnan(v)):
                answers[code] = int(v)
        a, b, c, total, band, stars, capped = tables[(edition, ps)].score(answers)
        res["A"].append(a)
        res["B"].append(b)
        res["C"].append(c)
        res["total"].append(total)
        res["band"].append(band)
        res["stars"].append(stars)
        res["capped_by"].append(capped)
    return pd.DataFrame(res, index=df.index)


# ------------------------------------------------------------------------------------------
# Data


def make_data(n: int, seed: int = 2026):
    rng = random.Random(seed)
    sheets = {ps: ocop.sheet(EDITION, ps) for ps in range(1, 27)}
    requests, rows = [], []
    for _ in range(n):
        ps = rng.randint(1, 26)
        # Answers skewed towards good options, as real dossiers are.
        answers = {}
        for c in sheets[ps]["criteria"]:
            k = len(c["options"])
            answers[c["code"]] = max(1, k - int(rng.expovariate(0.9)))
        requests.append({"edition": EDITION, "product_set": str(ps), "answers": answers})
        rows.append({"edition": EDITION, "product_set": ps, **answers})
    df = pd.DataFrame(rows)
    return requests, df


def best(fn, repeat):
    """Best wall time and best CPU time (all threads of the process) over `repeat` runs."""
    walls, cpus = [], []
    out = None
    for _ in range(repeat):
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        out = fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return min(walls), min(cpus), out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    requests, df = make_data(args.rows)
    tables = {(EDITION, ps): Table(EDITION, ps) for ps in range(1, 27)}
    tables.update({(EDITION, str(ps)): t for (e, ps), t in list(tables.items())})

    # The pure-Python scorer agrees with ocop (checked on the first 2,000 rows).
    check = ocop.score_many(requests[:2000])
    for req, r in zip(requests[:2000], check):
        if r.eliminated is None:
            got = tables[(EDITION, int(req["product_set"]))].score(req["answers"])
            want = (r.parts.A.points, r.parts.B.points, r.parts.C.points, r.total, r.band, r.stars)
            assert got[:6] == want, (req, got, want)

    load_before = os.getloadavg()[0]
    t_pure_frame, c_pure_frame, ref = best(lambda: pure_frame(df, tables), args.repeat)
    t_frame, c_frame, out = best(lambda: ocop.score_frame(df), args.repeat)
    assert (out["total"].to_numpy() == ref["total"].to_numpy()).all()
    t_pure_many, c_pure_many, _ = best(lambda: pure_many(requests, tables), args.repeat)
    t_many, c_many, res = best(lambda: ocop.score_many(requests), args.repeat)
    assert sum(1 for r in res if not r.ok) == 0
    load_after = os.getloadavg()[0]

    n = args.rows
    print(f"ocop {ocop.__version__}, Python {platform.python_version()}, pandas {pd.__version__}, "
          f"NumPy {np.__version__}; {os.cpu_count()} cores ({platform.machine()}), best of {args.repeat}; "
          f"load average {load_before:.1f} -> {load_after:.1f}")
    print(f"rows: {n:,} sheets of {EDITION} (all 26 product sets), {df.shape[1]} columns")
    print(f"{'':28s}{'wall':>9s}{'CPU':>9s}  sheets/s (wall)")
    for label, t, c in [
        ("pure Python, frame rows", t_pure_frame, c_pure_frame),
        ("ocop.score_frame", t_frame, c_frame),
        ("pure Python, dicts", t_pure_many, c_pure_many),
        ("ocop.score_many", t_many, c_many),
    ]:
        print(f"{label:28s}{t:8.3f}s{c:8.3f}s  {n / t:>12,.0f}")
    print(f"ratio score_frame / pure Python: {t_pure_frame / t_frame:6.1f}x wall, "
          f"{c_pure_frame / c_frame:6.1f}x CPU  (goal >= 30x)")
    print(f"ratio score_many  / pure Python: {t_pure_many / t_many:6.1f}x wall, "
          f"{c_pure_many / c_many:6.1f}x CPU")


if __name__ == "__main__":
    main()
