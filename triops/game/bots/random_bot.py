"""Random legal play: the floor every other policy must beat, and the engine's fuzzer."""

from __future__ import annotations

import random
from collections.abc import Sequence

from triops.game.bots.base import View
from triops.game.model.commands import Command, SetReady


class RandomPolicy:
    """Picks uniformly among the legal commands, a few times a quarter, then gets ready."""

    name = "random"

    def __init__(self, actions_per_quarter: int = 4) -> None:
        self.actions_per_quarter = actions_per_quarter

    def next_command(
        self, view: View, legal: Sequence[Command], rand: random.Random
    ) -> Command | None:
        choices = [c for c in legal if not isinstance(c, SetReady)]
        # Stopping with probability 1/(k+1) each turn gives k actions a quarter on average.
        if not choices or rand.random() < 1 / (self.actions_per_quarter + 1):
            return None
        return rand.choice(choices)
