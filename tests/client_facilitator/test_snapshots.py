"""Snapshots of the main screens: the overview, a team's drill-down, the injects panel, the
levels at the end, and the projector mid-game and at the podium.

Views come from a recorded game (game_record.json, replayed through the engine: no bots, no
clocks) and the apps get a fixed time, so nothing on screen depends on the wall clock, the
network or the bots' current tactics. When the rules or the scenario change on purpose,
regenerate: `python -m tests.client_facilitator.helpers`, then `pytest
tests/client_facilitator/test_snapshots.py --snapshot-update`, and look at the new SVGs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.client_facilitator.helpers import (
    FIXED_NOW,
    OfflineLink,
    ended,
    facilitator_frame,
    played,
    spectator_frame,
    wait_until,
)
from triops.client.facilitator.app import FacilitatorApp, ServerFrame
from triops.client.facilitator.sessions import Sessions
from triops.client.projector.app import ProjectorApp, SpectatorFrame
from triops.game.model.state import GameState

CONSOLE = (150, 45)
PROJECTOR = (160, 48)


def console(tmp_path: Path) -> FacilitatorApp:
    app = FacilitatorApp("ws://snapshot.invalid", code="K7MQ2P", token="token",
                         sessions=Sessions(tmp_path), clock=lambda: FIXED_NOW,
                         link=OfflineLink("ws://snapshot.invalid"))
    app.seed = 7
    app.empty_level = "competent"
    return app


def fed(app: FacilitatorApp, state: GameState, *keys: str) -> Any:
    async def before(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: app.link_state == "connected", what="the link")
        app.post_message(ServerFrame(facilitator_frame(state)))
        await wait_until(pilot, lambda: app.view is not None, what="the view")
        for key in keys:
            await pilot.press(key)
        await pilot.pause(0.2)
        await pilot.wait_for_scheduled_animations()
    return before


def test_overview(snap_compare: Any, tmp_path: Path) -> None:
    app = console(tmp_path)
    assert snap_compare(app, terminal_size=CONSOLE, run_before=fed(app, played(3)))


def test_team_drill_down(snap_compare: Any, tmp_path: Path) -> None:
    app = console(tmp_path)
    assert snap_compare(app, terminal_size=CONSOLE, run_before=fed(app, played(3), "2"))


def test_injects_panel(snap_compare: Any, tmp_path: Path) -> None:
    app = console(tmp_path)
    assert snap_compare(app, terminal_size=CONSOLE, run_before=fed(app, played(3), "3"))


def test_levels_at_the_end(snap_compare: Any, tmp_path: Path) -> None:
    app = console(tmp_path)
    assert snap_compare(app, terminal_size=CONSOLE, run_before=fed(app, ended(), "5"))


def projector(state: GameState) -> tuple[ProjectorApp, Any]:
    app = ProjectorApp("ws://snapshot.invalid", "K7MQ2P", clock=lambda: FIXED_NOW,
                       link=OfflineLink("ws://snapshot.invalid"))

    async def before(pilot: Pilot[Any]) -> None:
        app.link_state = "connected"
        app.post_message(SpectatorFrame(spectator_frame(state)))
        await wait_until(pilot, lambda: app.view is not None, what="the view")
        await pilot.pause(0.3)  # the cards are mounted, then drawn

    return app, before


def test_projector_mid_game(snap_compare: Any) -> None:
    app, before = projector(played(3))
    assert snap_compare(app, terminal_size=PROJECTOR, run_before=before)


def test_projector_podium(snap_compare: Any) -> None:
    app, before = projector(ended())
    assert snap_compare(app, terminal_size=PROJECTOR, run_before=before)
