"""The report model's artefacts: the team's roadmap beside the reference (with its revisions and
KPI checks), the governance committee charter and the standards."""

from __future__ import annotations

from typing import Any

from triops.game.model.state import GameState, RoadmapEntry, Team
from triops.game.model.vocab import (
    CHARTER_MEMBERS,
    FRAMEWORK_NAMES,
    LEVEL_RANK,
    METRIC_NAMES,
    ROLE_NAMES,
)
from triops.game.scoring.objectives import (
    KpiCheck,
    RoadmapChange,
    kpi_checks,
    label,
    roadmap_changes,
)

Plain = dict[str, Any]


def _roadmap(state: GameState, team: Team) -> Plain:
    s = state.scenario
    mine: dict[str, list[RoadmapEntry]] = {}
    for line in team.roadmap:
        mine.setdefault(line.initiative, []).append(line)
    reference: dict[str, list[Any]] = {}
    for t in s.reference_roadmap:
        reference.setdefault(t.initiative, []).append(t)
    funded: dict[str, list[str]] = {}
    for e in team.ledger:
        if e.kind == "initiative_funded":
            ident = str(e.detail.get("initiative", ""))
            funded.setdefault(ident, []).append(f"{e.detail.get('level')} Q{e.quarter}")
    rows = []
    for ident, spec in s.initiatives.items():
        if ident not in mine and ident not in reference and ident not in funded:
            continue
        ours = sorted(mine.get(ident, []), key=lambda e: (e.quarter, LEVEL_RANK[e.level]))
        ref = sorted(reference.get(ident, []), key=lambda t: t.quarter)
        rows.append({
            "initiative": ident,
            "name": spec.name,
            "discipline": spec.discipline,
            "team": [_entry(e.level, e.quarter, e.owner, _kpi(e)) for e in ours],
            "reference": [_entry(t.level, t.quarter, t.owner, _kpi_text(t.kpi)) for t in ref],
            "funded": funded.get(ident, []),
            "status": _status(ours, ref),
        })
    changes = iter(roadmap_changes(team))  # one per revision after setup, in order
    return {
        "rows": rows,
        "revisions": [{"quarter": r.quarter, "reason": r.reason or "(setup draft)",
                       "by": ROLE_NAMES.get(r.by, r.by), "lines": len(r.entries),
                       "change": _change_text(next(changes, None)) if r.quarter else ""}
                      for r in team.roadmap_revisions],
        "kpis": [_kpi_check(k) for k in kpi_checks(team, s, state.quarter)],
    }


def _change_text(c: RoadmapChange | None) -> str:
    if c is None:
        return ""
    if not c.material:
        return "cosmetic: only KPI targets nudged" if c.nudged else "cosmetic: no plan change"
    parts = [f"{label} {len(lines)}" for label, lines in (
        ("added", c.added), ("dropped", c.dropped), ("moved", c.moved),
        ("re-targeted", c.retargeted)) if lines]
    return "plan changed: " + ", ".join(parts)


_KPI_STATUS = {"met": "met", "replanned": "missed, re-planned", "pending": "not met by the end",
               "ignored": "missed, left as it was"}


def _kpi_check(k: KpiCheck) -> Plain:
    line = k.line
    status = _KPI_STATUS.get(k.status, k.status)
    if k.when is not None:
        status += f" (Q{k.when})"
    return {"line": f"{line.initiative} {line.level} by Q{line.quarter}",
            "kpi": f"{METRIC_NAMES.get(line.kpi_metric, line.kpi_metric)} ≥ {line.kpi_target}",
            "due": k.due, "best": k.best, "status": k.status, "status_text": status,
            "reason": k.reason}


def _entry(level: str, quarter: int, owner: str, kpi: str) -> str:
    text = f"{level} by Q{quarter} · {ROLE_NAMES.get(owner, owner)}"
    return f"{text} · {kpi}" if kpi else text


def _kpi(e: RoadmapEntry) -> str:
    if not e.kpi_metric:
        return ""
    text = f"{METRIC_NAMES.get(e.kpi_metric, e.kpi_metric)} ≥ {e.kpi_target}"
    return text + (f" (goal “{e.goal}”)" if e.goal else "")


def _kpi_text(kpi: str) -> str:
    metric, sep, target = kpi.partition(">=")
    return f"{METRIC_NAMES.get(metric, metric)} ≥ {target}" if sep else kpi


def _status(ours: list[RoadmapEntry], ref: list[Any]) -> str:
    if not ref:
        return "beyond the reference" if ours else "funded, not planned"
    if not ours:
        return "missing from the plan"
    target = max(ref, key=lambda t: LEVEL_RANK[t.level])
    reached = [e.quarter for e in ours if LEVEL_RANK[e.level] >= LEVEL_RANK[target.level]]
    if not reached:
        return "planned at a lower level"
    return "on time or earlier" if min(reached) <= target.quarter else "later than the reference"


def _charter(team: Team) -> Plain | None:
    c = team.charter
    if c is None:
        return None
    names = {m: label(m) for m in CHARTER_MEMBERS}
    return {
        "members": [names.get(m, m) for m in c.members],
        "chair": names.get(c.chair, c.chair),
        "cadence": c.cadence,
        "decision_rights": [label(r) for r in c.decision_rights],
        "risk_tiering": c.risk_tiering,
        "escalation": [names.get(m, m) for m in c.escalation],
        "decision_log": c.decision_log,
        "raci": [{"decision": label(k), "accountable": names.get(v, v)}
                 for k, v in c.accountable.items()],
        "frameworks": [FRAMEWORK_NAMES.get(f, f) for f in c.frameworks],
        "purpose": c.purpose,
        "revisions": [{"quarter": r.quarter, "reason": r.reason or "(setup draft)",
                       "by": ROLE_NAMES.get(r.by, r.by)} for r in team.charter_revisions],
    }


def _standards(state: GameState, team: Team) -> list[Plain]:
    s = state.scenario
    out = []
    for ident, p in sorted(team.standards.items()):
        spec = s.standards.get(ident)
        out.append({
            "id": ident, "name": spec.name if spec else ident, "spec": spec.spec if spec else "",
            "disciplines": [ROLE_NAMES.get(d, d) for d in (spec.disciplines if spec else ())],
            "owner": ROLE_NAMES.get(p.owner, p.owner), "mechanism": p.mechanism, "kpi": p.kpi,
            "proposed": p.proposed, "adopted": p.adopted,
        })
    return out
