"""The peer review of roadmaps: every rule of rules/peer_review.py, through the one reducer."""

from __future__ import annotations

from functools import cache

import pytest

from tests.game.helpers import do, retail, seat
from triops.game.model.commands import (
    FACILITATOR,
    SERVER,
    AssessTeam,
    CloseReview,
    EndGame,
    JoinSeat,
    PresentTeam,
    StartGame,
    StartReview,
    SubmitReview,
    decode_command,
    encode_command,
)
from triops.game.model.errors import NotAllowed, RuleError, UnknownTarget, WrongPhase
from triops.game.model.state import GameSettings, GameState, ReviewMark
from triops.game.record import (
    GameRecord,
    play,
    record_from_plain,
    record_to_plain,
    replay,
    start_record,
    state_digest,
)
from triops.game.rules.new_game import new_game
from triops.game.rules.peer_review import MAX_COMMENT, is_open
from triops.game.rules.reducer import apply
from triops.game.scoring.objectives import OBJECTIVE_TITLES, assess
from triops.game.scoring.rubric import COVERAGE, ROADMAP_CRITERIA, review_criteria
from triops.game.views import facilitator_view, seat_view, spectator_view

TEAMS = ("Herons", "Otters", "Puffins")


def marks(level: str = "proficient", comment: str = "", charter: bool = False,
          standards: bool = False) -> tuple[ReviewMark, ...]:
    return tuple(ReviewMark(c.id, level, comment) for c in review_criteria(charter, standards))


JOINS = (("t1", "dataops", "Ada"), ("t2", "dataops", "Bo"), ("t2", "mlops", "Di"),
         ("t3", "dataops", "Cy"))


def ended_record() -> GameRecord:
    """Three teams, people in four seats (Otters has two), the game ended at once."""
    record = start_record(retail(), GameSettings(seed=3, team_names=TEAMS))
    for team, role, name in JOINS:
        record = record.with_entry(SERVER, JoinSeat(team, role, name))
    return record.with_entry(FACILITATOR, StartGame()).with_entry(FACILITATOR, EndGame())


@cache
def ended() -> GameState:
    return replay(ended_record(), retail())


def presenting(mode: str = "team", team: str = "t1") -> GameState:
    state = do(ended(), FACILITATOR, StartReview(mode, charter=False, standards=False))
    return do(state, FACILITATOR, PresentTeam(team))


def test_the_form_is_the_rubric_and_lo1_grades_the_same_words() -> None:
    # One rubric: the roadmap's criteria on the form are LO1's own, word for word.
    texts = {c.text for c in assess(ended(), "t1").objective("LO1").criteria}
    assert {c.text for c in ROADMAP_CRITERIA} <= texts
    assert COVERAGE in texts
    form = review_criteria(True, True)
    assert [c.objective for c in form[-2:]] == ["LO4", "LO5"]
    assert form[-2].text == OBJECTIVE_TITLES["LO4"]


def test_only_after_the_game_and_only_while_a_round_is_open() -> None:
    state = new_game(retail(), GameSettings(seed=3, team_names=TEAMS))
    state = do(state, FACILITATOR, StartGame())
    with pytest.raises(WrongPhase):
        apply(state, FACILITATOR, StartReview())
    with pytest.raises(WrongPhase) as no_round:
        apply(ended(), seat("mlops", "t2"), SubmitReview("t1", marks()))
    assert no_round.value.code == "no_review"
    state = do(ended(), FACILITATOR, StartReview())
    with pytest.raises(NotAllowed) as nobody:
        apply(state, seat("mlops", "t2"), SubmitReview("t1", marks(charter=True,
                                                                   standards=True)))
    assert nobody.value.code == "not_presenting"
    with pytest.raises(RuleError) as bad_mode:
        apply(ended(), FACILITATOR, StartReview("everyone"))
    assert bad_mode.value.code == "invalid"


def test_a_team_cannot_review_itself_and_bad_forms_get_clear_errors() -> None:
    state = presenting()
    with pytest.raises(NotAllowed) as own:
        apply(state, seat("dataops", "t1"), SubmitReview("t1", marks()))
    assert own.value.code == "own_team"
    with pytest.raises(UnknownTarget):
        apply(state, seat("dataops", "t2"), SubmitReview("t9", marks()))
    cases = {
        "bad_level": (*marks()[:-1], ReviewMark("goals", "stellar")),
        "unknown_criterion": (*marks(), ReviewMark("charter", "proficient")),
        "comment_too_long": (*marks()[:-1], ReviewMark("goals", "proficient",
                                                        "x" * (MAX_COMMENT + 1))),
        "missing_criteria": marks()[:-1],
    }
    for code, given in cases.items():
        with pytest.raises(RuleError) as err:
            apply(state, seat("dataops", "t2"), SubmitReview("t1", given))
        assert err.value.code == code, code
        assert err.value.message


def test_team_mode_one_review_per_team_and_it_closes_when_all_are_in() -> None:
    state = presenting("team")
    state, events = apply(state, seat("mlops", "t2"), SubmitReview("t1", marks(
        "developing", "  needs a KPI per phase  ")))
    assert any("1 of 2" in e.text for e in events)
    with pytest.raises(NotAllowed) as again:  # a teammate cannot send a second one
        apply(state, seat("dataops", "t2"), SubmitReview("t1", marks()))
    assert again.value.code == "already_reviewed"
    assert "Di sent it" in again.value.message
    state, events = apply(state, seat("dataops", "t3"), SubmitReview("t1", marks("exemplary")))
    assert state.review is not None and state.review.closed == ("t1",)
    assert any("all in" in e.text for e in events)
    with pytest.raises(WrongPhase):
        apply(state, seat("finops", "t2"), SubmitReview("t1", marks()))
    assert state.review.reviews[0].marks[0].comment == "needs a KPI per phase"


