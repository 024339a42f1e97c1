"""LO1, the integration roadmap: does funding follow the plan as it stood, are its KPI
targets met (or re-planned with a reason), is the money put to work, and does the plan change
when events say it must."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from triops.game.model.state import Evidence, RoadmapEntry
from triops.game.model.vocab import (
    LEVEL_RANK,
    SEAM_INITIATIVES,
    SEAM_NAMES,
    counted,
    left_over_at_end,
)
from triops.game.scoring.objectives.facts import Facts, Purchase
from triops.game.scoring.objectives.ladder import (
    Ladder,
    discipline_names,
    metric_name,
    share,
    yes_no,
)
from triops.game.scoring.objectives.ledger import actor_of, int_at, str_at, strs_at, true_at
from triops.game.scoring.objectives.replanning import replanned_after_setbacks, responsive_revisions
from triops.game.scoring.objectives.results import Criterion, EvidenceItem
from triops.game.scoring.objectives.roadmap import (
    KpiCheck,
    RoadmapChange,
    kpi_checks,
    roadmap_as_of,
    roadmap_changes,
)
from triops.game.scoring.objectives.terms import OPS_DISCIPLINES
from triops.game.scoring.objectives.thresholds import (
    FOLLOW_EXEMPLARY,
    FOLLOW_LEAST,
    FOLLOW_PROFICIENT,
    IDLE_EXEMPLARY,
    IDLE_PROFICIENT,
    KPI_HONOURED_PROFICIENT,
    KPI_MET_EXEMPLARY,
    RUN_SHARE_MAX,
)
from triops.game.scoring.rubric import COVERAGE, DEPENDENCIES, GOALS, KPI_TARGETS, PHASED


@dataclass(frozen=True, slots=True)
class _Plan:
    """What the roadmap itself shows, as it stood at the quarter."""

    entries: tuple[RoadmapEntry, ...]
    disciplines: set[str]
    ops: list[str]  # the Ops disciplines among them, in their order
    quarters: list[int]
    tied: list[RoadmapEntry]  # lines tied to a goal, or a KPI on a goal's metric
    with_kpi: list[RoadmapEntry]
    untargeted: list[int]  # planned quarters with no KPI target
    gaps: list[str]  # lines planned before the prerequisites they need
    staged: bool
    runs: int
    seams: list[str]  # seams with both initiatives planned at walk or above


def _plan(f: Facts) -> _Plan:
    sc = f.scenario
    roadmap = f.roadmap
    disciplines = {sc.initiatives[e.initiative].discipline for e in roadmap
                   if e.initiative in sc.initiatives}
    quarters = sorted({e.quarter for e in roadmap})
    goal_metrics = {g.metric for g in sc.goals if g.kind == "metric"}
    return _Plan(
        roadmap, disciplines, [d for d in OPS_DISCIPLINES if d in disciplines], quarters,
        tied=[e for e in roadmap if e.goal or e.kpi_metric in goal_metrics],
        with_kpi=[e for e in roadmap if e.kpi_metric],
        untargeted=[q for q in quarters
                    if not any(e.kpi_metric for e in roadmap if e.quarter == q)],
        gaps=_plan_gaps(f),
        staged=_staged(roadmap),
        runs=sum(1 for e in roadmap if e.level == "run"),
        seams=[s for s, pair in SEAM_INITIATIVES.items()
               if all(any(e.initiative == i and LEVEL_RANK[e.level] >= 2 for e in roadmap)
                      for i in pair)],
    )


@dataclass(frozen=True, slots=True)
class _Funding:
    """How the purchases followed the roadmap as it stood when each was made."""

    bought: bool
    spend: int
    followed: int  # the credits spent on a roadmap line, on time
    follow: float
    out_of_order: list[Purchase]  # bought before their prerequisites were in place
    upkeep_missed: list[Evidence]
    text: str


def _funding(f: Facts) -> _Funding:
    spend = sum(p.cost for p in f.purchases)
    followed = sum(p.cost for p in f.purchases if p.line is not None)
    text = (f"{followed} cr of {spend} cr ({round(100 * share(followed, spend))}%)" if spend
            else "nothing funded")
    return _Funding(bool(f.purchases), spend, followed, share(followed, spend),
                    [p for p in f.purchases if p.missing], f.kinds("upkeep_missed"), text)


@dataclass(frozen=True, slots=True)
class _Targets:
    """How the roadmap's KPI targets fared; the last quarter's are shown, not judged."""

    kpis: tuple[KpiCheck, ...]
    met: int
    replanned: int
    ignored: int
    judged: int
    honoured: float  # met, or re-planned with a reason, of those judged
    met_share: float
    text: str


def _targets(f: Facts) -> _Targets:
    kpis = kpi_checks(f.team, f.scenario, f.quarter)
    met = sum(1 for k in kpis if k.status == "met")
    replanned = sum(1 for k in kpis if k.status == "replanned")
    ignored = sum(1 for k in kpis if k.status == "ignored")
    judged = sum(1 for k in kpis if k.status != "pending")  # the last quarter's are not judged
    text = (f"{met} met, {replanned} re-planned, {ignored} missed and left as they were (of "
            f"{judged} due before the last quarter played)" if judged
            else "no KPI target due yet")
    return _Targets(kpis, met, replanned, ignored, judged, share(met + replanned, judged),
                    share(met, judged), text)


@dataclass(frozen=True, slots=True)
class _Money:
    """Credits wasted (a level bought too late to land), lapsed (unspent past the carry-over
    cap), left unspent at the end of the game, and the budget received so far."""

    wasted: int
    lapsed: int
    unspent: int
    received: int

    @property
    def idle_share(self) -> float:
        return share(self.wasted + self.lapsed + self.unspent, self.received)

    @property
    def text(self) -> str:
        idle = self.wasted + self.lapsed + self.unspent
        return (f"{idle} cr of {self.received} cr ({round(100 * self.idle_share)}%): "
                f"{self.wasted} wasted, {self.lapsed} lapsed, {self.unspent} unspent at the end")


def _money(f: Facts) -> _Money:
    wasted = sum(p.cost for p in f.purchases if p.wasted)
    lapsed = unspent = 0
    for e in f.kinds("idle_money"):
        if true_at(e.detail, "last"):
            unspent += int_at(e.detail, "held")
        else:
            lapsed += int_at(e.detail, "lapsed")
    received = sum(c.amount for c in f.team.treasury
                   if c.kind == "income" and c.quarter <= f.quarter)
    if received <= 0:
        received = f.scenario.budget * max(1, min(f.quarter, f.scenario.quarters))
    return _Money(wasted, lapsed, unspent, received)


def ladder(f: Facts) -> Ladder:
    """LO1's criteria, rung by rung, and its evidence."""
    plan, funding, targets, money = _plan(f), _funding(f), _targets(f), _money(f)
    changes = roadmap_changes(f.team, f.quarter)
    criteria = [*_developing(plan, funding), *_proficient(plan, funding, targets, money),
                *_exemplary(f, plan, funding, targets, money, changes)]
    if f.experienced:
        criteria.append(Criterion(
            4, "Quantified: a KPI target on every line", bool(plan.entries)
            and len(plan.with_kpi) == len(plan.entries),
            f"{len(plan.with_kpi)} of {len(plan.entries)} lines",
            "Give every roadmap line a numeric KPI target."))
    return criteria, _evidence(f, targets.kpis, changes)


