"""Learning-objective levels (LO1–LO5) from the evidence ledger and the three artefacts.

GAME.md, "Scoring and debrief"; the rubric is CONTENT.md §6.7; docs/scoring.md explains it to
facilitators in plain words. Each objective is a ladder of criteria, one rung per level above
beginning. A team's level is the highest rung whose criteria, and those of every rung below,
are all met. Every criterion asks either "is there at least this much of something good" or
"is there no more than this much (or this share) of something bad", so a new piece of good
evidence can never lower a level: tests/game/test_objectives.py checks that property.

The game cannot hear a team talk. Where the rubric asks for a justification, the nearest
in-game evidence stands in for it (a revision reason, a response that names its prevention, a
notification through the committee), and the facilitator can confirm or override any level
with a comment (`LevelOverride`); reports show both.

Pure: no I/O. Everything is computed from a team, the scenario, the difficulty and a quarter,
so the level a team had at the end of any earlier quarter can be recomputed for the
per-quarter leaderboard.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from game.scenario_model import Scenario
from game.scoring import goals_met, outcome_score
from game.state import Charter, Evidence, GameState, LevelOverride, RoadmapEntry, Team
from game.views import SEAM_INITIATIVES
from game.vocab import (
    LEVEL_RANK,
    OBJECTIVE_LEVELS,
    OBJECTIVES,
    ROLE_NAMES,
    ROLES,
    SEAM_NAMES,
)

BEGINNING, DEVELOPING, PROFICIENT, EXEMPLARY = 1, 2, 3, 4

OBJECTIVE_TITLES: dict[str, str] = {
    "LO1": "Develop a comprehensive integration roadmap",
    "LO2": "Analyse the challenges in integrating the disciplines",
    "LO3": "Evaluate strategies for overcoming integration challenges",
    "LO4": "Design a cross-functional AI governance committee",
    "LO5": "Propose standardization practices across the Ops disciplines",
}

CALIBRATION: dict[str, str] = {
    "novice": "Novice game: proficient is the realistic top band. Hints name the frameworks, "
    "so citing one is not asked for beyond the rubric.",
    "experienced": "Experienced game: exemplary also needs unprompted framework use and "
    "quantified trade-offs.",
}

OPS_DISCIPLINES = ("dataops", "mlops", "finops")
OPS_LEADS = ("dataops_lead", "mlops_lead", "finops_lead")
CROSS_FUNCTIONAL = (*OPS_LEADS, "risk_legal", "business_owner", "executive_sponsor")
FIVE_STEPS = ("contain", "diagnose", "remediate", "prevent", "communicate")
# Results of an incident that show a bet went wrong and call for a re-plan.
SETBACK_RESULTS = ("escalated", "crisis")
SETBACK_KINDS = ("incident_recurred", "deadline_missed", "clock_missed", "upkeep_missed")
# Ledger kinds after which a roadmap revision counts as a response to events.
TRIGGER_KINDS = ("incident_opened", "incident_recurred", "inject_received", "incident_outcome",
                 "deadline_missed", "clock_missed", "upkeep_missed")
COMMITTEE = "I11"
SHARED_IDS = "shared-ids"

# Bars of the rubric, in one place so docs/scoring.md and the code agree.
ACCURACY_DEVELOPING = 0.4
ACCURACY_PROFICIENT = 0.7
ACCURACY_EXEMPLARY = 0.85
EXEMPLARY_INCIDENTS = 3
HANDLED_DEVELOPING = 0.5
GOOD_PROFICIENT = 0.6
BAD_PROFICIENT = 0.25
RUN_SHARE_MAX = 1 / 3
RACI_PROFICIENT = 4


def level_name(level: int) -> str:
    return OBJECTIVE_LEVELS[level - 1]


def level_number(name: str) -> int:
    return OBJECTIVE_LEVELS.index(name) + 1


# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """One line of evidence behind a level: when, what the team decided, what it led to."""

    quarter: int
    decision: str
    consequence: str
    tone: str = "neutral"  # positive | negative | neutral


@dataclass(frozen=True, slots=True)
class Criterion:
    """One rung's requirement: `level` is the level it is needed for (2 to 4)."""

    level: int
    text: str
    met: bool
    measured: str
    lift: str


@dataclass(frozen=True, slots=True)
class ObjectiveResult:
    objective: str
    title: str
    computed: int
    criteria: tuple[Criterion, ...]
    evidence: tuple[EvidenceItem, ...]
    confirmed: int | None = None
    comment: str = ""

    @property
    def level(self) -> int:
        """The level that counts: the facilitator's where one was set, else the computed one."""
        return self.confirmed if self.confirmed is not None else self.computed

    @property
    def lift(self) -> tuple[str, ...]:
        """What would have lifted the computed level to the next one."""
        return tuple(c.lift for c in self.criteria if c.level == self.computed + 1 and not c.met)


@dataclass(frozen=True, slots=True)
class SeatContribution:
    """What one seat did, for the facilitator's debrief. Never graded."""

    role: str
    holder: str
    name: str
    clues_shared: int = 0
    investigations: int = 0
    cross_role_investigations: int = 0
    diagnoses_proposed: int = 0
    responses_proposed: int = 0
    notifications: int = 0
    credits_pledged: int = 0
    credits_moved: int = 0
    artefact_edits: int = 0
    chat_messages: int = 0


@dataclass(frozen=True, slots=True)
class Assessment:
    team: str
    team_name: str
    quarter: int
    difficulty: str
    objectives: tuple[ObjectiveResult, ...]
    outcome: int
    goals: Mapping[str, bool] = field(default_factory=dict)

    @property
    def calibration(self) -> str:
        return CALIBRATION.get(self.difficulty, CALIBRATION["novice"])

    def objective(self, objective: str) -> ObjectiveResult:
        return next(o for o in self.objectives if o.objective == objective)

    def levels(self, confirmed: bool = True) -> dict[str, int]:
        return {o.objective: o.level if confirmed else o.computed for o in self.objectives}


@dataclass(frozen=True, slots=True)
class LeaderboardRow:
    rank: int
    team: str
    name: str
    quarter: int
    outcome: int
    value: int
    goals_met: int
    goals: int
    levels: Mapping[str, int]
    computed: Mapping[str, int]


# --- the public functions ------------------------------------------------------------------


