"""``Record``: a dict whose keys are also attributes (nested parts of a result)."""

from __future__ import annotations

from typing import Any

__all__ = ["Record"]


class Record(dict):
    """A ``dict`` with attribute access: ``result.parts.A.points``."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | {k for k in self if isinstance(k, str)})

    def to_dict(self) -> dict:
        """A plain copy (nested records become plain dicts)."""
        return _plain(self)


def _plain(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v
