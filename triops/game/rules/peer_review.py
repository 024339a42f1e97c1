"""The peer review of roadmaps (the lesson's Evaluate phase), run after the game has ended.

The facilitator starts a round (one review per team or per person; the charter and the
standards on the form or not), picks the presenting team, and closes its reviews (they close
by themselves once every expected review is in, and when the next team presents). The
other teams review it on the rubric's criteria (scoring/rubric.py), each with a level and an
optional comment; the facilitator fills in the same form. Every rule is here, once;
the reducer routes the commands.

- Only after the game has ended, and only while a round is open for the presenting team.
- A team never reviews itself.
- One review per reviewing team (team mode: the first seat of the team to send it speaks
  for the team) or per person (person mode). A second is refused, not merged: a reviewer
  who has read the others' comments cannot then change their own.
- Levels are the rubric's four; comments are at most MAX_COMMENT characters; every
  criterion of the form gets a level, once.

Who is expected to review: the teams (team mode) or the people (person mode) other than the
presenting team whose seats a person holds. Bots do not review.

What each recipient sees of a round is triops/game/views/review.py.
"""

from __future__ import annotations

from collections.abc import Iterable

from triops.game.model.commands import (
    Actor,
    AssessTeam,
    CloseReview,
    PresentTeam,
    StartReview,
    SubmitReview,
)
from triops.game.model.errors import InvalidCommand, NotAllowed, UnknownTarget, WrongPhase
from triops.game.model.events import Event
from triops.game.model.state import (
    FacilitatorReview,
    GameState,
    PeerReview,
    ReviewMark,
    ReviewRound,
)
from triops.game.model.values import evolve
from triops.game.model.vocab import OBJECTIVE_LEVELS, ROLE_NAMES
from triops.game.rules.teams import find_team
from triops.game.scoring.rubric import ReviewCriterion, review_criteria

REVIEW_MODES = ("team", "person")
MAX_COMMENT = 300
REVIEW = "review"  # the kind of every event of the round

Result = tuple[GameState, list[Event]]


# --- the rules -----------------------------------------------------------------------------


def start_review(state: GameState, cmd: StartReview) -> Result:
    if cmd.mode not in REVIEW_MODES:
        raise InvalidCommand(f"A review round is one review per team or per person "
                             f"(mode {' or '.join(REVIEW_MODES)}).")
    if state.review is not None and (state.review.reviews or state.review.assessments):
        raise InvalidCommand("A review round is already under way, with reviews in; it "
                             "cannot be started again.", "review_started")
    review = ReviewRound(cmd.mode, cmd.charter, cmd.standards)
    state = evolve(state, review=review)
    per = "team" if cmd.mode == "team" else "person"
    return state, [Event(REVIEW, f"The peer review of roadmaps begins: one review per {per}.",
                         "", "public", state.quarter, {"action": "start", "mode": cmd.mode})]


def present_team(state: GameState, cmd: PresentTeam) -> Result:
    review = _round(state)
    team = find_team(state, cmd.team)
    if review.presenting == team.id:
        raise InvalidCommand(f"{team.name} is already presenting.")
    events: list[Event] = []
    if review.presenting and review.presenting not in review.closed:
        # Moving on closes the team before: its results are kept as they stand.
        state, events = _close(state, review, review.presenting, by_facilitator=True)
        review = _round(state)
    presented = review.presented if team.id in review.presented else (*review.presented,
                                                                      team.id)
    state = evolve(state, review=evolve(review, presenting=team.id, presented=presented))
    text = (f"{team.name} presents again: its results are on the projector."
            if team.id in review.closed else f"{team.name} presents its roadmap.")
    return state, [*events, Event(REVIEW, text, "", "public", state.quarter,
                                  {"action": "present", "presenter": team.id})]


