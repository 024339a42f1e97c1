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

from triops.game.memo import IdentityMemo
from triops.game.model.state import GameState
from triops.game.scoring.objectives import Assessment, ObjectiveResult, assess, level_name

_MEMO = IdentityMemo(1 << 12)


def team_assessment(state: GameState, team_id: str) -> dict[str, Any]:
    """One team's levels as plain data. `settings` is one object per game for the game's
    whole life, so with the phase counter it names the game and the phase."""
    return _MEMO.remember(  # type: ignore[no-any-return]
        ("assessment", team_id, state.phase_seq, state.overrides),
        (state.settings, state.scenario, state.review),
        lambda: assessment_plain(assess(state, team_id)))


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
    _MEMO.clear()
