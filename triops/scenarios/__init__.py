"""The scenario library: the shipped scenarios beside this file, a facilitator's own in a
per-user folder, and reading either (the file-system side of `triops.game.scenario.loader`).

The shipped files are package data, found through importlib.resources, so an installed
TriOps finds them wherever it is installed. A facilitator's own scenarios go in
`user_dir()` (`~/.local/share/triops/scenarios`, or under $XDG_DATA_HOME), or anywhere as a
path. A file of yours named like a shipped one is not used: recorded games name scenarios by
id, and replaying them must find the scenario they were played with.
"""

from __future__ import annotations

import tomllib
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from triops.game.scenario.loader import ScenarioError, ScenarioIssue, load_scenario
from triops.game.scenario.model import Scenario
from triops.paths import data_dir

SCENARIO_DIR: Traversable = files(__name__)


def user_dir() -> Path:
    """Where a facilitator's own scenario files are listed from."""
    return data_dir() / "scenarios"


def shipped_paths() -> list[Traversable]:
    return sorted((p for p in SCENARIO_DIR.iterdir() if p.name.endswith(".toml")),
                  key=lambda p: p.name)


def user_paths(directory: Path | None = None) -> list[Path]:
    """The facilitator's own files, less any named like a shipped one (see `shadowed`)."""
    shipped = {p.name for p in shipped_paths()}
    return [p for p in _toml_in(directory or user_dir()) if p.name not in shipped]


def shadowed(directory: Path | None = None) -> list[Path]:
    """The facilitator's files that a shipped scenario of the same name hides."""
    shipped = {p.name for p in shipped_paths()}
    return [p for p in _toml_in(directory or user_dir()) if p.name in shipped]


def scenario_paths() -> list[Traversable]:
    """Every scenario file a game can be started with: shipped first, then the user's."""
    return [*shipped_paths(), *user_paths()]


def _toml_in(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.toml")) if directory.is_dir() else []


def stem(path: Traversable) -> str:
    return path.name.removesuffix(".toml")


def read_scenario(path: Traversable | str) -> Scenario:
    """Parse and validate one file; ScenarioError names the file for every problem."""
    if isinstance(path, str):
        path = Path(path)
    source = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScenarioError(
            [ScenarioIssue(source, "(file)", "a scenario file", "no such file")]
        ) from None
    except UnicodeDecodeError as err:
        raise ScenarioError([ScenarioIssue(source, "(file)", "UTF-8 text", str(err))]) from err
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError([ScenarioIssue(source, "(syntax)", "valid TOML", str(err))]) from err
    return load_scenario(data, source)


def find_scenario(name: str) -> Scenario:
    """A scenario by id (e.g. retail-novice, or one of the user's) or by path."""
    path = Path(name)
    if path.suffix == ".toml" or path.exists():
        return read_scenario(path)
    for candidate in scenario_paths():
        if stem(candidate) == name:
            return read_scenario(candidate)
    known = ", ".join(stem(p) for p in scenario_paths())
    raise ScenarioError([ScenarioIssue(name, "(id)", f"a scenario id ({known}) or a path",
                                       f'"{name}"')])


def load_all_scenarios() -> dict[str, Scenario]:
    """Every valid scenario by id; an invalid file is reported by `scenario validate`."""
    out: dict[str, Scenario] = {}
    for path in scenario_paths():
        try:
            scenario = read_scenario(path)
        except ScenarioError:
            continue
        out[scenario.id] = scenario
    return out
