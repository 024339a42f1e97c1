"""What a practitioner hit in a full solo game (issue 17 follow-up): when a level takes
effect, waste warned before the purchase, and keys that act on the row or incident in view.

Each test drives the real player app against a real local server over WebSockets.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, OptionList, Static

from tests.client.live import LiveApp, LiveGame, run, screen_text, to_planning, wait_until
from triops.client.player import TokenStore
from triops.client.player.panels.initiatives import InitiativesPanel
from triops.client.player.screens.modals import AmountScreen


def _detail(app: LiveApp) -> str:
    return str(app.main.query_one("#initiative-text", Static).content)


def test_the_initiatives_tab_says_when_a_level_takes_effect_as_the_server_works_it_out(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"), role="finops")
        async with app.run_test(size=(140, 44)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await to_planning(game, pilot, app, 1)
            await pilot.press("3")
            panel = app.main.query_one(InitiativesPanel)
            for ident in ("I5", "I1"):
                panel.selected = ident
                panel.show(app.view)
                await pilot.pause(0.05)
                nxt = next(i for i in app.view["team"]["initiatives"] if i["id"] == ident)["next"]
                text = _detail(app)
                assert "after purchase" not in text and "at once" not in text
                if nxt["delay"] == 0:
                    assert "takes effect in the quarter it is bought (Q1)" in text, text
                else:
                    assert f"takes effect from Q{nxt['takes_effect']}" in text, text
                    assert nxt["takes_effect"] == 1 + nxt["delay"]
    run(scenario())


def test_a_level_that_would_land_after_the_last_quarter_is_marked_waste_before_buying(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"), role="finops")
        async with app.run_test(size=(140, 44)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await to_planning(game, pilot, app, 6)
            inis = app.view["team"]["initiatives"]
            wasted = [i for i in inis if i.get("next") and i["next"]["wasted"]]
            kept = [i for i in inis if i.get("next") and not i["next"]["wasted"]]
            assert wasted and kept  # delay 1 lands in Q7; delay 0 still in Q6
            await pilot.press("3")
            await pilot.pause(0.2)
            table = app.main.query_one("#initiative-table", DataTable)
            marks = {str(table.get_row(i["id"])[0]): "waste" in str(table.get_row(i["id"])[3])
                     for i in inis if i.get("next")}
            assert marks == {i["id"]: bool(i["next"]["wasted"]) for i in inis if i.get("next")}
            # The detail warns, and so does the pledge dialog, before anything is bought.
            target = next(i for i in wasted if "finops" in i["owners"])
            panel = app.main.query_one(InitiativesPanel)
            panel.selected = target["id"]
            panel.show(app.view)
            await pilot.pause(0.05)
            assert "Waste: bought now it would take effect from Q7, after the last quarter " \
                   "(Q6)" in _detail(app)
            await pilot.press("f")
            await wait_until(pilot, lambda: isinstance(app.screen, AmountScreen),
                             what="the pledge dialog")
            assert "Waste: bought now it would take effect from Q7" in screen_text(app)
            await pilot.press("enter")
            await wait_until(pilot, lambda: any(
                (i.get("next") or {}).get("pledges", {}).get("finops")
                for i in app.view["team"]["initiatives"]), what="the pledge")
            # The Ready summary says it too.
            await pilot.press("r")
            await wait_until(pilot, lambda: "Funding (pledges)" in screen_text(app),
                             what="the ready summary")
            assert "WASTE: it would take effect from Q7, after the last quarter" in \
                screen_text(app)
    run(scenario())


def test_home_goes_to_the_first_row_so_f_pledges_to_the_row_in_view(tmp_path: Path) -> None:
    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"), role="finops")
        async with app.run_test(size=(140, 44)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await to_planning(game, pilot, app, 1)
            await pilot.press("3")
            await pilot.pause(0.1)
            table = app.main.query_one("#initiative-table", DataTable)
            assert app.focused is table
            for _ in range(4):
                await pilot.press("down")
            await pilot.pause(0.05)
            assert table.cursor_row == 4
            await pilot.press("home")
            await pilot.pause(0.05)
            first = app.view["team"]["initiatives"][0]["id"]
            assert table.cursor_row == 0
            assert app.main.query_one(InitiativesPanel).selected == first
            await pilot.press("end")
            await pilot.pause(0.05)
            assert table.cursor_row == table.row_count - 1
            await pilot.press("home")
            await pilot.press("f")
            await wait_until(pilot, lambda: isinstance(app.screen, AmountScreen),
                             what="the pledge dialog")
            assert f"Pledge to {first}" in screen_text(app)
    run(scenario())


def test_leaving_chat_with_tab_gives_the_arrow_keys_back_to_the_incidents(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await to_planning(game, pilot, app, 1)
            assert len([i for i in app.view["team"]["incidents"]
                        if i["status"] == "open"]) >= 2
            await pilot.press("2")
            await pilot.pause(0.1)
            panel = app.main.query_one("#incidents")
            for leave in ("escape", "tab", "shift+tab"):
                await pilot.press("c")
                await pilot.press(*"hi", "enter")
                await pilot.press(leave)
                await pilot.pause(0.1)
                assert isinstance(app.focused, OptionList), (leave, app.focused)
                before = panel.selected  # type: ignore[attr-defined]
                await pilot.press("down")
                await pilot.pause(0.05)
                await pilot.press("up")
                await pilot.pause(0.05)
                after_up = panel.selected  # type: ignore[attr-defined]
                await pilot.press("down")
                await pilot.pause(0.05)
                assert panel.selected != after_up, leave  # type: ignore[attr-defined]
                assert before is not None
    run(scenario())


def test_page_up_and_page_down_scroll_the_chat_from_the_keyboard(tmp_path: Path) -> None:
    """Only the mouse wheel scrolled the chat log; a newcomer's PageUp did nothing."""
    from textual.containers import VerticalScroll

    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await to_planning(game, pilot, app, 1)
            await pilot.press("c")
            for n in range(30):
                await pilot.press(*f"message {n}", "enter")
            await wait_until(pilot, lambda: len(app.view["team"]["chat"]) >= 30,
                             what="thirty messages")
            log = app.main.query_one("#chat-log", VerticalScroll)
            await wait_until(pilot, lambda: log.max_scroll_y > 0
                             and log.scroll_y == log.max_scroll_y, what="the log at its end")
            bottom = log.scroll_y
            await pilot.press("pageup")
            await wait_until(pilot, lambda: log.scroll_y < bottom, what="a page up")
            await pilot.press("pageup", "pageup", "pageup")
            await wait_until(pilot, lambda: log.scroll_y == 0, what="the first messages")
            await pilot.press("pagedown", "pagedown", "pagedown", "pagedown", "pagedown")
            await wait_until(pilot, lambda: log.scroll_y == log.max_scroll_y,
                             what="back at the newest")
            assert app.focused is not None and app.focused.id == "chat-input"
    run(scenario())


def test_the_pledge_dialog_names_the_missing_prerequisites(tmp_path: Path) -> None:
    """It said "Its prerequisites are missing" and a newcomer had to find which ones at the
    bottom of the detail."""
    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"), role="mlops")
        async with app.run_test(size=(140, 44)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await to_planning(game, pilot, app, 1)
            await pilot.press("3")
            await pilot.pause(0.1)
            inis = app.view["team"]["initiatives"]
            row = next(n for n, i in enumerate(inis) if i["id"] == "I9")
            assert not all(p["met"] for p in inis[row]["prerequisites"])
            for _ in range(row):
                await pilot.press("down")
            await pilot.press("f")
            await wait_until(pilot, lambda: isinstance(app.screen, AmountScreen),
                             what="the pledge dialog")
            text = " ".join(screen_text(app).split())
            assert "Its prerequisites are missing (I7" in text, text
    run(scenario())