def close_review(state: GameState, cmd: CloseReview) -> Result:
    review = _round(state)
    ident = cmd.team or review.presenting
    if not ident:
        raise InvalidCommand("No team is presenting yet; pick one first.", "no_presenter")
    team = find_team(state, ident)
    if team.id in review.closed:
        raise InvalidCommand(f"The reviews of {team.name} are already closed.",
                             "review_closed")
    return _close(state, review, team.id, by_facilitator=True)


def assess_team(state: GameState, cmd: AssessTeam) -> Result:
    review = _round(state)
    team = find_team(state, cmd.team)
    marks = check_marks(review, cmd.marks)
    kept = tuple(a for a in review.assessments if a.presenter != team.id)
    review = evolve(review, assessments=(*kept, FacilitatorReview(team.id, marks)))
    state = evolve(state, review=review)
    events = [Event(REVIEW, f"Your assessment of {team.name} is saved.", team.id,
                    "facilitator", state.quarter, {"action": "assess", "presenter": team.id})]
    if team.id in review.closed:
        # The results are on show: every client must get the facilitator's column, and a
        # client hears of a change only through an event it may see.
        events.append(Event(REVIEW, f"The facilitator's assessment of {team.name} is in the "
                            "results.", team.id, "public", state.quarter,
                            {"action": "assess", "presenter": team.id}))
    return state, events


def submit_review(state: GameState, actor: Actor, cmd: SubmitReview) -> Result:
    review = _round(state)
    presenter = find_team(state, cmd.team)
    mine = find_team(state, actor.team)
    if presenter.id == mine.id:
        raise NotAllowed("A team cannot review itself.", "own_team")
    if presenter.id != review.presenting:
        now = (f"{state.team(review.presenting).name} is presenting"
               if review.presenting else "no team is presenting yet")
        raise NotAllowed(f"{presenter.name} is not presenting: {now}.", "not_presenting")
    if presenter.id in review.closed:
        raise WrongPhase(f"The reviews of {presenter.name} are closed.", "review_closed")
    earlier = own_review(review, presenter.id, mine.id, actor.role)
    if earlier is not None:
        who = ("Your team" if review.mode == "team" else "You")
        by = f" ({earlier.name or ROLE_NAMES.get(earlier.role, earlier.role)} sent it)" \
            if review.mode == "team" else ""
        raise NotAllowed(f"{who} already reviewed {presenter.name}{by}; one review each.",
                         "already_reviewed")
    marks = check_marks(review, cmd.marks)
    seat = mine.seats[actor.role]
    entry = PeerReview(presenter.id, mine.id, actor.role, seat.name, marks)
    review = evolve(review, reviews=(*review.reviews, entry))
    state = evolve(state, review=review)
    done, expected = progress(state, presenter.id)
    who = seat.name or ROLE_NAMES.get(actor.role, actor.role)
    events = [
        Event(REVIEW, f"{who} sent {'the team' if review.mode == 'team' else 'a'} review of "
              f"{presenter.name}.", mine.id, "team", state.quarter,
              {"action": "submitted", "presenter": presenter.id, "role": actor.role}),
        Event(REVIEW, f"Reviews of {presenter.name}: {done} of {expected} in.", "", "public",
              state.quarter, {"action": "progress", "presenter": presenter.id,
                              "submitted": done, "expected": expected}),
    ]
    if expected and done >= expected:
        state, more = _close(state, review, presenter.id, by_facilitator=False)
        events += more
    return state, events