def assess(state: GameState, team_id: str, quarter: int | None = None) -> Assessment:
    """A team's five objective levels with their evidence, as of the end of `quarter`.

    Without a quarter: now. Facilitator overrides apply only to the current assessment.
    """
    team = state.team(team_id)
    final = quarter is None or quarter >= state.quarter
    q = state.quarter if quarter is None else min(quarter, state.quarter)
    overrides = state.overrides if final else ()
    result = assess_team(team, state.scenario, state.difficulty, q, overrides)
    record = next((h for h in team.history if h.quarter == q), None)
    if final or record is None:
        score = outcome_score(team, state.scenario, state.quarter, final=state.phase == "ended")
        goals = goals_met(team, state.scenario)
    else:
        score = record.outcome
        goals = goals_met(replace(team, metrics=record.metrics, value=record.value),
                          state.scenario)
    return Assessment(result.team, result.team_name, q, result.difficulty, result.objectives,
                      score, goals)


def objective_levels(state: GameState, team_id: str, confirmed: bool = True) -> dict[str, int]:
    """LO1..LO5 -> level 1 (beginning) to 4 (exemplary); the facilitator's word if given."""
    return assess(state, team_id).levels(confirmed)


def assess_team(
    team: Team, scenario: Scenario, difficulty: str, quarter: int,
    overrides: Iterable[LevelOverride] = (),
) -> Assessment:
    """The pure core of `assess`: everything from the team's own record up to `quarter`."""
    facts = _Facts(team, scenario, difficulty, quarter)
    ladders = (_lo1(facts), _lo2(facts), _lo3(facts), _lo4(facts), _lo5(facts))
    confirmed = {o.objective: o for o in overrides if o.team == team.id}
    results = []
    for objective, (criteria, evidence) in zip(OBJECTIVES, ladders, strict=True):
        computed = _climb(criteria)
        override = confirmed.get(objective)
        results.append(ObjectiveResult(
            objective, OBJECTIVE_TITLES[objective], computed, tuple(criteria), tuple(evidence),
            level_number(override.level) if override else None,
            override.comment if override else "",
        ))
    record = next((h for h in team.history if h.quarter == quarter), None)
    outcome = record.outcome if record else outcome_score(team, scenario, quarter)
    return Assessment(team.id, team.name, quarter, difficulty, tuple(results), outcome)


def leaderboard(state: GameState, quarter: int | None = None) -> tuple[LeaderboardRow, ...]:
    """Outcome and objectives side by side, best outcome first; `quarter` for an earlier one."""
    rows = []
    for team in state.teams:
        a = assess(state, team.id, quarter)
        met = a.goals
        value = next((h.value for h in team.history if h.quarter == a.quarter), team.value)
        rows.append((a, team, value, sum(met.values()), len(met)))
    rows.sort(key=lambda r: (-r[0].outcome, -sum(r[0].levels().values()), r[1].name))
    return tuple(
        LeaderboardRow(rank, team.id, team.name, a.quarter, a.outcome, value, n_met, n_goals,
                       a.levels(), a.levels(confirmed=False))
        for rank, (a, team, value, n_met, n_goals) in enumerate(rows, start=1)
    )


def leaderboards(state: GameState) -> dict[int, tuple[LeaderboardRow, ...]]:
    """The leaderboard at the end of every resolved quarter (the last one is the current)."""
    done = sorted({h.quarter for t in state.teams for h in t.history})
    return {q: leaderboard(state, q if q < state.quarter else None) for q in done}


def seat_contributions(team: Team) -> tuple[SeatContribution, ...]:
    counts: dict[str, dict[str, int]] = {r: {} for r in ROLES}

    def add(role: str, key: str, n: int = 1) -> None:
        if role in counts:
            counts[role][key] = counts[role].get(key, 0) + n

    for e in team.ledger:
        d = e.detail
        if e.kind == "share_clue":
            add(e.by, "clues_shared")
        elif e.kind == "investigate":
            add(e.by, "investigations")
            if _b(d, "cross_role"):
                add(e.by, "cross_role_investigations")
        elif e.kind == "diagnosis_proposed":
            add(e.by, "diagnoses_proposed")
        elif e.kind == "response_proposed":
            add(e.by, "responses_proposed")
        elif e.kind == "notify":
            add(e.by, "notifications")
        elif e.kind == "pledge":
            add(e.by, "credits_pledged", _i(d, "amount"))
        elif e.kind == "transfer":
            add(e.by, "credits_moved", _i(d, "amount"))
        elif e.kind in ("roadmap", "charter", "standard_proposed", "standard_withdrawn"):
            add(e.by, "artefact_edits")
    for message in team.chat:
        if message.kind == "chat":
            add(message.sender, "chat_messages")
    out = []
    for role in ROLES:
        seat = team.seats.get(role)
        holder = seat.holder if seat else "empty"
        if seat is not None and holder == "bot":
            holder = f"bot ({seat.bot_level})"
        out.append(SeatContribution(role, holder, seat.name if seat else "", **counts[role]))
    return tuple(out)


# --- the ladder ----------------------------------------------------------------------------


def _climb(criteria: list[Criterion]) -> int:
    level = BEGINNING
    for rung in (DEVELOPING, PROFICIENT, EXEMPLARY):
        if all(c.met for c in criteria if c.level == rung):
            level = rung
        else:
            break
    return level


def _c(level: int, text: str, met: bool, measured: str, lift: str) -> Criterion:
    return Criterion(level, text, met, measured, lift)


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _pct(part: int, whole: int) -> str:
    return f"{part} of {whole} ({round(100 * _share(part, whole))}%)" if whole else "none yet"


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


# --- reading the ledger --------------------------------------------------------------------


def _s(d: Mapping[str, object], key: str) -> str:
    v = d.get(key)
    return v if isinstance(v, str) else ""


def _i(d: Mapping[str, object], key: str) -> int:
    v = d.get(key)
    return v if isinstance(v, int) and not isinstance(v, bool) else 0


def _b(d: Mapping[str, object], key: str) -> bool:
    return d.get(key) is True


def _strs(d: Mapping[str, object], key: str) -> tuple[str, ...]:
    v = d.get(key)
    if isinstance(v, list | tuple):
        return tuple(x for x in v if isinstance(x, str))
    return ()


@dataclass(slots=True)
class _Episode:
    """One incident from its opening (or its return) until it is dealt with."""

    incident: str
    spec: str
    opened: int
    diagnosis: str | None = None
    correct: bool | None = None
    first_correct: int | None = None
    red_herring: bool = False
    pooled: tuple[str, ...] = ()
    judged: int | None = None  # the last quarter it was judged in
    responded: bool = False
    result: str = ""
    severity: int = 0
    proposals: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Response:
    quarter: int
    incident: str
    spec: str
    response: str
    klass: str
    steps: tuple[str, ...]
    notified: bool
    prevents_with: str
    prevention_in_place: bool
    uses_committee: bool
    result: str


@dataclass(slots=True)
class _Standard:
    id: str
    owner: str = ""
    mechanism: str = ""
    kpi: str = ""
    proposed: int = 0
    current: bool = False
    adopted: int | None = None
    adoptions: set[int] = field(default_factory=set)  # quarters adopted in, since proposed
    adopted_code: bool = False


