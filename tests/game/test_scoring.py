"""The outcome score follows the goals, and value delivered beyond the value goal counts."""

from __future__ import annotations

from dataclasses import replace

from tests.game.helpers import retail, started
from triops.game.model.state import Team
from triops.game.scoring.score import VALUE_BEYOND_CAP, outcome_score


def _team(value: int, metric_goals_met: bool = True) -> Team:
    scenario = retail()
    team = started(scenario).teams[0]
    metrics = dict(team.metrics)
    if metric_goals_met:
        for goal in scenario.goals:
            if goal.kind == "metric":
                metrics[goal.metric] = goal.target
    return replace(team, metrics=metrics, value=value)


def _target() -> int:
    return next(g.target for g in retail().goals if g.kind == "value")


def test_two_teams_that_meet_every_goal_differ_by_the_value_they_delivered() -> None:
    scenario, target = retail(), _target()
    just = outcome_score(_team(target), scenario, scenario.quarters, final=True)
    more = outcome_score(_team(int(target * 1.2)), scenario, scenario.quarters, final=True)
    assert more > just


def test_value_beyond_the_goal_stops_counting_at_the_cap() -> None:
    scenario, target = retail(), _target()
    at_cap = int(target * (1 + VALUE_BEYOND_CAP)) + 1
    capped = outcome_score(_team(at_cap), scenario, scenario.quarters, final=True)
    assert outcome_score(_team(at_cap * 3), scenario, scenario.quarters, final=True) == capped
    assert capped <= 100


def test_value_short_of_the_goal_earns_no_beyond_credit_and_less_than_meeting_it() -> None:
    scenario, target = retail(), _target()
    short = outcome_score(_team(target - 1), scenario, scenario.quarters, final=True)
    met = outcome_score(_team(target), scenario, scenario.quarters, final=True)
    assert met - short >= 5  # meeting the goal earns its bonus, a tenth short does not


def test_value_beyond_does_not_make_up_for_a_missed_metric_goal() -> None:
    scenario, target = retail(), _target()
    lavish = outcome_score(_team(int(target * 1.5), metric_goals_met=False), scenario,
                           scenario.quarters, final=True)
    balanced = outcome_score(_team(target), scenario, scenario.quarters, final=True)
    assert balanced > lavish
