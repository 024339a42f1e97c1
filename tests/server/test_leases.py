"""Several server processes on one store: each room lives in the one holding its lease.

Two servers share an SQLite file here (WAL works across processes on one host, and two
servers in one event loop use it as two processes would); tests/server/test_failover.py
does the same with real processes, PostgreSQL and HAProxy.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from tests.server.harness import KEY, room, running_server, url
from triops.client.link import Link
from triops.client.transport import Connection, ServerError
from triops.server.app import TriOpsServer
from triops.server.lobby import MOVED

TTL = 1.0


def run(coro: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coro, 60))


async def create(server: TriOpsServer) -> dict[str, Any]:
    conn = await Connection.open(url(server))
    try:
        created: dict[str, Any] = await conn.request({
            "type": "create_game", "key": KEY, "scenario": "retail-novice",
            "teams": ["Red"], "seed": 5, "bots": "none"})
        return created
    finally:
        await conn.close()


async def facilitate(server: TriOpsServer, created: dict[str, Any]) -> Connection:
    conn = await Connection.open(room(server, created["code"]))
    await conn.send({"type": "facilitate", "code": created["code"],
                     "token": created["facilitator_token"]})
    await conn.until(lambda m: m["type"] in ("state", "error"))
    return conn


def test_a_room_is_loaded_where_it_is_asked_for_and_nowhere_else(tmp_path: Path) -> None:
    db = tmp_path / "games.sqlite3"

    async def scenario() -> None:
        async with running_server(db, lease_ttl=TTL) as a, \
                running_server(db, lease_ttl=TTL) as b:
            assert a.lobby is not None and b.lobby is not None
            created = await create(a)  # creating only writes the game down
            assert a.lobby.by_code == {}
            fac = await facilitate(b, created)
            assert fac.view is not None and list(b.lobby.by_code) == [created["code"]]
            await fac.act({"type": "start_game"})
            joiner = await Connection.open(room(b, created["code"]))
            joined = await joiner.request({"type": "join", "code": created["code"],
                                           "team": "t1", "role": "mlops", "name": "Ada"})
            await joiner.until(lambda m: m["type"] == "state")
            await joiner.act({"type": "chat", "text": "on b"})

            # B holds the lease: A waits for it as long as a dead holder's would last,
            # then says where the game is.
            started = time.monotonic()
            other = await Connection.open(room(a, created["code"]))
            with pytest.raises(ServerError) as refused:
                await other.request({"type": "resume", "token": joined["token"]}, timeout=10)
            assert refused.value.code == "room_elsewhere"
            assert TTL <= time.monotonic() - started < TTL + 3
            assert a.lobby.by_code == {}

            # B stops cleanly and gives its leases back: A takes the room at once, from the
            # store, with everything B acknowledged; the seat resumes with its token.
            await fac.close()
            await joiner.close()
            await b.stop()
            again = await Connection.open(room(a, created["code"]))
            await again.send({"type": "resume", "token": joined["token"]})
            state = await again.until(lambda m: m["type"] == "state")
            assert [m["text"] for m in state["view"]["team"]["chat"]] == ["on b"]
            await again.act({"type": "chat", "text": "on a"})
            fac_again = await facilitate(a, created)
            assert fac_again.view is not None
            assert [m["text"] for m in fac_again.view["teams"][0]["chat"]] == ["on b", "on a"]
            # Attaching on `/` would load the game wherever the proxy sent `/`: refused.
            plain = await Connection.open(url(a))
            for message in ({"type": "resume", "token": created["facilitator_token"]},
                            {"type": "spectate", "code": created["code"]}):
                with pytest.raises(ServerError) as refused:
                    await plain.request(message)
                assert refused.value.code == "wrong_room"
                assert "/room/CODE" in refused.value.reply["message"]
    run(scenario())


def test_a_room_whose_lease_is_lost_is_closed_so_its_clients_find_the_owner(
        tmp_path: Path) -> None:
    db = tmp_path / "games.sqlite3"

    async def scenario() -> None:
        async with running_server(db, lease_ttl=TTL) as a:
            assert a.lobby is not None
            created = await create(a)
            fac = await facilitate(a, created)
            assert created["code"] in a.lobby.by_code
            # Another process takes the lease (as if A had stalled past its expiry).
            with sqlite3.connect(db) as raw:
                raw.execute("UPDATE leases SET owner = 'elsewhere', expires = ?",
                            (time.time() + 60,))
            # Its next renewal fails: the room's connections are closed (within ttl/3).
            await asyncio.wait_for(fac.ws.wait_closed(), TTL * 3)
            assert fac.ws.close_code == MOVED
            assert a.lobby.by_code == {}
    run(scenario())


def test_a_link_told_its_game_is_elsewhere_tries_again_until_it_is_served(
        tmp_path: Path) -> None:
    db = tmp_path / "games.sqlite3"

    async def scenario() -> None:
        async with running_server(db, lease_ttl=TTL) as a, \
                running_server(db, lease_ttl=TTL) as b:
            created = await create(a)
            fac = await facilitate(b, created)  # B holds the game
            link = Link(url(a), client="test-link", backoff=(0.1,))
            link.room = created["code"]
            link.attach_with = {"type": "resume", "token": created["facilitator_token"]}
            reader = asyncio.create_task(link.run())
            try:
                # A answers room_elsewhere once the lease has not lapsed in ttl + 1 s;
                # the link connects again rather than sit on an unattached connection.
                await _until(lambda: "Another server process" in link.error, TTL + 5)
                assert not link.attached
                await fac.close()
                await b.stop()  # B gives the game back: A's next try takes it
                await _until(lambda: link.attached, TTL + 5)
                assert link.conn_url == room(a, created["code"])
                await link.act({"type": "start_game"})
            finally:
                await link.close()
                assert await reader == "closed"
    run(scenario())


async def _until(check: Any, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


def test_a_process_that_lost_its_lease_unawares_is_fenced_by_the_log(tmp_path: Path) -> None:
    """A long pause: A's lease lapsed and B took the game and logged a command, before A's
    next renewal. A's next command is refused (the log's key), A gives the game up, and its
    clients reconnect to find B."""
    db = tmp_path / "games.sqlite3"

    async def scenario() -> None:
        async with running_server(db, lease_ttl=60) as a, \
                running_server(db, lease_ttl=60) as b:  # renewals far apart: none here
            assert a.lobby is not None
            created = await create(a)
            on_a = await facilitate(a, created)
            with sqlite3.connect(db) as raw:  # A's lease lapses unnoticed
                raw.execute("UPDATE leases SET expires = 0")
            on_b = await facilitate(b, created)  # B takes it over and loads it
            await on_b.act({"type": "start_game"})
            with pytest.raises(ServerError) as refused:
                await on_a.act({"type": "start_game"})  # valid in what A holds
            assert refused.value.code == "store_unavailable"
            await asyncio.wait_for(on_a.ws.wait_closed(), 5)
            assert on_a.ws.close_code == MOVED
            assert a.lobby.by_code == {}
            row = await b.store.load_game(created["game_id"])
            assert row is not None
            assert [c[2]["type"] for c in row.commands] == ["start_game"]
    run(scenario())
