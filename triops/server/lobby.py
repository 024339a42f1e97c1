"""The lobby: every room on this server, found by join code, game id or token.

With one process (the default) every unfinished game is loaded at start and every room
lives here. With several processes sharing a store (`leases` given), a room is loaded when
a connection for it arrives, under its lease (leases.py), and closed here if the lease is
lost; `create` only writes the new game to the store, and the first connection to the
game's address loads it wherever the proxy sends it (docs/operations.md, "Several server
processes").
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from dataclasses import dataclass
from typing import Any

from triops.game.model.codec import to_plain
from triops.game.model.commands import SERVER, JoinSeat
from triops.game.model.errors import RuleError
from triops.game.model.state import ClockSettings, GameSettings
from triops.game.model.vocab import BOT_LEVELS, BOT_MODES, ROLES
from triops.game.rules.new_game import new_game
from triops.game.scenario.model import Scenario
from triops.protocol import CreateGame, ProtocolError, normalise_code
from triops.server.auth import new_join_code, new_token, token_hash, token_matches
from triops.server.leases import Leases
from triops.server.rooms import Room
from triops.server.store import GameRow, GameStore, StoreError

log = logging.getLogger("triops.lobby")


MOVED = 4002  # close code: this process gave the room up; connect again to find its owner


@dataclass
class Created:
    code: str
    game_id: str
    token: str  # the facilitator's
    teams: list[dict[str, str]]


@dataclass
class SeatGrant:
    room: Room
    team: str
    role: str
    token: str


class Lobby:
    def __init__(self, store: GameStore, scenarios: dict[str, Scenario], server_key: str,
                 bot_delay: float = 0.4, leases: Leases | None = None) -> None:
        self.store = store
        self.leases = leases
        self.scenarios = scenarios
        self.server_key = server_key
        self.bot_delay = bot_delay
        self.by_code: dict[str, Room] = {}
        self.by_token: dict[str, Room] = {}  # seat token hash -> room
        self._loading: dict[str, asyncio.Task[Room]] = {}  # game id -> its load under way
        self._catching_up: dict[str, asyncio.Task[None]] = {}  # game id -> its reload
        self._keeper: asyncio.Task[None] | None = None

    async def restore(self) -> int:
        """Reload and resume every unfinished game in the store (one process only: with
        leases, rooms are loaded when asked for)."""
        if self.leases is not None:
            self._keeper = asyncio.get_running_loop().create_task(self._keep_leases())
            return 0
        count = 0
        for row in await self.store.load_games(unfinished_only=True):
            if self._serve(row) is not None:
                count += 1
        return count

    def _serve(self, row: GameRow) -> Room | None:
        """A stored game as a running room here, or None if its scenario is not here."""
        scenario = self.scenarios.get(row.scenario_id)
        if scenario is None or scenario.digest != row.scenario_digest:
            log.error("game %s needs scenario %s (%s), which this server does not have; "
                      "left in the store", row.code, row.scenario_id, row.scenario_digest)
            return None
        room = Room.restore(row, scenario, self.store, self.bot_delay)
        self._add(room)
        room.start()
        return room

    # --- rooms on demand, under a lease --------------------------------------------------

    async def open(self, code: str) -> Room:
        """The room with this join code, loaded from the store first if need be (with
        leases); unknown_game if there is none."""
        room = self.by_code.get(normalise_code(code))
        if room is not None or self.leases is None:
            return self.room(code)
        game_id = await self._ask(self.store.game_id_for_code(normalise_code(code)))
        if game_id is None:
            raise ProtocolError("unknown_game", "No game has that join code.")
        return await self._load(game_id)

    async def _ask(self, call: Any) -> Any:
        try:
            return await call
        except StoreError as err:
            log.error("%s", err)
            raise ProtocolError("store_unavailable", "The server cannot reach the game store "
                                "right now; try again in a moment.") from err

    async def _load(self, game_id: str) -> Room:
        """Claim the game's lease and load it; one load per game however many ask."""
        task = self._loading.get(game_id)
        if task is None:
            task = asyncio.get_running_loop().create_task(self._claim_and_load(game_id))
            self._loading[game_id] = task
            task.add_done_callback(lambda _: self._loading.pop(game_id, None))
        return await asyncio.shield(task)

    async def _claim_and_load(self, game_id: str) -> Room:
        assert self.leases is not None
        known = self._room_of(game_id)
        if known is not None:
            return known
        # A dead holder's lease lapses within ttl: wait that long, then tell the client.
        if not await self._ask(self.leases.take(game_id, self.leases.ttl + 1)):
            raise ProtocolError("room_elsewhere", "Another server process serves this game; "
                                "connect to the game's address (/room/CODE) through the "
                                "proxy, or try again in a moment.")
        try:
            row = await self._ask(self.store.load_game(game_id))
        except ProtocolError:
            await self.leases.release(game_id)
            raise
        room: Room | None = self._serve(row) if row is not None else None
        if room is None:
            await self.leases.release(game_id)
            raise ProtocolError("unknown_game", "That game cannot be served: its scenario "
                                "is not on this server.")
        log.info("game %s loaded here (lease %s)", room.code, self.leases.owner)
        return room

    async def _keep_leases(self) -> None:
        """Renew the leases every ttl/3 s; close the rooms whose lease is lost."""
        assert self.leases is not None
        while True:
            started = time.monotonic()
            try:
                for game_id in await self.leases.renew():
                    await self._drop(game_id)
            except Exception:  # a bug here must not leave leases unrenewed for good
                log.exception("renewing the leases")
            await asyncio.sleep(max(0.0, self.leases.every - (time.monotonic() - started)))

    async def _drop(self, game_id: str, why: str = "lease lost") -> None:
        """Stop serving a room here: its clients reconnect and find its current owner."""
        room = self._room_of(game_id)
        if room is None:
            return
        log.warning("game %s: %s; closing it here", room.code, why)
        del self.by_code[room.code]
        for digest in room.seats:
            self.by_token.pop(digest, None)
        for client in list(room.clients):
            room.detach(client)
            client.close(MOVED, "the game moved to another server process")
        await room.stop()

    def _behind(self, room: Room) -> None:
        """The store's log holds commands this room has not: serve the game from the log."""
        if room.game_id not in self._catching_up:
            task = asyncio.get_running_loop().create_task(self._catch_up(room))
            self._catching_up[room.game_id] = task
            task.add_done_callback(lambda _: self._catching_up.pop(room.game_id, None))

    async def _catch_up(self, room: Room) -> None:
        if self.leases is not None:
            # Whoever holds the lease serves the game; if that is still this process, the
            # next connection for it loads it afresh from the store.
            await self._drop(room.game_id, "its log is ahead of it")
            await self.leases.release(room.game_id)
            return
        try:
            row = await self.store.load_game(room.game_id)
        except StoreError as err:  # the next refused action tries again
            log.error("game %s: cannot reload it: %s", room.code, err)
            return
        if row is None or self.by_code.get(room.code) is not room:
            return
        # Its clients reconnect (MOVED) and resume in the room as the log has it.
        await self._drop(room.game_id, "its log is ahead of it; reloading it")
        self._serve(row)

    def _room_of(self, game_id: str) -> Room | None:
        return next((r for r in self.by_code.values() if r.game_id == game_id), None)

    def _add(self, room: Room) -> None:
        room.behind = self._behind
        self.by_code[room.code] = room
        for digest in room.seats:
            self.by_token[digest] = room

    async def close(self) -> None:
        if self._keeper is not None:
            self._keeper.cancel()
        for task in list(self._catching_up.values()):
            task.cancel()
        for room in self.by_code.values():
            await room.stop()
        if self.leases is not None:  # another process may take them at once
            for game_id in list(self.leases.held):
                await self.leases.release(game_id)

    def room(self, code: str) -> Room:
        room = self.by_code.get(normalise_code(code))
        if room is None:
            raise ProtocolError("unknown_game", "No game has that join code.")
        return room

    async def create(self, msg: CreateGame) -> Created:
        if not token_matches(msg.key, token_hash(self.server_key)):
            raise ProtocolError("bad_key", "The facilitator key is wrong.")
        scenario = self.scenarios.get(msg.scenario)
        if scenario is None:
            raise ProtocolError("unknown_scenario", f'No scenario "{msg.scenario[:40]}"; '
                                f"known: {', '.join(sorted(self.scenarios))}.")
        if msg.bots not in (*BOT_LEVELS, "none"):
            raise ProtocolError("bad_message", "bots is novice, competent, expert or none.")
        if msg.bot_mode not in BOT_MODES:
            raise ProtocolError("bad_message", "bot_mode is assist or full.")
        clock = ClockSettings(msg.clock.setup_seconds, msg.clock.planning_seconds,
                              msg.clock.review_seconds, msg.clock.auto_advance)
        for seconds in (clock.setup_seconds, clock.planning_seconds, clock.review_seconds):
            if seconds is not None and not 10 <= seconds <= 7200:
                raise ProtocolError("bad_message", "Phase lengths are 10 s to 2 h, or nil.")
        seed = msg.seed if msg.seed is not None else secrets.randbelow(2**31)
        level = msg.bots if msg.bots != "none" else "novice"
        settings = GameSettings(seed, msg.teams, msg.difficulty, clock, level)
        try:
            state = new_game(scenario, settings)
        except RuleError as err:
            raise ProtocolError(err.code, err.message) from err
        code = new_join_code()
        while code in self.by_code or (self.leases is not None and await self._ask(
                self.store.game_id_for_code(code)) is not None):
            code = new_join_code()
        token = new_token()
        row = GameRow(secrets.token_hex(8), code, scenario.id, scenario.digest,
                      to_plain(settings), {"bots": msg.bots, "bot_mode": msg.bot_mode},
                      token_hash(token), False)
        await self.store.create_game(row)
        created = Created(code, row.id, token,
                          [{"id": t.id, "name": t.name} for t in state.teams])
        if self.leases is None:  # with leases, the first connection to the game loads it
            room = Room(row.id, code, state, self.store, row.facilitator_hash, row.options, 0,
                        self.bot_delay)
            self._add(room)
            room.start()
        return created

    async def join(self, code: str, team_id: str, role: str, name: str) -> SeatGrant:
        room = await self.open(code)
        if role not in ROLES:
            raise ProtocolError("bad_message", "role is dataops, mlops or finops.")
        team = next((t for t in room.state.teams if t.id == team_id or t.name == team_id), None)
        if team is None:
            raise ProtocolError("unknown_team", "That game has no such team; teams: "
                                + ", ".join(f"{t.id} ({t.name})" for t in room.state.teams))
        seat = team.seats[role]
        if seat.holder == "human" or (team.id, role) in room.connected_seats():
            raise ProtocolError("seat_taken", "Someone already holds that seat; resume with "
                                "your token, or ask the facilitator.")
        reply = await room.submit(SERVER, JoinSeat(team.id, role, name))
        if reply["type"] == "error":
            raise ProtocolError(reply["code"], reply["message"])
        token = new_token()
        digest = token_hash(token)
        await self.store.add_seat(room.game_id, digest, team.id, role)
        room.seats[digest] = (team.id, role)
        self.by_token[digest] = room
        return SeatGrant(room, team.id, role, token)

    async def resume(self, token: str, route: str | None = None
                     ) -> tuple[Room, str, str] | tuple[Room, None, None]:
        """The seat (or, for a facilitator token, the game) a token belongs to. `route`:
        the game the connection was opened for, whose token this must be."""
        if route is not None:
            room = await self.open(route)
            found = self._token_in(room, token)
            if found is not None:
                return found
            elsewhere = await self._ask(self.store.seat_for_token(token_hash(token))) \
                if self.leases is not None else None
            if elsewhere is not None or self._local_token(token) is not None:
                raise ProtocolError("wrong_room", f"That token opens another game, not "
                                    f"{room.code}, for which this connection was opened.")
            raise ProtocolError("bad_token", f"That token opens no seat in game {room.code}.")
        found = self._local_token(token)  # one process: every game is here
        if found is None:
            raise ProtocolError("bad_token", "That token does not match any seat on this "
                                "server.")
        return found

    def _token_in(self, room: Room, token: str
                  ) -> tuple[Room, str, str] | tuple[Room, None, None] | None:
        seat = room.seats.get(token_hash(token))  # None: revoked by a move, or not this game
        if seat is not None:
            return room, seat[0], seat[1]
        if token_matches(token, room.facilitator_hash):
            return room, None, None
        return None

    def _local_token(self, token: str
                     ) -> tuple[Room, str, str] | tuple[Room, None, None] | None:
        room = self.by_token.get(token_hash(token))
        if room is not None:
            return self._token_in(room, token)
        for room in self.by_code.values():
            if token_matches(token, room.facilitator_hash):
                return room, None, None
        return None

    async def facilitate(self, code: str, token: str) -> Room:
        room = await self.open(code)
        if not token_matches(token, room.facilitator_hash):
            raise ProtocolError("bad_token", "That is not this game's facilitator token.")
        return room

    def scenario_list(self) -> list[dict[str, Any]]:
        return [{"id": s.id, "title": s.title, "industry": s.industry,
                 "difficulty": s.difficulty, "summary": s.summary, "quarters": s.quarters}
                for s in sorted(self.scenarios.values(), key=lambda s: s.id)]

