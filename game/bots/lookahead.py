"""The expert's look-ahead: candidate roadmaps played forward with the engine on beliefs.

The expert never sees the true state. It builds a *belief* team from its seat view (metrics,
levels bought and in effect, charter, adopted standards, value) and a belief scenario from
the public catalogue (the initiatives and standards every player can read, with no incident
deck, no injects and no baseline). What it cannot see it samples:
- where each metric drifts with no investment (the baseline), estimated from the reports'
  "drift toward the baseline" causes and perturbed per sample;
- future incidents, drawn at the rate the team has met them so far, as damage to metrics.

Each candidate roadmap is then played forward quarter by quarter with the engine's own rules
(`game.metrics.target_pulls` and `settle`, `game.effects` for levels, prerequisites and upkeep,
`game.scoring.outcome_score`), buying its lines as the believed budget allows, and the
candidate with the best mean final outcome over the samples wins. Samples use common random
numbers, so candidates are compared on the same imagined futures.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from game.bots.base import View
from game.bots.planner import RESERVE, reference_plan
from game.bots.reading import by_id, effective, quarter_of, quarters_of, rank
from game.codec import from_plain
from game.effects import upkeep_due
from game.metrics import settle, target_pulls
from game.scenario_model import Scenario
from game.scoring import outcome_score
from game.state import Charter, InitiativeState, RoadmapEntry, StandardProposal, Team
from game.values import evolve
from game.vocab import LEVEL_RANK, LEVELS, METRICS, ROLES

DRIFT = ("drift toward the baseline", "recovery toward the baseline")
# The metrics an incident at a seam hurts most, for imagining it again.
SEAM_METRICS = {
    "data-ml": ("data_trust", "model_reliability"),
    "ml-fin": ("model_reliability", "cost_efficiency"),
    "data-fin": ("data_trust", "cost_efficiency"),
    "governance": ("governance", "model_reliability"),
}
SAMPLES = 2
# Imagined worlds are rough: another plan replaces the first candidate only when it plays
# forward this many points better.
SWITCH = 1.0
INCIDENT_HIT = 2.0  # believed metric damage per incident left partly open
REPEAT = 0.3  # believed chance per quarter that an incident already met strikes again
GUARDED = 0.4  # ... and the share of that chance left once its prevention is bought


def public_catalogue(scenario: Scenario) -> Scenario:
    """What every player may know of a scenario: no incidents, injects, hints or baseline."""
    return replace(scenario, incidents={}, injects={}, hints=(), reference_roadmap=(),
                   baseline=dict(scenario.start_metrics))


class Lookahead:
    """A planner for the expert: picks the roadmap that plays forward best on its beliefs."""

    def __init__(self, catalogue: Scenario, samples: int = SAMPLES) -> None:
        self.catalogue = catalogue
        self.samples = samples
        self._memo: dict[tuple[Any, ...], list[RoadmapEntry] | None] = {}

    def __call__(self, view: View) -> list[RoadmapEntry] | None:
        key = self._memo_key(view)
        if key in self._memo:
            return self._memo[key]
        result = self._plan(view)
        if len(self._memo) > 256:
            self._memo.clear()
        self._memo[key] = result
        return result

    def _memo_key(self, view: View) -> tuple[Any, ...]:
        """Everything `_plan` reads, so a remembered plan is only reused for the same view."""
        t = view["team"]
        base, _ = estimate_baseline(view, self.catalogue)
        return (
            t["id"], quarter_of(view), quarters_of(view), t["budget"]["held"], t["value"],
            tuple(t["metrics"].values()), tuple(round(base[m], 2) for m in METRICS),
            tuple((i["id"], i["level"], i["effective"], i["next"] and i["next"]["cost"])
                  for i in t["initiatives"]),
            tuple((e["initiative"], e["level"], e["quarter"], e["owner"]) for e in t["roadmap"]),
            repr(t["charter"]),
            tuple((p["standard"], p["mechanism"], p["adopted"]) for p in t["standards"]),
            sum(1 for i in t["incidents"] if i["opened"] <= quarter_of(view)),
        )

    def _plan(self, view: View) -> list[RoadmapEntry] | None:
        q = quarter_of(view)
        current = [RoadmapEntry(**e) for e in view["team"]["roadmap"]]
        candidates: list[list[RoadmapEntry]] = []
        if q == 0 or not current:
            # Goal plans drawn up a little more or less boldly; the look-ahead picks one.
            for reserve in (RESERVE,):
                candidates.append([RoadmapEntry(**line)
                                   for line in reference_plan(view, reserve=reserve)])
        elif q >= quarters_of(view):
            return current  # nothing bought now can change much: keep the plan
        else:
            candidates.append(current)
            # Re-plan from here toward the goals as they now stand (KPI-driven revision).
            candidates.append(_merge(current, [RoadmapEntry(**line)
                                               for line in reference_plan(view)], q))
            candidates.append(_guarded(current, view, q))
        unique: list[list[RoadmapEntry]] = []
        for c in candidates:
            if c and c not in unique:
                unique.append(c)
        if not unique:
            return None
        # Setup decides the whole plan, so it looks at more imagined futures than a revision.
        samples = self.samples if q == 0 else max(1, self.samples // 2)
        worlds = [self._world(view, n) for n in range(samples)]
        start = belief_team(view, self.catalogue)
        scores = [sum(self.play(view, c, w, start) for w in worlds) / len(worlds)
                  for c in unique]
        best = max(range(len(unique)), key=lambda i: (scores[i], -i))
        if scores[best] < scores[0] + SWITCH:
            return unique[0]  # the first candidate (the plan in hand, or the goal plan) holds
        return unique[best]

    # --- beliefs -------------------------------------------------------------------------

    def _world(self, view: View, n: int) -> dict[str, Any]:
        """One sampled belief about what the seat cannot see."""
        team = view["team"]
        rand = random.Random(f"{team['id']}:{quarter_of(view)}:{n}")
        base, certainty = estimate_baseline(view, self.catalogue)
        spread = 1.0 if certainty else 3.0
        baseline = {m: round(base[m] + rand.gauss(0, spread)) for m in METRICS}
        played = max(1, quarter_of(view))
        seen = sum(1 for i in team["incidents"] if i["opened"] <= quarter_of(view))
        rate = (seen + 1.0) / (played + 1.0)
        hits: dict[int, dict[str, float]] = {}
        for t in range(quarter_of(view), quarters_of(view) + 1):
            hit = {m: 0.0 for m in METRICS}
            for _ in range(2):
                if rand.random() < rate / 2:
                    for m in rand.sample(METRICS, 2):
                        hit[m] -= INCIDENT_HIT
            hits[t] = hit
        # Incidents already met may strike again; the initiative their best response names
        # as prevention makes that less likely (the belief a practitioner would hold).
        repeats = []
        for guard, damage in guards(view).values():
            for t in range(quarter_of(view) + 1, quarters_of(view) + 1):
                draw = rand.random()
                if draw < REPEAT:
                    repeats.append((t, guard, draw < REPEAT * GUARDED, damage))
        return {"scenario": evolve(self.catalogue, baseline=baseline), "hits": hits,
                "repeats": repeats}

    def play(self, view: View, roadmap: list[RoadmapEntry], world: Mapping[str, Any],
             team: Team | None = None) -> float:
        """The final outcome score of following `roadmap` from now, in one believed world."""
        scenario: Scenario = world["scenario"]
        team = team or belief_team(view, scenario)
        q, last = quarter_of(view), quarters_of(view)
        money = int(view["team"]["budget"]["held"])
        roadmap = sorted(roadmap, key=lambda e: e.quarter)
        for t in range(max(q, 1), last + 1):
            if t > q:
                money += income(scenario, team)
                for ident in list(team.initiatives):
                    money -= upkeep_due(team, scenario, ident, t)
            team, money, friction = _buy(team, scenario, roadmap, t, money)
            causes = target_pulls(team, scenario, t)
            for m, delta in friction.items():
                causes[m].append(("friction", delta))
            for m, delta in world["hits"].get(t, {}).items():
                if delta:
                    causes[m].append(("incidents", delta))
            for when, guard, despite, damage in world["repeats"]:
                if when == t and (despite or not team.initiatives.get(guard)):
                    for m, delta in damage.items():
                        causes[m].append(("incident again", delta))
            metrics, _ = settle(team.metrics, causes)
            gained = math.floor(scenario.value_per_quarter * metrics["business_value"] / 100 + 0.5)
            team = evolve(team, metrics=metrics, value=team.value + gained)
        return float(outcome_score(team, scenario, last, final=True))


def income(scenario: Scenario, team: Team) -> int:
    factor = 0.9 + 0.2 * team.metrics["cost_efficiency"] / 100
    return sum(math.floor(share * factor + 0.5) for share in scenario.envelopes.values())


def _buy(team: Team, scenario: Scenario, roadmap: list[RoadmapEntry], t: int,
         money: int) -> tuple[Team, int, dict[str, float]]:
    """Buy the due roadmap lines the believed budget covers, one level each, in order."""
    friction: dict[str, float] = {}
    bought: set[str] = set()
    initiatives = dict(team.initiatives)
    for line in roadmap:
        ident = line.initiative
        if line.quarter > t or ident in bought or ident not in scenario.initiatives:
            continue
        state = initiatives.get(ident)
        have = state.rank if state is not None else 0
        if have >= LEVEL_RANK[line.level]:
            continue
        spec = scenario.initiatives[ident]
        cost = spec.levels[LEVELS[have]].cost
        if cost > money or (spec.needs_charter and team.charter is None):
            continue
        if any(c.ids and all(i not in initiatives for i in c.ids) for c in spec.prerequisites):
            continue
        initiatives[ident] = InitiativeState(ident, (*state.bought, t) if state else (t,))
        bought.add(ident)
        money -= cost
        for m, delta in spec.on_fund.items():
            friction[m] = friction.get(m, 0.0) + delta
    if not bought:
        return team, money, friction
    return evolve(team, initiatives=initiatives), money, friction


def belief_team(view: View, scenario: Scenario) -> Team:
    """A team built only from what a seat sees: metrics, levels, charter, standards, value."""
    t = view["team"]
    q = quarter_of(view)
    initiatives: dict[str, InitiativeState] = {}
    for init in t["initiatives"]:
        r = rank(init)
        if r == 0 or init["id"] not in scenario.initiatives:
            continue
        e = effective(init)
        bought = tuple(max(0, q - 2) if k < e else max(0, q - 1) for k in range(r))
        initiatives[init["id"]] = InitiativeState(init["id"], bought)
    charter = from_plain(Charter, t["charter"]) if t["charter"] else None
    standards = {p["standard"]: from_plain(StandardProposal, p) for p in t["standards"]
                 if p["standard"] in scenario.standards}
    return Team(id=t["id"], name=t["name"], seats={}, metrics=dict(t["metrics"]),
                envelopes=dict.fromkeys(ROLES, 0), initiatives=initiatives, charter=charter,
                standards=standards, value=int(t["value"]))


def estimate_baseline(view: View, catalogue: Scenario) -> tuple[dict[str, float], bool]:
    """Where each metric drifts unaided, read off the reports; (estimate, from evidence?)."""
    pull = catalogue.rules.metric_pull
    readings: dict[str, list[float]] = {m: [] for m in METRICS}
    for events in view["team"]["reports"].values():
        for event in events:
            if event["kind"] != "metric_change":
                continue
            data = event["data"]
            for cause in data["causes"]:
                if cause["cause"] in DRIFT:
                    readings[data["metric"]].append(data["before"] + cause["delta"] / pull)
    history = view["team"]["history"]
    start = history[0]["metrics"] if history else view["team"]["metrics"]
    out = {}
    for m in METRICS:
        out[m] = sum(readings[m]) / len(readings[m]) if readings[m] else start[m] - 3.0
    return out, any(readings.values())


def greedy_plan(view: View, catalogue: Scenario) -> list[RoadmapEntry]:
    """A roadmap bought greedily by believed effect per credit, landing before the end.

    Each quarter it adds, within a believed budget, the next levels whose metric effects
    arrive in time to count, weighting the metrics the team is weakest on.
    """
    q = max(1, quarter_of(view))
    last = quarters_of(view)
    initiatives = by_id(view)
    metrics = view["team"]["metrics"]
    levels = {i: rank(init) for i, init in initiatives.items()}
    planned: list[RoadmapEntry] = [RoadmapEntry(**e) for e in view["team"]["roadmap"]
                                   if e["quarter"] < q]
    low = sorted(METRICS, key=lambda m: metrics[m])[:3]
    per_quarter = income(catalogue, belief_team(view, catalogue)) - 10
    budget = max(0, int(view["team"]["budget"]["held"]) - 6)
    if quarter_of(view) == 0:
        budget = per_quarter  # setup: the first budget has not arrived yet
    for t in range(q, last + 1):
        money = budget if t == q else per_quarter
        taken: set[str] = set()
        while True:
            best: tuple[float, str] | None = None
            for ident, spec in catalogue.initiatives.items():
                k = levels.get(ident, 0)
                if k >= len(LEVELS) or ident in taken or ident not in initiatives:
                    continue
                level = LEVELS[k]
                spec_level = spec.levels[level]
                remaining = last - (t + spec_level.delay) + 1
                if remaining <= 0 or spec_level.cost > money:
                    continue
                if any(c.ids and all(levels.get(i, 0) == 0 for i in c.ids)
                       for c in spec.prerequisites):
                    continue
                prev = spec.levels[LEVELS[k - 1]].effects if k else {}
                gain = 0.0
                for m, v in spec_level.effects.items():
                    gain += (v - prev.get(m, 0)) * (2.0 if m in low else 1.0)
                gain *= 1 - 0.5 ** remaining
                cost = spec_level.cost + spec_level.upkeep * remaining
                value = gain / max(1, cost)
                if best is None or value > best[0]:
                    best = (value, ident)
            if best is None or best[0] <= 0.05:
                break
            ident = best[1]
            k = levels.get(ident, 0)
            level = LEVELS[k]
            planned.append(RoadmapEntry(ident, level, t, initiatives[ident]["owners"][0]))
            money -= catalogue.initiatives[ident].levels[level].cost
            levels[ident] = k + 1
            taken.add(ident)
    return _dedupe(planned)


def guards(view: View) -> dict[str, tuple[str, dict[str, float]]]:
    """For each kind of incident met so far: the prevention initiative of the plan the team
    committed (the review names it) and the damage believed to come with it again (on the
    metrics of its first seam)."""
    out: dict[str, tuple[str, dict[str, float]]] = {}
    for incident in view["team"]["incidents"]:
        options = [o for o in incident["responses"] if o.get("prevents_with")]
        if not options:
            continue
        best = options[0]
        metrics = SEAM_METRICS.get(incident["seams"][0], ("business_value",)) if (
            incident["seams"]) else ("business_value",)
        damage = {m: -INCIDENT_HIT * incident["severity"] for m in metrics}
        out[incident["spec"]] = (best["prevents_with"], damage)
    return out


def _guarded(lines: list[RoadmapEntry], view: View, q: int) -> list[RoadmapEntry]:
    """The roadmap with the next level of each met incident's prevention brought to now."""
    initiatives = by_id(view)
    out = list(lines)
    for guard, _ in guards(view).values():
        init = initiatives.get(guard)
        if init is None or init["next"] is None or init["next"]["bought_this_quarter"]:
            continue
        level = init["next"]["level"]
        out = [e for e in out if not (e.initiative == guard and e.level == level)]
        out.append(RoadmapEntry(guard, level, q, init["owners"][0]))
    return out


def _dedupe(lines: list[RoadmapEntry]) -> list[RoadmapEntry]:
    seen: set[tuple[str, str]] = set()
    out = []
    for line in lines:
        if (line.initiative, line.level) not in seen:
            seen.add((line.initiative, line.level))
            out.append(line)
    return out


def _merge(current: list[RoadmapEntry], greedy: list[RoadmapEntry], q: int) -> list[RoadmapEntry]:
    """Keep the past as it was; from this quarter on, follow the greedy plan."""
    return _dedupe([*[e for e in current if e.quarter < q], *greedy])


__all__ = ["Lookahead", "belief_team", "greedy_plan", "public_catalogue"]