def _developing(plan: _Plan, funding: _Funding) -> list[Criterion]:
    return [
        Criterion(
            2, "A roadmap is drafted", bool(plan.entries), f"{len(plan.entries)} lines",
            "Draft a roadmap in setup: initiative, level, quarter, owner and a KPI per line."),
        Criterion(
            2, "It covers at least two of the three Ops disciplines", len(plan.ops) >= 2,
            discipline_names(plan.ops),
            "Put initiatives of at least two disciplines on the roadmap."),
        Criterion(
            2, "Some sequencing: lines spread over two or more quarters",
            len(plan.quarters) >= 2, f"{len(plan.quarters)} quarters",
            "Spread the plan over the quarters instead of buying everything at once."),
        Criterion(
            2, "At most one initiative funded out of dependency order",
            len(funding.out_of_order) <= 1, f"{len(funding.out_of_order)} out of order",
            "Fund prerequisites first (I1 before I2/I3, I7 before I8/I9, feeds before I10)."),
        Criterion(
            2, "At most half of the initiative spend off the roadmap",
            funding.spend - funding.followed <= FOLLOW_LEAST * funding.spend,
            funding.text + " on the roadmap",
            "Buy what the roadmap says, when it says (a quarter either way), or revise it first."),
    ]


def _proficient(plan: _Plan, funding: _Funding, targets: _Targets,
                money: _Money) -> list[Criterion]:
    governance = ["governance"] if "governance" in plan.disciplines else []
    return [
        Criterion(
            3, COVERAGE, len(plan.ops) == 3 and "governance" in plan.disciplines,
            discipline_names([*plan.ops, *governance]),
            "Cover all three disciplines and governance on the roadmap."),
        Criterion(
            3, PHASED, len(plan.quarters) >= 3, f"{len(plan.quarters)} quarters",
            "Phase the roadmap: crawl in Q1–Q2, walk in Q3–Q4, run later where value "
            "warrants it."),
        Criterion(
            3, DEPENDENCIES, bool(plan.entries) and not plan.gaps,
            "; ".join(plan.gaps) if plan.gaps
            else ("all in order" if plan.entries else "no plan"),
            "Plan each prerequisite no later than the initiative that needs it."),
        Criterion(
            3, "Dependencies respected in funding", not funding.out_of_order,
            f"{len(funding.out_of_order)} funded before their prerequisites",
            "Never fund an initiative before its prerequisites are in place."),
        Criterion(
            3, KPI_TARGETS, bool(plan.quarters) and not plan.untargeted,
            f"{len(plan.quarters) - len(plan.untargeted)} of {len(plan.quarters)} quarters with "
            f"a KPI target ({len(plan.with_kpi)} of {len(plan.entries)} lines carry one)"
            + (f"; none in Q{', Q'.join(map(str, plan.untargeted))}" if plan.untargeted
               else ""),
            "Give every quarter of the plan at least one KPI target from the metrics."),
        Criterion(
            3, "Funding follows the roadmap: three quarters or more of the initiative spend "
            "bought its lines, on time",
            funding.spend > 0 and funding.follow >= FOLLOW_PROFICIENT, funding.text,
            "Fund the roadmap's lines in their quarter (a quarter either way); when the plan "
            "no longer fits, revise it with a reason before buying something else."),
        Criterion(
            3, "KPI targets honoured: half or more of those due met, or re-planned with a "
            "reason when missed",
            bool(targets.judged) and targets.honoured >= KPI_HONOURED_PROFICIENT, targets.text,
            "Set KPI targets the funded levels can reach; when one is missed, revise that line "
            "(its quarter, level or target) and say why."),
        Criterion(
            3, "Money put to work: at most a quarter of the budget wasted or left idle",
            money.idle_share <= IDLE_PROFICIENT, money.text,
            "Plan spending so credits do not lapse or sit unspent, and buy nothing that lands "
            "after the last quarter."),
        Criterion(
            3, GOALS, bool(plan.tied), f"{len(plan.tied)} lines tied to a goal or a goal's metric",
            "Tie roadmap lines to the scenario's goals (a goal, or a KPI on a goal's metric)."),
    ]