def check_marks(review: ReviewRound, marks: Iterable[ReviewMark]) -> tuple[ReviewMark, ...]:
    """The form filled in: every criterion once, a rubric level each, comments bounded.
    Returns the marks in the form's order, comments trimmed."""
    criteria = {c.id: c for c in form(review)}
    given: dict[str, ReviewMark] = {}
    for mark in marks:
        if mark.criterion not in criteria:
            every = ", ".join(criteria)
            raise UnknownTarget(f'There is no criterion "{mark.criterion}" on this form '
                                f"(it has {every}).", "unknown_criterion")
        if mark.criterion in given:
            raise InvalidCommand(f"{criteria[mark.criterion].title} is levelled twice; give "
                                 "each criterion one level.")
        if mark.level not in OBJECTIVE_LEVELS:
            raise InvalidCommand(f"{criteria[mark.criterion].title}: the level is one of "
                                 f"{', '.join(OBJECTIVE_LEVELS)}.", "bad_level")
        if len(mark.comment) > MAX_COMMENT:
            raise InvalidCommand(f"{criteria[mark.criterion].title}: a comment is at most "
                                 f"{MAX_COMMENT} characters.", "comment_too_long")
        given[mark.criterion] = ReviewMark(mark.criterion, mark.level, mark.comment.strip())
    missing = [c.title for c in criteria.values() if c.id not in given]
    if missing:
        raise InvalidCommand(f"Give a level for every criterion: {', '.join(missing)} "
                             f"{'is' if len(missing) == 1 else 'are'} missing.",
                             "missing_criteria")
    return tuple(given[c] for c in criteria)


def _round(state: GameState) -> ReviewRound:
    if state.review is None:
        raise WrongPhase("No review round is open; the facilitator starts one first.",
                         "no_review")
    return state.review


def _close(state: GameState, review: ReviewRound, presenter: str, by_facilitator: bool
           ) -> Result:
    review = evolve(review, closed=(*review.closed, presenter))
    state = evolve(state, review=review)
    name = state.team(presenter).name
    how = "closed" if by_facilitator else "all in"
    return state, [Event(REVIEW, f"The reviews of {name} are {how}: the results are on the "
                         "projector.", "", "public", state.quarter,
                         {"action": "closed", "presenter": presenter})]


# --- who reviews ---------------------------------------------------------------------------


def form(review: ReviewRound) -> tuple[ReviewCriterion, ...]:
    return review_criteria(review.charter, review.standards)


def expected_reviewers(state: GameState, presenter: str) -> list[tuple[str, str]]:
    """(team, role) of each expected reviewer; role "" in team mode. People only."""
    review = state.review
    out: list[tuple[str, str]] = []
    for team in state.teams:
        if team.id == presenter:
            continue
        people = [role for role, seat in team.seats.items() if seat.holder == "human"]
        if review is not None and review.mode == "person":
            out += [(team.id, role) for role in people]
        elif people:
            out.append((team.id, ""))
    return out


def reviews_of(review: ReviewRound, presenter: str) -> list[PeerReview]:
    return [r for r in review.reviews if r.presenter == presenter]


def own_review(review: ReviewRound, presenter: str, team: str, role: str) -> PeerReview | None:
    """The review that speaks for this seat: its team's (team mode) or its own (person)."""
    for r in reviews_of(review, presenter):
        if r.team == team and (review.mode == "team" or r.role == role):
            return r
    return None


def reviewer_key(review: ReviewRound, r: PeerReview) -> tuple[str, str]:
    return (r.team, "" if review.mode == "team" else r.role)


def progress(state: GameState, presenter: str) -> tuple[int, int]:
    """How many of the expected reviews of `presenter` are in, and how many are expected."""
    review = state.review
    if review is None:
        return 0, 0
    expected = expected_reviewers(state, presenter)
    got = {reviewer_key(review, r) for r in reviews_of(review, presenter)}
    return sum(1 for e in expected if e in got), len(expected)


def reviewer_label(state: GameState, review: ReviewRound, r: PeerReview) -> str:
    team = state.team(r.team).name
    if review.mode == "team":
        return team
    return f"{r.name or ROLE_NAMES.get(r.role, r.role)} ({team})"


def is_open(state: GameState) -> bool:
    """Whether a round is under way with a team left to close (the server keeps such a game
    loaded across restarts)."""
    review = state.review
    return (state.phase == "ended" and review is not None
            and any(t.id not in review.closed for t in state.teams))
