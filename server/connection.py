"""One client connection: who it is, its outgoing queue, and its rate limit.

Outgoing frames go through a per-connection queue drained by its own task, so a slow
reader never delays the room: a client whose unsent data passes `MAX_BACKLOG` bytes is cut
off instead of being waited for.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

from game.protocol import encode

if TYPE_CHECKING:
    from server.rooms import Room

MAX_BACKLOG = 1024 * 1024  # bytes queued or in the socket buffer before a client is cut off
# The facilitator's first view holds every team (about 0.9 MB with 12 teams; later updates
# are patches), so its console gets room for a few of them before it counts as too slow.
FACILITATOR_FACTOR = 8
RATE = 20.0  # messages per second a client may send on average
BURST = 60.0  # ... and in a burst
ABUSE_LIMIT = 200  # rate-limited messages before the connection is closed


@dataclass
class TokenBucket:
    rate: float = RATE
    burst: float = BURST
    tokens: float = BURST
    stamp: float = field(default_factory=time.monotonic)
    refused: int = 0

    def allow(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        self.refused += 1
        return False


class Client:
    def __init__(self, ws: ServerConnection, max_backlog: int = MAX_BACKLOG) -> None:
        self.ws = ws
        self.max_backlog = max_backlog
        self.kind = ""  # "" until attached: seat | facilitator | spectator
        self.room: Room | None = None
        self.team = ""
        self.role = ""
        self.last_view: dict[str, Any] | None = None  # what updates are patched against
        self.limiter = TokenBucket()
        self._queue: asyncio.Queue[bytes | tuple[int, str]] = asyncio.Queue()
        self._queued = 0
        self._sender = asyncio.get_running_loop().create_task(self._drain())
        self.closed = False
        self._flushing = False

    @property
    def actor_key(self) -> str:
        return f"{self.team}/{self.role}" if self.kind == "seat" else self.kind

    def _buffered(self) -> int:
        transport = self.ws.transport
        return self._queued + (transport.get_write_buffer_size() if transport else 0)

    def send(self, message: dict[str, Any] | bytes) -> None:
        """Queue a message (or a frame already encoded); never waits. A client too far
        behind is disconnected."""
        if self.closed:
            return
        frame = message if isinstance(message, bytes) else encode(message)
        limit = self.max_backlog * (FACILITATOR_FACTOR if self.kind == "facilitator" else 1)
        if self._buffered() + len(frame) > limit:
            self.close(1008, "too slow: the connection fell too far behind", flush=False)
            return
        self._queued += len(frame)
        self._queue.put_nowait(frame)

    async def _drain(self) -> None:
        try:
            while True:
                frame = await self._queue.get()
                if isinstance(frame, tuple):  # a close, after what was queued before it
                    await self.ws.close(*frame)
                    return
                self._queued -= len(frame)
                await self.ws.send(frame)
        except ConnectionClosed:
            self.closed = True

    def close(self, code: int = 1000, reason: str = "", flush: bool = True) -> None:
        """Close after sending what is queued, or at once (`flush=False`, for slow readers)."""
        if self.closed:
            return
        self.closed = True
        if flush:
            self._flushing = True
            self._queue.put_nowait((code, reason))
        else:
            if self.room is not None:  # stop spending anything on it right away
                self.room.detach(self)
            self._sender.cancel()
            # A polite close would queue behind the unread data; drop the connection instead.
            self.ws.transport.abort()

    async def finish(self) -> None:
        """Once the handler is done: let a requested close flush briefly, then stop."""
        self.closed = True
        if self._flushing:
            with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError,
                                     ConnectionClosed):
                await asyncio.wait_for(asyncio.shield(self._sender), 2.0)
        self._sender.cancel()
        with contextlib.suppress(asyncio.CancelledError, ConnectionClosed):
            await self._sender
