"""The debrief as one self-contained, printable HTML file: inline CSS and SVG, no scripts,
no fonts or images to fetch, so it opens offline and prints cleanly on A4."""

from __future__ import annotations

from html import escape
from typing import Any

from triops.game.model.vocab import OBJECTIVE_LEVELS
from triops.game.scenario.anchors import case_intro
from triops.report.charts import Series, line_chart, nice_max, style
from triops.report.markdown import CARDS_HEADING, who

Plain = dict[str, Any]

LEVEL_LETTERS = {1: "B", 2: "D", 3: "P", 4: "E"}

CSS = """
:root { --ink: #1d2330; --muted: #5a6372; --line: #d7dce3; --soft: #f3f5f8; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.45; font-size: 15px;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 28px 32px 48px; }
h1 { font-size: 28px; margin: 0 0 4px; line-height: 1.2; }
h2 { font-size: 21px; border-bottom: 2px solid var(--ink); padding-bottom: 4px;
  margin: 38px 0 12px; }
h3 { font-size: 17px; margin: 22px 0 8px; }
h4 { font-size: 15px; margin: 14px 0 6px; }
p { margin: 6px 0 10px; }
.subtitle { color: var(--muted); margin: 0 0 16px; }
.muted { color: var(--muted); }
.small { font-size: 13px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 13.5px; }
th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left;
  vertical-align: top; overflow-wrap: break-word; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; }
td.num { white-space: nowrap; }
td.q, th.q { white-space: nowrap; width: 3.6em; }
td.status, td.met, td.unmet { white-space: nowrap; }
.scroll { overflow-x: auto; }
.card.wide { grid-column: span 2; }
td.steps ul { margin: 0; padding-left: 18px; }
.entries div + div { margin-top: 3px; padding-top: 3px; border-top: 1px dotted var(--line); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(165px, 1fr));
  gap: 10px; margin: 14px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.card .label { font-size: 12px; color: var(--muted); text-transform: uppercase;
  letter-spacing: .04em; }
.card .big { font-size: 26px; font-weight: 700; line-height: 1.2; }
.badge { display: inline-block; padding: 1px 9px; border-radius: 10px; font-size: 12px;
  font-weight: 600; white-space: nowrap; border: 1px solid; }
.lvl-1 { background: #fde8e6; color: #8a1c12; border-color: #f0b4ac; }
.lvl-2 { background: #fff3d6; color: #6f4a00; border-color: #efd390; }
.lvl-3 { background: #e3f4e8; color: #17612f; border-color: #a9d9b7; }
.lvl-4 { background: #e2ecfb; color: #153f82; border-color: #a9c3ec; }
.chip { display: inline-block; min-width: 1.7em; text-align: center; border-radius: 4px;
  font-weight: 700; font-size: 12px; padding: 0 3px; border: 1px solid; }
nav.toc { border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px;
  background: var(--soft); font-size: 14px; }
nav.toc a { margin-right: 14px; color: #0b4f8a; text-decoration: none; white-space: nowrap; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(310px, 1fr));
  gap: 14px; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 8px 8px 4px;
  break-inside: avoid; page-break-inside: avoid; }
figcaption { font-weight: 600; font-size: 13.5px; margin: 0 0 2px 2px; }
svg.chart { width: 100%; height: auto; display: block; }
svg .plot { fill: #fbfcfd; stroke: var(--line); }
svg .grid { stroke: #e4e7ec; stroke-width: 1; }
svg .axis { font-size: 10px; fill: #5a6372; }
svg .target { stroke: #444; stroke-dasharray: 5 3; stroke-width: 1.2; }
svg .target-label { font-size: 10px; fill: #333; }
svg .series { fill: none; stroke-width: 2.2; stroke-linejoin: round; }
svg .series.faint { stroke-width: 1.6; stroke-dasharray: 2 3; }
svg .value { font-size: 11px; font-weight: 700; }
ul.legend { list-style: none; padding: 0; margin: 4px 0 12px; display: flex;
  flex-wrap: wrap; gap: 4px 18px; font-size: 13px; }
ul.legend svg { width: 34px; height: 10px; vertical-align: middle; margin-right: 5px; }
tr.tone-positive td:first-child { border-left: 4px solid #2e8b57; }
tr.tone-negative td:first-child { border-left: 4px solid #c0392b; }
tr.tone-neutral td:first-child { border-left: 4px solid #b8c0cc; }
li.tone-positive::marker { color: #2e8b57; }
li.tone-negative::marker { color: #c0392b; }
.met { color: #17612f; font-weight: 700; }
.unmet { color: #8a1c12; font-weight: 700; }
article.objective { border: 1px solid var(--line); border-radius: 8px; padding: 4px 16px 8px;
  margin: 14px 0; }
article.objective h3 { display: flex; flex-wrap: wrap; gap: 8px; align-items: baseline; }
.lift { background: #fffbea; border: 1px solid #efd390; border-radius: 6px;
  padding: 6px 12px; margin: 8px 0; }
.lift ul { margin: 4px 0; padding-left: 20px; }
.comment { background: var(--soft); border-left: 4px solid #153f82; padding: 6px 10px; }
.quarter { break-inside: avoid; }
.quarter ul { margin: 4px 0 10px; padding-left: 22px; }
.tag { display: inline-block; font-size: 11px; text-transform: uppercase; letter-spacing: .04em;
  color: var(--muted); min-width: 5.6em; }
ol.questions li { margin: 4px 0; }
article.debrief { border: 1px solid var(--line); border-radius: 8px; padding: 4px 16px 8px;
  margin: 14px 0; break-inside: avoid; }
article.debrief ul { padding-left: 20px; }
footer { margin-top: 40px; font-size: 12px; color: var(--muted);
  border-top: 1px solid var(--line); padding-top: 8px; }
@media (max-width: 820px) {
  main { padding: 16px 14px 32px; }
  table { font-size: 12.5px; }
  th, td { padding: 4px 5px; }
  .card.wide { grid-column: auto; }
}
@page { size: A4; margin: 14mm; }
@media print {
  body { font-size: 10.5pt; }
  table { font-size: 9pt; }
  th, td { padding: 3px 5px; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3, h4 { break-after: avoid; }
  tr, article.objective h3, .lift { break-inside: avoid; page-break-inside: avoid; }
  .charts { grid-template-columns: repeat(3, 1fr); gap: 8px; }
  a { color: inherit; text-decoration: none; }
  .scroll { overflow: visible; }
}
"""


