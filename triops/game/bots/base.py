"""The bot interface: a bot sees its seat's view and the legal commands, and picks one.

Bots never receive the game state, so they cannot read hidden causes; their only randomness
is the `random.Random` they are handed, seeded from the game seed and their seat, so a bot's
choices are fixed by the seed. A policy keeps no memory between calls: everything it knows
comes from the view it is given (the server builds a fresh policy for every step), so what a
bot remembers, it remembers the way a person does: from the chat, the drafts and the reports.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from triops.game.model.commands import Command

View = Mapping[str, Any]


class Policy(Protocol):
    """Decides a seat's next command in planning; None means "nothing more, I am ready"."""

    name: str

    def next_command(
        self, view: View, legal: Sequence[Command], rand: random.Random
    ) -> Command | None:
        ...


def bot_random(seed: int, team: str, role: str, quarter: int, step: int) -> random.Random:
    """A private generator per seat, quarter and step: deterministic, never the global one."""
    return random.Random(f"{seed}:{team}:{role}:{quarter}:{step}")
