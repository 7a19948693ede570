"""ocop: Vietnam's OCOP product-evaluation criteria as data, and one deterministic evaluator.

A thin binding of the Rust library ``ocop-core``: every rule lives there, so scores here are
identical to the CLI's, the web form's and the Rust API's.

>>> import ocop
>>> r = ocop.score({"edition": "26/2026", "product_set": "1", "answers": {"1.1": 3}, "partial": True})
>>> r.parts.A.points >= 0
True

Errors are ``ocop.OcopError`` (a ``ValueError``) subclasses with ``.code``, ``.path``,
``.message`` and ``.errors``; the codes are the CLI's.
"""

from __future__ import annotations

from ._errors import (
    AnswerError,
    DataError,
    ErrorDetail,
    InputFormatError,
    OcopError,
    UnknownReferenceError,
    _make_error,
)
from ._record import Record

try:
    from . import _ocop
except ImportError as e:  # pragma: no cover - depends on the interpreter
    import sys

    if hasattr(sys, "_is_gil_enabled") and not sys._is_gil_enabled():
        raise ImportError(
            "ocop's wheel uses the stable ABI (abi3), which free-threaded CPython cannot load; "
            "use a regular CPython >= 3.11"
        ) from e
    raise

from ._frame import score_frame
from ._ops import advise, certificate, edition_for, score_council
from ._portfolio import Portfolio, portfolio
from ._ocop import (
    EDITION_CHOICE_KEYS,
    ScoreResult,
    Sheet,
    editions,
    product_sets,
    score,
    score_many,
    sheet,
    versions,
)

__version__: str = _ocop.__version__

__all__ = [
    "EDITION_CHOICE_KEYS",
    "AnswerError",
    "DataError",
    "ErrorDetail",
    "InputFormatError",
    "OcopError",
    "Portfolio",
    "Record",
    "ScoreResult",
    "Sheet",
    "UnknownReferenceError",
    "__version__",
    "advise",
    "certificate",
    "edition_for",
    "editions",
    "portfolio",
    "product_sets",
    "score",
    "score_council",
    "score_frame",
    "score_many",
    "sheet",
    "versions",
]
