"""The debrief report as plain data: one model, three renderers (Markdown, HTML, JSON).

The JSON export for a learning-management system *is* this model, so every number a
renderer shows is also in the JSON. A team report carries only what that team may see (its own
record plus the public leaderboard); the game report is the facilitator's and carries
everything, per-seat contributions included.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from triops.game.model.state import GameState, RoadmapEntry, Team
from triops.game.model.vocab import (
    CHARTER_MEMBERS,
    FRAMEWORK_NAMES,
    LEVEL_RANK,
    METRIC_CODES,
    METRIC_NAMES,
    METRICS,
    OBJECTIVES,
    OUTCOME_TEXT,
    ROLE_NAMES,
)
from triops.game.rules.peer_review import form as review_form
from triops.game.scenario.anchors import anchor_kind
from triops.game.scenario.model import Scenario
from triops.game.scoring.debrief import debrief_cards
from triops.game.scoring.objectives import (
    CALIBRATION,
    OBJECTIVE_TITLES,
    KpiCheck,
    LeaderboardRow,
    ObjectiveResult,
    RoadmapChange,
    SeatContribution,
    assess,
    assess_people,
    bot_summary,
    has_bot_work,
    kpi_checks,
    label,
    leaderboards,
    level_name,
    people_in,
    roadmap_changes,
    seat_contributions,
)
from triops.game.scoring.score import TIE_BREAK, early_end, goals_met, outcome_score, value_goal
from triops.game.views.review import results as review_results
from triops.report.questions import (
    facilitator_questions,
    learner_questions,
    lesson_facilitator_questions,
)

FORMAT = "triops-debrief"
VERSION = 1

Plain = dict[str, Any]


def build_team_report(state: GameState, team_id: str) -> Plain:
    team = state.team(team_id)
    assessment = assess(state, team_id)
    report: Plain = {
        "format": FORMAT,
        "version": VERSION,
        "kind": "team",
        "game": _game(state),
        "team": _team_header(state, team),
        "outcome": _outcome(state, team),
        "metrics": _metrics(state, [team], average=len(state.teams) > 1),
        "objectives": [_objective(o) for o in assessment.objectives],
        "calibration": assessment.calibration,
        "timeline": _timeline(state, team),
        "cases": _cases(state, [team]),
        "debrief": _debrief(state, [team]),
        "roadmap": _roadmap(state, team),
        "charter": _charter(team),
        "standards": _standards(state, team),
        "leaderboard": _leaderboard(state),
        "people": _people(state, team),
        "peer_review": _peer_review(state, [team.id]),
    }
    report["questions"] = {"learners": learner_questions(report), "facilitator": []}
    return report


def build_game_report(state: GameState) -> Plain:
    teams = []
    for team in state.teams:
        a = assess(state, team.id)
        teams.append({
            **_team_header(state, team),
            "outcome": _outcome(state, team),
            "objectives": [_objective(o) for o in a.objectives],
            "contributions": [_contribution(c) for c in seat_contributions(team)],
            "people": _people(state, team),
            "roadmap": _roadmap(state, team),
            "timeline": _timeline(state, team, facilitator=True),
        })
    report: Plain = {
        "format": FORMAT,
        "version": VERSION,
        "kind": "game",
        "game": _game(state),
        "teams": teams,
        "metrics": _metrics(state, state.teams),
        "calibration": CALIBRATION.get(state.difficulty, CALIBRATION["novice"]),
        "leaderboard": _leaderboard(state),
        "distribution": _distribution(teams),
        "cases": _cases(state, state.teams, facilitator=True),
        "debrief": _debrief(state, state.teams),
        "room": _room(state),
        "persons": _persons(state),
        "peer_review": _peer_review(state, [t.id for t in state.teams]),
        "overrides": [
            {"team": o.team, "team_name": state.team(o.team).name, "objective": o.objective,
             "level": o.level, "comment": o.comment}
            for o in state.overrides
        ],
        "ticker": [{"quarter": t.get("quarter", 0), "text": t.get("text", "")}
                   for t in state.ticker],
    }
    report["questions"] = {"learners": learner_questions(report),
                           "facilitator": lesson_facilitator_questions(report)
                           + facilitator_questions(report)}
    return report


# --- pieces --------------------------------------------------------------------------------


def _contribution(c: SeatContribution) -> Plain:
    return {"role": c.role, "role_name": ROLE_NAMES[c.role], "holder": c.holder,
            "actor": "person" if c.holder == "person" else "bot",
            "name": c.name, "clues_shared": c.clues_shared,
            "investigations": c.investigations,
            "cross_role_investigations": c.cross_role_investigations,
            "diagnoses_proposed": c.diagnoses_proposed,
            "responses_proposed": c.responses_proposed,
            "notifications": c.notifications, "credits_pledged": c.credits_pledged,
            "credits_moved": c.credits_moved, "artefact_edits": c.artefact_edits,
            "chat_messages": c.chat_messages}


def _people(state: GameState, team: Team) -> Plain | None:
    """What the team's persons decided, apart from the bots: their own levels and what the
    bots did. None when no bot decided anything (the team's levels are the persons')."""
    persons = people_in(team) or tuple(s.name for s in team.seats.values()
                                        if s.holder == "human")
    if not has_bot_work(team) or not persons:
        return None
    own = assess_people(state, team.id)
    return {
        "names": list(persons),
        "objectives": [_objective(o) for o in own.objectives],
        "bots": list(bot_summary(team)),
    }


def _persons(state: GameState) -> list[Plain]:
    """Each person's record across every seat they held (a seat move keeps it)."""
    by_name: dict[str, list[Plain]] = {}
    for team in state.teams:
        for c in seat_contributions(team):
            if c.holder == "person" and c.name:
                by_name.setdefault(c.name, []).append(
                    {"team": team.id, "team_name": team.name, **_contribution(c)})
    return [{"name": name, "seats": rows} for name, rows in by_name.items()]


