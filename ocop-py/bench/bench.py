"""Benchmark (a script, not a timed test): ocop's batch paths against their baselines.

In one run (100,000 sheets of 26/2026, random answers skewed towards good options):

- ``ocop.score_frame`` against the NumPy scorer an analyst writes (``np_frame``: a points table
  per criterion indexed by the option column, part sums, ``np.select`` for the band, boolean
  masks for the star minimums), on a frame of one product set and on a frame spread over all 26
  sets (the NumPy scorer groups by set); both frames are checked to agree on every row and every
  output column first;
- ``ocop.score_frame`` and ``ocop.score_many`` (request dicts) against a pure-Python scorer
  (``Table``; checked against ocop on 2,000 requests; it ignores elimination notes, so rows
  eliminated by their answers are left out of that check).

Usage: python bench.py [--rows N] [--repeat R] [--only frame|many]
(prints medians, best and CPU time per path, and the ratio of median wall times)
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import platform
import random
import statistics
from itertools import compress
import time

import numpy as np
import pandas as pd

import ocop

EDITION = "26/2026"
#: The product set of the one-set frame.
ONE_SET = 1


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
# NumPy scorer: what an analyst writes in thirty lines (the baseline of score_frame)


def np_sheet(edition: str, product_set: int):
    """Tables of one sheet for the NumPy scorer: per criterion a points table indexed by the
    option number (index 0 unused), its part, star minimums and answer triggers, the bands."""
    sh = ocop.sheet(edition, product_set)
    crit = []
    for c in sh["criteria"]:
        opts = c["options"]
        case = np.array([None] + [o["case"] for o in opts], dtype=object)
        mins = [(o["min_star"], o["points"], o["case"]) for o in opts if o["min_star"]]
        crit.append((c["code"], "ABC".index(c["part"]), np.array([0] + [o["points"] for o in opts]),
                     c["mode"] == "case", case, mins))
    triggers = [(c["code"], n["trigger"]["zero_points_in"])
                for c in sh["criteria"] for n in c["notes"] if n.get("trigger")]
    bands = sorted(((b["min"], b["stars"]) for b in sh["bands"]), reverse=True)
    return crit, triggers, bands


def np_score(cols, rows, tables, out):
    """Scores the rows `rows` (an index array, or a slice) of the column arrays `cols` (option
    numbers, one array per criterion code) on one sheet into the output arrays `out`."""
    crit, triggers, bands = tables
    m = len(next(iter(cols.values()))[rows])
    parts, pts, mins = np.zeros((3, m), np.int64), {}, []
    for code, part, table, is_case, case, minimums in crit:
        a = cols[code][rows].astype(np.intp)
        pts[code] = p = table[a]
        parts[part] += p
        for level, points, marked_case in minimums:
            ok = p >= points
            if is_case:
                ok |= case[a] != marked_case
            mins.append((code, level, ~ok))
    total = parts.sum(axis=0)
    band = np.select([total >= lo for lo, _ in bands], [s for _, s in bands], 1)
    failed = np.full(m, 6)
    capbits = np.zeros(m, np.int64)
    for k, (code, level, fail) in enumerate(mins):
        np.minimum(failed, np.where(fail, level, 6), out=failed)
        capbits |= (fail & (level <= band)).astype(np.int64) << k
    stars = np.maximum(1, np.minimum(band, failed - 1))
    elim = np.full(m, None, dtype=object)
    for code, zero_in in reversed(triggers):  # the first note in printed order wins
        elim[np.logical_or.reduce([pts[z] == 0 for z in zero_in])] = code
    uniq, inv = np.unique(capbits, return_inverse=True)
    bits = (uniq[:, None] >> np.arange(len(mins))) & 1
    codes = [code for code, _, _ in mins]
    names = [tuple(compress(codes, b)) for b in bits.tolist()]
    for key, v in zip(("A", "B", "C"), parts):
        out[key][rows] = v
    out["total"][rows], out["band"][rows], out["stars"][rows] = total, band, stars
    out["capped_by"][rows] = np.array(names + [()], dtype=object)[:-1][inv]
    out["eliminated"][rows] = elim


def np_frame(df, tables, by_set: bool):
    """The NumPy scorer on a frame: one sheet for the whole frame, or grouped by product set."""
    n = len(df)
    out = {k: np.zeros(n, np.int64) for k in ("A", "B", "C", "total", "band", "stars")}
    out["capped_by"] = np.empty(n, dtype=object)
    out["eliminated"] = np.full(n, None, dtype=object)
    cols = {c: df[c].to_numpy() for c in df.columns if c not in ("edition", "product_set")}
    if by_set:
        for ps, rows in df.groupby("product_set", sort=False).indices.items():
            np_score(cols, rows, tables[int(ps)], out)
    else:
        np_score(cols, slice(None), tables[int(df["product_set"].iat[0])], out)
    no_stars = np.not_equal(out["eliminated"], None)
    out["stars"] = pd.arrays.IntegerArray(out["stars"], no_stars)
    out["error"] = np.full(n, None, dtype=object)
    for k in ("capped_by", "eliminated", "error"):  # objects, None kept (not a str dtype)
        out[k] = pd.Series(out[k], index=df.index, dtype=object, copy=False)
    return pd.DataFrame(out, index=df.index, copy=False)


def agree(got, want, what):
    """Every row, every output column: the same values (NA where NA)."""
    assert list(got.columns) == list(want.columns), (what, list(got.columns))
    for c in got.columns:
        g, w = got[c], want[c]
        if c in ("capped_by", "eliminated", "error"):
            bad = [i for i, (x, y) in enumerate(zip(g.tolist(), w.tolist())) if x != y]
        else:
            gn, wn = g.isna().to_numpy(), w.isna().to_numpy()
            eq = (gn == wn) & (gn | (g.fillna(-1).to_numpy(np.int64) == w.fillna(-1).to_numpy(np.int64)))
            bad = np.flatnonzero(~eq).tolist()
        assert not bad, f"{what}: column {c} differs in {len(bad)} rows, first {bad[:3]}"


# ------------------------------------------------------------------------------------------
# Data


def answers_for(rng, sheet):
    """Answers skewed towards good options, as real dossiers are."""
    return {c["code"]: max(1, len(c["options"]) - int(rng.expovariate(0.9))) for c in sheet["criteria"]}


def make_data(n: int, seed: int = 2026, one_set: int = ONE_SET):
    rng = random.Random(seed)
    sheets = {ps: ocop.sheet(EDITION, ps) for ps in range(1, 27)}
    requests, rows = [], []
    for _ in range(n):
        ps = rng.randint(1, 26)
        answers = answers_for(rng, sheets[ps])
        requests.append({"edition": EDITION, "product_set": str(ps), "answers": answers})
        rows.append({"edition": EDITION, "product_set": ps, **answers})
    mixed = pd.DataFrame(rows)
    one = pd.DataFrame([{"edition": EDITION, "product_set": one_set, **answers_for(rng, sheets[one_set])}
                        for _ in range(n)])
    return requests, mixed, one


def timed(fn, repeat):
    """Median and best wall time, median CPU time (all threads of the process) over `repeat`
    runs, and the last output."""
    walls, cpus = [], []
    out = None
    for _ in range(repeat):
        out = None  # the previous run's output is freed before timing, not during it
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        out = fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), min(walls), statistics.median(cpus), out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--only", choices=("frame", "many"), help="run one half only")
    args = ap.parse_args()

    requests, mixed, one = make_data(args.rows)
    tables = {(EDITION, ps): Table(EDITION, ps) for ps in range(1, 27)}
    tables.update({(EDITION, str(ps)): t for (e, ps), t in list(tables.items())})
    np_tables = {ps: np_sheet(EDITION, ps) for ps in range(1, 27)}

    # The pure-Python scorer agrees with ocop (checked on the first 2,000 rows).
    check = ocop.score_many(requests[:2000])
    for req, r in zip(requests[:2000], check):
        if r.eliminated is None:
            got = tables[(EDITION, int(req["product_set"]))].score(req["answers"])
            want = (r.parts.A.points, r.parts.B.points, r.parts.C.points, r.total, r.band, r.stars)
            assert got[:6] == want, (req, got, want)

    n = args.rows
    lines = []
    load_before = os.getloadavg()[0]
    if args.only in (None, "frame"):
        # The NumPy scorer agrees with score_frame on every row of both frames, every column.
        for what, df, by_set in (("one set", one, False), ("26 sets", mixed, True)):
            agree(ocop.score_frame(df), np_frame(df, np_tables, by_set), what)
        for what, df, by_set in ((f"one set ({ONE_SET})", one, False), ("26 sets", mixed, True)):
            base = timed(lambda: np_frame(df, np_tables, by_set), args.repeat)
            ours = timed(lambda: ocop.score_frame(df), args.repeat)
            lines.append((f"NumPy scorer, {what}", base, None))
            lines.append((f"ocop.score_frame, {what}", ours, base))
        base = timed(lambda: pure_frame(mixed, tables), max(1, args.repeat // 2))
        ours = timed(lambda: ocop.score_frame(mixed), args.repeat)
        assert (ours[3]["total"].to_numpy() == base[3]["total"].to_numpy()).all()
        lines.append(("pure Python, frame rows", base, None))
        lines.append(("ocop.score_frame, 26 sets", ours, base))
    if args.only in (None, "many"):
        base = timed(lambda: pure_many(requests, tables), max(1, args.repeat // 2))
        ours = timed(lambda: ocop.score_many(requests), args.repeat)
        assert sum(1 for r in ours[3] if not r.ok) == 0
        lines.append(("pure Python, dicts", base, None))
        lines.append(("ocop.score_many, dicts", ours, base))
    load_after = os.getloadavg()[0]

    print(f"ocop {ocop.__version__}, Python {platform.python_version()}, pandas {pd.__version__}, "
          f"NumPy {np.__version__}; {os.cpu_count()} cores ({platform.machine()}), "
          f"OCOP_THREADS={os.environ.get('OCOP_THREADS', 'all')}, {args.repeat} runs; "
          f"load average {load_before:.1f} -> {load_after:.1f}")
    print(f"rows: {n:,} sheets of {EDITION}: one set ({one.shape[1]} columns), "
          f"all 26 sets ({mixed.shape[1]} columns)")
    print(f"{'':36s}{'median':>9s}{'best':>9s}{'CPU':>9s}  ratio (median wall)")
    for label, (med, lo, cpu, _), base in lines:
        ratio = f"{base[0] / med:6.1f}x" if base else ""
        print(f"{label:36s}{med * 1e3:7.1f}ms{lo * 1e3:7.1f}ms{cpu * 1e3:7.1f}ms  {ratio}")


if __name__ == "__main__":
    main()
