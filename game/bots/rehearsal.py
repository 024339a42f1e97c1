"""The expert's rehearsal: before committing to a roadmap, play it through imagined games.

In setup the expert drafts a few goal-driven roadmaps (more or less bold with money, more or
less weight on prevention) and plays each through whole games of the scenario with the
engine's own rules, as a competent team following that roadmap would. The imagined games
draw their incidents from seeds of the expert's own, never the game's: it knows the
organisation's incident deck (the scenario file is public), not which incidents this game
will bring, nor their causes. It keeps the roadmap that did best on average.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from game.bots.base import View
from game.bots.planner import MARGIN, RESERVE, reference_plan
from game.scenario_model import Scenario
from game.state import GameSettings, RoadmapEntry

IMAGINED = 1  # games per candidate: a calm year is the same every time
BOLDNESS = (0.0, -3.0, 3.0)  # more or less kept back for incidents than the expected load
MARGINS = (MARGIN, MARGIN + 3, MARGIN + 6)  # how far past each goal's target to aim
# Plays a roadmap through one imagined game and returns its outcome score; `game.bots`
# cannot import the driver that plays games (it imports the bots), so the caller lends it.
Rehearse = Callable[[Scenario, GameSettings, tuple[RoadmapEntry, ...]], float]


class Rehearsal:
    def __init__(self, scenario: Scenario, rehearse: Rehearse,
                 prevention: Mapping[str, float], reserve: float = RESERVE) -> None:
        # A calm year: the plans are compared on what the money buys, not on which
        # incidents happen to strike an imagined game (that noise would decide the choice).
        # What the incidents would cost is taken off the budget instead, so a plan that
        # keeps nothing back for them does not look better than it is.
        calm_budget = max(1, round(scenario.budget - reserve))
        share = calm_budget / max(1, scenario.budget)
        self.scenario = replace(
            scenario, budget=calm_budget,
            envelopes={r: max(0, round(v * share)) for r, v in scenario.envelopes.items()},
            incidents={i: replace(spec, probability=0.0, scheduled=())
                       for i, spec in scenario.incidents.items()})
        self.rehearse = rehearse
        self.prevention = prevention
        self.reserve = reserve
        self._memo: dict[str, list[RoadmapEntry]] = {}

    def __call__(self, view: View) -> list[RoadmapEntry] | None:
        if int(view["game"]["quarter"]) != 0:
            return None  # revisions follow the goals (planner.replan), not a rehearsal
        key = str(view["team"]["id"]) + ":" + repr(sorted(view["team"]["metrics"].items()))
        if key not in self._memo:
            self._memo[key] = self._best(view)
        return list(self._memo[key])

    def _best(self, view: View) -> list[RoadmapEntry]:
        candidates: list[tuple[RoadmapEntry, ...]] = []
        for reserve in (self.reserve + d for d in BOLDNESS):
            for margin in MARGINS:
                plan = tuple(RoadmapEntry(**line) for line in reference_plan(
                    view, reserve=reserve, prevention=self.prevention, drag=True,
                    margin=margin))
                if plan and plan not in candidates:
                    candidates.append(plan)
        if len(candidates) == 1:
            return list(candidates[0])
        scores = [sum(self.rehearse(self.scenario, _imagined(view, n), plan)
                      for n in range(IMAGINED)) / IMAGINED for plan in candidates]
        best = max(range(len(candidates)), key=lambda i: (scores[i], -i))
        return list(candidates[best])


def _imagined(view: Mapping[str, Any], n: int) -> GameSettings:
    """Settings of the n-th imagined game: a seed of the expert's own."""
    text = f"{view['team']['id']}:{view['game'].get('scenario', '')}:rehearsal:{n}"
    seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=4).digest(), "big")
    return GameSettings(seed=seed, team_names=("Rehearsal",))


__all__ = ["Rehearsal"]
