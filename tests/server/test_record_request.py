"""The facilitator's `record` request: the game record as the store holds it, with its
scenario, which replays to the server's own state. It is the facilitator's alone."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.server.harness import caught_up, create_game, join, running_server
from triops.client.transport import Connection, ServerError
from triops.game.record import replay_plain, state_digest


def test_the_record_replays_to_the_servers_state_and_only_the_facilitator_gets_it(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_server(tmp_path / "games.sqlite3", bot_delay=0) as server:
            fac, created = await create_game(server, bots="none")
            ada, _ = await join(server, created["code"], "t1", "mlops")
            await fac.act({"type": "start_game"})
            await caught_up(ada)
            await ada.act({"type": "chat", "text": "morning all"})

            reply = await fac.request({"type": "record"})
            room = server.lobby.room(created["code"])  # type: ignore[union-attr]
            replayed = replay_plain(reply["record"], reply["scenario"])
            assert state_digest(replayed) == state_digest(room.state)
            assert any(e["command"].get("text") == "morning all"
                       for e in reply["record"]["entries"])

            with pytest.raises(ServerError) as refused:
                await ada.request({"type": "record"})
            assert refused.value.code == "not_allowed"
    asyncio.run(scenario())


def test_the_server_keeps_games_in_the_store_it_is_given(tmp_path: Path) -> None:
    """The store is injected through the GameStore interface; SQLite is the default."""
    from triops.scenarios import load_all_scenarios
    from triops.server.app import ServerConfig, TriOpsServer
    from triops.server.store import SqliteStore
    from triops.server.stores import read_games

    async def scenario() -> None:
        given = SqliteStore(tmp_path / "given.sqlite3")
        server = TriOpsServer(ServerConfig(port=0, db=tmp_path / "unused.sqlite3", key="k" * 20),
                              load_all_scenarios(), store=given)
        await server.start()
        try:
            assert server.store is given
            fac = await Connection.open(f"ws://127.0.0.1:{server.port}")
            created = await fac.request({"type": "create_game", "key": "k" * 20,
                                         "scenario": "retail-novice", "teams": ["A"]})
            await fac.close()
        finally:
            await server.stop()
        assert [g.code for g in read_games(tmp_path / "given.sqlite3")] == [created["code"]]
        assert not (tmp_path / "unused.sqlite3").exists()
    asyncio.run(scenario())
