"""The game state: immutable values, changed only by `game.rules.apply` building new ones.

Every field is plain data (str, int, float, bool, tuples, str-keyed mappings, nested states),
so a state can be digested, snapshotted and compared. Mappings are never mutated after
construction: rules copy them (copy-on-write), so old states stay valid and an illegal command
can never leave a half-changed state behind.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from triops.game.scenario.model import EffectSpec, InjectSpec, Scenario


@dataclass(frozen=True, slots=True)
class Seat:
    role: str
    holder: str = "empty"  # empty | human | bot
    name: str = ""
    bot_level: str = "novice"
    ready: bool = False
    ap: int = 0
    shared: int = 0  # clues this seat has posted to the team this quarter
    sent: int = 0  # credits this seat has transferred to others this quarter


@dataclass(frozen=True, slots=True)
class InitiativeState:
    """One initiative of one team. `bought[k]` is the quarter level k+1 was bought in."""

    id: str
    bought: tuple[int, ...] = ()
    pledges: Mapping[str, int] = field(default_factory=dict)

    @property
    def rank(self) -> int:
        return len(self.bought)

    @property
    def pledged(self) -> int:
        return sum(self.pledges.values())


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to an incident at one resolution: shown in the review, kept for scoring."""

    quarter: int
    diagnosis: str | None
    diagnosis_correct: bool | None
    response: str | None
    response_class: str | None
    result: str  # resolved | partial | contained | suppressed | over | escalated | crisis
    pooled_roles: tuple[str, ...] = ()
    notified: bool = False
    cause: str = ""  # the true cause, revealed with the outcome
    fits: bool | None = None  # whether the response treats the true cause


@dataclass(frozen=True, slots=True)
class IncidentState:
    id: str  # instance id, unique within a team: "<spec id>@<quarter opened>"
    spec: str
    opened: int
    severity: int
    source: str  # scheduled | random | inject | recurrence
    status: str = "open"  # open | resolved | dormant (silently recurring)
    cause: str = ""  # the true cause, drawn when it opens; only the facilitator sees it
    found: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # clue id -> roles
    shared: tuple[str, ...] = ()
    reviewed: bool = False  # the team's joint review (one free investigation) is spent
    diagnosis: str | None = None
    diagnosis_by: str | None = None
    diagnosis_pooled: tuple[str, ...] = ()  # roles whose clues the team could all see then
    response: str | None = None
    response_by: str | None = None
    response_reason: str = ""
    reserved_cr: Mapping[str, int] = field(default_factory=dict)
    reserved_ap: Mapping[str, int] = field(default_factory=dict)
    notified: bool = False
    notify_cost: int = 0
    notify_by: str | None = None
    clock_due: int | None = None
    recur_at: int | None = None
    outcomes: tuple[Outcome, ...] = ()

    @property
    def open(self) -> bool:
        return self.status == "open"

    @property
    def crisis(self) -> bool:
        return self.status == "open" and self.severity >= 4


@dataclass(frozen=True, slots=True)
class RoadmapEntry:
    initiative: str
    level: str
    quarter: int
    owner: str
    kpi_metric: str = ""
    kpi_target: int = 0
    goal: str = ""


@dataclass(frozen=True, slots=True)
class RoadmapRevision:
    quarter: int
    reason: str
    by: str
    entries: tuple[RoadmapEntry, ...]


@dataclass(frozen=True, slots=True)
class Charter:
    members: tuple[str, ...] = ()
    chair: str = ""
    cadence: str = ""
    decision_rights: tuple[str, ...] = ()
    risk_tiering: bool = False
    escalation: tuple[str, ...] = ()
    decision_log: bool = False
    accountable: Mapping[str, str] = field(default_factory=dict)  # RACI decision -> member
    frameworks: tuple[str, ...] = ()
    purpose: str = ""


@dataclass(frozen=True, slots=True)
class CharterRevision:
    quarter: int
    reason: str
    by: str
    charter: Charter


@dataclass(frozen=True, slots=True)
class StandardProposal:
    standard: str
    owner: str
    mechanism: str  # policy | training | code
    kpi: str
    proposed: int
    by: str
    adopted: int | None = None


@dataclass(frozen=True, slots=True)
class ChatMessage:
    quarter: int
    sender: str  # a role, "facilitator" or "system"
    text: str
    kind: str = "chat"  # chat | clue | system | broadcast
    incident: str = ""
    clue: str = ""
    # Who held the seat when the message was sent (a seat move later changes nothing here):
    # "person" with their name, "bot", or "" for the facilitator and the game.
    author: str = ""
    name: str = ""


@dataclass(frozen=True, slots=True)
class Evidence:
    """One decision or consequence scoring needs: the evidence ledger's unit."""

    quarter: int
    kind: str
    objectives: tuple[str, ...]
    detail: Mapping[str, object]
    by: str = ""  # the role that acted, if a seat did
    # Who held that seat when it acted: "person" (with their name) or "bot"; "" when no seat
    # acted (the game's own consequences). Credit follows this, never the seat's holder now.
    actor: str = ""
    name: str = ""


@dataclass(frozen=True, slots=True)
class CreditEntry:
    """Money entering or leaving the team; transfers between seats are not entries."""

    quarter: int
    # income | inject | initiative | upkeep | response | notify | loss | fine | lapsed | standard
    kind: str
    amount: int  # positive in, negative out
    what: str