class _Facts:
    """Everything the ladders ask about, read once from the team's record up to a quarter."""

    def __init__(self, team: Team, scenario: Scenario, difficulty: str, quarter: int) -> None:
        self.team = team
        self.scenario = scenario
        self.experienced = difficulty == "experienced"
        self.quarter = quarter
        self.ledger = tuple(e for e in team.ledger if e.quarter <= quarter)
        self.roadmap = _roadmap_as_of(team, quarter)
        self.charter = _charter_as_of(team, quarter)
        self.episodes: list[_Episode] = []
        self.responses: list[_Response] = []
        self.standards: dict[str, _Standard] = {}
        self.funded: dict[str, list[tuple[int, int]]] = {}  # initiative -> (rank, quarter)
        self._read()

    def _read(self) -> None:
        current: dict[str, _Episode] = {}
        for e in self.ledger:
            d = e.detail
            if e.kind in ("incident_opened", "incident_recurred"):
                episode = _Episode(_s(d, "incident"), _s(d, "spec"), e.quarter)
                current[episode.incident] = episode
                self.episodes.append(episode)
            elif e.kind == "diagnosis_proposed":
                episode = self._episode(current, _s(d, "incident"), "", e.quarter)
                episode.proposals[_s(d, "diagnosis")] = _strs(d, "pooled_roles")
            elif e.kind == "incident_outcome":
                self._outcome(current, e)
            elif e.kind == "initiative_funded":
                rank = LEVEL_RANK.get(_s(d, "level"), 1)
                self.funded.setdefault(_s(d, "initiative"), []).append((rank, e.quarter))
            elif e.kind in ("standard_proposed", "standard_withdrawn", "standard_adopted"):
                self._standard(e)

    def _episode(self, current: dict[str, _Episode], incident: str, spec: str,
                 quarter: int) -> _Episode:
        episode = current.get(incident)
        if episode is None:
            episode = _Episode(incident, spec or incident.split("@")[0], quarter)
            current[incident] = episode
            self.episodes.append(episode)
        return episode

    def _outcome(self, current: dict[str, _Episode], e: Evidence) -> None:
        d = e.detail
        episode = self._episode(current, _s(d, "incident"), _s(d, "spec"), e.quarter)
        episode.judged = e.quarter
        episode.result = _s(d, "result")
        episode.severity = _i(d, "severity")
        diagnosis = _s(d, "diagnosis")
        if diagnosis:
            episode.diagnosis = diagnosis
            episode.correct = _b(d, "correct")
            if episode.correct and (episode.first_correct is None
                                    or e.quarter < episode.first_correct):
                episode.first_correct = e.quarter
            episode.red_herring = _b(d, "red_herring")
            # Pooled before diagnosing: what the team could all see when it proposed it.
            episode.pooled = episode.proposals.get(diagnosis, _strs(d, "pooled_roles"))
        klass = _s(d, "class")
        if klass:
            episode.responded = True
            self.responses.append(_Response(
                e.quarter, episode.incident, episode.spec, _s(d, "response"), klass,
                _strs(d, "steps"), _b(d, "notified"), _s(d, "prevents_with"),
                _b(d, "prevention_in_place"), _b(d, "uses_committee"), episode.result,
            ))

    def _standard(self, e: Evidence) -> None:
        d = e.detail
        ident = _s(d, "standard")
        std = self.standards.setdefault(ident, _Standard(ident))
        if e.kind == "standard_withdrawn":
            self.standards[ident] = _Standard(ident)
            return
        if e.kind == "standard_proposed" and std.current and std.mechanism != _s(d, "mechanism"):
            std.adopted = None  # as the engine does: a new mechanism must be adopted anew
        std.current = True
        std.owner = _s(d, "owner") or std.owner
        std.mechanism = _s(d, "mechanism") or std.mechanism
        std.kpi = _s(d, "kpi") or std.kpi
        if e.kind == "standard_proposed":
            std.proposed = e.quarter
        else:
            std.adopted = e.quarter if std.adopted is None else std.adopted
            std.adoptions.add(e.quarter)
            std.adopted_code = std.adopted_code or _s(d, "mechanism") == "code"

    # -- questions the ladders ask --

    def kinds(self, *kinds: str) -> list[Evidence]:
        return [e for e in self.ledger if e.kind in kinds]

    def has_initiative(self, ident: str) -> bool:
        return ident in self.scenario.initiatives

    def funded_ever(self, ident: str, rank: int = 1) -> bool:
        return any(r >= rank for r, _ in self.funded.get(ident, ()))

    def initiative_name(self, ident: str) -> str:
        spec = self.scenario.initiatives.get(ident)
        return f"{spec.name} ({ident})" if spec else ident

    def title(self, spec: str) -> str:
        inc = self.scenario.incidents.get(spec)
        return inc.title if inc else spec

    @property
    def judged(self) -> list[_Episode]:
        return [ep for ep in self.episodes if ep.judged is not None]


def _roadmap_as_of(team: Team, quarter: int) -> tuple[RoadmapEntry, ...]:
    if not team.roadmap_revisions:
        return team.roadmap
    entries: tuple[RoadmapEntry, ...] = ()
    for rev in team.roadmap_revisions:
        if rev.quarter <= quarter:
            entries = rev.entries
    return entries


def _charter_as_of(team: Team, quarter: int) -> Charter | None:
    if not team.charter_revisions:
        return team.charter
    charter = None
    for rev in team.charter_revisions:
        if rev.quarter <= quarter:
            charter = rev.charter
    return charter


def _disciplines(names: Iterable[str]) -> str:
    words = [ROLE_NAMES.get(n, n) for n in names]
    return ", ".join(words) if words else "none"


def _short(text: str, limit: int = 110) -> str:
    first = text.split(". ")[0].rstrip(".")
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


# --- LO1: the roadmap ----------------------------------------------------------------------


