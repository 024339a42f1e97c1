"""The teammate policy: what the driver and the server call for a bot seat's next move."""

from __future__ import annotations

import random
from collections.abc import Sequence

from triops.game.bots.base import View
from triops.game.bots.casebook import Casebook
from triops.game.bots.reading import humans, my_ap, quarter_of
from triops.game.bots.teammate.legal import LegalCheck
from triops.game.bots.teammate.style import Style
from triops.game.bots.teammate.turn import Turn
from triops.game.model.commands import Chat, Command, SetCharter, SetRoadmap

# Chance per step that a novice does something random instead of thinking: a novice plays
# mostly random legal moves (docs/balance.md, "The strategies").
NOVICE_NOISE = 0.55


class TeammatePolicy:
    """A teammate. `assist` (mode "assist", for a team with a person in it): propose and
    ask rather than decide, and leave the person a fair share of each phase; `clock_share`:
    the server says half the phase's clock has gone (see `TurnState.fair_share`). Neither
    changes anything in a team of bots."""

    def __init__(self, level: str = "competent", style: Style | None = None,
                 name: str = "", casebook: Casebook | None = None, assist: bool = False,
                 clock_share: bool = False) -> None:
        self.style = style or Style(level=level)
        self.level = self.style.level
        self.name = name or self.level
        self.book = casebook or Casebook()
        self.assist = assist
        self.clock_share = clock_share

    def next_command(
        self, view: View, legal: Sequence[Command], rand: random.Random
    ) -> Command | None:
        if view["game"]["phase"] != "planning":
            return None
        checker = LegalCheck(legal, view, artefacts=quarter_of(view) == 0 or my_ap(view) >= 1)
        assisting = self.assist and bool(humans(view))
        # A novice's slips (random moves) are for all-bot teams. Beside a person they spent
        # the AP the person's plans needed from the bot and blocked every response, so a
        # novice there plays its turn, with a novice's knowledge and small reserve.
        if self.level == "novice" and not assisting and rand.random() < NOVICE_NOISE:
            choices = [c for c in legal if not isinstance(c, SetRoadmap | SetCharter)]
            return rand.choice(choices) if choices and rand.random() < 0.7 else None
        return Turn(view, checker, rand, self.style, self.book, assisting,
                    self.clock_share).decide()

    def answer(self, view: View, legal: Sequence[Command], rand: random.Random) -> Command | None:
        """A seat that has marked ready still answers a person's question in team chat (and
        does nothing else: a chat line leaves it ready)."""
        if view["game"]["phase"] != "planning" or not humans(view) or not self.style.talk:
            return None
        checker = LegalCheck(legal, view)
        turn = Turn(view, checker, rand, self.style, self.book,
                    self.assist and bool(humans(view)), self.clock_share)
        cmd = turn._answer_questions()
        return cmd if isinstance(cmd, Chat) else None
