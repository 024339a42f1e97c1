"""What is in effect for a team: initiative levels, conditions, the committee, costs.

Rules and views ask these questions; the answers depend on the team, the scenario and the
quarter being played, never on anything hidden from the team itself.
"""

from __future__ import annotations

import math

from triops.game.model.state import Charter, Team
from triops.game.model.vocab import LEVELS
from triops.game.rules.conditions import Condition
from triops.game.scenario.model import InitiativeSpec, Scenario

MIN_CHARTER_MEMBERS = 3


def bought_rank(team: Team, initiative: str) -> int:
    state = team.initiatives.get(initiative)
    return state.rank if state else 0


def built_rank(team: Team, spec: InitiativeSpec, quarter: int) -> int:
    """The highest level whose delay has passed by `quarter` (prerequisites not checked)."""
    state = team.initiatives.get(spec.id)
    if state is None:
        return 0
    rank = 0
    for k, bought in enumerate(state.bought):
        if takes_effect(spec, LEVELS[k], bought) <= quarter:
            rank = k + 1
    return rank


def takes_effect(spec: InitiativeSpec, level: str, bought: int) -> int:
    """The first quarter a level bought in quarter `bought` is in effect: `delay` quarters
    on. A level with no delay already counts in the resolution of the quarter it is bought in
    (pledges are committed first); with a delay of 1 it counts from the next quarter."""
    return bought + spec.levels[level].delay


def lands_too_late(scenario: Scenario, quarter: int) -> bool:
    """Whether a level first in effect in `quarter` lands after the last one: waste."""
    return quarter > scenario.quarters


def effective_rank(team: Team, scenario: Scenario, initiative: str, quarter: int) -> int:
    """The level in effect: built, and with its prerequisites in effect too."""
    return effective_ranks(team, scenario, quarter).get(initiative, 0)


# Teams are immutable, so the ranks of one team object in one quarter never change. Rules,
# views and legal_commands ask for them many times per command; remembering the last few
# answers (checked by identity, so a new team object never sees an old answer) keeps the
# engine fast without changing any result.
_RANKS: dict[tuple[int, int, int], tuple[Team, Scenario, dict[str, int]]] = {}
_RANKS_MAX = 512


def effective_ranks(team: Team, scenario: Scenario, quarter: int) -> dict[str, int]:
    key = (id(team), id(scenario), quarter)
    hit = _RANKS.get(key)
    if hit is not None and hit[0] is team and hit[1] is scenario:
        return hit[2]
    ranks = {i: _effective(team, scenario, i, quarter, depth=0) for i in scenario.initiatives}
    if len(_RANKS) >= _RANKS_MAX:
        _RANKS.clear()
    _RANKS[key] = (team, scenario, ranks)
    return ranks


def _effective(team: Team, scenario: Scenario, initiative: str, quarter: int, depth: int) -> int:
    spec = scenario.initiatives.get(initiative)
    if spec is None or depth > len(scenario.initiatives):
        return 0
    rank = built_rank(team, spec, quarter)
    if rank and spec.prerequisites and not all(
        _holds(c, team, scenario, quarter, depth + 1) for c in spec.prerequisites
    ):
        return 0
    if rank and spec.needs_charter and not charter_valid(team.charter):
        return 0
    return rank


def missing_prerequisites(
    team: Team, scenario: Scenario, initiative: str, quarter: int
) -> tuple[str, ...]:
    spec = scenario.initiatives[initiative]
    return tuple(
        c.text for c in spec.prerequisites if not holds(c, team, scenario, quarter)
    )


def holds(cond: Condition, team: Team, scenario: Scenario, quarter: int) -> bool:
    return _holds(cond, team, scenario, quarter, depth=0)


def all_hold(conds: tuple[Condition, ...], team: Team, scenario: Scenario, quarter: int) -> bool:
    return all(_holds(c, team, scenario, quarter, 0) for c in conds)


def _holds(cond: Condition, team: Team, scenario: Scenario, quarter: int, depth: int) -> bool:
    if cond.kind == "initiative":
        return _effective(team, scenario, cond.ids[0], quarter, depth) >= cond.rank
    if cond.kind == "count":
        have = sum(1 for i in cond.ids if _effective(team, scenario, i, quarter, depth) >= 1)
        return have >= cond.count
    if cond.kind == "metric":
        return team.metrics.get(cond.metric, 0) >= cond.threshold
    if cond.kind == "committee":
        return committee_active(team, scenario, quarter)
    if cond.kind == "right":
        return committee_active(team, scenario, quarter) and team.charter is not None and (
            cond.ids[0] in team.charter.decision_rights
        )
    if cond.kind == "standard":
        proposal = team.standards.get(cond.ids[0])
        return proposal is not None and proposal.adopted is not None
    return False


