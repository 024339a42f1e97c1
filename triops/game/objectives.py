"""Learning-objective levels (LO1–LO5) from the evidence ledger, the artefacts and the record.

The rubric's criteria, rung by rung, are in docs/scoring.md, which explains them to
facilitators in plain words. Each objective is a ladder of criteria, one rung per level above
beginning. A team's level is the highest rung whose criteria, and those of every rung below,
are all met. Every criterion asks either "is there at least this much of something good" or
"is there no more than this much (or this share) of something bad", so a new piece of good
evidence can never lower a level: tests/game/test_objectives.py checks that property.

The levels follow behaviour, not form-filling (docs/balance.md: no exploit reaches
proficient on the objective it games):
- LO1 reads whether funding followed the team's own roadmap as it stood at the time, whether
  its KPI targets were met (or re-planned with a reason when missed), and how much money was
  wasted or left idle. A revision that only nudges KPI targets is cosmetic and earns nothing.
- LO2 rewards correct diagnoses that the other seats' clues decided (the diagnoser's own
  clues left several causes standing); sharing that decides nothing earns nothing.
- LO3 rewards responses that treat the cause the team diagnosed, each with the one-line
  justification the team wrote (quoted in the evidence); symptom fixes and over-corrections
  hold it down.
- LO4 needs the charter's form and the committee's decision rights used in play; a right
  claimed and never used counts against it.
- LO5 needs standards adopted through effort (policy through the committee, training,
  enforcement as code) with a measured effect; proposals alone stop at developing.

The game cannot hear a team talk. Where the rubric asks for a justification, the nearest
in-game evidence stands in for it (a response's one-line justification, a revision reason, a
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

from triops.game.rubric import (
    COVERAGE,
    DEPENDENCIES,
    GOALS,
    KPI_TARGETS,
    PHASED,
)
from triops.game.rubric import OBJECTIVE_TITLES as OBJECTIVE_TITLES  # re-exported for the reports
from triops.game.scenario_model import Scenario
from triops.game.scoring import goals_met, outcome_score, rank_key
from triops.game.state import (
    Charter,
    Evidence,
    GameState,
    LevelOverride,
    QuarterRecord,
    RoadmapEntry,
    RoadmapRevision,
    Team,
)
from triops.game.vocab import (
    LEFT_OVER_AT_END,
    LEVEL_RANK,
    METRIC_NAMES,
    OBJECTIVE_LEVELS,
    OBJECTIVES,
    ROLE_NAMES,
    ROLES,
    SEAM_INITIATIVES,
    SEAM_NAMES,
    counted,
)

BEGINNING, DEVELOPING, PROFICIENT, EXEMPLARY = 1, 2, 3, 4


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
# Ledger kinds after which a roadmap revision counts as a response to events: those that
# happen as a quarter opens (a revision that quarter can answer them), and those that happen
# as it resolves (only a later quarter's revision can).
OPENING_TRIGGERS = ("incident_opened", "incident_recurred", "inject_received")
CLOSING_TRIGGERS = ("incident_outcome", "deadline_missed", "clock_missed", "upkeep_missed")
COMMITTEE = "I11"
UPSKILLING = "I12"
SHARED_IDS = "shared-ids"
# What a decision right looks like when it is used in play (LO4). A response that needs the
# committee itself (not a named right) is its approval of a high-risk change.
GENERIC_COMMITTEE_RIGHT = "approve_high_risk"
# The rights the rubric asks every committee to hold (proficient). Whether an incident calls
# for them is the scenario's draw, so only the other, optional, rights must be used to count.
REQUIRED_RIGHTS = ("approve_high_risk", "block_kill")
RIGHT_NAMES: dict[str, str] = {
    "approve_high_risk": "approve high-risk go-lives",
    "block_kill": "block or kill",
    "budget_pooling": "pool the budget",
    "approve_exceptions": "approve exceptions",
    "approve_standards": "approve standards",
}
# Committee members and RACI decisions in words: reports never show a code.
MEMBER_NAMES: dict[str, str] = {
    "dataops_lead": "DataOps lead", "mlops_lead": "MLOps lead", "finops_lead": "FinOps lead",
    "executive_sponsor": "executive sponsor", "risk_legal": "risk/legal",
    "security_privacy": "security/privacy", "business_owner": "business owner",
    "internal_audit": "internal audit",
}
RACI_NAMES: dict[str, str] = {
    "high_risk_go_live": "high-risk model go-live",
    "critical_feed_contract": "contract for a critical data feed",
    "tagging_standard": "cost tagging standard",
    "model_kill_rollback": "killing or rolling back a model",
    "gpu_commitment": "GPU capacity commitment",
    "ai_literacy": "AI literacy training",
    "serious_incident_report": "serious-incident report to the regulator",
}


def label(code: str) -> str:
    """A decision right, committee member or RACI decision in words (any code, readable)."""
    for names in (RIGHT_NAMES, MEMBER_NAMES, RACI_NAMES):
        if code in names:
            return names[code]
    return code.replace("_", " ")


def labels(codes: Iterable[str]) -> str:
    return ", ".join(label(c) for c in codes)

# Bars of the rubric, in one place so docs/scoring.md and the code agree.
# LO1
FOLLOW_SLACK = 1  # a roadmap line is bought "on time" within this many quarters of its own
FOLLOW_LEAST = 0.5  # developing: at most this share of the initiative spend off the roadmap
FOLLOW_PROFICIENT = 0.75
FOLLOW_EXEMPLARY = 0.9
KPI_HONOURED_PROFICIENT = 0.5  # met, or re-planned with a reason when missed
KPI_MET_EXEMPLARY = 0.75
IDLE_PROFICIENT = 0.25  # wasted plus idle money, as a share of the budget received
IDLE_EXEMPLARY = 0.1
NUDGE = 2  # a KPI target moved by this much or less, and nothing else, is a cosmetic edit
RUN_SHARE_MAX = 1 / 3
# LO2
ACCURACY_DEVELOPING = 0.4
ACCURACY_PROFICIENT = 0.7
ACCURACY_EXEMPLARY = 0.85
EXEMPLARY_INCIDENTS = 3
POOLING_DECIDED_PROFICIENT = 2
TESTS_PASSED_PROFICIENT = 2 / 3  # of the incidents one seat could not settle alone
TIMELY_PROFICIENT = 0.7
UNSOUND_MAX = 0.25  # diagnoses against the clues in view, or guesses between causes left
# LO3
HANDLED_DEVELOPING = 0.5
GOOD_PROFICIENT = 0.6
BAD_PROFICIENT = 0.25
JUSTIFIED_PROFICIENT = 0.5
# LO4
RACI_PROFICIENT = 4
USES_PROFICIENT = 2
# LO5
ADOPTED_PROFICIENT = 2
OWNED_MAX = 2  # standards one seat can own and drive
ON_PAPER_MAX = 0.5
EFFECTS_EXEMPLARY = 2


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
    # Who made the decision: "person" (with their name), "bot", or "" for what happened to
    # the team (an incident, an inject, money lapsing) and what the team did together.
    actor: str = ""
    name: str = ""


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
    """What one person (or the bots) did in one seat, for the facilitator's debrief. Never
    graded. A person who moves seat keeps their record; the bot that takes over starts its
    own. `credits_pledged` is the money committed: pledges that went into a purchase, not
    every pledge made and taken back."""

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


def assess_people(state: GameState, team_id: str) -> Assessment:
    """A team's levels from what its persons decided alone (`people_only`), now.

    Never overridden by the facilitator (their word is on the team's levels)."""
    team = people_only(state.team(team_id))
    result = assess_team(team, state.scenario, state.difficulty, state.quarter)
    return replace(result, outcome=outcome_score(state.team(team_id), state.scenario,
                                                 state.quarter, final=state.phase == "ended"))


def incident_tally(team: Team, scenario: Scenario, difficulty: str, quarter: int) -> dict[str, int]:
    """The one count of a team's incidents, as LO2 and the debrief count them
    (docs/scoring.md): each incident once, judged by the last diagnosis submitted for it; one
    that came back after a symptom fix counts again; one never diagnosed is not right.

    `incidents` opened or came back, `returned` of them came back, `judged` were judged at
    least once, `diagnosed` of those had a diagnosis and `right` the right one;
    `escalations` counts each judgement that left an incident worse (escalated or a crisis).
    """
    f = _Facts(team, scenario, difficulty, quarter)
    judged = f.judged
    return {
        "incidents": len(f.episodes),
        "returned": sum(1 for e in f.ledger if e.kind == "incident_recurred"),
        "judged": len(judged),
        "diagnosed": sum(1 for ep in judged if ep.diagnosis),
        "right": sum(1 for ep in judged if ep.correct),
        "escalations": sum(1 for e in f.kinds("incident_outcome")
                           if _s(e.detail, "result") in ("escalated", "crisis")),
    }


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
            objective, OBJECTIVE_TITLES[objective], computed, tuple(criteria),
            # Oldest first, whatever order a ladder found them in (a stable sort).
            tuple(sorted(evidence, key=lambda item: item.quarter)),
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
    rows.sort(key=lambda r: rank_key(r[0].outcome, r[2], r[1].name))  # the one rule
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
    """One row per seat and per whoever acted in it: each person by name, and the bots.

    Rows follow who acted when they acted (the ledger and the chat keep it), so a person
    moved to another seat or team keeps their rows here; the seat's current holder always
    has a row, even an empty one.
    """
    counts: dict[tuple[str, str, str], dict[str, int]] = {}

    def row(role: str, actor: str, name: str) -> dict[str, int]:
        return counts.setdefault((role, actor or "bot", name if actor == "person" else ""), {})

    def add(role: str, actor: str, name: str, key: str, n: int = 1) -> None:
        if role in ROLES:
            bucket = row(role, actor, name)
            bucket[key] = bucket.get(key, 0) + n

    for role in ROLES:  # the current holders first, in seat order
        seat = team.seats.get(role)
        if seat is not None and seat.holder == "human":
            row(role, "person", seat.name)
        elif seat is not None:
            row(role, "bot", "")
    # Pledges count once committed: (initiative) -> (quarter, role, actor, name, amount).
    pending: dict[str, list[tuple[int, str, str, str, int]]] = {}
    for e in team.ledger:
        d = e.detail
        if e.kind == "share_clue":
            add(e.by, e.actor, e.name, "clues_shared")
        elif e.kind == "investigate":
            add(e.by, e.actor, e.name, "investigations")
            if _b(d, "cross_role"):
                add(e.by, e.actor, e.name, "cross_role_investigations")
        elif e.kind == "diagnosis_proposed":
            add(e.by, e.actor, e.name, "diagnoses_proposed")
        elif e.kind == "response_proposed":
            add(e.by, e.actor, e.name, "responses_proposed")
        elif e.kind == "notify":
            add(e.by, e.actor, e.name, "notifications")
        elif e.kind == "pledge":
            ident = _s(d, "initiative")
            # Pledges not funded at a resolution went back: older quarters' are stale.
            mine = [p for p in pending.get(ident, []) if p[0] == e.quarter]
            pending[ident] = [*mine, (e.quarter, e.by, e.actor, e.name, _i(d, "amount"))]
        elif e.kind == "unpledge":
            ident = _s(d, "initiative")
            pending[ident] = [p for p in pending.get(ident, []) if p[1] != e.by]
        elif e.kind == "initiative_funded":
            for _, who, actor, name, amount in pending.pop(_s(d, "initiative"), []):
                add(who, actor, name, "credits_pledged", amount)
        elif e.kind == "transfer":
            add(e.by, e.actor, e.name, "credits_moved", _i(d, "amount"))
        elif e.kind in ("roadmap", "charter", "standard_proposed", "standard_withdrawn"):
            add(e.by, e.actor, e.name, "artefact_edits")
    for message in team.chat:
        if message.kind == "chat" and message.sender in ROLES:
            author = message.author or _holder_kind(team, message.sender)
            add(message.sender, author, message.name, "chat_messages")
    out = []
    for role in ROLES:
        seat = team.seats.get(role)
        for (r, actor, name), c in counts.items():
            if r != role:
                continue
            if actor == "person":
                holder = "person"
            elif seat is not None and seat.holder == "bot":
                holder = f"bot ({seat.bot_level})"
            else:
                holder = "bot"
            out.append(SeatContribution(role, holder, name, **c))
    return tuple(out)


def _holder_kind(team: Team, role: str) -> str:
    seat = team.seats.get(role)
    return "person" if seat is not None and seat.holder == "human" else "bot"


def people_only(team: Team) -> Team:
    """The team's record as persons made it: every decision a bot made taken out.

    A solo learner is graded on this, so bots' work never lifts (or sinks) their levels.
    What happened to the team stays (incidents, injects, money lapsing, deadlines). An
    incident whose every judgement bots decided goes with them; of the others, a judgement
    bots decided alone goes, and in one a person took part the bots' part (diagnosis or
    response) is marked, so it counts neither for nor against the person, while the
    person's part counts, a wrong diagnosis too. A purchase stays when a person pledged to
    it, an adoption when a person proposed it, and only the persons' roadmap and charter
    revisions remain.
    """
    # Who decided each judgement: the diagnosis committed is its proposer's (a person's
    # when a person proposed it in this episode, whoever echoed it since), the response its
    # proposer's (the outcome's own actor).
    diagnosed: dict[tuple[str, str], str] = {}  # (incident, diagnosis) -> actor
    judged_by: dict[int, tuple[str, str]] = {}  # outcome's ledger index -> (diagnoser, responder)
    people_decided: dict[str, bool] = {}  # incident -> a person decided one of its judgements
    for index, e in enumerate(team.ledger):
        d = e.detail
        ident = _s(d, "incident")
        if e.kind == "incident_recurred":
            diagnosed = {k: v for k, v in diagnosed.items() if k[0] != ident}
        elif e.kind == "diagnosis_proposed":
            key = (ident, _s(d, "diagnosis"))
            if diagnosed.get(key) != "person":
                diagnosed[key] = e.actor
        elif e.kind == "incident_outcome":
            diagnoser = diagnosed.get((ident, _s(d, "diagnosis")), "") if _s(d, "diagnosis") else ""
            responder = e.actor if _s(d, "class") else ""
            judged_by[index] = (diagnoser, responder)
            people_decided[ident] = people_decided.get(ident, False) or not _bots_judged(
                diagnoser, responder)
    bots_only = {i for i, person in people_decided.items() if not person}
    ledger: list[Evidence] = []
    pledged_by_person: set[str] = set()
    proposed_by_person: dict[str, bool] = {}
    roadmap_keep: list[bool] = []
    charter_keep: list[bool] = []
    for index, e in enumerate(team.ledger):
        d = e.detail
        if e.kind == "roadmap":
            roadmap_keep.append(e.actor != "bot")
        elif e.kind == "charter":
            charter_keep.append(e.actor != "bot")
        elif e.kind == "pledge" and e.actor == "person":
            pledged_by_person.add(_s(d, "initiative"))
        elif e.kind == "standard_proposed":
            proposed_by_person[_s(d, "standard")] = e.actor != "bot"
        if e.kind == "incident_outcome":
            # Each judgement is the persons' when a person decided a part of it, or nobody
            # acted (left undone); a bot's part of it is marked, so it counts for nobody.
            diagnoser, responder = judged_by[index]
            if _bots_judged(diagnoser, responder) or _s(d, "incident") in bots_only:
                continue
            ledger.append(replace(e, detail={**d, "bot_diagnosis": diagnoser == "bot",
                                             "bot_response": responder == "bot"}))
            continue
        if e.actor == "bot" or _s(d, "incident") in bots_only:
            continue
        if e.kind == "initiative_funded":
            ident = _s(d, "initiative")
            if ident not in pledged_by_person:
                continue
            pledged_by_person.discard(ident)
        if e.kind == "standard_adopted" and not proposed_by_person.get(_s(d, "standard")):
            continue
        ledger.append(e)
    roadmaps = tuple(r for r, keep in zip(team.roadmap_revisions, roadmap_keep, strict=False)
                     if keep)
    charters = tuple(c for c, keep in zip(team.charter_revisions, charter_keep, strict=False)
                     if keep)
    return replace(team, ledger=tuple(ledger), roadmap_revisions=roadmaps,
                   roadmap=roadmaps[-1].entries if roadmaps else (),
                   charter_revisions=charters, charter=charters[-1].charter if charters else None)


def _bots_judged(diagnoser: str, responder: str) -> bool:
    """Whether bots alone decided a judgement (nobody acting leaves it the persons')."""
    return "bot" in (diagnoser, responder) and "person" not in (diagnoser, responder)


def has_bot_work(team: Team) -> bool:
    """Whether bots made any decision in this team (so persons' and bots' work differ)."""
    return any(e.actor == "bot" for e in team.ledger)


def people_in(team: Team) -> tuple[str, ...]:
    """The persons who acted in this team, in the order they first did."""
    names: dict[str, None] = {}
    for e in team.ledger:
        if e.actor == "person" and e.name:
            names.setdefault(e.name)
    for m in team.chat:
        if m.author == "person" and m.name:
            names.setdefault(m.name)
    return tuple(names)


def bot_summary(team: Team) -> tuple[str, ...]:
    """What the bots did in this team, in plain words, one line per seat they acted in."""
    out = []
    for c in seat_contributions(team):
        if c.holder == "person":
            continue
        parts = [f"{n} {what}" for n, what in (
            (c.artefact_edits, "roadmap, charter or standard edits"),
            (c.clues_shared, "clues shared"), (c.investigations, "investigations"),
            (c.diagnoses_proposed, "diagnoses proposed"),
            (c.responses_proposed, "responses proposed"),
            (c.notifications, "notifications"),
            (c.credits_pledged, "cr committed to purchases"),
            (c.credits_moved, "cr moved to other seats"),
            (c.chat_messages, "chat messages")) if n]
        if parts:
            out.append(f"The {ROLE_NAMES.get(c.role, c.role)} bot: " + ", ".join(parts) + ".")
    return tuple(out)


# --- the ladder ----------------------------------------------------------------------------


def _by(e: Evidence | None) -> dict[str, str]:
    """The actor fields of an evidence item, from the ledger entry it comes from."""
    return {"actor": e.actor, "name": e.name} if e is not None else {}


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


def _flag(d: Mapping[str, object], key: str) -> bool | None:
    v = d.get(key)
    return v if isinstance(v, bool) else None


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
    start: int = 0  # its severity when it opened
    diagnosis: str | None = None
    correct: bool | None = None
    first_correct: int | None = None
    red_herring: bool = False
    judged: int | None = None  # the last quarter it was judged in
    timely: bool | None = None  # whether it had a diagnosis when it was first judged
    responded: bool = False
    result: str = ""
    severity: int = 0
    # What the diagnoser could tell when it proposed the diagnosis that counted: how many
    # causes its own seat's clues left, how many all the clues in its view left, whether
    # the others' clues decided it, and whether the choice fitted what it could see.
    own: int = 0
    seen: int = 0
    decided: bool = False
    consistent: bool = True
    proposals: dict[str, Mapping[str, object]] = field(default_factory=dict)
    proposers: dict[str, Evidence] = field(default_factory=dict)  # diagnosis -> its proposal
    diagnosed_by: Evidence | None = None  # the proposal of the diagnosis that counted

    @property
    def test(self) -> bool:
        """One seat's own clues could not settle it: the team had to pool to know."""
        return self.own >= 2


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
    diagnosis: str
    coherent: bool  # a good or partial plan for the cause the team diagnosed
    fits: bool | None  # whether it treats the true cause
    reason: str  # the team's one-line justification
    proposed: Evidence | None = None  # the proposal of the response, for who made it


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


@dataclass(frozen=True, slots=True)
class _Purchase:
    quarter: int
    initiative: str
    level: str
    cost: int
    wasted: bool
    missing: tuple[str, ...]
    line: RoadmapEntry | None  # the roadmap line it bought, as the roadmap stood then


class _Facts:
    """Everything the ladders ask about, read once from the team's record up to a quarter."""

    def __init__(self, team: Team, scenario: Scenario, difficulty: str, quarter: int) -> None:
        self.team = team
        self.scenario = scenario
        self.experienced = difficulty == "experienced"
        self.quarter = quarter
        self.ledger = tuple(e for e in team.ledger if e.quarter <= quarter)
        self.roadmap = roadmap_as_of(team, quarter)
        self.charter = _charter_as_of(team, quarter)
        self.episodes: list[_Episode] = []
        self.responses: list[_Response] = []
        self.standards: dict[str, _Standard] = {}
        self.funded: dict[str, list[tuple[int, int]]] = {}  # initiative -> (rank, quarter)
        self.purchases: list[_Purchase] = []
        self.proposed_responses: dict[str, Evidence] = {}  # incident -> latest proposal
        self.adopted_at: dict[int, int] = {}  # id of a standard's proposal -> adopted in
        self._pending: dict[str, list[Evidence]] = {}  # standard -> proposals not adopted yet
        self._read()

    def _read(self) -> None:
        current: dict[str, _Episode] = {}
        for e in self.ledger:
            d = e.detail
            if e.kind in ("incident_opened", "incident_recurred"):
                episode = _Episode(_s(d, "incident"), _s(d, "spec"), e.quarter,
                                   _i(d, "severity"))
                current[episode.incident] = episode
                self.episodes.append(episode)
            elif e.kind == "diagnosis_proposed":
                episode = self._episode(current, _s(d, "incident"), "", e.quarter)
                episode.proposals[_s(d, "diagnosis")] = d
                episode.proposers[_s(d, "diagnosis")] = e
            elif e.kind == "response_proposed":
                self.proposed_responses[_s(d, "incident")] = e
            elif e.kind == "incident_outcome":
                self._outcome(current, e)
            elif e.kind == "initiative_funded":
                self._funded(e)
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
        diagnosis = _s(d, "diagnosis")
        episode.result = _s(d, "result")
        episode.severity = _i(d, "severity")
        # A bot's part of a person's judgement (people_only marks it) counts for nobody.
        if not _b(d, "bot_diagnosis"):
            self._judged(episode, e, diagnosis)
        klass = _s(d, "class")
        if klass and _b(d, "bot_response"):
            episode.responded = True
        elif klass:
            episode.responded = True
            response = _s(d, "response")
            self.responses.append(_Response(
                e.quarter, episode.incident, episode.spec, response, klass,
                _strs(d, "steps"), _b(d, "notified"), _s(d, "prevents_with"),
                _b(d, "prevention_in_place"), _b(d, "uses_committee"), episode.result,
                diagnosis, self._coherent(episode.spec, response, klass, diagnosis, d),
                _flag(d, "fits"),
                _s(d, "reason").strip(),
                self.proposed_responses.get(episode.incident),
            ))

    @staticmethod
    def _judged(episode: _Episode, e: Evidence, diagnosis: str) -> None:
        d = e.detail
        if episode.timely is None:
            episode.timely = bool(diagnosis)
        episode.judged = e.quarter
        if diagnosis:
            episode.diagnosis = diagnosis
            episode.correct = _b(d, "correct")
            if episode.correct and (episode.first_correct is None
                                    or e.quarter < episode.first_correct):
                episode.first_correct = e.quarter
            episode.red_herring = _b(d, "red_herring")
            # What the diagnoser could see when it proposed the diagnosis that counted.
            proposal = episode.proposals.get(diagnosis, {})
            episode.diagnosed_by = episode.proposers.get(diagnosis)
            episode.own = _i(proposal, "own_candidates")
            episode.seen = _i(proposal, "seen_candidates")
            episode.decided = _b(proposal, "pooling_decided")
            episode.consistent = proposal.get("fits_evidence") is not False

    def _coherent(self, spec_id: str, response: str, klass: str, diagnosis: str,
                  d: Mapping[str, object]) -> bool:
        """Whether a plan treats the cause the team diagnosed (the scenario says which causes
        each plan fits); without a diagnosis no plan can."""
        if klass not in ("good", "partial") or not diagnosis:
            return False
        spec = self.scenario.incidents.get(spec_id)
        option = spec.response(response) if spec else None
        if option is None or not option.fits:
            return _b(d, "correct") and d.get("fits") is not False
        return diagnosis in option.fits

    def _funded(self, e: Evidence) -> None:
        d = e.detail
        ident, level = _s(d, "initiative"), _s(d, "level")
        rank = LEVEL_RANK.get(level, 1)
        self.funded.setdefault(ident, []).append((rank, e.quarter))
        line = _line_bought(roadmap_as_of(self.team, e.quarter), ident, rank, e.quarter)
        self.purchases.append(_Purchase(e.quarter, ident, level, _i(d, "cost"),
                                        _b(d, "wasted"), _strs(d, "prerequisites_missing"),
                                        line))

    def _standard(self, e: Evidence) -> None:
        d = e.detail
        ident = _s(d, "standard")
        std = self.standards.setdefault(ident, _Standard(ident))
        if e.kind == "standard_withdrawn":
            self.standards[ident] = _Standard(ident)
            self._pending[ident] = []
            return
        if e.kind == "standard_proposed" and std.current and std.mechanism != _s(d, "mechanism"):
            std.adopted = None  # as the engine does: a new mechanism must be adopted anew
            self._pending[ident] = []
        # Each proposal's own fate, as the quarter reports tell it: adopted in a quarter (an
        # edit of one in force is in force already), or still on paper.
        if e.kind == "standard_proposed" and std.current and std.adopted is not None:
            self.adopted_at[id(e)] = std.adopted
        elif e.kind == "standard_proposed":
            self._pending.setdefault(ident, []).append(e)
        else:
            for proposal in self._pending.pop(ident, []):
                self.adopted_at[id(proposal)] = e.quarter
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

    def history(self) -> dict[int, QuarterRecord]:
        return {h.quarter: h for h in self.team.history if h.quarter <= self.quarter}

    @property
    def judged(self) -> list[_Episode]:
        return [ep for ep in self.episodes if ep.judged is not None]


def roadmap_as_of(team: Team, quarter: int) -> tuple[RoadmapEntry, ...]:
    """The roadmap as it stood at the end of `quarter`'s planning (revisions included)."""
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


def _line_bought(roadmap: tuple[RoadmapEntry, ...], ident: str, rank: int,
                 quarter: int) -> RoadmapEntry | None:
    """The roadmap line a purchase bought: the initiative is planned at this level or above,
    and the level was bought within `FOLLOW_SLACK` quarters of when that line puts it (a
    line at walk in Q3 puts crawl in Q2)."""
    best: RoadmapEntry | None = None
    for e in roadmap:
        planned = LEVEL_RANK.get(e.level, 0)
        if e.initiative != ident or planned < rank:
            continue
        earliest = e.quarter - (planned - rank) - FOLLOW_SLACK
        if earliest <= quarter <= e.quarter + FOLLOW_SLACK and (
                best is None or planned < LEVEL_RANK.get(best.level, 0)):
            best = e
    return best


def _disciplines(names: Iterable[str]) -> str:
    words = [ROLE_NAMES.get(n, n) for n in names]
    return ", ".join(words) if words else "none"


def _short(text: str, limit: int = 110) -> str:
    first = text.split(". ")[0].rstrip(".")
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def _metric(name: str) -> str:
    return METRIC_NAMES.get(name, name.replace("_", " "))


# --- LO1: the roadmap ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KpiCheck:
    """One roadmap line's KPI target, checked once it fell due (its quarter plus the level's
    delay): met at or after that quarter, re-planned with a reason after it was missed,
    still open in the last quarter played (pending), or missed and left as it was."""

    line: RoadmapEntry
    due: int
    status: str  # met | replanned | pending | ignored | no_stretch
    when: int | None  # the quarter it was met, or re-planned in
    best: int  # the best value the metric reached since the line fell due
    reason: str = ""  # the re-plan's reason
    start: int = 0  # the metric's value when the line was set


@dataclass(frozen=True, slots=True)
class RoadmapChange:
    """What one roadmap revision after setup changed. Lines are "I4 walk Q4"."""

    quarter: int
    reason: str
    by: str
    added: tuple[str, ...]
    dropped: tuple[str, ...]
    moved: tuple[str, ...]
    retargeted: tuple[str, ...]  # a KPI metric changed, or a target moved by more than a nudge
    nudged: tuple[str, ...]  # a KPI target moved by NUDGE points or less

    @property
    def material(self) -> bool:
        """Whether the plan changed. A revision that only nudges KPI targets (or changes
        nothing the plan commits to) is cosmetic: it earns nothing."""
        return bool(self.added or self.dropped or self.moved or self.retargeted)


def roadmap_changes(team: Team, quarter: int | None = None) -> tuple[RoadmapChange, ...]:
    """Every roadmap revision after setup (up to `quarter`), with what it changed."""
    out = []
    before: tuple[RoadmapEntry, ...] = ()
    for rev in team.roadmap_revisions:
        if quarter is not None and rev.quarter > quarter:
            break
        if rev.quarter > 0:
            out.append(_change(rev, before))
        before = rev.entries
    return tuple(out)


def _line_key(e: RoadmapEntry) -> str:
    return f"{e.initiative} {e.level} Q{e.quarter}"


def _change(rev: RoadmapRevision, before: tuple[RoadmapEntry, ...]) -> RoadmapChange:
    old = {(e.initiative, e.level): e for e in before}
    new = {(e.initiative, e.level): e for e in rev.entries}
    moved, retargeted, nudged = [], [], []
    for key, b in new.items():
        a = old.get(key)
        if a is None:
            continue
        if a.quarter != b.quarter:
            moved.append(f"{_line_key(a)}→Q{b.quarter}")
        if a.kpi_metric != b.kpi_metric or abs(a.kpi_target - b.kpi_target) > NUDGE:
            retargeted.append(_line_key(b))
        elif a.kpi_target != b.kpi_target:
            nudged.append(_line_key(b))
    return RoadmapChange(
        rev.quarter, rev.reason.strip(), rev.by,
        tuple(_line_key(e) for k, e in new.items() if k not in old),
        tuple(_line_key(e) for k, e in old.items() if k not in new),
        tuple(moved), tuple(retargeted), tuple(nudged),
    )


def kpi_checks(team: Team, scenario: Scenario, quarter: int) -> tuple[KpiCheck, ...]:
    """Every roadmap KPI target that has fallen due by the end of `quarter`, checked against
    the team's metrics, each line as the roadmap stood when it fell due."""
    records = {h.quarter: h for h in team.history if h.quarter <= quarter}
    if not records:
        return ()
    last = max(records)
    revisions = [r for r in team.roadmap_revisions if 0 < r.quarter <= quarter]
    out: list[KpiCheck] = []
    seen: set[RoadmapEntry] = set()
    for h in sorted(records):
        for line in roadmap_as_of(team, h):
            if not line.kpi_metric or line in seen or _due(scenario, line) != h:
                continue
            seen.add(line)
            values = [(q, records[q].metrics.get(line.kpi_metric, 0))
                      for q in sorted(records) if q >= h]
            best = max(v for _, v in values)
            start = _kpi_start(team, scenario, line)
            if line.kpi_target <= start:  # asked for nothing it did not have: never "met"
                out.append(KpiCheck(line, h, "no_stretch", None, best, start=start))
                continue
            met = next((q for q, v in values if v >= line.kpi_target), None)
            if met is not None:
                out.append(KpiCheck(line, h, "met", met, best))
                continue
            replan = next((r for r in revisions if r.quarter > h and r.reason.strip()
                           and _replans(line, r.entries)), None)
            if replan is not None:
                out.append(KpiCheck(line, h, "replanned", replan.quarter, best,
                                    replan.reason.strip()))
            else:
                out.append(KpiCheck(line, h, "pending" if h == last else "ignored", None, best))
    return tuple(out)


def _kpi_start(team: Team, scenario: Scenario, line: RoadmapEntry) -> int:
    """The line's metric when the line was first set as it stands: the end of the quarter
    before the revision that wrote it (the starting metrics in setup)."""
    written = next((r.quarter for r in team.roadmap_revisions if line in r.entries), 0)
    before = next((h for h in team.history if h.quarter == written - 1), None)
    metrics = before.metrics if before is not None else scenario.start_metrics
    return int(metrics.get(line.kpi_metric, 0))


def _due(scenario: Scenario, line: RoadmapEntry) -> int:
    spec = scenario.initiatives.get(line.initiative)
    level = spec.levels.get(line.level) if spec else None
    return line.quarter + (level.delay if level else 0)


def _replans(line: RoadmapEntry, entries: tuple[RoadmapEntry, ...]) -> bool:
    """Whether a revision re-plans a missed line: dropped it or changed its level, moved its
    quarter, changed its metric, or lowered its target by more than a nudge. Raising the
    target of a line already missed is not a re-plan."""
    same = next((e for e in entries
                 if (e.initiative, e.level) == (line.initiative, line.level)), None)
    if same is None:
        return True
    return (same.quarter != line.quarter or same.kpi_metric != line.kpi_metric
            or same.kpi_target < line.kpi_target - NUDGE)


def _money(f: _Facts) -> tuple[int, int, int, int]:
    """Credits wasted (a level bought too late to land), lapsed (unspent past the carry-over
    cap), left unspent at the end of the game, and the budget received so far."""
    wasted = sum(p.cost for p in f.purchases if p.wasted)
    lapsed = unspent = 0
    for e in f.kinds("idle_money"):
        if _b(e.detail, "last"):
            unspent += _i(e.detail, "held")
        else:
            lapsed += _i(e.detail, "lapsed")
    received = sum(c.amount for c in f.team.treasury
                   if c.kind == "income" and c.quarter <= f.quarter)
    if received <= 0:
        received = f.scenario.budget * max(1, min(f.quarter, f.scenario.quarters))
    return wasted, lapsed, unspent, received


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
    out_of_order = [p for p in f.purchases if p.missing]
    spend = sum(p.cost for p in f.purchases)
    followed = sum(p.cost for p in f.purchases if p.line is not None)
    follow = _share(followed, spend)
    kpis = kpi_checks(f.team, sc, f.quarter)
    met = [k for k in kpis if k.status == "met"]
    ignored = [k for k in kpis if k.status == "ignored"]
    replanned_kpis = [k for k in kpis if k.status == "replanned"]
    judged = [k for k in kpis if k.status != "pending"]  # the last quarter's are not judged
    honoured = _share(len(met) + len(replanned_kpis), len(judged))
    kpi_met = _share(len(met), len(judged))
    wasted, lapsed, unspent, received = _money(f)
    idle = wasted + lapsed + unspent
    idle_share = _share(idle, received)
    changes = roadmap_changes(f.team, f.quarter)
    adapted = _responsive_revisions(f, changes)
    setbacks, replanned = _replanned(f, changes)
    staged = _staged(roadmap)
    runs = sum(1 for e in roadmap if e.level == "run")
    seams = [s for s, pair in SEAM_INITIATIVES.items()
             if all(any(e.initiative == i and LEVEL_RANK[e.level] >= 2 for e in roadmap)
                    for i in pair)]
    upkeep_missed = f.kinds("upkeep_missed")
    follow_text = f"{_pct(followed, spend)} of {spend} cr" if spend else "nothing funded"
    money_text = (f"{idle} cr of {received} cr ({round(100 * idle_share)}%): {wasted} wasted, "
                  f"{lapsed} lapsed, {unspent} unspent at the end")
    kpi_text = (f"{len(met)} met, {len(replanned_kpis)} re-planned, {len(ignored)} missed and "
                f"left as they were (of {len(judged)} due before the last quarter played)"
                if judged else "no KPI target due yet")

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
        _c(2, "At most half of the initiative spend off the roadmap",
           spend - followed <= FOLLOW_LEAST * spend, follow_text + " on the roadmap",
           "Buy what the roadmap says, when it says (a quarter either way), or revise it first."),
        _c(3, COVERAGE,
           len(ops) == 3 and "governance" in disciplines,
           _disciplines([*ops, *(["governance"] if "governance" in disciplines else [])]),
           "Cover all three disciplines and governance on the roadmap."),
        _c(3, PHASED, len(quarters) >= 3,
           f"{len(quarters)} quarters", "Phase the roadmap: crawl in Q1–Q2, walk in Q3–Q4, run "
           "later where value warrants it."),
        _c(3, DEPENDENCIES, bool(roadmap) and not plan_gaps,
           "; ".join(plan_gaps) if plan_gaps else ("all in order" if roadmap else "no plan"),
           "Plan each prerequisite no later than the initiative that needs it."),
        _c(3, "Dependencies respected in funding", not out_of_order,
           f"{len(out_of_order)} funded before their prerequisites",
           "Never fund an initiative before its prerequisites are in place."),
        _c(3, KPI_TARGETS, bool(quarters) and not untargeted,
           f"{len(quarters) - len(untargeted)} of {len(quarters)} quarters with a KPI target "
           f"({len(with_kpi)} of {len(roadmap)} lines carry one)"
           + (f"; none in Q{', Q'.join(map(str, untargeted))}" if untargeted else ""),
           "Give every quarter of the plan at least one KPI target from the metrics."),
        _c(3, "Funding follows the roadmap: three quarters or more of the initiative spend "
           "bought its lines, on time", spend > 0 and follow >= FOLLOW_PROFICIENT,
           follow_text, "Fund the roadmap's lines in their quarter (a quarter either way); when "
           "the plan no longer fits, revise it with a reason before buying something else."),
        _c(3, "KPI targets honoured: half or more of those due met, or re-planned with a reason "
           "when missed", bool(judged) and honoured >= KPI_HONOURED_PROFICIENT, kpi_text,
           "Set KPI targets the funded levels can reach; when one is missed, revise that line "
           "(its quarter, level or target) and say why."),
        _c(3, "Money put to work: at most a quarter of the budget wasted or left idle",
           idle_share <= IDLE_PROFICIENT, money_text,
           "Plan spending so credits do not lapse or sit unspent, and buy nothing that lands "
           "after the last quarter."),
        _c(3, GOALS, bool(tied),
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
           bool(f.purchases) and not upkeep_missed,
           f"{len(upkeep_missed)} upkeep payments missed",
           "Budget the upkeep of what you fund so no initiative loses a level."),
        _c(4, "Re-planned after a failed bet: the plan changed, with the reason", replanned,
           f"{setbacks} setbacks; re-planned: {_yes(replanned)}",
           "After an escalation, a recurrence or a missed deadline, change the plan and say why."),
        _c(4, "Adapts: the plan changed, with a reason, after incidents or injects in two or "
           "more quarters", len(adapted) >= 2,
           f"{len(adapted)} quarters" + (f" (Q{', Q'.join(map(str, adapted))})" if adapted
                                         else ""),
           "Revise the plan itself (not just its targets) when incidents and injects show it "
           "must change, saying why."),
        _c(4, "Funding follows the roadmap closely: nine tenths or more of the spend",
           spend > 0 and follow >= FOLLOW_EXEMPLARY, follow_text,
           "Keep funding and plan together: revise the plan before you buy off it."),
        _c(4, "KPI targets met: three quarters or more, none missed and left as it was",
           bool(judged) and kpi_met >= KPI_MET_EXEMPLARY and not ignored, kpi_text,
           "Meet your targets, and re-plan every one you miss."),
        _c(4, "Money put to work: at most a tenth of the budget wasted or left idle",
           idle_share <= IDLE_EXEMPLARY, money_text,
           "Turn nearly every credit into a level that lands in time."),
    ]
    if f.experienced:
        criteria.append(_c(
            4, "Quantified: a KPI target on every line", bool(roadmap)
            and len(with_kpi) == len(roadmap), f"{len(with_kpi)} of {len(roadmap)} lines",
            "Give every roadmap line a numeric KPI target."))
    return criteria, _lo1_evidence(f, kpis, changes)


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


