"""Scenario validation: a parsed TOML table in, a typed `Scenario` or every problem at once out.

This module never opens files: the caller parses TOML and passes the table and the file name,
so each error can name the file, the field path, what was expected and what was found. The
loader reads the file section by section; the records with rules of their own are read
beside it: scenario_catalogues (initiatives, standards), scenario_incidents and
scenario_incident_rules, scenario_injects, and scenario_references for what ties them.
scenario_checker holds the field getters and the issues.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from triops.game.model.vocab import DIFFICULTIES, FRAMEWORKS, INDUSTRIES, LEVELS, METRICS, ROLES
from triops.game.scenario.catalogues import local_catalogues, read_initiatives, read_standards
from triops.game.scenario.checker import (
    MISSING,
    Checker,
    InWords,
    ScenarioError,
    ScenarioIssue,
    is_ident,
)
from triops.game.scenario.incident_rules import check_incident, pooled_candidates
from triops.game.scenario.incidents import read_incident
from triops.game.scenario.injects import parse_effect, read_archetypes, read_inject
from triops.game.scenario.model import (
    GoalSpec,
    HintSpec,
    IncidentSpec,
    InitiativeSpec,
    InjectSpec,
    RoadmapTarget,
    Rules,
    Scenario,
    StandardSpec,
)
from triops.game.scenario.references import check_references

__all__ = [
    "SCHEMA_VERSION",
    "SCHEMA_VERSIONS",
    "ScenarioError",
    "ScenarioIssue",
    "load_scenario",
    "parse_effect",
    "pooled_candidates",
    "scenario_digest",
]

SCHEMA_VERSION = 2
# Schema 1: one correct diagnosis per incident, clues that read the same in every game.
# Schema 2: any weighted diagnosis can be a game's true cause, clues read by cause
# (`variants`), and responses name the causes they fit (triops/scenarios/README.md).
SCHEMA_VERSIONS = (1, 2)

_TOP_FIELDS = (
    "schema_version",
    "id",
    "title",
    "industry",
    "difficulty",
    "quarters",
    "summary",
    "briefing",
    "goals",
    "start",
    "rules",
    "incidents",
    "injects",
    "hints",
    "initiatives",
    "retired_initiatives",
    "frameworks",
    "reference_roadmap",
    "reference_standards",
)
_START_FIELDS = (
    "metrics", "baseline", "budget", "envelopes", "action_points", "value_per_quarter"
)


def load_scenario(data: Mapping[str, Any], source: str = "<scenario>") -> Scenario:
    """Validate a parsed scenario table and build the typed scenario, or raise ScenarioError.

    The sections are read in a fixed order, so the issues come in the same order every time.
    """
    c = Checker(source)
    if not isinstance(data, Mapping):
        c.fail("(top level)", "a table", data)
        raise ScenarioError(c.issues)
    c.known_fields(data, "", _TOP_FIELDS)
    schema = _schema_version(c, data)
    quarters = c.integer(data, "quarters", "", 4, 12, default=6)
    briefing = c.table(data.get("briefing", MISSING), "briefing")
    c.known_fields(briefing, "briefing", ("organisation", "situation"))
    start = c.table(data.get("start", MISSING), "start")
    c.known_fields(start, "start", _START_FIELDS)
    start_metrics, baseline = _start_metrics(c, start)
    budget, envelopes = _budget(c, start)
    rules = _rules(c, data)
    goals = _goals(c, data)
    initiatives = read_initiatives(
        c,
        c.items(data, "initiatives", ""),
        c.words(data, "retired_initiatives", "", None, "an initiative id"),
    )
    frameworks = _frameworks(c, data)
    initiatives, standards = local_catalogues(initiatives, read_standards(c), frameworks)
    archetypes = read_archetypes(c, quarters, frameworks)
    incidents = _incidents(c, data, quarters, schema)
    injects = _injects(c, data, archetypes, quarters)
    hints = _hints(c, data, quarters)
    roadmap = _reference_roadmap(c, data, quarters, initiatives)
    reference_standards = _reference_standards(c, data, standards)
    check_references(c, incidents, injects, initiatives, standards, quarters)
    scenario = Scenario(
        id=c.get(data, "id", "", str, "an id of lowercase letters, digits and -", check=is_ident),
        title=c.text(data, "title", ""),
        industry=c.choice(data, "industry", "", INDUSTRIES),
        difficulty=c.choice(data, "difficulty", "", DIFFICULTIES),
        quarters=quarters,
        summary=c.text(data, "summary", ""),
        organisation=c.text(briefing, "organisation", "briefing"),
        situation=c.text(briefing, "situation", "briefing"),
        goals=goals,
        start_metrics=start_metrics,
        baseline=baseline,
        budget=budget,
        envelopes=envelopes,
        action_points=c.integer(start, "action_points", "start", 1, 6),
        value_per_quarter=c.integer(start, "value_per_quarter", "start", 0, 500),
        rules=rules,
        incidents=incidents,
        injects=injects,
        initiatives=initiatives,
        standards=standards,
        hints=hints,
        reference_roadmap=roadmap,
        digest=scenario_digest(data),
        source=source,
        frameworks=frameworks,
        reference_standards=reference_standards,
    )
    if c.issues:  # every field has been read, so this is the whole list
        raise ScenarioError(c.issues)
    return scenario


def _frameworks(c: Checker, data: Mapping[str, Any]) -> tuple[str, ...]:
    """The frameworks this organisation's charter may cite (all of them when not given)."""
    if "frameworks" not in data:
        return FRAMEWORKS
    chosen = c.words(data, "frameworks", "", FRAMEWORKS, "a framework id")
    if not chosen and isinstance(data["frameworks"], list) and not data["frameworks"]:
        c.fail("frameworks", f"at least one of {', '.join(FRAMEWORKS)}", data["frameworks"])
    return chosen


