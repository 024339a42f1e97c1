"""Unit tests for each rule, through the one reducer `apply`, on the real retail scenario."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.game.helpers import (
    do,
    report,
    resolve,
    scripted,
    scripted_data,
    seat,
    started,
    to_quarter,
)
from triops.game.model.commands import (
    FACILITATOR,
    SERVER,
    Advance,
    Broadcast,
    CancelInject,
    Chat,
    ClearResponse,
    CustomEffect,
    CustomInject,
    Diagnose,
    EndGame,
    EndPhase,
    Extend,
    FireInject,
    ForceResolve,
    Investigate,
    JoinSeat,
    Notify,
    OverrideLevel,
    Pause,
    Pledge,
    PostponeInject,
    ProposeStandard,
    ReleaseBot,
    Respond,
    Resume,
    SeatBot,
    SetCharter,
    SetReady,
    SetRoadmap,
    ShareClue,
    StartGame,
    Tick,
    Transfer,
    Unpledge,
)
from triops.game.model.errors import (
    InvalidCommand,
    NotAllowed,
    NotEnoughActionPoints,
    NotEnoughCredits,
    Paused,
    RuleError,
    Unavailable,
    UnknownTarget,
    WrongPhase,
)
from triops.game.model.state import ClockSettings, GameSettings, InitiativeState, RoadmapEntry
from triops.game.model.values import evolve
from triops.game.rules.in_effect import investigate_cost
from triops.game.rules.incident_flow import open_new
from triops.game.rules.legal import WORKABLE_CHARTER, legal_commands
from triops.game.rules.new_game import new_game
from triops.game.rules.reducer import apply
from triops.game.rules.teams import credits_held, treasury_balance
from triops.game.scenario.loader import load_scenario

DATA, ML, FIN = seat("dataops"), seat("mlops"), seat("finops")


def in_quarter(q: int = 1, **schedule: list[int]):  # type: ignore[no-untyped-def]
    return to_quarter(started(scripted(**schedule)), q)


def fund(state, ident: str):  # type: ignore[no-untyped-def]
    """Pledge the next level of an initiative from its owners, lead last."""
    spec = state.scenario.initiatives[ident]
    team = state.team("t1")
    from triops.game.rules.in_effect import next_level_cost
    from triops.game.rules.seat_rules import min_share

    cost = next_level_cost(team, state.scenario, ident, state.quarter)
    share = min_share(state.scenario, cost, len(spec.owners)) if len(spec.owners) > 1 else 0
    for role in spec.owners[1:]:
        state = do(state, seat(role), Pledge(ident, share))
    rest = cost - share * (len(spec.owners) - 1)
    return do(state, seat(spec.owners[0]), Pledge(ident, rest))


# --- phases and the reducer ----------------------------------------------------------------


def test_refused_command_raises_and_leaves_state_alone() -> None:
    state = in_quarter(1)
    before = state
    with pytest.raises(InvalidCommand):
        apply(state, FIN, Pledge("I1", 1000))
    with pytest.raises(NotEnoughCredits):
        apply(state, FIN, Transfer("mlops", 1000))
    assert state == before and state.version == before.version


def test_accepted_command_bumps_the_version() -> None:
    state = in_quarter(1)
    after, _ = apply(state, FIN, Chat("hello"))
    assert after.version == state.version + 1


def test_seats_cannot_send_facilitator_commands_and_vice_versa() -> None:
    state = in_quarter(1)
    with pytest.raises(NotAllowed):
        apply(state, FIN, ForceResolve())
    with pytest.raises(NotAllowed):
        apply(state, FACILITATOR, Pledge("I1", 1))
    with pytest.raises(NotAllowed):
        apply(state, FACILITATOR, Tick(at=5))


def test_lobby_setup_and_first_quarter() -> None:
    state = new_game(scripted(), GameSettings(seed=1, team_names=("A", "B")))
    assert state.phase == "lobby"
    with pytest.raises(WrongPhase):
        apply(state, FIN, Pledge("I1", 1))
    state = do(state, FACILITATOR, StartGame())
    assert (state.phase, state.quarter) == ("planning", 0)
    with pytest.raises(WrongPhase, match="funding opens in Q1"):
        apply(state, FIN, Pledge("I1", 1))
    state = resolve(state)
    assert state.phase == "review"
    state = do(state, FACILITATOR, Advance())
    assert (state.phase, state.quarter) == ("planning", 1)
    team = state.team("t1")
    assert sum(team.envelopes.values()) > 0 and all(s.ap == 3 for s in team.seats.values())


def test_last_seat_ready_resolves_the_quarter() -> None:
    state = in_quarter(1)
    for actor in (DATA, ML):
        state = do(state, actor, SetReady(True))
    assert state.phase == "planning"
    state = do(state, FIN, SetReady(True))
    assert state.phase == "review" and state.quarter == 1


def test_acting_clears_only_your_own_ready_flag() -> None:
    state = in_quarter(1)
    state = do(state, DATA, SetReady(True))
    state = do(state, ML, SetReady(True))
    state = do(state, ML, Pledge("I7", 1))
    seats = state.team("t1").seats
    assert seats["dataops"].ready and not seats["mlops"].ready


def test_game_ends_after_the_last_review() -> None:
    state = to_quarter(started(scripted()), 6)
    state = resolve(state)
    state = do(state, FACILITATOR, Advance())
    assert state.phase == "ended"
    with pytest.raises(WrongPhase):
        apply(state, FIN, Chat("still there?"))


# --- money ---------------------------------------------------------------------------------


def test_funding_an_initiative_commits_at_resolution_and_takes_effect_after_its_delay() -> None:
    state = in_quarter(1)
    state = fund(state, "I7")  # crawl: delay 1
    team = state.team("t1")
    assert team.initiatives["I7"].pledged == 5 and team.initiatives["I7"].rank == 0
    state = resolve(state)
    assert state.team("t1").initiatives["I7"].rank == 1
    texts = [e["text"] for e in report(state)]
    assert any("Model Registry" in t and "funded at crawl" in t and "from Q2" in t for t in texts)
    state = do(state, FACILITATOR, Advance())
    from triops.game.rules.in_effect import effective_rank

    assert effective_rank(state.team("t1"), state.scenario, "I7", 1) == 0
    assert effective_rank(state.team("t1"), state.scenario, "I7", 2) == 1


def test_co_owned_initiative_needs_each_owners_share() -> None:
    state = in_quarter(1)
    state = do(state, DATA, Transfer("finops", 5))
    state = do(state, FIN, Pledge("I3", 6))  # FinOps alone pays all of I3 crawl
    state = resolve(state)
    team = state.team("t1")
    assert team.initiatives["I3"].rank == 0 and team.initiatives["I3"].pledges == {}
    events = [e["text"] for e in report(state)]
    assert any("not funded" in t and "MLOps" in t for t in events)
    assert credits_held(team) == treasury_balance(team)  # the pledge came back


def test_pledge_cannot_exceed_the_price_and_only_one_level_a_quarter() -> None:
    state = in_quarter(1)
    with pytest.raises(InvalidCommand, match="pledge at most 5"):
        apply(state, ML, Pledge("I7", 6))
    state = fund(state, "I7")
    with pytest.raises(InvalidCommand):
        apply(state, ML, Pledge("I7", 1))
    state = resolve(state)
    state = do(state, FACILITATOR, Advance())
    state = do(state, ML, Pledge("I7", 7))  # walk next quarter is fine


def test_unpledge_returns_the_credits() -> None:
    state = in_quarter(1)
    before = state.team("t1").envelopes["mlops"]
    state = do(state, ML, Pledge("I7", 3))
    state = do(state, ML, Unpledge("I7"))
    assert state.team("t1").envelopes["mlops"] == before
    with pytest.raises(InvalidCommand):
        apply(state, ML, Unpledge("I7"))


def test_funding_before_a_prerequisite_has_no_effect_and_the_report_says_why() -> None:
    state = in_quarter(1)
    state = fund(state, "I9")  # needs I7
    state = resolve(state)
    texts = [e["text"] for e in report(state)]
    assert any("Production Model Monitoring funded" in t and "no effect until its "
               "prerequisites" in t and "I7" in t for t in texts)
    from triops.game.rules.in_effect import effective_rank

    state = to_quarter(state, 3)
    team = state.team("t1")
    assert team.initiatives["I9"].rank == 1
    assert effective_rank(team, state.scenario, "I9", 3) == 0
    from triops.game.rules.metrics import target_pulls

    causes = target_pulls(team, state.scenario, 3)
    assert not any("Production Model Monitoring" in c for c, _ in causes["model_reliability"])


def test_upkeep_is_charged_and_an_unpaid_one_costs_a_level() -> None:
    state = in_quarter(1)
    state = fund(state, "I7")
    state = resolve(state)
    state = do(state, FACILITATOR, Advance())
    texts = [e.text for e in apply(state, FIN, Chat("x"))[1]]
    assert texts  # quarter 2 started; upkeep is booked in the treasury
    assert any(e.kind == "upkeep" and e.amount == -1 for e in state.team("t1").treasury)
    # With the owner's envelope empty, the briefing cannot pay and the level goes.
    from triops.game.rules.flow import _charge_upkeep

    team = state.team("t1")
    broke = replace(team, envelopes={**team.envelopes, "mlops": 0})
    after, events = _charge_upkeep(state, broke, state.quarter)
    assert after.initiatives["I7"].rank == 0
    assert any("lost its crawl level" in e.text for e in events)


def test_transfer_moves_credits_between_seats() -> None:
    state = in_quarter(1)
    env = dict(state.team("t1").envelopes)
    state = do(state, DATA, Transfer("mlops", 5))
    after = state.team("t1").envelopes
    assert after["dataops"] == env["dataops"] - 5 and after["mlops"] == env["mlops"] + 5
    with pytest.raises(InvalidCommand):
        apply(state, DATA, Transfer("dataops", 1))
    with pytest.raises(NotEnoughCredits):
        apply(state, DATA, Transfer("mlops", 10_000))
    # The seats' views say what was moved this quarter (the envelopes did not add up to a
    # newcomer without it), and a new quarter starts at none.
    from triops.game.views import seat_view

    state = do(state, DATA, Transfer("finops", 1))
    moved = seat_view(state, "t1", "finops")["team"]["budget"]["moved"]
    assert moved == {"dataops": -6, "mlops": 5, "finops": 1}, moved
    state = do(resolve(state), FACILITATOR, Advance())
    assert seat_view(state, "t1", "finops")["team"]["budget"]["moved"] == {}


def test_without_budget_pooling_a_seat_sends_only_so_much_a_quarter() -> None:
    state = in_quarter(1)
    cap = state.scenario.rules.transfer_cap
    state = do(state, DATA, Transfer("mlops", cap - 1))
    with pytest.raises(InvalidCommand, match="budget-pooling"):
        apply(state, DATA, Transfer("finops", 2))
    state = do(state, DATA, Transfer("finops", 1))  # up to the cap is fine
    state = resolve(state)
    state = do(state, FACILITATOR, Advance())
    state = do(state, DATA, Transfer("mlops", cap))  # a new quarter, a new allowance


def test_charter_with_budget_pooling_merges_the_envelopes_once_the_committee_works() -> None:
    state = started(scripted())
    charter = replace(WORKABLE_CHARTER,
                      decision_rights=(*WORKABLE_CHARTER.decision_rights, "budget_pooling"))
    state = do(state, ML, SetCharter(charter))
    state = to_quarter(state, 1)
    state = fund(state, "I11")
    state = to_quarter(state, 2)
    team = state.team("t1")
    assert team.pool is not None and sum(team.envelopes.values()) == 0
    with pytest.raises(InvalidCommand, match="pooled"):
        apply(state, DATA, Transfer("mlops", 1))
    state = do(state, DATA, Pledge("I1", 5))  # any seat funds from the pool, no owner shares
    state = resolve(state)
    assert state.team("t1").initiatives["I1"].rank == 1


def test_committee_cannot_be_funded_without_a_workable_charter() -> None:
    state = in_quarter(1)
    with pytest.raises(Unavailable, match="no charter"):
        apply(state, FIN, Pledge("I11", 1))


# --- incidents -----------------------------------------------------------------------------


def _incident(state):  # type: ignore[no-untyped-def]
    inc = next(iter(state.team("t1").incidents.values()))
    return inc, state.scenario.incidents[inc.spec]


def _good(spec, cause: str):  # type: ignore[no-untyped-def]
    """The plan that treats `cause`."""
    return next(r for r in spec.responses if r.klass == "good" and cause in r.fits
                and not r.requires)


def test_the_lineage_catalog_cheapens_another_roles_clue_from_walk_not_crawl() -> None:
    """A crawl catalog holds a few pipelines' lineage; following another role's data across
    the seam gets cheap once it covers them end to end (at 2 AP from crawl, a team that never
    shared a clue dug its way to every cause; docs/balance.md)."""
    state = in_quarter(1)
    team, scenario = state.team("t1"), state.scenario

    def with_lineage(levels: int):  # type: ignore[no-untyped-def]
        return evolve(team, initiatives={**team.initiatives,
                                         "I6": InitiativeState("I6", (1,) * levels)})

    assert investigate_cost(team, scenario, False, 3) == 3
    assert investigate_cost(with_lineage(1), scenario, False, 3) == 3
    assert investigate_cost(with_lineage(2), scenario, False, 3) == 1
    assert investigate_cost(with_lineage(2), scenario, True, 3) == 1  # one's own: always 1


def test_a_second_occurrence_of_an_incident_says_it_is_new_and_what_makes_it_rarer() -> None:
    # A newcomer read the same title a quarter after "Resolved." and took it for the old one.
    state = in_quarter(1, R1=[1])
    _, spec = _incident(state)
    fresh = evolve(state.team("t1"), incidents={})
    _, events = open_new(state, fresh, spec, 3, "random")
    assert "same kind" not in events[0].text  # the first occurrence is simply new
    _, events = open_new(state, state.team("t1"), spec, 3, "random")
    text = events[0].text
    assert "The same kind of incident as in Q1, a new occurrence" in text
    names = [state.scenario.initiatives[i].name for i in spec.mitigated_by]
    assert names and all(n in text for n in names)
    _, back = open_new(state, state.team("t1"), spec, 3, "recurrence")
    assert back[0].text.startswith("It's back:")


def test_scheduled_incident_opens_with_private_symptoms() -> None:
    state = in_quarter(1, R1=[1])
    inc, spec = _incident(state)
    assert inc.spec == "R1" and inc.open and inc.severity == spec.severity


def test_investigating_costs_ap_own_clue_one_other_roles_three() -> None:
    state = in_quarter(1, R1=[1])
    inc, spec = _incident(state)
    own = next(c for c in spec.clues if c.role == "dataops" and c.when == "investigate"
               and not c.requires)
    other = next(c for c in spec.clues if c.role == "mlops" and c.when == "start")
    state = do(state, DATA, Investigate(inc.id, own.id))
    assert state.team("t1").seats["dataops"].ap == 2
    with pytest.raises(NotEnoughActionPoints):
        apply(state, DATA, Investigate(inc.id, other.id))
    fresh = in_quarter(1, R1=[1])
    fresh = do(fresh, FIN, Investigate(inc.id, other.id))
    assert fresh.team("t1").seats["finops"].ap == 0
    with pytest.raises(InvalidCommand):
        apply(state, DATA, Investigate(inc.id, own.id))


def test_the_true_cause_is_drawn_per_game_and_the_same_for_every_team() -> None:
    causes = set()
    for seed in range(1, 30):
        state = to_quarter(started(scripted(R1=[1]), teams=("A", "B"), seed=seed), 1)
        a = next(iter(state.team("t1").incidents.values()))
        b = next(iter(state.team("t2").incidents.values()))
        assert a.cause == b.cause  # common random numbers: comparable teams
        causes.add(a.cause)
    assert causes == set(state.scenario.incidents["R1"].causes)


def test_a_seat_reads_its_clue_as_the_true_cause_makes_it_read() -> None:
    for seed in range(1, 12):
        state = to_quarter(started(scripted(R1=[1]), seed=seed), 1)
        inc, spec = _incident(state)
        clue = next(c for c in spec.clues if c.role == "dataops" and c.when == "start")
        from triops.game.views import seat_view

        view = seat_view(state, "t1", "dataops")
        shown = next(c for i in view["team"]["incidents"] for c in i["clues"]
                     if c["id"] == clue.id)
        assert shown["text"] == clue.text_for(inc.cause)
        assert inc.cause in (clue.causes_with(shown["text"]) or ())


def test_sharing_a_clue_posts_it_to_team_chat_and_only_the_first_few_are_free() -> None:
    data = scripted_data({"R1": [1], "X1": [1]})
    data.setdefault("rules", {})["free_shares"] = 1
    state = to_quarter(started(load_scenario(data, "one-free-share.toml")), 1)
    incidents = list(state.team("t1").incidents.values())
    inc, spec = incidents[0], state.scenario.incidents[incidents[0].spec]
    clue = next(c for c in spec.clues if c.role == "finops" and c.when == "start")
    ap = state.team("t1").seats["finops"].ap
    state = do(state, FIN, ShareClue(inc.id, clue.id))
    team = state.team("t1")
    assert team.chat[-1].kind == "clue" and team.chat[-1].text == clue.text_for(inc.cause)
    assert team.seats["finops"].ap == ap  # within the quarter's free shares
    other, other_spec = incidents[1], state.scenario.incidents[incidents[1].spec]
    second = next(c for c in other_spec.clues if c.role == "finops" and c.when == "start")
    state = do(state, FIN, ShareClue(other.id, second.id))
    assert state.team("t1").seats["finops"].ap == ap - state.scenario.rules.share_ap
    with pytest.raises(InvalidCommand):
        apply(state, FIN, ShareClue(inc.id, clue.id))
    hidden = next(c for c in spec.clues if c.role == "mlops" and c.when == "start")
    with pytest.raises(UnknownTarget):
        apply(state, FIN, ShareClue(inc.id, hidden.id))


def test_the_shipped_rules_give_each_seat_three_free_shares_a_quarter() -> None:
    state = in_quarter(1, R1=[1], X1=[1])
    assert state.scenario.rules.free_shares == 3
    ap = state.team("t1").seats["dataops"].ap
    for incident in state.team("t1").incidents.values():
        spec = state.scenario.incidents[incident.spec]
        clue = next(c for c in spec.clues if c.role == "dataops" and c.when == "start")
        state = do(state, DATA, ShareClue(incident.id, clue.id))
    assert state.team("t1").seats["dataops"].ap == ap


def test_a_joint_review_makes_the_next_investigation_free_once_every_seat_has_shared() -> None:
    """Pooling pays twice: once every seat's opening clue is on the table, the team's next
    investigation of the incident costs no AP (whoever's clue it is), once per incident. A
    dig before the clues were pooled is paid and does not spend it; a team that keeps a
    clue back pays full price."""
    from triops.game.views import seat_view

    state = in_quarter(1, R1=[1])
    inc, spec = _incident(state)
    hidden = [c for c in spec.clues if c.when == "investigate" and not c.requires]
    cross = next(c for c in hidden if c.role == "mlops")
    own = next(c for c in hidden if c.role == "dataops")
    price = investigate_cost(state.team("t1"), state.scenario, False, state.quarter)
    assert price > 0
    ap = state.team("t1").seats["dataops"].ap
    state = do(state, DATA, Investigate(inc.id, own.id))  # before pooling: paid
    assert state.team("t1").seats["dataops"].ap == ap - 1
    for role, actor in (("dataops", DATA), ("finops", FIN)):
        opening = next(c for c in spec.clues if c.role == role and c.when == "start")
        state = do(state, actor, ShareClue(inc.id, opening.id))
    view = seat_view(state, "t1", "finops")
    mine = next(i for i in view["team"]["incidents"] if i["id"] == inc.id)
    assert mine["joint_review"] is False  # MLOps has not shared yet: full price
    assert all(c["ap"] > 0 for c in mine["investigable"])
    opening = next(c for c in spec.clues if c.role == "mlops" and c.when == "start")
    state = do(state, ML, ShareClue(inc.id, opening.id))
    view = seat_view(state, "t1", "finops")
    mine = next(i for i in view["team"]["incidents"] if i["id"] == inc.id)
    assert mine["joint_review"] is True
    assert {c["ap"] for c in mine["investigable"]} == {0}
    ap = state.team("t1").seats["finops"].ap
    state = do(state, FIN, Investigate(inc.id, cross.id))  # another role's clue, free
    assert state.team("t1").seats["finops"].ap == ap
    assert state.team("t1").incidents[inc.id].reviewed
    view = seat_view(state, "t1", "finops")
    mine = next(i for i in view["team"]["incidents"] if i["id"] == inc.id)
    assert mine["joint_review"] is False
    state = do(state, FIN, Investigate(inc.id, own.id))  # the next one is paid again
    assert state.team("t1").seats["finops"].ap == ap - price


def test_correct_diagnosis_with_the_plan_for_that_cause_resolves() -> None:
    state = in_quarter(1, R1=[1])
    inc, spec = _incident(state)
    state = do(state, DATA, Diagnose(inc.id, inc.cause))
    state = do(state, ML, Respond(inc.id, _good(spec, inc.cause).id, "it treats the cause"))
    state = resolve(state)
    done = state.team("t1").incidents[inc.id]
    assert done.status == "resolved" and done.outcomes[-1].result == "resolved"
    assert done.outcomes[-1].diagnosis_correct is True
    texts = [e["text"] for e in report(state)]
    assert any("was correct" in t and "Resolved." in t for t in texts)


def test_a_diagnosis_no_plan_acted_on_is_not_judged_until_the_debrief() -> None:
    """Diagnosing and doing nothing must not be a free probe of the cause: the review says the
    call was not tested and the seat's options do not mark it; the evidence the debrief
    scores still knows whether it was right."""
    from triops.game.views import seat_view

    state = in_quarter(1, R1=[1])
    inc, spec = _incident(state)
    wrong = next(d.id for d in spec.diagnoses if d.id != inc.cause)
    state = resolve(do(state, DATA, Diagnose(inc.id, wrong)))
    judged = state.team("t1").incidents[inc.id].outcomes[-1]
    assert judged.diagnosis == wrong and judged.diagnosis_correct is None
    text = next(e["text"] for e in report(state) if spec.title in e["text"]
                and "diagnosis" in e["text"])
    assert "was not tested" in text and "not the root cause" not in text, text
    shown = next(i for i in seat_view(state, "t1", "finops")["team"]["incidents"]
                 if i["id"] == inc.id)
    assert all("correct" not in d for d in shown["diagnoses"])
    evidence = [e.detail for e in state.team("t1").ledger if e.kind == "incident_outcome"]
    assert evidence[-1]["correct"] is False


def test_prevention_counts_as_in_place_only_when_its_initiative_was_bought() -> None:
    """A pledge that bought nothing (or was taken back) is not a funded prevention."""
    state = in_quarter(1, R1=[1])
    inc, spec = _incident(state)
    plan = _good(spec, inc.cause)
    assert plan.prevents_with
    owner = state.scenario.initiatives[plan.prevents_with].owners[0]
    state = do(state, seat(owner), Pledge(plan.prevents_with, 1))  # far short of the price
    assert plan.prevents_with in state.team("t1").initiatives
    state = do(state, DATA, Diagnose(inc.id, inc.cause))
    state = do(state, ML, Respond(inc.id, plan.id, "it treats the cause"))
    state = resolve(state)
    judged = next(e for e in state.team("t1").ledger if e.kind == "incident_outcome")
    assert judged.detail["prevents_with"] == plan.prevents_with
    assert judged.detail["prevention_in_place"] is False


def test_a_good_plan_for_another_cause_only_contains_the_incident() -> None:
    state = in_quarter(1, R1=[1])
    inc, spec = _incident(state)
    wrong = next(c for c in spec.causes if c != inc.cause)
    state = do(state, DATA, Diagnose(inc.id, wrong))
    state = do(state, ML, Respond(inc.id, _good(spec, wrong).id))
    state = resolve(state)
    done = state.team("t1").incidents[inc.id]
    assert done.open and done.outcomes[-1].result == "contained"
    assert done.severity == spec.severity and done.outcomes[-1].fits is False
    assert done.outcomes[-1].diagnosis_correct is False
    text = next(e["text"] for e in report(state) if e["kind"] == "incident_outcome")
    assert "treats a different cause" in text


def test_a_plan_for_a_cause_needs_that_cause_diagnosed_first() -> None:
    """The team commits to a cause, then to its fix: a plan for a cause other than the
    diagnosis (or before any) is refused with the way out, and is not among the seat's legal
    commands; a symptom fix or a sledgehammer needs no diagnosis. (Before this rule, a team
    whose seats never compared clues let one seat diagnose and another plan on its own guess,
    and the plan often fitted: the no-share exploit tied the pooling team on those seeds.)"""
    state = in_quarter(1, R1=[1])
    inc, spec = _incident(state)
    wrong = next(c for c in spec.causes if c != inc.cause)
    right = _good(spec, inc.cause)
    with pytest.raises(Unavailable, match="draft the diagnosis first"):
        apply(state, ML, Respond(inc.id, right.id))
    state = do(state, DATA, Diagnose(inc.id, wrong))
    with pytest.raises(Unavailable, match="treats another cause than the team's diagnosis"):
        apply(state, ML, Respond(inc.id, right.id))
    offered = {c.response for c in legal_commands(state, "t1", "mlops")
               if isinstance(c, Respond)}
    assert right.id not in offered and _good(spec, wrong).id in offered
    assert {r.id for r in spec.responses if r.klass in ("poor", "over")} <= offered
    poor = next(r for r in spec.responses if r.klass == "poor")
    do(state, ML, Respond(inc.id, poor.id))  # a symptom fix treats no particular cause


def test_changing_the_diagnosis_withdraws_a_plan_drafted_for_the_old_one() -> None:
    state = in_quarter(1, R1=[1])
    inc, spec = _incident(state)
    wrong = next(c for c in spec.causes if c != inc.cause)
    plan = _good(spec, wrong)
    before = state.team("t1")
    state = do(state, DATA, Diagnose(inc.id, wrong))
    state = do(state, ML, Respond(inc.id, plan.id))
    state, events = apply(state, FIN, Diagnose(inc.id, inc.cause))
    after = state.team("t1")
    assert after.incidents[inc.id].response is None
    assert after.envelopes == before.envelopes
    assert {r: s.ap for r, s in after.seats.items()} == {
        r: s.ap for r, s in before.seats.items()}
    said = [e for e in events if "withdrawn" in e.text]
    assert said and said[0].data["withdrawn"] == plan.id
    state = do(state, ML, Respond(inc.id, _good(spec, inc.cause).id))
    assert resolve(state).team("t1").incidents[inc.id].status == "resolved"


def test_an_over_correction_resolves_whatever_the_cause_and_its_side_effects_last() -> None:
    state = in_quarter(1, R1=[1])
    inc, spec = _incident(state)
    over = next(r for r in spec.responses if r.klass == "over")
    state = do(state, ML, Respond(inc.id, over.id))
    state = resolve(state)
    assert state.team("t1").incidents[inc.id].status == "resolved"
    lasting = [m for m in state.team("t1").modifiers if m.inject.startswith("over-correction")]
    assert lasting and all(m.until == 1 + 2 for m in lasting)
    state = do(state, FACILITATOR, Advance())
    state = resolve(state)  # the next quarter still pays for it
    causes = [c["cause"] for e in report(state, quarter=2) if e["kind"] == "metric_change"
              for c in e["data"]["causes"]]
    assert any(c.startswith("over-correction") for c in causes)


def _symptom_fixed():  # type: ignore[no-untyped-def]
    """R1 diagnosed right in Q1, then only its symptom fixed: it lies dormant."""
    state = in_quarter(1, R1=[1])
    inc, spec = _incident(state)
    poor = next(r for r in spec.responses if r.klass == "poor")
    state = do(state, DATA, Diagnose(inc.id, inc.cause))
    state = do(state, FIN, Respond(inc.id, poor.id))
    return resolve(state), inc, spec


def test_poor_response_is_only_contained_and_silently_recurs() -> None:
    state, inc, spec = _symptom_fixed()
    hidden = state.team("t1").incidents[inc.id]
    assert hidden.status == "dormant" and hidden.recur_at in (2, 3)
    outcome = next(e for e in report(state) if e["kind"] == "incident_outcome")
    # The team is told the truth the review shows (a symptom fix contains, never resolves),
    # not the cause nor when it comes back.
    assert outcome["data"]["result"] == "suppressed"
    assert "Resolved" not in outcome["text"]
    assert "Contained: the symptom went away; the cause is still there." in outcome["text"]
    assert f"Q{hidden.recur_at}" not in outcome["text"]
    assert all(e["kind"] != "recurrence_scheduled" for e in report(state))
    state = to_quarter(state, hidden.recur_at)
    back = state.team("t1").incidents[inc.id]
    assert back.open and back.severity == spec.severity + 1 and back.source == "recurrence"


def test_a_call_the_reviews_settled_is_not_decided_by_pooling() -> None:
    """What a review said counts for the diagnoser: a cause judged right is known when the
    incident comes back, one judged wrong is ruled out. A guesser's lucky first call used to
    score as pooling decided again at every return, and reached proficient on LO2."""
    state, inc, spec = _symptom_fixed()
    state = to_quarter(state, state.team("t1").incidents[inc.id].recur_at)
    assert state.team("t1").incidents[inc.id].open
    state = do(state, ML, Diagnose(inc.id, inc.cause))
    again = [e.detail for e in state.team("t1").ledger if e.kind == "diagnosis_proposed"][-1]
    assert again["own_candidates"] == again["seen_candidates"] == 1
    assert again["pooling_decided"] is False and again["fits_evidence"] is True
    wrong = next(d.id for d in spec.diagnoses if d.id != inc.cause)
    state = do(state, ML, Diagnose(inc.id, wrong))
    against = [e.detail for e in state.team("t1").ledger if e.kind == "diagnosis_proposed"][-1]
    assert against["fits_evidence"] is False  # the review already named another cause


def test_ignored_incident_escalates_to_a_crisis() -> None:
    state = in_quarter(1, R3=[1])
    inc, spec = _incident(state)
    severities = []
    events = []
    for q in range(1, 5):
        state, evs = apply(state, FACILITATOR, ForceResolve())
        events += evs
        severities.append(state.team("t1").incidents[inc.id].severity)
        if q < 4:
            state = do(state, FACILITATOR, Advance())
    assert severities == [spec.severity + 1, spec.severity + 2, 4, 4][: len(severities)]
    assert state.team("t1").incidents[inc.id].crisis
    assert any(e.kind == "crisis" and e.audience == "facilitator" for e in events)


def test_incidents_do_harm_from_the_quarter_they_open_and_the_cause_is_named() -> None:
    fixed = in_quarter(1, X1=[1])
    inc, spec = _incident(fixed)
    fixed = do(fixed, DATA, Diagnose(inc.id, inc.cause))
    fixed = do(fixed, ML, Respond(inc.id, _good(spec, inc.cause).id))
    for state in (resolve(fixed), resolve(in_quarter(1, X1=[1]))):  # fixed, and left alone
        named = [c for e in report(state) if e["kind"] == "metric_change"
                 for c in e["data"]["causes"] if c["cause"] == f"incident: {spec.title}"]
        assert named and all(c["delta"] < 0 for c in named)
    state = resolve(in_quarter(1, X1=[1]))
    changes = [e for e in report(state) if e["kind"] == "metric_change"]
    named = [c for e in changes for c in e["data"]["causes"]
             if c["cause"] == f"incident: {spec.title}"]
    assert named and all(c["delta"] < 0 for c in named)
    for change in changes:  # every change is fully explained by its causes
        total = sum(c["delta"] for c in change["data"]["causes"])
        assert change["data"]["after"] - change["data"]["before"] == total


def test_response_reserves_costs_and_clearing_releases_them() -> None:
    state = in_quarter(1, R1=[1])
    inc, spec = _incident(state)
    good = _good(spec, inc.cause)
    state = do(state, DATA, Diagnose(inc.id, inc.cause))
    before = state.team("t1")
    state = do(state, ML, Respond(inc.id, good.id))
    team = state.team("t1")
    for role, ap in good.ap.items():
        assert team.seats[role].ap == before.seats[role].ap - ap
    assert credits_held(team) == credits_held(before)
    state = do(state, ML, ClearResponse(inc.id))
    assert state.team("t1").seats == before.seats
    assert state.team("t1").envelopes == before.envelopes


def test_responses_needing_the_committee_are_unavailable_without_it() -> None:
    from tests.game.helpers import scripted_data
    from triops.game.scenario.loader import load_scenario

    data = scripted_data({"X2": [2]})
    x2 = next(i for i in data["incidents"] if i["id"] == "X2")
    over = next(r for r in x2["responses"] if r["class"] == "over")
    over["requires"] = ["right:block_kill"]  # a kill switch is the committee's to pull
    state = to_quarter(started(load_scenario(data, "gated.toml")), 2)
    inc, spec = _incident(state)
    with pytest.raises(Unavailable, match="block_kill"):
        apply(state, ML, Respond(inc.id, next(r for r in spec.responses if r.requires).id))


def test_notify_costs_ap_and_credits_and_is_cheaper_with_the_committee() -> None:
    state = in_quarter(1, R1=[1])
    inc, _ = _incident(state)
    state = do(state, FIN, Notify(inc.id))
    assert state.team("t1").incidents[inc.id].notify_cost == 2
    with pytest.raises(InvalidCommand):
        apply(state, FIN, Notify(inc.id))


def test_regulator_clock_missed_without_notification() -> None:
    from tests.game.helpers import scripted_data
    from triops.game.scenario.loader import load_scenario

    data = scripted_data({"R4": [1]})
    next(i for i in data["incidents"] if i["id"] == "R4")["clock"] = 1
    state = to_quarter(started(load_scenario(data, "clock.toml")), 1)
    inc, _ = _incident(state)
    assert inc.clock_due == 1  # a clock of 1 runs out as the quarter it opens in resolves
    state = resolve(state)
    assert any(e["kind"] == "clock_missed" for e in report(state))
    held = state.team("t1")
    assert any(e.kind == "fine" for e in held.treasury)


# --- artefacts -----------------------------------------------------------------------------


def test_roadmap_is_free_in_setup_and_costs_ap_with_a_reason_after() -> None:
    state = started(scripted())
    entry = RoadmapEntry("I1", "crawl", 1, "finops", "cost_efficiency", 50)
    state = do(state, FIN, SetRoadmap((entry,)))
    state = to_quarter(state, 1)
    two = (entry, RoadmapEntry("I7", "crawl", 2, "mlops"))
    with pytest.raises(InvalidCommand, match="reason"):
        apply(state, FIN, SetRoadmap(two))
    state = do(state, FIN, SetRoadmap(two, "the partner feed made lineage urgent"))
    team = state.team("t1")
    assert team.seats["finops"].ap == 2 and len(team.roadmap_revisions) == 2
    three = (*two, RoadmapEntry("I5", "crawl", 2, "dataops"))
    state = do(state, DATA, SetRoadmap(three, "and observability"))  # same quarter: free
    assert state.team("t1").seats["dataops"].ap == 3


def test_a_kpi_without_a_target_is_refused_and_one_line_is_one_line() -> None:
    state = started(scripted())
    with pytest.raises(InvalidCommand, match="a KPI needs a target, the Cost Efficiency value"):
        apply(state, FIN, SetRoadmap((RoadmapEntry("I1", "crawl", 1, "finops",
                                                    "cost_efficiency", 0),)))
    state, events = apply(state, FIN, SetRoadmap((RoadmapEntry("I1", "crawl", 1, "finops",
                                                               "cost_efficiency", 60),)))
    assert any("(1 line)" in e.text for e in events), [e.text for e in events]


def test_the_quarter_report_says_how_much_carried_over_and_how_much_lapsed() -> None:
    state = in_quarter(1)
    team = state.team("t1")
    held = credits_held(team)
    state = resolve(state)  # nobody spent a credit
    event = next(e for e in report(state) if e["kind"] == "idle_money")
    data = event["data"]
    assert data["held"] == held and 0 < data["lapsed"] < held
    carried = held - data["lapsed"]
    assert credits_held(state.team("t1")) >= carried
    assert (f"{held} cr were left unspent this quarter: {carried} cr carried over into the "
            f"next quarter and the other {data['lapsed']} cr lapsed back to the organisation"
            ) in event["text"], event["text"]


def test_roadmap_lines_are_checked() -> None:
    state = started(scripted())
    with pytest.raises(UnknownTarget):
        apply(state, FIN, SetRoadmap((RoadmapEntry("I42", "crawl", 1, "finops"),)))
    with pytest.raises(InvalidCommand):
        apply(state, FIN, SetRoadmap((RoadmapEntry("I1", "sprint", 1, "finops"),)))
    with pytest.raises(InvalidCommand):
        apply(state, FIN, SetRoadmap((RoadmapEntry("I1", "crawl", 9, "finops"),)))


def test_charter_values_are_checked() -> None:
    state = started(scripted())
    with pytest.raises(InvalidCommand):
        apply(state, ML, SetCharter(replace(WORKABLE_CHARTER, members=("ceo",))))
    with pytest.raises(InvalidCommand):
        apply(state, ML, SetCharter(replace(WORKABLE_CHARTER, cadence="daily")))


def test_a_charter_cites_only_frameworks_its_organisation_answers_to() -> None:
    """A US bank's charter cannot cite the EU AI Act; a retailer's cannot cite a bank
    supervisor's guidance (the scenario's `frameworks`)."""
    from triops.scenarios import find_scenario

    bank = started(find_scenario("finance-novice"))
    with pytest.raises(InvalidCommand, match="not a framework this organisation answers to"):
        apply(bank, ML, SetCharter(replace(WORKABLE_CHARTER, frameworks=("eu_ai_act",))))
    do(bank, ML, SetCharter(replace(WORKABLE_CHARTER, frameworks=("sr_11_7", "bcbs_239"))))
    shop = started(scripted())
    with pytest.raises(InvalidCommand, match="choose from nist_ai_rmf_govern, iso_42001_a3, "
                       "eu_ai_act"):
        apply(shop, ML, SetCharter(replace(WORKABLE_CHARTER, frameworks=("sr_11_7",))))
    do(shop, ML, SetCharter(replace(WORKABLE_CHARTER, frameworks=("eu_ai_act",))))


def test_nothing_adopts_for_free() -> None:
    state = started(scripted())
    state = do(state, DATA, ProposeStandard("odcs", "dataops", "code", ""))
    state = do(state, FIN, ProposeStandard("tag-taxonomy", "finops", "policy", ""))
    state = do(state, ML, ProposeStandard("model-cards", "mlops", "training", ""))
    state = resolve(state)
    standards = state.team("t1").standards
    assert all(p.adopted is None for p in standards.values())
    texts = [e["text"] for e in report(state) if "stays a proposal" in e["text"]]
    assert any("I8" in t for t in texts) and any("I12" in t for t in texts)
    assert any("approve standards" in t for t in texts)


def test_standards_held_back_for_the_same_reasons_are_reported_once() -> None:
    """Three policies waiting for the committee make one sentence naming all three, not the
    same sentence three times."""
    state = started(scripted())
    for actor, role, ident in ((DATA, "dataops", "odcs"), (FIN, "finops", "tag-taxonomy"),
                               (ML, "mlops", "model-cards")):
        state = do(state, actor, ProposeStandard(ident, role, "policy", ""))
    state = resolve(state)
    texts = [e["text"] for e in report(state) if "stay" in e["text"] and "propos" in e["text"]]
    assert len(texts) == 1, texts
    names = [state.scenario.standards[i].name for i in ("model-cards", "odcs", "tag-taxonomy")]
    assert all(n in texts[0] for n in names) and "stay proposals:" in texts[0], texts[0]
    assert texts[0].count("a policy needs") == 1
    # in setup nobody holds money yet: an empty envelope is not reported as a reason
    assert state.quarter == 0 and "rollout" not in texts[0], texts[0]


def test_a_ticked_right_without_a_funded_committee_says_the_committee_must_be_funded() -> None:
    """The charter grants "approve standards", but I11 is not funded: say that, not just
    "needs the right"."""
    state = started(scripted())
    state = do(state, FIN, SetCharter(WORKABLE_CHARTER))
    state = do(state, FIN, ProposeStandard("tag-taxonomy", "finops", "policy", ""))
    state = resolve(state)
    text = next(e["text"] for e in report(state) if "stays a proposal" in e["text"])
    name = state.scenario.initiatives["I11"].name
    # in setup nothing can be funded: the plan, not a failing (a newcomer read "is not
    # funded" in the setup report as something they had got wrong)
    assert f"the governance initiative ({name}, I11) can be funded from Q1" in text, text
    assert "funded and in effect" in text and "is not funded" not in text
    assert "does not grant" not in text  # the charter does grant it
    state = to_quarter(state, 1)
    state = resolve(state)
    text = next(e["text"] for e in report(state) if "stays a proposal" in e["text"])
    assert f"the governance initiative ({name}, I11) is not funded" in text, text
    state = to_quarter(state, 2)
    state = fund(state, "I11")
    state = resolve(state)
    text = next(e["text"] for e in report(state) if "stays a proposal" in e["text"])
    assert "is funded but in effect only from Q" in text, text


def _with_committee():  # type: ignore[no-untyped-def]
    """Quarter 2, with a committee that holds the right to approve standards."""
    state = started(scripted())
    state = do(state, FIN, SetCharter(WORKABLE_CHARTER))
    state = to_quarter(state, 1)
    state = fund(state, "I11")
    return to_quarter(state, 2)


def test_a_policy_standard_is_adopted_through_the_committee_at_a_rollout_cost() -> None:
    from tests.game.helpers import retail
    from triops.game.rules.incident_flow import likelihood

    state = _with_committee()
    spec = retail().incidents["R2"]  # the scripted copy draws nothing at random
    base = likelihood(state.team("t1"), state.scenario, spec, 2)
    held = credits_held(state.team("t1"))
    state = do(state, DATA, ProposeStandard("odcs", "dataops", "policy", ""))
    state = resolve(state)
    team = state.team("t1")
    assert team.standards["odcs"].adopted == 2
    assert credits_held(team) < held  # the owner paid the rollout
    assert any(c.kind == "standard" and c.amount == -1 for c in team.treasury)
    assert likelihood(team, state.scenario, spec, 3) < base


def test_each_standard_in_place_makes_the_next_dearer_to_roll_out() -> None:
    """Standards compete for the same people's attention: proposing the whole catalogue at
    1 cr each was the best play, so the second costs 1 cr more, the third 2 more."""
    from triops.game.views import seat_view

    state = _with_committee()
    assert seat_view(state, "t1", "dataops")["team"]["standard_rollout"] == {
        "policy": 1, "training": 2, "code": 3}
    for actor, role, ident in ((DATA, "dataops", "odcs"), (FIN, "finops", "tag-taxonomy"),
                               (ML, "mlops", "model-cards")):
        state = do(state, actor, ProposeStandard(ident, role, "policy", "adopt it"))
    # the Ready summary's figures come from the same rule: what resolving now would adopt
    due = seat_view(state, "t1", "mlops")["team"]["standards_due"]
    state = resolve(state)
    team = state.team("t1")
    assert all(p.adopted == 2 for p in team.standards.values())
    assert sorted((d["standard"], d["cost"], d["owner"]) for d in due) == sorted(
        (c.what.split()[0], -c.amount, team.standards[c.what.split()[0]].owner)
        for c in team.treasury if c.kind == "standard")
    assert seat_view(state, "t1", "mlops")["team"]["standards_due"] == []
    # adopted in one go, in the catalogue's order: 1, 2 and 3 cr
    assert sorted(-c.amount for c in team.treasury if c.kind == "standard") == [1, 2, 3]
    assert seat_view(state, "t1", "dataops")["team"]["standard_rollout"] == {
        "policy": 4, "training": 5, "code": 6}


# --- facilitator and clock -----------------------------------------------------------------


def test_pause_freezes_the_clock_and_seats() -> None:
    clock = ClockSettings(setup_seconds=300, planning_seconds=600, review_seconds=120)
    state = new_game(scripted(), GameSettings(seed=1, team_names=("A",), clock=clock))
    state = do(state, FACILITATOR, StartGame(at=1000.0))
    assert state.deadline == 1300.0
    state = do(state, FACILITATOR, Pause(at=1100.0))
    assert state.paused and state.deadline is None and state.paused_remaining == 200.0
    with pytest.raises(Paused):
        apply(state, FIN, SetRoadmap((RoadmapEntry("I1", "crawl", 1, "finops"),)))
    with pytest.raises(RuleError) as err:
        apply(state, SERVER, Tick(at=5000.0))
    assert err.value.code == "nothing_due"
    state = do(state, FACILITATOR, Resume(at=2000.0))
    assert state.deadline == 2200.0
    state = do(state, FACILITATOR, Extend(seconds=60, at=2000.0))
    assert state.deadline == 2260.0
    state = do(state, SERVER, Tick(at=2260.0))
    assert state.phase == "review" and state.deadline == 2380.0


def test_end_phase_resolves_then_advances() -> None:
    state = in_quarter(1)
    state = do(state, FACILITATOR, EndPhase())
    assert state.phase == "review"
    state = do(state, FACILITATOR, EndPhase())
    assert (state.phase, state.quarter) == ("planning", 2)


def test_library_inject_reaches_only_its_target_team() -> None:
    state = to_quarter(started(scripted(), teams=("A", "B")), 1)
    before = {t.id: t.metrics["business_value"] for t in state.teams}
    state, events = apply(state, FACILITATOR, FireInject("board-roi", ("t2",)))
    assert state.team("t1").metrics["business_value"] == before["t1"]
    assert state.team("t2").metrics["business_value"] < before["t2"]
    assert all(e.team in ("", "t2") for e in events)


def test_an_injects_harm_says_what_would_have_spared_the_team() -> None:
    """A newcomer saw Model Reliability fall 10 points to the key-person inject with nothing
    saying what would have spared them (their upskilling was at crawl, below the bar)."""
    state = to_quarter(started(scripted()), 1)
    state, events = apply(state, FACILITATOR, FireInject("key-person", ("t1",)))
    said = [e.text for e in events if e.kind == "metric_change"]
    assert said and said[0].endswith(
        "A team with Team Capability at 50 or more in place is spared it."), said


def test_scheduled_inject_can_be_cancelled_or_postponed() -> None:
    state = started(scripted())
    from triops.game.model.state import ScheduledInject

    state = replace(state, schedule=(ScheduledInject("cfo-mandate", 2),
                                     ScheduledInject("gpu-shock", 2)))
    state = do(state, FACILITATOR, CancelInject("cfo-mandate"))
    state = do(state, FACILITATOR, PostponeInject("gpu-shock", 2))
    with pytest.raises(UnknownTarget):
        apply(state, FACILITATOR, CancelInject("cfo-mandate"))
    assert [(s.inject, s.quarter, s.status) for s in state.schedule] == [
        ("cfo-mandate", 2, "cancelled"), ("gpu-shock", 4, "pending")]
    state = to_quarter(state, 4)
    assert [s.status for s in state.schedule] == ["cancelled", "fired"]
    assert any(m.inject == "gpu-shock" for m in state.team("t1").modifiers)


def test_custom_inject_with_effects_from_the_list() -> None:
    state = in_quarter(1)
    held = credits_held(state.team("t1"))
    effects = (CustomEffect("budget", amount=6), CustomEffect("metric", metric="governance",
                                                              delta=-5),
               CustomEffect("incident", incident="R5"))
    state = do(state, FACILITATOR, CustomInject("Auditor visit", "An auditor drops in.", effects))
    team = state.team("t1")
    assert credits_held(team) == held + 6 and any(i.spec == "R5" for i in team.incidents.values())
    assert "custom-1" in state.custom_injects
    with pytest.raises(InvalidCommand):
        apply(state, FACILITATOR, CustomInject("x", "y", (CustomEffect("metric",
                                                                       metric="nope", delta=3),)))


def test_seat_a_bot_and_hand_the_seat_back() -> None:
    state = in_quarter(1)
    state = do(state, SERVER, JoinSeat("t1", "mlops", "Ada"))
    with pytest.raises(InvalidCommand):
        apply(state, FACILITATOR, ReleaseBot("t1", "mlops"))
    state = do(state, FACILITATOR, SeatBot("t1", "mlops", "competent"))
    assert state.team("t1").seats["mlops"].holder == "bot"
    with pytest.raises(NotAllowed):
        apply(state, SERVER, JoinSeat("t1", "mlops", "Ada"))
    state = do(state, seat("mlops"), SetReady(True))  # the bot finished the quarter's work
    state = do(state, seat("finops"), SetReady(True))  # so did the empty seat's bot
    state = do(state, FACILITATOR, ReleaseBot("t1", "mlops"))
    seat_ = state.team("t1").seats["mlops"]
    assert (seat_.holder, seat_.name) == ("human", "Ada")
    assert not seat_.ready  # Ada has not said she is ready
    # Her teammates' bots declared ready for a team with nobody in it: they look again.
    assert not state.team("t1").seats["finops"].ready


def test_broadcast_reaches_team_chat() -> None:
    state = to_quarter(started(scripted(), teams=("A", "B")), 1)
    state = do(state, FACILITATOR, Broadcast("Ten minutes left", "t2"))
    assert state.team("t2").chat[-1].text == "Ten minutes left"
    assert not state.team("t1").chat


def test_end_game_early_and_override_a_level() -> None:
    state = in_quarter(2)
    state = do(state, FACILITATOR, EndGame())
    assert state.phase == "ended"
    state = do(state, FACILITATOR, OverrideLevel("t1", "LO4", "developing", "good debate"))
    assert state.overrides[0].level == "developing"
    with pytest.raises(InvalidCommand):
        apply(state, FACILITATOR, OverrideLevel("t1", "LO9", "developing", ""))


def test_chat_is_bounded() -> None:
    state = in_quarter(1)
    with pytest.raises(InvalidCommand):
        apply(state, FIN, Chat("   "))
    with pytest.raises(InvalidCommand):
        apply(state, FIN, Chat("x" * 501))


def test_cost_efficiency_moves_the_quarterly_budget() -> None:
    state = in_quarter(1)
    low = replace(state.team("t1"), metrics={**state.team("t1").metrics, "cost_efficiency": 0})
    high = replace(low, metrics={**low.metrics, "cost_efficiency": 100})
    from triops.game.rules.flow import _income

    assert sum(_income(state, low).values()) < sum(_income(state, high).values())


def test_a_two_owner_initiatives_minimum_share_is_the_same_in_the_view_the_rule_and_legal() -> None:
    """I5 has two owners: the share a view asks for is the share the rule enforces."""
    from triops.game.rules.in_effect import next_level_cost
    from triops.game.rules.legal import legal_commands
    from triops.game.rules.seat_rules import min_share
    from triops.game.views import seat_view

    state = in_quarter(1)
    spec = state.scenario.initiatives["I5"]
    assert len(spec.owners) == 2
    cost = next_level_cost(state.team("t1"), state.scenario, "I5", 1)
    need = min_share(state.scenario, cost, 2)
    view = seat_view(state, "t1", "mlops")
    shown = next(i for i in view["team"]["initiatives"] if i["id"] == "I5")["next"]
    assert shown["min_share"] == need
    offered = [c for c in legal_commands(state, "t1", "mlops")
               if isinstance(c, Pledge) and c.initiative == "I5"]
    assert any(c.amount == need for c in offered)
    state = do(state, ML, Pledge("I5", need))
    state = do(state, DATA, Pledge("I5", cost - need))
    assert resolve(state).team("t1").initiatives["I5"].rank == 1


def test_the_seat_event_reads_right_for_a_solo_learner_seated_as_you() -> None:
    from tests.game.helpers import retail
    from triops.game.model.commands import SERVER, JoinSeat
    from triops.game.model.state import GameSettings
    from triops.game.rules.new_game import new_game

    state = new_game(retail(), GameSettings(seed=1, team_names=("A",)))
    _, events = apply(state, SERVER, JoinSeat("t1", "mlops", "You"))
    assert events[0].text == "You play MLOps."
    _, events = apply(state, SERVER, JoinSeat("t1", "mlops", "Ana"))
    assert events[0].text == "Ana plays MLOps."


def test_counts_read_right_in_one_and_many() -> None:
    from triops.game.model.vocab import counted

    assert counted(1, "line") == "1 line"
    assert counted(20, "line") == "20 lines"
    assert counted(0, "standard") == "0 standards"
    assert counted(1, "diagnosis proposed", "diagnoses proposed") == "1 diagnosis proposed"
    assert counted(2, "diagnosis proposed", "diagnoses proposed") == "2 diagnoses proposed"


def test_what_the_bots_did_reads_right_for_one() -> None:
    """"1 investigations, 1 diagnoses proposed" on a solo end screen."""
    from triops.game.scoring.objectives.people import contribution_words
    from triops.game.scoring.objectives.results import SeatContribution

    one = SeatContribution(role="mlops", holder="bot", name="", clues_shared=1,
                           investigations=1, diagnoses_proposed=1, responses_proposed=2,
                           notifications=1, artefact_edits=1, chat_messages=1)
    assert contribution_words(one) == [
        "1 roadmap, charter or standard edit", "1 clue shared", "1 investigation",
        "1 diagnosis proposed", "2 responses proposed", "1 notification", "1 chat message"]


def test_the_quarter_report_tells_what_an_inject_did() -> None:
    """Every change and its causes: an inject's metric change fired mid-quarter is in that
    quarter's report beside the resolution's, so the metric's fall is explained."""
    state = to_quarter(started(scripted(), teams=("A", "B")), 1)
    state, _ = apply(state, FACILITATOR, FireInject("board-roi", ("t2",)))
    state = do(state, FACILITATOR, EndPhase())  # resolve quarter 1
    report = state.team("t2").reports[1]
    kinds = [e["kind"] for e in report]
    assert "inject" in kinds
    fired = [e for e in report if e["kind"] == "metric_change"
             and e["data"]["metric"] == "business_value"]
    assert len(fired) >= 2, fired  # the inject's change, then the resolution's
    assert not any(e["kind"] == "inject" for e in state.team("t1").reports[1])


