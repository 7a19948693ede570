"""The analyst example: the notebook matches the script and runs in a Jupyter kernel."""

from __future__ import annotations

import os

import nbformat
from nbclient import NotebookClient

from notebook import NOTEBOOK, SCRIPT, render


def test_notebook_is_the_script():
    assert NOTEBOOK.read_text(encoding="utf-8") == render(SCRIPT.read_text(encoding="utf-8")), (
        "examples/analyst.ipynb is out of date: run python ocop-py/tests/notebook.py"
    )


def test_notebook_executes(tmp_path):
    os.environ.setdefault("OCOP_ROOT", str(NOTEBOOK.parents[1]))  # the kernel inherits it
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    html = [
        o["data"]["text/html"]
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if "data" in o and "text/html" in o["data"]
    ]
    assert any("<svg" in h and "ocop-scorecard" in h for h in html), "no scorecard was displayed"
    assert any("ocop-portfolio" in h and "ocop-stars-by-sector" in h for h in html), "no portfolio charts"
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors
