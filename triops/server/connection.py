"""One client connection: who it is, how far behind its reader is, and its rate limit.

Outgoing frames are written straight into the connection's buffer, so a slow reader never
delays the room: a client whose unsent data passes `MAX_BACKLOG` bytes is cut off instead
of being waited for.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from websockets.asyncio.server import ServerConnection, broadcast
from websockets.exceptions import ConnectionClosed
from websockets.protocol import OPEN

from triops.protocol import encode

if TYPE_CHECKING:
    from triops.server.rooms import Room

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


def _header(length: int) -> bytes:
    """A final binary WebSocket frame's header, unmasked (RFC 6455, 5.2)."""
    if length < 126:
        return bytes((0x82, length))
    if length < 1 << 16:
        return struct.pack("!BBH", 0x82, 126, length)
    return struct.pack("!BBQ", 0x82, 127, length)


class Client:
    def __init__(self, ws: ServerConnection, max_backlog: int = MAX_BACKLOG) -> None:
        self.ws = ws
        self.max_backlog = max_backlog
        self.kind = ""  # "" until attached: seat | facilitator | spectator
        self.room: Room | None = None
        self.route: str | None = None  # the join code in the connection's path, if any
        self.team = ""
        self.role = ""
        self.last_view: dict[str, Any] | None = None  # what updates are patched against
        # The room's count of changes other than chat lines when last_view was made (the
        # room brings a view up to date without building it again while it is the same).
        self.view_epoch = -1
        self.limiter = TokenBucket()
        self.closed = False
        self._closer: asyncio.Task[None] | None = None

    @property
    def actor_key(self) -> str:
        return f"{self.team}/{self.role}" if self.kind == "seat" else self.kind

    def send(self, message: dict[str, Any] | bytes, then: bytes | None = None) -> None:
        """Write a message (or a frame already encoded) now; never waits. A client too far
        behind is disconnected. `then`, a second message already encoded, goes in the same
        write (an update and the sender's ack: one system call instead of two)."""
        if self.closed:
            return
        frame = message if isinstance(message, bytes) else encode(message)
        size = len(frame) if then is None else len(frame) + len(then)
        limit = self.max_backlog * (FACILITATOR_FACTOR if self.kind == "facilitator" else 1)
        transport = self.ws.transport
        if (transport.get_write_buffer_size() if transport else 0) + size > limit:
            self.close(1008, "too slow: the connection fell too far behind", flush=False)
            return
        # Straight into the connection's write buffer: no task and no lock per frame (they
        # cost more than the rest of an update). Frames keep their order; the check above is
        # the backpressure.
        protocol = self.ws.protocol
        if protocol.state is OPEN and not protocol.extensions and transport:
            # What `broadcast` does, without its per-call work: a server's frames are not
            # masked, and without extensions (no compression) a binary message is one frame
            # with this header. The server never sends a fragmented message, so none can be
            # in progress.
            if then is None:
                transport.write(_header(len(frame)) + frame)
            else:
                transport.write(b"".join((_header(len(frame)), frame, _header(len(then)), then)))
        else:
            broadcast((self.ws,), frame)
            if then is not None:
                broadcast((self.ws,), then)

    def close(self, code: int = 1000, reason: str = "", flush: bool = True) -> None:
        """Close after what was sent, or at once (`flush=False`, for slow readers)."""
        if self.closed:
            return
        self.closed = True
        if flush:
            self._closer = asyncio.get_running_loop().create_task(self.ws.close(code, reason))
        else:
            if self.room is not None:  # stop spending anything on it right away
                self.room.detach(self)
            # A polite close would queue behind the unread data; drop the connection instead.
            self.ws.transport.abort()

    async def finish(self) -> None:
        """Once the handler is done: let a requested close finish briefly."""
        self.closed = True
        if self._closer is not None:
            with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError,
                                     ConnectionClosed):
                await asyncio.wait_for(asyncio.shield(self._closer), 2.0)
