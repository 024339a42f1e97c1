"""Game records: scenario, seed, settings and the ordered accepted commands.

Replaying a record through `apply` rebuilds the exact state; saving, reports and replays all
use this one format. `FORMAT_VERSION` changes whenever an old record could replay differently.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from triops.game.model.codec import DecodeError, from_plain, to_plain
from triops.game.model.commands import Actor, Command, decode_actor, decode_command, encode_command
from triops.game.model.events import Event
from triops.game.model.state import GameSettings, GameState
from triops.game.rules.new_game import new_game
from triops.game.rules.reducer import apply
from triops.game.scenario.model import Scenario

FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class GameRecord:
    scenario_id: str
    scenario_digest: str
    settings: GameSettings
    entries: tuple[tuple[Actor, Command], ...] = field(default_factory=tuple)
    format_version: int = FORMAT_VERSION

    def with_entry(self, actor: Actor, command: Command) -> GameRecord:
        return GameRecord(self.scenario_id, self.scenario_digest, self.settings,
                          (*self.entries, (actor, command)), self.format_version)


class RecordError(ValueError):
    """A record that cannot be replayed: wrong version, other scenario, or a bad entry."""


def start_record(scenario: Scenario, settings: GameSettings) -> GameRecord:
    return GameRecord(scenario.id, scenario.digest, settings)


def replay(record: GameRecord, scenario: Scenario) -> GameState:
    """Rebuild the state by applying every recorded command in order."""
    if record.format_version != FORMAT_VERSION:
        raise RecordError(f"record format {record.format_version}; this engine reads "
                          f"{FORMAT_VERSION}")
    if record.scenario_id != scenario.id or record.scenario_digest != scenario.digest:
        raise RecordError(f"the record was made with scenario {record.scenario_id} "
                          f"({record.scenario_digest}); this is {scenario.id} ({scenario.digest})")
    state = new_game(scenario, record.settings)
    for actor, command in record.entries:
        state, _ = apply(state, actor, command)
    return state


def play(
    state: GameState, record: GameRecord, actor: Actor, command: Command
) -> tuple[GameState, GameRecord, list[Event]]:
    """Apply a command and, if accepted, append it to the record."""
    state, events = apply(state, actor, command)
    return state, record.with_entry(actor, command), events


def record_to_plain(record: GameRecord) -> dict[str, Any]:
    return {
        "format_version": record.format_version,
        "scenario_id": record.scenario_id,
        "scenario_digest": record.scenario_digest,
        "settings": to_plain(record.settings),
        "entries": [{"actor": to_plain(a), "command": encode_command(c)}
                    for a, c in record.entries],
    }


def record_from_plain(data: Any) -> GameRecord:
    if not isinstance(data, dict):
        raise RecordError("a record is a map")
    try:
        entries = tuple(
            (decode_actor(e["actor"]), decode_command(e["command"]))
            for e in data.get("entries", [])
        )
        return GameRecord(
            scenario_id=str(data["scenario_id"]),
            scenario_digest=str(data["scenario_digest"]),
            settings=from_plain(GameSettings, data["settings"], "settings"),
            entries=entries,
            format_version=int(data.get("format_version", 0)),
        )
    except (KeyError, TypeError, DecodeError) as err:
        raise RecordError(f"malformed record: {err}") from err


def replay_plain(record: Any, scenario: Any) -> GameState:
    """The game a `record` reply describes (the record and its scenario as plain data), as
    the server played it: what the console and solo write the reports from."""
    try:
        found = from_plain(Scenario, scenario, "scenario")
    except DecodeError as err:
        raise RecordError(f"malformed scenario: {err}") from err
    return replay(record_from_plain(record), found)


def state_digest(state: GameState) -> str:
    """A fingerprint of the whole state, for golden tests and recovery checks."""
    text = json.dumps(to_plain(state), sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()
