"""The peer review of roadmaps as each recipient sees it (its rules: rules/peer_review.py).

Every recipient sees the presenting team's presentation and the progress; a seat sees the
other reviews of the presenting team only once its own is in (or the reviews are closed); the
results, peers' and the facilitator's levels side by side, show once the reviews are closed.
The facilitator sees everything.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from triops.game.model.state import GameState, PeerReview, ReviewMark, ReviewRound
from triops.game.model.vocab import OBJECTIVE_LEVELS, ROLE_NAMES
from triops.game.rules.peer_review import (
    MAX_COMMENT,
    expected_reviewers,
    form,
    own_review,
    progress,
    reviewer_key,
    reviewer_label,
    reviews_of,
)
from triops.game.scoring.rubric import ReviewCriterion
from triops.game.views.presentation import presentation


def _plain_marks(marks: Iterable[ReviewMark]) -> list[dict[str, str]]:
    return [{"criterion": m.criterion, "level": m.level, "comment": m.comment} for m in marks]


def _criterion(c: ReviewCriterion) -> dict[str, str]:
    return {"id": c.id, "objective": c.objective, "title": c.title, "text": c.text}


def results(state: GameState, presenter: str) -> dict[str, Any]:
    """Levels per criterion: the peers' (each level counted, and their median) beside the
    facilitator's, with every comment and who wrote it."""
    review = state.review
    assert review is not None
    peers = reviews_of(review, presenter)
    mine = next((a for a in review.assessments if a.presenter == presenter), None)
    rows = []
    for c in form(review):
        levels = [m.level for r in peers for m in r.marks if m.criterion == c.id]
        ranks = sorted(OBJECTIVE_LEVELS.index(level) for level in levels)
        fac = next((m for m in (mine.marks if mine else ()) if m.criterion == c.id), None)
        rows.append({
            **_criterion(c),
            "peers": {level: levels.count(level) for level in OBJECTIVE_LEVELS},
            "peer_level": OBJECTIVE_LEVELS[ranks[(len(ranks) - 1) // 2]] if ranks else "",
            "peer_mean": round(sum(r + 1 for r in ranks) / len(ranks), 1) if ranks else None,
            "facilitator": fac.level if fac else "",
            "facilitator_comment": fac.comment if fac else "",
            "comments": [{"by": reviewer_label(state, review, r), "text": m.comment}
                         for r in peers for m in r.marks if m.criterion == c.id and m.comment],
        })
    done, expected = progress(state, presenter)
    return {"team": presenter, "name": state.team(presenter).name, "reviews": len(peers),
            "expected": expected, "submitted": done, "criteria": rows,
            "assessed": mine is not None}


def _reviews_plain(state: GameState, review: ReviewRound,
                   items: Iterable[PeerReview]) -> list[dict[str, Any]]:
    return [{"by": reviewer_label(state, review, r), "team": r.team, "role": r.role,
             "name": r.name, "marks": _plain_marks(r.marks)} for r in items]


def review_view(state: GameState, team: str | None = None, role: str | None = None,
                facilitator: bool = False) -> dict[str, Any] | None:
    """The round as one recipient sees it: a seat (team and role), the facilitator, or a
    spectator (neither). None while no round has started."""
    review = state.review
    if review is None or state.phase != "ended":
        return None
    presenter = review.presenting
    closed = presenter in review.closed
    done, expected = progress(state, presenter) if presenter else (0, 0)
    out: dict[str, Any] = {
        "mode": review.mode, "charter": review.charter, "standards": review.standards,
        "criteria": [_criterion(c) for c in form(review)],
        "levels": list(OBJECTIVE_LEVELS), "max_comment": MAX_COMMENT,
        "presenting": presenter,
        "presenting_name": state.team(presenter).name if presenter else "",
        "presented": list(review.presented), "closed": list(review.closed),
        "status": "" if not presenter else "closed" if closed else "open",
        "progress": {"submitted": done, "expected": expected},
        "presentation": presentation(state, presenter) if presenter else None,
        "results": results(state, presenter) if presenter and closed else None,
    }
    if facilitator:
        out["reviews"] = _reviews_plain(state, review, review.reviews)
        out["assessments"] = [{"team": a.presenter, "marks": _plain_marks(a.marks)}
                              for a in review.assessments]
        out["teams"] = [_facilitator_progress(state, review, t.id) for t in state.teams]
        return out
    if team is None or role is None:
        return out
    out.update(_seat_part(state, review, team, role, closed))
    return out


def _seat_part(state: GameState, review: ReviewRound, team: str, role: str, closed: bool
               ) -> dict[str, Any]:
    presenter = review.presenting
    mine = own_review(review, presenter, team, role) if presenter else None
    if not presenter:
        why = "No team is presenting yet."
    elif presenter == team:
        why = "Your team is presenting: the others review it."
    elif mine is not None:
        why = ("Your team's review is in." if review.mode == "team"
               else "Your review is in.")
    elif closed:
        why = "The reviews of this team are closed."
    else:
        why = ""
    seen = mine is not None or closed
    others = [r for r in reviews_of(review, presenter) if r is not mine] if presenter else []
    return {
        "can_review": not why,
        "why_not": why,
        "mine": None if mine is None else {
            "by": mine.name or ROLE_NAMES.get(mine.role, mine.role), "role": mine.role,
            "marks": _plain_marks(mine.marks)},
        # The other reviews of the presenting team: only once this seat's own is in.
        "others": _reviews_plain(state, review, others) if seen else [],
        "others_hidden": 0 if seen else len(others),
    }


def _facilitator_progress(state: GameState, review: ReviewRound, presenter: str
                          ) -> dict[str, Any]:
    got = {reviewer_key(review, r): r for r in reviews_of(review, presenter)}

    def name(team: str, role: str) -> str:
        t = state.team(team)
        if not role:
            return t.name
        return f"{t.seats[role].name or ROLE_NAMES.get(role, role)} ({t.name})"

    expected = expected_reviewers(state, presenter)
    return {"team": presenter, "name": state.team(presenter).name,
            "status": "closed" if presenter in review.closed else
            "presenting" if presenter == review.presenting else
            "presented" if presenter in review.presented else "waiting",
            "submitted": [name(*k) for k in expected if k in got],
            "waiting": [name(*k) for k in expected if k not in got],
            "assessed": any(a.presenter == presenter for a in review.assessments),
            "results": results(state, presenter)}
