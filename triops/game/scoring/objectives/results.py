"""What an assessment hands out: the criteria, the evidence, a level per objective, the
leaderboard's rows and what each seat did. Frozen values, for the views and the reports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from triops.game.scoring.objectives.levels import CALIBRATION


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
