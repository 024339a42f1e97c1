"""Snapshots of the player's main screens: a real server, a fixed seed, a frozen clock.

Each test starts a server inside the app's own loop (snap_compare runs the app itself),
plays the game to the moment shown, clears the toasts, and compares the screen with the
SVG stored in __snapshots__. Empty seats have no bots, and the scenario is pinned
(tests/client/fixtures), so the pictures depend on the client, the rules and the seed only,
not on how the bots happen to talk this week. Update with
`pytest tests/client --snapshot-update` after checking the report.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from tests.client.live import FROZEN_NOW, SCENARIO, LiveApp, LiveGame, wait_until
from triops.client.common.countdown import Countdown
from triops.client.player import JoinRequest, PlayerApp, TokenStore
from triops.scenarios import read_scenario

SIZE = (100, 30)
Step = Callable[[Pilot[Any], LiveApp], Awaitable[None]]


async def settle_screen(pilot: Pilot[Any]) -> None:
    await pilot.pause(0.1)
    pilot.app.clear_notifications()
    for field in pilot.app.query(Input):
        field.cursor_blink = False
    await pilot.pause()


async def act(app: LiveApp, command: dict[str, Any]) -> None:
    """Send a command as this seat, straight through the app's link, and wait for it."""
    assert app.link is not None
    action = app.link.queue(command, "test")
    for _ in range(500):
        if action not in app.link.pending:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"no answer to {command}")


ROADMAP = [
    {"initiative": "I1", "level": "crawl", "quarter": 1, "owner": "finops",
     "kpi_metric": "cost_efficiency", "kpi_target": 47, "goal": "cost"},
    {"initiative": "I7", "level": "crawl", "quarter": 1, "owner": "mlops",
     "kpi_metric": "governance", "kpi_target": 45, "goal": ""},
    {"initiative": "I5", "level": "crawl", "quarter": 1, "owner": "dataops",
     "kpi_metric": "data_trust", "kpi_target": 50, "goal": "trust"},
    {"initiative": "I9", "level": "crawl", "quarter": 2, "owner": "mlops",
     "kpi_metric": "model_reliability", "kpi_target": 53, "goal": "reliability"},
]
CHARTER = {"members": ["dataops_lead", "mlops_lead", "finops_lead", "executive_sponsor"],
           "chair": "executive_sponsor", "cadence": "monthly",
           "decision_rights": ["block_kill", "budget_pooling"], "risk_tiering": True,
           "escalation": ["mlops_lead", "executive_sponsor"], "decision_log": True,
           "accountable": {"model_kill_rollback": "mlops_lead"}, "frameworks": [],
           "purpose": "Approve, pause and review AI systems."}


async def setup_phase(pilot: Pilot[Any], app: LiveApp) -> None:
    """Setup (Q0) with a roadmap, a charter, a standard and a chat line drafted."""
    game = app.game
    await wait_until(pilot, lambda: app.view, what="the first view")
    await game.fac_act({"type": "start_game"})
    await wait_until(pilot, lambda: app.view["game"]["phase"] == "planning")
    await act(app, {"type": "set_roadmap", "entries": ROADMAP})
    await act(app, {"type": "set_charter", "charter": CHARTER})
    await act(app, {"type": "propose_standard", "standard": "odcs", "owner": "dataops",
                    "mechanism": "policy", "kpi": "Contract coverage % of critical feeds"})
    await act(app, {"type": "chat", "text": "I drafted the roadmap; have a look (5)."})
    await wait_until(pilot, lambda: app.view["team"]["chat"] and app.view["team"]["roadmap"])


async def quarter_one(pilot: Pilot[Any], app: LiveApp) -> None:
    """Quarter 1 planning: an incident is open and nothing is decided yet."""
    await setup_phase(pilot, app)
    await act(app, {"type": "ready", "ready": True})
    await app.game.fac_act({"type": "force_resolve"})
    await app.game.to_phase("review", 0)
    await app.game.fac_act({"type": "advance"})
    await wait_until(pilot, lambda: app.view["game"]["quarter"] == 1
                     and app.view["team"]["incidents"])


