"""The HTML debrief's standing: a team's headline cards and goals, and the leaderboard (final and
quarter by quarter)."""

from __future__ import annotations

from html import escape

from triops.report.html_parts import Plain, _chip


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
    title = "Final standings" if lb.get("game_over", True) else "Standings so far"
    parts = [f"<h3>{title} (Q{lb['final_quarter']})</h3>"
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
                 "health of all seven metrics, the lowest counted twice, by how far the team "
                 "raised it from the start (30%). Objective levels: "
                 "B beginning, D developing, P proficient, E exemplary, each as of the end of "
                 "that quarter.</p>")
    return "\n".join(parts)
