"""The roadmap over time: as it stood at a quarter, the line a purchase bought, what each
revision changed, and how the KPI targets fared once they fell due."""

from __future__ import annotations

from dataclasses import dataclass

from triops.game.model.state import RoadmapEntry, RoadmapRevision, Team
from triops.game.model.vocab import LEVEL_RANK
from triops.game.scenario.model import Scenario
from triops.game.scoring.objectives.thresholds import FOLLOW_SLACK, NUDGE


def roadmap_as_of(team: Team, quarter: int) -> tuple[RoadmapEntry, ...]:
    """The roadmap as it stood at the end of `quarter`'s planning (revisions included)."""
    if not team.roadmap_revisions:
        return team.roadmap
    entries: tuple[RoadmapEntry, ...] = ()
    for rev in team.roadmap_revisions:
        if rev.quarter <= quarter:
            entries = rev.entries
    return entries


def line_bought(roadmap: tuple[RoadmapEntry, ...], ident: str, rank: int,
                quarter: int) -> RoadmapEntry | None:
    """The roadmap line a purchase bought: the initiative is planned at this level or above,
    and the level was bought within `FOLLOW_SLACK` quarters of when that line puts it (a
    line at walk in Q3 puts crawl in Q2)."""
    best: RoadmapEntry | None = None
    for e in roadmap:
        planned = LEVEL_RANK.get(e.level, 0)
        if e.initiative != ident or planned < rank:
            continue
        earliest = e.quarter - (planned - rank) - FOLLOW_SLACK
        if earliest <= quarter <= e.quarter + FOLLOW_SLACK and (
                best is None or planned < LEVEL_RANK.get(best.level, 0)):
            best = e
    return best


@dataclass(frozen=True, slots=True)
class KpiCheck:
    """One roadmap line's KPI target, checked once it fell due (its quarter plus the level's
    delay): met at or after that quarter, re-planned with a reason after it was missed,
    still open in the last quarter played (pending), or missed and left as it was."""

    line: RoadmapEntry
    due: int
    status: str  # met | replanned | pending | ignored | no_stretch
    when: int | None  # the quarter it was met, or re-planned in
    best: int  # the best value the metric reached since the line fell due
    reason: str = ""  # the re-plan's reason
    start: int = 0  # the metric's value when the line was set


@dataclass(frozen=True, slots=True)
class RoadmapChange:
    """What one roadmap revision after setup changed. Lines are "I4 walk Q4"."""

    quarter: int
    reason: str
    by: str
    added: tuple[str, ...]
    dropped: tuple[str, ...]
    moved: tuple[str, ...]
    retargeted: tuple[str, ...]  # a KPI metric changed, or a target moved by more than a nudge
    nudged: tuple[str, ...]  # a KPI target moved by NUDGE points or less

    @property
    def material(self) -> bool:
        """Whether the plan changed. A revision that only nudges KPI targets (or changes
        nothing the plan commits to) is cosmetic: it earns nothing."""
        return bool(self.added or self.dropped or self.moved or self.retargeted)


def roadmap_changes(team: Team, quarter: int | None = None) -> tuple[RoadmapChange, ...]:
    """Every roadmap revision after setup (up to `quarter`), with what it changed."""
    out = []
    before: tuple[RoadmapEntry, ...] = ()
    for rev in team.roadmap_revisions:
        if quarter is not None and rev.quarter > quarter:
            break
        if rev.quarter > 0:
            out.append(_change(rev, before))
        before = rev.entries
    return tuple(out)


def _line_key(e: RoadmapEntry) -> str:
    return f"{e.initiative} {e.level} Q{e.quarter}"


def _change(rev: RoadmapRevision, before: tuple[RoadmapEntry, ...]) -> RoadmapChange:
    old = {(e.initiative, e.level): e for e in before}
    new = {(e.initiative, e.level): e for e in rev.entries}
    moved, retargeted, nudged = [], [], []
    for key, b in new.items():
        a = old.get(key)
        if a is None:
            continue
        if a.quarter != b.quarter:
            moved.append(f"{_line_key(a)}→Q{b.quarter}")
        if a.kpi_metric != b.kpi_metric or abs(a.kpi_target - b.kpi_target) > NUDGE:
            retargeted.append(_line_key(b))
        elif a.kpi_target != b.kpi_target:
            nudged.append(_line_key(b))
    return RoadmapChange(
        rev.quarter, rev.reason.strip(), rev.by,
        tuple(_line_key(e) for k, e in new.items() if k not in old),
        tuple(_line_key(e) for k, e in old.items() if k not in new),
        tuple(moved), tuple(retargeted), tuple(nudged),
    )


def kpi_checks(team: Team, scenario: Scenario, quarter: int) -> tuple[KpiCheck, ...]:
    """Every roadmap KPI target that has fallen due by the end of `quarter`, checked against
    the team's metrics, each line as the roadmap stood when it fell due."""
    records = {h.quarter: h for h in team.history if h.quarter <= quarter}
    if not records:
        return ()
    last = max(records)
    revisions = [r for r in team.roadmap_revisions if 0 < r.quarter <= quarter]
    out: list[KpiCheck] = []
    seen: set[RoadmapEntry] = set()
    for h in sorted(records):
        for line in roadmap_as_of(team, h):
            if not line.kpi_metric or line in seen or _due(scenario, line) != h:
                continue
            seen.add(line)
            values = [(q, records[q].metrics.get(line.kpi_metric, 0))
                      for q in sorted(records) if q >= h]
            best = max(v for _, v in values)
            start = _kpi_start(team, scenario, line)
            if line.kpi_target <= start:  # asked for nothing it did not have: never "met"
                out.append(KpiCheck(line, h, "no_stretch", None, best, start=start))
                continue
            met = next((q for q, v in values if v >= line.kpi_target), None)
            if met is not None:
                out.append(KpiCheck(line, h, "met", met, best))
                continue
            replan = next((r for r in revisions if r.quarter > h and r.reason.strip()
                           and _replans(line, r.entries)), None)
            if replan is not None:
                out.append(KpiCheck(line, h, "replanned", replan.quarter, best,
                                    replan.reason.strip()))
            else:
                out.append(KpiCheck(line, h, "pending" if h == last else "ignored", None, best))
    return tuple(out)


def _kpi_start(team: Team, scenario: Scenario, line: RoadmapEntry) -> int:
    """The line's metric when the line was first set as it stands: the end of the quarter
    before the revision that wrote it (the starting metrics in setup)."""
    written = next((r.quarter for r in team.roadmap_revisions if line in r.entries), 0)
    before = next((h for h in team.history if h.quarter == written - 1), None)
    metrics = before.metrics if before is not None else scenario.start_metrics
    return int(metrics.get(line.kpi_metric, 0))


def _due(scenario: Scenario, line: RoadmapEntry) -> int:
    spec = scenario.initiatives.get(line.initiative)
    level = spec.levels.get(line.level) if spec else None
    return line.quarter + (level.delay if level else 0)


def _replans(line: RoadmapEntry, entries: tuple[RoadmapEntry, ...]) -> bool:
    """Whether a revision re-plans a missed line: dropped it or changed its level, moved its
    quarter, changed its metric, or lowered its target by more than a nudge. Raising the
    target of a line already missed is not a re-plan."""
    same = next((e for e in entries
                 if (e.initiative, e.level) == (line.initiative, line.level)), None)
    if same is None:
        return True
    return (same.quarter != line.quarter or same.kpi_metric != line.kpi_metric
            or same.kpi_target < line.kpi_target - NUDGE)
