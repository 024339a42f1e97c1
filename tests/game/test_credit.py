"""Credit goes to people: who acted is kept when they act, so seat moves never move it, and
persons' decisions are told apart from the bots' (issue 17, "Credit goes to people")."""

from __future__ import annotations

from tests.game.helpers import do, resolve, retail, scripted, seat, started, to_quarter
from triops.game.bots.driver import bot_game
from triops.game.model.commands import (
    FACILITATOR,
    SERVER,
    Advance,
    Chat,
    Diagnose,
    EndGame,
    ForceResolve,
    JoinSeat,
    MoveSeat,
    Pledge,
    Respond,
    SeatBot,
    StartGame,
    Unpledge,
)
from triops.game.model.state import GameSettings, GameState
from triops.game.scoring.objectives import (
    assess,
    assess_people,
    has_bot_work,
    incident_tally,
    label,
    leaderboard,
    people_only,
    seat_contributions,
)
from triops.game.scoring.score import early_end, standings
from triops.game.views import facilitator_view, spectator_view


def red_blue() -> GameState:
    """Q1 planning: Ada holds Red MLOps; a bot plays Blue DataOps; the rest are empty."""
    state = to_quarter(started(scripted(), teams=("Red", "Blue")), 1)
    state = do(state, SERVER, JoinSeat("t1", "mlops", "Ada"))
    return do(state, FACILITATOR, SeatBot("t2", "dataops", "expert"))


def test_chat_keeps_its_author_across_a_seat_move() -> None:
    state = red_blue()
    state = do(state, seat("dataops"), Chat("the empty-seat bot says hello"))
    state = do(state, seat("mlops"), Chat("Ada in MLOps"))
    state = do(state, FACILITATOR, MoveSeat("t1", "mlops", "t1", "dataops"))
    state = do(state, seat("dataops"), Chat("Ada in DataOps now"))
    chat = [(m.sender, m.author, m.name, m.text) for m in state.team("t1").chat]
    assert chat == [("dataops", "bot", "", "the empty-seat bot says hello"),
                    ("mlops", "person", "Ada", "Ada in MLOps"),
                    ("dataops", "person", "Ada", "Ada in DataOps now")]
    # The facilitator's view carries the author, so no client has to guess from the seat.
    team = facilitator_view(state)["teams"][0]
    assert team["chat"][0]["author"] == "bot" and team["chat"][0]["name"] == ""


def test_a_persons_record_follows_them_to_another_team() -> None:
    state = red_blue()
    state = do(state, seat("dataops", "t2"), Chat("bot before the move"))
    state = do(state, seat("mlops"), Chat("Ada in Red"))
    state = do(state, FACILITATOR, MoveSeat("t1", "mlops", "t2", "dataops"))
    state = do(state, seat("dataops", "t2"), Chat("Ada in Blue"))
    state = do(state, seat("mlops"), Chat("the bot now in Red MLOps"))
    red = {(c.role, c.holder, c.name): c.chat_messages for c in seat_contributions(
        state.team("t1")) if c.chat_messages}
    blue = {(c.role, c.holder, c.name): c.chat_messages for c in seat_contributions(
        state.team("t2")) if c.chat_messages}
    # Ada keeps her Red MLOps row; the bot that took the seat over starts its own.
    assert red == {("mlops", "person", "Ada"): 1, ("mlops", "bot", ""): 1}
    assert blue == {("dataops", "person", "Ada"): 1, ("dataops", "bot", ""): 1}


def test_evidence_records_who_acted() -> None:
    state = to_quarter(started(scripted(R1=[1])), 1)
    state = do(state, SERVER, JoinSeat("t1", "mlops", "Ada"))
    state = do(state, seat("mlops"), Pledge("I7", 2))
    state = do(state, seat("dataops"), Pledge("I5", 2))  # the empty-seat bot's seat
    pledges = [e for e in state.team("t1").ledger if e.kind == "pledge"]
    assert [(e.by, e.actor, e.name) for e in pledges] == [("mlops", "person", "Ada"),
                                                          ("dataops", "bot", "")]
    opened = next(e for e in state.team("t1").ledger if e.kind == "incident_opened")
    assert (opened.actor, opened.name) == ("", "")  # what happened to the team: nobody's
    # The report's evidence lines say who: the pledge evidence of a move stays Ada's.
    state = do(state, FACILITATOR, MoveSeat("t1", "mlops", "t1", "finops"))
    pledges = [e for e in state.team("t1").ledger if e.kind == "pledge"]
    assert pledges[0].name == "Ada" and state.team("t1").seats["mlops"].name == ""


