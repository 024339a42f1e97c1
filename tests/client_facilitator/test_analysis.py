"""What makes a team stand out, what it has not exercised, and which inject would help."""

from __future__ import annotations

import copy
import stat
from pathlib import Path
from typing import Any

import pytest

from tests.client_facilitator.helpers import played, wire
from triops.client.facilitator import analysis as an
from triops.client.facilitator.app import join_lines
from triops.client.facilitator.create_screen import (
    Minutes,
    parse_minutes,
    team_names,
    total_minutes,
)
from triops.client.facilitator.sessions import Sessions
from triops.client.projector.bigtext import HEIGHT, big
from triops.game.views import facilitator_view

NOW = 10_000.0


def view_at(quarters: int) -> dict[str, Any]:
    return copy.deepcopy(wire(facilitator_view(played(quarters))))


def team(view: dict[str, Any], ident: str) -> dict[str, Any]:
    return next(t for t in view["teams"] if t["id"] == ident)


def words(alerts: list[an.Alert]) -> list[str]:
    return [a.word for a in alerts]


def test_a_quiet_healthy_team_raises_no_alert() -> None:
    view = view_at(1)
    red = team(view, "t1")
    for inc in red["incidents"]:
        inc["status"] = "resolved"
    assert an.alerts(red, view["game"], NOW - 10, NOW) == []


def test_crisis_stuck_and_idle_stand_out_with_reasons() -> None:
    view = view_at(3)
    game = {**view["game"], "phase": "planning", "quarter": 4, "paused": False}
    blue = team(view, "t2")
    incident = {"id": "R1@2", "title": "The Basket Shift", "severity": 4, "status": "open",
                "crisis": True, "opened": 2, "outcomes": [], "diagnosis": None,
                "response": None}
    stuck = {**incident, "id": "R3@3", "title": "Orphaned Tables", "severity": 2,
             "crisis": False, "opened": 3}
    blue["incidents"] = [incident, stuck]
    for seat in blue["seats"].values():
        seat["ready"] = False
    # A team of bots only: a crisis is news, but there is nobody to coach.
    assert words(an.alerts(blue, game, NOW - an.IDLE_SECONDS - 1, NOW)) == ["CRISIS"]
    blue["seats"]["mlops"].update(holder="human", name="Ada")
    alerts = an.alerts(blue, game, NOW - an.IDLE_SECONDS - 1, NOW)
    assert words(alerts) == ["CRISIS", "STUCK", "IDLE"]
    assert "The Basket Shift" in alerts[0].reason and "severity 4" in alerts[0].reason
    assert "Orphaned Tables" in alerts[1].reason and "diagnosis or response" in alerts[1].reason
    # The same team, paused or all ready, is not idle: nobody is expected to move.
    assert "IDLE" not in words(an.alerts(blue, {**game, "paused": True}, 0, NOW))
    for seat in blue["seats"].values():
        seat["ready"] = True
    assert "IDLE" not in words(an.alerts(blue, game, 0, NOW))


def test_over_budget_when_upkeep_outruns_money() -> None:
    view = view_at(3)
    red = team(view, "t1")
    game = {**view["game"], "phase": "review"}
    red["budget"]["held"] = 0
    red["treasury"] = [{"quarter": 3, "kind": "income", "amount": 1, "what": "budget"}]
    assert an.upkeep_due(red) > 1
    alerts = an.alerts(red, game, NOW, NOW)
    assert "OVER BUDGET" in words(alerts)
    red["budget"]["held"] = 1000
    assert "OVER BUDGET" not in words(an.alerts(red, game, NOW, NOW))


def test_coverage_reads_decisions_and_joint_work_from_the_ledger() -> None:
    view = view_at(0)
    fresh = team(view, "t1")
    fresh["ledger"] = []
    cov = an.coverage(fresh)
    assert cov.missing_objectives == ["LO1", "LO2", "LO3", "LO4", "LO5"]
    assert cov.missing_pairs == list(an.PAIRS)
    fresh["ledger"] = [
        {"quarter": 1, "kind": "diagnosis_proposed", "objectives": ["LO2"], "by": "mlops",
         "detail": {"incident": "R1@1", "diagnosis": "drift",
                    "pooled_roles": ["dataops", "mlops"]}},
        {"quarter": 1, "kind": "transfer", "objectives": ["LO4"], "by": "finops",
         "detail": {"to": "dataops", "amount": 3}},
        {"quarter": 1, "kind": "incident_opened", "objectives": ["LO2"], "by": "",
         "detail": {"incident": "R1@1"}},
    ]
    cov = an.coverage(fresh)
    assert cov.missing_objectives == ["LO1", "LO3", "LO4", "LO5"]  # a transfer is not LO4 work
    assert cov.missing_pairs == [("mlops", "finops")]


