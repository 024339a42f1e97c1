"""The player's Textual client (`triops play`).

Entry point for other code (solo mode, tests):

    from triops.client.player import JoinRequest, PlayerApp, TokenStore, open_connection
    app = PlayerApp(connect=open_connection,
                    join=JoinRequest("ws://127.0.0.1:8765", "K7MQ2P", "Red", "mlops", "Ada"),
                    token_store=TokenStore(path))
    app.run()            # or: await app.run_async()

`connect` is any `async (url) -> client.transport.Connection`; pass one that returns a
connection to an embedded server to play in-process. See docs/player.md.
"""

from triops.client.link import open_connection
from triops.client.player.app import PlayerApp
from triops.client.player.tokens import JoinRequest, TokenStore

__all__ = ["JoinRequest", "PlayerApp", "TokenStore", "open_connection"]