def _lo1(f: _Facts) -> tuple[list[Criterion], list[EvidenceItem]]:
    sc = f.scenario
    roadmap = f.roadmap
    disciplines = {sc.initiatives[e.initiative].discipline for e in roadmap
                   if e.initiative in sc.initiatives}
    ops = [d for d in OPS_DISCIPLINES if d in disciplines]
    quarters = sorted({e.quarter for e in roadmap})
    goal_metrics = {g.metric for g in sc.goals if g.kind == "metric"}
    tied = [e for e in roadmap if e.goal or e.kpi_metric in goal_metrics]
    with_kpi = [e for e in roadmap if e.kpi_metric]
    untargeted = [q for q in quarters if not any(e.kpi_metric for e in roadmap if e.quarter == q)]
    plan_gaps = _plan_gaps(f)
    out_of_order = [e for e in f.kinds("initiative_funded") if _strs(e.detail,
                                                                     "prerequisites_missing")]
    revisions = _responsive_revisions(f)
    setbacks, replanned = _replanned(f)
    staged = _staged(roadmap)
    runs = sum(1 for e in roadmap if e.level == "run")
    seams = [s for s, pair in SEAM_INITIATIVES.items()
             if all(any(e.initiative == i and LEVEL_RANK[e.level] >= 2 for e in roadmap)
                    for i in pair)]
    upkeep_missed = f.kinds("upkeep_missed")
    funded_any = bool(f.funded)

    criteria = [
        _c(2, "A roadmap is drafted", bool(roadmap), f"{len(roadmap)} lines",
           "Draft a roadmap in setup: initiative, level, quarter, owner and a KPI per line."),
        _c(2, "It covers at least two of the three Ops disciplines", len(ops) >= 2,
           _disciplines(ops), "Put initiatives of at least two disciplines on the roadmap."),
        _c(2, "Some sequencing: lines spread over two or more quarters", len(quarters) >= 2,
           f"{len(quarters)} quarters", "Spread the plan over the quarters instead of buying "
           "everything at once."),
        _c(2, "At most one initiative funded out of dependency order", len(out_of_order) <= 1,
           f"{len(out_of_order)} out of order",
           "Fund prerequisites first (I1 before I2/I3, I7 before I8/I9, feeds before I10)."),
        _c(3, "Covers DataOps, MLOps, FinOps and governance (the committee)",
           len(ops) == 3 and "governance" in disciplines,
           _disciplines([*ops, *(["governance"] if "governance" in disciplines else [])]),
           "Cover all three disciplines and governance on the roadmap."),
        _c(3, "Phased: lines spread over three or more quarters", len(quarters) >= 3,
           f"{len(quarters)} quarters", "Phase the roadmap: crawl in Q1–Q2, walk in Q3–Q4, run "
           "later where value warrants it."),
        _c(3, "Dependencies respected in the plan", bool(roadmap) and not plan_gaps,
           "; ".join(plan_gaps) if plan_gaps else ("all in order" if roadmap else "no plan"),
           "Plan each prerequisite no later than the initiative that needs it."),
        _c(3, "Dependencies respected in funding", not out_of_order,
           f"{len(out_of_order)} funded before their prerequisites",
           "Never fund an initiative before its prerequisites are in place."),
        _c(3, "Every phase has a KPI target", bool(quarters) and not untargeted,
           f"{len(with_kpi)} of {len(roadmap)} lines with a KPI"
           + (f"; none in Q{', Q'.join(map(str, untargeted))}" if untargeted else ""),
           "Give every quarter of the plan at least one KPI target from the metrics."),
        _c(3, "Updated at least twice after incidents or injects, with a reason",
           len(revisions) >= 2, f"{len(revisions)} quarters with a revision",
           "Revise the roadmap after incidents and injects, saying why in one line."),
        _c(3, "Tied to the organisation's goals", bool(tied),
           f"{len(tied)} lines tied to a goal or a goal's metric",
           "Tie roadmap lines to the scenario's goals (a goal, or a KPI on a goal's metric)."),
        _c(4, "Crawl→walk→run staging, with run on no more than a third of lines",
           staged and runs <= RUN_SHARE_MAX * len(roadmap),
           f"staged: {_yes(staged)}; {runs} of {len(roadmap)} lines at run",
           "Stage initiatives crawl then walk, and go to run only where value warrants it."),
        _c(4, "Names a seam-level milestone (both initiatives of a seam at walk or above)",
           bool(seams), ", ".join(SEAM_NAMES[s] for s in seams) or "none",
           "Plan a seam to walk, e.g. DataOps↔MLOps: contracts (I4) and monitoring (I9)."),
        _c(4, "Recurring costs budgeted: initiatives funded and no upkeep ever missed",
           funded_any and not upkeep_missed, f"{len(upkeep_missed)} upkeep payments missed",
           "Budget the upkeep of what you fund so no initiative loses a level."),
        _c(4, "Re-planned after a failed bet, with the reason", replanned,
           f"{setbacks} setbacks; re-planned: {_yes(replanned)}",
           "After an escalation, a recurrence or a missed deadline, revise the roadmap."),
    ]
    if f.experienced:
        criteria.append(_c(
            4, "Quantified: a KPI target on every line", bool(roadmap)
            and len(with_kpi) == len(roadmap), f"{len(with_kpi)} of {len(roadmap)} lines",
            "Give every roadmap line a numeric KPI target."))
    return criteria, _lo1_evidence(f)


def _plan_gaps(f: _Facts) -> list[str]:
    """Roadmap lines planned before (or without) the prerequisites they need."""
    sc = f.scenario
    first: dict[str, int] = {}
    reached: dict[str, list[tuple[int, int]]] = {}
    for e in f.roadmap:
        first[e.initiative] = min(first.get(e.initiative, e.quarter), e.quarter)
        reached.setdefault(e.initiative, []).append((LEVEL_RANK[e.level], e.quarter))

    def planned_by(ident: str, rank: int, quarter: int) -> bool:
        return any(r >= rank and q <= quarter for r, q in reached.get(ident, ()))

    gaps = []
    for ident, quarter in sorted(first.items()):
        spec = sc.initiatives.get(ident)
        for cond in spec.prerequisites if spec else ():
            if cond.kind == "initiative" and not planned_by(cond.ids[0], cond.rank, quarter):
                gaps.append(f"{ident} before {cond.text}")
            elif cond.kind == "count" and sum(
                planned_by(i, 1, quarter) for i in cond.ids
            ) < cond.count:
                gaps.append(f"{ident} before {cond.count} of {', '.join(cond.ids)}")
    return gaps


def _responsive_revisions(f: _Facts) -> list[int]:
    """Quarters with a reasoned roadmap revision made after an incident or inject."""
    seen_trigger = False
    quarters: set[int] = set()
    for e in f.ledger:
        if e.kind in TRIGGER_KINDS:
            seen_trigger = True
        elif (e.kind == "roadmap" and seen_trigger and _b(e.detail, "revision")
              and _s(e.detail, "reason")):
            quarters.add(e.quarter)
    return sorted(quarters)


def _replanned(f: _Facts) -> tuple[int, bool]:
    """Setbacks (failed bets) and whether a reasoned roadmap revision followed one."""
    setbacks = 0
    replanned = False
    for e in f.ledger:
        if (e.kind in SETBACK_KINDS
                or (e.kind == "incident_outcome" and _s(e.detail, "result") in SETBACK_RESULTS)
                or (e.kind == "initiative_funded"
                    and _strs(e.detail, "prerequisites_missing"))):
            setbacks += 1
        elif (setbacks and e.kind == "roadmap" and _b(e.detail, "revision")
              and _s(e.detail, "reason")):
            replanned = True
    return setbacks, replanned or not setbacks


