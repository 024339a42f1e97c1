"""Everything the ladders ask about, read once from a team's record up to a quarter: each
incident from its opening until it is dealt with, the responses, the standards, the purchases."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from triops.game.model.state import Charter, Evidence, QuarterRecord, RoadmapEntry, Team
from triops.game.model.vocab import LEVEL_RANK
from triops.game.scenario.model import Scenario
from triops.game.scoring.objectives.ledger import bool_at, int_at, str_at, strs_at, true_at
from triops.game.scoring.objectives.roadmap import line_bought, roadmap_as_of


@dataclass(slots=True)
class Episode:
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
    # What the diagnoser could tell when it proposed the first diagnosis judged (the team's
    # analysis; later calls had the verdict's help): how many causes its own seat's clues
    # left, how many all the clues in its view left, whether the others' clues decided it,
    # and whether the choice fitted what it could see.
    analysed: bool = False
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
class Response:
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
class Standard:
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
class Purchase:
    quarter: int
    initiative: str
    level: str
    cost: int
    wasted: bool
    missing: tuple[str, ...]
    line: RoadmapEntry | None  # the roadmap line it bought, as the roadmap stood then


def _charter_as_of(team: Team, quarter: int) -> Charter | None:
    if not team.charter_revisions:
        return team.charter
    charter = None
    for rev in team.charter_revisions:
        if rev.quarter <= quarter:
            charter = rev.charter
    return charter


class Facts:
    """Everything the ladders ask about, read once from the team's record up to a quarter."""

    def __init__(self, team: Team, scenario: Scenario, difficulty: str, quarter: int,
                 followed: Team | None = None) -> None:
        self.team = team
        # Whose roadmap purchases are judged against: the team's own by default. A person's
        # record (`people_only`) keeps only the lines they wrote, but a pledge that follows
        # the roadmap the team agreed (a bot's draft, asked for) follows the plan all the same.
        self.followed = followed or team
        self.scenario = scenario
        self.experienced = difficulty == "experienced"
        self.quarter = quarter
        self.ledger = tuple(e for e in team.ledger if e.quarter <= quarter)
        self.roadmap = roadmap_as_of(team, quarter)
        self.charter = _charter_as_of(team, quarter)
        self.episodes: list[Episode] = []
        self.responses: list[Response] = []
        self.standards: dict[str, Standard] = {}
        self.funded: dict[str, list[tuple[int, int]]] = {}  # initiative -> (rank, quarter)
        self.purchases: list[Purchase] = []
        self.proposed_responses: dict[str, Evidence] = {}  # incident -> latest proposal
        self.adopted_at: dict[int, int] = {}  # id of a standard's proposal -> adopted in
        self._pending: dict[str, list[Evidence]] = {}  # standard -> proposals not adopted yet
        self._read()

    def _read(self) -> None:
        current: dict[str, Episode] = {}
        for e in self.ledger:
            d = e.detail
            if e.kind in ("incident_opened", "incident_recurred"):
                episode = Episode(str_at(d, "incident"), str_at(d, "spec"), e.quarter,
                                  int_at(d, "severity"))
                current[episode.incident] = episode
                self.episodes.append(episode)
            elif e.kind == "diagnosis_proposed":
                episode = self._episode(current, str_at(d, "incident"), "", e.quarter)
                episode.proposals[str_at(d, "diagnosis")] = d
                episode.proposers[str_at(d, "diagnosis")] = e
            elif e.kind == "response_proposed":
                self.proposed_responses[str_at(d, "incident")] = e
            elif e.kind == "incident_outcome":
                self._outcome(current, e)
            elif e.kind == "initiative_funded":
                self._funded(e)
            elif e.kind in ("standard_proposed", "standard_withdrawn", "standard_adopted"):
                self._standard(e)

    def _episode(self, current: dict[str, Episode], incident: str, spec: str,
                 quarter: int) -> Episode:
        episode = current.get(incident)
        if episode is None:
            episode = Episode(incident, spec or incident.split("@")[0], quarter)
            current[incident] = episode
            self.episodes.append(episode)
        return episode

    def _outcome(self, current: dict[str, Episode], e: Evidence) -> None:
        d = e.detail
        episode = self._episode(current, str_at(d, "incident"), str_at(d, "spec"), e.quarter)
        diagnosis = str_at(d, "diagnosis")
        episode.result = str_at(d, "result")
        episode.severity = int_at(d, "severity")
        # A bot's part of a person's judgement (people_only marks it) counts for nobody.
        if not true_at(d, "bot_diagnosis"):
            self._judged(episode, e, diagnosis)
        klass = str_at(d, "class")
        if klass and true_at(d, "bot_response"):
            episode.responded = True
        elif klass:
            episode.responded = True
            response = str_at(d, "response")
            self.responses.append(Response(
                e.quarter, episode.incident, episode.spec, response, klass,
                strs_at(d, "steps"), true_at(d, "notified"), str_at(d, "prevents_with"),
                true_at(d, "prevention_in_place"), true_at(d, "uses_committee"), episode.result,
                diagnosis, self._coherent(episode.spec, response, klass, diagnosis, d),
                bool_at(d, "fits"),
                str_at(d, "reason").strip(),
                self.proposed_responses.get(episode.incident),
            ))

    @staticmethod
    def _judged(episode: Episode, e: Evidence, diagnosis: str) -> None:
        d = e.detail
        if episode.timely is None:
            episode.timely = bool(diagnosis)
        episode.judged = e.quarter
        if diagnosis:
            episode.diagnosis = diagnosis
            episode.correct = true_at(d, "correct")
            if episode.correct and (episode.first_correct is None
                                    or e.quarter < episode.first_correct):
                episode.first_correct = e.quarter
            if episode.analysed:
                return
            # The first call judged is the team's analysis: what the diagnoser could see when
            # it proposed it. A later call had the verdict's help (a guesser whose first call
            # was wrong, then right once the review ruled its guess out, passed every test of
            # pooling with its corrected calls and reached proficient on LO2).
            episode.analysed = True
            episode.red_herring = true_at(d, "red_herring")
            proposal = episode.proposals.get(diagnosis, {})
            episode.diagnosed_by = episode.proposers.get(diagnosis)
            episode.own = int_at(proposal, "own_candidates")
            episode.seen = int_at(proposal, "seen_candidates")
            episode.decided = true_at(proposal, "pooling_decided")
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
            return true_at(d, "correct") and d.get("fits") is not False
        return diagnosis in option.fits

    def _funded(self, e: Evidence) -> None:
        d = e.detail
        ident, level = str_at(d, "initiative"), str_at(d, "level")
        rank = LEVEL_RANK.get(level, 1)
        self.funded.setdefault(ident, []).append((rank, e.quarter))
        line = line_bought(roadmap_as_of(self.followed, e.quarter), ident, rank, e.quarter)
        self.purchases.append(Purchase(e.quarter, ident, level, int_at(d, "cost"),
                                       true_at(d, "wasted"), strs_at(d, "prerequisites_missing"),
                                       line))

    def _standard(self, e: Evidence) -> None:
        d = e.detail
        ident = str_at(d, "standard")
        std = self.standards.setdefault(ident, Standard(ident))
        if e.kind == "standard_withdrawn":
            self.standards[ident] = Standard(ident)
            self._pending[ident] = []
            return
        mechanism = str_at(d, "mechanism")
        if e.kind == "standard_proposed" and std.current and std.mechanism != mechanism:
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
        std.owner = str_at(d, "owner") or std.owner
        std.mechanism = mechanism or std.mechanism
        std.kpi = str_at(d, "kpi") or std.kpi
        if e.kind == "standard_proposed":
            std.proposed = e.quarter
        else:
            std.adopted = e.quarter if std.adopted is None else std.adopted
            std.adoptions.add(e.quarter)
            std.adopted_code = std.adopted_code or mechanism == "code"

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
    def judged(self) -> list[Episode]:
        return [ep for ep in self.episodes if ep.judged is not None]
