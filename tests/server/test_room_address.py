"""A game's address, /room/CODE (docs/protocol.md, "Transport"): what a proxy routes on.

A connection opened for one game's address may attach to that game only; `/` still takes
any game, as it always did, when one process serves everything; the apps' link opens the
game's address for every connection about it.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from tests.server.harness import create_game, join, room, running_server, url
from triops.client.link import Link
from triops.client.transport import Connection, ServerError
from triops.protocol import room_of_path, room_url


def run(coro: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coro, 60))


def test_room_addresses_are_built_and_read_alike() -> None:
    assert room_url("ws://h:1", "k7mq-2p") == "ws://h:1/room/K7MQ2P"
    assert room_url("ws://h:1/", "K7MQ2P") == "ws://h:1/room/K7MQ2P"
    assert room_url("ws://h:1/room/OLD?x=1", "ab cd") == "ws://h:1/room/ABCD"
    assert room_of_path("/room/k7mq-2p") == "K7MQ2P"
    assert room_of_path("/room/K7MQ2P?x=1") == "K7MQ2P"
    assert room_of_path("/") is None and room_of_path("/other") is None
    assert room_of_path("/room/") == ""


def test_a_connection_for_one_game_is_refused_another_with_a_clear_error() -> None:
    async def scenario() -> None:
        async with running_server() as server:
            _, first = await create_game(server)
            _, second = await create_game(server)
            _, token = await join(server, first["code"], "t1", "mlops", "Ada")
            wrong = await Connection.open(room(server, second["code"]))
            refusals = [
                {"type": "join", "code": first["code"], "team": "t1", "role": "finops",
                 "name": "Bo"},
                {"type": "spectate", "code": first["code"]},
                {"type": "facilitate", "code": first["code"],
                 "token": first["facilitator_token"]},
                {"type": "resume", "token": token},
                {"type": "resume", "token": first["facilitator_token"]},
            ]
            for message in refusals:
                with pytest.raises(ServerError) as refused:
                    await wrong.request(message)
                assert refused.value.code == "wrong_room", message
                text = refused.value.reply["message"]
                assert second["code"] in text or "another game" in text
            # Nothing was attached: the right game still can be, on this connection.
            await wrong.send({"type": "spectate", "code": second["code"].lower()})
            await wrong.until(lambda m: m["type"] == "state")
            assert server.lobby is not None
            assert sorted(c.kind for c in server.lobby.room(second["code"]).clients) \
                == ["facilitator", "spectator"]
            # A made-up token is not called another game's.
            other = await Connection.open(room(server, second["code"]))
            with pytest.raises(ServerError) as refused:
                await other.request({"type": "resume", "token": "no-such-token"})
            assert refused.value.code == "bad_token"
            # The old way, `/` and the code in the message, still works with one process.
            old = await Connection.open(url(server))
            await old.send({"type": "resume", "token": token})
            await old.until(lambda m: m["type"] == "state")
    run(scenario())


def test_a_room_address_without_a_code_is_not_found() -> None:
    async def scenario() -> None:
        async with running_server() as server:
            with pytest.raises(InvalidStatus) as refused:
                async with connect(f"{url(server)}/room/"):
                    pass
            assert refused.value.response.status_code == 404
    run(scenario())


def test_the_link_follows_a_game_at_its_address_and_comes_back_there() -> None:
    async def scenario() -> None:
        async with running_server() as server:
            link = Link(url(server), client="test-link", backoff=(0.1,))
            await link.open()
            reader = asyncio.create_task(link.run())
            try:
                created = await link.request({"type": "create_game", "key": "test-key",
                                              "scenario": "retail-novice",
                                              "teams": ["Red"], "seed": 3})
                code = created["code"]
                assert link.conn_url == url(server)  # creating may happen anywhere
                await link.attach({"type": "facilitate", "code": code,
                                   "token": created["facilitator_token"]})
                assert link.conn_url == room(server, code)
                assert server.lobby is not None
                [client] = server.lobby.room(code).clients
                assert client.route == code
                await link.act({"type": "start_game"})  # the moved connection acts
                first = link.conn
                assert first is not None
                await first.ws.close()  # a drop: the link comes back to the game's address
                await _until(lambda: link.attached and link.conn is not first)
                [client] = server.lobby.room(code).clients
                assert client.route == code and client.kind == "facilitator"
                await link.act({"type": "pause"})
            finally:
                await link.close()
                assert await reader == "closed"
    run(scenario())


async def _until(check: Any, timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not check():
        assert loop.time() < end, "timed out"
        await asyncio.sleep(0.02)


def test_the_browser_player_reaches_its_own_server_and_the_games_on_it_only() -> None:
    from triops.client.web.player import fixed_server

    async def scenario() -> None:
        async with running_server() as server:
            connect = fixed_server(url(server) + "/")
            for allowed in (url(server), room(server, "K7MQ2P")):
                conn = await connect(allowed)
                await conn.close()
            for refused in ("ws://elsewhere.example:1", "ws://elsewhere.example:1/room/K7MQ2P",
                            url(server) + "/other"):
                with pytest.raises(ValueError):
                    await connect(refused)
    run(scenario())
