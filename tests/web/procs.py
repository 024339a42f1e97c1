"""Real `triops serve` and `triops web` subprocesses on 127.0.0.1 ephemeral ports."""

from __future__ import annotations

import contextlib
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KEY = "web-test-key-0123456789"


class Output:
    """A process's output lines, read by a thread (a full pipe would block the process)."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self.queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, args=(process,), daemon=True).start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        with contextlib.suppress(ValueError, OSError):
            for line in process.stdout:
                self.lines.append(line)
                self.queue.put(line)
        self.queue.put(None)

    def until(self, pattern: str, timeout: float = 20.0) -> re.Match[str]:
        """Wait for a line matching `pattern`."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.queue.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                raise AssertionError(f"process ended; it printed: {''.join(self.lines)}")
            found = re.search(pattern, line)
            if found:
                return found
        raise AssertionError(f"no line matching {pattern!r} in {timeout} s: "
                             f"{''.join(self.lines)}")


def start(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    environment = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    return subprocess.Popen([sys.executable, "-m", "triops", *args], cwd=ROOT, env=environment,
                            text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stdout is not None:
        process.stdout.close()


@contextlib.contextmanager
def game_server(tmp: Path) -> Iterator[str]:
    """`triops serve` on an ephemeral port; yields its ws:// URL."""
    process = start("serve", "--port", "0", "--db", str(tmp / "games.sqlite3"), "--key", KEY,
                    "--bot-delay", "0")
    try:
        found = Output(process).until(r"listening on (ws://127\.0\.0\.1:\d+)")
        yield found.group(1)
    finally:
        stop(process)


@dataclass
class Web:
    base: str                          # http://127.0.0.1:PORT
    process: subprocess.Popen[str]
    output: Output

    def children(self, module: str) -> list[int]:
        """Pids of this server's descendants whose command line names `module` (Linux)."""
        parents: dict[int, int] = {}
        argvs: dict[int, list[bytes]] = {}
        for entry in Path("/proc").glob("[0-9]*"):
            with contextlib.suppress(OSError, AttributeError):
                status = (entry / "status").read_text()
                ppid = re.search(r"^PPid:\s+(\d+)", status, re.M)
                parents[int(entry.name)] = int(ppid.group(1))  # type: ignore[union-attr]
                argvs[int(entry.name)] = (entry / "cmdline").read_bytes().split(b"\0")

        def descends(pid: int) -> bool:
            while pid > 1:
                pid = parents.get(pid, 0)
                if pid == self.process.pid:
                    return True
            return False

        return [pid for pid, argv in argvs.items()
                if module.encode() in argv and descends(pid)]


@contextlib.contextmanager
def web_server(tmp: Path, server: str, *extra: str, key: bool = True,
               env: dict[str, str] | None = None) -> Iterator[Web]:
    """`triops web` on an ephemeral port."""
    args = ["web", "--port", "0", "--server", server, "--state-dir", str(tmp / "web"),
            "--reports", str(tmp / "reports"), *(["--key", KEY] if key else []), *extra]
    # XDG_DATA_HOME: the console saves its games' tokens there, never in the real home
    process = start(*args, env={"XDG_DATA_HOME": str(tmp / "xdg"), **(env or {})})
    try:
        output = Output(process)
        found = output.until(r"TriOps web on (http://127\.0\.0\.1:\d+)")
        yield Web(found.group(1), process, output)
    finally:
        stop(process)
