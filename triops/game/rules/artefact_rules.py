"""Rules for the lesson's three artefacts: the roadmap, the committee charter and standards.

In setup (quarter 0) the team drafts them freely. Afterwards the first change to an artefact
in a quarter costs the acting seat 1 AP and needs a one-line reason: revisions are evidence.
"""

from __future__ import annotations

from triops.game.model.commands import ProposeStandard, SetCharter, SetRoadmap, WithdrawStandard
from triops.game.model.errors import InvalidCommand, NotEnoughActionPoints, UnknownTarget
from triops.game.model.events import Event
from triops.game.model.state import (
    Charter,
    CharterRevision,
    GameState,
    RoadmapEntry,
    RoadmapRevision,
    StandardProposal,
    Team,
)
from triops.game.model.values import evolve
from triops.game.model.vocab import (
    ADOPTION_MECHANISMS,
    CADENCES,
    CHARTER_MEMBERS,
    DECISION_RIGHTS,
    LEVELS,
    METRIC_NAMES,
    METRICS,
    RACI_DECISIONS,
    ROLE_NAMES,
    ROLES,
    listing,
)
from triops.game.rules.conditions import parse_condition
from triops.game.rules.in_effect import all_hold, built_rank, charter_problems
from triops.game.rules.teams import add_evidence, available, book, debit, put_seat
from triops.game.scenario.model import Scenario

MAX_ROADMAP = 40
MAX_REASON = 200
MAX_KPI = 200

Result = tuple[Team, list[Event]]


def _revision_cost(state: GameState, team: Team, role: str, artefact: str, reason: str) -> Team:
    """After setup, charge 1 AP for the quarter's first revision and require a reason."""
    if state.quarter == 0:
        return team
    if not reason.strip():
        raise InvalidCommand(f"Say in one line why the {artefact} changes (a revision reason).")
    if len(reason) > MAX_REASON:
        raise InvalidCommand(f"A revision reason is at most {MAX_REASON} characters.")
    if team.revised.get(artefact) == state.quarter:
        return team
    seat = team.seats[role]
    if seat.ap < 1:
        raise NotEnoughActionPoints(
            f"Revising the {artefact} after setup takes 1 AP; {ROLE_NAMES[role]} has none left."
        )
    team = put_seat(team, evolve(seat, ap=seat.ap - 1))
    return evolve(team, revised={**team.revised, artefact: state.quarter})


def _check_entry(state: GameState, n: int, entry: RoadmapEntry) -> None:
    scenario = state.scenario
    where = f"Roadmap line {n + 1}"
    if entry.initiative not in scenario.initiatives:
        raise UnknownTarget(f'{where}: there is no initiative "{entry.initiative}".')
    if entry.level not in LEVELS:
        raise InvalidCommand(f"{where}: the level is crawl, walk or run.")
    if not 1 <= entry.quarter <= scenario.quarters:
        raise InvalidCommand(f"{where}: the quarter is 1 to {scenario.quarters}.")
    if entry.owner not in ROLES:
        raise InvalidCommand(f"{where}: the owner is dataops, mlops or finops.")
    if entry.kpi_metric and entry.kpi_metric not in METRICS:
        raise InvalidCommand(f"{where}: the KPI metric is one of {', '.join(METRICS)}.")
    if not 0 <= entry.kpi_target <= 100:
        raise InvalidCommand(f"{where}: a KPI target is 0 to 100.")
    if entry.kpi_metric and entry.kpi_target <= 0:  # a blank target: "≥ 0" is always met
        raise InvalidCommand(f"{where}: a KPI needs a target, the {METRIC_NAMES[entry.kpi_metric]}"
                             " value to reach (1 to 100).")
    if entry.goal and entry.goal not in {g.id for g in scenario.goals}:
        raise InvalidCommand(f'{where}: there is no goal "{entry.goal}".')