def _game(state: GameState) -> Plain:
    s = state.scenario
    return {
        "scenario": {
            "id": s.id, "title": s.title, "industry": s.industry, "summary": s.summary,
            "organisation": s.organisation, "situation": s.situation,
            "goals": [{"id": g.id, "text": g.text, "kind": g.kind, "metric": g.metric,
                       "target": g.target} for g in s.goals],
        },
        "difficulty": state.difficulty,
        "quarters": s.quarters,
        "seed": state.settings.seed,
        "phase": state.phase,
        "quarter": state.quarter,
        "ended": state.phase == "ended",
        "early_end": early_end(state.teams, s, ended=state.phase == "ended"),
        "tie_break": TIE_BREAK,
        "teams": [{"id": t.id, "name": t.name} for t in state.teams],
        "metric_names": {m: METRIC_NAMES[m] for m in METRICS},
        "metric_codes": {m: METRIC_CODES[m] for m in METRICS},
        "objective_titles": {o: OBJECTIVE_TITLES[o] for o in OBJECTIVES},
        "levels": ["beginning", "developing", "proficient", "exemplary"],
    }


def _team_header(state: GameState, team: Team) -> Plain:
    return {
        "id": team.id,
        "name": team.name,
        "seats": [{"role": r, "role_name": ROLE_NAMES[r], "holder": s.holder, "name": s.name,
                   "bot_level": s.bot_level} for r, s in team.seats.items()],
    }


def _outcome(state: GameState, team: Team) -> Plain:
    s = state.scenario
    met = goals_met(team, s)
    final = state.phase == "ended"
    return {
        "score": outcome_score(team, s, state.quarter, final=final),
        "final": final,
        "value": team.value,
        "value_goal": value_goal(s),
        "goals": [{"id": g.id, "text": g.text, "met": met[g.id],
                   "actual": team.value if g.kind == "value" else team.metrics[g.metric],
                   "target": g.target} for g in s.goals],
        "metrics": dict(team.metrics),
        "history": [{"quarter": h.quarter, "outcome": h.outcome, "value": h.value,
                     "credits": h.credits} for h in team.history],
    }


def _metrics(state: GameState, teams: Iterable[Team], average: bool = False) -> Plain:
    s = state.scenario
    targets = {g.metric: g.target for g in s.goals if g.kind == "metric"}
    series = []
    for team in teams:
        series.append({
            "team": team.id, "name": team.name,
            "values": {m: [[h.quarter, h.metrics[m]] for h in team.history] for m in METRICS},
            "outcome": [[h.quarter, h.outcome] for h in team.history],
            "value": [[h.quarter, h.value] for h in team.history],
        })
    out: Plain = {"metrics": list(METRICS), "targets": targets, "series": series,
                  "quarters": s.quarters}
    if average:
        rows: dict[str, dict[int, list[int]]] = {m: {} for m in METRICS}
        for team in state.teams:
            for h in team.history:
                for m in METRICS:
                    rows[m].setdefault(h.quarter, []).append(h.metrics[m])
        out["average"] = {m: [[q, round(sum(v) / len(v))] for q, v in sorted(by_q.items())]
                          for m, by_q in rows.items()}
    return out


