"""`triops serve`: run the game server for a workshop."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path
from typing import Any

from triops.cli.workers import supervise
from triops.paths import data_dir
from triops.scenarios import load_all_scenarios
from triops.server.app import ServerConfig, TriOpsServer, run_forever
from triops.server.leases import LEASE_TTL
from triops.server.store import StoreError, describe_db, is_postgres_url


def default_db() -> Path:
    return data_dir() / "games.sqlite3"


def add_parser(sub: Any) -> None:
    p = sub.add_parser("serve", help="run the game server (WebSocket) for a workshop")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (0.0.0.0 for every interface; default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--db", default=None,
                   help="the game store: an SQLite file (default "
                   f"{default_db()}), or a postgresql:// URL (docs/operations.md)")
    p.add_argument("--key", default=None,
                   help="the facilitator key (default: generated once and kept in the store)")
    p.add_argument("--bot-delay", type=float, default=0.4,
                   help="seconds between a bot's moves, so people can follow them")
    several = p.add_argument_group(
        "several processes", "rooms spread over processes sharing one store, behind HAProxy "
        "(docs/operations.md, \"Several server processes\")")
    several.add_argument("--workers", type=int, default=0, metavar="N",
                         help="start N server processes on ports PORT+1..PORT+N, sharing the "
                         "store, and write an HAProxy configuration listening on PORT")
    several.add_argument("--haproxy", action="store_true",
                         help="with --workers: also run HAProxy (the Debian package) on PORT")
    several.add_argument("--haproxy-config", type=Path, default=None, metavar="PATH",
                         help="with --workers: where to write the HAProxy configuration "
                         f"(default {data_dir() / 'haproxy.cfg'})")
    several.add_argument("--worker-host", default="127.0.0.1",
                         help="with --workers: the address the processes listen on")
    several.add_argument("--lease", action="store_true",
                         help="serve only the rooms this process holds the lease of, loading "
                         "them when asked for (implied by --workers; for one process of "
                         "several, on one host or several)")
    several.add_argument("--lease-ttl", type=float, default=LEASE_TTL, metavar="SECONDS",
                         help=f"how long a lease outlives its last renewal (default "
                         f"{LEASE_TTL:g}): the longest a dead process's rooms wait")
    several.add_argument("--verbose", action="store_true",
                         help="with --workers: show every line the processes log")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.workers:
        if args.workers < 1:
            print("triops serve: --workers is 1 or more")
            return 2
        args.haproxy_config = args.haproxy_config or data_dir() / "haproxy.cfg"
        return asyncio.run(supervise(args))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    db: Path | str = args.db or default_db()
    if not is_postgres_url(db):
        db = Path(db)
    config = ServerConfig(args.host, args.port, db, args.key, args.bot_delay)
    config.lease_ttl = args.lease_ttl if args.lease else None
    try:
        server = TriOpsServer(config, load_all_scenarios())
    except StoreError as err:  # psycopg missing for a postgresql:// store
        print(f"triops serve: {err}", file=sys.stderr)
        return 1

    def ready(s: TriOpsServer) -> None:
        print(f"TriOps server listening on ws://{args.host}:{s.port}  "
              f"(health check: http://{args.host}:{s.port}/healthz)")
        if args.lease:
            print(f"Game store: {describe_db(db)}  (rooms loaded on demand, lease "
                  f"{args.lease_ttl:g} s)")
        else:
            print(f"Game store: {describe_db(db)}  ({s.restored} unfinished game(s) resumed)")
        print(f"Facilitator key: {s.key}")
        print(f"  connect with: triops facilitate --server ws://{args.host}:{s.port} "
              f"--key {s.key}")
        print("Stop with Ctrl-C.", flush=True)

    try:
        asyncio.run(run_forever(server, ready))
    except OSError as err:
        print(f"triops serve: cannot listen on {args.host}:{args.port}: {err.strerror}")
        return 1
    except StoreError as err:  # unreachable, or a schema this version does not use
        print(f"triops serve: {err}", file=sys.stderr)
        return 1
    return 0
