"""score_frame on a 1,000-row frame with bad rows: every row equals ocop.score of the request
the row stands for (same numbers, same capped/eliminated criteria, same error text)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import ocop

from conftest import random_answers, sheet_data

SHEETS = [("26/2026", n) for n in range(1, 27)] + [("1048/2019", 26), ("148/2023", 5), ("1048/2019", 3)]


def missing(v):
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def request_of(row: dict, codes: list[str], partial: bool) -> dict:
    req = {
        "edition": row["edition"],
        "product_set": row["product_set"],
        "answers": {c: row[c] for c in sorted(codes) if c in row and not missing(row[c])},
        "partial": partial,
    }
    if row.get("eliminated") is not None:
        req["eliminated"] = row["eliminated"]
    return req


def build(rng, n=1000):
    rows = []
    for i in range(n):
        e, ps = SHEETS[rng.randrange(len(SHEETS))]
        row = {"edition": e, "product_set": ps, **random_answers(rng, e, ps)}
        rows.append(row)
    codes_of = {k: [c["code"] for c in sheet_data(*k)["criteria"]] for k in SHEETS}
    all_codes = sorted({c for v in codes_of.values() for c in v})
    # Bad rows, each kind several times.
    for i in range(0, n, 37):
        rows[i]["edition"] = "27/2027"  # unknown edition
    for i in range(5, n, 41):
        rows[i]["product_set"] = 99  # unknown set
    for i in range(9, n, 43):
        code = next(iter(codes_of[(rows[i]["edition"], rows[i]["product_set"])] if (rows[i]["edition"], rows[i]["product_set"]) in codes_of else ["1.1"]))
        rows[i][code] = 17  # option out of range
    for i in range(13, n, 47):
        key = (rows[i]["edition"], rows[i]["product_set"])
        if key in codes_of:
            rows[i].pop(codes_of[key][-1], None)  # missing answer
    for i in range(17, n, 53):
        key = (rows[i]["edition"], rows[i]["product_set"])
        if key in codes_of:
            other = [c for c in all_codes if c not in codes_of[key]]
            if other:
                rows[i][other[0]] = 1  # a criterion this sheet does not have
    for i in range(21, n, 59):
        rows[i]["1.1"] = "three"  # wrong type (makes the column an object column)
    for i in range(25, n, 61):
        rows[i]["1.2"] = 2.5  # not a whole number
    for i in range(29, n, 67):
        if rows[i]["edition"] == "26/2026" and rows[i]["product_set"] == 1:
            rows[i]["eliminated"] = ["6.1"]
        else:
            rows[i]["eliminated"] = ["no-such"]
    rows[3]["product_set"] = "07"  # text set numbers work too
    rows[4]["edition"] = None  # missing edition
    return rows, all_codes


def check(df, out, rows, codes, partial):
    assert list(out.columns) == ["A", "B", "C", "total", "band", "stars", "capped_by", "eliminated", "error"]
    assert out.index.equals(df.index)
    for k, (idx, row) in enumerate(zip(df.index, rows)):
        got = out.loc[idx]
        try:
            r = ocop.score(request_of(row, codes, partial))
        except ocop.OcopError as e:
            assert got["error"] == str(e), (k, row)
            assert all(got[c] is pd.NA for c in ["A", "B", "C", "total", "band", "stars"])
            continue
        assert got["error"] is None, (k, got["error"])
        d = r.to_dict()
        assert [got["A"], got["B"], got["C"]] == [d["parts"][p]["points"] for p in "ABC"], k
        assert (got["total"], got["band"]) == (d["total"], d["band"])
        assert (got["stars"] if got["stars"] is not pd.NA else None) == d["stars"]
        assert got["capped_by"] == tuple(c["criterion"] for c in d["capped_by"])
        assert got["eliminated"] == (d["eliminated"]["criterion"] if d["eliminated"] else None)


@pytest.mark.parametrize("partial", [False, True])
def test_frame_1000_rows_with_bad_rows(rng, partial):
    rows, codes = build(rng)
    df = pd.DataFrame(rows, index=[f"row-{i}" for i in range(len(rows))])
    assert {"O", "f"} <= {df[c].dtype.kind for c in codes}  # object and float columns occur
    out = ocop.score_frame(df, partial=partial)
    check(df, out, [{k: v for k, v in r.items()} for r in df.to_dict("records")], codes, partial)
    n_err = out["error"].notna().sum()
    assert 100 < n_err < 700
    assert out["stars"].dtype == "Int64"
    assert (out["eliminated"] == "6.1").any()
    assert out["capped_by"].map(len).gt(0).any()


def test_frame_column_kinds(rng):
    ans = [random_answers(rng, "26/2026", 1) for _ in range(4)]
    df = pd.DataFrame(ans)
    df.insert(0, "edition", "26/2026")
    df.insert(1, "product_set", 1)
    ref = ocop.score_frame(df)
    assert ref["error"].isna().all()
    # int8, nullable Int64 and float columns give the same result
    df2 = df.copy()
    df2["1.1"] = df2["1.1"].astype("int8")
    df2["1.2"] = df2["1.2"].astype("Int64")
    df2["1.3"] = df2["1.3"].astype("float32")
    pd.testing.assert_frame_equal(ocop.score_frame(df2), ref)
    # ignore= for columns that are not criteria; unknown columns are reported once
    df3 = df.assign(name=["a", "b", "c", "d"])
    with pytest.raises(ocop.UnknownReferenceError) as ei:
        ocop.score_frame(df3)
    assert (ei.value.code, ei.value.path) == ("unknown_criterion", "/answers/name")
    pd.testing.assert_frame_equal(ocop.score_frame(df3, ignore=["name"]), ref)
    # a column with no value at all is accepted, one with a value is not
    df4 = df.assign(**{"no.such": float("nan")})
    pd.testing.assert_frame_equal(ocop.score_frame(df4), ref)
    with pytest.raises(ocop.UnknownReferenceError):
        ocop.score_frame(df4.assign(**{"no.such": [1.0, None, None, None]}))
    with pytest.raises(ocop.InputFormatError):
        ocop.score_frame(df.drop(columns=["edition"]))
    with pytest.raises(TypeError):
        ocop.score_frame(ans)
    # a product_set column with a missing value turns into floats: still read as numbers
    df4 = df.copy()
    df4["product_set"] = [1.0, 1.0, np.nan, 1.0]
    out4 = ocop.score_frame(df4)
    assert out4["error"].isna().tolist() == [True, True, False, True]
    assert out4["error"][2].startswith("missing_field at /product_set")
    # empty frame
    empty = ocop.score_frame(df.iloc[0:0])
    assert len(empty) == 0 and list(empty.columns) == list(ref.columns)


def test_frame_additive_lists(rng):
    rows = [{"edition": "1048/2019", "product_set": 26, **random_answers(rng, "1048/2019", 26)} for _ in range(50)]
    rows[3]["6"] = [1, 1]  # duplicate option
    rows[4]["7"] = [1, 99]  # option out of range inside a list
    rows[5]["8"] = []  # nothing ticked
    df = pd.DataFrame(rows)
    out = ocop.score_frame(df)
    codes = [c for c in df.columns if c not in ("edition", "product_set")]
    check(df, out, df.to_dict("records"), codes, False)
    assert out["error"][3].startswith("duplicate_option at /answers/6/1")
    assert out["error"][4].startswith("option_out_of_range at /answers/7/1")


def test_frame_by_date_and_dossier(rng):
    ans = [random_answers(rng, "26/2026", 2) for _ in range(4)]
    df = pd.DataFrame(ans)
    df.insert(0, "date", ["2026-06-01", "2026-06-01", "2026-02-30", None])
    df.insert(1, "dossier", ["first", "upgrade", "first", "first"])
    df.insert(2, "product_set", 2)
    out = ocop.score_frame(df)
    for i, row in enumerate(df.to_dict("records")):
        req = {k: v for k, v in row.items() if not missing(v)}
        req["answers"] = {k: req.pop(k) for k in list(req) if k not in ("date", "dossier", "product_set")}
        try:
            r = ocop.score(req)
        except ocop.OcopError as e:
            assert out["error"][i] == str(e)
        else:
            assert out["error"][i] is None and out["total"][i] == r.total and out["stars"][i] == r.stars
    assert out["error"][2].startswith("invalid_date at /date")
    assert out["error"][3].startswith("conflicting_fields at /dossier")
    with pytest.raises(ocop.OcopError):
        ocop.score_frame(df.drop(columns=["date"]))


def test_frame_duplicate_columns_and_threads(rng, monkeypatch):
    df = pd.DataFrame([random_answers(rng, "26/2026", 1)])
    df.insert(0, "edition", "26/2026")
    df.insert(1, "product_set", 1)
    dup = pd.concat([df, df[["1.1"]]], axis=1)
    with pytest.raises(ocop.InputFormatError) as ei:
        ocop.score_frame(dup)
    assert (ei.value.code, ei.value.path) == ("duplicate_key", "/answers/1.1")
    big = pd.concat([df] * 3000, ignore_index=True)
    monkeypatch.setenv("OCOP_THREADS", "1")
    one = ocop.score_frame(big)
    monkeypatch.setenv("OCOP_THREADS", "2")
    pd.testing.assert_frame_equal(ocop.score_frame(big), one)


def test_frame_filtered_to_one_set(rng):
    """A province-wide frame (columns of every set) filtered to one product set scores those
    rows as the whole frame does: the other sets' columns, now empty, are not errors."""
    rows = []
    for _ in range(400):
        ps = rng.randint(1, 26)
        rows.append({"edition": "26/2026", "product_set": ps, **random_answers(rng, "26/2026", ps)})
    df = pd.DataFrame(rows)
    whole = ocop.score_frame(df)
    assert whole["error"].isna().all()
    for ps in (1, 7, 26):
        part = df[df["product_set"] == ps]
        got = ocop.score_frame(part)
        pd.testing.assert_frame_equal(got, whole.loc[part.index])


def test_key_columns_are_the_cores_edition_choice_keys():
    # Issue 11 item 7: one list of the keys that choose an edition, the core's.
    from ocop import _frame

    assert ocop.EDITION_CHOICE_KEYS == ("edition", "date", "dossier", "evaluated_on")
    assert _frame._KEYS == (*ocop.EDITION_CHOICE_KEYS, "product_set")
