"""Every app's link to the server: one connection kept alive, a game followed across drops.

The player, the facilitator's console, the projector and solo's session all talk to the
server through a `Link`. `run()` is the body of the app's one network worker: it owns every
read (one reader, so frames are never raced for), follows the view (docs/protocol.md,
"Patches"), wakes the caller waiting for each reply, and hands everything else (states,
updates, presence, errors nobody waits for) to `on_message`.

- `open()` connects and says hello; `attach(message)` follows a game (join, facilitate,
  spectate or resume) and returns its first `state`; `request(message)` sends a message
  with one reply (`list_scenarios`, `create_game`, `record`, `ping`).
- Two ways to act. `act(command)` waits for the ack, or raises ServerError; a drop fails it
  with LinkDown. `queue(command)` returns the action id at once and the answer comes later
  through `on_answer`; unanswered queued actions are sent again, with the same id, after a
  reconnect: the server answers a retry with its original reply, so nothing happens twice
  (docs/protocol.md, "Actions, idempotency").
- Every connection about a game opens the game's address, `/room/CODE` on the server
  (docs/protocol.md, "Transport"), so a proxy in front of several server processes sends it
  to the one serving the game. `open()` connects to the server's own address (for
  `create_game` and `list_scenarios`), unless `room` already names the game; `attach` moves
  to the game's address first when the connection is elsewhere.
- When the connection drops, the link reconnects with backoff and attaches again as it last
  attached: a seat or a facilitator resumes with its token and the last `seq` it saw (the
  server replays what was missed), a spectator spectates anew. A close that says the seat
  is somewhere else now (4000, 4001) or a server speaking another protocol ends the run.
- Every `state` and `update` carries the server's time (`now`). The link keeps the offset
  between it and the app's clock, so `server_time()` reads the server's clock: countdowns
  against the view's `game.deadline` stay right on a laptop whose clock is off.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import secrets
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from websockets.exceptions import ConnectionClosed, InvalidURI, WebSocketException

from triops.client.transport import Connection, ServerError, follow_view
from triops.protocol import decode_server_frame, normalise_code, room_url

Connector = Callable[[str], Awaitable[Connection]]
Clock = Callable[[], float]

BACKOFF = (0.25, 0.5, 1.0, 2.0, 3.0, 5.0)
REPLIES = frozenset({"welcome", "game_created", "pong", "scenarios", "record"})
# Close codes after which connecting again would be wrong: the seat is open elsewhere (4000),
# the facilitator gave it to someone else (4001), the server speaks another protocol (1002).
FINAL_CLOSES = {
    4000: ("moved", "This seat was opened on another connection."),
    4001: ("reassigned", "The facilitator gave this seat to another player."),
    1002: ("version", "This client and the server speak different protocol versions."),
}


# Refusals of an attach that pass by themselves: the game's process is changing hands (the
# lease of a dead one lapses within its ttl) or the store is briefly out of reach. A
# reconnect's attach refused so is tried again, with backoff, on a new connection.
PASSING = frozenset({"room_elsewhere", "store_unavailable"})


class LinkDown(ConnectionError):
    """The connection dropped while a reply was awaited; the request may not have arrived."""


async def open_connection(url: str) -> Connection:
    """The default connector: a WebSocket to `url`, greeted with `hello`."""
    return await Connection.open(url)


def _ignore(*_: Any) -> None:
    return None


@dataclass
class _Action:
    message: dict[str, Any]
    label: str
    future: asyncio.Future[dict[str, Any]] | None  # None: queued, answered via on_answer


class Link:
    """One app's connection to the server. See the module docstring."""

    def __init__(self, url: str, connect: Connector | None = None, *, client: str = "triops",
                 clock: Clock = time.time, last_seq: int = 0,
                 backoff: tuple[float, ...] = BACKOFF) -> None:
        self.url = url  # the server's address, as given
        self.room = ""  # the join code of the game followed: connections go to its address
        self.conn_url = ""  # the address the current connection was opened to
        self.client = client
        self.connect: Connector = connect or self._open_connection
        self.clock = clock  # the app's clock: the server's offset is measured against it
        self.backoff = backoff
        self.conn: Connection | None = None
        # How each new connection attaches: nil until the app follows a game.
        self.attach_with: dict[str, Any] | None = None
        self.attached = False  # a `state` arrived on this connection
        self.last_seq = last_seq
        self.version = 0
        self.view: dict[str, Any] | None = None  # the latest full view, patched by updates
        self.offset = 0.0  # the server's clock minus the app's, as of the last state/update
        self.error = ""  # why the run stopped or the last connection failed, for a person
        self.pending: dict[str, _Action] = {}  # unanswered actions by id, in order made
        # What the app hears: states, updates, presence, unclaimed errors; the connection's
        # state (connecting, connected, reconnecting) and a detail; queued actions' answers.
        self.on_message: Callable[[dict[str, Any]], None] = _ignore
        self.on_status: Callable[[str, str], None] = _ignore
        self.on_answer: Callable[[str, str, dict[str, Any]], None] = _ignore
        self._waiting: deque[asyncio.Future[dict[str, Any]]] = deque()
        self._attach: asyncio.Future[dict[str, Any]] | None = None
        self._sent_attach: dict[str, Any] | None = None
        self._outbox: asyncio.Queue[str] = asyncio.Queue()
        self._ids = itertools.count(1)
        self._prefix = secrets.token_hex(4)  # ids stay unique across reconnects and restarts
        self._attempt = 0
        self._closing = False
        self._closer: asyncio.Task[None] | None = None

    async def _open_connection(self, url: str) -> Connection:
        return await Connection.open(url, client=self.client)

    def target(self) -> str:
        """Where a new connection goes: the game's address once the game is known."""
        code = self.room or str((self.attach_with or {}).get("code", ""))
        return room_url(self.url, code) if code else self.url

    async def _dial(self) -> Connection:
        url = self.target()
        conn = await self.connect(url)
        self.conn_url = url
        return conn

    @property
    def connected(self) -> bool:
        return self.conn is not None

    @property
    def token(self) -> str:
        """The token this link resumes with (a seat's or the facilitator's), or ""."""
        if self.attach_with is None or self.attach_with.get("type") != "resume":
            return ""
        return str(self.attach_with.get("token", ""))

    def server_time(self) -> float:
        """The server's clock now, as far as this link knows it (the app's clock until the
        first state or update arrives)."""
        return self.clock() + self.offset

    # --- connecting ----------------------------------------------------------------------

    async def open(self) -> None:
        """Connect and say hello, once. Raises OSError (or a websockets error, or
        ServerError for a refused hello) if that does not work."""
        self.conn = await self._dial()

    async def reach(self, every: float = 2.0) -> None:
        """Connect, trying again every `every` seconds until the server answers (a console
        started before its server); each failure is told to `on_status` as "failed"."""
        while not self.connected:
            try:
                await self.open()
            except Exception as err:  # unreachable, refused, not a TriOps server...
                self.on_status("failed", f"cannot reach {self.url} ({err}); retrying every "
                               f"{every:g} s")
                await asyncio.sleep(every)

    def stop(self) -> None:
        """Stop soon: the run returns "closed" and nothing more is delivered."""
        self._closing = True
        if self.conn is not None:
            self._closer = asyncio.get_running_loop().create_task(_quietly(self.conn.close()))

    async def close(self) -> None:
        """Stop, and close the connection cleanly (the server frees a seat at once)."""
        self._closing = True
        if self.conn is not None:
            await _quietly(self.conn.close())
        self._fail_waiting(LinkDown("closed"))

    # --- the reader ----------------------------------------------------------------------

    async def run(self) -> str:
        """Connect if need be, attach, and read until stopped; reconnect after every drop.

        Returns why it stopped: "closed" (stop or close), "moved" (the seat was resumed on
        another connection), "reassigned" (the facilitator gave the seat to someone else),
        "version" (another protocol), "refused" (the server refused the hello) or "bad_url"
        (the address cannot work); `error` says it in words.
        """
        try:
            while not self._closing:
                if self.conn is None:
                    why = await self._connect_again()
                    if why:
                        return why
                    continue
                conn = self.conn
                why = await self._read(conn)
                if self.conn is not conn and self.conn is not None:
                    # `attach` moved to the game's address: read the new connection; only
                    # replies awaited on the old one are lost with it
                    self._fail_replies(LinkDown("The connection moved to the game's address."))
                    await _quietly(conn.close())
                    continue
                self.conn = None
                self.attached = False
                self._fail_waiting(LinkDown("The connection to the server dropped."))
                await _quietly(conn.close())
                if self._closing:
                    break
                if why != "dropped":
                    return why
                self._attempt = max(1, self._attempt + 1)
                self.on_status("reconnecting", "connection lost")
            return "closed"
        finally:  # also when the app cancels its worker: leave no connection open behind
            if self.conn is not None:
                conn, self.conn = self.conn, None
                self.attached = False
                await _quietly(conn.close())

    async def _connect_again(self) -> str:
        """Connect and send the attach message, retrying with backoff; "" once connected,
        or why it gave up."""
        while not self._closing:
            if self._attempt:
                delay = self.backoff[min(self._attempt, len(self.backoff)) - 1]
                await asyncio.sleep(delay)
                if self._closing:
                    break
                self.on_status("reconnecting", f"attempt {self._attempt + 1}")
            else:
                resuming = (self.attach_with or {}).get("type") == "resume"
                self.on_status("reconnecting" if resuming else "connecting", "")
            try:
                conn = await self._dial()
            except (InvalidURI, ValueError) as err:
                self.error = f"That server address does not work: {err}"
                return "bad_url"
            except ServerError as err:  # the hello was refused (another protocol version)
                self.error = str(err.reply.get("message") or err)
                return "refused"
            except (OSError, TimeoutError, WebSocketException) as err:
                self.error = reason(err)
                self._attempt += 1
                continue
            if self._closing:
                await _quietly(conn.close())
                break
            self.conn = conn
            if self.attach_with is None:
                self.on_status("connected", "")
                return ""
            try:
                await self._send_attach(conn, self.attach_with)
            except (ConnectionClosed, OSError):
                self.conn = None
                self._attempt += 1
                continue
            return ""
        return "closed"

    async def _send_attach(self, conn: Connection, message: dict[str, Any]) -> None:
        message = dict(message)
        self._follow_code(message)
        if message.get("type") == "resume":
            message["last_seq"] = self.last_seq
        self._sent_attach = message
        await conn.send(message)

    async def _read(self, conn: Connection) -> str:
        """One connection's life: "dropped" (connect again), "closed", or a final close."""
        writer: asyncio.Task[None] | None = None
        try:
            while not self._closing:
                frame = await conn.ws.recv()
                if self._closing:
                    break
                if not isinstance(frame, bytes):
                    continue
                # A frame that is not a msgpack map, or a patch that does not apply: the
                # server's bug, but a resume brings the whole view again (docs/protocol.md,
                # "Patches"), so drop this connection and resume.
                try:
                    message = decode_server_frame(frame)
                    self._follow(message)
                except (ServerError, ValueError) as err:  # ValueError: msgpack's, ProtocolError
                    self.error = str(err)
                    return "dropped"
                if self._passing_refusal(message):
                    return "dropped"
                self._route(message)
                if self.attached and writer is None:
                    writer = asyncio.create_task(self._write(conn))
        except ConnectionClosed as closed:
            code = closed.rcvd.code if closed.rcvd is not None else None
            if code in FINAL_CLOSES and not self._closing:
                why, self.error = FINAL_CLOSES[code]
                return why
        except OSError:
            pass
        finally:
            if writer is not None:
                writer.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await writer
        return "closed" if self._closing else "dropped"

    async def _write(self, conn: Connection) -> None:
        """Send queued actions on an attached connection: those not yet answered first,
        again, in the order they were made (a retry has the same id)."""
        for action_id, earlier in self.pending.items():
            if earlier.future is None:
                self._outbox.put_nowait(action_id)
        sent: set[str] = set()
        while True:
            action_id = await self._outbox.get()
            action = self.pending.get(action_id)
            if action is None or action.future is not None or action_id in sent:
                continue
            sent.add(action_id)
            await conn.send(action.message)

    def _passing_refusal(self, message: dict[str, Any]) -> bool:
        """A reconnect's attach refused for a reason that passes (no one awaits it)."""
        if self.attached or message.get("type") != "error" \
                or message.get("code") not in PASSING or self._sent_attach is None:
            return False
        if self._attach is not None and not self._attach.done():
            return False
        self.error = str(message.get("message", ""))
        return True

    def _route(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind in ("update", "state"):
            if kind == "state":
                if self._sent_attach is not None:  # later connections attach this way
                    self.attach_with = _lasting(self._sent_attach)
                if self._attach is not None and not self._attach.done():
                    self._attach.set_result(message)
                if not self.attached:
                    self.attached = True
                    self._attempt = 0
                    self.on_status("connected", "")
            self.on_message(message)
            return
        if kind == "joined":  # the seat is ours: a drop from now on resumes it, never re-joins
            self._follow_code(message)
            self.attach_with = self._sent_attach = {"type": "resume",
                                                    "token": str(message.get("token", ""))}
            self.on_message(message)
            return
        action_id = message.get("action_id")
        if kind in ("ack", "error") and isinstance(action_id, str) and action_id in self.pending:
            action = self.pending[action_id]
            if action.future is None:
                del self.pending[action_id]
                self.on_answer(action_id, action.label, message)
            else:
                _resolve(action.future, message)
            return
        if kind == "error" and self._attach is not None and not self._attach.done():
            self._attach.set_exception(ServerError(message))
            return
        if kind in REPLIES or kind == "error":
            while self._waiting:
                future = self._waiting.popleft()
                if not future.done():
                    _resolve(future, message)
                    return
        self.on_message(message)  # anything else: the app shows it

    def _follow(self, message: dict[str, Any]) -> None:
        """Keep the latest seq, view, version and the server's clock offset."""
        if message.get("type") not in ("update", "state"):
            return
        self.last_seq = max(self.last_seq, int(message.get("seq", 0)))
        self.view = follow_view(message, self.view)
        view = message.get("view")
        if isinstance(view, dict):
            self.version = int(view.get("game", {}).get("version", self.version))
        now = message.get("now")
        if isinstance(now, int | float) and not isinstance(now, bool):
            self.offset = float(now) - self.clock()

    def _follow_code(self, message: dict[str, Any]) -> None:
        """A message naming a game's code makes it the game this link connects to."""
        if message.get("code"):
            self.room = normalise_code(str(message["code"]))

    def _fail_replies(self, err: Exception) -> None:
        waiting, self._waiting = list(self._waiting), deque()
        for future in waiting:
            if not future.done():
                future.set_exception(err)

    def _fail_waiting(self, err: Exception) -> None:
        """Whoever awaits a reply on this connection hears it will not come. Queued
        actions stay: they are sent again once attached."""
        futures = [*self._waiting, *(a.future for a in self.pending.values() if a.future)]
        if self._attach is not None:
            futures.append(self._attach)
        self._waiting.clear()
        for action_id in [i for i, a in self.pending.items() if a.future is not None]:
            del self.pending[action_id]
        for future in futures:
            if not future.done():
                future.set_exception(err)

    # --- asking --------------------------------------------------------------------------

    async def _send(self, message: dict[str, Any]) -> None:
        if self.conn is None:
            raise LinkDown("Not connected to the server right now.")
        try:
            await self.conn.send(message)
        except ConnectionClosed as err:
            raise LinkDown("The connection to the server dropped.") from err

    async def request(self, message: dict[str, Any], timeout: float = 10.0) -> dict[str, Any]:
        """Send a message that has one reply (list_scenarios, create_game, record, ping)."""
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting.append(future)
        try:
            await self._send(message)
        except LinkDown:
            self._waiting.remove(future)  # no reply is coming: the next one is someone else's
            raise
        return await asyncio.wait_for(future, timeout)

    async def attach(self, message: dict[str, Any], timeout: float = 10.0) -> dict[str, Any]:
        """Follow a game (join, facilitate, spectate or resume); returns its first `state`,
        or raises ServerError. Later connections attach the same way (a facilitator
        resumes with its token)."""
        if self.conn is None:
            raise LinkDown("Not connected to the server right now.")
        self._follow_code(message)
        if self.room and self.conn_url != self.target():
            await self._move()
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._attach = future
        try:
            try:
                await self._send_attach(self.conn, message)
            except ConnectionClosed as err:
                raise LinkDown("The connection to the server dropped.") from err
            return await asyncio.wait_for(future, timeout)
        finally:
            if self._attach is future:
                self._attach = None

    async def _move(self) -> None:
        """Open the game's address and make it the link's connection; the reader (`run`)
        goes on with it once the old one, closed here, ends."""
        try:
            conn = await self._dial()
        except (OSError, TimeoutError, WebSocketException) as err:
            raise LinkDown(f"Cannot reach the game's address: {reason(err)}") from err
        old, self.conn = self.conn, conn
        if old is not None:
            await _quietly(old.close())

    def _action(self, command: dict[str, Any], label: str,
                future: asyncio.Future[dict[str, Any]] | None) -> tuple[str, dict[str, Any]]:
        action_id = f"{self._prefix}-{next(self._ids)}"
        message = {"type": "action", "action_id": action_id, "based_on": self.version,
                   "command": command}
        self.pending[action_id] = _Action(message, label or str(command.get("type", "")),
                                          future)
        return action_id, message

    async def act(self, command: dict[str, Any], timeout: float = 10.0) -> dict[str, Any]:
        """Send a command as an action and wait: returns the ack or raises ServerError
        (LinkDown when not connected, or when the connection drops before the answer)."""
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        action_id, message = self._action(command, "", future)
        try:
            await self._send(message)
            return await asyncio.wait_for(future, timeout)
        finally:
            self.pending.pop(action_id, None)

    def queue(self, command: dict[str, Any], label: str = "") -> str:
        """Queue a command as an action; returns its id at once. It is sent as soon as the
        link is attached, again after a reconnect until answered; the answer comes through
        `on_answer(action_id, label, reply)`."""
        action_id, _ = self._action(command, label, None)
        self._outbox.put_nowait(action_id)
        return action_id


def _lasting(message: dict[str, Any]) -> dict[str, Any]:
    """How a later connection attaches after `message` attached this one: a facilitator
    resumes with its token; a join stays a join until `joined` gives the seat's token."""
    kind = message.get("type")
    if kind in ("facilitate", "resume"):
        return {"type": "resume", "token": str(message.get("token", ""))}
    return dict(message)


def _resolve(future: asyncio.Future[dict[str, Any]], message: dict[str, Any]) -> None:
    if future.done():
        return
    if message.get("type") == "error":
        future.set_exception(ServerError(message))
    else:
        future.set_result(message)


async def _quietly(closing: Awaitable[Any]) -> None:
    with contextlib.suppress(Exception):
        await closing


def reason(err: BaseException) -> str:
    """Why a connection could not be made, for a person."""
    if isinstance(err, ConnectionRefusedError):
        return "nothing is listening there (is the server running?)"
    return str(err) or type(err).__name__
