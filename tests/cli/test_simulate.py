"""`triops simulate` as a scenario author runs it: a real subprocess."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import triops
from tests.game.helpers import retail
from triops.game.record import record_from_plain, replay
from triops.game.scoring.score import outcome_score


def test_simulate_json_has_one_row_per_team_per_game() -> None:
    result = triops("simulate", "--games", "3", "--seed", "40", "--jobs", "2",
                    "--strategies", "reference,novice,random", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["scenario"] == "retail-novice" and data["games"] == 3
    rows = data["rows"]
    assert [(r["seed"], r["strategy"]) for r in rows] == [
        (s, k) for s in (40, 41, 42) for k in ("reference", "novice", "random")]
    for row in rows:
        assert isinstance(row["outcome"], int) and 0 <= row["outcome"] <= 100
        objectives = row["objectives"]
        assert objectives is None or (
            set(objectives) == {"LO1", "LO2", "LO3", "LO4", "LO5"}
            and all(1 <= v <= 4 for v in objectives.values()))
    assert "3/3 games" in result.stderr  # the progress bar went to stderr


def test_simulate_is_the_same_on_one_core_or_two() -> None:
    args = ("simulate", "--games", "2", "--strategies", "expert,silo", "--json")
    one = triops(*args, "--jobs", "1")
    two = triops(*args, "--jobs", "2")
    assert one.returncode == two.returncode == 0
    assert json.loads(one.stdout) == json.loads(two.stdout)


def test_simulate_report_and_saved_records_that_replay(tmp_path: Path) -> None:
    result = triops("simulate", "--games", "2", "--strategies",
                    "reference,silo,cost-cutter,all-in,novice,competent,expert",
                    "--save", str(tmp_path))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "outcome (mean ±sd)" in out and "Paired win rates" in out
    for rule in ("1. reference and expert beat", "2. expert beats competent",
                 "3. no single initiative", "4. the scenario is winnable"):
        assert rule in out
    assert "[PASS]" in out or "[FAIL]" in out
    saved = sorted(tmp_path.glob("*.json"))
    assert len(saved) == 2
    record = record_from_plain(json.loads(saved[0].read_text()))
    state = replay(record, retail())
    assert state.phase == "ended"
    assert len({outcome_score(t, retail(), state.quarter, True) for t in state.teams}) > 1


def test_simulate_refuses_an_unknown_strategy() -> None:
    result = triops("simulate", "--games", "1", "--strategies", "reference,genius")
    assert result.returncode == 2
    assert "unknown strategy 'genius'" in result.stderr


def test_a_long_strategy_name_still_makes_a_valid_team_name() -> None:
    """`reference:manufacturing-experienced` is longer than a team name may be: the team is
    named by a cut, numbered form of it (the rows still carry the strategy)."""
    from triops.balance.simulate import _team_name
    from triops.game.rules.new_game import MAX_TEAM_NAME

    names = [_team_name("reference:manufacturing-experienced", n, False) for n in (3, 4)]
    assert all(len(n) <= MAX_TEAM_NAME for n in names) and len(set(names)) == 2
    assert _team_name("competent", 0, False) == "competent"
