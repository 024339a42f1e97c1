"""The player client's parts that need no terminal: words, charts, clock, store, glossary."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from triops.client.common.charts import bar_chart, series, spark
from triops.client.common.countdown import countdown_text, format_remaining
from triops.client.common.glossary import GLOSSARY, search, terms_in
from triops.client.player.labels import condition_label
from triops.client.player.text import (
    commit_summary,
    cost_text,
    left_without_a_plan,
    report_text,
    shortfalls,
    teammates,
)
from triops.client.player.tokens import JoinRequest, SavedSeat, TokenStore


def seat_view(**team: Any) -> dict[str, Any]:
    seats = {r: {"role": r, "holder": "empty", "name": "", "ready": False, "ap": 2}
             for r in ("dataops", "mlops", "finops")}
    seats["dataops"].update(holder="human", name="Ada")
    base = {"seats": seats, "budget": {"envelopes": {"dataops": 5, "mlops": 1, "finops": 9},
                                       "pool": None, "held": 15},
            "incidents": [], "initiatives": [], "roadmap": [], "charter_problems": [],
            "standards": []}
    base.update(team)
    return {"game": {"phase": "planning", "quarter": 1, "quarters": 6},
            "you": {"role": "dataops", "team": "t1", "team_name": "Red"}, "team": base}


def test_sparkline_uses_the_whole_scale_but_never_exaggerates_a_small_change() -> None:
    assert spark([0, 50, 100], 0, 100) == "▁▅█"
    assert len(set(spark([50, 51]))) == 2 and spark([50, 51]) != "▁█"
    assert spark([]) == ""


def test_series_appends_the_current_value_only_when_it_moved() -> None:
    history = [{"quarter": 0, "metrics": {"data_trust": 40}},
               {"quarter": 1, "metrics": {"data_trust": 45}}]
    assert series("data_trust", {"data_trust": 45}, history) == [40, 45]
    assert series("data_trust", {"data_trust": 47}, history) == [40, 45, 47]


def test_bar_chart_has_a_scale_and_labels() -> None:
    text = bar_chart([10, 90], rows=3, labels=["Q1", "Q2"]).plain.splitlines()
    assert text[0].startswith("100┤") and text[2].startswith("  0┤")
    assert text[-1].strip() == "Q1 Q2"


def test_countdown_words() -> None:
    assert format_remaining(65.2) == "1:06"
    assert format_remaining(3725) == "1:02:05"
    assert format_remaining(-3) == "0:00"
    game = {"phase": "planning", "deadline": 1000.0, "paused": False}
    assert countdown_text(game, 700.0).plain == "5:00 left"
    assert countdown_text(game, 950.0).plain.endswith("left !")  # urgent, not only red
    assert countdown_text({**game, "paused": True, "paused_remaining": 90},
                          0).plain == "paused · 1:30"
    assert countdown_text({**game, "deadline": None}, 0).plain == "no time limit"
    # words, not ⏱ or ⏸: browser fonts draw those glyphs as empty boxes (triops web)
    for state in (game, {**game, "paused": True, "paused_remaining": 90},
                  {**game, "deadline": 1.0}):
        assert not {"⏱", "⏸"} & set(countdown_text(state, 700.0).plain)


def test_ready_is_a_glyph_as_well_as_a_colour() -> None:
    view = seat_view()
    view["team"]["seats"]["mlops"]["ready"] = True
    line = teammates(view).plain
    assert "✓ MLOps ⚙bot" in line and "○ DataOps (you)" in line


def test_costs_and_shortfalls_per_role() -> None:
    assert cost_text({"finops": 2, "dataops": 1}, {"finops": 1}) == \
        "DataOps 1 cr · FinOps 2 cr + 1 AP"
    view = seat_view()
    assert shortfalls(view, {"mlops": 3}, {"dataops": 3}) == [
        "DataOps has 2 AP, needs 3", "MLOps has 1 cr, needs 3"]
    # what the current draft reserves comes back when it is replaced
    assert shortfalls(view, {"mlops": 3}, {}, reserved_cr={"mlops": 2}) == []


def test_a_plan_that_takes_the_ap_every_plan_for_another_incident_needs_is_named() -> None:
    # A newcomer's plan took DataOps' last AP; every plan for the next incident needed one,
    # and it escalated unanswered.
    def incident(ident: str, plans: list[dict[str, Any]], **more: Any) -> dict[str, Any]:
        return {"id": ident, "title": f"The {ident}", "status": "open", "response": None,
                "reserved": {}, "responses": plans, **more}

    greedy = {"id": "big", "cost": {}, "ap": {"dataops": 2}}
    light = {"id": "small", "cost": {}, "ap": {"finops": 1}}
    other = incident("B", [{"id": "x", "cost": {}, "ap": {"dataops": 1}},
                           {"id": "y", "cost": {}, "ap": {"dataops": 1, "mlops": 1}}])
    first = incident("A", [greedy, light])
    view = seat_view(incidents=[first, other])  # every seat has 2 AP
    assert left_without_a_plan(view, first, "big") == ["The B (DataOps has 0 AP, needs 1)"]
    assert left_without_a_plan(view, first, "small") == []
    # a plan already drafted for the other incident, or one already blocked, is not news
    drafted = seat_view(incidents=[first, {**other, "response": "x"}])
    assert left_without_a_plan(drafted, first, "big") == []
    # choosing again what this incident's draft already holds takes nothing more
    holding = incident("A", [greedy, light], response="big", reserved={"ap": {"dataops": 2}})
    view = seat_view(incidents=[holding, other])
    view["team"]["seats"]["dataops"]["ap"] = 1
    assert left_without_a_plan(view, holding, "big") == []


def test_commit_summary_says_what_will_not_happen() -> None:
    ini = {"id": "I4", "name": "Data Contracts", "next": {
        "level": "crawl", "cost": 9, "pledges": {"dataops": 5}, "owners_short": ["mlops"]}}
    inc = {"id": "X@1", "title": "Broken feed", "severity": 2, "status": "open",
           "diagnoses": [], "responses": [], "reserved": {"cr": {}, "ap": {}}}
    text = commit_summary(seat_view(initiatives=[ini], incidents=[inc])).plain
    assert "Broken feed" in text and "No diagnosis yet" in text and "escalates" in text
    assert "NOT bought unless: 4 cr short; still needs a share from MLOps" in text


def test_commit_summary_lists_a_regulator_clock_the_team_has_not_notified() -> None:
    """The incident tab said "not notified yet"; the Ready screen said nothing."""
    inc = {"id": "X@1", "title": "Broken feed", "severity": 2, "status": "open",
           "diagnoses": [], "responses": [], "reserved": {"cr": {}, "ap": {}},
           "clock_due": 3, "notified": False}
    text = commit_summary(seat_view(incidents=[inc])).plain
    assert "Regulator clock on Broken feed: not notified, due at the end of Q3" in text
    now = commit_summary(seat_view(incidents=[{**inc, "clock_due": 1}])).plain
    assert "Regulator clock on Broken feed: not notified, due as this quarter resolves" in now
    told = commit_summary(seat_view(incidents=[{**inc, "notified": True}])).plain
    assert "Regulator clock" not in told
    # A drafted plan that resolves it this quarter settles the clock too, unreported: the
    # summary said "due at the end of Q3" and a newcomer was fined for it.
    planned = commit_summary(seat_view(incidents=[{**inc, "response": "fix-feed"}])).plain
    assert "due this quarter: a plan is drafted" in planned, planned


def test_commit_summary_in_the_last_quarter_says_unspent_money_is_lost() -> None:
    view = seat_view()
    assert "carries over" in commit_summary(view).plain
    view["game"]["quarter"] = 6
    text = commit_summary(view).plain
    assert "carries over" not in text and "lost when the game ends" in text


def test_report_puts_metric_causes_under_each_change() -> None:
    events = [{"kind": "value", "text": "Value: 14 cr."},
              {"kind": "metric_change", "text": "", "data": {
                  "metric": "cost_efficiency", "before": 42, "after": 45,
                  "causes": [{"cause": "drift", "delta": -1}, {"cause": "response", "delta": 4}]}}]
    lines = report_text(events).plain.splitlines()
    change = lines.index("  M4 Cost Efficiency  42 → 45 ▲3")
    assert lines[change + 1].strip() == "• drift -1"
    assert lines[change + 2].strip() == "• response +4"


def test_report_names_the_real_case_under_each_incident_it_resolved() -> None:
    events = [
        {"kind": "incident_outcome", "text": "Feed: resolved.",
         "data": {"incident": "R2@1", "result": "resolved"}},
        {"kind": "incident_outcome", "text": "Spend: contained.",
         "data": {"incident": "X1@1", "result": "contained"}},
        {"kind": "incident_outcome", "text": "Peak: over-corrected.",
         "data": {"incident": "R5@1", "result": "over"}},
    ]
    incidents = [
        {"id": "R2@1", "anchor": "Reported in coverage of Unity's Q1 2022 earnings: bad data.",
         "anchor_kind": "reported"},
        {"id": "X1@1", "anchor": "", "anchor_kind": ""},  # open: the server sends no case
        {"id": "R5@1", "anchor": "Composite. Built on Rate Optimization.",
         "anchor_kind": "composite"},
    ]
    lines = report_text(events, incidents).plain.splitlines()
    feed = lines.index("  • Feed: resolved.")
    assert lines[feed + 1] == ("    The real case: Reported in coverage of Unity's "
                               "Q1 2022 earnings: bad data. What caused it there need not "
                               "be what caused it in your game.")
    spend = lines.index("  • Spend: contained.")
    assert lines[spend + 1] == "  • Peak: over-corrected."
    assert lines[spend + 2] == ("    Drawn from (composite): Built on Rate "
                                "Optimization.")
    assert "real case" not in report_text(events).plain  # without the incidents: no case


def test_conditions_in_words() -> None:
    names = {"I7": "Model Registry", "I3": "Unit economics"}
    assert condition_label("I7", names) == "I7 Model Registry"
    assert condition_label("I7>=walk", names) == "I7 Model Registry at walk or above"
    assert condition_label("data_trust>=50", names) == "Data Trust at 50 or more"
    assert "kill switch" in condition_label("right:block_kill", names)


def test_glossary_covers_the_lesson_terms_and_finds_them_in_text() -> None:
    for term in ("Drift", "Lineage", "FOCUS", "Data contract", "ODCS", "OpenLineage",
                 "Model card", "SLO", "Unit economics", "Crawl / walk / run"):
        assert term in GLOSSARY
    found = terms_in("Drift on the model? Check the data contracts and the SLO.")
    assert found == ["Drift", "Data contract", "SLO"]
    assert search("focus")[0].term == "FOCUS"
    # a report line pulling a metric back toward its baseline is not model drift
    assert terms_in("Governance: drift toward the baseline -11") == ["Baseline"]


def test_a_games_glossary_opens_on_its_own_industrys_terms_and_a_search_finds_all() -> None:
    """A bank's learner was offered ONC HTI-1 and FDA SaMD: the list a game opens on leaves
    out other industries' law, while a search still finds every entry."""
    bank = [t.term for t in search("", "finance")]
    assert "SR 26-2" in bank and "Drift" in bank and "EU AI Act" in bank
    assert "ONC HTI-1" not in bank and "HIPAA" not in bank and "PPAP" not in bank
    hospital = [t.term for t in search("", "healthcare")]
    assert "HIPAA" in hospital and "SR 26-2" not in hospital
    assert len(search("")) == len(GLOSSARY)  # no industry: everything
    assert search("hti-1", "finance")[0].term == "ONC HTI-1"  # a search is not filtered