def test_an_incident_an_inject_opens_is_never_called_new_in_a_quarter_report() -> None:
    """The Q2 report listed the CV-screen complaint as "New incident: ..." beside its
    escalation; no other opening is in a report, and one fired in a review landed in the
    next quarter's report, after the incident had been open a quarter."""
    from triops.scenarios import find_scenario

    state = to_quarter(started(find_scenario("retail-experienced")), 2)
    assert any(i.spec == "X2" for i in state.team("t1").incidents.values())
    state = do(state, FACILITATOR, EndPhase())  # resolve quarter 2: X2 escalates
    texts = [e["text"] for e in state.team("t1").reports[2]]
    assert any(e["kind"] == "inject" for e in state.team("t1").reports[2])
    assert any(t.startswith("A Complaint About the CV Screen:") for t in texts), texts
    assert not any(t.startswith("New incident") for t in texts), texts
    assert not any(e["kind"] == "incident_opened" for e in state.team("t1").reports[2])


def test_a_half_report_waits_until_its_quarter_resolves() -> None:
    """An inject's events go into the report of the quarter being played, which a seat sees
    only once that quarter resolves: the last whole report stays the latest one shown."""
    from triops.game.views import seat_view

    state = to_quarter(started(scripted(), teams=("A", "B")), 1)
    state = do(state, FACILITATOR, EndPhase())  # resolve quarter 1
    state = do(state, FACILITATOR, EndPhase())  # on to quarter 2's planning
    state, _ = apply(state, FACILITATOR, FireInject("board-roi", ("t2",)))
    assert 2 in state.team("t2").reports
    assert max(int(q) for q in seat_view(state, "t2", "mlops")["team"]["reports"]) == 1


