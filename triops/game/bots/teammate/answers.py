"""Answering a person's questions in team chat: clues, credits, co-funding, advice, why."""

from __future__ import annotations

from typing import Any

from triops.game.bots import assist, talk
from triops.game.bots.funding import my_part
from triops.game.bots.reading import (
    by_id,
    chat_now,
    credits_of,
    open_incidents,
    pooled,
)
from triops.game.bots.roadmap_check import roadmap_review
from triops.game.bots.teammate.explaining import Explaining
from triops.game.bots.teammate.money_plan import listing_owed
from triops.game.model.commands import Command, ShareClue
from triops.game.model.vocab import ROLE_NAMES, ROLES
from triops.game.rules.seat_rules import MAX_CHAT


class Answers(Explaining):
    """One answer per question, from what this seat sees."""

    def _answer_questions(self) -> Command | None:
        """Answer a person's question in team chat, once, from what this seat sees."""
        chat = chat_now(self.view)
        bots: list[str] = [r for r in ROLES if r not in self.people]
        initiatives = list(by_id(self.view).values())
        for n, message in self._human_messages():
            text, who = message["text"], message["sender"]
            if (talk.credit_request(text) is not None or assist.draft_request(text)
                    or assist.investigate_request(text)):
                continue  # a request for credits, to draft or to dig: answered by doing it
            found = assist.intent(text, initiatives,
                                  [i["title"] for i in open_incidents(self.view)])
            if found is None:
                continue
            kind, arg = found
            if kind == "question" and any(talk.mentioned_diagnosis(text, i)
                                          for i in open_incidents(self.view)):
                continue  # a proposed cause: `discuss` answers it
            if self._answerer(text, who, kind, arg, bots) != self.me:
                continue
            quoted = assist.quote(text)
            asked = sum(1 for m in chat[n:] if m["sender"] == who
                        and assist.quote(m["text"]) == quoted)
            prefix = f"{ROLE_NAMES[who]}, re {quoted}"
            answered = sum(1 for m in chat[n + 1:] if m["sender"] == self.me
                           and m["text"].startswith(prefix))
            if answered >= asked:
                continue
            if kind == "clue" and (posted := self._post_asked_clue(text)) is not None:
                return posted  # shown to the team first, so a diagnosis can count it
            return self.say(assist.reply(who, text, self._answer(kind, arg, who, text)))
        return None

    def _answerer(self, text: str, who: str, kind: str, arg: Any, bots: list[str]) -> str | None:
        """The bot that answers: the one named, else the one the question is about."""
        if not bots:
            return None
        named = talk.named_roles(text, [r for r in ROLES if r != who])
        if named:
            return next((r for r in named if r in bots), None)
        if kind == "cofund":
            return next((r for r in arg["owners"] if r in bots), bots[0])
        if kind == "clue":
            holders = [c["role"] for i in open_incidents(self.view) for c in i["clues"]
                       if c["role"] in bots]
            return holders[0] if holders else bots[0]
        return bots[0]

    def _answer(self, kind: str, arg: Any, who: str, text: str) -> str:
        if kind == "cofund":
            return self._answer_cofund(arg, who)
        if kind == "clue":
            return self._answer_clue(text)
        if kind == "credits":
            return self._answer_credits()
        if kind == "ap":
            return self._answer_ap()
        if kind == "why":
            return self._answer_why(text)
        if kind == "advice":
            return self._funding_advice()
        if kind == "review":
            return roadmap_review(self.view)
        titles = [i["title"] for i in open_incidents(self.view)]
        return assist.capabilities(titles)

    def _answer_cofund(self, init: dict[str, Any], who: str) -> str:
        name = talk.short_name(init)
        nxt = init["next"]
        if self.q == 0:
            return "nobody holds credits during setup; funding opens in Q1, ask me again then."
        if nxt is None:
            return f"{name} is already at run, its top level: there is nothing left to fund."
        if nxt["bought_this_quarter"]:
            return f"{name} already moved up a level this quarter; ask again next quarter."
        if init["needs_charter"] and self.team["charter_problems"]:
            return (f"{name} needs a charter that can work first: "
                    f"{self.team['charter_problems'][0]}.")
        room = nxt["cost"] - sum(nxt["pledges"].values())
        level = nxt.get("level", "")
        owed = self._owed(init)  # each owner's minimum share still missing
        short = listing_owed(owed)
        verb = "is" if len(owed) == 1 else "are"
        if room <= 0:
            if owed:
                return (f"{name} ({level}) has its {nxt['cost']} cr pledged, but the rules "
                        f"need every owner's minimum and {short} {verb} still missing, so "
                        "it would bounce. Someone who put in more than their share has to "
                        "take some back to make room.")
            return f"{name} ({level}) is fully pledged already ({nxt['cost']} cr)."
        theirs = owed.get(who, 0)
        mine = owed.get(self.me, 0)
        others = sum(a for r, a in owed.items() if r != self.me)  # the asker's share included
        have, meant, keep = self._spare(init["id"])
        unkept = max(0, self._promises().get(init["id"], 0) - self._pledged(init["id"]))
        spare = have - meant - keep - unkept
        # Never take the room another owner's minimum needs: it would block the purchase.
        amount = min(room - others, spare)
        if amount < mine and have - meant - unkept >= mine:
            amount = mine  # my own minimum share comes out of my reserve if need be
        if amount < 1:
            if room - others < 1:
                ask = (f" {ROLE_NAMES[who]}, please pledge exactly your {theirs} cr and it's "
                       "bought." if theirs and theirs == room else
                       " Each owner puts in their own.")
                return (f"I can't add to it: {name} ({level}) needs {room} cr more, and "
                        f"that is the owners' minimum shares ({short}).{ask}")
            # "I hold 2 cr and keep 3 cr back" read as a contradiction: say what is kept of
            # what is held.
            kept = min(keep, max(0, have - meant))
            uses = [f"{meant} cr of it is meant for this quarter's other lines"] if meant else []
            if kept:
                words = f"{kept} cr" if kept == keep else ("the rest" if meant else "all of it")
                uses.append(f"I keep {words} back for incidents")
            why = f", and {talk.listing(uses)}" if uses else ""
            return (f"I can't: I hold {have} cr{why}. {talk.upper_first(name)} ({level}) "
                    f"needs {room} cr more.")
        left = room - amount
        rest = what_is_left(left, {r: a for r, a in owed.items() if r != self.me})
        share = (f" Your minimum share as co-owner is {theirs} cr: please pledge exactly that."
                 if theirs else "")
        return (f"yes: I'll pledge {amount} cr to {name} ({level}, {nxt['cost']} cr, "
                f"{nxt['cost'] - room} pledged so far).{rest}{share}")

    def _post_asked_clue(self, text: str) -> Command | None:
        """Asked for my clue, I post it to the incident before quoting it: a clue only quoted
        in chat is not pooled, and the review judged a person's call built on it a guess. The
        person asked, so it is theirs to spend the AP a further post costs (a bot that kept
        it for the plans left a newcomer with a quote the review did not count)."""
        incident = self._incident_asked(text)
        if incident is None:
            return None
        for clue in incident["clues"]:
            if clue["role"] == self.me and not clue["shared"]:
                cmd = ShareClue(incident["id"], clue["id"])
                if self.ok(cmd):
                    return cmd
        return None

    def _incident_asked(self, text: str) -> dict[str, Any] | None:
        """The open incident a question names, else the first open one."""
        incidents = open_incidents(self.view)
        named = assist.incidents_named(text, incidents) or incidents
        return named[0] if named else None

    def _answer_clue(self, text: str) -> str:
        """My clues on the incident asked about (else the first open one), quoted whole:
        the sentence that settles a cause is often the second. My reading follows only if
        the message still fits; the other incidents are named so the person can ask."""
        incident = self._incident_asked(text)
        if incident is None:
            return "no incident is open for our team right now, so I have no clues to share."
        incidents = open_incidents(self.view)
        title = incident["title"]
        room = MAX_CHAT - 80  # what the reply's opening ("FinOps, re '…': ") leaves
        quotes = [f"'{talk.sentence(c['text'])}'" for c in incident["clues"]
                  if c["role"] == self.me]
        if not quotes:
            answer = f"on {title} I hold no clue of my own yet."
        else:
            held = len(quotes)
            while len(quotes) > 1 and len("; ".join(quotes)) > room - 60:
                quotes.pop()
            answer = f"on {title} my clue{'s' if len(quotes) > 1 else ''}: {'; '.join(quotes)}"
            if len(quotes) < held:
                answer += f" (and {held - len(quotes)} more that did not fit here)"
        best, p, _ = self.book.best_guess(incident, self.evidence_roles())
        if best is None:
            reading = " With what the team has shared, the causes can't be told apart yet."
        else:
            cause = next(d["text"] for d in incident["diagnoses"] if d["id"] == best)
            hedge = ("I'm fairly sure" if p >= 0.85 else
                     "my best guess is that" if p >= 0.6 else "it may be that")
            reading = (f" With what the team has shared, {hedge} the cause is "
                       f"{talk.sentence(talk.lower_first(talk.excerpt(cause, 14)))}")
        if len(answer) + len(reading) <= room:
            answer += reading
        others = [i["title"] for i in incidents if i is not incident]
        more = f" Ask me about {talk.listing(others)} too." if others else ""
        return answer + more if len(answer) + len(more) <= room else answer

    def _answer_ap(self) -> str:
        """My action points, and how many the plans I expect to take part in keep back."""
        if self.q == 0:
            return "action points come with each quarter; setup spends none."
        have = int(self.team["seats"][self.me]["ap"])
        spare = max(0, self.spare_ap())
        kept = have - spare
        out = f"I have {have} AP left this quarter."
        if kept > 0:
            out += (f" The plans we are drafting need {kept} of them from me, so I "
                    + (f"can spare {spare}" if spare else "have none to spare")
                    + " for clues, investigating or notifying.")
        elif have:
            out += " No plan needs them yet: I can share, investigate or notify."
        return out

    def _answer_credits(self) -> str:
        if self.q == 0:
            return "nobody holds credits during setup; the first budget arrives in Q1."
        have = credits_of(self.view, self.me)
        where = "The team pool holds" if pooled(self.view) else "I hold"
        plan = self._plan_split()
        names = self._names()
        mine = my_part(plan, self.me) if plan else []
        out = f"{where} {have} cr."
        done = [(names[i], self._pledged(i)) for i in names if self._pledged(i)]
        if done:
            out += " I've pledged " + talk.listing([f"{a} cr to {n}" for n, a in done]) + "."
        if mine:
            out += (" The plan still has me pledging "
                    + talk.listing([f"{a} cr to {names[i]}" for i, a in mine]) + ".")
        keep = self.reserve()[self.me]
        spare = have - sum(a for _, a in mine) - keep
        out += f" I keep {keep} cr back for incident responses"
        out += f", so I could spare {spare} cr." if spare > 0 else ", so I have nothing spare."
        return out

    def _funding_advice(self) -> str:
        if self.q == 0:
            return "nobody holds credits during setup; funding opens in Q1, ask me again then."
        # The roadmap's own lines come first: "nothing more is worth buying" while lines were
        # still unfunded read as nothing to fund at all.
        initiatives = by_id(self.view)
        due = [talk.short_name(initiatives[i]) for i in self.wanted()
               if sum(initiatives[i]["next"]["pledges"].values())
               < int(initiatives[i]["next"]["cost"])]
        if due:
            return (f"first the roadmap's lines for this quarter that are still short of "
                    f"money: {talk.listing(due[:4])}. Pledge your part on the Budget or "
                    "Initiatives tab, or ask the co-owners to.")
        lines = self._idle_lines()
        last = self.q >= int(self.view["game"]["quarters"])
        if not lines:
            return ("nothing more is worth buying this quarter that the roadmap lacks: keep "
                    + ("the rest for incidents (what is left at the end is lost)."
                       if last else "the rest for incidents, or carry it over."))
        return assist.funding_advice(self.q, self._line_words(lines), sorted(self.people))


def what_is_left(left: int, owed: dict[str, int]) -> str:
    """After my pledge: what the line still needs, and how much of it is the other owners'
    minimum shares (`owed`), so the sums add up ("6 cr to find ... DataOps's 2 cr and MLOps's
    2 cr" read to a newcomer as arithmetic gone wrong)."""
    if not left:
        return " That covers it, every owner's minimum included."
    if not owed:
        return f" That leaves {left} cr to find."
    due = sum(owed.values())
    if left <= due:
        return (f" That leaves {left} cr, the owners' minimum shares still missing: "
                f"{listing_owed(owed)}.")
    return (f" That leaves {left} cr to find: {due} cr of it the owners' minimum shares still "
            f"missing ({listing_owed(owed)}), and {left - due} cr anyone may put in.")
