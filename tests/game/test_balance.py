"""The retail scenario rewards what the lesson teaches (GAME.md, "Balance"), pinned on a few
seeds. The full measurement is `triops simulate --games 200`; these tests keep
a rule change from quietly breaking it."""

from __future__ import annotations

from functools import cache
from typing import Any

from tests.game.helpers import retail
from triops.simulate import BEATS_LEVEL_BELOW, BEATS_SHORTCUTS, play_all, verdicts, win_rate

SEEDS = tuple(range(101, 113))  # 12 games: about two seconds per test on one core


@cache
def _rows(strategies: tuple[str, ...]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for result in play_all(retail(), strategies, SEEDS, jobs=1):
        rows.extend(result.rows)
    return rows


def test_the_reference_roadmap_beats_silos_freezes_and_all_in_bets() -> None:
    strategies = ("reference", "silo", "cost-cutter", "all-in")
    rows = _rows(strategies)
    for shortcut in strategies[1:]:
        assert win_rate(rows, "reference", shortcut) >= BEATS_SHORTCUTS, shortcut
    rules = {rule[:2]: verdict for rule, verdict, _ in verdicts(strategies, rows)}
    assert rules["1."] == rules["3."] == rules["4."] == "PASS"


def test_expert_beats_competent_and_competent_beats_novice() -> None:
    strategies = ("expert", "competent", "novice")
    rows = _rows(strategies)
    assert win_rate(rows, "expert", "competent") >= BEATS_LEVEL_BELOW
    assert win_rate(rows, "competent", "novice") >= BEATS_LEVEL_BELOW
    expert = [r for r in rows if r["strategy"] == "expert"]
    assert sum(all(r["goals"].values()) for r in expert) >= len(expert) // 2  # winnable
