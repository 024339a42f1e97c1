"""Bots play whole games through views and legal commands only, and talk like teammates."""

from __future__ import annotations

import copy
import json
import random
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from tests.game.helpers import do, retail, scripted, scripted_data, seat, started, to_quarter
from triops.game.bots.base import bot_random
from triops.game.bots.casebook import Casebook
from triops.game.bots.driver import MAX_ASSIST_STEPS, BotTable, bot_game, bot_step, policy_for
from triops.game.bots.strategies import STRATEGIES, UnknownStrategy, check_strategy, team_policies
from triops.game.bots.teammate import Style, TeammatePolicy
from triops.game.bots.teammate.legal import LegalCheck
from triops.game.model.commands import (
    FACILITATOR,
    SERVER,
    Actor,
    Advance,
    Chat,
    Command,
    Diagnose,
    ForceResolve,
    JoinSeat,
    Notify,
    Pledge,
    SetReady,
    SetRoadmap,
    ShareClue,
    StartGame,
)
from triops.game.model.errors import RuleError
from triops.game.model.state import GameSettings, GameState, RoadmapEntry
from triops.game.model.values import evolve
from triops.game.model.vocab import LEVELS, ROLES
from triops.game.record import start_record
from triops.game.rules import legal as legal_module
from triops.game.rules.legal import legal_commands
from triops.game.rules.new_game import new_game
from triops.game.rules.reducer import apply
from triops.game.scenario.loader import load_scenario
from triops.game.scenario.model import Scenario
from triops.game.views import bot_view, materialise, seat_view
from triops.scenarios import find_scenario


def _record_commands(table: BotTable) -> list[tuple[str, str]]:
    return [(str(a), repr(c)) for a, c in table.record.entries]


# --- playing through the seat's view only ------------------------------------------------


def test_a_bot_team_plays_a_full_game_through_nothing_but_views_and_legal_commands() -> None:
    """A hand-rolled driver: plain `seat_view` dicts and `legal_commands` lists, every bot
    command accepted by the rules, and the team does what a team should."""
    scenario = retail()
    state = new_game(scenario, GameSettings(seed=3, team_names=("Bots",)))
    state, _ = apply(state, FACILITATOR, StartGame())
    policies = team_policies("competent", scenario)
    refused = 0
    while state.phase != "ended":
        if state.phase == "review":
            state, _ = apply(state, FACILITATOR, Advance())
            continue
        for step in range(30):
            for role in ROLES:
                if state.phase != "planning" or state.team("t1").seats[role].ready:
                    continue
                view = seat_view(state, "t1", role)
                json.dumps(view)  # plain data: exactly what a client would receive
                legal = legal_commands(state, "t1", role)
                rand = bot_random(3, "t1", role, state.quarter, step)
                command = policies[role].next_command(view, legal, rand) or SetReady(True)
                try:
                    state, _ = apply(state, Actor.seat("t1", role), command)
                except RuleError:  # counted: the test fails below
                    refused += 1
                    state, _ = apply(state, Actor.seat("t1", role), SetReady(True))
        if state.phase == "planning":
            state, _ = apply(state, FACILITATOR, ForceResolve())
    assert refused == 0
    team = state.team("t1")
    kinds = {e.kind for e in team.ledger}
    assert {"roadmap", "charter", "standard_proposed", "initiative_funded", "share_clue",
            "diagnosis_proposed", "response_proposed"} <= kinds
    judged = [e for e in team.ledger if e.kind == "incident_outcome"]
    assert judged and all(e.detail["correct"] for e in judged)


def test_bot_views_are_the_seat_views_and_legal_lists_match_at_every_step() -> None:
    """The driver's lazy, shared-structure views and memoised legal lists change nothing."""
    table = bot_game(retail(), GameSettings(seed=8, team_names=("A", "B")),
                     {"t1": "expert", "t2": "novice"})
    checked = 0
    original = table.step

    def checked_step(team: str, role: str, n: int) -> Command | None:
        nonlocal checked
        state = table.state
        view = seat_view(state, team, role)
        assert materialise(bot_view(state, team, role)) == view
        memo = legal_commands(state, team, role)
        legal_module._MEMO.clear()
        assert legal_commands(state, team, role) == memo
        # Bots answer "may I share / pledge this?" from the view; it must agree with the list.
        ok = LegalCheck(memo, view)
        for incident in view["team"]["incidents"]:
            for clue in incident["clues"]:
                share = ShareClue(incident["id"], clue["id"])
                assert ok(share) == (share in memo)
        for init in view["team"]["initiatives"]:
            top = max((c.amount for c in memo if isinstance(c, Pledge)
                       and c.initiative == init["id"]), default=0)
            for amount in (1, 4, 9, 20):
                assert ok(Pledge(init["id"], amount)) == (amount <= top)
        checked += 1
        return original(team, role, n)

    table.step = checked_step  # type: ignore[method-assign]
    table.play_to_end()
    assert checked > 100


def test_bots_never_read_hidden_state() -> None:
    """From the same moment, bots play a planning phase identically whatever the truths no
    seat can see: when silent recurrences come back, the cause behind a dormant incident,
    and the odds and drift of the scenario's hidden numbers. Only the resolution differs."""
    scenario = retail()
    table = bot_game(scenario, GameSettings(seed=5, team_names=("A", "B")),
                     {"t1": "expert", "t2": "competent"})
    table.submit(FACILITATOR, StartGame())
    while not (table.state.phase == "planning" and table.state.quarter == 2):
        if table.state.phase == "planning":
            table.play_planning()
        else:
            table.submit(FACILITATOR, Advance())
    truth = table.state
    assert any(i.status == "open" for t in truth.teams for i in t.incidents.values())

    def other_cause(spec_id: str, cause: str) -> str:
        return next(c for c in scenario.incidents[spec_id].causes if c != cause)

    teams = tuple(evolve(t, incidents={k: evolve(
        i, recur_at=(i.recur_at or 0) + 3,
        cause=i.cause if i.open else other_cause(i.spec, i.cause))
        for k, i in t.incidents.items()}) for t in truth.teams)
    hidden = replace(truth.scenario, baseline={m: v + 9 for m, v in scenario.baseline.items()})
    twin = evolve(truth, scenario=hidden, teams=teams)

    def plan_from(state: GameState) -> tuple[list[tuple[str, str]], GameState]:
        mirror = BotTable(state, start_record(scenario, state.settings),
                          {k: v for k, v in table.policies.items()}, fresh=False)
        mirror.play_planning()
        return _record_commands(mirror), mirror.state

    commands, after = plan_from(truth)
    twin_commands, twin_after = plan_from(twin)
    assert commands and commands == twin_commands
    assert after.phase == twin_after.phase == "review"
    assert [t.metrics for t in after.teams] != [t.metrics for t in twin_after.teams]


def test_the_expert_drafts_the_organisations_playbook_whatever_the_seed() -> None:
    """The expert brings what has worked here (the scenario's reference roadmap), not
    anything it could learn from this game's draws."""
    def drafted(seed: int) -> tuple[RoadmapEntry, ...]:
        table = bot_game(retail(), GameSettings(seed=seed, team_names=("E",)), {"t1": "expert"})
        table.submit(FACILITATOR, StartGame())
        table.play_planning()
        return table.state.team("t1").roadmap

    first = drafted(3)
    assert first == drafted(4) == drafted(97)
    playbook = Casebook.of(retail()).playbook
    assert [(e.initiative, e.level, e.quarter) for e in first] == [
        (e.initiative, e.level, e.quarter) for e in playbook]


