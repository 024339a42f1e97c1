"""The report model's peer review of roadmaps: per team, the peers' levels beside the
facilitator's, criterion by criterion, with the comments."""

from __future__ import annotations

from typing import Any

from triops.game.model.state import GameState
from triops.game.rules.peer_review import form as review_form
from triops.game.views.review import results as review_results

Plain = dict[str, Any]


def _peer_review(state: GameState, teams: list[str]) -> Plain | None:
    """The peer review of roadmaps (triops/game/rules/peer_review.py), per team that presented
    or was assessed: levels per criterion, the peers' beside the facilitator's, with the
    comments. None when no round was run."""
    review = state.review
    if review is None:
        return None
    shown = [t for t in teams if t in review.presented
             or any(a.presenter == t for a in review.assessments)]
    return {
        "mode": review.mode,
        "criteria": [{"id": c.id, "objective": c.objective, "title": c.title, "text": c.text}
                     for c in review_form(review)],
        "teams": [{**review_results(state, t), "closed": t in review.closed} for t in shown],
    }
