"""The report model's game and standing: the scenario and settings, a team's seats, its outcome
against the goals, the metrics over the quarters and the leaderboard."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from triops.game.model.state import GameState, Team
from triops.game.model.vocab import METRIC_CODES, METRIC_NAMES, METRICS, OBJECTIVES, ROLE_NAMES
from triops.game.scoring.objectives import OBJECTIVE_TITLES, LeaderboardRow, leaderboards
from triops.game.scoring.score import TIE_BREAK, early_end, goals_met, outcome_score, value_goal

Plain = dict[str, Any]


def _game(state: GameState) -> Plain:
    s = state.scenario
    return {
        "scenario": {
            "id": s.id, "title": s.title, "industry": s.industry, "summary": s.summary,
            "organisation": s.organisation, "situation": s.situation,
            "goals": [{"id": g.id, "text": g.text, "kind": g.kind, "metric": g.metric,
                       "target": g.target} for g in s.goals],
        },
        "difficulty": state.difficulty,
        "quarters": s.quarters,
        "seed": state.settings.seed,
        "phase": state.phase,
        "quarter": state.quarter,
        "ended": state.phase == "ended",
        "early_end": early_end(state.teams, s, ended=state.phase == "ended"),
        "tie_break": TIE_BREAK,
        "teams": [{"id": t.id, "name": t.name} for t in state.teams],
        "metric_names": {m: METRIC_NAMES[m] for m in METRICS},
        "metric_codes": {m: METRIC_CODES[m] for m in METRICS},
        "objective_titles": {o: OBJECTIVE_TITLES[o] for o in OBJECTIVES},
        "levels": ["beginning", "developing", "proficient", "exemplary"],
    }


def _team_header(state: GameState, team: Team) -> Plain:
    return {
        "id": team.id,
        "name": team.name,
        "seats": [{"role": r, "role_name": ROLE_NAMES[r], "holder": s.holder, "name": s.name,
                   "bot_level": s.bot_level} for r, s in team.seats.items()],
    }


def _outcome(state: GameState, team: Team) -> Plain:
    s = state.scenario
    met = goals_met(team, s)
    final = state.phase == "ended"
    return {
        "score": outcome_score(team, s, state.quarter, final=final),
        "final": final,
        "value": team.value,
        "value_goal": value_goal(s),
        "goals": [{"id": g.id, "text": g.text, "met": met[g.id],
                   "actual": team.value if g.kind == "value" else team.metrics[g.metric],
                   "target": g.target} for g in s.goals],
        "metrics": dict(team.metrics),
        "history": [{"quarter": h.quarter, "outcome": h.outcome, "value": h.value,
                     "credits": h.credits} for h in team.history],
    }


def _metrics(state: GameState, teams: Iterable[Team], average: bool = False) -> Plain:
    s = state.scenario
    targets = {g.metric: g.target for g in s.goals if g.kind == "metric"}
    series = []
    for team in teams:
        series.append({
            "team": team.id, "name": team.name,
            "values": {m: [[h.quarter, h.metrics[m]] for h in team.history] for m in METRICS},
            "outcome": [[h.quarter, h.outcome] for h in team.history],
            "value": [[h.quarter, h.value] for h in team.history],
        })
    out: Plain = {"metrics": list(METRICS), "targets": targets, "series": series,
                  "quarters": s.quarters}
    if average:
        rows: dict[str, dict[int, list[int]]] = {m: {} for m in METRICS}
        for team in state.teams:
            for h in team.history:
                for m in METRICS:
                    rows[m].setdefault(h.quarter, []).append(h.metrics[m])
        out["average"] = {m: [[q, round(sum(v) / len(v))] for q, v in sorted(by_q.items())]
                          for m, by_q in rows.items()}
    return out


def _leaderboard(state: GameState) -> Plain:
    boards = leaderboards(state)

    def row(r: LeaderboardRow) -> Plain:
        return {"rank": r.rank, "team": r.team, "name": r.name, "outcome": r.outcome,
                "value": r.value, "goals_met": r.goals_met, "goals": r.goals,
                "levels": dict(r.levels), "computed": dict(r.computed)}

    last = max(boards) if boards else 0
    return {
        "tie_break": TIE_BREAK,
        "final": [row(r) for r in boards.get(last, ())],
        "final_quarter": last,
        "game_over": state.phase == "ended",  # else these are the standings so far
        "by_quarter": [{"quarter": q, "rows": [row(r) for r in rows]}
                       for q, rows in sorted(boards.items())],
    }
