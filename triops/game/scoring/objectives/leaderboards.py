"""The leaderboard: outcome and objectives side by side, at the end of every quarter."""

from __future__ import annotations

from triops.game.model.state import GameState
from triops.game.scoring.objectives.assessment import assess
from triops.game.scoring.objectives.results import LeaderboardRow
from triops.game.scoring.score import rank_key


def leaderboard(state: GameState, quarter: int | None = None) -> tuple[LeaderboardRow, ...]:
    """Outcome and objectives side by side, best outcome first; `quarter` for an earlier one."""
    rows = []
    for team in state.teams:
        a = assess(state, team.id, quarter)
        met = a.goals
        value = next((h.value for h in team.history if h.quarter == a.quarter), team.value)
        rows.append((a, team, value, sum(met.values()), len(met)))
    rows.sort(key=lambda r: rank_key(r[0].outcome, r[2], r[1].name))  # the one rule
    return tuple(
        LeaderboardRow(rank, team.id, team.name, a.quarter, a.outcome, value, n_met, n_goals,
                       a.levels(), a.levels(confirmed=False))
        for rank, (a, team, value, n_met, n_goals) in enumerate(rows, start=1)
    )


def leaderboards(state: GameState) -> dict[int, tuple[LeaderboardRow, ...]]:
    """The leaderboard at the end of every resolved quarter (the last one is the current)."""
    done = sorted({h.quarter for t in state.teams for h in t.history})
    return {q: leaderboard(state, q if q < state.quarter else None) for q in done}
