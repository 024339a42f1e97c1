"""Several real `triops serve` processes behind a real HAProxy, for tests and bench/failover.py.

Each process serves rooms under leases (`--lease`) on one shared store: a postgresql:// URL
(tests/pg.py starts one) or an SQLite file. HAProxy comes from the Debian package; a machine
without it fails loudly (.ci/run installs it).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from triops.cli.haproxy import config
from triops.protocol import room_url

KEY = "test-key"
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check: Callable[[], bool], what: str, timeout: float = 20.0,
             every: float = 0.05) -> None:
    """Poll `check` until it holds; fail saying `what` was awaited after `timeout` s."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(every)


@dataclass
class Worker:
    name: str
    proc: subprocess.Popen[str]
    port: int

    @property
    def pid(self) -> int:
        return self.proc.pid


class Fleet:
    """`count` server processes on `db` behind HAProxy on 127.0.0.1 (`front`)."""

    def __init__(self, db: str, count: int, tmp: Path, ttl: float = 2.0,
                 check_every: str = "200ms") -> None:
        self.db = db
        self.count = count
        self.tmp = tmp
        self.ttl = ttl
        self.check_every = check_every
        self.workers: dict[str, Worker] = {}
        self.haproxy: subprocess.Popen[bytes] | None = None
        self.front_port = 0
        self.stats = str(tmp / "haproxy.sock")

    @property
    def front(self) -> str:
        return f"ws://127.0.0.1:{self.front_port}"

    def room(self, code: str) -> str:
        return room_url(self.front, code)

    # --- starting and stopping ----------------------------------------------------------

    def start(self) -> None:
        binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
        if not Path(binary).exists():
            raise RuntimeError("HAProxy is not installed (apt-get install haproxy; .ci/run "
                               "installs it)")
        for i in range(1, self.count + 1):
            self.workers[f"w{i}"] = self._start_worker(f"w{i}")
        self.front_port = free_port()
        cfg = self.tmp / "haproxy.cfg"
        cfg.write_text(config(f"127.0.0.1:{self.front_port}",
                              [(w.name, f"127.0.0.1:{w.port}") for w in self.workers.values()],
                              inter=self.check_every, stats_socket=self.stats))
        with open(self.tmp / "haproxy.log", "wb") as log:  # the child keeps its own copy
            self.haproxy = subprocess.Popen([binary, "-db", "-f", str(cfg)],
                                            stdout=subprocess.DEVNULL, stderr=log)
        wait_for(self._front_healthy, "HAProxy in front of the servers")
        wait_for(lambda: all(s == "UP" for s in self.server_states().values()),
                 "HAProxy's health checks to pass")

    def _start_worker(self, name: str) -> Worker:
        with open(self.tmp / f"{name}.log", "w") as log:  # the child keeps its own copy
            proc = subprocess.Popen(
                [sys.executable, "-m", "triops", "serve", "--port", "0", "--db", self.db,
                 "--key", KEY, "--bot-delay", "0", "--lease", "--lease-ttl", str(self.ttl)],
                cwd=ROOT, stdout=subprocess.PIPE, stderr=log, text=True)
        assert proc.stdout is not None
        for line in proc.stdout:
            if "listening on ws://" in line:
                port = int(line.split("ws://")[1].split()[0].rsplit(":", 1)[1])
                return Worker(name, proc, port)
        raise AssertionError(f"server {name} did not start: see {self.tmp / (name + '.log')}")

    def _front_healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.front_port}/healthz",
                                        timeout=1) as reply:
                return bool(reply.status == 200)
        except OSError:
            return False

    def kill(self, name: str) -> None:
        """SIGKILL: what a crash, the OOM killer or a pulled plug does to a process."""
        worker = self.workers[name]
        os.kill(worker.pid, signal.SIGKILL)
        worker.proc.wait(10)

    def stop(self) -> None:
        if self.haproxy is not None and self.haproxy.poll() is None:
            self.haproxy.terminate()
            self.haproxy.wait(10)
        for worker in self.workers.values():
            if worker.proc.poll() is None:
                worker.proc.terminate()
        for worker in self.workers.values():
            worker.proc.wait(10)

    # --- looking in -------------------------------------------------------------------------

    def haproxy_says(self, command: str) -> str:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.connect(self.stats)
            sock.sendall(command.encode() + b"\n")
            out = b""
            while chunk := sock.recv(65536):
                out += chunk
        return out.decode()

    def server_states(self) -> dict[str, str]:
        """Each server's state as HAProxy sees it: "UP" or "DOWN" (from `show stat`)."""
        lines = self.haproxy_says("show stat").splitlines()
        header = lines[0].lstrip("# ").split(",")
        states = {}
        for line in lines[1:]:
            row = dict(zip(header, line.split(","), strict=False))
            if row.get("pxname") == "triops" and row.get("svname", "").startswith("w"):
                states[row["svname"]] = row["status"].split()[0]
        return states

    def owner(self, game_id: str) -> str | None:
        """The worker holding the game's lease now (by the pid in the lease's owner)."""
        holder = lease_owner(self.db, game_id)
        if holder is None:
            return None
        pid = int(holder.split(":")[1])
        return next((w.name for w in self.workers.values() if w.pid == pid), holder)


def lease_owner(db: str, game_id: str) -> str | None:
    """Who holds a game's lease in the store (expired or not), or None."""
    if db.startswith(("postgresql://", "postgres://")):
        import psycopg

        with psycopg.connect(db) as conn:
            row = conn.execute("SELECT owner FROM leases WHERE game_id = %s",
                               (game_id,)).fetchone()
    else:
        with sqlite3.connect(db) as raw:
            row = raw.execute("SELECT owner FROM leases WHERE game_id = ?",
                              (game_id,)).fetchone()
    return None if row is None else str(row[0])
