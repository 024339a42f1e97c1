"""Running bot seats through a game: used by `simulate`, `demo`, the server's tests and tests.

Each round gives every unready bot seat one command, so co-owners of an initiative
interleave their pledges as people would. A bot that sends a refused command (a bug, never
a crash) is simply marked ready.

A bot gets its seat's view and the legal commands, nothing else. Here both are built on
demand (`game.views.bot_view`, `LazyLegal`): their contents are exactly `seat_view` and
`legal_commands`, but a bot pays only for the parts it reads, which keeps mass simulation
fast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import overload

from triops.game import views
from triops.game.bots.base import Policy, bot_random
from triops.game.bots.casebook import Casebook
from triops.game.bots.random_bot import RandomPolicy
from triops.game.bots.strategies import team_policies
from triops.game.bots.teammate import TeammatePolicy
from triops.game.model.commands import (
    FACILITATOR,
    Actor,
    Advance,
    Command,
    ForceResolve,
    SetReady,
    StartGame,
)
from triops.game.model.errors import RuleError
from triops.game.model.events import Event
from triops.game.model.state import GameSettings, GameState
from triops.game.model.vocab import ROLES
from triops.game.record import GameRecord, play, start_record
from triops.game.rules import legal
from triops.game.rules.legal import legal_commands
from triops.game.rules.new_game import new_game
from triops.game.scenario.model import Scenario
from triops.game.views import bot_view

MAX_STEPS_PER_QUARTER = 30
# A bot assisting a person answers questions and keeps talking all quarter: more steps.
MAX_ASSIST_STEPS = 120
Seats = Mapping[tuple[str, str], Policy]
Listener = Callable[[GameState, list[Event]], None]


def bot_step(policy: Policy, state: GameState, team: str, role: str, n: int,
             limit: int = MAX_STEPS_PER_QUARTER) -> Command | None:
    """A bot seat's n-th command of the quarter; None once it has done enough (then: ready)."""
    if n >= limit:
        return None
    rand = bot_random(state.settings.seed, team, role, state.quarter, n)
    return policy.next_command(bot_view(state, team, role), LazyLegal(state, team, role), rand)


def bot_answer(policy: Policy, state: GameState, team: str, role: str, n: int) -> Command | None:
    """What a bot seat that has marked ready says in answer to a person's question (a chat
    line, which leaves it ready), or None. Policies that do not answer say nothing."""
    answer = getattr(policy, "answer", None)
    if answer is None:
        return None
    rand = bot_random(state.settings.seed, team, role, state.quarter, n)
    command: Command | None = answer(bot_view(state, team, role), LazyLegal(state, team, role),
                                     rand)
    return command


def policy_for(level: str, scenario: Scenario | None = None, mode: str = "full",
               clock_share: bool = False) -> Policy:
    """A seat's policy from its level (the server's bots), reading the scenario's casebook.

    mode "assist" makes a bot in a team with a person propose and ask rather than decide
    (`TeammatePolicy`); `clock_share` tells it that the person has had a fair share of the
    phase's clock (the server knows the time; the game's views do not).
    """
    if level == "random":
        return RandomPolicy()
    return TeammatePolicy(level, casebook=Casebook.of(scenario), assist=mode == "assist",
                          clock_share=clock_share)


class LazyLegal(Sequence[Command]):
    """`legal_commands(state, team, role)`, computed the first time it is read."""

    __slots__ = ("_args", "_items")

    def __init__(self, state: GameState, team: str, role: str) -> None:
        self._args = (state, team, role)
        self._items: list[Command] | None = None

    def _list(self) -> list[Command]:
        if self._items is None:
            self._items = legal_commands(*self._args)
        return self._items

    @overload
    def __getitem__(self, index: int) -> Command: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Command]: ...

    def __getitem__(self, index: int | slice) -> Command | Sequence[Command]:
        return self._list()[index]

    def __len__(self) -> int:
        return len(self._list())

    def __iter__(self) -> Iterator[Command]:
        return iter(self._list())


class BotTable:
    """A game plus its record, played by bots in some or all seats."""

    def __init__(self, state: GameState, record: GameRecord, policies: Seats,
                 listener: Listener | None = None, fresh: bool = True) -> None:
        self.state = state
        self.record = record
        self.policies = dict(policies)
        self.listener = listener
        self.refused: list[tuple[Actor, Command, str]] = []  # bot commands the rules refused
        # Views and legal lists remember parts between steps; parts of finished games would
        # only hold memory (and slow the garbage collector), so a new table starts clean
        # (an imagined game inside a real one keeps the real one's memos).
        if fresh:
            views.forget()
            legal.forget()

    def submit(self, actor: Actor, command: Command) -> list[Event]:
        self.state, self.record, events = play(self.state, self.record, actor, command)
        if self.listener:
            self.listener(self.state, events)
        return events

    def step(self, team: str, role: str, n: int) -> Command | None:
        """Ask one bot seat for its n-th command of the quarter."""
        return bot_step(self.policies[(team, role)], self.state, team, role, n)

    def play_planning(self) -> None:
        """Let every bot seat act until all are ready (the last one triggers resolution)."""
        steps: dict[tuple[str, str], int] = {}
        seats = [(team.id, role) for team in self.state.teams for role in ROLES
                 if (team.id, role) in self.policies]
        while self.state.phase == "planning":
            acted = False
            for team_id, role in seats:
                if self.state.phase != "planning":
                    return
                if self.state.team(team_id).seats[role].ready:
                    continue
                n = steps.get((team_id, role), 0)
                steps[(team_id, role)] = n + 1
                command = self.step(team_id, role, n)
                actor = Actor.seat(team_id, role)
                try:
                    self.submit(actor, command if command is not None else SetReady(True))
                except RuleError as err:
                    self.refused.append((actor, command or SetReady(True), str(err)))
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
             listener: Listener | None = None,
             others: Mapping[str, Scenario] | None = None) -> BotTable:
    """A table where each team's three seats play the strategy (or level) named for it.

    Teams not named play "competent". See `game.bots.strategies` for the names.
    """
    state = new_game(scenario, settings)
    policies: dict[tuple[str, str], Policy] = {}
    for team in state.teams:
        for role, policy in team_policies(levels.get(team.id, "competent"), scenario,
                                          others, settings.seed).items():
            policies[(team.id, role)] = policy
    return BotTable(state, start_record(scenario, settings), policies, listener)
