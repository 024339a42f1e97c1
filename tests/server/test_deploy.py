"""`triops serve --workers N --haproxy`, and the HAProxy configuration shipped for several
hosts (deploy/haproxy.cfg): valid for HAProxy itself, and routing as the generated one does."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

from tests.server.cluster import KEY, ROOT, free_port, wait_for
from triops.cli.haproxy import config
from triops.client.transport import Connection
from triops.protocol import room_url

HAPROXY = "/usr/sbin/haproxy"


def haproxy_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([HAPROXY, "-c", "-L", "lb1", "-f", str(path)], capture_output=True,
                          text=True, timeout=30)


def routing(text: str) -> list[str]:
    """The backend lines that decide where a connection goes, and the checks."""
    keep = ("balance", "hash-type", "stick", "option httpchk", "http-check", "option redispatch",
            "timeout tunnel")
    return [re.sub(r"\s+peers \w+$", "", line.strip()) for line in text.splitlines()
            if line.strip().startswith(keep)]


def test_the_shipped_configuration_is_valid_and_routes_as_the_generated_one(
        tmp_path: Path) -> None:
    shipped = ROOT / "deploy" / "haproxy.cfg"
    done = haproxy_check(shipped)
    assert done.returncode == 0, done.stdout + done.stderr
    generated = tmp_path / "generated.cfg"
    generated.write_text(config("127.0.0.1:1", [("w1", "127.0.0.1:2")], stats_socket=str(
        tmp_path / "s.sock")))
    done = haproxy_check(generated)
    assert done.returncode == 0, done.stdout + done.stderr
    assert routing(shipped.read_text()) == routing(generated.read_text())


def test_serve_workers_runs_the_processes_behind_haproxy_and_stops_them(tmp_path: Path) -> None:
    port = free_port()
    cfg = tmp_path / "haproxy.cfg"
    proc = subprocess.Popen(
        [sys.executable, "-m", "triops", "serve", "--workers", "2", "--haproxy", "--port",
         str(port), "--db", str(tmp_path / "games.sqlite3"), "--key", KEY,
         "--haproxy-config", str(cfg)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True)
    try:
        assert proc.stdout is not None
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("Stop with"):
                break
        out = "".join(lines)
        assert f"listening on ws://127.0.0.1:{port}" in out, out
        assert f"ports {port + 1}-{port + 2}" in out and f"Facilitator key: {KEY}" in out
        assert f"server w2 127.0.0.1:{port + 2}" in cfg.read_text()

        async def play() -> set[str]:
            """Games created through HAProxy and followed at their addresses, wherever
            their hash sends them."""
            front = f"ws://127.0.0.1:{port}"
            served = set()
            for _ in range(6):
                conn = await Connection.open(front)
                created = await conn.request({"type": "create_game", "key": KEY,
                                              "scenario": "retail-novice", "teams": ["Red"]})
                await conn.close()
                fac = await Connection.open(room_url(front, created["code"]))
                await fac.send({"type": "facilitate", "code": created["code"],
                                "token": created["facilitator_token"]})
                await fac.until(lambda m: m["type"] == "state")
                await fac.act({"type": "start_game"})
                await fac.close()
                served.add(created["code"])
            return served

        assert len(asyncio.run(asyncio.wait_for(play(), 60))) == 6
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        code = proc.wait(30)
    assert code == 0
    # Nothing is left behind: no worker and no HAProxy of this run listens any more.
    wait_for(lambda: _nothing_listens(port), "every process to stop", 10)


def _nothing_listens(port: int) -> bool:
    import socket

    for p in (port, port + 1, port + 2):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", p)) == 0:
                return False
    return True


def test_serve_workers_says_why_its_processes_cannot_start(tmp_path: Path) -> None:
    port = free_port()
    nowhere = f"postgresql://triops@127.0.0.1:{free_port()}/triops"  # nothing listens there
    done = subprocess.run(
        [sys.executable, "-m", "triops", "serve", "--workers", "2", "--port", str(port),
         "--db", nowhere, "--haproxy-config", str(tmp_path / "haproxy.cfg")],
        cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "[w1] triops serve:" in done.stdout or "[w2] triops serve:" in done.stdout, \
        done.stdout
    assert "the server processes did not start" in done.stdout