def test_token_store_remembers_values_and_keeps_tokens_private(tmp_path: Path) -> None:
    store = TokenStore(tmp_path / "deep" / "player.json")
    assert store.last() == JoinRequest("", "", "", "", "")
    store.remember(JoinRequest("ws://h:1", "AB-CD", "Red", "mlops", "Ada"))
    store.save(SavedSeat("ws://h:1", "ab-cd", "t1", "mlops", "tok1", "Ada", "Red"))
    assert store.last().code == "AB-CD"
    assert store.find("ws://h:1", "ABCD", "red", "mlops").token == "tok1"  # type: ignore[union-attr]
    assert store.find("ws://h:1", "ABCD", role="dataops") is None
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600
    store.forget("tok1")
    assert store.find("ws://h:1", "ABCD") is None
    (tmp_path / "deep" / "player.json").write_text("{not json")
    assert TokenStore(tmp_path / "deep" / "player.json").seats() == []


def test_a_person_whose_seat_a_bot_plays_is_told_so() -> None:
    view = seat_view()
    view["team"]["seats"]["dataops"]["holder"] = "bot"
    line = teammates(view).plain
    assert "DataOps (you: ⚙bot plays until handed back)" in line


def test_a_symptom_fixed_incident_reads_contained_never_resolved() -> None:
    from triops.client.player.panels.incidents import incident_label, incident_text

    inc = {"id": "R3@1", "title": "The Unallocated Warehouse Line", "status": "contained",
           "severity": 2, "opened": 1, "seams": [], "clues": [], "diagnoses": [],
           "responses": [], "outcomes": [{"quarter": 1, "result": "suppressed",
                                          "diagnosis_correct": False,
                                          "response_class": "poor"}]}
    label = incident_label(inc).plain
    text = incident_text(seat_view(incidents=[inc]), inc).plain
    assert "contained" in label and "resolved" not in label.lower()
    assert "Contained: the symptom went away; the cause is still there" in text
    assert "resolved" not in text.lower()


