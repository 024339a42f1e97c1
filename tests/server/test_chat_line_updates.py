"""Updates after chat lines: the server brings each connection's last view up to date
instead of building it again (views.chat_lines). What every connection holds, from the
patches it applied, is exactly the fresh view of the room's state."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.server.harness import caught_up, create_game, join, running_server
from triops.client.transport import Connection
from triops.game.model.state import GameState
from triops.game.model.vocab import ROLES
from triops.game.views import facilitator_view, seat_view
from triops.protocol import decode_server_frame, encode


def as_sent(view: dict[str, Any]) -> dict[str, Any]:
    """A view as a client receives it (msgpack has lists, not tuples)."""
    return decode_server_frame(encode({"view": view}))["view"]  # type: ignore[no-any-return]


def test_what_each_connection_holds_after_chat_lines_and_moves_is_the_fresh_view() -> None:
    async def scenario() -> None:
        async with running_server() as server:
            fac, created = await create_game(server, ("Red", "Blue"), bots="none")
            code = created["code"]
            seats: dict[tuple[str, str], Connection] = {}
            for team in ("t1", "t2"):
                for role in ROLES:
                    seats[(team, role)], _ = await join(server, code, team, role, role)
            await fac.act({"type": "start_game"})
            await fac.act({"type": "force_resolve"})
            await fac.act({"type": "advance"})
            for conn in seats.values():
                await caught_up(conn)  # in the new phase: actions are based on its version
            steps: list[tuple[Connection, dict[str, Any]]] = []
            for n, (team, role) in enumerate(seats):
                steps.append((seats[(team, role)], {"type": "chat", "text": f"line {n}"}))
            steps.append((fac, {"type": "broadcast", "text": "ten minutes left"}))
            steps.append((seats[("t1", "mlops")], {"type": "ready", "ready": True}))
            steps.append((seats[("t2", "finops")], {"type": "chat", "text": "after ready"}))
            steps.append((fac, {"type": "pause"}))
            steps.append((seats[("t1", "dataops")], {"type": "chat", "text": "paused"}))
            steps.append((fac, {"type": "resume"}))
            steps.append((seats[("t1", "finops")], {"type": "chat", "text": "resumed"}))
            steps.append((fac, {"type": "broadcast", "text": "blue only", "team": "t2"}))
            room = server.lobby.room(code) if server.lobby else None
            assert room is not None
            for conn, command in steps:
                await conn.act(command)
                for other in (fac, *seats.values()):
                    await caught_up(other)
                state: GameState = room.state
                assert fac.view == as_sent(facilitator_view(state, bots="none"))
                for (team, role), conn_ in seats.items():
                    fresh = as_sent(seat_view(state, team, role, bots="none"))
                    held = conn_.view
                    assert held is not None
                    if held["game"]["version"] != state.version:
                        # Another team's chat line: no update, so only its version lags
                        fresh["game"] = {**fresh["game"], "version": held["game"]["version"]}
                    assert held == fresh, (command, team, role)
                assert conn.view is not None and conn.view["game"]["version"] == state.version
            assert room.epoch > 0  # the moves between the chat lines were more than that
    asyncio.run(scenario())
