"""Type stubs for ``ocop`` (the native module ``ocop._ocop`` and the Python helpers)."""

from __future__ import annotations

import datetime
import os
from typing import Any, Iterable, Mapping, NamedTuple, Sequence, overload

__version__: str

JSONLike = Mapping[str, Any]
Request = Mapping[str, Any] | str | bytes | bytearray
DateLike = str | datetime.date

class ErrorDetail(NamedTuple):
    code: str
    path: str
    message: str

class OcopError(ValueError):
    errors: tuple[ErrorDetail, ...]
    def __init__(self, errors: Sequence[ErrorDetail | tuple[str, str, str]]) -> None: ...
    @property
    def code(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def ok(self) -> bool: ...
    def to_dict(self) -> dict[str, Any]: ...

class InputFormatError(OcopError): ...
class UnknownReferenceError(OcopError): ...
class AnswerError(OcopError): ...
class DataError(OcopError): ...

class Record(dict[str, Any]):
    """A dict with attribute access (nested parts of results)."""
    def __getattr__(self, name: str) -> Any: ...
    def to_dict(self) -> dict[str, Any]: ...

class ScoreResult:
    """A scored sheet or council: attribute access to the core's JSON fields."""
    # Fields of a single-sheet result (a council adds level, members, average, spread, ...).
    status: str
    edition: str
    product_set: Record
    complete: bool
    parts: Record
    total: int | str
    band: int
    stars: int | None
    capped_by: list[Record]
    eliminated: Record | None
    unanswered: list[str]
    criteria: list[Record]
    warnings: list[Record]
    provenance: Record
    @property
    def ok(self) -> bool: ...
    @property
    def is_council(self) -> bool: ...
    @property
    def next_star(self) -> dict[str, Any] | None: ...
    def __getattr__(self, name: str) -> Any: ...
    def __getitem__(self, name: str) -> Any: ...
    def __contains__(self, name: str) -> bool: ...
    def keys(self) -> list[str]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self, indent: int | None = None) -> str: ...
    def to_svg(self, path: str | os.PathLike[str] | None = None) -> str: ...
    def advise(
        self,
        target: int | None = None,
        *,
        frozen: Iterable[str] | None = None,
        max_changes: int | None = None,
    ) -> Record: ...
    def _repr_html_(self) -> str: ...

class Sheet:
    """A parsed criteria sheet: scores many answer maps without resolving it again."""
    def __init__(self, edition: str, product_set: str | int) -> None: ...
    @property
    def edition(self) -> str: ...
    @property
    def product_set(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def codes(self) -> list[str]: ...
    def __len__(self) -> int: ...
    def to_dict(self) -> dict[str, Any]: ...
    def score(
        self,
        answers: Mapping[str, int | Sequence[int] | None],
        *,
        partial: bool = False,
        eliminated: Iterable[str] | None = None,
    ) -> ScoreResult: ...
    def score_many(
        self,
        answer_maps: Iterable[Mapping[str, int | Sequence[int] | None]],
        *,
        partial: bool = False,
    ) -> list[ScoreResult | OcopError]: ...

def editions() -> list[dict[str, Any]]: ...
def product_sets(edition: str) -> list[dict[str, Any]]: ...
def sheet(edition: str, product_set: str | int) -> dict[str, Any]: ...
def versions() -> dict[str, Any]: ...

#: The request keys that choose an edition (the core's one list): ``edition``, or ``date`` with
#: ``dossier`` and optionally ``evaluated_on``. ``score_frame`` reads these columns and
#: ``product_set``.
EDITION_CHOICE_KEYS: tuple[str, ...]
def score(request: Request) -> ScoreResult: ...
def score_many(requests: Iterable[Request]) -> list[ScoreResult | OcopError]: ...
def score_council(
    request: Request | None = None,
    *,
    edition: str | None = None,
    product_set: str | int | None = None,
    level: str | None = None,
    members: Mapping[str, Mapping[str, Any]] | Sequence[Mapping[str, Any]] | None = None,
    partial: bool | None = None,
    eliminated: Iterable[str] | None = None,
    date: DateLike | None = None,
    dossier: str | None = None,
) -> ScoreResult: ...
@overload
def edition_for(date: Request) -> Record: ...
@overload
def edition_for(date: DateLike, dossier: str, *, evaluated_on: DateLike | None = None) -> Record: ...
@overload
def certificate(issued: Request) -> Record: ...
@overload
def certificate(
    issued: DateLike,
    *,
    edition: str | None = None,
    on: DateLike | None = None,
    reevaluation_filed: DateLike | None = None,
    result_on: DateLike | None = None,
) -> Record: ...
def advise(
    request: Request,
    target: int | None = None,
    *,
    frozen: Iterable[str] | None = None,
    max_changes: int | None = None,
) -> Record: ...
def score_frame(df: Any, *, partial: bool = False, ignore: Iterable[str] = ()) -> Any:
    """pandas.DataFrame in, pandas.DataFrame out (columns A, B, C, total, band, stars,
    capped_by, eliminated, error)."""

class Portfolio:
    """A province's register analysed on a date (``ocop.portfolio``)."""
    charts: str
    @property
    def on(self) -> str: ...
    @property
    def totals(self) -> dict[str, Any]: ...
    @property
    def products(self) -> Any: ...  # pandas.DataFrame
    @property
    def summary(self) -> Any: ...  # pandas.DataFrame
    @property
    def upcoming(self) -> Any: ...  # pandas.DataFrame
    @property
    def targets(self) -> Any: ...  # pandas.DataFrame
    def to_dict(self) -> dict[str, Any]: ...
    def to_html(self, path: str | os.PathLike[str] | None = None) -> str: ...
    def to_xlsx(self, path: str | os.PathLike[str]) -> None: ...
    def _repr_html_(self) -> str: ...

def portfolio(
    register: str | os.PathLike[str] | bytes | Any,
    on: DateLike,
    targets: str | os.PathLike[str] | bytes | Iterable[Mapping[str, Any]] | Any | None = None,
) -> Portfolio: ...