def _objective(o: ObjectiveResult) -> Plain:
    nxt = level_name(o.computed + 1) if o.computed < 4 else ""
    return {
        "id": o.objective,
        "title": o.title,
        "level": o.level,
        "level_name": level_name(o.level),
        "computed": o.computed,
        "computed_name": level_name(o.computed),
        "confirmed": o.confirmed,
        "confirmed_name": level_name(o.confirmed) if o.confirmed else None,
        "comment": o.comment,
        "criteria": [{"level": c.level, "level_name": level_name(c.level), "text": c.text,
                      "met": c.met, "measured": c.measured} for c in o.criteria],
        "evidence": [{"quarter": e.quarter, "decision": e.decision,
                      "consequence": e.consequence, "tone": e.tone, "actor": e.actor,
                      "name": e.name} for e in o.evidence],
        "next_level": nxt,
        "lift": list(o.lift),
    }


def _leaderboard(state: GameState) -> Plain:
    boards = leaderboards(state)

    def row(r: LeaderboardRow) -> Plain:
        return {"rank": r.rank, "team": r.team, "name": r.name, "outcome": r.outcome,
                "value": r.value, "goals_met": r.goals_met, "goals": r.goals,
                "levels": dict(r.levels), "computed": dict(r.computed)}

    last = max(boards) if boards else 0
    return {
        "tie_break": TIE_BREAK,
        "final": [row(r) for r in boards.get(last, ())],
        "final_quarter": last,
        "by_quarter": [{"quarter": q, "rows": [row(r) for r in rows]}
                       for q, rows in sorted(boards.items())],
    }


def _distribution(teams: list[Plain]) -> Plain:
    out: Plain = {}
    for objective in OBJECTIVES:
        counts = [0, 0, 0, 0]
        for t in teams:
            level = next(o["level"] for o in t["objectives"] if o["id"] == objective)
            counts[level - 1] += 1
        out[objective] = counts
    return out


# --- the timeline --------------------------------------------------------------------------

_RESULT = {"resolved": "resolved", "partial": "partly contained", "over": "resolved at a heavy "
           "price elsewhere", "escalated": "escalated", "crisis": "became a crisis"}


