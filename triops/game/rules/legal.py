"""`legal_commands(state, team, role)`: the commands a seat could send now, for UIs and bots.

Free-text commands (chat) and open-ended edits are represented by a few useful instances:
adding the next roadmap line, a workable charter, proposing each standard. Every command
listed here is accepted by `apply`; a test holds that promise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from triops.game.memo import IdentityMemo
from triops.game.model.commands import (
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
from triops.game.model.state import Charter, GameState, IncidentState, RoadmapEntry, Team
from triops.game.model.vocab import LEVELS, ROLES
from triops.game.rules.capabilities import capabilities
from triops.game.rules.clues import dig_costs, existing_clues, visible_clues
from triops.game.rules.in_effect import (
    NOTIFY_AP,
    charter_problems,
    next_level_cost,
    notify_cost,
)
from triops.game.rules.seat_rules import (
    min_share,
    response_problems,
    transfer_room,
    treats_diagnosis,
)
from triops.game.rules.teams import available
from triops.game.scenario.model import ResponseSpec

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
    scenario = id(state.scenario)
    sendable = transfer_room(team, state.scenario, role) if (
        team.pool is None and state.quarter > 0) else 0
    money = (scenario, state.quarter, role, available(team, role), team.pool is None,
             bool(charter_problems(team.charter)), sendable)
    out += _remember(("money", *money), (team.initiatives, team.modifiers),
                     lambda: _money(state, team, role))
    if any(i.open for i in team.incidents.values()):
        caps = capabilities(state, team)
        clues = ("clues", scenario, state.quarter, role, seat.ap, caps, seat.shared)
        fixes = ("responses", scenario, state.quarter, caps,
                 tuple(s.ap for s in team.seats.values()), tuple(team.envelopes.values()),
                 team.pool)
        for incident in team.incidents.values():
            if incident.open:
                out += _remember(clues, (incident,), _bind(_clues, state, team, role, incident))
                out += _remember(fixes, (incident,),
                                 _bind(_responses, state, team, role, incident))
                out += _notify(state, team, role, incident)
    broke = state.quarter > 0 and seat.ap < 1
    paid = tuple(sorted(a for a, q in team.revised.items() if q == state.quarter)) if broke else ()
    out += _remember(("artefacts", scenario, state.quarter, role, broke, paid),
                     (team.roadmap, team.charter, team.standards),
                     lambda: _artefacts(state, team, role))
    return out


# Commands are immutable and `legal_commands` is asked the same question many times while
# little changes (bots ask before every move), so answers are kept while the parts of the
# state they come from are the same objects. Entries hold those objects, so an id reused
# after garbage collection never matches.
_MEMO = IdentityMemo(8192)


def forget() -> None:
    """Drop every remembered answer (a new game shares nothing with the last)."""
    _MEMO.clear()


def _bind(
    part: Callable[[GameState, Team, str, IncidentState], list[Command]],
    state: GameState, team: Team, role: str, incident: IncidentState,
) -> Callable[[], list[Command]]:
    return lambda: part(state, team, role, incident)


def _remember(
    key: tuple[Any, ...], sources: tuple[object, ...], build: Callable[[], list[Command]]
) -> list[Command]:
    commands: list[Command] = _MEMO.remember(key, sources, build)
    return commands


def _money(state: GameState, team: Team, role: str) -> list[Command]:
    scenario = state.scenario
    out: list[Command] = []
    q = state.quarter
    if q == 0:
        return out
    have = available(team, role)
    no_charter = bool(charter_problems(team.charter))
    for ident, spec in scenario.initiatives.items():
        current = team.initiatives.get(ident)
        pledged = 0
        if current is not None:
            if current.pledges.get(role):
                out.append(Unpledge(ident))
            if current.bought and current.bought[-1] == q:
                continue
            pledged = current.pledged
        if (spec.needs_charter and no_charter) or have < 1:
            continue
        cost = next_level_cost(team, scenario, ident, q)
        if cost is None:
            continue
        room = cost - pledged
        full = min(room, have)
        if full >= 1:
            out.append(Pledge(ident, full))
        if len(spec.owners) > 1 and role in spec.owners:
            mine = current.pledges.get(role, 0) if current else 0
            share = min(full, max(0, min_share(scenario, cost, len(spec.owners)) - mine))
            if 1 <= share < full:
                out.append(Pledge(ident, share))
    room = min(have, transfer_room(team, scenario, role)) if team.pool is None else 0
    if room >= 1:  # envelopes are owned: only the committee's pooling right merges them
        amounts = sorted({max(1, room // 2), room})
        for other in ROLES:
            if other != role:
                out += [Transfer(other, a) for a in amounts]
    return out


def _affordable(
    ap: dict[str, int], cr: dict[str, int] | int, option: ResponseSpec
) -> bool:
    """Whether the seats' AP and credits (an int when pooled) cover a response."""
    if any(ap[r] < need for r, need in option.ap.items()):
        return False
    if isinstance(cr, int):
        return sum(option.cost.values()) <= cr
    return all(cr[r] >= need for r, need in option.cost.items())


def _clues(state: GameState, team: Team, role: str, incident: IncidentState) -> list[Command]:
    scenario = state.scenario
    spec = scenario.incidents[incident.spec]
    q = state.quarter
    seat = team.seats[role]
    out: list[Command] = []
    seen = visible_clues(team, scenario, incident, role, q)
    can_share = seat.shared < scenario.rules.free_shares or seat.ap >= scenario.rules.share_ap
    own, cross = dig_costs(team, scenario, incident, q)
    for clue in existing_clues(team, scenario, spec, q):
        if clue.id in seen:
            if clue.id not in incident.shared and can_share:
                out.append(ShareClue(incident.id, clue.id))
        elif (clue.role != role or clue.when == "investigate") and seat.ap >= (
            own if clue.role == role else cross
        ):
            out.append(Investigate(incident.id, clue.id))
    out += [Diagnose(incident.id, d.id) for d in spec.diagnoses if d.id != incident.diagnosis]
    return out


def _responses(
    state: GameState, team: Team, role: str, incident: IncidentState
) -> list[Command]:
    scenario = state.scenario
    spec = scenario.incidents[incident.spec]
    q = state.quarter
    out: list[Command] = []
    # What the team could put toward a response once the current draft is released.
    ap = {r: s.ap + incident.reserved_ap.get(r, 0) for r, s in team.seats.items()}
    cr: dict[str, int] | int
    if team.pool is not None:
        cr = team.pool + sum(incident.reserved_cr.values())
    else:
        cr = {r: team.envelopes[r] + incident.reserved_cr.get(r, 0) for r in ROLES}
    for option in spec.responses:
        if option.id == incident.response or not _affordable(ap, cr, option):
            continue
        if treats_diagnosis(option.fits, incident.diagnosis) and not response_problems(
                team, scenario, option, q):
            out.append(Respond(incident.id, option.id))
    if incident.response is not None:
        out.append(ClearResponse(incident.id))
    return out


def _notify(state: GameState, team: Team, role: str, incident: IncidentState) -> list[Command]:
    if not incident.notified and team.seats[role].ap >= NOTIFY_AP and available(
        team, role
    ) >= notify_cost(team, state.scenario, state.quarter):
        return [Notify(incident.id)]
    return []


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
