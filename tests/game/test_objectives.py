"""Learning-objective levels from real games: scripted teams reach the levels the rubric says.

Two teams play the same scripted retail game through `game.rules.apply`:
- "Planners" follow the reference roadmap, pool every role's clues before diagnosing, charter
  a cross-functional committee and use it, revise the roadmap after incidents and propose
  three cross-discipline standards;
- "Firefighters" draft a two-line roadmap, never draft a charter, propose no standard, diagnose
  without sharing and only ever treat the symptom.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.bots.driver import bot_game
from game.clues import visible_clues
from game.commands import (
    FACILITATOR,
    Advance,
    Command,
    Diagnose,
    ForceResolve,
    Notify,
    OverrideLevel,
    Pledge,
    ProposeStandard,
    Respond,
    SetCharter,
    SetRoadmap,
    ShareClue,
    Transfer,
)
from game.effects import next_level_cost
from game.errors import RuleError
from game.objectives import (
    EXEMPLARY,
    PROFICIENT,
    assess,
    assess_team,
    leaderboard,
    leaderboards,
    level_name,
    objective_levels,
    seat_contributions,
)
from game.rules import apply
from game.scenario_model import Scenario
from game.seat_rules import min_share
from game.state import Charter, Evidence, GameSettings, GameState, RoadmapEntry, Team
from game.vocab import OBJECTIVES, ROLES
from tests.game.helpers import do, scripted, seat, started

PLANNERS, FIREFIGHTERS = "t1", "t2"

CHARTER = Charter(
    members=("dataops_lead", "mlops_lead", "finops_lead", "executive_sponsor", "risk_legal",
             "business_owner"),
    chair="executive_sponsor",
    cadence="monthly",
    decision_rights=("approve_high_risk", "block_kill", "budget_pooling", "approve_standards"),
    risk_tiering=True,
    escalation=("mlops_lead", "executive_sponsor"),
    decision_log=True,
    accountable={"high_risk_go_live": "business_owner", "model_kill_rollback": "mlops_lead",
                 "critical_feed_contract": "dataops_lead", "tagging_standard": "finops_lead"},
    frameworks=("nist_ai_rmf_govern",),
    purpose="Approve, pause and review AI across data, models and spend.",
)

# The reference roadmap's levels, one level per quarter, bought in dependency order. The
# committee comes first: with three owners each owing a quarter of the price (rounded up),
# tagging (I1, 5 cr) and upskilling (I12, 2 cr) only fit once its pooled budget is in force.
FUNDING = {
    1: ("I11", "I7", "I5"),
    2: ("I1", "I12", "I9"),
    3: ("I3", "I9", "I4", "I6"),
    4: ("I3", "I2", "I4", "I6", "I8"),
    5: ("I2", "I8", "I10"),
    6: ("I10",),
}
WEAK_FUNDING = {1: ("I5",), 2: ("I4",)}


def reference_entries(scenario: Scenario) -> tuple[RoadmapEntry, ...]:
    goal_for = {g.metric: g.id for g in scenario.goals if g.kind == "metric"}
    out = []
    for t in scenario.reference_roadmap:
        metric, _, target = t.kpi.partition(">=")
        out.append(RoadmapEntry(t.initiative, t.level, t.quarter, t.owner, metric,
                                int(target) if target else 0, goal_for.get(metric, "")))
    return tuple(out)


def fund(state: GameState, team_id: str, ident: str) -> GameState:
    """Pledge the next level of an initiative: each owner its minimum share, the lead the rest."""
    scenario = state.scenario
    spec = scenario.initiatives[ident]
    cost = next_level_cost(state.team(team_id), scenario, ident, state.quarter)
    assert cost is not None
    if state.team(team_id).pool is not None:
        return do(state, seat(spec.lead, team_id), Pledge(ident, cost))
    share = min_share(scenario, cost) if len(spec.owners) > 1 else 0
    assert share * len(spec.owners) <= cost, f"{ident} cannot be funded before pooling"
    plan = {r: share for r in spec.owners}
    plan[spec.lead] = cost - share * (len(spec.owners) - 1)
    for role, amount in plan.items():
        have = state.team(team_id).envelopes[role]
        if have < amount:
            envelopes = state.team(team_id).envelopes
            donor = max((r for r in ROLES if r != role), key=lambda r: envelopes[r])
            state = do(state, seat(donor, team_id), Transfer(role, amount - have))
        state = do(state, seat(role, team_id), Pledge(ident, amount))
    return state


def share_start_clues(state: GameState, team_id: str, incident_id: str) -> GameState:
    for role in ROLES:
        team = state.team(team_id)
        incident = team.incidents[incident_id]
        seen = visible_clues(team, state.scenario, incident, role, state.quarter)
        for clue, source in seen.items():
            shared = state.team(team_id).incidents[incident_id].shared
            if source == "symptom" and clue not in shared:
                state = do(state, seat(role, team_id), ShareClue(incident_id, clue))
    return state


def try_each_role(state: GameState, team_id: str, command: Command) -> GameState:
    for role in ROLES:
        try:
            return apply(state, seat(role, team_id), command)[0]
        except RuleError:
            continue
    return state


def handle_well(state: GameState, team_id: str) -> GameState:
    """Pool every role's symptoms, diagnose right, respond at the root, tell the committee."""
    scenario = state.scenario
    for incident in list(state.team(team_id).incidents.values()):
        if not incident.open:
            continue
        spec = scenario.incidents[incident.spec]
        state = share_start_clues(state, team_id, incident.id)
        state = do(state, seat("dataops", team_id),
                   Diagnose(incident.id, spec.correct_diagnosis.id))
        goods = sorted((r for r in spec.responses if r.klass == "good"),
                       key=lambda r: not r.requires)  # the committee's option first
        for response in goods:
            try:
                state = apply(state, seat("mlops", team_id), Respond(incident.id, response.id))[0]
                break
            except RuleError:
                continue
        state = try_each_role(state, team_id, Notify(incident.id))
    return state


