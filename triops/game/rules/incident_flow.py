"""Incidents over time: drawing them, judging the team's response, escalation and damage."""

from __future__ import annotations

from typing import NamedTuple

from triops.game.model import rng
from triops.game.model.events import Event
from triops.game.model.state import ActiveModifier, GameState, IncidentState, Outcome, Team
from triops.game.model.values import evolve
from triops.game.model.vocab import LEVELS, OUTCOME_TEXT, ROLES
from triops.game.rules.in_effect import effective_rank
from triops.game.rules.metrics import Causes
from triops.game.rules.teams import add_evidence, book
from triops.game.scenario.model import (
    DiagnosisSpec,
    EffectSpec,
    IncidentSpec,
    ResponseSpec,
    Scenario,
)

# Likelihood multipliers for a mitigating initiative in effect, by level.
MITIGATION = {1: 0.75, 2: 0.55, 3: 0.4}
# ... and for an adopted standard addressing one of the incident's tags, by mechanism.
STANDARD_MITIGATION = {"code": 0.6, "training": 0.7, "policy": 0.8}
FLOOR = 0.1  # nothing makes an incident impossible
# Damage per quarter scales with severity; 4 is a crisis.
SEVERITY_SCALE = {1: 1.0, 2: 1.5, 3: 2.0, 4: 3.0}
CRISIS = 4
# Share of a quarter's damage an incident still does when it is fixed that quarter (the harm
# done before the fix landed), when a partial plan only eases it, and when the plan treats
# another cause: that holds the line (no escalation) but takes none of the harm away, so a
# guessed cause costs a quarter's full damage as well as the plan's price.
RESOLVED_DAMAGE = 0.5
CONTAINED_DAMAGE = 0.75
MISFIT_DAMAGE = 1.0
# Quarters after the one it is chosen in that an over-correction's side effects go on.
OVER_LASTS = 2


def likelihood(team: Team, scenario: Scenario, spec: IncidentSpec, quarter: int) -> float:
    """The chance this quarter that a random incident opens for this team."""
    p = spec.probability
    for ident in spec.mitigated_by:
        rank = effective_rank(team, scenario, ident, quarter)
        if rank:
            p *= MITIGATION[rank]
    for proposal in team.standards.values():
        if proposal.adopted is not None and proposal.adopted <= quarter:
            std = scenario.standards[proposal.standard]
            if set(std.addresses) & set(spec.tags):
                p *= STANDARD_MITIGATION[proposal.mechanism]
    for mod in team.modifiers:
        if mod.effect.kind == "probability" and quarter <= mod.until and (
            set(mod.effect.tags) & set(spec.tags)
        ):
            p *= mod.effect.factor
    return max(p, spec.probability * FLOOR) if spec.probability else 0.0


def opening_severity(team: Team, scenario: Scenario, spec: IncidentSpec, quarter: int) -> int:
    """Two mitigating initiatives at walk or above take the edge off: one level milder."""
    strong = sum(1 for i in spec.mitigated_by if effective_rank(team, scenario, i, quarter) >= 2)
    return max(1, spec.severity - (1 if strong >= 2 else 0))


def is_active(team: Team, spec_id: str) -> bool:
    return any(i.spec == spec_id and i.status in ("open", "dormant")
               for i in team.incidents.values())