def test_pledge_churn_counts_only_the_money_committed() -> None:
    state = to_quarter(started(scripted()), 1)
    state = do(state, SERVER, JoinSeat("t1", "mlops", "Ada"))
    for _ in range(3):  # pledge and take back: money moved, nothing committed
        state = do(state, seat("mlops"), Pledge("I7", 5))
        state = do(state, seat("mlops"), Unpledge("I7"))
    state = do(state, seat("mlops"), Pledge("I7", 5))
    state = resolve(state)
    assert state.team("t1").initiatives["I7"].rank == 1
    ada = next(c for c in seat_contributions(state.team("t1")) if c.name == "Ada")
    assert ada.credits_pledged == 5


def test_one_tie_break_rule_everywhere() -> None:
    # Two teams that do nothing tie on outcome and value; "Alpha" is listed second.
    state = to_quarter(started(scripted(), teams=("Zeta", "Alpha")), 2)
    ranked = [t.name for _, _, t in standings(state.teams, state.scenario, state.quarter)]
    assert ranked == ["Alpha", "Zeta"]
    assert [r["name"] for r in spectator_view(state)["leaderboard"]] == ranked
    assert [r.name for r in leaderboard(state)] == ranked
    state = do(state, FACILITATOR, EndGame())
    final = [r["name"] for r in spectator_view(state)["leaderboard"]]
    assert [r.name for r in leaderboard(state)] == final
    ticker = state.ticker[-1]["text"]
    assert ticker.index("Alpha") < ticker.index("Zeta"), ticker


def test_an_early_end_is_explained() -> None:
    state = to_quarter(started(scripted()), 3)
    assert early_end(state.teams, state.scenario, ended=False) == ""
    state = do(state, FACILITATOR, EndGame())
    note = spectator_view(state)["game"]["early_end"]
    assert "after Q2" in note and "2 of 6 quarters" in note, note
    assert "ended early" in state.ticker[-1]["text"]


def test_a_full_game_has_no_early_end_note() -> None:
    state = bot_game(retail(), GameSettings(seed=3, team_names=("A",)), {"t1": "novice"}
                     ).play_to_end()
    assert spectator_view(state)["game"]["early_end"] == ""


def test_a_learners_levels_leave_the_bots_decisions_out() -> None:
    # Bots play the whole game; Ada takes the seat at the last review, having decided nothing.
    table = bot_game(retail(), GameSettings(seed=3, team_names=("A",)), {"t1": "competent"})
    table.submit(FACILITATOR, StartGame())
    while not (table.state.phase == "review" and table.state.quarter == 6):
        if table.state.phase == "planning":
            table.play_planning()
            if table.state.phase == "planning":
                table.submit(FACILITATOR, ForceResolve())
        else:
            table.submit(FACILITATOR, Advance())
    state = do(table.state, SERVER, JoinSeat("t1", "mlops", "Ada"))
    state = do(state, FACILITATOR, Advance())
    assert state.phase == "ended"
    team = state.team("t1")
    assert has_bot_work(team)
    mine = people_only(team)
    assert all(e.actor != "bot" for e in mine.ledger)
    assert mine.roadmap == () and mine.charter is None
    team_levels = assess(state, "t1").levels()
    own = assess_people(state, "t1").levels()
    assert sum(team_levels.values()) > sum(own.values())
    assert own == dict.fromkeys(own, 1), own