def _exemplary(f: Facts, plan: _Plan, funding: _Funding, targets: _Targets, money: _Money,
               changes: tuple[RoadmapChange, ...]) -> list[Criterion]:
    adapted = responsive_revisions(f, changes)
    setbacks, replanned = replanned_after_setbacks(f, changes)
    return [
        Criterion(
            4, "Crawl→walk→run staging, with run on no more than a third of lines",
            plan.staged and plan.runs <= RUN_SHARE_MAX * len(plan.entries),
            f"staged: {yes_no(plan.staged)}; {plan.runs} of {len(plan.entries)} lines at run",
            "Stage initiatives crawl then walk, and go to run only where value warrants it."),
        Criterion(
            4, "Names a seam-level milestone (both initiatives of a seam at walk or above)",
            bool(plan.seams), ", ".join(SEAM_NAMES[s] for s in plan.seams) or "none",
            "Plan a seam to walk, e.g. DataOps↔MLOps: contracts (I4) and monitoring (I9)."),
        Criterion(
            4, "Recurring costs budgeted: initiatives funded and no upkeep ever missed",
            funding.bought and not funding.upkeep_missed,
            f"{len(funding.upkeep_missed)} upkeep payments missed",
            "Budget the upkeep of what you fund so no initiative loses a level."),
        Criterion(
            4, "Re-planned after a failed bet: the plan changed, with the reason", replanned,
            f"{setbacks} setbacks; re-planned: {yes_no(replanned)}",
            "After an escalation, a recurrence or a missed deadline, change the plan and say "
            "why."),
        Criterion(
            4, "Adapts: the plan changed, with a reason, after incidents or injects in two or "
            "more quarters", len(adapted) >= 2,
            f"{len(adapted)} quarters"
            + (f" (Q{', Q'.join(map(str, adapted))})" if adapted else ""),
            "Revise the plan itself (not just its targets) when incidents and injects show it "
            "must change, saying why."),
        Criterion(
            4, "Funding follows the roadmap closely: nine tenths or more of the spend",
            funding.spend > 0 and funding.follow >= FOLLOW_EXEMPLARY, funding.text,
            "Keep funding and plan together: revise the plan before you buy off it."),
        Criterion(
            4, "KPI targets met: three quarters or more, none missed and left as it was",
            bool(targets.judged) and targets.met_share >= KPI_MET_EXEMPLARY
            and not targets.ignored, targets.text,
            "Meet your targets, and re-plan every one you miss."),
        Criterion(
            4, "Money put to work: at most a tenth of the budget wasted or left idle",
            money.idle_share <= IDLE_EXEMPLARY, money.text,
            "Turn nearly every credit into a level that lands in time."),
    ]


