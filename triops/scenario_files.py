"""Finding and reading scenario files: the file-system side of `game.scenario`."""

from __future__ import annotations

import tomllib
from pathlib import Path

from game.scenario import ScenarioError, ScenarioIssue, load_scenario
from game.scenario_model import Scenario

SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"


def scenario_paths(directory: Path = SCENARIO_DIR) -> list[Path]:
    return sorted(directory.glob("*.toml"))


def read_scenario(path: Path | str) -> Scenario:
    """Parse and validate one file; ScenarioError names the file for every problem."""
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
    """A scenario by id (e.g. retail-novice) or by path."""
    path = Path(name)
    if path.suffix == ".toml" or path.exists():
        return read_scenario(path)
    for candidate in scenario_paths():
        if candidate.stem == name:
            return read_scenario(candidate)
    known = ", ".join(p.stem for p in scenario_paths())
    raise ScenarioError([ScenarioIssue(name, "(id)", f"a scenario id ({known}) or a path",
                                       f'"{name}"')])


def load_all_scenarios(directory: Path = SCENARIO_DIR) -> dict[str, Scenario]:
    """Every valid scenario by id; an invalid file is reported by `scenario validate`."""
    out: dict[str, Scenario] = {}
    for path in scenario_paths(directory):
        try:
            scenario = read_scenario(path)
        except ScenarioError:
            continue
        out[scenario.id] = scenario
    return out
