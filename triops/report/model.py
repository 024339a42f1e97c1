"""The debrief report as plain data: one model, three renderers (Markdown, HTML, JSON).

The JSON export for a learning-management system *is* this model, so every number a
renderer shows is also in the JSON. A team report carries only what that team may see (its own
record plus the public leaderboard); the game report is the facilitator's and carries
everything, per-seat contributions included.

The sections are built in their own modules: `model_standing` (the game, outcome, metrics and
leaderboard), `model_objectives`, `model_timeline`, `model_incidents` (cases, debrief cards,
the room table), `model_artefacts` (roadmap, charter, standards), `model_people` and
`model_peer_review`.
"""

from __future__ import annotations

from typing import Any

from triops.game.model.state import GameState
from triops.game.scoring.objectives import CALIBRATION, assess, seat_contributions
from triops.report.model_artefacts import _charter, _roadmap, _standards
from triops.report.model_incidents import _cases, _debrief, _room
from triops.report.model_incidents import _outcome_line as _outcome_line  # tests import it here
from triops.report.model_objectives import _distribution, _objective
from triops.report.model_peer_review import _peer_review
from triops.report.model_people import _contribution, _people, _persons
from triops.report.model_standing import _game, _leaderboard, _metrics, _outcome, _team_header
from triops.report.model_timeline import _timeline
from triops.report.questions import (
    facilitator_questions,
    learner_questions,
    lesson_facilitator_questions,
)

FORMAT = "triops-debrief"
VERSION = 1

Plain = dict[str, Any]


def build_team_report(state: GameState, team_id: str) -> Plain:
    team = state.team(team_id)
    assessment = assess(state, team_id)
    report: Plain = {
        "format": FORMAT,
        "version": VERSION,
        "kind": "team",
        "game": _game(state),
        "team": _team_header(state, team),
        "outcome": _outcome(state, team),
        "metrics": _metrics(state, [team], average=len(state.teams) > 1),
        "objectives": [_objective(o) for o in assessment.objectives],
        "calibration": assessment.calibration,
        "timeline": _timeline(state, team),
        "cases": _cases(state, [team]),
        "debrief": _debrief(state, [team]),
        "roadmap": _roadmap(state, team),
        "charter": _charter(team),
        "standards": _standards(state, team),
        "leaderboard": _leaderboard(state),
        "people": _people(state, team),
        "peer_review": _peer_review(state, [team.id]),
    }
    report["questions"] = {"learners": learner_questions(report), "facilitator": []}
    return report


def build_game_report(state: GameState) -> Plain:
    teams = []
    for team in state.teams:
        a = assess(state, team.id)
        teams.append({
            **_team_header(state, team),
            "outcome": _outcome(state, team),
            "objectives": [_objective(o) for o in a.objectives],
            "contributions": [_contribution(c) for c in seat_contributions(team)],
            "people": _people(state, team),
            "roadmap": _roadmap(state, team),
            "timeline": _timeline(state, team, facilitator=True),
        })
    report: Plain = {
        "format": FORMAT,
        "version": VERSION,
        "kind": "game",
        "game": _game(state),
        "teams": teams,
        "metrics": _metrics(state, state.teams),
        "calibration": CALIBRATION.get(state.difficulty, CALIBRATION["novice"]),
        "leaderboard": _leaderboard(state),
        "distribution": _distribution(teams),
        "cases": _cases(state, state.teams, facilitator=True),
        "debrief": _debrief(state, state.teams),
        "room": _room(state),
        "persons": _persons(state),
        "peer_review": _peer_review(state, [t.id for t in state.teams]),
        "overrides": [
            {"team": o.team, "team_name": state.team(o.team).name, "objective": o.objective,
             "level": o.level, "comment": o.comment}
            for o in state.overrides
        ],
        "ticker": [{"quarter": t.get("quarter", 0), "text": t.get("text", "")}
                   for t in state.ticker],
    }
    report["questions"] = {"learners": learner_questions(report),
                           "facilitator": lesson_facilitator_questions(report)
                           + facilitator_questions(report)}
    return report