def _plan_gaps(f: Facts) -> list[str]:
    """Roadmap lines planned before (or without) the prerequisites they need."""
    sc = f.scenario
    first: dict[str, int] = {}
    reached: dict[str, list[tuple[int, int]]] = {}
    for e in f.roadmap:
        first[e.initiative] = min(first.get(e.initiative, e.quarter), e.quarter)
        reached.setdefault(e.initiative, []).append((LEVEL_RANK[e.level], e.quarter))

    def planned_by(ident: str, rank: int, quarter: int) -> bool:
        return any(r >= rank and q <= quarter for r, q in reached.get(ident, ()))

    gaps = []
    for ident, quarter in sorted(first.items()):
        spec = sc.initiatives.get(ident)
        for cond in spec.prerequisites if spec else ():
            if cond.kind == "initiative" and not planned_by(cond.ids[0], cond.rank, quarter):
                gaps.append(f"{ident} before {cond.text}")
            elif cond.kind == "count" and sum(
                planned_by(i, 1, quarter) for i in cond.ids
            ) < cond.count:
                gaps.append(f"{ident} before {cond.count} of {', '.join(cond.ids)}")
    return gaps


def _staged(roadmap: tuple[RoadmapEntry, ...]) -> bool:
    """Crawl→walk→run: an initiative planned at a higher level in a later quarter."""
    by_initiative: dict[str, list[tuple[int, int]]] = {}
    for e in roadmap:
        by_initiative.setdefault(e.initiative, []).append((e.quarter, LEVEL_RANK[e.level]))
    for steps in by_initiative.values():
        if any(b[1] > a[1] and b[0] > a[0] for a, b in itertools.combinations(sorted(steps), 2)):
            return True
    return False


def _evidence(f: Facts, kpis: Iterable[KpiCheck],
              changes: Iterable[RoadmapChange]) -> list[EvidenceItem]:
    items = [*_draft(f), *_revisions(f, changes), *_purchases(f), *_kpi_results(kpis),
             *_money_and_events(f)]
    items.sort(key=lambda i: i.quarter)
    return items


def _draft(f: Facts) -> list[EvidenceItem]:
    """The roadmap drafted in setup (its last draft)."""
    drafts = [e for e in f.kinds("roadmap") if not true_at(e.detail, "revision")]
    if not drafts:
        return []
    d = drafts[-1].detail
    disc = discipline_names(x for x in strs_at(d, "disciplines") if x != "all")
    return [EvidenceItem(
        drafts[-1].quarter, "Drafted the roadmap in setup",
        f"Set out a roadmap of {counted(int_at(d, 'entries'), 'line')} ({disc}; "
        f"{int_at(d, 'with_kpi')} with a "
        f"KPI target, {int_at(d, 'with_goal')} linked by name to a goal).", "neutral",
        **actor_of(drafts[-1]))]


def _revisions(f: Facts, changes: Iterable[RoadmapChange]) -> list[EvidenceItem]:
    """Each revision after setup: what it changed, or that it was cosmetic."""
    items: list[EvidenceItem] = []
    revisions = iter(e for e in f.kinds("roadmap") if true_at(e.detail, "revision"))
    for c in changes:
        by = actor_of(next(revisions, None))  # the ledger and the revisions keep one order
        said = f"Revised the roadmap: “{c.reason}”" if c.reason else (
            "Revised the roadmap without saying why")
        if c.material:
            parts = [f"{label} {', '.join(lines)}" for label, lines in (
                ("added", c.added), ("dropped", c.dropped), ("moved", c.moved),
                ("re-targeted", c.retargeted)) if lines]
            text = "; ".join(parts)
            items.append(EvidenceItem(c.quarter, said, f"{text[0].upper()}{text[1:]}.",
                                      "positive" if c.reason else "neutral", **by))
        else:
            what = (f"only nudged {len(c.nudged)} KPI targets" if c.nudged
                    else "changed nothing the plan commits to")
            items.append(EvidenceItem(c.quarter, said, f"A cosmetic edit: it {what}, so it "
                                      "earns nothing.", "neutral", **by))
    return items


