"""A teammate bot: talks to its team, pools clues, diagnoses from evidence, funds a plan.

Levels:
- novice: often plays a random legal command, diagnoses from the first clue it holds, and
  shares clues only now and then;
- competent: shares its clues, waits for clues from two roles before diagnosing, funds its
  roadmap in dependency order, prefers responses that treat the cause and prevent recurrence;
- expert: as competent, and it learns from judged outcomes which responses work, notifies
  stakeholders early, upgrades standards as the team can adopt them, and revises the roadmap
  each quarter by looking ahead with the engine on belief states built from its view.

The same policy plays the balance strategies (docs/balance.md), which differ only in
how they fund and how far they cooperate: see `Style` and `game.bots.strategies`.

A policy is stateless: each call reads the view afresh, and what it has already said or done
it reads back from the chat, the drafts and the pledges, as a person would.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from triops.game.artefact_rules import MAX_REASON
from triops.game.bots import assist, talk
from triops.game.bots.base import View
from triops.game.bots.beliefs import expected_value, learned_classes, nothing_value
from triops.game.bots.casebook import Casebook
from triops.game.bots.funding import Split, donor, my_part, split
from triops.game.bots.planner import RESERVE as RESERVE_PLANNED
from triops.game.bots.planner import next_worth, reference_plan
from triops.game.bots.reading import (
    by_id,
    cached,
    chat_now,
    credits_of,
    due_lines,
    humans,
    my_ap,
    my_chat,
    open_incidents,
    pooled,
    prerequisites_bought,
    quarter_of,
    rank,
    role_of,
    said,
    who_said,
)
from triops.game.codec import from_plain
from triops.game.commands import (
    Chat,
    Command,
    Diagnose,
    Investigate,
    Notify,
    Pledge,
    ProposeStandard,
    Respond,
    SetCharter,
    SetRoadmap,
    ShareClue,
    Transfer,
    Unpledge,
)
from triops.game.legal import WORKABLE_CHARTER
from triops.game.seat_rules import MAX_CHAT
from triops.game.state import Charter, RoadmapEntry
from triops.game.vocab import DECISION_RIGHTS, LEVEL_RANK, LEVELS, ROLE_NAMES, ROLES

# Commands whose content is free: legal_commands shows one example of each.
OPEN_ENDED = (SetRoadmap, SetCharter, ProposeStandard)

# Which seat drafts which artefact in setup (the first one held by a bot), so three bots do
# not overwrite each other or a person.
ROADMAP_DRAFTERS = ("finops", "mlops", "dataops")
CHARTER_DRAFTERS = ("mlops", "dataops", "finops")
STANDARD_FOR_ROLE = {"finops": "tag-taxonomy", "dataops": "odcs", "mlops": "model-cards"}
STANDARD_NAMES = {"tag-taxonomy": "a shared cost-allocation tag taxonomy",
                  "odcs": "data contracts (ODCS) on critical feeds",
                  "model-cards": "model cards for every production model"}

BOT_CHARTER = Charter(
    members=(*WORKABLE_CHARTER.members, "business_owner"),
    chair=WORKABLE_CHARTER.chair,
    cadence="monthly",
    decision_rights=(*WORKABLE_CHARTER.decision_rights, "budget_pooling"),
    risk_tiering=True,
    escalation=WORKABLE_CHARTER.escalation,
    decision_log=True,
    accountable={"model_kill_rollback": "mlops_lead", "tagging_standard": "finops_lead",
                 "critical_feed_contract": "dataops_lead",
                 "high_risk_go_live": "business_owner"},
    frameworks=("nist_ai_rmf_govern",),
    purpose=WORKABLE_CHARTER.purpose,
)

ALL_RIGHTS = DECISION_RIGHTS

# What the expert's committee looks like after its first effectiveness review.
REVIEWED_CHARTER = Charter(
    members=(*BOT_CHARTER.members, "internal_audit"),
    chair=BOT_CHARTER.chair,
    cadence=BOT_CHARTER.cadence,
    decision_rights=BOT_CHARTER.decision_rights,
    risk_tiering=True,
    escalation=(*BOT_CHARTER.escalation, "risk_legal"),
    decision_log=True,
    accountable=BOT_CHARTER.accountable,
    frameworks=(*BOT_CHARTER.frameworks, "iso_42001_a3"),
    purpose=BOT_CHARTER.purpose,
)

# Chance per step that a novice does something random instead of thinking: a novice plays
# mostly random legal moves (docs/balance.md, "The strategies").
NOVICE_NOISE = 0.55
# Most chat messages one bot seat posts in a quarter: a backstop against repeating itself.
MAX_TALK = 8
# The same backstop for a bot in a team with a person, which also answers their questions.
MAX_TALK_WITH_PEOPLE = 40
# Credits the team may hold before a bot funds roadmap lines ahead of their quarter.
FLUSH = 40
# A cause this likely needs no more evidence.
SETTLED = 0.9
# Credits each seat keeps back for incident responses when funding.
RESERVE = {"novice": 1, "competent": 3, "expert": 3}



@dataclass(frozen=True)
class Style:
    """How a bot plays: its skill, how it funds, how far it cooperates, whether it talks.

    funding: "roadmap" (fund the team's roadmap), "silo" (a seat funds only initiatives of
    its own discipline, alone), "freeze" (fund nothing), "all-in" (every credit to one
    initiative, `focus`, or the one that looks strongest), "cheapest-first" (every next
    level it can afford, cheapest first) or "spend-all" (whatever it can buy, any order,
    keeping nothing back).
    responses: "best" (weigh each plan over the causes still believed), "cheapest" (the
    cost-cutter's choice), "own-lane" (only what the seat can do on its own), "dearest" (the
    priciest plan, the longest if tied: reading price as quality) or "over" (always the
    sledgehammer).
    """

    level: str = "competent"
    funding: str = "roadmap"
    roadmap: tuple[RoadmapEntry, ...] | None = None  # drafted in setup instead of a plan
    focus: str = ""
    pool_clues: bool = True
    responses: str = "best"
    artefacts: bool = True
    talk: bool = True
    diagnosis: str = "pooled"  # pooled: weigh every seat's clues; own: only this seat's
    share: bool = True  # post clues to the team (it costs action points)
    cosmetic: bool = False  # edit the artefacts every quarter, follow none of it


class TeammatePolicy:
    """A teammate. `assist` (mode "assist", for a team with a person in it): propose and
    ask rather than decide, and leave the person a fair share of each phase; `clock_share`:
    the server says half the phase's clock has gone (see `_Turn.fair_share`). Neither
    changes anything in a team of bots."""

    def __init__(self, level: str = "competent", style: Style | None = None,
                 name: str = "", casebook: Casebook | None = None, assist: bool = False,
                 clock_share: bool = False) -> None:
        self.style = style or Style(level=level)
        self.level = self.style.level
        self.name = name or self.level
        self.book = casebook or Casebook()
        self.assist = assist
        self.clock_share = clock_share

    def next_command(
        self, view: View, legal: Sequence[Command], rand: random.Random
    ) -> Command | None:
        if view["game"]["phase"] != "planning":
            return None
        checker = _Legal(legal, view, artefacts=quarter_of(view) == 0 or my_ap(view) >= 1)
        assisting = self.assist and bool(humans(view))
        # A novice's slips (random moves) are for all-bot teams. Beside a person they spent
        # the AP the person's plans needed from the bot and blocked every response, so a
        # novice there plays its turn, with a novice's knowledge and small reserve.
        if self.level == "novice" and not assisting and rand.random() < NOVICE_NOISE:
            choices = [c for c in legal if not isinstance(c, SetRoadmap | SetCharter)]
            return rand.choice(choices) if choices and rand.random() < 0.7 else None
        turn = _Turn(view, checker, rand, self.style, self.book, assisting, self.clock_share)
        for step in (turn.react, turn.setup, turn.cosmetic, turn.share, turn.discuss,
                     turn.ask, turn.investigate, turn.diagnose, turn.respond, turn.notify,
                     turn.standards, turn.fund, turn.suggest_funding, turn.help, turn.nudge):
            cmd = step()
            if cmd is not None:
                return cmd
        return None


    def answer(self, view: View, legal: Sequence[Command], rand: random.Random) -> Command | None:
        """A seat that has marked ready still answers a person's question in team chat (and
        does nothing else: a chat line leaves it ready)."""
        if view["game"]["phase"] != "planning" or not humans(view) or not self.style.talk:
            return None
        checker = _Legal(legal, view)
        turn = _Turn(view, checker, rand, self.style, self.book,
                     self.assist and bool(humans(view)), self.clock_share)
        cmd = turn._answer_questions()
        return cmd if isinstance(cmd, Chat) else None


class _Legal:
    """Answers "may I send this?" from the legal list, read only when a question is asked.

    Sharing a clue and pledging are the commonest moves, and the view alone says exactly
    when `legal_commands` would list them (a visible clue not yet shared; an initiative's
    next level, not bought this quarter, within its room and the seat's credits), so those
    are answered from the view without reading the list.
    """

    def __init__(self, legal: Sequence[Command], view: View, artefacts: bool = False) -> None:
        self.legal = legal
        self.view = view
        # legal_commands shows an artefact edit only by example (the next roadmap line, say);
        # a seat may send its own content whenever it could pay for a revision.
        self.artefacts = artefacts

    def __call__(self, cmd: Command) -> bool:
        if isinstance(cmd, Chat):
            return True
        view = self.view
        if view["game"]["phase"] != "planning" or view["game"]["paused"]:
            return False
        if isinstance(cmd, ShareClue):
            seat = view["team"]["seats"][role_of(view)]
            rules = view["briefing"].get("rules", {})
            if int(seat.get("shared", 0)) >= int(rules.get("free_shares", 1)) and int(
                    seat["ap"]) < int(rules.get("share_ap", 1)):
                return False
            return any(i["id"] == cmd.incident and any(
                c["id"] == cmd.clue and not c["shared"] for c in i["clues"])
                for i in open_incidents(view))
        if isinstance(cmd, Pledge):  # any amount up to the room left and the seat's credits
            init = by_id(view).get(cmd.initiative)
            nxt = init["next"] if init else None
            if init is None or nxt is None or nxt["bought_this_quarter"] or quarter_of(view) == 0:
                return False
            if init["needs_charter"] and view["team"]["charter_problems"]:
                return False
            room = nxt["cost"] - sum(nxt["pledges"].values())
            return bool(1 <= cmd.amount <= min(room, credits_of(view, role_of(view))))
        if isinstance(cmd, Transfer):
            return cmd.amount >= 1 and any(
                isinstance(c, Transfer) and c.amount >= cmd.amount for c in self.legal)
        if isinstance(cmd, OPEN_ENDED):  # legal lists examples; the content is ours
            return any(type(c) is type(cmd) for c in self.legal) or (
                self.artefacts and bool(self.legal))
        kind = type(cmd)
        if isinstance(cmd, Respond):  # the justification is ours to write
            return any(isinstance(c, Respond) and (c.incident, c.response) == (
                cmd.incident, cmd.response) for c in self.legal)
        return any(type(c) is kind and c == cmd for c in self.legal)


class _Turn:
    """One decision: the view read once, and each kind of move tried in priority order."""

    def __init__(self, view: View, ok: _Legal, rand: random.Random, style: Style,
                 book: Casebook, assisting: bool = False, clock_share: bool = False) -> None:
        self.book = book
        self.view = view
        self.ok = ok
        self.rand = rand
        self.style = style
        self.level = style.level
        self.me = role_of(view)
        self.q = quarter_of(view)
        self.team = view["team"]
        self.people = humans(view)
        self.assisting = assisting and bool(self.people)
        self.clock_share = clock_share

    # --- helpers -----------------------------------------------------------------------

    def say(self, text: str) -> Command | None:
        cap = MAX_TALK_WITH_PEOPLE if self.people else MAX_TALK
        if not self.style.talk or not text or len(my_chat(self.view)) >= cap:
            return None  # a bot that has said this much this quarter lets others talk
        text = talk.within(text, MAX_CHAT)
        if len(text) > MAX_CHAT:  # one sentence too long to cut whole: the rules refuse it
            text = text[:MAX_CHAT - 1].rsplit(" ", 1)[0].rstrip(",;: ") + "…"
        if text in my_chat(self.view):
            return None  # said already this quarter: never the same message twice
        return Chat(text)

    def fair_share(self) -> bool:
        """Whether the people of the team have had a fair share of this phase, so a bot may
        now draft or commit what it has proposed: every person has marked ready (they are
        done with the phase: what is still missing would otherwise be missing all quarter),
        or half the phase's clock has gone (the server says so: a person who has had half
        the time to read, draft and discuss has had their turn, and the team needs the rest
        to act). Until then an assisting bot proposes and answers, and acts only when a
        person asks or agrees."""
        seats = self.team["seats"]
        return self.clock_share or all(seats[p]["ready"] for p in self.people)

    def _asked(self, topic: str, needle: str) -> bool:
        """Whether a person asked the bots to draft `topic`, or said yes after my
        suggestion (my message containing `needle`), this phase."""
        chat = chat_now(self.view)
        mine = {n for n, m in enumerate(chat) if m["sender"] == self.me
                and needle.lower() in m["text"].lower()}
        for n, m in enumerate(chat):
            if m["sender"] not in self.people:
                continue
            wanted = assist.draft_request(m["text"])
            if topic in wanted:
                return True
            if (not wanted and assist.agrees(m["text"])
                    and assist.answered(chat, self.people, n) in mine):
                return True
        return False

    def _my_latest(self, chat: Sequence[dict[str, Any]], *needles: str) -> int | None:
        """Where in `chat` my latest message containing every needle is, if any."""
        wanted = [n.lower() for n in needles]
        return next((n for n in range(len(chat) - 1, -1, -1) if chat[n]["sender"] == self.me
                     and all(w in chat[n]["text"].lower() for w in wanted)), None)

    def _agreed_after(self, *needles: str) -> bool:
        """Whether a person said yes after my latest message containing every needle."""
        chat = chat_now(self.view)
        mine = self._my_latest(chat, *needles)
        if mine is None:
            return False
        return any(m["sender"] in self.people and assist.agrees(m["text"])
                   and assist.answered(chat, self.people, n) == mine
                   for n, m in enumerate(chat) if n > mine)

    def _answer_to(self, incident: dict[str, Any], *needles: str) -> str | None:
        """A person's latest answer to my latest message containing every needle: "yes"
        (they agreed to it), "no" (they said no in a reply to it or about its incident), or
        None. A no stops the bot acting on the offer when the person's share of the quarter
        is up: they have had their say."""
        chat = chat_now(self.view)
        mine = self._my_latest(chat, *needles)
        if mine is None:
            return None
        answer = None
        for n, m in enumerate(chat):
            if n <= mine or m["sender"] not in self.people:
                continue
            to_me = assist.answered(chat, self.people, n) == mine
            part = assist.declining_part(m["text"])
            if to_me and assist.agrees(m["text"]):
                answer = "yes"  # "No symptom fix. FinOps, please notify on it." to the notifier
            elif part is not None and (to_me or assist.incidents_named(part, [incident])):
                answer = "no"
        return answer

    def first_bot(self, order: Sequence[str]) -> str | None:
        return next((r for r in order if r not in self.people), None)

    def evidence_roles(self) -> list[str] | None:
        pooling = self.style.pool_clues and self.style.diagnosis == "pooled"
        return None if pooling else [self.me]

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
        if self.level == "novice" or self.style.funding in ("spend-all", "cheapest-first"):
            return out
        for incident in open_incidents(self.view):
            if incident["response"] is not None:
                continue
            plans = [o for o in incident["responses"] if not o["missing"]]
            if self.people:
                # Beside a person, a plan that needs their AP or credits is theirs to commit:
                # keep money back for it only in the quarter the incident opened. An incident
                # left open for the person keeps nothing back from the roadmap for good (in
                # later quarters that reserve blocked every purchase, and the money lapsed).
                mine = [o for o in plans if not self.people & (set(o["cost"]) | set(o["ap"]))]
                plans = mine or (plans if incident.get("opened", self.q) == self.q else [])
            if not plans:
                continue
            for role in ROLES:  # the median plan's part for each seat
                parts = sorted(int(o["cost"].get(role, 0)) for o in plans)
                out[role] += parts[len(parts) // 2]
        return out

    # --- reacting to people ------------------------------------------------------------

    def react(self) -> Command | None:
        """Keep promises and answer people's requests and questions: before anything else."""
        if not self.people or (self.level == "novice" and not self.assisting):
            return None
        return (self._keep_promises() or self._keep_pledges() or self._answer_requests()
                or self._investigate_asked() or self._answer_questions())

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

    def _human_messages(self) -> list[tuple[int, dict[str, Any]]]:
        return [(n, m) for n, m in enumerate(chat_now(self.view)) if m["sender"] in self.people]

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

    def _committed(self, role: str) -> int:
        """Credits a bot seat means to pledge this quarter, plus its reserve."""
        plan = self._plan_split()
        parts = sum(p.get(role, 0) for p in plan.parts.values()) if plan else 0
        return parts + self.reserve()[role]

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

    def _favours(self, incident: dict[str, Any], cause: str) -> bool:
        """Whether my own clues favour `cause` over every other cause, and what the team has
        shared does not favour another one."""
        own = self.book.posterior(incident, [self.me])
        others = [v for d, v in own.items() if d != cause]
        if not own or not others or own.get(cause, 0.0) <= max(others) + 1e-9:
            return False
        pooled = self.book.posterior(incident, self.evidence_roles())
        return pooled.get(cause, 0.0) >= max(pooled.values()) - 1e-9

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
        return talk.listing(names[:2])

    # --- setup -------------------------------------------------------------------------

    def setup(self) -> Command | None:
        if self.q != 0 or not self.style.artefacts:
            return None
        if self.assisting:
            return self._setup_assist()
        if self.me == self.first_bot(ROADMAP_DRAFTERS) and self.style.funding != "silo":
            if not self.team["roadmap"]:
                entries = self._initial_roadmap()
                cmd: Command = SetRoadmap(tuple(entries), "")
                if entries and self.ok(cmd):
                    return cmd
            elif not said(self.view, "roadmap", quarter=0):
                return self.say(self._roadmap_message())
        if self.me == self.first_bot(CHARTER_DRAFTERS) and self.style.funding != "silo":
            if self.team["charter"] is None and self.ok(SetCharter(BOT_CHARTER)):
                return SetCharter(BOT_CHARTER, "")
            if self.team["charter"] is not None and not said(self.view, "harter", quarter=0):
                charter = from_plain(Charter, self.team["charter"])
                return self.say(talk.charter_drafted(charter, self.rand))
        standard = STANDARD_FOR_ROLE.get(self.me)
        if standard and not any(p["standard"] == standard for p in self.team["standards"]):
            cmd = ProposeStandard(standard, self.me, "policy", "")
            if self.ok(cmd):
                return cmd
        if standard and not said(self.view, "standard", quarter=0):
            return self.say(talk.standard_proposed(STANDARD_NAMES[standard], self.me, "policy",
                                                   self.rand))
        return None

    def _setup_assist(self) -> Command | None:
        """Setup beside a person: suggest each artefact in chat, and draft it only when a
        person asks (or says yes to the suggestion) or has had a fair share of setup."""
        people = sorted(self.people)
        share = self.fair_share()
        org = assist.organisation(str(self.view["briefing"].get("organisation") or ""),
                                  str(self.view["game"]["title"]))
        if self.me == self.first_bot(ROADMAP_DRAFTERS) and self.style.funding != "silo":
            revisions = self.team["roadmap_revisions"]
            if not self.team["roadmap"]:
                entries = self._initial_roadmap()
                if entries and not said(self.view, "suggest a roadmap", quarter=0):
                    first, later = self._roadmap_words(entries)
                    return self.say(assist.roadmap_suggestion(org, first, later, people))
                if entries and (share or self._asked("roadmap", "suggest a roadmap")):
                    cmd: Command = SetRoadmap(tuple(entries), "")
                    if self.ok(cmd):
                        return cmd
            elif revisions and revisions[-1]["by"] == self.me and not said(
                    self.view, "put in the roadmap", quarter=0):
                return self.say(assist.roadmap_put_in(len(self.team["roadmap"]),
                                assist.reason_for_drafting(
                                    self._asked("roadmap", "suggest a roadmap"), people)))
            elif self._asked("roadmap", "suggest a roadmap"):
                # Asked to draft after a person wrote lines of their own (the roadmap tab
                # invites them to add the first): add mine beside theirs, keeping theirs.
                have = [from_plain(RoadmapEntry, e) for e in self.team["roadmap"]]
                taken = {(e.initiative, e.level) for e in have}
                extra = [e for e in self._initial_roadmap() if (e.initiative, e.level) not in taken]
                if extra and self.ok(SetRoadmap((*have, *extra), "")):
                    return SetRoadmap((*have, *extra), "")
        if self.me == self.first_bot(CHARTER_DRAFTERS) and self.style.funding != "silo":
            charter = self.team["charter"]
            if charter is None:
                if not said(self.view, "charter I'd suggest", quarter=0):
                    return self.say(assist.charter_suggestion(BOT_CHARTER, people))
                if (share or self._asked("charter", "charter I'd suggest")) and self.ok(
                        SetCharter(BOT_CHARTER)):
                    return SetCharter(BOT_CHARTER, "")
            elif from_plain(Charter, charter) == BOT_CHARTER and not said(
                    self.view, "written up the committee charter", quarter=0):
                return self.say(assist.charter_put_in(assist.reason_for_drafting(
                    self._asked("charter", "charter I'd suggest"), people)))
        standard = STANDARD_FOR_ROLE.get(self.me)
        if standard:
            name = STANDARD_NAMES[standard]
            proposed = {p["standard"]: p for p in self.team["standards"]}
            if standard not in proposed:
                if not said(self.view, f"I'd propose {name}", quarter=0):
                    return self.say(assist.standard_suggestion(name, self.me, people))
                if share or self._asked("standard", f"I'd propose {name}"):
                    cmd = ProposeStandard(standard, self.me, "policy", "")
                    if self.ok(cmd):
                        return cmd
            elif proposed[standard]["by"] == self.me and not said(
                    self.view, f"I've proposed {name}", quarter=0):
                return self.say(assist.standard_put_in(name, assist.reason_for_drafting(
                    self._asked("standard", f"I'd propose {name}"), people)))
        return None

    def _roadmap_words(self, entries: Sequence[RoadmapEntry]) -> tuple[list[str], list[str]]:
        """The first quarter's lines and a few later ones, as said in chat."""
        initiatives = by_id(self.view)
        first = [talk.short_name(initiatives[e.initiative]) for e in entries
                 if e.quarter == 1 and e.initiative in initiatives][:4]
        later: list[str] = []
        for e in entries:
            if e.initiative not in initiatives:
                continue
            name = talk.short_name(initiatives[e.initiative])
            if e.quarter > 1 and name not in first and len(later) < 3 and not any(
                    x.startswith(name + " (") for x in later):
                later.append(f"{name} ({e.level}, Q{e.quarter})")
        return first or ["nothing yet"], later

    def _initial_roadmap(self) -> list[RoadmapEntry]:
        return with_kpis(self.view, self._draft_roadmap())

    def cosmetic(self) -> Command | None:
        """The artefacts as decoration: each quarter the roadmap's KPI targets are nudged,
        the charter claims every decision right, and every standard is proposed on paper."""
        if not self.style.cosmetic or self.q == 0:
            return None
        if self.me == self.first_bot(ROADMAP_DRAFTERS):
            revisions = self.team["roadmap_revisions"]
            if self.team["roadmap"] and not (revisions and revisions[-1]["quarter"] == self.q):
                lines = tuple(RoadmapEntry(**{**e, "kpi_target": min(100, e["kpi_target"] + 1)})
                              for e in self.team["roadmap"])
                cmd: Command = SetRoadmap(lines, f"Q{self.q} update: targets refreshed")
                if self.ok(cmd):
                    return cmd
        if self.me == self.first_bot(CHARTER_DRAFTERS) and self.team["charter"] is not None:
            charter = from_plain(Charter, self.team["charter"])
            if charter.decision_rights != ALL_RIGHTS:
                cmd = SetCharter(replace(charter, decision_rights=ALL_RIGHTS),
                                 "the committee should decide everything")
                if self.ok(cmd):
                    return cmd
        proposed = {p["standard"] for p in self.team["standards"]}
        for standard in sorted(self._catalogue_standards() - proposed):
            cmd = ProposeStandard(standard, self.me, "policy", "")
            if self.ok(cmd):
                return cmd
        return None

    def _catalogue_standards(self) -> set[str]:
        return {c.standard for c in self.ok.legal if isinstance(c, ProposeStandard)}

    def _draft_roadmap(self) -> list[RoadmapEntry]:
        if self.style.roadmap is not None:
            return list(self.style.roadmap)
        if self.style.funding == "spend-all" and not self.style.cosmetic:
            return []
        if self.style.funding == "all-in":
            focus = self._focus()
            if focus is None:
                return []
            init = by_id(self.view)[focus]
            return [RoadmapEntry(focus, level, k + 1, init["owners"][0])
                    for k, level in enumerate(LEVELS)]
        if self.level == "expert" and self.book.playbook:
            return list(self.book.playbook)  # an expert knows what has worked here
        return self._planned()

    def _planned(self) -> list[RoadmapEntry]:
        """The goal-driven plan from where the team stands now. What an initiative does for
        the incidents this organisation is prone to counts, and so does the drag some levels
        bring."""
        return [RoadmapEntry(**line) for line in reference_plan(
            self.view, prevention=self.book.prevention, drag=True,
            reserve=max(RESERVE_PLANNED, self.book.incident_load / 2))]

    def _roadmap_message(self) -> str:
        initiatives = by_id(self.view)
        lines = self.team["roadmap"]
        first = [talk.short_name(initiatives[e["initiative"]]) for e in lines
                 if e["quarter"] == 1][:4]
        later: list[str] = []
        for e in lines:
            name = talk.short_name(initiatives[e["initiative"]])
            if e["quarter"] > 1 and name not in later and len(later) < 3:
                later.append(f"{name} ({e['level']}, Q{e['quarter']})")
        return talk.roadmap_drafted(first or ["nothing yet"], later, self.rand)

    # --- incidents ---------------------------------------------------------------------

    def share(self) -> Command | None:
        """Post what this seat sees to the team, the most pressing incident first. The first
        clue of a quarter is free; a further one costs AP the responses may need, so it is
        posted only if the incident is not settled yet and the AP can be spared."""
        if not self.style.pool_clues or not self.style.share:
            return None
        if self.level == "novice" and self.rand.random() < 0.5:
            return None
        me = self.team["seats"][self.me]
        rules = self.view["briefing"].get("rules", {})
        free = int(me.get("shared", 0)) < int(rules.get("free_shares", 1))
        for incident in sorted(open_incidents(self.view), key=lambda i: -int(i["severity"])):
            mine = [c for c in incident["clues"]
                    if c["source"] in ("symptom", "found") and not c["shared"]]
            if not mine:
                continue
            if not free:
                post = self.book.posterior(incident)
                if post and max(post.values()) >= SETTLED:
                    continue  # the team can already tell: save the AP
                if self.spare_ap() < int(rules.get("share_ap", 1)):
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
        options = [c for c in incident.get("investigable", [])
                   if c["ap"] <= spare and self.book.tells_apart(incident, c["id"], post)]
        return min(options, key=lambda c: (c["ap"], c["role"] != self.me, c["id"]),
                   default=None)

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

    def _busy(self, roles: set[str]) -> bool:
        """Whether one of these teammates is still playing this quarter."""
        seats = self.team["seats"]
        return any(not seats[r]["ready"] for r in roles)

    def _can_learn_more(self, incident: dict[str, Any]) -> bool:
        return self._worth_finding(incident) is not None

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
                if option["missing"]:
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

    def spare_ap(self) -> int:
        """My action points left once the planned responses have taken theirs. Beside a
        person, that counts my part of the plans the person would commit too: sharing and
        investigating must not spend the AP those plans need from me."""
        plans = (cached(self.view, "responses-with-people",
                        lambda: self._plan_responses(with_people=True))
                 if self.people else self._responses())
        need = sum(int(o["ap"].get(self.me, 0)) for o in plans.values() if o)
        return my_ap(self.view) - need

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
            # Honest about it: not the fix for the cause we believe, only what money allows.
            return ("It won't fix the cause, only ease the harm, but it's what we can afford "
                    "right now.")
        if plan.klass == "over":
            return ("We can't yet tell the causes apart, so this stops the harm whatever it "
                    "is; it will cost us elsewhere.")
        texts = {d["id"]: d["text"] for d in incident["diagnoses"]}
        cause = next((c for c in plan.fits if c in texts), None)
        if cause is None:
            return "It treats the cause we agreed on."
        drafted = incident["diagnosis"]
        if drafted is not None and drafted not in plan.fits and self.people:
            return ("It treats what the clues point to, not the cause drafted now: "
                    f"{talk.lower_first(texts[cause])}")
        return f"It treats what we think is going on: {talk.lower_first(texts[cause])}"

    def notify(self) -> Command | None:
        for incident in open_incidents(self.view):
            if incident["notified"]:
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
                # a bot proposes it (whatever AP it has left: the person may notify), and acts
                # on a yes or once they have had their share of the quarter.
                title = incident["title"]
                needle = f"notify on {title}"
                if not said(self.view, needle):
                    if who_said(self.view, needle) - self.people:
                        continue  # a teammate has proposed it
                    return self.say(assist.notify_proposal(title, urgent, sorted(self.people)))
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

    def standards(self) -> Command | None:
        """The expert proposes shared identifiers once tagging, lineage and the registry
        exist, by the firmest means the team has (code once CI/CD is in effect, training once
        upskilling is). It does not switch a standard already proposed to another means: that
        drops its adoption and pays a second rollout, which measured as a loss in every retail
        game. It also reviews the committee's charter once."""
        if self.level != "expert" or self.q == 0 or self.spare_ap() < 1:
            return None
        if any(i["response"] is None for i in open_incidents(self.view)):
            return None
        initiatives = by_id(self.view)

        def live(ident: str) -> bool:
            return ident in initiatives and initiatives[ident]["effective"] != "none"

        best = "code" if live("I8") else "training" if live("I12") else "policy"
        proposed = {p["standard"]: p for p in self.team["standards"]}
        if self.me == "finops" and "shared-ids" not in proposed and all(
                live(i) for i in ("I1", "I6", "I7")):
            cmd: Command = ProposeStandard("shared-ids", "finops", best, "")
            if self.ok(cmd):
                return cmd
        return self._review_charter()

    def _review_charter(self) -> Command | None:
        if self.me != self.first_bot(CHARTER_DRAFTERS) or not self.team["committee_active"]:
            return None
        charter = self.team["charter"]
        judged = [i for i in self.team["incidents"] if i["outcomes"]]
        if charter is None or from_plain(Charter, charter) != BOT_CHARTER or not judged:
            return None
        title = judged[-1]["title"]
        cmd = SetCharter(REVIEWED_CHARTER, f"Effectiveness review after {title}: internal audit "
                         "joins as observer and risk/legal joins the escalation path")
        return cmd if self.ok(cmd) else None

    # --- money -------------------------------------------------------------------------

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
                order = random.Random(f"{self.team['id']}:{self.q}")
                order.shuffle(open_)
            return [i["id"] for i in open_]
        out = []
        lines = due_lines(self.view)
        if self.level != "novice" and self.style.roadmap is None and self._flush():
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

    # --- saying what I pledge, and pledging what I said ----------------------------------

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
            have -= extra
        if not new:
            return None
        text = assist.pledges_said(self.q, new)
        if pooled(self.view):
            text = text.replace("from my envelope", "from the team pool")
        return self.say(text)

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

    # --- answering people ------------------------------------------------------------------

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
        if kind == "why":
            return self._answer_why(text)
        if kind == "advice":
            return self._funding_advice()
        titles = [i["title"] for i in open_incidents(self.view)]
        return assist.capabilities(titles)

    def _spare(self, besides: str = "") -> tuple[int, int, int]:
        """(credits I hold, credits already meant for other things, my reserve)."""
        have = credits_of(self.view, self.me)
        plan = self._plan_split()
        meant = sum(a for i, a in (my_part(plan, self.me) if plan else []) if i != besides)
        meant += sum(max(0, a - self._pledged(i)) for i, a in self._promises().items()
                     if i != besides)
        return have, meant, self.reserve()[self.me]

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
            return (f"I can't: I hold {have} cr, {meant} cr of it is meant for this quarter's "
                    f"other lines and I keep {keep} cr back for incidents. {name} ({level}) "
                    f"needs {room} cr more.")
        left = room - amount
        rest_owed = {r: a for r, a in owed.items() if r != self.me}
        if left and rest_owed and left == sum(rest_owed.values()):
            rest = (f" That leaves {left} cr, the owners' minimum shares still missing: "
                    f"{listing_owed(rest_owed)}.")
        elif left:
            rest = f" That leaves {left} cr to find."
            if rest_owed:
                rest += f" Still missing among it: {listing_owed(rest_owed)}."
        else:
            rest = " That covers it, every owner's minimum included."
        share = (f" Your minimum share as co-owner is {theirs} cr: please pledge exactly that."
                 if theirs else "")
        return (f"yes: I'll pledge {amount} cr to {name} ({level}, {nxt['cost']} cr, "
                f"{nxt['cost'] - room} pledged so far).{rest}{share}")

    def _owed(self, init: dict[str, Any]) -> dict[str, int]:
        """Owner -> the part of its minimum share it has not pledged yet (co-owned lines,
        separate envelopes)."""
        nxt = init["next"]
        if nxt is None or len(init["owners"]) < 2 or pooled(self.view):
            return {}
        need = int(nxt["min_share"])
        return {r: need - int(nxt["pledges"].get(r, 0)) for r in init["owners"]
                if int(nxt["pledges"].get(r, 0)) < need}

    def _answer_clue(self, text: str) -> str:
        """My clues on the incident asked about (else the first open one), quoted whole:
        the sentence that settles a cause is often the second. My reading follows only if
        the message still fits; the other incidents are named so the person can ask."""
        incidents = open_incidents(self.view)
        named = assist.incidents_named(text, incidents)
        if not incidents:
            return "no incident is open for our team right now, so I have no clues to share."
        incident = (named or incidents)[0]
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
                     "my best guess is" if p >= 0.6 else "it might be")
            reading = (f" With what the team has shared, {hedge} the cause is "
                       f"{talk.sentence(talk.lower_first(talk.excerpt(cause, 14)))}")
        if len(answer) + len(reading) <= room:
            answer += reading
        others = [i["title"] for i in incidents if i is not incident]
        more = f" Ask me about {talk.listing(others)} too." if others else ""
        return answer + more if len(answer) + len(more) <= room else answer

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

    def _answer_why(self, question: str) -> str:
        """Why I proposed what the question names, or else what I last proposed, from what
        I see now."""
        last = my_chat(self.view)
        topic = last[-1] if last else ""
        titles = [i["title"] for i in open_incidents(self.view)]
        asked = question.lower()
        # Everyday words for what a person asks about: "those initiatives" is the roadmap,
        # "that response" or "that plan" the plan proposed for an incident.
        asked = re.sub(r"\b(initiatives?|roadmap lines?|those lines|purchases?)\b", "roadmap",
                       asked)
        asked = re.sub(r"\b(responses?|plans?|fix(es)?|options?)\b", "response", asked)
        named = [w for w in ("roadmap", "charter", "standard", "pledge", "fund", "response",
                             *titles) if w.lower() in asked]
        if named:
            topic = named[0]
        if topic == "response":
            return self._why_response(question)
        for incident in open_incidents(self.view):
            if incident["title"] in topic or (not topic and incident["clues"]):
                return self._why_incident(incident)
        when = assist.quarter_named(question)
        if "roadmap" in topic.lower() and (self.q > 0 or when):
            return self._why_roadmap(when or self.q)
        if "pledge" in topic.lower() or "fund" in topic.lower():
            lines = due_lines(self.view)
            names = self._names()
            due = [f"{names.get(e['initiative'], e['initiative'])} to {e['level']} by "
                   f"Q{e['quarter']}" for e in lines[:4]]
            return ("because the roadmap has " + talk.listing(due) + " due now, and I keep "
                    f"{self.reserve()[self.me]} cr back for incidents.") if due else (
                "because those lines are on our roadmap.")
        if self.q == 0 and "roadmap" in topic.lower():
            return ("the first lines are cheap crawl-level capabilities that keep away the "
                    "incidents this organisation is most prone to, and later lines need "
                    "them as prerequisites.")
        if self.q == 0 and "charter" in topic.lower():
            return ("a committee with clear decision rights, risk tiering and a decision log "
                    "lets us approve risky changes quickly without queueing the safe ones.")
        if self.q == 0 and "standard" in topic.lower():
            return ("a shared standard owned by one seat is what makes the other teams' work "
                    "comparable; a policy is the cheapest way to start.")
        return ("I haven't proposed anything this quarter yet. Ask me about a clue, credits "
                "or co-funding an initiative.")

    def _why_response(self, question: str) -> str:
        """Why the plan drafted (or the one I'd draft) for the incident asked about, or the
        first open incident with one: what it treats and what it costs."""
        incidents = open_incidents(self.view)
        named = assist.incidents_named(question, incidents)
        chosen = self._responses()
        shared = self._plan_responses(with_people=True)  # plans that need the person too
        for incident in named or incidents:
            drafted = incident["response"]
            option = next((o for o in incident["responses"] if o["id"] == drafted), None)
            option = option or chosen.get(incident["id"]) or shared.get(incident["id"])
            if option is None:
                continue
            cost = sum(option["cost"].values())
            return (f"on {incident['title']}, {talk.lower_first(talk.excerpt(option['text'], 16))}"
                    f" ({cost} cr): {talk.lower_first(self._why(incident, option))}")
        return "no incident has a plan drafted yet, and I have none to propose right now."

    def _why_roadmap(self, quarter: int) -> str:
        """Why the roadmap has the lines it has for a quarter: what each moves, what it keeps
        away, what it needs first and what it unlocks."""
        initiatives = by_id(self.view)
        lines = [e for e in self.team["roadmap"] if e["quarter"] == quarter
                 and e["initiative"] in initiatives]
        if not lines:
            planned = sorted({int(e["quarter"]) for e in self.team["roadmap"]})
            return (f"the roadmap has no line for Q{quarter}"
                    + (f"; it has lines for {talk.listing([f'Q{q}' for q in planned])}."
                       if planned else ": it is empty so far."))
        parts: list[str] = []
        for e in lines:
            if sum(len(x) for x in parts) > 220:
                break  # a chat line holds a few lines' reasons; the rest are counted
            init = initiatives[e["initiative"]]
            name = talk.short_name(init)
            why = []
            if e.get("kpi_metric"):
                why.append(f"it should lift {e['kpi_metric'].replace('_', ' ')} to "
                           f"{e['kpi_target']}")
            if self.book.prevention.get(e["initiative"], 0.0) > 0:
                why.append("it makes the incidents we're prone to less likely")
            unlocks = [talk.short_name(i) for i in initiatives.values()
                       if any(e["initiative"] in p["condition"] for p in i["prerequisites"])]
            if unlocks:
                why.append(f"{talk.listing(unlocks[:2])} need{'s' if len(unlocks) == 1 else ''}"
                           " it first")
            if init["prerequisites"]:
                why.append("what it needs comes earlier")
            parts.append(f"{name} to {e['level']}" + (f" ({'; '.join(why[:2])})" if why else ""))
        more = f", and {len(lines) - len(parts)} more" if len(lines) > len(parts) else ""
        return (f"for Q{quarter} the roadmap has {talk.listing(parts)}{more}. Lines are "
                "ordered so prerequisites come first.")

    def _why_incident(self, incident: dict[str, Any]) -> str:
        title = incident["title"]
        best, p, _ = self.book.best_guess(incident, self.evidence_roles())
        if best is None:
            return (f"on {title} the clues shared so far don't tell the causes apart, so I'd "
                    "rather find another clue than guess.")
        cause = next(d["text"] for d in incident["diagnoses"] if d["id"] == best)
        fits = [c for c in incident["clues"] if self.book.speaks_for(incident, c, best)]
        quoted = "; ".join(f"{ROLE_NAMES[c['role']]}: '{talk.sentence(c['text'])}'"
                           for c in fits[:2])
        out = (f"on {title} I read the cause as "
               f"{talk.sentence(talk.lower_first(talk.excerpt(cause, 14)))} ")
        out += f"The clues that fit it: {quoted} " if quoted else ""
        out += f"I'd put it at about {round(p * 100)}%."
        return out

    def _idle_lines(self) -> list[RoadmapEntry]:
        """Lines worth adding to this quarter's roadmap when nothing on it is due: what my
        planner would buy now, from where the team stands, that the roadmap lacks."""
        have = {(e["initiative"], e["level"]) for e in self.team["roadmap"]}
        lines = [e for e in self._planned()
                 if e.quarter == self.q and (e.initiative, e.level) not in have]
        return lines[:3]

    def _funding_advice(self) -> str:
        if self.q == 0:
            return "nobody holds credits during setup; funding opens in Q1, ask me again then."
        lines = self._idle_lines()
        if not lines:
            return ("nothing more is worth buying this quarter that the roadmap lacks: keep "
                    "the rest for incidents, or carry it over.")
        return assist.funding_advice(self.q, self._line_words(lines), sorted(self.people))

    def _line_words(self, lines: Sequence[RoadmapEntry]) -> list[str]:
        initiatives = by_id(self.view)
        return [f"{talk.short_name(initiatives[e.initiative])} ({e.level}, "
                f"{initiatives[e.initiative]['levels'][e.level]['cost']} cr)" for e in lines]

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


