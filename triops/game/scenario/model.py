"""The validated, typed form of a scenario. `game.scenario` builds these from parsed TOML."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from triops.game.model.vocab import FRAMEWORKS
from triops.game.rules.conditions import Condition


@dataclass(frozen=True, slots=True)
class LevelSpec:
    cost: int
    upkeep: int
    delay: int
    effects: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class InitiativeSpec:
    id: str
    name: str
    summary: str
    owners: tuple[str, ...]
    concept: str
    anchor: str
    discipline: str
    levels: Mapping[str, LevelSpec]
    prerequisites: tuple[Condition, ...] = ()
    feeds_dashboard: str | None = None
    shares_clues: bool = False
    investigate_ap: Mapping[str, int] = field(default_factory=dict)
    damage_factor_tags: tuple[str, ...] = ()
    damage_factor: Mapping[str, float] = field(default_factory=dict)
    open_damage_factor: Mapping[str, float] = field(default_factory=dict)
    ap_bonus: Mapping[str, int] = field(default_factory=dict)
    weak_unless: tuple[Condition, ...] = ()
    penalty: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    penalty_unless: tuple[Condition, ...] = ()
    extra_upkeep: Mapping[str, int] = field(default_factory=dict)
    extra_upkeep_unless: tuple[Condition, ...] = ()
    needs_charter: bool = False
    on_fund: Mapping[str, int] = field(default_factory=dict)

    @property
    def lead(self) -> str:
        return self.owners[0]


@dataclass(frozen=True, slots=True)
class StandardSpec:
    id: str
    name: str
    spec: str
    disciplines: tuple[str, ...]
    addresses: tuple[str, ...]
    kpi: str
    effects: Mapping[str, int]
    requires: tuple[Condition, ...] = ()


@dataclass(frozen=True, slots=True)
class ClueVariant:
    """What a clue says when the true cause is one of `causes`."""

    causes: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True)
class ClueSpec:
    """One thing a role can see of an incident.

    Schema 2: `variants` say what the clue reads like under each possible cause, so the same
    seat sees different words in different games; `text` is the one text when the clue reads
    the same whatever the cause. Schema 1 files carry `suggests` (the cause a practitioner
    would read into the clue); it stays in the scenario for the legacy bots and never reaches
    a view.
    """

    id: str
    role: str
    text: str
    when: str  # start | investigate
    requires: tuple[Condition, ...] = ()
    suggests: str | None = None
    variants: tuple[ClueVariant, ...] = ()

    def text_for(self, cause: str) -> str:
        """The words this clue shows when `cause` is the incident's true cause."""
        for variant in self.variants:
            if cause in variant.causes:
                return variant.text
        return self.text

    def causes_with(self, text: str) -> tuple[str, ...] | None:
        """The causes under which this clue reads `text`; None when it reads the same always."""
        if not self.variants:
            return None
        for variant in self.variants:
            if variant.text == text:
                return variant.causes
        return ()


@dataclass(frozen=True, slots=True)
class DiagnosisSpec:
    """A plausible cause. `weight` is its chance (relative to the others) of being the true
    cause of a game's incident; 0 means it never is (a red herring to weigh and rule out).
    Schema 1 files mark one `correct`, which becomes weight 1 and the others 0."""

    id: str
    text: str
    correct: bool
    red_herring: bool = False
    explanation: str = ""
    weight: float = 0.0


