"""The facilitator view carries every team's objective levels, as the engine assesses them
at each quarter's review and after the game, and whenever the facilitator confirms a level."""

from __future__ import annotations

import dataclasses

from tests.game.helpers import retail
from triops.game.bots.driver import bot_game
from triops.game.model.commands import FACILITATOR, OverrideLevel
from triops.game.model.state import GameSettings, GameState
from triops.game.scoring.objectives import assess, level_name
from triops.game.views import facilitator_view


def levels_in_view(state: GameState, team: str) -> dict[str, str]:
    found = facilitator_view(state)["assessments"][team]
    return {o["objective"]: o["level"] for o in found["objectives"]}


def engine_levels(state: GameState, team: str) -> dict[str, str]:
    return {o.objective: level_name(o.level) for o in assess(state, team).objectives}


def test_levels_at_each_phase_start_are_the_engines() -> None:
    checked: list[int] = []
    last = [-1]

    def on_change(state: GameState, events: object) -> None:
        if state.phase_seq != last[0] and state.phase != "lobby":  # a phase just began
            last[0] = state.phase_seq
            if state.phase == "planning" or not state.quarter:  # with each quarter's review
                assert facilitator_view(state)["assessments"] == {}
                return
            for team in ("t1", "t2"):
                assert levels_in_view(state, team) == engine_levels(state, team)
            checked.append(state.phase_seq)

    table = bot_game(retail(), GameSettings(seed=5, team_names=("A", "B")),
                     {"t1": "expert", "t2": "novice"}, listener=on_change)
    table.play_to_end()
    assert len(checked) >= 6  # every review, and the end
    assert levels_in_view(table.state, "t1") != levels_in_view(table.state, "t2")


def test_a_confirmed_level_shows_at_once() -> None:
    table = bot_game(retail(), GameSettings(seed=2, team_names=("A", "B")),
                     {"t1": "competent", "t2": "competent"})
    table.play_to_end()
    before = facilitator_view(table.state)["assessments"]["t1"]
    table.submit(FACILITATOR, OverrideLevel("t1", "LO2", "exemplary", "pooled every clue"))
    after = facilitator_view(table.state)["assessments"]["t1"]
    lo2 = next(o for o in after["objectives"] if o["objective"] == "LO2")
    assert lo2["confirmed"] == "exemplary" and lo2["comment"] == "pooled every clue"
    assert before != after


def test_two_games_on_one_scenario_never_share_levels() -> None:
    """The levels are remembered per game and phase: a second game at the same phase of the
    same scenario gets its own."""
    states = []
    for seed, level in ((1, "expert"), (1, "novice")):
        table = bot_game(retail(), GameSettings(seed=seed, team_names=("A",)), {"t1": level})
        table.play_to_end()
        states.append(table.state)
    assert states[0].phase_seq == states[1].phase_seq
    for state in states:
        assert levels_in_view(state, "t1") == engine_levels(state, "t1")
    assert levels_in_view(states[0], "t1") != levels_in_view(states[1], "t1")


def test_the_lobby_has_no_levels() -> None:
    table = bot_game(retail(), GameSettings(seed=1, team_names=("A",)), {"t1": "novice"})
    lobby = dataclasses.replace(table.state, phase="lobby")
    assert facilitator_view(lobby)["assessments"] == {}
