"""Councils on paper and in spreadsheets: ``write_form`` writes a member's form (the CLI's
``ocop form``), ``read_forms`` reads filled forms back (``ocop import``). Both run the Rust
crate ``ocop-office``, the same code as the CLI."""

from __future__ import annotations

import json
import os
from typing import Any, Iterable, Mapping

from . import _ocop

__all__ = ["read_forms", "write_form"]


def _member(m: Any) -> dict:
    if isinstance(m, str):
        return {"member": m}
    if isinstance(m, Mapping):
        return {"member": m.get("member", ""), "answers": dict(m.get("answers") or {})}
    raise TypeError(f"a member is a name or a dict {{'member', 'answers'}}, not {type(m).__name__}")


def write_form(
    path: str | os.PathLike | None,
    edition: str,
    product_set: str | int,
    *,
    product: str | None = None,
    product_code: str | None = None,
    owner: str | None = None,
    members: Iterable[str | Mapping[str, Any]] = (),
    answers: Mapping[str, Any] | None = None,
    level: str | None = None,
    format: str | None = None,
    lang: str = "vi",
) -> bytes:
    """Writes the form (phiếu đánh giá) of ``edition`` and ``product_set`` to ``path`` and
    returns its bytes (``path=None``: only returns them).

    ``members``: names, or dicts ``{"member": name, "answers": {...}}`` to pre-fill; one sheet
    per member (none: one blank sheet). ``answers`` pre-fills a single member's sheet.
    ``format``: ``"xlsx"`` (default, or from the path's extension), ``"pdf"``, ``"html"``.
    ``lang``: ``"vi"`` (default) or ``"en"`` for the labels. Raises the ``OcopError``
    subclasses of the request's errors."""
    ms = [_member(m) for m in members]
    if answers is not None:
        if len(ms) > 1:
            raise TypeError("answers= pre-fills one member's sheet; give each member's answers in members=")
        first = ms[0] if ms else {"member": ""}
        ms = [{"member": first["member"], "answers": dict(answers)}]
    if format is None:
        ext = os.path.splitext(os.fspath(path))[1].lstrip(".").lower() if path is not None else ""
        format = ext if ext in ("xlsx", "pdf", "html", "htm") else "xlsx"
    spec = {
        "edition": edition,
        "product_set": str(product_set),
        "members": ms,
        "lang": lang,
        **{
            k: v
            for k, v in {
                "product": product,
                "product_code": product_code,
                "owner": owner,
                "level": level,
            }.items()
            if v is not None
        },
    }
    data = _ocop._write_form(spec, format)
    if path is not None:
        with open(path, "wb") as f:
            f.write(data)
    return data


def read_forms(
    paths: str | os.PathLike | Iterable[str | os.PathLike],
    *,
    level: str | None = None,
    date: str | None = None,
    dossier: str | None = None,
    lang: str = "vi",
    frame: bool = False,
):
    """Reads filled forms (xlsx or ods made by ``write_form``, or CSV with one row per member)
    into one request: a score request for one member, a council request for several (give
    ``level`` unless the forms record it). ``date`` and ``dossier`` make the request choose its
    edition by date (it must be the forms' edition).

    Returns the request as a dict, to pass to ``ocop.score`` or ``ocop.score_council``; with
    ``frame=True`` a pandas DataFrame with one row per member (index ``member``), ready for
    ``ocop.score_frame``. Errors are ``OcopError`` subclasses with ``.source`` naming the file,
    sheet and cell (``FormError`` for ``invalid_file``, ``form_mismatch``, ``unreadable_cell``)."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    request = json.loads(
        _ocop._read_forms([os.fspath(p) for p in paths], level, date, dossier, lang)
    )
    if not frame:
        return request
    import pandas as pd

    keys = {k: request[k] for k in ("edition", "date", "dossier", "product_set") if k in request}
    if "members" in request:
        rows = [(m["member"], m["answers"]) for m in request["members"]]
    else:
        rows = [("", request["answers"])]
    codes = list(dict.fromkeys(c for _, a in rows for c in a))
    df = pd.DataFrame(
        [{**keys, **{c: a.get(c) for c in codes}} for _, a in rows],
        index=pd.Index([n for n, _ in rows], name="member"),
    )
    for c in codes:
        if df[c].map(lambda v: isinstance(v, list)).any():
            df[c] = df[c].astype(object)
    return df
