"""Incidents as a seat or the facilitator sees them: clues, diagnoses and responses, with what
is hidden from a seat until the review (the true cause, the class of a response).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from triops.game.model import rng
from triops.game.model.state import GameState, IncidentState, Team
from triops.game.rules.capabilities import capabilities
from triops.game.rules.clues import dig_costs, existing_clues, joint_review, visible_clues
from triops.game.rules.seat_rules import response_problems
from triops.game.scenario.anchors import anchor_kind
from triops.game.scenario.model import ClueSpec, IncidentSpec
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
    """Each part of the incident as `role` sees it (None: the facilitator), built on demand."""
    spec = state.scenario.incidents[inc.spec]
    facilitator = role is None
    clues = _ClueSight(state, team, inc, role)
    parts: dict[str, Callable[[], Any]] = {
        **_facts(state, team, inc, facilitator),
        "diagnoses": lambda: _diagnoses(state.settings.seed, spec, inc, facilitator),
        "responses": lambda: _responses(state, team, spec, inc, facilitator),
        "outcomes": lambda: _outcomes(inc, facilitator),
        "clues": lambda: _clues(inc, clues, facilitator),
    }
    if facilitator:
        parts["recur_at"] = lambda: inc.recur_at
        parts["cause"] = lambda: inc.cause
    elif inc.open:
        parts["investigable"] = lambda: _investigable(state, team, inc, role, clues)
        parts["joint_review"] = lambda: joint_review(team, state.scenario, inc, state.quarter)
    return parts


class _ClueSight:
    """The incident's clues that exist by now, and which of them a seat has seen and how: each
    worked out once, the first time a part asks."""

    def __init__(
        self, state: GameState, team: Team, inc: IncidentState, role: str | None
    ) -> None:
        self._state, self._team, self._inc, self._role = state, team, inc, role
        self._existing: tuple[ClueSpec, ...] | None = None
        self._seen: dict[str, str] | None = None

    def existing(self) -> tuple[ClueSpec, ...]:
        if self._existing is None:
            scenario = self._state.scenario
            self._existing = existing_clues(self._team, scenario,
                                            scenario.incidents[self._inc.spec],
                                            self._state.quarter)
        return self._existing

    def seen(self) -> dict[str, str]:
        """Clue id -> how the seat knows it (a seat's view only)."""
        if self._seen is None:
            assert self._role is not None
            self._seen = visible_clues(self._team, self._state.scenario, self._inc, self._role,
                                       self._state.quarter)
        return self._seen


def _facts(
    state: GameState, team: Team, inc: IncidentState, facilitator: bool
) -> dict[str, Callable[[], Any]]:
    """What anyone on the incident may read: what it is, where it stands, the team's draft, and
    the real case and hint when they are the reader's to have."""
    spec = state.scenario.incidents[inc.spec]
    # A seat sees a symptom-fixed incident as contained, never as resolved: the review shows
    # the plan was a symptom fix; when it comes back is the facilitator's to know.
    status = "contained" if inc.status == "dormant" and not facilitator else inc.status
    # The real case behind the incident can hint at its cause: a seat reads it once the
    # incident is closed or the game is over, the facilitator always (issue 16, §3).
    reveal_case = facilitator or inc.status == "resolved" or state.phase == "ended"
    return {
        "id": lambda: inc.id, "spec": lambda: spec.id, "title": lambda: spec.title,
        "severity": lambda: inc.severity, "seams": lambda: list(spec.seams),
        "tags": lambda: list(spec.tags), "opened": lambda: inc.opened,
        "status": lambda: status, "crisis": lambda: inc.crisis, "source": lambda: inc.source,
        "clock_due": lambda: inc.clock_due, "notified": lambda: inc.notified,
        "notified_by": lambda: inc.notify_by,
        "diagnosis": lambda: inc.diagnosis, "diagnosis_by": lambda: inc.diagnosis_by,
        "response": lambda: inc.response, "response_by": lambda: inc.response_by,
        "reserved": lambda: {"cr": dict(inc.reserved_cr), "ap": dict(inc.reserved_ap)},
        "anchor": lambda: spec.anchor if reveal_case else "",
        "anchor_kind": lambda: anchor_kind(spec.anchor) if reveal_case else "",
        "hint": lambda: spec.hint if state.difficulty == "novice" or facilitator
        or team.metrics["team_capability"] >= 60 else "",
    }


def _diagnoses(
    seed: int, spec: IncidentSpec, inc: IncidentState, facilitator: bool
) -> list[dict[str, Any]]:
    """The diagnoses on offer. Option order is the game's, not the file's (no tells:
    docs/balance.md); what a diagnosis was worth shows only once the team's pick has been
    judged (the facilitator always)."""
    # Only a call a plan acted on is judged (rules.incident_flow.judge leaves the others None).
    verdicts = {o.diagnosis: o.cause for o in inc.outcomes
                if o.diagnosis and o.diagnosis_correct is not None}
    by_id = {d.id: d for d in spec.diagnoses}
    order = rng.shuffled(seed, tuple(by_id), "diagnoses", spec.id)
    return [
        {"id": d.id, "text": d.text,
         **({"correct": d.id == (inc.cause if facilitator else verdicts[d.id]),
             "red_herring": d.red_herring, "explanation": d.explanation}
            if facilitator or d.id in verdicts else {})}
        for d in (by_id[i] for i in order)
    ]


def _responses(
    state: GameState, team: Team, spec: IncidentSpec, inc: IncidentState, facilitator: bool
) -> list[dict[str, Any]]:
    """The plans on offer. A seat sees what a plan says and what it takes; its steps, class and
    side effects show in the review of a plan the team committed."""
    used = {o.response for o in inc.outcomes if o.response}
    by_id = {r.id: r for r in spec.responses}
    order = rng.shuffled(state.settings.seed, tuple(by_id), "responses", spec.id)
    return [
        {"id": r.id, "text": r.text, "cost": dict(r.cost), "ap": dict(r.ap),
         "requires": [c.text for c in r.requires],
         "missing": response_problems(team, state.scenario, r, state.quarter),
         **({"class": r.klass, "steps": list(r.steps), "fits": list(r.fits),
             "prevents_with": r.prevents_with, "effects": dict(r.effects),
             "explanation": r.explanation}
            if facilitator or r.id in used else {})}
        for r in (by_id[i] for i in order)
    ]


def _outcomes(inc: IncidentState, facilitator: bool) -> list[dict[str, Any]]:
    """The judged quarters. The true cause is the debrief's to tell: while the game runs, a
    seat learns only whether its diagnosis was right and what its plan was (a symptom fix
    only contains)."""
    plain = [_plain(o) for o in inc.outcomes]
    if facilitator:
        return plain
    return [{**o, "cause": "", "fits": None} for o in plain]


def _clues(inc: IncidentState, clues: _ClueSight, facilitator: bool) -> list[dict[str, Any]]:
    """The facilitator reads every clue that exists and who found it; a seat only the clues it
    has seen, and how it came by each."""
    if facilitator:
        return [{"id": c.id, "role": c.role, "text": c.text_for(inc.cause), "when": c.when,
                 "found_by": list(inc.found.get(c.id, ())),
                 "shared": c.id in inc.shared} for c in clues.existing()]
    visible = clues.seen()
    return [{"id": c.id, "role": c.role, "text": c.text_for(inc.cause),
             "source": visible[c.id], "shared": c.id in inc.shared}
            for c in clues.existing() if c.id in visible]


def _investigable(
    state: GameState, team: Team, inc: IncidentState, role: str | None, clues: _ClueSight
) -> list[dict[str, Any]]:
    """The clues a seat has not seen that it could dig for, and what each would cost it: its
    own role's only where they need an investigation, the other roles' always."""
    visible = clues.seen()
    own, cross = dig_costs(team, state.scenario, inc, state.quarter)
    return [
        {"id": c.id, "role": c.role, "ap": own if c.role == role else cross,
         # Who on the team has dug it out already (the team saw "X found a clue"): asking
         # them to share it is cheaper than paying for it again.
         "found_by": list(inc.found.get(c.id, ()))}
        for c in clues.existing()
        if c.id not in visible and (c.role != role or c.when == "investigate")
    ]
