"""The HTML debrief's learning objectives: the summary table, each objective in detail (how its
level was computed, the evidence, the next step) and what the people decided apart from the
bots."""

from __future__ import annotations

from html import escape

from triops.report.html_parts import Plain, _badge, _chip, _who


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
