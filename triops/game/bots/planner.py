"""Roadmap planning from what a seat can see: the goals, the price list and the dependencies.

Used by bots to draft a roadmap in setup. It reads the view's briefing (the organisation's
goals) and initiative list (each level's cost, upkeep, delay and effects, owners and
prerequisites), never hidden state.

The judgement it encodes is the lesson's: fund what moves the goals, in dependency order,
crawl before walk, deep where a goal needs depth rather than a little of everything, and
nothing that lands after the game ends. Money binds, so every level is weighed against its
price and the upkeep it adds for the rest of the game.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from triops.game.model.vocab import LEVELS, METRICS

_IDS = re.compile(r"I\d{1,2}")

# How much a point on a metric is worth to the plan, against the goals: a goal, worth 70
# points over the distance to its target, outweighs a point of health many times over while
# it is short. HEALTH is a planning weight, not the score's rate: the score now gives a point
# of health 0.25 (game.scoring.score.HEALTH_SPAN), and at that weight the draft in
# retail-novice played worse and left more money idle (docs/balance.md, session 13).
HEALTH = 0.3 / 8
GOAL = 70.0
RESERVE = 3.0  # credits a quarter kept for incident responses
MARGIN = 7  # aim this far past a goal's target: incidents will take some of it back
# A point of incident damage kept away, in outcome points: damage falls on goal metrics and
# health alike, so somewhere between the two.
PREVENTION = 0.3
# The first quarters lay foundations: a crawl level is worth this much more then (the
# FinOps crawl/walk/run advice: see everything a little before doing anything a lot).
FOUNDATION = 3.0
FOUNDATION_QUARTERS = 2
DRIFT = 4  # points below its start an estate with no investment settles (a guess: unknown)


def _deps(initiative: Mapping[str, Any]) -> tuple[set[str], int]:
    """Prerequisite initiative ids, and how many of them are needed (all, or n of)."""
    deps: set[str] = set()
    need = 0
    for prereq in initiative["prerequisites"]:
        condition = str(prereq["condition"])
        ids = _IDS.findall(condition)
        deps.update(ids)
        count = condition.split("of:")[0] if "of:" in condition else ""
        need += int(count) if count.isdigit() else len(ids)
    return deps, need


def metric_weights(view: Mapping[str, Any], goals: bool = True,
                   added: Mapping[str, float] | None = None, margin: float = MARGIN
                   ) -> dict[str, float]:
    """What a point on each metric is worth to this team now, relative to a point of
    estate health (HEALTH, a planning weight: docs/scoring.md has the score): a metric with a goal
    counts for much more while the plan so far (`added`, the effect already planned on top
    of today's estate) leaves it short of the target, and the lowest metric counts double."""
    metrics = view["team"]["metrics"]
    added = added or {}
    low = min(METRICS, key=lambda m: int(metrics[m]))
    weights = {m: HEALTH * (2.0 if m == low else 1.0) for m in METRICS}
    targets = [g for g in view["briefing"]["goals"]] if goals else []
    share = GOAL / max(1, len(targets))  # each goal's part of the score, against health
    history = view["team"].get("history") or []
    start = history[0]["metrics"] if history else metrics
    quarters = int(view["game"]["quarters"])
    held = _effects_in_place(view)
    for goal in targets:
        if goal["kind"] == "metric":
            m = goal["metric"]
            # Where the metric settles: an estate left alone drifts a few points below where
            # it started; what is bought and planned pulls it up.
            settles = int(start[m]) - DRIFT + held.get(m, 0.0) + added.get(m, 0.0)
            gap = int(goal["target"]) + margin - settles
            if gap > 0:
                span = max(5, int(goal["target"]) - int(start[m]))
                weights[m] += share / span
        elif goal["kind"] == "value":
            per_point = float(view["briefing"].get("value_per_quarter", 40)) / 100 * quarters / 2
            weights["business_value"] += share * per_point / max(1, int(goal["target"]))
    return weights


def _effects_in_place(view: Mapping[str, Any]) -> dict[str, float]:
    """The metric pull of the levels the team already owns."""
    out: dict[str, float] = {}
    for init in view["team"]["initiatives"]:
        level = str(init.get("level", "none"))
        if level in init.get("levels", {}):
            for m, v in init["levels"][level]["effects"].items():
                out[m] = out.get(m, 0.0) + float(v)
    return out


def _kpi(levels: Mapping[str, Any], level: str, metrics: Mapping[str, int],
         weights: Mapping[str, float]) -> tuple[str, int]:
    effects = levels[level]["effects"]
    if not effects:
        return "", 0
    metric = max(effects, key=lambda m: (effects[m] * weights.get(m, 1.0), m))
    gain = int(effects[metric])
    return metric, min(100, int(metrics.get(metric, 50)) + max(2, gain // 3))


def reference_plan(view: Mapping[str, Any], allowance: float | None = None,
                   reserve: float = RESERVE, goals: bool = True,
                   prevention: Mapping[str, float] | None = None, drag: bool = False,
                   margin: float = MARGIN, upkeep_horizon: int | None = None
                   ) -> list[dict[str, Any]]:
    """Roadmap lines (initiative, level, quarter, owner, KPI) a careful team would draft.

    Greedy by worth per credit: each quarter it buys the next levels whose effect on the
    weighted metrics, over the quarters left once they land, is largest for their price plus
    the upkeep they add, within `allowance` credits (by default the quarter's budget less
    the upkeep already committed and a reserve for incidents). `prevention` adds, per
    initiative, the incident damage its first level is expected to keep away (what a
    practitioner knows of the incidents such an organisation has: `Casebook.prevention`);
    `drag` counts the drag some levels bring (the committee's manual review) unless what
    lifts it is planned too.
    """
    team = view["team"]
    quarters = int(view["game"]["quarters"])
    start = max(1, int(view["game"]["quarter"]))
    by_id = {i["id"]: i for i in team["initiatives"]}
    metrics = team["metrics"]
    added: dict[str, float] = {}
    weights = metric_weights(view, goals, added, margin)
    # A prerequisite is worth part of what it unlocks: the dashboard's free pooling is what
    # makes unit economics and monitoring worth starting early.
    unlocks: dict[str, float] = {}
    for init in by_id.values():
        deps, need = _deps(init)
        value = (prevention or {}).get(init["id"], 0.0)
        for dep in deps:
            unlocks[dep] = unlocks.get(dep, 0.0) + value / max(1, need)
    budget = float(view["briefing"].get("budget") or 0) or 50.0
    owned = {i: _rank(init) for i, init in by_id.items()}
    placed: dict[str, int] = {}  # initiative -> quarter its latest planned level is bought
    upkeep = float(sum(int(init.get("upkeep", 0)) for init in by_id.values()))
    lines: list[dict[str, Any]] = []
    for quarter in range(start, quarters + 1):
        money = (allowance if allowance is not None else budget - upkeep - reserve)
        bought: set[str] = set()
        while True:
            best: tuple[float, str] | None = None
            for ident, init in by_id.items():
                worth = _worth(init, owned, placed, quarter, quarters, weights, bought, by_id,
                               planned=set(placed) | {i for i, k in owned.items() if k},
                               prevents=(prevention or {}).get(ident, 0.0)
                               + unlocks.get(ident, 0.0), drag=drag,
                               upkeep_horizon=upkeep_horizon)
                if worth is None:
                    continue
                level = LEVELS[owned[ident]]
                if init["levels"][level]["cost"] > money:
                    continue
                if best is None or worth > best[0]:
                    best = (worth, ident)
            if best is None or best[0] <= 0.0:
                break
            ident = best[1]
            init = by_id[ident]
            level = LEVELS[owned[ident]]
            spec = init["levels"][level]
            money -= spec["cost"]
            upkeep += spec["upkeep"] - (init["levels"][LEVELS[owned[ident] - 1]]["upkeep"]
                                        if owned[ident] else 0)
            below = init["levels"][LEVELS[owned[ident] - 1]]["effects"] if owned[ident] else {}
            for m, v in spec["effects"].items():
                added[m] = added.get(m, 0.0) + v - below.get(m, 0)
            weights = metric_weights(view, goals, added, margin)
            owned[ident] += 1
            placed[ident] = quarter
            bought.add(ident)
            metric, target = _kpi(init["levels"], level, metrics, weights)
            lines.append({"initiative": ident, "level": level, "quarter": quarter,
                          "owner": init["owners"][0], "kpi_metric": metric,
                          "kpi_target": target, "goal": ""})
    return lines


def _worth(init: Mapping[str, Any], owned: Mapping[str, int], placed: Mapping[str, int],
           quarter: int, quarters: int, weights: Mapping[str, float], bought: set[str],
           by_id: Mapping[str, Mapping[str, Any]], planned: set[str],
           prevents: float = 0.0, drag: bool = False,
           upkeep_horizon: int | None = None) -> float | None:
    """Weighted metric points per credit of buying `init`'s next level in `quarter`, or None
    when it cannot be bought then (top level, bought this quarter, prerequisites not yet
    placed, or it would land after the end)."""
    ident = init["id"]
    k = owned[ident]
    if k >= len(LEVELS) or ident in bought or LEVELS[k] not in init["levels"]:
        return None
    if init.get("needs_charter") and not owned.get(ident) and quarter < 1:
        return None
    deps, need = _deps(init)
    have = sum(1 for d in deps if (owned.get(d, 0) > 0 and placed.get(d, 0) < quarter)
               or (d in by_id and by_id[d]["level"] != "none"))
    if have < need:
        return None
    spec = init["levels"][LEVELS[k]]
    lands = quarter + int(spec["delay"])
    if lands > quarters:
        return None  # waste: it would change nothing before the end
    below: Mapping[str, Any] = init["levels"][LEVELS[k - 1]] if k else {"effects": {},
                                                                        "upkeep": 0}
    gain = sum(weights.get(m, 1.0) * (float(v) - float(below["effects"].get(m, 0)))
               for m, v in spec["effects"].items())
    # A level with drag (the committee slows delivery until evidence is automated) costs
    # that drag every quarter unless what lifts it is owned or planned.
    if k == 0:  # the first level is what makes the incidents it guards against rarer
        gain += PREVENTION * prevents
    lifts = {i for text in init.get("penalty_unless", []) for i in _IDS.findall(str(text))}
    if drag and not lifts <= planned:
        gain += sum(weights.get(m, 1.0) * float(v) * 2
                    for m, v in spec.get("penalty", {}).items())
    if k == 0 and quarter <= FOUNDATION_QUARTERS:
        gain *= FOUNDATION  # crawl first: cheap visibility early, depth where goals need it
    left = quarters - lands + 1
    horizon = quarters - quarter if upkeep_horizon is None else upkeep_horizon
    price = float(spec["cost"]) + float(spec["upkeep"] - below["upkeep"]) * horizon
    return gain * left / quarters / max(1.0, price)


def _rank(init: Mapping[str, Any]) -> int:
    level = str(init.get("level", "none"))
    return LEVELS.index(level) + 1 if level in LEVELS else 0


def next_worth(view: Mapping[str, Any], init: Mapping[str, Any],
               prevents: float = 0.0) -> float:
    """What buying `init`'s next level now is worth per credit, on today's goal weights:
    how a team that has fallen behind its roadmap chooses which late line to buy first."""
    nxt = init.get("next")
    if not nxt:
        return 0.0
    weights = metric_weights(view)
    level = str(init.get("level", "none"))
    below = init["levels"][level]["effects"] if level in init.get("levels", {}) else {}
    gain = sum(weights.get(m, 1.0) * (float(v) - float(below.get(m, 0)))
               for m, v in nxt["effects"].items())
    if level == "none":
        gain += PREVENTION * prevents
    return gain / max(1.0, float(nxt["cost"]))
