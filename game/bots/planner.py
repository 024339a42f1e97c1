"""Roadmap planning from the catalogue a seat can see: dependency order, crawl before walk.

Used by bots to draft a roadmap in setup. It reads only the view's initiative list (costs,
owners, prerequisites, effects), never hidden state.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from game.vocab import LEVELS

_IDS = re.compile(r"I\d{1,2}")

# A sensible first crawl set: visibility and inventory before anything that builds on them
# (CONTENT.md §6.6). Ordered by what the lesson teaches first; filtered by what exists.
CRAWL_FIRST = ("I1", "I7", "I5", "I11", "I12")
WALK_SECOND = ("I4", "I6", "I3", "I9", "I2")
RUN_LATER = ("I8", "I10")


def _deps(initiative: dict[str, Any]) -> set[str]:
    deps: set[str] = set()
    for prereq in initiative["prerequisites"]:
        deps.update(_IDS.findall(prereq["condition"]))
    return deps


def _kpi(initiative: dict[str, Any], level: str, metrics: Mapping[str, int]) -> tuple[str, int]:
    effects = initiative["next"]["effects"] if initiative.get("next") else {}
    if not effects:
        return "", 0
    metric = max(effects, key=lambda m: effects[m])
    return metric, min(100, metrics.get(metric, 50) + 5 + 5 * LEVELS.index(level))


def reference_plan(view: Mapping[str, Any], allowance: float = 26.0) -> list[dict[str, Any]]:
    """Roadmap lines (initiative, level, quarter, owner, KPI) a careful team would draft.

    `allowance` is the credits a quarter can put into new levels, leaving room for upkeep
    and incident responses.
    """
    team = view["team"]
    quarters = int(view["game"]["quarters"])
    by_id = {i["id"]: i for i in team["initiatives"]}
    metrics = team["metrics"]
    order = [i for i in (*CRAWL_FIRST, *WALK_SECOND, *RUN_LATER) if i in by_id]
    order += [i for i in by_id if i not in order]
    lines: list[dict[str, Any]] = []
    placed: dict[str, int] = {}
    quarter = 1
    spent = 0.0
    for phase_levels, ids in (((0,), order), ((1,), order[: len(CRAWL_FIRST) + 3])):
        for ident in ids:
            for k in phase_levels:
                init = by_id[ident]
                deps = _deps(init)
                earliest = max([placed.get(d, quarters) + 1 for d in deps if d in by_id],
                               default=1)
                if k > 0:
                    earliest = max(earliest, placed.get(ident, quarters) + 1)
                cost = _level_cost(init, k)
                if spent + cost > allowance:
                    quarter, spent = quarter + 1, 0.0
                when = max(quarter, earliest)
                if when > quarters:
                    continue
                level = LEVELS[k]
                metric, target = _kpi(init, level, metrics)
                lines.append({"initiative": ident, "level": level, "quarter": when,
                              "owner": init["owners"][0], "kpi_metric": metric,
                              "kpi_target": target, "goal": ""})
                placed[ident] = when
                spent += cost
    return lines


def _level_cost(initiative: dict[str, Any], k: int) -> float:
    nxt = initiative.get("next")
    if nxt and nxt["level"] == LEVELS[k]:
        return float(nxt["cost"])
    return 8.0
