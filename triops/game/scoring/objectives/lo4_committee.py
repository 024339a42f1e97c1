"""LO4, the governance committee: the charter's form, and its decision rights used in play;
a right claimed and never used counts against it."""

from __future__ import annotations

from dataclasses import dataclass

from triops.game.model.state import Charter, Evidence
from triops.game.scoring.objectives.facts import Facts
from triops.game.scoring.objectives.ladder import Ladder, yes_no
from triops.game.scoring.objectives.ledger import actor_of, int_at, str_at, strs_at, true_at
from triops.game.scoring.objectives.results import Criterion, EvidenceItem
from triops.game.scoring.objectives.terms import (
    COMMITTEE,
    CROSS_FUNCTIONAL,
    GENERIC_COMMITTEE_RIGHT,
    OPS_LEADS,
    REQUIRED_RIGHTS,
    RESULT_WORDS,
    RIGHT_NAMES,
    labels,
)
from triops.game.scoring.objectives.thresholds import RACI_PROFICIENT, USES_PROFICIENT

DRAFTED = "Drafted the committee charter"


def _rights_used(f: Facts) -> dict[str, int]:
    """Decision right -> the first quarter it was used in play: a response that needed it
    (a response that needs the committee itself is its approval of a high-risk change),
    budget pooling in force, a standard adopted as policy through the committee."""
    used: dict[str, int] = {}

    def use(right: str, quarter: int) -> None:
        used[right] = min(used.get(right, quarter), quarter)

    for e in f.ledger:
        d = e.detail
        if e.kind == "budget_pooled":
            use("budget_pooling", e.quarter)
        elif e.kind == "standard_adopted" and true_at(d, "via_committee"):
            use("approve_standards", e.quarter)
        elif e.kind == "incident_outcome" and true_at(d, "uses_committee") and str_at(d, "class"):
            spec = f.scenario.incidents.get(str_at(d, "spec"))
            option = spec.response(str_at(d, "response")) if spec else None
            named = [c.ids[0] for c in (option.requires if option else ())
                     if c.kind == "right" and c.ids]
            for right in named or [GENERIC_COMMITTEE_RIGHT]:
                use(right, e.quarter)
    return used


def _uses(f: Facts) -> dict[str, int]:
    """The ways the committee was used in play -> how often."""
    out = {
        "a response that needs the committee": sum(
            1 for e in f.kinds("incident_outcome")
            if true_at(e.detail, "uses_committee") and str_at(e.detail, "class")),
        "budget pooling in force": len(f.kinds("budget_pooled")),
        "a standard adopted as policy through the committee": sum(
            1 for e in f.kinds("standard_adopted") if true_at(e.detail, "via_committee")),
        "a notification through the committee": sum(
            1 for e in f.kinds("notify") if true_at(e.detail, "committee")),
        "a charter review after an incident": len(_reviews(f)),
    }
    return {k: n for k, n in out.items() if n}


def _reviews(f: Facts) -> list[int]:
    """Quarters of an effectiveness review: the charter revised, with a reason, after an
    incident had been judged."""
    judged = [e.quarter for e in f.kinds("incident_outcome")]
    return [rev.quarter for rev in f.team.charter_revisions
            if 0 < rev.quarter <= f.quarter and rev.reason.strip()
            and any(q < rev.quarter for q in judged)]


@dataclass(frozen=True, slots=True)
class _InPlay:
    """How the committee was used in play, against the rights its charter claims."""

    rights: tuple[str, ...]  # claimed by the charter
    unused: list[str]  # claimed and never used
    paper: list[str]  # the optional ones among them
    uses: dict[str, int]  # the ways it was used -> how often
    invoked: list[Evidence]  # in an incident: a response that needs it, a notification
    in_force: bool
    automated: list[tuple[str, str]]  # evidence pipelines funded: registry + CI/CD, ...
    reviews: list[int]


def _in_play(f: Facts) -> _InPlay:
    rights = f.charter.decision_rights if f.charter else ()
    used = _rights_used(f)
    unused = [r for r in rights if r not in used]
    return _InPlay(
        rights, unused, [r for r in unused if r not in REQUIRED_RIGHTS], _uses(f),
        invoked=([e for e in f.kinds("incident_outcome")
                  if true_at(e.detail, "uses_committee") and str_at(e.detail, "class")]
                 + [e for e in f.kinds("notify") if true_at(e.detail, "committee")]),
        in_force=f.funded_ever(COMMITTEE) or not f.has_initiative(COMMITTEE),
        automated=[pair for pair in (("I7", "I8"), ("I6", "I10"))
                   if all(f.funded_ever(i) for i in pair)],
        reviews=_reviews(f),
    )


