"""Each team's objective levels as the facilitator view carries them, so the console renders
what the server sends instead of rebuilding a game state of its own.

They are worked out at each quarter's review and at the end (levels move with what a
quarter's resolution and the team's decisions did; the views carry none during planning,
which keeps a busy server's memory down), again when the facilitator confirms or changes a
level, and while the peer review of roadmaps runs after the game. Between those, the view
re-sends the same object, which costs nothing on the wire.
"""

from __future__ import annotations

from typing import Any

from triops.game.model.state import GameState
from triops.game.scoring.objectives import Assessment, ObjectiveResult, assess, level_name

# The latest levels of each team of each game: (id of the game's settings, team) -> (what
# they were worked out from, the levels). `settings` is one object per game for the game's
# whole life, so with the team it names one team of one game; the entry holds it, so an id
# reused after garbage collection never matches.
_LATEST: dict[tuple[int, str], tuple[tuple[object, ...], dict[str, Any]]] = {}


def team_assessment(state: GameState, team_id: str) -> dict[str, Any]:
    """One team's levels as plain data, worked out again only when the phase, the
    facilitator's levels or the peer review changed."""
    key = (id(state.settings), team_id)
    sources: tuple[object, ...] = (state.settings, state.scenario, state.review,
                                   state.phase_seq, state.overrides)
    hit = _LATEST.get(key)
    if hit is not None and all(a is b or a == b for a, b in zip(hit[0], sources, strict=True)):
        return hit[1]
    found = assessment_plain(assess(state, team_id))
    _LATEST[key] = (sources, found)
    return found


def release(state: GameState) -> None:
    """Forget a game's levels while it does not show them (planning), so a busy server does
    not hold every team's evidence between reviews."""
    for team in state.teams:
        _LATEST.pop((id(state.settings), team.id), None)


def assessment_plain(found: Assessment) -> dict[str, Any]:
    return {"quarter": found.quarter, "outcome": found.outcome, "goals": dict(found.goals),
            "objectives": [_objective(o) for o in found.objectives]}


def _objective(o: ObjectiveResult) -> dict[str, Any]:
    return {
        "objective": o.objective, "title": o.title, "level": level_name(o.level),
        "computed": level_name(o.computed),
        "confirmed": level_name(o.confirmed) if o.confirmed is not None else None,
        "comment": o.comment,
        "criteria": [{"level": level_name(c.level), "text": c.text, "met": c.met,
                      "measured": c.measured} for c in o.criteria],
        "lift": list(o.lift),
        "evidence": [{"quarter": e.quarter, "decision": e.decision,
                      "consequence": e.consequence, "tone": e.tone} for e in o.evidence],
    }


def forget() -> None:
    _LATEST.clear()