def _purchases(f: Facts) -> list[EvidenceItem]:
    """Each purchase, against the roadmap as it stood when it was made."""
    items: list[EvidenceItem] = []
    for p in f.purchases:
        decision = f"Funded {f.initiative_name(p.initiative)} at {p.level} ({p.cost} cr)"
        if p.missing:
            items.append(EvidenceItem(p.quarter, decision, "No effect until its prerequisites "
                                      f"are in place ({', '.join(p.missing)}).", "negative"))
        elif p.wasted:
            items.append(EvidenceItem(p.quarter, decision, "Wasted: it lands after the last "
                                      "quarter, so it changes nothing in this game.", "negative"))
        elif p.line is None:
            why = ("there was no roadmap to follow then" if not roadmap_as_of(f.followed,
                                                                              p.quarter)
                   else "no line planned it then (within a quarter)")
            items.append(EvidenceItem(p.quarter, decision, f"Off the roadmap: {why}.",
                                      "negative"))
        else:
            items.append(EvidenceItem(p.quarter, decision, "As planned: the roadmap's line "
                                      f"“{p.line.initiative} {p.line.level} by "
                                      f"Q{p.line.quarter}”.", "positive"))
    return items


_KPI_WORDS = {"met": "Met", "replanned": "Missed; re-planned", "pending": "Not met by the end",
              "ignored": "Missed, and the line was left as it was",
              "no_stretch": "Not counted as met: the target asked for no improvement"}


def _kpi_results(kpis: Iterable[KpiCheck]) -> list[EvidenceItem]:
    """Each KPI target that fell due, and what became of it."""
    items: list[EvidenceItem] = []
    for k in kpis:
        line = k.line
        decision = (f"KPI target of {line.initiative} {line.level}: "
                    f"{metric_name(line.kpi_metric)} ≥ {line.kpi_target} from Q{k.due}")
        if k.status == "met":
            items.append(EvidenceItem(k.when or k.due, decision, f"Met in Q{k.when}.",
                                      "positive"))
        elif k.status == "replanned":
            items.append(EvidenceItem(k.when or k.due, decision,
                                      f"Missed (best {k.best}); re-planned in Q{k.when}: "
                                      f"“{k.reason}”.", "neutral"))
        elif k.status == "no_stretch":
            items.append(EvidenceItem(k.due, decision, f"{_KPI_WORDS[k.status]} (the metric "
                                      f"was already {k.start} when the line was set).",
                                      "negative"))
        else:
            items.append(EvidenceItem(k.due, decision, f"{_KPI_WORDS[k.status]} "
                                      f"(best {k.best}).",
                                      "negative" if k.status == "ignored" else "neutral"))
    return items


def _money_and_events(f: Facts) -> list[EvidenceItem]:
    """Money left idle, upkeep left unpaid, and the injects the roadmap should answer."""
    items: list[EvidenceItem] = []
    for e in f.kinds("idle_money", "upkeep_missed", "inject_received"):
        d = e.detail
        if e.kind == "idle_money" and true_at(d, "last") and int_at(d, "held") > 0:
            held, fresh = int_at(d, "held"), int_at(d, "fresh")
            items.append(EvidenceItem(e.quarter, f"Ended the game with {held} cr left over",
                                      left_over_at_end(held, fresh),
                                      "neutral" if fresh >= held else "negative"))
        elif e.kind == "idle_money" and int_at(d, "lapsed") > 0:
            held, lapsed = int_at(d, "held"), int_at(d, "lapsed")
            items.append(EvidenceItem(
                e.quarter, f"Left {held} cr unspent at the end of Q{e.quarter}",
                f"{held - lapsed} cr carried over and {lapsed} cr lapsed back to the "
                f"organisation (the carry-over cap is {int_at(d, 'cap')} cr).", "negative"))
        elif e.kind == "upkeep_missed":
            items.append(EvidenceItem(
                e.quarter, f"Left the {int_at(d, 'due')} cr upkeep of "
                f"{f.initiative_name(str_at(d, 'initiative'))} unpaid",
                f"It lost its {str_at(d, 'level')} level.", "negative"))
        elif e.kind == "inject_received":
            items.append(EvidenceItem(e.quarter, f"Faced the inject “{str_at(d, 'title')}”",
                                      "An event the roadmap should respond to.", "neutral"))
    return items
