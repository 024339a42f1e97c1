"""A solo game on an embedded, in-process server: created once, resumable later.

The server runs in the same event loop as the player's app, listens on loopback only, and
keeps the game in the same SQLite store as `triops serve`, so quitting keeps the game and
`triops solo --resume` continues it. The session holds the facilitator's connection: in
solo the player moves the game on from the review with a key, and the bots are its
teammates and rivals.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from client.transport import Connection
from game.scenario_model import Scenario
from server.app import ServerConfig, TriOpsServer

SOLO_NAME = "You"
TEAM_NAME = "Your team"


def data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "triops"


@dataclass
class SoloOptions:
    scenario: str = "retail-novice"
    difficulty: str = ""
    role: str = "mlops"
    rivals: int = 0
    seed: int | None = None
    bot_level: str = "competent"
    clock_minutes: float | None = None


@dataclass
class SoloRecord:
    """What `--resume` needs: kept in solo.json beside the store."""

    code: str
    facilitator_token: str
    role: str
    scenario: str


class SoloSession:
    def __init__(self, server: TriOpsServer, record: SoloRecord, facilitator: Connection,
                 state_dir: Path) -> None:
        self.server = server
        self.record = record
        self.facilitator = facilitator
        self.state_dir = state_dir

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.server.port}"

    @classmethod
    async def start(cls, scenarios: dict[str, Scenario], options: SoloOptions | None,
                    state_dir: Path | None = None, db: Path | str | None = None,
                    bot_delay: float = 0.5) -> SoloSession:
        """A new game (options given) or the saved one (options None, i.e. --resume)."""
        state_dir = state_dir or data_dir()
        state_dir.mkdir(parents=True, exist_ok=True)
        server = TriOpsServer(ServerConfig("127.0.0.1", 0, db or state_dir / "games.sqlite3",
                                           None, bot_delay), scenarios)
        await server.start()
        try:
            if options is None:
                record = load_record(state_dir)
                facilitator = await Connection.open(f"ws://127.0.0.1:{server.port}")
                await facilitator.send({"type": "facilitate", "code": record.code,
                                        "token": record.facilitator_token})
                await facilitator.until(lambda m: m["type"] in ("state", "error"))
                session = cls(server, record, facilitator, state_dir)
            else:
                session = await cls._create(server, options, state_dir)
        except BaseException:
            await server.stop()
            raise
        return session

    @classmethod
    async def _create(cls, server: TriOpsServer, options: SoloOptions,
                      state_dir: Path) -> SoloSession:
        facilitator = await Connection.open(f"ws://127.0.0.1:{server.port}")
        teams = [TEAM_NAME, *(f"Rival {n + 1}" for n in range(options.rivals))]
        clock: dict[str, Any] = {}
        if options.clock_minutes:
            clock = {"planning_seconds": options.clock_minutes * 60,
                     "setup_seconds": options.clock_minutes * 60}
        created = await facilitator.request({
            "type": "create_game", "key": server.key, "scenario": options.scenario,
            "teams": teams, "difficulty": options.difficulty, "seed": options.seed,
            "bots": options.bot_level, "clock": clock,
        })
        await facilitator.send({"type": "facilitate", "code": created["code"],
                                "token": created["facilitator_token"]})
        await facilitator.until(lambda m: m["type"] == "state")
        record = SoloRecord(created["code"], created["facilitator_token"], options.role,
                            options.scenario)
        save_record(state_dir, record)
        return cls(server, record, facilitator, state_dir)

    async def act(self, command: dict[str, Any]) -> dict[str, Any]:
        """A facilitator command (start, advance), based on the latest version seen."""
        await drain(self.facilitator)
        return await self.facilitator.act(command)

    async def close(self) -> None:
        await self.facilitator.close()
        await self.server.stop()

    def game_state(self) -> Any:
        assert self.server.lobby is not None
        return self.server.lobby.room(self.record.code).state


async def drain(conn: Connection) -> None:
    """Read what the server has queued for this connection, keeping its view current."""
    while True:
        try:
            conn.inbox.append(await conn.recv(0.01))
        except TimeoutError:
            return
        if len(conn.inbox) > 200:
            conn.inbox.clear()


def save_record(state_dir: Path, record: SoloRecord) -> None:
    path = state_dir / "solo.json"
    path.write_text(json.dumps(asdict(record), indent=1), encoding="utf-8")
    path.chmod(0o600)


def load_record(state_dir: Path) -> SoloRecord:
    path = state_dir / "solo.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return SoloRecord(**data)
    except (OSError, ValueError, TypeError) as err:
        raise FileNotFoundError(f"No solo game to resume ({path}); start one with "
                                "`triops solo`.") from err
