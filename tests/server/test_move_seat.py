"""The facilitator moves a person to another seat, over real WebSockets, across a restart."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed

from tests.server.harness import caught_up, create_game, join, running_server, url
from triops.client.transport import Connection, ServerError


def run(coro: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coro, 60))


def is_state(message: dict[str, Any]) -> bool:
    return message.get("type") == "state"


def test_a_moved_player_follows_the_new_seat_and_the_token_survives_a_restart(
        tmp_path: Path) -> None:
    db = tmp_path / "games.sqlite3"

    async def first_life() -> dict[str, Any]:
        async with running_server(db) as server:
            fac, created = await create_game(server, bots="none")
            code = created["code"]
            ada, ada_token = await join(server, code, "t1", "mlops", "Ada")
            bo, _ = await join(server, code, "t1", "finops", "Bo")
            await fac.act({"type": "start_game"})
            await caught_up(ada)
            ada.inbox.clear()
            await fac.act({"type": "move_seat", "from_team": "t1", "from_role": "mlops",
                           "to_team": "t2", "to_role": "dataops"})
            state = await ada.until(is_state)
            told = [e["kind"] for m in ada.inbox for e in m.get("events", ())]
            assert "seat_moved" in told  # the update that moved her came first, then the state
            ada.inbox.clear()
            assert state["seat"] == {"team": "t2", "role": "dataops"}
            you = state["view"]["you"]
            assert (you["team"], you["role"], you["name"]) == ("t2", "dataops", "Ada")
            assert state["view"]["team"]["id"] == "t2"
            # The old seat's events and private data no longer reach Ada.
            await caught_up(bo)
            await bo.act({"type": "chat", "text": "where did Ada go?"})
            await ada.act({"type": "chat", "text": "hello Blue"})
            await caught_up(ada)
            assert ada.view is not None and ada.view["you"]["team"] == "t2"
            assert [m["text"] for m in ada.view["team"]["chat"]] == ["hello Blue"]
            seen = [e for m in ada.inbox for e in m.get("events", ())]
            assert not any(e["team"] == "t1" for e in seen)
            # The facilitator sees the seats changed hands.
            await caught_up(fac)
            red, blue = fac.view["teams"]
            assert red["seats"]["mlops"]["holder"] == "empty"
            assert (blue["seats"]["dataops"]["holder"], blue["seats"]["dataops"]["name"]) \
                == ("human", "Ada")
            # A move onto a person's seat is refused and changes nothing.
            with pytest.raises(ServerError) as refused:
                await fac.act({"type": "move_seat", "from_team": "t1", "from_role": "finops",
                               "to_team": "t2", "to_role": "dataops"})
            assert refused.value.code == "seat_taken"
            # Someone can join the seat Ada left.
            cy, _ = await join(server, code, "t1", "mlops", "Cy")
            for conn in (fac, ada, bo, cy):
                await conn.close()
            return {"token": ada_token}

    async def second_life(memo: dict[str, Any]) -> None:
        async with running_server(db) as server:
            ada = await Connection.open(url(server))
            await ada.send({"type": "resume", "token": memo["token"], "last_seq": 0})
            state = await ada.until(is_state)
            assert state["seat"] == {"team": "t2", "role": "dataops"}
            assert state["view"]["you"]["team"] == "t2"
            await ada.act({"type": "chat", "text": "still Blue after the restart"})
            await ada.close()

    memo = run(first_life())
    run(second_life(memo))


def test_moving_into_a_dropped_players_bot_seat_revokes_their_token() -> None:
    async def scenario() -> None:
        async with running_server() as server:
            fac, created = await create_game(server, bots="none")
            code = created["code"]
            xia, xia_token = await join(server, code, "t2", "finops", "Xia")
            bo, bo_token = await join(server, code, "t1", "finops", "Bo")
            await fac.act({"type": "seat_bot", "team": "t2", "role": "finops",
                           "level": "competent"})
            await fac.act({"type": "move_seat", "from_team": "t1", "from_role": "finops",
                           "to_team": "t2", "to_role": "finops"})
            state = await bo.until(is_state)
            assert state["seat"] == {"team": "t2", "role": "finops"}
            # Xia's connection on that seat is closed, and her token no longer opens it.
            with pytest.raises(ConnectionClosed) as closed:
                while True:
                    await xia.recv(5)
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 4001
            again = await Connection.open(url(server))
            with pytest.raises(ServerError) as refused:
                await again.request({"type": "resume", "token": xia_token, "last_seq": 0})
            assert refused.value.code == "bad_token"
            # Bo's token opens the new seat.
            await bo.close()
            back = await Connection.open(url(server))
            await back.send({"type": "resume", "token": bo_token, "last_seq": 0})
            assert (await back.until(is_state))["seat"] == {"team": "t2", "role": "finops"}
    run(scenario())


def test_a_person_cannot_act_while_a_bot_plays_their_seat() -> None:
    """Replaced by a bot, a person who comes back waits for the hand-back, then acts alone."""
    async def scenario() -> None:
        async with running_server() as server:
            fac, created = await create_game(server, bots="none")
            ada, _ = await join(server, created["code"], "t1", "mlops", "Ada")
            await fac.act({"type": "start_game"})
            await fac.act({"type": "seat_bot", "team": "t1", "role": "mlops",
                           "level": "novice"})
            await caught_up(ada)
            with pytest.raises(ServerError) as refused:
                await ada.act({"type": "chat", "text": "I'm back"})
            assert refused.value.code == "bot_holds_seat"
            await fac.act({"type": "release_bot", "team": "t1", "role": "mlops"})
            await caught_up(ada)
            assert (await ada.act({"type": "chat", "text": "I'm back"}))["type"] == "ack"
            seat = ada.view["team"]["seats"]["mlops"] if ada.view else {}
            assert (seat["holder"], seat["ready"]) == ("human", False)
    run(scenario())


def test_the_seat_move_rule() -> None:
    """A mover's tokens open the new seat; the tokens that opened it die; others stay."""
    from triops.server.rooms import rebound

    seats = {"ada": ("t1", "mlops"), "ada2": ("t1", "mlops"), "bob": ("t2", "finops"),
             "cy": ("t1", "dataops")}
    assert rebound(seats, [(("t1", "mlops"), ("t2", "finops"))]) == {
        "ada": ("t2", "finops"), "ada2": ("t2", "finops"), "cy": ("t1", "dataops")}
    assert rebound(seats, []) == seats