def test_person_mode_one_review_per_person() -> None:
    state = presenting("person")
    state = do(state, seat("dataops", "t2"), SubmitReview("t1", marks()))
    state = do(state, seat("mlops", "t2"), SubmitReview("t1", marks("beginning")))
    with pytest.raises(NotAllowed):
        apply(state, seat("mlops", "t2"), SubmitReview("t1", marks()))
    assert state.review is not None and not state.review.closed  # Cy has not reviewed
    state = do(state, seat("dataops", "t3"), SubmitReview("t1", marks()))
    assert state.review.closed == ("t1",)


def test_comments_stay_hidden_until_ones_own_review_is_in() -> None:
    state = presenting("team")
    state = do(state, seat("mlops", "t2"), SubmitReview("t1", marks("developing", "secret")))
    before = seat_view(state, "t3", "dataops")["review"]
    assert before["can_review"] and before["others"] == [] and before["others_hidden"] == 1
    assert "secret" not in repr(before)
    assert "secret" not in repr(spectator_view(state))
    mine = seat_view(state, "t2", "dataops")["review"]  # Di's teammate: the team's is in
    assert not mine["can_review"] and mine["mine"]["by"] == "Di"
    presenter = seat_view(state, "t1", "dataops")["review"]
    assert not presenter["can_review"] and "secret" not in repr(presenter)
    assert presenter["presentation"]["name"] == "Herons"
    # The facilitator sees every review and who is still to send one.
    fac = facilitator_view(state)["review"]
    herons = next(t for t in fac["teams"] if t["team"] == "t1")
    assert herons["submitted"] == ["Otters"] and herons["waiting"] == ["Puffins"]
    assert "secret" in repr(fac)
    state = do(state, seat("dataops", "t3"), SubmitReview("t1", marks("exemplary", "great")))
    after = seat_view(state, "t3", "dataops")["review"]
    assert [r["by"] for r in after["others"]] == ["Otters"]
    assert after["others"][0]["marks"][0]["comment"] == "secret"


def test_results_put_peers_and_facilitator_side_by_side() -> None:
    state = presenting("team")
    state = do(state, FACILITATOR, AssessTeam("t1", marks("developing", "phase it")))
    state = do(state, seat("mlops", "t2"), SubmitReview("t1", marks("proficient", "good")))
    assert spectator_view(state)["review"]["results"] is None
    state = do(state, FACILITATOR, CloseReview())
    results = spectator_view(state)["review"]["results"]
    coverage = results["criteria"][0]
    assert coverage["id"] == "coverage"
    assert coverage["peers"]["proficient"] == 1 and coverage["peer_level"] == "proficient"
    assert coverage["facilitator"] == "developing"
    assert coverage["facilitator_comment"] == "phase it"
    assert coverage["comments"] == [{"by": "Otters", "text": "good"}]
    with pytest.raises(RuleError) as closed:
        apply(state, FACILITATOR, CloseReview("t1"))
    assert closed.value.code == "review_closed"
    # The next team presents; the round stays open until every team is closed.
    assert is_open(state)
    state = do(state, FACILITATOR, PresentTeam("t2"))
    assert spectator_view(state)["review"]["presenting_name"] == "Otters"
    # Moving on to the next team closes the one before, as its reviews stand.
    state = do(state, FACILITATOR, PresentTeam("t3"))
    assert state.review is not None and state.review.closed == ("t1", "t2")
    state = do(state, FACILITATOR, CloseReview())
    assert not is_open(state)


def test_reviews_are_commands_in_the_log_and_replay() -> None:
    record = ended_record()
    state = ended()
    for actor, command in (
            (FACILITATOR, StartReview("person", charter=True, standards=False)),
            (FACILITATOR, PresentTeam("t2")),
            (seat("dataops", "t1"), SubmitReview("t2", marks("exemplary", "clear phases",
                                                             charter=True))),
            (FACILITATOR, AssessTeam("t2", marks("developing", charter=True)))):
        state, record, _ = play(state, record, actor, command)
    # Through the wire format and back, as the server's log and a saved record keep them.
    plain = record_to_plain(record)
    again = replay(record_from_plain(plain), retail())
    assert state_digest(again) == state_digest(state)
    assert again.review is not None and again.review.reviews[0].name == "Ada"
    command = record.entries[-2][1]
    assert decode_command(encode_command(command)) == command


def test_an_assessment_after_the_results_are_out_reaches_every_client() -> None:
    """A round closes itself when the last review arrives, often before the facilitator has
    assessed: an assessment then must tell every client (a public event), or the projector
    and the players keep showing no facilitator column; before that it stays private."""
    from triops.game.model.events import visible_to

    state = presenting("team")
    _, before = apply(state, FACILITATOR, AssessTeam("t1", marks("developing")))
    assert not any(visible_to(e, None, None, False) for e in before)
    state = do(state, seat("mlops", "t2"), SubmitReview("t1", marks("proficient")))
    state = do(state, FACILITATOR, CloseReview())
    state, after = apply(state, FACILITATOR, AssessTeam("t1", marks("exemplary")))
    assert any(visible_to(e, None, None, False) for e in after)
    assert spectator_view(state)["review"]["results"]["criteria"][0]["facilitator"] == (
        "exemplary")
