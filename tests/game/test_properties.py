"""Hypothesis stateful tests: random legal and illegal commands from every actor.

Invariants after every step:
- replaying the record rebuilds exactly this state;
- a refused command leaves the state unchanged;
- credits are conserved: what a team holds equals what came in minus what went out on
  named things (initiatives, upkeep, responses, notifications, incident losses, fines);
- no seat's view contains another seat's private clue text;
- every metric stays within 0..100.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from tests.game.helpers import retail
from triops.game.model.commands import (
    FACILITATOR,
    SERVER,
    Actor,
    Advance,
    Broadcast,
    CancelInject,
    Chat,
    Command,
    CustomEffect,
    CustomInject,
    Diagnose,
    EndGame,
    EndPhase,
    Extend,
    FireInject,
    ForceResolve,
    Investigate,
    JoinSeat,
    MoveSeat,
    Notify,
    Pause,
    Pledge,
    PostponeInject,
    Respond,
    Resume,
    SeatBot,
    SetReady,
    ShareClue,
    StartGame,
    Tick,
    Transfer,
    Unpledge,
)
from triops.game.model.errors import RuleError
from triops.game.model.state import ClockSettings, GameSettings, GameState
from triops.game.model.vocab import METRICS, ROLES
from triops.game.record import GameRecord, play, replay, start_record
from triops.game.rules.clues import visible_clues
from triops.game.rules.legal import legal_commands
from triops.game.rules.new_game import new_game
from triops.game.rules.reducer import apply
from triops.game.rules.teams import credits_held, treasury_balance
from triops.game.views import seat_view, spectator_view

TEAMS = ("t1", "t2")
roles = st.sampled_from(ROLES)
teams = st.sampled_from((*TEAMS, "t9"))
words = st.sampled_from(("I1", "I3", "I7", "I11", "I99", "R1@1", "dataops1", "mlops2", "x"))


def _strings(state: Any) -> list[str]:
    out: list[str] = []
    stack = [state]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return out


def private_leaks(state: GameState, team_id: str, role: str) -> list[str]:
    """Clue texts of other roles, and the real cases (anchors) of incidents not yet closed,
    that this seat's view carries but may not see."""
    team = state.team(team_id)
    allowed = set()
    forbidden = set()
    ended = state.phase == "ended"
    for incident in team.incidents.values():
        spec = state.scenario.incidents[incident.spec]
        seen = visible_clues(team, state.scenario, incident, role, state.quarter)
        for clue in spec.clues:
            (allowed if clue.id in seen else forbidden).add(clue.text)
        if spec.anchor:
            closed = ended or incident.status == "resolved"
            (allowed if closed else forbidden).add(spec.anchor)
    for other in state.teams:
        if other.id != team_id:
            for incident in other.incidents.values():
                spec = state.scenario.incidents[incident.spec]
                forbidden.update(c.text for c in spec.clues)
                forbidden.update((spec.anchor,) if spec.anchor else ())
    forbidden -= allowed
    text = set(_strings(seat_view(state, team_id, role)))
    return sorted(forbidden & text)


class GameMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        clock = ClockSettings(planning_seconds=300, review_seconds=60, setup_seconds=300)
        self.settings = GameSettings(seed=11, team_names=("North", "South"), clock=clock)
        self.state = new_game(retail(), self.settings)
        self.record: GameRecord = start_record(retail(), self.settings)
        self.now = 0.0
        self.accepted = 0
        self.refused = 0
        self.send(FACILITATOR, StartGame())  # the lobby has its own unit tests

    def send(self, actor: Actor, command: Command) -> None:
        before = self.state
        try:
            self.state, self.record, _ = play(self.state, self.record, actor, command)
            self.accepted += 1
        except RuleError:
            self.refused += 1
            assert self.state is before  # nothing was swapped in
            assert self.state == before

    # --- legal play ------------------------------------------------------------------

    @rule(team=st.sampled_from(TEAMS), role=roles, pick=st.integers(0, 10_000))
    def legal_seat_command(self, team: str, role: str, pick: int) -> None:
        options = legal_commands(self.state, team, role)
        if options:
            command = options[pick % len(options)]
            before = self.state
            self.send(Actor.seat(team, role), command)
            assert self.state is not before, f"legal command refused: {command}"

    @rule()
    def everyone_ready(self) -> None:
        for team in TEAMS:
            for role in ROLES:
                if self.state.phase == "planning" and not self.state.paused:
                    seat = self.state.team(team).seats[role]
                    if not seat.ready:
                        self.send(Actor.seat(team, role), SetReady(True, at=self.now))

    @rule(seconds=st.floats(0, 400))
    def time_passes(self, seconds: float) -> None:
        self.now += seconds
        self.send(SERVER, Tick(at=self.now))

    @rule(command=st.sampled_from((Advance(), ForceResolve(), EndPhase())))
    def facilitator_moves_on(self, command: Command) -> None:
        self.send(FACILITATOR, type(command)(at=self.now))  # type: ignore[call-arg]

    @rule(command=st.sampled_from((Pause(), Resume())), seconds=st.floats(-100, 100))
    def facilitator_clock(self, command: Command, seconds: float) -> None:
        self.send(FACILITATOR, type(command)(at=self.now))  # type: ignore[call-arg]
        self.send(FACILITATOR, Extend(seconds=seconds, at=self.now))

    @rule(inject=st.sampled_from(("cfo-mandate", "board-roi", "gpu-shock", "acquisition",
                                  "supervisory-exam", "customer-onboarding", "nope")),
          aim=st.lists(teams, max_size=2), timing=st.sampled_from(("now", "next", "x")))
    def facilitator_inject(self, inject: str, aim: list[str], timing: str) -> None:
        self.send(FACILITATOR, FireInject(inject, tuple(aim), timing))

    @rule(inject=st.sampled_from(("cfo-mandate", "customer-onboarding", "key-person")),
          n=st.integers(0, 3))
    def facilitator_schedule(self, inject: str, n: int) -> None:
        self.send(FACILITATOR, PostponeInject(inject, n) if n else CancelInject(inject))

    @rule(kind=st.sampled_from(("budget", "metric", "modifier", "incident", "bogus")),
          amount=st.integers(-60, 60), metric=st.sampled_from((*METRICS, "nope")),
          incident=st.sampled_from(("R1", "R3", "X1", "Z9")), who=teams)
    def facilitator_custom(self, kind: str, amount: int, metric: str, incident: str,
                           who: str) -> None:
        effect = CustomEffect(kind, metric=metric, delta=amount // 2, amount=amount,
                              quarters=2, incident=incident)
        self.send(FACILITATOR, CustomInject("Surprise", "Something happened.", (effect,),
                                            (who,)))

    @rule(team=teams, role=roles, level=st.sampled_from(("novice", "expert", "genius")),
          name=st.sampled_from(("Ada", "", "x" * 50)))
    def seats_change_hands(self, team: str, role: str, level: str, name: str) -> None:
        self.send(FACILITATOR, SeatBot(team, role, level))
        self.send(SERVER, JoinSeat(team, role, name))

    @rule(a=teams, ra=st.sampled_from((*ROLES, "ceo")), b=teams, rb=roles)
    def facilitator_moves_a_person(self, a: str, ra: str, b: str, rb: str) -> None:
        self.send(FACILITATOR, MoveSeat(a, ra, b, rb))

    @rule(text=st.text(max_size=30), team=st.sampled_from(("", *TEAMS, "t9")))
    def facilitator_broadcast(self, text: str, team: str) -> None:
        self.send(FACILITATOR, Broadcast(text, team))

    @precondition(lambda self: self.state.phase != "ended")
    @rule(p=st.integers(0, 100))
    def facilitator_ends(self, p: int) -> None:
        if p == 0:
            self.send(FACILITATOR, EndGame(at=self.now))

    # --- illegal and odd play ----------------------------------------------------------

    @rule(team=teams, role=st.sampled_from((*ROLES, "ceo")), a=words, b=words,
          amount=st.integers(-5, 200),
          kind=st.sampled_from(("pledge", "unpledge", "transfer", "investigate", "share",
                                "diagnose", "respond", "notify", "chat")))
    def random_seat_command(self, team: str, role: str, a: str, b: str, amount: int,
                            kind: str) -> None:
        command: Command = {
            "pledge": Pledge(a, amount), "unpledge": Unpledge(a),
            "transfer": Transfer(role if amount % 2 else "mlops", amount),
            "investigate": Investigate(a, b), "share": ShareClue(a, b),
            "diagnose": Diagnose(a, b), "respond": Respond(a, b), "notify": Notify(a),
            "chat": Chat(b * (amount % 7)),
        }[kind]
        self.send(Actor.seat(team, role), command)

    @rule(role=roles)
    def seat_tries_facilitator_command(self, role: str) -> None:
        self.send(Actor.seat("t1", role), ForceResolve())

    # --- invariants --------------------------------------------------------------------

    @invariant()
    def replay_rebuilds_the_state(self) -> None:
        if self.accepted % 7 == 0:  # replay is the slowest check; sample it
            assert replay(self.record, retail()) == self.state

    @invariant()
    def credits_are_conserved(self) -> None:
        for team in self.state.teams:
            assert credits_held(team) == treasury_balance(team)
            assert all(v >= 0 for v in team.envelopes.values()) and (team.pool or 0) >= 0

    @invariant()
    def metrics_stay_in_range(self) -> None:
        for team in self.state.teams:
            assert all(0 <= team.metrics[m] <= 100 for m in METRICS)
            assert all(0 <= s.ap <= 10 for s in team.seats.values())

    @invariant()
    def no_view_leaks_private_clues(self) -> None:
        for team in TEAMS:
            for role in ROLES:
                assert private_leaks(self.state, team, role) == []
        spectator = set(_strings(spectator_view(self.state)))
        clue_texts = {c.text for s in self.state.scenario.incidents.values() for c in s.clues}
        anchors = {s.anchor for s in self.state.scenario.incidents.values() if s.anchor}
        assert not (clue_texts | anchors) & spectator

    def teardown(self) -> None:
        # Sanity of the machine itself: the record replays to the final state.
        assert replay(self.record, retail()) == self.state


GameMachine.TestCase.settings = settings(
    max_examples=30, stateful_step_count=80, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestGame = GameMachine.TestCase


def test_apply_never_mutates_its_input() -> None:
    state = new_game(retail(), GameSettings(seed=3, team_names=("A",)))
    frozen = repr(state)
    apply(state, FACILITATOR, StartGame())
    assert repr(state) == frozen
