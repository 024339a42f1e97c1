"""One table says which commands each phase allows; every command is in it, and the rules
follow it."""

from __future__ import annotations

import dataclasses

import pytest

from tests.game.helpers import retail, started, to_quarter
from triops.game.model.commands import FACILITATOR, Actor, Advance, Chat, Pledge, StartGame
from triops.game.model.errors import WrongPhase
from triops.game.rules.phases import PHASES, TABLE, allowed_in
from triops.game.rules.reducer import GAME_HANDLERS, SEAT_HANDLERS, apply


def test_every_command_is_in_the_table() -> None:
    from triops.game.model.commands import SetReady, SubmitReview

    every = set(SEAT_HANDLERS) | set(GAME_HANDLERS) | {Chat, SetReady, SubmitReview}
    assert every == set(TABLE)


def test_each_phase_allows_what_the_table_says() -> None:
    state = to_quarter(started(retail()), 1)  # Q1: funding is open
    seat = Actor.seat("t1", "mlops")
    for phase in PHASES:
        moved = dataclasses.replace(state, phase=phase)
        for actor, command in ((seat, Chat("hello")), (seat, Pledge("I1", 1)),
                               (FACILITATOR, Advance()), (FACILITATOR, StartGame())):
            if type(command) in allowed_in(phase):
                try:
                    apply(moved, actor, command)
                except WrongPhase as err:
                    raise AssertionError(f"{phase}: {command.type} refused: {err}") from err
                except Exception:  # refused for another reason: not the phase's
                    pass
            else:
                with pytest.raises(WrongPhase):
                    apply(moved, actor, command)


def test_the_protocol_document_lists_the_same_table() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "protocol.md").read_text("utf-8")
    for phase in PHASES:
        kinds = ", ".join(f"`{k}`" for k in sorted(c.type for c in allowed_in(phase)))
        assert f"| `{phase}` | {kinds} |" in doc, phase
