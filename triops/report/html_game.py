"""The HTML body of the whole game's debrief (the facilitator's): the leaderboard, objectives
across teams, metrics, timelines, the room table, roadmaps and per-seat contributions."""

from __future__ import annotations

from html import escape

from triops.report.html_incidents import _cards_or_cases, _room, _timeline
from triops.report.html_metrics import _metric_section
from triops.report.html_parts import Plain, _badge, _early, _progress, _questions, _toc
from triops.report.html_peer_review import _peer_review
from triops.report.html_standing import _leaderboard


def _game_body(r: Plain) -> str:
    g = r["game"]
    teams = r["teams"]
    out = [
        f"<header><h1>Debrief: {escape(g['scenario']['title'])}</h1>",
        f"<p class=\"subtitle\">Whole game · {len(teams)} teams · {escape(g['difficulty'])} · "
        f"seed {g['seed']} · {_progress(g)}</p>",
        f"<p>{escape(g['scenario']['summary'])}</p>", _early(g), "</header>",
        _toc([("leaderboard", "Leaderboard"), ("objectives", "Objectives"),
              *([("peer-review", "Peer review")] if r.get("peer_review") else []),
              ("metrics", "Metrics"), ("timeline", "Timeline"), ("room", "Room table"),
              ("cases", "Incidents and cases"),
              ("roadmap", "Roadmaps"),
              ("contributions", "Seat contributions"), ("reflection", "Reflection")]),
        '<section id="leaderboard"><h2>Leaderboard</h2>',
        _leaderboard(r["leaderboard"]),
        "</section>",
        '<section id="objectives"><h2>Learning objectives across teams</h2>',
        f"<p class=\"muted small\">{escape(r['calibration'])}</p>",
        _matrix(teams, g),
        _distribution(r["distribution"], g),
        _overrides(r["overrides"]),
        *(_team_objectives(t) for t in teams),
        "</section>",
        _peer_review(r.get("peer_review"), "Peer review of roadmaps"),
        '<section id="metrics"><h2>Metrics over the quarters</h2>',
        _metric_section(r["metrics"], g),
        "</section>",
        '<section id="timeline"><h2>Timeline</h2>',
        "<h3>Public ticker</h3><ul>"
        + "".join(f"<li><span class=\"tag\">Q{t['quarter']}</span> {escape(t['text'])}</li>"
                  for t in r["ticker"]) + "</ul>",
        *(f"<h3>{escape(t['name'])}: incidents and injects</h3>"
          + _timeline([i for i in t["timeline"] if i["kind"] in ("incident", "inject")])
          for t in teams),
        "</section>",
        '<section id="room"><h2>The room table: which incidents caught most teams</h2>',
        _room(r.get("room") or []),
        "</section>",
        _cards_or_cases(r, teams=True),
        '<section id="roadmap"><h2>Roadmaps beside the reference</h2>',
        _roadmap_matrix(teams),
        "</section>",
        '<section id="contributions"><h2>Per-seat contributions (not graded)</h2>',
        "<p class=\"muted small\">For the facilitator only: who shared, investigated, "
        "proposed and paid. These numbers never enter a level. One row per person and per "
        "bot in each seat: a person who moved seat keeps their own row. cr pledged is money "
        "committed to purchases, not pledges taken back.</p>",
        *(_contributions(t) for t in teams),
        _persons(r.get("persons") or []),
        "</section>",
        '<section id="reflection"><h2>Reflection questions</h2>',
        _questions("For the facilitator", r["questions"]["facilitator"]),
        _questions("For every team", r["questions"]["learners"]),
        "</section>",
    ]
    return "\n".join(out)


def _matrix(teams: list[Plain], g: Plain) -> str:
    head = "".join(f"<th>{o}</th>" for o in g["objective_titles"])
    rows = []
    for t in teams:
        cells = []
        for o in t["objectives"]:
            cell = _badge(o["level"], o["level_name"])
            if o["confirmed"] and o["confirmed"] != o["computed"]:
                cell += f'<br><span class="muted small">computed {o["computed_name"]}</span>'
            cells.append(f"<td>{cell}</td>")
        rows.append(f"<tr><td>{escape(t['name'])}</td><td class=\"num\">"
                    f"{t['outcome']['score']}</td>{''.join(cells)}</tr>")
    titles = "".join(f"<li><strong>{o}</strong> {escape(title)}</li>"
                     for o, title in g["objective_titles"].items())
    return (f"<table><thead><tr><th>Team</th><th class=\"num\">Outcome</th>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table><ul class=\"small\">{titles}</ul>")


def _distribution(dist: Plain, g: Plain) -> str:
    head = "".join(f"<th class=\"num\">{escape(name)}</th>" for name in g["levels"])
    rows = "".join(f"<tr><td>{o}</td>" + "".join(f"<td class=\"num\">{n}</td>" for n in counts)
                   + "</tr>" for o, counts in dist.items())
    return ("<h3>How many teams reached each level</h3><table><thead><tr><th>Objective</th>"
            f"{head}</tr></thead><tbody>{rows}</tbody></table>")