def _schema_version(c: Checker, data: Mapping[str, Any]) -> int:
    """The file's schema; an unknown one is reported and read as the current schema."""
    schema: int = c.get(
        data,
        "schema_version",
        "",
        int,
        " or ".join(str(v) for v in SCHEMA_VERSIONS),
        check=lambda v: v in SCHEMA_VERSIONS,
    )
    if schema not in SCHEMA_VERSIONS:
        schema = SCHEMA_VERSION
    return schema


def _start_metrics(c: Checker, start: Mapping[str, Any]) -> tuple[dict[str, int], dict[str, int]]:
    """Where every metric starts, and where it drifts with no investment (start - 5 unless
    given)."""
    start_metrics = c.int_map(
        start, "metrics", "start", METRICS, 0, 100, required=True, complete=True
    )
    baseline = c.int_map(start, "baseline", "start", METRICS, 0, 100)
    baseline = {m: baseline.get(m, max(0, start_metrics.get(m, 50) - 5)) for m in METRICS}
    return start_metrics, baseline


def _budget(c: Checker, start: Mapping[str, Any]) -> tuple[int, dict[str, int]]:
    """The budget per quarter and its split into the roles' envelopes, which must add up."""
    budget = c.integer(start, "budget", "start", 1, 500)
    envelopes = c.int_map(start, "envelopes", "start", ROLES, 0, 500, required=True, complete=True)
    if envelopes and len(envelopes) == len(ROLES) and sum(envelopes.values()) != budget:
        c.fail(
            "start.envelopes",
            f"envelopes adding up to start.budget ({budget})",
            InWords(f"a sum of {sum(envelopes.values())}"),
        )
    return budget, envelopes


