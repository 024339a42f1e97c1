"""A real server on 127.0.0.1 (ephemeral port) and real WebSocket clients, for tests."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from triops.client.transport import Connection
from triops.game.scenario.model import Scenario
from triops.protocol import room_url
from triops.scenarios import load_all_scenarios
from triops.server.app import ServerConfig, TriOpsServer
from triops.server.connection import MAX_BACKLOG

KEY = "test-key"
ROOT = Path(__file__).resolve().parents[2]


@contextlib.asynccontextmanager
async def running_server(db: Path | str = ":memory:",
                         scenarios: dict[str, Scenario] | None = None,
                         bot_delay: float = 0.0,
                         max_backlog: int = MAX_BACKLOG,
                         lease_ttl: float | None = None) -> AsyncIterator[TriOpsServer]:
    """`lease_ttl`: one of several processes sharing the store (rooms under leases)."""
    server = TriOpsServer(ServerConfig(port=0, db=db, key=KEY, bot_delay=bot_delay,
                                       max_backlog=max_backlog, lease_ttl=lease_ttl),
                          scenarios or load_all_scenarios())
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


def url(server: TriOpsServer) -> str:
    return f"ws://127.0.0.1:{server.port}"


def room(server: TriOpsServer, code: str) -> str:
    """The game's address: where every connection about it goes (docs/protocol.md)."""
    return room_url(url(server), code)


async def create_game(server: TriOpsServer, teams: tuple[str, ...] = ("Red", "Blue"),
                      **options: Any) -> tuple[Connection, dict[str, Any]]:
    """A facilitator connection following a new game (at the game's address), and the
    game_created reply."""
    creator = await Connection.open(url(server))
    try:
        created = await creator.request({"type": "create_game", "key": KEY,
                                          "scenario": options.pop("scenario", "retail-novice"),
                                          "teams": list(teams), "seed": options.pop("seed", 5),
                                          **options})
    finally:
        await creator.close()
    fac = await Connection.open(room(server, created["code"]))
    await fac.send({"type": "facilitate", "code": created["code"],
                    "token": created["facilitator_token"]})
    await fac.until(lambda m: m["type"] == "state")
    return fac, created


async def join(server: TriOpsServer, code: str, team: str, role: str,
               name: str = "Ada") -> tuple[Connection, str]:
    conn = await Connection.open(room(server, code))
    joined = await conn.request({"type": "join", "code": code, "team": team, "role": role,
                                 "name": name})
    await conn.until(lambda m: m["type"] == "state")
    return conn, joined["token"]


async def settle(conn: Connection, quiet: float = 0.3) -> None:
    """Read everything the server sends until it has been quiet for `quiet` seconds."""
    while True:
        try:
            message = await conn.recv(quiet)
        except TimeoutError:
            return
        conn.inbox.append(message)


async def caught_up(conn: Connection) -> None:
    """A ping round trip: once the pong is in, this connection has read everything the
    server sent it before handling the ping (one connection's frames keep their order).
    Unlike `settle`, it waits for a fact, not for a quiet spell."""
    await conn.request({"type": "ping", "nonce": 0})


def start_server(db: Path | str) -> tuple[subprocess.Popen[str], int]:
    """A real `triops serve` process on a free port (to kill it as a crash would), on an
    SQLite file or a postgresql:// database."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "triops", "serve", "--port", "0", "--db", str(db), "--key", KEY,
         "--bot-delay", "0"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if "listening on ws://" in line:
            port = int(line.split("ws://")[1].split()[0].rsplit(":", 1)[1])
            return proc, port
    raise AssertionError("the server did not start")


def across_a_crash(db: Path | str, first: Callable[[int], Any], second: Callable[[int, Any], Any]
                   ) -> None:
    """`first(port)` against a server process killed with SIGKILL afterwards, then
    `second(port, what first returned)` against a new one on the same database, which must
    close cleanly on SIGTERM."""
    proc, port = start_server(db)
    try:
        memo = first(port)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    proc, port = start_server(db)
    try:
        second(port, memo)
    finally:
        proc.terminate()
        assert proc.wait(10) == 0  # SIGTERM closes cleanly