def treat_symptoms(state: GameState, team_id: str) -> GameState:
    """Diagnose from one's own view (a wrong cause) and pick the symptom-only response."""
    scenario = state.scenario
    for incident in list(state.team(team_id).incidents.values()):
        if not incident.open:
            continue
        spec = scenario.incidents[incident.spec]
        wrong = next(d for d in spec.diagnoses if not d.correct)
        state = do(state, seat("mlops", team_id), Diagnose(incident.id, wrong.id))
        poor = next(r for r in spec.responses if r.klass == "poor")
        state = try_each_role(state, team_id, Respond(incident.id, poor.id))
    return state


def revise(state: GameState, team_id: str, extra: RoadmapEntry, reason: str) -> GameState:
    entries = (*state.team(team_id).roadmap, extra)
    return try_each_role(state, team_id, SetRoadmap(entries, reason))


@cache
def scripted_game() -> GameState:
    scenario = scripted(R1=[2], X2=[3], R4=[5])
    state = started(scenario, teams=("Planners", "Firefighters"))
    # Setup.
    state = do(state, seat("finops", PLANNERS), SetRoadmap(reference_entries(scenario)))
    state = do(state, seat("mlops", PLANNERS), SetCharter(CHARTER))
    for standard, owner in (("tag-taxonomy", "finops"), ("odcs", "dataops"),
                            ("openlineage", "dataops")):
        state = do(state, seat(owner, PLANNERS), ProposeStandard(standard, owner, "policy"))
    state = do(state, seat("dataops", FIREFIGHTERS), SetRoadmap((
        RoadmapEntry("I5", "crawl", 1, "dataops"), RoadmapEntry("I4", "crawl", 1, "dataops"),
    )))
    state = do(state, FACILITATOR, ForceResolve())
    revisions = {
        2: (RoadmapEntry("I9", "crawl", 2, "mlops", "model_reliability", 55, "reliability"),
            "The Basket Shift: drift went unseen, so monitoring comes forward."),
        3: (RoadmapEntry("I7", "walk", 4, "mlops", "governance", 55),
            "The Model Nobody Owns: every model needs an owner and a card."),
    }
    for quarter in range(1, scenario.quarters + 1):
        state = do(state, FACILITATOR, Advance())
        assert state.phase == "planning" and state.quarter == quarter
        state = handle_well(state, PLANNERS)
        if quarter in revisions:
            state = revise(state, PLANNERS, *revisions[quarter])
        for ident in FUNDING.get(quarter, ()):
            state = fund(state, PLANNERS, ident)
        state = treat_symptoms(state, FIREFIGHTERS)
        for ident in WEAK_FUNDING.get(quarter, ()):
            state = fund(state, FIREFIGHTERS, ident)
        state = do(state, FACILITATOR, ForceResolve())
    state = do(state, FACILITATOR, Advance())
    assert state.phase == "ended"
    return state