def set_roadmap(state: GameState, team: Team, role: str, cmd: SetRoadmap) -> Result:
    if len(cmd.entries) > MAX_ROADMAP:
        raise InvalidCommand(f"A roadmap has at most {MAX_ROADMAP} lines.")
    seen: set[tuple[str, str]] = set()
    for n, entry in enumerate(cmd.entries):
        _check_entry(state, n, entry)
        key = (entry.initiative, entry.level)
        if key in seen:
            raise InvalidCommand(f"{entry.initiative} at {entry.level} is on the roadmap twice.")
        seen.add(key)
    if cmd.entries == team.roadmap:
        raise InvalidCommand("The roadmap is unchanged.")
    team = _revision_cost(state, team, role, "roadmap", cmd.reason)
    revision = RoadmapRevision(state.quarter, cmd.reason.strip(), role, cmd.entries)
    team = evolve(team, roadmap=cmd.entries,
                   roadmap_revisions=(*team.roadmap_revisions, revision))
    disciplines = sorted({state.scenario.initiatives[e.initiative].discipline
                          for e in cmd.entries})
    team = add_evidence(team, state.quarter, "roadmap", ("LO1",), {
        "entries": len(cmd.entries),
        "disciplines": disciplines,
        "with_kpi": sum(1 for e in cmd.entries if e.kpi_metric),
        "with_goal": sum(1 for e in cmd.entries if e.goal),
        "reason": cmd.reason.strip(),
        "revision": state.quarter > 0,
    }, role)
    text = (f"{ROLE_NAMES[role]} revised the roadmap: {cmd.reason.strip()}" if state.quarter
            else f"{ROLE_NAMES[role]} updated the roadmap draft ({len(cmd.entries)} "
            f"line{'' if len(cmd.entries) == 1 else 's'})")
    return team, [Event("artefact", text, team.id, "team", state.quarter,
                        {"artefact": "roadmap", "role": role})]


def _check_charter(charter: Charter, scenario: Scenario) -> None:
    for member in (*charter.members, *charter.escalation):
        if member not in CHARTER_MEMBERS:
            raise InvalidCommand(f'"{member}" is not a committee member; choose from '
                                 f"{', '.join(CHARTER_MEMBERS)}.")
    if len(set(charter.members)) != len(charter.members):
        raise InvalidCommand("A member is listed twice.")
    if charter.chair and charter.chair not in CHARTER_MEMBERS:
        raise InvalidCommand(f'"{charter.chair}" cannot chair; choose a member.')
    if charter.cadence and charter.cadence not in CADENCES:
        raise InvalidCommand(f"The cadence is one of {', '.join(CADENCES)}.")
    for right in charter.decision_rights:
        if right not in DECISION_RIGHTS:
            raise InvalidCommand(f'"{right}" is not a decision right; choose from '
                                 f"{', '.join(DECISION_RIGHTS)}.")
    for decision, member in charter.accountable.items():
        if decision not in RACI_DECISIONS:
            raise InvalidCommand(f'"{decision}" is not a RACI decision; choose from '
                                 f"{', '.join(RACI_DECISIONS)}.")
        if member not in CHARTER_MEMBERS:
            raise InvalidCommand(f'"{member}" is not a committee member.')
    for framework in charter.frameworks:
        if framework not in scenario.frameworks:
            raise InvalidCommand(f'"{framework}" is not a framework this organisation '
                                 f"answers to; choose from {', '.join(scenario.frameworks)}.")
    if len(charter.purpose) > MAX_REASON:
        raise InvalidCommand(f"The purpose is at most {MAX_REASON} characters.")


def set_charter(state: GameState, team: Team, role: str, cmd: SetCharter) -> Result:
    _check_charter(cmd.charter, state.scenario)
    if cmd.charter == team.charter:
        raise InvalidCommand("The charter is unchanged.")
    team = _revision_cost(state, team, role, "charter", cmd.reason)
    revision = CharterRevision(state.quarter, cmd.reason.strip(), role, cmd.charter)
    team = evolve(team, charter=cmd.charter,
                   charter_revisions=(*team.charter_revisions, revision))
    c = cmd.charter
    team = add_evidence(team, state.quarter, "charter", ("LO4",), {
        "members": list(c.members),
        "chair": c.chair,
        "cadence": c.cadence,
        "decision_rights": list(c.decision_rights),
        "risk_tiering": c.risk_tiering,
        "escalation": len(c.escalation),
        "decision_log": c.decision_log,
        "accountable": len(c.accountable),
        "frameworks": list(c.frameworks),
        "reason": cmd.reason.strip(),
        "revision": state.quarter > 0,
    }, role)
    return team, [Event("artefact", f"{ROLE_NAMES[role]} updated the committee charter",
                        team.id, "team", state.quarter, {"artefact": "charter", "role": role})]


