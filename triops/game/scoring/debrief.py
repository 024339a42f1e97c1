"""Debrief cards: per incident the teams met, what really caused it, the red herring and who
fell for it, what each plan would have done against that cause and why, and the real case.

One builder for every place a card shows: the player's end screen (the server sends a team
its own cards once the game has ended), the team reports and the game report. Read from the
evidence ledger, where each judged incident records its true cause, so the facilitator's
console, which rebuilds teams from the ledger, gets the same cards.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from triops.game.model.state import Team
from triops.game.model.vocab import OUTCOME_TEXT
from triops.game.scenario.anchors import anchor_kind
from triops.game.scenario.model import IncidentSpec, ResponseSpec, Scenario

# What a plan does against the true cause, in the words of the review (triops/scenarios/README.md,
# "How an incident works").
_PLAN = {
    "fits": "treats this cause: it resolves the incident",
    "partial": "treats part of this cause: the incident gets milder but stays open",
    "other": "a plan for another cause: it only contains the incident",
    "poor": "treats the symptom: it looks resolved, then comes back worse",
    "over": "works whatever the cause, at a heavy price elsewhere",
}


def plan_verdict(response: ResponseSpec, cause: str) -> str:
    """What `response` does when `cause` is the true cause: a key of `_PLAN`."""
    if response.klass in ("poor", "over"):
        return response.klass
    if cause not in response.fits:
        return "other"
    return "fits" if response.klass == "good" else "partial"


def debrief_cards(scenario: Scenario, teams: Iterable[Team]) -> list[dict[str, Any]]:
    """One card per incident and true cause the teams met and had judged, in the order they
    first opened; each card says what every one of those teams decided (its last judgement)."""
    cards: dict[tuple[str, str], dict[str, Any]] = {}
    for team in teams:
        opened: dict[str, int] = {}
        last: dict[tuple[str, str], dict[str, Any]] = {}
        for e in team.ledger:
            ident = str(e.detail.get("incident", ""))
            if e.kind == "incident_opened":
                opened.setdefault(ident, e.quarter)
            elif e.kind == "incident_outcome" and e.detail.get("cause"):
                key = (str(e.detail.get("spec", "")), str(e.detail["cause"]))
                last[key] = {**e.detail, "opened": opened.get(ident, e.quarter)}
        for inc in team.incidents.values():  # still open at the end: never judged
            if inc.cause and not any(k == (inc.spec, inc.cause) for k in last):
                last[(inc.spec, inc.cause)] = {"diagnosis": inc.diagnosis, "opened": inc.opened,
                                               "result": "open"}
        for (spec_id, cause), d in last.items():
            spec = scenario.incidents.get(spec_id)
            if spec is None or spec.diagnosis(cause) is None:
                continue
            card = cards.setdefault((spec_id, cause), _card(spec, cause, int(d["opened"])))
            card["opened"] = min(card["opened"], int(d["opened"]))
            card["teams"].append(_decided(spec, cause, team, d))
            for herring in card["herrings"]:
                if d.get("diagnosis") == herring["id"]:
                    herring["fell"].append(team.name)
    return sorted(cards.values(), key=lambda c: (c["opened"], c["incident"], c["cause"]))


def _card(spec: IncidentSpec, cause: str, opened: int) -> dict[str, Any]:
    truth = spec.diagnosis(cause)
    assert truth is not None
    plans = sorted(spec.responses, key=lambda r: list(_PLAN).index(plan_verdict(r, cause)))
    return {
        "incident": spec.id, "title": spec.title, "opened": opened, "cause": cause,
        "cause_text": truth.text, "chain": truth.explanation,
        "herrings": [{"id": d.id, "text": d.text, "explanation": d.explanation, "fell": []}
                     for d in spec.diagnoses if d.red_herring],
        "plans": [{"id": r.id, "text": r.text, "class": r.klass,
                   "verdict": _PLAN[plan_verdict(r, cause)], "explanation": r.explanation}
                  for r in plans],
        "anchor": spec.anchor, "anchor_kind": anchor_kind(spec.anchor), "teams": [],
    }


def _decided(spec: IncidentSpec, cause: str, team: Team, d: dict[str, Any]
             ) -> dict[str, Any]:
    diagnosis = spec.diagnosis(str(d.get("diagnosis") or ""))
    response = spec.response(str(d.get("response") or ""))
    result = str(d.get("result") or "")
    if result == "open":  # the game ended first: the draft was never judged
        correct = diagnosis is not None and diagnosis.id == cause
        return {"team": team.name, "diagnosis": diagnosis.text if diagnosis else "",
                "correct": correct, "response": "", "verdict": "", "result": result,
                "result_text": "Still open when the game ended."}
    return {"team": team.name, "diagnosis": diagnosis.text if diagnosis else "",
            "correct": bool(d.get("correct")), "response": response.text if response else "",
            "verdict": _PLAN[plan_verdict(response, cause)] if response else "",
            "result": result, "result_text": OUTCOME_TEXT.get(result, result)}
