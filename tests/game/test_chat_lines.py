"""After chat lines only, a view brought up to date (views.chat_lines) is the fresh view.

The server keeps each connection's last view and, when only chat lines came since it was
made, brings it up to date instead of building it again: the result must be the view a
fresh build gives, and its patch the one `diff` gives.
"""

from __future__ import annotations

from typing import Any

from tests.game.helpers import retail, started, to_quarter
from triops.game.bots.driver import bot_game
from triops.game.model.commands import (
    FACILITATOR,
    Actor,
    Advance,
    Broadcast,
    Chat,
    Command,
    EndGame,
    ForceResolve,
    Pause,
    Resume,
    SetReady,
)
from triops.game.model.events import Event, visible_to
from triops.game.model.state import GameSettings, GameState
from triops.game.model.values import evolve
from triops.game.model.vocab import ROLES
from triops.game.rules.reducer import apply
from triops.game.views import facilitator_view, seat_view
from triops.game.views.chat_lines import chat_lines_only, chat_lines_patch, with_chat_lines
from triops.game.views.patch import Parts, diff

Who = tuple[str, str, str | None]  # (kind, team, role); bots: the empty seats' level


class Followers:
    """Recipients of a room's updates, each bringing its last view up to date as the server
    does: after chat lines only (since the view was made), without building it again."""

    def __init__(self, teams: tuple[str, ...]) -> None:
        self.who: list[tuple[Who, str | None]] = [
            (("seat", team, role), bots) for team in teams for role in ROLES
            for bots in (None, "novice")]
        self.who += [(("facilitator", "", None), None), (("facilitator", "", None), "none")]
        self.held: dict[tuple[Who, str | None], dict[str, Any]] = {}
        self.epoch_of: dict[tuple[Who, str | None], int] = {}
        self.epoch = 0
        self.derived = 0

    def fresh(self, state: GameState, who: Who, bots: str | None,
              shared: bool = True) -> dict[str, Any]:
        kind, team, role = who
        if kind == "seat":
            assert role is not None
            return seat_view(state, team, role, shared=shared, bots=bots)
        return facilitator_view(state, shared=shared, bots=bots)

    def step(self, before: GameState, after: GameState, events: list[Event]) -> None:
        if not chat_lines_only(before, after):
            self.epoch += 1
        parts: Parts = {}
        for one in self.who:
            (kind, team, role), bots = one
            facilitator = kind == "facilitator"
            if one in self.held and not any(
                    visible_to(e, team or None, role, facilitator) for e in events):
                continue  # no update for it: its view stays as it was
            fresh = self.fresh(after, one[0], bots)
            base = self.held.get(one)
            if base is not None and self.epoch_of[one] == self.epoch:
                view = with_chat_lines(base, after)
                assert view == fresh == self.fresh(after, one[0], bots, shared=False), one
                assert chat_lines_patch(base, view, parts) == diff(base, view) \
                    == diff(base, fresh), one
                self.derived += 1
            else:
                view = fresh
            self.held[one] = view
            self.epoch_of[one] = self.epoch


def test_views_after_chat_lines_are_the_fresh_views_through_a_scripted_game() -> None:
    state = to_quarter(started(retail(), ("Red", "Blue"), seed=4), 1)
    followers = Followers(("t1", "t2"))
    followers.step(state, state, [])  # every one holds its first view

    def do(actor: Actor, command: Command) -> None:
        nonlocal state
        after, events = apply(state, actor, command)
        followers.step(state, after, events)
        state = after

    def seat(team: str, role: str) -> Actor:
        return Actor.seat(team, role)

    for n in range(3):
        do(seat("t1", ROLES[n]), Chat(f"red {n}"))
        do(seat("t2", ROLES[n]), Chat(f"blue {n}"))
    do(FACILITATOR, Broadcast("everyone: ten minutes"))
    do(FACILITATOR, Broadcast("blue only", team="t2"))
    do(seat("t1", "mlops"), SetReady(True))  # more than a chat line: views built again
    do(seat("t1", "finops"), Chat("after ready"))
    do(seat("t2", "finops"), Chat("blue after ready"))
    do(FACILITATOR, Pause())
    do(seat("t2", "dataops"), Chat("paused"))
    do(FACILITATOR, Resume())
    do(seat("t1", "dataops"), Chat("resumed"))
    do(FACILITATOR, ForceResolve())
    do(FACILITATOR, Advance())
    do(seat("t2", "mlops"), Chat("quarter two"))
    do(seat("t2", "mlops"), Chat("quarter two, again"))
    do(FACILITATOR, EndGame())
    assert state.phase == "ended"
    # After the end the debrief counts chat lines: never brought up to date there.
    assert not chat_lines_only(state, evolve(state, version=state.version + 1))
    assert followers.derived > 40


def test_views_after_chat_lines_are_the_fresh_views_through_a_bot_game() -> None:
    followers = Followers(("t1", "t2"))
    last: list[GameState] = []

    def listener(state: GameState, events: list[Event]) -> None:
        followers.step(last[-1] if last else state, state, events)
        last[:] = [state]

    table = bot_game(retail(), GameSettings(seed=7, team_names=("A", "B")),
                     {"t1": "competent", "t2": "novice"}, listener)
    table.play_to_end()
    assert last and last[0].phase == "ended"


def test_anything_but_a_chat_line_is_more_than_chat_lines() -> None:
    state = to_quarter(started(retail(), ("Red", "Blue"), seed=4), 1)
    chatted, _ = apply(state, Actor.seat("t1", "mlops"), Chat("hi"))
    assert chat_lines_only(state, chatted)
    assert chat_lines_only(state, state)
    ready, _ = apply(chatted, Actor.seat("t1", "mlops"), SetReady(True))
    assert not chat_lines_only(chatted, ready)
    paused, _ = apply(chatted, FACILITATOR, Pause())
    assert not chat_lines_only(chatted, paused)
    # A spectator's view shows no chat, and is always built afresh.
    assert with_chat_lines({"kind": "spectator"}, chatted) is None
