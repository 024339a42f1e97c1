"""Views carry exactly what each recipient may see."""

from __future__ import annotations

import json

from tests.game.helpers import do, resolve, retail, scripted, seat, started, to_quarter
from tests.game.test_properties import private_leaks
from triops.game.model.commands import FACILITATOR, Broadcast, Diagnose, Respond, ShareClue
from triops.game.views import facilitator_view, seat_view, spectator_view


def _game():  # type: ignore[no-untyped-def]
    state = to_quarter(started(scripted(R1=[1], X1=[1]), teams=("A", "B")), 1)
    return state


def test_a_seat_sees_its_own_symptoms_but_not_other_roles_clues() -> None:
    state = _game()
    inc = next(i for i in state.team("t1").incidents.values() if i.spec == "R1")
    spec = state.scenario.incidents["R1"]
    view = seat_view(state, "t1", "dataops")
    shown = next(i for i in view["team"]["incidents"] if i["id"] == inc.id)
    roles = {c["role"] for c in shown["clues"]}
    assert roles == {"dataops"}
    text = json.dumps(view)
    for clue in spec.clues:
        if clue.role != "dataops":
            assert clue.text not in text
    # Investigable clues are listed without their text.
    assert all(set(c) == {"id", "role", "ap", "found_by"} for c in shown["investigable"])


def test_a_shared_clue_becomes_visible_to_the_whole_team_only() -> None:
    state = _game()
    inc = next(i for i in state.team("t1").incidents.values() if i.spec == "R1")
    clue = next(c for c in state.scenario.incidents["R1"].clues
                if c.role == "mlops" and c.when == "start")
    state = do(state, seat("mlops"), ShareClue(inc.id, clue.id))
    assert clue.text in json.dumps(seat_view(state, "t1", "finops"))
    other_team = json.dumps(seat_view(state, "t2", "finops"))
    assert clue.text not in other_team


def test_hidden_truths_reach_only_the_facilitator() -> None:
    state = _game()
    spec = state.scenario.incidents["R1"]
    inc = next(i for i in state.team("t1").incidents.values() if i.spec == "R1")
    poor = next(r for r in spec.responses if r.klass == "poor")
    state = do(state, seat("dataops"), Diagnose(inc.id, inc.cause))
    state = do(state, seat("finops"), Respond(inc.id, poor.id))
    seat_json = seat_view(state, "t1", "finops")
    incident = next(i for i in seat_json["team"]["incidents"] if i["id"] == inc.id)
    assert "cause" not in incident
    assert all("correct" not in d for d in incident["diagnoses"])
    for r in incident["responses"]:  # no tells: what a plan is shows only in the review
        assert not {"class", "steps", "fits", "effects", "prevents_with"} & set(r)
    state = resolve(state)
    seat_json = seat_view(state, "t1", "finops")
    incident = next(i for i in seat_json["team"]["incidents"] if i["id"] == inc.id)
    assert incident["status"] == "contained" and "recur_at" not in incident  # not "resolved"
    assert [o["result"] for o in incident["outcomes"]] == ["suppressed"]
    judged = next(d for d in incident["diagnoses"] if d["id"] == inc.cause)
    assert judged["correct"] is True  # revealed in the review
    assert all(not o["cause"] for o in incident["outcomes"])  # the cause waits for the debrief
    fac = facilitator_view(state)
    fac_incident = next(i for i in fac["teams"][0]["incidents"] if i["id"] == inc.id)
    assert fac_incident["status"] == "dormant" and fac_incident["recur_at"] is not None
    assert all("correct" in d for d in fac_incident["diagnoses"])
    assert fac_incident["cause"] == inc.cause


def test_other_teams_appear_only_on_the_leaderboard() -> None:
    state = _game()
    view = seat_view(state, "t1", "mlops")
    assert view["team"]["id"] == "t1"
    assert {row["team"] for row in view["leaderboard"]} == {"t1", "t2"}
    assert set(view["leaderboard"][0]) == {"team", "name", "value", "outcome", "history", "rank"}
    assert "t2" not in json.dumps(view["team"])


