"""The outcome score (docs/scoring.md, "The outcome score").

The outcome follows the scenario's goals: 70% is the goals (each goal counts for how far the
team got toward it, the value goal by credits of value delivered and each metric goal by the
distance covered from the starting value to its target, and a goal met counts in full plus
a bonus), 30% is the health of the whole estate (the seven metrics with the lowest counted
twice, so no team wins by maxing one discipline), judged by how far the team raised it from
where it started. Value delivered beyond the value goal
still counts, up to half a goal more: the board asked for "at least", and two teams that
both meet every goal differ in what they delivered. Money spent never scores by itself.
Mid-game the value goal is pro-rated by the quarters played.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from triops.game.model.state import Team
from triops.game.model.vocab import METRICS
from triops.game.scenario.model import GoalSpec, Scenario

GOALS_WEIGHT = 0.7
HEALTH_WEIGHT = 0.3
# Of a goal's share: this much for getting all the way (a goal met is what the board asked
# for; nine tenths of the way is not), the rest for the distance covered.
MET_SHARE = 0.4
# A metric goal already met at the start must be held: this many points below it is zero.
HOLD_MARGIN = 10
# Value beyond the value goal: each tenth over the target adds a tenth of a goal's credit,
# up to this much (half a goal, reached at one and a half times the target).
VALUE_BEYOND_CAP = 0.5
# Health is what the team did to the estate: full marks for raising it this many points (the
# seven metrics, the lowest counted twice) above where it started, nothing for leaving it no
# better. Scored on its level instead, health barely moved (a team that lost a quarter to
# each of three incidents scored what a team that fixed them did), and every team that met
# its goals tied at the top (docs/balance.md).
HEALTH_SPAN = 15


def value_goal(scenario: Scenario) -> int:
    goals = [g.target for g in scenario.goals if g.kind == "value"]
    if goals:
        return max(1, goals[0])
    return max(1, int(scenario.value_per_quarter * scenario.quarters * 0.6))


def balanced_metrics(metrics: Mapping[str, int]) -> float:
    values = [metrics[m] for m in METRICS]
    return (sum(values) + min(values)) / (len(values) + 1)


def estate_health(metrics: Mapping[str, int], scenario: Scenario) -> float:
    """How far the team raised the whole estate from where it started, from 0 to 100."""
    gain = balanced_metrics(metrics) - balanced_metrics(scenario.start_metrics)
    return max(0.0, min(100.0, 100 * gain / HEALTH_SPAN))


def goal_attainment(goal: GoalSpec, team: Team, scenario: Scenario, played: int) -> float:
    """How far toward `goal` the team is, from 0 to 1 (1: met)."""
    if goal.kind == "value":
        target = goal.target * min(played, scenario.quarters) / scenario.quarters
        return min(1.0, team.value / target) if target > 0 else 1.0
    now = team.metrics[goal.metric]
    if now >= goal.target:
        return 1.0
    start = scenario.start_metrics[goal.metric]
    if start >= goal.target:
        return max(0.0, 1.0 - (goal.target - now) / HOLD_MARGIN)
    return max(0.0, (now - start) / (goal.target - start))


def _credit(attained: float) -> float:
    return (1 - MET_SHARE) * attained + (MET_SHARE if attained >= 1.0 else 0.0)


def value_beyond(goal: GoalSpec, team: Team, scenario: Scenario, played: int) -> float:
    """The share by which the team's value exceeds a value goal (0 when short), capped."""
    if goal.kind != "value" or goal.target <= 0:
        return 0.0
    target = goal.target * min(played, scenario.quarters) / scenario.quarters
    return min(VALUE_BEYOND_CAP, max(0.0, team.value / target - 1.0))


def outcome_score(team: Team, scenario: Scenario, quarter: int, final: bool = False) -> int:
    played = scenario.quarters if final else max(quarter, 1)
    goals = [_credit(goal_attainment(g, team, scenario, played))
             + value_beyond(g, team, scenario, played) for g in scenario.goals]
    if not goals:
        goals = [min(1.0, team.value / (value_goal(scenario) * played / scenario.quarters))]
    score = (GOALS_WEIGHT * 100 * sum(goals) / len(goals)
             + HEALTH_WEIGHT * estate_health(team.metrics, scenario))
    return min(100, math.floor(score + 0.5))


def goals_met(team: Team, scenario: Scenario) -> dict[str, bool]:
    out = {}
    for goal in scenario.goals:
        if goal.kind == "value":
            out[goal.id] = team.value >= goal.target
        else:
            out[goal.id] = team.metrics[goal.metric] >= goal.target
    return out


# --- ranking and the end --------------------------------------------------------------------
# The one tie-break rule: the better outcome first; on equal outcomes, more value delivered;
# then the team's name. The projector, the console, the reports and the final ticker all
# rank by it, so tied teams stand in the same order everywhere.
TIE_BREAK = "Ties are broken by value delivered, then by team name."


def rank_key(outcome: int, value: int, name: str) -> tuple[int, int, str]:
    return (-outcome, -value, name)


def standings(teams: Iterable[Team], scenario: Scenario, quarter: int,
              final: bool = False) -> list[tuple[int, int, Team]]:
    """(rank, outcome, team), best first, by `rank_key`."""
    scored = [(outcome_score(t, scenario, quarter, final=final), t) for t in teams]
    scored.sort(key=lambda pair: rank_key(pair[0], pair[1].value, pair[1].name))
    return [(rank, outcome, t) for rank, (outcome, t) in enumerate(scored, start=1)]


def quarters_played(teams: Iterable[Team]) -> int:
    """The last quarter resolved: the quarters actually played."""
    return max((h.quarter for t in teams for h in t.history), default=0)


def early_end(teams: Iterable[Team], scenario: Scenario, ended: bool) -> str:
    """Why final scores differ from the last quarter's, when the game ended before its last
    quarter was resolved; "" when it ran its course (or is not over)."""
    played = quarters_played(teams)
    if not ended or played >= scenario.quarters:
        return ""
    after = f"after Q{played}" if played else "before the first quarter was resolved"
    value = [g for g in scenario.goals if g.kind == "value"]
    goal = (f" (the value goal's {value[0].target} cr, not the {played}/{scenario.quarters} of "
            "it expected at that point mid-game)" if value else "")
    return (f"The facilitator ended the game early, {after}: {played} of {scenario.quarters} "
            f"quarters were played. Final scores judge every goal against the whole game"
            f"{goal}, so they can be lower than the last quarter's; the quarters not played "
            "count for nothing. Compare teams with each other, not with a full game.")