def render_html(report: Plain) -> str:
    body = _team_body(report) if report["kind"] == "team" else _game_body(report)
    title = (f"TriOps debrief — {report['team']['name']}" if report["kind"] == "team"
             else "TriOps debrief — whole game")
    title += f" — {report['game']['scenario']['title']}"
    return ("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
            f"{body}\n<footer>Generated by <code>triops report</code> from the game record. "
            "Everything in this file is self-contained: it needs no network to view or print."
            "</footer>\n</main>\n</body>\n</html>\n")


# --- the team report -----------------------------------------------------------------------


def _team_body(r: Plain) -> str:
    g = r["game"]
    team = r["team"]
    out = [
        f"<header><h1>Debrief: {escape(team['name'])}</h1>",
        f"<p class=\"subtitle\">{escape(g['scenario']['title'])} · {escape(g['difficulty'])} "
        f"· seed {g['seed']} · {_progress(g)}</p>",
        _cards(r), _early(g), "</header>",
        _toc([("objectives", "Learning objectives"), ("metrics", "Metrics"),
              ("timeline", "Timeline"), ("cases", "Incidents and cases"), ("roadmap", "Roadmap"),
              ("artefacts", "Charter and standards"),
              *([("peer-review", "Peer review")] if r.get("peer_review") else []),
              ("leaderboard", "Leaderboard"), ("reflection", "Reflection")]),
        '<section id="objectives"><h2>Learning objectives</h2>',
        f"<p class=\"muted small\">{escape(r['calibration'])} Levels: B beginning, "
        "D developing, P proficient, E exemplary.</p>",
        _objective_summary(r["objectives"]),
        *(_objective_detail(o) for o in r["objectives"]),
        _people(r.get("people")),
        "</section>",
        '<section id="metrics"><h2>Metrics over the quarters</h2>',
        _metric_section(r["metrics"], r["game"]),
        "</section>",
        '<section id="timeline"><h2>Timeline: incidents, injects and decisions</h2>',
        _timeline(r["timeline"]),
        "</section>",
        _cards_or_cases(r),
        '<section id="roadmap"><h2>Roadmap beside the reference roadmap</h2>',
        _roadmap(r["roadmap"]),
        "</section>",
        '<section id="artefacts"><h2>Charter and standards</h2>',
        _charter(r["charter"]), _standards(r["standards"]),
        "</section>",
        _peer_review(r.get("peer_review"), "Peer review of the roadmap"),
        '<section id="leaderboard"><h2>Leaderboard</h2>',
        _leaderboard(r["leaderboard"], highlight=team["id"]),
        "</section>",
        '<section id="reflection"><h2>Reflection questions</h2>',
        _questions("For the team", r["questions"]["learners"]),
        "</section>",
    ]
    return "\n".join(out)


