"""The player client as `triops web` runs it for one browser session.

    python -m client.web.player --server ws://127.0.0.1:8765 --state FILE [--code C] ...

The same `PlayerApp` as `triops play`, with two differences that matter only in a
browser: the game server is fixed (the join screen hides its address, and the connector
refuses any other, so a web page cannot make this machine connect anywhere else), and the
token store is the file `triops web` chose for this browser.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from triops.client.link import Connector, open_connection
from triops.client.player import JoinRequest, PlayerApp, TokenStore
from triops.client.transport import Connection
from triops.protocol import ROOM_PREFIX


def fixed_server(server: str) -> Connector:
    """A connector that reaches `server` only (itself, or a game's address on it)."""
    allowed = server.rstrip("/")

    async def connect(url: str) -> Connection:
        url = url.rstrip("/")
        if url != allowed and not url.startswith(allowed + ROOM_PREFIX):
            # ValueError: the link reports "That server address does not work: …"
            raise ValueError(f"in a browser, this page plays on {allowed} only")
        return await open_connection(url)

    return connect


class WebPlayerApp(PlayerApp):
    # The server address is not the participant's to choose here (see fixed_server): hide
    # its field and label on the join screen. The field keeps its (fixed) value.
    CSS = """
    #join-server, #join-server-label { display: none; }
    """


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m client.web.player")
    p.add_argument("--server", required=True)
    p.add_argument("--state", type=Path, required=True)
    p.add_argument("--code", default="")
    p.add_argument("--team", default="")
    p.add_argument("--role", default="")
    p.add_argument("--light", action="store_true")
    args = p.parse_args(argv)
    # Never a complete request (no name): the app resumes this browser's saved seat in that
    # game, or opens the join screen with the link's values filled in.
    request = JoinRequest(args.server, args.code, args.team, args.role, "")
    app = WebPlayerApp(connect=fixed_server(args.server), join=request,
                       token_store=TokenStore(args.state), resume=True,
                       theme="triops-light" if args.light else "triops-dark")
    app.run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
