"""`triops facilitate`: the facilitator's console (create a game, or reconnect to one)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any


def add_parser(sub: Any) -> None:
    p = sub.add_parser("facilitate", help="the facilitator's console: create and run a game")
    p.add_argument("--server", default="ws://127.0.0.1:8765",
                   help="the server's address (default ws://127.0.0.1:8765)")
    p.add_argument("--key", default=os.environ.get("TRIOPS_KEY", ""),
                   help="the facilitator key `triops serve` printed (or set TRIOPS_KEY)")
    p.add_argument("--code", default="",
                   help="reconnect to this game instead of creating one")
    p.add_argument("--token", default="",
                   help="the game's facilitator token (default: the one saved when you "
                   "created it on this machine)")
    p.add_argument("--reports", type=Path, default=Path("triops-reports"),
                   help="where report exports go (default ./triops-reports)")
    p.add_argument("--web", default="", metavar="URL",
                   help="the address of `triops web`: show players browser links instead of "
                        "commands (set by `triops web` itself)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from triops.client.facilitator.app import FacilitatorApp
    from triops.client.facilitator.sessions import Sessions

    sessions = Sessions()
    server, token = args.server, args.token
    if args.code and not token:
        saved = sessions.find(args.code)
        if saved is None:
            print(f"No facilitator token saved for game {args.code} in {sessions.path}; "
                  "pass --token.", file=sys.stderr)
            return 2
        token = str(saved["token"])
        if args.server == "ws://127.0.0.1:8765":
            server = str(saved.get("server", server))
    if not args.code and not args.key:
        print("Creating a game needs the facilitator key that `triops serve` printed: "
              "--key KEY (or TRIOPS_KEY). To reconnect to a game, give --code.",
              file=sys.stderr)
        return 2
    FacilitatorApp(server, key=args.key, code=args.code, token=token, sessions=sessions,
                   reports_dir=args.reports, web=args.web).run()
    return 0