def test_the_expert_proposes_standards_that_fit_the_goals_the_competent_its_usual_ones(
) -> None:
    """Each standard in place makes the next dearer, so which few a team adopts matters. The
    expert weighs each standard's pull on the metrics the goals need (one standard per goal
    first) and the incidents it makes rarer; in retail-novice (goals on data trust, model
    reliability and cost) it leaves model cards (governance, no goal, few incidents) aside,
    which the competent team proposes by habit."""
    scenario = find_scenario("retail-novice")
    goal_metrics = {g.metric for g in scenario.goals if g.kind == "metric"}

    def proposed(level: str) -> set[str]:
        table = bot_game(scenario, GameSettings(seed=5, team_names=("T",)), {"t1": level})
        table.submit(FACILITATOR, StartGame())
        table.play_planning()
        return set(table.state.team("t1").standards)

    expert, competent = proposed("expert"), proposed("competent")
    assert competent == {"tag-taxonomy", "odcs", "model-cards"}
    assert len(expert) == 3 and "model-cards" not in expert, expert
    # one standard per goal first: no two of them pull the same goal metric, and together
    # they pull at least two of the goals' metrics
    pulled = [set(scenario.standards[s].effects) & goal_metrics for s in expert]
    assert all(not (a & b) for n, a in enumerate(pulled) for b in pulled[n + 1:]), expert
    assert len(set().union(*pulled)) >= 2, expert


def test_the_expert_brings_the_playbooks_standards_where_the_organisation_has_them() -> None:
    """A scenario's `reference_standards` are the playbook's: each expert seat proposes the
    one given for it, and a seat given none proposes none (its own reckoning is for
    organisations with no playbook standards)."""
    scenario = replace(find_scenario("healthcare-novice"),
                       reference_standards={"dataops": "odcs", "finops": "blameless-review"})
    table = bot_game(scenario, GameSettings(seed=5, team_names=("T",)), {"t1": "expert"})
    table.submit(FACILITATOR, StartGame())
    table.play_planning()
    proposals = table.state.team("t1").standards
    assert {s: p.by for s, p in proposals.items()} == {"odcs": "dataops",
                                                       "blameless-review": "finops"}


@pytest.mark.parametrize("scenario", ["retail-novice", "retail-experienced"])
def test_the_expert_keeps_the_playbooks_quarters_when_money_piles_up(scenario: str) -> None:
    """The playbook's quarters were tuned by play: the expert buys no line before its quarter
    (it used to pull lines forward when money piled up, which added their upkeep early and
    lost games; on these seeds it bought up to three levels a game early)."""
    sc = find_scenario(scenario)
    early: list[tuple[str, str, int, int]] = []
    for seed in (1, 2, 3):
        table = bot_game(sc, GameSettings(seed=seed, team_names=("T",)), {"t1": "expert"})
        team = table.play_to_end().team("t1")
        for ident, init in team.initiatives.items():
            for k, quarter in enumerate(init.bought):
                # Levels go up one a quarter, so a line two levels up makes the level below
                # it due a quarter before the line (reading.due_lines).
                due = min((e.quarter - (LEVELS.index(e.level) - k) for e in team.roadmap
                           if e.initiative == ident and LEVELS.index(e.level) >= k),
                          default=None)
                if due is not None and quarter < due:
                    early.append((ident, LEVELS[k], due, quarter))
    assert early == []


# --- reasoning from clues ----------------------------------------------------------------


def _pooled_view(seed: int) -> tuple[GameState, dict[str, Any], str]:
    """FinOps's view in Q2 with every seat's symptom of R1 shared, teammates done."""
    state = to_quarter(started(scripted(R1=[2]), seed=seed), 2)
    inc = next(i for i in state.team("t1").incidents.values() if i.spec == "R1")
    spec = state.scenario.incidents["R1"]
    for role in ROLES:
        clue = next(c for c in spec.clues if c.role == role and c.when == "start")
        state = do(state, seat(role), ShareClue(inc.id, clue.id))
    view = copy.deepcopy(seat_view(state, "t1", "finops"))
    for r, s in view["team"]["seats"].items():
        s["ready"] = r != "finops"  # teammates are done: nobody is left to wait for
    view["team"]["seats"]["finops"]["ap"] = 0  # and there is nothing more to look into
    return state, view, inc.cause


def _diagnosis(state: GameState, view: dict[str, Any], level: str = "competent") -> Command | None:
    policy = TeammatePolicy(style=Style(level=level, talk=False),
                            casebook=Casebook.of(state.scenario))
    return policy.next_command(view, legal_commands(state, "t1", "finops"), random.Random(1))


def _without(view: dict[str, Any], *roles: str) -> dict[str, Any]:
    sabotaged = copy.deepcopy(view)
    for incident in sabotaged["team"]["incidents"]:
        if incident["spec"] == "R1":
            incident["clues"] = [c for c in incident["clues"] if c["role"] not in roles]
    return sabotaged


def test_pooled_clues_name_the_cause_and_removing_them_changes_the_call() -> None:
    changed = 0
    for seed in range(1, 9):
        state, view, cause = _pooled_view(seed)
        inc = next(i for i in view["team"]["incidents"] if i["spec"] == "R1")
        assert _diagnosis(state, view) == Diagnose(inc["id"], cause)
        # With only one seat's symptom on the table the call is a guess between causes: it
        # is right only where that seat's words happen to single the cause out.
        alone = _diagnosis(state, _without(view, "dataops", "mlops"))
        if alone != Diagnose(inc["id"], cause):
            changed += 1
    assert changed >= 3


def test_a_competent_bot_waits_for_a_second_role_a_novice_does_not() -> None:
    state = to_quarter(started(scripted(R1=[2]), seed=1), 2)
    inc = next(i for i in state.team("t1").incidents.values() if i.spec == "R1")
    view = copy.deepcopy(seat_view(state, "t1", "finops"))  # only its own symptom
    for r, s in view["team"]["seats"].items():
        s["ready"] = r != "finops"
    legal = legal_commands(state, "t1", "finops")
    book = Casebook.of(state.scenario)
    competent = TeammatePolicy(style=Style(level="competent", talk=False), casebook=book)
    command = competent.next_command(view, legal, random.Random(1))
    assert not isinstance(command, Diagnose)  # it shares or investigates first
    novice = TeammatePolicy(style=Style(level="novice", talk=False), casebook=book)
    choices = [novice.next_command(view, legal, random.Random(n)) for n in range(60)]
    assert any(isinstance(c, Diagnose) and c.incident == inc.id for c in choices)


# --- determinism ---------------------------------------------------------------------------


def test_bot_games_are_fixed_by_the_seed() -> None:
    def play(seed: int) -> BotTable:
        table = bot_game(retail(), GameSettings(seed=seed, team_names=("A", "B", "C")),
                         {"t1": "expert", "t2": "novice", "t3": "random"})
        table.play_to_end()
        return table

    first, again, other = play(11), play(11), play(12)
    assert first.record == again.record and first.state == again.state
    assert first.record != other.record
    assert first.refused == other.refused == []  # every bot command was a legal one