@dataclass(frozen=True, slots=True)
class ResponseSpec:
    """A plan the team can commit. `fits` names the causes it treats (good and partial
    responses); a poor one treats a symptom and an over-correction works whatever the cause,
    at a heavy price, so neither fits a cause."""

    id: str
    text: str
    klass: str
    steps: tuple[str, ...]
    cost: Mapping[str, int]
    ap: Mapping[str, int]
    requires: tuple[Condition, ...] = ()
    prevents_with: str | None = None
    effects: Mapping[str, int] = field(default_factory=dict)
    explanation: str = ""
    fits: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IncidentSpec:
    id: str
    title: str
    severity: int
    seams: tuple[str, ...]
    tags: tuple[str, ...]
    damage: Mapping[str, int]
    clues: tuple[ClueSpec, ...]
    diagnoses: tuple[DiagnosisSpec, ...]
    responses: tuple[ResponseSpec, ...]
    archetype: str = ""
    anchor: str = ""
    probability: float = 0.0
    earliest: int = 1
    scheduled: tuple[int, ...] = ()
    mitigated_by: tuple[str, ...] = ()
    loss: int = 0
    clock: int = 0
    hint: str = ""

    def clue(self, clue_id: str) -> ClueSpec | None:
        return next((c for c in self.clues if c.id == clue_id), None)

    def diagnosis(self, diagnosis_id: str) -> DiagnosisSpec | None:
        return next((d for d in self.diagnoses if d.id == diagnosis_id), None)

    def response(self, response_id: str) -> ResponseSpec | None:
        return next((r for r in self.responses if r.id == response_id), None)

    @property
    def causes(self) -> tuple[str, ...]:
        """The diagnoses that can be a game's true cause (weight above 0)."""
        return tuple(d.id for d in self.diagnoses if d.weight > 0)


@dataclass(frozen=True, slots=True)
class EffectSpec:
    """One inject effect. `kind` picks which of the other fields matter
    (triops/scenarios/README.md)."""

    kind: str  # budget | metric | incident | modifier | probability | cost | clock
    amount: int = 0
    metric: str = ""
    delta: int = 0
    incident: str = ""
    quarters: int = 0
    unless: tuple[Condition, ...] = ()
    tags: tuple[str, ...] = ()
    factor: float = 1.0
    initiatives: tuple[str, ...] = ()
    title: str = ""
    requires: tuple[Condition, ...] = ()
    fine: int = 0


@dataclass(frozen=True, slots=True)
class InjectSpec:
    id: str
    title: str
    narrative: str
    effects: tuple[EffectSpec, ...]
    scheduled: int | None = None
    archetype: str = ""


@dataclass(frozen=True, slots=True)
class GoalSpec:
    id: str
    text: str
    kind: str  # value | metric
    target: int
    metric: str = ""


@dataclass(frozen=True, slots=True)
class HintSpec:
    quarter: int
    text: str


@dataclass(frozen=True, slots=True)
class RoadmapTarget:
    initiative: str
    level: str
    quarter: int
    owner: str
    kpi: str = ""


@dataclass(frozen=True, slots=True)
class Rules:
    max_random_incidents: int = 2
    min_owner_share: float = 0.25
    cross_role_investigate_ap: int = 3
    metric_pull: float = 0.5
    notify_cost: int = 2
    clock_miss_fine: int = 5
    free_shares: int = 3  # clues a seat may post to the team each quarter without AP
    share_ap: int = 1  # AP for each further clue; the dashboard shares its feeds free
    carry_over: float = 0.5  # credits kept into a quarter, as a share of its budget
    transfer_cap: int = 6  # credits a seat may send per quarter without budget pooling


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    title: str
    industry: str
    difficulty: str
    quarters: int
    summary: str
    organisation: str
    situation: str
    goals: tuple[GoalSpec, ...]
    start_metrics: Mapping[str, int]
    baseline: Mapping[str, int]
    budget: int
    envelopes: Mapping[str, int]
    action_points: int
    value_per_quarter: int
    rules: Rules
    incidents: Mapping[str, IncidentSpec]
    injects: Mapping[str, InjectSpec]
    initiatives: Mapping[str, InitiativeSpec]
    standards: Mapping[str, StandardSpec]
    hints: tuple[HintSpec, ...]
    reference_roadmap: tuple[RoadmapTarget, ...]
    digest: str
    source: str = "<scenario>"
    # The frameworks a charter may map the committee's duties to: those that apply to this
    # organisation (a US bank's charter does not cite the EU AI Act).
    frameworks: tuple[str, ...] = FRAMEWORKS
    # The playbook's standards: role -> the standard that seat proposes in setup. Empty: the
    # expert bots pick by their own reckoning (`triops scenario roadmap --standards` tunes it).
    reference_standards: Mapping[str, str] = field(default_factory=dict)
