"""`triops db upgrade`: bring a game store's schema up to this version's (server/schema.py).

SQLite files upgrade themselves when a server opens them; PostgreSQL databases, which several
servers share, only through this command, run once before the servers start.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from triops.cli.serve import default_db
from triops.server.schema import Upgrade
from triops.server.store import MigratingStore, StoreError, describe_db, is_postgres_url
from triops.server.stores import store_for


def add_parser(sub: Any) -> None:
    p = sub.add_parser("db", help="look after the game store (schema upgrades)")
    actions = p.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    up = actions.add_parser("upgrade", help="apply the game store's pending schema migrations")
    up.add_argument("--db", default=None,
                    help="a postgresql:// URL, or an SQLite file "
                    f"(default {default_db()})")
    up.set_defaults(handler=upgrade)


async def _upgrade(store: MigratingStore) -> Upgrade:
    try:
        return await store.upgrade()
    finally:
        await store.close()


def upgrade(args: argparse.Namespace) -> int:
    db: Path | str = args.db or default_db()
    if not is_postgres_url(db):
        db = Path(db)
    where = describe_db(db)
    try:
        done = asyncio.run(_upgrade(store_for(db)))
    except StoreError as err:
        print(f"triops db upgrade: {err}", file=sys.stderr)
        return 1
    if not done.applied:
        print(f"{where}: schema version {done.found}, the latest; nothing to do.")
        return 0
    found = "empty" if done.found == 0 else f"schema version {done.found}"
    print(f"{where}: {found}; applied:")
    for migration in done.applied:
        print(f"  {migration.version}: {migration.summary}")
    print(f"Now at schema version {done.version}.")
    return 0
