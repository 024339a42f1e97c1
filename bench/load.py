"""Server load: N clients in M rooms playing at a given rate, against the bare websockets +
msgpack floor (bench/floor_server.py), one `triops serve` process and, when the server has
`--workers`, several processes behind HAProxy: all in the same run, one after the other.

Reports per configuration: connections held, action latency (send -> ack) p50/p99/max,
turn resolution latency (force_resolve -> every member of the room sees the review), the
server processes' CPU per action (all of them together, and its ratio to the floor's),
HAProxy's CPU per action (separately), and the server processes' memory per connected
client.

    python bench/load.py --clients 2000 --rooms 100 --rate 1000 --seconds 20
    python bench/load.py --clients 200 --rooms 10 --rate 100 --seconds 10   # a quick look
    python bench/load.py --configs floor,one                              # without HAProxy

Targets (docs/targets.md): 2,000 clients, p99 <= 20 ms at 1,000 actions/s (with two
processes), CPU per action <= 2x the floor, <= 64 KiB per client, turn resolution p99 <=
100 ms. Every TriOps connection about a game opens the game's address (/room/CODE), as the
apps do, so HAProxy can route it; a game is created on any process.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgpack
from websockets.asyncio.client import ClientConnection, connect

from triops.protocol import PROTOCOL_VERSION

ROOT = Path(__file__).resolve().parents[1]
KEY = "bench-key"
TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class Member:
    ws: ClientConnection
    role: str  # player | facilitator | spectator
    pending: dict[str, float] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    waiting_review: float | None = None
    review_latency: float | None = None
    reader: asyncio.Task[None] | None = None


@dataclass
class Room:
    code: str
    members: list[Member]
    based_on: int = 0


def pack(message: dict[str, Any]) -> bytes:
    out: bytes = msgpack.packb(message, use_bin_type=True)
    return out


async def reader(member: Member) -> None:
    try:
        async for frame in member.ws:
            message = msgpack.unpackb(frame, raw=False, strict_map_key=False)
            kind = message.get("type")
            if kind == "ack" or kind == "error":
                sent = member.pending.pop(str(message.get("action_id")), None)
                if sent is not None and kind == "ack":
                    member.latencies.append(time.perf_counter() - sent)
            elif kind == "update" and member.waiting_review is not None and any(
                    e.get("kind") == "phase" for e in message.get("events", [])):
                    member.review_latency = time.perf_counter() - member.waiting_review
                    member.waiting_review = None
    except Exception:
        return


VERSIONS: dict[int, int] = {}  # connection -> the game version its latest view showed


def _note_version(ws: ClientConnection, message: dict[str, Any]) -> None:
    view = message.get("view")
    if view:
        VERSIONS[id(ws)] = int(view["game"]["version"])
    for op in message.get("patch") or ():  # updates carry what changed (docs/protocol.md)
        if op[0] == "s" and op[1] == ["game", "version"]:
            VERSIONS[id(ws)] = int(op[2])


async def request(ws: ClientConnection, message: dict[str, Any], want: str) -> dict[str, Any]:
    await ws.send(pack(message))
    while True:
        reply = msgpack.unpackb(await ws.recv(), raw=False, strict_map_key=False)
        _note_version(ws, reply)
        if reply.get("type") in (want, "error"):
            if reply["type"] == "error":
                raise RuntimeError(f"{message['type']}: {reply}")
            return dict(reply)


async def open_ws(url: str) -> ClientConnection:
    ws = await connect(url, compression=None, max_size=None, open_timeout=30,
                       ping_interval=None)
    await request(ws, {"type": "hello", "protocol": PROTOCOL_VERSION}, "welcome")
    return ws


async def setup_triops(url: str, rooms: int, per_room: int) -> list[Room]:
    out = []
    seats = per_room - 2  # one facilitator and one spectator per room
    teams = max(1, -(-seats // 3))
    for r in range(rooms):
        creator = await open_ws(url)  # a game may be created on any process
        created = await request(creator, {"type": "create_game", "key": KEY,
                                          "scenario": "retail-novice", "seed": r,
                                          "bots": "none",
                                          "teams": [f"Team {n + 1}" for n in range(teams)]},
                                "game_created")
        await creator.close()
        room_url = f"{url}/room/{created['code']}"  # where every connection about it goes
        fac = await open_ws(room_url)
        await request(fac, {"type": "facilitate", "code": created["code"],
                            "token": created["facilitator_token"]}, "state")
        members = [Member(fac, "facilitator")]
        for s in range(seats):
            ws = await open_ws(room_url)
            await request(ws, {"type": "join", "code": created["code"], "team": f"t{s // 3 + 1}",
                               "role": ("dataops", "mlops", "finops")[s % 3],
                               "name": f"p{s}"}, "state")
            members.append(Member(ws, "player"))
        spectator = await open_ws(room_url)
        await request(spectator, {"type": "spectate", "code": created["code"]}, "state")
        members.append(Member(spectator, "spectator"))
        for command in ("start_game", "force_resolve", "advance"):
            await _facilitator_step(fac, command)
        room = Room(created["code"], members)
        room.based_on = await _version(fac)
        out.append(room)
    return out


async def _facilitator_step(fac: ClientConnection, command: str) -> None:
    version = await _version(fac)
    await request(fac, {"type": "action", "action_id": f"setup-{command}", "based_on": version,
                        "command": {"type": command}}, "ack")


async def _version(fac: ClientConnection) -> int:
    """The game's version, from the latest view the facilitator has received."""
    while True:
        try:
            frame = await asyncio.wait_for(fac.recv(), 0.05)
        except TimeoutError:
            return VERSIONS.get(id(fac), 0)
        _note_version(fac, msgpack.unpackb(frame, raw=False, strict_map_key=False))


