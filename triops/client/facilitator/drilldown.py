"""Rich renderables for the console: a team's drill-down, made from its part of the view.

Every function takes plain view data and returns something Rich can draw; widgets only
hold what these return. Marks are words and symbols first and colours second (✓ ✗ ▲ and
capitals), so nothing is told by colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from triops.client.facilitator.analysis import (
    OBJECTIVE_SHORT,
    PAIRS,
    Alert,
    Coverage,
    Presence,
    connection_label,
    pair_name,
    seat_label,
)
from triops.game.model.vocab import (
    METRIC_CODES,
    METRIC_NAMES,
    METRICS,
    OBJECTIVES,
    ROLE_NAMES,
    ROLES,
)

SPARK = "▁▂▃▄▅▆▇█"
ALERT_STYLE = "bold reverse"


def spark(values: Sequence[int], lo: int = 0, hi: int = 100) -> str:
    if not values:
        return ""
    span = max(1, hi - lo)
    return "".join(SPARK[min(7, max(0, (v - lo) * 8 // (span + 1)))] for v in values)


def heading(text: str) -> Text:
    return Text(f"\n{text}", style="bold underline")


def alerts_block(alerts: Sequence[Alert]) -> RenderableType:
    if not alerts:
        return Text("No alerts: nothing needs you here right now.", style="dim")
    out = Text()
    for a in alerts:
        out.append(f" ▲ {a.word} ", style=ALERT_STYLE)
        out.append(f" {a.reason}\n")
    return out


def seats_table(team: Mapping[str, Any], last_moves: Mapping[str, float | None],
                now: float, empty_level: str | None = None, presence: Presence = None) -> Table:
    table = Table(box=None, pad_edge=False, expand=False)
    for col in ("seat", "held by", "player", "ready", "AP", "last move"):
        table.add_column(col)
    for role in ROLES:
        seat = team.get("seats", {}).get(role, {})
        moved = last_moves.get(role)
        ago = "—" if moved is None else f"{int(now - moved)} s ago"
        ready = "✓ ready" if seat.get("ready") else "·"
        link = connection_label(str(team.get("id")), role, seat, presence)
        table.add_row(ROLE_NAMES[role], seat_label(seat, empty_level),
                      Text(link, style=ALERT_STYLE if "DROPPED" in link else ""), ready,
                      str(seat.get("ap", 0)), ago)
    return table


def metrics_table(team: Mapping[str, Any]) -> Table:
    table = Table(box=None, pad_edge=False)
    table.add_column("metric")
    table.add_column("now", justify="right")
    table.add_column("trend")
    table.add_column("by quarter")
    history = team.get("history", ())
    metrics = team.get("metrics", {})
    low = min(metrics.values()) if metrics else 0
    for m in METRICS:
        series = [int(h["metrics"][m]) for h in history]
        value = int(metrics.get(m, 0))
        mark = " ◀ lowest (counts double)" if value == low else ""
        table.add_row(f"{METRIC_CODES[m]} {METRIC_NAMES[m]}", f"{value}{mark}",
                      spark([*series, value]), " ".join(str(v) for v in series))
    return table


def budget_block(team: Mapping[str, Any]) -> RenderableType:
    b = team.get("budget", {})
    env = b.get("envelopes", {})
    line = Text()
    if b.get("pool") is not None:
        line.append(f"Team pool {b['pool']} cr (budget pooling in force). ")
    else:
        line.append("Envelopes: " + ", ".join(f"{ROLE_NAMES[r]} {env.get(r, 0)} cr"
                                              for r in ROLES) + ". ")
    line.append(f"Held in all: {b.get('held', 0)} cr.")
    treasury = list(team.get("treasury", ()))[-6:]
    rows = Text("\n".join(f"  Q{e['quarter']} {e['kind']:<10} {e['amount']:+4d} cr  {e['what']}"
                          for e in treasury), style="dim")
    return Group(line, rows) if treasury else line


def initiatives_table(team: Mapping[str, Any]) -> Table:
    table = Table(box=None, pad_edge=False)
    for col in ("initiative", "level", "in effect", "upkeep", "next level: pledged"):
        table.add_column(col)
    for i in team.get("initiatives", ()):
        nxt = i.get("next") or {}
        pledges = nxt.get("pledges") or {}
        if i.get("level") == "none" and not pledges:
            continue
        pledged = sum(pledges.values())
        nxt_text = (f"{nxt.get('level')}: {pledged}/{nxt.get('cost')} cr "
                    + ", ".join(f"{ROLE_NAMES.get(r, r)} {a}" for r, a in pledges.items())
                    if nxt else "top level")
        missing = [p["condition"] for p in i.get("prerequisites", ()) if not p.get("met")]
        level = str(i.get("level"))
        effect = str(i.get("effective"))
        if missing and level != "none":
            effect += f" (missing {', '.join(missing)})"
        table.add_row(f"{i['id']} {i['name']}", level, effect, f"{i.get('upkeep', 0)} cr",
                      nxt_text)
    if not table.rows:
        table.add_row("nothing funded or pledged yet", "", "", "", "")
    return table


def _clue_line(clue: Mapping[str, Any]) -> Text:
    found = clue.get("found_by") or []
    mark = "shared" if clue.get("shared") else ("found by " + ", ".join(
        ROLE_NAMES.get(r, r) for r in found) if found else
        ("seen at start" if clue.get("when") == "start" else "not found"))
    line = Text(f"    [{ROLE_NAMES.get(clue['role'], clue['role'])}] ", style="bold")
    line.append(str(clue.get("text", "")))
    line.append(f"  ({mark})", style="dim")
    return line


def incident_block(inc: Mapping[str, Any]) -> RenderableType:
    status = str(inc.get("status"))
    head = Text()
    if inc.get("crisis"):
        head.append(" CRISIS ", style=ALERT_STYLE)
        head.append(" ")
    head.append(f"{inc['title']}", style="bold")
    head.append(f"  [{inc['id']}] severity {inc['severity']}, {status}, opened Q{inc['opened']}"
                f" ({inc.get('source')}), seams {', '.join(inc.get('seams', ()))}")
    if inc.get("clock_due") is not None:
        head.append(f", regulator's clock to Q{inc['clock_due']}"
                    + (" (notified)" if inc.get("notified") else " (NOT notified)"))
    if inc.get("recur_at") is not None:
        head.append(f"  — treated the symptom: recurs in Q{inc['recur_at']}", style="bold")
    parts: list[RenderableType] = [head]
    correct = next((d for d in inc.get("diagnoses", ()) if d.get("correct")), None)
    if correct is not None:
        parts.append(Text(f"  Hidden cause: {correct['text']}", style="italic"))
    herrings = [d["id"] for d in inc.get("diagnoses", ()) if d.get("red_herring")]
    if herrings:
        parts.append(Text(f"  Red herring: {', '.join(herrings)}", style="dim"))
    diag = inc.get("diagnosis")
    if diag:
        right = correct is not None and diag == correct["id"]
        by = ROLE_NAMES.get(inc.get("diagnosis_by") or "", "?")
        parts.append(Text(f"  Draft diagnosis: {diag} by {by} — "
                          f"{'✓ right' if right else '✗ wrong'}"))
    else:
        parts.append(Text("  Draft diagnosis: none"))
    resp = inc.get("response")
    if resp:
        klass = next((r.get("class") for r in inc.get("responses", ()) if r["id"] == resp), "?")
        parts.append(Text(f"  Draft response: {resp} ({klass}) by "
                          f"{ROLE_NAMES.get(inc.get('response_by') or '', '?')}"))
    else:
        parts.append(Text("  Draft response: none"))
    classes = ", ".join(_response_class(r, inc.get("cause")) for r in inc.get("responses", ()))
    parts.append(Text(f"  Response classes: {classes}", style="dim"))
    clues = inc.get("clues", ())
    if clues:
        parts.append(Text("  Clues:"))
        parts.extend(_clue_line(c) for c in clues)
    for o in inc.get("outcomes", ()):
        parts.append(Text(f"  Q{o['quarter']}: {o['result']} (diagnosis "
                          f"{o.get('diagnosis') or '—'}"
                          f"{' ✓' if o.get('diagnosis_correct') else ''}, response "
                          f"{o.get('response') or '—'} {o.get('response_class') or ''})",
                          style="dim"))
    return Group(*parts)


def incidents_block(team: Mapping[str, Any]) -> RenderableType:
    incidents = list(team.get("incidents", ()))
    if not incidents:
        return Text("No incidents yet.", style="dim")
    incidents.sort(key=lambda i: (i.get("status") != "open", -int(i.get("opened", 0))))
    return Group(*(incident_block(i) for i in incidents))


def artefacts_block(team: Mapping[str, Any]) -> RenderableType:
    parts: list[RenderableType] = []
    roadmap = team.get("roadmap", ())
    revisions = team.get("roadmap_revisions", ())
    parts.append(Text(f"Roadmap: {len(roadmap)} lines, {max(0, len(revisions) - 1)} revisions",
                      style="bold"))
    for e in roadmap:
        kpi = f", KPI {e['kpi_metric']} ≥ {e['kpi_target']}" if e.get("kpi_metric") else ""
        parts.append(Text(f"  Q{e['quarter']} {e['initiative']} → {e['level']} "
                          f"({ROLE_NAMES.get(e['owner'], e['owner'])}{kpi})"))
    for r in revisions[1:]:
        parts.append(Text(f"  revised Q{r['quarter']} by {ROLE_NAMES.get(r['by'], r['by'])}: "
                          f"“{r['reason']}”", style="dim"))
    charter = team.get("charter")
    if charter:
        state = "IN FORCE" if team.get("committee_active") else "drafted, not in force"
        parts.append(Text(f"Charter ({state}): {len(charter.get('members', ()))} members, "
                          f"chair {charter.get('chair') or '—'}, cadence "
                          f"{charter.get('cadence') or '—'}, rights "
                          f"{', '.join(charter.get('decision_rights', ())) or '—'}, risk tiering "
                          f"{'on' if charter.get('risk_tiering') else 'off'}", style="bold"))
        problems = team.get("charter_problems", ())
        if problems:
            parts.append(Text("  not complete: " + "; ".join(problems), style="dim"))
    else:
        parts.append(Text("Charter: none drafted", style="bold"))
    standards = team.get("standards", ())
    parts.append(Text(f"Standards: {len(standards)} proposed", style="bold"))
    for s in standards:
        adopted = f"adopted Q{s['adopted']}" if s.get("adopted") is not None else "proposed"
        parts.append(Text(f"  {s['standard']} ({s['mechanism']}, owner "
                          f"{ROLE_NAMES.get(s['owner'], s['owner'])}): {adopted}"))
    return Group(*parts)


def coverage_block(cov: Coverage, levels: Mapping[str, str] | None = None) -> Table:
    table = Table(box=None, pad_edge=False)
    table.add_column("objective")
    table.add_column("people's decisions" if cov.people else "decisions")
    if cov.people:
        table.add_column("bots'")
    table.add_column("level")
    for o in OBJECTIVES:
        n = cov.objectives.get(o, 0)
        cells = [f"{o} {OBJECTIVE_SHORT[o]}", f"{n}" if n else "NONE YET ▲"]
        if cov.people:
            cells.append(str(cov.bots.get(o, 0)))
        table.add_row(*cells, (levels or {}).get(o, ""))
    for p in PAIRS:
        n = cov.pairs.get(p, 0)
        table.add_row(pair_name(p), f"{n} joint actions" if n else "NONE YET ▲",
                      *([""] if cov.people else []), "")
    return table


def chat_author(m: Mapping[str, Any]) -> str:
    """Who wrote a message, as stamped when it was sent (a later seat move changes nothing)."""
    role = str(ROLE_NAMES.get(m["sender"], m["sender"]))
    if m.get("author") == "person":
        return f"{role} ({m.get('name') or 'a person'})"
    if m.get("author") == "bot":
        return f"{role} (bot)"
    return role


def chat_block(team: Mapping[str, Any], limit: int = 40) -> RenderableType:
    chat = list(team.get("chat", ()))[-limit:]
    if not chat:
        return Text("No messages yet.", style="dim")
    out = Text()
    for m in chat:
        who = chat_author(m)
        style = "bold" if m.get("kind") == "broadcast" else ""
        out.append(f"Q{m['quarter']} {who}: ", style="bold")
        out.append(f"{m['text']}\n", style=style)
    return out


def _response_class(response: Mapping[str, Any], cause: Any) -> str:
    """"fix-feed=good, fits the cause" or "recharge=good, for another cause": a good plan for
    a cause that is not this game's is not good here."""
    fits = response.get("fits") or ()
    label = f"{response['id']}={response.get('class')}"
    if not fits or not cause:
        return label
    return label + (", fits the cause" if cause in fits else ", for another cause")


