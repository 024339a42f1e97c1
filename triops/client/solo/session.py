"""A solo game on an embedded, in-process server: created once, resumable later.

The server runs in the same event loop as the player's app, listens on loopback only, and
keeps the game in the same SQLite store as `triops serve`, so quitting keeps the game and
`triops solo --resume` continues it. The session holds the facilitator's link (the shared
`client.link.Link`, resuming with the facilitator token after a drop): in solo the
player moves the game on from the review with a key, and the bots are its teammates and
rivals. The link is read for as long as the session is open. A connection nobody reads
stops answering the server's pings and is closed after the ping timeout, which is how a
person who read the review for half a minute once found `n` dead.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

from triops.client.link import Link
from triops.client.transport import ServerError
from triops.game.model.state import GameState
from triops.game.record import replay_plain
from triops.paths import data_dir

log = logging.getLogger(__name__)

SOLO_NAME = "You"
UNAVAILABLE = "unavailable"  # a saved game this version cannot load (its scenario changed)
TEAM_NAME = "Your team"




class EmbeddedServer(Protocol):
    """The in-process server solo plays on. The app talks to it only over WebSockets, like
    any client; `triops solo` builds it (triops/cli/solo.py), so the apps import no server
    code."""

    @property
    def port(self) -> int: ...
    @property
    def key(self) -> str: ...

    async def start(self) -> None: ...
    async def stop(self) -> None: ...


# Builds the embedded server on the given SQLite file; loopback only, on a free port.
ServerFactory = Callable[[Path], EmbeddedServer]
# What the server says when the saved game is not among those it loaded (its scenario changed)
GONE = ("unknown_game", "bad_token")


@dataclass
class SoloOptions:
    scenario: str = "retail-novice"
    difficulty: str = ""
    role: str = "mlops"
    rivals: int = 0
    seed: int | None = None
    bot_level: str = "competent"
    clock_minutes: float | None = None
    bot_mode: str = "assist"  # "full": the bot teammates play fully instead of assisting


@dataclass
class SoloRecord:
    """What `--resume` needs, and what `triops solo` says when it offers to resume: kept in
    solo.json beside the store."""

    code: str
    facilitator_token: str
    role: str
    scenario: str
    title: str = ""
    quarter: int = 0
    phase: str = ""  # as the game stood when the app closed; "ended" once it is over

    @property
    def unfinished(self) -> bool:
        return bool(self.code) and self.phase not in ("ended", UNAVAILABLE)


class SoloSession:
    def __init__(self, server: EmbeddedServer, facilitator: Link, state_dir: Path) -> None:
        self.server = server
        self.facilitator = facilitator
        self.state_dir = state_dir
        self.record = SoloRecord("", "", "", "")
        self.link_status = "connected"
        facilitator.on_status = self._note_status
        self._reader = asyncio.create_task(facilitator.run(), name="solo-facilitator")

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.server.port}"

    @property
    def view(self) -> dict[str, Any]:
        """The facilitator's view of the game, as the server last sent it."""
        return self.facilitator.view or {}

    @classmethod
    async def start(cls, make_server: ServerFactory, options: SoloOptions | None,
                    state_dir: Path | None = None, db: Path | str | None = None
                    ) -> SoloSession:
        """A new game (options given) or the saved one (options None, i.e. --resume)."""
        state_dir = state_dir or data_dir()
        state_dir.mkdir(parents=True, exist_ok=True)
        server = make_server(Path(db) if db else state_dir / "games.sqlite3")
        await server.start()
        link = Link(f"ws://127.0.0.1:{server.port}", client="triops-solo")
        try:
            await link.open()
        except BaseException:
            await server.stop()
            raise
        session = cls(server, link, state_dir)
        try:
            if options is None:
                session.record = load_record(state_dir)
            else:
                session.record = await cls._create(link, server.key, options)
                save_record(state_dir, session.record)
            try:
                await link.attach({"type": "facilitate", "code": session.record.code,
                                   "token": session.record.facilitator_token})
            except ServerError as err:
                if options is not None or err.code not in GONE:
                    raise
                session.record.phase = UNAVAILABLE
                save_record(state_dir, session.record)
                raise FileNotFoundError(
                    f"The saved solo game {session.record.code} was played on an earlier "
                    f"version of the {session.record.scenario} scenario, so it cannot be "
                    "resumed. Run `make play` (or `triops solo`) to start a new game.") from err
        except BaseException:
            await session.close()
            raise
        return session

    @staticmethod
    async def _create(link: Link, key: str, options: SoloOptions) -> SoloRecord:
        teams = [TEAM_NAME, *(f"Rival {n + 1}" for n in range(options.rivals))]
        clock: dict[str, Any] = {}
        if options.clock_minutes:
            clock = {"planning_seconds": options.clock_minutes * 60,
                     "setup_seconds": options.clock_minutes * 60}
        created = await link.request({
            "type": "create_game", "key": key, "scenario": options.scenario,
            "teams": teams, "difficulty": options.difficulty, "seed": options.seed,
            "bots": options.bot_level, "clock": clock, "bot_mode": options.bot_mode,
        })
        return SoloRecord(created["code"], created["facilitator_token"], options.role,
                          options.scenario)

    def remember_progress(self) -> None:
        """Keep where the game stands, for the offer to resume it next time."""
        game = self.view.get("game") or {}
        if not game or not self.record.code:
            return
        self.record.title = str(game.get("title", self.record.title))
        self.record.quarter = int(game.get("quarter", self.record.quarter))
        self.record.phase = str(game.get("phase", self.record.phase))
        save_record(self.state_dir, self.record)

    def _note_status(self, state: str, detail: str) -> None:
        self.link_status = state
        log.info("solo facilitator link: %s (%s)", state, detail)

    async def act(self, command: dict[str, Any], timeout: float = 10.0) -> dict[str, Any]:
        """A facilitator command (start, advance), based on the latest version seen.

        Raises ServerError when the server refuses it, and LinkDown or TimeoutError when it
        could not be delivered or answered; the app tells the person either way.
        """
        return await self.facilitator.act(command, timeout)

    async def close(self) -> None:
        await self.facilitator.close()
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self._reader
        await self.server.stop()

    async def game_state(self) -> GameState:
        """The whole game, replayed from the record the server sends its facilitator."""
        reply = await self.facilitator.request({"type": "record"}, timeout=30)
        return await asyncio.to_thread(replay_plain, reply["record"], reply["scenario"])


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
                                "`make play` or `triops solo`.") from err


def saved_game(state_dir: Path | None = None) -> SoloRecord | None:
    """The last solo game, if it is not over yet."""
    try:
        record = load_record(state_dir or data_dir())
    except FileNotFoundError:
        return None
    return record if record.unfinished else None
