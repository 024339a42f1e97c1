"""A game's outcome is one value: placings, scores, goals, whether it ran its course."""

from __future__ import annotations

from tests.game.helpers import retail
from triops.game.bots.driver import bot_game
from triops.game.model.commands import FACILITATOR, EndGame
from triops.game.model.state import GameSettings
from triops.game.scoring.outcome import game_outcome
from triops.game.scoring.score import standings
from triops.game.views import spectator_view


def test_a_played_game_has_one_outcome_that_every_reader_shares() -> None:
    table = bot_game(retail(), GameSettings(seed=4, team_names=("A", "B", "C")),
                     {"t1": "expert", "t2": "novice", "t3": "competent"})
    assert game_outcome(table.state) is None  # not before the end
    state = table.play_to_end()
    found = game_outcome(state)
    assert found is not None and found.ran_its_course
    ranked = standings(state.teams, state.scenario, state.quarter, final=True)
    assert [(p.rank, p.team, p.outcome) for p in found.placings] == \
        [(rank, t.id, outcome) for rank, outcome, t in ranked]
    assert found.winner.rank == 1 and found.quarters_played == state.scenario.quarters
    shown = spectator_view(state)["game"]["outcome"]
    assert shown["winner"] == found.winner.team
    assert [p["team"] for p in shown["placings"]] == [p.team for p in found.placings]
    assert f"{found.winner.name} {found.winner.outcome}" in state.ticker[-1]["text"]


def test_a_game_ended_early_says_so() -> None:
    table = bot_game(retail(), GameSettings(seed=4, team_names=("A",)), {"t1": "competent"})
    table.play_planning()
    table.submit(FACILITATOR, EndGame())
    found = game_outcome(table.state)
    assert found is not None and not found.ran_its_course and found.early_end
    assert "ended early" in table.state.ticker[-1]["text"]