def propose_standard(state: GameState, team: Team, role: str, cmd: ProposeStandard) -> Result:
    spec = state.scenario.standards.get(cmd.standard)
    if spec is None:
        raise UnknownTarget(f'There is no standard "{cmd.standard}" in the catalogue.')
    if cmd.owner not in ROLES:
        raise InvalidCommand("A standard's owner is dataops, mlops or finops.")
    if cmd.mechanism not in ADOPTION_MECHANISMS:
        raise InvalidCommand(f"Adoption is by {', '.join(ADOPTION_MECHANISMS)}.")
    if len(cmd.kpi) > MAX_KPI:
        raise InvalidCommand(f"A KPI is at most {MAX_KPI} characters.")
    kpi = cmd.kpi.strip() or spec.kpi
    old = team.standards.get(spec.id)
    if old and (old.owner, old.mechanism, old.kpi) == (cmd.owner, cmd.mechanism, kpi):
        raise InvalidCommand("That proposal is unchanged.")
    team = _revision_cost(state, team, role, "standards", f"standard {spec.id}")
    adopted = old.adopted if old and old.mechanism == cmd.mechanism else None
    proposal = StandardProposal(spec.id, cmd.owner, cmd.mechanism, kpi, state.quarter, role,
                                adopted)
    team = evolve(team, standards={**team.standards, spec.id: proposal})
    team = add_evidence(team, state.quarter, "standard_proposed", ("LO5",), {
        "standard": spec.id, "owner": cmd.owner, "mechanism": cmd.mechanism,
        "kpi": kpi, "disciplines": list(spec.disciplines),
    }, role)
    return team, [Event("artefact",
                        f"{ROLE_NAMES[role]} proposed the standard: {spec.name} "
                        f"({cmd.mechanism}, owned by {ROLE_NAMES[cmd.owner]})",
                        team.id, "team", state.quarter,
                        {"artefact": "standards", "standard": spec.id, "role": role})]


def withdraw_standard(state: GameState, team: Team, role: str, cmd: WithdrawStandard) -> Result:
    if cmd.standard not in team.standards:
        raise UnknownTarget(f'The team has not proposed "{cmd.standard}".')
    team = _revision_cost(state, team, role, "standards", f"withdraw {cmd.standard}")
    team = evolve(team, standards={k: v for k, v in team.standards.items()
                                    if k != cmd.standard})
    team = add_evidence(team, state.quarter, "standard_withdrawn", ("LO5",),
                        {"standard": cmd.standard}, role)
    return team, [Event("artefact", f"{ROLE_NAMES[role]} withdrew the standard {cmd.standard}",
                        team.id, "team", state.quarter,
                        {"artefact": "standards", "standard": cmd.standard, "role": role})]


def adoption_problems(state: GameState, team: Team, standard: str, mechanism: str,
                      quarter: int) -> list[str]:
    """Why a proposed standard cannot be adopted this quarter; empty when it can.

    Nothing adopts for free (docs/scoring.md, LO5): a policy needs the committee's right to
    approve standards, training needs the upskilling programme, code needs CI/CD, and the
    owner pays the rollout (`rollout_cost`) from its envelope.
    """
    scenario = state.scenario
    spec = scenario.standards[standard]
    problems = [c.text for c in spec.requires if not all_hold((c,), team, scenario, quarter)]
    if mechanism == "policy" and not all_hold((_APPROVE,), team, scenario, quarter):
        problems.append("a policy needs the committee's right to approve standards in force: "
                        + right_problem(team, scenario, quarter, "approve_standards"))
    proposal = team.standards.get(standard)
    cost = rollout_cost(team, mechanism)
    # Budgets arrive in Q1: in setup, an empty envelope is no reason worth reporting.
    if proposal is not None and quarter >= 1 and available(team, proposal.owner) < cost:
        problems.append(f"its owner cannot pay the {cost} cr rollout")
    if mechanism == "code" and "I8" in scenario.initiatives and not all_hold(
        (_I8,), team, scenario, quarter
    ):
        problems.append("enforcing it as code needs the CI/CD initiative (I8) in effect")
    if mechanism == "training" and "I12" in scenario.initiatives and not all_hold(
        (_I12,), team, scenario, quarter
    ):
        problems.append("adoption by training needs the upskilling initiative (I12) in effect")
    return problems


