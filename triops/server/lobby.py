"""The lobby: every room on this server, found by join code, game id or token."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from typing import Any

from triops.game.model.codec import to_plain
from triops.game.model.commands import SERVER, JoinSeat
from triops.game.model.errors import RuleError
from triops.game.model.state import ClockSettings, GameSettings
from triops.game.model.vocab import BOT_LEVELS, BOT_MODES, ROLES
from triops.game.rules.new_game import new_game
from triops.game.scenario.model import Scenario
from triops.protocol import CreateGame, ProtocolError
from triops.server.auth import new_join_code, new_token, normalise_code, token_hash, token_matches
from triops.server.rooms import Room
from triops.server.store import GameRow, GameStore

log = logging.getLogger("triops.lobby")


@dataclass
class SeatGrant:
    room: Room
    team: str
    role: str
    token: str


class Lobby:
    def __init__(self, store: GameStore, scenarios: dict[str, Scenario], server_key: str,
                 bot_delay: float = 0.4) -> None:
        self.store = store
        self.scenarios = scenarios
        self.server_key = server_key
        self.bot_delay = bot_delay
        self.by_code: dict[str, Room] = {}
        self.by_token: dict[str, Room] = {}  # seat token hash -> room

    async def restore(self) -> int:
        """Reload and resume every unfinished game in the store."""
        count = 0
        for row in await self.store.load_games(unfinished_only=True):
            scenario = self.scenarios.get(row.scenario_id)
            if scenario is None or scenario.digest != row.scenario_digest:
                log.error("game %s needs scenario %s (%s), which this server does not have; "
                          "left in the store", row.code, row.scenario_id, row.scenario_digest)
                continue
            room = Room.restore(row, scenario, self.store, self.bot_delay)
            self._add(room)
            room.start()
            count += 1
        return count

    def _add(self, room: Room) -> None:
        self.by_code[room.code] = room
        for digest in room.seats:
            self.by_token[digest] = room

    async def close(self) -> None:
        for room in self.by_code.values():
            await room.stop()

    def room(self, code: str) -> Room:
        room = self.by_code.get(normalise_code(code))
        if room is None:
            raise ProtocolError("unknown_game", "No game has that join code.")
        return room

    async def create(self, msg: CreateGame) -> tuple[Room, str]:
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
        while code in self.by_code:
            code = new_join_code()
        token = new_token()
        row = GameRow(secrets.token_hex(8), code, scenario.id, scenario.digest,
                      to_plain(settings), {"bots": msg.bots, "bot_mode": msg.bot_mode},
                      token_hash(token), False)
        await self.store.create_game(row)
        room = Room(row.id, code, state, self.store, row.facilitator_hash, row.options, 0,
                    self.bot_delay)
        self._add(room)
        room.start()
        return room, token

    async def join(self, code: str, team_id: str, role: str, name: str) -> SeatGrant:
        room = self.room(code)
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

    def resume(self, token: str) -> tuple[Room, str, str] | tuple[Room, None, None]:
        """The seat (or, for a facilitator token, the game) a token belongs to."""
        digest = token_hash(token)
        room = self.by_token.get(digest)
        seat = room.seats.get(digest) if room is not None else None  # None: revoked by a move
        if room is not None and seat is not None:
            return room, seat[0], seat[1]
        for room in self.by_code.values():
            if token_matches(token, room.facilitator_hash):
                return room, None, None
        raise ProtocolError("bad_token", "That token does not match any seat on this server.")

    def facilitate(self, code: str, token: str) -> Room:
        room = self.room(code)
        if not token_matches(token, room.facilitator_hash):
            raise ProtocolError("bad_token", "That is not this game's facilitator token.")
        return room

    def scenario_list(self) -> list[dict[str, Any]]:
        return [{"id": s.id, "title": s.title, "industry": s.industry,
                 "difficulty": s.difficulty, "summary": s.summary, "quarters": s.quarters}
                for s in sorted(self.scenarios.values(), key=lambda s: s.id)]

