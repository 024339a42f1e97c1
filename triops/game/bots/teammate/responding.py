"""Committing the responses and notifying stakeholders (beside a person, proposing them first)."""

from __future__ import annotations

from typing import Any

from triops.game.bots import assist, talk
from triops.game.bots.beliefs import expected_value
from triops.game.bots.reading import credits_of, open_incidents, pooled, said, who_said
from triops.game.bots.teammate.response_plan import ResponsePlan
from triops.game.model.commands import Command, Notify, Respond
from triops.game.model.vocab import ROLE_NAMES


class Responding(ResponsePlan):
    """Each incident's plan drafted, proposed or left to the person whose means it needs."""

    def respond(self) -> Command | None:
        plan = self._responses()
        for incident in open_incidents(self.view):
            if incident["diagnosis"] is None or incident["response"] is not None:
                continue
            option = plan.get(incident["id"])
            if option is None:
                proposal = self._propose_to_people(incident)
                if proposal is not None:
                    return proposal
                continue
            reason = "" if self.level == "novice" else self._justify(incident, option)
            cmd = Respond(incident["id"], option["id"], reason)
            if not self.ok(cmd):
                continue
            quote = talk.opening(talk.response_gist(option))
            title = incident["title"]
            if self.assisting:
                if not said(self.view, title, quote):
                    if who_said(self.view, title, quote) - self.people:
                        continue  # a teammate has proposed it and waits for the person
                    plan_text = talk.response_plan(title, option, self._why(incident, option),
                                                   self.rand)
                    if self.fair_share():  # no question it will not wait for: say it plainly
                        said_ = self.say(f"{plan_text} {assist.committing(sorted(self.people))}")
                        return said_ if said_ is not None else cmd
                    asked = self.say(f"{plan_text} {assist.response_question(sorted(self.people))}")
                    if asked is not None:
                        return asked
                    continue
                answer = self._answer_to(incident, title, quote)
                if answer == "no" or not (answer == "yes" or self.fair_share()):
                    continue  # proposed; the person says yes or has had their share, not no
                return cmd
            if self.level != "novice" and not said(self.view, title, quote):
                if self._busy(who_said(self.view, title, quote)):
                    continue  # a teammate has just proposed it: let them draft it
                return self.say(talk.response_plan(title, option,
                                                   self._why(incident, option),
                                                   self.rand)) or cmd
            return cmd
        return None

    def _propose_to_people(self, incident: dict[str, Any]) -> Command | None:
        """The plan I would pick needs a person's AP or credits: say so and let them commit
        it, once, rather than spend what is theirs."""
        if not self.people or self.level == "novice" or not self.style.talk:
            return None
        if said(self.view, incident["title"], "needs your") or (
                who_said(self.view, incident["title"], "needs your") - self.people):
            return None  # asked already, by me or a teammate bot
        post = self._believed(incident)
        seats = self.team["seats"]
        # Only a plan whose bot parts the bot seats can pay now: the person commits it, and
        # a teammate short of AP or credits would make it fail.
        options = [o for o in incident["responses"] if not o["missing"]
                   and self._treats_call(incident, o, post)
                   and all(int(seats[r]["ap"]) >= int(n) for r, n in o["ap"].items()
                           if r not in self.people)
                   and (pooled(self.view) or all(credits_of(self.view, r) >= int(n)
                                                 for r, n in o["cost"].items()
                                                 if r not in self.people))]
        if not options:
            return None
        best = max(options, key=lambda o: expected_value(o, incident, self.view, self.book,
                                                         post, {}))
        needs = sorted(self.people & (set(best["cost"]) | set(best["ap"])))
        if not needs:
            return None
        who = " and ".join(ROLE_NAMES[r] for r in needs)
        gist = talk.response_gist(best)
        bots = sorted((set(best["cost"]) | set(best["ap"])) - self.people)
        also = (f" It also takes {talk.listing([ROLE_NAMES[r] for r in bots])}'s part, "
                "which we can cover." if bots else "")
        return self.say(f"On {incident['title']}, I'd {talk.lower_first(gist)}: "
                        f"it needs your AP or credits, {who}, so it is yours to commit (p) "
                        f"if you agree.{also} {self._why(incident, best)}")

    def notify(self) -> Command | None:
        for incident in open_incidents(self.view):
            if incident["notified"]:
                told = f"I've notified on {incident['title']}"
                if (self.assisting and incident.get("notified_by") == self.me
                        and not any(m["sender"] == self.me and told in m["text"]
                                    for m in self.team["chat"])):
                    # Nothing on screen said it was done. Not "as agreed": the bot also
                    # acts once the person has had a fair share of the quarter, unasked (a
                    # tester read "as agreed" after never answering).
                    return self.say(f"I've notified on {incident['title']}: the "
                                    "stakeholders and the committee have it.")
                continue
            urgent = incident["clock_due"] is not None
            if incident["response"] is None and not urgent:
                continue
            # Telling stakeholders through the committee is cheap once it sits: a careful
            # team does it for anything serious, and always against a regulator's clock.
            if not (urgent or (self.level != "novice" and incident["severity"] >= 2
                               and self.team["committee_active"])):
                continue
            cmd = Notify(incident["id"])
            if self.assisting:
                # Telling a regulator or the stakeholders is the team's call: beside a person
                # a bot proposes it (whatever AP it has left: the person may notify, but it
                # offers to do it only when it can), and acts on a yes or once they have had
                # their share of the quarter.
                title = incident["title"]
                needle = f"notify on {title}"
                if self._asked_to_act(incident, "notif") and self.spare_ap() >= 1 \
                        and self.ok(cmd):
                    return cmd  # asked by name: done, and said so once it is
                if not said(self.view, needle):
                    if who_said(self.view, needle) - self.people:
                        continue  # a teammate has proposed it
                    can = self.spare_ap() >= 1 and self.ok(cmd)
                    return self.say(assist.notify_proposal(title, urgent, sorted(self.people),
                                                           can))
                if said(self.view, needle, "no action point to spare"):
                    continue  # it said it cannot; the offer stands as the person's to act on
                answer = self._answer_to(incident, needle)
                agreed = answer == "yes"
                if answer == "no" or not (agreed or self.fair_share()):
                    continue
                if agreed and not (self.spare_ap() >= 1 and self.ok(cmd)) and not said(
                        self.view, "no action point left this quarter to notify", title):
                    return self.say(f"On {title} I've no action point left this quarter to "
                                    "notify: please notify it yourself (m on the incident).")
            if self.spare_ap() >= 1 and self.ok(cmd):
                return cmd
        return None
