"""The facilitator moves the player to another seat: the client follows it, and so does
the saved token, so a restarted client resumes the new seat."""

from __future__ import annotations

from pathlib import Path

from tests.client.live import LiveApp, LiveGame, run, screen_text, wait_until
from triops.client.player import TokenStore
from triops.client.player.screens.join import JoinScreen


def test_a_moved_player_sees_the_new_seat_and_resumes_it_after_a_restart(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        game = LiveGame(teams=("Red", "Blue"), bots="none")
        store = TokenStore(tmp_path / "player.json")
        first = LiveApp(game, store)
        first.game_stops = False
        async with first.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: first.view, what="the first view")
            await game.fac_act({"type": "move_seat", "from_team": "t1", "from_role": "dataops",
                                "to_team": "t2", "to_role": "finops"})
            await wait_until(pilot, lambda: first.view["you"]["team"] == "t2",
                             what="the new seat's view")
            assert first.view["you"]["role"] == "finops"
            await wait_until(pilot, lambda: "team Blue" in screen_text(first),
                             what="the new seat on screen")
            saved = store.find(game.url, game.code)
            assert saved is not None and (saved.team, saved.role) == ("t2", "finops")
            await pilot.press("c", *"hello Blue", "enter")
            await wait_until(pilot, lambda: any(m["text"] == "hello Blue"
                                                for m in first.view["team"]["chat"]))
            await pilot.press("ctrl+q")
        # A new process resumes the seat the player was moved to.
        second = LiveApp(game, store, join=False)
        async with second.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: second.view, what="the resumed view")
            assert not isinstance(second.screen, JoinScreen)
            assert (second.view["you"]["team"], second.view["you"]["role"]) == ("t2", "finops")
    run(scenario())


def test_a_player_whose_seat_went_to_someone_else_is_told_why(tmp_path: Path) -> None:
    async def scenario() -> None:
        game = LiveGame(teams=("Red", "Blue"), bots="none")
        store = TokenStore(tmp_path / "player.json")
        app = LiveApp(game, store)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: app.view, what="the first view")
            bo = await game.connect(game.url)
            await bo.request({"type": "join", "code": game.code, "team": "t2",
                              "role": "mlops", "name": "Bo"})
            await game.fac_act({"type": "seat_bot", "team": "t1", "role": "dataops",
                                "level": "competent"})
            await game.fac_act({"type": "move_seat", "from_team": "t2", "from_role": "mlops",
                                "to_team": "t1", "to_role": "dataops"})
            await wait_until(pilot, lambda: isinstance(app.screen, JoinScreen),
                             what="the join screen")
            assert "gave your seat to another player" in screen_text(app)
            assert store.find(game.url, game.code) is None  # the dead token is forgotten
            await bo.close()
    run(scenario())
