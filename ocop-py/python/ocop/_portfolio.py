"""``ocop.portfolio``: a province's register of certified products analysed on a date.

The analysis is ``ocop-office``'s (the CLI's ``ocop portfolio``): every rule — validity, the
re-evaluation window, the extension, the bands — is the core's. This module only turns the
result into pandas DataFrames and shows the report's SVG charts in Jupyter.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
from typing import Any, Iterable, Mapping

from . import _ocop

__all__ = ["Portfolio", "portfolio"]


def _cell(v: Any) -> str | None:
    """A DataFrame value as the text a spreadsheet would show."""
    if v is None:
        return None
    try:  # pandas NaT / NA first: NaT is also a datetime, whose date() would print "NaT"
        import pandas as pd

        if v is pd.NaT or v is pd.NA or (isinstance(v, _dt.datetime) and pd.isna(v)):
            return None
    except ImportError:  # pragma: no cover
        pass
    if isinstance(v, float):
        if math.isnan(v):
            return None
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, _dt.datetime):
        return v.date().isoformat()
    if isinstance(v, _dt.date):
        return v.isoformat()
    try:  # pandas NaT / NA
        import pandas as pd

        if v is pd.NaT or v is pd.NA:
            return None
        if isinstance(v, pd.Timestamp):
            return v.date().isoformat()
    except ImportError:  # pragma: no cover
        pass
    if hasattr(v, "item"):  # NumPy scalars
        return _cell(v.item())
    s = str(v)
    return s if s.strip() else None


def _register_arg(register: Any) -> tuple[Any, str]:
    if isinstance(register, (str, os.PathLike)):
        return os.fspath(register), os.fspath(register)
    if isinstance(register, (bytes, bytearray)):
        return bytes(register), ""
    if hasattr(register, "columns") and hasattr(register, "itertuples"):  # a DataFrame
        columns = [str(c) for c in register.columns]
        cols = [[_cell(v) for v in register[c].tolist()] for c in register.columns]
        rows = [list(r) for r in zip(*cols)] if cols else []
        return (columns, rows), ""
    raise TypeError("register: a path, the file's bytes, or a pandas DataFrame")


def _targets_arg(targets: Any) -> Any:
    if targets is None:
        return None
    if isinstance(targets, (str, os.PathLike)):
        return os.fspath(targets)
    if isinstance(targets, (bytes, bytearray)):
        return bytes(targets)
    if hasattr(targets, "to_dict") and hasattr(targets, "columns"):  # a DataFrame
        targets = targets.to_dict(orient="records")
    if isinstance(targets, Iterable):
        items = []
        for t in targets:
            t = dict(t)
            if isinstance(t.get("by"), _dt.date):
                t["by"] = (t["by"].date() if isinstance(t["by"], _dt.datetime) else t["by"]).isoformat()
            items.append({k: (v.item() if hasattr(v, "item") else v) for k, v in t.items()
                          if v is not None and not (isinstance(v, float) and math.isnan(v))})
        return json.dumps(items, ensure_ascii=False).encode()
    raise TypeError("targets: a path, JSON bytes, a list of dicts or a DataFrame")


def _on_arg(on: Any) -> str:
    if isinstance(on, _dt.datetime):
        return on.date().isoformat()
    if isinstance(on, _dt.date):
        return on.isoformat()
    if on is None:
        raise TypeError("on: the date of the analysis (YYYY-MM-DD or datetime.date)")
    return str(on)


class Portfolio:
    """The analysis: ``products``, ``summary``, ``upcoming`` and ``targets`` as DataFrames,
    ``totals`` and ``to_dict()`` as plain data (the CLI's JSON), ``charts`` (SVG), and in
    Jupyter the charts themselves."""

    def __init__(self, data: dict, charts: str, args: tuple, name: str = "") -> None:
        self._data = data
        self.charts: str = charts
        self._args = args
        self._name = name

    def to_dict(self) -> dict:
        """The whole analysis, exactly the JSON document of ``ocop portfolio``."""
        return self._data

    @property
    def on(self) -> str:
        return self._data["on"]

    @property
    def totals(self) -> dict:
        return self._data["summary"]["totals"]

    @property
    def products(self):
        """One row per register row (its result or its error), in file order."""
        import pandas as pd

        rows = []
        for p in self._data["products"]:
            w = p.get("window") or {}
            nx = p.get("next_star") or {}
            plan = nx.get("plan")
            err = p.get("error") or {}
            rows.append({
                "row": p["row"], "product_id": p["product_id"], "product_name": p["product_name"],
                "owner": p["owner"], "commune": p["commune"], "district": p["district"],
                "product_set": p["product_set"], "product_set_name": p["product_set_name"],
                "sector": p["sector"], "edition": p["edition"],
                "edition_inferred": p["edition_inferred"], "stars": p["stars"],
                "total": p["total"], "issued": p["issued"], "standing": p["standing"],
                "expires": p["expires"], "valid_until": p["valid_until"],
                "window_opens": w.get("opens"), "window_closes": w.get("closes"),
                "window_state": w.get("state"), "days_to_expiry": p["days_to_expiry"],
                "three_star_non": p["three_star_non"], "next_star": nx.get("target"),
                "points_missing": nx.get("points_missing"),
                "plan": None if plan is None else [c["criterion"] for c in plan["changes"]],
                "flags": [f["code"] for f in p["flags"]],
                "error_code": err.get("code"), "error_column": err.get("column"),
                "error_message": err.get("message"),
            })
        return pd.DataFrame(rows)

    @property
    def summary(self):
        """Counts by stars, sector, product set and area: one row per group (``by``, ``key``,
        ``count``, ``valid``, ``stars_3``, ``stars_4``, ``stars_5``, ``three_star_non``)."""
        import pandas as pd

        s = self._data["summary"]
        rows = []

        def add(by: str, key: str, c: Mapping) -> None:
            rows.append({"by": by, "key": key, "count": c["count"], "valid": c["valid"],
                         **{f"stars_{k}": c["stars"].get(k, 0) for k in ("3", "4", "5")},
                         "three_star_non": c["three_star_non"]})

        for k, c in s["by_stars"].items():
            add("stars", k, c)
        for g in s["by_sector"]:
            add("sector", g["key"], g)
        for g in s["by_product_set"]:
            add("product_set", g["key"], g)
        for g in s["by_area"]["groups"]:
            add(s["by_area"]["level"], g["key"], g)
        return pd.DataFrame(rows)

    @property
    def upcoming(self):
        """Events of the next 180 days: windows opening and closing, expiries, ends of
        extensions."""
        import pandas as pd

        cols = ["date", "event", "days", "within", "row", "product_id", "product_name"]
        return pd.DataFrame(self._data["upcoming"], columns=cols)

    @property
    def targets(self):
        """Progress against each target."""
        import pandas as pd

        cols = ["name", "by", "stars_at_least", "sector", "count", "actual", "remaining",
                "still_valid_on_by", "met", "days_left"]
        return pd.DataFrame(self._data["targets"], columns=cols)

    def to_html(self, path: str | os.PathLike | None = None) -> str:
        """The self-contained HTML report (the CLI's ``--format html``); written to ``path``
        when given."""
        text = _ocop._portfolio(*self._args, name=self._name, output="html")
        if path is not None:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        return text

    def to_xlsx(self, path: str | os.PathLike) -> None:
        """The XLSX workbook (the CLI's ``--format xlsx``)."""
        data = _ocop._portfolio(*self._args, name=self._name, output="xlsx")
        with open(path, "wb") as f:
            f.write(data)

    def _repr_html_(self) -> str:
        t = self.totals
        head = (f"<p><b>Danh mục OCOP ngày {self.on}</b>: {t['products']} sản phẩm, "
                f"{t['valid']} còn hiệu lực, {t['three_star_non']} sản phẩm 3 sao dưới 60 điểm, "
                f"{t['window_open']} đang trong thời hạn nộp hồ sơ đánh giá lại, "
                f"{t['errors']} dòng lỗi.</p>")
        return f'<div class="ocop-portfolio">{head}{self.charts}</div>'

    def __repr__(self) -> str:
        t = self.totals
        return (f"Portfolio(on={self.on!r}, rows={t['rows']}, products={t['products']}, "
                f"valid={t['valid']}, errors={t['errors']})")


def portfolio(register: Any, on: Any, targets: Any = None) -> Portfolio:
    """Analyse a province's register on the date ``on``.

    ``register``: a path (CSV, XLSX, ODS or JSON lines), the file's bytes, or a pandas
    DataFrame with the register's columns (``docs/portfolio.md``). ``targets``: a path (JSON or
    CSV), a list of dicts ``{"name", "by", "stars_at_least", "count"[, "sector"]}`` or a
    DataFrame. Raises an ``OcopError`` subclass when the register cannot be read at all (a
    required column is missing, the file is unreadable); a bad row is reported on its row
    (``products.error_code``) and the others are analysed."""
    reg, name = _register_arg(register)
    args = (reg, _on_arg(on), _targets_arg(targets))
    out = _ocop._portfolio(*args, name=name)
    return Portfolio(json.loads(out["json"]), out["charts"], args, name)