def test_an_incidents_harm_in_credits_is_told_apart_from_what_plans_cost() -> None:
    """A report line "The Short Lab Feed cost 1 cr this quarter" beside a plan that had
    reserved 5 cr read as the plan's price."""
    state = in_quarter(1, R1=[1])
    state = resolve(state)
    lines = [e["text"] for e in report(state) if e["kind"] == "loss"]
    assert lines, [e["kind"] for e in report(state)]
    assert all("cr of harm this quarter" in t and "on top of what any plan cost" in t
               for t in lines), lines


def test_harm_the_money_left_cannot_cover_comes_out_of_the_next_budget() -> None:
    """Spending every credit before the quarter resolved used to make an incident's harm in
    credits free (a newcomer's report said "only 0 cr was left to lose", and the spend-all
    exploit paid a fifth of its harm): what the money left cannot cover is owed, and taken
    from the next budget as it arrives."""
    state = in_quarter(1, R1=[1])
    team = state.team("t1")
    state = evolve(state, teams=(evolve(team, envelopes={r: 0 for r in team.envelopes}),))
    state = resolve(state)
    lines = [e for e in report(state) if e["kind"] == "loss"]
    assert lines and all(e["data"]["amount"] == 0 for e in lines), lines
    owed = sum(e["data"]["owed"] for e in lines)
    assert owed > 0 and state.team("t1").owed == owed
    assert all(f"No money was left: all {e['data']['owed']} cr comes out of next quarter's "
               "budget." in e["text"] for e in lines), lines
    assert state.phase == "review"
    state, events = apply(state, FACILITATOR, Advance())  # quarter 2 begins: the budget arrives
    assert state.team("t1").owed == 0
    paid = [e for e in events if e.kind == "loss"]
    assert [e.data["amount"] for e in paid] == [owed] and "came out of this budget" in paid[0].text
    taken = [c for c in state.team("t1").treasury if c.quarter == 2 and c.kind == "loss"]
    assert sum(c.amount for c in taken) == -owed


