"""What the ladders look for in a team's record (the disciplines, the events a re-plan
answers, the committee and its rights) and the words the reports show for codes."""

from __future__ import annotations

from collections.abc import Iterable

OPS_DISCIPLINES = ("dataops", "mlops", "finops")
OPS_LEADS = ("dataops_lead", "mlops_lead", "finops_lead")
CROSS_FUNCTIONAL = (*OPS_LEADS, "risk_legal", "business_owner", "executive_sponsor")
FIVE_STEPS = ("contain", "diagnose", "remediate", "prevent", "communicate")
# Results of an incident that show a bet went wrong and call for a re-plan.
SETBACK_RESULTS = ("escalated", "crisis")
SETBACK_KINDS = ("incident_recurred", "deadline_missed", "clock_missed", "upkeep_missed")
# Ledger kinds after which a roadmap revision counts as a response to events: those that
# happen as a quarter opens (a revision that quarter can answer them), and those that happen
# as it resolves (only a later quarter's revision can).
OPENING_TRIGGERS = ("incident_opened", "incident_recurred", "inject_received")
CLOSING_TRIGGERS = ("incident_outcome", "deadline_missed", "clock_missed", "upkeep_missed")
COMMITTEE = "I11"
UPSKILLING = "I12"
SHARED_IDS = "shared-ids"
# What a decision right looks like when it is used in play (LO4). A response that needs the
# committee itself (not a named right) is its approval of a high-risk change.
GENERIC_COMMITTEE_RIGHT = "approve_high_risk"
# The rights the rubric asks every committee to hold (proficient). Whether an incident calls
# for them is the scenario's draw, so only the other, optional, rights must be used to count.
REQUIRED_RIGHTS = ("approve_high_risk", "block_kill")
RIGHT_NAMES: dict[str, str] = {
    "approve_high_risk": "approve high-risk go-lives",
    "block_kill": "block or kill",
    "budget_pooling": "pool the budget",
    "approve_exceptions": "approve exceptions",
    "approve_standards": "approve standards",
}
# Committee members and RACI decisions in words: reports never show a code.
MEMBER_NAMES: dict[str, str] = {
    "dataops_lead": "DataOps lead", "mlops_lead": "MLOps lead", "finops_lead": "FinOps lead",
    "executive_sponsor": "executive sponsor", "risk_legal": "risk/legal",
    "security_privacy": "security/privacy", "business_owner": "business owner",
    "internal_audit": "internal audit",
}
RACI_NAMES: dict[str, str] = {
    "high_risk_go_live": "high-risk model go-live",
    "critical_feed_contract": "contract for a critical data feed",
    "tagging_standard": "cost tagging standard",
    "model_kill_rollback": "killing or rolling back a model",
    "gpu_commitment": "GPU capacity commitment",
    "ai_literacy": "AI literacy training",
    "serious_incident_report": "incident report to a regulator",
}

# An incident's result, in the words of the evidence (LO3, LO4).
RESULT_WORDS = {"resolved": "Resolved.", "partial": "Partly contained; still open.",
                "contained": "Contained, not fixed: the plan treats another cause.",
                "suppressed": "The symptom went away; the cause stayed and would come back.",
                "over": "Resolved, at a heavy price elsewhere.", "escalated": "It escalated.",
                "crisis": "It became a crisis."}


def label(code: str) -> str:
    """A decision right, committee member or RACI decision in words (any code, readable)."""
    for names in (RIGHT_NAMES, MEMBER_NAMES, RACI_NAMES):
        if code in names:
            return names[code]
    return code.replace("_", " ")


def labels(codes: Iterable[str]) -> str:
    return ", ".join(label(c) for c in codes)
