"""The artefacts bots draft in setup, and which seat drafts each."""

from __future__ import annotations

from triops.game.model.state import Charter
from triops.game.model.vocab import DECISION_RIGHTS
from triops.game.rules.legal import WORKABLE_CHARTER

# Which seat drafts which artefact in setup (the first one held by a bot), so three bots do
# not overwrite each other or a person.
ROADMAP_DRAFTERS = ("finops", "mlops", "dataops")
CHARTER_DRAFTERS = ("mlops", "dataops", "finops")
STANDARD_FOR_ROLE = {"finops": "tag-taxonomy", "dataops": "odcs", "mlops": "model-cards"}
STANDARD_NAMES = {"tag-taxonomy": "a shared cost-allocation tag taxonomy",
                  "odcs": "data contracts (ODCS) on critical feeds",
                  "model-cards": "model cards for every production model"}

BOT_CHARTER = Charter(
    members=(*WORKABLE_CHARTER.members, "business_owner"),
    chair=WORKABLE_CHARTER.chair,
    cadence="monthly",
    decision_rights=(*WORKABLE_CHARTER.decision_rights, "budget_pooling"),
    risk_tiering=True,
    escalation=WORKABLE_CHARTER.escalation,
    decision_log=True,
    accountable={"model_kill_rollback": "mlops_lead", "tagging_standard": "finops_lead",
                 "critical_feed_contract": "dataops_lead",
                 "high_risk_go_live": "business_owner"},
    frameworks=("nist_ai_rmf_govern",),
    purpose=WORKABLE_CHARTER.purpose,
)

ALL_RIGHTS = DECISION_RIGHTS

# What the expert's committee looks like after its first effectiveness review.
REVIEWED_CHARTER = Charter(
    members=(*BOT_CHARTER.members, "internal_audit"),
    chair=BOT_CHARTER.chair,
    cadence=BOT_CHARTER.cadence,
    decision_rights=BOT_CHARTER.decision_rights,
    risk_tiering=True,
    escalation=(*BOT_CHARTER.escalation, "risk_legal"),
    decision_log=True,
    accountable=BOT_CHARTER.accountable,
    frameworks=(*BOT_CHARTER.frameworks, "iso_42001_a3"),
    purpose=BOT_CHARTER.purpose,
)
