"""The debrief reports of a full simulated game: structure, self-containment, the three formats,
and `triops report` on a saved record."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.game.helpers import retail
from triops.cli.main import main
from triops.game.bots.driver import bot_game
from triops.game.model.commands import FACILITATOR, OverrideLevel
from triops.game.model.state import GameSettings, GameState
from triops.game.model.vocab import METRICS, OBJECTIVES
from triops.game.record import record_to_plain
from triops.game.rules.reducer import apply
from triops.game.scenario.anchors import case_intro
from triops.game.scoring.objectives import objective_levels
from triops.report import (
    build_game_report,
    build_team_report,
    render_html,
    render_json,
    render_markdown,
)

TEAM_SECTIONS = ("objectives", "metrics", "timeline", "cases", "roadmap", "artefacts",
                 "leaderboard", "reflection")
GAME_SECTIONS = ("leaderboard", "objectives", "metrics", "timeline", "room", "cases", "roadmap",
                 "contributions", "reflection")
COMMENT = "Strong committee discussion in the room."


@cache
def played() -> tuple[GameState, dict[str, object]]:
    table = bot_game(retail(), GameSettings(seed=5, team_names=("Herons", "Otters")),
                     {"t1": "competent", "t2": "novice"})
    state = table.play_to_end()
    state, _ = apply(state, FACILITATOR, OverrideLevel("t2", "LO4", "proficient", COMMENT))
    return state, record_to_plain(table.record)


class Structure(HTMLParser):
    """Collects what the structure test checks: sections, SVGs and every URL-bearing attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[str] = []
        self.metric_svgs: list[str] = []
        self.svgs = 0
        self.urls: list[str] = []
        self.tags: set[str] = set()
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.add(tag)
        if tag == "section":
            self.sections.append(a.get("id") or "")
        if tag == "svg":
            self.svgs += 1
            if a.get("data-metric"):
                self.metric_svgs.append(a["data-metric"] or "")
        for name in ("src", "href", "xlink:href", "action", "srcset", "data"):
            if a.get(name):
                self.urls.append(a[name] or "")


def parse(html: str) -> Structure:
    parser = Structure()
    parser.feed(html)
    return parser


def assert_self_contained(html: str, parsed: Structure) -> None:
    assert all(u.startswith("#") for u in parsed.urls), parsed.urls
    assert not re.search(r"https?://", html)
    assert "@import" not in html and "url(" not in html
    assert not parsed.tags & {"script", "link", "img", "iframe", "object", "embed"}


def test_team_report_html_has_every_section_one_chart_per_metric_and_no_remote_resources(
) -> None:
    state, _ = played()
    html = render_html(build_team_report(state, "t1"))
    parsed = parse(html)
    assert html.startswith("<!doctype html>") and html.rstrip().endswith("</html>")
    assert parsed.sections == list(TEAM_SECTIONS)
    assert sorted(parsed.metric_svgs) == sorted(METRICS)  # exactly one chart per metric
    assert 'data-chart="outcome"' in html and 'data-chart="value"' in html
    assert_self_contained(html, parsed)
    for objective in OBJECTIVES:
        assert f'id="{objective.lower()}"' in html
    assert "How the level was computed" in html and "To reach" in html
    assert "Reference roadmap" in html and "Team's roadmap" in html
    assert "Final standings" in html and "Quarter by quarter" in html
    assert "Per-seat contributions" not in html  # the facilitator's, not the team's


def test_game_report_html_covers_every_team_and_shows_overrides() -> None:
    state, _ = played()
    html = render_html(build_game_report(state))
    parsed = parse(html)
    assert parsed.sections == list(GAME_SECTIONS)
    assert sorted(parsed.metric_svgs) == sorted(METRICS)
    assert_self_contained(html, parsed)
    assert "Herons" in html and "Otters" in html
    assert COMMENT in html and "Per-seat contributions" in html
    assert "For the facilitator" in html and "For every team" in html


def test_override_shows_computed_and_confirmed_levels_in_every_format() -> None:
    state, _ = played()
    report = build_team_report(state, "t2")
    lo4 = next(o for o in report["objectives"] if o["id"] == "LO4")
    computed = objective_levels(state, "t2", confirmed=False)["LO4"]
    assert (lo4["computed"], lo4["confirmed"], lo4["comment"]) == (computed, 3, COMMENT)
    assert lo4["level"] == 3
    assert COMMENT in render_markdown(report) and COMMENT in render_html(report)


