"""The outcome score (GAME.md, "Scoring and debrief").

Outcome = 75% balanced metrics (the seven metrics with the lowest counted twice, so a team
cannot win by maxing one discipline) + 25% business value delivered against the scenario's
value goal. Mid-game the value goal is pro-rated by the quarters played.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from game.scenario_model import Scenario
from game.state import Team
from game.vocab import METRICS

METRIC_WEIGHT = 0.75
VALUE_WEIGHT = 0.25


def value_goal(scenario: Scenario) -> int:
    goals = [g.target for g in scenario.goals if g.kind == "value"]
    if goals:
        return max(1, goals[0])
    return max(1, int(scenario.value_per_quarter * scenario.quarters * 0.6))


def balanced_metrics(metrics: Mapping[str, int]) -> float:
    values = [metrics[m] for m in METRICS]
    return (sum(values) + min(values)) / (len(values) + 1)


def outcome_score(team: Team, scenario: Scenario, quarter: int, final: bool = False) -> int:
    played = scenario.quarters if final else max(quarter, 1)
    goal = value_goal(scenario) * min(played, scenario.quarters) / scenario.quarters
    attained = min(100.0, 100.0 * team.value / goal) if goal else 100.0
    score = METRIC_WEIGHT * balanced_metrics(team.metrics) + VALUE_WEIGHT * attained
    return math.floor(score + 0.5)


def goals_met(team: Team, scenario: Scenario) -> dict[str, bool]:
    out = {}
    for goal in scenario.goals:
        if goal.kind == "value":
            out[goal.id] = team.value >= goal.target
        else:
            out[goal.id] = team.metrics[goal.metric] >= goal.target
    return out
