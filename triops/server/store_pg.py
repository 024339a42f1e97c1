"""The game store in PostgreSQL (psycopg 3, async), for one or several server processes.

It keeps the SQLite store's promises (store.py): every method commits before it returns;
appends made in one turn of the event loop share a transaction (appends arriving while one
commits wait for the next), and if that transaction fails each is tried alone, so a call that
cannot be kept fails by itself; anything the database refuses, or a database that cannot be
reached, is a StoreError, so the room refuses the action instead of acknowledging it. A lost
connection is dropped and the next call connects again: nothing to restart when the database
comes back.

Two connections serve the process, one for the log and one for the rest, each one
transaction at a time: a room's commands are already handled in order, and the batching
keeps the commits few. The schema must be at
this version's (schema.py): `triops db upgrade` brings it there, and `open` refuses anything
else.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import psycopg

from triops.server.auth import normalise_code
from triops.server.schema import LATEST, VERSION_KEY, Upgrade, pending, too_new, too_old
from triops.server.store import (
    GameRow,
    LogConflict,
    SchemaError,
    Seat,
    StoreError,
    describe_db,
    pack,
    settle,
    unpack,
)

T = TypeVar("T")
Conn = psycopg.AsyncConnection[Any]
Work = Callable[[Conn], Awaitable[Any]]
Check = Callable[[Conn], Awaitable[bool]]  # is this call's write in the database?
# A batched call: what it does, how to tell it happened, and (a plain append) its log row,
# which the batch writes with the others' in one statement.
Call = tuple[Work, Check, tuple[Any, ...] | None]

CONNECT_TIMEOUT = 5  # seconds to reach the database before an action is refused
CALL_TIMEOUT = 10.0  # seconds one transaction may take before the connection is given up
UPGRADE_LOCK = 0x7472696F7073  # advisory lock key: one `triops db upgrade` at a time


class CommitUnknown(StoreError):
    """The connection was lost after a commit was sent and before its answer came back."""


class _Line:
    """One connection to the database and the lock that gives it one transaction at a time.
    A lost connection is dropped; the next transaction connects again."""

    def __init__(self, dsn: str, where: str, timeout: float, name: str) -> None:
        self.dsn, self.where, self.timeout, self.name = dsn, where, timeout, name
        self.conn: Conn | None = None
        self.lock = asyncio.Lock()

    async def _connection(self) -> Conn:
        if self.conn is not None and (self.conn.closed or self.conn.broken):
            await self.drop()
        if self.conn is None:
            self.conn = await psycopg.AsyncConnection.connect(
                self.dsn, autocommit=True, connect_timeout=CONNECT_TIMEOUT,
                application_name=f"triops {self.name}")
        return self.conn

    async def drop(self) -> None:
        conn, self.conn = self.conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                await conn.close()

    async def transaction(self, work: list[Work], one_statement: bool = False) -> list[Any]:
        """Run `work` in one transaction; raises StoreError if it is not committed.
        `one_statement`: `work` is a single statement, which commits by itself (autocommit):
        one round trip instead of three, and any lost connection leaves it unknown."""
        async with self.lock:
            while True:
                reused = self.conn is not None
                committing = False
                try:
                    async with asyncio.timeout(self.timeout):
                        conn = await self._connection()
                        if one_statement:
                            committing = True
                            return [await work[0](conn)]
                        if len(work) == 1:
                            async with conn.transaction():
                                values = [await work[0](conn)]
                                committing = True
                            return values
                        # A batch is pipelined: its statements go out together and their
                        # results come back at the sync, before the commit.
                        async with conn.pipeline() as pipeline, conn.transaction():
                            values = [await fn(conn) for fn in work]
                            await pipeline.sync()
                            committing = True
                        return values
                except psycopg.Error as err:
                    lost = self.conn is None or self.conn.closed or self.conn.broken
                    if lost:
                        await self.drop()
                    if lost and reused and not committing:
                        # The connection had died while idle (the database restarted, or
                        # its backend was ended) and nothing of this transaction was
                        # committed: once more, on a new connection, before giving up.
                        continue
                    error = CommitUnknown if lost and committing else StoreError
                    said = " ".join(str(err).split()) or type(err).__name__  # one line
                    raise error(f"the game store at {self.where} failed: {said}") from err
                except TimeoutError as err:
                    await self.drop()  # a connection stuck mid-call is not used again
                    error = CommitUnknown if committing else StoreError
                    raise error(f"the game store at {self.where} did not answer "
                                f"within {self.timeout:g} s") from err


class PostgresStore:
    def __init__(self, dsn: str, call_timeout: float = CALL_TIMEOUT) -> None:
        self.dsn = dsn
        self.where = describe_db(dsn)  # for messages: the password left out
        self.call_timeout = call_timeout
        # The log has a connection of its own, so appends never wait behind a snapshot, a
        # lease renewal or a game being loaded.
        self._log = _Line(dsn, self.where, call_timeout, "log")
        self._main = _Line(dsn, self.where, call_timeout, "main")
        self._batch: list[tuple[Call, asyncio.Future[None]]] = []
        self._flusher: asyncio.Task[None] | None = None

    # --- transactions ------------------------------------------------------------------

    async def _run(self, fn: Callable[[Conn], Awaitable[T]]) -> T:
        [value] = await self._main.transaction([fn])
        return value  # type: ignore[no-any-return]

    async def _run_batched(self, call: Call) -> None:
        """`_run` for the log: the calls made while no batch is committing share one."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        self._batch.append((call, future))
        if self._flusher is None or self._flusher.done():
            self._flusher = loop.create_task(self._flush())
        return await future

    async def _flush(self) -> None:
        while self._batch:
            batch, self._batch = self._batch, []
            try:
                results = await self._call_batch([call for call, _ in batch])
            except BaseException as err:  # cancelled at shutdown: no caller waits forever
                for _, future in batch:
                    if not future.done():
                        future.set_exception(StoreError(f"the game store stopped: {err!r}"))
                raise
            settle([future for _, future in batch], results)

    async def _call_batch(self, calls: list[Call], again: bool = True
                          ) -> list[tuple[Any, Exception | None]]:
        """All in one transaction; if that fails, each alone, so a failing call fails by
        itself. A database that cannot be reached fails them all at once."""
        rows = [row for _, _, row in calls if row is not None]
        try:
            if len(rows) == len(calls):  # plain appends: one INSERT, its own transaction
                await self._log.transaction([_insert(rows)], one_statement=True)
            else:
                await self._log.transaction(_together(calls))
            return [(None, None)] * len(calls)
        except CommitUnknown as err:
            return await self._settle(calls, err, again)
        except Exception as err:
            if len(calls) == 1 or self._log.conn is None:
                return [(None, err)] * len(calls)
        results: list[tuple[Any, Exception | None]] = []
        for call in calls:
            results += await self._call_batch([call], again)
        return results

    async def _settle(self, calls: list[Call], err: CommitUnknown, again: bool
                      ) -> list[tuple[Any, Exception | None]]:
        """The answer to a commit was lost: ask the database (on a new connection) whether
        it happened. It did: done. It did not: nothing was written, so try once more.
        Without an answer the calls fail, as anything the store cannot vouch for does."""
        async def ask(conn: Conn) -> list[bool]:
            return [await landed(conn) for _, landed, _ in calls]
        try:
            [found] = await self._log.transaction([ask])
        except StoreError:
            return [(None, err)] * len(calls)
        if all(found):
            return [(None, None)] * len(calls)
        if not any(found) and again:
            return await self._call_batch(calls, again=False)
        return [(None, err)] * len(calls)

    # --- schema ---------------------------------------------------------------------

    async def _version(self, conn: Conn) -> int:
        cur = await conn.execute("SELECT to_regclass('meta') IS NOT NULL, "
                                 "to_regclass('games') IS NOT NULL")
        has_meta, has_games = (await cur.fetchone()) or (False, False)
        if has_meta:
            cur = await conn.execute("SELECT value FROM meta WHERE key = %s", (VERSION_KEY,))
            row = await cur.fetchone()
            if row is not None:
                return int(row[0])
        return 1 if has_games else 0

    async def open(self) -> None:
        """Connect and check the schema: PostgreSQL databases are upgraded only on purpose,
        by `triops db upgrade`, so a server never changes tables other servers use."""
        version = await self._run(self._version)
        if version > LATEST:
            raise SchemaError(too_new(self.where, version))
        if version < LATEST:
            raise SchemaError(too_old(self.where, version))

    async def upgrade(self) -> Upgrade:
        async def go(conn: Conn) -> Upgrade:
            await conn.execute("SELECT pg_advisory_xact_lock(%s)", (UPGRADE_LOCK,))
            found = await self._version(conn)
            if found > LATEST:
                raise SchemaError(too_new(self.where, found))
            todo = pending(found)
            for migration in todo:
                for statement in migration.postgres:
                    await conn.execute(statement)
            if todo:
                await conn.execute(
                    "INSERT INTO meta VALUES (%s, %s) ON CONFLICT (key) DO UPDATE "
                    "SET value = EXCLUDED.value", (VERSION_KEY, str(LATEST)))
            return Upgrade(found, tuple(todo))
        return await self._run(go)

    # --- the GameStore methods ------------------------------------------------------

    async def create_game(self, row: GameRow) -> None:
        async def go(conn: Conn) -> None:
            await conn.execute(
                "INSERT INTO games VALUES (%s, %s, %s, %s, %s, %s, %s, "
                "extract(epoch FROM now()), NULL)",
                (row.id, row.code, row.scenario_id, row.scenario_digest,
                 json.dumps(row.settings), json.dumps(row.options), row.facilitator_hash))
        await self._run(go)

    async def append(self, game_id: str, seq: int, actor: Any, command: Any,
                     action_key: str | None, reply: Any,
                     seats: dict[str, Seat] | None = None) -> None:
        """Log an accepted command, and the game's whole token table when it moved people
        between seats, in the same transaction (store.SqliteStore.append)."""
        values = (game_id, seq, pack(actor), pack(command), action_key, pack(reply))

        async def go(conn: Conn) -> None:
            try:
                await conn.execute("INSERT INTO commands VALUES (%s, %s, %s, %s, %s, %s)",
                                   values)
            except psycopg.errors.UniqueViolation as err:  # the only key is (game_id, seq)
                raise LogConflict(game_id, seq) from err
            if seats is not None:
                await conn.execute("DELETE FROM seats WHERE game_id = %s", (game_id,))
                async with conn.cursor() as cur:
                    await cur.executemany(
                        "INSERT INTO seats VALUES (%s, %s, %s, %s)",
                        [(digest, game_id, *seat) for digest, seat in seats.items()])

        async def landed(conn: Conn) -> bool:  # this very command, not another at its seq
            cur = await conn.execute(
                "SELECT 1 FROM commands WHERE game_id = %s AND seq = %s AND actor = %s "
                "AND command = %s AND action_key IS NOT DISTINCT FROM %s AND reply = %s",
                values)
            return await cur.fetchone() is not None
        await self._run_batched((go, landed, values if seats is None else None))

    async def add_seat(self, game_id: str, token_hash: str, team: str, role: str) -> None:
        async def go(conn: Conn) -> None:
            await conn.execute("INSERT INTO seats VALUES (%s, %s, %s, %s)",
                               (token_hash, game_id, team, role))
        await self._run(go)

    async def snapshot(self, game_id: str, seq: int, state: Any) -> None:
        blob = pack(state)

        async def go(conn: Conn) -> None:
            await conn.execute("INSERT INTO snapshots VALUES (%s, %s, %s) ON CONFLICT "
                               "(game_id, seq) DO UPDATE SET state = EXCLUDED.state",
                               (game_id, seq, blob))
            await conn.execute("DELETE FROM snapshots WHERE game_id = %s AND seq < %s",
                               (game_id, seq))
        await self._run(go)

    async def finish(self, game_id: str, at: float | None) -> None:
        async def go(conn: Conn) -> None:
            await conn.execute("UPDATE games SET finished = %s WHERE id = %s", (at, game_id))
        await self._run(go)

    async def meta(self, key: str, default: str) -> str:
        async def go(conn: Conn) -> str:
            await conn.execute("INSERT INTO meta VALUES (%s, %s) ON CONFLICT DO NOTHING",
                               (key, default))
            cur = await conn.execute("SELECT value FROM meta WHERE key = %s", (key,))
            row = await cur.fetchone()
            assert row is not None
            return str(row[0])
        return await self._run(go)

    async def load_games(self, unfinished_only: bool) -> list[GameRow]:
        return await self._run(lambda conn: _load(conn, unfinished_only))

    async def load_game(self, game_id: str) -> GameRow | None:
        found = await self._run(lambda conn: _load(conn, False, game_id))
        return found[0] if found else None

    async def claim(self, game_id: str, owner: str, ttl: float) -> bool:
        # One statement: the row lock ON CONFLICT takes makes two claimants take turns, and
        # the second sees the first's lease. The database's clock is the one clock.
        async def go(conn: Conn) -> bool:
            cur = await conn.execute(
                "INSERT INTO leases VALUES (%s, %s, clock_timestamp() + %s * interval '1 s') "
                "ON CONFLICT (game_id) DO UPDATE "
                "SET owner = EXCLUDED.owner, expires = EXCLUDED.expires "
                "WHERE leases.owner = EXCLUDED.owner OR leases.expires <= clock_timestamp() "
                "RETURNING owner", (game_id, owner, float(ttl)))
            return await cur.fetchone() is not None
        return await self._run(go)

    async def release(self, game_id: str, owner: str) -> None:
        async def go(conn: Conn) -> None:
            await conn.execute("DELETE FROM leases WHERE game_id = %s AND owner = %s",
                               (game_id, owner))
        await self._run(go)

    async def game_id_for_code(self, code: str) -> str | None:
        async def go(conn: Conn) -> str | None:
            cur = await conn.execute("SELECT id FROM games WHERE code = %s",
                                     (normalise_code(code),))
            row = await cur.fetchone()
            return None if row is None else str(row[0])
        return await self._run(go)

    async def seat_for_token(self, token_hash: str) -> tuple[str, str, str] | None:
        """See GameStore.seat_for_token: ("", "") for team and role is the facilitator."""
        async def go(conn: Conn) -> tuple[str, str, str] | None:
            cur = await conn.execute(
                "SELECT game_id, team, role FROM seats WHERE token_hash = %s UNION ALL "
                "SELECT id, '', '' FROM games WHERE facilitator_hash = %s LIMIT 1",
                (token_hash, token_hash))
            row = await cur.fetchone()
            return None if row is None else (str(row[0]), str(row[1]), str(row[2]))
        return await self._run(go)

    async def close(self) -> None:
        if self._flusher is not None:
            with contextlib.suppress(Exception):
                await self._flusher  # what was handed to the store is committed or refused
        for line in (self._log, self._main):
            async with line.lock:
                await line.drop()


