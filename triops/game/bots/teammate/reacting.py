"""Reacting to people first: keeping my word, and doing what a person asks."""

from __future__ import annotations

from triops.game.bots import assist, talk
from triops.game.bots.reading import (
    by_id,
    chat_now,
    credits_of,
    my_chat,
    open_incidents,
    pooled,
    said,
)
from triops.game.bots.teammate.answers import Answers
from triops.game.model.commands import Command, Investigate, Pledge, Transfer
from triops.game.model.vocab import ROLE_NAMES, ROLES


class Reacting(Answers):
    """Promises kept, requests for credits and investigations answered, questions answered."""

    def react(self) -> Command | None:
        """Keep promises and answer people's requests and questions: before anything else."""
        if not self.people or (self.level == "novice" and not self.assisting):
            return None
        return (self._keep_promises() or self._keep_pledges() or self._answer_requests()
                or self._investigate_asked() or self._answer_questions())

    def _keep_promises(self) -> Command | None:
        if pooled(self.view):
            return None
        for text in my_chat(self.view, self.q):
            promise = talk.promise_in(text)
            if promise is None:
                continue
            amount, kept = promise
            to = next((r for r in ROLES if text.startswith(ROLE_NAMES[r])
                       or f", {ROLE_NAMES[r]}:" in text), None)
            have = credits_of(self.view, self.me)
            if to is not None and have - kept >= 1:
                cmd = Transfer(to, min(amount, have - kept))
                if self.ok(cmd):
                    return cmd
        return None

    def _keep_pledges(self) -> Command | None:
        """Pledge what I said I would; if I no longer can, say so and pledge what I can."""
        if not self.people or self.q == 0:
            return None
        initiatives = by_id(self.view)
        for ident, amount in self._promises().items():
            init = initiatives.get(ident)
            nxt = init["next"] if init else None
            if init is None or nxt is None or nxt["bought_this_quarter"]:
                continue
            mine = self._pledged(ident)
            owe = amount - mine
            if owe < 1:
                continue
            room = nxt["cost"] - sum(nxt["pledges"].values())
            others = sum(a for r, a in self._owed(init).items() if r != self.me)
            cmd = Pledge(ident, owe)
            if owe <= room - others and self.ok(cmd):
                return cmd
            name = talk.short_name(init)
            have = credits_of(self.view, self.me)
            now = max(0, min(owe, room - others, have))
            if not said(self.view, "I said I'd pledge", name):
                reason = (f"the last {others} cr of it are other owners' minimum shares"
                          if others and room - others < owe <= room else
                          f"only {room} cr of it is still open" if room < owe else
                          f"I hold only {have} cr now" if have < owe else
                          "the rules won't take the pledge now")
                return self.say(assist.pledge_changed(amount, name, mine + now, reason))
            if now >= 1 and self.ok(Pledge(ident, now)):
                return Pledge(ident, now)
        return None

    def _answer_requests(self) -> Command | None:
        """Answer a person's request for credits: the seat asked, or the one with most to
        spare, sends them (a promise in chat, then the transfer) or says why it cannot."""
        chat = chat_now(self.view)
        for n, message in self._human_messages():
            amount = talk.credit_request(message["text"])
            who = message["sender"]
            if amount is None:
                continue
            others = [r for r in ROLES if r != who]
            named = talk.named_roles(message["text"], others)
            if named and self.me not in named:
                continue
            answerers = {self.me} if named else {r for r in others if r not in self.people}
            if any(m["sender"] in answerers and ROLE_NAMES[who] in m["text"]
                   for m in chat[n + 1:]):
                continue  # already answered
            spare: dict[str, int] = {r: credits_of(self.view, r) - self._committed(r)
                                     for r in others if r not in self.people}
            if not named and max(spare, key=lambda r: (spare[r], -ROLES.index(r))) != self.me:
                continue  # a teammate with more to spare will answer
            if pooled(self.view):
                return self.say(f"{ROLE_NAMES[who]}, the budget is pooled now: you can "
                                f"pledge straight from the team pool ({credits_of(self.view, who)}"
                                " cr).")
            have = credits_of(self.view, self.me)
            if spare[self.me] >= amount:
                return self.say(talk.sending(who, amount, "", have - amount, self.rand))
            return self.say(talk.cannot_send(who, amount, have, self.q, self.rand))
        return None

    def _investigate_asked(self) -> Command | None:
        """A person asks a bot to investigate ("FinOps, can you investigate your clue on the
        chatbot?"): the bot named, or else the first bot with a clue of its own still hidden
        on that incident, pays for it, then quotes what it found; or says it has no AP left.
        Once per ask. The incident is the one the message names, or the only one open."""
        chat = chat_now(self.view)
        incidents = open_incidents(self.view)
        for n, message in self._human_messages():
            text, who = message["text"], message["sender"]
            if not assist.investigate_request(text):
                continue
            named = assist.incidents_named(text, incidents)
            incident = named[0] if named else (incidents[0] if len(incidents) == 1 else None)
            if incident is None:
                continue
            title = incident["title"]
            hidden = {c["role"] for c in incident.get("investigable", [])}
            roles = talk.named_roles(text, [r for r in ROLES if r != who])
            asked = next((r for r in roles or ROLES if r not in self.people
                          and (roles or r in hidden)), None)
            if asked != self.me:
                continue
            later = [m["text"] for m in chat[n + 1:] if m["sender"] == self.me]
            found = [c for c in incident["clues"] if c["role"] == self.me
                     and c["source"] == "found"]
            if any(title in t and ("I investigated" in t or "to investigate" in t
                                   or f"investigating {title}" in t) for t in later):
                continue  # answered
            mine = next((c for c in incident.get("investigable", []) if c["role"] == self.me),
                        None)
            if mine is None:
                if found:
                    return self.say(f"{ROLE_NAMES[who]}, I investigated {title}: "
                                    f"'{found[-1]['text']}'")
                return self.say(f"{ROLE_NAMES[who]}, on {title} I have nothing left to "
                                "investigate: my clues are all on the table.")
            cmd = Investigate(incident["id"], mine["id"])
            if self.ok(cmd) and self.spare_ap() >= int(mine["ap"]):
                return cmd
            if self.ok(cmd):  # it would take the AP my part of a plan needs: say so instead
                return self.say(f"{ROLE_NAMES[who]}, investigating {title} takes {mine['ap']} "
                                "AP, and I need the AP I have left for my part of the plans "
                                "this quarter, so I won't. Investigate yourself, or ask me "
                                "next quarter.")
            return self.say(f"{ROLE_NAMES[who]}, I've no action point left this quarter to "
                            f"investigate on {title} (it takes {mine['ap']} AP).")
        return None
