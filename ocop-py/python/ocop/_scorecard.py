"""The scorecard of a result: one self-contained SVG (no scripts, fonts or network assets).

Shows parts A/B/C as bars against their maxima, the total, the stars (and the band when star
minimums capped it), the minimums that capped the star, the next-star gap with the advisor's
cheapest plan to reach it, and an elimination if one applies. Used by ``ScoreResult._repr_html_`` (Jupyter) and ``ScoreResult.to_svg``.
"""

from __future__ import annotations

import os
from typing import Any
from xml.sax.saxutils import escape

__all__ = ["render", "repr_html", "to_svg"]

WIDTH = 560
PAD = 16
BAR_X = 150
BAR_W = 300
FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif"
COLORS = {"A": "#2a9d8f", "B": "#457b9d", "C": "#8a5cb8"}
STAR_ON = "#e9a800"
STAR_OFF = "#d9d9d9"


def _t(x: float, y: float, text: Any, size: int = 12, weight: str = "normal",
       fill: str = "#222", anchor: str = "start") -> str:
    return (
        f'<text x="{x:.0f}" y="{y:.0f}" font-size="{size}" font-weight="{weight}" '
        f'fill="{fill}" text-anchor="{anchor}">{escape(str(text))}</text>'
    )


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _option(v: Any) -> str:
    if v is None:
        return "no answer"
    if isinstance(v, list):
        return "options " + ", ".join(str(x) for x in v) if v else "none"
    return f"option {v}"


def _plan(result: Any) -> dict | None:
    """The advisor's plan to the next star, or None (councils, errors)."""
    if getattr(result, "is_council", False) or not hasattr(result, "advise"):
        return None
    try:
        return result.advise().to_dict()
    except Exception:  # noqa: BLE001 - the scorecard never fails for want of a plan
        return None