def _answers(f: _Facts, quarter: int, opening: Iterable[str], closing: Iterable[str],
             extra: bool = False) -> bool:
    """Whether something a revision in `quarter` could answer had happened by then: events
    of a quarter's opening count from that quarter on, those of its resolution only after."""
    opening, closing = tuple(opening), tuple(closing)
    for e in f.ledger:
        if e.kind in opening and e.quarter <= quarter:
            return True
        if e.quarter < quarter and (e.kind in closing or (extra and _setback(e))):
            return True
    return False


def _setback(e: Evidence) -> bool:
    """A failed bet resolved in a quarter: an escalation or crisis, or a level bought before
    its prerequisites."""
    return ((e.kind == "incident_outcome" and _s(e.detail, "result") in SETBACK_RESULTS)
            or (e.kind == "initiative_funded" and bool(_strs(e.detail,
                                                           "prerequisites_missing"))))


def _responsive_revisions(f: _Facts, changes: Iterable[RoadmapChange]) -> list[int]:
    """Quarters with a reasoned revision that changed the plan after an incident or inject."""
    return sorted({c.quarter for c in changes if c.material and c.reason
                   and _answers(f, c.quarter, OPENING_TRIGGERS, CLOSING_TRIGGERS)})


def _replanned(f: _Facts, changes: Iterable[RoadmapChange]) -> tuple[int, bool]:
    """Setbacks (failed bets) and whether a reasoned change of plan followed one."""
    opening = ("incident_recurred", "upkeep_missed")
    closing = ("deadline_missed", "clock_missed")
    setbacks = sum(1 for e in f.ledger if e.kind in (*opening, *closing) or _setback(e))
    replanned = any(c.material and c.reason and _answers(f, c.quarter, opening, closing, True)
                    for c in changes)
    return setbacks, replanned or not setbacks


