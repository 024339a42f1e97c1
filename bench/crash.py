"""`kill -9` under load: no acknowledged action lost or duplicated, serving again quickly.

    python bench/crash.py --clients 200 --rooms 10 --rate 200 --seconds 5

Players chat at `--rate` actions a second; mid-stream the server gets SIGKILL. Every action
the server acknowledged before it died must be in the restarted server's log exactly once
(that a retried action gets its original reply is tested in tests/server/test_faults.py).
Reports the time from restart to the first answered health check (target: serving again
in <= 5 s) and prints PASS or FAIL.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import msgpack

from bench.load import KEY, pack, setup_triops, start
from triops.server.stores import read_games


async def hammer(url: str, args: argparse.Namespace,
                 proc: Any) -> tuple[dict[str, dict[str, Any]], int]:
    """Chat until the server dies; return what was acknowledged, by chat text."""
    rooms = await setup_triops(url, args.rooms, args.clients // args.rooms)
    players = [(room, m) for room in rooms for m in room.members if m.role == "player"]
    acked: dict[str, dict[str, Any]] = {}  # chat text -> {code, action_id, reply}
    sent: dict[str, tuple[str, str]] = {}  # action_id -> (text, code)

    async def read(member: Any, code: str) -> None:
        try:
            async for frame in member.ws:
                message = msgpack.unpackb(frame, raw=False, strict_map_key=False)
                if message.get("type") == "ack" and message["action_id"] in sent:
                    text, _ = sent[message["action_id"]]
                    acked[text] = {"code": code, "action_id": message["action_id"],
                                   "reply": message}
        except Exception:
            return

    readers = [asyncio.create_task(read(m, r.code)) for r, m in players]
    kill_at = time.perf_counter() + args.seconds
    n = 0
    while time.perf_counter() < kill_at:
        for _ in range(max(1, int(args.rate / 100))):
            room, member = players[n % len(players)]
            action_id, text = f"c{n}", f"crash-check {n}"
            sent[action_id] = (text, room.code)
            await member.ws.send(pack({"type": "action", "action_id": action_id,
                                       "based_on": room.based_on,
                                       "command": {"type": "chat", "text": text}}))
            n += 1
        await asyncio.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    await asyncio.sleep(0.3)
    for task in readers:
        task.cancel()
    return acked, n


def logged_chats(db: str) -> Counter[str]:
    chats: Counter[str] = Counter()
    for row in read_games(db):
        for _n, _actor, command, _key, _reply in row.commands:
            if isinstance(command, dict) and command.get("type") == "chat":
                chats[str(command.get("text"))] += 1
    return chats


def wait_healthy(where: str, started: float) -> float:
    while True:
        try:
            with urllib.request.urlopen(f"http://{where}/healthz", timeout=1) as reply:
                if reply.status == 200:
                    return time.perf_counter() - started
        except OSError:
            time.sleep(0.02)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--rooms", type=int, default=10)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "crash.sqlite3")
        serve = [sys.executable, "-m", "triops", "serve", "--port", "0", "--db", db,
                 "--key", KEY, "--bot-delay", "0"]
        proc, where = start(serve)
        acked, sent = asyncio.run(hammer(f"ws://{where}", args, proc))
        started = time.perf_counter()
        proc, where = start(serve)
        try:
            ready = wait_healthy(where, started)
            chats = logged_chats(db)
        finally:
            proc.terminate()
            proc.wait(10)
    lost = [t for t in acked if chats[t] == 0]
    doubled = [t for t, k in chats.items() if k > 1]
    print(f"sent {sent} chat actions, {len(acked)} acknowledged before SIGKILL, "
          f"{sum(chats.values())} in the log after restart")
    print(f"acknowledged but lost: {len(lost)}; logged twice: {len(doubled)}; "
          f"serving again {ready * 1000:.0f} ms after restart")
    ok = not lost and not doubled and ready <= 5.0 and len(acked) > 0
    print("PASS" if ok else "FAIL", "(target: nothing acknowledged lost or doubled, "
          "serving again in <= 5 s)")


if __name__ == "__main__":
    main()
