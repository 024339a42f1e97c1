"""`triops serve --workers N`: N server processes on one host, sharing one store.

Process i listens on `--port` + i; each serves the rooms it holds the lease of
(`--lease`). An HAProxy configuration for them is written (and, with `--haproxy`, HAProxy
itself is run on `--port`): it routes every connection of a game to one process by the
game's address. A process that dies is started again; meanwhile HAProxy sends its games to
the others, which take their leases once they lapse. SIGTERM or Ctrl-C stops them all.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import shutil
import signal
import sys
import time
from pathlib import Path

from triops.cli.haproxy import config

RESTART_PAUSE = 1.0  # seconds before a process that died is started again


def worker_argv(args: argparse.Namespace, port: int) -> list[str]:
    """The command line of one worker: `triops serve` on its own port, under leases."""
    argv = [sys.executable, "-m", "triops", "serve", "--host", args.worker_host,
            "--port", str(port), "--lease", "--lease-ttl", str(args.lease_ttl),
            "--bot-delay", str(args.bot_delay)]
    if args.db is not None:
        argv += ["--db", str(args.db)]
    if args.key:
        argv += ["--key", args.key]
    return argv


class Workers:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.ports = [args.port + i for i in range(1, args.workers + 1)]
        self.procs: dict[int, asyncio.subprocess.Process] = {}
        self.stopping = False
        self.ready = asyncio.Event()
        self.failed = asyncio.Event()  # a process exited before it was ever ready
        self.started: set[int] = set()
        self.key = ""

    def haproxy_config(self) -> str:
        return config(f"{self.args.host}:{self.args.port}",
                      [(f"w{i}", f"{self.args.worker_host}:{port}")
                       for i, port in enumerate(self.ports, 1)])

    async def keep(self, index: int, port: int) -> None:
        """Run worker `index`, and run it again whenever it dies, until stopped."""
        while not self.stopping:
            proc = await asyncio.create_subprocess_exec(
                *worker_argv(self.args, port), stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT, start_new_session=True)
            self.procs[port] = proc
            assert proc.stdout is not None
            async for raw in proc.stdout:
                line = raw.decode(errors="replace").rstrip()
                if line.startswith("Facilitator key: "):
                    self.key = line.split(": ", 1)[1]
                elif line.startswith("Stop with Ctrl-C"):  # the last line a ready server says
                    self.started.add(port)
                    if len(self.started) == len(self.ports):
                        self.ready.set()
                if self.args.verbose or "ERROR" in line or "Traceback" in line \
                        or line.startswith("triops serve:"):
                    print(f"[w{index}] {line}", flush=True)
            code = await proc.wait()
            if port not in self.started:  # it cannot start (a store to upgrade, a port taken)
                self.failed.set()
                return
            if not self.stopping:
                print(f"[w{index}] exited ({code}); starting it again", flush=True)
                await asyncio.sleep(RESTART_PAUSE)

    async def stop(self) -> None:
        self.stopping = True
        for proc in self.procs.values():
            if proc.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    proc.terminate()
        for proc in self.procs.values():
            with contextlib.suppress(Exception):
                await asyncio.wait_for(proc.wait(), 10)


async def supervise(args: argparse.Namespace) -> int:
    workers = Workers(args)
    cfg_path = Path(args.haproxy_config)
    cfg_path.parent.mkdir(parents=True, exist_ok=True)
    cfg_path.write_text(workers.haproxy_config(), encoding="utf-8")
    haproxy: asyncio.subprocess.Process | None = None
    loop = asyncio.get_running_loop()
    stop = loop.create_future()

    def stopped() -> None:
        if not stop.done():
            stop.set_result(None)

    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stopped)
    tasks = [loop.create_task(workers.keep(i, port))
             for i, port in enumerate(workers.ports, 1)]
    try:
        started = time.monotonic()
        ready = loop.create_task(workers.ready.wait())
        failed = loop.create_task(workers.failed.wait())
        await asyncio.wait({ready, failed, stop}, timeout=60,
                           return_when=asyncio.FIRST_COMPLETED)
        ready.cancel()
        failed.cancel()
        if stop.done():
            return 0
        if not workers.ready.is_set():
            print("triops serve: the server processes did not start"
                  + ("" if workers.failed.is_set() else " within 60 s"), flush=True)
            return 1
        if args.haproxy:
            binary = shutil.which("haproxy")
            if binary is None:
                print("triops serve: --haproxy needs HAProxy (apt-get install haproxy)")
                return 1
            haproxy = await asyncio.create_subprocess_exec(
                binary, "-db", "-f", str(cfg_path), start_new_session=True)
            if not await _listening(args.host, args.port, haproxy):
                print(f"triops serve: HAProxy did not start on port {args.port}", flush=True)
                return 1
        front = f"ws://{args.host}:{args.port}"
        print(f"TriOps: {len(workers.ports)} server processes on ports "
              f"{workers.ports[0]}-{workers.ports[-1]}, started in "
              f"{time.monotonic() - started:.1f} s")
        print(f"HAProxy configuration: {cfg_path}"
              + ("" if args.haproxy else f"  (run: haproxy -f {cfg_path})"))
        print(f"{'TriOps server listening on' if args.haproxy else 'Clients connect to'} "
              f"{front}  (through HAProxy)")
        print(f"Facilitator key: {workers.key}")
        print("Stop with Ctrl-C.", flush=True)
        waits: set[asyncio.Future[object]] = {stop}
        if haproxy is not None:
            waits.add(loop.create_task(haproxy.wait()))
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        if haproxy is not None and haproxy.returncode is not None:
            print(f"triops serve: HAProxy exited ({haproxy.returncode})", flush=True)
            return 1
        return 0
    finally:
        if haproxy is not None and haproxy.returncode is None:
            haproxy.terminate()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(haproxy.wait(), 10)
        await workers.stop()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def _listening(host: str, port: int, proc: asyncio.subprocess.Process,
                     within: float = 10.0) -> bool:
    """Whether `proc` (HAProxy) accepts connections on the port within `within` seconds."""
    host = "127.0.0.1" if host in ("0.0.0.0", "") else host
    deadline = time.monotonic() + within
    while time.monotonic() < deadline and proc.returncode is None:
        try:
            _, writer = await asyncio.open_connection(host, port)
        except OSError:
            await asyncio.sleep(0.05)
            continue
        writer.close()
        return True
    return False