def test_json_report_is_the_model_for_an_lms() -> None:
    state, _ = played()
    report = build_team_report(state, "t1")
    data = json.loads(render_json(report))
    assert data["format"] == "triops-debrief" and data["kind"] == "team"
    assert [o["id"] for o in data["objectives"]] == list(OBJECTIVES)
    levels = {o["id"]: o["level"] for o in data["objectives"]}
    assert levels == objective_levels(state, "t1")
    assert data["outcome"]["score"] == data["leaderboard"]["final"][
        [r["team"] for r in data["leaderboard"]["final"]].index("t1")]["outcome"]
    for objective in data["objectives"]:
        for item in objective["evidence"]:
            assert set(item) == {"quarter", "decision", "consequence", "tone", "actor", "name"}
    series = data["metrics"]["series"][0]["values"]
    assert set(series) == set(METRICS) and len(series["data_trust"]) == 7  # Q0..Q6
    assert len(data["leaderboard"]["by_quarter"]) == 7


def test_markdown_report_has_the_same_sections() -> None:
    state, _ = played()
    md = render_markdown(build_team_report(state, "t1"))
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings == ["## Learning objectives", "## Metrics over the quarters",
                        "## Timeline: incidents, injects and decisions",
                        "## Debrief cards: each incident, its cause and the real case",
                        "## Roadmap beside the reference roadmap", "## Charter and standards",
                        "## Leaderboard", "## Reflection questions"]
    for objective in OBJECTIVES:
        assert f"### {objective}:" in md


def test_a_team_report_shows_other_teams_only_on_the_public_leaderboard() -> None:
    state, _ = played()
    report = build_team_report(state, "t1")
    assert "contributions" not in report
    assert [s["team"] for s in report["metrics"]["series"]] == ["t1"]
    private = {k: v for k, v in report.items() if k not in ("leaderboard", "game")}
    assert "Otters" not in json.dumps(private) and "t2" not in json.dumps(private)
    assert "Otters" in json.dumps(report["leaderboard"])


