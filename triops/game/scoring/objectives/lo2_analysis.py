"""LO2, analysing the challenges: correct diagnoses that pooling the seats' clues decided,
sound and timely calls, shared causes fixed once; and the one tally of a team's incidents."""

from __future__ import annotations

from dataclasses import dataclass

from triops.game.model.state import Team
from triops.game.scenario.model import Scenario
from triops.game.scoring.objectives.facts import Episode, Facts
from triops.game.scoring.objectives.ladder import Ladder, first_sentence, fraction, share
from triops.game.scoring.objectives.ledger import actor_of, str_at, true_at
from triops.game.scoring.objectives.results import Criterion, EvidenceItem
from triops.game.scoring.objectives.thresholds import (
    ACCURACY_DEVELOPING,
    ACCURACY_EXEMPLARY,
    ACCURACY_PROFICIENT,
    EXEMPLARY_INCIDENTS,
    POOLING_DECIDED_PROFICIENT,
    TESTS_PASSED_PROFICIENT,
    TIMELY_PROFICIENT,
    UNSOUND_MAX,
)


def incident_tally(team: Team, scenario: Scenario, difficulty: str, quarter: int) -> dict[str, int]:
    """The one count of a team's incidents, as LO2 and the debrief count them
    (docs/scoring.md): each incident once, judged by the last diagnosis submitted for it; one
    that came back after a symptom fix counts again; one never diagnosed is not right.

    `incidents` opened or came back, `returned` of them came back, `judged` were judged at
    least once, `diagnosed` of those had a diagnosis and `right` the right one;
    `escalations` counts each judgement that left an incident worse (escalated or a crisis).
    """
    f = Facts(team, scenario, difficulty, quarter)
    judged = f.judged
    return {
        "incidents": len(f.episodes),
        "returned": sum(1 for e in f.ledger if e.kind == "incident_recurred"),
        "judged": len(judged),
        "diagnosed": sum(1 for ep in judged if ep.diagnosis),
        "right": sum(1 for ep in judged if ep.correct),
        "escalations": sum(1 for e in f.kinds("incident_outcome")
                           if str_at(e.detail, "result") in ("escalated", "crisis")),
    }


@dataclass(frozen=True, slots=True)
class _Diagnoses:
    """The incidents judged so far, sorted by what the team's diagnosis of each showed."""

    judged: list[Episode]
    diagnosed: list[Episode]
    correct: list[Episode]
    decided: list[Episode]  # right, and the other seats' clues decided it
    tests: list[Episode]  # diagnosed where one seat's own clues could not settle it
    passed: list[Episode]  # of those, settled by pooling, and right
    timely: list[Episode]  # with a diagnosis when first judged
    contradicted: list[Episode]  # against the clues in view
    unsound: list[Episode]  # against the clues in view, or a guess between causes left
    herrings: list[Episode]  # a red herring taken for the root cause

    @property
    def accuracy(self) -> float:
        return share(len(self.correct), len(self.judged))

    @property
    def accuracy_text(self) -> str:
        return fraction(len(self.correct), len(self.judged))

    @property
    def tests_text(self) -> str:
        return (f"{len(self.passed)} of {len(self.tests)} incidents one seat could not settle "
                "alone" if self.tests else "no incident one seat could not settle alone")


def _diagnoses(f: Facts) -> _Diagnoses:
    judged = f.judged
    diagnosed = [ep for ep in judged if ep.diagnosis]
    correct = [ep for ep in judged if ep.correct]
    tests = [ep for ep in diagnosed if ep.test]
    return _Diagnoses(
        judged, diagnosed, correct,
        decided=[ep for ep in correct if ep.decided],
        tests=tests,
        passed=[ep for ep in tests if ep.decided and ep.correct],
        timely=[ep for ep in judged if ep.timely],
        contradicted=[ep for ep in diagnosed if not ep.consistent],
        unsound=[ep for ep in diagnosed if not ep.consistent or ep.seen >= 2],
        herrings=[ep for ep in diagnosed if ep.red_herring],
    )


def ladder(f: Facts) -> Ladder:
    """LO2's criteria, rung by rung, and its evidence."""
    diag = _diagnoses(f)
    criteria = [*_developing(diag), *_proficient(diag),
                *_exemplary(diag, _generalised(f, diag.correct))]
    if f.experienced:
        criteria.append(_sees_through_herrings(f, diag.judged))
    return criteria, _evidence(f)


