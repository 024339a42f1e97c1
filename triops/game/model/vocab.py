"""The game's fixed vocabulary: roles, metrics, levels, phases and the other closed sets.

Scenario files, commands and views all speak these words, so they live in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Literal

Role = Literal["dataops", "mlops", "finops"]
ROLES: Final[tuple[Role, ...]] = ("dataops", "mlops", "finops")
ROLE_NAMES: Final[dict[str, str]] = {"dataops": "DataOps", "mlops": "MLOps", "finops": "FinOps"}

METRICS: Final[tuple[str, ...]] = (
    "data_trust",
    "model_reliability",
    "delivery_velocity",
    "cost_efficiency",
    "governance",
    "team_capability",
    "business_value",
)
METRIC_NAMES: Final[dict[str, str]] = {
    "data_trust": "Data Trust",
    "model_reliability": "Model Reliability",
    "delivery_velocity": "Delivery Velocity",
    "cost_efficiency": "Cost Efficiency",
    "governance": "Governance & Compliance",
    "team_capability": "Team Capability",
    "business_value": "Business Value",
}
METRIC_CODES: Final[dict[str, str]] = {m: f"M{i + 1}" for i, m in enumerate(METRICS)}

LEVELS: Final[tuple[str, ...]] = ("crawl", "walk", "run")
# Index 0 means "not funded"; a level's rank is its position in LEVELS plus one.
LEVEL_RANK: Final[dict[str, int]] = {"none": 0, "crawl": 1, "walk": 2, "run": 3}

SEAMS: Final[tuple[str, ...]] = ("data-ml", "ml-fin", "data-fin", "governance")
SEAM_NAMES: Final[dict[str, str]] = {
    "data-ml": "DataOps ↔ MLOps",
    "ml-fin": "MLOps ↔ FinOps",
    "data-fin": "DataOps ↔ FinOps",
    "governance": "All ↔ Governance",
}

RESPONSE_CLASSES: Final[tuple[str, ...]] = ("good", "partial", "poor", "over")
# What a judged incident's result means, said the same way in the quarter report, the player's
# incident list, the console and the reports. A symptom fix ("suppressed") only contains an
# incident: the review shows the plan was a symptom fix, so saying so gives away neither the
# true cause nor when it comes back.
OUTCOME_TEXT: Final[dict[str, str]] = {
    "resolved": "Resolved.",
    "partial": "Partly contained; it is still open.",
    "contained": "Contained for now, not fixed: the plan treats a different cause, so "
                 "the incident is still open.",
    "suppressed": "Contained: the symptom went away; the cause is still there.",
    "over": "Resolved, at a heavy price elsewhere.",
    "escalated": "It escalated.",
    "crisis": "It is now a crisis.",
}
# A plan's class in words, as the reviews show it. A plan that does not fit the true cause is
# named for that, whatever its class: "good: treats the cause" beside "contained: the plan
# treats a different cause" read as a contradiction.
PLAN_CLASS_TEXT: Final[dict[str, str]] = {
    "good": "good: treats the cause", "partial": "partial",
    "poor": "poor: treats the symptom only", "over": "over-correction",
}
MISFIT_TEXT: Final = "a plan for a different cause"


def plan_class_words(klass: str | None, fits: bool | None = None) -> str:
    """A judged plan's class in words; `fits` False (it treats another cause) overrides."""
    if fits is False:
        return MISFIT_TEXT
    return PLAN_CLASS_TEXT.get(str(klass), str(klass)) if klass else "none"


RESPONSE_STEPS: Final[tuple[str, ...]] = (
    "contain",
    "diagnose",
    "remediate",
    "prevent",
    "communicate",
)

INCIDENT_TAGS: Final[tuple[str, ...]] = (
    "schema",
    "quality",
    "volume",
    "drift",
    "deployment",
    "cost-spike",
    "allocation",
    "capacity",
    "ownership",
    "lineage",
    "third-party",
    "genai",
    "fairness",
    "human-error",
    "regulatory",
    "alerting",
)