def test_a_purchase_counts_for_the_person_who_paid_into_it() -> None:
    state = to_quarter(started(scripted()), 1)
    state = do(state, SERVER, JoinSeat("t1", "mlops", "Ada"))
    state = do(state, seat("mlops"), Pledge("I7", 5))  # Ada's own
    state = do(state, seat("dataops"), Pledge("I5", 3))  # the empty-seat bot's...
    state = do(state, seat("mlops"), Pledge("I5", 2))  # ... which Ada tops up
    state = do(state, seat("finops"), Pledge("I2", 3))  # the bots' alone
    state = do(state, seat("dataops"), Pledge("I2", 3))
    state = resolve(state)
    funded = [e.detail["initiative"] for e in state.team("t1").ledger
              if e.kind == "initiative_funded"]
    mine = [e.detail["initiative"] for e in people_only(state.team("t1")).ledger
            if e.kind == "initiative_funded"]
    assert set(funded) == {"I7", "I5", "I2"}
    assert set(mine) == {"I7", "I5"}


def test_codes_become_words() -> None:
    assert label("approve_high_risk") == "approve high-risk go-lives"
    assert label("dataops_lead") == "DataOps lead"
    assert label("high_risk_go_live") == "high-risk model go-live"


def _r1(state: GameState) -> tuple[str, str, str]:
    """The R1 incident's id, its true cause, and a red herring (a wrong call)."""
    incident = next(i for i in state.team("t1").incidents.values() if i.spec == "R1")
    return incident.id, incident.cause, "staffing"


def test_a_persons_wrong_call_counts_against_them_when_a_bot_fixes_it_later() -> None:
    # Q1: Ada (FinOps) commits a red herring and a bot picks the response; it escalates.
    state = to_quarter(started(scripted(R1=[1])), 1)
    state = do(state, SERVER, JoinSeat("t1", "finops", "Ada"))
    incident, cause, wrong = _r1(state)
    assert cause != wrong
    state = do(state, seat("finops"), Diagnose(incident, wrong))
    state = do(state, seat("dataops"), Respond(incident, "buffer"))  # the empty-seat bot's
    state = resolve(state)
    state = do(state, FACILITATOR, Advance())
    # Q2: a bot names the right cause and resolves it, the person taking no part.
    state = do(state, seat("mlops"), Diagnose(incident, cause))
    state = resolve(state)
    team = state.team("t1")
    assert incident_tally(team, state.scenario, state.difficulty, state.quarter)["right"] == 1
    lo2 = next(o for o in assess_people(state, "t1").objectives if o.objective == "LO2")
    measured = {c.text: c.measured for c in lo2.criteria}
    assert measured["Root-cause accuracy of 40% or more"].startswith("0 of 1"), measured
    assert measured["No red herring taken for the root cause"] == "1 red herrings chosen"
    call = next(e for e in lo2.evidence if e.decision.startswith("Diagnosed"))
    assert call.quarter == 1 and call.tone == "negative" and call.actor == "person"
    assert call.name == "Ada"


def test_a_bots_diagnosis_is_never_the_persons_own() -> None:
    # A bot names the cause; Ada chooses the plan. The call is the bot's, the plan hers.
    state = to_quarter(started(scripted(R1=[1])), 1)
    state = do(state, SERVER, JoinSeat("t1", "finops", "Ada"))
    incident, cause, _ = _r1(state)
    state = do(state, seat("dataops"), Diagnose(incident, cause))
    plan = {"drift": "monitor-retrain", "pipeline": "fix-feed", "promo": "add-promo",
            "range": "map-codes"}[cause]
    state = do(state, seat("finops"), Respond(incident, plan, "treats the cause"))
    state = resolve(state)
    own = {o.objective: o for o in assess_people(state, "t1").objectives}
    assert not [e for e in own["LO2"].evidence if e.decision.startswith("Diagnosed")]
    assert "0 diagnosed" in [c.measured for c in own["LO2"].criteria]
    assert [e.actor for e in own["LO3"].evidence if e.quarter == 1] == ["person"]
    # The team's report says the bot made the call: the same actor, from the same evidence.
    team = {o.objective: o for o in assess(state, "t1").objectives}
    call = next(e for e in team["LO2"].evidence if e.decision.startswith("Diagnosed"))
    assert call.actor == "bot"
