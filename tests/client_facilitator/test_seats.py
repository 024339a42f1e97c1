"""Seats in the console: who is connected or dropped, and moving a player to another seat."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import DataTable, OptionList

from tests.client_facilitator.helpers import run, wait_until, widget_text
from tests.client_facilitator.test_console import SIZE, console, create, game, team
from tests.server.harness import join, url
from triops.client.facilitator import analysis as an
from triops.client.facilitator.modals import BotLevelScreen, MoveSeatScreen
from triops.client.transport import Connection

PLANNING = {"phase": "planning", "quarter": 1}


def red(**holders: str) -> dict[str, Any]:
    seats = {r: {"holder": "empty", "name": "", "ready": False} for r in ("dataops", "mlops",
                                                                          "finops")}
    for role, name in holders.items():
        seats[role] = {"holder": "human", "name": name, "ready": False}
    return {"id": "t1", "name": "Red", "seats": seats}


def test_a_person_not_connected_is_dropped_and_said_in_words() -> None:
    t = red(mlops="Ada", finops="Bo")
    presence = frozenset({("t1", "finops")})
    assert an.dropped(t, presence) == ["mlops"]
    assert an.seats_text(t, presence) == "D-· M✗· FP·"
    assert an.connection_label("t1", "mlops", t["seats"]["mlops"], presence) == "✗ DROPPED"
    assert an.connection_label("t1", "finops", t["seats"]["finops"], presence) == "connected"
    assert an.connection_label("t1", "dataops", t["seats"]["dataops"], presence) == "—"
    alert = an.dropped_alert(t, presence, PLANNING)
    assert alert is not None and alert.word == "DROPPED" and "Ada (MLOps)" in alert.reason
    # Before the server has said who is connected, nobody is called dropped.
    assert an.dropped(t, None) == [] and an.seats_text(t) == "D-· MP· FP·"
    assert an.dropped_alert(t, None, PLANNING) is None
    assert an.dropped_alert(t, presence, {"phase": "ended"}) is None


def test_a_person_back_while_a_bot_plays_their_seat_is_pointed_out() -> None:
    t = red(mlops="Ada")
    t["seats"]["mlops"].update(holder="bot", bot_level="competent")
    here = frozenset({("t1", "mlops")})
    assert an.returned(t, here) == ["mlops"]
    alert = an.returned_alert(t, here, PLANNING)
    assert alert is not None and alert.word == "BACK" and "h hands it back" in alert.reason
    assert an.returned(t, frozenset()) == [] and an.returned(t, None) == []
    assert an.dropped(t, frozenset()) == []  # a bot plays it: nobody is missing


def overview_row(app: Any, team_id: str) -> str:
    table = app.screen.query_one("#overview-table", DataTable)
    if team_id not in [r.value for r in table.rows]:
        return ""  # not drawn yet
    return " ".join(str(cell) for cell in table.get_row(team_id))


def test_a_player_who_drops_is_flagged_and_unflagged_when_back(tmp_path: Path) -> None:
    async def scenario() -> None:
        from tests.server.harness import running_server

        async with running_server() as server:
            created = await create(server, bots="none")
            code = created["code"]
            ada, token = await join(server, code, "t1", "mlops", "Ada")
            app = console(server, tmp_path, code, created["facilitator_token"])
            async with app.run_test(size=SIZE) as pilot:
                await wait_until(pilot, lambda: app.presence == {("t1", "mlops")},
                                 what="Ada connected")
                await wait_until(pilot, lambda: "MP·" in overview_row(app, "t1"),
                                 what="Ada's seat in the overview")
                assert "DROPPED" not in overview_row(app, "t1")
                await ada.close()  # her laptop goes to sleep
                await wait_until(pilot, lambda: "M✗·" in overview_row(app, "t1"),
                                 what="the dropped seat in the overview")
                assert "▲DROPPED" in overview_row(app, "t1")
                assert "▲ Red" in overview_row(app, "t1")  # the team stands out
                notes = widget_text(app.screen.query_one("#overview-alerts"))
                assert "Ada (MLOps) not connected" in notes
                assert any("Ada (MLOps): ✗ DROPPED" in line for line in app.event_log)
                assert "DROPPED" not in overview_row(app, "t2")
                await pilot.press("4")
                seats = app.screen.query_one("#seats-table", DataTable)
                await wait_until(pilot, lambda: seats.row_count == 6, what="the seats")
                await wait_until(pilot, lambda: "✗ DROPPED" in str(seats.get_row("t1:mlops")),
                                 what="the seats table")
                # She comes back: the flag goes.
                again = await Connection.open(url(server))
                await again.send({"type": "resume", "token": token, "last_seq": 0})
                await wait_until(pilot, lambda: "connected" in str(seats.get_row("t1:mlops")),
                                 what="Ada back")
                await pilot.press("1")
                await wait_until(pilot, lambda: "MP·" in overview_row(app, "t1"),
                                 what="the overview without the flag")
                assert "DROPPED" not in overview_row(app, "t1")
                assert "Ada (MLOps): connected" in app.event_log[-1]
                await again.close()
    run(scenario())


def test_move_a_player_from_the_seats_tab(tmp_path: Path) -> None:
    async def scenario() -> None:
        from tests.server.harness import running_server

        async with running_server() as server:
            created = await create(server, bots="none")
            code = created["code"]
            ada, _ = await join(server, code, "t1", "mlops", "Ada")
            bo, _ = await join(server, code, "t2", "dataops", "Bo")
            app = console(server, tmp_path, code, created["facilitator_token"])
            async with app.run_test(size=SIZE) as pilot:
                await wait_until(pilot, lambda: app.view is not None, what="the first view")
                await pilot.press("4")
                seats = app.screen.query_one("#seats-table", DataTable)
                await wait_until(pilot, lambda: seats.row_count == 6, what="the seats")
                seats.focus()
                # An empty seat has nobody to move: said, and no dialog.
                seats.move_cursor(row=seats.get_row_index("t1:dataops"))
                await pilot.press("v")
                await pilot.pause()
                assert not isinstance(app.screen, MoveSeatScreen)
                # ... nor a bot of yours to hand back (the empty-seat bot is not one).
                await pilot.press("h")
                await pilot.pause()
                said = [n.message for n in app._notifications]
                assert any("No person holds Red DataOps" in m for m in said)
                assert any("Red DataOps: nothing to hand back" in m for m in said)
                seats.move_cursor(row=seats.get_row_index("t1:mlops"))
                await pilot.press("v")
                await wait_until(pilot, lambda: isinstance(app.screen, MoveSeatScreen),
                                 what="the move dialog")
                options = app.screen.query_one("#move-targets", OptionList)
                ids = [options.get_option_at_index(n).id for n in range(options.option_count)]
                # Only seats no person holds are offered.
                assert "t2:dataops" not in ids and "t1:mlops" not in ids
                assert "t2:finops" in ids and "t1:dataops" in ids
                options.highlighted = ids.index("t2:finops")
                await pilot.press("enter")
                await wait_until(pilot, lambda: team(app, "t2")["seats"]["finops"]["name"]
                                 == "Ada", what="the move")
                assert team(app, "t1")["seats"]["mlops"]["holder"] == "empty"
                state = await ada.until(lambda m: m["type"] == "state")
                assert state["seat"] == {"team": "t2", "role": "finops"}
                await wait_until(pilot, lambda: "Ada" in str(seats.get_row("t2:finops")),
                                 what="the seats table")
                await wait_until(pilot, lambda: app.presence is not None
                                 and ("t2", "finops") in app.presence,
                                 what="Ada connected on her new seat")
                assert "connected" in str(seats.get_row("t2:finops"))
                assert any("Ada moves from Red MLOps to Blue FinOps" in line
                           for line in app.event_log)
                assert game(app)["phase"] == "lobby"
                await ada.close()
                await bo.close()
    run(scenario())


def test_seating_a_bot_over_a_connected_player_warns_first(tmp_path: Path) -> None:
    async def scenario() -> None:
        from tests.server.harness import running_server

        async with running_server() as server:
            created = await create(server, bots="none")
            ada, _ = await join(server, created["code"], "t1", "mlops", "Ada")
            app = console(server, tmp_path, created["code"], created["facilitator_token"])
            async with app.run_test(size=SIZE) as pilot:
                await wait_until(pilot, lambda: app.presence == {("t1", "mlops")},
                                 what="Ada connected")
                await pilot.press("4")
                seats = app.screen.query_one("#seats-table", DataTable)
                await wait_until(pilot, lambda: seats.row_count == 6, what="the seats")
                seats.focus()
                seats.move_cursor(row=seats.get_row_index("t1:mlops"))
                await pilot.press("b")
                await wait_until(pilot, lambda: isinstance(app.screen, BotLevelScreen),
                                 what="the bot dialog")
                assert "Ada is connected and playing this seat" in widget_text(
                    app.screen.query_one(".dialog-warning"))
                await pilot.press("escape")
                seats.move_cursor(row=seats.get_row_index("t1:dataops"))  # nobody there
                await pilot.press("b")
                await wait_until(pilot, lambda: isinstance(app.screen, BotLevelScreen),
                                 what="the bot dialog")
                assert not app.screen.query(".dialog-warning")
            await ada.close()
    run(scenario())
