"""The Python side of the differential test (run.py): reads JSONL requests on standard input
and prints three lines per request: `ocop.score(text)`, `ocop.score(dict)` ("-" when the line
is not JSON or a JSON string) and the item of `ocop.score_many(dicts)`, each as the core's compact JSON text
(`to_json()` of a result, the failure document of an error)."""
import json
import sys

import ocop


def text(r):
    if isinstance(r, ocop.OcopError):
        return json.dumps(r.to_dict(), separators=(",", ":"), ensure_ascii=False)
    return r.to_json()


def call(f, x):
    try:
        return text(f(x))
    except ocop.OcopError as e:
        return text(e)


lines = sys.stdin.read().split("\n")[:-1]
objs = []
for line in lines:
    try:
        objs.append(json.loads(line))
    except ValueError:
        objs.append(None)
# A str is JSON text to ocop: a line that is no JSON, or a JSON string, goes as its text.
objs = [None if isinstance(o, str) else o for o in objs]
many = ocop.score_many([l if o is None else o for o, l in zip(objs, lines)])
out = []
for line, o, m in zip(lines, objs, many):
    out.append(call(ocop.score, line))
    out.append("-" if o is None else call(ocop.score, o))
    out.append(text(m))
sys.stdout.write("\n".join(out) + "\n")


# score_frame: the single-sheet requests by `edition` whose answers are options (ints or lists
# of ints) of criteria of their sheet, one frame per value of `partial`. Printed after the
# three lines per request: one line per such request, "INDEX\tJSON" of the frame's columns.
def frame_rows():
    keys = {"edition", "product_set", "answers", "partial", "eliminated"}
    rows = {False: [], True: []}
    for i, o in enumerate(objs):
        if not isinstance(o, dict) or not set(o) <= keys or "members" in o:
            continue
        ed, ps, ans = o.get("edition"), o.get("product_set"), o.get("answers")
        if not isinstance(ed, str) or not isinstance(ps, str) or not isinstance(ans, dict):
            continue
        try:
            codes = set(ocop.Sheet(ed, ps).codes)
        except Exception:  # noqa: BLE001 - unknown edition or set: not a frame row here
            continue
        if not set(ans) <= codes:
            continue
        if not all(isinstance(v, int) and not isinstance(v, bool) or
                   isinstance(v, list) and all(isinstance(x, int) and not isinstance(x, bool) for x in v)
                   for v in ans.values()):
            continue
        el = o.get("eliminated", [])
        partial = o.get("partial", False)
        if not isinstance(el, list) or not all(isinstance(x, str) for x in el) or not isinstance(partial, bool):
            continue
        rows[partial].append(i)
    return rows


try:
    import pandas as pd
except ImportError:  # pragma: no cover
    pd = None
if pd is not None:
    for partial, idx in frame_rows().items():
        if not idx:
            continue
        recs = []
        for i in idx:
            o = objs[i]
            r = {"edition": o["edition"], "product_set": o["product_set"],
                 "eliminated": list(o.get("eliminated", []))}
            r.update(o["answers"])
            recs.append(r)
        df = pd.DataFrame.from_records(recs, index=idx)
        res = ocop.score_frame(df, partial=partial)
        for i, row in res.iterrows():
            d = {}
            for col in ("A", "B", "C", "total", "band", "stars"):
                v = row[col]
                d[col] = None if pd.isna(v) else int(v)
            d["capped_by"] = list(row["capped_by"]) if row["capped_by"] is not None else None
            d["eliminated"] = row["eliminated"]
            d["error"] = row["error"]
            sys.stdout.write("%d\t%s\n" % (i, json.dumps(d, ensure_ascii=False, separators=(",", ":"))))
