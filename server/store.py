"""Persistence: an append-only log of accepted commands per game, snapshots, tokens.

`GameStore` is the small interface the rooms use; `SqliteStore` implements it with SQLite
in WAL mode. Every call runs on one dedicated writer thread, so the event loop never blocks
on disk and writes are serialised. A command is durable when `append` returns: rooms
acknowledge and broadcast only after that. With `synchronous=NORMAL` in WAL mode a killed
process loses nothing that was committed (only a power cut could lose the last commits).

docs/operations.md describes the move to PostgreSQL: the same five tables, one process per
room shard, the log as the source of truth.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

import msgpack

from game.codec import from_plain
from game.commands import decode_actor, decode_command
from game.record import GameRecord
from game.state import GameSettings

T = TypeVar("T")

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS games (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    scenario_id TEXT NOT NULL,
    scenario_digest TEXT NOT NULL,
    settings TEXT NOT NULL,
    options TEXT NOT NULL,
    facilitator_hash TEXT NOT NULL,
    created REAL NOT NULL,
    finished REAL
);
CREATE TABLE IF NOT EXISTS commands (
    game_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    actor BLOB NOT NULL,
    command BLOB NOT NULL,
    action_key TEXT,
    reply BLOB,
    PRIMARY KEY (game_id, seq)
);
CREATE TABLE IF NOT EXISTS snapshots (
    game_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    state BLOB NOT NULL,
    PRIMARY KEY (game_id, seq)
);
CREATE TABLE IF NOT EXISTS seats (
    token_hash TEXT PRIMARY KEY,
    game_id TEXT NOT NULL,
    team TEXT NOT NULL,
    role TEXT NOT NULL
);
"""


class StoreError(RuntimeError):
    """The store could not keep something: the disk is full, unwritable, or gone."""


@dataclass
class GameRow:
    id: str
    code: str
    scenario_id: str
    scenario_digest: str
    settings: dict[str, Any]
    options: dict[str, Any]
    facilitator_hash: str
    finished: bool
    seats: dict[str, tuple[str, str]] = field(default_factory=dict)  # token hash -> seat
    commands: list[tuple[int, Any, Any, str | None, Any]] = field(default_factory=list)
    snapshot: tuple[int, bytes] | None = None


class GameStore(Protocol):
    async def create_game(self, row: GameRow) -> None: ...
    async def append(self, game_id: str, seq: int, actor: Any, command: Any,
                     action_key: str | None, reply: Any) -> None: ...
    async def add_seat(self, game_id: str, token_hash: str, team: str, role: str) -> None: ...
    async def snapshot(self, game_id: str, seq: int, state: Any) -> None: ...
    async def finish(self, game_id: str, at: float) -> None: ...
    async def load_games(self, unfinished_only: bool) -> list[GameRow]: ...
    async def meta(self, key: str, default: str) -> str: ...
    async def close(self) -> None: ...


def pack(value: Any) -> bytes:
    out: bytes = msgpack.packb(value, use_bin_type=True)
    return out


def unpack(blob: bytes) -> Any:
    return msgpack.unpackb(blob, raw=False, strict_map_key=False)


