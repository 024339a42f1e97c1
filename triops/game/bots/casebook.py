"""What an experienced practitioner knows before this game's clues arrive.

For each incident of a scenario: what each observation would read like under each plausible
cause ("if it were drift, DataOps would see green pipelines and shifted features"), which
cause each plan treats, and which plans are symptom fixes or sledgehammers. A bot reads this
the way a colleague reads a symptom: not as the answer, but as what to expect under each
hypothesis. What it actually sees comes from its view, clue by clue, so a bot that has not
seen a clue cannot use it (tests remove a clue from a view and watch the diagnosis change).

The source is the scenario file, which is public: the authoring guide ships with it, and a
person can read it too. What a game hides (which cause is true this time, which clue words
the other seats are looking at) is never here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from triops.game.model.state import RoadmapEntry
from triops.game.model.vocab import METRICS
from triops.game.rules.incident_flow import STANDARD_MITIGATION
from triops.game.scenario.model import IncidentSpec, RoadmapTarget, Scenario

# How strongly a clue that reads differently under a cause counts against that cause. Not 0:
# a bot should bend, not break, if the team shared something odd.
INCONSISTENT = 0.02
# Schema 1 clues point at one cause (`suggests`) and are right this often.
LEGACY_RELIABILITY = 0.75
# A second clue from a role that already spoke counts for less (the same dashboards).
SAME_ROLE_WEIGHT = 0.5


@dataclass(frozen=True)
class Plan:
    """What a practitioner reads in a response option."""

    klass: str  # good | partial | poor | over
    fits: tuple[str, ...]
    harm: float  # how much its side effects hurt, in metric points
    steps: int


@dataclass(frozen=True)
class Case:
    """One incident archetype as a practitioner knows it."""

    diagnoses: tuple[str, ...]
    # clue id -> clue text -> the causes under which it reads so (None: it reads the same
    # whatever the cause, so it tells nothing apart)
    readings: Mapping[str, Mapping[str, frozenset[str]] | None]
    legacy: Mapping[str, str]  # schema 1: clue id -> the cause it points at
    plans: Mapping[str, Plan]

    @property
    def schema1(self) -> bool:
        return bool(self.legacy) or all(r is None for r in self.readings.values())


@dataclass(frozen=True)
class Casebook:
    cases: Mapping[str, Case] = field(default_factory=dict)
    # initiative id -> metric points of incident damage a quarter its first level keeps away,
    # from the incidents this organisation is prone to (their likelihood and harm)
    prevention: Mapping[str, float] = field(default_factory=dict)
    # credits a quarter the incidents this organisation is prone to are expected to take
    # (responses and losses): what a careful plan keeps back
    incident_load: float = 0.0
    # The organisation's playbook: the scenario's reference roadmap, the plan that has been
    # shown to work here (`triops scenario roadmap` tunes it). What an expert brings.
    playbook: tuple[RoadmapEntry, ...] = ()
    # standard id -> incident harm a quarter it keeps away adopted as a policy (the incidents
    # tagged with what it addresses, made rarer): how an expert picks the few worth adopting
    standard_prevention: Mapping[str, float] = field(default_factory=dict)
    # The playbook's standards (role -> standard id), from the scenario: what the expert's
    # seats propose in setup where the organisation has learnt which standards pay here.
    playbook_standards: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, scenario: Scenario | None) -> Casebook:
        if scenario is None:
            return cls()
        # The digest names the scenario file; a roadmap search swaps in candidate roadmaps
        # and standards without changing it, so both are part of the key.
        key = (scenario.digest, scenario.reference_roadmap,
               tuple(sorted(scenario.reference_standards.items())))
        cached = _BOOKS.get(key)
        if cached is None:
            cached = cls({i: _case(spec) for i, spec in scenario.incidents.items()},
                         _prevention(scenario), _load(scenario), playbook(scenario),
                         _standard_prevention(scenario), dict(scenario.reference_standards))
            _BOOKS[key] = cached
        return cached

    def case(self, incident: Mapping[str, Any]) -> Case | None:
        return self.cases.get(str(incident.get("spec", "")))

    def posterior(self, incident: Mapping[str, Any],
                  roles: Iterable[str] | None = None) -> dict[str, float]:
        """Diagnosis id -> how likely it is the cause, from the clues in this view.

        `roles` restricts the evidence to clues of those roles (a seat reading only its own).
        A diagnosis already judged in a review is settled by that verdict.
        """
        options = [d["id"] for d in incident["diagnoses"]]
        if not options:
            return {}
        verdicts = {d["id"]: d["correct"] for d in incident["diagnoses"] if "correct" in d}
        right = [d for d, ok in verdicts.items() if ok]
        if right:
            return {d: (1.0 if d == right[0] else 0.0) for d in options}
        case = self.case(incident)
        allowed = set(roles) if roles is not None else None
        logp = {d: (-math.inf if verdicts.get(d) is False else 0.0) for d in options}
        spoken: dict[str, int] = {}
        for clue in incident["clues"]:
            if allowed is not None and clue["role"] not in allowed:
                continue
            likelihood = _likelihood(case, clue, options)
            if likelihood is None:
                continue
            weight = 1.0 if spoken.get(clue["role"], 0) == 0 else (
                SAME_ROLE_WEIGHT if case is not None and case.schema1 else 1.0)
            spoken[clue["role"]] = spoken.get(clue["role"], 0) + 1
            for d in options:
                logp[d] += weight * math.log(likelihood[d])
        top = max(logp.values())
        if top == -math.inf:
            return dict.fromkeys(options, 1.0 / len(options))
        weights = {d: math.exp(v - top) for d, v in logp.items()}
        total = sum(weights.values())
        return {d: w / total for d, w in weights.items()}

    def backing(self, incident: Mapping[str, Any], cause: str,
                roles: Iterable[str] | None = None) -> set[str]:
        """The roles whose visible clues speak for `cause` (and not for every cause)."""
        case = self.case(incident)
        options = [d["id"] for d in incident["diagnoses"]]
        allowed = set(roles) if roles is not None else None
        out: set[str] = set()
        for clue in incident["clues"]:
            if allowed is not None and clue["role"] not in allowed:
                continue
            likelihood = _likelihood(case, clue, options)
            if likelihood is not None and likelihood[cause] >= max(likelihood.values()):
                out.add(clue["role"])
        return out

    def speaks_for(self, incident: Mapping[str, Any], clue: Mapping[str, Any],
                   cause: str) -> bool:
        """Whether this clue, as seen, fits `cause` better than some other cause."""
        options = [d["id"] for d in incident["diagnoses"]]
        likelihood = _likelihood(self.case(incident), clue, options)
        return likelihood is not None and likelihood[cause] >= max(likelihood.values()) > min(
            likelihood.values())

    def best_guess(self, incident: Mapping[str, Any], roles: Iterable[str] | None = None
                   ) -> tuple[str | None, float, set[str]]:
        """The most likely cause, its probability, and the roles backing it (None when no
        clue in view tells the causes apart)."""
        roles = list(roles) if roles is not None else None
        post = self.posterior(incident, roles)
        if not post:
            return None, 0.0, set()
        best = max(post, key=lambda d: (post[d], d))
        backing = self.backing(incident, best, roles)
        if not backing and max(post.values()) - min(post.values()) < 1e-9:
            return None, post[best], set()
        return best, post[best], backing

    def tells_apart(self, incident: Mapping[str, Any], clue_id: str,
                    post: Mapping[str, float], floor: float = 0.05) -> bool:
        """Whether finding this clue would split the causes still believed (those above
        `floor`): what an investigation is worth before anyone pays for it."""
        case = self.case(incident)
        if case is None:
            return False
        if clue_id in case.legacy:
            return True
        reading = case.readings.get(clue_id)
        if reading is None:
            return False
        alive = {c for c, p in post.items() if p > floor}
        groups = {frozenset(alive & causes) for causes in reading.values()} - {frozenset()}
        return len(groups) > 1

    def plan(self, incident: Mapping[str, Any], response_id: str) -> Plan | None:
        case = self.case(incident)
        return case.plans.get(response_id) if case is not None else None


_BOOKS: dict[tuple[str, tuple[RoadmapTarget, ...], tuple[tuple[str, str], ...]], Casebook] = {}


# A mitigating initiative at its first level takes this share off an incident's chance
# (game.incident_flow.MITIGATION); an incident open for a while does about this much harm.
FIRST_LEVEL_CUT = 0.25
QUARTERS_OPEN = 1.5
# What an action point saved is worth, in points of incident damage kept away.
AP_WORTH = 1.0


def playbook(scenario: Scenario) -> tuple[RoadmapEntry, ...]:
    """The scenario's reference roadmap as roadmap lines (KPIs read from `metric>=N`)."""
    out = []
    for target in scenario.reference_roadmap:
        metric, _, value = target.kpi.partition(">=")
        ok = metric in METRICS and value.isdigit()
        out.append(RoadmapEntry(target.initiative, target.level, target.quarter, target.owner,
                                metric if ok else "", int(value) if ok else 0))
    return tuple(out)