# --- talking -------------------------------------------------------------------------------


def test_bot_teammates_post_clues_hypotheses_and_funding_plans_in_plain_words() -> None:
    table = bot_game(retail(), GameSettings(seed=2, team_names=("A",)), {"t1": "expert"})
    state = table.play_to_end()
    chat = state.team("t1").chat
    talk = [m for m in chat if m.kind == "chat"]
    assert {m.sender for m in talk} == set(ROLES)
    assert any(m.kind == "clue" for m in chat)
    titles = {retail().incidents[i.spec].title for i in state.team("t1").incidents.values()}
    assert any("cause" in m.text and any(t in m.text for t in titles) for m in talk)
    assert any(re.match(r"(Funding for|My (share of the )?Q\d|For Q\d|Q\d funding)", m.text)
               for m in talk)
    assert any("roadmap" in m.text.lower() for m in talk if m.quarter == 0)
    assert len({m.text for m in talk}) == len(talk)  # nobody repeats themselves
    assert all("{" not in m.text and "None" not in m.text for m in talk)


def _human_table(seed: int = 5) -> tuple[BotTable, Actor]:
    """A team whose FinOps seat is a person; the two other seats are competent bots. The
    only incident is R1, opening in Q2."""
    scenario = scripted(R1=[2])
    settings = GameSettings(seed=seed, team_names=("Mixed",))
    policies = team_policies("competent", scenario)
    table = BotTable(new_game(scenario, settings), start_record(scenario, settings),
                     {("t1", r): p for r, p in policies.items() if r != "finops"})
    table.submit(SERVER, JoinSeat("t1", "finops", "Ana"))
    table.submit(FACILITATOR, StartGame())
    table.play_planning()
    table.submit(FACILITATOR, ForceResolve())
    table.submit(FACILITATOR, Advance())
    return table, Actor.seat("t1", "finops")


def test_a_bot_sends_credits_a_person_asks_for_and_says_so() -> None:
    table, person = _human_table()
    before = table.state.team("t1").envelopes["finops"]
    table.submit(person, Chat("MLOps, could you transfer 3 cr to me?"))
    table.play_planning()
    team = table.state.team("t1")
    transfers = [e for e in team.ledger if e.kind == "transfer" and e.by == "mlops"]
    assert [e.detail["amount"] for e in transfers] == [3]
    assert team.envelopes["finops"] >= before + 3 - sum(
        e.detail["amount"] for e in team.ledger if e.kind == "pledge" and e.by == "finops")
    replies = [m.text for m in team.chat if m.sender == "mlops" and "FinOps" in m.text]
    assert any("sending you 3 cr" in r for r in replies)


def test_a_bot_that_cannot_spare_credits_says_why() -> None:
    table, person = _human_table()
    table.submit(person, Chat("DataOps, could you transfer 15 cr to me?"))
    table.play_planning()
    replies = [m.text for m in table.state.team("t1").chat
               if m.sender == "dataops" and "FinOps" in m.text]
    assert any("can't spare 15 cr" in r for r in replies)


def test_bots_question_a_persons_wrong_diagnosis_but_never_overwrite_it() -> None:
    table, person = _human_table()
    table.play_planning()
    table.submit(FACILITATOR, ForceResolve())
    table.submit(FACILITATOR, Advance())  # Q2: the drift incident opens
    inc = next(i for i in table.state.team("t1").incidents.values() if i.spec == "R1")
    title = table.state.scenario.incidents["R1"].title
    wrong = next(c for c in table.state.scenario.incidents["R1"].causes if c != inc.cause)
    table.submit(person, Diagnose(inc.id, wrong))
    table.play_planning()
    team = table.state.team("t1")
    assert team.incidents[inc.id].diagnosis == wrong
    doubts = [m for m in team.chat if m.sender != "finops" and title in m.text
              and "FinOps" in m.text and "needs your" not in m.text]
    assert len(doubts) == 1
    # The bots propose a fix; it needs the person's share, so they ask rather than commit it.
    asks = [m for m in team.chat if m.sender != "finops" and title in m.text
            and "needs your AP or credits, FinOps" in m.text]
    assert team.incidents[inc.id].response is not None or asks


def test_bots_adopt_a_persons_proposal_in_chat_when_the_clues_agree() -> None:
    table, person = _human_table()
    table.play_planning()
    table.submit(FACILITATOR, ForceResolve())
    table.submit(FACILITATOR, Advance())
    inc = next(i for i in table.state.team("t1").incidents.values() if i.spec == "R1")
    spec = table.state.scenario.incidents["R1"]
    table.submit(person, Chat(f"{spec.title} looks like {inc.cause} to me."))
    table.play_planning()
    team = table.state.team("t1")
    assert team.incidents[inc.id].diagnosis == inc.cause
    assert team.incidents[inc.id].diagnosis_by != "finops"


# --- strategies ----------------------------------------------------------------------------


def _funded(state: GameState, team: str) -> list[tuple[str, list[str]]]:
    return [(e.detail["initiative"], e.detail["contributors"])
            for e in state.team(team).ledger if e.kind == "initiative_funded"]


def test_strategy_bots_play_to_type() -> None:
    table = bot_game(retail(), GameSettings(seed=4, team_names=("S", "C", "A", "R")),
                     {"t1": "silo", "t2": "cost-cutter", "t3": "all-in:I6", "t4": "reference"})
    state = table.play_to_end()
    scenario = retail()
    for ident, contributors in _funded(state, "t1"):
        assert contributors == [scenario.initiatives[ident].discipline]
    assert not any(e.kind == "share_clue" for e in state.team("t1").ledger)
    assert _funded(state, "t2") == []
    assert {i for i, _ in _funded(state, "t3")} == {"I6"}
    reference = [(e.initiative, e.level) for e in scenario.reference_roadmap]
    assert [(e.initiative, e.level) for e in state.team("t4").roadmap] == reference


def test_every_strategy_name_is_known_and_others_are_refused() -> None:
    assert {"reference", "silo", "cost-cutter", "all-in", "random", "novice", "competent",
            "expert"} <= set(STRATEGIES)
    for name in (*STRATEGIES, "all-in:I3"):
        check_strategy(name, retail())
    for bad in ("genius", "all-in:I99", "silo:I3"):
        with pytest.raises(UnknownStrategy):
            check_strategy(bad, retail())


def test_the_servers_per_step_bots_work_from_a_level_alone() -> None:
    """`policy_for(level)` with no scenario, as the server's bot loop may build them: every
    level acts on a quarter with open incidents, and the rules accept each step it takes."""
    state = to_quarter(started(retail(), seed=1), 2)
    assert any(i.open for i in state.team("t1").incidents.values())  # there is work to do
    for level in ("novice", "competent", "expert", "random"):
        policy = policy_for(level)
        now, acted = state, 0
        for step in range(30):  # as the server steps a seat: until it has nothing more to do
            command = policy.next_command(seat_view(now, "t1", "mlops"),
                                          legal_commands(now, "t1", "mlops"), random.Random(step))
            if command is None:
                break
            now = do(now, seat("mlops"), command)  # accepted by the rules, or this raises
            acted += 1
        assert acted, f"the {level} bot did nothing on a quarter with open incidents"
        assert now.version == state.version + acted


# --- assisting a person (mode "assist"), driven as the server drives it --------------------


