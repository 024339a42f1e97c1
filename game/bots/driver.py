"""Running bot seats through a game: used by `simulate`, `make play` and tests.

Each round gives every unready bot seat one command, so co-owners of an initiative
interleave their pledges as people would. A bot that sends a refused command (a bug, never
a crash) is simply marked ready.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from game.bots.base import Policy, bot_random
from game.bots.random_bot import RandomPolicy
from game.bots.teammate import TeammatePolicy
from game.commands import FACILITATOR, Actor, Advance, Command, ForceResolve, SetReady, StartGame
from game.errors import RuleError
from game.events import Event
from game.legal import legal_commands
from game.record import GameRecord, play, start_record
from game.scenario_model import Scenario
from game.setup import new_game
from game.state import GameSettings, GameState
from game.views import seat_view
from game.vocab import ROLES

MAX_STEPS_PER_QUARTER = 30
Seats = Mapping[tuple[str, str], Policy]
Listener = Callable[[GameState, list[Event]], None]


def policy_for(level: str) -> Policy:
    if level == "random":
        return RandomPolicy()
    return TeammatePolicy(level)


class BotTable:
    """A game plus its record, played by bots in some or all seats."""

    def __init__(self, state: GameState, record: GameRecord, policies: Seats,
                 listener: Listener | None = None) -> None:
        self.state = state
        self.record = record
        self.policies = dict(policies)
        self.listener = listener

    def submit(self, actor: Actor, command: Command) -> list[Event]:
        self.state, self.record, events = play(self.state, self.record, actor, command)
        if self.listener:
            self.listener(self.state, events)
        return events

    def play_planning(self) -> None:
        """Let every bot seat act until all are ready (the last one triggers resolution)."""
        steps: dict[tuple[str, str], int] = {}
        seed = self.state.settings.seed
        while self.state.phase == "planning":
            acted = False
            for team in self.state.teams:
                for role in ROLES:
                    if self.state.phase != "planning":
                        return
                    key = (team.id, role)
                    policy = self.policies.get(key)
                    if policy is None or self.state.team(team.id).seats[role].ready:
                        continue
                    n = steps.get(key, 0)
                    steps[key] = n + 1
                    command: Command | None = None
                    if n < MAX_STEPS_PER_QUARTER:
                        view = seat_view(self.state, team.id, role)
                        legal = legal_commands(self.state, team.id, role)
                        rand = bot_random(seed, team.id, role, self.state.quarter, n)
                        command = policy.next_command(view, legal, rand)
                    actor = Actor.seat(team.id, role)
                    try:
                        self.submit(actor, command if command is not None else SetReady(True))
                    except RuleError:
                        self.submit(actor, SetReady(True))
                    acted = True
            if not acted:
                return

    def play_to_end(self) -> GameState:
        if self.state.phase == "lobby":
            self.submit(FACILITATOR, StartGame())
        while self.state.phase != "ended":
            if self.state.phase == "planning":
                self.play_planning()
                if self.state.phase == "planning":
                    self.submit(FACILITATOR, ForceResolve())
            else:
                self.submit(FACILITATOR, Advance())
        return self.state


def bot_game(scenario: Scenario, settings: GameSettings, levels: Mapping[str, str],
             listener: Listener | None = None) -> BotTable:
    """A table where each team's three seats are played by the policy named for the team."""
    state = new_game(scenario, settings)
    policies: dict[tuple[str, str], Policy] = {}
    for team in state.teams:
        level = levels.get(team.id, "competent")
        for role in ROLES:
            policies[(team.id, role)] = policy_for(level)
    return BotTable(state, start_record(scenario, settings), policies, listener)
