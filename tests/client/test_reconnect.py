"""A dropped connection, a restarted server or a restarted client resumes the same seat."""

from __future__ import annotations

from pathlib import Path

from tests.client.live import LiveApp, LiveGame, fixed_port, run, screen_text, wait_until
from triops.client.player import TokenStore
from triops.client.player.screens.join import JoinScreen


def test_server_restart_resumes_the_seat_and_sends_queued_actions_once(tmp_path: Path) -> None:
    async def scenario() -> None:
        game = LiveGame(bots="none", db=tmp_path / "games.sqlite3", port=fixed_port())
        store = TokenStore(tmp_path / "player.json")
        app = LiveApp(game, store)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: app.view, what="the first view")
            await game.fac_act({"type": "start_game"})
            await wait_until(pilot, lambda: app.view["game"]["phase"] == "planning")
            token = store.find(game.url, game.code).token  # type: ignore[union-attr]

            await game.stop_server()
            await wait_until(pilot, lambda: app.link_state == "reconnecting",
                             what="the reconnecting state")
            assert "Reconnecting…" in screen_text(app)
            assert "reconnecting…" in screen_text(app)
            # the player keeps working: the message waits for the connection
            await pilot.press("c", *"still there?", "enter")

            await game.start_again()
            await wait_until(pilot, lambda: app.link_state == "connected", timeout=15,
                             what="the resumed connection")
            await wait_until(pilot, lambda: any(m["text"] == "still there?"
                                                for m in app.view["team"]["chat"]))
            assert app.view["you"] == {"team": "t1", "team_name": "Red", "role": "dataops",
                                       "name": "Ada"}
            assert "Reconnecting…" not in screen_text(app)
            # the same seat, the same token, and the queued message sent exactly once
            assert store.find(game.url, game.code).token == token  # type: ignore[union-attr]
            view = await game.fac_view()
            chat = [m["text"] for m in view["teams"][0]["chat"]]
            assert chat.count("still there?") == 1
            assert view["teams"][0]["seats"]["dataops"]["holder"] == "human"
    run(scenario())


def test_a_restarted_client_resumes_its_seat_without_joining_again(tmp_path: Path) -> None:
    async def scenario() -> None:
        game = LiveGame(bots="none")
        store = TokenStore(tmp_path / "player.json")
        first = LiveApp(game, store)
        first.game_stops = False
        async with first.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: first.view, what="the first view")
            await pilot.press("c", *"hello", "enter")
            await wait_until(pilot, lambda: first.view["team"]["chat"])
            await pilot.press("ctrl+q")
        # A new process: no join values, only what the store remembered.
        before = game.connections
        second = LiveApp(game, store, join=False)
        async with second.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: second.view, what="the resumed view")
            assert not isinstance(second.screen, JoinScreen)
            assert second.view["you"]["role"] == "dataops"
            assert [m["text"] for m in second.view["team"]["chat"]] == ["hello"]
            assert game.connections == before + 1  # one resume: no lookup, no join
    run(scenario())


def test_quitting_prints_the_command_that_resumes_this_seat(tmp_path: Path) -> None:
    """Started with --state, plain `triops play` would resume another seat's tokens: the
    farewell names the same --state (a workshop learner got someone else's seat)."""
    async def scenario() -> None:
        game = LiveGame(bots="none")
        store = TokenStore(tmp_path / "ben.json")
        app = LiveApp(game, store)
        app.game_stops = False
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: app.view, what="the first view")
            await pilot.press("ctrl+q")
            await wait_until(pilot, lambda: app._exit, what="the app to quit")
        assert app.return_value is not None
        assert app.return_value.startswith("Your seat is kept. To resume it: ")
        assert app.return_value.endswith(f"play --state {tmp_path / 'ben.json'}")
    run(scenario())
