"""Which game store a `--db` names, and reading stored games outside a server.

Kept apart from store.py so that the SQLite store and the PostgreSQL store (store_pg.py,
which builds on store.py) do not import each other; psycopg is imported only when a
postgresql:// URL is given.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from triops.server.store import (
    GameRow,
    GameStore,
    MigratingStore,
    SqliteStore,
    StoreError,
    is_postgres_url,
    load_games,
)


def store_for(db: Path | str) -> MigratingStore:
    """The store a `--db` names: a postgresql:// URL is PostgreSQL, anything else is the
    path of an SQLite file (or ":memory:"). psycopg is imported only for PostgreSQL."""
    if not is_postgres_url(db):
        return SqliteStore(db)
    try:
        from triops.server.store_pg import PostgresStore
    except ImportError as err:
        raise StoreError("A PostgreSQL game store needs psycopg, which is not installed: "
                         "pip install 'triops[postgres]'") from err
    return PostgresStore(str(db))


async def _read_store(store: GameStore, unfinished_only: bool) -> list[GameRow]:
    try:
        await store.open()
        return await store.load_games(unfinished_only)
    finally:
        await store.close()


def read_games(path: Path | str, unfinished_only: bool = False) -> list[GameRow]:
    """Synchronous read for tools such as `triops report` (the server may be running), from
    an SQLite file or a postgresql:// database."""
    if is_postgres_url(path):
        return asyncio.run(_read_store(store_for(path), unfinished_only))
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return load_games(db, unfinished_only)
    finally:
        db.close()
