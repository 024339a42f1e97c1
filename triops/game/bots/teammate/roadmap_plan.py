"""The roadmap a bot would draft, and the lines worth adding when money sits idle."""

from __future__ import annotations

from collections.abc import Sequence

from triops.game.bots import talk
from triops.game.bots.base import View
from triops.game.bots.planner import RESERVE as RESERVE_PLANNED
from triops.game.bots.planner import reference_plan
from triops.game.bots.reading import by_id
from triops.game.bots.teammate.money_plan import MoneyPlan
from triops.game.model.state import RoadmapEntry
from triops.game.model.vocab import LEVEL_RANK, LEVELS


class RoadmapPlan(MoneyPlan):
    """The roadmap from the style, the casebook or the planner, and how it is said."""

    def _initial_roadmap(self) -> list[RoadmapEntry]:
        return with_kpis(self.view, self._draft_roadmap())

    def _draft_roadmap(self) -> list[RoadmapEntry]:
        if self.style.roadmap is not None:
            return list(self.style.roadmap)
        if self.style.funding == "spend-all" and not self.style.cosmetic:
            return []
        if self.style.funding == "all-in":
            focus = self._focus()
            if focus is None:
                return []
            init = by_id(self.view)[focus]
            return [RoadmapEntry(focus, level, k + 1, init["owners"][0])
                    for k, level in enumerate(LEVELS)]
        if self.level == "expert" and self.book.playbook:
            return list(self.book.playbook)  # an expert knows what has worked here
        return self._planned()

    def _planned(self) -> list[RoadmapEntry]:
        """The goal-driven plan from where the team stands now. What an initiative does for
        the incidents this organisation is prone to counts, and so does the drag some levels
        bring."""
        return [RoadmapEntry(**line) for line in reference_plan(
            self.view, prevention=self.book.prevention, drag=True,
            reserve=max(RESERVE_PLANNED, self.book.incident_load / 2))]

    def _roadmap_words(self, entries: Sequence[RoadmapEntry]) -> tuple[list[str], list[str]]:
        """The first quarter's lines and a few later ones, as said in chat."""
        initiatives = by_id(self.view)
        first = [talk.short_name(initiatives[e.initiative]) for e in entries
                 if e.quarter == 1 and e.initiative in initiatives][:4]
        later: list[str] = []
        for e in entries:
            if e.initiative not in initiatives:
                continue
            name = talk.short_name(initiatives[e.initiative])
            if e.quarter > 1 and name not in first and len(later) < 3 and not any(
                    x.startswith(name + " (") for x in later):
                later.append(f"{name} ({e.level}, Q{e.quarter})")
        return first or ["nothing yet"], later

    def _roadmap_message(self) -> str:
        initiatives = by_id(self.view)
        lines = self.team["roadmap"]
        first = [talk.short_name(initiatives[e["initiative"]]) for e in lines
                 if e["quarter"] == 1][:4]
        later: list[str] = []
        for e in lines:
            name = talk.short_name(initiatives[e["initiative"]])
            if e["quarter"] > 1 and name not in later and len(later) < 3:
                later.append(f"{name} ({e['level']}, Q{e['quarter']})")
        return talk.roadmap_drafted(first or ["nothing yet"], later, self.rand)

    def _idle_lines(self) -> list[RoadmapEntry]:
        """Lines worth adding to this quarter's roadmap when nothing on it is due: what my
        planner would buy now, from where the team stands, that the roadmap lacks."""
        have = {(e["initiative"], e["level"]) for e in self.team["roadmap"]}
        lines = [e for e in self._planned()
                 if e.quarter == self.q and (e.initiative, e.level) not in have]
        return lines[:3]

    def _line_words(self, lines: Sequence[RoadmapEntry]) -> list[str]:
        initiatives = by_id(self.view)
        return [f"{talk.short_name(initiatives[e.initiative])} ({e.level}, "
                f"{initiatives[e.initiative]['levels'][e.level]['cost']} cr)" for e in lines]


# The metric a line's KPI watches when the view cannot say (a level already at the top).
DISCIPLINE_METRIC = {"finops": "cost_efficiency", "dataops": "data_trust",
                     "mlops": "model_reliability", "governance": "governance",
                     "all": "team_capability"}


def with_kpis(view: View, entries: Sequence[RoadmapEntry]) -> list[RoadmapEntry]:
    """Give every roadmap line a KPI (the metric it moves most, a few points up) and tie it
    to the scenario goal on that metric, as a careful team writes its roadmap."""
    initiatives = by_id(view)
    metrics = view["team"]["metrics"]
    goals = {g["metric"]: g["id"] for g in view["briefing"]["goals"] if g["kind"] == "metric"}
    out = []
    for e in entries:
        init = initiatives.get(e.initiative)
        if init is None:
            out.append(e)
            continue
        metric, target = e.kpi_metric, e.kpi_target
        if not metric:
            effects = init["next"]["effects"] if init["next"] else {}
            metric = max(effects, key=lambda m: (effects[m], m)) if effects else (
                DISCIPLINE_METRIC.get(init["discipline"], "business_value"))
            target = min(100, int(metrics[metric]) + 3 + 3 * LEVEL_RANK[e.level])
        goal = e.goal or goals.get(metric, "")
        out.append(RoadmapEntry(e.initiative, e.level, e.quarter, e.owner, metric, target, goal))
    return out