CHARTER_MEMBERS: Final[tuple[str, ...]] = (
    "dataops_lead",
    "mlops_lead",
    "finops_lead",
    "executive_sponsor",
    "risk_legal",
    "security_privacy",
    "business_owner",
    "internal_audit",
)
DECISION_RIGHTS: Final[tuple[str, ...]] = (
    "approve_high_risk",
    "block_kill",
    "budget_pooling",
    "approve_exceptions",
    "approve_standards",
)
# The rights as the charter form and condition texts name them.
DECISION_RIGHT_LABELS: Final[dict[str, str]] = {
    "approve_high_risk": "Approve high-risk go-lives",
    "block_kill": "Block or kill a system (kill switch)",
    "budget_pooling": "Pool the three budgets",
    "approve_exceptions": "Approve exceptions",
    "approve_standards": "Approve standards",
}
CADENCES: Final[tuple[str, ...]] = ("weekly", "biweekly", "monthly", "quarterly")
# The committee's key decisions (its RACI), for each of which a charter names who is
# accountable (docs/scoring.md, LO4).
RACI_DECISIONS: Final[tuple[str, ...]] = (
    "high_risk_go_live",
    "critical_feed_contract",
    "tagging_standard",
    "model_kill_rollback",
    "gpu_commitment",
    "ai_literacy",
    "serious_incident_report",
)
FRAMEWORKS: Final[tuple[str, ...]] = (
    "nist_ai_rmf_govern",
    "iso_42001_a3",
    "eu_ai_act",
    "sr_11_7",
    "bcbs_239",
)
FRAMEWORK_NAMES: Final[dict[str, str]] = {
    "nist_ai_rmf_govern": "NIST AI RMF 1.0 — GOVERN",
    "iso_42001_a3": "ISO/IEC 42001 Annex A.3 (roles and responsibilities)",
    "eu_ai_act": "EU AI Act Arts 9, 17, 72, 73",
    "sr_11_7": "SR 26-2 model risk management (supersedes SR 11-7)",
    "bcbs_239": "BCBS 239 risk data aggregation",
}
ADOPTION_MECHANISMS: Final[tuple[str, ...]] = ("policy", "training", "code")

PHASES: Final[tuple[str, ...]] = ("lobby", "planning", "review", "ended")
DIFFICULTIES: Final[tuple[str, ...]] = ("novice", "experienced")
INDUSTRIES: Final[tuple[str, ...]] = ("finance", "healthcare", "retail", "manufacturing", "other")
BOT_LEVELS: Final[tuple[str, ...]] = ("novice", "competent", "expert")
# How bots play in a team that has a person in it: "assist" (propose and ask, answer
# questions, leave the decisions to the person until they have had their share) or "full"
# (play as in an all-bot team). All-bot teams always play fully.
BOT_MODES: Final[tuple[str, ...]] = ("assist", "full")

OBJECTIVES: Final[tuple[str, ...]] = ("LO1", "LO2", "LO3", "LO4", "LO5")
OBJECTIVE_LEVELS: Final[tuple[str, ...]] = ("beginning", "developing", "proficient", "exemplary")


def a_or_an(word: str) -> str:
    """The word with its indefinite article ("an expert", "a competent")."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"

# What credits left at the end of the game mean: said in the quarter report and the debrief.
# Not advice to buy in the last quarter (a level landing after it is waste), but that the
# money would have done more earlier.
LEFT_OVER_AT_END: Final[str] = (
    "It was better spent in earlier quarters, while the levels it could buy still had "
    "quarters left to take effect in; a level that would land after the last quarter is "
    "waste, not a use for it.")


def left_over_at_end(held: int, fresh: int) -> str:
    """Why credits left when the game ends matter: `fresh` of the `held` are the last
    quarter's own budget, which only incident plans and levels that take effect at once
    could still use, so only what was carried over was better spent earlier."""
    fresh = max(0, min(fresh, held))
    if not fresh:
        return LEFT_OVER_AT_END
    said = (f"{fresh} cr of it was the last quarter's own budget, which only incident plans "
            "and levels that take effect at once could still use")
    if fresh == held:
        return f"{said}: little else could have used it."
    return (f"{said}; the other {held - fresh} cr were carried over from earlier quarters. "
            f"{LEFT_OVER_AT_END}")


def listing(items: Sequence[str]) -> str:
    """"a", "a and b", "a, b and c": items in a sentence ("nothing" for none)."""
    if not items:
        return "nothing"
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def counted(n: int, noun: str, plural: str = "") -> str:
    """"1 line", "3 lines": a count with its noun; `plural` for any other plural ("1
    diagnosis proposed", "2 diagnoses proposed")."""
    return f"{n} {noun}" if n == 1 else f"{n} {plural or noun + 's'}"

# The seam maturity indicator: the lower of two initiatives' levels.
SEAM_INITIATIVES = {
    "data-ml": ("I4", "I9"),
    "ml-fin": ("I3", "I7"),
    "data-fin": ("I1", "I2"),
    "governance": ("I11", "I6"),
}