@cache
def bot_state() -> GameState:
    scenario = scripted(R1=[2], R2=[2], X1=[3], R4=[5], X2=[4])
    table = bot_game(scenario, GameSettings(seed=3, team_names=("Competent", "Novice")),
                     {"t1": "competent", "t2": "novice"})
    return table.play_to_end()


# --- the levels the issue names ------------------------------------------------------------


def test_the_script_played_what_it_meant_to() -> None:
    state = scripted_game()
    planners = state.team(PLANNERS)
    outcomes = [e for e in planners.ledger if e.kind == "incident_outcome"]
    assert outcomes and all(e.detail["correct"] and e.detail["class"] == "good" for e in outcomes)
    diagnosed = [e for e in planners.ledger if e.kind == "diagnosis_proposed"]
    assert all(e.detail["pooled_roles"] == ["dataops", "finops", "mlops"] for e in diagnosed)
    assert any(e.kind == "initiative_funded" and e.detail["initiative"] == "I11"
               for e in planners.ledger)
    assert any(e.detail["uses_committee"] for e in outcomes)
    firefighters = state.team(FIREFIGHTERS)
    assert firefighters.charter is None and not firefighters.standards
    classes = {e.detail["class"] for e in firefighters.ledger if e.kind == "incident_outcome"}
    assert classes <= {"poor", None} and "poor" in classes


def test_reference_roadmap_pooling_and_a_chartered_committee_reach_proficient() -> None:
    levels = objective_levels(scripted_game(), PLANNERS)
    assert levels["LO1"] >= PROFICIENT
    assert levels["LO2"] >= PROFICIENT
    assert levels["LO4"] >= PROFICIENT
    assert levels["LO3"] >= PROFICIENT and levels["LO5"] >= PROFICIENT


def test_a_team_that_never_drafts_a_charter_is_beginning_on_lo4() -> None:
    assert objective_levels(scripted_game(), FIREFIGHTERS)["LO4"] == 1


def test_a_team_that_only_treats_symptoms_is_at_most_developing_on_lo3() -> None:
    result = assess(scripted_game(), FIREFIGHTERS).objective("LO3")
    assert result.computed <= 2
    assert any(e.tone == "negative" and "symptom" in e.decision for e in result.evidence)
    assert any("came back" in e.decision for e in result.evidence)  # the silent recurrence


def test_a_team_with_no_cross_discipline_standard_is_at_most_developing_on_lo5() -> None:
    state = scripted_game()
    assert objective_levels(state, FIREFIGHTERS)["LO5"] <= 2
    # The same holds for a team whose only standards are single-discipline or withdrawn.
    team = state.team(PLANNERS)
    ledger = tuple(e for e in team.ledger if not e.kind.startswith("standard_"))
    single = Evidence(0, "standard_proposed", ("LO5",), {
        "standard": "tag-taxonomy", "owner": "finops", "mechanism": "policy", "kpi": "tags",
        "disciplines": ["finops"]})
    one_discipline = replace(state.scenario.standards["tag-taxonomy"], disciplines=("finops",))
    scenario = replace(state.scenario, standards={**state.scenario.standards,
                                                  "tag-taxonomy": one_discipline})
    a = assess_team(replace(team, ledger=(*ledger, single)), scenario, "novice", 6)
    assert a.objective("LO5").computed <= 2


# --- what each level carries ---------------------------------------------------------------


def test_every_level_comes_with_evidence_and_what_would_lift_it() -> None:
    state = scripted_game()
    for team_id in (PLANNERS, FIREFIGHTERS):
        for result in assess(state, team_id).objectives:
            assert result.evidence, (team_id, result.objective)
            for item in result.evidence:
                assert 0 <= item.quarter <= 6 and item.decision and item.consequence
            if result.computed < EXEMPLARY:
                assert result.lift, (team_id, result.objective)
            assert all(c.measured for c in result.criteria)
    lo2 = assess(state, PLANNERS).objective("LO2")
    assert any("after pooling clues from DataOps, FinOps, MLOps" in e.decision
               for e in lo2.evidence)
    lo4 = assess(state, FIREFIGHTERS).objective("LO4")
    assert lo4.lift[0] == "Draft the committee charter in setup."