def _early(g: Plain) -> str:
    if not g.get("early_end"):
        return ""
    return f'<p class="lift"><strong>Ended early.</strong> {escape(g["early_end"])}</p>'


def _who(e: Plain) -> str:
    return escape(who(e))


def _people(p: Plain | None) -> str:
    if not p:
        return ""
    names = escape(", ".join(p["names"]) or "nobody")
    rows = "".join(
        f"<tr><td>{escape(x['id'])} {escape(x['title'])}</td><td>{_chip(x['level'])} "
        f"{escape(x['level_name'])}</td><td class=\"num\">"
        f"{sum(1 for e in x['evidence'] if e.get('actor') == 'person')}</td></tr>"
        for x in p["objectives"])
    bots = "".join(f"<li>{escape(line)}</li>" for line in p["bots"]) or "<li>Nothing.</li>"
    return ("<h3>What the people decided, apart from the bots</h3>"
            f"<p class=\"muted small\">Bots played some seats. These levels count only the "
            f"decisions of the team's people ({names}); the levels above are the whole "
            "team's.</p><table><thead><tr><th>Objective</th><th>People's level</th>"
            f"<th class=\"num\">Their evidence</th></tr></thead><tbody>{rows}</tbody></table>"
            f"<h4>What the bots did</h4><ul>{bots}</ul>")


def _progress(g: Plain) -> str:
    if g["ended"]:
        return f"game over after Q{g['quarter']} of {g['quarters']}"
    return f"in progress: Q{g['quarter']} of {g['quarters']} ({g['phase']})"


def _cards(r: Plain) -> str:
    o = r["outcome"]
    met = sum(1 for goal in o["goals"] if goal["met"])
    levels = " ".join(_chip(obj["level"], obj["id"]) for obj in r["objectives"])
    rank = next((row["rank"] for row in r["leaderboard"]["final"]
                 if row["team"] == r["team"]["id"]), None)
    teams = len(r["leaderboard"]["final"])
    return (
        '<div class="cards">'
        f'<div class="card"><div class="label">Outcome score</div><div class="big">'
        f'{o["score"]}</div><div class="muted small">rank {rank} of {teams}</div></div>'
        f'<div class="card"><div class="label">Business value</div><div class="big">'
        f'{o["value"]} cr</div><div class="muted small">goal {o["value_goal"]} cr</div></div>'
        f'<div class="card"><div class="label">Goals met</div><div class="big">{met} / '
        f'{len(o["goals"])}</div></div>'
        f'<div class="card wide"><div class="label">Objectives</div><div class="big" '
        f'style="font-size:18px">{levels}</div></div>'
        "</div>"
        + _goals(o["goals"])
    )


def _goals(goals: list[Plain]) -> str:
    rows = "".join(
        f"<tr><td>{escape(g['text'])}</td><td class=\"num\">{g['actual']} / {g['target']}</td>"
        f"<td class=\"status {'met' if g['met'] else 'unmet'}\">{'met' if g['met'] else 'not met'}"
        "</td></tr>" for g in goals)
    return ("<table><thead><tr><th>Organisation's goal</th><th class=\"num\">Actual / target"
            f"</th><th>Status</th></tr></thead><tbody>{rows}</tbody></table>")