def test_a_suggestion_targets_what_a_team_has_not_touched() -> None:
    view = view_at(0)
    for t in view["teams"]:
        t["ledger"] = [e for e in t["ledger"] if e["kind"] != "charter"]
    suggestions = an.suggestions(view)
    assert {s.team for s in suggestions} == {"t1", "t2"}
    for s in suggestions:
        inject = next(i for i in view["library"] if i["id"] == s.inject)
        objectives, _ = an.inject_reach(inject)
        assert set(s.objectives) <= objectives and s.objectives
        assert s.gap.startswith(s.objectives[0])
    # An inject the team already received is never suggested again.
    first = suggestions[0]
    target = team(view, first.team)
    target["ledger"].append({"quarter": 0, "kind": "inject_received", "objectives": ["LO1"],
                             "by": "", "detail": {"inject": first.inject}})
    again = [s for s in an.suggestions(view) if s.team == first.team]
    assert all(s.inject != first.inject for s in again)


def test_effects_are_described_in_words() -> None:
    assert an.describe_effect({"kind": "budget", "amount": -5}) == "budget -5 cr"
    assert an.describe_effect({"kind": "metric", "metric": "governance", "delta": -10}) == \
        "Governance & Compliance -10"
    assert "for 2 quarters" in an.describe_effect(
        {"kind": "modifier", "metric": "cost_efficiency", "delta": -4, "quarters": 2})
    assert an.describe_inject({"effects": []}).startswith("narrative only")


def test_the_clock_reads_as_a_person_would_say_it() -> None:
    game = {"phase": "planning", "deadline": NOW + 125, "paused": False}
    assert an.clock_text(game, NOW) == "02:05 left"
    assert an.clock_text({**game, "deadline": NOW - 1}, NOW) == "time is up"
    assert an.clock_text({**game, "paused": True, "paused_remaining": 61}, NOW) == \
        "PAUSED (01:01 left)"
    assert an.clock_text({**game, "deadline": None}, NOW) == "no clock"
    assert an.clock_text({"phase": "lobby"}, NOW) == ""


def test_setup_helpers() -> None:
    assert team_names(3, ["Owls", ""]) == ["Owls", "Red", "Blue"]
    assert parse_minutes("", "Setup") is None and parse_minutes("7,5", "Setup") == 7.5
    with pytest.raises(ValueError):
        parse_minutes("soon", "Planning")
    assert "does NOT fit" in total_minutes(Minutes(10, 12, 4), 6)
    assert "76 min" in total_minutes(Minutes(10, 8, 3), 6)


def test_local_addresses_come_with_a_warning(tmp_path: Path) -> None:
    lines = join_lines("ws://127.0.0.1:8765", "K7MQ2P", tmp_path / "games.json")
    assert any("--host 0.0.0.0" in line for line in lines)
    lines = join_lines("ws://10.1.2.3:8765", "K7MQ2P", tmp_path / "games.json")
    assert not any("0.0.0.0" in line for line in lines)
    assert any("triops play --server ws://10.1.2.3:8765 --code K7MQ2P" in line for line in lines)


def test_a_console_in_a_browser_gives_browser_links(tmp_path: Path) -> None:
    lines = join_lines("ws://127.0.0.1:8765", "K7MQ2P", tmp_path / "games.json",
                       web="http://10.1.2.3:8080/")
    assert "Players:   http://10.1.2.3:8080/play?code=K7MQ2P" in lines
    assert "Projector: http://10.1.2.3:8080/watch?code=K7MQ2P" in lines
    assert not any("triops play" in line or "127.0.0.1" in line for line in lines)


def test_the_facilitator_token_is_kept_private(tmp_path: Path) -> None:
    sessions = Sessions(tmp_path)
    path = sessions.save("K7MQ2P", "ws://h:1", "secret-token", seed=5)
    assert path is not None
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert Sessions(tmp_path).find("k7m-q2p") == {"server": "ws://h:1", "token": "secret-token",
                                                 "seed": 5}


def test_block_letters_cover_join_codes() -> None:
    from triops.server.auth import CODE_ALPHABET

    drawn = big(CODE_ALPHABET)
    assert drawn.count("\n") == HEIGHT - 1
    for ch in CODE_ALPHABET:
        assert big(ch).strip(), ch


def test_a_good_plan_for_another_cause_is_not_shown_as_good_here() -> None:
    from triops.client.facilitator.drilldown import _response_class

    fits_here = {"id": "fix-feed", "class": "good", "fits": ["stale-feed"]}
    elsewhere = {"id": "recharge", "class": "good", "fits": ["no-owner"]}
    assert _response_class(fits_here, "stale-feed") == "fix-feed=good, fits the cause"
    assert _response_class(elsewhere, "stale-feed") == "recharge=good, for another cause"
    assert _response_class({"id": "wait", "class": "poor", "fits": []}, "x") == "wait=poor"
