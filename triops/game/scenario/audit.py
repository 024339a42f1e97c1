"""What a cunning player could read off a scenario file: tells, and how much pooling is needed.

`triops scenario validate` prints this after the errors. None of it is an error: a scenario
with a tell still plays, but a balance run will show players winning without judgement.

- **Pooling.** For each incident and each cause it can have, whether one seat's opening
  clues alone name the cause (at most about 40% of cases, docs/balance.md), and whether the
  three seats' opening clues, and then every unconditional clue, tell it apart.
- **Tells.** Patterns that give an answer away without reading the clues: a price or a
  length that marks the plans that treat causes, a diagnosis much longer than the others,
  clue variants whose lengths differ enough to tell which one is showing.
- **Anchors.** An incident whose `anchor` (the real case shown once it closes) is empty or
  does not say whether it is reported, a composite, or a court or regulator's decision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from triops.game.model.vocab import ROLES
from triops.game.scenario.anchors import anchor_problem
from triops.game.scenario.incident_rules import pooled_candidates
from triops.game.scenario.model import IncidentSpec, Scenario

# One seat's opening clues may name the cause in at most this share of cases.
ONE_SEAT_MAX = 0.4
LENGTH_RATIO = 1.5  # a diagnosis this much longer than the median stands out
VARIANT_RATIO = 1.6  # clue variants whose lengths differ this much are told apart by length
LENGTH_GAP = 1.1  # plans that treat causes all this much longer than the rest stand out


@dataclass
class IncidentAudit:
    incident: str
    title: str
    causes: int
    one_seat: float  # share of (cause, seat) cases where one seat's symptoms name the cause
    # ... where one seat's symptoms and every clue it can dig out itself name it: what a team
    # that never shares can still learn (an own-role investigation is the cheapest)
    one_seat_digging: float
    pooled_start: float  # share of causes the three seats' symptoms tell apart
    pooled_all: float  # ... with every unconditional investigation too
    tells: list[str] = field(default_factory=list)


@dataclass
class Audit:
    scenario: str
    incidents: list[IncidentAudit]
    # reference roadmap lines that buy a level taking effect after the last quarter
    late_lines: list[str] = field(default_factory=list)
    # incidents whose anchor is empty or unmarked, each with what was expected
    anchors: list[str] = field(default_factory=list)

    @property
    def one_seat(self) -> float:
        """Over every incident: the share of cases one seat's symptoms name the cause."""
        if not self.incidents:
            return 0.0
        return sum(i.one_seat for i in self.incidents) / len(self.incidents)

    @property
    def one_seat_digging(self) -> float:
        """Over every incident: the share of cases one seat, with its own investigations,
        names the cause."""
        if not self.incidents:
            return 0.0
        return sum(i.one_seat_digging for i in self.incidents) / len(self.incidents)

    def warnings(self) -> list[str]:
        out = [f"{i.incident} ({i.title}): {t}" for i in self.incidents for t in i.tells]
        if self.one_seat > ONE_SEAT_MAX:
            out.append(f"one seat's opening clues alone name the cause in "
                       f"{self.one_seat:.0%} of cases (at most {ONE_SEAT_MAX:.0%}): pooling "
                       "is not needed")
        if self.one_seat_digging > ONE_SEAT_MAX:
            out.append(f"one seat, with its own investigations, names the cause in "
                       f"{self.one_seat_digging:.0%} of cases (at most {ONE_SEAT_MAX:.0%}): a "
                       "team that never shares can dig the answer out alone")
        out += [f"reference_roadmap: {line} takes effect after the last quarter (waste)"
                for line in self.late_lines]
        return out + self.anchors


def audit(scenario: Scenario) -> Audit:
    late = [f"{t.initiative} {t.level} in quarter {t.quarter}" for t in scenario.reference_roadmap
            if t.initiative in scenario.initiatives and t.level in
            scenario.initiatives[t.initiative].levels and t.quarter
            + scenario.initiatives[t.initiative].levels[t.level].delay > scenario.quarters]
    anchors = [f"incident {i.id} ({i.title}): {problem}" for i in scenario.incidents.values()
               if (problem := anchor_problem(i.anchor))]
    return Audit(scenario.id, [audit_incident(i) for i in scenario.incidents.values()], late,
                 anchors)