def _staged(roadmap: tuple[RoadmapEntry, ...]) -> bool:
    by_initiative: dict[str, list[tuple[int, int]]] = {}
    for e in roadmap:
        by_initiative.setdefault(e.initiative, []).append((e.quarter, LEVEL_RANK[e.level]))
    for steps in by_initiative.values():
        if any(b[1] > a[1] and b[0] > a[0] for a, b in itertools.combinations(sorted(steps), 2)):
            return True
    return False


_KPI_WORDS = {"met": "Met", "replanned": "Missed; re-planned", "pending": "Not met by the end",
              "ignored": "Missed, and the line was left as it was",
              "no_stretch": "Not counted as met: the target asked for no improvement"}


def _lo1_evidence(f: _Facts, kpis: Iterable[KpiCheck],
                  changes: Iterable[RoadmapChange]) -> list[EvidenceItem]:
    items: list[EvidenceItem] = []
    drafts = [e for e in f.kinds("roadmap") if not _b(e.detail, "revision")]
    if drafts:
        d = drafts[-1].detail
        disc = _disciplines(x for x in _strs(d, "disciplines") if x != "all")
        items.append(EvidenceItem(
            drafts[-1].quarter, "Drafted the roadmap in setup",
            f"Set out a roadmap of {counted(_i(d, 'entries'), 'line')} ({disc}; "
            f"{_i(d, 'with_kpi')} with a "
            f"KPI target, {_i(d, 'with_goal')} linked by name to a goal).", "neutral",
            **_by(drafts[-1])))
    revisions = iter(e for e in f.kinds("roadmap") if _b(e.detail, "revision"))
    for c in changes:
        by = _by(next(revisions, None))  # the ledger and the revisions keep one order
        said = f"Revised the roadmap: “{c.reason}”" if c.reason else (
            "Revised the roadmap without saying why")
        if c.material:
            parts = [f"{label} {', '.join(lines)}" for label, lines in (
                ("added", c.added), ("dropped", c.dropped), ("moved", c.moved),
                ("re-targeted", c.retargeted)) if lines]
            text = "; ".join(parts)
            items.append(EvidenceItem(c.quarter, said, f"{text[0].upper()}{text[1:]}.",
                                      "positive" if c.reason else "neutral", **by))
        else:
            what = (f"only nudged {len(c.nudged)} KPI targets" if c.nudged
                    else "changed nothing the plan commits to")
            items.append(EvidenceItem(c.quarter, said, f"A cosmetic edit: it {what}, so it "
                                      "earns nothing.", "neutral", **by))
    for p in f.purchases:
        decision = f"Funded {f.initiative_name(p.initiative)} at {p.level} ({p.cost} cr)"
        if p.missing:
            items.append(EvidenceItem(p.quarter, decision, "No effect until its prerequisites "
                                      f"are in place ({', '.join(p.missing)}).", "negative"))
        elif p.wasted:
            items.append(EvidenceItem(p.quarter, decision, "Wasted: it lands after the last "
                                      "quarter, so it changes nothing in this game.", "negative"))
        elif p.line is None:
            # An empty roadmap is worth saying so: a solo learner whose roadmap the bots
            # drafted has none of their own, and "no line planned it" reads as a bug there.
            why = ("there was no roadmap to follow then" if not roadmap_as_of(f.team, p.quarter)
                   else "no line planned it then (within a quarter)")
            items.append(EvidenceItem(p.quarter, decision, f"Off the roadmap: {why}.",
                                      "negative"))
        else:
            items.append(EvidenceItem(p.quarter, decision, "As planned: the roadmap's line "
                                      f"“{p.line.initiative} {p.line.level} by "
                                      f"Q{p.line.quarter}”.", "positive"))
    for k in kpis:
        line = k.line
        decision = (f"KPI target of {line.initiative} {line.level}: "
                    f"{_metric(line.kpi_metric)} ≥ {line.kpi_target} from Q{k.due}")
        if k.status == "met":
            items.append(EvidenceItem(k.when or k.due, decision, f"Met in Q{k.when}.",
                                      "positive"))
        elif k.status == "replanned":
            items.append(EvidenceItem(k.when or k.due, decision,
                                      f"Missed (best {k.best}); re-planned in Q{k.when}: "
                                      f"“{k.reason}”.", "neutral"))
        elif k.status == "no_stretch":
            items.append(EvidenceItem(k.due, decision, f"{_KPI_WORDS[k.status]} (the metric "
                                      f"was already {k.start} when the line was set).",
                                      "negative"))
        else:
            items.append(EvidenceItem(k.due, decision, f"{_KPI_WORDS[k.status]} "
                                      f"(best {k.best}).",
                                      "negative" if k.status == "ignored" else "neutral"))
    for e in f.kinds("idle_money", "upkeep_missed", "inject_received"):
        d = e.detail
        if e.kind == "idle_money" and _b(d, "last") and _i(d, "held") > 0:
            items.append(EvidenceItem(e.quarter, f"Ended the game with {_i(d, 'held')} cr "
                                      "left over", LEFT_OVER_AT_END,
                                      "negative"))
        elif e.kind == "idle_money" and _i(d, "lapsed") > 0:
            items.append(EvidenceItem(e.quarter, f"Left {_i(d, 'held')} cr unspent at the end "
                                      f"of Q{e.quarter}", f"{_i(d, 'held') - _i(d, 'lapsed')} cr "
                                      f"carried over and {_i(d, 'lapsed')} cr lapsed back to the "
                                      f"organisation (the carry-over cap is {_i(d, 'cap')} cr).",
                                      "negative"))
        elif e.kind == "upkeep_missed":
            items.append(EvidenceItem(
                e.quarter, f"Left the {_i(d, 'due')} cr upkeep of "
                f"{f.initiative_name(_s(d, 'initiative'))} unpaid",
                f"It lost its {_s(d, 'level')} level.", "negative"))
        elif e.kind == "inject_received":
            items.append(EvidenceItem(e.quarter, f"Faced the inject “{_s(d, 'title')}”",
                                      "An event the roadmap should respond to.", "neutral"))
    items.sort(key=lambda i: i.quarter)
    return items


