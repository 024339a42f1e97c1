"""Persistence: an append-only log of accepted commands per game, snapshots, tokens.

`GameStore` is the small interface the rooms use; `SqliteStore` implements it with SQLite
in WAL mode. Calls run on the event loop's own thread: they are a few small statements, and
with `synchronous=NORMAL` a WAL commit does not wait for the disk, so they cost less than
handing them to a thread and back (bench/load.py measured that hand-over, and the lock
contention it brought, at a third of the server's CPU under load). Each append commits
before it returns, without giving the event loop a turn. A command is durable when `append`
returns: rooms acknowledge and broadcast only after that. A killed process loses nothing that was
committed (only a power cut could lose the last commits).

The `seats` table maps seat tokens to seats; a logged `move_seat` rewrites it in the same
transaction (`append`), so the tokens always agree with the log.

`PostgresStore` (store_pg.py) keeps the same tables in PostgreSQL, for several server
processes; `stores.store_for` picks the store a `--db` names. The tables and their versions are in
schema.py. Leases (`claim`, `release`) say which process owns a room.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit, urlunsplit

import msgpack

from triops.game.model.codec import from_plain
from triops.game.model.commands import decode_actor, decode_command
from triops.game.model.state import GameSettings
from triops.game.record import GameRecord
from triops.server.auth import normalise_code
from triops.server.schema import LATEST, VERSION_KEY, Upgrade, pending, too_new

T = TypeVar("T")



Seat = tuple[str, str]  # (team id, role)


class StoreError(RuntimeError):
    """The store could not keep something: the disk is full, unwritable, or gone."""


class LogConflict(StoreError):
    """The log already holds a command at that game's seq: another process serves the room
    now (it took the lease), or an earlier commit's outcome could not be learnt. The room's
    state in this process is behind its log; it must not go on from it."""

    def __init__(self, game_id: str, seq: int) -> None:
        super().__init__(f"game {game_id} already has command {seq} in the log: another "
                         "process serves it now, or this one is behind its log")
        self.game_id, self.seq = game_id, seq


class SchemaError(StoreError):
    """The database's schema is not the one this version of triops uses (see schema.py)."""


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
    finished_at: float | None = None  # when it finished (Unix time), if it has


class GameStore(Protocol):
    """Where games are kept. Every method commits before it returns (the server acknowledges
    an action only after `append`), and raises StoreError when it cannot keep something."""

    async def open(self) -> None: ...
    async def create_game(self, row: GameRow) -> None: ...
    async def append(self, game_id: str, seq: int, actor: Any, command: Any,
                     action_key: str | None, reply: Any,
                     seats: dict[str, Seat] | None = None) -> None: ...
    async def add_seat(self, game_id: str, token_hash: str, team: str, role: str) -> None: ...
    async def snapshot(self, game_id: str, seq: int, state: Any) -> None: ...
    async def finish(self, game_id: str, at: float | None) -> None: ...
    async def load_games(self, unfinished_only: bool) -> list[GameRow]: ...
    async def load_game(self, game_id: str) -> GameRow | None: ...
    async def meta(self, key: str, default: str) -> str: ...
    async def close(self) -> None: ...

    # Which process owns a room, when several share one database. A lease runs until
    # `expires` by the database's clock; its holder renews it with `claim` well before then.
    async def claim(self, game_id: str, owner: str, ttl: float) -> bool:
        """Take the game's lease for `ttl` seconds if nobody holds it, its holder's lease
        has expired, or `owner` holds it already (then it is renewed to now + ttl).
        Returns whether `owner` holds it now."""
        ...

    async def release(self, game_id: str, owner: str) -> None:
        """Drop the game's lease if `owner` holds it."""
        ...

    async def game_id_for_code(self, code: str) -> str | None:
        """The id of the game with this join code (as typed: normalised first), or None."""
        ...

    async def seat_for_token(self, token_hash: str) -> tuple[str, str, str] | None:
        """What a token (by its hash, auth.token_hash) opens, for a process that has not
        loaded the game: (game id, team, role) for a seat token; (game id, "", "") for the
        game's facilitator token; None when it opens nothing (a seat token a `move_seat`
        revoked is gone from the store too). Finished games are included."""
        ...