def _staged(roadmap: tuple[RoadmapEntry, ...]) -> bool:
    by_initiative: dict[str, list[tuple[int, int]]] = {}
    for e in roadmap:
        by_initiative.setdefault(e.initiative, []).append((e.quarter, LEVEL_RANK[e.level]))
    for steps in by_initiative.values():
        if any(b[1] > a[1] and b[0] > a[0] for a, b in itertools.combinations(sorted(steps), 2)):
            return True
    return False


def _lo1_evidence(f: _Facts) -> list[EvidenceItem]:
    items: list[EvidenceItem] = []
    for e in f.ledger:
        d = e.detail
        if e.kind == "roadmap":
            disc = _disciplines(x for x in _strs(d, "disciplines") if x != "all")
            what = (f"a roadmap of {_i(d, 'entries')} lines ({disc}; {_i(d, 'with_kpi')} with a "
                    f"KPI target, {_i(d, 'with_goal')} linked by name to a goal)")
            if _b(d, "revision"):
                items.append(EvidenceItem(e.quarter, f"Revised the roadmap: “{_s(d, 'reason')}”",
                                          f"Now {what}.", "positive"))
            else:
                items.append(EvidenceItem(e.quarter, "Drafted the roadmap in setup",
                                          f"Set out {what}.", "neutral"))
        elif e.kind == "initiative_funded":
            name = f.initiative_name(_s(d, "initiative"))
            decision = f"Funded {name} at {_s(d, 'level')} ({_i(d, 'cost')} cr)"
            missing = _strs(d, "prerequisites_missing")
            if missing:
                items.append(EvidenceItem(e.quarter, decision, "No effect until its "
                                          f"prerequisites are in place ({', '.join(missing)}).",
                                          "negative"))
            elif not _b(d, "on_roadmap"):
                items.append(EvidenceItem(e.quarter, decision,
                                          "Not on the roadmap: an unplanned purchase.", "neutral"))
            else:
                items.append(EvidenceItem(e.quarter, decision,
                                          "As planned, with its prerequisites in place.",
                                          "positive"))
        elif e.kind == "upkeep_missed":
            items.append(EvidenceItem(
                e.quarter, f"Left the {_i(d, 'due')} cr upkeep of "
                f"{f.initiative_name(_s(d, 'initiative'))} unpaid",
                f"It lost its {_s(d, 'level')} level.", "negative"))
        elif e.kind == "inject_received":
            items.append(EvidenceItem(e.quarter, f"Faced the inject “{_s(d, 'title')}”",
                                      "An event the roadmap should respond to.", "neutral"))
    return items


# --- LO2: analysing the challenges ---------------------------------------------------------


def _lo2(f: _Facts) -> tuple[list[Criterion], list[EvidenceItem]]:
    judged = f.judged
    diagnosed = [ep for ep in judged if ep.diagnosis]
    correct = [ep for ep in judged if ep.correct]
    pooled = [ep for ep in diagnosed if len(ep.pooled) >= 2]
    herrings = [ep for ep in diagnosed if ep.red_herring]
    accuracy = _share(len(correct), len(judged))
    other_info = (bool(pooled) or any(e.kind == "share_clue" for e in f.ledger)
                  or any(e.kind == "investigate" and _b(e.detail, "cross_role")
                         for e in f.ledger))
    general = _generalised(f, correct)
    herring_specs = {s.id for s in f.scenario.incidents.values()
                     if any(d.red_herring for d in s.diagnoses)}
    faced_herrings = [ep for ep in judged if ep.spec in herring_specs]
    beat_herring = [ep for ep in faced_herrings if ep.correct]

    criteria = [
        _c(2, "At least one incident diagnosed", bool(diagnosed), f"{len(diagnosed)} diagnosed",
           "Submit a diagnosis for every incident before the quarter resolves."),
        _c(2, "Root-cause accuracy of 40% or more", accuracy >= ACCURACY_DEVELOPING,
           _pct(len(correct), len(judged)),
           "Read every role's symptoms before choosing a root cause."),
        _c(2, "Uses other roles' information (shared clues, cross-role investigation)",
           other_info, _yes(other_info),
           "Share your private clues in team chat and ask for the others'."),
        _c(3, "Root-cause accuracy of 70% or more", accuracy >= ACCURACY_PROFICIENT,
           _pct(len(correct), len(judged)),
           "Name the seam and the root cause, not the symptom, in most incidents."),
        _c(3, "Clues of two or more roles pooled before diagnosing, in most incidents",
           len(pooled) * 2 > len(diagnosed) and bool(diagnosed), _pct(len(pooled), len(diagnosed)),
           "Pool clues from at least two roles before anyone proposes a diagnosis."),
        _c(4, f"Root-cause accuracy of 85% or more over {EXEMPLARY_INCIDENTS} or more incidents",
           accuracy >= ACCURACY_EXEMPLARY and len(correct) >= EXEMPLARY_INCIDENTS,
           _pct(len(correct), len(judged)),
           "Get the root cause right nearly every time, across several incidents."),
        _c(4, "Pooled before diagnosing in every incident", bool(diagnosed)
           and len(pooled) == len(diagnosed), _pct(len(pooled), len(diagnosed)),
           "Make pooling a habit: no diagnosis before every role has spoken."),
        _c(4, "No red herring taken for the root cause", not herrings,
           f"{len(herrings)} red herrings chosen",
           "Test each plausible explanation against every role's clues: which does it explain?"),
        _c(4, "Generalises: after diagnosing two incidents with a shared cause, fixes it once",
           bool(general), "; ".join(general) or "none",
           "Look for the shared cause behind incidents and fix it once (lineage, contracts...)."),
    ]
    if f.experienced:
        criteria.append(_c(
            4, "Sees through a red herring: an incident that carried one diagnosed correctly",
            not faced_herrings or bool(beat_herring),
            f"{len(beat_herring)} of {len(faced_herrings)} incidents with a red herring",
            "When a clue points somewhere convenient, check it explains every symptom."))
    return criteria, _lo2_evidence(f)