def _rules(c: Checker, data: Mapping[str, Any]) -> Rules:
    """The rule constants the scenario overrides; the rest keep their defaults."""
    rules_t = c.table(data.get("rules", {}), "rules")
    defaults = Rules()
    c.known_fields(rules_t, "rules", tuple(f.name for f in fields(Rules)))
    rules = Rules(
        max_random_incidents=c.integer(
            rules_t, "max_random_incidents", "rules", 0, 5, default=defaults.max_random_incidents
        ),
        min_owner_share=c.number(
            rules_t, "min_owner_share", "rules", 0.0, 0.5, default=defaults.min_owner_share
        ),
        cross_role_investigate_ap=c.integer(
            rules_t,
            "cross_role_investigate_ap",
            "rules",
            1,
            6,
            default=defaults.cross_role_investigate_ap,
        ),
        metric_pull=c.number(
            rules_t, "metric_pull", "rules", 0.1, 1.0, default=defaults.metric_pull
        ),
        notify_cost=c.integer(rules_t, "notify_cost", "rules", 0, 20, default=defaults.notify_cost),
        clock_miss_fine=c.integer(
            rules_t, "clock_miss_fine", "rules", 0, 50, default=defaults.clock_miss_fine
        ),
        free_shares=c.integer(rules_t, "free_shares", "rules", 0, 10,
                              default=defaults.free_shares),
        share_ap=c.integer(rules_t, "share_ap", "rules", 0, 3, default=defaults.share_ap),
        carry_over=c.number(rules_t, "carry_over", "rules", 0.0, 10.0,
                            default=defaults.carry_over),
        transfer_cap=c.integer(rules_t, "transfer_cap", "rules", 0, 500,
                               default=defaults.transfer_cap),
    )
    return rules


def _goals(c: Checker, data: Mapping[str, Any]) -> tuple[GoalSpec, ...]:
    goals: list[GoalSpec] = []
    goal_items = c.items(data, "goals", "", required=True)
    if goal_items and not 1 <= len(goal_items) <= 6:
        c.fail("goals", "1 to 6 goals", goal_items)
    for i, raw in enumerate(goal_items):
        p = f"goals[{i}]"
        t = c.table(raw, p)
        c.known_fields(t, p, ("id", "text", "kind", "metric", "target"))
        kind = c.choice(t, "kind", p, ("value", "metric"))
        goals.append(
            GoalSpec(
                id=c.get(t, "id", p, str, "an id of letters, digits and -", check=is_ident),
                text=c.text(t, "text", p),
                kind=kind,
                target=c.integer(t, "target", p, 0, 10_000 if kind == "value" else 100),
                metric=c.choice(t, "metric", p, METRICS) if kind == "metric" else "",
            )
        )
    return tuple(goals)


def _incidents(
    c: Checker, data: Mapping[str, Any], quarters: int, schema: int
) -> dict[str, IncidentSpec]:
    """Each incident read, then checked against the rules that make it teach pooling."""
    incidents: dict[str, IncidentSpec] = {}
    incident_items = c.items(data, "incidents", "", required=True)
    if isinstance(data.get("incidents"), list) and len(incident_items) < 3:
        c.fail("incidents", "at least 3 incidents", incident_items)
    for i, raw in enumerate(incident_items):
        inc = read_incident(c, raw, f"incidents[{i}]", quarters, schema)
        if inc.id in incidents:
            c.fail(f"incidents[{i}].id", "an id unique among incidents",
                   InWords(f'a second "{inc.id}"'))
        incidents[inc.id] = inc
        check_incident(c, inc, f"incidents[{i}]", schema)
    return incidents


def _injects(
    c: Checker, data: Mapping[str, Any], archetypes: Mapping[str, InjectSpec], quarters: int
) -> dict[str, InjectSpec]:
    """The default archetypes, then the scenario's own injects (one with an archetype's id
    replaces it)."""
    injects: dict[str, InjectSpec] = dict(archetypes)
    for i, raw in enumerate(c.items(data, "injects", "")):
        inj = read_inject(c, raw, f"injects[{i}]", archetypes, quarters)
        if inj.id in injects and inj.id not in archetypes:
            c.fail(f"injects[{i}].id", "an id unique among injects",
                   InWords(f'a second "{inj.id}"'))
        injects[inj.id] = inj
    return injects


def _hints(c: Checker, data: Mapping[str, Any], quarters: int) -> tuple[HintSpec, ...]:
    hints: list[HintSpec] = []
    for i, raw in enumerate(c.items(data, "hints", "")):
        p = f"hints[{i}]"
        t = c.table(raw, p)
        c.known_fields(t, p, ("quarter", "text"))
        hints.append(
            HintSpec(quarter=c.integer(t, "quarter", p, 0, quarters), text=c.text(t, "text", p))
        )
    return tuple(hints)


