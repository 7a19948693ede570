"""``score_frame``: score a pandas DataFrame with one row per sheet, column by column.

Columns: ``edition`` (or ``date`` and ``dossier``, optionally ``evaluated_on``, to let the
filing date choose the edition), ``product_set``, one column per criterion code holding option numbers
(NaN/None/NA where a row's sheet has no such criterion or it is unanswered; lists for additive
criteria), and optionally ``eliminated`` (lists of criterion codes the council flagged).
Integer and float columns cross into Rust as NumPy buffers; only object columns (lists) are
read cell by cell. Each row is scored exactly as the request
``{"edition", "product_set", "answers": {column: value}, "partial", "eliminated"}`` would be,
with the same error codes and paths; a bad row gets its error in the ``error`` column and never
stops the others.
"""

from __future__ import annotations

import gc
import itertools
from contextlib import contextmanager
from typing import Any, Iterable

from . import _ocop
from ._errors import _make_error

__all__ = ["score_frame", "OUTPUT_COLUMNS"]

#: Columns of the returned frame.
OUTPUT_COLUMNS = ("A", "B", "C", "total", "band", "stars", "capped_by", "eliminated", "error")
# The core's keys that choose an edition (``edition``, or ``date`` + ``dossier`` and
# optionally ``evaluated_on``), then the product set.
_KEYS = (*_ocop.EDITION_CHOICE_KEYS, "product_set")
_RESERVED = {*_KEYS, "eliminated"}
_CODES: dict[tuple[str, Any], frozenset] = {}


def _deps():
    try:
        import numpy as np
        import pandas as pd
    except ImportError as e:  # pragma: no cover - exercised only without the extra
        raise ImportError(
            "ocop.score_frame needs pandas and NumPy: pip install 'ocop[pandas]'"
        ) from e
    return np, pd


def _column(np, pd, s):
    """A criterion column as an int64/float64 NumPy array, or a list of Python objects."""
    dt = s.dtype
    kind = getattr(dt, "kind", "O")
    if isinstance(dt, np.dtype):
        if kind == "i" or (kind == "u" and (len(s) == 0 or int(s.max()) < 2**63)):
            return np.ascontiguousarray(s.to_numpy(), dtype=np.int64)
        if kind == "f":
            return np.ascontiguousarray(s.to_numpy(), dtype=np.float64)
    elif pd.api.types.is_integer_dtype(dt) or pd.api.types.is_float_dtype(dt):
        # Nullable extension dtypes (Int64, Float64): NA becomes NaN.
        return np.ascontiguousarray(s.to_numpy(dtype=np.float64, na_value=np.nan))
    return s.to_numpy(dtype=object).tolist()


def _key_values(uniques) -> list:
    """Distinct edition / product-set values. A float product set that is whole (pandas turns
    an integer column with a missing value into floats) is given back as the integer."""
    out = []
    for u in uniques.tolist() if hasattr(uniques, "tolist") else list(uniques):
        if isinstance(u, float) and u.is_integer():
            u = int(u)
        out.append(u)
    return out


def _codes(product_set: Any) -> frozenset:
    """Criterion codes of a product set in any edition (empty if it names no set)."""
    key = (type(product_set).__name__, product_set)
    if key not in _CODES:
        codes: set[str] = set()
        for e in _ocop.editions():
            try:
                codes.update(_ocop.Sheet(e["id"], product_set).codes)
            except Exception:  # noqa: BLE001 - unknown sets are reported per row
                pass
        _CODES[key] = frozenset(codes)
    return _CODES[key]


def _name(c: Any) -> str:
    if isinstance(c, str):
        return c
    if isinstance(c, int) and not isinstance(c, bool):
        return str(c)
    raise _make_error(
        [("wrong_type", "/columns", f"column names must be criterion codes as strings, found {c!r}")]
    )