def _insert(rows: list[tuple[Any, ...]]) -> Work:
    """Log rows in one statement: a hundred rooms' commands cost the database and this
    process about what one does. A row whose seq is taken is the fence (LogConflict)."""
    async def go(conn: Conn) -> None:
        try:
            if len(rows) == 1:  # arrays of one cost more to build than the row itself
                await conn.execute("INSERT INTO commands VALUES (%s, %s, %s, %s, %s, %s)",
                                   rows[0])
            else:
                await conn.execute(
                    "INSERT INTO commands SELECT * FROM unnest(%s::text[], %s::bigint[], "
                    "%s::bytea[], %s::bytea[], %s::text[], %s::bytea[])",
                    [list(column) for column in zip(*rows, strict=True)])
        except psycopg.errors.UniqueViolation as err:
            if len(rows) > 1:
                raise  # which one: each alone will tell
            raise LogConflict(rows[0][0], rows[0][1]) from err
    return go


def _together(calls: list[Call]) -> list[Work]:
    """A batch's work in one transaction: the plain appends' rows in one statement, then
    the appends that also move seat tokens."""
    rows = [row for _, _, row in calls if row is not None]
    return ([_insert(rows)] if rows else []) + [fn for fn, _, row in calls if row is None]


async def _load(conn: Conn, unfinished_only: bool, game_id: str | None = None
                ) -> list[GameRow]:
    """Every game (or every unfinished one, or the one named) with its seats, log and latest
    snapshot: four queries in one consistent view of the database."""
    await conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
    where = "WHERE finished IS NULL" if unfinished_only else ""
    params: tuple[str, ...] = ()
    if game_id is not None:
        where, params = "WHERE id = %s", (game_id,)
    cur = await conn.execute(
        "SELECT id, code, scenario_id, scenario_digest, settings, options, facilitator_hash, "
        f"finished FROM games {where} ORDER BY created", params)
    rows = {r[0]: GameRow(r[0], r[1], r[2], r[3], json.loads(r[4]), json.loads(r[5]), r[6],
                          r[7] is not None, finished_at=r[7])
            for r in await cur.fetchall()}
    if not rows:
        return []
    ids = list(rows)
    cur = await conn.execute("SELECT game_id, token_hash, team, role FROM seats "
                             "WHERE game_id = ANY(%s)", (ids,))
    for gid, digest, team, role in await cur.fetchall():
        rows[gid].seats[digest] = (team, role)
    cur = await conn.execute("SELECT DISTINCT ON (game_id) game_id, seq, state FROM snapshots "
                             "WHERE game_id = ANY(%s) ORDER BY game_id, seq DESC", (ids,))
    for gid, seq, state in await cur.fetchall():
        rows[gid].snapshot = (seq, bytes(state))
    cur = await conn.execute("SELECT game_id, seq, actor, command, action_key, reply "
                             "FROM commands WHERE game_id = ANY(%s) ORDER BY game_id, seq",
                             (ids,))
    for gid, seq, actor, command, key, reply in await cur.fetchall():
        rows[gid].commands.append((seq, unpack(actor), unpack(command), key, unpack(reply)))
    return list(rows.values())