def test_a_missing_charter_reads_as_a_sentence() -> None:
    """"Needs a complete charter (Artefacts, 5): still lacks no charter has been drafted"."""
    from triops.client.player.panels.initiatives import initiative_detail

    view = seat_view(charter_problems=["no charter has been drafted"])
    ini = {"id": "I11", "name": "AI Governance Committee", "level": "none",
           "needs_charter": True, "anchor": "", "concept": ""}
    text = initiative_detail(view, ini).plain
    assert "Needs a complete charter (Artefacts, 5): no charter has been drafted" in text
    view["game"]["quarter"] = 0
    summary = commit_summary(view).plain
    assert "Charter: ! not complete: no charter has been drafted" in summary
    assert "Roadmap: 0 lines" in summary
    assert "still lacks" not in text + summary


def test_the_budget_says_what_arrived_when_cost_efficiency_moved_it() -> None:
    """"Each quarter's 48 cr arrive split …" beside an envelope of 15 of 45: cost efficiency
    moves what arrives, and the Budget tab now says by how much this quarter."""
    from triops.client.player.panels.budget import budget_text

    view = seat_view(budget={"envelopes": {"dataops": 15, "mlops": 16, "finops": 14},
                             "pool": None, "held": 45, "arrived": 45})
    view["briefing"] = {"budget": 48, "envelopes": {"dataops": 16, "mlops": 17, "finops": 15},
                        "rules": {"carry_over_cap": 24}}
    text = budget_text(view).plain
    assert "Each quarter's 48 cr arrive split" in text
    assert "45 cr this quarter" in text, text
    view["team"]["budget"]["arrived"] = 48
    assert "this quarter)" not in budget_text(view).plain
    # what teammates moved between envelopes this quarter, from the view
    assert "Moved between seats" not in budget_text(view).plain
    view["team"]["budget"]["moved"] = {"dataops": 1, "finops": -1}
    assert ("Moved between seats this quarter: DataOps received 1 cr, FinOps sent 1 cr."
            in budget_text(view).plain), budget_text(view).plain


