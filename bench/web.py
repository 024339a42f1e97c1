"""Browser sessions on one machine: memory per session, time to first screen, responsiveness.

    python bench/web.py --sessions 30
    python bench/web.py --sessions 10 30 60      # several runs, one table

Starts a real `triops serve` and `triops web`, then opens N sessions the way a browser
does (GET the join link, open the page's WebSocket, send the terminal size, read the
terminal bytes), all at once, as a room does when the facilitator shares the link. Each
session is one app subprocess on the server (textual-serve's model), so the figures are
the server's, not a browser's: headless Chromium would add its own cost on the client side
only. Every session then joins a seat (types a name, presses Enter), the game starts, and a
sample of sessions sends a chat message and waits to see it on its own screen.

Reports: time to first screen (the join screen drawn) p50/p95/max; time to join; chat
key-to-screen p50/max; RSS and PSS per session (PSS shares the interpreter's common pages
fairly, so N x PSS is what N sessions really cost); the web server's own RSS; CPU use of
the sessions while the game clock ticks. Linux only (/proc).
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.web.cdp import terminal_text
from tests.web.procs import KEY, Web, game_server, web_server
from triops.client.transport import Connection

ROLES = ("dataops", "mlops", "finops")
WIDTH, HEIGHT = 120, 36  # about a 1280 x 720 browser window at the default font size
CLOCK_TICKS = 100        # Linux USER_HZ, for /proc/<pid>/stat times


@dataclass
class Session:
    http: aiohttp.ClientSession
    ws: aiohttp.ClientWebSocketResponse | None = None
    screen: bytearray = field(default_factory=bytearray)
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    reader: asyncio.Task[None] | None = None

    async def open(self, url: str) -> None:
        async with self.http.get(url) as reply:
            page = await reply.text()
            if reply.status != 200:
                raise RuntimeError(f"{reply.status}: {page[:200]}")
        found = re.search(r'data-session-websocket-url="([^"]+)"', page)
        assert found, page
        self.ws = await self.http.ws_connect(f"{found.group(1)}?width={WIDTH}&height={HEIGHT}",
                                             max_msg_size=0)
        await self.ws.send_json(["resize", {"width": WIDTH, "height": HEIGHT}])
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.ws is not None
        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.screen += message.data
                self.changed.set()

    async def wait_text(self, needle: str, since: int = 0, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while needle not in terminal_text(bytes(self.screen[since:])):
            self.changed.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{needle!r} not on screen")
            await asyncio.wait_for(self.changed.wait(), left)

    async def keys(self, text: str) -> None:
        assert self.ws is not None
        await self.ws.send_json(["stdin", text])

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self.reader is not None:
            self.reader.cancel()
        await self.http.close()


def sessions_memory(web: Web) -> tuple[list[int], list[int]]:
    """RSS and PSS (bytes) of each session's process tree under the web server."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        found = re.search(r"^PPid:\s+(\d+)", status, re.M)
        if found:
            parents[int(entry.name)] = int(found.group(1))
    tops = [pid for pid, ppid in parents.items() if ppid == web.process.pid]
    rss, pss = [], []
    for top in tops:
        tree = [top] + [p for p in parents if _under(p, top, parents)]
        rss.append(sum(_field(p, "status", "VmRSS") for p in tree))
        pss.append(sum(_field(p, "smaps_rollup", "Pss") for p in tree))
    return rss, pss


def _under(pid: int, top: int, parents: dict[int, int]) -> bool:
    while pid > 1:
        pid = parents.get(pid, 0)
        if pid == top:
            return True
    return False


def _field(pid: int, name: str, key: str) -> int:
    try:
        text = Path(f"/proc/{pid}/{name}").read_text()
    except OSError:
        return 0
    found = re.search(rf"^{key}:\s+(\d+) kB", text, re.M)
    return int(found.group(1)) * 1024 if found else 0


def cpu_seconds(web: Web) -> float:
    """User + system CPU of the web server and all its descendants, so far."""
    total = 0.0
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parts = stat[stat.rindex(")") + 2:].split()
        pid = int(entry.name)
        if pid == web.process.pid or _descends(pid, web.process.pid):
            total += (int(parts[11]) + int(parts[12])) / CLOCK_TICKS
    return total