def open_new(
    state: GameState, team: Team, spec: IncidentSpec, quarter: int, source: str
) -> tuple[Team, list[Event]]:
    scenario = state.scenario
    severity = opening_severity(team, scenario, spec, quarter)
    instance = IncidentState(
        id=f"{spec.id}@{quarter}",
        spec=spec.id,
        opened=quarter,
        severity=severity,
        source=source,
        cause=true_cause(state.settings.seed, spec, quarter),
        # A clock counts quarter-ends from the one it opens in: 1 is due as this quarter
        # resolves (the real 72 hours or 15 days of a notification duty), 2 by the next.
        clock_due=quarter + spec.clock - 1 if spec.clock else None,
    )
    team = evolve(team, incidents={**team.incidents, instance.id: instance})
    team = add_evidence(team, quarter, "incident_opened", ("LO2",),
                        {"incident": instance.id, "spec": spec.id, "severity": severity,
                         "source": source, "seams": list(spec.seams)})
    clock = ((" A regulator's clock runs out as this quarter ends: notify before it resolves."
              if instance.clock_due == quarter else
              f" A regulator's clock runs to the end of Q{instance.clock_due}.")
             if spec.clock else "")
    events = [Event("incident_opened", f"New incident: {spec.title} (severity {severity})."
                    f"{clock}{_seen_before(team, scenario, spec, instance.id)}",
                    team.id, "team", quarter,
                    {"incident": instance.id, "spec": spec.id, "severity": severity})]
    if source == "recurrence":
        events[0] = evolve(events[0], text=f"It's back: {spec.title} (severity {severity}).")
    return team, events


def _seen_before(team: Team, scenario: Scenario, spec: IncidentSpec, new_id: str) -> str:
    """What to say when the team has met this kind of incident before: a newcomer read the
    same title and clues a quarter after "Resolved." and took it for the old one back."""
    last = max((i.opened for i in team.incidents.values()
                if i.spec == spec.id and i.id != new_id), default=None)
    if last is None:
        return ""
    names = [scenario.initiatives[i].name for i in spec.mitigated_by if i in scenario.initiatives]
    rarer = (f" What makes it rarer: {', '.join(names)}." if names else "")
    return (f" The same kind of incident as in Q{last}, a new occurrence: its cause is "
            f"found afresh, and fixing one occurrence does not stop the next.{rarer}")


def true_cause(seed: int, spec: IncidentSpec, quarter: int) -> str:
    """The cause behind this incident in this game: the same for every team (common random
    numbers), drawn by the diagnoses' weights, hidden from every seat until the review."""
    return rng.weighted(seed, tuple((d.id, d.weight) for d in spec.diagnoses),
                        "cause", spec.id, quarter)


def draw_incidents(state: GameState, team: Team, quarter: int) -> tuple[Team, list[Event]]:
    """Scheduled incidents open for sure; random ones on common random numbers."""
    scenario = state.scenario
    events: list[Event] = []
    for spec in scenario.incidents.values():
        if quarter in spec.scheduled and not is_active(team, spec.id):
            team, evs = open_new(state, team, spec, quarter, "scheduled")
            events += evs
    drawn = 0
    for spec in scenario.incidents.values():
        if drawn >= scenario.rules.max_random_incidents:
            break
        if spec.probability <= 0 or spec.earliest > quarter or is_active(team, spec.id):
            continue
        if rng.draw(state.settings.seed, "incident", quarter, spec.id) < likelihood(
            team, scenario, spec, quarter
        ):
            team, evs = open_new(state, team, spec, quarter, "random")
            events += evs
            drawn += 1
    return team, events


def reopen_recurrences(state: GameState, team: Team, quarter: int) -> tuple[Team, list[Event]]:
    """A symptom-only fix comes back, one level worse (a silent recurrence)."""
    events: list[Event] = []
    for incident in list(team.incidents.values()):
        if incident.status == "dormant" and incident.recur_at == quarter:
            spec = state.scenario.incidents[incident.spec]
            reopened = evolve(
                incident, status="open", severity=min(CRISIS, incident.severity + 1),
                recur_at=None, diagnosis=None, diagnosis_by=None, diagnosis_pooled=(),
                notified=False, source="recurrence",
            )
            team = evolve(team, incidents={**team.incidents, incident.id: reopened})
            team = add_evidence(team, quarter, "incident_recurred", ("LO3",),
                                {"incident": incident.id, "spec": spec.id,
                                 "severity": reopened.severity})
            events.append(Event("incident_opened",
                                f"It's back: {spec.title} (severity {reopened.severity}). "
                                "The last fix treated the symptom.",
                                team.id, "team", quarter,
                                {"incident": incident.id, "spec": spec.id,
                                 "severity": reopened.severity, "recurrence": True}))
    return team, events


