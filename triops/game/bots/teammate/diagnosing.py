"""Finding an incident's cause: sharing clues, asking, investigating and drafting the diagnosis."""

from __future__ import annotations

from typing import Any

from triops.game.bots import assist, talk
from triops.game.bots.reading import chat_now, open_incidents, said, who_said
from triops.game.bots.teammate.response_plan import ResponsePlan
from triops.game.model.commands import Command, Diagnose, Investigate, ShareClue
from triops.game.model.vocab import ROLES

# A cause this likely needs no more evidence.
SETTLED = 0.9


class Diagnosing(ResponsePlan):
    """Pooling the clues and committing to a cause once the evidence settles it."""

    def share(self) -> Command | None:
        """Post what this seat sees to the team, the most pressing incident first. The first
        clue of a quarter is free; a further one costs AP the responses may need, so it is
        posted only if the incident is not settled yet and the AP can be spared."""
        if not self.style.pool_clues or not self.style.share:
            return None
        if self.level == "novice" and self.rand.random() < 0.5:
            return None
        free = self._free_share()
        for incident in sorted(open_incidents(self.view), key=lambda i: -int(i["severity"])):
            mine = [c for c in incident["clues"]
                    if c["source"] in ("symptom", "found") and not c["shared"]]
            if not mine:
                continue
            if not free:
                # Beside a person, what settles it is what the team has been shown: my own
                # unshared clues settle nothing for them (a newcomer's diagnosis was judged a
                # guess while the bot that knew had kept its clue to itself).
                post = self.book.posterior(shared_only(incident) if self.people else incident)
                if post and max(post.values()) >= SETTLED:
                    continue  # the team can already tell: save the AP
                if not self._share_affordable():
                    continue
            for clue in mine:
                cmd = ShareClue(incident["id"], clue["id"])
                if self.ok(cmd):
                    return cmd
        return None

    def ask(self) -> Command | None:
        """Ask people for their side of an incident before anyone commits to a cause."""
        if not self.people or not self.style.pool_clues or self.level == "novice":
            return None
        for incident in open_incidents(self.view):
            if incident["diagnosis"] is not None:
                continue
            spoken = {c["role"] for c in incident["clues"]}
            silent = sorted(r for r in self.people if r not in spoken)
            if silent and not (said(self.view, incident["title"], "seeing")
                               or who_said(self.view, incident["title"], "seeing")):
                return self.say(talk.ask_for_clues(incident["title"], silent, self.rand))
        return None

    def investigate(self) -> Command | None:
        """Pay for a clue that would tell apart the causes the team still believes, keeping
        an action point back for the response (the expert keeps what its plan needs)."""
        if self.level == "novice":
            return None  # a novice goes with the first thing it sees
        for incident in open_incidents(self.view):
            clue = self._worth_finding(incident)
            if clue is not None:
                cmd = Investigate(incident["id"], clue["id"])
                if self.ok(cmd):
                    return cmd
        return None

    def _worth_finding(self, incident: dict[str, Any]) -> dict[str, Any] | None:
        """The cheapest clue this seat can afford that would settle more of the incident."""
        if incident["diagnosis"] is not None and incident["diagnosis_by"] in self.people:
            return None
        if self.style.diagnosis == "own":
            return None  # the lazy call is made on the clue in hand
        post = self.book.posterior(incident, self.evidence_roles())
        if not post or max(post.values()) >= SETTLED:
            return None
        # AP left once the responses the team plans have taken theirs: a careful seat pays
        # for another role's clue too when it would settle the call this quarter.
        spare = self.spare_ap()
        # A person's role's clue is theirs to post or dig (at their own-role price): a bot
        # that paid for it beside a newcomer spent the AP the person's plan then lacked, and
        # posted what the person already held. The joint review's free dig is still fine.
        options = [c for c in incident.get("investigable", [])
                   if c["ap"] <= spare and self.book.tells_apart(incident, c["id"], post)
                   and not (c["role"] in self.people and c["ap"] > 0)]
        return min(options, key=lambda c: (c["ap"], c["role"] != self.me, c["id"]),
                   default=None)

    def _can_learn_more(self, incident: dict[str, Any]) -> bool:
        return self._worth_finding(incident) is not None

    def _waiting_for(self, incident: dict[str, Any]) -> bool:
        """Whether a teammate bot that is still playing has not shown its clues yet."""
        if self.evidence_roles() is not None or self.level == "novice":
            return False
        spoken = {c["role"] for c in incident["clues"]}
        seats = self.team["seats"]
        return any(r not in spoken and r != self.me and r not in self.people
                   and not seats[r]["ready"] for r in ROLES)

    def diagnose(self) -> Command | None:
        for incident in open_incidents(self.view):
            current = incident["diagnosis"]
            if incident["diagnosis_by"] in self.people:
                continue  # a person's call: comment in chat, never overwrite
            lazy = self.style.diagnosis == "own"  # calls it from its own clue, at once
            if current is not None and (lazy or not self.style.pool_clues):
                continue  # a silo does not revisit another desk's call
            best, p, backing = self.book.best_guess(incident, self.evidence_roles())
            if best is None or best == current:
                continue
            if self.level != "novice" and not lazy:
                if self._waiting_for(incident):
                    continue
                settled = p >= SETTLED or (p >= 0.8 and len(backing) >= 2)
                if not settled and self._can_learn_more(incident):
                    continue  # an investigation this seat can pay for will tell
                if not settled and self._teammate_may_learn(incident):
                    continue
                if current is not None:
                    post = self.book.posterior(incident, self.evidence_roles())
                    if post.get(current, 0.0) + 0.15 >= p:
                        continue
            cmd = Diagnose(incident["id"], best)
            if not self.ok(cmd):
                continue
            text = next(d["text"] for d in incident["diagnoses"] if d["id"] == best)
            if self.assisting and not self._person_view(incident, best):
                title = incident["title"]
                if not said(self.view, title, "what's your view") and not (
                        who_said(self.view, title, "what's your view") - self.people):
                    mine = [c["text"] for c in incident["clues"] if c["role"] == self.me]
                    post = self.book.posterior(incident, self.evidence_roles())
                    texts = {d["id"]: d["text"] for d in incident["diagnoses"]}
                    rival = max((d for d in post if d != best), key=lambda d: post[d],
                                default=None)
                    alt = texts[rival] if rival is not None and post[rival] >= 0.05 else ""
                    heard = any(c["role"] in self.people for c in incident["clues"])
                    return self.say(assist.hypothesis(title, text, mine, p, sorted(self.people),
                                                      alt, self._tellers(incident), heard))
                continue  # the team commits once the person has had their say
            if self.level != "novice" and not said(self.view, incident["title"], "the cause is"):
                if current is None and self._busy(who_said(self.view, incident["title"],
                                                           "the cause is")):
                    continue  # a teammate has just put a cause forward: let them draft it
                return self.say(talk.hypothesis(incident["title"], text, backing, self.me, p,
                                                self.rand)) or cmd
            return cmd
        return None

    def _person_view(self, incident: dict[str, Any], best: str) -> bool:
        """Whether a person has given their view on my reading of an incident: they named
        this cause, or said yes after a bot's hypothesis (the last such word counts), or have
        had a fair share of the quarter. A person who named another cause has not agreed:
        the cause is then theirs to draft (and I say what my clues make of it)."""
        if self.fair_share():
            return True
        title = incident["title"]
        chat = chat_now(self.view)
        asked = [n for n, m in enumerate(chat) if m["sender"] not in self.people
                 and title in m["text"] and "what's your view" in m["text"]]
        single = len(open_incidents(self.view)) == 1
        verdict = False
        for n, m in enumerate(chat):
            if m["sender"] not in self.people:
                continue
            cause = talk.mentioned_diagnosis(m["text"], incident)
            if cause is not None and (single or title.lower() in m["text"].lower()):
                verdict = cause == best
            elif assist.agrees(m["text"]) and assist.answered(chat, self.people, n) in asked:
                verdict = True
        return verdict

    def _teammate_may_learn(self, incident: dict[str, Any]) -> bool:
        """Whether a teammate bot still playing holds an unfound clue of its own that would
        settle the incident: give it the chance before committing to a guess."""
        seats = self.team["seats"]
        post = self.book.posterior(incident, self.evidence_roles())
        return any(c["role"] != self.me and c["role"] not in self.people
                   and not seats[c["role"]]["ready"] and seats[c["role"]]["ap"] >= 2
                   and self.book.tells_apart(incident, c["id"], post)
                   for c in incident.get("investigable", []))


def shared_only(incident: dict[str, Any]) -> dict[str, Any]:
    """The incident as the whole team sees it: only the clues posted to it."""
    return {**incident, "clues": [c for c in incident["clues"] if c["shared"]]}
