"""The browser side of TriOps: `triops web` serves the same Textual apps as web pages.

`client.web.server.WebServer` is a textual-serve `Server` with TriOps's routes: each page
load issues a short-lived launch ticket, and the page's WebSocket (`/ws/<ticket>`) starts
one app subprocess with the ticket's arguments. `client.web.player` is the player's entry
point in that subprocess. See docs/virtual-sessions.md.
"""