def _descends(pid: int, ancestor: int) -> bool:
    for _ in range(4):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return False
        found = re.search(r"^PPid:\s+(\d+)", status, re.M)
        pid = int(found.group(1)) if found else 0
        if pid == ancestor:
            return True
        if pid <= 1:
            return False
    return False


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def create_games(ws_url: str, sessions: int) -> list[tuple[str, str, Connection]]:
    """Games of up to 12 teams of three, all seats for people; (code, token, facilitator)."""
    games: list[tuple[str, str, Connection]] = []
    left = sessions
    while left > 0:
        teams = min(12, -(-left // 3))
        fac = await Connection.open(ws_url)
        created = await fac.request({"type": "create_game", "key": KEY, "seed": len(games),
                                     "scenario": "retail-novice", "bots": "none",
                                     "teams": [f"T{n + 1}" for n in range(teams)],
                                     "clock": {"setup_seconds": 600}})
        await fac.send({"type": "facilitate", "code": created["code"],
                        "token": created["facilitator_token"]})
        await fac.until(lambda m: m["type"] == "state")
        games.append((created["code"], created["facilitator_token"], fac))
        left -= teams * 3
    return games


async def measure(n: int, tmp: Path) -> dict[str, Any]:
    with game_server(tmp) as ws_url, \
            web_server(tmp, ws_url, "--max-sessions", str(n + 5)) as web:
        games = await create_games(ws_url, n)
        links = []
        for code, _, _ in games:
            for i in range(36):
                links.append(f"{web.base}/play?code={code}&team=T{i // 3 + 1}"
                             f"&role={ROLES[i % 3]}")
        links = links[:n]
        sessions = [Session(aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)))
                    for _ in range(n)]

        async def first_screen(s: Session, link: str) -> float:
            t0 = time.perf_counter()
            await s.open(link)
            await s.wait_text("join your team")
            return time.perf_counter() - t0

        first = await asyncio.gather(*(first_screen(s, link) for s, link in
                                       zip(sessions, links, strict=True)))
        idle_rss, _ = sessions_memory(web)

        async def join(s: Session, i: int) -> float:
            mark = len(s.screen)
            t0 = time.perf_counter()
            await s.keys(f"p{i}\r")
            await s.wait_text("You: ", since=mark)
            return time.perf_counter() - t0

        joins = await asyncio.gather(*(join(s, i) for i, s in enumerate(sessions)))
        marks = [len(s.screen) for s in sessions]
        for _, _, fac in games:
            await fac.act({"type": "start_game"})
        await asyncio.gather(*(s.wait_text("Setup", since=m) for s, m in
                               zip(sessions, marks, strict=True)))

        # Busy: the setup clock ticks on every screen; measure CPU over 10 s.
        cpu0, w0 = cpu_seconds(web), time.perf_counter()
        await asyncio.sleep(10)
        cpu_share = (cpu_seconds(web) - cpu0) / (time.perf_counter() - w0)
        rss, pss = sessions_memory(web)

        # Key to screen: sample sessions write to their team chat, one after another.
        chat: list[float] = []
        echo: list[float] = []
        for i, s in enumerate(sessions[:: max(1, n // 10)]):
            await s.keys("c")
            await asyncio.sleep(0.2)  # the chat field takes the focus
            # short: a longer line could wrap in the narrow chat column and not be found
            mark = len(s.screen)
            t0 = time.perf_counter()
            await s.keys(f"zq{i}x")                       # typed: echoed in the field
            await s.wait_text(f"zq{i}x", since=mark, timeout=20)
            echo.append(time.perf_counter() - t0)
            mark = len(s.screen)
            t0 = time.perf_counter()
            await s.keys("\r")                           # sent: back from the game server
            await s.wait_text(f"): zq{i}x", since=mark, timeout=20)
            chat.append(time.perf_counter() - t0)
            await s.keys("\x1b")

        web_rss = _field(web.process.pid, "status", "VmRSS")
        for s in sessions:
            await s.close()
        for _, _, fac in games:
            await fac.close()
    mib = 1024 * 1024
    return {
        "sessions": n, "first_p50": statistics.median(first), "first_p95": pct(first, 0.95),
        "first_max": max(first), "join_p50": statistics.median(joins),
        "join_max": max(joins), "chat_p50": statistics.median(chat), "chat_max": max(chat),
        "echo_p50": statistics.median(echo), "echo_max": max(echo),
        "idle_rss": statistics.mean(idle_rss) / mib, "rss": statistics.mean(rss) / mib,
        "pss": statistics.mean(pss) / mib, "total_pss": sum(pss) / mib,
        "web_rss": web_rss / mib, "cpu": cpu_share, "measured": len(rss),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[30])
    args = parser.parse_args()
    if not Path("/proc/self/smaps_rollup").exists():
        print("bench/web.py reads /proc: Linux only")
        return 2
    rows = []
    for n in args.sessions:
        with tempfile.TemporaryDirectory() as tmp:
            print(f"--- {n} sessions", flush=True)
            rows.append(asyncio.run(measure(n, Path(tmp))))
            r = rows[-1]
            print(f"first screen p50 {r['first_p50']:.2f} s p95 {r['first_p95']:.2f} s max "
                  f"{r['first_max']:.2f} s; join p50 {r['join_p50']:.2f} s max "
                  f"{r['join_max']:.2f} s; key to screen p50 {r['echo_p50'] * 1000:.0f} ms max "
                  f"{r['echo_max'] * 1000:.0f} ms; chat message round trip p50 "
                  f"{r['chat_p50'] * 1000:.0f} ms max {r['chat_max'] * 1000:.0f} ms",
                  flush=True)
            print(f"per session: RSS {r['rss']:.0f} MiB (at the join screen "
                  f"{r['idle_rss']:.0f} MiB), PSS {r['pss']:.0f} MiB; all sessions PSS "
                  f"{r['total_pss']:.0f} MiB; web server RSS {r['web_rss']:.0f} MiB; CPU "
                  f"while clocks tick {r['cpu']:.2f} cores ({r['measured']} trees measured)",
                  flush=True)
    print()
    print("| sessions | first screen p50 / p95 / max | join p50 / max | key→screen p50 / max "
          "| chat round trip p50 / max | RSS/session | PSS/session | total PSS | CPU (cores) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['sessions']} | {r['first_p50']:.2f} / {r['first_p95']:.2f} / "
              f"{r['first_max']:.2f} s | {r['join_p50']:.2f} / {r['join_max']:.2f} s | "
              f"{r['echo_p50'] * 1000:.0f} / {r['echo_max'] * 1000:.0f} ms | "
              f"{r['chat_p50'] * 1000:.0f} / {r['chat_max'] * 1000:.0f} ms | "
              f"{r['rss']:.0f} MiB | {r['pss']:.0f} MiB | {r['total_pss']:.0f} MiB | "
              f"{r['cpu']:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
