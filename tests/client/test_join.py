"""The join screen: what a first-time player types, and what they are told when it is wrong."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tests.client.live import LiveApp, LiveGame, run, screen_text, wait_until
from triops.client.common.help import HelpScreen
from triops.client.player import TokenStore
from triops.client.player.app import PlayerApp
from triops.client.player.screens.join import JoinScreen


def fill(app: PlayerApp, **values: str) -> None:
    for name, value in values.items():
        app.screen.query_one(f"#join-{name}", Input).value = value


def test_join_screen_team_names_in_any_case_and_clear_errors(tmp_path: Path) -> None:
    async def scenario() -> None:
        game = LiveGame(bots="none", teams=("Red", "Blue"))
        store = TokenStore(tmp_path / "player.json")
        app = LiveApp(game, store, join=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await game.ensure()
            await wait_until(pilot, lambda: isinstance(app.screen, JoinScreen))
            # an unknown team: the screen names the real ones
            fill(app, server=game.url.removeprefix("ws://"), code=game.code.lower(),
                 team="Green", name="Ada")
            await pilot.press("enter")
            await wait_until(pilot, lambda: "Its teams are: Red, Blue" in screen_text(app),
                             what="the unknown-team message")
            assert isinstance(app.screen, JoinScreen)
            # "blue" is Blue; the role and the Join button take clicks
            fill(app, team="blue")
            await pilot.click("#role-finops")
            await pilot.click("#join-go")
            await wait_until(pilot, lambda: app.view, what="the joined view")
            assert not isinstance(app.screen, JoinScreen)
            assert app.view["you"] == {"team": "t2", "team_name": "Blue", "role": "finops",
                                       "name": "Ada"}
            # the values are remembered for next time, the token kept
            assert store.last().server == game.url
            assert store.find(game.url, game.code, "Blue", "finops") is not None
    run(scenario())


def test_a_taken_seat_is_refused_with_a_sentence(tmp_path: Path) -> None:
    async def scenario() -> None:
        game = LiveGame(bots="none")
        first = LiveApp(game, TokenStore(tmp_path / "a.json"))
        first.game_stops = False
        async with first.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: first.view)
        second = LiveApp(game, TokenStore(tmp_path / "b.json"))
        async with second.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: isinstance(second.screen, JoinScreen)
                             and "already holds that seat" in screen_text(second),
                             what="the seat-taken message")
    run(scenario())


def test_help_lists_the_keys_of_every_area(tmp_path: Path) -> None:
    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(100, 60)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await pilot.press("question_mark")
            await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
            text = str(app.screen.query_one("#help-keys").render())
            for words in ("Investigate", "Diagnose", "Respond", "Fund (pledge)",
                          "Transfer credits", "Add line", "Save charter", "Propose",
                          "Earlier quarter", "Mark yourself ready", "Write in team chat",
                          "command palette", "Plain-language meaning"):
                assert words in text, words
    run(scenario())
