# %% [markdown]
# # OCOP scoring for a provincial analyst
#
# Score a whole province's sheets from a table, find what caps the stars, look at one
# product's scorecard and the cheapest way to its next star, a council round, and which
# rules apply to a dossier. Every number comes from `ocop-core`, the same engine as the CLI
# and the web form. (This file is also `examples/analyst.ipynb`; the cells are the same.)

# %%
import random
import tempfile
from pathlib import Path

import pandas as pd

import ocop

print(ocop.versions())
print([e["id"] for e in ocop.editions()])

# %% [markdown]
# ## A province's sheets as a table
# One row per product: `edition`, `product_set` and one column per criterion code holding the
# option number (1 = first printed option). Criteria a product set does not have stay empty.
# In practice this comes from `pd.read_excel(...)`; here we make 1,000 plausible rows.

# %%
rng = random.Random(7)
rows = []
for i in range(1000):
    ps = rng.randint(1, 26)
    sheet = ocop.sheet("26/2026", ps)
    answers = {c["code"]: max(1, len(c["options"]) - int(rng.expovariate(1.0))) for c in sheet["criteria"]}
    rows.append({"product": f"SP-{i:04d}", "edition": "26/2026", "product_set": ps, **answers})
rows[10]["1.1"] = 9          # a typo: option 9 does not exist
rows[11]["edition"] = "26/2062"  # a wrong edition
df = pd.DataFrame(rows).set_index("product")
df.iloc[:3, :8]

# %% [markdown]
# ## Score every row at once
# `score_frame` returns a frame with the same index: part points, total, band (stars by total
# alone), stars (after the star minimums), the minimums that capped the stars, an elimination,
# and the error of rows that could not be scored. Bad rows never stop the others.

# %%
scores = ocop.score_frame(df)
print(scores["stars"].value_counts(dropna=False).sort_index())
scores[scores["error"].notna()][["error"]]

# %% [markdown]
# ## What holds products back?
# Products whose total reaches a higher band than their stars are capped by a star minimum
# ("dấu sao"). Which criteria cap them most often?

# %%
capped = scores[scores["band"] > scores["stars"]]
print(f"{len(capped)} of {scores['stars'].notna().sum()} scored products are capped by a star minimum")
capped["capped_by"].explode().value_counts().head(5)

# %% [markdown]
# ## One product: the scorecard
# A result shows itself as a scorecard in Jupyter (`_repr_html_`: an inline SVG, no network).
# `to_svg(path)` saves it for a report.

# %%
product = "SP-0000"
row = df.loc[product]
request = {
    "edition": row["edition"],
    "product_set": str(row["product_set"]),
    "answers": {k: int(v) for k, v in row.drop(["edition", "product_set"]).dropna().items()},
}
result = ocop.score(request)
out = Path(tempfile.mkdtemp()) / f"{product}.svg"
result.to_svg(out)
print(result, "->", out)
result

# %% [markdown]
# ## The cheapest way to the next star
# The advisor names the fewest criteria to change (and to which option) so that the product
# reaches the next star level, star minimums included.

# %%
plan = result.advise()
print(f"target {plan.target}★, reachable: {plan.reachable}, points needed: {plan.points_needed}")
pd.DataFrame(plan.changes)

# %% [markdown]
# ## What-if, fast: a parsed sheet
# `ocop.Sheet` resolves the sheet once and scores many answer maps against it.

# %%
handle = ocop.Sheet(request["edition"], request["product_set"])
what_if = dict(request["answers"])
for change in plan.changes:
    what_if[change.criterion] = change.to
print(handle.score(request["answers"]).stars, "->", handle.score(what_if).stars)

# %% [markdown]
# ## A council round
# Each member scores the sheet; the council's band comes from the exact average, and a star
# minimum counts as met only if every member's sheet meets it.

# %%
members = {}
for name in ["Chủ tịch", "Thành viên 1", "Thành viên 2"]:
    a = dict(request["answers"])
    code = rng.choice(list(a))
    a[code] = max(1, a[code] - 1)
    members[name] = a
council = ocop.score_council(edition="26/2026", product_set=request["product_set"], level="province", members=members)
print(council.total, council.average.decimal, council.stars, council.action.code)
pd.DataFrame(council.members)

# %% [markdown]
# ## Which rules apply, and for how long is a certificate valid?

# %%
print(ocop.edition_for("2026-06-15", "first").edition)
print(ocop.edition_for("2026-06-15", "reevaluation").reason)
cert = ocop.certificate("2024-03-01", on="2026-11-22")
print(cert.expires, cert.valid, cert.reevaluation_window.opens, cert.reevaluation_window.closes)

# %% [markdown]
# ## Errors are exceptions with a code and a path

# %%
try:
    ocop.score({**request, "answers": {**request["answers"], "1.1": 9}})
except ocop.AnswerError as e:
    print(type(e).__name__, e.code, e.path, "—", e.message)

# %% [markdown]
# ## A province's portfolio: certificates, re-evaluation windows, products to upgrade, targets
# A provincial OCOP office keeps a register with one row per certified product
# (`examples/register.csv`: 420 synthetic products made by `tools/gen_register.py`, with the
# shares provincial plans report — 80 % 3★, most of them under 60 points, a few 5★). On a date,
# `ocop.portfolio` gives each certificate's standing, expiry and re-evaluation window (filed 180
# to 120 days before expiry), the 3★ products under 60 points, what the next star needs, counts
# by stars, sector, product set and district, the events of the next 30/90/180 days and the
# progress against the plan's targets. A register can also be an XLSX file or a DataFrame.

# %%
import os

ROOT = next(
    (p for p in [Path(os.environ.get("OCOP_ROOT", ".")).resolve(), Path.cwd(), *Path.cwd().parents]
     if (p / "examples" / "register.csv").exists()),
    Path("."),
)
register = pd.read_csv(ROOT / "examples" / "register.csv", dtype=str, keep_default_na=False)
pf = ocop.portfolio(register, on="2026-12-01", targets=ROOT / "examples" / "targets.json")
print(pf)
pf  # the charts: stars by sector, windows and expiries month by month, progress to targets

# %% [markdown]
# Products whose re-evaluation window is open now, the soonest deadline first:

# %%
products = pf.products
products[products.window_state == "open"].sort_values("window_closes")[
    ["product_id", "product_name", "district", "stars", "window_opens", "window_closes", "expires"]
].head(10)

# %% [markdown]
# The "3 sao non" share, counts by sector, the next 30 days, and the targets:

# %%
t = pf.totals
print(f"{t['three_star_non']} of {t['three_star']} valid 3★ products score under 60 "
      f"({100 * t['three_star_non'] // max(1, t['three_star'])} %)")
summary = pf.summary
print(summary[summary["by"] == "sector"][["key", "valid", "stars_3", "stars_4", "stars_5", "three_star_non"]])
print(pf.upcoming[pf.upcoming.within == 30][["date", "event", "product_id", "product_name"]].head(10))
pf.targets