def _prevention(scenario: Scenario) -> dict[str, float]:
    """Per initiative, the incident harm a quarter its first level keeps away: rarer
    incidents (mitigation), milder ones (damage factors), and the action points the team
    saves for handling them (the dashboard shares clues, lineage cheapens investigations,
    upskilling adds AP). All of it is in the public catalogue and the scenario's deck."""
    out: dict[str, float] = {}
    rate_all = 0.0
    harm_all = 0.0
    for spec in scenario.incidents.values():
        rate = spec.probability or (len(spec.scheduled) / max(1, scenario.quarters))
        harm = _harm(spec)
        rate_all += rate
        harm_all += rate * harm
        for ident in spec.mitigated_by:
            if spec.probability > 0:
                out[ident] = out.get(ident, 0.0) + rate * harm * QUARTERS_OPEN * FIRST_LEVEL_CUT
        for ident, init in scenario.initiatives.items():
            if init.damage_factor and set(init.damage_factor_tags) & set(spec.tags):
                cut = 1.0 - init.damage_factor.get("crawl", 1.0)
                out[ident] = out.get(ident, 0.0) + rate * harm * cut
    for ident, init in scenario.initiatives.items():
        if init.open_damage_factor:
            out[ident] = out.get(ident, 0.0) + harm_all * (
                1.0 - init.open_damage_factor.get("crawl", 1.0))
        if init.shares_clues:  # every seat's clue posted for free: about two AP an incident
            out[ident] = out.get(ident, 0.0) + rate_all * 2 * AP_WORTH
        if init.investigate_ap:
            out[ident] = out.get(ident, 0.0) + rate_all * AP_WORTH
        if init.ap_bonus:
            out[ident] = out.get(ident, 0.0) + 3 * AP_WORTH * max(init.ap_bonus.values())
    return out


