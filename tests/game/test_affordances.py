"""The seat view's `can`: what a seat may pledge now, and the rules' own reason where not."""

from __future__ import annotations

import dataclasses
from typing import Any

from tests.game.helpers import retail, started, to_quarter
from triops.game.model.commands import FACILITATOR, Actor, Pause, Pledge, Transfer
from triops.game.model.errors import RuleError
from triops.game.model.state import GameState
from triops.game.rules.reducer import apply
from triops.game.views import seat_view


def pledges(state: GameState, role: str = "mlops") -> dict[str, dict[str, Any]]:
    return dict(seat_view(state, "t1", role)["can"]["pledge"])


def test_setup_explains_that_funding_opens_in_q1() -> None:
    state = started(retail())
    assert state.quarter == 0
    reasons = {c.get("why") for c in pledges(state).values()}
    assert reasons == {"Setup is for the roadmap, charter and standards; funding opens in Q1."}


def test_every_answer_is_what_the_reducer_does() -> None:
    state = to_quarter(started(retail(), seed=3), 1)
    found = pledges(state)
    assert set(found) == set(state.scenario.initiatives)
    actor = Actor.seat("t1", "mlops")
    assert any("max" in c for c in found.values())
    for ident, can in found.items():
        if "max" in can:
            apply(state, actor, Pledge(ident, can["max"]))  # the most it says is accepted
            try:
                apply(state, actor, Pledge(ident, can["max"] + 1))
            except RuleError:
                pass
            else:
                raise AssertionError(f"{ident}: more than max was accepted")
        else:
            try:
                apply(state, actor, Pledge(ident, 1))
            except RuleError as err:
                assert can["why"] == str(err) and can["code"] == err.code
            else:
                raise AssertionError(f"{ident}: refused in the view, accepted by the rules")


def test_an_empty_envelope_says_so() -> None:
    state = to_quarter(started(retail(), seed=3), 1)
    team = state.team("t1")
    empty = {**team.envelopes, "mlops": 0}
    state = dataclasses.replace(state, teams=tuple(
        dataclasses.replace(t, envelopes=empty) if t.id == "t1" else t for t in state.teams))
    codes = {c.get("code") for c in pledges(state).values()}
    assert "insufficient_credits" in codes and not any("max" in c for c in pledges(state).values())


def test_a_seat_is_told_why_it_cannot_decide_now_in_the_rules_words() -> None:
    state = to_quarter(started(retail(), seed=3), 1)
    assert seat_view(state, "t1", "mlops")["can"]["decide"] is None
    paused, _ = apply(state, FACILITATOR, Pause())
    review = dataclasses.replace(state, phase="review")
    for closed in (paused, review):
        said = seat_view(closed, "t1", "mlops")["can"]["decide"]
        try:
            apply(closed, Actor.seat("t1", "mlops"), Transfer("finops", 1))
        except RuleError as err:
            assert said == {"why": str(err), "code": err.code}
        else:
            raise AssertionError("a closed seat's decision was accepted")
