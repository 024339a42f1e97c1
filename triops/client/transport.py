"""Client side of the wire protocol: one WebSocket connection speaking msgpack frames.

Scripts and tests drive a real server through `Connection`: replies are matched to
requests by type (and by `action_id` for actions) as `request` reads them; every other
message (updates, states) is kept, in order, in `inbox`. The apps open their connections
here too, but read them through `client.link.Link`, which keeps one alive across drops.
"""

from __future__ import annotations

import asyncio
import itertools
import secrets
from collections import deque
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from triops.game.views.patch import PatchError, apply_patch
from triops.protocol import PROTOCOL_VERSION, decode_server_frame, encode

REPLY_TYPES = {"welcome", "game_created", "joined", "ack", "error", "pong", "scenarios",
               "record"}


class ServerError(Exception):
    """The server answered with an `error` message."""

    def __init__(self, reply: dict[str, Any]) -> None:
        super().__init__(f"{reply.get('code')}: {reply.get('message')}")
        self.code = str(reply.get("code"))
        self.reply = reply


def follow_view(message: dict[str, Any], view: dict[str, Any] | None) -> dict[str, Any] | None:
    """The latest full view after `message`, which gets it as its `view` as well.

    A `state` carries the whole view; a live `update` carries a patch against the last view
    this connection was sent (docs/protocol.md, "Patches"). Apps read `message["view"]`
    either way. Replayed updates carry neither and leave the view as it is.
    """
    kind = message.get("type")
    if kind == "state" and isinstance(message.get("view"), dict):
        fresh: dict[str, Any] = message["view"]
        return fresh
    patch = message.get("patch")
    if kind == "update" and patch is not None and view is not None:
        try:
            view = apply_patch(view, patch)
        except PatchError as err:  # the server's bug, but say so rather than show nonsense
            raise ServerError({"code": "bad_patch", "message": str(err)}) from err
        message["view"] = view
    return view


class Connection:
    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.inbox: deque[dict[str, Any]] = deque()
        self._ids = itertools.count(1)
        self._prefix = secrets.token_hex(4)  # ids stay unique across reconnects and restarts
        self.last_seq = 0
        self.version = 0
        self.view: dict[str, Any] | None = None

    @classmethod
    async def open(cls, url: str, hello: bool = True, client: str = "triops") -> Connection:
        ws = await connect(url, compression=None, max_size=16 * 1024 * 1024, open_timeout=10)
        conn = cls(ws)
        if hello:
            try:
                await conn.request({"type": "hello", "protocol": PROTOCOL_VERSION,
                                    "client": client})
            except Exception:
                await conn.close()  # a refused hello leaves no connection open behind it
                raise
        return conn

    async def send(self, message: dict[str, Any]) -> None:
        await self.ws.send(encode(message))

    async def recv(self, timeout: float = 10.0) -> dict[str, Any]:
        """The next message from the server, whatever it is (also noted in `inbox` order)."""
        frame = await asyncio.wait_for(self.ws.recv(), timeout)
        message = decode_server_frame(frame) if isinstance(frame, bytes) else {"type": "text"}
        self._note(message)
        return message

    def _note(self, message: dict[str, Any]) -> None:
        if message.get("type") in ("update", "state"):
            self.last_seq = max(self.last_seq, int(message.get("seq", 0)))
            self.view = follow_view(message, self.view)
            if message.get("view") is not None and self.view is not None:
                self.version = int(self.view.get("game", {}).get("version", self.version))

    async def request(self, message: dict[str, Any], timeout: float = 10.0,
                      action_id: str | None = None) -> dict[str, Any]:
        """Send and wait for the matching reply; raise ServerError if it is an error."""
        await self.send(message)
        while True:
            reply = await self.recv(timeout)
            kind = reply.get("type")
            if kind not in REPLY_TYPES:
                self.inbox.append(reply)
                continue
            if action_id is not None and reply.get("action_id") not in (action_id, None):
                continue
            if kind == "error":
                raise ServerError(reply)
            return reply

    async def act(self, command: dict[str, Any], action_id: str | None = None,
                  based_on: int | None = None, timeout: float = 10.0) -> dict[str, Any]:
        action_id = action_id or f"{self._prefix}-{next(self._ids)}"
        return await self.request(
            {"type": "action", "action_id": action_id,
             "based_on": self.version if based_on is None else based_on, "command": command},
            timeout, action_id)

    async def until(self, predicate: Any, timeout: float = 10.0) -> dict[str, Any]:
        """Read (keeping the inbox) until a message satisfies the predicate."""
        for message in list(self.inbox):
            if predicate(message):
                self.inbox.remove(message)
                return message
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                raise TimeoutError("no matching message arrived")
            message = await self.recv(left)
            if predicate(message):
                return message
            self.inbox.append(message)

    async def close(self) -> None:
        await self.ws.close()
