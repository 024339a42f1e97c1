"""The game store's schema, versioned: the same tables in SQLite and in PostgreSQL.

Each migration moves a database from the version before it to its own, in one transaction
with the new version number, so a database is always at exactly one version. The version is
the `schema_version` row of `meta`; a database made before versions existed (the five tables,
no such row) is version 1. SQLite stores upgrade themselves when opened (a solo game must
just work); a PostgreSQL database is upgraded only by `triops db upgrade`, once, before the
servers that share it start (docs/operations.md).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    summary: str
    sqlite: tuple[str, ...]
    postgres: tuple[str, ...]


# The log's primary key (game_id, seq) is also the fence between processes: one that lost a
# room's lease cannot log a command under a seq the room's new owner has logged.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1, "games, the command log, snapshots, seat tokens and settings",
        sqlite=(
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            """CREATE TABLE IF NOT EXISTS games (
                id TEXT PRIMARY KEY,
                code TEXT NOT NULL UNIQUE,
                scenario_id TEXT NOT NULL,
                scenario_digest TEXT NOT NULL,
                settings TEXT NOT NULL,
                options TEXT NOT NULL,
                facilitator_hash TEXT NOT NULL,
                created REAL NOT NULL,
                finished REAL)""",
            """CREATE TABLE IF NOT EXISTS commands (
                game_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                actor BLOB NOT NULL,
                command BLOB NOT NULL,
                action_key TEXT,
                reply BLOB,
                PRIMARY KEY (game_id, seq))""",
            """CREATE TABLE IF NOT EXISTS snapshots (
                game_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                state BLOB NOT NULL,
                PRIMARY KEY (game_id, seq))""",
            """CREATE TABLE IF NOT EXISTS seats (
                token_hash TEXT PRIMARY KEY,
                game_id TEXT NOT NULL,
                team TEXT NOT NULL,
                role TEXT NOT NULL)""",
        ),
        postgres=(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            """CREATE TABLE games (
                id TEXT PRIMARY KEY,
                code TEXT NOT NULL UNIQUE,
                scenario_id TEXT NOT NULL,
                scenario_digest TEXT NOT NULL,
                settings TEXT NOT NULL,
                options TEXT NOT NULL,
                facilitator_hash TEXT NOT NULL,
                created DOUBLE PRECISION NOT NULL,
                finished DOUBLE PRECISION)""",
            """CREATE TABLE commands (
                game_id TEXT NOT NULL,
                seq BIGINT NOT NULL,
                actor BYTEA NOT NULL,
                command BYTEA NOT NULL,
                action_key TEXT,
                reply BYTEA,
                PRIMARY KEY (game_id, seq))""",
            """CREATE TABLE snapshots (
                game_id TEXT NOT NULL,
                seq BIGINT NOT NULL,
                state BYTEA NOT NULL,
                PRIMARY KEY (game_id, seq))""",
            """CREATE TABLE seats (
                token_hash TEXT PRIMARY KEY,
                game_id TEXT NOT NULL,
                team TEXT NOT NULL,
                role TEXT NOT NULL)""",
        ),
    ),
    Migration(
        2, "room ownership leases, and seat tokens indexed by game",
        sqlite=(
            """CREATE TABLE leases (
                game_id TEXT PRIMARY KEY,
                owner TEXT NOT NULL,
                expires REAL NOT NULL)""",
            "CREATE INDEX seats_by_game ON seats (game_id)",
        ),
        postgres=(
            """CREATE TABLE leases (
                game_id TEXT PRIMARY KEY,
                owner TEXT NOT NULL,
                expires TIMESTAMPTZ NOT NULL)""",
            "CREATE INDEX seats_by_game ON seats (game_id)",
        ),
    ),
)

LATEST = MIGRATIONS[-1].version
VERSION_KEY = "schema_version"


def pending(version: int) -> list[Migration]:
    """The migrations a database at `version` still needs, in order."""
    return [m for m in MIGRATIONS if m.version > version]


def too_new(where: str, version: int) -> str:
    return (f"The game store at {where} is at schema version {version}, newer than this "
            f"triops knows (version {LATEST}): run a triops at least as new as the one that "
            "upgraded it.")


def too_old(where: str, version: int) -> str:
    if version == 0:
        return (f"The game store at {where} has no TriOps tables yet: run "
                f"`triops db upgrade --db {where}` to create them.")
    return (f"The game store at {where} is at schema version {version}; this triops needs "
            f"version {LATEST}: run `triops db upgrade --db {where}` first.")


@dataclass(frozen=True)
class Upgrade:
    """What `upgrade` did: the version found and the migrations applied after it."""

    found: int
    applied: tuple[Migration, ...]

    @property
    def version(self) -> int:
        return self.applied[-1].version if self.applied else self.found
