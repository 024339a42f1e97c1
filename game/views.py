"""Per-recipient views: exactly what a seat, the facilitator or a spectator may see.

Redaction happens here and nowhere else. A seat sees its team's shared state, its own private
signals and clues, and clues made common by sharing or the dashboard; never another seat's
private clues, the class of a response before it is judged, the right diagnosis before the
review, or a silently scheduled recurrence. The facilitator sees everything; a spectator sees
the leaderboard, headline metrics and the public ticker.
"""

from __future__ import annotations

from typing import Any

from game.clues import existing_clues, visible_clues
from game.codec import to_plain
from game.effects import (
    bought_rank,
    charter_problems,
    committee_active,
    dashboard_roles,
    effective_rank,
    investigate_cost,
    missing_prerequisites,
    next_level_cost,
    upkeep_due,
)
from game.scoring import goals_met, outcome_score
from game.seat_rules import min_share, owner_shortfall, response_problems
from game.state import GameState, IncidentState, Team
from game.teams import credits_held
from game.vocab import LEVELS, ROLES, SEAMS

# The seam maturity indicator (GAME.md, "Metrics"): the lower of two initiatives' levels.
SEAM_INITIATIVES = {
    "data-ml": ("I4", "I9"),
    "ml-fin": ("I3", "I7"),
    "data-fin": ("I1", "I2"),
    "governance": ("I11", "I6"),
}


def seat_view(state: GameState, team_id: str, role: str) -> dict[str, Any]:
    team = state.team(team_id)
    return {
        "kind": "seat",
        "game": _game(state),
        "you": {"team": team.id, "team_name": team.name, "role": role,
                "name": team.seats[role].name},
        "briefing": _briefing(state),
        "team": _team(state, team, role),
        "private": _private_signals(state, team, role),
        "leaderboard": leaderboard(state),
    }


def facilitator_view(state: GameState) -> dict[str, Any]:
    return {
        "kind": "facilitator",
        "game": _game(state),
        "briefing": _briefing(state),
        "teams": [_team(state, team, None) for team in state.teams],
        "leaderboard": leaderboard(state),
        "schedule": to_plain(state.schedule),
        "library": [
            {"id": i.id, "title": i.title, "narrative": i.narrative, "scheduled": i.scheduled,
             "effects": to_plain(i.effects)}
            for i in (*state.scenario.injects.values(), *state.custom_injects.values())
        ],
        "overrides": to_plain(state.overrides),
        "ticker": list(state.ticker),
    }


def spectator_view(state: GameState) -> dict[str, Any]:
    return {
        "kind": "spectator",
        "game": _game(state),
        "leaderboard": leaderboard(state),
        "teams": [
            {"id": t.id, "name": t.name, "metrics": dict(t.metrics), "value": t.value,
             "history": [{"quarter": h.quarter, "metrics": dict(h.metrics), "value": h.value,
                          "outcome": h.outcome} for h in t.history]}
            for t in state.teams
        ],
        "ticker": list(state.ticker),
    }


def _game(state: GameState) -> dict[str, Any]:
    s = state.scenario
    return {
        "scenario": s.id, "title": s.title, "industry": s.industry,
        "difficulty": state.difficulty, "quarter": state.quarter, "quarters": s.quarters,
        "phase": state.phase, "paused": state.paused, "deadline": state.deadline,
        "paused_remaining": state.paused_remaining, "version": state.version,
        "phase_seq": state.phase_seq,
        "teams": [{"id": t.id, "name": t.name} for t in state.teams],
    }


def _briefing(state: GameState) -> dict[str, Any]:
    s = state.scenario
    return {
        "organisation": s.organisation, "situation": s.situation, "summary": s.summary,
        "goals": [to_plain(g) for g in s.goals],
        "hints": [to_plain(h) for h in s.hints if h.quarter <= state.quarter]
        if state.difficulty == "novice" else [],
    }


def leaderboard(state: GameState) -> list[dict[str, Any]]:
    final = state.phase == "ended"
    rows: list[dict[str, Any]] = [
        {"team": t.id, "name": t.name, "value": t.value,
         "outcome": outcome_score(t, state.scenario, state.quarter, final=final),
         "history": [h.outcome for h in t.history]}
        for t in state.teams
    ]
    rows.sort(key=lambda r: (-r["outcome"], r["name"]))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows


def _team(state: GameState, team: Team, role: str | None) -> dict[str, Any]:
    """The team as one seat sees it, or, with role None, as the facilitator sees it."""
    scenario = state.scenario
    q = state.quarter
    return {
        "id": team.id,
        "name": team.name,
        "seats": {r: to_plain(s) for r, s in team.seats.items()},
        "metrics": dict(team.metrics),
        "history": [to_plain(h) for h in team.history],
        "value": team.value,
        "goals": goals_met(team, scenario),
        "budget": {"envelopes": dict(team.envelopes), "pool": team.pool,
                   "held": credits_held(team)},
        "initiatives": [_initiative(state, team, ident) for ident in scenario.initiatives],
        "incidents": [_incident(state, team, inc, role) for inc in team.incidents.values()],
        "roadmap": [to_plain(e) for e in team.roadmap],
        "roadmap_revisions": [to_plain(r) for r in team.roadmap_revisions],
        "charter": to_plain(team.charter) if team.charter else None,
        "charter_problems": charter_problems(team.charter),
        "committee_active": committee_active(team, scenario, q),
        "standards": [to_plain(p) for p in team.standards.values()],
        "chat": [to_plain(m) for m in team.chat],
        "reports": {str(k): list(v) for k, v in team.reports.items()},
        "seams": {seam: _seam(state, team, seam) for seam in SEAMS},
        "dashboard_roles": list(dashboard_roles(team, scenario, q)),
        "modifiers": [{"inject": m.inject, "until": m.until, "kind": m.effect.kind}
                      for m in team.modifiers],
        "clocks": [{"inject": c.inject, "title": c.effect.title, "due": c.due,
                    "status": c.status} for c in team.clocks],
        "investigate_cross_ap": investigate_cost(team, scenario, False, q),
        **({"ledger": [to_plain(e) for e in team.ledger],
            "treasury": [to_plain(e) for e in team.treasury]} if role is None else {}),
    }


def _seam(state: GameState, team: Team, seam: str) -> str:
    a, b = SEAM_INITIATIVES[seam]
    rank = min(effective_rank(team, state.scenario, a, state.quarter),
               effective_rank(team, state.scenario, b, state.quarter))
    return LEVELS[rank - 1] if rank else "none"


def _initiative(state: GameState, team: Team, ident: str) -> dict[str, Any]:
    scenario = state.scenario
    spec = scenario.initiatives[ident]
    q = state.quarter
    rank = bought_rank(team, ident)
    current = team.initiatives.get(ident)
    cost = next_level_cost(team, scenario, ident, q)
    nxt = None
    if cost is not None:
        level = LEVELS[rank]
        nxt = {"level": level, "cost": cost, "upkeep": spec.levels[level].upkeep,
               "delay": spec.levels[level].delay, "effects": dict(spec.levels[level].effects),
               "pledges": dict(current.pledges) if current else {},
               "min_share": min_share(scenario, cost) if len(spec.owners) > 1 else 0,
               "owners_short": owner_shortfall(team, scenario, ident, cost),
               "bought_this_quarter": bool(current and current.bought
                                           and current.bought[-1] == q)}
    return {
        "id": ident, "name": spec.name, "summary": spec.summary, "owners": list(spec.owners),
        "discipline": spec.discipline, "concept": spec.concept, "anchor": spec.anchor,
        "level": LEVELS[rank - 1] if rank else "none",
        "effective": LEVELS[r - 1] if (r := effective_rank(team, scenario, ident, q)) else "none",
        "upkeep": upkeep_due(team, scenario, ident, q),
        "prerequisites": [{"condition": c.text,
                           "met": c.text not in _missing(state, team, ident)}
                          for c in spec.prerequisites],
        "needs_charter": spec.needs_charter,
        "next": nxt,
    }


def _missing(state: GameState, team: Team, ident: str) -> tuple[str, ...]:
    return missing_prerequisites(team, state.scenario, ident, state.quarter)


