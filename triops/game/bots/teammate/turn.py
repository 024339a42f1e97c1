"""One decision of a teammate bot: every kind of move, tried in priority order."""

from __future__ import annotations

from triops.game.bots.teammate.diagnosing import Diagnosing
from triops.game.bots.teammate.discussing import Discussing
from triops.game.bots.teammate.drafting import Drafting
from triops.game.bots.teammate.money_talk import MoneyTalk
from triops.game.bots.teammate.pledging import Pledging
from triops.game.bots.teammate.reacting import Reacting
from triops.game.bots.teammate.responding import Responding
from triops.game.model.commands import Command


class Turn(Reacting, Drafting, Discussing, Diagnosing, Responding, Pledging, MoneyTalk):
    """One decision: the view read once, and each kind of move tried in priority order."""

    def decide(self) -> Command | None:
        """The first move that has something to do: people first, then setup, incidents
        and money."""
        for step in (self.react, self.setup, self.cosmetic, self.share, self.discuss,
                     self.ask, self.investigate, self.diagnose, self.respond, self.notify,
                     self.standards, self.fund, self.suggest_funding, self.help, self.nudge):
            cmd = step()
            if cmd is not None:
                return cmd
        return None
