"""How a game came out, as one value: who placed where, with what score and which goals, and
whether it ran its course. The end ticker, the views and the reports read it rather than each
ranking the teams again."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from triops.game.model.state import GameState
from triops.game.scoring.score import early_end, goals_met, quarters_played, standings


@dataclass(frozen=True, slots=True)
class Placing:
    rank: int  # 1 is first; ties are broken by value, then name (scoring.TIE_BREAK)
    team: str
    name: str
    outcome: int  # the final 0-100 outcome score
    value: int  # credits of business value delivered
    goals: Mapping[str, bool]  # goal id -> met


@dataclass(frozen=True, slots=True)
class GameOutcome:
    placings: tuple[Placing, ...]  # best first
    quarters_played: int
    quarters: int
    early_end: str  # why scores differ from the last quarter's when ended early, else ""

    @property
    def winner(self) -> Placing:
        return self.placings[0]

    @property
    def ran_its_course(self) -> bool:
        return not self.early_end


def game_outcome(state: GameState) -> GameOutcome | None:
    """The outcome of an ended game; None while it is still being played."""
    if state.phase != "ended":
        return None
    ranked = standings(state.teams, state.scenario, state.quarter, final=True)
    return GameOutcome(
        placings=tuple(Placing(rank, t.id, t.name, outcome, t.value,
                               goals_met(t, state.scenario)) for rank, outcome, t in ranked),
        quarters_played=quarters_played(state.teams),
        quarters=state.scenario.quarters,
        early_end=early_end(state.teams, state.scenario, ended=True),
    )
