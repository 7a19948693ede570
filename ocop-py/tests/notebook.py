"""examples/analyst.ipynb is examples/analyst.py as a notebook: the cells of the script
(``# %%`` code cells, ``# %% [markdown]`` text cells) in order, without outputs.

    python ocop-py/tests/notebook.py        # rewrites examples/analyst.ipynb from the script
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "examples" / "analyst.py"
NOTEBOOK = ROOT / "examples" / "analyst.ipynb"


def cells(text: str) -> list[tuple[str, str]]:
    """(kind, source) per cell of a percent-format script."""
    out: list[tuple[str, str]] = []
    for block in re.split(r"^# %%", text, flags=re.M)[1:]:
        header, _, body = block.partition("\n")
        if header.strip() == "[markdown]":
            lines = [re.sub(r"^# ?", "", ln) for ln in body.strip("\n").splitlines()]
            out.append(("markdown", "\n".join(lines)))
        else:
            out.append(("code", body.strip("\n")))
    return out


def notebook(text: str) -> dict:
    def cell(kind: str, src: str) -> dict:
        lines = src.splitlines(keepends=True)
        c = {"cell_type": kind, "metadata": {}, "source": lines}
        if kind == "code":
            c.update({"execution_count": None, "outputs": []})
        return c

    return {
        "cells": [cell(k, s) for k, s in cells(text)],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def render(text: str) -> str:
    nb = notebook(text)
    for i, c in enumerate(nb["cells"]):
        c["id"] = f"cell-{i:02d}"
    return json.dumps(nb, ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    NOTEBOOK.write_text(render(SCRIPT.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {NOTEBOOK}", file=sys.stderr)
