"""`legal_commands(state, team, role)`: the commands a seat could send now, for UIs and bots.

Free-text commands (chat) and open-ended edits are represented by a few useful instances:
adding the next roadmap line, a workable charter, proposing each standard. Every command
listed here is accepted by `apply`; a test holds that promise.
"""

from __future__ import annotations

from game.clues import existing_clues, visible_clues
from game.commands import (
    ClearResponse,
    Command,
    Diagnose,
    Investigate,
    Notify,
    Pledge,
    ProposeStandard,
    Respond,
    SetCharter,
    SetReady,
    SetRoadmap,
    ShareClue,
    Transfer,
    Unpledge,
)
from game.effects import (
    charter_problems,
    investigate_cost,
    next_level_cost,
    notify_cost,
)
from game.scenario_model import ResponseSpec
from game.seat_rules import min_share, response_problems
from game.state import Charter, GameState, IncidentState, RoadmapEntry, Team
from game.teams import available
from game.vocab import LEVELS, ROLES

WORKABLE_CHARTER = Charter(
    members=("dataops_lead", "mlops_lead", "finops_lead", "executive_sponsor", "risk_legal"),
    chair="executive_sponsor",
    cadence="monthly",
    decision_rights=("approve_high_risk", "block_kill", "approve_standards"),
    risk_tiering=True,
    escalation=("mlops_lead", "executive_sponsor"),
    decision_log=True,
    purpose="Approve, pause and review AI systems across data, models and spend.",
)


def legal_commands(state: GameState, team_id: str, role: str) -> list[Command]:
    if state.phase != "planning" or state.paused or role not in ROLES:
        return []
    team = state.team(team_id)
    seat = team.seats[role]
    out: list[Command] = [SetReady(not seat.ready)]
    out += _money(state, team, role)
    for incident in team.incidents.values():
        if incident.open:
            out += _incident(state, team, role, incident)
    out += _artefacts(state, team, role)
    return out


def _money(state: GameState, team: Team, role: str) -> list[Command]:
    scenario = state.scenario
    out: list[Command] = []
    if state.quarter == 0:
        return out
    have = available(team, role)
    for ident, spec in scenario.initiatives.items():
        current = team.initiatives.get(ident)
        if current and current.pledges.get(role):
            out.append(Unpledge(ident))
        cost = next_level_cost(team, scenario, ident, state.quarter)
        if cost is None or (current and current.bought and current.bought[-1] == state.quarter):
            continue
        if spec.needs_charter and charter_problems(team.charter):
            continue
        room = cost - (current.pledged if current else 0)
        amounts = {min(room, have)}
        if role in spec.owners and len(spec.owners) > 1:
            mine = current.pledges.get(role, 0) if current else 0
            amounts.add(min(room, have, max(0, min_share(scenario, cost) - mine)))
        out += [Pledge(ident, a) for a in sorted(amounts) if a >= 1]
    if team.pool is None and have >= 1:
        for other in ROLES:
            if other != role:
                out += [Transfer(other, a) for a in sorted({max(1, have // 2), have})]
    return out


def _affordable(team: Team, incident: IncidentState, option: ResponseSpec) -> bool:
    ap = {r: s.ap + incident.reserved_ap.get(r, 0) for r, s in team.seats.items()}
    if any(ap[r] < need for r, need in option.ap.items()):
        return False
    if team.pool is not None:
        return sum(option.cost.values()) <= team.pool + sum(incident.reserved_cr.values())
    cr: dict[str, int] = {r: team.envelopes[r] + incident.reserved_cr.get(r, 0) for r in ROLES}
    return all(cr[r] >= need for r, need in option.cost.items())


def _incident(state: GameState, team: Team, role: str, incident: IncidentState) -> list[Command]:
    scenario = state.scenario
    spec = scenario.incidents[incident.spec]
    seat = team.seats[role]
    out: list[Command] = []
    seen = visible_clues(team, scenario, incident, role, state.quarter)
    for clue in existing_clues(team, scenario, spec, state.quarter):
        if clue.id in seen:
            if clue.id not in incident.shared:
                out.append(ShareClue(incident.id, clue.id))
        elif clue.role != role or clue.when == "investigate":
            cost = investigate_cost(team, scenario, clue.role == role, state.quarter)
            if seat.ap >= cost:
                out.append(Investigate(incident.id, clue.id))
    out += [Diagnose(incident.id, d.id) for d in spec.diagnoses if d.id != incident.diagnosis]
    for option in spec.responses:
        if option.id == incident.response:
            continue
        if not response_problems(team, scenario, option, state.quarter) and _affordable(
            team, incident, option
        ):
            out.append(Respond(incident.id, option.id))
    if incident.response is not None:
        out.append(ClearResponse(incident.id))
    if not incident.notified and seat.ap >= 1 and available(team, role) >= notify_cost(
        team, scenario, state.quarter
    ):
        out.append(Notify(incident.id))
    return out


def _artefacts(state: GameState, team: Team, role: str) -> list[Command]:
    scenario = state.scenario
    q = state.quarter
    out: list[Command] = []
    if q > 0 and team.seats[role].ap < 1:
        paid = {a for a, quarter in team.revised.items() if quarter == q}
    else:
        paid = {"roadmap", "charter", "standards"}
    reason = "" if q == 0 else "Re-planned after this quarter's events"
    if "roadmap" in paid:
        planned = {e.initiative for e in team.roadmap}
        for ident in list(scenario.initiatives)[:12]:
            if ident in planned:
                continue
            spec = scenario.initiatives[ident]
            entry = RoadmapEntry(ident, LEVELS[0], min(scenario.quarters, max(1, q + 1)),
                                 spec.lead, "", 0)
            out.append(SetRoadmap((*team.roadmap, entry), reason))
            break
    if "charter" in paid and team.charter != WORKABLE_CHARTER:
        out.append(SetCharter(WORKABLE_CHARTER, reason))
    if "standards" in paid:
        for ident, std in scenario.standards.items():
            if ident not in team.standards:
                owner = role if role in std.disciplines else std.disciplines[0]
                out.append(ProposeStandard(ident, owner, "policy", ""))
    return out
