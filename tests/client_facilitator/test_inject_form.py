"""The console at 80×24: the custom-inject form fits, says its targets in words and disables
the fields an effect does not use; the command palette has "Next quarter"."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select, SelectionList

from tests.client_facilitator.helpers import run, wait_until
from tests.client_facilitator.test_console import console, create, game
from tests.server.harness import running_server
from triops.client.facilitator.modals import CustomInjectScreen


def test_the_custom_inject_form_fits_80_by_24_and_marks_targets_in_words(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_server() as server:
            created = await create(server, bots="none")
            app = console(server, tmp_path, created["code"], created["facilitator_token"])
            async with app.run_test(size=(80, 24)) as pilot:
                await wait_until(pilot, lambda: app.view is not None, what="the first view")
                titles = [c.title for c in app.get_system_commands(app.screen)]
                assert "Next quarter" in titles

                await pilot.press("s")
                await wait_until(pilot, lambda: game(app)["phase"] == "planning",
                                 what="the start")
                await pilot.press("3")
                targets = app.screen.query_one("#targets", SelectionList)
                await wait_until(pilot, lambda: targets.option_count == 2, what="the teams")
                targets.select("t1")
                await pilot.pause()
                assert "✓ Red (target)" in str(targets.get_option_at_index(0).prompt)
                assert "target" not in str(targets.get_option_at_index(1).prompt)

                await pilot.press("c")
                await wait_until(pilot, lambda: isinstance(app.screen, CustomInjectScreen),
                                 what="the custom inject dialog")
                dialog = app.screen
                box = dialog.query_one(".dialog").region
                assert box.right <= 80, box  # the whole form is on screen
                custom = dialog.query_one("#custom-targets", SelectionList)
                assert "✓ Red (target)" in str(custom.get_option_at_index(0).prompt)

                # no effect chosen: nothing else in the row takes input
                assert dialog.query_one("#effect-value-0", Input).disabled
                assert dialog.query_one("#effect-metric-0", Select).disabled
                dialog.query_one("#effect-kind-0", Select).value = "budget"
                await pilot.pause()
                assert not dialog.query_one("#effect-value-0", Input).disabled
                assert dialog.query_one("#effect-metric-0", Select).disabled
                assert dialog.query_one("#effect-quarters-0", Input).disabled
                # an incident: the picker takes the row, wide enough for the titles
                dialog.query_one("#effect-kind-1", Select).value = "incident"
                await pilot.pause()
                picker = dialog.query_one("#effect-incident-1", Select)
                assert picker.display and not picker.disabled
                assert not dialog.query_one("#effect-metric-1", Select).display
                assert picker.region.width >= 40, picker.region

                # a value left blank is caught in the form, which keeps what was typed
                dialog.query_one("#effect-kind-1", Select).value = ""
                dialog.query_one("#custom-title", Input).value = "Store POS outage"
                dialog.query_one("#custom-narrative", Input).value = "Tills are down."
                await pilot.press("ctrl+s")
                await pilot.pause()
                assert app.screen is dialog
                assert "Effect 1: enter a value" in str(
                    dialog.query_one("#custom-error").render())
                assert dialog.query_one("#custom-title", Input).value == "Store POS outage"
    run(scenario())
