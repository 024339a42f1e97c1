"""The facilitator's `record` request: the game record as the store holds it, with its
scenario, which replays to the server's own state. It is the facilitator's alone."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.server.harness import caught_up, create_game, join, running_server
from triops.client.transport import ServerError
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
