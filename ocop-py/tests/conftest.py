"""Shared helpers: the repository root, the golden corpus, random answer sheets."""

from __future__ import annotations

import json
import random
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"


def golden_files() -> list[Path]:
    return sorted(GOLDEN.rglob("*.json"))


@lru_cache(maxsize=None)
def sheet_data(edition: str, product_set: int) -> dict:
    import ocop

    return ocop.sheet(edition, product_set)


def random_answers(rng: random.Random, edition: str, product_set: int, *, low: bool = False) -> dict:
    """A complete, valid answer map for a sheet (lists for additive criteria)."""
    out = {}
    for c in sheet_data(edition, product_set)["criteria"]:
        n = len(c["options"])
        if c["mode"] == "additive":
            k = rng.randint(0, n)
            out[c["code"]] = sorted(rng.sample(range(1, n + 1), k))
        else:
            out[c["code"]] = 1 if low else rng.randint(1, n)
    return out


def normalise(actual: dict, expected: dict) -> dict:
    """JSON normalisation, and drop `message` from actual errors where the expected error has
    none (DEVELOPING.md: messages are compared only when given)."""
    actual = json.loads(json.dumps(actual))
    exp_errors = expected.get("errors")
    if isinstance(exp_errors, list) and isinstance(actual.get("errors"), list):
        for a, e in zip(actual["errors"], exp_errors):
            if "message" not in e:
                a.pop("message", None)
    return actual


@pytest.fixture
def rng() -> random.Random:
    return random.Random(20261122)