def test_spectators_get_public_information_only() -> None:
    state = _game()
    view = spectator_view(state)
    text = json.dumps(view)
    for spec in state.scenario.incidents.values():
        for clue in spec.clues:
            assert clue.text not in text
    assert "chat" not in text and "envelopes" not in text


def test_property_helper_would_catch_a_leak() -> None:
    # The leak detector itself must be able to fail: plant another role's clue in a view.
    state = _game()
    clue = next(c for c in state.scenario.incidents["R1"].clues if c.role == "mlops")
    assert private_leaks(state, "t1", "dataops") == []
    state = do(state, FACILITATOR, Broadcast(clue.text, "t1"))
    assert clue.text in private_leaks(state, "t1", "dataops")


def test_option_order_is_the_games_not_the_files() -> None:
    """No tells: the order of diagnoses and plans is drawn per game, the same for every team."""
    from tests.game.helpers import scripted, started, to_quarter

    orders = set()
    for seed in range(1, 8):
        state = to_quarter(started(scripted(R1=[1]), teams=("A", "B"), seed=seed), 1)
        views = [seat_view(state, t, "mlops") for t in ("t1", "t2")]
        per_team = [tuple(d["id"] for i in v["team"]["incidents"] for d in i["diagnoses"])
                    for v in views]
        assert per_team[0] == per_team[1]
        orders.add(per_team[0])
    assert len(orders) > 1


def test_the_leaderboard_mid_game_shows_the_score_the_last_quarter_recorded() -> None:
    """In Q3's planning the board must agree with the ticker's standings after Q2, not
    score the value goal as if Q3 were already played."""
    state = to_quarter(started(scripted(), teams=("Alpha", "Beta")), 3)
    assert state.phase == "planning" and state.quarter == 3
    board = {row["team"]: row["outcome"] for row in facilitator_view(state)["leaderboard"]}
    assert board == {t.id: t.history[-1].outcome for t in state.teams}


def test_a_rule_change_is_listed_once_with_every_metric_it_moves() -> None:
    """An over-correction keeps one modifier per metric it hurts; the brief lists it once."""
    from triops.game.model.commands import Respond

    state = to_quarter(started(scripted(R1=[1])), 1)
    incident = next(i for i in state.team("t1").incidents.values() if i.spec == "R1")
    over = next(r for r in state.scenario.incidents["R1"].responses if r.klass == "over")
    assert len(over.effects) >= 2
    state = do(state, seat("mlops"), Respond(incident.id, over.id))
    state = resolve(state)
    assert len(state.team("t1").modifiers) == len(over.effects)
    mods = seat_view(state, "t1", "dataops")["team"]["modifiers"]
    assert len(mods) == 1, mods
    assert sorted(mods[0]["metrics"]) == sorted(over.effects)
    assert mods[0]["inject"] == "over-correction on " + state.scenario.incidents["R1"].title


def _next(state, ident: str):  # type: ignore[no-untyped-def]
    view = seat_view(state, "t1", "finops")
    return next(i for i in view["team"]["initiatives"] if i["id"] == ident)


def test_the_view_says_when_the_next_level_would_take_effect_and_marks_waste() -> None:
    """The one rule (`takes_effect`): a level is in effect `delay` quarters after the
    quarter it is bought in, so a delay of 0 counts in that very quarter."""
    from tests.game.test_rules import fund

    scenario = scripted()
    assert scenario.initiatives["I5"].levels["crawl"].delay == 0
    assert scenario.initiatives["I1"].levels["crawl"].delay == 1
    state = to_quarter(started(scenario), 1)
    assert _next(state, "I5")["next"]["takes_effect"] == 1
    assert _next(state, "I1")["next"]["takes_effect"] == 2
    assert not _next(state, "I1")["next"]["wasted"]
    state = fund(state, "I5")
    state = resolve(state)
    # Bought in Q1 with no delay: in effect in Q1 itself, as the funding event says.
    assert _next(state, "I5")["effective"] == "crawl"
    funding = [e["text"] for e in state.team("t1").reports[1] if e["kind"] == "funding"]
    name = scenario.initiatives["I5"].name
    assert any(name in t and "takes effect this quarter" in t for t in funding), funding
    # In the review the next level is priced for the next quarter it could be bought in.
    assert _next(state, "I1")["next"]["takes_effect"] == 3
    state = to_quarter(state, 6)
    assert _next(state, "I1")["next"]["takes_effect"] == 7
    assert _next(state, "I1")["next"]["wasted"]
    i5 = _next(state, "I5")["next"]
    assert i5["takes_effect"] == 6 + scenario.initiatives["I5"].levels[i5["level"]].delay


