"""Test-wide setup.

The apps' quit hints say `triops` as the person can type it, which depends on PATH
(`client.common.typed`). Tests run the project's own environment, so put its scripts first
on PATH before any app module is imported: the hints, and the snapshots that show them,
are then the same on every machine.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pg import Cluster, running_cluster

os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent),
                                      os.environ.get("PATH", "")])


# --- PostgreSQL (tests/pg.py): a cluster per test process, started when first asked for,
# and a fresh database per test ------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    with running_cluster() as cluster:
        yield cluster


@pytest.fixture
def pg_dsn(pg_cluster: Cluster) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for this test: its URL."""
    name = pg_cluster.new_database()
    yield pg_cluster.dsn(name)
    pg_cluster.drop_database(name)


@pytest.fixture(params=["sqlite", "postgres"])
def store_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh game store, once SQLite (a file) and once PostgreSQL (a database of this test
    process's cluster), at the schema's latest version as `triops db upgrade` leaves it."""
    if request.param == "sqlite":
        return str(tmp_path / "games.sqlite3")
    dsn: str = request.getfixturevalue("pg_dsn")

    async def upgrade() -> None:
        from triops.server.stores import store_for

        store = store_for(dsn)
        await store.upgrade()
        await store.close()

    asyncio.run(upgrade())
    return dsn
