"""The state the console rebuilds from its view gives the server's reports."""

from __future__ import annotations

import pytest

from tests.client_facilitator.helpers import played, scenario, wire
from triops.client.facilitator.rebuild import RebuildError, state_from_view
from triops.game.bots.driver import bot_game
from triops.game.commands import (
    FACILITATOR,
    Actor,
    AssessTeam,
    OverrideLevel,
    PresentTeam,
    StartReview,
    SubmitReview,
)
from triops.game.objectives import assess, leaderboards
from triops.game.rubric import review_criteria
from triops.game.state import GameSettings, ReviewMark
from triops.game.views import facilitator_view, spectator_view
from triops.report import build_game_report, build_team_report


@pytest.mark.parametrize("seed", [3, 11])
def test_reports_from_the_view_equal_reports_from_the_state(seed: int) -> None:
    table = bot_game(scenario(), GameSettings(seed=seed, team_names=("Red", "Blue", "Green")),
                     {"t1": "competent", "t2": "novice", "t3": "expert"})
    table.play_to_end()
    table.submit(FACILITATOR, OverrideLevel("t2", "LO2", "exemplary", "pooled every clue"))
    # ... and a peer review of Red's roadmap, which the reports show beside the levels.
    form = review_criteria(False, True)
    table.submit(FACILITATOR, StartReview("person", charter=False, standards=True))
    table.submit(FACILITATOR, PresentTeam("t1"))
    table.submit(Actor.seat("t2", "mlops"), SubmitReview("t1", tuple(
        ReviewMark(c.id, "developing", "phase it") for c in form)))
    table.submit(FACILITATOR, AssessTeam("t1", tuple(ReviewMark(c.id, "proficient")
                                                     for c in form)))
    state = table.state
    assert state.review is not None and state.review.reviews
    rebuilt = state_from_view(wire(facilitator_view(state)), scenario(), seed=seed)
    assert build_game_report(rebuilt) == build_game_report(state)
    for team in state.teams:
        assert build_team_report(rebuilt, team.id) == build_team_report(state, team.id)
        assert assess(rebuilt, team.id).levels() == assess(state, team.id).levels()
    assert leaderboards(rebuilt) == leaderboards(state)


def test_a_spectator_view_cannot_be_rebuilt() -> None:
    with pytest.raises(RebuildError):
        state_from_view(wire(spectator_view(played(1))), scenario())