def _assist_table(seed: int = 5, roadmap: tuple[RoadmapEntry, ...] = (), role: str = "finops",
                  level: str = "competent", scenario: Scenario | None = None,
                  **schedule: list[int]) -> tuple[BotTable, Actor]:
    """A team whose FinOps seat (or `role`) is a person and whose other seats are competent
    bots in assist mode; setup drafted at the person's request (the roadmap theirs, if
    given), the game at Q1's planning."""
    scenario = scenario or scripted(**schedule)
    settings = GameSettings(seed=seed, team_names=("Mixed",))
    book = Casebook.of(scenario)
    policies = {("t1", r): TeammatePolicy(level, casebook=book, assist=True)
                for r in ROLES if r != role}
    table = BotTable(new_game(scenario, settings), start_record(scenario, settings), policies)
    person = Actor.seat("t1", role)
    table.submit(SERVER, JoinSeat("t1", role, "Ana"))
    table.submit(FACILITATOR, StartGame())
    if roadmap:  # the person's own roadmap: the bots draft the rest
        table.submit(person, SetRoadmap(roadmap, ""))
        table.submit(person, Chat("Go ahead and draft the charter and the standards."))
    else:
        table.submit(person, Chat("Go ahead and draft everything."))
    _bots_until_idle(table)
    table.submit(person, SetReady(True))
    table.play_planning()
    table.submit(FACILITATOR, Advance())
    return table, person


def _bots_until_idle(table: BotTable) -> None:
    """Step the bot seats, as the server does while a person still plays, until none has
    anything more to say or do (an idle assisting bot stays unready)."""
    steps: dict[str, int] = {}
    acted = True
    while acted and table.state.phase == "planning":
        acted = False
        for role in [r for t, r in table.policies if t == "t1"]:
            if table.state.team("t1").seats[role].ready:
                continue
            n = steps.get(role, 0)
            cmd = bot_step(table.policies[("t1", role)], table.state, "t1", role, n,
                           MAX_ASSIST_STEPS)
            if cmd is not None:
                steps[role] = n + 1
                table.submit(Actor.seat("t1", role), cmd)
                acted = True


def _person_moves_on(table: BotTable, person: Actor) -> None:
    """One step of a game a person plays by marking ready: in planning they mark ready and
    the bots finish (the facilitator resolves what is left); in review the facilitator
    moves on to the next quarter."""
    if table.state.phase == "planning":
        table.submit(person, SetReady(True))
        table.play_planning()
    if table.state.phase == "planning":
        table.submit(FACILITATOR, ForceResolve())
    elif table.state.phase != "ended":
        table.submit(FACILITATOR, Advance())


def test_assisting_bots_leave_room_for_every_owners_minimum_and_the_line_is_bought() -> None:
    """Asked to co-fund a line that three seats own, a bot pledges only what leaves room for
    the other bot owner's minimum share, that owner puts its minimum in, and the line is
    bought (a bot that filled the rest left an owner short and the purchase bounced)."""
    # The person's roadmap has one line, so DataOps has credits to spare.
    table, person = _assist_table(roadmap=(RoadmapEntry("I11", "crawl", 1, "dataops"),))
    committee = table.state.scenario.initiatives["I11"]
    assert len(committee.owners) == 3 and table.state.team("t1").charter is not None
    table.submit(person, Pledge("I11", 1))  # the person's own minimum share
    table.submit(person, Chat("DataOps, could you co-fund the governance committee?"))
    _bots_until_idle(table)
    reply = next(m.text for m in table.state.team("t1").chat
                 if m.sender == "dataops" and m.text.startswith("FinOps, re"))
    print(reply)  # shown with pytest -s
    assert "That covers it" not in reply or "minimum" in reply
    table.submit(person, SetReady(True))
    table.play_planning()
    funded = [e for e in table.state.team("t1").ledger
              if e.kind == "initiative_funded" and e.detail["initiative"] == "I11"]
    assert funded and funded[0].quarter == 1, [
        m.text for m in table.state.team("t1").chat if m.quarter == 1]
    assert set(funded[0].detail["contributors"]) == set(committee.owners)


def test_assisting_bots_never_agree_with_a_cause_their_own_clues_do_not_favour() -> None:
    """Whatever cause the person drafts at once, a bot agrees only if its own clues favour
    that cause over the others; else it pushes back or says its clues don't settle it (on
    this seed DataOps' clue fits several causes, and it used to agree with every one)."""
    book = Casebook.of(scripted(X2=[1]))
    table, _ = _assist_table(seed=3, role="mlops", X2=[1])
    causes = [d.id for d in table.state.scenario.incidents["X2"].diagnoses]
    said_agree = 0
    for cause in causes:
        table, person = _assist_table(seed=3, role="mlops", X2=[1])
        inc = next(i for i in table.state.team("t1").incidents.values() if i.spec == "X2")
        table.submit(person, Diagnose(inc.id, cause))
        _bots_until_idle(table)
        for m in table.state.team("t1").chat:
            if m.sender == "mlops" or m.quarter != 1:
                continue
            view = seat_view(table.state, "t1", m.sender)
            incident = next(i for i in view["team"]["incidents"] if i["spec"] == "X2")
            own = book.posterior(incident, [m.sender])
            favoured = own[cause] > max(p for d, p in own.items() if d != cause)
            if re.search(r"Agree with|\+1 to|point the same way|I agree|Agree(d)? on", m.text):
                said_agree += 1
                assert favoured, (cause, m.sender, m.text)
            if "doesn't settle it" in m.text:
                print(m.text)  # shown with pytest -s
    assert said_agree <= 1  # at most the cause the clues do favour


def test_assisting_bots_keep_the_action_points_a_plan_needs_from_them() -> None:
    """Beside a person, bots share and investigate only with AP their part of a plan does
    not need: the plans the person would commit need the bots' AP too. With three incidents
    open, every fitting plan here asks 1 or 2 AP of a bot seat: a competent bot keeps at
    least 2 of its 3 AP (it used to spend down to 1), and a novice, whose plans are
    cheaper, at least 1 (it used to spend down to 0, and no plan could be staffed)."""
    least = {"novice": 1, "competent": 2}
    for level in ("novice", "competent"):  # novice: the default for a console's empty seats
        for seed in range(1, 9):
            table, _ = _assist_table(seed=seed, level=level, R1=[1], X2=[1], R3=[1])
            _bots_until_idle(table)
            team = table.state.team("t1")
            assert len(team.incidents) == 3
            kept = {r: team.seats[r].ap for r in ("dataops", "mlops")}
            assert min(kept.values()) >= least[level], (level, seed, kept)


def test_a_bot_asked_to_check_the_roadmap_names_its_gaps() -> None:
    """"Can you check my roadmap?" got "I'm not sure what you're asking". A bot reads the
    roadmap as a person would on the tabs: a goal no line raises, a level that would take
    effect after the last quarter, a quarter asking more than the budget."""
    from triops.game.bots.roadmap_check import roadmap_gaps

    roadmap = (RoadmapEntry("I5", "crawl", 1, "dataops"),
               RoadmapEntry("I12", "crawl", 6, "dataops"))
    table, person = _assist_table(seed=1, roadmap=roadmap)
    table.submit(person, Chat("Can you check my roadmap?"))
    _bots_until_idle(table)
    answers = [m.text for m in table.state.team("t1").chat
               if m.sender != "finops" and "I read the roadmap" in m.text]
    assert len(answers) == 1, answers  # one bot answers, once
    answer = answers[0]
    assert "no line raises Cost Efficiency" in answer, answer  # I5 raises the other two
    assert "upskilling (crawl, Q6) would take effect after the last quarter" in answer, answer
    # a roadmap with no gaps is said to have none
    view = seat_view(table.state, "t1", "dataops")
    full = {**view, "team": {**view["team"], "roadmap": [
        {"initiative": i["id"], "level": "crawl", "quarter": 1}
        for i in view["team"]["initiatives"]]}}
    assert any("more than the" in gap for gap in roadmap_gaps(full))  # every crawl in Q1


