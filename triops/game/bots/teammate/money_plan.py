"""The team's money this quarter: what it buys, who pays what, what each seat keeps back."""

from __future__ import annotations

import random
from typing import Any

from triops.game.bots import assist, talk
from triops.game.bots.base import View
from triops.game.bots.funding import Split, my_part, split
from triops.game.bots.planner import next_worth
from triops.game.bots.reading import (
    by_id,
    cached,
    credits_of,
    due_lines,
    my_chat,
    open_incidents,
    pooled,
    prerequisites_bought,
    rank,
    role_of,
)
from triops.game.bots.teammate.chat_reading import ChatReading
from triops.game.model.vocab import LEVEL_RANK, ROLE_NAMES, ROLES

# Credits the team may hold before a bot funds roadmap lines ahead of their quarter.
FLUSH = 40
# Credits each seat keeps back for incident responses when funding.
RESERVE = {"novice": 1, "competent": 3, "expert": 3}


class MoneyPlan(ChatReading):
    """The purchases planned this quarter and every seat's part in them."""

    def reserve(self) -> dict[str, int]:
        """Credits each seat keeps back from funding: a little for surprises and, first,
        what the fixes for the incidents still open without a plan will take (what is
        burning comes before what is planned)."""
        keep = RESERVE.get(self.level, 3)
        if self.style.funding in ("all-in", "cheapest-first"):
            keep = 1
        if self.style.funding == "spend-all":
            keep = 0
        out: dict[str, int] = dict.fromkeys(ROLES, keep)
        if self.people and pooled(self.view):
            # A pooled budget is still partly the people's: bots never spend a person's
            # share of it (a workshop's bots pledged 58 of 64 cr, leaving the person 6).
            share = credits_of(self.view, ROLES[0]) * len(self.people) // len(ROLES)
            out[ROLES[0]] += share
        # A novice bot plays without that foresight, unless a person shares its team: then the
        # person's response must stay affordable (workshops seat novice bots in empty seats).
        if (self.level == "novice" and not self.people) or self.style.funding in (
                "spend-all", "cheapest-first"):
            return out
        for incident in open_incidents(self.view):
            if incident["response"] is not None:
                continue
            plans = [o for o in incident["responses"] if not o["missing"]]
            if self.people:
                # Beside a person, whichever plan they pick must stay affordable in the quarter
                # the incident opened. Later, only plans the bots can commit alone keep money
                # back: an incident left open for the person keeps nothing back from the
                # roadmap for good (that reserve once blocked every purchase, and money lapsed).
                mine = [o for o in plans if not self.people & (set(o["cost"]) | set(o["ap"]))]
                plans = plans if incident.get("opened", self.q) == self.q else mine
            if not plans:
                continue
            for role in ROLES:  # the median plan's part for each seat
                parts = sorted(int(o["cost"].get(role, 0)) for o in plans)
                # Beside a person, whichever plan they choose must be affordable: a newcomer
                # found every plan blocked by a bot's 1 cr short, and let the incident go.
                out[role] += parts[-1] if self.people else parts[len(parts) // 2]
        return out

    def wanted(self) -> list[str]:
        """Initiatives whose next level this team means to buy this quarter, in order."""
        initiatives = by_id(self.view)
        funding = self.style.funding
        if funding == "freeze":
            return []
        if funding == "all-in":
            focus = self._focus()
            if focus is None:
                return []
            init = initiatives[focus]
            return [focus] if init["next"] and not init["next"]["bought_this_quarter"] else []
        if funding == "silo":
            return [i for i, init in initiatives.items()
                    if init["discipline"] == self.me and init["next"]
                    and not init["next"]["bought_this_quarter"]
                    and rank(init) < 2 and prerequisites_bought(initiatives, init)]
        if funding in ("cheapest-first", "spend-all"):
            open_ = [init for init in initiatives.values() if init["next"]
                     and not init["next"]["bought_this_quarter"]
                     and not (init["needs_charter"] and self.team["charter_problems"])]
            if funding == "cheapest-first":
                open_.sort(key=lambda i: (i["next"]["cost"], i["id"]))
            else:  # no plan: whatever catches the eye this quarter
                order = random.Random(f"{self.style.whims}:{self.team['id']}:{self.q}")
                order.shuffle(open_)
            return [i["id"] for i in open_]
        out = []
        lines = due_lines(self.view)
        if self.level != "novice" and not self._keeps_timing() and self._flush():
            # Money is piling up: pull the next lines of the plan forward.
            later = sorted((e for e in self.team["roadmap"] if e not in lines),
                           key=lambda e: e["quarter"])
            lines = [*lines, *later]
        for line in lines:
            init = initiatives[line["initiative"]]
            nxt = init["next"]
            if nxt is None or nxt["bought_this_quarter"] or line["initiative"] in out:
                continue
            if nxt["wasted"]:
                continue  # it would land after the game: money for nothing, whatever the plan
            if rank(init) >= LEVEL_RANK[line["level"]]:
                continue
            if not prerequisites_bought(initiatives, init):
                continue
            if init["needs_charter"] and self.team["charter_problems"]:
                continue
            out.append(line["initiative"])
        if self.level != "novice" and len(out) > 1:
            # Behind the plan, a careful team buys first what matters most to the goals
            # today, not whichever line was due earliest.
            worth = {i: next_worth(self.view, initiatives[i], self.book.prevention.get(i, 0.0))
                     for i in out}
            out.sort(key=lambda i: -worth[i])
        return out

    def _keeps_timing(self) -> bool:
        """Whether the team follows a roadmap whose quarters were tuned by play (a given
        roadmap, or the playbook an expert brings): pulling its lines forward when money
        piles up adds their upkeep early and undoes that tuning (an expert that did so won
        74% of retail-experienced seeds against the competent team, one that keeps the
        playbook's quarters 84%)."""
        return self.style.roadmap is not None or (self.level == "expert"
                                                  and bool(self.book.playbook))

    def _flush(self) -> bool:
        """Whether the team holds far more than this quarter's plan and upkeep need."""
        total = sum(credits_of(self.view, r) for r in ROLES) if not pooled(self.view) else (
            credits_of(self.view, self.me))
        return total > FLUSH

    def _focus(self) -> str | None:
        initiatives = by_id(self.view)
        if self.style.focus:
            return self.style.focus if self.style.focus in initiatives else None

        def strength(init: dict[str, Any]) -> float:
            nxt = init["next"] or {"effects": {}, "cost": 1}
            return float(sum(nxt["effects"].values())) - 0.01 * float(nxt["cost"])

        free = [i for i in initiatives.values() if not i["prerequisites"]
                and not i["needs_charter"]]
        started = [i for i in free if rank(i) > 0]
        pool = started or free
        return max(pool, key=lambda i: (strength(i), i["id"]))["id"] if pool else None

    def _plan_split(self) -> Split | None:
        return cached(self.view, "split", self._split)

    def _split(self) -> Split | None:
        if self.q == 0:
            return None
        if self.style.funding == "silo":
            return _silo_split(self.view, self.wanted(), self.reserve()[self.me])
        return split(self.view, self.wanted(), self.reserve())

    def _committed(self, role: str) -> int:
        """Credits a bot seat means to pledge this quarter, plus its reserve."""
        plan = self._plan_split()
        parts = sum(p.get(role, 0) for p in plan.parts.values()) if plan else 0
        return parts + self.reserve()[role]

    def _names(self) -> dict[str, str]:
        return {i: talk.short_name(init) for i, init in by_id(self.view).items()}

    def _promises(self) -> dict[str, int]:
        """Initiative -> credits I have said in chat this quarter that I would pledge."""
        return cached(self.view, "promises",
                      lambda: assist.promises(my_chat(self.view), self._names()))

    def _pledged(self, ident: str) -> int:
        init = by_id(self.view).get(ident)
        nxt = init["next"] if init else None
        return int(nxt["pledges"].get(self.me, 0)) if nxt else 0

    def _owed(self, init: dict[str, Any]) -> dict[str, int]:
        """Owner -> the part of its minimum share it has not pledged yet (co-owned lines,
        separate envelopes)."""
        nxt = init["next"]
        if nxt is None or len(init["owners"]) < 2 or pooled(self.view):
            return {}
        need = int(nxt["min_share"])
        return {r: need - int(nxt["pledges"].get(r, 0)) for r in init["owners"]
                if int(nxt["pledges"].get(r, 0)) < need}

    def _spare(self, besides: str = "") -> tuple[int, int, int]:
        """(credits I hold, credits already meant for other things, my reserve)."""
        have = credits_of(self.view, self.me)
        plan = self._plan_split()
        meant = sum(a for i, a in (my_part(plan, self.me) if plan else []) if i != besides)
        meant += sum(max(0, a - self._pledged(i)) for i, a in self._promises().items()
                     if i != besides)
        return have, meant, self.reserve()[self.me]


def listing_owed(owed: dict[str, int]) -> str:
    """ "FinOps's 1 cr and MLOps's 2 cr": owners' missing minimum shares."""
    return talk.listing([f"{ROLE_NAMES[r]}'s {a} cr" for r, a in owed.items()])


def _silo_split(view: View, wanted: list[str], reserve: int) -> Split:
    """A silo seat pays for its own discipline's initiatives alone, as far as it can."""
    me = role_of(view)
    initiatives = by_id(view)
    out = Split()
    left = credits_of(view, me) - reserve
    for ident in wanted:
        nxt = initiatives[ident]["next"]
        room = nxt["cost"] - sum(nxt["pledges"].values())
        if room <= left:
            out.parts[ident] = {me: room} if room > 0 else {}
            out.order.append(ident)
            left -= max(0, room)
    return out
