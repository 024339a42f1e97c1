"""Bots play whole games through views and legal commands only."""

from __future__ import annotations

from game.bots.driver import bot_game
from game.state import GameSettings
from tests.game.helpers import retail


def test_bot_teams_play_a_full_game_to_the_end() -> None:
    table = bot_game(retail(), GameSettings(seed=4, team_names=("A", "B", "C")),
                     {"t1": "expert", "t2": "competent", "t3": "novice"})
    state = table.play_to_end()
    assert state.phase == "ended" and state.quarter == retail().quarters
    for team in state.teams:
        assert len(team.history) == retail().quarters + 1
    competent = state.team("t2")
    assert competent.roadmap and competent.charter is not None
    assert any(e.kind == "initiative_funded" for e in competent.ledger)
    assert any(e.kind == "share_clue" for e in competent.ledger)


def test_competent_bots_beat_random_play() -> None:
    wins = 0
    for seed in range(4):
        table = bot_game(retail(), GameSettings(seed=seed, team_names=("C", "R")),
                         {"t1": "competent", "t2": "random"})
        state = table.play_to_end()
        wins += state.team("t1").history[-1].outcome > state.team("t2").history[-1].outcome
    assert wins >= 3