def _generalised(f: _Facts, correct: list[_Episode]) -> list[str]:
    """Preventions put in place after two or more different incidents they address were
    diagnosed right: the team saw the shared cause and fixed it once."""
    sc = f.scenario
    first: dict[str, int] = {}  # incident spec -> first quarter it was diagnosed right
    for ep in correct:
        if ep.spec in sc.incidents and ep.first_correct is not None:
            first[ep.spec] = min(first.get(ep.spec, ep.first_correct), ep.first_correct)

    def second(covered: list[str]) -> int | None:
        quarters = sorted(first[s] for s in covered)
        return quarters[1] if len(quarters) >= 2 else None

    out = []
    for ident, funded in sorted(f.funded.items()):
        covered = sorted(s for s in first if ident in sc.incidents[s].mitigated_by)
        after = second(covered)
        if after is not None and any(q >= after for _, q in funded):
            out.append(f"{ident} after {', '.join(covered)}")
    for ident, std in sorted(f.standards.items()):
        spec = sc.standards.get(ident)
        if spec is None or not std.current:
            continue
        covered = sorted(s for s in first if set(spec.addresses) & set(sc.incidents[s].tags))
        after = second(covered)
        if after is not None and any(q >= after for q in std.adoptions):
            out.append(f"{ident} after {', '.join(covered)}")
    return out


def _lo2_evidence(f: _Facts) -> list[EvidenceItem]:
    items: list[EvidenceItem] = []
    for ep in f.judged:
        title = f.title(ep.spec)
        quarter = ep.judged if ep.judged is not None else ep.opened
        if not ep.diagnosis:
            items.append(EvidenceItem(quarter, f"No diagnosis submitted for {title}",
                                      "The root cause was never named.", "negative"))
            continue
        spec = f.scenario.incidents.get(ep.spec)
        option = spec.diagnosis(ep.diagnosis) if spec else None
        text = _short(option.text) if option else ep.diagnosis
        pooled = (f"after pooling clues from {_disciplines(ep.pooled)}" if len(ep.pooled) >= 2
                  else "without pooling other roles' clues first")
        decision = f"Diagnosed {title} as “{text}”, {pooled}"
        if ep.correct:
            items.append(EvidenceItem(quarter, decision, "The right root cause.", "positive"))
        else:
            why = " A red herring." if ep.red_herring else ""
            detail = f" {option.explanation}" if option and option.explanation else ""
            items.append(EvidenceItem(quarter, decision, f"Not the root cause.{why}{detail}",
                                      "negative"))
    shared = sum(1 for e in f.ledger if e.kind == "share_clue")
    cross = sum(1 for e in f.ledger if e.kind == "investigate" and _b(e.detail, "cross_role"))
    if shared or cross:
        items.append(EvidenceItem(f.quarter, f"Shared {shared} clues in team chat and ran "
                                  f"{cross} cross-role investigations over the game",
                                  "Private symptoms became team knowledge.", "positive"))
    return items


# --- LO3: strategies -----------------------------------------------------------------------


def _lo3(f: _Facts) -> tuple[list[Criterion], list[EvidenceItem]]:
    responses = f.responses
    ignored = [ep for ep in f.judged if not ep.responded]
    handled = len(responses) + len(ignored)
    good = [r for r in responses if r.klass == "good"]
    sound = [r for r in responses if r.klass in ("good", "partial")]
    poor = [r for r in responses if r.klass == "poor"]
    over = [r for r in responses if r.klass == "over"]
    full = [r for r in responses
            if all(s in r.steps or (s == "communicate" and r.notified) for s in FIVE_STEPS)]
    linked = [r for r in responses if r.prevention_in_place]
    follow = [r for r in responses if r.prevents_with and any(
        q >= r.quarter for _, q in f.funded.get(r.prevents_with, ()))]
    missed_clocks = f.kinds("clock_missed", "deadline_missed")
    tradeoffs = _tradeoffs(f)

    criteria = [
        _c(2, "At least one response chosen", bool(responses), f"{len(responses)} responses",
           "Choose a response for every incident; doing nothing lets it escalate."),
        _c(2, "At least half the incidents met with a good or partial response",
           _share(len(sound), handled) >= HANDLED_DEVELOPING, _pct(len(sound), handled),
           "Contain the harm and remediate, rather than hide the symptom or wait."),
        _c(3, "Most incidents (60% or more) met with a good response",
           _share(len(good), handled) >= GOOD_PROFICIENT, _pct(len(good), handled),
           "Prefer responses that treat the cause and prevent a recurrence."),
        _c(3, "Symptom-only fixes and over-corrections at most a quarter of responses",
           handled > 0 and _share(len(poor) + len(over), handled) <= BAD_PROFICIENT,
           _pct(len(poor) + len(over), handled),
           "Avoid responses that only hide the symptom or freeze everything."),
        _c(3, "Completes contain → diagnose → remediate → prevent → communicate at least once",
           bool(full), f"{len(full)} full cycles",
           "Pick a response that covers all five steps, and notify stakeholders."),
        _c(3, "Links a prevention to a funded initiative", bool(linked),
           f"{len(linked)} preventions backed by an initiative",
           "Fund the initiative a good response names for prevention."),
        _c(4, "No symptom-only fix and no over-correction at all", not poor and not over,
           f"{len(poor)} symptom-only, {len(over)} over-corrections",
           "Weigh each option's side effects on the other disciplines before choosing."),
        _c(4, "Follows through: funds or upgrades the prevention after the incident",
           bool(follow), f"{len(follow)} follow-ups",
           "After an incident, fund (or upgrade) the initiative that prevents it next time."),
        _c(4, "No regulator or inject deadline missed", not missed_clocks,
           f"{len(missed_clocks)} missed",
           "Notify in time when an incident or inject carries a deadline."),
    ]
    if f.experienced:
        criteria.append(_c(
            4, "Quantified cross-discipline trade-off managed", bool(tradeoffs),
            "; ".join(tradeoffs) or "none",
            "Manage a known trade-off, e.g. CI/CD's training cost with cost guardrails at walk."))
    return criteria, _lo3_evidence(f, ignored)


def _tradeoffs(f: _Facts) -> list[str]:
    """Funded initiatives whose cross-discipline cost the team also neutralised."""
    out = []
    for ident, spec in f.scenario.initiatives.items():
        if not f.funded_ever(ident):
            continue
        for unless in (spec.extra_upkeep_unless, spec.penalty_unless):
            if unless and all(
                c.kind == "initiative" and f.funded_ever(c.ids[0], c.rank) for c in unless
            ):
                out.append(f"{ident} with {', '.join(c.text for c in unless)}")
    return out


_CLASS_WORDS = {"good": "treats the cause", "partial": "partial", "poor": "treats the symptom",
                "over": "over-correction"}
_RESULT_WORDS = {"resolved": "Resolved.", "partial": "Partly contained; still open.",
                 "suppressed": "The symptom went away; the cause stayed and would come back.",
                 "over": "Resolved, at a heavy price elsewhere.", "escalated": "It escalated.",
                 "crisis": "It became a crisis."}


