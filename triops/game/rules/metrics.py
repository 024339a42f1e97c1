"""How the seven metrics move, and why: every change is a list of named causes.

Each quarter a metric moves part of the way (`metric_pull`) toward its target: the scenario's
baseline (where the estate drifts with no investment) plus the pull of every initiative and
standard in effect. Shocks (incident damage, responses, injects) come on top. Causes are
rounded one by one, so the causes a player reads always add up to the change they see.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from triops.game.model.state import Team
from triops.game.model.vocab import LEVELS, METRIC_NAMES, METRICS
from triops.game.rules.in_effect import all_hold, effective_rank
from triops.game.scenario.model import Scenario

# How much of a standard's pull counts, by how it is adopted: enforced as code counts most.
MECHANISM_WEIGHT: Mapping[str, float] = {"code": 1.0, "training": 0.75, "policy": 0.5}

Causes = dict[str, list[tuple[str, float]]]


def new_causes() -> Causes:
    return {m: [] for m in METRICS}


def target_pulls(team: Team, scenario: Scenario, quarter: int) -> Causes:
    """Each metric's pull toward its target this quarter, cause by cause."""
    pull = scenario.rules.metric_pull
    causes = new_causes()
    for m in METRICS:
        drift = pull * (scenario.baseline[m] - team.metrics[m])
        causes[m].append(("drift toward the baseline" if drift < 0 else "recovery toward the "
                          "baseline", drift))
    for spec in scenario.initiatives.values():
        rank = effective_rank(team, scenario, spec.id, quarter)
        if not rank:
            continue
        level = LEVELS[rank - 1]
        weight = 1.0
        if spec.weak_unless and not all_hold(spec.weak_unless, team, scenario, quarter):
            weight = 0.5
        label = f"{spec.name} ({level})" + (" — weak adoption" if weight < 1 else "")
        for m, effect in spec.levels[level].effects.items():
            causes[m].append((label, pull * effect * weight))
        penalty = spec.penalty.get(level, {})
        if penalty and not all_hold(spec.penalty_unless, team, scenario, quarter):
            unless = " and ".join(c.text for c in spec.penalty_unless)
            for m, effect in penalty.items():
                causes[m].append((f"{spec.name}: manual review overhead (until {unless} "
                                  "are both in effect)", float(effect)))
    for proposal in team.standards.values():
        if proposal.adopted is None or proposal.adopted > quarter:
            continue
        std = scenario.standards[proposal.standard]
        weight = MECHANISM_WEIGHT[proposal.mechanism]
        for m, effect in std.effects.items():
            causes[m].append((f"standard: {std.name} ({proposal.mechanism})",
                              pull * effect * weight))
    return causes


def _round(x: float) -> int:
    return math.floor(abs(x) + 0.5) * (1 if x >= 0 else -1)


def settle(
    metrics: Mapping[str, int], causes: Causes
) -> tuple[dict[str, int], dict[str, list[tuple[str, int]]]]:
    """Apply the causes: the new metrics and, per metric, the integer causes that add up."""
    new: dict[str, int] = {}
    explained: dict[str, list[tuple[str, int]]] = {}
    for m in METRICS:
        merged: dict[str, float] = {}
        for label, value in causes.get(m, []):
            merged[label] = merged.get(label, 0.0) + value
        parts = [(label, _round(v)) for label, v in merged.items()]
        parts = [(label, d) for label, d in parts if d != 0]
        before = metrics[m]
        raw = before + sum(d for _, d in parts)
        after = min(100, max(0, raw))
        if after != raw:
            parts.append(("at the ceiling" if raw > 100 else "at the floor", after - raw))
        new[m] = after
        explained[m] = parts
    return new, explained


def describe_change(metric: str, before: int, after: int, parts: list[tuple[str, int]]) -> str:
    change = after - before
    causes = ", ".join(f"{label} {d:+d}" for label, d in parts)
    return f"{METRIC_NAMES[metric]} {before} → {after} ({change:+d}): {causes}"