def _toc(items: list[tuple[str, str]]) -> str:
    links = " ".join(f'<a href="#{a}">{escape(t)}</a>' for a, t in items)
    return f'<nav class="toc">{links}</nav>'


def _badge(level: int, name: str) -> str:
    return f'<span class="badge lvl-{level}">{escape(name)}</span>'


def _chip(level: int, label: str = "") -> str:
    letter = LEVEL_LETTERS[level]
    tip = f"{label} {letter}" if label else letter
    text = f"{escape(label)}&nbsp;{letter}" if label else letter
    return f'<span class="chip lvl-{level}" title="{escape(tip)}">{text}</span>'


def _objective_summary(objectives: list[Plain]) -> str:
    rows = []
    for o in objectives:
        confirmed = (_badge(o["confirmed"], o["confirmed_name"]) if o["confirmed"]
                     else '<span class="muted">not reviewed</span>')
        rows.append(
            f"<tr><td><a href=\"#{o['id'].lower()}\">{o['id']}</a></td>"
            f"<td>{escape(o['title'])}</td><td>{_badge(o['computed'], o['computed_name'])}</td>"
            f"<td>{confirmed}</td><td>{escape(o['comment'])}</td></tr>")
    return ("<table><thead><tr><th>Objective</th><th>What it asks</th><th>Computed</th>"
            "<th>Confirmed by the facilitator</th><th>Comment</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


def _objective_detail(o: Plain) -> str:
    head = (f"<h3><span>{o['id']}: {escape(o['title'])}</span>"
            f"{_badge(o['level'], o['level_name'])}")
    if o["confirmed"] and o["confirmed"] != o["computed"]:
        head += f'<span class="muted small">computed: {escape(o["computed_name"])}</span>'
    head += "</h3>"
    parts = [f'<article class="objective" id="{o["id"].lower()}">', head]
    if o["comment"]:
        parts.append(f'<p class="comment">Facilitator: {escape(o["comment"])}</p>')
    if o["lift"]:
        items = "".join(f"<li>{escape(t)}</li>" for t in o["lift"])
        parts.append(f'<div class="lift"><strong>To reach {escape(o["next_level"])}:</strong>'
                     f"<ul>{items}</ul></div>")
    else:
        parts.append('<div class="lift"><strong>Top band reached.</strong></div>')
    rows = "".join(
        f"<tr><td>{escape(c['level_name'])}</td><td>{escape(c['text'])}</td>"
        f"<td>{escape(c['measured'])}</td><td class=\"{'met' if c['met'] else 'unmet'}\">"
        f"{'✓ yes' if c['met'] else '✗ no'}</td></tr>" for c in o["criteria"])
    parts.append("<h4>How the level was computed</h4><table><thead><tr><th>Level</th>"
                 "<th>Criterion</th><th>Measured</th><th>Met</th></tr></thead><tbody>"
                 f"{rows}</tbody></table>")
    evidence = "".join(
        f"<tr class=\"tone-{e['tone']}\"><td class=\"q\">Q{e['quarter']}</td>"
        f"<td>{escape(e['decision'])}</td><td>{_who(e)}</td>"
        f"<td>{escape(e['consequence'])}</td></tr>"
        for e in o["evidence"])
    parts.append("<h4>Evidence</h4><table><thead><tr><th class=\"q\">When</th><th>Decision</th>"
                 f"<th>By</th><th>Consequence</th></tr></thead><tbody>{evidence}</tbody></table>")
    parts.append("</article>")
    return "\n".join(parts)


def _metric_section(m: Plain, g: Plain) -> str:
    series = m["series"]
    many = len(series) > 1
    parts = []
    legend = [(s["name"], i, False) for i, s in enumerate(series)]
    if m.get("average"):
        legend.append(("average of all teams", 0, True))
    parts.append(_legend(legend))
    charts = []
    for metric in m["metrics"]:
        lines = [Series(s["name"], s["values"][metric], i) for i, s in enumerate(series)]
        if m.get("average"):
            lines.append(Series("average of all teams", m["average"][metric], 0, faint=True))
        title = f"{g['metric_codes'][metric]} {g['metric_names'][metric]}"
        svg = line_chart(title, lines, m["quarters"], target=m["targets"].get(metric),
                         label_last=not many, attrs=f'data-metric="{metric}"')
        charts.append(f"<figure><figcaption>{escape(title)}</figcaption>{svg}</figure>")
    outcome = [Series(s["name"], s["outcome"], i) for i, s in enumerate(series)]
    charts.append("<figure><figcaption>Outcome score</figcaption>"
                  + line_chart("Outcome score", outcome, m["quarters"], label_last=not many,
                               attrs='data-chart="outcome"') + "</figure>")
    values = [v for s in series for _, v in s["value"]]
    goal = next((x["target"] for x in g["scenario"]["goals"] if x["kind"] == "value"), None)
    top = nice_max([*values, *([goal] if goal else [])])
    value = [Series(s["name"], s["value"], i) for i, s in enumerate(series)]
    charts.append("<figure><figcaption>Business value delivered (cr, cumulative)</figcaption>"
                  + line_chart("Business value delivered", value, m["quarters"], y_max=top,
                               target=goal, label_last=not many, attrs='data-chart="value"')
                  + "</figure>")
    parts.append('<div class="charts">' + "".join(charts) + "</div>")
    note = "Dashed horizontal lines are the organisation's goals. Metric charts run from 0 to 100."
    if m.get("average"):
        note += " The dotted grey line is the average of all teams."
    parts.append(f'<p class="muted small">{escape(note)}</p>')
    return "\n".join(parts)


def _legend(items: list[tuple[str, int, bool]]) -> str:
    out = []
    for name, index, faint in items:
        colour, dash = style(index)
        if faint:
            colour, dash = "#888888", "2 3"
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<li><svg viewBox="0 0 34 10" aria-hidden="true"><line x1="1" y1="5" '
                   f'x2="33" y2="5" stroke="{colour}" stroke-width="2.4"{dash_attr}/></svg>'
                   f"{escape(name)}</li>")
    return '<ul class="legend">' + "".join(out) + "</ul>"


