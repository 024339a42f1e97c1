"""A team's assessment: its five ladders climbed, the facilitator's overrides applied, and the
outcome beside them, now or as of the end of an earlier quarter."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from triops.game.model.state import GameState, LevelOverride, Team
from triops.game.model.vocab import OBJECTIVES
from triops.game.scenario.model import Scenario
from triops.game.scoring.objectives import (
    lo1_roadmap,
    lo2_analysis,
    lo3_strategies,
    lo4_committee,
    lo5_standards,
)
from triops.game.scoring.objectives.facts import Facts
from triops.game.scoring.objectives.ladder import climb
from triops.game.scoring.objectives.levels import level_number
from triops.game.scoring.objectives.results import Assessment, ObjectiveResult
from triops.game.scoring.rubric import OBJECTIVE_TITLES
from triops.game.scoring.score import goals_met, outcome_score

# One ladder per objective, in the order of OBJECTIVES.
LADDERS = (lo1_roadmap.ladder, lo2_analysis.ladder, lo3_strategies.ladder, lo4_committee.ladder,
           lo5_standards.ladder)


def assess(state: GameState, team_id: str, quarter: int | None = None) -> Assessment:
    """A team's five objective levels with their evidence, as of the end of `quarter`.

    Without a quarter: now. Facilitator overrides apply only to the current assessment.
    """
    team = state.team(team_id)
    final = quarter is None or quarter >= state.quarter
    q = state.quarter if quarter is None else min(quarter, state.quarter)
    overrides = state.overrides if final else ()
    result = assess_team(team, state.scenario, state.difficulty, q, overrides)
    record = next((h for h in team.history if h.quarter == q), None)
    if final or record is None:
        score = outcome_score(team, state.scenario, state.quarter, final=state.phase == "ended")
        goals = goals_met(team, state.scenario)
    else:
        score = record.outcome
        goals = goals_met(replace(team, metrics=record.metrics, value=record.value),
                          state.scenario)
    return Assessment(result.team, result.team_name, q, result.difficulty, result.objectives,
                      score, goals)


def objective_levels(state: GameState, team_id: str, confirmed: bool = True) -> dict[str, int]:
    """LO1..LO5 -> level 1 (beginning) to 4 (exemplary); the facilitator's word if given."""
    return assess(state, team_id).levels(confirmed)


def assess_team(
    team: Team, scenario: Scenario, difficulty: str, quarter: int,
    overrides: Iterable[LevelOverride] = (), followed: Team | None = None,
) -> Assessment:
    """The pure core of `assess`: everything from the team's own record up to `quarter`
    (`followed`: the team whose roadmap purchases follow, when `team` is a person's part of
    it)."""
    facts = Facts(team, scenario, difficulty, quarter, followed)
    ladders = tuple(ladder(facts) for ladder in LADDERS)
    confirmed = {o.objective: o for o in overrides if o.team == team.id}
    results = []
    for objective, (criteria, evidence) in zip(OBJECTIVES, ladders, strict=True):
        computed = climb(criteria)
        override = confirmed.get(objective)
        results.append(ObjectiveResult(
            objective, OBJECTIVE_TITLES[objective], computed, tuple(criteria),
            # Oldest first, whatever order a ladder found them in (a stable sort).
            tuple(sorted(evidence, key=lambda item: item.quarter)),
            level_number(override.level) if override else None,
            override.comment if override else "",
        ))
    record = next((h for h in team.history if h.quarter == quarter), None)
    outcome = record.outcome if record else outcome_score(team, scenario, quarter)
    return Assessment(team.id, team.name, quarter, difficulty, tuple(results), outcome)