def _developing(diag: _Diagnoses) -> list[Criterion]:
    return [
        Criterion(
            2, "At least one incident diagnosed", bool(diag.diagnosed),
            f"{len(diag.diagnosed)} diagnosed",
            "Submit a diagnosis for every incident before the quarter resolves."),
        Criterion(
            2, "Root-cause accuracy of 40% or more", diag.accuracy >= ACCURACY_DEVELOPING,
            diag.accuracy_text, "Read every role's clues before choosing a root cause."),
    ]


def _proficient(diag: _Diagnoses) -> list[Criterion]:
    decided, unsound, diagnosed = diag.decided, diag.unsound, diag.diagnosed
    return [
        Criterion(
            3, "Root-cause accuracy of 70% or more", diag.accuracy >= ACCURACY_PROFICIENT,
            diag.accuracy_text,
            "Name the seam and the root cause, not the symptom, in most incidents."),
        Criterion(
            3, f"Pooling decided {POOLING_DECIDED_PROFICIENT} or more correct diagnoses: the "
            "diagnoser's own clues left several causes, the other seats' clues settled it",
            len(decided) >= POOLING_DECIDED_PROFICIENT, f"{len(decided)} decided by pooling",
            "When your own clues fit several causes, get the other seats' clues (shared, "
            "investigated or on the dashboard) and choose the one cause they all fit."),
        Criterion(
            3, "Pooled when it mattered: two thirds or more of the incidents one seat could not "
            "settle alone were settled by pooling, and right",
            share(len(diag.passed), len(diag.tests)) >= TESTS_PASSED_PROFICIENT,
            diag.tests_text,
            "When the clues you hold fit several causes, do not pick one: pool until they fit "
            "only one."),
        Criterion(
            3, "Sound calls: at most a quarter of the diagnoses went against the clues in view, "
            "or guessed between causes they still left",
            share(len(unsound), len(diagnosed)) <= UNSOUND_MAX,
            f"{len(unsound)} of {len(diagnosed)} unsound",
            "Before proposing a cause, check it fits every clue you can see, and wait for (or "
            "ask for) the clue that rules out the others."),
        Criterion(
            3, "Diagnosed in time: 70% or more of the incidents had a diagnosis when first "
            "judged", share(len(diag.timely), len(diag.judged)) >= TIMELY_PROFICIENT,
            fraction(len(diag.timely), len(diag.judged)),
            "Pool the clues in the quarter an incident opens, so a diagnosis is in before it "
            "resolves."),
    ]


def _exemplary(diag: _Diagnoses, general: list[str]) -> list[Criterion]:
    late = len(diag.judged) - len(diag.timely)
    return [
        Criterion(
            4, f"Root-cause accuracy of 85% or more over {EXEMPLARY_INCIDENTS} or more incidents",
            diag.accuracy >= ACCURACY_EXEMPLARY and len(diag.correct) >= EXEMPLARY_INCIDENTS,
            diag.accuracy_text,
            "Get the root cause right nearly every time, across several incidents."),
        Criterion(
            4, "Every incident one seat could not settle alone was settled by pooling, and "
            "right", bool(diag.tests) and len(diag.passed) == len(diag.tests), diag.tests_text,
            "Never guess between causes: pool until the clues leave one."),
        Criterion(
            4, "No diagnosis the clues in view had already ruled out, and none late",
            not diag.contradicted and late == 0,
            f"{len(diag.contradicted)} against the clues; {late} late",
            "Check a cause against every clue you can see, and diagnose every incident in the "
            "quarter it opens."),
        Criterion(
            4, "No red herring taken for the root cause", not diag.herrings,
            f"{len(diag.herrings)} red herrings chosen",
            "Test each plausible explanation against every role's clues: which does it explain?"),
        Criterion(
            4, "Generalises: after diagnosing two incidents with a shared cause, fixes it once",
            bool(general), "; ".join(general) or "none",
            "Look for the shared cause behind incidents and fix it once (lineage, contracts...)."),
    ]


