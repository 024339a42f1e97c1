"""A real TriOps server and game for player-client tests, started inside the app's loop.

`LiveGame.connect` is the app's connector: the first call starts the server (port 0, or a
given port; SQLite in memory or a file) and creates the game with a facilitator
connection, so the same object serves Pilot tests (`app.run_test()` in the test's loop) and
snapshot tests (`snap_compare` runs the app in a loop of its own).
"""

from __future__ import annotations

import asyncio
import random
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from textual.app import App
from textual.screen import Screen

from tests.server.harness import KEY, settle
from triops.client.player import JoinRequest, PlayerApp, TokenStore
from triops.client.transport import Connection
from triops.scenarios import read_scenario
from triops.server.app import ServerConfig, TriOpsServer

FROZEN_NOW = 1_800_000_000.0
# The scenario these tests play, pinned: a copy of triops/scenarios/retail-novice.toml, so that
# editing the shipped scenario's wording does not change what the tests (and snapshots)
# see. Refresh it by copying the file again and running `pytest tests/client
# --snapshot-update` (then look at the snapshot report).
SCENARIO = Path(__file__).with_name("fixtures") / "retail-novice.toml"


def fixed_port() -> int:
    """A free port below the ephemeral range, for a server that must come back on it.

    (A client retrying a port in the ephemeral range while nothing listens there can end up
    connected to itself and hold the port, so the restarted server could not bind it.)
    """
    for _ in range(200):
        port = random.randrange(20000, 32000)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port")


class LiveGame:
    def __init__(self, *, teams: tuple[str, ...] = ("Red",), bots: str = "competent",
                 seed: int = 7, db: Path | str = ":memory:", port: int = 0,
                 clock: dict[str, Any] | None = None, bot_mode: str = "assist") -> None:
        self.teams = teams
        self.bots = bots
        self.bot_mode = bot_mode
        self.seed = seed
        self.db = db
        self.port = port
        self.clock = clock
        self.server: TriOpsServer | None = None
        self.fac: Connection | None = None
        self.code = ""
        self.fac_token = ""
        self.connections = 0
        self._lock: asyncio.Lock | None = None

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    async def start_server(self) -> None:
        scenario = read_scenario(SCENARIO)
        self.server = TriOpsServer(ServerConfig(port=self.port, db=self.db, key=KEY,
                                                bot_delay=0.0), {scenario.id: scenario})
        await self.server.start()
        self.port = self.server.port

    async def ensure(self) -> None:
        """Start the server and create the game, once."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if self.code:
                return
            await self.start_server()
            self.fac = await Connection.open(self.url)
            options: dict[str, Any] = {"type": "create_game", "key": KEY,
                                       "scenario": "retail-novice", "teams": list(self.teams),
                                       "seed": self.seed, "bots": self.bots,
                                       "bot_mode": self.bot_mode}
            if self.clock:
                options["clock"] = self.clock
            created = await self.fac.request(options)
            self.code, self.fac_token = created["code"], created["facilitator_token"]
            await self.fac.send({"type": "facilitate", "code": self.code,
                                 "token": self.fac_token})
            await self.fac.until(lambda m: m["type"] == "state")

    async def connect(self, url: str) -> Connection:
        """The app's connector: a connection to this game's server, whatever `url` says."""
        await self.ensure()
        self.connections += 1
        if self.server is None:  # stopped: as a real network would
            raise ConnectionRefusedError(f"nothing listens on {self.url}")
        return await Connection.open(self.url)

    async def stop(self) -> None:
        if self.fac is not None:
            await self.fac.close()
        if self.server is not None:
            await self.server.stop()
            self.server = None

    async def stop_server(self) -> None:
        """Stop the server (as a crash or a restart would); the game stays in the store."""
        assert self.server is not None
        if self.fac is not None:
            await self.fac.close()
            self.fac = None
        await self.server.stop()
        self.server = None

    async def start_again(self) -> None:
        """A new server on the same store and port; the facilitator resumes."""
        await self.start_server()
        self.fac = await Connection.open(self.url)
        await self.fac.send({"type": "resume", "token": self.fac_token, "last_seq": 0})
        await self.fac.until(lambda m: m["type"] == "state")

    # --- the facilitator's moves ---------------------------------------------------------

    async def fac_act(self, command: dict[str, Any]) -> None:
        assert self.fac is not None
        await settle(self.fac, 0.05)
        await self.fac.act(command)

    async def fac_view(self) -> dict[str, Any]:
        assert self.fac is not None
        await settle(self.fac, 0.05)
        assert self.fac.view is not None
        return self.fac.view

    async def bots_ready(self, team: int = 0, except_role: str = "dataops",
                         timeout: float = 10.0) -> None:
        """Wait until every bot seat of the team is ready in the current phase."""
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while loop.time() < end:
            view = await self.fac_view()
            seats = view["teams"][team]["seats"]
            if view["game"]["phase"] == "planning" and all(
                    s["ready"] for r, s in seats.items() if r != except_role):
                return
            await asyncio.sleep(0.05)
        raise TimeoutError("the bots did not get ready")

    async def to_phase(self, phase: str, quarter: int, timeout: float = 10.0) -> None:
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while loop.time() < end:
            game = (await self.fac_view())["game"]
            if (game["phase"], game["quarter"]) == (phase, quarter):
                return
            await asyncio.sleep(0.02)
        raise TimeoutError(f"the game did not reach {phase} Q{quarter}")


class LiveApp(PlayerApp):
    """PlayerApp wired to a LiveGame: joins once the game exists, stops it on exit."""

    def __init__(self, game: LiveGame, store: TokenStore, role: str = "dataops",
                 clock: Callable[[], float] | None = None, join: bool = True,
                 **kwargs: Any) -> None:
        super().__init__(connect=self._connect, join=None, token_store=store,
                         clock=clock or (lambda: FROZEN_NOW), **kwargs)
        self.game = game
        self.role = role
        self.want_join = join
        self.game_stops = True  # stop the game's server when the app exits

    async def _connect(self, url: str) -> Connection:
        return await self.game.connect(url)

    async def on_mount(self) -> None:  # type: ignore[override]
        # Runs before PlayerApp.on_mount (Textual calls each class's handler, subclass first).
        if self.want_join:
            await self.game.ensure()
            self.request = JoinRequest(self.game.url, self.game.code, "Red", self.role, "Ada")

    async def on_unmount(self) -> None:
        if self.link is not None:
            await self.link.close()
        if self.game_stops:
            await self.game.stop()


class ScreenHost(App[None]):
    """A bare app that opens one screen (a dialog under test) and keeps what it is dismissed
    with in `results`, if given."""

    def __init__(self, make: Callable[[], Screen[Any]], results: list[Any] | None = None
                 ) -> None:
        super().__init__()
        self.make = make
        self.results = results

    def on_mount(self) -> None:
        self.push_screen(self.make(), None if self.results is None else self.results.append)


def screen_text(app: PlayerApp) -> str:
    """What the terminal shows now, as plain text (the top screen, with what is under it)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def wait_until(pilot: Any, predicate: Callable[[], Any], timeout: float = 10.0,
                     what: str = "the condition") -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not predicate():
        if loop.time() > end:
            raise AssertionError(f"timed out waiting for {what}\n{screen_text(pilot.app)}")
        await pilot.pause(0.02)
    await pilot.pause()  # let the screen repaint what the condition changed