def test_a_bot_that_cannot_co_fund_says_so_without_contradicting_itself() -> None:
    """"I hold 2 cr ... and I keep 3 cr back for incidents" read as a contradiction, and
    "co-fund CI/CD" was not understood. What it keeps is what it holds, at most, and an
    acronym chain names its initiative."""
    table, person = _assist_table(seed=1)
    _bots_until_idle(table)
    held = table.state.team("t1").envelopes["dataops"]
    for name in ("the lineage catalog", "CI/CD"):
        table.submit(person, Chat(f"DataOps, could you co-fund {name}?"))
        _bots_until_idle(table)
    replies = [m.text for m in table.state.team("t1").chat
               if m.sender == "dataops" and "could you co-fund" in m.text]
    assert len(replies) == 2, replies
    for reply in replies:
        assert "not sure what you're asking" not in reply, reply
        kept = re.search(r"keep (\d+) cr back", reply)
        assert kept is None or int(kept.group(1)) <= held, (held, reply)
    assert "CI/CD" in replies[1], replies[1]


def test_a_bot_funding_a_line_ahead_of_the_roadmap_says_so() -> None:
    """A newcomer's roadmap put upskilling in Q4; with money piling up the bots funded it in
    Q1 and said "as planned". A pledge ahead of the roadmap's quarter is now said to be."""
    roadmap = (RoadmapEntry("I5", "crawl", 1, "dataops"),
               RoadmapEntry("I12", "crawl", 4, "dataops"))
    table, _ = _assist_table(seed=1, roadmap=roadmap)
    _bots_until_idle(table)
    said = [m.text for m in table.state.team("t1").chat if "My pledges for Q1" in m.text]
    assert said
    for text in said:
        if "upskilling" in text:
            assert "upskilling ahead of the roadmap's quarter" in text, text
            assert "as planned" not in text, text
        else:
            assert text.endswith("as planned."), text


def test_assisting_bots_do_not_pay_to_dig_up_what_the_person_holds() -> None:
    """A person's role's clues are theirs to post or dig: a bot that paid 3 AP for one beside
    a newcomer posted what the newcomer already held, and left the newcomer's plan short of
    that bot's AP. Only the joint review's free dig may reach a person's role."""
    for seed in range(1, 11):
        # The warehouse line alone, the person at DataOps: MLOps paid all 3 of its AP for
        # the person's own opening clue on most of these seeds.
        table, person = _assist_table(seed=seed, role="dataops", R3=[1])
        assert not _paid_digs_of(table, person), seed


def _paid_digs_of(table: BotTable, person: Actor) -> list[str]:
    """Run the bots until idle; the investigations they paid AP for that dug up a clue of
    the person's role."""
    from triops.game.model.commands import Investigate

    paid: list[str] = []
    submit = table.submit

    def watch(actor: Actor, command: Command) -> list[Any]:
        if not isinstance(command, Investigate) or actor == person:
            return submit(actor, command)
        before = table.state.team("t1").seats[actor.role or ""].ap
        events = submit(actor, command)
        team = table.state.team("t1")
        clue = table.state.scenario.incidents[team.incidents[command.incident].spec].clue(
            command.clue)
        if clue is not None and clue.role == person.role and \
                team.seats[actor.role or ""].ap < before:
            paid.append(f"{actor.role} {command.incident} {command.clue}")
        return events

    table.submit = watch  # type: ignore[method-assign]
    _bots_until_idle(table)
    return paid


def test_a_bot_asked_for_its_clue_quotes_it_whole() -> None:
    """The sentence that settles a cause is often a clue's second: asked for its clue, a bot
    quotes every sentence of it (it used to be cut to the first when the reply ran long)."""
    for seed in (1, 2, 3):
        table, person = _assist_table(seed=seed, R1=[1], X2=[1])
        table.submit(person, Chat("DataOps, what does your clue say?"))
        _bots_until_idle(table)
        team = table.state.team("t1")
        reply = next(m.text for m in team.chat if m.sender == "dataops"
                     and m.text.startswith("FinOps, re") and "clue" in m.text)
        view = seat_view(table.state, "t1", "dataops")
        mine = [c["text"] for i in view["team"]["incidents"] if i["title"] in reply
                for c in i["clues"] if c["role"] == "dataops"]
        assert mine, reply
        assert mine[0].rstrip(".") in reply, (seed, reply)


def test_a_bot_asked_for_its_clue_posts_it_so_the_call_counts_as_pooled() -> None:
    """A clue only quoted in chat is not pooled: the review judged a newcomer's diagnosis a
    guess although it rested on what a bot had quoted. Asked, the bot posts it too."""
    for seed in (1, 2, 3, 4, 5, 6):
        # Three incidents: DataOps's free post goes to the worst, then AP decide.
        # Asked about two: the second post costs an AP the bot would keep for the plans.
        table, person = _assist_table(seed=seed, R1=[1], R2=[1], R3=[1])
        for question in ("DataOps, what does your clue on Availability Misses Pile Up say?",
                         "And what do you see on The Unallocated Warehouse Line, DataOps?"):
            table.submit(person, Chat(question))
            _bots_until_idle(table)
        view = seat_view(table.state, "t1", "finops")
        for shown in view["team"]["incidents"]:
            if shown["spec"] in ("R1", "R3"):
                assert any(c["role"] == "dataops" and c["shared"] for c in shown["clues"]), (
                    seed, shown["title"])


def test_a_bot_never_plans_on_a_cause_a_review_has_ruled_out() -> None:
    """A person may draft again a cause the review already judged wrong (the incident came
    back): a bot's plan then follows what the clues and the verdict say, not the draft."""
    from triops.game.bots.teammate.turn import Turn

    table, _ = _assist_table(seed=3, role="mlops", X2=[1])
    view = copy.deepcopy(seat_view(table.state, "t1", "dataops"))
    incident = next(i for i in view["team"]["incidents"] if i["spec"] == "X2")
    wrong = incident["diagnoses"][0]["id"]
    incident["diagnosis"] = wrong
    incident["diagnoses"][0]["correct"] = False
    book = Casebook.of(table.state.scenario)
    turn = Turn(view, None, random.Random(1), Style(level="competent"),  # type: ignore[arg-type]
                 book, assisting=True)
    believed = turn._believed(incident)
    assert believed[wrong] == 0.0
    assert sum(believed.values()) == pytest.approx(1.0)
    incident["diagnosis_by"] = "mlops"  # the person's draft
    said_ = turn._review_drafts()
    assert isinstance(said_, Chat) and "ruled out" in said_.text, said_
    print(said_.text)


