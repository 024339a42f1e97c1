"""The facilitator's console against a real local server, driven by keys as a person would."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input, Select, SelectionList

from tests.client_facilitator.helpers import run, wait_until, widget_text
from tests.server.harness import KEY, join, running_server, settle, url
from triops.client.facilitator.app import FacilitatorApp
from triops.client.facilitator.create_screen import SetupScreen
from triops.client.facilitator.modals import (
    BotLevelScreen,
    ConfirmScreen,
    CustomInjectScreen,
    JoinCodeScreen,
    OverrideScreen,
)
from triops.client.facilitator.sessions import Sessions
from triops.client.transport import Connection

SIZE = (150, 45)


def console(server: Any, tmp_path: Path, code: str = "", token: str = "") -> FacilitatorApp:
    return FacilitatorApp(url(server), key=KEY, code=code, token=token,
                          sessions=Sessions(tmp_path), reports_dir=tmp_path / "reports")


async def create(server: Any, bots: str = "competent", teams: tuple[str, ...] = ("Red", "Blue")
                 ) -> dict[str, Any]:
    conn = await Connection.open(url(server))
    created = await conn.request({"type": "create_game", "key": KEY, "scenario": "retail-novice",
                                  "teams": list(teams), "seed": 5, "bots": bots})
    await conn.close()
    return created


def game(app: FacilitatorApp) -> dict[str, Any]:
    return dict((app.view or {}).get("game", {}))


def team(app: FacilitatorApp, ident: str) -> dict[str, Any]:
    return next(t for t in (app.view or {})["teams"] if t["id"] == ident)


def test_create_a_game_from_the_setup_screen(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_server() as server:
            app = console(server, tmp_path)
            async with app.run_test(size=SIZE) as pilot:
                setup = app.screen
                assert isinstance(setup, SetupScreen)
                await wait_until(pilot, lambda: bool(setup.scenarios), what="scenarios")
                # loaded: the blank choice no longer says "loading scenarios…"
                assert setup.query_one("#scenario", Select).prompt == "choose a scenario"
                setup.query_one("#scenario", Select).value = "retail-novice"
                count = setup.query_one("#team-count", Input)
                count.value = "3"
                await pilot.pause()
                names = setup.query_one("#team-names", Input).value
                assert names == "Red, Blue, Green"
                setup.query_one("#planning-min", Input).value = ""  # no planning clock
                setup.query_one("#seed", Input).value = "42"
                setup.query_one("#bots", Select).value = "none"
                await pilot.press("ctrl+s")
                await wait_until(pilot, lambda: isinstance(app.screen, JoinCodeScreen),
                                 what="the join code")
                code = app.code
                assert len(code) == 6
                big = widget_text(app.screen.query_one("#big-code"))
                assert "█" in big and big.count("\n") >= 4  # block letters, five rows
                await wait_until(pilot, lambda: app.view is not None, what="the first view")
                assert [t["name"] for t in game(app)["teams"]] == ["Red", "Blue", "Green"]
                assert game(app)["phase"] == "lobby" and game(app)["scenario"] == "retail-novice"
                saved = Sessions(tmp_path).find(code)
                assert saved is not None and saved["seed"] == 42 and saved["bots"] == "none"
                await pilot.press("escape")
                # A player can join with the code shown; the console sees the seat taken.
                player, _ = await join(server, code, "t3", "finops", "Grace")
                await wait_until(pilot, lambda: team(app, "t3")["seats"]["finops"]["holder"]
                                 == "human", what="the player's seat")
                await player.close()
    run(scenario())


def test_a_wrong_key_is_explained_on_the_setup_screen(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_server() as server:
            app = FacilitatorApp(url(server), key="wrong", sessions=Sessions(tmp_path))
            async with app.run_test(size=SIZE) as pilot:
                setup = app.screen
                assert isinstance(setup, SetupScreen)
                await wait_until(pilot, lambda: bool(setup.scenarios), what="scenarios")
                await pilot.press("ctrl+s")
                error = setup.query_one("#setup-error")
                await wait_until(pilot, lambda: "key" in widget_text(error), what="the error")
                assert "--key" in widget_text(error)
    run(scenario())


def test_two_bot_teams_play_with_pause_resume_and_the_end(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_server() as server:
            created = await create(server, bots="competent")
            app = console(server, tmp_path, created["code"], created["facilitator_token"])
            async with app.run_test(size=SIZE) as pilot:
                await wait_until(pilot, lambda: app.view is not None, what="the first view")
                table = app.screen.query_one("#overview-table", DataTable)
                await wait_until(pilot, lambda: table.row_count == 2, what="the overview")
                await pilot.press("s")  # start
                await wait_until(pilot, lambda: game(app)["phase"] != "lobby", what="the start")
                await pilot.press("p")  # pause, whatever phase the bots have reached
                await wait_until(pilot, lambda: game(app)["paused"], what="the pause")
                status = app.screen.query_one("#status")
                await wait_until(pilot, lambda: "PAUSED" in widget_text(status),
                                 what="the paused clock on screen")
                version = game(app)["version"]
                await pilot.pause(0.3)
                assert game(app)["version"] == version  # paused: the bots wait too
                await pilot.press("p")  # resume
                await wait_until(pilot, lambda: not game(app)["paused"], what="the resume")
                quarters_reviewed = set()
                while game(app)["phase"] != "ended":
                    await wait_until(pilot, lambda: game(app)["phase"] in ("review", "ended"),
                                     what="the bots to finish the quarter")
                    if game(app)["phase"] == "review":
                        quarters_reviewed.add(game(app)["quarter"])
                        moved = moved_on(app, game(app)["quarter"])
                        await pilot.press("a")
                        await wait_until(pilot, moved, what="the advance")
                assert quarters_reviewed == set(range(7))
                # Both teams played: every bot seat acted, and the scores moved.
                for ident in ("t1", "t2"):
                    assert len(team(app, ident)["history"]) == 7
                await wait_until(pilot, lambda: table.get_row("t1")[3] != "", what="scores")

                await pilot.press("5")
                levels = app.screen.query_one("#levels", DataTable)
                await wait_until(pilot, lambda: levels.row_count == 2, what="the levels table")
                assessment = app.assessment("t1")
                assert assessment is not None
                computed = assessment.level_name("LO3")
                wanted = "exemplary" if computed != "exemplary" else "developing"
                levels.focus()
                levels.move_cursor(row=0, column=3)  # t1, LO3
                await pilot.press("o")
                await wait_until(pilot, lambda: isinstance(app.screen, OverrideScreen),
                                 what="the override dialog")
                dialog = app.screen
                assert "Criteria" in widget_text(dialog.query_one("#override-evidence Static"))
                dialog.query_one("#override-level", Select).value = wanted
                dialog.query_one("#override-comment", Input).value = "Saw it in the debrief"
                await pilot.press("ctrl+s")
                await wait_until(pilot, lambda: bool((app.view or {}).get("overrides")),
                                 what="the override to reach the server")
                assert app.view is not None
                assert app.view["overrides"] == [{"team": "t1", "objective": "LO3",
                                                  "level": wanted,
                                                  "comment": "Saw it in the debrief"}]
                await wait_until(pilot, lambda: "✎" in str(levels.get_cell("t1", "LO3")),
                                 what="the override mark")

                await pilot.press("x")
                await wait_until(pilot, lambda: "written" in app.export_note
                                 or "not available" in app.export_note, what="the export")
                out = tmp_path / "reports"
                if "written" in app.export_note:
                    files = sorted(p.name for p in out.rglob("*.*"))
                    assert "game.html" in files and "game.json" in files
                    assert any(f.startswith("team-t1") and f.endswith(".md") for f in files)
                    text = next(out.rglob("game.md")).read_text(encoding="utf-8")
                    assert "Saw it in the debrief" in text  # the override reached the report
    run(scenario(), timeout=180)


def test_injects_reach_their_target_team_only(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_server() as server:
            created = await create(server, bots="none")
            code = created["code"]
            red, _ = await join(server, code, "t1", "dataops", "Ada")
            blue, _ = await join(server, code, "t2", "dataops", "Bea")
            app = console(server, tmp_path, code, created["facilitator_token"])
            async with app.run_test(size=SIZE) as pilot:
                await wait_until(pilot, lambda: app.view is not None, what="the first view")
                await pilot.press("s")
                await wait_until(pilot, lambda: game(app)["phase"] == "planning",
                                 what="the start")
                await pilot.press("3")
                library = app.screen.query_one("#library", DataTable)
                await wait_until(pilot, lambda: library.row_count > 0, what="the library")
                library.focus()
                library.move_cursor(row=library.get_row_index("key-person"))
                targets = app.screen.query_one("#targets", SelectionList)
                targets.select("t1")
                await pilot.pause()
                assert "RED" in widget_text(app.screen.query_one("#fire-summary"))
                await pilot.press("f")
                await wait_until(pilot, lambda: _received(team(app, "t1"), "key-person"),
                                 what="the library inject")
                assert not _received(team(app, "t2"), "key-person")

                await pilot.press("c")
                await wait_until(pilot, lambda: isinstance(app.screen, CustomInjectScreen),
                                 what="the custom inject dialog")
                dialog = app.screen
                dialog.query_one("#custom-title", Input).value = "Surprise audit"
                dialog.query_one("#custom-narrative", Input).value = "The auditors arrive early."
                dialog.query_one("#effect-kind-0", Select).value = "budget"
                dialog.query_one("#effect-value-0", Input).value = "7"
                dialog.query_one("#effect-kind-1", Select).value = "metric"
                dialog.query_one("#effect-metric-1", Select).value = "governance"
                dialog.query_one("#effect-value-1", Input).value = "-4"
                custom_targets = dialog.query_one("#custom-targets", SelectionList)
                custom_targets.deselect_all()
                custom_targets.select("t2")
                held_before = team(app, "t2")["budget"]["held"]
                await pilot.press("ctrl+s")
                await wait_until(pilot, lambda: _received(team(app, "t2"), "custom-1"),
                                 what="the custom inject")
                assert not _received(team(app, "t1"), "custom-1")
                assert team(app, "t2")["budget"]["held"] == held_before + 7

                # The seats saw it too: each only its own team's inject.
                await settle(red, 0.3)
                await settle(blue, 0.3)
                red_texts = _inject_texts(red)
                blue_texts = _inject_texts(blue)
                assert any("Key-person departure" in t for t in red_texts)
                assert not any("Surprise audit" in t for t in red_texts)
                assert any("Surprise audit" in t for t in blue_texts)
                assert not any("Key-person departure" in t for t in blue_texts)
                # Scheduled injects can be postponed from the schedule table.
                schedule = app.screen.query_one("#schedule", DataTable)
                schedule.focus()
                row = next(i for i, key in enumerate(schedule.rows)
                           if str(key.value).endswith(":customer-onboarding"))
                schedule.move_cursor(row=row)
                await pilot.press("l")
                await wait_until(pilot, lambda: _scheduled(app, "customer-onboarding") == 4,
                                 what="the postponement")
            await red.close()
            await blue.close()
    run(scenario())


def test_a_bot_takes_a_dropped_seat_and_hands_it_back(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_server() as server:
            created = await create(server, bots="none")
            code = created["code"]
            ada, _ = await join(server, code, "t1", "mlops", "Ada")
            app = console(server, tmp_path, code, created["facilitator_token"])
            async with app.run_test(size=SIZE) as pilot:
                await wait_until(pilot, lambda: app.view is not None, what="the first view")
                await ada.close()  # Ada's laptop dies
                await pilot.press("4")
                seats = app.screen.query_one("#seats-table", DataTable)
                await wait_until(pilot, lambda: seats.row_count == 6, what="the seats")
                seats.focus()
                seats.move_cursor(row=seats.get_row_index("t1:mlops"))
                await pilot.press("b")
                await wait_until(pilot, lambda: isinstance(app.screen, BotLevelScreen),
                                 what="the bot dialog")
                await pilot.click("#bot-expert")
                await wait_until(pilot, lambda: team(app, "t1")["seats"]["mlops"]["holder"]
                                 == "bot", what="the bot")
                seat = team(app, "t1")["seats"]["mlops"]
                assert seat["bot_level"] == "expert" and seat["name"] == "Ada"
                await wait_until(pilot, lambda: "bot (expert)" in str(seats.get_row("t1:mlops")),
                                 what="the seats table")
                await pilot.press("h")
                await wait_until(pilot, lambda: team(app, "t1")["seats"]["mlops"]["holder"]
                                 == "human", what="the hand-back")
                # A message to one team lands in that team's chat only.
                await pilot.press("m")
                app.screen.query_one("#bc-target", Select).value = "t2"
                app.screen.query_one("#bc-text", Input).value = "Five minutes left"
                await pilot.press("enter")
                await wait_until(pilot, lambda: any(m["text"] == "Five minutes left"
                                                    for m in team(app, "t2")["chat"]),
                                 what="the broadcast")
                assert not any(m["text"] == "Five minutes left" for m in team(app, "t1")["chat"])
                # Ending the game asks first.
                await pilot.press("5")
                await pilot.press("g")
                await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen),
                                 what="the confirmation")
                await pilot.press("y")
                await wait_until(pilot, lambda: game(app)["phase"] == "ended", what="the end")
    run(scenario())


def test_the_console_survives_a_dropped_connection(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_server() as server:
            created = await create(server, bots="none")
            app = console(server, tmp_path, created["code"], created["facilitator_token"])
            async with app.run_test(size=SIZE) as pilot:
                await wait_until(pilot, lambda: app.view is not None, what="the first view")
                assert app.link.conn is not None
                app.link.backoff = (1.0,)  # long enough to see the state on screen
                await app.link.conn.ws.close()  # the venue Wi-Fi blinks
                await wait_until(pilot, lambda: app.link_state == "reconnecting",
                                 what="the reconnecting state")
                status = app.screen.query_one("#status")
                await wait_until(pilot, lambda: "RECONNECTING" in widget_text(status),
                                 what="the reconnecting line")
                await wait_until(pilot, lambda: app.link_state == "connected", what="reconnect")
                await pilot.press("s")  # commands work again, on the resumed connection
                await wait_until(pilot, lambda: game(app)["phase"] == "planning",
                                 what="the start after reconnecting")
    run(scenario())


def moved_on(app: FacilitatorApp, quarter: int) -> Callable[[], bool]:
    return lambda: game(app)["quarter"] > quarter or game(app)["phase"] == "ended"


def _received(team_view: dict[str, Any], inject: str) -> bool:
    return any(e["kind"] == "inject_received" and e["detail"].get("inject") == inject
               for e in team_view["ledger"])


def _inject_texts(conn: Connection) -> list[str]:
    return [e["text"] for m in conn.inbox if m.get("type") == "update"
            for e in m.get("events", ()) if e["kind"] == "inject"]


def _scheduled(app: FacilitatorApp, inject: str) -> int | None:
    for s in (app.view or {}).get("schedule", ()):
        if s["inject"] == inject and s["status"] == "pending":
            return int(s["quarter"])
    return None


def test_an_unreachable_server_is_said_plainly_and_retried(tmp_path: Path) -> None:
    async def scenario() -> None:
        with socket.socket() as s:  # a port nobody listens on
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        app = FacilitatorApp(f"ws://127.0.0.1:{port}", key=KEY, sessions=Sessions(tmp_path))
        async with app.run_test(size=SIZE) as pilot:
            setup = app.screen
            assert isinstance(setup, SetupScreen)
            error = setup.query_one("#setup-error")
            await wait_until(pilot, lambda: "cannot reach" in widget_text(error),
                             what="the connection error")
            assert "retrying" in widget_text(error)
    run(scenario())
