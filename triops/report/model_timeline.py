"""The report model's timeline: incidents, injects, decisions, teamwork and results, quarter by
quarter, read from a team's evidence ledger."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from triops.game.model.state import GameState, Team
from triops.game.model.vocab import counted
from triops.game.scenario.model import Scenario
from triops.game.scoring.objectives import RoadmapChange, roadmap_changes
from triops.report.model_incidents import _outcome_line
from triops.report.model_wording import _incident_title, _initiative, _int, _standard, _strings

Plain = dict[str, Any]
Line = tuple[str, str, str]  # kind, text, tone
Detail = Mapping[str, Any]

# The ledger entries counted as teamwork, and what each adds to its quarter's tally.
_TEAMWORK = {"share_clue": "shared", "investigate": "investigated", "transfer": "moved"}
# Within a quarter: injects first, then incidents, teamwork, decisions, events, the result.
_ORDER = {"inject": 0, "incident": 1, "teamwork": 2, "decision": 3, "event": 4, "result": 5}


def _timeline(state: GameState, team: Team, facilitator: bool = False) -> list[Plain]:
    """Incidents, injects and decisions, quarter by quarter, from the evidence ledger."""
    s = state.scenario
    reveal = state.phase == "ended" or facilitator
    changes = iter(roadmap_changes(team))  # the ledger and the revisions keep one order
    items: list[Plain] = []
    work: dict[int, dict[str, int]] = {}
    for e in team.ledger:
        if e.kind in _TEAMWORK:
            _tally_teamwork(work.setdefault(e.quarter, {}), e.kind, e.detail)
            continue
        line = (_incident_line(s, e.kind, e.detail, reveal)
                or _decision_line(s, e.kind, e.detail, changes)
                or _event_line(s, e.kind, e.detail))
        if line is not None:
            items.append(_item(e.quarter, *line))
    items += [_item(q, "teamwork", _teamwork_text(counts)) for q, counts in work.items()]
    items += [_item(h.quarter, "result", f"End of Q{h.quarter}: outcome {h.outcome}, value "
                    f"delivered so far {h.value} cr.") for h in team.history if h.quarter > 0]
    items.sort(key=lambda i: (i["quarter"], _ORDER.get(i["kind"], 9)))
    return items


def _item(quarter: int, kind: str, text: str, tone: str = "neutral") -> Plain:
    return {"quarter": quarter, "kind": kind, "text": text, "tone": tone}


def _tally_teamwork(counts: dict[str, int], kind: str, d: Detail) -> None:
    """Clues shared and investigations count one each; a transfer counts its credits."""
    key = _TEAMWORK[kind]
    counts[key] = counts.get(key, 0) + (_int(d.get("amount")) if kind == "transfer" else 1)


def _teamwork_text(counts: dict[str, int]) -> str:
    parts = []
    if counts.get("shared"):
        parts.append(counted(counts["shared"], "clue shared", "clues shared"))
    if counts.get("investigated"):
        parts.append(counted(counts["investigated"], "investigation"))
    if counts.get("moved"):
        parts.append(f"{counts['moved']} cr moved between seats")
    return "Teamwork: " + ", ".join(parts) + "."


def _incident_line(s: Scenario, kind: str, d: Detail, reveal: bool) -> Line | None:
    """An incident opened, came back or was judged; an inject arrived."""
    if kind == "incident_opened":
        return ("incident", f"New incident: {_incident_title(s, d)} (severity "
                f"{_int(d.get('severity'))}).", "negative")
    if kind == "incident_recurred":
        return ("incident", f"{_incident_title(s, d)} came back (severity "
                f"{_int(d.get('severity'))}): the earlier fix treated the symptom.", "negative")
    if kind == "incident_outcome":
        return ("incident", *_outcome_line(s, d, reveal))
    if kind == "inject_received":
        return ("inject", f"Inject: {d.get('title', '')}.", "neutral")
    return None


def _decision_line(s: Scenario, kind: str, d: Detail,
                   changes: Iterator[RoadmapChange]) -> Line | None:
    """A decision of the team: funding, its artefacts, its standards, a notification."""
    if kind == "initiative_funded":
        return _funding_line(s, d)
    if kind == "roadmap":
        return _roadmap_line(d, changes)
    if kind == "charter":
        if d.get("revision"):
            return ("decision", f"Charter revised: “{d.get('reason', '')}”.", "positive")
        return ("decision", "Committee charter drafted.", "neutral")
    if kind == "standard_proposed":
        return ("decision", f"Standard proposed: {_standard(s, str(d.get('standard')))} "
                f"({d.get('mechanism')}).", "neutral")
    if kind == "standard_adopted":
        return ("decision", f"Standard adopted: {_standard(s, str(d.get('standard')))}.",
                "positive")
    if kind == "standard_withdrawn":
        return ("decision", f"Standard withdrawn: {_standard(s, str(d.get('standard')))}.",
                "neutral")
    if kind == "notify":
        via = " through the committee" if d.get("committee") else ""
        return ("decision", f"Stakeholders notified{via} about {_incident_title(s, d)}.",
                "positive")
    return None


def _funding_line(s: Scenario, d: Detail) -> Line:
    missing = _strings(d.get("prerequisites_missing"))
    name = _initiative(s, str(d.get("initiative", "")))
    text = f"Funded {name} at {d.get('level')} ({_int(d.get('cost'))} cr)."
    if missing:
        text += f" No effect until {', '.join(missing)} is in place."
    return ("decision", text, "negative" if missing else "positive")


def _roadmap_line(d: Detail, changes: Iterator[RoadmapChange]) -> Line:
    """A draft, or a revision: cosmetic when no line of the plan changed."""
    if not d.get("revision"):
        return ("decision", f"Roadmap drafted ({_int(d.get('entries'))} lines).", "neutral")
    change = next(changes, None)
    cosmetic = change is not None and not change.material
    return ("decision", f"Roadmap revised: “{d.get('reason', '')}”"
            + (" (cosmetic: no line of the plan changed)." if cosmetic else "."),
            "neutral" if cosmetic else "positive")


def _event_line(s: Scenario, kind: str, d: Detail) -> Line | None:
    """What happened to the team: pooling, missed upkeep, deadlines."""
    if kind == "budget_pooled":
        return ("event", "Budget pooling in force: one team pool.", "positive")
    if kind == "upkeep_missed":
        return ("event", f"Upkeep missed: {_initiative(s, str(d.get('initiative')))} lost "
                f"its {d.get('level')} level.", "negative")
    if kind in ("deadline_met", "deadline_missed"):
        met = kind == "deadline_met"
        return ("event", f"Deadline {'met' if met else 'missed'}: {d.get('title', '')}.",
                "positive" if met else "negative")
    if kind == "clock_missed":
        return ("event", f"Regulator's deadline missed on {_incident_title(s, d)}.",
                "negative")
    return None