def test_bots_ask_a_person_for_their_missing_shares_once_not_once_a_line() -> None:
    """Several co-owned lines that wait only on the person's minimum share: one message
    names them all (it used to be one "pledge your 1 cr" message a line)."""
    roadmap = tuple(RoadmapEntry(i, "crawl", 1, "dataops") for i in ("I1", "I11", "I12"))
    table, _ = _assist_table(seed=5, roadmap=roadmap, role="finops")
    _bots_until_idle(table)
    asks = [m.text for m in table.state.team("t1").chat
            if m.quarter == 1 and "minimum share as co-owner" in m.text]
    assert len(asks) == 1, asks
    assert asks[0].count("(crawl) 1 cr") == 3, asks
    # ... and no teammate bot asks the same again in other words ("your share")
    again = [m.text for m in table.state.team("t1").chat
             if m.quarter == 1 and "your share" in m.text]
    assert again == [], again
    print(asks[0])


def test_a_bot_never_posts_the_same_message_twice_in_a_quarter() -> None:
    from triops.game.bots.teammate.turn import Turn

    table, _ = _assist_table(seed=3, role="mlops", X2=[1])
    table.submit(Actor.seat("t1", "dataops"), Chat("Waste: my clue says the feed is stale."))
    view = seat_view(table.state, "t1", "dataops")
    turn = Turn(view, None, random.Random(1), Style(level="competent"),  # type: ignore[arg-type]
                 Casebook.of(table.state.scenario), assisting=True)
    assert turn.say("Waste: my clue says the feed is stale.") is None
    assert turn.say("Something new.") == Chat("Something new.")


def test_assisting_bots_never_spend_the_persons_share_of_a_pooled_budget() -> None:
    """Once the committee pools the budget, bots pledge at most the bots' seats' share of
    the pool: the person's third stays theirs to spend."""
    checked = 0
    for seed in range(1, 5):
        table, person = _assist_table(seed=seed, role="finops")
        while table.state.phase != "ended" and checked < 8:
            team = table.state.team("t1")
            if table.state.phase == "planning" and team.pool is not None:
                before = team.pool
                _bots_until_idle(table)
                pledged = sum(e.detail["amount"] for e in table.state.team("t1").ledger
                              if e.kind == "pledge" and e.quarter == table.state.quarter
                              and e.by != "finops")
                assert pledged <= before - before // 3, (seed, table.state.quarter, pledged,
                                                         before)
                checked += 1
            if table.state.phase == "planning":
                committee = next(i for i in seat_view(table.state, "t1", "finops")["team"][
                    "initiatives"] if i["id"] == "I11")
                if committee["level"] == "none" and committee["next"]:
                    # The person pays their share of the committee, which pools the budget.
                    table.submit(person, Pledge("I11", committee["next"]["min_share"]))
            _person_moves_on(table, person)
    assert checked >= 4  # the pool was in force in enough quarters to mean something


def test_bots_never_fund_a_level_that_would_land_after_the_game() -> None:
    """A person's roadmap may put a line in the last quarter that takes effect a quarter
    later: the bots leave it (a workshop's bots pledged 15 cr to two such levels)."""
    roadmap = (RoadmapEntry("I12", "crawl", 6, "dataops"), RoadmapEntry("I4", "crawl", 6,
                                                                          "dataops"))
    table, person = _assist_table(seed=2, roadmap=roadmap, role="finops")
    while not (table.state.phase == "planning" and table.state.quarter == 6):
        _person_moves_on(table, person)
    view = seat_view(table.state, "t1", "finops")
    assert all(i["next"]["wasted"] for i in view["team"]["initiatives"]
               if i["id"] in ("I12", "I4") and i["next"])
    _bots_until_idle(table)
    wasted = [e.detail for e in table.state.team("t1").ledger if e.kind == "pledge"
              and e.quarter == 6 and e.detail["initiative"] in ("I12", "I4")]
    assert wasted == []


def test_a_bot_that_will_not_wait_does_not_ask() -> None:
    """Once the person has had their share of the quarter (here: marked ready), a bot says
    what it commits instead of asking "OK to go ahead?" and acting the same second."""
    committed = 0
    for incident in ("R1", "R3", "X1"):
        # Every plan for a cause asks all three seats in the shipped scenario; here the plans
        # for this incident's causes leave the person's seat out, so the bots can staff one.
        data = scripted_data({incident: [1]})
        for plan in next(i for i in data["incidents"] if i["id"] == incident)["responses"]:
            if plan["class"] == "good":
                for part in ("cost", "ap"):
                    plan[part]["mlops"] = plan[part].get("mlops", 0) + plan[part].pop(
                        "dataops", 0)
        table, person = _assist_table(seed=1, role="dataops",
                                      scenario=load_scenario(data, "staffable.toml"))
        table.submit(person, SetReady(True))
        _bots_until_idle(table)
        said_ = [m.text for m in table.state.team("t1").chat if m.quarter == 1]
        assert not any("OK to go ahead?" in t for t in said_), said_
        committed += any("I'm drafting it now" in t for t in said_)
    assert committed  # a bot did commit a plan it could staff alone, saying so


def test_with_money_idle_and_nothing_due_a_bot_suggests_lines_and_adds_them_when_asked() -> None:
    """A person's thin roadmap leaves a quarter with nothing due: the roadmap's drafter
    suggests what to add (money above the carry-over cap would lapse), and adds it only
    after the person says so."""
    roadmap = (RoadmapEntry("I1", "crawl", 1, "finops"),)
    table, person = _assist_table(seed=4, roadmap=roadmap, role="finops")
    table.submit(person, Pledge("I1", 2))
    while not (table.state.phase == "planning" and table.state.quarter == 2):
        _person_moves_on(table, person)
    assert table.state.quarter == 2 and table.state.phase == "planning"
    _bots_until_idle(table)
    team = table.state.team("t1")
    offers = [m.text for m in team.chat if m.quarter == 2 and "add to the roadmap for Q2" in m.text]
    assert len(offers) == 1, offers
    assert len(team.roadmap) == 1  # nothing added without the person
    table.submit(person, Chat("Yes, add them."))
    _bots_until_idle(table)
    team = table.state.team("t1")
    added = [e for e in team.roadmap if e.quarter == 2]
    assert added and team.roadmap_revisions[-1].reason.startswith("Money was idle")
    # added once: the yes is not a standing order to keep adding what is left
    assert sum(1 for r in team.roadmap_revisions if r.quarter == 2) == 1
    print(offers[0])


def _assist_turns(table: BotTable, role: str) -> tuple[dict[str, Any], Callable[[], Any]]:
    """A bot seat's view to edit, and a turn of that bot (competent, beside a person) on a
    fresh copy of it each time, as the server sends a new view after every change."""
    from triops.game.bots.teammate.turn import Turn

    view = copy.deepcopy(seat_view(table.state, "t1", role))
    legal = LegalCheck(legal_commands(table.state, "t1", role), view)
    book = Casebook.of(table.state.scenario)

    def turn() -> Any:
        seen = copy.deepcopy(view)
        return Turn(seen, LegalCheck(legal.legal, seen), random.Random(1),
                     Style(level="competent"), book, assisting=True)
    return view, turn