def render(result: Any) -> str:
    """The SVG text of ``result`` (a ``ScoreResult``)."""
    r = result.to_dict()
    nxt = getattr(result, "next_star", None)
    body: list[str] = []
    y = PAD + 14
    ps = r.get("product_set") or {}
    title = f"OCOP {r.get('edition', '')} · set {ps.get('number', '?')}"
    body.append(_t(PAD, y, title, 15, "bold"))
    y += 18
    body.append(_t(PAD, y, _clip(str(ps.get("name", "")), 80), 11, fill="#555"))
    y += 16
    if "members" in r:
        body.append(_t(PAD, y, f"Council of {len(r['members'])} members (average of their totals)", 11, fill="#555"))
        y += 16

    # Parts as bars against their maxima.
    y += 6
    for code in ("A", "B", "C"):
        part = (r.get("parts") or {}).get(code)
        if not part:
            continue
        pts, mx = part.get("points", 0), part.get("max", 0) or 1
        try:
            frac = max(0.0, min(1.0, float(pts) / float(mx)))
        except (TypeError, ValueError):
            frac = 0.0
        body.append(_t(PAD, y + 12, f"Part {code}", 12, "bold"))
        body.append(
            f'<rect x="{BAR_X}" y="{y}" width="{BAR_W}" height="16" rx="3" fill="#eee" stroke="#ccc"/>'
        )
        body.append(
            f'<rect class="bar-{code}" x="{BAR_X}" y="{y}" width="{BAR_W * frac:.1f}" height="16" '
            f'rx="3" fill="{COLORS[code]}"/>'
        )
        body.append(_t(BAR_X + BAR_W + 8, y + 12, f"{pts} / {part.get('max', '?')}", 12))
        y += 24

    # Total and stars.
    y += 12
    body.append(_t(PAD, y + 8, f"Total {r.get('total')} / 100", 18, "bold"))
    stars = r.get("stars")
    band = r.get("band")
    sx = BAR_X + 70
    for k in range(1, 6):
        on = stars is not None and k <= stars
        body.append(
            f'<text x="{sx + (k - 1) * 24}" y="{y + 10}" font-size="24" '
            f'fill="{STAR_ON if on else STAR_OFF}" class="{"star-on" if on else "star-off"}">★</text>'
        )
    label = "no stars (eliminated)" if stars is None else f"{stars}★"
    if stars is not None and band is not None and band != stars:
        label += f" (band {band}★)"
    body.append(_t(sx + 5 * 24 + 6, y + 6, label, 12, "bold"))
    y += 28

    # Elimination.
    elim = r.get("eliminated")
    if elim:
        how = "flagged by the council" if elim.get("by") == "request" else "triggered by the answers"
        kind = "Stop rule" if elim.get("kind") == "stop_rule" else "Eliminated"
        body.append(
            f'<rect x="{PAD}" y="{y - 4}" width="{WIDTH - 2 * PAD}" height="36" rx="4" fill="#fdecea" stroke="#e57373"/>'
        )
        body.append(_t(PAD + 8, y + 11, f"{kind}: criterion {elim.get('criterion')} ({how})", 12, "bold", "#b71c1c"))
        body.append(_t(PAD + 8, y + 26, _clip(str(elim.get("note", "")), 88), 11, fill="#b71c1c"))
        y += 44

    # Minimums that capped the star.
    caps = r.get("capped_by") or []
    if caps:
        body.append(_t(PAD, y + 4, "Star minimums not met (they cap the stars):", 12, "bold", "#b35c00"))
        y += 20
        for c in caps:
            line = (
                f"• {c.get('criterion')}: {c.get('level')}★ needs option {c.get('required_option')}"
                f" or better, answered {_option(c.get('answered_option'))}"
            )
            body.append(_t(PAD + 8, y, line, 12, fill="#b35c00"))
            y += 17
        y += 2

    # Next star (and the advisor's cheapest plan to it, single sheets).
    plan = _plan(result) if nxt else None
    plan_minimums = bool(plan) and any(c.get("required_by_minimum") for c in plan.get("changes") or [])
    if nxt:
        if nxt.get("blocked_by_minimums"):
            text = (
                f"Next: {nxt['stars']}★ — the total already reaches {nxt['min_total']}; "
                "meet the star minimums above"
            )
        else:
            text = (
                f"Next: {nxt['stars']}★ at {nxt['min_total']} points — "
                f"{nxt['points_needed']} more point{'s' if nxt['points_needed'] != 1 else ''}"
                + (" and the star minimums above" if caps else " and its star minimums" if plan_minimums else "")
            )
        body.append(_t(PAD, y + 4, text, 12, "bold", "#1d3557"))
        y += 20
    elif stars == 5:
        body.append(_t(PAD, y + 4, "Highest level reached (5★)", 12, "bold", "#1d3557"))
        y += 20

    if plan is not None:
        if plan.get("reachable") and plan.get("changes"):
            changes = plan["changes"]
            body.append(_t(PAD, y + 4, f"Cheapest plan to {plan['target']}★ ({len(changes)} change{'s' if len(changes) != 1 else ''}):", 12, "bold", "#1d3557"))
            y += 19
            for c in changes[:6]:
                why = ", star minimum" if c.get("required_by_minimum") else ""
                line = f"• {c['criterion']}: {_option(c.get('from'))} → {_option(c.get('to'))} (+{c.get('points_gained', 0)}{why})"
                body.append(_t(PAD + 8, y, line, 12, fill="#1d3557"))
                y += 17
            if len(changes) > 6:
                body.append(_t(PAD + 8, y, f"… and {len(changes) - 6} more (result.advise())", 11, fill="#555"))
                y += 16
            y += 2
        elif not plan.get("reachable") and plan.get("reason"):
            body.append(_t(PAD, y + 4, _clip(f"No plan to {plan['target']}★: {plan['reason'].get('message', '')}", 90), 11, fill="#555"))
            y += 18

    unanswered = r.get("unanswered") or []
    if unanswered and not elim:
        body.append(_t(PAD, y + 4, _clip(f"Unanswered ({len(unanswered)}): " + ", ".join(unanswered), 90), 11, fill="#555"))
        y += 18
    for w in r.get("warnings") or []:
        body.append(_t(PAD, y + 4, _clip("⚠ " + str(w.get("message", "")), 95), 10, fill="#7a5d00"))
        y += 15
    prov = r.get("provenance") or {}
    if prov:
        body.append(_t(PAD, y + 6, _clip(f"{prov.get('decision', '')} · data {prov.get('data_version', '')} · engine {prov.get('engine_version', '')}", 95), 9, fill="#888"))
        y += 14

    height = y + PAD
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title, {chr(34): "&quot;"})} scorecard" '
        f'style="{FONT}">'
        f'<rect x="0.5" y="0.5" width="{WIDTH - 1}" height="{height - 1}" rx="8" fill="#fff" stroke="#ccc"/>'
        + "".join(body)
        + "</svg>"
    )


def repr_html(result: Any) -> str:
    """Jupyter's rich display: the scorecard inline."""
    return f'<div class="ocop-scorecard">{render(result)}</div>'


def to_svg(result: Any, path: str | os.PathLike[str] | None = None) -> str:
    """The scorecard SVG; written to ``path`` (UTF-8) when given."""
    svg = render(result)
    if path is not None:
        with open(path, "w", encoding="utf-8") as f:
            f.write(svg)
    return svg