# --- LO2: analysing the challenges ---------------------------------------------------------


def _lo2(f: _Facts) -> tuple[list[Criterion], list[EvidenceItem]]:
    judged = f.judged
    diagnosed = [ep for ep in judged if ep.diagnosis]
    correct = [ep for ep in judged if ep.correct]
    decided = [ep for ep in correct if ep.decided]
    tests = [ep for ep in diagnosed if ep.test]
    passed = [ep for ep in tests if ep.decided and ep.correct]
    timely = [ep for ep in judged if ep.timely]
    contradicted = [ep for ep in diagnosed if not ep.consistent]
    unsound = [ep for ep in diagnosed if not ep.consistent or ep.seen >= 2]
    herrings = [ep for ep in diagnosed if ep.red_herring]
    accuracy = _share(len(correct), len(judged))
    general = _generalised(f, correct)
    herring_specs = {s.id for s in f.scenario.incidents.values()
                     if any(d.red_herring for d in s.diagnoses)}
    faced_herrings = [ep for ep in judged if ep.spec in herring_specs]
    beat_herring = [ep for ep in faced_herrings if ep.correct]
    tests_text = (f"{len(passed)} of {len(tests)} incidents one seat could not settle alone"
                  if tests else "no incident one seat could not settle alone")

    criteria = [
        _c(2, "At least one incident diagnosed", bool(diagnosed), f"{len(diagnosed)} diagnosed",
           "Submit a diagnosis for every incident before the quarter resolves."),
        _c(2, "Root-cause accuracy of 40% or more", accuracy >= ACCURACY_DEVELOPING,
           _pct(len(correct), len(judged)),
           "Read every role's clues before choosing a root cause."),
        _c(3, "Root-cause accuracy of 70% or more", accuracy >= ACCURACY_PROFICIENT,
           _pct(len(correct), len(judged)),
           "Name the seam and the root cause, not the symptom, in most incidents."),
        _c(3, f"Pooling decided {POOLING_DECIDED_PROFICIENT} or more correct diagnoses: the "
           "diagnoser's own clues left several causes, the other seats' clues settled it",
           len(decided) >= POOLING_DECIDED_PROFICIENT, f"{len(decided)} decided by pooling",
           "When your own clues fit several causes, get the other seats' clues (shared, "
           "investigated or on the dashboard) and choose the one cause they all fit."),
        _c(3, "Pooled when it mattered: two thirds or more of the incidents one seat could not "
           "settle alone were settled by pooling, and right",
           _share(len(passed), len(tests)) >= TESTS_PASSED_PROFICIENT, tests_text,
           "When the clues you hold fit several causes, do not pick one: pool until they fit "
           "only one."),
        _c(3, "Sound calls: at most a quarter of the diagnoses went against the clues in view, "
           "or guessed between causes they still left",
           _share(len(unsound), len(diagnosed)) <= UNSOUND_MAX,
           f"{len(unsound)} of {len(diagnosed)} unsound",
           "Before proposing a cause, check it fits every clue you can see, and wait for (or "
           "ask for) the clue that rules out the others."),
        _c(3, "Diagnosed in time: 70% or more of the incidents had a diagnosis when first "
           "judged", _share(len(timely), len(judged)) >= TIMELY_PROFICIENT,
           _pct(len(timely), len(judged)),
           "Pool the clues in the quarter an incident opens, so a diagnosis is in before it "
           "resolves."),
        _c(4, f"Root-cause accuracy of 85% or more over {EXEMPLARY_INCIDENTS} or more incidents",
           accuracy >= ACCURACY_EXEMPLARY and len(correct) >= EXEMPLARY_INCIDENTS,
           _pct(len(correct), len(judged)),
           "Get the root cause right nearly every time, across several incidents."),
        _c(4, "Every incident one seat could not settle alone was settled by pooling, and "
           "right", bool(tests) and len(passed) == len(tests), tests_text,
           "Never guess between causes: pool until the clues leave one."),
        _c(4, "No diagnosis the clues in view had already ruled out, and none late",
           not contradicted and len(timely) == len(judged),
           f"{len(contradicted)} against the clues; {len(judged) - len(timely)} late",
           "Check a cause against every clue you can see, and diagnose every incident in the "
           "quarter it opens."),
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


def _how_known(ep: _Episode) -> str:
    """How the team came to its diagnosis, from what the diagnoser could see."""
    if ep.decided:
        return (f"the other seats' clues decided it (the diagnoser's own left {ep.own} causes, "
                "all the clues in view one)")
    if not ep.consistent:
        return "the clues in view had already ruled it out"
    if ep.seen >= 2:
        return f"a guess: the clues in view still left {ep.seen} causes"
    if ep.own == 1:
        return "the diagnoser's own seat's clues were enough"
    return ""


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
        decision = f"Diagnosed {title} as “{text}”"
        how = _how_known(ep)
        late = "" if ep.timely else " Late: it had no diagnosis when it was first judged."
        by = _by(ep.diagnosed_by)
        if ep.correct:
            tone = "positive" if ep.decided else "neutral"
            items.append(EvidenceItem(quarter, decision, f"The right root cause"
                                      f"{'; ' + how if how else ''}.{late}", tone, **by))
        else:
            why = " A red herring." if ep.red_herring else ""
            detail = f" {option.explanation}" if option and option.explanation else ""
            items.append(EvidenceItem(quarter, decision, f"Not the root cause"
                                      f"{'; ' + how if how else ''}.{why}{detail}{late}",
                                      "negative", **by))
    shared = sum(1 for e in f.ledger if e.kind == "share_clue")
    cross = sum(1 for e in f.ledger if e.kind == "investigate" and _b(e.detail, "cross_role"))
    if shared or cross:
        decided = sum(1 for ep in f.judged if ep.correct and ep.decided)
        items.append(EvidenceItem(f.quarter, f"Shared {shared} clues in team chat and ran "
                                  f"{cross} cross-role investigations over the game",
                                  f"Pooling decided {decided} correct diagnoses; sharing counts "
                                  "only when it settles the cause.", "neutral"))
    return items


# --- LO3: strategies -----------------------------------------------------------------------


def _lo3(f: _Facts) -> tuple[list[Criterion], list[EvidenceItem]]:
    responses = f.responses
    ignored = [ep for ep in f.judged if not ep.responded]
    handled = len(responses) + len(ignored)
    coherent = [r for r in responses if r.coherent]
    good = [r for r in coherent if r.klass == "good"]
    poor = [r for r in responses if r.klass == "poor"]
    over = [r for r in responses if r.klass == "over"]
    justified = [r for r in responses if r.reason]
    full = [r for r in responses
            if all(s in r.steps or (s == "communicate" and r.notified) for s in FIVE_STEPS)]
    linked = [r for r in responses if r.prevention_in_place]
    follow = [r for r in responses if r.prevents_with and any(
        q >= r.quarter for _, q in f.funded.get(r.prevents_with, ()))]
    missed_clocks = f.kinds("clock_missed", "deadline_missed")
    tradeoffs = _tradeoffs(f)
    learned = sorted({c.quarter for c in roadmap_changes(f.team, f.quarter)
                      if c.material and c.reason
                      and _answers(f, c.quarter, (), ("incident_outcome",))})

    criteria = [
        _c(2, "At least one response chosen", bool(responses), f"{len(responses)} responses",
           "Choose a response for every incident; doing nothing lets it escalate."),
        _c(2, "At least half the incidents met with a plan for the cause the team diagnosed",
           _share(len(coherent), handled) >= HANDLED_DEVELOPING, _pct(len(coherent), handled),
           "Choose the plan that treats the cause you diagnosed, not the symptom."),
        _c(3, "Most incidents (60% or more) met with a good plan for the diagnosed cause",
           _share(len(good), handled) >= GOOD_PROFICIENT, _pct(len(good), handled),
           "Prefer the plan that treats your diagnosed cause at the root and prevents it "
           "coming back."),
        _c(3, "Symptom-only fixes and over-corrections at most a quarter of responses",
           handled > 0 and _share(len(poor) + len(over), handled) <= BAD_PROFICIENT,
           _pct(len(poor) + len(over), handled),
           "Avoid plans that only hide the symptom, and sledgehammers that work whatever the "
           "cause at a heavy price elsewhere."),
        _c(3, "Justified: half or more of the responses come with the team's one-line reason",
           bool(responses) and _share(len(justified), len(responses)) >= JUSTIFIED_PROFICIENT,
           _pct(len(justified), len(responses)),
           "Write one line with each response: why this plan, for this cause, at this cost."),
        _c(3, "Completes contain → diagnose → remediate → prevent → communicate at least once",
           bool(full), f"{len(full)} full cycles",
           "Pick a response that covers all five steps, and notify stakeholders."),
        _c(3, "Links a prevention to a funded initiative", bool(linked),
           f"{len(linked)} preventions backed by an initiative",
           "Fund the initiative a good response names for prevention."),
        _c(4, "No symptom-only fix and no over-correction at all", not poor and not over,
           f"{len(poor)} symptom-only, {len(over)} over-corrections",
           "Weigh each option's side effects on the other disciplines before choosing."),
        _c(4, "Every response justified", bool(responses) and len(justified) == len(responses),
           _pct(len(justified), len(responses)),
           "Say why for every plan, so the debrief can test the reasoning against the outcome."),
        _c(4, "Follows through: funds or upgrades the prevention after the incident",
           bool(follow), f"{len(follow)} follow-ups",
           "After an incident, fund (or upgrade) the initiative that prevents it next time."),
        _c(4, "No regulator or inject deadline missed", not missed_clocks,
           f"{len(missed_clocks)} missed",
           "Notify in time when an incident or inject carries a deadline."),
        _c(4, "Learns from outcomes: after an incident was judged, the plan changed, with a "
           "reason", bool(learned),
           f"revised in Q{', Q'.join(map(str, learned))}" if learned else "never",
           "After an incident, use what its outcome showed: move, add or drop roadmap lines, "
           "and say why."),
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
                 "contained": "Contained, not fixed: the plan treats another cause.",
                 "suppressed": "The symptom went away; the cause stayed and would come back.",
                 "over": "Resolved, at a heavy price elsewhere.", "escalated": "It escalated.",
                 "crisis": "It became a crisis."}


def _lo3_evidence(f: _Facts, ignored: list[_Episode]) -> list[EvidenceItem]:
    items: list[EvidenceItem] = []
    for r in f.responses:
        spec = f.scenario.incidents.get(r.spec)
        option = spec.response(r.response) if spec else None
        text = _short(option.text) if option else r.response
        why = f"justification: “{r.reason}”" if r.reason else "no justification given"
        consequence = _RESULT_WORDS.get(r.result, r.result)
        if r.klass in ("good", "partial"):
            consequence += (" It is a plan for the cause the team diagnosed." if r.coherent
                            else " It is not a plan for the cause the team diagnosed.")
        if r.prevents_with:
            state = "funded" if r.prevention_in_place else "not funded"
            consequence += f" Prevention via {f.initiative_name(r.prevents_with)}: {state}."
        if r.klass == "good" and r.coherent:
            tone = "positive"
        elif r.coherent:
            tone = "neutral"
        else:
            tone = "negative"
        items.append(EvidenceItem(r.quarter, f"Responded to {f.title(r.spec)}: “{text}” "
                                  f"({_CLASS_WORDS.get(r.klass, r.klass)}); {why}",
                                  consequence, tone, **_by(r.proposed)))
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


def _rights_used(f: _Facts) -> dict[str, int]:
    """Decision right -> the first quarter it was used in play: a response that needed it
    (a response that needs the committee itself is its approval of a high-risk change),
    budget pooling in force, a standard adopted as policy through the committee."""
    used: dict[str, int] = {}

    def use(right: str, quarter: int) -> None:
        used[right] = min(used.get(right, quarter), quarter)

    for e in f.ledger:
        d = e.detail
        if e.kind == "budget_pooled":
            use("budget_pooling", e.quarter)
        elif e.kind == "standard_adopted" and _b(d, "via_committee"):
            use("approve_standards", e.quarter)
        elif e.kind == "incident_outcome" and _b(d, "uses_committee") and _s(d, "class"):
            spec = f.scenario.incidents.get(_s(d, "spec"))
            option = spec.response(_s(d, "response")) if spec else None
            named = [c.ids[0] for c in (option.requires if option else ())
                     if c.kind == "right" and c.ids]
            for right in named or [GENERIC_COMMITTEE_RIGHT]:
                use(right, e.quarter)
    return used


def _uses(f: _Facts) -> dict[str, int]:
    """The ways the committee was used in play -> how often."""
    out = {
        "a response that needs the committee": sum(
            1 for e in f.kinds("incident_outcome")
            if _b(e.detail, "uses_committee") and _s(e.detail, "class")),
        "budget pooling in force": len(f.kinds("budget_pooled")),
        "a standard adopted as policy through the committee": sum(
            1 for e in f.kinds("standard_adopted") if _b(e.detail, "via_committee")),
        "a notification through the committee": sum(
            1 for e in f.kinds("notify") if _b(e.detail, "committee")),
        "a charter review after an incident": len(_reviews(f)),
    }
    return {k: n for k, n in out.items() if n}


def _reviews(f: _Facts) -> list[int]:
    """Quarters of an effectiveness review: the charter revised, with a reason, after an
    incident had been judged."""
    judged = [e.quarter for e in f.kinds("incident_outcome")]
    return [rev.quarter for rev in f.team.charter_revisions
            if 0 < rev.quarter <= f.quarter and rev.reason.strip()
            and any(q < rev.quarter for q in judged)]


def _lo4(f: _Facts) -> tuple[list[Criterion], list[EvidenceItem]]:
    c = f.charter
    members = c.members if c else ()
    leads = [m for m in OPS_LEADS if m in members]
    missing = [m for m in CROSS_FUNCTIONAL if m not in members]
    rights = c.decision_rights if c else ()
    used = _rights_used(f)
    unused = [r for r in rights if r not in used]
    paper = [r for r in unused if r not in REQUIRED_RIGHTS]
    uses = _uses(f)
    invoked = ([e for e in f.kinds("incident_outcome")
                if _b(e.detail, "uses_committee") and _s(e.detail, "class")]
               + [e for e in f.kinds("notify") if _b(e.detail, "committee")])
    in_force = f.funded_ever(COMMITTEE) or not f.has_initiative(COMMITTEE)
    automated = [pair for pair in (("I7", "I8"), ("I6", "I10"))
                 if all(f.funded_ever(i) for i in pair)]
    reviews = _reviews(f)
    frameworks = c.frameworks if c else ()
    need_frameworks = 2 if f.experienced else 1
    unused_text = ("claimed and never used: " + ", ".join(RIGHT_NAMES.get(r, r) for r in unused)
                   if unused else f"all {len(rights)} claimed rights used" if rights
                   else "no rights claimed")

    criteria = [
        _c(2, "A charter is drafted", c is not None, _yes(c is not None),
           "Draft the committee charter in setup."),
        _c(2, "Members from at least two Ops disciplines", len(leads) >= 2,
           f"{len(leads)} Ops leads", "Seat at least two of the DataOps, MLOps and FinOps leads."),
        _c(2, "A meeting cadence is set", bool(c and c.cadence),
           c.cadence if c and c.cadence else "none", "Set how often the committee meets."),
        _c(3, "Cross-functional: the three Ops leads, risk/legal, business owner and sponsor",
           not missing, "missing: " + labels(missing) if missing else "all six",
           "Add " + labels(missing) + " to the committee."
           if missing else "Keep the membership cross-functional."),
        _c(3, "Decision rights to approve high-risk go-lives and to block or kill",
           "approve_high_risk" in rights and "block_kill" in rights,
           labels(rights) or "none", "Give the committee approve and block/kill rights."),
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
        _c(3, f"Used in play in {USES_PROFICIENT} or more ways (a response that needs it, "
           "budget pooling, a standard approved as policy, a notification through it, a "
           "charter review after an incident)",
           len(uses) >= USES_PROFICIENT,
           "; ".join(f"{k} ×{n}" for k, n in uses.items()) or "never used",
           "Use the committee's rights: route an incident through it, pool the budget, "
           "approve a standard as policy, notify through it."),
        _c(3, "Invoked in at least one incident (a response that needs it, or a notification "
           "through it)", bool(invoked), f"{len(invoked)} times",
           "Use the committee in an incident: a committee response or a notification."),
        _c(3, "No paper rights: every optional right the charter claims (beyond approve and "
           "block/kill) used in play", not paper,
           "claimed and never used: " + ", ".join(RIGHT_NAMES.get(r, r) for r in paper)
           if paper else "none on paper",
           "Claim only the rights the committee will use (budget pooling, approving standards "
           "...), and use the ones you claim."),
        _c(4, "Automated evidence (registry + CI/CD, or lineage + dashboard)", bool(automated),
           "; ".join("+".join(p) for p in automated) or "none",
           "Fund I7 and I8 (or I6 and I10) so the committee reviews evidence, not paperwork."),
        _c(4, f"Duties mapped to {need_frameworks} or more frameworks (NIST, ISO 42001, EU AI "
           "Act, SR 11-7, BCBS 239)", len(frameworks) >= need_frameworks,
           f"{len(frameworks)} frameworks", "Map the committee's duties to a real framework."),
        _c(4, "Keeps a decision log", bool(c and c.decision_log), _yes(bool(c and c.decision_log)),
           "Keep a decision log."),
        _c(4, "Effectiveness review: the charter revised, with a reason, after an incident",
           bool(reviews), f"{len(reviews)} reviews",
           "After an incident, review how the committee worked and revise the charter, "
           "saying why."),
        _c(4, "Every claimed decision right used in play", bool(rights) and not unused,
           unused_text, "Use every right the charter claims, or drop the ones you never use."),
    ]
    if f.experienced:
        criteria.append(_c(4, "Invoked in two or more incidents", len(invoked) >= 2,
                           f"{len(invoked)} times",
                           "Route more incidents through the committee."))
    return criteria, _lo4_evidence(f, unused)


def _lo4_evidence(f: _Facts, unused: list[str]) -> list[EvidenceItem]:
    items: list[EvidenceItem] = []
    for e in f.ledger:
        d = e.detail
        if e.kind == "charter":
            members = _strs(d, "members")
            what = (f"{len(members)} members, cadence {_s(d, 'cadence') or 'unset'}, rights: "
                    f"{labels(_strs(d, 'decision_rights')) or 'none'}, risk tiering "
                    f"{'on' if _b(d, 'risk_tiering') else 'off'}, RACI for "
                    f"{_i(d, 'accountable')} decisions")
            cross = all(m in members for m in OPS_LEADS)
            tone = "positive" if cross else "neutral"
            if _b(d, "revision"):
                items.append(EvidenceItem(e.quarter, f"Revised the charter: “{_s(d, 'reason')}”",
                                          f"Now {what}.", tone, **_by(e)))
            else:
                items.append(EvidenceItem(e.quarter, "Drafted the committee charter",
                                          f"{what[0].upper()}{what[1:]}.", "neutral",
                                          **_by(e)))
        elif e.kind == "initiative_funded" and _s(d, "initiative") == COMMITTEE:
            items.append(EvidenceItem(e.quarter, f"Funded the governance committee at "
                                      f"{_s(d, 'level')}", "The charter takes effect.",
                                      "positive"))
        elif e.kind == "budget_pooled":
            items.append(EvidenceItem(e.quarter, "Used the budget-pooling decision right",
                                      "The three envelopes became one team pool.", "positive"))
        elif e.kind == "standard_adopted" and _b(d, "via_committee"):
            spec = f.scenario.standards.get(_s(d, "standard"))
            items.append(EvidenceItem(e.quarter, "Used the right to approve standards: "
                                      f"“{spec.name if spec else _s(d, 'standard')}”",
                                      "Adopted as policy through the committee.", "positive"))
        elif e.kind == "notify":
            via = "through the committee" if _b(d, "committee") else "directly"
            items.append(EvidenceItem(e.quarter, f"Notified stakeholders {via} about "
                                      f"{f.title(_s(d, 'incident').split('@')[0])}",
                                      "Communicated." if not _b(d, "clock")
                                      else "Reported to the regulator's clock.",
                                      "positive" if _b(d, "committee") else "neutral",
                                      **_by(e)))
        elif e.kind == "incident_outcome" and _b(d, "uses_committee") and _s(d, "class"):
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
    else:
        paper = [r for r in unused if r not in REQUIRED_RIGHTS]
        idle = [r for r in unused if r in REQUIRED_RIGHTS]
        if paper:
            items.append(EvidenceItem(f.quarter, "Decision rights claimed and never used: "
                                      + ", ".join(RIGHT_NAMES.get(r, r) for r in paper),
                                      "Rights on paper only.", "negative"))
        if idle:
            items.append(EvidenceItem(f.quarter, "Never used in play: the right to "
                                      + " and to ".join(RIGHT_NAMES.get(r, r) for r in idle),
                                      "No incident response went through it.", "neutral"))
    return items


# --- LO5: standards ------------------------------------------------------------------------


def _effect(f: _Facts, std: _Standard) -> str:
    """What an adopted standard measurably changed, in words; empty when nothing yet: fewer
    or milder incidents of the kinds it addresses after its adoption than before, or the
    metric it moves higher now than the quarter before it was adopted."""
    sc = f.scenario
    spec = sc.standards.get(std.id)
    adopted = std.adopted
    if spec is None or adopted is None or f.quarter <= adopted:
        return ""
    tagged = [ep for ep in f.episodes if ep.spec in sc.incidents
              and set(sc.incidents[ep.spec].tags) & set(spec.addresses)]
    before = [ep for ep in tagged if ep.opened <= adopted]
    after = [ep for ep in tagged if ep.opened > adopted]
    if before and len(after) < len(before):
        return f"incidents of its kind: {len(before)} up to Q{adopted}, {len(after)} since"
    if before and after and max(ep.start for ep in after) < max(ep.start for ep in before):
        return (f"incidents of its kind milder: severity {max(ep.start for ep in before)} up to "
                f"Q{adopted}, at most {max(ep.start for ep in after)} since")
    records = f.history()
    then, now = records.get(adopted - 1), records.get(max(records)) if records else None
    if then is not None and now is not None and now.quarter > adopted:
        moved = [f"{_metric(m)} {then.metrics.get(m, 0)} → {now.metrics.get(m, 0)}"
                 for m in spec.effects if now.metrics.get(m, 0) > then.metrics.get(m, 0)]
        if moved:
            return ", ".join(moved) + f" since Q{adopted - 1}"
    return ""


def _lo5(f: _Facts) -> tuple[list[Criterion], list[EvidenceItem]]:
    sc = f.scenario
    current = [s for s in f.standards.values() if s.current]
    adopted = [s for s in current if s.adopted is not None]
    on_paper = [s for s in current if s.adopted is None]
    cross = [s for s in adopted if s.id in sc.standards
             and len(sc.standards[s.id].disciplines) >= 2]
    effects = {s.id: e for s in adopted if (e := _effect(f, s))}
    owned: dict[str, int] = {}
    for s in current:
        owned[s.owner] = owned.get(s.owner, 0) + 1
    overloaded = {o: n for o, n in owned.items() if n > OWNED_MAX}
    code = [s for s in current if s.adopted_code]
    quarters = {q for s in current for q in s.adoptions}
    shared_ids = (SHARED_IDS not in sc.standards
                  or any(s.id == SHARED_IDS for s in adopted))
    upskilling = f.funded_ever(UPSKILLING) or not f.has_initiative(UPSKILLING)
    led = _evidence_led(f, adopted)
    effect_text = "; ".join(f"{k}: {v}" for k, v in effects.items()) or "none measured yet"

    criteria = [
        _c(2, "At least one standard proposed", bool(current), f"{len(current)} proposed",
           "Propose a standard from the catalogue, with an owner, a mechanism and a KPI."),
        _c(3, f"{ADOPTED_PROFICIENT} or more cross-discipline standards adopted through effort "
           "(policy through the committee, training, or enforcement as code)",
           len(cross) >= ADOPTED_PROFICIENT, f"{len(cross)} adopted",
           "Get standards adopted, not just proposed: a policy needs the committee's right to "
           "approve standards, training needs upskilling (I12), code needs CI/CD (I8)."),
        _c(3, "Not on paper: at most half of the standards proposed are still only proposals",
           _share(len(on_paper), len(current)) <= ON_PAPER_MAX,
           f"{len(on_paper)} of {len(current)} on paper only",
           "Propose only what the team will put the effort into adopting."),
        _c(3, f"Owned: no seat owns more than {OWNED_MAX} standards (each needs an owner who "
           "drives its adoption)", not overloaded,
           "; ".join(f"{ROLE_NAMES.get(o, o)} owns {n}" for o, n in overloaded.items())
           or f"at most {max(owned.values(), default=0)} per seat",
           "Choose the few standards your incidents call for and give each an owner with the "
           "time to drive it, rather than proposing the whole catalogue."),
        _c(3, "A measured effect: an adopted standard followed by fewer or milder incidents of "
           "its kind, or a better metric", bool(effects), effect_text,
           "Adopt early the standard that addresses the incidents you face, and watch its KPI."),
        _c(4, "Shared identifiers across billing, lineage and the registry adopted", shared_ids,
           _yes(shared_ids), "Adopt shared identifiers (needs I1, I6 and I7 in effect)."),
        _c(4, "At least one standard enforced as code", bool(code), f"{len(code)} as code",
           "Enforce a standard as code (needs the CI/CD initiative, I8)."),
        _c(4, "Adoption sequenced: standards adopted in two or more quarters (pilot, expand)",
           len(quarters) >= 2, f"{len(quarters)} quarters",
           "Pilot one standard, then expand: adopt them over several quarters."),
        _c(4, "Upskilling funded to support adoption (I12)", upskilling,
           _yes(f.funded_ever(UPSKILLING)), "Fund continuous education (I12) alongside "
           "standards."),
        _c(4, f"A measured effect from {EFFECTS_EXEMPLARY} or more standards",
           len(effects) >= EFFECTS_EXEMPLARY, effect_text,
           "Adopt standards where they change outcomes, and show it with their KPIs."),
    ]
    if f.experienced:
        criteria.append(_c(4, "Evidence-led: a standard adopted against a kind of incident "
                           "already faced", bool(led), "; ".join(led) or "none",
                           "Adopt the standard that addresses the incidents you actually had."))
    return criteria, _lo5_evidence(f, effects)


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


_MECHANISM_WORDS = {"policy": "as policy, through the committee",
                    "training": "by training (upskilling in effect)",
                    "code": "enforced as code (CI/CD in effect)"}


def _adoption_words(f: _Facts, proposal: Evidence) -> str:
    """What became of a proposal, read from the same adoptions the quarter reports list."""
    adopted = f.adopted_at.get(id(proposal))
    if adopted is not None:
        return f"Adopted in Q{adopted}."
    return f"Not adopted by the end of Q{f.quarter}: on paper only."


def _lo5_evidence(f: _Facts, effects: Mapping[str, str]) -> list[EvidenceItem]:
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
                f"adopted by {_s(d, 'mechanism')}, KPI: {_s(d, 'kpi')}",
                f"{scope}{real}. {_adoption_words(f, e)}", "neutral", **_by(e)))
        elif e.kind == "standard_adopted":
            how = _MECHANISM_WORDS.get(_s(d, "mechanism"), _s(d, "mechanism"))
            cost = f", {_i(d, 'cost')} cr to roll out" if _i(d, "cost") else ""
            effect = effects.get(ident, "")
            items.append(EvidenceItem(e.quarter, f"“{name}” adopted {how}{cost}",
                                      f"In force. Measured effect: {effect}." if effect
                                      else "In force. No measured effect yet.", "positive"))
        elif e.kind == "standard_withdrawn":
            items.append(EvidenceItem(e.quarter, f"Withdrew “{name}”",
                                      "No longer proposed.", "neutral", **_by(e)))
    if not any(s.current for s in f.standards.values()):
        items.append(EvidenceItem(f.quarter, "No standard proposed",
                                  "Nothing connects the disciplines' practices.", "negative"))
    return items
