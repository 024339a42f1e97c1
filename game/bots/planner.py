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

from game.vocab import LEVELS, METRICS

_IDS = re.compile(r"I\d{1,2}")

# How much a point on a metric is worth to the plan: every metric counts for the estate's
# health; a metric the board set a goal on counts for more while it is short of the target.
HEALTH = 1.0
GOAL = 3.0
VALUE_GOAL = 2.0  # business value, when a value goal is set
RESERVE = 6.0  # credits a quarter kept for incident responses


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


def metric_weights(view: Mapping[str, Any], goals: bool = True) -> dict[str, float]:
    """What a point on each metric is worth to this team now, given the goals (or, with
    `goals` off, the estate's health alone: every metric alike)."""
    metrics = view["team"]["metrics"]
    weights = dict.fromkeys(METRICS, HEALTH)
    for goal in view["briefing"]["goals"] if goals else ():
        if goal["kind"] == "metric":
            gap = int(goal["target"]) - int(metrics[goal["metric"]])
            if gap > 0:
                weights[goal["metric"]] += GOAL * min(1.0, 0.4 + gap / 15)
        elif goal["kind"] == "value":
            weights["business_value"] += VALUE_GOAL
    return weights


def _kpi(levels: Mapping[str, Any], level: str, metrics: Mapping[str, int],
         weights: Mapping[str, float]) -> tuple[str, int]:
    effects = levels[level]["effects"]
    if not effects:
        return "", 0
    metric = max(effects, key=lambda m: (effects[m] * weights.get(m, 1.0), m))
    gain = int(effects[metric])
    return metric, min(100, int(metrics.get(metric, 50)) + max(2, gain // 3))


def reference_plan(view: Mapping[str, Any], allowance: float | None = None,
                   reserve: float = RESERVE, goals: bool = True) -> list[dict[str, Any]]:
    """Roadmap lines (initiative, level, quarter, owner, KPI) a careful team would draft.

    Greedy by worth per credit: each quarter it buys the next levels whose effect on the
    weighted metrics, over the quarters left once they land, is largest for their price plus
    the upkeep they add, within `allowance` credits (by default the quarter's budget less
    the upkeep already committed and a reserve for incidents).
    """
    team = view["team"]
    quarters = int(view["game"]["quarters"])
    start = max(1, int(view["game"]["quarter"]))
    by_id = {i["id"]: i for i in team["initiatives"]}
    metrics = team["metrics"]
    weights = metric_weights(view, goals)
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
                worth = _worth(init, owned, placed, quarter, quarters, weights, bought, by_id)
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
           by_id: Mapping[str, Mapping[str, Any]]) -> float | None:
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
    left = quarters - lands + 1
    price = float(spec["cost"]) + float(spec["upkeep"] - below["upkeep"]) * (quarters - quarter)
    return gain * left / quarters / max(1.0, price)


def _rank(init: Mapping[str, Any]) -> int:
    level = str(init.get("level", "none"))
    return LEVELS.index(level) + 1 if level in LEVELS else 0
