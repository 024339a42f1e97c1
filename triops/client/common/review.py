"""The peer review of roadmaps as text: a team's presentation and the results, the same on
the projector, the player's review screen and the facilitator's console.

Each function reads the `review` part of a view (docs/protocol.md) and returns rich Text;
nothing here holds game state.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.text import Text

LEVEL_SHORT = {"beginning": "1 beginning", "developing": "2 developing",
               "proficient": "3 proficient", "exemplary": "4 exemplary"}
TONES = {"positive": "green", "negative": "red"}


def level_text(level: str) -> str:
    return LEVEL_SHORT.get(level, level or "—")


def presentation_text(pres: Mapping[str, Any] | None, wide: bool = True) -> Text:
    """A presenting team's roadmap, charter, standards and key decisions, in one column."""
    head, plan, rest = presentation_parts(pres, wide)
    out = Text()
    for part in (head, plan, rest):
        out.append(part)
    return out


def presentation_parts(pres: Mapping[str, Any] | None, wide: bool = True
                       ) -> tuple[Text, Text, Text]:
    """The presentation in three parts, for a projector that sets them side by side: the
    heading, the roadmap (with its revisions), and the committee, standards and decisions."""
    head, plan, rest = Text(), Text(), Text()
    if not pres:
        head.append("No team is presenting yet.", style="italic")
        return head, plan, rest
    head.append(f"{pres.get('name')} presents its roadmap", style="bold reverse")
    if pres.get("rank"):
        head.append(f"   rank {pres.get('rank')} · outcome {pres.get('outcome')}/100",
                    style="bold")
    head.append("\n")
    plan.append("\nThe roadmap\n", style="bold underline")
    lines: Sequence[Mapping[str, Any]] = pres.get("roadmap") or []
    if not lines:
        plan.append("  (no roadmap)\n", style="italic")
    quarter = None
    for line in lines:
        q = line.get("quarter")
        plan.append(f"  {'Q' + str(q) if q != quarter else '':<4}", style="bold")
        quarter = q
        plan.append(f"{line.get('initiative')} {line.get('name')}", style="bold")
        plan.append(f" · {line.get('level')} · {line.get('owner')}")
        if line.get("kpi"):
            plan.append(f" · {line.get('kpi')}")
        if line.get("goal"):
            plan.append(f" → goal “{line.get('goal')}”")
        plan.append("\n")
    for r in pres.get("revisions") or []:
        plan.append(f"  Revised in Q{r.get('quarter')} by {r.get('by')}: “{r.get('reason')}”\n",
                    style="italic")
    out = rest
    charter = pres.get("charter")
    out.append("\nThe committee\n", style="bold underline")
    if not charter:
        out.append("  (no charter)\n", style="italic")
    else:
        out.append(f"  Members: {', '.join(charter.get('members') or []) or 'none'}")
        if charter.get("chair"):
            out.append(f" (chair: {charter['chair']})")
        out.append(f"\n  Meets {charter.get('cadence') or 'unset'} · rights: "
                   f"{', '.join(charter.get('decision_rights') or []) or 'none'}\n")
        out.append(f"  Risk tiering {'on' if charter.get('risk_tiering') else 'off'} · "
                   f"decision log {'kept' if charter.get('decision_log') else 'none'} · "
                   f"escalation: {' → '.join(charter.get('escalation') or []) or 'none'}\n")
        if charter.get("frameworks"):
            out.append(f"  Frameworks: {', '.join(charter['frameworks'])}\n")
        if wide and charter.get("raci"):
            out.append(f"  Accountable: {'; '.join(charter['raci'])}\n")
    out.append("\nThe standards\n", style="bold underline")
    standards = pres.get("standards") or []
    if not standards:
        out.append("  (none proposed)\n", style="italic")
    for s in standards:
        adopted = f"adopted Q{s['adopted']}" if s.get("adopted") else "proposed only"
        out.append(f"  {s.get('name')}", style="bold")
        out.append(f" · {s.get('owner')} · {s.get('mechanism')} · {adopted}")
        if s.get("kpi"):
            out.append(f" · KPI {s.get('kpi')}")
        out.append("\n")
    decisions = pres.get("decisions") or []
    if decisions:
        out.append("\nKey decisions\n", style="bold underline")
    for d in decisions:
        out.append(f"  {d.get('objective')} Q{d.get('quarter')} ", style="bold")
        out.append(str(d.get("decision")))
        out.append(f" → {d.get('consequence')}\n", style=TONES.get(str(d.get("tone")), ""))
    return head, plan, rest


def results_text(results: Mapping[str, Any] | None) -> Text:
    """Levels per criterion, the peers' beside the facilitator's, then the comments."""
    out = Text()
    if not results:
        out.append("No results yet.", style="italic")
        return out
    out.append(f"Results: {results.get('name')}", style="bold reverse")
    n, expected = int(results.get("reviews") or 0), int(results.get("expected") or 0)
    out.append(f"   {n} peer review{'' if n == 1 else 's'}"
               + (f" (of {expected} expected)" if expected and n < expected else "")
               + (" · the facilitator's beside them" if results.get("assessed") else ""),
               style="bold")
    out.append("\n\n")
    rows = results.get("criteria") or []
    width = max([len(str(r.get("title"))) for r in rows] + [9]) + 2
    out.append(f"  {'criterion':<{width}}{'peers: median · mean':<23}{'spread 1·2·3·4':<17}"
               "facilitator\n", style="bold")
    for r in rows:
        peers = r.get("peers") or {}
        spread = "·".join(str(peers.get(level, 0)) for level in LEVEL_SHORT)
        out.append(f"  {r.get('title')!s:<{width}}", style="bold")
        mean = r.get("peer_mean")
        peers = level_text(str(r.get("peer_level") or "")) + (f" · {mean}" if mean else "")
        out.append(f"{peers:<23}")
        out.append(f"{spread:<17}")
        out.append(level_text(str(r.get("facilitator") or "")), style="bold")
        out.append("\n")
    if any(r.get("comments") or r.get("facilitator_comment") for r in rows):
        out.append("\nComments\n", style="bold underline")
    for r in rows:
        said = [(str(c.get("by")), str(c.get("text"))) for c in r.get("comments") or []]
        if r.get("facilitator_comment"):
            said.append(("facilitator", str(r["facilitator_comment"])))
        for by, text in said:
            out.append(f"  {r.get('title')} · {by}: ", style="bold")
            out.append(f"{text}\n")
    return out


def progress_text(review: Mapping[str, Any]) -> str:
    p = review.get("progress") or {}
    return f"{p.get('submitted', 0)} of {p.get('expected', 0)} reviews in"
