"""Talking money with a person: the shares they owe on co-owned lines, and idle money."""

from __future__ import annotations

from triops.game.bots import assist, talk
from triops.game.bots.funding import Split
from triops.game.bots.reading import by_id, credits_of, pooled, said, who_said
from triops.game.bots.teammate.artefacts import ROADMAP_DRAFTERS
from triops.game.bots.teammate.money_plan import listing_owed
from triops.game.bots.teammate.roadmap_plan import RoadmapPlan
from triops.game.model.commands import Command, SetRoadmap
from triops.game.model.state import RoadmapEntry
from triops.game.model.vocab import ROLE_NAMES, ROLES
from triops.game.rules.artefact_rules import MAX_REASON


class MoneyTalk(RoadmapPlan):
    """Reminders of a person's missing shares, and lines to add when money sits idle."""

    def suggest_funding(self) -> Command | None:
        """Beside a person, when money sits idle with no roadmap line due this quarter (it
        lapses above the carry-over cap), the roadmap's drafter suggests lines once, and
        adds them when the person agrees."""
        if not self.assisting or self.q == 0:
            return None
        needle = f"add to the roadmap for Q{self.q}"
        if said(self.view, needle):  # I suggested lines (or answered with them)
            if any(r["quarter"] == self.q and str(r.get("reason", "")).startswith(
                    "Money was idle") for r in self.team["roadmap_revisions"]):
                return None  # added once: a yes is not a standing order
            lines = self._idle_lines()
            if lines and self._agreed_after(needle):
                entries = (*(RoadmapEntry(**e) for e in self.team["roadmap"]), *lines)
                reason = "Money was idle with no line due; added " + talk.listing(
                    self._line_words(lines))
                cmd = SetRoadmap(tuple(entries), reason[:MAX_REASON])
                return cmd if self.ok(cmd) else None
            return None
        if self.me != self.first_bot(ROADMAP_DRAFTERS) or self.wanted():
            return None
        lines = self._idle_lines()
        held = credits_of(self.view, self.me) if pooled(self.view) else sum(
            credits_of(self.view, r) for r in ROLES)
        spare = held - sum(self.reserve().values())
        initiatives = by_id(self.view)
        if not lines or spare < min(initiatives[e.initiative]["levels"][e.level]["cost"]
                                    for e in lines):
            return None
        return self.say(assist.funding_advice(self.q, self._line_words(lines),
                                              sorted(self.people), held))

    def nudge(self) -> Command | None:
        """Remind a person, once a quarter, of the co-owned purchases that need their share."""
        if not self.people or not self.style.talk or self.level == "novice":
            return None
        plan = self._plan_split()
        if plan is None or pooled(self.view):
            return None
        initiatives = by_id(self.view)
        piece = self._missing_piece(plan)
        if piece is not None:
            return piece
        for person in sorted(self.people):
            if any(said(self.view, ask, ROLE_NAMES[person]) or (
                    who_said(self.view, ask, ROLE_NAMES[person]) - self.people)
                   for ask in ("your share", "your minimum share")):
                continue  # asked already, by me or a teammate bot: once is enough
            owed = []
            for ident in plan.order:
                init = initiatives[ident]
                nxt = init["next"]
                if nxt is None or len(init["owners"]) < 2 or person not in init["owners"]:
                    continue
                owes = nxt["min_share"] - nxt["pledges"].get(person, 0)
                if owes > 0:
                    owed.append((talk.short_name(init), owes))
            if owed:
                return self.say(talk.needs_share(person, owed, self.rand))
        return None

    def _missing_piece(self, plan: Split) -> Command | None:
        """When a person's minimum share is all a co-owned line still lacks, ask them for
        exactly that (once per line, by one bot: an owner if any); when a person put in so
        much that another owner's minimum has no room, ask them to make room."""
        initiatives = by_id(self.view)
        short: list[tuple[str, dict[str, int]]] = []  # lines only a person's share holds up
        for ident in [*plan.order, *plan.blocked]:
            init = initiatives[ident]
            nxt = init["next"]
            if nxt is None or nxt["bought_this_quarter"] or len(init["owners"]) < 2:
                continue
            owed = self._owed(init)
            room = nxt["cost"] - sum(nxt["pledges"].values())
            people_owe = {r: a for r, a in owed.items() if r in self.people}
            name = talk.short_name(init)
            bots = [r for r in init["owners"] if r not in self.people] or [
                r for r in ROLES if r not in self.people]
            if bots[0] != self.me or said(self.view, "minimum share", name):
                continue
            level = nxt["level"]
            if people_owe and room == sum(people_owe.values()) and len(people_owe) == len(owed):
                short.append((f"{name} ({level})", people_owe))
                continue
            if ident in plan.blocked and owed:
                over = {r: int(a) - int(nxt["min_share"]) for r, a in nxt["pledges"].items()
                        if r in self.people and int(a) > int(nxt["min_share"])}
                bots_over = any(int(a) > (int(nxt["min_share"]) if r in init["owners"] else 0)
                                for r, a in nxt["pledges"].items() if r not in self.people)
                if over and not bots_over:
                    r = max(over, key=lambda x: over[x])
                    gap = min(over[r], sum(owed.values()))
                    return self.say(
                        f"{ROLE_NAMES[r]}: {name} ({level}) is fully pledged, but every owner "
                        f"must put in its minimum share and {listing_owed(owed)} "
                        f"{'is' if len(owed) == 1 else 'are'} missing, so it would bounce. "
                        f"Could you take back your pledge and pledge {gap} cr less, so the "
                        "missing share fits?")
        people_asked = {r for _, owe in short for r in owe if said(
            self.view, "your share", ROLE_NAMES[r]) or who_said(
            self.view, "your share", ROLE_NAMES[r]) - self.people}
        short = [(name, owe) for name, owe in short if not set(owe) <= people_asked]
        if short:  # one message for every such line, not one a line
            who = talk.listing(sorted({ROLE_NAMES[r] for _, owe in short for r in owe}))
            asks = talk.listing([f"{name} {_owed_words(owe)}" for name, owe in short])
            them = "it and it is" if len(short) == 1 else "them and they are"
            return self.say(f"{who}: only your minimum share as co-owner is missing on {asks}. "
                            f"Please pledge {them} bought this quarter.")
        return None


def _owed_words(owe: dict[str, int]) -> str:
    """"1 cr", or "DataOps 1 cr and FinOps 2 cr" when more than one person owes."""
    if len(owe) == 1:
        return f"{next(iter(owe.values()))} cr"
    return talk.listing([f"{ROLE_NAMES[r]} {a} cr" for r, a in owe.items()])