def test_a_clue_dug_out_of_another_roles_side_is_labelled_with_that_role() -> None:
    """"FinOps (you) ◆ clue: Tracing the ranker's views…" was an MLOps clue FinOps had
    investigated; the chat names the clue's own role."""
    from triops.client.player.panels.chat import message_line

    inc = {"id": "R2@1", "title": "Bill", "status": "open", "clues": [
        {"id": "c-ml", "role": "mlops", "text": "views", "source": "found", "shared": True},
        {"id": "c-fin", "role": "finops", "text": "bill", "source": "shared", "shared": True}]}
    view = seat_view(incidents=[inc])
    found = {"quarter": 1, "sender": "finops", "kind": "clue", "text": "views",
             "incident": "R2@1", "clue": "c-ml"}
    assert "MLOps clue" in message_line(view, found).plain
    own = {**found, "clue": "c-fin", "text": "bill"}
    line = message_line(view, own).plain
    assert "◆ clue" in line and "FinOps clue" not in line
    assert "MLOps" not in message_line(view, {**found, "kind": "chat"}).plain


def test_a_clue_the_dashboard_carries_is_not_called_unshared() -> None:
    """A tester read "not shared yet" beside "every seat's clue is on the table": the
    dashboard (I10) already showed that role's clues to every seat."""
    from triops.client.player.panels.incidents import clue_lines

    inc = {"clues": [{"role": "finops", "source": "symptom", "shared": False,
                      "text": "Spend on the GPU pool tripled."}]}

    def status(roles: list[str]) -> str:
        view = {"you": {"role": "finops"}, "team": {"dashboard_roles": roles}}
        return " ".join(str(line) for line in clue_lines(view, inc))

    assert "not shared yet" in status([])
    assert "on the dashboard: every seat sees it" in status(["finops"])
    assert "not shared yet" not in status(["finops"])