async def setup_floor(url: str, rooms: int, per_room: int) -> list[Room]:
    out = []
    for r in range(rooms):
        members = []
        for n in range(per_room):
            ws = await open_ws(url)
            await request(ws, {"type": "join", "code": f"room{r}"}, "joined")
            members.append(Member(ws, "player" if 0 < n < per_room - 1 else "facilitator"))
        out.append(Room(f"room{r}", members))
    return out


async def drive(rooms: list[Room], rate: float, seconds: float) -> int:
    for room in rooms:
        for member in room.members:
            member.reader = asyncio.get_running_loop().create_task(reader(member))
    players = [(room, m) for room in rooms for m in room.members if m.role == "player"]
    await asyncio.sleep(0.5)  # the readers take their first turn before the clock starts
    sent = slots = 0
    start = time.perf_counter()
    n = 0
    burst = max(1, int(rate * 0.02))  # at most 20 ms of actions at once
    while (now := time.perf_counter()) - start < seconds:
        due = int((now - start) * rate) - slots
        if due > burst:  # this process fell behind (its own loop stalled): 2,000 people
            slots += due - burst  # would not all act at once afterwards, so skip, not burst
            due = burst
        slots += max(0, due)
        for _ in range(max(0, due)):
            room, member = players[n % len(players)]
            n += 1
            action_id = f"x{sent}"
            member.pending[action_id] = time.perf_counter()
            await member.ws.send(pack({"type": "action", "action_id": action_id,
                                       "based_on": room.based_on,
                                       "command": {"type": "chat", "text": f"status {sent}"}}))
            sent += 1
        await asyncio.sleep(0.005)
    await asyncio.sleep(1.0)  # let the last acks arrive
    return sent


