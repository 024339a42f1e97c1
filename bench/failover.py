"""Failover: SIGKILL one of several server processes behind HAProxy, under load.

    python bench/failover.py                       # 2 processes, PostgreSQL, lease 10 s
    python bench/failover.py --ttl 2 --games 10    # a shorter lease, more games a process

Starts `--processes` `triops serve --lease` processes on one store (a PostgreSQL cluster of
its own, from tests/pg.py, or an SQLite file with `--sqlite`) behind a real HAProxy, with
`--games` games on each process and three people chatting in each through the apps' own
link (each `--every` seconds). Then the process of the first game gets SIGKILL. Reports
the time from the kill until its games are served again (the first answer from the process
that took them over, and the last of their seats), the actions acknowledged, and those lost
or doubled in the store's log (target: 0). Prints PASS or FAIL. The play is
tests/server/failover.py, which the failover test runs with a 2 s lease.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.pg import running_cluster
from tests.server.cluster import Fleet
from tests.server.failover import play
from triops.server.leases import LEASE_TTL
from triops.server.stores import store_for


@contextlib.contextmanager
def store(args: argparse.Namespace, tmp: Path) -> Iterator[str]:
    if args.sqlite:
        yield str(tmp / "games.sqlite3")
        return
    with running_cluster() as cluster:
        dsn = cluster.dsn(cluster.new_database())

        async def upgrade() -> None:
            opened = store_for(dsn)
            await opened.upgrade()
            await opened.close()

        asyncio.run(upgrade())
        yield dsn


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--games", type=int, default=3, help="games on each process")
    parser.add_argument("--ttl", type=float, default=LEASE_TTL, help="lease seconds")
    parser.add_argument("--every", type=float, default=0.2,
                        help="seconds between one person's chat lines")
    parser.add_argument("--before", type=float, default=3.0,
                        help="seconds of play before the kill")
    parser.add_argument("--after", type=float, default=3.0,
                        help="seconds of play once the games are served again")
    parser.add_argument("--sqlite", action="store_true",
                        help="an SQLite file instead of PostgreSQL (one host only)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        with store(args, tmp) as db:
            fleet = Fleet(db, args.processes, tmp, ttl=args.ttl)
            fleet.start()
            try:
                outcome = asyncio.run(play(fleet, args.before, args.after, args.every,
                                           recover_within=args.ttl + 30,
                                           per_process=args.games))
                states = fleet.server_states()
            finally:
                fleet.stop()
    people = 3 * args.games * args.processes
    rate = people / args.every
    victims = [g for g in outcome.games if g.owner == outcome.killed]
    print(f"store: {'SQLite' if args.sqlite else 'PostgreSQL'}; {args.processes} processes "
          f"behind HAProxy, {args.games} games each, {people} people chatting "
          f"({rate:.0f} actions/s); lease {args.ttl:g} s")
    print(f"killed {outcome.killed} (SIGKILL) with {len(victims)} games; HAProxy now: "
          + ", ".join(f"{k} {v}" for k, v in sorted(states.items())))
    print(f"served again after   {outcome.served_again:.2f} s (first answer from "
          f"{', '.join(sorted(str(o) for o in outcome.new_owners))})")
    print(f"every seat back after {outcome.all_back:.2f} s")
    print(f"acknowledged actions: {outcome.acked}; lost: {len(outcome.lost)}; "
          f"doubled: {len(outcome.doubled)}; under another seq: {len(outcome.wrong_seq)}; "
          f"never answered: {outcome.unanswered}")
    ok = not (outcome.lost or outcome.doubled or outcome.wrong_seq or outcome.unanswered)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