class _Verdict(NamedTuple):
    """What the team's plan did to an incident this quarter."""

    severity: int  # after the plan (a partial fix can bring it to 0: the incident is resolved)
    status: str  # open, dormant (a symptom fix, to come back) or resolved
    result: str  # one of OUTCOME_TEXT's keys
    damage: float  # the share of a quarter's damage the incident still does
    recur_at: int | None  # when a symptom fix comes back


def judge(
    state: GameState, team: Team, incident: IncidentState, quarter: int, causes: Causes,
    pooled: tuple[str, ...],
) -> tuple[Team, IncidentState, list[Event], float]:
    """Commit the team's draft for one incident. Returns the damage factor for this quarter."""
    spec = state.scenario.incidents[incident.spec]
    diagnosis = spec.diagnosis(incident.diagnosis) if incident.diagnosis else None
    response = spec.response(incident.response) if incident.response else None
    events: list[Event] = []
    if response is not None:
        team = _carry_out(team, spec, incident, response, quarter, causes)
    klass = response.klass if response else None
    truth = incident.cause
    fits = (truth in response.fits) if response is not None and response.fits else None
    correct = (diagnosis.id == truth) if diagnosis else None
    verdict = _plan_verdict(state, spec, incident, klass, fits, quarter)
    clock_due = incident.clock_due
    if clock_due is not None and (quarter >= clock_due or verdict.status != "open"):
        team, events = _regulator_clock(state, team, incident, quarter, causes, events)
        clock_due = None
    # A call nobody acted on is not tested: the review does not say whether it was right
    # (diagnosing without a plan would otherwise be a free probe of the cause); the debrief
    # at the end does.
    tested = correct if response is not None else None
    outcome = Outcome(quarter, incident.diagnosis, tested, incident.response, klass,
                      verdict.result, pooled, incident.notified, truth, fits)
    team = _outcome_evidence(state, team, spec, incident, diagnosis, response, verdict, outcome)
    events += _outcome_events(team, spec, incident, diagnosis, response, verdict, outcome)
    new = evolve(
        incident, severity=max(verdict.severity, 1), status=verdict.status,
        recur_at=verdict.recur_at, clock_due=clock_due,
        response=None, response_by=None, response_reason="", reserved_cr={}, reserved_ap={},
        outcomes=(*incident.outcomes, outcome),
    )
    return team, new, events, verdict.damage


def _carry_out(
    team: Team, spec: IncidentSpec, incident: IncidentState, response: ResponseSpec,
    quarter: int, causes: Causes,
) -> Team:
    """Pay for the plan (the credits reserved for it) and let its side effects begin."""
    spent = sum(incident.reserved_cr.values())
    team = book(team, quarter, "response", -spent, f"{response.id} on {incident.id}")
    if response.klass == "over" and response.effects:
        # A sledgehammer is not a one-off: the freeze, the switch-off or the cut-off stays
        # in place while the organisation recovers from it (this quarter and OVER_LASTS
        # more; the modifiers apply later in this same resolution).
        label = f"over-correction on {spec.title}"
        return evolve(team, modifiers=(*team.modifiers, *(
            ActiveModifier(label, EffectSpec(kind="modifier", metric=m, delta=d),
                           quarter + OVER_LASTS) for m, d in response.effects.items())))
    for m, delta in response.effects.items():
        causes[m].append((f"response to {spec.title}", float(delta)))
    return team


