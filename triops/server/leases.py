"""Room leases: which server process serves a game, when several share one store.

A process serves a room only while it holds the room's lease in the store
(`GameStore.claim`). It renews every lease it holds every `ttl / 3` seconds; a lease not
renewed for `ttl` seconds (its process died, or lost the store) may be claimed by another
process. A lease that cannot be renewed is given up at once: the room is closed here, so its
clients reconnect and land on the process that holds it now. The log's key (game, seq)
fences a process that lost a lease without noticing: its next append fails.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
import time

from triops.server.store import GameStore, StoreError

log = logging.getLogger("triops.leases")

LEASE_TTL = 10.0  # seconds a lease outlives its last renewal


def owner_name() -> str:
    """This process, as a lease holder: host, pid and a random part (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class Leases:
    """The leases this process holds, by game id."""

    def __init__(self, store: GameStore, ttl: float = LEASE_TTL, owner: str | None = None
                 ) -> None:
        self.store = store
        self.ttl = ttl
        self.owner = owner or owner_name()
        self.held: dict[str, float] = {}  # game id -> when it was last renewed (monotonic)

    @property
    def every(self) -> float:
        """Seconds between renewals: three tries before a lease could lapse."""
        return self.ttl / 3

    async def take(self, game_id: str, wait: float) -> bool:
        """Claim a game's lease, trying again for `wait` seconds while another live process
        holds it (the one that had the room before may be handing it over, or dying)."""
        deadline = time.monotonic() + wait
        pause = min(0.5, max(0.05, self.ttl / 20))
        while True:
            if await self.store.claim(game_id, self.owner, self.ttl):
                self.held[game_id] = time.monotonic()
                return True
            if time.monotonic() + pause > deadline:
                return False
            await asyncio.sleep(pause)

    async def renew(self) -> list[str]:
        """Renew every lease held; returns the games whose lease is lost (given up here)."""
        lost = []
        for game_id in list(self.held):
            try:
                kept = await self.store.claim(game_id, self.owner, self.ttl)
            except StoreError as err:
                log.error("game %s: cannot renew its lease: %s", game_id, err)
                kept = False
            if kept:
                self.held[game_id] = time.monotonic()
            else:
                self.held.pop(game_id, None)
                lost.append(game_id)
        return lost

    async def release(self, game_id: str) -> None:
        """Give a lease back, so another process may take the room at once."""
        if self.held.pop(game_id, None) is None:
            return
        try:
            await self.store.release(game_id, self.owner)
        except StoreError as err:  # it lapses by itself after ttl
            log.error("game %s: cannot release its lease: %s", game_id, err)