def _lo3_evidence(f: _Facts, ignored: list[_Episode]) -> list[EvidenceItem]:
    items: list[EvidenceItem] = []
    for r in f.responses:
        spec = f.scenario.incidents.get(r.spec)
        option = spec.response(r.response) if spec else None
        text = _short(option.text) if option else r.response
        consequence = _RESULT_WORDS.get(r.result, r.result)
        if r.prevents_with:
            state = "in place" if r.prevention_in_place else "not funded"
            consequence += f" Prevention via {f.initiative_name(r.prevents_with)}: {state}."
        tone = {"good": "positive", "partial": "neutral"}.get(r.klass, "negative")
        items.append(EvidenceItem(r.quarter, f"Responded to {f.title(r.spec)}: “{text}” "
                                  f"({_CLASS_WORDS.get(r.klass, r.klass)})", consequence, tone))
    for ep in ignored:
        quarter = ep.judged if ep.judged is not None else ep.opened
        became = {"crisis": "became a crisis", "escalated": "escalated"}
        items.append(EvidenceItem(quarter, f"Nothing done about {f.title(ep.spec)}",
                                  f"It {became.get(ep.result, 'stayed open')} "
                                  f"(severity {ep.severity}).", "negative"))
    for e in f.kinds("incident_recurred"):
        items.append(EvidenceItem(e.quarter, f"{f.title(_s(e.detail, 'spec'))} came back",
                                  "The earlier fix treated the symptom.", "negative"))
    for e in f.kinds("clock_missed"):
        items.append(EvidenceItem(e.quarter, "Missed the regulator's deadline on "
                                  f"{_s(e.detail, 'incident')}",
                                  f"Governance −10 and a {_i(e.detail, 'fine')} cr fine.",
                                  "negative"))
    items.sort(key=lambda i: i.quarter)
    return items


# --- LO4: the governance committee ---------------------------------------------------------


def _lo4(f: _Facts) -> tuple[list[Criterion], list[EvidenceItem]]:
    c = f.charter
    members = c.members if c else ()
    leads = [m for m in OPS_LEADS if m in members]
    missing = [m for m in CROSS_FUNCTIONAL if m not in members]
    rights = c.decision_rights if c else ()
    invoked = ([e for e in f.kinds("incident_outcome") if _b(e.detail, "uses_committee")]
               + [e for e in f.kinds("notify") if _b(e.detail, "committee")])
    in_force = f.funded_ever(COMMITTEE) or not f.has_initiative(COMMITTEE)
    automated = [pair for pair in (("I7", "I8"), ("I6", "I10"))
                 if all(f.funded_ever(i) for i in pair)]
    reviews = [e for e in f.kinds("charter") if _b(e.detail, "revision") and _s(e.detail,
                                                                                  "reason")]
    frameworks = c.frameworks if c else ()
    need_frameworks = 2 if f.experienced else 1

    criteria = [
        _c(2, "A charter is drafted", c is not None, _yes(c is not None),
           "Draft the committee charter in setup."),
        _c(2, "Members from at least two Ops disciplines", len(leads) >= 2,
           f"{len(leads)} Ops leads", "Seat at least two of the DataOps, MLOps and FinOps leads."),
        _c(2, "A meeting cadence is set", bool(c and c.cadence),
           c.cadence if c and c.cadence else "none", "Set how often the committee meets."),
        _c(3, "Cross-functional: the three Ops leads, risk/legal, business owner and sponsor",
           not missing, "missing: " + ", ".join(missing) if missing else "all six",
           "Add " + ", ".join(m.replace("_", " ") for m in missing) + " to the committee."
           if missing else "Keep the membership cross-functional."),
        _c(3, "Decision rights to approve high-risk go-lives and to block or kill",
           "approve_high_risk" in rights and "block_kill" in rights,
           ", ".join(rights) or "none", "Give the committee approve and block/kill rights."),
        _c(3, "Scope triggers: risk tiering on", bool(c and c.risk_tiering),
           _yes(bool(c and c.risk_tiering)), "Turn on risk tiering so review is proportional."),
        _c(3, "An escalation path for incidents", bool(c and c.escalation),
           f"{len(c.escalation) if c else 0} steps", "Name who an incident escalates to."),
        _c(3, f"RACI: an accountable member for {RACI_PROFICIENT} or more key decisions",
           bool(c) and len(c.accountable if c else {}) >= RACI_PROFICIENT,
           f"{len(c.accountable) if c else 0} decisions",
           "Name who is accountable for the key decisions (go-live, kill, contracts, tags)."),
        _c(3, "The committee is in force (its initiative funded)", in_force,
           _yes(f.funded_ever(COMMITTEE)), "Fund the governance committee (I11)."),
        _c(3, "Invoked in at least one incident", bool(invoked), f"{len(invoked)} times",
           "Use the committee in an incident: a committee response or a notification."),
        _c(4, "Automated evidence (registry + CI/CD, or lineage + dashboard)", bool(automated),
           "; ".join("+".join(p) for p in automated) or "none",
           "Fund I7 and I8 (or I6 and I10) so the committee reviews evidence, not paperwork."),
        _c(4, f"Duties mapped to {need_frameworks} or more frameworks (NIST, ISO 42001, EU AI "
           "Act, SR 11-7, BCBS 239)", len(frameworks) >= need_frameworks,
           f"{len(frameworks)} frameworks", "Map the committee's duties to a real framework."),
        _c(4, "Keeps a decision log", bool(c and c.decision_log), _yes(bool(c and c.decision_log)),
           "Keep a decision log."),
        _c(4, "Effectiveness review: the charter revised after setup, with a reason",
           bool(reviews), f"{len(reviews)} revisions",
           "Review how the committee worked and revise the charter, saying why."),
    ]
    if f.experienced:
        criteria.append(_c(4, "Invoked in two or more incidents", len(invoked) >= 2,
                           f"{len(invoked)} times",
                           "Route more incidents through the committee."))
    return criteria, _lo4_evidence(f)


