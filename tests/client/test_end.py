"""The end of the game: the summary opens by itself, with the host's debrief when given."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from client.player import TokenStore
from client.player.screens.end import EndScreen
from tests.client.live import LiveApp, LiveGame, run, screen_text, wait_until


def test_the_end_screen_shows_outcome_objectives_and_the_report_path(tmp_path: Path) -> None:
    asked: list[Mapping[str, Any]] = []

    async def debrief(view: Mapping[str, Any]) -> Mapping[str, Any]:
        asked.append(view)
        return {"path": "/srv/reports/team-t1-red.html", "objectives": [
            {"id": "LO2", "title": "Analyse the challenges", "level": 3,
             "level_name": "proficient",
             "evidence": [{"quarter": 1, "decision": "pooled clues from 3 roles",
                           "consequence": "right diagnosis"}]}]}

    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"), debrief=debrief)
        async with app.run_test(size=(100, 40)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await game.fac_act({"type": "start_game"})
            await game.fac_act({"type": "end_game"})
            await wait_until(pilot, lambda: isinstance(app.screen, EndScreen)
                             and "proficient" in screen_text(app), what="the end screen")
            text = screen_text(app)
            assert "Game over" in text and "outcome" in text and "rank 1 of 1" in text
            assert "LO2 ●●●○ proficient" in text
            assert "/srv/reports/team-t1-red.html" in text
            assert asked and asked[0]["game"]["phase"] == "ended"
            await pilot.press("escape")  # back to the game to look around
            assert not isinstance(app.screen, EndScreen)
    run(scenario())
