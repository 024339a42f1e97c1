"""`triops play`: the player's client, joining a seat on a TriOps server."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_parser(sub: Any) -> None:
    p = sub.add_parser("play", help="play one seat of a team (the player's client)")
    p.add_argument("--server", default="", help="server address, e.g. ws://10.0.0.5:8765 "
                   "(default: the last one used)")
    p.add_argument("--code", default="", help="the game's join code")
    p.add_argument("--team", default="", help="team name or id (t1, t2, …)")
    p.add_argument("--role", default="", choices=["", "dataops", "mlops", "finops"], metavar="ROLE",
                   help="your seat: dataops, mlops or finops")
    p.add_argument("--name", default="", help="your name, as your team will see it")
    p.add_argument("--new", action="store_true",
                   help="ignore any saved seat and show the join screen")
    p.add_argument("--state", type=Path, default=None,
                   help="where to keep the last values and seat tokens "
                        "(default $XDG_DATA_HOME/triops/player.json)")
    p.add_argument("--light", action="store_true", help="use the light colour theme")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from triops.client.player import JoinRequest, PlayerApp, TokenStore

    server = args.server
    if server and "://" not in server:
        server = "ws://" + server
    request = JoinRequest(server, args.code, args.team, args.role, args.name)
    given = any((server, args.code, args.team, args.role, args.name))
    app = PlayerApp(join=request if given and not args.new else None,
                    token_store=TokenStore(args.state), resume=not args.new,
                    theme="triops-light" if args.light else "triops-dark")
    farewell = app.run()
    if isinstance(farewell, str):
        print(farewell)
    return 0
