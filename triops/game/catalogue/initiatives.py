"""The twelve initiatives, as plain data validated like a scenario.

Per level: `cost` is what it takes to reach that level from the one below, `upkeep` is the
whole upkeep per quarter at that level, `delay` is the quarters after funding before the level
takes effect, and `effects` are the level's total pull on each metric's target (not added to
the level below). Each step up costs more than the one before, and run costs more than crawl
and walk together, for the last fifth of the effect: the FinOps crawl/walk/run guidance
("mature where the value calls for it") made into a price list. A team cannot buy it all.

Special mechanics, each read by one rule:
- `prerequisites`: conditions without which the initiative has no effect at all;
- `feeds_dashboard`: the role whose clues the dashboard (I10) shares once this is in effect;
- `shares_clues`: this is the dashboard;
- `investigate_ap`: per level, AP to investigate another role's clue (the lineage catalog);
- `damage_factor`: per level, multiplier on damage of incidents with the given tags;
- `open_damage_factor`: per level, multiplier on the damage of every open incident (MTTR);
- `ap_bonus`: per level, extra action points per seat;
- `weak_unless`: conditions without which the effects are halved (adoption risk);
- `penalty`: per level, metric pull applied unless `penalty_unless` holds;
- `extra_upkeep`: per level, extra credits per quarter unless `extra_upkeep_unless` holds;
- `needs_charter`: cannot be funded before the team has drafted a valid charter;
- `on_fund`: one-off metric changes in the quarter a level is bought.
"""

from __future__ import annotations