def test_money_left_at_the_end_is_left_over_not_a_reason_to_buy_waste() -> None:
    state = to_quarter(started(scripted()), 6)
    state = resolve(state)
    idle = next(e["text"] for e in state.team("t1").reports[6] if e["kind"] == "idle_money")
    assert "left over when the game ended" in idle and "earlier quarters" in idle, idle
    assert "could have turned into value" not in idle
    # The last quarter's own budget is told apart: a newcomer read "better spent in earlier
    # quarters" of money that arrived in Q6, when little could still use it.
    team = state.team("t1")
    fresh = sum(c.amount for c in team.treasury if c.kind == "income" and c.quarter == 6)
    assert fresh > 0
    assert f"{fresh} cr of it was the last quarter's own budget" in idle, idle
    assert "were carried over from earlier quarters" in idle, idle


def test_an_open_incidents_real_case_reaches_no_seat_until_it_is_closed_or_the_game_ends(
) -> None:
    """The anchor (the real case behind an incident) can hint at its cause: no seat, bot view
    or spectator carries it while the incident is open or only contained by a symptom fix;
    it arrives, marked reported or composite, when the incident is resolved, and for every
    incident once the game has ended. The facilitator always has it."""
    from triops.game.model.commands import EndGame
    from triops.game.views import bot_view, materialise

    state = to_quarter(started(scripted(R1=[1], X1=[1]), teams=("A", "B")), 1)
    scenario = state.scenario
    r1 = next(i for i in state.team("t1").incidents.values() if i.spec == "R1")
    x1 = next(i for i in state.team("t1").incidents.values() if i.spec == "X1")
    anchors = {s: scenario.incidents[s].anchor for s in ("R1", "X1")}
    assert all(anchors.values())

    def seat_texts(state):  # type: ignore[no-untyped-def]
        return [json.dumps(seat_view(state, t, r)) for t in ("t1", "t2")
                for r in ("dataops", "mlops", "finops")] + [
            json.dumps(materialise(bot_view(state, "t1", "mlops"))),
            json.dumps(spectator_view(state))]

    def shown(state, inc):  # type: ignore[no-untyped-def]
        view = seat_view(state, "t1", "finops")
        return next(i for i in view["team"]["incidents"] if i["id"] == inc.id)

    for text in seat_texts(state):  # both open
        assert anchors["R1"] not in text and anchors["X1"] not in text
    assert shown(state, r1)["anchor"] == "" and shown(state, r1)["anchor_kind"] == ""
    fac = facilitator_view(state)["teams"][0]["incidents"]
    assert {i["anchor"] for i in fac} >= set(anchors.values())

    # R1 resolved by the plan that treats its cause; X1 only contained by a symptom fix.
    good = next(r for r in scenario.incidents["R1"].responses
                if r.klass == "good" and r1.cause in r.fits and not r.requires)
    poor = next(r for r in scenario.incidents["X1"].responses if r.klass == "poor")
    state = do(state, seat("dataops"), Diagnose(r1.id, r1.cause))
    state = do(state, seat("finops"), Respond(r1.id, good.id))
    state = do(state, seat("finops"), Respond(x1.id, poor.id))
    state = resolve(state)
    assert state.team("t1").incidents[r1.id].status == "resolved"
    assert state.team("t1").incidents[x1.id].status == "dormant"
    closed = shown(state, r1)
    assert closed["anchor"] == anchors["R1"] and closed["anchor_kind"] == "reported"
    assert shown(state, x1)["status"] == "contained" and shown(state, x1)["anchor"] == ""
    for text in seat_texts(state):
        assert anchors["X1"] not in text
    assert anchors["R1"] not in json.dumps(seat_view(state, "t2", "dataops"))  # t2's is open

    state = do(state, FACILITATOR, EndGame())
    assert state.phase == "ended"
    for team in ("t1", "t2"):
        for inc in seat_view(state, team, "mlops")["team"]["incidents"]:
            assert inc["anchor"] == scenario.incidents[inc["spec"]].anchor
            assert inc["anchor_kind"] in ("reported", "composite")


