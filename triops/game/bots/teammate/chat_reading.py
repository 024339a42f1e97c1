"""What a bot teammate reads from this quarter's chat: who asked what, who said yes or no."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from triops.game.bots import assist, talk
from triops.game.bots.reading import chat_now, open_incidents
from triops.game.bots.teammate.turn_state import TurnState
from triops.game.model.vocab import ROLES


class ChatReading(TurnState):
    """The people's messages, and their answers to what I proposed."""

    def _human_messages(self) -> list[tuple[int, dict[str, Any]]]:
        return [(n, m) for n, m in enumerate(chat_now(self.view)) if m["sender"] in self.people]

    def _asked(self, topic: str, needle: str) -> bool:
        """Whether a person asked the bots to draft `topic`, or said yes after my
        suggestion (my message containing `needle`), this phase."""
        chat = chat_now(self.view)
        mine = {n for n, m in enumerate(chat) if m["sender"] == self.me
                and needle.lower() in m["text"].lower()}
        for n, m in enumerate(chat):
            if m["sender"] not in self.people:
                continue
            wanted = assist.draft_request(m["text"])
            if topic in wanted:
                return True
            if (not wanted and assist.agrees(m["text"])
                    and assist.answered(chat, self.people, n) in mine):
                return True
        return False

    def _asked_to_act(self, incident: dict[str, Any], verb: str) -> bool:
        """Whether a person asked, this phase, for `verb` ("notif") on this incident by name,
        of me or of no seat in particular ("FinOps, please notify on the chatbot refund"),
        whether or not a bot had offered it."""
        incidents = open_incidents(self.view)
        for _, m in self._human_messages():
            part = assist.agreeing_part(m["text"])
            if part is None or verb not in part.lower():
                continue
            named = assist.incidents_named(part, incidents)
            if not named or named[0]["id"] != incident["id"]:
                continue
            roles = talk.named_roles(m["text"], [r for r in ROLES if r != m["sender"]])
            if not roles or self.me in roles:
                return True
        return False

    def _my_latest(self, chat: Sequence[dict[str, Any]], *needles: str) -> int | None:
        """Where in `chat` my latest message containing every needle is, if any."""
        wanted = [n.lower() for n in needles]
        return next((n for n in range(len(chat) - 1, -1, -1) if chat[n]["sender"] == self.me
                     and all(w in chat[n]["text"].lower() for w in wanted)), None)

    def _agreed_after(self, *needles: str) -> bool:
        """Whether a person said yes after my latest message containing every needle."""
        chat = chat_now(self.view)
        mine = self._my_latest(chat, *needles)
        if mine is None:
            return False
        return any(m["sender"] in self.people and assist.agrees(m["text"])
                   and assist.answered(chat, self.people, n) == mine
                   for n, m in enumerate(chat) if n > mine)

    def _answer_to(self, incident: dict[str, Any], *needles: str) -> str | None:
        """A person's latest answer to my latest message containing every needle: "yes"
        (they agreed to it), "no" (they said no in a reply to it or about its incident), or
        None. A no stops the bot acting on the offer when the person's share of the quarter
        is up: they have had their say."""
        chat = chat_now(self.view)
        mine = self._my_latest(chat, *needles)
        if mine is None:
            return None
        answer = None
        for n, m in enumerate(chat):
            if n <= mine or m["sender"] not in self.people:
                continue
            to_me = assist.answered(chat, self.people, n) == mine
            part = assist.declining_part(m["text"])
            named = assist.incidents_named(m["text"], open_incidents(self.view))
            if named and all(i["id"] != incident["id"] for i in named):
                continue  # "please notify on the chatbot" is no yes to my offer on another
            if to_me and assist.agrees(m["text"]):
                answer = "yes"  # "No symptom fix. FinOps, please notify on it." to the notifier
            elif part is not None and (to_me or assist.incidents_named(part, [incident])):
                answer = "no"
        return answer
