"""The HTML body of a team's debrief: its cards, objectives, metrics, timeline, cases, roadmap,
artefacts, peer review, leaderboard and reflection questions."""

from __future__ import annotations

from html import escape

from triops.report.html_artefacts import _charter, _roadmap, _standards
from triops.report.html_incidents import _cards_or_cases, _timeline
from triops.report.html_metrics import _metric_section
from triops.report.html_objectives import _objective_detail, _objective_summary, _people
from triops.report.html_parts import Plain, _early, _progress, _questions, _toc
from triops.report.html_peer_review import _peer_review
from triops.report.html_standing import _cards, _leaderboard


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