class SqliteStore:
    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="triops-store")
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    # Every database call goes through here, on the store's one thread.
    async def _run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self._call, fn)

    def _call(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        try:
            if self._db is None:
                self._db = self._open()
            return fn(self._db)
        except sqlite3.Error as err:
            raise StoreError(f"the game store at {self.path} failed: {err}") from err

    def _open(self) -> sqlite3.Connection:
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA busy_timeout=5000")
        db.executescript(SCHEMA)
        return db

    async def open(self) -> None:
        await self._run(lambda db: None)

    async def create_game(self, row: GameRow) -> None:
        def go(db: sqlite3.Connection) -> None:
            db.execute(
                "INSERT INTO games VALUES (?, ?, ?, ?, ?, ?, ?, strftime('%s','now'), NULL)",
                (row.id, row.code, row.scenario_id, row.scenario_digest,
                 json.dumps(row.settings), json.dumps(row.options), row.facilitator_hash),
            )
        await self._run(go)

    async def append(self, game_id: str, seq: int, actor: Any, command: Any,
                     action_key: str | None, reply: Any) -> None:
        def go(db: sqlite3.Connection) -> None:
            db.execute("INSERT INTO commands VALUES (?, ?, ?, ?, ?, ?)",
                       (game_id, seq, pack(actor), pack(command), action_key, pack(reply)))
        await self._run(go)

    async def add_seat(self, game_id: str, token_hash: str, team: str, role: str) -> None:
        await self._run(lambda db: db.execute(
            "INSERT INTO seats VALUES (?, ?, ?, ?)", (token_hash, game_id, team, role)))

    async def snapshot(self, game_id: str, seq: int, state: Any) -> None:
        blob = pack(state)

        def go(db: sqlite3.Connection) -> None:
            db.execute("INSERT OR REPLACE INTO snapshots VALUES (?, ?, ?)", (game_id, seq, blob))
            db.execute("DELETE FROM snapshots WHERE game_id = ? AND seq < ?", (game_id, seq))
        await self._run(go)

    async def finish(self, game_id: str, at: float) -> None:
        await self._run(lambda db: db.execute(
            "UPDATE games SET finished = ? WHERE id = ?", (at, game_id)))

    async def meta(self, key: str, default: str) -> str:
        def go(db: sqlite3.Connection) -> str:
            db.execute("INSERT OR IGNORE INTO meta VALUES (?, ?)", (key, default))
            row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            return str(row[0])
        return await self._run(go)

    async def load_games(self, unfinished_only: bool) -> list[GameRow]:
        return await self._run(lambda db: load_games(db, unfinished_only))

    async def close(self) -> None:
        def go(db: sqlite3.Connection) -> None:
            db.close()
        if self._db is not None:
            await self._run(go)
            self._db = None
        self._pool.shutdown(wait=True)


def load_games(db: sqlite3.Connection, unfinished_only: bool) -> list[GameRow]:
    """Every game (or every unfinished one) with its seats, log and latest snapshot."""
    where = "WHERE finished IS NULL" if unfinished_only else ""
    rows = []
    for r in db.execute(f"SELECT id, code, scenario_id, scenario_digest, settings, options, "
                        f"facilitator_hash, finished FROM games {where} ORDER BY created"):
        row = GameRow(r[0], r[1], r[2], r[3], json.loads(r[4]), json.loads(r[5]), r[6],
                      r[7] is not None)
        for token_hash, team, role in db.execute(
                "SELECT token_hash, team, role FROM seats WHERE game_id = ?", (row.id,)):
            row.seats[token_hash] = (team, role)
        snap = db.execute("SELECT seq, state FROM snapshots WHERE game_id = ? ORDER BY seq DESC "
                          "LIMIT 1", (row.id,)).fetchone()
        row.snapshot = (snap[0], snap[1]) if snap else None
        for seq, actor, command, key, reply in db.execute(
                "SELECT seq, actor, command, action_key, reply FROM commands WHERE game_id = ? "
                "ORDER BY seq", (row.id,)):
            row.commands.append((seq, unpack(actor), unpack(command), key, unpack(reply)))
        rows.append(row)
    return rows


def record_of(row: GameRow) -> GameRecord:
    """A stored game as a game record: the same format `triops report` and replays read."""
    return GameRecord(
        scenario_id=row.scenario_id,
        scenario_digest=row.scenario_digest,
        settings=from_plain(GameSettings, row.settings, "settings"),
        entries=tuple((decode_actor(actor), decode_command(command))
                      for _, actor, command, _, _ in row.commands),
    )


def read_games(path: Path | str, unfinished_only: bool = False) -> list[GameRow]:
    """Synchronous read for tools such as `triops report` (the server may be running)."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return load_games(db, unfinished_only)
    finally:
        db.close()
