"""Shared builders for engine tests: real scenarios, real `apply`, no mocks."""

from __future__ import annotations

import copy
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from triops.game.model.commands import FACILITATOR, Actor, Advance, Command, ForceResolve, StartGame
from triops.game.model.state import GameSettings, GameState
from triops.game.rules.new_game import new_game
from triops.game.rules.reducer import apply
from triops.game.scenario.loader import load_scenario
from triops.game.scenario.model import Scenario

ROOT = Path(__file__).resolve().parents[2]
RETAIL = ROOT / "triops" / "scenarios" / "retail-novice.toml"


@cache
def retail_data() -> dict[str, Any]:
    return tomllib.loads(RETAIL.read_text(encoding="utf-8"))


@cache
def retail() -> Scenario:
    return load_scenario(retail_data(), str(RETAIL))


def scripted_data(schedule: dict[str, list[int]] | None = None) -> dict[str, Any]:
    """The retail scenario with no random incidents: only the ones scheduled here open."""
    data = copy.deepcopy(retail_data())
    schedule = schedule or {}
    for incident in data["incidents"]:
        incident["probability"] = 0.0
        incident["scheduled"] = schedule.get(incident["id"], [])
    data["injects"] = [i for i in data.get("injects", []) if "scheduled" not in i]
    return data


@cache
def _scripted(key: tuple[tuple[str, tuple[int, ...]], ...]) -> Scenario:
    return load_scenario(scripted_data({k: list(v) for k, v in key}), "scripted.toml")


def scripted(**schedule: list[int]) -> Scenario:
    return _scripted(tuple(sorted((k, tuple(v)) for k, v in schedule.items())))


def seat(role: str, team: str = "t1") -> Actor:
    return Actor.seat(team, role)


def do(state: GameState, actor: Actor, command: Command) -> GameState:
    return apply(state, actor, command)[0]


def started(scenario: Scenario, teams: tuple[str, ...] = ("Alpha",), seed: int = 1,
            difficulty: str = "") -> GameState:
    state = new_game(scenario, GameSettings(seed=seed, team_names=teams, difficulty=difficulty))
    return do(state, FACILITATOR, StartGame())


def to_quarter(state: GameState, quarter: int) -> GameState:
    """Resolve and advance (doing nothing) until the planning phase of `quarter`."""
    while not (state.phase == "planning" and state.quarter == quarter):
        if state.phase == "planning":
            state = do(state, FACILITATOR, ForceResolve())
        else:
            state = do(state, FACILITATOR, Advance())
    return state


def resolve(state: GameState) -> GameState:
    return do(state, FACILITATOR, ForceResolve())


def report(state: GameState, team: str = "t1", quarter: int | None = None) -> list[dict[str, Any]]:
    q = state.quarter if quarter is None else quarter
    return list(state.team(team).reports.get(q, ()))
