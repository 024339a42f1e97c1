"""`triops web`: the player client, projector view and facilitator console in a browser."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
from pathlib import Path
from typing import Any

from triops.paths import data_dir


def default_state_dir() -> Path:
    return data_dir() / "web"


def add_parser(sub: Any) -> None:
    p = sub.add_parser("web", help="serve the player, projector and facilitator clients as "
                       "web pages (virtual workshops)")
    p.add_argument("--server", default="ws://127.0.0.1:8765",
                   help="the game server, as this machine reaches it "
                        "(default ws://127.0.0.1:8765)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (0.0.0.0 for every interface; default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8080, help="HTTP port (default 8080)")
    p.add_argument("--key", default=os.environ.get("TRIOPS_KEY", ""),
                   help="the facilitator key `triops serve` printed (or TRIOPS_KEY); "
                        "without it the web console is off")
    p.add_argument("--max-sessions", type=int, default=40, metavar="N",
                   help="player and projector pages open at once (default 40; each is a "
                        "process of about 55 MB, see docs/virtual-sessions.md)")
    p.add_argument("--state-dir", type=Path, default=None,
                   help=f"where each browser's seat tokens are kept (default "
                        f"{default_state_dir()})")
    p.add_argument("--reports", type=Path, default=Path("triops-reports"),
                   help="where the console exports reports (default ./triops-reports)")
    p.add_argument("--public-url", default="",
                   help="the address browsers use, when behind a proxy "
                        "(e.g. https://workshop.example.org)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from triops.client.web.server import WebConfig, WebServer, describe

    server = args.server if "://" in args.server else "ws://" + args.server
    if args.max_sessions < 1:
        print("--max-sessions must be at least 1")
        return 2
    config = WebConfig(server=server, host=args.host, port=args.port,
                       state_dir=(args.state_dir or default_state_dir()).resolve(),
                       reports_dir=args.reports.resolve(), key=args.key,
                       max_sessions=args.max_sessions, public_url=args.public_url)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    web = WebServer(config)

    def ready(base: str) -> None:
        shown = base
        if args.host in ("0.0.0.0", "::") and not args.public_url:
            from triops.client.facilitator.app import lan_address

            shown = f"http://{lan_address() or 'THIS-MACHINE'}:{web.bound_port}"
        print(describe(config, args.public_url.rstrip("/") or shown), flush=True)

    try:
        asyncio.run(web.run(ready))
    except OSError as err:
        print(f"triops web: cannot listen on {args.host}:{args.port}: {err.strerror}")
        return 1
    return 0