def _timeline(state: GameState, team: Team, facilitator: bool = False) -> list[Plain]:
    """Incidents, injects and decisions, quarter by quarter, from the evidence ledger."""
    s = state.scenario
    ended = state.phase == "ended"
    items: list[Plain] = []

    def add(quarter: int, kind: str, text: str, tone: str = "neutral") -> None:
        items.append({"quarter": quarter, "kind": kind, "text": text, "tone": tone})

    work: dict[int, dict[str, int]] = {}
    changes = iter(roadmap_changes(team))
    for e in team.ledger:
        d = e.detail
        q = e.quarter
        if e.kind in ("share_clue", "investigate", "transfer"):
            bucket = work.setdefault(q, {})
            key = {"share_clue": "shared", "investigate": "investigated", "transfer": "moved"}
            bucket[key[e.kind]] = bucket.get(key[e.kind], 0) + (
                _int(d.get("amount")) if e.kind == "transfer" else 1)
        elif e.kind == "incident_opened":
            add(q, "incident", f"New incident: {_incident_title(s, d)} (severity "
                f"{_int(d.get('severity'))}).", "negative")
        elif e.kind == "incident_recurred":
            add(q, "incident", f"{_incident_title(s, d)} came back (severity "
                f"{_int(d.get('severity'))}): the earlier fix treated the symptom.", "negative")
        elif e.kind == "incident_outcome":
            add(q, "incident", *_outcome_line(s, d, ended or facilitator))
        elif e.kind == "inject_received":
            add(q, "inject", f"Inject: {d.get('title', '')}.")
        elif e.kind == "initiative_funded":
            missing = _strings(d.get("prerequisites_missing"))
            name = _initiative(s, str(d.get("initiative", "")))
            text = f"Funded {name} at {d.get('level')} ({_int(d.get('cost'))} cr)."
            if missing:
                text += f" No effect until {', '.join(missing)} is in place."
            add(q, "decision", text, "negative" if missing else "positive")
        elif e.kind == "roadmap":
            if d.get("revision"):
                change = next(changes, None)  # the ledger and the revisions keep one order
                cosmetic = change is not None and not change.material
                add(q, "decision", f"Roadmap revised: “{d.get('reason', '')}”"
                    + (" (cosmetic: no line of the plan changed)." if cosmetic else "."),
                    "neutral" if cosmetic else "positive")
            else:
                add(q, "decision", f"Roadmap drafted ({_int(d.get('entries'))} lines).")
        elif e.kind == "charter":
            if d.get("revision"):
                add(q, "decision", f"Charter revised: “{d.get('reason', '')}”.", "positive")
            else:
                add(q, "decision", "Committee charter drafted.")
        elif e.kind == "standard_proposed":
            add(q, "decision", f"Standard proposed: {_standard(s, str(d.get('standard')))} "
                f"({d.get('mechanism')}).")
        elif e.kind == "standard_adopted":
            add(q, "decision", f"Standard adopted: {_standard(s, str(d.get('standard')))}.",
                "positive")
        elif e.kind == "standard_withdrawn":
            add(q, "decision", f"Standard withdrawn: {_standard(s, str(d.get('standard')))}.")
        elif e.kind == "notify":
            via = " through the committee" if d.get("committee") else ""
            add(q, "decision", f"Stakeholders notified{via} about "
                f"{_incident_title(s, d)}.", "positive")
        elif e.kind == "budget_pooled":
            add(q, "event", "Budget pooling in force: one team pool.", "positive")
        elif e.kind == "upkeep_missed":
            add(q, "event", f"Upkeep missed: {_initiative(s, str(d.get('initiative')))} lost "
                f"its {d.get('level')} level.", "negative")
        elif e.kind in ("deadline_met", "deadline_missed"):
            met = e.kind == "deadline_met"
            add(q, "event", f"Deadline {'met' if met else 'missed'}: {d.get('title', '')}.",
                "positive" if met else "negative")
        elif e.kind == "clock_missed":
            add(q, "event", f"Regulator's deadline missed on {_incident_title(s, d)}.",
                "negative")
    for q, counts in work.items():
        parts = []
        if counts.get("shared"):
            parts.append(f"{counts['shared']} clues shared")
        if counts.get("investigated"):
            parts.append(f"{counts['investigated']} investigations")
        if counts.get("moved"):
            parts.append(f"{counts['moved']} cr moved between seats")
        add(q, "teamwork", "Teamwork: " + ", ".join(parts) + ".")
    for h in team.history:
        if h.quarter > 0:
            add(h.quarter, "result", f"End of Q{h.quarter}: outcome {h.outcome}, value "
                f"delivered so far {h.value} cr.")
    order = {"inject": 0, "incident": 1, "teamwork": 2, "decision": 3, "event": 4, "result": 5}
    items.sort(key=lambda i: (i["quarter"], order.get(i["kind"], 9)))
    return items


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
        words = {"good": "treats the cause", "partial": "partial", "poor": "treats the symptom",
                 "over": "over-correction"}
        reason = str(d.get("reason") or "").strip()
        why = f", because “{reason}”" if reason else ", no justification given"
        parts.append(f"response “{_first(option.text)}” ({words.get(klass, klass)}){why};")
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


# --- artefacts -----------------------------------------------------------------------------


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


def _peer_review(state: GameState, teams: list[str]) -> Plain | None:
    """The peer review of roadmaps (triops/game/rules/peer_review.py), per team that presented
    or was assessed: levels per criterion, the peers' beside the facilitator's, with the
    comments. None when no round was run."""
    review = state.review
    if review is None:
        return None
    shown = [t for t in teams if t in review.presented
             or any(a.presenter == t for a in review.assessments)]
    return {
        "mode": review.mode,
        "criteria": [{"id": c.id, "objective": c.objective, "title": c.title, "text": c.text}
                     for c in review_form(review)],
        "teams": [{**review_results(state, t), "closed": t in review.closed} for t in shown],
    }


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


# --- small helpers -------------------------------------------------------------------------


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _strings(value: Any) -> list[str]:
    return [str(x) for x in value] if isinstance(value, list | tuple) else []


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _first(text: str, limit: int = 90) -> str:
    first = text.split(". ")[0].split(", ")[0].rstrip(".")
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def _incident_title(s: Scenario, d: Mapping[str, Any]) -> str:
    spec = str(d.get("spec") or str(d.get("incident", "")).split("@")[0])
    inc = s.incidents.get(spec)
    return inc.title if inc else spec


def _initiative(s: Scenario, ident: str) -> str:
    spec = s.initiatives.get(ident)
    return f"{spec.name} ({ident})" if spec else ident


def _standard(s: Scenario, ident: str) -> str:
    spec = s.standards.get(ident)
    return spec.name if spec else ident
