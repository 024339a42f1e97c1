"""The player client: key press to screen update, under load, and start-up time.

    python bench/client.py                  # the full run (about a minute)
    python bench/client.py --quick          # fewer samples

A real `triops serve` runs in a subprocess; a second subprocess plays a teammate who writes
in team chat `--rate` times a second, so the measured client receives an update (a view patch)
that often while the bots of its team play too. The measured client is the real PlayerApp,
headless at 100×30, in this process. Timings:

- key → paint: from posting a key press to the first screen update the app draws after
  it (the compositor's output, which a terminal then only has to write): switching work
  areas (1–7), opening and closing the help screen, and moving in a table.
- chat round trip: Enter in the chat line → the message is on screen, having gone to the
  server and come back in an update (the network and the server are in the loop).
- start-up: importing the app in a fresh interpreter, and a fresh process from launch to
  its first painted view of the game (interpreter, imports, connect, join, first render).

Targets (docs/targets.md, "Client"): a key press shows its effect in ≤ 100 ms; the app
starts in ≤ 2 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from triops.client.player import JoinRequest, PlayerApp, TokenStore  # noqa: E402
from triops.client.transport import Connection  # noqa: E402

KEY = "bench-key"


def start_server() -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "triops", "serve", "--port", "0", "--db", ":memory:", "--key",
         KEY, "--bot-delay", "0.2"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if "listening on ws://" in line:
            return proc, "ws://" + line.split("ws://")[1].split()[0]
    raise RuntimeError("the server did not start")


async def create_game(url: str, teams: int) -> tuple[Connection, dict[str, Any]]:
    fac = await Connection.open(url)
    created = await fac.request({"type": "create_game", "key": KEY, "scenario": "retail-novice",
                                 "teams": [f"Team {n + 1}" for n in range(teams)], "seed": 3,
                                 "bots": "competent"})
    await fac.send({"type": "facilitate", "code": created["code"],
                    "token": created["facilitator_token"]})
    await fac.until(lambda m: m["type"] == "state")
    return fac, created


def summary(name: str, samples: list[float], target: float | None = None) -> str:
    if not samples:
        return f"{name:34} (no samples)"
    ms = sorted(s * 1000 for s in samples)
    p50 = statistics.median(ms)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    verdict = ""
    if target is not None:
        verdict = "  ok" if p95 <= target else f"  OVER {target:.0f} ms"
    return (f"{name:34} n={len(ms):3}  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  "
            f"max {ms[-1]:6.1f} ms{verdict}")


# --- the load: a teammate who keeps talking ---------------------------------------------------

def spam(url: str, code: str, rate: float, seconds: float) -> None:
    async def run() -> None:
        conn = await Connection.open(url)
        await conn.request({"type": "join", "code": code, "team": "t1", "role": "finops",
                            "name": "Chatty"})
        await conn.until(lambda m: m["type"] == "state")

        async def drain() -> None:
            while True:
                await conn.recv(3600)
        reader = asyncio.create_task(drain())
        end = time.monotonic() + seconds
        n = 0
        while time.monotonic() < end:
            n += 1
            await conn.send({"type": "action", "action_id": f"spam-{os.getpid()}-{n}",
                             "based_on": conn.version, "command": {"type": "chat",
                                                                   "text": f"load {n}"}})
            await asyncio.sleep(1 / rate)
        reader.cancel()
        await conn.close()
    asyncio.run(run())


# --- the measured client -------------------------------------------------------------------------

class PaintClock:
    """Records when the app hands a screen update to its driver, and what it showed then.

    `state()` describes the screen (the area shown, the top screen, the table row), so a
    key's latency is measured to the first paint that shows its effect, not to whatever
    unrelated update (a chat line, say) happens to be drawn first.
    """

    def __init__(self, app: PlayerApp) -> None:
        self.app = app
        self.paints: list[tuple[float, tuple[Any, ...]]] = []
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is not None:
                self.paints.append((time.perf_counter(), self.state()))
        app._display = display  # type: ignore[method-assign]

    def state(self) -> tuple[Any, ...]:
        app = self.app
        row = None
        if app._main is not None:
            from textual.widgets import DataTable

            row = app._main.query_one("#initiative-table", DataTable).cursor_row
        return (app._main.area if app._main else None, type(app.screen).__name__, row)

    def first_after(self, t0: float, changed: Any = None) -> float | None:
        for t, state in self.paints:
            if t > t0 and (changed is None or changed(state)):
                return t
        return None


async def key_latency(pilot: Any, clock: PaintClock, key: str) -> float | None:
    before = clock.state()
    t0 = time.perf_counter()
    await pilot.press(key)
    after = clock.state()
    if after == before:
        return None  # the key changed nothing on screen (already there)
    for _ in range(50):
        painted = clock.first_after(t0, lambda s: s == after)
        if painted is not None:
            return painted - t0
        await asyncio.sleep(0.002)
    return None


async def measure(url: str, code: str, rounds: int, state: Path) -> dict[str, list[float]]:
    app = PlayerApp(join=JoinRequest(url, code, "t1", "dataops", "Bench"),
                    token_store=TokenStore(state), clock=time.time)
    results: dict[str, list[float]] = {"area switch (1–7)": [], "help screen open/close": [],
                                       "table row (↓ in initiatives)": [],
                                       "chat round trip (Enter → shown)": []}
    per_area: dict[str, list[float]] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        clock = PaintClock(app)
        while not app.view or app.view["game"]["phase"] != "planning":
            await pilot.pause(0.05)
        await pilot.pause(1.0)
        for n in range(rounds):
            for key in "1234567":
                sample = await key_latency(pilot, clock, key)
                if sample is not None:
                    results["area switch (1–7)"].append(sample)
                    per_area.setdefault(key, []).append(sample)
            for key in ("question_mark", "escape"):
                sample = await key_latency(pilot, clock, key)
                if sample is not None:
                    results["help screen open/close"].append(sample)
            await pilot.press("3")
            for _ in range(3):
                sample = await key_latency(pilot, clock, "down")
                if sample is not None:
                    results["table row (↓ in initiatives)"].append(sample)
            await pilot.press("c", *f"m{n}")
            text = f"m{n}"

            def shown(text: str = text) -> bool:
                return any(m.get("text") == text for m in app.view["team"]["chat"])
            t0 = time.perf_counter()
            # The press runs beside the watch: Pilot's own waiting must not be measured.
            press = asyncio.create_task(pilot.press("enter"))
            while not shown() and time.perf_counter() - t0 < 5:
                await asyncio.sleep(0.001)
            arrived = time.perf_counter()
            painted = await wait_paint(clock, arrived)
            await press
            if shown() and painted is not None:
                results["chat round trip (Enter → shown)"].append(painted - t0)
            await pilot.press("escape")
    if os.environ.get("BENCH_DETAIL"):
        for key, samples in sorted(per_area.items()):
            print(summary(f"  area {key}", samples))
    return results


async def raw_round_trip(url: str, code: str, samples: int) -> list[float]:
    """The same chat round trip without the app: what the server and network cost alone."""
    conn = await Connection.open(url)
    await conn.request({"type": "join", "code": code, "team": "t1", "role": "mlops",
                        "name": "Raw"})
    await conn.until(lambda m: m["type"] == "state")
    out = []
    for n in range(samples):
        text = f"raw {n}"
        t0 = time.perf_counter()
        await conn.send({"type": "action", "action_id": f"raw-{os.getpid()}-{n}",
                         "based_on": conn.version, "command": {"type": "chat", "text": text}})
        await conn.until(lambda m, text=text: m.get("type") == "update" and any(
            e.get("kind") == "chat" and e.get("text") == text for e in m.get("events", [])))
        out.append(time.perf_counter() - t0)
        conn.inbox.clear()
        await asyncio.sleep(0.2)
    await conn.close()
    return out


async def wait_paint(clock: PaintClock, after: float) -> float | None:
    for _ in range(100):
        painted = clock.first_after(after, None)
        if painted is not None:
            return painted
        await asyncio.sleep(0.002)
    return None


# --- start-up ------------------------------------------------------------------------------------

def startup(url: str, code: str, runs: int) -> tuple[list[float], list[float]]:
    imports, firsts = [], []
    for n in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", "import time; t = time.perf_counter(); "
             "import triops.client.player.app; print(time.perf_counter() - t)"],
            cwd=ROOT, capture_output=True, text=True, check=True)
        imports.append(float(out.stdout.strip()))
        with tempfile.TemporaryDirectory() as tmp:
            # each probe takes another seat: t2's three seats, then t3's, …
            launched = time.time()
            out = subprocess.run([sys.executable, __file__, "--probe", url, code,
                                  str(Path(tmp) / "p.json"), str(n)],
                                 cwd=ROOT, capture_output=True, text=True, check=True)
            first = json.loads(out.stdout.strip().splitlines()[-1])["first_view"]
            firsts.append(first - launched)
    return imports, firsts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer samples")
    parser.add_argument("--rate", type=float, default=10.0,
                        help="teammate chat messages per second (each sends an update)")
    parser.add_argument("--teams", type=int, default=6, help="teams in the game (bots)")
    parser.add_argument("--probe", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        url, code, state, n = args.probe
        probe_app(url, code, state, int(n))
        return 0
    rounds = 4 if args.quick else 12
    server, url = start_server()
    try:
        code = asyncio.run(_setup(url, args.teams))
        with tempfile.TemporaryDirectory() as tmp:
            seconds = 20 if args.quick else 60
            load = subprocess.Popen([sys.executable, "-c",
                                     f"import sys; sys.path.insert(0, {str(ROOT)!r}); "
                                     f"sys.argv = ['x']; import bench.client as b; "
                                     f"b.spam({url!r}, {code!r}, {args.rate}, {seconds})"],
                                    cwd=ROOT) if args.rate > 0 else None
            try:
                time.sleep(1.0)
                raw = asyncio.run(raw_round_trip(url, code, 10 if args.quick else 30))
                results = asyncio.run(measure(url, code, rounds, Path(tmp) / "player.json"))
            finally:
                if load is not None:
                    load.terminate()
                    load.wait()
        imports, firsts = startup(url, code, 3 if args.quick else 5)
    finally:
        server.terminate()
        server.wait()
    print(f"Player client, 100×30, {args.teams} bot teams, a teammate chatting "
          f"{args.rate:g}/s, server in another process")
    for name, samples in results.items():
        print(summary(name, samples, 100.0))
    print(summary("  (the same round trip, no app)", raw))
    print(summary("start-up: import the app", imports))
    print(summary("start-up: launch → first game view", firsts, 2000.0))
    return 0


async def _setup(url: str, teams: int) -> str:
    fac, created = await create_game(url, teams)
    await fac.act({"type": "start_game"})
    await fac.close()
    return str(created["code"])


def probe_app(url: str, code: str, state: str, n: int) -> None:
    team, role = f"t{2 + n // 3}", ("dataops", "mlops", "finops")[n % 3]
    app = PlayerApp(join=JoinRequest(url, code, team, role, "Probe"),
                    token_store=TokenStore(state), clock=time.time)
    done: dict[str, float] = {}
    original: Callable[[Any, Any], None] = app._display

    def display(screen: Any, renderable: Any) -> None:
        original(screen, renderable)
        if renderable is not None and app.view and "first" not in done:
            done["first"] = time.time()
            app.exit()
    app._display = display  # type: ignore[method-assign]
    app.run(headless=True, size=(100, 30))
    print(json.dumps({"first_view": done.get("first")}))


if __name__ == "__main__":
    raise SystemExit(main())