class MigratingStore(GameStore, Protocol):
    async def upgrade(self) -> Upgrade:
        """Apply the schema's pending migrations (schema.py) and say what was done."""
        ...


def pack(value: Any) -> bytes:
    out: bytes = msgpack.packb(value, use_bin_type=True)
    return out


def unpack(blob: bytes) -> Any:
    return msgpack.unpackb(blob, raw=False, strict_map_key=False)


def settle(futures: list[asyncio.Future[Any]], results: list[tuple[Any, Exception | None]]
           ) -> None:
    """Answer each caller of a batch with its own result or error."""
    for future, (value, error) in zip(futures, results, strict=True):
        if future.done():  # its caller went away (a room closing)
            continue
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(value)


CHECKPOINT_EVERY = 1.0  # seconds between copies of the write-ahead log into the database
CATCH_UP_WAIT = 0.5  # seconds the checkpointer waits for the event loop to hold appends


class SqliteStore:
    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        self._db: sqlite3.Connection | None = None
        self._checkpointer: threading.Thread | None = None
        self._closing = threading.Event()
        # Set (on the event loop) while the checkpointer copies the last frames of the log:
        # appends wait for it, so the log can start again from its beginning (_catch_up).
        self._held: asyncio.Future[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.upgraded: Upgrade | None = None  # what opening the file did to its schema

    async def _run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        return self._call(fn)

    def _transaction(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """`fn` in a transaction of its own, committed before it returns."""
        try:
            db = self._connection()
            db.execute("BEGIN IMMEDIATE")
            try:
                value = fn(db)
                db.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
                raise
            return value
        except sqlite3.Error as err:
            raise self._error(err) from err

    def _call(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        try:
            return fn(self._connection())
        except sqlite3.Error as err:
            raise self._error(err) from err

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = self._open()
        return self._db

    def _error(self, err: sqlite3.Error) -> StoreError:
        return StoreError(f"the game store at {self.path} failed: {err}")

    def _open(self) -> sqlite3.Connection:
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA busy_timeout=5000")
        try:
            # A file of one game or one workshop upgrades itself: `make play` must just work.
            self.upgraded = sqlite_upgrade(db, self.path)
        except BaseException:
            db.close()
            raise
        if self.path != ":memory:":
            # A checkpoint copies the log into the database and waits for the disk: done
            # inside a commit it stalled the event loop for 60 ms and more under load, so
            # a thread of its own does it (SQLite lets writers go on meanwhile).
            db.execute("PRAGMA wal_autocheckpoint=0")
            with contextlib.suppress(RuntimeError):  # opened outside an event loop: no holds
                self._loop = asyncio.get_running_loop()
            self._checkpointer = threading.Thread(target=self._checkpoint_often,
                                                  name="triops-checkpoint", daemon=True)
            self._checkpointer.start()
        return db

    def _checkpoint_often(self) -> None:
        db = sqlite3.connect(self.path, isolation_level=None)
        try:
            while not self._closing.wait(CHECKPOINT_EVERY):
                with contextlib.suppress(sqlite3.Error):  # a busy or full disk: next time
                    db.execute("PRAGMA wal_checkpoint(PASSIVE)")
                    self._catch_up(db)
            with contextlib.suppress(sqlite3.Error):
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # leave a tidy file behind
        finally:
            db.close()

    def _catch_up(self, db: sqlite3.Connection) -> None:
        """Copy the frames logged during the last checkpoint while this process's appends
        wait, so the log is wholly in the database and the next commit writes the log from
        its start again. Under steady load a checkpoint never catches up by itself: the log
        then grew without end (10 MB a second at 1,000 actions/s) and every commit cost
        about twice as much (bench/load.py; docs/targets.md). The wait is a copy of a few
        frames and a sync, a few milliseconds a second, and holds the appends only, not the
        event loop."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        held = threading.Event()
        try:
            loop.call_soon_threadsafe(self._hold, held)
            try:
                if held.wait(CATCH_UP_WAIT):  # (a loop too busy to answer: next time)
                    db.execute("PRAGMA wal_checkpoint(PASSIVE)")
            finally:
                loop.call_soon_threadsafe(self._release)
        except RuntimeError:  # the loop closed meanwhile
            return

    def _hold(self, held: threading.Event) -> None:
        if self._held is None:
            self._held = asyncio.get_running_loop().create_future()
        held.set()

    def _release(self) -> None:
        held, self._held = self._held, None
        if held is not None and not held.done():
            held.set_result(None)

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
                     action_key: str | None, reply: Any,
                     seats: dict[str, Seat] | None = None) -> None:
        """Log an accepted command. `seats`, when a command moved people between seats, is
        the game's whole token table after it (token hash -> seat), kept in the same
        transaction: a crash leaves the log and the tokens agreeing either way."""

        row = (game_id, seq, pack(actor), pack(command), action_key, pack(reply))

        def go(db: sqlite3.Connection) -> None:  # one savepoint: both or neither
            try:
                db.execute("INSERT INTO commands VALUES (?, ?, ?, ?, ?, ?)", row)
            except sqlite3.IntegrityError as err:  # the only key is (game_id, seq)
                raise LogConflict(game_id, seq) from err
            if seats is not None:
                db.execute("DELETE FROM seats WHERE game_id = ?", (game_id,))
                db.executemany("INSERT INTO seats VALUES (?, ?, ?, ?)",
                               [(digest, game_id, *seat) for digest, seat in seats.items()])
        if self._held is not None:  # the checkpointer is catching up (_catch_up)
            await asyncio.shield(self._held)
        # Committed here, before the caller goes on. Batching the appends of one turn of
        # the event loop cost a future and two more turns of the loop per action; without
        # it an action costs 3-5% less CPU under bench/load.py (docs/targets.md). A lone
        # statement is a transaction of its own: no BEGIN and COMMIT to run.
        if seats is None:
            self._call(go)
        else:
            self._transaction(go)

    async def add_seat(self, game_id: str, token_hash: str, team: str, role: str) -> None:
        await self._run(lambda db: db.execute(
            "INSERT INTO seats VALUES (?, ?, ?, ?)", (token_hash, game_id, team, role)))

    async def snapshot(self, game_id: str, seq: int, state: Any) -> None:
        blob = pack(state)

        def go(db: sqlite3.Connection) -> None:
            db.execute("INSERT OR REPLACE INTO snapshots VALUES (?, ?, ?)", (game_id, seq, blob))
            db.execute("DELETE FROM snapshots WHERE game_id = ? AND seq < ?", (game_id, seq))
        await self._run(go)

    async def finish(self, game_id: str, at: float | None) -> None:
        """Mark the game finished at `at`, or (None) unfinished again: a peer-review round
        after the game keeps it loaded across restarts until every team's review closes."""
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

    async def upgrade(self) -> Upgrade:
        """Bring the schema up to date (opening the file already does): what was done."""
        await self.open()
        assert self.upgraded is not None
        return self.upgraded

    async def claim(self, game_id: str, owner: str, ttl: float) -> bool:
        # One statement, so atomic; wall time is the clock, the processes share the host.
        def go(db: sqlite3.Connection) -> bool:
            now = time.time()
            row = db.execute(
                "INSERT INTO leases VALUES (?, ?, ?) ON CONFLICT (game_id) DO UPDATE "
                "SET owner = excluded.owner, expires = excluded.expires "
                "WHERE leases.owner = excluded.owner OR leases.expires <= ? RETURNING owner",
                (game_id, owner, now + ttl, now)).fetchone()
            return row is not None
        return await self._run(go)

    async def release(self, game_id: str, owner: str) -> None:
        await self._run(lambda db: db.execute(
            "DELETE FROM leases WHERE game_id = ? AND owner = ?", (game_id, owner)))

    async def game_id_for_code(self, code: str) -> str | None:
        def go(db: sqlite3.Connection) -> str | None:
            row = db.execute("SELECT id FROM games WHERE code = ?",
                             (normalise_code(code),)).fetchone()
            return None if row is None else str(row[0])
        return await self._run(go)

    async def seat_for_token(self, token_hash: str) -> tuple[str, str, str] | None:
        def go(db: sqlite3.Connection) -> tuple[str, str, str] | None:
            row = db.execute("SELECT game_id, team, role FROM seats WHERE token_hash = ?",
                             (token_hash,)).fetchone()
            if row is None:
                row = db.execute("SELECT id, '', '' FROM games WHERE facilitator_hash = ?",
                                 (token_hash,)).fetchone()
            return None if row is None else (str(row[0]), str(row[1]), str(row[2]))
        return await self._run(go)

    async def load_game(self, game_id: str) -> GameRow | None:
        found = await self._run(lambda db: load_games(db, False, game_id))
        return found[0] if found else None

    async def close(self) -> None:
        self._closing.set()
        self._release()
        if self._checkpointer is not None:
            await asyncio.get_running_loop().run_in_executor(None, self._checkpointer.join, 10)
        if self._db is not None:
            self._db.close()
            self._db = None


def sqlite_version(db: sqlite3.Connection) -> int:
    """The schema version of an SQLite store: 0 for an empty file, 1 for one made before
    versions were kept (it has the five tables and no version)."""
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "meta" in tables:
        row = db.execute("SELECT value FROM meta WHERE key = ?", (VERSION_KEY,)).fetchone()
        if row is not None:
            return int(row[0])
    return 1 if "games" in tables else 0


def sqlite_upgrade(db: sqlite3.Connection, where: str) -> Upgrade:
    """Apply the pending migrations, all in one transaction with the new version number
    (another process opening the same file waits, then finds nothing left to do)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        found = sqlite_version(db)
        if found > LATEST:
            raise SchemaError(too_new(where, found))
        todo = pending(found)
        for migration in todo:
            for statement in migration.sqlite:
                db.execute(statement)
        if todo:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (VERSION_KEY, str(LATEST)))
        db.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise
    return Upgrade(found, tuple(todo))


def is_postgres_url(db: Path | str) -> bool:
    return isinstance(db, str) and db.startswith(("postgresql://", "postgres://"))


def describe_db(db: Path | str) -> str:
    """`db` as it may be shown or logged: a URL's password is left out."""
    if not is_postgres_url(db):
        return str(db)
    parts = urlsplit(str(db))
    netloc = parts.netloc
    if parts.password is not None:
        userinfo, _, host = netloc.rpartition("@")
        netloc = f"{userinfo.split(':', 1)[0]}:***@{host}"
    query = "&".join(p if not p.lower().startswith("password=") else "password=***"
                     for p in parts.query.split("&")) if parts.query else ""
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def load_games(db: sqlite3.Connection, unfinished_only: bool,
               game_id: str | None = None) -> list[GameRow]:
    """Every game (or every unfinished one, or the one named) with its seats, log and latest
    snapshot."""
    where = "WHERE finished IS NULL" if unfinished_only else ""
    if game_id is not None:
        where = "WHERE id = ?"
    rows = []
    for r in db.execute(f"SELECT id, code, scenario_id, scenario_digest, settings, options, "
                        f"facilitator_hash, finished FROM games {where} ORDER BY created",
                        () if game_id is None else (game_id,)):
        row = GameRow(r[0], r[1], r[2], r[3], json.loads(r[4]), json.loads(r[5]), r[6],
                      r[7] is not None, finished_at=r[7])
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
