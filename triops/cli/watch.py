"""`triops watch`: the projector view of a game (join code only, public information)."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(sub: Any) -> None:
    p = sub.add_parser("watch", help="the projector view of a game, for the room's big screen")
    p.add_argument("--server", default="ws://127.0.0.1:8765",
                   help="the server's address (default ws://127.0.0.1:8765)")
    p.add_argument("--code", required=True, help="the game's join code")
    p.add_argument("--web", default="", metavar="URL",
                   help="the address of `triops web`: show the browser join link instead of "
                        "the command (set by `triops web` itself)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from triops.client.projector.app import ProjectorApp

    ProjectorApp(args.server, args.code, web=args.web).run()
    return 0
