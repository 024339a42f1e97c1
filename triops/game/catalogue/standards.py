"""The standards catalogue: real specifications a team can propose and adopt.

An adopted standard makes incidents with the tags it `addresses` rarer, and pulls the metric
targets in `effects`. How much depends on the adoption mechanism: enforced as code counts in
full, training three quarters, policy half. `requires` are conditions for adoption at all.
"""

from __future__ import annotations

STANDARDS: list[dict[str, object]] = [
    {
        "id": "tag-taxonomy",
        "name": "Shared cost-allocation tag taxonomy",
        "spec": "FinOps Framework: Allocation capability (tags, labels, shared-cost rules)",
        "disciplines": ["finops", "dataops", "mlops"],
        "addresses": ["allocation", "cost-spike", "ownership"],
        "kpi": "Tag compliance % of spend",
        "effects": {"cost_efficiency": 3},
    },
    {
        "id": "focus",
        "name": "FOCUS for cost and usage data",
        "spec": "FinOps Open Cost and Usage Specification (FOCUS) 1.2",
        "disciplines": ["finops", "dataops"],
        "addresses": ["allocation", "genai", "cost-spike"],
        "kpi": "% of spend (cloud, SaaS, tokens) in FOCUS format",
        "effects": {"cost_efficiency": 3},
    },
    {
        "id": "odcs",
        "name": "Data contracts on critical feeds",
        "spec": "Open Data Contract Standard (ODCS) v3",
        "disciplines": ["dataops", "mlops"],
        "addresses": ["schema", "quality", "volume", "third-party"],
        "kpi": "Contract coverage % of critical feeds",
        "effects": {"data_trust": 3},
    },
    {
        "id": "openlineage",
        "name": "Lineage events from every pipeline and training run",
        "spec": "OpenLineage (Run, Job, Dataset events with facets)",
        "disciplines": ["dataops", "mlops", "finops"],
        "addresses": ["lineage", "ownership", "schema"],
        "kpi": "Lineage coverage % of critical data elements",
        "effects": {"governance": 2, "data_trust": 1},
    },
    {
        "id": "model-cards",
        "name": "Model cards and registry metadata for every model",
        "spec": "Model Cards for Model Reporting (Mitchell et al., 2019)",
        "disciplines": ["mlops", "dataops"],
        "addresses": ["ownership", "fairness", "third-party"],
        "kpi": "% of production models with a current model card",
        "effects": {"governance": 3},
    },
    {
        "id": "shared-slos",
        "name": "Shared SLO definitions for data products and models",
        "spec": "Google SRE: SLIs, SLOs and error budgets",
        "disciplines": ["dataops", "mlops"],
        "addresses": ["quality", "drift", "alerting", "capacity"],
        "kpi": "% of critical datasets and models meeting their SLO",
        "effects": {"model_reliability": 2, "data_trust": 1},
    },
    {
        "id": "shared-ids",
        "name": "Shared identifiers across billing, lineage and the registry",
        "spec": "model-id and data-product-id carried in FOCUS tags, OpenLineage facets and "
        "the model registry",
        "disciplines": ["finops", "dataops", "mlops"],
        "addresses": ["allocation", "lineage", "ownership"],
        "requires": ["I1", "I6", "I7"],
        "kpi": "% of spend, lineage and models joined by shared ids",
        "effects": {"governance": 2, "cost_efficiency": 2},
    },
    {
        "id": "risk-tiering",
        "name": "AI risk-tiering policy",
        "spec": "NIST AI RMF (MAP, GOVERN 1.6); EU AI Act risk categories",
        "disciplines": ["mlops", "dataops", "finops"],
        "addresses": ["regulatory", "third-party", "genai"],
        "kpi": "% of AI systems inventoried and risk-tiered",
        "effects": {"governance": 3},
    },
    {
        "id": "blameless-review",
        "name": "Blameless post-incident review",
        "spec": "Google SRE: postmortem culture",
        "disciplines": ["dataops", "mlops", "finops"],
        "addresses": ["human-error", "deployment"],
        "kpi": "% of incidents with a review and tracked actions",
        "effects": {"team_capability": 2},
    },
]