async def quarter_one_resolved(pilot: Pilot[Any], app: LiveApp) -> None:
    """Quarter 1 reviewed after a diagnosis, a response and a pledge."""
    await quarter_one(pilot, app)
    incident = app.view["team"]["incidents"][0]
    # The first plan listed treats this seed's true cause; a plan for a cause needs that
    # cause diagnosed first, so the team diagnoses the cause it treats.
    plan = incident["responses"][0]["id"]
    spec = read_scenario(SCENARIO).incidents[incident["id"].split("@")[0]]
    cause = next(r.fits[0] for r in spec.responses if r.id == plan)
    await act(app, {"type": "diagnose", "incident": incident["id"], "diagnosis": cause})
    await act(app, {"type": "respond", "incident": incident["id"], "response": plan})
    await act(app, {"type": "pledge", "initiative": "I5", "amount": 6})
    await act(app, {"type": "ready", "ready": True})
    await app.game.fac_act({"type": "force_resolve"})
    await wait_until(pilot, lambda: app.view["game"]["phase"] == "review")


def live(tmp_path: Path, step: Step, keys: tuple[str, ...] = (), **game: Any
         ) -> tuple[LiveApp, Callable[[Pilot[Any]], Awaitable[None]]]:
    app = LiveApp(LiveGame(**{"bots": "none", **game}), TokenStore(tmp_path / "player.json"))

    async def run_before(pilot: Pilot[Any]) -> None:
        await step(pilot, app)
        await settle_screen(pilot)  # toasts cleared before a dialog covers the screen
        for key in keys:
            await pilot.press(key)
        await settle_screen(pilot)
    return app, run_before


def test_brief_in_setup_with_a_frozen_clock(snap_compare: Any, tmp_path: Path) -> None:
    now = {"t": FROZEN_NOW}
    app = LiveApp(LiveGame(bots="none", clock={"setup_seconds": 600}),
                  TokenStore(tmp_path / "p.json"),
                  clock=lambda: now["t"])

    async def run_before(pilot: Pilot[Any]) -> None:
        await setup_phase(pilot, app)
        # The countdown reads the server's time: the frozen clock plus the offset the link
        # measured from the server's `now`.
        assert app.link is not None
        now["t"] = float(app.view["game"]["deadline"]) - 272.4 - app.link.offset
        app.main.query_one(Countdown).tick()
        await settle_screen(pilot)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_incidents(snap_compare: Any, tmp_path: Path) -> None:
    app, before = live(tmp_path, quarter_one, ("2",))
    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_initiatives(snap_compare: Any, tmp_path: Path) -> None:
    app, before = live(tmp_path, quarter_one, ("3",))
    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_budget(snap_compare: Any, tmp_path: Path) -> None:
    app, before = live(tmp_path, quarter_one, ("4",))
    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_roadmap_editor(snap_compare: Any, tmp_path: Path) -> None:
    app, before = live(tmp_path, setup_phase, ("5",))
    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_charter_builder(snap_compare: Any, tmp_path: Path) -> None:
    app, before = live(tmp_path, setup_phase, ("5", "right_square_bracket"))
    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_ready_shows_what_will_be_committed(snap_compare: Any, tmp_path: Path) -> None:
    app, before = live(tmp_path, quarter_one, ("r",))
    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_quarter_report(snap_compare: Any, tmp_path: Path) -> None:
    app, before = live(tmp_path, quarter_one_resolved)
    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_leaderboard(snap_compare: Any, tmp_path: Path) -> None:
    app, before = live(tmp_path, quarter_one_resolved, ("7",), teams=("Red", "Blue"))
    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_end_of_game(snap_compare: Any, tmp_path: Path) -> None:
    async def ended(pilot: Pilot[Any], app: LiveApp) -> None:
        await quarter_one_resolved(pilot, app)
        await pilot.pause(0.3)
        await settle_screen(pilot)  # no toast left under the end screen
        await app.game.fac_act({"type": "end_game"})
        await wait_until(pilot, lambda: app.view["game"]["phase"] == "ended")
    app, before = live(tmp_path, ended)
    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_incidents_on_a_large_terminal(snap_compare: Any, tmp_path: Path) -> None:
    app, before = live(tmp_path, quarter_one, ("2",))
    assert snap_compare(app, terminal_size=(150, 44), run_before=before)


def test_help_lists_every_key(snap_compare: Any, tmp_path: Path) -> None:
    app, before = live(tmp_path, setup_phase, ("question_mark",))
    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_join_screen(snap_compare: Any, tmp_path: Path) -> None:
    store = TokenStore(tmp_path / "player.json")
    store.remember(JoinRequest("ws://10.0.0.5:8765", "K7MQ2P", "Red", "mlops", "Ada"))

    async def never(url: str) -> Any:
        raise AssertionError("the join screen must not connect by itself")
    app = PlayerApp(connect=never, token_store=store, clock=lambda: FROZEN_NOW)

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle_screen(pilot)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