def _reference_roadmap(
    c: Checker, data: Mapping[str, Any], quarters: int, initiatives: Mapping[str, InitiativeSpec]
) -> tuple[RoadmapTarget, ...]:
    """The facilitator's model answer, or the default one when the file gives none."""
    roadmap: list[RoadmapTarget] = []
    for i, raw in enumerate(c.items(data, "reference_roadmap", "")):
        p = f"reference_roadmap[{i}]"
        t = c.table(raw, p)
        c.known_fields(t, p, ("initiative", "level", "quarter", "owner", "kpi"))
        roadmap.append(
            RoadmapTarget(
                initiative=c.choice(t, "initiative", p, tuple(initiatives)),
                level=c.choice(t, "level", p, LEVELS),
                quarter=c.integer(t, "quarter", p, 0, quarters),
                owner=c.choice(t, "owner", p, ROLES),
                kpi=c.get(t, "kpi", p, str, "a string", default=""),
            )
        )
    if not roadmap:
        roadmap = list(_default_reference_roadmap(quarters, initiatives))
    return tuple(roadmap)


def _reference_standards(
    c: Checker, data: Mapping[str, Any], standards: Mapping[str, StandardSpec]
) -> dict[str, str]:
    """The playbook's standards: for each seat that proposes one in setup, the standard."""
    raw = data.get("reference_standards", MISSING)
    if raw is MISSING:
        return {}
    t = c.table(raw, "reference_standards")
    c.known_fields(t, "reference_standards", ROLES)
    out: dict[str, str] = {}
    for role in ROLES:
        if role not in t:
            continue
        ident = c.choice(t, role, "reference_standards", tuple(standards))
        spec = standards.get(ident)
        if spec is None:
            continue
        if role not in spec.disciplines:
            c.fail(f"reference_standards.{role}",
                   f"a standard {role} can own (one of "
                   f"{', '.join(i for i, s in standards.items() if role in s.disciplines)})",
                   ident)
        elif ident in out.values():
            c.fail(f"reference_standards.{role}", "a standard no other seat proposes", ident)
        else:
            out[role] = ident
    return out


def _default_reference_roadmap(
    quarters: int, initiatives: Mapping[str, InitiativeSpec]
) -> tuple[RoadmapTarget, ...]:
    """The default: crawl on visibility first, walk on contracts and lineage, run last."""
    plan = [
        ("I1", "crawl", 1, "finops", "cost_efficiency>=50"),
        ("I7", "crawl", 1, "mlops", "governance>=45"),
        ("I5", "crawl", 1, "dataops", "data_trust>=50"),
        ("I11", "crawl", 1, "finops", "governance>=50"),
        ("I12", "crawl", 2, "dataops", "team_capability>=50"),
        ("I1", "walk", 2, "finops", "cost_efficiency>=55"),
        ("I7", "walk", 2, "mlops", "model_reliability>=50"),
        ("I4", "crawl", 3, "dataops", "data_trust>=55"),
        ("I6", "crawl", 3, "dataops", "governance>=55"),
        ("I3", "crawl", 3, "finops", "cost_efficiency>=60"),
        ("I9", "crawl", 3, "mlops", "model_reliability>=55"),
        ("I2", "crawl", 4, "finops", "cost_efficiency>=60"),
        ("I6", "walk", 4, "dataops", "governance>=60"),
        ("I9", "walk", 4, "mlops", "model_reliability>=60"),
        ("I8", "crawl", 5, "mlops", "delivery_velocity>=55"),
        ("I10", "crawl", 5, "finops", "business_value>=60"),
    ]
    return tuple(
        RoadmapTarget(initiative=i, level=lvl, quarter=min(q, quarters), owner=o, kpi=k)
        for i, lvl, q, o, k in plan
        if i in initiatives
    )


def scenario_digest(data: Mapping[str, Any]) -> str:
    """A short, stable fingerprint of a scenario's content, pinned in game records."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]
