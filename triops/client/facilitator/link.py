"""One WebSocket to the server for a Textual app: a reader loop, replies matched to callers,
and a reconnect that resumes where the connection dropped.

`client.transport.Connection` reads replies itself inside `request`, which is right for
scripts and tests but not for an app that must also receive updates while nobody waits.
Here one reader (`run`, started in an exclusive Textual worker) owns every `recv`: updates
and states go to `deliver`, and each reply wakes the caller waiting for it. Callers send
with `request` (one reply expected) or `act` (an action, answered by its `action_id`).

After a dropped connection the reader reconnects with backoff and sends `reattach` again:
the facilitator resumes with its token and the last `seq` it saw (the server replays what
was missed), the projector spectates anew.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import uuid
from collections import deque
from collections.abc import Callable
from typing import Any

from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from triops.client.transport import Connection, ServerError, follow_view
from triops.protocol import decode_server_frame

REPLIES = frozenset({"welcome", "game_created", "joined", "pong", "scenarios", "record"})
RETRY_DELAYS = (0.5, 1.0, 2.0, 3.0, 5.0)


class LinkDown(ConnectionError):
    """The connection dropped while a reply was awaited; the request may not have arrived."""


Deliver = Callable[[dict[str, Any]], None]
Status = Callable[[str, str], None]  # (state, detail): connected | reconnecting | failed


class Link:
    def __init__(self, url: str, client: str = "triops-console") -> None:
        self.url = url
        self.client = client
        self.conn: Connection | None = None
        self.reattach: dict[str, Any] | None = None
        self.last_seq = 0
        self.version = 0
        self.view: dict[str, Any] | None = None  # the latest full view, patched by updates
        self._waiting: deque[asyncio.Future[dict[str, Any]]] = deque()
        self._actions: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._attach: asyncio.Future[dict[str, Any]] | None = None
        self._ids = itertools.count(1)
        self._prefix = uuid.uuid4().hex[:8]
        self._connected = asyncio.Event()
        self._closing = False
        self.retry_delays: tuple[float, ...] = RETRY_DELAYS

    # --- connecting ----------------------------------------------------------------------

    async def open(self) -> None:
        """Connect and say hello. Raises OSError (or a websockets error) if unreachable."""
        self.conn = await Connection.open(self.url)  # hello, answered before any reader runs
        self._connected.set()

    async def close(self) -> None:
        self._closing = True
        if self.conn is not None:
            with contextlib.suppress(Exception):
                await self.conn.close()
        self._fail_all(LinkDown("closed"))

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    # --- the reader ----------------------------------------------------------------------

    async def run(self, deliver: Deliver, status: Status) -> None:
        """Read until closed: hand updates to `deliver`, replies to their callers."""
        while not self._closing:
            conn = self.conn
            if conn is None:
                return
            try:
                async for frame in conn.ws:
                    if isinstance(frame, bytes):
                        self._route(decode_server_frame(frame), deliver)
            except ConnectionClosed:
                pass
            if self._closing:
                return
            self._connected.clear()
            self._fail_all(LinkDown("The connection to the server dropped."))
            await self._reconnect(status)

    async def _reconnect(self, status: Status) -> None:
        for attempt in itertools.count():
            delays = self.retry_delays
            delay = delays[min(attempt, len(delays) - 1)]
            status("reconnecting", f"connection lost; retrying every {delay:g} s")
            await asyncio.sleep(delay)
            try:
                self.conn = await Connection.open(self.url)
                if self.reattach is not None:
                    await self.conn.send(self._reattach_message())
            except (OSError, ConnectionClosed, InvalidHandshake, InvalidURI, ServerError,
                    TimeoutError):
                continue
            self._connected.set()
            status("connected", "reconnected")
            return

    def _reattach_message(self) -> dict[str, Any]:
        assert self.reattach is not None
        message = dict(self.reattach)
        if message.get("type") == "resume":
            message["last_seq"] = self.last_seq
        return message

    def _route(self, message: dict[str, Any], deliver: Deliver) -> None:
        kind = message.get("type")
        if kind in ("update", "state"):
            self.last_seq = max(self.last_seq, int(message.get("seq", 0)))
            self.view = follow_view(message, self.view)
            view = message.get("view")
            if isinstance(view, dict):
                self.version = int(view.get("game", {}).get("version", self.version))
            if kind == "state" and self._attach is not None and not self._attach.done():
                self._attach.set_result(message)
            deliver(message)
            return
        action_id = message.get("action_id")
        if kind in ("ack", "error") and isinstance(action_id, str) and action_id in self._actions:
            self._resolve(self._actions.pop(action_id), message)
            return
        if kind == "error" and self._attach is not None and not self._attach.done():
            self._attach.set_exception(ServerError(message))
            return
        if kind in REPLIES or kind == "error":
            while self._waiting:
                future = self._waiting.popleft()
                if not future.done():
                    self._resolve(future, message)
                    return
        deliver(message)  # anything unexpected: let the app show it

    @staticmethod
    def _resolve(future: asyncio.Future[dict[str, Any]], message: dict[str, Any]) -> None:
        if future.done():
            return
        if message.get("type") == "error":
            future.set_exception(ServerError(message))
        else:
            future.set_result(message)

    def _fail_all(self, err: Exception) -> None:
        futures = [*self._waiting, *self._actions.values()]
        if self._attach is not None:
            futures.append(self._attach)
        self._waiting.clear()
        self._actions.clear()
        for future in futures:
            if not future.done():
                future.set_exception(err)

    # --- asking --------------------------------------------------------------------------

    async def _send(self, message: dict[str, Any]) -> None:
        if self.conn is None or not self.connected:
            raise LinkDown("Not connected to the server right now.")
        try:
            await self.conn.send(message)
        except ConnectionClosed as err:
            raise LinkDown("The connection to the server dropped.") from err

    async def request(self, message: dict[str, Any], timeout: float = 10.0) -> dict[str, Any]:
        """Send a message that has one reply (list_scenarios, create_game, ping)."""
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting.append(future)
        await self._send(message)
        return await asyncio.wait_for(future, timeout)

    async def attach(self, message: dict[str, Any], timeout: float = 10.0) -> dict[str, Any]:
        """Follow a game (facilitate, spectate or resume); returns its first `state`."""
        self._attach = asyncio.get_running_loop().create_future()
        await self._send(message)
        state = await asyncio.wait_for(self._attach, timeout)
        self._attach = None
        return state

    async def act(self, command: dict[str, Any], timeout: float = 10.0) -> dict[str, Any]:
        """Send a command as an action; returns the ack or raises ServerError."""
        action_id = f"{self._prefix}-{next(self._ids)}"
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._actions[action_id] = future
        try:
            await self._send({"type": "action", "action_id": action_id,
                              "based_on": self.version, "command": command})
            return await asyncio.wait_for(future, timeout)
        finally:
            self._actions.pop(action_id, None)
