"""Discussing a cause another proposed: backing it, doubting it, or saying it is unsettled."""

from __future__ import annotations

from typing import Any

from triops.game.bots import assist, talk
from triops.game.bots.reading import open_incidents, said, who_said
from triops.game.bots.teammate.evidence import Evidence
from triops.game.model.commands import Command, Diagnose
from triops.game.model.vocab import ROLE_NAMES, ROLES


class Discussing(Evidence):
    """What I think of a teammate's or a person's proposed cause, said once."""

    def discuss(self) -> Command | None:
        """Say what I think of a proposed cause (once my own clues are out): a person's, or
        a teammate bot's when my own clue backs it."""
        if self.level == "novice" and not self.assisting:
            return None
        if self.people:
            said_it = self._review_drafts()
            if said_it is not None:
                return said_it
        return self._second()

    def _second(self) -> Command | None:
        """Back a teammate's diagnosis with what my own seat saw, once per incident."""
        if not self.style.pool_clues:
            return None
        for incident in open_incidents(self.view):
            title = incident["title"]
            proposers = who_said(self.view, title, "the cause is") - self.people
            if not proposers or incident["diagnosis_by"] in self.people:
                continue
            cause = incident["diagnosis"] or self.book.best_guess(incident)[0]
            by = sorted(proposers)[0]
            backers = [r for r in ROLES if r not in (by, *self.people)]
            if cause is None or not backers or backers[0] != self.me:
                continue
            mine = [c for c in incident["clues"] if c["role"] == self.me
                    and self.book.speaks_for(incident, c, cause)]
            if not mine or said(self.view, title, "agree"):
                continue
            if self.assisting and not self._favours(incident, cause):
                continue  # beside a person, back only what my own clues favour
            return self.say(talk.second(title, ROLE_NAMES[self.me], mine[0]["text"], self.rand))
        return None

    def _review_drafts(self) -> Command | None:
        """Say what I think of a person's proposed cause, in the draft or in chat, once per
        proposal: agree only when my own clues favour it over the other causes and the
        team's clues do not point elsewhere; push back, quoting the clue, when a clue the
        team can see contradicts it; otherwise say my clues don't settle it (and adopt it
        as the draft: it is their call)."""
        for incident in open_incidents(self.view):
            title = incident["title"]
            texts = {d["id"]: d["text"] for d in incident["diagnoses"]}
            best, p, _ = self.book.best_guess(incident, self.evidence_roles())
            proposals: list[tuple[str, str]] = []
            if incident["diagnosis"] and incident["diagnosis_by"] in self.people:
                proposals.append((incident["diagnosis_by"], incident["diagnosis"]))
            for _, message in self._human_messages():
                said_cause = talk.mentioned_diagnosis(message["text"], incident)
                if said_cause and (title.lower() in message["text"].lower()
                                   or len(open_incidents(self.view)) == 1):
                    proposals.append((message["sender"], said_cause))
            for who, cause in proposals:
                if best is None:
                    continue
                key = talk.opening(talk.lower_first(talk.excerpt(texts[cause], 10)))
                if said(self.view, title, ROLE_NAMES[who], key) or (
                        who_said(self.view, title, ROLE_NAMES[who], key) - self.people):
                    continue  # this proposal has had its answer, from me or a teammate bot
                if any(d["id"] == cause and d.get("correct") is False
                       for d in incident["diagnoses"]):
                    return self.say(assist.ruled_out(title, who, texts[cause], texts[best]))
                favoured = self._favours(incident, cause)
                if cause == best and (favoured or not self.assisting):
                    if incident["diagnosis"] is None and self.ok(Diagnose(incident["id"], cause)):
                        return Diagnose(incident["id"], cause)
                    return self.say(talk.agree_with(title, who, texts[cause], self.rand))
                against = [c for c in incident["clues"]
                           if self.book.speaks_for(incident, c, best)
                           and not self.book.speaks_for(incident, c, cause)]
                if p >= 0.6 and against:
                    own = [c for c in against if c["role"] == self.me]
                    seats = self.team["seats"]
                    voices = [c["role"] for c in against if c["role"] not in self.people
                              and (self.assisting or not seats[c["role"]]["ready"])]
                    if not own and voices and voices[0] != self.me:
                        continue  # the teammate whose own clue it is says so
                    clue = own[0] if own else against[0]
                    drafted = incident["diagnosis"] == cause
                    return self.say(assist.doubt(title, who, texts[cause], texts[best],
                                                 clue["role"], clue["text"], bool(own),
                                                 drafted))
                if incident["diagnosis"] is None and self.ok(Diagnose(incident["id"], cause)):
                    return Diagnose(incident["id"], cause)  # their call, drafted for them
                if self.assisting:  # honest: my clues neither back it nor rule it out
                    return self.say(self._unsettled(incident, who, cause))
                if p < 0.6:
                    return self.say(talk.agree_with(title, who, texts[cause], self.rand))
        return None

    def _unsettled(self, incident: dict[str, Any], who: str, cause: str) -> str:
        """My clues don't settle a proposed cause: say what they fit and what would tell."""
        title = incident["title"]
        texts = {d["id"]: d["text"] for d in incident["diagnoses"]}
        theirs = talk.lower_first(talk.excerpt(texts[cause], 10))
        mine = [c for c in incident["clues"] if c["role"] == self.me]
        own = self.book.posterior(incident, [self.me])
        quoted = talk.sentence(talk.excerpt(mine[0]["text"], 14)) if mine else ""
        rivals = [d for d in sorted(own, key=lambda d: -own[d]) if d != cause
                  and own[d] >= own.get(cause, 0.0) - 1e-9][:1]
        out = f"{ROLE_NAMES[who]}, on {title}: that {theirs} is possible, but "
        if mine:
            out += (f"my clue ('{quoted}') doesn't settle it"
                    + (f": it fits '{talk.lower_first(talk.excerpt(texts[rivals[0]], 10))}' "
                       "just as well." if rivals else "."))
        else:
            out += "I hold no clue of my own that settles it."
        apart = self._tellers(incident)
        if apart:
            out += f" What would tell the causes apart: {apart}."
        return out + " I won't change your draft."