def _plan_verdict(
    state: GameState, spec: IncidentSpec, incident: IncidentState, klass: str | None,
    fits: bool | None, quarter: int,
) -> _Verdict:
    """What a plan of this class does to the incident. Damage starts when an incident opens:
    a fix this quarter halves it, nothing prevents it."""
    severity = incident.severity
    if klass is None:
        severity = min(CRISIS, severity + 1)
        return _Verdict(severity, "open", "crisis" if severity >= CRISIS else "escalated",
                       1.0, None)
    if klass == "poor":
        recur_at = quarter + rng.draw_int(state.settings.seed, 1, 2, "recur", quarter, spec.id)
        return _Verdict(severity, "dormant", "suppressed", RESOLVED_DAMAGE, recur_at)
    if klass == "over":
        return _Verdict(severity, "resolved", "over", RESOLVED_DAMAGE, None)
    if not fits:  # a plan for another cause: it holds the line, it fixes nothing
        return _Verdict(severity, "open", "contained", MISFIT_DAMAGE, None)
    if klass == "good":
        return _Verdict(severity, "resolved", "resolved", RESOLVED_DAMAGE, None)
    # A partial plan for the true cause: one level milder.
    severity -= 1
    if severity <= 0:
        return _Verdict(severity, "resolved", "resolved", RESOLVED_DAMAGE, None)
    return _Verdict(severity, "open", "partial", CONTAINED_DAMAGE, None)


def _prevention_in_place(
    team: Team, scenario: Scenario, response: ResponseSpec | None, quarter: int
) -> bool | None:
    """Whether the initiative the plan says would prevent a repeat is bought (None: the plan
    names none)."""
    if response is None or not response.prevents_with:
        return None
    # Bought (in effect next quarter, or on its way): a pledge that bought nothing leaves
    # an entry in team.initiatives too, so being listed there is not being funded.
    bought = team.initiatives.get(response.prevents_with)
    return effective_rank(team, scenario, response.prevents_with, quarter + 1) > 0 or (
        bought is not None and bought.rank > 0
    )


def _outcome_evidence(
    state: GameState, team: Team, spec: IncidentSpec, incident: IncidentState,
    diagnosis: DiagnosisSpec | None, response: ResponseSpec | None, verdict: _Verdict,
    outcome: Outcome,
) -> Team:
    """The evidence the debrief scores the team's handling of the incident on."""
    quarter = outcome.quarter
    prevention = _prevention_in_place(team, state.scenario, response, quarter)
    return add_evidence(team, quarter, "incident_outcome", ("LO2", "LO3", "LO4"), {
        "incident": incident.id,
        "spec": spec.id,
        "diagnosis": incident.diagnosis,
        "correct": (diagnosis.id == outcome.cause) if diagnosis else None,
        "cause": outcome.cause,
        "fits": outcome.fits,
        "red_herring": bool(diagnosis and diagnosis.red_herring),
        # What was pooled when the diagnosis was made, not what was shared afterwards.
        "pooled_roles": list(incident.diagnosis_pooled if incident.diagnosis
                             else outcome.pooled_roles),
        "response": incident.response,
        "class": outcome.response_class,
        "steps": list(response.steps) if response else [],
        "prevents_with": response.prevents_with if response else None,
        "prevention_in_place": prevention,
        "uses_committee": bool(response and any(c.kind in ("committee", "right")
                                                for c in response.requires)),
        "notified": incident.notified,
        "reason": incident.response_reason,
        "result": verdict.result,
        "severity": verdict.severity,
        "seams": list(spec.seams),
    }, incident.response_by or "")


def _outcome_events(
    team: Team, spec: IncidentSpec, incident: IncidentState, diagnosis: DiagnosisSpec | None,
    response: ResponseSpec | None, verdict: _Verdict, outcome: Outcome,
) -> list[Event]:
    """The outcome as the team reads it, and what only the facilitator is told: when a symptom
    fix comes back, and that an incident has become a crisis."""
    quarter, correct = outcome.quarter, outcome.diagnosis_correct
    # A symptom fix is said to be one (the review shows the plan's class anyway); only when
    # the incident comes back stays the facilitator's to know.
    text = _outcome_text(spec, diagnosis, response, verdict.result, outcome.cause)
    events = [Event("incident_outcome", text, team.id, "team", quarter,
                    {"incident": incident.id, "result": verdict.result, "correct": correct,
                     "severity": verdict.severity})]
    if verdict.result == "suppressed":
        events.append(Event("recurrence_scheduled",
                            f"{spec.title} will silently recur in Q{verdict.recur_at}.",
                            team.id, "facilitator", quarter,
                            {"incident": incident.id, "recur_at": verdict.recur_at}))
    if verdict.result == "crisis" and incident.severity < CRISIS:
        events.append(Event("crisis", f"CRISIS: {team.name} — {spec.title} has reached severity 4.",
                            team.id, "facilitator", quarter, {"incident": incident.id}))
        events.append(Event("crisis", f"{spec.title} is now a crisis (severity 4).",
                            team.id, "team", quarter, {"incident": incident.id}))
    return events


