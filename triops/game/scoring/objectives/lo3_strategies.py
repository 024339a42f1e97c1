"""LO3, strategies: responses that treat the cause the team diagnosed, each with its one-line
justification; symptom fixes and over-corrections hold it down."""

from __future__ import annotations

from dataclasses import dataclass

from triops.game.scoring.objectives.facts import Episode, Facts, Response
from triops.game.scoring.objectives.ladder import Ladder, first_sentence, fraction, share
from triops.game.scoring.objectives.ledger import actor_of, int_at, str_at
from triops.game.scoring.objectives.replanning import something_to_answer
from triops.game.scoring.objectives.results import Criterion, EvidenceItem
from triops.game.scoring.objectives.roadmap import roadmap_changes
from triops.game.scoring.objectives.terms import FIVE_STEPS, RESULT_WORDS
from triops.game.scoring.objectives.thresholds import (
    BAD_PROFICIENT,
    GOOD_PROFICIENT,
    HANDLED_DEVELOPING,
    JUSTIFIED_PROFICIENT,
)


@dataclass(frozen=True, slots=True)
class _Responses:
    """The responses chosen so far, sorted by what each plan did, and the incidents left
    with none."""

    responses: list[Response]
    ignored: list[Episode]  # judged with no response
    coherent: list[Response]  # a good or partial plan for the cause the team diagnosed
    good: list[Response]  # of those, the good ones
    poor: list[Response]  # symptom-only fixes
    over: list[Response]  # over-corrections
    justified: list[Response]  # with the team's one-line reason
    full: list[Response]  # the five steps, communicate included
    linked: list[Response]  # with their prevention in place

    @property
    def handled(self) -> int:
        return len(self.responses) + len(self.ignored)


def _responses(f: Facts) -> _Responses:
    responses = f.responses
    coherent = [r for r in responses if r.coherent]
    return _Responses(
        responses, [ep for ep in f.judged if not ep.responded], coherent,
        good=[r for r in coherent if r.klass == "good"],
        poor=[r for r in responses if r.klass == "poor"],
        over=[r for r in responses if r.klass == "over"],
        justified=[r for r in responses if r.reason],
        full=[r for r in responses
              if all(s in r.steps or (s == "communicate" and r.notified) for s in FIVE_STEPS)],
        linked=[r for r in responses if r.prevention_in_place],
    )


def ladder(f: Facts) -> Ladder:
    """LO3's criteria, rung by rung, and its evidence."""
    done = _responses(f)
    criteria = [*_developing(done), *_proficient(done), *_exemplary(f, done)]
    if f.experienced:
        tradeoffs = _tradeoffs(f)
        criteria.append(Criterion(
            4, "Quantified cross-discipline trade-off managed", bool(tradeoffs),
            "; ".join(tradeoffs) or "none",
            "Manage a known trade-off, e.g. CI/CD's training cost with cost guardrails at walk."))
    return criteria, _evidence(f, done.ignored)


def _developing(done: _Responses) -> list[Criterion]:
    handled, coherent = done.handled, done.coherent
    return [
        Criterion(
            2, "At least one response chosen", bool(done.responses),
            f"{len(done.responses)} responses",
            "Choose a response for every incident; doing nothing lets it escalate."),
        Criterion(
            2, "At least half the incidents met with a plan for the cause the team diagnosed",
            share(len(coherent), handled) >= HANDLED_DEVELOPING, fraction(len(coherent), handled),
            "Choose the plan that treats the cause you diagnosed, not the symptom."),
    ]


def _proficient(done: _Responses) -> list[Criterion]:
    handled, responses, justified = done.handled, done.responses, done.justified
    bad = len(done.poor) + len(done.over)
    return [
        Criterion(
            3, "Most incidents (60% or more) met with a good plan for the diagnosed cause",
            share(len(done.good), handled) >= GOOD_PROFICIENT, fraction(len(done.good), handled),
            "Prefer the plan that treats your diagnosed cause at the root and prevents it "
            "coming back."),
        Criterion(
            3, "Symptom-only fixes and over-corrections at most a quarter of responses",
            handled > 0 and share(bad, handled) <= BAD_PROFICIENT, fraction(bad, handled),
            "Avoid plans that only hide the symptom, and sledgehammers that work whatever the "
            "cause at a heavy price elsewhere."),
        Criterion(
            3, "Justified: half or more of the responses come with the team's one-line reason",
            bool(responses) and share(len(justified), len(responses)) >= JUSTIFIED_PROFICIENT,
            fraction(len(justified), len(responses)),
            "Write one line with each response: why this plan, for this cause, at this cost."),
        Criterion(
            3, "Completes contain → diagnose → remediate → prevent → communicate at least once",
            bool(done.full), f"{len(done.full)} full cycles",
            "Pick a response that covers all five steps, and notify stakeholders."),
        Criterion(
            3, "Links a prevention to a funded initiative", bool(done.linked),
            f"{len(done.linked)} preventions backed by an initiative",
            "Fund the initiative a good response names for prevention."),
    ]