def test_a_rule_change_is_named_by_its_inject_title_and_in_words() -> None:
    from triops.game.model.commands import FireInject

    state = to_quarter(started(scripted()), 1)
    state = do(state, FACILITATOR, FireInject("customer-onboarding", ("t1",), "now"))
    mods = seat_view(state, "t1", "finops")["team"]["modifiers"]
    title = state.scenario.injects["customer-onboarding"].title
    assert mods and all(m["title"] == title != m["inject"] for m in mods)
    assert {m["changes"] for m in mods} <= {"incident likelihood", "prices", "metrics"}


def test_a_seat_view_carries_the_standards_catalogue_it_chooses_from() -> None:
    state = started(retail())
    view = seat_view(state, "t1", "dataops")
    standards = view["catalogue"]["standards"]
    assert set(standards) == set(state.scenario.standards)
    first = next(iter(state.scenario.standards.values()))
    assert standards[first.id]["name"] == first.name and standards[first.id]["kpi"] == first.kpi
    # fixed content: the same object for every seat, so patches skip it
    assert seat_view(state, "t1", "finops")["catalogue"] is view["catalogue"]


def test_the_seat_view_offers_the_charter_frameworks_its_organisation_answers_to() -> None:
    from triops.game.model.commands import FACILITATOR, StartGame
    from triops.game.model.state import GameSettings
    from triops.game.rules.new_game import new_game
    from triops.game.rules.reducer import apply
    from triops.scenarios import find_scenario

    state = new_game(find_scenario("finance-novice"), GameSettings(seed=1, team_names=("A",)))
    state, _ = apply(state, FACILITATOR, StartGame())
    offered = seat_view(state, "t1", "finops")["catalogue"]["frameworks"]
    assert [f["id"] for f in offered] == ["nist_ai_rmf_govern", "iso_42001_a3", "sr_11_7",
                                          "bcbs_239"]
    assert offered[2]["name"] == "SR 26-2 model risk management (supersedes SR 11-7)"


def test_a_seat_sees_which_hidden_clues_a_teammate_has_dug_out_already() -> None:
    """FinOps investigated and said what it found; the newcomer's incident still offered that
    clue as hidden, for 3 AP. The seat's `investigable` says who holds it, so the app can say
    "ask them to share it"; the clue's words stay with the seat that found it."""
    from triops.game.model.commands import Investigate

    state = to_quarter(started(scripted(R1=[1])), 1)
    inc = next(iter(state.team("t1").incidents.values()))
    spec = state.scenario.incidents[inc.spec]
    clue = next(c for c in spec.clues if c.role == "finops" and c.when == "investigate"
                and not c.requires)
    state = do(state, seat("finops"), Investigate(inc.id, clue.id))
    mine = next(i for i in seat_view(state, "t1", "dataops")["team"]["incidents"]
                if i["id"] == inc.id)
    entry = next(c for c in mine["investigable"] if c["id"] == clue.id)
    assert entry["found_by"] == ["finops"]
    assert clue.id not in {c["id"] for c in mine["clues"]}
    assert all(c["found_by"] == [] for c in mine["investigable"] if c["id"] != clue.id)


def test_a_seat_sees_what_the_quarters_budget_brought() -> None:
    """The Budget tab names the credits that arrived, moved by cost efficiency."""
    state = to_quarter(started(scripted()), 1)
    team = state.team("t1")
    income = sum(c.amount for c in team.treasury if c.kind == "income" and c.quarter == 1)
    budget = seat_view(state, "t1", "finops")["team"]["budget"]
    assert budget["arrived"] == income > 0