async def resolve_turns(rooms: list[Room]) -> list[float]:
    for room in rooms:
        fac = room.members[0]
        start = time.perf_counter()
        for member in room.members:
            member.waiting_review = start
        await fac.ws.send(pack({"type": "action", "action_id": "resolve", "based_on":
                                room.based_on, "command": {"type": "force_resolve"}}))
        await asyncio.sleep(0.05)
    await asyncio.sleep(2.0)
    return [m.review_latency for room in rooms for m in room.members
            if m.review_latency is not None]


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:  # gone
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def rss_kib(pid: int) -> int:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except FileNotFoundError:
        return 0
    for line in lines:
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def children(pid: int) -> list[int]:
    """The processes `pid` started (the workers and HAProxy of `triops serve --workers`)."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def command_name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


@dataclass
class Servers:
    """The processes of one configuration: the server processes, and HAProxy if any."""

    proc: subprocess.Popen[str]
    url: str

    def server_pids(self) -> list[int]:
        return [self.proc.pid, *(p for p in children(self.proc.pid)
                                 if command_name(p) != "haproxy")]

    def haproxy_pids(self) -> list[int]:
        return [p for p in children(self.proc.pid) if command_name(p) == "haproxy"]

    def cpu(self) -> tuple[float, float]:
        return (sum(cpu_seconds(p) for p in self.server_pids()),
                sum(cpu_seconds(p) for p in self.haproxy_pids()))

    def rss(self) -> int:
        return sum(rss_kib(p) for p in self.server_pids())

    def stop(self) -> None:
        self.proc.terminate()  # `--workers` stops its processes and HAProxy with it
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


def start(cmd: list[str]) -> tuple[subprocess.Popen[str], str]:
    """Start a server; its process and the host:port it listens on."""
    servers = launch(cmd)
    return servers.proc, servers.url.removeprefix("ws://")


def launch(cmd: list[str]) -> Servers:
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if "ws://" in line:
            where = line.split("ws://")[1].split()[0].rstrip(".")
            # keep reading its output, so a full pipe never blocks it
            threading.Thread(target=proc.stdout.read, daemon=True).start()
            return Servers(proc, f"ws://{where}")
    raise RuntimeError(f"{cmd} did not start")


def free_ports(count: int) -> int:
    """A port P with P..P+count-1 all free (HAProxy on P, the processes after it)."""
    for _ in range(200):
        base = random.randrange(20000, 60000 - count)
        socks = []
        try:
            for port in range(base, base + count):
                sock = socket.socket()
                socks.append(sock)
                sock.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for sock in socks:
                sock.close()
    raise RuntimeError("no free ports")


def has_workers() -> bool:
    """Whether this `triops serve` can run several processes behind HAProxy."""
    found = subprocess.run([sys.executable, "-m", "triops", "serve", "--help"], cwd=ROOT,
                           capture_output=True, text=True, check=False)
    return "--workers" in found.stdout and shutil.which("haproxy") is not None


def command(kind: str, args: argparse.Namespace, tmp: Path) -> list[str]:
    serve = [sys.executable, "-m", "triops", "serve", "--key", KEY, "--bot-delay", "0"]
    if kind == "floor":
        return [sys.executable, str(ROOT / "bench" / "floor_server.py"), "0"]
    if kind == "one":
        return [*serve, "--port", "0", "--db", str(tmp / "one.sqlite3")]
    port = free_ports(args.processes + 1)
    return [*serve, "--port", str(port), "--db", args.db or str(tmp / "several.sqlite3"),
            "--workers", str(args.processes), "--haproxy",
            "--haproxy-config", str(tmp / "haproxy.cfg")]


async def answering(url: str, within: float = 30.0) -> None:
    """Wait until the server (or HAProxy in front) greets a connection: HAProxy may refuse
    the first ones for a moment after it says it listens."""
    deadline = time.monotonic() + within
    while True:
        try:
            ws = await open_ws(url)
        except OSError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.1)
            continue
        await ws.close()
        return


async def run_one(kind: str, args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    servers = launch(command(kind, args, tmp))
    VERSIONS.clear()
    try:
        await answering(servers.url)
        rss_before = servers.rss()
        setup = setup_floor if kind == "floor" else setup_triops
        rooms = await setup(servers.url, args.rooms, args.clients // args.rooms)
        held = sum(len(r.members) for r in rooms)
        await asyncio.sleep(1.0)
        rss_idle = servers.rss()
        cpu0, proxy0 = servers.cpu()
        own0 = time.process_time()
        sent = await drive(rooms, args.rate, args.seconds)
        own = time.process_time() - own0
        cpu1, proxy1 = servers.cpu()
        turns = await resolve_turns(rooms) if kind != "floor" else []
        latencies = sorted(x for r in rooms for m in r.members for x in m.latencies)
        for room in rooms:
            for member in room.members:
                await member.ws.close()
        acked = max(1, len(latencies))
        return {"held": held, "sent": sent, "acked": len(latencies),
                "p50": _pct(latencies, 50), "p99": _pct(latencies, 99),
                "max": latencies[-1] * 1000 if latencies else float("nan"),
                "cpu_per_action_us": (cpu1 - cpu0) / acked * 1e6,
                "proxy_per_action_us": (proxy1 - proxy0) / acked * 1e6,
                "client_cores": own / (args.seconds + 1.0),
                "processes": len(servers.server_pids()),
                "kib_per_client": (rss_idle - rss_before) / max(1, held),
                "turn_p99": _pct(sorted(turns), 99), "turns": len(turns)}
    finally:
        servers.stop()


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    k = min(len(values) - 1, round(p / 100 * (len(values) - 1)))
    return values[k] * 1000


NAMES = {"floor": "floor", "one": "1 process", "two": "{n} + HAProxy"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--rooms", type=int, default=10)
    parser.add_argument("--rate", type=float, default=100.0, help="actions per second, total")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--configs", default="floor,one,two",
                        help="which to run, in order: floor, one (one process), two (several "
                        "processes behind HAProxy; skipped, with a note, when the server has "
                        "no --workers or HAProxy is not installed)")
    parser.add_argument("--processes", type=int, default=2,
                        help="server processes behind HAProxy in the 'two' configuration")
    parser.add_argument("--db", default=None,
                        help="the store of the 'two' configuration (default: an SQLite file "
                        "the processes share; a postgresql:// URL for PostgreSQL)")
    args = parser.parse_args()
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))
    kinds = [k.strip() for k in args.configs.split(",") if k.strip()]
    if "floor" not in kinds:
        kinds.insert(0, "floor")  # every ratio is to the floor measured in the same run
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind in kinds:
            if kind == "two" and not has_workers():
                print("(two processes behind HAProxy skipped: this `triops serve` has no "
                      "--workers, or HAProxy is not installed)")
                continue
            results[kind] = asyncio.run(run_one(kind, args, Path(tmp)))
    print(f"load: {args.clients} clients in {args.rooms} rooms, {args.rate:.0f} actions/s for "
          f"{args.seconds:.0f} s")
    print(f"{'':22}{'held':>6}{'sent':>7}{'acked':>7}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}"
          f"{'CPU/action':>12}{'x floor':>9}{'HAProxy':>10}{'KiB/client':>12}{'turn p99':>10}"
          f"{'bench':>7}")
    floor = results["floor"]["cpu_per_action_us"]
    for kind, r in results.items():
        name = NAMES[kind].format(n=f"{args.processes} processes")
        proxy = f"{r['proxy_per_action_us']:.0f}us" if kind == "two" else "-"
        turn = f"{r['turn_p99']:.1f}" if kind != "floor" else "-"
        print(f"{name:22}{r['held']:>6}{r['sent']:>7}{r['acked']:>7}{r['p50']:>9.1f}{r['p99']:>9.1f}"
              f"{r['max']:>9.1f}{r['cpu_per_action_us']:>10.0f}us"
              f"{r['cpu_per_action_us'] / max(1e-9, floor):>8.1f}x{proxy:>10}"
              f"{r['kib_per_client']:>12.1f}{turn:>10}{r['client_cores']:>7.2f}")
    print("CPU/action: every server process of the configuration together (HAProxy apart); "
          "target <= 2x the floor. p99 target <= 20 ms with two processes; turn p99 (ms, "
          "force_resolve -> every member sees the review) <= 100 ms; <= 64 KiB per client. "
          "bench: the cores this load generator used meanwhile (it shares the machine).")


if __name__ == "__main__":
    main()