def charter_problems(charter: Charter | None) -> list[str]:
    """Why a charter cannot yet back a committee; empty when it can."""
    if charter is None:
        return ["no charter has been drafted"]
    problems = []
    if len(charter.members) < MIN_CHARTER_MEMBERS:
        problems.append(f"it needs at least {MIN_CHARTER_MEMBERS} members")
    if not charter.chair:
        problems.append("it names no chair")
    elif charter.chair not in charter.members:
        problems.append("the chair is not a member")
    if not charter.cadence:
        problems.append("it sets no meeting cadence")
    return problems


def charter_valid(charter: Charter | None) -> bool:
    return not charter_problems(charter)


def committee_active(team: Team, scenario: Scenario, quarter: int) -> bool:
    spec = scenario.initiatives.get("I11")
    if spec is None:
        return False
    return built_rank(team, spec, quarter) >= 1 and charter_valid(team.charter)


def cost_factor(team: Team, initiative: str, quarter: int) -> float:
    """Inject modifiers on an initiative's price and upkeep (a GPU price shock, say)."""
    factor = 1.0
    for mod in team.modifiers:
        if mod.effect.kind == "cost" and initiative in mod.effect.initiatives and (
            quarter <= mod.until
        ):
            factor *= mod.effect.factor
    return factor


def next_level_cost(team: Team, scenario: Scenario, initiative: str, quarter: int) -> int | None:
    """Credits to buy the initiative's next level this quarter, or None at the top."""
    rank = bought_rank(team, initiative)
    if rank >= len(LEVELS):
        return None
    spec = scenario.initiatives[initiative]
    base = spec.levels[LEVELS[rank]].cost
    return round(base * cost_factor(team, initiative, quarter))


def carry_over_cap(scenario: Scenario) -> int:
    """Credits that may carry into the next quarter: `carry_over` of a quarter's budget."""
    return math.floor(scenario.rules.carry_over * scenario.budget + 0.5)


def upkeep_due(team: Team, scenario: Scenario, initiative: str, quarter: int) -> int:
    rank = bought_rank(team, initiative)
    if rank == 0:
        return 0
    spec = scenario.initiatives[initiative]
    level = LEVELS[rank - 1]
    due = spec.levels[level].upkeep
    extra = spec.extra_upkeep.get(level, 0)
    if extra and not all_hold(spec.extra_upkeep_unless, team, scenario, quarter):
        due += extra
    return round(due * cost_factor(team, initiative, quarter))


def investigate_cost(team: Team, scenario: Scenario, own_clue: bool, quarter: int) -> int:
    if own_clue:
        return 1
    best = scenario.rules.cross_role_investigate_ap
    for spec in scenario.initiatives.values():
        if spec.investigate_ap:
            rank = effective_rank(team, scenario, spec.id, quarter)
            if rank:
                best = min(best, spec.investigate_ap.get(LEVELS[rank - 1], best))
    return best


def action_points(team: Team, scenario: Scenario, quarter: int) -> int:
    bonus = 0
    for spec in scenario.initiatives.values():
        if spec.ap_bonus:
            rank = effective_rank(team, scenario, spec.id, quarter)
            if rank:
                bonus += spec.ap_bonus.get(LEVELS[rank - 1], 0)
    return scenario.action_points + bonus


def dashboard_roles(team: Team, scenario: Scenario, quarter: int) -> tuple[str, ...]:
    """Roles whose clues the dashboard shares with every seat (none without the dashboard)."""
    if not any(
        spec.shares_clues and effective_rank(team, scenario, spec.id, quarter)
        for spec in scenario.initiatives.values()
    ):
        return ()
    return tuple(
        spec.feeds_dashboard
        for spec in scenario.initiatives.values()
        if spec.feeds_dashboard and effective_rank(team, scenario, spec.id, quarter)
    )


NOTIFY_AP = 1  # a notification takes a seat's action point, besides the fee


def notify_cost(team: Team, scenario: Scenario, quarter: int) -> int:
    cost = scenario.rules.notify_cost
    if committee_active(team, scenario, quarter):
        cost = (cost + 1) // 2
    return cost
