"""The outcome score (GAME.md, "Scoring and debrief").

The outcome follows the scenario's goals: 70% is the goals (each goal counts for how far the
team got toward it, the value goal by credits of value delivered and each metric goal by the
distance covered from the starting value to its target, and a goal met counts in full plus
a bonus), 30% is the health of the whole estate (the seven metrics with the lowest counted
twice, so no team wins by maxing one discipline). Money spent never scores by itself.
Mid-game the value goal is pro-rated by the quarters played.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from game.scenario_model import GoalSpec, Scenario
from game.state import Team
from game.vocab import METRICS

GOALS_WEIGHT = 0.7
HEALTH_WEIGHT = 0.3
# Of a goal's share: this much for getting all the way (a goal met is what the board asked
# for; nine tenths of the way is not), the rest for the distance covered.
MET_SHARE = 0.4
# A metric goal already met at the start must be held: this many points below it is zero.
HOLD_MARGIN = 10


def value_goal(scenario: Scenario) -> int:
    goals = [g.target for g in scenario.goals if g.kind == "value"]
    if goals:
        return max(1, goals[0])
    return max(1, int(scenario.value_per_quarter * scenario.quarters * 0.6))


def balanced_metrics(metrics: Mapping[str, int]) -> float:
    values = [metrics[m] for m in METRICS]
    return (sum(values) + min(values)) / (len(values) + 1)


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


def outcome_score(team: Team, scenario: Scenario, quarter: int, final: bool = False) -> int:
    played = scenario.quarters if final else max(quarter, 1)
    goals = [_credit(goal_attainment(g, team, scenario, played)) for g in scenario.goals]
    if not goals:
        goals = [min(1.0, team.value / (value_goal(scenario) * played / scenario.quarters))]
    score = (GOALS_WEIGHT * 100 * sum(goals) / len(goals)
             + HEALTH_WEIGHT * balanced_metrics(team.metrics))
    return math.floor(score + 0.5)


def goals_met(team: Team, scenario: Scenario) -> dict[str, bool]:
    out = {}
    for goal in scenario.goals:
        if goal.kind == "value":
            out[goal.id] = team.value >= goal.target
        else:
            out[goal.id] = team.metrics[goal.metric] >= goal.target
    return out
