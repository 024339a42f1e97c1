"""Funding the plan: pledging, taking back stray pledges, helping a teammate short of credits."""

from __future__ import annotations

from triops.game.bots import assist, talk
from triops.game.bots.funding import Split, donor, my_part
from triops.game.bots.reading import by_id, credits_of, due_lines, pooled, said
from triops.game.bots.teammate.artefacts import ROADMAP_DRAFTERS
from triops.game.bots.teammate.money_plan import listing_owed
from triops.game.bots.teammate.roadmap_plan import RoadmapPlan
from triops.game.model.commands import Command, Pledge, Transfer, Unpledge
from triops.game.model.vocab import ROLE_NAMES, ROLES


class Pledging(RoadmapPlan):
    """This quarter's purchases paid (said first beside a person), and stray pledges undone."""

    def fund(self) -> Command | None:
        plan = self._plan_split()
        if plan is None:
            return None
        if self.people and self.style.talk:
            return self._fund_saying_it(plan)
        initiatives = by_id(self.view)
        mine = my_part(plan, self.me)
        stray = self._stray_pledge(plan)
        if stray is not None:
            return stray
        if pooled(self.view) and self.me != self.first_bot(ROADMAP_DRAFTERS):
            return None  # one seat pledges from the team pool
        speaker = self.first_bot(ROADMAP_DRAFTERS) if self.style.funding != "silo" else None
        if (self.me == speaker and self.style.talk and plan.order
                and not said(self.view, f"Q{self.q}", "fund")):
            # The budget seat announces the team's purchases once; the others just pledge.
            items = [(talk.short_name(initiatives[i]), initiatives[i]["next"]["level"],
                      initiatives[i]["next"]["cost"]) for i in plan.order
                     if initiatives[i]["next"]]
            keep = sum(credits_of(self.view, r) for r in ROLES) - sum(
                a for parts in plan.parts.values() for a in parts.values())
            if pooled(self.view):
                keep = credits_of(self.view, self.me) - sum(
                    a for parts in plan.parts.values() for a in parts.values())
            said_it = self.say(talk.funding_plan(self.q, items, keep, pooled(self.view),
                                                 self.rand))
            if said_it is not None:
                return said_it
        if not mine:
            return None
        have = credits_of(self.view, self.me)
        for ident, amount in mine:
            if amount > have:
                if not said(self.view, talk.short_name(initiatives[ident]), "cr"):
                    ask = self.say(talk.short_of(talk.short_name(initiatives[ident]),
                                                 amount - have, self.rand))
                    if ask is not None:
                        return ask
                continue
            cmd = Pledge(ident, amount)
            if self.ok(cmd):
                return cmd
        return None

    def _stray_pledge(self, plan: Split) -> Command | None:
        """Take back a pledge to something the plan no longer buys this quarter. Beside a
        person, never what I promised them, and only once I have said so and why."""
        promised = self._promises() if self.people else {}
        blocked = self._make_room(plan)
        if blocked is not None:
            return blocked
        for init in self.team["initiatives"]:
            nxt = init["next"]
            if init["id"] in plan.blocked:
                continue  # `_make_room`: only the seat that put in the most takes some back
            if nxt and nxt["pledges"].get(self.me) and init["id"] not in plan.parts:
                cmd = Unpledge(init["id"])
                if not self.ok(cmd) or init["id"] in promised:
                    continue
                name = talk.short_name(init)
                if self.people and not said(self.view, "taking back my", name):
                    reason = ("the team can't cover the rest of its "
                              f"{nxt['cost']} cr this quarter, so the pledge would bounce"
                              if init["id"] in self.wanted() else
                              "it is not on this quarter's plan any more")
                    told = self.say(assist.taking_back(nxt["pledges"][self.me], name, reason))
                    if told is not None:
                        return told
                    continue
                return cmd
        return None

    def _make_room(self, plan: Split) -> Command | None:
        """A line fully pledged while an owner's minimum share is missing bounces: the bot
        that put in most beyond its own minimum takes its pledge back (saying so beside a
        person), and pledges again leaving room for the missing shares. (A novice does not
        notice.)"""
        if self.level == "novice":
            return None
        initiatives = by_id(self.view)
        for ident in plan.blocked:
            init = initiatives[ident]
            nxt = init["next"]
            need = int(nxt["min_share"]) if len(init["owners"]) > 1 else 0
            excess = {r: int(a) - (need if r in init["owners"] else 0)
                      for r, a in nxt["pledges"].items() if r not in self.people}
            excess = {r: a for r, a in excess.items() if a > 0}
            if not excess or max(excess, key=lambda r: (excess[r], r)) != self.me:
                continue
            cmd = Unpledge(ident)
            if not self.ok(cmd):
                continue
            name = talk.short_name(init)
            if self.people and self.style.talk and not said(self.view, "taking back my", name,
                                                               "minimum"):
                owed = self._owed(init)
                reason = (f"it is fully pledged but {listing_owed(owed)} of owners' minimum "
                          f"share {'is' if len(owed) == 1 else 'are'} missing, so it would "
                          "bounce; I'll pledge again leaving room for it")
                told = self.say(assist.taking_back(nxt["pledges"][self.me], name, reason))
                if told is not None:
                    return told
            return cmd
        return None

    def _fund_saying_it(self, plan: Split) -> Command | None:
        """Beside a person: announce my own pledges (the amounts I will pledge, nothing
        else), then pledge exactly those (`_keep_pledges`)."""
        stray = self._stray_pledge(plan)
        if stray is not None:
            return stray
        if pooled(self.view) and self.me != self.first_bot(ROADMAP_DRAFTERS):
            return None  # one seat pledges from the team pool
        initiatives = by_id(self.view)
        promised = self._promises()
        have = credits_of(self.view, self.me) - sum(
            max(0, a - self._pledged(i)) for i, a in promised.items())
        new: list[tuple[str, int]] = []
        due = {line["initiative"] for line in due_lines(self.view)}
        ahead: list[str] = []  # pledged before the roadmap's quarter for them
        for ident, amount in my_part(plan, self.me):
            unkept = max(0, promised.get(ident, 0) - self._pledged(ident))
            extra = amount - unkept
            if extra < 1:
                continue
            name = talk.short_name(initiatives[ident])
            if extra > have:
                if not said(self.view, name, "cr short") and not said(self.view, name, "spare"):
                    ask = self.say(talk.short_of(name, extra - max(0, have), self.rand))
                    if ask is not None:
                        return ask
                continue
            new.append((name, extra))
            if ident not in due:
                ahead.append(name)
            have -= extra
        if not new:
            return None
        text = assist.pledges_said(self.q, new, ahead)
        if pooled(self.view):
            text = text.replace("from my envelope", "from the team pool")
        return self.say(text)

    def help(self) -> Command | None:
        """Send credits to a teammate who cannot cover its part of the plan."""
        if self.style.funding in ("silo", "freeze") or pooled(self.view):
            return None
        plan = self._plan_split()
        if plan is None:
            return None
        for role, gap in sorted(plan.short.items()):
            if role == self.me:
                continue
            if donor(self.view, self.reserve(), plan, gap) != self.me:
                continue
            cmd = Transfer(role, gap)
            if self.ok(cmd):
                if self.people and self.style.talk:  # said first; `_keep_promises` sends it
                    have = credits_of(self.view, self.me)
                    return self.say(f"{ROLE_NAMES[role]}, you're {gap} cr short for your part "
                                    f"of the plan: sending you {gap} cr. I'll still have "
                                    f"{have - gap} cr.")
                return cmd
        return None