def run(coro: Any, timeout: float = 90) -> Any:
    return asyncio.run(asyncio.wait_for(coro, timeout))


async def to_charter(game: LiveGame, pilot: Any, app: PlayerApp) -> None:
    """Start the game and open the charter (Artefacts, then Charter), its members list
    focused."""
    await game.fac_act({"type": "start_game"})
    await wait_until(pilot, lambda: app.view["game"]["phase"] == "planning")
    await pilot.press("5", "right_square_bracket")
    await wait_until(pilot, lambda: app.focused is not None
                     and app.focused.id == "charter-members")


async def to_planning(game: LiveGame, pilot: Any, app: PlayerApp, quarter: int) -> None:
    """Start the game and move it, nobody acting, to `quarter`'s planning on the app's
    screen as well."""
    await game.fac_act({"type": "start_game"})
    for q in range(quarter):
        await game.to_phase("planning", q)
        await game.fac_act({"type": "force_resolve"})
        await game.to_phase("review", q)
        await game.fac_act({"type": "advance"})
    await game.to_phase("planning", quarter)
    await wait_until(pilot, lambda: (app.view["game"]["phase"], app.view["game"]["quarter"])
                     == ("planning", quarter), what=f"Q{quarter} planning")


@asynccontextmanager
async def at_planning(tmp_path: Path, quarter: int = 1, **run: Any
                      ) -> AsyncIterator[tuple[LiveGame, LiveApp, Any]]:
    """A game with no bots and a player app at 120×40 (`run`: more `run_test` options), the
    app showing `quarter`'s planning: (game, app, pilot)."""
    game = LiveGame(bots="none")
    app = LiveApp(game, TokenStore(tmp_path / "player.json"))
    async with app.run_test(size=(120, 40), **run) as pilot:
        await wait_until(pilot, lambda: app.view)
        await to_planning(game, pilot, app, quarter)
        yield game, app, pilot

