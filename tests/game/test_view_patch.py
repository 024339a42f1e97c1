"""Views travel as patches: applying the difference always gives the new view exactly."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.game.helpers import retail, started, to_quarter
from triops.game.bots.driver import bot_game
from triops.game.model.commands import FACILITATOR, Actor, Chat, Pause, Resume
from triops.game.model.events import Event
from triops.game.model.state import GameSettings, GameState
from triops.game.model.vocab import ROLES
from triops.game.rules.reducer import apply
from triops.game.views import facilitator_view, seat_view, spectator_view
from triops.game.views.patch import Parts, PatchError, apply_patch, diff

scalars = st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=3)
trees = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from("abcde"), inner, max_size=4),
    max_leaves=25,
)
views = st.dictionaries(st.sampled_from("abcdefg"), trees, max_size=6)


@settings(max_examples=400, deadline=None)
@given(views, views)
def test_applying_the_difference_gives_the_new_view_and_leaves_the_old_alone(
    old: dict[str, Any], new: dict[str, Any]
) -> None:
    before = copy.deepcopy(old)
    assert apply_patch(old, diff(old, new)) == new
    assert old == before


@settings(max_examples=300, deadline=None)
@given(views, st.data())
def test_a_view_that_shares_most_of_its_parts_patches_to_the_same_result(
    old: dict[str, Any], data: st.DataObject
) -> None:
    """The server's views share unchanged parts with the last one; edits deep inside them."""
    new = dict(old)
    for key in data.draw(st.lists(st.sampled_from("abcdefg"), max_size=3)):
        value = new.get(key)
        if isinstance(value, list):
            new[key] = [*value, data.draw(trees)]  # grown: sent as an append
        elif isinstance(value, dict):
            new[key] = {**value, data.draw(st.sampled_from("abcde")): data.draw(trees)}
        else:
            new[key] = data.draw(trees)
    patch = diff(old, new)
    assert apply_patch(old, patch) == new
    assert all(op[1][0] in new or op[0] == "d" for op in patch)


def test_an_unchanged_view_needs_no_patch_and_a_bad_patch_is_refused() -> None:
    view = {"game": {"version": 3}, "chat": [{"t": "hi"}]}
    assert diff(view, view) == []
    assert diff(view, copy.deepcopy(view)) == []
    assert diff(view, {**view, "chat": [{"t": "hi"}, {"t": "yo"}]}) == [
        ["a", ["chat"], [{"t": "yo"}]]]
    assert diff({"n": 1}, {"n": True}) == [["s", ["n"], True]]  # a bool is not a number
    for bad in ([["s", ["game", "nope", "x"], 1]], [["x", ["game"], 1]], [["a", ["game"], [1]]],
                ["s"], [["d", []]]):
        with pytest.raises(PatchError):
            apply_patch(view, bad)  # type: ignore[arg-type]


def test_shared_views_equal_fresh_ones_and_patches_follow_a_whole_game() -> None:
    """At every step of a bot game, the server's shared-part views are the fresh views, and a
    client that only ever applied patches holds exactly the fresh view."""
    recipients = [("seat", team, role) for team in ("t1", "t2") for role in ROLES]
    recipients += [("facilitator", "", ""), ("spectator", "", "")]
    # ... and as the server asks for them, with the empty seats' bot level
    recipients += [("seat-bots", "t1", ROLES[0]), ("facilitator-bots", "", "")]
    held: dict[tuple[str, str, str], dict[str, Any]] = {}
    sent: dict[tuple[str, str, str], dict[str, Any]] = {}
    steps = 0

    def fresh(state: GameState, who: tuple[str, str, str], shared: bool) -> dict[str, Any]:
        kind, team, role = who
        bots = "novice" if kind.endswith("-bots") else None
        if kind.startswith("seat"):
            return seat_view(state, team, role, shared=shared, bots=bots)
        if kind.startswith("facilitator"):
            return facilitator_view(state, shared=shared, bots=bots)
        return spectator_view(state)

    def listener(state: GameState, events: list[Event]) -> None:
        nonlocal steps
        steps += 1
        parts: Parts = {}  # as the server's broadcast: one for the views of one update
        for who in recipients:
            now = fresh(state, who, True)
            assert now == fresh(state, who, False), who
            if who in sent:
                patch = diff(sent[who], now, parts)
                assert patch == diff(sent[who], now), who
                held[who] = apply_patch(held[who], copy.deepcopy(patch))
            else:
                held[who] = copy.deepcopy(now)
            sent[who] = now
            assert held[who] == now

    table = bot_game(retail(), GameSettings(seed=5, team_names=("A", "B")),
                     {"t1": "competent", "t2": "novice"}, listener)
    table.play_to_end()
    assert steps > 100


def test_shared_seat_views_follow_a_pause_and_keep_their_parts_through_a_chat_line() -> None:
    """A seat's parts that do not read the chat are looked up as one entry: a pause (which
    changes no team) must still reach them, and a chat line must leave them the same
    objects, so the patch is the chat alone."""
    state = to_quarter(started(retail(), seed=3), 1)
    before = seat_view(state, "t1", "mlops", shared=True, bots="none")
    paused, _ = apply(state, FACILITATOR, Pause())
    during = seat_view(paused, "t1", "mlops", shared=True, bots="none")
    assert during == seat_view(paused, "t1", "mlops", bots="none")
    assert during["can"] != before["can"]  # the pause is the reason now
    resumed, _ = apply(paused, FACILITATOR, Resume())
    assert seat_view(resumed, "t1", "mlops", shared=True, bots="none") == \
        seat_view(resumed, "t1", "mlops", bots="none")
    chatted, _ = apply(resumed, Actor.seat("t1", "dataops"), Chat("hello"))
    after = seat_view(chatted, "t1", "mlops", shared=True, bots="none")
    now = seat_view(resumed, "t1", "mlops", shared=True, bots="none")
    for key in ("you", "briefing", "private", "catalogue", "can"):
        assert after[key] is now[key], key
    assert [op[1] for op in diff(now, after)] == [["game", "version"], ["team", "chat"]]