def _exemplary(f: Facts, done: _Responses) -> list[Criterion]:
    responses, justified, poor, over = done.responses, done.justified, done.poor, done.over
    follow = [r for r in responses if r.prevents_with and any(
        q >= r.quarter for _, q in f.funded.get(r.prevents_with, ()))]
    missed_clocks = f.kinds("clock_missed", "deadline_missed")
    learned = sorted({c.quarter for c in roadmap_changes(f.team, f.quarter)
                      if c.material and c.reason
                      and something_to_answer(f, c.quarter, (), ("incident_outcome",))})
    return [
        Criterion(
            4, "No symptom-only fix and no over-correction at all", not poor and not over,
            f"{len(poor)} symptom-only, {len(over)} over-corrections",
            "Weigh each option's side effects on the other disciplines before choosing."),
        Criterion(
            4, "Every response justified", bool(responses) and len(justified) == len(responses),
            fraction(len(justified), len(responses)),
            "Say why for every plan, so the debrief can test the reasoning against the outcome."),
        Criterion(
            4, "Follows through: funds or upgrades the prevention after the incident",
            bool(follow), f"{len(follow)} follow-ups",
            "After an incident, fund (or upgrade) the initiative that prevents it next time."),
        Criterion(
            4, "No regulator or inject deadline missed", not missed_clocks,
            f"{len(missed_clocks)} missed",
            "Notify in time when an incident or inject carries a deadline."),
        Criterion(
            4, "Learns from outcomes: after an incident was judged, the plan changed, with a "
            "reason", bool(learned),
            f"revised in Q{', Q'.join(map(str, learned))}" if learned else "never",
            "After an incident, use what its outcome showed: move, add or drop roadmap lines, "
            "and say why."),
    ]


def _tradeoffs(f: Facts) -> list[str]:
    """Funded initiatives whose cross-discipline cost the team also neutralised."""
    out = []
    for ident, spec in f.scenario.initiatives.items():
        if not f.funded_ever(ident):
            continue
        for unless in (spec.extra_upkeep_unless, spec.penalty_unless):
            if unless and all(
                c.kind == "initiative" and f.funded_ever(c.ids[0], c.rank) for c in unless
            ):
                out.append(f"{ident} with {', '.join(c.text for c in unless)}")
    return out


# A "good" plan treats one cause, which may not be the true one: the consequence says which.
_CLASS_WORDS = {"good": "a plan for one cause", "partial": "part of a plan for one cause",
                "poor": "treats the symptom", "over": "over-correction"}


def _evidence(f: Facts, ignored: list[Episode]) -> list[EvidenceItem]:
    items: list[EvidenceItem] = []
    for r in f.responses:
        spec = f.scenario.incidents.get(r.spec)
        option = spec.response(r.response) if spec else None
        text = first_sentence(option.text) if option else r.response
        why = f"justification: “{r.reason}”" if r.reason else "no justification given"
        consequence = RESULT_WORDS.get(r.result, r.result)
        if r.klass in ("good", "partial"):
            consequence += (" It is a plan for the cause the team diagnosed." if r.coherent
                            else " It is not a plan for the cause the team diagnosed.")
        if r.prevents_with:
            state = "funded" if r.prevention_in_place else "not funded"
            consequence += f" Prevention via {f.initiative_name(r.prevents_with)}: {state}."
        if r.klass == "good" and r.coherent:
            tone = "positive"
        elif r.coherent:
            tone = "neutral"
        else:
            tone = "negative"
        items.append(EvidenceItem(r.quarter, f"Responded to {f.title(r.spec)}: “{text}” "
                                  f"({_CLASS_WORDS.get(r.klass, r.klass)}); {why}",
                                  consequence, tone, **actor_of(r.proposed)))
    for ep in ignored:
        quarter = ep.judged if ep.judged is not None else ep.opened
        became = {"crisis": "became a crisis", "escalated": "escalated"}
        items.append(EvidenceItem(quarter, f"Nothing done about {f.title(ep.spec)}",
                                  f"It {became.get(ep.result, 'stayed open')} "
                                  f"(severity {ep.severity}).", "negative"))
    for e in f.kinds("incident_recurred"):
        items.append(EvidenceItem(e.quarter, f"{f.title(str_at(e.detail, 'spec'))} came back",
                                  "The earlier fix treated the symptom.", "negative"))
    for e in f.kinds("clock_missed"):
        # The evidence holds the instance id ("X2@2"); the debrief names the incident.
        spec_id = str_at(e.detail, "incident").split("@")[0]
        items.append(EvidenceItem(e.quarter, "Missed the regulator's deadline on "
                                  f"{f.title(spec_id)}",
                                  f"Governance −10 and a {int_at(e.detail, 'fine')} cr fine.",
                                  "negative"))
    items.sort(key=lambda i: i.quarter)
    return items