def right_problem(team: Team, scenario: Scenario, quarter: int, right: str) -> str:
    """What keeps a committee's decision right from counting, in words: ticking the right in
    the charter is not enough, the committee (the governance initiative, I11) must be funded
    and in effect, with a workable charter."""
    words = right.replace("_", " ")
    gov = scenario.initiatives.get(COMMITTEE)
    name = f"the governance initiative ({gov.name}, {COMMITTEE})" if gov else "the committee"
    out = []
    if team.charter is None or right not in team.charter.decision_rights:
        out.append(f"the charter does not grant the right to {words} yet")
    if gov is None:
        out.append("this scenario has no committee")
    elif not built_rank(team, gov, quarter):
        bought = team.initiatives.get(COMMITTEE)
        if (bought is None or not bought.rank) and quarter < 1:
            # In setup nothing can be funded yet: said as the plan, not as a failing.
            out.append(f"{name} can be funded from Q1, when budgets arrive; a charter's rights "
                       "count only while the committee is funded and in effect")
        elif bought is None or not bought.rank:
            out.append(f"{name} is not funded, and a charter's rights count only while the "
                       "committee is funded and in effect")
        else:
            ready = bought.bought[0] + gov.levels[LEVELS[0]].delay
            out.append(f"{name} is funded but in effect only from Q{ready}; the charter's "
                       "rights count from then")
    problems = charter_problems(team.charter)
    if team.charter is not None and problems:
        out.append(f"the charter is not workable yet ({'; '.join(problems)})")
    return "; ".join(out) or "the committee is not in effect"


# Credits the owner pays, the quarter a standard is adopted, to roll it out.
ADOPTION_COST = {"policy": 1, "training": 2, "code": 3}
# Each standard already in place makes the next dearer by this much: they compete for the same
# people's attention. Without it, proposing the whole catalogue in setup was the best play
# (every standard at 1 cr), so choosing the few that fit the organisation taught nothing.
CHANGE_LOAD = 1
_APPROVE = parse_condition("right:approve_standards")
COMMITTEE = "I11"  # the governance initiative: the committee (game/effects.committee_active)
_I8 = parse_condition("I8")
_I12 = parse_condition("I12")


def rollout_cost(team: Team, mechanism: str) -> int:
    """What rolling out one more standard by `mechanism` costs its owner now."""
    adopted = sum(1 for p in team.standards.values() if p.adopted is not None)
    return ADOPTION_COST[mechanism] + CHANGE_LOAD * adopted


def adopt_standards(state: GameState, team: Team, quarter: int) -> tuple[Team, list[Event]]:
    """Adopt every proposal that can be as the quarter resolves; the view runs it too, to
    tell the Ready summary what rollouts the team is about to pay."""
    events: list[Event] = []
    # Standards held back for the same reasons are reported together: five proposals
    # waiting for the committee once read as the same long sentence five times.
    waiting: dict[tuple[str, ...], list[str]] = {}
    for ident, proposal in sorted(team.standards.items()):
        if proposal.adopted is not None:
            continue
        name = state.scenario.standards[ident].name
        problems = adoption_problems(state, team, ident, proposal.mechanism, quarter)
        if problems:
            waiting.setdefault(tuple(problems), []).append(ident)
            continue
        cost = rollout_cost(team, proposal.mechanism)
        team = debit(team, proposal.owner, cost, f"rolling out {name}")
        team = book(team, quarter, "standard", -cost, f"{ident} rollout")
        team = evolve(team, standards={**team.standards,
                                        ident: evolve(proposal, adopted=quarter)})
        team = add_evidence(team, quarter, "standard_adopted", ("LO5",), {
            "standard": ident, "mechanism": proposal.mechanism, "owner": proposal.owner,
            "disciplines": list(state.scenario.standards[ident].disciplines),
            "kpi": proposal.kpi,
            "cost": cost,
            "via_committee": proposal.mechanism == "policy",
        })
        events.append(Event("standard", f"{name} adopted ({proposal.mechanism}, {cost} cr to "
                            "roll out).", team.id,
                            "team", quarter, {"standard": ident, "adopted": True,
                                                   "cost": cost, "owner": proposal.owner}))
    for reasons, idents in waiting.items():
        names = listing([state.scenario.standards[i].name for i in idents])
        stays = "stays a proposal" if len(idents) == 1 else "stay proposals"
        events.append(Event("standard", f"{names} {stays}: {'; '.join(reasons)}.", team.id,
                            "team", quarter, {"standards": idents, "adopted": False}))
    return team, events