def _timeline(items: list[Plain]) -> str:
    by_q: dict[int, list[Plain]] = {}
    for item in items:
        by_q.setdefault(item["quarter"], []).append(item)
    parts = []
    for q in sorted(by_q):
        label = "Setup (Q0)" if q == 0 else f"Quarter {q}"
        lis = "".join(f"<li class=\"tone-{i['tone']}\"><span class=\"tag\">{escape(i['kind'])}"
                      f"</span> {escape(i['text'])}</li>" for i in by_q[q])
        parts.append(f'<div class="quarter"><h3>{label}</h3><ul>{lis}</ul></div>')
    return "\n".join(parts) or "<p class=\"muted\">Nothing happened yet.</p>"


def _room(rows: list[Plain]) -> str:
    if not rows:
        return "<p class=\"muted\">No incident was judged yet.</p>"

    def cell(names: list[str]) -> str:
        return (f"{len(names)} <span class=\"muted small\">({escape(', '.join(names))})</span>"
                if names else "0")

    body = "".join(f"<tr><td>{escape(r['title'])}</td><td>{len(r['met'])}</td>"
                   f"<td>{cell(r['wrong'])}</td><td>{cell(r['herring'])}</td>"
                   f"<td>{cell(r['symptom'])}</td></tr>" for r in rows)
    return ("<table><thead><tr><th>Incident</th><th>Teams that met it</th><th>Misdiagnosed"
            "</th><th>Red herring</th><th>Symptom fix only</th></tr></thead><tbody>"
            f"{body}</tbody></table>")


def _cards_or_cases(r: Plain, teams: bool = False) -> str:
    """Once the game has ended, a debrief card per incident (its real case included);
    before, the real cases of the incidents already closed (as the Markdown report)."""
    if r.get("debrief"):
        return (f'<section id="cases"><h2>{escape(CARDS_HEADING)}</h2>'
                + "".join(_card(c, teams) for c in r["debrief"])
                + "<p class=\"muted small\">More on every case and framework: docs/cases.md "
                "in the TriOps project.</p></section>")
    return ('<section id="cases"><h2>The real cases behind the incidents</h2>'
            + _cases(r.get("cases") or [], teams) + "</section>")