def _standard_prevention(scenario: Scenario) -> dict[str, float]:
    """Per standard, the harm a quarter it keeps away adopted as a policy: every random
    incident tagged with something it addresses opens less often."""
    cut = 1.0 - STANDARD_MITIGATION["policy"]
    out: dict[str, float] = {}
    for std in scenario.standards.values():
        for spec in scenario.incidents.values():
            if spec.probability > 0 and set(std.addresses) & set(spec.tags):
                out[std.id] = (out.get(std.id, 0.0)
                               + spec.probability * _harm(spec) * QUARTERS_OPEN * cut)
    return out


def _harm(spec: IncidentSpec) -> float:
    """The metric points and credits an incident costs a quarter at its opening severity."""
    return (sum(-d for d in spec.damage.values()) + spec.loss) * spec.severity


def _load(scenario: Scenario) -> float:
    """Expected credits a quarter for incidents: a fitting plan's price and the losses.
    Random incidents count up to the scenario's cap on how many a quarter can draw."""
    random_cost = random_rate = scheduled = 0.0
    for spec in scenario.incidents.values():
        prices = [sum(r.cost.values()) for r in spec.responses if r.klass == "good"]
        cost = (sum(prices) / len(prices) if prices else 0.0) + spec.loss * spec.severity * 0.5
        if spec.probability > 0:
            random_rate += spec.probability
            random_cost += spec.probability * cost
        scheduled += len(spec.scheduled) * cost / max(1, scenario.quarters)
    cap = scenario.rules.max_random_incidents
    if random_rate > cap > 0:
        random_cost *= cap / random_rate
    return random_cost + scheduled


def _case(spec: IncidentSpec) -> Case:
    readings: dict[str, Mapping[str, frozenset[str]] | None] = {}
    legacy: dict[str, str] = {}
    for clue in spec.clues:
        if clue.variants:
            readings[clue.id] = {v.text: frozenset(v.causes) for v in clue.variants}
        else:
            readings[clue.id] = None
            if clue.suggests:
                legacy[clue.id] = clue.suggests
    plans = {r.id: Plan(r.klass, r.fits, float(-sum(d for d in r.effects.values() if d < 0)),
                        len(r.steps))
             for r in spec.responses}
    return Case(tuple(d.id for d in spec.diagnoses), readings, legacy, plans)


def _likelihood(case: Case | None, clue: Mapping[str, Any],
                options: list[str]) -> dict[str, float] | None:
    """P(this clue reads as it does | cause), for each cause; None if it tells nothing."""
    if case is None:
        return None
    ident = str(clue["id"])
    if ident in case.legacy:
        pointed = case.legacy[ident]
        if pointed not in options:
            return None
        miss = (1 - LEGACY_RELIABILITY) / max(1, len(options) - 1)
        return {d: LEGACY_RELIABILITY if d == pointed else miss for d in options}
    reading = case.readings.get(ident)
    if reading is None:
        return None
    causes = reading.get(str(clue["text"]))
    if causes is None:  # words this casebook does not know: no evidence either way
        return None
    return {d: 1.0 if d in causes else INCONSISTENT for d in options}
