"""Shared pieces for the console and projector tests: real servers, real apps, no sleeping
for luck (every wait polls for what a person would see)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Coroutine
from functools import cache
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from triops.client.link import Link
from triops.game.bots.driver import bot_game
from triops.game.model.commands import Actor, Command
from triops.game.model.state import GameSettings, GameState
from triops.game.record import record_from_plain, record_to_plain
from triops.game.rules.new_game import new_game
from triops.game.rules.reducer import apply
from triops.game.scenario.model import Scenario
from triops.game.views import facilitator_view, spectator_view
from triops.protocol import decode_server_frame, encode
from triops.scenarios import load_all_scenarios

FIXED_NOW = 1_800_000_000.0


def run(coro: Coroutine[Any, Any, Any], timeout: float = 120) -> Any:
    return asyncio.run(asyncio.wait_for(coro, timeout))


async def wait_until(pilot: Pilot[Any], check: Callable[[], bool], timeout: float = 15.0,
                     what: str = "the screen to change") -> None:
    """Let the app run until `check()` holds (or fail, saying what never happened)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        if loop.time() > deadline:
            notes = list(getattr(pilot.app, "event_log", []))[-6:]
            notes.append(str(getattr(pilot.app, "link_state", "")))
            view = getattr(pilot.app, "view", None) or {}
            notes.append(str(view.get("game")))
            raise AssertionError(f"timed out waiting for {what} (recently: {notes})")
        await pilot.pause(0.05)


@cache
def scenario(ident: str = "retail-novice") -> Scenario:
    return load_all_scenarios()[ident]


RECORD = Path(__file__).with_name("game_record.json")
RECORD_SEED = 11


def make_record() -> None:
    """Write the game the snapshot tests replay: two bot teams, competent and novice.

    Bots change as they improve, so the snapshots replay this record (commands only) instead
    of asking the bots again. Regenerate it when the rules change under it:
    `python -m tests.client_facilitator.helpers`.
    """
    table = bot_game(scenario(), GameSettings(seed=RECORD_SEED, team_names=("Red", "Blue")),
                     {"t1": "competent", "t2": "novice"})
    table.play_to_end()
    RECORD.write_text(json.dumps(record_to_plain(table.record), indent=0) + "\n",
                      encoding="utf-8")


@cache
def _entries() -> tuple[GameSettings, tuple[tuple[Actor, Command], ...]]:
    record = record_from_plain(json.loads(RECORD.read_text(encoding="utf-8")))
    return record.settings, record.entries


def replayed(stop: Callable[[GameState], bool]) -> GameState:
    settings, entries = _entries()
    state = new_game(scenario(), settings)
    for actor, command in entries:
        if stop(state):
            break
        state, _ = apply(state, actor, command)
    return state


@cache
def played(quarters: int) -> GameState:
    """The recorded game at the start of planning in quarter `quarters + 1`."""
    return replayed(lambda s: s.quarter == quarters + 1 and s.phase == "planning")


@cache
def ended() -> GameState:
    """The recorded game, played to the end."""
    return replayed(lambda s: False)


def wire(view: dict[str, Any]) -> dict[str, Any]:
    """A view as a client receives it: through msgpack, tuples become lists."""
    frame: dict[str, Any] = decode_server_frame(encode({"type": "state", "view": view}))
    return dict(frame["view"])


def facilitator_frame(state: GameState) -> dict[str, Any]:
    return {"type": "state", "seq": state.version, "reset": True,
            "view": wire(facilitator_view(state)), "as": "facilitator"}


def spectator_frame(state: GameState) -> dict[str, Any]:
    return {"type": "state", "seq": state.version, "reset": True,
            "view": wire(spectator_view(state)), "as": "spectator"}


class OfflineLink(Link):
    """A link that never touches the network: snapshot tests feed views by hand."""

    async def reach(self, every: float = 2.0) -> None:
        return None

    async def run(self) -> str:
        await asyncio.Event().wait()
        return "closed"

    async def attach(self, message: dict[str, Any], timeout: float = 10.0) -> dict[str, Any]:
        return {}


def screen_text(app: Any) -> str:
    """Everything on the screen now, as plain text (what a person would read)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def widget_text(widget: Any) -> str:
    from textual.geometry import Region

    size = widget.size
    return "\n".join(s.text for s in widget.render_lines(Region(0, 0, size.width, size.height)))


if __name__ == "__main__":
    make_record()
    print(f"wrote {RECORD}")
