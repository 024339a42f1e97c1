"""The WebSocket server: handshake, message dispatch, health check, clean shutdown.

Protocol: docs/protocol.md. A connection starts with `hello`; then it creates a game, joins
a seat, resumes one with its token, facilitates with the facilitator token, or spectates.
Once attached it sends `action`s. A connection opened for a game's address (`/room/CODE`)
may attach to that game only, so a proxy can route by the address. Nothing a client sends
can crash the server or touch another room: every frame becomes a typed message or an
`error`.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import secrets
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from triops.game.model.codec import DecodeError
from triops.game.model.commands import FACILITATOR, Actor, decode_command
from triops.game.model.errors import RuleError
from triops.game.rules.reducer import check_sender
from triops.game.scenario.model import Scenario
from triops.protocol import (
    MAX_FRAME,
    PROTOCOL_VERSION,
    Action,
    ClientMessage,
    CreateGame,
    Facilitate,
    GetRecord,
    Hello,
    Join,
    ListScenarios,
    Ping,
    ProtocolError,
    Resume,
    Spectate,
    decode_frame,
    error,
    normalise_code,
    parse_message,
    room_of_path,
)
from triops.server.connection import ABUSE_LIMIT, MAX_BACKLOG, Client
from triops.server.leases import Leases
from triops.server.lobby import Lobby
from triops.server.store import GameStore, StoreError
from triops.server.stores import store_for

log = logging.getLogger("triops.server")

PING_INTERVAL = 10.0  # with the timeout, a dead client is noticed within about 20 s
PING_TIMEOUT = 10.0
SERVER_NAME = "triops"
MAX_ACTION_ID = 64


@dataclass
class ServerConfig:
    host: str = "127.0.0.1"
    port: int = 8765
    db: Path | str = ":memory:"
    key: str | None = None  # the facilitator key; stored in the database when not given
    bot_delay: float = 0.4
    max_backlog: int = MAX_BACKLOG  # bytes a client may fall behind before it is cut off
    ping_interval: float = PING_INTERVAL  # keepalive; tests shorten it to idle past it
    ping_timeout: float = PING_TIMEOUT
    # Several processes share the store: rooms are loaded on demand under a lease of this
    # many seconds (docs/operations.md, "Several server processes"); None: one process.
    lease_ttl: float | None = None


class TriOpsServer:
    """A running server: its store, lobby and listening socket."""

    def __init__(self, config: ServerConfig, scenarios: dict[str, Scenario],
                 store: GameStore | None = None) -> None:
        self.config = config
        self.scenarios = scenarios
        # Any GameStore keeps games; the one `config.db` names unless another one is given
        # (a postgresql:// URL or an SQLite file).
        self.store: GameStore = store if store is not None else store_for(config.db)
        self.lobby: Lobby | None = None
        self.server: Server | None = None
        self.key = ""
        self.restored = 0
        self._handler_of = self._handlers()  # made once: every message looks in it

    async def start(self) -> None:
        await self.store.open()
        self.key = self.config.key or await self.store.meta("facilitator_key",
                                                            secrets.token_urlsafe(12))
        leases = Leases(self.store, self.config.lease_ttl) \
            if self.config.lease_ttl is not None else None
        self.lobby = Lobby(self.store, self.scenarios, self.key, self.config.bot_delay, leases)
        self.restored = await self.lobby.restore()
        self.server = await serve(
            self._handle, self.config.host, self.config.port,
            process_request=_http, compression=None, max_size=MAX_FRAME, max_queue=16,
            ping_interval=self.config.ping_interval,
            ping_timeout=self.config.ping_timeout, close_timeout=2,
            server_header=SERVER_NAME,
        )

    @property
    def port(self) -> int:
        assert self.server is not None
        return int(self.server.sockets[0].getsockname()[1])

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()
        if self.lobby is not None:
            await self.lobby.close()
        await self.store.close()

    # --- one connection ------------------------------------------------------------------

    async def _handle(self, ws: ServerConnection) -> None:
        client = Client(ws, self.config.max_backlog)
        client.route = room_of_path(ws.request.path) if ws.request is not None else None
        try:
            await self._converse(client)
        except ConnectionClosed:
            pass
        finally:
            if client.room is not None:
                client.room.detach(client)
            await client.finish()

    async def _converse(self, client: Client) -> None:
        greeted = False
        async for frame in client.ws:
            if not client.limiter.allow():
                client.send(error("rate_limited", "Too many messages; slow down."))
                if client.limiter.refused > ABUSE_LIMIT:
                    client.close(1008, "flooding")
                    return
                continue
            try:
                message = parse_message(decode_frame(frame))
                if not greeted:
                    if not isinstance(message, Hello):
                        raise ProtocolError("hello_first", "Say hello first (with the "
                                            f"protocol version, {PROTOCOL_VERSION}).")
                    greeted = self._hello(client, message)
                    if not greeted:
                        client.close(1002, "protocol version")
                        return
                    continue
                await self._dispatch(client, message)
            except ProtocolError as err:
                client.send(error(err.code, err.message, _action_id(frame)))
            except Exception:  # a bug must cost one reply, never the server or the room
                log.exception("unexpected error handling a message")
                client.send(error("internal", "The server hit an unexpected error; the "
                                  "message was not applied.", _action_id(frame)))

    def _hello(self, client: Client, msg: Hello) -> bool:
        if msg.protocol != PROTOCOL_VERSION:
            client.send(error("version_mismatch",
                              f"This server speaks protocol {PROTOCOL_VERSION}; the client "
                              f"speaks {msg.protocol}. Update the client or the server."))
            return False
        client.send({"type": "welcome", "protocol": PROTOCOL_VERSION, "server": SERVER_NAME})
        return True

    async def _dispatch(self, client: Client, msg: ClientMessage) -> None:
        handler = self._handler_of.get(type(msg))
        if handler is None:
            raise ProtocolError("unknown_type", f"Unexpected {msg.type} message.")
        await handler(client, msg)

    def _handlers(self) -> dict[type, Callable[[Client, Any], Awaitable[None]]]:
        return {
            CreateGame: self._create, Join: self._join, Spectate: self._spectate,
            Facilitate: self._facilitate, Resume: self._resume, Action: self._action,
            Ping: self._ping, ListScenarios: self._list, GetRecord: self._record,
        }

    @property
    def _lobby(self) -> Lobby:
        assert self.lobby is not None
        return self.lobby

    def _not_attached(self, client: Client, code: str | None = None) -> None:
        if client.room is not None:
            raise ProtocolError("already_attached", "This connection already follows a game; "
                                "open another connection for another game.")
        if client.route is None and self.config.lease_ttl is not None:
            # Several processes behind a proxy: only the game's address reaches its process
            raise ProtocolError("wrong_room", "This server runs as several processes: open "
                                "the game's address, /room/CODE, to follow a game.")
        if code is not None and client.route is not None \
                and normalise_code(code) != client.route:
            raise ProtocolError("wrong_room", f"This connection was opened for game "
                                f"{client.route} (/room/{client.route}); open "
                                f"/room/{normalise_code(code)} for game {code[:16]}.")

    async def _create(self, client: Client, msg: CreateGame) -> None:
        created = await self._lobby.create(msg)
        client.send({"type": "game_created", "code": created.code, "game_id": created.game_id,
                     "facilitator_token": created.token, "teams": created.teams})

    async def _join(self, client: Client, msg: Join) -> None:
        self._not_attached(client, msg.code)
        grant = await self._lobby.join(msg.code, msg.team, msg.role, msg.name)
        client.kind, client.team, client.role = "seat", grant.team, grant.role
        client.send({"type": "joined", "token": grant.token, "code": grant.room.code,
                     "team": grant.team, "role": grant.role})
        grant.room.attach(client)

    async def _spectate(self, client: Client, msg: Spectate) -> None:
        self._not_attached(client, msg.code)
        room = await self._lobby.open(msg.code)
        client.kind = "spectator"
        room.attach(client)

    async def _facilitate(self, client: Client, msg: Facilitate) -> None:
        self._not_attached(client, msg.code)
        room = await self._lobby.facilitate(msg.code, msg.token)
        client.kind = "facilitator"
        room.attach(client)

    async def _resume(self, client: Client, msg: Resume) -> None:
        self._not_attached(client)
        room, team, role = await self._lobby.resume(msg.token, client.route)
        if team is None or role is None:
            client.kind = "facilitator"
        else:
            for other in list(room.clients):  # the newest connection holds the seat
                if other.kind == "seat" and (other.team, other.role) == (team, role):
                    room.detach(other)
                    other.close(4000, "this seat was resumed from another connection")
            client.kind, client.team, client.role = "seat", team, role
        room.attach(client, msg.last_seq)

    async def _action(self, client: Client, msg: Action) -> None:
        room = client.room
        if room is None or client.kind not in ("seat", "facilitator"):
            raise ProtocolError("not_attached", "Join a seat or facilitate a game before acting.")
        if not msg.action_id or len(msg.action_id) > MAX_ACTION_ID:
            raise ProtocolError("bad_message", f"action_id is 1 to {MAX_ACTION_ID} characters.")
        try:
            command = decode_command(msg.command)
        except DecodeError as err:
            raise ProtocolError("bad_command", f"command.{err}") from err
        actor = FACILITATOR if client.kind == "facilitator" else Actor.seat(client.team,
                                                                            client.role)

        def refuse() -> dict[str, Any] | None:
            # Asked after the duplicate check: a retry of an answered action gets its reply.
            # Who may send which command is the rules' (check_sender, which apply runs too),
            # asked before staleness; which connection speaks for a seat is the server's:
            # while a bot plays it, the person's client does not.
            try:
                check_sender(actor, command)
            except RuleError as err:
                return error(err.code, err.message, msg.action_id)
            if client.kind == "seat" and room.state.team(client.team).seats[
                    client.role].holder == "bot":  # two minds on one seat would fight
                return error("bot_holds_seat", "A bot is playing your seat for now; ask the "
                             "facilitator to hand it back to you.", msg.action_id)
            return None

        key = f"{client.actor_key}:{msg.action_id}"
        await room.submit(actor, command, key, msg.action_id, msg.based_on, refuse, client)

    async def _ping(self, client: Client, msg: Ping) -> None:
        client.send({"type": "pong", "nonce": msg.nonce})

    async def _list(self, client: Client, msg: ListScenarios) -> None:
        client.send({"type": "scenarios", "scenarios": self._lobby.scenario_list()})

    async def _record(self, client: Client, msg: GetRecord) -> None:
        if client.room is None or client.kind != "facilitator":
            raise ProtocolError("not_allowed", "Only the game's facilitator may ask for its "
                                "record.")
        try:
            found = await client.room.record()
        except StoreError as err:
            log.error("game %s: %s", client.room.code, err)
            raise ProtocolError("store_unavailable", "The server cannot read the game's "
                                "record right now; try again in a moment.") from err
        client.send({"type": "record", **found})


def _action_id(frame: Any) -> str | None:
    """Best effort: the action id of a frame we are rejecting, so the client can match it."""
    with contextlib.suppress(Exception):
        data = decode_frame(frame)
        value = data.get("action_id")
        if isinstance(value, str) and len(value) <= MAX_ACTION_ID:
            return value
    return None


def _http(connection: ServerConnection, request: Request) -> Response | None:
    """The health check over plain HTTP, and a 404 for a room address without a code."""
    if request.path in ("/healthz", "/health"):
        return connection.respond(HTTPStatus.OK, "ok\n")
    if room_of_path(request.path) == "":
        return connection.respond(HTTPStatus.NOT_FOUND, "a room address is /room/CODE\n")
    return None


def tune_garbage_collector() -> None:
    """Keep the collector's pauses short under load (bench/load.py measured them).

    Game states and the views' shared parts live long and form no cycles, yet a full
    collection walks them all: 130-170 ms pauses with 400 clients, which set the p99.
    What start-up loaded is frozen out of collection, and the oldest generation is
    collected far less often; young collections stay frequent and small.
    """
    gc.freeze()
    gc.set_threshold(2000, 10, 1000)


async def run_forever(server: TriOpsServer, ready: Callable[[TriOpsServer], None]) -> None:
    """Serve until SIGTERM or Ctrl-C, then close cleanly."""
    await server.start()
    tune_garbage_collector()
    ready(server)
    stop = asyncio.get_running_loop().create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            asyncio.get_running_loop().add_signal_handler(sig, stop.set_result, None)
    try:
        await stop
    finally:
        await server.stop()
