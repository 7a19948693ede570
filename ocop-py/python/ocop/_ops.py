"""Convenience signatures over the core's JSON entry points (``advise``, ``edition_for``,
``certificate``, ``score_council``). Each also takes the whole request as a dict, JSON text or
bytes, exactly as the CLI and the golden corpus write it."""

from __future__ import annotations

import datetime as _dt
from typing import Any, Iterable, Mapping

from . import _ocop

__all__ = ["advise", "certificate", "edition_for", "minutes", "score_council"]


def _is_request(x: Any) -> bool:
    """A whole request: a mapping, bytes, or JSON text (a str starting with ``{``)."""
    if isinstance(x, (bytes, bytearray, Mapping)):
        return True
    return isinstance(x, str) and x.lstrip().startswith("{")


def _date(x: Any) -> Any:
    return x.isoformat() if isinstance(x, _dt.date) and not isinstance(x, _dt.datetime) else x


def _fields(**kw: Any) -> dict:
    return {k: _date(v) for k, v in kw.items() if v is not None}


def edition_for(date: Any, dossier: str | None = None, *, evaluated_on: Any = None):
    """Which edition applies to a dossier of kind ``dossier`` (``"first"``, ``"upgrade"``,
    ``"reevaluation"``) filed on ``date`` (``"YYYY-MM-DD"`` or ``datetime.date``); or pass the
    whole request ``{"date", "dossier", "evaluated_on"}``. Returns a ``Record`` with the
    edition, the basis and the citation; raises ``OcopError`` subclasses."""
    if _is_request(date):
        if dossier is not None or evaluated_on is not None:
            raise TypeError("pass either a whole request or date/dossier, not both")
        return _ocop._edition_for(date)
    return _ocop._edition_for(_fields(date=date, dossier=dossier, evaluated_on=evaluated_on))


def certificate(
    issued: Any,
    *,
    edition: str | None = None,
    on: Any = None,
    reevaluation_filed: Any = None,
    result_on: Any = None,
):
    """Expiry, re-evaluation window and validity of a certificate issued on ``issued``
    (optionally under ``edition``, checked ``on`` a date); or pass the whole request."""
    if _is_request(issued):
        if any(v is not None for v in (edition, on, reevaluation_filed, result_on)):
            raise TypeError("pass either a whole request or keyword fields, not both")
        return _ocop._certificate(issued)
    return _ocop._certificate(
        _fields(
            issued=issued,
            edition=edition,
            on=on,
            reevaluation_filed=reevaluation_filed,
            result_on=result_on,
        )
    )


def advise(
    request: Any,
    target: int | None = None,
    *,
    frozen: Iterable[str] | None = None,
    max_changes: int | None = None,
):
    """The upgrade advisor: the cheapest set of criterion changes that lifts the product of
    scoring ``request`` (dict, JSON text or bytes) to ``target`` stars (default: the next
    level), with ``frozen`` criteria left alone and at most ``max_changes`` changes. Returns a
    ``Record`` (``reachable``, ``reason``, ``changes``, ``result_after``, …)."""
    extra = _fields(
        target=target,
        frozen=list(frozen) if frozen is not None else None,
        max_changes=max_changes,
    )
    if extra:
        if not isinstance(request, Mapping):
            raise TypeError("target/frozen/max_changes can only be added to a dict request")
        request = {**request, **extra}
    return _ocop._advise(request)


def score_council(
    request: Any = None,
    *,
    edition: str | None = None,
    product_set: Any = None,
    level: str | None = None,
    members: Any = None,
    partial: bool | None = None,
    eliminated: Iterable[str] | None = None,
    date: Any = None,
    dossier: str | None = None,
):
    """Score a council: every member's sheet, the exact average, spread, minimums checked on
    every member's sheet, and what the council's level may do. Pass the whole request
    (``{"edition", "product_set", "level", "members": [{"member", "answers"}]}``) or its
    fields as keywords; ``members`` may also be a mapping ``{member name: answers}``.
    Returns a ``ScoreResult`` (``is_council`` is true)."""
    if request is not None:
        return _ocop._score_council(request)
    if isinstance(members, Mapping):
        members = [{"member": str(k), "answers": v} for k, v in members.items()]
    return _ocop._score_council(
        _fields(
            edition=edition,
            date=date,
            dossier=dossier,
            product_set=product_set,
            level=level,
            members=members,
            partial=partial,
            eliminated=list(eliminated) if eliminated is not None else None,
        )
    )


def minutes(
    requests: Any,
    path: Any = None,
    *,
    format: str = "pdf",
    lang: str = "vi",
) -> bytes:
    """The council's minutes for one session (Biên bản tổng hợp kết quả đánh giá), as PDF or
    XLSX bytes, from a list of council requests (dicts, or the JSON text of the list; one
    request alone is accepted). Each request may add ``product``, ``product_code`` and
    ``owner``. The same code as ``ocop minutes``: every figure is the core's council result.
    With ``path``, the file is also written there. Raises the typed ``OcopError`` subclasses,
    with each error's path under the request's index (``/1/members/0/answers/1.1``)."""
    import json as _json
    import os as _os

    if isinstance(requests, (bytes, bytearray)):
        data = bytes(requests)
    elif isinstance(requests, str):
        data = requests.encode("utf-8")
    else:
        if not isinstance(requests, Mapping):
            requests = list(requests)
        data = _json.dumps(requests, ensure_ascii=False).encode("utf-8")
    out = _ocop._minutes(data, format, lang)
    if path is not None:
        with open(_os.fspath(path), "wb") as f:
            f.write(out)
    return out
