"""Rules for what a seat does in planning: money, incidents, chat and readiness.

Each handler checks everything first and raises a RuleError before building anything, then
returns the new team and the events to report.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from triops.game.model.commands import (
    Chat,
    ClearResponse,
    Diagnose,
    Investigate,
    Notify,
    Pledge,
    Respond,
    ShareClue,
    Transfer,
    Unpledge,
)
from triops.game.model.errors import (
    InvalidCommand,
    NotEnoughActionPoints,
    Unavailable,
    UnknownTarget,
    WrongPhase,
)
from triops.game.model.events import Event
from triops.game.model.state import ChatMessage, GameState, IncidentState, InitiativeState, Team
from triops.game.model.values import evolve
from triops.game.model.vocab import LEVELS, ROLE_NAMES, ROLES
from triops.game.rules.artefact_rules import MAX_REASON
from triops.game.rules.clues import (
    candidates,
    dig_costs,
    existing_clues,
    joint_review,
    pooled_roles,
    visible_clues,
)
from triops.game.rules.in_effect import (
    NOTIFY_AP,
    all_hold,
    charter_problems,
    committee_active,
    next_level_cost,
    notify_cost,
)
from triops.game.rules.teams import add_chat, add_evidence, book, credit, debit, put_seat
from triops.game.scenario.model import ResponseSpec, Scenario

MAX_CHAT = 500

Result = tuple[Team, list[Event]]


def _ev(state: GameState, team: Team, event: str, text: str, **data: object) -> Event:
    return Event(event, text, team.id, "team", state.quarter, data)


def _spend_ap(team: Team, role: str, ap: int, what: str) -> Team:
    seat = team.seats[role]
    if seat.ap < ap:
        raise NotEnoughActionPoints(f"{ROLE_NAMES[role]} has {seat.ap} AP left; {what} needs {ap}.")
    return put_seat(team, evolve(seat, ap=seat.ap - ap))


# --- money ---------------------------------------------------------------------------------


def pledge(state: GameState, team: Team, role: str, cmd: Pledge) -> Result:
    scenario = state.scenario
    if state.quarter == 0:
        raise WrongPhase("Setup is for the roadmap, charter and standards; funding opens in Q1.")
    spec = scenario.initiatives.get(cmd.initiative)
    if spec is None:
        raise UnknownTarget(f'There is no initiative "{cmd.initiative}" in this scenario.')
    cost = next_level_cost(team, scenario, spec.id, state.quarter)
    if cost is None:
        raise InvalidCommand(f"{spec.name} is already at run, its top level.")
    current = team.initiatives.get(spec.id, InitiativeState(spec.id))
    if current.bought and current.bought[-1] == state.quarter:
        raise InvalidCommand(f"{spec.name} already moved up a level this quarter.")
    if spec.needs_charter and (problems := charter_problems(team.charter)):
        raise Unavailable(f"{spec.name} needs a charter that can work: {'; '.join(problems)}.")
    if cmd.amount < 1:
        raise InvalidCommand("A pledge is at least 1 cr.")
    room = cost - current.pledged
    level = LEVELS[current.rank]
    if cmd.amount > room:
        raise InvalidCommand(
            f"{spec.name} ({level}) costs {cost} cr and {current.pledged} are pledged; "
            f"pledge at most {room}."
        )
    team = debit(team, role, cmd.amount, f"a pledge of {cmd.amount} cr")
    pledges = {**current.pledges, role: current.pledges.get(role, 0) + cmd.amount}
    team = evolve(
        team, initiatives={**team.initiatives, spec.id: evolve(current, pledges=pledges)}
    )
    total = current.pledged + cmd.amount
    team = add_evidence(
        team,
        state.quarter,
        "pledge",
        ("LO1",),
        {"initiative": spec.id, "level": level, "amount": cmd.amount},
        role,
    )
    text = f"{ROLE_NAMES[role]} pledged {cmd.amount} cr to {spec.name} ({level}): {total}/{cost}"
    return team, [
        _ev(
            state,
            team,
            "pledge",
            text,
            initiative=spec.id,
            role=role,
            amount=cmd.amount,
            pledged=total,
            cost=cost,
        )
    ]


def unpledge(state: GameState, team: Team, role: str, cmd: Unpledge) -> Result:
    current = team.initiatives.get(cmd.initiative)
    amount = current.pledges.get(role, 0) if current else 0
    if current is None or amount == 0:
        raise InvalidCommand(f"{ROLE_NAMES[role]} has no pledge on {cmd.initiative} to take back.")
    pledges = {r: a for r, a in current.pledges.items() if r != role}
    team = evolve(
        team, initiatives={**team.initiatives, cmd.initiative: evolve(current, pledges=pledges)}
    )
    team = credit(team, role, amount)
    # Kept so credit counts money committed, not every pledge change (no objective scores it).
    team = add_evidence(team, state.quarter, "unpledge", (),
                        {"initiative": cmd.initiative, "amount": amount}, role)
    name = state.scenario.initiatives[cmd.initiative].name
    return team, [
        _ev(
            state,
            team,
            "unpledge",
            f"{ROLE_NAMES[role]} took back {amount} cr from {name}",
            initiative=cmd.initiative,
            role=role,
            amount=amount,
        )
    ]


def transfer(state: GameState, team: Team, role: str, cmd: Transfer) -> Result:
    if team.pool is not None:
        raise InvalidCommand("The budget is pooled: every seat already spends from one pool.")
    if cmd.to_role not in ROLES or cmd.to_role == role:
        raise InvalidCommand(
            f"Transfer to another seat ({', '.join(r for r in ROLES if r != role)})."
        )
    if cmd.amount < 1:
        raise InvalidCommand("A transfer is at least 1 cr.")
    team = debit(team, role, cmd.amount, f"a transfer of {cmd.amount} cr")
    room = transfer_room(team, state.scenario, role)
    if cmd.amount > room:
        raise InvalidCommand(
            f"Without the committee's budget-pooling right a seat moves at most "
            f"{state.scenario.rules.transfer_cap} cr a quarter to others; "
            f"{ROLE_NAMES[role]} can move {room} more this quarter."
        )
    team = put_seat(team, evolve(team.seats[role], sent=team.seats[role].sent + cmd.amount))
    team = credit(team, cmd.to_role, cmd.amount)
    team = add_evidence(
        team, state.quarter, "transfer", ("LO4",), {"to": cmd.to_role, "amount": cmd.amount}, role
    )
    text = f"{ROLE_NAMES[role]} moved {cmd.amount} cr to {ROLE_NAMES[cmd.to_role]}"
    return team, [_ev(state, team, "transfer", text, role=role, to=cmd.to_role, amount=cmd.amount)]


# --- incidents -----------------------------------------------------------------------------


def open_incident(team: Team, incident_id: str) -> IncidentState:
    incident = team.incidents.get(incident_id)
    if incident is None or not incident.open:
        raise UnknownTarget(f'There is no open incident "{incident_id}".')
    return incident


def _put_incident(team: Team, incident: IncidentState) -> Team:
    return evolve(team, incidents={**team.incidents, incident.id: incident})


def investigate(state: GameState, team: Team, role: str, cmd: Investigate) -> Result:
    scenario = state.scenario
    incident = open_incident(team, cmd.incident)
    spec = scenario.incidents[incident.spec]
    clue = next(
        (c for c in existing_clues(team, scenario, spec, state.quarter) if c.id == cmd.clue), None
    )
    if clue is None:
        raise UnknownTarget(f'{spec.title} has no clue "{cmd.clue}" to look for.')
    if cmd.clue in visible_clues(team, scenario, incident, role, state.quarter):
        raise InvalidCommand(f"{ROLE_NAMES[role]} can already see that clue.")
    own = clue.role == role
    review = joint_review(team, scenario, incident, state.quarter)
    own_ap, cross_ap = dig_costs(team, scenario, incident, state.quarter)
    cost = own_ap if own else cross_ap
    team = _spend_ap(team, role, cost, "this investigation")
    found = {**incident.found, clue.id: (*incident.found.get(clue.id, ()), role)}
    team = _put_incident(team, evolve(incident, found=found,
                                      reviewed=incident.reviewed or review))
    team = add_evidence(
        team,
        state.quarter,
        "investigate",
        ("LO2",),
        {
            "incident": incident.id,
            "clue": clue.id,
            "clue_role": clue.role,
            "cross_role": not own,
            "ap": cost,
        },
        role,
    )
    # The clue text goes only to the seat that found it.
    return team, [
        Event(
            "clue_found",
            f"{ROLE_NAMES[role]} found a clue on {spec.title}",
            team.id,
            "team",
            state.quarter,
            {"incident": incident.id, "role": role},
        ),
        Event(
            "clue",
            clue.text_for(incident.cause),
            team.id,
            role,
            state.quarter,
            {"incident": incident.id, "clue": clue.id},
        ),
    ]


def share_clue(state: GameState, team: Team, role: str, cmd: ShareClue) -> Result:
    scenario = state.scenario
    incident = open_incident(team, cmd.incident)
    if cmd.clue not in visible_clues(team, scenario, incident, role, state.quarter):
        raise UnknownTarget(f'{ROLE_NAMES[role]} cannot see a clue "{cmd.clue}" to share.')
    if cmd.clue in incident.shared:
        raise InvalidCommand("That clue is already shared with the team.")
    spec = scenario.incidents[incident.spec]
    clue = spec.clue(cmd.clue)
    assert clue is not None
    # Writing a finding up for the others takes time: a seat's first few a quarter are quick,
    # every further one costs AP (the dashboard posts its feeds for free).
    if team.seats[role].shared >= scenario.rules.free_shares:
        team = _spend_ap(team, role, scenario.rules.share_ap, "sharing another clue")
    team = put_seat(team, evolve(team.seats[role], shared=team.seats[role].shared + 1))
    text = clue.text_for(incident.cause)
    team = _put_incident(team, evolve(incident, shared=(*incident.shared, clue.id)))
    team = add_chat(team, ChatMessage(state.quarter, role, text, "clue", incident.id, clue.id))
    team = add_evidence(
        team,
        state.quarter,
        "share_clue",
        ("LO2",),
        {"incident": incident.id, "clue": clue.id, "clue_role": clue.role},
        role,
    )
    return team, [
        _ev(
            state,
            team,
            "chat",
            text,
            sender=role,
            kind="clue",
            incident=incident.id,
            clue=clue.id,
        )
    ]


def diagnose(state: GameState, team: Team, role: str, cmd: Diagnose) -> Result:
    scenario = state.scenario
    incident = open_incident(team, cmd.incident)
    spec = scenario.incidents[incident.spec]
    option = spec.diagnosis(cmd.diagnosis)
    if option is None:
        raise UnknownTarget(f'{spec.title} has no diagnosis option "{cmd.diagnosis}".')
    pooled = pooled_roles(team, scenario, incident, state.quarter)
    # What the diagnoser could tell from its own seat's clues, and from all it could see:
    # pooling decided the call when its own clues left several causes and the others'
    # narrowed them (LO2).
    # What a review has already said counts for the diagnoser too: a cause judged wrong is
    # ruled out, one judged right is known. A call only the verdicts settled was not decided
    # by pooling (a guesser's lucky first call, judged right, scored again as pooling decided
    # each time a symptom fix let the incident come back, and reached proficient on LO2).
    known = {o.diagnosis for o in incident.outcomes if o.diagnosis_correct}
    ruled_out = {o.diagnosis for o in incident.outcomes if o.diagnosis_correct is False}

    def left(causes: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(c for c in causes if c not in ruled_out and (not known or c in known))

    seen = visible_clues(team, scenario, incident, role, state.quarter)
    own = left(candidates(spec, incident, (c.id for c in spec.clues
                                           if c.id in seen and c.role == role)))
    everything = left(candidates(spec, incident, seen))
    drafted = spec.response(incident.response) if incident.response else None
    # The plan drafted treats a cause the team no longer believes: it is withdrawn.
    withdrawn = drafted.id if drafted and not treats_diagnosis(drafted.fits, option.id) else None
    if withdrawn:
        team, incident = _release(team, incident)
    team = _put_incident(
        team, evolve(incident, diagnosis=option.id, diagnosis_by=role, diagnosis_pooled=pooled)
    )
    team = add_evidence(
        team,
        state.quarter,
        "diagnosis_proposed",
        ("LO2",),
        {"incident": incident.id, "diagnosis": option.id, "pooled_roles": list(pooled),
         "own_candidates": len(own), "seen_candidates": len(everything),
         "pooling_decided": len(own) > 1 and everything == (option.id,),
         "fits_evidence": option.id in everything},
        role,
    )
    text = f"{ROLE_NAMES[role]} proposes the diagnosis for {spec.title}: {option.text}"
    if withdrawn:
        text = text.rstrip(".") + (". The plan drafted before treats another cause: it is "
                                   "withdrawn, and its credits and AP are back.")
    return team, [
        _ev(
            state,
            team,
            "draft",
            text,
            incident=incident.id,
            field="diagnosis",
            value=option.id,
            role=role,
            withdrawn=withdrawn,
        )
    ]


def response_problems(
    team: Team, scenario: Scenario, response: ResponseSpec, quarter: int
) -> list[str]:
    """Unmet conditions of a response, in words; empty when it is on offer."""
    return [c.text for c in response.requires if not all_hold((c,), team, scenario, quarter)]


def treats_diagnosis(fits: Sequence[str], diagnosis: str | None) -> bool:
    """Whether the team may draft a plan that treats the causes `fits` (a response's, or a
    bot's reading of it) under its diagnosis. A plan that treats a
    cause needs that cause diagnosed first: the team commits to what it believes is wrong,
    then to the fix for it (a plan for an undiagnosed cause would let seats that never
    compare clues each act on their own guess). A symptom fix or a sledgehammer treats no
    cause and needs no diagnosis."""
    return not fits or diagnosis in fits


def coherence_problem(response: ResponseSpec, diagnosis: str | None) -> str:
    """Why `response` cannot be drafted under the team's diagnosis, in words; "" if it can.
    The plan's own text is not quoted: plans run to several clauses."""
    if treats_diagnosis(response.fits, diagnosis):
        return ""
    if diagnosis is None:
        return ("That plan treats a particular cause: draft the diagnosis first (the cause the "
                "team believes), then the plan that treats it.")
    return ("That plan treats another cause than the team's diagnosis: change the diagnosis "
            "first if you now believe that cause.")


def _release(team: Team, incident: IncidentState) -> tuple[Team, IncidentState]:
    for r, amount in incident.reserved_cr.items():
        team = credit(team, r, amount)
    for r, ap in incident.reserved_ap.items():
        seat = team.seats[r]
        team = put_seat(team, evolve(seat, ap=seat.ap + ap))
    incident = evolve(incident, response=None, response_by=None, response_reason="",
                      reserved_cr={}, reserved_ap={})
    return team, incident


def respond(state: GameState, team: Team, role: str, cmd: Respond) -> Result:
    scenario = state.scenario
    incident = open_incident(team, cmd.incident)
    spec = scenario.incidents[incident.spec]
    option = spec.response(cmd.response)
    if option is None:
        raise UnknownTarget(f'{spec.title} has no response option "{cmd.response}".')
    if problems := response_problems(team, scenario, option, state.quarter):
        raise Unavailable(f'"{option.text}" needs {", ".join(problems)} first.')
    if problem := coherence_problem(option, incident.diagnosis):
        raise Unavailable(problem)
    if len(cmd.reason) > MAX_REASON:
        raise InvalidCommand(f"A justification is at most {MAX_REASON} characters.")
    team, incident = _release(team, incident)
    for r, ap in option.ap.items():
        team = _spend_ap(team, r, ap, f'"{option.text}"')
    for r, amount in option.cost.items():
        team = debit(team, r, amount, f'"{option.text}" ({ROLE_NAMES[r]}\'s share)')
    incident = evolve(
        incident,
        response=option.id,
        response_by=role,
        response_reason=cmd.reason.strip(),
        reserved_cr=dict(option.cost),
        reserved_ap=dict(option.ap),
    )
    team = _put_incident(team, incident)
    team = add_evidence(
        team,
        state.quarter,
        "response_proposed",
        ("LO3",),
        {"incident": incident.id, "response": option.id, "reason": cmd.reason.strip()},
        role,
    )
    text = f"{ROLE_NAMES[role]} proposes the response to {spec.title}: {option.text}"
    return team, [
        _ev(
            state,
            team,
            "draft",
            text,
            incident=incident.id,
            field="response",
            value=option.id,
            role=role,
        )
    ]


def clear_response(state: GameState, team: Team, role: str, cmd: ClearResponse) -> Result:
    incident = open_incident(team, cmd.incident)
    if incident.response is None:
        raise InvalidCommand("There is no draft response to clear.")
    team, incident = _release(team, incident)
    team = _put_incident(team, incident)
    title = state.scenario.incidents[incident.spec].title
    return team, [
        _ev(
            state,
            team,
            "draft",
            f"{ROLE_NAMES[role]} cleared the response to {title}",
            incident=incident.id,
            field="response",
            value=None,
            role=role,
        )
    ]


def notify(state: GameState, team: Team, role: str, cmd: Notify) -> Result:
    scenario = state.scenario
    incident = open_incident(team, cmd.incident)
    if incident.notified:
        raise InvalidCommand("Stakeholders have already been notified about this incident.")
    cost = notify_cost(team, scenario, state.quarter)
    team = _spend_ap(team, role, NOTIFY_AP, "notifying")
    team = debit(team, role, cost, "notifying")
    team = book(team, state.quarter, "notify", -cost, f"notification on {incident.id}")
    committee = committee_active(team, scenario, state.quarter)
    team = _put_incident(team, evolve(incident, notified=True, notify_cost=cost, notify_by=role))
    team = add_evidence(
        team,
        state.quarter,
        "notify",
        ("LO3", "LO4"),
        {"incident": incident.id, "committee": committee, "clock": incident.clock_due is not None},
        role,
    )
    title = scenario.incidents[incident.spec].title
    via = " through the governance committee" if committee else ""
    return team, [
        _ev(
            state,
            team,
            "notify",
            f"{ROLE_NAMES[role]} notified stakeholders{via} about {title} ({cost} cr)",
            incident=incident.id,
            committee=committee,
        )
    ]


# --- talk ----------------------------------------------------------------------------------


def chat(state: GameState, team: Team, role: str, cmd: Chat) -> Result:
    text = cmd.text.strip()
    if not text:
        raise InvalidCommand("A chat message needs some text.")
    if len(text) > MAX_CHAT:
        raise InvalidCommand(f"A chat message is at most {MAX_CHAT} characters.")
    team = add_chat(team, ChatMessage(state.quarter, role, text))
    return team, [_ev(state, team, "chat", text, sender=role, kind="chat")]


def transfer_room(team: Team, scenario: Scenario, role: str) -> int:
    """Credits `role` may still send this quarter: envelopes are owned, and only the
    committee's budget-pooling right merges them (docs/player.md, "Money")."""
    return max(0, scenario.rules.transfer_cap - team.seats[role].sent)


def owner_shortfall(team: Team, scenario: Scenario, initiative: str, cost: int) -> list[str]:
    """Owning roles that have not yet pledged their minimum share of a co-owned initiative."""
    spec = scenario.initiatives[initiative]
    if team.pool is not None or len(spec.owners) < 2:
        return []
    state = team.initiatives.get(initiative)
    need = min_share(scenario, cost, len(spec.owners))
    have = state.pledges if state else {}
    return [r for r in spec.owners if have.get(r, 0) < need]


def min_share(scenario: Scenario, cost: int, owners: int) -> int:
    """Each owner's minimum pledge: the scenario's share of the price, rounded up, but never
    so much that the owners' shares together would exceed the price."""
    return min(math.ceil(scenario.rules.min_owner_share * cost), cost // max(1, owners))