def modifiers_block(team: Mapping[str, Any]) -> RenderableType:
    mods = team.get("modifiers", ())
    clocks = team.get("clocks", ())
    if not mods and not clocks:
        return Text("None.", style="dim")
    lines = [f"{m.get('title', m['inject'])}: changes {m.get('changes', m['kind'])} until "
             f"Q{m['until']}" for m in mods]
    lines += [f"Deadline {c['title']} (Q{c['due']}): {c['status']}" for c in clocks]
    return Text("\n".join(lines))


def team_detail(team: Mapping[str, Any], alerts: Sequence[Alert], cov: Coverage,
                last_moves: Mapping[str, float | None], now: float,
                levels: Mapping[str, str] | None = None,
                empty_level: str | None = None, presence: Presence = None) -> RenderableType:
    goals = team.get("goals", {})
    head = Text(f"{team['name']} ({team['id']})", style="bold")
    head.append(f"   value {team.get('value', 0)} cr, goals met "
                f"{sum(1 for v in goals.values() if v)}/{len(goals)}")
    return Group(
        head, alerts_block(alerts),
        heading("Seats"), seats_table(team, last_moves, now, empty_level, presence),
        heading("Metrics"), metrics_table(team),
        heading("Budget"), budget_block(team),
        heading("Incidents (hidden causes shown)"), incidents_block(team),
        heading("Initiatives"), initiatives_table(team),
        heading("Artefacts"), artefacts_block(team),
        heading("Objective coverage"), coverage_block(cov, levels),
        heading("Inject effects and deadlines running"), modifiers_block(team),
        heading("Team chat"), chat_block(team),
    )
