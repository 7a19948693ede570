"""Exception classes raised by ``ocop``: ``OcopError`` and one subclass per error family.

Every error carries the core's stable ``code`` (the same string as in the CLI's JSON), the JSON
Pointer ``path`` of the offending field in the request (``""`` for the whole input) and a
``message``; ``errors`` lists every error found, the first of which gives ``code``, ``path`` and
``message``. An error found in an office file (``read_forms``) also has a ``source``: the dict
``{"file", "sheet", "cell"}`` (``None`` otherwise). The class is chosen from the first error's
code.
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

__all__ = [
    "AnswerError",
    "DataError",
    "ErrorDetail",
    "FormError",
    "InputFormatError",
    "OcopError",
    "UnknownReferenceError",
    "FAMILIES",
]


class ErrorDetail(NamedTuple):
    """One error: stable code, JSON Pointer path, human-readable message, and for an error
    found in an office file its ``source`` ``{"file", "sheet", "cell"}``."""

    code: str
    path: str
    message: str
    source: dict | None = None

    def __str__(self) -> str:
        where = f" at {self.path}" if self.path else ""
        return f"{self.code}{where}: {self.message}"


class OcopError(ValueError):
    """Base class of every error ``ocop`` raises for bad input or data (a ``ValueError``)."""

    errors: tuple[ErrorDetail, ...]

    def __init__(self, errors: Sequence[ErrorDetail | tuple]) -> None:
        details = tuple(ErrorDetail(*_detail(e)) for e in errors) or (
            ErrorDetail("invalid_data", "", "unspecified error"),
        )
        self.errors = details
        super().__init__("; ".join(str(e) for e in details))

    @property
    def code(self) -> str:
        """Stable code of the first error, e.g. ``"option_out_of_range"``."""
        return self.errors[0].code

    @property
    def path(self) -> str:
        """JSON Pointer of the first error in the request (``""`` = the whole input)."""
        return self.errors[0].path

    @property
    def message(self) -> str:
        """Message of the first error."""
        return self.errors[0].message

    @property
    def source(self) -> dict | None:
        """Where in an office file the first error is: ``{"file", "sheet", "cell"}`` (``sheet``
        and ``cell`` may be ``None``), or ``None`` for an error of a request."""
        return self.errors[0].source

    @property
    def ok(self) -> bool:
        """``False``: lets batch results be filtered with ``r.ok`` (see ``score_many``)."""
        return False

    def to_dict(self) -> dict:
        """The core's failure document: ``{"status": "failure", "errors": [...]}``."""
        return {"status": "failure", "errors": [_as_dict(e) for e in self.errors]}

    def __reduce__(self):  # picklable (multiprocessing, joblib)
        return (type(self), (self.errors,))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, path={self.path!r}, message={self.message!r})"


class InputFormatError(OcopError):
    """The request is not well-formed: JSON syntax, types, fields, numbers, dates."""


class UnknownReferenceError(OcopError):
    """The request names something this release does not know: edition, product set,
    criterion, or no edition for a date."""


class AnswerError(OcopError):
    """The answers do not fit the sheet: option out of range, missing or repeated answers,
    a criterion flagged as eliminated that has no elimination note."""


class FormError(OcopError):
    """A filled form or office file cannot be read as one: not a readable xlsx/ods/csv
    (``invalid_file``), made for another edition or set or changed since (``form_mismatch``),
    a cell that holds no answer (``unreadable_cell``). ``source`` names the file, sheet, cell."""


class DataError(OcopError):
    """This release lacks the data to answer, or its embedded data (or code) is defective."""


#: Error code → exception class. Codes not listed raise ``OcopError`` itself.
FAMILIES: dict[str, type[OcopError]] = {
    **dict.fromkeys(
        [
            "invalid_json",
            "empty_input",
            "nesting_too_deep",
            "input_too_large",
            "wrong_type",
            "unknown_field",
            "duplicate_key",
            "missing_field",
            "invalid_number",
            "conflicting_fields",
            "invalid_date",
        ],
        InputFormatError,
    ),
    **dict.fromkeys(
        ["unknown_edition", "unknown_product_set", "unknown_criterion", "no_edition_for_date"],
        UnknownReferenceError,
    ),
    **dict.fromkeys(
        [
            "option_out_of_range",
            "missing_answer",
            "multiple_answers",
            "duplicate_option",
            "not_eliminable",
        ],
        AnswerError,
    ),
    **dict.fromkeys(["data_unavailable", "invalid_data"], DataError),
    **dict.fromkeys(["invalid_file", "form_mismatch", "unreadable_cell"], FormError),
}


def _detail(e) -> tuple:
    """``(code, path, message[, source])``, with a source tuple ``(file, sheet, cell)`` made a
    dict."""
    e = tuple(e)
    if len(e) > 3 and isinstance(e[3], tuple):
        file, sheet, cell = e[3]
        return (*e[:3], {"file": file, "sheet": sheet, "cell": cell})
    return e


def _as_dict(e: ErrorDetail) -> dict:
    """An error as the core prints it: ``source`` only when there is one."""
    d = e._asdict()
    if d.get("source") is None:
        d.pop("source", None)
    return d


def _make_error(errors: Sequence[tuple]) -> OcopError:
    """Builds the exception for a list of ``(code, path, message[, source])`` (called from
    Rust)."""
    first = errors[0][0] if errors else "invalid_data"
    return FAMILIES.get(first, OcopError)(errors)