def test_the_draft_says_when_plans_are_blocked_before_the_plan_list_does() -> None:
    """A tester learnt only in the plan list that the seat every fitting plan needed had no
    AP left (another incident's plan had reserved them)."""
    from triops.client.player.text import incident_draft

    view = {"team": {"seats": {"dataops": {"ap": 0}, "mlops": {"ap": 3}, "finops": {"ap": 3}},
                     "budget": {"pool": 30}}}
    inc = {"diagnosis": None, "response": None, "diagnoses": [], "responses": [
        {"id": "r1", "text": "Fix the feed", "cost": {"dataops": 2}, "ap": {"dataops": 2}},
        {"id": "r2", "text": "Contract the feed", "cost": {"dataops": 1}, "ap": {"dataops": 1}},
        {"id": "r3", "text": "Buy more credits", "cost": {"finops": 4}, "ap": {"finops": 1},
         "missing": []},
        {"id": "r4", "text": "Automate the checks", "cost": {"mlops": 2}, "ap": {},
         "missing": ["CI/CD (I8) in effect"]}]}
    text = " ".join(str(line) for line in incident_draft(view, inc))
    assert "3 of 4 plans blocked now, most often: DataOps has 0 AP, needs" in text, text
    free = {**view, "team": {**view["team"], "seats": {r: {"ap": 3} for r in
                                                          ("dataops", "mlops", "finops")}}}
    text = " ".join(str(line) for line in incident_draft(free, inc))
    assert "1 of 4 plans blocked now, most often: CI/CD (I8) in effect" in text, text


def test_commit_summary_lists_the_standards_the_team_is_about_to_pay_to_roll_out() -> None:
    """A newcomer found 10 cr of rollouts only in the report after the quarter resolved."""
    view = seat_view(standards_due=[{"standard": "odcs", "cost": 2, "owner": "dataops"}])
    view["catalogue"] = {"standards": {"odcs": {"name": "Data contracts on critical feeds"}}}
    text = commit_summary(view).plain
    assert "Standards adopted as the quarter resolves" in text
    assert "Data contracts on critical feeds: 2 cr to roll out, from DataOps's envelope" in text
    assert "Standards adopted" not in commit_summary(seat_view()).plain