def audit_incident(inc: IncidentSpec) -> IncidentAudit:
    causes = inc.causes or tuple(d.id for d in inc.diagnoses if d.correct)
    weights = {d.id: d.weight for d in inc.diagnoses if d.id in causes}
    total = sum(weights.values()) or 1.0
    varied = any(c.variants for c in inc.clues)
    one = dig = start = full = 0.0
    for cause in causes:
        w = weights.get(cause, 1.0) / total
        if varied:
            alone = sum(1 for role in ROLES
                        if pooled_candidates(inc, cause, (role,)) == (cause,)) / len(ROLES)
            dig += w * sum(1 for role in ROLES if pooled_candidates(
                inc, cause, (role,), investigated=True) == (cause,)) / len(ROLES)
            start += w * (pooled_candidates(inc, cause, ROLES) == (cause,))
            full += w * (pooled_candidates(inc, cause, ROLES, investigated=True) == (cause,))
        else:  # schema 1: the one possible cause, and every clue is written for it
            alone = sum(1 for role in ROLES if any(
                c.role == role and c.when == "start" and c.suggests == cause
                for c in inc.clues)) / len(ROLES)
            start += w
            full += w
            dig += w * alone
        one += w * alone
    return IncidentAudit(inc.id, inc.title, len(causes), one, dig, start, full, _tells(inc))


def _allowed_tells(inc: IncidentSpec, price: dict[str, int]) -> list[str]:
    """Tells among the plans a diagnosis leaves on offer. A plan for a cause needs that cause
    diagnosed (rules.seat_rules.treats_diagnosis), so once a team has made its call it chooses
    between the plan(s) for it, the symptom fix and the sledgehammer: if the plan for the cause
    is the dearest of those for most causes, picking the dearest plan on offer finds it."""
    causeless = [r for r in inc.responses if not r.fits]
    causes = sorted({c for r in inc.responses for c in r.fits})
    if not causeless or not causes:
        return []
    out: list[str] = []
    # What a team reading price as quality takes: the dearest plan on offer, the longest
    # (most thorough-sounding) among equals.
    dearer = [c for c in causes if c in max(
        (r for r in inc.responses if not r.fits or c in r.fits),
        key=lambda r: (price[r.id], len(r.text))).fits]
    if len(dearer) * 2 > len(causes):
        out.append(f"for {len(dearer)} of {len(causes)} causes the plan that treats it is the "
                   "dearest on offer once the cause is diagnosed (the longest among equals): "
                   "the dearest plan on offer is the answer")
    # Who pays shows on every plan: a symptom fix that always asks fewer seats than the fixes
    # is picked out (or avoided) without reading it, as a newcomer did in their first game.
    seats = {r.id: len(set(r.cost) | set(r.ap)) for r in inc.responses}
    fewest = min(seats[r.id] for r in inc.responses if r.fits)
    for r in causeless:
        if r.klass == "poor" and seats[r.id] < fewest:
            out.append(f'the symptom fix "{r.id}" asks fewer seats than every plan that treats '
                       "a cause: who pays gives it away")
    return out


def _tells(inc: IncidentSpec) -> list[str]:
    out: list[str] = []
    texts = [len(d.text) for d in inc.diagnoses]
    mid = median(texts)
    for d in inc.diagnoses:
        if len(inc.diagnoses) > 2 and len(d.text) > LENGTH_RATIO * mid and len(d.text) == max(
                texts):
            what = "the correct diagnosis" if d.correct else f'diagnosis "{d.id}"'
            out.append(f"{what} is much the longest ({len(d.text)} characters against a "
                       f"median of {mid:.0f})")
    good = [r for r in inc.responses if r.klass == "good"]
    rest = [r for r in inc.responses if r.klass != "good"]
    if good and rest:
        price = {r.id: sum(r.cost.values()) for r in inc.responses}
        if min(price[r.id] for r in good) > max(price[r.id] for r in rest):
            out.append("every plan that treats a cause costs more than every other plan: the "
                       "price gives the class away")
        length = {r.id: len(r.text) for r in inc.responses}
        if min(length[r.id] for r in good) > LENGTH_GAP * max(length[r.id] for r in rest):
            out.append("every plan that treats a cause is longer than every other plan: the "
                       "length gives the class away")
        steps = {r.id: len(r.steps) for r in inc.responses}
        most = max(steps.values())
        if len(good) == 1 and steps[good[0].id] == most and sum(
                1 for n in steps.values() if n == most) == 1:
            out.append("the good plan is the only one with the most steps")
        if len(good) == 1 and price[good[0].id] == max(price.values()) and sum(
                1 for p in price.values() if p == price[good[0].id]) == 1:
            out.append("the good plan is the only dearest one")
        out += _allowed_tells(inc, price)
    for clue in inc.clues:
        if len(clue.variants) > 1:
            lengths = [len(v.text) for v in clue.variants]
            if max(lengths) > VARIANT_RATIO * min(lengths):
                out.append(f"the {clue.role} clue {clue.id} reads {min(lengths)} to "
                           f"{max(lengths)} characters by cause: its length tells them apart")
    return out
