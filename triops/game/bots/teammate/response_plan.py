"""The responses a bot would commit: the set of plans that scores best together, and why each."""

from __future__ import annotations

import itertools
from typing import Any

from triops.game.bots import talk
from triops.game.bots.beliefs import expected_value, learned_classes, nothing_value
from triops.game.bots.reading import cached, credits_of, my_ap, open_incidents, pooled
from triops.game.bots.teammate.evidence import Evidence
from triops.game.model.vocab import ROLE_NAMES, ROLES
from triops.game.rules.artefact_rules import MAX_REASON
from triops.game.rules.seat_rules import treats_diagnosis


class ResponsePlan(Evidence):
    """The response to each open incident, chosen together, and the words that justify it."""

    def _responses(self) -> dict[str, dict[str, Any] | None]:
        """The response to draft for each open incident that has none, chosen together.

        Action points and credits are shared by every incident of the quarter, so the bot
        picks the set of responses that scores best and that the seats can afford together,
        counting "do nothing" (the incident escalates) as an option for each.
        """
        return cached(self.view, "responses", self._plan_responses)

    def _plan_responses(self, with_people: bool = False) -> dict[str, dict[str, Any] | None]:
        learned = learned_classes(self.view) if self.level == "expert" else {}
        pending = [i for i in open_incidents(self.view) if i["response"] is None][:4]
        choices: list[list[tuple[float, dict[str, Any] | None]]] = []
        for incident in pending:
            row: list[tuple[float, dict[str, Any] | None]] = []
            post = self._believed(incident)
            for option in incident["responses"]:
                if option["missing"] or not self._treats_call(incident, option, post):
                    continue
                if self.style.responses == "own-lane" and (
                        set(option["cost"]) | set(option["ap"])) - {self.me}:
                    continue
                if not with_people and self.people & (set(option["cost"]) | set(option["ap"])):
                    continue  # a person's AP and credits are theirs to commit, not a bot's
                row.append((self._score(option, incident, post, learned), option))
            # The best few options, and doing nothing (the incident escalates), are enough
            # to find the best set the team can afford.
            row = sorted(row, key=lambda c: c[0], reverse=True)[:4]
            choices.append([*row, (nothing_value(incident), None)])
        ap = {r: int(s["ap"]) for r, s in self.team["seats"].items()}
        cash: dict[str, int] = {r: credits_of(self.view, r) for r in ROLES}
        best: tuple[float, tuple[dict[str, Any] | None, ...]] = (float("-inf"), ())
        pool = pooled(self.view)
        for combo in itertools.product(*choices):
            score = 0.0
            for c in combo:
                score += c[0]
            if score <= best[0] or not _affordable([c[1] for c in combo], ap, cash, pool):
                continue
            best = (score, tuple(c[1] for c in combo))
        return {inc["id"]: option for inc, option in zip(pending, best[1], strict=False)}

    def _treats_call(self, incident: dict[str, Any], option: dict[str, Any],
                     post: dict[str, float]) -> bool:
        """Whether the team may draft `option` under its diagnosis (a plan that treats a
        cause needs that cause diagnosed: `rules.seat_rules.treats_diagnosis`), or under the
        call I would draft when there is none yet."""
        plan = self.book.plan(incident, option["id"])
        call = incident["diagnosis"] or (max(post, key=lambda c: post[c]) if post else None)
        return plan is None or treats_diagnosis(plan.fits, call)

    def _free_share(self) -> bool:
        """Whether my next clue posted this quarter is free (the first ones are)."""
        rules = self.view["briefing"].get("rules", {})
        return int(self.team["seats"][self.me].get("shared", 0)) < int(
            rules.get("free_shares", 1))

    def _share_affordable(self) -> bool:
        """Whether posting a clue leaves the AP the planned responses need from me."""
        rules = self.view["briefing"].get("rules", {})
        return self._free_share() or self.spare_ap() >= int(rules.get("share_ap", 1))

    def spare_ap(self) -> int:
        """My action points left once the planned responses have taken theirs. Beside a
        person, that counts my part of the plans the person would commit too: sharing and
        investigating must not spend the AP those plans need from me."""
        plans = (cached(self.view, "responses-with-people",
                        lambda: self._plan_responses(with_people=True))
                 if self.people else self._responses())
        need = sum(int(o["ap"].get(self.me, 0)) for o in plans.values() if o)
        return my_ap(self.view) - need

    def _score(self, option: dict[str, Any], incident: dict[str, Any],
               post: dict[str, float], learned: dict[str, float]) -> float:
        how = self.style.responses
        if how == "cheapest":
            cheap: float = -sum(option["cost"].values()) - 0.1 * sum(option["ap"].values())
            return cheap
        if how == "dearest":  # price and length read as thoroughness
            return float(sum(option["cost"].values())) + 0.001 * len(option["text"])
        if how == "over":
            plan = self.book.plan(incident, option["id"])
            return 10.0 if plan is not None and plan.klass == "over" else -float(
                sum(option["cost"].values()))
        return expected_value(option, incident, self.view, self.book, post, learned)

    def _justify(self, incident: dict[str, Any], option: dict[str, Any]) -> str:
        """The one line the debrief quotes: the cause this plan treats and what it costs."""
        plan = self.book.plan(incident, option["id"])
        cost = sum(option["cost"].values())
        ap = sum(option["ap"].values())
        texts = {d["id"]: d["text"] for d in incident["diagnoses"]}
        if plan is not None and plan.klass == "over":
            return (f"The clues do not yet tell the causes apart; this stops the harm "
                    f"whatever it is, for {cost} cr and side effects we accept.")
        cause = next((c for c in (plan.fits if plan else ()) if c in texts), None)
        if cause is None:
            return f"The cheapest plan we can afford this quarter ({cost} cr, {ap} AP)."
        tail = f"{cost} cr and {ap} AP now cost less than leaving it open."
        for words in (14, 10, 6):  # whole clauses only, within what a reason may hold
            gist = talk.lower_first(talk.excerpt(texts[cause], words))
            reason = f"It treats the cause we diagnosed, {gist}; {tail}"
            if len(reason) <= MAX_REASON:
                return reason
        return f"It treats the cause we diagnosed; {tail}"

    def _why(self, incident: dict[str, Any], option: dict[str, Any]) -> str:
        """Why this plan, in a teammate's words: the cause it treats, or why not."""
        plan = self.book.plan(incident, option["id"])
        if plan is None or plan.klass in ("poor", "partial"):
            # Honest about it, and about why: "it's what we can afford" beside a fix that
            # cost the same read as nonsense to a newcomer.
            return f"It won't fix the cause, only ease the harm: {self._why_not_the_fix(incident)}"
        if plan.klass == "over":
            return ("We can't yet tell the causes apart, so this stops the harm whatever it "
                    "is; it will cost us elsewhere.")
        texts = {d["id"]: d["text"] for d in incident["diagnoses"]}
        cause = next((c for c in plan.fits if c in texts), None)
        if cause is None:
            return "It treats the cause we agreed on."
        return f"It treats what we think is going on: {talk.lower_first(texts[cause])}"

    def _why_not_the_fix(self, incident: dict[str, Any]) -> str:
        """Why the team cannot take the plan that treats the cause it believes now."""
        post = self._believed(incident)
        if not post:
            return "we can't tell the cause yet."
        cause = max(post, key=lambda c: post[c])
        fixes = [o for o in incident["responses"]
                 if (p := self.book.plan(incident, o["id"])) is not None and p.klass == "good"
                 and cause in p.fits]
        if post[cause] < 0.6 or not fixes:
            return "the clues still leave the cause open, and this eases the harm whichever it is."
        fix = min(fixes, key=lambda o: sum(o["cost"].values()))
        if fix["missing"]:
            return "the plan that treats it needs what we have not got in place yet."
        seats = self.team["seats"]
        theirs = sorted(self.people & (set(fix["ap"]) | set(fix["cost"])))
        if theirs:  # a bot never spends a person's AP or credits
            who = talk.listing([ROLE_NAMES[r] for r in theirs])
            return (f"the plan that treats it needs {who}'s part, so it is {who}'s to commit "
                    "(p) if you agree.")
        short = _short_of_ap([fix], {r: int(s["ap"]) for r, s in seats.items()})
        if short:
            return (f"the plan that treats it needs action points "
                    f"{talk.listing([ROLE_NAMES[r] for r in short])} no longer has this quarter.")
        if not _cash_enough([fix], {r: credits_of(self.view, r) for r in ROLES},
                            pooled(self.view)):
            return "the plan that treats it costs more credits than we hold now."
        return ("the action points the fix needs go to the plans for our other incidents this "
                "quarter.")


def _affordable(options: list[dict[str, Any] | None], ap: dict[str, int],
                cash: dict[str, int], pool: bool) -> bool:
    return not _short_of_ap(options, ap) and _cash_enough(options, cash, pool)


def _needs(options: list[dict[str, Any] | None], key: str) -> dict[str, int]:
    """What the options ask of each seat together ("ap" or "cost")."""
    need: dict[str, int] = {}
    for option in options:
        for r, n in (option or {}).get(key, {}).items():
            need[r] = need.get(r, 0) + int(n)
    return need


def _short_of_ap(options: list[dict[str, Any] | None], ap: dict[str, int]) -> list[str]:
    """The seats that have fewer AP than the options ask of them."""
    return [r for r, n in _needs(options, "ap").items() if n > ap.get(r, 0)]


def _cash_enough(options: list[dict[str, Any] | None], cash: dict[str, int],
                 pool: bool) -> bool:
    need = _needs(options, "cost")
    if pool:
        return sum(need.values()) <= cash[ROLES[0]]
    return all(n <= cash.get(r, 0) for r, n in need.items())