def ladder(f: Facts) -> Ladder:
    """LO4's criteria, rung by rung, and its evidence."""
    play = _in_play(f)
    criteria = [*_developing(f.charter), *_proficient(f, f.charter, play),
                *_exemplary(f, f.charter, play)]
    if f.experienced:
        criteria.append(Criterion(
            4, "Invoked in two or more incidents", len(play.invoked) >= 2,
            f"{len(play.invoked)} times", "Route more incidents through the committee."))
    return criteria, _evidence(f, play.unused)


def _developing(c: Charter | None) -> list[Criterion]:
    leads = [m for m in OPS_LEADS if m in (c.members if c else ())]
    return [
        Criterion(
            2, "A charter is drafted", c is not None, yes_no(c is not None),
            "Draft the committee charter in setup."),
        Criterion(
            2, "Members from at least two Ops disciplines", len(leads) >= 2,
            f"{len(leads)} Ops leads", "Seat at least two of the DataOps, MLOps and FinOps leads."),
        Criterion(
            2, "A meeting cadence is set", bool(c and c.cadence),
            c.cadence if c and c.cadence else "none", "Set how often the committee meets."),
    ]


def _proficient(f: Facts, c: Charter | None, play: _InPlay) -> list[Criterion]:
    missing = [m for m in CROSS_FUNCTIONAL if m not in (c.members if c else ())]
    rights, paper, uses = play.rights, play.paper, play.uses
    return [
        Criterion(
            3, "Cross-functional: the three Ops leads, risk/legal, business owner and sponsor",
            not missing, "missing: " + labels(missing) if missing else "all six",
            "Add " + labels(missing) + " to the committee."
            if missing else "Keep the membership cross-functional."),
        Criterion(
            3, "Decision rights to approve high-risk go-lives and to block or kill",
            "approve_high_risk" in rights and "block_kill" in rights,
            labels(rights) or "none", "Give the committee approve and block/kill rights."),
        Criterion(
            3, "Scope triggers: risk tiering on", bool(c and c.risk_tiering),
            yes_no(bool(c and c.risk_tiering)),
            "Turn on risk tiering so review is proportional."),
        Criterion(
            3, "An escalation path for incidents", bool(c and c.escalation),
            f"{len(c.escalation) if c else 0} steps", "Name who an incident escalates to."),
        Criterion(
            3, f"RACI: an accountable member for {RACI_PROFICIENT} or more key decisions",
            bool(c) and len(c.accountable if c else {}) >= RACI_PROFICIENT,
            f"{len(c.accountable) if c else 0} decisions",
            "Name who is accountable for the key decisions (go-live, kill, contracts, tags)."),
        Criterion(
            3, "The committee is in force (its initiative funded)", play.in_force,
            yes_no(f.funded_ever(COMMITTEE)), "Fund the governance committee (I11)."),
        Criterion(
            3, f"Used in play in {USES_PROFICIENT} or more ways (a response that needs it, "
            "budget pooling, a standard approved as policy, a notification through it, a "
            "charter review after an incident)",
            len(uses) >= USES_PROFICIENT,
            "; ".join(f"{k} ×{n}" for k, n in uses.items()) or "never used",
            "Use the committee's rights: route an incident through it, pool the budget, "
            "approve a standard as policy, notify through it."),
        Criterion(
            3, "Invoked in at least one incident (a response that needs it, or a notification "
            "through it)", bool(play.invoked), f"{len(play.invoked)} times",
            "Use the committee in an incident: a committee response or a notification."),
        Criterion(
            3, "No paper rights: every optional right the charter claims (beyond approve and "
            "block/kill) used in play", not paper,
            "claimed and never used: " + ", ".join(RIGHT_NAMES.get(r, r) for r in paper)
            if paper else "none on paper",
            "Claim only the rights the committee will use (budget pooling, approving standards "
            "...), and use the ones you claim."),
    ]


def _exemplary(f: Facts, c: Charter | None, play: _InPlay) -> list[Criterion]:
    rights, unused = play.rights, play.unused
    frameworks = c.frameworks if c else ()
    need_frameworks = 2 if f.experienced else 1
    unused_text = ("claimed and never used: " + ", ".join(RIGHT_NAMES.get(r, r) for r in unused)
                   if unused else f"all {len(rights)} claimed rights used" if rights
                   else "no rights claimed")
    return [
        Criterion(
            4, "Automated evidence (registry + CI/CD, or lineage + dashboard)",
            bool(play.automated), "; ".join("+".join(p) for p in play.automated) or "none",
            "Fund I7 and I8 (or I6 and I10) so the committee reviews evidence, not paperwork."),
        Criterion(
            4, f"Duties mapped to {need_frameworks} or more frameworks (NIST, ISO 42001, EU AI "
            "Act, SR 26-2, BCBS 239)", len(frameworks) >= need_frameworks,
            f"{len(frameworks)} frameworks", "Map the committee's duties to a real framework."),
        Criterion(
            4, "Keeps a decision log", bool(c and c.decision_log),
            yes_no(bool(c and c.decision_log)), "Keep a decision log."),
        Criterion(
            4, "Effectiveness review: the charter revised, with a reason, after an incident",
            bool(play.reviews), f"{len(play.reviews)} reviews",
            "After an incident, review how the committee worked and revise the charter, "
            "saying why."),
        Criterion(
            4, "Every claimed decision right used in play", bool(rights) and not unused,
            unused_text, "Use every right the charter claims, or drop the ones you never use."),
    ]