def test_in_the_last_quarter_harm_beyond_the_money_left_is_not_owed() -> None:
    """There is no next budget: the line says what it would have cost, and nothing is owed."""
    last = 6
    state = in_quarter(last, R1=[last])
    assert state.scenario.quarters == last
    team = state.team("t1")
    state = evolve(state, teams=(evolve(team, envelopes={r: 0 for r in team.envelopes}),))
    state = resolve(state)
    lines = [e for e in report(state) if e["kind"] == "loss"]
    assert lines and all("was left to lose" in e["text"] and e["data"]["owed"] == 0
                         for e in lines), lines
    assert state.team("t1").owed == 0


def test_a_regulator_deadline_says_what_meets_it_when_it_starts() -> None:
    """A clock met at the resolution of the quarter it started in read, beside "by the end of
    Q4", as a contradiction (and as met by notifying): its first line names what meets it."""
    from triops.scenarios import find_scenario

    state = to_quarter(started(find_scenario("finance-experienced")), 3)
    state = resolve(state)
    [line] = [e["text"] for e in report(state) if e["kind"] == "clock"]
    assert "by the end of Q4; it is met when a quarter resolves with" in line, line
    names = [state.scenario.initiatives[i].name for i in ("I7", "I6")]
    assert all(name in line for name in names), line
