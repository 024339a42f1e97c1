"""`triops db upgrade`, and `triops serve` on a store it must not or cannot use."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from tests.cli.test_cli import ROOT, triops
from tests.server.test_store_schema import legacy_sqlite
from triops.server.schema import MIGRATIONS


@pytest.fixture(params=["sqlite", "postgres"])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "fresh.sqlite3")
    dsn: str = request.getfixturevalue("pg_dsn")
    return dsn


def test_db_upgrade_creates_a_fresh_store_then_has_nothing_to_do(empty_db: str) -> None:
    first = triops("db", "upgrade", "--db", empty_db)
    assert first.returncode == 0, first.stderr
    assert first.stdout == (f"{empty_db}: empty; applied:\n"
                            "  1: games, the command log, snapshots, seat tokens and settings\n"
                            "  2: room ownership leases, and seat tokens indexed by game\n"
                            "Now at schema version 2.\n")
    again = triops("db", "upgrade", "--db", empty_db)
    assert again.returncode == 0, again.stderr
    assert again.stdout == f"{empty_db}: schema version 2, the latest; nothing to do.\n"


def test_db_upgrade_brings_a_store_made_before_versions_forward(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    legacy_sqlite(path)
    done = triops("db", "upgrade", "--db", str(path))
    assert done.returncode == 0, done.stderr
    assert "schema version 1; applied:\n  2: room ownership leases" in done.stdout
    with sqlite3.connect(path) as db:  # the game in it is still there
        assert db.execute("SELECT code FROM games").fetchall() == [("ABCDEF",)]
    db.close()


def test_serve_refuses_a_postgresql_database_until_it_is_upgraded(pg_dsn: str) -> None:
    with psycopg.connect(pg_dsn, autocommit=True) as conn:  # as an older triops left it
        for statement in MIGRATIONS[0].postgres:
            conn.execute(statement)  # type: ignore[call-overload]
        conn.execute("INSERT INTO games VALUES ('g1', 'ABCDEF', 'retail-novice', 'd', "
                     "'{}', '{}', 'fac', 0, NULL)")
    refused = triops("serve", "--port", "0", "--db", pg_dsn)
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        f"triops serve: The game store at {pg_dsn} is at schema version 1; this triops needs "
        f"version 2: run `triops db upgrade --db {pg_dsn}` first.")
    done = triops("db", "upgrade", "--db", pg_dsn)
    assert done.returncode == 0, done.stderr
    assert "schema version 1; applied:\n  2: room ownership leases" in done.stdout
    with psycopg.connect(pg_dsn) as conn:
        assert conn.execute("SELECT code FROM games").fetchall() == [("ABCDEF",)]


def test_serve_on_an_unreachable_postgresql_says_so_and_hides_the_password() -> None:
    dsn = "postgresql://triops:s3cret@127.0.0.1:1/games"
    refused = triops("serve", "--port", "0", "--db", dsn)
    assert refused.returncode == 1
    assert refused.stderr.startswith("triops serve: the game store at "
                                     "postgresql://triops:***@127.0.0.1:1/games failed: ")
    assert "s3cret" not in refused.stderr + refused.stdout


def test_serve_without_psycopg_says_how_to_install_it() -> None:
    # This interpreter has psycopg (the dev extra); hiding it is what a plain install sees.
    code = ("import sys; sys.modules['psycopg'] = None; from triops.cli.main import main; "
            "raise SystemExit(main(['serve', '--port', '0', '--db', "
            "'postgres://127.0.0.1/games']))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, text=True,
                          capture_output=True, timeout=60)
    assert done.returncode == 1
    assert "pip install 'triops[postgres]'" in done.stderr


def test_sqlite_serves_without_psycopg(tmp_path: Path) -> None:
    """Solo and a single workshop need nothing beyond the base install."""
    code = ("import sys; sys.modules['psycopg'] = None\n"
            "from triops.cli.main import main\n"
            f"raise SystemExit(main(['db', 'upgrade', '--db', {str(tmp_path / 'g.db')!r}]))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, text=True,
                          capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Now at schema version 2." in done.stdout
