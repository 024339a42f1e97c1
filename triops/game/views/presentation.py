"""A team's presentation for the peer review: its roadmap, charter, standards and key
decisions, in words, as the projector and every seat show them while the team presents.

Built from what the reports read (the artefacts, game.objectives' labels and evidence), so
the presentation and the team report say the same thing. Pure: no I/O.
"""

from __future__ import annotations

from typing import Any

from triops.game.model.state import GameState, Team
from triops.game.model.vocab import FRAMEWORK_NAMES, LEVEL_RANK, METRIC_NAMES, ROLE_NAMES
from triops.game.scoring.objectives import assess, label
from triops.game.views.leaderboard import leaderboard

# Key decisions shown per objective on the form.
DECISIONS_PER_OBJECTIVE = 3


def presentation(state: GameState, team_id: str) -> dict[str, Any]:
    team = state.team(team_id)
    review = state.review
    objectives = ["LO1"]
    if review is None or review.charter:
        objectives.append("LO4")
    if review is None or review.standards:
        objectives.append("LO5")
    row = next((r for r in _rank(state) if r[1] == team_id), None)
    return {
        "team": team.id, "name": team.name,
        "rank": row[0] if row else 0, "outcome": row[2] if row else 0,
        "roadmap": roadmap_lines(state, team),
        "revisions": [{"quarter": r.quarter, "reason": r.reason,
                       "by": ROLE_NAMES.get(r.by, r.by)}
                      for r in team.roadmap_revisions if r.quarter > 0],
        "charter": charter_lines(team),
        "standards": standard_lines(state, team),
        "decisions": key_decisions(state, team, objectives),
    }


def _rank(state: GameState) -> list[tuple[int, str, int]]:
    return [(int(r["rank"]), str(r["team"]), int(r["outcome"])) for r in leaderboard(state)]


def roadmap_lines(state: GameState, team: Team) -> list[dict[str, Any]]:
    s = state.scenario
    out = []
    for e in sorted(team.roadmap, key=lambda e: (e.quarter, e.initiative,
                                                 LEVEL_RANK.get(e.level, 0))):
        spec = s.initiatives.get(e.initiative)
        kpi = (f"{METRIC_NAMES.get(e.kpi_metric, e.kpi_metric)} ≥ {e.kpi_target}"
               if e.kpi_metric else "")
        out.append({"quarter": e.quarter, "initiative": e.initiative,
                    "name": spec.name if spec else e.initiative,
                    "discipline": spec.discipline if spec else "", "level": e.level,
                    "owner": ROLE_NAMES.get(e.owner, e.owner), "kpi": kpi, "goal": e.goal})
    return out


def charter_lines(team: Team) -> dict[str, Any] | None:
    c = team.charter
    if c is None:
        return None
    return {
        "members": [label(m) for m in c.members], "chair": label(c.chair) if c.chair else "",
        "cadence": c.cadence, "decision_rights": [label(r) for r in c.decision_rights],
        "risk_tiering": c.risk_tiering, "escalation": [label(m) for m in c.escalation],
        "decision_log": c.decision_log,
        "raci": [f"{label(k)}: {label(v)}" for k, v in c.accountable.items()],
        "frameworks": [FRAMEWORK_NAMES.get(f, f) for f in c.frameworks],
        "purpose": c.purpose,
    }


def standard_lines(state: GameState, team: Team) -> list[dict[str, Any]]:
    out = []
    for ident, p in sorted(team.standards.items()):
        spec = state.scenario.standards.get(ident)
        out.append({"id": ident, "name": spec.name if spec else ident,
                    "owner": ROLE_NAMES.get(p.owner, p.owner), "mechanism": p.mechanism,
                    "kpi": p.kpi, "adopted": p.adopted})
    return out


def key_decisions(state: GameState, team: Team, objectives: list[str]) -> list[dict[str, Any]]:
    """The evidence lines behind each objective on the form (the team report's), latest
    first; what a seat decided before what happened to the team."""
    assessment = assess(state, team.id)
    out = []
    for objective in objectives:
        lines = list(assessment.objective(objective).evidence)
        lines.sort(key=lambda e: (not e.actor, -e.quarter))
        for e in lines[:DECISIONS_PER_OBJECTIVE]:
            out.append({"objective": objective, "quarter": e.quarter, "decision": e.decision,
                        "consequence": e.consequence, "tone": e.tone})
    return out
