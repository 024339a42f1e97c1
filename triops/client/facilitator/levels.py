"""Objective levels for the console, as the server computed them: each team's entry in the
facilitator view's `assessments` (the server works them out at each review and at the end,
and when a level is confirmed), shaped for the console's table and detail panel."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text


class Levels:
    """One team's assessment from the view."""

    def __init__(self, assessment: Mapping[str, Any]) -> None:
        self.assessment = assessment
        self.by_id: dict[str, Mapping[str, Any]] = {
            str(o["objective"]): o for o in assessment.get("objectives", ())}

    def level_name(self, objective: str) -> str:
        return str(self.by_id[objective]["level"])

    def names(self) -> dict[str, str]:
        return {o: self.level_name(o) for o in self.by_id}

    def cell(self, objective: str) -> Text:
        o = self.by_id[objective]
        confirmed, computed = o.get("confirmed"), str(o["computed"])
        if confirmed is None:
            return Text(computed)
        if confirmed == computed:
            return Text(f"{confirmed} ✓", style="bold")
        return Text(f"{confirmed} ✎ ({computed})", style="bold")

    def detail(self, objective: str) -> Text:
        o = self.by_id[objective]
        text = Text(f"{o['objective']} {o['title']}\n", style="bold")
        text.append(f"Computed: {o['computed']}")
        if o.get("confirmed") is not None:
            text.append(f" · yours: {o['confirmed']}", style="bold")
            if o.get("comment"):
                text.append(f" (“{o['comment']}”)")
        text.append("\n\nCriteria\n", style="underline")
        for c in o.get("criteria", ()):
            mark = "✓" if c["met"] else "✗"
            text.append(f" {mark} [{c['level']}] {c['text']} — {c['measured']}\n",
                        style="" if c["met"] else "dim")
        lift = list(o.get("lift", ()))
        if lift:
            text.append("\nTo reach the next level: " + " ".join(lift) + "\n")
        text.append("\nEvidence\n", style="underline")
        for e in o.get("evidence", ()):
            sign = {"positive": "+", "negative": "−"}.get(e["tone"], "·")
            text.append(f" {sign} Q{e['quarter']} {e['decision']} → {e['consequence']}\n")
        if not o.get("evidence"):
            text.append(" none yet\n", style="dim")
        return text


def team_levels(view: Mapping[str, Any], team_id: str) -> Levels | None:
    """A team's levels from the view, or None before the server has computed any."""
    found = (view.get("assessments") or {}).get(team_id)
    return Levels(found) if found else None
