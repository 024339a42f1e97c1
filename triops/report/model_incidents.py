"""The report model's incidents: the line told for an incident's outcome, the real cases behind
the incidents, the debrief cards and the room table."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from triops.game.model.state import GameState, Team
from triops.game.model.vocab import OUTCOME_TEXT, plan_class_words
from triops.game.scenario.anchors import anchor_kind
from triops.game.scenario.model import Scenario
from triops.game.scoring.debrief import debrief_cards
from triops.report.model_wording import _first, _incident_title, _lower

Plain = dict[str, Any]


_RESULT = {"resolved": "resolved", "partial": "partly contained", "over": "resolved at a heavy "
           "price elsewhere", "escalated": "escalated", "crisis": "became a crisis"}


def _outcome_line(s: Scenario, d: Mapping[str, Any], reveal: bool) -> tuple[str, str]:
    title = _incident_title(s, d)
    spec = s.incidents.get(str(d.get("spec", "")))
    parts = [f"{title}:"]
    diagnosis = d.get("diagnosis")
    if diagnosis:
        verdict = "right" if d.get("correct") else "wrong"
        parts.append(f"diagnosis {verdict};")
    else:
        parts.append("no diagnosis;")
    response = d.get("response")
    option = spec.response(str(response)) if spec and response else None
    klass = str(d.get("class") or "")
    result = str(d.get("result", ""))
    if option is not None:
        words = plan_class_words(klass, False if result == "contained" else None)
        reason = str(d.get("reason") or "").strip()
        why = f", because “{reason}”" if reason else ", no justification given"
        parts.append(f"response “{_first(option.text)}” ({words}){why};")
    else:
        parts.append("nothing done;")
    if result == "suppressed":
        parts.append("the symptom went away, the cause stayed and would come back." if reveal
                     else _lower(OUTCOME_TEXT["suppressed"]))
    elif result == "contained":
        parts.append("contained, not fixed: the plan treats another cause.")
    else:
        parts.append(_RESULT.get(result, result) + ".")
    good = klass == "good" and d.get("correct")
    tone = "positive" if good else ("neutral" if klass in ("good", "partial") else "negative")
    return " ".join(parts), tone


def _cases(state: GameState, teams: Iterable[Team], facilitator: bool = False) -> list[Plain]:
    """The real case or framework behind each incident the teams met, once each, in the
    order they first opened. A team's report (like its seats) names an incident's case once
    the incident is resolved or the game has ended; the facilitator's names every one.

    Read from the evidence ledger (which the facilitator's console also holds), not from the
    incidents: an incident is resolved when its last outcome closed it."""
    s = state.scenario
    ended = state.phase == "ended"
    found: dict[str, Plain] = {}
    for team in teams:
        opened: dict[str, tuple[str, int]] = {}  # instance id -> (spec id, quarter)
        last: dict[str, str] = {}  # instance id -> its last outcome's result
        for e in team.ledger:
            ident = str(e.detail.get("incident", ""))
            if e.kind == "incident_opened":
                spec_id = str(e.detail.get("spec") or ident.split("@")[0])
                opened.setdefault(ident, (spec_id, e.quarter))
            elif e.kind == "incident_outcome":
                last[ident] = str(e.detail.get("result", ""))
            elif e.kind == "incident_recurred":
                last.pop(ident, None)
        for ident, (spec_id, quarter) in opened.items():
            spec = s.incidents.get(spec_id)
            if spec is None or not spec.anchor:
                continue
            if not (facilitator or ended or last.get(ident) in ("resolved", "over")):
                continue
            entry = found.setdefault(spec.id, {
                "incident": spec.id, "title": spec.title, "opened": quarter,
                "kind": anchor_kind(spec.anchor), "anchor": spec.anchor, "teams": []})
            entry["opened"] = min(entry["opened"], quarter)
            if team.name not in entry["teams"]:
                entry["teams"].append(team.name)
    return sorted(found.values(), key=lambda c: (c["opened"], c["incident"]))


def _debrief(state: GameState, teams: Iterable[Team]) -> list[Plain]:
    """The debrief cards (game.debrief), once the game has ended: before that a card would
    tell one team the cause of an incident another team may still have open."""
    return debrief_cards(state.scenario, teams) if state.phase == "ended" else []


def _room(state: GameState) -> list[Plain]:
    """The room table: per incident, how many teams met it, and how many of those misdiagnosed
    it, fell for its red herring, or only treated a symptom. Read from the evidence ledger, so
    the console's rebuilt state gives the same table. The hardest first."""
    s = state.scenario
    rows: dict[str, dict[str, set[str]]] = {}
    for team in state.teams:
        for e in team.ledger:
            if e.kind != "incident_outcome":
                continue
            spec = str(e.detail.get("spec", ""))
            row = rows.setdefault(spec, {k: set() for k in ("met", "wrong", "herring",
                                                            "symptom")})
            row["met"].add(team.name)
            if e.detail.get("correct") is False:
                row["wrong"].add(team.name)
            if e.detail.get("red_herring"):
                row["herring"].add(team.name)
            if e.detail.get("class") == "poor":
                row["symptom"].add(team.name)
    out = [{"incident": spec, "title": s.incidents[spec].title if spec in s.incidents else spec,
            **{k: sorted(v) for k, v in row.items()}} for spec, row in rows.items()]
    return sorted(out, key=lambda r: (-(len(r["wrong"]) + len(r["herring"])
                                        + len(r["symptom"])) / max(1, len(r["met"])),
                                      r["title"]))