def _sees_through_herrings(f: Facts, judged: list[Episode]) -> Criterion:
    """Experienced games: an incident that carried a red herring was diagnosed right."""
    herring_specs = {s.id for s in f.scenario.incidents.values()
                     if any(d.red_herring for d in s.diagnoses)}
    faced = [ep for ep in judged if ep.spec in herring_specs]
    beaten = [ep for ep in faced if ep.correct]
    return Criterion(
        4, "Sees through a red herring: an incident that carried one diagnosed correctly",
        not faced or bool(beaten), f"{len(beaten)} of {len(faced)} incidents with a red herring",
        "When a clue points somewhere convenient, check it explains every symptom.")


def _generalised(f: Facts, correct: list[Episode]) -> list[str]:
    """Preventions put in place after two or more different incidents they address were
    diagnosed right: the team saw the shared cause and fixed it once."""
    sc = f.scenario
    first: dict[str, int] = {}  # incident spec -> first quarter it was diagnosed right
    for ep in correct:
        if ep.spec in sc.incidents and ep.first_correct is not None:
            first[ep.spec] = min(first.get(ep.spec, ep.first_correct), ep.first_correct)

    def second(covered: list[str]) -> int | None:
        quarters = sorted(first[s] for s in covered)
        return quarters[1] if len(quarters) >= 2 else None

    out = []
    for ident, funded in sorted(f.funded.items()):
        covered = sorted(s for s in first if ident in sc.incidents[s].mitigated_by)
        after = second(covered)
        if after is not None and any(q >= after for _, q in funded):
            out.append(f"{ident} after {', '.join(covered)}")
    for ident, std in sorted(f.standards.items()):
        spec = sc.standards.get(ident)
        if spec is None or not std.current:
            continue
        covered = sorted(s for s in first if set(spec.addresses) & set(sc.incidents[s].tags))
        after = second(covered)
        if after is not None and any(q >= after for q in std.adoptions):
            out.append(f"{ident} after {', '.join(covered)}")
    return out


def _how_known(ep: Episode) -> str:
    """How the team came to its diagnosis, from what the diagnoser could see."""
    if ep.decided:
        return (f"the other seats' clues decided it (the diagnoser's own left {ep.own} causes, "
                "all the clues in view one)")
    if not ep.consistent:
        return "the clues in view had already ruled it out"
    if ep.seen >= 2:
        return f"a guess: the clues in view still left {ep.seen} causes"
    if ep.own == 1:
        return "the diagnoser's own seat's clues were enough"
    return ""


def _evidence(f: Facts) -> list[EvidenceItem]:
    items: list[EvidenceItem] = []
    for ep in f.judged:
        title = f.title(ep.spec)
        quarter = ep.judged if ep.judged is not None else ep.opened
        if not ep.diagnosis:
            items.append(EvidenceItem(quarter, f"No diagnosis submitted for {title}",
                                      "The root cause was never named.", "negative"))
            continue
        spec = f.scenario.incidents.get(ep.spec)
        option = spec.diagnosis(ep.diagnosis) if spec else None
        text = first_sentence(option.text) if option else ep.diagnosis
        decision = f"Diagnosed {title} as “{text}”"
        how = _how_known(ep)
        late = "" if ep.timely else " Late: it had no diagnosis when it was first judged."
        by = actor_of(ep.diagnosed_by)
        if ep.correct:
            tone = "positive" if ep.decided else "neutral"
            items.append(EvidenceItem(quarter, decision, f"The right root cause"
                                      f"{'; ' + how if how else ''}.{late}", tone, **by))
        else:
            why = " A red herring." if ep.red_herring else ""
            detail = f" {option.explanation}" if option and option.explanation else ""
            items.append(EvidenceItem(quarter, decision, f"Not the root cause"
                                      f"{'; ' + how if how else ''}.{why}{detail}{late}",
                                      "negative", **by))
    shared = sum(1 for e in f.ledger if e.kind == "share_clue")
    cross = sum(1 for e in f.ledger if e.kind == "investigate" and true_at(e.detail, "cross_role"))
    if shared or cross:
        decided = sum(1 for ep in f.judged if ep.correct and ep.decided)
        items.append(EvidenceItem(f.quarter, f"Shared {shared} clues in team chat and ran "
                                  f"{cross} cross-role investigations over the game",
                                  f"Pooling decided {decided} correct diagnoses; sharing counts "
                                  "only when it settles the cause.", "neutral"))
    return items
