"""The seat's link to the server: join or resume, read updates, send actions, reconnect.

`SeatLink.run()` is the body of the app's network worker. It owns one `client.transport.
Connection` at a time, reads every frame from it (one reader, so frames are never raced
for), and reports what happened by posting the small messages of `client.player.messages`.
The UI never awaits the network: `act()` queues an action and returns its id at once; the
answer arrives later as `ActionAnswered`.

When the connection drops, the link reconnects with backoff and resumes the seat with its
token and the last sequence number it saw, so the server replays what was missed. Actions
not yet answered are sent again with the same `action_id`: the server answers a retry with
the original reply, so nothing happens twice (docs/protocol.md, "Actions, idempotency").
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from textual.message import Message
from websockets.exceptions import ConnectionClosed, InvalidURI, WebSocketException

from triops.client.player.messages import (
    ActionAnswered,
    EventsReplayed,
    JoinRefused,
    LinkStatus,
    SeatJoined,
    ServerNotice,
    ViewArrived,
)
from triops.client.player.store import JoinRequest
from triops.client.transport import Connection

Connector = Callable[[str], Awaitable[Connection]]
Post = Callable[[Message], Any]

BACKOFF = (0.25, 0.5, 1.0, 2.0, 3.0, 5.0)
READ_TIMEOUT = 30.0
# Join errors that will not go away by trying again.
FINAL_JOIN_ERRORS = {"unknown_game", "unknown_team", "seat_taken", "bad_message", "bad_token",
                     "version_mismatch"}


async def open_connection(url: str) -> Connection:
    """The default connector: a WebSocket to `url`, greeted with `hello`."""
    return await Connection.open(url)


class SeatLink:
    """One seat's connection, kept alive across drops. See the module docstring."""

    def __init__(self, connect: Connector, post: Post, request: JoinRequest,
                 token: str = "", last_seq: int = 0, backoff: tuple[float, ...] = BACKOFF
                 ) -> None:
        self.connect = connect
        self.post = post
        self.request = request
        self.token = token
        self.last_seq = last_seq
        self.version = 0
        self.backoff = backoff
        self.attached = False
        self.ever_attached = False
        self.pending: dict[str, tuple[str, dict[str, Any]]] = {}  # id -> (label, message)
        self._outbox: asyncio.Queue[str] = asyncio.Queue()
        self._ids = itertools.count(1)
        self._prefix = secrets.token_hex(4)  # ids stay unique across client restarts
        self._conn: Connection | None = None
        self._stopped = False

    # --- called by the UI -------------------------------------------------------------------

    def act(self, command: dict[str, Any], label: str = "") -> str:
        """Queue a command; returns its action id. The answer comes as ActionAnswered."""
        action_id = f"{self._prefix}-{next(self._ids)}"
        message = {"type": "action", "action_id": action_id, "based_on": self.version,
                   "command": command}
        self.pending[action_id] = (label or str(command.get("type", "")), message)
        self._outbox.put_nowait(action_id)
        return action_id

    async def stop(self) -> None:
        self._stopped = True
        if self._conn is not None:
            with contextlib.suppress(Exception):
                await self._conn.close()

    # --- the worker ---------------------------------------------------------------------

    async def run(self) -> None:
        """Connect, attach and read until stopped, refused, or the seat moves elsewhere."""
        failures = 0
        while not self._stopped:
            resuming = bool(self.token or self.ever_attached or failures)
            self.post(LinkStatus("reconnecting" if resuming else "connecting",
                                 f"attempt {failures + 1}" if failures else ""))
            try:
                conn = await self.connect(self.request.server)
            except (InvalidURI, ValueError) as err:
                self.post(JoinRefused("bad_url", f"That server address does not work: {err}"))
                return
            except (OSError, TimeoutError, WebSocketException) as err:
                if not self.token and not self.ever_attached:
                    self.post(LinkStatus("offline"))
                    self.post(JoinRefused("unreachable", f"Cannot reach "
                                          f"{self.request.server}: {_reason(err)}"))
                    return
                failures += 1
                await self._pause(failures)
                continue
            self._conn = conn
            try:
                outcome = await self._session(conn)
            finally:
                self._conn = None
                self.attached = False
                with contextlib.suppress(Exception):
                    await conn.close()
            if outcome != "dropped" or self._stopped:
                return
            failures = 1 if failures == 0 else failures + 1
            self.post(LinkStatus("reconnecting", "connection lost"))
            await self._pause(failures)

    async def _pause(self, failures: int) -> None:
        await asyncio.sleep(self.backoff[min(failures, len(self.backoff)) - 1])

    async def _team_of(self) -> str | None:
        """The team id the player meant: names match whatever their case ("red" is Red).

        Asks as a spectator, on a second connection (a connection follows one game).
        Returns None, after saying why, when the game or the team does not exist.
        """
        r = self.request
        lookup = await self.connect(r.server)
        try:
            await lookup.send({"type": "spectate", "code": r.code})
            reply = await lookup.until(lambda m: m.get("type") in ("state", "error"))
        finally:
            with contextlib.suppress(Exception):
                await lookup.close()
        if reply["type"] == "error":
            self.post(JoinRefused(str(reply.get("code")), str(reply.get("message"))))
            return None
        teams = reply.get("view", {}).get("game", {}).get("teams", [])
        wanted = r.team.strip().casefold()
        for t in teams:
            if wanted in (str(t.get("id", "")).casefold(), str(t.get("name", "")).casefold()):
                return str(t["id"])
        names = ", ".join(str(t.get("name")) for t in teams)
        self.post(JoinRefused("unknown_team", f'This game has no team "{r.team}". Its teams '
                              f"are: {names}."))
        return None

    async def _session(self, conn: Connection) -> str:
        """One connection's life; returns "dropped" (try again) or "final"."""
        r = self.request
        if self.token:
            await conn.send({"type": "resume", "token": self.token, "last_seq": self.last_seq})
        else:
            team = await self._team_of()
            if team is None:
                return "final"
            await conn.send({"type": "join", "code": r.code, "team": team, "role": r.role,
                             "name": r.name})
        writer: asyncio.Task[None] | None = None
        try:
            while True:
                try:
                    message = await conn.recv(READ_TIMEOUT)
                except TimeoutError:
                    continue
                outcome = self._handle(message)
                if outcome == "final":
                    return "final"
                if outcome == "attached" and writer is None:
                    writer = asyncio.create_task(self._write(conn))
        except ConnectionClosed as closed:
            code = closed.rcvd.code if closed.rcvd is not None else None
            if code == 4000:
                self.post(LinkStatus("moved"))
                return "final"
            if code == 4001:  # the facilitator moved someone else into this seat
                self.token = ""
                self.post(LinkStatus("offline"))
                self.post(JoinRefused("seat_reassigned", "The facilitator gave your seat to "
                                      "another player. Ask them which seat is yours now, then "
                                      "join it.", token_rejected=True))
                return "final"
            if code == 1002:
                self.post(JoinRefused("version_mismatch", "This client and the server speak "
                                      "different protocol versions; update TriOps."))
                return "final"
            return "dropped"
        except (OSError, WebSocketException):
            return "dropped"
        finally:
            if writer is not None:
                writer.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await writer

    async def _write(self, conn: Connection) -> None:
        # Everything not yet answered goes (again) first, in the order it was made.
        for action_id in self.pending:
            self._outbox.put_nowait(action_id)
        sent: set[str] = set()
        while True:
            action_id = await self._outbox.get()
            entry = self.pending.get(action_id)
            if entry is None or action_id in sent:
                continue
            sent.add(action_id)
            await conn.send(entry[1])

    def _handle(self, message: dict[str, Any]) -> str:
        kind = message.get("type")
        if kind == "joined":
            self.token = str(message.get("token", ""))
            self.post(SeatJoined(self.token, str(message.get("code", "")),
                                 str(message.get("team", "")), str(message.get("role", ""))))
        elif kind == "state":
            self._seq(message)
            view = message.get("view") or {}
            self.version = int(view.get("game", {}).get("version", self.version))
            self.attached = self.ever_attached = True
            self.post(LinkStatus("connected"))
            self.post(ViewArrived(view, [], initial=True))
            return "attached"
        elif kind == "update":
            self._seq(message)
            events = list(message.get("events") or [])
            view = message.get("view")
            if view is None:
                self.post(EventsReplayed(int(message.get("seq", 0)), events))
            else:
                self.version = int(view.get("game", {}).get("version", self.version))
                self.post(ViewArrived(view, events))
        elif kind in ("ack", "error"):
            return self._answer(message)
        return ""

    def _answer(self, message: dict[str, Any]) -> str:
        action_id = message.get("action_id")
        if isinstance(action_id, str) and action_id in self.pending:
            label, _ = self.pending.pop(action_id)
            ok = message["type"] == "ack"
            self.post(ActionAnswered(action_id, label, ok, str(message.get("code", "")),
                                     str(message.get("message", ""))))
            return ""
        if message["type"] != "error":
            return ""
        code, text = str(message.get("code", "")), str(message.get("message", ""))
        if not self.attached:
            if code == "bad_token":
                self.token = ""
                self.post(JoinRefused(code, text, token_rejected=True))
                return "final"
            if code in FINAL_JOIN_ERRORS or not self.ever_attached:
                self.post(JoinRefused(code, text))
                return "final"
        self.post(ServerNotice(code, text))
        return ""

    def _seq(self, message: dict[str, Any]) -> None:
        self.last_seq = max(self.last_seq, int(message.get("seq", 0)))


def _reason(err: BaseException) -> str:
    text = str(err) or type(err).__name__
    if isinstance(err, ConnectionRefusedError):
        return "nothing is listening there (is the server running?)"
    return text
