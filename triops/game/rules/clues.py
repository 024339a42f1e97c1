"""Who can see which clue of an incident. The one place clue privacy is decided.

A clue is seen by its own role when it is a symptom (`when = "start"`) or once that role has
found it; by a seat of another role once that seat has investigated it; by every seat once
it has been shared in chat or once the dashboard (I10) carries its role's feed.
"""

from __future__ import annotations

from collections.abc import Iterable

from triops.game.model.state import IncidentState, Team
from triops.game.rules.in_effect import all_hold, dashboard_roles, investigate_cost
from triops.game.scenario.model import ClueSpec, IncidentSpec, Scenario


def existing_clues(
    team: Team, scenario: Scenario, spec: IncidentSpec, quarter: int
) -> tuple[ClueSpec, ...]:
    """Clues whose `requires` hold: a distribution alert needs the observability initiative."""
    return tuple(c for c in spec.clues if not c.requires or all_hold(c.requires, team, scenario,
                                                                    quarter))


def clue_source(
    clue: ClueSpec, incident: IncidentState, role: str, dashboard: tuple[str, ...]
) -> str | None:
    """How `role` knows this clue (symptom, found, shared, dashboard), or None if it does not."""
    if clue.role == role and clue.when == "start":
        return "symptom"
    if role in incident.found.get(clue.id, ()):
        return "found"
    if clue.id in incident.shared:
        return "shared"
    if clue.role in dashboard and (clue.when == "start" or incident.found.get(clue.id)):
        return "dashboard"
    return None


def visible_clues(
    team: Team, scenario: Scenario, incident: IncidentState, role: str, quarter: int
) -> dict[str, str]:
    """Clue id -> how this role knows it, for every clue the role can see."""
    spec = scenario.incidents[incident.spec]
    dashboard = dashboard_roles(team, scenario, quarter)
    out: dict[str, str] = {}
    for clue in existing_clues(team, scenario, spec, quarter):
        source = clue_source(clue, incident, role, dashboard)
        if source is not None:
            out[clue.id] = source
    return out


def pooled_roles(
    team: Team, scenario: Scenario, incident: IncidentState, quarter: int
) -> tuple[str, ...]:
    """Roles with at least one clue the whole team can see (shared or on the dashboard)."""
    spec = scenario.incidents[incident.spec]
    dashboard = dashboard_roles(team, scenario, quarter)
    roles = set()
    for clue in existing_clues(team, scenario, spec, quarter):
        if clue.id in incident.shared or (
            clue.role in dashboard and (clue.when == "start" or incident.found.get(clue.id))
        ):
            roles.add(clue.role)
    return tuple(sorted(roles))


def joint_review(team: Team, scenario: Scenario, incident: IncidentState, quarter: int) -> bool:
    """Whether the team's next investigation of this incident costs no AP: every seat with an
    opening clue has it on the table (shared, or on the dashboard), and the team has not had
    its free dig on this incident yet. Once the team has put its views side by side it knows
    where to look; a team that keeps its clues to itself never gets there."""
    if incident.reviewed:
        return False
    spec = scenario.incidents[incident.spec]
    seats = {c.role for c in existing_clues(team, scenario, spec, quarter) if c.when == "start"}
    return bool(seats) and seats <= set(pooled_roles(team, scenario, incident, quarter))


def dig_costs(team: Team, scenario: Scenario, incident: IncidentState,
              quarter: int) -> tuple[int, int]:
    """The AP an investigation of this incident costs now: (a seat's own role's clue,
    another role's). Worked out once for all its clues: nothing during a joint review."""
    if joint_review(team, scenario, incident, quarter):
        return 0, 0
    return (investigate_cost(team, scenario, True, quarter),
            investigate_cost(team, scenario, False, quarter))


def candidates(spec: IncidentSpec, incident: IncidentState, clue_ids: Iterable[str]
               ) -> tuple[str, ...]:
    """The possible causes that these clues, as they read in this game, leave standing."""
    left = set(spec.causes)
    for ident in clue_ids:
        clue = spec.clue(ident)
        if clue is None:
            continue
        reading = clue.causes_with(clue.text_for(incident.cause))
        if reading is not None:
            left &= set(reading)
    return tuple(sorted(left))
