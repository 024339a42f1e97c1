"""A real PostgreSQL for tests, from the binaries on the machine.

Each pytest process (each xdist worker) starts one cluster of its own in a temporary
directory, on 127.0.0.1 at a free port, the first time a test asks for it, and stops it when
the session ends; every test gets a fresh database in it. PostgreSQL refuses to run as root,
so under root the cluster belongs to `nobody`. The binaries are required: a machine without
them fails the PostgreSQL tests loudly (.ci/run installs them).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg

PG_BIN = Path(os.environ.get("TRIOPS_PG_BIN", "/usr/lib/postgresql/15/bin"))
OWNER = "nobody"  # who runs the cluster when the tests run as root


def _as_owner(command: list[str]) -> list[str]:
    return ["runuser", "-u", OWNER, "--", *command] if os.geteuid() == 0 else command


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Cluster:
    """One PostgreSQL server: its data directory, its port, and databases made for tests."""

    def __init__(self, durable: bool = False) -> None:
        if not (PG_BIN / "postgres").exists():
            raise RuntimeError(f"PostgreSQL binaries not found in {PG_BIN} (install the "
                               "postgresql-15 package, as .ci/run does, or set TRIOPS_PG_BIN)")
        self.root = Path(tempfile.mkdtemp(prefix="triops-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        if os.geteuid() == 0:
            shutil.chown(self.root, OWNER)
        self.port = 0
        self.durable = durable
        self._names = itertools.count(1)
        self._run([str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U",
                   "postgres", "-E", "UTF8", "--locale=C", "--no-sync"])

    def _run(self, command: list[str]) -> None:
        done = subprocess.run(_as_owner(command), capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{command[0]} failed: {done.stdout}{done.stderr}\n{log}")

    def start(self) -> None:
        """Start (or start again, on the same port once it has one)."""
        for attempt in range(3):
            port = self.port or _free_port()
            # Durability settings are off for tests: they are about what the server does
            # with commits, not about this machine's disk. Benchmarks keep the defaults.
            options = f"-h 127.0.0.1 -p {port} -k {self.data} -c max_connections=60"
            if not self.durable:
                options += " -c fsync=off -c full_page_writes=off"
            try:
                self._run([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                           "-w", "-t", "60", "-o", options, "start"])
            except RuntimeError:
                if attempt == 2 or self.port:
                    raise
                continue  # the port was taken meanwhile: another one
            self.port = port
            return

    def stop(self, mode: str = "fast") -> None:
        self._run([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"])

    def dsn(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def admin(self) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(self.dsn(), autocommit=True)

    def new_database(self) -> str:
        name = f"test_{os.getpid()}_{next(self._names)}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
        return name

    def drop_database(self, name: str) -> None:
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]

    def close(self) -> None:
        with contextlib.suppress(RuntimeError):
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


@contextlib.contextmanager
def running_cluster(durable: bool = False) -> Iterator[Cluster]:
    cluster = Cluster(durable)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.close()


class CommitCutter:
    """A TCP relay in front of PostgreSQL that can cut a connection at the worst moment: as
    the next message holding `marker` goes out (a COMMIT, or a statement that commits by
    itself): `cut("before")`, the database never gets it; or as its answer comes back:
    `cut("after")`, the database committed, the client never hears so. Then it relays
    faithfully again; the client's next connection goes through."""

    def __init__(self, port: int) -> None:
        self.port = port  # the database's
        self.listen_port = 0
        self.armed: str | None = None
        self.marker = b"COMMIT"
        self.cuts = 0
        self._server: asyncio.Server | None = None

    def dsn(self, dbname: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.listen_port}/{dbname}"

    def cut(self, when: str, marker: bytes = b"COMMIT") -> None:
        assert when in ("before", "after")
        self.armed, self.marker = when, marker

    async def __aenter__(self) -> CommitCutter:
        self._server = await asyncio.start_server(self._relay, "127.0.0.1", 0)
        self.listen_port = int(self._server.sockets[0].getsockname()[1])
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()

    async def _relay(self, client_r: asyncio.StreamReader,
                     client_w: asyncio.StreamWriter) -> None:
        db_r, db_w = await asyncio.open_connection("127.0.0.1", self.port)
        answer_lost = asyncio.Event()

        def cut() -> None:
            self.cuts += 1
            client_w.transport.abort()
            db_w.transport.abort()

        async def up() -> None:
            while data := await client_r.read(65536):
                if self.armed and self.marker in data:
                    when, self.armed = self.armed, None
                    if when == "before":
                        cut()
                        return
                    answer_lost.set()  # what the database says next goes nowhere
                db_w.write(data)
                await db_w.drain()

        async def down() -> None:
            while data := await db_r.read(65536):
                if answer_lost.is_set():
                    cut()
                    return
                client_w.write(data)
                await client_w.drain()

        with contextlib.suppress(OSError):
            await asyncio.gather(up(), down())
        client_w.transport.abort()
        db_w.transport.abort()