def _outcome_text(
    spec: IncidentSpec, diagnosis: DiagnosisSpec | None, response: ResponseSpec | None,
    result: str, truth: str,
) -> str:
    parts = [f"{spec.title}:"]
    if diagnosis is not None and response is None:
        parts.append(f"diagnosis \"{diagnosis.text}\" was not tested: with no plan carried "
                     "out, nothing shows whether it was right.")
    elif diagnosis is not None:
        verdict = "correct" if diagnosis.id == truth else "not the root cause"
        parts.append(f"diagnosis \"{diagnosis.text}\" was {verdict}.")
    else:
        parts.append("no diagnosis was submitted.")
    if response is not None:
        parts.append(f"Response: {response.text.rstrip('.')}.")
    else:
        parts.append("Nothing was done.")
    parts.append(OUTCOME_TEXT[result])
    return " ".join(parts)


def _regulator_clock(
    state: GameState, team: Team, incident: IncidentState, quarter: int, causes: Causes,
    events: list[Event],
) -> tuple[Team, list[Event]]:
    spec = state.scenario.incidents[incident.spec]
    if incident.notified:
        events.append(Event("clock_met", f"{spec.title}: the regulator was told in time.",
                            team.id, "team", quarter, {"incident": incident.id}))
        return team, events
    fine = state.scenario.rules.clock_miss_fine
    causes["governance"].append((f"{spec.title}: regulator's deadline missed", -10.0))
    team, lost = take_loss(team, fine)
    team = book(team, quarter, "fine", -lost, f"missed deadline on {incident.id}")
    team = add_evidence(team, quarter, "clock_missed", ("LO3", "LO4"),
                        {"incident": incident.id, "fine": lost})
    events.append(Event("clock_missed",
                        f"{spec.title}: the regulator's deadline passed without a report "
                        f"(−10 governance, {lost} cr fine).",
                        team.id, "team", quarter, {"incident": incident.id}))
    return team, events


def damage_of(
    team: Team, scenario: Scenario, incident: IncidentState, quarter: int, factor: float
) -> tuple[dict[str, float], float]:
    """Metric damage and credits lost this quarter by an incident still open."""
    spec = scenario.incidents[incident.spec]
    scale = SEVERITY_SCALE[min(incident.severity, CRISIS)] * factor
    for ident, init in scenario.initiatives.items():
        rank = effective_rank(team, scenario, ident, quarter)
        if not rank:
            continue
        level = LEVELS[rank - 1]
        if init.damage_factor and set(init.damage_factor_tags) & set(spec.tags):
            scale *= init.damage_factor.get(level, 1.0)
        if init.open_damage_factor:
            scale *= init.open_damage_factor.get(level, 1.0)
    return {m: d * scale for m, d in spec.damage.items()}, spec.loss * scale


def take_loss(team: Team, amount: int) -> tuple[Team, int]:
    """Take up to `amount` credits, FinOps' envelope first; returns what was actually lost."""
    if amount <= 0:
        return team, 0
    if team.pool is not None:
        lost = min(amount, team.pool)
        return evolve(team, pool=team.pool - lost), lost
    envelopes = dict(team.envelopes)
    left = amount
    for role in ("finops", *[r for r in ROLES if r != "finops"]):
        take = min(left, envelopes[role])
        envelopes[role] -= take
        left -= take
    return evolve(team, envelopes=envelopes), amount - left
