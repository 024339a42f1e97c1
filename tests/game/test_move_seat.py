"""Moving a person from one seat to another (the facilitator's `move_seat`)."""

from __future__ import annotations

import pytest

from tests.game.helpers import do, scripted, seat, started, to_quarter
from triops.game.model.codec import to_plain
from triops.game.model.commands import (
    FACILITATOR,
    SERVER,
    Chat,
    EndGame,
    JoinSeat,
    MoveSeat,
    SeatBot,
    SetReady,
    decode_command,
    encode_command,
)
from triops.game.model.errors import (
    InvalidCommand,
    NotAllowed,
    RuleError,
    UnknownTarget,
    WrongPhase,
)
from triops.game.model.events import SEAT_MOVED, seat_moves
from triops.game.model.state import GameState
from triops.game.rules.reducer import apply


def two_teams() -> GameState:
    """Quarter 1 planning; Ada holds Red MLOps, Bo Red FinOps, a bot plays Blue DataOps."""
    state = to_quarter(started(scripted(), teams=("Red", "Blue")), 1)
    state = do(state, SERVER, JoinSeat("t1", "mlops", "Ada"))
    state = do(state, SERVER, JoinSeat("t1", "finops", "Bo"))
    state = do(state, FACILITATOR, SeatBot("t2", "dataops", "expert"))
    return do(state, seat("dataops", "t2"), SetReady(True))


def test_a_person_moves_to_an_empty_seat_of_their_team() -> None:
    state = two_teams()
    ap = {r: s.ap for r, s in state.team("t1").seats.items()}
    after, events = apply(state, FACILITATOR, MoveSeat("t1", "mlops", "t1", "dataops"))
    seats = after.team("t1").seats
    assert (seats["dataops"].holder, seats["dataops"].name) == ("human", "Ada")
    assert (seats["mlops"].holder, seats["mlops"].name) == ("empty", "")
    assert not seats["dataops"].ready and not seats["mlops"].ready
    assert {r: s.ap for r, s in seats.items()} == ap  # action points belong to the seat
    assert after.version == state.version + 1
    assert [e.kind for e in events] == [SEAT_MOVED]
    assert events[0].team == "t1" and events[0].audience == "team"
    assert "Ada moves from Red MLOps to Red DataOps" in events[0].text
    assert seat_moves(events) == [(("t1", "mlops"), ("t1", "dataops"))]
    # From now on the person acts from the new seat.
    after = do(after, seat("dataops"), Chat("Hello from DataOps"))
    assert after.team("t1").chat[-1].sender == "dataops"


def test_a_person_takes_a_bot_held_seat_of_another_team() -> None:
    state = two_teams()
    assert state.team("t2").seats["dataops"].ready
    after, events = apply(state, FACILITATOR, MoveSeat("t1", "finops", "t2", "dataops"))
    target = after.team("t2").seats["dataops"]
    assert (target.holder, target.name, target.ready) == ("human", "Bo", False)
    assert after.team("t1").seats["finops"].holder == "empty"
    assert after.team("t1").seats["mlops"].name == "Ada"  # nobody else moved
    # Each team is told; the server sees one move.
    assert [(e.kind, e.team) for e in events] == [(SEAT_MOVED, "t1"), (SEAT_MOVED, "t2")]
    assert seat_moves(events) == [(("t1", "finops"), ("t2", "dataops"))]


def test_a_move_works_in_the_lobby() -> None:
    from triops.game.model.state import GameSettings
    from triops.game.rules.new_game import new_game

    state = new_game(scripted(), GameSettings(seed=1, team_names=("Red",)))
    state = do(state, SERVER, JoinSeat("t1", "mlops", "Ada"))
    state = do(state, FACILITATOR, MoveSeat("t1", "mlops", "t1", "finops"))
    assert state.team("t1").seats["finops"].name == "Ada"


@pytest.mark.parametrize(("command", "error", "words"), [
    (MoveSeat("t1", "mlops", "t1", "finops"), NotAllowed, "Bo holds Red FinOps"),
    (MoveSeat("t1", "dataops", "t2", "mlops"), InvalidCommand, "No person holds Red DataOps"),
    (MoveSeat("t2", "dataops", "t1", "dataops"), InvalidCommand, "No person holds"),  # a bot
    (MoveSeat("t1", "mlops", "t1", "mlops"), InvalidCommand, "Pick another seat"),
    (MoveSeat("t9", "mlops", "t1", "dataops"), UnknownTarget, 'no team "t9"'),
    (MoveSeat("t1", "mlops", "t9", "dataops"), UnknownTarget, 'no team "t9"'),
    (MoveSeat("t1", "ceo", "t1", "dataops"), UnknownTarget, 'no seat "ceo"'),
    (MoveSeat("t1", "mlops", "t1", "ceo"), UnknownTarget, 'no seat "ceo"'),
])
def test_refused_moves_say_why_and_change_nothing(command: MoveSeat, error: type[RuleError],
                                                   words: str) -> None:
    state = two_teams()
    before = to_plain(state)
    with pytest.raises(error) as raised:
        apply(state, FACILITATOR, command)
    assert words in raised.value.message
    assert to_plain(state) == before


def test_the_refusal_codes_are_stable() -> None:
    state = two_teams()
    with pytest.raises(RuleError) as taken:
        apply(state, FACILITATOR, MoveSeat("t1", "mlops", "t1", "finops"))
    assert taken.value.code == "seat_taken"
    with pytest.raises(RuleError) as nobody:
        apply(state, FACILITATOR, MoveSeat("t1", "dataops", "t2", "mlops"))
    assert nobody.value.code == "no_person"


def test_only_the_facilitator_moves_people_and_not_after_the_end() -> None:
    state = two_teams()
    with pytest.raises(NotAllowed):
        apply(state, seat("mlops"), MoveSeat("t1", "mlops", "t1", "dataops"))
    with pytest.raises(NotAllowed):
        apply(state, SERVER, MoveSeat("t1", "mlops", "t1", "dataops"))
    ended = do(state, FACILITATOR, EndGame())
    with pytest.raises(WrongPhase):
        apply(ended, FACILITATOR, MoveSeat("t1", "mlops", "t1", "dataops"))


def test_move_seat_round_trips_through_the_wire_format() -> None:
    command = MoveSeat("t1", "mlops", "t2", "finops")
    plain = encode_command(command)
    assert plain == {"type": "move_seat", "from_team": "t1", "from_role": "mlops",
                     "to_team": "t2", "to_role": "finops"}
    assert decode_command(plain) == command
    with pytest.raises(Exception, match="to_role"):
        decode_command({"type": "move_seat", "from_team": "t1", "from_role": "mlops",
                        "to_team": "t2"})
