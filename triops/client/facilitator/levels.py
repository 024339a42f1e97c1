"""Objective levels for the end-of-game review, computed beside the console.

The server does not put levels in the facilitator view, so they are computed here from a
state rebuilt from the view (`rebuild.py`) with the same code the reports use
(`game.objectives`). It is imported lazily: without it the console still lets the
facilitator set levels by hand, and says why it cannot show computed ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text

from triops.client.facilitator.rebuild import RebuildError, state_from_view
from triops.game.scenario_model import Scenario


class Levels:
    """One team's assessment, shaped for the console's table and detail panel."""

    def __init__(self, assessment: Any) -> None:
        self.assessment = assessment
        self.by_id = {o.objective: o for o in assessment.objectives}

    def level_name(self, objective: str) -> str:
        from triops.game.objectives import level_name

        return str(level_name(self.by_id[objective].level))

    def names(self) -> dict[str, str]:
        return {o: self.level_name(o) for o in self.by_id}

    def cell(self, objective: str) -> Text:
        from triops.game.objectives import level_name

        o = self.by_id[objective]
        if o.confirmed is None:
            return Text(level_name(o.computed))
        if o.confirmed == o.computed:
            return Text(f"{level_name(o.confirmed)} ✓", style="bold")
        return Text(f"{level_name(o.confirmed)} ✎ ({level_name(o.computed)})", style="bold")

    def detail(self, objective: str) -> Text:
        from triops.game.objectives import level_name

        o = self.by_id[objective]
        text = Text(f"{o.objective} {o.title}\n", style="bold")
        text.append(f"Computed: {level_name(o.computed)}")
        if o.confirmed is not None:
            text.append(f" · yours: {level_name(o.confirmed)}", style="bold")
            if o.comment:
                text.append(f" (“{o.comment}”)")
        text.append("\n\nCriteria\n", style="underline")
        for c in o.criteria:
            mark = "✓" if c.met else "✗"
            text.append(f" {mark} [{level_name(c.level)}] {c.text} — {c.measured}\n",
                        style="" if c.met else "dim")
        lift = list(o.lift)
        if lift:
            text.append("\nTo reach the next level: " + " ".join(lift) + "\n")
        text.append("\nEvidence\n", style="underline")
        for e in o.evidence:
            sign = {"positive": "+", "negative": "−"}.get(e.tone, "·")
            text.append(f" {sign} Q{e.quarter} {e.decision} → {e.consequence}\n")
        if not o.evidence:
            text.append(" none yet\n", style="dim")
        return text


class Assessor:
    """Levels for one view, computed team by team when first asked for."""

    def __init__(self, view: Mapping[str, Any], scenario: Scenario | None, seed: int = 0) -> None:
        self.note = ""
        self._levels: dict[str, Levels] = {}
        self._state: Any = None
        self._assess: Any = None
        try:
            from triops.game.objectives import assess
        except ImportError:
            self.note = ("Computed levels are not available in this installation (no "
                         "game.objectives); you can still set each level by hand.")
            return
        try:
            self._state = state_from_view(view, scenario, seed)
        except RebuildError as err:
            self.note = f"{err} You can still set each level by hand."
            return
        self._assess = assess

    def team(self, team_id: str) -> Levels | None:
        if self._state is None:
            return None
        if team_id not in self._levels:
            try:
                self._levels[team_id] = Levels(self._assess(self._state, team_id))
            except KeyError:
                return None
        return self._levels[team_id]


def assess_all(view: Mapping[str, Any], scenario: Scenario | None,
               seed: int = 0) -> tuple[dict[str, Levels], str]:
    """Every team's levels, or an empty map and a sentence saying why there are none."""
    assessor = Assessor(view, scenario, seed)
    levels = {}
    for team in view.get("teams", ()):
        found = assessor.team(str(team["id"]))
        if found is not None:
            levels[str(team["id"])] = found
    return levels, assessor.note