# The metric a line's KPI watches when the view cannot say (a level already at the top).
DISCIPLINE_METRIC = {"finops": "cost_efficiency", "dataops": "data_trust",
                     "mlops": "model_reliability", "governance": "governance",
                     "all": "team_capability"}


def with_kpis(view: View, entries: Sequence[RoadmapEntry]) -> list[RoadmapEntry]:
    """Give every roadmap line a KPI (the metric it moves most, a few points up) and tie it
    to the scenario goal on that metric, as a careful team writes its roadmap."""
    initiatives = by_id(view)
    metrics = view["team"]["metrics"]
    goals = {g["metric"]: g["id"] for g in view["briefing"]["goals"] if g["kind"] == "metric"}
    out = []
    for e in entries:
        init = initiatives.get(e.initiative)
        if init is None:
            out.append(e)
            continue
        metric, target = e.kpi_metric, e.kpi_target
        if not metric:
            effects = init["next"]["effects"] if init["next"] else {}
            metric = max(effects, key=lambda m: (effects[m], m)) if effects else (
                DISCIPLINE_METRIC.get(init["discipline"], "business_value"))
            target = min(100, int(metrics[metric]) + 3 + 3 * LEVEL_RANK[e.level])
        goal = e.goal or goals.get(metric, "")
        out.append(RoadmapEntry(e.initiative, e.level, e.quarter, e.owner, metric, target, goal))
    return out


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


def _affordable(options: list[dict[str, Any] | None], ap: dict[str, int],
                cash: dict[str, int], pool: bool) -> bool:
    need_ap: dict[str, int] = {}
    need_cr: dict[str, int] = {}
    for option in options:
        if option is None:
            continue
        for r, n in option["ap"].items():
            need_ap[r] = need_ap.get(r, 0) + int(n)
        for r, n in option["cost"].items():
            need_cr[r] = need_cr.get(r, 0) + int(n)
    if any(n > ap.get(r, 0) for r, n in need_ap.items()):
        return False
    if pool:
        return sum(need_cr.values()) <= cash[ROLES[0]]
    return all(n <= cash.get(r, 0) for r, n in need_cr.items())


def _owed_words(owe: dict[str, int]) -> str:
    """"1 cr", or "DataOps 1 cr and FinOps 2 cr" when more than one person owes."""
    if len(owe) == 1:
        return f"{next(iter(owe.values()))} cr"
    return talk.listing([f"{ROLE_NAMES[r]} {a} cr" for r, a in owe.items()])