INITIATIVES: list[dict[str, object]] = [
    {
        "id": "I1",
        "name": "Cost Allocation & Tagging Standard",
        "summary": "Mandatory tags (cost centre, product, environment, model-id, data-product-id) "
        "and shared-cost rules. Tags only apply from now on: untagged history can be allocated "
        "only approximately, by a split the teams will dispute.",
        "owners": ["finops", "dataops", "mlops"],
        "concept": "Standardization",
        "anchor": "FinOps Framework: Allocation capability; FinOps principle 3 (ownership)",
        "discipline": "finops",
        "levels": {
            "crawl": {
                "cost": 5,
                "upkeep": 2,
                "delay": 1,
                "effects": {"cost_efficiency": 3, "governance": 1},
            },
            "walk": {
                "cost": 7,
                "upkeep": 3,
                "delay": 1,
                "effects": {"cost_efficiency": 10, "governance": 3},
            },
            "run": {
                "cost": 13,
                "upkeep": 4,
                "delay": 1,
                "effects": {"cost_efficiency": 13, "governance": 4},
            },
        },
    },
    {
        "id": "I2",
        "name": "FOCUS Cost & Usage Data Pipeline",
        "summary": "Normalise cloud, SaaS and token or credit billing into one FOCUS dataset, with "
        "invoice reconciliation. Makes virtual-currency (token) spend visible.",
        "owners": ["finops", "dataops"],
        "concept": "Unified metadata; standardization",
        "anchor": "FinOps Open Cost and Usage Specification (FOCUS) 1.2: virtual currencies, "
        "InvoiceId",
        "discipline": "finops",
        "prerequisites": ["I1"],
        "levels": {
            "crawl": {"cost": 6, "upkeep": 2, "delay": 1, "effects": {"cost_efficiency": 2}},
            "walk": {
                "cost": 8,
                "upkeep": 3,
                "delay": 1,
                "effects": {"cost_efficiency": 8, "business_value": 2},
            },
            "run": {
                "cost": 15,
                "upkeep": 4,
                "delay": 1,
                "effects": {"cost_efficiency": 11, "business_value": 3},
            },
        },
    },
    {
        "id": "I3",
        "name": "AI Unit Economics, Budgets & Anomaly Guardrails",
        "summary": "Cost per inference, token and training run; quotas, budget actions and "
        "kill-switches rather than alerts; GPU right-sizing.",
        "owners": ["finops", "mlops"],
        "concept": "Alignment with organizational goals; centralized visibility",
        "anchor": "FinOps Framework: Unit Economics, Anomaly Management; FinOps for AI papers",
        "discipline": "finops",
        "prerequisites": ["I1"],
        "feeds_dashboard": "finops",
        "damage_factor": {"tags": ["cost-spike"], "crawl": 0.5, "walk": 0.2, "run": 0.2},
        "levels": {
            "crawl": {
                "cost": 6,
                "upkeep": 2,
                "delay": 0,
                "effects": {"cost_efficiency": 3, "business_value": 1},
            },
            "walk": {
                "cost": 8,
                "upkeep": 3,
                "delay": 0,
                "effects": {"cost_efficiency": 10, "business_value": 5},
            },
            "run": {
                "cost": 15,
                "upkeep": 4,
                "delay": 1,
                "effects": {"cost_efficiency": 13, "business_value": 7},
            },
        },
    },
    {
        "id": "I4",
        "name": "Data Contracts for Critical Feeds",
        "summary": "ODCS contracts in CI for critical feeds, a breaking-change gate and a "
        "freshness SLA. Producers feel the friction first.",
        "owners": ["dataops", "mlops"],
        "concept": "Standardization",
        "anchor": "Open Data Contract Standard (ODCS) v3; data mesh: data as a product",
        "discipline": "dataops",
        "weak_unless": ["team_capability>=40"],
        "on_fund": {"delivery_velocity": -2},
        "levels": {
            "crawl": {"cost": 8, "upkeep": 2, "delay": 1, "effects": {"data_trust": 3}},
            "walk": {
                "cost": 11,
                "upkeep": 3,
                "delay": 1,
                "effects": {"data_trust": 10, "delivery_velocity": 2},
            },
            "run": {
                "cost": 20,
                "upkeep": 4,
                "delay": 1,
                "effects": {"data_trust": 14, "delivery_velocity": 3},
            },
        },
    },
    {
        "id": "I5",
        "name": "Data Observability & Freshness SLOs",
        "summary": "Freshness, volume, schema, distribution and lineage checks on critical "
        "tables, with SLOs and volume reconciliation.",
        "owners": ["dataops", "mlops"],
        "concept": "Centralized dashboard (data tile)",
        "anchor": "Five pillars of data observability; SRE SLOs; DataOps Manifesto principle 16",
        "discipline": "dataops",
        "feeds_dashboard": "dataops",
        "levels": {
            "crawl": {
                "cost": 5,
                "upkeep": 2,
                "delay": 0,
                "effects": {"data_trust": 2, "model_reliability": 1},
            },
            "walk": {
                "cost": 7,
                "upkeep": 3,
                "delay": 0,
                "effects": {"data_trust": 8, "model_reliability": 2},
            },
            "run": {
                "cost": 13,
                "upkeep": 4,
                "delay": 1,
                "effects": {"data_trust": 11, "model_reliability": 3},
            },
        },
    },
    {
        "id": "I6",
        "name": "Unified Metadata & Lineage Catalog",
        "summary": "OpenLineage events and one catalog linking dataset, contract, training run, "
        "model and cost tags. From walk, when it covers the pipelines end to end, root-cause "
        "search across roles gets cheap.",
        "owners": ["dataops", "mlops", "finops"],
        "concept": "Unified metadata management",
        "anchor": "OpenLineage; OpenMetadata; BCBS 239; EU AI Act Art. 10; NIST AI RMF GOVERN 1.7",
        "discipline": "dataops",
        # A crawl catalog holds a few pipelines' lineage: following another role's data
        # across the seam still takes the usual AP. At 2 AP from crawl, a team whose seats
        # never shared a clue dug their way to every cause often enough to tie the teams that
        # pooled (docs/balance.md, "What the figures say").
        "investigate_ap": {"walk": 1, "run": 1},
        "levels": {
            "crawl": {
                "cost": 10,
                "upkeep": 3,
                "delay": 1,
                "effects": {"governance": 4, "data_trust": 2},
            },
            "walk": {
                "cost": 14,
                "upkeep": 4,
                "delay": 1,
                "effects": {"governance": 12, "data_trust": 5},
            },
            "run": {
                "cost": 26,
                "upkeep": 6,
                "delay": 1,
                "effects": {"governance": 16, "data_trust": 7},
            },
        },
    },
    {
        "id": "I7",
        "name": "Model Registry, Inventory & Model Cards",
        "summary": "Every model, vendor ones included, in one registry with an owner, a risk "
        "tier and a model card. Rollback to the last good version becomes fast.",
        "owners": ["mlops"],
        "concept": "Cross-functional AI governance; standardization",
        "anchor": "MLflow Model Registry; Model Cards; NIST AI RMF GOVERN 1.6; SR 26-2 inventory",
        "discipline": "mlops",
        "levels": {
            "crawl": {
                "cost": 5,
                "upkeep": 1,
                "delay": 1,
                "effects": {"governance": 3, "model_reliability": 1},
            },
            "walk": {
                "cost": 7,
                "upkeep": 2,
                "delay": 1,
                "effects": {"governance": 10, "model_reliability": 5},
            },
            "run": {
                "cost": 13,
                "upkeep": 3,
                "delay": 1,
                "effects": {"governance": 13, "model_reliability": 6},
            },
        },
    },
    {
        "id": "I8",
        "name": "CI/CD/CT Pipeline Automation",
        "summary": "Validated pipelines with automated data and model gates, canary and shadow "
        "deploys. Continuous training burns compute unless unit economics are in place.",
        "owners": ["mlops", "dataops"],
        "concept": "Iterative approach (automation levels)",
        "anchor": "Google MLOps levels 1–2; Microsoft MLOps maturity levels 2–3; DORA",
        "discipline": "mlops",
        "prerequisites": ["I7"],
        "extra_upkeep": {"crawl": 1, "walk": 2, "run": 3},
        "extra_upkeep_unless": ["I3>=walk"],
        "levels": {
            "crawl": {
                "cost": 10,
                "upkeep": 3,
                "delay": 1,
                "effects": {"delivery_velocity": 4, "model_reliability": 1},
            },
            "walk": {
                "cost": 14,
                "upkeep": 4,
                "delay": 1,
                "effects": {"delivery_velocity": 12, "model_reliability": 5},
            },
            "run": {
                "cost": 26,
                "upkeep": 6,
                "delay": 1,
                "effects": {"delivery_velocity": 16, "model_reliability": 6},
            },
        },
    },
    {
        "id": "I9",
        "name": "Production Model Monitoring",
        "summary": "Drift, skew and performance by segment, with ground-truth feedback and a "
        "post-market monitoring plan.",
        "owners": ["mlops", "dataops"],
        "concept": "Centralized dashboard (model tile)",
        "anchor": "TensorFlow Data Validation (skew, drift); Microsoft MLOps level 4; "
        "EU AI Act Art. 72",
        "discipline": "mlops",
        "prerequisites": ["I7"],
        "feeds_dashboard": "mlops",
        "levels": {
            "crawl": {
                "cost": 6,
                "upkeep": 2,
                "delay": 1,
                "effects": {"model_reliability": 3, "governance": 1},
            },
            "walk": {
                "cost": 8,
                "upkeep": 3,
                "delay": 1,
                "effects": {"model_reliability": 10, "governance": 5},
            },
            "run": {
                "cost": 15,
                "upkeep": 4,
                "delay": 1,
                "effects": {"model_reliability": 13, "governance": 6},
            },
        },
    },
    {
        "id": "I10",
        "name": "Centralized AI Operations Dashboard",
        "summary": "One pane for data SLOs, model health, unit cost and token spend, compliance "
        "and value. Shares each fed role's clues with every seat. Empty without feeds.",
        "owners": ["dataops", "mlops", "finops"],
        "concept": "Centralized AI operations dashboard",
        "anchor": "FinOps Reporting & Analytics; FinOps principle 4; Microsoft MLOps level 4",
        "discipline": "all",
        "prerequisites": ["2of:I3,I5,I9"],
        "shares_clues": True,
        "open_damage_factor": {"crawl": 0.85, "walk": 0.7, "run": 0.6},
        "levels": {
            "crawl": {"cost": 6, "upkeep": 2, "delay": 0, "effects": {"business_value": 2}},
            "walk": {
                "cost": 8,
                "upkeep": 3,
                "delay": 0,
                "effects": {"business_value": 5, "delivery_velocity": 2},
            },
            "run": {
                "cost": 15,
                "upkeep": 4,
                "delay": 1,
                "effects": {"business_value": 7, "delivery_velocity": 3},
            },
        },
    },
    {
        "id": "I11",
        "name": "Cross-functional AI Governance Committee",
        "summary": "The charter put to work: decision rights, RACI, risk-tiered review and an "
        "incident path. Slows delivery unless the evidence is automated.",
        "owners": ["dataops", "mlops", "finops"],
        "concept": "Cross-functional AI governance",
        "anchor": "NIST AI RMF GOVERN 2; ISO/IEC 42001 A.2/A.3; EU AI Act Arts 9, 17, 73; SR 26-2",
        "discipline": "governance",
        "needs_charter": True,
        "penalty": {
            "crawl": {"delivery_velocity": -2},
            "walk": {"delivery_velocity": -3},
            "run": {"delivery_velocity": -3},
        },
        "penalty_unless": ["I7", "I8"],
        "levels": {
            "crawl": {"cost": 3, "upkeep": 2, "delay": 1, "effects": {"governance": 4}},
            "walk": {"cost": 4, "upkeep": 3, "delay": 1, "effects": {"governance": 15}},
            "run": {
                "cost": 8,
                "upkeep": 4,
                "delay": 1,
                "effects": {"governance": 18, "business_value": 2},
            },
        },
    },
    {
        "id": "I12",
        "name": "Continuous Education & Upskilling",
        "summary": "Role-based AI literacy, FinOps for engineers, data literacy for ML and "
        "cross-training that reduces heroism. Mostly a recurring cost.",
        "owners": ["dataops", "mlops", "finops"],
        "concept": "Continuous education and upskilling",
        "anchor": "NIST AI RMF GOVERN 2.2; AI literacy; EU AI Act Art. 4 (the AI literacy "
        "duty); "
        "FinOps Education & Enablement; DataOps Manifesto principle 7",
        "discipline": "all",
        "ap_bonus": {"crawl": 0, "walk": 1, "run": 1},
        "levels": {
            "crawl": {"cost": 3, "upkeep": 2, "delay": 1, "effects": {"team_capability": 5}},
            "walk": {"cost": 4, "upkeep": 4, "delay": 1, "effects": {"team_capability": 16}},
            "run": {"cost": 8, "upkeep": 5, "delay": 1, "effects": {"team_capability": 25}},
        },
    },
]
