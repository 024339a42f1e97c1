"""The ten default inject archetypes, as plain data validated like a scenario.

Each entry is shaped like a scenario `[[injects]]` table (triops/scenarios/README.md): `id`,
`title`, `narrative` and `effects`, with no `scheduled` quarter. Every scenario's inject library
holds them, but for an event that rests on one law or supervisor (`frameworks`: the EU AI Act's
deadline, a bank supervisor's exam), only where the scenario's organisation answers to it (its
own `frameworks`). A scenario inject names one as its `archetype` to inherit its title and effects
and tell the story in the organisation's own words. Narratives here stay industry-neutral and
name the real framework each event rests on. Magnitudes are play-testing values, to be tuned by
balance simulation.
"""

from __future__ import annotations

INJECT_ARCHETYPES: list[dict[str, object]] = [
    {
        "id": "regulatory-milestone",
        "frameworks": ["eu_ai_act"],
        "title": "EU AI Act high-risk obligations approach",
        "narrative": "The EU AI Act's high-risk obligations draw near: from 2 December 2027 for "
        "Annex III uses such as credit scoring and employment, from 2 August 2028 for AI in "
        "regulated products such as medical devices. They cover risk management, data "
        "governance, technical documentation, post-market monitoring and serious-incident "
        "reporting (Arts 9–15, 72 and 73). Every high-risk model that is not registered and "
        "documented costs governance standing each quarter.",
        "effects": [
            {"kind": "modifier", "metric": "governance", "delta": -5, "quarters": 2,
             "unless": ["I7"]},
        ],
    },
    {
        "id": "supervisory-exam",
        "frameworks": ["sr_11_7", "bcbs_239"],
        "title": "Supervisory exam notice",
        "narrative": "A supervisor announces a review of model risk and wants three things "
        "within two quarters: the model inventory, validation evidence, and data lineage from "
        "source to report. The request follows SR 26-2, the model risk guidance that superseded "
        "SR 11-7 in 2026, and the BCBS 239 principles for risk data.",
        "effects": [
            {"kind": "clock", "title": "Inventory, validation and lineage evidence due",
             "quarters": 2, "requires": ["I7", "I6"], "metric": "governance", "delta": -10,
             "fine": 5},
        ],
    },
    {
        "id": "cfo-mandate",
        "title": "CFO mandate: cut run cost, self-fund new AI",
        "narrative": "The CFO wants the run cost of AI down 15% this year, with new AI work paid "
        "for out of the savings: a self-funding pattern reported as common in press summaries "
        "of the State of FinOps 2026 survey. The budget shrinks now. Teams that know their unit "
        "costs find the savings in waste; the rest cut across the board and slow delivery.",
        "effects": [
            {"kind": "budget", "amount": -5},
            {"kind": "metric", "metric": "delivery_velocity", "delta": -5, "unless": ["I3"]},
        ],
    },
    {
        "id": "gpu-shock",
        "title": "GPU price and availability shock",
        "narrative": "On-demand GPU prices jump by about 40% as supply tightens. Providers offer "
        "discounted commitments, but only with a one-year lock-in: the coverage-versus-waste "
        "trade-off of the FinOps Framework's Rate Optimization capability, under pressure. "
        "Compute-heavy initiatives cost more for a while.",
        "effects": [
            {"kind": "cost", "initiatives": ["I8", "I9"], "factor": 1.4, "quarters": 2},
        ],
    },
    {
        "id": "key-person",
        "title": "Key-person departure",
        "narrative": "The one engineer who knew the training pipeline end to end resigns, and "
        "little of what they knew is written down. The DataOps Manifesto calls this out in its "
        "principle 'reduce heroism': teams that cross-trained carry on, the others stall.",
        "effects": [
            {"kind": "metric", "metric": "model_reliability", "delta": -10,
             "unless": ["team_capability>=50"]},
        ],
    },
    {
        "id": "billing-credits",
        "title": "A provider switches billing to credits",
        "narrative": "A major AI provider moves from billing in currency to prepaid credits and "
        "tokens. FOCUS 1.2 added columns for such provider-defined virtual currencies, but "
        "unless the cost pipeline normalises them, this spend drops out of FinOps reports.",
        "effects": [
            {"kind": "modifier", "metric": "cost_efficiency", "delta": -4, "quarters": 2,
             "unless": ["I2"]},
        ],
    },
    {
        "id": "board-roi",
        "title": "The board asks: what is our AI ROI?",
        "narrative": "The board wants the return on AI, product by product, at its next meeting. "
        "Without unit economics (cost per prediction, token or training run set against the "
        "value it creates, as the FinOps Framework's Quantify Business Value domain asks), the "
        "answer is a guess and confidence in the programme drops.",
        "effects": [
            {"kind": "metric", "metric": "business_value", "delta": -8, "unless": ["I3"]},
        ],
    },
    {
        "id": "customer-onboarding",
        "title": "Major customer onboarding",
        "narrative": "A large new customer or partner goes live and brings an external data feed "
        "with its own formats, identifiers and volumes. Until a data contract (for example "
        "ODCS) pins those down, schema, volume and third-party incidents are more likely.",
        "effects": [
            {"kind": "probability", "tags": ["schema", "volume", "third-party"], "factor": 1.5,
             "quarters": 2},
        ],
    },
    {
        "id": "acquisition",
        "title": "An acquisition closes",
        "narrative": "The organisation buys a smaller company and inherits its cloud accounts, "
        "pipelines and models, along with its budget. Little of the estate carries allocation "
        "tags (FinOps Allocation) and none of its models is in the inventory that NIST AI RMF "
        "GOVERN 1.6 asks for, so cost visibility and governance both slip.",
        "effects": [
            {"kind": "budget", "amount": 5},
            {"kind": "metric", "metric": "cost_efficiency", "delta": -8},
            {"kind": "metric", "metric": "governance", "delta": -6},
        ],
    },
    {
        "id": "committee-audit",
        "title": "Audit of committee effectiveness",
        "narrative": "Internal audit reviews how AI decisions are governed: the committee's "
        "charter, its decision rights and its decision log. With no chartered committee there "
        "is nothing to show against NIST AI RMF GOVERN 2 or the roles-and-responsibilities "
        "controls of ISO/IEC 42001 (Annex A.3), and the finding is serious.",
        "effects": [
            {"kind": "metric", "metric": "governance", "delta": -10, "unless": ["committee"]},
        ],
    },
]
