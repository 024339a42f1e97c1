"""What the clues say about an incident's cause, and what the team has made of it."""

from __future__ import annotations

from typing import Any

from triops.game.bots import talk
from triops.game.bots.reading import said, who_said
from triops.game.bots.teammate.chat_reading import ChatReading
from triops.game.model.vocab import ROLE_NAMES


class Evidence(ChatReading):
    """Weighing the causes from the clues this seat may count."""

    def evidence_roles(self) -> list[str] | None:
        pooling = self.style.pool_clues and self.style.diagnosis == "pooled"
        return None if pooling else [self.me]

    def _favours(self, incident: dict[str, Any], cause: str) -> bool:
        """Whether my own clues favour `cause` over every other cause, and what the team has
        shared does not favour another one."""
        own = self.book.posterior(incident, [self.me])
        others = [v for d, v in own.items() if d != cause]
        if not own or not others or own.get(cause, 0.0) <= max(others) + 1e-9:
            return False
        pooled = self.book.posterior(incident, self.evidence_roles())
        return pooled.get(cause, 0.0) >= max(pooled.values()) - 1e-9

    def _tellers(self, incident: dict[str, Any]) -> str:
        """Whose clues would tell the causes still believed apart, in words."""
        post = self.book.posterior(incident, self.evidence_roles())
        roles = sorted({c["role"] for c in incident.get("investigable", [])
                        if self.book.tells_apart(incident, c["id"], post)})
        spoken = {c["role"] for c in incident["clues"]}
        silent = sorted(r for r in self.people if r not in spoken)
        names = [f"what {ROLE_NAMES[r]} sees" for r in silent]
        names += [f"a {ROLE_NAMES[r]} clue found by investigating" for r in roles
                  if r not in silent]
        # No one to ask and nothing left to dig: say nothing ("What would tell them apart:
        # nothing." read as a shrug).
        return talk.listing(names[:2]) if names else ""

    def _believed(self, incident: dict[str, Any]) -> dict[str, float]:
        """What the team's draft diagnosis says, or else what the clues in view say."""
        drafted = incident["diagnosis"]
        post = self.book.posterior(incident, self.evidence_roles())
        if drafted is not None and self.people and self._pushed_back(incident, drafted):
            return post  # no plan built on a cause we pushed back on: what the clues say
        if self.people and any(d["id"] == drafted and d.get("correct") is False
                               for d in incident["diagnoses"]):
            # A person redrafted a cause the review ruled out: the verdict stands. (A bot
            # team keeps to its style: one that never revisits its call plans on that call.)
            return post
        if drafted is not None and self.level != "expert":
            return {d: (1.0 if d == drafted else 0.0) for d in post}
        return post

    def _pushed_back(self, incident: dict[str, Any], cause: str) -> bool:
        """Whether I or a teammate bot pushed back on this cause for this incident."""
        text = next((d["text"] for d in incident["diagnoses"] if d["id"] == cause), "")
        key = talk.opening(talk.lower_first(talk.excerpt(text, 10)))
        title = incident["title"]
        return said(self.view, title, "push back", key) or bool(
            who_said(self.view, title, "push back", key) - self.people)