def test_facilitator_override_shows_computed_and_confirmed_levels() -> None:
    state = scripted_game()
    computed = objective_levels(state, FIREFIGHTERS)["LO4"]
    state, _ = apply(state, FACILITATOR, OverrideLevel(FIREFIGHTERS, "LO4", "developing",
                                                        "They argued for a committee aloud."))
    result = assess(state, FIREFIGHTERS).objective("LO4")
    assert (result.computed, result.confirmed, result.level) == (computed, 2, 2)
    assert result.comment == "They argued for a committee aloud."
    assert objective_levels(state, FIREFIGHTERS)["LO4"] == 2
    assert objective_levels(state, FIREFIGHTERS, confirmed=False)["LO4"] == computed
    # Other teams and other objectives are untouched.
    assert assess(state, PLANNERS).objective("LO4").confirmed is None


def test_leaderboard_shows_outcome_and_objectives_per_quarter_and_at_the_end() -> None:
    state = scripted_game()
    boards = leaderboards(state)
    assert sorted(boards) == list(range(0, 7))
    for quarter, rows in boards.items():
        assert [r.rank for r in rows] == [1, 2]
        assert rows[0].outcome >= rows[1].outcome
        for row in rows:
            team = state.team(row.team)
            if quarter < 6:
                assert row.outcome == team.history[quarter].outcome
            assert set(row.levels) == set(OBJECTIVES)
    final = leaderboard(state)
    assert final[0].team == PLANNERS and final[0].levels == objective_levels(state, PLANNERS)
    # Levels grow as the evidence arrives: no charter use before the committee existed.
    def planners(quarter: int) -> int:
        return next(r for r in boards[quarter] if r.team == PLANNERS).levels["LO4"]

    assert planners(0) < PROFICIENT <= planners(6)


def test_seat_contributions_count_what_each_seat_did() -> None:
    state = scripted_game()
    planners = {c.role: c for c in seat_contributions(state.team(PLANNERS))}
    shared = [e for e in state.team(PLANNERS).ledger if e.kind == "share_clue"]
    assert sum(c.clues_shared for c in planners.values()) == len(shared) > 0
    assert planners["dataops"].diagnoses_proposed == 3
    pledged = sum(int(str(e.detail["amount"])) for e in state.team(PLANNERS).ledger
                  if e.kind == "pledge")
    assert sum(c.credits_pledged for c in planners.values()) == pledged
    firefighters = {c.role: c for c in seat_contributions(state.team(FIREFIGHTERS))}
    assert sum(c.clues_shared for c in firefighters.values()) == 0


def test_experienced_calibration_asks_more_for_exemplary() -> None:
    state = bot_state()
    for team in (*state.teams, *scripted_game().teams):
        novice = assess_team(team, state.scenario, "novice", 6)
        experienced = assess_team(team, state.scenario, "experienced", 6)
        for n, e in zip(novice.objectives, experienced.objectives, strict=True):
            assert e.computed <= n.computed
            assert len(e.criteria) >= len(n.criteria)
        assert "framework" in experienced.calibration
        assert "proficient is the realistic top band" in novice.calibration


def test_levels_as_of_an_earlier_quarter_use_only_what_had_happened() -> None:
    state = scripted_game()
    setup = assess(state, PLANNERS, 0)
    assert setup.objective("LO2").computed == 1  # no incident yet
    assert all(e.quarter == 0 for o in setup.objectives for e in o.evidence)
    assert setup.outcome == state.team(PLANNERS).history[0].outcome
    assert level_name(setup.objective("LO1").computed) in ("beginning", "developing")


# --- the property: good evidence never lowers a level --------------------------------------

ALL_ROLES = ["dataops", "finops", "mlops"]


def base_teams() -> list[Team]:
    return [*scripted_game().teams, *bot_state().teams]