def _evidence(f: Facts, unused: list[str]) -> list[EvidenceItem]:
    items: list[EvidenceItem] = []
    for e in f.ledger:
        d = e.detail
        if e.kind == "charter":
            members = strs_at(d, "members")
            what = (f"{len(members)} members, cadence {str_at(d, 'cadence') or 'unset'}, rights: "
                    f"{labels(strs_at(d, 'decision_rights')) or 'none'}, risk tiering "
                    f"{'on' if true_at(d, 'risk_tiering') else 'off'}, RACI for "
                    f"{int_at(d, 'accountable')} decisions")
            cross = all(m in members for m in OPS_LEADS)
            tone = "positive" if cross else "neutral"
            if true_at(d, "revision"):
                items.append(EvidenceItem(e.quarter,
                                          f"Revised the charter: “{str_at(d, 'reason')}”",
                                          f"Now {what}.", tone, **actor_of(e)))
            else:
                # Saving the draft again in the same quarter replaces it: one line, the last
                # (the end screen listed the same "Drafted the committee charter" twice).
                items = [i for i in items if not (i.quarter == e.quarter
                                                  and i.decision == DRAFTED)]
                items.append(EvidenceItem(e.quarter, DRAFTED,
                                          f"{what[0].upper()}{what[1:]}.", "neutral",
                                          **actor_of(e)))
        elif e.kind == "initiative_funded" and str_at(d, "initiative") == COMMITTEE:
            items.append(EvidenceItem(e.quarter, f"Funded the governance committee at "
                                      f"{str_at(d, 'level')}", "The charter takes effect.",
                                      "positive"))
        elif e.kind == "budget_pooled":
            items.append(EvidenceItem(e.quarter, "Used the budget-pooling decision right",
                                      "The three envelopes became one team pool.", "positive"))
        elif e.kind == "standard_adopted" and true_at(d, "via_committee"):
            spec = f.scenario.standards.get(str_at(d, "standard"))
            items.append(EvidenceItem(e.quarter, "Used the right to approve standards: "
                                      f"“{spec.name if spec else str_at(d, 'standard')}”",
                                      "Adopted as policy through the committee.", "positive"))
        elif e.kind == "notify":
            via = "through the committee" if true_at(d, "committee") else "directly"
            items.append(EvidenceItem(e.quarter, f"Notified stakeholders {via} about "
                                      f"{f.title(str_at(d, 'incident').split('@')[0])}",
                                      "Communicated." if not true_at(d, "clock")
                                      else "Reported to the regulator's clock.",
                                      "positive" if true_at(d, "committee") else "neutral",
                                      **actor_of(e)))
        elif e.kind == "incident_outcome" and true_at(d, "uses_committee") and str_at(d, "class"):
            items.append(EvidenceItem(e.quarter, "Used the committee's authority on "
                                      f"{f.title(str_at(d, 'spec'))}",
                                      RESULT_WORDS.get(str_at(d, "result"), ""), "positive"))
        elif e.kind in ("deadline_met", "deadline_missed"):
            met = e.kind == "deadline_met"
            items.append(EvidenceItem(e.quarter, f"Deadline: {str_at(d, 'title')}",
                                      "Met." if met else "Missed.",
                                      "positive" if met else "negative"))
    if not f.charter:
        items.append(EvidenceItem(f.quarter, "No charter drafted",
                                  "No committee could be funded or invoked.", "negative"))
    else:
        paper = [r for r in unused if r not in REQUIRED_RIGHTS]
        idle = [r for r in unused if r in REQUIRED_RIGHTS]
        if paper:
            items.append(EvidenceItem(f.quarter, "Decision rights claimed and never used: "
                                      + ", ".join(RIGHT_NAMES.get(r, r) for r in paper),
                                      "Rights on paper only.", "negative"))
        if idle:
            items.append(EvidenceItem(f.quarter, "Never used in play: the right to "
                                      + " and to ".join(RIGHT_NAMES.get(r, r) for r in idle),
                                      "No incident response went through it.", "neutral"))
    return items
