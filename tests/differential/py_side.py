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
