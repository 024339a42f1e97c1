"""Incidents as a seat or the facilitator sees them: clues, diagnoses and responses, with what
is hidden from a seat until the review (the true cause, the class of a response).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from triops.game.model import rng
from triops.game.model.state import GameState, IncidentState, Team
from triops.game.rules.capabilities import capabilities
from triops.game.rules.clues import existing_clues, visible_clues
from triops.game.rules.in_effect import (
    investigate_cost,
)
from triops.game.rules.seat_rules import response_problems
from triops.game.scenario.anchors import anchor_kind
from triops.game.views.shared import LazyView, _plain, _remember


def _shared_incident(
    state: GameState, team: Team, inc: IncidentState, role: str | None
) -> dict[str, Any]:
    key = ("incident-plain", id(state.scenario), state.quarter, state.difficulty, role,
           state.phase == "ended", capabilities(state, team))
    built: dict[str, Any] = _remember(key, (inc,), lambda: _incident(state, team, inc, role))
    return built


def _incidents(
    state: GameState, team: Team, role: str | None, memo: bool
) -> list[Any]:
    if not memo:
        return [_incident(state, team, inc, role) for inc in team.incidents.values()]
    caps = capabilities(state, team)
    key = ("incident", id(state.scenario), state.quarter, state.difficulty, role,
           state.phase == "ended", caps)

    def one(inc: IncidentState) -> LazyView:
        built: LazyView = _remember(key, (inc,),
                                    lambda: LazyView(_incident_parts(state, team, inc, role)))
        return built

    return [one(inc) for inc in team.incidents.values()]


def _incident(
    state: GameState, team: Team, inc: IncidentState, role: str | None
) -> dict[str, Any]:
    return {key: make() for key, make in _incident_parts(state, team, inc, role).items()}


def _incident_parts(
    state: GameState, team: Team, inc: IncidentState, role: str | None
) -> dict[str, Callable[[], Any]]:
    scenario = state.scenario
    spec = scenario.incidents[inc.spec]
    q = state.quarter
    facilitator = role is None
    # A seat sees a symptom-fixed incident as contained, never as resolved: the review shows
    # the plan was a symptom fix; when it comes back is the facilitator's to know.
    status = "contained" if inc.status == "dormant" and not facilitator else inc.status
    known: dict[str, Any] = {}

    def existing() -> Any:
        if "clues" not in known:
            known["clues"] = existing_clues(team, scenario, spec, q)
        return known["clues"]

    def seen() -> dict[str, str]:
        if "seen" not in known:
            assert role is not None
            known["seen"] = visible_clues(team, scenario, inc, role, q)
        visible: dict[str, str] = known["seen"]
        return visible

    seed = state.settings.seed
    reveal_case = facilitator or inc.status == "resolved" or state.phase == "ended"

    def diagnoses() -> list[dict[str, Any]]:
        # Option order is the game's, not the file's (no tells: docs/balance.md); what a diagnosis
        # was worth shows only once the team's pick has been judged.
        verdicts = {o.diagnosis: o.cause for o in inc.outcomes if o.diagnosis}
        by_id = {d.id: d for d in spec.diagnoses}
        order = rng.shuffled(seed, tuple(by_id), "diagnoses", spec.id)
        return [
            {"id": d.id, "text": d.text,
             **({"correct": d.id == (inc.cause if facilitator else verdicts[d.id]),
                 "red_herring": d.red_herring, "explanation": d.explanation}
                if facilitator or d.id in verdicts else {})}
            for d in (by_id[i] for i in order)
        ]

    def responses() -> list[dict[str, Any]]:
        # A seat sees what a plan says and what it takes; its steps, class and side effects
        # show in the review of a plan the team committed.
        used = {o.response for o in inc.outcomes if o.response}
        by_id = {r.id: r for r in spec.responses}
        order = rng.shuffled(seed, tuple(by_id), "responses", spec.id)
        return [
            {"id": r.id, "text": r.text, "cost": dict(r.cost), "ap": dict(r.ap),
             "requires": [c.text for c in r.requires],
             "missing": response_problems(team, scenario, r, q),
             **({"class": r.klass, "steps": list(r.steps), "fits": list(r.fits),
                 "prevents_with": r.prevents_with, "effects": dict(r.effects),
                 "explanation": r.explanation}
                if facilitator or r.id in used else {})}
            for r in (by_id[i] for i in order)
        ]

    def outcomes() -> list[dict[str, Any]]:
        plain = [_plain(o) for o in inc.outcomes]
        if facilitator:
            return plain
        # The true cause is the debrief's to tell: while the game runs, a seat learns only
        # whether its diagnosis was right and what its plan was (a symptom fix only contains).
        return [{**o, "cause": "", "fits": None} for o in plain]

    def clues() -> list[dict[str, Any]]:
        if facilitator:
            return [{"id": c.id, "role": c.role, "text": c.text_for(inc.cause), "when": c.when,
                     "found_by": list(inc.found.get(c.id, ())),
                     "shared": c.id in inc.shared} for c in existing()]
        visible = seen()
        return [{"id": c.id, "role": c.role, "text": c.text_for(inc.cause),
                 "source": visible[c.id], "shared": c.id in inc.shared}
                for c in existing() if c.id in visible]

    def investigable() -> list[dict[str, Any]]:
        visible = seen()
        return [
            {"id": c.id, "role": c.role, "ap": investigate_cost(team, scenario, c.role == role, q)}
            for c in existing()
            if c.id not in visible and (c.role != role or c.when == "investigate")
        ]

    parts: dict[str, Callable[[], Any]] = {
        "id": lambda: inc.id, "spec": lambda: spec.id, "title": lambda: spec.title,
        "severity": lambda: inc.severity, "seams": lambda: list(spec.seams),
        "tags": lambda: list(spec.tags), "opened": lambda: inc.opened,
        "status": lambda: status, "crisis": lambda: inc.crisis, "source": lambda: inc.source,
        "clock_due": lambda: inc.clock_due, "notified": lambda: inc.notified,
        "diagnosis": lambda: inc.diagnosis, "diagnosis_by": lambda: inc.diagnosis_by,
        "response": lambda: inc.response, "response_by": lambda: inc.response_by,
        "reserved": lambda: {"cr": dict(inc.reserved_cr), "ap": dict(inc.reserved_ap)},
        # The real case behind the incident can hint at its cause: a seat reads it once the
        # incident is closed or the game is over, the facilitator always (issue 16, §3).
        "anchor": lambda: spec.anchor if reveal_case else "",
        "anchor_kind": lambda: anchor_kind(spec.anchor) if reveal_case else "",
        "hint": lambda: spec.hint if state.difficulty == "novice" or facilitator
        or team.metrics["team_capability"] >= 60 else "",
        "diagnoses": diagnoses,
        "responses": responses,
        "outcomes": outcomes,
        "clues": clues,
    }
    if facilitator:
        parts["recur_at"] = lambda: inc.recur_at
        parts["cause"] = lambda: inc.cause
    elif inc.open:
        parts["investigable"] = investigable
    return parts