def _card(c: Plain, teams: bool) -> str:
    parts = [f'<article class="debrief"><h3>{escape(c["title"])} <span class="muted small">'
             f'(Q{c["opened"]})</span></h3>',
             f"<p><strong>What it was:</strong> {escape(c['cause_text'])}</p>"]
    if c["chain"]:
        parts.append(f"<p><strong>How it showed, seat by seat:</strong> {escape(c['chain'])}</p>")
    for h in c["herrings"]:
        fell = ", ".join(h["fell"]) if h["fell"] else "nobody"
        parts.append(f"<p><strong>The red herring:</strong> {escape(h['text'])} "
                     f"<em>Fell for it: {escape(fell)}.</em> {escape(h['explanation'])}</p>")
    for t in c["teams"]:
        verdict = "right" if t["correct"] else "wrong"
        said = (f"diagnosed “{escape(t['diagnosis'])}” ({verdict})" if t["diagnosis"]
                else "made no diagnosis")
        plan = (f"committed “{escape(t['response'])}”, which {escape(t['verdict'])}"
                if t["response"] else "committed no plan")
        name = escape(t["team"]) if teams else "Your team"
        parts.append(f"<p><strong>{name}:</strong> {said}; {plan}. "
                     f"{escape(t['result_text'])}</p>")
    parts.append("<p><strong>The plans, against this cause:</strong></p><ul>" + "".join(
        f"<li>“{escape(p['text'])}” — <strong>{escape(p['verdict'])}</strong>. "
        f"{escape(p['explanation'])}</li>" for p in c["plans"]) + "</ul>")
    if c["anchor"]:
        label, text = case_intro(c["anchor_kind"], c["anchor"])
        parts.append(f"<p><span class=\"tag\">{escape(label)}</span> {escape(text)}</p>")
    return "".join(parts) + "</article>"


def _cases(cases: list[Plain], teams: bool = False) -> str:
    """The real case or framework behind each incident, marked reported or composite."""
    if not cases:
        return ("<p class=\"muted\">No incident has been closed yet: each one's real case "
                "shows here once it is.</p>")
    items = []
    for c in cases:
        who = f" — met by {escape(', '.join(c['teams']))}" if teams and c.get("teams") else ""
        label, text = case_intro(c["kind"], c["anchor"])
        items.append(f"<li><strong>{escape(c['title'])}</strong> <span class=\"muted small\">"
                     f"(first opened Q{c['opened']}{who})</span><br><span class=\"tag\">"
                     f"{escape(label)}</span> {escape(text)}</li>")
    return ("<ul class=\"cases\">" + "".join(items) + "</ul><p class=\"muted small\">More on "
            "every case and framework: docs/cases.md in the TriOps project.</p>")


def _roadmap(rm: Plain) -> str:
    rows = "".join(
        f"<tr><td>{escape(row['initiative'])} {escape(row['name'])}<br>"
        f"<span class=\"muted small\">{escape(row['discipline'])}</span></td>"
        f"<td class=\"entries\">{_entries(row['team'])}</td>"
        f"<td class=\"entries\">{_entries(row['reference'])}</td>"
        f"<td>{escape(', '.join(row['funded'])) or '—'}</td>"
        f"<td>{escape(row['status'])}</td></tr>" for row in rm["rows"])
    table = ("<table><thead><tr><th>Initiative</th><th>Team's roadmap</th>"
             "<th>Reference roadmap</th><th>Actually funded</th><th>Compared</th></tr></thead>"
             f"<tbody>{rows}</tbody></table>")
    revisions = "".join(f"<li>Q{v['quarter']} — {escape(v['reason'])} "
                        f"<span class=\"muted\">({escape(v['by'])}, {v['lines']} lines"
                        + (f"; {escape(v['change'])}" if v.get("change") else "")
                        + ")</span></li>" for v in rm["revisions"])
    kpis = "".join(
        f"<tr class=\"tone-{_KPI_TONES.get(k['status'], 'neutral')}\">"
        f"<td>{escape(k['line'])}</td>"
        f"<td>{escape(k['kpi'])}</td><td class=\"num\">Q{k['due']}</td>"
        f"<td class=\"num\">{k['best']}</td><td>{escape(k['status_text'])}"
        + (f": “{escape(k['reason'])}”" if k["reason"] else "") + "</td></tr>"
        for k in rm.get("kpis", ()))
    kpi_table = ("<h3>KPI targets against the metrics</h3><table><thead><tr><th>Roadmap line"
                 "</th><th>KPI target</th><th>Due</th><th>Best since</th><th>Result</th></tr>"
                 f"</thead><tbody>{kpis}</tbody></table>" if kpis else "")
    return table + ("<h3>Revisions</h3><ul>" + revisions + "</ul>" if revisions
                    else "<p class=\"muted\">The roadmap was never drafted.</p>") + kpi_table