@st.composite
def good_evidence(draw: st.DrawFn, scenario: Scenario, team: Team) -> list[Evidence]:
    """One piece of good evidence, as the ledger would record it."""
    q = draw(st.integers(0, scenario.quarters))
    kind = draw(st.sampled_from(["incident", "revision", "standard", "notify", "charter",
                                 "funding", "share", "deadline"]))
    known = sorted({(str(e.detail["incident"]), str(e.detail.get("spec", "")))
                    for e in team.ledger if e.kind == "incident_opened"})
    spec_id = draw(st.sampled_from(sorted(scenario.incidents)))
    pick = draw(st.sampled_from([*known, (f"{spec_id}@{q}", spec_id)]))
    incident, spec_id = pick
    spec = scenario.incidents[spec_id]
    if kind == "incident":
        good = draw(st.sampled_from([r for r in spec.responses if r.klass == "good"]))
        diagnosis = spec.correct_diagnosis.id
        return [
            Evidence(q, "diagnosis_proposed", ("LO2",), {
                "incident": incident, "diagnosis": diagnosis, "pooled_roles": ALL_ROLES},
                "dataops"),
            Evidence(q, "incident_outcome", ("LO2", "LO3", "LO4"), {
                "incident": incident, "spec": spec_id, "diagnosis": diagnosis, "correct": True,
                "red_herring": False, "pooled_roles": ALL_ROLES, "response": good.id,
                "class": "good", "steps": list(good.steps), "prevents_with": good.prevents_with,
                "prevention_in_place": True, "uses_committee": bool(good.requires),
                "notified": True, "result": "resolved", "severity": 1,
                "seams": list(spec.seams)}, "mlops"),
        ]
    if kind == "revision":
        return [Evidence(q, "roadmap", ("LO1",), {
            "entries": 12, "disciplines": ["dataops", "mlops", "finops", "governance"],
            "with_kpi": 12, "with_goal": 4, "reason": "after the incident", "revision": True},
            "finops")]
    if kind == "standard":
        ident = draw(st.sampled_from(sorted(scenario.standards)))
        std = scenario.standards[ident]
        detail = {"standard": ident, "owner": std.disciplines[0], "mechanism": "code",
                  "kpi": std.kpi, "disciplines": list(std.disciplines)}
        return [Evidence(q, "standard_proposed", ("LO5",), detail, std.disciplines[0]),
                Evidence(q, "standard_adopted", ("LO5",), detail)]
    if kind == "notify":
        return [Evidence(q, "notify", ("LO3", "LO4"),
                         {"incident": incident, "committee": True, "clock": False}, "finops")]
    if kind == "charter":
        return [Evidence(q, "charter", ("LO4",), {
            "members": list(CHARTER.members), "chair": CHARTER.chair, "cadence": "monthly",
            "decision_rights": list(CHARTER.decision_rights), "risk_tiering": True,
            "escalation": 2, "decision_log": True, "accountable": 4,
            "frameworks": ["nist_ai_rmf_govern"], "reason": "effectiveness review",
            "revision": True}, "mlops")]
    if kind == "funding":
        ident = draw(st.sampled_from(sorted(scenario.initiatives)))
        level = draw(st.sampled_from(["crawl", "walk", "run"]))
        return [Evidence(q, "initiative_funded", ("LO1",), {
            "initiative": ident, "level": level, "cost": 5, "prerequisites_missing": [],
            "on_roadmap": True, "discipline": scenario.initiatives[ident].discipline,
            "contributors": ["dataops"]})]
    if kind == "share":
        clue = draw(st.sampled_from(spec.clues))
        return [Evidence(q, "share_clue", ("LO2",), {
            "incident": incident, "clue": clue.id, "clue_role": clue.role}, clue.role)]
    return [Evidence(q, "deadline_met", ("LO1", "LO4"), {"inject": "x", "title": "A deadline"})]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_adding_good_evidence_never_lowers_a_level(data: st.DataObject) -> None:
    teams = base_teams()
    scenario = bot_state().scenario
    team = data.draw(st.sampled_from(teams))
    keep = data.draw(st.lists(st.booleans(), min_size=len(team.ledger),
                              max_size=len(team.ledger)))
    ledger = tuple(e for e, k in zip(team.ledger, keep, strict=True) if k)
    good = data.draw(good_evidence(scenario, team))
    at = data.draw(st.integers(0, len(ledger)))
    difficulty = data.draw(st.sampled_from(["novice", "experienced"]))
    before = assess_team(replace(team, ledger=ledger), scenario, difficulty, 6)
    after = assess_team(replace(team, ledger=(*ledger[:at], *good, *ledger[at:])), scenario,
                        difficulty, 6)
    for b, a in zip(before.objectives, after.objectives, strict=True):
        assert a.computed >= b.computed, (b.objective, [c.text for c in b.criteria if c.met
                                                         and not next(x for x in a.criteria
                                                                      if x.text == c.text).met])