def test_beside_a_person_a_bot_proposes_a_notification_and_sends_it_on_a_yes() -> None:
    """Telling a regulator is the team's call: an assisting bot proposes it, and notifies
    only after the person agrees (a newcomer found notifications sent by bots unasked)."""
    table, _ = _assist_table(seed=1, role="finops", R4=[1])
    view, turn = _assist_turns(table, "dataops")
    incident = view["team"]["incidents"][0]
    incident["clock_due"] = 2  # a regulator's clock is running

    ap = view["team"]["seats"]["dataops"]["ap"]
    view["team"]["seats"]["dataops"]["ap"] = 0  # a bot with no AP left still proposes it,
    proposal = turn().notify()                  # but does not offer to do it
    assert isinstance(proposal, Chat) and f"I'd notify on {incident['title']}" in proposal.text
    assert "shall I" not in proposal.text and "notify it yourself" in proposal.text
    view["team"]["chat"].append({"sender": "dataops", "text": proposal.text, "kind": "chat",
                                 "quarter": 1, "name": ""})
    view["team"]["chat"].append({"sender": "finops", "text": "Yes, please notify.",
                                 "kind": "chat", "quarter": 1, "name": "Ana"})
    assert turn().notify() is None  # it said it can't: no "no action point left" on a yes
    del view["team"]["chat"][-2:]
    view["team"]["seats"]["dataops"]["ap"] = ap
    proposal = turn().notify()
    assert isinstance(proposal, Chat) and "shall I?" in proposal.text  # it can: it offers
    view["team"]["chat"].append({"sender": "dataops", "text": proposal.text, "kind": "chat",
                                 "quarter": 1, "name": ""})
    assert turn().notify() is None  # proposed: waiting for the person
    # another bot asks something in between; the person's words say which question they answer
    view["team"]["chat"].append({"sender": "mlops", "kind": "chat", "quarter": 1, "name": "",
                                 "text": "Stock-outs: FinOps, what's your view?"})
    view["team"]["chat"].append({"sender": "finops", "text": "Yes, please notify.",
                                 "kind": "chat", "quarter": 1, "name": "Ana"})
    assert turn().notify() == Notify(incident["id"])
    view["team"]["seats"]["dataops"]["ap"] = 0  # agreed, but no AP left: it says so
    told = turn().notify()
    assert isinstance(told, Chat) and "please notify it yourself" in told.text
    view["team"]["seats"]["dataops"]["ap"] = ap
    incident["notified"] = True  # the person notified: no more offers, nothing to send
    incident["notified_by"] = "finops"
    view["team"]["chat"].clear()
    assert turn().notify() is None
    # The bot notified: it says so once (a newcomer saw nothing on screen say it was done).
    incident["notified_by"] = "dataops"
    done = turn().notify()
    assert isinstance(done, Chat) and f"I've notified on {incident['title']}" in done.text
    view["team"]["chat"].append({"sender": "dataops", "text": done.text, "kind": "chat",
                                 "quarter": 2, "name": ""})
    assert turn().notify() is None


def test_a_request_to_notify_on_another_incident_is_no_yes_to_the_offer_on_this_one() -> None:
    """A bot offered to notify on one incident; the person asked it to notify on another by
    name ("FinOps, please notify on the chatbot refund"). The bot notified on the one it had
    offered, spent its last AP, and the other's regulator clock ran on. The request is for
    the incident it names: that one is notified, the offer's is not."""
    table, _ = _assist_table(seed=1, role="mlops", R3=[1], R4=[1])
    view, turn = _assist_turns(table, "finops")
    offered, named = view["team"]["incidents"][:2]
    for incident in (offered, named):
        incident["clock_due"] = 2
        incident["notified"] = False

    view["team"]["chat"][:] = [
        {"sender": "finops", "kind": "chat", "quarter": 1, "name": "",
         "text": f"I'd notify on {offered['title']}: it carries a regulator's clock. "
                 "Notify it yourself, or shall I?"},
        {"sender": "mlops", "kind": "chat", "quarter": 1, "name": "Ana",
         "text": f"FinOps, please notify on {named['title'].lower()}."},
    ]
    assert turn().notify() == Notify(named["id"])
    named["notified"] = True
    named["notified_by"] = "finops"
    assert turn().notify() != Notify(offered["id"])  # no yes was given to that offer


def test_a_persons_short_replies_to_a_notify_offer_are_a_yes() -> None:
    """A newcomer answered "notify it yourself, or shall I?" with "notify it", "MLOps, you
    notify" and "yes, you notify the stakeholders", and the bot did not take them as a yes;
    a question about it is not a yes."""
    from triops.game.bots.assist import agrees

    for yes in ("yes please notify", "notify it", "MLOps, you notify",
                "yes, you notify the stakeholders", "You notify it then."):
        assert agrees(yes), yes
    for other in ("did you notify?", "why do you notify?", "no, I will notify",
                  "should we notify on it?",
                  # asking the others, not answering: a bot notified on it
                  "I think it is E: the bureau's unit change. Agree?", "Sounds right?"):
        assert not agrees(other), other


def test_a_person_who_says_no_keeps_the_bot_from_acting_when_their_share_is_up() -> None:
    """Once the person is ready (their share of the quarter is up) a bot acts on what it
    proposed, unless the person said no to it: "No, don't notify on X yet" holds, and a later
    yes undoes it. (A newcomer said "no symptom fix for the CV screen" and the bot committed
    its symptom fix when they pressed ready.)"""
    table, _ = _assist_table(seed=1, role="finops", R4=[1])
    view, turn = _assist_turns(table, "dataops")
    incident = view["team"]["incidents"][0]
    incident["clock_due"] = 2

    proposal = turn().notify()
    assert isinstance(proposal, Chat)
    view["team"]["chat"].append({"sender": "dataops", "text": proposal.text, "kind": "chat",
                                 "quarter": 1, "name": ""})
    view["team"]["seats"]["finops"]["ready"] = True  # the person's share is up
    assert turn().notify() == Notify(incident["id"])  # silence: it acts
    view["team"]["chat"].append({"sender": "finops", "kind": "chat", "quarter": 1,
                                 "name": "Ana", "text": "Not yet. We notify once we know more."})
    assert turn().notify() is None
    view["team"]["chat"].append({"sender": "finops", "kind": "chat", "quarter": 1,
                                 "name": "Ana", "text": "OK, go ahead and notify."})
    assert turn().notify() == Notify(incident["id"])


def test_a_bot_asked_to_investigate_pays_for_its_clue_and_says_what_it_found() -> None:
    """"DataOps, can you investigate your clue on X?": the bot named pays for its own hidden
    clue on that incident, then quotes it in chat; the same ask is answered once."""
    table, person = _assist_table(seed=1, role="finops", R4=[1])
    state = table.state
    incident = next(i for i in state.team("t1").incidents.values() if i.open)
    title = state.scenario.incidents[incident.spec].title
    table.submit(person, Chat(f"DataOps, can you investigate your clue on {title}?"))
    _bots_until_idle(table)
    state = table.state
    after = state.team("t1").incidents[incident.id]
    found = [c for c, roles in after.found.items() if "dataops" in roles]
    assert found, "DataOps investigated its own clue"
    said_ = [m for m in state.team("t1").chat if m.sender == "dataops"
             and f"I investigated {title}" in m.text]
    assert len(said_) == 1
    spec = state.scenario.incidents[incident.spec]
    clue = spec.clue(found[0])
    assert clue is not None and clue.text_for(after.cause) in said_[0].text