_KPI_TONES = {"met": "positive", "replanned": "neutral", "pending": "neutral",
              "ignored": "negative"}


def _entries(entries: list[str]) -> str:
    return "".join(f"<div>{escape(x)}</div>" for x in entries) or "—"


def _charter(c: Plain | None) -> str:
    if c is None:
        return "<h3>Governance committee charter</h3><p>No charter was drafted.</p>"
    raci = ", ".join(f"{x['decision']}: {x['accountable']}" for x in c["raci"]) or "none"
    rows = [
        ("Members", ", ".join(c["members"])), ("Chair", c["chair"]), ("Cadence", c["cadence"]),
        ("Decision rights", ", ".join(c["decision_rights"]) or "none"),
        ("Risk tiering", "on" if c["risk_tiering"] else "off"),
        ("Escalation path", " → ".join(c["escalation"]) or "none"),
        ("Decision log", "kept" if c["decision_log"] else "none"),
        ("Accountable (RACI)", raci), ("Frameworks", ", ".join(c["frameworks"]) or "none"),
        ("Purpose", c["purpose"] or "—"),
        ("Revisions", "; ".join(f"Q{r['quarter']} {r['reason']}" for r in c["revisions"])),
    ]
    body = "".join(f"<tr><th>{escape(k)}</th><td>{escape(str(v))}</td></tr>" for k, v in rows)
    return f"<h3>Governance committee charter</h3><table><tbody>{body}</tbody></table>"


def _standards(standards: list[Plain]) -> str:
    if not standards:
        return "<h3>Standards</h3><p>No standard was proposed.</p>"
    rows = "".join(
        f"<tr><td>{escape(s['name'])}<br><span class=\"muted small\">{escape(s['spec'])}"
        f"</span></td><td>{escape(', '.join(s['disciplines']))}</td><td>{escape(s['owner'])}"
        f"</td><td>{escape(s['mechanism'])}</td><td>{escape(s['kpi'])}</td>"
        f"<td>Q{s['proposed']}</td><td>{_adopted(s['adopted'])}</td></tr>" for s in standards)
    return ("<h3>Standards</h3><table><thead><tr><th>Standard</th><th>Disciplines</th>"
            "<th>Owner</th><th>Adoption</th><th>KPI</th><th>Proposed</th><th>Adopted</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>")


def _adopted(quarter: int | None) -> str:
    return f"Q{quarter}" if quarter is not None else "not yet"


