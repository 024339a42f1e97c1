"""The store's schema versions (server/schema.py): upgrades, and what refuses to start."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from triops.server.schema import LATEST, MIGRATIONS
from triops.server.store import GameRow, SchemaError, SqliteStore
from triops.server.stores import store_for


def run(coro: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coro, 60))


def legacy_sqlite(path: Path) -> None:
    """A store as triops wrote it before schema versions: the five tables, one game in
    them, no version anywhere."""
    with sqlite3.connect(path) as db:
        for statement in MIGRATIONS[0].sqlite:
            db.execute(statement)
        db.execute("INSERT INTO games VALUES ('g1', 'ABCDEF', 'retail-novice', 'd', '{}', "
                   "'{}', 'fac', 0, NULL)")
        db.execute("INSERT INTO meta VALUES ('facilitator_key', 'old-key')")
    db.close()


def test_an_sqlite_store_made_before_versions_is_version_1_and_upgrades_on_open(
        tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    legacy_sqlite(path)

    async def scenario() -> None:
        store = SqliteStore(path)
        await store.open()
        assert store.upgraded is not None
        assert (store.upgraded.found, store.upgraded.version) == (1, LATEST)
        [row] = await store.load_games(unfinished_only=True)
        assert row.code == "ABCDEF"
        assert await store.meta("facilitator_key", "new") == "old-key"
        assert await store.claim("g1", "me", 30)  # the lease table is there
        await store.close()
        again = SqliteStore(path)  # the next open has nothing to do
        await again.open()
        assert again.upgraded is not None and again.upgraded.applied == ()
        await again.close()
    run(scenario())


def test_a_new_sqlite_store_starts_at_the_latest_version(tmp_path: Path) -> None:
    async def scenario() -> None:
        store = SqliteStore(tmp_path / "new.sqlite3")
        await store.open()
        assert store.upgraded is not None
        assert (store.upgraded.found, store.upgraded.version) == (0, LATEST)
        await store.create_game(GameRow("g1", "ABCDEF", "s", "d", {}, {}, "f", False))
        await store.close()
    run(scenario())
    with sqlite3.connect(tmp_path / "new.sqlite3") as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'"
                          ).fetchone() == (str(LATEST),)
    db.close()


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_a_store_newer_than_this_triops_refuses_to_open(kind: str, tmp_path: Path,
                                                        request: pytest.FixtureRequest) -> None:
    db = str(tmp_path / "g.sqlite3") if kind == "sqlite" else request.getfixturevalue("pg_dsn")

    async def scenario() -> None:
        store = store_for(db)
        await store.upgrade()
        await store._run(lambda c: c.execute(  # type: ignore[attr-defined]
            "UPDATE meta SET value = '99' WHERE key = 'schema_version'"))
        await store.close()
        store = store_for(db)
        with pytest.raises(SchemaError, match="version 99, newer than this triops"):
            await store.open()
        with pytest.raises(SchemaError, match="version 99"):
            await store.upgrade()
        await store.close()
    run(scenario())


def test_a_postgresql_store_is_upgraded_only_on_purpose(pg_dsn: str) -> None:
    async def scenario() -> None:
        store = store_for(pg_dsn)
        with pytest.raises(SchemaError, match=r"no TriOps tables yet.*triops db upgrade"):
            await store.open()
        # An older version: the server is told to upgrade, and changes nothing itself.
        await store._run(lambda c: _apply(c, MIGRATIONS[0].postgres))  # type: ignore[attr-defined]
        with pytest.raises(SchemaError, match=r"version 1; this triops needs version 2.*"
                           "triops db upgrade"):
            await store.open()
        done = await store.upgrade()
        assert (done.found, [m.version for m in done.applied]) == (1, [2])
        await store.open()
        assert (await store.upgrade()).applied == ()
        await store.close()
    run(scenario())


async def _apply(conn: Any, statements: tuple[str, ...]) -> None:
    for statement in statements:
        await conn.execute(statement)
