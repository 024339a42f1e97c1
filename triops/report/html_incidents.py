"""The HTML debrief's incidents: the timeline quarter by quarter, the room table, the debrief
cards and the real cases behind the incidents."""

from __future__ import annotations

from html import escape

from triops.game.scenario.anchors import case_intro
from triops.report.html_parts import Plain
from triops.report.markdown import CARDS_HEADING


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
