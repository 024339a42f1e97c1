"""What a logged command costs in each game store: SQLite and PostgreSQL.

    python bench/store.py --db /tmp/games.sqlite3
    python bench/store.py --db postgresql://user@host/games
    python bench/store.py --postgres-here      # a throwaway local PostgreSQL, default settings

Two measures, each on a fresh game: `append` one at a time (one room, each command waits
for its commit, as a room does), and `--rooms` rooms appending at once (their appends share
commits). Reports latency p50/p99 and appends per second. Durable settings throughout:
SQLite in WAL with synchronous=NORMAL (the server's), PostgreSQL with its defaults.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from triops.server.store import GameRow, MigratingStore, describe_db
from triops.server.stores import store_for

ACTOR = {"kind": "seat", "team": "t1", "role": "finops"}


def command(n: int) -> dict[str, object]:
    return {"type": "chat", "text": f"message {n} " + "x" * 60, "at": 1.0e9 + n}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def room(store: MigratingStore, game_id: str, count: int, out: list[float]) -> None:
    for seq in range(1, count + 1):
        started = time.perf_counter()
        await store.append(game_id, seq, ACTOR, command(seq), f"{game_id}:a{seq}",
                           {"type": "ack", "action_id": f"a{seq}", "seq": seq, "version": seq})
        out.append(time.perf_counter() - started)


async def measure(db: str, sequential: int, rooms: int, per_room: int) -> None:
    store = store_for(db)
    await store.upgrade()
    await store.open()
    tag = f"{time.time_ns():x}"
    try:
        ids = [f"{tag}-{n}" for n in range(rooms + 1)]
        for n, game_id in enumerate(ids):
            await store.create_game(GameRow(game_id, f"B{tag[-5:]}{n}", "retail-novice", "d",
                                            {}, {}, "f", False))
        one: list[float] = []
        started = time.perf_counter()
        await room(store, ids[0], sequential, one)
        one_rate = sequential / (time.perf_counter() - started)
        many: list[float] = []
        started = time.perf_counter()
        await asyncio.gather(*(room(store, gid, per_room, many) for gid in ids[1:]))
        many_rate = rooms * per_room / (time.perf_counter() - started)
    finally:
        await store.close()
    print(f"{describe_db(db)}")
    print(f"  one room:  {sequential} appends, p50 {percentile(one, .5) * 1e3:.3f} ms, "
          f"p99 {percentile(one, .99) * 1e3:.3f} ms, mean {statistics.mean(one) * 1e3:.3f} ms, "
          f"{one_rate:,.0f}/s")
    print(f"  {rooms} rooms: {rooms * per_room} appends, p50 {percentile(many, .5) * 1e3:.3f} "
          f"ms, p99 {percentile(many, .99) * 1e3:.3f} ms, {many_rate:,.0f}/s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default=None, help="an SQLite file or a postgresql:// URL")
    parser.add_argument("--postgres-here", action="store_true",
                        help="start a throwaway PostgreSQL 15 (tests/pg.py) and use it")
    parser.add_argument("--sequential", type=int, default=2000)
    parser.add_argument("--rooms", type=int, default=100)
    parser.add_argument("--per-room", type=int, default=50)
    args = parser.parse_args()
    if args.postgres_here:
        from tests.pg import running_cluster

        with running_cluster(durable=True) as cluster:
            asyncio.run(measure(cluster.dsn(cluster.new_database()), args.sequential,
                                args.rooms, args.per_room))
        return 0
    db = args.db or str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    asyncio.run(measure(db, args.sequential, args.rooms, args.per_room))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
