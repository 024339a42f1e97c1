"""One decision's reading of the view: who I am, who the people are, and how I speak."""

from __future__ import annotations

import random
from collections.abc import Sequence

from triops.game.bots import talk
from triops.game.bots.base import View
from triops.game.bots.casebook import Casebook
from triops.game.bots.reading import humans, my_chat, quarter_of, role_of
from triops.game.bots.teammate.legal import LegalCheck
from triops.game.bots.teammate.style import Style
from triops.game.model.commands import Chat, Command
from triops.game.rules.seat_rules import MAX_CHAT

# Most chat messages one bot seat posts in a quarter: a backstop against repeating itself.
MAX_TALK = 8
# The same backstop for a bot in a team with a person, which also answers their questions.
MAX_TALK_WITH_PEOPLE = 40


class TurnState:
    """What every move of one decision reads: the view (once), who I am, who the people are."""

    def __init__(self, view: View, ok: LegalCheck, rand: random.Random, style: Style,
                 book: Casebook, assisting: bool = False, clock_share: bool = False) -> None:
        self.book = book
        self.view = view
        self.ok = ok
        self.rand = rand
        self.style = style
        self.level = style.level
        self.me = role_of(view)
        self.q = quarter_of(view)
        self.team = view["team"]
        self.people = humans(view)
        self.assisting = assisting and bool(self.people)
        self.clock_share = clock_share

    def say(self, text: str) -> Command | None:
        cap = MAX_TALK_WITH_PEOPLE if self.people else MAX_TALK
        if not self.style.talk or not text or len(my_chat(self.view)) >= cap:
            return None  # a bot that has said this much this quarter lets others talk
        text = talk.within(text, MAX_CHAT)
        if len(text) > MAX_CHAT:  # one sentence too long to cut whole: the rules refuse it
            text = text[:MAX_CHAT - 1].rsplit(" ", 1)[0].rstrip(",;: ") + "…"
        if text in my_chat(self.view):
            return None  # said already this quarter: never the same message twice
        return Chat(text)

    def fair_share(self) -> bool:
        """Whether the people of the team have had a fair share of this phase, so a bot may
        now draft or commit what it has proposed: every person has marked ready (they are
        done with the phase: what is still missing would otherwise be missing all quarter),
        or half the phase's clock has gone (the server says so: a person who has had half
        the time to read, draft and discuss has had their turn, and the team needs the rest
        to act). Until then an assisting bot proposes and answers, and acts only when a
        person asks or agrees."""
        seats = self.team["seats"]
        return self.clock_share or all(seats[p]["ready"] for p in self.people)

    def first_bot(self, order: Sequence[str]) -> str | None:
        return next((r for r in order if r not in self.people), None)

    def _busy(self, roles: set[str]) -> bool:
        """Whether one of these teammates is still playing this quarter."""
        seats = self.team["seats"]
        return any(not seats[r]["ready"] for r in roles)
