"""The HTML debrief's peer review of roadmaps: the peers' levels beside the facilitator's, with
the comments."""

from __future__ import annotations

from html import escape

from triops.game.model.vocab import OBJECTIVE_LEVELS
from triops.report.html_parts import Plain, _badge


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