def test_a_learners_pledge_on_the_bots_roadmap_follows_the_plan_but_the_plan_stays_the_bots(
        ) -> None:
    """A solo learner let the bots draft the roadmap, then pledged to its lines. Their own
    levels said "Off the roadmap: no line planned it then" while the roadmap on screen (and
    the team's report) had the line: purchases are judged against the roadmap the team had,
    whoever drafted it, while the plan itself (its lines, targets and links to goals) is the
    bot's and earns the learner nothing."""
    from triops.game.scoring.objectives import assess, assess_people

    table, person = _assist_table(seed=1, role="finops")
    line = next(e for e in table.state.team("t1").roadmap if e.quarter == 1)
    table.submit(person, Pledge(line.initiative, 1))  # the person takes part in a purchase
    _bots_until_idle(table)
    table.submit(person, SetReady(True))
    table.play_planning()
    mine = assess_people(table.state, "t1").objectives[0]
    funded = [e for e in mine.evidence if e.decision.startswith("Funded")
              and line.initiative in e.decision]
    assert funded, [e.decision for e in mine.evidence]
    assert all(e.consequence.startswith("As planned") for e in funded), funded
    # the same verdict as the team's own levels give that purchase
    team = assess(table.state, "t1").objectives[0]
    assert [e.consequence for e in team.evidence if e.decision in {f.decision for f in funded}
            ] == [e.consequence for e in funded]
    # the draft is the bots' work: the learner's own evidence has no roadmap drafted
    assert not any(e.decision == "Drafted the roadmap in setup" for e in mine.evidence)


def test_a_bot_asked_to_investigate_keeps_the_ap_its_part_of_a_plan_needs(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Asked to dig when the AP it has left is what its part of the team's plans needs, the
    bot says so instead of spending it (a workshop player's request left every fitting plan
    blocked for want of the bot's AP)."""
    from triops.game.bots.teammate.turn import Turn

    table, _ = _assist_table(seed=1, role="finops", R4=[1])
    view = copy.deepcopy(seat_view(table.state, "t1", "dataops"))
    incident = view["team"]["incidents"][0]
    view["team"]["chat"].append({"sender": "finops", "kind": "chat", "quarter": 1, "name": "Ana",
                                 "text": f"DataOps, can you investigate your clue on "
                                         f"{incident['title']}?"})
    legal = LegalCheck(legal_commands(table.state, "t1", "dataops"), view)
    turn = Turn(view, legal, random.Random(1), Style(level="competent"),
                 Casebook.of(table.state.scenario), assisting=True)
    monkeypatch.setattr(Turn, "spare_ap", lambda self: 0)
    said_ = turn.react()
    assert isinstance(said_, Chat) and "I need the AP I have left" in said_.text


def test_asked_to_draft_after_a_person_wrote_a_line_the_bot_adds_its_lines_to_theirs() -> None:
    """The roadmap tab invites a person to add the first line; asked afterwards to "draft
    the roadmap", the bots add their suggested lines beside it instead of staying silent
    (a workshop team finished setup with one line and let 55% of its money lapse)."""
    scenario = scripted()
    settings = GameSettings(seed=1, team_names=("Mixed",))
    book = Casebook.of(scenario)
    policies = {("t1", r): TeammatePolicy("competent", casebook=book, assist=True)
                for r in ROLES if r != "dataops"}
    table = BotTable(new_game(scenario, settings), start_record(scenario, settings), policies)
    ada = Actor.seat("t1", "dataops")
    table.submit(SERVER, JoinSeat("t1", "dataops", "Ada"))
    table.submit(FACILITATOR, StartGame())
    mine = RoadmapEntry("I5", "crawl", 1, "dataops", "data_trust", 45)
    table.submit(ada, SetRoadmap((mine,), ""))
    table.submit(ada, Chat("Go ahead and draft the roadmap."))
    _bots_until_idle(table)
    roadmap = table.state.team("t1").roadmap
    assert mine in roadmap and len(roadmap) > 5
    assert any("put in the roadmap" in m.text for m in table.state.team("t1").chat)


@pytest.mark.parametrize("level", ["novice", "competent"])
def test_beside_a_person_the_bots_keep_back_what_any_plan_needs_of_them(level: str) -> None:
    """Whichever response the person can pick for an incident opened this quarter, the bots'
    part of it is still in their envelopes after they funded the roadmap. A newcomer found
    every plan blocked by a novice bot 1 cr short (workshops seat novice bots in empty seats)
    and let the incident escalate: before the fix, 696 of 1,728 such parts were short for
    novice bots over 216 seeded games (24 seeds, 3 seats, 3 incident schedules), 59 after;
    a novice still slips now and then."""
    from triops.game.views import seat_view

    checked = short = 0
    for seed in range(1, 9):
        for role in ("mlops", "dataops", "finops"):
            table, _ = _assist_table(seed=seed, role=role, level=level, X1=[1])
            _bots_until_idle(table)
            envelopes = table.state.team("t1").envelopes
            for incident in seat_view(table.state, "t1", role)["team"]["incidents"]:
                if incident["status"] != "open" or incident.get("response") is not None:
                    continue
                for plan in incident["responses"]:
                    if plan.get("missing"):
                        continue  # needs an initiative: not the person's to pick yet
                    for bot in (r for r in ROLES if r != role):
                        checked += 1
                        short += envelopes[bot] < plan["cost"].get(bot, 0)
    assert checked > 100
    assert short <= (checked // 20 if level == "novice" else 0), (short, checked)


def test_a_bot_never_says_nothing_would_tell_the_causes_apart() -> None:
    """"What would tell them apart: nothing." read as a shrug: with nobody left to ask and
    nothing left to dig out, the bot leaves the sentence out."""
    from triops.game.bots.teammate.turn import Turn

    table, _ = _assist_table(seed=1, role="finops", R4=[1])
    view = copy.deepcopy(seat_view(table.state, "t1", "dataops"))
    incident = view["team"]["incidents"][0]
    incident["investigable"] = []
    for role in ROLES:  # every seat has spoken
        incident["clues"].append({"id": f"x-{role}", "role": role, "text": "seen",
                                  "shared": True, "source": "symptom"})
    legal = LegalCheck(legal_commands(table.state, "t1", "dataops"), view)
    turn = Turn(view, legal, random.Random(1), Style(level="competent"),
                Casebook.of(table.state.scenario), assisting=True)
    assert turn._tellers(incident) == ""


def test_a_team_spending_without_a_plan_buys_in_a_different_order_each_game() -> None:
    """Spend-all buys "whatever catches the eye": the order must change from game to game.
    Keyed by the team alone, every game bought in one fixed order, and the battery measured
    one arbitrary roadmap (the same team scored 46 or 77 by the table slot it sat in)."""
    scenario = retail()

    def first_quarter(seed: int) -> tuple[str, ...]:
        table = bot_game(scenario, GameSettings(seed=seed, team_names=("Spend",)),
                         {"t1": "spend-all"})
        table.play_to_end()
        return tuple(c.what for c in table.state.team("t1").treasury
                     if c.kind == "initiative" and c.quarter == 1)

    orders = {first_quarter(seed) for seed in range(1, 7)}
    assert len(orders) > 1
    assert first_quarter(3) == first_quarter(3)  # the same game plays the same way