def test_triops_report_writes_every_team_and_the_game_from_a_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, record = played()
    path = tmp_path / "game.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    out = tmp_path / "debrief"
    assert main(["report", str(path), "--out", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([*(f"{stem}.{ext}" for stem in
                              ("game", "team-t1-herons", "team-t2-otters")
                              for ext in ("md", "html", "json")),
                            *(f"team-{t}-roadmap.{ext}" for t in ("t1-herons", "t2-otters")
                              for ext in ("md", "csv"))])
    printed = capsys.readouterr().out.split()
    assert len(printed) == 13
    game = json.loads((out / "game.json").read_text(encoding="utf-8"))
    assert [t["name"] for t in game["teams"]] == ["Herons", "Otters"]


def test_triops_report_refuses_bad_input_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"not": "a record"}', encoding="utf-8")
    assert main(["report", str(bad), "--out", str(tmp_path / "x")]) == 2
    assert "Cannot read the game" in capsys.readouterr().err
    assert main(["report", "--out", str(tmp_path / "y")]) == 2
    assert main(["report", str(bad), "--format", "pdf"]) == 2
    assert not (tmp_path / "x").exists()


def test_triops_report_demo_saves_a_record_that_replays_to_the_same_report(
    tmp_path: Path
) -> None:
    record = tmp_path / "demo.json"
    assert main(["report", "--demo", "--seed", "3", "--levels", "competent", "--format", "json",
                 "--out", str(tmp_path / "a"), "--save-record", str(record)]) == 0
    assert main(["report", str(record), "--format", "json", "--out", str(tmp_path / "b")]) == 0
    first = (tmp_path / "a" / "game.json").read_text(encoding="utf-8")
    second = (tmp_path / "b" / "game.json").read_text(encoding="utf-8")
    assert first == second


def test_the_lo3_justification_is_quoted_in_every_format() -> None:
    from tests.game.test_objectives import JUSTIFICATION, PLANNERS, scripted_game

    report = build_team_report(scripted_game(), PLANNERS)
    lo3 = next(o for o in report["objectives"] if o["id"] == "LO3")
    quoted = [e for e in lo3["evidence"] if e["decision"].startswith("Responded to")]
    assert quoted and all(f"justification: “{JUSTIFICATION}”" in e["decision"] for e in quoted)
    md, html = render_markdown(report), render_html(report)
    for text in (md, html):
        assert f"justification: “{JUSTIFICATION}”" in text  # beside the response, in LO3
        assert f"because “{JUSTIFICATION}”" in text  # and on the timeline
    assert json.loads(render_json(report))["objectives"][2]["evidence"] == lo3["evidence"]


def test_the_roadmap_section_checks_kpi_targets_and_marks_cosmetic_revisions() -> None:
    from tests.game.test_objectives import PLANNERS, draft_only, nudged, scripted_game

    report = build_team_report(scripted_game(), PLANNERS)
    kpis = report["roadmap"]["kpis"]
    assert kpis and {k["status"] for k in kpis} <= {"met", "replanned", "pending", "ignored"}
    revisions = [v for v in report["roadmap"]["revisions"] if v["quarter"] > 0]
    assert revisions and all(v["change"].startswith("plan changed") for v in revisions)
    md, html = render_markdown(report), render_html(report)
    assert "KPI targets against the metrics" in md and "KPI targets against the metrics" in html
    assert kpis[0]["kpi"] in md
    # A team that only nudges its targets sees each revision marked cosmetic.
    state = scripted_game()
    cosmetic = nudged(draft_only(state.team(PLANNERS)))
    state = replace(state, teams=tuple(cosmetic if t.id == PLANNERS else t for t in state.teams))
    report = build_team_report(state, PLANNERS)
    changes = [v["change"] for v in report["roadmap"]["revisions"] if v["quarter"] > 0]
    assert changes and all(c.startswith("cosmetic") for c in changes)
    assert "cosmetic: only KPI targets nudged" in render_markdown(report)


def test_a_symptom_fix_is_contained_in_the_timeline_not_resolved() -> None:
    from triops.report.model import _outcome_line

    d = {"spec": "R3", "diagnosis": "dead-job", "correct": False, "response": "cold-storage",
         "class": "poor", "result": "suppressed"}
    during, _ = _outcome_line(retail(), d, reveal=False)
    after, _ = _outcome_line(retail(), d, reveal=True)
    assert "resolved" not in during and "the symptom went away; the cause is still there" in during
    assert "would come back" in after and "resolved" not in after


def test_the_debrief_names_the_real_case_behind_every_incident_of_the_game() -> None:
    """Each incident a team met, once, with the real case or framework it draws on and
    whether that is a public report or a composite, in every format; a team's report made
    mid-game names only the cases of incidents already resolved (as its seats see them)."""
    state, _ = played()
    scenario = state.scenario
    for team in state.teams:
        report = build_team_report(state, team.id)
        met = {i.spec for i in team.incidents.values()}
        assert {c["incident"] for c in report["cases"]} == met
        for c in report["cases"]:
            assert c["anchor"] == scenario.incidents[c["incident"]].anchor
            assert c["kind"] == ("composite" if c["anchor"].startswith("Composite")
                                 else "reported")
        md = render_markdown(report)
        html = render_html(report)
        for c in report["cases"]:
            label, text = case_intro(c["kind"], c["anchor"])
            assert f"{label}: {text}" in md
            assert c["title"].replace("'", "&#x27;") in html
        assert "Drawn from (composite)" in md and "The real case" in md
    game = build_game_report(state)
    assert {c["incident"] for c in game["cases"]} == {
        i.spec for t in state.teams for i in t.incidents.values()}
    assert "Herons:" in render_markdown(game)  # the cards name each team's call

    from tests.game.helpers import started, to_quarter

    mid = to_quarter(started(retail(), teams=("A",)), 2)
    open_specs = {i.spec for i in mid.team("t1").incidents.values() if i.status != "resolved"}
    assert open_specs
    cases = build_team_report(mid, "t1")["cases"]
    assert not {c["incident"] for c in cases} & open_specs
    assert all(scenario.incidents[s].anchor not in json.dumps(build_team_report(mid, "t1"))
               for s in open_specs)


def test_a_decision_with_no_single_author_is_the_teams() -> None:
    from triops.report.html import _who
    from triops.report.markdown import who

    assert who({"actor": "person", "name": "Ana"}) == "Ana"
    assert who({"actor": "bot"}) == "bot"
    assert who({}) == "team" == _who({})  # a purchase several seats paid for, idle money


def test_reflection_carries_the_lessons_questions_verbatim_with_the_games_evidence() -> None:
    from triops.report.questions import LESSON_FACILITATOR, LESSON_LEARNERS

    state, _ = played()
    team = build_team_report(state, "t1")
    md = render_markdown(team)
    assert [q["text"] for q in team["questions"]["learners"][:3]] == LESSON_LEARNERS
    assert all(q in md for q in LESSON_LEARNERS)
    game = build_game_report(state)
    lesson = game["questions"]["facilitator"][:3]
    assert [q["text"] for q in lesson] == LESSON_FACILITATOR
    engagement, challenging, practice = (q["evidence"] for q in lesson)
    assert "Bots played 6 of 6 seats" in engagement  # an all-bot game: nobody held a seat
    # the room table in a line: the same rows the room table shows, never a second count
    worst = [r for r in game["room"] if r["wrong"]]
    assert worst, "the novice team misdiagnoses something on this seed"
    top = max(worst, key=lambda r: len(r["wrong"]))
    assert f"{top['title']} ({len(top['wrong'])} of {len(top['met'])} teams)" in challenging
    assert practice.startswith("Mean objective levels across teams")
    game_md = render_markdown(game)
    assert all(q in game_md for q in LESSON_FACILITATOR) and "*From this game:*" in game_md
    assert "From this game:" in render_html(game)


def test_the_roadmap_to_take_home_opens_as_csv_and_reads_as_a_template(tmp_path: Path) -> None:
    import csv

    from triops.report import write_reports

    state, _ = played()
    written = write_reports(state, tmp_path)
    sheet = next(p for p in written if p.name == "team-t1-herons-roadmap.csv")
    with sheet.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    team = state.team("t1")
    assert len(rows) == len(team.roadmap) > 0
    assert [int(r["order"]) for r in rows] == list(range(1, len(rows) + 1))
    assert [int(r["quarter"]) for r in rows] == sorted(int(r["quarter"]) for r in rows)
    tagging = [r for r in rows if r["initiative_id"] == "I1"]
    assert tagging and "(%)" in tagging[0]["kpi"] and tagging[0]["target"].endswith("%")
    assert all(r["your_current_value"] == "" for r in rows)  # the learner's to fill in
    text = (tmp_path / "team-t1-herons-roadmap.md").read_text(encoding="utf-8")
    assert "## Gap analysis" in text and "## A governance committee proposal" in text
    assert text.count("- [ ] none") == len(rows) + 1


def test_the_room_table_shows_which_incidents_caught_most_teams() -> None:
    state, _ = played()
    game = build_game_report(state)
    rows = game["room"]
    met = {i.spec for t in state.teams for i in t.incidents.values()
           if any(e.kind == "incident_outcome" and e.detail.get("spec") == i.spec
                  for e in t.ledger)}
    assert {r["incident"] for r in rows} == met
    for r in rows:
        assert set(r["wrong"]) | set(r["herring"]) | set(r["symptom"]) <= set(r["met"])
    share = [(len(r["wrong"]) + len(r["herring"]) + len(r["symptom"])) / len(r["met"])
             for r in rows]
    assert share == sorted(share, reverse=True)  # the hardest first
    md = render_markdown(game)
    assert "## The room table: which incidents caught most teams" in md
    assert all(r["title"] in md for r in rows)
    assert 'id="room"' in render_html(game)


def test_debrief_cards_tell_each_incident_its_cause_the_red_herring_and_every_plan() -> None:
    """A card per incident and true cause the teams met: the cause, each team's call, the
    red herring with the teams that fell for it, and every plan judged against the true cause
    (the one that fits it first), with the real case. Only once the game has ended: the cause
    is the same for every team, so a card mid-game would give one team another's answer."""
    from triops.game.scoring.debrief import plan_verdict

    state, _ = played()
    game = build_game_report(state)
    cards = game["debrief"]
    judged = {(str(e.detail["spec"]), str(e.detail["cause"])) for t in state.teams
              for e in t.ledger if e.kind == "incident_outcome"}
    assert judged <= {(c["incident"], c["cause"]) for c in cards}
    for c in cards:
        spec = state.scenario.incidents[c["incident"]]
        truth = spec.diagnosis(c["cause"])
        assert truth is not None and c["cause_text"] == truth.text
        assert [p["id"] for p in c["plans"]] and len(c["plans"]) == len(spec.responses)
        first = spec.response(c["plans"][0]["id"])
        assert first is not None and plan_verdict(first, c["cause"]) == "fits"
        for team_line in c["teams"]:
            assert team_line["team"] in {t.name for t in state.teams}
        for h in c["herrings"]:
            fell = {t.name for t in state.teams for e in t.ledger
                    if e.kind == "incident_outcome" and e.detail.get("spec") == c["incident"]
                    and e.detail.get("diagnosis") == h["id"]}
            assert set(h["fell"]) <= fell
    team = build_team_report(state, "t1")
    assert team["debrief"] and all(len(c["teams"]) == 1 for c in team["debrief"])
    md, html = render_markdown(team), render_html(team)
    for c in team["debrief"]:
        assert f"**What it was:** {c['cause_text']}" in md
        assert c["plans"][0]["verdict"] in md and "The plans, against this cause" in html
    assert "Your team:" in md and "Otters:" in render_markdown(game)

    from tests.game.helpers import started, to_quarter

    mid = to_quarter(started(retail(), teams=("A",)), 2)
    assert build_team_report(mid, "t1")["debrief"] == []
    assert "## The real cases behind the incidents" in render_markdown(
        build_team_report(mid, "t1"))
    from triops.game.model.commands import EndGame

    ended, _ = apply(mid, FACILITATOR, EndGame())
    still = [t for c in build_team_report(ended, "t1")["debrief"] for t in c["teams"]
             if t["result"] == "open"]
    unjudged = [i for i in ended.team("t1").incidents.values()
                if not any(o.cause for o in i.outcomes)]
    assert unjudged and len(still) == len({(i.spec, i.cause) for i in unjudged})
    assert all(t["result_text"] == "Still open when the game ended." for t in still)


def test_peer_and_facilitator_assessments_sit_side_by_side_in_every_format() -> None:
    from triops.game.model.commands import Actor, AssessTeam, PresentTeam, StartReview, SubmitReview
    from triops.game.model.state import ReviewMark
    from triops.game.scoring.rubric import review_criteria

    state, _ = played()
    form = review_criteria(True, False)
    for actor, command in (
            (FACILITATOR, StartReview("team", charter=True, standards=False)),
            (FACILITATOR, PresentTeam("t1")),
            (Actor.seat("t2", "finops"), SubmitReview("t1", tuple(
                ReviewMark(c.id, "developing", "Otters: phase Q3 better" if n == 0 else "")
                for n, c in enumerate(form)))),
            (FACILITATOR, AssessTeam("t1", tuple(ReviewMark(c.id, "exemplary", "")
                                                 for c in form)))):
        state, _ = apply(state, actor, command)
    team = build_team_report(state, "t1")
    game = build_game_report(state)
    coverage = team["peer_review"]["teams"][0]["criteria"][0]
    assert (coverage["peer_level"], coverage["facilitator"]) == ("developing", "exemplary")
    assert game["peer_review"]["teams"][0]["name"] == "Herons"
    md = render_markdown(team)
    assert "## Peer review of the roadmap" in md
    assert "| Coverage (LO1) | developing (2.0) | 0·1·0·0 | exemplary |" in md
    assert "Coverage, Otters: Otters: phase Q3 better" in md
    html = render_html(game)
    assert '<section id="peer-review">' in html and 'href="#peer-review"' in html
    assert "Otters: phase Q3 better" in html
    assert json.loads(render_json(team))["peer_review"]["mode"] == "team"
    # The other team's report does not carry Herons' results.
    assert build_team_report(state, "t2")["peer_review"]["teams"] == []
    # Before any round, no section.
    assert build_team_report(played()[0], "t1")["peer_review"] is None
    assert "Peer review" not in render_markdown(build_team_report(played()[0], "t1"))