def _incident(
    state: GameState, team: Team, inc: IncidentState, role: str | None
) -> dict[str, Any]:
    scenario = state.scenario
    spec = scenario.incidents[inc.spec]
    q = state.quarter
    facilitator = role is None
    status = "resolved" if inc.status == "dormant" and not facilitator else inc.status
    out: dict[str, Any] = {
        "id": inc.id, "spec": spec.id, "title": spec.title, "severity": inc.severity,
        "seams": list(spec.seams), "tags": list(spec.tags), "opened": inc.opened,
        "status": status, "crisis": inc.crisis, "source": inc.source,
        "clock_due": inc.clock_due, "notified": inc.notified,
        "diagnosis": inc.diagnosis, "diagnosis_by": inc.diagnosis_by,
        "response": inc.response, "response_by": inc.response_by,
        "reserved": {"cr": dict(inc.reserved_cr), "ap": dict(inc.reserved_ap)},
        "anchor": spec.anchor,
        "hint": spec.hint if state.difficulty == "novice" or facilitator
        or team.metrics["team_capability"] >= 60 else "",
    }
    judged = {o.diagnosis for o in inc.outcomes if o.diagnosis}
    out["diagnoses"] = [
        {"id": d.id, "text": d.text,
         **({"correct": d.correct, "red_herring": d.red_herring, "explanation": d.explanation}
            if facilitator or d.id in judged else {})}
        for d in spec.diagnoses
    ]
    used = {o.response for o in inc.outcomes if o.response}
    out["responses"] = [
        {"id": r.id, "text": r.text, "steps": list(r.steps), "cost": dict(r.cost),
         "ap": dict(r.ap), "requires": [c.text for c in r.requires],
         "prevents_with": r.prevents_with, "effects": dict(r.effects),
         "missing": response_problems(team, scenario, r, q),
         **({"class": r.klass, "explanation": r.explanation}
            if facilitator or r.id in used else {})}
        for r in spec.responses
    ]
    out["outcomes"] = [to_plain(o) for o in inc.outcomes]
    if not facilitator:
        out["outcomes"] = [{**o, "result": "resolved" if o["result"] == "suppressed"
                            else o["result"]} for o in out["outcomes"]]
    clues = existing_clues(team, scenario, spec, q)
    if facilitator:
        out["clues"] = [{"id": c.id, "role": c.role, "text": c.text, "when": c.when,
                         "suggests": c.suggests, "found_by": list(inc.found.get(c.id, ())),
                         "shared": c.id in inc.shared} for c in clues]
        out["recur_at"] = inc.recur_at
        return out
    assert role is not None
    seen = visible_clues(team, scenario, inc, role, q)
    # `suggests` is the cause a clue points to, as a practitioner would read it; a red
    # herring points somewhere wrong, so only pooled clues settle the diagnosis.
    out["clues"] = [{"id": c.id, "role": c.role, "text": c.text, "source": seen[c.id],
                     "suggests": c.suggests, "shared": c.id in inc.shared}
                    for c in clues if c.id in seen]
    if inc.open:
        out["investigable"] = [
            {"id": c.id, "role": c.role, "ap": investigate_cost(team, scenario, c.role == role, q)}
            for c in clues if c.id not in seen and (c.role != role or c.when == "investigate")
        ]
    return out


def _private_signals(state: GameState, team: Team, role: str) -> dict[str, Any]:
    """The role's own dashboard: signals the other seats do not get (GAME.md, "Roles")."""
    scenario = state.scenario
    q = state.quarter

    def rank(ident: str) -> int:
        return effective_rank(team, scenario, ident, q) if ident in scenario.initiatives else 0

    open_tags = [t for inc in team.incidents.values() if inc.open
                 for t in scenario.incidents[inc.spec].tags]
    m = team.metrics
    if role == "dataops":
        return {
            "freshness_slo_met_pct": min(99, m["data_trust"] + 10 * rank("I5")),
            "contract_coverage_pct": (0, 35, 70, 90)[rank("I4")],
            "lineage_coverage_pct": (10, 40, 70, 90)[rank("I6")],
            "open_data_alerts": sum(1 for t in open_tags if t in ("schema", "quality", "volume")),
        }
    if role == "mlops":
        return {
            "models_monitored_pct": (15, 50, 80, 95)[rank("I9")],
            "models_in_registry_pct": (30, 60, 90, 100)[rank("I7")],
            "drift_alerts": sum(1 for t in open_tags if t == "drift"),
            "release_automation_pct": (10, 40, 70, 90)[rank("I8")],
        }
    spend = [e for e in team.treasury if e.amount < 0]
    by_kind: dict[str, int] = {}
    for e in spend:
        by_kind[e.kind] = by_kind.get(e.kind, 0) - e.amount
    return {
        "allocated_spend_pct": (35, 55, 80, 92)[rank("I1")],
        "forecast_variance_pct": 25 - 5 * rank("I2"),
        "unit_cost_visible": rank("I3") > 0,
        "cost_anomalies": sum(1 for t in open_tags if t == "cost-spike"),
        "spend_by_kind": by_kind,
    }


def view_for(state: GameState, viewer: str, team_id: str = "", role: str = "") -> dict[str, Any]:
    """One entry point: viewer is "seat", "facilitator" or "spectator"."""
    if viewer == "seat":
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        return seat_view(state, team_id, role)
    if viewer == "facilitator":
        return facilitator_view(state)
    return spectator_view(state)