@contextmanager
def _gc_paused():
    """Pauses the cyclic garbage collector: building the output makes tens of thousands of
    tuples, each of which would otherwise count towards a collection of every young object
    (the collections cost more than the tuples). Reference counting frees as usual."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def score_frame(df, *, partial: bool = False, ignore: Iterable[str] = ()):
    """Score every row of ``df``; returns a DataFrame with the same index and the columns
    ``A``, ``B``, ``C``, ``total``, ``band``, ``stars`` (nullable integers: NA on error rows;
    ``stars`` is NA when eliminated), ``capped_by`` (tuple of criterion codes whose star
    minimum capped the stars), ``eliminated`` (criterion code or None) and ``error`` (None, or
    the row's errors as ``"code at path: message"``, joined by ``"; "``).

    ``partial``: score unfinished rows (unanswered criteria get 0 points) instead of reporting
    ``missing_answer``. ``ignore``: columns that are not criteria (names, districts, …); any
    other column that is no criterion of any sheet in the frame raises ``UnknownReferenceError``.
    """
    with _gc_paused():
        return _score_frame(df, partial, ignore)


def _score_frame(df, partial, ignore):
    np, pd = _deps()
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"score_frame expects a pandas DataFrame, not {type(df).__name__}")
    if "product_set" not in df.columns:
        raise _make_error([("missing_field", "/product_set", "the frame has no column 'product_set'")])
    if "edition" not in df.columns and "date" not in df.columns:
        raise _make_error(
            [("missing_field", "/edition", "the frame has no column 'edition' (or 'date' and 'dossier')")]
        )
    n = len(df)
    # Key columns factorized without a Python loop over the rows: numbers by pandas, categories
    # by their codes, text and mixed columns in Rust (by object identity first, then by JSON
    # text, so that 1, 1.0 and True stay distinct as they are in a request).
    keys = []
    for key in _KEYS:
        if key not in df.columns:
            continue
        col = df[key]
        if isinstance(col.dtype, pd.CategoricalDtype):
            codes = np.ascontiguousarray(col.cat.codes.to_numpy(), dtype=np.int64)
            uniques = _key_values(col.cat.categories.to_numpy(dtype=object).tolist())
        elif getattr(col.dtype, "kind", "O") in "iuf":
            codes, uniques = pd.factorize(col.to_numpy(), use_na_sentinel=True)
            codes, uniques = np.ascontiguousarray(codes, dtype=np.int64), _key_values(uniques)
        else:
            # (``to_numpy(object).tolist()`` is several times faster than ``Series.tolist``
            # for pandas' string dtype, and gives the same values.)
            raw, uniques = _ocop._factorize(col.to_numpy(dtype=object).tolist())
            codes = np.frombuffer(raw, dtype=np.int64)
        keys.append((key, codes, uniques))
    sets = [v for v in next(v for k, _, v in keys if k == "product_set") if isinstance(v, (str, int))]

    ignored = {str(c) for c in ignore}
    names = []
    for c in df.columns:
        if c in _RESERVED:
            continue
        name = _name(c)
        if name not in ignored:
            names.append((c, name))

    # A column that holds values but is no criterion of any edition's sheet for the frame's
    # product sets is a typo or a non-criterion column: say so once rather than failing every
    # row.
    known: set[str] = set()
    for s in sets:
        known |= _codes(s)
    seen: set[str] = set()
    for _, name in names:
        if name in seen:
            raise _make_error(
                [("duplicate_key", "/answers/" + name.replace("~", "~0").replace("/", "~1"),
                  f"column {name!r} appears more than once")]
            )
        seen.add(name)
    # A column with no value at all is harmless (another set's criterion in a frame filtered to
    # one set, say); its rows are still checked one by one like any other.
    unknown = [name for c, name in names if name not in known and df[c].notna().any()]
    if unknown and known:
        raise _make_error(
            [
                (
                    "unknown_criterion",
                    "/answers/" + u.replace("~", "~0").replace("/", "~1"),
                    f"column {u!r} is not a criterion of any sheet of the frame's product sets; "
                    "pass ignore=[...] for columns that are not criteria",
                )
                for u in unknown
            ]
        )
    criteria = [(name, _column(np, pd, df[c])) for c, name in names]

    elim = df["eliminated"].to_numpy(dtype=object).tolist() if "eliminated" in df.columns else None
    nums, cap_ids, caps, elim_ids, elims, errors = _ocop._score_columns(
        n, keys, criteria, elim, bool(partial)
    )
    # Six contiguous int64 columns in one writable buffer; -1 marks NA (error rows, no stars).
    cols = np.frombuffer(nums, dtype=np.int64).reshape(6, n)
    masks = cols < 0

    def ints(j: int):
        return pd.Series(pd.arrays.IntegerArray(cols[j], masks[j]), index=df.index, copy=False)

    def lookup(ids, values, none):
        # The last slot answers id -1 (fromiter keeps tuples whole, as objects).
        table = np.fromiter(itertools.chain(values, (none,)), dtype=object, count=len(values) + 1)
        return table[np.frombuffer(ids, dtype=np.int32)]

    cap = lookup(cap_ids, caps, ())
    el = lookup(elim_ids, elims, None)
    err = np.full(n, None, dtype=object)
    for r, text, _code, _path in errors:
        err[r] = text

    def objects(values):
        # dtype=object keeps None (pandas 3 would infer a string dtype with NaN); the arrays
        # are this call's own, so the Series need not copy them.
        return pd.Series(values, index=df.index, dtype=object, copy=False)

    return pd.DataFrame(
        {
            "A": ints(0),
            "B": ints(1),
            "C": ints(2),
            "total": ints(3),
            "band": ints(4),
            "stars": ints(5),
            "capped_by": objects(cap),
            "eliminated": objects(el),
            "error": objects(err),
        },
        index=df.index,
        copy=False,
    )