@dataclass(frozen=True, slots=True)
class ActiveModifier:
    inject: str
    effect: EffectSpec
    until: int  # last quarter it applies in


@dataclass(frozen=True, slots=True)
class ActiveClock:
    inject: str
    effect: EffectSpec
    due: int
    status: str = "running"  # running | met | missed


@dataclass(frozen=True, slots=True)
class QuarterRecord:
    quarter: int
    metrics: Mapping[str, int]
    value: int
    credits: int
    outcome: int


@dataclass(frozen=True, slots=True)
class Team:
    id: str
    name: str
    seats: Mapping[str, Seat]
    metrics: Mapping[str, int]
    envelopes: Mapping[str, int]
    pool: int | None = None  # set once the charter's budget pooling is in force
    initiatives: Mapping[str, InitiativeState] = field(default_factory=dict)
    incidents: Mapping[str, IncidentState] = field(default_factory=dict)
    roadmap: tuple[RoadmapEntry, ...] = ()
    roadmap_revisions: tuple[RoadmapRevision, ...] = ()
    charter: Charter | None = None
    charter_revisions: tuple[CharterRevision, ...] = ()
    standards: Mapping[str, StandardProposal] = field(default_factory=dict)
    revised: Mapping[str, int] = field(default_factory=dict)  # artefact -> quarter AP was paid
    chat: tuple[ChatMessage, ...] = ()
    ledger: tuple[Evidence, ...] = ()
    treasury: tuple[CreditEntry, ...] = ()
    modifiers: tuple[ActiveModifier, ...] = ()
    clocks: tuple[ActiveClock, ...] = ()
    value: int = 0
    # Harm a quarter's money could not cover: it comes out of the next budget as it arrives
    # (spending every credit before the quarter resolved used to make an incident free).
    owed: int = 0
    history: tuple[QuarterRecord, ...] = ()
    reports: Mapping[int, tuple[Mapping[str, object], ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ClockSettings:
    """Phase lengths in seconds; None means no clock (the facilitator or players move on)."""

    setup_seconds: float | None = None
    planning_seconds: float | None = None
    review_seconds: float | None = None
    auto_advance: bool = False


@dataclass(frozen=True, slots=True)
class GameSettings:
    seed: int
    team_names: tuple[str, ...]
    difficulty: str = ""  # empty: the scenario's own
    clock: ClockSettings = field(default_factory=ClockSettings)
    empty_seat_level: str = "novice"


@dataclass(frozen=True, slots=True)
class ScheduledInject:
    inject: str
    quarter: int
    targets: tuple[str, ...] = ()  # empty: every team
    status: str = "pending"  # pending | fired | cancelled


@dataclass(frozen=True, slots=True)
class LevelOverride:
    team: str
    objective: str
    level: str
    comment: str


@dataclass(frozen=True, slots=True)
class ReviewMark:
    """One criterion of a review: a level of the rubric (vocab.OBJECTIVE_LEVELS) and an
    optional comment."""

    criterion: str
    level: str
    comment: str = ""


@dataclass(frozen=True, slots=True)
class PeerReview:
    """One review of a presenting team, by a reviewing team (team mode) or one person in it
    (person mode). `role` and `name` say who sent it."""

    presenter: str
    team: str
    role: str
    name: str
    marks: tuple[ReviewMark, ...]


@dataclass(frozen=True, slots=True)
class FacilitatorReview:
    """The facilitator's own assessment of a presenting team, on the same form."""

    presenter: str
    marks: tuple[ReviewMark, ...]


@dataclass(frozen=True, slots=True)
class ReviewRound:
    """The peer review of roadmaps, after the game (rules/peer_review.py has its rules)."""

    mode: str  # team | person: one review per reviewing team, or per person
    charter: bool = True  # the charter (LO4) is on the form
    standards: bool = True  # the standards (LO5) are on the form
    presenting: str = ""  # the team presenting now, "" before the first
    presented: tuple[str, ...] = ()  # teams that have presented (or are), in order
    closed: tuple[str, ...] = ()  # teams whose reviews are closed: their results are shown
    reviews: tuple[PeerReview, ...] = ()
    assessments: tuple[FacilitatorReview, ...] = ()


@dataclass(frozen=True, slots=True)
class GameState:
    scenario: Scenario = field(compare=False, repr=False, metadata={"transient": True})
    settings: GameSettings
    teams: tuple[Team, ...]
    phase: str = "lobby"
    quarter: int = 0
    version: int = 0
    phase_seq: int = 0
    paused: bool = False
    deadline: float | None = None
    paused_remaining: float | None = None
    schedule: tuple[ScheduledInject, ...] = ()
    custom_injects: Mapping[str, InjectSpec] = field(default_factory=dict)
    ticker: tuple[Mapping[str, object], ...] = ()
    overrides: tuple[LevelOverride, ...] = ()
    review: ReviewRound | None = None

    @property
    def difficulty(self) -> str:
        return self.settings.difficulty or self.scenario.difficulty

    def team(self, team_id: str) -> Team:
        for team in self.teams:
            if team.id == team_id:
                return team
        raise KeyError(team_id)
