"""Human labels for the game's closed vocabularies, as the player client shows them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from triops.game.model.vocab import DECISION_RIGHT_LABELS, METRIC_NAMES, ROLE_NAMES
from triops.game.rules.conditions import ConditionSyntaxError, condition_words, parse_condition

ROLE_LABELS: Final = dict(ROLE_NAMES)
ROLE_BLURBS: Final = {
    "dataops": "pipelines, data quality and freshness, data contracts",
    "mlops": "models in production: performance, drift, releases",
    "finops": "cloud and AI spend: allocation, anomalies, unit costs",
}
MEMBERS: Final = {
    "dataops_lead": "DataOps lead", "mlops_lead": "MLOps lead", "finops_lead": "FinOps lead",
    "executive_sponsor": "Executive sponsor", "risk_legal": "Risk / legal",
    "security_privacy": "Security / privacy", "business_owner": "Business owner",
    "internal_audit": "Internal audit (observer)",
}
RIGHTS: Final = DECISION_RIGHT_LABELS
CADENCES: Final = {"weekly": "Weekly", "biweekly": "Every two weeks", "monthly": "Monthly",
                   "quarterly": "Quarterly"}
RACI: Final = {
    "high_risk_go_live": "High-risk model go-live",
    "critical_feed_contract": "Contract for a critical data feed",
    "tagging_standard": "Cost tagging standard",
    "model_kill_rollback": "Killing or rolling back a model",
    "gpu_commitment": "GPU capacity commitment",
    "ai_literacy": "AI literacy training",
    "serious_incident_report": "Incident report to a regulator",
}
MECHANISMS: Final = {"policy": "Policy (written rule; needs the committee's right to approve "
                               "standards)",
                     "training": "Training (needs upskilling, I12)",
                     "code": "Enforced as code (needs CI/CD, I8)"}
STEPS: Final = {"contain": "contain", "diagnose": "diagnose", "remediate": "remediate",
                "prevent": "prevent", "communicate": "communicate"}
PHASES: Final = {"lobby": "waiting to start", "planning": "planning", "review": "review",
                 "ended": "game over"}
SOURCES: Final = {"symptom": "your symptom", "investigated": "you investigated",
                  "found": "you investigated", "shared": "shared in chat",
                  "dashboard": "via the dashboard", "team": "found by a teammate"}


def pull_way(view: Mapping[str, Any]) -> str:
    """How far a metric moves toward where it settles each quarter, in words. Effects raise
    where a metric settles, so the report shows about half in the first quarter (a newcomer
    read +13 and saw +7)."""
    pull = float(view.get("briefing", {}).get("rules", {}).get("metric_pull", 0.5))
    return "half the way" if pull == 0.5 else f"{pull:.0%} of the way"


def standard_terms(spec: Mapping[str, Any], view: Mapping[str, Any],
                   rollout: Mapping[str, int]) -> list[str]:
    """What a standard moves and what rolling it out costs this team now, in words, from
    the catalogue and the team's view (`rollout` empty: say nothing of the cost)."""
    out = []
    catalogue = view.get("catalogue") or {}
    effects = spec.get("effects") or {}
    if effects:
        pulls = ", ".join(f"{METRIC_NAMES.get(m, m)} +{v}" for m, v in effects.items())
        weights = catalogue.get("mechanism_weight") or {}
        counts = "".join(f"{m} {w:g}×; " for m, w in weights.items() if w < 1)
        out.append(f"Raises where metrics settle: {pulls} enforced as code ({counts}each "
                   f"metric moves {pull_way(view)} there per quarter)")
    if rollout:
        costs = ", ".join(f"{m} {c} cr" for m, c in rollout.items())
        load = catalogue.get("change_load")
        more = (f" ({load} cr more for each standard already adopted)" if load else "")
        out.append(f"Rollout now: {costs}, paid by the owner when adopted{more}")
    return out


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role.title() if role else "?")


def condition_label(text: str, initiative_names: dict[str, str]) -> str:
    """A condition string (triops/scenarios/README.md, "Conditions") in words, as the game
    words it (`rules.conditions.condition_words`)."""
    try:
        return condition_words(parse_condition(text), initiative_names)
    except ConditionSyntaxError:
        return text