def _leaderboard(lb: Plain, highlight: str = "") -> str:
    def levels(row: Plain) -> str:
        return "".join(f"<td>{_chip(row['levels'][o])}</td>" for o in sorted(row["levels"]))

    head = ("<tr><th class=\"num\">Rank</th><th>Team</th><th class=\"num\">Outcome</th>"
            "<th class=\"num\">Value</th><th class=\"num\">Goals</th>"
            "<th>LO1</th><th>LO2</th><th>LO3</th><th>LO4</th><th>LO5</th></tr>")

    def line(row: Plain) -> str:
        name = escape(row["name"])
        if row["team"] == highlight:
            name = f"<strong>{name}</strong>"
        return (f"<tr><td class=\"num\">{row['rank']}</td><td>{name}</td>"
                f"<td class=\"num\">{row['outcome']}</td><td class=\"num\">{row['value']}</td>"
                f"<td class=\"num\">{row['goals_met']}/{row['goals']}</td>{levels(row)}</tr>")

    final = "".join(line(r) for r in lb["final"])
    parts = [f"<h3>Final standings (Q{lb['final_quarter']})</h3>"
             f"<p class=\"muted small\">{escape(lb.get('tie_break', ''))}</p>"
             "<div class=\"scroll\"><table>"
             f"<thead>{head}</thead><tbody>{final}</tbody></table></div>"]
    rows = []
    for board in lb["by_quarter"]:
        for row in board["rows"]:
            if highlight and row["team"] != highlight and len(lb["final"]) > 6:
                continue
            rows.append(f"<tr><td class=\"num\">Q{board['quarter']}</td>"
                        + line(row).removeprefix("<tr>"))
    parts.append("<h3>Quarter by quarter</h3><div class=\"scroll\"><table><thead><tr>"
                 "<th class=\"num\">Quarter</th>" + head.removeprefix("<tr>") + "</thead><tbody>"
                 + "".join(rows) + "</tbody></table></div>")
    parts.append('<p class="muted small">Outcome: the organisation\'s goals (70%) plus the '
                 "health of all seven metrics, the lowest counted twice (30%). Objective levels: "
                 "B beginning, D developing, P proficient, E exemplary, each as of the end of "
                 "that quarter.</p>")
    return "\n".join(parts)


def _questions(heading: str, questions: list[Plain]) -> str:
    items = "".join(
        f"<li>{'<strong>' + escape(q['objective']) + '</strong> ' if q['objective'] else ''}"
        f"{escape(q['text'])}"
        + (f"<br><span class=\"muted small\">From this game: {escape(q['evidence'])}</span>"
           if q.get("evidence") else "") + "</li>" for q in questions)
    return f"<h3>{escape(heading)}</h3><ol class=\"questions\">{items}</ol>"


# --- the whole-game report -----------------------------------------------------------------


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


def _peer_review(pr: Plain | None, heading: str) -> str:
    """Per presenting team: the peers' levels (median, and how many gave each) beside the
    facilitator's, criterion by criterion, then the comments."""
    if not pr:
        return ""
    per = "team" if pr["mode"] == "team" else "person"
    out = [f'<section id="peer-review"><h2>{escape(heading)}</h2>',
           f"<p class=\"muted small\">One review per {per}. Levels: B beginning, D developing, "
           "P proficient, E exemplary.</p>"]
    if not pr["teams"]:
        out.append("<p>No team has presented yet.</p>")
    for t in pr["teams"]:
        state = "" if t["closed"] else " (reviews still open)"
        n = t["reviews"]
        out.append(f"<h3>{escape(t['name'])}: {n} peer review{'' if n == 1 else 's'}"
                   f"{state}</h3>")
        rows = []
        for c in t["criteria"]:
            peer = (_badge(OBJECTIVE_LEVELS.index(c["peer_level"]) + 1, c["peer_level"])
                    + f' <span class="muted small">mean {c["peer_mean"]}</span>'
                    if c["peer_level"] else "—")
            fac = (_badge(OBJECTIVE_LEVELS.index(c["facilitator"]) + 1, c["facilitator"])
                   if c["facilitator"] else "—")
            spread = " · ".join(str(c["peers"][lvl]) for lvl in c["peers"])
            rows.append(f"<tr><td>{escape(c['title'])} <span class=\"muted small\">"
                        f"{c['objective']}: {escape(c['text'])}</span></td><td>{peer}</td>"
                        f"<td class=\"num\">{spread}</td><td>{fac}</td></tr>")
        out.append("<table><thead><tr><th>Criterion</th><th>Peers: median (mean)</th>"
                   "<th class=\"num\">Peers 1 · 2 · 3 · 4</th><th>Facilitator</th></tr>"
                   f"</thead><tbody>{''.join(rows)}</tbody></table>")
        notes = [(c["title"], x["by"], x["text"]) for c in t["criteria"]
                 for x in c["comments"]]
        notes += [(c["title"], "facilitator", c["facilitator_comment"])
                  for c in t["criteria"] if c["facilitator_comment"]]
        if notes:
            out.append("<ul>" + "".join(f"<li><strong>{escape(title)}</strong>, {escape(by)}: "
                                        f"{escape(text)}</li>" for title, by, text in notes)
                       + "</ul>")
    out.append("</section>")
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
