"""A room: one game, its connected clients, its clock and its bot seats.

Every change goes through `Room.submit`: the command is applied to a copy of the state by
the pure engine, committed to the store, and only then made the room's state, acknowledged
and pushed to each client as that client may see it. Commands of a room are handled one at
a time, in order. The clock and the bot seats are in `room_seats.py`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import fields
from operator import is_
from typing import Any

from triops.game.model.codec import from_plain, to_plain
from triops.game.model.commands import (
    Actor,
    Command,
    decode_actor,
    decode_command,
    encode_actor,
    encode_command,
)
from triops.game.model.errors import RuleError
from triops.game.model.events import Event, reach, seat_moves, visible_to
from triops.game.model.state import GameSettings, GameState
from triops.game.model.values import evolve
from triops.game.record import record_to_plain
from triops.game.rules.new_game import new_game
from triops.game.rules.peer_review import is_open
from triops.game.rules.reducer import apply
from triops.game.scenario.model import Scenario
from triops.game.views import facilitator_view, seat_view, spectator_view
from triops.game.views.chat_lines import chat_lines_only, chat_lines_patch, with_chat_lines
from triops.game.views.patch import Parts, diff
from triops.protocol import encode
from triops.server.connection import Client
from triops.server.room_seats import RoomSeats
from triops.server.store import (
    GameRow,
    GameStore,
    LogConflict,
    Seat,
    StoreError,
    record_of,
    unpack,
)

log = logging.getLogger("triops.room")

HISTORY = 2000  # updates kept for clients that reconnect
SNAPSHOT_EVERY = 100  # commands between snapshots
MAX_REPLIES = 5000  # remembered replies to action ids


class Room(RoomSeats):
    def __init__(self, game_id: str, code: str, state: GameState, store: GameStore,
                 facilitator_hash: str, options: dict[str, Any], seq: int = 0,
                 bot_delay: float = 0.4) -> None:
        self.game_id = game_id
        self.code = code
        self.state = state
        self.store = store
        self.facilitator_hash = facilitator_hash
        self.options = options
        self.seq = seq
        self.seats: dict[str, tuple[str, str]] = {}  # token hash -> (team, role)
        self.clients: set[Client] = set()
        self.history: deque[tuple[int, list[Event]]] = deque(maxlen=HISTORY)
        # action key -> (the command it carried, the reply): a retry gets the same reply,
        # an id reused for another command gets `action_id_reused`
        self.replies: dict[str, tuple[Command, dict[str, Any]]] = {}
        self.phase_version = state.version
        # Changes so far that were more than chat lines: a view made while it had its
        # current value is brought up to date after chat lines without being built again.
        self.epoch = 0
        self.bot_delay = bot_delay
        self._bot_steps: dict[tuple[str, str, int], int] = {}
        # Assisting bots that had nothing to say or do while a person of their team is still
        # playing: (team, role) -> the team as it was and whether the fair share had passed.
        # They stay unready and look again when their team changes (a person's chat line, a
        # draft, a clue) or the share passes.
        self._bot_idle: dict[tuple[str, str], tuple[Any, bool]] = {}
        self._phase_started: tuple[int, float] = (state.phase_seq, time.time())
        # Rooms that move in step would all snapshot on the same command (1-2 ms each, a
        # stall of a tenth of a second with 100 rooms); each room takes its own turn.
        self._snapshot_offset = zlib.crc32(game_id.encode()) % SNAPSHOT_EVERY
        # Told when the store's log turns out to be ahead of this room (the lobby then serves
        # the game from the log): another process took it, or a commit's answer was lost.
        self.behind: Callable[[Room], None] | None = None
        self._lock = asyncio.Lock()
        self._changed = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    # --- lifecycle ---------------------------------------------------------------------

    def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._tasks = [loop.create_task(self._run_clock()), loop.create_task(self._run_bots())]
        self._changed.set()

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []

    @classmethod
    def restore(cls, row: GameRow, scenario: Scenario, store: GameStore,
                bot_delay: float = 0.4) -> Room:
        """Rebuild a room from its snapshot and the commands logged after it."""
        settings = from_plain(GameSettings, row.settings, "settings")
        state: GameState | None = None
        start = 0
        if row.snapshot is not None:
            try:
                state = from_plain(GameState, unpack(row.snapshot[1]), extra={"scenario": scenario})
                start = row.snapshot[0]
            except Exception:  # a damaged snapshot: the log alone can rebuild the game
                log.warning("game %s: snapshot unreadable, replaying the whole log", row.id)
                state, start = None, 0
        if state is None:
            state = new_game(scenario, settings)
        replies: dict[str, tuple[Command, dict[str, Any]]] = {}
        seq = start
        for n, actor, command, key, reply in row.commands:
            logged = decode_command(command)
            if key and isinstance(reply, dict):
                replies[key] = (logged, reply)
            if n <= start:
                continue
            state, _ = apply(state, decode_actor(actor), logged)
            seq = n
        room = cls(row.id, row.code, state, store, row.facilitator_hash, row.options, seq,
                   bot_delay)
        room.seats = dict(row.seats)
        room.replies = replies
        return room

    # --- commands ----------------------------------------------------------------------

    async def record(self) -> dict[str, Any]:
        """The game record from the store (every accepted command, as acknowledged) and the
        scenario it replays on: what the reports are written from."""
        row = await self.store.load_game(self.game_id)
        if row is None:
            raise StoreError(f"game {self.code} is not in the store")
        return {"record": record_to_plain(record_of(row)),
                "scenario": to_plain(self.state.scenario)}

    async def submit(self, actor: Actor, command: Command,
                     action_key: str | None = None, action_id: str | None = None,
                     based_on: int | None = None,
                     refuse: Callable[[], dict[str, Any] | None] | None = None,
                     sender: Client | None = None) -> dict[str, Any]:
        """Apply, persist, then acknowledge and broadcast. Returns the reply to the sender.

        `refuse` is asked after the duplicate check, so a retry of an answered action gets
        its original reply even if the sender could no longer send it (docs/protocol.md,
        "The order of checks"); what it refuses is not remembered. `sender`, the connection
        the action came from, is sent the reply from here: an ack goes in the same write as
        the sender's update, right after it."""
        reply, sent = await self._submit(actor, command, action_key, action_id, based_on,
                                         refuse, sender)
        if sender is not None and not sent:
            sender.send(reply)
        return reply

    async def _submit(self, actor: Actor, command: Command, action_key: str | None,
                      action_id: str | None, based_on: int | None,
                      refuse: Callable[[], dict[str, Any] | None] | None,
                      sender: Client | None) -> tuple[dict[str, Any], bool]:
        """`submit`: the reply, and whether it was sent to `sender` already."""
        async with self._lock:
            if action_key is not None and action_key in self.replies:
                earlier, reply = self.replies[action_key]
                if _same_command(earlier, command):
                    return reply, False  # a retry: the same answer, no second effect
                return _error("action_id_reused", "That action id was already used for a "
                              "different command; each action needs an id of its own. "
                              "Nothing was applied.", action_id), False
            refused = refuse() if refuse is not None else None
            if refused is not None:
                return refused, False
            if based_on is not None and not (self.phase_version <= based_on
                                             <= self.state.version):
                return _error("stale", "That action was based on an earlier phase of the game "
                              "(or an unknown version); refresh and try again.", action_id), False
            sent, command = command, _stamp(command)
            try:
                state, events = apply(self.state, actor, command)
            except RuleError as err:
                reply = _error(err.code, err.message, action_id)
                if action_key is not None:
                    self._remember(action_key, sent, reply)
                return reply, False
            seq = self.seq + 1
            reply = {"type": "ack", "action_id": action_id, "seq": seq, "version": state.version}
            moves = seat_moves(events)
            seats = rebound(self.seats, moves) if moves else None
            try:
                await self.store.append(self.game_id, seq, encode_actor(actor),
                                        encode_command(command), action_key, reply, seats)
            except StoreError as err:
                log.error("game %s: %s", self.game_id, err)
                if isinstance(err, LogConflict) and self.behind is not None:
                    self.behind(self)
                return _error("store_unavailable", "The server cannot save the game right now, "
                              "so it refuses the action rather than lose it.", action_id), False
            previous = self.state
            self.state, self.seq = state, seq
            if not chat_lines_only(previous, state):
                self.epoch += 1
            if action_key is not None:
                self._remember(action_key, sent, reply)
            if state.phase_seq != previous.phase_seq:
                self.phase_version = state.version
            self.history.append((seq, events))
            # The ack rides with the sender's update; after a seat move it comes last, as
            # before, once the connections have followed the move.
            acked = self._broadcast(seq, events, sender if seats is None else None, reply)
            if seats is not None:
                self.seats = seats  # what the store now holds
                self._move_clients(moves)
            await self._after_commit(previous)
            if state.phase_seq != previous.phase_seq:
                self._phase_started = (state.phase_seq, time.time())
                self._bot_idle.clear()
            if _wakes(previous, state) or self._idle_team_changed():
                self._changed.set()
            return reply, acked

    def _move_clients(self, moves: list[tuple[Seat, Seat]]) -> None:
        """Follow a committed `move_seat` with the connections: the person's now means the
        new seat. Any connection still on the target seat (a dropped person a bot stood in
        for) is closed: that seat is someone else's now. The moved client is attached
        afresh, so it gets a `state` for its new seat and nothing more of the old.
        """
        for source, target in moves:
            seat_clients = [c for c in self.clients if c.kind == "seat"]
            for client in seat_clients:
                if (client.team, client.role) == target:
                    self.detach(client)
                    client.close(4001, "the facilitator gave this seat to another player")
            for client in seat_clients:
                if (client.team, client.role) == source:
                    self.detach(client)
                    client.team, client.role = target
                    self.attach(client)

    def _remember(self, key: str, command: Command, reply: dict[str, Any]) -> None:
        if len(self.replies) >= MAX_REPLIES:
            for old in list(self.replies)[: MAX_REPLIES // 2]:
                del self.replies[old]
        self.replies[key] = (command, reply)

    async def _after_commit(self, previous: GameState) -> None:
        try:
            if (self.seq + self._snapshot_offset) % SNAPSHOT_EVERY == 0 \
                    or self.state.phase_seq != previous.phase_seq:
                await self.store.snapshot(self.game_id, self.seq, to_plain(self.state))
            reviewing, was_reviewing = is_open(self.state), is_open(previous)
            if reviewing and not was_reviewing:
                await self.store.finish(self.game_id, None)  # reloaded after a restart
            elif self.state.phase == "ended" and not reviewing and (
                    previous.phase != "ended" or was_reviewing):
                await self.store.finish(self.game_id, time.time())
        except StoreError as err:  # the log is already safe; snapshots only speed recovery
            log.error("game %s: %s", self.game_id, err)

    # --- what clients see --------------------------------------------------------------

    def view_for(self, client: Client) -> dict[str, Any]:
        # Only the server knows whether empty seats get a bot (the game's `bots` option), so
        # it asks for each seat's `bot` field (which bot plays it).
        bots = str(self.options.get("bots", "novice"))
        if client.kind == "seat":
            return seat_view(self.state, client.team, client.role, shared=True, bots=bots)
        if client.kind == "facilitator":
            return facilitator_view(self.state, shared=True, bots=bots)
        return spectator_view(self.state)

    def _visible(self, client: Client, events: list[Event],
                 plain: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
        """The events this client may see, as plain data (`plain`: made already)."""
        facilitator = client.kind == "facilitator"
        team = client.team if client.kind == "seat" else None
        role = client.role if client.kind == "seat" else None
        if plain is None:
            return [e.plain() for e in events if visible_to(e, team, role, facilitator)]
        return [p for e, p in zip(events, plain, strict=True)
                if visible_to(e, team, role, facilitator)]

    def _broadcast(self, seq: int, events: list[Event], sender: Client | None = None,
                   reply: dict[str, Any] | None = None) -> bool:
        """Send each client the events it may see, with what changed in its view; `sender`
        gets `reply` in the same write as its update. Whether it did (it may see none).

        A client that sees none of a command's events gets nothing: its view cannot have
        changed in any way it may know about (another team's chat, say). Sequence numbers a
        client receives may therefore have gaps. The patch is taken against the last view
        this client was sent, so a skipped update costs it nothing.
        """
        acked = False
        views: dict[tuple[str, str, str], dict[str, Any]] = {}
        # each group's new view and frame (None: it sees nothing of this update)
        frames: dict[tuple[str, str, str, int, bool], tuple[dict[str, Any], bytes] | None] = {}
        # The updates encoded so far: the seats of a team mostly get the very same one (a
        # chat line: the same events, the same patch), encoded once.
        encoded: list[tuple[list[dict[str, Any]], list[Any], bytes]] = []
        parts: Parts = {}  # each pair of view parts compared once (patch.diff)
        now = time.time()  # the server's clock, for clients' countdowns (views hold none)
        # Clients who can see none of it are passed over without a look at each event (most
        # of a room, for a team's chat line).
        public, teams = reach(events)
        plain: list[dict[str, Any]] = []  # the events as plain data, made once
        epoch = self.epoch
        for client in list(self.clients):
            if not public and client.kind != "facilitator" and (
                    client.kind != "seat" or client.team not in teams):
                continue
            key = (client.kind, client.team, client.role)
            base = client.last_view
            # Only chat lines since its last view: that view, with the new game part and
            # chats, is the new one (views.chat_lines); most updates are chat lines.
            chatted = base is not None and client.view_epoch == epoch
            group = (*key, id(base), chatted)
            if group not in frames:  # clients of one seat kind and base share one frame
                if not plain:
                    plain = [e.plain() for e in events]
                visible = self._visible(client, events, plain)
                frames[group] = None
                if visible:
                    view = with_chat_lines(base, self.state) if chatted and base else None
                    if view is not None and base is not None:
                        patch = chat_lines_patch(base, view, parts)
                    else:
                        if key not in views:
                            views[key] = self.view_for(client)
                        view = views[key]
                        patch = diff(base or {}, view, parts)
                    frames[group] = view, _same_update(encoded, visible, patch) or _encoded(
                        encoded, visible, patch, {"type": "update", "seq": seq,
                                                  "events": visible, "patch": patch,
                                                  "now": now})
            found = frames[group]
            if found is not None:
                client.last_view, frame = found
                client.view_epoch = epoch
                if client is sender and reply is not None:
                    client.send(frame, encode(reply))
                    acked = True
                else:
                    client.send(frame)
        return acked

    def attach(self, client: Client, last_seq: int | None = None) -> None:
        """Add a client and bring it up to date: missed updates once, in order, then a view."""
        client.room = self
        self.clients.add(client)
        oldest = self.history[0][0] if self.history else self.seq + 1
        reset = last_seq is None or last_seq > self.seq or last_seq < oldest - 1
        if not reset and last_seq is not None:
            for seq, events in self.history:
                visible = self._visible(client, events) if seq > last_seq else []
                if visible:  # as live: an update this client may see nothing of is not sent
                    client.send({"type": "update", "seq": seq, "events": visible,
                                 "now": time.time()})
        client.last_view, client.view_epoch = self.view_for(client), self.epoch
        message: dict[str, Any] = {
            "type": "state", "seq": self.seq, "reset": reset, "view": client.last_view,
            "code": self.code, "as": client.kind,
            "seat": {"team": client.team, "role": client.role} if client.kind == "seat" else None,
            "now": time.time()}
        if client.kind == "facilitator":
            message["presence"] = self._presence()
            message["bots"] = str(self.options.get("bots", "novice"))  # empty seats' bots
        client.send(message)
        if client.kind == "seat":
            self._tell_presence()

    def detach(self, client: Client) -> None:
        if client in self.clients:
            self.clients.discard(client)
            if client.kind == "seat":
                self._tell_presence()

    def _presence(self) -> dict[str, Any]:
        return {"connected": sorted([team, role] for team, role in self.connected_seats())}

    def _tell_presence(self) -> None:
        """Facilitator consoles learn at once when a player connects or drops."""
        consoles = [c for c in self.clients if c.kind == "facilitator"]
        if consoles:
            frame = encode({"type": "presence", **self._presence()})
            for console in consoles:
                console.send(frame)

    def connected_seats(self) -> set[tuple[str, str]]:
        return {(c.team, c.role) for c in self.clients if c.kind == "seat"}


def _same_update(encoded: list[tuple[list[dict[str, Any]], list[Any], bytes]],
                 visible: list[dict[str, Any]], patch: list[Any]) -> bytes | None:
    """The frame of an update already encoded with these events and an equal patch."""
    for events, earlier, frame in encoded:
        if len(events) == len(visible) and all(map(is_, events, visible)) \
                and earlier == patch:
            return frame
    return None


def _encoded(encoded: list[tuple[list[dict[str, Any]], list[Any], bytes]],
             visible: list[dict[str, Any]], patch: list[Any], message: dict[str, Any]) -> bytes:
    frame = encode(message)
    encoded.append((visible, patch, frame))
    return frame


def _wakes(before: GameState, after: GameState) -> bool:
    """Whether the clock or the bot seats must look again: a new deadline, pause or phase,
    or a seat that changed hands or readiness. A chat line wakes neither."""
    if (before.deadline, before.paused, before.phase_seq, before.phase) != \
            (after.deadline, after.paused, after.phase_seq, after.phase):
        return True
    return len(before.teams) != len(after.teams) or any(
        a.seats is not b.seats for a, b in zip(before.teams, after.teams, strict=True))


def _error(code: str, message: str, action_id: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "error", "code": code, "message": message}
    if action_id is not None:
        out["action_id"] = action_id
    return out


def _same_command(earlier: Command, now: Command) -> bool:
    """The same command, ignoring the time the server stamped on the logged one."""
    if type(earlier) is not type(now):
        return False
    if _has_time(type(now)):
        return evolve(earlier, at=0.0) == evolve(now, at=0.0)
    return earlier == now


def _stamp(command: Command) -> Command:
    """Commands that carry a time get the server's clock; clients cannot set it."""
    if _has_time(type(command)):
        return evolve(command, at=time.time())
    return command


def _has_time(kind: type) -> bool:
    """Whether commands of this kind carry a time (`at`); worked out once a kind."""
    found = _TIMED.get(kind)
    if found is None:
        found = _TIMED[kind] = any(f.name == "at" for f in fields(kind))
    return found


_TIMED: dict[type, bool] = {}


def rebound(seats: dict[str, Seat], moves: list[tuple[Seat, Seat]]) -> dict[str, Seat]:
    """Seat tokens after people moved seats: a mover's tokens open the new seat, and tokens
    that opened it die (it is someone else's now). The one place this rule is written; the
    store persists the result with the logged command."""
    out = dict(seats)
    for source, target in moves:
        out = {digest: (target if seat == source else seat)
               for digest, seat in out.items() if seat != target}
    return out
