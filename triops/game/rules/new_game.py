"""Creating a game: every team gets its own copy of the same organisation."""

from __future__ import annotations

from triops.game.model.errors import InvalidCommand
from triops.game.model.state import GameSettings, GameState, Seat, Team
from triops.game.model.values import evolve
from triops.game.model.vocab import BOT_LEVELS, DIFFICULTIES, ROLES
from triops.game.rules.flow import initial_schedule
from triops.game.scenario.model import Scenario

MAX_TEAMS = 12
MAX_TEAM_NAME = 30


def team_id(n: int) -> str:
    return f"t{n + 1}"


def new_game(scenario: Scenario, settings: GameSettings) -> GameState:
    """The game in the lobby, before the facilitator starts it."""
    names = tuple(n.strip() for n in settings.team_names)
    if not 1 <= len(names) <= MAX_TEAMS:
        raise InvalidCommand(f"A game has 1 to {MAX_TEAMS} teams.")
    if any(not n or len(n) > MAX_TEAM_NAME for n in names):
        raise InvalidCommand(f"Team names are 1 to {MAX_TEAM_NAME} characters.")
    if len(set(names)) != len(names):
        raise InvalidCommand("Team names must differ.")
    if settings.difficulty and settings.difficulty not in DIFFICULTIES:
        raise InvalidCommand(f"Difficulty is one of {', '.join(DIFFICULTIES)}.")
    if settings.empty_seat_level not in BOT_LEVELS:
        raise InvalidCommand(f"Bots are {', '.join(BOT_LEVELS)}.")
    teams = tuple(
        Team(
            id=team_id(n),
            name=name,
            seats={r: Seat(r, bot_level=settings.empty_seat_level) for r in ROLES},
            metrics=dict(scenario.start_metrics),
            envelopes={r: 0 for r in ROLES},
        )
        for n, name in enumerate(names)
    )
    state = GameState(scenario=scenario, settings=settings, teams=teams)
    return evolve(state, schedule=initial_schedule(state))