def _overrides(overrides: list[Plain]) -> str:
    if not overrides:
        return ("<p class=\"muted small\">No level has been confirmed or overridden yet. "
                "Every level above is as computed from the evidence.</p>")
    rows = "".join(f"<tr><td>{escape(o['team_name'])}</td><td>{o['objective']}</td>"
                   f"<td>{escape(o['level'])}</td><td>{escape(o['comment'])}</td></tr>"
                   for o in overrides)
    return ("<h3>Facilitator's confirmations and overrides</h3><table><thead><tr><th>Team</th>"
            "<th>Objective</th><th>Level</th><th>Comment</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def _team_objectives(t: Plain) -> str:
    rows = []
    for o in t["objectives"]:
        lift = ("<ul>" + "".join(f"<li>{escape(t)}</li>" for t in o["lift"]) + "</ul>"
                if o["lift"] else "top band reached")
        good = sum(1 for e in o["evidence"] if e["tone"] == "positive")
        bad = sum(1 for e in o["evidence"] if e["tone"] == "negative")
        rows.append(f"<tr><td>{o['id']}</td><td>{_badge(o['level'], o['level_name'])}</td>"
                    f"<td class=\"num\">{good} / {bad}</td><td class=\"steps\">{lift}</td></tr>")
    return (f"<h3>{escape(t['name'])}</h3><table><thead><tr><th>Objective</th><th>Level</th>"
            "<th class=\"num\">Evidence + / −</th><th>Next step</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


def _roadmap_matrix(teams: list[Plain]) -> str:
    names: dict[str, str] = {}
    refs: dict[str, str] = {}
    for t in teams:
        for row in t["roadmap"]["rows"]:
            names[row["initiative"]] = row["name"]
            if row["reference"]:
                refs[row["initiative"]] = "<br>".join(escape(x) for x in row["reference"])
    head = "".join(f"<th>{escape(t['name'])}</th>" for t in teams)
    rows = []
    for ident, name in names.items():
        cells = []
        for t in teams:
            row = next((x for x in t["roadmap"]["rows"] if x["initiative"] == ident), None)
            cells.append(f"<td>{escape(row['status']) if row else '—'}</td>")
        rows.append(f"<tr><td>{escape(ident)} {escape(name)}</td><td>{refs.get(ident, '—')}"
                    f"</td>{''.join(cells)}</tr>")
    return ("<table><thead><tr><th>Initiative</th><th>Reference</th>"
            f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _contributions(t: Plain) -> str:
    cols = [("clues_shared", "Clues shared"), ("investigations", "Investi\u00adgations"),
            ("cross_role_investigations", "Cross-role"), ("diagnoses_proposed", "Diag\u00adnoses"),
            ("responses_proposed", "Res\u00adponses"), ("notifications", "Noti\u00adfied"),
            ("credits_pledged", "cr pledged"), ("credits_moved", "cr moved"),
            ("artefact_edits", "Arte\u00adfact edits"), ("chat_messages", "Chat")]
    head = "".join(f"<th class=\"num\">{escape(label)}</th>" for _, label in cols)
    rows = "".join(
        f"<tr><td>{escape(c['role_name'])}<br><span class=\"muted small\">"
        f"{escape(c['name'] if c.get('actor') == 'person' else c['holder'])}</span></td>"
        + "".join(f"<td class=\"num\">{c[key]}</td>" for key, _ in cols) + "</tr>"
        for c in t["contributions"])
    own = t.get("people")
    note = ("<p class=\"muted small\">People's own levels (bots' decisions left out): "
            + escape(", ".join(f"{x['id']} {x['level_name']}" for x in own["objectives"]))
            + "</p>") if own else ""
    return (f"<h3>{escape(t['name'])}</h3><div class=\"scroll\"><table><thead><tr><th>Seat</th>"
            f"{head}</tr></thead><tbody>{rows}</tbody></table></div>{note}")


def _persons(persons: list[Plain]) -> str:
    if not persons:
        return ""
    rows = "".join(
        f"<tr><td>{escape(p['name'])}</td><td>{escape(c['team_name'])}</td>"
        f"<td>{escape(c['role_name'])}</td><td class=\"num\">{c['clues_shared']}</td>"
        f"<td class=\"num\">{c['diagnoses_proposed']}</td>"
        f"<td class=\"num\">{c['responses_proposed']}</td>"
        f"<td class=\"num\">{c['credits_pledged']}</td>"
        f"<td class=\"num\">{c['artefact_edits']}</td>"
        f"<td class=\"num\">{c['chat_messages']}</td></tr>"
        for p in persons for c in p["seats"])
    return ("<h3>Each person across seats</h3><div class=\"scroll\"><table><thead><tr>"
            "<th>Person</th><th>Team</th><th>Seat</th><th class=\"num\">Clues</th>"
            "<th class=\"num\">Diagnoses</th><th class=\"num\">Responses</th>"
            "<th class=\"num\">cr pledged</th><th class=\"num\">Artefact edits</th>"
            f"<th class=\"num\">Chat</th></tr></thead><tbody>{rows}</tbody></table></div>")
