"""The floor: a bare websockets + msgpack room-broadcast server, the cheapest thing that could
do TriOps' job on the wire. `bench/load.py` runs the same load against it and against
`triops serve`, so the server's cost per action is reported as a ratio to this.

Protocol (a subset of TriOps'): hello -> welcome; join {code, team} -> joined; action
{action_id, command} -> ack to the sender and an update {seq, events} to every member of
the room (as TriOps does, with one small event).
"""

from __future__ import annotations

import asyncio
import sys
from collections import defaultdict
from typing import Any

import msgpack
from websockets.asyncio.server import ServerConnection, broadcast, serve

ROOMS: dict[str, set[ServerConnection]] = defaultdict(set)
SEQ: dict[str, int] = defaultdict(int)


async def handler(ws: ServerConnection) -> None:
    room = ""
    try:
        async for frame in ws:
            msg: dict[str, Any] = msgpack.unpackb(frame, raw=False)
            kind = msg.get("type")
            if kind == "hello":
                await ws.send(msgpack.packb({"type": "welcome"}))
            elif kind in ("join", "create_game", "facilitate", "spectate"):
                room = str(msg.get("code", "room"))
                ROOMS[room].add(ws)
                await ws.send(msgpack.packb({"type": "joined", "code": room}))
            elif kind == "action":
                SEQ[room] += 1
                command = msg.get("command", {})
                await ws.send(msgpack.packb({"type": "ack", "action_id": msg.get("action_id"),
                                             "seq": SEQ[room]}))
                update = msgpack.packb({"type": "update", "seq": SEQ[room], "events": [
                    {"kind": "chat", "text": command.get("text", ""), "audience": "team"}]})
                broadcast(ROOMS[room], update)
    finally:
        ROOMS[room].discard(ws)


async def main(port: int) -> None:
    async with serve(handler, "127.0.0.1", port, compression=None, max_size=65536) as server:
        print(f"listening on ws://127.0.0.1:{server.sockets[0].getsockname()[1]}", flush=True)
        await asyncio.get_running_loop().create_future()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 0))