def _lo4_evidence(f: _Facts) -> list[EvidenceItem]:
    items: list[EvidenceItem] = []
    for e in f.ledger:
        d = e.detail
        if e.kind == "charter":
            members = _strs(d, "members")
            what = (f"{len(members)} members, cadence {_s(d, 'cadence') or 'unset'}, rights: "
                    f"{', '.join(_strs(d, 'decision_rights')) or 'none'}, risk tiering "
                    f"{'on' if _b(d, 'risk_tiering') else 'off'}, RACI for "
                    f"{_i(d, 'accountable')} decisions")
            cross = all(m in members for m in OPS_LEADS)
            tone = "positive" if cross else "neutral"
            if _b(d, "revision"):
                items.append(EvidenceItem(e.quarter, f"Revised the charter: “{_s(d, 'reason')}”",
                                          f"Now {what}.", tone))
            else:
                items.append(EvidenceItem(e.quarter, "Drafted the committee charter",
                                          f"{what[0].upper()}{what[1:]}.", tone))
        elif e.kind == "initiative_funded" and _s(d, "initiative") == COMMITTEE:
            items.append(EvidenceItem(e.quarter, f"Funded the governance committee at "
                                      f"{_s(d, 'level')}", "The charter takes effect.",
                                      "positive"))
        elif e.kind == "budget_pooled":
            items.append(EvidenceItem(e.quarter, "Used the budget-pooling decision right",
                                      "The three envelopes became one team pool.", "positive"))
        elif e.kind == "notify":
            via = "through the committee" if _b(d, "committee") else "directly"
            items.append(EvidenceItem(e.quarter, f"Notified stakeholders {via} about "
                                      f"{f.title(_s(d, 'incident').split('@')[0])}",
                                      "Communicated." if not _b(d, "clock")
                                      else "Reported to the regulator's clock.",
                                      "positive" if _b(d, "committee") else "neutral"))
        elif e.kind == "incident_outcome" and _b(d, "uses_committee"):
            items.append(EvidenceItem(e.quarter, "Used the committee's authority on "
                                      f"{f.title(_s(d, 'spec'))}",
                                      _RESULT_WORDS.get(_s(d, "result"), ""), "positive"))
        elif e.kind in ("deadline_met", "deadline_missed"):
            met = e.kind == "deadline_met"
            items.append(EvidenceItem(e.quarter, f"Deadline: {_s(d, 'title')}",
                                      "Met." if met else "Missed.",
                                      "positive" if met else "negative"))
    if not f.charter:
        items.append(EvidenceItem(f.quarter, "No charter drafted",
                                  "No committee could be funded or invoked.", "negative"))
    return items


# --- LO5: standards ------------------------------------------------------------------------


def _lo5(f: _Facts) -> tuple[list[Criterion], list[EvidenceItem]]:
    sc = f.scenario
    current = [s for s in f.standards.values() if s.current]
    cross = [s for s in current if s.id in sc.standards and len(sc.standards[s.id].disciplines)
             >= 2 and s.owner and s.mechanism and s.kpi]
    adopted = [s for s in current if s.adopted is not None]
    code = [s for s in current if s.adopted_code]
    quarters = {q for s in current for q in s.adoptions}
    shared_ids = (SHARED_IDS not in sc.standards
                  or any(s.id == SHARED_IDS for s in adopted))
    upskilling = f.funded_ever("I12") or not f.has_initiative("I12")
    led = _evidence_led(f, adopted)

    criteria = [
        _c(2, "At least one standard proposed", bool(current), f"{len(current)} proposed",
           "Propose a standard from the catalogue, with an owner, a mechanism and a KPI."),
        _c(3, "Three or more cross-discipline standards, each with owner, mechanism and KPI",
           len(cross) >= 3, f"{len(cross)} cross-discipline",
           "Propose at least three standards that span disciplines (tags, FOCUS, ODCS, "
           "OpenLineage, model cards, shared SLOs)."),
        _c(3, "At least one standard adopted (in force)", bool(adopted),
           f"{len(adopted)} adopted", "Get a proposal adopted: check its requirements."),
        _c(4, "Shared identifiers across billing, lineage and the registry adopted", shared_ids,
           _yes(shared_ids), "Adopt shared identifiers (needs I1, I6 and I7 in effect)."),
        _c(4, "At least one standard enforced as code", bool(code), f"{len(code)} as code",
           "Enforce a standard as code (needs the CI/CD initiative, I8)."),
        _c(4, "Adoption sequenced: standards adopted in two or more quarters (pilot, expand)",
           len(quarters) >= 2, f"{len(quarters)} quarters",
           "Pilot one standard, then expand: adopt them over several quarters."),
        _c(4, "Upskilling funded to support adoption (I12)", upskilling,
           _yes(f.funded_ever("I12")), "Fund continuous education (I12) alongside standards."),
    ]
    if f.experienced:
        criteria.append(_c(4, "Evidence-led: a standard adopted against a kind of incident "
                           "already faced", bool(led), "; ".join(led) or "none",
                           "Adopt the standard that addresses the incidents you actually had."))
    return criteria, _lo5_evidence(f)


def _evidence_led(f: _Facts, adopted: list[_Standard]) -> list[str]:
    sc = f.scenario
    out = []
    for std in adopted:
        spec = sc.standards.get(std.id)
        if spec is None or not std.adoptions:
            continue
        last = max(std.adoptions)  # any adoption since it was proposed counts
        before = {ep.spec for ep in f.episodes if ep.opened <= last
                  and ep.spec in sc.incidents and set(sc.incidents[ep.spec].tags)
                  & set(spec.addresses)}
        if before:
            out.append(f"{std.id} after {', '.join(sorted(before))}")
    return out


def _lo5_evidence(f: _Facts) -> list[EvidenceItem]:
    sc = f.scenario
    items: list[EvidenceItem] = []
    for e in f.ledger:
        d = e.detail
        ident = _s(d, "standard")
        spec = sc.standards.get(ident)
        name = spec.name if spec else ident
        if e.kind == "standard_proposed":
            disc = _strs(d, "disciplines")
            scope = (f"Cross-discipline ({_disciplines(disc)})" if len(disc) >= 2
                     else f"One discipline ({_disciplines(disc)})")
            real = f"; specification: {spec.spec}" if spec else ""
            items.append(EvidenceItem(
                e.quarter, f"Proposed “{name}”, owned by {ROLE_NAMES.get(_s(d, 'owner'), '?')}, "
                f"adopted by {_s(d, 'mechanism')}, KPI: {_s(d, 'kpi')}", f"{scope}{real}.",
                "positive" if len(disc) >= 2 else "neutral"))
        elif e.kind == "standard_adopted":
            later = [ep for ep in f.episodes if ep.opened > e.quarter and spec
                     and ep.spec in sc.incidents
                     and set(sc.incidents[ep.spec].tags) & set(spec.addresses)]
            effect = (f"Incidents it addresses ({', '.join(spec.addresses)}) opened afterwards: "
                      f"{len(later)}." if spec else "")
            items.append(EvidenceItem(e.quarter, f"“{name}” adopted ({_s(d, 'mechanism')})",
                                      f"In force. {effect}".strip(), "positive"))
        elif e.kind == "standard_withdrawn":
            items.append(EvidenceItem(e.quarter, f"Withdrew “{name}”",
                                      "No longer proposed.", "neutral"))
    if not any(s.current for s in f.standards.values()):
        items.append(EvidenceItem(f.quarter, "No standard proposed",
                                  "Nothing connects the disciplines' practices.", "negative"))
    return items
