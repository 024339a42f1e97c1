"""Explaining in team chat why I proposed something: a cause, a plan, a roadmap, a pledge."""

from __future__ import annotations

import re
from typing import Any

from triops.game.bots import assist, talk
from triops.game.bots.reading import by_id, due_lines, my_chat, open_incidents
from triops.game.bots.teammate.response_plan import ResponsePlan
from triops.game.bots.teammate.roadmap_plan import RoadmapPlan
from triops.game.model.vocab import ROLE_NAMES


class Explaining(RoadmapPlan, ResponsePlan):
    """Why, in a teammate's words, from what this seat sees now."""

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
