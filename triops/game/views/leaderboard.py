"""The leaderboard every view carries: teams by outcome score, ties broken by value, then
name (scoring.score.TIE_BREAK)."""

from __future__ import annotations

from typing import Any

from triops.game.model.state import GameState, Team
from triops.game.scoring.score import quarters_played, standings
from triops.game.views.shared import _remember


def leaderboard(state: GameState) -> list[dict[str, Any]]:
    """Teams by outcome. Every view of one state shares the one list (read-only)."""
    final = state.phase == "ended"
    # The standings read each team's name, value, metrics and history, nothing else: a
    # chat line or a draft leaves the list as it was.
    key = ("leaderboard", state.quarter, final, *((t.id, t.name, t.value) for t in state.teams))
    built: list[dict[str, Any]] = _remember(
        key, (*(t.metrics for t in state.teams), *(t.history for t in state.teams),
              state.scenario),
        lambda: _leaderboard(state, final))
    return built


def _leaderboard(state: GameState, final: bool) -> list[dict[str, Any]]:
    q = state.quarter
    # Mid-game the score is the one recorded when the last quarter resolved: scored at
    # the quarter under way, the value goal would already expect a quarter not yet played.
    played = q if final else quarters_played(state.teams)
    ranked = standings(state.teams, state.scenario, played, final=final)

    def row(rank: int, outcome: int, t: Team) -> dict[str, Any]:
        # A team's row stays the same object while the team and its rank do.
        built: dict[str, Any] = _remember(
            ("leaderboard-row", q, final, rank, outcome, t.id, t.name, t.value), (t.history,),
            lambda: {"team": t.id, "name": t.name, "value": t.value, "outcome": outcome,
                     "history": [h.outcome for h in t.history], "rank": rank})
        return built

    return [row(rank, outcome, t) for rank, outcome, t in ranked]
